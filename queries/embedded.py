"""Embedded (networkx) implementations of the canned queries, by name.

Each function mirrors its ``.cypher`` file row for row - same columns, same
order, same null handling - so the embedded store answers exactly like Neo4j
(``tests/test_query_parity.py`` holds them to it). Functions take the
:class:`~sanctions_kg.graph.embedded.EmbeddedStore` and the validated
parameters (entity names already resolved to ids, dates padded, see
:mod:`sanctions_kg.queries.runner`). They read the graph through its
adjacency and :class:`~sanctions_kg.queries.embedded_base.QueryIndex`, never
by scanning every node or relationship.

The implementations live in three modules: ``embedded_lists`` (exposure,
changes, agency, peers), ``embedded_research`` (precedents, escalation,
region, timeline) and ``embedded_graph`` (neighbourhood, path, sources).
"""

from __future__ import annotations

from typing import Callable

from sanctions_kg.queries.embedded_graph import neighbourhood, path, sources
from sanctions_kg.queries.embedded_lists import agency, changes, exposure, peers
from sanctions_kg.queries.embedded_research import escalation, precedents, region, timeline

IMPLEMENTATIONS: dict[str, Callable[..., list[dict]]] = {
    "agency": agency,
    "changes": changes,
    "escalation": escalation,
    "exposure": exposure,
    "neighbourhood": neighbourhood,
    "path": path,
    "peers": peers,
    "precedents": precedents,
    "region": region,
    "sources": sources,
    "timeline": timeline,
}
