/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * read_html.c - the HTML reader: a crawled HTML page (already UTF-8) to an sw_page.
 *
 * Parsing is libxml2's HTML parser (htmlCtxtReadMemory with RECOVER,
 * NOERROR, NOWARNING, NONET, HUGE): it builds a tree from tag soup the way
 * browsers do and never fetches anything. libxml2's own nesting cap (256
 * elements) stopped the parse without a word, so a 300-deep ad before an
 * article lost the article; HUGE lifts that cap and souwen sets its own,
 * PARSE_MAX_DEPTH, through the SAX callbacks (depth_guard): deeper nesting
 * stops the parse there, the page keeps what came before, and
 * page->warning says so. Unclosed tags and 10,000 nested divs give a
 * best-effort tree, not a crash. Nothing here looks at HTML with patterns;
 * everything walks the tree.
 *
 * The one decision a reader needs: the article body is found by scoring,
 * after readability. Every element holding a run of text (its own text and
 * that of inline children) is a paragraph worth 1 + its Chinese and Latin
 * sentence punctuation + up to 3 for length; the paragraph, its parent and
 * (half) its grandparent receive the worth; scores are then scaled by
 * (1 - link density) and nudged by class/id words (content, article, text
 * up; comment, footer, nav, share, recommend down). The best element is the
 * body; its text is taken with links-heavy boxes, lists of headlines with
 * times, comment boxes after its first lines, scripts, styles and forms left
 * out. On a page of posts in one template the first post is the body; a
 * standfirst just before it and a link-free table just after it in the same
 * box are part of it. A page whose best body is short or mostly links has no
 * article (a channel front) and yields only its lists.
 *
 * The title: the <h1> when og:title or <title> holds it or is a cut-short
 * start of it; else <title> without the site's name, on the side the page
 * shows; never a label of one or two characters.
 *
 * Headline lists: an element whose children are mostly items - each holding
 * one link whose text is headline-long and not much other text - is a list.
 * Its heading is the short text just before it (相关推荐, 热点推荐 ...); a
 * list with no heading is kept on pages without an article (named by the
 * page title) and, on article pages, only when its items show times; a
 * list headed by a tab row or "more" links alone (一天 三天 一周, names.h)
 * has a heading, only an empty one: it is kept, named by the page title.
 * Unheaded lists are one list when they share a template (a feed cut in
 * blocks, the tables of a ranking page), never when they differ (an ad strip
 * or the footer's badges beside them). The page's main list - the one a list
 * page is made of - is the longest outside side boxes (aside, nav, footer,
 * boxes named so); a page with an article has one only where the list
 * outweighs the article (see mark_main).
 *
 * It does not decode charsets (charset.c does, before) and does not run
 * scripts: pages that build their text in JavaScript yield what the HTML has.
 */
#include "read.h"

#include "buf.h"
#include "date.h"
#include "error.h"
#include "labels.h"
#include "names.h"
#include "url.h"
#include "util.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* elements nested deeper stop the parse (see depth_guard) */
#define PARSE_MAX_DEPTH 1000
/* our own walks stop here, below any tree the parse builds */
#define MAX_DEPTH 2000
/* a body shorter than this is no article */
#define ARTICLE_MIN_CHARS 40
/* body text after which a box named comment, share ... is left out */
#define BODY_LEAD_CHARS 100
/* a headline link has at least this many characters, and at most ITEM_MAX_CHARS */
#define ITEM_MIN_CHARS 6
#define ITEM_MAX_CHARS 120
/* a dated headline has at most this many characters beside its link */
#define ITEM_REST_CHARS 24
/* a source box starts at most this many characters after the title */
#define SOURCE_BOX_CHARS 200
/* list headings are short */
#define HEADING_MAX_CHARS 16
/* a longer link beside an item's headline is not its source */
#define SOURCE_LINK_MAX_CHARS 10
/* fewer items is not a list */
#define LIST_MIN_ITEMS 3
/* a main list beside an article holds this many times its text */
#define MAIN_OVER_BODY 4
/* a line beside the title that gives its date is this short */
#define HEADER_LINE_CHARS 40

typedef struct nstat {
    int tlen;     /* characters of text below, junk left out */
    int llen;     /* of which inside links */
    int punct;    /* sentence punctuation below */
    int links;    /* links below with headline-long text (ITEM_MIN_CHARS or more) */
    double score; /* content score (paragraph worth received) */
    int start;    /* characters of page text before this element */
} nstat;

typedef struct list_info {
    char *shape; /* an unheaded list's template (see list_shape), or NULL for a headed list */
    int side;    /* the list sits in a side box (see in_side_box) */
    int holds;   /* one of its elements holds the article element (an expanded item) */
} list_info;

/* What <head> says (meta, link rel=canonical, <time>) and <title>'s text; each malloc'd or NULL. */
typedef struct meta {
    char *og_title, *canonical, *published, *author, *source, *title;
    char *base_href; /* <base href>, as written */
} meta;

typedef struct ctx {
    htmlDocPtr doc;            /* the tree */
    xmlNodePtr top;            /* its document node, where the walks start */
    xmlNodePtr root;           /* its root element */
    const char *base;          /* base URL for links (see page_head), or NULL */
    const char *fallback_base; /* the caller's base_url (--base-url), or NULL */
    char *base_own;            /* <base href> made absolute, when c->base is it (malloc'd) */
    meta head;                 /* what <head> says */
    nstat *st;                 /* per-element stats, indexed by node->_private - 1 */
    size_t nst, capst;         /* used, allocated */
    int oom;                   /* sticky: an allocation failed */
    sw_buf tmp;                /* scratch text */
    xmlNodePtr h1;     /* the first <h1>; then the title element (page_title, page_header) */
    xmlNodePtr h2;     /* the first <h2>, or NULL */
    xmlNodePtr body;   /* the chosen article element, or NULL */
    int pos;           /* running text position while measuring */
    int title_start;   /* text position of the title element, or -1 */
    int title_end;     /* ... and of its end */
    list_info *li;     /* what the page's lists came from, indexed as page->lists */
    size_t nli, capli; /* li used (set), allocated */
    char *h1_text;     /* the text of h1 (malloc'd), or NULL */
    char *title;       /* the article's title (malloc'd) until the page takes it, or NULL */
    char *text;        /* the article's body text (malloc'd) until the page takes it, or NULL */
    sw_buf hdr;        /* the page header: the text around the title (see page_header) */
} ctx;

static int name_is(xmlNodePtr n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

static int name_in(xmlNodePtr n, const char *const *names) {
    for (; *names; names++)
        if (name_is(n, *names))
            return 1;
    return 0;
}

static const char *const junk_tags[] = {
    "script", "style", "noscript", "iframe",   "select", "textarea", "button", "input", "object",
    "embed",  "svg",   "canvas",   "template", "head",   "nav",      "map",    "title", NULL};
static const char *const inline_tags[] = {
    "a",   "span", "font",  "b",   "strong", "em",   "i",    "u",    "br", "img",
    "sub", "sup",  "small", "big", "label",  "abbr", "cite", "code", "s",  "strike",
    "del", "ins",  "mark",  "q",   "time",   "wbr",  "nobr", NULL};
static const char *const para_tags[] = {"p",       "pre",  "td",   "blockquote", "div",  "section",
                                        "article", "li",   "dd",   "center",     "font", "span",
                                        "body",    "text", "main", "th",         NULL};

static int is_junk(xmlNodePtr n) { return n->type == XML_ELEMENT_NODE && name_in(n, junk_tags); }
static int is_inline(xmlNodePtr n) { return name_in(n, inline_tags); }

static nstat *stat_of(ctx *c, xmlNodePtr n) {
    intptr_t i = (intptr_t)n->_private;
    return i > 0 && (size_t)i <= c->nst ? &c->st[i - 1] : NULL;
}

/* Characters other than ASCII spaces and controls: what a reader sees. */
static size_t ink_chars(const char *s, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80 && (unsigned char)s[i] > ' ';
    return k;
}

/* Whether s[0..n) holds at least `want` ink characters (stops there: a body may be long). */
static int ink_reaches(const char *s, size_t n, size_t want) {
    size_t k = 0;
    for (size_t i = 0; i < n && k < want; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80 && (unsigned char)s[i] > ' ';
    return k >= want;
}

static int npunct(const char *s) {
    static const char *const marks[] = {"，", "。", "！", "？", "；", "、", "：", NULL};
    int k = 0;
    for (const char *p = s; *p; p++) {
        if (*p == ',' || *p == '.')
            k++;
        else if ((unsigned char)*p == 0xEF || (unsigned char)*p == 0xE3)
            for (int m = 0; marks[m]; m++)
                if (!strncmp(p, marks[m], 3)) {
                    k++;
                    break;
                }
    }
    return k;
}

/* Post-order: text and link lengths of every element. */
static void measure(ctx *c, xmlNodePtr n, int depth, int in_link) {
    for (xmlNodePtr k = n->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
            nstat *s = stat_of(c, n);
            if (!s || !k->content)
                continue;
            int t = (int)ink_chars((const char *)k->content, strlen((const char *)k->content));
            c->pos += t;
            s->tlen += t;
            s->punct += npunct((const char *)k->content);
            if (in_link)
                s->llen += t;
            continue;
        }
        if (k->type != XML_ELEMENT_NODE || is_junk(k) || depth > MAX_DEPTH)
            continue;
        if (c->nst == c->capst) {
            size_t cap = c->capst ? 2 * c->capst : 1024;
            nstat *p = realloc(c->st, cap * sizeof(*p));
            if (!p) {
                c->oom = 1;
                return;
            }
            c->st = p, c->capst = cap;
        }
        memset(&c->st[c->nst], 0, sizeof(nstat));
        c->st[c->nst].start = c->pos;
        k->_private = (void *)(intptr_t)++c->nst;
        if (!c->h1 && name_is(k, "h1"))
            c->h1 = k;
        if (!c->h2 && name_is(k, "h2"))
            c->h2 = k;
        measure(c, k, depth + 1, in_link || name_is(k, "a"));
        nstat *ks = stat_of(c, k), *ns = stat_of(c, n);
        if (ks && name_is(k, "a") && ks->tlen >= ITEM_MIN_CHARS)
            ks->links++;
        if (ns && ks) {
            ns->tlen += ks->tlen;
            ns->llen += ks->llen;
            ns->punct += ks->punct;
            ns->links += ks->links;
        }
    }
}

/* Text of n's inline run: its own text nodes and those of inline children. */
static void inline_text(xmlNodePtr n, sw_buf *b, int *plen, int *link, int depth) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        if (k->type == XML_TEXT_NODE && k->content) {
            size_t t = ink_chars((const char *)k->content, strlen((const char *)k->content));
            *plen += (int)t;
            if (link)
                *link += name_is(n, "a") ? (int)t : 0;
            sw_buf_adds(b, (const char *)k->content);
        } else if (k->type == XML_ELEMENT_NODE && is_inline(k) && !is_junk(k)) {
            inline_text(k, b, plen, link, depth + 1);
        }
    }
}

/* Whether lower-case `low` holds `word`; short words such as "ad" and "nav" only whole. */
static int has_word(const char *low, const char *word) {
    const char *hit = strstr(low, word);
    size_t k = strlen(word);
    while (
        hit && k <= 3 &&
        ((hit > low && ((hit[-1] >= 'a' && hit[-1] <= 'z'))) || (hit[k] >= 'a' && hit[k] <= 'z')))
        hit = strstr(hit + 1, word);
    return hit != NULL;
}

static int class_weight(xmlNodePtr n) {
    static const char *const good[] = {"content", "article", "artibody", "text", "main", "body",
                                       "post",    "entry",   "detail",   "zw",   "news", NULL};
    static const char *const bad[] = {
        "comment",   "footer",    "foot",   "nav",   "sidebar", "side", "share",
        "recommend", "related",   "relate", "hot",   "rank",    "menu", "banner",
        "ad",        "copyright", "header", "login", "tag",     "list", NULL};
    int w = 0;
    const char *attrs[] = {"class", "id"};
    for (int a = 0; a < 2; a++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[a]);
        if (!v)
            continue;
        char *low = (char *)v;
        for (char *p = low; *p; p++)
            *p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
        for (int i = 0; good[i]; i++)
            if (strstr(low, good[i])) {
                w += 25;
                break;
            }
        for (int i = 0; bad[i]; i++)
            if (has_word(low, bad[i])) {
                w -= 25;
                break;
            }
        xmlFree(v);
    }
    return w;
}

/* Pre-order: paragraphs give their worth to themselves, parent and grandparent. */
static void score(ctx *c, xmlNodePtr n, int depth) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        if (k->type != XML_ELEMENT_NODE || is_junk(k) || !stat_of(c, k))
            continue;
        if (name_in(k, para_tags)) {
            int plen = 0;
            sw_buf_reset(&c->tmp);
            inline_text(k, &c->tmp, &plen, NULL, depth);
            if (plen >= 10) {
                double w = 1 + npunct(sw_buf_str(&c->tmp)) + fmin(plen / 100.0, 3.0);
                char iso[SW_DATE_MAX];
                /* A short line with a time stamp heads a comment or a post in a list. */
                if (plen < 80 && sw_date_find(c->tmp.data, c->tmp.len, iso, NULL, NULL))
                    w = -3;
                stat_of(c, k)->score += w;
                nstat *p = k->parent ? stat_of(c, k->parent) : NULL;
                if (p) {
                    p->score += w;
                    nstat *g = k->parent->parent ? stat_of(c, k->parent->parent) : NULL;
                    if (g)
                        g->score += w / 2;
                }
            }
        }
        score(c, k, depth + 1);
    }
}

/*
 * Whether a block is a list of headline links with a time or a source beside
 * each (相关报道: "·<a>title</a> (2005-04-27 14:32PM)"): three links or more,
 * at least a third of its text, and little other text per link. Plain link
 * density misses such a list, its dates being as long as its titles.
 */
static int link_list(const nstat *s) {
    return s->links >= 3 && s->llen * 3 >= s->tlen && s->tlen - s->llen <= 25 * s->links;
}

static void choose(ctx *c, xmlNodePtr n, int depth, double *best) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        nstat *s = k->type == XML_ELEMENT_NODE ? stat_of(c, k) : NULL;
        if (!s)
            continue;
        if (s->score > 0 && s->tlen > 0) {
            double ld = (double)s->llen / s->tlen;
            int cw = class_weight(k);
            double v = (s->score + cw) * (1 - ld);
            /*
             * The article follows its title: a block that holds the title or
             * starts soon after it keeps its score; one far from it (comments,
             * other posts) counts half, and so does a box named comment,
             * related ... that does not hold it (comments can outnumber a
             * short post).
             */
            if (c->title_start >= 0) {
                int holds = s->start <= c->title_start && s->start + s->tlen >= c->title_end;
                int near = s->start >= c->title_end && s->start - c->title_end < 400;
                if ((!holds && !near) || (!holds && cw < 0))
                    v /= 2;
            }
            if (v > *best) {
                *best = v;
                c->body = k;
            }
        }
        choose(c, k, depth + 1, best);
    }
}

static int is_block(xmlNodePtr n) { return n->type == XML_ELEMENT_NODE && !is_inline(n); }

/* Appends text with whitespace runs collapsed to one space. */
static void add_collapsed(sw_buf *b, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';
        if (!ws && p[0] == 0xC2 && p[1] == 0xA0) { /* no-break space */
            ws = 1;
            p++;
        } else if (!ws && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* ideographic space */
            ws = 1;
            p += 2;
        }
        if (ws) {
            if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
                sw_buf_addc(b, ' ');
        } else {
            sw_buf_addc(b, (char)*p);
        }
    }
}

static void newline(sw_buf *b) {
    while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
    if (b->len && b->data[b->len - 1] != '\n')
        sw_buf_addc(b, '\n');
}

/* The visible text below n, blocks on their own lines; link-heavy boxes left out when asked. */
static void text_of(ctx *c, xmlNodePtr n, sw_buf *b, int skip_links, int depth) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
            if (k->content)
                add_collapsed(b, (const char *)k->content);
            continue;
        }
        if (k->type != XML_ELEMENT_NODE || is_junk(k))
            continue;
        if (name_is(k, "br")) {
            newline(b);
            continue;
        }
        nstat *s = stat_of(c, k);
        if (skip_links && s && is_block(k) && s->tlen >= 10 &&
            (s->llen * 2 > s->tlen || link_list(s)))
            continue;
        /*
         * Boxes named comment, share, related ... inside the body, unless they
         * are most of it; after the article's first lines, whatever their
         * size (63 comments outweigh the post they follow).
         */
        nstat *bs = c->body ? stat_of(c, c->body) : NULL;
        if (skip_links && s && is_block(k) && class_weight(k) < 0 &&
            (s->score < 10 || (bs && s->score * 2 < bs->score) ||
             ink_reaches(b->data ? b->data : "", b->len, BODY_LEAD_CHARS)))
            continue;
        int block = is_block(k);
        if (block)
            newline(b);
        text_of(c, k, b, skip_links, depth + 1);
        if (block)
            newline(b);
    }
}

/* A trimmed, whitespace-collapsed copy of the whole text below n (malloc'd). */
static char *flat_text(ctx *c, xmlNodePtr n) {
    sw_buf b = SW_BUF_INIT;
    text_of(c, n, &b, 0, 0);
    for (size_t i = 0; i < b.len; i++)
        if (b.data[i] == '\n')
            b.data[i] = ' ';
    size_t s = 0, e = b.len;
    while (s < e && b.data[s] == ' ')
        s++;
    while (e > s && b.data[e - 1] == ' ')
        e--;
    char *r = b.oom ? NULL : sw_strndup(b.data ? b.data + s : "", e - s);
    sw_buf_release(&b);
    return r;
}

static char *prop(xmlNodePtr n, const char *name) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *r = strdup((const char *)v);
    xmlFree(v);
    return r;
}

static void set_once(char **dst, char *v) {
    if (!*dst && v && *v)
        *dst = v;
    else
        free(v);
}

static void read_head(ctx *c, xmlNodePtr n, meta *m, int depth) {
    for (xmlNodePtr k = n; k && depth < MAX_DEPTH; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(k, "meta")) {
            char *key = prop(k, "property");
            if (!key)
                key = prop(k, "name");
            if (!key)
                key = prop(k, "itemprop");
            if (key) {
                char *v = prop(k, "content");
                if (!strcasecmp(key, "og:title"))
                    set_once(&m->og_title, v);
                else if (!strcasecmp(key, "og:url"))
                    set_once(&m->canonical, v);
                else if (!strcasecmp(key, "article:published_time") ||
                         !strcasecmp(key, "pubdate") || !strcasecmp(key, "publishdate") ||
                         !strcasecmp(key, "datePublished") || !strcasecmp(key, "publish_time") ||
                         !strcasecmp(key, "og:release_date") || !strcasecmp(key, "dc.date") ||
                         !strcasecmp(key, "article:published"))
                    set_once(&m->published, v);
                else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
                         !strcasecmp(key, "citation_author") ||
                         !strcasecmp(key, "citation_authors"))
                    set_once(&m->author, v);
                else if (!strcasecmp(key, "source") || !strcasecmp(key, "og:site_name") ||
                         !strcasecmp(key, "mediaid"))
                    set_once(&m->source, v);
                else
                    free(v);
                free(key);
            }
        } else if (name_is(k, "base")) {
            set_once(&m->base_href, prop(k, "href"));
        } else if (name_is(k, "link")) {
            char *rel = prop(k, "rel");
            if (rel && !strcasecmp(rel, "canonical"))
                set_once(&m->canonical, prop(k, "href"));
            free(rel);
        } else if (name_is(k, "time") && !m->published) {
            set_once(&m->published, prop(k, "datetime"));
        }
        read_head(c, k->children, m, depth + 1);
    }
}

/* <title>'s text: text_of skips <head>, so read its text nodes here. */
static char *title_text(xmlNodePtr n, int depth) {
    for (xmlNodePtr k = n; k && depth < MAX_DEPTH; k = k->next) {
        if (name_is(k, "title")) {
            sw_buf b = SW_BUF_INIT;
            for (xmlNodePtr t = k->children; t; t = t->next)
                if (t->type == XML_TEXT_NODE && t->content)
                    add_collapsed(&b, (const char *)t->content);
            char *r = sw_buf_detach(&b, NULL);
            return r;
        }
        if (k->type == XML_ELEMENT_NODE && !name_is(k, "svg")) {
            char *r = title_text(k->children, depth + 1);
            if (r)
                return r;
        }
    }
    return NULL;
}

static void trim_in_place(char *s) {
    if (!s)
        return;
    size_t n = strlen(s), i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\n'))
        i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    memmove(s, s + i, n - i);
    s[n - i] = '\0';
}

static xmlNodePtr title_node(ctx *c, xmlNodePtr n, const char *title, int want, int depth);

/* Whether some element's whole text is s (spaces aside): a heading the page shows. */
static int shown(ctx *c, const char *s) {
    return s && *s && title_node(c, c->top, s, (int)ink_chars(s, strlen(s)), 0);
}

/*
 * Whether `part` is a cut-short `full`: spaces aside and without a final
 * "…" or "...", a proper prefix of it (og:title cut at a length limit).
 */
static int truncates(const char *part, const char *full) {
    size_t n = strlen(part);
    for (;;) {
        while (n && part[n - 1] == ' ')
            n--;
        if (n >= 3 && !memcmp(part + n - 3, "…", 3))
            n -= 3;
        else if (n >= 3 && !memcmp(part + n - 3, "...", 3))
            n -= 3;
        else
            break;
    }
    if (ink_chars(part, n) < 4)
        return 0;
    size_t i = 0, j = 0;
    for (;; i++, j++) {
        while (i < n && part[i] == ' ')
            i++;
        while (full[j] == ' ')
            j++;
        if (i == n)
            return ink_chars(full + j, strlen(full + j)) > 0;
        if (part[i] != full[j])
            return 0;
    }
}

/*
 * <title> without the site's name: cut at the first separator (" - ", "_",
 * "|", "--" ...; a bare "-" between two Latin letters or digits joins a
 * name such as China-Pub when another separator is there) with at least four
 * characters before it. Of the
 * two sides, the one the page shows as an element's text (four characters
 * or more: a site's short name is shown all over its pages) is the article's
 * (a blog's "Site--Post" as well as "Post - Site"); else the left side, or
 * the right when the left is a bare word.
 */
static char *cut_site(ctx *c, const char *title) {
    static const char *const seps[] = {" -- ", " - ", " – ", " :: ", "--", "_",
                                       "|",    "｜",  "—",   "-",    NULL};
    const char *at = NULL, *sep = NULL;
    int other = 0; /* a separator other than a bare "-" is in the title */
    for (int i = 0; seps[i + 1]; i++)
        other |= strstr(title, seps[i]) != NULL;
    for (int i = 0; seps[i]; i++) {
        const char *p = strstr(title, seps[i]);
        while (p && (ink_chars(title, (size_t)(p - title)) < 4 ||
                     (!seps[i + 1] && other && p > title && isalnum((unsigned char)p[-1]) &&
                      isalnum((unsigned char)p[1]))))
            p = strstr(p + 1, seps[i]);
        if (p && (!at || p < at))
            at = p, sep = seps[i];
    }
    if (!at) {
        char *r = strdup(title);
        trim_in_place(r);
        return r;
    }
    char *left = sw_strndup(title, (size_t)(at - title));
    char *right = strdup(at + strlen(sep));
    trim_in_place(left);
    trim_in_place(right);
    char *keep = left;
    if (left && right && ink_chars(right, strlen(right)) >= 2) {
        /* a site's short name is shown everywhere (logo, footer, sources): not evidence */
        int ls = ink_chars(left, strlen(left)) >= 4 && shown(c, left);
        int rs = ink_chars(right, strlen(right)) >= 4 && shown(c, right);
        if (!ls && (rs || ink_chars(left, strlen(left)) < 4))
            keep = right;
    }
    if (keep == left)
        free(right);
    else
        free(left);
    trim_in_place(keep);
    return keep;
}

/*
 * The article's title from a head title (og:title or <title>) and the <h1>:
 * an <h1> that the title holds, or that the title is a cut-short start of,
 * wins; else the title without the site's name (cut_site). A title of fewer
 * than three characters ("1", 显示) is a UI label, not a title: NULL then,
 * unless the <h1> says more.
 */
static char *clean_title(ctx *c, const char *title, const char *h1) {
    int h1ok = h1 && *h1 && ink_chars(h1, strlen(h1)) >= 4;
    if (h1ok && title && (strstr(title, h1) || truncates(title, h1)))
        return strdup(h1);
    if (!title || !*title)
        return h1ok ? strdup(h1) : NULL;
    char *r = cut_site(c, title);
    if (r && h1ok && truncates(r, h1)) {
        free(r);
        return strdup(h1);
    }
    size_t n = r ? ink_chars(r, strlen(r)) : 0;
    if (r && n < 4 && h1ok) {
        free(r); /* a bare site name such as 新闻 says less than the <h1> */
        r = strdup(h1);
    } else if (r && n < 3) {
        free(r);
        r = NULL;
    }
    return r;
}

/* Whether a text is heading-shaped: short, no sentence punctuation. */
static int heading_like(const char *s) {
    size_t n = ink_chars(s, strlen(s));
    if (n < 2 || n > HEADING_MAX_CHARS)
        return 0;
    static const char *const stops[] = {"。", "，", "！", "？", "：", NULL};
    for (int i = 0; stops[i]; i++)
        if (strstr(s, stops[i]))
            return 0;
    char iso[SW_DATE_MAX];
    return !sw_date_find(s, strlen(s), iso, NULL, NULL);
}

/* The best link below n (longest text), or NULL; its text goes to *text (malloc'd). */
static xmlNodePtr best_link(ctx *c, xmlNodePtr n, char **text, int depth) {
    if (depth > MAX_DEPTH)
        return NULL;
    if (name_is(n, "a")) {
        xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
        int ok = href && href[0] && strncasecmp((const char *)href, "javascript:", 11) != 0;
        xmlFree(href);
        if (!ok)
            return NULL;
        *text = flat_text(c, n);
        if (!*text || !**text) {
            free(*text);
            *text = prop(n, "title");
        }
        return n;
    }
    xmlNodePtr best = NULL;
    char *bt = NULL;
    size_t bn = 0;
    for (xmlNodePtr k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE || is_junk(k))
            continue;
        char *t = NULL;
        xmlNodePtr a = best_link(c, k, &t, depth + 1);
        size_t tn = t ? ink_chars(t, strlen(t)) : 0;
        if (a && tn > bn) {
            free(bt);
            best = a, bt = t, bn = tn;
        } else {
            free(t);
        }
    }
    *text = bt;
    return best;
}

static int element_children(xmlNodePtr n) {
    int k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next)
        k += c->type == XML_ELEMENT_NODE && !is_junk(c) && !name_is(c, "br");
    return k;
}

/* Whether child k is a list item: one headline-long link and little else. */
static int item_of(ctx *c, xmlNodePtr k, char **title, char **href) {
    *title = *href = NULL;
    if (k->type != XML_ELEMENT_NODE || is_junk(k) || name_is(k, "br"))
        return 0;
    nstat *s = stat_of(c, k);
    if (!s)
        return 0;
    char *t = NULL;
    xmlNodePtr a = best_link(c, k, &t, 0);
    size_t tn = t ? ink_chars(t, strlen(t)) : 0;
    /* Much more text than the link: only a result card whose link is its heading. */
    int headed = 0;
    for (xmlNodePtr p = a; p && p != k && !headed; p = p->parent)
        headed = name_is(p, "h2") || name_is(p, "h3") || name_is(p, "h4");
    size_t extra = headed ? 400 : 60;
    if (!a || tn < ITEM_MIN_CHARS || tn > ITEM_MAX_CHARS || (size_t)s->tlen > tn + extra) {
        free(t);
        return 0;
    }
    *title = t;
    *href = prop(a, "href");
    return 1;
}

/*
 * The heading of list element n: the short text just before it, cleaned of
 * tabs and "more" links (see names.h). A heading that is only such things
 * (一天 三天 一周: the time-span tabs of a ranking) does not stop the search
 * for a better one before it; when there is none, the list is still headed,
 * by "" (add_list names it by the page title). malloc'd, or NULL: no heading.
 */
static char *heading_before(ctx *c, xmlNodePtr n) {
    char *spare = NULL; /* an emptied heading, kept in case no other is found */
    for (int up = 0; n && up < 4; up++, n = n->parent) {
        int seen = 0;
        for (xmlNodePtr p = n->prev; p && seen < 2; p = p->prev) {
            char *t = NULL;
            if (p->type == XML_TEXT_NODE) {
                t = p->content ? strdup((const char *)p->content) : NULL;
                trim_in_place(t);
                if (!t || !*t) {
                    free(t);
                    continue;
                }
            } else if (p->type != XML_ELEMENT_NODE || is_junk(p)) {
                continue;
            } else {
                t = flat_text(c, p);
            }
            seen++;
            if (t && heading_like(t)) {
                if (sw_name_section(t)) {
                    free(spare);
                    return t;
                }
                if (!spare) {
                    spare = t;
                    continue;
                }
            }
            if (t && p->type == XML_ELEMENT_NODE && *t &&
                ink_chars(t, strlen(t)) > HEADING_MAX_CHARS) {
                free(t);
                return spare;
            }
            free(t);
        }
        if (n->parent && element_children(n->parent) > 3)
            break;
    }
    return spare;
}

/*
 * An unheaded list's template: for the list element and each of its
 * ancestors, the tag name and the first class word (the component's name;
 * later words are modifiers and states such as "active" or "left"), and the
 * tag of the list's first element child. The blocks of one feed cut in
 * pieces, or the tables of a ranking page, share it; a sidebar box, an ad
 * strip or the footer badges next to them do not. malloc'd, or NULL.
 */
static char *list_shape(xmlNodePtr n) {
    sw_buf b = SW_BUF_INIT;
    for (xmlNodePtr g = n->children; g; g = g->next)
        if (g->type == XML_ELEMENT_NODE && !is_junk(g)) {
            sw_buf_adds(&b, (const char *)g->name);
            break;
        }
    for (int depth = 0; n && n->type == XML_ELEMENT_NODE && depth < MAX_DEPTH;
         n = n->parent, depth++) {
        sw_buf_addc(&b, '<');
        sw_buf_adds(&b, (const char *)n->name);
        xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");
        const char *p = (const char *)cls;
        while (p && (*p == ' ' || *p == '\t' || *p == '\n'))
            p++;
        if (p && *p) {
            sw_buf_addc(&b, '.');
            sw_buf_add(&b, p, strcspn(p, " \t\r\n"));
        }
        xmlFree(cls);
    }
    if (b.oom) {
        sw_buf_release(&b);
        return NULL;
    }
    return sw_buf_detach(&b, NULL);
}

/*
 * Whether n sits in a side box: an <aside>, <nav>, <header> or <footer>, an
 * element whose ARIA role says so, or one whose class or id names a
 * sidebar, navigation, menu, footer, copyright or comment box.
 */
static int in_side_box(xmlNodePtr n) {
    static const char *const tags[] = {"aside", "nav", "header", "footer", NULL};
    static const char *const roles[] = {"complementary", "navigation", "banner", "contentinfo",
                                        NULL};
    static const char *const words[] = {"side", "nav",       "menu",    "footer",
                                        "foot", "copyright", "comment", NULL};
    const char *attrs[] = {"class", "id", "role"};
    for (int depth = 0; n && n->type == XML_ELEMENT_NODE && depth < MAX_DEPTH;
         n = n->parent, depth++) {
        if (name_in(n, tags))
            return 1;
        for (int a = 0; a < 3; a++) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[a]);
            if (!v)
                continue;
            for (xmlChar *p = v; *p; p++)
                *p = (xmlChar)tolower(*p);
            int side = 0;
            const char *const *w = a == 2 ? roles : words;
            for (int i = 0; w[i] && !side; i++)
                side = a == 2 ? !strcmp((const char *)v, w[i]) : has_word((const char *)v, w[i]);
            xmlFree(v);
            if (side)
                return 1;
        }
    }
    return 0;
}

/*
 * The text below n outside element `skip` and outside links longer than a
 * name (another headline, a comment), a space at every element's edge: a
 * rank, a name and a count in elements side by side
 * (<em>1</em><span>新华社</span><span>46360</span>) stay three words.
 */
static void item_words(ctx *c, xmlNodePtr n, xmlNodePtr skip, sw_buf *b, int depth) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content)
            add_collapsed(b, (const char *)k->content);
        if (k->type != XML_ELEMENT_NODE || is_junk(k) || k == skip)
            continue;
        if (name_is(k, "a")) {
            char *t = flat_text(c, k);
            size_t ink = t ? ink_chars(t, strlen(t)) : 0;
            free(t);
            if (ink > SOURCE_LINK_MAX_CHARS)
                continue;
        }
        sw_buf_addc(b, ' ');
        item_words(c, k, skip, b, depth + 1);
        sw_buf_addc(b, ' ');
    }
}

/* Removes the first `what` from s, leaving a space in its place. */
static void cut_out(char *s, const char *what) {
    char *t = what && *what ? strstr(s, what) : NULL;
    if (t) {
        *t = ' ';
        memmove(t + 1, t + strlen(what), strlen(t + strlen(what)) + 1);
    }
}

/*
 * Item k's source: the words of its text outside its headline link `a`,
 * once the headline (a second copy) and the time (`when`, as the page
 * wrote it, or NULL) are taken out and the rest is cleaned of counters
 * (names.h), when that is short and has no sentence punctuation.
 */
static char *item_source(ctx *c, xmlNodePtr k, xmlNodePtr a, const char *title, const char *when) {
    sw_buf b = SW_BUF_INIT;
    item_words(c, k, a, &b, 0);
    char *s = sw_buf_detach(&b, NULL);
    if (!s)
        return NULL;
    cut_out(s, title);
    cut_out(s, when);
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\t' || *p == '\r')
            *p = ' ';
    trim_in_place(s);
    if (!sw_name_source(s) || !heading_like(s) || strchr(s, '|')) {
        free(s);
        return NULL;
    }
    return s;
}

/*
 * The items of one list element seen so far, hashed on title and link, so
 * that a repeated headline is found in constant time (a feed of 100,000
 * links would otherwise compare every item with every earlier one). Slots
 * hold an item's index in its sw_list + 1; 0 is empty.
 */
typedef struct item_set {
    uint32_t *slot; /* open addressing, linear probing */
    size_t cap;     /* slots, a power of two (0: none yet) */
    size_t n;       /* items held */
} item_set;

static uint64_t item_hash(const char *title, const char *url) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)title; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    h = (h ^ (url ? 1 : 2)) * 1099511628211ULL; /* no link differs from an empty one */
    for (const unsigned char *p = (const unsigned char *)(url ? url : ""); *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static int item_same(const sw_item *it, const char *title, const char *url) {
    const char *u = it->url;
    return !strcmp(it->title, title) && (u && url ? !strcmp(u, url) : u == url);
}

/* Whether the set holds an item of l with this title and link. */
static int item_set_has(const item_set *s, const sw_list *l, const char *title, const char *url) {
    if (!s->cap)
        return 0;
    for (size_t i = (size_t)item_hash(title, url) & (s->cap - 1); s->slot[i];
         i = (i + 1) & (s->cap - 1))
        if (item_same(&l->items[s->slot[i] - 1], title, url))
            return 1;
    return 0;
}

/* Adds l->items[idx] to the set; SW_ENOMEM when the table cannot grow. */
static int item_set_add(item_set *s, const sw_list *l, size_t idx) {
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        uint32_t *slot = calloc(cap, sizeof(*slot));
        if (!slot)
            return SW_ENOMEM;
        for (size_t j = 0; j < s->cap; j++) {
            if (!s->slot[j])
                continue;
            const sw_item *it = &l->items[s->slot[j] - 1];
            size_t i = (size_t)item_hash(it->title, it->url) & (cap - 1);
            while (slot[i])
                i = (i + 1) & (cap - 1);
            slot[i] = s->slot[j];
        }
        free(s->slot);
        s->slot = slot, s->cap = cap;
    }
    const sw_item *it = &l->items[idx];
    size_t i = (size_t)item_hash(it->title, it->url) & (s->cap - 1);
    while (s->slot[i])
        i = (i + 1) & (s->cap - 1);
    s->slot[i] = (uint32_t)(idx + 1);
    s->n++;
    return 0;
}

/* How many of n's items (see item_of) show a time; their count in *items. */
static int timed_items(ctx *c, xmlNodePtr n, int *items) {
    int timed = 0;
    *items = 0;
    for (xmlNodePtr k = n->children; k; k = k->next) {
        char *t, *h;
        if (!item_of(c, k, &t, &h))
            continue;
        (*items)++;
        char *all = flat_text(c, k);
        char iso[SW_DATE_MAX];
        timed += all && sw_date_find(all, strlen(all), iso, NULL, NULL);
        free(all);
        free(t), free(h);
    }
    return timed;
}

/* A link's href made absolute against the page's base (malloc'd), or NULL for none. */
static char *resolve(ctx *c, const char *href) {
    if (!href)
        return NULL;
    xmlChar *u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)c->base);
    char *url = u ? strdup((const char *)u) : strdup(href);
    xmlFree(u);
    return url;
}

/*
 * The list that list element n's items go to: an unheaded list of the same
 * template (*shape, see list_shape) and section, else a new one, whose
 * list_info then owns *shape. NULL when out of memory.
 */
static sw_list *list_for(ctx *c, sw_page *page, xmlNodePtr n, const char *sec, char **shape) {
    /*
     * Headingless lists of a list page (a feed split in blocks of five,
     * ranking tables) are one list, named by the page title, when they share
     * a template; a box of another make (an ad strip, a sidebar, the
     * footer's badges) is a list of its own.
     */
    for (size_t i = 0; *shape && i < c->nli; i++)
        if (c->li[i].shape && !strcmp(c->li[i].shape, *shape) &&
            !strcmp(page->lists[i].section, sec))
            return &page->lists[i];
    list_info *li = sw_grow(c->li, &c->capli, page->nlists + 1, sizeof(*li), 8);
    if (!li)
        return NULL;
    c->li = li;
    sw_list *l = sw_page_add_list(page, sec, strlen(sec));
    if (!l)
        return NULL;
    /* Lists already on the page when reading began have blank entries. */
    for (; c->nli < page->nlists; c->nli++)
        memset(&c->li[c->nli], 0, sizeof(*c->li));
    c->li[page->nlists - 1].shape = *shape;
    c->li[page->nlists - 1].side = in_side_box(n);
    *shape = NULL;
    return l;
}

/*
 * Adds the items of list element n to the page: under the heading before
 * it, else (on a page without an article, or when its items show times)
 * under the page title. A headline repeated with the same link is one item.
 */
static int add_list(ctx *c, sw_page *page, xmlNodePtr n, const char *page_title, int article) {
    char *heading = heading_before(c, n);
    int items, timed = timed_items(c, n, &items);
    if (!heading && (article && timed * 2 < items))
        return 0;
    const char *sec = heading && *heading ? heading : page_title ? page_title : "";
    char *shape = heading ? NULL : list_shape(n);
    int holds = 0;
    for (xmlNodePtr b = c->body; b && !holds; b = b->parent)
        holds = b == n;
    int rc = 0;
    sw_list *l = NULL;
    item_set seen = {0}; /* duplicates are looked for among this element's items only */
    for (xmlNodePtr k = n->children; k && !rc; k = k->next) {
        char *t, *h;
        if (!item_of(c, k, &t, &h))
            continue;
        char *url = resolve(c, h);
        /* The same headline and link again; a cut title shared by two notices is two items. */
        if (!(l && item_set_has(&seen, l, t, url))) { /* its time and source, once */
            char *all = flat_text(c, k);
            char iso[SW_DATE_MAX];
            size_t at = 0, ml = 0;
            int has_time = all && sw_date_find(all, strlen(all), iso, &at, &ml);
            char *when = has_time ? sw_strndup(all + at, ml) : NULL, *lt = NULL;
            xmlNodePtr a = best_link(c, k, &lt, 0);
            char *src = all ? item_source(c, k, a, t, when) : NULL;
            free(all), free(when), free(lt);
            if (!l && !(l = list_for(c, page, n, sec, &shape)))
                rc = SW_ENOMEM;
            if (!rc && (size_t)(l - page->lists) < c->nli)
                c->li[l - page->lists].holds |= holds;
            if (!rc)
                rc = sw_list_add_item(l, t, src, has_time ? iso : NULL, url);
            if (!rc && l->n > UINT32_MAX - 1)
                rc = SW_ENOMEM;
            if (!rc)
                rc = item_set_add(&seen, l, l->n - 1);
            free(src);
        }
        free(t), free(h), free(url);
    }
    free(seen.slot);
    free(shape);
    free(heading);
    return rc;
}

/*
 * The page's main list: the longest list outside the page's side boxes, else
 * (every list in one) the longest of all; the first of equals; merged blocks
 * count together. On a page with an article it is the main list only when
 * it outweighs the article - its headlines hold MAIN_OVER_BODY times the
 * body's characters (the "article" is a stray notice on a list of filings),
 * or the body is one of its items shown in full (a search result page whose
 * first answer is expanded) - and otherwise the page has none: the article
 * is its main content. (Short news articles measured beside their sidebars
 * reach about 2.3 times.)
 */
static void mark_main(ctx *c, sw_page *page) {
    size_t best = page->nlists;
    for (size_t i = 0; i < page->nlists; i++) {
        int side = i < c->nli && c->li[i].side;
        int bside = best < c->nli && c->li[best].side;
        if (best == page->nlists || (bside && !side) ||
            (side == bside && page->lists[i].n > page->lists[best].n))
            best = i;
    }
    if (best == page->nlists)
        return;
    if (page->body && !(best < c->nli && c->li[best].holds)) {
        const sw_list *l = &page->lists[best];
        size_t mass = 0;
        for (size_t j = 0; j < l->n; j++)
            mass += ink_chars(l->items[j].title, strlen(l->items[j].title));
        if (mass < MAIN_OVER_BODY * ink_chars(page->body, strlen(page->body)))
            return;
    }
    page->lists[best].main = 1;
}

/* Finds lists (not descending into one found), in page order. */
static int find_lists(ctx *c, xmlNodePtr n, sw_page *page, const char *page_title, int article,
                      int depth) {
    int rc = 0;
    for (xmlNodePtr k = n->children; k && !rc && depth < MAX_DEPTH; k = k->next) {
        if (k->type != XML_ELEMENT_NODE || is_junk(k) || !stat_of(c, k))
            continue;
        int kids = element_children(k), items = 0;
        if (kids >= LIST_MIN_ITEMS) {
            for (xmlNodePtr g = k->children; g; g = g->next) {
                char *t, *h;
                if (item_of(c, g, &t, &h))
                    items++;
                free(t), free(h);
            }
        }
        if (items >= LIST_MIN_ITEMS && items * 2 >= kids)
            rc = add_list(c, page, k, page_title, article);
        else
            rc = find_lists(c, k, page, page_title, article, depth + 1);
    }
    return rc;
}

/*
 * The lead paragraphs just before the body, outside its box (a standfirst,
 * <p class="chapo">): the <p> siblings right before it, each a sentence or
 * more (30 characters, two punctuation marks) and barely linked, into b.
 */
static void lead_of(ctx *c, sw_buf *b) {
    xmlNodePtr first = NULL;
    for (xmlNodePtr k = c->body->prev; k; k = k->prev) {
        nstat *s = k->type == XML_ELEMENT_NODE ? stat_of(c, k) : NULL;
        if (k->type == XML_TEXT_NODE || k->type == XML_COMMENT_NODE || (s && !s->tlen))
            continue;
        if (!s || !name_is(k, "p") || s->tlen < 30 || s->punct < 2 || s->llen * 4 > s->tlen)
            break;
        first = k;
    }
    for (xmlNodePtr k = first; k && k != c->body; k = k->next)
        if (k->type == XML_ELEMENT_NODE && stat_of(c, k)) {
            text_of(c, k, b, 1, 0);
            newline(b);
        }
}

/*
 * The body text, after its lead (lead_of), with leading header lines (the
 * title again, date/source lines) dropped.
 */
static char *body_text(ctx *c, const char *title) {
    sw_buf b = SW_BUF_INIT;
    lead_of(c, &b);
    text_of(c, c->body, &b, 1, 0);
    newline(&b);
    sw_buf out = SW_BUF_INIT;
    int lead = 1;
    for (const char *p = sw_buf_str(&b); *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *s = p;
        size_t m = n;
        while (m && *s == ' ')
            s++, m--;
        while (m && s[m - 1] == ' ')
            m--;
        p += n + (e ? 1 : 0);
        if (!m)
            continue;
        if (lead) {
            char iso[SW_DATE_MAX];
            size_t chars = ink_chars(s, m);
            if ((title && m == strlen(title) && !memcmp(s, title, m)) ||
                (chars < 60 && sw_date_find(s, m, iso, NULL, NULL)))
                continue;
            lead = 0;
        }
        if (out.len)
            sw_buf_addc(&out, '\n');
        sw_buf_add(&out, s, m);
    }
    sw_buf_release(&b);
    if (out.oom) {
        sw_buf_release(&out);
        return NULL;
    }
    return sw_buf_detach(&out, NULL);
}

/*
 * Whether k is a link item - a block holding a headline-long link and
 * little else, such as a dated headline in a list - that does not hold
 * `keep`: a date beside it is the headline's, not the article's.
 */
static int link_item(ctx *c, xmlNodePtr k, xmlNodePtr keep) {
    nstat *s = stat_of(c, k);
    if (!s || !is_block(k) || s->llen < ITEM_MIN_CHARS || s->tlen - s->llen > ITEM_REST_CHARS)
        return 0;
    for (xmlNodePtr a = keep; a; a = a->parent)
        if (a == k)
            return 0;
    return 1;
}

/*
 * Pre-order walk collecting, in document order, the text before the body
 * starts; link items (link_item) left out with `no_items`.
 */
static void text_until(ctx *c, xmlNodePtr n, xmlNodePtr stop, sw_buf *b, int *done, int no_items,
                       int depth) {
    for (xmlNodePtr k = n->children; k && !*done && depth < MAX_DEPTH; k = k->next) {
        if (k == stop) {
            *done = 1;
            return;
        }
        if (k->type == XML_TEXT_NODE && k->content) {
            add_collapsed(b, (const char *)k->content);
            continue;
        }
        if (k->type != XML_ELEMENT_NODE || is_junk(k) || (no_items && link_item(c, k, stop)))
            continue;
        if (k == c->h1)
            sw_buf_reset(b); /* the page's header is what follows the title */
        if (is_block(k))
            newline(b);
        text_until(c, k, stop, b, done, no_items, depth + 1);
        if (is_block(k))
            newline(b);
    }
}

/* Whether a and b are equal once spaces are left out. */
static int same_text(const char *a, const char *b) {
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (*a != *b)
            return 0;
        if (!*a)
            return 1;
        a++, b++;
    }
}

/*
 * The first element whose text is the title (the page header follows it),
 * or NULL; with `unlinked`, the first that is not all link text (a
 * navigation bar that links to the article comes before its title).
 */
static xmlNodePtr title_node_where(ctx *c, xmlNodePtr n, const char *title, int want, int unlinked,
                                   int depth) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        nstat *s = k->type == XML_ELEMENT_NODE ? stat_of(c, k) : NULL;
        if (!s || s->tlen < want || (unlinked && s->llen >= s->tlen))
            continue;
        if (s->tlen == want) {
            char *t = flat_text(c, k);
            int same = t && same_text(t, title);
            free(t);
            if (same)
                return k;
        }
        xmlNodePtr r = title_node_where(c, k, title, want, unlinked, depth + 1);
        if (r)
            return r;
    }
    return NULL;
}

static xmlNodePtr title_node(ctx *c, xmlNodePtr n, const char *title, int want, int depth) {
    return title_node_where(c, n, title, want, 0, depth);
}

/*
 * The text that follows `mark` in document order, up to `max` bytes; link
 * items (link_item) left out with `no_items`.
 */
static void text_after(ctx *c, xmlNodePtr n, xmlNodePtr mark, sw_buf *b, int *after, size_t max,
                       int no_items, int depth) {
    for (xmlNodePtr k = n->children; k && b->len < max && depth < MAX_DEPTH; k = k->next) {
        if (k == mark) {
            *after = 1;
            continue;
        }
        if (k->type == XML_TEXT_NODE && k->content) {
            if (*after)
                add_collapsed(b, (const char *)k->content);
            continue;
        }
        if (k->type != XML_ELEMENT_NODE || is_junk(k) ||
            (no_items && *after && link_item(c, k, NULL)))
            continue;
        if (*after && (is_block(k) || name_is(k, "br")))
            newline(b); /* a line break ends a header's value as a block does */
        text_after(c, k, mark, b, after, max, no_items, depth + 1);
    }
}

/* The first date in s[0..len) with a time (timed) and the first at all (first). */
static void dates_in(const char *s, size_t len, char timed[SW_DATE_MAX], char first[SW_DATE_MAX]) {
    size_t off = 0, at = 0, ml = 0;
    char iso[SW_DATE_MAX];
    timed[0] = first[0] = '\0';
    while (off < len && sw_date_find(s + off, len - off, iso, &at, &ml)) {
        if (!first[0])
            snprintf(first, SW_DATE_MAX, "%s", iso);
        if (strchr(iso, 'T')) {
            snprintf(timed, SW_DATE_MAX, "%s", iso);
            return;
        }
        off += at + (ml ? ml : 1);
    }
}

/* "M/D/YYYY h:mm[:ss] [AM|PM]" at s (US form, seen after 发布日期 labels) as ISO; 0 if not. */
static int us_date(const char *s, size_t len, char out[SW_DATE_MAX]) {
    char tmp[48];
    size_t n = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    int mo, d, y, h = 0, mi = 0, se = 0, used = 0;
    char ap[3] = "";
    if (sscanf(tmp, " %2d/%2d/%4d%n", &mo, &d, &y, &used) != 3 || y < 1990 || mo < 1 || mo > 12 ||
        d < 1 || d > 31)
        return 0;
    int k = sscanf(tmp + used, " %2d:%2d:%2d %2[AaPpMm]", &h, &mi, &se, ap);
    if (k < 2) {
        k = sscanf(tmp + used, " %2d:%2d %2[AaPpMm]", &h, &mi, ap);
        se = 0;
    }
    if (k >= 2) {
        if ((ap[0] == 'P' || ap[0] == 'p') && h < 12)
            h += 12;
        else if ((ap[0] == 'A' || ap[0] == 'a') && h == 12)
            h = 0;
        snprintf(out, SW_DATE_MAX, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y, mo, d, h, mi, se);
    } else {
        snprintf(out, SW_DATE_MAX, "%04d-%02d-%02d", y, mo, d);
    }
    return 1;
}

/* A date right after a label that says what it is (发布时间, 发布日期, 发表于 ...) in t. */
static int labelled_in(const char *t, char out[SW_DATE_MAX]) {
    static const char *const labels[] = {"发布时间", "发布日期", "发表时间", "发表于", "发稿时间",
                                         "更新时间", "發布時間", "發表於",   NULL};
    int found = 0;
    for (int i = 0; labels[i] && !found; i++) {
        const char *p = strstr(t, labels[i]);
        if (!p)
            continue;
        p += strlen(labels[i]);
        size_t rest = strlen(p), win = rest < 40 ? rest : 40, at = 0;
        /* cppcheck-suppress knownConditionTrueFalse ; rest is the length of any text after it */
        while (at < win && (p[at] == ' ' || p[at] == ':' || (unsigned char)p[at] >= 0x80) &&
               at < 12)
            at++; /* "：" and spaces between the label and the date */
        if (us_date(p + at, win - at, out)) {
            found = 1;
        } else {
            size_t where = 0;
            found = sw_date_find(p, win, out, &where, NULL) && where <= 12;
        }
    }
    return found;
}

/*
 * A labelled date (labelled_in) anywhere in the page's text: strong
 * evidence, though a comment's 发表时间 far below the article is one too.
 */
static int labelled_date(ctx *c, xmlNodePtr top, char out[SW_DATE_MAX]) {
    sw_buf b = SW_BUF_INIT;
    text_of(c, top, &b, 0, 0);
    int found = labelled_in(sw_buf_str(&b), out);
    sw_buf_release(&b);
    return found;
}

/* The first "YYYY年M月" not followed by a day, as "YYYY-MM", in s[0..len); 0 if none. */
static int year_month(const char *s, size_t len, char out[SW_DATE_MAX]) {
    for (size_t i = 0; i + 4 + 3 + 1 + 3 <= len; i++) {
        if (!((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')) ||
            !isdigit((unsigned char)s[i + 2]) || !isdigit((unsigned char)s[i + 3]) ||
            (i > 0 && isdigit((unsigned char)s[i - 1])) || memcmp(s + i + 4, "年", 3) != 0)
            continue;
        size_t j = i + 7;
        int m = 0, nd = 0;
        while (j < len && nd < 2 && isdigit((unsigned char)s[j]))
            m = m * 10 + (s[j++] - '0'), nd++;
        if (!nd || m < 1 || m > 12 || j + 3 > len || memcmp(s + j, "月", 3) != 0)
            continue;
        j += 3;
        if (j < len && isdigit((unsigned char)s[j]))
            continue; /* a full date: sw_date_find's business */
        snprintf(out, SW_DATE_MAX, "%.4s-%02d", s + i, m);
        return 1;
    }
    return 0;
}

/* Bytes of the Chinese character at s (a NUL-terminated string), 0 if there is none. */
static size_t han_at(const char *s) { return sw_utf8_han(s, strnlen(s, 4)); }

/*
 * Where the value after label `lb` (来源：, 作者: ...; see labels.h) starts at
 * the label's first place in s that is followed by one of its separators,
 * spaces and an opening bracket skipped; NULL if none. A one-character
 * label (文) counts only where no Han character precedes it (原文：).
 */
static const char *label_at(const char *s, const sw_label *lb) {
    size_t wl = strlen(lb->word);
    for (const char *p = lb->html_after[0] ? strstr(s, lb->word) : NULL; p;
         p = strstr(p + wl, lb->word)) {
        if (wl == 3 && p - s >= 3 && han_at(p - 3))
            continue;
        const char *v = p + wl;
        int k = 0;
        while (lb->html_after[k] && strncmp(v, lb->html_after[k], strlen(lb->html_after[k])))
            k++;
        if (!lb->html_after[k])
            continue;
        v += strlen(lb->html_after[k]);
        while (*v == ' ' || *v == '[' || !strncmp(v, "【", 3) || !strncmp(v, "［", 3))
            v += *v == ' ' || *v == '[' ? 1 : 3;
        return v;
    }
    return NULL;
}

/*
 * The value after label `lb` at its first place in s (see label_at), up to
 * a space or a separator (malloc'd), or NULL.
 */
static char *labelled(const char *s, const sw_label *lb) {
    const char *p = label_at(s, lb);
    if (!p)
        return NULL;
    size_t n = 0;
    while (p[n] && p[n] != ' ' && p[n] != '\n' && p[n] != '|' && p[n] != ']' &&
           strncmp(p + n, "｜", 3) && strncmp(p + n, "　", 3) && strncmp(p + n, "】", 3) && n < 60)
        n++;
    while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
        n--; /* the 60-byte cap fell inside a character: not that character */
    if (!n || memchr(p, '=', n) || memchr(p, '"', n))
        return NULL;
    return sw_strndup(p, n);
}

/* Whether s[0..n) is one of the words that never name a person (labels.h). */
static int not_a_name(const char *s, size_t n) {
    for (int i = 0; sw_not_names[i]; i++)
        if (strlen(sw_not_names[i]) == n && !strncasecmp(s, sw_not_names[i], n))
            return 1;
    return 0;
}

/*
 * Bytes of the one name at s: 2 to 4 Han characters (a run that goes on
 * into 发自, 报道 or 摄 ends there, for the first name of a byline only:
 * a later "上海报道" is a place), or a Latin account name of 2 to 24
 * letters, digits, '_', '.' or '-'; 0 if s holds none.
 */
static size_t name_len(const char *s, int first) {
    static const char *const after[] = {"发自", "报道", "摄", "于2", "于1", NULL};
    size_t n = 0, chars = 0;
    while (han_at(s + n)) {
        for (int i = 0; after[i] && chars; i++)
            if (!strncmp(s + n, after[i], strlen(after[i])))
                return first && chars >= 2 && chars <= 4 ? n : 0;
        n += 3, chars++;
    }
    if (chars == 1 && s[n] == ' ') { /* a two-character name spaced out: 赵  培 */
        size_t m = n;
        while (s[m] == ' ')
            m++;
        if (han_at(s + m) && !han_at(s + m + 3) && m - n <= 4)
            return m + 3;
    }
    if (chars && chars <= 4 && (s[n] == '&' || s[n] == '_') &&
        (han_at(s + n + 1) || isalnum((unsigned char)s[n + 1]))) {
        /* An account joined by & or _ (放飞&心情), up to 8 characters. */
        for (n++, chars++; chars <= 8 && (han_at(s + n) || isalnum((unsigned char)s[n])); chars++)
            n += han_at(s + n) ? 3 : 1;
        return chars <= 8 ? n : 0;
    }
    if (chars)
        return chars >= 2 && chars <= 4 ? n : 0;
    if (!isalpha((unsigned char)*s))
        return 0;
    while (n < 25 && (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '.' || s[n] == '-'))
        n++;
    return n >= 2 && n <= 24 && !isalnum((unsigned char)s[n]) && s[n] != '=' && s[n] != '"' ? n : 0;
}

/*
 * The names at s (张三 李四, 赵延东、风笑天), up to 5, into b separated by
 * spaces; how many, and in *end where they stop. None when the first is a
 * word that names nobody (labels.h) or an outlet (新华社, 云南日报).
 */
static int names_at(const char *s, sw_buf *b, const char **end) {
    static const char *const outlet_ends[] = {"社", "报", "网", "台", "刊", "站", "局",
                                              "部", "委", "院", "厅", "办", NULL};
    int count = 0, latin = 0;
    const char *p = s;
    while (count < 5) {
        while (*p == ' ')
            p++;
        size_t n = name_len(p, !count);
        if (!n || not_a_name(p, n) || (count && latin != !han_at(p)) ||
            isalnum((unsigned char)p[n]) || p[n] == '%')
            break; /* a list of names keeps to one script (not "biaoffeng 收藏本文") */
        latin = !han_at(p);
        for (int i = 0; !count && outlet_ends[i]; i++)
            if (n > 3 && !strncmp(p + n - 3, outlet_ends[i], 3))
                return 0;
        if (count)
            sw_buf_addc(b, ' ');
        for (size_t i = 0; i < n; i++)
            if (p[i] != ' ')
                sw_buf_addc(b, p[i]);
        count++;
        p += n;
        const char *q = p;
        while (*q == ' ')
            q++;
        if (!strncmp(q, "、", 3) || !strncmp(q, "，", 3))
            q += 3;
        if (q == p || han_at(p) || isalnum((unsigned char)*p))
            break; /* no separator: what follows is no second name */
        p = q;
    }
    if (end)
        *end = p;
    return count;
}

/*
 * The names at s (see names_at), malloc'd, or NULL when there are none or,
 * with `whole`, when anything but spaces follows them (or, given `close`,
 * when `close` does not follow them).
 */
static char *names_copy(const char *s, int whole, const char *close) {
    sw_buf b = SW_BUF_INIT;
    const char *end = s;
    int n = names_at(s, &b, &end);
    while (*end == ' ')
        end++;
    int closed = close && !strncmp(end, close, strlen(close));
    char *r = n && !b.oom && (!whole || closed || (!close && (!*end || *end == '\n')))
                  ? sw_buf_detach(&b, NULL)
                  : NULL;
    sw_buf_release(&b);
    return r;
}

/*
 * souwen's nesting cap, kept by wrapping the tree builder's element
 * callbacks: the element that goes deeper than PARSE_MAX_DEPTH is built and
 * the parse stops (xmlStopParser), as libxml2's own cap would, but at a
 * depth souwen chooses and knowing that it happened. Recursive walks here
 * stop at MAX_DEPTH, above the cap, so a tree is never walked in part, and
 * the stack and the time a page can take stay bounded.
 */
typedef struct depth_guard {
    startElementSAXFunc start; /* the tree builder's callbacks */
    endElementSAXFunc end;
    int depth; /* elements open */
    int hit;   /* the cap was reached */
    int line;  /* ... at this line of the page */
} depth_guard;

static void guarded_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
    htmlParserCtxtPtr pc = ctx;
    depth_guard *g = pc->_private;
    g->start(ctx, name, atts);
    if (++g->depth > PARSE_MAX_DEPTH && !g->hit) {
        g->hit = 1;
        g->line = pc->input ? pc->input->line : 0;
        xmlStopParser(pc);
    }
}

static void guarded_end(void *ctx, const xmlChar *name) {
    htmlParserCtxtPtr pc = ctx;
    depth_guard *g = pc->_private;
    g->depth--;
    g->end(ctx, name);
}

/* Parses data[0..len) into a tree (NULL when libxml2 fails); *g says whether the cap was hit. */
static htmlDocPtr parse(const char *data, size_t len, const char *base_url, depth_guard *g) {
    memset(g, 0, sizeof(*g));
    htmlParserCtxtPtr pc = htmlNewParserCtxt();
    if (!pc)
        return NULL;
    g->start = pc->sax->startElement;
    g->end = pc->sax->endElement;
    pc->sax->startElement = guarded_start;
    pc->sax->endElement = guarded_end;
    pc->_private = g;
    htmlDocPtr doc =
        htmlCtxtReadMemory(pc, data, (int)len, base_url, "UTF-8",
                           HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
    htmlFreeParserCtxt(pc);
    return doc;
}

/*
 * Parses the page into c->doc and measures every element; a nesting cap that
 * was hit becomes page->warning. SW_EPARSE when the page has no elements.
 */
static int page_tree(ctx *c, const char *data, size_t len, const char *name, sw_page *page,
                     char **errmsg) {
    depth_guard g;
    c->doc = parse(data, len, c->base, &g);
    c->root = c->doc ? xmlDocGetRootElement(c->doc) : NULL;
    if (!c->root)
        return sw_error(errmsg, SW_EPARSE, "unable to parse '%s' as HTML: no elements", name);
    if (g.hit) {
        free(page->warning);
        page->warning = NULL;
        sw_error(&page->warning, SW_EPARSE,
                 "'%s': elements nested deeper than %d at line %d; the rest of the page was "
                 "not read",
                 name, PARSE_MAX_DEPTH, g.line);
        if (!page->warning)
            return sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", name);
    }
    c->top = (xmlNodePtr)c->doc;
    measure(c, c->top, 0, 0);
    if (c->oom)
        return sw_error(errmsg, SW_ENOMEM, "out of memory reading '%s'", name);
    return 0;
}

/* Whether s is an absolute http(s) URL. */
/*
 * What <head> says; the page's URL from its canonical link when the caller
 * gave none; and the base of its links, as read.h orders them: <base href>
 * (against the page's URL), the page's URL (the caller's, else the
 * canonical one), then the caller's fallback (--base-url).
 */
static int page_head(ctx *c, sw_page *page) {
    read_head(c, c->root, &c->head, 0);
    c->head.title = title_text(c->root, 0);
    trim_in_place(c->head.title);
    int rc = 0;
    if (!page->url && c->head.canonical && !strncasecmp(c->head.canonical, "http", 4))
        rc = sw_set_str(&page->url, c->head.canonical, strlen(c->head.canonical));
    const char *own = page->url ? page->url : c->fallback_base;
    if (!rc && c->head.base_href && *c->head.base_href) {
        xmlChar *u = xmlBuildURI((const xmlChar *)c->head.base_href, (const xmlChar *)own);
        if (u && sw_url_is_http((const char *)u) && !(c->base_own = strdup((const char *)u)))
            rc = SW_ENOMEM;
        xmlFree(u);
    }
    c->base = c->base_own ? c->base_own : own;
    return rc;
}

/*
 * The article's title (see clean_title): og:title, else <title>, against the
 * <h1>, or a post's <h2> when there is neither a <title> nor a usable <h1>;
 * and where the title stands in the page's text, which choose() weighs.
 */
static void page_title(ctx *c) {
    meta *m = &c->head;
    c->h1_text = c->h1 ? flat_text(c, c->h1) : NULL;
    if (!m->title && !m->og_title && c->h2 &&
        (!c->h1_text || ink_chars(c->h1_text, strlen(c->h1_text)) < 4)) {
        /* No <title> and no usable <h1> (a blog's logo): a post's <h2> names it. */
        free(c->h1_text);
        c->h1 = c->h2;
        c->h1_text = flat_text(c, c->h1);
    }
    c->title = clean_title(c, m->og_title ? m->og_title : m->title, c->h1_text);
    if (m->og_title && m->title) {
        /* og:title cut at a length limit: <title> may hold it whole. */
        char *t = clean_title(c, m->title, c->h1_text);
        if (t && (!c->title || truncates(c->title, t)))
            free(c->title), c->title = t, t = NULL;
        free(t);
    }
    c->title_start = -1;
    if (c->title && *c->title) {
        xmlNodePtr tn =
            c->h1 && c->h1_text && same_text(c->h1_text, c->title)
                ? c->h1
                : title_node(c, c->top, c->title, (int)ink_chars(c->title, strlen(c->title)), 0);
        nstat *ts = tn ? stat_of(c, tn) : NULL;
        if (ts) {
            c->title_start = ts->start;
            c->title_end = ts->start + ts->tlen;
        }
    }
}

/* A title from the body's first line when short, else its first 30 characters and "…". */
static char *title_from_body(const char *body) {
    size_t n = strcspn(body, "\n");
    char *title = ink_chars(body, n) <= 60 ? sw_strndup(body, n) : NULL;
    if (!title) {
        size_t cut = 0;
        for (size_t k = 0; body[cut] && k < 30; k++)
            do
                cut++;
            while (((unsigned char)body[cut] & 0xC0) == 0x80);
        sw_buf t = SW_BUF_INIT;
        sw_buf_add(&t, body, cut);
        sw_buf_adds(&t, "…");
        title = sw_buf_detach(&t, NULL);
    }
    return title;
}

/* Whether n is an element of the given name with exactly this class attribute. */
static int same_template(xmlNodePtr n, const xmlChar *name, const char *cls) {
    if (n->type != XML_ELEMENT_NODE || xmlStrcasecmp(n->name, name))
        return 0;
    char *k = prop(n, "class");
    int same = k && !strcmp(k, cls);
    free(k);
    return same;
}

/*
 * Pre-order: the first element of body's template (tag and class) holding a
 * post (ARTICLE_MIN_CHARS or more, mostly not links) into *first, and how
 * many there are into *n.
 */
static void posts_like(ctx *c, xmlNodePtr n, xmlNodePtr body, const char *cls, xmlNodePtr *first,
                       int *count, int depth) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        nstat *s = k->type == XML_ELEMENT_NODE ? stat_of(c, k) : NULL;
        if (!s)
            continue;
        if (s->tlen >= ARTICLE_MIN_CHARS && s->llen * 2 < s->tlen &&
            same_template(k, body->name, cls)) {
            if (!*first)
                *first = k;
            ++*count;
            continue;
        }
        posts_like(c, k, body, cls, first, count, depth + 1);
    }
}

/*
 * A page of several posts (a blog's front or month page, each post in the
 * same template) is about its first: when the chosen element is one of three
 * or more alike and the title does not stand by it, the first of them is the
 * body. One walk over the tree.
 */
static void first_post(ctx *c) {
    char *cls = prop(c->body, "class");
    nstat *bs = stat_of(c, c->body);
    if (cls && *cls && bs) {
        int holds = c->title_start >= 0 && bs->start <= c->title_start &&
                    bs->start + bs->tlen >= c->title_end;
        int near =
            c->title_start >= 0 && bs->start >= c->title_end && bs->start - c->title_end < 400;
        xmlNodePtr first = NULL;
        int count = 0;
        if (!holds && !near)
            posts_like(c, c->top, c->body, cls, &first, &count, 0);
        if (count >= 3 && first)
            c->body = first;
    }
    free(cls);
}

/*
 * The box the body is the first part of: climbs (three levels at most) while
 * the parent adds text after the body but none before it (header lines; a
 * stray no-break space aside)
 * and no link at all, at most twice the body's own (a table of figures after
 * the text). Navigation, footers and related boxes all bring links, so they
 * stop the climb; a box that adds under 80 characters is not taken.
 */
static void whole_box(ctx *c) {
    xmlNodePtr box = c->body;
    nstat *bs = stat_of(c, c->body);
    for (int up = 0; up < 3 && bs; up++) {
        xmlNodePtr p = box->parent;
        nstat *ps = p ? stat_of(c, p) : NULL;
        if (!ps || name_is(p, "body") || name_is(p, "html") || bs->start - ps->start > 3 ||
            ps->llen != bs->llen || ps->tlen > 3 * bs->tlen || class_weight(p) < 0)
            break;
        box = p;
    }
    /* A line or two more (扫一扫, an editor's name) is no part left out. */
    nstat *xs = stat_of(c, box);
    if (bs && xs && xs->tlen - bs->tlen >= 2 * ARTICLE_MIN_CHARS)
        c->body = box;
}

/*
 * The article's body text: the best-scored element's, unless it is short or
 * mostly links (then the page has no article). A body without a title
 * (no <title>, og:title or <h1>) is named by its first line.
 */
static void page_body(ctx *c) {
    score(c, c->top, 0);
    double best = 0;
    choose(c, c->top, 0, &best);
    if (!c->body)
        return;
    first_post(c);
    whole_box(c);
    c->text = body_text(c, c->title);
    nstat *s = stat_of(c, c->body);
    if (!c->text || ink_chars(c->text, strlen(c->text)) < ARTICLE_MIN_CHARS ||
        (s && s->tlen && s->llen * 2 > s->tlen)) {
        free(c->text);
        c->text = NULL;
    }
    if (c->text && (!c->title || !*c->title)) {
        free(c->title);
        c->title = title_from_body(c->text);
    }
}

/*
 * The page header into c->hdr: the text that follows the title element,
 * whether or not the body holds it, up to 300 bytes; without one, the text
 * before the body. An <h1> that is not the title (a logo) does not start it.
 */
static void page_header(ctx *c, const sw_page *page) {
    int done = 0;
    if (c->h1 && !(c->h1_text && same_text(c->h1_text, page->title)))
        c->h1 = NULL;
    int want = (int)ink_chars(page->title, strlen(page->title));
    if (!c->h1)
        c->h1 = title_node_where(c, c->top, page->title, want, 1, 0);
    if (!c->h1)
        c->h1 = title_node(c, c->top, page->title, want, 0);
    if (c->h1)
        text_after(c, c->top, c->h1, &c->hdr, &done, 300, 0, 0);
    else
        text_until(c, c->top, c->body, &c->hdr, &done, 0, 0);
}

/* The dates in the last 300 bytes of text before the title element c->h1, lists left out. */
static void dates_before_title(ctx *c, char timed[SW_DATE_MAX], char first[SW_DATE_MAX]) {
    sw_buf before = SW_BUF_INIT;
    int stop = 0;
    text_until(c, c->top, c->h1, &before, &stop, 1, 0);
    size_t from = before.len > 300 ? before.len - 300 : 0;
    dates_in(sw_buf_str(&before) + from, before.len - from, timed, first);
    sw_buf_release(&before);
}

/*
 * A date near the article when no label names one: the header's first date
 * with a time, else one with a time just after the body (blogs: 发表于 ...),
 * else the header's first date, else one just before the title (some pages
 * print it there), else the body's, else the first just after the body; last
 * a month alone (2003年5月, 《北京之春》1998年3月号), as YYYY-MM. 0 if none.
 */
static int nearby_date(ctx *c, const sw_page *page, char out[SW_DATE_MAX]) {
    char htimed[SW_DATE_MAX], hfirst[SW_DATE_MAX], atimed[SW_DATE_MAX], afirst[SW_DATE_MAX];
    dates_in(sw_buf_str(&c->hdr), c->hdr.len, htimed, hfirst);
    sw_buf tail = SW_BUF_INIT;
    int after = 0;
    text_after(c, c->top, c->body, &tail, &after, 400, 1, 0);
    dates_in(sw_buf_str(&tail), tail.len, atimed, afirst);
    sw_buf_release(&tail);
    const char *pick = htimed[0] ? htimed : atimed[0] ? atimed : hfirst[0] ? hfirst : NULL;
    /* pick may point into btimed or bfirst after the block that fills them. */
    // cppcheck-suppress variableScope
    char btimed[SW_DATE_MAX] = "", bfirst[SW_DATE_MAX] = "", iso[SW_DATE_MAX];
    if (!pick && c->h1) {
        dates_before_title(c, btimed, bfirst);
        pick = btimed[0] ? btimed : bfirst[0] ? bfirst : NULL;
    }
    if (!pick && sw_date_find(page->body, strlen(page->body), iso, NULL, NULL))
        pick = iso;
    if (!pick && afirst[0])
        pick = afirst;
    size_t bl = strlen(page->body);
    if (!pick && (year_month(sw_buf_str(&c->hdr), c->hdr.len, iso) ||
                  year_month(page->body + (bl > 400 ? bl - 400 : 0), bl > 400 ? 400 : bl, iso)))
        pick = iso;
    if (pick)
        snprintf(out, SW_DATE_MAX, "%s", pick);
    return pick != NULL;
}

/*
 * The signature that ends a notice: a short line that is no sentence (吉林省
 * 人民政府) over a last line that is a date alone; NULL if the body does not
 * end so. With `date`, the date is put there as ISO (SW_DATE_MAX bytes).
 */
static char *signature(const char *body, char *date) {
    const char *end = body + strlen(body), *last = end, *prev;
    while (last > body && last[-1] != '\n')
        last--;
    if (last == body)
        return NULL;
    prev = last - 1;
    while (prev > body && prev[-1] != '\n')
        prev--;
    size_t at = 0, ml = 0, pl = (size_t)(last - 1 - prev);
    char iso[SW_DATE_MAX];
    if (!sw_date_find(last, (size_t)(end - last), iso, &at, &ml) || at ||
        ink_chars(last + ml, (size_t)(end - last) - ml) > 0)
        return NULL; /* the last line is not a date alone */
    if (!pl || ink_chars(prev, pl) > 20 || !han_at(prev) || memchr(prev, ' ', pl) ||
        memchr(prev, ':', pl))
        return NULL;
    static const char *const marks[] = {"。", "，", "：", "！", "？", "；", NULL};
    for (int i = 0; marks[i]; i++)
        if (memmem(prev, pl, marks[i], strlen(marks[i])))
            return NULL;
    if (date)
        snprintf(date, SW_DATE_MAX, "%s", iso);
    return sw_strndup(prev, pl);
}

/*
 * The date beside the title: a labelled one in the page header, else the
 * first in the header's first two lines when they are short (a list of
 * links that follows a title is no date line), with a time if one has it,
 * else a month alone there (调研课题组 2003年5月). 0 if none.
 */
static int header_date(ctx *c, char out[SW_DATE_MAX]) {
    if (labelled_in(sw_buf_str(&c->hdr), out))
        return 1;
    if (!c->h1)
        return 0;
    sw_buf lines = SW_BUF_INIT; /* the header again, without link items (dated headlines) */
    int done = 0;
    text_after(c, c->top, c->h1, &lines, &done, 300, 1, 0);
    const char *h = sw_buf_str(&lines);
    size_t n = 0;
    for (int i = 0; i < 2 && h[n]; i++) {
        size_t len = strcspn(h + n, "\n");
        if (ink_chars(h + n, len) > HEADER_LINE_CHARS)
            break;
        n += len + (h[n + len] == '\n');
    }
    char timed[SW_DATE_MAX], first[SW_DATE_MAX];
    dates_in(h, n, timed, first);
    const char *pick = timed[0] ? timed : first[0] ? first : NULL;
    if (pick)
        snprintf(out, SW_DATE_MAX, "%s", pick);
    int found = pick || year_month(h, n, out);
    sw_buf_release(&lines);
    return found;
}

/*
 * The article's time: the date a notice is signed with (see signature: the
 * document's own date, 成文日期, where <head> and 发布日期 give the day it
 * went online); else <head>'s, else the date beside the title
 * (header_date), else a date after a label that says what it is anywhere
 * (labelled_date), else one near the article (nearby_date). Dates in lists
 * and comments below the article come last.
 */
static int page_date(ctx *c, sw_page *page) {
    char iso[SW_DATE_MAX];
    const char *pub = c->head.published;
    int rc = 0;
    char *signer = signature(page->body, iso);
    if (signer)
        rc = sw_set_str(&page->published_at, iso, strlen(iso));
    else if (pub && sw_date_find(pub, strlen(pub), iso, NULL, NULL))
        rc = sw_set_str(&page->published_at, iso, strlen(iso));
    free(signer);
    if (!rc && !page->published_at &&
        (header_date(c, iso) || labelled_date(c, c->top, iso) || nearby_date(c, page, iso)))
        rc = sw_set_str(&page->published_at, iso, strlen(iso));
    return rc;
}

/* Whether v can name an outlet: not a word that names nobody, no time or date in it. */
static int source_like(const char *v) {
    char iso[SW_DATE_MAX];
    size_t n = strlen(v);
    return n && !not_a_name(v, n) && !strchr(v, ':') && !strstr(v, "：") &&
           !sw_date_find(v, n, iso, NULL, NULL);
}

/*
 * Whether the class, id or (with `href`) link of n holds `word` and not
 * `unlike` (class="author", href="?author=12", not "authorized"; "source", not "resource").
 */
static int attr_names(xmlNodePtr n, const char *word, const char *unlike, int href) {
    static const char *const attrs[] = {"class", "id", "href", NULL};
    int yes = 0;
    for (int i = 0; attrs[i] && !yes && (href || i < 2); i++) {
        char *v = prop(n, attrs[i]);
        yes = v && strcasestr(v, word) && !strcasestr(v, unlike);
        free(v);
    }
    return yes;
}

/*
 * A source box beside the title: the first element starting within
 * SOURCE_BOX_CHARS after the title element whose class or id says source
 * (<em id="source">, <a class="source">), holding one short name and
 * nothing else after an optional 来源 label; malloc'd, or NULL.
 */
static char *box_source(ctx *c, xmlNodePtr n, int from, int depth) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        nstat *s = k->type == XML_ELEMENT_NODE && !is_junk(k) ? stat_of(c, k) : NULL;
        if (!s || !s->tlen || s->start + s->tlen < from || s->start > from + SOURCE_BOX_CHARS)
            continue;
        if (s->start >= from && s->tlen <= 24 && attr_names(k, "source", "resource", 0)) {
            char *t = flat_text(c, k);
            const char *v = NULL; /* after a source label (来源：), else the box's text */
            for (const sw_label *lb = sw_labels; t && lb->word && !v; lb++)
                v = lb->is_author ? NULL : label_at(t, lb);
            v = v ? v : t;
            char *src = v && *v && !strchr(v, ' ') ? strdup(v) : NULL; /* one name alone */
            free(t);
            if (src && source_like(src))
                return src;
            free(src);
        }
        char *src = box_source(c, k, from, depth + 1);
        if (src)
            return src;
    }
    return NULL;
}

/*
 * The article's source: a source label in the header (labels.h), else a
 * source box beside the title, else <head>'s source. An author is no
 * source (page_author).
 */
static int page_source(ctx *c, sw_page *page) {
    char *src = NULL;
    for (const sw_label *lb = sw_labels; lb->word && !src; lb++)
        if (!lb->is_author) {
            src = labelled(sw_buf_str(&c->hdr), lb);
            if (src && !source_like(src)) {
                free(src);
                src = NULL;
            }
        }
    nstat *ts = c->h1 ? stat_of(c, c->h1) : NULL;
    if (!src && ts)
        src = box_source(c, c->top, ts->start + ts->tlen, 0);
    if (!src && c->head.source && source_like(c->head.source))
        src = strdup(c->head.source);
    int rc = src ? sw_set_str(&page->source, src, strlen(src)) : 0;
    free(src);
    return rc;
}

/*
 * Where bylines stand, into b, each part on its own lines: the header, the
 * body's first four and last five lines, and 400 bytes after the body.
 */
static void byline_text(ctx *c, const sw_page *page, sw_buf *b) {
    sw_buf_adds(b, sw_buf_str(&c->hdr));
    newline(b);
    const char *body = page->body, *head_end = body, *tail = body + strlen(body);
    for (int i = 0; i < 4 && *head_end; i++) {
        head_end += strcspn(head_end, "\n");
        head_end += *head_end == '\n';
    }
    sw_buf_add(b, body, (size_t)(head_end - body));
    newline(b);
    for (int i = 0; i < 5 && tail > head_end; i++) {
        tail -= tail[-1] == '\n';
        while (tail > head_end && tail[-1] != '\n')
            tail--;
    }
    sw_buf_adds(b, tail);
    newline(b);
    int after = 0;
    text_after(c, c->top, c->body, b, &after, b->len + 400, 0, 0);
    newline(b);
}

/* The names after the first label of kind `kind` (labels.h) in t that has any, or NULL. */
static char *label_author(const char *t, int kind) {
    for (const sw_label *lb = sw_labels; lb->word; lb++) {
        if (lb->is_author != kind)
            continue;
        for (const char *v = label_at(t, lb); v; v = label_at(v, lb)) {
            char *a = names_copy(v, 0, NULL);
            if (a)
                return a;
        }
    }
    return NULL;
}

/*
 * The names after a byline word (本报记者 X, 新京报记者 彭冲 山东冠县报道,
 * （记者 胡晓蓉）) in t, on a short line or inside brackets, or NULL.
 */
static char *byline_author(const char *t) {
    for (int w = 0; sw_byline_words[w]; w++) {
        for (const char *p = strstr(t, sw_byline_words[w]); p;
             p = strstr(p + 1, sw_byline_words[w])) {
            const char *ls = p, *le = p + strcspn(p, "\n");
            while (ls > t && ls[-1] != '\n')
                ls--;
            /* In brackets: one opens at most 24 bytes before the word (（信报记者 X）). */
            int in_brackets = 0;
            for (size_t back = 1; back <= 24 && (size_t)(p - ls) >= back; back++) {
                const char *q = p - back;
                if (*q == ')' || !strncmp(q, "）", 3))
                    break;
                if (*q == '(' || !strncmp(q, "（", 3)) {
                    in_brackets = 1;
                    break;
                }
            }
            const char *v = p + strlen(sw_byline_words[w]), *before = p;
            while (before > ls && before[-1] == ' ')
                before--;
            if (han_at(p) ? before > ls && isalpha((unsigned char)before[-1])
                          : before == ls || !isdigit((unsigned char)before[-1]))
                continue; /* "by" only after a time (22:36:13 by duscha), not Powered by X */
            if ((ink_chars(ls, (size_t)(le - ls)) > 50 && !in_brackets) ||
                (p == ls && *v != ' ' && han_at(p) && le - v <= 12) ||
                (p > ls && isalnum((unsigned char)p[-1])))
                continue; /* a sentence (告诉记者), a heading (记者江湖), a word (baby ) */
            char *a = names_copy(v, 0, NULL);
            if (a)
                return a;
        }
    }
    return NULL;
}

/*
 * Names in square brackets right after the time in the header (sohu's
 * "2004年7月16日08:19 [ 黄宇 ] 来源：…"), or NULL.
 */
static char *dateline_author(const char *hdr) {
    for (const char *p = strchr(hdr, '['); p; p = strchr(p + 1, '[')) {
        const char *before = p;
        while (before > hdr && before[-1] == ' ')
            before--;
        if (before == hdr || !isdigit((unsigned char)before[-1]))
            continue;
        char *a = names_copy(p + 1, 1, "]");
        if (a)
            return a;
    }
    return NULL;
}

/* The Han names in brackets that end the body: （袁源）, （姚峰 上海报道）; or NULL. */
static char *closing_author(const char *body) {
    const char *end = body + strlen(body), *line = end;
    while (line > body && line[-1] != '\n')
        line--;
    const char *open = NULL;
    for (const char *q = line; q < end; q++)
        if (*q == '(' || !strncmp(q, "（", 3))
            open = q;
    int close = end - line >= 3 && !strcmp(end - 3, "）");
    if (!open || (!close && end[-1] != ')') || end - open > 60)
        return NULL;
    open += *open == '(' ? 1 : 3;
    while (*open == ' ')
        open++;
    if (!han_at(open))
        return NULL;
    sw_buf b = SW_BUF_INIT;
    const char *stop = open;
    int n = names_at(open, &b, &stop);
    while (*stop == ' ')
        stop++;
    /* After the names: the bracket, or a place and 报道 (上海报道). */
    const char *tail_end = end - (close ? 3 : 1);
    int ok = n && !b.oom &&
             (stop >= tail_end ||
              (tail_end - stop >= 6 && tail_end - stop <= 18 && !strncmp(tail_end - 6, "报道", 6)));
    char *r = ok ? sw_buf_detach(&b, NULL) : NULL;
    sw_buf_release(&b);
    return r;
}

/*
 * A line of names alone right after the title at the top of the body
 * (犬儒病(上) / 胡平 / ...), or NULL. The body's first line counts as a
 * title when it is short and no sentence (pages whose <title> is the
 * site's name).
 */
static char *title_line_author(const char *body, const char *title) {
    const char *prev = body, *line = body + strcspn(body, "\n");
    for (int i = 1; i < 4 && *line; i++) {
        line++;
        size_t pl = (size_t)(line - 1 - prev);
        char *p = sw_strndup(prev, pl);
        int titled = p && (same_text(p, title) || (pl >= 6 && strstr(title, p)));
        /* Under a first line that is only like a title, names of up to 3 characters (胡平,
           not 学习目的). */
        int first = p && !titled && i == 1 && ink_chars(p, pl) <= 30 && !strstr(p, "。") &&
                    !strstr(p, "，");
        free(p);
        size_t ll = strcspn(line, "\n");
        const char *next = line + ll + (line[ll] == '\n');
        if (first && ink_chars(next, strcspn(next, "\n")) < 10)
            first = 0; /* what follows is no paragraph: a menu (大 中 小) */
        if (titled || first) {
            char *l = sw_strndup(line, ll);
            char *a = l ? names_copy(l, 1, NULL) : NULL;
            free(l);
            for (const char *q = a; first && q && *q; q += strcspn(q, " "), q += *q == ' ')
                if (strcspn(q, " ") > 9) {
                    free(a);
                    a = NULL;
                    break;
                }
            if (a)
                return a;
        }
        prev = line;
        line += strcspn(line, "\n");
    }
    return NULL;
}

/*
 * The first author box in the page: an element an attribute of which
 * names an author, holding a short name (an account: 放飞&心情, zboygirl)
 * after an optional 作者 label; or NULL.
 */
static char *box_author(ctx *c, xmlNodePtr n, int depth) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        if (k->type != XML_ELEMENT_NODE || is_junk(k))
            continue;
        nstat *s = stat_of(c, k);
        if (!s || !s->tlen)
            continue;
        if (attr_names(k, "author", "authori", 1)) {
            char *t = flat_text(c, k);
            const char *v = NULL;
            for (const sw_label *lb = sw_labels; t && !v && lb->word; lb++)
                if (lb->is_author == 1)
                    v = label_at(t, lb);
            v = v ? v : t;
            char *a = NULL, *word = v ? sw_strndup(v, strcspn(v, " ")) : NULL;
            if (word && ink_chars(v, strlen(v)) <= 16)
                a = names_copy(word, 1, NULL); /* its first word, a name and nothing else */
            free(word);
            free(t);
            if (a)
                return a;
        }
        char *a = box_author(c, k, depth + 1);
        if (a)
            return a;
    }
    return NULL;
}

/*
 * <head>'s author as names (names_copy), unless <title> names it after the
 * article's title, as the site (…曝露？_网易财经 with author 网易); or NULL.
 */
static char *site_or_author(ctx *c, const sw_page *page) {
    const char *a = c->head.author, *t = c->head.title;
    const char *at = t ? strstr(t, page->title) : NULL;
    if (at && strstr(at + strlen(page->title), a))
        return NULL;
    return names_copy(a, 1, NULL);
}

/*
 * The article's author: an author label (作者：, 文/ ...) near the article,
 * else a byline (记者 X), else names in brackets ending the body, else names
 * alone under the title, else <head>'s author, else an author box, else the
 * editor (责任编辑：). Never the source, never a time or a word that names
 * nobody (labels.h).
 */
static int page_author(ctx *c, sw_page *page) {
    sw_buf near = SW_BUF_INIT;
    byline_text(c, page, &near);
    const char *t = sw_buf_str(&near);
    char *a = label_author(t, 1);
    if (!a)
        a = byline_author(t);
    if (!a)
        a = dateline_author(sw_buf_str(&c->hdr));
    if (!a)
        a = closing_author(page->body);
    if (!a)
        a = title_line_author(page->body, page->title);
    if (!a)
        a = signature(page->body, NULL);
    if (!a && c->head.author)
        a = site_or_author(c, page);
    if (!a)
        a = box_author(c, c->top, 0);
    if (!a)
        a = label_author(t, 2);
    if (a && page->source && !strcmp(a, page->source)) {
        free(a); /* the outlet again (<meta name="author"> naming the site) */
        a = NULL;
    }
    int rc = near.oom ? SW_ENOMEM : 0;
    sw_buf_release(&near);
    if (!rc && a)
        rc = sw_set_str(&page->author, a, strlen(a));
    free(a);
    return rc;
}

/*
 * The article, when the page has one (a body and a title): both move to the
 * page, with its time and source read from the header around the title.
 */
static int page_article(ctx *c, sw_page *page) {
    if (!c->text || !c->title || !*c->title)
        return 0;
    page->title = c->title;
    page->body = c->text;
    c->title = c->text = NULL;
    page_header(c, page);
    int rc = page_date(c, page);
    if (!rc)
        rc = page_source(c, page);
    return rc ? rc : page_author(c, page);
}

/*
 * The headline lists, unheaded ones named by <title> without the site's
 * suffix (else by the title found, on a page without an article), and the
 * page's main list among them.
 */
static int page_lists(ctx *c, sw_page *page) {
    char *pt = clean_title(c, c->head.title, NULL);
    int rc = find_lists(c, c->top, page, pt ? pt : c->title, page->body != NULL, 0);
    free(pt);
    if (!rc)
        mark_main(c, page);
    return rc;
}

static void ctx_release(ctx *c) {
    meta *m = &c->head;
    free(m->og_title), free(m->canonical), free(m->published), free(m->author), free(m->source);
    free(m->title), free(m->base_href);
    free(c->base_own);
    free(c->st);
    for (size_t i = 0; i < c->nli; i++)
        free(c->li[i].shape);
    free(c->li);
    sw_buf_release(&c->tmp);
    free(c->h1_text), free(c->title), free(c->text);
    sw_buf_release(&c->hdr);
    xmlFreeDoc(c->doc);
}

int sw_read_html(const char *data, size_t len, const char *base_url, const char *name,
                 sw_page *page, char **errmsg) {
    if (len == 0)
        return sw_error(errmsg, SW_EPARSE, "'%s' is empty", name);
    if (len > INT32_MAX)
        return sw_error(errmsg, SW_EPARSE, "'%s' is too large for an HTML page", name);
    ctx c;
    memset(&c, 0, sizeof(c));
    c.base = page->url; /* the page's own URL, until page_head knows the base */
    c.fallback_base = base_url;
    int rc = page_tree(&c, data, len, name, page, errmsg);
    if (!rc)
        rc = page_head(&c, page);
    if (!rc) {
        page_title(&c);
        page_body(&c);
        rc = page_article(&c, page);
    }
    if (!rc)
        rc = page_lists(&c, page);
    ctx_release(&c);
    if (rc && errmsg && !*errmsg)
        sw_error(errmsg, rc, "unable to read '%s': %s", name, sw_strerror(rc));
    return rc;
}
