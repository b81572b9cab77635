"""Embedded twins of the researchers' queries: precedents, escalation, region, timeline.

"What happened to comparable parties, and how fast" - answered from
citations (CITED_FOR) and listing dates. Dates follow
:mod:`sanctions_kg.queries.dates`; listings dated only by the first snapshot
that showed them (:meth:`QueryIndex.first_seen`) say nothing about *when*,
so they never enter a day count.
"""

from __future__ import annotations

from sanctions_kg.queries.dates import days_between, first_day
from sanctions_kg.queries.embedded_base import nulls_last, query_index, union


def _severity(props: dict) -> int:
    return props.get("severity") or 0


def precedents(store, entity: str, concern: str | None, region: str | None) -> list[dict]:
    ix = query_index(store)
    concerns = {r["dst"] for r in ix.out(entity, "CITED_FOR")
                if ix.label(r["dst"]) == "Concern" and (concern is None or r["dst"] == concern)
                and (region is None or r["props"].get("region") == region)}
    rows = []
    for k in concerns:
        for c in ix.into(k, "CITED_FOR"):
            party, cp = c["src"], c["props"]
            if party == entity or not ix.is_party(party) or (region is not None and cp.get("region") != region):
                continue
            cited = first_day(cp.get("date"))
            dated = [l for l in ix.listings(party) if l["props"].get("listed_on") is not None and not ix.first_seen(l)]
            before = [_severity(ix.props(l["dst"])) for l in dated if cited is not None
                      and first_day(l["props"]["listed_on"]) < cited
                      and (l["props"].get("removed_on") is None or first_day(l["props"]["removed_on"]) > cited)]
            severity_before = max(before) if before else None
            later = [l for l in dated if cited is not None and first_day(l["props"]["listed_on"]) >= cited]
            base = {"party_id": party, "party": ix.name(party), "concern_id": k, "concern": ix.name(k),
                    "region": cp.get("region"), "cited_on": cp.get("date"), "cited_by": cp.get("cited_by")}
            for l in later or [None]:
                lp, lst = (l["props"], ix.props(l["dst"])) if l else ({}, {})
                rows.append(dict(
                    base, list_id=l["dst"] if l else None, list=lst.get("name"), severity=lst.get("severity"),
                    listed_on=lp.get("listed_on"),
                    days_after=days_between(cp["date"], lp["listed_on"]) if l else None,
                    severity_before=severity_before,
                    harsher=_severity(lst) > (severity_before or 0) if l else None,
                    sources=union(cp.get("sources"), lp.get("sources")),
                    evidence=union(cp.get("evidence"), lp.get("evidence"))))
    rows.sort(key=lambda r: nulls_last(r["party_id"], r["cited_on"], r["region"], r["concern_id"],
                                       r["listed_on"], r["list_id"]))
    return rows


def escalation(store, concern: str | None, region: str | None, agency: str | None,
               since: str | None, until: str | None) -> list[dict]:
    ix = query_index(store)
    administered = ix.administered(agency) if agency is not None else None
    if concern is not None:  # narrow the candidates from the most selective index at hand
        candidates = {r["src"] for r in ix.into(concern, "CITED_FOR")}
    elif region is not None:
        candidates = {r["src"] for r in ix.cited_in(region)}
    else:
        candidates = set(ix.sources_of("LISTED_ON"))
    rows = []
    for party in candidates:
        if not ix.is_party(party):
            continue
        cites = ix.out(party, "CITED_FOR")
        if concern is not None and not any(c["dst"] == concern for c in cites):
            continue
        if region is not None and not any(c["props"].get("region") == region and ix.label(c["dst"]) == "Concern"
                                          for c in cites):
            continue
        dated = [l for l in ix.listings(party) if l["props"].get("listed_on") is not None and not ix.first_seen(l)]
        for b in dated:
            to_day = first_day(b["props"]["listed_on"])
            if (since is not None and to_day < since) or (until is not None and to_day > until) \
                    or (administered is not None and b["dst"] not in administered):
                continue
            to, bp = ix.props(b["dst"]), b["props"]
            for a in dated:
                frm, ap = ix.props(a["dst"]), a["props"]
                days = days_between(ap["listed_on"], bp["listed_on"])
                if _severity(frm) >= _severity(to) or days <= 0:
                    continue
                rows.append({
                    "party_id": party, "party": ix.name(party),
                    "from_list_id": a["dst"], "from_list": frm.get("name"), "from_severity": frm.get("severity"),
                    "from_listed_on": ap["listed_on"],
                    "to_list_id": b["dst"], "to_list": to.get("name"), "to_severity": to.get("severity"),
                    "to_listed_on": bp["listed_on"], "to_authority_id": bp.get("authority_id"), "days": days,
                    "sources": union(ap.get("sources"), bp.get("sources")),
                    "evidence": union(ap.get("evidence"), bp.get("evidence")),
                })
    rows.sort(key=lambda r: nulls_last(r["party_id"], r["from_listed_on"], r["to_listed_on"],
                                       r["from_list_id"], r["to_list_id"]))
    return rows


def region(store, region: str) -> list[dict]:
    ix = query_index(store)
    ids, frontier = {region}, [region]
    for _ in range(4):
        frontier = [r["src"] for f in frontier for r in ix.into(f, "PART_OF") if ix.label(r["src"]) == "Region"]
        ids |= set(frontier)
    ties: dict[str, set] = {}
    for rid in ids:
        for r in ix.into(rid, "LOCATED_IN"):
            if ix.is_party(r["src"]):
                ties.setdefault(r["src"], set()).add("located")
        for r in ix.cited_in(rid):
            if ix.is_party(r["src"]) and ix.label(r["dst"]) == "Concern":
                ties.setdefault(r["src"], set()).add("cited")
    rows = []
    for party, found in ties.items():
        base = {"party_id": party, "party": ix.name(party), "ties": [t for t in ("cited", "located") if t in found]}
        for l in ix.listings(party) or [None]:
            p = l["props"] if l else {}
            rows.append(dict(base, list_id=l["dst"] if l else None, list=ix.name(l["dst"]) if l else None,
                             listed_on=p.get("listed_on"), first_seen=ix.first_seen(l) if l else None,
                             removed_on=p.get("removed_on"), sources=p.get("sources")))
    rows.sort(key=lambda r: nulls_last(r["party_id"], r["listed_on"], r["list_id"]))
    return rows


_EVENT = {"LISTED_ON": "listed", "CONSIDERED_FOR": "considered", "CITED_FOR": "cited"}


def timeline(store, entity: str) -> list[dict]:
    ix = query_index(store)
    rels = {r["key"]: r for t in _EVENT for r in ix.out(entity, t) + ix.into(entity, t)}
    rels.update((r["key"], r) for r in ix.cited_in(entity))
    rows = []
    for r in rels.values():
        p = r["props"]
        for event, when in ((_EVENT[r["type"]], p.get("listed_on") or p.get("reported_on") or p.get("date")),
                            ("removed", p.get("removed_on"))):
            if when is None:
                continue
            rows.append({"date": when, "event": event, "first_seen": event == "listed" and ix.first_seen(r),
                         "party_id": r["src"], "party": ix.name(r["src"]), "type": r["type"],
                         "target_id": r["dst"], "target": ix.name(r["dst"]), "modality": p.get("modality"),
                         "region": p.get("region"), "key": r["key"], "sources": p.get("sources")})
    rows.sort(key=lambda r: nulls_last(first_day(r["date"]), r["event"], r["party_id"], r["target_id"], r["key"]))
    return rows
