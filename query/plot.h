/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plot.h - a timeline of matches drawn as a bar chart (cairo), to SVG or PNG.
 *
 * One bar per period with matches (day, month or year), on an axis that
 * runs through every period from the first to the last, so that a gap in
 * coverage shows as a gap. Labels are Chinese, drawn with a CJK font that
 * fontconfig finds (souwen asks for WenQuanYi Micro Hei, Debian's
 * fonts-wqy-microhei, then Noto Sans CJK SC).
 */
#ifndef SW_PLOT_H
#define SW_PLOT_H

#include "count.h"

/* Whether `path` names a file --plot can write (.svg or .png, any case). */
int sw_plot_format_ok(const char *path);

/*
 * Draws the date facet fc (SW_FACET_YEAR, MONTH or DAY, rows in date order) counting stories,
 * or pages when by_pages, titled with `query`, to `path`: written to a temporary file beside it
 * and renamed, so that a failure leaves nothing. 0, or an error with its message in *errmsg.
 */
int sw_plot_write(const char *path, const sw_facet_count *fc, int by_pages, const char *query,
                  char **errmsg);

/* The date facet a plot of the day counts `days` draws: day, month or year by their span. */
int sw_plot_field(const sw_facet_count *days);

#endif
