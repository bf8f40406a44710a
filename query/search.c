/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * search.c - from parsed query to hits with snippets (see search.h).
 */
#include "search.h"

#include "buf.h"
#include "date.h"
#include "error.h"
#include "helper.h"
#include "segment.h"
#include "shards.h"
#include "story.h"
#include "url.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct sw_searcher {
    sw_index *index;                 /* Xapian, read-only: every shard of every index searched */
    sw_segmenter *seg;               /* query words and snippets */
    sw_snipper *snip;                /* snippet scratch */
    size_t db_of[SW_SEARCH_MAX_DBS]; /* each database opened: the dbs[] it belongs to */
    char *specs[SW_SEARCH_MAX_DBS];  /* the databases opened (owned), for the helper's twin */
    size_t nspecs;
    sw_helper *help; /* sw_searcher_share's thread, with a twin of this searcher; or NULL */
};

/* Which of the dbs given to sw_searcher_open holds a hit of database `spec`. */
static size_t db_of(const sw_searcher *s, size_t spec) {
    return spec < SW_SEARCH_MAX_DBS ? s->db_of[spec] : 0;
}

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

/*
 * Gathers the databases of dbs[0..ndbs) into specs[0..*n) (owned by the caller), and into
 * owner[0..*n) (unless NULL) the dbs[] each belongs to.
 */
static int gather(const char *const *dbs, size_t ndbs, char **specs, size_t *n, size_t *owner,
                  char **errmsg) {
    int rc = 0;
    *n = 0;
    for (size_t i = 0; i < ndbs && !rc; i++) {
        size_t first = *n;
        if (!is_remote(dbs[i]))
            rc = add_folder(dbs[i], specs, n, errmsg);
        else if (*n == SW_SEARCH_MAX_DBS)
            rc = sw_error(errmsg, SW_EUSAGE, "more than %d databases to search", SW_SEARCH_MAX_DBS);
        else if (!(specs[*n] = strdup(dbs[i])))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        else
            (*n)++;
        for (size_t k = first; owner && k < *n; k++)
            owner[k] = i;
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
    int changed = gather(dbs, ndbs, now, &m, NULL, NULL) == 0 && m != n;
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
        rc = gather(dbs, ndbs, specs, &n, s->db_of, errmsg);
        if (!rc)
            rc = sw_index_open_many((const char *const *)specs, n, &s->index, errmsg);
        int again =
            rc == SW_EINDEX && attempt < OPEN_ATTEMPTS && layout_changed(dbs, ndbs, specs, n);
        if (!rc) { /* kept for a twin (sw_searcher_share) */
            memcpy(s->specs, specs, n * sizeof(*specs));
            s->nspecs = n;
        } else {
            free_specs(specs, n);
        }
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

/* The helper's twin (sw_helper_open_fn): its own handle on the databases arg opened. */
static int twin_open(void *arg, void **state) {
    const sw_searcher *s = arg; /* read only: its specs and db_of stay as opened */
    sw_searcher *t = calloc(1, sizeof(*t));
    char *err = NULL;
    int rc = !t ? SW_ENOMEM
                : sw_index_open_many((const char *const *)s->specs, s->nspecs, &t->index, &err);
    if (!rc)
        rc = sw_segmenter_new(&t->seg, &err);
    if (!rc && sw_snipper_new(t->seg, &t->snip))
        rc = SW_ENOMEM;
    free(err); /* the caller, working alone, meets any real problem itself */
    if (rc) {
        sw_searcher_close(t);
        return rc;
    }
    memcpy(t->db_of, s->db_of, sizeof(t->db_of));
    *state = t;
    return 0;
}

static void twin_close(void *state) { sw_searcher_close(state); }

int sw_searcher_share(sw_searcher *s) {
    if (!s->help)
        s->help = sw_helper_start(twin_open, twin_close, s);
    return s->help != NULL;
}

void sw_searcher_close(sw_searcher *s) {
    if (!s)
        return;
    sw_helper_stop(s->help);
    free_specs(s->specs, s->nspecs);
    sw_index_close(s->index);
    sw_snipper_free(s->snip);
    sw_segmenter_free(s->seg);
    free(s);
}

#define PAIR_WEIGHT 0.5 /* a match of character pairs only, against a match of words */
/*
 * A cut word found with its pieces together weighs what it did as the AND of its pieces with
 * their PHRASE as a boost (twice the pieces' BM25): the ranking bench/quality measured (cctv
 * MRR@10 0.970 at 1, 0.977 at 2). Partial matches weigh them once, as a word among words:
 * the questions of bench/quality found their story in the top 5 37 times of 40 at 2, 40 at 1.
 */
#define CUT_WORD_WEIGHT 2.0
#define FILL_MARGIN 20        /* candidates read beyond twice the hits a page still needs */
#define MAX_STORY_READ 64     /* copies read to find a story's original and name the others */
#define MAX_UNITS 64          /* query units that snippets weigh (more are still searched) */
#define MAX_TOKENS 256        /* tokens of one query word or phrase taken into account */
#define MAX_QUERY_TOKENS 1024 /* tokens of a whole query: Xapian slows down past this */

/* One token of a query word, as the segmenter gave it. */
typedef struct qtok {
    char *term;        /* normalized, owned */
    size_t start, end; /* bytes in the word */
    int han;           /* a Chinese token */
    int glued;         /* a piece of a word the segmenter cut: see split_units */
} qtok;

/*
 * A query word of the top-level AND, as partial matches report it missing: present in a
 * document when the document's folded text holds each of its needs.
 */
typedef struct qword {
    char *shown; /* as typed, owned */
    char *needs; /* folded strings joined by '\n', owned */
    int latin;   /* a need must stand alone (not inside a longer Latin word or number) */
} qword;

#define MAX_WORDS 64 /* query words partial matches report on */

/* Query construction state. */
typedef struct qctx {
    sw_searcher *s;
    const sw_search_opts *o;
    char **errmsg;
    int rc;                   /* sticky error */
    int positive;             /* set when some positive word was built */
    char *unit[MAX_UNITS];    /* distinct highlighted tokens (owned) */
    double weight[MAX_UNITS]; /* their rarity */
    size_t nunits;
    sw_pattern *pat; /* snippet patterns; texts owned in pat_text */
    char **pat_text;
    size_t npat, pat_cap;
    qtok toks[MAX_TOKENS]; /* scratch: the current word's tokens */
    size_t ntoks;
    size_t total_tokens;    /* tokens of the whole query so far */
    int relaxed;            /* build the partial query: implicit ANDs become ORs */
    int plain;              /* no AND_MAYBE boosts: for the right side of an AND_NOT */
    int counting;           /* counts and --all: linked headlines left out even for all_copies */
    int relaxable;          /* some implicit AND joins two or more things */
    int in_or;              /* building below an OR (its words are not required) */
    qword words[MAX_WORDS]; /* required words, for partial matches' "missing" */
    size_t nwords;
    size_t required;       /* required words in all (words[] holds the first ones) */
    const sw_query *query; /* the whole strict query, once built (not owned) */
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
    t->glued = 0;
    c->ntoks++;
    return 0;
}

static void clear_tokens(qctx *c) {
    for (size_t i = 0; i < c->ntoks; i++)
        free(c->toks[i].term);
    c->ntoks = 0;
}

static size_t term_chars(const char *term) { return sw_utf8_chars(term, strlen(term)); }

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

/*
 * op over a and b, which it takes (both are freed, whatever happens). NULL, out of memory
 * recorded, when either is NULL (a failure before) or the combination fails.
 */
static sw_query *combine_two(qctx *c, int op, sw_query *a, sw_query *b) {
    sw_query *pair[2] = {a, b};
    sw_query *q = a && b ? sw_query_op(op, pair, 2) : NULL;
    sw_query_free(a);
    sw_query_free(b);
    if (!q)
        oom(c);
    return q;
}

/* The filter term of type 'a' (Tarticle) or 'h' (Theadline); NULL when out of memory. */
static sw_query *type_query(char type) {
    if (type == 'C' || type == 'c')
        return sw_query_term(SW_PREFIX_CHANGED, type == 'C' ? "yes" : "no", type == 'C' ? 3 : 2);
    if (type == 'G' || type == 'g')
        return sw_query_term(SW_PREFIX_GONE, type == 'G' ? "yes" : "no", type == 'G' ? 3 : 2);
    const char *t = type == 'a' ? "article" : "headline";
    return sw_query_term(SW_PREFIX_TYPE, t, strlen(t));
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

/* The characters of toks[i..j) as one substring pattern, covering their units. */
static void add_run_pattern(qctx *c, size_t i, size_t j) {
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

/* Records the word's tokens and runs for snippets and highlights. */
static void note_highlights(qctx *c) {
    for (size_t i = 0; i < c->ntoks && !c->rc; i++) {
        size_t u = unit_of(c, c->toks[i].term);
        uint64_t bit = u < MAX_UNITS ? (uint64_t)1 << u : 0;
        int sub = c->toks[i].han && term_chars(c->toks[i].term) >= 2;
        /* A piece of a cut word is highlighted with its word only (below). */
        if (!c->toks[i].glued)
            add_pattern(c, c->toks[i].term, strlen(c->toks[i].term), sub, bit);
    }
    for (size_t i = 0; i < c->ntoks && !c->rc;) {
        size_t j = i + 1;
        while (j < c->ntoks && c->toks[j].glued == 2)
            j++;
        if (j - i >= 2) /* a cut word: its pieces together */
            add_run_pattern(c, i, j);
        i = j;
    }
    for (size_t i = 0; i < c->ntoks && !c->rc;) {
        if (!c->toks[i].han) {
            i++;
            continue;
        }
        size_t j = run_end(c, i);
        if (j - i >= 2)
            add_run_pattern(c, i, j);
        i = j;
    }
}

static const char *field_prefix(int field) {
    switch (field) {
    case SW_QF_TITLE: return SW_PREFIX_TITLE;
    case SW_QF_SOURCE: return SW_PREFIX_SOURCE;
    case SW_QF_SECTION: return SW_PREFIX_SECTION;
    case SW_QF_AUTHOR: return SW_PREFIX_AUTHOR;
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

/*
 * Single characters that are words of their own (的, 和, 在 ...): ICU cuts them off the words
 * around them, and a name does not run through them.
 */
static int function_char(const char *term) {
    static const char *const chars[] = {"的", "了", "和", "与", "及", "在", "是", "或", "等",
                                        "被", "把", "对", "也", "都", "就", "并", "而", "从",
                                        "向", "将", "但", "又", "还", "很", "让", "给", "跟",
                                        "着", "过", "吗", "呢", "吧", "啊", "这", "那", "个"};
    for (size_t i = 0; i < sizeof(chars) / sizeof(*chars); i++)
        if (!strcmp(term, chars[i]))
            return 1;
    return 0;
}

/* How often the two characters around the boundary after toks[i] stand together. */
static uint64_t boundary_pair(qctx *c, size_t i) {
    const char *a = c->toks[i].term, *b = c->toks[i + 1].term;
    size_t al = strlen(a), k = al;
    while (k > 0 && ((unsigned char)a[k - 1] & 0xC0) == 0x80)
        k--;
    size_t bl = 1;
    while (b[bl] && ((unsigned char)b[bl] & 0xC0) == 0x80)
        bl++;
    char t[2 + 16];
    size_t n = al - (k ? k - 1 : 0);
    if (n + bl > 8)
        return 0;
    const char *prefixes[2] = {SW_PREFIX_PAIR, ""}; /* the pair, or the same two as a word */
    uint64_t f = 0;
    for (int p = 0; p < 2; p++) {
        size_t pl = strlen(prefixes[p]);
        memcpy(t, prefixes[p], pl);
        memcpy(t + pl, a + (k ? k - 1 : 0), n);
        memcpy(t + pl + n, b, bl);
        f += sw_index_termfreq(c->s->index, t, pl + n + bl);
    }
    return f;
}

#define WHOLE_WORD_CHARS 5 /* a query word this short (in Chinese characters) is one word */

/* Whether toks[k] is a character that is a word of its own beside a longer word (的 in
 * 马斯克的公司). */
static int stands_alone(const qctx *c, size_t k) {
    if (c->ntoks <= 2 || term_chars(c->toks[k].term) != 1 || !function_char(c->toks[k].term))
        return 0;
    int multi_l = k > 0 && c->toks[k - 1].han && term_chars(c->toks[k - 1].term) > 1;
    int multi_r = k + 1 < c->ntoks && c->toks[k + 1].han && term_chars(c->toks[k + 1].term) > 1;
    return multi_l || multi_r; /* between single characters it is a piece: 李|在|明 */
}

/*
 * Marks the pieces of the words the segmenter cut (toks[].glued: 1 on the first piece, 2 on
 * each piece after it). ICU keeps the words its dictionary knows whole and cuts the others,
 * names above all, into single characters, a known fragment and single characters, or
 * fragments (马斯克 -> 马|斯克, 华为 -> 华|为, 李在明 -> 李|在|明, 库尔斯克 -> 库尔|斯克). So
 * within a run of adjacent Chinese tokens (cut where a character that is a word of its own
 * stands beside a longer word: 马斯克|的|公司):
 * - in a query word of at most WHOLE_WORD_CHARS Chinese characters, what a name or a term
 *   typed alone is (嫦娥六号, 人工智能), a run is one word; pages where its parts stand apart
 *   are not hits;
 * - in a longer query word (a question), single characters standing together are one word, a single
 *   character alone is a piece of the word beside it (of the one on the side where its two
 *   characters stand together more often in the index, when both sides hold a word:
 *   运动|员|夺得 -> 运动员 夺得), and a run with at most one token of several characters is
 *   one word; two tokens of several characters each are two words, which may stand apart
 *   (人工智能欧洲 -> 人工|智能|欧洲).
 */
static void split_units(qctx *c) {
    size_t word_chars = 0; /* Chinese characters of the whole query word */
    for (size_t k = 0; k < c->ntoks; k++)
        word_chars += c->toks[k].han ? term_chars(c->toks[k].term) : 0;
    int short_word = word_chars <= WHOLE_WORD_CHARS;
    for (size_t i = 0; i < c->ntoks;) {
        size_t j = i;
        while (j < c->ntoks && c->toks[j].han && !stands_alone(c, j) &&
               (j == i || c->toks[j].start == c->toks[j - 1].end))
            j++;
        if (j == i) {
            i++;
            continue;
        }
        int join[MAX_TOKENS] = {0}; /* join[k]: toks[k] and toks[k + 1] are one word */
        size_t multi = 0;
        for (size_t k = i; k < j; k++)
            multi += term_chars(c->toks[k].term) > 1;
        for (size_t k = i; k + 1 < j; k++) {
            int sa = term_chars(c->toks[k].term) == 1, sb = term_chars(c->toks[k + 1].term) == 1;
            join[k] = short_word || multi <= 1 || (sa && sb);
        }
        for (size_t k = i; !short_word && multi > 1 && k < j; k++) {
            int single = term_chars(c->toks[k].term) == 1;
            int left = k > i && term_chars(c->toks[k - 1].term) == 1;
            int right = k + 1 < j && term_chars(c->toks[k + 1].term) == 1;
            if (!single || left || right)
                continue; /* a word, or one of several single characters */
            int has_l = k > i, has_r = k + 1 < j;
            if (has_l && has_r) {
                if (boundary_pair(c, k - 1) >= boundary_pair(c, k))
                    join[k - 1] = 1;
                else
                    join[k] = 1;
            } else if (has_l) {
                join[k - 1] = 1;
            } else if (has_r) {
                join[k] = 1;
            }
        }
        for (size_t k = i; k + 1 < j; k++)
            if (join[k]) {
                if (!c->toks[k].glued)
                    c->toks[k].glued = 1;
                c->toks[k + 1].glued = 2;
            }
        i = j;
    }
}

#define MAX_COMPOSE_CHARS 16 /* a cut word longer than this is matched as the query cut it */
#define MAX_COMPOSITIONS 32  /* ways of cutting one word that a query tries */

/* The ways of cutting one string into words that the index holds (see word_query). */
typedef struct compose {
    qctx *c;
    const char *prefix;
    const char *s;                    /* the folded word */
    size_t at[MAX_COMPOSE_CHARS + 1]; /* byte offset of each character; at[n] = length */
    size_t n;                         /* characters */
    signed char held[MAX_COMPOSE_CHARS][MAX_COMPOSE_CHARS + 1]; /* [i][j]: chars i..j a term? */
    size_t cut[MAX_COMPOSE_CHARS + 1]; /* the current cut: character offsets of its words */
    qlist out;                         /* PHRASE (or term) per cut */
} compose;

static int held(compose *m, size_t i, size_t j) {
    if (m->held[i][j] < 0) {
        sw_buf t = SW_BUF_INIT;
        sw_buf_adds(&t, m->prefix);
        sw_buf_add(&t, m->s + m->at[i], m->at[j] - m->at[i]);
        m->held[i][j] = !t.oom && sw_index_termfreq(m->c->s->index, t.data, t.len) > 0;
        sw_buf_release(&t);
    }
    return m->held[i][j];
}

static void compose_from(compose *m, size_t i, size_t depth) {
    if (m->c->rc || m->out.n == MAX_COMPOSITIONS)
        return;
    m->cut[depth] = i;
    if (i == m->n) {
        qlist parts = {0};
        for (size_t k = 0; k < depth && !m->c->rc; k++)
            qlist_push(m->c, &parts,
                       sw_query_term(m->prefix, m->s + m->at[m->cut[k]],
                                     m->at[m->cut[k + 1]] - m->at[m->cut[k]]));
        sw_query *ph = m->c->rc ? NULL : combine(m->c, SW_Q_PHRASE, &parts);
        if (ph && depth > 1 && !m->c->relaxed) {
            sw_query *scaled = sw_query_scale(ph, CUT_WORD_WEIGHT);
            sw_query_free(ph);
            ph = scaled;
        }
        if (!m->c->rc)
            qlist_push(m->c, &m->out, ph);
        qlist_free(&parts);
        return;
    }
    for (size_t j = m->n; j > i; j--) /* longest words first: the fewest pieces */
        if (held(m, i, j))
            compose_from(m, j, depth + 1);
}

/*
 * A word the segmenter cut into toks[i..j): where its characters stand together, however the
 * page was cut there. Pages are cut by the same segmenter, in context, so a name may be
 * 马|斯|克 on one page and 马|斯克 on another: the query is the OR of the PHRASE of every cut
 * into words the index holds, which needs the characters adjacent and in order, and nothing
 * else (哈马斯 and 卢甘斯克 are not hits for 马斯克). Two characters are also their own
 * character pair, which is exact.
 */
static sw_query *cut_word_query(qctx *c, size_t i, size_t j, const char *prefix,
                                const char *pair_prefix) {
    char *w = run_text(c, i, j);
    if (!w)
        return NULL;
    size_t wl = strlen(w), n = term_chars(w);
    sw_query *q = NULL;
    if (n == 2) {
        /* The word, its pair, or its two characters as two words. */
        qlist pieces = {0};
        for (size_t k = i; k < j && !c->rc; k++)
            qlist_push(c, &pieces, sw_query_term(prefix, c->toks[k].term, strlen(c->toks[k].term)));
        sw_query *phrase = c->rc ? NULL : combine(c, SW_Q_PHRASE, &pieces);
        qlist_free(&pieces);
        sw_query *ph = phrase ? sw_query_scale(phrase, c->relaxed ? 1 : CUT_WORD_WEIGHT) : NULL;
        sw_query_free(phrase);
        sw_query *wt = sw_query_term(prefix, w, wl), *pt = sw_query_term(pair_prefix, w, wl);
        sw_query *three[3] = {wt ? sw_query_scale(wt, 1 + PAIR_WEIGHT) : NULL,
                              pt ? sw_query_scale(pt, PAIR_WEIGHT) : NULL, ph};
        if (three[0] && three[1] && three[2])
            q = sw_query_op(SW_Q_OR, three, 3);
        for (int k = 0; k < 3; k++)
            sw_query_free(three[k]);
        sw_query_free(wt);
        sw_query_free(pt);
    } else if (n <= MAX_COMPOSE_CHARS) {
        compose *m = calloc(1, sizeof(*m));
        if (m) {
            m->c = c;
            m->prefix = prefix;
            m->s = w;
            m->n = n;
            for (size_t k = 0, b = 0; k < n; k++) {
                m->at[k] = b;
                b++;
                while (b < wl && ((unsigned char)w[b] & 0xC0) == 0x80)
                    b++;
            }
            m->at[n] = wl;
            memset(m->held, -1, sizeof(m->held));
            compose_from(m, 0, 0);
            /*
             * The partial query also takes the pages where the characters stand together
             * but the page's own cut ran across the word's ends (落实|习近平 as 落|实习|近平):
             * there its character pairs are all there is to go by, and take_fill checks the
             * text.
             */
            c->relaxable = 1;
            if (c->relaxed && !c->rc) {
                sw_query *p = sw_query_pairs(pair_prefix, prefix, w, wl);
                sw_query *ps = p ? sw_query_scale(p, PAIR_WEIGHT) : NULL;
                if (ps)
                    qlist_push(c, &m->out, ps);
                else
                    oom(c);
                sw_query_free(p);
            }
            if (!c->rc)
                q = m->out.n ? combine(c, SW_Q_OR, &m->out)
                             : sw_query_term(prefix, w, wl); /* no page holds it */
            qlist_free(&m->out);
            free(m);
        }
    } else {
        qlist pieces = {0};
        for (size_t k = i; k < j && !c->rc; k++)
            qlist_push(c, &pieces, sw_query_term(prefix, c->toks[k].term, strlen(c->toks[k].term)));
        q = c->rc ? NULL : combine(c, SW_Q_PHRASE, &pieces);
        qlist_free(&pieces);
    }
    free(w);
    if (!q)
        oom(c);
    return q;
}

/*
 * A word of two Chinese characters: OR(word, PAIR_WEIGHT * OR(pair, word)), with the word's
 * posting list read once: OR((1 + PAIR_WEIGHT) * word, PAIR_WEIGHT * pair), which weighs every
 * document the same. A pair no page holds is left out (it weighs nothing either way, and the
 * matcher would still look for it). NULL when out of memory (recorded).
 */
static sw_query *two_char_word(qctx *c, const char *term, const char *prefix,
                               const char *pair_prefix) {
    size_t len = strlen(term);
    char pair[64];
    int pl = snprintf(pair, sizeof(pair), "%s%s", pair_prefix, term);
    /* some page holds the two characters as a pair (a term too long to look up counts as held) */
    int paired = pl < 0 || (size_t)pl >= sizeof(pair) ||
                 sw_index_termfreq(c->s->index, pair, (size_t)pl) > 0;
    sw_query *w = sw_query_term(prefix, term, len), *q = NULL;
    if (!paired) {
        if (!w || !(q = sw_query_scale(w, 1 + PAIR_WEIGHT)))
            oom(c);
        sw_query_free(w);
        return q;
    }
    sw_query *p = sw_query_term(pair_prefix, term, len);
    q = combine_two(c, SW_Q_OR, w ? sw_query_scale(w, 1 + PAIR_WEIGHT) : NULL,
                    p ? sw_query_scale(p, PAIR_WEIGHT) : NULL);
    sw_query_free(w);
    sw_query_free(p);
    return q;
}

/* One token that is a word of its own (see build_text for the pairs of Chinese words). */
static sw_query *whole_word_query(qctx *c, const qtok *t, const char *prefix,
                                  const char *pair_prefix) {
    size_t len = strlen(t->term), n = t->han ? term_chars(t->term) : 0;
    if (n == 2)
        return two_char_word(c, t->term, prefix, pair_prefix);
    sw_query *w = sw_query_term(prefix, t->term, len);
    if (!w) {
        oom(c);
        return NULL;
    }
    if (n < 2)
        return w;
    /* The same characters wherever they stand, at PAIR_WEIGHT: recall whatever the cut. */
    sw_query *p = sw_query_pairs(pair_prefix, prefix, t->term, len);
    sw_query *q = combine_two(c, SW_Q_OR, w, p ? sw_query_scale(p, PAIR_WEIGHT) : NULL);
    sw_query_free(p);
    return q;
}

/* Records a required word of the query (for the "missing" of partial matches). */
static void note_word(qctx *c, const char *text, size_t a, size_t b, size_t i, size_t j) {
    if (c->relaxed || c->plain || c->in_or)
        return;
    c->required++;
    if (c->nwords == MAX_WORDS)
        return;
    sw_buf needs = SW_BUF_INIT;
    int latin = 0;
    for (size_t k = i; k < j; k++) {
        /* A cut word is needed whole; other tokens each. */
        if (k > i && c->toks[k].glued != 2)
            sw_buf_addc(&needs, '\n');
        sw_buf_adds(&needs, c->toks[k].term);
        latin |= !c->toks[k].han;
    }
    char *shown = strndup(text + a, b - a);
    if (needs.oom || !shown) {
        sw_buf_release(&needs);
        free(shown);
        oom(c);
        return;
    }
    c->words[c->nwords++] = (qword){shown, sw_buf_detach(&needs, NULL), latin};
}

/*
 * An unquoted word of the free text or of title: (not --any): each word the segmenter kept
 * whole must match, and each word it cut must match with its pieces together (split_units).
 * Documents where all the tokens stand together, in order, rank higher.
 */
static sw_query *build_units(qctx *c, const char *text, const char *prefix, const char *pair_prefix,
                             int required) {
    split_units(c);
    qlist units = {0};
    for (size_t i = 0; i < c->ntoks && !c->rc;) {
        size_t j = i + 1;
        while (j < c->ntoks && c->toks[j].glued == 2)
            j++;
        sw_query *q = j - i >= 2 ? cut_word_query(c, i, j, prefix, pair_prefix)
                                 : whole_word_query(c, &c->toks[i], prefix, pair_prefix);
        if (q)
            qlist_push(c, &units, q);
        if (required)
            note_word(c, text, c->toks[i].start, c->toks[j - 1].end, i, j);
        i = j;
    }
    sw_query *wq = NULL;
    if (!c->rc && units.n > 1) {
        c->relaxable = 1;
        qlist toks = {0};
        for (size_t i = 0; i < c->ntoks && !c->rc; i++)
            qlist_push(c, &toks, sw_query_term(prefix, c->toks[i].term, strlen(c->toks[i].term)));
        sw_query *pair[2] = {combine(c, c->relaxed ? SW_Q_OR : SW_Q_AND, &units),
                             c->rc ? NULL : combine(c, SW_Q_PHRASE, &toks)};
        if (pair[0] && pair[1] &&
            !(wq =
                  c->plain ? sw_query_op(SW_Q_AND, pair, 1) : sw_query_op(SW_Q_AND_MAYBE, pair, 2)))
            oom(c);
        sw_query_free(pair[0]);
        sw_query_free(pair[1]);
        qlist_free(&toks);
    } else if (!c->rc && units.n == 1) {
        wq = combine(c, SW_Q_AND, &units);
    }
    qlist_free(&units);
    return wq;
}

/*
 * The tokens of a phrase, of a field word, or of a word under --any: the AND (--any: OR) of the
 * tokens, with their PHRASE as a boost (a phrase: demanded), and the same characters as pairs.
 */
static sw_query *build_tokens(qctx *c, int field, int phrase, const char *prefix, int positional) {
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
        term_chars(c->toks[0].term) == 2)
        two = sw_query_pairs(pp, prefix, c->toks[0].term, strlen(c->toks[0].term));
    if (two) { /* one word of two characters, taken as whole_word_query takes it */
        sw_query_free(two);
        sw_query_free(wq);
        wq = two_char_word(c, c->toks[0].term, prefix, pp);
    } else if (positional && wq && !c->rc) {
        qlist parts = {0};
        int runs = 0, whole = 0;
        for (size_t i = 0; i < c->ntoks && !c->rc;) {
            size_t j = c->toks[i].han ? run_end(c, i) : i + 1;
            char *r = run_text(c, i, j);
            sw_query *q = r && term_chars(r) >= 2 ? sw_query_pairs(pp, prefix, r, strlen(r)) : NULL;
            if (q) {
                runs++;
                whole = i == 0 && j == c->ntoks && term_chars(r) == 2;
                qlist_push(c, &parts, q);
            } else {
                for (size_t k = i; k < j && !c->rc; k++)
                    qlist_push(c, &parts,
                               sw_query_term(prefix, c->toks[k].term, strlen(c->toks[k].term)));
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
    if (alt)
        wq = combine_two(c, SW_Q_OR, wq, alt);
    return wq;
}

/* A word or phrase, in a field or in the free text; NULL when it has no tokens. */
static sw_query *build_words(qctx *c, const char *text, int field, int phrase, int highlight,
                             int required) {
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
        c->rc = sw_error(c->errmsg, SW_EUSAGE,
                         "the query is too long: souwen takes at most %d terms", MAX_QUERY_TOKENS);
        clear_tokens(c);
        return NULL;
    }
    const char *prefix = field_prefix(field);
    int positional = field == SW_QF_ANY || field == SW_QF_TITLE;
    sw_query *wq =
        positional && !phrase && !c->o->any
            ? build_units(c, text, prefix,
                          field == SW_QF_TITLE ? SW_PREFIX_TITLE_PAIR : SW_PREFIX_PAIR, required)
            : build_tokens(c, field, phrase, prefix, positional);
    if (highlight && (field == SW_QF_ANY || field == SW_QF_TITLE))
        note_highlights(c);
    clear_tokens(c);
    if (c->rc) {
        sw_query_free(wq);
        return NULL;
    }
    return wq;
}

/*
 * A word or phrase, and its Taiwan or Hong Kong wording folded (滑鼠 -> 鼠标, 程式 -> 程序),
 * when that differs: either matches. Pages of Traditional text are folded so at indexing;
 * this finds mainland pages for a Taiwan word typed in characters both scripts share.
 */
static sw_query *build_text(qctx *c, const char *text, int field, int phrase, int highlight) {
    sw_query *q = build_words(c, text, field, phrase, highlight, highlight);
    if (!q || field == SW_QF_URL || c->rc)
        return q;
    sw_buf v = SW_BUF_INIT, a = SW_BUF_INIT, b = SW_BUF_INIT;
    int rc = sw_segment_variant(c->s->seg, text, strlen(text), &v);
    if (!rc && v.len && strcmp(v.data, text)) {
        rc = sw_segment_fold(c->s->seg, text, strlen(text), &a);
        if (!rc)
            rc = sw_segment_fold(c->s->seg, v.data, v.len, &b);
        if (!rc && (a.len != b.len || memcmp(a.data, b.data, a.len))) {
            sw_query *alt = build_words(c, v.data, field, phrase, highlight, 0);
            if (alt)
                q = combine_two(c, SW_Q_OR, q, alt);
        }
    }
    if (rc && !c->rc)
        c->rc = sw_error(c->errmsg, rc, "unable to fold the query: %s", sw_strerror(rc));
    sw_buf_release(&v);
    sw_buf_release(&a);
    sw_buf_release(&b);
    if (c->rc) {
        sw_query_free(q);
        return NULL;
    }
    return q;
}

static sw_query *build(qctx *c, const sw_qnode *n, int highlight);

static sw_query *build_filter(qctx *c, const sw_qnode *n) {
    sw_query *q = n->kind != SW_QN_DATE ? type_query(n->type)
                  : n->type == 's'      ? sw_query_seen_range(n->lo, n->hi)
                                        : sw_query_date_range(n->lo, n->hi);
    if (!q)
        oom(c);
    return q;
}

static sw_query *build_and(qctx *c, const sw_qnode *n, int highlight) {
    qlist pos = {0}, neg = {0}, filt = {0};
    for (size_t i = 0; i < n->nkids && !c->rc; i++) {
        const sw_qnode *k = n->kids[i];
        if (k->kind == SW_QN_NOT) {
            int relaxed = c->relaxed; /* what is excluded stays as written */
            c->relaxed = 0;
            sw_query *q = build(c, k->kids[0], 0);
            c->relaxed = relaxed;
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
        int loose = n->implicit && (c->o->any || c->relaxed);
        if (n->implicit && pos.n > 1)
            c->relaxable = 1;
        q = pos.n ? combine(c, loose ? SW_Q_OR : SW_Q_AND, &pos) : combine(c, SW_Q_AND, &filt);
        if (q && pos.n && filt.n)
            q = combine_two(c, SW_Q_FILTER, q, combine(c, SW_Q_AND, &filt));
        if (q && neg.n)
            q = combine_two(c, SW_Q_AND_NOT, q, combine(c, SW_Q_OR, &neg));
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
        c->in_or++;
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
        c->in_or--;
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
    for (size_t i = 0; i < c->nwords; i++) {
        free(c->words[i].shown);
        free(c->words[i].needs);
    }
}

/* Whether the query asks for headlines by name: a type:headline field anywhere in it. */
static int asks_headlines(const sw_qnode *n) {
    if (n->kind == SW_QN_TYPE && n->type == 'h')
        return 1;
    for (size_t i = 0; i < n->nkids; i++)
        if (asks_headlines(n->kids[i]))
            return 1;
    return 0;
}

/*
 * The whole query, with the --type filter. Without one (and without --all-copies, or a
 * type:headline in the query), a headline whose link is a crawled article is left out: the
 * article is the hit, and shows its listings.
 */
static sw_query *build_query(qctx *c, const sw_qparsed *qp) {
    sw_query *q = build(c, qp->root, 1);
    if (!q && !c->rc)
        c->rc = sw_error(c->errmsg, SW_EUSAGE, "the query has no searchable words");
    if (q && c->o->type)
        q = combine_two(c, SW_Q_FILTER, q, type_query(c->o->type));
    else if (q && (!c->o->all_copies || c->counting) && !asks_headlines(qp->root))
        q = combine_two(c, SW_Q_AND_NOT, q,
                        sw_query_term("", SW_TERM_LINKED, strlen(SW_TERM_LINKED)));
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

/* Whether folded text t[0..n) holds need[0..len) (a Latin need not inside a longer word). */
static int holds(const char *t, size_t n, const char *need, size_t len, int latin) {
    for (const char *h = t, *end = t + n; len && h < end;) {
        const char *m = memmem(h, (size_t)(end - h), need, len);
        if (!m)
            return 0;
        unsigned char before = m > t ? (unsigned char)m[-1] : ' ';
        unsigned char after = m + len < end ? (unsigned char)m[len] : ' ';
        int alnum_b = before < 0x80 && (isalnum(before) || before == '_');
        int alnum_a = after < 0x80 && (isalnum(after) || after == '_');
        if (!latin || (!alnum_b && !alnum_a))
            return 1;
        h = m + 1;
    }
    return 0;
}

/* The required query words that the document of r lacks, into r->missing. */
static int note_missing(sw_searcher *s, const qctx *c, sw_result *r, sw_buf *fold) {
    const sw_doc *d = &r->doc;
    sw_buf text = SW_BUF_INIT;
    const char *fields[] = {d->title, d->source, d->body ? d->body : d->sections};
    for (size_t i = 0; i < 3; i++)
        if (fields[i]) {
            sw_buf_adds(&text, fields[i]);
            sw_buf_addc(&text, '\n');
        }
    if (text.oom)
        return SW_ENOMEM;
    int rc = sw_segment_fold(s->seg, text.data ? text.data : "", text.len, fold);
    sw_buf_release(&text);
    if (rc)
        return rc;
    for (size_t w = 0; w < c->nwords; w++) {
        const qword *q = &c->words[w];
        int found = 1;
        for (const char *p = q->needs; found && *p;) {
            size_t len = strcspn(p, "\n");
            found = holds(fold->data ? fold->data : "", fold->len, p, len, q->latin);
            p += len + (p[len] == '\n');
        }
        if (found)
            continue;
        char **m = realloc(r->missing, (r->nmissing + 1) * sizeof(*m));
        if (!m)
            return SW_ENOMEM;
        r->missing = m;
        if (!(r->missing[r->nmissing] = strdup(q->shown)))
            return SW_ENOMEM;
        r->nmissing++;
    }
    return 0;
}

/* Builds the text of the shown hits: snippets and title highlights. */
static int build_snippets(sw_searcher *s, const qctx *c, const sw_search_opts *o, sw_result *r) {
    sw_terms terms = {c->pat, c->npat, c->weight, c->nunits};
    const char *title = r->doc.title ? r->doc.title : "";
    int rc = sw_snippet_build(s->snip, title, strlen(title), &terms, 0, &r->title);
    if (!rc && r->doc.type == 'a')
        rc = sw_snippet_build(s->snip, r->doc.body ? r->doc.body : "",
                              r->doc.body ? snippet_scan_len(r->doc.body) : 0, &terms,
                              o->snippet_chars, &r->snippet);
    else if (!rc)
        rc = sw_snippet_build(s->snip, title, strlen(title), &terms, 0, &r->snippet);
    return rc;
}

/* Moves hits[0..n) into out->r, ranked from `rank` on. */
/* The publication time of a copy for ordering: undated copies last. */
static int64_t published(const sw_doc *d) {
    int64_t t = sw_date_unix(d->date);
    return t == INT64_MIN ? INT64_MAX : t;
}

/* Published first, then recorded first: the order a story's copies start from. */
static int by_publication(const void *a, const void *b) {
    const sw_doc *x = &((const sw_hit *)a)->doc, *y = &((const sw_hit *)b)->doc;
    int64_t tx = published(x), ty = published(y);
    if (tx != ty)
        return tx < ty ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* 1 for a copy with a fetch date, 2 for a file with only its modification time, else 0. */
static int capture_kind(const sw_doc *d) { return d->fetched ? 1 : d->saved ? 2 : 0; }

static const char *capture_time(const sw_doc *d) { return d->fetched ? d->fetched : d->saved; }

/*
 * Among copies published at the same time, h[0..n) in record order, those captured first come
 * first: copies with fetch dates are ordered by them, and files by their modification times,
 * each within the places their kind holds. Between a fetched copy and a file nothing is known
 * (a file's time only bounds its capture from above: a copy of a crawl gets new times), so
 * they keep their record order.
 */
static void order_by_capture(sw_hit *h, size_t n) {
    for (int kind = 1; kind <= 2; kind++)
        for (size_t i = 0; i < n; i++) /* selection sort over this kind's places: n is small */
            if (capture_kind(&h[i].doc) == kind) {
                size_t m = i;
                for (size_t j = i + 1; j < n; j++)
                    if (capture_kind(&h[j].doc) == kind &&
                        strcmp(capture_time(&h[j].doc), capture_time(&h[m].doc)) < 0)
                        m = j;
                sw_hit t = h[i];
                h[i] = h[m];
                h[m] = t;
            }
}

/* A story's copies h[0..n), earliest first: published, then captured, then recorded first. */
static void order_copies(sw_hit *h, size_t n) {
    qsort(h, n, sizeof(*h), by_publication);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && published(&h[j].doc) == published(&h[i].doc);)
            j++;
        order_by_capture(h + i, j - i);
    }
}

/*
 * Names the copies of r's story other than r itself, distinct, in order, into r->copy_names:
 * h[0..n) are their cards, whose source is what a copy is called (its source, else its site).
 */
static int name_copies(sw_result *r, const sw_hit *h, size_t n) {
    sw_buf names = SW_BUF_INIT;
    size_t named = 0;
    for (size_t i = 0; i < n; i++) {
        if (h[i].doc.id == r->doc.id)
            continue;
        const char *name = h[i].doc.source;
        size_t len = strlen(name);
        int seen = 0;
        for (const char *p = names.data; p && !seen; p = strstr(p, ", "), p = p ? p + 2 : NULL)
            seen = !strncmp(p, name, len) && (p[len] == ',' || !p[len]);
        if (seen)
            continue;
        if (named == SW_COPY_NAMES) {
            r->copy_names_cut = 1;
            break;
        }
        if (names.len)
            sw_buf_adds(&names, ", ");
        sw_buf_add(&names, name, len);
        named++;
    }
    if (names.oom) {
        sw_buf_release(&names);
        return SW_ENOMEM;
    }
    r->copy_names = names.len ? sw_buf_detach(&names, NULL) : NULL;
    sw_buf_release(&names);
    return 0;
}

/* How many of the query's words document d lacks (note_missing's test), into *n. */
static int words_missing(sw_searcher *s, const qctx *c, const sw_doc *d, sw_buf *fold, size_t *n) {
    sw_result t = {0};
    t.doc = *d;
    int rc = note_missing(s, c, &t, fold);
    *n = t.nmissing;
    for (size_t k = 0; k < t.nmissing; k++)
        free(t.missing[k]);
    free(t.missing);
    return rc;
}

/*
 * The whole document of `copy` (of story `story`, as sw_index_story_copies gave it) into *d,
 * and the dbs[] that holds it into *db, when it matches `also` too (NULL: any query); d->type
 * is 0 when it does not, or is gone. 0 or an error. With no query to test, the document is read
 * by its docid; else a search finds it only if it matches.
 */
static int read_copy(sw_searcher *s, const sw_hit *copy, const char *story, const sw_query *also,
                     sw_doc *d, size_t *db, char **errmsg) {
    memset(d, 0, sizeof(*d));
    *db = db_of(s, copy->spec);
    if (!also) {
        int rc = sw_index_read_doc(s->index, copy->docid, d, errmsg);
        if (rc == SW_ENOTFOUND)
            return 0;
        if (!rc && (!d->story || strcmp(d->story, story))) {
            sw_doc_release(d); /* rewritten into another story since its card was read */
            memset(d, 0, sizeof(*d));
        }
        return rc;
    }
    char idt[SW_ID_TERM_MAX], st[64];
    sw_index_id_term(idt, 'a', copy->doc.id);
    int sl = snprintf(st, sizeof(st), SW_PREFIX_STORY "%s", story);
    /* the id within one index and the story; the docid tells the copy among indexes */
    sw_query *t = sw_query_term("", idt, strlen(idt));
    sw_query *in = sl > 0 && (size_t)sl < sizeof(st) ? sw_query_term("", st, (size_t)sl) : NULL;
    sw_query *pair[2] = {t, in};
    sw_query *one = t && in ? sw_query_op(SW_Q_FILTER, pair, 2) : NULL;
    sw_query *with[2] = {(sw_query *)also, one};
    sw_query *q = one ? sw_query_op(SW_Q_FILTER, with, 2) : NULL;
    /* one a database at most: every index searched together may hold this id in this story */
    sw_hit *h = calloc(SW_SEARCH_MAX_DBS, sizeof(*h));
    size_t n = 0;
    uint64_t total = 0;
    int rc = h && q ? sw_index_search(s->index, q, 0, 0, SW_SEARCH_MAX_DBS, h, &n, &total, errmsg)
                    : sw_error(errmsg, SW_ENOMEM, "out of memory");
    sw_query_free(q);
    sw_query_free(one);
    sw_query_free(in);
    sw_query_free(t);
    for (size_t i = 0; i < n; i++) {
        if (!rc && !d->type && h[i].docid == copy->docid)
            *d = h[i].doc;
        else
            sw_doc_release(&h[i].doc);
    }
    free(h);
    return rc;
}

/*
 * The copy that shows r's story, of h[0..n) earliest first (copy cards), into *at: the
 * earliest that holds what the hit holds of the query, read whole into *shown (its dbs[] into
 * *shown_db); SIZE_MAX when none is before the hit itself. A story's copies differ: the original
 * may lack a name a reprint's added paragraph holds. A copy with the hit's words holds it; for a
 * strict hit
 * (`strict`), a copy that matches the strict query too; for a partial one, a copy that lacks
 * no more of the query's words (compared in the folded text).
 */
static int original_holding(sw_searcher *s, const qctx *c, const sw_result *r, int strict,
                            const sw_hit *h, size_t n, size_t *at, sw_doc *shown, size_t *shown_db,
                            char **errmsg) {
    sw_buf fold = SW_BUF_INIT;
    size_t own = SIZE_MAX; /* folded only when a copy before the hit differs from it */
    uint64_t words = sw_index_words(&r->doc);
    int rc = 0;
    *at = SIZE_MAX;
    for (size_t i = 0; !rc && i < n && h[i].doc.id != r->doc.id; i++) {
        int same = h[i].words == words, by_query = !same && strict && c->query;
        sw_doc d; /* a copy that must match the query is read only if it does */
        size_t db = 0;
        if ((rc = read_copy(s, &h[i], r->doc.story, by_query ? c->query : NULL, &d, &db, errmsg)) ||
            !d.type)
            continue; /* it does not, or is gone since its card was read */
        int shows = same || by_query;
        if (!shows) { /* a partial hit: lacks the copy no more of the words than the hit? */
            size_t lack = 0;
            if ((own == SIZE_MAX && words_missing(s, c, &r->doc, &fold, &own)) ||
                words_missing(s, c, &d, &fold, &lack))
                rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
            shows = !rc && lack <= own;
        }
        if (shows) {
            *at = i;
            *shown = d;
            *shown_db = db;
            break;
        }
        sw_doc_release(&d);
    }
    sw_buf_release(&fold);
    return rc;
}

/*
 * The story of an article hit: how many pages it has (the story term's frequency, exact over
 * every shard), and unless every copy is asked for, the hit shown as the story's original (of
 * its first MAX_STORY_READ copies, chosen by their cards) with the others named.
 */
static int resolve_story(sw_searcher *s, const qctx *c, const sw_search_opts *o, int strict,
                         sw_result *r, char **errmsg) {
    r->copies = r->doc.type == 'a';
    if (r->doc.type != 'a' || !r->doc.story)
        return 0;
    char term[64];
    int tl = snprintf(term, sizeof(term), SW_PREFIX_STORY "%s", r->doc.story);
    if (tl < 0 || (size_t)tl >= sizeof(term))
        return 0; /* not a key souwen writes: the hit is shown as it is */
    uint64_t copies = sw_index_termfreq(s->index, term, (size_t)tl);
    r->copies = copies > 1 ? (int64_t)copies : 1;
    if (copies <= 1 || o->all_copies)
        return 0;
    sw_hit *h = calloc(MAX_STORY_READ, sizeof(*h));
    size_t n = 0;
    int rc = h ? sw_index_story_copies(s->index, r->doc.story, MAX_STORY_READ, h, &n, errmsg)
               : sw_error(errmsg, SW_ENOMEM, "out of memory");
    if (!rc && n) {
        order_copies(h, n);
        size_t o1 = SIZE_MAX;
        sw_doc shown = {0};
        size_t shown_db = 0;
        if (!(rc = original_holding(s, c, r, strict, h, n, &o1, &shown, &shown_db, errmsg)) &&
            o1 != SIZE_MAX) {
            sw_doc_release(&r->doc);
            r->doc = shown;
            r->db = shown_db;
        }
        r->copy_names_cut = (uint64_t)n < copies; /* the copies past MAX_STORY_READ */
        if (!rc && name_copies(r, h, n))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    for (size_t i = 0; h && i < n; i++)
        sw_doc_release(&h[i].doc);
    free(h);
    return rc;
}

/* Whether an earlier result already shows story `story` (NULL: no story, never shown). */
static int story_shown(const sw_results *out, size_t before, const char *story) {
    for (size_t i = 0; story && i < before; i++)
        if (out->r[i].doc.story && !strcmp(out->r[i].doc.story, story))
            return 1;
    return 0;
}

/* The strict hits of a page, resolved on the caller's thread and on the helper's. */
typedef struct hits_job {
    sw_searcher *s;  /* the caller's searcher (the helper brings its twin) */
    const qctx *c;   /* the query, for the caller */
    const qctx *alt; /* the same but for its own copy of c->query, for the helper */
    const sw_search_opts *o;
    sw_hit *hits; /* the hits, their documents maybe still to read (SW_SEARCH_LATER) */
    sw_result *r; /* the results */
    int *rc;      /* each one's status */
    char **err;   /* each one's message (owned) */
} hits_job;

/* Document, story and snippets of result i (sw_helper_item_fn), with searcher `state`. */
static void resolve_hit(void *job, void *state, size_t i) {
    hits_job *j = job;
    sw_searcher *s = state;
    const qctx *c = s == j->s ? j->c : j->alt;
    sw_result *r = &j->r[i];
    int rc = sw_index_read_hit(s->index, &j->hits[i], &j->err[i]);
    if (!rc) {
        r->doc = j->hits[i].doc; /* the result owns the document now */
        memset(&j->hits[i].doc, 0, sizeof(j->hits[i].doc));
        rc = resolve_story(s, c, j->o, 1, r, &j->err[i]);
    }
    if (!rc && (rc = build_snippets(s, c, j->o, r)))
        rc = sw_error(&j->err[i], rc, "unable to build a snippet: %s", sw_strerror(rc));
    j->rc[i] = rc;
}

/*
 * Moves hits[0..n) into out->r, ranked from `rank` on, with their stories and snippets.
 * SW_ENOTFOUND (no message) when a hit left the index before its document was read.
 */
static int take_hits(sw_searcher *s, const qctx *c, const sw_search_opts *o, sw_hit *hits, size_t n,
                     size_t rank, sw_results *out, char **errmsg) {
    sw_result *r = &out->r[out->n];
    for (size_t i = 0; i < n; i++) {
        r[i].db = db_of(s, hits[i].spec);
        r[i].rank = (int)(rank + i + 1);
        r[i].score = hits[i].score;
    }
    out->n += n;
    int *rcs = calloc(n ? n : 1, sizeof(*rcs));
    char **errs = calloc(n ? n : 1, sizeof(*errs));
    /*
     * The helper's view of the query: c's patterns and words (owned by c, read by both threads
     * and written by neither), with a copy of the Xapian query of its own.
     */
    qctx alt;
    sw_query *copy = NULL;
    int shared = s->help && n > 1 && (!c->query || (copy = sw_query_clone(c->query)));
    if (shared) {
        alt = *c;
        alt.query = copy;
    }
    int rc = 0;
    if (!rcs || !errs) {
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    } else {
        hits_job j = {s, c, shared ? &alt : c, o, hits, r, rcs, errs};
        sw_helper_run(shared ? s->help : NULL, resolve_hit, &j, s, n);
        for (size_t i = 0; i < n; i++) /* the helper's handle may lag a revision behind */
            if (rcs[i] == SW_ENOTFOUND)
                resolve_hit(&j, s, i);
    }
    for (size_t i = 0; rcs && errs && i < n; i++) { /* the first failure, in rank order */
        if (rcs[i] && !rc) {
            rc = rcs[i];
            if (errmsg) {
                free(*errmsg);
                *errmsg = errs[i];
                errs[i] = NULL;
            }
        }
        free(errs[i]);
    }
    sw_query_free(copy);
    free(rcs);
    free(errs);
    return rc;
}

static int by_key(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Fills out->r up to o->limit from the candidates of the partial query, cand[0..n): those that
 * hold every query word (found through character pairs where the page was cut otherwise than
 * the query: the string is there, verified in the text) come first and are hits like the
 * others; then the partial matches, with the words they miss. A candidate that holds none of
 * the words is left out.
 */
static int take_fill(sw_searcher *s, const qctx *c, const sw_search_opts *o, sw_hit *cand, size_t n,
                     size_t rank, sw_results *out, char **errmsg) {
    size_t strict = out->n; /* the strict hits shown before the fill */
    /*
     * The partial query runs after the strict one: a writer that commits between them (Xapian
     * reopens at the newer revision) can make a strict hit a candidate too. It is shown once.
     */
    const char **keys = strict ? malloc(strict * sizeof(*keys)) : NULL;
    if (strict && !keys)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    for (size_t i = 0; i < strict; i++)
        keys[i] = out->r[i].doc.key ? out->r[i].doc.key : "";
    if (strict)
        qsort(keys, strict, sizeof(*keys), by_key);
    sw_buf fold = SW_BUF_INIT;
    int rc = 0;
    for (int pass = 0; pass < 2 && !rc; pass++)
        for (size_t i = 0; i < n && out->n < o->limit && !rc; i++) {
            if (!cand[i].doc.key)
                continue; /* taken, or left out */
            if (pass == 0 && strict &&
                bsearch(&cand[i].doc.key, keys, strict, sizeof(*keys), by_key)) {
                sw_doc_release(&cand[i].doc);
                continue;
            }
            if (!o->all_copies && story_shown(out, out->n, cand[i].doc.story)) {
                sw_doc_release(&cand[i].doc); /* its story is shown already */
                continue;
            }
            sw_result r = {0};
            r.doc = cand[i].doc;
            r.db = db_of(s, cand[i].spec);
            if ((rc = note_missing(s, c, &r, &fold))) {
                rc = sw_error(errmsg, rc, "unable to compare a hit with the query: %s",
                              sw_strerror(rc));
            } else if ((pass == 0) == (r.nmissing == 0) &&
                       !(c->required && r.nmissing == c->required)) {
                r.partial = r.nmissing > 0;
                r.score = cand[i].score;
                r.rank = (int)(rank + out->n - strict + 1);
                memset(&cand[i].doc, 0, sizeof(cand[i].doc));
                out->r[out->n] = r;
                if ((rc = resolve_story(s, c, o, 0, &out->r[out->n], errmsg)))
                    break;
                if ((rc = build_snippets(s, c, o, &out->r[out->n])))
                    rc = sw_error(errmsg, rc, "unable to build a snippet: %s", sw_strerror(rc));
                out->n++;
                continue;
            } else if (pass == 1) {
                sw_doc_release(&cand[i].doc); /* none of the words: left out */
            }
            for (size_t k = 0; k < r.nmissing; k++)
                free(r.missing[k]);
            free(r.missing);
        }
    free(keys);
    sw_buf_release(&fold);
    return rc;
}

/*
 * The partial query: the query with its implicit ANDs (and the AND of the words of an unspaced
 * word) turned into ORs, less what the strict query matches. The strict side is built again
 * without its AND_MAYBE boosts (which change no match): Xapian 1.4.22 reads uninitialised
 * memory, and lets strict hits through, on an AND_MAYBE with a PHRASE under a FILTER on the
 * right of an AND_NOT (valgrind, `国产大模型 type:headline`).
 */
static sw_query *build_partial(qctx *pc, const sw_qparsed *qp) {
    pc->plain = 1;
    sw_query *strict = build_query(pc, qp);
    pc->plain = 0;
    pc->relaxed = 1;
    pc->total_tokens = 0; /* the same query again: its length was checked */
    sw_query *loose = strict ? build_query(pc, qp) : NULL;
    return combine_two(pc, SW_Q_AND_NOT, loose, strict); /* NULL only after an error, recorded */
}

/*
 * A query's construction state for s and o, and the query built (*q; NULL after an error);
 * `counting`: for counts and --all, which take the same documents with --all-copies or without.
 */
static qctx *new_qctx(sw_searcher *s, const sw_search_opts *o, const sw_qparsed *qp, int counting,
                      sw_query **q, char **errmsg) {
    *q = NULL;
    qctx *c = calloc(1, sizeof(*c));
    if (!c) {
        sw_error(errmsg, SW_ENOMEM, "out of memory");
        return NULL;
    }
    c->s = s;
    c->o = o;
    c->errmsg = errmsg;
    c->counting = counting;
    if (qp)
        c->query = *q = build_query(c, qp);
    return c;
}

/* sw_searcher_run once: SW_ENOTFOUND (no message) when a hit left the index meanwhile. */
static int run_page(sw_searcher *s, const sw_qparsed *qp, const sw_search_opts *o, sw_results *out,
                    char **errmsg) {
    memset(out, 0, sizeof(*out));
    sw_query *q, *pq = NULL;
    qctx *c = new_qctx(s, o, qp, 0, &q, errmsg), *pc = NULL;
    if (!c)
        return SW_ENOMEM;
    sw_hit *hits = NULL, *cand = NULL;
    size_t ncand = 0;
    int rc = c->rc;
    if (rc)
        goto out;
    if (o->limit && !(hits = calloc(o->limit, sizeof(*hits)))) {
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        goto out;
    }
    if (o->limit && !(out->r = calloc(o->limit, sizeof(*out->r)))) {
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        goto out;
    }
    size_t n = 0;
    int how = (o->by_date ? SW_SEARCH_BY_DATE : 0) | (o->all_copies ? 0 : SW_SEARCH_BY_STORY);
    /* the documents are read with the stories and snippets, on both threads (take_hits) */
    if ((rc = sw_index_search(s->index, q, how | SW_SEARCH_LATER, o->offset, o->limit, hits, &n,
                              &out->estimated, errmsg)))
        goto out;
    if ((rc = take_hits(s, c, o, hits, n, o->offset, out, errmsg)))
        goto out;
    /*
     * Fewer strict hits than asked for: all of them were seen (out->estimated is exact), and
     * the partial query's candidates fill the page, after every strict hit.
     */
    if (n < o->limit && !o->strict && !o->any && c->relaxable) {
        if (!(pc = new_qctx(s, o, NULL, 0, &pq, errmsg))) {
            rc = SW_ENOMEM;
            goto out;
        }
        pq = build_partial(pc, qp);
        if ((rc = pc->rc))
            goto out;
        uint64_t strict_total = out->estimated;
        size_t poff = o->offset > strict_total ? o->offset - (size_t)strict_total : 0;
        /* Some candidates are left out (take_fill): a few more are read than the page needs. */
        size_t want = o->limit - n, fetch = want * 2 + FILL_MARGIN;
        uint64_t partial_total = 0; /* not shown: a count is of strict hits */
        if (!(cand = calloc(fetch, sizeof(*cand)))) {
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
            goto out;
        }
        if ((rc = sw_index_search(s->index, pq, how, poff, fetch, cand, &ncand, &partial_total,
                                  errmsg)))
            goto out;
        rc = take_fill(s, c, o, cand, ncand, (size_t)strict_total + poff, out, errmsg);
    }
out:
    for (size_t i = 0; hits && i < o->limit; i++)
        sw_doc_release(&hits[i].doc);
    free(hits);
    for (size_t i = 0; i < ncand; i++)
        sw_doc_release(&cand[i].doc);
    free(cand);
    sw_query_free(q);
    sw_query_free(pq);
    qctx_release(c);
    free(c);
    if (pc)
        qctx_release(pc);
    free(pc);
    if (rc)
        sw_results_release(out);
    return rc;
}

#define RUN_ATTEMPTS 3 /* searches of a page whose hits keep leaving the index (a writer) */

int sw_searcher_run(sw_searcher *s, const sw_qparsed *qp, const sw_search_opts *o, sw_results *out,
                    char **errmsg) {
    int rc = SW_ENOTFOUND;
    /* A hit removed by a writer before its document was read: the search again, now. */
    for (int attempt = 0; rc == SW_ENOTFOUND && attempt < RUN_ATTEMPTS; attempt++)
        rc = run_page(s, qp, o, out, errmsg);
    return rc == SW_ENOTFOUND ? sw_error(errmsg, SW_EINDEX,
                                         "the index changed while its hits were read, %d times: "
                                         "search again",
                                         RUN_ATTEMPTS)
                              : rc;
}

int sw_searcher_count(sw_searcher *s, const sw_qparsed *qp, const sw_search_opts *o,
                      const int *fields, size_t nfields, sw_counts *out, char **errmsg) {
    memset(out, 0, sizeof(*out));
    sw_query *q;
    qctx *c = new_qctx(s, o, qp, 1, &q, errmsg);
    if (!c)
        return SW_ENOMEM;
    int rc = c->rc;
    if (!rc && !nfields) { /* the totals alone: the story value is enough */
        rc = sw_index_count_stories(s->index, q, &out->stories, &out->pages, errmsg);
    } else if (!rc) {
        sw_counter *k = sw_counter_new();
        uint64_t pages = 0;
        rc = k ? sw_index_tally(s->index, q, sw_counter_add, k, &pages, errmsg) : SW_ENOMEM;
        if (!rc)
            rc = sw_counter_finish(k, pages, fields, nfields, o->all_copies, out);
        else
            sw_counter_free(k);
        if (rc == SW_ENOMEM)
            sw_error(errmsg, rc, "out of memory");
    }
    sw_query_free(q);
    qctx_release(c);
    free(c);
    return rc;
}

/* A set of story keys (16 hex digits), open addressing over their 64-bit values. */
typedef struct story_set {
    uint64_t *slot; /* 0: empty (a key of 0 is kept aside in has_zero) */
    size_t n, cap;
    int has_zero;
} story_set;

/*
 * Adds the story; 1 when it was there already, 0 when added (or not a key souwen writes: never
 * seen), SW_ENOMEM.
 */
static int story_set_add(story_set *set, const char *key) {
    uint64_t k;
    if (sw_story_key_value(key, &k))
        return 0;
    if (!k) {
        int had = set->has_zero;
        set->has_zero = 1;
        return had;
    }
    if (2 * (set->n + 1) > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        uint64_t *slot = calloc(cap, sizeof(*slot));
        if (!slot)
            return SW_ENOMEM;
        for (size_t i = 0; i < set->cap; i++)
            for (size_t j = set->slot[i] * 0x9e3779b97f4a7c15ull % cap; set->slot[i];
                 j = (j + 1) % cap)
                if (!slot[j]) {
                    slot[j] = set->slot[i];
                    break;
                }
        free(set->slot);
        set->slot = slot;
        set->cap = cap;
    }
    for (size_t j = k * 0x9e3779b97f4a7c15ull % set->cap;; j = (j + 1) % set->cap) {
        if (set->slot[j] == k)
            return 1;
        if (!set->slot[j]) {
            set->slot[j] = k;
            set->n++;
            return 0;
        }
    }
}

typedef struct all_ctx {
    sw_searcher *s;
    const qctx *c;
    const sw_search_opts *o;
    sw_result_fn fn;
    void *fn_ctx;
    story_set seen; /* stories shown (not with --all-copies) */
    int rank;
    char **errmsg;
} all_ctx;

static int on_every(void *ctx, sw_hit *h) {
    all_ctx *a = ctx;
    if (!a->o->all_copies && h->doc.type == 'a' && h->doc.story) {
        int had = story_set_add(&a->seen, h->doc.story);
        if (had == SW_ENOMEM)
            return sw_error(a->errmsg, SW_ENOMEM, "out of memory");
        if (had)
            return 0; /* its story is shown already */
    }
    sw_result r = {0};
    r.doc = h->doc;
    r.db = db_of(a->s, h->spec);
    memset(&h->doc, 0, sizeof(h->doc));
    r.rank = ++a->rank;
    r.score = h->score;
    int rc = resolve_story(a->s, a->c, a->o, 1, &r, a->errmsg);
    if (!rc && (rc = build_snippets(a->s, a->c, a->o, &r)))
        rc = sw_error(a->errmsg, rc, "unable to build a snippet: %s", sw_strerror(rc));
    if (!rc)
        rc = a->fn(a->fn_ctx, &r, a->errmsg);
    sw_result_release(&r);
    return rc;
}

int sw_searcher_all(sw_searcher *s, const sw_qparsed *qp, const sw_search_opts *o, sw_result_fn fn,
                    void *ctx, char **errmsg) {
    sw_query *q;
    qctx *c = new_qctx(s, o, qp, 1, &q, errmsg);
    if (!c)
        return SW_ENOMEM;
    int rc = c->rc;
    all_ctx a = {s, c, o, fn, ctx, {NULL, 0, 0, 0}, 0, errmsg};
    if (!rc)
        rc = sw_index_stream(s->index, q, on_every, &a, errmsg);
    free(a.seen.slot);
    sw_query_free(q);
    qctx_release(c);
    free(c);
    return rc;
}

/* The paragraphs of text ('\n'-separated) as the hashes of their folded text, 0 for none. */
static uint64_t *paragraph_hashes(const char *text, size_t *n) {
    *n = 0;
    size_t cap = 1;
    for (const char *p = text; p && *p; p++)
        cap += *p == '\n';
    uint64_t *h = malloc(cap * sizeof(*h));
    for (const char *p = text ? text : ""; h && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        sw_story_sig sig;
        h[(*n)++] = sw_story_sign(p, len, &sig) ? 0 : sig.exact;
        p += len + (e ? 1 : 0);
    }
    return h;
}

/* Copies of the paragraphs of text whose hash is not in other[0..nother), into *out, *n. */
static int paragraphs_not_in(const char *text, const uint64_t *other, size_t nother, char ***out,
                             size_t *n) {
    size_t nh = 0;
    uint64_t *h = paragraph_hashes(text, &nh);
    char **list = h ? calloc(nh + 1, sizeof(*list)) : NULL;
    int rc = list ? 0 : SW_ENOMEM;
    const char *p = text ? text : "";
    for (size_t i = 0; !rc && i < nh; i++) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int found = !h[i];
        for (size_t k = 0; !found && k < nother; k++)
            found = other[k] == h[i];
        if (!found && !(list[(*n)++] = sw_strndup(p, len)))
            rc = SW_ENOMEM;
        p += len + (e ? 1 : 0);
    }
    free(h);
    *out = list;
    return rc;
}

/* How copy r differs from the original o: title, paragraphs added and dropped. */
static int compare_copy(const sw_doc *o, sw_result *r) {
    sw_story_sig a, b;
    const char *ot = o->title ? o->title : "", *ct = r->doc.title ? r->doc.title : "";
    if (sw_story_sign(ot, strlen(ot), &a) || sw_story_sign(ct, strlen(ct), &b))
        return SW_ENOMEM;
    r->title_differs = a.exact != b.exact;
    size_t no = 0, nc = 0;
    uint64_t *ho = paragraph_hashes(o->body, &no), *hc = paragraph_hashes(r->doc.body, &nc);
    int rc = ho && hc ? 0 : SW_ENOMEM;
    if (!rc)
        rc = paragraphs_not_in(r->doc.body, ho, no, &r->added, &r->nadded);
    if (!rc)
        rc = paragraphs_not_in(o->body, hc, nc, &r->dropped, &r->ndropped);
    free(ho);
    free(hc);
    return rc;
}

int sw_searcher_story(sw_searcher *s, const char *key, sw_results *out, char **errmsg) {
    memset(out, 0, sizeof(*out));
    char term[64];
    int tl = snprintf(term, sizeof(term), SW_PREFIX_STORY "%s", key);
    if (tl < 0 || (size_t)tl >= sizeof(term) || !*key)
        return sw_error(errmsg, SW_EUSAGE, "'%s' is not a story (see a hit's \"story\")", key);
    sw_query *q = sw_query_term("", term, (size_t)tl);
    sw_hit *h = q ? calloc(SW_STORY_MAX_LIST, sizeof(*h)) : NULL;
    out->r = h ? calloc(SW_STORY_MAX_LIST, sizeof(*out->r)) : NULL;
    size_t n = 0;
    int rc = out->r ? sw_index_search(s->index, q, 0, 0, SW_STORY_MAX_LIST, h, &n, &out->estimated,
                                      errmsg)
                    : sw_error(errmsg, SW_ENOMEM, "out of memory");
    sw_query_free(q);
    if (!rc && n == 0)
        rc = sw_error(errmsg, SW_ENOTFOUND, "no page has the story '%s'", key);
    if (!rc) {
        order_copies(h, n);
        for (size_t i = 0; i < n; i++) {
            sw_result *r = &out->r[out->n++];
            r->doc = h[i].doc;
            r->db = db_of(s, h[i].spec);
            memset(&h[i].doc, 0, sizeof(h[i].doc));
            r->rank = (int)i + 1;
            r->copies = (int64_t)out->estimated;
            if (i && !rc && compare_copy(&out->r[0].doc, r))
                rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        }
    }
    for (size_t i = 0; h && i < n; i++)
        sw_doc_release(&h[i].doc);
    free(h);
    if (rc)
        sw_results_release(out);
    return rc;
}

void sw_result_release(sw_result *r) {
    sw_doc_release(&r->doc);
    for (size_t k = 0; k < r->nmissing; k++)
        free(r->missing[k]);
    free(r->missing);
    sw_snippet_release(&r->snippet);
    sw_snippet_release(&r->title);
    free(r->copy_names);
    for (size_t k = 0; k < r->nadded; k++)
        free(r->added[k]);
    free(r->added);
    for (size_t k = 0; k < r->ndropped; k++)
        free(r->dropped[k]);
    free(r->dropped);
    memset(r, 0, sizeof(*r));
}

void sw_results_release(sw_results *r) {
    for (size_t i = 0; i < r->n; i++)
        sw_result_release(&r->r[i]);
    free(r->r);
    memset(r, 0, sizeof(*r));
}
