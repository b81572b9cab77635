"""Export rates per format on the real-list graph, with baselines measured in the same run.

Run by hand, not in CI::

    python benchmarks/export.py                 # all formats
    python benchmarks/export.py --formats nt,rdflib-nt,turtle

The graph is the one ``benchmarks/neo4j_load.py`` measures (same rows, same
code): the OFAC SDN list of 2024-05-03, the OFAC consolidated list of
2025-12-19 and the CSL fixture, read by the project's loaders and resolver
(plus the reference data), or, without ``../shared``, a generated graph of the
same shape. It is loaded once into an in-memory embedded store. Each export
runs once in a child forked from that process before any export ran in it -
the child's peak RSS minus its RSS at the fork is the export's extra memory -
and then ``--repeat`` times (3) in the process itself, where the fastest run
counts (the machine is shared; the minimum is the least disturbed
measurement; a fork's copy-on-write page faults would distort timings).

Baselines, same graph, same run:

* ``store-json`` - the embedded store's own atomic JSON save: the floor for
  writing this graph at all;
* ``rdflib-nt`` - the same triples put in an rdflib ``Graph`` and written
  with ``Graph.serialize(format="nt")``: what our streaming N-Triples writer
  replaces;
* ``turtle``/``jsonld`` are themselves rdflib serialisations (``--force``
  past the in-memory limit), to compare with our N-Triples.

Output: a Markdown table on stdout, for docs/benchmarks.md ``## Exports``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from neo4j_load import generated_rows, machine, real_rows  # noqa: E402  (the same graph as the load benchmark)


def _rss_kb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _store_json(store, path: Path) -> dict:
    store.save(path)
    return {}


def _rdflib_nt(store, path: Path) -> dict:
    from sanctions_kg.graph.export_rdf import to_graph

    g = to_graph(store, limit=None)
    g.serialize(destination=str(path), format="nt", encoding="utf-8")
    return {"triples": len(g)}


def methods() -> dict:
    """name -> (what, writer(store, path) -> summary)."""
    from sanctions_kg.graph.exports import EXPORTS

    out = {"store-json": ("baseline: the embedded store's JSON save", _store_json),
           "rdflib-nt": ("baseline: rdflib Graph + serialize(format='nt')", _rdflib_nt)}
    for name, spec in EXPORTS.items():
        out[name] = (spec.description, lambda store, path, w=spec.write: w(store, path, None, force=True))
    return out


def run(name: str, store, outdir: str) -> dict:
    """One export of ``name``: seconds, output bytes and the writer's summary."""
    writer = methods()[name][1]
    path = Path(outdir) / name
    t0 = time.perf_counter()
    summary = writer(store, path)
    seconds = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in path.rglob("*")) if path.is_dir() else path.stat().st_size
    return {"seconds": seconds, "bytes": size, "summary": summary}


def _child(name: str, store, outdir: str, queue) -> None:
    start_rss = _rss_kb()
    run(name, store, outdir)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put(max(0, peak - start_rss) / 1024)


def extra_memory_mb(name: str, store, outdir: str) -> float:
    """Peak RSS of a forked child running the export, minus its RSS at the fork."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(name, store, outdir, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", help="comma-separated subset of: " + ", ".join(methods()))
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per format; the fastest counts (the machine is shared), memory is the largest")
    args = parser.parse_args(argv)
    names = args.formats.split(",") if args.formats else list(methods())

    from sanctions_kg.graph.embedded import EmbeddedStore

    t0 = time.perf_counter()
    rows = real_rows() or generated_rows()
    nodes, rels, data = rows
    store = EmbeddedStore()
    store.upsert_nodes(nodes)
    store.upsert_rels(rels)
    del rows, nodes, rels
    items = sum(sum(v.values()) for v in store.stats().values())
    built = time.perf_counter() - t0
    print(f"# graph built in {built:.1f} s: {items:,} items", file=sys.stderr)

    results = {}
    with tempfile.TemporaryDirectory(prefix="skg-export-bench-") as outdir:
        # memory first, forked from a process that has not exported yet (memory an export
        # freed stays in the parent's allocator and would hide the next one's peak)
        memory = {name: extra_memory_mb(name, store, outdir) for name in names}
        for name in names:
            runs = [run(name, store, outdir) for _ in range(args.repeat)]
            results[name] = dict(min(runs, key=lambda r: r["seconds"]), extra_mb=memory[name])
            print(f"# {name}: " + ", ".join(f"{r['seconds']:.2f}" for r in runs) + " s", file=sys.stderr)

    stats = store.stats()
    print(f"Machine: {machine()}.  ")
    print(f"Data: {data}: {sum(stats['nodes'].values()):,} nodes, {sum(stats['relationships'].values()):,} "
          f"relationships ({items:,} items), in an in-memory embedded store.  ")
    print(f"Each export ran once in a child forked from the process holding the store, before any export ran "
          f"there (*extra memory*: the child's peak RSS minus its RSS at the fork), then {args.repeat} times in "
          "that process (*seconds*: the fastest run).")
    print()
    print("| format | what | seconds | items/s | triples/s or entities/s | output | extra memory |")
    print("|---|---|---:|---:|---:|---:|---:|")
    all_methods = methods()
    for name, r in results.items():
        s = r["summary"]
        unit = ""
        if "triples" in s:
            unit = f"{s['triples'] / r['seconds']:,.0f} triples/s"
        elif "entities" in s:
            unit = f"{s['entities'] / r['seconds']:,.0f} entities/s"
        print(f"| `{name}` | {all_methods[name][0]} | {r['seconds']:.2f} | {items / r['seconds']:,.0f} | {unit} "
              f"| {r['bytes'] / 1e6:.1f} MB | {r['extra_mb']:.0f} MB |")
    if "nt" in results and "rdflib-nt" in results:
        print()
        print(f"Streaming N-Triples vs rdflib N-Triples: {results['rdflib-nt']['seconds'] / results['nt']['seconds']:.1f}x "
              f"faster, {results['rdflib-nt']['extra_mb']:.0f} MB vs {results['nt']['extra_mb']:.0f} MB extra memory.")
    if "nt" in results and "turtle" in results:
        print(f"Streaming N-Triples vs rdflib Turtle: {results['turtle']['seconds'] / results['nt']['seconds']:.1f}x faster.")


if __name__ == "__main__":
    main()
