/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * names.c - cleaning of headline sources and section labels (see names.h).
 *
 * The one decision a reader needs: both are cut into words at white space
 * (ASCII, the ideographic space, no-break space), and each word is judged
 * on its own - a counter, a time, a button, a separator or a name - since
 * pages glue the same few kinds of words to a name in any order (rank
 * first, count last, 评论 between). Words are compared whole, never
 * searched for inside a name, so 人民日报评论 or 36氪 keep their words.
 * It does not decide whether a string is a source or a heading at all: the
 * readers do, before and after.
 */
#include "names.h"

#include "util.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <string.h>

#define MAX_WORDS 32    /* a label with more words keeps the rest as its last word */
#define TAB_MAX_CHARS 6 /* a tab of a tab row is this short */

typedef struct word {
    size_t at, n; /* its bytes in the label */
} word;

/* The bytes of the white space at s (0: none). */
static size_t space_at(const char *s) {
    const unsigned char *u = (const unsigned char *)s;
    if (*u == ' ' || *u == '\t' || *u == '\n' || *u == '\r')
        return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

/* Cuts s into words at white space; returns how many (at most MAX_WORDS). */
static size_t words_of(const char *s, word *w) {
    size_t k = 0, i = 0, len = strlen(s);
    while (i < len) {
        size_t sp = space_at(s + i);
        if (sp) {
            i += sp;
            continue;
        }
        size_t j = i;
        if (k == MAX_WORDS - 1)
            j = len;
        else
            while (j < len && !space_at(s + j))
                j++;
        w[k++] = (word){i, j - i};
        i = j;
    }
    return k;
}

static int is(const char *p, size_t n, const char *const *set) {
    for (int i = 0; set[i]; i++)
        if (strlen(set[i]) == n && !memcmp(p, set[i], n))
            return 1;
    return 0;
}

/* The bytes of the digit at p (ASCII, full width, or with `chinese` 一 to 十 and 两), or 0. */
static size_t digit_at(const char *p, size_t n, int chinese) {
    const unsigned char *u = (const unsigned char *)p;
    if (n >= 1 && u[0] >= '0' && u[0] <= '9')
        return 1;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99)
        return 3;
    static const char *const cn[] = {"一", "二", "三", "四", "五", "六",
                                     "七", "八", "九", "十", "两", NULL};
    for (int i = 0; chinese && cn[i]; i++)
        if (n >= 3 && !memcmp(p, cn[i], 3))
            return 3;
    return 0;
}

/* The bytes of the leading run of digits (see digit_at). */
static size_t digits(const char *p, size_t n, int chinese) {
    size_t i = 0, d;
    while (i < n && (d = digit_at(p + i, n - i, chinese)))
        i += d;
    return i;
}

/*
 * A count, a rank, a time or a date: digits with the marks numbers and
 * times are written with (10:32, 03-12, 2020/5/1, 1.2万, 10万+, 3k, 1、).
 */
static int is_number(const char *p, size_t n) {
    static const char *const marks[] = {":",  "：", "-", "/", ".", ",",  "+", "~",  "万", "千",
                                        "亿", "w",  "W", "k", "K", "、", ")", "）", NULL};
    int seen = 0;
    for (size_t i = 0; i < n;) {
        size_t d = digit_at(p + i, n - i, 0);
        if (d) {
            seen = 1, i += d;
            continue;
        }
        size_t m = 0;
        for (int j = 0; marks[j] && !m; j++)
            if (strlen(marks[j]) <= n - i && !memcmp(p + i, marks[j], strlen(marks[j])))
                m = strlen(marks[j]);
        if (!m)
            return 0;
        i += m;
    }
    return seen;
}

/* The bytes of a time unit at p (秒, 分钟, 小时, 天, 日, 周, 个月, 月, 年), or 0. */
static size_t unit_at(const char *p, size_t n) {
    static const char *const units[] = {"秒", "分钟", "小时", "天", "日",
                                        "周", "个月", "月",   "年", NULL};
    for (int i = 0; units[i]; i++)
        if (strlen(units[i]) <= n && !memcmp(p, units[i], strlen(units[i])))
            return strlen(units[i]);
    return 0;
}

/* A time said in words: 2小时前, 3天前, 刚刚, 昨天. */
static int is_when(const char *p, size_t n) {
    static const char *const days[] = {"刚刚", "昨天", "前天", "今天", "今日", "昨日", NULL};
    if (is(p, n, days))
        return 1;
    size_t d = digits(p, n, 1), u = d ? unit_at(p + d, n - d) : 0;
    /* The number may be gone already: a reader took "2小时" for a time and left 前. */
    return (u || (!d && unit_at(p, n))) && (u = unit_at(p + d, n - d)) &&
           n - d - u == strlen("前") && !memcmp(p + d + u, "前", n - d - u);
}

/* A time-span tab (一天, 三天, 24小时, 本周) or several joined by '|' (3天|7天). */
static int is_span(const char *p, size_t n) {
    static const char *const spans[] = {"本周", "本月", "今日", "全天", "日", "周", "月", NULL};
    for (size_t i = 0; i <= n;) {
        size_t j = i;
        while (j < n && p[j] != '|')
            j++;
        size_t d = digits(p + i, j - i, 1);
        if (!is(p + i, j - i, spans) && !(d && unit_at(p + i + d, j - i - d) == j - i - d))
            return 0;
        i = j + 1;
    }
    return 1;
}

/* A word that counts something, with or without its number glued on (评论, 151评论, 阅读10万+). */
static int is_counter(const char *p, size_t n) {
    static const char *const counts[] = {
        "评论",     "条评论", "评",     "跟贴",   "跟帖", "赞",   "点赞", "阅读",   "次阅读",
        "人阅读",   "阅",     "点击",   "浏览",   "分享", "收藏", "转发", "回复",   "播放",
        "次播放",   "人参与", "参与",   "人气",   "热度", "举报", "更多", "关注",   "图",
        "不感兴趣", "相关",   "广告",   "New",    "NEW",  "HOT",  "UID",  "QQ空间", "QQ好友",
        "新浪微博", "微信",   "朋友圈", "分享到", NULL};
    size_t d = digits(p, n, 0);
    p += d, n -= d;
    for (size_t i = 0; i < n; i++) /* a number after the word: 评论151, 阅读10万+ */
        if (digit_at(p + i, n - i, 0) && is_number(p + i, n - i)) {
            n = i;
            break;
        }
    return is(p, n, counts);
}

static int is_separator(const char *p, size_t n) {
    static const char *const seps[] = {"·", "|", "丨", "｜", "/",  "-", "—",  "•",
                                       "⋅", ":", "：", ">",  ">>", "»", "》", NULL};
    return is(p, n, seps);
}

/* Whether s[0..n) holds a letter, of any script (Han, Latin, kana ...), or a symbol beyond ASCII.
 */
static int has_letter(const char *p, size_t n) {
    int32_t len = n > INT32_MAX ? INT32_MAX : (int32_t)n;
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT((const uint8_t *)p, i, len, c);
        if (c >= 0 && (u_isalpha(c) || (c >= 0x80 && !u_ispunct(c) && !u_isspace(c))))
            return 1; /* a letter of any script, an emoji; not （）, · or —— */
    }
    return 0;
}

/* Whether p[0..n) holds the string what. */
static int contains(const char *p, size_t n, const char *what) {
    size_t w = strlen(what);
    for (size_t i = 0; i + w <= n; i++)
        if (!memcmp(p + i, what, w))
            return 1;
    return 0;
}

static int has_ascii_letter(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z'))
            return 1;
    return 0;
}

/*
 * Writes the kept words of s back into s, one space apart, separators kept
 * only between two kept words; returns the length.
 */
static size_t join(char *s, const word *w, const int *keep, size_t k) {
    size_t out = 0;
    int names = 0, sep_pending = 0;
    for (size_t i = 0; i < k; i++) {
        if (!keep[i])
            continue;
        if (is_separator(s + w[i].at, w[i].n)) {
            sep_pending = names > 0 ? (int)i + 1 : 0;
            continue;
        }
        if (sep_pending) {
            size_t sp = (size_t)sep_pending - 1;
            s[out++] = ' ';
            memmove(s + out, s + w[sp].at, w[sp].n);
            out += w[sp].n;
            sep_pending = 0;
        }
        if (names)
            s[out++] = ' ';
        memmove(s + out, s + w[i].at, w[i].n);
        out += w[i].n;
        names++;
    }
    s[out] = '\0';
    if (!has_letter(s, out))
        s[out = 0] = '\0';
    return out;
}

/* A field label (主题:, 帖数:), a bracketed tag ([交流]) or a count in brackets ((53)). */
static int is_label(const char *p, size_t n) {
    if (n >= 2 && ((p[0] == '[' && p[n - 1] == ']') || (p[0] == '(' && p[n - 1] == ')')))
        return 1;
    return (n > 1 && p[n - 1] == ':') || (n > 3 && !memcmp(p + n - 3, "：", 3));
}

size_t sw_name_source(char *s) {
    word w[MAX_WORDS];
    int keep[MAX_WORDS];
    size_t k = words_of(s, w), last = 0;
    int open = 0; /* inside a bracketed tag cut in words: [ 交流 ], 【 体育 】 */
    for (size_t i = 0; i < k; i++) {
        const char *p = s + w[i].at;
        size_t n = w[i].n;
        static const char *const opens[] = {"[", "【", NULL}, *const closes[] = {"]", "】", NULL};
        if (is(p, n, opens) || is(p, n, closes)) {
            /* A closing bracket with no opening one: what came before was its tag. */
            for (size_t j = 0; !open && is(p, n, closes) && j < i; j++)
                keep[j] = 0;
            open = is(p, n, opens);
            keep[i] = 0;
            last = 0;
            continue;
        }
        keep[i] = !open && has_letter(p, n) && !is_number(p, n) && !is_when(p, n) &&
                  !is_counter(p, n) && !is_label(p, n);
        /* The same name twice (an avatar's alt text, then the name). */
        if (keep[i] && last && w[last - 1].n == n && !memcmp(s + w[last - 1].at, p, n))
            keep[i] = 0;
        if (keep[i])
            last = i + 1;
    }
    return join(s, w, keep, k);
}

/* Cuts a button glued to the end of word *w (推荐查看全部, 今日推荐HOT). */
static void cut_suffix(const char *s, word *w) {
    static const char *const tails[] = {"查看全部", "查看更多", "更多", "HOT", "Hot", NULL};
    for (int i = 0; tails[i]; i++) {
        size_t t = strlen(tails[i]);
        if (w->n > t && !memcmp(s + w->at + w->n - t, tails[i], t)) {
            w->n -= t;
            return;
        }
    }
}

size_t sw_name_section(char *s) {
    static const char *const buttons[] = {
        "更多",     "更多+",    "更多>",    "更多>>", "更多»",  "全部",   "查看全部",
        "查看更多", "阅读全部", "阅读更多", "刷新",   "换一换", "换一批", "关注",
        "分享",     "赞",       "赏",       "more",   "More",   "MORE",   "Hot",
        "HOT",      "hot",      "NEW",      "New",    "new",    NULL};
    word w[MAX_WORDS];
    int keep[MAX_WORDS];
    size_t k = words_of(s, w), names = 0, seps = 0, short_tabs = 0;
    for (size_t i = 0; i < k; i++) {
        cut_suffix(s, &w[i]);
        const char *p = s + w[i].at;
        size_t n = w[i].n;
        keep[i] = !is(p, n, buttons) && !is_number(p, n) && !is_span(p, n) &&
                  !(n > strlen("进入") && !memcmp(p, "进入", strlen("进入"))) &&
                  !(n > strlen("更多") && !memcmp(p, "更多", strlen("更多")));
        if (keep[i] && is_separator(p, n)) {
            seps++;
        } else if (keep[i]) {
            names++;
            size_t c = sw_utf8_chars(p, n);
            short_tabs += c >= 2 && c <= TAB_MAX_CHARS && !has_ascii_letter(p, n) &&
                          !contains(p, n, ":") && !contains(p, n, "：");
        }
    }
    /* A tab row: the first tab is the one a saved page shows open. */
    if (names >= 2 && !seps && short_tabs == names) {
        for (size_t i = 0, first = 1; i < k; i++)
            if (keep[i] && !first)
                keep[i] = 0;
            else if (keep[i])
                first = 0;
    }
    return join(s, w, keep, k);
}
