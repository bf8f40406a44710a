#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Relevance benchmark: souwen against Xapian (CJK n-grams) and SQLite FTS5
(trigram) on the same documents and queries; prints success@5 and MRR@10.

Sets: cmrc (CMRC 2018 questions, known-item, OR semantics) and cctv (the
judged keyword queries in cctv_queries.tsv over CCTV 新闻联播 stories, AND
semantics). See README.md for how each engine is configured.

Work files (pages, indexes, per-query ranks) go under --work, never into the
repository. It exits 0 with a message when the data or python3-xapian is
missing.
"""
import argparse
import json
import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the repository

import corpora  # noqa: E402
import engines  # noqa: E402

QUICK_CMRC = 500  # questions in a --quick run
QUICK_CCTV_EVERY = 4  # a --quick run keeps every 4th CCTV story (and every target)


def metrics(ranked, expected):
    """(success@5, reciprocal rank within 10, rank or 0) of one query."""
    for r, did in enumerate(ranked[:10], 1):
        if did in expected:
            return (1.0 if r <= 5 else 0.0), 1.0 / r, r
    return 0.0, 0.0, 0


def run_set(name, docs, queries, mode, args, out_rows, detail):
    work = os.path.join(args.work, name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    ids = {d["id"] for d in docs}
    missing = [q for q in queries if not q["expected"] & ids]
    if missing:
        raise SystemExit(f"quality: {name}: {len(missing)} queries name no document of the set, "
                         f"first: {missing[0]['text']} -> {sorted(missing[0]['expected'])}")
    source = {"cmrc": "CMRC2018", "cctv": "央视新闻"}[name]
    page_ids = corpora.write_pages(docs, os.path.join(work, "pages"), source)
    words = [engines.clean(q["text"]) for q in queries]
    for eng in (engines.Souwen(work, args.build, os.path.join(work, "pages"), page_ids),
                engines.Xapian(work), engines.Fts5(work)):
        print(f"[{name}] {eng.name}: indexing {len(docs)} documents", file=sys.stderr, flush=True)
        isecs = eng.index(docs)
        if isinstance(eng, engines.Souwen):
            bad = eng.fidelity(docs)
            detail["souwen_pages_misread"][name] = len(bad)
            if bad:
                meta = sum(why.startswith("first lines read as meta") for _, why in bad)
                rare = [b for b in bad if not b[1].startswith("first lines read as meta: 央视网消息")]
                print(f"[{name}] souwen read {len(bad)} of {len(docs)} pages differently from the "
                      f"document ({meta} only lost leading lines to the meta block); "
                      f"e.g. {(rare or bad)[:3]}", file=sys.stderr)
                with open(os.path.join(work, "souwen-misread.tsv"), "w", encoding="utf-8") as fh:
                    fh.writelines(f"{did}\t{why}\n" for did, why in bad)
        print(f"[{name}] {eng.name}: {len(queries)} queries", file=sys.stderr, flush=True)
        t = time.perf_counter()
        ranked = eng.search_all(words, mode)
        qsecs = time.perf_counter() - t
        s5 = rr = 0.0
        with open(os.path.join(work, f"ranks-{eng.name}.tsv"), "w", encoding="utf-8") as fh:
            for q, w, r in zip(queries, words, ranked):
                a, b, rank = metrics(r, q["expected"])
                s5 += a
                rr += b
                fh.write(f"{q['id']}\t{rank}\t{q['text']}\t{' '.join(w)}\t{','.join(r[:3])}\n")
        n = len(queries)
        row = {"engine": eng.name, "set": name, "success@5": round(s5 / n, 4),
               "mrr@10": round(rr / n, 4), "queries": n, "documents": len(docs),
               "index_seconds": round(isecs, 2), "query_seconds": round(qsecs, 2),
               "errors": len(eng.errors)}
        if eng.errors:
            row["first_errors"] = eng.errors[:3]
        out_rows.append(row)
        print(f"[{name}] {eng.name}: success@5 {row['success@5']:.3f} MRR@10 {row['mrr@10']:.3f}",
              file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(HERE, "..", "..", "..", "shared", "data"))
    ap.add_argument("--build", default=os.path.join(HERE, "..", "..", "build"))
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                   "souwen-quality"))
    ap.add_argument("--quick", action="store_true", help="500 CMRC questions, 1/4 of the CCTV stories")
    ap.add_argument("--sets", default="cmrc,cctv")
    ap.add_argument("--json", default=os.path.join(HERE, "results.json"))
    args = ap.parse_args()
    args.data, args.build = os.path.abspath(args.data), os.path.abspath(args.build)

    if not os.path.isdir(args.data):
        print(f"quality: skipped: no data folder '{args.data}'")
        return 0
    if engines.xapian is None:
        print("quality: skipped: python3-xapian is not installed (apt-get install python3-xapian)")
        return 0
    for b in ("souwen-index", "souwen-search"):
        if not os.access(os.path.join(args.build, b), os.X_OK):
            print(f"quality: no '{b}' in '{args.build}' (build first, or give --build)",
                  file=sys.stderr)
            return 2

    rows, detail = [], {"souwen_pages_misread": {}}
    sets = args.sets.split(",")
    if "cmrc" in sets:
        docs, queries = corpora.cmrc(args.data)
        if args.quick:
            queries = queries[:QUICK_CMRC]
        run_set("cmrc", docs, queries, "or", args, rows, detail)
    if "cctv" in sets:
        docs = corpora.cctv(args.data)
        queries = corpora.cctv_queries(os.path.join(HERE, "cctv_queries.tsv"))
        if args.quick:
            targets = set().union(*(q["expected"] for q in queries))
            docs = [d for i, d in enumerate(docs) if i % QUICK_CCTV_EVERY == 0 or d["id"] in targets]
        run_set("cctv", docs, queries, "and", args, rows, detail)

    try:
        commit = os.popen(f"git -C '{HERE}' log -1 --format=%h 2>/dev/null").read().strip()
    except OSError:
        commit = ""
    print(f"\nsouwen build: {args.build} (source HEAD now: {commit or '?'}; the build may be older)"
          + ("   QUICK RUN: subsets, not comparable with full runs" if args.quick else ""))
    head = f"{'engine':<8} {'set':<6} {'success@5':>9} {'MRR@10':>7} {'queries':>7} {'docs':>6} " \
           f"{'index s':>8} {'query s':>8} {'errors':>6}"
    print(head)
    print("-" * len(head))
    for r in sorted(rows, key=lambda r: (r["set"], r["engine"])):
        print(f"{r['engine']:<8} {r['set']:<6} {r['success@5']:>9.3f} {r['mrr@10']:>7.3f} "
              f"{r['queries']:>7} {r['documents']:>6} {r['index_seconds']:>8.1f} "
              f"{r['query_seconds']:>8.1f} {r['errors']:>6}")
    print(f"(souwen: one souwen-search process per query, 2 at a time; per-query ranks in "
          f"{args.work}/<set>/ranks-<engine>.tsv)")
    with open(args.json, "w", encoding="utf-8") as fh:
        json.dump({"commit": commit, "build": args.build, "quick": args.quick,
                   "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   "results": rows, **detail}, fh, ensure_ascii=False, indent=1)
    print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
