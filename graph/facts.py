"""Facts: what loaders yield and stores write.

A loader never touches a store. It yields :class:`Node` and :class:`Rel`
facts, each carrying its provenance, and the build pipeline
(:mod:`sanctions_kg.graph.pipeline`) resolves, validates and writes them.
Keeping this boundary narrow is what lets the same loaders feed the embedded
store, Neo4j, or ``skg extract`` (which only prints).

Examples
--------
>>> doc = Node("Document", "news/example", {"title": "Example"})
>>> hik = Node("Company", "Hikvision", {"sources": [doc.id]})
>>> el = Node("SanctionList", "US-BIS-EL", {"name": "Entity List"})
>>> r = Rel("LISTED_ON", hik.id, el.id, {"listed_on": "2019-10-09"},
...         [Evidence(doc.id, "Hikvision was added ...", 0, 24)])
>>> r.props_with_provenance()["sources"]
['doc:news-example']
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Union

from sanctions_kg.schema import MODEL


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a document node id and, for prose, the passage with offsets."""

    source: str
    text: str | None = None
    start: int | None = None
    end: int | None = None
    date: str | None = None
    #: set when a statistical reader, not a rule, read the fact from the passage ("relation-model")
    reader: str | None = None

    def to_json(self) -> str:
        """The canonical encoding stored in a relationship's ``evidence`` list."""
        record = {"source": self.source, "text": self.text, "start": self.start, "end": self.end, "date": self.date}
        if self.reader:
            record["reader"] = self.reader
        return json.dumps(record, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> "Evidence":
        d = json.loads(raw)
        return cls(d["source"], d.get("text"), d.get("start"), d.get("end"), d.get("date"), d.get("reader"))


@dataclass
class Node:
    """A node fact. ``key`` is the label's key value (a name or a code); the id derives from it.

    ``name`` defaults to the key, so ``Node("Company", "Hikvision")`` is a complete fact.
    ``line`` is where in the input the fact came from, for error messages.
    """

    label: str
    key: str
    props: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    id: str = ""

    def __post_init__(self):
        if not self.id:
            self.id = MODEL.node_id(self.label, self.key)
        key_prop = MODEL.labels[self.label].key
        self.props.setdefault(key_prop, self.key)
        self.props.setdefault("name", self.key)


@dataclass
class Rel:
    """A relationship fact between two node ids, with its evidence (at least one source)."""

    type: str
    src: str
    dst: str
    props: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    line: int | None = None

    def props_with_provenance(self) -> dict[str, Any]:
        """Properties plus ``sources`` and ``evidence`` derived from :attr:`evidence`."""
        props = dict(self.props)
        sources = list(props.pop("sources", []) or [])
        for ev in self.evidence:
            if ev.source not in sources:
                sources.append(ev.source)
        props["sources"] = sources
        ev_json = list(props.pop("evidence", []) or [])
        ev_json += [ev.to_json() for ev in self.evidence if ev.text is not None or ev.start is not None]
        if ev_json:
            props["evidence"] = ev_json
        return props


Fact = Union[Node, Rel]
