/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * date.c - finding and normalizing dates in page text; see date.h.
 *
 * A small hand-written scanner: the forms are few and fixed, and a regex
 * engine would cost more than it saves on every line of every page.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static int digits(const char *s, size_t len, size_t i, int min, int max, int *val, size_t *end) {
    int n = 0, v = 0;
    while (i + (size_t)n < len && n < max && s[i + n] >= '0' && s[i + n] <= '9') {
        v = v * 10 + (s[i + n] - '0');
        n++;
    }
    if (n < min || (i + (size_t)n < len && s[i + n] >= '0' && s[i + n] <= '9'))
        return 0;
    *val = v;
    *end = i + (size_t)n;
    return 1;
}

static int lit(const char *s, size_t len, size_t i, const char *w, size_t *end) {
    size_t n = strlen(w);
    if (i + n > len || memcmp(s + i, w, n) != 0)
        return 0;
    *end = i + n;
    return 1;
}

int sw_date_month_days(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* Parses a date starting exactly at i; 1 and fills iso/end on success. */
static int date_at(const char *s, size_t len, size_t i, char *iso, size_t *end) {
    int y, mo, d, h = -1, mi = 0, se = 0, off = 8 * 60;
    size_t p;
    if (!digits(s, len, i, 4, 4, &y, &p) || y < 1970 || y > 2100)
        return 0;
    int cn = 0;
    char sep = 0;
    if (lit(s, len, p, "年", &p))
        cn = 1;
    else if (p < len && (s[p] == '-' || s[p] == '/' || s[p] == '.'))
        sep = s[p++];
    else
        return 0;
    if (!digits(s, len, p, 1, 2, &mo, &p) || mo < 1 || mo > 12)
        return 0;
    if (cn ? !lit(s, len, p, "月", &p) : !(p < len && s[p] == sep && ++p))
        return 0;
    if (!digits(s, len, p, 1, 2, &d, &p) || d < 1 || d > sw_date_month_days(y, mo))
        return 0;
    if (cn && !lit(s, len, p, "日", &p))
        lit(s, len, p, "号", &p);
    /* An optional time after one space, a T, or nothing (after 日). */
    size_t q = p;
    if (q < len && (s[q] == ' ' || s[q] == 'T'))
        q++;
    int hh, mm, ss;
    size_t r;
    if (digits(s, len, q, 1, 2, &hh, &r) && r < len && s[r] == ':' &&
        digits(s, len, r + 1, 2, 2, &mm, &r) && hh < 24 && mm < 60) {
        h = hh;
        mi = mm;
        if (r < len && s[r] == ':' && digits(s, len, r + 1, 2, 2, &ss, &r) && ss < 61)
            se = ss;
        p = r;
        if (p + 1 < len && s[p] == '.' && s[p + 1] >= '0' && s[p + 1] <= '9') {
            p++;
            while (p < len && s[p] >= '0' && s[p] <= '9')
                p++;
        }
        int oh, om;
        size_t t;
        if (p < len && s[p] == 'Z') {
            off = 0;
            p++;
        } else if (p < len && (s[p] == '+' || s[p] == '-') &&
                   digits(s, len, p + 1, 2, 2, &oh, &t) && t < len && s[t] == ':' &&
                   digits(s, len, t + 1, 2, 2, &om, &t) && oh < 15 && om < 60) {
            off = (oh * 60 + om) * (s[p] == '-' ? -1 : 1);
            p = t;
        }
    }
    unsigned oa = (unsigned)(off < 0 ? -off : off);
    if (h < 0)
        snprintf(iso, SW_DATE_MAX, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u,
                 (unsigned)d % 100u);
    else
        snprintf(iso, SW_DATE_MAX, "%04u-%02u-%02uT%02u:%02u:%02u%c%02u:%02u", (unsigned)y % 10000u,
                 (unsigned)mo % 100u, (unsigned)d % 100u, (unsigned)h % 100u, (unsigned)mi % 100u,
                 (unsigned)se % 100u, off < 0 ? '-' : '+', (oa / 60) % 100u, oa % 60u);
    *end = p;
    return 1;
}

int sw_date_find(const char *s, size_t len, char iso[SW_DATE_MAX], size_t *at, size_t *mlen) {
    for (size_t i = 0; i + 8 <= len; i++) {
        if (s[i] < '1' || s[i] > '2' || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9'))
            continue;
        size_t end;
        if (date_at(s, len, i, iso, &end)) {
            if (at)
                *at = i;
            if (mlen)
                *mlen = end - i;
            return 1;
        }
    }
    return 0;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
int64_t sw_date_days(int y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t sw_date_unix(const char *iso) {
    int y, mo, d, h = 0, mi = 0, se = 0, oh = 8, om = 0;
    char sign = '+';
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &mo, &d) != 3)
        return INT64_MIN;
    if (strlen(iso) > 10 &&
        sscanf(iso + 10, "T%2d:%2d:%2d%c%2d:%2d", &h, &mi, &se, &sign, &oh, &om) != 6)
        return INT64_MIN;
    int64_t off = (int64_t)(oh * 60 + om) * 60 * (sign == '-' ? -1 : 1);
    return sw_date_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
}

int64_t sw_date_day(int64_t t) {
    int64_t s = t > INT64_MAX - 8 * 3600 ? INT64_MAX : t + 8 * 3600;
    return s / 86400 - (s % 86400 < 0);
}

/* The inverse of sw_date_days (H. Hinnant's civil_from_days). */
void sw_date_civil(int64_t day, int *y, int *m, int *d) {
    int64_t z = day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}
