"""Interactive graph views: one self-contained HTML page per view (or a PNG/SVG image).

A page shows nodes coloured and shaped by label with a legend, edges labelled
by relationship type and drawn dashed when they are reported, proposed,
hypothetical or denied rather than asserted, tooltips with each
relationship's dates, modality and source passages, a details panel (click)
with links to the sources, and in-page filters by relationship type and date.
It needs no network: see :mod:`sanctions_kg.graph.pages` for how it is
assembled and why user data cannot run as code in it.

Beyond :data:`~sanctions_kg.graph.viewdata.LARGE_GRAPH` nodes the page gets
the positions computed in Python and no physics, straight edges and no edge
labels, so thousands of nodes draw at once.

Examples
--------
>>> from sanctions_kg.graph.embedded import EmbeddedStore
>>> write_view(EmbeddedStore("store.json"), "hikvision.html", entity="hikvision", depth=2)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from sanctions_kg.errors import SkgError
from sanctions_kg.graph.pages import publish, render
from sanctions_kg.graph.styles import edge_colour, legend, modality_dashed, node_style
from sanctions_kg.graph.viewdata import (
    DEFAULT_MAX_NODES, ViewGraph, edge_span, entity_view, query_view,
)
from sanctions_kg.schema import MODEL

#: output formats by file suffix
FORMATS = {".html": "html", ".htm": "html", ".png": "png", ".svg": "svg"}
#: longest node label drawn (the full name is in the tooltip)
LABEL_CHARS = 40
#: longest evidence passage quoted in a tooltip (the details panel shows it whole)
TIP_PASSAGE_CHARS = 280
#: node properties never shown (derived or shown otherwise)
_HIDDEN_NODE_PROPS = {"search_keys", "name", "sources"}
_HIDDEN_REL_PROPS = {"sources", "evidence", "modality"}


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis.

    >>> short("Hangzhou Hikvision Digital Technology Co., Ltd.", 20)
    'Hangzhou Hikvision …'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + " …"


def node_name(node: dict) -> str:
    """What a node is called on screen: a document's title, else the name, else the id."""
    props = node["props"]
    return str(props.get("title") or props.get("name") or node["id"])


def doc_summary(doc: dict | None, doc_id: str) -> dict:
    """The fields of a Document node a citation shows."""
    props = (doc or {}).get("props", {})
    return {"id": doc_id, "title": props.get("title") or props.get("name") or doc_id,
            "url": props.get("url"), "publisher": props.get("publisher"),
            "published": props.get("published"), "kind": props.get("kind")}


def _display_props(props: dict, hidden: set[str]) -> dict:
    return {k: v for k, v in sorted(props.items()) if k not in hidden and v not in (None, "", [])}


def _node_tip(node: dict) -> str:
    props = node["props"]
    lines = [node_name(node), f"{node['label']} · {node['id']}"]
    if props.get("aliases"):
        lines.append("also: " + "; ".join(map(str, props["aliases"][:4])))
    for key in ("code", "country", "kind", "published", "publisher"):
        value = props.get(key)
        if value and value != props.get("name"):
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


def _edge_tip(edge: dict, names: dict[str, str], docs: dict[str, dict]) -> str:
    props = edge["props"]
    lines = [f"{names.get(edge['src'], edge['src'])} → {edge['type']} → {names.get(edge['dst'], edge['dst'])}",
             f"modality: {props.get('modality') or 'asserted'}"]
    for key, value in _display_props(props, _HIDDEN_REL_PROPS).items():
        lines.append(f"{key}: {value}")
    passages = {}
    for ev in props.get("evidence") or []:
        if ev.get("text"):
            passages.setdefault(ev.get("source"), []).append(ev["text"])
    for doc_id in list(dict.fromkeys(list(props.get("sources") or []) + list(passages))):
        if not doc_id:
            continue
        doc = doc_summary(docs.get(doc_id), doc_id)
        meta = ", ".join(str(x) for x in (doc["publisher"], doc["published"]) if x)
        lines.append(f"source: {doc['title']}" + (f" ({meta})" if meta else ""))
        if doc["url"]:
            lines.append(f"  {doc['url']}")
        for text in passages.get(doc_id, []):
            lines.append(f"  “{short(text, TIP_PASSAGE_CHARS)}”")
    return "\n".join(lines)


def view_payload(view: ViewGraph) -> dict:
    """The JSON the page's script draws: nodes, edges, documents, styles and notes."""
    names = {n["id"]: node_name(n) for n in view.nodes}
    nodes = []
    for n in view.nodes:
        x, y = view.positions.get(n["id"], (0.0, 0.0))
        nodes.append({
            "id": n["id"], "label": n["label"], "name": names[n["id"]], "short": short(names[n["id"]]),
            "tip": _node_tip(n), "x": x, "y": y, "focus": n["id"] == view.focus,
            "props": _display_props(n["props"], _HIDDEN_NODE_PROPS),
            "sources": list(n["props"].get("sources") or []),
        })
    edges, parallel = [], {}
    for e in view.edges:
        pair = tuple(sorted((e["src"], e["dst"])))
        rank = parallel[pair] = parallel.get(pair, -1) + 1
        start, end = edge_span(e)
        modality = e["props"].get("modality") or "asserted"
        edges.append({
            "id": e["key"], "from": e["src"], "to": e["dst"], "type": e["type"], "modality": modality,
            "dashed": modality_dashed(modality), "color": edge_colour(e["type"]), "rank": rank,
            "start": start, "end": end, "tip": _edge_tip(e, names, view.docs),
            "props": _display_props(e["props"], _HIDDEN_REL_PROPS),
            "sources": list(e["props"].get("sources") or []),
            "evidence": [{"source": ev.get("source"), "text": ev.get("text"), "date": ev.get("date")}
                         for ev in e["props"].get("evidence") or [] if ev.get("text")],
        })
    docs = {d: doc_summary(view.docs.get(d), d) for e in edges for d in
            e["sources"] + [ev["source"] for ev in e["evidence"] if ev["source"]]}
    for n in nodes:
        for d in n["sources"]:
            docs.setdefault(d, doc_summary(view.docs.get(d), d))
    return {
        "title": view.title, "focus": view.focus, "nodes": nodes, "edges": edges, "docs": docs,
        "styles": {lab: node_style(lab) for lab in {n["label"] for n in nodes}},
        "large": view.large, "cut": view.cut, "reached": view.reached, "reachedMore": view.reached_more,
        "maxNodes": view.filters.get("max_nodes"),
    }


def view_context(view: ViewGraph) -> dict:
    """What the ``_graph.html.j2`` partial needs (shared by the view page and the briefing)."""
    shown = legend({n["label"] for n in view.nodes}, {e["type"] for e in view.edges})
    return {"view": view, "payload": view_payload(view), "legend": shown,
            "descriptions": {t: MODEL.relationships[t].description
                             for t in (x["type"] for x in shown["types"]) if t in MODEL.relationships}}


def render_view_html(view: ViewGraph) -> str:
    """The complete page for ``view``."""
    return render("view.html.j2", ("vis", "view"), ("vis", "view"), **view_context(view))


def build_view(store, entity: str | None = None, depth: int = 2, query: str | None = None,
               params: dict | None = None, types=None, since: str | None = None, until: str | None = None,
               max_nodes: int = DEFAULT_MAX_NODES, title: str | None = None) -> ViewGraph:
    """The :class:`ViewGraph` for an entity's neighbourhood or a canned query's result."""
    if (entity is None) == (query is None):
        raise SkgError("give either an entity or a query to view")
    if entity is not None:
        return entity_view(store, entity, depth=depth, types=types, since=since, until=until,
                           max_nodes=max_nodes, title=title)
    return query_view(store, query, params or {}, types=types, since=since, until=until,
                      max_nodes=max_nodes, title=title)


def output_format(path: Path | str) -> str:
    """``html``, ``png`` or ``svg`` from a file name; anything else is a user error."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise SkgError(f"{path}: unsupported output type; use one of {', '.join(sorted(FORMATS))}")
    return fmt


def write_view(store, path: Path | str, entity: str | None = None, depth: int = 2, query: str | None = None,
               params: dict | None = None, types=None, since: str | None = None, until: str | None = None,
               max_nodes: int = DEFAULT_MAX_NODES, title: str | None = None) -> ViewGraph:
    """Write a view of ``entity``'s neighbourhood (or of ``query``'s result) to ``path``.

    The suffix picks the format: ``.html`` an interactive page, ``.png`` /
    ``.svg`` a static image of the same view. The file appears complete or not
    at all. Returns the :class:`ViewGraph` drawn.
    """
    fmt = output_format(path)
    view = build_view(store, entity=entity, depth=depth, query=query, params=params, types=types,
                      since=since, until=until, max_nodes=max_nodes, title=title)
    if fmt == "html":
        publish(path, render_view_html(view).encode("utf-8"))
    else:
        from sanctions_kg.graph.images import render_image

        publish(path, render_image(view, fmt))
    return view
