/*
 * test_output.c - what text and JSON output make of hostile stored text: control characters,
 * bytes that are not UTF-8 (a shard served by someone else holds anything), long sections.
 */
#include "check.h"
#include "output.h"
#include "text.h"

#include <stdlib.h>

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
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (json)
        sw_output_json(f, &r, 0);
    else
        sw_output_text(f, &r, 0);
    fclose(f);
    sw_buf_release(&h.snippet.text);
    sw_buf_release(&h.title.text);
    return out;
}

static int has(const char *s, const char *part) { return s && strstr(s, part) != NULL; }

/* Whether s holds a byte a terminal acts on: C0 but the line feed, DEL, or C1 in UTF-8. */
static int has_controls(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7F || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
            return 1;
    return 0;
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
    CHECK(has(out, "示例\\x1b[2J日报 · 2026-02-03 · https://news.example.cn/\\x1b]52;c;ZXZpbA==\\x07.html"));
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
    CHECK(has(out, "\"sections\":[\"5G魏少军：产业链协同推进集成电路发展国产芯片迎来新机遇和新挑战的一年\",\"热\xef\xbf\xbd点\"]"));
    free(out);
    return check_done();
}
