/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * page.h - the crawl-page model.
 *
 * A page is what a crawler saved at one URL (or path): at most one article
 * (title, source, publish time, body) and any number of headline lists, each
 * a section heading with items (title, source, time, link). Readers fill a
 * page; the store records it; the index derives documents from the record.
 *
 * Every string in a page is owned by the page (malloc'd, freed by
 * sw_page_release()). Times are ISO 8601 with an offset, or NULL.
 */
#ifndef SW_PAGE_H
#define SW_PAGE_H

#include <stddef.h>

typedef struct sw_item {
    char *title;  /* headline text as shown */
    char *source; /* who published it, or NULL */
    char *time;   /* ISO 8601, or NULL */
    char *url;    /* link target, or NULL */
    char *key;    /* dedup key (normalized title + source), set by the indexer */
} sw_item;

typedef struct sw_list {
    char *section;  /* heading as shown, e.g. 热点推荐 */
    sw_item *items; /* items in page order */
    size_t n;       /* items used */
    size_t cap;     /* items allocated */
    int main;       /* 1 on the list the page is made of (at most one per page; set by the
                       HTML reader, not recorded in the store), else 0 */
} sw_list;

typedef struct sw_page {
    char *url;          /* the page's URL, or NULL when unknown */
    char *path;         /* the file it came from (absolute), or NULL */
    char *fetched_at;   /* when it was crawled, ISO 8601, or NULL */
    char *saved_at;     /* a file's modification time (UTC, to the nanosecond), or NULL: when
                           the file was written, so at most an upper bound of its capture */
    char *charset;      /* charset the bytes were read in */
    char *title;        /* article title, or NULL for pages with no article */
    char *source;       /* the outlet or wire the article credits (来源：新华社), or NULL */
    char *author;       /* who wrote it: reporter, byline, self-media account (记者 X, 作者：X,
                           文/X, an author box), or NULL */
    char *published_at; /* article time, ISO 8601, or NULL */
    char *body;         /* article text, paragraphs separated by '\n', or NULL */
    char *title_key;    /* the title's normalized tokens, as a headline key's title part (set by
                           the indexer): headlines without a link find the article by it */
    char *warning;      /* a limit the reader hit and what it left unread (one line), or NULL */
    sw_list *lists;     /* headline lists in page order */
    size_t nlists;      /* lists used */
    size_t lists_cap;   /* lists allocated */
} sw_page;

void sw_page_init(sw_page *p);
/* Frees everything the page owns and leaves it empty (init'ed). */
void sw_page_release(sw_page *p);

/* Appends an empty list with a copy of `section`; NULL when out of memory. */
sw_list *sw_page_add_list(sw_page *p, const char *section, size_t len);
/*
 * Appends an item whose strings are copies of the arguments (each may be
 * NULL); the item's key stays NULL. 0 or SW_ENOMEM.
 */
int sw_list_add_item(sw_list *l, const char *title, const char *source, const char *time,
                     const char *url);

#endif
