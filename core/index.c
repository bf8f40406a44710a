/*
 * index.c - documents and queries over the Xapian shim.
 *
 * Stored layout (also in schema/TERMS.md):
 *
 *   document data   "<kind><id>": "a12" is articles.id 12, "h7" headlines.id 7
 *   Q<kind><id>     unique id term, used to replace and delete
 *   T<type>         Tarticle or Theadline (boolean filter)
 *   <word>          free text: title words (wdf TITLE_WDF each, positions from
 *                   1), then body words, then source words, each field
 *                   starting FIELD_GAP positions after the previous one so
 *                   that no phrase matches across fields
 *   S<word>         title words, with positions (title: field)
 *   A<word>         source words, no positions (source: field)
 *   K<word>         headline section words, no positions (section: field)
 *   value 0         the document's date as Xapian sortable_serialise(unix
 *                   seconds); absent when the page gives no date
 *   metadata        "souwen_schema": the schema version (SW_SCHEMA_VERSION, in
 *                   decimal) the index was written with; checked at open
 *
 * Words are the segmenter's normalized tokens. Ranking is BM25 over the free
 * text; giving title words a larger wdf is what weights titles above bodies.
 * This file does not segment queries: query/ does, and builds sw_query trees
 * with the functions below.
 */
#include "index.h"

#include "buf.h"
#include "date.h"
#include "error.h"
#include "xapian_shim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_WDF 3
#define FIELD_GAP 100
#define SLOT_DATE 0

struct sw_index {
    xs_db *db;    /* the Xapian database */
    char *dir;    /* its folder, for messages */
    sw_buf term;  /* prefix + term scratch */
};

int sw_index_open(const char *dir, int flags, sw_index **out, char **errmsg) {
    sw_index *x = calloc(1, sizeof(*x));
    if (!x)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    char *err = NULL;
    int rc = xs_db_open(dir, flags & SW_INDEX_WRITE, &x->db, &err);
    if (rc) {
        sw_error(errmsg, rc, "unable to open the index '%s': %s", dir, err ? err : "");
        free(err);
        free(x);
        return rc;
    }
    if (!(x->dir = strdup(dir))) {
        sw_index_close(x);
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    int ver = 0;
    rc = sw_index_schema(x, &ver, errmsg);
    if (!rc && ver == 0 && (flags & SW_INDEX_WRITE))
        rc = sw_index_set_schema(x, SW_SCHEMA_VERSION, errmsg);
    else if (!rc && ver != 0 && ver != SW_SCHEMA_VERSION && !(flags & SW_INDEX_ANY_VERSION))
        rc = sw_error(errmsg, SW_EINDEX,
                      "the index '%s' has schema version %d; this souwen reads version %d%s", dir,
                      ver, SW_SCHEMA_VERSION,
                      ver < SW_SCHEMA_VERSION ? " (run souwen-index --upgrade)" : "");
    if (rc) {
        sw_index_close(x);
        return rc;
    }
    *out = x;
    return 0;
}

void sw_index_close(sw_index *x) {
    if (!x)
        return;
    xs_db_close(x->db);
    sw_buf_release(&x->term);
    free(x->dir);
    free(x);
}

static int shim_error_in(sw_index *x, char **errmsg, int rc, char *err, const char *what) {
    sw_error(errmsg, rc, "%s '%s': %s", what, x->dir, err ? err : "unknown error");
    free(err);
    return rc;
}

static int shim_error(char **errmsg, int rc, char *err, const char *what) {
    sw_error(errmsg, rc, "%s: %s", what, err ? err : "unknown error");
    free(err);
    return rc;
}

/* State of one field being added to one document. */
typedef struct field_ctx {
    sw_index *x;
    xs_doc *doc;
    const char *prefix; /* also index under this prefix, or NULL */
    int positional;     /* whether the prefixed terms keep positions */
    unsigned wdf;       /* wdf of each free-text posting */
    unsigned pos;       /* last position used */
    int rc;
} field_ctx;

static int add_token(void *ctx, const char *term, size_t len, size_t start, size_t end,
                     int tflags) {
    (void)start, (void)end, (void)tflags;
    field_ctx *f = ctx;
    f->pos++;
    if (f->wdf && xs_doc_add(f->doc, term, len, f->pos, f->wdf))
        return SW_EINDEX;
    if (f->prefix) {
        sw_buf *t = &f->x->term;
        sw_buf_reset(t);
        sw_buf_adds(t, f->prefix);
        sw_buf_add(t, term, len);
        if (t->oom)
            return SW_ENOMEM;
        if (xs_doc_add(f->doc, t->data, t->len, f->positional ? f->pos : 0, 1))
            return SW_EINDEX;
    }
    return 0;
}

static int add_field(field_ctx *f, sw_segmenter *seg, const char *text, const char *prefix,
                     int positional, unsigned wdf) {
    if (!text)
        return 0;
    f->prefix = prefix;
    f->positional = positional;
    f->wdf = wdf;
    int rc = sw_segment(seg, text, strlen(text), add_token, f);
    f->pos += FIELD_GAP;
    return rc < 0 ? rc : 0;
}

static void id_term(char *out, size_t cap, char type, int64_t id) {
    snprintf(out, cap, "Q%c%lld", type, (long long)id);
}

int sw_index_put(sw_index *x, sw_segmenter *seg, const sw_doc *d, char **errmsg) {
    xs_doc *doc = NULL;
    char *err = NULL;
    int rc = xs_doc_new(&doc, &err);
    if (rc)
        return shim_error(errmsg, rc, err, "unable to create a document");
    field_ctx f = {x, doc, NULL, 0, 0, 0, 0};
    rc = add_field(&f, seg, d->title, SW_PREFIX_TITLE, 1, TITLE_WDF);
    if (!rc)
        rc = add_field(&f, seg, d->body, NULL, 0, 1);
    if (!rc)
        rc = add_field(&f, seg, d->source, SW_PREFIX_SOURCE, 0, 1);
    if (!rc)
        rc = add_field(&f, seg, d->sections, SW_PREFIX_SECTION, 0, 0);
    if (rc) {
        xs_doc_free(doc);
        return sw_error(errmsg, rc, "unable to index document %c%lld: %s", d->type,
                        (long long)d->id, sw_strerror(rc));
    }
    const char *type = d->type == 'a' ? SW_PREFIX_TYPE "article" : SW_PREFIX_TYPE "headline";
    char data[40], idt[48];
    snprintf(data, sizeof(data), "%c%lld", d->type, (long long)d->id);
    id_term(idt, sizeof(idt), d->type, d->id);
    rc = xs_doc_add(doc, type, strlen(type), 0, 0);
    if (!rc)
        rc = xs_doc_set_data(doc, data, strlen(data));
    int64_t t = sw_date_unix(d->date);
    if (!rc && t != INT64_MIN) {
        char v[32];
        size_t vl;
        xs_sortable((double)t, v, &vl);
        rc = xs_doc_set_value(doc, SLOT_DATE, v, vl);
    }
    if (!rc)
        rc = xs_db_replace(x->db, idt, doc, &err);
    xs_doc_free(doc);
    if (rc)
        return shim_error_in(x, errmsg, rc, err, "unable to write to the index");
    return 0;
}

int sw_index_delete(sw_index *x, char type, int64_t id, char **errmsg) {
    char idt[48], *err = NULL;
    id_term(idt, sizeof(idt), type, id);
    int rc = xs_db_delete(x->db, idt, &err);
    return rc ? shim_error_in(x, errmsg, rc, err, "unable to delete from the index") : 0;
}

int sw_index_commit(sw_index *x, char **errmsg) {
    char *err = NULL;
    int rc = xs_db_commit(x->db, &err);
    return rc ? shim_error_in(x, errmsg, rc, err, "unable to commit the index") : 0;
}

int sw_index_schema(sw_index *x, int *version, char **errmsg) {
    char *v = NULL, *err = NULL;
    int rc = xs_db_get_metadata(x->db, SW_INDEX_SCHEMA_KEY, &v, &err);
    if (rc)
        return shim_error_in(x, errmsg, rc, err, "unable to read the schema version of the index");
    char *end = NULL;
    long n = v ? strtol(v, &end, 10) : 0;
    if (v && (end == v || *end || n <= 0 || n > 1000000)) {
        rc = sw_error(errmsg, SW_EINDEX, "the index '%s' records schema version '%s', not a number",
                      x->dir, v);
        free(v);
        return rc;
    }
    free(v);
    *version = (int)n;
    return 0;
}

int sw_index_set_schema(sw_index *x, int version, char **errmsg) {
    char v[16], *err = NULL;
    snprintf(v, sizeof(v), "%d", version);
    int rc = xs_db_set_metadata(x->db, SW_INDEX_SCHEMA_KEY, v, &err);
    if (rc)
        return shim_error_in(x, errmsg, rc, err,
                             "unable to record the schema version of the index");
    return sw_index_commit(x, errmsg);
}

int sw_index_check(const char *dir, uint64_t *errors, char **errmsg) {
    char *err = NULL;
    int rc = xs_db_check(dir, errors, &err);
    if (rc) {
        sw_error(errmsg, rc, "the index '%s' is damaged: %s", dir, err ? err : "unknown error");
        free(err);
    }
    return rc;
}

typedef struct id_list {
    int64_t *ids;
    size_t n, cap;
} id_list;

static int collect_id(void *ctx, const char *term, size_t len) {
    id_list *l = ctx;
    int64_t id = 0;
    if (len < 3 || len > 21)
        return 0; /* not Q<type><digits> */
    for (size_t i = 2; i < len; i++) {
        if (term[i] < '0' || term[i] > '9')
            return 0;
        id = id * 10 + (term[i] - '0');
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 1024;
        int64_t *p = realloc(l->ids, cap * sizeof(*p));
        if (!p)
            return SW_ENOMEM;
        l->ids = p;
        l->cap = cap;
    }
    l->ids[l->n++] = id;
    return 0;
}

static int cmp_id(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int sw_index_ids(sw_index *x, char type, int64_t **ids, size_t *n, char **errmsg) {
    char prefix[3] = {'Q', type, '\0'}, *err = NULL;
    id_list l = {NULL, 0, 0};
    int rc = xs_db_terms(x->db, prefix, collect_id, &l, &err);
    if (rc) {
        free(l.ids);
        if (rc == SW_ENOMEM && !err)
            return sw_error(errmsg, rc, "out of memory");
        return shim_error_in(x, errmsg, rc, err, "unable to read the id terms of the index");
    }
    if (l.n)
        qsort(l.ids, l.n, sizeof(*l.ids), cmp_id);
    *ids = l.ids;
    *n = l.n;
    return 0;
}

int sw_index_count(sw_index *x, uint64_t *n, char **errmsg) {
    char *err = NULL;
    int rc = xs_db_doccount(x->db, n, &err);
    return rc ? shim_error_in(x, errmsg, rc, err, "unable to read the index") : 0;
}

sw_query *sw_query_term(const char *prefix, const char *term, size_t len) {
    size_t pl = strlen(prefix);
    char buf[SW_TERM_MAX + 16];
    if (pl + len > sizeof(buf))
        return NULL;
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, term, len);
    return (sw_query *)xs_query_term(buf, pl + len);
}

sw_query *sw_query_op(int op, sw_query *const *subs, size_t n) {
    static const int ops[] = {[SW_Q_AND] = XS_AND,         [SW_Q_OR] = XS_OR,
                              [SW_Q_AND_MAYBE] = XS_AND_MAYBE, [SW_Q_PHRASE] = XS_PHRASE,
                              [SW_Q_FILTER] = XS_FILTER,   [SW_Q_AND_NOT] = XS_AND_NOT};
    if (op < 0 || op > SW_Q_AND_NOT)
        return NULL;
    return (sw_query *)xs_query_op(ops[op], (xs_query *const *)subs, n);
}

void sw_query_free(sw_query *q) { xs_query_free((xs_query *)q); }

char *sw_query_describe(const sw_query *q) { return xs_query_describe((const xs_query *)q); }

int sw_index_search(sw_index *x, const sw_query *q, size_t offset, size_t limit, sw_hit *hits,
                    size_t *n, uint64_t *estimated, char **errmsg) {
    xs_hit *xh = limit ? calloc(limit, sizeof(*xh)) : NULL;
    if (limit && !xh)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    char *err = NULL;
    size_t got = 0;
    int rc = xs_db_search(x->db, (const xs_query *)q, offset, limit, xh, &got, estimated, &err);
    if (rc) {
        free(xh);
        return shim_error_in(x, errmsg, rc, err, "unable to search the index");
    }
    size_t k = 0;
    for (size_t i = 0; i < got; i++) {
        char type = xh[i].data[0];
        if (type != 'a' && type != 'h')
            continue;
        hits[k].type = type;
        hits[k].id = strtoll(xh[i].data + 1, NULL, 10);
        hits[k].score = xh[i].score;
        k++;
    }
    *n = k;
    free(xh);
    return 0;
}
