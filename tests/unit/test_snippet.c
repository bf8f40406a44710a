/*
 * test_snippet.c - best windows, CJK-aware cuts and highlights.
 */
#include "check.h"
#include "segment.h"
#include "snippet.h"

#include <stdlib.h>

static size_t chars(const char *s) {
    size_t c = 0;
    for (; *s; s++)
        c += ((unsigned char)*s & 0xC0) != 0x80;
    return c;
}

/* The snippet's highlighted texts joined by '|'. */
static char *marked(const sw_snippet *sn) {
    sw_buf b = SW_BUF_INIT;
    for (size_t i = 0; i < sn->nhl; i++) {
        if (i)
            sw_buf_addc(&b, '|');
        sw_buf_add(&b, sn->text.data + sn->hl[i].start, sn->hl[i].end - sn->hl[i].start);
    }
    return sw_buf_detach(&b, NULL);
}

/* The query's terms as the segmenter makes them (as souwen-search does). */
typedef struct qterms {
    char *t[16];
    const char *p[16];
    size_t n;
} qterms;

static int on_term(void *ctx, const char *term, size_t len, size_t a, size_t b, int f) {
    (void)a, (void)b, (void)f;
    qterms *q = ctx;
    if (q->n < 16) {
        q->t[q->n] = strndup(term, len);
        q->p[q->n] = q->t[q->n];
        q->n++;
    }
    return 0;
}

static sw_terms make_terms(sw_segmenter *seg, const char *query, qterms *q) {
    memset(q, 0, sizeof(*q));
    sw_segment(seg, query, strlen(query), on_term, q);
    sw_terms t = {q->p, q->n};
    return t;
}

static void free_terms(qterms *q) {
    for (size_t i = 0; i < q->n; i++)
        free(q->t[i]);
}

int main(void) {
    sw_segmenter *seg = NULL;
    sw_snipper *sn = NULL;
    char *err = NULL;
    CHECK_INT(sw_segmenter_new(&seg, &err), 0);
    CHECK_INT(sw_snipper_new(seg, &sn), 0);
    sw_snippet out = {0};

    /* Filler, then the sentence with both terms, then more filler. */
    sw_buf text = SW_BUF_INIT;
    for (int i = 0; i < 12; i++)
        sw_buf_adds(&text, "城市交通早高峰客流平稳，地铁运行正常。");
    sw_buf_adds(&text, "欧洲企业开始采用开源的人工智能模型。");
    for (int i = 0; i < 12; i++)
        sw_buf_adds(&text, "天气晴朗，气温回升，市民出行便利。");
    qterms q2;
    sw_terms terms = make_terms(seg, "欧洲 人工智能", &q2);
    CHECK_INT(sw_snippet_build(sn, text.data, text.len, &terms, 60, &out), 0);
    const char *s = sw_buf_str(&out.text);
    char *m = marked(&out);
    CHECK_STR(m, "欧洲|人工智能");
    free(m);
    /* Cut at the sentence start before the match, and marked with an ellipsis. */
    CHECK(!strncmp(s, "…", 3));
    CHECK(strstr(s, "…欧洲企业") != NULL || strstr(s, "。欧洲企业") != NULL);
    CHECK(chars(s) <= 60 + 2);
    CHECK(chars(s) >= 30);
    /* Ends after punctuation or at an ellipsis, never inside a word. */
    size_t n = strlen(s);
    CHECK(n >= 3 && (!strcmp(s + n - 3, "…") || !strcmp(s + n - 3, "。") ||
                     !strcmp(s + n - 3, "，")));

    /* The window with more distinct terms wins over an earlier one with fewer. */
    sw_buf_reset(&text);
    sw_buf_adds(&text, "欧洲议会今日开会。");
    for (int i = 0; i < 10; i++)
        sw_buf_adds(&text, "天气晴朗，气温回升，市民出行便利。");
    sw_buf_adds(&text, "报告认为欧洲需要人工智能。");
    CHECK_INT(sw_snippet_build(sn, text.data, text.len, &terms, 40, &out), 0);
    m = marked(&out);
    CHECK_STR(m, "欧洲|人工智能");
    free(m);

    /* No match: the start of the text; white space collapsed. */
    const char *t1[] = {"火星"};
    sw_terms none = {t1, 1};
    const char *para = "第一段。\n\n第二段  在这里。";
    CHECK_INT(sw_snippet_build(sn, para, strlen(para), &none, 100, &out), 0);
    CHECK_STR(sw_buf_str(&out.text), "第一段。 第二段 在这里。");
    CHECK_INT(out.nhl, 0);

    /* Whole mode (headlines): everything, adjacent matched words as one highlight. */
    const char *head = "57岁音乐人袁惟仁去世";
    const char *tn[] = {"袁", "惟", "仁"};
    sw_terms name = {tn, 3};
    CHECK_INT(sw_snippet_build(sn, head, strlen(head), &name, 0, &out), 0);
    CHECK_STR(sw_buf_str(&out.text), head);
    m = marked(&out);
    CHECK_STR(m, "袁惟仁");
    free(m);

    /* Highlights are byte ranges into the original characters (full-width kept). */
    const char *fw = "新款ＡＩ芯片发布";
    const char *ta[] = {"ai"};
    sw_terms ai = {ta, 1};
    CHECK_INT(sw_snippet_build(sn, fw, strlen(fw), &ai, 0, &out), 0);
    m = marked(&out);
    CHECK_STR(m, "ＡＩ");
    free(m);

    free_terms(&q2);
    sw_snippet_release(&out);
    sw_buf_release(&text);
    sw_snipper_free(sn);
    sw_segmenter_free(seg);
    return check_done();
}
