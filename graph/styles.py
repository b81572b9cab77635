"""How views draw the model: a colour and shape per node label, a colour per
relationship type, a line style per modality.

Everything is assigned from the model (``MODEL.concrete_labels``,
``MODEL.relationships``, the ``modality`` property's values) by position, so
a label added to ``model.yaml`` gets a style without touching this file and
the interactive page, the static image and the briefing always agree.

Examples
--------
>>> node_style("Company")["shape"] in {s for s, _ in NODE_SHAPES}
True
>>> modality_dashed("asserted"), modality_dashed("reported")
(False, True)
"""

from __future__ import annotations

from functools import lru_cache

from sanctions_kg.schema import MODEL

#: qualitative palette for node labels (matplotlib's "tab10" and two darker extras);
#: with 7 shapes, (colour, shape) pairs stay distinct for up to 84 labels
NODE_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                "#17becf", "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#ad494a")
#: (vis-network shape, matplotlib marker) pairs, drawn alike in both renderers
NODE_SHAPES = (("dot", "o"), ("square", "s"), ("triangle", "^"), ("diamond", "D"),
               ("star", "*"), ("triangleDown", "v"), ("hexagon", "h"))
#: darker, distinct palette for relationship types (matplotlib's "Dark2" + extras)
EDGE_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                "#a6761d", "#666666", "#1f78b4", "#b15928", "#6a3d9a", "#33a02c")
#: fallback for a type the model does not know (a query's synthetic link)
OTHER_EDGE_COLOUR = "#999999"
#: vis-network dash pattern for edges that are not asserted facts
DASHES = (8, 6)

#: the modality of an actual fact; anything else (reported, proposed ...) is drawn dashed
ASSERTED = MODEL.relationship_properties["modality"].default


@lru_cache(maxsize=None)
def node_style(label: str) -> dict:
    """``{"color", "shape", "marker"}`` for a node label (unknown labels share the last slot)."""
    labels = MODEL.concrete_labels
    i = labels.index(label) if label in labels else len(labels)
    shape, marker = NODE_SHAPES[i % len(NODE_SHAPES)]
    return {"color": NODE_COLOURS[i % len(NODE_COLOURS)], "shape": shape, "marker": marker}


@lru_cache(maxsize=None)
def edge_colour(rel_type: str) -> str:
    """The colour of a relationship type."""
    types = list(MODEL.relationships)
    if rel_type not in types:
        return OTHER_EDGE_COLOUR
    return EDGE_COLOURS[types.index(rel_type) % len(EDGE_COLOURS)]


def modality_dashed(modality: str | None) -> bool:
    """Whether an edge of this modality is drawn dashed: everything but an asserted fact."""
    return (modality or ASSERTED) != ASSERTED


def legend(labels, rel_types) -> dict:
    """The legend of a view: styles of the labels and types it shows, in model order."""
    labels, rel_types = set(labels), set(rel_types)
    ordered_labels = [lab for lab in MODEL.concrete_labels if lab in labels]
    ordered_labels += sorted(labels - set(ordered_labels))
    ordered_types = [t for t in MODEL.relationships if t in rel_types]
    ordered_types += sorted(rel_types - set(ordered_types))
    return {
        "labels": [{"label": lab, **node_style(lab)} for lab in ordered_labels],
        "types": [{"type": t, "color": edge_colour(t)} for t in ordered_types],
        "modalities": [{"modality": m, "dashed": modality_dashed(m)}
                       for m in MODEL.relationship_properties["modality"].values],
    }
