/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_segment.c - the segmenter: tokens, normalization, byte offsets.
 */
#include "buf.h"
#include "check.h"
#include "segment.h"

#include <stdlib.h>

typedef struct collect {
    sw_buf out;       /* "term@start-end|" for each token */
    const char *text; /* the input, to check offsets */
    int bad_offsets;  /* tokens whose bytes are not valid slices */
    int stop_after;   /* stop with 7 after this many tokens (0: never) */
    int count;
} collect;

static int on_tok(void *ctx, const char *term, size_t len, size_t start, size_t end, int tflags) {
    (void)tflags;
    collect *c = ctx;
    if (end <= start || ((unsigned char)c->text[start] & 0xC0) == 0x80)
        c->bad_offsets++;
    sw_buf_add(&c->out, term, len);
    sw_buf_addf(&c->out, "@%zu-%zu|", start, end);
    if (c->stop_after && ++c->count == c->stop_after)
        return 7;
    return 0;
}

static char *seg(sw_segmenter *s, const char *text) {
    collect c = {SW_BUF_INIT, text, 0, 0, 0};
    int rc = sw_segment(s, text, strlen(text), on_tok, &c);
    CHECK_INT(rc, 0);
    CHECK_INT(c.bad_offsets, 0);
    return sw_buf_detach(&c.out, NULL);
}

/* Only the terms, joined by '|'. */
static char *terms(sw_segmenter *s, const char *text) {
    char *all = seg(s, text);
    sw_buf b = SW_BUF_INIT;
    for (char *p = all; *p;) {
        char *at = strchr(p, '@'), *bar = strchr(p, '|');
        if (b.len)
            sw_buf_addc(&b, '|');
        sw_buf_add(&b, p, (size_t)(at - p));
        p = bar + 1;
    }
    free(all);
    return sw_buf_detach(&b, NULL);
}

int main(void) {
    sw_segmenter *s = NULL;
    char *err = NULL;
    CHECK_INT(sw_segmenter_new(&s, &err), 0);
    if (!s)
        return check_done();
    char *t;

    /* Offsets are bytes into the original UTF-8; punctuation is not a token. */
    t = seg(s, "欧洲，AI。");
    CHECK_STR(t, "欧洲@0-6|ai@9-11|");
    free(t);

    /* Latin words, model names, numbers and percentages. */
    t = terms(s, "DeepSeek 的 H100 芯片，成本下降超85%，稳定性99.99%");
    CHECK(strstr(t, "deepseek|") != NULL);
    CHECK(strstr(t, "h100|") != NULL);
    CHECK(strstr(t, "|85|") != NULL);
    CHECK(strstr(t, "99.99") != NULL);
    CHECK(strstr(t, "%") == NULL);
    free(t);

    /* Full-width forms fold to half-width, Latin case folds. */
    t = terms(s, "ＡＩ ２０２６ Ｈ１００ OpenAI");
    CHECK_STR(t, "ai|2026|h100|openai");
    free(t);

    /* The same words from the query side: identical terms. */
    char *a = terms(s, "人工智能技术"), *b = terms(s, "人工智能技术");
    CHECK_STR(a, b);
    free(a);
    free(b);

    /* Chinese is split into words, not characters, and not left whole. */
    t = terms(s, "中国的人工智能技术");
    CHECK(strchr(t, '|') != NULL);
    CHECK(strstr(t, "中国") != NULL);
    free(t);

    /* A full-width offset check: 'ＩＰＯ' occupies 9 bytes. */
    t = seg(s, "ＩＰＯ上市");
    CHECK(strncmp(t, "ipo@0-9|", 8) == 0);
    free(t);

    /* Invalid UTF-8 bytes are not tokens and do not shift offsets. */
    t = seg(s, "ab\xff\xfe cd");
    CHECK_STR(t, "ab@0-2|cd@5-7|");
    free(t);

    /* A positive callback value stops early and is returned. */
    collect c = {SW_BUF_INIT, "一 二 三 四", 0, 2, 0};
    CHECK_INT(sw_segment(s, c.text, strlen(c.text), on_tok, &c), 7);
    CHECK_INT(c.count, 2);
    sw_buf_release(&c.out);

    /* Long texts are sliced; offsets stay right across slices. */
    sw_buf big = SW_BUF_INIT;
    for (int i = 0; i < 40000; i++)
        sw_buf_adds(&big, "人工智能改变世界。\n");
    collect cb = {SW_BUF_INIT, big.data, 0, 0, 0};
    CHECK_INT(sw_segment(s, big.data, big.len, on_tok, &cb), 0);
    CHECK_INT(cb.bad_offsets, 0);
    const char *last = strrchr(cb.out.data, '@'); /* the last token ends at the last 界 */
    CHECK(last && strtoull(strchr(last, '-') + 1, NULL, 10) == big.len - strlen("。\n"));
    sw_buf_release(&cb.out);
    sw_buf_release(&big);

    /* Empty input: no tokens. */
    t = seg(s, "");
    CHECK_STR(t, "");
    free(t);

    sw_segmenter_free(s);
    return check_done();
}
