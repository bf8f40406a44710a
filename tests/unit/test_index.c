/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_index.c - the Xapian side of versioning and of --check: the schema
 * version recorded in the index, the ids read back from its id terms, the
 * documents a hit carries, and date: over the year, month and day terms.
 */
#include "check.h"
#include "date.h"
#include "error.h"
#include "index.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

static int contains(const char *s, const char *w) { return s && strstr(s, w) != NULL; }

/* The ids (as bits) of the documents dated from day `a` to day `b` (YYYY-MM-DD, "" open). */
static unsigned dated(sw_index *r, const char *a, const char *b) {
    int64_t lo = *a ? sw_date_unix(a) : INT64_MIN;
    int64_t hi = *b ? sw_date_unix(b) + 86400 - 1 : INT64_MAX;
    sw_query *q = sw_query_date_range(lo, hi);
    sw_hit hit[16];
    size_t got = 0;
    uint64_t est = 0;
    char *err = NULL;
    unsigned bits = 0;
    CHECK(q != NULL);
    if (q && sw_index_search(r, q, 0, 0, 16, hit, &got, &est, &err) == 0)
        for (size_t i = 0; i < got; i++) {
            bits |= 1u << hit[i].doc.id;
            sw_doc_release(&hit[i].doc);
        }
    CHECK(err == NULL);
    free(err);
    sw_query_free(q);
    return bits;
}

/* The captures card of the document with id term Q<type><id>, as a hit; "" when none. */
static void card_of(sw_index *x, char type, int64_t id, int64_t *captures, char last[32]) {
    char idt[32];
    snprintf(idt, sizeof(idt), "%c%lld", type, (long long)id);
    sw_query *q = sw_query_term("Q", idt, strlen(idt));
    sw_hit hit[2];
    size_t got = 0;
    uint64_t est = 0;
    char *err = NULL;
    *captures = -1;
    last[0] = '\0';
    CHECK_INT(sw_index_search(x, q, 0, 0, 2, hit, &got, &est, &err), 0);
    if (got == 1) {
        *captures = hit[0].doc.captures;
        snprintf(last, 32, "%s", hit[0].doc.last_seen);
    }
    for (size_t i = 0; i < got; i++)
        sw_doc_release(&hit[i].doc);
    free(err);
    sw_query_free(q);
}

/*
 * A writable index at dir/name (its path into path[96]) holding the documents d[0..n),
 * committed.
 */
static sw_index *index_of(const char *dir, const char *name, sw_segmenter *seg, const sw_doc *d,
                          size_t n, char path[96]) {
    char *err = NULL;
    snprintf(path, 96, "%s/%s", dir, name);
    sw_index *x = NULL;
    CHECK_INT(sw_index_open(path, SW_INDEX_WRITE, &x, &err), 0);
    for (size_t i = 0; x && i < n; i++)
        CHECK_INT(sw_index_put(x, seg, &d[i], &err), 0);
    if (x)
        CHECK_INT(sw_index_commit(x, &err), 0);
    free(err);
    return x;
}

/*
 * Patches find their documents through the docids read in one scan (sw_index_expect_patches)
 * when a sixteenth of a shard or more is to be patched: each the right one, also after
 * documents were deleted, replaced or added since the scan.
 */
static void check_patch_map(const char *dir, sw_segmenter *seg) {
    char path[96], *err = NULL, last[32];
    char keys[40][16];
    sw_doc d[40];
    for (int i = 0; i < 40; i++) {
        snprintf(keys[i], sizeof(keys[i]), "/tmp/p%d.txt", i + 1);
        d[i] = (sw_doc){.type = 'a',
                        .id = i + 1,
                        .title = "河道",
                        .body = "正文",
                        .key = keys[i],
                        .captures = 1,
                        .first_seen = "2026-03-02T02:00:00Z",
                        .last_seen = "2026-03-02T02:00:00Z"};
    }
    sw_index *x = index_of(dir, "patches", seg, d, 40, path);
    size_t mapped = 99;
    CHECK_INT(sw_index_expect_patches(x, 2, &mapped, &err), 0); /* 2 of 40: looked up */
    CHECK_INT(mapped, 0);
    CHECK_INT(sw_index_expect_patches(x, 3, &mapped, &err), 0); /* 3 of 40: scanned */
    CHECK_INT(mapped, 40);
    /* Since the scan: article 2 deleted, 3 replaced, 41 added. */
    CHECK_INT(sw_index_delete(x, 'a', 2, &err), 0);
    CHECK_INT(sw_index_put(x, seg, &d[2], &err), 0);
    sw_doc added = d[0];
    added.id = 41;
    added.key = "/tmp/p41.txt";
    CHECK_INT(sw_index_put(x, seg, &added, &err), 0);
    const int64_t ids[] = {1, 3, 41, 40};
    for (size_t i = 0; i < 4; i++) {
        sw_doc p = i == 2 ? added : d[ids[i] - 1];
        p.captures = 2;
        snprintf(p.last_seen, sizeof(p.last_seen), "2026-03-09T02:00:00Z");
        CHECK_INT(sw_index_patch(x, &p, &err), 0);
    }
    sw_doc gone = d[1];
    CHECK_INT(sw_index_patch(x, &gone, &err), SW_ENOTFOUND);
    CHECK_INT(sw_index_commit(x, &err), 0);
    int64_t n = 0;
    for (int64_t id = 1; id <= 41; id++) {
        int patched = id == 1 || id == 3 || id == 40 || id == 41;
        card_of(x, 'a', id, &n, last);
        CHECK_INT(n, id == 2 ? -1 : patched ? 2 : 1);
        if (id != 2)
            CHECK_STR(last, patched ? "2026-03-09T02:00:00Z" : "2026-03-02T02:00:00Z");
    }
    free(err);
    sw_index_close(x);
}

/* The keys of the page [offset, offset + limit) of `word`, comma-separated, into out. */
static void page_keys(sw_index *x, const char *word, int how, size_t offset, size_t limit,
                      char *out, size_t cap) {
    sw_query *q = sw_query_term("", word, strlen(word));
    sw_hit hit[16];
    size_t got = 0, at = 0;
    uint64_t est = 0;
    char *err = NULL;
    out[0] = '\0';
    CHECK(limit <= 16);
    CHECK_INT(sw_index_search(x, q, how, offset, limit, hit, &got, &est, &err), 0);
    for (size_t i = 0; i < got; i++) {
        at += (size_t)snprintf(out + at, cap - at, "%s%s", i ? "," : "", hit[i].doc.key + 5);
        sw_doc_release(&hit[i].doc);
    }
    free(err);
    sw_query_free(q);
}

/*
 * Equal weights rank by the identity value (type and key), whatever the documents' order in the
 * index: a page among the better-weighed hits is read from relevance alone, a page that reaches
 * a tie running past the hits ranked is ranked again by the matcher, and one story is one hit.
 */
static void check_ties(const char *dir, sw_segmenter *seg) {
    char path[96], *err = NULL, got[256];
    char keys[64][16];
    sw_doc d[64];
    /* 60 equal pages put from the last key to the first, then 4 that weigh more, 2 a story. */
    for (int i = 0; i < 64; i++) {
        int k = i < 60 ? 59 - i : i;
        snprintf(keys[i], sizeof(keys[i]), "/tmp/k%02d", k);
        d[i] =
            (sw_doc){.type = 'a',
                     .id = i + 1,
                     .title = i < 60 ? "新闻" : "河道",
                     .body = "河道 治理 工作",
                     .key = keys[i],
                     .story = i >= 62 ? "00000000000000aa" : NULL,
                     .date = i == 63 ? "2026-03-01T08:00:00+08:00" : "2026-03-02T08:00:00+08:00"};
    }
    sw_index *x = index_of(dir, "ties", seg, d, 64, path);
    page_keys(x, "河道", 0, 0, 3, got, sizeof(got)); /* settled: above the tie */
    CHECK_STR(got, "k60,k61,k62");
    page_keys(x, "河道", 0, 2, 4, got, sizeof(got)); /* into the tie: ranked again */
    CHECK_STR(got, "k62,k63,k00,k01");
    page_keys(x, "治理", 0, 10, 5, got, sizeof(got)); /* every page tied */
    CHECK_STR(got, "k10,k11,k12,k13,k14");
    /* k62 and k63 are one story, weighed alike: the copy published first stands for it */
    page_keys(x, "河道", SW_SEARCH_BY_STORY, 0, 3, got, sizeof(got));
    CHECK_STR(got, "k60,k61,k63");
    page_keys(x, "河道", SW_SEARCH_BY_STORY, 1, 4, got, sizeof(got));
    CHECK_STR(got, "k61,k63,k00,k01");
    free(err);
    sw_index_close(x);
}

/*
 * SW_SEARCH_LATER: hits without their documents, read afterwards by any handle on the same
 * databases; one deleted since is SW_ENOTFOUND on a handle that opened after the delete.
 */
static void check_later(const char *dir, sw_segmenter *seg) {
    char path[96], *err = NULL;
    char keys[3][16];
    sw_doc d[3];
    for (int i = 0; i < 3; i++) {
        snprintf(keys[i], sizeof(keys[i]), "/tmp/l%d", i);
        d[i] = (sw_doc){
            .type = 'a', .id = i + 1, .title = "河道", .body = "河道 治理", .key = keys[i]};
    }
    sw_index *x = index_of(dir, "later", seg, d, 3, path);
    const char *spec[] = {path};
    sw_index *r = NULL;
    CHECK_INT(sw_index_open_many(spec, 1, &r, &err), 0);
    sw_query *q = sw_query_term("", "治理", strlen("治理"));
    sw_hit now[4], later[4];
    size_t n1 = 0, n2 = 0;
    uint64_t est = 0;
    CHECK_INT(sw_index_search(r, q, 0, 0, 4, now, &n1, &est, &err), 0);
    CHECK_INT(sw_index_search(r, q, SW_SEARCH_LATER, 0, 4, later, &n2, &est, &err), 0);
    CHECK_INT(n1, 3);
    CHECK_INT(n2, 3);
    for (size_t i = 0; i < n2 && i < n1; i++) {
        CHECK(later[i].later != 0 && later[i].doc.type == 0);
        CHECK_INT(sw_index_read_hit(r, &later[i], &err), 0);
        CHECK_INT(later[i].later, 0);
        CHECK_INT(later[i].doc.id, now[i].doc.id);
        CHECK_STR(later[i].doc.key, now[i].doc.key);
        CHECK_STR(later[i].doc.body, "河道 治理");
        CHECK_INT(sw_index_read_hit(r, &later[i], &err), 0); /* read already: nothing to do */
        sw_doc_release(&later[i].doc);
        sw_doc_release(&now[i].doc);
    }
    /* The first hit deleted: a handle opened since does not find it, even after a reopen. */
    CHECK_INT(sw_index_search(r, q, SW_SEARCH_LATER, 0, 1, later, &n2, &est, &err), 0);
    CHECK_INT(n2, 1);
    CHECK_INT(sw_index_delete(x, 'a', 1, &err), 0);
    CHECK_INT(sw_index_commit(x, &err), 0);
    sw_index *r2 = NULL;
    CHECK_INT(sw_index_open_many(spec, 1, &r2, &err), 0);
    CHECK_INT(sw_index_read_hit(r2, &later[0], &err), SW_ENOTFOUND);
    CHECK(later[0].doc.type == 0 && later[0].later != 0);
    sw_index_close(r2);
    sw_query_free(q);
    sw_index_close(r);
    free(err);
    sw_index_close(x);
}

/* date: at the edges of days (in UTC+08:00), months, years and a leap day. */
static void check_dates(const char *dir, sw_segmenter *seg) {
    char path[96];
    snprintf(path, sizeof(path), "%s/dates", dir);
    static char *const dates[] = {
        NULL,
        "2023-12-31T23:59:59+08:00", /* 1 */
        "2024-01-01T00:00:00+08:00", /* 2 */
        "2024-02-29T12:00:00+08:00", /* 3 */
        "2024-02-29T16:30:00+00:00", /* 4: 2024-03-01 in UTC+08:00 */
        "2024-12-31T15:59:59+00:00", /* 5: 2024-12-31 23:59:59 */
        "2025-06-15",                /* 6 */
        NULL,                        /* 7: no date */
        "1970-01-01T00:00:00+08:00", /* 8: before the epoch in UTC */
        "2024-04-01T08:00:00+08:00", /* 9: the first day after a whole month */
    };
    sw_index *x = NULL;
    char *err = NULL;
    CHECK_INT(sw_index_open(path, SW_INDEX_WRITE, &x, &err), 0);
    for (int i = 1; i < 10 && x; i++) {
        char key[8];
        snprintf(key, sizeof(key), "d%d", i);
        sw_doc d = {.type = 'a', .id = i, .title = "日期", .key = key, .date = dates[i]};
        CHECK_INT(sw_index_put(x, seg, &d, &err), 0);
    }
    if (x)
        CHECK_INT(sw_index_commit(x, &err), 0);
    sw_index_close(x);
    sw_index *r = NULL;
    const char *spec[] = {path};
    CHECK_INT(sw_index_open_many(spec, 1, &r, &err), 0);
    if (!r)
        return;
    CHECK_INT(dated(r, "2024-01-01", "2024-12-31"),
              1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 9);
    CHECK_INT(dated(r, "2024-02-01", "2024-02-29"), 1u << 3);
    CHECK_INT(dated(r, "2024-02-29", "2024-02-29"), 1u << 3);
    CHECK_INT(dated(r, "2024-03-01", "2024-03-01"), 1u << 4);
    CHECK_INT(dated(r, "2023-12-31", "2024-01-01"), 1u << 1 | 1u << 2);
    CHECK_INT(dated(r, "2024-02-15", "2025-06-15"),
              1u << 3 | 1u << 4 | 1u << 5 | 1u << 6 | 1u << 9);
    CHECK_INT(dated(r, "2024-02-15", "2025-06-14"), 1u << 3 | 1u << 4 | 1u << 5 | 1u << 9);
    CHECK_INT(dated(r, "2024-03-02", "2024-04-01"), 1u << 9);
    CHECK_INT(dated(r, "1970-01-01", "1970-01-01"), 1u << 8);
    CHECK_INT(dated(r, "1960-01-01", "2099-12-31"), 0x37Eu);
    CHECK_INT(dated(r, "2025-06-16", "2100-12-31"), 0u);
    /* Open ends read the date value. */
    CHECK_INT(dated(r, "2024-03-01", ""), 1u << 4 | 1u << 5 | 1u << 6 | 1u << 9);
    CHECK_INT(dated(r, "", "2023-12-31"), 1u << 1 | 1u << 8);
    /* The fewest terms: whole years, whole months, days. */
    const char *lo = "2024-01-01", *hi = "2024-12-31";
    sw_query *q = sw_query_date_range(sw_date_unix(lo), sw_date_unix(hi) + 86399);
    char *d = q ? sw_query_describe(q) : NULL;
    CHECK(contains(d, "Y2024") && !contains(d, "M2024") && !contains(d, "VALUE_RANGE"));
    free(d);
    sw_query_free(q);
    q = sw_query_date_range(sw_date_unix("2026-01-20"), sw_date_unix("2026-03-02") + 86399);
    d = q ? sw_query_describe(q) : NULL;
    CHECK(contains(d, "D20260120") && contains(d, "D20260131") && contains(d, "M202602") &&
          contains(d, "D20260302") && !contains(d, "D20260201") && !contains(d, "D20260119") &&
          !contains(d, "D20260303"));
    free(d);
    sw_query_free(q);
    /* A bound inside a day reads the date value, to the second. */
    q = sw_query_date_range(sw_date_unix("2024-02-29T12:00:00+08:00"), INT64_MAX - 1);
    d = q ? sw_query_describe(q) : NULL;
    CHECK(contains(d, "VALUE_RANGE") && !contains(d, "D2024"));
    free(d);
    sw_hit hit[16];
    size_t got = 0;
    uint64_t est = 0;
    CHECK_INT(sw_index_search(r, q, 0, 0, 16, hit, &got, &est, &err), 0);
    CHECK_INT(got, 5); /* 3 (at 12:00 exactly), 4, 5, 6, 9 */
    for (size_t i = 0; i < got; i++)
        sw_doc_release(&hit[i].doc);
    sw_query_free(q);
    sw_index_close(r);
    free(err);
}

int main(void) {
    char dir[] = "/tmp/souwen-test-index.XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char path[64];
    snprintf(path, sizeof(path), "%s/xapian", dir);
    sw_segmenter *seg = NULL;
    CHECK_INT(sw_segmenter_new(&seg, NULL), 0);

    /* A new index records this souwen's schema version. */
    sw_index *x = NULL;
    char *err = NULL;
    int ver = -1;
    CHECK_INT(sw_index_open(path, SW_INDEX_WRITE, &x, &err), 0);
    CHECK_INT(sw_index_schema(x, &ver, &err), 0);
    CHECK_INT(ver, SW_SCHEMA_VERSION);

    /* Ids come back sorted as numbers, per type (Qa12 sorts before Qa5 as bytes). */
    sw_doc docs[] = {
        {.type = 'a',
         .id = 5,
         .title = "人工智能算力计划",
         .body = "正文",
         .url = "https://news.example.cn/a5",
         .key = "https://news.example.cn/a5",
         .date = "2026-02-02T17:58:29+08:00",
         .featured = {.pages = 3,
                      .lists = 4,
                      .first_seen = "2026-02-02T10:00:00Z",
                      .last_seen = "2026-02-03T10:00:00Z"}},
        {.type = 'a', .id = 12, .title = "足球比赛", .body = "正文", .key = "/tmp/p12.txt"},
        {.type = 'h',
         .id = 3,
         .title = "城市地铁新线开通",
         .source = "示例晚报",
         .sections = "热点推荐\n头条要闻",
         .occurrences = 2,
         .key = "城市 地铁\x1f示例 晚报",
         .url = "https://news.example.cn/a5",
         .article_at = 5}};
    for (size_t i = 0; i < 3; i++)
        CHECK_INT(sw_index_put(x, seg, &docs[i], &err), 0);
    CHECK_INT(sw_index_commit(x, &err), 0);
    int64_t *ids = NULL;
    size_t n = 0;
    CHECK_INT(sw_index_ids(x, 'a', &ids, &n, &err), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(ids[0], 5);
        CHECK_INT(ids[1], 12);
    }
    free(ids);
    CHECK_INT(sw_index_ids(x, 'h', &ids, &n, &err), 0);
    CHECK_INT(n, 1);
    if (n == 1)
        CHECK_INT(ids[0], 3);
    free(ids);

    /* A hit carries its whole document: what a shard served over TCP has to answer with. */
    sw_index *r = NULL;
    const char *spec[] = {path};
    CHECK_INT(sw_index_open_many(spec, 1, &r, &err), 0);
    sw_query *q = sw_query_term("", "地铁", strlen("地铁"));
    sw_hit hit[2];
    size_t got = 0;
    uint64_t est = 0;
    CHECK_INT(sw_index_search(r, q, 0, 0, 2, hit, &got, &est, &err), 0);
    CHECK_INT(got, 1);
    if (got == 1) {
        CHECK_INT(hit[0].doc.type, 'h');
        CHECK_INT(hit[0].doc.id, 3);
        CHECK_STR(hit[0].doc.title, "城市地铁新线开通");
        CHECK_STR(hit[0].doc.source, "示例晚报");
        CHECK_STR(hit[0].doc.sections, "热点推荐\n头条要闻");
        CHECK_STR(hit[0].doc.key, "城市 地铁\x1f示例 晚报");
        CHECK_INT(hit[0].doc.occurrences, 2);
        CHECK_INT(hit[0].doc.article_at, 5);
        CHECK(hit[0].doc.body == NULL && hit[0].doc.date == NULL);
        sw_doc_release(&hit[0].doc);
    }
    sw_query_free(q);
    q = sw_query_term("Q", "a5", 2);
    CHECK_INT(sw_index_search(r, q, 0, 0, 2, hit, &got, &est, &err), 0);
    CHECK_INT(got, 1);
    if (got == 1) {
        CHECK_STR(hit[0].doc.body, "正文");
        CHECK_STR(hit[0].doc.date, "2026-02-02T17:58:29+08:00");
        CHECK_INT(hit[0].doc.featured.pages, 3);
        CHECK_INT(hit[0].doc.featured.lists, 4);
        CHECK_STR(hit[0].doc.featured.first_seen, "2026-02-02T10:00:00Z");
        CHECK_STR(hit[0].doc.featured.last_seen, "2026-02-03T10:00:00Z");
        sw_doc_release(&hit[0].doc);
    }
    sw_query_free(q);
    sw_index_close(r);

    /* A spec that is neither a database nor tcp://HOST:PORT is refused with its name. */
    const char *bad[] = {"tcp://localhost"};
    CHECK_INT(sw_index_open_many(bad, 1, &r, &err), SW_EINDEX);
    CHECK(contains(err, "tcp://localhost") && contains(err, "HOST:PORT"));
    const char *nothing[] = {"/nonexistent/souwen/xapian"};
    CHECK_INT(sw_index_open_many(nothing, 1, &r, &err), SW_EINDEX);
    CHECK(contains(err, "/nonexistent/souwen/xapian"));

    CHECK_INT(sw_index_delete(x, 'a', 5, &err), 0);
    CHECK_INT(sw_index_commit(x, &err), 0);
    CHECK_INT(sw_index_ids(x, 'a', &ids, &n, &err), 0);
    CHECK_INT(n, 1);
    free(ids);

    check_dates(dir, seg);
    check_patch_map(dir, seg);
    check_ties(dir, seg);
    check_later(dir, seg);

    /* An index of another version is refused, for reading and writing, naming both. */
    CHECK_INT(sw_index_set_schema(x, SW_SCHEMA_VERSION + 1, &err), 0);
    sw_index_close(x);
    x = NULL;
    CHECK_INT(sw_index_open(path, 0, &x, &err), SW_EINDEX);
    char want[80];
    snprintf(want, sizeof(want), "has schema version %d; this souwen reads version %d",
             SW_SCHEMA_VERSION + 1, SW_SCHEMA_VERSION);
    CHECK(contains(err, want));
    CHECK(x == NULL);
    CHECK_INT(sw_index_open(path, SW_INDEX_WRITE, &x, &err), SW_EINDEX);
    snprintf(want, sizeof(want), "schema version %d", SW_SCHEMA_VERSION + 1);
    CHECK(contains(err, want));
    /* ...unless the caller asks for any version (souwen-index --upgrade). */
    CHECK_INT(sw_index_open(path, SW_INDEX_WRITE | SW_INDEX_ANY_VERSION, &x, &err), 0);
    CHECK_INT(sw_index_schema(x, &ver, &err), 0);
    CHECK_INT(ver, SW_SCHEMA_VERSION + 1);
    CHECK_INT(sw_index_set_schema(x, SW_SCHEMA_VERSION, &err), 0);
    sw_index_close(x);
    x = NULL;
    CHECK_INT(sw_index_open(path, 0, &x, &err), 0);
    sw_index_close(x);

    free(err);
    sw_segmenter_free(seg);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 2;
    return check_done();
}
