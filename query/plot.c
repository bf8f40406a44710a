/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plot.c - the --plot timeline (see plot.h): cairo draws, fontconfig finds the CJK font.
 */
#include "plot.h"

#include "date.h"
#include "error.h"
#include "text.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PLOT_W 960.0
#define PLOT_H 480.0
#define MARGIN_L 72.0
#define MARGIN_R 24.0
#define MARGIN_T 56.0
#define MARGIN_B 64.0
#define BAR_R 0.2 /* the bars' colour, #3366cc (a test counts them by it) */
#define BAR_G 0.4
#define BAR_B 0.8

static const char *ext_of(const char *path) {
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    return dot && (!slash || dot > slash) ? dot : "";
}

int sw_plot_format_ok(const char *path) {
    const char *e = ext_of(path);
    return !strcasecmp(e, ".svg") || !strcasecmp(e, ".png");
}

/* A period as a number that counts up by one: years, months since year 0, or days. */
static int64_t period_index(int field, const char *v) {
    int y = 0, m = 1, d = 1;
    if (sscanf(v, "%d-%d-%d", &y, &m, &d) < 1)
        return 0;
    return field == SW_FACET_YEAR    ? y
           : field == SW_FACET_MONTH ? (int64_t)y * 12 + (m - 1)
                                     : sw_date_days(y, m, d);
}

/* The label of period p (as period_index counts) in `out`. */
static void period_label(int field, int64_t p, char *out, size_t cap) {
    if (field == SW_FACET_YEAR) {
        snprintf(out, cap, "%lld", (long long)p);
    } else if (field == SW_FACET_MONTH) {
        snprintf(out, cap, "%04lld-%02lld", (long long)(p / 12), (long long)(p % 12 + 1));
    } else {
        int y, m, d;
        sw_date_civil(p, &y, &m, &d);
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    }
}

int sw_plot_field(const sw_facet_count *days) {
    int64_t lo = 0, hi = 0;
    int any = 0;
    for (size_t i = 0; i < days->n; i++) {
        if (!days->rows[i].value)
            continue;
        int64_t p = period_index(SW_FACET_DAY, days->rows[i].value);
        lo = any && lo < p ? lo : p;
        hi = any && hi > p ? hi : p;
        any = 1;
    }
    int64_t span = hi - lo + 1;
    return span <= 62 ? SW_FACET_DAY : span <= 366 * 4 ? SW_FACET_MONTH : SW_FACET_YEAR;
}

/* The CJK font fontconfig offers, or NULL (labels would then show as boxes). */
static char *cjk_family(void) {
    static const char *const wanted[] = {"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC",
                                         NULL};
    char *found = NULL;
    if (!FcInit())
        return NULL;
    for (size_t i = 0; wanted[i] && !found; i++) {
        FcPattern *p = FcNameParse((const FcChar8 *)wanted[i]);
        FcCharSet *cs = FcCharSetCreate();
        if (p && cs && FcCharSetAddChar(cs, 0x62a5)) /* 报 */
            FcPatternAddCharSet(p, FC_CHARSET, cs);
        FcResult r;
        FcPattern *m = p && FcConfigSubstitute(NULL, p, FcMatchPattern)
                           ? (FcDefaultSubstitute(p), FcFontMatch(NULL, p, &r))
                           : NULL;
        FcChar8 *fam = NULL;
        FcCharSet *have = NULL;
        if (m && FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch &&
            FcPatternGetCharSet(m, FC_CHARSET, 0, &have) == FcResultMatch &&
            FcCharSetHasChar(have, 0x62a5))
            found = strdup((const char *)fam);
        if (m)
            FcPatternDestroy(m);
        if (cs)
            FcCharSetDestroy(cs);
        if (p)
            FcPatternDestroy(p);
    }
    return found;
}

/* A round step for about `ticks` ticks up to max: 1, 2 or 5 times a power of ten. */
static uint64_t nice_step(uint64_t max, int ticks) {
    uint64_t raw = max / (uint64_t)ticks + 1, p = 1;
    while (p * 10 <= raw)
        p *= 10;
    return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
}

static void text_at(cairo_t *cr, const char *s, double x, double y, double align) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - e.x_advance * align, y);
    cairo_show_text(cr, s);
}

static void draw(cairo_t *cr, const sw_facet_count *fc, int by_pages, const char *query,
                 const char *family) {
    int64_t lo = 0, hi = 0;
    uint64_t max = 0, total = 0, undated = 0;
    int any = 0;
    for (size_t i = 0; i < fc->n; i++) {
        if (!fc->rows[i].value) {
            undated += by_pages ? fc->rows[i].pages : fc->rows[i].stories;
            continue;
        }
        int64_t p = period_index(fc->field, fc->rows[i].value);
        uint64_t n = by_pages ? fc->rows[i].pages : fc->rows[i].stories;
        lo = any && lo < p ? lo : p;
        hi = any && hi > p ? hi : p;
        max = n > max ? n : max;
        total += n;
        any = 1;
    }
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_select_font_face(cr, family ? family : "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    const char *unit = fc->field == SW_FACET_YEAR    ? "年"
                       : fc->field == SW_FACET_MONTH ? "月"
                                                     : "日";
    const char *what = by_pages ? "页面" : "报道";
    char title[512], extra[64] = "";
    if (undated)
        snprintf(extra, sizeof(extra), "，另有 %llu 无日期", (unsigned long long)undated);
    size_t ql = strlen(query), cut = sw_utf8_cut(query, ql, 300); /* between characters */
    snprintf(title, sizeof(title), "“%.*s%s” 每%s%s数（共 %llu%s）", (int)cut, query,
             cut < ql ? "…" : "", unit, what, (unsigned long long)total, extra);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_font_size(cr, 18);
    text_at(cr, title, PLOT_W / 2, MARGIN_T / 2 + 6, 0.5);
    double x0 = MARGIN_L, y0 = PLOT_H - MARGIN_B, w = PLOT_W - MARGIN_L - MARGIN_R,
           h = PLOT_H - MARGIN_T - MARGIN_B;
    /* y axis: ticks at round counts, light grid lines */
    uint64_t step = nice_step(max ? max : 1, 5), top = ((max ? max : 1) + step - 1) / step * step;
    cairo_set_font_size(cr, 12);
    cairo_set_line_width(cr, 1);
    for (uint64_t v = 0; v <= top; v += step) {
        double y = y0 - h * (double)v / (double)top;
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_move_to(cr, x0, y + 0.5);
        cairo_line_to(cr, x0 + w, y + 0.5);
        cairo_stroke(cr);
        char num[32];
        snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        text_at(cr, num, x0 - 8, y + 4, 1.0);
    }
    cairo_save(cr);
    cairo_translate(cr, 24, y0 - h / 2);
    cairo_rotate(cr, -1.5707963267948966);
    char ylabel[64];
    snprintf(ylabel, sizeof(ylabel), "%s数", what);
    text_at(cr, ylabel, 0, 0, 0.5);
    cairo_restore(cr);
    const char *xlabel = fc->field == SW_FACET_YEAR    ? "年份"
                         : fc->field == SW_FACET_MONTH ? "月份"
                                                       : "日期（UTC+8）";
    text_at(cr, xlabel, x0 + w / 2, PLOT_H - 12, 0.5);
    /* bars: one per period with matches, on a slot of every period from first to last */
    int64_t slots = any ? hi - lo + 1 : 1;
    double sw = w / (double)slots, bw = sw > 3 ? sw * 0.8 : sw;
    if (bw > 48)
        bw = 48;                              /* a few periods: bars, not blocks */
    int64_t every = (int64_t)(70.0 / sw) + 1; /* a label at most each 70 points */
    for (int64_t k = 0; any && k < slots; k += every) {
        char label[32];
        period_label(fc->field, lo + k, label, sizeof(label));
        cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
        text_at(cr, label, x0 + sw * ((double)k + 0.5), y0 + 18, 0.5);
    }
    cairo_set_source_rgb(cr, BAR_R, BAR_G, BAR_B);
    for (size_t i = 0; i < fc->n; i++) {
        uint64_t n = by_pages ? fc->rows[i].pages : fc->rows[i].stories;
        if (!fc->rows[i].value || !n)
            continue;
        int64_t k = period_index(fc->field, fc->rows[i].value) - lo;
        double bh = h * (double)n / (double)top;
        if (bh < 1.5)
            bh = 1.5; /* a period with matches shows, however many others have */
        cairo_rectangle(cr, x0 + sw * (double)k + (sw - bw) / 2, y0 - bh, bw, bh);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, x0, y0 + 0.5);
    cairo_line_to(cr, x0 + w, y0 + 0.5);
    cairo_stroke(cr);
}

int sw_plot_write(const char *path, const sw_facet_count *fc, int by_pages, const char *query,
                  char **errmsg) {
    int svg = !strcasecmp(ext_of(path), ".svg");
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return sw_error(errmsg, SW_ENOMEM, "out of memory");
    snprintf(tmp, n + 16, "%s.tmp%ld", path, (long)getpid());
    FILE *probe = fopen(tmp, "wb"); /* an unwritable place fails here, before any drawing */
    if (!probe) {
        int rc = sw_error(errmsg, SW_EIO, "unable to write '%s': %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    fclose(probe);
    char *family = cjk_family();
    if (!family)
        fputs("souwen-search: no Chinese font found (install fonts-wqy-microhei): the chart's "
              "labels may show as boxes\n",
              stderr);
    cairo_surface_t *s =
        svg ? cairo_svg_surface_create(tmp, PLOT_W, PLOT_H)
            : cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)PLOT_W, (int)PLOT_H);
    cairo_t *cr = cairo_create(s);
    draw(cr, fc, by_pages, query, family);
    cairo_status_t st = cairo_status(cr);
    cairo_destroy(cr);
    if (!st && !svg)
        st = cairo_surface_write_to_png(s, tmp);
    cairo_surface_finish(s);
    if (!st)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    free(family);
    /* cairo's font caches, then fontconfig's: a chart is drawn once, and leak checkers see
     * what the process still holds */
    cairo_debug_reset_static_data();
    FcFini();
    int rc = 0;
    if (st)
        rc = sw_error(errmsg, SW_EIO, "unable to write '%s': %s", path, cairo_status_to_string(st));
    else if (rename(tmp, path))
        rc = sw_error(errmsg, SW_EIO, "unable to write '%s': %s", path, strerror(errno));
    if (rc)
        unlink(tmp);
    free(tmp);
    return rc;
}
