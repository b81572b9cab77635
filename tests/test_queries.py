"""The canned queries on the demo graph: answers an analyst could cite."""

import pytest

from sanctions_kg.cli.demo_cmd import demo_inputs
from sanctions_kg.cli.load_cmd import PARTIAL_OPTIONS, load_paths
from sanctions_kg.errors import AmbiguousEntity, SkgError
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.queries.catalog import catalog
from sanctions_kg.queries.runner import run_query

HIK = "company:hangzhou-hikvision-digital-technology-co-ltd"


@pytest.fixture(scope="module")
def demo():
    store = EmbeddedStore()
    rows = load_paths(store, demo_inputs(), options=PARTIAL_OPTIONS)
    assert not [r for r in rows if r["error"]]
    return store


def test_every_query_has_an_embedded_twin_and_an_example():
    from sanctions_kg.queries.embedded import IMPLEMENTATIONS

    for name, spec in catalog().items():
        assert name in IMPLEMENTATIONS, name
        assert spec.example.startswith(f"skg query {name}"), name
        assert "ORDER BY" in spec.cypher, f"{name} must order its rows"


def test_precedents_find_other_xinjiang_cases_and_what_followed(demo):
    rows = run_query(demo, "precedents", {"entity": "hikvision", "region": "Xinjiang"})
    parties = {r["party_id"] for r in rows}
    assert {"company:megvii-technology-limited", "company:sensetime-group-limited"} <= parties
    assert HIK not in parties
    cmic = [r for r in rows if r["party_id"] == "company:sensetime-group-limited"
            and r["list_id"] == "list:us-ns-cmic"]
    assert cmic and cmic[0]["listed_on"] == "2021-12-10"
    assert cmic[0]["cited_on"] == "2019-10-09"
    assert cmic[0]["days_after"] == 793  # 2019-10-09 -> 2021-12-10
    assert all(r["citation_sources"] for r in rows)


def test_escalation_measures_days_to_the_harsher_list(demo):
    rows = run_query(demo, "escalation", {"concern": "human rights"})
    sense = [r for r in rows if r["party_id"] == "company:sensetime-group-limited"]
    assert sense, rows
    move = sense[0]
    assert move["from_list_id"] == "list:us-bis-el" and move["to_list_id"] == "list:us-ns-cmic"
    assert move["to_severity"] > move["from_severity"]
    assert move["days"] == 793  # 2019-10-09 -> 2021-12-10
    assert move["from_sources"] and move["to_sources"]
    assert run_query(demo, "escalation", {"concern": "human rights", "since": "2030"}) == []


def test_exposure_keeps_reported_actions_apart(demo):
    rows = run_query(demo, "exposure", {"entity": "hikvision"})
    considered = [r for r in rows if r["kind"] == "considered"]
    assert [r["list_id"] for r in considered] == ["list:us-ofac-sdn"]
    assert not [r for r in rows if r["kind"] == "listing" and r["list_id"] == "list:us-ofac-sdn"]
    assert rows.index(considered[0]) == len(rows) - 1


def test_timeline_changes_region_agency_peers_sources(demo):
    dates = [r["date"] for r in run_query(demo, "timeline", {"entity": "hikvision"})]
    assert dates == sorted(dates) and dates
    added = run_query(demo, "changes", {"list": "Entity List", "since": "2020", "until": "2020-12-31"})
    assert {r["party_id"] for r in added} == {"company:semiconductor-manufacturing-international-corporation",
                                             "company:sz-dji-technology-co-ltd"}
    region = run_query(demo, "region", {"region": "Zhejiang"})
    assert HIK in {r["party_id"] for r in region}  # located in Hangzhou, which is part of Zhejiang
    agency = run_query(demo, "agency", {"agency": "Department of Commerce"})
    assert any(r["list_id"] == "list:us-bis-el" and r["year"] == "2019" for r in agency)
    peers = run_query(demo, "peers", {"entity": "hikvision"})
    assert any(r["party_id"] == "company:megvii-technology-limited" and r["basis"] == "same notice" for r in peers)
    src = run_query(demo, "sources", {"entity": "hikvision", "type": "CONSIDERED_FOR"})
    assert src and all(e["source"] == r["document_id"] for r in src for e in r["evidence"])


def test_parameters_are_validated(demo):
    with pytest.raises(SkgError, match="date"):
        run_query(demo, "changes", {"list": "Entity List", "since": "last year"})
    with pytest.raises(SkgError, match="unknown parameter"):
        run_query(demo, "timeline", {"entity": "hikvision", "colour": "red"})
    with pytest.raises(SkgError, match="required"):
        run_query(demo, "precedents", {})
    with pytest.raises(AmbiguousEntity):
        run_query(demo, "agency", {"agency": "department"})


def test_path_connects_two_entities_hop_by_hop(demo):
    rows = run_query(demo, "path", {"source": "hikvision", "target": "Megvii"})
    assert rows and rows[0]["path"] == 1 and rows[0]["from_id"] == HIK
    first = [r for r in rows if r["path"] == 1]
    assert [r["hop"] for r in first] == list(range(1, len(first) + 1))
    assert first[-1]["to_id"] == "company:megvii-technology-limited"
    assert all(r["sources"] for r in rows)
    assert run_query(demo, "path", {"source": "hikvision", "target": "Megvii", "k": "1"}) == []


def test_docs_list_the_catalog_as_the_headers_declare_it():
    from pathlib import Path

    from sanctions_kg.queries.catalog import catalog_markdown

    doc = Path(__file__).resolve().parents[1] / "docs" / "queries.md"
    assert doc.read_text(encoding="utf-8") == catalog_markdown()
