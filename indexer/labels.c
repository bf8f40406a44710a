/*
 * labels.c - the source and author labels of labels.h.
 *
 * The differences between the readers are kept as they were found: a text
 * page's meta line also takes "来源 X" with a space and "稿源：X", an HTML
 * header also takes the Traditional 來源. Making the readers agree would
 * change what some pages yield, so it is a change of its own.
 */
#include "labels.h"

#include <stddef.h>

const sw_label sw_labels[] = {
    {"来源", 0, {"：", ":", " ", NULL}, {"：", ":", NULL}},
    {"來源", 0, {NULL}, {"：", ":", NULL}},
    {"稿源", 0, {"：", NULL}, {NULL}},
    {"作者", 1, {"：", ":", NULL}, {"：", ":", NULL}},
    {NULL, 0, {NULL}, {NULL}},
};
