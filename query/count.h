/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * count.h - how many stories and pages match, in all and by facet.
 *
 * The rows come from sw_index_tally (value 4: every match counted, exactly,
 * over shards and xapian-tcpsrv). A story is counted once however many of
 * its pages match; a headline, and an article without a story, is a story of
 * its own. By facet, a story counts once under each value some matching page
 * of it has: a story run by three sites counts under each, a story reprinted
 * a month later under both months. A headline listed in several sections
 * counts under each.
 */
#ifndef SW_COUNT_H
#define SW_COUNT_H

#include "index.h"

#include <stddef.h>
#include <stdint.h>

enum {
    SW_FACET_SOURCE,
    SW_FACET_SITE,
    SW_FACET_SECTION,
    SW_FACET_TYPE,
    SW_FACET_YEAR,
    SW_FACET_MONTH,
    SW_FACET_DAY,
    SW_FACET_AUTHOR,
    SW_FACET_FIELDS
};

#define SW_FACET_NAMES "source, site, section, type, year, month, day, author"

/* The field named `name`, or -1. */
int sw_facet_parse(const char *name);
const char *sw_facet_name(int field);
/* Whether the field is a date (its values sort by date, and draw as a timeline). */
int sw_facet_is_date(int field);

typedef struct sw_facet_row {
    char *value;      /* owned; NULL for matches without one (undated, no source, ...) */
    uint64_t stories; /* distinct stories with a matching page of this value */
    uint64_t pages;   /* matching pages of this value */
} sw_facet_row;

typedef struct sw_facet_count {
    int field;
    sw_facet_row *rows; /* owned; dates in date order (none last), else by count */
    size_t n;
} sw_facet_count;

typedef struct sw_counts {
    uint64_t stories, pages;
    sw_facet_count *facets; /* owned, one per field asked for, in that order */
    size_t nfacets;
} sw_counts;

/* Gathers the rows of one count (sw_index_tally's fn), then sw_counts_finish. */
typedef struct sw_counter sw_counter;

sw_counter *sw_counter_new(void);
/* An sw_tally_fn: ctx is the sw_counter. 0 or SW_ENOMEM. */
int sw_counter_add(void *ctx, const sw_tally *row);
/*
 * The totals (pages: every match, as sw_index_tally gave them) and the facets fields[0..n),
 * each sorted by stories, or by pages when by_pages. Frees c. 0 or SW_ENOMEM.
 */
int sw_counter_finish(sw_counter *c, uint64_t pages, const int *fields, size_t n, int by_pages,
                      sw_counts *out);
void sw_counter_free(sw_counter *c);
void sw_counts_release(sw_counts *c);

#endif
