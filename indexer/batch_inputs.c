/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_inputs.c - the batch's inputs: folders walked, files read, WARC files record by
 * record, and the files an earlier run recorded as failed.
 *
 * The decision a reader needs: whatever holds a page, a file of its own or a record of a WARC
 * file, its bytes take one step, add_page(): hash, skip when unchanged, parse, headline keys,
 * record. Only what the container knows differs (a WARC record brings the page's URL, date
 * and HTTP charset), and it is given to that step in a page_input. A file or record that
 * cannot be read or parsed is reported through the error hook and recorded in `failures`
 * under the file's real path; the batch goes on. A file read without a problem clears its
 * failure, so `failures` always says which files need another look (sw_batch_retry_failed).
 *
 * This file does not write the index: pages go to the store through batch_record(), and the
 * writer threads (batch_writers.c) build the documents from the store. It does not parse
 * pages either (read.c, read_*.c).
 */
#include "batch_int.h"

#include "date.h"
#include "error.h"
#include "read.h"
#include "util.h"
#include "warc.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <fts.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#define MAX_PAGE_BYTES (64u << 20) /* a page file larger than this is refused */

/* One page's bytes and what its container says about it. */
typedef struct page_input {
    const char *data;    /* the page's bytes */
    size_t len;          /* their length */
    int kind;            /* SW_INPUT_TEXT or SW_INPUT_HTML */
    const char *abs;     /* the real path of the file holding it: its path, its failures row */
    const char *name;    /* the page in messages */
    const char *uri;     /* a WARC record's target URI, the page's key; NULL for a file */
    const char *date;    /* a WARC record's date, or NULL */
    const char *charset; /* a WARC record's HTTP charset, or NULL */
    const char *saved;   /* a file's modification time (ISO 8601 UTC), or NULL */
} page_input;

static void report(sw_batch *b, const char *msg) {
    b->stats.errors++;
    if (b->hooks.error)
        b->hooks.error(b->hooks.ctx, msg);
}

/*
 * Reports `msg` about the input at `abs` (a file or folder, by its real path when it has one)
 * and records it as that input's failure; an input counts once however many of its WARC
 * records failed.
 */
static int fail(sw_batch *b, const char *abs, const char *msg, char **errmsg) {
    report(b, msg);
    if (!b->last_failed.len || strcmp(b->last_failed.data, abs)) {
        b->stats.failed++;
        sw_buf_reset(&b->last_failed);
        sw_buf_adds(&b->last_failed, abs);
    }
    int rc = batch_begin(b, errmsg);
    return rc ? rc : sw_store_set_failure(b->store, abs, msg, errmsg);
}

/*
 * Fails `path` with `msg`, recorded by an absolute path (its real path, else the path from the
 * working folder: a path that is not there has no real path), as --retry-failed reads it.
 */
static int fail_path(sw_batch *b, const char *path, const char *msg, char **errmsg) {
    char abs[PATH_MAX], cwd[PATH_MAX];
    sw_buf at = SW_BUF_INIT;
    if (realpath(path, abs))
        sw_buf_adds(&at, abs);
    else if (path[0] != '/' && getcwd(cwd, sizeof(cwd)))
        sw_buf_addf(&at, "%s/%s", cwd, path);
    else
        sw_buf_adds(&at, path);
    int rc = at.oom || !msg ? sw_error(errmsg, SW_ENOMEM, "out of memory")
                            : fail(b, at.data, msg, errmsg);
    sw_buf_release(&at);
    return rc;
}

/* Fails `path` with "unable to <what> '<path>': <errno's words>". */
static int fail_errno(sw_batch *b, const char *what, const char *path, int err, char **errmsg) {
    char *msg = NULL;
    sw_error(&msg, SW_EIO, "unable to %s '%s': %s", what, path, strerror(err));
    int rc = fail_path(b, path, msg, errmsg);
    free(msg);
    return rc;
}

/* A one-line message that is not an error, through the warning hook. */
static void note(sw_batch *b, const char *msg) {
    if (msg && b->hooks.warning)
        b->hooks.warning(b->hooks.ctx, msg);
}

static void progress(sw_batch *b) {
    if (b->hooks.progress)
        b->hooks.progress(b->hooks.ctx, &b->stats);
}

static int stopped(sw_batch *b) { return b->hooks.stop && *b->hooks.stop; }

static int key_token(void *ctx, const char *term, size_t len, size_t start, size_t end,
                     int tflags) {
    (void)start, (void)end, (void)tflags;
    sw_buf *k = ctx;
    if (k->len && k->data[k->len - 1] != '\x1f')
        sw_buf_addc(k, ' ');
    sw_buf_add(k, term, len);
    return k->oom ? SW_ENOMEM : 0;
}

/*
 * Sets *key to the normalized tokens of title, then (with `sep`) U+001F and those of source:
 * a headline's key, or (without) an article title's, which is a headline key's title part.
 */
static int norm_key(sw_batch *b, const char *title, const char *source, int sep, char **key) {
    sw_buf_reset(&b->key);
    int rc = sw_segment(b->seg, title, strlen(title), key_token, &b->key);
    if (sep)
        sw_buf_addc(&b->key, '\x1f');
    if (!rc && source)
        rc = sw_segment(b->seg, source, strlen(source), key_token, &b->key);
    if (rc < 0 || b->key.oom)
        return rc < 0 ? rc : SW_ENOMEM;
    if (!sep && !b->key.len)
        return 0; /* a title of no words: no key, so that it matches no headline */
    return (*key = strdup(sw_buf_str(&b->key))) ? 0 : SW_ENOMEM;
}

/* Sets every item's key, and the article's title key. */
static int set_item_keys(sw_batch *b, sw_page *page) {
    int rc = page->title && page->body ? norm_key(b, page->title, NULL, 0, &page->title_key) : 0;
    for (size_t i = 0; i < page->nlists && !rc; i++)
        for (size_t j = 0; j < page->lists[i].n && !rc; j++) {
            sw_item *it = &page->lists[i].items[j];
            rc = norm_key(b, it->title, it->source, 1, &it->key);
        }
    return rc;
}

static void hash_hex(const char *data, size_t len, char hash[40]) {
    XXH128_hash_t h = XXH3_128bits(data, len);
    snprintf(hash, 40, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

/* What the container says about the page, set before it is parsed: URL, path, fetch date. */
static int page_fields(sw_page *page, const page_input *in) {
    char iso[SW_DATE_MAX];
    int rc = in->uri ? sw_set_str(&page->url, in->uri, strlen(in->uri)) : 0;
    if (!rc)
        rc = sw_set_str(&page->path, in->abs, strlen(in->abs));
    if (!rc && in->date && sw_date_find(in->date, strlen(in->date), iso, NULL, NULL))
        rc = sw_set_str(&page->fetched_at, iso, strlen(iso));
    if (!rc && in->saved)
        rc = sw_set_str(&page->saved_at, in->saved, strlen(in->saved));
    return rc;
}

/*
 * One page: skipped when its bytes are stored already, else parsed and recorded. Returns 0
 * when it was recorded or unchanged, 1 when it failed (reported, and recorded in `failures`
 * under in->abs), or a negative store or index error, which ends the batch.
 */
/*
 * The capture time of a page: its WARC record's date, else --fetched-at, else its file's
 * modification time; NULL when none is known (the store takes the time it is recorded).
 */
static const char *capture_time(const sw_batch *b, const page_input *in, char at[24]) {
    if (in->date && sw_store_capture_time(in->date, at))
        return at;
    if (b->fetched_at[0])
        return b->fetched_at;
    return in->saved && sw_store_capture_time(in->saved, at) ? at : NULL;
}

static int add_page(sw_batch *b, const page_input *in, char **errmsg) {
    b->stats.bytes += in->len;
    char hash[40], atbuf[24];
    hash_hex(in->data, in->len, hash);
    const char *at = capture_time(b, in, atbuf);
    /* Bytes the page had at a capture already: this capture is a row, nothing is read. */
    int rc = sw_store_page_seen(b->store, in->uri ? in->uri : in->abs, hash, at, errmsg);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        b->stats.unchanged++;
        return batch_counted(b, in->len, 1, errmsg);
    }
    sw_page page;
    sw_page_init(&page);
    char *msg = NULL;
    double t0 = sw_clock();
    rc = page_fields(&page, in);
    if (!rc)
        rc = sw_parse_page(in->data, in->len, in->kind, in->name, in->charset,
                           in->uri ? NULL : b->base_url, &b->utf8, &page, &msg);
    if (!rc)
        rc = set_item_keys(b, &page);
    b->stats.t_parse += sw_clock() - t0;
    if (rc) {
        sw_page_release(&page);
        if (!msg)
            sw_error(&msg, rc, "unable to read '%s': %s", in->name, sw_strerror(rc));
        rc = fail(b, in->abs, msg, errmsg);
        free(msg);
        return rc ? rc : 1;
    }
    if (page.warning)
        note(b, page.warning); /* read in part: said once, the page is indexed all the same */
    /* A file's bytes may be known under the page's URL (from a WARC, or another copy). */
    rc = !in->uri && page.url ? sw_store_page_seen(b->store, page.url, hash, at, errmsg) : 0;
    if (rc == 1) {
        b->stats.unchanged++;
        rc = batch_counted(b, in->len, 0, errmsg); /* (read and parsed: a page's work) */
    } else if (rc == 0)
        rc = batch_record(b, &page,
                          in->uri    ? in->uri
                          : page.url ? page.url
                                     : in->abs,
                          hash, in->len, at, errmsg);
    sw_page_release(&page);
    return rc < 0 ? rc : 0;
}

/*
 * A WARC file, record by record. Each HTML response or resource record is a page keyed by its
 * WARC-Target-URI; bad records are reported and skipped. The file's failure is cleared only
 * when no record failed.
 */
static int add_warc(sw_batch *b, const char *abs, const char *path, char **errmsg) {
    sw_warc *w = NULL;
    char *msg = NULL;
    int rc = sw_warc_open(abs, path, &w, &msg), failed = 0;
    if (rc) {
        rc = fail(b, abs, msg, errmsg);
        free(msg);
        return rc;
    }
    sw_warc_record r;
    while (!rc && !stopped(b)) {
        double t0 = sw_clock();
        int got = sw_warc_next(w, &r, &msg);
        b->stats.t_read += sw_clock() - t0;
        progress(b); /* a WARC file is many pages: keep the progress line moving */
        if (got == 0)
            break;
        if (got < 0) {
            failed = 1;
            if ((rc = fail(b, abs, msg, errmsg)) || got == SW_EIO)
                break;
            continue;
        }
        b->stats.warc_records++;
        if (r.kind == SW_WARC_SKIPPED) {
            b->stats.warc_skipped++;
            continue;
        }
        if (r.kind == SW_WARC_REVISIT || r.kind == SW_WARC_GONE) {
            /* A capture without a text: the page unchanged, or gone, at the record's time. */
            char at[24];
            page_input in = {NULL, 0, SW_INPUT_HTML, abs, NULL, r.uri, r.date, NULL, NULL};
            rc = sw_store_capture_bare(b->store, r.uri, r.uri, abs, capture_time(b, &in, at),
                                       r.kind == SW_WARC_GONE ? r.status : 200, errmsg);
            b->stats.captures_bare++;
            if (!rc)
                rc = batch_counted(b, 0, 1, errmsg);
            continue;
        }
        char name[512];
        snprintf(name, sizeof(name), "%s (record at byte %llu, %s)", path,
                 (unsigned long long)r.offset, r.uri);
        page_input in = {r.body, r.body_len, SW_INPUT_HTML, abs, name,
                         r.uri,  r.date,     r.charset,     NULL};
        if ((rc = add_page(b, &in, errmsg)) == 1) {
            failed = 1;
            rc = 0;
        }
    }
    free(msg);
    sw_warc_close(w);
    if (!rc && !failed)
        rc = sw_store_set_failure(b->store, abs, NULL, errmsg);
    return rc;
}

/*
 * Reads the file `path` into b->file (reused), and its modification time, as ISO 8601 UTC to
 * the nanosecond, into saved; a message naming it on failure.
 */
static int read_file(sw_batch *b, const char *path, char saved[48], char **errmsg) {
    /* O_NONBLOCK: a FIFO or a device named like a page must not hang the batch. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return sw_error(errmsg, SW_EIO, "unable to open '%s': %s", path, strerror(errno));
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) != 0) {
        rc = sw_error(errmsg, SW_EIO, "unable to read '%s': %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = sw_error(errmsg, SW_EIO, "'%s' is not a regular file", path);
        goto out;
    }
    struct tm tm;
    gmtime_r(&st.st_mtim.tv_sec, &tm);
    size_t at = strftime(saved, 48, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(saved + at, 48 - at, ".%09ld+00:00", (long)st.st_mtim.tv_nsec);
    if ((uint64_t)st.st_size > MAX_PAGE_BYTES) {
        rc = sw_error(errmsg, SW_EPARSE, "'%s' is larger than %u MB: not a page", path,
                      MAX_PAGE_BYTES >> 20);
        goto out;
    }
    sw_buf_reset(&b->file);
    if (b->file.cap > 4 * (size_t)st.st_size + (1u << 20))
        sw_buf_release(&b->file); /* do not keep a huge buffer for small pages */
    for (;;) {
        if (sw_buf_grow(&b->file, 65536)) {
            rc = sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", path);
            break;
        }
        ssize_t n = read(fd, b->file.data + b->file.len, 65536);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = sw_error(errmsg, SW_EIO, "unable to read '%s': %s", path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        b->file.len += (size_t)n;
        b->file.data[b->file.len] = '\0';
        /* The file may have grown since fstat. */
        if (b->file.len > MAX_PAGE_BYTES) {
            rc = sw_error(errmsg, SW_EPARSE, "'%s' is larger than %u MB: not a page", path,
                          MAX_PAGE_BYTES >> 20);
            break;
        }
    }
out:
    close(fd);
    if (b->file.oom)
        sw_buf_release(&b->file); /* the next file starts afresh */
    return rc;
}

/*
 * One file. Returns 0 when the file was handled (indexed, unchanged, or failed and reported);
 * negative only for store/index failures.
 */
static int add_file(sw_batch *b, const char *path, char **errmsg) {
    char abs[PATH_MAX];
    b->stats.files++;
    if (!realpath(path, abs))
        return fail_errno(b, "open", path, errno, errmsg);
    int rc = batch_begin(b, errmsg);
    if (rc)
        return rc;
    if (sw_input_kind_by_name(abs) == SW_INPUT_WARC)
        return add_warc(b, abs, path, errmsg);
    char *msg = NULL, saved[48];
    double t0 = sw_clock();
    rc = read_file(b, abs, saved, &msg);
    b->stats.t_read += sw_clock() - t0;
    if (rc) {
        rc = fail(b, abs, msg, errmsg);
        free(msg);
        return rc;
    }
    int kind = sw_input_kind(abs, sw_buf_str(&b->file), b->file.len);
    if (kind == SW_INPUT_WARC)
        return add_warc(b, abs, path, errmsg);
    page_input in = {sw_buf_str(&b->file), b->file.len, kind, abs, path, NULL, NULL, NULL, saved};
    rc = add_page(b, &in, errmsg);
    if (rc == 0) /* indexed or unchanged: not a failure any more */
        rc = sw_store_set_failure(b->store, abs, NULL, errmsg);
    return rc < 0 ? rc : 0;
}

static int page_file(const char *name) { return sw_input_kind_by_name(name) != 0; }

static int by_name(const FTSENT **a, const FTSENT **b) {
    return strcmp((*a)->fts_name, (*b)->fts_name);
}

/* Whether an exclude pattern leaves out entry e of the walk below folder `root`. */
static int excluded(const sw_batch *b, const FTSENT *e, size_t root) {
    const char *below = e->fts_path + root + (e->fts_path[root] == '/');
    for (size_t i = 0; i < b->nexcludes; i++)
        if (strchr(b->excludes[i], '/') ? !fnmatch(b->excludes[i], below, FNM_PATHNAME)
                                        : !fnmatch(b->excludes[i], e->fts_name, 0))
            return 1;
    return 0;
}

/*
 * Every page file below folder `path`, in name order; symbolic links inside it followed only
 * with b->follow (loops reported). A folder without a single page file is a failed input
 * ("no pages found"), and one that has some is no longer recorded as failed.
 */
static int add_folder(sw_batch *b, const char *path, char **errmsg) {
    char *const argv[] = {(char *)path, NULL};
    int how = b->follow ? FTS_LOGICAL : FTS_PHYSICAL | FTS_COMFOLLOW;
    FTS *fts = fts_open(argv, how | FTS_NOCHDIR, by_name);
    if (!fts)
        return fail_errno(b, "read folder", path, errno, errmsg);
    int rc = 0;
    int64_t found = 0;
    size_t root = strlen(path);
    FTSENT *e;
    char *msg = NULL;
    while (!rc && !stopped(b) && (e = fts_read(fts)) != NULL) {
        if (e->fts_level > FTS_ROOTLEVEL && e->fts_info != FTS_DP && b->nexcludes &&
            excluded(b, e, root)) {
            b->stats.excluded++;
            if (e->fts_info == FTS_D)
                fts_set(fts, e, FTS_SKIP);
            continue;
        }
        switch (e->fts_info) {
        case FTS_F:
            if (page_file(e->fts_name)) {
                found++;
                rc = add_file(b, e->fts_path, errmsg);
                progress(b);
            } else {
                b->stats.skipped++;
            }
            break;
        case FTS_SL: /* not followed */ b->stats.links++; break;
        case FTS_SLNONE: /* followed, to nothing */
            b->stats.files++;
            sw_error(&msg, SW_EIO, "'%s' is a symbolic link to nothing", e->fts_path);
            rc = fail_path(b, e->fts_path, msg, errmsg);
            free(msg);
            msg = NULL;
            break;
        case FTS_DC: /* followed, back to a folder it is in */
            sw_error(&msg, SW_EIO, "'%s' leads back to a folder it is in: not walked again",
                     e->fts_path);
            note(b, msg);
            free(msg);
            msg = NULL;
            break;
        case FTS_DNR:
        case FTS_ERR:
        case FTS_NS:
            b->stats.files++;
            rc = fail_errno(b, "read", e->fts_path, e->fts_errno, errmsg);
            break;
        default: break;
        }
    }
    fts_close(fts);
    if (rc || stopped(b))
        return rc;
    if (found) {
        char abs[PATH_MAX];
        rc = batch_begin(b, errmsg);
        return rc ? rc
                  : sw_store_set_failure(b->store, realpath(path, abs) ? abs : path, NULL, errmsg);
    }
    sw_error(&msg, SW_ENOTFOUND, "no pages found under '%s'", path);
    rc = fail_path(b, path, msg, errmsg);
    free(msg);
    return rc;
}

static int add_path(sw_batch *b, const char *path, char **errmsg) {
    struct stat st;
    if (stat(path, &st) != 0) {
        int err = errno;
        b->stats.files++;
        if ((err != ENOENT && err != ENOTDIR) || page_file(path))
            return fail_errno(b, "open", path, err, errmsg);
        char *msg = NULL; /* not there, and not a page file's name: a mistyped folder */
        sw_error(&msg, SW_EIO, "no pages found under '%s': %s", path, strerror(err));
        int rc = fail_path(b, path, msg, errmsg);
        free(msg);
        return rc;
    }
    if (S_ISDIR(st.st_mode))
        return add_folder(b, path, errmsg);
    int rc = add_file(b, path, errmsg);
    progress(b);
    return rc;
}

int sw_batch_add_path(sw_batch *b, const char *path, char **errmsg) {
    return batch_check_verdict(b, add_path(b, path, errmsg), errmsg);
}

/* The paths of the recorded failures, each NUL-terminated, one after the other. */
typedef struct failed_list {
    sw_buf paths; /* path\0path\0... */
    int64_t n;    /* how many */
} failed_list;

static int keep_failed(void *ctx, const char *path, const char *reason) {
    (void)reason;
    failed_list *l = ctx;
    sw_buf_add(&l->paths, path, strlen(path) + 1);
    l->n++;
    return l->paths.oom ? SW_ENOMEM : 0;
}

/*
 * One recorded failure: the file read again, or, when it no longer exists, its record dropped
 * with a note (a file that is gone cannot succeed, and keeping it would fail every retry).
 */
static int retry_file(sw_batch *b, const char *path, char **errmsg) {
    struct stat st; /* lstat: a link to nothing (--follow recorded it) is still there */
    if (lstat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
        char *msg = NULL;
        sw_error(&msg, SW_ENOTFOUND, "'%s' is gone: no longer recorded as failed", path);
        note(b, msg);
        free(msg);
        int rc = batch_begin(b, errmsg);
        return rc ? rc : sw_store_set_failure(b->store, path, NULL, errmsg);
    }
    return sw_batch_add_path(b, path, errmsg); /* a file, or a folder that had no pages */
}

int sw_batch_retry_failed(sw_batch *b, int64_t *recorded, char **errmsg) {
    failed_list l = {SW_BUF_INIT, 0};
    /* The whole list first: retrying rewrites the rows it would be walking. */
    int rc = sw_store_failures(b->store, keep_failed, &l, errmsg);
    if (rc == SW_ENOMEM)
        rc = sw_error(errmsg, SW_ENOMEM, "out of memory");
    *recorded = rc ? 0 : l.n;
    for (const char *p = l.paths.data; !rc && p && p < l.paths.data + l.paths.len && !stopped(b);
         p += strlen(p) + 1)
        rc = retry_file(b, p, errmsg);
    sw_buf_release(&l.paths);
    return rc;
}
