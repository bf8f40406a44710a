/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read_text.c - the text-page reader: crawled pages saved as visible text.
 *
 * The parser works from the shape of such pages, not from any one site:
 *
 *   [URL: https://...]            optional, the page's address
 *   首页 > 频道 > 正文             optional breadcrumb (' > ', '＞', '›', '»')
 *   title
 *   meta lines                   short lines: 来源/作者, a time, share counters
 *   body paragraphs
 *   footer lines                 特别声明 / 免责声明 / 责任编辑 / Notice: ... (dropped)
 *   heading                      相关推荐, 热点推荐, 24小时热文, 头条要闻 ...
 *   items                        headline [same headline again] [source] [time]
 *   heading ...
 *
 * The one decision a reader needs: a list section is read in one of two
 * ways. If any line in it is a time, items are runs of lines ended by a
 * time line (headline, its repetition, the source, then the time); lines
 * that never reach a time (author boxes, buttons) are dropped. Otherwise
 * every line long enough to be a headline is a bare item (头条要闻-style
 * tabs). A time line that ends no item is taken as the page's own time when
 * the header gave none; the account name repeated after it is an author box.
 *
 * Text that is no meta, heading or item is body, never dropped: a header
 * line that gives no source, author or time is a body line, and a section
 * holding a line too long (over 100 characters) or marked up to be a
 * headline is article text, its heading included.
 *
 * sw_read_text reads in steps: check_text, split_lines, page_head (the URL
 * and breadcrumb), page_article (title, meta lines, body), page_lists,
 * page_text (the article), the article's fallbacks (article_fallbacks) and
 * last the items' times (item_dates).
 *
 * It does not guess charsets (the input must be UTF-8) and does not read
 * HTML.
 */
#include "read.h"

#include "buf.h"
#include "date.h"
#include "error.h"
#include "labels.h"
#include "names.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

typedef struct line {
    const char *s; /* start, trimmed */
    size_t n;      /* length in bytes, trimmed */
} line;

#define META_MAX_CHARS 40      /* header lines shorter than this may be meta */
#define HEADING_MAX_CHARS 12   /* headings are short */
#define BARE_ITEM_MIN_CHARS 8  /* a bare headline is at least this long */
#define SOURCE_MAX_CHARS 30    /* a source line is short */
#define HEADLINE_MAX_CHARS 100 /* a headline is short; a longer line is body text */
#define NAV_WORD_MAX_CHARS 5 /* the words of a row of links (无障碍浏览 进入关怀版) are short */

static int starts(const line *l, const char *w) {
    size_t n = strlen(w);
    return l->n >= n && memcmp(l->s, w, n) == 0;
}

static int ends(const char *s, size_t n, const char *w) {
    size_t k = strlen(w);
    return n >= k && memcmp(s + n - k, w, k) == 0;
}

static int contains(const line *l, const char *w) {
    size_t k = strlen(w);
    for (size_t i = 0; i + k <= l->n; i++)
        if (memcmp(l->s + i, w, k) == 0)
            return 1;
    return 0;
}

static int same(const line *a, const line *b) { return a->n == b->n && !memcmp(a->s, b->s, a->n); }

/* Holds markup: a tag such as <p>, </strong> or <br/> (HTML fragments copied into a text file). */
static int markup(const line *l) {
    for (size_t i = 0; i + 2 < l->n; i++) {
        if (l->s[i] != '<')
            continue;
        size_t j = i + 1 + (l->s[i + 1] == '/');
        if (j >= l->n || !((l->s[j] | 0x20) >= 'a' && (l->s[j] | 0x20) <= 'z'))
            continue;
        while (j < l->n && l->s[j] != '<' && l->s[j] != '>')
            j++;
        if (j < l->n && l->s[j] == '>')
            return 1;
    }
    return 0;
}

/* Too long or marked up to be a headline: such a line is body text. */
static int prose(const line *l) {
    return markup(l) || sw_utf8_chars(l->s, l->n) > HEADLINE_MAX_CHARS;
}

/* A row of links, not a headline: two or more words, each short (无障碍浏览 进入关怀版). */
static int nav_row(const line *l) {
    size_t words = 0;
    for (size_t i = 0; i < l->n;) {
        size_t j = i;
        while (j < l->n && l->s[j] != ' ')
            j++;
        if (j > i && ++words && sw_utf8_chars(l->s + i, j - i) > NAV_WORD_MAX_CHARS)
            return 0;
        i = j + 1;
    }
    return words >= 2;
}

/*
 * Lines a and b name an author box's account: the name, repeated, the first
 * time maybe with an icon's name after a space (快看张同学 incentive-icons).
 */
static int name_pair(const line *a, const line *b) {
    if (b->n == 0 || sw_utf8_chars(b->s, b->n) > SOURCE_MAX_CHARS || a->n < b->n ||
        memcmp(a->s, b->s, b->n) != 0)
        return 0;
    return a->n == b->n || a->s[b->n] == ' ';
}

/* A page widget's line in the header: a counter (0, 1.2万) or a button (分享至). */
static int widget(const line *l) {
    static const char *const buttons[] = {"分享至", "分享", "收藏", "举报", "打印",
                                          "评论",   "关注", "字号", NULL};
    for (int i = 0; buttons[i]; i++)
        if (l->n == strlen(buttons[i]) && !memcmp(l->s, buttons[i], l->n))
            return 1;
    int digits = 0;
    for (size_t i = 0; i < l->n; i++) {
        unsigned char c = (unsigned char)l->s[i];
        if (c >= '0' && c <= '9')
            digits = 1;
        else if (c != '.' && c != ',' && c != ' ' && !starts(&(line){l->s + i, l->n - i}, "万"))
            return 0;
        else if (c >= 0x80)
            i += strlen("万") - 1;
    }
    return digits;
}

/* Whitespace at either end of a line: ASCII, NBSP (C2 A0) and ideographic space (E3 80 80). */
static void trim(line *l) {
    for (;;) {
        if (l->n && (l->s[0] == ' ' || l->s[0] == '\t' || l->s[0] == '\r')) {
            l->s++, l->n--;
        } else if (l->n >= 2 && !memcmp(l->s, "\xC2\xA0", 2)) {
            l->s += 2, l->n -= 2;
        } else if (l->n >= 3 && !memcmp(l->s, "\xE3\x80\x80", 3)) {
            l->s += 3, l->n -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        if (l->n && (l->s[l->n - 1] == ' ' || l->s[l->n - 1] == '\t' || l->s[l->n - 1] == '\r'))
            l->n--;
        else if (l->n >= 2 && ends(l->s, l->n, "\xC2\xA0"))
            l->n -= 2;
        else if (l->n >= 3 && ends(l->s, l->n, "\xE3\x80\x80"))
            l->n -= 3;
        else
            break;
    }
}

/* The whole line is a time (a date, maybe with a clock time). */
static int date_line(const line *l, char iso[SW_DATE_MAX]) {
    size_t at, n;
    if (!sw_date_find(l->s, l->n, iso, &at, &n) || at != 0)
        return 0;
    return n == l->n;
}

/* Heading words end in one of these; exact words too short for a suffix rule. */
static const char *const heading_suffixes[] = {
    "推荐", "要闻", "回顾", "热文", "热点", "排行", "排行榜", "阅读", "新闻", "资讯", "专题",
    "原创", "热榜", "精选", "快讯", "看点", "喜欢", "热搜", "文章", "头条",
    /* the same in Traditional characters */
    "推薦", "要聞", "回顧", "熱文", "熱點", "排行", "閱讀", "新聞", "資訊", "專題", "原創", "熱榜",
    "精選", "快訊", "看點", "喜歡", "熱搜", "頭條", NULL};
/* Trailing "more" links that sit on a heading's line. */
static const char *const heading_tails[] = {" 全部", " 更多", "更多>>", " 更多>", ">>", NULL};

/* If l is a list heading, returns the heading's length in bytes (tails removed), else 0. */
static size_t heading(const line *l) {
    size_t n = l->n;
    for (int i = 0; heading_tails[i]; i++)
        if (ends(l->s, n, heading_tails[i])) {
            n -= strlen(heading_tails[i]);
            break;
        }
    while (n && l->s[n - 1] == ' ')
        n--;
    if (n == 0 || sw_utf8_chars(l->s, n) > HEADING_MAX_CHARS)
        return 0;
    static const char *const stops[] = {"，", "。", "！", "？", "：", "、", ",",
                                        ":",  "!",  "?",  "“",  "\"", NULL};
    line h = {l->s, n};
    for (int i = 0; stops[i]; i++)
        if (contains(&h, stops[i]))
            return 0;
    for (int i = 0; heading_suffixes[i]; i++)
        if (ends(l->s, n, heading_suffixes[i]) && n > strlen(heading_suffixes[i]))
            return n;
    return 0;
}

/* heading() in context: a line followed by a time is an item's source (每日经济新闻), not a
 * heading. */
static size_t heading_at(const line *ls, size_t nl, size_t k) {
    char iso[SW_DATE_MAX];
    if (k + 1 < nl && date_line(&ls[k + 1], iso))
        return 0;
    if (k >= 2 && name_pair(&ls[k - 2], &ls[k - 1]))
        return 0; /* an author box's motto (每天一点科技新闻) */
    return heading(&ls[k]);
}

/* Lines of the header or footer that carry no article text. */
static int boilerplate(const line *l) {
    static const char *const marks[] = {"特别声明",   "免责声明", "声明：",   "信息来源",
                                        "责任编辑",   "Notice:",  "版权声明", "(责任编辑",
                                        "（责任编辑", NULL};
    for (int i = 0; marks[i]; i++)
        if (starts(l, marks[i]))
            return 1;
    return 0;
}

static int sentence_end(const line *l) {
    return ends(l->s, l->n, "。") || ends(l->s, l->n, "！") || ends(l->s, l->n, "？") ||
           ends(l->s, l->n, "”") || ends(l->s, l->n, "…");
}

/*
 * A source label in a meta line ("来源：X", "稿源：X"; see labels.h) sets
 * *source, an author label ("作者：X") sets *author, each copied up to the
 * next space, the first one seen winning. Returns 1 when the line holds a
 * label, 0 when not, or SW_ENOMEM.
 */
static int meta_source(const line *l, char **source, char **author) {
    int seen = 0;
    for (const sw_label *lb = sw_labels; lb->word; lb++) {
        char **out = lb->is_author ? author : source;
        size_t wl = strlen(lb->word);
        for (int k = 0; lb->text_after[k]; k++) {
            const char *sep = lb->text_after[k];
            size_t kl = wl + strlen(sep);
            for (size_t i = 0; i + kl <= l->n; i++) {
                if (memcmp(l->s + i, lb->word, wl) != 0 || memcmp(l->s + i + wl, sep, kl - wl) != 0)
                    continue;
                seen = 1;
                size_t a = i + kl;
                while (a < l->n && l->s[a] == ' ')
                    a++;
                size_t b = a;
                while (b < l->n && l->s[b] != ' ' && l->s[b] != '\t')
                    b++;
                if (b > a && !*out && !(*out = sw_strndup(l->s + a, b - a)))
                    return SW_ENOMEM;
            }
        }
    }
    return seen;
}

static int is_breadcrumb(const line *l) {
    return sw_utf8_chars(l->s, l->n) <= 60 &&
           (contains(l, " > ") || contains(l, "＞") || contains(l, "›") || contains(l, "»") ||
            contains(l, " >> "));
}

/* The breadcrumb's first element without 首页: the site's name. */
static char *breadcrumb_site(const line *l) {
    size_t n = 0;
    while (n < l->n && l->s[n] != ' ' && l->s[n] != '>' && (unsigned char)l->s[n] != 0xEF &&
           (unsigned char)l->s[n] != 0xE2 && (unsigned char)l->s[n] != 0xC2)
        n++;
    if (ends(l->s, n, "首页"))
        n -= strlen("首页");
    return n ? sw_strndup(l->s, n) : NULL;
}

/* The reader's state: the page's lines and what the article's fallbacks need. */
typedef struct text {
    line *ls;          /* the page's lines, trimmed, blank ones left out */
    size_t nl, cap;    /* lines, allocated */
    char *site;        /* the breadcrumb's site name (malloc'd), or NULL */
    char *author;      /* a meta line's 作者 or an author box's name (malloc'd), or NULL */
    char *orphan_date; /* a time line that ends no list item (malloc'd), or NULL */
    const line *title; /* the article's title line, or NULL */
    sw_buf body;       /* the article's text: body lines, then sections no list took */
} text;

/* Appends line l to the article's text, on a line of its own. */
static void body_add(text *t, const line *l) {
    if (t->body.len)
        sw_buf_addc(&t->body, '\n');
    sw_buf_add(&t->body, l->s, l->n);
}

/*
 * An author box after a time line that ends no item: the account's name,
 * repeated, on the two lines after it (2026-02-03 07:00:49 / 快看张同学
 * incentive-icons / 快看张同学). Sets t->author from lines k, k+1 (below b).
 */
static int author_box(text *t, size_t k, size_t b) {
    if (t->author || k + 1 >= b || !name_pair(&t->ls[k], &t->ls[k + 1]))
        return 0;
    t->author = sw_strndup(t->ls[k + 1].s, t->ls[k + 1].n);
    return t->author ? 1 : SW_ENOMEM;
}

/* Reads the items of one list section, lines [a, b), into `list`. */
static int read_items(text *t, size_t a, size_t b, sw_list *list) {
    const line *ls_lines = t->ls;
    char iso[SW_DATE_MAX];
    int timed = 0;
    for (size_t i = a; i < b && !timed; i++)
        timed = date_line(&ls_lines[i], iso);
    int rc = 0;
    if (!timed) {
        for (size_t i = a; i < b && !rc; i++) {
            const line *l = &ls_lines[i];
            if (sw_utf8_chars(l->s, l->n) < BARE_ITEM_MIN_CHARS || nav_row(l))
                continue;
            if (i > a && same(l, &ls_lines[i - 1]))
                continue;
            char *s = sw_strndup(l->s, l->n);
            if (!s)
                return SW_ENOMEM;
            int dup = 0;
            for (size_t j = 0; j < list->n && !dup; j++)
                dup = !strcmp(list->items[j].title, s);
            if (!dup)
                rc = sw_list_add_item(list, s, NULL, NULL, NULL);
            free(s);
        }
        return rc;
    }
    size_t run = a; /* first line of the current run */
    for (size_t i = a; i < b && !rc; i++) {
        if (!date_line(&ls_lines[i], iso))
            continue;
        size_t k = i - run;
        const line *r = &ls_lines[run];
        if (k == 0) {
            if (!t->orphan_date && !(t->orphan_date = strdup(iso)))
                return SW_ENOMEM;
            if ((rc = author_box(t, i + 1, b)) < 0)
                return rc;
            rc = 0;
        } else {
            const line *title = &r[k - 1], *source = NULL;
            if (k >= 2 && !same(&r[k - 2], &r[k - 1]) &&
                sw_utf8_chars(r[k - 1].s, r[k - 1].n) <= SOURCE_MAX_CHARS) {
                title = &r[k - 2];
                source = &r[k - 1];
            }
            char *s_title = sw_strndup(title->s, title->n);
            char *s = source ? sw_strndup(source->s, source->n) : NULL;
            if (s)
                sw_name_source(s); /* counters and times out (names.h); an emptied source
                                      becomes NULL in read.c (strip_page) */
            if (!s_title || (source && !s))
                rc = SW_ENOMEM;
            else
                rc = sw_list_add_item(list, s_title, s, iso, NULL);
            free(s_title);
            free(s);
        }
        run = i + 1;
    }
    return rc;
}

/*
 * Returns the byte offset of the first invalid UTF-8 sequence or NUL, or -1;
 * *words is set when some character is a letter or a digit (of any script).
 */
static long long bad_byte(const char *data, size_t len, int *words) {
    const uint8_t *p = (const uint8_t *)data;
    int32_t i = 0, n = (int32_t)len;
    *words = 0;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c <= 0)
            return at;
        if (!*words &&
            (c < 0x80 ? (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                      : u_isalnum(c)))
            *words = 1;
    }
    return -1;
}

/* Checks that data[0..len) can be a text page: UTF-8 without NUL bytes, with some words. */
static int check_text(const char *data, size_t len, const char *name, char **errmsg) {
    if (len > INT32_MAX)
        return sw_error(errmsg, SW_EPARSE, "'%s' is too large for a text page (%zu bytes)", name,
                        len);
    int words;
    long long bad = bad_byte(data, len, &words);
    if (bad >= 0)
        return sw_error(errmsg, SW_EPARSE, "'%s' is not UTF-8 text: %s at byte %lld", name,
                        data[bad] ? "invalid byte" : "NUL byte", bad);
    if (!words)
        return sw_error(errmsg, SW_EPARSE,
                        "'%s' has no words: only punctuation, symbols or white space", name);
    return 0;
}

/* Cuts data[0..len) into t->ls: trimmed lines, blank ones left out. 0 or SW_ENOMEM. */
static int split_lines(text *t, const char *data, size_t len) {
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && data[j] != '\n')
            j++;
        line l = {data + i, j - i};
        trim(&l);
        if (l.n) {
            line *p = sw_grow(t->ls, &t->cap, t->nl + 1, sizeof(*p), 64);
            if (!p)
                return SW_ENOMEM;
            t->ls = p;
            t->ls[t->nl++] = l;
        }
        i = j + 1;
    }
    return 0;
}

/* The page's URL line and breadcrumb, from line *i on (moved past them). */
static int page_head(text *t, size_t *i, sw_page *page) {
    if (*i < t->nl && (starts(&t->ls[*i], "URL:") || starts(&t->ls[*i], "url:"))) {
        line u = {t->ls[*i].s + 4, t->ls[*i].n - 4};
        trim(&u);
        int rc = u.n ? sw_set_str(&page->url, u.s, u.n) : 0;
        if (rc)
            return rc;
        (*i)++;
    }
    if (*i < t->nl && is_breadcrumb(&t->ls[*i]))
        t->site = breadcrumb_site(&t->ls[(*i)++]);
    return 0;
}

/* The line after the section that line k heads: the next heading, or t->nl. */
static size_t section_end(const text *t, size_t k) {
    size_t e = k + 1;
    while (e < t->nl && !heading_at(t->ls, t->nl, e))
        e++;
    return e;
}

/* Lines [a, b) are text, not a list: one of them is too long or marked up to be a headline. */
static int prose_section(const text *t, size_t a, size_t b) {
    for (size_t k = a; k < b; k++)
        if (prose(&t->ls[k]))
            return 1;
    return 0;
}

/* The first line after line `from` that heads a list (a heading over prose does not), or t->nl. */
static size_t first_heading(const text *t, size_t from) {
    for (size_t k = from + 1; k < t->nl;) {
        if (!heading_at(t->ls, t->nl, k)) {
            k++;
            continue;
        }
        size_t e = section_end(t, k);
        if (!prose_section(t, k + 1, e))
            return k;
        k = e;
    }
    return t->nl;
}

/* A Markdown heading's marks ("# ", "## ") off a line copied from a .md file. */
static void markdown_heading(line *l) {
    size_t k = 0;
    while (k < l->n && k < 6 && l->s[k] == '#')
        k++;
    if (k && k < l->n && l->s[k] == ' ') {
        l->s += k + 1;
        l->n -= k + 1;
        trim(l);
    }
}

/*
 * The article in lines [i, end): the title, then the header's meta lines
 * (short, no sentence end, not boilerplate), then the body without its
 * boilerplate. A header line is meta when it gives the source, author or
 * time, is a widget (分享至, a counter) or an author box; any other header
 * line (a summary, a heading, 央视网消息（新闻联播）：) is body text.
 */
/*
 * Whether header line l gives the page's time: a date that starts it (2026年2月2日 08:30 来源：…)
 * or follows a label (来源：示例日报 2026-02-03, 发布时间：…), not one inside a headline or a
 * sentence that happens to be short ("5.2025年1月1日起我国调整部分商品关税；").
 */
static int meta_date(const line *l, char iso[SW_DATE_MAX]) {
    size_t at = 0;
    if (!sw_date_find(l->s, l->n, iso, &at, NULL))
        return 0;
    if (at == 0)
        return 1;
    line before = {l->s, at};
    return contains(&before, "：") || contains(&before, ":");
}

static int page_article(text *t, size_t i, size_t end, sw_page *page) {
    const line *ls = t->ls;
    t->title = &ls[i++];
    char iso[SW_DATE_MAX];
    int after_date = 0;
    for (; i < end && !sentence_end(&ls[i]) && sw_utf8_chars(ls[i].s, ls[i].n) < META_MAX_CHARS &&
           !boilerplate(&ls[i]);
         i++) {
        int rc, dated = meta_date(&ls[i], iso);
        if (dated && !page->published_at && !(page->published_at = strdup(iso)))
            return SW_ENOMEM;
        if (after_date && (rc = author_box(t, i, end)) != 0) {
            if (rc < 0)
                return rc;
            i++; /* the name's second line */
            after_date = 0;
            continue;
        }
        after_date = dated;
        if ((rc = meta_source(&ls[i], &page->source, &t->author)) < 0)
            return rc;
        if (!rc && !dated && !widget(&ls[i]))
            body_add(t, &ls[i]);
    }
    for (; i < end; i++)
        if (!boilerplate(&ls[i]))
            body_add(t, &ls[i]);
    return 0;
}

/* The page's list with this section name, added when there is none yet; NULL when out of memory. */
static sw_list *list_named(sw_page *page, const char *section, size_t n) {
    char *label = sw_strndup(section, n);
    if (!label)
        return NULL;
    size_t k = sw_name_section(label); /* tabs and "more" links out (names.h) */
    const char *name = k ? label : section;
    n = k ? k : n; /* a heading that is nothing but those stays as shown */
    sw_list *l = NULL;
    for (size_t j = 0; j < page->nlists && !l; j++)
        if (strlen(page->lists[j].section) == n && !memcmp(page->lists[j].section, name, n))
            l = &page->lists[j];
    if (!l)
        l = sw_page_add_list(page, name, n);
    free(label);
    return l;
}

/*
 * The headline lists: each heading from line `from` on and the items up to
 * the next one. A section of prose (its heading included) is the article's.
 */
static int page_lists(text *t, size_t from, sw_page *page) {
    for (size_t k = from; k < t->nl;) {
        size_t e = section_end(t, k);
        if (prose_section(t, k + 1, e)) {
            for (size_t j = k; j < e; j++)
                if (!boilerplate(&t->ls[j]))
                    body_add(t, &t->ls[j]);
            k = e;
            continue;
        }
        sw_list *list = list_named(page, t->ls[k].s, heading_at(t->ls, t->nl, k));
        if (!list)
            return SW_ENOMEM;
        int rc = read_items(t, k + 1, e, list);
        if (rc)
            return rc;
        k = e;
    }
    return 0;
}

/*
 * The article: the title line with the text gathered for it. A title with
 * no text is no article.
 */
static int page_text(text *t, sw_page *page) {
    if (t->body.oom)
        return SW_ENOMEM;
    if (!t->title || !t->body.len)
        return 0;
    line title = *t->title;
    markdown_heading(&title);
    int rc = sw_set_str(&page->title, title.s, title.n);
    if (!rc)
        page->body = sw_buf_detach(&t->body, NULL);
    return rc;
}

/*
 * A title's date when the header gave none: a day written YYYYMMDD in brackets, as programme
 * transcripts title their days ("# 《新闻联播》 (20220924)"); a bare eight-digit number is
 * too often an id to be read as a date.
 */
static int title_date(const char *title, char **date) {
    for (const char *p = title; *p; p++) {
        size_t open = *p == '(' ? 1 : !strncmp(p, "（", 3) ? 3 : 0;
        if (!open)
            continue;
        const char *d = p + open, *e = d;
        while (*e >= '0' && *e <= '9')
            e++;
        if (e - d != 8 || (*e != ')' && strncmp(e, "）", 3)))
            continue;
        int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        int m = (d[4] - '0') * 10 + (d[5] - '0'), dd = (d[6] - '0') * 10 + (d[7] - '0');
        if (y < 1900 || y > 2999 || m < 1 || m > 12 || dd < 1 || dd > sw_date_month_days(y, m))
            continue;
        char iso[SW_DATE_MAX];
        snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, dd);
        return sw_set_str(date, iso, strlen(iso));
    }
    return 0;
}

/* Drops the lists that came out empty (tab bars, "更多" boxes). */
static void drop_empty_lists(sw_page *page) {
    size_t kept = 0;
    for (size_t j = 0; j < page->nlists; j++) {
        if (page->lists[j].n) {
            page->lists[kept++] = page->lists[j];
        } else {
            free(page->lists[j].items);
            free(page->lists[j].section);
        }
    }
    page->nlists = kept;
}

/*
 * What an article lacks from its header: a list's orphan time as its time,
 * the breadcrumb's site as its source; and its author (作者, an author box).
 */
static void article_fallbacks(text *t, sw_page *page) {
    if (!page->published_at && t->orphan_date) {
        page->published_at = t->orphan_date;
        t->orphan_date = NULL;
    }
    if (!page->source && t->site) {
        page->source = t->site;
        t->site = NULL;
    }
    if (!page->author && t->author) {
        page->author = t->author;
        t->author = NULL;
    }
}

/*
 * Items that show no time take the listing page's: the article's time, else
 * when the page was fetched. 0 or SW_ENOMEM.
 */
static int item_dates(sw_page *page) {
    const char *when = page->published_at ? page->published_at : page->fetched_at;
    for (size_t j = 0; when && j < page->nlists; j++)
        for (size_t k = 0; k < page->lists[j].n; k++) {
            sw_item *it = &page->lists[j].items[k];
            if (!it->time && !(it->time = strdup(when)))
                return SW_ENOMEM;
        }
    return 0;
}

int sw_read_text(const char *data, size_t len, const char *name, sw_page *page, char **errmsg) {
    int rc = check_text(data, len, name, errmsg);
    if (rc)
        return rc;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        data += 3, len -= 3;
    text t = {0};
    size_t i = 0, lists = 0;
    if ((rc = split_lines(&t, data, len)) || (rc = page_head(&t, &i, page)))
        goto out;
    lists = first_heading(&t, i);
    if (i < lists && (rc = page_article(&t, i, lists, page)))
        goto out;
    if ((rc = page_lists(&t, lists, page)) || (rc = page_text(&t, page)))
        goto out;
    drop_empty_lists(page);
    /* a day the title names beats a time found in a list (5.2025年1月1日起…) */
    if (page->title && !page->published_at && (rc = title_date(page->title, &page->published_at)))
        goto out;
    if (page->title)
        article_fallbacks(&t, page);
    if ((rc = item_dates(page)))
        goto out;
    if (!page->title && page->nlists == 0)
        rc = sw_error(errmsg, SW_EPARSE, "'%s' has neither an article nor a headline list", name);
out:
    if (rc == SW_ENOMEM)
        sw_error(errmsg, rc, "out of memory reading '%s'", name);
    free(t.ls);
    free(t.orphan_date);
    free(t.site);
    free(t.author);
    sw_buf_release(&t.body);
    return rc;
}
