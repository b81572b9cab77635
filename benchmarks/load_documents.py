"""Benchmark: ``skg load`` of many documents into a store that holds the full real lists.

Extraction alone runs at well over 100k words/s (``benchmarks/extract.py``), but
what a user waits for is the load: the store holds tens of thousands of parties,
and each document is resolved against them, matched against their names and
saved. This times, in the same run, on the same documents and the same store:

* **per file** (the baseline: how ``skg load`` worked until it kept state across
  files) - one :func:`~sanctions_kg.cli.load_cmd.load_paths` call per document, so
  each document rebuilds the resolver's index of parties and the gazetteer, and
  saves the store's file;
* **one load** - one ``load_paths`` call for all the documents, as ``skg load
  FOLDER`` runs it: the resolver and the gazetteer are built once (the gazetteer
  takes in the parties each document adds) and the file is saved once;
* **extraction only** - :func:`~sanctions_kg.loaders.extraction.extract` over the same
  texts with the same names, no store: the floor.

The two loads must leave the same graph; the benchmark checks it. Store: the
reference data, OFAC SDN 2024-05-03, OFAC consolidated 2025-12-19 and the
trade.gov CSL fixture, loaded by the list loaders and saved to a temporary file.
Documents: the corpus of ../shared and the blind-round documents of tests/data.

Run: ``.venv/bin/python benchmarks/load_documents.py [--docs 40]``; results are in
docs/benchmarks.md (## Loading documents).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SKG_SHARED", ROOT.parent / "shared"))

from extract import LIST_FILES  # noqa: E402  (benchmarks run as scripts from this folder)
from machine import machine  # noqa: E402


def documents(n: int) -> list[Path]:
    """The first ``n`` documents: the shared corpus, then the blind rounds' documents."""
    paths = sorted((SHARED / "corpus").rglob("*.txt")) + sorted((ROOT / "tests/data/blind").glob("*.txt"))
    return paths[:n]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=40, help="documents to load (the per-file baseline "
                                                         "takes about 1.5 s each)")
    args = ap.parse_args(argv)
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"the shared data folder {SHARED} is absent (set SKG_SHARED)")

    from sanctions_kg.graph.load import load_paths
    from sanctions_kg.graph.embedded import EmbeddedStore
    from sanctions_kg.loaders.doctext import load_document
    from sanctions_kg.loaders.extraction import clear_caches, extract
    from sanctions_kg.loaders.gazetteer import Gazetteer
    from sanctions_kg.loaders.reference import REFERENCE_PATH

    print(f"machine: {machine()}")
    tmp = Path(tempfile.mkdtemp(prefix="skg-bench-"))
    try:
        t0 = time.perf_counter()
        base = EmbeddedStore(tmp / "lists.json")
        rows = load_paths(base, [REFERENCE_PATH, *LIST_FILES])
        assert not [r for r in rows if r["error"]], rows
        stats = base.stats()
        print(f"store: {sum(stats['nodes'].values()):,} nodes, {sum(stats['relationships'].values()):,} "
              f"relationships, {(tmp / 'lists.json').stat().st_size / 2**20:.0f} MiB on disk "
              f"(lists loaded in {time.perf_counter() - t0:.1f} s)")
        docs = documents(args.docs)
        bodies = [load_document(p).body for p in docs]
        words = sum(len(b.split()) for b in bodies)
        print(f"documents: {len(docs)}, {words:,} words of body text\n")

        def fresh(name: str) -> EmbeddedStore:
            shutil.copy(tmp / "lists.json", tmp / name)
            return EmbeddedStore(tmp / name)

        results = []
        store = fresh("per-file.json")
        clear_caches()
        start, cpu = time.perf_counter(), time.process_time()
        for path in docs:
            assert load_paths(store, [path])[0]["error"] is None
        results.append(("per file (baseline): a load_paths call per document",
                        time.perf_counter() - start, time.process_time() - cpu))
        per_file = store.dump()

        store = fresh("one-load.json")
        clear_caches()
        start, cpu = time.perf_counter(), time.process_time()
        rows = load_paths(store, docs)
        results.append(("one load: load_paths over all the documents (skg load FOLDER)",
                        time.perf_counter() - start, time.process_time() - cpu))
        assert not [r for r in rows if r["error"]], rows
        same = store.dump() == per_file == EmbeddedStore(tmp / "one-load.json").dump()

        gaz = Gazetteer.from_store(base)
        clear_caches()
        start, cpu = time.perf_counter(), time.process_time()
        for path in docs:
            extract(load_document(path), gaz)
        results.append(("extraction only (no store)", time.perf_counter() - start, time.process_time() - cpu))

        width = max(len(r[0]) for r in results)
        print(f"{'method':{width}}  {'wall s':>7}  {'docs/s':>7}  {'words/s':>9}")
        for name, wall, _cpu in results:
            print(f"{name:{width}}  {wall:7.2f}  {len(docs) / wall:7.1f}  {words / wall:9,.0f}")
        print(f"\nthe two loads leave the same graph: {'yes' if same else 'NO'}")
        if not same:
            sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
