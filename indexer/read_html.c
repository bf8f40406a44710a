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
 * page title) and, on article pages, only when its items show times.
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

#define PARSE_MAX_DEPTH 1000 /* elements nested deeper stop the parse (see depth_guard) */
#define MAX_DEPTH 2000       /* our own walks stop here, below any tree the parse builds */
#define ARTICLE_MIN_CHARS 40 /* a body shorter than this is no article */
#define BODY_LEAD_CHARS 100  /* body text after which a box named comment, share ... is left out */
#define ITEM_MIN_CHARS 6     /* a headline link has at least this many characters */
#define ITEM_MAX_CHARS 120   /* ... and at most this many */
#define HEADING_MAX_CHARS 16 /* list headings are short */
#define LIST_MIN_ITEMS 3     /* fewer items is not a list */
#define MAIN_OVER_BODY 4     /* a main list beside an article holds this many times its text */

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
} meta;

typedef struct ctx {
    htmlDocPtr doc;    /* the tree */
    xmlNodePtr top;    /* its document node, where the walks start */
    xmlNodePtr root;   /* its root element */
    const char *base;  /* base URL for links, or NULL */
    meta head;         /* what <head> says */
    nstat *st;         /* per-element stats, indexed by node->_private - 1 */
    size_t nst, capst; /* used, allocated */
    int oom;           /* sticky: an allocation failed */
    sw_buf tmp;        /* scratch text */
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
             ink_chars(b->data ? b->data : "", b->len) >= BODY_LEAD_CHARS))
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
                else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author"))
                    set_once(&m->author, v);
                else if (!strcasecmp(key, "source") || !strcasecmp(key, "og:site_name") ||
                         !strcasecmp(key, "mediaid"))
                    set_once(&m->source, v);
                else
                    free(v);
                free(key);
            }
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
 * two sides, the one the page shows as an element's text is the article's
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
        int ls = ink_chars(left, strlen(left)) >= 4 && shown(c, left);
        if (!ls && (shown(c, right) || ink_chars(left, strlen(left)) < 4))
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

static char *heading_before(ctx *c, xmlNodePtr n) {
    for (int up = 0; n && up < 4; up++, n = n->parent) {
        int seen = 0;
        for (xmlNodePtr p = n->prev; p && seen < 2; p = p->prev) {
            if (p->type == XML_TEXT_NODE) {
                char *t = p->content ? strdup((const char *)p->content) : NULL;
                trim_in_place(t);
                if (t && *t && heading_like(t))
                    return t;
                if (t && *t)
                    seen++;
                free(t);
                continue;
            }
            if (p->type != XML_ELEMENT_NODE || is_junk(p))
                continue;
            seen++;
            char *t = flat_text(c, p);
            if (t && heading_like(t))
                return t;
            if (t && *t && ink_chars(t, strlen(t)) > HEADING_MAX_CHARS) {
                free(t);
                return NULL;
            }
            free(t);
        }
        if (n->parent && element_children(n->parent) > 3)
            break;
    }
    return NULL;
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
 * An item's source: what is left of its text once the headline and the time
 * are taken out, when that is short and has no sentence punctuation.
 */
static char *item_source(const char *all, const char *title, size_t at, size_t ml) {
    sw_buf b = SW_BUF_INIT;
    sw_buf_add(&b, all, at);
    sw_buf_adds(&b, all + at + ml);
    char *s = sw_buf_detach(&b, NULL);
    if (!s)
        return NULL;
    char *t = strstr(s, title);
    if (t)
        memmove(t, t + strlen(title), strlen(t + strlen(title)) + 1);
    trim_in_place(s);
    if (!heading_like(s) || strchr(s, '|')) {
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
    const char *sec = heading ? heading : page_title ? page_title : "";
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
        int dup = l && item_set_has(&seen, l, t, url);
        char *all = flat_text(c, k);
        char iso[SW_DATE_MAX];
        size_t at = 0, ml = 0;
        int has_time = all && sw_date_find(all, strlen(all), iso, &at, &ml);
        char *src = all ? item_source(all, t, has_time ? at : 0, has_time ? ml : 0) : NULL;
        free(all);
        if (!dup) {
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
        }
        free(src);
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

/* Pre-order walk collecting, in document order, the text before the body starts. */
static void text_until(ctx *c, xmlNodePtr n, xmlNodePtr stop, sw_buf *b, int *done, int depth) {
    for (xmlNodePtr k = n->children; k && !*done && depth < MAX_DEPTH; k = k->next) {
        if (k == stop) {
            *done = 1;
            return;
        }
        if (k->type == XML_TEXT_NODE && k->content) {
            add_collapsed(b, (const char *)k->content);
            continue;
        }
        if (k->type != XML_ELEMENT_NODE || is_junk(k))
            continue;
        if (k == c->h1)
            sw_buf_reset(b); /* the page's header is what follows the title */
        if (is_block(k))
            newline(b);
        text_until(c, k, stop, b, done, depth + 1);
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

/* The first element whose text is the title (the page header follows it), or NULL. */
static xmlNodePtr title_node(ctx *c, xmlNodePtr n, const char *title, int want, int depth) {
    for (xmlNodePtr k = n->children; k && depth < MAX_DEPTH; k = k->next) {
        nstat *s = k->type == XML_ELEMENT_NODE ? stat_of(c, k) : NULL;
        if (!s || s->tlen < want)
            continue;
        if (s->tlen == want) {
            char *t = flat_text(c, k);
            int same = t && same_text(t, title);
            free(t);
            if (same)
                return k;
        }
        xmlNodePtr r = title_node(c, k, title, want, depth + 1);
        if (r)
            return r;
    }
    return NULL;
}

/* The text that follows the body in document order, up to `max` bytes. */
static void text_after(ctx *c, xmlNodePtr n, xmlNodePtr mark, sw_buf *b, int *after, size_t max,
                       int depth) {
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
        if (k->type != XML_ELEMENT_NODE || is_junk(k))
            continue;
        if (*after && is_block(k))
            newline(b);
        text_after(c, k, mark, b, after, max, depth + 1);
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

/*
 * A date right after a label that says what it is (发布时间, 发布日期, 发表于 ...)
 * anywhere in the page's text: the strongest evidence a page gives.
 */
static int labelled_date(ctx *c, xmlNodePtr top, char out[SW_DATE_MAX]) {
    static const char *const labels[] = {"发布时间", "发布日期", "发表时间", "发表于", "发稿时间",
                                         "更新时间", "發布時間", "發表於",   NULL};
    sw_buf b = SW_BUF_INIT;
    text_of(c, top, &b, 0, 0);
    const char *t = sw_buf_str(&b);
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

/*
 * The value after label `lb` (来源：, 作者: ...; see labels.h) at its first
 * place in s, up to a space or a separator (malloc'd), or NULL.
 */
static char *labelled(const char *s, const sw_label *lb) {
    const char *p = lb->html_after[0] ? strstr(s, lb->word) : NULL;
    if (!p)
        return NULL;
    p += strlen(lb->word);
    int k = 0;
    while (lb->html_after[k] && strncmp(p, lb->html_after[k], strlen(lb->html_after[k])))
        k++;
    if (!lb->html_after[k])
        return NULL;
    p += strlen(lb->html_after[k]);
    while (*p == ' ')
        p++;
    size_t n = 0;
    while (p[n] && p[n] != ' ' && p[n] != '\n' && p[n] != '|' && strncmp(p + n, "｜", 3) &&
           strncmp(p + n, "　", 3) && n < 60)
        n++;
    while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
        n--; /* the 60-byte cap fell inside a character: not that character */
    if (!n || memchr(p, '=', n) || memchr(p, '"', n))
        return NULL;
    return sw_strndup(p, n);
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

/* What <head> says; the page's URL from its canonical link when the caller gave none. */
static int page_head(ctx *c, sw_page *page) {
    read_head(c, c->root, &c->head, 0);
    c->head.title = title_text(c->root, 0);
    trim_in_place(c->head.title);
    int rc = 0;
    if (!page->url && c->head.canonical && !strncasecmp(c->head.canonical, "http", 4))
        rc = sw_set_str(&page->url, c->head.canonical, strlen(c->head.canonical));
    if (!c->base && page->url)
        c->base = page->url;
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
    if (!c->h1)
        c->h1 =
            title_node(c, c->top, page->title, (int)ink_chars(page->title, strlen(page->title)), 0);
    if (c->h1)
        text_after(c, c->top, c->h1, &c->hdr, &done, 300, 0);
    else
        text_until(c, c->top, c->body, &c->hdr, &done, 0);
}

/* The dates in the last 300 bytes of text before the title element c->h1. */
static void dates_before_title(ctx *c, char timed[SW_DATE_MAX], char first[SW_DATE_MAX]) {
    sw_buf before = SW_BUF_INIT;
    int stop = 0;
    text_until(c, c->top, c->h1, &before, &stop, 0);
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
    text_after(c, c->top, c->body, &tail, &after, 400, 0);
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
 * The article's time: <head>'s first, else a date after a label that says
 * what it is (labelled_date), else one near the article (nearby_date).
 */
static int page_date(ctx *c, sw_page *page) {
    char iso[SW_DATE_MAX];
    const char *pub = c->head.published;
    int rc = 0;
    if (pub && sw_date_find(pub, strlen(pub), iso, NULL, NULL))
        rc = sw_set_str(&page->published_at, iso, strlen(iso));
    if (!rc && !page->published_at && (labelled_date(c, c->top, iso) || nearby_date(c, page, iso)))
        rc = sw_set_str(&page->published_at, iso, strlen(iso));
    return rc;
}

/*
 * The article's source: a source or author label in the header (labels.h),
 * else <head>'s source, else its author.
 */
static int page_source(ctx *c, sw_page *page) {
    char *src = NULL;
    for (const sw_label *lb = sw_labels; lb->word && !src; lb++)
        src = labelled(sw_buf_str(&c->hdr), lb);
    if (!src && c->head.source)
        src = strdup(c->head.source);
    if (!src && c->head.author)
        src = strdup(c->head.author);
    int rc = src ? sw_set_str(&page->source, src, strlen(src)) : 0;
    free(src);
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
    return rc ? rc : page_source(c, page);
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
    free(m->title);
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
    c.base = base_url;
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
