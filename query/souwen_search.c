/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * souwen_search.c - souwen-search: arguments, output choice, exit codes.
 *
 * The work is in parse.c, search.c, snippet.c and output.c; this file
 * parses options, picks colours the way ripgrep does, and maps outcomes to
 * exit codes: 0 hits, 1 no hits, 2 usage or index error.
 */
#include "error.h"
#include "output.h"
#include "parse.h"
#include "plot.h"
#include "search.h"
#include "text.h"
#include "util.h"
#include "version.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const char usage[] =
    "usage: souwen-search [OPTIONS] QUERY...\n"
    "       souwen-search [OPTIONS] --queries FILE\n"
    "       souwen-search [OPTIONS] --count | --facet FIELD... QUERY...\n"
    "       souwen-search [OPTIONS] --all [--format csv] QUERY...\n"
    "       souwen-search [--db DIR]... [--json] --story ID\n"
    "\n"
    "Searches a souwen index: articles and headlines together, ranked by BM25\n"
    "(title words above body words), each hit with a snippet whose matched words\n"
    "are highlighted. A story reprinted on many pages is one hit, shown as its\n"
    "original (the copy published first), with its copies counted and named.\n"
    "Text output starts with the size of the whole match, N stories (M pages),\n"
    "not of the page of hits shown.\n"
    "\n"
    "query:\n"
    "  The QUERY arguments are joined with spaces. Chinese needs no spaces: words\n"
    "  are segmented exactly as the indexer segments pages.\n"
    "  人工智能 欧洲          both words must match (see --any); when fewer hits\n"
    "                        than --limit match them all, partial matches follow,\n"
    "                        marked with the words they miss (see --strict)\n"
    "  马斯克 库尔斯克        a word the segmenter cuts into pieces (马|斯克), and any\n"
    "                        word of up to five Chinese characters, matches only\n"
    "                        where its characters stand together: not 哈马斯 or\n"
    "                        卢甘斯克. In a longer word typed without spaces, the\n"
    "                        words the segmenter keeps whole (人工智能欧洲 is\n"
    "                        人工|智能|欧洲) may stand apart\n"
    "  \"开源 模型\" “开源模型”  an exact phrase\n"
    "  a OR b, a | b          either\n"
    "  NOT a, -a              without a (beside a positive word or a filter); a\n"
    "                        Latin -word as its own argument needs -- before it\n"
    "  ( ... )                grouping; AND may be written and is the default\n"
    "  title:X source:X section:X   X a word or a \"phrase\", in that field only\n"
    "  author:X               an article's author (记者 X, 作者：X, 文/X, an author box;\n"
    "                        source: is the outlet it credits); author words are\n"
    "                        found through author: only\n"
    "  url:example.cn         a site and its subdomains; url:example.cn/2026/ (any\n"
    "                        value with a '/') a URL or file path prefix\n"
    "  type:article, type:headline\n"
    "  date:2026-01-01..2026-02-01, date:2026-02, date:2026, date:..2026-02-01,\n"
    "  date:2026-01-01..      inclusive, days in UTC+08:00, years 0001 to 9999\n"
    "  Traditional and Simplified Chinese match each other (歐洲 = 欧洲), and so do\n"
    "  Taiwan and Hong Kong wording and the mainland's (軟體 = 软件, 資料庫 = 数据库,\n"
    "  滑鼠 = 鼠标: OpenCC's phrase tables); full-width and half-width forms match\n"
    "  (ＡＩ = AI), Latin is case-insensitive. Other regional vocabulary, and a\n"
    "  Taiwan word typed in Simplified characters (资料库), is not folded.\n"
    "\n"
    "options:\n"
    "  -d, --db DIR          the index folder (default: $SOUWEN_DB, else ./souwen.db).\n"
    "                        Repeat to search several as one ranked list; DIR may\n"
    "                        be tcp://HOST:PORT, an index served by xapian-tcpsrv\n"
    "                        (xapian-tcpsrv --port PORT DIR/xapian.stub); an IPv6\n"
    "                        HOST in brackets, tcp://[::1]:PORT, is reached through\n"
    "                        a loopback relay (Xapian's client speaks IPv4 only)\n"
    "      --json            JSON Lines: rank, type, id, title, source, date, url,\n"
    "                        path, score, snippet, highlights (byte ranges into\n"
    "                        snippet), title_highlights, highlights_chars and\n"
    "                        title_highlights_chars (the same in characters: in\n"
    "                        Python snippet[a:b]); articles add author,\n"
    "                        featured_on, featured_lists, listed_first,\n"
    "                        listed_last, changed, gone, captures, first_seen,\n"
    "                        last_seen (its page's captures, UTC),\n"
    "                        story (its id) and copies (the story's pages);\n"
    "                        headlines add sections, occurrences, article_url,\n"
    "                        first_seen and last_seen (the first and last capture\n"
    "                        of a page that listed it), timeline (per page and\n"
    "                        section: page, section, position (its best),\n"
    "                        spans_omitted, spans [{from, to}]: the runs of\n"
    "                        captures that listed it) and timeline_omitted;\n"
    "                        partial matches add partial and missing. id is the document's id\n"
    "                        within its own index; with more than one --db, db\n"
    "                        names that index as given (CSV and TSV: no db)\n"
    "      --format FORMAT   text (default), jsonl (as --json), csv or tsv. CSV (RFC\n"
    "                        4180: CRLF, quoted as needed) and TSV (a tab or line end\n"
    "                        in a field becomes a space) have a header row: rank,\n"
    "                        type, story, copies, title, source, author, site, date,\n"
    "                        url, path, score, snippet (with --queries, query first)\n"
    "      --bom             start CSV or TSV with a UTF-8 byte order mark (Excel then\n"
    "                        reads it as UTF-8)\n"
    "  -n, --limit N         show at most N hits (default 10)\n"
    "      --offset N        skip the first N hits (default 0)\n"
    "  -t, --type TYPE       article or headline (default: both)\n"
    "      --any             match any word instead of all (and any part of a word\n"
    "                        typed without spaces: for questions and long phrases)\n"
    "      --strict          only hits that match the whole query: no partial\n"
    "                        matches after them (JSON marks those \"partial\": true,\n"
    "                        \"missing\": [words])\n"
    "      --sort ORDER      relevance (default) or date (newest first)\n"
    "      --all-copies      every page of a story is a hit of its own (by default a\n"
    "                        story is one hit: its original, \"and N copies: ...\")\n"
    "      --count           print the number of matching stories alone (pages with\n"
    "                        --all-copies; with --type headline, headlines): exact,\n"
    "                        over every index and tcp:// server. jsonl: {\"count\": N}\n"
    "      --facet FIELD     count every match by FIELD: source, site (the URL's host,\n"
    "                        as url: takes it), section (a headline's list), type,\n"
    "                        year, month, day (UTC+08:00, as date:), author; repeat\n"
    "                        for more. Stories are counted (pages with --all-copies):\n"
    "                        a story once under each value its matching pages have.\n"
    "                        Text: VALUE<TAB>COUNT by count, dates in date order, (none)\n"
    "                        for matches without a value, a \"# FIELD\" line heading\n"
    "                        each of several; on a terminal, dates as a bar chart.\n"
    "                        jsonl: {\"facet\": F, \"value\": V, \"count\": N}; csv and\n"
    "                        tsv: facet,value,count\n"
    "      --plot FILE       draw the timeline of the matches (stories, or pages with\n"
    "                        --all-copies) as a bar chart in FILE.svg or FILE.png: by\n"
    "                        day, month or year as their span asks, or as the first\n"
    "                        date --facet given. An unwritable FILE is an error and\n"
    "                        writes nothing; no hits are printed\n"
    "      --all             every hit, not a page of them: the matches --count counts\n"
    "                        (no partial matches), each story once unless\n"
    "                        --all-copies, in the index's order (not ranked), streamed\n"
    "                        one at a time (a million hits take no more memory than\n"
    "                        ten). Not with --limit, --offset or --sort; local\n"
    "                        indexes only\n"
    "      --story ID        list the pages of story ID (a hit's story), earliest\n"
    "                        first, each with how it differs from the original:\n"
    "                        title changed, paragraphs added (+) and dropped (-)\n"
    "      --snippet-chars N snippet length in characters (default 120)\n"
    "      --color WHEN      auto, always or never (default auto: on when stdout is a\n"
    "                        terminal, unless NO_COLOR is set or TERM is dumb).\n"
    "                        Text output shows control characters in page text as\n"
    "                        \\x1b (C0, DEL, bytes not UTF-8) or \\u009b (C1), whatever\n"
    "                        WHEN is; JSON escapes them as JSON does\n"
    "      --queries FILE    run each line of FILE (- for stdin) as a query, in one\n"
    "                        process (blank lines and lines starting with # are\n"
    "                        skipped); JSON hits gain \"query\": the line number,\n"
    "                        and \"query_text\": the query on it; text output heads\n"
    "                        each query's hits with both\n"
    "      --timings FILE    with --queries: write LINE<TAB>MILLISECONDS<TAB>HITS per\n"
    "                        query to FILE (parse, search, snippets; not output)\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version, then those of the Xapian, ICU and SQLite\n"
    "                        it runs with (OpenCC: the one it was built with), and exit\n"
    "\n"
    "exit status:\n"
    "  0  at least one hit, partial matches included (with --queries: for some query);\n"
    "     --count, --facet and --plot: something matched\n"
    "  1  no hits\n"
    "  2  usage error (bad option, malformed query), the index could not be read, or\n"
    "     a file could not be written (--plot, --timings);\n"
    "     with --queries, a malformed line is reported (FILE:LINE) and the others run\n";

static int parse_size(const char *opt, const char *s, size_t max, size_t *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || v > max || *s == '-') {
        sw_text_warn("souwen-search", "%s needs a whole number from 0 to %zu, not '%s'", opt, max,
                     s);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

/* One word an option takes, and what it sets. */
typedef struct choice {
    const char *word;
    int value;
} choice;

/*
 * Sets *out to the value of `arg` among choices[] (ended by a NULL word); else says that `opt`
 * takes the words of `list` and returns -1.
 */
static int parse_choice(const char *opt, const char *arg, const choice *choices, const char *list,
                        int *out) {
    for (const choice *c = choices; c->word; c++)
        if (!strcmp(arg, c->word)) {
            *out = c->value;
            return 0;
        }
    sw_text_warn("souwen-search", "%s is %s, not '%s'", opt, list, arg);
    return -1;
}

enum {
    OPT_OFFSET = 256,
    OPT_ANY,
    OPT_STRICT,
    OPT_SNIPPET,
    OPT_COLOR,
    OPT_SORT,
    OPT_QUERIES,
    OPT_TIMINGS,
    OPT_ALL_COPIES,
    OPT_STORY,
    OPT_COUNT,
    OPT_FACET,
    OPT_ALL,
    OPT_FORMAT,
    OPT_BOM,
    OPT_PLOT,
    OPT_JSON
};

/*
 * The options. --json has no short form: -j is souwen-index's --jobs, and one letter means one
 * thing across souwen's tools.
 */
static const char short_opts[] = ":d:n:t:hV";
static const struct option long_opts[] = {{"db", required_argument, NULL, 'd'},
                                          {"json", no_argument, NULL, OPT_JSON},
                                          {"format", required_argument, NULL, OPT_FORMAT},
                                          {"bom", no_argument, NULL, OPT_BOM},
                                          {"count", no_argument, NULL, OPT_COUNT},
                                          {"facet", required_argument, NULL, OPT_FACET},
                                          {"all", no_argument, NULL, OPT_ALL},
                                          {"plot", required_argument, NULL, OPT_PLOT},
                                          {"limit", required_argument, NULL, 'n'},
                                          {"offset", required_argument, NULL, OPT_OFFSET},
                                          {"type", required_argument, NULL, 't'},
                                          {"any", no_argument, NULL, OPT_ANY},
                                          {"strict", no_argument, NULL, OPT_STRICT},
                                          {"all-copies", no_argument, NULL, OPT_ALL_COPIES},
                                          {"story", required_argument, NULL, OPT_STORY},
                                          {"sort", required_argument, NULL, OPT_SORT},
                                          {"snippet-chars", required_argument, NULL, OPT_SNIPPET},
                                          {"color", required_argument, NULL, OPT_COLOR},
                                          {"colour", required_argument, NULL, OPT_COLOR},
                                          {"queries", required_argument, NULL, OPT_QUERIES},
                                          {"timings", required_argument, NULL, OPT_TIMINGS},
                                          {"help", no_argument, NULL, 'h'},
                                          {"version", no_argument, NULL, 'V'},
                                          {NULL, 0, NULL, 0}};

/* What the command line asks for. */
typedef struct args {
    const char *dbs[SW_SEARCH_MAX_DBS]; /* index folders and tcp:// servers, as given */
    size_t ndbs;
    const char *queries; /* --queries FILE, or NULL */
    const char *timings; /* --timings FILE, or NULL */
    const char *story;   /* --story ID, or NULL */
    sw_search_opts o;
    int format;                  /* SW_FORMAT_* */
    int color;                   /* 1 on, 0 off, -1 auto until settled */
    int count;                   /* --count */
    int facets[SW_FACET_FIELDS]; /* --facet, in the order given, each once */
    size_t nfacets;
    int all;                             /* --all */
    int bom;                             /* --bom */
    const char *plot;                    /* --plot FILE, or NULL */
    int limit_set, offset_set, sort_set; /* given, for what --all and counting refuse */
} args;

/* The command line while getopt_long reads it. */
typedef struct cmdline {
    int argc;
    char **argv;          /* as getopt_long permutes it */
    char *const *given;   /* the same arguments in the order typed, dashes not hidden */
    const char *last_arg; /* the value of the last option read, or NULL */
} cmdline;

/*
 * The argument getopt_long was in when it stopped at an unknown option or a missing value:
 * argv[optind - 1] once it has moved past it, argv[optind] while it stands inside a group of
 * short options (-AI: A refused, I not read yet). getopt keeps its place in a group to itself;
 * it has moved on when the argument before optind is an option (not a value) ending with the
 * refused letter, or when a long option or the last argument was refused.
 */
static const char *refused_arg(const cmdline *cl) {
    const char *prev = optind > 1 ? cl->argv[optind - 1] : NULL;
    if (optind >= cl->argc)
        return prev ? prev : "";
    if (!prev)
        return cl->argv[optind];
    size_t n = strlen(prev);
    int option = prev != cl->last_arg && prev[0] == '-' && n >= 2;
    if (option && (prev[1] == '-' || (optopt && (unsigned char)prev[n - 1] == optopt)))
        return prev;
    return cl->argv[optind];
}

/* Appends " w" to b, in single quotes when the shell would read w otherwise. */
static void shell_word(sw_buf *b, const char *w) {
    int plain = *w != '\0';
    for (const unsigned char *p = (const unsigned char *)w; *p && plain; p++)
        plain = *p >= 0x80 || isalnum(*p) || strchr("_./:=@%+,-", *p);
    sw_buf_adds(b, plain ? " " : " '");
    for (const char *p = w; !plain && *p; p++)
        sw_buf_adds(b, *p == '\'' ? "'\\''" : (char[]){*p, 0});
    sw_buf_adds(b, plain ? w : "'");
}

/* Whether option argument `e` (typed as it is, "-n5", "--db", "--limit=5") needs the next. */
static int takes_next(const char *e) {
    if (e[1] == '-') {
        size_t n = strcspn(e + 2, "=");
        for (const struct option *o = long_opts; o->name && !e[2 + n]; o++)
            if (!strncmp(o->name, e + 2, n)) /* getopt_long takes an abbreviation too */
                return o->has_arg == required_argument;
        return 0;
    }
    for (const char *p = e + 1; *p; p++) {
        const char *o = strchr(short_opts + 1, *p);
        if (o && o[1] == ':')
            return p[1] == '\0';
    }
    return 0;
}

/*
 * The command as it would search for the words typed, `bad` among them: the options first,
 * then --, then the words in their order (a malloc'd string in *b).
 */
static void as_words(sw_buf *b, const cmdline *cl, const char *bad) {
    sw_buf words = SW_BUF_INIT;
    sw_buf_adds(b, "souwen-search");
    int i = 1;
    for (; i < cl->argc && strcmp(cl->given[i], "--"); i++) {
        const char *e = cl->given[i];
        int word = e == bad || e[0] != '-' || !e[1] || (unsigned char)e[1] >= 0x80 ||
                   (e[1] != '-' && (e[1] == ':' || !strchr(short_opts, e[1])));
        if (word) {
            shell_word(&words, e);
            continue;
        }
        shell_word(b, e);
        if (takes_next(e) && i + 1 < cl->argc)
            shell_word(b, cl->given[++i]);
    }
    while (++i < cl->argc)
        shell_word(&words, cl->given[i]);
    sw_buf_adds(b, " --");
    sw_buf_adds(b, sw_buf_str(&words));
    sw_buf_release(&words);
}

/*
 * Reports what getopt_long refused (`c`: ':' a missing value, '?' an unknown option), naming
 * the argument as typed. An unknown short option is often a word meant to be left out
 * (人工智能 -AI): the hint shows NOT and the command with --. Returns 2.
 */
static int bad_option(int c, const cmdline *cl) {
    const char *arg = refused_arg(cl);
    if (c == ':')
        return sw_text_bad_option("souwen-search", c, arg);
    if (optopt == 'j' && arg[0] == '-' && arg[1] == 'j' && (!arg[2] || strchr("dnthV", arg[2]))) {
        sw_text_warn("souwen-search", "-j is not an option of souwen-search (souwen-index's -j "
                                      "is --jobs): JSON Lines are --json, or --format jsonl");
        return 2;
    }
    sw_text_bad_option("souwen-search", c, arg);
    if (arg[0] == '-' && arg[1] && arg[1] != '-') {
        sw_buf cmd = SW_BUF_INIT;
        as_words(&cmd, cl, arg);
        sw_text_warn("hint", "to search without %s, write NOT %s, or end the options with --: %s",
                     arg + 1, arg + 1, sw_buf_str(&cmd));
        sw_buf_release(&cmd);
    }
    return 2;
}

/*
 * Applies option `c` (getopt_long's return, its value in optarg) to *a. Returns -1 to go on,
 * else the exit status: 0 after --help and --version, 2 for a usage error (reported).
 */
static int set_option(args *a, int c, const cmdline *cl) {
    static const choice types[] = {{"article", 'a'}, {"headline", 'h'}, {NULL, 0}};
    static const choice sorts[] = {{"date", 1}, {"relevance", 0}, {NULL, 0}};
    static const choice colors[] = {{"always", 1}, {"never", 0}, {"auto", -1}, {NULL, 0}};
    static const choice formats[] = {{"text", SW_FORMAT_TEXT},  {"jsonl", SW_FORMAT_JSONL},
                                     {"json", SW_FORMAT_JSONL}, {"csv", SW_FORMAT_CSV},
                                     {"tsv", SW_FORMAT_TSV},    {NULL, 0}};
    int v = 0;
    switch (c) {
    case 'd':
        if (a->ndbs == SW_SEARCH_MAX_DBS) {
            sw_text_warn("souwen-search", "at most %d --db", SW_SEARCH_MAX_DBS);
            return 2;
        }
        a->dbs[a->ndbs++] = optarg;
        return -1;
    case OPT_QUERIES: a->queries = optarg; return -1;
    case OPT_TIMINGS: a->timings = optarg; return -1;
    case OPT_JSON: a->format = SW_FORMAT_JSONL; return -1;
    case OPT_FORMAT:
        return parse_choice("--format", optarg, formats, "text, jsonl, csv or tsv", &a->format)
                   ? 2
                   : -1;
    case OPT_BOM: a->bom = 1; return -1;
    case OPT_PLOT:
        if (!sw_plot_format_ok(optarg)) {
            sw_text_warn("souwen-search", "--plot writes FILE.svg or FILE.png, not '%s'", optarg);
            return 2;
        }
        a->plot = optarg;
        return -1;
    case OPT_COUNT: a->count = 1; return -1;
    case OPT_ALL: a->all = 1; return -1;
    case OPT_FACET:
        if ((v = sw_facet_parse(optarg)) < 0) {
            sw_text_warn("souwen-search", "--facet is one of %s, not '%s'", SW_FACET_NAMES, optarg);
            return 2;
        }
        for (size_t i = 0; i < a->nfacets; i++)
            if (a->facets[i] == v)
                return -1;
        a->facets[a->nfacets++] = v;
        return -1;
    case 'n': a->limit_set = 1; return parse_size("--limit", optarg, 10000, &a->o.limit) ? 2 : -1;
    case OPT_OFFSET:
        a->offset_set = 1;
        return parse_size("--offset", optarg, 1000000, &a->o.offset) ? 2 : -1;
    case 't':
        if (parse_choice("--type", optarg, types, "article or headline", &v))
            return 2;
        a->o.type = (char)v;
        return -1;
    case OPT_ANY: a->o.any = 1; return -1;
    case OPT_STRICT: a->o.strict = 1; return -1;
    case OPT_ALL_COPIES: a->o.all_copies = 1; return -1;
    case OPT_STORY: a->story = optarg; return -1;
    case OPT_SORT:
        a->sort_set = 1;
        return parse_choice("--sort", optarg, sorts, "relevance or date", &a->o.by_date) ? 2 : -1;
    case OPT_SNIPPET:
        if (parse_size("--snippet-chars", optarg, 10000, &a->o.snippet_chars))
            return 2;
        if (a->o.snippet_chars < 10) {
            fputs("souwen-search: --snippet-chars must be at least 10\n", stderr);
            return 2;
        }
        return -1;
    case OPT_COLOR:
        return parse_choice("--color", optarg, colors, "auto, always or never", &a->color) ? 2 : -1;
    case 'h': fputs(usage, stdout); return 0;
    case 'V': sw_version_print(stdout, "souwen-search"); return 0;
    default: return bad_option(c, cl);
    }
}

/* Refuses what cannot go together; the index and the colour when not given. -1 to go on, or 2. */
static int settle_args(args *a, int argc) {
    if (a->story && (optind < argc || a->queries)) {
        fputs("souwen-search: --story takes no QUERY (see --help)\n", stderr);
        return 2;
    }
    if (optind >= argc && !a->queries && !a->story) {
        fputs("souwen-search: no QUERY given (see --help)\n", stderr);
        return 2;
    }
    if (optind < argc && a->queries) {
        fputs("souwen-search: give QUERY arguments or --queries, not both\n", stderr);
        return 2;
    }
    if (a->timings && !a->queries) {
        fputs("souwen-search: --timings needs --queries\n", stderr);
        return 2;
    }
    const char *counting = a->count     ? "--count"
                           : a->nfacets ? "--facet"
                           : a->plot    ? "--plot"
                                        : NULL;
    const char *mode = counting ? counting : a->all ? "--all" : a->story ? "--story" : NULL;
    const char *clash = (counting || a->all) && a->limit_set    ? "--limit"
                        : (counting || a->all) && a->offset_set ? "--offset"
                        : (counting || a->all) && a->sort_set   ? "--sort"
                        : counting && a->all                    ? "--all"
                        : a->story && (counting || a->all)      ? "--story"
                                                                : NULL;
    if (clash) {
        sw_text_warn("souwen-search", "%s and %s do not go together (see --help)", mode, clash);
        return 2;
    }
    for (size_t i = 0; a->all && i < a->ndbs; i++)
        if (!strncmp(a->dbs[i], "tcp://", 6)) {
            sw_text_warn("souwen-search",
                         "--all streams from local indexes only, not '%s' (xapian-tcpsrv runs "
                         "no souwen code)",
                         a->dbs[i]);
            return 2;
        }
    if (a->plot && a->queries) {
        fputs("souwen-search: --plot draws one QUERY, not --queries\n", stderr);
        return 2;
    }
    if (a->bom && a->format != SW_FORMAT_CSV && a->format != SW_FORMAT_TSV) {
        fputs("souwen-search: --bom is for --format csv or tsv\n", stderr);
        return 2;
    }
    if (a->story && (a->format == SW_FORMAT_CSV || a->format == SW_FORMAT_TSV)) {
        fputs("souwen-search: --story writes text or jsonl\n", stderr);
        return 2;
    }
    const char *env = getenv("SOUWEN_DB");
    if (a->ndbs == 0)
        a->dbs[a->ndbs++] = env && *env ? env : "souwen.db";
    if (a->color < 0) {
        const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
        a->color = isatty(1) && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
    }
    if (a->format != SW_FORMAT_TEXT)
        a->color = 0;
    return -1;
}

/*
 * Reads the command line into *a: -1 to go on (QUERY at argv[optind..]), else the exit status.
 * given: argv as typed (getopt_long permutes argv), for the messages.
 */
static int parse_args(int argc, char **argv, char *const *given, args *a) {
    memset(a, 0, sizeof(*a));
    a->o = (sw_search_opts){.offset = 0, .limit = 10, .snippet_chars = 120};
    a->color = -1;
    opterr = 0; /* our own message, without argv[0]'s path */
    cmdline cl = {argc, argv, given, NULL};
    int c;
    while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
        int status = set_option(a, c, &cl);
        if (status >= 0)
            return status;
        cl.last_arg = optarg;
    }
    return settle_args(a, argc);
}

/* What one run of souwen-search searches with and writes to. */
typedef struct session {
    sw_searcher *s;
    const sw_search_opts *o;
    const args *a;
    int format, color;
    int cols;         /* terminal width for a chart, 0 when stdout is no terminal */
    size_t line;      /* the query's line in --queries, 0 for none */
    const char *text; /* the query running */
    size_t shown;     /* hits written for the query (--all) */
    FILE *timings;    /* or NULL */
    int any_hits;     /* some query had hits */
} session;

static int table_sep(int format) { return format == SW_FORMAT_CSV ? ',' : '\t'; }

/* What the session's hits carry beside themselves: their query (--queries) and index. */
static sw_output_ctx hits_ctx(const session *ss) {
    return (sw_output_ctx){ss->line, ss->text, ss->a->dbs, ss->a->ndbs};
}

/* Writes hits in the session's format; 0 or SW_EIO. */
static int put_hits(session *ss, const sw_results *res) {
    sw_output_ctx cx = hits_ctx(ss);
    switch (ss->format) {
    case SW_FORMAT_JSONL: return sw_output_json(stdout, res, &cx);
    case SW_FORMAT_CSV:
    case SW_FORMAT_TSV: return sw_output_table(stdout, res, table_sep(ss->format), &cx);
    default: return sw_output_text(stdout, res, ss->color);
    }
}

/* One hit of --all, written as it comes (sw_result_fn). */
static int put_one(void *ctx, const sw_result *r, char **err) {
    session *ss = ctx;
    if (ss->format == SW_FORMAT_TEXT && ss->shown)
        putchar('\n');
    sw_results one = {(sw_result *)r, 1, 0};
    ss->shown++;
    ss->any_hits = 1; /* a pipe closed later is not "no hits" */
    if (put_hits(ss, &one) || ferror(stdout))
        return sw_error(err, SW_EIO, "unable to write the results: %s", strerror(errno));
    return 0;
}

/*
 * --plot: the timeline of the date facet asked for first, else of days, months or years by the
 * span of the days (cnt's last three facets).
 */
static int plot(session *ss, const sw_counts *cnt, const char *text, char **err) {
    const sw_facet_count *fc = NULL;
    for (size_t i = 0; i < ss->a->nfacets && !fc; i++)
        if (sw_facet_is_date(cnt->facets[i].field))
            fc = &cnt->facets[i];
    const sw_facet_count *dmy = &cnt->facets[cnt->nfacets - 3]; /* day, month, year */
    if (!fc)
        fc = &dmy[sw_plot_field(&dmy[0]) == SW_FACET_DAY     ? 0
                  : sw_plot_field(&dmy[0]) == SW_FACET_MONTH ? 1
                                                             : 2];
    return sw_plot_write(ss->a->plot, fc, ss->o->all_copies, text, err);
}

/* --count, --facet and --plot: the counts of the query; *matched when it matches anything. */
static int count_query(session *ss, const sw_qparsed *qp, const char *text, size_t *matched,
                       char **err) {
    const args *a = ss->a;
    int fields[SW_FACET_FIELDS + 3];
    size_t nf = a->nfacets;
    memcpy(fields, a->facets, nf * sizeof(*fields));
    if (a->plot) {
        fields[nf++] = SW_FACET_DAY;
        fields[nf++] = SW_FACET_MONTH;
        fields[nf++] = SW_FACET_YEAR;
    }
    sw_counts cnt;
    int rc = sw_searcher_count(ss->s, qp, ss->o, fields, nf, &cnt, err);
    if (rc)
        return rc;
    uint64_t n = ss->o->all_copies ? cnt.pages : cnt.stories;
    if (a->plot && (rc = plot(ss, &cnt, text, err))) {
        sw_counts_release(&cnt);
        return rc;
    }
    int w = a->count ? sw_output_count(stdout, n, ss->format, a->nfacets > 0, ss->line) : 0;
    if (!w && a->nfacets) /* the facets asked for come first; the plot's are not written */
        w = sw_output_facets(stdout, cnt.facets, a->nfacets, ss->format, ss->o->all_copies,
                             ss->cols, ss->line);
    *matched = (size_t)n;
    sw_counts_release(&cnt);
    return w ? sw_error(err, SW_EIO, "unable to write the results: %s", strerror(errno)) : 0;
}

/*
 * Runs one query and writes its hits (or its counts). Returns 0, SW_EPARSE for a malformed
 * query (message in *err), SW_EIO when the output failed, or an index error.
 */
static int one_query(session *ss, const char *text, size_t line, char **err) {
    double t0 = sw_clock();
    sw_qparsed qp;
    sw_results res = {0};
    int rc = sw_qparsed_parse(text, &qp, err);
    if (rc)
        return rc;
    ss->line = line;
    ss->text = text;
    ss->shown = 0;
    if (line && ss->format == SW_FORMAT_TEXT) {
        printf("%s# %zu: ", line > 1 ? "\n" : "", line);
        sw_text_puts(stdout, text);
        putchar('\n');
    }
    size_t hits = 0;
    if (ss->a->count || ss->a->nfacets || ss->a->plot) {
        rc = count_query(ss, &qp, text, &hits, err);
    } else if (ss->a->all) {
        rc = sw_searcher_all(ss->s, &qp, ss->o, put_one, ss, err);
        hits = ss->shown;
    } else {
        sw_counts total = {0};
        if (ss->format == SW_FORMAT_TEXT) /* the whole match's size heads the hits */
            rc = sw_searcher_count(ss->s, &qp, ss->o, NULL, 0, &total, err);
        if (!rc)
            rc = sw_searcher_run(ss->s, &qp, ss->o, &res, err);
        if (!rc && ss->format == SW_FORMAT_TEXT)
            sw_output_total(stdout, &total, !total.pages && res.n);
        hits = res.n;
    }
    sw_qparsed_release(&qp);
    if (rc) {
        sw_results_release(&res);
        return rc;
    }
    double ms = (sw_clock() - t0) * 1e3;
    if (ss->timings)
        fprintf(ss->timings, "%zu\t%.3f\t%zu\n", line, ms, hits);
    int w = res.n && ss->format == SW_FORMAT_TEXT ? (putchar('\n'), put_hits(ss, &res))
            : res.n                               ? put_hits(ss, &res)
                                                  : 0;
    ss->any_hits |= hits > 0;
    sw_results_release(&res);
    if (w || ferror(stdout))
        return sw_error(err, SW_EIO, "unable to write the results: %s", strerror(errno));
    return 0;
}

/* Runs every query line of `path`; malformed lines are reported and skipped (*bad). */
static int query_file(session *ss, const char *path, int *bad, char **err) {
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f)
        return sw_error(err, SW_EIO, "unable to open '%s': %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, no = 0;
    ssize_t len;
    int rc = 0;
    while (!rc && (len = getline(&line, &cap, f)) >= 0) {
        no++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        const char *p = line + strspn(line, " \t");
        if (!*p || *p == '#')
            continue;
        rc = one_query(ss, p, no, err);
        if (rc == SW_EPARSE || rc == SW_EUSAGE) {
            sw_text_warn("souwen-search", "%s:%zu: %s", path, no, *err ? *err : "");
            free(*err);
            *err = NULL;
            *bad = 1;
            rc = 0;
        }
    }
    if (!rc && ferror(f))
        rc = sw_error(err, SW_EIO, "unable to read '%s': %s", path, strerror(errno));
    free(line);
    if (f != stdin)
        fclose(f);
    return rc;
}

/* Lists the pages of story `key`; an unknown story is no hits (exit 1), said on stderr. */
static int list_story(session *ss, const char *key, char **err) {
    sw_results res = {0};
    int rc = sw_searcher_story(ss->s, key, &res, err);
    if (rc == SW_ENOTFOUND) {
        sw_text_warn("souwen-search", "%s", *err ? *err : "no such story");
        free(*err);
        *err = NULL;
        return 0;
    }
    if (rc)
        return rc;
    sw_output_ctx cx = hits_ctx(ss);
    int w = ss->format == SW_FORMAT_JSONL ? sw_output_story_json(stdout, &res, &cx)
                                          : sw_output_story_text(stdout, &res);
    ss->any_hits |= res.n > 0;
    sw_results_release(&res);
    if (w || ferror(stdout))
        return sw_error(err, SW_EIO, "unable to write the results: %s", strerror(errno));
    return 0;
}

/* The QUERY arguments joined with spaces, each without the \x01 that main put before a dash. */
static void join_query(sw_buf *q, int argc, char **argv, int first) {
    for (int i = first; i < argc; i++) {
        if (i > first)
            sw_buf_addc(q, ' ');
        sw_buf_adds(q, argv[i][0] == '\x01' ? argv[i] + 1 : argv[i]);
    }
}

/*
 * Searches the index for `query`, or for each line of --queries, writing the hits. Returns 0,
 * or an error with its message in *err; *bad is set when a line of the file was malformed.
 */
static int search(const args *a, const char *query, session *ss, int *bad, char **err) {
    int rc = 0;
    if (!a->queries && !a->story) { /* a malformed query: reported before the index opens */
        sw_qparsed qp;
        if ((rc = sw_qparsed_parse(query, &qp, err)) == 0)
            sw_qparsed_release(&qp);
    }
    if (!rc && a->timings && !(ss->timings = fopen(a->timings, "w")))
        rc = sw_error(err, SW_EIO, "unable to write '%s': %s", a->timings, strerror(errno));
    if (!rc)
        rc = sw_searcher_open(a->dbs, a->ndbs, &ss->s, err);
    /* pages of several hits: a second thread takes half of each page's stories and snippets */
    if (!rc && !a->story && !a->count && !a->nfacets && !a->plot && !a->all && a->o.limit > 1)
        sw_searcher_share(ss->s);
    int table = a->format == SW_FORMAT_CSV || a->format == SW_FORMAT_TSV;
    if (!rc && a->bom)
        fputs("\xef\xbb\xbf", stdout); /* a spreadsheet then reads UTF-8 */
    if (!rc && table && (a->count || a->nfacets))
        rc = sw_output_counts_header(stdout, table_sep(a->format), a->nfacets > 0,
                                     a->queries != NULL);
    else if (!rc && table && !a->plot && !a->story)
        rc = sw_output_table_header(stdout, table_sep(a->format), a->queries != NULL);
    if (!rc)
        rc = a->story     ? list_story(ss, a->story, err)
             : a->queries ? query_file(ss, a->queries, bad, err)
                          : one_query(ss, query, 0, err);
    if (!rc && fflush(stdout) != 0)
        rc = sw_error(err, SW_EIO, "unable to write the results: %s", strerror(errno));
    if (ss->timings && fclose(ss->timings) != 0 && !rc)
        rc = sw_error(err, SW_EIO, "unable to write '%s': %s", a->timings, strerror(errno));
    ss->timings = NULL;
    return rc;
}

/* The command, from its arguments to its exit status. */
static int run(int argc, char **argv, char *const *given) {
    args a;
    int status = parse_args(argc, argv, given, &a);
    if (status >= 0)
        return status;
    signal(SIGPIPE, SIG_IGN); /* a closed pipe ends the output quietly, below */
    sw_buf q = SW_BUF_INIT;
    join_query(&q, argc, argv, optind);
    session ss = {.o = &a.o, .a = &a, .format = a.format, .color = a.color};
    struct winsize ws;
    if (isatty(1) && a.format == SW_FORMAT_TEXT) {
        const char *env = getenv("COLUMNS");
        ss.cols = ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col
                  : env && atoi(env) > 0                      ? atoi(env)
                                                              : 80;
    }
    char *err = NULL;
    int bad = 0;
    int rc = search(&a, sw_buf_str(&q), &ss, &bad, &err);
    if (rc == SW_EIO && errno == EPIPE) /* like ripgrep: a closed pipe is not an error */
        rc = 0;
    if (rc)
        sw_text_warn("souwen-search", "%s", err ? err : sw_strerror(rc));
    free(err);
    sw_searcher_close(ss.s);
    sw_buf_release(&q);
    return rc || bad ? 2 : ss.any_hits ? 0 : 1;
}

/* A negated Chinese word (-欧洲) as its own argument: a malloc'd copy behind a \x01, else NULL. */
static char *hide_dash(const char *arg) {
    if (arg[0] != '-' || (unsigned char)arg[1] < 0x80)
        return NULL;
    size_t n = strlen(arg);
    char *copy = malloc(n + 2);
    if (copy) {
        copy[0] = '\x01';
        memcpy(copy + 1, arg, n + 1);
    }
    return copy;
}

int main(int argc, char **argv) {
    sw_tune_malloc();
    /*
     * A negated Chinese word (-欧洲) is a query word, not an option: hide its
     * dash from getopt behind a \x01 that join_query drops.
     */
    char **args = calloc((size_t)argc + 1, sizeof(*args));
    char **copies = calloc((size_t)argc + 1, sizeof(*copies)); /* getopt permutes args */
    if (!args || !copies) {
        free(args);
        free(copies);
        return 2;
    }
    for (int i = 0; i < argc; i++)
        args[i] = (copies[i] = hide_dash(argv[i])) ? copies[i] : argv[i];
    int status = run(argc, args, argv);
    for (int i = 0; i < argc; i++)
        free(copies[i]);
    free(copies);
    free(args);
    return status;
}
