"""A demo-like graph for the interchange tests (exports, RDF/FtM loaders, ontology).

Not a test module. The graph is the reference data plus the hand-made facts of
``store_pair.handmade_facts`` (listings with two periods, a reported action,
citations, ownership, an affiliation, provenance from several documents),
plus facts whose strings are hostile to every export syntax: quotes of both
kinds, backslashes, newlines, ``}``, ``;``, commas, back-ticks, ``$``,
control characters and characters outside the BMP.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.pipeline import build
from store_pair import build_reference_and_handmade

HOSTILE = ("O'Brien \\ \"quoted\" }) DETACH DELETE n // ; a,b\n"
           "line two\r\n\ttabbed {x} `tick` $param \u2603 \U0001d54f \u2028 end\\")


def hostile_facts() -> list:
    doc = Node("Document", "notes/hostile", {"title": HOSTILE, "kind": "other", "published": "2024-05"})
    company = Node("Company", "Quote \"Corp\" Ltd", {
        "aliases": [HOSTILE, "Semi;Colon Co", "Comma, Inc."], "remarks": HOSTILE, "country": "CN",
        "identifiers": ["uscc:91330000733796106Q"], "addresses": ["1 Road; Block \"B\"\nShenzhen"],
        "sources": [doc.id]})
    person = Node("Person", "Zhang \U0001d54f Wei", {"birth_date": "1960", "sources": [doc.id]})
    said = Evidence(doc.id, HOSTILE, 3, 40, "2024-05-01")
    return [
        doc, company, person,
        Rel("LISTED_ON", company.id, "list:us-bis-el",
            {"listed_on": "2024-05", "reason": HOSTILE, "provisions": "For all items subject to the EAR."}, [said]),
        Rel("OWNED_BY", company.id, "company:hangzhou-hikvision-digital-technology-co-ltd",
            {"percentage": 12.5, "start_date": "2018"}, [said]),
        Rel("AFFILIATED_WITH", person.id, company.id, {"role": HOSTILE}, [said]),
        Rel("CONSIDERED_FOR", company.id, "authority:eo-14032",
            {"modality": "proposed", "reported_on": "2024-05-02"}, [said]),
    ]


def build_demo_like(store) -> None:
    """Reference data, the hand-made facts and the hostile facts, through the real pipeline."""
    build_reference_and_handmade(store)
    report = build(hostile_facts(), store, source_name="hostile")
    assert report.problems == []


@pytest.fixture(scope="session")
def demo_like_path(tmp_path_factory) -> Path:
    """The demo-like embedded store file (built once per session; copy it before writing)."""
    path = tmp_path_factory.mktemp("interchange") / "demo-like.json"
    build_demo_like(EmbeddedStore(path))
    return path


@pytest.fixture
def demo_like(demo_like_path) -> EmbeddedStore:
    """A fresh in-memory copy of the demo-like graph (tests may change it)."""
    store = EmbeddedStore(demo_like_path)
    store.path = None
    return store
