/*
 * souwen_index.c - souwen-index: arguments, progress and the summary.
 *
 * All the work is in batch.c; this file only parses options, draws progress
 * on a terminal, prints errors and the summary, and picks the exit code.
 */
#include "batch.h"
#include "error.h"
#include "store.h"
#include "verify.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: souwen-index [--db DIR] [--quiet] [--commit-every N] PATH...\n"
    "       souwen-index [--db DIR] --check\n"
    "       souwen-index [--db DIR] --upgrade\n"
    "\n"
    "Indexes crawled news pages into a souwen index, so that souwen-search can find\n"
    "their articles and headlines.\n"
    "\n"
    "PATH is a page file, a folder (searched recursively for *.txt pages; symbolic\n"
    "links inside folders are not followed), or - to read one path per line from\n"
    "standard input. A page is a crawled page saved as UTF-8 text: breadcrumb,\n"
    "title, body, then headline lists (see README.md). Pages already indexed with\n"
    "the same bytes are skipped; changed pages replace what they had.\n"
    "\n"
    "options:\n"
    "  -d, --db DIR          the index folder (default: $SOUWEN_DB, else ./souwen.db);\n"
    "                        created when missing\n"
    "  -q, --quiet           no progress and no summary\n"
    "      --commit-every N  commit every N pages (default 500): what a crash or a\n"
    "                        kill can lose, and how soon searches see new pages\n"
    "      --check           verify the index: SQLite integrity, every stored article\n"
    "                        and listed headline in the search index and nothing\n"
    "                        else, every page found by its words; work a killed run\n"
    "                        left pending is reported, not a problem\n"
    "      --upgrade         bring an index written by an older souwen to this\n"
    "                        version's schema (an index is otherwise refused)\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "A file that cannot be read or parsed is reported on stderr and recorded in the\n"
    "index; the batch goes on with the next one. Ctrl-C stops after committing what\n"
    "was read so far. A crash or kill -9 loses at most the pages since the last\n"
    "commit: running the same command again completes the index. One writer at a\n"
    "time: a second souwen-index on the same index stops at once with 'index is\n"
    "locked by pid N'; searches may run at any time.\n"
    "\n"
    "exit status:\n"
    "  0  every input was indexed (or was unchanged); --check: the index is sound;\n"
    "     --upgrade: the index is at this version\n"
    "  1  some inputs failed (the others were indexed); --check: problems found\n"
    "  2  usage error, the index could not be opened or written, or it is locked\n"
    "  130  interrupted (what was read before is committed)\n";

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
    (void)sig;
    interrupted = 1;
}

typedef struct ui {
    int tty;          /* stderr is a terminal: draw progress */
    int drawn;        /* a progress line is on screen */
    struct timespec start, last;
} ui;

static double since(const struct timespec *a) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - a->tv_sec) + (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

static void clear_line(ui *u) {
    if (u->drawn) {
        fputs("\r\033[K", stderr);
        u->drawn = 0;
    }
}

static void on_error(void *ctx, const char *msg) {
    clear_line(ctx);
    fprintf(stderr, "souwen-index: %s\n", msg);
}

static void on_progress(void *ctx, const sw_batch_stats *st) {
    ui *u = ctx;
    if (!u->tty || since(&u->last) < 0.1 || since(&u->start) < 0.5)
        return;
    clock_gettime(CLOCK_MONOTONIC, &u->last);
    double secs = since(&u->start), mb = (double)st->bytes / 1e6;
    fprintf(stderr, "\r\033[Kindexing: %lld files, %.1f MB, %.1f MB/s", (long long)st->files, mb,
            secs > 0 ? mb / secs : 0.0);
    u->drawn = 1;
}

static int add_stdin_paths(sw_batch *b, char **errmsg) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while (!rc && !interrupted && (n = getline(&line, &cap, stdin)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n > 0)
            rc = sw_batch_add_path(b, line, errmsg);
    }
    free(line);
    return rc;
}

static void on_problem(void *ctx, const char *msg) {
    (void)ctx;
    fprintf(stderr, "souwen-index: check: %s\n", msg);
}

/* --check: the report on stdout, problems on stderr. */
static int run_check(const char *db) {
    sw_verify_report r;
    char *err = NULL;
    int rc = sw_verify_run(db, on_problem, NULL, &r, &err);
    if (rc) {
        fprintf(stderr, "souwen-index: %s\n", err ? err : sw_strerror(rc));
        free(err);
        return 2;
    }
    printf("%lld pages, %lld articles, %lld headlines (%lld listed), %lld occurrences, "
           "%llu index documents, %lld failed files\n",
           (long long)r.store.pages, (long long)r.store.articles, (long long)r.store.headlines,
           (long long)r.store.listed_headlines, (long long)r.store.occurrences,
           (unsigned long long)r.index_docs, (long long)r.store.failures);
    printf("%lld of %lld pages found by their words\n", (long long)r.pages_searched,
           (long long)r.store.pages);
    if (r.store.pending)
        printf("%lld document%s pending: an interrupted run left %s; the next souwen-index "
               "run applies %s\n",
               (long long)r.store.pending, r.store.pending == 1 ? "" : "s",
               r.store.pending == 1 ? "it" : "them", r.store.pending == 1 ? "it" : "them");
    if (r.problems) {
        printf("%lld problem%s\n", (long long)r.problems, r.problems == 1 ? "" : "s");
        return 1;
    }
    puts("ok");
    return 0;
}

static int run_upgrade(const char *db) {
    int from = 0, to = 0;
    char *err = NULL;
    int rc = sw_batch_upgrade(db, &from, &to, &err);
    if (rc) {
        fprintf(stderr, "souwen-index: %s\n", err ? err : sw_strerror(rc));
        free(err);
        return 2;
    }
    if (from == to)
        printf("index '%s' is at schema version %d already: nothing to upgrade\n", db, to);
    else
        printf("index '%s' upgraded from schema version %d to %d\n", db, from, to);
    return 0;
}

enum { OPT_CHECK = 256, OPT_UPGRADE, OPT_COMMIT_EVERY };

int main(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"check", no_argument, NULL, OPT_CHECK},
        {"upgrade", no_argument, NULL, OPT_UPGRADE},
        {"commit-every", required_argument, NULL, OPT_COMMIT_EVERY},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    const char *db = getenv("SOUWEN_DB");
    int quiet = 0, c, mode = 0;
    size_t commit_every = 0;
    if (!db || !*db)
        db = "souwen.db";
    opterr = 0; /* our own message, without argv[0]'s path */
    while ((c = getopt_long(argc, argv, ":d:qhV", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'q': quiet = 1; break;
        case OPT_CHECK:
        case OPT_UPGRADE:
            if (mode && mode != c) {
                fputs("souwen-index: --check and --upgrade do not go together\n", stderr);
                return 2;
            }
            mode = c;
            break;
        case OPT_COMMIT_EVERY: {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (!*optarg || *end || errno || v < 1 || v > 1000000 || *optarg == '-') {
                fprintf(stderr,
                        "souwen-index: --commit-every needs a whole number from 1 to 1000000, "
                        "not '%s'\n",
                        optarg);
                return 2;
            }
            commit_every = (size_t)v;
            break;
        }
        case 'h': fputs(usage, stdout); return 0;
        case 'V': puts("souwen-index " SOUWEN_VERSION); return 0;
        case ':':
            fprintf(stderr, "souwen-index: option '%s' needs a value (see --help)\n", argv[optind - 1]);
            return 2;
        default:
            fprintf(stderr, "souwen-index: invalid option '%s' (see --help)\n", argv[optind - 1]);
            return 2;
        }
    }
    if (mode && optind < argc) {
        fprintf(stderr, "souwen-index: %s takes no PATH (see --help)\n",
                mode == OPT_CHECK ? "--check" : "--upgrade");
        return 2;
    }
    if (mode == OPT_CHECK)
        return run_check(db);
    if (mode == OPT_UPGRADE)
        return run_upgrade(db);
    if (optind >= argc) {
        fputs("souwen-index: no PATH given (see --help)\n", stderr);
        return 2;
    }

    ui u = {0};
    u.tty = !quiet && isatty(2);
    clock_gettime(CLOCK_MONOTONIC, &u.start);
    u.last = u.start;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    sw_batch_hooks hooks = {&u, on_error, on_progress, &interrupted};
    sw_batch *b = NULL;
    char *err = NULL;
    int rc = sw_batch_open(db, &hooks, &b, &err);
    if (!rc && commit_every)
        sw_batch_set_commit_pages(b, commit_every);
    for (int i = optind; !rc && i < argc && !interrupted; i++)
        rc = strcmp(argv[i], "-") ? sw_batch_add_path(b, argv[i], &err) : add_stdin_paths(b, &err);
    if (b && !rc)
        rc = sw_batch_flush(b, &err);
    clear_line(&u);
    if (rc) {
        fprintf(stderr, "souwen-index: %s\n", err ? err : sw_strerror(rc));
        free(err);
        sw_batch_close(b);
        return 2;
    }
    const sw_batch_stats *st = sw_batch_stats_get(b);
    if (!quiet)
        printf("%lld pages indexed (%lld unchanged), %lld articles, %lld headlines new, %lld "
               "seen again, %lld errors, %.2f s\n",
               (long long)st->pages, (long long)st->unchanged, (long long)st->articles,
               (long long)st->headlines_new, (long long)st->headlines_seen,
               (long long)st->errors, since(&u.start));
    int status = interrupted ? 130 : st->errors ? 1 : 0;
    sw_batch_close(b);
    return status;
}
