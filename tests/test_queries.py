"""The canned queries on the embedded store: answers an analyst could cite.

Two graphs: the research graph of ``query_graph.py`` (hand-made facts whose
expected rows are worked out by hand from their dates) and the demo graph
(``skg demo``'s corpus). Neo4j gives the same rows: ``test_query_parity.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from query_graph import ALPHA, BETA, DAHUA, DELTA, EL, EZVIZ, FCC, GAMMA, HIK, OMEGA, SDN, ZETA, build_research_graph
from sanctions_kg.errors import AmbiguousEntity, EntityNotFound, SkgError
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.queries.catalog import PARAM_TYPES, catalog
from sanctions_kg.queries.docs import catalog_markdown, demo_store
from sanctions_kg.queries.runner import run_query

DEMO_HIK = "company:hangzhou-hikvision-digital-technology-co-ltd"


@pytest.fixture(scope="module")
def research():
    store = EmbeddedStore()
    build_research_graph(store)
    return store


@pytest.fixture(scope="module")
def demo():
    return demo_store()


def pick(rows: list[dict], *columns: str) -> list[tuple]:
    return [tuple(r[c] for c in columns) for r in rows]


# -- the catalog ----------------------------------------------------------------------
def test_every_query_has_an_embedded_twin_an_example_and_a_total_order():
    from sanctions_kg.queries.embedded import IMPLEMENTATIONS

    assert set(IMPLEMENTATIONS) == set(catalog())
    for name, spec in catalog().items():
        assert spec.example.startswith(f"skg query {name}"), name
        assert "ORDER BY" in spec.cypher, f"{name} must order its rows"
        assert all(p.type in PARAM_TYPES and p.help for p in spec.params), name


def test_cypher_receives_only_parameters():
    """Nothing is pasted into query text: the Cypher files are constants and use $parameters."""
    for spec in catalog().values():
        # a frontier query's entity, depth and limits drive the runner's expansion, not the Cypher
        walked = {"entity", "depth", "expand_all", "max_nodes"} if spec.options.get("expand") == "frontier" else set()
        for p in spec.params:
            assert p.name in walked or f"${p.name}" in spec.cypher, f"{spec.name} declares {p.name}, never reads it"
        assert "{{" not in spec.cypher and "%s" not in spec.cypher


# -- precedents -------------------------------------------------------------------------
def test_precedents_follow_the_parties_cited_for_the_same_concern_in_the_region(research):
    rows = run_query(research, "precedents", {"entity": "hikvision", "region": "Xinjiang"})
    assert {r["party_id"] for r in rows} == {ALPHA.id, DAHUA.id, GAMMA.id, ZETA.id}  # Beta: China, Delta: forced labour
    alpha = [r for r in rows if r["party_id"] == ALPHA.id]
    # cited "2019" (2019-01-01): Entity List "2020-05" (2020-05-01) 486 days later, then the SDN 731 days later
    assert pick(alpha, "list_id", "listed_on", "days_after", "severity", "harsher") == [
        (EL, "2020-05", 486, 50, True), (SDN, "2021-01-01", 731, 100, True)]
    assert alpha[1]["severity_before"] is None  # on no list when cited
    # the citation's passage and the listing's source are both on the row
    assert alpha[1]["sources"][0] == "doc:news-xinjiang-2019" and "doc:ofac-sdn-2021-01-01" in alpha[1]["sources"]
    assert any(e["text"] == "Alpha Vision was cited." for e in alpha[1]["evidence"])


def test_precedents_say_whether_the_later_list_was_harsher(research):
    rows = run_query(research, "precedents", {"entity": "hikvision"})
    (zeta,) = [r for r in rows if r["party_id"] == ZETA.id]
    assert (zeta["list_id"], zeta["days_after"], zeta["severity_before"], zeta["harsher"]) == (EL, 62, 100, False)
    dahua = [r for r in rows if r["party_id"] == DAHUA.id]
    # both Entity List periods and the FCC listing; the SDN listing is only first seen in a snapshot: left out
    assert pick(dahua, "list_id", "listed_on", "days_after") == [
        (EL, "2019-10-09", 8), (EL, "2021-03-01", 517), (FCC, "2021-03-12", 528)]
    (gamma,) = [r for r in rows if r["party_id"] == GAMMA.id]  # undated citation: nothing follows it
    assert gamma["list_id"] is None and gamma["days_after"] is None and gamma["sources"]
    assert BETA.id in {r["party_id"] for r in rows}  # no region given: China counts too


# -- escalation -------------------------------------------------------------------------
def test_escalation_finds_moves_to_harsher_lists_with_the_days_between(research):
    rows = run_query(research, "escalation", {"concern": "human rights"})
    assert pick(rows, "party_id", "from_list_id", "to_list_id", "days") == [
        (ALPHA.id, EL, SDN, 245), (HIK.id, EL, "list:us-ns-cmic", 603)]
    assert all(r["to_severity"] > r["from_severity"] for r in rows)
    assert all(r["sources"] and r["evidence"] for r in rows)
    # Zeta went from the SDN to the Entity List (milder); Dahua's SDN date is a first snapshot's, unknown
    assert not {ZETA.id, DAHUA.id} & {r["party_id"] for r in rows}


def test_escalation_filters(research):
    def parties(**params):
        return [r["party_id"] for r in run_query(research, "escalation", params)]

    assert parties(since="2021-02") == [HIK.id]
    assert parties(until="2021") == [ALPHA.id, HIK.id]  # until=2021 takes in all of 2021
    assert parties(until="2020") == []
    assert parties(agency="Department of the Treasury") == [ALPHA.id, HIK.id]  # OFAC is part of it
    assert parties(agency="BIS") == []
    assert parties(region="Urumqi") == []  # cited for Xinjiang, located in Urumqi: not the same thing
    assert parties(concern="forced labour") == []


# -- the list queries -------------------------------------------------------------------
def test_exposure_keeps_reported_actions_apart_and_marks_first_seen_dates(research):
    rows = run_query(research, "exposure", {"entity": "dahua"})
    assert pick(rows, "kind", "list_id", "listed_on", "removed_on", "first_seen") == [
        ("listing", EL, "2019-10-09", "2020-01", False), ("listing", SDN, "2020-01-01", None, True),
        ("listing", EL, "2021-03-01", None, False), ("listing", FCC, "2021-03-12", None, False)]
    hik = run_query(research, "exposure", {"entity": "hikvision"})
    assert pick(hik, "kind", "list_id", "modality") == [
        ("listing", EL, "asserted"), ("listing", "list:us-ns-cmic", "asserted"), ("considered", SDN, "reported")]
    assert hik[0]["authority_id"] == "84 FR 54002" and hik[0]["agencies"] == ["Bureau of Industry and Security"]


def test_changes_agree_with_the_snapshot_history(research):
    from sanctions_kg.graph.history import changes as history_changes

    rows = run_query(research, "changes", {"list": "SDN"})
    # Dahua and Omega were first seen in the first snapshot: the baseline, not additions
    assert pick(rows, "date", "change", "party_id") == [("2018-01-05", "added", ZETA.id),
                                                        ("2021-01-01", "added", ALPHA.id)]
    for list_id in (SDN, EL):
        expected = {(r["date"], r["change"], r["party_id"]) for r in history_changes(research, list_id)}
        assert set(pick(run_query(research, "changes", {"list": list_id}), "date", "change", "party_id")) == expected
    in_2020 = run_query(research, "changes", {"list": "Entity List", "since": "2020", "until": "2020"})
    assert pick(in_2020, "date", "change", "party_id") == [
        ("2020-01", "removed", DAHUA.id), ("2020-02-01", "added", ZETA.id), ("2020-05", "added", ALPHA.id)]
    assert run_query(research, "changes", {"list": "Entity List", "since": "2020-01-15", "until": "2020-03"})[0][
        "party_id"] == ZETA.id


def test_agency_counts_additions_per_year_and_undated_apart(research):
    rows = run_query(research, "agency", {"agency": "OFAC"})
    sdn = {r["year"]: r["additions"] for r in rows if r["list_id"] == SDN}
    assert sdn == {"2018": 1, "2021": 1, None: 2}  # Dahua and Omega: first seen, date unknown
    commerce = run_query(research, "agency", {"agency": "Department of Commerce"})  # BIS is part of it
    el = {r["year"]: r["additions"] for r in commerce if r["list_id"] == EL}
    assert el == {"2019": 2, "2020": 2, "2021": 1}
    assert ("list:us-bis-dpl", None, 0) in pick(commerce, "list_id", "year", "additions")


def test_peers_share_a_notice_or_a_listing_date(research):
    rows = run_query(research, "peers", {"entity": "dahua"})
    assert pick(rows, "party_id", "list_id", "basis") == [(HIK.id, EL, ["same notice", "same list and date"])]
    # Omega was first seen in the same snapshot as Dahua's SDN listing: that is no common action
    assert OMEGA.id not in {r["party_id"] for r in rows}


# -- graph walks ----------------------------------------------------------------------
def test_path_lists_every_shortest_connection_hop_by_hop(research):
    rows = run_query(research, "path", {"source": "EZVIZ Network", "target": "dahua"})
    paths = {}
    for r in rows:
        paths.setdefault(r["path"], []).append(r)
    assert all(len(p) == 3 and p[0]["from_id"] == EZVIZ.id and p[-1]["to_id"] == DAHUA.id for p in paths.values())
    # via the concern, via the reported SDN action, and once through each of Dahua's two Entity List periods
    assert [p[1]["type"] for p in paths.values()] == ["CITED_FOR", "CONSIDERED_FOR", "LISTED_ON", "LISTED_ON"]
    assert paths[3][2]["key"] != paths[4][2]["key"] and paths[3][2]["direction"] == "backward"
    assert all(r["sources"] for r in rows)
    only = run_query(research, "path", {"source": "EZVIZ Network", "target": "dahua", "types": "SUBSIDIARY_OF,CITED_FOR"})
    assert [r["type"] for r in only] == ["SUBSIDIARY_OF", "CITED_FOR", "CITED_FOR"]
    assert run_query(research, "path", {"source": "EZVIZ Network", "target": "dahua", "k": 2}) == []
    long = run_query(research, "path", {"source": "Chen Example", "target": "Alpha Vision Systems", "k": 6})
    assert [r["to_id"] for r in long] == [GAMMA.id, "concern:human-rights-abuses", ALPHA.id]


def test_neighbourhood_expands_through_parties_only_by_default(research):
    rows = run_query(research, "neighbourhood", {"entity": "EZVIZ", "depth": 2})
    assert rows[0]["depth"] == 1 and rows[0]["dst"] == HIK.id
    assert {r["depth"] for r in rows} == {1, 2}
    assert not [r for r in rows if r["src"] == DAHUA.id]  # Dahua is reached only through the Entity List
    narrow = run_query(research, "neighbourhood", {"entity": "EZVIZ", "depth": 2, "types": "SUBSIDIARY_OF"})
    assert [r["type"] for r in narrow] == ["SUBSIDIARY_OF"]


def test_region_takes_in_sub_regions_and_citations(research):
    rows = run_query(research, "region", {"region": "Xinjiang"})
    ties = {r["party_id"]: r["ties"] for r in rows}
    assert ties[GAMMA.id] == ["cited", "located"] and ties[ALPHA.id] == ["cited", "located"]  # Urumqi is in Xinjiang
    assert ties[DELTA.id] == ["cited"] and BETA.id not in ties
    assert BETA.id in {r["party_id"] for r in run_query(research, "region", {"region": "China"})}


def test_timeline_orders_partial_dates_as_their_first_day(research):
    rows = run_query(research, "timeline", {"entity": "dahua"})
    assert pick(rows, "date", "event", "first_seen") == [
        ("2019-10", "cited", False), ("2019-10-09", "listed", False), ("2020-01-01", "listed", True),
        ("2020-01", "removed", False), ("2021-03-01", "listed", False), ("2021-03-12", "listed", False)]
    region = run_query(research, "timeline", {"entity": "Xinjiang"})
    assert {r["party_id"] for r in region} == {HIK.id, DAHUA.id, ALPHA.id, DELTA.id, ZETA.id}  # Gamma: undated


def test_sources_of_an_entity_and_of_one_fact(research):
    rows = run_query(research, "sources", {"entity": "hikvision", "other": "Entity List"})
    assert pick(rows, "document_id", "type") == [("doc:84-fr-54002", "LISTED_ON")]
    assert [e["text"] for e in rows[0]["evidence"]] == ["The entities are added to the Entity List."]
    everything = run_query(research, "sources", {"entity": "hikvision"})
    assert ("doc:news-xinjiang-2019", None) in pick(everything, "document_id", "type")  # the node's own source
    assert all(e["source"] == r["document_id"] for r in everything for e in r["evidence"])


def test_a_write_refreshes_the_query_index():
    from sanctions_kg.graph.facts import Evidence, Rel
    from sanctions_kg.graph.pipeline import build

    store = EmbeddedStore()
    build_research_graph(store)
    assert run_query(store, "escalation", {"concern": "forced labour"}) == []
    build([Rel("LISTED_ON", DELTA.id, SDN, {"listed_on": "2023-01-01"}, [Evidence("doc:news-2021", "x")])], store)
    moved = run_query(store, "escalation", {"concern": "forced labour"})
    assert pick(moved, "party_id", "to_list_id", "days") == [(DELTA.id, SDN, 205)]  # 2022-06-10 -> 2023-01-01


# -- parameters and names ---------------------------------------------------------------
def test_parameters_are_validated_with_clear_messages(research):
    with pytest.raises(SkgError, match="must be a date YYYY, YYYY-MM or YYYY-MM-DD"):
        run_query(research, "changes", {"list": "Entity List", "since": "2021-13"})
    with pytest.raises(SkgError, match="unknown parameter"):
        run_query(research, "timeline", {"entity": "hikvision", "colour": "red"})
    with pytest.raises(SkgError, match="'entity' is required"):
        run_query(research, "precedents", {})
    with pytest.raises(SkgError, match="k must be between 1 and 6, got 9"):
        run_query(research, "path", {"source": "hikvision", "target": "dahua", "k": "9"})
    with pytest.raises(SkgError, match="unknown relationship type"):
        run_query(research, "sources", {"entity": "hikvision", "types": "LISTED"})
    with pytest.raises(EntityNotFound, match="did you mean"):
        run_query(research, "exposure", {"entity": "Hikvision Holdings"})


def test_names_resolve_through_aliases_and_ambiguity_lists_candidates(research):
    assert run_query(research, "exposure", {"entity": "HIKVISION"}) == run_query(research, "exposure",
                                                                                 {"entity": HIK.id})
    with pytest.raises(AmbiguousEntity) as err:
        run_query(research, "agency", {"agency": "department"})
    assert "U.S. Department of Commerce [Agency agency:us-doc]" in str(err.value)
    with pytest.raises(EntityNotFound):  # a party parameter does not take a list
        run_query(research, "exposure", {"entity": "Entity List"})


# -- the demo graph and the docs ------------------------------------------------------------
def test_demo_precedents_and_escalation_answer_the_researchers(demo):
    rows = run_query(demo, "precedents", {"entity": "hikvision", "region": "Xinjiang"})
    cmic = [r for r in rows if r["party_id"] == "company:sensetime-group-limited" and r["list_id"] == "list:us-ns-cmic"]
    assert pick(cmic, "cited_on", "listed_on", "days_after", "harsher") == [("2019-10-09", "2021-12-10", 793, True)]
    assert DEMO_HIK not in {r["party_id"] for r in rows} and all(r["sources"] for r in rows)
    moves = run_query(demo, "escalation", {"concern": "human rights"})
    assert ("company:sensetime-group-limited", "list:us-bis-el", "list:us-ns-cmic", 793) in pick(
        moves, "party_id", "from_list_id", "to_list_id", "days")


def test_docs_page_is_generated_from_the_headers_and_the_demo_graph(demo):
    doc = Path(__file__).resolve().parents[1] / "docs" / "queries.md"
    assert doc.read_text(encoding="utf-8") == catalog_markdown(demo), \
        "docs/queries.md is stale: python -m sanctions_kg.queries.docs > docs/queries.md"


def test_skg_query_prints_table_json_csv_and_per_query_help(run_cli, skg_env):
    run_cli("demo", "-o", skg_env / "out")
    help_text = run_cli("query", "path", "--help").stdout
    assert "k (int (1-6), default '4')" in help_text and "Example: skg query path" in help_text
    rows = json.loads(run_cli("query", "precedents", "--param", "entity=hikvision", "--format", "json").stdout)
    assert rows and all(r["sources"] for r in rows)
    assert isinstance(rows[0]["evidence"][0], dict)  # passages as objects, not JSON strings
    csv_out = run_cli("query", "escalation", "--param", "concern=human rights", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("party_id,party,from_list_id")
    table = run_cli("query", "exposure", "--param", "entity=hikvision").stdout
    assert table.lstrip().startswith("exposure") and "(no rows)" not in table
    bad = run_cli("query", "path", "--param", "source=hikvision", "--param", "target=Megvii", "--param", "k=0",
                  ok=False)
    assert bad.exit_code != 0 and "k must be between 1 and 6" in bad.output
