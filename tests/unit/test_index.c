/*
 * test_index.c - the Xapian side of versioning and of --check: the schema
 * version recorded in the index, and the ids read back from its id terms.
 */
#include "check.h"
#include "error.h"
#include "index.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

static int contains(const char *s, const char *w) { return s && strstr(s, w) != NULL; }

int main(void) {
    char dir[] = "/tmp/souwen-test-index.XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char path[64];
    snprintf(path, sizeof(path), "%s/xapian", dir);
    sw_segmenter *seg = NULL;
    CHECK_INT(sw_segmenter_new(&seg, NULL), 0);

    /* A new index records this souwen's schema version. */
    sw_index *x = NULL;
    char *err = NULL;
    int ver = -1;
    CHECK_INT(sw_index_open(path, SW_INDEX_WRITE, &x, &err), 0);
    CHECK_INT(sw_index_schema(x, &ver, &err), 0);
    CHECK_INT(ver, SW_SCHEMA_VERSION);

    /* Ids come back sorted as numbers, per type (Qa12 sorts before Qa5 as bytes). */
    sw_doc docs[] = {
        {'a', 5, "人工智能算力计划", NULL, NULL, NULL, NULL, "正文", NULL, 0},
        {'a', 12, "足球比赛", NULL, NULL, NULL, NULL, "正文", NULL, 0},
        {'h', 3, "城市地铁新线开通", "示例晚报", NULL, NULL, NULL, NULL, "热点推荐", 1}};
    for (size_t i = 0; i < 3; i++)
        CHECK_INT(sw_index_put(x, seg, &docs[i], &err), 0);
    CHECK_INT(sw_index_commit(x, &err), 0);
    int64_t *ids = NULL;
    size_t n = 0;
    CHECK_INT(sw_index_ids(x, 'a', &ids, &n, &err), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(ids[0], 5);
        CHECK_INT(ids[1], 12);
    }
    free(ids);
    CHECK_INT(sw_index_ids(x, 'h', &ids, &n, &err), 0);
    CHECK_INT(n, 1);
    if (n == 1)
        CHECK_INT(ids[0], 3);
    free(ids);
    CHECK_INT(sw_index_delete(x, 'a', 5, &err), 0);
    CHECK_INT(sw_index_commit(x, &err), 0);
    CHECK_INT(sw_index_ids(x, 'a', &ids, &n, &err), 0);
    CHECK_INT(n, 1);
    free(ids);

    /* An index of another version is refused, for reading and writing, naming both. */
    CHECK_INT(sw_index_set_schema(x, SW_SCHEMA_VERSION + 1, &err), 0);
    sw_index_close(x);
    x = NULL;
    CHECK_INT(sw_index_open(path, 0, &x, &err), SW_EINDEX);
    CHECK(contains(err, "has schema version 2; this souwen reads version 1"));
    CHECK(x == NULL);
    CHECK_INT(sw_index_open(path, SW_INDEX_WRITE, &x, &err), SW_EINDEX);
    CHECK(contains(err, "schema version 2"));
    /* ...unless the caller asks for any version (souwen-index --upgrade). */
    CHECK_INT(sw_index_open(path, SW_INDEX_WRITE | SW_INDEX_ANY_VERSION, &x, &err), 0);
    CHECK_INT(sw_index_schema(x, &ver, &err), 0);
    CHECK_INT(ver, 2);
    CHECK_INT(sw_index_set_schema(x, SW_SCHEMA_VERSION, &err), 0);
    sw_index_close(x);
    x = NULL;
    CHECK_INT(sw_index_open(path, 0, &x, &err), 0);
    sw_index_close(x);

    free(err);
    sw_segmenter_free(seg);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 2;
    return check_done();
}
