"""Embedded twins of the list queries: exposure, changes, agency, peers.

Each function returns the rows of its ``.cypher`` file - same columns, same
order, same nulls - from the store's adjacency and :class:`QueryIndex`.
"""

from __future__ import annotations

from collections import Counter

from sanctions_kg.queries.dates import first_day
from sanctions_kg.queries.embedded_base import nulls_last, query_index


def exposure(store, entity: str) -> list[dict]:
    ix = query_index(store)
    rows = []
    for r in ix.out(entity, "LISTED_ON") + ix.out(entity, "CONSIDERED_FOR"):
        p, listing = r["props"], r["type"] == "LISTED_ON"
        rows.append({
            "kind": "listing" if listing else "considered",
            "list_id": r["dst"], "list": ix.name(r["dst"]),
            "listed_on": p.get("listed_on"), "first_seen": ix.first_seen(r) if listing else None,
            "removed_on": p.get("removed_on"), "reported_on": p.get("reported_on"),
            "modality": p.get("modality"), "by": p.get("by"), "program": p.get("program"),
            "authority_id": p.get("authority_id"), "reason": p.get("reason"),
            "agencies": ix.agencies(r["dst"]), "sources": p.get("sources"), "evidence": p.get("evidence"),
        })
    rows.sort(key=lambda x: nulls_last(first_day(x["listed_on"] or x["reported_on"]), x["list_id"],
                                       x["listed_on"], x["reported_on"], x["modality"], x["removed_on"]))
    rows.sort(key=lambda x: x["kind"], reverse=True)  # stable: kind DESC first
    return rows


def _in_period(day: str | None, since: str | None, until: str | None) -> bool:
    day = first_day(day)
    return day is not None and (since is None or day >= since) and (until is None or day <= until)


def changes(store, list: str, since: str | None, until: str | None) -> list[dict]:
    ix = query_index(store)
    rows = []
    for r in ix.into(list, "LISTED_ON"):
        if not ix.is_party(r["src"]):
            continue
        p = r["props"]
        added = None if ix.first_seen(r) else p.get("listed_on")
        for change, when in (("added", added), ("removed", p.get("removed_on"))):
            if _in_period(when, since, until):
                rows.append({"date": when, "change": change, "party_id": r["src"], "party": ix.name(r["src"]),
                             "listed_on": p.get("listed_on"), "removed_on": p.get("removed_on"),
                             "program": p.get("program"), "authority_id": p.get("authority_id"),
                             "key": r["key"], "sources": p.get("sources")})
    rows.sort(key=lambda r: nulls_last(first_day(r["date"]), r["change"], r["party_id"], r["key"]))
    return rows


def agency(store, agency: str) -> list[dict]:
    ix = query_index(store)
    rows = []
    for lst in ix.administered(agency):
        # the catalog's tightest loop - a list can have tens of thousands of listings - so the
        # index's sets are read directly rather than through is_party() and first_seen()
        parties, first_seen = ix.parties, ix.first_seen_keys
        years = Counter(None if (on := r["props"].get("listed_on")) is None or r["key"] in first_seen else on[:4]
                        for r in ix.into(lst, "LISTED_ON") if r["src"] in parties)
        props = ix.props(lst)
        for year, n in (years or {None: 0}).items():
            rows.append({"list_id": lst, "list": props.get("name"), "severity": props.get("severity"),
                         "year": year, "additions": n})
    rows.sort(key=lambda r: nulls_last(r["list_id"], r["year"]))
    return rows


def peers(store, entity: str) -> list[dict]:
    ix = query_index(store)
    found: dict[str, tuple[dict, set]] = {}
    for r in ix.listings(entity):
        on, notice = r["props"].get("listed_on"), r["props"].get("authority_id")
        candidates = []
        if on is not None and not ix.first_seen(r):
            candidates += [(r2, "same list and date") for r2 in ix.into(r["dst"], "LISTED_ON")
                           if r2["props"].get("listed_on") == on and not ix.first_seen(r2)]
        if notice is not None:
            candidates += [(r2, "same notice") for r2 in ix.notice(notice) if ix.label(r2["dst"]) == "SanctionList"]
        for r2, basis in candidates:
            if r2["src"] != entity and ix.is_party(r2["src"]):
                found.setdefault(r2["key"], (r2, set()))[1].add(basis)
    rows = [{"party_id": r2["src"], "party": ix.name(r2["src"]), "list_id": r2["dst"], "list": ix.name(r2["dst"]),
             "listed_on": r2["props"].get("listed_on"), "authority_id": r2["props"].get("authority_id"),
             "basis": [b for b in ("same notice", "same list and date") if b in bases],
             "sources": r2["props"].get("sources")} for r2, bases in found.values()]
    return sorted(rows, key=lambda r: nulls_last(r["party_id"], r["list_id"], r["listed_on"]))
