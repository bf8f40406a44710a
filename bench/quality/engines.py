# SPDX-License-Identifier: GPL-2.0-or-later
"""The three engines under test, each behind the same two calls.

    e = Engine(workdir); seconds = e.index(docs); ranked_ids = e.search(words, mode)

`words` is the query after clean(): a list of runs of letters and digits.
`mode` is "or" (any word: the CMRC questions) or "and" (every word: the CCTV
keyword queries). search() returns at most 10 document ids, best first.

- souwen: its CLI, souwen-index over text pages and one souwen-search
  process per query (--json --limit 10 --type article, --any for "or").
- Xapian: TermGenerator with FLAG_CJK_NGRAM (title, a position gap, body),
  BM25 defaults. Queries go through QueryParser with FLAG_CJK_NGRAM, one
  query word at a time (1.4.22's parser throws on Latin-CJK-Latin mixes such
  as "apple 国务院 news"; a word it still rejects is split into CJK and
  non-CJK runs). "and": the words' queries joined with OP_AND (the parser
  itself ANDs the unigrams and bigrams of a CJK run). "or": the parser ANDs
  a CJK run's n-grams whatever default_op says, which would turn a question
  into a conjunction of all its characters, so the n-gram terms the parser
  produced are joined with OP_OR instead.
- SQLite FTS5: fts5(title, body, tokenize='trigram'), ORDER BY bm25().
  "or": every overlapping 3-character window of every word, each quoted,
  joined with OR; words shorter than 3 characters are dropped (the trigram
  tokenizer cannot match them). "and": each word of 3 or more characters is
  one quoted string, which FTS5 turns into the phrase of its trigrams (the
  word as a substring); a shorter word becomes a LIKE '%w%' filter on
  title and body; bm25 ranks by the long words, and a query with no long
  word comes back unranked, in document order.

It does not compute metrics (quality.py does).
"""
import concurrent.futures
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time
import unicodedata

try:
    import xapian
except ImportError:  # quality.py checks before using it
    xapian = None


def clean(text):
    """The same query cleaning for every engine: Latin lower-cased, every
    character that is not a letter, digit or combining mark becomes a space
    (except a '.' between two digits); returns the runs that are left."""
    text = text.lower()
    out = []
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        # A point between digits is part of a number (337.7万), not punctuation.
        keep = cat[0] in "LNM" or (ch == "." and 0 < i < len(text) - 1
                                   and text[i - 1].isdigit() and text[i + 1].isdigit())
        out.append(ch if keep else " ")
    return "".join(out).split()


def _is_cjk(ch):
    o = ord(ch)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF
            or 0x3040 <= o <= 0x30FF or 0xAC00 <= o <= 0xD7AF)


class Souwen:
    name = "souwen"

    def __init__(self, workdir, build, pages_dir, page_ids, workers=2):
        self.db = os.path.join(workdir, "souwen.db")
        self.index_bin = os.path.join(build, "souwen-index")
        self.search_bin = os.path.join(build, "souwen-search")
        self.pages_dir = pages_dir
        self.page_ids = page_ids  # absolute page path -> doc id
        self.workers = workers
        self.errors = []

    def index(self, docs):
        shutil.rmtree(self.db, ignore_errors=True)
        t = time.perf_counter()
        r = subprocess.run([self.index_bin, "--db", self.db, "--quiet", self.pages_dir],
                           capture_output=True, text=True)
        secs = time.perf_counter() - t
        # 1: some pages failed; fidelity() counts them. 2: the index itself failed.
        if r.returncode not in (0, 1):
            raise RuntimeError(f"souwen-index exited {r.returncode}: {r.stderr.strip()[:500]}")
        return secs

    def fidelity(self, docs):
        """Pages whose article souwen did not read as written: [(doc id, why)]."""
        want = {}
        by_id = {d["id"]: d for d in docs}
        for path, did in self.page_ids.items():
            want[path] = by_id[did]
        con = sqlite3.connect(os.path.join(self.db, "souwen.sqlite"))
        got = {}
        for path, title, body in con.execute(
                "SELECT p.path, a.title, a.body FROM pages p LEFT JOIN articles a ON a.page_id = p.id"):
            got[os.path.abspath(path)] = (title, body)
        con.close()
        bad = []
        for path, d in want.items():
            if path not in got or got[path][0] is None:
                bad.append((d["id"], "no article"))
            elif got[path][0] != d["title"]:
                bad.append((d["id"], "title differs"))
            elif got[path][1] != d["body"]:
                want_l, have_l = d["body"].split("\n"), (got[path][1] or "").split("\n")
                k = len(want_l) - len(have_l)
                if k > 0 and want_l[k:] == have_l:
                    bad.append((d["id"], "first lines read as meta: " + " / ".join(want_l[:k])[:60]))
                else:
                    lost = len(d["body"]) - len(got[path][1] or "")
                    bad.append((d["id"], f"body differs ({lost:+d} chars lost)"))
        return bad

    def _one(self, words, mode):
        if not words:  # nothing left after cleaning: no hits, as for the other engines
            return []
        cmd = [self.search_bin, "--db", self.db, "--json", "--limit", "10", "--type", "article",
               "--color", "never"]
        if mode == "or":
            cmd.append("--any")
        cmd += ["--"] + words
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode == 1:
            return []
        if r.returncode != 0:
            self.errors.append((" ".join(words), r.stderr.strip()[:200]))
            return []
        ids = []
        for line in r.stdout.splitlines():
            hit = json.loads(line)
            ids.append(self.page_ids.get(os.path.abspath(hit.get("path") or ""), hit.get("url")))
        return ids

    def search_all(self, queries, mode):
        with concurrent.futures.ThreadPoolExecutor(self.workers) as pool:
            return list(pool.map(lambda w: self._one(w, mode), queries))


class Xapian:
    name = "xapian"

    def __init__(self, workdir):
        self.path = os.path.join(workdir, "xapian")
        self.errors = []

    def index(self, docs):
        shutil.rmtree(self.path, ignore_errors=True)
        t = time.perf_counter()
        db = xapian.WritableDatabase(self.path, xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
        for d in docs:
            doc = xapian.Document()
            tg.set_document(doc)
            self.fill(tg, doc, d)
            db.add_document(doc)
        db.commit()
        db.close()
        secs = time.perf_counter() - t
        self.db = xapian.Database(self.path)
        self.qp = xapian.QueryParser()
        self.qp.set_database(self.db)
        self.set_prefixes(self.qp)
        return secs

    def fill(self, tg, doc, d):
        """One document's terms and data (the speed benchmark adds fields)."""
        tg.index_text(d["title"])
        tg.increase_termpos()
        tg.index_text(d["body"])
        doc.set_data(d["id"])

    def set_prefixes(self, qp):
        pass

    def _parse(self, word):
        flags = xapian.QueryParser.FLAG_CJK_NGRAM
        try:
            return [self.qp.parse_query(word, flags)]
        except xapian.Error:
            runs = re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+", word)
            out = []
            for r in runs:
                try:
                    out.append(self.qp.parse_query(r, flags))
                except xapian.Error as e:
                    self.errors.append((word, str(e)))
            return out

    def search(self, words, mode):
        parts = [q for w in words for q in self._parse(w)]
        if not parts:
            return []
        if mode == "or":
            terms = []
            for q in parts:
                for t in q:
                    t = t.decode() if isinstance(t, bytes) else t
                    if t not in terms:
                        terms.append(t)
            query = xapian.Query(xapian.Query.OP_OR, [xapian.Query(t) for t in terms])
        else:
            query = xapian.Query(xapian.Query.OP_AND, parts)
        enq = xapian.Enquire(self.db)
        enq.set_query(query)
        return [m.document.get_data().decode() for m in enq.get_mset(0, 10)]

    def search_all(self, queries, mode):
        return [self.search(w, mode) for w in queries]


class Fts5:
    name = "fts5"
    columns = ("title", "body")  # the document fields stored, in order
    schema = "title, body"       # their FTS5 column definitions

    def __init__(self, workdir):
        self.path = os.path.join(workdir, "fts5.sqlite")
        self.errors = []

    def index(self, docs):
        for p in (self.path, self.path + "-wal", self.path + "-shm"):
            if os.path.exists(p):
                os.remove(p)
        t = time.perf_counter()
        con = sqlite3.connect(self.path)
        cols = ", ".join(self.columns)
        con.execute(f"CREATE VIRTUAL TABLE docs USING fts5({self.schema}, tokenize='trigram')")
        con.executemany(f"INSERT INTO docs(rowid, {cols}) VALUES (?{', ?' * len(self.columns)})",
                        ((i, *(d[c] for c in self.columns)) for i, d in enumerate(docs)))
        con.commit()
        secs = time.perf_counter() - t
        self.con = con
        self.ids = [d["id"] for d in docs]
        return secs

    @staticmethod
    def match_or(words):
        grams = []
        for w in words:
            for i in range(len(w) - 2):
                g = '"' + w[i:i + 3].replace('"', '""') + '"'
                if g not in grams:
                    grams.append(g)
        return " OR ".join(grams)

    def search(self, words, mode):
        if mode == "or":
            m = self.match_or(words)
            if not m:
                return []
            sql, args = "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", [m]
        else:
            longs = ['"' + w.replace('"', '""') + '"' for w in words if len(w) >= 3]
            shorts = [w for w in words if len(w) < 3]
            where, args = [], []
            if longs:
                where.append("docs MATCH ?")
                args.append(" AND ".join(longs))
            for w in shorts:
                where.append("(title LIKE ? OR body LIKE ?)")
                args += [f"%{w}%", f"%{w}%"]
            sql = "SELECT rowid FROM docs WHERE " + " AND ".join(where)
            sql += " ORDER BY bm25(docs) LIMIT 10" if longs else " LIMIT 10"
        try:
            return [self.ids[r[0]] for r in self.con.execute(sql, args)]
        except sqlite3.Error as e:
            self.errors.append((" ".join(words), str(e)))
            return []

    def search_all(self, queries, mode):
        return [self.search(w, mode) for w in queries]
