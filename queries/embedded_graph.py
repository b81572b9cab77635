"""Embedded twins of the graph-walking queries: neighbourhood, path, sources."""

from __future__ import annotations

from itertools import product

from sanctions_kg.queries.embedded_base import nulls_last, query_index
from sanctions_kg.queries.runner import expand_frontier


def _incident(store, frontier: list[str], types: list[str]) -> list[dict]:
    """One hop of :func:`neighbourhood`: the relationships at the frontier, by key (the Cypher step)."""
    ix = query_index(store)
    out = {}
    for fid in frontier:
        if fid not in store.graph:
            continue
        if types:
            rels = [r for t in types for r in ix.out(fid, t) + ix.into(fid, t)]
        else:
            rels = list(store.out_rels(fid)) + list(store.in_rels(fid))
        for r in rels:
            out[r["key"]] = {
                "key": r["key"],
                "src": r["src"], "src_name": ix.name(r["src"]), "src_label": ix.label(r["src"]),
                "type": r["type"],
                "dst": r["dst"], "dst_name": ix.name(r["dst"]), "dst_label": ix.label(r["dst"]),
                "modality": r["props"].get("modality"),
                "sources": r["props"].get("sources"),
            }
    return [out[k] for k in sorted(out)]


def neighbourhood(store, entity: str, depth: int, types: list[str], expand_all: bool,
                  max_nodes: int) -> list[dict]:
    params = {"entity": entity, "depth": depth, "expand_all": expand_all, "max_nodes": max_nodes}
    return expand_frontier(lambda frontier: _incident(store, frontier, types), params)


# -- path ----------------------------------------------------------------------------
def _shortest_dag(graph, source: str, target: str, k: int, types: list[str]):
    """Bidirectional breadth-first search for the shortest source-target distance, if at most ``k``.

    Returns ``(meeting nodes, predecessors from source, predecessors from
    target)``, where the predecessor maps keep *every* neighbour one step
    nearer its root, so all shortest paths can be read back; or None.
    Expanding whole levels from the smaller frontier, the first level that
    reaches the other side's visited nodes gives the shortest length, and
    every shortest path crosses that level at one of the meeting nodes.
    """
    def neighbours(n):
        for adj in (graph.succ[n], graph.pred[n]):
            for m, edges in adj.items():
                if m != n and (not types or any(a["type"] in types for a in edges.values())):
                    yield m

    pred = ({source: set()}, {target: set()})
    frontier, depth = [[source], [target]], [0, 0]
    while frontier[0] and frontier[1] and depth[0] + depth[1] < k:
        side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        mine, found, level = pred[side], [], set()
        for n in frontier[side]:
            for m in neighbours(n):
                if m not in mine:
                    mine[m] = {n}
                    found.append(m)
                    level.add(m)
                elif m in level:
                    mine[m].add(n)
        frontier[side], depth[side] = found, depth[side] + 1
        meet = [m for m in found if m in pred[1 - side]]
        if meet:
            return meet, pred[0], pred[1]
    return None


def _walks(pred: dict, node: str) -> list[list[str]]:
    """Every shortest walk from the root of ``pred`` to ``node``."""
    if not pred[node]:
        return [[node]]
    return [walk + [node] for prev in pred[node] for walk in _walks(pred, prev)]


def _between(graph, x: str, y: str, types: list[str]) -> list[tuple[dict, str]]:
    """The relationships joining x to y, either way, each with the direction it is walked in."""
    return [({"type": a["type"], "key": key, "props": a["props"]}, direction)
            for direction, adj in (("forward", graph.succ[x]), ("backward", graph.pred[x]))
            for key, a in adj.get(y, {}).items() if not types or a["type"] in types]


def path(store, source: str, target: str, k: int, max_paths: int, types: list[str]) -> list[dict]:
    if source == target:
        return []
    graph, ix = store.graph, query_index(store)
    found = _shortest_dag(graph, source, target, k, types)
    if found is None:
        return []
    meet, from_source, from_target = found
    rel_paths = []
    for m in meet:
        for head in _walks(from_source, m):
            for tail in _walks(from_target, m):
                nodes = head + tail[::-1][1:]
                hops = [_between(graph, x, y, types) for x, y in zip(nodes, nodes[1:])]
                rel_paths += [(nodes, combo) for combo in product(*hops)]
    rel_paths.sort(key=lambda p: [r["key"] for r, _ in p[1]])
    rows = []
    for i, (nodes, combo) in enumerate(rel_paths[:max_paths], 1):
        for h, (r, direction) in enumerate(combo, 1):
            x, y = nodes[h - 1], nodes[h]
            rows.append({"path": i, "hop": h, "from_id": x, "from": ix.name(x), "type": r["type"],
                         "direction": direction, "to_id": y, "to": ix.name(y), "key": r["key"],
                         "modality": r["props"].get("modality"), "sources": r["props"].get("sources"),
                         "evidence": r["props"].get("evidence")})
    return rows


# -- sources -------------------------------------------------------------------------
def sources(store, entity: str, types: list[str], other: str | None) -> list[dict]:
    ix = query_index(store)
    facts = [(r, r["dst"]) for r in store.out_rels(entity)] + [(r, r["src"]) for r in store.in_rels(entity)]
    cited = [(sid, r, o) for r, o in facts if (not types or r["type"] in types) and (other is None or o == other)
             for sid in r["props"].get("sources") or []]
    if not types and other is None:  # the documents the entity itself was read from
        cited += [(sid, None, None) for sid in ix.props(entity).get("sources") or []]
    rows = []
    for sid, r, o in cited:
        if sid not in store.graph:
            continue
        d = ix.props(sid)
        marker = f'"source": "{sid}"'
        rows.append({"document_id": sid, "title": d.get("title"), "url": d.get("url"),
                     "published": d.get("published"), "document_kind": d.get("kind"),
                     "type": r and r["type"], "other_id": o, "other": ix.name(o),
                     "modality": r and r["props"].get("modality"), "key": r and r["key"],
                     "evidence": [e for e in (r["props"].get("evidence") or []) if marker in e] if r else []})
    rows.sort(key=lambda r: nulls_last(r["published"], r["document_id"], r["key"]))
    return rows
