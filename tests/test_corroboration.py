"""A document's listing statement and the list file's row are one listing, in either load order.

Run on the embedded store and on the real Neo4j server: folding a listing
deletes a relationship, the one write the pipeline otherwise never does.
"""

from __future__ import annotations

import json

import pytest

from sanctions_kg.graph.corroboration import same_listing
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.pipeline import build
from sanctions_kg.graph.resolve import Resolver
from sanctions_kg.loaders.document import read as read_document
from sanctions_kg.loaders.reference import REFERENCE_PATH
from sanctions_kg.loaders.reference import read as read_reference
from sanctions_kg.loaders.registry import LoadContext
from store_pair import open_neo4j

HIK = "company:hangzhou-hikvision-digital-technology-co-ltd"
EL = "list:us-bis-el"


@pytest.fixture(params=["embedded", "neo4j"])
def store(request, tmp_path):
    if request.param == "embedded":
        s = EmbeddedStore(tmp_path / "store.json")
    else:
        server = request.getfixturevalue("neo4j_server")
        request.getfixturevalue("neo4j_clean")
        s = open_neo4j(server)
    build(read_reference(REFERENCE_PATH, LoadContext(path=REFERENCE_PATH)), s)
    yield s
    s.close()


def load_document(store, tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(f"title: {name}\npublished: 2022-05-05\n\n{text}\n", encoding="utf-8")
    return build(read_document(path, LoadContext(store=store, path=path)), store, resolver=Resolver(store))


def load_list_row(store, listed_on: str = "2019-10-09", removed_on: str | None = None):
    """What a list loader yields for one Entity List row: the snapshot document, the party, the listing."""
    snapshot = Node("Document", "entity-list@2024-01-01", {"kind": "list_snapshot", "published": "2024-01-01"})
    party = Node("Company", "Hangzhou Hikvision Digital Technology Co., Ltd.",
                 {"aliases": ["Hikvision"], "sources": [snapshot.id]})
    props = {"listed_on": listed_on, "removed_on": removed_on, "program": "EAR", "authority_id": "84 FR 54002"}
    listing = Rel("LISTED_ON", party.id, EL, {k: v for k, v in props.items() if v}, [Evidence(snapshot.id)])
    return build([snapshot, party, listing], store, resolver=Resolver(store))


def listings(store) -> list[dict]:
    return sorted((r["props"] for r in store.rels_between([(HIK, EL)], "LISTED_ON")),
                  key=lambda p: p["listed_on"])


STATED = "Hangzhou Hikvision Digital Technology Co., Ltd. has been on the Entity List since October 2019."


def test_a_list_file_loaded_after_the_document_absorbs_its_statement(store, tmp_path):
    load_document(store, tmp_path, "a.txt", STATED)
    assert [p["listed_on"] for p in listings(store)] == ["2019-10"]
    report = load_list_row(store)
    assert report.corroborated == 1
    [one] = listings(store)
    assert one["listed_on"] == "2019-10-09" and one["program"] == "EAR"  # the list file's date and data
    assert set(one["sources"]) == {"doc:a-txt", "doc:entity-list-2024-01-01"}  # the document's source survives
    passages = [Evidence.from_json(e) for e in one["evidence"]]
    assert any(e.source == "doc:a-txt" and "since October 2019" in e.text for e in passages)


def test_the_document_loaded_after_the_list_file_joins_it(store, tmp_path):
    load_list_row(store)
    report = load_document(store, tmp_path, "a.txt", STATED)
    assert report.corroborated == 0  # joined while its facts were made: nothing left to fold
    [one] = listings(store)
    assert one["listed_on"] == "2019-10-09" and set(one["sources"]) == {"doc:a-txt", "doc:entity-list-2024-01-01"}


def test_both_orders_give_the_same_graph(tmp_path):
    first, second = EmbeddedStore(), EmbeddedStore()
    for s in (first, second):
        build(read_reference(REFERENCE_PATH, LoadContext(path=REFERENCE_PATH)), s)
    load_document(first, tmp_path, "a.txt", STATED)
    load_list_row(first)
    load_list_row(second)
    load_document(second, tmp_path, "a.txt", STATED)
    # the same graph, except for the resolver's note of which record merged into which
    def facts(store):
        dump = store.dump()
        for node in dump["nodes"]:
            node["props"].pop("merged_from", None)
        return dump

    assert facts(first) == facts(second)


def test_a_statement_of_another_period_stays_its_own_listing(store, tmp_path):
    load_document(store, tmp_path, "b.txt", "On March 1, 2022, the Bureau of Industry and Security added "
                                            "Hangzhou Hikvision Digital Technology Co., Ltd. to the Entity List.")
    report = load_list_row(store, removed_on="2020-06-01")  # removed before the re-listing the document states
    assert report.corroborated == 0
    assert [p["listed_on"] for p in listings(store)] == ["2019-10-09", "2022-03-01"]


@pytest.mark.parametrize("stated, recorded, removed, same", [
    ("2019-10", "2019-10-09", None, True),        # a month contains the day
    ("2019", "2019-10-09", None, True),
    ("2019-10-09", "2019-10", None, True),
    ("2019-10-07", "2019-10-09", None, True),     # announced two days before it took effect
    ("2019-11-10", "2019-10-09", None, False),    # 32 days apart
    ("2019-11", "2019-10-09", None, False),
    ("2021-06", "2019-10-09", "2020-01-01", False),  # removed before the statement's date
])
def test_same_listing(stated, recorded, removed, same):
    assert same_listing(stated, recorded, removed) is same


def test_skg_load_reports_the_statements_a_list_file_absorbed(run_cli, skg_env):
    """The demo's Entity List extract loaded after a document that dates Hikvision's listing by month."""
    from sanctions_kg.cli.demo_cmd import DEMO_DIR

    doc = skg_env / "note.txt"
    doc.write_text("title: note\npublished: 2022-05-05\n\n" + STATED + "\n", encoding="utf-8")
    run_cli("load", doc)
    out = run_cli("load", "--partial", DEMO_DIR / "lists" / "trade-csl" / "entity-list-extract.csv").output
    assert "1 listing(s) stated by documents joined the listing this file records" in " ".join(out.split())
    rows = json.loads(run_cli("query", "exposure", "--param", "entity=hikvision", "--format", "json").output)
    el = [r for r in rows if r["list_id"] == EL]
    assert [r["listed_on"] for r in el] == ["2019-10-09"] and "doc:note-txt" in el[0]["sources"]
