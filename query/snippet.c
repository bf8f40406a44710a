/*
 * snippet.c - best-window snippets with highlights (see snippet.h).
 *
 * The text is segmented once; tokens are kept as byte offsets with their
 * character offsets and which query term (if any) they are. The window
 * search slides over matched tokens only, so it costs O(matches) after the
 * segmentation pass, which dominates.
 */
#include "snippet.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

typedef struct tok {
    size_t start, end; /* bytes */
    size_t cstart;     /* characters before start */
    size_t cend;       /* characters before end */
    int term;          /* index in the query terms, or -1 */
} tok;

struct sw_snipper {
    sw_segmenter *seg;  /* borrowed */
    tok *toks;          /* tokens of the current text */
    size_t n, cap;      /* tokens used / allocated */
    const char *text;   /* the current text */
    size_t cpos, bpos;  /* character count up to byte bpos (running) */
    const sw_terms *terms;
};

#define ELLIPSIS "\xE2\x80\xA6"

int sw_snipper_new(sw_segmenter *seg, sw_snipper **out) {
    sw_snipper *s = calloc(1, sizeof(*s));
    if (!s)
        return SW_ENOMEM;
    s->seg = seg;
    *out = s;
    return 0;
}

void sw_snipper_free(sw_snipper *s) {
    if (!s)
        return;
    free(s->toks);
    free(s);
}

void sw_snippet_release(sw_snippet *sn) {
    sw_buf_release(&sn->text);
    free(sn->hl);
    memset(sn, 0, sizeof(*sn));
}

static size_t count_chars(const char *s, size_t a, size_t b) {
    size_t c = 0;
    for (size_t i = a; i < b; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static int on_token(void *ctx, const char *term, size_t len, size_t start, size_t end,
                    int tflags) {
    (void)tflags;
    sw_snipper *s = ctx;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        tok *t = realloc(s->toks, cap * sizeof(*t));
        if (!t)
            return SW_ENOMEM;
        s->toks = t;
        s->cap = cap;
    }
    tok *t = &s->toks[s->n++];
    t->start = start;
    t->end = end;
    s->cpos += count_chars(s->text, s->bpos, start);
    t->cstart = s->cpos;
    s->cpos += count_chars(s->text, start, end);
    s->bpos = end;
    t->cend = s->cpos;
    t->term = -1;
    for (size_t i = 0; i < s->terms->n; i++)
        if (strlen(s->terms->term[i]) == len && !memcmp(s->terms->term[i], term, len)) {
            t->term = (int)i;
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

/* Best cut in [lo, hi] for a window start: after 。！？ (earliest), else after ，；, else a word start. */
static size_t cut_start(const sw_snipper *s, size_t lo, size_t hi) {
    if (lo == 0)
        return 0;
    size_t weak = (size_t)-1;
    for (size_t at = lo; at <= hi; at++) {
        if (((unsigned char)s->text[at] & 0xC0) == 0x80)
            continue;
        int strong;
        if (punct_before(s->text, at, &strong)) {
            if (strong)
                return at;
            if (weak == (size_t)-1)
                weak = at;
        }
    }
    if (weak != (size_t)-1)
        return weak;
    for (size_t i = 0; i < s->n; i++) /* the first word starting at or after lo */
        if (s->toks[i].start >= lo)
            return s->toks[i].start <= hi ? s->toks[i].start : hi;
    return hi;
}

/* Best cut in [lo, hi] for a window end: after 。！？ (latest), else after ，；, else a word end. */
static size_t cut_end(const sw_snipper *s, size_t len, size_t lo, size_t hi) {
    if (hi >= len)
        return len;
    size_t weak = 0;
    for (size_t at = hi; at > lo; at--) {
        if (((unsigned char)s->text[at] & 0xC0) == 0x80)
            continue;
        int strong;
        if (punct_before(s->text, at, &strong)) {
            if (strong)
                return at;
            if (!weak)
                weak = at;
        }
    }
    if (weak)
        return weak;
    size_t best = lo;
    for (size_t i = 0; i < s->n && s->toks[i].end <= hi; i++) /* the last word ending by hi */
        if (s->toks[i].end >= lo)
            best = s->toks[i].end;
    return best;
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
    if (out->nhl && out->hl[out->nhl - 1].end == a) {
        out->hl[out->nhl - 1].end = b; /* adjacent words: one highlight */
        return 0;
    }
    if (out->nhl == out->hl_cap) {
        size_t cap = out->hl_cap ? out->hl_cap * 2 : 16;
        sw_range *r = realloc(out->hl, cap * sizeof(*r));
        if (!r)
            return SW_ENOMEM;
        out->hl = r;
        out->hl_cap = cap;
    }
    out->hl[out->nhl].start = a;
    out->hl[out->nhl++].end = b;
    return 0;
}

/* Copies text[a..b) into out, white space collapsed, highlighting matched tokens. */
static int emit(const sw_snipper *s, size_t a, size_t b, sw_snippet *out) {
    const char *t = s->text;
    size_t ti = 0;
    while (ti < s->n && s->toks[ti].start < a)
        ti++;
    int space = 0;
    for (size_t i = a; i < b;) {
        size_t k;
        if (is_space(t, i, b, &k)) {
            space = 1;
            i += k;
            continue;
        }
        if (space && out->text.len && i > a)
            sw_buf_addc(&out->text, ' ');
        space = 0;
        if (ti < s->n && s->toks[ti].start == i && s->toks[ti].end <= b) {
            const tok *tk = &s->toks[ti++];
            size_t at = out->text.len;
            sw_buf_add(&out->text, t + tk->start, tk->end - tk->start);
            if (tk->term >= 0 && add_hl(out, at, out->text.len))
                return SW_ENOMEM;
            i = tk->end;
            continue;
        }
        while (ti < s->n && s->toks[ti].start < i)
            ti++;
        sw_buf_addc(&out->text, t[i++]);
    }
    return out->text.oom ? SW_ENOMEM : 0;
}

int sw_snippet_build(sw_snipper *s, const char *text, size_t len, const sw_terms *terms,
                     size_t max_chars, sw_snippet *out) {
    sw_buf_reset(&out->text);
    out->nhl = 0;
    s->n = 0;
    s->text = text;
    s->cpos = s->bpos = 0;
    s->terms = terms;
    int rc = sw_segment(s->seg, text, len, on_token, s);
    if (rc < 0)
        return rc;
    if (max_chars == 0)
        return emit(s, 0, len, out);

    /* The window over matched tokens with the most distinct terms; earliest wins ties. */
    size_t best_i = (size_t)-1, best_j = 0;
    size_t best_score = 0;
    unsigned char seen[64];
    for (size_t i = 0; i < s->n; i++) {
        if (s->toks[i].term < 0)
            continue;
        memset(seen, 0, sizeof(seen));
        size_t score = 0, last = i;
        for (size_t j = i; j < s->n && s->toks[j].cend - s->toks[i].cstart <= max_chars; j++) {
            int t = s->toks[j].term;
            if (t < 0)
                continue;
            last = j;
            if (t < 64 && !seen[t]) {
                seen[t] = 1;
                score++;
            }
        }
        if (score > best_score) {
            best_score = score;
            best_i = i;
            best_j = last;
        }
    }
    size_t a, b;
    if (best_i == (size_t)-1) {
        a = 0;
        b = cut_end(s, len, 0, fwd_chars(text, len, 0, max_chars));
    } else {
        size_t span = s->toks[best_j].cend - s->toks[best_i].cstart;
        size_t slack = max_chars > span ? max_chars - span : 0;
        size_t lead = slack / 4; /* some context before the first match */
        size_t sa = s->toks[best_i].start, sb = s->toks[best_j].end;
        size_t lo = back_chars(text, sa, lead);
        a = cut_start(s, lo, sa);
        size_t used = count_chars(text, a, sb);
        size_t hi = fwd_chars(text, len, sb, max_chars > used ? max_chars - used : 0);
        b = cut_end(s, len, sb, hi);
    }
    while (a < b) { /* no white space at the edges */
        size_t k;
        if (!is_space(text, a, b, &k))
            break;
        a += k;
    }
    if (a > 0)
        sw_buf_adds(&out->text, ELLIPSIS);
    rc = emit(s, a, b, out);
    while (out->text.len && out->text.data[out->text.len - 1] == ' ')
        out->text.data[--out->text.len] = '\0';
    if (!rc && b < len)
        sw_buf_adds(&out->text, ELLIPSIS);
    return out->text.oom ? SW_ENOMEM : rc;
}
