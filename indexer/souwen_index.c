/*
 * souwen_index.c - souwen-index: arguments, progress and the summary.
 *
 * All the work is in batch.c; this file only parses options, draws progress
 * on a terminal, prints errors and the summary, and picks the exit code.
 */
#include "batch.h"
#include "error.h"
#include "inspect.h"
#include "shards.h"
#include "store.h"
#include "text.h"
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
    "usage: souwen-index [--db DIR] [-j N] [--quiet] [--commit-every N] PATH...\n"
    "       souwen-index [--db DIR] --remove URL|PATH...\n"
    "       souwen-index [--db DIR] [-j N] --rebuild\n"
    "       souwen-index [--db DIR] --compact\n"
    "       souwen-index [--db DIR] --stats [--json]\n"
    "       souwen-index [--db DIR] --show PATH|URL...\n"
    "       souwen-index [--db DIR] --check\n"
    "       souwen-index [--db DIR] --upgrade\n"
    "\n"
    "Indexes crawled news pages into a souwen index, so that souwen-search can find\n"
    "their articles and headlines.\n"
    "\n"
    "PATH is a page file, a folder (searched recursively for *.txt, *.html, *.htm,\n"
    "*.shtml, *.xhtml, *.warc and *.warc.gz; symbolic links inside folders are not\n"
    "followed), or - to read one path per line from standard input. A page is HTML\n"
    "in any charset (UTF-8, GBK, GB2312, GB18030, Big5, UTF-16: decided by BOM,\n"
    "<meta>, then detection), a crawled page saved as UTF-8 text (see README.md),\n"
    "or a WARC file (.warc or .warc.gz), whose HTML response and resource records\n"
    "are pages keyed by their WARC-Target-URI. Pages already indexed with the same\n"
    "bytes are skipped; changed pages replace what they had.\n"
    "\n"
    "options:\n"
    "  -d, --db DIR          the index folder (default: $SOUWEN_DB, else ./souwen.db);\n"
    "                        created when missing\n"
    "  -j, --jobs N          writer threads (default: $SOUWEN_JOBS, else the number of\n"
    "                        cores, here %u).\n"
    "                        Each writes its own Xapian database (a shard) inside\n"
    "                        the index folder; an index gains shards when run with\n"
    "                        more jobs than it has, and searches read all of them\n"
    "  -q, --quiet           no progress and no summary\n"
    "      --timings         after the summary, print on stderr one line\n"
    "                        'souwen-index timings: {JSON}' with seconds per stage\n"
    "                        (read, parse, store, fetch, segment, xapian, commit:\n"
    "                        the last four summed over the writer threads; wall)\n"
    "      --commit-every N  commit every N pages (default 500): what a crash or a\n"
    "                        kill can lose, and how soon searches see new pages\n"
    "      --remove          forget the pages with these URLs, keys or paths (a WARC\n"
    "                        file's path forgets all its pages); their documents leave\n"
    "                        the index\n"
    "      --rebuild         rebuild the search index (the Xapian shards) from the\n"
    "                        SQLite record alone, over -j new shards, without opening\n"
    "                        the old ones (damaged or lost shards are recovered);\n"
    "                        searches use the old shards until the new ones replace\n"
    "                        them at once\n"
    "      --compact         merge the index's shards into one compacted Xapian\n"
    "                        database (smaller; later runs with -j N spread new\n"
    "                        pages over N shards again)\n"
    "      --stats           print counts: pages, articles, headlines, occurrences,\n"
    "                        failed files, charsets, index size (--json: one JSON object)\n"
    "      --show            print as JSON what souwen takes from each page: a file is\n"
    "                        parsed afresh (a WARC file: one line per HTML record), a URL\n"
    "                        is looked up in the index\n"
    "      --json            with --stats: JSON instead of text\n"
    "      --check           verify the index (needs only read access): SQLite\n"
    "                        integrity, every stored article\n"
    "                        and listed headline in the search index and nothing\n"
    "                        else, every page found by its words; work a killed run\n"
    "                        left pending is reported, not a problem\n"
    "      --upgrade         bring an index written by an older souwen to this\n"
    "                        version's schema (an index is otherwise refused)\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "A file or WARC record that cannot be read or parsed is reported on stderr\n"
    "(with the byte offset of the record) and recorded in the index; the batch\n"
    "goes on (a FIFO or device is refused, not waited on, whatever its name).\n"
    "Ctrl-C stops after committing what was read so far. A crash or\n"
    "kill -9 loses at most the pages since the last commit: running the same\n"
    "command again completes the index. One writer at a time: a second\n"
    "souwen-index on the same index stops at once with 'index is locked by pid\n"
    "N'; searches may run at any time. DIR/xapian.stub lists the shards for\n"
    "Xapian's own tools: xapian-tcpsrv --port P DIR/xapian.stub serves the index\n"
    "to souwen-search --db tcp://HOST:P.\n"
    "\n"
    "exit status:\n"
    "  0  every input was indexed (or was unchanged); --remove: every page was\n"
    "     found; --show: every page was shown; --check: the index is sound;\n"
    "     --upgrade: the index is at this version\n"
    "     (--remove: also a page an interrupted --remove of it had removed)\n"
    "  1  some inputs failed (the others were indexed); --remove or --show: some\n"
    "     were not found or could not be read; --check: problems found\n"
    "  2  usage error, the index could not be opened or written, or it is locked;\n"
    "     a damaged store (indexing refuses it: see --check), a shard that is\n"
    "     missing (see --rebuild), a lock, layout, stub or shard that is a\n"
    "     symbolic link (never followed)\n"
    "  3  --check: the index is sound but some pages are not searchable yet: an\n"
    "     interrupted run left work pending, which the next souwen-index run applies\n"
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
    sw_text_warn("souwen-index", "%s", msg);
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

enum {
    MODE_INDEX,
    MODE_REMOVE,
    MODE_REBUILD,
    MODE_STATS,
    MODE_SHOW,
    MODE_CHECK,
    MODE_UPGRADE,
    MODE_COMPACT
};
enum { OPT_COMMIT_EVERY = 256, OPT_TIMINGS, OPT_JSON };

static unsigned cores(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > SW_SHARDS_MAX ? SW_SHARDS_MAX : (unsigned)n;
}

/* -j: N in 1..SW_SHARDS_MAX, else 0. */
static unsigned parse_jobs(const char *s) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || errno || v < 1 || v > SW_SHARDS_MAX || *s == '-')
        return 0;
    return (unsigned)v;
}

static void print_timings(const sw_batch_stats *st, double wall) {
    fprintf(stderr,
            "souwen-index timings: {\"read\": %.3f, \"parse\": %.3f, \"store\": %.3f, "
            "\"fetch\": %.3f, \"segment\": %.3f, \"xapian\": %.3f, \"commit\": %.3f, "
            "\"wall\": %.3f, \"workers\": %u, \"shards\": %zu, \"bytes\": %llu, "
            "\"pages\": %lld}\n",
            st->t_read, st->t_parse, st->t_store, st->t_fetch, st->t_build, st->t_write,
            st->t_commit, wall, st->workers, st->shards, (unsigned long long)st->bytes,
            (long long)st->pages);
}

static void show_error(void *ctx, const char *msg) {
    (void)ctx;
    sw_text_warn("souwen-index", "%s", msg);
}

/* --show, --stats: read-only, no batch. */
static int inspect(int mode, const char *db, int json, char **args, int nargs) {
    char *err = NULL;
    if (mode == MODE_STATS) {
        int rc = sw_inspect_stats(db, json, stdout, &err);
        if (rc)
            sw_text_warn("souwen-index", "%s", err ? err : sw_strerror(rc));
        free(err);
        return rc ? 2 : 0;
    }
    int failed = 0;
    for (int i = 0; i < nargs; i++) {
        int rc = sw_inspect_show(db, args[i], stdout, show_error, NULL, &failed, &err);
        if (rc) {
            sw_text_warn("souwen-index", "%s", err ? err : sw_strerror(rc));
            free(err);
            err = NULL;
            if (rc != SW_ENOTFOUND && rc != SW_EPARSE && rc != SW_EIO)
                return 2;
            failed++;
        }
    }
    fflush(stdout);
    return failed ? 1 : 0;
}

static void on_problem(void *ctx, const char *msg) {
    (void)ctx;
    sw_text_warn("souwen-index", "check: %s", msg);
}

/* --check: the report on stdout, problems on stderr. */
static int run_check(const char *db) {
    sw_verify_report r;
    char *err = NULL;
    int rc = sw_verify_run(db, on_problem, NULL, &r, &err);
    if (rc) {
        sw_text_warn("souwen-index", "%s", err ? err : sw_strerror(rc));
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
    if (r.pages_pending)
        printf("%lld page%s not searchable until then\n", (long long)r.pages_pending,
               r.pages_pending == 1 ? "" : "s");
    if (r.problems) {
        printf("%lld problem%s\n", (long long)r.problems, r.problems == 1 ? "" : "s");
        return 1;
    }
    if (r.pages_pending) {
        /* Sound, but not every page can be found: not "ok" (exit 3, see --help). */
        puts("incomplete: run souwen-index on this index to apply the pending work");
        return 3;
    }
    puts("ok");
    return 0;
}

static int run_upgrade(const char *db, unsigned jobs) {
    int from = 0, to = 0;
    char *err = NULL;
    int rc = sw_batch_upgrade(db, jobs, &from, &to, &err);
    if (rc) {
        sw_text_warn("souwen-index", "%s", err ? err : sw_strerror(rc));
        free(err);
        return 2;
    }
    if (from == to)
        printf("index '%s' is at schema version %d already: nothing to upgrade\n", db, to);
    else
        printf("index '%s' upgraded from schema version %d to %d\n", db, from, to);
    return 0;
}

int main(int argc, char **argv) {
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"remove", no_argument, NULL, 'R'},
                                         {"rebuild", no_argument, NULL, 'B'},
                                         {"stats", no_argument, NULL, 'S'},
                                         {"show", no_argument, NULL, 'W'},
                                         {"json", no_argument, NULL, OPT_JSON},
                                         {"check", no_argument, NULL, 'C'},
                                         {"upgrade", no_argument, NULL, 'U'},
                                         {"commit-every", required_argument, NULL, OPT_COMMIT_EVERY},
                                         {"jobs", required_argument, NULL, 'J'},
                                         {"compact", no_argument, NULL, 'K'},
                                         {"timings", no_argument, NULL, OPT_TIMINGS},
                                         {"help", no_argument, NULL, 'h'},
                                         {"version", no_argument, NULL, 'V'},
                                         {NULL, 0, NULL, 0}};
    const char *db = getenv("SOUWEN_DB");
    int quiet = 0, c, mode = MODE_INDEX, json = 0, timings = 0;
    unsigned jobs = cores();
    const char *ej = getenv("SOUWEN_JOBS");
    if (ej && *ej && !(jobs = parse_jobs(ej))) {
        sw_text_warn("souwen-index", "SOUWEN_JOBS needs a whole number from 1 to %d, not '%s'",
                SW_SHARDS_MAX, ej);
        return 2;
    }
    size_t commit_every = 0;
    if (!db || !*db)
        db = "souwen.db";
    opterr = 0; /* our own message, without argv[0]'s path */
    while ((c = getopt_long(argc, argv, ":d:qj:hV", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'q': quiet = 1; break;
        case 'R':
        case 'B':
        case 'S':
        case 'W':
        case 'C':
        case 'K':
        case 'U': {
            int m = c == 'R'   ? MODE_REMOVE
                    : c == 'B' ? MODE_REBUILD
                    : c == 'S' ? MODE_STATS
                    : c == 'W' ? MODE_SHOW
                    : c == 'C' ? MODE_CHECK
                    : c == 'K' ? MODE_COMPACT
                               : MODE_UPGRADE;
            if (mode != MODE_INDEX && mode != m) {
                fputs("souwen-index: --remove, --rebuild, --compact, --stats, --show, --check and "
                      "--upgrade do not go together\n",
                      stderr);
                return 2;
            }
            mode = m;
            break;
        }
        case OPT_JSON: json = 1; break;
        case 'j':
        case 'J':
            if (!(jobs = parse_jobs(optarg))) {
                sw_text_warn("souwen-index", "-j needs a whole number from 1 to %d, not '%s'",
                        SW_SHARDS_MAX, optarg);
                return 2;
            }
            break;
        case OPT_TIMINGS: timings = 1; break;
        case OPT_COMMIT_EVERY: {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (!*optarg || *end || errno || v < 1 || v > 1000000 || *optarg == '-') {
                sw_text_warn("souwen-index", "--commit-every needs a whole number from 1 to 1000000, "
                        "not '%s'",
                        optarg);
                return 2;
            }
            commit_every = (size_t)v;
            break;
        }
        case 'h': printf(usage, cores()); return 0;
        case 'V': puts("souwen-index " SOUWEN_VERSION); return 0;
        case ':':
            sw_text_warn("souwen-index", "option '%s' needs a value (see --help)", argv[optind - 1]);
            return 2;
        default:
            sw_text_warn("souwen-index", "invalid option '%s' (see --help)", argv[optind - 1]);
            return 2;
        }
    }
    if ((mode == MODE_REBUILD || mode == MODE_STATS || mode == MODE_CHECK ||
         mode == MODE_UPGRADE || mode == MODE_COMPACT) &&
        optind < argc) {
        static const char *const names[] = {"",      "",      "rebuild", "stats",
                                            "",      "check", "upgrade", "compact"};
        sw_text_warn("souwen-index", "--%s takes no PATH (see --help)", names[mode]);
        return 2;
    }
    if (mode == MODE_CHECK)
        return run_check(db);
    if (mode == MODE_UPGRADE)
        return run_upgrade(db, jobs);
    if (mode != MODE_REBUILD && mode != MODE_STATS && mode != MODE_COMPACT && optind >= argc) {
        sw_text_warn("souwen-index", "no %s given (see --help)",
                mode == MODE_INDEX ? "PATH" : "URL or PATH");
        return 2;
    }
    if (mode == MODE_STATS || mode == MODE_SHOW)
        return inspect(mode, db, json, argv + optind, argc - optind);

    ui u = {0};
    u.tty = !quiet && isatty(2);
    clock_gettime(CLOCK_MONOTONIC, &u.start);
    u.last = u.start;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    sw_batch_hooks hooks = {&u, on_error, on_error, on_progress, &interrupted};
    sw_batch *b = NULL;
    char *err = NULL;
    /* --compact merges into one shard: it would be a waste to widen the layout first. */
    int rc = mode == MODE_REBUILD ? 0
             : sw_batch_open(db, &hooks, mode == MODE_COMPACT ? 1 : jobs, &b, &err);
    if (b && commit_every)
        sw_batch_set_commit_pages(b, commit_every);
    if (mode == MODE_REMOVE || mode == MODE_REBUILD || mode == MODE_COMPACT) {
        int missing = 0;
        int64_t total = 0;
        uint64_t docs = 0;
        for (int i = optind; !rc && mode == MODE_REMOVE && i < argc; i++) {
            int64_t n = 0;
            rc = sw_batch_remove(b, argv[i], &n, &err);
            if (!rc && n == 0) {
                sw_text_warn("souwen-index", "no page '%s' in the index", argv[i]);
                missing++;
            }
            total += n;
        }
        if (!rc)
            rc = mode == MODE_REMOVE    ? sw_batch_flush(b, &err)
                 : mode == MODE_REBUILD ? sw_batch_rebuild(db, &hooks, jobs, &docs, &err)
                                        : sw_batch_compact(b, &docs, &err);
        if (rc) {
            sw_text_warn("souwen-index", "%s", err ? err : sw_strerror(rc));
            free(err);
            sw_batch_close(b);
            return 2;
        }
        if (!quiet && mode == MODE_REMOVE)
            printf("%lld pages removed\n", (long long)total);
        if (!quiet && mode == MODE_REBUILD)
            printf("index rebuilt: %llu documents, %.2f s\n", (unsigned long long)docs,
                   since(&u.start));
        if (!quiet && mode == MODE_COMPACT)
            printf("index compacted into one database: %llu documents, %.2f s\n",
                   (unsigned long long)docs, since(&u.start));
        sw_batch_close(b);
        return missing ? 1 : 0;
    }
    for (int i = optind; !rc && i < argc && !interrupted; i++)
        rc = strcmp(argv[i], "-") ? sw_batch_add_path(b, argv[i], &err) : add_stdin_paths(b, &err);
    if (b && !rc)
        rc = sw_batch_flush(b, &err);
    clear_line(&u);
    if (rc) {
        sw_text_warn("souwen-index", "%s", err ? err : sw_strerror(rc));
        free(err);
        sw_batch_close(b);
        return 2;
    }
    const sw_batch_stats *st = sw_batch_stats_get(b);
    if (!quiet && st->warc_records)
        printf("%lld pages indexed (%lld unchanged), %lld articles, %lld headlines new, %lld "
               "seen again, %lld WARC records skipped (of %lld), %lld errors, %.2f s\n",
               (long long)st->pages, (long long)st->unchanged, (long long)st->articles,
               (long long)st->headlines_new, (long long)st->headlines_seen,
               (long long)st->warc_skipped, (long long)st->warc_records, (long long)st->errors,
               since(&u.start));
    else if (!quiet)
        printf("%lld pages indexed (%lld unchanged), %lld articles, %lld headlines new, %lld "
               "seen again, %lld errors, %.2f s\n",
               (long long)st->pages, (long long)st->unchanged, (long long)st->articles,
               (long long)st->headlines_new, (long long)st->headlines_seen,
               (long long)st->errors, since(&u.start));
    if (timings)
        print_timings(st, since(&u.start));
    int status = interrupted ? 130 : st->errors ? 1 : 0;
    sw_batch_close(b);
    return status;
}
