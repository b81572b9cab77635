"""FollowTheMoney export (judged by followthemoney's own model) and the FtM loader."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from followthemoney import model as FTM
from followthemoney.types import registry

from sanctions_kg.graph.load import load_paths
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.export_ftm import write_ftm
from sanctions_kg.graph.facts import Evidence
from sanctions_kg.loaders.reference import REFERENCE_PATH
from sanctions_kg.loaders.registry import detect
from sanctions_kg.schema import MODEL
from sanctions_kg.schema.ftm_map import ftm_id, label_schema
from interchange_support import HOSTILE, demo_like, demo_like_path  # noqa: F401 (fixtures)


def read_entities(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def exported(demo_like, tmp_path) -> tuple[EmbeddedStore, list[dict], dict]:
    out = tmp_path / "graph.ftm.json"
    summary = write_ftm(demo_like, out)
    return demo_like, read_entities(out), summary


def test_every_entity_passes_followthemoneys_validation(exported):
    _, entities, summary = exported
    assert len(entities) == summary["entities"] > 0
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities), "entity ids are unique"
    for data in entities:
        schema = FTM.get(data["schema"])
        assert schema is not None and not schema.abstract
        schema.validate(data)  # raises InvalidData: required properties, value types
        proxy = FTM.get_proxy(data, cleaned=False)  # FtM's own cleaning must not change anything
        assert proxy.to_dict()["properties"] == data["properties"], data["id"]
        for prop, value in proxy.itervalues():
            if prop.type == registry.entity:
                assert value in ids, f"{data['id']}.{prop.name} points at a missing entity {value}"
                target = FTM.get(next(e["schema"] for e in entities if e["id"] == value))
                assert prop.range is None or target.is_a(prop.range)


def test_ftm_command_line_validate_keeps_every_value(demo_like, tmp_path):
    """FtM's own `ftm validate` re-parses and cleans each entity; nothing may change or drop."""
    out, checked = tmp_path / "graph.ftm.json", tmp_path / "validated.ftm.json"
    write_ftm(demo_like, out)
    ftm = Path(sys.executable).with_name("ftm")
    subprocess.run([str(ftm), "validate", "-i", str(out), "-o", str(checked)], check=True,
                   capture_output=True, text=True)
    ours = {e["id"]: (e["schema"], e["properties"]) for e in read_entities(out)}
    theirs = {e["id"]: (e["schema"], e["properties"]) for e in read_entities(checked)}
    assert theirs == ours


def test_listings_become_sanctions_with_list_dates_and_provenance(exported):
    store, entities, _ = exported
    sanctions = [e for e in entities if e["schema"] == "Sanction"]
    listings = list(store.iter_rels("LISTED_ON"))
    assert len(sanctions) == len(listings)
    by_entity = {}
    for s in sanctions:
        by_entity.setdefault((s["properties"]["entity"][0], s["properties"]["programId"][0]), []).append(s)
    for rel in listings:
        lst = store.get_node(rel["dst"])["props"]
        [match] = [s for s in by_entity[(ftm_id(rel["src"]), lst["code"])]
                   if s["properties"].get("listingDate") == [rel["props"]["listed_on"]]]
        props = match["properties"]
        assert props["startDate"] == [rel["props"]["listed_on"]]
        assert props.get("endDate", []) == ([rel["props"]["removed_on"]] if "removed_on" in rel["props"] else [])
        assert sorted(props["proof"]) == sorted(ftm_id(s) for s in rel["props"]["sources"])
        urls = {store.get_node(s)["props"].get("url") for s in rel["props"]["sources"]} - {None}
        assert set(props.get("sourceUrl", [])) == urls
        texts = {Evidence.from_json(e).text for e in rel["props"].get("evidence", [])} - {None}
        # FtM's text type folds exotic whitespace (U+2028) into spaces: compare with its cleaning
        assert set(props.get("summary", [])) == {registry.text.clean(t) for t in texts}
        administrators = [store.get_node(r["src"])["props"]["name"]
                          for r in store.iter_rels("ADMINISTERS") if r["dst"] == rel["dst"]]
        assert sorted(props.get("authority", [])) == sorted(administrators)
    hostile = [s for s in sanctions if registry.text.clean(HOSTILE) in s["properties"].get("reason", [])]
    assert len(hostile) == 1


def test_reported_actions_are_risks_with_their_modality_never_sanctions(exported):
    store, entities, _ = exported
    risks = [e for e in entities if e["schema"] == "Risk"]
    for rel in store.iter_rels("CONSIDERED_FOR"):
        [risk] = [r for r in risks if r["properties"]["entity"] == [ftm_id(rel["src"])]
                  and r["properties"].get("status") == [rel["props"]["modality"]]]
        assert risk["properties"]["program"] == [store.get_node(rel["dst"])["props"]["name"]]
    cited = list(store.iter_rels("CITED_FOR"))
    assert len(risks) == len(cited) + len(list(store.iter_rels("CONSIDERED_FOR")))


def test_nodes_map_to_their_labels_schemata_and_the_rest_is_accounted_for(exported):
    store, entities, summary = exported
    counts = {}
    for e in entities:
        counts[e["schema"]] = counts.get(e["schema"], 0) + 1
    for label, n in store.stats()["nodes"].items():
        schema = label_schema(label)
        if schema is None:
            assert summary["skipped"][label] == n
        else:
            assert counts[schema.name] >= n
    ownership = [e for e in entities if e["schema"] == "Ownership"]
    owned = list(store.iter_rels("OWNED_BY")) + list(store.iter_rels("SUBSIDIARY_OF"))
    assert {(o["properties"]["asset"][0], o["properties"]["owner"][0]) for o in ownership} == \
        {(ftm_id(r["src"]), ftm_id(r["dst"])) for r in owned}
    assert any(o["properties"].get("percentage") == ["12.5"] for o in ownership)
    total_rels = sum(store.stats()["relationships"].values())
    interval = sum(counts.get(s, 0) for s in ("Sanction", "Risk", "Ownership", "UnknownLink"))
    assert interval + sum(v for k, v in summary["skipped"].items() if k in MODEL.relationships) == total_rels


# -- the loader -------------------------------------------------------------------
OPENSANCTIONS_LIKE = [
    {"id": "NK-hik", "schema": "Company", "properties": {
        "name": ["Hangzhou Hikvision Digital Technology Co., Ltd."], "alias": ["Hikvision"],
        "weakAlias": ["HIK"], "country": ["cn"], "leiCode": ["300300S39XTBSNH66F17"],
        "addressEntity": ["addr-1"], "topics": ["sanction"]}},
    {"id": "addr-1", "schema": "Address", "properties": {"full": ["555 Qianmo Road, Hangzhou"]}},
    {"id": "os-acme", "schema": "LegalEntity", "properties": {"name": ["Acme Trading FZE"],
                                                              "jurisdiction": ["ae"]}},
    {"id": "os-chen", "schema": "Person", "properties": {"name": ["Chen Example"], "birthDate": ["1962-04-01"]}},
    {"id": "os-doc", "schema": "Document", "properties": {"fileName": ["notice.pdf"], "title": ["A notice"]}},
    {"id": "s1", "schema": "Sanction", "properties": {
        "entity": ["NK-hik"], "programId": ["US-BIS-EL"], "authority": ["Bureau of Industry and Security"],
        "listingDate": ["2019-10-09"], "authorityId": ["84 FR 54002"], "reason": ["Human rights"],
        "proof": ["os-doc"], "summary": ["Added to the Entity List."]}},
    {"id": "s2", "schema": "Sanction", "properties": {
        "entity": ["os-acme"], "program": ["Some Other Programme"], "startDate": ["2022-03-01T00:00:00"],
        "authority": ["Office of Foreign Assets Control"]}},
    {"id": "r1", "schema": "Risk", "properties": {"entity": ["NK-hik"], "status": ["reported"],
                                                 "programId": ["US-OFAC-SDN"], "date": ["2021-06-04"]}},
    {"id": "r2", "schema": "Risk", "properties": {"entity": ["NK-hik"], "reason": ["Human-rights abuses"],
                                                 "startDate": ["2020"]}},
    {"id": "o1", "schema": "Ownership", "properties": {"owner": ["NK-hik"], "asset": ["os-acme"],
                                                      "percentage": ["51%"]}},
    {"id": "d1", "schema": "Directorship", "properties": {"director": ["os-chen"], "organization": ["os-acme"],
                                                         "role": ["Director"]}},
    {"id": "x1", "schema": "Sanction", "properties": {"entity": ["nobody"], "programId": ["US-BIS-EL"]}},
]


@pytest.fixture
def reference_store(tmp_path) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path / "ref.json")
    load_paths(store, [REFERENCE_PATH])
    return store


def test_opensanctions_style_entities_load(reference_store, tmp_path):
    path = tmp_path / "entities.ftm.json"
    path.write_text("".join(json.dumps(e) + "\n" for e in OPENSANCTIONS_LIKE), encoding="utf-8")
    assert detect(path).name == "ftm"
    [row] = load_paths(reference_store, [path])
    assert row["error"] is None
    assert any("Sanction" in m and "skipped" in m for m in row["messages"]), row["messages"]
    store = reference_store
    hik = store.get_node("company:hangzhou-hikvision-digital-technology-co-ltd")["props"]
    assert {"Hikvision", "HIK"} <= set(hik["aliases"])
    assert "lei:300300S39XTBSNH66F17" in hik["identifiers"] and "ftm:NK-hik" in hik["identifiers"]
    assert hik["addresses"] == ["555 Qianmo Road, Hangzhou"]
    assert store.get_node("org:acme-trading-fze")["label"] == "Organization", "a plain LegalEntity"
    assert store.stats()["nodes"].get("Region") == len(list(REFERENCE_REGIONS(store)))
    listed = {(r["src"], r["dst"]): r["props"] for r in store.iter_rels("LISTED_ON")}
    el = listed[("company:hangzhou-hikvision-digital-technology-co-ltd", "list:us-bis-el")]
    assert el["listed_on"] == "2019-10-09" and el["authority_id"] == "84 FR 54002"
    assert "doc:notice-pdf" in el["sources"] and "doc:file-entities-ftm-json" in el["sources"]
    assert Evidence.from_json(el["evidence"][0]).text == "Added to the Entity List."
    new_list = store.get_node("list:some-other-programme")
    assert new_list is not None and listed[("org:acme-trading-fze", new_list["id"])]["listed_on"] == "2022-03-01"
    assert any(r["src"] == "agency:us-ofac" and r["dst"] == new_list["id"] for r in store.iter_rels("ADMINISTERS"))
    [considered] = store.iter_rels("CONSIDERED_FOR")
    assert considered["dst"] == "list:us-ofac-sdn" and considered["props"]["modality"] == "reported"
    [cited] = store.iter_rels("CITED_FOR")
    assert cited["dst"] == "concern:human-rights-abuses" and cited["props"]["date"] == "2020"
    [owned] = store.iter_rels("OWNED_BY")
    assert (owned["src"], owned["dst"], owned["props"]["percentage"]) == (
        "org:acme-trading-fze", "company:hangzhou-hikvision-digital-technology-co-ltd", 51.0)
    [affiliated] = store.iter_rels("AFFILIATED_WITH")
    assert affiliated["src"] == "person:chen-example" and affiliated["props"]["role"] == "Director"


def REFERENCE_REGIONS(store):  # noqa: N802 - the regions the reference data defines
    return (n for n in store.iter_nodes("Region") if n["id"].startswith("region:"))


def test_our_own_export_loads_back_onto_the_reference_data(demo_like, reference_store, tmp_path):
    out = tmp_path / "graph.ftm.json"
    write_ftm(demo_like, out)
    [row] = load_paths(reference_store, [out])
    assert row["error"] is None
    back = reference_store
    original = {(r["src"], r["dst"], r["props"]["listed_on"]) for r in demo_like.iter_rels("LISTED_ON")}
    assert {(r["src"], r["dst"], r["props"]["listed_on"]) for r in back.iter_rels("LISTED_ON")} == original
    for node in demo_like.iter_nodes("Party"):
        again = back.get_node(node["id"])
        assert again is not None and again["label"] == node["label"]
        # FtM's name type collapses whitespace (a newline in a name becomes a space)
        cleaned = {registry.name.clean(a) for a in node["props"].get("aliases", [])}
        assert cleaned <= set(again["props"].get("aliases", []))
    considered = {(r["src"], r["props"]["modality"]) for r in back.iter_rels("CONSIDERED_FOR")}
    assert considered >= {(r["src"], r["props"]["modality"]) for r in demo_like.iter_rels("CONSIDERED_FOR")
                          if r["dst"].startswith("list:")}


def test_a_line_that_is_not_json_names_its_line(tmp_path, store):
    from sanctions_kg.errors import InputError
    from sanctions_kg.loaders.ftm import read
    from sanctions_kg.loaders.registry import LoadContext

    path = tmp_path / "bad.ftm.json"
    path.write_text(json.dumps(OPENSANCTIONS_LIKE[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ftm\.json:2: not JSON"):
        list(read(path, LoadContext(store=store, path=path)))
