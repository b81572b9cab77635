"""One extraction function shared by ``skg extract`` (prints) and ``skg load`` (stores).

:func:`extract` runs the pipeline - layout (:mod:`~sanctions_kg.loaders.doctext`),
mentions (:mod:`~sanctions_kg.loaders.mentions`), claims
(:mod:`~sanctions_kg.loaders.claims`) - and returns an :class:`Extraction`:
the document's metadata, the entities it mentions (known ones with their graph
ids, new ones with the ids they will get), every mention with its span, and the
claims, each with subject, predicate, object, modality, date, region and
evidence. Offsets are into :attr:`DocText.body` (the text after the header).

Examples
--------
>>> from sanctions_kg.loaders.gazetteer import Gazetteer
>>> doc = parse_document("title: t\\npublished: 2022-05-07\\n\\nAcme Robotics Co., Ltd., which has "
...                      "been on the Entity List since October 2019, denied wrongdoing.")
>>> ex = extract(doc, Gazetteer.from_reference())
>>> [(c.subject["name"], c.predicate, c.object["id"], c.modality, c.date) for c in ex.claims]
[('Acme Robotics Co., Ltd.', 'LISTED_ON', 'list:us-bis-el', 'asserted', '2019-10')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sanctions_kg.graph.names import normalize_name
from sanctions_kg.loaders.claims import ClaimReader, finalize
from sanctions_kg.loaders.doctext import DocText, document_kind, parse_document
from sanctions_kg.loaders.gazetteer import Gazetteer, match_form, norm
from sanctions_kg.loaders.mentions import Analysis, find_mentions, org_shape
from sanctions_kg.loaders.relations import READER
from sanctions_kg.schema import MODEL

__all__ = ["Claim", "Extraction", "clear_caches", "extract", "parse_document"]


def clear_caches() -> None:
    """Empty the memo caches of name forms and shapes.

    Names recur from one document to the next, so these caches make a corpus
    faster to read than its documents one by one. ``benchmarks/extract.py``
    clears them before every pass, so that a pass costs what a fresh corpus would.
    """
    for fn in (norm, match_form, org_shape):
        fn.cache_clear()


@dataclass
class Claim:
    """A claim read from a document (see the module docstring)."""

    subject: dict
    predicate: str
    object: dict
    modality: str
    date: str | None
    region: dict | None
    evidence: list[dict]
    removed_on: str | None = None
    role: str | None = None
    pattern: str = ""

    @property
    def reader(self) -> str | None:
        """``"relation-model"`` for a claim the statistical relation model read, else None (a rule)."""
        return READER if self.pattern.startswith(READER + ":") else None

    def to_json(self) -> dict:
        out = {"subject": self.subject, "predicate": self.predicate, "object": self.object,
               "modality": self.modality, "date": self.date, "region": self.region,
               "evidence": self.evidence[0] if self.evidence else None}
        if self.removed_on:
            out["removed_on"] = self.removed_on
        if self.role:
            out["role"] = self.role
        if self.reader:
            out["reader"] = self.reader
        if len(self.evidence) > 1:
            out["more_evidence"] = self.evidence[1:]
        return out


@dataclass
class EntityRecord:
    """An entity the document mentions; ``known`` when the graph already has it."""

    id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    known: bool = True


@dataclass
class Extraction:
    """What a document says: metadata, entities, mentions (body offsets) and claims."""

    document: dict
    body: str
    entities: dict[str, EntityRecord]
    mentions: list[tuple[str, int, int]]
    claims: list[Claim]

    def to_json(self) -> dict:
        return {"document": {k: self.document.get(k) for k in ("id", "title", "url", "published")},
                "claims": [c.to_json() for c in self.claims]}


def document_meta(doc: DocText) -> dict:
    """Document node properties: code (file name), title, url, published, publisher, kind, sha256."""
    meta = doc.meta
    code = meta.get("code") or (doc.path.name if doc.path else meta.get("url") or doc.sha256[:16] or "document")
    out = {"code": code, "id": MODEL.node_id("Document", code), "title": meta.get("title"),
           "url": meta.get("url"), "published": meta.get("published"),
           "publisher": meta.get("publisher") or meta.get("outlet"), "kind": document_kind(meta),
           "sha256": doc.sha256 or None}
    if out["kind"] not in MODEL.labels["Document"].properties["kind"].values:
        out["kind"] = "other"
    return out


def _entity_records(an: Analysis) -> tuple[dict[str, EntityRecord], dict[str, str]]:
    """Entity records by final id, and the map from analysis keys to final ids."""
    records: dict[str, EntityRecord] = {}
    ids: dict[str, str] = {}
    for key, ent in an.entities.items():
        if ent.known:
            e = an.gaz.entries[ent.known]
            rec = records.get(e.id) or EntityRecord(e.id, e.label, e.name, [], True)
            rec.aliases += [a for a in ent.aliases if a not in rec.aliases and a != e.name]
            records[e.id] = rec
            ids[key] = e.id
            continue
        forms = [ent.name, *ent.aliases]
        name = max(forms, key=lambda f: (len(f.split()), len(f)))
        node_id = MODEL.node_id(ent.label, name)
        rec = records.get(node_id) or EntityRecord(node_id, ent.label, name, [], False)
        for f in forms:
            if f != name and f not in rec.aliases and normalize_name(f) != normalize_name(name):
                rec.aliases.append(f)
        records[node_id] = rec
        ids[key] = node_id
    return records, ids


def extract(doc: DocText, gazetteer: Gazetteer, relations: bool = False) -> Extraction:
    """Entities, mentions and claims of ``doc`` using ``gazetteer`` (see the module docstring).

    ``relations``: also read the pairs no pattern relates with the relation model
    (:mod:`~sanctions_kg.loaders.relations`): more claims, less precise ones.
    """
    an = find_mentions(doc, gazetteer)
    reader = ClaimReader(an, relations=relations)
    raw = finalize(an, reader.read(), doc.published, reader.effective, reader.rule_effective)
    records, ids = _entity_records(an)
    meta = document_meta(doc)

    def ref(key: str) -> dict:
        rec = records.get(ids.get(key, key))
        if rec is None:
            e = gazetteer.entries[key]
            rec = records[key] = EntityRecord(e.id, e.label, e.name, [], True)
        return {"id": rec.id, "name": rec.name, "label": rec.label}

    def span(s) -> dict:
        a = doc.to_body(s.start)
        b = doc.to_body(max(s.start, s.end - 1)) + 1
        return {"text": doc.body[a:b], "start": a, "end": b}

    claims = []
    for c in raw:
        region = None
        if c.region:
            r = ref(c.region)
            region = {"id": r["id"], "name": r["name"]}
        claims.append(Claim(ref(c.subject), c.predicate, ref(c.object), c.modality, c.date, region,
                            [span(s) for s in c.evidence], c.removed_on, c.role, c.pattern))
    claims.sort(key=lambda c: (c.evidence[0]["start"] if c.evidence else 0, c.predicate, c.subject["name"]))
    mentions = []
    for m in an.mentions:
        if m.ref and m.kind != "G" and m.ref in ids:
            a, b = doc.to_body(m.start), doc.to_body(m.end - 1) + 1
            mentions.append((ids[m.ref], a, b))
    used = {i for i, _, _ in mentions} | {c.subject["id"] for c in claims} | {c.object["id"] for c in claims}
    records = {k: v for k, v in records.items() if k in used}
    return Extraction(meta, doc.body, records, mentions, claims)


def extract_file(path: Path | str, gazetteer: Gazetteer, published: str | None = None,
                 relations: bool = False) -> Extraction:
    """Read ``path`` and :func:`extract` it."""
    from sanctions_kg.loaders.doctext import load_document

    return extract(load_document(path, published=published), gazetteer, relations)
