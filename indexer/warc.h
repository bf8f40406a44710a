/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * warc.h - a streaming reader of WARC files (ISO 28500), plain or gzipped.
 *
 * Records are read one at a time through a fixed window of memory, whatever
 * the file size: a payload is held in memory only up to SW_WARC_MAX_PAYLOAD;
 * larger records are skipped (and reported) without being read into memory.
 * Both whole-file gzip and one gzip member per record are read. A corrupt or
 * truncated record is reported with the file and byte offset, and the reader
 * goes on at the next line that starts a record ("WARC/1.").
 */
#ifndef SW_WARC_H
#define SW_WARC_H

#include <stddef.h>
#include <stdint.h>

#define SW_WARC_MAX_PAYLOAD (16u << 20) /* larger HTTP payloads are skipped */

typedef struct sw_warc sw_warc;

enum {
    SW_WARC_PAGE = 1,    /* an HTML payload to index */
    SW_WARC_SKIPPED = 2, /* a record of another type, media type or status */
    SW_WARC_REVISIT = 3, /* a revisit record: the URI fetched again, its payload unchanged */
    SW_WARC_GONE = 4     /* a response with HTTP status 404 or 410: the page is gone */
};

/* One record; every pointer is owned by the reader and valid until the next call. */
typedef struct sw_warc_record {
    int kind;            /* SW_WARC_PAGE, SW_WARC_SKIPPED, SW_WARC_REVISIT or SW_WARC_GONE */
    int status;          /* SW_WARC_GONE: the HTTP status (404 or 410) */
    const char *type;    /* WARC-Type, e.g. "response" */
    const char *uri;     /* WARC-Target-URI, or NULL */
    const char *date;    /* WARC-Date, or NULL */
    const char *charset; /* charset of the HTTP (or record) Content-Type, or NULL */
    const char *why;     /* for SW_WARC_SKIPPED: the reason, e.g. "image/png" */
    const char *body;    /* the payload: de-chunked, decompressed (SW_WARC_PAGE) */
    size_t body_len;     /* its length */
    uint64_t offset;     /* byte offset of the record in the file (see read_warc.c) */
} sw_warc_record;

/* Opens `path`; `name` (a copy is kept) is used in messages. */
int sw_warc_open(const char *path, const char *name, sw_warc **out, char **errmsg);

/*
 * Reads the next record into *rec: returns 1, 0 at the end of the file,
 * SW_EPARSE for a corrupt, truncated or oversized record (with a message
 * naming the file and byte offset; call again to go on with the next
 * record), or SW_EIO when the file cannot be read (stop).
 */
int sw_warc_next(sw_warc *w, sw_warc_record *rec, char **errmsg);

void sw_warc_close(sw_warc *w);

/* Whether data[0..len) looks like the start of a WARC file (plain, or a gzip member). */
int sw_warc_sniff(const char *data, size_t len);

#endif
