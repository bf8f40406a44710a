/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_store.c - the SQLite record (core/store.c) on its own: creating and opening a store,
 * a page in and its documents out, counts and pending work, failures, removing a page, the
 * checks, schema versions (an older store upgraded, a newer one refused), and strings that
 * would break a statement built from text (quotes, SQL, a NUL in a URL).
 */
#include "check.h"
#include "error.h"
#include "old_store.h"
#include "store.h"
#include "util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define URL_A "https://news.example.cn/a.html"
#define URL_B "https://news.example.cn/index.html"
/* Quotes, a statement and a LIKE wildcard, as a URL may hold them. */
#define URL_C "https://example.cn/it's \"q\"; DROP TABLE pages; --?x=%25&y=_"
/* Its key: the characters a URL may not hold are escaped (url.h); the page is the same. */
#define URL_C_KEY "https://example.cn/it's%20%22q%22;%20DROP%20TABLE%20pages;%20--?x=%25&y=_"

static char *copy(const char *s) { return s ? strdup(s) : NULL; }

/* Adds an item to l with its key (the indexer sets it from the normalized title). */
static void add_item(sw_list *l, const char *title, const char *source, const char *time,
                     const char *url) {
    CHECK_INT(sw_list_add_item(l, title, source, time, url), 0);
    l->items[l->n - 1].key = copy(title);
}

/* Records p under `key` in a transaction of its own, adding to *st. */
static void put(sw_store *s, const sw_page *p, const char *key, const char *hash, int64_t bytes,
                sw_put_stats *st) {
    char *err = NULL, at[SW_CAPTURE_TIME];
    CHECK_INT(sw_store_begin(s, &err), 0);
    /* captured when the page says it was fetched, as a WARC record's date (else now) */
    const char *when = p->fetched_at && sw_store_capture_time(p->fetched_at, at) ? at : NULL;
    CHECK_INT(sw_store_put_page(s, p, key, hash, bytes, when, st, &err), 0);
    CHECK_INT(sw_store_commit(s, &err), 0);
    CHECK_STR(err, NULL);
    free(err);
}

/* Checks every field of document d against want (NULL where want has no string). */
static void check_doc(const sw_doc *d, const sw_doc *want) {
    CHECK_INT(d->type, want->type);
    CHECK_INT(d->id, want->id);
    CHECK_STR(d->title, want->title);
    CHECK_STR(d->source, want->source);
    CHECK_STR(d->date, want->date);
    CHECK_STR(d->url, want->url);
    CHECK_STR(d->path, want->path);
    CHECK_STR(d->body, want->body);
    CHECK_STR(d->sections, want->sections);
    CHECK_INT(d->occurrences, want->occurrences);
    CHECK_STR(d->key, want->key);
    CHECK_INT(d->featured.pages, want->featured.pages);
    CHECK_INT(d->featured.lists, want->featured.lists);
    CHECK_STR(d->featured.first_seen, want->featured.first_seen);
    CHECK_STR(d->featured.last_seen, want->featured.last_seen);
    CHECK_INT(d->article_at, want->article_at);
}

static sw_store_counts counts(sw_store *s) {
    sw_store_counts c;
    char *err = NULL;
    CHECK_INT(sw_store_count(s, &c, &err), 0);
    free(err);
    return c;
}

/* Sets the store's schema version behind its back, as an older or newer souwen left it. */
static void set_version(const char *path, int version) {
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A file that is there but empty: a writer killed before it created the schema. */
static void check_open(const char *dir) {
    char path[256], want[512];
    char *err = NULL;
    sw_store *s = NULL;
    snprintf(path, sizeof(path), "%s/none.sqlite", dir);
    CHECK_INT(sw_store_present(path), 0);
    CHECK_INT(sw_store_open(path, 0, &s, &err), SW_ESTORE);
    CHECK(s == NULL);
    snprintf(want, sizeof(want), "unable to open the store '%s': ", path);
    CHECK(err && !strncmp(err, want, strlen(want)));

    snprintf(path, sizeof(path), "%s/empty.sqlite", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    CHECK_INT(sw_store_present(path), 0);
    CHECK_INT(sw_store_open(path, 0, &s, &err), SW_ENOTFOUND);
    snprintf(want, sizeof(want), "'%s' is not a souwen store (it is empty)", path);
    CHECK_STR(err, want);
    int from = -1, to = -1;
    CHECK_INT(sw_store_upgrade(path, &from, &to, &err), SW_ENOTFOUND);
    CHECK_STR(err, want);
    CHECK_INT(from, 0);
    /* Opened writable, the empty file becomes a store. */
    CHECK_INT(sw_store_open(path, 1, &s, &err), 0);
    sw_store_close(s);
    CHECK_INT(sw_store_present(path), 1);
    free(err);
}

/* A page with an article and no lists (A), a page of two lists linking to it (B). */
static void check_pages(sw_store *s, int64_t *aid, int64_t *hid) {
    char *err = NULL;
    sw_put_stats st = {0};
    sw_page a, b;
    sw_page_init(&a);
    a.url = copy(URL_A);
    a.path = copy("/data/a.html");
    a.fetched_at = copy("2026-02-03T10:00:00Z");
    a.charset = copy("GBK");
    a.title = copy("华为发布新手机");
    a.source = copy("示例日报");
    a.published_at = copy("2026-02-03T09:15:00+08:00");
    a.body = copy("正文第一段\n第二段");
    sw_store_set_generation(s, 7);
    put(s, &a, URL_A, "hash-a", 1234, &st);
    CHECK_INT(st.articles, 1);
    CHECK_INT(st.headlines_new, 0);

    sw_page_init(&b);
    b.url = copy(URL_B);
    b.path = copy("/data/index.html");
    b.fetched_at = copy("2026-02-03T11:00:00Z");
    sw_list *l = sw_page_add_list(&b, "热点推荐", strlen("热点推荐"));
    add_item(l, "华为发布新手机", "示例日报", "2026-02-03T09:00:00+08:00", URL_A);
    add_item(l, "第二条", NULL, NULL, NULL);
    l = sw_page_add_list(&b, "头条要闻", strlen("头条要闻"));
    add_item(l, "华为发布新手机", NULL, NULL, NULL);
    put(s, &b, URL_B, "hash-b", 100, &st);
    CHECK_INT(st.articles, 1);
    CHECK_INT(st.headlines_new, 2);
    CHECK_INT(st.headlines_seen, 1);

    sw_store_counts c = counts(s);
    CHECK_INT(c.pages, 2);
    CHECK_INT(c.articles, 1);
    CHECK_INT(c.headlines, 2);
    CHECK_INT(c.occurrences, 3);
    CHECK_INT(c.listed_headlines, 2);
    CHECK_INT(c.pending, 3); /* the article and both headlines, each once */
    CHECK_INT(c.failures, 0);
    CHECK_INT(c.bytes, 1334);

    /* Found by key or path; changed bytes are news. */
    CHECK_INT(sw_store_page_unchanged(s, URL_A, "hash-a", &err), 1);
    CHECK_INT(sw_store_page_unchanged(s, "/data/a.html", "hash-a", &err), 1);
    CHECK_INT(sw_store_page_unchanged(s, URL_A, "hash-b", &err), 0);
    CHECK_INT(sw_store_page_unchanged(s, "https://news.example.cn/", "hash-a", &err), 0);

    int64_t *ids = NULL;
    size_t n = 0;
    CHECK_INT(sw_store_ids(s, 'a', &ids, &n, &err), 0);
    CHECK_INT(n, 1);
    *aid = n ? ids[0] : 0;
    free(ids);
    CHECK_INT(sw_store_ids(s, 'h', &ids, &n, &err), 0);
    CHECK_INT(n, 2);
    *hid = n ? ids[0] : 0; /* 华为发布新手机, recorded first */
    CHECK(n < 2 || ids[0] < ids[1]);
    free(ids);
    int64_t next_a = 0, next_h = 0;
    CHECK_INT(sw_store_next_ids(s, &next_a, &next_h, &err), 0);
    CHECK_INT(next_a, *aid + 1);
    CHECK_INT(next_h, *hid + 2);
    sw_page_release(&a);
    sw_page_release(&b);
    CHECK_STR(err, NULL);
    free(err);
}

/* The documents of the pages of check_pages, and page B as stored. */
static void check_docs(sw_store *s, int64_t aid, int64_t hid) {
    char *err = NULL;
    /* The article, with the headlines that link to it; without its body when not wanted. */
    sw_doc d, want = {.type = 'a',
                      .id = aid,
                      .title = "华为发布新手机",
                      .source = "示例日报",
                      .date = "2026-02-03T09:15:00+08:00",
                      .url = URL_A,
                      .path = "/data/a.html",
                      .body = "正文第一段\n第二段",
                      .key = URL_A,
                      .featured = {1, 2, "2026-02-03T11:00:00Z", "2026-02-03T11:00:00Z"}};
    CHECK_INT(sw_store_get_doc(s, 'a', aid, 1, &d, &err), 0);
    check_doc(&d, &want);
    sw_doc_release(&d);
    CHECK_INT(sw_store_get_doc(s, 'a', aid, 0, &d, &err), 0);
    want.body = NULL;
    check_doc(&d, &want);
    sw_doc_release(&d);
    CHECK_INT(sw_store_get_doc(s, 'a', aid + 100, 1, &d, &err), SW_ENOTFOUND);

    /* The headline: first seen with its source, time and link; its sections in order. */
    CHECK_INT(sw_store_get_doc(s, 'h', hid, 1, &d, &err), 0);
    check_doc(&d, &(sw_doc){.type = 'h',
                            .id = hid,
                            .title = "华为发布新手机",
                            .source = "示例日报",
                            .date = "2026-02-03T09:00:00+08:00",
                            .url = URL_A,
                            .path = "/data/index.html",
                            .sections = "头条要闻\n热点推荐",
                            .occurrences = 2,
                            .key = "华为发布新手机",
                            .article_at = aid});
    sw_doc_release(&d);
    /* A headline with no link: its page's URL stands in. */
    CHECK_INT(sw_store_get_doc(s, 'h', hid + 1, 1, &d, &err), 0);
    check_doc(&d, &(sw_doc){.type = 'h',
                            .id = hid + 1,
                            .title = "第二条",
                            .url = URL_B,
                            .path = "/data/index.html",
                            .sections = "热点推荐",
                            .occurrences = 1,
                            .key = "第二条"});
    sw_doc_release(&d);

    /* The page as stored, by key. */
    sw_page p;
    sw_page_init(&p);
    CHECK_INT(sw_store_load_page(s, URL_B, &p, &err), 0);
    CHECK_STR(p.url, URL_B);
    CHECK_STR(p.charset, "UTF-8"); /* none given */
    CHECK_STR(p.title, NULL);
    CHECK_INT(p.nlists, 2);
    if (p.nlists == 2) {
        CHECK_STR(p.lists[0].section, "头条要闻");
        CHECK_INT(p.lists[0].n, 1);
        CHECK_STR(p.lists[1].section, "热点推荐");
        CHECK_INT(p.lists[1].n, 2);
        if (p.lists[1].n == 2) {
            CHECK_STR(p.lists[1].items[0].url, URL_A);
            CHECK_STR(p.lists[1].items[1].title, "第二条");
            CHECK_STR(p.lists[1].items[1].source, NULL);
        }
    }
    sw_page_release(&p);
    CHECK_INT(sw_store_load_page(s, "https://news.example.cn/none.html", &p, &err), SW_ENOTFOUND);
    sw_page_release(&p);
    CHECK_STR(err, NULL);
    free(err);
}

/* Pending work by generation, and done. */
static void check_pending(sw_store *s, int64_t aid, int64_t hid) {
    char *err = NULL, *kinds = NULL;
    int64_t *ids = NULL, gen = 0;
    size_t n = 0;
    CHECK_INT(sw_store_last_generation(s, &gen, &err), 0);
    CHECK_INT(gen, 7);
    CHECK_INT(sw_store_pending(s, 6, &kinds, &ids, &n, &err), 0);
    CHECK_INT(n, 0);
    free(kinds);
    free(ids);
    CHECK_INT(sw_store_pending(s, 7, &kinds, &ids, &n, &err), 0);
    CHECK_INT(n, 3);
    int articles = 0, headlines = 0;
    for (size_t i = 0; i < n; i++) {
        articles += kinds[i] == 'a' && ids[i] == aid;
        headlines += kinds[i] == 'h' && (ids[i] == hid || ids[i] == hid + 1);
    }
    CHECK_INT(articles, 1);
    CHECK_INT(headlines, 2);
    free(kinds);
    free(ids);
    CHECK_INT(sw_store_pending_done(s, 7, &err), 0);
    CHECK_INT(counts(s).pending, 0);
    CHECK_INT(counts(s).headlines, 2); /* both still listed */
    CHECK_INT(sw_store_last_generation(s, &gen, &err), 0);
    CHECK_INT(gen, 0);
    CHECK_STR(err, NULL);
    free(err);
}

/* Quotes and statements in a URL are text; a NUL ends a C string, at the API too. */
static void check_hostile(sw_store *s) {
    char *err = NULL;
    sw_put_stats st = {0};
    sw_page c;
    sw_page_init(&c);
    c.url = copy(URL_C);
    c.title = copy("O'Reilly \"引号\" '); DELETE FROM articles; --");
    c.body = copy("x'); DROP TABLE articles; --");
    c.source = copy("\\'\\\"");
    put(s, &c, URL_C, "hash-c", 1, &st);
    sw_page p;
    sw_page_init(&p);
    CHECK_INT(sw_store_load_page(s, URL_C, &p, &err), 0);
    CHECK_STR(p.url, URL_C);
    CHECK_STR(p.title, "O'Reilly \"引号\" '); DELETE FROM articles; --");
    CHECK_STR(p.body, "x'); DROP TABLE articles; --");
    CHECK_STR(p.source, "\\'\\\"");
    sw_page_release(&p);
    CHECK_INT(counts(s).articles, 2);

    /* = compares whole strings: a LIKE wildcard or a prefix names no page. */
    int64_t removed = -1;
    CHECK_INT(sw_store_begin(s, &err), 0);
    CHECK_INT(sw_store_remove_pages(s, "https://example.cn/%", &removed, &err), 0);
    CHECK_INT(removed, 0);
    CHECK_INT(sw_store_remove_pages(s, "https://example.cn/it_s", &removed, &err), 0);
    CHECK_INT(removed, 0);
    CHECK_INT(sw_store_commit(s, &err), 0);
    CHECK_INT(counts(s).pages, 3);

    static const char nul_url[] = "https://example.cn/nul\0tail";
    sw_page_release(&c);
    sw_page_init(&c);
    c.url = copy(nul_url);
    put(s, &c, nul_url, "hash-nul", 1, &st);
    sw_page_init(&p);
    CHECK_INT(sw_store_load_page(s, "https://example.cn/nul", &p, &err), 0);
    CHECK_STR(p.url, "https://example.cn/nul");
    sw_page_release(&p);
    CHECK_INT(sw_store_begin(s, &err), 0);
    CHECK_INT(sw_store_remove_pages(s, nul_url, &removed, &err), 0);
    CHECK_INT(removed, 1);
    CHECK_INT(sw_store_commit(s, &err), 0);
    sw_page_release(&c);
    CHECK_INT(counts(s).pending, 1); /* the article of URL_C */
    CHECK_INT(sw_store_pending_done(s, 7, &err), 0);
    CHECK_STR(err, NULL);
    free(err);
}

static void check_failed_files(sw_store *s) {
    char *err = NULL;
    CHECK_INT(sw_store_set_failure(s, "/data/bad.html", "unable to read '/data/bad.html'", &err),
              0);
    CHECK_INT(sw_store_set_failure(s, "/data/bad.html", "again", &err), 0);
    CHECK_INT(counts(s).failures, 1);
    CHECK_INT(sw_store_set_failure(s, "/data/bad.html", NULL, &err), 0);
    CHECK_INT(counts(s).failures, 0);
    CHECK_STR(err, NULL);
    free(err);
}

/* Page B removed: its occurrences go, its headlines wait in pending until the work is done. */
static void check_remove(sw_store *s, int64_t hid) {
    char *err = NULL;
    int64_t removed = -1, before = -1;
    sw_store_set_generation(s, 8);
    CHECK_INT(sw_store_begin(s, &err), 0);
    CHECK_INT(sw_store_remove_pages(s, URL_B, &removed, &err), 0);
    CHECK_INT(removed, 1);
    CHECK_INT(sw_store_removed_before(s, URL_B, &before, &err), 0);
    CHECK_INT(before, 1);
    CHECK_INT(sw_store_queue_linked(s, &err), 0); /* as the indexer does before each commit */
    CHECK_INT(sw_store_commit(s, &err), 0);
    sw_store_counts c = counts(s);
    CHECK_INT(c.pages, 2);
    CHECK_INT(c.occurrences, 0);
    CHECK_INT(c.headlines, 2);
    CHECK_INT(c.pending, 3); /* both headlines, and article A: the links to it changed */
    sw_doc d;
    CHECK_INT(sw_store_get_doc(s, 'h', hid, 1, &d, &err), SW_ENOTFOUND);
    CHECK_INT(sw_store_pending_done(s, 8, &err), 0);
    CHECK_INT(counts(s).headlines, 0); /* no page lists them any more */
    CHECK_INT(sw_store_begin(s, &err), 0);
    CHECK_INT(sw_store_removed_clear(s, &err), 0);
    CHECK_INT(sw_store_removed_before(s, URL_B, &before, &err), 0);
    CHECK_INT(before, 0);
    CHECK_INT(sw_store_commit(s, &err), 0);
    /* A page is also removed by the path it was read from. */
    CHECK_INT(sw_store_begin(s, &err), 0);
    CHECK_INT(sw_store_remove_pages(s, "/data/a.html", &removed, &err), 0);
    CHECK_INT(removed, 1);
    CHECK_INT(sw_store_commit(s, &err), 0);
    CHECK_INT(counts(s).articles, 1); /* URL_C's */
    CHECK_STR(err, NULL);
    free(err);
}

static void collect(void *ctx, const char *msg) {
    char **all = ctx;
    size_t n = *all ? strlen(*all) : 0;
    char *p = realloc(*all, n + strlen(msg) + 2);
    if (p) {
        sprintf(p + n, "%s\n", msg);
        *all = p;
    }
}

static int count_page(void *ctx, const sw_page_probe *p) {
    int *n = ctx;
    ++*n;
    CHECK_STR(p->key, URL_C_KEY);
    CHECK_INT(p->type, 'a');
    return 0;
}

/* The checks: a sound store has no problems; an occurrence of a page that is gone is one. */
static void check_checks(sw_store *s, const char *path) {
    char *err = NULL, *msgs = NULL;
    int64_t problems = -1;
    CHECK_INT(sw_store_check(s, 0, collect, &msgs, &problems, &err), 0);
    CHECK_INT(problems, 0);
    CHECK_STR(msgs, NULL);
    int pages = 0;
    CHECK_INT(sw_store_each_page(s, count_page, &pages, &err), 0);
    CHECK_INT(pages, 1);

    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "INSERT INTO occurrences VALUES (1, 99, 'x', 0)", NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    CHECK_INT(sw_store_check(s, 1, collect, &msgs, &problems, &err), 0);
    CHECK_INT(problems, 2);
    CHECK_STR(msgs, "occurrences name page 99, which is not stored\n"
                    "occurrences name headline 1, which is not stored\n");
    free(msgs);
    CHECK_STR(err, NULL);
    free(err);
}

/*
 * The checks take time in proportion to the store: 20,000 signatures with their 16 bands each
 * are checked in well under a second (a correlated count over story_bands, which is keyed by
 * band, took minutes).
 */
static void check_checks_scale(const char *dir) {
    char path[256], *err = NULL, *msgs = NULL;
    snprintf(path, sizeof(path), "%s/scale.sqlite", dir);
    sw_store *s = NULL;
    CHECK_INT(sw_store_open(path, 1, &s, &err), 0);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db,
                           "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                           "WHERE i < 20000) INSERT INTO story_sigs(article, exact, chars, "
                           "shingles, sketch) SELECT i, i, 100, 90, x'00' FROM n; "
                           "WITH RECURSIVE b(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM b WHERE "
                           "k < 15) INSERT INTO story_bands(band, article) SELECT k * 1000 + "
                           "article, article FROM b, story_sigs; COMMIT",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    int64_t problems = -1;
    double t0 = sw_clock();
    CHECK_INT(sw_store_check(s, 1, collect, &msgs, &problems, &err), 0);
    double secs = sw_clock() - t0;
    CHECK_INT(problems, 0);
    CHECK(secs < 3.0);
    if (secs >= 3.0)
        fprintf(stderr, "the checks of 20,000 signatures took %.1f s\n", secs);
    free(msgs);
    msgs = NULL;
    /* The quick check groups the bands only when they do not add up: a band short is named
     * (a band left by an article that is gone, with none short, is no problem), also beside
     * one left by an article that is gone (as many bands as there should be, but not of the
     * right articles). */
    static const char *const steps[] = {
        "DELETE FROM story_bands WHERE band = 1007 AND article = 7",
        "INSERT INTO story_bands(band, article) VALUES (1007, 7), (5, 30000)",
        "DELETE FROM story_bands WHERE band = 1007 AND article = 7"};
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        CHECK_INT(sqlite3_exec(db, steps[i], NULL, NULL, NULL), SQLITE_OK);
        for (int quick = 1; quick >= 0; quick--) {
            CHECK_INT(sw_store_check(s, quick, collect, &msgs, &problems, &err), 0);
            CHECK_INT(problems, i == 1 ? 0 : 1);
            CHECK_STR(msgs, i == 1 ? NULL : "article 7 has not its 16 story bands\n");
            free(msgs);
            msgs = NULL;
        }
    }
    sqlite3_close(db);
    free(msgs);
    free(err);
    sw_store_close(s);
}

/* An older store is refused until upgraded; a newer one is refused and left as it is. */
static void check_versions(const char *path) {
    char *err = NULL, want[512];
    sw_store *s = NULL;
    int from = -1, to = -1;
    set_version(path, SW_SCHEMA_VERSION + 1);
    CHECK_INT(sw_store_open(path, 1, &s, &err), SW_ESTORE);
    CHECK(s == NULL);
    snprintf(want, sizeof(want), "'%s' has schema version %d; this souwen reads version %d", path,
             SW_SCHEMA_VERSION + 1, SW_SCHEMA_VERSION);
    CHECK_STR(err, want);
    CHECK_INT(sw_store_upgrade(path, &from, &to, &err), SW_ESTORE);
    snprintf(want, sizeof(want),
             "'%s' has schema version %d, newer than this souwen's version %d: it cannot be "
             "downgraded",
             path, SW_SCHEMA_VERSION + 1, SW_SCHEMA_VERSION);
    CHECK_STR(err, want);
    CHECK_INT(from, SW_SCHEMA_VERSION + 1);
    CHECK_INT(to, SW_SCHEMA_VERSION + 1);
    CHECK_INT(sw_store_open(path, 0, &s, &err), SW_ESTORE); /* still refused: nothing changed */

    /* Version 3 (before OpenCC's folding): every document is queued to be written again. */
    set_version(path, 3);
    CHECK_INT(sw_store_open(path, 0, &s, &err), SW_ESTORE);
    snprintf(want, sizeof(want),
             "'%s' has schema version 3; this souwen reads version %d (run souwen-index --upgrade)",
             path, SW_SCHEMA_VERSION);
    CHECK_STR(err, want);
    CHECK_INT(sw_store_upgrade(path, &from, &to, &err), 0);
    CHECK_INT(from, 3);
    CHECK_INT(to, SW_SCHEMA_VERSION);
    CHECK_INT(sw_store_upgrade(path, &from, &to, &err), 0);
    CHECK_INT(from, SW_SCHEMA_VERSION);
    CHECK_INT(to, SW_SCHEMA_VERSION);
    CHECK_INT(sw_store_open(path, 0, &s, &err), 0);
    if (s) {
        sw_store_counts c = counts(s);
        CHECK_INT(c.pending, c.articles + c.headlines);
        CHECK_INT(c.pending, 1);
    }
    sw_store_close(s);
    free(err);
}

/* Removes the files the test made (a store may leave its WAL beside it) and their folder. */
/* A page of one article whose URL is `url`. */
static void put_article(sw_store *s, const char *url, const char *title, const char *hash) {
    sw_put_stats st = {0};
    sw_page p;
    sw_page_init(&p);
    p.url = copy(url);
    p.title = copy(title);
    p.body = copy("临江市今天召开城市更新工作会议，提出今年将改造老旧小区一百二十个。");
    put(s, &p, url, hash, 100, &st);
    sw_page_release(&p);
}

static int64_t one_number(const char *path, const char *sql) {
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == 0 &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/*
 * One page per URL: the spellings of a URL are one page, and a headline links to the page
 * whatever spelling it uses. A store of version 4 (pages keyed by the URL as given) is merged
 * by --upgrade: the page indexed last stays, the other's article is queued to be deleted.
 */
static void check_url_keys(const char *dir) {
    char path[256], *err = NULL;
    snprintf(path, sizeof(path), "%s/keys.sqlite", dir);
    sw_store *s = NULL;
    CHECK_INT(sw_store_open(path, 1, &s, &err), 0);
    if (!s)
        return;
    put_article(s, "https://news.example.cn/a.html?from=wap", "甲", "h1");
    put_article(s, "http://News.Example.cn:80/a.html#top", "甲（更新）", "h2");
    sw_put_stats st = {0};
    sw_page front;
    sw_page_init(&front);
    front.url = copy("https://news.example.cn/");
    sw_list *l = sw_page_add_list(&front, "头条", strlen("头条"));
    add_item(l, "甲", NULL, NULL, "https://news.example.cn/a.html?spm=1.2.3");
    put(s, &front, front.url, "h3", 10, &st);
    sw_page_release(&front);
    sw_store_counts c = counts(s);
    CHECK_INT(c.pages, 2);
    CHECK_INT(c.articles, 1);
    sw_doc d;
    int64_t aid = one_number(path, "SELECT id FROM articles");
    CHECK_INT(sw_store_get_doc(s, 'a', aid, 0, &d, &err), 0);
    CHECK_STR(d.title, "甲（更新）");
    CHECK_STR(d.key, "https://news.example.cn/a.html");
    CHECK_INT(d.featured.pages, 1);
    sw_doc_release(&d);
    sw_store_close(s);

    /* Version 4: two spellings of b.html were two pages, and the link was the URL as given. */
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(old_texts(db), SQLITE_OK);
    static const char v4[] =
        "INSERT INTO pages(id, key, url, hash, charset, indexed_at, bytes) VALUES "
        "(10, 'https://news.example.cn/b.html?utm_source=x', "
        "'https://news.example.cn/b.html?utm_source=x', 'hb1', 'UTF-8', '2026-03-01T00:00:00Z', 1),"
        "(11, 'https://news.example.cn/b.html', 'https://news.example.cn/b.html', 'hb2', 'UTF-8', "
        "'2026-03-02T00:00:00Z', 1);"
        "INSERT INTO articles(id, page_id, title, body) VALUES (10, 10, '乙', '乙的正文'), "
        "(11, 11, '乙（更新）', '乙的正文');"
        "UPDATE headlines SET link = NULL; DELETE FROM pending; PRAGMA user_version = 4;";
    CHECK_INT(sqlite3_exec(db, v4, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    int from = 0, to = 0;
    CHECK_INT(sw_store_upgrade(path, &from, &to, &err), 0);
    CHECK_STR(err, NULL);
    CHECK_INT(to, SW_SCHEMA_VERSION);
    CHECK_INT(one_number(path, "SELECT count(*) FROM pages WHERE key = "
                               "'https://news.example.cn/b.html'"),
              1);
    CHECK_INT(one_number(path, "SELECT page_id FROM articles WHERE title = '乙（更新）'"), 11);
    CHECK_INT(one_number(path, "SELECT count(*) FROM articles WHERE id = 10"), 0);
    CHECK_INT(one_number(path, "SELECT count(*) FROM pending WHERE kind = 'a' AND id = 10"), 1);
    CHECK_INT(one_number(path, "SELECT count(*) FROM headlines WHERE link = "
                               "'https://news.example.cn/a.html'"),
              1);
    /* The two texts of 乙 are one story. */
    CHECK_INT(one_number(path, "SELECT count(DISTINCT story) FROM articles"), 2);
    free(err);
}

static int remove_dir(const char *dir) {
    static const char *const stores[] = {"souwen.sqlite", "empty.sqlite", "keys.sqlite",
                                         "scale.sqlite"};
    static const char *const tails[] = {"", "-wal", "-shm", "-journal"};
    char path[300];
    for (size_t i = 0; i < sizeof(stores) / sizeof(stores[0]); i++)
        for (size_t k = 0; k < 4; k++) {
            snprintf(path, sizeof(path), "%s/%s%s", dir, stores[i], tails[k]);
            unlink(path);
        }
    return rmdir(dir);
}

int main(void) {
    char dir[] = "/tmp/souwen-test-store.XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    check_open(dir);

    char path[256];
    snprintf(path, sizeof(path), "%s/souwen.sqlite", dir);
    sw_store *s = NULL;
    char *err = NULL;
    CHECK_INT(sw_store_open(path, 1, &s, &err), 0);
    CHECK_INT(sw_store_present(path), 1);
    if (s) {
        int64_t aid = 0, hid = 0;
        check_pages(s, &aid, &hid);
        check_docs(s, aid, hid);
        check_pending(s, aid, hid);
        check_hostile(s);
        check_failed_files(s);
        check_remove(s, hid);
        sw_store_set_generation(s, 9);
        CHECK_INT(sw_store_pending_done(s, 9, &err), 0);
        check_checks(s, path);
    }
    sw_store_close(s);
    check_versions(path);
    check_checks_scale(dir);
    check_url_keys(dir);
    free(err);
    if (remove_dir(dir) != 0)
        return 2;
    return check_done();
}
