"""Building party facts from list rows: label, identifiers, country, addresses, regions.

Every list loader turns a row into a :class:`PartyRow` and hands it to
:func:`party_facts`, so all lists produce parties the same way: the same
label rule, the same ``scheme[-cc]:VALUE`` identifiers (the table is in
``schema/data/programs.yaml``), ISO country codes from rigour's territory
database, and ``LOCATED_IN`` links to the reference regions an address names.

Examples
--------
>>> party_label("Xinjiang Public Security Bureau")
'Organization'
>>> party_label("Hangzhou Hikvision Digital Technology Co., Ltd.")
'Company'
>>> country_code("Korea, North"), country_code("CN"), country_code("Atlantis")
('kp', 'cn', None)
>>> make_identifier("uscc", "91330000733796106P", "China")
'uscc-cn:91330000733796106P'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from rigour.names import extract_org_types
from rigour.territories import lookup_territory

from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.names import normalize_name
from sanctions_kg.loaders.listdata import tables
from sanctions_kg.schema import MODEL

#: source type words -> label ("individual", "Entity", "vessel" ...); others are guessed from the name
KIND_LABELS = {"individual": "Person", "person": "Person", "vessel": "Vessel", "aircraft": "Aircraft"}


def party_label(name: str, kind: str | None = None) -> str:
    """The label of a party: from the source's type word, else from its name.

    A legal form (rigour's org-type table: Co., Ltd, GmbH, OOO ...) makes a
    Company; a word from ``organization_words`` (bureau, institute,
    university ...) an Organization; anything else is a Company (untyped list
    rows are mostly firms).
    """
    label = KIND_LABELS.get((kind or "").strip().lower())
    if label:
        return label
    norm = normalize_name(name)
    if extract_org_types(norm):
        return "Company"
    if set(norm.split()) & tables().organization_words:
        return "Organization"
    return "Company"


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code (lower case) for a country name or code, else None."""
    if not text or not text.strip():
        return None
    territory = lookup_territory(text.strip())
    if territory is None or len(territory.code) != 2:
        return None
    return territory.code


_TRAILING_PAREN = re.compile(r"^(?P<name>.*\S)\s*\((?P<inner>[^()]+)\)\s*[.*]*$")


def split_alias(name: str) -> tuple[str, list[str]]:
    """A name without a trailing bracketed alias, and the aliases it held.

    The bracket is an alias when it is an acronym or shares a word with the
    name; a place in brackets ("... Research Center (Kursk)") is kept.

    >>> split_alias("Huawei Technologies Co., Ltd. (Huawei)")
    ('Huawei Technologies Co., Ltd.', ['Huawei', 'Huawei Technologies Co., Ltd. (Huawei)'])
    >>> split_alias("Scientific Research Center (Kursk)")
    ('Scientific Research Center (Kursk)', [])
    """
    name = name.strip()
    m = _TRAILING_PAREN.match(name)
    if not m:
        return name.rstrip("*").strip(), []
    base, inner = m.group("name").strip(), m.group("inner").strip()
    acronym = sum(c.isupper() for c in inner) >= 2 and all(t.isupper() or t.isdigit() for t in inner.split())
    shared = set(normalize_name(inner).split()) & set(normalize_name(base).split())
    if not (acronym or shared):
        return name.rstrip("*").strip(), []
    return base, [inner, name.rstrip("*").strip()]


#: identifier schemes whose country is the party's country of registration
REGISTRATION_SCHEMES = frozenset({"reg", "uscc", "lei", "tax"})


def make_identifier(scheme: str, value: str, country: str | None = None) -> str | None:
    """``scheme[-cc]:VALUE`` with the value upper-cased and spaces removed."""
    value = re.sub(r"\s+", "", value or "").strip(".;,").upper()
    if not value:
        return None
    cc = country_code(country) if country else None
    return f"{scheme}-{cc}:{value}" if cc else f"{scheme}:{value}"


def identifier_scheme(identifier: str) -> str:
    """The scheme of an identifier without its country: ``reg-ru:123`` -> ``reg``."""
    scheme = identifier.split(":", 1)[0]
    base, _, cc = scheme.rpartition("-")
    return base if base and len(cc) == 2 else scheme


@dataclass
class Address:
    """One address as the source gives it, with the country code when known."""

    text: str
    country: str | None = None
    line: int | None = None
    source: str | None = None  # Document id of the file it was read from
    file: str = ""


@dataclass
class PartyRow:
    """What a list row says about a party, before it becomes facts."""

    name: str
    label: str
    source: str  # Document id of the snapshot the row is in
    line: int | None = None
    aliases: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    country: str | None = None
    remarks: str | None = None
    birth_date: str | None = None
    extra_sources: list[str] = field(default_factory=list)

    def node(self) -> Node:
        """The party node fact (its id is replaced by the resolver when it is a known party)."""
        props = {
            "name": self.name,
            "aliases": [a for a in _unique(self.aliases) if a != self.name],
            "identifiers": _unique(self.identifiers),
            "addresses": _unique(a.text for a in self.addresses),
            "country": self.country or self.address_country(),
            "remarks": self.remarks or None,
            "sources": _unique([self.source, *self.extra_sources]),
        }
        if self.label == "Person":
            props["birth_date"] = self.birth_date
        return Node(self.label, self.name, props, line=self.line)

    def address_country(self) -> str | None:
        """The country of an organisation whose addresses all lie in one country (None for people)."""
        if self.label == "Person":
            return None
        found = {a.country for a in self.addresses if a.country}
        return found.pop() if len(found) == 1 else None


def _unique(values) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


class RegionMatcher:
    """Finds the reference regions an address lies in (most specific first).

    Countries match by ISO code; provinces and cities by name or alias (whole
    words, at least four letters) inside the address, and only within the
    address's country, so "Georgia" in a US address cannot land in a country.
    """

    def __init__(self, regions: list[dict]):
        self.parent = {r["code"]: r.get("part_of") for r in regions}
        self.by_country: dict[str, str] = {}
        patterns: list[tuple[re.Pattern, str]] = []
        for r in regions:
            if r.get("kind") == "country":
                self.by_country[r["code"].lower()] = r["code"]
        for r in regions:
            if r.get("kind") == "country":
                continue
            cc = country_code(r["name"])
            if cc and cc not in self.by_country:  # Hong Kong: its own ISO code, a region of CN here
                self.by_country[cc] = r["code"]
            names = {normalize_name(n) for n in [r["name"], *(r.get("aliases") or [])]}
            for n in sorted(n for n in names if len(n) >= 4):
                patterns.append((re.compile(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])"), r["code"]))
        self.patterns = patterns

    def root(self, code: str | None) -> str | None:
        while code and self.parent.get(code):
            code = self.parent[code]
        return code

    def ancestors(self, code: str) -> set[str]:
        out = set()
        while self.parent.get(code):
            code = self.parent[code]
            out.add(code)
        return out

    def match(self, text: str, country: str | None) -> list[str]:
        """Region codes for an address: the most specific named place, else its country."""
        home = self.by_country.get(country or "")
        if home is None:
            return []
        norm = normalize_name(text)
        root = self.root(home)
        hits = {code for pat, code in self.patterns if self.root(code) == root and pat.search(norm)}
        hits.discard(home)
        covered = set().union(*(self.ancestors(h) for h in hits)) if hits else set()
        specific = sorted(h for h in hits if h not in covered)
        return specific or [home]


@lru_cache(maxsize=1)
def region_matcher() -> RegionMatcher:
    return RegionMatcher(tables().reference.get("regions", []))


def party_facts(row: PartyRow) -> Iterator:
    """The party node, then ``LOCATED_IN`` links for its addresses.

    Relationships use ``node.id`` after the node has been yielded: the build
    pipeline resolves the node in place, so they attach to the resolved party.
    """
    node = row.node()
    yield node
    matcher = region_matcher()
    seen: set[str] = set()
    for addr in row.addresses:
        for code in matcher.match(addr.text, addr.country):
            region_id = MODEL.node_id("Region", code)
            if region_id in seen:
                continue
            seen.add(region_id)
            where = f"{addr.file} line {addr.line}: " if addr.line else ""
            yield Rel("LOCATED_IN", node.id, region_id, {},
                      [Evidence(addr.source or row.source, f"{where}{addr.text}")], line=addr.line)
    return node
