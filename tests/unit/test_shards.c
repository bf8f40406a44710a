/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_shards.c - the shard layout: routing by epoch, growing, saving and
 * reading back, and damaged layout files refused with file and line.
 */
#include "check.h"
#include "error.h"
#include "shards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int contains(const char *s, const char *w) { return s && strstr(s, w) != NULL; }

static void write_file(const char *dir, const char *name, const char *text) {
    char p[256];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *read_file(const char *dir, const char *name) {
    char p[256];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    static char buf[4096];
    size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    return buf;
}

int main(void) {
    char dir[] = "/tmp/souwen-test-shards.XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char *err = NULL;
    sw_shards s;

    /* A folder without a layout file: one shard, xapian, everything in it. */
    CHECK_INT(sw_shards_load(dir, &s, &err), 0);
    CHECK_INT(s.n, 1);
    CHECK_STR(s.names[0], "xapian");
    CHECK_INT(sw_shards_route(&s, 'a', 12345), 0);
    CHECK_INT(sw_shards_width(&s), 1);

    /* Growing to 3 from ids 100 (articles) and 40 (headlines): older ids stay in shard 0. */
    CHECK_INT(sw_shards_grow(&s, 3, 100, 40, &err), 0);
    CHECK_INT(s.n, 3);
    CHECK_STR(s.names[1], "xapian.1");
    CHECK_INT(sw_shards_route(&s, 'a', 99), 0);
    CHECK_INT(sw_shards_route(&s, 'a', 100), 1);
    CHECK_INT(sw_shards_route(&s, 'a', 101), 2);
    CHECK_INT(sw_shards_route(&s, 'a', 102), 0);
    CHECK_INT(sw_shards_route(&s, 'h', 39), 0);
    CHECK_INT(sw_shards_route(&s, 'h', 41), 2);
    CHECK_INT(sw_shards_width(&s), 3);
    /* Growing again before anything was written in the epoch widens that epoch. */
    CHECK_INT(sw_shards_grow(&s, 4, 100, 40, &err), 0);
    CHECK_INT(s.nepochs, 2);
    CHECK_INT(sw_shards_route(&s, 'a', 103), 3);

    /* Saved and read back the same; the stub lists the shards for Xapian's tools. */
    CHECK_INT(sw_shards_save(&s, &err), 0);
    CHECK(contains(read_file(dir, "xapian.stub"), "auto xapian\nauto xapian.1\nauto xapian.2\n"));
    sw_shards t;
    CHECK_INT(sw_shards_load(dir, &t, &err), 0);
    CHECK_INT(t.n, 4);
    CHECK_INT(t.nepochs, 2);
    for (int64_t id = 0; id < 300; id++) {
        CHECK_INT(sw_shards_route(&t, 'a', id), sw_shards_route(&s, 'a', id));
        CHECK_INT(sw_shards_route(&t, 'h', id), sw_shards_route(&s, 'h', id));
    }
    sw_shards_release(&t);

    /* A reset with fresh names avoids every name the old layout used. */
    CHECK_INT(sw_shards_reset(&s, 1, 1, &err), 0);
    CHECK_INT(s.n, 1);
    CHECK_STR(s.names[0], "xapian.4");
    CHECK_INT(sw_shards_route(&s, 'a', 103), 0);
    sw_shards_release(&s);

    /* Damaged layouts: refused, naming the file and the line. */
    static const struct {
        const char *text, *why;
    } bad[] = {
        {"shard xapian\nepoch 0 0 2\n", "spreads ids over 2 shards but lists 1"},
        {"shard xapian\nshard xapian\nepoch 0 0 1\n", "line 2"},
        {"shard ../elsewhere\nepoch 0 0 1\n", "line 1"},
        {"shard xapian\nepoch 5 0 1\n", "line 2"},
        {"shard xapian\nshard x1\nepoch 0 0 1\nepoch 10 10 2\nepoch 5 20 2\n", "line 5"},
        {"shard xapian\nepoch 0 0 0\n", "line 2"},
        {"shard xapian\nepoch 0 0 1 extra\n", "line 2"},
        {"# nothing\n", "lists no shard"},
        {"shard xapian\n", "lists no epoch"},
        {"shards xapian\nepoch 0 0 1\n", "line 1"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        write_file(dir, "shards", bad[i].text);
        CHECK_INT(sw_shards_load(dir, &s, &err), SW_EINDEX);
        CHECK(contains(err, "/shards'"));
        CHECK(contains(err, bad[i].why));
    }

    free(err);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 2;
    return check_done();
}
