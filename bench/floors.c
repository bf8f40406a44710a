/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * floors.c - what one thread can do at best, measured on the corpus souwen-index is measured on
 * (bench/run.sh runs it; not a test).
 *
 *   (a) read + decode + segment: each page file read whole, split into its documents, and every
 *       document's text run through core's sw_segmenter (the UTF-8 -> UTF-16 decode, ICU's word
 *       BreakIterator and the token folding souwen uses); tokens are counted, nothing is kept;
 *   (b) Xapian ingest alone: the same documents, segmented beforehand (untimed) into an
 *       in-memory batch of tokens, then written (timed): one posting with position per word,
 *       the document's data and unique id term, replace_document, a commit per batch;
 *   (c) the two in sequence, as a naive one-thread pipeline would: read, segment straight into
 *       the Xapian document, write, commit per batch.
 *
 * The one decision a reader needs: the floors index the documents souwen indexes, not the
 * files' bytes. A page of bench/cctv_pages.py is an article (title, then body, until the line
 * 本期要闻) and a list of headlines; each article is one document (title words, a gap of 100
 * positions, body words) and each distinct headline is one document the first time it is seen,
 * as souwen's store does (about half of a CCTV page's bytes are the day's headline list, repeated
 * on every page of that day). Throughput is reported over the input bytes, like souwen-index's.
 *
 * The floors index words only, as core/index.c indexes free text, but without its extra layers:
 * no title/source/section prefixes, no character pairs (XB/XC), no URL or date terms, no SQLite.
 * They measure raw Xapian through the same C shim souwen uses (core/xapian_shim.h, included
 * here directly), with the same replace-by-unique-term call.
 *
 * usage: souwen-bench-floors [--commit-every N] [--words FILE] [--words-every K] LIST DBDIR
 *   LIST   a file naming one page per line; DBDIR a fresh folder for the (b) and (c) databases
 *   --commit-every N  pages per batch and commit (default 500, souwen-index's default)
 *   --words FILE      while preparing (b)'s batches (untimed), write the tokens of every K-th
 *                     article (default 10) to FILE for the query generator: path, date,
 *                     title tokens, body tokens (a '|' between two tokens that do not touch
 *                     in the text), as they are in the text
 * Prints one JSON object on stdout.
 */
#include "buf.h"
#include "error.h"
#include "segment.h"
#include "util.h"
#include "xapian_shim.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define FIELD_GAP 100

/* One document cut out of a page: spans of the page text. */
typedef struct span {
    const char *s; /* start, inside the page buffer */
    size_t n;      /* length in bytes */
} span;

typedef struct page {
    span title;    /* the article's title (n 0: no article) */
    span body;     /* its body */
    char date[11]; /* YYYY-MM-DD from the meta line, or "" */
    span *heads;   /* the headline lines */
    size_t nheads, capheads;
} page;

/* A set of 64-bit hashes (open addressing), for "headline seen before". */
typedef struct hset {
    uint64_t *slot; /* 0 = empty */
    size_t cap, n;
} hset;

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ? h : 1;
}

/* Exits on out of memory: a benchmark, not a library. */
static void no_memory(void) {
    fprintf(stderr, "floors: out of memory\n");
    exit(2);
}

/* sw_grow, or exit. */
static void *grow(void *items, size_t *cap, size_t need, size_t size, size_t first) {
    void *g = sw_grow(items, cap, need, size, first);
    if (!g)
        no_memory();
    return g;
}

/* Adds h; returns 1 when it was new. Exits when out of memory. */
static int hset_add(hset *t, uint64_t h) {
    if (2 * (t->n + 1) > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 1024;
        uint64_t *s = calloc(cap, sizeof(*s));
        if (!s)
            no_memory();
        for (size_t i = 0; i < t->cap; i++)
            if (t->slot[i])
                for (size_t j = t->slot[i] & (cap - 1);; j = (j + 1) & (cap - 1))
                    if (!s[j]) {
                        s[j] = t->slot[i];
                        break;
                    }
        free(t->slot);
        t->slot = s;
        t->cap = cap;
    }
    for (size_t j = h & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
        if (t->slot[j] == h)
            return 0;
        if (!t->slot[j]) {
            t->slot[j] = h;
            t->n++;
            return 1;
        }
    }
}

static void hset_clear(hset *t) {
    if (t->slot)
        memset(t->slot, 0, t->cap * sizeof(*t->slot));
    t->n = 0;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_file(const char *path, sw_buf *b) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    sw_buf_reset(b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        sw_buf_add(b, chunk, n);
    int bad = ferror(f) || b->oom;
    fclose(f);
    return bad ? -1 : 0;
}

static int starts(span l, const char *p) {
    size_t n = strlen(p);
    return l.n >= n && memcmp(l.s, p, n) == 0;
}

/*
 * Cuts a page of bench/cctv_pages.py into its article and headlines: an optional "URL:" line,
 * an optional breadcrumb (a line with " > "), the title, meta lines starting 来源, the body,
 * then after the line 本期要闻 one headline per line.
 */
static void split_page(const char *text, size_t len, page *p) {
    p->title.n = p->body.n = 0;
    p->nheads = 0;
    p->date[0] = 0;
    int state = 0; /* 0 header, 1 body, 2 headlines */
    const char *body_end = text + len;
    p->body.s = NULL;
    for (const char *s = text; s < text + len;) {
        const char *e = memchr(s, '\n', (size_t)(text + len - s));
        if (!e)
            e = text + len;
        span l = {s, (size_t)(e - s)};
        const char *next = e < text + len ? e + 1 : e;
        if (state == 0) {
            if (!l.n || starts(l, "URL:") || memmem(l.s, l.n, " > ", 3)) {
                /* address, breadcrumb or blank: not the title */
            } else if (!p->title.n) {
                p->title = l;
            } else if (starts(l, "来源")) {
                for (size_t i = 0; i + 10 <= l.n; i++)
                    if (l.s[i] >= '1' && l.s[i] <= '2' && l.s[i + 4] == '-' && l.s[i + 7] == '-') {
                        memcpy(p->date, l.s + i, 10);
                        p->date[10] = 0;
                        break;
                    }
            } else {
                state = 1;
                p->body.s = s;
            }
        }
        if (state == 1 && l.n == strlen("本期要闻") && starts(l, "本期要闻")) {
            body_end = s;
            state = 2;
        } else if (state == 2 && l.n) {
            p->heads = grow(p->heads, &p->capheads, p->nheads + 1, sizeof(*p->heads), 16);
            p->heads[p->nheads++] = l;
        }
        s = next;
    }
    if (p->body.s)
        p->body.n = (size_t)(body_end - p->body.s);
}

/* Tokens of the documents of one batch, for floor (b). */
typedef struct tok {
    uint32_t off; /* into batch.terms */
    uint32_t len;
    uint32_t pos;
} tok;

typedef struct batch {
    sw_buf terms; /* every token's bytes, back to back */
    tok *toks;    /* all tokens of the batch */
    size_t ntoks, captoks;
    size_t *docend; /* docend[i]: index in toks just past document i */
    size_t ndocs, capdocs;
} batch;

/* What a token callback works on. */
typedef struct run {
    int mode;            /* 'a' count, 'b' into the batch, 'c' into the Xapian doc */
    unsigned pos;        /* last position used in the current document */
    uint64_t tokens;     /* tokens seen */
    uint64_t text_bytes; /* bytes of document text segmented */
    batch *b;
    xs_doc *doc;
    FILE *words;         /* with --words: where this document's tokens go, else NULL */
    unsigned words_left; /* tokens still to write for this document */
    const char *text;    /* the text being segmented, for --words */
    size_t prev_end;     /* end of the previous token, for --words */
} run;

static int on_token(void *ctx, const char *term, size_t len, size_t start, size_t end, int tflags) {
    (void)tflags;
    run *r = ctx;
    r->pos++;
    r->tokens++;
    if (r->words && r->words_left) {
        r->words_left--;
        if (r->prev_end != (size_t)-1)
            fputs(r->prev_end == start ? " " : " | ", r->words);
        fwrite(r->text + start, 1, end - start, r->words);
        r->prev_end = end;
    }
    if (r->mode == 'b') {
        batch *b = r->b;
        if (b->ntoks == b->captoks) {
            tok *t = sw_grow(b->toks, &b->captoks, b->ntoks + 1, sizeof(*t), 4096);
            if (!t)
                return SW_ENOMEM;
            b->toks = t;
        }
        b->toks[b->ntoks++] = (tok){(uint32_t)b->terms.len, (uint32_t)len, r->pos};
        sw_buf_add(&b->terms, term, len);
        return b->terms.oom ? SW_ENOMEM : 0;
    }
    if (r->mode == 'c')
        return xs_doc_add(r->doc, term, len, r->pos, 1) ? SW_EINDEX : 0;
    return 0;
}

static void segment(sw_segmenter *seg, run *r, span sp) {
    r->text = sp.s;
    r->text_bytes += sp.n;
    r->prev_end = (size_t)-1;
    int rc = sw_segment(seg, sp.s, sp.n, on_token, r);
    if (rc < 0) {
        fprintf(stderr, "floors: segmentation failed: %s\n", sw_strerror(rc));
        exit(2);
    }
    r->pos += FIELD_GAP;
}

/*
 * Segments the documents of page p that are new (its article; its headlines not seen before),
 * calling doc_done after each document. Returns the number of documents.
 */
static size_t page_docs(sw_segmenter *seg, run *r, page *p, hset *seen,
                        void (*doc_done)(run *r, void *arg), void *arg) {
    size_t n = 0;
    if (p->title.n) {
        r->pos = 0;
        r->words_left = 60;
        segment(seg, r, p->title);
        if (r->words)
            fputc('\t', r->words);
        r->words_left = 300; /* enough words for queries, a smaller file */
        segment(seg, r, p->body);
        doc_done(r, arg);
        n++;
    }
    r->words = NULL;
    for (size_t i = 0; i < p->nheads; i++)
        if (hset_add(seen, fnv(p->heads[i].s, p->heads[i].n))) {
            r->pos = 0;
            segment(seg, r, p->heads[i]);
            doc_done(r, arg);
            n++;
        }
    return n;
}

static void no_op(run *r, void *arg) {
    (void)r;
    (void)arg;
}

static void batch_doc_done(run *r, void *arg) {
    (void)arg;
    batch *b = r->b;
    b->docend = grow(b->docend, &b->capdocs, b->ndocs + 1, sizeof(*b->docend), 1024);
    b->docend[b->ndocs++] = b->ntoks;
}

static void die_shim(const char *what, char *err) {
    fprintf(stderr, "floors: %s: %s\n", what, err ? err : "unknown error");
    free(err);
    exit(2);
}

/* Writes one Xapian document: data and unique id term as souwen's, then replace_document. */
static void put_doc(xs_db *db, xs_doc *doc, uint64_t id) {
    char data[32], idt[32];
    snprintf(data, sizeof(data), "a%llu", (unsigned long long)id);
    snprintf(idt, sizeof(idt), "Qa%llu", (unsigned long long)id);
    char *err = NULL;
    if (xs_doc_add(doc, idt, strlen(idt), 0, 0) || xs_doc_set_data(doc, data, strlen(data)))
        die_shim("unable to build a document", NULL);
    if (xs_db_replace(db, idt, doc, &err))
        die_shim("unable to add a document", err);
}

/* Where floor (c) writes its documents. */
typedef struct sink {
    xs_db *db;   /* the database */
    uint64_t id; /* the last document id used */
} sink;

static void direct_doc_done(run *r, void *arg) {
    sink *k = arg;
    put_doc(k->db, r->doc, ++k->id);
    xs_doc_free(r->doc);
    char *err = NULL;
    if (xs_doc_new(&r->doc, &err))
        die_shim("unable to create a document", err);
}

typedef struct result {
    double secs;     /* timed seconds */
    uint64_t bytes;  /* input bytes */
    uint64_t docs;   /* documents made */
    uint64_t pages;  /* page files */
    uint64_t tokens; /* tokens segmented */
    uint64_t text;   /* bytes of document text segmented (headlines seen before are not) */
} result;

static char **read_list(const char *path, size_t *n) {
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "floors: unable to open '%s': %s\n", path, strerror(errno));
        exit(2);
    }
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = 0;
        if (!len)
            continue;
        v = grow(v, &cap, *n + 1, sizeof(*v), 1024);
        if (!(v[*n] = strdup(line)))
            no_memory();
        (*n)++;
    }
    free(line);
    fclose(f);
    return v;
}

static void print_result(const char *name, const result *r, int last) {
    printf(
        "  \"%s\": {\"seconds\": %.3f, \"mb_per_s\": %.3f, \"docs_per_s\": %.1f, \"bytes\": %llu, "
        "\"pages\": %llu, \"docs\": %llu, \"tokens\": %llu, \"text_bytes\": %llu}%s\n",
        name, r->secs, r->secs > 0 ? (double)r->bytes / 1e6 / r->secs : 0.0,
        r->secs > 0 ? (double)r->docs / r->secs : 0.0, (unsigned long long)r->bytes,
        (unsigned long long)r->pages, (unsigned long long)r->docs, (unsigned long long)r->tokens,
        (unsigned long long)r->text, last ? "" : ",");
}

int main(int argc, char **argv) {
    sw_tune_malloc(); /* the allocator souwen-index runs with: floors measured alike */
    size_t every = 500, words_every = 10;
    const char *words_path = NULL;
    static const struct option opts[] = {{"commit-every", required_argument, NULL, 'c'},
                                         {"words", required_argument, NULL, 'w'},
                                         {"words-every", required_argument, NULL, 'k'},
                                         {NULL, 0, NULL, 0}};
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (o == 'c')
            every = strtoul(optarg, NULL, 10);
        else if (o == 'w')
            words_path = optarg;
        else if (o == 'k')
            words_every = strtoul(optarg, NULL, 10);
        else
            return 2;
    }
    if (argc - optind != 2 || every == 0 || words_every == 0) {
        fprintf(stderr, "usage: souwen-bench-floors [--commit-every N] [--words FILE] "
                        "[--words-every K] LIST DBDIR\n");
        return 2;
    }
    size_t nfiles;
    char **files = read_list(argv[optind], &nfiles);
    const char *dbdir = argv[optind + 1];
    mkdir(dbdir, 0777);
    char *err = NULL;
    sw_segmenter *seg;
    if (sw_segmenter_new(&seg, &err)) {
        fprintf(stderr, "floors: %s\n", err);
        return 2;
    }
    sw_buf text = SW_BUF_INIT;
    page pg = {0};
    hset seen = {0};
    FILE *words = NULL;
    if (words_path && !(words = fopen(words_path, "w"))) {
        fprintf(stderr, "floors: unable to write '%s': %s\n", words_path, strerror(errno));
        return 2;
    }

    /* (a) read + decode + segment. */
    result ra = {0};
    run r = {.mode = 'a'};
    uint64_t articles = 0;
    double t0 = now();
    for (size_t i = 0; i < nfiles; i++) {
        if (read_file(files[i], &text)) {
            fprintf(stderr, "floors: unable to read '%s'\n", files[i]);
            return 2;
        }
        ra.bytes += text.len;
        split_page(sw_buf_str(&text), text.len, &pg);
        articles += pg.title.n > 0;
        ra.docs += page_docs(seg, &r, &pg, &seen, no_op, NULL);
    }
    ra.secs = now() - t0;
    ra.pages = nfiles;
    ra.tokens = r.tokens;
    ra.text = r.text_bytes;

    /* (b) Xapian ingest of pre-segmented batches: only the writing is timed. */
    result rb = {0};
    char path[4096];
    snprintf(path, sizeof(path), "%s/b", dbdir);
    xs_db *db;
    if (xs_db_open(path, 1, &db, &err))
        die_shim("unable to open the (b) database", err);
    hset_clear(&seen);
    batch b = {0};
    r = (run){.mode = 'b', .b = &b};
    uint64_t id = 0, nart = 0;
    for (size_t i = 0; i < nfiles;) {
        b.ntoks = b.ndocs = 0;
        sw_buf_reset(&b.terms);
        size_t end = i + every < nfiles ? i + every : nfiles;
        for (; i < end; i++) {
            if (read_file(files[i], &text))
                return 2;
            rb.bytes += text.len;
            split_page(sw_buf_str(&text), text.len, &pg);
            /* --words is written here, outside the timed parts. */
            int sampled = words && pg.title.n && nart++ % words_every == 0;
            if (sampled)
                fprintf(words, "%s\t%s\t", files[i], pg.date);
            r.words = sampled ? words : NULL;
            rb.docs += page_docs(seg, &r, &pg, &seen, batch_doc_done, NULL);
            if (sampled)
                fputc('\n', words);
        }
        double t = now();
        size_t k = 0;
        for (size_t d = 0; d < b.ndocs; d++) {
            xs_doc *doc;
            if (xs_doc_new(&doc, &err))
                die_shim("unable to create a document", err);
            for (; k < b.docend[d]; k++)
                if (xs_doc_add(doc, b.terms.data + b.toks[k].off, b.toks[k].len, b.toks[k].pos, 1))
                    die_shim("unable to add a term", NULL);
            put_doc(db, doc, ++id);
            xs_doc_free(doc);
        }
        if (xs_db_commit(db, &err))
            die_shim("unable to commit", err);
        rb.secs += now() - t;
    }
    xs_db_close(db);
    if (words)
        fclose(words);
    rb.pages = nfiles;
    rb.tokens = r.tokens;
    rb.text = r.text_bytes;

    /* (c) read, segment and write in sequence. */
    result rc = {0};
    snprintf(path, sizeof(path), "%s/c", dbdir);
    if (xs_db_open(path, 1, &db, &err))
        die_shim("unable to open the (c) database", err);
    hset_clear(&seen);
    r = (run){.mode = 'c'};
    if (xs_doc_new(&r.doc, &err))
        die_shim("unable to create a document", err);
    sink arg = {db, 0};
    t0 = now();
    for (size_t i = 0; i < nfiles; i++) {
        if (read_file(files[i], &text))
            return 2;
        rc.bytes += text.len;
        split_page(sw_buf_str(&text), text.len, &pg);
        rc.docs += page_docs(seg, &r, &pg, &seen, direct_doc_done, &arg);
        if ((i + 1) % every == 0 && xs_db_commit(db, &err))
            die_shim("unable to commit", err);
    }
    if (xs_db_commit(db, &err))
        die_shim("unable to commit", err);
    rc.secs = now() - t0;
    xs_doc_free(r.doc);
    xs_db_close(db);
    rc.pages = nfiles;
    rc.tokens = r.tokens;
    rc.text = r.text_bytes;

    printf("{\n  \"commit_every\": %zu,\n  \"articles\": %llu,\n", every,
           (unsigned long long)articles);
    print_result("a_segment", &ra, 0);
    print_result("b_xapian", &rb, 0);
    print_result("c_pipeline", &rc, 1);
    printf("}\n");

    sw_segmenter_free(seg);
    sw_buf_release(&text);
    sw_buf_release(&b.terms);
    free(b.toks);
    free(b.docend);
    free(pg.heads);
    free(seen.slot);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    return 0;
}
