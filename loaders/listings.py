"""One snapshot load: its Document, the reference nodes it links to, listings with history, summary.

The OFAC, CSL and other list loaders differ in how they parse rows; what they
do with a parsed row is the same, and lives here. Inside a loader's ``read``::

    snap = SnapshotLoad(ctx, path, "ofac-sdn", data, title=..., url=..., publisher=...)
    yield from snap.start()                      # reference facts if missing, the Document
    node = yield from party_facts(row)           # the party (resolved in place), its regions
    yield snap.listing(node.id, "US-OFAC-SDN", text="sdn.csv line 12: ...", program="SDGT")
    yield from snap.finish()                     # removals, list -> authority links, summary
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.history import SnapshotHistory
from sanctions_kg.loaders import reference
from sanctions_kg.loaders.listdata import tables
from sanctions_kg.loaders.registry import LoadContext
from sanctions_kg.loaders.snapshot import snapshot_date, snapshot_document
from sanctions_kg.loaders.summary import SnapshotSummary, record
from sanctions_kg.schema import MODEL


def list_id(code: str) -> str:
    """The node id of a list by its code: ``US-BIS-EL`` -> ``list:us-bis-el``."""
    return MODEL.node_id("SanctionList", code)


def ensure_reference(ctx: LoadContext) -> Iterator:
    """The reference facts (lists, authorities, regions ...) when the store lacks any list node.

    Listings point at list, region and authority nodes; loading a list file
    into an empty store brings them along. Reloading them is a no-op.
    """
    t = tables()
    wanted = {list_id(code) for code in t.lists} | {MODEL.node_id("Authority", c) for c in t.authorities}
    if ctx.store is not None and ctx.store.has_nodes(wanted) == wanted:
        return
    yield from reference.read(reference.REFERENCE_PATH, ctx)


class SnapshotLoad:
    """Shared bookkeeping of one list snapshot (see the module docstring)."""

    def __init__(self, ctx: LoadContext, path: Path, family: str, data: bytes, *, title: str,
                 url: str | None, publisher: str, file_name: str | None = None,
                 day_inside: str | None = None, history: bool = True):
        self.ctx = ctx
        self.path = path
        self.file_name = file_name or path.name
        self.day = snapshot_date(path, ctx, day_inside)
        self.doc = snapshot_document(family, self.day, data, title, url, publisher, self.file_name)
        self.family = family
        self.history = SnapshotHistory(
            ctx.store, family, self.day, self.doc.id, self.file_name, tables().removal_guard, ctx.problem,
            diff=history and ctx.options.get("history", True) is not False)
        self.summary = SnapshotSummary(self.doc.props["code"], family, self.file_name)
        self.listed: set[tuple[str, str]] = set()
        self.authorities: dict[tuple[str, str], str] = {}
        self.undated = 0

    def start(self) -> Iterator:
        """Reference facts if missing, then the snapshot's Document node."""
        yield from ensure_reference(self.ctx)
        yield self.doc

    def evidence(self, text: str) -> Evidence:
        """A citation of this snapshot: ``text`` names the file and line of the row."""
        return Evidence(self.doc.id, text, date=self.day)

    def listing(self, party_id: str, list_code: str, *, text: str, line: int | None = None,
                listed_on: str | None = None, removed_on: str | None = None, program: str | None = None,
                authority_id: str | None = None, reason: str | None = None, provisions: str | None = None,
                also_cite: list[str] | None = None) -> Rel:
        """The ``LISTED_ON`` fact of one party on one list, cited by this snapshot.

        ``listed_on`` is the source's own date; without one the history keeps
        an open listing's date or records today's snapshot as first seen.
        """
        target = list_id(list_code)
        when = self.history.listed_on(party_id, target, listed_on)
        if when is None:
            self.undated += 1
        if (party_id, list_code) not in self.listed:
            self.listed.add((party_id, list_code))
            self.summary.listed[list_code] += 1
        evidence = [self.evidence(text)] + [Evidence(doc) for doc in also_cite or []]
        props = {"listed_on": when, "removed_on": removed_on, "program": program,
                 "authority_id": authority_id, "reason": reason, "provisions": provisions}
        return Rel("LISTED_ON", party_id, target, {k: v for k, v in props.items() if v}, evidence, line=line)

    def programme(self, list_code: str, tags: list[str]) -> None:
        """Remember the authorities the programme ``tags`` of a listing stand for."""
        for tag in tags:
            for code in tables().authorities_for([tag]):
                self.authorities.setdefault((list_code, code), tag)

    def finish(self) -> Iterator:
        """Removals, the list -> authority links the tags showed, and the summary."""
        yield from self.history.removals()
        codes = {list_id(code): code for code in tables().lists}
        self.summary.removed.update({codes.get(lid, lid): n for lid, n in self.history.removed.items()})
        for (list_code, authority), tag in sorted(self.authorities.items()):
            yield Rel("ESTABLISHED_BY", list_id(list_code), MODEL.node_id("Authority", authority), {},
                      [self.evidence(f"{self.file_name}: programme tag {tag}")])
        if self.undated:
            self.ctx.problem(None, f"{self.undated} listings have no date of their own and the snapshot "
                             "has none (no YYYY-MM-DD folder, no --published): their listed_on is empty")
        record(self.ctx, self.summary)

    def problem(self, line: int | None, message: str) -> None:
        """Report a skipped row (counted in the summary)."""
        self.summary.skipped += 1
        self.ctx.problem(line, message)


def stub_party(label: str, name: str, source: str) -> Node:
    """A party named by another row (a parent, a linked party) with nothing but its name."""
    return Node(label, name, {"sources": [source]})
