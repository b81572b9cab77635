"""Corroboration: a document's statement of a listing joins the listing a list file records.

News and notices date a listing by its announcement ("on October 7") or only by
month ("since October 2019"), while the list file has the effective date
(2019-10-09). ``LISTED_ON`` is keyed by ``listed_on`` (one relationship per
listing period), so without this step the same listing would appear twice. A
statement and a recorded listing of the same party on the same list are the
same listing when one date contains the other (a partial date) or they are at
most :data:`CORROBORATION_DAYS` apart, and the recorded listing was not
removed before the stated date. Anything else - a re-listing years later -
stays its own listing period.

It works in both load orders:

* document after list file: :func:`corroborated_listing` gives the statement
  the recorded date while the document's facts are made
  (:mod:`sanctions_kg.loaders.document`);
* list file after document: :func:`reconcile_listings` runs at the end of
  every build (:class:`~sanctions_kg.graph.pipeline.Builder`) over the
  party-list pairs it wrote; a listing known only from documents that a list
  file's listing corroborates is folded into it (its sources and evidence move
  over) and deleted.

Examples
--------
>>> same_listing("2019-10", "2019-10-09")
True
>>> same_listing("2019-10-07", "2019-10-09")
True
>>> same_listing("2019-10-09", "2023-03-02")
False
>>> same_listing("2021-06", "2019-10-09", removed_on="2020-01-01")
False
"""

from __future__ import annotations

from typing import Iterable

from sanctions_kg.graph.store import LIST_PROPS
from sanctions_kg.queries.dates import days_between, first_day

#: a stated listing date this close to a recorded one is the same listing
CORROBORATION_DAYS = 31
#: the ``kind`` of the Document nodes that list files become
LIST_SNAPSHOT = "list_snapshot"


def same_listing(stated: str, recorded: str, removed_on: str | None = None) -> bool:
    """Whether a listing stated on ``stated`` is the one recorded on ``recorded`` (see the module docstring)."""
    if removed_on and first_day(removed_on) < first_day(stated):
        return False
    if stated == recorded:
        return True
    if len(stated) < 10 and recorded.startswith(stated) or len(recorded) < 10 and stated.startswith(recorded):
        return True
    return len(stated) == 10 and len(recorded) == 10 and \
        abs(days_between(recorded, stated)) <= CORROBORATION_DAYS


def corroborated_listing(store, party: str, list_id: str, when: str | None) -> str | None:
    """The ``listed_on`` of the stored listing a document's statement corroborates, if any.

    An undated statement joins the only stored listing. ``None`` when the
    statement records a listing period of its own (or already has the stored date).
    """
    if party not in store.has_nodes([party]):
        return None
    periods = [r["props"] for r in store.rels_between([(party, list_id)], "LISTED_ON")]
    periods = sorted((p for p in periods if p.get("listed_on")), key=lambda p: p["listed_on"])
    if when is None:
        return periods[0]["listed_on"] if len(periods) == 1 else None
    for p in periods:
        if p["listed_on"] == when:
            return None
        if same_listing(when, p["listed_on"], p.get("removed_on")):
            return p["listed_on"]
    return None


def reconcile_listings(store, pairs: Iterable[tuple[str, str]]) -> int:
    """Fold document-only listings of ``pairs`` into the list-file listings that corroborate them.

    A listing is a list file's when one of its sources is a list snapshot
    document; the others are known only from documents. Returns the number of
    listings folded. Scalar properties the list file's listing lacks are taken
    from the document's; its own are kept.
    """
    rels = store.rels_between(sorted(set(pairs)), "LISTED_ON")
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rels:
        groups.setdefault((r["src"], r["dst"]), []).append(r)
    groups = {k: v for k, v in groups.items() if len(v) > 1}
    if not groups:
        return 0
    kinds: dict[str, str | None] = {}

    def from_list_file(rel: dict) -> bool:
        for doc_id in rel["props"].get("sources") or []:
            if doc_id not in kinds:
                node = store.get_node(doc_id)
                kinds[doc_id] = node["props"].get("kind") if node else None
            if kinds[doc_id] == LIST_SNAPSHOT:
                return True
        return False

    moves, folded = [], []
    for rs in groups.values():
        recorded = sorted((r for r in rs if from_list_file(r)), key=lambda r: r["props"].get("listed_on") or "")
        for r in rs:
            stated = r["props"].get("listed_on")
            if not stated or r in recorded:
                continue
            target = next((t for t in recorded if t["props"].get("listed_on") and
                           same_listing(stated, t["props"]["listed_on"], t["props"].get("removed_on"))), None)
            if target is None:
                continue
            # the list file is the authority on dates; the document adds its sources and passages
            carried = {k: v for k, v in r["props"].items()
                       if k not in ("listed_on", "removed_on") and (k in LIST_PROPS or target["props"].get(k) is None)}
            moves.append({**target, "props": carried})
            folded.append(r)
    if moves:
        store.upsert_rels(moves)
        store.delete_rels(folded)
    return len(folded)
