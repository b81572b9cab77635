"""What a view shows: a subgraph read from a store, filtered, capped and laid out.

Two ways in:

* :func:`entity_view` - the neighbourhood of one entity (the ``neighbourhood``
  canned query, so a view shows exactly what ``skg query neighbourhood``
  lists);
* :func:`query_view` - the result of any canned query, by this convention:

  1. rows with ``src`` and ``dst`` columns are relationships: the one named
     by the row's ``key`` column when it has one, else every stored
     relationship between the two (of the row's ``type`` if given), else a
     plain link labelled with ``type`` or the query's name;
  2. otherwise, every value in a column called ``id`` or ending in ``_id`` /
     ``_ids`` that is the id of a stored node, plus the entities the query's
     parameters named, is a node, and the view shows them with every stored
     relationship among them (``exposure`` thus shows the party, its lists and
     the LISTED_ON / CONSIDERED_FOR relationships between them).

Both then apply the same date window and relationship-type filter, keep at
most ``max_nodes`` nodes in the order the query reached them (the entity
first), and compute positions (:mod:`sanctions_kg.graph.layout`).

Dates. A relationship's *start* is the first of its type's date properties
that is set, its *end* the first ``endDate`` property (``removed_on``,
``end_date``) - both read from the model. Types with an end property are
intervals, open while the end is empty (a listing still in force); the
others are points. A relationship is in the window ``[since, until]`` when
its interval overlaps it; partial dates (``2022-05``) cover their whole
month or year. Undated relationships (``ADMINISTERS``, ``LOCATED_IN`` ...)
are always kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx

from sanctions_kg.errors import SkgError
from sanctions_kg.graph.layout import layout_positions
from sanctions_kg.graph.subgraph import get_nodes, get_rels, rels_among
from sanctions_kg.queries.catalog import get_query
from sanctions_kg.queries.lookup import PARAM_LABELS, resolve_entity
from sanctions_kg.queries.runner import coerce_params, run_query
from sanctions_kg.schema import MODEL

#: nodes shown by default (``skg viz --max-nodes``)
DEFAULT_MAX_NODES = 1000
#: above this many nodes a page gets precomputed positions and no physics
LARGE_GRAPH = 300
#: the neighbourhood is explored this much past the cap, to say how many nodes were cut
PROBE_FACTOR = 2
_NO_END = "9999-99-99"


@dataclass
class ViewGraph:
    """A subgraph ready to draw.

    ``nodes`` are ``{"id", "label", "props"}`` in the order the query reached
    them; ``edges`` are ``{"key", "type", "src", "dst", "props"}`` with decoded
    evidence; ``docs`` holds the Document nodes the edges cite. ``reached``
    counts the nodes found before the cap (``reached_more``: the search stopped
    early, so at least that many); ``positions`` maps ids to ``(x, y)``.
    """

    title: str
    nodes: list[dict]
    edges: list[dict]
    focus: str | None = None
    docs: dict[str, dict] = field(default_factory=dict)
    reached: int = 0
    reached_more: bool = False
    filters: dict = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def cut(self) -> int:
        """How many nodes the cap left out (a lower bound when ``reached_more``)."""
        return max(0, self.reached - len(self.nodes))

    @property
    def large(self) -> bool:
        """Whether the view is past :data:`LARGE_GRAPH` (no physics, simpler drawing)."""
        return len(self.nodes) > LARGE_GRAPH


# -- dates ---------------------------------------------------------------------
@lru_cache(maxsize=None)
def date_properties(rel_type: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(start properties, end properties)`` of a relationship type, from the model."""
    rt = MODEL.relationships.get(rel_type)
    if rt is None:
        return (), ()
    dates = [p for p in rt.properties.values() if p.type == "date"]
    return (tuple(p.name for p in dates if p.ftm != "endDate"),
            tuple(p.name for p in dates if p.ftm == "endDate"))


def edge_span(rel: dict) -> tuple[str | None, str | None]:
    """``(start, end)`` of a relationship; ``end`` is None while an interval is open.

    >>> edge_span({"type": "LISTED_ON", "props": {"listed_on": "2019-10-09"}})
    ('2019-10-09', None)
    >>> edge_span({"type": "CONSIDERED_FOR", "props": {"reported_on": "2022-05"}})
    ('2022-05', '2022-05')
    """
    starts, ends = date_properties(rel["type"])
    props = rel["props"]
    start = next((props[p] for p in starts if props.get(p)), None)
    if not ends:
        return start, start
    return start, next((props[p] for p in ends if props.get(p)), None)


def _lo(date: str) -> str:
    return (date + "-00-00")[:10]


def _hi(date: str) -> str:
    return (date + "-99-99")[:10]


def in_window(rel: dict, since: str | None, until: str | None) -> bool:
    """Whether a relationship overlaps ``[since, until]`` (undated ones always do)."""
    start, end = edge_span(rel)
    if start is None:
        return True
    if until and _lo(start) > _hi(until):
        return False
    if since and (_hi(end) if end else _NO_END) < _lo(since):
        return False
    return True


# -- building views ------------------------------------------------------------
def _check_types(types) -> list[str]:
    if not types:
        return []
    items = types.split(",") if isinstance(types, str) else list(types)
    out = [t.strip().upper() for t in items if t.strip()]
    bad = [t for t in out if t not in MODEL.relationships]
    if bad:
        raise SkgError(f"unknown relationship type(s) {', '.join(bad)}; known: {', '.join(MODEL.relationships)}")
    return out


def entity_view(store, entity: str, depth: int = 2, types=None, since: str | None = None,
                until: str | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                expand_all: bool = False, title: str | None = None) -> ViewGraph:
    """The neighbourhood of ``entity`` (a name, alias or id) to ``depth`` hops."""
    if max_nodes < 1:
        raise SkgError("max_nodes must be at least 1")
    focus = resolve_entity(store, entity)
    types = _check_types(types)
    # the query's own bound on max_nodes caps the probe (a view that large cannot be drawn anyway)
    probe = min(max(max_nodes * PROBE_FACTOR, max_nodes + 1), get_query("neighbourhood").param("max_nodes").high)
    rows = run_query(store, "neighbourhood", {
        "entity": focus, "depth": depth, "types": ",".join(types), "expand_all": expand_all,
        "max_nodes": probe})
    order = [focus]
    seen = {focus}
    for row in rows:
        for node_id in (row["src"], row["dst"]):
            if node_id not in seen:
                seen.add(node_id)
                order.append(node_id)
    rels = get_rels(store, [(r["src"], r["dst"], r["key"]) for r in rows])
    nodes = get_nodes(store, order)
    name = nodes[focus]["props"].get("name", focus)
    view = ViewGraph(title=title or f"{name}: neighbourhood, depth {depth}", focus=focus,
                     nodes=[nodes[i] for i in order if i in nodes], edges=rels,
                     reached=len(order), reached_more=len(order) >= probe)
    return _finish(store, view, types, since, until, max_nodes,
                   {"entity": name, "depth": depth})


def query_view(store, name: str, params: dict | None = None, types=None, since: str | None = None,
               until: str | None = None, max_nodes: int = DEFAULT_MAX_NODES,
               title: str | None = None) -> ViewGraph:
    """The result of the canned query ``name`` drawn as a graph (see the module docstring)."""
    if max_nodes < 1:
        raise SkgError("max_nodes must be at least 1")
    spec = get_query(name)
    params = dict(params or {})
    resolved = coerce_params(spec, params, store)
    named = [resolved[p.name] for p in spec.params
             if p.type in PARAM_LABELS and isinstance(resolved.get(p.name), str)]
    rows = run_query(store, spec.name, params)
    types = _check_types(types)
    if rows and all("src" in r and "dst" in r for r in rows):
        order, rels = _rows_as_edges(store, spec.name, rows)
    else:
        order = list(dict.fromkeys(named + _row_ids(rows)))
        present = get_nodes(store, order)
        order = [i for i in order if i in present]
        rels = rels_among(store, order)
    nodes = get_nodes(store, order)
    shown = ", ".join(f"{k}={v}" for k, v in params.items())
    view = ViewGraph(title=title or f"query {spec.name}" + (f" ({shown})" if shown else ""),
                     focus=named[0] if named else None,
                     nodes=[nodes[i] for i in order if i in nodes], edges=rels, reached=len(order))
    return _finish(store, view, types, since, until, max_nodes, {"query": spec.name, **params})


def _row_ids(rows: list[dict]) -> list[str]:
    ids = []
    for row in rows:
        for col, value in row.items():
            if col == "id" or col.endswith("_id") or col.endswith("_ids"):
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str) and ":" in v:
                        ids.append(v)
    return ids


def _rows_as_edges(store, query: str, rows: list[dict]) -> tuple[list[str], list[dict]]:
    order = list(dict.fromkeys(n for r in rows for n in (r["src"], r["dst"])))
    stored: dict[tuple[str, str], list[dict]] = {}
    for rel in get_rels(store, [(r["src"], r["dst"], r.get("key")) for r in rows]):
        stored.setdefault((rel["src"], rel["dst"]), []).append(rel)
    rels: list[dict] = []
    seen: set[str] = set()
    for row in rows:
        matches = [s for s in stored.get((row["src"], row["dst"]), [])
                   if (row.get("key") is None or s["key"] == row["key"])
                   and (row.get("key") is not None or row.get("type") in (None, s["type"]))]
        if not matches:
            key = row.get("key") or f"{row.get('type') or query}|{row['src']}|{row['dst']}"
            props = {k: row[k] for k in ("modality", "sources", "evidence") if row.get(k) is not None}
            matches = [{"key": key, "type": row.get("type") or query, "src": row["src"],
                        "dst": row["dst"], "props": props}]
        for rel in matches:
            if rel["key"] not in seen:
                seen.add(rel["key"])
                rels.append(rel)
    return order, rels


def _finish(store, view: ViewGraph, types: list[str], since, until, max_nodes: int,
            described: dict) -> ViewGraph:
    """Filter by type and date, cap, drop what the filters disconnected, fetch documents, lay out."""
    edges = [e for e in view.edges if (not types or e["type"] in types) and in_window(e, since, until)]
    before = {n for e in view.edges for n in (e["src"], e["dst"])}
    linked = {n for e in edges for n in (e["src"], e["dst"])}
    # a node whose every relationship was filtered away goes too (nodes that had none stay)
    nodes = [n for n in view.nodes if n["id"] == view.focus or n["id"] in linked or n["id"] not in before]
    if view.focus is not None and (types or since or until):
        nodes = _component(view.focus, nodes, edges)
    view.reached = len(nodes)
    kept = nodes[:max_nodes]
    ids = {n["id"] for n in kept}
    view.nodes = kept
    view.edges = [e for e in edges if e["src"] in ids and e["dst"] in ids]
    view.filters = dict(described, types=types, since=since, until=until, max_nodes=max_nodes)
    doc_ids = [d for e in view.edges for d in _cited(e)]
    view.docs = get_nodes(store, doc_ids)
    view.positions = layout_positions([n["id"] for n in view.nodes],
                                      [(e["src"], e["dst"]) for e in view.edges])
    return view


def _cited(rel: dict) -> list[str]:
    props = rel["props"]
    return list(props.get("sources") or []) + [ev.get("source") for ev in props.get("evidence") or []
                                                if ev.get("source")]


def _component(focus: str, nodes: list[dict], edges: list[dict]) -> list[dict]:
    """The nodes still connected to the focus (in their original order)."""
    graph = nx.Graph([(e["src"], e["dst"]) for e in edges])
    graph.add_node(focus)
    reach = nx.node_connected_component(graph, focus)
    return [n for n in nodes if n["id"] in reach]
