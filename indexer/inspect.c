/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inspect.c - souwen-index --show and --stats (see inspect.h).
 *
 * JSON goes through jansson, so every string is escaped correctly. A file
 * is parsed with sw_parse_page, the function indexing uses, so --show shows
 * what an index run would record; nothing is written.
 */
#include "inspect.h"

#include "buf.h"
#include "date.h"
#include "error.h"
#include "index.h"
#include "page.h"
#include "read.h"
#include "shards.h"
#include "store.h"
#include "text.h"
#include "util.h"
#include "warc.h"

#include <errno.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SHOW_BYTES (64u << 20)

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* `captured` (or NULL): the capture --show --at read the lists of, with its `status`. */
static int print_page(FILE *out, const sw_page *p, const char *captured, int status) {
    json_t *o = json_object();
    if (captured) {
        json_object_set_new(o, "captured_at", json_string(captured));
        json_object_set_new(o, "status", json_integer(status));
    }
    json_object_set_new(o, "url", str_or_null(p->url));
    json_object_set_new(o, "path", str_or_null(p->path));
    json_object_set_new(o, "charset", str_or_null(p->charset));
    json_object_set_new(o, "fetched_at", str_or_null(p->fetched_at));
    json_object_set_new(o, "title", str_or_null(p->title));
    json_object_set_new(o, "source", str_or_null(p->source));
    json_object_set_new(o, "author", str_or_null(p->author));
    json_object_set_new(o, "date", str_or_null(p->published_at));
    json_object_set_new(o, "body", str_or_null(p->body));
    if (p->warning)
        json_object_set_new(o, "warning", json_string(p->warning));
    json_t *lists = json_array();
    for (size_t i = 0; i < p->nlists; i++) {
        json_t *l = json_object(), *items = json_array();
        json_object_set_new(l, "section", json_string(p->lists[i].section));
        if (p->lists[i].main)
            json_object_set_new(l, "main", json_true());
        for (size_t j = 0; j < p->lists[i].n; j++) {
            const sw_item *it = &p->lists[i].items[j];
            json_t *x = json_object();
            json_object_set_new(x, "title", str_or_null(it->title));
            json_object_set_new(x, "source", str_or_null(it->source));
            json_object_set_new(x, "time", str_or_null(it->time));
            json_object_set_new(x, "url", str_or_null(it->url));
            json_array_append_new(items, x);
        }
        json_object_set_new(l, "items", items);
        json_array_append_new(lists, l);
    }
    json_object_set_new(o, "lists", lists);
    int rc = json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    fputc('\n', out);
    return rc ? SW_EIO : 0;
}

static int show_warc(const char *path, FILE *out, void (*error)(void *, const char *), void *ctx,
                     int *failed, char **errmsg) {
    sw_warc *w = NULL;
    int rc = sw_warc_open(path, path, &w, errmsg);
    if (rc)
        return rc;
    char absbuf[PATH_MAX];
    const char *abs = realpath(path, absbuf);
    sw_buf utf8 = SW_BUF_INIT;
    sw_warc_record r;
    char *msg = NULL;
    int got;
    while ((got = sw_warc_next(w, &r, &msg)) != 0) {
        if (got < 0) {
            (*failed)++;
            error(ctx, msg);
            if (got == SW_EIO)
                break;
            continue;
        }
        if (r.kind != SW_WARC_PAGE)
            continue;
        sw_page p;
        sw_page_init(&p);
        char iso[SW_DATE_MAX];
        sw_set_str(&p.url, r.uri, strlen(r.uri));
        if (abs)
            sw_set_str(&p.path, abs, strlen(abs));
        if (r.date && sw_date_find(r.date, strlen(r.date), iso, NULL, NULL))
            sw_set_str(&p.fetched_at, iso, strlen(iso));
        if (sw_parse_page(r.body, r.body_len, SW_INPUT_HTML, r.uri, r.charset, NULL, &utf8, &p,
                          &msg)) {
            (*failed)++;
            error(ctx, msg);
        } else {
            if (p.warning)
                error(ctx, p.warning);
            print_page(out, &p, NULL, 0);
        }
        sw_page_release(&p);
    }
    free(msg);
    sw_buf_release(&utf8);
    sw_warc_close(w);
    return 0;
}

int sw_inspect_show(const char *dir, const char *what, const char *at, const char *base_url,
                    FILE *out, void (*error)(void *ctx, const char *msg), void *ctx, int *failed,
                    char **errmsg) {
    struct stat st;
    if (!at && stat(what, &st) == 0 && S_ISREG(st.st_mode)) {
        if (sw_input_kind_by_name(what) == SW_INPUT_WARC)
            return show_warc(what, out, error, ctx, failed, errmsg);
        FILE *f = fopen(what, "rb");
        if (!f)
            return sw_error(errmsg, SW_EIO, "unable to open '%s': %s", what, strerror(errno));
        sw_buf data = SW_BUF_INIT, utf8 = SW_BUF_INIT;
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && data.len < MAX_SHOW_BYTES)
            sw_buf_add(&data, chunk, n);
        fclose(f);
        int kind = sw_input_kind(what, sw_buf_str(&data), data.len), rc;
        if (kind == SW_INPUT_WARC) {
            rc = show_warc(what, out, error, ctx, failed, errmsg);
        } else {
            sw_page p;
            sw_page_init(&p);
            char abs[PATH_MAX];
            rc = sw_parse_page(sw_buf_str(&data), data.len, kind, what, NULL, base_url, &utf8, &p,
                               errmsg);
            if (!rc && realpath(what, abs))
                sw_set_str(&p.path, abs, strlen(abs));
            if (!rc && p.warning)
                error(ctx, p.warning);
            if (!rc)
                rc = print_page(out, &p, NULL, 0);
            sw_page_release(&p);
        }
        sw_buf_release(&data);
        sw_buf_release(&utf8);
        return rc;
    }
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/souwen.sqlite", dir);
    sw_store *s = NULL;
    int rc = stat(sw_buf_str(&p), &st) == 0 ? sw_store_open(sw_buf_str(&p), 0, &s, errmsg)
                                            : sw_error(errmsg, SW_ENOTFOUND,
                                                       "'%s' is no file, and there is no index "
                                                       "'%s' to look it up in",
                                                       what, dir);
    sw_buf_release(&p);
    if (rc)
        return rc;
    sw_page page;
    sw_page_init(&page);
    char used[SW_CAPTURE_TIME] = "";
    int status = 0;
    rc = at ? sw_store_load_page_at(s, what, at, &page, used, &status, errmsg)
            : sw_store_load_page(s, what, &page, errmsg);
    if (rc == SW_ENOTFOUND)
        sw_error(errmsg, rc, "no page '%s' in the index '%s'%s", what, dir,
                 at ? "" : " (and no such file)");
    if (!rc)
        rc = print_page(out, &page, at ? used : NULL, status);
    sw_page_release(&page);
    sw_store_close(s);
    return rc;
}

static long long tree_bytes;

static int add_size(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)p, (void)ftw;
    if (flag == FTW_F)
        tree_bytes += (long long)sb->st_size;
    return 0;
}

static void print_charset(void *ctx, const char *cs, int64_t n) {
    json_t *o = ctx;
    json_object_set_new(o, cs ? cs : "?", json_integer((json_int_t)n));
}

int sw_inspect_stats(const char *dir, int json, FILE *out, char **errmsg) {
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/souwen.sqlite", dir);
    sw_store *s = NULL;
    int rc = sw_store_open(sw_buf_str(&p), 0, &s, errmsg);
    sw_store_counts c;
    json_t *charsets = json_object();
    if (!rc)
        rc = sw_store_count(s, &c, errmsg);
    if (!rc)
        rc = sw_store_charsets(s, print_charset, charsets, errmsg);
    sw_store_close(s);
    uint64_t docs = 0;
    long long store_bytes = 0, index_bytes = 0;
    sw_shards sh;
    size_t shards = 0;
    if (!rc) {
        struct stat st;
        for (int i = 0; i < 2; i++) {
            sw_buf_reset(&p);
            sw_buf_addf(&p, "%s/souwen.sqlite%s", dir, i ? "-wal" : "");
            if (stat(sw_buf_str(&p), &st) == 0)
                store_bytes += (long long)st.st_size;
        }
        rc = sw_shards_load(dir, &sh, errmsg);
        for (size_t i = 0; !rc && i < sh.n; i++) {
            sw_buf_reset(&p);
            sw_buf_addf(&p, "%s/%s", dir, sh.names[i]);
            tree_bytes = 0;
            nftw(sw_buf_str(&p), add_size, 16, FTW_PHYS);
            index_bytes += tree_bytes;
        }
        shards = sh.n;
        if (!rc)
            sw_shards_release(&sh);
        sw_index *x = NULL;
        if (!rc)
            rc = sw_index_open_folder(dir, &x, errmsg);
        if (!rc)
            rc = sw_index_count(x, &docs, errmsg);
        sw_index_close(x);
    }
    sw_buf_release(&p);
    if (rc) {
        json_decref(charsets);
        return rc;
    }
    if (json) {
        json_t *o =
            json_pack("{sIsIsIsIsIsIsIsIsIsIsI}", "pages", (json_int_t)c.pages, "articles",
                      (json_int_t)c.articles, "stories", (json_int_t)c.stories, "headlines",
                      (json_int_t)c.headlines, "occurrences", (json_int_t)c.occurrences, "failures",
                      (json_int_t)c.failures, "page_bytes", (json_int_t)c.bytes, "documents",
                      (json_int_t)docs, "shards", (json_int_t)shards, "store_bytes",
                      (json_int_t)store_bytes, "index_bytes", (json_int_t)index_bytes);
        json_object_set_new(o, "charsets", charsets);
        json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
        fputc('\n', out);
        json_decref(o);
    } else {
        fprintf(out,
                "pages: %lld\narticles: %lld\nstories: %lld\nheadlines: %lld\noccurrences: %lld\n"
                "failed files: %lld\n",
                (long long)c.pages, (long long)c.articles, (long long)c.stories,
                (long long)c.headlines, (long long)c.occurrences, (long long)c.failures);
        fputs("charsets:", out);
        for (void *it = json_object_iter(charsets); it; it = json_object_iter_next(charsets, it))
            fprintf(out, " %s %lld", json_object_iter_key(it),
                    (long long)json_integer_value(json_object_iter_value(it)));
        fputc('\n', out);
        fprintf(out,
                "documents in the index: %llu\nshards: %zu\nindex size: %lld bytes (store "
                "%lld, xapian %lld)\n",
                (unsigned long long)docs, shards, store_bytes + index_bytes, store_bytes,
                index_bytes);
        json_decref(charsets);
    }
    return ferror(out) ? SW_EIO : 0;
}

/* --history: the state carried from one capture to the next, and where the lines go. */
typedef struct history {
    FILE *out;
    int text;        /* a readable diff instead of JSON Lines */
    int64_t version; /* the version of the last capture with a text, 0 before one */
    int gone;        /* the last capture was a 404 or 410 */
    sw_buf title;    /* that version's title */
    sw_buf body;     /* ...and its text */
    int has_title;   /* whether it had a title */
} history;

/* Whether `line` (n bytes) is one of the '\n'-separated lines of `text`. */
static int has_line(const char *text, const char *line, size_t n) {
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && !memcmp(p, line, n))
            return 1;
        p = e ? e + 1 : NULL;
    }
    return 0;
}

/* The lines of `a` that `b` lacks, in their order, into the JSON array `arr`. */
static void lines_missing(const char *a, const char *b, json_t *arr) {
    for (const char *p = a; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && !has_line(b, p, len))
            json_array_append_new(arr, json_stringn(p, len));
        p = e ? e + 1 : NULL;
    }
}

static int history_line(void *ctx, const sw_capture *c) {
    history *h = ctx;
    const char *change;
    int changed = 0, gone = c->status == 404 || c->status == 410;
    int64_t v = c->version ? c->version : h->version; /* a revisit: the text before it */
    if (gone)
        change = "gone";
    else if (h->gone)
        change = "back", changed = h->version && v != h->version;
    else if (!h->version)
        change = "new";
    else if (v == h->version)
        change = "unchanged";
    else
        change = "changed", changed = 1;
    const char *title = c->version ? c->title : h->has_title ? sw_buf_str(&h->title) : NULL;
    json_t *o = json_object(), *removed = NULL, *added = NULL;
    json_object_set_new(o, "fetched_at", json_string(c->fetched_at));
    json_object_set_new(o, "status", json_integer(c->status));
    json_object_set_new(o, "change", json_string(change));
    json_object_set_new(o, "title", title ? json_string(title) : json_null());
    if (changed) {
        const char *was = h->has_title ? sw_buf_str(&h->title) : NULL;
        if ((was || c->title) && (!was || !c->title || strcmp(was, c->title)))
            json_object_set_new(o, "title_was", was ? json_string(was) : json_null());
        removed = json_array();
        added = json_array();
        lines_missing(sw_buf_str(&h->body), c->text ? c->text : "", removed);
        lines_missing(c->text ? c->text : "", sw_buf_str(&h->body), added);
        json_object_set(o, "removed", removed);
        json_object_set(o, "added", added);
    }
    int rc = 0;
    if (!o)
        rc = SW_ENOMEM;
    else if (!h->text) {
        rc = json_dumpf(o, h->out, JSON_COMPACT | JSON_PRESERVE_ORDER) ? SW_EIO : 0;
        fputc('\n', h->out);
    } else {
        /* A terminal: what pages hold is written escaped (sw_text_puts), never as raw bytes. */
        fprintf(h->out, "%s  %d  %-9s  ", c->fetched_at, c->status, change);
        sw_text_puts(h->out, title);
        json_t *was = json_object_get(o, "title_was");
        if (was) {
            fputs("\n    title was: ", h->out);
            sw_text_puts(h->out, json_is_string(was) ? json_string_value(was) : "(none)");
        }
        for (size_t i = 0; i < json_array_size(removed); i++) {
            fputs("\n    - ", h->out);
            sw_text_puts(h->out, json_string_value(json_array_get(removed, i)));
        }
        for (size_t i = 0; i < json_array_size(added); i++) {
            fputs("\n    + ", h->out);
            sw_text_puts(h->out, json_string_value(json_array_get(added, i)));
        }
        fputc('\n', h->out);
    }
    json_decref(removed);
    json_decref(added);
    json_decref(o);
    h->gone = gone;
    if (!gone && c->version && c->version != h->version) {
        h->version = c->version;
        h->has_title = c->title != NULL;
        sw_buf_reset(&h->title);
        sw_buf_adds(&h->title, c->title ? c->title : "");
        sw_buf_reset(&h->body);
        sw_buf_adds(&h->body, c->text ? c->text : "");
        if (h->title.oom || h->body.oom)
            rc = SW_ENOMEM;
    }
    return rc;
}

int sw_inspect_history(const char *dir, const char *what, int text, FILE *out, char **errmsg) {
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/souwen.sqlite", dir);
    sw_store *s = NULL;
    int rc = sw_store_open(sw_buf_str(&p), 0, &s, errmsg), found = 0;
    sw_buf_release(&p);
    if (rc)
        return rc;
    history h = {out, text, 0, 0, SW_BUF_INIT, SW_BUF_INIT, 0};
    /* A page file named as typed (a relative path): it is recorded by its real path. */
    char abs[PATH_MAX];
    rc = sw_store_history(s, what, history_line, &h, &found, errmsg);
    if (!rc && !found && realpath(what, abs) && strcmp(abs, what) != 0)
        rc = sw_store_history(s, abs, history_line, &h, &found, errmsg);
    if (rc == SW_ENOMEM)
        sw_error(errmsg, rc, "out of memory");
    else if (rc == SW_EIO)
        sw_error(errmsg, rc, "unable to write the history: %s", strerror(errno));
    if (!rc && !found)
        rc = sw_error(errmsg, SW_ENOTFOUND, "no page '%s' in the index '%s'", what, dir);
    sw_buf_release(&h.title);
    sw_buf_release(&h.body);
    sw_store_close(s);
    return rc;
}
