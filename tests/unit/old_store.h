/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * old_store.h - turns a store written by this souwen back into the text layout of schema 9
 * and before (each article's body in articles.body, versions compressed alone), so that the
 * upgrade tests can set a store's version back and upgrade it as an older souwen left it.
 */
#ifndef SW_TEST_OLD_STORE_H
#define SW_TEST_OLD_STORE_H

#include <sqlite3.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

/* The text of zlib data z[0..zn) (preset dictionary dict[0..dn)) into out: its length, or -1. */
static long old_inflate(const void *z, int zn, const void *dict, int dn, unsigned char *out,
                        size_t cap) {
    z_stream s;
    memset(&s, 0, sizeof(s));
    if (inflateInit(&s) != Z_OK)
        return -1;
    s.next_in = (Bytef *)(uintptr_t)z;
    s.avail_in = (uInt)zn;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int r = inflate(&s, Z_FINISH);
    if (r == Z_NEED_DICT && dict && inflateSetDictionary(&s, dict, (uInt)dn) == Z_OK)
        r = inflate(&s, Z_FINISH);
    long n = r == Z_STREAM_END ? (long)s.total_out : -1;
    inflateEnd(&s);
    return n;
}

/* SQL old_text(text, base_text, compress): a version's text, plain or zlib-compressed alone. */
static void old_text_fn(sqlite3_context *cx, int argc, sqlite3_value **argv) {
    (void)argc;
    static unsigned char base[1 << 20], text[1 << 20], z[1 << 21];
    long bn = 0;
    if (sqlite3_value_type(argv[1]) == SQLITE_BLOB &&
        (bn = old_inflate(sqlite3_value_blob(argv[1]), sqlite3_value_bytes(argv[1]), NULL, 0, base,
                          sizeof(base))) < 0) {
        sqlite3_result_error(cx, "damaged base", -1);
        return;
    }
    long n = old_inflate(sqlite3_value_blob(argv[0]), sqlite3_value_bytes(argv[0]), base, (int)bn,
                         text, sizeof(text));
    if (n < 0) {
        sqlite3_result_error(cx, "damaged text", -1);
        return;
    }
    if (!sqlite3_value_int(argv[2])) {
        sqlite3_result_text(cx, (const char *)text, (int)n, SQLITE_TRANSIENT);
        return;
    }
    uLongf zn = sizeof(z);
    if (compress2(z, &zn, text, (uLong)n, 6) != Z_OK) {
        sqlite3_result_error(cx, "compress failed", -1);
        return;
    }
    sqlite3_result_blob(cx, z, (int)zn, SQLITE_TRANSIENT);
}

/* The store db in schema 9's text layout; SQLITE_OK or SQLite's error. */
static int old_texts(sqlite3 *db) {
    int rc = sqlite3_create_function(db, "old_text", 3, SQLITE_UTF8, NULL, old_text_fn, NULL, NULL);
    return rc != SQLITE_OK
               ? rc
               : sqlite3_exec(
                     db,
                     "ALTER TABLE articles ADD COLUMN body TEXT;"
                     "UPDATE articles SET body = (SELECT old_text(v.text, b.text, 0) FROM "
                     "versions v LEFT JOIN versions b ON b.id = v.base WHERE v.id = "
                     "articles.version);"
                     "UPDATE versions SET text = old_text(text, (SELECT b.text FROM versions b "
                     "WHERE b.id = versions.base), 1) WHERE base IS NOT NULL;"
                     "ALTER TABLE articles DROP COLUMN version; ALTER TABLE versions DROP COLUMN "
                     "base;",
                     NULL, NULL, NULL);
}

#endif
