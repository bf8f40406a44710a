/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_story.c - which story an article joins (store_story.h), over the tables `stories`,
 * `story_sigs` and `story_bands` (schema/souwen.sql).
 *
 * Candidates come from the index on the exact hash and from the band table: the articles that
 * share most bands with the new one, at most MAX_CANDIDATES of them, so the cost of a page does
 * not grow with the archive. The decision between two texts is sw_story_same (story.c).
 */
#include "store_story.h"

#include "date.h"
#include "error.h"
#include "story.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CANDIDATES 64    /* articles sharing the most bands, compared one by one */
#define SW_STORY_MAX_DAYS 31 /* near-duplicates published further apart are other stories */

_Static_assert(SW_STORY_BANDS == 16, "the candidate statement lists 16 band keys");

enum {
    SS_EXACT,
    SS_CANDIDATES,
    SS_SIG_GET,
    SS_SIG_PUT,
    SS_BAND_PUT,
    SS_SKETCH,
    SS_BAND_DELETE,
    SS_SIG_DELETE,
    SS_STORY_NEW,
    SS_NEXT_ID,
    SS_SET_STORY,
    SS_COUNT
};

static const char *const story_sql[SS_COUNT] = {
    [SS_EXACT] = "SELECT a.story FROM story_sigs s JOIN articles a ON a.id = s.article "
                 "WHERE s.exact = ?1 AND s.article != ?2 AND a.story != 0 ORDER BY a.story LIMIT 1",
    [SS_CANDIDATES] = "SELECT article FROM story_bands WHERE band IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                      "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) AND article != ?17 "
                      "GROUP BY article ORDER BY count(*) DESC, article LIMIT ?18",
    [SS_SIG_GET] = "SELECT s.exact, s.chars, s.shingles, s.sketch, a.story, s.published "
                   "FROM story_sigs s "
                   "JOIN articles a ON a.id = s.article WHERE s.article = ?1",
    [SS_SIG_PUT] = "INSERT OR REPLACE INTO story_sigs(article, exact, chars, shingles, sketch, "
                   "published) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [SS_BAND_PUT] = "INSERT OR IGNORE INTO story_bands(band, article) VALUES (?1, ?2)",
    [SS_SKETCH] = "SELECT sketch FROM story_sigs WHERE article = ?1",
    [SS_BAND_DELETE] = "DELETE FROM story_bands WHERE band = ?1 AND article = ?2",
    [SS_SIG_DELETE] = "DELETE FROM story_sigs WHERE article = ?1",
    [SS_STORY_NEW] = "INSERT INTO stories(key, article) VALUES (?1, ?2)",
    [SS_NEXT_ID] =
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'stories'), 0) + 1",
    [SS_SET_STORY] = "UPDATE articles SET story = ?2 WHERE id = ?1",
};

struct sw_storyer {
    sqlite3 *db;                /* the store's connection, not owned */
    const char *path;           /* the store's file, for messages; not owned */
    sqlite3_stmt *st[SS_COUNT]; /* prepared statements, by SS_* */
};

static int fail(sw_storyer *c, char **errmsg, const char *what) {
    return sw_error(errmsg, SW_ESTORE, "%s in '%s': %s", what, c->path, sqlite3_errmsg(c->db));
}

/* Steps st to its end and resets it; SW_ESTORE when SQLite failed. */
static int run(sw_storyer *c, sqlite3_stmt *st, char **errmsg) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail(c, errmsg, "unable to record a story");
}

int sw_storyer_open(sqlite3 *db, const char *path, sw_storyer **out, char **errmsg) {
    sw_storyer *c = calloc(1, sizeof(*c));
    if (!c)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    c->db = db;
    c->path = path;
    for (int i = 0; i < SS_COUNT; i++)
        if (sqlite3_prepare_v3(db, story_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->st[i], NULL) !=
            SQLITE_OK) {
            int rc = fail(c, errmsg, "unable to prepare a story statement");
            sw_storyer_close(c);
            return rc;
        }
    *out = c;
    return 0;
}

void sw_storyer_close(sw_storyer *c) {
    if (!c)
        return;
    for (int i = 0; i < SS_COUNT; i++)
        sqlite3_finalize(c->st[i]);
    free(c);
}

/*
 * Reads the signature of `article` into *sig, its story into *story and its publication time
 * into *published (INT64_MIN: unknown); 0 when it has none.
 */
static int load_sig(sw_storyer *c, int64_t article, sw_story_sig *sig, int64_t *story,
                    int64_t *published) {
    sqlite3_stmt *st = c->st[SS_SIG_GET];
    sqlite3_bind_int64(st, 1, article);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        memset(sig, 0, sizeof(*sig));
        sig->exact = (uint64_t)sqlite3_column_int64(st, 0);
        sig->chars = (uint32_t)sqlite3_column_int64(st, 1);
        sig->shingles = (uint32_t)sqlite3_column_int64(st, 2);
        const void *blob = sqlite3_column_blob(st, 3);
        if (blob && sqlite3_column_bytes(st, 3) == SW_STORY_HASHES * 4)
            sw_story_unpack(blob, sig);
        else
            sig->shingles = 0;
        *story = sqlite3_column_int64(st, 4);
        *published =
            sqlite3_column_type(st, 5) == SQLITE_NULL ? INT64_MIN : sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    return found;
}

/* Whether two publication times (INT64_MIN: unknown) are too far apart for one story. */
static int far_apart(int64_t a, int64_t b) {
    if (a == INT64_MIN || b == INT64_MIN)
        return 0;
    int64_t d = a > b ? a - b : b - a;
    return d > (int64_t)SW_STORY_MAX_DAYS * 86400;
}

/*
 * The story of the earlier article most like sig (0: none is the same story), published at
 * `published` (unix seconds, INT64_MIN: unknown). Exact copies win; among near-duplicates
 * published within SW_STORY_MAX_DAYS of each other, the highest estimated similarity, then the
 * oldest story.
 */
static int best_story(sw_storyer *c, int64_t article, const sw_story_sig *sig, int64_t published,
                      int64_t *out, char **errmsg) {
    *out = 0;
    sqlite3_stmt *st = c->st[SS_EXACT];
    if (sig->exact) {
        sqlite3_bind_int64(st, 1, (int64_t)sig->exact);
        sqlite3_bind_int64(st, 2, article);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW)
            *out = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            return fail(c, errmsg, "unable to look up a story");
        if (*out)
            return 0;
    }
    if (!sw_story_sketched(sig))
        return 0;
    int64_t cand[MAX_CANDIDATES];
    int n = 0, step;
    st = c->st[SS_CANDIDATES];
    for (int b = 0; b < SW_STORY_BANDS; b++)
        sqlite3_bind_int64(st, b + 1, sw_story_band(sig, b));
    sqlite3_bind_int64(st, SW_STORY_BANDS + 1, article);
    sqlite3_bind_int(st, SW_STORY_BANDS + 2, MAX_CANDIDATES);
    while ((step = sqlite3_step(st)) == SQLITE_ROW && n < MAX_CANDIDATES)
        cand[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return fail(c, errmsg, "unable to look up a story");
    double best = -1;
    for (int i = 0; i < n; i++) {
        sw_story_sig other;
        int64_t story, when;
        if (!load_sig(c, cand[i], &other, &story, &when) || !story || far_apart(published, when) ||
            !sw_story_same(sig, &other))
            continue;
        double j = sw_story_jaccard(sig, &other);
        if (j > best || (j == best && story < *out)) {
            best = j;
            *out = story;
        }
    }
    return 0;
}

/* The id the next story will have (AUTOINCREMENT's sequence plus one). */
static int64_t next_id(sw_storyer *c) {
    sqlite3_stmt *st = c->st[SS_NEXT_ID];
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

static int put_sig(sw_storyer *c, int64_t article, const sw_story_sig *sig, int64_t published,
                   char **errmsg) {
    sqlite3_stmt *st = c->st[SS_SIG_PUT];
    if (published == INT64_MIN)
        sqlite3_bind_null(st, 6);
    else
        sqlite3_bind_int64(st, 6, published);
    sqlite3_bind_int64(st, 1, article);
    sqlite3_bind_int64(st, 2, (int64_t)sig->exact);
    sqlite3_bind_int64(st, 3, sig->chars);
    sqlite3_bind_int64(st, 4, sig->shingles);
    if (sw_story_sketched(sig)) {
        unsigned char sketch[SW_STORY_HASHES * 4];
        sw_story_pack(sig, sketch);
        sqlite3_bind_blob(st, 5, sketch, sizeof(sketch), SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(st, 5);
    }
    int rc = run(c, st, errmsg);
    for (int b = 0; !rc && sw_story_sketched(sig) && b < SW_STORY_BANDS; b++) {
        sqlite3_bind_int64(c->st[SS_BAND_PUT], 1, sw_story_band(sig, b));
        sqlite3_bind_int64(c->st[SS_BAND_PUT], 2, article);
        rc = run(c, c->st[SS_BAND_PUT], errmsg);
    }
    return rc;
}

/*
 * Begins a story with `article`, whose text hashes to `exact`. Its key is a mix of that hash:
 * the same text begins the same story key in every index, so that indexes built apart and
 * searched together (--db a --db b) show a story of copies once, as one index would. When the
 * key is taken (a story whose first text has left it, an empty text), the story's own id,
 * which AUTOINCREMENT never gives twice, is mixed in.
 */
static int new_story(sw_storyer *c, int64_t article, uint64_t exact, int64_t *story,
                     char **errmsg) {
    sqlite3_stmt *st = c->st[SS_STORY_NEW];
    char key[17];
    int step = SQLITE_CONSTRAINT;
    for (int salted = !exact; step == SQLITE_CONSTRAINT && salted < 2; salted++) {
        /* salted: the next id, as the row inserted now will have it */
        sw_story_key(salted ? exact ^ (uint64_t)(next_id(c) + 0x5bd1e995) : exact, key);
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, article);
        step = sqlite3_step(st);
        sqlite3_reset(st);
    }
    if (step != SQLITE_DONE)
        return fail(c, errmsg, "unable to record a story");
    *story = sqlite3_last_insert_rowid(c->db);
    return 0;
}

int sw_storyer_assign(sw_storyer *c, int64_t article, const char *text, size_t len,
                      const char *published_at, int64_t *story, char **errmsg) {
    sw_story_sig sig;
    if (sw_story_sign(text, len, &sig))
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    int64_t s = 0, published = published_at ? sw_date_unix(published_at) : INT64_MIN;
    int rc = best_story(c, article, &sig, published, &s, errmsg);
    if (!rc && !s)
        rc = new_story(c, article, sig.exact, &s, errmsg);
    if (!rc)
        rc = put_sig(c, article, &sig, published, errmsg);
    if (!rc) {
        sqlite3_bind_int64(c->st[SS_SET_STORY], 1, article);
        sqlite3_bind_int64(c->st[SS_SET_STORY], 2, s);
        rc = run(c, c->st[SS_SET_STORY], errmsg);
    }
    if (!rc && story)
        *story = s;
    return rc;
}

int sw_storyer_forget(sw_storyer *c, int64_t article, char **errmsg) {
    sqlite3_stmt *st = c->st[SS_SKETCH];
    sqlite3_bind_int64(st, 1, article);
    sw_story_sig sig;
    memset(&sig, 0, sizeof(sig));
    int sketched = 0;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == SW_STORY_HASHES * 4) {
        sw_story_unpack(sqlite3_column_blob(st, 0), &sig);
        sketched = 1;
    }
    sqlite3_reset(st);
    int rc = 0;
    for (int b = 0; !rc && sketched && b < SW_STORY_BANDS; b++) {
        sqlite3_bind_int64(c->st[SS_BAND_DELETE], 1, sw_story_band(&sig, b));
        sqlite3_bind_int64(c->st[SS_BAND_DELETE], 2, article);
        rc = run(c, c->st[SS_BAND_DELETE], errmsg);
    }
    if (!rc) {
        sqlite3_bind_int64(c->st[SS_SIG_DELETE], 1, article);
        rc = run(c, c->st[SS_SIG_DELETE], errmsg);
    }
    return rc;
}
