"""Reference data (lists, agencies, authorities, regions, concerns) -> facts.

The packaged file is ``schema/data/reference.yaml``; a user file with the same
top-level sections loads the same way. Every entry names a ``source`` URL,
which becomes a ``Document`` node that the entry's relationships cite.
A list's ``severity`` is derived here from its measures, so "harsher list"
is defined by the data alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import yaml

from sanctions_kg.errors import InputError
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.loaders.registry import LoadContext, LoaderSpec

REFERENCE_PATH = Path(__file__).resolve().parent.parent / "schema" / "data" / "reference.yaml"
_SECTIONS = ("measures", "agencies", "authorities", "lists", "regions", "concerns")


def _sniff(path: Path, head: bytes) -> bool:
    text = head.decode("utf-8", "replace")
    return path.suffix in (".yaml", ".yml") and "lists:" in text or (
        "measures:" in text and "agencies:" in text
    )


def load_reference(path: Path = REFERENCE_PATH) -> dict:
    """The parsed reference file (also used by queries that need measures or list names)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot read reference data: {exc}") from exc
    if not isinstance(data, dict) or not any(s in data for s in _SECTIONS):
        raise InputError(path, f"not reference data (expected sections {', '.join(_SECTIONS)})")
    return data


def severity(measures: list[str], table: dict) -> int:
    """Harshness of a list: the highest rank among its measures (0 when none is known)."""
    return max((table[m]["rank"] for m in measures if m in table), default=0)


def read(path: Path, ctx: LoadContext) -> Iterator:
    data = load_reference(path)
    measures = data.get("measures", {})
    entries = [e for section in _SECTIONS[1:] for e in data.get(section, [])]
    docs: dict[str, str] = {}
    for entry in entries:
        url = entry.get("source") or f"file:{path.name}"
        if url not in docs:
            doc = Node("Document", url, {"name": url, "url": url, "kind": "reference"})
            docs[url] = doc.id
            yield doc

    def cite(entry: dict) -> list[Evidence]:
        return [Evidence(docs[entry.get("source") or f"file:{path.name}"])]

    def emit(node: Node, entry: dict) -> Node:
        node.props["sources"] = [docs[entry.get("source") or f"file:{path.name}"]]
        return node

    agency_ids: dict[str, str] = {}
    for entry in data.get("agencies", []):
        node = Node("Agency", entry["code"], {
            "name": entry["name"], "aliases": entry.get("aliases", []),
            "country": entry.get("country"), "url": entry.get("url"),
        })
        agency_ids[entry["code"]] = node.id
        yield emit(node, entry)
    for entry in data.get("agencies", []):
        if entry.get("part_of"):
            yield Rel("PART_OF", agency_ids[entry["code"]], agency_ids[entry["part_of"]], {}, cite(entry))

    authority_ids: dict[str, str] = {}
    for entry in data.get("authorities", []):
        node = Node("Authority", entry["code"], {
            "name": entry["name"], "aliases": entry.get("aliases", []), "kind": entry.get("kind"),
            "date": entry.get("date"), "citation": entry.get("citation"), "url": entry.get("source"),
        })
        authority_ids[entry["code"]] = node.id
        yield emit(node, entry)

    region_ids: dict[str, str] = {}
    for entry in data.get("regions", []):
        node = Node("Region", entry["code"], {
            "name": entry["name"], "aliases": entry.get("aliases", []), "kind": entry.get("kind"),
        })
        region_ids[entry["code"]] = node.id
        yield emit(node, entry)
    for entry in data.get("regions", []):
        if entry.get("part_of"):
            yield Rel("PART_OF", region_ids[entry["code"]], region_ids[entry["part_of"]], {}, cite(entry))

    for entry in data.get("concerns", []):
        node = Node("Concern", entry["code"], {
            "name": entry["name"], "aliases": entry.get("aliases", []), "topic": entry.get("topic"),
        })
        yield emit(node, entry)

    for entry in data.get("lists", []):
        unknown = [m for m in entry.get("measures", []) if m not in measures]
        if unknown:
            ctx.problem(None, f"list {entry['code']}: unknown measures {unknown}")
        node = Node("SanctionList", entry["code"], {
            "name": entry["name"], "aliases": entry.get("aliases", []),
            "measures": entry.get("measures", []),
            "severity": severity(entry.get("measures", []), measures),
            "principal": bool(entry.get("principal")) or None,
            "country": entry.get("country"), "url": entry.get("url"),
        })
        yield emit(node, entry)
        if entry.get("agency"):
            yield Rel("ADMINISTERS", agency_ids[entry["agency"]], node.id, {}, cite(entry))
        for code in entry.get("authorities", []):
            yield Rel("ESTABLISHED_BY", node.id, authority_ids[code], {}, cite(entry))


SPEC = LoaderSpec(
    name="reference",
    description="Reference data YAML: lists, agencies, authorities, regions, concerns, measures.",
    read=read,
    extensions=(".yaml", ".yml"),
    sniff=_sniff,
)
