/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_date.c - dates as Chinese news pages write them.
 */
#include "check.h"
#include "date.h"

static const char *find(const char *s) {
    static char iso[SW_DATE_MAX];
    return sw_date_find(s, strlen(s), iso, NULL, NULL) ? iso : NULL;
}

int main(void) {
    CHECK_STR(find("2026-02-02 17:58:29"), "2026-02-02T17:58:29+08:00");
    CHECK_STR(find("来源：新华社 2026-02-02 17:58"), "2026-02-02T17:58:00+08:00");
    CHECK_STR(find("2026年2月2日 10:30"), "2026-02-02T10:30:00+08:00");
    CHECK_STR(find("2026年2月2日"), "2026-02-02");
    CHECK_STR(find("2026/2/3"), "2026-02-03");
    CHECK_STR(find("2026-02-02T09:58:29Z"), "2026-02-02T09:58:29+00:00");
    CHECK_STR(find("2026-02-02T09:58:29-05:00"), "2026-02-02T09:58:29-05:00");
    /* Not dates: impossible days, no year, numbers that merely look close. */
    CHECK(find("2026-02-30") == NULL);
    CHECK(find("02-02 17:58") == NULL);
    CHECK(find("12026-02-02") == NULL);
    CHECK(find("单位算力投入下降超85%") == NULL);
    /* Unix time honours the offset: +08:00 is eight hours before UTC. */
    CHECK_INT(sw_date_unix("2026-02-02T08:00:00+08:00"), sw_date_unix("2026-02-02T00:00:00+00:00"));
    CHECK_INT(sw_date_unix("1970-01-01T08:00:00+08:00"), 0);
    CHECK_INT(sw_date_unix("2026-02-02"), sw_date_unix("2026-02-02T00:00:00+08:00"));
    CHECK(sw_date_unix("garbage") == INT64_MIN);
    /* Days and calendar dates, both ways, 1969 to 2101 (2000 a leap year, 2100 not). */
    int64_t day = sw_date_days(1969, 1, 1), bad = 0;
    for (int y = 1969; y <= 2101; y++)
        for (int m = 1; m <= 12; m++) {
            static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
            int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            for (int d = 1; d <= dim[m - 1] + (m == 2 && leap); d++, day++) {
                int yy, mm, dd;
                sw_date_civil(day, &yy, &mm, &dd);
                bad += sw_date_days(y, m, d) != day || yy != y || mm != m || dd != d;
            }
        }
    CHECK_INT(bad, 0);
    CHECK_INT(sw_date_days(1970, 1, 1), 0);
    CHECK_INT(sw_date_days(2100, 3, 1) - sw_date_days(2100, 2, 28), 1);
    /* The day of a time is its day in UTC+08:00, before 1970 too. */
    CHECK_INT(sw_date_day(sw_date_unix("2026-02-02T23:59:59+08:00")), sw_date_days(2026, 2, 2));
    CHECK_INT(sw_date_day(sw_date_unix("2026-02-02T16:00:00+00:00")), sw_date_days(2026, 2, 3));
    CHECK_INT(sw_date_day(sw_date_unix("1969-12-31T23:59:59+08:00")), -1);
    CHECK_INT(sw_date_day(INT64_MAX), INT64_MAX / 86400);
    /* The match's place in the line. */
    size_t at = 0, n = 0;
    char iso[SW_DATE_MAX];
    const char *line = "作者 2026-01-02 09:00 发布";
    CHECK(sw_date_find(line, strlen(line), iso, &at, &n));
    CHECK_INT(at, 7);
    CHECK_INT(n, 16);
    return check_done();
}
