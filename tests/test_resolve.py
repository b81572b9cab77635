"""Entity resolution: one node per real-world party, and no false merges."""

from __future__ import annotations

import json

import pytest

from list_helpers import by_identifier, listed, lists_dir, load
from sanctions_kg.cli.lists_cmd import explain_rows
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.facts import Node
from sanctions_kg.graph.pipeline import build
from sanctions_kg.graph.resolve import Resolver, name_key


def add(store, *nodes):
    """Build party nodes (each from its own document) into the store; returns their resolved ids."""
    docs = {n.props.setdefault("sources", ["doc:test"])[0] for n in nodes}
    facts = [Node("Document", d.removeprefix("doc:"), {"kind": "other"}) for d in sorted(docs)] + list(nodes)
    build(facts, store, resolver=Resolver(store))
    return [n.id for n in nodes]


def party(label, name, source="doc:a", **props):
    return Node(label, name, {"sources": [source], **props})


def test_identifiers_merge_whatever_the_names(store):
    a, b = add(store, party("Company", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.", identifiers=["ofac:30946"]),
               party("Company", "Hikvision Digital (Hangzhou)", "doc:b", identifiers=["ofac:30946"]))
    assert a == b
    props = store.get_node(a)["props"]
    assert props["name"] == "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."  # the first name stays
    assert "Hikvision Digital (Hangzhou)" in props["aliases"]
    (decision,) = [json.loads(m) for m in props["merged_from"]]
    assert decision == {"name": "Hikvision Digital (Hangzhou)", "source": "doc:b", "reason": "identifier ofac:30946"}


def test_conflicting_identifiers_keep_two_parties(store):
    a, b = add(store, party("Person", "ZHANG, Wei", identifiers=["ofac:1"]),
               party("Person", "ZHANG, Wei", "doc:b", identifiers=["ofac:2"]))
    assert a != b and b == "person:zhang-wei-ofac-2"
    # the same record again finds its own node, not the other one
    (c,) = add(store, party("Person", "ZHANG, Wei", "doc:c", identifiers=["ofac:2"]))
    assert c == b


def test_a_name_key_merges_only_when_one_party_has_it(store):
    (hik,) = add(store, party("Company", "Hangzhou Hikvision Digital Technology Co., Ltd."))
    (same,) = add(store, party("Company", "Hangzhou Hikvision Digital Technology Company", "doc:b"))
    assert same == hik
    decision = json.loads(store.get_node(hik)["props"]["merged_from"][0])
    assert decision["reason"] == "name key hangzhou hikvision digital technology"
    # two parties share a key: a third record with that key is ambiguous and stays apart
    add(store, party("Company", "Acme Trading Co., Ltd.", country="cn"),
        party("Company", "Acme Trading Limited", "doc:b", country="ru"))
    (third,) = add(store, party("Company", "Acme Trading Company", "doc:c"))
    assert third == "company:acme-trading-company"


def test_conflicts_block_name_merges(store):
    a, b = add(store, party("Company", "Kaspersky Lab AO"), party("Company", "Kaspersky Lab, Inc.", "doc:b"))
    assert a != b, "a joint-stock company and an Inc. are different legal persons"
    c, d = add(store, party("Company", "Orion Shipping Co., Ltd.", country="cn"),
               party("Company", "Orion Shipping Limited", "doc:b", country="pa"))
    assert c != d
    e, f = add(store, party("Company", "Lotus Electronics Co., Ltd.", country="cn"),
               party("Company", "Lotus Electronics Limited", "doc:b", country="hk"))
    assert e == f, "Hong Kong lies in China (rigour's territory relations)"
    g, h = add(store, party("Person", "SMITH, John", birth_date="1960"),
               party("Person", "John Smith", "doc:b", birth_date="1971-02-03"))
    assert g != h


def test_country_codes_compare_whatever_their_case(store):
    """A re-load that writes "CN" where the first wrote "cn" is the same party (session 1 made two)."""
    a, b = add(store, party("Company", "Orion Shipping Co., Ltd.", country="cn"),
               party("Company", "Orion Shipping Co., Ltd.", "doc:b", country="CN"))
    assert a == b and store.get_node(a)["props"]["country"] == "cn"
    assert len([n for n in store.iter_nodes("Company") if n["props"]["name"].startswith("Orion")]) == 1


def test_families_never_merge(store):
    a, b = add(store, party("Company", "Orion Star"), party("Vessel", "ORION STAR", "doc:b"))
    assert a.startswith("company:") and b.startswith("vessel:")
    c, d = add(store, party("Company", "Almaz Holding Co., Ltd."), party("Organization", "Almaz Holding", "doc:b"))
    assert c == d, "Company and Organization are one family"


def test_people_match_whatever_the_name_order(store):
    a, b = add(store, party("Person", "ZAHHAR, Mahmoud Khaled", nationality=None),
               party("Person", "Mahmoud Khaled ZAHHAR", "doc:b"))
    assert a == b


def test_single_word_keys_do_not_merge_but_exact_aliases_do(store):
    (group,) = add(store, party("Company", "Stroytransgaz Group", aliases=["Stroytransgaz"]))
    (llc,) = add(store, party("Company", "Stroytransgaz LLC", "doc:b"))
    assert llc != group
    (news,) = add(store, party("Company", "Stroytransgaz", "doc:c"))
    assert news == group  # written exactly as the group's alias


def test_name_keys():
    assert name_key("Huawei Technologies Co., Ltd.", "org") == name_key("Huawei Technologies Company", "org")
    assert name_key("China Telecom (Americas) Corp.", "org") != name_key("China Telecom Corporation Limited", "org")
    assert name_key("AB", "org") is None


@pytest.mark.shared
def test_hikvision_from_four_lists_is_one_node(shared, tmp_path):
    base = lists_dir(shared)
    store = EmbeddedStore(tmp_path / "s.json")
    load(store, base / "trade_csl/2023-11-30_moov-fixture-subset/csl.csv")
    load(store, base / "ofac_consolidated/2025-12-19")
    load(store, base / "dod_1260h/sanctions.csv")
    load(store, base / "us_statutory_lists/section_889.csv")
    (hik,) = by_identifier(store, "ofac:30946")
    assert [n["id"] for n in store.find_nodes("Hikvision", ["Party"])] == [hik["id"]]
    assert listed(store, hik["id"], "US-NS-CMIC") and listed(store, hik["id"], "US-NDAA-889")
    assert len(listed(store, hik["id"], "US-DOD-1260H")) == 3  # three listing periods in the 1260H file
    rows = explain_rows(store, hik["id"])
    merged = {(r["source"], r["reason"]) for r in rows if r["aspect"] == "merged"}
    assert ("ofac-cons@2025-12-19", "identifier ofac:30946") in merged
    assert ("dod-1260h@2026-06-08", "same name") in merged
    assert any(src.startswith("ndaa-889@") and reason == "name key hangzhou hikvision digital technology"
               for src, reason in merged)
    sources = {r["value"] for r in rows if r["aspect"] == "source"}
    assert {"trade-csl@2023-11-30", "ofac-cons@2025-12-19", "dod-1260h@2026-06-08"} <= sources
    # Huawei Technologies and its parent holding stay two parties
    # (OFAC gives Huawei Technologies the a.k.a. "HUAWEI INVESTMENT & HOLDING CO LTD", yet lists the holding apart)
    holding = by_identifier(store, "ofac:32087")
    tech = by_identifier(store, "ofac:30947")
    assert len(holding) == 1 and len(tech) == 1 and holding[0]["id"] != tech[0]["id"]
    assert any(r["src"] == tech[0]["id"] and r["dst"] == holding[0]["id"] for r in store.iter_rels("SUBSIDIARY_OF"))


def test_skg_explain_shows_merges(run_cli, tmp_path):
    csv_path = tmp_path / "2024-01-01"
    csv_path.mkdir()
    (csv_path / "sdn.csv").write_bytes(
        b'30946,"HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.",-0- ,"CMIC-EO13959",-0- ,-0- ,-0- ,-0- ,-0- ,'
        b'-0- ,-0- ,"Listing Date (CMIC) 03 Jun 2021."\r\n\x1a')
    extra = tmp_path / "section_889.csv"
    extra.write_text("schema,name,aliases,topics,program,authority,reason,report-date,start-date,end-date,country,"
                     "notes,source_url\nCompany,Hangzhou Hikvision Digital Technology Company,,debarment,Section 889"
                     " of the John S. McCain National Defense Authorization Act for Fiscal Year 2019,United States "
                     "Congress,,,,,,,https://www.congress.gov/115/plaws/publ232/PLAW-115publ232.pdf\n")
    run_cli("load", csv_path, extra)
    out = json.loads(run_cli("explain", "hikvision", "--format", "json").stdout)
    merged = [r for r in out if r["aspect"] == "merged"]
    assert merged and merged[0]["reason"] == "name key hangzhou hikvision digital technology"
    assert {r["value"] for r in out if r["aspect"] == "identifier"} == {"ofac:30946"}


@pytest.mark.parametrize("code", range(128))
def test_the_ascii_fast_path_folds_every_character_as_normality_does(code):
    from normality import normalize

    from sanctions_kg.graph.names import normalize_name

    text = f"Acme{chr(code)}Robotics {chr(code)} Co.{chr(code)}"
    assert normalize_name(text) == (normalize(text, lowercase=True, latinize=True) or "")


def test_the_ascii_fast_path_agrees_on_random_names():
    from hypothesis import given, settings, strategies as st
    from normality import normalize

    from sanctions_kg.graph.names import normalize_name

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
    def agree(text):
        assert normalize_name(text) == (normalize(text, lowercase=True, latinize=True) or "")

    agree()
