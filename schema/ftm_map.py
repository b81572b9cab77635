"""The FollowTheMoney mapping, read from the model's ``ftm:`` annotations.

``model.yaml`` names, for each label, relationship type and property, the
FollowTheMoney (FtM 4.x) schema or property it corresponds to. This module
resolves those names against FtM's own model (``followthemoney.model``), so a
misspelt or vanished FtM name fails loudly (:class:`SchemaError`) instead of
silently dropping data, and answers what the FtM exporter and loader ask:

* :func:`label_schema` - the FtM schema of a label's nodes (``None`` for labels
  FtM has no entity for: lists, authorities, concerns);
* :func:`node_properties` - our property -> FtM property, for one label;
* :func:`rel_spec` - for a relationship type, the FtM interval schema that
  carries it (``Sanction``, ``Risk``, ``Ownership``, ``UnknownLink``), the FtM
  properties its two ends go into, its own properties, and - for targets that
  are not FtM entities, such as a sanction list - the target's properties that
  the interval carries instead (a list's ``code`` becomes ``programId``).

Ids: FtM ids allow only letters, digits, ``.`` and ``-``, so ``company:x`` is
written ``company.x`` (:func:`ftm_id`), and :func:`node_id_from_ftm` reverses it.

Examples
--------
>>> label_schema("Agency").name
'PublicBody'
>>> rel_spec("LISTED_ON").schema.name, rel_spec("LISTED_ON").target.name
('Sanction', 'programId')
>>> ftm_id("company:hangzhou-hikvision")
'company.hangzhou-hikvision'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from followthemoney import model as FTM
from followthemoney.property import Property as FtmProperty
from followthemoney.schema import Schema
from followthemoney.types import registry
from rdflib import URIRef

from sanctions_kg.errors import SchemaError
from sanctions_kg.schema import MODEL
from sanctions_kg.schema.model import Model

#: the FtM namespace (the model's ``ftm`` prefix; FtM's own RDF export uses the same)
FTM_NS = MODEL.prefixes.get("ftm", "https://schema.followthemoney.tech/#")
#: the link schema used when a relationship's own schema cannot hold its endpoints
FALLBACK_LINK = {"schema": "UnknownLink", "source": "subject", "target": "object"}
_ID_MAX = 200


def schema_iri(schema: Schema) -> URIRef:
    return URIRef(FTM_NS + schema.name)


def property_iri(prop: FtmProperty) -> URIRef:
    """FtM's IRI for a property: ``<ns>#<declaring schema>:<name>``, as FtM's own RDF export writes it."""
    return URIRef(FTM_NS + prop.qname)


def _schema(name: str, where: str) -> Schema:
    schema = FTM.get(name)
    if schema is None:
        raise SchemaError(f"model.yaml: {where} names the FtM schema {name!r}, which FtM does not have")
    return schema


def _prop(schema: Schema, name: str, where: str) -> FtmProperty:
    prop = schema.get(name)
    if prop is None:
        raise SchemaError(f"model.yaml: {where} names the FtM property {name!r}, which {schema.name} lacks")
    return prop


def label_schema(label: str, model: Model = MODEL) -> Schema | None:
    """The FtM schema of ``label`` (the nearest annotated ancestor's), or None."""
    for name in model.ancestors(label):
        ftm = model.labels[name].ftm
        if ftm:
            return _schema(ftm, name)
    return None


def node_properties(label: str, model: Model = MODEL) -> dict[str, FtmProperty]:
    """Our property name -> FtM property of the label's schema (empty for labels without one)."""
    schema = label_schema(label, model)
    if schema is None:
        return {}
    return {name: _prop(schema, prop.ftm, f"{label}.{name}")
            for name, prop in model.labels[label].properties.items() if prop.ftm}


@dataclass(frozen=True)
class RelSpec:
    """How one relationship type is written as an FtM interval entity."""

    rel_type: str
    schema: Schema
    source: FtmProperty
    target: FtmProperty
    #: our relationship property -> FtM property
    properties: dict[str, FtmProperty] = field(default_factory=dict)
    #: for target labels without an FtM entity: their property -> FtM property of ``schema``
    target_properties: dict[str, dict[str, FtmProperty]] = field(default_factory=dict)

    @property
    def target_is_entity(self) -> bool:
        """Whether the target end is a reference to another entity (else a value, e.g. a programme id)."""
        return self.target.type == registry.entity


def _spec(rel_type: str, ftm: dict, model: Model, strict: bool) -> RelSpec:
    rt = model.relationships[rel_type]
    where = f"{rel_type}.ftm"
    schema = _schema(ftm["schema"], where)
    source, target = _prop(schema, ftm["source"], where), _prop(schema, ftm["target"], where)
    props = {}
    for name, prop in rt.properties.items():
        if prop.ftm:
            if schema.get(prop.ftm) is not None:
                props[name] = schema.get(prop.ftm)
            elif strict:
                _prop(schema, prop.ftm, f"{rel_type}.{name}")
    targets = {}
    if target.type != registry.entity:
        for label in sorted(model.expand(rt.targets)):
            if label_schema(label, model) is None:
                targets[label] = {name: schema.get(prop.ftm)
                                  for name, prop in model.labels[label].properties.items()
                                  if prop.ftm and name not in model.node_properties
                                  and schema.get(prop.ftm) is not None}
    return RelSpec(rel_type, schema, source, target, props, targets)


def rel_spec(rel_type: str, model: Model = MODEL, fallback: bool = False) -> RelSpec | None:
    """The FtM form of ``rel_type`` (or of the generic link, with ``fallback``); None if unmapped."""
    ftm = model.relationships[rel_type].ftm
    if fallback:
        return _spec(rel_type, FALLBACK_LINK, model, strict=False)
    if not ftm:
        return None
    return _spec(rel_type, ftm, model, strict=True)


def temporal_properties(rel_type: str, model: Model = MODEL) -> tuple[list[str], list[str]]:
    """The properties of ``rel_type`` that start and end it in time, by FtM's temporal properties.

    A property mapped to one of the FtM schema's ``temporal_start`` properties
    (or to a Sanction's ``listingDate``) starts the relationship; one mapped
    to a ``temporal_end`` property ends it. GEXF's timeline uses them.

    >>> temporal_properties("LISTED_ON")
    (['listed_on'], ['removed_on'])
    """
    spec = rel_spec(rel_type, model)
    if spec is None:
        return [], []
    starts = {p.name for p in spec.schema.temporal_start_props} | {"listingDate"}
    ends = {p.name for p in spec.schema.temporal_end_props}
    return ([n for n, p in spec.properties.items() if p.name in starts],
            [n for n, p in spec.properties.items() if p.name in ends])


def fits(spec: RelSpec, src_label: str, dst_label: str, model: Model = MODEL) -> bool:
    """Whether FtM's ranges accept these endpoint labels (an Organization cannot be an Ownership asset)."""
    src = label_schema(src_label, model)
    if src is None or (spec.source.range is not None and not src.is_a(spec.source.range)):
        return False
    if not spec.target_is_entity:
        return True
    dst = label_schema(dst_label, model)
    return dst is not None and (spec.target.range is None or dst.is_a(spec.target.range))


# -- ids ----------------------------------------------------------------------
def ftm_id(node_id: str) -> str:
    """The FtM id of a node: ``prefix:slug`` -> ``prefix.slug`` (hashed if FtM would reject it)."""
    prefix, _, rest = node_id.partition(":")
    candidate = f"{prefix}.{rest}" if rest else prefix
    if len(candidate) <= _ID_MAX and registry.entity.validate(candidate):
        return candidate
    return f"{prefix or 'x'}.{hashlib.sha1(node_id.encode('utf-8')).hexdigest()}"


def rel_ftm_id(rel_type: str, key: str) -> str:
    """The FtM id of the interval entity for a relationship: ``listed-on.<sha1 of key>``."""
    return f"{rel_type.lower().replace('_', '-')}.{hashlib.sha1(key.encode('utf-8')).hexdigest()}"


def node_id_from_ftm(entity_id: str, label: str, model: Model = MODEL) -> str | None:
    """Our node id when ``entity_id`` is one of ours for ``label`` (``company.x`` -> ``company:x``), else None."""
    prefix, sep, rest = entity_id.partition(".")
    if sep and rest and model.labels[label].id_prefix == prefix and "." not in rest:
        return f"{prefix}:{rest}"
    return None


@lru_cache(maxsize=None)
def labels_by_schema(model: Model = MODEL) -> dict[str, str]:
    """FtM schema name -> the concrete label its entities load as.

    A schema maps to the label annotated with it or with its nearest ancestor
    schema (a ``PublicBody`` is an Agency). When that label is abstract
    (``Party`` is annotated ``LegalEntity``), the entity becomes the concrete
    sub-label whose schema extends it most directly, first in model order on
    a tie (a plain ``LegalEntity`` is an Organization).
    """
    annotated: dict[str, str] = {}
    for label, lab in model.labels.items():
        if lab.ftm:
            annotated.setdefault(_schema(lab.ftm, label).name, label)
    out = {}
    for schema in FTM.schemata.values():
        hit = next((annotated[a.name] for a in _lineage(schema) if a.name in annotated), None)
        if hit is None:
            continue
        if model.labels[hit].abstract:
            candidates = [(_distance(label_schema(lab, model), schema), i, lab)
                          for i, lab in enumerate(model.concrete_labels)
                          if lab in model.expand([hit]) and label_schema(lab, model).is_a(schema)]
            if not candidates:
                continue
            hit = min(candidates)[2]
        out[schema.name] = hit
    return out


def _lineage(schema: Schema) -> list[Schema]:
    """``schema`` and its ancestors, nearest first (breadth-first over ``extends``)."""
    out, queue = [], [schema]
    while queue:
        current = queue.pop(0)
        if current not in out:
            out.append(current)
            queue += list(current.extends)
    return out


def _distance(schema: Schema, ancestor: Schema) -> int:
    lineage = _lineage(schema)
    return lineage.index(ancestor) if ancestor in lineage else len(lineage)
