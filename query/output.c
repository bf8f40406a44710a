/*
 * output.c - text and JSON Lines output (JSON through jansson).
 */
#include "output.h"

#include "error.h"

#include <jansson.h>
#include <stdint.h>
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
        fwrite(t + at, 1, sn->hl[i].start - at, f);
        fputs(HL_ON, f);
        fwrite(t + sn->hl[i].start, 1, sn->hl[i].end - sn->hl[i].start, f);
        fputs(OFF, f);
        if (base)
            fputs(base, f);
        at = sn->hl[i].end;
    }
    fputs(t + at, f);
}

static const char *date_part(const char *iso, char out[11]) {
    if (!iso)
        return NULL;
    snprintf(out, 11, "%s", iso);
    return out;
}

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
    for (size_t i = 0; i < h->nmissing; i++)
        fprintf(f, "%s%s", i ? " " : ", without ", h->missing[i]);
    fputs(":\n", f);
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
        char day[11];
        const char *parts[4] = {d->source, date_part(d->date, day), NULL, NULL};
        char where[64] = "";
        if (d->type == 'h') {
            char *nl = d->sections ? strchr(d->sections, '\n') : NULL;
            snprintf(where, sizeof(where), "%.*s%s, %lld list%s",
                     nl ? (int)(nl - d->sections) : (int)strlen(d->sections ? d->sections : ""),
                     d->sections ? d->sections : "", nl ? " …" : "", (long long)d->occurrences,
                     d->occurrences == 1 ? "" : "s");
            parts[2] = where;
        }
        parts[3] = d->url ? d->url : d->path;
        fputs("   ", f);
        int first = 1;
        for (int k = 0; k < 4; k++) {
            if (!parts[k] || !*parts[k])
                continue;
            fprintf(f, "%s%s", first ? "" : " · ", parts[k]);
            first = 0;
        }
        fputc('\n', f);
        if (d->type == 'a') {
            fputs("   ", f);
            put_snippet(f, &h->snippet, color, NULL);
            fputc('\n', f);
        }
    }
    return ferror(f) ? SW_EIO : 0;
}

static json_t *ranges(const sw_snippet *sn) {
    json_t *a = json_array();
    for (size_t i = 0; a && i < sn->nhl; i++)
        json_array_append_new(a, json_pack("[II]", (json_int_t)sn->hl[i].start,
                                            (json_int_t)sn->hl[i].end));
    return a;
}

/*
 * A JSON string of s, or null. Stored text is UTF-8 (the readers check it), but a file path
 * may hold any bytes: those that are not UTF-8 become U+FFFD rather than losing the field.
 */
static json_t *str_or_null(const char *s) {
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    sw_buf b = SW_BUF_INIT;
    const uint8_t *p = (const uint8_t *)s;
    int32_t n = (int32_t)strnlen(s, INT32_MAX);
    for (int32_t i = 0; i < n;) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0)
            sw_buf_adds(&b, "\xEF\xBF\xBD");
        else
            sw_buf_add(&b, s + at, (size_t)(i - at));
    }
    j = b.oom ? NULL : json_string(sw_buf_str(&b));
    sw_buf_release(&b);
    return j;
}

int sw_output_json(FILE *f, const sw_results *r, size_t query) {
    for (size_t i = 0; i < r->n; i++) {
        const sw_result *h = &r->r[i];
        const sw_doc *d = &h->doc;
        json_t *o = json_object();
        if (!o)
            return SW_ENOMEM;
        if (query)
            json_object_set_new(o, "query", json_integer((json_int_t)query));
        json_object_set_new(o, "rank", json_integer(h->rank));
        json_object_set_new(o, "type", json_string(d->type == 'a' ? "article" : "headline"));
        json_object_set_new(o, "id", json_integer((json_int_t)d->id));
        json_object_set_new(o, "title", str_or_null(d->title));
        json_object_set_new(o, "source", str_or_null(d->source));
        json_object_set_new(o, "date", str_or_null(d->date));
        json_object_set_new(o, "url", str_or_null(d->url ? d->url : d->path));
        json_object_set_new(o, "path", str_or_null(d->path));
        json_object_set_new(o, "score", json_real(h->score));
        json_object_set_new(o, "snippet", json_string(sw_buf_str(&h->snippet.text)));
        json_object_set_new(o, "highlights", ranges(&h->snippet));
        json_object_set_new(o, "title_highlights", ranges(&h->title));
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
            json_object_set_new(o, "first_seen", d->featured.pages
                                                     ? json_string(d->featured.first_seen)
                                                     : json_null());
            json_object_set_new(o, "last_seen", d->featured.pages
                                                    ? json_string(d->featured.last_seen)
                                                    : json_null());
        }
        if (d->type == 'h' && d->article_at)
            json_object_set_new(o, "article_url", json_string(d->url));
        if (d->type == 'h') {
            json_t *secs = json_array();
            for (const char *p = d->sections; secs && p && *p;) {
                const char *e = strchr(p, '\n');
                size_t n = e ? (size_t)(e - p) : strlen(p);
                json_array_append_new(secs, json_stringn(p, n));
                p += n + (e ? 1 : 0);
            }
            json_object_set_new(o, "sections", secs);
            json_object_set_new(o, "occurrences", json_integer((json_int_t)d->occurrences));
        }
        int rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (rc != 0)
            return SW_EIO;
        fputc('\n', f);
    }
    return ferror(f) ? SW_EIO : 0;
}
