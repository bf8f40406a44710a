/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doc.h - a search result's document: what a hit shows.
 *
 * Everything a hit shows travels in the Xapian document (index.c), so a
 * shard searched through xapian-tcpsrv answers without the store; the store
 * fills the same struct for --show and the checks. This header is the one
 * the query side needs, and it knows nothing of SQLite.
 */
#ifndef SW_DOC_H
#define SW_DOC_H

#include <stdint.h>

/* How often the page at a URL was listed as a headline link. */
typedef struct sw_featured {
    int64_t pages;       /* distinct pages listing it */
    int64_t lists;       /* (page, list) pairs listing it */
    char first_seen[40]; /* earliest fetch (else index) time of those pages, or "" */
    char last_seen[40];  /* latest, or "" */
} sw_featured;

/* A document as the index and the search results see it. */
typedef struct sw_doc {
    char type;            /* 'a' article or 'h' headline */
    int64_t id;           /* articles.id or headlines.id */
    char *title;          /* owned */
    char *source;         /* owned, or NULL */
    char *author;         /* article: who wrote it (page.h), owned, or NULL */
    char *date;           /* ISO 8601, owned, or NULL */
    char *url;            /* article: page URL; headline: its link, else first page's URL */
    char *path;           /* the page's file (first page, for headlines), or NULL */
    char *body;           /* article body, NULL for headlines */
    char *sections;       /* headline: distinct sections joined by '\n'; NULL for articles */
    int64_t occurrences;  /* headline: how many (page, section) list it */
    char *key;            /* identity across indexes: the page key (articles) or the
                             headline key; orders equal scores */
    sw_featured featured; /* article: headline links to its URL */
    int64_t article_at;   /* headline: the crawled article its link points to, else 0 */
    char *story;          /* article: its story's key (stories.key: 16 hex digits), owned;
                             NULL for headlines */
    char *fetched;        /* article: when its page was fetched (pages.fetched_at), or NULL */
    char *saved;          /* article: its file's modification time (pages.saved_at), or NULL */
    int changed;          /* article: its page had more than one text (captures, versions) */
    int gone;             /* article: its page's latest capture was a 404 or 410 */
    int64_t captures;     /* article: how many times its page was fetched (any status) */
    char first_seen[24];  /* article: its page's first capture, "YYYY-MM-DDTHH:MM:SSZ";
                             headline: the first capture of a page that listed it; or "" */
    char last_seen[24];   /* article: its page's latest capture; headline: the latest capture
                             of a page that listed it; or "" */
    char *timeline;       /* headline: where and when it was listed, owned, or NULL: one line
                             per (page, section), '\n' between lines, each line's fields
                             separated by SW_TIMELINE_SEP: the page's URL (else its path),
                             the section, its best (smallest) position there, how many older
                             spans were left out, then each span's from and to, oldest first */
    int64_t timeline_cut; /* headline: (page, section) entries left out of timeline */
} sw_doc;

/* The field separator of sw_doc.timeline (U+001F; '\n' and it are blanked in its fields). */
#define SW_TIMELINE_SEP '\x1f'
#define SW_TIMELINE_ENTRIES 20 /* (page, section) entries a timeline keeps: the most recent */
#define SW_TIMELINE_SPANS 20   /* spans an entry keeps: the most recent */

/* Frees the strings d owns and zeroes it; a zeroed sw_doc is safe to release. */
void sw_doc_release(sw_doc *d);

#endif
