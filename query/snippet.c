/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * snippet.c - best-window snippets with highlights (see snippet.h).
 *
 * The text is cut into pieces after each line end and each 。！？，； (but not
 * a ，； between digits, which ICU keeps inside a number), which no word or
 * run of Chinese tokens crosses, and a piece is segmented only when
 * its folded text holds a query pattern, or when a window's edge falls in it
 * with no punctuation to cut at (its words are then needed): an article of
 * a few kilobytes shows two or three sentences of it, and segmenting is the
 * cost of a snippet. (A piece runs 64 KiB at most: past that it is cut after
 * a space, else between two characters, where a word may be split.) Matches
 * come from two places: tokens whose
 * normalized form equals a query term, and query strings of Chinese
 * characters found inside the text's runs of adjacent Chinese tokens (the
 * same recall the index gets from its character pairs). Normalization maps
 * Chinese characters one to one (NFKC and Traditional->Simplified both do),
 * so a match in the normalized run maps back to the original characters.
 * Window search then slides over the matches only.
 *
 * When every pattern is a string of Chinese characters, a piece made only of plain characters
 * (plain_piece: Chinese characters without a Traditional form, ASCII, full-width ASCII, common
 * CJK punctuation) is not segmented at all: folding maps each of its characters to one, no
 * Chinese character of it is in a token with anything but Chinese characters, and its Chinese
 * characters lie in runs of adjacent Chinese tokens however ICU cuts them, so a pattern's
 * occurrences in the folded piece are exactly the run matches segmenting would find. Its
 * words are segmented later only if a window's edge needs them.
 */
#include "snippet.h"

#include "error.h"
#include "normalize.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct tok {
    size_t start, end; /* bytes in the text */
    size_t norm, nlen; /* the normalized form: offset and length in s->norm */
    int han;           /* starts with a Chinese character */
} tok;

typedef struct span {
    size_t start, end;   /* bytes in the text */
    size_t cstart, cend; /* characters before start / end */
    uint64_t units;      /* query units covered */
} span;

typedef struct window {
    size_t a, b; /* bytes in the text */
} window;

typedef struct piece {
    size_t a, b; /* bytes in the text */
    int done;    /* segmented: its tokens are in toks */
} piece;

#define PIECE_MAX (64 * 1024) /* longer pieces are cut at a space, else between characters */

struct sw_snipper {
    sw_segmenter *seg; /* borrowed */
    tok *toks;         /* tokens of the current text */
    size_t ntoks, toks_cap;
    span *spans; /* matches */
    size_t nspans, spans_cap;
    span *found; /* matches in plain pieces, found without segmenting them */
    size_t nfound, found_cap;
    int quick;        /* plain pieces may be matched without segmenting (sw_snipper_set_quick) */
    size_t segmented; /* pieces segmented to find the current build's matches */
    sw_buf norm;      /* normalized token forms, back to back */
    sw_buf run;       /* the normalized form of one run of Chinese tokens */
    size_t *cmap;     /* run character i: start byte in the text; cmap[2i+1]: end */
    size_t cmap_cap;
    piece *pieces; /* the text's pieces, in order */
    size_t npieces, pieces_cap;
    sw_buf fold;      /* the folded text of one piece */
    int rc;           /* sticky error of placing windows (segment_range) */
    size_t base;      /* byte offset of the piece being segmented */
    const char *text; /* the current text */
    size_t len;
};

#define ELLIPSIS "\xE2\x80\xA6"
#define MAX_WINDOWS 3

int sw_snipper_new(sw_segmenter *seg, sw_snipper **out) {
    sw_snipper *s = calloc(1, sizeof(*s));
    if (!s)
        return SW_ENOMEM;
    s->seg = seg;
    s->quick = 1;
    *out = s;
    return 0;
}

void sw_snipper_set_quick(sw_snipper *s, int on) { s->quick = on; }

size_t sw_snipper_segmented(const sw_snipper *s) { return s->segmented; }

void sw_snipper_free(sw_snipper *s) {
    if (!s)
        return;
    free(s->toks);
    free(s->spans);
    free(s->found);
    free(s->cmap);
    free(s->pieces);
    sw_buf_release(&s->fold);
    sw_buf_release(&s->norm);
    sw_buf_release(&s->run);
    free(s);
}

void sw_snippet_release(sw_snippet *sn) {
    sw_buf_release(&sn->text);
    free(sn->hl);
    memset(sn, 0, sizeof(*sn));
}

int sw_snippet_equal(const sw_snippet *a, const sw_snippet *b) {
    return a->text.len == b->text.len && a->nhl == b->nhl &&
           !memcmp(sw_buf_str(&a->text), sw_buf_str(&b->text), a->text.len) &&
           (!a->nhl || !memcmp(a->hl, b->hl, a->nhl * sizeof(*a->hl)));
}

static int on_token(void *ctx, const char *term, size_t len, size_t start, size_t end, int tflags) {
    sw_snipper *s = ctx;
    tok *grown = sw_grow(s->toks, &s->toks_cap, s->ntoks + 1, sizeof(*grown), 256);
    if (!grown)
        return SW_ENOMEM;
    s->toks = grown;
    tok *t = &s->toks[s->ntoks++];
    t->start = s->base + start;
    t->end = s->base + end;
    t->norm = s->norm.len;
    t->nlen = len;
    t->han = (tflags & SW_TOK_HAN) != 0;
    sw_buf_add(&s->norm, term, len);
    return s->norm.oom ? SW_ENOMEM : 0;
}

static int by_tok_start(const void *a, const void *b) {
    const tok *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Segments piece p, appending its tokens. */
static int segment_piece(sw_snipper *s, piece *p) {
    p->done = 1;
    s->base = p->a;
    int rc = sw_segment(s->seg, s->text + p->a, p->b - p->a, on_token, s);
    return rc < 0 ? rc : 0;
}

/* Whether a digit (ASCII or full-width) ends at byte `at` / starts at byte `at`. */
static int digit_before(const unsigned char *t, size_t at) {
    return (at >= 1 && t[at - 1] >= '0' && t[at - 1] <= '9') ||
           (at >= 3 && t[at - 3] == 0xEF && t[at - 2] == 0xBC && t[at - 1] >= 0x90 &&
            t[at - 1] <= 0x99);
}
static int digit_at(const unsigned char *t, size_t at, size_t len) {
    return (at < len && t[at] >= '0' && t[at] <= '9') ||
           (at + 3 <= len && t[at] == 0xEF && t[at + 1] == 0xBC && t[at + 2] >= 0x90 &&
            t[at + 2] <= 0x99);
}

/*
 * The end of the piece starting at byte a: after a line end or 。！？，；, where every
 * segmentation breaks (but ，； join digits into one number, as in 7.07，15: not there).
 */
static size_t piece_end(const char *text, size_t a, size_t len) {
    const unsigned char *t = (const unsigned char *)text;
    for (size_t i = a; i < len; i++) {
        if (i - a >= PIECE_MAX && (t[i] & 0xC0) != 0x80) {
            for (size_t k = i; k > i - PIECE_MAX / 2; k--)
                if (t[k - 1] == ' ' || t[k - 1] == '\t')
                    return k;
            return i;
        }
        if (t[i] == '\n')
            return i + 1;
        if (i + 3 > len)
            continue;
        if (t[i] == 0xE3 && t[i + 1] == 0x80 && t[i + 2] == 0x82)
            return i + 3; /* 。 */
        if (t[i] == 0xEF && t[i + 1] == 0xBC && (t[i + 2] == 0x81 || t[i + 2] == 0x9F))
            return i + 3; /* ！？ */
        if (t[i] == 0xEF && t[i + 1] == 0xBC && (t[i + 2] == 0x8C || t[i + 2] == 0x9B) &&
            !(digit_before(t, i) && digit_at(t, i + 3, len)))
            return i + 3; /* ，； */
    }
    return len;
}

/* Segments the pieces overlapping bytes [lo, hi] not segmented yet, keeping toks in order. */
static int segment_range(sw_snipper *s, size_t lo, size_t hi) {
    int added = 0;
    for (size_t i = 0; i < s->npieces && s->pieces[i].a <= hi; i++) {
        piece *p = &s->pieces[i];
        if (p->done || p->b <= lo)
            continue;
        int rc = segment_piece(s, p);
        if (rc)
            return rc;
        added = 1;
    }
    if (added && s->ntoks > 1)
        qsort(s->toks, s->ntoks, sizeof(*s->toks), by_tok_start);
    return 0;
}

/* Appends a match to the list *v of *n (*cap allocated). */
static int push_span(span **v, size_t *n, size_t *cap, size_t a, size_t b, uint64_t units) {
    span *grown = sw_grow(*v, cap, *n + 1, sizeof(*grown), 64);
    if (!grown)
        return SW_ENOMEM;
    *v = grown;
    grown[(*n)++] = (span){a, b, 0, 0, units};
    return 0;
}

static int add_span(sw_snipper *s, size_t a, size_t b, uint64_t units) {
    return push_span(&s->spans, &s->nspans, &s->spans_cap, a, b, units);
}

/* Matches of substring patterns in the run of Chinese tokens toks[i..j). */
static int match_run(sw_snipper *s, size_t i, size_t j, const sw_terms *terms) {
    sw_buf_reset(&s->run);
    size_t nchars = 0;
    for (size_t k = i; k < j; k++)
        nchars += sw_utf8_chars(s->norm.data + s->toks[k].norm, s->toks[k].nlen);
    size_t *grown = sw_grow(s->cmap, &s->cmap_cap, 2 * nchars, sizeof(*grown), 64);
    if (!grown)
        return SW_ENOMEM;
    s->cmap = grown;
    size_t c = 0;
    for (size_t k = i; k < j; k++) {
        const tok *t = &s->toks[k];
        const char *n = s->norm.data + t->norm;
        sw_buf_add(&s->run, n, t->nlen);
        size_t nn = sw_utf8_chars(n, t->nlen),
               on = sw_utf8_chars(s->text + t->start, t->end - t->start);
        size_t o = t->start;
        for (size_t q = 0; q < nn; q++, c++) {
            if (nn != on) { /* not one to one: the whole token stands for each character */
                s->cmap[2 * c] = t->start;
                s->cmap[2 * c + 1] = t->end;
                continue;
            }
            size_t e = o + 1;
            while (e < t->end && ((unsigned char)s->text[e] & 0xC0) == 0x80)
                e++;
            s->cmap[2 * c] = o;
            s->cmap[2 * c + 1] = e;
            o = e;
        }
    }
    if (s->run.oom)
        return SW_ENOMEM;
    for (size_t p = 0; p < terms->n; p++) {
        const sw_pattern *pt = &terms->p[p];
        if (!pt->substr || pt->len == 0)
            continue;
        size_t pc = sw_utf8_chars(pt->text, pt->len);
        const char *h = s->run.data, *end = s->run.data + s->run.len;
        while (h < end) {
            const char *m = memmem(h, (size_t)(end - h), pt->text, pt->len);
            if (!m)
                break;
            size_t c0 = sw_utf8_chars(s->run.data, (size_t)(m - s->run.data));
            /* A pattern that is not whole characters (not UTF-8) matches nothing. */
            if (pc && ((unsigned char)*m & 0xC0) != 0x80 && c0 + pc <= c &&
                add_span(s, s->cmap[2 * c0], s->cmap[2 * (c0 + pc - 1) + 1], pt->units))
                return SW_ENOMEM;
            h = m + 1;
            while (h < end && ((unsigned char)*h & 0xC0) == 0x80)
                h++;
        }
    }
    return 0;
}

static int by_start(const void *a, const void *b) {
    const span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Finds every match, sorted by position, with character offsets. */
static int find_matches(sw_snipper *s, const sw_terms *terms) {
    for (size_t k = 0; k < s->ntoks; k++) {
        const tok *t = &s->toks[k];
        for (size_t p = 0; p < terms->n; p++) {
            const sw_pattern *pt = &terms->p[p];
            if (pt->len == t->nlen && !memcmp(pt->text, s->norm.data + t->norm, pt->len) &&
                add_span(s, t->start, t->end, pt->units))
                return SW_ENOMEM;
        }
    }
    for (size_t i = 0; i < s->ntoks;) {
        if (!s->toks[i].han) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < s->ntoks && s->toks[j].han && s->toks[j].start == s->toks[j - 1].end)
            j++;
        int rc = match_run(s, i, j, terms);
        if (rc)
            return rc;
        i = j;
    }
    for (size_t k = 0; k < s->nfound; k++)
        if (add_span(s, s->found[k].start, s->found[k].end, s->found[k].units))
            return SW_ENOMEM;
    if (s->nspans)
        qsort(s->spans, s->nspans, sizeof(*s->spans), by_start);
    size_t pos = 0, chars = 0;
    for (size_t i = 0; i < s->nspans; i++) {
        span *sp = &s->spans[i];
        chars += sw_utf8_chars(s->text + pos, sp->start - pos);
        pos = sp->start;
        sp->cstart = chars;
        sp->cend = chars + sw_utf8_chars(s->text + sp->start, sp->end - sp->start);
    }
    return 0;
}

static double weight_of(const sw_terms *t, uint64_t units) {
    double w = 0;
    for (size_t i = 0; i < t->nunits && i < 64; i++)
        if (units & ((uint64_t)1 << i))
            w += t->weight ? t->weight[i] : 1.0;
    return w;
}

/*
 * The best window of at most wchars characters for units not in `covered`:
 * the first and last span it holds (*first == SIZE_MAX when none helps).
 */
static double best_window(const sw_snipper *s, const sw_terms *terms, size_t wchars,
                          uint64_t covered, size_t *first, size_t *last) {
    double best = 0;
    *first = (size_t)-1;
    for (size_t i = 0; i < s->nspans; i++) {
        if (!(s->spans[i].units & ~covered))
            continue;
        uint64_t u = 0;
        size_t l = i;
        for (size_t j = i; j < s->nspans && s->spans[j].cend - s->spans[i].cstart <= wchars; j++) {
            u |= s->spans[j].units;
            l = j;
        }
        double w = weight_of(terms, u & ~covered);
        if (w > best + 1e-9) {
            best = w;
            *first = i;
            *last = l;
        }
    }
    return best;
}

/* Every unit the terms count (the first 64, as weight_of). */
static uint64_t all_units(const sw_terms *t) {
    return t->nunits >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << t->nunits) - 1;
}

/* Whether code point c is a Chinese character of the blocks plain pieces hold. */
static int plain_han(uint32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/*
 * The code point of the UTF-8 character at t[i] (of len bytes) and its length in *n; 0 with
 * *n = 0 for a sequence that is not a BMP character in its shortest form (plain pieces hold
 * none: ICU would read an overlong form as one U+FFFD a byte).
 */
static uint32_t bmp_at(const unsigned char *t, size_t i, size_t len, size_t *n) {
    uint32_t c = t[i];
    size_t k = c < 0x80;
    if ((t[i] & 0xE0) == 0xC0 && i + 2 <= len && (t[i + 1] & 0xC0) == 0x80) {
        c = (uint32_t)(t[i] & 0x1F) << 6 | (t[i + 1] & 0x3F);
        k = c >= 0x80 ? 2 : 0;
    } else if ((t[i] & 0xF0) == 0xE0 && i + 3 <= len && (t[i + 1] & 0xC0) == 0x80 &&
               (t[i + 2] & 0xC0) == 0x80) {
        c = (uint32_t)(t[i] & 0x0F) << 12 | (uint32_t)(t[i + 1] & 0x3F) << 6 | (t[i + 2] & 0x3F);
        k = c >= 0x800 ? 3 : 0;
    }
    *n = k;
    return k ? c : 0;
}

/*
 * Whether t[0..len) holds only characters that fold to one character each, with no
 * Traditional form, and that ICU never puts in one token with a Chinese character: Chinese
 * characters, ASCII, full-width ASCII, the middle dot, dashes, quotes, the bullet and the CJK
 * punctuation and brackets (not 々〆〇, which join Chinese words).
 */
static int plain_piece(const char *t, size_t len) {
    const unsigned char *u = (const unsigned char *)t;
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t c = bmp_at(u, i, len, &n);
        if (!n)
            return 0;
        int ok = c < 0x80
                     ? c >= 0x20 ? c < 0x7F : c == '\t' || c == '\n' || c == '\r'
                     : plain_han(c) || (c >= 0xFF01 && c <= 0xFF5E) || c == 0xB7 || c == 0x2013 ||
                           c == 0x2014 || c == 0x2018 || c == 0x2019 || c == 0x201C ||
                           c == 0x201D || c == 0x2022 || (c >= 0x3000 && c <= 0x3003) ||
                           (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F);
        if (!ok || sw_normalize_t2s((unsigned short)c))
            return 0;
    }
    return 1;
}

/* Whether every pattern is a string of Chinese characters to find inside runs (or empty). */
static int han_patterns(const sw_terms *terms) {
    for (size_t k = 0; k < terms->n; k++) {
        const sw_pattern *pt = &terms->p[k];
        const unsigned char *u = (const unsigned char *)pt->text;
        if (pt->len && !pt->substr)
            return 0;
        for (size_t i = 0, n; i < pt->len; i += n)
            if (!plain_han(bmp_at(u, i, pt->len, &n)) || !n)
                return 0;
    }
    return 1;
}

/* The bytes of the UTF-8 character whose first byte is c (in a plain piece: at most 3). */
static size_t lead_len(unsigned char c) { return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : 3; }

/*
 * The matches in plain piece p of every pattern (all strings of Chinese characters), from its
 * folded text in s->fold, into s->found: folding kept one character for each, so the n-th
 * character of the fold is the n-th of the piece.
 */
static int match_plain(sw_snipper *s, const piece *p, const sw_terms *terms) {
    const char *f = s->fold.data, *end = f + s->fold.len;
    for (size_t k = 0; k < terms->n; k++) {
        const sw_pattern *pt = &terms->p[k];
        size_t pc = sw_utf8_chars(pt->text, pt->len);
        const char *fat = f; /* the fold read so far, and the byte of the text at it */
        size_t at = p->a;
        for (const char *h = f, *m; pt->len && h < end; h = m + 1) {
            if (!(m = memmem(h, (size_t)(end - h), pt->text, pt->len)))
                break;
            for (; fat < m; fat++)
                if (((unsigned char)*fat & 0xC0) != 0x80)
                    at += lead_len((unsigned char)s->text[at]);
            size_t e = at;
            for (size_t c = 0; c < pc && e < p->b; c++)
                e += lead_len((unsigned char)s->text[e]);
            if (push_span(&s->found, &s->nfound, &s->found_cap, at, e, pt->units))
                return SW_ENOMEM;
        }
    }
    return 0;
}

/*
 * Cuts the text into pieces and segments those whose folded text holds a
 * pattern (every token match and every run match lies in such a piece); plain pieces are
 * matched without (match_plain) when every pattern is a string of Chinese characters.
 *
 * With wchars > 0 it stops once the window that sw_snippet_build will show is known: a window
 * of wchars characters covers every unit (no other choice weighs more, and of equal ones the
 * first is taken), no earlier one does, and the pieces reach its end (its matches and the
 * places to cut it are all read). A window that covers every unit on the first matching
 * pieces of a long article spares segmenting the rest.
 */
static int segment_matching(sw_snipper *s, const sw_terms *terms, size_t wchars) {
    const uint64_t every = all_units(terms);
    const double full = weight_of(terms, every);
    const int quick = s->quick && han_patterns(terms);
    size_t before = 0;        /* the previous piece's bytes: a long one may end inside a run */
    uint64_t seen = 0;        /* units whose patterns the pieces so far hold */
    size_t chars = 0;         /* characters in the pieces so far */
    size_t need = (size_t)-1; /* the characters that settle the window found */
    for (size_t a = 0; a < s->len;) {
        size_t b = piece_end(s->text, a, s->len);
        piece *grown = sw_grow(s->pieces, &s->pieces_cap, s->npieces + 1, sizeof(*grown), 64);
        if (!grown)
            return SW_ENOMEM;
        s->pieces = grown;
        piece *p = &s->pieces[s->npieces++];
        *p = (piece){a, b, 0};
        int rc = sw_segment_fold(s->seg, s->text + a, b - a, &s->fold);
        if (rc)
            return rc;
        int held = 0, plain = 0;
        for (size_t k = 0; k < terms->n; k++) {
            const sw_pattern *pt = &terms->p[k];
            if (pt->len && memmem(s->fold.data, s->fold.len, pt->text, pt->len)) {
                /* A piece cut for its length (PIECE_MAX) may split a run: segmented. */
                if (!held)
                    plain = quick && b - a < PIECE_MAX / 2 && before < PIECE_MAX / 2 &&
                            plain_piece(s->text + a, b - a);
                if (!held && !plain && (s->segmented++, rc = segment_piece(s, p)))
                    return rc;
                held = 1;
                seen |= pt->units;
            }
        }
        if (plain && (rc = match_plain(s, p, terms)))
            return rc;
        before = b - a;
        a = b;
        if (!wchars)
            continue;
        chars += sw_utf8_chars(s->text + p->a, b - p->a);
        if (held && (seen & every) == every && full > 0) { /* a new match may settle it sooner */
            size_t f, l;
            if ((rc = find_matches(s, terms)))
                return rc;
            if (best_window(s, terms, wchars, 0, &f, &l) > full - 1e-9 && f != (size_t)-1)
                need = s->spans[f].cstart + wchars;
            s->nspans = 0;
        }
        if (need != (size_t)-1 && chars >= need)
            break;
    }
    return 0;
}

/* Length of the clause punctuation ending just before byte `at`, 0 if none; *strong for 。！？ */
static size_t punct_before(const char *t, size_t at, int *strong) {
    static const char *const strong_p[] = {"。", "！", "？", "!", "?", NULL};
    static const char *const weak_p[] = {"，", "；", "：", ";", NULL};
    for (int i = 0; strong_p[i]; i++) {
        size_t k = strlen(strong_p[i]);
        if (at >= k && !memcmp(t + at - k, strong_p[i], k)) {
            *strong = 1;
            return k;
        }
    }
    for (int i = 0; weak_p[i]; i++) {
        size_t k = strlen(weak_p[i]);
        if (at >= k && !memcmp(t + at - k, weak_p[i], k)) {
            *strong = 0;
            return k;
        }
    }
    return 0;
}

/* Byte offset `chars` characters before byte `at` (not before 0). */
static size_t back_chars(const char *t, size_t at, size_t chars) {
    while (at > 0 && chars > 0) {
        at--;
        while (at > 0 && ((unsigned char)t[at] & 0xC0) == 0x80)
            at--;
        chars--;
    }
    return at;
}

/* Byte offset `chars` characters after byte `at` (not past len). */
static size_t fwd_chars(const char *t, size_t len, size_t at, size_t chars) {
    while (at < len && chars > 0) {
        at++;
        while (at < len && ((unsigned char)t[at] & 0xC0) == 0x80)
            at++;
        chars--;
    }
    return at;
}

#define NO_CUT ((size_t)-1)

/*
 * Walking n bytes from byte `from` (towards the start of the text with `back`), the first
 * character start that follows 。！？, else the first that follows ，；; NO_CUT when none does.
 */
static size_t punct_cut(const char *t, size_t from, size_t n, int back) {
    size_t weak = NO_CUT;
    for (size_t i = 0; i < n; i++) {
        size_t at = back ? from - i : from + i;
        if (((unsigned char)t[at] & 0xC0) == 0x80)
            continue;
        int strong;
        if (punct_before(t, at, &strong)) {
            if (strong)
                return at;
            if (weak == NO_CUT)
                weak = at;
        }
    }
    return weak;
}

/* A window start in [lo, hi]: after 。！？ (earliest), else after ，；, else a word start. */
static size_t cut_start(sw_snipper *s, size_t lo, size_t hi) {
    if (lo == 0)
        return 0;
    size_t at = punct_cut(s->text, lo, hi >= lo ? hi - lo + 1 : 0, 0);
    if (at != NO_CUT)
        return at;
    if (!s->rc)
        s->rc = segment_range(s, lo, hi);
    for (size_t i = 0; i < s->ntoks; i++) /* the first word starting at or after lo */
        if (s->toks[i].start >= lo)
            return s->toks[i].start <= hi ? s->toks[i].start : hi;
    return hi;
}

/* A window end in [lo, hi]: after 。！？ (latest), else after ，；, else a word end. */
static size_t cut_end(sw_snipper *s, size_t lo, size_t hi) {
    if (hi >= s->len)
        return s->len;
    size_t at = punct_cut(s->text, hi, hi > lo ? hi - lo : 0, 1);
    if (at != NO_CUT)
        return at;
    if (!s->rc)
        s->rc = segment_range(s, lo, hi);
    size_t best = lo;
    for (size_t i = 0; i < s->ntoks && s->toks[i].end <= hi; i++) /* the last word ending by hi */
        if (s->toks[i].end >= lo)
            best = s->toks[i].end;
    return best;
}

/* The window of wchars characters around spans first..last, cut at good places. */
static window place(sw_snipper *s, size_t first, size_t last, size_t wchars) {
    window w;
    if (first == (size_t)-1) {
        w.a = 0;
        w.b = cut_end(s, 0, fwd_chars(s->text, s->len, 0, wchars));
        return w;
    }
    size_t sa = s->spans[first].start, sb = s->spans[last].end;
    for (size_t i = first; i <= last; i++)
        if (s->spans[i].end > sb)
            sb = s->spans[i].end;
    size_t span = sw_utf8_chars(s->text + sa, sb - sa);
    size_t slack = wchars > span ? wchars - span : 0;
    w.a = cut_start(s, back_chars(s->text, sa, slack / 4), sa);
    size_t used = sw_utf8_chars(s->text + w.a, sb - w.a);
    w.b = cut_end(s, sb, fwd_chars(s->text, s->len, sb, wchars > used ? wchars - used : 0));
    return w;
}

static int is_space(const char *t, size_t i, size_t len, size_t *k) {
    if (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r') {
        *k = 1;
        return 1;
    }
    if (i + 3 <= len && !memcmp(t + i, "\xE3\x80\x80", 3)) {
        *k = 3;
        return 1;
    }
    return 0;
}

static int add_hl(sw_snippet *out, size_t a, size_t b) {
    if (out->nhl && out->hl[out->nhl - 1].end >= a) { /* touching or overlapping: one */
        if (b > out->hl[out->nhl - 1].end)
            out->hl[out->nhl - 1].end = b;
        return 0;
    }
    sw_range *r = sw_grow(out->hl, &out->hl_cap, out->nhl + 1, sizeof(*r), 16);
    if (!r)
        return SW_ENOMEM;
    out->hl = r;
    out->hl[out->nhl].start = a;
    out->hl[out->nhl++].end = b;
    return 0;
}

/*
 * Copies text[a..b) into out with white space collapsed, recording where the
 * matches (spans, clipped to the window) land.
 */
static int emit(const sw_snipper *s, size_t a, size_t b, sw_snippet *out) {
    const char *t = s->text;
    while (a < b) { /* no white space at the edges */
        size_t k;
        if (!is_space(t, a, b, &k))
            break;
        a += k;
    }
    size_t si = 0; /* the first span that may still open */
    size_t open_at = 0, open_end = 0;
    int open = 0, space = 0;
    for (size_t i = a; i <= b;) {
        if (open && i >= open_end) {
            if (add_hl(out, open_at, out->text.len))
                return SW_ENOMEM;
            open = 0;
        }
        if (i == b)
            break;
        size_t k;
        if (is_space(t, i, b, &k)) {
            space = 1;
            i += k;
            continue;
        }
        if (space && i > a)
            sw_buf_addc(&out->text, ' ');
        space = 0;
        while (si < s->nspans && s->spans[si].start < i && s->spans[si].end <= i)
            si++;
        for (size_t j = si; j < s->nspans && s->spans[j].start <= i; j++) {
            if (s->spans[j].end <= i)
                continue;
            size_t e = s->spans[j].end < b ? s->spans[j].end : b;
            if (!open) {
                open = 1;
                open_at = out->text.len;
                open_end = e;
            } else if (e > open_end) {
                open_end = e;
            }
        }
        size_t n = 1;
        while (i + n < b && ((unsigned char)t[i + n] & 0xC0) == 0x80)
            n++;
        sw_buf_add(&out->text, t + i, n);
        i += n;
    }
    while (out->text.len && out->text.data[out->text.len - 1] == ' ') {
        out->text.data[--out->text.len] = '\0';
        if (out->nhl && out->hl[out->nhl - 1].end > out->text.len)
            out->hl[out->nhl - 1].end = out->text.len;
    }
    return out->text.oom ? SW_ENOMEM : 0;
}

static int by_a(const void *x, const void *y) {
    const window *a = x, *b = y;
    return a->a < b->a ? -1 : a->a > b->a;
}

int sw_snippet_build(sw_snipper *s, const char *text, size_t len, const sw_terms *terms,
                     size_t max_chars, sw_snippet *out) {
    sw_buf_reset(&out->text);
    out->nhl = 0;
    s->ntoks = s->nspans = s->nfound = s->segmented = 0;
    sw_buf_reset(&s->norm);
    s->text = text;
    s->len = len;
    s->npieces = 0;
    s->rc = 0;
    int rc;
    s->base = 0;
    if (max_chars == 0) { /* all of it is shown */
        if ((rc = segment_matching(s, terms, 0)) || (rc = find_matches(s, terms)))
            return rc;
        return emit(s, 0, len, out);
    }
    if ((rc = segment_matching(s, terms, max_chars)) || (rc = find_matches(s, terms)))
        return rc;

    /* One window of max_chars, or k windows of max_chars / k covering more. */
    window best[MAX_WINDOWS];
    size_t nbest = 0;
    double best_w = -1;
    for (size_t k = 1; k <= MAX_WINDOWS; k++) {
        size_t wchars = max_chars / k;
        window ws[MAX_WINDOWS];
        size_t nw = 0;
        uint64_t covered = 0;
        double total = 0;
        for (size_t i = 0; i < k; i++) {
            size_t f = (size_t)-1, l = 0;
            double w = best_window(s, terms, wchars, covered, &f, &l);
            if (f == (size_t)-1 && nw > 0)
                break;
            ws[nw++] = place(s, f, l, wchars);
            total += w;
            for (size_t j = (f == (size_t)-1 ? s->nspans : f); j <= l && j < s->nspans; j++)
                covered |= s->spans[j].units;
            if (f == (size_t)-1)
                break;
        }
        if (total > best_w + 1e-9) {
            best_w = total;
            memcpy(best, ws, nw * sizeof(*ws));
            nbest = nw;
        }
    }
    if (s->rc)
        return s->rc;
    qsort(best, nbest, sizeof(*best), by_a);
    size_t m = 0; /* merge windows that touch */
    for (size_t i = 0; i < nbest; i++) {
        if (m && best[i].a <= best[m - 1].b) {
            if (best[i].b > best[m - 1].b)
                best[m - 1].b = best[i].b;
        } else {
            best[m++] = best[i];
        }
    }
    for (size_t i = 0; i < m && !rc; i++) {
        if (best[i].a > 0)
            sw_buf_adds(&out->text, ELLIPSIS);
        rc = emit(s, best[i].a, best[i].b, out);
    }
    if (!rc && m && best[m - 1].b < len)
        sw_buf_adds(&out->text, ELLIPSIS);
    return rc ? rc : out->text.oom ? SW_ENOMEM : 0;
}
