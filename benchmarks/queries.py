"""Latency of every canned query: p50 and p95, per store, on two graphs.

Graphs: (1) the real lists from ../shared (SDN 2024-05-03, OFAC consolidated
2025-12-19, the CSL fixture) plus the demo corpus; (2) a generated graph of
about 100k nodes (parties with listings, citations and locations drawn from
the reference data). Stores: the embedded store always, and Neo4j when
``--neo4j URI`` is given (credentials from NEO4J_USER / NEO4J_PASSWORD), the
same graph synced into it. The baseline, in the same run, is the naive way a
script answers `exposure` on a networkx graph: scan every relationship.

The embedded queries read the store's query index (typed adjacency, property
indexes), built by the first query after a write and kept until the next one;
the query timings are with the index built (the warm-up run builds it), and
the time to build it - what the first query after a load pays once - is a
row of its own.

    python benchmarks/queries.py [--neo4j bolt://127.0.0.1:7687] [--runs 30] [--skip-generated]
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from sanctions_kg.cli.demo_cmd import demo_inputs
from sanctions_kg.graph.load import PARTIAL_OPTIONS, load_paths
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.pipeline import build
from sanctions_kg.loaders.reference import REFERENCE_PATH
from sanctions_kg.queries.catalog import catalog
from sanctions_kg.queries.embedded_base import QueryIndex
from sanctions_kg.queries.runner import run_query

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "lists"
PARAMS = {
    "exposure": {"entity": "hikvision"},
    "neighbourhood": {"entity": "hikvision", "depth": "2"},
    "precedents": {"entity": "hikvision"},
    "escalation": {"concern": "human rights"},
    "path": {"source": "hikvision", "target": "Megvii"},
    "peers": {"entity": "hikvision"},
    "timeline": {"entity": "hikvision"},
    "region": {"region": "Xinjiang"},
    "agency": {"agency": "BIS"},
    "sources": {"entity": "hikvision"},
    "changes": {"list": "Entity List", "since": "2019"},
}


def real_graph() -> EmbeddedStore:
    store = EmbeddedStore()
    paths = [SHARED / "ofac_sdn" / "2024-05-03", SHARED / "ofac_consolidated" / "2025-12-19",
             SHARED / "trade_csl" / "2023-11-30_moov-fixture-subset" / "csl.csv"]
    load_paths(store, [REFERENCE_PATH] + paths, options={"check_counts": False})
    load_paths(store, demo_inputs()[1:], options=PARTIAL_OPTIONS)
    return store


def generated_graph(n_parties: int = 60_000, seed: int = 7) -> EmbeddedStore:
    """Reference data + the demo corpus + generated parties, listings, citations, documents."""
    rng = random.Random(seed)
    store = EmbeddedStore()
    load_paths(store, demo_inputs(), options=PARTIAL_OPTIONS)
    lists = [n["id"] for n in store.iter_nodes("SanctionList")]
    concerns = [n["id"] for n in store.iter_nodes("Concern")]
    regions = [n["id"] for n in store.iter_nodes("Region")]

    def facts():
        for d in range(n_parties // 2):
            yield Node("Document", f"gen-doc-{d}", {"title": f"Generated notice {d}", "published": "2022-01-01"})
        for i in range(n_parties):
            doc = f"doc:gen-doc-{rng.randrange(n_parties // 2)}"
            p = Node("Company", f"Generated Company {i} Co., Ltd.", {"sources": [doc]})
            yield p
            ev = [Evidence(doc)]
            for _ in range(rng.randint(1, 2)):
                y, m = rng.randint(2015, 2025), rng.randint(1, 12)
                yield Rel("LISTED_ON", p.id, rng.choice(lists), {"listed_on": f"{y}-{m:02d}-01"}, ev)
            if rng.random() < 0.3:
                yield Rel("CITED_FOR", p.id, rng.choice(concerns),
                          {"region": rng.choice(regions), "date": f"{rng.randint(2015, 2025)}"}, ev)
            yield Rel("LOCATED_IN", p.id, rng.choice(regions), {}, ev)

    build(facts(), store, batch_size=20_000)
    return store


def timings(fn, runs: int) -> tuple[float, float]:
    fn()  # warm caches
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def naive_exposure(store: EmbeddedStore, entity_id: str) -> list:
    return [r for r in store.iter_rels() if r["src"] == entity_id and r["type"] in ("LISTED_ON", "CONSIDERED_FOR")]


def bench(label: str, store, runs: int, neo=None) -> list[str]:
    nodes = sum(store.stats()["nodes"].values())
    rels = sum(store.stats()["relationships"].values())
    out = [f"### {label}: {nodes:,} nodes, {rels:,} relationships", "",
           "| query | embedded p50 ms | embedded p95 ms |" + (" Neo4j p50 ms | Neo4j p95 ms |" if neo else ""),
           "|---|---:|---:|" + ("---:|---:|" if neo else "")]
    for name in catalog():
        params = PARAMS.get(name, {})
        p50, p95 = timings(lambda: run_query(store, name, params), runs)
        row = f"| {name} | {p50:.2f} | {p95:.2f} |"
        if neo:
            n50, n95 = timings(lambda: run_query(neo, name, params), runs)
            row += f" {n50:.2f} | {n95:.2f} |"
        out.append(row)
        print(row, flush=True)
    hik = run_query(store, "exposure", {"entity": "hikvision"})
    entity = "company:hangzhou-hikvision-digital-technology-co-ltd" if hik else next(iter(store.graph))
    b50, b95 = timings(lambda: naive_exposure(store, entity), max(5, runs // 5))
    out.append(f"| baseline: exposure by scanning every relationship (networkx) | {b50:.2f} | {b95:.2f} |"
               + (" | |" if neo else ""))
    i50, i95 = timings(lambda: QueryIndex(store), max(3, runs // 10))
    out.append(f"| once after each write: building the query index | {i50:.2f} | {i95:.2f} |" + (" | |" if neo else ""))
    return out + [""]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--neo4j", help="also time a Neo4j store at this URI (the graph is synced into it)")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--skip-generated", action="store_true")
    args = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}", file=sys.stderr)
    graphs = []
    if SHARED.is_dir():
        graphs.append(("real lists + demo corpus", real_graph()))
    if not args.skip_generated:
        graphs.append(("generated", generated_graph()))
    report = []
    for label, store in graphs:
        neo = None
        if args.neo4j:
            from sanctions_kg.graph.neo4j_store import Neo4jStore

            neo = Neo4jStore.from_uri(args.neo4j)
            neo.run_cypher("MATCH (n) DETACH DELETE n", {}, write=True)
            neo.upsert_nodes([{"id": n["id"], "label": n["label"], "props": n["props"]} for n in store.iter_nodes()])
            neo.upsert_rels(list(store.iter_rels()))
        report += bench(label, store, args.runs, neo)
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
