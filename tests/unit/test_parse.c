/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_parse.c - the query language (query/parse.c): words, phrases, fields, types, date
 * ranges, AND, OR and NOT with their precedence, and the message of every refusal, with the
 * character where it points.
 *
 * Each query is checked through a compact form of its tree: words as typed (field: before),
 * "phrases", (a b) an implicit AND, AND(a b) a written one, OR(a b), NOT(a), type:a, and
 * date:FIRST..LAST for whole days of UTC+08:00 (the exact seconds are checked apart).
 */
#include "buf.h"
#include "check.h"
#include "date.h"
#include "error.h"
#include "parse.h"

#include <stdlib.h>
#include <string.h>

static void put_day(sw_buf *b, int64_t day) {
    int y, m, d;
    sw_date_civil(day, &y, &m, &d);
    sw_buf_addf(b, "%04d-%02d-%02d", y, m, d);
}

static void put_date(sw_buf *b, int64_t lo, int64_t hi) {
    sw_buf_adds(b, "date:");
    /* Bounds that are not the first and last second of a day are shown as seconds. */
    int lo_day = lo == INT64_MIN || sw_date_day(lo - 1) < sw_date_day(lo);
    int hi_day = hi == INT64_MAX || sw_date_day(hi + 1) > sw_date_day(hi);
    if (!lo_day || !hi_day) {
        sw_buf_addf(b, "%lld..%lld", (long long)lo, (long long)hi);
        return;
    }
    if (lo != INT64_MIN)
        put_day(b, sw_date_day(lo));
    sw_buf_adds(b, "..");
    if (hi != INT64_MAX)
        put_day(b, sw_date_day(hi));
}

static void put_node(sw_buf *b, const sw_qnode *n) {
    static const char *const fields[] = {[SW_QF_ANY] = "",           [SW_QF_TITLE] = "title:",
                                         [SW_QF_SOURCE] = "source:", [SW_QF_SECTION] = "section:",
                                         [SW_QF_URL] = "url:",       [SW_QF_AUTHOR] = "author:"};
    switch (n->kind) {
    case SW_QN_WORD: sw_buf_addf(b, "%s%s", fields[n->field], n->text); return;
    case SW_QN_PHRASE: sw_buf_addf(b, "%s\"%s\"", fields[n->field], n->text); return;
    case SW_QN_DATE: put_date(b, n->lo, n->hi); return;
    case SW_QN_TYPE: sw_buf_addf(b, "type:%c", n->type); return;
    case SW_QN_AND: sw_buf_adds(b, n->implicit ? "(" : "AND("); break;
    case SW_QN_OR: sw_buf_adds(b, "OR("); break;
    case SW_QN_NOT: sw_buf_adds(b, "NOT("); break;
    default: sw_buf_addf(b, "?%d(", n->kind); break;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        if (i)
            sw_buf_addc(b, ' ');
        put_node(b, n->kids[i]);
    }
    sw_buf_addc(b, ')');
}

/* The tree of q in the compact form, or "error: MESSAGE" (malloc'd). */
static char *tree(const char *q) {
    sw_qparsed qp;
    char *err = NULL;
    sw_buf b = SW_BUF_INIT;
    int rc = sw_qparsed_parse(q, &qp, &err);
    if (rc == 0)
        put_node(&b, qp.root);
    else if (rc == SW_EUSAGE && !qp.root)
        sw_buf_addf(&b, "error: %s", err ? err : "(no message)");
    else
        sw_buf_addf(&b, "error %d, root %p", rc, (void *)qp.root);
    sw_qparsed_release(&qp);
    free(err);
    return sw_buf_detach(&b, NULL);
}

#define TREE(q, want)                                                                              \
    do {                                                                                           \
        char *t_ = tree(q);                                                                        \
        CHECK_STR(t_, want);                                                                       \
        free(t_);                                                                                  \
    } while (0)

/* The bounds of the one date node of q, in unix seconds. */
static void date_bounds(const char *q, int64_t *lo, int64_t *hi) {
    sw_qparsed qp;
    *lo = *hi = 0;
    CHECK_INT(sw_qparsed_parse(q, &qp, NULL), 0);
    CHECK(qp.root && qp.root->kind == SW_QN_DATE);
    if (qp.root && qp.root->kind == SW_QN_DATE) {
        *lo = qp.root->lo;
        *hi = qp.root->hi;
    }
    sw_qparsed_release(&qp);
}

static void check_words(void) {
    TREE("人工智能", "人工智能");
    TREE("人工智能 欧洲", "(人工智能 欧洲)");
    TREE("人工智能\xE3\x80\x80欧洲\t模型", "(人工智能 欧洲 模型)"); /* U+3000 separates too */
    TREE("\"开源 模型\"", "\"开源 模型\"");
    TREE("“开源模型” 欧洲", "(\"开源模型\" 欧洲)");
    TREE("a\"b c\"d", "(a \"b c\" d)");
    TREE("a(b)", "(a b)");
    TREE("-", "-");
    TREE("a - b", "(a - b)");
    TREE("a --b", "(a --b)");
    TREE("https://example.cn/a", "https://example.cn/a"); /* a scheme is not a field */
}

static void check_operators(void) {
    TREE("a AND b", "AND(a b)");
    TREE("AND a", "a");
    TREE("a and b or c not d", "(a and b or c not d)"); /* only upper case is an operator */
    TREE("a OR b", "OR(a b)");
    TREE("a | b", "OR(a b)");
    TREE("a b OR c", "OR((a b) c)"); /* OR binds looser than the implicit AND */
    TREE("a OR b c", "OR(a (b c))");
    TREE("(a OR b) c", "(OR(a b) c)");
    TREE("a OR b OR c", "OR(a b c)");
    TREE("NOT a b", "(NOT(a) b)");
    TREE("-欧洲 人工智能", "(NOT(欧洲) 人工智能)");
    TREE("人工智能 -欧洲", "(人工智能 NOT(欧洲))");
    TREE("NOT NOT a", "NOT(NOT(a))");
    TREE("-(a OR b) c", "(NOT(OR(a b)) c)");
    TREE("((a))", "a");
}

static void check_fields(void) {
    TREE("title:华为 source:\"示例 日报\" section:热点",
         "(title:华为 source:\"示例 日报\" section:热点)");
    TREE("TITLE:华为", "title:华为");
    TREE("title:“开源模型”", "title:\"开源模型\"");
    TREE("url:example.cn/2026/", "url:example.cn/2026/");
    TREE("url:https://example.cn/a", "url:https://example.cn/a");
    TREE("type:article 华为", "(type:a 华为)");
    TREE("type:headline", "type:h");
    TREE("changed:yes gone:no 水", "(type:C type:g 水)");
    TREE("changed:no OR gone:yes", "OR(type:c type:G)");
    TREE("华为 type:headline OR 模型", "OR((华为 type:h) 模型)");
}

static void check_dates(void) {
    TREE("date:2026", "date:2026-01-01..2026-12-31");
    TREE("date:2026-02", "date:2026-02-01..2026-02-28");
    TREE("date:2024-02", "date:2024-02-01..2024-02-29");
    TREE("date:2026-02-03", "date:2026-02-03..2026-02-03");
    TREE("date:2026-01-01..2026-02-01", "date:2026-01-01..2026-02-01");
    TREE("date:2026..2027-06", "date:2026-01-01..2027-06-30");
    TREE("date:..2026-02-01", "date:..2026-02-01");
    TREE("date:2026-01-01..", "date:2026-01-01..");
    TREE("date:0001", "date:0001-01-01..0001-12-31");
    TREE("date:9999-12-31", "date:9999-12-31..9999-12-31");
    TREE("date:2026 模型", "(date:2026-01-01..2026-12-31 模型)");
    /* Days of UTC+08:00, to the second. */
    int64_t lo, hi;
    date_bounds("date:2026-02-03", &lo, &hi);
    CHECK_INT(lo, sw_date_unix("2026-02-03T00:00:00+08:00"));
    CHECK_INT(hi, sw_date_unix("2026-02-04T00:00:00+08:00") - 1);
    CHECK_INT(hi, sw_date_unix("2026-02-03T15:59:59+00:00"));
    date_bounds("date:2026", &lo, &hi);
    CHECK_INT(lo, sw_date_unix("2026-01-01T00:00:00+08:00"));
    CHECK_INT(hi, sw_date_unix("2026-12-31T23:59:59+08:00"));
    date_bounds("date:..2026-02", &lo, &hi);
    CHECK_INT(lo, INT64_MIN);
    CHECK_INT(hi, sw_date_unix("2026-02-28T23:59:59+08:00"));
    date_bounds("date:2026-02..", &lo, &hi);
    CHECK_INT(lo, sw_date_unix("2026-02-01T00:00:00+08:00"));
    CHECK_INT(hi, INT64_MAX);
}

#define BAD_DATE(d)                                                                                \
    "error: bad date '" d "' (use date:2026-01-01..2026-02-01, date:2026-02, date:..2026-02-01) "  \
    "at character 0 of the query"

static void check_errors(void) {
    TREE("", "error: the query is empty");
    TREE("  \xE3\x80\x80\t", "error: the query is empty");
    TREE("\"推理成本", "error: unbalanced quote at character 0 of the query");
    TREE("模型 “推理", "error: unbalanced quote at character 3 of the query");
    /* Positions count characters as typed, not bytes: ( is the 6th character, byte 13. */
    TREE("人工智能 (欧洲", "error: unbalanced parenthesis at character 5 of the query");
    TREE("人工智能 欧洲 OR", "error: 'OR' needs a word on each side at character 8 of the query");
    TREE("title:\"推理", "error: unbalanced quote at character 6 of the query");
    TREE("(a b", "error: unbalanced parenthesis at character 0 of the query");
    TREE("a (b (c)", "error: unbalanced parenthesis at character 2 of the query");
    TREE("a b)", "error: unbalanced parenthesis at character 3 of the query");
    TREE("()", "error: empty parentheses at character 1 of the query");
    TREE(")", "error: empty parentheses at character 0 of the query");
    TREE("\"\"", "error: empty phrase at character 0 of the query");
    TREE("foo:bar", "error: unknown field 'foo:' (fields are title: source: author: section: url: "
                    "type: date: changed: gone: seen:) at character 0 of the query");
    TREE("author:张三 AUTHOR:\"文 一\"", "(author:张三 author:\"文 一\")");
    TREE("a title:", "error: field 'title:' needs a value at character 2 of the query");
    TREE("title:\"\"", "error: field 'title:' needs a value at character 0 of the query");
    TREE("type:video",
         "error: type: is article or headline, not 'video' at character 0 of the query");
    TREE("type:Article",
         "error: type: is article or headline, not 'Article' at character 0 of the query");
    TREE("date:2026-13", BAD_DATE("2026-13"));
    TREE("seen:2026-13", "error: bad seen: date '2026-13' (use seen:2026-01-01..2026-02-01, "
                         "seen:2026-02, seen:..2026-02-01) at character 0 of the query");
    TREE("changed:maybe", "error: changed: is yes or no, not 'maybe' at character 0 of the query");
    TREE("水 gone:Yes", "error: gone: is yes or no, not 'Yes' at character 2 of the query");
    TREE("date:2026-02-30", BAD_DATE("2026-02-30"));
    TREE("date:2023-02-29", BAD_DATE("2023-02-29"));
    TREE("date:26", BAD_DATE("26"));
    TREE("date:10000", BAD_DATE("10000"));
    TREE("date:+2026", BAD_DATE("+2026"));
    TREE("date:0000", BAD_DATE("0000"));
    TREE("date:..", BAD_DATE(".."));
    TREE("date:2026...2027", BAD_DATE("2026...2027"));
    TREE("date:2026-02-01..2026-01-01", "error: date range '2026-02-01..2026-01-01' ends before it "
                                        "starts at character 0 of the query");
    TREE("a OR", "error: 'OR' needs a word on each side at character 2 of the query");
    TREE("OR a", "error: 'OR' needs a word on each side at character 0 of the query");
    TREE("a OR OR b", "error: 'OR' needs a word on each side at character 2 of the query");
    TREE("a |", "error: 'OR' needs a word on each side at character 2 of the query");
    TREE("(a OR) b", "error: 'OR' needs a word on each side at character 3 of the query");
    TREE("a AND", "error: 'AND' needs a word on each side at character 0 of the query");
    TREE("NOT", "error: NOT needs a word after it at character 0 of the query");
    TREE("a NOT", "error: NOT needs a word after it at character 2 of the query");
    TREE("NOT OR a", "error: NOT needs a word after it at character 0 of the query");
    TREE("a -)", "error: NOT needs a word after it at character 2 of the query");

    /* The quoted part of a message is cut at 150 bytes, between characters. */
    sw_buf q = SW_BUF_INIT, want = SW_BUF_INIT;
    sw_buf_adds(&q, "type:");
    sw_buf_adds(&want, "error: type: is article or headline, not '");
    for (int i = 0; i < 100; i++) {
        sw_buf_adds(&q, "中");
        if (i < 50)
            sw_buf_adds(&want, "中");
    }
    sw_buf_adds(&want, "' at character 0 of the query");
    TREE(sw_buf_str(&q), sw_buf_str(&want));
    sw_buf_release(&q);
    sw_buf_release(&want);
}

/* Parentheses and NOTs nest 64 deep at most: no query exhausts the stack. */
static void check_depth(void) {
    sw_buf q = SW_BUF_INIT;
    for (int deep = 64; deep <= 65; deep++) {
        sw_buf_reset(&q);
        for (int i = 0; i < deep; i++)
            sw_buf_addc(&q, '(');
        sw_buf_addc(&q, 'a');
        for (int i = 0; i < deep; i++)
            sw_buf_addc(&q, ')');
        TREE(sw_buf_str(&q),
             deep == 64 ? "a"
                        : "error: the query is nested too deeply at character 64 of the query");
    }
    sw_buf_reset(&q);
    for (int i = 0; i < 65; i++)
        sw_buf_adds(&q, "NOT ");
    sw_buf_adds(&q, "a");
    TREE(sw_buf_str(&q), "error: the query is nested too deeply at character 256 of the query");
    sw_buf_reset(&q);
    for (int i = 0; i < 100000; i++)
        sw_buf_adds(&q, "-(");
    TREE(sw_buf_str(&q), "error: the query is nested too deeply at character 64 of the query");
    sw_buf_release(&q);
}

int main(void) {
    check_words();
    check_operators();
    check_fields();
    check_dates();
    check_errors();
    check_depth();
    return check_done();
}
