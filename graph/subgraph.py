"""Reading a piece of the graph in a few round trips, whatever the store.

Views and briefings need whole nodes and relationships (every property, the
evidence passages) for a set of ids that a canned query named. The
:class:`~sanctions_kg.graph.store.Store` interface offers one node at a time
and whole-graph scans; these helpers take the direct path on the embedded
store (its networkx graph), one parameterised Cypher statement on a store
that runs Cypher (Neo4j), and fall back to the interface otherwise.

Relationships come back as ``{"key", "type", "src", "dst", "props"}`` with
``props["evidence"]`` decoded from JSON strings to dicts.

Examples
--------
>>> from sanctions_kg.graph.embedded import EmbeddedStore
>>> s = EmbeddedStore()
>>> s.upsert_nodes([{"id": "region:cn", "label": "Region", "props": {"code": "CN", "name": "China"}}])
>>> get_nodes(s, ["region:cn", "region:xx"])["region:cn"]["props"]["name"]
'China'
"""

from __future__ import annotations

import json
from typing import Iterable

from sanctions_kg.schema import MODEL

_BASE = MODEL.base_label
_NODES_CYPHER = (
    f"UNWIND $ids AS i MATCH (n:`{_BASE}` {{id: i}}) "
    "RETURN n.id AS id, [l IN labels(n) WHERE l IN $concrete][0] AS label, properties(n) AS props"
)
_RELS_CYPHER = (
    f"UNWIND $refs AS ref MATCH (s:`{_BASE}` {{id: ref.src}})-[r]->(d:`{_BASE}` {{id: ref.dst}}) "
    "WHERE ref.key IS NULL OR r.key = ref.key "
    "RETURN r.key AS key, type(r) AS type, s.id AS src, d.id AS dst, properties(r) AS props"
)
_AMONG_CYPHER = (
    f"MATCH (s:`{_BASE}`)-[r]->(d:`{_BASE}`) WHERE s.id IN $ids AND d.id IN $ids "
    "RETURN r.key AS key, type(r) AS type, s.id AS src, d.id AS dst, properties(r) AS props ORDER BY key"
)


def decode_evidence(values: Iterable) -> list[dict]:
    """Evidence records as dicts (stores keep them as JSON strings); bad records are skipped."""
    out = []
    for value in values or ():
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                continue
        if isinstance(value, dict):
            out.append(value)
    return out


def _rel(key: str, rel_type: str, src: str, dst: str, props: dict) -> dict:
    props = dict(props)
    props.pop("key", None)
    if "evidence" in props:
        props["evidence"] = decode_evidence(props["evidence"])
    return {"key": key, "type": rel_type, "src": src, "dst": dst, "props": props}


def get_nodes(store, ids: Iterable[str]) -> dict[str, dict]:
    """The nodes among ``ids`` that exist, by id (``{"id", "label", "props"}``)."""
    ids = list(dict.fromkeys(i for i in ids if i))
    graph = getattr(store, "graph", None)
    if graph is not None:
        return {i: {"id": i, "label": graph.nodes[i]["label"], "props": graph.nodes[i]["props"]}
                for i in ids if i in graph}
    if hasattr(store, "run_cypher"):
        rows = store.run_cypher(_NODES_CYPHER, {"ids": ids, "concrete": MODEL.concrete_labels})
        out = {}
        for row in rows:
            props = dict(row["props"])
            props.pop("id", None)
            out[row["id"]] = {"id": row["id"], "label": row["label"], "props": props}
        return out
    return {i: n for i in ids if (n := store.get_node(i)) is not None}


def get_rels(store, refs: Iterable[tuple[str, str, str | None]]) -> list[dict]:
    """Relationships named by ``(src, dst, key)``; a ``None`` key means every one between them.

    Order follows ``refs``; a reference that matches nothing is dropped.
    """
    refs = list(dict.fromkeys(refs))
    pairs = {(s, d) for s, d, _ in refs}
    graph = getattr(store, "graph", None)
    if graph is not None:
        found = [_rel(k, a["type"], s, d, a["props"]) for s, d in pairs if graph.has_node(s)
                 for k, a in (graph.get_edge_data(s, d) or {}).items()]
    elif hasattr(store, "run_cypher"):
        rows = store.run_cypher(_RELS_CYPHER, {"refs": [{"src": s, "dst": d, "key": k} for s, d, k in refs]})
        found = [_rel(r["key"], r["type"], r["src"], r["dst"], r["props"]) for r in rows]
    else:
        found = [_rel(r["key"], r["type"], r["src"], r["dst"], r["props"])
                 for r in store.iter_rels() if (r["src"], r["dst"]) in pairs]
    by_pair: dict[tuple[str, str], list[dict]] = {}
    for rel in sorted(found, key=lambda r: r["key"]):
        by_pair.setdefault((rel["src"], rel["dst"]), []).append(rel)
    seen: set[str] = set()
    out: list[dict] = []
    for src, dst, key in refs:
        for rel in by_pair.get((src, dst), []):
            if key in (None, rel["key"]) and rel["key"] not in seen:
                seen.add(rel["key"])
                out.append(rel)
    return out


def rels_among(store, ids: Iterable[str]) -> list[dict]:
    """Every relationship whose two ends are both in ``ids`` (the induced subgraph), by key."""
    ids = set(ids)
    graph = getattr(store, "graph", None)
    if graph is not None:
        out = [_rel(k, a["type"], s, d, a["props"])
               for s in ids if s in graph
               for _, d, k, a in graph.out_edges(s, keys=True, data=True) if d in ids]
    elif hasattr(store, "run_cypher"):
        rows = store.run_cypher(_AMONG_CYPHER, {"ids": sorted(ids)})
        out = [_rel(r["key"], r["type"], r["src"], r["dst"], r["props"]) for r in rows]
    else:
        out = [_rel(r["key"], r["type"], r["src"], r["dst"], r["props"])
               for r in store.iter_rels() if r["src"] in ids and r["dst"] in ids]
    return sorted(out, key=lambda r: r["key"])
