/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * segment.c - ICU word segmentation with byte offsets into UTF-8.
 *
 * ICU breaks UTF-16 text about 30 % faster than a UTF-8 UText, so each slice
 * of input is transcoded once into a reused UTF-16 buffer, together with a
 * map from every UTF-16 unit to its UTF-8 byte offset; breaking, rule
 * statuses and normalization all work on the UTF-16 copy and the map turns
 * token bounds back into byte offsets. No allocation happens per token: the
 * UTF-16 buffer, the offset map and the normalized-token buffer are reused.
 *
 * Input is processed in slices of at most SLICE bytes, cut after a newline
 * (or a space, or at worst a character boundary), so a 1 GB line does not
 * need a 1 GB UTF-16 copy; a word spanning a forced cut may split in two.
 */
#include "segment.h"

#include "buf.h"
#include "error.h"
#include "normalize.h"

#include <fcntl.h>
#include <opencc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unistd.h>

#define SLICE (256 * 1024)

#define VARIANT_CACHE 1024  /* runs of Traditional text remembered with their folded form */
#define VARIANT_RUN_MAX 64  /* longer runs are folded in pieces of this many UTF-16 units */
#define TRADITIONAL_SHARE 5 /* percent of Traditional characters that make a text Traditional */

/* One remembered run: Traditional text and its mainland Simplified form, UTF-16. */
typedef struct variant {
    UChar *from, *to; /* owned, one allocation: from[0..nfrom) then to[0..nto) */
    int32_t nfrom, nto;
} variant;

struct sw_segmenter {
    UBreakIterator *bi;  /* word iterator, locale zh, reused */
    sw_normalizer *norm; /* token folding */
    UChar *u16;          /* the slice as UTF-16 */
    int32_t *map;        /* map[i]: byte offset of u16[i] in the slice; map[n] = slice length */
    size_t cap;          /* UChars allocated in u16 (map has cap + 1) */
    UChar *v16;          /* the slice with its Traditional runs folded (fold_variants) */
    int32_t *vmap;       /* the same map for v16 */
    size_t vcap;         /* UChars allocated in v16 (vmap has vcap + 1) */
    opencc_t tables;     /* OpenCC's Taiwan and Hong Kong tables, opened at first need */
    int opencc_failed;   /* they could not be opened: SW_EOPENCC from then on */
    variant *cache;      /* VARIANT_CACHE remembered runs, by hash; NULL until needed */
    sw_buf term;         /* the current normalized token */
};

int sw_segmenter_new(sw_segmenter **out, char **errmsg) {
    sw_segmenter *s = calloc(1, sizeof(*s));
    if (!s)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    UErrorCode st = U_ZERO_ERROR;
    s->bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
    if (U_FAILURE(st)) {
        free(s);
        return sw_error(errmsg, SW_EICU, "unable to open ICU word break iterator: %s",
                        u_errorName(st));
    }
    int rc = sw_normalizer_new(&s->norm, errmsg);
    if (rc) {
        ubrk_close(s->bi);
        free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void sw_segmenter_free(sw_segmenter *s) {
    if (!s)
        return;
    if (s->tables && s->tables != (opencc_t)-1)
        opencc_close(s->tables);
    for (size_t i = 0; s->cache && i < VARIANT_CACHE; i++)
        free(s->cache[i].from);
    free(s->cache);
    free(s->v16);
    free(s->vmap);
    ubrk_close(s->bi);
    sw_normalizer_free(s->norm);
    free(s->u16);
    free(s->map);
    sw_buf_release(&s->term);
    free(s);
}

/* Where to end the slice starting at `text` of `len` bytes (len > SLICE). */
static size_t slice_end(const char *text) {
    size_t lim = SLICE;
    for (size_t i = lim; i > lim / 2; i--)
        if (text[i - 1] == '\n')
            return i;
    for (size_t i = lim; i > lim / 2; i--)
        if (text[i - 1] == ' ' || text[i - 1] == '\t')
            return i;
    size_t i = lim;
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    return i ? i : lim;
}

/* Grows a UTF-16 buffer and its byte map (n + 1 entries) to hold n units. */
static int grow_pair(UChar **u16, int32_t **map, size_t *cap, size_t n) {
    if (n <= *cap)
        return 0;
    UChar *u = realloc(*u16, n * sizeof(UChar));
    if (!u)
        return SW_ENOMEM;
    *u16 = u;
    int32_t *m = realloc(*map, (n + 1) * sizeof(int32_t));
    if (!m)
        return SW_ENOMEM;
    *map = m;
    *cap = n;
    return 0;
}

static int grow(sw_segmenter *s, size_t n) { return grow_pair(&s->u16, &s->map, &s->cap, n); }

/* Transcodes text[0..len) into s->u16 with its byte map; returns the UTF-16 length or -1. */
static int32_t to_u16(sw_segmenter *s, const char *text, size_t len) {
    /* Each byte yields at most one UTF-16 unit (4-byte sequences yield 2). */
    if (len > INT32_MAX - 1 || grow(s, len + 1))
        return -1;
    int32_t n16 = 0;
    const uint8_t *p = (const uint8_t *)text;
    int32_t i = 0, ilen = (int32_t)len;
    while (i < ilen) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(p, i, ilen, c);
        if (c < 0)
            c = 0xFFFD;
        if (c <= 0xFFFF) {
            s->map[n16] = at;
            s->u16[n16++] = (UChar)c;
        } else {
            s->map[n16] = at;
            s->u16[n16++] = U16_LEAD(c);
            s->map[n16] = at;
            s->u16[n16++] = U16_TRAIL(c);
        }
    }
    s->map[n16] = ilen;
    return n16;
}

static int is_han(UChar c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF);
}

/*
 * OpenCC's Taiwan and Hong Kong tables, without its Traditional -> Simplified ones: the
 * character table (normalize.c) folds the script after, as it does for any text. tw2sp and
 * hk2s would load those too: 3.9 ms at every search that meets Traditional text, against
 * 0.8 ms for these alone.
 */
static const char opencc_config[] =
    "{\"name\": \"souwen: Taiwan and Hong Kong wording to the mainland's\",\n"
    " \"segmentation\": {\"type\": \"mmseg\", \"dict\": {\"type\": \"group\", \"dicts\": [\n"
    "  {\"type\": \"ocd2\", \"file\": \"" SW_OPENCC_DATA "/TWPhrasesRev.ocd2\"},\n"
    "  {\"type\": \"ocd2\", \"file\": \"" SW_OPENCC_DATA "/TWVariantsRevPhrases.ocd2\"},\n"
    "  {\"type\": \"ocd2\", \"file\": \"" SW_OPENCC_DATA "/HKVariantsRevPhrases.ocd2\"}]}},\n"
    " \"conversion_chain\": [{\"dict\": {\"type\": \"group\", \"dicts\": [\n"
    "  {\"type\": \"ocd2\", \"file\": \"" SW_OPENCC_DATA "/TWPhrasesRev.ocd2\"},\n"
    "  {\"type\": \"ocd2\", \"file\": \"" SW_OPENCC_DATA "/TWVariantsRevPhrases.ocd2\"},\n"
    "  {\"type\": \"ocd2\", \"file\": \"" SW_OPENCC_DATA "/TWVariantsRev.ocd2\"},\n"
    "  {\"type\": \"ocd2\", \"file\": \"" SW_OPENCC_DATA "/HKVariantsRevPhrases.ocd2\"},\n"
    "  {\"type\": \"ocd2\", \"file\": \"" SW_OPENCC_DATA "/HKVariantsRev.ocd2\"}]}}]}\n";

/*
 * Opens the tables: OpenCC reads a configuration from a file only, so it is written to a
 * folder of our own (mkdtemp, mode 0700) and removed once read.
 */
static opencc_t open_tables(void) {
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/souwen-opencc.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        snprintf(dir, sizeof(dir), "/tmp/souwen-opencc.XXXXXX");
        if (!mkdtemp(dir))
            return (opencc_t)-1;
    }
    char path[4096 + 16];
    snprintf(path, sizeof(path), "%s/tables.json", dir);
    opencc_t t = (opencc_t)-1;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        size_t n = sizeof(opencc_config) - 1;
        int ok = write(fd, opencc_config, n) == (ssize_t)n;
        ok &= close(fd) == 0;
        if (ok)
            t = opencc_open(path);
        unlink(path);
    }
    rmdir(dir);
    return t;
}

/* Converts u[0..n) with the tables into *out (malloc'd); its length, or < 0. */
static int32_t opencc_fold(sw_segmenter *s, const UChar *u, int32_t n, UChar **out) {
    if (!s->tables && !s->opencc_failed) {
        s->tables = open_tables();
        s->opencc_failed = s->tables == (opencc_t)-1;
    }
    if (s->opencc_failed)
        return SW_EOPENCC;
    char in[4 * VARIANT_RUN_MAX + 1];
    int32_t m = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strToUTF8(in, (int32_t)sizeof(in) - 1, &m, u, n, &st);
    if (U_FAILURE(st))
        return SW_EICU;
    in[m] = '\0';
    char *conv = opencc_convert_utf8(s->tables, in, (size_t)m);
    if (!conv)
        return SW_EOPENCC;
    int32_t k = 0;
    st = U_ZERO_ERROR;
    u_strFromUTF8(NULL, 0, &k, conv, -1, &st);
    UChar *r = malloc(((size_t)k + 1) * sizeof(*r));
    st = U_ZERO_ERROR;
    if (r)
        u_strFromUTF8(r, k + 1, NULL, conv, -1, &st);
    opencc_convert_utf8_free(conv);
    if (!r)
        return SW_ENOMEM;
    if (U_FAILURE(st)) {
        free(r);
        return SW_EICU;
    }
    *out = r;
    return k;
}

/* The folded form of the run u[0..n), through the cache: *to (owned by the cache), length. */
static int32_t fold_run(sw_segmenter *s, const UChar *u, int32_t n, const UChar **to) {
    if (!s->cache && !(s->cache = calloc(VARIANT_CACHE, sizeof(*s->cache))))
        return SW_ENOMEM;
    uint32_t h = 2166136261u; /* FNV-1a */
    for (int32_t i = 0; i < n; i++)
        h = (h ^ u[i]) * 16777619u;
    variant *v = &s->cache[h % VARIANT_CACHE];
    if (v->from && v->nfrom == n && !memcmp(v->from, u, (size_t)n * sizeof(*u))) {
        *to = v->to;
        return v->nto;
    }
    UChar *r = NULL;
    int32_t k = opencc_fold(s, u, n, &r);
    if (k < 0)
        return k;
    UChar *both = malloc(((size_t)n + (size_t)k + 1) * sizeof(*both));
    if (!both) {
        free(r);
        return SW_ENOMEM;
    }
    memcpy(both, u, (size_t)n * sizeof(*u));
    memcpy(both + n, r, (size_t)k * sizeof(*r));
    free(r);
    free(v->from);
    *v = (variant){both, both + n, n, k};
    *to = v->to;
    return k;
}

static int vgrow(sw_segmenter *s, size_t n) { return grow_pair(&s->v16, &s->vmap, &s->vcap, n); }

/* Whether folded character t may stand for original character o. */
static int same_char(UChar o, UChar t) { return o == t || sw_normalize_t2s(o) == t; }

/*
 * Maps the folded run to[0..k) onto the original run u[0..n) (byte offsets map[0..n)) into
 * out[0..k): characters that stay (or only change script) map one to one, and each stretch
 * that OpenCC replaced (部落格 -> 博客) maps in proportion onto the stretch it replaced.
 */
static void map_run(const UChar *u, const int32_t *map, int32_t n, const UChar *to, int32_t k,
                    int32_t *out) {
    int32_t i = 0, q = 0;
    while (q < k) {
        if (i < n && same_char(u[i], to[q])) {
            out[q++] = map[i++];
            continue;
        }
        /* The nearest point after which both go on alike, else the ends. */
        int32_t i2 = n, q2 = k, best = -1;
        for (int32_t di = 0; di <= 4 && i + di < n; di++)
            for (int32_t dq = 0; dq <= 4 && q + dq < k; dq++)
                if ((di || dq) && same_char(u[i + di], to[q + dq]) &&
                    (best < 0 || 8 * abs(di - dq) + di + dq < best)) {
                    best = 8 * abs(di - dq) + di + dq;
                    i2 = i + di;
                    q2 = q + dq;
                }
        for (int32_t r = q; r < q2; r++)
            out[r] = map[i2 > i ? i + (int32_t)((int64_t)(r - q) * (i2 - i) / (q2 - q))
                                : (i < n ? i : n - 1)];
        i = i2;
        q = q2;
    }
}

/*
 * Folds Taiwan and Hong Kong wording in s->u16[0..n16): the runs of Chinese characters of a
 * Traditional text, and elsewhere each run that holds a Traditional character (by the
 * character table: Simplified text never pays for this), are converted phrase by phrase with OpenCC
 * (tw2sp: 軟體 -> 软件, 資料庫 -> 数据库; then hk2s for Hong Kong variants), before words are
 * found, so that a Traditional page is cut into words as its Simplified form would be. The byte map
 * follows (map_run), so tokens keep offsets into the text as stored. Returns the new length (s->u16
 * and s->map then hold the folded text), n16 when nothing was Traditional, or a negative SW_E*
 * code.
 */
static int32_t fold_variants(sw_segmenter *s, int32_t n16, int all) {
    int32_t han = 0, trad = 0;
    for (int32_t i = 0; i < n16; i++)
        if (is_han(s->u16[i])) {
            han++;
            trad += sw_normalize_t2s(s->u16[i]) != 0;
        }
    if (!trad && !all)
        return n16;
    /*
     * A text written in Traditional (TRADITIONAL_SHARE of its characters or more have a
     * Simplified form; a Simplified text has a few such, 著名, 乾隆) is folded whole, so that
     * a run of characters common to both scripts (滑鼠, 程式) is folded too; elsewhere only
     * the runs holding a Traditional character are.
     */
    int whole = all || (int64_t)trad * 100 >= (int64_t)han * TRADITIONAL_SHARE;
    int32_t i = 0, out = 0;
    while (i < n16) {
        int32_t j = i, fold = whole;
        if (is_han(s->u16[i]))
            while (j < n16 && j - i < VARIANT_RUN_MAX && is_han(s->u16[j]))
                fold |= sw_normalize_t2s(s->u16[j++]) != 0;
        else
            j = i + 1, fold = 0;
        if (!fold) {
            if (vgrow(s, (size_t)out + (size_t)(j - i) + 1))
                return SW_ENOMEM;
            memcpy(s->v16 + out, s->u16 + i, (size_t)(j - i) * sizeof(UChar));
            memcpy(s->vmap + out, s->map + i, (size_t)(j - i) * sizeof(int32_t));
            out += j - i;
            i = j;
            continue;
        }
        const UChar *to;
        int32_t n = j - i, k = fold_run(s, s->u16 + i, n, &to);
        if (k < 0)
            return k;
        if (vgrow(s, (size_t)out + (size_t)k + 1))
            return SW_ENOMEM;
        memcpy(s->v16 + out, to, (size_t)k * sizeof(UChar));
        if (k == n) {
            memcpy(s->vmap + out, s->map + i, (size_t)n * sizeof(int32_t));
        } else {
            map_run(s->u16 + i, s->map + i, n, to, k, s->vmap + out);
        }
        out += k;
        i = j;
    }
    s->vmap[out] = s->map[n16];
    /* The folded slice takes the place of the original. */
    UChar *u = s->u16;
    int32_t *m = s->map;
    size_t cap = s->cap;
    s->u16 = s->v16;
    s->map = s->vmap;
    s->cap = s->vcap;
    s->v16 = u;
    s->vmap = m;
    s->vcap = cap;
    return out;
}

static int segment_slice(sw_segmenter *s, const char *text, size_t len, size_t base, sw_token_fn fn,
                         void *ctx) {
    int32_t n16 = to_u16(s, text, len);
    if (n16 < 0)
        return SW_ENOMEM;
    if ((n16 = fold_variants(s, n16, 0)) < 0)
        return n16;
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(s->bi, s->u16, n16, &st);
    if (U_FAILURE(st))
        return SW_EICU;
    int32_t a = ubrk_first(s->bi);
    for (int32_t b = ubrk_next(s->bi); b != UBRK_DONE; a = b, b = ubrk_next(s->bi)) {
        if (ubrk_getRuleStatus(s->bi) < UBRK_WORD_NONE_LIMIT)
            continue; /* spaces, punctuation, symbols */
        if (s->u16[a] == 0xFFFD)
            continue;
        int rc = sw_normalize_token(s->norm, s->u16 + a, b - a, &s->term);
        if (rc)
            return rc;
        if (s->term.len == 0 || s->term.len > SW_TERM_MAX)
            continue;
        UChar32 c0;
        U16_GET(s->u16, 0, a, n16, c0);
        int tflags = u_hasBinaryProperty(c0, UCHAR_IDEOGRAPHIC) ? SW_TOK_HAN : 0;
        /* A folded run may map two characters onto one: a token still covers a character. */
        size_t ts = (size_t)s->map[a], te = (size_t)s->map[b];
        if (te <= ts) {
            te = ts + 1;
            while (te < len && ((unsigned char)text[te] & 0xC0) == 0x80)
                te++;
        }
        rc = fn(ctx, s->term.data, s->term.len, base + ts, base + te, tflags);
        if (rc)
            return rc;
    }
    return 0;
}

int sw_segment(sw_segmenter *s, const char *text, size_t len, sw_token_fn fn, void *ctx) {
    size_t off = 0;
    while (off < len) {
        size_t n = len - off > SLICE ? slice_end(text + off) : len - off;
        int rc = segment_slice(s, text + off, n, off, fn, ctx);
        if (rc)
            return rc;
        off += n;
    }
    return 0;
}

int sw_segment_fold(sw_segmenter *s, const char *text, size_t len, sw_buf *out) {
    int32_t n16 = to_u16(s, text, len);
    if (n16 < 0)
        return SW_ENOMEM;
    if ((n16 = fold_variants(s, n16, 0)) < 0)
        return n16;
    return sw_normalize_token(s->norm, s->u16, n16, out);
}

int sw_segment_variant(sw_segmenter *s, const char *text, size_t len, sw_buf *out) {
    sw_buf_reset(out);
    int32_t n16 = to_u16(s, text, len);
    if (n16 < 0)
        return SW_ENOMEM;
    for (int32_t i = 0; i < n16; i++)
        if (is_han(s->u16[i]) && sw_normalize_t2s(s->u16[i]))
            return sw_buf_add(out, text, len), out->oom ? SW_ENOMEM : 0; /* folded anyway */
    if ((n16 = fold_variants(s, n16, 1)) < 0)
        return n16;
    if (sw_buf_grow(out, (size_t)n16 * 3))
        return SW_ENOMEM;
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    u_strToUTF8WithSub(out->data, (int32_t)(out->cap - 1), &n, s->u16, n16, 0xFFFD, NULL, &st);
    if (U_FAILURE(st))
        return SW_EICU;
    out->len = (size_t)n;
    out->data[n] = '\0';
    return 0;
}
