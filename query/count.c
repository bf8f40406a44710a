/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * count.c - totals and facets from the rows of sw_index_tally (see count.h).
 *
 * Each row is a distinct (kind, story, day, source, site, sections) with its
 * number of matches. The rows are sorted by story once; a facet then reads
 * them in that order, interning each value, adding the row's pages to it and
 * its story once (a story's rows under one value come one after another).
 */
#include "count.h"

#include "buf.h"
#include "error.h"
#include "story.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[SW_FACET_FIELDS] = {"source", "site",  "section", "type",
                                                   "year",   "month", "day",     "author"};

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

/* One row of the tally, its strings in one allocation (`day` is its start). */
typedef struct crow {
    char type;
    uint64_t story; /* the story key's value; 0: a story of its own per page */
    char *day, *source, *site, *sections, *author;
    size_t day_len, source_len, site_len, author_len;
    uint64_t count;
} crow;

struct sw_counter {
    crow *rows;
    size_t n, cap;
};

sw_counter *sw_counter_new(void) { return calloc(1, sizeof(sw_counter)); }

void sw_counter_free(sw_counter *c) {
    for (size_t i = 0; c && i < c->n; i++)
        free(c->rows[i].day);
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
    enum { PARTS = 5 };
    const char *parts[PARTS] = {t->day, t->source, t->site, t->sections, t->author};
    size_t len[PARTS], all = 0;
    for (size_t i = 0; i < PARTS; i++)
        all += (len[i] = strlen(parts[i])) + 1;
    char *block = malloc(all), *at = block;
    if (!block)
        return SW_ENOMEM;
    crow *r = &rows[c->n];
    char **dst[PARTS] = {&r->day, &r->source, &r->site, &r->sections, &r->author};
    for (size_t i = 0; i < PARTS; i++) {
        *dst[i] = at;
        memcpy(at, parts[i], len[i] + 1);
        at += len[i] + 1;
    }
    r->day_len = len[0], r->source_len = len[1], r->site_len = len[2], r->author_len = len[4];
    r->type = t->type;
    /* a key is 16 hex digits, never 0 (store_story.c); anything else counts as its own */
    if (sw_story_key_value(t->story, &r->story))
        r->story = 0; /* none, or not a key souwen writes: a story of its own per page */
    r->count = t->count;
    c->n++;
    return 0;
}

/* The distinct values of one facet: strings interned in an open-addressing table. */
typedef struct values {
    char **v;       /* owned strings, by index */
    size_t n, cap;  /* of v */
    uint32_t *slot; /* index + 1, 0 empty */
    size_t nslot;   /* a power of two */
} values;

static uint64_t hash_str(const char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h;
}

/* The index of s[0..n) among vs, added when new; UINT32_MAX - 1 when out of memory. */
static uint32_t intern(values *vs, const char *s, size_t n) {
    if (2 * (vs->n + 1) > vs->nslot) {
        size_t ns = vs->nslot ? vs->nslot * 2 : 256;
        uint32_t *slot = calloc(ns, sizeof(*slot));
        if (!slot)
            return UINT32_MAX - 1;
        for (size_t i = 0; i < vs->n; i++) {
            size_t j = hash_str(vs->v[i], strlen(vs->v[i])) & (ns - 1);
            while (slot[j])
                j = (j + 1) & (ns - 1);
            slot[j] = (uint32_t)i + 1;
        }
        free(vs->slot);
        vs->slot = slot;
        vs->nslot = ns;
    }
    size_t j = hash_str(s, n) & (vs->nslot - 1);
    for (; vs->slot[j]; j = (j + 1) & (vs->nslot - 1)) {
        const char *v = vs->v[vs->slot[j] - 1];
        if (!strncmp(v, s, n) && !v[n])
            return vs->slot[j] - 1;
    }
    char **v = sw_grow(vs->v, &vs->cap, vs->n + 1, sizeof(*v), 64);
    if (!v)
        return UINT32_MAX - 1;
    vs->v = v; /* moved, perhaps: kept before anything else can fail */
    char *copy = strndup(s, n);
    if (!copy)
        return UINT32_MAX - 1;
    vs->v[vs->n] = copy;
    vs->slot[j] = (uint32_t)++vs->n;
    return (uint32_t)(vs->n - 1);
}

static void values_free(values *vs) {
    for (size_t i = 0; i < vs->n; i++)
        free(vs->v[i]);
    free(vs->v);
    free(vs->slot);
}

/* One facet being counted: its values, and per value its pages and stories so far. */
typedef struct tally {
    values vs;
    sw_facet_row *rows; /* by value index; rows[vs.n] is none */
    uint64_t *last;     /* by value index: the last story counted under it */
    size_t cap;         /* of rows and last */
} tally;

/*
 * Counts row r under s[0..n) (none when s is NULL): its pages, and its story once (rows come
 * in story order, so a story's rows under one value follow each other).
 */
static int count_under(tally *t, const char *s, size_t n, const crow *r) {
    uint32_t v = s && n ? intern(&t->vs, s, n) : UINT32_MAX;
    if (v == UINT32_MAX - 1)
        return SW_ENOMEM;
    size_t at = v == UINT32_MAX ? 0 : (size_t)v + 1; /* 0: none */
    if (at >= t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        while (cap <= at)
            cap *= 2;
        sw_facet_row *rows = realloc(t->rows, cap * sizeof(*rows));
        if (rows)
            t->rows = rows;
        uint64_t *last = rows ? realloc(t->last, cap * sizeof(*last)) : NULL;
        if (!last)
            return SW_ENOMEM;
        t->last = last;
        memset(t->rows + t->cap, 0, (cap - t->cap) * sizeof(*rows));
        memset(t->last + t->cap, 0, (cap - t->cap) * sizeof(*last));
        t->cap = cap;
    }
    t->rows[at].pages += r->count;
    if (!r->story) /* a story of its own per page */
        t->rows[at].stories += r->count;
    else if (t->last[at] != r->story)
        t->rows[at].stories++, t->last[at] = r->story;
    return 0;
}

/* Counts row r under its values of `field`. */
static int count_row(tally *t, const crow *r, int field) {
    switch (field) {
    case SW_FACET_SOURCE: return count_under(t, r->source, r->source_len, r);
    case SW_FACET_SITE: return count_under(t, r->site, r->site_len, r);
    case SW_FACET_AUTHOR: return count_under(t, r->author, r->author_len, r);
    case SW_FACET_TYPE: {
        const char *ty = r->type == 'h' ? "headline" : "article";
        return count_under(t, ty, strlen(ty), r);
    }
    case SW_FACET_SECTION:
        if (!*r->sections)
            return count_under(t, NULL, 0, r);
        for (const char *s = r->sections; *s;) {
            size_t l = strcspn(s, "\n");
            int rc = l ? count_under(t, s, l, r) : 0;
            if (rc)
                return rc;
            s += l + (s[l] == '\n');
        }
        return 0;
    default: { /* a date: yyyymmdd as yyyy, yyyy-mm or yyyy-mm-dd */
        if (r->day_len != 8)
            return count_under(t, NULL, 0, r);
        const char *d = r->day;
        char date[11] = {d[0], d[1], d[2], d[3], '-', d[4], d[5], '-', d[6], d[7], '\0'};
        return count_under(t, date,
                           field == SW_FACET_YEAR    ? 4
                           : field == SW_FACET_MONTH ? 7
                                                     : 10,
                           r);
    }
    }
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

/* Counts field over c's rows (in story order) into *out. */
static int count_facet(const sw_counter *c, int field, int pages_first, sw_facet_count *out) {
    out->field = field;
    tally t = {0};
    int rc = 0;
    for (size_t i = 0; i < c->n && !rc; i++)
        rc = count_row(&t, &c->rows[i], field);
    size_t n = 0;
    for (size_t at = 0; !rc && at < t.cap && at <= t.vs.n; at++)
        n += t.rows[at].pages > 0;
    if (!rc && n && !(out->rows = calloc(n, sizeof(*out->rows))))
        rc = SW_ENOMEM;
    for (size_t at = 0; !rc && at < t.cap && at <= t.vs.n; at++) {
        if (!t.rows[at].pages)
            continue;
        sw_facet_row *row = &out->rows[out->n++];
        *row = t.rows[at];
        if (at) { /* the string moves from the table to the row */
            row->value = t.vs.v[at - 1];
            t.vs.v[at - 1] = NULL;
        }
    }
    free(t.rows);
    free(t.last);
    values_free(&t.vs);
    if (!rc && out->n)
        qsort(out->rows, out->n, sizeof(*out->rows),
              sw_facet_is_date(field) ? by_value
              : pages_first           ? by_pages
                                      : by_stories);
    return rc;
}

static int by_story(const void *x, const void *y) {
    uint64_t a = ((const crow *)x)->story, b = ((const crow *)y)->story;
    return (a > b) - (a < b);
}

int sw_counter_finish(sw_counter *c, uint64_t pages, const int *fields, size_t n, int by_pages,
                      sw_counts *out) {
    memset(out, 0, sizeof(*out));
    out->pages = pages;
    int rc = 0;
    if (c->n)
        qsort(c->rows, c->n, sizeof(*c->rows), by_story);
    uint64_t counted = 0;
    for (size_t i = 0; i < c->n; i++) {
        counted += c->rows[i].count;
        if (!c->rows[i].story)
            out->stories += c->rows[i].count;
        else
            out->stories += !i || c->rows[i - 1].story != c->rows[i].story;
    }
    if (pages > counted) /* a document without value 4 (not one souwen wrote): its own */
        out->stories += pages - counted;
    if (n && !(out->facets = calloc(n, sizeof(*out->facets))))
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
