/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * verify.c - consistency of an index folder (see verify.h).
 *
 * The one decision: the store is the record, so every comparison starts
 * from the store's rows and the `pending` list. A document the index lacks
 * or keeps too long is a problem unless pending names it, because the
 * commit protocol (schema/souwen.sql) applies pending work at the next
 * open. The check only reads; it repairs nothing (re-running the indexer
 * does, and --rebuild will).
 */
#include "verify.h"

#include "buf.h"
#include "error.h"
#include "index.h"
#include "lock.h"
#include "segment.h"
#include "shards.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PROBLEMS_SHOWN 20 /* document-level problems reported one by one; the rest counted */
#define PROBE_TERMS 8     /* title words in a page's search probe */

typedef struct checker {
    sw_store *store;
    sw_index *index;
    sw_segmenter *seg;
    void (*problem)(void *ctx, const char *msg);
    void *ctx;
    sw_verify_report *r;
    char *pending_kinds; /* the pending list */
    int64_t *pending_ids;
    size_t npending;
    int64_t shown; /* document-level problems reported so far */
    sw_query *terms[PROBE_TERMS];
    size_t nterms;
} checker;

static void say(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(checker *c, const char *fmt, ...) {
    c->r->problems++;
    if (c->shown++ >= PROBLEMS_SHOWN) {
        if (c->shown == PROBLEMS_SHOWN + 1)
            c->problem(c->ctx, "more problems follow; only their number is reported");
        return;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->problem(c->ctx, msg);
}

static int pending(const checker *c, char type, int64_t id) {
    for (size_t i = 0; i < c->npending; i++)
        if (c->pending_ids[i] == id && c->pending_kinds[i] == type)
            return 1;
    return 0;
}

static const char *type_name(char type) { return type == 'a' ? "article" : "headline"; }

/* Store ids against index ids for one type, both sorted. */
static int compare_ids(checker *c, char type, uint64_t *in_index, char **errmsg) {
    int64_t *sids = NULL, *xids = NULL;
    size_t ns = 0, nx = 0;
    int rc = sw_store_ids(c->store, type, &sids, &ns, errmsg);
    if (!rc)
        rc = sw_index_ids(c->index, type, &xids, &nx, errmsg);
    if (rc)
        goto out;
    *in_index += nx;
    for (size_t i = 0, j = 0; i < ns || j < nx;) {
        if (j >= nx || (i < ns && sids[i] < xids[j])) {
            if (!pending(c, type, sids[i]))
                say(c, "%s %lld is stored but has no document in the index", type_name(type),
                    (long long)sids[i]);
            i++;
        } else if (i >= ns || xids[j] < sids[i]) {
            if (!pending(c, type, xids[j])) {
                char idt[SW_ID_TERM_MAX];
                sw_index_id_term(idt, type, xids[j]);
                say(c, "the index has document %s, but the store has no such %s%s", idt,
                    type_name(type), type == 'h' ? " listed or shown on any page" : "");
            }
            j++;
        } else {
            i++, j++;
        }
    }
out:
    free(sids);
    free(xids);
    return rc;
}

static int probe_token(void *ctx, const char *term, size_t len, size_t start, size_t end,
                       int tflags) {
    (void)start, (void)end, (void)tflags;
    checker *c = ctx;
    if (c->nterms == PROBE_TERMS)
        return 1;
    sw_query *q = sw_query_term("", term, len);
    if (!q)
        return SW_ENOMEM;
    c->terms[c->nterms++] = q;
    return 0;
}

/* Searches for the page's document by its title words, filtered to its id term. */
static int probe_page(void *ctx, const sw_page_probe *p) {
    checker *c = ctx;
    if (!p->type) {
        say(c, "page %lld ('%s') has neither an article nor a listed headline",
            (long long)p->page_id, p->key);
        return 0;
    }
    int is_pending = pending(c, p->type, p->id);
    c->nterms = 0;
    const char *title = p->title ? p->title : "";
    int rc = sw_segment(c->seg, title, strlen(title), probe_token, c);
    char idt[SW_ID_TERM_MAX];
    size_t idl = sw_index_id_term(idt, p->type, p->id);
    sw_query *idq = sw_query_term("", idt, idl);
    sw_query *words = c->nterms ? sw_query_op(SW_Q_AND, c->terms, c->nterms) : NULL;
    sw_query *pair[2] = {words, idq};
    /* A title with no words at all (only punctuation) can only be found by its id. */
    sw_query *q = !idq ? NULL : words ? sw_query_op(SW_Q_FILTER, pair, 2) : idq;
    for (size_t i = 0; i < c->nterms; i++)
        sw_query_free(c->terms[i]);
    if (rc < 0 || !q || (c->nterms && !words)) {
        sw_query_free(words);
        sw_query_free(idq);
        if (q != idq)
            sw_query_free(q);
        return rc < 0 ? rc : SW_ENOMEM;
    }
    sw_hit hit;
    size_t n = 0;
    uint64_t est = 0;
    char *err = NULL;
    rc = sw_index_search(c->index, q, 0, 0, 1, &hit, &n, &est, &err);
    if (q != idq)
        sw_query_free(q);
    sw_query_free(words);
    sw_query_free(idq);
    if (rc) {
        say(c, "page %lld ('%s'): %s", (long long)p->page_id, p->key, err ? err : "search failed");
        free(err);
        return 0;
    }
    int found = n == 1 && hit.doc.type == p->type && hit.doc.id == p->id;
    if (n == 1)
        sw_doc_release(&hit.doc);
    if (found)
        c->r->pages_searched++;
    else if (is_pending)
        c->r->pages_pending++; /* not searchable (as stored) until the next writer run */
    else
        say(c, "page %lld ('%s') is not searchable: its %s %lld is not found by its title words",
            (long long)p->page_id, p->key, type_name(p->type), (long long)p->id);
    return 0;
}

static void store_problem(void *ctx, const char *msg) {
    checker *c = ctx;
    c->problem(c->ctx, msg);
}

int sw_verify_run(const char *dir, void (*problem)(void *ctx, const char *msg), void *ctx,
                  sw_verify_report *out, char **errmsg) {
    memset(out, 0, sizeof(*out));
    checker c;
    memset(&c, 0, sizeof(c));
    c.problem = problem;
    c.ctx = ctx;
    c.r = out;
    int fd = -1;
    sw_buf p = SW_BUF_INIT;
    int rc = sw_lock_existing(dir, 1, &fd, &p, errmsg);
    if (!rc)
        rc = sw_store_open(sw_buf_str(&p), 0, &c.store, errmsg);
    sw_shards sh;
    int have_shards = !rc && (rc = sw_shards_load(dir, &sh, errmsg)) == 0;
    if (have_shards)
        rc = sw_shards_check(&sh, errmsg);
    /* Xapian's own structure first; a damaged shard is a problem to report, not a failure. */
    for (size_t i = 0; have_shards && !rc && i < sh.n; i++) {
        sw_buf_reset(&p);
        sw_buf_addf(&p, "%s/%s", dir, sh.names[i]);
        uint64_t xerrors = 0;
        char *xmsg = NULL;
        if (sw_index_check(sw_buf_str(&p), &xerrors, &xmsg) == 0 && xerrors)
            sw_error(&xmsg, SW_EINDEX,
                     "the index '%s' is damaged: Xapian's check found %llu errors", sw_buf_str(&p),
                     (unsigned long long)xerrors);
        if (xmsg) {
            problem(ctx, xmsg);
            out->problems++;
            free(xmsg);
            continue;
        }
        /* Each document where the layout routes it: else it would never be replaced. */
        sw_index *x = NULL;
        rc = sw_index_open(sw_buf_str(&p), 0, &x, errmsg);
        for (int t = 0; !rc && t < 2; t++) {
            char type = t ? 'h' : 'a';
            int64_t *ids = NULL;
            size_t n = 0;
            rc = sw_index_ids(x, type, &ids, &n, errmsg);
            for (size_t j = 0; !rc && j < n; j++)
                if (sw_shards_route(&sh, type, ids[j]) != i)
                    say(&c, "%s %lld is in shard '%s', not in shard '%s' where the layout puts it",
                        type_name(type), (long long)ids[j], sh.names[i],
                        sh.names[sw_shards_route(&sh, type, ids[j])]);
            free(ids);
        }
        sw_index_close(x);
    }
    if (have_shards)
        sw_shards_release(&sh);
    sw_buf_release(&p);
    if (!rc)
        rc = sw_index_open_folder(dir, &c.index, errmsg);
    if (!rc)
        rc = sw_segmenter_new(&c.seg, errmsg);
    int64_t store_problems = 0;
    if (!rc)
        rc = sw_store_check(c.store, 0, store_problem, &c, &store_problems, errmsg);
    out->problems += store_problems;
    if (!rc)
        rc = sw_store_count(c.store, &out->store, errmsg);
    if (!rc)
        rc = sw_store_pending(c.store, INT64_MAX, &c.pending_kinds, &c.pending_ids, &c.npending,
                              errmsg);
    uint64_t with_id = 0;
    if (!rc)
        rc = compare_ids(&c, 'a', &with_id, errmsg);
    if (!rc)
        rc = compare_ids(&c, 'h', &with_id, errmsg);
    if (!rc)
        rc = sw_index_count(c.index, &out->index_docs, errmsg);
    if (!rc && out->index_docs != with_id)
        say(&c, "the index holds %llu documents, %llu of them with an id term",
            (unsigned long long)out->index_docs, (unsigned long long)with_id);
    if (!rc) {
        rc = sw_store_each_page(c.store, probe_page, &c, errmsg);
        if (rc > 0)
            rc = SW_ENOMEM;
        if (rc && !*errmsg)
            sw_error(errmsg, rc, "unable to search '%s': %s", dir, sw_strerror(rc));
    }
    free(c.pending_kinds);
    free(c.pending_ids);
    sw_segmenter_free(c.seg);
    sw_index_close(c.index);
    sw_store_close(c.store);
    sw_lock_release(fd);
    return rc;
}
