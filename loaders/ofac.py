"""OFAC's classic list files: the SDN list and the non-SDN consolidated list.

Reads a folder holding ``sdn.csv`` (with ``add.csv``, ``alt.csv``,
``sdn_comments.csv`` when present) or ``cons_prim.csv`` (with ``cons_add.csv``,
``cons_alt.csv``, ``cons_comments.csv``), a single one of those main files, or
the XML form of either list (``sdn.xml`` / ``consolidated.xml``, parsed with
defusedxml so entity-expansion bombs are refused). The layouts come from
OFAC's ``dat_spec.txt``: no header line, ``-0-`` for empty, CRLF line ends and
a trailing DOS EOF byte, programme tags joined by ``] [``, remarks cut at 1,000
characters and continued in the comments file.

What a row becomes:

* a Company, Organization, Person, Vessel or Aircraft node with its name,
  aliases (``alt.csv`` and ``a.k.a.`` remarks), addresses (linked to reference
  regions), identifiers (``ofac:<ent_num>`` plus the registration, tax, USCC,
  IMO ... numbers in the remarks) and country;
* one ``LISTED_ON`` per list the row is on, each citing the snapshot's
  Document with the file and line. In ``sdn.csv`` every row is on the SDN list
  (``program`` = its tags) and some tags add a non-SDN list; in the
  consolidated file the list is read from the tags. Both mappings are data in
  ``schema/data/programs.yaml``. A list's own listing date (``Listing Date
  (CMIC) 10 Dec 2021``) becomes ``listed_on``; otherwise the snapshot date
  is the date first seen (see :mod:`sanctions_kg.graph.history`);
* ``Linked To: NAME`` remarks become ``AFFILIATED_WITH`` links to the row of
  that name in the same file.

The snapshot date comes from ``--published``, the ``YYYY-MM-DD`` folder name,
or the XML ``Publish_Date``; loading a newer snapshot records removals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from sanctions_kg.errors import InputError
from sanctions_kg.graph.facts import Rel
from sanctions_kg.graph.names import normalize_name
from sanctions_kg.loaders.listdata import tables
from sanctions_kg.loaders.listings import SnapshotLoad
from sanctions_kg.loaders.parties import (REGISTRATION_SCHEMES, Address, PartyRow, country_code, make_identifier,
                                          party_facts, party_label)
from sanctions_kg.loaders.registry import LoadContext, LoaderSpec
from sanctions_kg.loaders.snapshot import csv_rows, decode, for_file, parse_date, read_file, snapshot_document

NULL = "-0-"
SDN_WIDTH, ADD_WIDTH, ALT_WIDTH, COMMENTS_WIDTH = 12, 6, 5, 2
PUBLISHER = "Office of Foreign Assets Control"


@dataclass(frozen=True)
class FileSet:
    """The files of one OFAC list in the classic layout."""

    kind: str  # "sdn" | "cons"
    family: str
    title: str
    url: str
    main: str
    add: str
    alt: str
    comments: str
    xml: tuple[str, ...]


FILESETS = (
    FileSet("sdn", "ofac-sdn", "OFAC Specially Designated Nationals and Blocked Persons List",
            "https://www.treasury.gov/ofac/downloads/sdn.csv",
            "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv", ("sdn.xml",)),
    FileSet("cons", "ofac-cons", "OFAC Consolidated Sanctions List (non-SDN lists)",
            "https://www.treasury.gov/ofac/downloads/consolidated/cons_prim.csv",
            "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv", ("consolidated.xml", "cons.xml")),
)

#: remark items that describe what the listing imposes (kept as the listing's ``provisions``)
PROVISION_PREFIXES = ("Secondary sanctions risk", "Additional Sanctions Information", "Effective Date",
                      "Purchase/Sales For Divestment Date", "Executive Order 13662 Directive Determination",
                      "Executive Order 14024 Directive Information", "Executive Order 14014 Directive Information",
                      "CAATSA Section 235 Information", "Transactions Prohibited For Persons Owned or Controlled")
_ALIAS = re.compile(r"^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*'(.+?)'?$")
_LISTING_DATE = re.compile(r"^(Listing Date \([^)]*\)):?\s*(.+)$")
_COUNTRY_SUFFIX = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


@dataclass
class Entry:
    """One OFAC list entry with what the side files add to it."""

    ent_num: str
    name: str
    sdn_type: str | None
    programs: list[str]
    remarks: str
    line: int | None
    file: str
    vess_flag: str | None = None
    call_sign: str | None = None
    addresses: list[Address] = field(default_factory=list)
    alts: list[str] = field(default_factory=list)
    side_sources: list[str] = field(default_factory=list)  # Document ids of the side files that added to it

    def cite(self, doc_id: str) -> None:
        if doc_id not in self.side_sources:
            self.side_sources.append(doc_id)


@dataclass
class Remarks:
    """Structured facts found in an entry's remarks."""

    aliases: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    registration_country: str | None = None
    nationality: str | None = None
    birth_date: str | None = None
    linked_to: list[str] = field(default_factory=list)
    listing_dates: dict[str, str] = field(default_factory=dict)
    provisions: list[str] = field(default_factory=list)


def parse_remarks(text: str) -> Remarks:
    """Aliases, identifiers, dates, nationality and links from an OFAC remarks field.

    >>> r = parse_remarks("Listing Date (CMIC) 10 Dec 2021; C.R. No. 2162198 (Hong Kong).")
    >>> r.listing_dates, r.identifiers
    ({'Listing Date (CMIC)': '2021-12-10'}, ['reg-hk:2162198'])
    """
    out = Remarks()
    t = tables()
    for raw in (text or "").split("; "):
        item = raw.strip().removeprefix("alt. ").strip().rstrip(".").strip()
        if not item:
            continue
        m = _ALIAS.match(item)
        if m:
            out.aliases.append(m.group(1).strip().rstrip("'"))
            continue
        if item.startswith("Linked To:"):
            out.linked_to.append(item.removeprefix("Linked To:").strip())
            continue
        m = _LISTING_DATE.match(item)
        if m:
            when = parse_date(m.group(2))
            if when:
                out.listing_dates[m.group(1)] = when
            continue
        if item.startswith(PROVISION_PREFIXES):
            out.provisions.append(item)
            continue
        if item.startswith(("DOB ", "DOB:")) and out.birth_date is None:
            out.birth_date = parse_date(item[4:].split(" to ")[0])
            continue
        if item.startswith(("nationality ", "citizen ")) and out.nationality is None:
            out.nationality = country_code(item.split(" ", 1)[1])
            continue
        spec, rest = t.identifier_spec(item)
        if spec is not None and rest:
            m = _COUNTRY_SUFFIX.match(rest)
            value, country = (m.group(1), m.group(2)) if m else (rest, None)
            ident = make_identifier(spec.scheme, value, country)
            if ident:
                out.identifiers.append(ident)
                if country and spec.scheme in REGISTRATION_SCHEMES and not out.registration_country:
                    out.registration_country = country_code(country)
    return out


def _value(field_: str | None) -> str | None:
    if field_ is None:
        return None
    field_ = field_.strip()
    return None if not field_ or field_ == NULL else field_


def _tags(programs: str | None) -> list[str]:
    return [t.strip() for t in (programs or "").strip("[] ").split("] [") if t.strip()]


# -- locating the files ---------------------------------------------------

def _find(folder: Path, name: str) -> Path | None:
    for child in folder.iterdir():
        if child.name.lower() == name:
            return child
    return None


def _fileset(path: Path) -> tuple[FileSet, Path]:
    """Which list a path is and its main file."""
    if path.is_dir():
        for fs in FILESETS:
            for name in (fs.main, *fs.xml):
                found = _find(path, name)
                if found is not None:
                    return fs, found
        raise InputError(path, "no OFAC list file here (sdn.csv, cons_prim.csv, sdn.xml or consolidated.xml)")
    name = path.name.lower()
    for fs in FILESETS:
        if name in (fs.main, *fs.xml) or name.startswith(fs.main.split(".")[0]):
            return fs, path
    return (FILESETS[1] if "cons" in name else FILESETS[0]), path


def _sniff(path: Path, head: bytes) -> bool:
    if path.is_dir():
        names = {p.name.lower() for p in path.iterdir()}
        return any(n in names for fs in FILESETS for n in (fs.main, *fs.xml))
    text = head.decode("latin-1")
    if "<sdnList" in text or ("<Sanctions" in text and "sanctionslistservice" in text.lower()):
        return True
    first = text.split("\n", 1)[0]
    return bool(re.match(r'^\d+,"[^"]*",(-0- ?|"[^"]*"),', first)) and first.count(",") >= SDN_WIDTH - 1


# -- CSV set ----------------------------------------------------------------

def _read_csv_set(fs: FileSet, main: Path, ctx: LoadContext, with_side_files: bool,
                  snap: SnapshotLoad) -> tuple[list[Entry], list]:
    """Entries of the main CSV joined with its side files; returns (entries, side Document nodes)."""
    text, _ = decode(read_file(main), ctx, snap.problem)
    entries: dict[str, Entry] = {}
    for line, row in csv_rows(text, ctx, SDN_WIDTH, main.name, snap.problem):
        ent = row[0].strip()
        name = _value(row[1])
        if not ent.isdigit() or not name:
            snap.problem(line, f"row without an ent_num or a name ({row[0][:20]!r}); row skipped")
            continue
        snap.summary.rows += 1
        entries[ent] = Entry(ent, name, _value(row[2]), _tags(_value(row[3])), _value(row[11]) or "",
                             line, main.name, vess_flag=_value(row[9]), call_sign=_value(row[5]))
    docs = []
    folder = main.parent
    side = {}
    if with_side_files:
        for attr, width in (("add", ADD_WIDTH), ("alt", ALT_WIDTH), ("comments", COMMENTS_WIDTH)):
            found = _find(folder, getattr(fs, attr))
            if found is None:
                continue
            data = read_file(found)
            doc = snapshot_document(f"{fs.family}-{attr}", snap.day, data, fs.title, fs.url.replace(fs.main, found.name),
                                    PUBLISHER, found.name)
            docs.append(doc)
            side_ctx = for_file(ctx, found)
            side[attr] = (doc.id, found.name, csv_rows(decode(data, side_ctx)[0], side_ctx, width, found.name))
    if "comments" in side:
        doc_id, _, rows = side["comments"]
        for line, row in rows:
            entry = entries.get(row[0].strip())
            if entry is not None and _value(row[1]):
                entry.remarks += row[1]
                entry.cite(doc_id)
    if "add" in side:
        doc_id, fname, rows = side["add"]
        for line, row in rows:
            entry = entries.get(row[0].strip())
            parts = [p for p in (_value(row[2]), _value(row[3]), _value(row[4])) if p]
            if entry is not None and parts:
                entry.addresses.append(Address(", ".join(parts), country_code(_value(row[4])), line, doc_id, fname))
                entry.cite(doc_id)
    if "alt" in side:
        doc_id, _, rows = side["alt"]
        for line, row in rows:
            entry = entries.get(row[0].strip())
            alt = _value(row[3])
            if entry is not None and alt:
                entry.alts.append(alt)
                entry.cite(doc_id)
    return list(entries.values()), docs


# -- XML ----------------------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el, name: str):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _text(el, name: str) -> str | None:
    c = _child(el, name)
    return c.text.strip() if c is not None and c.text and c.text.strip() else None


def _children(el, list_name: str, item_name: str) -> list:
    holder = _child(el, list_name)
    return [c for c in holder if _local(c.tag) == item_name] if holder is not None else []


def parse_xml(path: Path, data: bytes) -> tuple[str | None, list[Entry]]:
    """(publish date, entries) of an ``sdn.xml``-style file, parsed safely.

    DTDs with entity declarations, external entities and entity expansion are
    refused (defusedxml), so a "billion laughs" file cannot exhaust memory.
    """
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(path, f"unsafe XML refused ({type(exc).__name__}: {exc})") from exc
    except SafeET.ParseError as exc:
        raise InputError(path, f"not well-formed XML: {exc}", line=exc.position[0]) from exc
    if _local(root.tag) != "sdnList":
        raise InputError(path, f"XML root <{_local(root.tag)}> is not an OFAC <sdnList>; the advanced "
                         "(SDN_ADVANCED.XML) format is not supported - use the sdn.csv set or sdn.xml")
    info = _child(root, "publshInformation") or _child(root, "publishInformation")
    published = None
    if info is not None:
        published = parse_date(_text(info, "Publish_Date"))
    entries = []
    for el in root:
        if _local(el.tag) != "sdnEntry":
            continue
        uid, last, first = _text(el, "uid"), _text(el, "lastName"), _text(el, "firstName")
        name = f"{last}, {first}" if last and first else (last or first)
        if not uid or not name:
            continue
        kind = (_text(el, "sdnType") or "").lower()
        remarks = [_text(el, "remarks") or ""]
        for ident in _children(el, "idList", "id"):
            label, number, country = _text(ident, "idType"), _text(ident, "idNumber"), _text(ident, "idCountry")
            if label and number:
                remarks.append(f"{label} {number}" + (f" ({country})" if country else ""))
        for dob in _children(el, "dateOfBirthList", "dateOfBirthItem"):
            if _text(dob, "dateOfBirth"):
                remarks.append(f"DOB {_text(dob, 'dateOfBirth')}")
        for nat in _children(el, "nationalityList", "nationality"):
            if _text(nat, "country"):
                remarks.append(f"nationality {_text(nat, 'country')}")
        vessel = _child(el, "vesselInfo")
        entry = Entry(uid, name, None if kind == "entity" else kind,
                      [p.text.strip() for p in _children(el, "programList", "program") if p.text],
                      "; ".join(r for r in remarks if r), None, path.name,
                      vess_flag=_text(vessel, "vesselFlag") if vessel is not None else None,
                      call_sign=_text(vessel, "callSign") if vessel is not None else None)
        for aka in _children(el, "akaList", "aka"):
            a_last, a_first = _text(aka, "lastName"), _text(aka, "firstName")
            alias = f"{a_last}, {a_first}" if a_last and a_first else (a_last or a_first)
            if alias:
                entry.alts.append(alias)
        for addr in _children(el, "addressList", "address"):
            parts = [_text(addr, k) for k in ("address1", "address2", "address3", "city", "stateOrProvince",
                                              "postalCode", "country")]
            parts = [p for p in parts if p]
            if parts:
                entry.addresses.append(Address(", ".join(parts), country_code(_text(addr, "country")),
                                               None, None, path.name))
        entries.append(entry)
    return published, entries


# -- facts --------------------------------------------------------------------

def _lists_for(fs: FileSet, tags: list[str]) -> list[tuple[str, list[str]]]:
    """(list code, the tags that put the entry on it) for one entry."""
    t = tables()
    if fs.kind == "sdn":
        also = [tag for tag in tags if tag in t.sdn_also]
        out = [(t.sdn_list, [tag for tag in tags if tag not in also] or tags)]
        out += [(t.sdn_also[tag], [tag]) for tag in also]
        return out
    code, rule = t.consolidated_list(tags)
    if code is None:
        return []
    return [(code, [tag for tag in tags if rule.matches([tag])])]


def entry_facts(entry: Entry, fs: FileSet, snap: SnapshotLoad) -> Iterator:
    """The facts of one entry: the party (with regions), then its listings.

    Returns ``(party node, names it is "Linked To")``.
    """
    rem = parse_remarks(entry.remarks)
    label = party_label(entry.name, entry.sdn_type)
    if label == "Person":
        country = rem.nationality
    elif label == "Vessel":
        country = country_code(entry.vess_flag)
    else:
        country = rem.registration_country
    identifiers = [f"ofac:{entry.ent_num}", *rem.identifiers]
    if entry.call_sign:
        identifiers.append(make_identifier("callsign", entry.call_sign))
    row = PartyRow(name=entry.name, label=label, source=snap.doc.id, line=entry.line,
                   aliases=[*entry.alts, *rem.aliases], identifiers=identifiers, addresses=entry.addresses,
                   country=country, remarks=entry.remarks or None, birth_date=rem.birth_date,
                   extra_sources=entry.side_sources)
    node = yield from party_facts(row)
    lists = _lists_for(fs, entry.programs)
    if not lists:
        snap.ctx.problem(entry.line, f"ent_num {entry.ent_num}: no list for programme tags {entry.programs}; "
                         "party loaded without a listing")
    for code, tags in lists:
        snap.programme(code, tags)
        yield snap.listing(
            node.id, code, line=entry.line, text=f"{_where(entry)}: {entry.name} [{'] ['.join(entry.programs)}]",
            listed_on=tables().listing_date(code, rem.listing_dates), program="; ".join(tags),
            provisions="; ".join(rem.provisions) or None)
    return node, rem.linked_to


def _where(entry: Entry) -> str:
    return f"{entry.file} line {entry.line}" if entry.line else f"{entry.file} ent_num {entry.ent_num}"


def read(path: Path, ctx: LoadContext) -> Iterator:
    fs, main = _fileset(path)
    ctx = for_file(ctx, main)
    data = read_file(main)
    published, entries = None, None
    if main.suffix.lower() == ".xml":
        published, entries = parse_xml(main, data)
    snap = SnapshotLoad(ctx, main, fs.family, data, title=fs.title, url=fs.url.replace(fs.main, main.name),
                        publisher=PUBLISHER, day_inside=published)
    yield from snap.start()
    if entries is None:
        entries, side_docs = _read_csv_set(fs, main, ctx, path.is_dir(), snap)
        yield from side_docs
    else:
        snap.summary.rows = len(entries)
    party_ids: dict[str, list[str]] = {}
    links: list[tuple[str, str, Entry]] = []
    for entry in entries:
        node, linked = yield from entry_facts(entry, fs, snap)
        ids = party_ids.setdefault(normalize_name(entry.name), [])
        if node.id not in ids:
            ids.append(node.id)
        links.extend((node.id, name, entry) for name in linked)
    for src, name, entry in links:
        targets = party_ids.get(normalize_name(name), [])
        if len(targets) == 1 and targets[0] != src:
            yield Rel("AFFILIATED_WITH", src, targets[0], {},
                      [snap.evidence(f"{_where(entry)}: {entry.name}: Linked To: {name}")], line=entry.line)
    yield from snap.finish()


SPEC = LoaderSpec(
    name="ofac",
    description="OFAC SDN and consolidated (non-SDN) lists: the classic CSV set (sdn.csv, add.csv, alt.csv, "
                "sdn_comments.csv / cons_*.csv) in a dated folder or alone, or sdn.xml.",
    read=read,
    extensions=(),
    sniff=_sniff,
    directories=True,
)
