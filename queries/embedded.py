"""Embedded (networkx) implementations of the canned queries.

Each function mirrors its ``.cypher`` file row for row - same columns, same
order, same null handling - so the embedded store answers exactly like Neo4j.
Functions take the :class:`~sanctions_kg.graph.embedded.EmbeddedStore` and the
validated parameters (entity names already resolved to ids).
"""

from __future__ import annotations

from datetime import date
from itertools import product
from typing import Callable

import networkx as nx

from sanctions_kg.queries.runner import PARTY_LABELS, expand_frontier


def _sort_key(*values):
    """Cypher's ORDER BY with coalesce(x, ''): nulls sort as the empty string."""
    return tuple("" if v is None else v for v in values)


def _agencies(store, list_id: str) -> list[str]:
    names = [store.graph.nodes[r["src"]]["props"].get("name")
             for r in store.in_rels(list_id, "ADMINISTERS")]
    return sorted(n for n in names if n is not None)


def exposure(store, entity: str) -> list[dict]:
    rows = []
    for r in store.out_rels(entity):
        if r["type"] not in ("LISTED_ON", "CONSIDERED_FOR"):
            continue
        target = store.graph.nodes[r["dst"]]["props"]
        p = r["props"]
        rows.append({
            "kind": "listing" if r["type"] == "LISTED_ON" else "considered",
            "list_id": r["dst"],
            "list": target.get("name"),
            "listed_on": p.get("listed_on"),
            "removed_on": p.get("removed_on"),
            "reported_on": p.get("reported_on"),
            "modality": p.get("modality"),
            "program": p.get("program"),
            "authority_id": p.get("authority_id"),
            "agencies": _agencies(store, r["dst"]),
            "sources": p.get("sources"),
            "evidence": p.get("evidence"),
        })
    rows.sort(key=lambda x: _sort_key(x["list_id"], x["modality"], x["removed_on"]))
    rows.sort(key=lambda x: _sort_key(x["listed_on"] or x["reported_on"]))
    rows.sort(key=lambda x: x["kind"], reverse=True)
    return rows


def _incident(store, frontier: list[str], types: list[str]) -> list[dict]:
    nodes = store.graph.nodes
    out = {}
    for fid in frontier:
        if fid not in nodes:
            continue
        for r in list(store.out_rels(fid)) + list(store.in_rels(fid)):
            if types and r["type"] not in types:
                continue
            src, dst = nodes[r["src"]], nodes[r["dst"]]
            out[r["key"]] = {
                "key": r["key"],
                "src": r["src"], "src_name": src["props"].get("name"), "src_label": src["label"],
                "type": r["type"],
                "dst": r["dst"], "dst_name": dst["props"].get("name"), "dst_label": dst["label"],
                "modality": r["props"].get("modality"),
                "sources": r["props"].get("sources"),
            }
    return [out[k] for k in sorted(out)]


def neighbourhood(store, entity: str, depth: int, types: list[str], expand_all: bool,
                  max_nodes: int) -> list[dict]:
    params = {"entity": entity, "depth": depth, "expand_all": expand_all, "max_nodes": max_nodes}
    return expand_frontier(lambda frontier: _incident(store, frontier, types), params)


def _nulls_last(*values):
    """Cypher's ORDER BY ... ASC: nulls after every value."""
    return tuple((v is None, "" if v is None else v) for v in values)


def _day(value: str | None) -> date | None:
    """A possibly partial ISO date as its first day (the Cypher files pad the same way)."""
    if value is None:
        return None
    if len(value) == 4:
        value += "-01-01"
    elif len(value) == 7:
        value += "-01"
    return date.fromisoformat(value)


def _props(store, node_id: str) -> dict:
    return store.graph.nodes[node_id]["props"]


def _listings(store, party: str) -> list[dict]:
    return [r for r in store.out_rels(party, "LISTED_ON")
            if store.graph.nodes[r["dst"]]["label"] == "SanctionList"]


def precedents(store, entity: str, concern: str | None, region: str | None) -> list[dict]:
    concerns = {r["dst"] for r in store.out_rels(entity, "CITED_FOR")
                if (concern is None or r["dst"] == concern)
                and (region is None or r["props"].get("region") == region)}
    rows = []
    for k in concerns:
        for c in store.in_rels(k, "CITED_FOR"):
            p = c["src"]
            if p == entity or (region is not None and c["props"].get("region") != region):
                continue
            cited = _day(c["props"].get("date"))
            later = [l for l in _listings(store, p)
                     if cited is not None and l["props"].get("listed_on") is not None
                     and _day(l["props"]["listed_on"]) >= cited]
            base = {"party_id": p, "party": _props(store, p).get("name"), "concern": _props(store, k).get("name"),
                    "region": c["props"].get("region"), "cited_on": c["props"].get("date"),
                    "cited_by": c["props"].get("cited_by")}
            for l in later or [None]:
                lst = _props(store, l["dst"]) if l else {}
                rows.append(dict(base,
                    list_id=l["dst"] if l else None, list=lst.get("name"), severity=lst.get("severity"),
                    listed_on=l["props"].get("listed_on") if l else None,
                    days_after=(_day(l["props"]["listed_on"]) - cited).days if l else None,
                    citation_sources=c["props"].get("sources"),
                    listing_sources=l["props"].get("sources") if l else None))
    rows.sort(key=lambda r: _nulls_last(r["party_id"], r["cited_on"], r["region"], r["listed_on"], r["list_id"]))
    return rows


def escalation(store, concern: str | None, region: str | None, agency: str | None,
               since: str | None, until: str | None) -> list[dict]:
    administered = ({r["dst"] for r in store.out_rels(agency, "ADMINISTERS")} if agency else None)
    rows = []
    # a concern filter narrows the candidates to the parties cited for it
    candidates = ({r["src"] for r in store.in_rels(concern, "CITED_FOR")} if concern is not None
                  else store.graph)
    for party in candidates:
        if store.graph.nodes[party]["label"] not in PARTY_LABELS:
            continue
        cites = list(store.out_rels(party, "CITED_FOR"))
        if concern is not None and not any(c["dst"] == concern for c in cites):
            continue
        if region is not None and not any(c["props"].get("region") == region
                                          and store.graph.nodes[c["dst"]]["label"] == "Concern" for c in cites):
            continue
        listings = [l for l in _listings(store, party) if l["props"].get("listed_on") is not None]
        for b in listings:
            to_date = b["props"]["listed_on"]
            if (since is not None and to_date < since) or (until is not None and to_date > until):
                continue
            if administered is not None and b["dst"] not in administered:
                continue
            to = _props(store, b["dst"])
            for a in listings:
                frm = _props(store, a["dst"])
                if (frm.get("severity") or 0) >= (to.get("severity") or 0):
                    continue
                d1, d2 = _day(a["props"]["listed_on"]), _day(to_date)
                if d2 < d1:
                    continue
                rows.append({
                    "party_id": party, "party": _props(store, party).get("name"),
                    "from_list_id": a["dst"], "from_list": frm.get("name"), "from_severity": frm.get("severity"),
                    "from_listed_on": a["props"]["listed_on"],
                    "to_list_id": b["dst"], "to_list": to.get("name"), "to_severity": to.get("severity"),
                    "to_listed_on": to_date, "days": (d2 - d1).days,
                    "from_sources": a["props"].get("sources"), "to_sources": b["props"].get("sources"),
                })
    rows.sort(key=lambda r: _nulls_last(r["party_id"], r["from_listed_on"], r["to_listed_on"],
                                        r["from_list_id"], r["to_list_id"]))
    return rows


_EVENT = {"LISTED_ON": "listed", "CONSIDERED_FOR": "considered", "CITED_FOR": "cited"}


def timeline(store, entity: str) -> list[dict]:
    rels = {}
    types = set(_EVENT)
    for r in list(store.out_rels(entity)) + list(store.in_rels(entity)):
        if r["type"] in types:
            rels[r["key"]] = r
    for r in store.iter_rels("CITED_FOR"):
        if r["props"].get("region") == entity:
            rels[r["key"]] = r
    rows = []
    for r in rels.values():
        p = r["props"]
        for event, when in ((_EVENT[r["type"]], p.get("listed_on") or p.get("reported_on") or p.get("date")),
                            ("removed", p.get("removed_on"))):
            if when is None:
                continue
            rows.append({"date": when, "event": event, "party_id": r["src"],
                         "party": _props(store, r["src"]).get("name"), "type": r["type"],
                         "target_id": r["dst"], "target": _props(store, r["dst"]).get("name"),
                         "modality": p.get("modality"), "region": p.get("region"), "key": r["key"],
                         "sources": p.get("sources")})
    rows.sort(key=lambda r: _nulls_last(r["date"], r["event"], r["party_id"], r["target_id"], r["key"]))
    return rows


def sources(store, entity: str, type: str | None) -> list[dict]:
    rows = []
    for r, other in ([(r, r["dst"]) for r in store.out_rels(entity)]
                     + [(r, r["src"]) for r in store.in_rels(entity)]):
        if type is not None and r["type"] != type:
            continue
        for sid in r["props"].get("sources") or []:
            if sid not in store.graph:
                continue
            d = _props(store, sid)
            marker = f'"source": "{sid}"'
            rows.append({"document_id": sid, "title": d.get("title"), "url": d.get("url"),
                         "published": d.get("published"), "document_kind": d.get("kind"),
                         "type": r["type"], "other_id": other, "other": _props(store, other).get("name"),
                         "modality": r["props"].get("modality"), "key": r["key"],
                         "evidence": [e for e in r["props"].get("evidence") or [] if marker in e]})
    rows.sort(key=lambda r: _nulls_last(r["published"], r["document_id"], r["key"]))
    return rows


def agency(store, agency: str) -> list[dict]:
    subs, frontier = {agency}, [agency]
    for _ in range(3):
        frontier = [r["src"] for f in frontier for r in store.in_rels(f, "PART_OF")]
        subs |= set(frontier)
    lists = {r["dst"] for a in subs if store.graph.nodes[a]["label"] == "Agency"
             for r in store.out_rels(a, "ADMINISTERS")
             if store.graph.nodes[r["dst"]]["label"] == "SanctionList"}
    rows = []
    for l in lists:
        years: dict = {}
        for r in store.in_rels(l, "LISTED_ON"):
            if store.graph.nodes[r["src"]]["label"] not in PARTY_LABELS:
                continue
            on = r["props"].get("listed_on")
            year = on[:4] if on else None
            years[year] = years.get(year, 0) + 1
        if not years:
            years[None] = 0
        lp = _props(store, l)
        for year, n in years.items():
            rows.append({"list_id": l, "list": lp.get("name"), "severity": lp.get("severity"),
                         "year": year, "additions": n})
    rows.sort(key=lambda r: _nulls_last(r["list_id"], r["year"]))
    return rows


def changes(store, list: str, since: str | None, until: str | None) -> list[dict]:
    rows = []
    for r in store.in_rels(list, "LISTED_ON"):
        if store.graph.nodes[r["src"]]["label"] not in PARTY_LABELS:
            continue
        p = r["props"]
        for change, when in (("added", p.get("listed_on")), ("removed", p.get("removed_on"))):
            if when is None or (since is not None and when < since) or (until is not None and when > until):
                continue
            rows.append({"date": when, "change": change, "party_id": r["src"],
                         "party": _props(store, r["src"]).get("name"), "program": p.get("program"),
                         "authority_id": p.get("authority_id"), "key": r["key"], "sources": p.get("sources")})
    rows.sort(key=lambda r: _nulls_last(r["date"], r["change"], r["party_id"], r["key"]))
    return rows


def peers(store, entity: str) -> list[dict]:
    found = {}
    for r in _listings(store, entity):
        on, notice = r["props"].get("listed_on"), r["props"].get("authority_id")
        candidates = []
        if on is not None:
            candidates += [(r2, "same list and date") for r2 in store.in_rels(r["dst"], "LISTED_ON")
                           if r2["props"].get("listed_on") == on]
        if notice is not None:
            candidates += [(r2, "same notice") for r2 in store.iter_rels("LISTED_ON")
                           if r2["props"].get("authority_id") == notice
                           and store.graph.nodes[r2["dst"]]["label"] == "SanctionList"]
        for r2, basis in candidates:
            if r2["src"] == entity or store.graph.nodes[r2["src"]]["label"] not in PARTY_LABELS:
                continue
            row = {"party_id": r2["src"], "party": _props(store, r2["src"]).get("name"),
                   "list_id": r2["dst"], "list": _props(store, r2["dst"]).get("name"),
                   "listed_on": r2["props"].get("listed_on"), "authority_id": r2["props"].get("authority_id"),
                   "basis": basis, "sources": r2["props"].get("sources")}
            found[(r2["key"], basis)] = row
    rows = list(found.values())
    rows.sort(key=lambda r: _nulls_last(r["party_id"], r["list_id"], r["listed_on"], r["basis"]))
    return rows


def region(store, region: str) -> list[dict]:
    ids, frontier = {region}, [region]
    for _ in range(4):
        frontier = [r["src"] for f in frontier for r in store.in_rels(f, "PART_OF")
                    if store.graph.nodes[r["src"]]["label"] == "Region"]
        ids |= set(frontier)
    ties: dict[str, set] = {}
    for rid in ids:
        for r in store.in_rels(rid, "LOCATED_IN"):
            if store.graph.nodes[r["src"]]["label"] in PARTY_LABELS:
                ties.setdefault(r["src"], set()).add("located")
    for r in store.iter_rels("CITED_FOR"):
        if r["props"].get("region") in ids and store.graph.nodes[r["src"]]["label"] in PARTY_LABELS \
                and store.graph.nodes[r["dst"]]["label"] == "Concern":
            ties.setdefault(r["src"], set()).add("cited")
    rows = []
    for party, found in ties.items():
        base = {"party_id": party, "party": _props(store, party).get("name"),
                "ties": [t for t in ("cited", "located") if t in found]}
        listings = _listings(store, party)
        for l in listings or [None]:
            rows.append(dict(base, list_id=l["dst"] if l else None,
                             list=_props(store, l["dst"]).get("name") if l else None,
                             listed_on=l["props"].get("listed_on") if l else None,
                             removed_on=l["props"].get("removed_on") if l else None,
                             sources=l["props"].get("sources") if l else None))
    rows.sort(key=lambda r: _nulls_last(r["party_id"], r["listed_on"], r["list_id"]))
    return rows


def path(store, source: str, target: str, k: int, max_paths: int) -> list[dict]:
    if source == target:
        return []
    undirected = store.graph.to_undirected(as_view=True)
    k = max(1, min(int(k), 6))
    try:
        node_paths = list(nx.all_shortest_paths(undirected, source, target))
    except nx.NetworkXNoPath:
        return []
    if not node_paths or len(node_paths[0]) - 1 > k:
        return []
    rel_paths = []
    for nodes in node_paths:
        hops = [[(r, "forward") for r in store.out_rels(x) if r["dst"] == y]
                + [(r, "backward") for r in store.in_rels(x) if r["src"] == y]
                for x, y in zip(nodes, nodes[1:])]
        for combo in product(*hops):
            rel_paths.append((nodes, combo))
    rel_paths.sort(key=lambda p: [r["key"] for r, _ in p[1]])
    rows = []
    for i, (nodes, combo) in enumerate(rel_paths[:max_paths], 1):
        for h, (r, direction) in enumerate(combo, 1):
            x, y = nodes[h - 1], nodes[h]
            rows.append({"path": i, "hop": h, "from_id": x, "from": _props(store, x).get("name"),
                         "type": r["type"], "direction": direction, "to_id": y, "to": _props(store, y).get("name"),
                         "modality": r["props"].get("modality"), "sources": r["props"].get("sources"),
                         "evidence": r["props"].get("evidence")})
    return rows


IMPLEMENTATIONS: dict[str, Callable[..., list[dict]]] = {
    "path": path,
    "exposure": exposure,
    "neighbourhood": neighbourhood,
    "precedents": precedents,
    "escalation": escalation,
    "timeline": timeline,
    "sources": sources,
    "agency": agency,
    "changes": changes,
    "peers": peers,
    "region": region,
}
