"""FollowTheMoney export: line-delimited FtM entities, as OpenSanctions' ``entities.ftm.json``.

Built with the ``followthemoney`` library's own entity proxies (so values are
cleaned by FtM's types) from the mapping in :mod:`sanctions_kg.schema.ftm_map`,
which reads the model's ``ftm:`` annotations:

* parties, agencies, documents (and regions, as ``Address``) become entities
  of their label's schema, with ``proof`` pointing at their source Documents;
* ``LISTED_ON`` becomes a ``Sanction`` on the party: the list's code is its
  ``programId``, the list's country and page its ``country`` and
  ``programUrl``, the agencies that administer the list its ``authority``;
  the listing's dates go to ``listingDate``/``startDate`` and ``endDate``;
* ``CONSIDERED_FOR`` and ``CITED_FOR`` become ``Risk`` entities (FtM's
  interval for a risk that is not a sanction): the list, authority or concern
  named in ``program``/``reason``, the concern's FtM topic in ``topics``, and
  the modality of a reported/proposed/hypothetical/denied action in
  ``status``, so it is never mistaken for a listing;
* ``OWNED_BY``/``SUBSIDIARY_OF`` become ``Ownership``, other relationships
  ``UnknownLink`` - or ``UnknownLink`` whenever FtM's ranges reject the ends
  (only Assets can be owned, and an Organization is no Asset).

Every interval carries the relationship's sources as ``proof`` (and their
URLs as ``sourceUrl``) and its evidence passages as ``summary``. Relationships whose end has no FtM entity
(a list administered by an agency, a list resting on an authority) cannot be
written and are counted in the summary under ``skipped``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterator

from followthemoney import model as FTM
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from sanctions_kg.graph.export_common import Progress, Ticker, atomic_text
from sanctions_kg.graph.facts import Evidence
from sanctions_kg.schema import MODEL
from sanctions_kg.schema import ftm_map

#: the relationship type whose sources become a Sanction's ``authority`` (the list's administering agencies)
AUTHORITY_REL = "ADMINISTERS"


def _values(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _add(proxy: EntityProxy, prop, values) -> None:
    for v in _values(values):
        if prop.type == registry.entity:
            v = ftm_map.ftm_id(v)
        proxy.add(prop, str(v) if not isinstance(v, str) else v, quiet=True)


def _fill_required(proxy: EntityProxy, fallback: str) -> None:
    """FtM-required properties the model does not map (a Document's ``fileName``) get the node's key."""
    for name in proxy.schema.required:
        if not proxy.has(name):
            proxy.add(name, fallback, quiet=True)


def node_entity(node: dict) -> EntityProxy | None:
    """The FtM entity of a node, or None for labels FtM has no entity for."""
    schema = ftm_map.label_schema(node["label"])
    if schema is None:
        return None
    proxy = FTM.make_entity(schema.name)
    proxy.id = ftm_map.ftm_id(node["id"])
    props = node["props"]
    for name, prop in ftm_map.node_properties(node["label"]).items():
        _add(proxy, prop, props.get(name))
    key = MODEL.labels[node["label"]].key
    _fill_required(proxy, str(props.get(key) or props.get("name") or node["id"]))
    return proxy


class _Context:
    """What relationship entities need besides the relationship: the value-only target nodes."""

    def __init__(self):
        self.targets: dict[str, dict] = {}  # nodes of labels without an FtM entity, by id
        self.authorities: dict[str, list[str]] = {}  # list id -> names of agencies administering it
        self.names: dict[str, str] = {}  # node id -> name, for properties that hold a node id
        self.urls: dict[str, str] = {}  # node id -> url (of the source documents)


def rel_entity(rel: dict, ctx: _Context) -> EntityProxy | None:
    """The FtM interval entity of a relationship, or None when FtM cannot hold its ends."""
    src_label, dst_label = MODEL.label_of(rel["src"]), MODEL.label_of(rel["dst"])
    spec = ftm_map.rel_spec(rel["type"])
    if spec is None or not ftm_map.fits(spec, src_label, dst_label):
        spec = ftm_map.rel_spec(rel["type"], fallback=True)
        if not ftm_map.fits(spec, src_label, dst_label):
            return None
    props = rel["props"]
    proxy = FTM.make_entity(spec.schema.name)
    proxy.id = ftm_map.rel_ftm_id(rel["type"], rel["key"])
    _add(proxy, spec.source, rel["src"])
    if spec.target_is_entity:
        _add(proxy, spec.target, rel["dst"])
    else:
        target = ctx.targets.get(rel["dst"], {"props": {"name": rel["dst"]}})["props"]
        mapped = spec.target_properties.get(dst_label, {})
        own = [name for name, prop in mapped.items() if prop == spec.target]
        _add(proxy, spec.target, target.get(own[0]) if own else target.get("name"))
        for name, prop in mapped.items():
            if prop != spec.target:
                _add(proxy, prop, target.get(name))
        if spec.schema.get("authority") is not None:
            _add(proxy, spec.schema.get("authority"), ctx.authorities.get(rel["dst"]))
    for name, prop in spec.properties.items():
        value = props.get(name)
        if prop.type != registry.entity and isinstance(value, str):
            value = ctx.names.get(value, value)  # `cited_by: agency:us-bis` -> the agency's name
        _add(proxy, prop, value)
    # FtM reads an interval's extent from startDate; a listing date is where it starts
    if proxy.schema.get("listingDate") is not None and not proxy.has("startDate"):
        _add(proxy, proxy.schema.get("startDate"), proxy.get("listingDate"))
    modality = props.get("modality")
    if modality and modality != "asserted" and proxy.schema.get("status") is not None:
        _add(proxy, proxy.schema.get("status"), modality)
    source_url = proxy.schema.get("sourceUrl")
    if source_url is not None:
        _add(proxy, source_url, [ctx.urls[s] for s in props.get("sources", []) if s in ctx.urls])
    texts = [Evidence.from_json(e).text for e in props.get("evidence", [])]
    _add(proxy, proxy.schema.get("summary"), [t for t in texts if t])
    _fill_required(proxy, rel["key"])
    return proxy


def entities(store, progress: Progress | None = None, skipped: Counter | None = None) -> Iterator[EntityProxy]:
    """Every FtM entity of the store: nodes first, then relationships."""
    ctx = _Context()
    tick = Ticker(progress)
    for node in store.iter_nodes():
        proxy = node_entity(node)
        if proxy is None:
            ctx.targets[node["id"]] = node
            if skipped is not None:
                skipped[node["label"]] += 1
        else:
            yield proxy
        ctx.names[node["id"]] = node["props"].get("name", node["id"])
        if node["props"].get("url"):
            ctx.urls[node["id"]] = node["props"]["url"]
        tick()
    for rel in store.iter_rels(AUTHORITY_REL):
        ctx.authorities.setdefault(rel["dst"], []).append(ctx.names.get(rel["src"], rel["src"]))
    for rel in store.iter_rels():
        proxy = rel_entity(rel, ctx)
        if proxy is None:
            if skipped is not None:
                skipped[rel["type"]] += 1
        else:
            yield proxy
        tick()
    tick.flush()


def write_ftm(store, path: Path, progress: Progress | None = None, force: bool = False) -> dict:
    """Write the store as line-delimited FtM JSON (one entity per line, UTF-8)."""
    skipped: Counter = Counter()
    counts: Counter = Counter()
    with atomic_text(path, newline="\n") as fh:
        for proxy in entities(store, progress, skipped):
            fh.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            counts[proxy.schema.name] += 1
    return {"entities": sum(counts.values()), "schemata": dict(sorted(counts.items())),
            "skipped": dict(sorted(skipped.items()))}
