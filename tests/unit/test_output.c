/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_output.c - what text and JSON output make of hostile stored text: control characters,
 * bytes that are not UTF-8 (a shard served by someone else holds anything), long sections;
 * and their shape: colours, the lines before partial matches, every JSON key in its order.
 */
#include "check.h"
#include "output.h"
#include "text.h"

#include <jansson.h>
#include <stdlib.h>
#include <unicode/utf8.h>

/* The JSON lines (sep 0) or the table rows (sep ',' or '\t') of r with cx, malloc'd. */
static char *render_with(const sw_results *r, int sep, const sw_output_ctx *cx) {
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (sep)
        CHECK_INT(sw_output_table(f, r, sep, cx), 0);
    else
        CHECK_INT(sw_output_json(f, r, cx), 0);
    fclose(f);
    return out;
}

/* The output of r (JSON lines with the query's line number `query`), as a malloc'd string. */
static char *render_results(const sw_results *r, int json, int color, size_t query) {
    if (json)
        return render_with(r, 0, &(sw_output_ctx){query, NULL, NULL, 0});
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    CHECK_INT(sw_output_text(f, r, color), 0);
    fclose(f);
    return out;
}

/* The output of one hit, as a malloc'd string. */
static char *render(const sw_doc *d, const char *snippet, size_t hs, size_t he, int json) {
    sw_results r = {0};
    sw_result h;
    memset(&h, 0, sizeof(h));
    h.rank = 1;
    h.doc = *d;
    sw_buf_adds(&h.snippet.text, snippet);
    sw_range hl = {hs, he};
    if (he > hs) {
        h.snippet.hl = &hl;
        h.snippet.nhl = 1;
    }
    sw_buf_adds(&h.title.text, d->title);
    r.r = &h;
    r.n = 1;
    char *out = render_results(&r, json, 0, 0);
    sw_buf_release(&h.snippet.text);
    sw_buf_release(&h.title.text);
    return out;
}

static int has(const char *s, const char *part) { return s && strstr(s, part) != NULL; }

/* Whether s holds a byte a terminal acts on: C0 but the line feed, DEL, or C1 in UTF-8. */
static int has_controls(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7F ||
            (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
            return 1;
    return 0;
}

/* A hit of type 'a' or 'h' whose title (and snippet) is `title`, highlighted over [hs, he). */
static sw_result hit(int rank, char type, const char *title, size_t hs, size_t he) {
    sw_result h;
    memset(&h, 0, sizeof(h));
    h.rank = rank;
    h.doc.type = type;
    h.doc.title = (char *)title;
    sw_buf_adds(&h.title.text, title);
    sw_buf_adds(&h.snippet.text, type == 'a' ? "正文华为手机" : title);
    static sw_range hl[2] = {{6, 12}, {0, 6}};
    if (he > hs) {
        h.snippet.hl = &hl[0];
        h.snippet.nhl = 1;
        h.title.hl = &hl[1];
        h.title.nhl = 1;
    }
    return h;
}

static void release_hits(sw_result *h, size_t n) {
    for (size_t i = 0; i < n; i++) {
        sw_buf_release(&h[i].title.text);
        sw_buf_release(&h[i].snippet.text);
    }
}

/* Highlights in bold red, the title in bold (again after each highlight); none without colour. */
static void check_colour(void) {
    sw_result h = hit(1, 'a', "华为手机", 0, 6);
    h.doc.url = "https://a.cn/1";
    sw_results r = {&h, 1, 1};
    char *out = render_results(&r, 0, 1, 0);
    CHECK_STR(out, "1. [article] \033[1m\033[1;31m华为\033[0m\033[1m手机\033[0m\n"
                   "   https://a.cn/1\n"
                   "   正文\033[1;31m华为\033[0m手机\n");
    free(out);
    out = render_results(&r, 0, 0, 0);
    CHECK_STR(out, "1. [article] 华为手机\n   https://a.cn/1\n   正文华为手机\n");
    free(out);
    /* An article's author follows its source, named as the author. */
    h.doc.source = "示例日报";
    h.doc.author = "张三";
    out = render_results(&r, 0, 0, 0);
    CHECK_STR(out,
              "1. [article] 华为手机\n   示例日报 · 作者 张三 · https://a.cn/1\n   正文华为手机\n");
    free(out);
    release_hits(&h, 1);
}

/*
 * Text: the line before partial matches, again when what they miss changes; a headline's
 * source, day, sections and lists; the path when there is no URL.
 */
static void check_text_lines(void) {
    static char *const miss1[] = {"欧洲"}, *const miss2[] = {"模型", "欧洲"};
    sw_result h[4] = {hit(1, 'h', "甲", 0, 0), hit(2, 'h', "乙", 0, 0), hit(3, 'h', "丙", 0, 0),
                      hit(4, 'h', "丁", 0, 0)};
    h[0].doc.source = "示例日报";
    h[0].doc.date = "2026-02-03T09:15:00+08:00";
    h[0].doc.sections = "热点\n要闻";
    h[0].doc.occurrences = 2;
    h[0].doc.url = "https://a.cn/1";
    for (int i = 1; i < 4; i++) {
        h[i].doc.sections = "热点";
        h[i].doc.occurrences = 1;
        h[i].doc.path = "/data/x.html";
        h[i].partial = 1;
        h[i].missing = (char **)(i < 3 ? miss1 : miss2);
        h[i].nmissing = i < 3 ? 1 : 2;
    }
    sw_results r = {h, 4, 4};
    char *out = render_results(&r, 0, 0, 0);
    CHECK_STR(out, "1. [headline] 甲\n"
                   "   示例日报 · 2026-02-03 · 热点 …, 2 lists · https://a.cn/1\n"
                   "\n"
                   "partial matches, without 欧洲:\n"
                   "2. [headline] 乙\n"
                   "   热点, 1 list · /data/x.html\n"
                   "\n"
                   "3. [headline] 丙\n"
                   "   热点, 1 list · /data/x.html\n"
                   "\n"
                   "partial matches, without 模型 欧洲:\n"
                   "4. [headline] 丁\n"
                   "   热点, 1 list · /data/x.html\n");
    free(out);
    release_hits(h, 4);
}

/* JSON: every key, in its order, for an article and for headlines with and without a link. */
static void check_json_keys(void) {
    static char *const miss[] = {"欧洲"};
    sw_result h[3] = {hit(1, 'a', "华为手机", 0, 6), hit(2, 'h', "乙", 0, 0),
                      hit(3, 'h', "丙", 0, 0)};
    h[0].doc.id = 42;
    h[0].doc.date = "2026-02-03T09:15:00+08:00";
    h[0].doc.url = "https://a.cn/1";
    h[0].doc.path = "/data/1.html";
    h[0].score = 0.5;
    h[0].partial = 1;
    h[0].missing = (char **)miss;
    h[0].nmissing = 1;
    h[0].doc.featured = (sw_featured){2, 3, "2026-02-01T08:00:00Z", "2026-02-03T08:00:00Z"};
    h[0].doc.story = strdup("4f36fa7d1cdfbeb8");
    h[0].doc.author = "张三";
    h[0].doc.changed = 1; /* its page had two texts, and is still there */
    h[0].doc.captures = 2;
    snprintf(h[0].doc.first_seen, sizeof(h[0].doc.first_seen), "2026-02-01T00:00:00Z");
    snprintf(h[0].doc.last_seen, sizeof(h[0].doc.last_seen), "2026-02-02T00:00:00Z");
    h[0].copies = 3;
    h[1].doc.id = 7;
    h[1].doc.source = "示例日报";
    h[1].doc.url = "https://a.cn/1";
    h[1].doc.path = "/data/i.html";
    h[1].doc.sections = "热点\n要闻";
    h[1].doc.occurrences = 2;
    h[1].doc.article_at = 42;
    /* (a timeline's lines as doc.h has them: U+001F between fields) */
    snprintf(h[1].doc.first_seen, sizeof(h[1].doc.first_seen), "2026-01-05T01:00:00Z");
    snprintf(h[1].doc.last_seen, sizeof(h[1].doc.last_seen), "2026-01-19T01:00:00Z");
    h[1].doc.timeline = "https://a.cn/\037热点\0372\0370\0372026-01-05T01:00:00Z\037"
                        "2026-01-05T01:00:00Z\0372026-01-19T01:00:00Z\0372026-01-19T01:00:00Z\n"
                        "https://b.cn/\037要闻\0370\0373\0372026-01-12T01:00:00Z\037"
                        "2026-01-19T01:00:00Z";
    h[1].doc.timeline_cut = 1;
    h[1].score = 0.25;
    h[2].doc.id = 8;
    h[2].doc.url = "https://a.cn/elsewhere";
    h[2].doc.occurrences = 1;
    sw_results r = {h, 3, 3};
    char *out = render_results(&r, 1, 0, 5);
    CHECK_STR(out,
              "{\"query\":5,\"rank\":1,\"type\":\"article\",\"id\":42,\"title\":\"华为手机\","
              "\"source\":null,\"author\":\"张三\",\"date\":\"2026-02-03T09:15:00+08:00\","
              "\"url\":\"https://a.cn/1\","
              "\"path\":\"/data/1.html\",\"score\":0.5,\"snippet\":\"正文华为手机\","
              "\"highlights\":[[6,12]],\"title_highlights\":[[0,6]],\"highlights_chars\":[[2,4]],"
              "\"title_highlights_chars\":[[0,2]],\"partial\":true,"
              "\"missing\":[\"欧洲\"],\"featured_on\":2,\"featured_lists\":3,"
              "\"listed_first\":\"2026-02-01T08:00:00Z\",\"listed_last\":\"2026-02-03T08:00:00Z\","
              "\"changed\":true,\"gone\":false,\"captures\":2,"
              "\"first_seen\":\"2026-02-01T00:00:00Z\",\"last_seen\":\"2026-02-02T00:00:00Z\","
              "\"story\":\"4f36fa7d1cdfbeb8\",\"copies\":3}\n"
              "{\"query\":5,\"rank\":2,\"type\":\"headline\",\"id\":7,\"title\":\"乙\","
              "\"source\":\"示例日报\",\"date\":null,\"url\":\"https://a.cn/1\","
              "\"path\":\"/data/i.html\",\"score\":0.25,\"snippet\":\"乙\",\"highlights\":[],"
              "\"title_highlights\":[],\"highlights_chars\":[],\"title_highlights_chars\":[],"
              "\"article_url\":\"https://a.cn/1\","
              "\"sections\":[\"热点\",\"要闻\"],\"occurrences\":2,"
              "\"first_seen\":\"2026-01-05T01:00:00Z\",\"last_seen\":\"2026-01-19T01:00:00Z\","
              "\"timeline\":[{\"page\":\"https://a.cn/\",\"section\":\"热点\",\"position\":2,"
              "\"spans_omitted\":0,\"spans\":[{\"from\":\"2026-01-05T01:00:00Z\","
              "\"to\":\"2026-01-05T01:00:00Z\"},{\"from\":\"2026-01-19T01:00:00Z\","
              "\"to\":\"2026-01-19T01:00:00Z\"}]},{\"page\":\"https://b.cn/\",\"section\":"
              "\"要闻\",\"position\":0,\"spans_omitted\":3,\"spans\":[{\"from\":"
              "\"2026-01-12T01:00:00Z\",\"to\":\"2026-01-19T01:00:00Z\"}]}],"
              "\"timeline_omitted\":1}\n"
              "{\"query\":5,\"rank\":3,\"type\":\"headline\",\"id\":8,\"title\":\"丙\","
              "\"source\":null,\"date\":null,\"url\":\"https://a.cn/elsewhere\",\"path\":null,"
              "\"score\":0.0,\"snippet\":\"丙\",\"highlights\":[],\"title_highlights\":[],"
              "\"highlights_chars\":[],\"title_highlights_chars\":[],"
              "\"sections\":[],\"occurrences\":1,\"first_seen\":null,\"last_seen\":null,"
              "\"timeline\":[],\"timeline_omitted\":0}\n");
    free(out);
    /* Without --queries no "query" key; an article nobody links to is listed at no time. */
    h[0].partial = 0;
    h[0].doc.changed = 0;
    h[0].doc.captures = 0;
    h[0].doc.first_seen[0] = h[0].doc.last_seen[0] = '\0';
    h[0].doc.gone = 1;
    h[0].doc.featured = (sw_featured){0, 0, "", ""};
    free(h[0].doc.story);
    h[0].doc.story = NULL;
    h[0].copies = 1;
    r.n = 1;
    out = render_results(&r, 1, 0, 0);
    CHECK(out && !strncmp(out, "{\"rank\":1,", strlen("{\"rank\":1,")));
    CHECK(has(out, "\"title_highlights_chars\":[[0,2]],\"featured_on\":0,\"featured_lists\":0,"
                   "\"listed_first\":null,\"listed_last\":null,\"changed\":false,"
                   "\"gone\":true,\"captures\":0,\"first_seen\":null,\"last_seen\":null,"
                   "\"story\":null,\"copies\":1}\n"));
    free(out);
    release_hits(h, 3);
}

/* The text of UTF-8 s from code point a to b, as Python's s[a:b] gives it (malloc'd). */
static char *slice_chars(const char *s, json_int_t a, json_int_t b) {
    int32_t len = (int32_t)strlen(s), from = 0, to = 0;
    U8_FWD_N(s, from, len, a);
    to = from;
    U8_FWD_N(s, to, len, b - a);
    return strndup(s + from, (size_t)(to - from));
}

/*
 * JSON: highlights_chars and title_highlights_chars are code point ranges beside the byte
 * ranges: slicing the snippet (and title) by them gives the highlighted words, Chinese and
 * Latin, where slicing by the byte ranges as characters does not.
 */
static void check_char_ranges(void) {
    sw_result h = hit(1, 'a', "Mate 70手机发布", 0, 0);
    sw_buf_reset(&h.snippet.text);
    sw_buf_adds(&h.snippet.text, "华为发布Mate 70，AI手机走红");
    sw_range body[2] = {{12, 19}, {22, 30}}, title[1] = {{7, 13}};
    h.snippet.hl = body;
    h.snippet.nhl = 2;
    h.title.hl = title;
    h.title.nhl = 1;
    sw_results r = {&h, 1, 1};
    char *out = render_results(&r, 1, 0, 0);
    CHECK(has(out, "\"highlights\":[[12,19],[22,30]],\"title_highlights\":[[7,13]],"
                   "\"highlights_chars\":[[4,11],[12,16]],\"title_highlights_chars\":[[7,9]]"));
    json_t *o = out ? json_loads(out, 0, NULL) : NULL;
    CHECK(o != NULL);
    const char *snippet = json_string_value(json_object_get(o, "snippet"));
    const char *want[] = {"Mate 70", "AI手机"};
    json_t *ch = json_object_get(o, "highlights_chars"), *by = json_object_get(o, "highlights");
    CHECK_INT(json_array_size(ch), 2);
    for (size_t i = 0; snippet && i < json_array_size(ch) && i < 2; i++) {
        json_t *rg = json_array_get(ch, i), *br = json_array_get(by, i);
        char *got = slice_chars(snippet, json_integer_value(json_array_get(rg, 0)),
                                json_integer_value(json_array_get(rg, 1)));
        CHECK_STR(got, want[i]);
        free(got);
        /* The byte ranges, taken as characters (what Python does with them), miss the word. */
        got = slice_chars(snippet, json_integer_value(json_array_get(br, 0)),
                          json_integer_value(json_array_get(br, 1)));
        CHECK(strcmp(got, want[i]) != 0);
        free(got);
    }
    const char *t = json_string_value(json_object_get(o, "title"));
    json_t *tr = json_array_get(json_object_get(o, "title_highlights_chars"), 0);
    char *got = t ? slice_chars(t, json_integer_value(json_array_get(tr, 0)),
                                json_integer_value(json_array_get(tr, 1)))
                  : NULL;
    CHECK_STR(got, "手机");
    free(got);
    json_decref(o);
    free(out);
    release_hits(&h, 1);
}

/*
 * JSON: with several indexes each hit names its own ("db", as given), with one none; with
 * --queries, the query's text beside its line ("query_text"), repaired when it is not UTF-8.
 * CSV keeps its columns whatever the number of indexes.
 */
static void check_origin(void) {
    static const char *const dbs[] = {"/data/idx-2025", "tcp://10.0.0.7:8100"};
    sw_result h[2] = {hit(1, 'h', "甲", 0, 0), hit(2, 'h', "乙", 0, 0)};
    h[0].db = 1;
    h[1].db = 0;
    sw_results r = {h, 2, 2};
    char *out = render_with(&r, 0, &(sw_output_ctx){3, "人工智能 欧洲", dbs, 2});
    CHECK(out && !strncmp(out, "{\"query\":3,\"query_text\":\"人工智能 欧洲\",\"rank\":1,",
                          strlen("{\"query\":3,\"query_text\":\"人工智能 欧洲\",\"rank\":1,")));
    CHECK(has(out, "\"timeline_omitted\":0,\"db\":\"tcp://10.0.0.7:8100\"}\n{"));
    CHECK(has(out, "\"timeline_omitted\":0,\"db\":\"/data/idx-2025\"}\n"));
    free(out);
    /* One index: no "db"; a query that is not UTF-8 keeps its key, repaired. */
    out = render_with(&r, 0, &(sw_output_ctx){3, "欧\xff洲", dbs, 1});
    CHECK(!has(out, "\"db\""));
    CHECK(has(out, "\"query_text\":\"欧\xef\xbf\xbd洲\""));
    free(out);
    /* Without --queries no query_text, whatever text the query had. */
    out = render_with(&r, 0, &(sw_output_ctx){0, "人工智能", dbs, 2});
    CHECK(!has(out, "query"));
    CHECK(has(out, "\"db\":\"/data/idx-2025\""));
    free(out);
    out = render_with(&r, ',', &(sw_output_ctx){0, NULL, dbs, 2});
    CHECK(out && !has(out, "idx-2025") && !has(out, "tcp://"));
    free(out);
    release_hits(h, 2);
}

/* A reprinted article names its other copies; with --all-copies it names its story. */
static void check_copies(void) {
    sw_result h = hit(1, 'a', "华为手机", 0, 6);
    h.doc.url = "https://a.cn/1";
    h.doc.story = "4f36fa7d1cdfbeb8";
    h.copies = 5;
    h.copy_names = "环球门户, 每日快报网";
    h.copy_names_cut = 1;
    sw_results r = {&h, 1, 1};
    char *out = render_results(&r, 0, 0, 0);
    CHECK(has(out, "正文华为手机\n   and 4 copies: 环球门户, 每日快报网, …\n"));
    free(out);
    /* Four copies of one source: named once, nothing left out. */
    h.copy_names = "澎湃新闻";
    h.copy_names_cut = 0;
    out = render_results(&r, 0, 0, 0);
    CHECK(has(out, "\n   and 4 copies: 澎湃新闻\n"));
    free(out);
    h.copies = 2;
    h.copy_names = "环球门户";
    out = render_results(&r, 0, 0, 0);
    CHECK(has(out, "\n   and 1 copy: 环球门户\n"));
    CHECK(!has(out, "…"));
    free(out);
    h.copy_names = NULL;
    out = render_results(&r, 0, 0, 0);
    CHECK(has(out, "\n   one of 2 copies (story 4f36fa7d1cdfbeb8)\n"));
    free(out);
    h.copies = 1;
    out = render_results(&r, 0, 0, 0);
    CHECK(!has(out, "cop"));
    free(out);
    release_hits(&h, 1);
}

int main(void) {
    /* sw_utf8_cut: never inside a character. */
    CHECK_INT(sw_utf8_cut("5G魏少军", 11, 4), 2);
    CHECK_INT(sw_utf8_cut("5G魏少军", 11, 5), 5);
    CHECK_INT(sw_utf8_cut("5G魏少军", 11, 100), 11);
    CHECK_INT(sw_utf8_cut("a\xff\xfe", 3, 2), 2);

    /* sw_text_escape: C0, DEL, C1 and bytes that are not UTF-8 made visible. */
    sw_buf b = SW_BUF_INIT;
    sw_text_escape(&b, "a\x1b]52;c;eA==\x07 \x7f\xc2\x9b\xff中", 21);
    CHECK_STR(sw_buf_str(&b), "a\\x1b]52;c;eA==\\x07 \\x7f\\u009b\\xff中");
    sw_buf_release(&b);

    /* sw_text_strip: white space ones become one space, others go; URLs lose them all. */
    char t[] = "华为\x1b]0;x\x07手机\t\n在日本\xc2\x85热销\n";
    sw_text_strip(t, 1);
    CHECK_STR(t, "华为]0;x手机 在日本 热销");
    char u[] = "https://a.cn/\x1b[2J\tx.html";
    sw_text_strip(u, 0);
    CHECK_STR(u, "https://a.cn/[2Jx.html");

    sw_doc d;
    memset(&d, 0, sizeof(d));
    d.type = 'a';
    d.title = "华为\x1b]0;owned\x07手机";
    d.source = "示例\x1b[2J日报";
    d.date = "2026-02-03T09:15:00+08:00";
    d.url = "https://news.example.cn/\x1b]52;c;ZXZpbA==\x07.html";
    /* Text: no control character reaches the stream; each is shown. */
    char *out = render(&d, "正文\x1b[31m华为\xc2\x9b手机", 12, 18, 0);
    CHECK(!has_controls(out));
    CHECK(has(out, "华为\\x1b]0;owned\\x07手机"));
    CHECK(has(
        out,
        "示例\\x1b[2J日报 · 2026-02-03 · https://news.example.cn/\\x1b]52;c;ZXZpbA==\\x07.html"));
    CHECK(has(out, "正文\\x1b[31m华为\\u009b手机"));
    free(out);

    /* JSON: a snippet, title and source that are not UTF-8 keep their keys (U+FFFD), and the
     * highlight moves with the repair: "华为" after one bad byte is at 3..9, not 1..7. */
    d.title = "华\xff为";
    d.source = "示\xfe例";
    out = render(&d, "\xff华为手机", 1, 7, 1);
    CHECK(has(out, "\"title\":\"华\xef\xbf\xbd为\""));
    CHECK(has(out, "\"source\":\"示\xef\xbf\xbd例\""));
    CHECK(has(out, "\"snippet\":\"\xef\xbf\xbd华为手机\""));
    CHECK(has(out, "\"highlights\":[[3,9]]"));
    CHECK(has(out, "\"highlights_chars\":[[1,3]],\"title_highlights_chars\":[]"));
    free(out);

    /* A headline: a long first section is cut between characters, its count of lists kept;
     * sections that are not UTF-8 keep their place in JSON. */
    memset(&d, 0, sizeof(d));
    d.type = 'h';
    d.title = "华为发布新一代手机芯片";
    d.url = "https://news.example.cn/1.html";
    d.sections = "5G魏少军：产业链协同推进集成电路发展国产芯片迎来新机遇和新挑战的一年\n热\xff点";
    d.occurrences = 2;
    out = render(&d, "华为发布新一代手机芯片", 0, 6, 0);
    CHECK(has(out, "5G魏少军：产业链协同推进集成电路发展国产…, 2 lists · https://"));
    free(out);
    out = render(&d, "华为发布新一代手机芯片", 0, 6, 1);
    CHECK(has(
        out,
        "\"sections\":[\"5G魏少军：产业链协同推进集成电路发展国产芯片迎来新机遇和新挑战的一年\","
        "\"热\xef\xbf\xbd点\"]"));
    free(out);

    check_colour();
    check_copies();
    check_text_lines();
    check_json_keys();
    check_char_ranges();
    check_origin();
    return check_done();
}
