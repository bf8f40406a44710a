/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * date.h - dates as Chinese news pages write them.
 *
 * Recognised: 2026-02-02, 2026/2/2, 2026.02.02 and 2026年2月2日, each
 * optionally followed by a time (17:58 or 17:58:29, also after 日 or a T),
 * and ISO 8601 with an offset or Z. A page's times are UTC+08:00 unless
 * they say otherwise. Relative forms (3小时前) and dates without a year
 * are not recognised.
 */
#ifndef SW_DATE_H
#define SW_DATE_H

#include <stddef.h>
#include <stdint.h>

#define SW_DATE_MAX 40 /* room for any ISO string sw_date_find writes */

/*
 * Finds the first date in s[0..len). On success writes to `iso` either
 * "YYYY-MM-DD" (date only) or "YYYY-MM-DDTHH:MM:SS+hh:mm", stores the match's
 * byte offset and length in *at and *mlen (either may be NULL), and returns
 * 1; returns 0 when there is none.
 */
int sw_date_find(const char *s, size_t len, char iso[SW_DATE_MAX], size_t *at, size_t *mlen);

/* Seconds since the epoch of an ISO string written by sw_date_find, or INT64_MIN. */
int64_t sw_date_unix(const char *iso);

/* The day (days since 1970-01-01) of the unix time t in UTC+08:00, the day that date: means. */
int64_t sw_date_day(int64_t t);

/* The calendar date of a day counted as sw_date_day counts (proleptic Gregorian). */
void sw_date_civil(int64_t day, int *y, int *m, int *d);

/* The number of days in month m (1-12) of year y. */
int sw_date_month_days(int y, int m);

/* The day of y-m-d, as sw_date_day counts. */
int64_t sw_date_days(int y, int m, int d);

#endif
