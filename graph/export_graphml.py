"""GraphML and GEXF exports, for Gephi, Cytoscape, yEd and networkx.

Both go through a plain networkx ``MultiDiGraph`` (:func:`export_graph`) and
networkx's own writers. Attribute conventions, chosen for Gephi:

* a node's ``label`` is its display name (Gephi shows ``label``), and
  ``node_label`` is its model label (``Company``) - partition or colour by it;
* an edge's ``label`` and ``rel_type`` are its relationship type, its id is
  its relationship key (so parallel listings stay distinct);
* every property is an attribute of the same name; list properties (aliases,
  sources, evidence ...) are JSON arrays in one string, as neither format has
  list values.

GEXF is written in dynamic mode: a relationship's ``start``/``end`` come from
the properties that start and end it in time (``listed_on``/``removed_on``
for a listing, ``start_date``/``end_date`` for ownership, the report or
citation date otherwise; see :func:`~sanctions_kg.schema.ftm_map.temporal_properties`),
so Gephi's timeline shows listings appear and lapse. GEXF dates are full
``YYYY-MM-DD``: a year or a month is read as its first day (the attribute
keeps the original value).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from sanctions_kg.errors import SchemaError
from sanctions_kg.graph.export_common import Progress, Ticker, atomic_path, list_text
from sanctions_kg.schema import MODEL
from sanctions_kg.schema.ftm_map import temporal_properties

#: attribute holding a node's model label / an edge's relationship type
NODE_LABEL, REL_TYPE = "node_label", "rel_type"
#: names networkx's GEXF writer or Gephi reserve, or that this module sets itself
_RESERVED = {"label", "id", "start", "end", "type", "weight", "viz", "pid", "spells", NODE_LABEL, REL_TYPE}


def _check_names() -> None:
    names = {p for lab in MODEL.labels.values() for p, prop in lab.properties.items() if not prop.identity}
    names |= {p for rt in MODEL.relationships.values() for p, prop in rt.properties.items() if not prop.identity}
    clash = names & _RESERVED
    if clash:
        raise SchemaError(f"model.yaml: properties {sorted(clash)} clash with GraphML/GEXF attribute names")


_check_names()


def _attrs(props: dict) -> dict:
    return {k: (list_text(v) if isinstance(v, list) else v) for k, v in props.items() if v is not None}


def _full_date(value: str) -> str:
    """``2019`` -> ``2019-01-01``, ``2019-10`` -> ``2019-10-01`` (GEXF wants whole dates)."""
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


def export_graph(store, dynamic: bool = False, progress: Progress | None = None) -> nx.MultiDiGraph:
    """The store as a networkx MultiDiGraph with flat, GraphML/GEXF-safe attributes."""
    g = nx.MultiDiGraph(name="sanctions-kg")
    tick = Ticker(progress)
    for node in store.iter_nodes():
        attrs = _attrs(node["props"])
        attrs["label"] = node["props"].get("name") or node["id"]
        attrs[NODE_LABEL] = node["label"]
        g.add_node(node["id"], **attrs)
        tick()
    timing = {t: temporal_properties(t) for t in MODEL.relationships}
    for rel in store.iter_rels():
        props = rel["props"]
        attrs = _attrs(props)
        attrs.update({"label": rel["type"], REL_TYPE: rel["type"], "id": rel["key"]})
        if dynamic:
            starts, ends = timing[rel["type"]]
            start = next((props[p] for p in starts if props.get(p)), None)
            end = next((props[p] for p in ends if props.get(p)), None)
            if start:
                attrs["start"] = _full_date(start)
            if end:
                attrs["end"] = _full_date(end)
        g.add_edge(rel["src"], rel["dst"], key=rel["key"], **attrs)
        tick()
    tick.flush()
    return g


def write_graphml(store, path: Path, progress: Progress | None = None, force: bool = False) -> dict:
    """The store as GraphML (typed attribute keys, edge ids = relationship keys)."""
    g = export_graph(store, progress=progress)
    with atomic_path(path) as tmp:
        nx.write_graphml(g, tmp, encoding="utf-8")
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


def write_gexf(store, path: Path, progress: Progress | None = None, force: bool = False) -> dict:
    """The store as dynamic GEXF 1.2 for Gephi (timeline from listing and ownership dates)."""
    g = export_graph(store, dynamic=True, progress=progress)
    g.graph["mode"] = "dynamic"
    with atomic_path(path) as tmp:
        nx.write_gexf(g, tmp, encoding="utf-8")
    timed = sum(1 for _, _, a in g.edges(data=True) if "start" in a or "end" in a)
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "timed_edges": timed}
