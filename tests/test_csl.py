"""Consolidated Screening List loader: the real trade.gov fixtures and small written files."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest

from list_helpers import loaded_store, by_identifier, evidence_texts, listed, listings_of, lists_dir, load
from sanctions_kg.loaders.fr_citations import parse_citations
from sanctions_kg.loaders.registry import detect

FIXTURE = "trade_csl/2023-11-30_moov-fixture-subset/csl.csv"
HEADER = ["_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
          "federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
          "license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage", "vessel_flag",
          "vessel_owner", "remarks", "source_list_url", "alt_names", "citizenships", "dates_of_birth",
          "nationalities", "places_of_birth", "source_information_url", "ids"]
EL = "Entity List (EL) - Bureau of Industry and Security"


def fixture_rows(path):
    """(line, record) of the well-formed data rows, counted with the csv module alone."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        out = []
        for row in reader:
            if len(row) == len(header) and row != header:
                out.append((reader.line_num, dict(zip(header, row))))
        return out


@pytest.fixture(scope="module")
def csl_store(shared, tmp_path_factory):
    return loaded_store(tmp_path_factory, "csl", lists_dir(shared) / FIXTURE)


@pytest.mark.shared
def test_every_row_is_read_and_cited(shared, csl_store):
    store, row = csl_store
    records = fixture_rows(lists_dir(shared) / FIXTURE)
    summary = row["summary"]
    assert any(f"{len(records)} rows read" in line for line in summary), summary
    per_source = Counter(r["source"] for _, r in records)
    for source, code in [(EL, "US-BIS-EL"),
                         ("Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
                          "US-NS-CMIC"),
                         ("Military End User (MEU) List - Bureau of Industry and Security", "US-BIS-MEU")]:
        rels = listings_of(store, code)
        cited = sum(len(r["props"]["evidence"]) for r in rels)
        assert cited == per_source[source], code  # each row cited once, on its list
    cmic = {r["entity_number"] for _, r in records if "(CMIC)" in r["source"]}
    assert len(listings_of(store, "US-NS-CMIC")) == len(cmic)


@pytest.mark.shared
def test_quirks_repeated_header_and_truncated_last_row(shared, csl_store):
    store, row = csl_store
    path = lists_dir(shared) / FIXTURE
    last_line = sum(1 for _ in open(path, encoding="utf-8"))
    assert any(f"csl.csv:{last_line}: truncated row: 8 of 29 fields" in m for m in row["messages"]), row["messages"]
    assert not store.find_nodes("name", ["Party"])  # the repeated header line is no party
    # U+0092 (a Windows-1252 apostrophe stored as a C1 control) is repaired, not dropped
    assert any("repaired (lines 878, 923, 926)" in m for m in row["messages"]), row["messages"]
    assert store.find_nodes("CAST Xi\u2019an Spaceflight Engine Factory", ["Party"])


@pytest.mark.shared
def test_an_entity_list_row_keeps_its_date_and_federal_register_citations(csl_store):
    store, _ = csl_store
    (node,) = store.find_nodes("Chengdu GaStone Technology Co., Ltd.", ["Party"])
    assert "CGTC" in node["props"]["aliases"]
    (el,) = listed(store, node["id"], "US-BIS-EL")
    assert el["listed_on"] == "2014-08-01"
    assert el["authority_id"] == "79 FR 44680; 81 FR 14953; 83 FR 37423"
    assert {"doc:79-fr-44680", "doc:81-fr-14953", "doc:83-fr-37423", "doc:trade-csl-2023-11-30"} == set(el["sources"])
    assert el["provisions"].startswith("License requirement: For all items subject to the EAR")
    fr = store.get_node("doc:79-fr-44680")["props"]
    assert fr["kind"] == "federal_register" and fr["code"] == "79 FR 44680"
    assert all(t.startswith("csl.csv line ") for t in evidence_texts(el))


@pytest.mark.shared
def test_cmic_rows_carry_ofac_numbers_and_listing_dates(csl_store):
    store, _ = csl_store
    (hik,) = by_identifier(store, "ofac:30946")
    (cmic,) = listed(store, hik["id"], "US-NS-CMIC")
    assert cmic["listed_on"] == "2021-06-03" and cmic["program"] == "CMIC-EO13959"
    meu = store.find_nodes("AASPT", ["Party"])
    assert len(meu) == 1
    (listing,) = listed(store, meu[0]["id"], "US-BIS-MEU")
    assert (listing["listed_on"], listing["authority_id"]) == ("2020-12-23", "85 FR 83799")


@pytest.mark.shared
def test_denial_orders_running_past_the_snapshot_are_not_removals(shared, csl_store):
    store, _ = csl_store
    dpl = [r for _, r in fixture_rows(lists_dir(shared) / FIXTURE) if "(DPL)" in r["source"]]
    future = [r for r in dpl if r["end_date"] > "2023-11-30"]
    past = [r for r in dpl if r["end_date"] and r["end_date"] <= "2023-11-30"]
    assert future
    rels = listings_of(store, "US-BIS-DPL")
    assert sum(1 for r in rels if r["props"].get("removed_on")) <= len(past)
    assert all(r["props"]["removed_on"] <= "2023-11-30" for r in rels if r["props"].get("removed_on"))
    assert any("Listed until" in (r["props"].get("provisions") or "") for r in rels)


@pytest.mark.shared
def test_older_layouts_and_samples_load(shared, store):
    base = lists_dir(shared) / "trade_csl"
    old = load(store, base / "2019-12-03_moov-sample/csl.csv")[0]
    assert not old["error"], old
    assert not [m for m in old["messages"] if "WARNING" not in m and "repaired" not in m], old["messages"]
    fr = store.get_node("doc:82-fr-48792")["props"]
    assert fr["published"] == "2017-10-20"
    new = load(store, base / "2025-06_moov-sample/consolidated.csv")[0]
    assert not new["error"]
    (cetc,) = store.find_nodes("China Electronics Technology Group Corporation 13th Research Institute", ["Party"])
    assert cetc["label"] == "Organization" and "CETC 13" in cetc["props"]["aliases"]
    (sino,) = store.find_nodes("Sinobright Import and Export Company", ["Party"])
    (isn,) = listed(store, sino["id"], "US-STATE-ISN")
    assert isn["authority_id"] == "88 FR No. 151" and isn["listed_on"] == "2023-07-19"


def write_csl(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(HEADER)
        for r in rows:
            w.writerow([r.get(h, "") for h in HEADER])
    return path


def test_affiliated_entities_become_parties_of_their_own(tmp_path, store):
    folder = tmp_path / "2024-02-01"
    folder.mkdir()
    path = write_csl(folder / "csl.csv", [{
        "_id": "x1", "source": EL, "name": "Huawei Technologies Co., Ltd. (Huawei). Affiliated Entity: "
        "Beijing Huawei Digital Technologies Co., Ltd.; Hangzhou Huawei Digital Technology Co., Ltd.",
        "addresses": "Bantian, Longgang District, Shenzhen, CN", "federal_register_notice": "84 FR 22961",
        "start_date": "2019-05-16", "license_policy": "Presumption of denial."}])
    assert detect(path).name == "csl"
    load(store, path)
    (parent,) = store.find_nodes("Huawei Technologies Co., Ltd.", ["Party"])
    assert "Huawei" in parent["props"]["aliases"]
    affiliates = [r["src"] for r in store.iter_rels("AFFILIATED_WITH") if r["dst"] == parent["id"]]
    assert sorted(affiliates) == ["company:beijing-huawei-digital-technologies-co-ltd",
                                  "company:hangzhou-huawei-digital-technology-co-ltd"]
    for node_id in affiliates + [parent["id"]]:
        (el,) = listed(store, node_id, "US-BIS-EL")
        assert el["listed_on"] == "2019-05-16" and el["authority_id"] == "84 FR 22961"
    located = [r["dst"] for r in store.iter_rels("LOCATED_IN") if r["src"] == parent["id"]]
    assert located == ["region:cn-shenzhen"]


def test_json_results_load_like_csv(tmp_path, store):
    path = tmp_path / "consolidated.json"
    path.write_text(json.dumps({"total": 1, "results": [{
        "source": "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
        "entity_number": "33114", "type": "Entity", "programs": ["CMIC-EO13959"], "name": "SenseTime Group Limited",
        "addresses": [{"address": "12 Science Park West Avenue", "city": "Hong Kong", "country": "HK"}],
        "federal_register_notice": None, "start_date": None, "alt_names": ["SenseTime"],
        "ids": [{"type": "Listing Date (CMIC)", "number": "2021-12-10", "country": None},
                {"type": "C.R. No.", "number": "2162198", "country": "HK"}],
    }]}))
    assert detect(path).name == "csl"
    rows = load(store, path, published="2024-03-01")
    assert not rows[0]["error"], rows
    (st,) = by_identifier(store, "ofac:33114")
    assert "reg-hk:2162198" in st["props"]["identifiers"] and st["props"]["country"] == "hk"
    (cmic,) = listed(store, st["id"], "US-NS-CMIC")
    assert cmic["listed_on"] == "2021-12-10"
    assert [r["dst"] for r in store.iter_rels("LOCATED_IN") if r["src"] == st["id"]] == ["region:cn-hk"]


def test_unknown_sources_and_nameless_rows_are_reported(tmp_path, store):
    path = write_csl(tmp_path / "csl.csv", [{"source": "Some Other List", "name": "X Corp"},
                                            {"source": EL, "name": ""},
                                            {"source": EL, "name": "Good Co., Ltd.", "start_date": "2020-01-02"}])
    rows = load(store, path)
    messages = rows[0]["messages"]
    assert any("csl.csv:2:" in m and "unknown CSL source" in m for m in messages), messages
    assert any("csl.csv:3:" in m and "without a name" in m for m in messages), messages
    assert len(listings_of(store, "US-BIS-EL")) == 1


@pytest.mark.parametrize("text, codes", [
    ("85 FR 83799", ["85 FR 83799"]),
    ("83 FR 37423; 87 FR 77505", ["83 FR 37423", "87 FR 77505"]),
    ("Vol. 88, No. 151, 08/08/2023", ["88 FR No. 151"]),
    ("67 F.R. 56530 9/4/02 67 F.R. 10890 3/11/02", ["67 FR 56530", "67 FR 10890"]),
    ("99.F.R. 12345 9/12/2001", ["99 FR 12345"]),
    ("84 FR 54002 No. 196", ["84 FR 54002"]),
    ("FEDERAL REGISTER NOTICE UPDATED", []),
])
def test_federal_register_citation_styles(text, codes):
    assert [c.code for c in parse_citations(text)] == codes
