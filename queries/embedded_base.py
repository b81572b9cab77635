"""What every embedded query uses: the lookups a networkx graph lacks, and Cypher's row order.

networkx gives each node its adjacency, but not by relationship type: the
ADMINISTERS relationship of a list with twenty thousand members is found by
walking twenty thousand LISTED_ON edges. Neo4j has typed adjacency and
property indexes; this is the embedded store's equivalent, built in one
pass over the relationships the first time a query needs it and dropped by
the store on its next write (:meth:`EmbeddedStore.derived`).

Rows in here are the store's own relationship records
(``{"type", "src", "dst", "key", "props"}``); the props dicts are the live
ones, which is safe because any write discards the index.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from sanctions_kg.queries.runner import PARTY_LABELS

SNAPSHOT_KIND = "list_snapshot"


def snapshot_family(code: str) -> str:
    """``ofac-sdn@2024-05-03`` -> ``ofac-sdn``: the list file a snapshot Document belongs to."""
    return code.split("@", 1)[0]


class QueryIndex:
    """Typed adjacency, two property indexes, and the first snapshot of every list file."""

    def __init__(self, store):
        self._label: dict[str, str] = dict(store.graph.nodes(data="label"))
        self._props: dict[str, dict] = dict(store.graph.nodes(data="props"))
        #: ids of the party nodes
        self.parties = {n for n, label in self._label.items() if label in PARTY_LABELS}
        self.first_snapshots = self._first_snapshots()
        #: keys of the listings whose date is only a first snapshot's (see first_seen)
        self.first_seen_keys: set[str] = set()
        self._out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self._in: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        #: LISTED_ON relationships by their authority_id (the Federal Register notice)
        self._notice: dict[str, list[dict]] = defaultdict(list)
        #: CITED_FOR relationships by the region they concern
        self._cited_in: dict[str, list[dict]] = defaultdict(list)
        #: each party's LISTED_ON relationships to SanctionList nodes
        self._listings: dict[str, list[dict]] = defaultdict(list)
        for s, d, k, a in store.graph.edges(keys=True, data=True):
            rel = {"type": a["type"], "src": s, "dst": d, "key": k, "props": a["props"]}
            self._out[a["type"]][s].append(rel)
            self._in[a["type"]][d].append(rel)
            if a["type"] == "LISTED_ON":
                if self._label[d] == "SanctionList":
                    self._listings[s].append(rel)
                if a["props"].get("authority_id") is not None:
                    self._notice[a["props"]["authority_id"]].append(rel)
                on = a["props"].get("listed_on")
                if on is not None and any(f"{doc}@{on}" in self.first_snapshots
                                          for doc in a["props"].get("sources") or []):
                    self.first_seen_keys.add(k)
            elif a["type"] == "CITED_FOR" and a["props"].get("region") is not None:
                self._cited_in[a["props"]["region"]].append(rel)

    def _first_snapshots(self) -> frozenset[str]:
        """``"<document id>@<date>"`` of the earliest loaded snapshot of each list file.

        A listing that cites one of these and whose ``listed_on`` is that
        snapshot's date was merely *first seen* there: the file gives no
        listing date (see :mod:`sanctions_kg.graph.history`). The Cypher files
        build the same list in their ``first_snapshots`` subquery.
        """
        first: dict[str, str] = {}
        docs = []
        for n, p in self._props.items():
            if self._label[n] == "Document" and p.get("kind") == SNAPSHOT_KIND and p.get("published") is not None:
                family = snapshot_family(p.get("code") or n)
                docs.append((n, family, p["published"]))
                if family not in first or p["published"] < first[family]:
                    first[family] = p["published"]
        return frozenset(f"{n}@{day}" for n, family, day in docs if first[family] == day)

    # -- reads ----------------------------------------------------------
    def out(self, node_id: str, rel_type: str) -> list[dict]:
        """Relationships of ``rel_type`` leaving ``node_id``."""
        return self._out[rel_type].get(node_id, [])

    def into(self, node_id: str, rel_type: str) -> list[dict]:
        """Relationships of ``rel_type`` arriving at ``node_id``."""
        return self._in[rel_type].get(node_id, [])

    def sources_of(self, rel_type: str) -> list[str]:
        """Ids of the nodes with at least one ``rel_type`` relationship leaving them."""
        return list(self._out[rel_type])

    def notice(self, authority_id: str) -> list[dict]:
        return self._notice.get(authority_id, [])

    def cited_in(self, region_id: str) -> list[dict]:
        return self._cited_in.get(region_id, [])

    def label(self, node_id: str) -> str:
        return self._label[node_id]

    def props(self, node_id: str) -> dict:
        return self._props[node_id]

    def name(self, node_id: str | None) -> str | None:
        return None if node_id is None else self._props[node_id].get("name")

    def is_party(self, node_id: str) -> bool:
        return node_id in self.parties

    def listings(self, party_id: str) -> list[dict]:
        """The party's LISTED_ON relationships (to SanctionList nodes)."""
        return self._listings.get(party_id, [])

    def first_seen(self, rel: dict) -> bool:
        """True when a listing's date is only the date of the first snapshot that showed it.

        That is: it cites the earliest snapshot of a list file, and its
        ``listed_on`` is that snapshot's date.
        """
        return rel["key"] in self.first_seen_keys

    def agencies(self, list_id: str) -> list[str]:
        """Names of the agencies administering a list, sorted."""
        return sorted(n for n in (self.name(r["src"]) for r in self.into(list_id, "ADMINISTERS")
                                  if self.label(r["src"]) == "Agency") if n is not None)

    def sub_agencies(self, agency_id: str, depth: int = 3) -> set[str]:
        """The agency and the agencies within it, ``depth`` PART_OF steps down (Cypher ``*0..3``)."""
        found, frontier = {agency_id}, [agency_id]
        for _ in range(depth):
            frontier = [r["src"] for f in frontier for r in self.into(f, "PART_OF")]
            found |= set(frontier)
        return {a for a in found if self.label(a) == "Agency"}

    def administered(self, agency_id: str) -> set[str]:
        """The lists an agency or one of its sub-agencies administers."""
        return {r["dst"] for a in self.sub_agencies(agency_id) for r in self.out(a, "ADMINISTERS")
                if self.label(r["dst"]) == "SanctionList"}


def query_index(store) -> QueryIndex:
    """The store's :class:`QueryIndex`, built on first use after a write."""
    return store.derived("queries", QueryIndex)


# -- Cypher semantics ---------------------------------------------------------------
def nulls_last(*values: Any) -> tuple:
    """A sort key with Cypher's ``ORDER BY a, b ...`` (ascending): nulls after every value."""
    return tuple((v is None, "" if v is None else v) for v in values)


def union(*lists: Iterable | None) -> list:
    """Ordered union, as the Cypher files write ``a + [x IN b WHERE NOT x IN a]``."""
    out: list = []
    for values in lists:
        out += [v for v in values or [] if v not in out]
    return out
