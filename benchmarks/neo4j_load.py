"""Neo4j load throughput: the store's UNWIND batches against one MERGE per row per transaction.

Run by hand, not in CI::

    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... python benchmarks/neo4j_load.py
    python benchmarks/neo4j_load.py --start-server     # a throw-away local server (skg neo4j)

The rows are the real ones when ``../shared`` is there - the OFAC SDN list of
2024-05-03, the OFAC consolidated (non-SDN) list of 2025-12-19 and the CSL
fixture, read by the project's loaders and resolver into an in-memory
embedded store - and otherwise a generated set of the same shape and size.
Every method loads the same node and relationship records into the same,
emptied database with the same constraints in place:

(a) ``Neo4jStore.upsert_nodes``/``upsert_rels`` with batch sizes 1k, 5k, 10k
    (first load into an empty graph, then a reload where every MERGE matches);
(b) the baseline most scripts use: one ``MERGE ... SET n += $props`` per row,
    each in its own transaction, on a sample of rows (loading every row this
    way takes minutes); its rows/s is measured on that sample and the full
    load time is extrapolated from it (stated as such in the output);
(c) ``neo4j-admin database import`` - an offline path for first loads - is
    measured by the interchange work (``skg export --format neo4j-admin``);
    :data:`EXTRA_METHODS` is the hook where it plugs in.

Output: a Markdown report (machine, server, data, one row per method) on
stdout, for docs/benchmarks.md ``## Neo4j load``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SKG_SHARED", ROOT.parent / "shared"))

#: (name, function(store, nodes, rels) -> seconds or None) - further load paths, e.g. neo4j-admin import
EXTRA_METHODS: list[tuple[str, Callable]] = []


# -- the rows ---------------------------------------------------------------
def real_rows() -> tuple[list[dict], list[dict], str] | None:
    """Node and relationship records of real list snapshots, through the real pipeline."""
    from sanctions_kg.graph.load import load_paths
    from sanctions_kg.graph.embedded import EmbeddedStore
    from sanctions_kg.loaders.reference import REFERENCE_PATH

    lists = SHARED / "data" / "lists"
    paths = [lists / "ofac_sdn" / "2024-05-03", lists / "ofac_consolidated" / "2025-12-19",
             lists / "trade_csl" / "2023-11-30_moov-fixture-subset" / "csl.csv"]
    if not all(p.exists() for p in paths):
        return None
    store = EmbeddedStore()
    rows = load_paths(store, [REFERENCE_PATH, *paths])
    failed = [r for r in rows if r["error"]]
    if failed:
        print(f"# could not load {failed[0]['path']}: {failed[0]['error']}", file=sys.stderr)
        return None
    label = "real lists: " + ", ".join(str(p.relative_to(SHARED)) for p in paths) + " (+ reference data)"
    return list(store.iter_nodes()), list(store.iter_rels()), label


def generated_rows(n_parties: int = 20000, seed: int = 7) -> tuple[list[dict], list[dict], str]:
    """Parties with aliases, addresses and identifiers listed on ~20 lists: the real lists' shape."""
    from sanctions_kg.graph.facts import Evidence, Node, Rel
    from sanctions_kg.graph.pipeline import node_record, rel_record

    rnd = random.Random(seed)
    words = ["beijing", "shenzhen", "technology", "electronics", "research", "institute", "aviation",
             "trading", "holdings", "industrial", "marine", "energy", "semiconductor", "optical", "defense"]
    doc = Node("Document", "generated@2024-01-01", {"kind": "list_snapshot"})
    lists = [Node("SanctionList", f"GEN-LIST-{i}", {"name": f"Generated list {i}"}) for i in range(20)]
    nodes = [node_record(doc), *(node_record(x) for x in lists)]
    rels = []
    for i in range(n_parties):
        name = " ".join(rnd.sample(words, 3)).title() + f" Co {i}"
        label = rnd.choice(["Company", "Company", "Organization", "Person"])
        party = Node(label, name, {"aliases": [f"{name} Ltd", f"P{i}"], "sources": [doc.id],
                                   "addresses": [f"{i} Road, City"], "identifiers": [f"gen:{i}"]})
        nodes.append(node_record(party))
        for lst in rnd.sample(lists, rnd.choice([1, 1, 2])):
            rels.append(rel_record(Rel("LISTED_ON", party.id, lst.id,
                                       {"listed_on": f"20{rnd.randint(10, 24)}-01-01", "program": "GEN"},
                                       [Evidence(doc.id)])))
    return nodes, rels, f"generated: {n_parties} parties on 20 lists"


# -- the methods ----------------------------------------------------------------
def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def store_load(store, nodes, rels, batch_size: int, repeat: int) -> tuple[float, float]:
    """Best (first load, reload) seconds of ``repeat`` runs with UNWIND batches of ``batch_size``."""
    store.batch_size = batch_size

    def load():
        store.upsert_nodes(nodes)
        store.upsert_rels(rels)

    firsts, agains = [], []
    for _ in range(repeat):
        store.clear()
        firsts.append(timed(load))
        agains.append(timed(load))
    return min(firsts), min(agains)


NAIVE_NODE = "MERGE (n:Entity {id: $id}) ON CREATE SET n:%s SET n += $props"
NAIVE_REL = ("MATCH (s:Entity {id: $src}) MATCH (d:Entity {id: $dst}) "
             "MERGE (s)-[r:%s {key: $key}]->(d) SET r += $props")


def naive_load(store, nodes, rels, repeat: int) -> float:
    """Best seconds of ``repeat`` runs of one MERGE per row, each its own (managed) transaction."""
    driver, db = store.driver, store.database

    def load():
        for n in nodes:
            driver.execute_query(NAIVE_NODE % f"`{n['label']}`", id=n["id"], props=n["props"], database_=db)
        for r in rels:
            driver.execute_query(NAIVE_REL % f"`{r['type']}`", src=r["src"], dst=r["dst"], key=r["key"],
                                 props=r["props"], database_=db)

    runs = []
    for _ in range(repeat):
        store.clear()
        runs.append(timed(load))
    return min(runs)


def sample_for_naive(nodes, rels, n: int) -> tuple[list[dict], list[dict]]:
    """``n`` nodes and the relationships among them (plus their list/document endpoints)."""
    rnd = random.Random(1)
    picked = rnd.sample(nodes, min(n, len(nodes)))
    ids = {x["id"] for x in picked}
    sample_rels = [r for r in rels if r["src"] in ids or r["dst"] in ids][:n]
    ends = {e for r in sample_rels for e in (r["src"], r["dst"])} - ids
    picked += [x for x in nodes if x["id"] in ends]
    return picked, sample_rels


# -- the report -------------------------------------------------------------------
from machine import machine  # noqa: E402  (benchmarks run as scripts from this folder)


def server_info(store) -> str:
    import neo4j

    comp = store.run_cypher("CALL dbms.components() YIELD name, versions, edition RETURN *")[0]
    conf = {r["name"]: r["value"] for r in store.run_cypher(
        "SHOW SETTINGS YIELD name, value WHERE name IN ['server.memory.heap.max_size', "
        "'server.memory.pagecache.size'] RETURN name, value")}
    import importlib.util

    rust = "with neo4j-rust-ext" if importlib.util.find_spec("neo4j._rust") else "pure-Python packstream"
    return (f"{comp['name']} {comp['versions'][0]} {comp['edition']} (heap {conf.get('server.memory.heap.max_size')}, "
            f"page cache {conf.get('server.memory.pagecache.size')}), same machine, Bolt over loopback; "
            f"Python driver neo4j {neo4j.__version__} ({rust})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI"))
    parser.add_argument("--start-server", action="store_true", help="start a throw-away local server")
    parser.add_argument("--batch-sizes", default="1000,5000,10000")
    parser.add_argument("--naive-sample", type=int, default=1500, help="nodes in the naive baseline's sample")
    parser.add_argument("--generated", action="store_true", help="use generated rows even if ../shared exists")
    parser.add_argument("--heap", default="2g", help="heap of the --start-server server")
    parser.add_argument("--pagecache", default="1g", help="page cache of the --start-server server")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per method; the best is reported (the machine is shared, so noise is one-sided)")
    args = parser.parse_args(argv)

    from sanctions_kg.graph.neo4j_store import Neo4jStore

    server = None
    if args.start_server or not args.uri:
        import tempfile

        from sanctions_kg.graph.neo4j_server import Neo4jServer

        server = Neo4jServer(Path(tempfile.mkdtemp(prefix="skg-bench-neo4j-")), heap=args.heap,
                             pagecache=args.pagecache)
        info = server.start()
        store = Neo4jStore.from_uri(info.uri, user=info.user, password=info.password)
    else:
        store = Neo4jStore.from_uri(args.uri)
    try:
        data = None if args.generated else real_rows()
        nodes, rels, label = data or generated_rows()
        total = len(nodes) + len(rels)
        lines = [f"- Machine: {machine()}; load average at start {os.getloadavg()[0]:.1f}",
                 f"- Server: {server_info(store)}",
                 f"- Best of {args.repeat} runs for the store, of {max(1, args.repeat - 1)} for the baseline",
                 f"- Rows: {label}: {len(nodes)} nodes + {len(rels)} relationships = {total} rows", "",
                 "| method | rows | seconds | rows/s | vs naive |", "|---|---:|---:|---:|---:|"]
        results = []
        for size in [int(s) for s in args.batch_sizes.split(",")]:
            first, again = store_load(store, nodes, rels, size, args.repeat)
            results.append((f"store, UNWIND batches of {size}, first load", total, first))
            results.append((f"store, UNWIND batches of {size}, reload (all MERGEs match)", total, again))
            print(f"# batch {size}: {first:.2f}s, reload {again:.2f}s", file=sys.stderr)
        s_nodes, s_rels = sample_for_naive(nodes, rels, args.naive_sample)
        naive_s = naive_load(store, s_nodes, s_rels, max(1, args.repeat - 1))
        naive_rate = (len(s_nodes) + len(s_rels)) / naive_s
        print(f"# naive: {len(s_nodes) + len(s_rels)} rows in {naive_s:.2f}s", file=sys.stderr)
        for name, method in EXTRA_METHODS:
            seconds = method(store, nodes, rels)
            if seconds is not None:
                results.append((name, total, seconds))
        for name, rows, seconds in results:
            rate = rows / seconds
            lines.append(f"| {name} | {rows} | {seconds:.2f} | {rate:,.0f} | {rate / naive_rate:.0f}x |")
        lines.append(f"| naive: one MERGE per row, one transaction each (measured on {len(s_nodes) + len(s_rels)} "
                     f"rows) | {len(s_nodes) + len(s_rels)} | {naive_s:.2f} | {naive_rate:,.0f} | 1x |")
        lines.append(f"| naive, extrapolated to all {total} rows | {total} | {total / naive_rate:.0f} (est.) | "
                     f"{naive_rate:,.0f} | 1x |")
        print("\n".join(lines))
    finally:
        store.clear()
        store.close()
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
