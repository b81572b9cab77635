"""The graph model, loaded from ``model.yaml`` - the one place it is declared.

Stores, loaders, the Neo4j constraints, the RDF ontology and the docs all ask
this module about labels, relationship types and properties instead of
restating them, so adding a label is one edit to the YAML file.

Examples
--------
>>> from sanctions_kg.schema import MODEL
>>> MODEL.node_id("Company", "Hangzhou Hikvision Digital Technology Co., Ltd.")
'company:hangzhou-hikvision-digital-technology-co-ltd'
>>> MODEL.label_of("list:us-bis-el")
'SanctionList'
>>> sorted(MODEL.expand(["Party"]))
['Aircraft', 'Company', 'Organization', 'Person', 'Vessel']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

import yaml
from normality import slugify

from sanctions_kg.errors import SchemaError

MODEL_PATH = Path(__file__).with_name("model.yaml")

SCALAR_TYPES = {"string", "text", "date", "int", "float", "bool"}
LIST_TYPES = {"string[]", "json[]"}
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Property:
    """One property of a label or relationship type."""

    name: str
    type: str
    description: str = ""
    required: bool = False
    ftm: str | None = None
    rdf: str | None = None
    values: tuple[str, ...] = ()
    default: Any = None
    identity: bool = False  # the node id: held by the store as the node's identity, not in props
    derived: bool = False  # computed by the pipeline, never given by a loader
    indexed: bool = False  # a range index in Neo4j on the label that declares it
    lowercase: bool = False  # codes compared as written in lower case ("CN" and "cn" are one country)
    ref: str | None = None  # the label of the nodes whose ids the values are (links in RDF)

    @property
    def is_list(self) -> bool:
        return self.type in LIST_TYPES

    def check(self, value: Any, where: str) -> Any:
        """Return ``value`` coerced to this property's type, or raise SchemaError."""
        if value is None:
            return None
        if self.is_list:
            if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
                raise SchemaError(f"{where}: {self.name} must be a list, got {value!r}")
            out = []
            for item in value:
                if self.type == "json[]" and not isinstance(item, str):
                    item = json.dumps(item, sort_keys=True, ensure_ascii=False)
                if not isinstance(item, str):
                    raise SchemaError(f"{where}: {self.name} items must be strings, got {item!r}")
                if item and item not in out:
                    out.append(item)
            return out
        if self.type in ("string", "text"):
            if not isinstance(value, str):
                raise SchemaError(f"{where}: {self.name} must be a string, got {value!r}")
            if self.lowercase:
                value = value.lower()
            if self.values and value not in self.values:
                raise SchemaError(
                    f"{where}: {self.name}={value!r} is not one of {', '.join(self.values)}"
                )
            return value
        if self.type == "date":
            value = str(value)
            if not _DATE_RE.match(value):
                raise SchemaError(f"{where}: {self.name}={value!r} is not an ISO date (YYYY[-MM[-DD]])")
            return value
        if self.type == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise SchemaError(f"{where}: {self.name} must be an integer, got {value!r}")
            return value
        if self.type == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SchemaError(f"{where}: {self.name} must be a number, got {value!r}")
            return float(value)
        if self.type == "bool":
            if not isinstance(value, bool):
                raise SchemaError(f"{where}: {self.name} must be true or false, got {value!r}")
            return value
        raise SchemaError(f"{where}: unknown property type {self.type!r}")  # pragma: no cover


def _props(raw: dict | None) -> dict[str, Property]:
    out = {}
    for name, spec in (raw or {}).items():
        spec = dict(spec or {})
        if spec.get("type") not in SCALAR_TYPES | LIST_TYPES:
            raise SchemaError(f"model.yaml: property {name} has unknown type {spec.get('type')!r}")
        out[name] = Property(
            name=name,
            type=spec["type"],
            description=" ".join(str(spec.get("description", "")).split()),
            required=bool(spec.get("required", False)),
            ftm=spec.get("ftm"),
            rdf=spec.get("rdf"),
            values=tuple(spec.get("values", ())),
            default=spec.get("default"),
            identity=bool(spec.get("identity", False)),
            derived=bool(spec.get("derived", False)),
            indexed=bool(spec.get("indexed", False)),
            lowercase=bool(spec.get("lowercase", False)),
            ref=spec.get("ref"),
        )
    return out


@dataclass(frozen=True)
class Label:
    """A node label: its id prefix, key property and properties (inherited ones included)."""

    name: str
    description: str
    abstract: bool
    parent: str | None
    id_prefix: str | None
    key: str | None
    ftm: str | None
    rdf: str | None
    properties: dict[str, Property] = field(default_factory=dict)


@dataclass(frozen=True)
class RelType:
    """A relationship type: allowed endpoints, identity key and properties."""

    name: str
    description: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    key: tuple[str, ...]
    modalities: tuple[str, ...]
    same_label: bool
    ftm: dict | None
    properties: dict[str, Property] = field(default_factory=dict)


class Model:
    """The parsed model with the questions every other layer asks of it."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.namespace: str = raw["namespace"]
        self.id_base: str = raw["id_base"]
        self.base_label: str = raw.get("base_label", "Entity")
        self.prefixes: dict[str, str] = dict(raw.get("prefixes", {}))
        self.node_properties = _props(raw.get("node_properties"))
        self.relationship_properties = _props(raw.get("relationship_properties"))
        self.labels: dict[str, Label] = {}
        raw_labels = raw["labels"]
        for name in raw_labels:
            self._add_label(name, raw_labels)
        self.relationships: dict[str, RelType] = {}
        for name, spec in raw["relationships"].items():
            self._add_rel(name, spec)
        self._prefix_to_label = {
            lab.id_prefix: lab.name for lab in self.labels.values() if lab.id_prefix
        }
        if len(self._prefix_to_label) != len(self.concrete_labels):
            raise SchemaError("model.yaml: id prefixes must be unique per concrete label")
        for props in [self.node_properties, self.relationship_properties,
                      *(lab.properties for lab in self.labels.values()),
                      *(rt.properties for rt in self.relationships.values())]:
            for prop in props.values():
                if prop.ref and prop.ref not in self.labels:
                    raise SchemaError(f"model.yaml: property {prop.name} refers to unknown label {prop.ref!r}")

    # -- construction -------------------------------------------------
    def _add_label(self, name: str, raw_labels: dict) -> Label:
        if name in self.labels:
            return self.labels[name]
        spec = raw_labels[name]
        parent = spec.get("extends")
        props = dict(self.node_properties)
        if parent:
            if parent not in raw_labels:
                raise SchemaError(f"model.yaml: {name} extends unknown label {parent}")
            props.update(self._add_label(parent, raw_labels).properties)
        props.update(_props(spec.get("properties")))
        abstract = bool(spec.get("abstract", False))
        if not abstract and not (spec.get("id_prefix") and spec.get("key")):
            raise SchemaError(f"model.yaml: concrete label {name} needs id_prefix and key")
        if spec.get("key") and spec["key"] not in props:
            raise SchemaError(f"model.yaml: key {spec['key']} of {name} is not a property")
        label = Label(
            name=name,
            description=" ".join(str(spec.get("description", "")).split()),
            abstract=abstract,
            parent=parent,
            id_prefix=spec.get("id_prefix"),
            key=spec.get("key"),
            ftm=spec.get("ftm"),
            rdf=spec.get("rdf"),
            properties=props,
        )
        self.labels[name] = label
        return label

    def _add_rel(self, name: str, spec: dict) -> None:
        for end in list(spec["from"]) + list(spec["to"]):
            if end not in self.labels:
                raise SchemaError(f"model.yaml: {name} names unknown label {end}")
        props = dict(self.relationship_properties)
        props.update(_props(spec.get("properties")))
        key = tuple(spec.get("key", ()))
        for k in key:
            if k not in props:
                raise SchemaError(f"model.yaml: key {k} of {name} is not a property")
        modalities = tuple(spec.get("modality", props["modality"].values))
        self.relationships[name] = RelType(
            name=name,
            description=" ".join(str(spec.get("description", "")).split()),
            sources=tuple(spec["from"]),
            targets=tuple(spec["to"]),
            key=key,
            modalities=modalities,
            same_label=bool(spec.get("same_label", False)),
            ftm=spec.get("ftm"),
            properties=props,
        )

    # -- questions ----------------------------------------------------
    @cached_property
    def concrete_labels(self) -> list[str]:
        """Labels a node can have, in declaration order."""
        return [n for n, lab in self.labels.items() if not lab.abstract]

    def expand(self, names: Iterable[str]) -> set[str]:
        """Concrete labels covered by ``names`` (abstract labels expand to their children)."""
        out: set[str] = set()
        for name in names:
            for lab in self.concrete_labels:
                if lab == name or self.is_a(lab, name):
                    out.add(lab)
        return out

    def is_a(self, label: str, ancestor: str) -> bool:
        """Whether ``label`` is ``ancestor`` or inherits from it."""
        while label:
            if label == ancestor:
                return True
            label = self.labels[label].parent
        return False

    def ancestors(self, label: str) -> list[str]:
        """``label`` and the labels it extends, nearest first (Neo4j gets all of them)."""
        out = []
        while label:
            out.append(label)
            label = self.labels[label].parent
        return out

    def node_id(self, label: str, key: str) -> str:
        """The stable id of the node with this label and key: ``<prefix>:<slug(key)>``."""
        lab = self.labels.get(label)
        if lab is None or lab.abstract:
            raise SchemaError(f"unknown or abstract label {label!r}")
        slug = slugify(str(key), sep="-")
        if not slug:
            raise SchemaError(f"{label} key {key!r} normalises to nothing")
        return f"{lab.id_prefix}:{slug}"

    def label_of(self, node_id: str) -> str:
        """The label encoded in a node id."""
        prefix = node_id.split(":", 1)[0]
        try:
            return self._prefix_to_label[prefix]
        except KeyError:
            raise SchemaError(f"{node_id!r} is not a node id (unknown prefix {prefix!r})") from None

    def rel_key(self, rel_type: str, src: str, dst: str, props: dict) -> str:
        """Identity of a relationship: type, endpoints and the type's key properties."""
        rt = self.relationships[rel_type]
        parts = [rel_type, src, dst] + [str(props.get(k) or "") for k in rt.key]
        return "|".join(parts)

    # -- validation ---------------------------------------------------
    def clean_node(self, label: str, props: dict, where: str = "node") -> dict:
        """Validate and coerce a node's properties; unknown properties are an error."""
        lab = self.labels.get(label)
        if lab is None or lab.abstract:
            raise SchemaError(f"{where}: unknown or abstract label {label!r}")
        return self._clean(lab.properties, props, f"{where} ({label})")

    def clean_rel(self, rel_type: str, src: str, dst: str, props: dict, where: str = "rel") -> dict:
        """Validate endpoints, modality and properties of a relationship."""
        rt = self.relationships.get(rel_type)
        if rt is None:
            raise SchemaError(f"{where}: unknown relationship type {rel_type!r}")
        where = f"{where} ({rel_type} {src} -> {dst})"
        s_label, d_label = self.label_of(src), self.label_of(dst)
        if s_label not in self.expand(rt.sources):
            raise SchemaError(f"{where}: {s_label} cannot be the source of {rel_type}")
        if d_label not in self.expand(rt.targets):
            raise SchemaError(f"{where}: {d_label} cannot be the target of {rel_type}")
        if rt.same_label and s_label != d_label:
            raise SchemaError(f"{where}: {rel_type} links nodes of the same kind only")
        props = dict(props)
        props.setdefault("modality", rt.modalities[0] if len(rt.modalities) == 1 else "asserted")
        out = self._clean(rt.properties, props, where)
        if out["modality"] not in rt.modalities:
            raise SchemaError(
                f"{where}: modality {out['modality']!r} is not allowed for {rel_type} "
                f"(allowed: {', '.join(rt.modalities)})"
            )
        return out

    def _clean(self, spec: dict[str, Property], props: dict, where: str) -> dict:
        out = {}
        for name, value in props.items():
            prop = spec.get(name)
            if prop is None or prop.identity:
                raise SchemaError(f"{where}: unknown property {name!r}")
            value = prop.check(value, where)
            if value is None or value == []:
                continue
            out[name] = value
        for name, prop in spec.items():
            if prop.identity:
                continue
            if name not in out and prop.default is not None:
                out[name] = prop.default
            if prop.required and name not in out:
                raise SchemaError(f"{where}: required property {name!r} is missing")
        return out

    def list_properties(self) -> set[str]:
        """Names of all list-typed properties (they merge by union)."""
        names = set()
        for lab in self.labels.values():
            names |= {p.name for p in lab.properties.values() if p.is_list}
        for rt in self.relationships.values():
            names |= {p.name for p in rt.properties.values() if p.is_list}
        return names


def load_model(path: Path = MODEL_PATH) -> Model:
    """Parse a model file (the packaged one by default)."""
    with open(path, encoding="utf-8") as fh:
        return Model(yaml.safe_load(fh))
