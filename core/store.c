/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store.c - the SQLite record (schema/souwen.sql).
 *
 * All statements are prepared once at open and reset after each use; nothing
 * is built from strings. Writes happen inside the caller's transactions, so
 * a batch of pages is one commit. The store does not talk to Xapian: it only
 * lists in `pending` what the index must catch up on.
 */
#include "store.h"

#include "buf.h"
#include "date.h"
#include "error.h"
#include "schema_sql.h"
#include "store_story.h"
#include "url.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <xxhash.h>
#include <zlib.h>

enum {
    ST_PAGE_GET,
    ST_PAGE_SEEN,
    ST_PAGE_INSERT,
    ST_PAGE_UPDATE,
    ST_ARTICLE_OF_PAGE,
    ST_ARTICLE_DELETE,
    ST_ARTICLE_INSERT,
    ST_OCC_HEADLINES_OF_PAGE,
    ST_OCC_DELETE_PAGE,
    ST_OCC_INSERT,
    ST_HEADLINE_GET,
    ST_HEADLINE_INSERT,
    ST_HEADLINE_FILL,
    ST_PENDING_ADD,
    ST_PENDING_ALL,
    ST_PENDING_CLEAR,
    ST_PENDING_GEN,
    ST_HEADLINE_ORPHANS,
    ST_FAILURE_SET,
    ST_FAILURE_CLEAR,
    ST_DOC_ARTICLE,
    ST_DOC_CAPTURES,
    ST_DOC_HEADLINE,
    ST_DOC_SECTIONS,
    ST_DOC_SECTIONS_SHOWN,
    ST_DOC_FIRST_PAGE,
    ST_PAGES_MATCHING,
    ST_PAGE_DELETE,
    ST_QUEUE_ARTICLES,
    ST_QUEUE_HEADLINES,
    ST_LOAD_PAGE,
    ST_LOAD_ARTICLE,
    ST_LOAD_ITEMS,
    ST_COUNTS,
    ST_CHARSETS,
    ST_FEATURED,
    ST_FEATURED_SPANS,
    ST_ARTICLE_AT,
    ST_QUEUE_LINKING,
    ST_QUEUE_LINKED,
    ST_NEXT_IDS,
    ST_FAILURES,
    ST_TITLE_ARTICLE,
    ST_TITLE_LINK,
    ST_TITLE_UNLINK,
    ST_QUEUE_LINKED_ONE,
    ST_CAP_PAGE,
    ST_CAP_OF_HASH,
    ST_CAP_AT,
    ST_CAP_LATEST,
    ST_CAP_LAST_TIME,
    ST_PAGE_LAST_CAPTURE,
    ST_PAGE_LAST_DELETE,
    ST_CAP_INSERT,
    ST_CAP_ADD,
    ST_VERSION_ORPHANS,
    ST_CAP_TEXT_TIME,
    ST_VERSION_GET,
    ST_VERSION_INSERT,
    ST_VERSION_BASE,
    ST_VERSION_TEXT,
    ST_CAP_DELETE_PAGE,
    ST_VERSION_DELETE_PAGE,
    ST_BARE_PAGE,
    ST_SPAN_NEIGHBOURS,
    ST_SPANS_AT,
    ST_SPANS_OVER,
    ST_SPAN_SAME_OVER,
    ST_CAPS_BETWEEN,
    ST_SPAN_EXTEND_END,
    ST_SPAN_EXTEND_START,
    ST_SPAN_JOIN,
    ST_SPAN_INSERT,
    ST_SPAN_SET_LAST,
    ST_SPAN_SET_FIRST,
    ST_SPAN_DELETE,
    ST_SPAN_DELETE_AT,
    ST_SPANS_CLOSE,
    ST_SPANS_OPEN,
    ST_SPANS_OPEN_HEADLINES,
    ST_CAP_TEXT_BEFORE,
    ST_CAP_REVISITS_AFTER,
    ST_SPANS_QUEUE_AROUND,
    ST_SPANS_QUEUE_PAGE,
    ST_SPANS_DELETE_PAGE,
    ST_DOC_TIMELINE,
    ST_CAP_AT_OR_BEFORE,
    ST_VERSION_AT,
    ST_LOAD_ITEMS_AT,
    ST_COUNT
};

/*
 * A span's last capture (spans s LEFT JOIN page_last l ON l.page_id = s.page_id): an open
 * one's is its page's latest capture.
 */
#define SPAN_LAST "iif(s.last_at = '~', l.at, s.last_at)"
#define SPAN_LAST_JOIN " LEFT JOIN page_last l ON l.page_id = s.page_id"

static const char *const sql_text[ST_COUNT] = {
    [ST_PAGE_GET] = "SELECT id, hash FROM pages WHERE key = ?1",
    [ST_PAGE_SEEN] = "SELECT hash FROM pages WHERE key = ?2 OR path = ?1 LIMIT 1",
    [ST_PAGE_INSERT] = "INSERT INTO pages(key, url, path, hash, charset, fetched_at, indexed_at, "
                       "bytes, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [ST_PAGE_UPDATE] = "UPDATE pages SET url = ?2, path = ?3, hash = ?4, charset = ?5, "
                       "fetched_at = ?6, indexed_at = ?7, bytes = ?8, saved_at = ?9 WHERE id = ?1",
    [ST_ARTICLE_OF_PAGE] = "SELECT id FROM articles WHERE page_id = ?1",
    [ST_ARTICLE_DELETE] = "DELETE FROM articles WHERE page_id = ?1",
    [ST_ARTICLE_INSERT] = "INSERT INTO articles(page_id, title, source, published_at, version, "
                          "author, title_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [ST_OCC_HEADLINES_OF_PAGE] = "SELECT DISTINCT headline_id FROM occurrences WHERE page_id = ?1",
    [ST_OCC_DELETE_PAGE] = "DELETE FROM occurrences WHERE page_id = ?1",
    [ST_OCC_INSERT] = "INSERT OR IGNORE INTO occurrences(headline_id, page_id, section, position) "
                      "VALUES (?1, ?2, ?3, ?4)",
    /* A known headline: its id, and whether its time, URL and link are still to be filled. */
    [ST_HEADLINE_GET] = "SELECT id, published_at IS NULL, url IS NULL, link IS NULL FROM "
                        "headlines WHERE key = ?1",
    [ST_HEADLINE_INSERT] = "INSERT INTO headlines(key, title, source, published_at, url, link) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    /* A URL given at last replaces a link found by title: a headline links where it points. */
    [ST_HEADLINE_FILL] = "UPDATE headlines SET published_at = coalesce(published_at, ?2), "
                         "url = coalesce(url, ?3), link = CASE WHEN url IS NULL AND ?3 IS NOT "
                         "NULL THEN ?4 ELSE coalesce(link, ?4) END WHERE id = ?1",
    /* A row queued again moves to the current generation: the work it asks for is new. */
    [ST_PENDING_ADD] =
        "INSERT INTO pending(kind, id, gen) VALUES (?1, ?2, ?3)"
        " ON CONFLICT(kind, id) DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen",
    /*
     * A headline's patch ('g') waits for the last catch-up of a run (?1 the largest
     * generation): a headline on many pages is patched once, not once a batch. A patch ('c',
     * 'g') is passed when its document is written whole ('a', 'h') anyway.
     */
    [ST_PENDING_ALL] = "SELECT kind, id FROM pending p WHERE gen <= ?1 AND (?1 = "
                       "9223372036854775807 OR kind <> 'g') AND NOT (kind IN ('c', 'g') AND "
                       "EXISTS (SELECT 1 FROM pending WHERE kind = iif(p.kind = 'c', 'a', 'h') "
                       "AND id = p.id AND gen <= ?1))",
    /* The rows applied: a patch waiting stays, unless its document was written whole. */
    [ST_PENDING_CLEAR] = "DELETE FROM pending WHERE gen <= ?1 AND (?1 = 9223372036854775807 OR "
                         "kind <> 'g' OR EXISTS (SELECT 1 FROM pending q WHERE q.kind = 'h' AND "
                         "q.id = pending.id AND q.gen <= ?1))",
    [ST_PENDING_GEN] = "SELECT coalesce(max(gen), 0) FROM pending",
    [ST_HEADLINE_ORPHANS] =
        "DELETE FROM headlines WHERE id IN (SELECT id FROM pending WHERE "
        "kind = 'h' AND gen <= ?1) AND NOT EXISTS (SELECT 1 FROM occurrences o WHERE "
        "o.headline_id = headlines.id) AND NOT EXISTS (SELECT 1 FROM spans s WHERE "
        "s.headline_id = headlines.id)",
    [ST_FAILURE_SET] = "INSERT OR REPLACE INTO failures(path, reason, at) VALUES (?1, ?2, ?3)",
    [ST_FAILURE_CLEAR] = "DELETE FROM failures WHERE path = ?1",
    [ST_DOC_ARTICLE] =
        "SELECT a.title, a.source, a.published_at, p.url, p.path, "
        "a.version, p.key, (SELECT key FROM stories WHERE "
        "id = a.story), p.fetched_at, p.saved_at, a.author, p.id FROM articles a JOIN pages "
        "p ON p.id = a.page_id WHERE a.id = ?1",
    /*
     * What an article's document says of its page's captures: their number, the first and
     * the last (seen:), whether it had more than one text (changed:), and whether the latest
     * was a 404 or 410 (gone:).
     */
    [ST_DOC_CAPTURES] =
        "SELECT count(*), min(fetched_at), max(fetched_at), coalesce(min(version) <> "
        "max(version), 0), "
        "coalesce((SELECT status IN (404, 410) FROM captures WHERE page_id = ?1 ORDER BY "
        "fetched_at DESC LIMIT 1), 0) FROM captures WHERE page_id = ?1",
    /* (its first and last seen come from its timeline: doc_timeline) */
    [ST_DOC_HEADLINE] = "SELECT title, source, published_at, url, (SELECT count(*) FROM "
                        "occurrences WHERE headline_id = ?1), key FROM headlines WHERE id = ?1",
    /* The sections a headline is listed under... */
    [ST_DOC_SECTIONS] =
        "SELECT DISTINCT section FROM occurrences WHERE headline_id = ?1 ORDER BY 1",
    /* ...and once no page lists it, those it was shown under. */
    [ST_DOC_SECTIONS_SHOWN] =
        "SELECT DISTINCT section FROM spans WHERE headline_id = ?1 ORDER BY 1",
    [ST_DOC_FIRST_PAGE] = "SELECT url, path FROM (SELECT p.id, p.url, p.path FROM occurrences o "
                          "JOIN pages p ON p.id = o.page_id WHERE o.headline_id = ?1 UNION ALL "
                          "SELECT p.id, p.url, p.path FROM spans s JOIN pages p ON p.id = "
                          "s.page_id WHERE s.headline_id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                          "occurrences WHERE headline_id = ?1)) ORDER BY id LIMIT 1",
    [ST_PAGES_MATCHING] = "SELECT id FROM pages WHERE key = ?2 OR url = ?1 OR path = ?1",
    [ST_PAGE_DELETE] = "DELETE FROM pages WHERE id = ?1",
    [ST_QUEUE_ARTICLES] = "INSERT INTO pending(kind, id, gen) SELECT 'a', id, ?1 FROM articles "
                          "WHERE true ON CONFLICT(kind, id) DO UPDATE SET gen = excluded.gen WHERE "
                          "gen <> excluded.gen",
    [ST_QUEUE_HEADLINES] = "INSERT INTO pending(kind, id, gen) SELECT 'h', id, ?1 FROM headlines "
                           "WHERE true ON CONFLICT(kind, id) DO UPDATE SET gen = excluded.gen "
                           "WHERE gen <> excluded.gen",
    [ST_LOAD_PAGE] = "SELECT id, url, path, charset, fetched_at FROM pages WHERE key = ?2 OR "
                     "url = ?1 OR path = ?1 ORDER BY key = ?2 DESC, id LIMIT 1",
    [ST_LOAD_ARTICLE] =
        "SELECT title, source, published_at, version, author FROM articles WHERE page_id = ?1",
    [ST_LOAD_ITEMS] = "SELECT o.section, h.title, h.source, h.published_at, h.url, "
                      "(SELECT min(position) FROM occurrences f WHERE f.page_id = o.page_id AND "
                      "f.section = o.section) AS first FROM occurrences o JOIN headlines h ON "
                      "h.id = o.headline_id WHERE o.page_id = ?1 ORDER BY first, o.section, "
                      "o.position",
    [ST_COUNTS] = "SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM articles), "
                  "(SELECT count(*) FROM headlines), (SELECT count(*) FROM occurrences), "
                  "(SELECT count(*) FROM failures), (SELECT coalesce(sum(bytes), 0) FROM pages), "
                  "(SELECT count(DISTINCT headline_id) FROM occurrences), "
                  "(SELECT count(*) FROM pending), (SELECT count(DISTINCT story) FROM articles)",
    [ST_CHARSETS] = "SELECT charset, count(*) FROM pages GROUP BY charset ORDER BY 2 DESC, 1",
    /*
     * The listings of the page whose key is ?1: the lists (page, section) that list a headline
     * linking to it now, one row each (featured() counts the pages)...
     */
    [ST_FEATURED] = "SELECT o.page_id FROM headlines h JOIN occurrences o ON o.headline_id = "
                    "h.id WHERE h.link = ?1",
    /* ...and the first and the last capture at which any list showed one (its spans). */
    [ST_FEATURED_SPANS] = "SELECT min(s.first_at), max(" SPAN_LAST ") FROM headlines h JOIN "
                          "spans s ON s.headline_id = h.id" SPAN_LAST_JOIN " WHERE h.link = ?1",
    [ST_ARTICLE_AT] = "SELECT a.id FROM headlines h JOIN pages p ON p.key = h.link JOIN articles a "
                      "ON a.page_id = p.id WHERE h.id = ?1",
    /* The headlines linking to page ?1: their article_url follows the page's article. */
    [ST_QUEUE_LINKING] =
        "INSERT INTO pending(kind, id, gen) SELECT 'h', h.id, ?2 FROM pages p "
        "JOIN headlines h ON h.link = p.key WHERE p.id = ?1"
        " ON CONFLICT(kind, id) DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen",
    /* The articles queued headlines link to: their featured_on follows the headlines. */
    [ST_QUEUE_LINKED] =
        "INSERT INTO pending(kind, id, gen) SELECT iif(q.kind = 'h', 'a', 'c'), "
        "a.id, ?1 FROM pending q JOIN headlines h ON h.id = q.id JOIN pages p ON "
        "p.key = h.link JOIN articles a ON a.page_id = p.id WHERE q.kind IN ('h', "
        "'g') AND q.gen = ?1"
        " ON CONFLICT(kind, id) DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen",
    [ST_NEXT_IDS] = "SELECT (SELECT coalesce(max(id), 0) + 1 FROM articles), "
                    "(SELECT coalesce(max(id), 0) + 1 FROM headlines)",
    [ST_FAILURES] = "SELECT path, reason FROM failures ORDER BY path",
    /*
     * Headlines without a URL link to an article by title: ?1 a headline key's title part, ?2
     * the source the headline names, matched against the article's source or author.
     */
    [ST_TITLE_ARTICLE] = "SELECT p.key FROM articles a JOIN pages p ON p.id = a.page_id WHERE "
                         "a.title_key = ?1 AND (?2 IS NULL OR a.source = ?2 OR a.author = ?2) "
                         "ORDER BY a.id LIMIT 1",
    /* An article of page key ?1 recorded: the headlines of its title (keys from ?2 to ?3). */
    /* (+url, +link: by the key's range, never by the link index, where the unlinked crowd) */
    [ST_TITLE_LINK] = "UPDATE headlines SET link = ?1 WHERE key >= ?2 AND key < ?3 AND +url IS "
                      "NULL AND +link IS NULL AND (source IS NULL OR source = ?4 OR source = ?5)",
    /*
     * Page ?1 changed or forgotten: headlines linked to it by title link to another article of
     * their title (and source), else to none until one is recorded.
     */
    [ST_TITLE_UNLINK] =
        "UPDATE headlines SET link = (SELECT p.key FROM articles a JOIN pages p ON p.id = "
        "a.page_id WHERE a.page_id <> ?1 AND a.title_key = substr(headlines.key, 1, "
        "instr(headlines.key, char(31)) - 1) AND (headlines.source IS NULL OR a.source = "
        "headlines.source OR a.author = headlines.source) ORDER BY a.id LIMIT 1) WHERE url IS "
        "NULL AND link = (SELECT key FROM pages WHERE id = ?1)",
    /* The article headline ?1 links to, queued (?2 the generation): it is about to link away. */
    [ST_QUEUE_LINKED_ONE] =
        "INSERT INTO pending(kind, id, gen) SELECT 'a', a.id, ?2 FROM "
        "headlines h JOIN pages p ON p.key = h.link JOIN articles a ON "
        "a.page_id = p.id WHERE h.id = ?1"
        " ON CONFLICT(kind, id) DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen",
    /* The page a capture belongs to (?1 a path, ?2 a key, as ST_PAGE_SEEN finds it). */
    [ST_CAP_PAGE] = "SELECT id, hash FROM pages WHERE key = ?2 OR path = ?1 LIMIT 1",
    /*
     * The version of a capture of page ?1 whose bytes hashed ?2 (-1: a capture without one),
     * and its time: the latest such capture before ?3, else the first after.
     */
    [ST_CAP_OF_HASH] = "SELECT coalesce(version, -1), fetched_at FROM captures WHERE page_id = ?1 "
                       "AND hash = ?2 ORDER BY fetched_at < ?3 DESC, iif(fetched_at < ?3, "
                       "fetched_at, NULL) DESC, fetched_at LIMIT 1",
    /* Page ?1's capture at time ?2: the hash of its bytes ('' for one without a text). */
    [ST_CAP_AT] = "SELECT coalesce(hash, '') FROM captures WHERE page_id = ?1 AND fetched_at = ?2",
    /* Page ?1's latest capture's time ("" when none)... */
    [ST_CAP_LAST_TIME] = "SELECT max(fetched_at) FROM captures WHERE page_id = ?1",
    /* ...recorded in page_last when a capture at ?2 is added, if it is the latest... */
    [ST_PAGE_LAST_CAPTURE] = "INSERT INTO page_last(page_id, at) VALUES (?1, ?2) ON "
                             "CONFLICT(page_id) DO UPDATE SET at = excluded.at WHERE "
                             "excluded.at > at",
    /* ...and forgotten with the page. */
    [ST_PAGE_LAST_DELETE] = "DELETE FROM page_last WHERE page_id = ?1",
    /* Page ?1's latest capture: its time and status. */
    [ST_CAP_LATEST] = "SELECT fetched_at, status FROM captures WHERE page_id = ?1 ORDER BY "
                      "fetched_at DESC LIMIT 1",
    /*
     * A capture with a text: one fetch is one row; the same fetch read again (same time) is
     * kept once, and written only when it reads otherwise (a page marked stale read again by
     * newer readers).
     */
    [ST_CAP_INSERT] = "INSERT INTO captures(page_id, fetched_at, status, hash, version) VALUES "
                      "(?1, ?2, ?3, ?4, ?5) ON CONFLICT(page_id, fetched_at) DO UPDATE SET "
                      "status = excluded.status, hash = excluded.hash, version = excluded.version "
                      "WHERE status IS NOT excluded.status OR hash IS NOT excluded.hash OR "
                      "version IS NOT excluded.version",
    /* A capture without a new text (unchanged, revisited, gone): a fetch at a time is one row. */
    [ST_CAP_ADD] = "INSERT OR IGNORE INTO captures(page_id, fetched_at, status, hash, version) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)",
    /*
     * The versions of page ?1 no capture names any more (a capture read again otherwise), but
     * for one another version is compressed against.
     */
    [ST_VERSION_ORPHANS] = "DELETE FROM versions WHERE page_id = ?1 AND NOT EXISTS (SELECT 1 "
                           "FROM captures c WHERE c.page_id = ?1 AND c.version = versions.id) "
                           "AND NOT EXISTS (SELECT 1 FROM versions w WHERE w.page_id = ?1 AND "
                           "w.base = versions.id)",
    /* The time of page ?1's latest capture with a text: the text the page shows now. */
    [ST_CAP_TEXT_TIME] = "SELECT max(fetched_at) FROM captures WHERE page_id = ?1 AND "
                         "hash IS NOT NULL",
    [ST_VERSION_GET] = "SELECT id FROM versions WHERE page_id = ?1 AND hash = ?2",
    [ST_VERSION_INSERT] =
        "INSERT INTO versions(page_id, hash, title, text, base) VALUES (?1, ?2, ?3, ?4, ?5)",
    /* Page ?1's first version: the dictionary its later versions are compressed against. */
    [ST_VERSION_BASE] = "SELECT id, text FROM versions WHERE page_id = ?1 AND base IS NULL ORDER "
                        "BY id LIMIT 1",
    /* Version ?1's compressed text, and its base's (NULL: compressed alone). */
    [ST_VERSION_TEXT] = "SELECT v.text, b.text FROM versions v LEFT JOIN versions b ON b.id = "
                        "v.base WHERE v.id = ?1",
    [ST_CAP_DELETE_PAGE] = "DELETE FROM captures WHERE page_id = ?1",
    [ST_VERSION_DELETE_PAGE] = "DELETE FROM versions WHERE page_id = ?1",
    /* A page known so far only by a capture without a text (gone, or a revisit). */
    [ST_BARE_PAGE] = "INSERT INTO pages(key, url, path, hash, charset, fetched_at, indexed_at, "
                     "bytes) VALUES (?1, ?2, ?3, '', 'UTF-8', NULL, ?4, 0)",
    /* The captures of page ?1 just before and after time ?2 (any status). */
    [ST_SPAN_NEIGHBOURS] =
        "SELECT (SELECT max(fetched_at) FROM captures WHERE page_id = ?1 AND fetched_at < ?2), "
        "(SELECT min(fetched_at) FROM captures WHERE page_id = ?1 AND fetched_at > ?2)",
    /* The spans of page ?1 that run over time ?2: what it showed then. */
    [ST_SPANS_AT] = "SELECT headline_id, section, first_at, last_at, position FROM spans WHERE "
                    "page_id = ?1 AND last_at >= ?2 AND first_at <= ?2",
    /* The spans of page ?1 that run over both ?2 and ?3. */
    [ST_SPANS_OVER] = "SELECT headline_id, section, first_at, last_at, position FROM spans WHERE "
                      "page_id = ?1 AND last_at >= ?3 AND first_at <= ?2",
    /*
     * (headline ?1, page ?2, section ?3) at position ?6: the span running over ?4 and ?5 there
     * (a row matched, none changed)...
     */
    [ST_SPAN_SAME_OVER] = "UPDATE spans SET position = ?6 WHERE headline_id = ?1 AND page_id = ?2 "
                          "AND section = ?3 AND position = ?6 AND "
                          "first_at <= ?4 AND last_at >= ?5",
    /* ...the span there ending at ?4 ends at ?5... */
    [ST_SPAN_EXTEND_END] = "UPDATE spans SET last_at = ?5 WHERE headline_id = ?1 AND page_id = ?2 "
                           "AND section = ?3 AND position = ?6 AND "
                           "last_at = ?4",
    /* ...the span there beginning at ?4 begins at ?5... */
    [ST_SPAN_EXTEND_START] = "UPDATE spans SET first_at = ?5 WHERE headline_id = ?1 AND page_id = "
                             "?2 AND section = ?3 AND position = ?6 AND "
                             "first_at = ?4",
    /* ...the span there ending at ?4 runs on to the end of the one beginning at ?5 (deleted). */
    [ST_SPAN_JOIN] = "UPDATE spans SET last_at = (SELECT b.last_at FROM spans b WHERE "
                     "b.headline_id = ?1 AND b.page_id = ?2 AND b.section = ?3 AND b.first_at = "
                     "?5) WHERE headline_id = ?1 AND page_id = ?2 AND section = ?3 AND position = "
                     "?6 AND last_at = ?4 AND EXISTS (SELECT 1 FROM "
                     "spans b WHERE b.headline_id = ?1 AND b.page_id = ?2 AND b.section = ?3 AND "
                     "b.first_at = ?5 AND b.position = ?6)",
    /* Whether page ?1 has a capture between ?2 and ?3: spans on either side do not touch. */
    [ST_CAPS_BETWEEN] = "SELECT EXISTS (SELECT 1 FROM captures WHERE page_id = ?1 AND "
                        "fetched_at > ?2 AND fetched_at < ?3)",
    [ST_SPAN_INSERT] = "INSERT OR IGNORE INTO spans(headline_id, page_id, section, first_at, "
                       "last_at, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    /* ...the span beginning at ?4 ends at ?5, or begins at ?5, or goes. */
    [ST_SPAN_SET_LAST] = "UPDATE spans SET last_at = ?5 WHERE headline_id = ?1 AND page_id = ?2 "
                         "AND section = ?3 AND first_at = ?4",
    [ST_SPAN_SET_FIRST] = "UPDATE spans SET first_at = ?5 WHERE headline_id = ?1 AND page_id = ?2 "
                          "AND section = ?3 AND first_at = ?4",
    [ST_SPAN_DELETE] = "DELETE FROM spans WHERE headline_id = ?1 AND page_id = ?2 AND section = ?3 "
                       "AND first_at = ?4",
    [ST_SPAN_DELETE_AT] = "DELETE FROM spans WHERE headline_id = ?1 AND page_id = ?2 AND section = "
                          "?3 AND first_at = ?4 AND position = ?6",
    /*
     * Open spans (last_at '~': through the page's latest capture). Before a capture changes
     * what they say, they are closed at the latest capture before it (?2)...
     */
    [ST_SPANS_CLOSE] = "UPDATE spans SET last_at = ?2 WHERE page_id = ?1 AND last_at = '~'",
    /* ...and after it, those that run through the page's latest capture are open again. */
    [ST_SPANS_OPEN] = "UPDATE spans SET last_at = '~' WHERE page_id = ?1 AND last_at = (SELECT "
                      "at FROM page_last WHERE page_id = ?1)",
    /* The headlines of page ?1's open spans (to be patched: they were seen again). */
    [ST_SPANS_OPEN_HEADLINES] =
        "SELECT headline_id FROM spans WHERE page_id = ?1 AND last_at = '~'",
    /* Page ?1's latest capture with bytes before time ?2: what a revisit at ?2 repeats. */
    [ST_CAP_TEXT_BEFORE] = "SELECT max(fetched_at) FROM captures WHERE page_id = ?1 AND "
                           "fetched_at < ?2 AND hash IS NOT NULL",
    /* The revisits of page ?1 that repeat its capture with bytes at ?2: those up to the next. */
    [ST_CAP_REVISITS_AFTER] =
        "SELECT fetched_at FROM captures WHERE page_id = ?1 AND fetched_at > ?2 AND hash IS NULL "
        "AND status = 200 AND fetched_at < coalesce((SELECT min(fetched_at) FROM captures WHERE "
        "page_id = ?1 AND fetched_at > ?2 AND hash IS NOT NULL), '9') ORDER BY fetched_at",
    /*
     * The headlines of page ?1's spans ending at ?2 or beginning at ?3, queued (?4): a capture
     * between them parts spans a timeline showed as one.
     */
    [ST_SPANS_QUEUE_AROUND] = "INSERT INTO pending(kind, id, gen) SELECT DISTINCT 'g', "
                              "headline_id, ?4 FROM spans WHERE page_id = ?1 AND (last_at = ?2 "
                              "OR first_at = ?3) ON CONFLICT(kind, id) DO UPDATE SET gen = "
                              "excluded.gen WHERE gen <> excluded.gen",
    [ST_SPANS_QUEUE_PAGE] =
        "INSERT INTO pending(kind, id, gen) SELECT DISTINCT 'h', headline_id, "
        "?2 FROM spans WHERE page_id = ?1"
        " ON CONFLICT(kind, id) DO UPDATE SET gen = excluded.gen WHERE gen <> excluded.gen",
    [ST_SPANS_DELETE_PAGE] = "DELETE FROM spans WHERE page_id = ?1",
    /* Headline ?1's spans: page, its URL (else path), section, from, to, best position. */
    [ST_DOC_TIMELINE] = "SELECT s.page_id, coalesce(p.url, p.path, p.key), s.section, "
                        "s.first_at, " SPAN_LAST ", s.position FROM spans s JOIN pages p ON p.id = "
                        "s.page_id" SPAN_LAST_JOIN
                        " WHERE s.headline_id = ?1 ORDER BY s.page_id, s.section, s.first_at",
    /* Page ?1's latest capture at or before ?2: its time and status. */
    /* The version page ?1 showed at time ?2: its latest capture with bytes then, and title. */
    [ST_VERSION_AT] = "SELECT v.id, v.title FROM captures c JOIN versions v ON v.id = c.version "
                      "WHERE c.page_id = ?1 AND c.fetched_at <= ?2 AND c.hash IS NOT NULL ORDER "
                      "BY c.fetched_at DESC LIMIT 1",
    [ST_CAP_AT_OR_BEFORE] = "SELECT fetched_at, status FROM captures WHERE page_id = ?1 AND "
                            "fetched_at <= ?2 ORDER BY fetched_at DESC LIMIT 1",
    /* What page ?1 showed at capture ?2 (its spans then), as ST_LOAD_ITEMS orders it. */
    [ST_LOAD_ITEMS_AT] = "SELECT s.section, h.title, h.source, h.published_at, h.url, (SELECT "
                         "min(position) FROM spans f WHERE f.page_id = s.page_id AND f.section = "
                         "s.section AND f.last_at >= ?2 AND f.first_at <= ?2) AS first FROM spans "
                         "s JOIN headlines h ON h.id = s.headline_id WHERE s.page_id = ?1 AND "
                         "s.last_at >= ?2 AND s.first_at <= ?2 ORDER BY first, s.section, "
                         "s.position",
};

struct sw_store {
    sqlite3 *db;                /* the connection */
    sqlite3_stmt *st[ST_COUNT]; /* prepared statements, by ST_* */
    char path[4096];            /* the file, for messages */
    int64_t gen;                /* generation of the pending rows written now */
    int64_t *seen_again;        /* headlines of open spans seen again in the open transaction,
                                   queued ('g') once each at its commit (seen_flush) */
    size_t nseen_again, seen_again_cap;
    sw_storyer *stories;      /* story assignment (writable stores only) */
    sw_buf key;               /* scratch: a URL's key (url.h) */
    sw_buf page_key;          /* the key of the page sw_store_put_page writes */
    sw_buf dict;              /* scratch: a version's base text (version_text, version_put) */
    sw_buf text;              /* scratch: an article's text (version_text) */
    struct shown_item *shown; /* scratch: what a capture showed (spans_show) */
    size_t nshown, shown_cap; /* its count and room */
    sw_buf shown_text;        /* its sections, NUL-terminated */
};

static int db_error(sw_store *s, char **errmsg, const char *what) {
    return sw_error(errmsg, SW_ESTORE, "%s in '%s': %s", what, s->path, sqlite3_errmsg(s->db));
}

/* Runs a statement with no result rows and resets it; SQLITE_DONE -> 0. */
static int run(sw_store *s, sqlite3_stmt *st, char **errmsg) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return db_error(s, errmsg, "unable to write");
    return 0;
}

/* Runs statements a then b (ST_*), each with ?1 bound to v, in a transaction of their own. */
static int run_both(sw_store *s, int a, int b, int64_t v, char **errmsg) {
    int rc = sw_store_begin(s, errmsg);
    sqlite3_bind_int64(s->st[a], 1, v);
    sqlite3_bind_int64(s->st[b], 1, v);
    if (!rc)
        rc = run(s, s->st[a], errmsg);
    if (!rc)
        rc = run(s, s->st[b], errmsg);
    if (rc) {
        sw_store_rollback(s);
        return rc;
    }
    return sw_store_commit(s, errmsg);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static char *col_dup(sqlite3_stmt *st, int i) {
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

/*
 * Reads column 0 of every row st yields into a malloc'd *ids[0..*n) (the caller frees it, also
 * after a failure), its capacity doubling from `first`. Returns the last sqlite3_step code
 * (SQLITE_DONE when every row was read) or SW_ENOMEM; the caller resets or finalizes st.
 */
static int step_ids(sqlite3_stmt *st, int64_t **ids, size_t *n, size_t first) {
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t *p = sw_grow(*ids, &cap, *n + 1, sizeof(*p), first);
        if (!p)
            return SW_ENOMEM;
        *ids = p;
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    return step;
}

static void now_utc(char out[32]) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int create_schema(sw_store *s, char **errmsg) {
    char *err = NULL;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, &err) != SQLITE_OK)
        goto fail;
    /* A concurrent creator may have won the race: look again inside the lock. */
    sqlite3_stmt *v;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &v, NULL) != SQLITE_OK)
        goto fail;
    int ver = sqlite3_step(v) == SQLITE_ROW ? sqlite3_column_int(v, 0) : -1;
    sqlite3_finalize(v);
    if (ver == 0 && sqlite3_exec(s->db, sw_schema_sql, NULL, NULL, &err) != SQLITE_OK)
        goto fail;
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, &err) != SQLITE_OK)
        goto fail;
    return 0;
fail:
    sw_error(errmsg, SW_ESTORE, "unable to create the store '%s': %s", s->path,
             err ? err : sqlite3_errmsg(s->db));
    sqlite3_free(err);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return SW_ESTORE;
}

/*
 * SQLite's allocation counters off, before its first use: with them on, every allocation of
 * every connection takes one process-wide mutex, and the writer threads, each reading through
 * its own connection while the main thread records, spent a sixth of a re-crawl's time there.
 * souwen reads no memory statistics.
 */
static void sqlite_setup_once(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

static void sqlite_setup(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup_once);
}

int sw_store_present(const char *path) {
    sqlite_setup();
    struct stat st;
    if (stat(path, &st) != 0 || st.st_size == 0)
        return 0;
    sqlite3 *db = NULL;
    int ver = 0;
    sqlite3_stmt *v = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &v, NULL) == SQLITE_OK &&
        sqlite3_step(v) == SQLITE_ROW)
        ver = sqlite3_column_int(v, 0);
    else
        ver = -1; /* unreadable: say it is there, so that nothing is taken for lost silently */
    sqlite3_finalize(v);
    sqlite3_close(db);
    return ver != 0;
}

int sw_store_open(const char *path, int writable, sw_store **out, char **errmsg) {
    sqlite_setup();
    sw_store *s = calloc(1, sizeof(*s));
    if (!s)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    snprintf(s->path, sizeof(s->path), "%s", path);
    int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    int rc = SW_ESTORE;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        sw_error(errmsg, SW_ESTORE, "unable to open the store '%s': %s", path,
                 s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_stmt *v;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &v, NULL) != SQLITE_OK) {
        db_error(s, errmsg, "unable to read the schema version");
        goto fail;
    }
    int got = sqlite3_step(v) == SQLITE_ROW;
    int ver = got ? sqlite3_column_int(v, 0) : 0;
    sqlite3_finalize(v);
    if (!got) {
        db_error(s, errmsg, "unable to read the schema version");
        goto fail;
    }
    if (ver == 0 && writable) {
        if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK) {
            db_error(s, errmsg, "unable to enable WAL");
            goto fail;
        }
        if ((rc = create_schema(s, errmsg)) != 0)
            goto fail;
        ver = SW_SCHEMA_VERSION;
    } else if (ver == 0) {
        rc = sw_error(errmsg, SW_ENOTFOUND, "'%s' is not a souwen store (it is empty)", path);
        goto fail;
    }
    if (ver != SW_SCHEMA_VERSION) {
        rc = sw_error(
            errmsg, SW_ESTORE, "'%s' has schema version %d; this souwen reads version %d%s", path,
            ver, SW_SCHEMA_VERSION, ver < SW_SCHEMA_VERSION ? " (run souwen-index --upgrade)" : "");
        goto fail;
    }
    sqlite3_exec(s->db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
    for (int i = 0; i < ST_COUNT; i++) {
        if (sqlite3_prepare_v3(s->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                               NULL) != SQLITE_OK) {
            rc = db_error(s, errmsg, "unable to prepare a statement");
            goto fail;
        }
    }
    if (writable && (rc = sw_storyer_open(s->db, s->path, &s->stories, errmsg)))
        goto fail;
    *out = s;
    return 0;
fail:
    sw_store_close(s);
    return rc;
}

void sw_store_close(sw_store *s) {
    if (!s)
        return;
    sw_storyer_close(s->stories);
    sw_buf_release(&s->key);
    sw_buf_release(&s->page_key);
    sw_buf_release(&s->dict);
    sw_buf_release(&s->text);
    free(s->shown);
    free(s->seen_again);
    sw_buf_release(&s->shown_text);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    free(s);
}

int sw_store_begin(sw_store *s, char **errmsg) {
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(s, errmsg, "unable to begin a transaction");
    return 0;
}

int sw_store_read_begin(sw_store *s, char **errmsg) {
    if (sqlite3_exec(s->db, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(s, errmsg, "unable to begin a transaction");
    return 0;
}

static int seen_flush(sw_store *s, char **errmsg);
#define SEEN_AGAIN_MAX (1u << 20) /* headline ids gathered at most (8 MiB) */

int sw_store_commit(sw_store *s, char **errmsg) {
    int rc = seen_flush(s, errmsg);
    if (!rc && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_error(s, errmsg, "unable to commit");
    if (rc)
        sw_store_rollback(s);
    return rc;
}

void sw_store_rollback(sw_store *s) {
    s->nseen_again = 0;
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * Binds the key of `what` (url.h: a URL's spellings are one key; anything else is itself) as
 * parameter i of st. It stays valid until the next call. 0 or SW_ENOMEM.
 */
static int bind_key(sw_store *s, sqlite3_stmt *st, int i, const char *what, char **errmsg) {
    if (!what) {
        sqlite3_bind_null(st, i);
        return 0;
    }
    if (sw_url_key(what, strlen(what), &s->key) == SW_ENOMEM)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    sqlite3_bind_text(st, i, sw_buf_str(&s->key), (int)s->key.len, SQLITE_STATIC);
    return 0;
}

int sw_store_page_unchanged(sw_store *s, const char *key, const char *hash, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_PAGE_SEEN];
    bind_text(st, 1, key);
    if (bind_key(s, st, 2, key, errmsg))
        return SW_ENOMEM;
    int rc = sqlite3_step(st), same = 0;
    if (rc == SQLITE_ROW) {
        const unsigned char *h = sqlite3_column_text(st, 0);
        same = h && strcmp((const char *)h, hash) == 0;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(s, errmsg, "unable to read");
    return same;
}

static int pending_add(sw_store *s, const char *kind, int64_t id, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_PENDING_ADD];
    bind_text(st, 1, kind);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, s->gen);
    return run(s, st, errmsg);
}

static int cmp_id(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/*
 * The headlines seen again (spans_seen_again) queued for a patch, once each and in order: a
 * headline on many pages of a re-crawl was queued once per page (a look-up in `pending` for
 * each of them, a twentieth of the run).
 */
static int seen_flush(sw_store *s, char **errmsg) {
    if (!s->nseen_again)
        return 0;
    qsort(s->seen_again, s->nseen_again, sizeof(*s->seen_again), cmp_id);
    int rc = 0;
    for (size_t i = 0; i < s->nseen_again && !rc; i++)
        if (i == 0 || s->seen_again[i] != s->seen_again[i - 1])
            rc = pending_add(s, "g", s->seen_again[i], errmsg);
    s->nseen_again = 0;
    return rc;
}

/* Queues the headlines linking to page `pid`: their article_url follows the page's article. */
static int queue_linking(sw_store *s, int64_t pid, char **errmsg) {
    sqlite3_bind_int64(s->st[ST_QUEUE_LINKING], 1, pid);
    sqlite3_bind_int64(s->st[ST_QUEUE_LINKING], 2, s->gen);
    return run(s, s->st[ST_QUEUE_LINKING], errmsg);
}

/* Queues and removes what an earlier version of page `pid` contributed. */
static int forget_page_docs(sw_store *s, int64_t pid, char **errmsg) {
    int rc = 0;
    sqlite3_stmt *st = s->st[ST_ARTICLE_OF_PAGE];
    sqlite3_bind_int64(st, 1, pid);
    int64_t aid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (aid && ((rc = pending_add(s, "a", aid, errmsg)) ||
                (rc = sw_storyer_forget(s->stories, aid, errmsg))))
        return rc;
    if ((rc = queue_linking(s, pid, errmsg)))
        return rc;
    sqlite3_bind_int64(s->st[ST_TITLE_UNLINK], 1, pid);
    if ((rc = run(s, s->st[ST_TITLE_UNLINK], errmsg)))
        return rc;
    st = s->st[ST_OCC_HEADLINES_OF_PAGE];
    sqlite3_bind_int64(st, 1, pid);
    size_t n = 0;
    int64_t *hids = NULL;
    int step = step_ids(st, &hids, &n, 64);
    sqlite3_reset(st);
    if (step == SW_ENOMEM) {
        free(hids);
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n && !rc; i++)
        rc = pending_add(s, "h", hids[i], errmsg);
    free(hids);
    if (rc)
        return rc;
    sqlite3_bind_int64(s->st[ST_ARTICLE_DELETE], 1, pid);
    if ((rc = run(s, s->st[ST_ARTICLE_DELETE], errmsg)))
        return rc;
    sqlite3_bind_int64(s->st[ST_OCC_DELETE_PAGE], 1, pid);
    return run(s, s->st[ST_OCC_DELETE_PAGE], errmsg);
}

/*
 * For a headline without a URL (text pages list articles by title alone): sets s->key to the
 * page key of an article of its title, and of the source it names when it names one, and
 * *found. A title of no words names no article.
 */
static int title_link(sw_store *s, const sw_item *it, int *found, char **errmsg) {
    size_t tlen = it->key ? strcspn(it->key, "\x1f") : 0;
    *found = 0;
    if (it->url || !tlen)
        return 0;
    sqlite3_stmt *q = s->st[ST_TITLE_ARTICLE];
    sqlite3_bind_text(q, 1, it->key, (int)tlen, SQLITE_STATIC);
    bind_text(q, 2, it->source);
    int step = sqlite3_step(q);
    sw_buf_reset(&s->key);
    if (step == SQLITE_ROW)
        sw_buf_adds(&s->key, (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_error(s, errmsg, "unable to read");
    if (s->key.oom)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    *found = step == SQLITE_ROW;
    return 0;
}

/* Binds to parameter i a headline's link: its URL's key, else what title_link found, or NULL. */
static int bind_link(sw_store *s, sqlite3_stmt *st, int i, const sw_item *it, int found,
                     char **errmsg) {
    if (it->url)
        return bind_key(s, st, i, it->url, errmsg);
    if (found)
        sqlite3_bind_text(st, i, sw_buf_str(&s->key), (int)s->key.len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
    return 0;
}

/* An article of title key `tkey` on the page keyed `pkey`: its title's unlinked headlines link. */
static int link_by_title(sw_store *s, const char *pkey, const char *tkey, const sw_page *page,
                         char **errmsg) {
    sw_buf_reset(&s->key);
    sw_buf_adds(&s->key, tkey);
    sw_buf_addc(&s->key, '\x1f');
    sw_buf_adds(&s->key, tkey);
    sw_buf_addc(&s->key, '\x20'); /* the first key after every key of the title */
    if (s->key.oom)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    size_t n = strlen(tkey) + 1;
    sqlite3_stmt *st = s->st[ST_TITLE_LINK];
    bind_text(st, 1, pkey);
    sqlite3_bind_text(st, 2, s->key.data, (int)n, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, s->key.data + n, (int)n, SQLITE_STATIC);
    bind_text(st, 4, page->source);
    bind_text(st, 5, page->author);
    return run(s, st, errmsg);
}

/* One headline a capture showed: s->shown, its section in s->shown_text at `sec`. */
typedef struct shown_item {
    int64_t hid, pos;
    size_t sec;
    char first[SW_CAPTURE_TIME], last[SW_CAPTURE_TIME]; /* its span (shown_at), else "" */
} shown_item;

static void shown_reset(sw_store *s) {
    s->nshown = 0;
    sw_buf_reset(&s->shown_text);
}

/* Adds (hid, section, pos) to the set s->shown. 0 or SW_ENOMEM (with a message). */
static int shown_add(sw_store *s, int64_t hid, const char *section, int64_t pos, char **errmsg) {
    shown_item *g = sw_grow(s->shown, &s->shown_cap, s->nshown + 1, sizeof(*s->shown), 64);
    size_t at = s->shown_text.len;
    sw_buf_add(&s->shown_text, section, strlen(section) + 1);
    if (!g || s->shown_text.oom)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    s->shown = g;
    memset(&s->shown[s->nshown], 0, sizeof(*s->shown));
    s->shown[s->nshown].hid = hid;
    s->shown[s->nshown].pos = pos;
    s->shown[s->nshown++].sec = at;
    return 0;
}

/*
 * One item of a list page pid showed: its headline (found, or written), added to what the
 * capture showed (s->shown), and when the capture is the page's `current` one (what it shows
 * now), its occurrence.
 */
static int put_item(sw_store *s, int64_t pid, const char *section, size_t pos, const sw_item *it,
                    int current, sw_put_stats *stats, char **errmsg) {
    int rc;
    sqlite3_stmt *st = s->st[ST_HEADLINE_GET];
    bind_text(st, 1, it->key);
    int64_t hid = 0;
    int fill = 0, relink = 0, found = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        hid = sqlite3_column_int64(st, 0);
        fill = (it->time && sqlite3_column_int(st, 1)) || (it->url && sqlite3_column_int(st, 2));
        /* linked by its title until now: its URL takes it away from that article */
        relink = it->url && sqlite3_column_int(st, 2) && !sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    /*
     * A new headline without a URL looks for the article of its title; one seen again need not:
     * an article recorded after it links it then (link_by_title), and one forgotten relinks it
     * (ST_TITLE_UNLINK). So a headline seen again costs no write unless it gives a time or a URL.
     */
    if (!hid && (rc = title_link(s, it, &found, errmsg)))
        return rc;
    if (relink) {
        sqlite3_bind_int64(s->st[ST_QUEUE_LINKED_ONE], 1, hid);
        sqlite3_bind_int64(s->st[ST_QUEUE_LINKED_ONE], 2, s->gen);
        if ((rc = run(s, s->st[ST_QUEUE_LINKED_ONE], errmsg)))
            return rc;
    }
    if (!hid) {
        st = s->st[ST_HEADLINE_INSERT];
        bind_text(st, 1, it->key);
        bind_text(st, 2, it->title);
        bind_text(st, 3, it->source);
        bind_text(st, 4, it->time);
        bind_text(st, 5, it->url);
        if ((rc = bind_link(s, st, 6, it, found, errmsg)) || (rc = run(s, st, errmsg)))
            return rc;
        hid = sqlite3_last_insert_rowid(s->db);
        stats->headlines_new++;
    } else {
        stats->headlines_seen++;
    }
    if (fill) {
        st = s->st[ST_HEADLINE_FILL];
        sqlite3_bind_int64(st, 1, hid);
        bind_text(st, 2, it->time);
        bind_text(st, 3, it->url);
        if ((rc = bind_link(s, st, 4, it, found, errmsg)) || (rc = run(s, st, errmsg)))
            return rc;
    }
    if ((rc = shown_add(s, hid, section, (int64_t)pos, errmsg)) || !current)
        return rc; /* (the spans of what a capture showed are written by spans_show) */
    st = s->st[ST_OCC_INSERT];
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_int64(st, 2, pid);
    bind_text(st, 3, section);
    sqlite3_bind_int64(st, 4, (int64_t)pos);
    if ((rc = run(s, st, errmsg)))
        return rc;
    /* Every occurrence changes the document: its count, sections and first page travel in it. */
    return pending_add(s, "h", hid, errmsg);
}

/* The items of every list of `page`, shown by page pid (put_item). */
static int put_items(sw_store *s, int64_t pid, const sw_page *page, int current,
                     sw_put_stats *stats, char **errmsg) {
    int rc = 0;
    for (size_t i = 0; i < page->nlists && !rc; i++) {
        const sw_list *l = &page->lists[i];
        for (size_t j = 0; j < l->n && !rc; j++)
            rc = put_item(s, pid, l->section, j, &l->items[j], current, stats, errmsg);
    }
    return rc;
}

/*
 * The page's current text and lists: what its page row, article and occurrences hold, its
 * text's version in *vid (and what its lists show in s->shown).
 */
static int page_version(sw_store *s, int64_t pid, const sw_page *page, int64_t *vid, char **errmsg);

static int put_current(sw_store *s, const sw_page *page, const char *key, const char *hash,
                       int64_t bytes, const char *now, int64_t *pidp, int64_t *vid,
                       sw_put_stats *stats, char **errmsg) {
    int rc;
    sqlite3_stmt *st;
    int64_t pid = *pidp;
    if (pid) {
        if ((rc = forget_page_docs(s, pid, errmsg)))
            return rc;
        st = s->st[ST_PAGE_UPDATE];
        sqlite3_bind_int64(st, 1, pid);
    } else {
        st = s->st[ST_PAGE_INSERT];
        bind_text(st, 1, key);
    }
    bind_text(st, 2, page->url);
    bind_text(st, 3, page->path);
    bind_text(st, 4, hash);
    bind_text(st, 5, page->charset ? page->charset : "UTF-8");
    bind_text(st, 6, page->fetched_at);
    bind_text(st, 7, now);
    sqlite3_bind_int64(st, 8, bytes);
    bind_text(st, 9, page->saved_at);
    if ((rc = run(s, st, errmsg)))
        return rc;
    if (!pid)
        pid = sqlite3_last_insert_rowid(s->db);
    *pidp = pid;
    if ((rc = page_version(s, pid, page, vid, errmsg)))
        return rc;

    if (page->title && page->body) {
        st = s->st[ST_ARTICLE_INSERT];
        sqlite3_bind_int64(st, 1, pid);
        bind_text(st, 2, page->title);
        bind_text(st, 3, page->source);
        bind_text(st, 4, page->published_at);
        sqlite3_bind_int64(st, 5, *vid);
        bind_text(st, 6, page->author);
        bind_text(st, 7, page->title_key);
        if ((rc = run(s, st, errmsg)))
            return rc;
        int64_t aid = sqlite3_last_insert_rowid(s->db);
        if ((rc = sw_storyer_assign(s->stories, aid, page->body, strlen(page->body),
                                    page->published_at, NULL, errmsg)) ||
            (rc = pending_add(s, "a", aid, errmsg)))
            return rc;
        stats->articles++;
        if ((page->title_key && (rc = link_by_title(s, key, page->title_key, page, errmsg))) ||
            (rc = queue_linking(s, pid, errmsg)))
            return rc;
    }
    return put_items(s, pid, page, 1, stats, errmsg);
}

int sw_store_capture_time(const char *when, char out[SW_CAPTURE_TIME]) {
    char iso[SW_DATE_MAX];
    if (!when || !sw_date_find(when, strlen(when), iso, NULL, NULL))
        return 0;
    int64_t t = sw_date_unix(iso);
    if (t == INT64_MIN)
        return 0;
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    return strftime(out, SW_CAPTURE_TIME, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
}

int sw_store_capture_time_arg(const char *when, char out[SW_CAPTURE_TIME]) {
    char iso[SW_DATE_MAX];
    size_t at = 0, n = 0, len = strlen(when);
    while (len && (when[len - 1] == ' ' || when[len - 1] == '\t'))
        len--;
    if (!sw_date_find(when, len, iso, &at, &n) || at != 0 || n != len)
        return 0;
    return sw_store_capture_time(iso, out);
}

/*
 * Queues the document of page pid's article, if it has one: kind "a" to write it whole, "c" to
 * patch what it says of the page's captures (sw_index_patch).
 */
static int queue_article(sw_store *s, int64_t pid, const char *kind, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_ARTICLE_OF_PAGE];
    sqlite3_bind_int64(st, 1, pid);
    int step = sqlite3_step(st);
    int64_t aid = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_error(s, errmsg, "unable to read");
    return aid ? pending_add(s, kind, aid, errmsg) : 0;
}

enum { CAP_UPSERT = 1, CAP_QUEUED = 2 }; /* capture_add: a text just read; its article queued */

/*
 * Records a capture of page pid at `at`: status, bytes hash and version (NULL, 0: none). With
 * CAP_UPSERT (a text just read) a capture at the same time is replaced, and the versions no
 * capture names any more go; without, a capture at that time is kept as it is. A new capture
 * queues its article's document: a patch (the captures' number and times; not when
 * CAP_QUEUED says it is queued whole already), or, when it makes the page gone or brings it
 * back, the whole document.
 */
static int capture_add(sw_store *s, int64_t pid, const char *at, int status, const char *hash,
                       int64_t version, int flags, char before[SW_CAPTURE_TIME], int *before_gone,
                       char **errmsg) {
    int upsert = flags & CAP_UPSERT;
    /* The latest capture before this one (its time into `before`, when not NULL): whether the
     * page was gone, and is after it. */
    char latest[SW_CAPTURE_TIME];
    if (!before)
        before = latest;
    sqlite3_stmt *st = s->st[ST_CAP_LATEST];
    sqlite3_bind_int64(st, 1, pid);
    int step = sqlite3_step(st), was_gone = 0, newer = 1;
    before[0] = '\0';
    if (step == SQLITE_ROW) {
        was_gone = sqlite3_column_int(st, 1) == 404 || sqlite3_column_int(st, 1) == 410;
        snprintf(before, SW_CAPTURE_TIME, "%s", (const char *)sqlite3_column_text(st, 0));
        newer = strcmp(at, before) >= 0;
    }
    sqlite3_reset(st);
    if (before_gone)
        *before_gone = was_gone;
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_error(s, errmsg, "unable to read");
    int gone = newer ? status == 404 || status == 410 : was_gone;
    st = s->st[upsert ? ST_CAP_INSERT : ST_CAP_ADD];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, at);
    sqlite3_bind_int(st, 3, status);
    bind_text(st, 4, hash);
    if (version > 0)
        sqlite3_bind_int64(st, 5, version);
    else
        sqlite3_bind_null(st, 5);
    int rc = run(s, st, errmsg);
    if (rc || !sqlite3_changes(s->db))
        return rc;
    st = s->st[ST_PAGE_LAST_CAPTURE];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, at);
    if ((rc = run(s, st, errmsg)))
        return rc;
    if (upsert) {
        st = s->st[ST_VERSION_ORPHANS];
        sqlite3_bind_int64(st, 1, pid);
        if ((rc = run(s, st, errmsg)))
            return rc;
    }
    /* gone: is a term, written whole; the rest of what a capture changes is patched. */
    if (gone != was_gone)
        return queue_article(s, pid, "a", errmsg);
    return flags & CAP_QUEUED ? 0 : queue_article(s, pid, "c", errmsg);
}

/* The id of the page whose key is `key` into *pid (0: none). 0, or an error. */
static int page_id(sw_store *s, const char *key, int64_t *pid, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_PAGE_GET];
    bind_text(st, 1, key);
    int step = sqlite3_step(st);
    *pid = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : db_error(s, errmsg, "unable to read");
}

/* The capture time `at`, or now when it is NULL, into buf; returns the one to use. */
static const char *capture_at(const char *at, char buf[32]) {
    if (at)
        return at;
    now_utc(buf);
    return buf;
}

/*
 * The capture time statement k gives for page pid (and time `at`, when not NULL) into `t`
 * ("" when none). 0, or an error.
 */
static int capture_time_of(sw_store *s, int k, int64_t pid, const char *at, char t[32],
                           char **errmsg) {
    sqlite3_stmt *st = s->st[k];
    sqlite3_bind_int64(st, 1, pid);
    if (at)
        bind_text(st, 2, at);
    int step = sqlite3_step(st);
    const unsigned char *v = step == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    snprintf(t, 32, "%s", v ? (const char *)v : "");
    sqlite3_reset(st);
    return step == SQLITE_ROW ? 0 : db_error(s, errmsg, "unable to read");
}

/*
 * Spans (schema/souwen.sql): when a headline stood on a page's list. A span is a run of
 * consecutive captures of the page (any status: a revisit shows what the capture with bytes
 * before it showed, a 404 shows nothing) that listed the headline under one section; it
 * holds its first and last capture and the best position. A capture may land anywhere in its
 * page's history (crawls indexed in any order): it extends, joins, begins or cuts spans. The
 * spans through the page's latest capture are open (spans_close): the usual case, a capture
 * after all others that repeats the latest, writes no span; a store keeps no row per capture
 * and list. The headlines whose spans moved or were seen again are queued: 'g' (their
 * document patched, sw_index_patch), or 'h' when a span went (the headline may have gone
 * with it).
 */

/* The captures of page pid just before and after time `at` into prev and next ("": none). */
static int neighbours(sw_store *s, int64_t pid, const char *at, char prev[SW_CAPTURE_TIME],
                      char next[SW_CAPTURE_TIME], char **errmsg) {
    sqlite3_stmt *st = s->st[ST_SPAN_NEIGHBOURS];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, at);
    int step = sqlite3_step(st);
    prev[0] = next[0] = '\0';
    if (step == SQLITE_ROW) {
        const unsigned char *a = sqlite3_column_text(st, 0), *b = sqlite3_column_text(st, 1);
        snprintf(prev, SW_CAPTURE_TIME, "%s", a ? (const char *)a : "");
        snprintf(next, SW_CAPTURE_TIME, "%s", b ? (const char *)b : "");
    }
    sqlite3_reset(st);
    return step == SQLITE_ROW ? 0 : db_error(s, errmsg, "unable to read");
}

/* The set page pid showed at capture time `at` (its spans there) into s->shown. */
static int shown_at(sw_store *s, int64_t pid, const char *at, char **errmsg) {
    shown_reset(s);
    sqlite3_stmt *st = s->st[ST_SPANS_AT];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, at);
    int step, rc = 0;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        rc = shown_add(s, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                       sqlite3_column_int64(st, 4), errmsg);
        if (!rc) {
            shown_item *it = &s->shown[s->nshown - 1];
            snprintf(it->first, sizeof(it->first), "%s", (const char *)sqlite3_column_text(st, 2));
            snprintf(it->last, sizeof(it->last), "%s", (const char *)sqlite3_column_text(st, 3));
        }
    }
    sqlite3_reset(st);
    return rc ? rc : step == SQLITE_DONE ? 0 : db_error(s, errmsg, "unable to read");
}

/*
 * Runs the span statement st over (hid, pid, section) with two more texts (?4, ?5) and a
 * number (?6); *changed receives whether a row changed. 0 or an error.
 */
static int span_run(sw_store *s, int k, int64_t hid, int64_t pid, const char *section,
                    const char *a, const char *b, int64_t n, int *changed, char **errmsg) {
    sqlite3_stmt *st = s->st[k];
    sqlite3_bind_int64(st, 1, hid);
    sqlite3_bind_int64(st, 2, pid);
    bind_text(st, 3, section);
    bind_text(st, 4, a);
    bind_text(st, 5, b);
    sqlite3_bind_int64(st, 6, n);
    int rc = run(s, st, errmsg);
    if (changed)
        *changed = !rc && sqlite3_changes(s->db) > 0;
    return rc;
}

/*
 * Page pid's capture at `at`, new among its captures, showed the set s->shown: the spans it
 * lands inside and does not show (there, at that place) are cut in two, and each headline it
 * shows joins the spans at its place ending just before it and beginning just after it, or
 * begins one. With `queued`, the headlines it shows are queued whole already. *later (when
 * not NULL) receives whether the page has a capture after `at`.
 */
static int spans_show(sw_store *s, int64_t pid, const char *at, int queued, int *later,
                      char **errmsg) {
    char prev[SW_CAPTURE_TIME], next[SW_CAPTURE_TIME];
    int rc = neighbours(s, pid, at, prev, next, errmsg);
    if (later)
        *later = next[0] != '\0';
    if (!rc && !*next && *prev) { /* the usual case: the latest capture */
        /* nothing to cut */
    } else if (!rc && *prev && *next) {
        sqlite3_stmt *q = s->st[ST_SPANS_QUEUE_AROUND];
        sqlite3_bind_int64(q, 1, pid);
        bind_text(q, 2, prev);
        bind_text(q, 3, next);
        sqlite3_bind_int64(q, 4, s->gen);
        if ((rc = run(s, q, errmsg)))
            return rc;
        /* The spans running over both neighbours that this capture does not show: cut. */
        sqlite3_stmt *st = s->st[ST_SPANS_OVER];
        sqlite3_bind_int64(st, 1, pid);
        bind_text(st, 2, prev);
        bind_text(st, 3, next);
        int step;
        sw_buf cut = SW_BUF_INIT; /* hid, pos, first, last, section: NUL-separated records */
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t hid = sqlite3_column_int64(st, 0);
            const char *sec = (const char *)sqlite3_column_text(st, 1);
            int64_t pos = sqlite3_column_int64(st, 4);
            int shown = 0;
            for (size_t i = 0; i < s->nshown && !shown; i++)
                shown = s->shown[i].hid == hid && s->shown[i].pos == pos &&
                        !strcmp(s->shown_text.data + s->shown[i].sec, sec);
            if (!shown) {
                sw_buf_addf(&cut, "%lld%c%lld%c%s%c%s%c%s%c", (long long)hid, 0,
                            (long long)sqlite3_column_int64(st, 4), 0,
                            (const char *)sqlite3_column_text(st, 2), 0,
                            (const char *)sqlite3_column_text(st, 3), 0, sec, 0);
            }
        }
        sqlite3_reset(st);
        if (step != SQLITE_DONE)
            rc = db_error(s, errmsg, "unable to read");
        else if (cut.oom)
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        for (const char *p = cut.data, *end = cut.data + cut.len; !rc && p && p < end;) {
            const char *f[5];
            for (int i = 0; i < 5; i++) {
                f[i] = p;
                p += strlen(p) + 1;
            }
            int64_t hid = strtoll(f[0], NULL, 10), pos = strtoll(f[1], NULL, 10);
            /* first..prev stays, next..last is a span of its own */
            if (!(rc = span_run(s, ST_SPAN_SET_LAST, hid, pid, f[4], f[2], prev, 0, NULL, errmsg)))
                rc = span_run(s, ST_SPAN_INSERT, hid, pid, f[4], next, f[3], pos, NULL, errmsg);
            if (!rc)
                rc = pending_add(s, "g", hid, errmsg);
        }
        sw_buf_release(&cut);
    }
    for (size_t i = 0; i < s->nshown && !rc; i++) {
        const shown_item *it = &s->shown[i];
        const char *sec = s->shown_text.data + it->sec;
        int done = 0;
        /* inside a span already (it runs over both neighbours at that place) */
        if (*prev && *next &&
            (rc = span_run(s, ST_SPAN_SAME_OVER, it->hid, pid, sec, prev, next, it->pos, &done,
                           errmsg)))
            break;
        if (done)
            continue;
        int ended = 0, began = 0;
        if (*prev && (rc = span_run(s, ST_SPAN_EXTEND_END, it->hid, pid, sec, prev, at, it->pos,
                                    &ended, errmsg)))
            break;
        if (*next && ended) { /* joins the span beginning just after it, if any */
            int joined = 0;
            rc = span_run(s, ST_SPAN_JOIN, it->hid, pid, sec, at, next, it->pos, &joined, errmsg);
            if (!rc && joined)
                rc = span_run(s, ST_SPAN_DELETE_AT, it->hid, pid, sec, next, NULL, it->pos, NULL,
                              errmsg);
        } else if (*next) {
            rc = span_run(s, ST_SPAN_EXTEND_START, it->hid, pid, sec, next, at, it->pos, &began,
                          errmsg);
        }
        if (!rc && !ended && !began)
            rc = span_run(s, ST_SPAN_INSERT, it->hid, pid, sec, at, at, it->pos, NULL, errmsg);
        if (!rc && !queued)
            rc = pending_add(s, "g", it->hid, errmsg);
    }
    return rc;
}

/*
 * Page pid's capture at `at` is about to show something else (the same fetch read again, a
 * revisit given what it repeats): its place in every span is taken out.
 */
static int spans_unshow(sw_store *s, int64_t pid, const char *at, char **errmsg) {
    char prev[SW_CAPTURE_TIME], next[SW_CAPTURE_TIME];
    int rc = neighbours(s, pid, at, prev, next, errmsg);
    if (rc || (rc = shown_at(s, pid, at, errmsg)))
        return rc;
    for (size_t i = 0; i < s->nshown && !rc; i++) {
        const shown_item *it = &s->shown[i];
        const char *sec = s->shown_text.data + it->sec;
        int first = !strcmp(it->first, at), last = !strcmp(it->last, at);
        if (first && last) /* a span of this capture alone */
            rc = span_run(s, ST_SPAN_DELETE, it->hid, pid, sec, at, NULL, 0, NULL, errmsg);
        else if (first)
            rc = span_run(s, ST_SPAN_SET_FIRST, it->hid, pid, sec, at, next, 0, NULL, errmsg);
        else if (last)
            rc = span_run(s, ST_SPAN_SET_LAST, it->hid, pid, sec, it->first, prev, 0, NULL, errmsg);
        else if (!(rc = span_run(s, ST_SPAN_SET_LAST, it->hid, pid, sec, it->first, prev, 0, NULL,
                                 errmsg)))
            rc = span_run(s, ST_SPAN_INSERT, it->hid, pid, sec, next, it->last, it->pos, NULL,
                          errmsg);
        if (!rc)
            rc = pending_add(s, "h", it->hid, errmsg);
    }
    shown_reset(s);
    return rc;
}

/* A capture of page pid at `at` showing what its capture at `from` showed (the same bytes,
 * or a revisit of them), anywhere in its history: as any capture showing that. */
static int spans_repeat(sw_store *s, int64_t pid, const char *from, const char *at, char **errmsg) {
    int rc = shown_at(s, pid, from, errmsg);
    return rc ? rc : spans_show(s, pid, at, 0, NULL, errmsg);
}

/*
 * Open spans (schema/souwen.sql: last_at '~') run through their page's latest capture, so
 * that the usual re-crawl, a capture after all others repeating the latest, changes no span:
 * spans_seen_again only queues their headlines. Any other capture of page pid is recorded
 * between spans_close, with the page's latest capture before it (`before`, "": none), and
 * spans_open: in between every span has its times.
 */
static int spans_close(sw_store *s, int64_t pid, const char *before, char **errmsg) {
    if (!*before)
        return 0;
    sqlite3_stmt *st = s->st[ST_SPANS_CLOSE];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, before);
    return run(s, st, errmsg);
}

static int spans_open(sw_store *s, int64_t pid, char **errmsg) {
    sqlite3_bind_int64(s->st[ST_SPANS_OPEN], 1, pid);
    return run(s, s->st[ST_SPANS_OPEN], errmsg);
}

/* A capture repeating the latest one, after it: its open spans' headlines are queued (at the
 * commit: seen_flush). */
static int spans_seen_again(sw_store *s, int64_t pid, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_SPANS_OPEN_HEADLINES];
    sqlite3_bind_int64(st, 1, pid);
    int step, rc = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t *g =
            sw_grow(s->seen_again, &s->seen_again_cap, s->nseen_again + 1, sizeof(*g), 1024);
        if (!g) {
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
            break;
        }
        s->seen_again = g;
        g[s->nseen_again++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (!rc && step != SQLITE_DONE)
        rc = db_error(s, errmsg, "unable to read");
    /* (queued early past SEEN_AGAIN_MAX, in the same generation: the memory stays bounded in
       a first batch that grows while the store is checked) */
    if (!rc && s->nseen_again >= SEEN_AGAIN_MAX)
        rc = seen_flush(s, errmsg);
    return rc;
}

/* The capture with bytes of page pid at `at` just showed s->shown: the revisits after it (up
 * to the next capture with bytes) show it too, instead of what they showed. */
static int spans_fill_revisits(sw_store *s, int64_t pid, const char *at, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_CAP_REVISITS_AFTER];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, at);
    sw_buf times = SW_BUF_INIT;
    int step, rc = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        sw_buf_add(&times, sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0) + 1);
    sqlite3_reset(st);
    if (step != SQLITE_DONE)
        rc = db_error(s, errmsg, "unable to read");
    else if (times.oom)
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    const char *last = at;
    for (const char *t = times.data; !rc && t && t < times.data + times.len; t += strlen(t) + 1) {
        if (!(rc = spans_unshow(s, pid, t, errmsg)))
            rc = spans_repeat(s, pid, last, t, errmsg);
        last = t;
    }
    sw_buf_release(&times);
    return rc;
}

/* Page pid forgotten: its spans go, and the headlines they named are queued. */
static int spans_forget_page(sw_store *s, int64_t pid, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_SPANS_QUEUE_PAGE];
    sqlite3_bind_int64(st, 1, pid);
    sqlite3_bind_int64(st, 2, s->gen);
    int rc = run(s, st, errmsg);
    if (rc)
        return rc;
    sqlite3_bind_int64(s->st[ST_SPANS_DELETE_PAGE], 1, pid);
    return run(s, s->st[ST_SPANS_DELETE_PAGE], errmsg);
}

/*
 * Whether page pid has a capture at time `at`: 1 with the hash of its bytes in held ("" for
 * one without), else 0 (held ""); *rc an error.
 */
static int capture_held(sw_store *s, int64_t pid, const char *at, char held[48], int *rc,
                        char **errmsg) {
    sqlite3_stmt *st = s->st[ST_CAP_AT];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, at);
    int step = sqlite3_step(st);
    held[0] = '\0';
    if (step == SQLITE_ROW)
        snprintf(held, 48, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        *rc = db_error(s, errmsg, "unable to read");
    return step == SQLITE_ROW;
}

int sw_store_page_seen(sw_store *s, const char *key, const char *hash, const char *at,
                       char **errmsg) {
    char now[32], shown[48] = "";
    at = capture_at(at, now);
    sqlite3_stmt *st = s->st[ST_CAP_PAGE];
    bind_text(st, 1, key);
    if (bind_key(s, st, 2, key, errmsg))
        return SW_ENOMEM;
    int step = sqlite3_step(st);
    int64_t pid = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (pid && sqlite3_column_text(st, 1))
        snprintf(shown, sizeof(shown), "%s", (const char *)sqlite3_column_text(st, 1));
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_error(s, errmsg, "unable to read");
    if (!pid)
        return 0;
    /*
     * A capture at this very time: the same fetch read again, or another fetch of the same
     * second, of which one is kept whatever the order they are indexed in: the one with a text,
     * of two texts the one whose hash sorts last.
     */
    char held[48];
    int rc = 0, same_time = capture_held(s, pid, at, held, &rc, errmsg), order = strcmp(held, hash);
    if (rc)
        return rc;
    if (same_time && order > 0)
        return 1; /* the other fetch of this second is kept: nothing to write */
    if (same_time && order < 0)
        return 0; /* this one is: read, and recorded over the other (sw_store_put_page) */
    /* Bytes this page had at a capture, earlier or later: the text of that capture again. */
    int64_t version = 0;
    char same[SW_CAPTURE_TIME] = "";
    if (!same_time) {
        st = s->st[ST_CAP_OF_HASH];
        sqlite3_bind_int64(st, 1, pid);
        bind_text(st, 2, hash);
        bind_text(st, 3, at);
        step = sqlite3_step(st);
        version = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        if (step == SQLITE_ROW)
            snprintf(same, sizeof(same), "%s", (const char *)sqlite3_column_text(st, 1));
        sqlite3_reset(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            return db_error(s, errmsg, "unable to read");
        if (step != SQLITE_ROW)
            return 0;
    }
    /*
     * Bytes other than those the page shows (an edit undone, or a page marked stale: by
     * --upgrade) are read again when this capture is the latest with a text: the page shows
     * them from now on. An older capture only adds its row.
     */
    if (strcmp(shown, hash) != 0) {
        char latest[32];
        if ((rc = capture_time_of(s, ST_CAP_TEXT_TIME, pid, NULL, latest, errmsg)))
            return rc;
        if (strcmp(at, latest) >= 0)
            return 0;
    }
    if (same_time) /* the same crawl indexed again: nothing to write */
        return 1;
    char before[SW_CAPTURE_TIME];
    if ((rc = capture_add(s, pid, at, 200, hash, version, 0, before, NULL, errmsg)))
        return rc;
    /* It showed what the capture of the same bytes showed (and so do revisits after it); in
     * the usual re-crawl, after all others and repeating the latest, its open spans. */
    if (strcmp(at, before) > 0 && !strcmp(before, same))
        rc = spans_seen_again(s, pid, errmsg);
    else if (!(rc = spans_close(s, pid, before, errmsg)) &&
             !(rc = spans_repeat(s, pid, same, at, errmsg)) &&
             !(rc = strcmp(at, before) < 0 ? spans_fill_revisits(s, pid, at, errmsg) : 0))
        rc = spans_open(s, pid, errmsg);
    return rc ? rc : 1;
}

/* A version's hash: XXH3-128, hex, of the title, '\n' and the text. 0 or SW_ENOMEM. */
static int version_hash(const char *title, const char *text, char hex[40]) {
    XXH3_state_t *h = XXH3_createState();
    if (!h)
        return SW_ENOMEM;
    XXH3_128bits_reset(h);
    XXH3_128bits_update(h, title ? title : "", title ? strlen(title) : 0);
    XXH3_128bits_update(h, "\n", 1);
    XXH3_128bits_update(h, text, strlen(text));
    XXH128_hash_t x = XXH3_128bits_digest(h);
    XXH3_freeState(h);
    snprintf(hex, 40, "%016llx%016llx", (unsigned long long)x.high64, (unsigned long long)x.low64);
    return 0;
}

/*
 * A version's text zlib-compressed into *z (malloc'd, the caller frees), *zn bytes, with
 * dict[0..dn) as the preset dictionary (NULL: none). 0 or SW_ENOMEM.
 */
static int version_deflate(const char *text, const char *dict, size_t dn, unsigned char **z,
                           size_t *zn) {
    size_t bl = strlen(text);
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    *z = NULL;
    if (bl > UINT_MAX / 2 || dn > UINT_MAX || deflateInit(&zs, 6) != Z_OK)
        return SW_ENOMEM;
    uLong cap = deflateBound(&zs, (uLong)bl);
    int zr = dict && dn ? deflateSetDictionary(&zs, (const Bytef *)dict, (uInt)dn) : Z_OK;
    *z = zr == Z_OK ? malloc(cap) : NULL;
    if (*z) {
        zs.next_in = (Bytef *)(uintptr_t)text;
        zs.avail_in = (uInt)bl;
        zs.next_out = *z;
        zs.avail_out = (uInt)cap;
        zr = deflate(&zs, Z_FINISH);
        *zn = cap - zs.avail_out;
    }
    deflateEnd(&zs);
    if (!*z || zr != Z_STREAM_END) {
        free(*z);
        *z = NULL;
        return SW_ENOMEM;
    }
    return 0;
}

/*
 * The text of a version compressed as z[0..zn) against the base bz[0..bzn) (bz NULL: alone)
 * into out, with dict as scratch for the base's text. 0, or SW_EPARSE (damaged) or SW_ENOMEM.
 */
static int version_inflate(const void *z, size_t zn, const void *bz, size_t bzn, sw_buf *out,
                           sw_buf *dict) {
    sw_buf_reset(dict);
    sw_buf_reset(out);
    int rc = bz ? sw_buf_inflate(dict, bz, bzn, 15, NULL, 0, 0, SIZE_MAX) : 0;
    return rc ? rc : sw_buf_inflate(out, z, zn, 15, bz ? dict->data : NULL, dict->len, 0, SIZE_MAX);
}

/*
 * Version vid's text into out through st (prepared as ST_VERSION_TEXT), dict its scratch: 0,
 * SW_ENOTFOUND, SW_EPARSE (damaged), SW_ENOMEM, or SW_ESTORE (SQLite failed).
 */
static int version_row_text(sqlite3_stmt *st, int64_t vid, sw_buf *out, sw_buf *dict) {
    sqlite3_bind_int64(st, 1, vid);
    int step = sqlite3_step(st), rc = SW_ENOTFOUND;
    if (step == SQLITE_ROW) {
        int based = sqlite3_column_type(st, 1) == SQLITE_BLOB;
        rc = version_inflate(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
                             based ? sqlite3_column_blob(st, 1) : NULL,
                             (size_t)sqlite3_column_bytes(st, 1), out, dict);
    } else if (step != SQLITE_DONE) {
        rc = SW_ESTORE;
    }
    sqlite3_reset(st);
    return rc;
}

/* Version vid's text into out. 0, or an error with a message. */
static int version_text(sw_store *s, int64_t vid, sw_buf *out, char **errmsg) {
    int rc = version_row_text(s->st[ST_VERSION_TEXT], vid, out, &s->dict);
    if (rc == SW_ESTORE)
        return db_error(s, errmsg, "unable to read");
    if (rc == SW_ENOMEM)
        return sw_error(errmsg, rc, "out of memory");
    if (rc)
        return sw_error(errmsg, SW_ESTORE, "'%s': the text of version %lld is %s", s->path,
                        (long long)vid, rc == SW_ENOTFOUND ? "missing" : "damaged");
    return 0;
}

/*
 * The version of page pid whose text is `title` and `text` (kept once, by the hash of both,
 * zlib-compressed against the page's first version, so that an edit costs about what it
 * changed): its id in *vid, written when new.
 */
static int version_put(sw_store *s, int64_t pid, const char *title, const char *text, int64_t *vid,
                       char **errmsg) {
    char hex[40];
    unsigned char *z = NULL;
    size_t zn = 0;
    if (version_hash(title, text, hex))
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    sqlite3_stmt *st = s->st[ST_VERSION_GET];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, hex);
    int step = sqlite3_step(st), rc = 0;
    *vid = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        rc = db_error(s, errmsg, "unable to read");
    int64_t base = 0;
    if (!rc && !*vid) { /* a new text: against the first, when the page has one */
        st = s->st[ST_VERSION_BASE];
        sqlite3_bind_int64(st, 1, pid);
        step = sqlite3_step(st);
        if (step == SQLITE_ROW) {
            base = sqlite3_column_int64(st, 0);
            sw_buf_reset(&s->dict);
            rc = sw_buf_inflate(&s->dict, sqlite3_column_blob(st, 1),
                                (size_t)sqlite3_column_bytes(st, 1), 15, NULL, 0, 0, SIZE_MAX);
            rc = rc == SW_ENOMEM ? sw_error(errmsg, rc, "out of memory")
                 : rc ? sw_error(errmsg, SW_ESTORE, "'%s': the text of version %lld is damaged",
                                 s->path, (long long)base)
                      : 0;
        }
        sqlite3_reset(st);
        if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
            rc = db_error(s, errmsg, "unable to read");
        if (!rc &&
            version_deflate(text, base ? s->dict.data : NULL, base ? s->dict.len : 0, &z, &zn))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    if (!rc && !*vid) {
        st = s->st[ST_VERSION_INSERT];
        sqlite3_bind_int64(st, 1, pid);
        bind_text(st, 2, hex);
        bind_text(st, 3, title);
        sqlite3_bind_blob64(st, 4, z, (sqlite3_uint64)zn, SQLITE_STATIC);
        if (base)
            sqlite3_bind_int64(st, 5, base);
        else
            sqlite3_bind_null(st, 5);
        rc = run(s, st, errmsg);
        sqlite3_clear_bindings(st);
        if (!rc) { /* a text it had not had: changed: may turn yes */
            *vid = sqlite3_last_insert_rowid(s->db);
            rc = queue_article(s, pid, "a", errmsg);
        }
    }
    free(z);
    return rc;
}

/*
 * The version of page pid that its text is (the article's title and body, else the titles its
 * lists show, one a line): its id in *vid (version_put).
 */
static int page_version(sw_store *s, int64_t pid, const sw_page *page, int64_t *vid,
                        char **errmsg) {
    if (page->title && page->body)
        return version_put(s, pid, page->title, page->body, vid, errmsg);
    sw_buf b = SW_BUF_INIT;
    for (size_t i = 0; i < page->nlists; i++)
        for (size_t j = 0; j < page->lists[i].n; j++) {
            if (b.len)
                sw_buf_addc(&b, '\n');
            sw_buf_adds(&b, page->lists[i].items[j].title);
        }
    int rc = b.oom ? sw_error(errmsg, SW_ENOMEM, "out of memory")
                   : version_put(s, pid, NULL, sw_buf_str(&b), vid, errmsg);
    sw_buf_release(&b);
    return rc;
}

int sw_store_put_page(sw_store *s, const sw_page *page, const char *key, const char *hash,
                      int64_t bytes, const char *at, sw_put_stats *stats, char **errmsg) {
    int rc;
    char now[32];
    now_utc(now);
    if (!at)
        at = now;
    if (sw_url_key(key, strlen(key), &s->page_key) == SW_ENOMEM)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    key = sw_buf_str(&s->page_key);
    int64_t pid = 0;
    if ((rc = page_id(s, key, &pid, errmsg)))
        return rc;
    /* A capture older than the text the page shows (crawls indexed out of order) only adds
     * its version: the page keeps the text of its latest capture. */
    char latest[32] = "";
    if (pid && (rc = capture_time_of(s, ST_CAP_TEXT_TIME, pid, NULL, latest, errmsg)))
        return rc;
    int newest = strcmp(at, latest) >= 0; /* then its article is queued whole */
    /* What the capture showed: spans at its time, current or not (the same fetch read again
     * first takes back what it showed before), with the spans closed meanwhile. */
    char held[48], before[32] = "";
    if (pid && (rc = capture_time_of(s, ST_CAP_LAST_TIME, pid, NULL, before, errmsg)))
        return rc;
    if (pid && (rc = spans_close(s, pid, before, errmsg)))
        return rc;
    int again = pid ? capture_held(s, pid, at, held, &rc, errmsg) : 0;
    if (rc || (again && (rc = spans_unshow(s, pid, at, errmsg))))
        return rc;
    shown_reset(s);
    int64_t vid = 0;
    if (newest)
        rc = put_current(s, page, key, hash, bytes, now, &pid, &vid, stats, errmsg);
    else if (!(rc = put_items(s, pid, page, 0, stats, errmsg)))
        rc = page_version(s, pid, page, &vid, errmsg);
    int later = 0;
    if (!rc)
        rc = spans_show(s, pid, at, newest, &later, errmsg);
    /* The capture is recorded before the revisits after it repeat what it showed. */
    int flags = CAP_UPSERT | (newest ? CAP_QUEUED : 0);
    if (!rc)
        rc = capture_add(s, pid, at, 200, hash, vid, flags, NULL, NULL, errmsg);
    if (!rc && later)
        rc = spans_fill_revisits(s, pid, at, errmsg);
    return rc ? rc : spans_open(s, pid, errmsg);
}

int sw_store_capture_bare(sw_store *s, const char *key, const char *url, const char *path,
                          const char *at, int status, char **errmsg) {
    char now[32];
    now_utc(now);
    if (sw_url_key(key, strlen(key), &s->page_key) == SW_ENOMEM)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    int64_t pid = 0;
    int rc = page_id(s, sw_buf_str(&s->page_key), &pid, errmsg);
    if (!rc && !pid) {
        sqlite3_stmt *st = s->st[ST_BARE_PAGE];
        bind_text(st, 1, sw_buf_str(&s->page_key));
        bind_text(st, 2, url);
        bind_text(st, 3, path);
        bind_text(st, 4, now);
        if (!(rc = run(s, st, errmsg)))
            pid = sqlite3_last_insert_rowid(s->db);
    }
    at = capture_at(at, now);
    /* A capture at this very time is kept: with bytes, it is the fetch that has a text. */
    char held[48];
    int exists = rc ? 0 : capture_held(s, pid, at, held, &rc, errmsg);
    if (rc || exists)
        return rc;
    char before[SW_CAPTURE_TIME], from[32] = "";
    int gone = status == 404 || status == 410, before_gone = 0;
    if ((rc = capture_add(s, pid, at, status, NULL, 0, 0, before, &before_gone, errmsg)))
        return rc;
    /* A revisit shows again what the capture with bytes before it showed: in the usual
     * re-crawl, after all others and the latest not gone, what the latest shows (its open
     * spans). A page gone at a time between two captures that listed a headline cuts its
     * span. */
    if (!gone && (rc = capture_time_of(s, ST_CAP_TEXT_BEFORE, pid, at, from, errmsg)))
        return rc;
    if (!gone && !from[0])
        return 0; /* a revisit of no text known: it shows nothing, and cuts nothing */
    if (!gone && strcmp(at, before) > 0 && !before_gone)
        return spans_seen_again(s, pid, errmsg);
    if ((rc = spans_close(s, pid, before, errmsg)))
        return rc;
    if (gone) {
        shown_reset(s);
        rc = spans_show(s, pid, at, 0, NULL, errmsg);
    } else {
        rc = spans_repeat(s, pid, from, at, errmsg);
    }
    return rc ? rc : spans_open(s, pid, errmsg);
}

int sw_store_history(sw_store *s, const char *what, int (*fn)(void *ctx, const sw_capture *c),
                     void *ctx, int *found, char **errmsg) {
    sqlite3_stmt *pg = s->st[ST_LOAD_PAGE], *st = NULL;
    *found = 0;
    bind_text(pg, 1, what);
    if (bind_key(s, pg, 2, what, errmsg))
        return SW_ENOMEM;
    int step = sqlite3_step(pg);
    int64_t pid = step == SQLITE_ROW ? sqlite3_column_int64(pg, 0) : 0;
    sqlite3_reset(pg);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_error(s, errmsg, "unable to read");
    if (!pid)
        return 0;
    *found = 1;
    if (sqlite3_prepare_v2(
            s->db,
            "SELECT c.fetched_at, c.status, coalesce(c.version, 0), v.title, v.text, "
            "b.text FROM captures c LEFT JOIN versions v ON v.id = c.version LEFT "
            "JOIN versions b ON b.id = v.base WHERE c.page_id = ?1 ORDER BY "
            "c.fetched_at, c.id",
            -1, &st, NULL) != SQLITE_OK)
        return db_error(s, errmsg, "unable to read the captures");
    sqlite3_bind_int64(st, 1, pid);
    sw_buf text = SW_BUF_INIT;
    int rc = 0;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        sw_capture c = {(const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
                        sqlite3_column_int64(st, 2), (const char *)sqlite3_column_text(st, 3),
                        NULL};
        if (sqlite3_column_type(st, 4) == SQLITE_BLOB) {
            int base = sqlite3_column_type(st, 5) == SQLITE_BLOB;
            if (version_inflate(sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4),
                                base ? sqlite3_column_blob(st, 5) : NULL,
                                (size_t)sqlite3_column_bytes(st, 5), &text, &s->dict)) {
                rc = sw_error(errmsg, SW_ESTORE, "'%s': a text of '%s' is damaged", s->path, what);
                break;
            }
            c.text = sw_buf_str(&text);
        }
        rc = fn(ctx, &c);
    }
    if (!rc && step != SQLITE_DONE)
        rc = db_error(s, errmsg, "unable to read the captures");
    sqlite3_finalize(st);
    sw_buf_release(&text);
    return rc;
}

int sw_store_set_failure(sw_store *s, const char *path, const char *reason, char **errmsg) {
    sqlite3_stmt *st = s->st[reason ? ST_FAILURE_SET : ST_FAILURE_CLEAR];
    char now[32];
    now_utc(now);
    bind_text(st, 1, path);
    if (reason) {
        bind_text(st, 2, reason);
        bind_text(st, 3, now);
    }
    return run(s, st, errmsg);
}

void sw_store_set_generation(sw_store *s, int64_t gen) { s->gen = gen; }

int sw_store_last_generation(sw_store *s, int64_t *gen, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_PENDING_GEN];
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *gen = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return step == SQLITE_ROW ? 0 : db_error(s, errmsg, "unable to read pending work");
}

int sw_store_pending(sw_store *s, int64_t upto, char **kinds, int64_t **ids, size_t *n,
                     char **errmsg) {
    sqlite3_stmt *st = s->st[ST_PENDING_ALL];
    sqlite3_bind_int64(st, 1, upto);
    size_t cnt = 0, kcap = 0, vcap = 0;
    char *k = NULL;
    int64_t *v = NULL;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char *nk = sw_grow(k, &kcap, cnt + 1, sizeof(*k), 256);
        int64_t *nv = nk ? sw_grow(v, &vcap, cnt + 1, sizeof(*v), 256) : NULL;
        if (nk)
            k = nk;
        if (!nv) {
            sqlite3_reset(st);
            free(k);
            free(v);
            return sw_error(errmsg, SW_ENOMEM, "out of memory");
        }
        v = nv;
        const unsigned char *t = sqlite3_column_text(st, 0);
        k[cnt] = t ? (char)t[0] : '?';
        v[cnt++] = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(k);
        free(v);
        return db_error(s, errmsg, "unable to read pending work");
    }
    *kinds = k;
    *ids = v;
    *n = cnt;
    return 0;
}

int sw_store_pending_done(sw_store *s, int64_t upto, char **errmsg) {
    return run_both(s, ST_HEADLINE_ORPHANS, ST_PENDING_CLEAR, upto, errmsg);
}

/*
 * The listings of the page whose key is `key` into f (all zero when none, or key NULL): its
 * lists and distinct pages counted here rather than by count(DISTINCT), which built a
 * temporary B-tree for every article.
 */
static int featured(sw_store *s, const char *key, sw_featured *f, char **errmsg) {
    memset(f, 0, sizeof(*f));
    if (!key)
        return 0;
    sqlite3_stmt *st = s->st[ST_FEATURED];
    bind_text(st, 1, key);
    int64_t buf[64], *ids = buf;
    size_t cap = 64, n = 0;
    int step, sorted = 1, rc = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            int64_t *g = malloc(2 * cap * sizeof(*g));
            if (!g) {
                rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
                break;
            }
            memcpy(g, ids, n * sizeof(*g));
            if (ids != buf)
                free(ids);
            ids = g;
            cap *= 2;
        }
        ids[n] = sqlite3_column_int64(st, 0);
        sorted = sorted && (n == 0 || ids[n - 1] <= ids[n]); /* one headline: in page order */
        n++;
    }
    sqlite3_reset(st);
    if (!rc && step != SQLITE_DONE)
        rc = db_error(s, errmsg, "unable to read");
    if (!rc && !sorted)
        qsort(ids, n, sizeof(*ids), cmp_id);
    for (size_t i = 0; !rc && i < n; i++)
        f->pages += i == 0 || ids[i] != ids[i - 1];
    f->lists = (int64_t)n;
    if (ids != buf)
        free(ids);
    if (rc)
        return rc;
    /* (also when no list shows one now: the spans say when some did) */
    st = s->st[ST_FEATURED_SPANS];
    bind_text(st, 1, key);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const unsigned char *a = sqlite3_column_text(st, 0), *b = sqlite3_column_text(st, 1);
        snprintf(f->first_seen, sizeof(f->first_seen), "%s", a ? (const char *)a : "");
        snprintf(f->last_seen, sizeof(f->last_seen), "%s", b ? (const char *)b : "");
    }
    sqlite3_reset(st);
    return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : db_error(s, errmsg, "unable to read");
}

/* What article document d says of its page pid's captures (ST_DOC_CAPTURES). */
static int doc_captures(sw_store *s, int64_t pid, sw_doc *d, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_DOC_CAPTURES];
    sqlite3_bind_int64(st, 1, pid);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const unsigned char *a = sqlite3_column_text(st, 1), *b = sqlite3_column_text(st, 2);
        d->captures = sqlite3_column_int64(st, 0);
        snprintf(d->first_seen, sizeof(d->first_seen), "%s", a ? (const char *)a : "");
        snprintf(d->last_seen, sizeof(d->last_seen), "%s", b ? (const char *)b : "");
        d->changed = sqlite3_column_int(st, 3);
        d->gone = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    return step == SQLITE_ROW ? 0 : db_error(s, errmsg, "unable to read");
}

/* One span of a headline's timeline, as ST_DOC_TIMELINE gives it. */
typedef struct tl_span {
    int64_t page;               /* pages.id */
    char *label;                /* the page's URL, else its path (owned) */
    char *section;              /* owned */
    char from[SW_CAPTURE_TIME]; /* the first capture of the run */
    char to[SW_CAPTURE_TIME];   /* the last */
    int64_t position;           /* the best position in the run */
} tl_span;

/* One (page, section) of a timeline: spans[start, end), oldest first. */
typedef struct tl_entry {
    size_t start, end;
    const char *latest;  /* its latest span's end (spans[end - 1].to), set before sorting */
    int keep;            /* among the SW_TIMELINE_ENTRIES most recent */
    const tl_span *head; /* spans[start], set before sorting by label */
} tl_entry;

/* Entries by their latest span's end, most recent first (then in their order). */
static int tl_recent_first(const void *a, const void *b) {
    const tl_entry *x = *(tl_entry *const *)a, *y = *(tl_entry *const *)b;
    int c = strcmp(y->latest, x->latest);
    return c ? c : x < y ? -1 : 1;
}

/* Entries by their page's label, then page and section (the spans come in key order: a
 * sort in SQL cost a sorter for every headline patched). */
static int tl_by_label(const void *a, const void *b) {
    const tl_span *x = ((const tl_entry *)a)->head, *y = ((const tl_entry *)b)->head;
    int c = strcmp(x->label ? x->label : "", y->label ? y->label : "");
    if (!c)
        c = x->page < y->page ? -1 : x->page > y->page;
    return c ? c : strcmp(x->section, y->section);
}

/* A timeline field: its text with the separators ('\n', SW_TIMELINE_SEP) blanked. */
static void tl_field(sw_buf *b, const char *v) {
    for (const char *p = v ? v : ""; *p; p++)
        sw_buf_addc(b, *p == '\n' || *p == SW_TIMELINE_SEP ? ' ' : *p);
}

/* Writes the kept entries of the spans into d->timeline (doc.h) and d->timeline_cut. */
static int tl_write(const tl_span *sp, tl_entry *en, size_t ne, sw_doc *d) {
    if (ne > SW_TIMELINE_ENTRIES) {
        tl_entry **by = malloc(ne * sizeof(*by));
        if (!by)
            return SW_ENOMEM;
        for (size_t i = 0; i < ne; i++) {
            by[i] = &en[i];
            en[i].latest = sp[en[i].end - 1].to;
        }
        qsort(by, ne, sizeof(*by), tl_recent_first);
        for (size_t i = 0; i < ne; i++)
            by[i]->keep = i < SW_TIMELINE_ENTRIES;
        free(by);
        d->timeline_cut = (int64_t)(ne - SW_TIMELINE_ENTRIES);
    }
    sw_buf b = SW_BUF_INIT;
    for (size_t i = 0; i < ne; i++) {
        if (!en[i].keep)
            continue;
        size_t n = en[i].end - en[i].start,
               first = en[i].start + (n > SW_TIMELINE_SPANS ? n - SW_TIMELINE_SPANS : 0);
        int64_t best = sp[en[i].start].position;
        for (size_t k = en[i].start; k < en[i].end; k++)
            best = sp[k].position < best ? sp[k].position : best;
        if (b.len)
            sw_buf_addc(&b, '\n');
        tl_field(&b, sp[en[i].start].label);
        sw_buf_addc(&b, SW_TIMELINE_SEP);
        tl_field(&b, sp[en[i].start].section);
        sw_buf_addf(&b, "%c%lld%c%lld", SW_TIMELINE_SEP, (long long)best, SW_TIMELINE_SEP,
                    (long long)(first - en[i].start));
        for (size_t k = first; k < en[i].end; k++) { /* (no printf: a patch writes many) */
            sw_buf_addc(&b, SW_TIMELINE_SEP);
            sw_buf_adds(&b, sp[k].from);
            sw_buf_addc(&b, SW_TIMELINE_SEP);
            sw_buf_adds(&b, sp[k].to);
        }
    }
    if (b.oom) {
        sw_buf_release(&b);
        return SW_ENOMEM;
    }
    d->timeline = b.len ? sw_buf_detach(&b, NULL) : NULL;
    sw_buf_release(&b);
    return 0;
}

/*
 * Headline id's timeline into d (doc.h): its spans per (page, section), at most the
 * SW_TIMELINE_ENTRIES entries whose latest span ended last, each with at most its
 * SW_TIMELINE_SPANS latest spans, so that a headline on a page crawled hourly for a year
 * keeps a small document.
 */
static int doc_timeline(sw_store *s, int64_t id, sw_doc *d, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_DOC_TIMELINE];
    sqlite3_bind_int64(st, 1, id);
    tl_span *sp = NULL;
    tl_entry *en = NULL;
    size_t nsp = 0, spcap = 0, ne = 0, encap = 0;
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        tl_span *g = sw_grow(sp, &spcap, nsp + 1, sizeof(*sp), 16);
        if (!g) {
            rc = SW_ENOMEM;
            break;
        }
        sp = g;
        tl_span *t = &sp[nsp];
        memset(t, 0, sizeof(*t));
        t->page = sqlite3_column_int64(st, 0);
        t->label = col_dup(st, 1);
        t->section = col_dup(st, 2);
        const unsigned char *a = sqlite3_column_text(st, 3), *b = sqlite3_column_text(st, 4);
        snprintf(t->from, sizeof(t->from), "%s", a ? (const char *)a : "");
        snprintf(t->to, sizeof(t->to), "%s", b ? (const char *)b : "");
        t->position = sqlite3_column_int64(st, 5);
        /* its first and last seen: over all its spans, before the timeline is cut short */
        if (!d->first_seen[0] || strcmp(t->from, d->first_seen) < 0)
            snprintf(d->first_seen, sizeof(d->first_seen), "%s", t->from);
        if (strcmp(t->to, d->last_seen) > 0)
            snprintf(d->last_seen, sizeof(d->last_seen), "%s", t->to);
        nsp++;
        if (!t->section || (sqlite3_column_type(st, 1) != SQLITE_NULL && !t->label)) {
            rc = SW_ENOMEM;
            break;
        }
        int same =
            nsp > 1 && sp[nsp - 2].page == t->page && strcmp(sp[nsp - 2].section, t->section) == 0;
        if (same) {
            /* A span that only moved place: one span here, with its best place. */
            tl_span *p = &sp[nsp - 2];
            sqlite3_stmt *q = s->st[ST_CAPS_BETWEEN];
            sqlite3_bind_int64(q, 1, t->page);
            bind_text(q, 2, p->to);
            bind_text(q, 3, t->from);
            int qs = sqlite3_step(q), apart = qs == SQLITE_ROW && sqlite3_column_int(q, 0);
            sqlite3_reset(q);
            if (qs != SQLITE_ROW) {
                rc = db_error(s, errmsg, "unable to read");
                break;
            }
            if (!apart) {
                if (strcmp(t->to, p->to) > 0)
                    memcpy(p->to, t->to, sizeof(p->to));
                p->position = t->position < p->position ? t->position : p->position;
                free(t->label);
                free(t->section);
                nsp--;
            }
            en[ne - 1].end = nsp;
            continue;
        }
        tl_entry *e = sw_grow(en, &encap, ne + 1, sizeof(*en), 8);
        if (!e) {
            rc = SW_ENOMEM;
            break;
        }
        en = e;
        en[ne++] = (tl_entry){nsp - 1, nsp, NULL, 1, NULL};
    }
    sqlite3_reset(st);
    if (!rc && step != SQLITE_DONE) {
        rc = db_error(s, errmsg, "unable to read");
    } else if (!rc) {
        for (size_t i = 0; i < ne; i++)
            en[i].head = &sp[en[i].start];
        if (ne > 1)
            qsort(en, ne, sizeof(*en), tl_by_label);
        if ((rc = tl_write(sp, en, ne, d)))
            rc = sw_error(errmsg, rc, "out of memory");
    } else if (rc == SW_ENOMEM) {
        rc = sw_error(errmsg, rc, "out of memory");
    }
    for (size_t i = 0; i < nsp; i++) {
        free(sp[i].label);
        free(sp[i].section);
    }
    free(sp);
    free(en);
    return rc;
}

int sw_store_get_doc(sw_store *s, char type, int64_t id, int want_text, sw_doc *d, char **errmsg) {
    int64_t pid = 0, vid = 0;
    memset(d, 0, sizeof(*d));
    d->type = type;
    d->id = id;
    sqlite3_stmt *st = s->st[type == 'a' ? ST_DOC_ARTICLE : ST_DOC_HEADLINE];
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return SW_ENOTFOUND;
        return db_error(s, errmsg, "unable to read");
    }
    d->title = col_dup(st, 0);
    d->source = col_dup(st, 1);
    d->date = col_dup(st, 2);
    d->url = col_dup(st, 3);
    if (type == 'a') {
        d->path = col_dup(st, 4);
        vid = sqlite3_column_int64(st, 5);
        d->key = col_dup(st, 6);
        d->story = col_dup(st, 7);
        d->fetched = col_dup(st, 8);
        d->saved = col_dup(st, 9);
        d->author = col_dup(st, 10);
        pid = sqlite3_column_int64(st, 11);
    } else {
        d->occurrences = sqlite3_column_int64(st, 4);
        d->key = col_dup(st, 5);
    }
    sqlite3_reset(st);
    if (type == 'a') {
        rc = want_text > 0 ? version_text(s, vid, &s->text, errmsg) : 0;
        if (!rc && want_text > 0 && !(d->body = strdup(sw_buf_str(&s->text))))
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
        if (!rc)
            rc = doc_captures(s, pid, d, errmsg);
        if (!rc)
            rc = featured(s, d->key, &d->featured, errmsg);
        if (rc)
            sw_doc_release(d);
        return rc;
    }
    /* A headline no page lists any more stays while a capture showed it: it was shown. */
    if ((rc = doc_timeline(s, id, d, errmsg)) || (d->occurrences == 0 && !d->first_seen[0])) {
        sw_doc_release(d);
        return rc ? rc : SW_ENOTFOUND;
    }
    sw_buf secs = SW_BUF_INIT;
    st = s->st[d->occurrences ? ST_DOC_SECTIONS : ST_DOC_SECTIONS_SHOWN];
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (secs.len)
            sw_buf_addc(&secs, '\n');
        sw_buf_adds(&secs, (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_reset(st);
    d->sections = sw_buf_detach(&secs, NULL);
    if (want_text == SW_DOC_VALUES && d->url)
        return 0; /* its path and its article are not values */
    st = s->st[ST_DOC_FIRST_PAGE];
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        if (!d->url)
            d->url = col_dup(st, 0);
        d->path = col_dup(st, 1);
    }
    sqlite3_reset(st);
    if (want_text == SW_DOC_VALUES)
        return 0;
    st = s->st[ST_ARTICLE_AT];
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        d->article_at = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_error(s, errmsg, "unable to read");
    return 0;
}

/*
 * The table of pages whose removal is committed while the --remove that removed them may not
 * have finished (schema/souwen.sql). Stores older than it gain it here, under the writer lock.
 */
static const char removed_table[] = "CREATE TABLE IF NOT EXISTS removed (\n"
                                    "    what TEXT NOT NULL\n"
                                    ")";

int sw_store_removed_before(sw_store *s, const char *what, int64_t *n, char **errmsg) {
    sqlite3_stmt *st = NULL;
    *n = 0;
    if (sqlite3_exec(s->db, removed_table, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT count(*) FROM removed WHERE what = ?1", -1, &st, NULL) !=
            SQLITE_OK)
        return db_error(s, errmsg, "unable to read");
    bind_text(st, 1, what);
    int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : db_error(s, errmsg, "unable to read");
    if (!rc)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

int sw_store_removed_clear(sw_store *s, char **errmsg) {
    if (sqlite3_exec(s->db, removed_table, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, "DELETE FROM removed", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(s, errmsg, "unable to write");
    return 0;
}

int sw_store_remove_pages(sw_store *s, const char *what, int64_t *removed, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_PAGES_MATCHING];
    bind_text(st, 1, what);
    if (bind_key(s, st, 2, what, errmsg))
        return SW_ENOMEM;
    size_t n = 0;
    int64_t *ids = NULL;
    int rc = 0, step = step_ids(st, &ids, &n, 16);
    sqlite3_reset(st);
    if (step == SW_ENOMEM)
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    else if (step != SQLITE_DONE)
        rc = db_error(s, errmsg, "unable to read");
    for (size_t i = 0; i < n && !rc; i++) {
        rc = forget_page_docs(s, ids[i], errmsg);
        if (!rc)
            rc = spans_forget_page(s, ids[i], errmsg);
        sqlite3_bind_int64(s->st[ST_CAP_DELETE_PAGE], 1, ids[i]);
        sqlite3_bind_int64(s->st[ST_VERSION_DELETE_PAGE], 1, ids[i]);
        sqlite3_bind_int64(s->st[ST_PAGE_LAST_DELETE], 1, ids[i]);
        if (!rc)
            rc = run(s, s->st[ST_CAP_DELETE_PAGE], errmsg);
        if (!rc)
            rc = run(s, s->st[ST_PAGE_LAST_DELETE], errmsg);
        if (!rc)
            rc = run(s, s->st[ST_VERSION_DELETE_PAGE], errmsg);
        if (!rc) {
            sqlite3_bind_int64(s->st[ST_PAGE_DELETE], 1, ids[i]);
            rc = run(s, s->st[ST_PAGE_DELETE], errmsg);
        }
    }
    free(ids);
    /* One row per page, under the name it was asked for, in the transaction of its removal. */
    sqlite3_stmt *ins = NULL;
    if (!rc && n &&
        (sqlite3_exec(s->db, removed_table, NULL, NULL, NULL) != SQLITE_OK ||
         sqlite3_prepare_v2(s->db, "INSERT INTO removed(what) VALUES (?1)", -1, &ins, NULL) !=
             SQLITE_OK))
        rc = db_error(s, errmsg, "unable to write");
    for (size_t i = 0; i < n && !rc; i++) {
        bind_text(ins, 1, what);
        rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : db_error(s, errmsg, "unable to write");
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    *removed = rc ? 0 : (int64_t)n;
    return rc;
}

int sw_store_queue_all(sw_store *s, char **errmsg) {
    return run_both(s, ST_QUEUE_ARTICLES, ST_QUEUE_HEADLINES, s->gen, errmsg);
}

int sw_store_load_page(sw_store *s, const char *what, sw_page *p, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_LOAD_PAGE];
    bind_text(st, 1, what);
    if (bind_key(s, st, 2, what, errmsg))
        return SW_ENOMEM;
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        sqlite3_reset(st);
        return step == SQLITE_DONE ? SW_ENOTFOUND : db_error(s, errmsg, "unable to read");
    }
    int64_t pid = sqlite3_column_int64(st, 0);
    p->url = col_dup(st, 1);
    p->path = col_dup(st, 2);
    p->charset = col_dup(st, 3);
    p->fetched_at = col_dup(st, 4);
    sqlite3_reset(st);
    st = s->st[ST_LOAD_ARTICLE];
    sqlite3_bind_int64(st, 1, pid);
    int64_t vid = 0;
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        p->title = col_dup(st, 0);
        p->source = col_dup(st, 1);
        p->published_at = col_dup(st, 2);
        vid = sqlite3_column_int64(st, 3);
        p->author = col_dup(st, 4);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_error(s, errmsg, "unable to read");
    if (step == SQLITE_ROW) {
        int vrc = version_text(s, vid, &s->text, errmsg);
        if (vrc)
            return vrc;
        if (!(p->body = strdup(sw_buf_str(&s->text))))
            return sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    st = s->st[ST_LOAD_ITEMS];
    sqlite3_bind_int64(st, 1, pid);
    sw_list *l = NULL;
    int rc = 0;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *sec = (const char *)sqlite3_column_text(st, 0);
        if (!l || strcmp(l->section, sec) != 0)
            if (!(l = sw_page_add_list(p, sec, strlen(sec))))
                rc = SW_ENOMEM;
        if (!rc)
            rc = sw_list_add_item(l, (const char *)sqlite3_column_text(st, 1),
                                  (const char *)sqlite3_column_text(st, 2),
                                  (const char *)sqlite3_column_text(st, 3),
                                  (const char *)sqlite3_column_text(st, 4));
    }
    sqlite3_reset(st);
    return rc ? sw_error(errmsg, rc, "out of memory") : 0;
}

int sw_store_load_page_at(sw_store *s, const char *what, const char *at, sw_page *p,
                          char used[SW_CAPTURE_TIME], int *status, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_LOAD_PAGE];
    bind_text(st, 1, what);
    if (bind_key(s, st, 2, what, errmsg))
        return SW_ENOMEM;
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        sqlite3_reset(st);
        return step == SQLITE_DONE ? SW_ENOTFOUND : db_error(s, errmsg, "unable to read");
    }
    int64_t pid = sqlite3_column_int64(st, 0);
    p->url = col_dup(st, 1);
    p->charset = col_dup(st, 3);
    sqlite3_reset(st);
    st = s->st[ST_CAP_AT_OR_BEFORE];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, at);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        snprintf(used, SW_CAPTURE_TIME, "%s", (const char *)sqlite3_column_text(st, 0));
        *status = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
    if (step == SQLITE_DONE)
        return sw_error(errmsg, SW_EUSAGE, "'%s' has no capture at or before %s", what, at);
    if (step != SQLITE_ROW)
        return db_error(s, errmsg, "unable to read");
    /* Fetched then; the article it showed then (a revisit: the text it repeats; a 404: none). */
    if (!(p->fetched_at = strdup(used)))
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    int64_t vid = 0;
    st = s->st[ST_VERSION_AT];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, used);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW && *status != 404 && *status != 410 &&
        sqlite3_column_type(st, 1) != SQLITE_NULL) {
        vid = sqlite3_column_int64(st, 0);
        p->title = col_dup(st, 1);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return db_error(s, errmsg, "unable to read");
    int vrc = vid ? version_text(s, vid, &s->text, errmsg) : 0;
    if (vrc)
        return vrc;
    if (vid && !(p->body = strdup(sw_buf_str(&s->text))))
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    st = s->st[ST_LOAD_ITEMS_AT];
    sqlite3_bind_int64(st, 1, pid);
    bind_text(st, 2, used);
    sw_list *l = NULL;
    int rc = 0;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *sec = (const char *)sqlite3_column_text(st, 0);
        if (!l || strcmp(l->section, sec) != 0)
            if (!(l = sw_page_add_list(p, sec, strlen(sec))))
                rc = SW_ENOMEM;
        if (!rc)
            rc = sw_list_add_item(l, (const char *)sqlite3_column_text(st, 1),
                                  (const char *)sqlite3_column_text(st, 2),
                                  (const char *)sqlite3_column_text(st, 3),
                                  (const char *)sqlite3_column_text(st, 4));
    }
    sqlite3_reset(st);
    if (rc)
        return sw_error(errmsg, rc, "out of memory");
    return step == SQLITE_DONE ? 0 : db_error(s, errmsg, "unable to read");
}

int sw_store_charsets(sw_store *s, void (*fn)(void *ctx, const char *charset, int64_t pages),
                      void *ctx, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_CHARSETS];
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1));
    sqlite3_reset(st);
    return step == SQLITE_DONE ? 0 : db_error(s, errmsg, "unable to read");
}

int sw_store_queue_linked(sw_store *s, char **errmsg) {
    int rc = seen_flush(s, errmsg); /* (the headlines seen again link to articles too) */
    if (rc)
        return rc;
    sqlite3_bind_int64(s->st[ST_QUEUE_LINKED], 1, s->gen);
    return run(s, s->st[ST_QUEUE_LINKED], errmsg);
}

int sw_store_next_ids(sw_store *s, int64_t *next_a, int64_t *next_h, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_NEXT_IDS];
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *next_a = sqlite3_column_int64(st, 0);
        *next_h = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return step == SQLITE_ROW ? 0 : db_error(s, errmsg, "unable to read");
}

/*
 * Schema migrations: migrations[i].up takes a store from version
 * migrations[i].from to from + 1, inside the upgrade's transaction, and
 * must leave the Xapian index derivable (when documents change shape, it
 * queues them in `pending`). A version 5 adds {4, migrate_4_to_5} here and
 * bumps SW_SCHEMA_VERSION and schema/souwen.sql.
 */
typedef int (*migration_fn)(sqlite3 *db, char **errmsg);

/* Runs sql, then queues every document to be written again (its Xapian shape changed). */
static int requeue_all(sqlite3 *db, const char *sql, char **errmsg) {
    if ((sql && sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) ||
        sqlite3_exec(db,
                     "INSERT OR IGNORE INTO pending(kind, id) SELECT 'a', id FROM articles; "
                     "INSERT OR IGNORE INTO pending(kind, id) SELECT 'h', id FROM headlines",
                     NULL, NULL, NULL) != SQLITE_OK)
        return sw_error(errmsg, SW_ESTORE, "unable to queue the documents: %s", sqlite3_errmsg(db));
    return 0;
}

/*
 * 1 -> 2: pending rows gain their generation (so that the writer threads can
 * apply one batch while the next is recorded); the Xapian documents now
 * carry what a hit shows (index.c).
 */
static int migrate_1_to_2(sqlite3 *db, char **errmsg) {
    return requeue_all(db, "ALTER TABLE pending ADD COLUMN gen INTEGER NOT NULL DEFAULT 0", errmsg);
}

/* 2 -> 3: tables unchanged; the Xapian documents gain year, month and day terms (date:). */
static int migrate_2_to_3(sqlite3 *db, char **errmsg) { return requeue_all(db, NULL, errmsg); }

/* Traditional text is folded with OpenCC's phrase tables before segmentation: new terms. */
static int migrate_3_to_4(sqlite3 *db, char **errmsg) { return requeue_all(db, NULL, errmsg); }

/* Whether table.column exists in db. */
static int has_column(sqlite3 *db, const char *table, const char *column) {
    return sqlite3_table_column_metadata(db, "main", table, column, NULL, NULL, NULL, NULL, NULL) ==
           SQLITE_OK;
}

/*
 * Runs `alter` (which adds `column` to `table`) unless the table has that column already (a
 * migration run again over a store whose version was set back). 0, or -1 when SQLite failed.
 */
static int add_column(sqlite3 *db, const char *table, const char *column, const char *alter) {
    return has_column(db, table, column) || sqlite3_exec(db, alter, NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : -1;
}

/* Runs `update` (?1 the key, ?2 the id) for every row of `select` (id, URL) with a URL's key. */
static int set_keys(sqlite3 *db, const char *select, const char *update, char **errmsg) {
    sqlite3_stmt *sel = NULL, *upd = NULL;
    sw_buf key = SW_BUF_INIT;
    int rc = 0, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(db, select, -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, update, -1, &upd, NULL) != SQLITE_OK)
        step = SQLITE_ERROR;
    while (!rc && step != SQLITE_ERROR && (step = sqlite3_step(sel)) == SQLITE_ROW) {
        const char *url = (const char *)sqlite3_column_text(sel, 1);
        if (sw_url_key(url, url ? strlen(url) : 0, &key) == SW_ENOMEM) {
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
            break;
        }
        sqlite3_bind_text(upd, 1, sw_buf_str(&key), (int)key.len, SQLITE_STATIC);
        sqlite3_bind_int64(upd, 2, sqlite3_column_int64(sel, 0));
        if (sqlite3_step(upd) != SQLITE_DONE)
            step = SQLITE_ERROR;
        sqlite3_reset(upd);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sw_error(errmsg, SW_ESTORE, "unable to rewrite the URL keys of '%s': %s",
                      sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
    sqlite3_finalize(sel);
    sqlite3_finalize(upd);
    sw_buf_release(&key);
    return rc;
}

/*
 * Pages and headline links keyed by their URL's key (url.h). Pages whose URLs were spellings of
 * one URL become one: the one indexed last stays, the others are forgotten (their documents
 * queued, to be deleted).
 */
static int rekey_pages(sqlite3 *db, char **errmsg) {
    if (add_column(db, "headlines", "link", "ALTER TABLE headlines ADD COLUMN link TEXT"))
        return sw_error(errmsg, SW_ESTORE, "unable to add headline links to '%s': %s",
                        sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
    int rc = set_keys(db, "SELECT id, url FROM headlines WHERE url IS NOT NULL",
                      "UPDATE headlines SET link = ?1 WHERE id = ?2", errmsg);
    if (!rc && sqlite3_exec(db,
                            "CREATE INDEX IF NOT EXISTS headlines_by_link ON headlines(link);"
                            "CREATE TEMP TABLE rekey (id INTEGER PRIMARY KEY, key TEXT);"
                            "INSERT INTO rekey SELECT id, key FROM pages",
                            NULL, NULL, NULL) != SQLITE_OK)
        rc = SW_ESTORE;
    if (!rc)
        rc = set_keys(db, "SELECT id, url FROM pages WHERE url IS NOT NULL",
                      "UPDATE rekey SET key = ?1 WHERE id = ?2", errmsg);
    static const char merge[] =
        "CREATE TEMP TABLE gone AS SELECT r.id FROM rekey r JOIN pages p ON p.id = r.id "
        "WHERE EXISTS (SELECT 1 FROM rekey r2 JOIN pages p2 ON p2.id = r2.id WHERE r2.key = r.key "
        "AND (p2.indexed_at > p.indexed_at OR (p2.indexed_at = p.indexed_at AND r2.id > r.id)));"
        "INSERT OR IGNORE INTO pending(kind, id) SELECT 'a', id FROM articles "
        "WHERE page_id IN (SELECT id FROM gone);"
        "INSERT OR IGNORE INTO pending(kind, id) SELECT DISTINCT 'h', headline_id FROM occurrences "
        "WHERE page_id IN (SELECT id FROM gone);"
        "DELETE FROM occurrences WHERE page_id IN (SELECT id FROM gone);"
        "DELETE FROM articles WHERE page_id IN (SELECT id FROM gone);"
        "DELETE FROM pages WHERE id IN (SELECT id FROM gone);"
        "UPDATE pages SET key = char(1) || id;"
        "UPDATE pages SET key = (SELECT key FROM rekey WHERE rekey.id = pages.id);"
        "DROP TABLE temp.gone; DROP TABLE temp.rekey;";
    if (!rc && sqlite3_exec(db, merge, NULL, NULL, NULL) != SQLITE_OK)
        rc = SW_ESTORE;
    if (rc == SW_ESTORE)
        sw_error(errmsg, rc, "unable to rewrite the URL keys of '%s': %s",
                 sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
    return rc;
}

/*
 * 4 -> 5: stories. Pages are keyed by their URL's key (rekey_pages); articles gain their story;
 * every article, in the order it was recorded, joins the story of an earlier one or begins its own,
 * as if the pages were indexed again; the Xapian documents gain the story (TERMS.md), so all are
 * rewritten.
 */
static int migrate_4_to_5(sqlite3 *db, char **errmsg) {
    /* Written to run again over its own work (an upgrade is one transaction, but a store may
     * have had its version set back by hand): the stories are assigned afresh. */
    static const char tables[] =
        "CREATE INDEX IF NOT EXISTS articles_by_story ON articles(story);"
        "CREATE TABLE IF NOT EXISTS stories (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "key TEXT NOT NULL UNIQUE, article INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS story_sigs (article INTEGER PRIMARY KEY, "
        "exact INTEGER NOT NULL, chars INTEGER NOT NULL, shingles INTEGER NOT NULL, sketch BLOB, "
        "published INTEGER);"
        "CREATE INDEX IF NOT EXISTS story_sigs_by_exact ON story_sigs(exact);"
        "CREATE TABLE IF NOT EXISTS story_bands (band INTEGER NOT NULL, "
        "article INTEGER NOT NULL, PRIMARY KEY (band, article)) WITHOUT ROWID;"
        "DELETE FROM stories; DELETE FROM story_sigs; DELETE FROM story_bands;"
        "UPDATE articles SET story = 0;";
    const char *path = sqlite3_db_filename(db, "main");
    int krc = rekey_pages(db, errmsg);
    if (krc)
        return krc;
    if (add_column(db, "pages", "saved_at", "ALTER TABLE pages ADD COLUMN saved_at TEXT") ||
        add_column(db, "articles", "story",
                   "ALTER TABLE articles ADD COLUMN story INTEGER NOT NULL DEFAULT 0") ||
        sqlite3_exec(db, tables, NULL, NULL, NULL) != SQLITE_OK)
        return sw_error(errmsg, SW_ESTORE, "unable to add the story tables to '%s': %s", path,
                        sqlite3_errmsg(db));
    sw_storyer *c = NULL;
    sqlite3_stmt *st = NULL, *ver = NULL;
    sw_buf text = SW_BUF_INIT, dict = SW_BUF_INIT;
    /* A store set back from version 10 keeps its texts in versions (texts_to_versions). */
    int in_versions = !has_column(db, "articles", "body");
    int rc = sw_storyer_open(db, path, &c, errmsg), step = SQLITE_DONE;
    if (!rc && (sqlite3_prepare_v2(db,
                                   in_versions ? "SELECT id, version, published_at FROM articles "
                                                 "ORDER BY id"
                                               : "SELECT id, body, published_at FROM articles "
                                                 "ORDER BY id",
                                   -1, &st, NULL) != SQLITE_OK ||
                (in_versions &&
                 sqlite3_prepare_v2(db, sql_text[ST_VERSION_TEXT], -1, &ver, NULL) != SQLITE_OK)))
        rc = sw_error(errmsg, SW_ESTORE, "unable to read the articles of '%s': %s", path,
                      sqlite3_errmsg(db));
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *body = (const char *)sqlite3_column_text(st, 1);
        size_t len = (size_t)sqlite3_column_bytes(st, 1);
        if (in_versions) {
            rc = version_row_text(ver, sqlite3_column_int64(st, 1), &text, &dict);
            if (rc) {
                rc = sw_error(errmsg, SW_ESTORE, "unable to read the text of article %lld of '%s'",
                              (long long)sqlite3_column_int64(st, 0), path);
                break;
            }
            body = sw_buf_str(&text);
            len = text.len;
        }
        rc = sw_storyer_assign(c, sqlite3_column_int64(st, 0), body, len,
                               (const char *)sqlite3_column_text(st, 2), NULL, errmsg);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sw_error(errmsg, SW_ESTORE, "unable to read the articles of '%s': %s", path,
                      sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_finalize(ver);
    sw_buf_release(&text);
    sw_buf_release(&dict);
    sw_storyer_close(c);
    return rc ? rc : requeue_all(db, NULL, errmsg);
}

/* 5 -> 6: tables unchanged; an article's value 1 ends with its story (searches collapse by it). */
static int migrate_5_to_6(sqlite3 *db, char **errmsg) { return requeue_all(db, NULL, errmsg); }

/* 6 -> 7: tables unchanged; every document gains value 4, what counting reads. */
static int migrate_6_to_7(sqlite3 *db, char **errmsg) { return requeue_all(db, NULL, errmsg); }

/*
 * 7 -> 8: articles gain their author (author: and --facet author) and their title key (a
 * headline without a URL links to the article of its title), and the readers take more
 * from a page (author, the date and source beside the title, text a text page used to drop).
 * What is recorded was read by the older readers, so every page's hash is marked stale
 * ("stale:" before it): the next run over the same files reads each again, as changed, and
 * the documents are rewritten now (they gain the author field and value 4's author).
 */
static int migrate_7_to_8(sqlite3 *db, char **errmsg) {
    if (add_column(db, "articles", "author", "ALTER TABLE articles ADD COLUMN author TEXT") ||
        add_column(db, "articles", "title_key", "ALTER TABLE articles ADD COLUMN title_key TEXT") ||
        sqlite3_exec(db, "CREATE INDEX IF NOT EXISTS articles_by_title_key ON articles(title_key)",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "UPDATE pages SET hash = 'stale:' || hash WHERE hash NOT LIKE 'stale:%'",
                     NULL, NULL, NULL) != SQLITE_OK)
        return sw_error(errmsg, SW_ESTORE, "unable to add authors to '%s': %s",
                        sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
    return requeue_all(db, NULL, errmsg);
}

/*
 * A migration's version of page pid: `text` compressed alone, under hash `hex` and `title`,
 * through `ins` (INSERT INTO versions(page_id, hash, title, text)); its id in *vid. 0,
 * SW_ENOMEM, or SW_ESTORE (SQLite failed; the caller reports it).
 */
static int migrate_version(sqlite3 *db, sqlite3_stmt *ins, int64_t pid, const char *hex,
                           sqlite3_value *title, const char *text, int64_t *vid) {
    unsigned char *z = NULL;
    size_t zn = 0;
    if (version_deflate(text, NULL, 0, &z, &zn))
        return SW_ENOMEM;
    sqlite3_bind_int64(ins, 1, pid);
    sqlite3_bind_text(ins, 2, hex, -1, SQLITE_TRANSIENT);
    sqlite3_bind_value(ins, 3, title);
    sqlite3_bind_blob64(ins, 4, z, (sqlite3_uint64)zn, SQLITE_TRANSIENT);
    free(z);
    int step = sqlite3_step(ins);
    sqlite3_reset(ins);
    *vid = sqlite3_last_insert_rowid(db);
    return step == SQLITE_DONE ? 0 : SW_ESTORE;
}

/*
 * 8 -> 9: captures and versions. Every page gets a first capture from what is recorded (a
 * file's time, else its crawl time, else when it was read; status 200; its bytes hash) and
 * its text (an article's body, else none) as its first version. Articles gain the changed: and
 * gone: terms, so all documents are rewritten.
 */
static int migrate_8_to_9(sqlite3 *db, char **errmsg) {
    /* A store set back from version 10 or later has its captures and versions: kept. */
    if (!has_column(db, "articles", "body"))
        return requeue_all(db, NULL, errmsg);
    static const char tables[] =
        "CREATE TABLE IF NOT EXISTS versions (id INTEGER PRIMARY KEY, page_id INTEGER NOT NULL, "
        "hash TEXT NOT NULL, title TEXT, text BLOB NOT NULL, UNIQUE(page_id, hash));"
        "CREATE TABLE IF NOT EXISTS captures (id INTEGER PRIMARY KEY, page_id INTEGER NOT NULL, "
        "fetched_at TEXT NOT NULL, status INTEGER NOT NULL, hash TEXT, version INTEGER, "
        "UNIQUE(page_id, fetched_at));"
        "CREATE INDEX IF NOT EXISTS captures_by_hash ON captures(page_id, hash);"
        "DELETE FROM captures; DELETE FROM versions;";
    const char *path = sqlite3_db_filename(db, "main");
    if (sqlite3_exec(db, tables, NULL, NULL, NULL) != SQLITE_OK)
        return sw_error(errmsg, SW_ESTORE, "unable to add the capture tables to '%s': %s", path,
                        sqlite3_errmsg(db));
    sqlite3_stmt *sel = NULL, *ver = NULL, *cap = NULL;
    int rc = 0, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(db,
                           "SELECT p.id, coalesce(p.saved_at, p.fetched_at, p.indexed_at), "
                           "p.hash, a.title, a.body FROM pages p LEFT JOIN articles a ON "
                           "a.page_id = p.id ORDER BY p.id",
                           -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO versions(page_id, hash, title, text) VALUES "
                           "(?1, ?2, ?3, ?4)",
                           -1, &ver, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT OR IGNORE INTO captures(page_id, fetched_at, status, hash, "
                           "version) VALUES (?1, ?2, 200, ?3, ?4)",
                           -1, &cap, NULL) != SQLITE_OK)
        step = SQLITE_ERROR;
    while (!rc && step != SQLITE_ERROR && (step = sqlite3_step(sel)) == SQLITE_ROW) {
        int64_t pid = sqlite3_column_int64(sel, 0);
        char at[SW_CAPTURE_TIME];
        if (!sw_store_capture_time((const char *)sqlite3_column_text(sel, 1), at))
            snprintf(at, sizeof(at), "1970-01-01T00:00:00Z");
        const char *body = (const char *)sqlite3_column_text(sel, 4);
        sqlite3_bind_int64(cap, 1, pid);
        sqlite3_bind_text(cap, 2, at, -1, SQLITE_TRANSIENT);
        sqlite3_bind_value(cap, 3, sqlite3_column_value(sel, 2));
        sqlite3_bind_null(cap, 4);
        if (body) {
            char hex[40];
            int64_t vid = 0;
            rc = version_hash((const char *)sqlite3_column_text(sel, 3), body, hex)
                     ? SW_ENOMEM
                     : migrate_version(db, ver, pid, hex, sqlite3_column_value(sel, 3), body, &vid);
            if (rc == SW_ENOMEM)
                rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
            if (rc) {
                step = rc == SW_ESTORE ? SQLITE_ERROR : step;
                rc = rc == SW_ESTORE ? 0 : rc;
                break;
            }
            sqlite3_bind_int64(cap, 4, vid);
        }
        if (sqlite3_step(cap) != SQLITE_DONE)
            step = SQLITE_ERROR;
        sqlite3_reset(cap);
    }
    if (!rc && step != SQLITE_DONE)
        rc = sw_error(errmsg, SW_ESTORE, "unable to record the captures of '%s': %s", path,
                      sqlite3_errmsg(db));
    sqlite3_finalize(sel);
    sqlite3_finalize(ver);
    sqlite3_finalize(cap);
    return rc ? rc : requeue_all(db, NULL, errmsg);
}

/*
 * 9 -> 10, texts: each article names the version of its text (found by hash, written when
 * missing), and its own copy of the body goes; versions gain their base (NULL: the texts
 * there are compressed alone).
 */
static int texts_to_versions(sqlite3 *db, const char *path, char **errmsg) {
    if (add_column(db, "versions", "base", "ALTER TABLE versions ADD COLUMN base INTEGER") ||
        add_column(db, "articles", "version", "ALTER TABLE articles ADD COLUMN version INTEGER"))
        return sw_error(errmsg, SW_ESTORE, "unable to add the version columns to '%s': %s", path,
                        sqlite3_errmsg(db));
    if (!has_column(db, "articles", "body"))
        return 0; /* done before */
    sqlite3_stmt *sel = NULL, *get = NULL, *ins = NULL, *set = NULL;
    int rc = 0, step = SQLITE_ERROR;
    if (sqlite3_prepare_v2(db, "SELECT id, page_id, title, body FROM articles", -1, &sel, NULL) ==
            SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT id FROM versions WHERE page_id = ?1 AND hash = ?2", -1, &get,
                           NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "INSERT INTO versions(page_id, hash, title, text) VALUES (?1, ?2, ?3, "
                           "?4)",
                           -1, &ins, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "UPDATE articles SET version = ?2 WHERE id = ?1", -1, &set, NULL) ==
            SQLITE_OK)
        step = SQLITE_DONE;
    while (!rc && step != SQLITE_ERROR && (step = sqlite3_step(sel)) == SQLITE_ROW) {
        const char *title = (const char *)sqlite3_column_text(sel, 2),
                   *body = (const char *)sqlite3_column_text(sel, 3);
        char hex[40];
        if (version_hash(title, body ? body : "", hex)) {
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
            break;
        }
        sqlite3_bind_int64(get, 1, sqlite3_column_int64(sel, 1));
        sqlite3_bind_text(get, 2, hex, -1, SQLITE_TRANSIENT);
        int gs = sqlite3_step(get);
        int64_t vid = gs == SQLITE_ROW ? sqlite3_column_int64(get, 0) : 0;
        sqlite3_reset(get);
        if (gs != SQLITE_ROW && gs != SQLITE_DONE) {
            step = SQLITE_ERROR;
            break;
        }
        if (!vid) { /* a text the captures do not name (a store damaged before): kept */
            rc = migrate_version(db, ins, sqlite3_column_int64(sel, 1), hex,
                                 sqlite3_column_value(sel, 2), body ? body : "", &vid);
            if (rc == SW_ENOMEM)
                rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
            if (rc) {
                step = rc == SW_ESTORE ? SQLITE_ERROR : step;
                rc = rc == SW_ESTORE ? 0 : rc;
                break;
            }
        }
        sqlite3_bind_int64(set, 1, sqlite3_column_int64(sel, 0));
        sqlite3_bind_int64(set, 2, vid);
        int ss = sqlite3_step(set);
        sqlite3_reset(set);
        if (ss != SQLITE_DONE)
            step = SQLITE_ERROR;
    }
    if (!rc && step != SQLITE_DONE)
        rc = sw_error(errmsg, SW_ESTORE, "unable to move the texts of '%s' to versions: %s", path,
                      sqlite3_errmsg(db));
    sqlite3_finalize(sel);
    sqlite3_finalize(get);
    sqlite3_finalize(ins);
    sqlite3_finalize(set);
    if (!rc &&
        sqlite3_exec(db, "ALTER TABLE articles DROP COLUMN body", NULL, NULL, NULL) != SQLITE_OK)
        rc = sw_error(errmsg, SW_ESTORE, "unable to drop the article texts of '%s': %s", path,
                      sqlite3_errmsg(db));
    return rc;
}

/*
 * 9 -> 10: spans. Each headline listed now stood, at its place, on its page's latest capture
 * with a text (else its latest capture; else the page's fetch or index time, as a capture
 * time): a span of that one capture, what the store knows of when lists showed it. Headline
 * documents gain first_seen, last_seen and their timeline; article documents gain captures,
 * first_seen and last_seen, and seen: moves from day terms to values 6 and 7 (index.c): every
 * document is rewritten.
 */
static int migrate_9_to_10(sqlite3 *db, char **errmsg) {
    /* Written to run again over its own work, as the others. */
    static const char tables[] =
        "CREATE TABLE IF NOT EXISTS spans (headline_id INTEGER NOT NULL, page_id INTEGER NOT "
        "NULL, section TEXT NOT NULL, first_at TEXT NOT NULL, last_at TEXT NOT NULL, position "
        "INTEGER NOT NULL, PRIMARY KEY (headline_id, page_id, section, first_at)) WITHOUT ROWID;"
        "CREATE INDEX IF NOT EXISTS spans_by_page ON spans(page_id, last_at);"
        "DELETE FROM spans;";
    const char *path = sqlite3_db_filename(db, "main");
    if (sqlite3_exec(db, tables, NULL, NULL, NULL) != SQLITE_OK)
        return sw_error(errmsg, SW_ESTORE, "unable to add the spans to '%s': %s", path,
                        sqlite3_errmsg(db));
    sqlite3_stmt *sel = NULL, *ins = NULL;
    int rc = 0, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(db,
                           "SELECT p.id, coalesce((SELECT max(fetched_at) FROM captures WHERE "
                           "page_id = p.id AND hash IS NOT NULL), (SELECT max(fetched_at) FROM "
                           "captures WHERE page_id = p.id), p.fetched_at, p.indexed_at) FROM "
                           "pages p WHERE EXISTS (SELECT 1 FROM occurrences o WHERE o.page_id = "
                           "p.id) ORDER BY p.id",
                           -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "INSERT OR IGNORE INTO spans(headline_id, page_id, section, first_at, "
                           "last_at, position) SELECT headline_id, page_id, section, ?2, ?2, "
                           "position FROM occurrences WHERE page_id = ?1",
                           -1, &ins, NULL) != SQLITE_OK)
        step = SQLITE_ERROR;
    while (step != SQLITE_ERROR && (step = sqlite3_step(sel)) == SQLITE_ROW) {
        char at[SW_CAPTURE_TIME];
        if (!sw_store_capture_time((const char *)sqlite3_column_text(sel, 1), at))
            snprintf(at, sizeof(at), "1970-01-01T00:00:00Z");
        sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 0));
        sqlite3_bind_text(ins, 2, at, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            step = SQLITE_ERROR;
        sqlite3_reset(ins);
    }
    if (step != SQLITE_DONE)
        rc = sw_error(errmsg, SW_ESTORE, "unable to record the spans of '%s': %s", path,
                      sqlite3_errmsg(db));
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    if (!rc)
        rc = texts_to_versions(db, path, errmsg);
    return rc ? rc : requeue_all(db, NULL, errmsg);
}

/* 10 -> 11: page_last records each page's latest capture's time, and the spans through it
 * are open (schema/souwen.sql). Written to run again over its own work. */
static int migrate_10_to_11(sqlite3 *db, char **errmsg) {
    if (sqlite3_exec(db,
                     "CREATE TABLE IF NOT EXISTS page_last (page_id INTEGER PRIMARY KEY, at TEXT "
                     "NOT NULL); INSERT OR REPLACE INTO page_last(page_id, at) SELECT page_id, "
                     "max(fetched_at) FROM captures GROUP BY page_id; UPDATE spans SET last_at = "
                     "'~' WHERE last_at = (SELECT at FROM page_last l WHERE l.page_id = "
                     "spans.page_id)",
                     NULL, NULL, NULL) != SQLITE_OK)
        return sw_error(errmsg, SW_ESTORE, "unable to open the spans of '%s': %s",
                        sqlite3_db_filename(db, "main"), sqlite3_errmsg(db));
    return 0;
}

static const struct migration {
    int from;        /* the version it upgrades from */
    migration_fn up; /* the step, NULL ends the table */
} migrations[] = {{1, migrate_1_to_2},
                  {2, migrate_2_to_3},
                  {3, migrate_3_to_4},
                  {4, migrate_4_to_5},
                  {5, migrate_5_to_6},
                  {6, migrate_6_to_7},
                  {7, migrate_7_to_8},
                  {8, migrate_8_to_9},
                  {9, migrate_9_to_10},
                  {10, migrate_10_to_11},
                  {0, NULL}};

static migration_fn migration_from(int ver) {
    for (const struct migration *m = migrations; m->up; m++)
        if (m->from == ver)
            return m->up;
    return NULL;
}

int sw_store_upgrade(const char *path, int *from, int *to, char **errmsg) {
    sqlite_setup();
    sqlite3 *db = NULL;
    sqlite3_stmt *v = NULL;
    int rc = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = sw_error(errmsg, SW_ESTORE, "unable to open the store '%s': %s", path,
                      db ? sqlite3_errmsg(db) : "out of memory");
        goto out;
    }
    sqlite3_busy_timeout(db, 10000);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &v, NULL) != SQLITE_OK ||
        sqlite3_step(v) != SQLITE_ROW) {
        rc = sw_error(errmsg, SW_ESTORE, "unable to read the schema version of '%s': %s", path,
                      sqlite3_errmsg(db));
        goto out;
    }
    int ver = sqlite3_column_int(v, 0);
    sqlite3_reset(v); /* no statement may stay active while a migration drops a table */
    *from = *to = ver;
    if (ver == 0) {
        rc = sw_error(errmsg, SW_ENOTFOUND, "'%s' is not a souwen store (it is empty)", path);
        goto out;
    }
    if (ver > SW_SCHEMA_VERSION) {
        rc = sw_error(errmsg, SW_ESTORE,
                      "'%s' has schema version %d, newer than this souwen's version %d: it "
                      "cannot be downgraded",
                      path, ver, SW_SCHEMA_VERSION);
        goto out;
    }
    while (ver < SW_SCHEMA_VERSION) {
        migration_fn up = migration_from(ver);
        if (!up) {
            rc = sw_error(errmsg, SW_ESTORE, "'%s' has schema version %d: no upgrade to version %d",
                          path, ver, SW_SCHEMA_VERSION);
            goto out;
        }
        if ((rc = up(db, errmsg)))
            goto out;
        char pragma[40];
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", ++ver);
        if (sqlite3_exec(db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
            rc =
                sw_error(errmsg, SW_ESTORE, "unable to upgrade '%s': %s", path, sqlite3_errmsg(db));
            goto out;
        }
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rc = sw_error(errmsg, SW_ESTORE, "unable to commit the upgrade of '%s': %s", path,
                      sqlite3_errmsg(db));
        goto out;
    }
    *to = ver;
out:
    sqlite3_finalize(v);
    if (db && !sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

int sw_store_count(sw_store *s, sw_store_counts *c, char **errmsg) {
    memset(c, 0, sizeof(*c));
    sqlite3_stmt *st = s->st[ST_COUNTS];
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return db_error(s, errmsg, "unable to read");
    }
    c->pages = sqlite3_column_int64(st, 0);
    c->articles = sqlite3_column_int64(st, 1);
    c->headlines = sqlite3_column_int64(st, 2);
    c->occurrences = sqlite3_column_int64(st, 3);
    c->failures = sqlite3_column_int64(st, 4);
    c->bytes = sqlite3_column_int64(st, 5);
    c->listed_headlines = sqlite3_column_int64(st, 6);
    c->pending = sqlite3_column_int64(st, 7);
    c->stories = sqlite3_column_int64(st, 8);
    sqlite3_reset(st);
    return 0;
}

/* The signed articles whose 16 story bands are not all there (sw_store_check). */
#define BANDS_SHORT                                                                                \
    "SELECT g.article FROM story_sigs g LEFT JOIN (SELECT article, count(*) AS n FROM "            \
    "story_bands GROUP BY article) b ON b.article = g.article WHERE g.sketch IS NOT NULL AND "     \
    "coalesce(b.n, 0) != 16"
#define CHECK_MESSAGES_MAX 10 /* problems reported per check; the rest are only counted */

int sw_store_check(sw_store *s, int quick, void (*fn)(void *ctx, const char *msg), void *ctx,
                   int64_t *problems, char **errmsg) {
    static const struct {
        const char *sql;  /* yields one integer per problem */
        const char *what; /* printf format for one problem */
        int full;         /* 1: run by --check only: a scan of every capture, which an indexing
                             run's quick check (before each run) would pay for again and again;
                             -1: by the quick check only (a cheaper form of a full one) */
    } checks[] = {
        {"SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.id = "
         "a.page_id)",
         "article %lld belongs to no stored page", 0},
        {"SELECT DISTINCT o.page_id FROM occurrences o WHERE NOT EXISTS (SELECT 1 FROM pages p "
         "WHERE p.id = o.page_id)",
         "occurrences name page %lld, which is not stored", 0},
        {"SELECT DISTINCT o.headline_id FROM occurrences o WHERE NOT EXISTS (SELECT 1 FROM "
         "headlines h WHERE h.id = o.headline_id)",
         "occurrences name headline %lld, which is not stored", 0},
        {"SELECT DISTINCT c.page_id FROM captures c WHERE NOT EXISTS (SELECT 1 FROM pages p "
         "WHERE p.id = c.page_id)",
         "captures name page %lld, which is not stored", 1},
        {"SELECT DISTINCT v.page_id FROM versions v WHERE NOT EXISTS (SELECT 1 FROM pages p "
         "WHERE p.id = v.page_id)",
         "versions name page %lld, which is not stored", 1},
        {"SELECT c.id FROM captures c WHERE c.version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
         "versions v WHERE v.id = c.version AND v.page_id = c.page_id)",
         "capture %lld names a version its page does not have", 1},
        {"SELECT p.id FROM pages p WHERE NOT EXISTS (SELECT 1 FROM captures c WHERE c.page_id = "
         "p.id)",
         "page %lld has no capture", 1},
        {"SELECT DISTINCT s.page_id FROM spans s WHERE NOT EXISTS (SELECT 1 FROM pages p "
         "WHERE p.id = s.page_id)",
         "spans name page %lld, which is not stored", 1},
        {"SELECT DISTINCT s.headline_id FROM spans s WHERE NOT EXISTS (SELECT 1 FROM "
         "headlines h WHERE h.id = s.headline_id)",
         "spans name headline %lld, which is not stored", 1},
        {"SELECT p.id FROM pages p WHERE (SELECT at FROM page_last l WHERE l.page_id = p.id) IS "
         "NOT (SELECT max(fetched_at) FROM captures c WHERE c.page_id = p.id)",
         "page %lld records another latest capture than its captures", 1},
        {"SELECT l.page_id FROM page_last l WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.id "
         "= l.page_id)",
         "the latest capture of page %lld is recorded, but not the page", 1},
        {"SELECT DISTINCT s.page_id FROM spans s WHERE s.last_at = (SELECT at FROM page_last l "
         "WHERE l.page_id = s.page_id) OR (s.last_at = '~' AND NOT EXISTS (SELECT 1 FROM "
         "page_last l WHERE l.page_id = s.page_id))",
         "spans of page %lld through its latest capture are not open (or open without one)", 1},
        {"SELECT DISTINCT s.headline_id FROM spans s WHERE s.first_at > s.last_at",
         "a span of headline %lld ends before it begins", 1},
        {"SELECT p.id FROM pages p WHERE p.hash <> '' AND NOT EXISTS (SELECT 1 FROM captures c "
         "WHERE c.page_id = p.id AND c.hash = p.hash)",
         "page %lld has no capture of the text it shows", 1},
        {"SELECT v.id FROM versions v WHERE NOT EXISTS (SELECT 1 FROM captures c WHERE "
         "c.page_id = v.page_id AND c.version = v.id) AND NOT EXISTS (SELECT 1 FROM versions w "
         "WHERE w.base = v.id)",
         "version %lld is the text of no capture", 1},
        {"SELECT v.id FROM versions v WHERE v.base IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
         "versions b WHERE b.id = v.base AND b.page_id = v.page_id AND b.base IS NULL)",
         "version %lld is compressed against a text its page does not have", 1},
        {"SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.id = "
         "a.version AND v.page_id = a.page_id)",
         "article %lld has no text (its version is not its page's)", 0},
        {"SELECT id FROM pending WHERE kind NOT IN ('a', 'h', 'c', 'g')",
         "pending work of unknown kind (id %lld)", 0},
        {"SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = "
         "a.story)",
         "article %lld belongs to no stored story", 0},
        {"SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_sigs g WHERE "
         "g.article = a.id)",
         "article %lld has no story signature", 0},
        /* (A signature or band of an article that is gone is never read: no problem.) */
        /* bands grouped once: a count per signature scanned every band each (story_bands is
           keyed by band first), quadratic: 100 MB of pages took more than 10 minutes */
        {BANDS_SHORT, "article %lld has not its 16 story bands", 1},
        /* ...which the quick check groups only when the bands do not add up, in number or in
           the sum of their articles (grouping them was a quarter of its time): a band short,
           or left by an article that is gone, or both. */
        {BANDS_SHORT " AND (SELECT count(*), total(article) FROM story_bands) IS NOT (SELECT "
                     "16 * count(*), 16 * total(article) FROM story_sigs WHERE sketch IS NOT "
                     "NULL)",
         "article %lld has not its 16 story bands", -1},
    };
    *problems = 0;
    sqlite3_stmt *st = NULL;
    char *msg = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(s->db, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check", -1, &st,
                           NULL) != SQLITE_OK)
        return db_error(s, errmsg, "unable to check");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && !strcmp(t, "ok"))
            continue;
        if (++*problems <= CHECK_MESSAGES_MAX) {
            sw_error(&msg, SW_ESTORE, "'%s': %s", s->path, t ? t : "integrity check failed");
            fn(ctx, msg);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        /* A store too damaged to check is itself a problem worth naming. */
        sw_error(&msg, SW_ESTORE, "'%s': %s", s->path, sqlite3_errmsg(s->db));
        fn(ctx, msg);
        free(msg);
        ++*problems;
        return 0;
    }
    for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
        if (quick ? checks[i].full > 0 : checks[i].full < 0)
            continue;
        if (sqlite3_prepare_v2(s->db, checks[i].sql, -1, &st, NULL) != SQLITE_OK) {
            free(msg);
            return db_error(s, errmsg, "unable to check");
        }
        int n = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            ++*problems;
            if (++n <= CHECK_MESSAGES_MAX) {
                sw_error(&msg, SW_ESTORE, checks[i].what, (long long)sqlite3_column_int64(st, 0));
                fn(ctx, msg);
            }
        }
        int code = sqlite3_errcode(s->db);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE && (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) && *problems) {
            /* The damage integrity_check found stops this check too: it is named already. */
            sw_error(&msg, SW_ESTORE, "'%s': %s", s->path, sqlite3_errstr(code));
            fn(ctx, msg);
            ++*problems;
        } else if (rc != SQLITE_DONE) {
            free(msg);
            return db_error(s, errmsg, "unable to check");
        }
    }
    free(msg);
    return 0;
}

int sw_store_ids(sw_store *s, char type, int64_t **ids, size_t *n, char **errmsg) {
    const char *sql = type == 'a' ? "SELECT id FROM articles ORDER BY id"
                                  : "SELECT id FROM headlines h WHERE EXISTS (SELECT 1 FROM "
                                    "occurrences o WHERE o.headline_id = h.id) OR EXISTS (SELECT "
                                    "1 FROM spans s WHERE s.headline_id = h.id) ORDER BY id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, errmsg, "unable to read");
    int64_t *v = NULL;
    size_t cnt = 0;
    int step = step_ids(st, &v, &cnt, 1024);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        free(v);
        return step == SW_ENOMEM ? sw_error(errmsg, SW_ENOMEM, "out of memory")
                                 : db_error(s, errmsg, "unable to read");
    }
    *ids = v;
    *n = cnt;
    return 0;
}

int sw_store_each_page(sw_store *s, int (*fn)(void *ctx, const sw_page_probe *p), void *ctx,
                       char **errmsg) {
    /* The article when there is one, else the first headline the page lists; a page known
     * only by captures without a text (gone, revisited) contributes nothing and is passed. */
    static const char sql[] =
        "SELECT p.id, p.key, a.id, a.title, h.id, h.title FROM pages p "
        "LEFT JOIN articles a ON a.page_id = p.id "
        "LEFT JOIN headlines h ON h.id = (SELECT o.headline_id FROM occurrences o "
        "WHERE o.page_id = p.id ORDER BY o.headline_id LIMIT 1) WHERE p.hash <> '' ORDER BY p.id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return db_error(s, errmsg, "unable to read");
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        sw_page_probe p = {sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1), 0,
                           0, NULL};
        int col = sqlite3_column_type(st, 2) != SQLITE_NULL   ? 2
                  : sqlite3_column_type(st, 4) != SQLITE_NULL ? 4
                                                              : 0;
        if (col) {
            p.type = col == 2 ? 'a' : 'h';
            p.id = sqlite3_column_int64(st, col);
            p.title = (const char *)sqlite3_column_text(st, col + 1);
        }
        stop = fn(ctx, &p);
    }
    sqlite3_finalize(st);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : db_error(s, errmsg, "unable to read");
}

int sw_store_failures(sw_store *s, int (*fn)(void *ctx, const char *path, const char *reason),
                      void *ctx, char **errmsg) {
    sqlite3_stmt *st = s->st[ST_FAILURES];
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
        stop = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                  (const char *)sqlite3_column_text(st, 1));
    sqlite3_reset(st);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : db_error(s, errmsg, "unable to read the failed files");
}
