"""Smaller US lists in tabular form: DoD 1260H, FCC Covered List, BIS MIEU, statutory lists.

One loader that recognises each file by its header line:

============================  =====================================  ===============
header starts with            file                                   list
============================  =====================================  ===============
``Name,Clean Name,Alias``     DoD Section 1260H list, one row per    US-DOD-1260H
                              listing period (``Start date``,
                              ``End date``)
``covered_equipment_or_se``   FCC Covered List table (prose: the     US-FCC-COVERED
                              producer is read from "produced by X")
``Type,Name,Alias,Country``   BIS Military-Intelligence End Users    US-BIS-MIEU
``schema,name,aliases,top``   statutory lists (NDAA sections 889,    US-NDAA-<section>
                              1286, 5949, 154; section -> list in
                              programs.yaml)
============================  =====================================  ===============

These files are OpenSanctions' transcriptions (CC BY-NC 4.0): the loader
reads them, the project does not ship them. Every listing cites the file's
snapshot Document and, where the row names one, the official publication
(a DoD list edition, a Federal Register rule, the statute).

Listing periods are explicit in these files (a 1260H company removed and
listed again has two rows), so a snapshot of them is not diffed against the
previous one: ``End date`` is the removal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from sanctions_kg.errors import InputError
from sanctions_kg.graph.facts import Node, Rel
from sanctions_kg.loaders.listdata import tables
from sanctions_kg.loaders.listings import SnapshotLoad, stub_party
from sanctions_kg.loaders.parties import PartyRow, country_code, party_facts, party_label, split_alias
from sanctions_kg.loaders.registry import LoadContext, LoaderSpec
from sanctions_kg.loaders.snapshot import csv_rows, decode, find_dates, parse_date, read_file


@dataclass(frozen=True)
class Layout:
    """One recognised file layout."""

    key: str
    header: tuple[str, ...]
    family: str
    title: str
    url: str
    publisher: str
    history: bool


LAYOUTS = (
    Layout("dod_1260h", ("Name", "Clean Name", "Alias", "Previous Name", "Parent Name"), "dod-1260h",
           "DoD Section 1260H list of Chinese military companies (OpenSanctions transcription)",
           "https://www.defense.gov/News/Releases/", "U.S. Department of Defense", False),
    Layout("fcc_covered", ("covered_equipment_or_services", "date_of_inclusion_on_covered_list"), "fcc-covered",
           "FCC Covered List (OpenSanctions transcription)", "https://www.fcc.gov/supplychain/coveredlist",
           "Federal Communications Commission", True),
    Layout("bis_mieu", ("Type", "Name", "Alias", "Country", "Topics", "Program"), "bis-mieu",
           "BIS Military-Intelligence End User designations (OpenSanctions transcription)",
           "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744/section-744.22",
           "Bureau of Industry and Security", True),
    Layout("statutory", ("schema", "name", "aliases", "topics", "program", "authority"), "ndaa",
           "US statutory list (OpenSanctions transcription)", "https://www.congress.gov/", "United States Congress",
           True),
)

#: "produced by X, including ..." / "provided by X subject to ..." in an FCC Covered List row
_FCC_PARTY = re.compile(
    r"(?:produced|provided|supplied)(?:,? directly or indirectly,)?(?: or (?:produced|provided))? by "
    r"(?P<name>.+?)(?=,? (?:including|to the extent|subject to|or any of its)\b|,\s*$|$)")
_FCC_SUBSIDIARY = re.compile(r"^(?P<parent>.+?) and its (?:wholly[- ]owned )?subsidiary (?P<child>.+)$")
_FR_DOC = re.compile(r"federalregister\.gov/documents/(\d{4})/(\d{2})/(\d{2})/(\d{4}-\d{5})")


def _layout(head: bytes) -> Layout | None:
    first = head.decode("utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0].strip()
    cells = tuple(c.strip().strip('"') for c in first.split(","))
    for layout in LAYOUTS:
        if cells[:len(layout.header)] == layout.header:
            return layout
    return None


def _sniff(path: Path, head: bytes) -> bool:
    return not path.is_dir() and _layout(head) is not None


def _records(text: str, snap: SnapshotLoad) -> Iterator[tuple[int, dict]]:
    header = None
    for line, row in csv_rows(text, snap.ctx, skip=snap.problem):
        if header is None:
            header = [h.strip() for h in row]
            continue
        if len(row) != len(header):
            snap.problem(line, f"{'truncated row' if len(row) < len(header) else 'row with extra fields'}: "
                               f"{len(row)} of {len(header)} fields; row skipped")
            continue
        snap.summary.rows += 1
        yield line, {k: v.strip() for k, v in zip(header, row)}


def _split(value: str | None, sep: str = ";") -> list[str]:
    return [v.strip() for v in (value or "").split(sep) if v.strip()]


def _publication(url: str | None, cache: set[str]) -> Iterator[Node]:
    """A Document node for an official publication URL (a Federal Register rule when it is one)."""
    if not url:
        return None
    m = _FR_DOC.search(url)
    if m:
        doc = Node("Document", f"FR Doc. {m.group(4)}", {
            "name": f"FR Doc. {m.group(4)}", "kind": "federal_register", "url": url,
            "published": f"{m.group(1)}-{m.group(2)}-{m.group(3)}", "publisher": "Office of the Federal Register"})
    else:
        doc = Node("Document", url, {"name": url, "kind": "other", "url": url})
    if doc.id not in cache:
        cache.add(doc.id)
        yield doc
    return doc


class ExtraReader:
    """Row handlers for the four layouts, sharing the snapshot bookkeeping."""

    def __init__(self, snap: SnapshotLoad, layout: Layout):
        self.snap = snap
        self.layout = layout
        self.docs: set[str] = set()
        self.today = snap.day or date.today().isoformat()

    def removed(self, end: str | None) -> str | None:
        return end if end and end <= self.today else None

    def text(self, line: int, what: str) -> str:
        return f"{self.snap.file_name} line {line}: {what}"

    def dod_1260h(self, line: int, rec: dict) -> Iterator:
        name, bracket = split_alias(rec.get("Clean Name") or rec.get("Name") or "")
        if not name:
            self.snap.problem(line, "row without a name; row skipped")
            return
        raw = (rec.get("Name") or "").rstrip("*").strip()
        row = PartyRow(name=name, label=party_label(name), source=self.snap.doc.id, line=line,
                       aliases=[*_split(rec.get("Alias")), *_split(rec.get("Previous Name")), *bracket, raw])
        node = yield from party_facts(row)
        edition = yield from _publication(rec.get("Source Url"), self.docs)
        start = parse_date(rec.get("Start date"))
        end = parse_date(rec.get("End date"))
        yield self.snap.listing(node.id, "US-DOD-1260H", line=line, text=self.text(line, rec.get("Name", name)),
                                listed_on=start, removed_on=self.removed(end), reason=rec.get("Note") or None,
                                also_cite=[edition.id] if edition else None)
        parent = rec.get("Parent Name")
        if parent:
            stub = stub_party(party_label(parent), parent, self.snap.doc.id)
            yield stub
            yield Rel("SUBSIDIARY_OF", node.id, stub.id, {"start_date": start},
                      [self.snap.evidence(self.text(line, f"{name}: parent {parent}"))], line=line)

    def fcc_covered(self, line: int, rec: dict) -> Iterator:
        covered = " ".join(rec.get("covered_equipment_or_services", "").replace("Visit - ", "").split())
        dates = find_dates(rec.get("date_of_inclusion_on_covered_list", ""))
        m = _FCC_PARTY.search(covered)
        if not m:
            return  # equipment classes ("routers produced in a foreign country") name no party
        names = [m.group("name").strip().rstrip(",")]
        sub = _FCC_SUBSIDIARY.match(names[0])
        if sub:
            names = [sub.group("parent").strip(), sub.group("child").strip()]
        provisions = covered + ("; updated " + ", ".join(dates[1:]) if len(dates) > 1 else "")
        nodes = []
        for name in names:
            row = PartyRow(name=name, label=party_label(name), source=self.snap.doc.id, line=line)
            node = yield from party_facts(row)
            nodes.append(node)
            yield self.snap.listing(node.id, "US-FCC-COVERED", line=line, text=self.text(line, covered[:300]),
                                    listed_on=dates[0] if dates else None, provisions=provisions)
        if len(nodes) == 2:
            yield Rel("SUBSIDIARY_OF", nodes[1].id, nodes[0].id, {},
                      [self.snap.evidence(self.text(line, m.group("name")))], line=line)

    def bis_mieu(self, line: int, rec: dict) -> Iterator:
        name = rec.get("Name")
        code = rec.get("Program") or "US-BIS-MIEU"
        if not name or code not in tables().lists:
            self.snap.problem(line, f"row without a name or with unknown list {code!r}; row skipped")
            return
        row = PartyRow(name=name, label=party_label(name, rec.get("Type")), source=self.snap.doc.id, line=line,
                       aliases=_split(rec.get("Alias")), country=country_code(rec.get("Country")))
        node = yield from party_facts(row)
        rule = yield from _publication(rec.get("Source URL"), self.docs)
        yield self.snap.listing(node.id, code, line=line, text=self.text(line, name),
                                listed_on=parse_date(rec.get("Date")),
                                removed_on=self.removed(parse_date(rec.get("End date"))),
                                authority_id=rule.props["code"] if rule and rule.props.get("kind") == "federal_register"
                                else None, also_cite=[rule.id] if rule else None)

    def statutory(self, line: int, rec: dict) -> Iterator:
        name = rec.get("name")
        code = tables().statutory_list(rec.get("program", ""))
        if not name or code is None:
            self.snap.problem(line, f"row without a name or a known statute section ({rec.get('program')!r}); "
                                    "row skipped")
            return
        row = PartyRow(name=name, label=party_label(name, rec.get("schema")), source=self.snap.doc.id, line=line,
                       aliases=_split(rec.get("aliases")), country=country_code(rec.get("country")))
        node = yield from party_facts(row)
        statute = yield from _publication(rec.get("source_url"), self.docs)
        authority = next(iter(tables().lists[code].get("authorities", [])), None)
        enacted = tables().authorities.get(authority, {}).get("date") if authority else None
        starts = parse_date(rec.get("start-date"))
        provisions = "; ".join(filter(None, [rec.get("notes"), f"Takes effect {starts}" if starts else None]))
        yield self.snap.listing(node.id, code, line=line, text=self.text(line, f"{name} [{rec.get('program')}]"),
                                listed_on=parse_date(rec.get("report-date")) or starts or enacted,
                                removed_on=self.removed(parse_date(rec.get("end-date"))),
                                reason=rec.get("reason") or None, provisions=provisions or None,
                                authority_id=tables().authorities.get(authority, {}).get("citation"),
                                also_cite=[statute.id] if statute else None)


def _family(layout: Layout, text: str) -> str:
    if layout.key != "statutory":
        return layout.family
    m = re.search(r"Section\s+(\d+)", text)
    return f"ndaa-{m.group(1)}" if m else layout.family


def read(path: Path, ctx: LoadContext) -> Iterator:
    data = read_file(path)
    layout = _layout(data[:4096])
    if layout is None:
        raise InputError(path, "not a 1260H, FCC Covered List, MIEU or statutory-list table (unknown header)")
    garbage: list[int | None] = []
    text, _ = decode(data, ctx, lambda line, msg: (garbage.append(line), ctx.problem(line, msg)))
    today = date.today().isoformat()
    newest = max((d for d in find_dates(text) if len(d) == 10 and d <= today), default=None)
    snap = SnapshotLoad(ctx, path, _family(layout, text), data, title=layout.title, url=layout.url,
                        publisher=layout.publisher, day_inside=newest, history=layout.history)
    snap.summary.skipped += len(garbage)
    yield from snap.start()
    reader = ExtraReader(snap, layout)
    handle: Callable[[int, dict], Iterator] = getattr(reader, layout.key)
    for line, rec in _records(text, snap):
        yield from handle(line, rec)
    yield from snap.finish()


SPEC = LoaderSpec(
    name="lists_extra",
    description="DoD 1260H list, FCC Covered List, BIS MIEU and US statutory lists (section 889, 1286, 5949, 154) "
                "in OpenSanctions' CSV transcriptions; the file is recognised by its header.",
    read=read,
    extensions=(),
    sniff=_sniff,
)
