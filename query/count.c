/*
 * count.c - totals and facets from the rows of sw_index_tally (see count.h).
 *
 * Each row is a distinct (kind, story, day, source, site, sections) with its
 * number of matches. A facet turns every row into (value, story) pairs, sorts
 * them, and counts pages (the rows' numbers) and distinct stories per value.
 */
#include "count.h"

#include "buf.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[SW_FACET_FIELDS] = {"source", "site",  "section", "type",
                                                   "year",   "month", "day"};

int sw_facet_parse(const char *name) {
    for (int f = 0; f < SW_FACET_FIELDS; f++)
        if (!strcmp(name, names[f]))
            return f;
    return -1;
}

const char *sw_facet_name(int field) {
    return field >= 0 && field < SW_FACET_FIELDS ? names[field] : "?";
}

int sw_facet_is_date(int field) {
    return field == SW_FACET_YEAR || field == SW_FACET_MONTH || field == SW_FACET_DAY;
}

/* One row of the tally, its strings in one allocation (`story` is its start). */
typedef struct crow {
    char type;
    char *story, *day, *source, *site, *sections;
    uint64_t count;
} crow;

struct sw_counter {
    crow *rows;
    size_t n, cap;
};

sw_counter *sw_counter_new(void) { return calloc(1, sizeof(sw_counter)); }

void sw_counter_free(sw_counter *c) {
    for (size_t i = 0; c && i < c->n; i++)
        free(c->rows[i].story);
    if (c)
        free(c->rows);
    free(c);
}

int sw_counter_add(void *ctx, const sw_tally *t) {
    sw_counter *c = ctx;
    crow *rows = sw_grow(c->rows, &c->cap, c->n + 1, sizeof(*rows), 1024);
    if (!rows)
        return SW_ENOMEM;
    c->rows = rows;
    const char *parts[5] = {t->story, t->day, t->source, t->site, t->sections};
    size_t len[5], all = 0;
    for (size_t i = 0; i < 5; i++)
        all += (len[i] = strlen(parts[i])) + 1;
    char *block = malloc(all), *at = block;
    if (!block)
        return SW_ENOMEM;
    char **dst[5];
    crow *r = &rows[c->n];
    dst[0] = &r->story, dst[1] = &r->day, dst[2] = &r->source, dst[3] = &r->site,
    dst[4] = &r->sections;
    for (size_t i = 0; i < 5; i++) {
        *dst[i] = at;
        memcpy(at, parts[i], len[i] + 1);
        at += len[i] + 1;
    }
    r->type = t->type;
    r->count = t->count;
    c->n++;
    return 0;
}

/* A value of a facet for one row: (value, story), value NULL for none. */
typedef struct pair {
    const char *value; /* into a row, or a date made in `made` */
    size_t vlen;
    const char *story; /* "" for a story of its own */
    uint64_t count;
} pair;

static int cmp_value(const pair *a, const pair *b) {
    if (!a->value || !b->value)
        return (a->value == NULL) - (b->value == NULL); /* none last */
    size_t n = a->vlen < b->vlen ? a->vlen : b->vlen;
    int c = memcmp(a->value, b->value, n);
    return c ? c : (a->vlen > b->vlen) - (a->vlen < b->vlen);
}

static int by_value_story(const void *x, const void *y) {
    const pair *a = x, *b = y;
    int c = cmp_value(a, b);
    return c ? c : strcmp(a->story, b->story);
}

/* Adds row r's pairs for `field` to *ps (dates written into `dates`, 11 bytes per row). */
static int pairs_of(const crow *r, int field, char *date, pair **ps, size_t *n, size_t *cap) {
    const char *v = NULL;
    size_t vl = 0;
    switch (field) {
    case SW_FACET_SOURCE: v = r->source, vl = strlen(v); break;
    case SW_FACET_SITE: v = r->site, vl = strlen(v); break;
    case SW_FACET_TYPE: v = r->type == 'h' ? "headline" : "article", vl = strlen(v); break;
    case SW_FACET_SECTION:
        for (const char *s = r->sections; *s;) {
            size_t l = strcspn(s, "\n");
            if (l) {
                pair *p = sw_grow(*ps, cap, *n + 1, sizeof(**ps), 1024);
                if (!p)
                    return SW_ENOMEM;
                *ps = p;
                p[(*n)++] = (pair){s, l, r->story, r->count};
            }
            s += l + (s[l] == '\n');
        }
        if (*r->sections)
            return 0;
        break;
    default: /* a date: yyyymmdd as yyyy, yyyy-mm or yyyy-mm-dd */
        if (strlen(r->day) == 8) {
            memcpy(date, r->day, 4);
            memcpy(date + 5, r->day + 4, 2);
            memcpy(date + 8, r->day + 6, 2);
            date[4] = date[7] = '-';
            date[10] = '\0';
            v = date;
            vl = field == SW_FACET_YEAR ? 4 : field == SW_FACET_MONTH ? 7 : 10;
        }
    }
    if (v && !vl)
        v = NULL;
    pair *p = sw_grow(*ps, cap, *n + 1, sizeof(**ps), 1024);
    if (!p)
        return SW_ENOMEM;
    *ps = p;
    p[(*n)++] = (pair){v, vl, r->story, r->count};
    return 0;
}

/* Facet rows: none last, then by value (dates: in date order). */
static int by_value(const void *x, const void *y) {
    const sw_facet_row *a = x, *b = y;
    if (!a->value || !b->value)
        return (a->value == NULL) - (b->value == NULL);
    return strcmp(a->value, b->value);
}

static int by_stories(const void *x, const void *y) {
    const sw_facet_row *a = x, *b = y;
    return a->stories != b->stories ? (a->stories < b->stories ? 1 : -1) : by_value(x, y);
}

static int by_pages(const void *x, const void *y) {
    const sw_facet_row *a = x, *b = y;
    return a->pages != b->pages ? (a->pages < b->pages ? 1 : -1) : by_value(x, y);
}

/* Counts field over c's rows into *out. */
static int count_facet(const sw_counter *c, int field, int pages_first, sw_facet_count *out) {
    out->field = field;
    int dated = sw_facet_is_date(field);
    char *dates = dated && c->n ? malloc(c->n * 11) : NULL;
    if (dated && c->n && !dates)
        return SW_ENOMEM;
    pair *ps = NULL;
    size_t n = 0, pcap = 0, rcap = 0;
    int rc = 0;
    for (size_t i = 0; i < c->n && !rc; i++)
        rc = pairs_of(&c->rows[i], field, dates ? dates + i * 11 : NULL, &ps, &n, &pcap);
    if (!rc && n)
        qsort(ps, n, sizeof(*ps), by_value_story);
    for (size_t i = 0; i < n && !rc;) {
        sw_facet_row row = {NULL, 0, 0};
        size_t j = i;
        for (; j < n && !cmp_value(&ps[i], &ps[j]); j++) {
            row.pages += ps[j].count;
            if (!*ps[j].story) /* a story of its own per page */
                row.stories += ps[j].count;
            else if (j == i || strcmp(ps[j - 1].story, ps[j].story))
                row.stories++;
        }
        sw_facet_row *rows = sw_grow(out->rows, &rcap, out->n + 1, sizeof(*rows), 64);
        if (!rows || (ps[i].value && !(row.value = strndup(ps[i].value, ps[i].vlen)))) {
            rc = SW_ENOMEM;
            break;
        }
        out->rows = rows;
        out->rows[out->n++] = row;
        i = j;
    }
    free(ps);
    free(dates);
    if (!rc && out->n)
        qsort(out->rows, out->n, sizeof(*out->rows),
              dated         ? by_value
              : pages_first ? by_pages
                            : by_stories);
    return rc;
}

/* Distinct stories among all rows: a sort of the story keys. */
static int by_story(const void *x, const void *y) {
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int sw_counter_finish(sw_counter *c, uint64_t pages, const int *fields, size_t n, int by_pages,
                      sw_counts *out) {
    memset(out, 0, sizeof(*out));
    out->pages = pages;
    int rc = 0;
    const char **keys = c->n ? malloc(c->n * sizeof(*keys)) : NULL;
    size_t nk = 0;
    uint64_t counted = 0;
    if (c->n && !keys)
        rc = SW_ENOMEM;
    for (size_t i = 0; !rc && i < c->n; i++) {
        counted += c->rows[i].count;
        if (*c->rows[i].story)
            keys[nk++] = c->rows[i].story;
        else
            out->stories += c->rows[i].count;
    }
    if (!rc && nk)
        qsort(keys, nk, sizeof(*keys), by_story);
    for (size_t i = 0; !rc && i < nk; i++)
        out->stories += !i || strcmp(keys[i - 1], keys[i]);
    free(keys);
    if (pages > counted) /* a document without value 4 (not one souwen wrote): its own */
        out->stories += pages - counted;
    if (!rc && n && !(out->facets = calloc(n, sizeof(*out->facets))))
        rc = SW_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++) {
        rc = count_facet(c, fields[i], by_pages, &out->facets[i]);
        out->nfacets = i + 1;
    }
    sw_counter_free(c);
    if (rc)
        sw_counts_release(out);
    return rc;
}

void sw_counts_release(sw_counts *c) {
    for (size_t i = 0; i < c->nfacets; i++) {
        for (size_t j = 0; j < c->facets[i].n; j++)
            free(c->facets[i].rows[j].value);
        free(c->facets[i].rows);
    }
    free(c->facets);
    memset(c, 0, sizeof(*c));
}
