"""Documentation of the model, generated from it: Markdown (``docs/model.md``) and a Mermaid diagram.

``skg schema --format markdown`` prints :func:`model_markdown`, which is what
``docs/model.md`` holds (a test compares them, so the docs cannot drift from
``model.yaml``); ``--format mermaid`` prints :func:`model_mermaid`, a class
diagram of labels (with their own properties and inheritance) and
relationship types.
"""

from __future__ import annotations

from sanctions_kg.schema import MODEL
from sanctions_kg.schema.model import Model, Property
from sanctions_kg.schema.ontology import own_properties

_MERMAID_TYPES = {"string[]": "List~string~", "json[]": "List~json~"}


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _flags(prop: Property, modalities: tuple[str, ...] | None = None) -> str:
    notes = []
    if prop.identity:
        notes.append("identity")
    if prop.required:
        notes.append("required")
    if prop.derived:
        notes.append("derived")
    if prop.indexed:
        notes.append("indexed")
    if prop.lowercase:
        notes.append("stored in lower case")
    if prop.ref:
        notes.append(f"ids of `{prop.ref}` nodes")
    if prop.default is not None:
        notes.append(f"default `{prop.default}`")
    values = modalities if (modalities is not None and prop.name == "modality") else prop.values
    if values:
        notes.append("one of " + ", ".join(f"`{v}`" for v in values))
    return "; ".join(notes)


def _table(props: list[Property], modalities: tuple[str, ...] | None = None) -> list[str]:
    if not props:
        return []
    lines = ["| property | type | constraints | FtM | RDF | description |", "|---|---|---|---|---|---|"]
    for p in props:
        lines.append(f"| `{p.name}` | `{p.type}` | {_cell(_flags(p, modalities))} | {_cell(p.ftm and f'`{p.ftm}`')} "
                     f"| {_cell(p.rdf and f'`{p.rdf}`')} | {_cell(p.description)} |")
    return lines + [""]


def model_mermaid(model: Model = MODEL) -> str:
    """A Mermaid class diagram: labels with their own properties, inheritance, relationship types."""
    lines = ["classDiagram", "  direction LR",
             f'  note "Every node also has {", ".join(model.node_properties)}; every relationship '
             f'{", ".join(model.relationship_properties)}"']
    for name, lab in model.labels.items():
        members = ["<<abstract>>"] if lab.abstract else []
        for prop_name in own_properties(model, name):
            prop = lab.properties[prop_name]
            members.append(f"{_MERMAID_TYPES.get(prop.type, prop.type)} {prop_name}")
        if members:
            lines += [f"  class {name} {{", *(f"    {m}" for m in members), "  }"]
        else:
            lines.append(f"  class {name}")
    for name, lab in model.labels.items():
        if lab.parent:
            lines.append(f"  {lab.parent} <|-- {name}")
    for rel_type, rt in model.relationships.items():
        for src in rt.sources:
            for dst in rt.targets:
                if rt.same_label and src != dst:
                    continue
                lines.append(f"  {src} --> {dst} : {rel_type}")
    return "\n".join(lines) + "\n"


def model_markdown(model: Model = MODEL) -> str:
    """The model as Markdown: shared properties, every label, every relationship type."""
    out = [
        "# The graph model",
        "",
        "<!-- Generated from schema/model.yaml by `skg schema --format markdown > docs/model.md`;",
        "     do not edit by hand (tests/test_ontology.py checks it is current). -->",
        "",
        "The labels, relationship types and properties of the sanctions-kg graph, as declared in",
        "`schema/model.yaml`. Node ids are `<id prefix>:<normalised key>`. In Neo4j every node also",
        f"carries the label `{model.base_label}` and the labels it extends. In RDF (`skg schema --format turtle`)",
        f"classes and properties live in `{model.namespace}` and nodes under `{model.id_base}`;",
        "the FtM column names the FollowTheMoney property an export maps to, the RDF column the",
        "established term used instead of minting one.",
        "",
        "```mermaid",
        model_mermaid(model).rstrip("\n"),
        "```",
        "",
        "## Properties of every node",
        "",
        *_table(list(model.node_properties.values())),
        "## Properties of every relationship",
        "",
        *_table(list(model.relationship_properties.values())),
        "## Labels",
        "",
    ]
    for name, lab in model.labels.items():
        out += [f"### {name}" + (" (abstract)" if lab.abstract else ""), "", lab.description, ""]
        facts = []
        if lab.parent:
            facts.append(f"extends `{lab.parent}` (and has its properties)")
        if lab.abstract:
            facts.append("nodes have one of: " + ", ".join(f"`{c}`" for c in sorted(model.expand([name]))))
        else:
            facts.append(f"id `{lab.id_prefix}:<{lab.key}>`")
        facts.append(f"FtM `{lab.ftm}`" if lab.ftm else "no FtM entity")
        if lab.rdf:
            facts.append(f"RDF subclass of `{lab.rdf}`")
        out += ["- " + "; ".join(facts), ""]
        out += _table([lab.properties[p] for p in own_properties(model, name)])
    out += ["## Relationship types", ""]
    for rel_type, rt in model.relationships.items():
        out += [f"### {rel_type}", "", rt.description, ""]
        ends = (f"from {', '.join(f'`{s}`' for s in rt.sources)} to {', '.join(f'`{t}`' for t in rt.targets)}"
                + (" (both ends of the same label)" if rt.same_label else ""))
        facts = [ends, "key: " + (", ".join(f"`{k}`" for k in rt.key) if rt.key else "the two ends"),
                 "modality: " + ", ".join(f"`{m}`" for m in rt.modalities)]
        if rt.ftm:
            facts.append(f"FtM `{rt.ftm['schema']}` ({rt.ftm['source']} → {rt.ftm['target']})")
        out += [f"- {fact}" for fact in facts] + [""]
        own = [p for n, p in rt.properties.items() if n not in model.relationship_properties]
        out += _table(own, rt.modalities)
    return "\n".join(out).rstrip("\n") + "\n"
