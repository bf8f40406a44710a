/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read_warc.c - the streaming WARC reader of warc.h, over zlib.
 *
 * Three layers, each with bounded memory: the file is read in 64 KB blocks
 * and inflated member by member (a gzip member ending is not the end: the
 * next one follows, which covers both whole-file gzip and one member per
 * record); the inflated bytes pass through a window from which header lines
 * are cut; a record's block is copied out only when it is a response or
 * resource record no larger than SW_WARC_MAX_PAYLOAD, else skipped in
 * place. The HTTP layer then removes chunked transfer-encoding and each
 * gzip/deflate content-coding, last applied first; a coding it cannot undo
 * or a payload inflating past INFLATED_MAX is refused with its reason.
 *
 * sw_warc_next reads a record in named steps: record_start (to its first
 * line), record_header (the WARC fields), record_wanted, record_block and
 * record_end (the block and the CRLF CRLF after it), then record_payload
 * (for a response, http_payload).
 *
 * Offsets in messages: for a plain file, the record's byte offset; for a
 * gzipped file, the offset of the gzip member in which the record starts
 * (with one member per record, that is the record's offset in the file).
 *
 * Recovery: after a bad record (a Content-Length that does not end at the
 * record separator, a header that is not a WARC header, corrupt gzip data)
 * the reader scans for the next line starting "WARC/1."; when the block of a
 * record read whole holds such a line (its Content-Length was too long), the
 * reader resumes from there, so the next record is not lost.
 */
#include "warc.h"

#include "buf.h"
#include "charset.h"
#include "error.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define IN_BLOCK (64u << 10)       /* compressed bytes read at a time */
#define LINE_MAX_BYTES (64u << 10) /* a header line longer than this is corrupt */
#define HEADERS_MAX 200            /* header lines per record (WARC or HTTP) */
#define INFLATED_MAX (32u << 20)   /* a decompressed HTTP payload larger than this is skipped */
#define RECORD_START "WARC/1."     /* how the first line of a record starts */
#define RECORD_START_LEN 7

struct sw_warc {
    FILE *f;                    /* the file */
    int gz;                     /* the file is gzip */
    z_stream z;                 /* the inflater, when gz */
    int in_member;              /* inside a gzip member */
    unsigned char in[IN_BLOCK]; /* compressed input block */
    uint64_t fpos;              /* file bytes read so far */
    uint64_t member_off;        /* file offset of the current gzip member */
    int eof;                    /* no more input (file end, or an unrecoverable error) */
    char *d;                    /* the inflated window */
    size_t ds, de, dcap;        /* valid bytes d[ds..de), allocated */
    uint64_t upos;              /* inflated offset of d[ds] */
    int resync;                 /* scanning for the next "WARC/1." after an error */
    char *pending;              /* an error met while filling, reported at the next call */
    /* The record being read; sw_warc_record points into these. */
    uint64_t rec_off;                  /* its offset, as messages give it (see where) */
    long long clen;                    /* its Content-Length: -1 none, -2 not a number */
    char type[64];                     /* WARC-Type */
    char *uri, *date;                  /* WARC-Target-URI, WARC-Date (malloc'd), or NULL */
    char ctype[128];                   /* its Content-Type (a resource record's media type) */
    char http_date[24];                /* its HTTP Date header as a capture time, or "" */
    sw_buf block;                      /* its block (HTTP message or resource) */
    sw_buf body;                       /* the de-chunked, decompressed payload */
    char charset[SW_CHARSET_NAME_MAX]; /* from the HTTP (or record) Content-Type */
    char why[160];                     /* skip reason */
    char name[];                       /* the file's name, for messages */
};

static uint64_t where(const sw_warc *w, uint64_t upos) { return w->gz ? w->member_off : upos; }

/* Whether s[0..n) is the first line of a record. */
static int starts_record(const char *s, size_t n) {
    return n >= RECORD_START_LEN && memcmp(s, RECORD_START, RECORD_START_LEN) == 0;
}

/* The first line in s[0..n) that starts a record: a pointer to the '\n' before it, or NULL. */
static const char *record_in(const char *s, size_t n) {
    return memmem(s, n, "\n" RECORD_START, RECORD_START_LEN + 1);
}

int sw_warc_sniff(const char *data, size_t len) {
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b)
        return 1; /* gzip: the caller decides by extension whether it is a WARC */
    return starts_record(data, len);
}

int sw_warc_open(const char *path, const char *name, sw_warc **out, char **errmsg) {
    size_t nlen = strlen(name);
    sw_warc *w = calloc(1, sizeof(*w) + nlen + 1);
    if (w)
        memcpy(w->name, name, nlen + 1);
    if (!w || !(w->d = malloc(2 * LINE_MAX_BYTES))) {
        sw_warc_close(w);
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    w->dcap = 2 * LINE_MAX_BYTES;
    /*
     * O_NONBLOCK and a look at the file before reading: a FIFO or a device named *.warc would
     * otherwise block the batch, and its writer lock, for ever.
     */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    int rc = 0;
    if (fd < 0 || fstat(fd, &st) != 0)
        rc = sw_error(errmsg, SW_EIO, "unable to open '%s': %s", name, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = sw_error(errmsg, SW_EIO, "'%s' is not a regular file", name);
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
             !(w->f = fdopen(fd, "rb")))
        rc = sw_error(errmsg, SW_EIO, "unable to open '%s': %s", name, strerror(errno));
    if (rc) {
        if (fd >= 0)
            close(fd);
        sw_warc_close(w);
        return rc;
    }
    int c0 = getc(w->f), c1 = getc(w->f);
    w->gz = c0 == 0x1f && c1 == 0x8b;
    rewind(w->f);
    if (w->gz && inflateInit2(&w->z, 15 + 16) != Z_OK) {
        sw_warc_close(w);
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    *out = w;
    return 0;
}

void sw_warc_close(sw_warc *w) {
    if (!w)
        return;
    if (w->gz)
        inflateEnd(&w->z);
    if (w->f)
        fclose(w->f);
    free(w->d);
    free(w->pending);
    free(w->uri), free(w->date);
    sw_buf_release(&w->block), sw_buf_release(&w->body);
    free(w);
}

static void set_pending(sw_warc *w, char *msg) {
    if (!w->pending)
        w->pending = msg;
    else
        free(msg);
}

/* Hands the error met while filling to the caller: SW_EPARSE, its message in *errmsg. */
static int take_pending(sw_warc *w, char **errmsg) {
    free(*errmsg);
    *errmsg = w->pending;
    w->pending = NULL;
    return SW_EPARSE;
}

/* Reads more compressed input after the bytes the inflater has not used; the bytes read. */
static size_t read_in(sw_warc *w) {
    if (w->z.avail_in)
        memmove(w->in, w->z.next_in, w->z.avail_in);
    size_t n = fread(w->in + w->z.avail_in, 1, IN_BLOCK - w->z.avail_in, w->f);
    w->fpos += n;
    w->z.next_in = w->in;
    w->z.avail_in += (uInt)n;
    return n;
}

/* Scans the compressed input for the next gzip member header; 1 found, 0 at end of file. */
static int seek_member(sw_warc *w) {
    for (;;) {
        while (w->z.avail_in >= 3) {
            unsigned char *p = memchr(w->z.next_in, 0x1f, w->z.avail_in - 2);
            if (!p) {
                w->z.next_in += w->z.avail_in - 2;
                w->z.avail_in = 2;
                break;
            }
            size_t skip = (size_t)(p - w->z.next_in);
            w->z.next_in += skip;
            w->z.avail_in -= (uInt)skip;
            if (p[1] == 0x8b && p[2] == 0x08)
                return 1;
            w->z.next_in++;
            w->z.avail_in--;
        }
        if (feof(w->f) || ferror(w->f) || read_in(w) == 0)
            return 0;
    }
}

/*
 * Starts the gzip member at the compressed input; bytes that are not gzip
 * there are reported and skipped up to the next member. 0 at end of file.
 */
static int start_member(sw_warc *w) {
    w->member_off = w->fpos - w->z.avail_in;
    if (w->z.avail_in >= 2 && (w->z.next_in[0] != 0x1f || w->z.next_in[1] != 0x8b)) {
        char *m = NULL;
        sw_error(&m, SW_EPARSE, "'%s': bytes that are not gzip at byte %llu; skipped", w->name,
                 (unsigned long long)w->member_off);
        set_pending(w, m);
        w->resync = 1;
        if (!seek_member(w))
            return 0;
        w->member_off = w->fpos - w->z.avail_in;
    }
    inflateReset(&w->z);
    w->in_member = 1;
    return 1;
}

/*
 * Inflates into the window, member after member: >0 bytes added, 0 at the
 * end. A member the file cuts short or corrupt data is reported (pending);
 * after corrupt data the inflater goes on at the next member.
 */
static size_t inflate_more(sw_warc *w) {
    for (;;) {
        if (w->z.avail_in == 0 && read_in(w) == 0) {
            if (w->in_member) {
                char *m = NULL;
                sw_error(&m, SW_EPARSE,
                         "'%s' is truncated: the gzip member at byte %llu ends early", w->name,
                         (unsigned long long)w->member_off);
                set_pending(w, m);
            }
            w->eof = 1;
            return 0;
        }
        if (!w->in_member && !start_member(w)) {
            w->eof = 1;
            return 0;
        }
        w->z.next_out = (unsigned char *)w->d + w->de;
        w->z.avail_out = (uInt)(w->dcap - w->de);
        int zr = inflate(&w->z, Z_NO_FLUSH);
        size_t got = (w->dcap - w->de) - w->z.avail_out;
        w->de += got;
        if (zr == Z_STREAM_END) {
            w->in_member = 0;
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            char *m = NULL;
            sw_error(&m, SW_EPARSE, "'%s': corrupt gzip data in the member at byte %llu (%s)",
                     w->name, (unsigned long long)w->member_off,
                     w->z.msg ? w->z.msg : "inflate failed");
            set_pending(w, m);
            w->resync = 1;
            w->in_member = 0;
            if (w->z.avail_in) {
                w->z.next_in++;
                w->z.avail_in--;
            }
            if (!seek_member(w)) {
                w->eof = 1;
                return got;
            }
        }
        if (got)
            return got;
    }
}

/* Appends inflated (or plain) bytes to the window; >0 bytes added, 0 at the end. */
static size_t fill(sw_warc *w) {
    if (w->ds > 0 && (w->ds > w->dcap / 2 || w->de == w->dcap)) {
        memmove(w->d, w->d + w->ds, w->de - w->ds);
        w->de -= w->ds;
        w->ds = 0;
    }
    if (w->de == w->dcap || w->eof)
        return 0;
    if (w->gz)
        return inflate_more(w);
    size_t n = fread(w->d + w->de, 1, w->dcap - w->de, w->f);
    w->fpos += n;
    w->de += n;
    if (n == 0)
        w->eof = 1;
    return n;
}

/* Marks the window's next n bytes read. */
static void consume(sw_warc *w, size_t n) {
    w->ds += n;
    w->upos += n;
}

/*
 * The window's next bytes, at most max of them, filling it when it is empty:
 * their count, 0 at the end of input; *at points at them.
 */
static size_t window(sw_warc *w, size_t max, const char **at) {
    if (w->ds == w->de && !fill(w))
        return 0;
    size_t k = w->de - w->ds;
    *at = w->d + w->ds;
    return k < max ? k : max;
}

/* The next line (without its end) in line and n; 0 at the end of input. Long lines are cut. */
static int get_line(sw_warc *w, const char **line, size_t *n, uint64_t *at) {
    for (;;) {
        char *nl = memchr(w->d + w->ds, '\n', w->de - w->ds);
        if (nl || w->de - w->ds >= LINE_MAX_BYTES || !fill(w)) {
            if (w->ds == w->de && !nl)
                return 0;
            size_t len = nl ? (size_t)(nl - (w->d + w->ds)) : w->de - w->ds;
            if (len > LINE_MAX_BYTES)
                len = LINE_MAX_BYTES;
            *line = w->d + w->ds;
            *at = w->upos;
            consume(w, len + (nl && len == (size_t)(nl - (w->d + w->ds)) ? 1 : 0));
            *n = len && (*line)[len - 1] == '\r' ? len - 1 : len;
            return 1;
        }
    }
}

/* Copies (into b, when not NULL) or skips n bytes; returns the bytes actually there. */
static size_t take(sw_warc *w, size_t n, sw_buf *b) {
    size_t done = 0, k;
    const char *c;
    while (done < n && (k = window(w, n - done, &c)) > 0) {
        if (b)
            sw_buf_add(b, c, k);
        consume(w, k);
        done += k;
    }
    return done;
}

/* Puts bytes back in front of the window (they were read as a block but start a record). */
static int unread(sw_warc *w, const char *s, size_t n) {
    size_t have = w->de - w->ds;
    if (n + have > w->dcap) {
        char *d = malloc(n + have + LINE_MAX_BYTES);
        if (!d)
            return SW_ENOMEM;
        memcpy(d + n, w->d + w->ds, have);
        free(w->d);
        w->d = d;
        w->dcap = n + have + LINE_MAX_BYTES;
    } else {
        memmove(w->d + n, w->d + w->ds, have);
    }
    memcpy(w->d, s, n);
    w->ds = 0;
    w->de = n + have;
    w->upos -= n;
    return 0;
}

/*
 * Skips an oversized record of n bytes without holding it. A claim larger
 * than the file (a record "of 10 GB" in a small file) would swallow every
 * record after it: so from the first line that starts a record inside the
 * skipped bytes, up to SW_WARC_MAX_PAYLOAD of them are kept, and when the
 * file ends before n bytes they are put back to be read as records. A real
 * huge record keeps at most that much for as long as it is skipped.
 * Returns the bytes actually there.
 */
static size_t skip_watching(sw_warc *w, size_t n) {
    sw_buf keep = SW_BUF_INIT;
    int keeping = 0;
    size_t done = 0, k;
    const char *c;
    while (done < n && (k = window(w, n - done, &c)) > 0) {
        if (!keeping) {
            const char *r = record_in(c, k);
            if (r) {
                keeping = 1;
                sw_buf_add(&keep, r + 1, k - (size_t)(r + 1 - c));
            }
        } else if (keeping == 1) {
            if (keep.len + k > SW_WARC_MAX_PAYLOAD || keep.oom) {
                keeping = 2; /* too much to keep: a real record, skipped whole */
                sw_buf_release(&keep);
            } else {
                sw_buf_add(&keep, c, k);
            }
        }
        consume(w, k);
        done += k;
    }
    if (done < n && keeping == 1 && keep.len && !keep.oom)
        unread(w, keep.data, keep.len);
    sw_buf_release(&keep);
    return done;
}

/* Whether line[0..n) is the header `name` (in any case): its value, trimmed, in *val and *vn. */
static int header(const char *line, size_t n, const char *name, const char **val, size_t *vn) {
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
        return 0;
    size_t i = k + 1;
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    size_t e = n;
    while (e > i && (line[e - 1] == ' ' || line[e - 1] == '\t'))
        e--;
    *val = line + i;
    *vn = e - i;
    return 1;
}

static void copy_to(char *dst, size_t cap, const char *s, size_t n) {
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* The charset a Content-Type value names (see charset.h) into w->charset; "" when none. */
static void set_charset(sw_warc *w, const char *ct, size_t n) {
    if (!sw_charset_from_content_type(ct, n, w->charset))
        w->charset[0] = '\0';
}

static int is_html_type(const char *ct, size_t n) {
    return (n >= 9 && !strncasecmp(ct, "text/html", 9)) ||
           (n >= 21 && !strncasecmp(ct, "application/xhtml+xml", 21));
}
enum { CODING_GZIP = 1, CODING_DEFLATE = 2 };
#define CODINGS_MAX 4 /* content-codings a payload may carry, in the order applied */

/*
 * Adds the content-codings listed in a Content-Encoding value ("gzip",
 * "gzip, gzip", "deflate" ...) to codings[*n]; identity adds nothing. The
 * first coding souwen cannot decode is copied to `unknown`; more than
 * CODINGS_MAX are counted in *n and refused by the caller.
 */
static void add_codings(const char *v, size_t vn, int codings[CODINGS_MAX], int *n,
                        char unknown[32]) {
    for (size_t i = 0; i < vn;) {
        while (i < vn && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            i++;
        size_t k = 0;
        while (i + k < vn && v[i + k] != ',' && v[i + k] != ' ' && v[i + k] != '\t' &&
               v[i + k] != ';')
            k++;
        if (k == 0)
            break;
        const char *t = v + i;
        int c = (k == 4 && !strncasecmp(t, "gzip", 4)) || (k == 6 && !strncasecmp(t, "x-gzip", 6))
                    ? CODING_GZIP
                : k == 7 && !strncasecmp(t, "deflate", 7)  ? CODING_DEFLATE
                : k == 8 && !strncasecmp(t, "identity", 8) ? 0
                                                           : -1;
        if (c < 0 && !unknown[0])
            copy_to(unknown, 32, t, k);
        else if (c > 0 && (*n)++ < CODINGS_MAX)
            codings[*n - 1] = c;
        i += k;
        while (i < vn && v[i] != ',')
            i++; /* parameters, if a server sends any */
    }
}

/*
 * Undoes the content-codings of pay[0..plen), last applied first, into out.
 * 0, or SW_EPARSE with a message naming the record and what went wrong.
 */
static int decode_codings(sw_warc *w, const char *pay, size_t plen, const int *codings, int n,
                          sw_buf *out, char **msg) {
    unsigned long long off = w->rec_off;
    sw_buf cur = SW_BUF_INIT, next = SW_BUF_INIT;
    const char *in = pay;
    size_t inlen = plen;
    int rc = 0;
    for (int i = n - 1; i >= 0 && !rc; i--) {
        sw_buf_reset(&next);
        rc = sw_buf_inflate(&next, in, inlen, 15 + 32, NULL, 0, 1, INFLATED_MAX);
        if (rc == SW_EPARSE && codings[i] == CODING_DEFLATE) {
            sw_buf_reset(&next); /* deflate without the zlib wrapper, as some servers send it */
            rc = sw_buf_inflate(&next, in, inlen, -15, NULL, 0, 1, INFLATED_MAX);
        }
        int over = rc == SW_ENOMEM && next.len > INFLATED_MAX;
        const char *name = codings[i] == CODING_GZIP ? "gzip" : "deflate";
        if (over)
            rc = sw_error(msg, SW_EPARSE,
                          "'%s': the record at byte %llu has a %s payload that decompresses to "
                          "more than the %u MB limit; skipped",
                          w->name, off, name, INFLATED_MAX >> 20);
        else if (rc == SW_ENOMEM)
            rc = sw_error(msg, SW_ENOMEM, "out of memory reading '%s'", w->name);
        else if (rc)
            rc = sw_error(msg, SW_EPARSE,
                          "'%s': the record at byte %llu has a %s payload that does not "
                          "decompress%s",
                          w->name, off, name, n > 1 ? " (one of its several content-codings)" : "");
        sw_buf t = cur;
        cur = next, next = t;
        in = sw_buf_str(&cur), inlen = cur.len;
    }
    if (!rc)
        sw_buf_add(out, in, inlen);
    sw_buf_release(&cur);
    sw_buf_release(&next);
    return rc;
}

/* What the HTTP header of a response says (see http_head). */
typedef struct http_info {
    int status;               /* the status code, 0 if none */
    int html;                 /* the Content-Type is HTML */
    int chunked;              /* Transfer-Encoding: chunked */
    int typed;                /* it has a Content-Type */
    int codings[CODINGS_MAX]; /* the content-codings, in the order applied */
    int ncodings;             /* their count (more than CODINGS_MAX: refused) */
    char unknown[32];         /* the first content-coding souwen cannot undo, or "" */
} http_info;

/*
 * An HTTP Date header, v[0..n) ("Tue, 03 Feb 2026 07:00:49 GMT", RFC 9110's IMF-fixdate),
 * as a capture time ("2026-02-03T07:00:49Z") into out; "" when it is not one.
 */
static void http_date(const char *v, size_t n, char out[24]) {
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char buf[64], mon[4];
    int d, y, hh, mm, ss, used = 0;
    out[0] = '\0';
    if (n >= sizeof(buf))
        return;
    memcpy(buf, v, n);
    buf[n] = '\0';
    const char *comma = strchr(buf, ',');
    if (!comma ||
        sscanf(comma + 1, " %2d %3s %4d %2d:%2d:%2d GMT%n", &d, mon, &y, &hh, &mm, &ss, &used) !=
            6 ||
        !used || comma[1 + used] != '\0')
        return;
    const char *m = strstr(months, mon);
    if (!m || strlen(mon) != 3 || (m - months) % 3 || d < 1 || d > 31 || y < 1970 || y > 9999 ||
        hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
        return;
    char t[64];
    snprintf(t, sizeof(t), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, (int)(m - months) / 3 + 1, d, hh,
             mm, ss);
    if (strlen(t) == 20)
        memcpy(out, t, 21);
}

/*
 * Whether the URL names a file that is not a page (an image, a script, a style sheet, a
 * font, media, an archive) by the extension of its path: a 404 or a revisit of it is no
 * capture of a page.
 */
static int asset_url(const char *uri) {
    static const char *const exts[] = {
        "jpg",  "jpeg",  "png", "gif", "webp", "svg", "ico", "bmp",  "css",  "js",  "mjs",
        "woff", "woff2", "ttf", "otf", "eot",  "mp3", "mp4", "m4a",  "webm", "flv", "swf",
        "pdf",  "zip",   "rar", "gz",  "7z",   "apk", "exe", "json", "avif", "mov"};
    size_t end = strcspn(uri, "?#");
    const char *dot = NULL;
    for (size_t i = 0; i < end; i++)
        if (uri[i] == '.')
            dot = uri + i;
        else if (uri[i] == '/')
            dot = NULL;
    if (!dot)
        return 0;
    size_t n = (size_t)(uri + end - dot - 1);
    for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++)
        if (strlen(exts[i]) == n && !strncasecmp(dot + 1, exts[i], n))
            return 1;
    return 0;
}

/*
 * Reads the status line and header of the HTTP message at *p (up to end)
 * into h, and w->charset and w->why from its Content-Type; *p moves past
 * the blank line. SW_EPARSE when the block holds no HTTP message.
 */
static int http_head(sw_warc *w, const char **p, const char *end, http_info *h, char **msg) {
    memset(h, 0, sizeof(*h));
    int lines = 0;
    while (*p < end && lines++ < HEADERS_MAX) {
        const char *l = *p, *nl = memchr(l, '\n', (size_t)(end - l));
        size_t n = nl ? (size_t)(nl - l) : (size_t)(end - l);
        /* cppcheck-suppress knownConditionTrueFalse ; n is 0 for an empty line */
        size_t ln = n && l[n - 1] == '\r' ? n - 1 : n;
        const char *v;
        size_t vn;
        *p += n + (nl ? 1 : 0);
        if (lines == 1) {
            if (ln < 12 || strncmp(l, "HTTP/", 5) != 0)
                return sw_error(msg, SW_EPARSE,
                                "'%s': the response record at byte %llu holds no HTTP message",
                                w->name, (unsigned long long)w->rec_off);
            const char *sp = memchr(l, ' ', ln);
            h->status = sp ? atoi(sp + 1) : 0;
        } else if (ln == 0) {
            break;
        } else if (header(l, ln, "Date", &v, &vn)) {
            http_date(v, vn, w->http_date);
        } else if (header(l, ln, "Content-Type", &v, &vn)) {
            h->typed = 1;
            h->html = is_html_type(v, vn);
            set_charset(w, v, vn);
            if (!h->html)
                copy_to(w->why, sizeof(w->why), v, vn);
        } else if (header(l, ln, "Transfer-Encoding", &v, &vn)) {
            h->chunked = vn >= 7 && !strncasecmp(v, "chunked", 7);
        } else if (header(l, ln, "Content-Encoding", &v, &vn)) {
            add_codings(v, vn, h->codings, &h->ncodings, h->unknown);
        }
    }
    return 0;
}

/* Appends the chunks of a chunked body p[0..end) to out; a cut last chunk keeps what is there. */
static void dechunk(const char *p, const char *end, sw_buf *out) {
    while (p < end) {
        char *e;
        unsigned long sz = strtoul(p, &e, 16);
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (e == p || !nl)
            break;
        p = nl + 1;
        if (sz == 0)
            break;
        if (sz > (size_t)(end - p))
            sz = (size_t)(end - p);
        sw_buf_add(out, p, sz);
        p += sz;
        if (p < end && *p == '\r')
            p++;
        if (p < end && *p == '\n')
            p++;
    }
}

/*
 * The HTTP message in w->block: its header into h, then the payload,
 * de-chunked and with its content-codings undone, into w->body. 0, or
 * SW_EPARSE (SW_ENOMEM) with a message naming the record.
 */
static int http_payload(sw_warc *w, http_info *h, char **msg) {
    const char *p = sw_buf_str(&w->block), *end = p + w->block.len;
    unsigned long long off = w->rec_off;
    int rc = http_head(w, &p, end, h, msg);
    if (rc)
        return rc;
    sw_buf_reset(&w->body);
    sw_buf dechunked = SW_BUF_INIT;
    const char *pay = p;
    size_t plen = (size_t)(end - p);
    if (h->chunked) {
        dechunk(p, end, &dechunked);
        pay = sw_buf_str(&dechunked);
        plen = dechunked.len;
    }
    if (h->unknown[0])
        rc = sw_error(msg, SW_EPARSE,
                      "'%s': the record at byte %llu has a payload in content-coding '%s', "
                      "which souwen cannot decode; skipped",
                      w->name, off, h->unknown);
    else if (h->ncodings > CODINGS_MAX)
        rc = sw_error(msg, SW_EPARSE,
                      "'%s': the record at byte %llu has %d content-codings, more than the %d "
                      "souwen undoes; skipped",
                      w->name, off, h->ncodings, CODINGS_MAX);
    else if (h->ncodings)
        rc = decode_codings(w, pay, plen, h->codings, h->ncodings, &w->body, msg);
    else
        sw_buf_add(&w->body, pay, plen);
    sw_buf_release(&dechunked);
    if (!rc && w->body.oom)
        rc = sw_error(msg, SW_ENOMEM, "out of memory reading '%s'", w->name);
    return rc;
}

/*
 * Moves to the first line of the next record: 1 there (*at is its inflated
 * offset), 0 at the end of the file, or an error: one met while filling,
 * bytes where a record should start (reported once, then passed over up to
 * the next record), or SW_EIO when the file cannot be read.
 */
static int record_start(sw_warc *w, uint64_t *at, char **errmsg) {
    const char *line;
    size_t n;
    for (;;) {
        if (w->pending)
            return take_pending(w, errmsg);
        if (!get_line(w, &line, &n, at)) {
            if (w->pending)
                continue;
            if (ferror(w->f))
                return sw_error(errmsg, SW_EIO, "unable to read '%s': %s", w->name,
                                strerror(errno));
            return 0;
        }
        if (starts_record(line, n))
            return 1;
        if (n && !w->resync) {
            w->resync = 1;
            return sw_error(errmsg, SW_EPARSE,
                            "'%s': no WARC record starts at byte %llu; skipping to the next one",
                            w->name, (unsigned long long)where(w, *at));
        }
    }
}

/* One line of a record's WARC header: the fields souwen reads go to w, others are passed over. */
static void header_field(sw_warc *w, const char *line, size_t n) {
    const char *v;
    size_t vn;
    if (header(line, n, "Content-Length", &v, &vn)) {
        char num[32];
        copy_to(num, sizeof(num), v, vn);
        char *e;
        w->clen = strtoll(num, &e, 10);
        if (e == num || *e || w->clen < 0)
            w->clen = -2;
    } else if (header(line, n, "WARC-Type", &v, &vn)) {
        copy_to(w->type, sizeof(w->type), v, vn);
    } else if (header(line, n, "WARC-Target-URI", &v, &vn)) {
        if (vn >= 2 && v[0] == '<' && v[vn - 1] == '>')
            v++, vn -= 2;
        free(w->uri); /* a repeated header: the last one stands */
        w->uri = vn ? strndup(v, vn) : NULL;
        if (w->uri) /* the page's key and shown URL: no control characters (text.h) */
            sw_text_strip(w->uri, 0);
    } else if (header(line, n, "WARC-Date", &v, &vn)) {
        free(w->date);
        w->date = vn ? strndup(v, vn) : NULL;
    } else if (header(line, n, "Content-Type", &v, &vn)) {
        copy_to(w->ctype, sizeof(w->ctype), v, vn);
    }
}

/*
 * Reads the WARC header of the record that starts at w->rec_off into w. 0,
 * or SW_EPARSE for a header that the file cuts, that runs too long or into
 * the next record (read again from its first line), or that gives no
 * usable Content-Length.
 */
static int record_header(sw_warc *w, char **errmsg) {
    unsigned long long off = w->rec_off;
    w->clen = -1;
    w->type[0] = w->ctype[0] = w->charset[0] = w->why[0] = '\0';
    free(w->uri), free(w->date);
    w->uri = w->date = NULL;
    const char *line;
    size_t n;
    uint64_t at;
    for (int lines = 0;;) {
        if (!get_line(w, &line, &n, &at)) {
            w->resync = 1;
            return sw_error(errmsg, SW_EPARSE,
                            "'%s' is truncated: the record at byte %llu ends inside its header",
                            w->name, off);
        }
        if (n == 0)
            break;
        if (++lines > HEADERS_MAX || starts_record(line, n)) {
            w->resync = 1;
            if (starts_record(line, n)) {
                /* the header ran into the next record: resume at its first line */
                char *again = malloc(n + 2);
                if (again) {
                    memcpy(again, line, n);
                    memcpy(again + n, "\r\n", 2);
                    unread(w, again, n + 2);
                    free(again);
                }
            }
            return sw_error(errmsg, SW_EPARSE, "'%s': the record at byte %llu has a corrupt header",
                            w->name, off);
        }
        header_field(w, line, n);
    }
    if (w->clen < 0) {
        w->resync = 1;
        return sw_error(errmsg, SW_EPARSE, "'%s': the record at byte %llu has %s Content-Length",
                        w->name, off, w->clen == -1 ? "no" : "a bad");
    }
    return 0;
}

/*
 * Whether the record is one to read: a response, or a resource record of an
 * HTML media type, with a target URI. For a resource of another media type
 * w->why says which.
 */
static int record_wanted(sw_warc *w) {
    int response = !strcmp(w->type, "response"), resource = !strcmp(w->type, "resource");
    if (!strcmp(w->type, "revisit") && w->uri)
        return 1; /* a capture of the URI, its payload unchanged (the block is not read) */
    if (!(response || resource) || !w->uri)
        return 0;
    if (resource && !is_html_type(w->ctype, strlen(w->ctype))) {
        snprintf(w->why, sizeof(w->why), "%s", w->ctype[0] ? w->ctype : "no media type");
        return 0;
    }
    return 1;
}

/*
 * The CRLF CRLF that ends a record after its block. When it is not there,
 * the Content-Length was wrong: the bytes read are put back and, when the
 * block holds the first line of a record (the length was too long), reading
 * resumes there, so that record is not lost. 0, SW_EPARSE or SW_ENOMEM.
 */
static int record_end(sw_warc *w, char **errmsg) {
    char tail[4];
    sw_buf t = SW_BUF_INIT;
    size_t tn = take(w, 4, &t);
    if (t.oom) {
        sw_buf_release(&t);
        return sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", w->name);
    }
    if (tn)
        memcpy(tail, t.data, tn < 4 ? tn : 4);
    sw_buf_release(&t);
    if (tn == 4 && memcmp(tail, "\r\n\r\n", 4) == 0)
        return 0;
    if (tn)
        unread(w, tail, tn);
    /* (A record line that ends the block exactly is not looked for, as before.) */
    const char *b = sw_buf_str(&w->block);
    const char *r = w->block.len ? record_in(b, w->block.len - 1) : NULL;
    if (r)
        unread(w, r + 1, w->block.len - (size_t)(r + 1 - b));
    w->resync = 1;
    return sw_error(errmsg, SW_EPARSE,
                    "'%s': the record at byte %llu does not end where its Content-Length "
                    "(%lld) says; skipped",
                    w->name, (unsigned long long)w->rec_off, w->clen);
}

/*
 * Reads the record's block into w->block when `wanted`, else passes over it,
 * then its end (record_end). A wanted block over SW_WARC_MAX_PAYLOAD is
 * passed over without being held (skip_watching). 0, or SW_EPARSE (SW_ENOMEM)
 * with the reason.
 */
static int record_block(sw_warc *w, int wanted, char **errmsg) {
    unsigned long long off = w->rec_off;
    long long clen = w->clen;
    if (wanted && (unsigned long long)clen > SW_WARC_MAX_PAYLOAD) {
        size_t got = skip_watching(w, (size_t)clen);
        w->resync = 1;
        if (got < (size_t)clen)
            return sw_error(errmsg, SW_EPARSE,
                            "'%s': the record at byte %llu claims %lld bytes but the file ends "
                            "%llu bytes later; skipped",
                            w->name, off, clen, (unsigned long long)got);
        return sw_error(errmsg, SW_EPARSE,
                        "'%s': the record at byte %llu is %lld bytes, over the %u MB limit; "
                        "skipped",
                        w->name, off, clen, SW_WARC_MAX_PAYLOAD >> 20);
    }
    sw_buf_reset(&w->block);
    size_t got = take(w, (size_t)clen, wanted ? &w->block : NULL);
    if (w->block.oom)
        return sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", w->name);
    if (got < (size_t)clen) {
        w->resync = 1;
        if (w->pending)
            free(w->pending), w->pending = NULL;
        return sw_error(errmsg, SW_EPARSE,
                        "'%s' is truncated: the record at byte %llu ends %llu bytes short", w->name,
                        off, (unsigned long long)((size_t)clen - got));
    }
    return record_end(w, errmsg);
}

/* A record passed over: *rec says so, with w->why, else `fallback`, as the reason. */
static int skipped(sw_warc *w, sw_warc_record *rec, const char *fallback) {
    if (!w->why[0])
        snprintf(w->why, sizeof(w->why), "%s", fallback);
    rec->kind = SW_WARC_SKIPPED;
    rec->why = w->why;
    return 1;
}

/*
 * The payload of a wanted record into *rec: a resource record's block as it
 * is, or a response's HTTP payload (http_payload). A response that is not an
 * HTML page with a 2xx status is skipped with its media type or status, but for a 404 or 410
 * (SW_WARC_GONE: the page is gone) and a revisit record (SW_WARC_REVISIT).
 * 1, or an error from the HTTP layer.
 */
static int record_payload(sw_warc *w, sw_warc_record *rec, char **errmsg) {
    if (!strcmp(w->type, "revisit")) {
        /* Its block is the HTTP header of the fetch, when the crawler wrote it. */
        const char *p = sw_buf_str(&w->block), *end = p + w->block.len;
        http_info h = {0};
        char *msg = NULL;
        if (w->block.len > 5 && !strncmp(p, "HTTP/", 5) && http_head(w, &p, end, &h, &msg)) {
            free(msg); /* a revisit whose header is unreadable is still a revisit */
            h.status = 0;
        }
        if (asset_url(w->uri) || (h.typed && !h.html))
            return skipped(w, rec, "a revisit of a file that is no page");
        if (h.status == 404 || h.status == 410) {
            rec->kind = SW_WARC_GONE;
            rec->status = h.status;
        } else if (!h.status || h.status == 304 || (h.status >= 200 && h.status <= 299)) {
            rec->kind = SW_WARC_REVISIT;
        } else {
            snprintf(w->why, sizeof(w->why), "a revisit with HTTP status %d", h.status);
            return skipped(w, rec, "a revisit");
        }
        rec->date = w->date ? w->date : w->http_date[0] ? w->http_date : NULL;
        return 1;
    }
    if (!strcmp(w->type, "resource")) {
        sw_buf_reset(&w->body);
        sw_buf_add(&w->body, w->block.data, w->block.len);
        set_charset(w, w->ctype, strlen(w->ctype));
    } else {
        http_info h;
        int rc = http_payload(w, &h, errmsg);
        if (rc)
            return rc;
        if (!w->date && w->http_date[0])
            rec->date = w->http_date; /* no WARC-Date: the server's */
        if ((h.status == 404 || h.status == 410) && !asset_url(w->uri)) {
            rec->kind = SW_WARC_GONE; /* a capture: the page is gone at this time */
            rec->status = h.status;
            return 1;
        }
        if (!h.html || h.status < 200 || h.status > 299) {
            char status[32];
            snprintf(status, sizeof(status), "HTTP status %d", h.status);
            if (h.html)
                w->why[0] = '\0'; /* an HTML page: the status is the reason */
            return skipped(w, rec, status);
        }
    }
    rec->kind = SW_WARC_PAGE;
    rec->charset = w->charset[0] ? w->charset : NULL;
    rec->body = sw_buf_str(&w->body);
    rec->body_len = w->body.len;
    return 1;
}

int sw_warc_next(sw_warc *w, sw_warc_record *rec, char **errmsg) {
    memset(rec, 0, sizeof(*rec));
    uint64_t at;
    int rc = record_start(w, &at, errmsg);
    if (rc <= 0)
        return rc;
    w->resync = 0;
    w->rec_off = where(w, at);
    if ((rc = record_header(w, errmsg)))
        return rc;
    w->http_date[0] = '\0';
    rec->type = w->type;
    rec->uri = w->uri;
    rec->date = w->date;
    rec->offset = w->rec_off;
    int wanted = record_wanted(w);
    if ((rc = record_block(w, wanted, errmsg)))
        return rc;
    if (!wanted) {
        char what[80];
        snprintf(what, sizeof(what), "%s record", w->type[0] ? w->type : "untyped");
        return skipped(w, rec, what);
    }
    return record_payload(w, rec, errmsg);
}
