"""Briefings: one self-contained HTML document about one party.

A briefing holds, in order: a summary of the party's exposure (actual
listings apart from reported, proposed, hypothetical or denied actions, which
are never counted as listings), the exposure table, a timeline of listings,
actions considered and citations (an inline SVG drawn here, no script), the
interactive graph view, precedents and escalations from the canned queries
of those names when the catalog has them, and numbered citations: every
statement carries numbers that lead to the source document (title,
publisher, date, URL) and the passage quoted from it.

It prints cleanly to PDF: a print stylesheet hides the controls, breaks
pages between sections, and swaps the interactive graph for a static SVG
snapshot of the same view (:mod:`sanctions_kg.graph.images`).

Examples
--------
>>> write_briefing(store, "hikvision", "hikvision-briefing.html")  # doctest: +SKIP
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sanctions_kg.errors import SkgError
from sanctions_kg.graph.images import render_image
from sanctions_kg.graph.pages import data_uri, publish, render
from sanctions_kg.graph.styles import edge_colour, node_style
from sanctions_kg.graph.subgraph import decode_evidence, get_nodes
from sanctions_kg.graph.viewdata import edge_span, entity_view
from sanctions_kg.graph.views import doc_summary, node_name, view_context
from sanctions_kg.queries.catalog import catalog
from sanctions_kg.queries.dates import DATE_RE
from sanctions_kg.queries.lookup import resolve_entity
from sanctions_kg.queries.runner import run_query

#: nodes in the briefing's graph view (a briefing is read, not explored)
BRIEF_MAX_NODES = 150
#: rows shown per precedents / escalation table
MAX_SECTION_ROWS = 30
#: concerns an escalation section is run for when none is given
MAX_CONCERNS = 3
#: relationship types whose facts the summary states besides listings, in this order
SUMMARY_TYPES = ("CITED_FOR", "LOCATED_IN", "SUBSIDIARY_OF", "OWNED_BY", "AFFILIATED_WITH")
#: columns of canned-query rows that are provenance, shown as citation numbers
_PROVENANCE = ("sources", "evidence")


# -- citations -----------------------------------------------------------------
@dataclass
class Citation:
    """One numbered source: a document and, when the fact came from prose, the passage."""

    number: int
    doc_id: str
    passage: str | None = None
    date: str | None = None
    doc: dict = field(default_factory=dict)


class Citations:
    """Numbers (document, passage) pairs in the order statements first cite them."""

    def __init__(self):
        self.items: list[Citation] = []
        self._index: dict[tuple[str, str | None], int] = {}

    def cite(self, sources, evidence=()) -> list[int]:
        """Citation numbers for a fact's ``sources`` (document ids) and ``evidence`` records."""
        evidence = decode_evidence(evidence)
        docs = list(dict.fromkeys(list(sources or []) + [e.get("source") for e in evidence if e.get("source")]))
        numbers = []
        for doc_id in docs:
            passages = [e for e in evidence if e.get("source") == doc_id and e.get("text")]
            for ev in passages or [{}]:
                key = (doc_id, ev.get("text"))
                if key not in self._index:
                    self.items.append(Citation(len(self.items) + 1, doc_id, ev.get("text"), ev.get("date")))
                    self._index[key] = len(self.items)
                numbers.append(self._index[key])
        return sorted(set(numbers))

    def resolve(self, store) -> list[Citation]:
        """Fill in each citation's document fields from the store; returns the list."""
        docs = get_nodes(store, [c.doc_id for c in self.items])
        for c in self.items:
            c.doc = doc_summary(docs.get(c.doc_id), c.doc_id)
        return self.items


def statement(text: str, cites: list[int], kind: str = "") -> dict:
    """A sentence of the briefing with its citation numbers."""
    return {"text": text, "cites": cites, "kind": kind}


# -- dates and the timeline ----------------------------------------------------
def year_fraction(date: str) -> float:
    """A (possibly partial) ISO date as a fractional year; a month or year means its middle.

    >>> year_fraction("2020"), round(year_fraction("2019-10-09"), 3)
    (2020.5, 2019.77)
    """
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    year, month = parts[0], parts[1]
    day = min(parts[2], calendar.monthrange(year, month)[1]) if len(parts) > 2 else 15
    start = dt.date(year, 1, 1)
    return year + (dt.date(year, month, day) - start).days / (dt.date(year + 1, 1, 1) - start).days


def timeline(listings: list[dict], considered: list[dict], cited: list[dict], as_of: str) -> dict | None:
    """Geometry of the timeline SVG: lanes (one per list or concern), bars, markers, year ticks.

    ``listings``/``considered``: exposure rows with ``cites``; ``cited``:
    ``{"label", "date", "cites"}``. Returns None when nothing is dated.
    """
    dates = [r["listed_on"] for r in listings if r.get("listed_on")]
    dates += [r["removed_on"] for r in listings if r.get("removed_on")]
    dates += [r["reported_on"] for r in considered if r.get("reported_on")]
    dates += [c["date"] for c in cited if c.get("date")]
    if not dates:
        return None
    lo = min(year_fraction(d) for d in dates)
    hi = max([year_fraction(d) for d in dates] + [year_fraction(as_of)])
    first, last = int(lo), int(hi) + 1
    width, left, right, lane_h, top = 960, 300, 56, 30, 26
    lanes: list[str] = []

    def lane(name: str) -> int:
        if name not in lanes:
            lanes.append(name)
        return top + lanes.index(name) * lane_h

    def x(date: str | float) -> float:
        value = year_fraction(date) if isinstance(date, str) else date
        return round(left + (value - first) / (last - first) * (width - left - right), 1)

    bars, markers = [], []
    for r in listings:
        if not r.get("listed_on"):
            continue
        y = lane(r["list"] or r["list_id"])
        end = r.get("removed_on")
        x1, x2 = x(r["listed_on"]), x(end or as_of)
        bars.append({"x": x1, "y": y + 7, "w": max(2.0, x2 - x1), "h": lane_h - 14, "open": not end,
                     "color": edge_colour("LISTED_ON"),
                     "label": f"listed {r['listed_on']}" + (f", removed {end}" if end else ", in force"),
                     "cites": r["cites"]})
    for r in considered:
        if not r.get("reported_on"):
            continue
        y = lane(r["list"] or r["list_id"])
        markers.append({"x": x(r["reported_on"]), "y": y + lane_h / 2, "shape": "diamond", "dashed": True,
                        "color": edge_colour("CONSIDERED_FOR"),
                        "label": f"{r['modality']} {r['reported_on']} (not a listing)", "cites": r["cites"]})
    for c in cited:
        if not c.get("date"):
            continue
        y = lane(f"cited for: {c['label']}")
        markers.append({"x": x(c["date"]), "y": y + lane_h / 2, "shape": "circle", "dashed": False,
                        "color": edge_colour("CITED_FOR"), "label": f"cited {c['date']}", "cites": c["cites"]})
    height = top + len(lanes) * lane_h + 24
    ticks = [{"x": x(float(year)), "year": year} for year in range(first, last + 1)]
    return {"width": width, "height": height, "left": left, "top": top, "lane_h": lane_h,
            "lanes": [{"y": top + i * lane_h, "label": name} for i, name in enumerate(lanes)],
            "bars": bars, "markers": markers, "ticks": ticks, "as_of": {"x": x(as_of), "date": as_of}}


# -- sections ------------------------------------------------------------------
def _join(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_join(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_join(v)}" for k, v in value.items())
    return str(value)


def canned_section(store, name: str, fill: dict, citations: Citations, title: str) -> dict:
    """Run canned query ``name`` if the catalog has it; rows become a table with citation numbers.

    ``fill`` maps parameter types (``party``, ``entity``, ``concern`` ...) to
    values. A missing query, an unfillable required parameter or a query
    error becomes a note instead of a table.
    """
    section = {"name": name, "title": title, "description": "", "columns": [], "rows": [], "note": None,
               "more": 0}
    spec = catalog().get(name)
    if spec is None:
        section["note"] = (f"The canned query “{name}” is not available in this installation, "
                           "so this section is left out.")
        return section
    section["description"] = spec.description
    params = {}
    for p in spec.params:
        if p.type in fill and fill[p.type] is not None:
            params[p.name] = fill[p.type]
        elif p.required:
            section["note"] = f"Query “{name}” needs a {p.type} parameter ({p.name}) this briefing cannot supply."
            return section
    try:
        rows = run_query(store, name, params)
    except SkgError as exc:
        section["note"] = f"Query “{name}” could not run: {exc}"
        return section
    columns = []
    for row in rows:
        columns += [c for c in row if c not in columns and c not in _PROVENANCE]
    # an id beside its name ("party_id" and "party") is for machines: a reader gets the name
    columns = [c for c in columns if not (c.endswith("_id") and c[:-3] in columns)]
    section["columns"] = columns
    for row in rows[:MAX_SECTION_ROWS]:
        cells = [_join(row.get(c)) for c in columns]
        section["rows"].append({"cells": cells, "dates": [bool(DATE_RE.match(str(c))) for c in cells],
                                "cites": citations.cite(row.get("sources"), row.get("evidence"))})
    section["more"] = max(0, len(rows) - MAX_SECTION_ROWS)
    if not rows:
        section["note"] = "No rows."
    return section


def _listing_text(r: dict) -> str:
    agencies = f" ({', '.join(r['agencies'])})" if r.get("agencies") else ""
    text = f"Listed on the {r['list'] or r['list_id']}{agencies}"
    text += f" from {r['listed_on']}" if r.get("listed_on") else " (listing date not given)"
    text += f", removed {r['removed_on']}" if r.get("removed_on") else ", still in force"
    if r.get("program"):
        text += f"; programme {r['program']}"
    if r.get("authority_id"):
        text += f"; {r['authority_id']}"
    return text + "."


def _considered_text(r: dict) -> str:
    when = f" ({r['reported_on']})" if r.get("reported_on") else ""
    return (f"{(r.get('modality') or 'reported').capitalize()}{when}: action under the "
            f"{r['list'] or r['list_id']}. Not a listing.")


def _fact_text(rel: dict, names: dict[str, str]) -> tuple[str, str | None]:
    """A sentence for one of the party's other relationships, and its date if any."""
    props, other = rel["props"], names.get(rel["dst"], rel["dst"])
    start, _ = edge_span(rel)
    if rel["type"] == "CITED_FOR":
        text = f"Cited for {other}"
        if props.get("region"):
            text += f" in {names.get(props['region'], props['region'])}"
        if props.get("cited_by"):
            text += f" by {names.get(props['cited_by'], props['cited_by'])}"
    elif rel["type"] == "LOCATED_IN":
        text = f"Located in {other}"
    elif rel["type"] == "AFFILIATED_WITH":
        text = f"Affiliated with {other}" + (f" ({props['role']})" if props.get("role") else "")
    else:
        verb = {"SUBSIDIARY_OF": "Subsidiary of", "OWNED_BY": "Owned by"}[rel["type"]]
        text = f"{verb} {other}" + (f" ({props['percentage']:g}%)" if props.get("percentage") else "")
    if start:
        text += f" ({start})"
    if props.get("modality") not in (None, "asserted"):
        text += f" [{props['modality']}]"
    return text + ".", start


# -- the document --------------------------------------------------------------
def briefing_context(store, entity: str, concern: str | None = None, as_of: str | None = None) -> dict:
    """Everything the briefing template shows, computed once (the tests read it too)."""
    as_of = as_of or dt.date.today().isoformat()
    party = resolve_entity(store, entity, ["Party"])
    node = get_nodes(store, [party])[party]
    citations = Citations()
    name = node_name(node)
    node_cites = citations.cite(node["props"].get("sources"))

    rows = run_query(store, "exposure", {"entity": party})
    listings = [dict(r, cites=citations.cite(r.get("sources"), r.get("evidence")))
                for r in rows if r["kind"] == "listing"]
    considered = [dict(r, cites=citations.cite(r.get("sources"), r.get("evidence")))
                  for r in rows if r["kind"] != "listing"]

    view = entity_view(store, party, depth=2, max_nodes=BRIEF_MAX_NODES,
                       title=f"{name}: relationships to depth 2")
    own = [e for e in view.edges if e["src"] == party and e["type"] in SUMMARY_TYPES]
    own.sort(key=lambda e: (SUMMARY_TYPES.index(e["type"]), e["key"]))
    mentioned = {e["dst"] for e in own} | {e["props"].get(k) for e in own for k in ("region", "cited_by")}
    names = {i: node_name(n) for i, n in get_nodes(store, [m for m in mentioned if m]).items()}
    facts, cited = [], []
    for rel in own:
        text, date = _fact_text(rel, names)
        cites = citations.cite(rel["props"].get("sources"), rel["props"].get("evidence"))
        facts.append(statement(text, cites, rel["type"]))
        if rel["type"] == "CITED_FOR":
            cited.append({"label": names.get(rel["dst"], rel["dst"]), "date": date, "cites": cites})

    lists_on = sorted({r["list"] or r["list_id"] for r in listings if not r.get("removed_on")})
    headline = (f"{name} has {len(listings)} actual listing{'s' if len(listings) != 1 else ''}"
                f" ({len(lists_on)} in force: {', '.join(lists_on) or 'none'})"
                f" and {len(considered)} reported, proposed, hypothetical or denied "
                f"action{'s' if len(considered) != 1 else ''}, which are not listings.")
    summary = [statement(_listing_text(r), r["cites"], "listing") for r in listings]
    if not listings:
        summary.append(statement("No actual listing is recorded in this graph.", [], "listing"))
    summary += [statement(_considered_text(r), r["cites"], "considered") for r in considered]
    summary += facts

    concerns = [resolve_entity(store, concern, ["Concern"])] if concern else list(
        dict.fromkeys(e["dst"] for e in own if e["type"] == "CITED_FOR"))[:MAX_CONCERNS]
    sections = [canned_section(store, "precedents", {"party": party, "entity": party}, citations,
                               "Precedents: comparable parties and what happened to them")]
    if concerns:
        for c in concerns:
            label = names.get(c) or node_name(get_nodes(store, [c]).get(c, {"id": c, "props": {}}))
            sections.append(canned_section(store, "escalation", {"concern": c, "party": party, "entity": party},
                                           citations, f"Escalation: {label}"))
    else:
        sections.append(canned_section(store, "escalation", {"party": party, "entity": party}, citations,
                                       "Escalation"))

    context = view_context(view)
    snapshot = data_uri(render_image(view, "svg"), "image/svg+xml")
    return {
        "as_of": as_of, "store": f"{store.kind} store", "party": node, "name": name, "node_cites": node_cites,
        "aliases": [a for a in node["props"].get("aliases") or [] if a != name],
        "headline": headline, "summary": summary, "listings": listings, "considered": considered,
        "timeline": timeline(listings, considered, cited, as_of), "sections": sections,
        "citations": citations.resolve(store), "snapshot": snapshot,
        "party_style": node_style(node["label"]), **context,
    }


def render_briefing(store, entity: str, concern: str | None = None, as_of: str | None = None) -> str:
    """The briefing's HTML."""
    context = briefing_context(store, entity, concern=concern, as_of=as_of)
    return render("briefing.html.j2", ("vis", "view"), ("vis", "view", "briefing"), **context)


def write_briefing(store, entity: str, path: Path | str, concern: str | None = None,
                   as_of: str | None = None) -> Path:
    """Write the briefing about ``entity`` (a party's name, alias or id) to ``path`` (HTML).

    ``concern`` narrows the escalation section to one concern (default: the
    concerns the party is cited for). ``as_of`` dates the document and ends
    open listing bars on the timeline (default: today).
    """
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise SkgError(f"{path}: a briefing is an HTML document; name it .html")
    html = render_briefing(store, entity, concern=concern, as_of=as_of)
    return publish(path, html.encode("utf-8"))
