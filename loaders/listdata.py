"""The data tables the list loaders read: programmes, identifiers, assertions, reference lists.

Mappings from what the official files write (a CSL ``source`` name, an OFAC
programme tag, an identifier label in a remark) to this project's codes live
in ``schema/data/programs.yaml``; expected list sizes in
``schema/data/assertions.yaml``. This module parses them once and answers the
loaders' questions, so no mapping is restated in code.

Examples
--------
>>> tables().csl_list("Entity List (EL) - Bureau of Industry and Security")
'US-BIS-EL'
>>> tables().consolidated_list(["UKRAINE-EO13662", "RUSSIA-EO14024"])[0]
'US-OFAC-SSI'
>>> tables().identifier_spec("Unified Social Credit Code (USCC) 91330000733796106P")[0].scheme
'uscc'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from sanctions_kg.errors import SchemaError
from sanctions_kg.loaders.reference import REFERENCE_PATH, load_reference

DATA_DIR = REFERENCE_PATH.parent
PROGRAMS_PATH = DATA_DIR / "programs.yaml"
ASSERTIONS_PATH = DATA_DIR / "assertions.yaml"


@dataclass(frozen=True)
class IdentifierSpec:
    """One row of the ``identifiers`` table (see programs.yaml)."""

    label: str
    scheme: str
    merge: bool = False
    single: bool = False


@dataclass(frozen=True)
class ConsolidatedRule:
    """Which non-SDN list a consolidated-file row is on, by its tags."""

    list: str
    tags: frozenset[str] = frozenset()
    prefix: str | None = None
    listing_date: tuple[str, ...] = ()

    def matches(self, tags: list[str]) -> bool:
        return any(t in self.tags or (self.prefix and t.startswith(self.prefix)) for t in tags)


class Tables:
    """Parsed programs.yaml, assertions.yaml and the reference data the loaders need."""

    def __init__(self, programs: dict, assertions: dict, reference: dict):
        self.raw = programs
        ofac = programs["ofac"]
        self.ofac_source: str = ofac.get("source", "")
        self.sdn_list: str = ofac["sdn"]["list"]
        self.sdn_also: dict[str, str] = dict(ofac["sdn"].get("also", {}))
        self.consolidated_rules = [
            ConsolidatedRule(list=r["list"], tags=frozenset(r.get("tags", [])), prefix=r.get("prefix"),
                             listing_date=tuple(r.get("listing_date", [])))
            for r in ofac["consolidated"]["rules"]
        ]
        self.program_authorities: dict[str, list[str]] = dict(programs.get("program_authorities", {}))
        csl = programs["csl"]
        self.csl_sources: dict[str, str] = dict(csl["sources"])
        self.csl_abbreviations: dict[str, str] = dict(csl.get("abbreviations", {}))
        self.ofac_sources_end_with: str = csl.get("ofac_sources_end_with", "Treasury Department")
        self.statutory_sections: dict[str, str] = {str(k): v for k, v in programs["statutory_sections"].items()}
        self.identifiers = sorted(
            (IdentifierSpec(**row) for row in programs["identifiers"]), key=lambda s: -len(s.label)
        )
        self._id_by_label = {s.label.lower(): s for s in self.identifiers}
        self.organization_words = frozenset(w.lower() for w in programs.get("organization_words", []))
        self.merge_schemes = frozenset(s.scheme for s in self.identifiers if s.merge) | {"ofac"}
        self.single_schemes = frozenset(s.scheme for s in self.identifiers if s.single) | {"ofac"}
        self.removal_guard: float = float(assertions.get("removal_guard", 1.0))
        self.counts: dict[str, dict[str, dict]] = assertions.get("counts", {}) or {}
        self.reference = reference
        self.lists = {e["code"]: e for e in reference.get("lists", [])}
        self.authorities = {e["code"]: e for e in reference.get("authorities", [])}
        for code in [self.sdn_list, *self.sdn_also.values(), *(r.list for r in self.consolidated_rules),
                     *self.csl_sources.values(), *self.statutory_sections.values()]:
            if code not in self.lists:
                raise SchemaError(f"{PROGRAMS_PATH.name}: list {code} is not in {REFERENCE_PATH.name}")

    # -- OFAC ---------------------------------------------------------
    def consolidated_list(self, tags: list[str]) -> tuple[str, ConsolidatedRule] | tuple[None, None]:
        """The non-SDN list a consolidated-file row with ``tags`` is on (first matching rule)."""
        for rule in self.consolidated_rules:
            if rule.matches(tags):
                return rule.list, rule
        return None, None

    def listing_date(self, list_code: str, dates: dict[str, str]) -> str | None:
        """A list's own listing date among ``{"Listing Date (CMIC)": iso, ...}`` (the earliest that applies)."""
        labels = [p for r in self.consolidated_rules if r.list == list_code for p in r.listing_date]
        found = [d for label, d in dates.items() if any(label.startswith(p) for p in labels)]
        return min(found) if found else None

    def authorities_for(self, tags: list[str]) -> list[str]:
        """Authority codes the programme ``tags`` stand for (known to the reference data only)."""
        out: list[str] = []
        for tag in tags:
            for code in self.program_authorities.get(tag, []):
                if code in self.authorities and code not in out:
                    out.append(code)
        return out

    # -- CSL ----------------------------------------------------------
    def csl_list(self, source: str) -> str | None:
        """The list code a CSL ``source`` name stands for, by full name then by its (ABBR)."""
        source = " ".join(source.split())
        code = self.csl_sources.get(source)
        if code:
            return code
        for abbr in re.findall(r"\(([^)]+)\)", source):
            if abbr in self.csl_abbreviations:
                return self.csl_abbreviations[abbr]
        return None

    def statutory_list(self, program: str) -> str | None:
        """The list code of a statutory-list row, from "Section NNN" in its programme."""
        m = re.search(r"Section\s+(\d+)", program or "")
        return self.statutory_sections.get(m.group(1)) if m else None

    # -- identifiers --------------------------------------------------
    def identifier_spec(self, text: str) -> tuple[IdentifierSpec, str] | tuple[None, None]:
        """The identifier spec whose label starts ``text``, and the rest of the text."""
        low = text.lower()
        for spec in self.identifiers:
            lab = spec.label.lower()
            if low.startswith(lab) and (len(low) == len(lab) or not low[len(lab)].isalnum()):
                return spec, text[len(spec.label):].strip(" :,")
        return None, None

    def identifier_by_label(self, label: str) -> IdentifierSpec | None:
        """The spec for an exact label (CSL ``ids`` items name it exactly)."""
        return self._id_by_label.get(label.strip().rstrip(":").strip().lower())

    # -- assertions ---------------------------------------------------
    def expected(self, family: str, list_code: str) -> tuple[int, int] | None:
        rng = (self.counts.get(family) or {}).get(list_code)
        if not rng:
            return None
        return int(rng.get("min", 0)), int(rng.get("max", 10**9))


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The parsed tables (cached: they are packaged data)."""
    with open(PROGRAMS_PATH, encoding="utf-8") as fh:
        programs = yaml.safe_load(fh)
    with open(ASSERTIONS_PATH, encoding="utf-8") as fh:
        assertions = yaml.safe_load(fh) or {}
    return Tables(programs, assertions, load_reference(REFERENCE_PATH))

