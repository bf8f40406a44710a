/*
 * search.c - from parsed query to hits with snippets (see search.h).
 */
#include "search.h"

#include "buf.h"
#include "error.h"
#include "segment.h"
#include "shards.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct sw_searcher {
    sw_index *index;    /* Xapian, read-only: every shard of every index searched */
    sw_segmenter *seg;  /* query words and snippets */
    sw_snipper *snip;   /* snippet scratch */
};

static int is_remote(const char *spec) { return strncmp(spec, "tcp://", 6) == 0; }

/* Adds the shards of index folder `dir` to specs[*n..). */
static int add_folder(const char *dir, char **specs, size_t *n, char **errmsg) {
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return sw_error(errmsg, SW_ENOTFOUND, "no index at '%s' (create one with souwen-index)",
                        dir);
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/souwen.sqlite", dir);
    int rc = 0;
    if (stat(sw_buf_str(&p), &st) != 0)
        rc = sw_error(errmsg, SW_ENOTFOUND, "'%s' is not a souwen index (no souwen.sqlite)", dir);
    sw_buf_release(&p);
    return rc ? rc : sw_shards_paths(dir, specs, n, SW_SEARCH_MAX_DBS, errmsg);
}

/* Gathers the databases of dbs[0..ndbs) into specs[0..*n) (owned by the caller). */
static int gather(const char *const *dbs, size_t ndbs, char **specs, size_t *n, char **errmsg) {
    int rc = 0;
    *n = 0;
    for (size_t i = 0; i < ndbs && !rc; i++) {
        if (!is_remote(dbs[i]))
            rc = add_folder(dbs[i], specs, n, errmsg);
        else if (*n == SW_SEARCH_MAX_DBS)
            rc = sw_error(errmsg, SW_EUSAGE, "more than %d databases to search",
                          SW_SEARCH_MAX_DBS);
        else if (!(specs[*n] = strdup(dbs[i])))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        else
            (*n)++;
    }
    return rc;
}

static void free_specs(char **specs, size_t n) {
    for (size_t i = 0; i < n; i++)
        free(specs[i]);
}

/* Whether the layouts of dbs now name other databases than specs[0..n). */
static int layout_changed(const char *const *dbs, size_t ndbs, char *const *specs, size_t n) {
    char *now[SW_SEARCH_MAX_DBS] = {NULL};
    size_t m = 0;
    int changed = gather(dbs, ndbs, now, &m, NULL) == 0 && m != n;
    for (size_t i = 0; i < m && i < n && !changed; i++)
        changed = strcmp(now[i], specs[i]) != 0;
    free_specs(now, m);
    return changed;
}

#define OPEN_ATTEMPTS 3

int sw_searcher_open(const char *const *dbs, size_t ndbs, sw_searcher **out, char **errmsg) {
    sw_searcher *s = calloc(1, sizeof(*s));
    if (!s)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    int rc = 0;
    /*
     * A --compact or --rebuild that swaps a folder's layout after we read it removes the
     * shards it named, maybe while we open them: the new layout is read and opened instead.
     */
    for (int attempt = 1;; attempt++) {
        char *specs[SW_SEARCH_MAX_DBS] = {NULL};
        size_t n = 0;
        rc = gather(dbs, ndbs, specs, &n, errmsg);
        if (!rc)
            rc = sw_index_open_many((const char *const *)specs, n, &s->index, errmsg);
        int again = rc == SW_EINDEX && attempt < OPEN_ATTEMPTS &&
                    layout_changed(dbs, ndbs, specs, n);
        free_specs(specs, n);
        if (!again)
            break;
    }
    if (!rc && errmsg) { /* the message of an attempt that was retried */
        free(*errmsg);
        *errmsg = NULL;
    }
    if (!rc)
        rc = sw_segmenter_new(&s->seg, errmsg);
    if (!rc && sw_snipper_new(s->seg, &s->snip))
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    if (rc) {
        sw_searcher_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void sw_searcher_close(sw_searcher *s) {
    if (!s)
        return;
    sw_index_close(s->index);
    sw_snipper_free(s->snip);
    sw_segmenter_free(s->seg);
    free(s);
}

#define PAIR_WEIGHT 0.5 /* a match of character pairs only, against a match of words */
#define MAX_UNITS 64     /* query units that snippets weigh (more are still searched) */
#define MAX_TOKENS 256   /* tokens of one query word or phrase taken into account */
#define MAX_QUERY_TOKENS 1024 /* tokens of a whole query: Xapian slows down past this */

/* One token of a query word, as the segmenter gave it. */
typedef struct qtok {
    char *term;        /* normalized, owned */
    size_t start, end; /* bytes in the word */
    int han;           /* a Chinese token */
} qtok;

/* Query construction state. */
typedef struct qctx {
    sw_searcher *s;
    const sw_search_opts *o;
    char **errmsg;
    int rc;                      /* sticky error */
    int positive;                /* set when some positive word was built */
    char *unit[MAX_UNITS];       /* distinct highlighted tokens (owned) */
    double weight[MAX_UNITS];    /* their rarity */
    size_t nunits;
    sw_pattern *pat;             /* snippet patterns; texts owned in pat_text */
    char **pat_text;
    size_t npat, pat_cap;
    qtok toks[MAX_TOKENS];       /* scratch: the current word's tokens */
    size_t ntoks;
    size_t total_tokens;         /* tokens of the whole query so far */
} qctx;

static int oom(qctx *c) {
    if (!c->rc)
        c->rc = sw_error(c->errmsg, SW_ENOMEM, "out of memory");
    return c->rc;
}

static int on_query_token(void *ctx, const char *term, size_t len, size_t start, size_t end,
                          int tflags) {
    qctx *c = ctx;
    if (c->ntoks == MAX_TOKENS)
        return 1; /* enough: stop early */
    qtok *t = &c->toks[c->ntoks];
    if (!(t->term = strndup(term, len)))
        return SW_ENOMEM;
    t->start = start;
    t->end = end;
    t->han = (tflags & SW_TOK_HAN) != 0;
    c->ntoks++;
    return 0;
}

static void clear_tokens(qctx *c) {
    for (size_t i = 0; i < c->ntoks; i++)
        free(c->toks[i].term);
    c->ntoks = 0;
}

static size_t nchars(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static size_t unit_of(qctx *c, const char *term) {
    for (size_t i = 0; i < c->nunits; i++)
        if (!strcmp(c->unit[i], term))
            return i;
    if (c->nunits == MAX_UNITS)
        return MAX_UNITS;
    if (!(c->unit[c->nunits] = strdup(term))) {
        oom(c);
        return MAX_UNITS;
    }
    c->weight[c->nunits] = sw_index_idf(c->s->index, term, strlen(term));
    return c->nunits++;
}

static void add_pattern(qctx *c, const char *text, size_t len, int substr, uint64_t units) {
    if (!units || c->rc)
        return;
    for (size_t i = 0; i < c->npat; i++)
        if (c->pat[i].len == len && !memcmp(c->pat[i].text, text, len) &&
            c->pat[i].substr == substr) {
            c->pat[i].units |= units;
            return;
        }
    if (c->npat == c->pat_cap) {
        size_t cap = c->pat_cap ? 2 * c->pat_cap : 16;
        sw_pattern *p = realloc(c->pat, cap * sizeof(*p));
        if (!p) {
            oom(c);
            return;
        }
        c->pat = p;
        char **t = realloc(c->pat_text, cap * sizeof(*t));
        if (!t) {
            oom(c);
            return;
        }
        c->pat_text = t;
        c->pat_cap = cap;
    }
    char *copy = strndup(text, len);
    if (!copy) {
        oom(c);
        return;
    }
    c->pat_text[c->npat] = copy;
    c->pat[c->npat++] = (sw_pattern){copy, len, substr, units};
}

/* Owned sub-queries of one combination, freed together. */
typedef struct qlist {
    sw_query **q;
    size_t n, cap;
} qlist;

static void qlist_free(qlist *l) {
    for (size_t i = 0; i < l->n; i++)
        sw_query_free(l->q[i]);
    free(l->q);
    memset(l, 0, sizeof(*l));
}

static int qlist_push(qctx *c, qlist *l, sw_query *q) {
    if (!q)
        return oom(c);
    sw_query **p = sw_grow(l->q, &l->cap, l->n + 1, sizeof(*p), 8);
    if (!p) {
        sw_query_free(q);
        return oom(c);
    }
    l->q = p;
    l->q[l->n++] = q;
    return 0;
}

/* op over the list (the list keeps its members); one member is returned as a copy of itself. */
static sw_query *combine(qctx *c, int op, qlist *l) {
    if (l->n == 0)
        return NULL;
    sw_query *q = sw_query_op(l->n == 1 ? SW_Q_AND : op, l->q, l->n);
    if (!q)
        oom(c);
    return q;
}

/* The end of the run of adjacent Chinese tokens starting at toks[i]. */
static size_t run_end(const qctx *c, size_t i) {
    size_t j = i + 1;
    while (j < c->ntoks && c->toks[j].han && c->toks[j].start == c->toks[j - 1].end)
        j++;
    return j;
}

/* The normalized characters of toks[i..j), joined. */
static char *run_text(qctx *c, size_t i, size_t j) {
    sw_buf b = SW_BUF_INIT;
    for (size_t k = i; k < j; k++)
        sw_buf_adds(&b, c->toks[k].term);
    if (b.oom) {
        sw_buf_release(&b);
        oom(c);
        return NULL;
    }
    return sw_buf_detach(&b, NULL);
}

/* Records the word's tokens and runs for snippets and highlights. */
static void note_highlights(qctx *c) {
    for (size_t i = 0; i < c->ntoks && !c->rc; i++) {
        size_t u = unit_of(c, c->toks[i].term);
        uint64_t bit = u < MAX_UNITS ? (uint64_t)1 << u : 0;
        int sub = c->toks[i].han && nchars(c->toks[i].term) >= 2;
        add_pattern(c, c->toks[i].term, strlen(c->toks[i].term), sub, bit);
    }
    for (size_t i = 0; i < c->ntoks && !c->rc;) {
        if (!c->toks[i].han) {
            i++;
            continue;
        }
        size_t j = run_end(c, i);
        if (j - i >= 2) {
            uint64_t bits = 0;
            for (size_t k = i; k < j; k++) {
                size_t u = unit_of(c, c->toks[k].term);
                bits |= u < MAX_UNITS ? (uint64_t)1 << u : 0;
            }
            char *r = run_text(c, i, j);
            if (r)
                add_pattern(c, r, strlen(r), 1, bits);
            free(r);
        }
        i = j;
    }
}

static const char *field_prefix(int field) {
    switch (field) {
    case SW_QF_TITLE: return SW_PREFIX_TITLE;
    case SW_QF_SOURCE: return SW_PREFIX_SOURCE;
    case SW_QF_SECTION: return SW_PREFIX_SECTION;
    default: return "";
    }
}

/* url:X - a site (host and its subdomains) or, with a '/', a URL or path prefix. */
static sw_query *build_url(qctx *c, const char *v) {
    sw_buf b = SW_BUF_INIT;
    const char *p = strstr(v, "://");
    p = p ? p + 3 : v;
    int slash = strchr(p, '/') != NULL;
    size_t host = strcspn(p, "/");
    for (size_t i = 0; p[i]; i++)
        sw_buf_addc(&b, (char)(i < host && p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]));
    sw_query *q = NULL;
    if (b.oom) {
        oom(c);
    } else if (b.len == 0) {
        c->rc = sw_error(c->errmsg, SW_EUSAGE, "url: needs a site or a URL, not '%s'", v);
        sw_buf_release(&b);
        return NULL;
    } else if (slash)
        q = sw_query_prefix(SW_PREFIX_URL, b.data, b.len);
    else
        q = sw_query_term(SW_PREFIX_HOST, b.data, b.len);
    if (!q && !c->rc)
        oom(c);
    sw_buf_release(&b);
    return q;
}

/* A word or phrase, in a field or in the free text; NULL when it has no tokens. */
static sw_query *build_text(qctx *c, const char *text, int field, int phrase, int highlight) {
    if (field == SW_QF_URL)
        return build_url(c, text);
    clear_tokens(c);
    int rc = sw_segment(c->s->seg, text, strlen(text), on_query_token, c);
    if (rc < 0) {
        c->rc = sw_error(c->errmsg, rc, "unable to segment the query: %s", sw_strerror(rc));
        return NULL;
    }
    if (c->ntoks == 0)
        return NULL;
    c->total_tokens += c->ntoks;
    if (c->total_tokens > MAX_QUERY_TOKENS) {
        c->rc = sw_error(c->errmsg, SW_EUSAGE, "the query is too long: souwen takes at most %d terms",
                         MAX_QUERY_TOKENS);
        clear_tokens(c);
        return NULL;
    }
    const char *prefix = field_prefix(field);
    int positional = field == SW_QF_ANY || field == SW_QF_TITLE;
    qlist words = {0};
    for (size_t i = 0; i < c->ntoks && !c->rc; i++)
        qlist_push(c, &words, sw_query_term(prefix, c->toks[i].term, strlen(c->toks[i].term)));
    sw_query *wq = NULL;
    if (!c->rc) {
        /* --any: any word, and any part of an unspaced word, may match (questions). */
        int join = c->o->any ? SW_Q_OR : SW_Q_AND;
        if (words.n == 1 || !positional) {
            wq = combine(c, join, &words);
        } else if (phrase) {
            wq = combine(c, SW_Q_PHRASE, &words);
        } else {
            sw_query *pair[2] = {combine(c, join, &words), combine(c, SW_Q_PHRASE, &words)};
            if (pair[0] && pair[1] && !(wq = sw_query_op(SW_Q_AND_MAYBE, pair, 2)))
                oom(c);
            sw_query_free(pair[0]);
            sw_query_free(pair[1]);
        }
    }
    qlist_free(&words);

    /* The same characters wherever they stand together: pairs, for Chinese runs. */
    sw_query *alt = NULL;
    const char *pp = field == SW_QF_TITLE ? SW_PREFIX_TITLE_PAIR : SW_PREFIX_PAIR;
    sw_query *two = NULL; /* the pair query of a single word of two Chinese characters */
    if (positional && wq && !c->rc && c->ntoks == 1 && c->toks[0].han &&
        nchars(c->toks[0].term) == 2)
        two = sw_query_pairs(pp, prefix, c->toks[0].term, strlen(c->toks[0].term));
    if (two) {
        /*
         * One word of two characters: OR(word, PAIR_WEIGHT * OR(pair, word)) below, with the
         * word's posting list read once: OR((1 + PAIR_WEIGHT) * word, PAIR_WEIGHT * pair),
         * which weighs every document the same.
         */
        sw_query_free(two);
        const char *t = c->toks[0].term;
        sw_query *w = sw_query_term(prefix, t, strlen(t));
        sw_query *p = sw_query_term(pp, t, strlen(t));
        sw_query *both[2] = {w ? sw_query_scale(w, 1 + PAIR_WEIGHT) : NULL,
                             p ? sw_query_scale(p, PAIR_WEIGHT) : NULL};
        sw_query *q = both[0] && both[1] ? sw_query_op(SW_Q_OR, both, 2) : NULL;
        for (int i = 0; i < 2; i++)
            sw_query_free(both[i]);
        sw_query_free(w);
        sw_query_free(p);
        if (q) {
            sw_query_free(wq);
            wq = q;
        } else {
            oom(c);
        }
    } else if (positional && wq && !c->rc) {
        qlist parts = {0};
        int runs = 0, whole = 0;
        for (size_t i = 0; i < c->ntoks && !c->rc;) {
            size_t j = c->toks[i].han ? run_end(c, i) : i + 1;
            char *r = run_text(c, i, j);
            sw_query *q = r && nchars(r) >= 2 ? sw_query_pairs(pp, prefix, r, strlen(r)) : NULL;
            if (q) {
                runs++;
                whole = i == 0 && j == c->ntoks && nchars(r) == 2;
                qlist_push(c, &parts, q);
            } else {
                for (size_t k = i; k < j && !c->rc; k++)
                    qlist_push(c, &parts, sw_query_term(prefix, c->toks[k].term,
                                                        strlen(c->toks[k].term)));
            }
            free(r);
            i = j;
        }
        /* Pairs carry no positions: exact for a phrase only when it is two characters. */
        if (runs && (!phrase || whole)) {
            sw_query *all = combine(c, c->o->any ? SW_Q_OR : SW_Q_AND, &parts);
            if (all && !(alt = sw_query_scale(all, PAIR_WEIGHT)))
                oom(c);
            sw_query_free(all);
        }
        qlist_free(&parts);
    }
    if (alt) {
        sw_query *pair[2] = {wq, alt};
        sw_query *both = sw_query_op(SW_Q_OR, pair, 2);
        sw_query_free(wq);
        sw_query_free(alt);
        wq = both;
        if (!wq)
            oom(c);
    }
    if (highlight && (field == SW_QF_ANY || field == SW_QF_TITLE))
        note_highlights(c);
    clear_tokens(c);
    if (c->rc) {
        sw_query_free(wq);
        return NULL;
    }
    return wq;
}

static sw_query *build(qctx *c, const sw_qnode *n, int highlight);

static sw_query *build_filter(qctx *c, const sw_qnode *n) {
    sw_query *q = NULL;
    if (n->kind == SW_QN_DATE) {
        q = sw_query_date_range(n->lo, n->hi);
    } else {
        const char *t = n->type == 'a' ? "article" : "headline";
        q = sw_query_term(SW_PREFIX_TYPE, t, strlen(t));
    }
    if (!q)
        oom(c);
    return q;
}

static sw_query *build_and(qctx *c, const sw_qnode *n, int highlight) {
    qlist pos = {0}, neg = {0}, filt = {0};
    for (size_t i = 0; i < n->nkids && !c->rc; i++) {
        const sw_qnode *k = n->kids[i];
        if (k->kind == SW_QN_NOT) {
            sw_query *q = build(c, k->kids[0], 0);
            if (q)
                qlist_push(c, &neg, q);
        } else if (k->kind == SW_QN_DATE || k->kind == SW_QN_TYPE) {
            qlist_push(c, &filt, build_filter(c, k));
        } else {
            sw_query *q = build(c, k, highlight);
            if (q)
                qlist_push(c, &pos, q);
        }
    }
    sw_query *q = NULL;
    if (!c->rc && pos.n == 0 && filt.n == 0 && neg.n > 0)
        c->rc = sw_error(c->errmsg, SW_EUSAGE,
                         "NOT and -word need a positive word or a filter beside them");
    if (!c->rc) {
        q = pos.n ? combine(c, n->implicit && c->o->any ? SW_Q_OR : SW_Q_AND, &pos)
                  : combine(c, SW_Q_AND, &filt);
        if (q && pos.n && filt.n) {
            sw_query *f = combine(c, SW_Q_AND, &filt), *pair[2] = {q, f};
            sw_query *fq = f ? sw_query_op(SW_Q_FILTER, pair, 2) : NULL;
            sw_query_free(f);
            sw_query_free(q);
            if (!(q = fq))
                oom(c);
        }
        if (q && neg.n) {
            sw_query *o = combine(c, SW_Q_OR, &neg), *pair[2] = {q, o};
            sw_query *nq = o ? sw_query_op(SW_Q_AND_NOT, pair, 2) : NULL;
            sw_query_free(o);
            sw_query_free(q);
            if (!(q = nq))
                oom(c);
        }
    }
    qlist_free(&pos);
    qlist_free(&neg);
    qlist_free(&filt);
    return c->rc ? (sw_query_free(q), NULL) : q;
}

static sw_query *build(qctx *c, const sw_qnode *n, int highlight) {
    if (c->rc)
        return NULL;
    switch (n->kind) {
    case SW_QN_WORD:
    case SW_QN_PHRASE: {
        sw_query *q = build_text(c, n->text, n->field, n->kind == SW_QN_PHRASE, highlight);
        if (q && highlight)
            c->positive = 1;
        return q;
    }
    case SW_QN_DATE:
    case SW_QN_TYPE: return build_filter(c, n);
    case SW_QN_AND: return build_and(c, n, highlight);
    case SW_QN_OR: {
        qlist l = {0};
        for (size_t i = 0; i < n->nkids && !c->rc; i++) {
            if (n->kids[i]->kind == SW_QN_NOT) {
                c->rc = sw_error(c->errmsg, SW_EUSAGE,
                                 "NOT cannot be one side of OR (write a OR b NOT c)");
                break;
            }
            sw_query *q = build(c, n->kids[i], highlight);
            if (q)
                qlist_push(c, &l, q);
        }
        sw_query *q = c->rc ? NULL : combine(c, SW_Q_OR, &l);
        qlist_free(&l);
        return q;
    }
    case SW_QN_NOT:
    default:
        c->rc = sw_error(c->errmsg, SW_EUSAGE,
                         "NOT and -word need a positive word or a filter beside them");
        return NULL;
    }
}

static void qctx_release(qctx *c) {
    clear_tokens(c);
    for (size_t i = 0; i < c->nunits; i++)
        free(c->unit[i]);
    for (size_t i = 0; i < c->npat; i++)
        free(c->pat_text[i]);
    free(c->pat);
    free(c->pat_text);
}

/* The whole query, with the --type filter. */
static sw_query *build_query(qctx *c, const sw_qparsed *qp) {
    sw_query *q = build(c, qp->root, 1);
    if (!q && !c->rc)
        c->rc = sw_error(c->errmsg, SW_EUSAGE, "the query has no searchable words");
    if (q && c->o->type) {
        const char *t = c->o->type == 'a' ? "article" : "headline";
        sw_query *f = sw_query_term(SW_PREFIX_TYPE, t, strlen(t)), *pair[2] = {q, f};
        sw_query *fq = f ? sw_query_op(SW_Q_FILTER, pair, 2) : NULL;
        sw_query_free(f);
        sw_query_free(q);
        if (!(q = fq))
            oom(c);
    }
    return q;
}

/*
 * Snippets look at the first SNIPPET_SCAN_MAX bytes of a body only (cut at a character): a
 * 60 MB page would otherwise cost seconds and hundreds of MB per search. A match further on
 * still finds the page; its snippet is then the body's opening.
 */
#define SNIPPET_SCAN_MAX (1u << 20)

static size_t snippet_scan_len(const char *body) {
    size_t n = strnlen(body, SNIPPET_SCAN_MAX + 1);
    if (n <= SNIPPET_SCAN_MAX)
        return n;
    n = SNIPPET_SCAN_MAX;
    while (n > 0 && ((unsigned char)body[n] & 0xC0) == 0x80)
        n--;
    return n;
}

int sw_searcher_run(sw_searcher *s, const sw_qparsed *qp, const sw_search_opts *o,
                    sw_results *out, char **errmsg) {
    memset(out, 0, sizeof(*out));
    qctx *c = calloc(1, sizeof(*c));
    if (!c)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    c->s = s;
    c->o = o;
    c->errmsg = errmsg;
    sw_hit *hits = NULL;
    sw_query *q = build_query(c, qp);
    int rc = c->rc;
    if (rc)
        goto out;
    if (o->limit && !(hits = calloc(o->limit, sizeof(*hits)))) {
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        goto out;
    }
    size_t n = 0;
    if ((rc = sw_index_search(s->index, q, o->by_date, o->offset, o->limit, hits, &n,
                              &out->estimated, errmsg)))
        goto out;
    if (n && !(out->r = calloc(n, sizeof(*out->r)))) {
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        goto out;
    }
    sw_terms terms = {c->pat, c->npat, c->weight, c->nunits};
    for (size_t i = 0; i < n; i++) {
        sw_result *r = &out->r[out->n++];
        r->doc = hits[i].doc; /* the result owns the document now */
        memset(&hits[i].doc, 0, sizeof(hits[i].doc));
        r->rank = (int)(o->offset + out->n);
        r->score = hits[i].score;
        const char *title = r->doc.title ? r->doc.title : "";
        if ((rc = sw_snippet_build(s->snip, title, strlen(title), &terms, 0, &r->title)))
            break;
        if (r->doc.type == 'a')
            rc = sw_snippet_build(s->snip, r->doc.body ? r->doc.body : "",
                                  r->doc.body ? snippet_scan_len(r->doc.body) : 0, &terms,
                                  o->snippet_chars, &r->snippet);
        else
            rc = sw_snippet_build(s->snip, title, strlen(title), &terms, 0, &r->snippet);
        if (rc)
            break;
    }
    if (rc)
        rc = sw_error(errmsg, rc, "unable to build a snippet: %s", sw_strerror(rc));
out:
    for (size_t i = 0; hits && i < o->limit; i++)
        sw_doc_release(&hits[i].doc);
    free(hits);
    sw_query_free(q);
    qctx_release(c);
    free(c);
    if (rc)
        sw_results_release(out);
    return rc;
}

void sw_results_release(sw_results *r) {
    for (size_t i = 0; i < r->n; i++) {
        sw_doc_release(&r->r[i].doc);
        sw_snippet_release(&r->r[i].snippet);
        sw_snippet_release(&r->r[i].title);
    }
    free(r->r);
    memset(r, 0, sizeof(*r));
}
