"""Listing history: what a new list snapshot adds and removes, and the change report.

Lists are published as whole snapshots; a delisting is an absence. Each
snapshot file is a Document node ``<family>@<date>`` (``ofac-sdn@2024-05-03``)
and every ``LISTED_ON`` it states cites it. When a newer snapshot of the same
family is loaded, :class:`SnapshotHistory` compares it with the store:

* a party still listed keeps its ``LISTED_ON`` (same ``listed_on``, so the same
  relationship) and gains the new snapshot as a source;
* a party no longer present gets ``removed_on`` = the new snapshot's date on
  its open listing - nothing is deleted, the removal cites the new snapshot;
* a party that comes back after a removal gets a new ``LISTED_ON`` (the model
  keeps one relationship per listing period).

A listing's ``listed_on`` is the source's own listing date when it gives one
(CSL ``start_date``, ``Listing Date (CMIC)``); otherwise the date the listing
was first seen, i.e. the date of the first loaded snapshot that holds it.

Safety: a snapshot older than one already loaded for its family is refused
(the history would run backwards), and if a snapshot would remove more than
``removal_guard`` of a list's open listings (``schema/data/assertions.yaml``)
the removals are not applied and the load reports why - a partial file or a
sample is not a mass delisting.

:func:`changes` reports additions and removals per list between dates; it is
what ``skg changes`` prints and what a canned ``changes`` query can reuse.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from sanctions_kg.errors import InputError
from sanctions_kg.graph.facts import Evidence, Rel


def _doc_family(code: str) -> str:
    return code.split("@", 1)[0]


class _Docs:
    """Document lookups with a cache: id -> (family, date, code, kind)."""

    def __init__(self, store):
        self.store = store
        self.cache: dict[str, tuple[str, str | None, str, str | None] | None] = {}

    def get(self, doc_id: str):
        if doc_id not in self.cache:
            node = self.store.get_node(doc_id)
            if node is None:
                self.cache[doc_id] = None
            else:
                p = node["props"]
                code = p.get("code") or doc_id
                self.cache[doc_id] = (_doc_family(code), p.get("published"), code, p.get("kind"))
        return self.cache[doc_id]

    def snapshots(self, sources: list[str]) -> list[tuple[str, str | None, str]]:
        """(family, date, code) of the list snapshots among ``sources``."""
        out = []
        for s in sources:
            d = self.get(s)
            if d and d[3] == "list_snapshot":
                out.append(d[:3])
        return out


def listed_rels(store, list_id: str | None = None) -> Iterator[dict]:
    """``LISTED_ON`` relationships, of one list when ``list_id`` is given (indexed when the store can)."""
    if list_id is not None and hasattr(store, "in_rels"):
        yield from store.in_rels(list_id, "LISTED_ON")
        return
    for rel in store.iter_rels("LISTED_ON"):
        if list_id is None or rel["dst"] == list_id:
            yield rel


@dataclass
class _Open:
    listed_on: str | None
    last_seen: str  # code of the latest snapshot of the family citing it


class SnapshotHistory:
    """Listings one snapshot continues, opens and closes (see the module docstring).

    Parameters
    ----------
    store:
        The store being loaded into (read only here).
    family, day, doc_id, file_name:
        The snapshot: its family, date (None when undated), Document id and file name.
    guard:
        Largest fraction of a list's open listings one snapshot may remove.
    problem:
        ``ctx.problem``-like callable for messages.
    diff:
        Whether absences are removals (False for files whose rows state their
        own listing periods, or when the user turns history off).
    """

    def __init__(self, store, family: str, day: str | None, doc_id: str, file_name: str,
                 guard: float = 1.0, problem=None, diff: bool = True):
        self.family, self.day, self.doc_id, self.file_name = family, day, doc_id, file_name
        self.guard = guard
        self.diff = diff
        self.problem = problem or (lambda line, msg: None)
        self.prior: dict[tuple[str, str], _Open] = {}
        self.open_any: dict[tuple[str, str], str | None] = {}
        self.seen: set[tuple[str, str]] = set()
        self.removed: Counter = Counter()
        if store is not None:
            self._scan(store)

    def _scan(self, store) -> None:
        docs = _Docs(store)
        newest = None
        for node in store.iter_nodes("Document"):
            code = node["props"].get("code") or ""
            when = node["props"].get("published")
            if _doc_family(code) == self.family and "@" in code and when and (newest is None or when > newest):
                newest = when
        if self.diff and self.day and newest and newest > self.day:
            raise InputError(self.file_name, f"snapshot {self.family}@{self.day} is older than the "
                             f"{self.family}@{newest} already loaded; load snapshots oldest first")
        for rel in listed_rels(store):
            p = rel["props"]
            if p.get("removed_on"):
                continue
            key = (rel["src"], rel["dst"])
            self.open_any.setdefault(key, p.get("listed_on"))
            if not self.day:
                continue
            earlier = [(d, c) for f, d, c in docs.snapshots(p.get("sources") or [])
                       if f == self.family and d and d < self.day]
            if earlier:
                self.prior[key] = _Open(p.get("listed_on"), max(earlier)[1])

    def listed_on(self, party_id: str, list_id: str, explicit: str | None = None) -> str | None:
        """The ``listed_on`` of this snapshot's listing of a party (and mark it present).

        The source's own date wins; else an open listing's date is kept; else
        the party is first seen today.
        """
        key = (party_id, list_id)
        self.seen.add(key)
        when = explicit or self.open_any.get(key) or self.day
        self.open_any.setdefault(key, when)  # a later undated row of the same party joins this listing
        return when

    def removals(self) -> Iterator[Rel]:
        """``LISTED_ON`` facts closing the listings this snapshot no longer holds."""
        if not self.day or not self.diff:
            return
        gone = {k: v for k, v in self.prior.items() if k not in self.seen}
        per_list = Counter(k[1] for k in gone)
        open_per_list = Counter(k[1] for k in self.prior)
        blocked = set()
        for list_id, n in per_list.items():
            if n > 5 and n > self.guard * open_per_list[list_id]:
                blocked.add(list_id)
                self.problem(None, f"WARNING: {self.family}@{self.day} would remove {n} of "
                             f"{open_per_list[list_id]} open {list_id} listings (more than "
                             f"{self.guard:.0%}); not applied - is the file partial?")
        for (party_id, list_id), was in sorted(gone.items()):
            if list_id in blocked:
                continue
            self.removed[list_id] += 1
            text = (f"{self.file_name}: absent from {self.family}@{self.day}; "
                    f"last listed in {was.last_seen}")
            yield Rel("LISTED_ON", party_id, list_id, {"listed_on": was.listed_on, "removed_on": self.day},
                      [Evidence(self.doc_id, text, date=self.day)])


def changes(store, list_id: str, since: str | None = None, until: str | None = None) -> list[dict]:
    """Additions and removals of one list between ``since`` and ``until`` (inclusive, ISO dates).

    A listing is an addition on its ``listed_on`` date, except listings first
    seen in the first loaded snapshot of their family (that snapshot is the
    baseline, not a change); a removal on its ``removed_on`` date.
    Rows: ``date, change, list, party_id, party, listed_on, removed_on, program, source``.
    """
    docs = _Docs(store)
    rels = list(listed_rels(store, list_id))
    first: dict[str, str] = {}
    for rel in rels:
        for fam, day, _ in docs.snapshots(rel["props"].get("sources") or []):
            if day and (fam not in first or day < first[fam]):
                first[fam] = day
    rows = []
    names: dict[str, str] = {}

    def party_name(pid: str) -> str:
        if pid not in names:
            node = store.get_node(pid)
            names[pid] = (node or {}).get("props", {}).get("name", pid)
        return names[pid]

    for rel in rels:
        p = rel["props"]
        snaps = docs.snapshots(p.get("sources") or [])
        listed, removed = p.get("listed_on"), p.get("removed_on")
        baseline = any(day == listed and first.get(fam) == day for fam, day, _ in snaps)
        events = []
        if listed and not baseline:
            events.append(("added", listed))
        if removed:
            events.append(("removed", removed))
        for change, day in events:
            if (since and day < since) or (until and day > until):
                continue
            cited = [code for fam, d, code in snaps if d == day] or [code for _, _, code in snaps]
            rows.append({
                "date": day, "change": change, "list": list_id, "party_id": rel["src"],
                "party": party_name(rel["src"]), "listed_on": listed, "removed_on": removed,
                "program": p.get("program"), "source": cited[0] if cited else (p.get("sources") or [None])[0],
            })
    rows.sort(key=lambda r: (r["date"], r["change"], r["party"], r["party_id"]))
    return rows
