/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * output.c - text and JSON Lines output (JSON through jansson).
 *
 * Text output writes what the index holds through sw_text_put, so a control
 * character in a title, a body or a URL (a page indexed before the readers
 * stripped them, a shard served by someone else) is shown as \x1b and never
 * reaches the terminal as a byte; bytes that are not UTF-8 are shown the same
 * way, so the output is valid UTF-8. JSON escapes control characters itself,
 * and every string goes through str_or_null, which repairs text that is not
 * UTF-8 rather than lose the key.
 */
#include "output.h"

#include "error.h"
#include "text.h"
#include "url.h"
#include "util.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

#define HL_ON "\033[1;31m"
#define TITLE_ON "\033[1m"
#define OFF "\033[0m"

/* Writes a snippet, wrapping highlights in colour when asked. */
static void put_snippet(FILE *f, const sw_snippet *sn, int color, const char *base) {
    const char *t = sw_buf_str(&sn->text);
    size_t at = 0;
    for (size_t i = 0; color && i < sn->nhl; i++) {
        sw_text_put(f, t + at, sn->hl[i].start - at);
        fputs(HL_ON, f);
        sw_text_put(f, t + sn->hl[i].start, sn->hl[i].end - sn->hl[i].start);
        fputs(OFF, f);
        if (base)
            fputs(base, f);
        at = sn->hl[i].end;
    }
    sw_text_put(f, t + at, sn->text.len - at);
}

#define SECTION_MAX 60 /* bytes of the first section name shown on a headline's line */

/* Whether hits a and b miss the same query words. */
static int same_missing(const sw_result *a, const sw_result *b) {
    if (a->nmissing != b->nmissing)
        return 0;
    for (size_t i = 0; i < a->nmissing; i++)
        if (strcmp(a->missing[i], b->missing[i]))
            return 0;
    return 1;
}

/* The line that starts partial matches, and each change of what they miss. */
static void put_partial(FILE *f, const sw_result *h) {
    fputs("partial matches", f);
    for (size_t i = 0; i < h->nmissing; i++) {
        fputs(i ? " " : ", without ", f);
        sw_text_puts(f, h->missing[i]);
    }
    fputs(":\n", f);
}

/*
 * A reprinted article's line: the other copies, named ("and 4 copies: 环球门户, …"), or, when
 * every copy is a hit of its own (--all-copies), its story.
 */
static void put_copies(FILE *f, const sw_result *h) {
    if (h->copies <= 1)
        return;
    long long others = (long long)h->copies - 1;
    if (h->copy_names) {
        fprintf(f, "   and %lld cop%s: ", others, others == 1 ? "y" : "ies");
        sw_text_puts(f, h->copy_names);
        if (h->copy_names_cut)
            fputs(", …", f);
    } else {
        fprintf(f, "   one of %lld copies (story ", (long long)h->copies);
        sw_text_puts(f, h->doc.story ? h->doc.story : "?");
        fputc(')', f);
    }
    fputc('\n', f);
}

int sw_output_text(FILE *f, const sw_results *r, int color) {
    for (size_t i = 0; i < r->n; i++) {
        const sw_result *h = &r->r[i];
        const sw_doc *d = &h->doc;
        if (i)
            fputc('\n', f);
        if (h->partial && (i == 0 || !r->r[i - 1].partial || !same_missing(h, &r->r[i - 1])))
            put_partial(f, h);
        fprintf(f, "%d. [%s] ", h->rank, d->type == 'a' ? "article" : "headline");
        if (color)
            fputs(TITLE_ON, f);
        put_snippet(f, &h->title, color, color ? TITLE_ON : NULL);
        if (color)
            fputs(OFF, f);
        fputc('\n', f);
        /* source · 作者 author · day · first section …, N lists · URL, each shown safely */
        sw_buf line = SW_BUF_INIT;
        const char *sep = "";
        if (d->source && *d->source) {
            sw_text_escape(&line, d->source, strlen(d->source));
            sep = " · ";
        }
        if (d->author && *d->author) {
            sw_buf_adds(&line, sep);
            sw_buf_adds(&line, "作者 ");
            sw_text_escape(&line, d->author, strlen(d->author));
            sep = " · ";
        }
        if (d->date && *d->date) {
            sw_buf_adds(&line, sep);
            sw_text_escape(&line, d->date, sw_utf8_cut(d->date, strlen(d->date), 10));
            sep = " · ";
        }
        if (d->type == 'h') {
            const char *secs = d->sections ? d->sections : "";
            const char *nl = strchr(secs, '\n');
            size_t n = nl ? (size_t)(nl - secs) : strlen(secs),
                   cut = sw_utf8_cut(secs, n, SECTION_MAX);
            sw_buf_adds(&line, sep);
            sw_text_escape(&line, secs, cut);
            sw_buf_addf(&line, "%s, %lld list%s",
                        cut < n ? "…"
                        : nl    ? " …"
                                : "",
                        (long long)d->occurrences, d->occurrences == 1 ? "" : "s");
            sep = " · ";
        }
        const char *url = d->url ? d->url : d->path;
        if (url && *url) {
            sw_buf_adds(&line, sep);
            sw_text_escape(&line, url, strlen(url));
        }
        fputs("   ", f);
        fputs(sw_buf_str(&line), f);
        sw_buf_release(&line);
        fputc('\n', f);
        if (d->type == 'h' && d->first_seen[0] && d->last_seen[0]) { /* shown safely, as above */
            sw_buf_adds(&line, "   listed ");
            sw_text_escape(&line, d->first_seen, strlen(d->first_seen));
            sw_buf_adds(&line, " – ");
            sw_text_escape(&line, d->last_seen, strlen(d->last_seen));
            fprintf(f, "%s\n", sw_buf_str(&line));
            sw_buf_release(&line);
        }
        if (d->type == 'a') {
            fputs("   ", f);
            put_snippet(f, &h->snippet, color, NULL);
            fputc('\n', f);
            if (d->featured.pages)
                fprintf(f, "   listed on %lld page%s (%lld list%s)\n", (long long)d->featured.pages,
                        d->featured.pages == 1 ? "" : "s", (long long)d->featured.lists,
                        d->featured.lists == 1 ? "" : "s");
            put_copies(f, h);
        }
    }
    return ferror(f) ? SW_EIO : 0;
}

/*
 * A JSON string of s[0..len), or null for NULL. Stored text is UTF-8 (the readers check it),
 * but a file path may hold any bytes, and a shard served by someone else anything: what is
 * not UTF-8 becomes U+FFFD rather than losing the field.
 */
static json_t *strn_or_null(const char *s, size_t len) {
    if (!s)
        return json_null();
    json_t *j = json_stringn(s, len);
    if (j)
        return j;
    sw_buf b = SW_BUF_INIT;
    sw_utf8_valid(&b, s, len);
    j = b.oom ? NULL : json_stringn(sw_buf_str(&b), b.len);
    sw_buf_release(&b);
    return j ? j : json_null();
}

static json_t *str_or_null(const char *s) { return strn_or_null(s, s ? strlen(s) : 0); }

/* Where byte `at` of s lands once s is repaired by sw_utf8_valid. */
static size_t repaired_at(const char *s, size_t at) {
    sw_buf b = SW_BUF_INIT;
    sw_utf8_valid(&b, s, at);
    size_t n = b.len;
    sw_buf_release(&b);
    return n;
}

/* A capture time: null when there is none (""). */
static json_t *time_or_null(const char *t) { return t[0] ? str_or_null(t) : json_null(); }

/*
 * The highlights of sn as ranges [start, end) into its text as JSON shows it: byte ranges, or
 * with `chars` code point ranges (what Python's s[start:end] takes). When the text is not
 * UTF-8, str_or_null repairs it, and the ranges move to the same characters in the repair,
 * where each U+FFFD is one character.
 */
static json_t *ranges(const sw_snippet *sn, int chars) {
    const char *t = sw_buf_str(&sn->text);
    json_t *probe = json_stringn(t, sn->text.len);
    int repaired = probe == NULL;
    json_decref(probe);
    sw_buf fixed = SW_BUF_INIT; /* the repaired text, for counting its characters */
    if (repaired && chars)
        sw_utf8_valid(&fixed, t, sn->text.len);
    if (fixed.oom) { /* no text to count in: no ranges rather than counts past its end */
        sw_buf_release(&fixed);
        return NULL;
    }
    const char *shown = repaired ? sw_buf_str(&fixed) : t;
    json_t *a = json_array();
    for (size_t i = 0; a && i < sn->nhl; i++) {
        size_t st = sn->hl[i].start, en = sn->hl[i].end;
        if (repaired) {
            st = repaired_at(t, st);
            en = repaired_at(t, en);
        }
        if (chars) {
            st = sw_utf8_chars(shown, st);
            en = sw_utf8_chars(shown, en);
        }
        json_array_append_new(a, json_pack("[II]", (json_int_t)st, (json_int_t)en));
    }
    sw_buf_release(&fixed);
    return a;
}

/* Writes o as one line and releases it; 0, or -1 when the stream failed. */
static int put_json_line(FILE *f, json_t *o) {
    int rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (rc != 0)
        return -1;
    fputc('\n', f);
    return 0;
}

/* The index of hit h, as given, when several were searched (else no "db"), into o. */
static void set_db(json_t *o, const sw_result *h, const sw_output_ctx *cx) {
    if (cx && cx->ndbs > 1 && h->db < cx->ndbs)
        json_object_set_new(o, "db", str_or_null(cx->dbs[h->db]));
}

/* The next field of a timeline line (doc.h) from *p, which moves past it; NULL at its end. */
static json_t *tl_next(const char **p, const char *end) {
    if (*p >= end)
        return NULL;
    const char *e = memchr(*p, SW_TIMELINE_SEP, (size_t)(end - *p));
    size_t n = e ? (size_t)(e - *p) : (size_t)(end - *p);
    json_t *j = strn_or_null(*p, n);
    *p += n + (e ? 1 : 0);
    return j;
}

/* A number field of a timeline line, or 0. */
static json_int_t tl_num(const char **p, const char *end) {
    json_t *j = tl_next(p, end);
    json_int_t n = j && json_is_string(j) ? (json_int_t)strtoll(json_string_value(j), NULL, 10) : 0;
    json_decref(j);
    return n;
}

/*
 * A headline's timeline (doc.h) as JSON: [{"page", "section", "position", "spans_omitted",
 * "spans": [{"from", "to"}...]}...].
 */
static json_t *timeline_json(const char *tl) {
    json_t *a = json_array();
    for (const char *p = tl; a && p && *p;) {
        const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
        json_t *e = json_object(), *spans = json_array();
        json_object_set_new(e, "page", tl_next(&p, end));
        json_object_set_new(e, "section", tl_next(&p, end));
        json_object_set_new(e, "position", json_integer(tl_num(&p, end)));
        json_object_set_new(e, "spans_omitted", json_integer(tl_num(&p, end)));
        json_t *from;
        while ((from = tl_next(&p, end)) != NULL) {
            json_t *to = tl_next(&p, end);
            json_array_append_new(
                spans, json_pack("{s:o,s:o}", "from", from, "to", to ? to : json_null()));
        }
        json_object_set_new(e, "spans", spans);
        json_array_append_new(a, e);
        p = nl ? nl + 1 : end;
    }
    return a;
}

int sw_output_json(FILE *f, const sw_results *r, const sw_output_ctx *cx) {
    size_t query = cx ? cx->query : 0;
    for (size_t i = 0; i < r->n; i++) {
        const sw_result *h = &r->r[i];
        const sw_doc *d = &h->doc;
        json_t *o = json_object();
        if (!o)
            return SW_ENOMEM;
        if (query)
            json_object_set_new(o, "query", json_integer((json_int_t)query));
        if (query && cx->query_text)
            json_object_set_new(o, "query_text", str_or_null(cx->query_text));
        json_object_set_new(o, "rank", json_integer(h->rank));
        json_object_set_new(o, "type", json_string(d->type == 'a' ? "article" : "headline"));
        json_object_set_new(o, "id", json_integer((json_int_t)d->id));
        json_object_set_new(o, "title", str_or_null(d->title));
        json_object_set_new(o, "source", str_or_null(d->source));
        if (d->type == 'a')
            json_object_set_new(o, "author", str_or_null(d->author));
        json_object_set_new(o, "date", str_or_null(d->date));
        json_object_set_new(o, "url", str_or_null(d->url ? d->url : d->path));
        json_object_set_new(o, "path", str_or_null(d->path));
        json_object_set_new(o, "score", json_real(h->score));
        json_object_set_new(o, "snippet",
                            strn_or_null(sw_buf_str(&h->snippet.text), h->snippet.text.len));
        json_object_set_new(o, "highlights", ranges(&h->snippet, 0));
        json_object_set_new(o, "title_highlights", ranges(&h->title, 0));
        json_object_set_new(o, "highlights_chars", ranges(&h->snippet, 1));
        json_object_set_new(o, "title_highlights_chars", ranges(&h->title, 1));
        if (h->partial) {
            json_t *m = json_array();
            for (size_t k = 0; m && k < h->nmissing; k++)
                json_array_append_new(m, str_or_null(h->missing[k]));
            json_object_set_new(o, "partial", json_true());
            json_object_set_new(o, "missing", m);
        }
        if (d->type == 'a') {
            json_object_set_new(o, "featured_on", json_integer((json_int_t)d->featured.pages));
            json_object_set_new(o, "featured_lists", json_integer((json_int_t)d->featured.lists));
            json_object_set_new(o, "listed_first", time_or_null(d->featured.first_seen));
            json_object_set_new(o, "listed_last", time_or_null(d->featured.last_seen));
            json_object_set_new(o, "changed", json_boolean(d->changed));
            json_object_set_new(o, "gone", json_boolean(d->gone));
            json_object_set_new(o, "captures", json_integer((json_int_t)d->captures));
            json_object_set_new(o, "first_seen", time_or_null(d->first_seen));
            json_object_set_new(o, "last_seen", time_or_null(d->last_seen));
            json_object_set_new(o, "story", str_or_null(d->story));
            json_object_set_new(o, "copies", json_integer((json_int_t)h->copies));
        }
        if (d->type == 'h' && d->article_at)
            json_object_set_new(o, "article_url", str_or_null(d->url));
        if (d->type == 'h') {
            json_t *secs = json_array();
            for (const char *p = d->sections; secs && p && *p;) {
                const char *e = strchr(p, '\n');
                size_t n = e ? (size_t)(e - p) : strlen(p);
                json_array_append_new(secs, strn_or_null(p, n));
                p += n + (e ? 1 : 0);
            }
            json_object_set_new(o, "sections", secs);
            json_object_set_new(o, "occurrences", json_integer((json_int_t)d->occurrences));
            json_object_set_new(o, "first_seen", time_or_null(d->first_seen));
            json_object_set_new(o, "last_seen", time_or_null(d->last_seen));
            json_object_set_new(o, "timeline", timeline_json(d->timeline));
            json_object_set_new(o, "timeline_omitted", json_integer((json_int_t)d->timeline_cut));
        }
        set_db(o, h, cx);
        if (put_json_line(f, o))
            return SW_EIO;
    }
    return ferror(f) ? SW_EIO : 0;
}

#define PARAGRAPH_SHOWN 90 /* bytes of an added or dropped paragraph shown in text */

/* The site of a page, as --facet site counts it, or null. */
static json_t *site_of(const sw_doc *d) {
    char site[256];
    sw_url_site(d->url, site, sizeof(site));
    return *site ? str_or_null(site) : json_null();
}

static void put_paragraphs(FILE *f, const char *mark, char *const *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(p[i]), cut = sw_utf8_cut(p[i], len, PARAGRAPH_SHOWN);
        fprintf(f, "   %s ", mark);
        sw_text_put(f, p[i], cut);
        fputs(cut < len ? "…\n" : "\n", f);
    }
}

int sw_output_story_text(FILE *f, const sw_results *r) {
    if (r->n) {
        fputs("story ", f);
        sw_text_puts(f, r->r[0].doc.story ? r->r[0].doc.story : "?");
        fprintf(f, ": %llu page%s%s\n", (unsigned long long)r->estimated,
                r->estimated == 1 ? "" : "s", r->n < r->estimated ? " (the first listed)" : "");
    }
    for (size_t i = 0; i < r->n; i++) {
        const sw_result *h = &r->r[i];
        const sw_doc *d = &h->doc;
        fprintf(f, "\n%d. %s", h->rank, i ? "" : "[original] ");
        sw_text_puts(f, d->title ? d->title : "");
        fputs("\n   ", f);
        const char *sep = "";
        if (d->source && *d->source) {
            sw_text_puts(f, d->source);
            sep = " · ";
        }
        if (d->author && *d->author) {
            fprintf(f, "%s作者 ", sep);
            sw_text_puts(f, d->author);
            sep = " · ";
        }
        if (d->date && *d->date) {
            fputs(sep, f);
            sw_text_put(f, d->date, sw_utf8_cut(d->date, strlen(d->date), 16));
            sep = " · ";
        }
        fputs(sep, f);
        sw_text_puts(f, d->url ? d->url : d->path ? d->path : "");
        fputc('\n', f);
        if (i && (h->nadded || h->ndropped))
            fprintf(f, "   %s%zu paragraph%s added, %zu dropped\n",
                    h->title_differs ? "title changed; " : "", h->nadded, h->nadded == 1 ? "" : "s",
                    h->ndropped);
        else if (i)
            fprintf(f, "   %sthe same text\n", h->title_differs ? "title changed; " : "");
        put_paragraphs(f, "+", h->added, h->nadded);
        put_paragraphs(f, "-", h->dropped, h->ndropped);
    }
    return ferror(f) ? SW_EIO : 0;
}

static json_t *string_list(char *const *p, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, str_or_null(p[i]));
    return a;
}

int sw_output_story_json(FILE *f, const sw_results *r, const sw_output_ctx *cx) {
    for (size_t i = 0; i < r->n; i++) {
        const sw_result *h = &r->r[i];
        const sw_doc *d = &h->doc;
        json_t *o = json_object();
        if (!o)
            return SW_ENOMEM;
        json_object_set_new(o, "story", str_or_null(d->story));
        json_object_set_new(o, "rank", json_integer(h->rank));
        json_object_set_new(o, "original", json_boolean(i == 0));
        json_object_set_new(o, "id", json_integer((json_int_t)d->id));
        json_object_set_new(o, "title", str_or_null(d->title));
        json_object_set_new(o, "source", str_or_null(d->source));
        json_object_set_new(o, "author", str_or_null(d->author));
        json_object_set_new(o, "site", site_of(d));
        json_object_set_new(o, "date", str_or_null(d->date));
        json_object_set_new(o, "url", str_or_null(d->url ? d->url : d->path));
        json_object_set_new(o, "path", str_or_null(d->path));
        json_object_set_new(o, "copies", json_integer((json_int_t)h->copies));
        json_object_set_new(o, "title_differs", json_boolean(h->title_differs));
        json_object_set_new(o, "added", string_list(h->added, h->nadded));
        json_object_set_new(o, "dropped", string_list(h->dropped, h->ndropped));
        set_db(o, h, cx);
        if (put_json_line(f, o))
            return SW_EIO;
    }
    return ferror(f) ? SW_EIO : 0;
}

/*
 * One field of a CSV (sep ',': RFC 4180, quoted when it holds a comma, quote, CR or LF, quotes
 * doubled) or TSV row (sep '\t': tabs and line ends become spaces, TSV having no quoting).
 * Text that is not UTF-8 is repaired as JSON repairs it.
 */
static void put_field(FILE *f, int sep, const char *s, size_t len, int first) {
    if (!first)
        fputc(sep, f);
    if (!s)
        return;
    sw_buf b = SW_BUF_INIT;
    sw_utf8_valid(&b, s, len);
    const char *t = sw_buf_str(&b);
    if (sep == '\t') {
        for (size_t i = 0; i < b.len; i++)
            fputc(t[i] == '\t' || t[i] == '\n' || t[i] == '\r' ? ' ' : t[i], f);
    } else if (strpbrk(t, ",\"\r\n")) {
        fputc('"', f);
        for (size_t i = 0; i < b.len; i++) {
            if (t[i] == '"')
                fputc('"', f);
            fputc(t[i], f);
        }
        fputc('"', f);
    } else {
        fwrite(t, 1, b.len, f);
    }
    sw_buf_release(&b);
}

static void put_fields(FILE *f, int sep, const char *s, int first) {
    put_field(f, sep, s, s ? strlen(s) : 0, first);
}

static void end_row(FILE *f, int sep) { fputs(sep == ',' ? "\r\n" : "\n", f); }

static const char *const table_columns[] = {"rank",   "type",   "story",  "copies", "title",
                                            "source", "author", "site",   "date",   "url",
                                            "path",   "score",  "snippet"};

int sw_output_table_header(FILE *f, int sep, int with_query) {
    if (with_query)
        put_fields(f, sep, "query", 1);
    for (size_t i = 0; i < sizeof(table_columns) / sizeof(*table_columns); i++)
        put_fields(f, sep, table_columns[i], i == 0 && !with_query);
    end_row(f, sep);
    return ferror(f) ? SW_EIO : 0;
}

int sw_output_table(FILE *f, const sw_results *r, int sep, const sw_output_ctx *cx) {
    size_t query = cx ? cx->query : 0;
    for (size_t i = 0; i < r->n; i++) {
        const sw_result *h = &r->r[i];
        const sw_doc *d = &h->doc;
        char num[64];
        if (query) {
            snprintf(num, sizeof(num), "%zu", query);
            put_fields(f, sep, num, 1);
        }
        snprintf(num, sizeof(num), "%d", h->rank);
        put_fields(f, sep, num, !query);
        put_fields(f, sep, d->type == 'a' ? "article" : "headline", 0);
        put_fields(f, sep, d->type == 'a' ? d->story : NULL, 0);
        snprintf(num, sizeof(num), "%lld", (long long)h->copies);
        put_fields(f, sep, d->type == 'a' ? num : NULL, 0);
        put_fields(f, sep, d->title, 0);
        put_fields(f, sep, d->source, 0);
        put_fields(f, sep, d->author, 0);
        char site[256];
        sw_url_site(d->url, site, sizeof(site));
        put_fields(f, sep, *site ? site : NULL, 0);
        put_fields(f, sep, d->date, 0);
        put_fields(f, sep, d->url ? d->url : d->path, 0);
        put_fields(f, sep, d->path, 0);
        snprintf(num, sizeof(num), "%.6f", h->score);
        put_fields(f, sep, num, 0);
        put_field(f, sep, sw_buf_str(&h->snippet.text), h->snippet.text.len, 0);
        end_row(f, sep);
    }
    return ferror(f) ? SW_EIO : 0;
}

void sw_output_total(FILE *f, const sw_counts *c, int partial_follow) {
    fprintf(f, "%llu stor%s (%llu page%s)%s\n", (unsigned long long)c->stories,
            c->stories == 1 ? "y" : "ies", (unsigned long long)c->pages, c->pages == 1 ? "" : "s",
            partial_follow ? " hold every word; partial matches follow" : "");
}

int sw_output_counts_header(FILE *f, int sep, int facets, int with_query) {
    if (with_query)
        put_fields(f, sep, "query", 1);
    if (facets) {
        put_fields(f, sep, "facet", !with_query);
        put_fields(f, sep, "value", 0);
        put_fields(f, sep, "count", 0);
    } else {
        put_fields(f, sep, "count", !with_query);
    }
    end_row(f, sep);
    return ferror(f) ? SW_EIO : 0;
}

int sw_output_count(FILE *f, uint64_t n, int format, int facets, size_t query) {
    int sep = format == SW_FORMAT_CSV ? ',' : '\t';
    char num[32];
    snprintf(num, sizeof(num), "%llu", (unsigned long long)n);
    if (format == SW_FORMAT_JSONL && query) {
        fprintf(f, "{\"query\": %zu, \"count\": %s}\n", query, num);
    } else if (format == SW_FORMAT_JSONL) {
        fprintf(f, "{\"count\": %s}\n", num);
    } else if (format == SW_FORMAT_TEXT) {
        fprintf(f, "%s\n", num);
    } else {
        if (query) {
            char q[32];
            snprintf(q, sizeof(q), "%zu", query);
            put_fields(f, sep, q, 1);
        }
        if (facets) { /* a row of the facets' table: facet "total", no value */
            put_fields(f, sep, "total", !query);
            put_fields(f, sep, NULL, 0);
        }
        put_fields(f, sep, num, !query && !facets);
        end_row(f, sep);
    }
    return ferror(f) ? SW_EIO : 0;
}

#define NONE_SHOWN "(none)"

/* A date facet as a bar chart `cols` wide: value, count, and a bar of eighths of a cell. */
static void put_bars(FILE *f, const sw_facet_count *fc, int by_pages, int cols) {
    static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    uint64_t max = 0;
    int vw = (int)strlen(NONE_SHOWN), cw = 1;
    for (size_t i = 0; i < fc->n; i++) {
        uint64_t n = by_pages ? fc->rows[i].pages : fc->rows[i].stories;
        max = n > max ? n : max;
        int w = snprintf(NULL, 0, "%llu", (unsigned long long)n);
        cw = w > cw ? w : cw;
        if (fc->rows[i].value && (int)strlen(fc->rows[i].value) > vw)
            vw = (int)strlen(fc->rows[i].value);
    }
    int room = cols - vw - cw - 4;
    if (room < 10)
        room = 10;
    for (size_t i = 0; i < fc->n; i++) {
        uint64_t n = by_pages ? fc->rows[i].pages : fc->rows[i].stories;
        fprintf(f, "%-*s  %*llu  ", vw, fc->rows[i].value ? fc->rows[i].value : NONE_SHOWN, cw,
                (unsigned long long)n);
        uint64_t cells8 = max ? (n * (uint64_t)room * 8 + max / 2) / max : 0;
        if (n && !cells8)
            cells8 = 1; /* a period with matches shows */
        for (uint64_t k = 0; k < cells8 / 8; k++)
            fputs("█", f);
        fputs(eighths[cells8 % 8], f);
        fputc('\n', f);
    }
}

int sw_output_facets(FILE *f, const sw_facet_count *facets, size_t nfacets, int format,
                     int by_pages, int cols, size_t query) {
    int sep = format == SW_FORMAT_CSV ? ',' : '\t';
    char qnum[32];
    snprintf(qnum, sizeof(qnum), "%zu", query);
    for (size_t k = 0; k < nfacets; k++) {
        const sw_facet_count *fc = &facets[k];
        const char *name = sw_facet_name(fc->field);
        if (format == SW_FORMAT_TEXT && nfacets > 1)
            fprintf(f, "%s# %s\n", k ? "\n" : "", name);
        if (format == SW_FORMAT_TEXT && cols > 0 && sw_facet_is_date(fc->field)) {
            put_bars(f, fc, by_pages, cols);
            continue;
        }
        for (size_t i = 0; i < fc->n; i++) {
            const sw_facet_row *r = &fc->rows[i];
            uint64_t n = by_pages ? r->pages : r->stories;
            char num[32];
            snprintf(num, sizeof(num), "%llu", (unsigned long long)n);
            if (format == SW_FORMAT_JSONL) {
                json_t *o = json_object();
                if (!o)
                    return SW_ENOMEM;
                if (query)
                    json_object_set_new(o, "query", json_integer((json_int_t)query));
                json_object_set_new(o, "facet", json_string(name));
                json_object_set_new(o, "value", str_or_null(r->value));
                json_object_set_new(o, "count", json_integer((json_int_t)n));
                if (put_json_line(f, o))
                    return SW_EIO;
            } else if (format == SW_FORMAT_TEXT) {
                sw_text_puts(f, r->value ? r->value : NONE_SHOWN);
                fprintf(f, "\t%s\n", num);
            } else {
                if (query)
                    put_fields(f, sep, qnum, 1);
                put_fields(f, sep, name, !query);
                put_fields(f, sep, r->value, 0);
                put_fields(f, sep, num, 0);
                end_row(f, sep);
            }
        }
    }
    return ferror(f) ? SW_EIO : 0;
}
