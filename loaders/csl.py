"""The trade.gov Consolidated Screening List (CSL), as CSV or JSON.

The CSL merges eleven US lists (Entity List, MEU, Unverified List, Denied
Persons, NS-CMIC, SDN, SSI ...) into one table; its ``source`` column names
the list of each row (mapped to list codes through ``schema/data/programs.yaml``).
One row becomes:

* a party (its ``type`` or, for untyped BIS rows, its name decides the label)
  with aliases (``alt_names``, a bracketed acronym), addresses (linked to
  reference regions), identifiers (``ids`` items ``Type, Number, Country``;
  OFAC rows carry their ``ofac:<ent_num>``) and country;
* one ``LISTED_ON`` to the row's list: ``start_date`` -> ``listed_on`` (or the
  ``Listing Date`` among the ids, for NS-CMIC), ``end_date`` -> ``removed_on``
  once it has passed (a Denied Persons order running to 2056 is a provision,
  not a removal), ``programs`` -> ``program``, the licence requirement and
  policy -> ``provisions``, and the ``federal_register_notice`` normalised to
  ``<vol> FR <page>`` citations: kept as ``authority_id`` and cited as
  ``federal_register`` Document nodes;
* "Affiliated Entity:" names inside a party string become parties of their
  own, listed alike and ``AFFILIATED_WITH`` the party they are listed under.

Quirks handled: the header line repeated as a data row, a truncated last row
(reported with its line, skipped), the 2019 layout without ``_id``, all
Federal Register citation styles, JSON from the CSL API (``{"results": [...]}``
or a plain array, with addresses and ids as objects).
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import Iterator

from sanctions_kg.errors import InputError
from sanctions_kg.graph.facts import Rel
from sanctions_kg.loaders.fr_citations import parse_citations
from sanctions_kg.loaders.listdata import tables
from sanctions_kg.loaders.listings import SnapshotLoad
from sanctions_kg.loaders.ofac import PROVISION_PREFIXES
from sanctions_kg.loaders.parties import (REGISTRATION_SCHEMES, Address, PartyRow, country_code, make_identifier,
                                          party_facts, party_label, split_alias)
from sanctions_kg.loaders.registry import LoadContext, LoaderSpec
from sanctions_kg.loaders.snapshot import csv_rows, decode, parse_date, read_file

FAMILY = "trade-csl"
TITLE = "Consolidated Screening List (trade.gov)"
URL = "https://www.trade.gov/consolidated-screening-list"
PUBLISHER = "International Trade Administration"
#: columns every CSL layout has (2019 and later); used to recognise the file
SIGNATURE = {"source", "name", "federal_register_notice", "start_date", "alt_names"}
_AFFILIATES = re.compile(r"\s*\.?\s*Affiliated Entit(?:y|ies)\s*:\s*", re.I)
_SUCCESSORS = re.compile(r";\s*and any successor.*$", re.I)


def _sniff(path: Path, head: bytes) -> bool:
    if path.is_dir():
        return False
    text = head.decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    if text[:1] in "[{":
        return '"source"' in text and '"name"' in text and ('"federal_register_notice"' in text
                                                            or '"source_list_url"' in text)
    first = text.split("\n", 1)[0]
    try:
        fields = {f.strip() for f in next(csv.reader([first]))}
    except (csv.Error, StopIteration):
        return False
    return SIGNATURE <= fields


# -- reading records --------------------------------------------------------

def _csv_records(text: str, snap: SnapshotLoad) -> Iterator[tuple[int, dict]]:
    header = None
    for line, row in csv_rows(text, snap.ctx, skip=snap.problem):
        if header is None:
            header = [h.strip() for h in row]
            if not SIGNATURE <= set(header):
                raise InputError(snap.path, "not a Consolidated Screening List (missing columns "
                                 f"{', '.join(sorted(SIGNATURE - set(header)))})", line=line)
            continue
        if [f.strip() for f in row] == header:
            continue  # the header repeated as a data row
        if len(row) != len(header):
            what = "truncated row" if len(row) < len(header) else "row with extra fields"
            snap.problem(line, f"{what}: {len(row)} of {len(header)} fields; row skipped")
            continue
        yield line, dict(zip(header, row))


def _flatten(value) -> str:
    """A JSON field as the CSV writes it: lists joined by '; ', address/id objects as 'a, b, c'."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(filter(None, (_flatten(v) for v in value)))
    if isinstance(value, dict):
        keys = ("address", "city", "state", "postal_code", "country") if "address" in value or "city" in value \
            else ("type", "number", "country")
        return ", ".join(str(value[k]) for k in keys if value.get(k))
    return str(value)


def _json_records(data: bytes, path: Path) -> Iterator[tuple[int, dict]]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"not valid JSON: {exc}") from exc
    items = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError(path, "CSL JSON must be an array of records or an object with 'results'")
    for i, item in enumerate(items, 1):
        if isinstance(item, dict):
            yield i, {k: _flatten(v) for k, v in item.items()}


# -- one record -------------------------------------------------------------

def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _ids(value: str | None) -> tuple[list[str], dict[str, str], list[str], str | None]:
    """(identifiers, listing dates by label, provisions, registration country) from the ``ids`` column."""
    t = tables()
    idents, dates, provisions, reg_country = [], {}, [], None
    for item in (value or "").split("; "):
        parts = [p.strip() for p in item.split(", ")]
        if not parts or not parts[0]:
            continue
        label, number = parts[0].rstrip(":").strip(), (parts[1] if len(parts) > 1 else "")
        country = parts[2] if len(parts) > 2 and len(parts[2]) == 2 else None
        if label.startswith("Listing Date ("):
            when = parse_date(number)
            if when:
                dates[label] = when
            continue
        if label.startswith(PROVISION_PREFIXES):
            provisions.append(f"{label} {', '.join(parts[1:])}".strip())
            continue
        spec = t.identifier_by_label(label)
        if spec is not None and number:
            ident = make_identifier(spec.scheme, number, country)
            if ident:
                idents.append(ident)
                if country and spec.scheme in REGISTRATION_SCHEMES and reg_country is None:
                    reg_country = country_code(country)
    return idents, dates, provisions, reg_country


def _addresses(value: str | None, line: int, snap: SnapshotLoad) -> list[Address]:
    out = []
    for text in _split(value):
        last = text.rsplit(",", 1)[-1].strip()
        cc = country_code(last) if len(last) == 2 and last.isupper() else None
        out.append(Address(text, cc, line, snap.doc.id, snap.file_name))
    return out


class CslReader:
    """Turns CSL records into facts for one snapshot."""

    def __init__(self, snap: SnapshotLoad):
        self.snap = snap
        self.fr_docs: set[str] = set()
        self.today = snap.day or date.today().isoformat()

    def record_facts(self, line: int, rec: dict) -> Iterator:
        snap = self.snap
        source = " ".join((rec.get("source") or "").split())
        code = tables().csl_list(source)
        raw_name = " ".join((rec.get("name") or "").split())
        if code is None:
            snap.problem(line, f"unknown CSL source {source!r}; row skipped")
            return
        if not raw_name:
            snap.problem(line, "row without a name; row skipped")
            return
        snap.summary.rows += 1
        parent_text, *affiliate_texts = _AFFILIATES.split(raw_name)
        clean = _SUCCESSORS.sub("", parent_text).strip().rstrip(";,")
        name, bracket_aliases = split_alias(clean)
        idents, dates, id_provisions, reg_country = _ids(rec.get("ids"))
        ent = (rec.get("entity_number") or "").strip() or (rec.get("_id") or "").strip()
        if source.endswith(tables().ofac_sources_end_with) and ent.isdigit():
            idents.insert(0, f"ofac:{ent}")
        label = party_label(name, rec.get("type"))
        nationality = next((country_code(c) for c in _split(rec.get("nationalities"))
                            + _split(rec.get("citizenships")) if country_code(c)), None)
        row = PartyRow(
            name=name, label=label, source=snap.doc.id, line=line,
            aliases=[*bracket_aliases, *([raw_name] if raw_name != name and not affiliate_texts else []),
                     *_split(rec.get("alt_names"))],
            identifiers=idents, addresses=_addresses(rec.get("addresses"), line, snap),
            country=nationality if label == "Person" else reg_country,
            remarks=rec.get("remarks") or None,
            birth_date=parse_date(next(iter(_split(rec.get("dates_of_birth"))), None)),
        )
        parent = yield from party_facts(row)
        citations = parse_citations(rec.get("federal_register_notice"))
        for cit in citations:
            doc = cit.document()
            if doc.id not in self.fr_docs:
                self.fr_docs.add(doc.id)
                yield doc
        listing = self._listing_props(code, rec, dates, id_provisions, citations)
        abbr = (re.findall(r"\(([^)]+)\)", source) or [code])[0]
        yield snap.listing(parent.id, code, line=line, text=f"{snap.file_name} line {line}: {raw_name[:200]} [{abbr}]",
                           also_cite=[c.document().id for c in citations], **listing)
        for aff_text in affiliate_texts:
            for aff_raw in _split(aff_text):
                aff_name, aff_aliases = split_alias(aff_raw.rstrip("."))
                aff = PartyRow(name=aff_name, label=party_label(aff_name), source=snap.doc.id, line=line,
                               aliases=aff_aliases)
                node = yield from party_facts(aff)
                text = f"{snap.file_name} line {line}: Affiliated Entity: {aff_raw} (of {name}) [{abbr}]"
                yield snap.listing(node.id, code, line=line, text=text,
                                   also_cite=[c.document().id for c in citations], **listing)
                yield Rel("AFFILIATED_WITH", node.id, parent.id, {}, [snap.evidence(text)], line=line)

    def _listing_props(self, code: str, rec: dict, dates: dict, id_provisions: list[str],
                       citations: list) -> dict:
        end = parse_date(rec.get("end_date"))
        provisions = []
        if rec.get("license_requirement"):
            provisions.append(f"License requirement: {rec['license_requirement'].strip()}")
        if rec.get("license_policy"):
            provisions.append(f"License policy: {rec['license_policy'].strip()}")
        provisions += id_provisions
        removed = end if end and end <= self.today else None
        if end and not removed:
            provisions.append(f"Listed until {end}")
        frn = " ".join((rec.get("federal_register_notice") or "").split())
        return {
            "listed_on": parse_date(rec.get("start_date")) or tables().listing_date(code, dates),
            "removed_on": removed,
            "program": rec.get("programs") or None,
            "authority_id": "; ".join(c.code for c in citations) or frn or None,
            "provisions": "; ".join(provisions) or None,
        }


def read(path: Path, ctx: LoadContext) -> Iterator:
    data = read_file(path)
    snap = SnapshotLoad(ctx, path, FAMILY, data, title=TITLE, url=URL, publisher=PUBLISHER)
    is_json = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")
    records = _json_records(data, path) if is_json else _csv_records(decode(data, ctx, snap.problem)[0], snap)
    yield from snap.start()
    reader = CslReader(snap)
    for line, rec in records:
        yield from reader.record_facts(line, rec)
    yield from snap.finish()


SPEC = LoaderSpec(
    name="csl",
    description="trade.gov Consolidated Screening List, CSV (2019 and later layouts) or JSON.",
    read=read,
    extensions=(),
    sniff=_sniff,
)
