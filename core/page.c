/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * page.c - ownership of the crawl-page model's strings and arrays.
 */
#include "page.h"

#include "buf.h"
#include "error.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void sw_page_init(sw_page *p) { memset(p, 0, sizeof(*p)); }

static void item_release(sw_item *it) {
    free(it->title);
    free(it->source);
    free(it->time);
    free(it->url);
    free(it->key);
}

void sw_page_release(sw_page *p) {
    free(p->url);
    free(p->path);
    free(p->fetched_at);
    free(p->saved_at);
    free(p->charset);
    free(p->title);
    free(p->source);
    free(p->author);
    free(p->published_at);
    free(p->body);
    free(p->title_key);
    free(p->warning);
    for (size_t i = 0; i < p->nlists; i++) {
        for (size_t j = 0; j < p->lists[i].n; j++)
            item_release(&p->lists[i].items[j]);
        free(p->lists[i].items);
        free(p->lists[i].section);
    }
    free(p->lists);
    sw_page_init(p);
}

sw_list *sw_page_add_list(sw_page *p, const char *section, size_t len) {
    sw_list *grown = sw_grow(p->lists, &p->lists_cap, p->nlists + 1, sizeof(*grown), 4);
    if (!grown)
        return NULL;
    p->lists = grown;
    char *sec = sw_strndup(section, len);
    if (!sec)
        return NULL;
    sw_list *l = &p->lists[p->nlists++];
    memset(l, 0, sizeof(*l));
    l->section = sec;
    return l;
}

static int dup_opt(char **dst, const char *s) {
    *dst = NULL;
    if (!s)
        return 0;
    *dst = strdup(s);
    return *dst ? 0 : SW_ENOMEM;
}

int sw_list_add_item(sw_list *l, const char *title, const char *source, const char *time,
                     const char *url) {
    sw_item *grown = sw_grow(l->items, &l->cap, l->n + 1, sizeof(*grown), 8);
    if (!grown)
        return SW_ENOMEM;
    l->items = grown;
    sw_item *it = &l->items[l->n];
    memset(it, 0, sizeof(*it));
    if (dup_opt(&it->title, title) || dup_opt(&it->source, source) || dup_opt(&it->time, time) ||
        dup_opt(&it->url, url)) {
        item_release(it);
        return SW_ENOMEM;
    }
    l->n++;
    return 0;
}
