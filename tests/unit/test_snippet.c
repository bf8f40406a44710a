/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_snippet.c - best windows, CJK-aware cuts and highlights.
 */
#include "check.h"
#include "segment.h"
#include "snippet.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
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

/* The query's tokens as the segmenter makes them, each an exact-match pattern and a unit. */
typedef struct qterms {
    char *t[16];
    sw_pattern p[16];
    double w[16];
    size_t n;
} qterms;

static int on_term(void *ctx, const char *term, size_t len, size_t a, size_t b, int f) {
    (void)a, (void)b, (void)f;
    qterms *q = ctx;
    if (q->n < 16) {
        q->t[q->n] = strndup(term, len);
        q->p[q->n] = (sw_pattern){q->t[q->n], len, 0, (uint64_t)1 << q->n};
        q->w[q->n] = 1.0;
        q->n++;
    }
    return 0;
}

static sw_terms make_terms(sw_segmenter *seg, const char *query, qterms *q) {
    memset(q, 0, sizeof(*q));
    sw_segment(seg, query, strlen(query), on_term, q);
    sw_terms t = {q->p, q->n, q->w, q->n};
    return t;
}

static void free_terms(qterms *q) {
    for (size_t i = 0; i < q->n; i++)
        free(q->t[i]);
}

/* Patterns given by hand: text, substring or not, unit bits. */
static sw_terms pats(sw_pattern *p, size_t n, double *w, size_t nunits) {
    for (size_t i = 0; i < nunits; i++)
        w[i] = 1.0;
    sw_terms t = {p, n, w, nunits};
    return t;
}

/*
 * Builds the snippet of text with plain pieces matched without segmenting and again with
 * every piece segmented, and checks that the two agree (text and highlights); `where` names
 * the case. The pieces segmented the quick way into *segmented (if not NULL). 1 if they agree.
 */
static int both_ways(sw_snipper *sn, const char *text, size_t len, const sw_terms *t, size_t max,
                     const char *where, size_t *segmented) {
    sw_snippet a = {0}, b = {0};
    sw_snipper_set_quick(sn, 1);
    int rc = sw_snippet_build(sn, text, len, t, max, &a);
    if (segmented)
        *segmented = sw_snipper_segmented(sn);
    sw_snipper_set_quick(sn, 0);
    int rc2 = sw_snippet_build(sn, text, len, t, max, &b);
    sw_snipper_set_quick(sn, 1);
    int same = rc == rc2 && sw_snippet_equal(&a, &b);
    if (!same)
        fprintf(stderr, "%s: quick [%s] differs from segmented [%s]\n", where, sw_buf_str(&a.text),
                sw_buf_str(&b.text));
    sw_snippet_release(&a);
    sw_snippet_release(&b);
    return same;
}

/* Substring patterns p[0..n) of Chinese characters (folded as queries are), unit i each. */
typedef struct hpats {
    sw_buf fold[4];
    sw_pattern p[4];
    double w[4];
    size_t n;
} hpats;

static sw_terms han_terms(sw_segmenter *seg, hpats *h, const char *const *words, size_t n) {
    memset(h, 0, sizeof(*h));
    for (size_t i = 0; i < n && i < 4; i++, h->n++) {
        sw_segment_fold(seg, words[i], strlen(words[i]), &h->fold[i]);
        h->p[i] = (sw_pattern){sw_buf_str(&h->fold[i]), h->fold[i].len, 1, (uint64_t)1 << i};
        h->w[i] = 1.0 + (double)i / 4;
    }
    sw_terms t = {h->p, h->n, h->w, h->n};
    return t;
}

static void free_han(hpats *h) {
    for (size_t i = 0; i < 4; i++)
        sw_buf_release(&h->fold[i]);
}

/* The first 2..4 Chinese characters at or after byte `from` of t, into out ("" if none). */
static void han_at(const char *t, size_t len, size_t from, size_t want, char *out, size_t cap) {
    size_t i = from, n = 0, o = 0;
    while (i < len && ((unsigned char)t[i] & 0xC0) == 0x80)
        i++;
    *out = '\0';
    while (i < len && n < want) {
        size_t h = sw_utf8_han(t + i, len - i);
        if (h && o + h < cap) {
            memcpy(out + o, t + i, h);
            out[o += h] = '\0';
            n++;
            i += h;
            continue;
        }
        if (n >= 2)
            break;
        n = o = 0; /* a run too short: the next starts after this character */
        *out = '\0';
        do
            i++;
        while (i < len && ((unsigned char)t[i] & 0xC0) == 0x80);
    }
    if (n < 2)
        *out = '\0';
}

/*
 * Every text file of the folder `dir` (the CCTV day files of ../shared/data): snippets of
 * Chinese strings taken from each, and pairs of them, the same with and without segmenting
 * plain pieces. 77 when the folder is absent.
 */
static int corpus(sw_segmenter *seg, sw_snipper *sn, const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        printf("skipped: %s is absent\n", dir);
        return 77;
    }
    size_t files = 0, cases = 0, bad = 0, quick = 0;
    struct dirent *e;
    sw_buf text = SW_BUF_INIT;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        sw_buf_reset(&text);
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
            sw_buf_add(&text, chunk, got);
        fclose(f);
        files++;
        char w[4][16];
        for (int k = 0; k < 4; k++)
            han_at(text.data, text.len, text.len * (size_t)(2 * k + 1) / 8, 2 + (size_t)k % 3, w[k],
                   sizeof(w[k]));
        for (int k = 0; k < 4; k++) {
            const char *one[2] = {w[k], w[(k + 1) % 4]};
            if (!*one[0] || !*one[1])
                continue;
            hpats h;
            sw_terms t = han_terms(seg, &h, one, k % 2 ? 2 : 1);
            size_t max = files % 10 == 0 && k == 0 ? 0 : 60 + 60 * (size_t)(k % 2), segmented;
            cases++;
            bad += !both_ways(sn, text.data, text.len, &t, max, path, &segmented);
            quick += segmented == 0;
            free_han(&h);
        }
    }
    closedir(d);
    sw_buf_release(&text);
    printf("%zu files, %zu snippets, %zu without segmenting, %zu differing\n", files, cases, quick,
           bad);
    CHECK(files > 0 && cases > 0);
    CHECK(quick > 0);
    CHECK_INT(bad, 0);
    return check_done();
}

int main(int argc, char **argv) {
    sw_segmenter *seg = NULL;
    sw_snipper *sn = NULL;
    char *err = NULL;
    CHECK_INT(sw_segmenter_new(&seg, &err), 0);
    CHECK_INT(sw_snipper_new(seg, &sn), 0);
    if (argc > 1) {
        int rc = corpus(seg, sn, argv[1]);
        sw_snipper_free(sn);
        sw_segmenter_free(seg);
        return rc;
    }
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
    CHECK(n >= 3 &&
          (!strcmp(s + n - 3, "…") || !strcmp(s + n - 3, "。") || !strcmp(s + n - 3, "，")));

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
    double w[8];
    sw_pattern p1[] = {{"火星", 6, 1, 1}};
    sw_terms none = pats(p1, 1, w, 1);
    const char *para = "第一段。\n\n第二段  在这里。";
    CHECK_INT(sw_snippet_build(sn, para, strlen(para), &none, 100, &out), 0);
    CHECK_STR(sw_buf_str(&out.text), "第一段。 第二段 在这里。");
    CHECK_INT(out.nhl, 0);

    /* Whole mode (headlines): everything, adjacent matched words as one highlight. */
    const char *head = "57岁音乐人袁惟仁去世";
    sw_pattern pn[] = {{"袁", 3, 0, 1}, {"惟", 3, 0, 2}, {"仁", 3, 0, 4}};
    sw_terms name = pats(pn, 3, w, 3);
    CHECK_INT(sw_snippet_build(sn, head, strlen(head), &name, 0, &out), 0);
    CHECK_STR(sw_buf_str(&out.text), head);
    m = marked(&out);
    CHECK_STR(m, "袁惟仁");
    free(m);

    /* Highlights are byte ranges into the original characters (full-width kept). */
    const char *fw = "新款ＡＩ芯片发布";
    sw_pattern pa[] = {{"ai", 2, 0, 1}};
    sw_terms ai = pats(pa, 1, w, 1);
    CHECK_INT(sw_snippet_build(sn, fw, strlen(fw), &ai, 0, &out), 0);
    m = marked(&out);
    CHECK_STR(m, "ＡＩ");
    free(m);

    /* A Chinese string inside a longer word: found, highlighted on the original characters. */
    const char *trad = "歐洲議會今日通過決議。";
    sw_pattern ps[] = {{"洲议", 6, 1, 1}};
    sw_terms sub = pats(ps, 1, w, 1);
    CHECK_INT(sw_snippet_build(sn, trad, strlen(trad), &sub, 0, &out), 0);
    m = marked(&out);
    CHECK_STR(m, "洲議");
    free(m);

    /* Terms far apart: two windows joined by an ellipsis, each with its match. */
    sw_buf_reset(&text);
    sw_buf_adds(&text, "欧洲议会今日开会。");
    for (int i = 0; i < 20; i++)
        sw_buf_adds(&text, "天气晴朗，气温回升，市民出行便利。");
    sw_buf_adds(&text, "报告认为需要加快发展人工智能。");
    for (int i = 0; i < 5; i++)
        sw_buf_adds(&text, "天气晴朗，气温回升，市民出行便利。");
    CHECK_INT(sw_snippet_build(sn, text.data, text.len, &terms, 60, &out), 0);
    s = sw_buf_str(&out.text);
    m = marked(&out);
    CHECK_STR(m, "欧洲|人工智能");
    free(m);
    CHECK(strstr(s, "欧洲议会") == s); /* the first window starts the text */
    CHECK(strstr(s, "…") && strstr(s, "…") < strstr(s, "人工智能")); /* joined by … */
    CHECK(chars(s) <= 60 + 4);

    /* Rarer terms weigh more: of four terms far apart, three windows at most, the rare one is kept.
     */
    sw_buf_reset(&text);
    const char *words[] = {"天气晴朗。", "交通平稳。", "市场繁荣。", "量子芯片发布。"};
    for (int k = 0; k < 4; k++) {
        sw_buf_adds(&text, words[k]);
        for (int i = 0; i < 10; i++)
            sw_buf_adds(&text, "市民出行便利，商户正常营业。");
    }
    sw_pattern pr[] = {{"天气", 6, 0, 1}, {"交通", 6, 0, 2}, {"市场", 6, 0, 4}, {"量子", 6, 0, 8}};
    double wr[4] = {0.1, 0.1, 0.1, 5.0};
    sw_terms rare = {pr, 4, wr, 4};
    CHECK_INT(sw_snippet_build(sn, text.data, text.len, &rare, 30, &out), 0);
    m = marked(&out);
    CHECK(strstr(m, "量子") != NULL);
    free(m);
    double wflat[4] = {1, 1, 1, 1}; /* equal weights: the earliest win instead */
    sw_terms flat = {pr, 4, wflat, 4};
    CHECK_INT(sw_snippet_build(sn, text.data, text.len, &flat, 30, &out), 0);
    m = marked(&out);
    CHECK(strstr(m, "量子") == NULL);
    free(m);

    free_terms(&q2);

    /*
     * Only the pieces holding a match are segmented, but a window edge with no punctuation to
     * cut at still ends at a word of the next piece: here a line without punctuation.
     */
    qterms q3;
    terms = make_terms(seg, "人工智能", &q3);
    const char *lines = "人工智能发展很快\n今天天气很好我们一起去公园散步吧然后回家吃饭";
    CHECK_INT(sw_snippet_build(sn, lines, strlen(lines), &terms, 16, &out), 0);
    CHECK_STR(sw_buf_str(&out.text), "人工智能发展很快 今天天气很好…");
    free_terms(&q3);

    /*
     * ICU keeps 7.07，15 one number (a full-width comma between digits): the pieces are not
     * cut there, so 15 alone matches nothing, as when the whole text is segmented.
     */
    qterms q4;
    terms = make_terms(seg, "15", &q4);
    const char *num = "收视率为7.07，15岁以上观众占多数。另有15家媒体。";
    CHECK_INT(sw_snippet_build(sn, num, strlen(num), &terms, 120, &out), 0);
    m = marked(&out);
    CHECK_STR(m, "15");
    free(m);
    CHECK_INT(out.nhl, 1);
    free_terms(&q4);

    /*
     * A word in every clause of a long text: the first window that holds it is shown, found
     * from the first clauses alone (the rest is not segmented), each match in it marked.
     */
    qterms q5;
    terms = make_terms(seg, "河道", &q5);
    sw_buf_reset(&text);
    for (int i = 0; i < 400; i++)
        sw_buf_adds(&text, "本市河道治理持续推进，");
    CHECK_INT(sw_snippet_build(sn, text.data, text.len, &terms, 30, &out), 0);
    s = sw_buf_str(&out.text);
    CHECK_STR(s, "…河道治理持续推进，本市河道治理持续推进，本市河道治理持续推进…");
    size_t seen = 0;
    for (const char *h = s; (h = strstr(h, "河道")) != NULL; h += strlen("河道"))
        seen++;
    CHECK_INT(seen, 3);
    CHECK_INT(out.nhl, 3);
    free_terms(&q5);

    /*
     * Strings of Chinese characters matched in plain pieces without segmenting them: the
     * snippets are those segmenting gives, beside digits, Latin words, full-width forms and
     * names with a middle dot; a Traditional piece, kana, 々 and "…" are segmented.
     */
    static const char *const cases[][3] = {
        {"2023年3月，全市新增就业岗位12万个。３月份就业形势稳定！", "月份", "就业"},
        {"iPhone手机销量上升，ＡＰＰ下载量创新高；手机厂商表示乐观。", "手机", "厂商"},
        {"外交部发言人阿卜杜勒·哈米德说，双方将继续合作。", "哈米德", "合作"},
        {"“一带一路”倡议提出十周年——成果丰硕【新华社】（记者 张三）", "一带一路", "成果"},
        {"臺灣的軟體產業發展迅速，軟體工程師需求大。", "软件", "产业"},
        {"東京のニュース：日本経済が回復し、経済指標が改善した。", "日本", "东京"},
        {"人々の生活、各々の努力。代代相传，生活美好。", "生活", "努力"},
        {"会议指出……要加强管理……管理工作要落实。", "管理", "落实"},
    };
    sw_buf_reset(&text);
    for (int i = 0; i < 6; i++)
        sw_buf_adds(&text, "城市交通早高峰客流平稳，地铁运行正常。");
    const size_t filler = text.len;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        text.len = filler;
        sw_buf_adds(&text, cases[i][0]);
        const char *w2[2] = {cases[i][1], cases[i][2]};
        for (size_t n = 1; n <= 2; n++) {
            hpats h;
            sw_terms t = han_terms(seg, &h, w2, n);
            size_t segmented = 0;
            CHECK(both_ways(sn, text.data, text.len, &t, 30, cases[i][0], &segmented));
            CHECK(both_ways(sn, text.data, text.len, &t, 0, cases[i][0], NULL));
            CHECK(both_ways(sn, cases[i][0], strlen(cases[i][0]), &t, 12, cases[i][0], NULL));
            /* the first four are plain: nothing segmented; the rest are not */
            CHECK_INT(segmented == 0, i < 4);
            free_han(&h);
        }
    }
    /* The quick way gives the matches themselves, not just the same text. */
    const char *w1[1] = {"哈米德"};
    hpats h1;
    sw_terms t1 = han_terms(seg, &h1, w1, 1);
    CHECK_INT(sw_snippet_build(sn, cases[2][0], strlen(cases[2][0]), &t1, 0, &out), 0);
    CHECK_INT(sw_snipper_segmented(sn), 0);
    m = marked(&out);
    CHECK_STR(m, "哈米德");
    free(m);
    /* A piece cut for its length (a run may continue past it) is segmented. */
    sw_buf_reset(&text);
    for (int i = 0; i < 12000; i++)
        sw_buf_adds(&text, "河道");
    CHECK(both_ways(sn, text.data, text.len, &t1, 30, "long run", NULL));
    const char *w3[1] = {"道河"};
    hpats h3;
    sw_terms t3 = han_terms(seg, &h3, w3, 1);
    size_t segmented = 0;
    CHECK(both_ways(sn, text.data, text.len, &t3, 30, "long run", &segmented));
    CHECK(segmented > 0);
    free_han(&h1);
    free_han(&h3);
    sw_snippet_release(&out);
    sw_buf_release(&text);
    sw_snipper_free(sn);
    sw_segmenter_free(seg);
    return check_done();
}
