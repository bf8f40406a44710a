/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * souwen_index.c - souwen-index: arguments, progress and the summary.
 *
 * All the work is in the batch driver (batch.h), inspect.c and verify.c;
 * this file only parses options, draws progress on a terminal, prints
 * errors and the summary, and picks the exit code.
 *
 * The decision a reader needs: every option is one row of `options`, in
 * --help order, and a mode (--remove, --check...) is an option row that
 * names its mode, as git's OPT_CMDMODE does. getopt's table, --help, the
 * "do not go together" and "takes no PATH" messages and the step each
 * mode runs all come from those rows, so a mode is said once.
 */
#include "batch.h"
#include "buf.h"
#include "error.h"
#include "inspect.h"
#include "shards.h"
#include "store.h"
#include "text.h"
#include "url.h"
#include "util.h"
#include "verify.h"
#include "version.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROG "souwen-index"

/* --help before the options, after "usage: " and the modes' lines. */
static const char about[] =
    "\n"
    "Indexes crawled news pages into a souwen index, so that souwen-search can find\n"
    "their articles and headlines.\n"
    "\n"
    "PATH is a page file, a folder (searched recursively for *.txt, *.html, *.htm,\n"
    "*.shtml, *.xhtml, *.warc and *.warc.gz; symbolic links inside folders are\n"
    "counted and left, unless --follow), or - to read one path per line from\n"
    "standard input. A path that does not exist, or a folder with no page file in\n"
    "it, is a failed input: 'no pages found under DIR'. A page is HTML\n"
    "in any charset (UTF-8, GBK, GB2312, GB18030, Big5, UTF-16: decided by BOM,\n"
    "<meta>, then detection), a crawled page saved as UTF-8 text (see README.md),\n"
    "or a WARC file (.warc or .warc.gz), whose HTML response and resource records\n"
    "are pages keyed by their WARC-Target-URI. Pages already indexed with the same\n"
    "bytes are skipped; changed pages replace what they had.\n"
    "\n"
    "options:\n";

/* --help after the options. */
static const char epilogue[] =
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
    "     (--remove: also a page an interrupted --remove of it had removed;\n"
    "     --retry-failed: also when no file was recorded as failed)\n"
    "  1  some inputs failed (the others were indexed; a path that does not exist\n"
    "     and a folder with no page file are failed inputs); --remove or --show: some\n"
    "     were not found or could not be read; --check: problems found\n"
    "  2  usage error, the index could not be opened or written, or it is locked;\n"
    "     a damaged store (indexing refuses it: see --check), a shard that is\n"
    "     missing (see --rebuild), a lock, layout, stub or shard that is a\n"
    "     symbolic link (never followed); every mode but indexing and --show:\n"
    "     there is no index at DIR ('no index at DIR': a mistyped --db is not created)\n"
    "  3  --check: the index is sound but some pages are not searchable yet: an\n"
    "     interrupted run left work pending, which the next souwen-index run applies\n"
    "  130  interrupted (what was read before is committed)\n";

typedef struct args args;

/* What souwen-index does: index PATHs unless a mode option asks for something else. */
enum {
    MODE_INDEX,
    MODE_REMOVE,
    MODE_REBUILD,
    MODE_COMPACT,
    MODE_STATS,
    MODE_SHOW,
    MODE_CHECK,
    MODE_UPGRADE,
    MODE_RETRY_FAILED,
    MODE_HISTORY
};

/* The options that are not modes. */
enum {
    OPT_DB = 100,
    OPT_JOBS,
    OPT_QUIET,
    OPT_TIMINGS,
    OPT_COMMIT_EVERY,
    OPT_BASE_URL,
    OPT_FETCHED_AT,
    OPT_AT,
    OPT_FOLLOW,
    OPT_EXCLUDE,
    OPT_NO_COMPACT,
    OPT_JSON,
    OPT_HELP,
    OPT_VERSION
};

/* One option, or one mode (an option that selects it, or indexing, the default). */
typedef struct option_row {
    int id;            /* MODE_* for a mode, else OPT_* */
    char letter;       /* the short option, or 0 */
    const char *name;  /* the long option without "--" (NULL: indexing, no option) */
    const char *value; /* the name of its value in --help ("DIR"); NULL: it takes none */
    const char *help;  /* its lines in --help, part of a printf format (see print_usage) */
    /* Modes only. */
    const char *synopsis;      /* its line of the usage, after "souwen-index " */
    const char *operands;      /* what it needs after the options ("PATH"), NULL: it takes none */
    int (*run)(const args *a); /* the step it runs */
} option_row;

/* What the command line asks for. */
struct args {
    const option_row *mode; /* index_mode, or the row of the mode option given */
    const char *db;         /* --db, else $SOUWEN_DB, else souwen.db */
    unsigned jobs;          /* -j, else $SOUWEN_JOBS, else the number of cores */
    size_t commit_every;    /* --commit-every; 0: the batch's default */
    const char *base_url;   /* --base-url, or NULL */
    char fetched_at[24];    /* --fetched-at as a capture time, or "" */
    char at[24];            /* --at as a capture time, or "" */
    int follow;             /* --follow */
    int no_compact;         /* --no-compact */
    const char **excludes;  /* --exclude GLOBs (argv's strings; the array owned by main) */
    int nexcludes;          /* ...how many */
    int quiet;              /* --quiet */
    int json;               /* --json */
    int timings;            /* --timings */
    char **operands;        /* the arguments after the options */
    int noperands;          /* ...how many */
};

static int run_index(const args *a);
static int run_admin(const args *a);
static int run_stats(const args *a);
static int run_show(const args *a);
static int run_check(const args *a);
static int run_upgrade(const args *a);
static int run_history(const args *a);

static const option_row index_mode = {
    .id = MODE_INDEX,
    .operands = "PATH",
    .run = run_index,
    .synopsis = "[--db DIR] [-j N] [--quiet] [--commit-every N] [--base-url URL]\n"
                "                    [--fetched-at TIME] [--follow] [--exclude GLOB]...\n"
                "                    [--no-compact] PATH..."};

/* Every option, in --help order; the modes among them in the order of the usage lines. */
static const option_row options[] = {
    {.id = OPT_DB,
     .letter = 'd',
     .name = "db",
     .value = "DIR",
     .help = "the index folder (default: $SOUWEN_DB, else ./souwen.db);\n"
             "created when missing"},
    {.id = OPT_JOBS,
     .letter = 'j',
     .name = "jobs",
     .value = "N",
     .help = "writer threads (default: $SOUWEN_JOBS, else the number of\n"
             "cores, here CORES).\n"
             "Each writes its own Xapian database (a shard) inside\n"
             "the index folder; an index gains shards when run with\n"
             "more jobs than it has, and searches read all of them"},
    {.id = OPT_QUIET, .letter = 'q', .name = "quiet", .help = "no progress and no summary"},
    {.id = OPT_TIMINGS,
     .name = "timings",
     .help = "after the summary, print on stderr one line\n"
             "'souwen-index timings: {JSON}' with seconds per stage\n"
             "(read, parse, store, fetch, segment, xapian, commit:\n"
             "those four summed over the writer threads; compact;\n"
             "wall) and counts (pages, bytes, batches committed)"},
    {.id = OPT_COMMIT_EVERY,
     .name = "commit-every",
     .value = "N",
     .help = "commit every N pages (default 500, where a page known\n"
             "unchanged by its path or URL before it is read counts a\n"
             "sixteenth): what a crash or a kill can lose, and how soon\n"
             "searches see new pages"},
    {.id = OPT_BASE_URL,
     .name = "base-url",
     .value = "URL",
     .help = "resolve the relative links of pages that carry no URL\n"
             "of their own (a folder saved from one site) against URL,\n"
             "an absolute http(s) URL; with indexing and --show.\n"
             "What a page says of itself wins: its <base href>,\n"
             "its WARC record's URL, its canonical link or og:url.\n"
             "It does not become the page's URL (a file is still\n"
             "keyed by its path); unchanged pages are not read again"},
    {.id = OPT_FETCHED_AT,
     .name = "fetched-at",
     .value = "TIME",
     .help = "the capture time of the page files read (ISO 8601 or\n"
             "any date form souwen reads: '2026-01-05T10:00:00Z',\n"
             "'2026-01-05 18:00'); by default a file's modification\n"
             "time. A WARC record's WARC-Date always wins"},
    {.id = OPT_FOLLOW,
     .name = "follow",
     .help = "walk folders through the symbolic links inside them (by\n"
             "default they are counted in the summary and left); a link\n"
             "back to a folder it is in is reported and not walked\n"
             "again, a link to nothing is a failed input"},
    {.id = OPT_EXCLUDE,
     .name = "exclude",
     .value = "GLOB",
     .help = "leave out what folders hold that matches GLOB (a shell\n"
             "pattern, quoted: '*.bak', 'tmp'): a file, or a folder and\n"
             "all it holds, by its name; with a '/' in GLOB ('old/*'),\n"
             "by its path below the folder given. Repeatable; the\n"
             "summary counts what was left out"},
    {.id = OPT_NO_COMPACT,
     .name = "no-compact",
     .help = "do not compact the shards at the end of this run, even one\n"
             "that adds enough for it (see --compact): compacting needs\n"
             "room for one more copy of a shard while it runs"},
    {.id = MODE_REMOVE,
     .name = "remove",
     .operands = "URL or PATH",
     .run = run_admin,
     .synopsis = "[--db DIR] --remove URL|PATH...",
     .help = "forget the pages with these URLs, keys or paths (a WARC\n"
             "file's path forgets all its pages); their documents leave\n"
             "the index"},
    {.id = MODE_REBUILD,
     .name = "rebuild",
     .run = run_admin,
     .synopsis = "[--db DIR] [-j N] --rebuild",
     .help = "rebuild the search index (the Xapian shards) from the\n"
             "SQLite record alone, over -j new shards, without opening\n"
             "the old ones (damaged or lost shards are recovered);\n"
             "searches use the old shards until the new ones replace\n"
             "them at once"},
    {.id = MODE_COMPACT,
     .name = "compact",
     .run = run_admin,
     .synopsis = "[--db DIR] --compact",
     .help = "merge the index's shards into one compacted Xapian\n"
             "database (smaller; later runs with -j N spread new\n"
             "pages over N shards again). A run that adds 10,000\n"
             "documents or more, and at least as many as the index\n"
             "held, compacts each shard on its own at its end\n"
             "(unless --no-compact; without room for it, a warning)"},
    {.id = MODE_STATS,
     .name = "stats",
     .run = run_stats,
     .synopsis = "[--db DIR] --stats [--json]",
     .help = "print counts: pages, articles, stories (a reprinted\n"
             "article's pages are one), headlines, occurrences, failed\n"
             "files, charsets, index size (--json: one JSON object)"},
    {.id = MODE_SHOW,
     .name = "show",
     .operands = "URL or PATH",
     .run = run_show,
     .synopsis = "[--db DIR] [--base-url URL] [--at TIME] --show PATH|URL...",
     .help = "print as JSON what souwen takes from each page: a file is\n"
             "parsed afresh (a WARC file: one line per HTML record), a URL\n"
             "is looked up in the index"},
    {.id = OPT_AT,
     .name = "at",
     .value = "TIME",
     .help = "with --show: the page as it was at its latest capture\n"
             "not after TIME (as --fetched-at takes it): the article\n"
             "and the lists it showed then, looked up in the index;\n"
             "the line names that capture (captured_at, status)"},
    {.id = OPT_JSON, .name = "json", .help = "with --stats: JSON instead of text"},
    {.id = MODE_CHECK,
     .name = "check",
     .run = run_check,
     .synopsis = "[--db DIR] --check",
     .help = "verify the index (needs only read access): SQLite\n"
             "integrity, every stored article and every headline\n"
             "listed or shown in the search index and nothing\n"
             "else, every page found by its words; work a killed run\n"
             "left pending is reported, not a problem"},
    {.id = MODE_UPGRADE,
     .name = "upgrade",
     .run = run_upgrade,
     .synopsis = "[--db DIR] --upgrade",
     .help = "bring an index written by an older souwen to this\n"
             "version's schema (an index is otherwise refused)"},
    {.id = MODE_RETRY_FAILED,
     .name = "retry-failed",
     .run = run_index,
     .synopsis = "[--db DIR] [-j N] [--quiet] --retry-failed",
     .help = "read again every file an earlier run recorded as failed\n"
             "(counted by --stats): a file now indexed loses its\n"
             "record, one that fails again keeps it with the new\n"
             "reason, one that no longer exists is dropped from the\n"
             "record with a note"},
    {.id = MODE_HISTORY,
     .name = "history",
     .operands = "URL",
     .run = run_history,
     .synopsis = "[--db DIR] --history URL|PATH...",
     .help = "print the captures of a page, oldest first, as JSON\n"
             "Lines (on a terminal: a readable diff): fetched_at,\n"
             "status, change (new, unchanged, changed, gone, back),\n"
             "title; a changed text adds title_was (its title\n"
             "changed) and the paragraphs removed and added"},
    {.id = OPT_HELP, .letter = 'h', .name = "help", .help = "show this help and exit"},
    {.id = OPT_VERSION,
     .letter = 'V',
     .name = "version",
     .help = "show the version, and those of the libraries it runs\n"
             "with (Xapian, ICU, SQLite; OpenCC's as built), and exit"},
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))
#define LONG_ONLY 0x100 /* getopt's value for options[i] given by its long name: LONG_ONLY + i */

/* Prints --help: the usage lines of the modes, `about`, the options, `epilogue`. */
static void print_usage(unsigned cores) {
    sw_buf u = SW_BUF_INIT;
    sw_buf_addf(&u, "usage: %s %s\n", PROG, index_mode.synopsis);
    for (size_t i = 0; i < NOPTIONS; i++)
        if (options[i].synopsis)
            sw_buf_addf(&u, "       %s %s\n", PROG, options[i].synopsis);
    sw_buf_adds(&u, about);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const option_row *o = &options[i];
        char label[64];
        snprintf(label, sizeof(label), "%c%c%c --%s%s%s", o->letter ? '-' : ' ',
                 o->letter ? o->letter : ' ', o->letter ? ',' : ' ', o->name, o->value ? " " : "",
                 o->value ? o->value : "");
        sw_buf_addf(&u, "  %-20s  ", label);
        for (const char *h = o->help; *h; h++) {
            if (!strncmp(h, "CORES", 5)) { /* -j's help shows the number of cores */
                sw_buf_addf(&u, "%u", cores);
                h += 4;
                continue;
            }
            sw_buf_addc(&u, *h);
            if (*h == '\n')
                sw_buf_addf(&u, "%24s", "");
        }
        sw_buf_addc(&u, '\n');
    }
    sw_buf_adds(&u, epilogue);
    fputs(u.oom ? "out of memory\n" : sw_buf_str(&u), stdout);
    sw_buf_release(&u);
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig) {
    (void)sig;
    interrupted = 1;
}

/* SIGINT and SIGTERM stop a writer after the current file (the batch's `stop` hook). */
static void catch_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

typedef struct ui {
    int tty;   /* stderr is a terminal: draw progress */
    int drawn; /* a progress line is on screen */
    struct timespec start, last;
} ui;

static void ui_init(ui *u, int quiet) {
    memset(u, 0, sizeof(*u));
    u->tty = !quiet && isatty(2);
    clock_gettime(CLOCK_MONOTONIC, &u->start);
    u->last = u->start;
}

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
    sw_text_warn(PROG, "%s", msg);
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

/* A failure that ends the run: its message, and exit status 2. */
static int fatal(int rc, char *err) {
    sw_text_warn(PROG, "%s", err ? err : sw_strerror(rc));
    free(err);
    return 2;
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

/* --commit-every: N in 1..1000000, else 0. */
static size_t parse_commit_every(const char *s) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || v < 1 || v > 1000000 || *s == '-')
        return 0;
    return (size_t)v;
}

/* "1 page", "2 pages": n and its noun, in the number it takes. */
static void count(sw_buf *b, int64_t n, const char *one, const char *many) {
    sw_buf_addf(b, "%lld %s", (long long)n, n == 1 ? one : many);
}

/*
 * The summary: what was read, then what was left (failed inputs, as --stats counts them, and
 * the problems reported when more; links not followed; inputs excluded).
 */
static void print_summary(const sw_batch_stats *st, double secs) {
    sw_buf b = SW_BUF_INIT;
    count(&b, st->pages, "page", "pages");
    sw_buf_addf(&b, " indexed (%lld unchanged), ", (long long)st->unchanged);
    count(&b, st->articles, "article", "articles");
    sw_buf_adds(&b, ", ");
    count(&b, st->headlines_new, "headline", "headlines");
    sw_buf_addf(&b, " new, %lld seen again, ", (long long)st->headlines_seen);
    if (st->warc_records) {
        count(&b, st->warc_skipped, "WARC record", "WARC records");
        sw_buf_addf(&b, " skipped (of %lld), ", (long long)st->warc_records);
        if (st->captures_bare)
            sw_buf_addf(&b, "%lld revisited or gone, ", (long long)st->captures_bare);
    }
    count(&b, st->failed, "failed file", "failed files"); /* as --stats says: folders too */
    if (st->errors != st->failed)
        sw_buf_addf(&b, " (%lld problem%s)", (long long)st->errors, st->errors == 1 ? "" : "s");
    if (st->links) {
        sw_buf_adds(&b, ", ");
        count(&b, st->links, "symbolic link", "symbolic links");
        sw_buf_adds(&b, " skipped (--follow follows them)");
    }
    if (st->excluded)
        sw_buf_addf(&b, ", %lld excluded", (long long)st->excluded);
    sw_buf_addf(&b, ", %.2f s", secs);
    puts(b.oom ? "out of memory" : sw_buf_str(&b));
    sw_buf_release(&b);
}

static void print_timings(const sw_batch_stats *st, double compact, double wall) {
    fprintf(stderr,
            "souwen-index timings: {\"read\": %.3f, \"parse\": %.3f, \"store\": %.3f, "
            "\"fetch\": %.3f, \"segment\": %.3f, \"xapian\": %.3f, \"commit\": %.3f, "
            "\"compact\": %.3f, \"wall\": %.3f, \"workers\": %u, \"shards\": %zu, "
            "\"bytes\": %llu, \"pages\": %lld, \"batches\": %lld}\n",
            st->t_read, st->t_parse, st->t_store, st->t_fetch, st->t_build, st->t_write,
            st->t_commit, compact, wall, st->workers, st->shards, (unsigned long long)st->bytes,
            (long long)st->pages, (long long)st->batches);
}

#define COMPACT_AFTER 10000 /* documents a run adds, at least, before it compacts the shards */

/*
 * Whether a run that took the index from `before` to `after` documents compacts its shards:
 * when it added COMPACT_AFTER documents or more, and at least as many as the index held
 * (a first crawl, or one that doubles the index). Xapian's tables, written batch by batch,
 * are about 60 % full; compacted, the index is about 40 % smaller and a search reads fewer
 * blocks. Each document is then rewritten a few times in an index's life, however it grows.
 * SOUWEN_TEST_COMPACT_AFTER sets another threshold (for the tests' small indexes).
 */
static int compact_after(uint64_t before, uint64_t after) {
    const char *t = getenv("SOUWEN_TEST_COMPACT_AFTER");
    uint64_t least = t ? strtoull(t, NULL, 10) : COMPACT_AFTER;
    return after >= before && after - before >= least && after - before >= before;
}

/* Whether folder `db` holds an index (a store that has recorded its schema). */
static int index_present(const char *db) {
    struct stat st;
    sw_buf p = SW_BUF_INIT;
    sw_buf_addf(&p, "%s/souwen.sqlite", db);
    int present = stat(db, &st) == 0 && S_ISDIR(st.st_mode) && sw_store_present(sw_buf_str(&p));
    sw_buf_release(&p);
    return present;
}

/*
 * Indexing: the PATHs (or, with --retry-failed, the files recorded as failed), then the
 * summary. 0 all indexed, 1 some failed, 2 the index failed, 130 interrupted.
 */
static int run_index(const args *a) {
    int retry = a->mode->id == MODE_RETRY_FAILED; /* main saw the index is there */
    ui u;
    ui_init(&u, a->quiet);
    catch_signals();
    sw_batch_hooks hooks = {&u, on_error, on_error, on_progress, &interrupted};
    sw_batch *b = NULL;
    char *err = NULL;
    int64_t recorded = 0;
    uint64_t before = 0, after = 0, docs = 0;
    int rc = sw_batch_open(a->db, &hooks, a->jobs, &b, &err);
    if (b && !rc)
        rc = sw_batch_docs(b, &before, &err);
    if (b && a->commit_every)
        sw_batch_set_commit_pages(b, a->commit_every);
    if (b) {
        sw_batch_set_base_url(b, a->base_url);
        sw_batch_set_fetched_at(b, a->fetched_at);
        sw_batch_set_follow(b, a->follow);
    }
    for (int i = 0; b && !rc && i < a->nexcludes; i++)
        if (sw_batch_add_exclude(b, a->excludes[i]))
            rc = sw_error(&err, SW_ENOMEM, "out of memory");
    if (!rc && retry)
        rc = sw_batch_retry_failed(b, &recorded, &err);
    for (int i = 0; !rc && i < a->noperands && !interrupted; i++)
        rc = strcmp(a->operands[i], "-") ? sw_batch_add_path(b, a->operands[i], &err)
                                         : add_stdin_paths(b, &err);
    if (b && !rc)
        rc = sw_batch_flush(b, &err);
    double indexed = since(&u.start), compact = 0;
    int compacted = 0;
    sw_batch_stats st = {0}; /* as the run left them: compacting restarts the writers */
    if (!rc)
        st = *sw_batch_stats_get(b);
    if (!rc && !interrupted)
        rc = sw_batch_docs(b, &after, &err);
    char *compact_err = NULL; /* a compaction that failed: the index is whole without it */
    int crc = 0;
    if (!rc && !interrupted && !a->no_compact && compact_after(before, after)) {
        crc = sw_batch_compact(b, 1, &docs, &compact_err);
        compacted = !crc;
        compact = since(&u.start) - indexed;
    }
    clear_line(&u);
    if (crc)
        sw_text_warn(PROG,
                     "the shards were not compacted (%s); the index is whole as written, and "
                     "souwen-index --compact compacts it when there is room",
                     compact_err ? compact_err : sw_strerror(crc));
    free(compact_err);
    if (rc) {
        int status = fatal(rc, err);
        sw_batch_close(b);
        return status;
    }
    if (!a->quiet && retry && !recorded)
        printf("index '%s' has no failed files: nothing to retry\n", a->db);
    else if (!a->quiet)
        print_summary(&st, indexed);
    if (!a->quiet && compacted)
        printf("index compacted: %zu shard%s, %llu documents, %.2f s\n", st.shards,
               st.shards == 1 ? "" : "s", (unsigned long long)docs, compact);
    if (a->timings)
        print_timings(&st, compact, since(&u.start));
    int status = interrupted ? 130 : st.errors ? 1 : 0;
    sw_batch_close(b);
    return status;
}

/* --remove, --rebuild, --compact: the writer's other work, then one line. */
static int run_admin(const args *a) {
    int mode = a->mode->id;
    ui u;
    ui_init(&u, a->quiet);
    catch_signals();
    sw_batch_hooks hooks = {&u, on_error, on_error, on_progress, &interrupted};
    sw_batch *b = NULL;
    char *err = NULL;
    /* --compact merges into one shard: it would be a waste to widen the layout first. */
    int rc = mode == MODE_REBUILD
                 ? 0
                 : sw_batch_open(a->db, &hooks, mode == MODE_COMPACT ? 1 : a->jobs, &b, &err);
    if (b && a->commit_every)
        sw_batch_set_commit_pages(b, a->commit_every);
    int missing = 0;
    int64_t total = 0;
    uint64_t docs = 0;
    for (int i = 0; !rc && mode == MODE_REMOVE && i < a->noperands; i++) {
        int64_t n = 0;
        rc = sw_batch_remove(b, a->operands[i], &n, &err);
        if (!rc && n == 0) {
            sw_text_warn(PROG, "no page '%s' in the index", a->operands[i]);
            missing++;
        }
        total += n;
    }
    if (!rc)
        rc = mode == MODE_REMOVE    ? sw_batch_flush(b, &err)
             : mode == MODE_REBUILD ? sw_batch_rebuild(a->db, &hooks, a->jobs, &docs, &err)
                                    : sw_batch_compact(b, 0, &docs, &err);
    if (rc) {
        int status = fatal(rc, err);
        sw_batch_close(b);
        return status;
    }
    if (!a->quiet && mode == MODE_REMOVE)
        printf("%lld pages removed\n", (long long)total);
    if (!a->quiet && mode == MODE_REBUILD)
        printf("index rebuilt: %llu documents, %.2f s\n", (unsigned long long)docs,
               since(&u.start));
    if (!a->quiet && mode == MODE_COMPACT)
        printf("index compacted into one database: %llu documents, %.2f s\n",
               (unsigned long long)docs, since(&u.start));
    sw_batch_close(b);
    return missing ? 1 : 0;
}

/* --stats: read-only, no batch. */
static int run_stats(const args *a) {
    char *err = NULL;
    int rc = sw_inspect_stats(a->db, a->json, stdout, &err);
    if (rc)
        return fatal(rc, err);
    free(err);
    return 0;
}

static void show_error(void *ctx, const char *msg) {
    (void)ctx;
    sw_text_warn(PROG, "%s", msg);
}

/* --show: read-only, no batch. */
static int run_show(const args *a) {
    char *err = NULL;
    int failed = 0;
    for (int i = 0; i < a->noperands; i++) {
        int rc = sw_inspect_show(a->db, a->operands[i], *a->at ? a->at : NULL, a->base_url, stdout,
                                 show_error, NULL, &failed, &err);
        if (rc) {
            sw_text_warn(PROG, "%s", err ? err : sw_strerror(rc));
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
    sw_text_warn(PROG, "check: %s", msg);
}

/* --check: the report on stdout, problems on stderr. */
static int run_check(const args *a) {
    sw_verify_report r;
    char *err = NULL;
    int rc = sw_verify_run(a->db, on_problem, NULL, &r, &err);
    if (rc)
        return fatal(rc, err);
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

/* --history: read-only, no batch; an unknown page is exit 1. */
static int run_history(const args *a) {
    int failed = 0;
    for (int i = 0; i < a->noperands; i++) {
        char *err = NULL;
        int rc = sw_inspect_history(a->db, a->operands[i], isatty(1), stdout, &err);
        if (rc) {
            sw_text_warn(PROG, "%s", err ? err : sw_strerror(rc));
            free(err);
            if (rc != SW_ENOTFOUND)
                return 2;
            failed++;
        }
    }
    fflush(stdout);
    return failed ? 1 : 0;
}

static int run_upgrade(const args *a) {
    int from = 0, to = 0;
    char *err = NULL;
    int rc = sw_batch_upgrade(a->db, a->jobs, &from, &to, &err);
    if (rc)
        return fatal(rc, err);
    if (from == to)
        printf("index '%s' is at schema version %d already: nothing to upgrade\n", a->db, to);
    else
        printf("index '%s' upgraded from schema version %d to %d\n", a->db, from, to);
    return 0;
}

/* "--remove, --rebuild, ... and --upgrade do not go together": every mode option. */
static int modes_clash(void) {
    sw_buf m = SW_BUF_INIT;
    size_t n = 0, k = 0;
    for (size_t i = 0; i < NOPTIONS; i++)
        n += options[i].run != NULL;
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (!options[i].run)
            continue;
        k++;
        sw_buf_addf(&m, "%s--%s", k == 1 ? "" : k == n ? " and " : ", ", options[i].name);
    }
    sw_text_warn(PROG, "%s do not go together", sw_buf_str(&m));
    sw_buf_release(&m);
    return 2;
}

/* getopt's tables from `options`: long options (val LONG_ONLY + row) and the short letters. */
static void getopt_tables(struct option longs[NOPTIONS + 1], char shorts[2 * NOPTIONS + 2]) {
    size_t k = 0;
    shorts[k++] = ':'; /* a missing value is ':', told apart from an unknown option */
    for (size_t i = 0; i < NOPTIONS; i++) {
        longs[i] =
            (struct option){options[i].name, options[i].value ? required_argument : no_argument,
                            NULL, LONG_ONLY + (int)i};
        if (options[i].letter) {
            shorts[k++] = options[i].letter;
            if (options[i].value)
                shorts[k++] = ':';
        }
    }
    longs[NOPTIONS] = (struct option){NULL, 0, NULL, 0};
    shorts[k] = '\0';
}

/* The row of what getopt_long returned, or NULL (an unknown option or a missing value). */
static const option_row *option_of(int c) {
    if (c >= LONG_ONLY && c < LONG_ONLY + (int)NOPTIONS)
        return &options[c - LONG_ONLY];
    for (size_t i = 0; i < NOPTIONS && c != ':' && c != '?'; i++)
        if (options[i].letter == c)
            return &options[i];
    return NULL;
}

/* One option of the command line into *a: -1 to go on, else the exit status. */
static int take_option(const option_row *o, args *a) {
    if (o->run) {
        if (a->mode != &index_mode && a->mode != o)
            return modes_clash();
        a->mode = o;
        return -1;
    }
    switch (o->id) {
    case OPT_DB: a->db = optarg; break;
    case OPT_QUIET: a->quiet = 1; break;
    case OPT_JSON: a->json = 1; break;
    case OPT_TIMINGS: a->timings = 1; break;
    case OPT_FOLLOW: a->follow = 1; break;
    case OPT_NO_COMPACT: a->no_compact = 1; break;
    case OPT_EXCLUDE: a->excludes[a->nexcludes++] = optarg; break;
    case OPT_JOBS:
        if (!(a->jobs = parse_jobs(optarg))) {
            sw_text_warn(PROG, "-j needs a whole number from 1 to %d, not '%s'", SW_SHARDS_MAX,
                         optarg);
            return 2;
        }
        break;
    case OPT_COMMIT_EVERY:
        if (!(a->commit_every = parse_commit_every(optarg))) {
            sw_text_warn(PROG, "--commit-every needs a whole number from 1 to 1000000, not '%s'",
                         optarg);
            return 2;
        }
        break;
    case OPT_BASE_URL:
        if (!sw_url_is_http(optarg)) {
            sw_text_warn(PROG, "--base-url needs an absolute http:// or https:// URL, not '%s'",
                         optarg);
            return 2;
        }
        a->base_url = optarg;
        break;
    case OPT_FETCHED_AT:
        if (!sw_store_capture_time_arg(optarg, a->fetched_at)) {
            sw_text_warn(PROG,
                         "--fetched-at needs a date and time ('2026-01-05T10:00:00Z'), not "
                         "'%s'",
                         optarg);
            return 2;
        }
        break;
    case OPT_AT:
        if (!sw_store_capture_time(optarg, a->at)) {
            sw_text_warn(PROG, "--at needs a date and time ('2026-01-05T10:00:00Z'), not '%s'",
                         optarg);
            return 2;
        }
        break;
    case OPT_HELP: print_usage(cores()); return 0;
    case OPT_VERSION: sw_version_print(stdout, PROG); return 0;
    }
    return -1;
}

/* The environment, then the options, into *a: -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, const char **excludes, args *a) {
    struct option longs[NOPTIONS + 1];
    char shorts[2 * NOPTIONS + 2];
    memset(a, 0, sizeof(*a));
    a->excludes = excludes;
    a->mode = &index_mode;
    a->db = getenv("SOUWEN_DB");
    a->jobs = cores();
    const char *ej = getenv("SOUWEN_JOBS");
    if (ej && *ej && !(a->jobs = parse_jobs(ej))) {
        sw_text_warn(PROG, "SOUWEN_JOBS needs a whole number from 1 to %d, not '%s'", SW_SHARDS_MAX,
                     ej);
        return 2;
    }
    if (!a->db || !*a->db)
        a->db = "souwen.db";
    getopt_tables(longs, shorts);
    opterr = 0; /* our own message, without argv[0]'s path */
    int c, status = -1;
    while (status < 0 && (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        const option_row *o = option_of(c);
        status = o ? take_option(o, a) : sw_text_bad_option(PROG, c, argv[optind - 1]);
    }
    a->operands = argv + optind;
    a->noperands = argc - optind;
    if (status < 0 && a->no_compact && a->mode->id == MODE_COMPACT) {
        sw_text_warn(PROG, "--no-compact and --compact ask for opposite things: give one");
        status = 2;
    }
    return status;
}

/* The mode's operands: none for a mode that takes none, some for one that needs them. */
static int check_operands(const args *a) {
    if (*a->at && a->mode->id != MODE_SHOW) {
        sw_text_warn(PROG, "--at goes with --show (see --help)");
        return 2;
    }
    if (!a->mode->operands && a->noperands) {
        sw_text_warn(PROG, "--%s takes no PATH (see --help)", a->mode->name);
        return 2;
    }
    if (a->mode->operands && !a->noperands) {
        sw_text_warn(PROG, "no %s given (see --help)", a->mode->operands);
        return 2;
    }
    return -1;
}

int main(int argc, char **argv) {
    sw_tune_malloc();
    args a;
    /* --exclude may be given as often as there are arguments. */
    const char **excludes = calloc((size_t)argc, sizeof(*excludes));
    if (!excludes) {
        sw_text_warn(PROG, "out of memory");
        return 2;
    }
    int status = parse_args(argc, argv, excludes, &a);
    if (status < 0)
        status = check_operands(&a);
    /* Work on an index that must be there: a mistyped --db is said as such, not created. */
    int needs_index = a.mode->id != MODE_INDEX && a.mode->id != MODE_SHOW;
    if (status < 0 && needs_index && !index_present(a.db)) {
        sw_text_warn(PROG, "no index at '%s'", a.db);
        status = 2;
    }
    if (status < 0)
        status = a.mode->run(&a);
    free(excludes);
    return status;
}
