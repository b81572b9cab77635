"""Embedded (networkx) implementations of the canned queries.

Each function mirrors its ``.cypher`` file row for row - same columns, same
order, same null handling - so the embedded store answers exactly like Neo4j.
Functions take the :class:`~sanctions_kg.graph.embedded.EmbeddedStore` and the
validated parameters (entity names already resolved to ids).
"""

from __future__ import annotations

from typing import Callable

from sanctions_kg.queries.runner import expand_frontier


def _sort_key(*values):
    """Cypher's ORDER BY with coalesce(x, ''): nulls sort as the empty string."""
    return tuple("" if v is None else v for v in values)


def _agencies(store, list_id: str) -> list[str]:
    names = [store.graph.nodes[r["src"]]["props"].get("name")
             for r in store.in_rels(list_id, "ADMINISTERS")]
    return sorted(n for n in names if n is not None)


def exposure(store, entity: str) -> list[dict]:
    rows = []
    for r in store.out_rels(entity):
        if r["type"] not in ("LISTED_ON", "CONSIDERED_FOR"):
            continue
        target = store.graph.nodes[r["dst"]]["props"]
        p = r["props"]
        rows.append({
            "kind": "listing" if r["type"] == "LISTED_ON" else "considered",
            "list_id": r["dst"],
            "list": target.get("name"),
            "listed_on": p.get("listed_on"),
            "removed_on": p.get("removed_on"),
            "reported_on": p.get("reported_on"),
            "modality": p.get("modality"),
            "program": p.get("program"),
            "authority_id": p.get("authority_id"),
            "agencies": _agencies(store, r["dst"]),
            "sources": p.get("sources"),
            "evidence": p.get("evidence"),
        })
    rows.sort(key=lambda x: _sort_key(x["list_id"], x["modality"], x["removed_on"]))
    rows.sort(key=lambda x: _sort_key(x["listed_on"] or x["reported_on"]))
    rows.sort(key=lambda x: x["kind"], reverse=True)
    return rows


def _incident(store, frontier: list[str], types: list[str]) -> list[dict]:
    nodes = store.graph.nodes
    out = {}
    for fid in frontier:
        if fid not in nodes:
            continue
        for r in list(store.out_rels(fid)) + list(store.in_rels(fid)):
            if types and r["type"] not in types:
                continue
            src, dst = nodes[r["src"]], nodes[r["dst"]]
            out[r["key"]] = {
                "key": r["key"],
                "src": r["src"], "src_name": src["props"].get("name"), "src_label": src["label"],
                "type": r["type"],
                "dst": r["dst"], "dst_name": dst["props"].get("name"), "dst_label": dst["label"],
                "modality": r["props"].get("modality"),
                "sources": r["props"].get("sources"),
            }
    return [out[k] for k in sorted(out)]


def neighbourhood(store, entity: str, depth: int, types: list[str], expand_all: bool,
                  max_nodes: int) -> list[dict]:
    params = {"entity": entity, "depth": depth, "expand_all": expand_all, "max_nodes": max_nodes}
    return expand_frontier(lambda frontier: _incident(store, frontier, types), params)


IMPLEMENTATIONS: dict[str, Callable[..., list[dict]]] = {
    "exposure": exposure,
    "neighbourhood": neighbourhood,
}
