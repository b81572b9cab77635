"""Benchmark: loading the real list snapshots, against a plain csv + networkx baseline.

Inputs (from ../shared/data/lists): the trade.gov CSL fixture (4,227 rows),
the OFAC SDN snapshot 2024-05-03 (14,965 rows) and the OFAC consolidated
snapshot 2025-12-19 (442 rows with its add/alt/comments files).

Three measurements, in the same run, on the same files:

* ``baseline`` - the rows parsed by the ``csv`` module and inserted into a
  bare ``networkx.MultiDiGraph`` (one node per row keyed by its source id, one
  edge to a list node): no decoding checks, no remarks parsing, no
  resolution, validation, history or persistence. The floor for "read the
  rows into a graph".
* ``loaders`` - the project's loaders producing their facts (decoding,
  parsing, remarks, identifiers, regions), with no store.
* ``skg load`` - the full pipeline as ``skg load`` runs it: loaders, entity
  resolution, model validation, history, batched writes into the embedded
  store and its atomic save to disk.

Run: ``python benchmarks/lists_load.py [--reps 3] [--shared PATH]``; results
are recorded in docs/benchmarks.md (## List loading).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from sanctions_kg.graph.load import load_paths
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.loaders.registry import LoadContext, detect

ROOT = Path(__file__).resolve().parents[1]


def inputs(shared: Path) -> list[Path]:
    lists = shared / "data" / "lists"
    return [lists / "trade_csl/2023-11-30_moov-fixture-subset/csl.csv",
            lists / "ofac_sdn/2024-05-03",
            lists / "ofac_consolidated/2025-12-19"]


def _csv(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    text = path.read_bytes().decode(encoding, errors="replace").rstrip("\x1a\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def baseline(paths: list[Path]) -> tuple[int, nx.MultiDiGraph]:
    """Plain csv parsing into a bare networkx graph; returns (main rows, graph)."""
    g = nx.MultiDiGraph()
    rows = 0
    csl = _csv(paths[0])
    header = csl[0]
    for row in csl[1:]:
        if len(row) != len(header) or row == header:
            continue
        rec = dict(zip(header, row))
        g.add_node(rec["_id"], name=rec["name"], addresses=rec["addresses"], ids=rec["ids"])
        g.add_edge(rec["_id"], rec["source"], listed_on=rec["start_date"], frn=rec["federal_register_notice"])
        rows += 1
    for folder, main, lst in ((paths[1], "sdn.csv", "SDN"), (paths[2], "cons_prim.csv", "CONS")):
        for row in _csv(folder / main, "latin-1"):
            if len(row) != 12:
                continue
            g.add_node(row[0], name=row[1], type=row[2], remarks=row[11])
            g.add_edge(row[0], lst, program=row[3])
            rows += 1
        for side, width in (("add", 6), ("alt", 5)):
            name = f"cons_{side}.csv" if main.startswith("cons") else f"{side}.csv"
            if (folder / name).exists():
                for row in _csv(folder / name, "latin-1"):
                    if len(row) == width and row[0] in g:
                        g.nodes[row[0]].setdefault(side, []).append(row[2:])
    return rows, g


def loaders_only(paths: list[Path]) -> int:
    """The loaders' facts without a store; returns the number of facts."""
    n = 0
    for path in paths:
        ctx = LoadContext(store=None, options={}, path=path)
        for _ in detect(path).read(path, ctx):
            n += 1
    return n


def full(paths: list[Path], folder: Path) -> tuple[dict, list[dict]]:
    store = EmbeddedStore(folder / "store.json")
    rows = load_paths(store, paths)
    return store.stats(), rows


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t0, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--shared", type=Path, default=Path(os.environ.get("SKG_SHARED", ROOT.parent / "shared")))
    args = ap.parse_args()
    paths = inputs(args.shared)
    missing = [p for p in paths if not p.exists()]
    if missing:
        sys.exit(f"missing inputs: {missing}")
    base_t, load_t, full_t = [], [], []
    for _ in range(args.reps):
        t, (rows, _) = timed(baseline, paths)
        base_t.append(t)
        t, facts = timed(loaders_only, paths)
        load_t.append(t)
        with tempfile.TemporaryDirectory() as tmp:
            t, (stats, report) = timed(full, paths, Path(tmp))
            full_t.append(t)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, networkx {nx.__version__}")
    print(f"inputs: {', '.join(str(p.relative_to(args.shared)) for p in paths)}")
    print(f"main rows: {rows}; facts from the loaders: {facts}; graph: {stats}")
    print(f"{'measure':<12} {'median s':>9} {'min s':>7} {'rows/s':>9}")
    for name, ts in (("baseline", base_t), ("loaders", load_t), ("skg load", full_t)):
        med = statistics.median(ts)
        print(f"{name:<12} {med:>9.2f} {min(ts):>7.2f} {rows / med:>9.0f}")
    print(f"peak RSS: {peak_mb:.0f} MiB; problems reported by skg load: {sum(r['problems'] for r in report)}")


if __name__ == "__main__":
    main()
