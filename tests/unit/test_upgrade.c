/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_upgrade.c - an index of schema version 1 brought to this version.
 *
 * Version 1 kept only "<kind><id>" as a Xapian document's data. The test
 * indexes the sample pages, then turns it into a version 1 index (the
 * store's pending table without its generation column, user_version 1,
 * Xapian metadata 1 in every shard), checks that searching
 * refuses it, upgrades it as souwen-index --upgrade does (migration, then
 * the rewrite of every document it queued), and searches again.
 *
 * Version 2 documents had no year, month and day terms, which date: now
 * reads. The test stands for them with shards emptied of every document
 * (a version 2 index as far as date: can tell, and one that only a rewrite
 * of every document mends), at version 2, and upgrades again.
 *
 * Later steps (7, 8, 9) each take the index back to that version's tables and upgrade it:
 * version 9 had no spans, and its headline documents no timeline.
 */
#include "batch.h"
#include "check.h"
#include "error.h"
#include "index.h"
#include "old_store.h"
#include "parse.h"
#include "search.h"
#include "shards.h"
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int contains(const char *s, const char *w) { return s && strstr(s, w) != NULL; }

/* Sets the version of the store and every shard, and with `empty` deletes every document. */
static void set_version(const char *dir, int version, int empty, char **err) {
    char path[256], sql[64];
    snprintf(path, sizeof(path), "%s/souwen.sqlite", dir);
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    sw_shards sh;
    CHECK_INT(sw_shards_load(dir, &sh, err), 0);
    for (size_t i = 0; i < sh.n; i++) {
        char *p = sw_shards_path(&sh, i);
        sw_index *x = NULL;
        CHECK_INT(sw_index_open(p, SW_INDEX_WRITE | SW_INDEX_ANY_VERSION, &x, err), 0);
        for (int k = 0; empty && k < 2 && x; k++) {
            int64_t *ids = NULL;
            size_t n = 0;
            CHECK_INT(sw_index_ids(x, "ah"[k], &ids, &n, err), 0);
            for (size_t j = 0; j < n; j++)
                CHECK_INT(sw_index_delete(x, "ah"[k], ids[j], err), 0);
            free(ids);
        }
        if (x) {
            CHECK_INT(sw_index_set_schema(x, version, err), 0);
            CHECK_INT(sw_index_commit(x, err), 0);
        }
        sw_index_close(x);
        free(p);
    }
    sw_shards_release(&sh);
}

/* Upgrades dir from version `from` (the migrations, then the rewrite of what they queued). */
static void upgrade(const char *dir, int from_version, char **err) {
    int from = 0, to = 0;
    CHECK_INT(sw_batch_upgrade(dir, 1, &from, &to, err), 0);
    CHECK_INT(from, from_version);
    CHECK_INT(to, SW_SCHEMA_VERSION);
}

/* Hits for `q` in index folder dir: -1 when the search fails (message in *err). */
static long hits(const char *dir, const char *q, char **err) {
    sw_searcher *s = NULL;
    sw_qparsed qp;
    sw_results r = {0};
    sw_search_opts o = {.limit = 100, .snippet_chars = 120};
    long n = -1;
    if (sw_qparsed_parse(q, &qp, err) == 0) {
        if (sw_searcher_open(&dir, 1, &s, err) == 0 && sw_searcher_run(s, &qp, &o, &r, err) == 0)
            n = (long)r.n;
        sw_qparsed_release(&qp);
    }
    sw_results_release(&r);
    sw_searcher_close(s);
    return n;
}

/*
 * The pages matching q as counted through value 4 (by type: every page has one), or -1 when
 * the index is refused or a page is not counted.
 */
static long counted(const char *dir, const char *q, char **err) {
    sw_searcher *s = NULL;
    sw_qparsed qp;
    sw_counts c = {0};
    sw_search_opts o = {.limit = 10, .snippet_chars = 120, .all_copies = 1};
    int type = SW_FACET_TYPE;
    long n = -1;
    if (sw_qparsed_parse(q, &qp, err) == 0) {
        if (sw_searcher_open(&dir, 1, &s, err) == 0 &&
            sw_searcher_count(s, &qp, &o, &type, 1, &c, err) == 0) {
            uint64_t by_type = 0;
            for (size_t i = 0; i < c.facets[0].n; i++)
                by_type += c.facets[0].rows[i].value ? c.facets[0].rows[i].pages : 0;
            n = by_type == c.pages ? (long)c.pages : -1;
        }
        sw_qparsed_release(&qp);
    }
    sw_counts_release(&c);
    sw_searcher_close(s);
    return n;
}

/*
 * Headline hits for `q` (headlines only), and in *seen those whose document carries when it
 * was seen (first_seen, last_seen and a timeline); -1 when the search fails.
 */
static long headlines_seen(const char *dir, const char *q, long *seen, char **err) {
    sw_searcher *s = NULL;
    sw_qparsed qp;
    sw_results r = {0};
    sw_search_opts o = {.limit = 1000, .snippet_chars = 120, .type = 'h'};
    long n = -1;
    *seen = 0;
    if (sw_qparsed_parse(q, &qp, err) == 0) {
        if (sw_searcher_open(&dir, 1, &s, err) == 0 && sw_searcher_run(s, &qp, &o, &r, err) == 0) {
            n = (long)r.n;
            for (size_t i = 0; i < r.n; i++)
                *seen += r.r[i].doc.first_seen[0] && r.r[i].doc.last_seen[0] && r.r[i].doc.timeline;
        }
        sw_qparsed_release(&qp);
    }
    sw_results_release(&r);
    sw_searcher_close(s);
    return n;
}

int main(int argc, char **argv) {
    if (argc != 2)
        return 2;
    char dir[] = "/tmp/souwen-test-upgrade.XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char *err = NULL;
    sw_batch *b = NULL;
    CHECK_INT(sw_batch_open(dir, NULL, 2, &b, &err), 0);
    CHECK_INT(sw_batch_add_path(b, argv[1], &err), 0);
    CHECK_INT(sw_batch_flush(b, &err), 0);
    sw_batch_close(b);
    long before = hits(dir, "人工智能", &err);
    CHECK(before > 3);
    long dated = hits(dir, "date:2026-02-01..2026-02-02", &err);
    CHECK(dated > 3);
    CHECK(dated < hits(dir, "date:2026", &err));

    /* Make it a version 1 index. */
    char path[256];
    snprintf(path, sizeof(path), "%s/souwen.sqlite", dir);
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    /* Version 1's pending table had no generation column. */
    CHECK_INT(sqlite3_exec(db, "ALTER TABLE pending DROP COLUMN gen; PRAGMA user_version = 1", NULL,
                           NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    sw_shards sh;
    CHECK_INT(sw_shards_load(dir, &sh, &err), 0);
    CHECK_INT(sh.n, 2);
    for (size_t i = 0; i < sh.n; i++) {
        char *p = sw_shards_path(&sh, i);
        sw_index *x = NULL;
        CHECK_INT(sw_index_open(p, SW_INDEX_WRITE, &x, &err), 0);
        CHECK_INT(sw_index_set_schema(x, 1, &err), 0);
        sw_index_close(x);
        free(p);
    }
    sw_shards_release(&sh);

    /* Refused by the search, pointing at --upgrade. */
    CHECK_INT(hits(dir, "人工智能", &err), -1);
    CHECK(contains(err, "schema version 1") && contains(err, "souwen-index --upgrade"));

    /* Upgraded: both sides at this version, every document rewritten from the record. */
    upgrade(dir, 1, &err);
    CHECK_INT(hits(dir, "人工智能", &err), before);
    CHECK_INT(hits(dir, "date:2026-02-01..2026-02-02", &err), dated);

    /* A version 2 index (documents without date terms): refused, then every one rewritten. */
    set_version(dir, 2, 1, &err);
    CHECK_INT(hits(dir, "人工智能", &err), -1);
    CHECK(contains(err, "schema version 2") && contains(err, "souwen-index --upgrade"));
    /*
     * An upgrade killed after the store's migration: the shards still say 2, so searches
     * still refuse the index, half rewritten; the next --upgrade finishes it.
     */
    int from = 0, to = 0;
    CHECK_INT(sw_store_upgrade(path, &from, &to, &err), 0);
    CHECK_INT(to, SW_SCHEMA_VERSION);
    CHECK_INT(hits(dir, "人工智能", &err), -1);
    CHECK(contains(err, "schema version 2"));
    upgrade(dir, 2, &err);
    CHECK_INT(hits(dir, "人工智能", &err), before);
    CHECK_INT(hits(dir, "date:2026-02-01..2026-02-02", &err), dated);
    sw_store *st = NULL;
    sw_store_counts c;
    CHECK_INT(sw_store_open(path, 0, &st, &err), 0);
    CHECK_INT(sw_store_count(st, &c, &err), 0);
    CHECK_INT(c.pending, 0);
    sw_store_close(st);
    CHECK_INT(sw_batch_upgrade(dir, 1, &from, &to, &err), 0);
    CHECK_INT(from, to);

    /*
     * A version 3 index (Traditional text not folded with OpenCC): refused, then rewritten, and
     * the Taipei sample's 換電網路 is found in mainland wording (网络).
     */
    long net = hits(dir, "换电网络", &err);
    CHECK(net >= 1);
    set_version(dir, 3, 1, &err);
    CHECK_INT(hits(dir, "换电网络", &err), -1);
    CHECK(contains(err, "schema version 3") && contains(err, "souwen-index --upgrade"));
    upgrade(dir, 3, &err);
    CHECK_INT(hits(dir, "换电网络", &err), net);
    CHECK_INT(hits(dir, "人工智能", &err), before);

    /* A version 6 index (no value 4 to count by): refused, then rewritten, and counted. */
    long pages = counted(dir, "人工智能", &err);
    CHECK(pages >= 1);
    set_version(dir, 6, 1, &err);
    CHECK_INT(counted(dir, "人工智能", &err), -1);
    CHECK(contains(err, "schema version 6") && contains(err, "souwen-index --upgrade"));
    upgrade(dir, 6, &err);
    CHECK_INT(counted(dir, "人工智能", &err), pages);
    CHECK_INT(hits(dir, "人工智能", &err), before);

    /*
     * A version 7 index (articles without an author column): refused, then upgraded. What the
     * older readers took is kept and searchable, every page is marked to be read again, and
     * the next run over the same files reads them all, authors and all.
     */
    CHECK_INT(hits(dir, "author:周沛然", &err), 1);
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "ALTER TABLE articles DROP COLUMN author", NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    set_version(dir, 7, 1, &err);
    CHECK_INT(hits(dir, "人工智能", &err), -1);
    CHECK(contains(err, "schema version 7") && contains(err, "souwen-index --upgrade"));
    upgrade(dir, 7, &err);
    CHECK_INT(hits(dir, "人工智能", &err), before);
    CHECK_INT(hits(dir, "author:周沛然", &err), 0);
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *q = NULL;
    const char *stale = "SELECT count(*) FROM pages WHERE hash NOT LIKE 'stale:%'";
    CHECK_INT(sqlite3_prepare_v2(db, stale, -1, &q, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_step(q), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(q, 0), 0);
    sqlite3_reset(q);
    CHECK_INT(sw_batch_open(dir, NULL, 2, &b, &err), 0);
    CHECK_INT(sw_batch_add_path(b, argv[1], &err), 0);
    CHECK_INT(sw_batch_flush(b, &err), 0);
    sw_batch_close(b);
    CHECK_INT(hits(dir, "author:周沛然", &err), 1);
    CHECK_INT(hits(dir, "人工智能", &err), before);
    CHECK_INT(sqlite3_step(q), SQLITE_ROW);
    CHECK(sqlite3_column_int(q, 0) > 10); /* read again, each with its own hash */
    sqlite3_finalize(q);
    sqlite3_close(db);

    /*
     * A version 8 index (no captures, no versions): refused, then upgraded; each page gets a
     * first capture of what is recorded, each article its text as a version, and the same
     * files read again are the same captures (nothing added but the other fetch of the pages
     * read twice, which version 8 kept once).
     */
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(old_texts(db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "DROP TABLE captures; DROP TABLE versions", NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    set_version(dir, 8, 0, &err); /* the documents stay: version 9 leaves them as they are */
    CHECK_INT(hits(dir, "人工智能", &err), -1);
    CHECK(contains(err, "schema version 8") && contains(err, "souwen-index --upgrade"));
    upgrade(dir, 8, &err);
    CHECK_INT(hits(dir, "人工智能", &err), before);
    static const char *const v8[] = {
        "SELECT (SELECT count(*) FROM captures) = (SELECT count(*) FROM pages)",
        "SELECT (SELECT count(*) FROM versions) = (SELECT count(*) FROM articles)",
        "SELECT count(*) = 0 FROM pages p WHERE NOT EXISTS (SELECT 1 FROM captures c WHERE "
        "c.page_id = p.id AND c.hash = p.hash AND c.fetched_at LIKE '____-__-__T__:__:__Z')",
        "SELECT count(*) = 0 FROM articles a WHERE NOT EXISTS (SELECT 1 FROM captures c JOIN "
        "versions v ON v.id = c.version WHERE c.page_id = a.page_id AND v.title = a.title)",
    };
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    for (size_t i = 0; i < sizeof(v8) / sizeof(v8[0]); i++) {
        CHECK_INT(sqlite3_prepare_v2(db, v8[i], -1, &q, NULL), SQLITE_OK);
        CHECK_INT(sqlite3_step(q), SQLITE_ROW);
        if (sqlite3_column_int(q, 0) != 1)
            fprintf(stderr, "not so after the upgrade from 8: %s\n", v8[i]);
        CHECK_INT(sqlite3_column_int(q, 0), 1);
        sqlite3_finalize(q);
    }
    const char *ncap = "SELECT count(*) FROM captures";
    CHECK_INT(sqlite3_prepare_v2(db, ncap, -1, &q, NULL), SQLITE_OK);
    CHECK_INT(sqlite3_step(q), SQLITE_ROW);
    int captures = sqlite3_column_int(q, 0);
    CHECK(captures > 10);
    /*
     * The samples hold three pages twice, in the WARC file and as files: two fetches each; and
     * samples/history/ six pages in 17 captures (the front page and four articles three times,
     * one article twice). Version 8 kept one capture a page, so the files read again add the
     * other fetch of the three and the other 11 captures of the six, once.
     */
    for (int round = 0; round < 2; round++) {
        sqlite3_reset(q);
        CHECK_INT(sw_batch_open(dir, NULL, 2, &b, &err), 0);
        CHECK_INT(sw_batch_add_path(b, argv[1], &err), 0);
        CHECK_INT(sw_batch_flush(b, &err), 0);
        sw_batch_close(b);
        CHECK_INT(sqlite3_step(q), SQLITE_ROW);
        CHECK_INT(sqlite3_column_int(q, 0), captures + 3 + 11);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);

    /*
     * A version 9 index (no spans): refused, then upgraded; each listed headline is seen
     * at its place at its page's latest capture with a text (else its latest: a list page
     * upgraded from version 8 has a first capture without one), and every headline document is
     * rewritten with first_seen, last_seen and its timeline.
     */
    long listed = 0, seen = 0, nheadlines = headlines_seen(dir, "人工智能", &seen, &err);
    CHECK(nheadlines > 0);
    CHECK_INT(seen, nheadlines);
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    CHECK_INT(old_texts(db), SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, "DROP TABLE spans; DROP TABLE page_last", NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(db);
    set_version(dir, 9, 0, &err);
    CHECK_INT(hits(dir, "人工智能", &err), -1);
    CHECK(contains(err, "schema version 9") && contains(err, "souwen-index --upgrade"));
    upgrade(dir, 9, &err);
    CHECK_INT(hits(dir, "人工智能", &err), before);
    CHECK_INT(headlines_seen(dir, "人工智能", &listed, &err), nheadlines);
    CHECK_INT(listed, nheadlines);
    static const char *const v9[] = {
        "SELECT (SELECT count(*) FROM spans) = (SELECT count(*) FROM occurrences)",
        "SELECT count(*) = 0 FROM occurrences o WHERE NOT EXISTS (SELECT 1 FROM spans s "
        "WHERE s.headline_id = o.headline_id AND s.page_id = o.page_id AND s.section = "
        "o.section AND s.position = o.position AND (s.last_at = s.first_at OR s.last_at = "
        "'~') AND s.first_at = coalesce((SELECT max(fetched_at) FROM captures c WHERE "
        "c.page_id = o.page_id AND c.hash IS NOT NULL), (SELECT max(fetched_at) FROM captures "
        "c WHERE c.page_id = o.page_id)))",
        /* 10 -> 11: a span through its page's latest capture is open */
        "SELECT count(*) = 0 FROM spans s WHERE s.last_at = (SELECT max(fetched_at) FROM "
        "captures c WHERE c.page_id = s.page_id)",
        "SELECT count(*) > 0 FROM spans WHERE last_at = '~'",
        "SELECT count(*) = 0 FROM pages p WHERE (SELECT at FROM page_last l WHERE l.page_id = "
        "p.id) IS NOT (SELECT max(fetched_at) FROM captures c WHERE c.page_id = p.id)",
        "SELECT count(*) = 0 FROM pending",
    };
    CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
    for (size_t i = 0; i < sizeof(v9) / sizeof(v9[0]); i++) {
        CHECK_INT(sqlite3_prepare_v2(db, v9[i], -1, &q, NULL), SQLITE_OK);
        CHECK_INT(sqlite3_step(q), SQLITE_ROW);
        if (sqlite3_column_int(q, 0) != 1)
            fprintf(stderr, "not so after the upgrade from 9: %s\n", v9[i]);
        CHECK_INT(sqlite3_column_int(q, 0), 1);
        sqlite3_finalize(q);
    }
    sqlite3_close(db);

    free(err);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 2;
    return check_done();
}
