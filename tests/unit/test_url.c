/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_url.c - the key of a page's URL: spellings of one URL are one key, different pages are not.
 */
#include "buf.h"
#include "check.h"
#include "error.h"
#include "url.h"

static sw_buf key_buf;

static const char *key(const char *url) {
    int rc = sw_url_key(url, strlen(url), &key_buf);
    return rc == 0 ? key_buf.data : rc == SW_EPARSE ? "(not a web URL)" : "(error)";
}

int main(void) {
    const char *base = "https://news.example.com.cn/c/2026-02-03/doc-3275702.shtml";
    /* An absolute http(s) URL (--base-url, <base href>), and what is not one. */
    CHECK(sw_url_is_http("https://www.example.cn/p/"));
    CHECK(sw_url_is_http("HTTP://example.cn"));
    CHECK(!sw_url_is_http("/p/6854455512"));
    CHECK(!sw_url_is_http("https:///p"));
    CHECK(!sw_url_is_http("http://:8080/"));
    CHECK(!sw_url_is_http("https://example.cn/a b"));
    CHECK(!sw_url_is_http("ftp://example.cn/"));
    CHECK(!sw_url_is_http(NULL));
    /* One page: tracking parameters, scheme, host case, default ports, fragments. */
    CHECK_STR(key(base), base);
    CHECK_STR(key("https://news.example.com.cn/c/2026-02-03/doc-3275702.shtml?from=wap"), base);
    CHECK_STR(key("http://news.example.com.cn/c/2026-02-03/doc-3275702.shtml"), base);
    CHECK_STR(key("HTTPS://News.Example.COM.cn/c/2026-02-03/doc-3275702.shtml"), base);
    CHECK_STR(key("http://news.example.com.cn:80/c/2026-02-03/doc-3275702.shtml"), base);
    CHECK_STR(key("https://news.example.com.cn:443/c/2026-02-03/doc-3275702.shtml#comments"), base);
    CHECK_STR(key("https://news.example.com.cn./c/2026-02-03/doc-3275702.shtml"), base);
    /* the root's dot however many times (a key is its own key); a host of dots only is no host */
    CHECK_STR(key("https://news.example.com.cn../c/2026-02-03/doc-3275702.shtml"), base);
    CHECK_STR(key("https://../x"), "(not a web URL)");
    CHECK_STR(key("  https://news.example.com.cn/c/2026-02-03/doc-3275702.shtml?spm=a.b.c&"
                  "utm_source=wx&UTM_Medium=x&share_token=9&ShareId=1#p2 \n"),
              base);
    CHECK_STR(key("https://news.example.com.cn/c/2026-02-03/./x/../doc-3275702.shtml"), base);
    CHECK_STR(key("https://news.example.com.cn"), "https://news.example.com.cn/");
    CHECK_STR(key("https://news.example.com.cn/"), "https://news.example.com.cn/");
    /* Parameters that name the page stay, sorted, with their escapes in one form. */
    CHECK_STR(key("https://mp.weixin.qq.com/s?sn=abc&mid=22&__biz=MzA%3D&idx=1&chksm=ff&scene=21"),
              "https://mp.weixin.qq.com/s?__biz=MzA%3D&idx=1&mid=22&sn=abc");
    CHECK_STR(key("https://a.example.cn/p?id=2&id=1"), "https://a.example.cn/p?id=1&id=2");
    CHECK_STR(key("https://a.example.cn/p?q=%e4%b8%ad"), "https://a.example.cn/p?q=%E4%B8%AD");
    CHECK_STR(key("https://a.example.cn/p?q=中"), "https://a.example.cn/p?q=%E4%B8%AD");
    CHECK_STR(key("https://a.example.cn/新闻/一.html"),
              "https://a.example.cn/%E6%96%B0%E9%97%BB/%E4%B8%80.html");
    CHECK_STR(key("https://a.example.cn/%7euser/"), "https://a.example.cn/~user/");
    CHECK_STR(key("https://a.example.cn/p?from=wap"), "https://a.example.cn/p");
    CHECK_STR(key("https://a.example.cn/p?"), "https://a.example.cn/p");
    /* Different pages stay different: other ports, paths, hosts, parameters, path case. */
    CHECK_STR(key("https://a.example.cn:8080/p"), "https://a.example.cn:8080/p");
    CHECK(strcmp(key("https://a.example.cn/p?id=1"), "https://a.example.cn/p?id=2") != 0);
    CHECK_STR(key("https://a.example.cn/P"), "https://a.example.cn/P");
    CHECK_STR(key("https://m.example.cn/p"), "https://m.example.cn/p");
    CHECK_STR(key("https://[2001:DB8::1]:8443/p"), "https://[2001:db8::1]:8443/p");
    /* Not web URLs: the key is the text itself, trimmed. */
    CHECK_STR(key("/home/crawl/2026/a.html"), "(not a web URL)");
    CHECK_STR(key_buf.data, "/home/crawl/2026/a.html");
    CHECK_STR(key("ftp://a.example.cn/p"), "(not a web URL)");
    CHECK_STR(key("https://"), "(not a web URL)");
    CHECK_STR(key("http://exa mple.cn/p"), "(not a web URL)");
    CHECK_STR(key(""), "(not a web URL)");
    CHECK_STR(key_buf.data, "");
    /* The host, as url: and the copies line name a site. */
    static const char *const hosts[][2] = {
        {"https://news.example.cn/a?b#c", "news.example.cn"},
        {"http://user:pw@Example.cn:8080/x", "Example.cn"},
        {"https://[2001:db8::1]:8443/p", "[2001:db8::1]"},
        {"https://a.example.cn", "a.example.cn"},
        {"/home/crawl/a.html", NULL},
        {"https:///p", NULL},
    };
    for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
        size_t n = 0;
        const char *h = sw_url_host(hosts[i][0], &n);
        char got[64] = "";
        if (h)
            snprintf(got, sizeof(got), "%.*s", (int)n, h);
        CHECK_STR(h ? got : NULL, hosts[i][1]);
    }
    sw_buf_release(&key_buf);
    return check_done();
}
