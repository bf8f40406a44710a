/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * index.c - documents and queries over the Xapian shim.
 *
 * Stored layout (also in schema/TERMS.md):
 *
 *   document data   what a hit shows, so that a shard served by xapian-tcpsrv
 *                   answers alone: the kind letter ('a' or 'h'), a 0 byte,
 *                   then the fields of sw_doc in the order of pack_doc
 *                   below, each as a varint (length + 1; 0 for NULL) and
 *                   its bytes (numbers in decimal), ending with captures,
 *                   first_seen, last_seen, and for a headline its timeline
 *                   (doc.h: lines of fields separated by U+001F) and the
 *                   entries its timeline left out
 *   Q<kind><id>     unique id term, used to replace and delete (sw_index_id_term)
 *   T<type>         Tarticle or Theadline (boolean filter)
 *   <word>          free text: title words (wdf TITLE_WDF each, positions from
 *                   1), then body words, then source words, each field
 *                   starting FIELD_GAP positions after the previous one so
 *                   that no phrase matches across fields
 *   S<word>         title words, with positions (title: field)
 *   A<word>         source words, no positions (source: field)
 *   K<word>         headline section words, no positions (section: field)
 *   XA<word>        an article's author words, no positions (author: field); not
 *                   free text
 *   XB<two chars>   every pair of adjacent Chinese characters in the free
 *                   text, without positions, except the pair that is a
 *                   whole two-character word (already a word term), so
 *                   that any string of two or more characters is found
 *                   (as the AND of its pairs, each pair or word) whatever
 *                   the word segmenter did there; positions would
 *                   make the index 1.8 times larger (measured on 20 MB of
 *                   news: 94 MB compacted against 53 MB)
 *   XC<two chars>   the same for the title (title: field)
 *   H<host>         the page host and each parent domain (news.example.cn,
 *                   example.cn), for url:
 *   U<url>          the URL without its scheme (or the file path), at most
 *                   URL_TERM_MAX bytes, for url: prefix matching
 *   Y<yyyy> M<yyyymm> D<yyyymmdd>  boolean: the document's date as its day
 *                   in UTC+08:00, for date: with both ends; none when the page
 *                   gives no date
 *   value 0         the document's date as Xapian sortable_serialise(unix
 *                   seconds); absent when the page gives no date
 *   XS<story>       boolean: an article's story key (stories.key), so that a
 *                   story's pages are found and counted in every shard
 *   XL              boolean: a headline whose link is a crawled article (the
 *                   article shows its listings; searches leave the headline out)
 *   value 1         the kind letter and the document's key (page key or
 *                   headline key), then for an article a NUL, its story key (8
 *                   bytes) and its publication time (6 bytes; add_story_tie):
 *                   equal scores rank in this order, the same in one index, in
 *                   shards, and in shards across machines (keys hold no NUL, so
 *                   the story never decides it); a search by relevance reads
 *                   this value anyway, and collapses stories by its story part,
 *                   keeping of copies of equal weight the one published first
 *   value 2         an article's story key: the collapse key that shows each
 *                   story once in a search by date; absent for headlines
 *   value 3         an article's copy card (pack_card): id, date, fetch and file
 *                   times, name, a hash of its words and its page key, so that a
 *                   story's original is chosen and its copies named without reading
 *                   their text
 *   value 4         what counting reads (pack_tally): the kind letter, then the story
 *                   key (articles), the day in UTC+08:00 (yyyymmdd), source, site (the
 *                   URL's host, lowercased), headline sections and author, each a field as in
 *                   the document data; every document has it, so that one match spy over
 *                   it gives every count and facet (locally and from xapian-tcpsrv)
 *   value 5         the document's id term (Q<kind><id>): what a match spy streaming
 *                   every match (--all) reads to name it, a spy's document knowing
 *                   its docid within its shard only
 *   metadata        "souwen_schema": the schema version (SW_SCHEMA_VERSION, in
 *                   decimal) the index was written with; checked at open
 *
 * Words are the segmenter's normalized tokens; pairs are made from the same
 * normalized (folded) characters. Ranking is BM25 over the free text; giving
 * title words a larger wdf is what weights titles above bodies. This file
 * does not segment queries: query/ does, and builds sw_query trees with the
 * functions below.
 */
#include "index.h"

#include "buf.h"
#include "date.h"
#include "error.h"
#include "shards.h"
#include "story.h"
#include "text.h"
#include "url.h"
#include "util.h"
#include "xapian_shim.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TITLE_WDF 3
#define FIELD_GAP 100
#define SLOT_DATE 0
#define SLOT_IDENTITY 1
#define SLOT_STORY 2
#define SLOT_CARD 3
#define SLOT_TALLY 4
#define SLOT_ID 5
/* An article's page's first capture day (a headline's span's; UTC+08:00), sortable... */
#define SLOT_SEEN_FIRST 6
#define SLOT_SEEN_LAST 7 /* ...and the latest */
#define SLOT_CAPTURED 8  /* captures, first_seen, last_seen, packed as data: after it in hits */
#define SLOT_COUNT 9
#define URL_TERM_MAX 200

struct sw_index {
    xs_db *db;               /* the Xapian database */
    char *dir;               /* its folder, for messages */
    sw_buf term;             /* prefix + term scratch */
    sw_buf vals[SLOT_COUNT]; /* a document's values, by slot (doc_values) */
    sw_index_times times;    /* where writing spent its time */
};

const sw_index_times *sw_index_times_get(const sw_index *x) { return &x->times; }

/*
 * The version the index records against this souwen's: a new writable index
 * records it; another version is refused naming both (unless
 * SW_INDEX_ANY_VERSION).
 */
static int check_schema(sw_index *x, int flags, char **errmsg) {
    int ver = 0;
    int rc = sw_index_schema(x, &ver, errmsg);
    if (!rc && ver == 0 && (flags & SW_INDEX_WRITE))
        rc = sw_index_set_schema(x, SW_SCHEMA_VERSION, errmsg);
    else if (!rc && ver != 0 && ver != SW_SCHEMA_VERSION && !(flags & SW_INDEX_ANY_VERSION))
        rc = sw_error(errmsg, SW_EINDEX,
                      "the index '%s' has schema version %d; this souwen reads version %d%s",
                      x->dir, ver, SW_SCHEMA_VERSION,
                      ver < SW_SCHEMA_VERSION ? " (run souwen-index --upgrade)" : "");
    return rc;
}

int sw_index_open(const char *dir, int flags, sw_index **out, char **errmsg) {
    sw_index *x = calloc(1, sizeof(*x));
    if (!x)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    char *err = NULL;
    xs_set_hit_card(SLOT_CAPTURED);
    int rc = xs_db_open(dir, flags & SW_INDEX_WRITE, &x->db, &err);
    if (rc) {
        sw_error(errmsg, rc, "unable to open the index '%s': %s", dir, err ? err : "");
        free(err);
        free(x);
        return rc;
    }
    if (!(x->dir = strdup(dir))) {
        sw_index_close(x);
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    rc = check_schema(x, flags, errmsg);
    if (rc) {
        sw_index_close(x);
        return rc;
    }
    *out = x;
    return 0;
}

int sw_index_open_many(const char *const *specs, size_t n, sw_index **out, char **errmsg) {
    sw_index *x = calloc(1, sizeof(*x));
    if (!x)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    sw_buf names = SW_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        sw_buf_addf(&names, "%s%s", i ? ", " : "", specs[i]);
    if (names.oom || !(x->dir = sw_buf_detach(&names, NULL))) {
        sw_buf_release(&names);
        free(x);
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    }
    char *err = NULL;
    xs_set_hit_card(SLOT_CAPTURED);
    int rc = xs_db_open_many(specs, n, &x->db, &err);
    if (rc) {
        sw_error(errmsg, rc, "unable to open the index '%s': %s", x->dir, err ? err : "");
        free(err);
        sw_index_close(x);
        return rc;
    }
    rc = check_schema(x, 0, errmsg);
    if (rc) {
        sw_index_close(x);
        return rc;
    }
    *out = x;
    return 0;
}

int sw_index_open_folder(const char *dir, sw_index **out, char **errmsg) {
    char *paths[SW_SHARDS_MAX];
    size_t n = 0;
    int rc = sw_shards_paths(dir, paths, &n, SW_SHARDS_MAX, errmsg);
    if (!rc)
        rc = sw_index_open_many((const char *const *)paths, n, out, errmsg);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    return rc;
}

void sw_index_close(sw_index *x) {
    if (!x)
        return;
    xs_db_close(x->db);
    sw_buf_release(&x->term);
    for (int i = 0; i < SLOT_COUNT; i++)
        sw_buf_release(&x->vals[i]);
    free(x->dir);
    free(x);
}

static int shim_error_in(sw_index *x, char **errmsg, int rc, char *err, const char *what) {
    sw_error(errmsg, rc, "%s '%s': %s", what, x->dir, err ? err : "unknown error");
    free(err);
    return rc;
}

static int shim_error(char **errmsg, int rc, char *err, const char *what) {
    sw_error(errmsg, rc, "%s: %s", what, err ? err : "unknown error");
    free(err);
    return rc;
}

/* State of one field being added to one document. */
typedef struct field_ctx {
    sw_index *x;
    xs_doc *doc;
    const char *prefix;     /* also index under this prefix, or NULL */
    int positional;         /* whether the prefixed terms keep positions */
    unsigned wdf;           /* wdf of each free-text posting (0: none) */
    unsigned pos;           /* last word position used */
    const char *bprefix[2]; /* prefixes for character pairs (NULL: none) */
    char prev[4];           /* the previous Chinese character, UTF-8 */
    size_t prev_len;        /* its length; 0 when the run was broken */
    size_t prev_end;        /* byte offset where the previous token ended */
    const char *text;       /* the field's text */
    size_t last_end;        /* where the last token ended (any token) */
    int last_han;           /* the last token was Chinese */
} field_ctx;

/* Length of the UTF-8 sequence at p if it is a Chinese character, else 0 (util.h). */
static size_t han_at(const unsigned char *p, size_t n) { return sw_utf8_han((const char *)p, n); }

static int add_pair(field_ctx *f, const char *a, size_t al, const char *b, size_t bl) {
    for (int i = 0; i < 2 && f->bprefix[i]; i++) {
        sw_buf *t = &f->x->term;
        sw_buf_reset(t);
        sw_buf_adds(t, f->bprefix[i]);
        sw_buf_add(t, a, al);
        sw_buf_add(t, b, bl);
        if (t->oom)
            return SW_ENOMEM;
        if (xs_doc_add(f->doc, t->data, t->len, 0, 1))
            return SW_EINDEX;
    }
    return 0;
}

/*
 * Adds the character pairs of a token, continuing the run of the previous
 * one when adjacent. A token of exactly two Chinese characters is its own
 * pair and is already a word term: its inner pair is not added again (the
 * query side asks for the pair or the word, see sw_query_pairs), which
 * saves about a third of the pairs of Chinese text.
 */
static int add_pairs(field_ctx *f, const char *term, size_t len, size_t start, size_t end) {
    if (f->prev_len && start != f->prev_end)
        f->prev_len = 0; /* something stood between: the run is broken */
    const unsigned char *p = (const unsigned char *)term;
    size_t k0 = han_at(p, len);
    int two = k0 && k0 < len && han_at(p + k0, len - k0) == len - k0;
    for (size_t i = 0; i < len;) {
        size_t k = han_at(p + i, len - i);
        if (!k) {
            f->prev_len = 0;
            i++;
            while (i < len && (p[i] & 0xC0) == 0x80)
                i++;
            continue;
        }
        if (f->prev_len && !(two && i > 0)) {
            int rc = add_pair(f, f->prev, f->prev_len, term + i, k);
            if (rc)
                return rc;
        }
        memcpy(f->prev, term + i, k);
        f->prev_len = k;
        i += k;
    }
    f->prev_end = end;
    return 0;
}

static int add_token(void *ctx, const char *term, size_t len, size_t start, size_t end,
                     int tflags) {
    field_ctx *f = ctx;
    f->pos++;
    /*
     * Punctuation between two Chinese words is a position of its own, so that no phrase runs
     * across it (京华”为主题 holds no 华为); a space is not (Latin words, and 开源 模型).
     */
    if ((tflags & SW_TOK_HAN) && f->last_han && start > f->last_end) {
        for (size_t i = f->last_end; i < start; i++)
            if (f->text[i] != ' ' && f->text[i] != '\t' && f->text[i] != '\n' &&
                f->text[i] != '\r') {
                f->pos++;
                break;
            }
    }
    f->last_han = (tflags & SW_TOK_HAN) != 0;
    f->last_end = end;
    if (f->wdf && xs_doc_add(f->doc, term, len, f->pos, f->wdf))
        return SW_EINDEX;
    if (f->prefix) {
        sw_buf *t = &f->x->term;
        sw_buf_reset(t);
        sw_buf_adds(t, f->prefix);
        sw_buf_add(t, term, len);
        if (t->oom)
            return SW_ENOMEM;
        if (xs_doc_add(f->doc, t->data, t->len, f->positional ? f->pos : 0, 1))
            return SW_EINDEX;
    }
    if (f->bprefix[0] && (tflags & SW_TOK_HAN || f->prev_len))
        return add_pairs(f, term, len, start, end);
    return 0;
}

static int add_field(field_ctx *f, sw_segmenter *seg, const char *text, const char *prefix,
                     int positional, unsigned wdf, const char *bp0, const char *bp1) {
    if (!text)
        return 0;
    f->prefix = prefix;
    f->text = text;
    f->last_han = 0;
    f->last_end = 0;
    f->positional = positional;
    f->wdf = wdf;
    f->bprefix[0] = bp0;
    f->bprefix[1] = bp1;
    f->prev_len = 0;
    int rc = sw_segment(seg, text, strlen(text), add_token, f);
    f->pos += FIELD_GAP;
    return rc < 0 ? rc : 0;
}

static int add_term(xs_doc *doc, sw_buf *t, const char *prefix, const char *s, size_t n) {
    sw_buf_reset(t);
    sw_buf_adds(t, prefix);
    sw_buf_add(t, s, n);
    if (t->oom)
        return SW_ENOMEM;
    return xs_doc_add(doc, t->data, t->len, 0, 0);
}

/*
 * U<url without scheme> (lower-cased host) and H<host>, H<parent domain>...
 * for a URL; U<path> for a file path.
 */
static int add_url_terms(sw_index *x, xs_doc *doc, const char *url) {
    if (!url || !*url)
        return 0;
    sw_buf u = SW_BUF_INIT;
    const char *p = strstr(url, "://");
    int rc = 0;
    if (p) {
        p += 3;
        size_t hl = strcspn(p, "/?#");
        const char *at = memchr(p, '@', hl); /* user@host */
        if (at) {
            hl -= (size_t)(at + 1 - p);
            p = at + 1;
        }
        size_t colon = hl;
        for (size_t i = 0; i < hl; i++)
            if (p[i] == ':')
                colon = i;
        for (size_t i = 0; i < hl; i++)
            sw_buf_addc(&u, (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + 32 : p[i]));
        sw_buf_adds(&u, p + hl);
        /* The host and its parent domains, down to two labels. */
        const char *h = u.data;
        size_t n = h ? colon : 0; /* none when the copy ran out of memory */
        while (!rc && n) {
            const char *dot = memchr(h, '.', n);
            if (!dot)
                break;
            rc = add_term(doc, &x->term, "H", h, n);
            n -= (size_t)(dot + 1 - h);
            h = dot + 1;
        }
    } else {
        sw_buf_adds(&u, url);
    }
    if (!rc && u.len)
        rc = add_term(doc, &x->term, "U", u.data, u.len > URL_TERM_MAX ? URL_TERM_MAX : u.len);
    rc = u.oom ? SW_ENOMEM : rc;
    sw_buf_release(&u);
    return rc;
}

size_t sw_index_id_term(char out[SW_ID_TERM_MAX], char type, int64_t id) {
    int n = snprintf(out, SW_ID_TERM_MAX, SW_PREFIX_ID "%c%lld", type, (long long)id);
    return n > 0 ? (size_t)n : 0;
}

/* Document data (see the top of this file): one field. */
static void pack_str(sw_buf *b, const char *v) {
    size_t n = v ? strlen(v) + 1 : 0;
    do {
        sw_buf_addc(b, (char)((n & 0x7f) | (n > 0x7f ? 0x80 : 0)));
        n >>= 7;
    } while (n);
    if (v)
        sw_buf_adds(b, v);
}

static void pack_num(sw_buf *b, int64_t v) {
    char num[24];
    snprintf(num, sizeof(num), "%" PRId64, v);
    pack_str(b, num);
}

/*
 * What changes with captures (value SLOT_CAPTURED, read after the data by unpack_doc, and
 * rewritten alone by sw_index_patch): captures, first_seen, last_seen, the listings (an
 * article's), the timeline (a headline's).
 */
static void pack_captured(sw_buf *b, const sw_doc *d) {
    pack_num(b, d->captures);
    pack_str(b, d->first_seen[0] ? d->first_seen : NULL);
    pack_str(b, d->last_seen[0] ? d->last_seen : NULL);
    pack_num(b, d->featured.pages);
    pack_num(b, d->featured.lists);
    pack_str(b, d->featured.first_seen[0] ? d->featured.first_seen : NULL);
    pack_str(b, d->featured.last_seen[0] ? d->featured.last_seen : NULL);
    pack_str(b, d->timeline);
    pack_num(b, d->timeline_cut);
}

static void pack_doc(sw_buf *b, const sw_doc *d) {
    sw_buf_addc(b, d->type);
    sw_buf_addc(b, '\0');
    pack_num(b, d->id);
    pack_str(b, d->key);
    pack_str(b, d->title);
    pack_str(b, d->source);
    pack_str(b, d->date);
    pack_str(b, d->url);
    pack_str(b, d->path);
    pack_str(b, d->sections);
    pack_str(b, d->body);
    pack_num(b, d->occurrences);
    pack_num(b, d->article_at);
    pack_str(b, d->story);
    pack_str(b, d->fetched);
    pack_str(b, d->saved);
    pack_str(b, d->author);
    pack_num(b, d->changed);
    pack_num(b, d->gone);
}

uint64_t sw_index_words(const sw_doc *d) {
    const char *parts[] = {d->title, d->source, d->body ? d->body : d->sections};
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (size_t i = 0; i < 3; i++)
        for (const unsigned char *p = (const unsigned char *)(parts[i] ? parts[i] : "");; p++) {
            h = (h ^ *p) * 0x100000001b3ull;
            if (!*p)
                break;
        }
    return h;
}

/*
 * An article's copy card (value 3): what choosing a story's original and naming its copies
 * reads, so that no copy's text is read for it: id, date, fetched, saved, name (its source,
 * else its site), the hash of its words and its page key (which, with the id, names the copy
 * among several indexes searched together: each numbers its documents alone).
 */
static void pack_card(sw_buf *b, const sw_doc *d) {
    pack_num(b, d->id);
    pack_str(b, d->date);
    pack_str(b, d->fetched);
    pack_str(b, d->saved);
    size_t hl = 0;
    const char *host = d->source && *d->source ? NULL : sw_url_host(d->url, &hl);
    char *name = host ? sw_strndup(host, hl) : NULL;
    pack_str(b, name ? name : d->source && *d->source ? d->source : "?");
    free(name);
    char hash[17];
    snprintf(hash, sizeof(hash), "%016" PRIx64, sw_index_words(d));
    pack_str(b, hash);
    pack_str(b, d->key);
}

typedef struct unpacker {
    const unsigned char *p, *end;
    int bad;
} unpacker;

/*
 * The next field's length as pack_str wrote it (0: NULL, else its bytes + 1), checked against
 * the bytes left; 0 and u->bad when it is not there.
 */
static size_t unpack_len(unpacker *u) {
    size_t n = 0;
    unsigned shift = 0;
    for (;;) {
        if (u->bad || u->p == u->end || shift > 35) {
            u->bad = 1;
            return 0;
        }
        unsigned char c = *u->p++;
        n |= (size_t)(c & 0x7f) << shift;
        shift += 7;
        if (!(c & 0x80))
            break;
    }
    if (n && (size_t)(u->end - u->p) < n - 1) {
        u->bad = 1;
        return 0;
    }
    return n;
}

/* The next field: a malloc'd copy in *out (NULL for a NULL field). */
static void unpack_str(unpacker *u, char **out) {
    *out = NULL;
    size_t n = unpack_len(u);
    if (n == 0)
        return;
    if (!(*out = strndup((const char *)u->p, n - 1))) {
        u->bad = 1;
        return;
    }
    u->p += n - 1;
}

static int64_t unpack_num(unpacker *u) {
    char *v = NULL, *end = NULL;
    unpack_str(u, &v);
    long long n = v ? strtoll(v, &end, 10) : 0;
    if (!v || end == v || *end)
        u->bad = 1;
    free(v);
    return n;
}

static void unpack_fixed(unpacker *u, char *out, size_t cap) {
    char *v = NULL;
    unpack_str(u, &v);
    size_t n = v ? sw_utf8_cut(v, strlen(v), cap - 1) : 0; /* a shard's text may be long */
    memcpy(out, v ? v : "", n);
    out[n] = '\0';
    free(v);
}

/* Fills *d from document data; SW_EINDEX when it is not in this format. */
static int unpack_doc(const char *data, size_t len, sw_doc *d) {
    memset(d, 0, sizeof(*d));
    if (len < 2 || (data[0] != 'a' && data[0] != 'h') || data[1] != '\0')
        return SW_EINDEX;
    unpacker u = {(const unsigned char *)data + 2, (const unsigned char *)data + len, 0};
    d->type = data[0];
    d->id = unpack_num(&u);
    unpack_str(&u, &d->key);
    unpack_str(&u, &d->title);
    unpack_str(&u, &d->source);
    unpack_str(&u, &d->date);
    unpack_str(&u, &d->url);
    unpack_str(&u, &d->path);
    unpack_str(&u, &d->sections);
    unpack_str(&u, &d->body);
    d->occurrences = unpack_num(&u);
    d->article_at = unpack_num(&u);
    unpack_str(&u, &d->story);
    unpack_str(&u, &d->fetched);
    unpack_str(&u, &d->saved);
    unpack_str(&u, &d->author);
    d->changed = (int)unpack_num(&u);
    d->gone = (int)unpack_num(&u);
    if (u.p < u.end) { /* the value after the data (pack_captured) */
        d->captures = unpack_num(&u);
        unpack_fixed(&u, d->first_seen, sizeof(d->first_seen));
        unpack_fixed(&u, d->last_seen, sizeof(d->last_seen));
        d->featured.pages = unpack_num(&u);
        d->featured.lists = unpack_num(&u);
        unpack_fixed(&u, d->featured.first_seen, sizeof(d->featured.first_seen));
        unpack_fixed(&u, d->featured.last_seen, sizeof(d->featured.last_seen));
        unpack_str(&u, &d->timeline);
        d->timeline_cut = unpack_num(&u);
    }
    if (u.bad || u.p != u.end || !d->title) {
        sw_doc_release(d);
        return SW_EINDEX;
    }
    return 0;
}

/* A card written by pack_card into a copy: id, date, fetched, saved, source (its name). */
static int unpack_card(const char *data, size_t len, sw_hit *h) {
    memset(h, 0, sizeof(*h));
    unpacker u = {(const unsigned char *)data, (const unsigned char *)data + len, 0};
    h->doc.type = 'a';
    h->doc.id = unpack_num(&u);
    unpack_str(&u, &h->doc.date);
    unpack_str(&u, &h->doc.fetched);
    unpack_str(&u, &h->doc.saved);
    unpack_str(&u, &h->doc.source);
    char *hash = NULL, *end = NULL;
    unpack_str(&u, &hash);
    h->words = hash ? strtoull(hash, &end, 16) : 0;
    unpack_str(&u, &h->doc.key);
    int bad = u.bad || u.p != u.end || !hash || *end || !h->doc.source;
    free(hash);
    if (bad)
        sw_doc_release(&h->doc);
    return bad ? SW_EINDEX : 0;
}

/*
 * What value 1 holds after an article's key: a NUL, its story key as 8 bytes and, when it is
 * dated, its publication time as 6 bytes, both big-endian (the time offset by 2^47 s), so that
 * a search collapses stories and prefers the copy published first reading value 1 alone.
 */
static void add_story_tie(sw_buf *b, const char *story, int64_t t) {
    uint64_t k;
    if (sw_story_key_value(story, &k))
        return; /* not a key souwen writes: never collapsed */
    sw_buf_addc(b, '\0');
    for (int i = 7; i >= 0; i--)
        sw_buf_addc(b, (char)(unsigned char)(k >> (8 * i)));
    if (t == INT64_MIN || t < -(INT64_C(1) << 47) || t >= (INT64_C(1) << 47))
        return;
    uint64_t u = (uint64_t)(t + (INT64_C(1) << 47));
    for (int i = 5; i >= 0; i--)
        sw_buf_addc(b, (char)(unsigned char)(u >> (8 * i)));
}

/*
 * What a document is counted by (value 4): kind, story, day (UTC+08:00), source, site,
 * sections and author. Documents alike in all of these are one value, counted as many.
 */
static void pack_tally(sw_buf *b, const sw_doc *d, const char *day) {
    sw_buf_addc(b, d->type);
    pack_str(b, d->story);
    pack_str(b, *day ? day : NULL);
    pack_str(b, d->source && *d->source ? d->source : NULL);
    char site[256];
    sw_url_site(d->url, site, sizeof(site));
    pack_str(b, *site ? site : NULL);
    pack_str(b, d->sections && *d->sections ? d->sections : NULL);
    pack_str(b, d->author && *d->author ? d->author : NULL);
}

/* An article's story term (XS<id>); its collapse value is slot 2 (doc_values). */
static int add_story_term(xs_doc *doc, const char *story) {
    char t[64];
    int n = snprintf(t, sizeof(t), SW_PREFIX_STORY "%s", story);
    if (n < 0 || (size_t)n >= sizeof(t))
        return SW_EPARSE;
    return xs_doc_add(doc, t, (size_t)n, 0, 0);
}

/* The day of time t in UTC+08:00 as yyyymmdd, or "" (undated, or beyond what date: asks for). */
static void day_of(int64_t t, char day[9]) {
    int y, m, d;
    day[0] = '\0';
    if (t == INT64_MIN)
        return;
    sw_date_civil(sw_date_day(t), &y, &m, &d);
    if (y >= 0 && y <= 9999)
        snprintf(day, 9, "%04d%02d%02d", y, m, d);
}

static const char *const date_prefixes[3] = {SW_PREFIX_YEAR, SW_PREFIX_MONTH, SW_PREFIX_DAY};

/* The year, month and day terms of a day (yyyymmdd) with prefixes pfx (date_prefixes). */
static int add_date_terms(xs_doc *doc, const char *day, const char *const pfx[3]) {
    char term[16];
    int rc = 0;
    for (int len = 4; len <= 8 && !rc; len += 2) { /* Y2026, M202602, D20260203 */
        int n = snprintf(term, sizeof(term), "%s%.*s", pfx[len / 2 - 2], len, day);
        rc = xs_doc_add(doc, term, (size_t)n, 0, 0);
    }
    return rc ? SW_EINDEX : 0;
}

/*
 * The capture days of article d (seen:) as sortable values into f and l (*fl, *ll bytes; 0:
 * no capture), and the slots they go in.
 */
static void seen_values(const sw_doc *d, char f[32], size_t *fl, char l[32], size_t *ll) {
    char iso[SW_DATE_MAX];
    int64_t a = sw_date_find(d->first_seen, strlen(d->first_seen), iso, NULL, NULL)
                    ? sw_date_unix(iso)
                    : INT64_MIN;
    int64_t b = sw_date_find(d->last_seen, strlen(d->last_seen), iso, NULL, NULL)
                    ? sw_date_unix(iso)
                    : INT64_MIN;
    *fl = *ll = 0;
    if (a != INT64_MIN)
        xs_sortable((double)sw_date_day(a), f, fl);
    if (b != INT64_MIN)
        xs_sortable((double)sw_date_day(b), l, ll);
}

/*
 * Every value of document d into x->vals, by slot (an empty buffer: none); its day (UTC+08:00,
 * yyyymmdd, or "") into day. 0 or SW_ENOMEM.
 */
static int doc_values(sw_index *x, const sw_doc *d, char day[9]) {
    sw_buf *v = x->vals;
    for (int i = 0; i < SLOT_COUNT; i++)
        sw_buf_reset(&v[i]);
    char idt[SW_ID_TERM_MAX];
    sw_index_id_term(idt, d->type, d->id);
    sw_buf_adds(&v[SLOT_ID], idt);
    sw_buf_addc(&v[SLOT_IDENTITY], d->type);
    sw_buf_adds(&v[SLOT_IDENTITY], d->key ? d->key : "");
    int64_t t = sw_date_unix(d->date);
    day_of(t, day);
    if (t != INT64_MIN) {
        char num[32];
        size_t n = 0;
        xs_sortable((double)t, num, &n);
        sw_buf_add(&v[SLOT_DATE], num, n);
    }
    if (d->story) {
        add_story_tie(&v[SLOT_IDENTITY], d->story, t);
        sw_buf_adds(&v[SLOT_STORY], d->story);
        pack_card(&v[SLOT_CARD], d);
    }
    pack_tally(&v[SLOT_TALLY], d, day);
    pack_captured(&v[SLOT_CAPTURED], d); /* seen: an article's captures, a headline's spans */
    char first[32], last[32];
    size_t fl, ll;
    seen_values(d, first, &fl, last, &ll);
    sw_buf_add(&v[SLOT_SEEN_FIRST], first, fl);
    sw_buf_add(&v[SLOT_SEEN_LAST], last, ll);
    for (int i = 0; i < SLOT_COUNT; i++)
        if (v[i].oom)
            return SW_ENOMEM;
    return 0;
}

int sw_index_patch(sw_index *x, const sw_doc *d, char **errmsg) {
    double t0 = sw_clock();
    char idt[SW_ID_TERM_MAX], day[9], *err = NULL;
    if (doc_values(x, d, day))
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    /*
     * Every value is written again from d, but an article's copy card, whose hash of the
     * words would need its text: that one is kept as the document has it.
     */
    unsigned slots[SLOT_COUNT], keep[1] = {SLOT_CARD};
    const char *values[SLOT_COUNT];
    size_t lens[SLOT_COUNT], n = 0, nkeep = d->type == 'a' && d->story ? 1 : 0;
    for (unsigned i = 0; i < SLOT_COUNT; i++)
        if (!nkeep || i != SLOT_CARD) {
            slots[n] = i;
            values[n] = x->vals[i].data;
            lens[n++] = x->vals[i].len;
        }
    sw_index_id_term(idt, d->type, d->id);
    int rc = xs_db_patch(x->db, idt, slots, values, lens, n, keep, nkeep, &err);
    x->times.write += sw_clock() - t0;
    if (rc == SW_ENOTFOUND)
        return rc;
    return rc ? shim_error_in(x, errmsg, rc, err, "unable to write to the index") : 0;
}

int sw_index_put(sw_index *x, sw_segmenter *seg, const sw_doc *d, char **errmsg) {
    double t0 = sw_clock();
    xs_doc *doc = NULL;
    char *err = NULL;
    int rc = xs_doc_new(&doc, &err);
    if (rc)
        return shim_error(errmsg, rc, err, "unable to create a document");
    field_ctx f;
    memset(&f, 0, sizeof(f));
    f.x = x;
    f.doc = doc;
    rc = add_field(&f, seg, d->title, SW_PREFIX_TITLE, 1, TITLE_WDF, SW_PREFIX_PAIR,
                   SW_PREFIX_TITLE_PAIR);
    if (!rc)
        rc = add_field(&f, seg, d->body, NULL, 0, 1, SW_PREFIX_PAIR, NULL);
    if (!rc)
        rc = add_field(&f, seg, d->source, SW_PREFIX_SOURCE, 0, 1, SW_PREFIX_PAIR, NULL);
    if (!rc)
        rc = add_field(&f, seg, d->sections, SW_PREFIX_SECTION, 0, 0, NULL, NULL);
    if (!rc) /* author: only; a byline is not what a page is about */
        rc = add_field(&f, seg, d->author, SW_PREFIX_AUTHOR, 0, 0, NULL, NULL);
    if (!rc)
        rc = add_url_terms(x, doc, d->url ? d->url : d->path);
    if (rc) {
        xs_doc_free(doc);
        return sw_error(errmsg, rc, "unable to index document %c%lld: %s", d->type,
                        (long long)d->id, sw_strerror(rc));
    }
    const char *type = d->type == 'a' ? SW_PREFIX_TYPE "article" : SW_PREFIX_TYPE "headline";
    char idt[SW_ID_TERM_MAX], day[9] = "";
    sw_index_id_term(idt, d->type, d->id);
    rc = xs_doc_add(doc, type, strlen(type), 0, 0);
    sw_buf_reset(&x->term);
    pack_doc(&x->term, d);
    if (!rc)
        rc = x->term.oom ? SW_ENOMEM : xs_doc_set_data(doc, x->term.data, x->term.len);
    if (!rc)
        rc = doc_values(x, d, day);
    for (unsigned i = 0; i < SLOT_COUNT && !rc; i++)
        if (x->vals[i].len)
            rc = xs_doc_set_value(doc, i, x->vals[i].data, x->vals[i].len);
    if (!rc && *day)
        rc = add_date_terms(doc, day, date_prefixes);
    if (!rc && d->type == 'a') { /* changed: and gone: */
        char flag[8];
        int n = snprintf(flag, sizeof(flag), SW_PREFIX_CHANGED "%s", d->changed ? "yes" : "no");
        rc = xs_doc_add(doc, flag, (size_t)n, 0, 0);
        n = snprintf(flag, sizeof(flag), SW_PREFIX_GONE "%s", d->gone ? "yes" : "no");
        if (!rc)
            rc = xs_doc_add(doc, flag, (size_t)n, 0, 0);
        rc = rc ? SW_EINDEX : 0;
    }
    if (!rc && d->story)
        rc = add_story_term(doc, d->story);
    if (!rc && d->type == 'h' && d->article_at)
        rc = xs_doc_add(doc, SW_TERM_LINKED, strlen(SW_TERM_LINKED), 0, 0);
    double t1 = sw_clock();
    if (!rc)
        rc = xs_db_replace(x->db, idt, doc, &err);
    xs_doc_free(doc);
    double t2 = sw_clock();
    x->times.build += t1 - t0;
    x->times.write += t2 - t1;
    if (rc)
        return shim_error_in(x, errmsg, rc, err, "unable to write to the index");
    return 0;
}

int sw_index_delete(sw_index *x, char type, int64_t id, char **errmsg) {
    char idt[SW_ID_TERM_MAX], *err = NULL;
    sw_index_id_term(idt, type, id);
    int rc = xs_db_delete(x->db, idt, &err);
    return rc ? shim_error_in(x, errmsg, rc, err, "unable to delete from the index") : 0;
}

int sw_index_expect_patches(sw_index *x, size_t n, size_t *mapped, char **errmsg) {
    uint64_t docs = 0;
    char *err = NULL;
    size_t got = 0;
    int rc = n ? xs_db_doccount(x->db, &docs, &err) : 0;
    if (!rc && n && (uint64_t)n * 16 >= docs && docs <= SW_INDEX_MAP_MAX)
        rc = xs_db_map_ids(x->db, SLOT_ID, &got, &err);
    if (mapped)
        *mapped = got;
    return rc ? shim_error_in(x, errmsg, rc, err, "unable to read the index") : 0;
}

int sw_index_commit(sw_index *x, char **errmsg) {
    char *err = NULL;
    double t0 = sw_clock();
    int rc = xs_db_commit(x->db, &err);
    x->times.commit += sw_clock() - t0;
    return rc ? shim_error_in(x, errmsg, rc, err, "unable to commit the index") : 0;
}

int sw_index_compact(const char *const *srcs, size_t n, const char *dst, char **errmsg) {
    char *err = NULL;
    int rc = xs_db_compact(srcs, n, dst, &err);
    if (rc) {
        sw_error(errmsg, rc, "unable to compact the index into '%s': %s", dst,
                 err ? err : "unknown error");
        free(err);
    }
    return rc;
}

int sw_index_schema(sw_index *x, int *version, char **errmsg) {
    char *v = NULL, *err = NULL;
    int rc = xs_db_get_metadata(x->db, SW_INDEX_SCHEMA_KEY, &v, &err);
    if (rc)
        return shim_error_in(x, errmsg, rc, err, "unable to read the schema version of the index");
    char *end = NULL;
    long n = v ? strtol(v, &end, 10) : 0;
    if (v && (end == v || *end || n <= 0 || n > 1000000)) {
        rc = sw_error(errmsg, SW_EINDEX, "the index '%s' records schema version '%s', not a number",
                      x->dir, v);
        free(v);
        return rc;
    }
    free(v);
    *version = (int)n;
    return 0;
}

int sw_index_set_schema(sw_index *x, int version, char **errmsg) {
    char v[16], *err = NULL;
    snprintf(v, sizeof(v), "%d", version);
    int rc = xs_db_set_metadata(x->db, SW_INDEX_SCHEMA_KEY, v, &err);
    if (rc)
        return shim_error_in(x, errmsg, rc, err,
                             "unable to record the schema version of the index");
    return sw_index_commit(x, errmsg);
}

int sw_index_check(const char *dir, uint64_t *errors, char **errmsg) {
    char *err = NULL;
    int rc = xs_db_check(dir, errors, &err);
    if (rc) {
        sw_error(errmsg, rc, "the index '%s' is damaged: %s", dir, err ? err : "unknown error");
        free(err);
    }
    return rc;
}

typedef struct id_list {
    int64_t *ids;
    size_t n, cap;
} id_list;

static int collect_id(void *ctx, const char *term, size_t len) {
    id_list *l = ctx;
    int64_t id = 0;
    if (len < 3 || len > 21)
        return 0; /* not Q<type><digits> */
    for (size_t i = 2; i < len; i++) {
        if (term[i] < '0' || term[i] > '9')
            return 0;
        id = id * 10 + (term[i] - '0');
    }
    int64_t *p = sw_grow(l->ids, &l->cap, l->n + 1, sizeof(*p), 1024);
    if (!p)
        return SW_ENOMEM;
    l->ids = p;
    l->ids[l->n++] = id;
    return 0;
}

static int cmp_id(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int sw_index_ids(sw_index *x, char type, int64_t **ids, size_t *n, char **errmsg) {
    char prefix[3] = {SW_PREFIX_ID[0], type, '\0'}, *err = NULL;
    id_list l = {NULL, 0, 0};
    int rc = xs_db_terms(x->db, prefix, collect_id, &l, &err);
    if (rc) {
        free(l.ids);
        if (rc == SW_ENOMEM && !err)
            return sw_error(errmsg, rc, "out of memory");
        return shim_error_in(x, errmsg, rc, err, "unable to read the id terms of the index");
    }
    if (l.n)
        qsort(l.ids, l.n, sizeof(*l.ids), cmp_id);
    *ids = l.ids;
    *n = l.n;
    return 0;
}

int sw_index_count(sw_index *x, uint64_t *n, char **errmsg) {
    char *err = NULL;
    int rc = xs_db_doccount(x->db, n, &err);
    return rc ? shim_error_in(x, errmsg, rc, err, "unable to read the index") : 0;
}

sw_query *sw_query_term(const char *prefix, const char *term, size_t len) {
    size_t pl = strlen(prefix);
    char buf[SW_TERM_MAX + 16];
    if (pl + len > sizeof(buf))
        return NULL;
    memcpy(buf, prefix, pl);
    if (len)
        memcpy(buf + pl, term, len);
    return (sw_query *)xs_query_term(buf, pl + len);
}

sw_query *sw_query_op(int op, sw_query *const *subs, size_t n) {
    static const int ops[] = {
        [SW_Q_AND] = XS_AND,       [SW_Q_OR] = XS_OR,         [SW_Q_AND_MAYBE] = XS_AND_MAYBE,
        [SW_Q_PHRASE] = XS_PHRASE, [SW_Q_FILTER] = XS_FILTER, [SW_Q_AND_NOT] = XS_AND_NOT};
    if (op < 0 || op > SW_Q_AND_NOT)
        return NULL;
    return (sw_query *)xs_query_op(ops[op], (xs_query *const *)subs, n);
}

void sw_query_free(sw_query *q) { xs_query_free((xs_query *)q); }

const char *sw_index_xapian_version(void) { return xs_version(); }

char *sw_query_describe(const sw_query *q) { return xs_query_describe((const xs_query *)q); }

sw_query *sw_query_clone(const sw_query *q) {
    return (sw_query *)xs_query_clone((const xs_query *)q);
}

sw_query *sw_query_scale(const sw_query *q, double factor) {
    return (sw_query *)xs_query_scale((const xs_query *)q, factor);
}

#define DATE_TERMS_MAX 512 /* more terms than this for one range: the value range instead */

/* The days lo..hi (inclusive) as the fewest whole years, months and days; NULL when too many. */
static sw_query *date_terms(int64_t lo, int64_t hi, const char *const pfx[3]) {
    sw_query **subs = malloc(DATE_TERMS_MAX * sizeof(*subs));
    if (!subs)
        return NULL;
    size_t n = 0;
    int ok = 1;
    for (int64_t day = lo; day <= hi && ok;) {
        int y, m, d;
        sw_date_civil(day, &y, &m, &d);
        char term[16];
        int tl;
        if (y < 0 || y > 9999 || n == DATE_TERMS_MAX) {
            ok = 0;
            break;
        }
        if (m == 1 && d == 1 && sw_date_days(y, 12, 31) <= hi) {
            tl = snprintf(term, sizeof(term), "%s%04d", pfx[0], y);
            day = sw_date_days(y + 1, 1, 1);
        } else if (d == 1 && sw_date_days(y, m, sw_date_month_days(y, m)) <= hi) {
            tl = snprintf(term, sizeof(term), "%s%04d%02d", pfx[1], y, m);
            day += sw_date_month_days(y, m);
        } else {
            tl = snprintf(term, sizeof(term), "%s%04d%02d%02d", pfx[2], y, m, d);
            day++;
        }
        if (!(subs[n++] = sw_query_term("", term, (size_t)tl)))
            ok = 0;
    }
    sw_query *q = ok && n ? sw_query_op(SW_Q_OR, subs, n) : NULL;
    for (size_t i = 0; i < n; i++)
        sw_query_free(subs[i]);
    free(subs);
    return q;
}

#define DATE_TERMS_SPAN ((int64_t)1 << 40) /* seconds either side of 1970 (34,000 years) */

sw_query *sw_query_date_range(int64_t lo, int64_t hi) {
    int inside = lo > -DATE_TERMS_SPAN && lo < DATE_TERMS_SPAN && hi > -DATE_TERMS_SPAN &&
                 hi < DATE_TERMS_SPAN;
    if (inside && lo <= hi && sw_date_day(lo - 1) < sw_date_day(lo) &&
        sw_date_day(hi + 1) > sw_date_day(hi)) {
        sw_query *q = date_terms(sw_date_day(lo), sw_date_day(hi), date_prefixes);
        if (q)
            return q;
    }
    char a[32], b[32];
    size_t al = 0, bl = 0;
    if (lo != INT64_MIN)
        xs_sortable((double)lo, a, &al);
    if (hi != INT64_MAX)
        xs_sortable((double)hi, b, &bl);
    return (sw_query *)xs_query_value_range(SLOT_DATE, lo != INT64_MIN ? a : NULL, al,
                                            hi != INT64_MAX ? b : NULL, bl);
}

sw_query *sw_query_seen_range(int64_t lo, int64_t hi) {
    /* Captured on or before the range's last day, and on or after its first. */
    char a[32], b[32];
    size_t al = 0, bl = 0;
    if (hi != INT64_MAX)
        xs_sortable((double)sw_date_day(hi), b, &bl);
    if (lo != INT64_MIN)
        xs_sortable((double)sw_date_day(lo), a, &al);
    xs_query *q[2] = {
        xs_query_value_range(SLOT_SEEN_FIRST, NULL, 0, hi != INT64_MAX ? b : NULL, bl),
        xs_query_value_range(SLOT_SEEN_LAST, lo != INT64_MIN ? a : NULL, al, NULL, 0)};
    xs_query *r = q[0] && q[1] ? xs_query_op(XS_AND, q, 2) : NULL;
    xs_query_free(q[0]);
    xs_query_free(q[1]);
    return (sw_query *)r;
}

sw_query *sw_query_prefix(const char *prefix, const char *s, size_t len) {
    char buf[URL_TERM_MAX + 8];
    size_t pl = strlen(prefix);
    if (len > URL_TERM_MAX)
        len = URL_TERM_MAX;
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, s, len);
    return (sw_query *)xs_query_wildcard(buf, pl + len, 10000);
}

sw_query *sw_query_pairs(const char *prefix, const char *word_prefix, const char *s, size_t len) {
    /* The characters of s, as byte offsets. */
    size_t at[SW_TERM_MAX + 1], n = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len && n < SW_TERM_MAX;) {
        size_t k = han_at(p + i, len - i);
        if (!k)
            return NULL; /* only runs of Chinese characters have pairs */
        at[n++] = i;
        i += k;
    }
    at[n] = len;
    if (n < 2)
        return NULL;
    sw_query *terms[SW_TERM_MAX];
    size_t m = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        /* The pair, or the same two characters as a word (see add_pairs). */
        size_t tl = at[i + 2] - at[i];
        sw_query *either[2] = {sw_query_term(prefix, s + at[i], tl),
                               sw_query_term(word_prefix, s + at[i], tl)};
        terms[m] = either[0] && either[1] ? sw_query_op(SW_Q_OR, either, 2) : NULL;
        sw_query_free(either[0]);
        sw_query_free(either[1]);
        if (!terms[m])
            break;
        m++;
    }
    sw_query *q = NULL;
    if (m == n - 1)
        q = m == 1 ? terms[0] : sw_query_op(SW_Q_AND, terms, m);
    for (size_t i = 0; i < m; i++)
        if (terms[i] != q)
            sw_query_free(terms[i]);
    return q;
}

uint64_t sw_index_termfreq(sw_index *x, const char *term, size_t len) {
    return xs_db_termfreq(x->db, term, len);
}

double sw_index_idf(sw_index *x, const char *term, size_t len) {
    uint64_t n = 0;
    if (xs_db_doccount(x->db, &n, NULL) || n == 0)
        return 1.0;
    uint64_t tf = xs_db_termfreq(x->db, term, len);
    return log(((double)n + 1.0) / ((double)tf + 0.5));
}

static int unpack_hit(const char *data, size_t len, sw_hit *h) {
    memset(h, 0, sizeof(*h));
    return unpack_doc(data, len, &h->doc);
}

/* rc, with the message for a document x holds that this souwen cannot read. */
static int unreadable(sw_index *x, char **errmsg, int rc) {
    return sw_error(errmsg, rc,
                    "the index '%s' holds a document souwen cannot read (written by another "
                    "version? run souwen-index --upgrade)",
                    x->dir);
}

/*
 * Unpacks xh[0..got) with `unpack` into h[0..*n), with their scores, and frees xh: 0, or an
 * index souwen cannot read (no hit is kept then). A hit without data (SW_SEARCH_LATER) is
 * marked `later`.
 */
static int unpack_hits(sw_index *x, xs_hit *xh, size_t got,
                       int (*unpack)(const char *, size_t, sw_hit *), sw_hit *h, size_t *n,
                       char **errmsg) {
    int rc = 0;
    for (size_t i = 0; i < got; i++) {
        if (!rc && !xh[i].data) { /* SW_SEARCH_LATER: read by sw_index_read_hit */
            memset(&h[i], 0, sizeof(h[i]));
            h[i].later = 1;
        } else if (!rc && (rc = unpack(xh[i].data, xh[i].len, &h[i])) != 0) {
            unreadable(x, errmsg, rc);
        }
        if (!rc)
            h[i].score = xh[i].score, h[i].spec = xh[i].spec, h[i].docid = xh[i].docid, *n = i + 1;
        free(xh[i].data);
    }
    free(xh);
    if (rc) {
        for (size_t i = 0; i < *n; i++)
            sw_doc_release(&h[i].doc);
        *n = 0;
    }
    return rc;
}

int sw_index_search(sw_index *x, const sw_query *q, int how, size_t offset, size_t limit,
                    sw_hit *hits, size_t *n, uint64_t *estimated, char **errmsg) {
    *n = 0;
    xs_hit *xh = limit ? calloc(limit, sizeof(*xh)) : NULL;
    if (limit && !xh)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    char *err = NULL;
    size_t got = 0;
    /* By relevance, stories collapse by the story in value 1, the tie value the ranking reads
     * anyway; by date, by value 2. */
    int collapse = !(how & SW_SEARCH_BY_STORY) ? -1
                   : how & SW_SEARCH_BY_DATE   ? SLOT_STORY
                                               : XS_COLLAPSE_TIE_SUFFIX;
    int rc = xs_db_search(x->db, (const xs_query *)q, how & SW_SEARCH_BY_DATE ? SLOT_DATE : -1,
                          SLOT_IDENTITY, collapse, offset, limit, (how & SW_SEARCH_LATER) != 0, xh,
                          &got, estimated, &err);
    if (rc) {
        free(xh);
        return shim_error_in(x, errmsg, rc, err, "unable to search the index");
    }
    return unpack_hits(x, xh, got, unpack_hit, hits, n, errmsg);
}

int sw_index_read_doc(sw_index *x, uint32_t docid, sw_doc *d, char **errmsg) {
    xs_hit xh = {0};
    char *err = NULL;
    int rc = xs_db_read(x->db, docid, &xh, &err);
    if (rc == SW_ENOTFOUND) {
        free(err);
        return rc;
    }
    if (rc)
        return shim_error_in(x, errmsg, rc, err, "unable to read the index");
    rc = unpack_doc(xh.data, xh.len, d);
    free(xh.data);
    return rc ? unreadable(x, errmsg, rc) : 0;
}

int sw_index_read_hit(sw_index *x, sw_hit *h, char **errmsg) {
    if (!h->later)
        return 0;
    int rc = sw_index_read_doc(x, h->docid, &h->doc, errmsg);
    if (!rc)
        h->later = 0;
    return rc;
}

int sw_index_story_copies(sw_index *x, const char *story, size_t max, sw_hit *h, size_t *n,
                          char **errmsg) {
    *n = 0;
    char term[64];
    int tl = snprintf(term, sizeof(term), SW_PREFIX_STORY "%s", story);
    if (tl < 0 || (size_t)tl >= sizeof(term))
        return sw_error(errmsg, SW_EUSAGE, "'%s' is not a story", story);
    xs_hit *xh = max ? calloc(max, sizeof(*xh)) : NULL;
    if (max && !xh)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    char *err = NULL;
    size_t got = 0;
    int rc = xs_db_term_values(x->db, term, (size_t)tl, SLOT_CARD, max, xh, &got, &err);
    if (rc) {
        free(xh);
        return shim_error_in(x, errmsg, rc, err, "unable to search the index");
    }
    return unpack_hits(x, xh, got, unpack_card, h, n, errmsg);
}

/* A field of value 4 as a NUL-terminated copy at *at in the scratch `out`; "" for NULL. */
static void tally_field(unpacker *u, char **at) {
    size_t n = unpack_len(u);
    if (n) {
        memcpy(*at, u->p, n - 1);
        u->p += n - 1;
        *at += n - 1;
    }
    *(*at)++ = '\0';
}

typedef struct tally_ctx {
    sw_tally_fn fn;
    void *ctx;
    sw_buf scratch;
    int bad; /* a value not written by pack_tally */
} tally_ctx;

static int on_tally(void *ctx, const char *v, size_t len, uint64_t count) {
    tally_ctx *t = ctx;
    sw_buf_reset(&t->scratch);
    if (sw_buf_grow(&t->scratch, len + 8))
        return SW_ENOMEM;
    unpacker u = {(const unsigned char *)v + 1, (const unsigned char *)v + len, 0};
    char *at = t->scratch.data;
    sw_tally row = {.type = len ? v[0] : 0, .count = count};
    const char **fields[] = {&row.story, &row.day,      &row.source,
                             &row.site,  &row.sections, &row.author};
    for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++) {
        *fields[i] = at;
        tally_field(&u, &at);
    }
    if (u.bad || u.p != u.end || (row.type != 'a' && row.type != 'h')) {
        t->bad = 1;
        return SW_EINDEX;
    }
    return t->fn(t->ctx, &row);
}

int sw_index_tally(sw_index *x, const sw_query *q, sw_tally_fn fn, void *ctx, uint64_t *matches,
                   char **errmsg) {
    tally_ctx t = {fn, ctx, SW_BUF_INIT, 0};
    char *err = NULL;
    int rc = xs_db_tally(x->db, (const xs_query *)q, SLOT_TALLY, on_tally, &t, matches, &err);
    sw_buf_release(&t.scratch);
    if (t.bad)
        return sw_error(errmsg, SW_EINDEX,
                        "the index '%s' holds a document souwen cannot count (written by another "
                        "version? run souwen-index --upgrade)",
                        x->dir);
    if (rc == SW_ENOMEM && !err)
        return sw_error(errmsg, rc, "out of memory");
    if (rc && !err)
        return rc; /* fn's own error, its message set by fn */
    return rc ? shim_error_in(x, errmsg, rc, err, "unable to count the matches") : 0;
}

static int on_story_value(void *ctx, const char *v, size_t len, uint64_t count) {
    (void)v, (void)len;
    uint64_t *c = ctx;
    c[0]++;        /* a distinct story */
    c[1] += count; /* its matching pages */
    return 0;
}

int sw_index_count_stories(sw_index *x, const sw_query *q, uint64_t *stories, uint64_t *pages,
                           char **errmsg) {
    uint64_t c[2] = {0, 0};
    char *err = NULL;
    int rc = xs_db_tally(x->db, (const xs_query *)q, SLOT_STORY, on_story_value, c, pages, &err);
    if (rc)
        return shim_error_in(x, errmsg, rc, err, "unable to count the matches");
    /* A match without a story (a headline) is a story of its own. */
    *stories = c[0] + (*pages > c[1] ? *pages - c[1] : 0);
    return 0;
}

/*
 * A match in the temporary file: its weight, its id term (a length byte, then the term) and
 * its value 1 (4 bytes of length, then the value), which tells apart the documents of several
 * indexes that have one id.
 */
static int on_stream(void *ctx, const char *v, size_t len, const char *key, size_t key_len,
                     double weight) {
    if (!v) /* the match starts over: the file too */
        return fflush(ctx) || fseek(ctx, 0, SEEK_SET) || ftruncate(fileno(ctx), 0) ? SW_EIO : 0;
    unsigned char n = (unsigned char)(len < SW_ID_TERM_MAX ? len : 0); /* 0: no id value */
    uint32_t kl = (uint32_t)key_len;
    return fwrite(&weight, sizeof(weight), 1, ctx) == 1 && fputc(n, ctx) != EOF &&
                   fwrite(v, 1, n, ctx) == n && fwrite(&kl, sizeof(kl), 1, ctx) == 1 &&
                   fwrite(key, 1, kl, ctx) == kl
               ? 0
               : SW_EIO;
}

int sw_index_stream(sw_index *x, const sw_query *q, sw_stream_fn fn, void *ctx, char **errmsg) {
    /* The matches go to a temporary file first (about 100 bytes each, mostly the page key),
     * not to memory: a million matches hold no memory, and no index read runs inside
     * Xapian's match. */
    FILE *f = tmpfile();
    if (!f)
        return sw_error(errmsg, SW_EIO, "unable to create a temporary file (TMPDIR): %s",
                        strerror(errno));
    char *err = NULL;
    int rc = xs_db_stream(x->db, (const xs_query *)q, SLOT_ID, SLOT_IDENTITY, on_stream, f, &err);
    if (rc == SW_EUSAGE) {
        free(err);
        rc = sw_error(errmsg, rc,
                      "every match is streamed from local indexes only (xapian-tcpsrv runs "
                      "no souwen code)");
    } else if (rc == SW_EIO && !err)
        rc = sw_error(errmsg, SW_EIO, "unable to write a temporary file (TMPDIR): %s",
                      strerror(errno));
    else if (rc)
        rc = shim_error_in(x, errmsg, rc, err, "unable to stream the matches");
    if (!rc && (fflush(f) || fseek(f, 0, SEEK_SET)))
        rc = sw_error(errmsg, SW_EIO, "unable to read a temporary file (TMPDIR): %s",
                      strerror(errno));
    double weight;
    char term[SW_ID_TERM_MAX];
    int n;
    uint32_t kl;
    sw_buf key = SW_BUF_INIT;
    while (!rc && fread(&weight, sizeof(weight), 1, f) == 1 && (n = fgetc(f)) != EOF &&
           fread(term, 1, (size_t)n, f) == (size_t)n && fread(&kl, sizeof(kl), 1, f) == 1) {
        sw_buf_reset(&key);
        if (sw_buf_grow(&key, kl) || fread(key.data, 1, kl, f) != kl) {
            rc = sw_error(errmsg, SW_EIO, "unable to read a temporary file (TMPDIR): %s",
                          ferror(f) ? strerror(errno) : "cut short");
            break;
        }
        xs_hit xh = {0};
        if (!n) {
            rc = sw_error(errmsg, SW_EINDEX,
                          "the index '%s' holds a document without its id value (written by "
                          "another version? run souwen-index --upgrade)",
                          x->dir);
            break;
        }
        if ((rc = xs_db_data(x->db, term, (size_t)n, SLOT_IDENTITY, sw_buf_str(&key), kl, &xh,
                             &err)) == SW_ENOTFOUND) {
            rc = 0; /* deleted since the match: no longer a hit */
            continue;
        }
        if (rc) {
            rc = shim_error_in(x, errmsg, rc, err, "unable to read a document");
            break;
        }
        sw_hit h;
        rc = unpack_hit(xh.data, xh.len, &h);
        free(xh.data);
        if (rc) {
            unreadable(x, errmsg, rc);
            break;
        }
        h.score = weight;
        h.spec = xh.spec;
        rc = fn(ctx, &h);
        sw_doc_release(&h.doc);
    }
    if (!rc && ferror(f))
        rc = sw_error(errmsg, SW_EIO, "unable to read a temporary file (TMPDIR): %s",
                      strerror(errno));
    sw_buf_release(&key);
    fclose(f);
    return rc;
}
