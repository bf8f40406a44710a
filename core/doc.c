/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * doc.c - ownership of a result document's strings (doc.h).
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

void sw_doc_release(sw_doc *d) {
    free(d->title);
    free(d->source);
    free(d->author);
    free(d->date);
    free(d->url);
    free(d->path);
    free(d->body);
    free(d->sections);
    free(d->key);
    free(d->story);
    free(d->fetched);
    free(d->saved);
    free(d->timeline);
    memset(d, 0, sizeof(*d));
}
