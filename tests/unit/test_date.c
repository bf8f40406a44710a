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
    /* The match's place in the line. */
    size_t at = 0, n = 0;
    char iso[SW_DATE_MAX];
    const char *line = "作者 2026-01-02 09:00 发布";
    CHECK(sw_date_find(line, strlen(line), iso, &at, &n));
    CHECK_INT(at, 7);
    CHECK_INT(n, 16);
    return check_done();
}
