"""FollowTheMoney entities in: line-delimited FtM JSON such as OpenSanctions' ``entities.ftm.json``.

The mapping is the FtM exporter's read backwards, from the model's ``ftm:``
annotations (:mod:`sanctions_kg.schema.ftm_map`):

* entities whose schema a label is annotated with (or descends from one) are
  nodes: Company, Organization, Person, Vessel, Airplane, PublicBody
  (Agency), Document - a plain ``LegalEntity`` becomes an Organization. FtM
  properties the model maps come back to their properties; other name-typed
  properties (``weakAlias``, ``previousName`` ...) become aliases, other
  identifier-typed ones (``innCode``, ``leiCode`` ...) become
  ``identifiers`` as ``scheme:value``. An id that came from our own export
  (``company.x``) is restored; other entities get the id their label and name
  give and keep the FtM id as the identifier ``ftm:<id>``.
* ``Sanction`` -> ``LISTED_ON`` from its ``entity`` to a SanctionList: the
  list whose code is its ``programId`` (case-insensitively), else whose code,
  name or alias is its ``program``; when none is known, a SanctionList node is
  created for the programme (and linked to an Agency named as its
  ``authority``, if there is one).
* ``Risk`` -> ``CONSIDERED_FOR`` when its ``status`` is a non-asserted
  modality (reported, proposed, hypothetical, denied), else ``CITED_FOR`` to
  the Concern its ``reason`` names (created when unknown).
* ``Ownership`` -> ``OWNED_BY`` (asset -> owner); ``UnknownLink`` and other
  link schemata (``Directorship``, ``Membership``, ``Family`` ...) -> the
  first relationship type, in model order, whose ends fit (a person and an
  organisation: ``AFFILIATED_WITH``; anything and a document: ``MENTIONED_IN``).
* ``Address`` entities are postal addresses, not regions: their text is added
  to the ``addresses`` of the parties that point at them.

Provenance: every fact cites a Document node for the input file, plus the
Documents in the entity's ``proof``; an interval's ``summary`` becomes evidence
text. The file is read in three streaming passes (ids and addresses, nodes,
relationships), so memory holds only an id map, not the entities.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from followthemoney import model as FTM
from followthemoney.schema import Schema
from followthemoney.types import registry
from normality import slugify

from sanctions_kg.errors import InputError, SchemaError
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.names import normalize_name
from sanctions_kg.loaders.registry import LoadContext, LoaderSpec
from sanctions_kg.schema import MODEL
from sanctions_kg.schema import ftm_map
from sanctions_kg.schema.model import Property

#: FtM identifier properties whose scheme in ``identifiers`` is not their own name
_SCHEMES = {"registrationNumber": "reg", "swiftBic": "bic", "idNumber": "national-id"}
_SUFFIXES = ("Code", "Number")


def _sniff(path: Path, head: bytes) -> bool:
    line = head.split(b"\n", 1)[0].strip()
    if not line.startswith(b"{"):
        return False
    try:
        data = json.loads(line)
    except ValueError:
        return b'"schema"' in line and b'"properties"' in line
    return isinstance(data, dict) and {"id", "schema", "properties"} <= set(data)


def _lines(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except ValueError as exc:
                    raise InputError(path, f"not JSON: {exc}", number) from None
                if not isinstance(data, dict) or "schema" not in data:
                    raise InputError(path, "not an FtM entity (no `schema`)", number)
                yield number, data
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8: {exc}") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def _scheme(prop_name: str) -> str:
    if prop_name in _SCHEMES:
        return _SCHEMES[prop_name]
    for suffix in _SUFFIXES:
        if prop_name.endswith(suffix) and len(prop_name) > len(suffix):
            return prop_name[: -len(suffix)].lower()
    return prop_name.lower()


def _coerce(prop: Property, values: list[str]):
    """FtM's string values as the model property's value (lists stay lists; dates cut to the day)."""
    if prop.is_list:
        return list(dict.fromkeys(values))
    if prop.type == "date":
        return values[0][:10]
    if prop.type == "float":
        try:
            return float(values[0].strip().rstrip("%"))
        except ValueError:
            raise SchemaError(f"{prop.name}={values[0]!r} is not a number") from None
    if prop.type == "int":
        try:
            return int(values[0])
        except ValueError:
            raise SchemaError(f"{prop.name}={values[0]!r} is not an integer") from None
    if prop.type == "text":
        return "\n".join(dict.fromkeys(values))
    if prop.values and values[0] not in prop.values:
        return None  # an enumeration the model does not know: dropped rather than failing the fact
    return values[0]


def _lookup(index: dict[str, str], names: list[str]) -> str | None:
    """The node id the first of ``names`` (normalised) has in ``index``."""
    return next((index[k] for k in map(normalize_name, names) if k in index), None)


class _Reader:
    """State shared by the three passes."""

    def __init__(self, path: Path, ctx: LoadContext):
        self.path = path
        self.ctx = ctx
        self.labels = ftm_map.labels_by_schema()
        self.ids: dict[str, str] = {}       # FtM id -> node id
        self.kinds: dict[str, str] = {}     # FtM id -> our label
        self.addresses: dict[str, str] = {}  # Address entity id -> its text
        self.doc = Node("Document", f"file:{path.name}", {"title": path.name, "kind": "other"})
        self.lists: dict[str, str] = {}     # code / normalised name or alias -> list id
        self.concerns: dict[str, str] = {}
        self.agencies: dict[str, str] = {}
        self.created: set[str] = set()
        self.skipped: dict[str, int] = {}

    # -- pass 1 ---------------------------------------------------------
    def index(self) -> None:
        for number, data in _lines(self.path):
            schema = FTM.get(data["schema"])
            if schema is None:
                self.ctx.problem(number, f"unknown FtM schema {data['schema']!r}; skipped")
                continue
            props = data.get("properties") or {}
            if schema.is_a("Address"):
                text = (props.get("full") or props.get("name") or [None])[0]
                if text:
                    self.addresses[data["id"]] = text
                continue
            label = self.labels.get(schema.name)
            if label is None:
                continue
            key = self._key(label, data)
            if key is None:
                self.ctx.problem(number, f"{schema.name} {data.get('id')} has no name; skipped")
                continue
            node_id = ftm_map.node_id_from_ftm(str(data.get("id")), label) or MODEL.node_id(label, key)
            self.ids[data["id"]] = node_id
            self.kinds[data["id"]] = label
        for node in self._existing("SanctionList"):
            self._remember_list(node)
        for node in self._existing("Concern"):
            self._remember(self.concerns, node)
        for node in self._existing("Agency"):
            self._remember(self.agencies, node)

    def _existing(self, label: str) -> Iterator[dict]:
        if self.ctx.store is not None:
            yield from self.ctx.store.iter_nodes(label)

    def _remember(self, index: dict, node: dict) -> None:
        props = node["props"]
        for value in [props.get("code"), props.get("name"), *(props.get("aliases") or [])]:
            if value:
                index.setdefault(normalize_name(value), node["id"])

    def _remember_list(self, node: dict) -> None:
        self._remember(self.lists, node)

    def _key(self, label: str, data: dict) -> str | None:
        props = data.get("properties") or {}
        key_prop = MODEL.labels[label].key
        existing_id = ftm_map.node_id_from_ftm(str(data.get("id")), label)
        if existing_id and self.ctx.store is not None:
            node = self.ctx.store.get_node(existing_id)
            if node is not None:
                return node["props"].get(key_prop)
        mapped = {p.name: ours for ours, p in ftm_map.node_properties(label).items()}
        for ftm_name, ours in mapped.items():
            if ours == key_prop and props.get(ftm_name):
                return props[ftm_name][0]
        for name in ("fileName", "name", "title"):
            if props.get(name):
                return props[name][0]
        return None

    # -- pass 2 ---------------------------------------------------------
    def node(self, number: int, data: dict) -> Node | None:
        label = self.kinds.get(data.get("id"))
        if label is None:
            return None
        schema = FTM.get(data["schema"])
        props_in = data.get("properties") or {}
        lab = MODEL.labels[label]
        mapped = {p.name: ours for ours, p in ftm_map.node_properties(label).items()}
        props: dict = {}
        for ftm_name, values in props_in.items():
            prop = schema.get(ftm_name)
            if prop is None or not values:
                continue
            ours = mapped.get(ftm_name)
            if ours == "sources":
                props["sources"] = [self.ids[v] for v in values if v in self.ids]
                continue
            if ours is None:
                if prop.type == registry.name and "aliases" in lab.properties:
                    ours = "aliases"
                elif prop.type == registry.identifier and "identifiers" in lab.properties:
                    props.setdefault("identifiers", []).extend(
                        v if ":" in v else f"{_scheme(ftm_name)}:{v}" for v in values)
                    continue
                elif ftm_name == "addressEntity" and "addresses" in lab.properties:
                    props.setdefault("addresses", []).extend(
                        self.addresses[v] for v in values if v in self.addresses)
                    continue
                else:
                    continue
            if ours == "identifiers":
                values = [v if ":" in v else f"{_scheme(ftm_name)}:{v}" for v in values]
            try:
                value = _coerce(lab.properties[ours], values)
            except SchemaError as exc:
                self.ctx.problem(number, f"{data['id']}: {exc}")
                continue
            if value is None:
                continue
            if isinstance(value, list):
                props.setdefault(ours, [])
                props[ours] += [v for v in value if v not in props[ours]]
            else:
                props.setdefault(ours, value)
        names = props.get("aliases")
        if names and props.get("name") in names:
            names.remove(props["name"])
        if ftm_map.node_id_from_ftm(str(data["id"]), label) is None and "identifiers" in lab.properties:
            props.setdefault("identifiers", []).append(f"ftm:{data['id']}")
        props["sources"] = [self.doc.id] + [s for s in props.get("sources", []) if s != self.doc.id]
        node_id = self.ids[data["id"]]
        key = self._key(label, data)
        props.setdefault(lab.key, key)
        return Node(label, key, props, number, id=node_id)

    # -- pass 3 ---------------------------------------------------------
    def evidence(self, props: dict) -> list[Evidence]:
        docs = [self.ids[v] for v in props.get("proof", []) if v in self.ids]
        texts = props.get("summary") or []
        out = [Evidence(self.doc.id, t) for t in texts] or [Evidence(self.doc.id)]
        return out + [Evidence(d) for d in docs]

    def rel_props(self, rel_type: str, schema: Schema, props: dict, number: int) -> dict:
        spec = ftm_map.rel_spec(rel_type)
        mapped = {p.name: ours for ours, p in (spec.properties.items() if spec else [])
                  if ours not in MODEL.relationship_properties}
        rt = MODEL.relationships[rel_type]
        if spec is None or spec.schema != schema:  # a link schema the model does not name: match by name
            mapped = {n: n for n in rt.properties if n in schema.properties}
            mapped.update({"startDate": "start_date", "endDate": "end_date"})
        out = {}
        for ftm_name, ours in mapped.items():
            values = props.get(ftm_name)
            if not values or ours not in rt.properties:
                continue
            try:
                value = _coerce(rt.properties[ours], values)
            except SchemaError as exc:
                self.ctx.problem(number, str(exc))
                continue
            if value is not None:
                out[ours] = value
        return out

    def list_for(self, props: dict, number: int) -> tuple[str | None, list]:
        """The list a Sanction/Risk names: an existing one, or a new node (yielded first)."""
        candidates = [v for v in (props.get("programId") or []) + (props.get("program") or []) if v]
        found = _lookup(self.lists, candidates)
        if found or not candidates:
            return found, []
        code = (props.get("programId") or [None])[0] or slugify(candidates[0], sep="-").upper()
        name = (props.get("program") or [code])[0]
        node = Node("SanctionList", code, {"name": name, "sources": [self.doc.id]}, number)
        facts: list = [node]
        self._remember_list({"id": node.id, "props": node.props})
        for authority in props.get("authority") or []:
            agency = self.agencies.get(normalize_name(authority))
            if agency:
                facts.append(Rel("ADMINISTERS", agency, node.id, {}, [Evidence(self.doc.id)], number))
        return node.id, facts

    def concern_for(self, props: dict, number: int) -> tuple[str | None, list]:
        reasons = props.get("reason") or props.get("topics") or []
        found = _lookup(self.concerns, reasons)
        if found or not reasons:
            return found, []
        text = reasons[0]
        node = Node("Concern", slugify(text, sep="-")[:80] or "concern", {"name": text[:200],
                                                                         "sources": [self.doc.id]}, number)
        if props.get("topics"):
            node.props["topic"] = props["topics"][0]
        self._remember(self.concerns, {"id": node.id, "props": node.props})
        return node.id, [node]

    def link(self, number: int, data: dict) -> Iterator:
        schema = FTM.get(data["schema"])
        if schema is None or not (schema.is_a("Interval") or schema.edge):
            return
        props = data.get("properties") or {}
        if schema.is_a("Sanction") or schema.is_a("Risk"):
            yield from self._interval(number, schema, props)
            return
        candidates = [t for t, rt in MODEL.relationships.items() if rt.ftm and rt.ftm["schema"] == schema.name]
        candidates.sort(key=lambda t: t != self._preferred(schema, props))
        if candidates:
            spec = ftm_map.rel_spec(candidates[0])
            src_prop, dst_prop = spec.source.name, spec.target.name
        elif schema.edge_source and schema.edge_target:
            src_prop, dst_prop = schema.edge_source, schema.edge_target
            candidates = [t for t, rt in MODEL.relationships.items()
                          if rt.ftm and rt.ftm["schema"] == ftm_map.FALLBACK_LINK["schema"]]
        else:
            return
        src = (props.get(src_prop) or [None])[0]
        dst = (props.get(dst_prop) or [None])[0]
        if src not in self.ids or dst not in self.ids:
            self._skip(schema.name, "an end is not a loaded entity")
            return
        rel_type = self._fitting(candidates, self.kinds[src], self.kinds[dst])
        if rel_type is None:
            self._skip(schema.name, f"no relationship type links {self.kinds[src]} to {self.kinds[dst]}")
            return
        yield Rel(rel_type, self.ids[src], self.ids[dst], self.rel_props(rel_type, schema, props, number),
                  self.evidence(props), number)

    def _interval(self, number: int, schema: Schema, props: dict) -> Iterator:
        entity = (props.get("entity") or [None])[0]
        if entity not in self.ids:
            self._skip(schema.name, "its entity is not a loaded party")
            return
        src = self.ids[entity]
        status = (props.get("status") or [""])[0].lower()
        considered = MODEL.relationships["CONSIDERED_FOR"].modalities
        if schema.is_a("Sanction") or status in considered:
            rel_type = "LISTED_ON" if schema.is_a("Sanction") else "CONSIDERED_FOR"
            target, facts = self.list_for(props, number)
        else:
            rel_type = "CITED_FOR"
            target, facts = self.concern_for(props, number)
        if target is None:
            self._skip(schema.name, "it names no programme or reason")
            return
        yield from facts
        rel_props = self.rel_props(rel_type, schema, props, number)
        if rel_type == "LISTED_ON" and "listed_on" not in rel_props and props.get("startDate"):
            rel_props["listed_on"] = props["startDate"][0][:10]
        if rel_type == "CONSIDERED_FOR":
            rel_props["modality"] = status
        yield Rel(rel_type, src, target, rel_props, self.evidence(props), number)

    @staticmethod
    def _preferred(schema: Schema, props: dict) -> str | None:
        """Of the types sharing an FtM schema, the one it most likely is (an Ownership is OWNED_BY
        unless its type or role says subsidiary)."""
        if not schema.is_a("Ownership"):
            return None
        words = " ".join((props.get("ownershipType") or []) + (props.get("role") or [])).lower()
        return "SUBSIDIARY_OF" if "subsidiar" in words else "OWNED_BY"

    def _fitting(self, candidates: list[str], src_label: str, dst_label: str) -> str | None:
        for rel_type in candidates:
            rt = MODEL.relationships[rel_type]
            if (src_label in MODEL.expand(rt.sources) and dst_label in MODEL.expand(rt.targets)
                    and not (rt.same_label and src_label != dst_label)):
                return rel_type
        return None

    def _skip(self, schema: str, why: str) -> None:
        key = f"{schema} ({why})"
        self.skipped[key] = self.skipped.get(key, 0) + 1


def read(path: Path, ctx: LoadContext) -> Iterator:
    reader = _Reader(path, ctx)
    reader.index()
    yield reader.doc
    for number, data in _lines(path):
        node = reader.node(number, data)
        if node is not None:
            yield node
    for number, data in _lines(path):
        yield from reader.link(number, data)
    for what, count in sorted(reader.skipped.items()):
        ctx.problem(None, f"{count} {what} skipped")


SPEC = LoaderSpec(
    name="ftm",
    description="FollowTheMoney entities, one JSON object per line (OpenSanctions entities.ftm.json, `skg export`).",
    read=read,
    extensions=(".ftm.json", ".ftm.jsonl", ".ftm"),
    sniff=_sniff,
)
