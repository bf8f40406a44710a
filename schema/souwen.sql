-- SPDX-License-Identifier: GPL-2.0-or-later
-- souwen.sql - the SQLite record of what was crawled.
--
-- SQLite is the record; the Xapian index beside it (see TERMS.md) is derived
-- from these tables and can be rebuilt from them. This file is compiled into
-- the binaries and run once, in one transaction, on a new store. The schema
-- version is SQLite's user_version; souwen refuses a store whose version it
-- does not know.
--
-- Identity:
--   * A page is its URL when the reader knows one (a WARC record's
--     WARC-Target-URI, an HTML page's <link rel=canonical> or og:url, a text
--     page's URL: line), else the absolute path of the file. pages.key is
--     the URL's key (core/url.h): tracking parameters (from, spm, utm_*,
--     share...), the fragment, a default port, the scheme (http as https)
--     and the host's case do not count, so the spellings of one URL are one
--     page. Re-reading a page whose bytes hash the same is skipped; a page
--     whose bytes changed replaces its article and its occurrences (its
--     earlier lists stay in the spans).
--   * A headline is its normalized title plus normalized source
--     (headlines.key: the segmenter's tokens joined by spaces, U+001F, then
--     the source's tokens), so the same headline listed on many pages, with
--     different punctuation or full-width forms, is one row with an
--     occurrence per page and section.
--
-- Commit protocol between SQLite and Xapian. SQLite is the record; the Xapian
-- index is derived from it and catches up with it, never the reverse:
--   1. A batch of pages (--commit-every, default 500, at most 32 MB) is
--      written to SQLite in one transaction that also lists, in `pending`,
--      every article and headline whose Xapian document must be (re)written
--      or deleted. After this commit the pages are recorded for good.
--   2. The indexer's writer threads then apply the pending rows of that
--      batch to Xapian, rebuilding each document from the rows (replace by
--      unique id term Qa<id> / Qh<id> in the shard that holds it, or delete
--      when the row is gone; both idempotent), and commit their shards --
--      while the main thread records the next batch. Each pending row
--      carries the generation (`gen`) of the batch that queued it; a row
--      queued again moves to the later one.
--   3. Then, in one SQLite transaction, it deletes the pending rows of the
--      generations applied (a row queued again since stays) and any headline
--      among them that no page lists any more and no capture ever showed
--      (no occurrence, no span).
-- A crash or kill -9 at any point leaves SQLite at its last commit and
-- Xapian at its own; rows still in `pending` are exactly the documents that
-- may differ, and the next souwen-index run applies them first, when it
-- opens (a page whose transaction never committed is simply read again).
-- So readers see in Xapian only documents whose rows were committed. A hit
-- shows what its Xapian document holds (searches never read SQLite): a row
-- changed or deleted since is shown as it was written until the writer
-- applies its pending row. `souwen-index --check` compares the two sides
-- excusing only what `pending` lists.
--
-- --rebuild does not go through `pending`: it writes every article and every
-- headline listed or shown (occurrences, spans) from these tables into
-- new shards beside the old ones (never
-- opened: they may be damaged or lost), swaps the layout to them (the
-- `shards` file, atomically), and only then empties `pending` (the new shards
-- hold every stored document) and removes the old shards. A kill before the
-- swap leaves the old shards and `pending` as they were; after it, applying
-- `pending` again to the new shards is idempotent.
--
-- --remove writes, in the transaction that forgets the pages, one `removed`
-- row per page under the name it was asked for, and empties the table once
-- its Xapian work is applied: the same --remove run again after a kill finds
-- the pages there and reports them removed (its open applied the work).
--
-- One writer at a time: souwen-index holds an flock(2) on the folder's
-- `lock` file (holding its pid) while it writes; a second writer stops at
-- once with "index is locked by pid N". --check takes a shared flock
-- (read-only). Searches take no lock (SQLite WAL, Xapian revisions).
--
-- Versions: user_version below is SW_SCHEMA_VERSION (core/store.h); the
-- Xapian index records the same number under its metadata key
-- "souwen_schema". Both are checked at open; an index of another version is
-- refused naming both versions, and `souwen-index --upgrade` applies the
-- migrations of core/store.c (one function per version step) and then
-- rewrites the documents they queued.
--   1 -> 2: pending gains its gen column; Xapian documents carry what a hit
--           shows (title, body, links: see TERMS.md), so all are rewritten.
--   2 -> 3: tables unchanged; Xapian documents gain year, month and day
--           terms for date: (TERMS.md), so all are rewritten.
--   3 -> 4: tables unchanged; Traditional text is folded phrase by phrase
--           with OpenCC before it is cut into words (TERMS.md), so the terms
--           of Traditional pages change and all documents are rewritten.
--   4 -> 5: pages are keyed by their URL's key (the pages of one URL merge,
--           the last indexed kept); stories and story_sigs are filled in the
--           order pages were recorded; all documents are rewritten.
--   5 -> 6: tables unchanged; an article's value 1 ends with its story and
--           date, and value 3 holds its copy card (TERMS.md), so all
--           documents are rewritten.
--   6 -> 7: tables unchanged; every document gains value 4 (what counting
--           reads) and value 5 (its id term, for --all), and an article's
--           copy card (value 3) its page key (TERMS.md), so all documents
--           are rewritten.
--   7 -> 8: articles gain author and title_key (and its index); documents
--           gain the author (data, XA
--           terms, value 4: TERMS.md), so all are rewritten; every page's
--           hash is marked 'stale:', so the next run over the same files reads
--           each page again with this version's readers (which take the
--           author, and more of the page) instead of skipping it.
--   8 -> 9: captures and versions; each page gets a first capture from what
--           is recorded (a file's saved_at, else fetched_at, else indexed_at; status
--           200; its hash) and its article's body as its first version.
--           Articles gain the changed: and gone: terms (TERMS.md), so all
--           documents are rewritten.
--   9 -> 10: spans (when each headline stood on each list); each headline listed now gets
--           a span per occurrence, of its page's latest capture with a text (else its
--           latest capture, else the page's fetch or index time).
--           Headline documents gain first_seen, last_seen and their timeline, article
--           documents captures, first_seen and last_seen, and seen: moves from day terms to
--           values 6 and 7 (TERMS.md): every document is rewritten. An article's text is
--           kept in its version only (articles.version; articles.body goes), and a page's
--           later versions are compressed against its first (versions.base).
--   10 -> 11: a span through its page's latest capture is open (last_at '~'), and
--           page_last records that capture's time; no document changes.
--
-- Headline links are kept true in the index: a page written or forgotten
-- queues the headlines linking to its URL (their article_url), and before
-- each commit the articles that queued headlines link to are queued too
-- (their featured_on, first_seen, last_seen).

PRAGMA user_version = 11;

CREATE TABLE pages (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,  -- the URL's key when known, else the absolute path
    url         TEXT,                  -- the page's URL, NULL when unknown
    path        TEXT,                  -- the file it was read from (for WARC: the .warc file)
    hash        TEXT NOT NULL,         -- XXH3-128 of the file's bytes, hex; 'stale:' before
                                       -- it when --upgrade found the page read by older
                                       -- readers (the next run over the file reads it again)
    charset     TEXT NOT NULL,         -- charset the bytes were decoded from: UTF-8, GBK,
                                       -- GB2312, GB18030, Big5, UTF-16LE ... (charset.c)
    fetched_at  TEXT,                  -- crawl time, ISO 8601, when known (WARC-Date)
    indexed_at  TEXT NOT NULL,         -- when souwen (re)read it, ISO 8601 UTC
    bytes       INTEGER NOT NULL,      -- size of the file (WARC: of the decoded HTTP payload)
    saved_at    TEXT                   -- a file's modification time (UTC, to the nanosecond),
                                       -- NULL for a WARC record; orders copies of a story
                                       -- published at the same time (search.c)
);
CREATE INDEX pages_by_path ON pages(path);

-- Captures: every fetch of a page is one row, never overwritten (the same fetch read again,
-- at the same time, stays one row). Its time is the WARC-Date, else --fetched-at, else the
-- file's modification time, as UTC "YYYY-MM-DDTHH:MM:SSZ" (one form, so the text orders
-- them). A 404 or 410 has no hash and no version: the page is gone from that time until a
-- later 200. A WARC revisit record (identical payload) is a 200 with no hash and no version:
-- the text of the capture before it. A page's article and lists are those of its latest
-- capture with a version, by time, whatever order the crawls were indexed in; a capture
-- whose bytes hash as one before it is a row and a patch of its article's document (pending
-- 'c'): its words are not read again.
CREATE TABLE captures (
    id          INTEGER PRIMARY KEY,
    page_id     INTEGER NOT NULL,      -- pages.id
    fetched_at  TEXT NOT NULL,
    status      INTEGER NOT NULL,      -- HTTP status: 200, 404, 410
    hash        TEXT,                  -- XXH3-128 of the bytes, as pages.hash; NULL without text
    version     INTEGER,               -- versions.id: the text it had; NULL without text
    UNIQUE(page_id, fetched_at)
);
CREATE INDEX captures_by_hash ON captures(page_id, hash);

-- Versions: each distinct text of a page once. The text is an article's body (paragraphs
-- separated by '\n'; the article's row names its version, and holds no copy), or, for a page
-- without an article, the titles its lists show, one a line; hash is XXH3-128 (hex) of the
-- title, '\n' and the text; text is zlib-compressed, a page's later texts with its first as
-- zlib's preset dictionary, so that an edited text costs about what the edit changed.
CREATE TABLE versions (
    id          INTEGER PRIMARY KEY,
    page_id     INTEGER NOT NULL,      -- pages.id
    hash        TEXT NOT NULL,
    title       TEXT,                  -- the article's title, NULL for a page without one
    text        BLOB NOT NULL,
    base        INTEGER,               -- versions.id of the text compressed against (the
                                       -- page's first, whose base is NULL); kept while named
    UNIQUE(page_id, hash)
);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,  -- Xapian unique term Qa<id>
    page_id      INTEGER NOT NULL UNIQUE REFERENCES pages(id),
    title        TEXT NOT NULL,
    source       TEXT,                 -- the outlet or wire the page credits (来源：新华社),
                                       -- not its author
    published_at TEXT,                 -- ISO 8601 (UTC+08:00 unless the page says otherwise)
    story        INTEGER NOT NULL DEFAULT 0, -- stories.id: the story it belongs to
    author       TEXT,                 -- who wrote it: reporter, byline, self-media account
                                       -- (记者 X, 作者：X, 文/X, an author box), as shown
    title_key    TEXT,                 -- the title's normalized tokens: a headline key's title
                                       -- part (a headline without a URL links to the article
                                       -- of its title, and of the source it names, if any)
    version      INTEGER               -- versions.id of its title and body (paragraphs
                                       -- separated by '\n'): the text is kept there only,
                                       -- compressed; never NULL
);
CREATE INDEX articles_by_story ON articles(story);
CREATE INDEX articles_by_title_key ON articles(title_key);

-- Stories: reprints of one article on many pages are one story (core/story.h, store_story.c).
-- An article joins, when it is written, the story of the earlier article whose text is the
-- same (equal exact hash) or a near-duplicate (a shared band key, then the sketches compared);
-- else it begins a story. It keeps its story until its page changes; nothing is re-clustered,
-- so the stories follow from the order the pages were recorded in. AUTOINCREMENT: the id of a
-- story whose pages are all gone is never given to another.
CREATE TABLE stories (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    key     TEXT NOT NULL UNIQUE,      -- the story's name in the index and in results: 16 hex
                                       -- digits of a mix of its first article's text hash
                                       -- (story_sigs.exact), so that indexes built apart and
                                       -- searched together show copies of one text once; when
                                       -- that key is taken, of the text hash and the id
    article INTEGER NOT NULL           -- the article that began it
);
-- Each article's text signature: the hash of its folded text (exact copies), its folded
-- length, its distinct shingles, and its MinHash sketch (64 little-endian 32-bit values;
-- NULL for a text too short to be compared as a reprint).
CREATE TABLE story_sigs (
    article  INTEGER PRIMARY KEY,      -- articles.id
    exact    INTEGER NOT NULL,
    chars    INTEGER NOT NULL,
    shingles INTEGER NOT NULL,
    sketch   BLOB,
    published INTEGER                  -- the article's publication time, unix seconds, or NULL:
                                       -- near-duplicates a month apart are other stories
);
CREATE INDEX story_sigs_by_exact ON story_sigs(exact);
-- The sketch's 16 band keys: articles sharing one are compared.
CREATE TABLE story_bands (
    band    INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (band, article)
) WITHOUT ROWID;

CREATE TABLE headlines (
    id           INTEGER PRIMARY KEY,  -- Xapian unique term Qh<id>
    key          TEXT NOT NULL UNIQUE, -- normalized title U+001F normalized source
    title        TEXT NOT NULL,        -- as first seen
    source       TEXT,
    published_at TEXT,                 -- the time shown with the item, ISO 8601
    url          TEXT,                 -- where the item links, when known (absolute,
                                       -- resolved against the page's URL)
    link         TEXT                  -- the key of url (as pages.key): a headline links to
                                       -- the page its URL's spellings name; without a url,
                                       -- the key of the page of an article of its title
                                       -- (articles.title_key, and of its source when it names
                                       -- one, as the article's source or author), set when
                                       -- either is recorded and cleared when that page changes
);
-- Headline links: the article at a URL is "featured" by the headlines linking to it.
CREATE INDEX headlines_by_url ON headlines(url);
CREATE INDEX headlines_by_link ON headlines(link);

-- One row per (headline, page, section): where a headline was listed.
CREATE TABLE occurrences (
    headline_id INTEGER NOT NULL REFERENCES headlines(id),
    page_id     INTEGER NOT NULL REFERENCES pages(id),
    section     TEXT NOT NULL,         -- the list's heading, e.g. 热点推荐
    position    INTEGER NOT NULL,      -- 0-based place of the item in its list
    PRIMARY KEY (headline_id, page_id, section)
) WITHOUT ROWID;
CREATE INDEX occurrences_by_page ON occurrences(page_id);

-- The time of each page's latest capture (the latest fetched_at of its captures): what its
-- open spans' last_at '~' reads. Kept apart from pages, in rows this small, for the readers of
-- spans (a document's timeline, an article's listings).
CREATE TABLE page_last (
    page_id     INTEGER PRIMARY KEY,   -- pages.id
    at          TEXT NOT NULL
);

-- Spans: when a headline stood on a list (the occurrences above are only what a page shows
-- now). A span is a run of consecutive captures of a listing page, by time and of any status,
-- that showed the headline under one heading at one place: a capture with bytes shows its
-- lists, a revisit shows what the capture with bytes before it showed, a 404 or 410 shows
-- nothing. A capture
-- lands anywhere in its page's history (crawls indexed in any order): it extends a span that
-- ends just before it or begins just after it, joins two, begins one, or cuts one in two (one
-- that runs over it and that it does not show). A span that runs through its page's latest
-- capture is open: its last_at is '~', read as that capture's time. The usual re-crawl, a
-- capture after all others showing what the latest showed (its bytes, or a revisit), changes
-- no span: a re-crawl adds and changes no row here. A headline that left every list keeps its spans, its document and its hits: it
-- was shown. Its first_seen and last_seen are its first span's first capture and its last
-- span's last; its timeline is its spans by (page, section). --remove of a page deletes them.
CREATE TABLE spans (
    headline_id INTEGER NOT NULL,      -- headlines.id
    page_id     INTEGER NOT NULL,      -- pages.id: the listing page
    section     TEXT NOT NULL,         -- the list's heading, as in occurrences
    first_at    TEXT NOT NULL,         -- the first capture of the run (captures.fetched_at)
    last_at     TEXT NOT NULL,         -- its last; '~' (open): the page's latest capture
    position    INTEGER NOT NULL,      -- its 0-based place in the list, the same over the
                                       -- run (a move to another place begins another span; a
                                       -- timeline shows spans that touch as one, with the
                                       -- best place)
    PRIMARY KEY (headline_id, page_id, section, first_at)
) WITHOUT ROWID;
-- The spans of a page that end at a capture, or are open (captures, --show --at, --remove).
CREATE INDEX spans_by_page ON spans(page_id, last_at);

-- Documents whose Xapian copy is not yet up to date: kind 'a' (article) or
-- 'h' (headline), written whole; 'c', an article whose page was captured
-- again with no new text (or whose listings moved), and 'g', a headline whose
-- spans moved, whose documents are patched in place (value 8, what they say of
-- the captures, and the seen: values; passed when queued as 'a' or 'h' too;
-- a 'g' row waits for the last catch-up of a run, so that a headline on many
-- pages is patched once). A row whose article or
-- headline no longer exists means "delete the document".
CREATE TABLE pending (
    kind TEXT NOT NULL,
    id   INTEGER NOT NULL,
    gen  INTEGER NOT NULL DEFAULT 0, -- the batch that queued it (queued again: the later one)
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- Files that could not be read or parsed, with the reason, for the next run.
CREATE TABLE failures (
    path   TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL                -- ISO 8601 UTC
);

-- Pages whose removal is committed while the --remove that removed them may
-- not have finished (see the protocol above). Stores written before it gain it
-- at their first --remove; older souwen versions ignore it.
CREATE TABLE IF NOT EXISTS removed (
    what TEXT NOT NULL                 -- the URL, key or path --remove was given
);
