/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_read_warc.c - the WARC reader (indexer/read_warc.c) on files built here.
 *
 * Each file is written record by record, plain or with one gzip member per
 * record, noting where each record starts; every record is then read back
 * and checked against those offsets: pages with their URI, date, charset and
 * payload, other records passed over with their reason, and broken records
 * reported with the file's name and the byte offset, reading going on after.
 */
#include "buf.h"
#include "check.h"
#include "error.h"
#include "warc.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#define RECORDS_MAX 16

/* A WARC file being built. */
typedef struct file {
    sw_buf bytes;                        /* the file */
    int gz;                              /* each record is a gzip member */
    unsigned long long off[RECORDS_MAX]; /* where each piece starts in the file */
    int n;                               /* pieces added */
} file;

/* One answer of sw_warc_next, copied. */
typedef struct seen {
    int rc;                                        /* 1, or the error */
    int kind;                                      /* SW_WARC_PAGE or SW_WARC_SKIPPED */
    unsigned long long offset;                     /* the record's offset */
    char uri[128], date[64], charset[32], why[64]; /* its fields ("" for NULL) */
    char body[512];                                /* a page's payload */
    char msg[512];                                 /* an error's message */
} seen;

static void gzip_to(sw_buf *out, const char *s, size_t n) {
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return;
    uLong cap = deflateBound(&z, (uLong)n);
    unsigned char *buf = malloc(cap);
    z.next_in = (unsigned char *)s;
    z.avail_in = (uInt)n;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    if (buf && deflate(&z, Z_FINISH) == Z_STREAM_END)
        sw_buf_add(out, buf, cap - z.avail_out);
    deflateEnd(&z);
    free(buf);
}

/* Appends raw bytes as one piece (a gzip member when f->gz); returns its index. */
static int add_raw(file *f, const char *s, size_t n) {
    CHECK(f->n < RECORDS_MAX);
    f->off[f->n] = f->bytes.len;
    if (f->gz)
        gzip_to(&f->bytes, s, n);
    else
        sw_buf_add(&f->bytes, s, n);
    return f->n++;
}

/*
 * Appends a record of WARC-Type `type` holding `block`; `uri` and `ctype` may
 * be NULL, `clen` is the Content-Length written (-1: the block's length,
 * -2: none at all). Returns its index.
 */
static int add_record(file *f, const char *type, const char *uri, const char *ctype,
                      const char *block, long clen) {
    sw_buf r = SW_BUF_INIT;
    sw_buf_addf(&r, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%d>\r\n", type, f->n);
    if (uri)
        sw_buf_addf(&r, "WARC-Target-URI: %s\r\n", uri);
    sw_buf_adds(&r, "WARC-Date: 2026-02-03T08:00:00Z\r\n");
    if (ctype)
        sw_buf_addf(&r, "Content-Type: %s\r\n", ctype);
    if (clen != -2)
        sw_buf_addf(&r, "Content-Length: %ld\r\n", clen == -1 ? (long)strlen(block) : clen);
    sw_buf_addf(&r, "\r\n%s\r\n\r\n", block);
    int i = add_raw(f, r.data, r.len);
    sw_buf_release(&r);
    return i;
}

static void copy(char *dst, size_t cap, const char *s) { snprintf(dst, cap, "%s", s ? s : ""); }

/* Writes the file under a temporary path, opens it as `name` and reads every record into out. */
static int read_all(const file *f, const char *name, seen *out, int max) {
    char path[] = "/tmp/souwen-test-warc.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return 0;
    CHECK(write(fd, f->bytes.data, f->bytes.len) == (ssize_t)f->bytes.len);
    close(fd);
    sw_warc *w = NULL;
    char *err = NULL;
    int n = 0;
    memset(out, 0, (size_t)max * sizeof(*out));
    CHECK_INT(sw_warc_open(path, name, &w, &err), 0);
    while (w && n < max) {
        sw_warc_record rec;
        int rc = sw_warc_next(w, &rec, &err);
        if (rc == 0)
            break;
        seen *s = &out[n++];
        s->rc = rc;
        if (rc == 1) {
            s->kind = rec.kind;
            s->offset = rec.offset;
            copy(s->uri, sizeof(s->uri), rec.uri);
            copy(s->date, sizeof(s->date), rec.date);
            copy(s->charset, sizeof(s->charset), rec.charset);
            copy(s->why, sizeof(s->why), rec.why);
            if (rec.kind == SW_WARC_PAGE)
                snprintf(s->body, sizeof(s->body), "%.*s", (int)rec.body_len, rec.body);
        } else {
            copy(s->msg, sizeof(s->msg), err);
        }
        free(err);
        err = NULL;
        if (rc == SW_EIO)
            break;
    }
    CHECK(n < max); /* the reader reached the end */
    sw_warc_close(w);
    free(err);
    unlink(path);
    return n;
}

/* Whether some answer is an error whose message holds `want`. */
static int said(const seen *s, int n, const char *want) {
    for (int i = 0; i < n; i++)
        if (s[i].rc < 0 && strstr(s[i].msg, want))
            return 1;
    return 0;
}

/* The answer that is a page of this URI, or NULL. */
static const seen *page(const seen *s, int n, const char *uri) {
    for (int i = 0; i < n; i++)
        if (s[i].rc == 1 && s[i].kind == SW_WARC_PAGE && !strcmp(s[i].uri, uri))
            return &s[i];
    return NULL;
}

static const char page_block[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gbk\r\n\r\n"
                                 "<html><title>江边步道全线贯通</title></html>";
static const char chunked_block[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                    "Transfer-Encoding: chunked\r\n\r\n"
                                    "6\r\n<html>\r\n7\r\n</html>\r\n0\r\n\r\n";

#define HTTP_MSG "application/http; msgtype=response"

/* The same records in every layout: what is written, and what it reads as. */
static const struct mixed {
    const char *type, *uri, *ctype, *block; /* the record written */
    int kind;                               /* what it reads as */
    const char *why;                        /* SW_WARC_SKIPPED: the reason */
    const char *charset, *body;             /* SW_WARC_PAGE: the charset ("" none), payload */
} mixed[] = {
    {"warcinfo", NULL, "application/warc-fields", "software: test\r\n", SW_WARC_SKIPPED,
     "warcinfo record", NULL, NULL},
    {"request", "https://a.example.cn/1.html", "application/http; msgtype=request",
     "GET /1.html HTTP/1.1\r\nHost: a.example.cn\r\n", SW_WARC_SKIPPED, "request record", NULL,
     NULL},
    {"response", "https://a.example.cn/1.html", HTTP_MSG, page_block, SW_WARC_PAGE, NULL, "gbk",
     "<html><title>江边步道全线贯通</title></html>"},
    /* A revisit holds no payload of its own: a capture of its URI, the payload unchanged. */
    {"revisit", "https://a.example.cn/1.html", HTTP_MSG,
     "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", SW_WARC_REVISIT, NULL, NULL, NULL},
    {"response", "https://a.example.cn/logo.png", HTTP_MSG,
     "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG", SW_WARC_SKIPPED, "image/png",
     NULL, NULL},
    {"response", "https://a.example.cn/gone.html", HTTP_MSG,
     "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>gone</html>", SW_WARC_GONE,
     NULL, NULL, NULL},
    /* Any other status of a page is passed over. */
    {"response", "https://a.example.cn/err.html", HTTP_MSG,
     "HTTP/1.1 500 Server Error\r\nContent-Type: text/html\r\n\r\n<html>err</html>",
     SW_WARC_SKIPPED, "HTTP status 500", NULL, NULL},
    {"resource", "https://a.example.cn/big5.html", "text/html; charset=big5",
     "<html>resource</html>", SW_WARC_PAGE, NULL, "big5", "<html>resource</html>"},
    {"response", "https://a.example.cn/chunked.html", HTTP_MSG, chunked_block, SW_WARC_PAGE, NULL,
     "", "<html></html>"},
};
#define NMIXED (int)(sizeof(mixed) / sizeof(mixed[0]))

/* A response record holding page_block, with this Content-Length (see add_record). */
static int add_page(file *f, const char *uri, long clen) {
    return add_record(f, "response", uri, HTTP_MSG, page_block, clen);
}

static void add_mixed(file *f) {
    for (int i = 0; i < NMIXED; i++)
        add_record(f, mixed[i].type, mixed[i].uri, mixed[i].ctype, mixed[i].block, -1);
}

/* add_mixed's records read back, each at its offset (all at 0 in a whole-file gzip). */
static void check_mixed(const seen *s, int n, const file *f, int whole_gz) {
    CHECK_INT(n, NMIXED);
    for (int i = 0; i < n && i < NMIXED; i++) {
        const struct mixed *m = &mixed[i];
        CHECK_INT(s[i].rc, 1);
        CHECK_INT(s[i].offset, whole_gz ? 0 : f->off[i]);
        CHECK_INT(s[i].kind, m->kind);
        CHECK_STR(s[i].uri, m->uri ? m->uri : "");
        CHECK_STR(s[i].date, "2026-02-03T08:00:00Z");
        CHECK_STR(s[i].why, m->why ? m->why : "");
        if (m->kind == SW_WARC_PAGE) {
            CHECK_STR(s[i].charset, m->charset);
            CHECK_STR(s[i].body, m->body);
        }
    }
}

static void test_plain(void) {
    file f = {.gz = 0};
    add_mixed(&f);
    seen s[RECORDS_MAX];
    int n = read_all(&f, "t.warc", s, RECORDS_MAX);
    check_mixed(s, n, &f, 0);
    sw_buf_release(&f.bytes);
}

static void test_gzip_per_record(void) {
    file f = {.gz = 1};
    add_mixed(&f);
    seen s[RECORDS_MAX];
    int n = read_all(&f, "t.warc.gz", s, RECORDS_MAX);
    check_mixed(s, n, &f, 0); /* each record at its member's offset in the file */
    sw_buf_release(&f.bytes);
}

static void test_gzip_whole_file(void) {
    file plain = {.gz = 0}, f = {.gz = 0};
    add_mixed(&plain);
    gzip_to(&f.bytes, plain.bytes.data, plain.bytes.len);
    seen s[RECORDS_MAX];
    int n = read_all(&f, "t.warc.gz", s, RECORDS_MAX);
    check_mixed(s, n, &plain, 1); /* one member: every record is at its offset, 0 */
    sw_buf_release(&plain.bytes);
    sw_buf_release(&f.bytes);
}

/*
 * Broken records in a plain file: each is reported with the file and the
 * record's byte offset, and the good records after it are still read.
 */
static void test_broken_plain(void) {
    file f = {.gz = 0};
    const char junk[] = "not a WARC file at all\r\n";
    add_raw(&f, junk, strlen(junk));
    int short_len = add_page(&f, "https://a.example.cn/short.html", (long)strlen(page_block) - 5);
    int good = add_page(&f, "https://a.example.cn/good.html", -1);
    int no_len = add_page(&f, "https://a.example.cn/nolen.html", -2);
    const char cut_header[] = "WARC/1.0\r\nWARC-Type: response\r\n";
    int cut = add_raw(&f, cut_header, strlen(cut_header));
    int after = add_page(&f, "https://a.example.cn/after.html", -1);
    const char truncated[] = "WARC/1.0\r\nWARC-Type: response\r\n"
                             "WARC-Target-URI: https://a.example.cn/cut.html\r\n"
                             "Content-Length: 1000\r\n\r\nHTTP/1.1 200 OK\r\n";
    int last = add_raw(&f, truncated, strlen(truncated));

    seen s[RECORDS_MAX];
    int n = read_all(&f, "t.warc", s, RECORDS_MAX);
    char want[256];
    CHECK_INT(n, 7);
    CHECK_INT(s[0].rc, SW_EPARSE);
    CHECK_STR(s[0].msg, "'t.warc': no WARC record starts at byte 0; skipping to the next one");
    snprintf(want, sizeof(want),
             "'t.warc': the record at byte %llu does not end where its Content-Length (%d) says; "
             "skipped",
             f.off[short_len], (int)strlen(page_block) - 5);
    CHECK_STR(s[1].msg, want);
    const seen *p = page(s, n, "https://a.example.cn/good.html");
    CHECK(p && p == &s[2] && p->offset == f.off[good]);
    snprintf(want, sizeof(want), "'t.warc': the record at byte %llu has no Content-Length",
             f.off[no_len]);
    CHECK_STR(s[3].msg, want);
    /* A header that runs into the next record: reported, and that record read. */
    snprintf(want, sizeof(want), "'t.warc': the record at byte %llu has a corrupt header",
             f.off[cut]);
    CHECK_STR(s[4].msg, want);
    p = page(s, n, "https://a.example.cn/after.html");
    CHECK(p && p == &s[5] && p->offset == f.off[after]);
    snprintf(want, sizeof(want),
             "'t.warc' is truncated: the record at byte %llu ends %zu bytes short", f.off[last],
             1000 - strlen("HTTP/1.1 200 OK\r\n"));
    CHECK_STR(s[6].msg, want);
    sw_buf_release(&f.bytes);
}

/*
 * Broken gzip members: a corrupt member is reported with its offset and the
 * reader goes on at the next member; a file cut inside its last member is
 * reported as truncated at that member.
 */
static void test_broken_gzip(void) {
    file f = {.gz = 1};
    int first = add_page(&f, "https://a.example.cn/1.html", -1);
    int bad = add_page(&f, "https://a.example.cn/bad.html", -1);
    int next = add_page(&f, "https://a.example.cn/2.html", -1);
    /* The bad member's deflate data (after its 10-byte gzip header) becomes 0xFF bytes. */
    for (size_t i = f.off[bad] + 10; i < f.off[next]; i++)
        f.bytes.data[i] = (char)0xFF;
    int cut = add_page(&f, "https://a.example.cn/cut.html", -1);
    f.bytes.len = f.off[cut] + 10; /* the last member: its gzip header only */

    seen s[RECORDS_MAX];
    int n = read_all(&f, "t.warc.gz", s, RECORDS_MAX);
    char want[256];
    const seen *p = page(s, n, "https://a.example.cn/1.html");
    CHECK(p && p->offset == f.off[first]);
    /* (Met while filling the window, it may be reported after the record that follows.) */
    snprintf(want, sizeof(want), "'t.warc.gz': corrupt gzip data in the member at byte %llu",
             f.off[bad]);
    CHECK(said(s, n, want));
    CHECK(page(s, n, "https://a.example.cn/bad.html") == NULL);
    p = page(s, n, "https://a.example.cn/2.html");
    CHECK(p && p->offset == f.off[next]);
    snprintf(want, sizeof(want),
             "'t.warc.gz' is truncated: the gzip member at byte %llu ends early", f.off[cut]);
    CHECK(n > 0 && s[n - 1].rc == SW_EPARSE && !strcmp(s[n - 1].msg, want));
    CHECK_INT(n, 4);
    sw_buf_release(&f.bytes);
}

int main(void) {
    test_plain();
    test_gzip_per_record();
    test_gzip_whole_file();
    test_broken_plain();
    test_broken_gzip();
    return check_done();
}
