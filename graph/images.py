"""Static images of views (PNG, SVG) for slides, print and the briefing's print snapshot.

Same positions, colours, shapes and legend as the interactive page; edges
that are not asserted facts are dashed. Drawn with matplotlib through
networkx's drawing helpers on the non-interactive Agg backend, so it works on
a server with no display. Text is drawn with mathtext parsing off, so a name
with ``$`` signs is shown as written, and SVG text becomes paths (no fonts,
no markup from user data in the file).

Examples
--------
>>> from sanctions_kg.graph.viewdata import ViewGraph
>>> v = ViewGraph("t", [{"id": "region:cn", "label": "Region", "props": {"name": "China"}}], [],
...               positions={"region:cn": (0.0, 0.0)})
>>> render_image(v, "svg").startswith(b"<?xml")
True
"""

from __future__ import annotations

import io

from sanctions_kg.graph.styles import edge_colour, legend, modality_dashed
from sanctions_kg.graph.viewdata import ViewGraph

#: draw node names up to this many nodes, relationship types up to this many edges
MAX_NODE_LABELS = 80
MAX_EDGE_LABELS = 40
#: arrows (FancyArrowPatch per edge) up to this many edges; beyond, plain lines
MAX_ARROWS = 600
DPI = 150


def _figure_size(n: int) -> tuple[float, float]:
    if n <= 40:
        return (12.0, 8.0)
    if n <= 300:
        return (14.0, 10.0)
    return (18.0, 14.0)


def draw_figure(view: ViewGraph):
    """A matplotlib Figure of ``view`` (the caller saves or closes it)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import networkx as nx
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from sanctions_kg.graph.views import node_name, short

    n = len(view.nodes)
    fig = Figure(figsize=_figure_size(n), dpi=DPI)
    ax = fig.add_axes((0.01, 0.01, 0.74, 0.9))
    ax.set_axis_off()
    pos = {k: (x, -y) for k, (x, y) in view.positions.items()}  # screen y grows downwards
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(pos)
    node_size = 260 if n <= 40 else 90 if n <= 300 else 12
    sizes = {node["id"]: node_size * (2.2 if node["id"] == view.focus else 1) for node in view.nodes}

    # edges: grouped by type, line style and parallel rank (curved apart)
    groups: dict[tuple[str, bool, int], list[tuple[str, str]]] = {}
    ranks: dict[tuple[str, str], int] = {}
    for e in view.edges:
        pair = tuple(sorted((e["src"], e["dst"])))
        rank = ranks[pair] = ranks.get(pair, -1) + 1
        groups.setdefault((e["type"], modality_dashed(e["props"].get("modality")), rank), []).append(
            (e["src"], e["dst"]))
    arrows = len(view.edges) <= MAX_ARROWS
    for (rel_type, dashed, rank), pairs in groups.items():
        kwargs = dict(edgelist=pairs, ax=ax, edge_color=edge_colour(rel_type), style="--" if dashed else "-",
                      width=1.3 if n <= 300 else 0.5, alpha=0.9)
        if arrows:
            nodelist = list(dict.fromkeys(x for p in pairs for x in p))
            kwargs.update(arrows=True, arrowsize=12 if n <= 40 else 7, nodelist=nodelist,
                          node_size=[sizes[x] for x in nodelist],
                          connectionstyle=f"arc3,rad={0.2 * rank}")
        else:
            kwargs.update(arrows=False)
        nx.draw_networkx_edges(nx.DiGraph(pairs), pos, **kwargs)

    for style in legend({node["label"] for node in view.nodes}, ())["labels"]:
        ids = [node["id"] for node in view.nodes if node["label"] == style["label"]]
        nx.draw_networkx_nodes(graph, pos, nodelist=ids, ax=ax, node_shape=style["marker"],
                               node_color=style["color"], node_size=[sizes[i] for i in ids],
                               edgecolors=["#000000" if i == view.focus else "#333333" for i in ids],
                               linewidths=[2.0 if i == view.focus else 0.5 for i in ids])

    if n <= MAX_NODE_LABELS:
        for node in view.nodes:
            x, y = pos[node["id"]]
            ax.annotate(short(node_name(node), 32), (x, y), xytext=(0, -11 if node["id"] != view.focus else -15),
                        textcoords="offset points", ha="center", va="top",
                        fontsize=8 if node["id"] != view.focus else 9.5,
                        fontweight="bold" if node["id"] == view.focus else "normal",
                        parse_math=False, bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))
    if len(view.edges) <= MAX_EDGE_LABELS:
        seen: dict[tuple[str, str], int] = {}
        for e in view.edges:
            pair = tuple(sorted((e["src"], e["dst"])))
            k = seen[pair] = seen.get(pair, -1) + 1
            (x1, y1), (x2, y2) = pos[e["src"]], pos[e["dst"]]
            ax.text((x1 + x2) / 2, (y1 + y2) / 2 + k * 12, e["type"], fontsize=6.5, color=edge_colour(e["type"]),
                    ha="center", va="center", parse_math=False,
                    bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
    ax.margins(0.08)

    shown = legend({node["label"] for node in view.nodes}, {e["type"] for e in view.edges})
    handles = [Line2D([], [], linestyle="none", marker=s["marker"], markersize=8, markerfacecolor=s["color"],
                      markeredgecolor="#333333", label=s["label"]) for s in shown["labels"]]
    handles += [Line2D([], [], color=t["color"], linewidth=2, label=t["type"]) for t in shown["types"]]
    handles += [Line2D([], [], color="#555555", linewidth=1.5, label="asserted fact"),
                Line2D([], [], color="#555555", linewidth=1.5, linestyle="--",
                       label="reported / proposed /\nhypothetical / denied")]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.76, 0.9), frameon=False, fontsize=8)
    fig.text(0.01, 0.975, short(view.title, 120), fontsize=12, fontweight="bold", va="top", parse_math=False)
    note = f"{len(view.nodes)} nodes, {len(view.edges)} relationships"
    if view.cut:
        note += (f"; capped at {view.filters.get('max_nodes')} nodes: "
                 f"{'at least ' if view.reached_more else ''}{view.cut} more not shown")
    fig.text(0.01, 0.94, note, fontsize=8.5, color="#555555", va="top", parse_math=False)
    return fig


def render_image(view: ViewGraph, fmt: str = "png") -> bytes:
    """The image of ``view`` as PNG or SVG bytes (deterministic: no timestamps in the file)."""
    import matplotlib

    fig = draw_figure(view)
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "sanctions-kg"}):  # stable element ids
        fig.savefig(buf, format=fmt, metadata=metadata, facecolor="white")
    return buf.getvalue()
