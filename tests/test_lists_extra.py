"""DoD 1260H, FCC Covered List, BIS MIEU and statutory lists (OpenSanctions transcriptions, read only)."""

from __future__ import annotations

import csv

import pytest

from list_helpers import listed, listings_of, lists_dir, load
from sanctions_kg.loaders.registry import detect


def table(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.shared
def test_1260h_has_one_listing_per_period(shared, store):
    path = lists_dir(shared) / "dod_1260h/sanctions.csv"
    assert detect(path).name == "lists_extra"
    rows = load(store, path)
    assert not rows[0]["error"] and rows[0]["problems"] == 0, rows[0]["messages"]
    records = table(path)
    rels = listings_of(store, "US-DOD-1260H")
    assert sum(len(r["props"]["evidence"]) for r in rels) == len(records)  # every row cited once
    ended = [r for r in records if r["End date"]]
    assert sum(1 for r in rels if r["props"].get("removed_on")) == len(ended)
    hik_rows = [r for r in records if r["Clean Name"] == "Hangzhou Hikvision Digital Technology Co., Ltd."]
    (hik,) = store.find_nodes("Hangzhou Hikvision Digital Technology Co., Ltd.", ["Party"])
    periods = sorted(p["listed_on"] for p in listed(store, hik["id"], "US-DOD-1260H"))
    assert periods == sorted(r["Start date"] for r in hik_rows)
    (parent,) = store.find_nodes("China Electronics Technology Group Corporation", ["Party"])
    assert any(r["src"] == hik["id"] and r["dst"] == parent["id"] for r in store.iter_rels("SUBSIDIARY_OF"))


@pytest.mark.shared
def test_fcc_covered_list_names_the_producers(shared, store):
    path = lists_dir(shared) / "fcc_covered_list/table.csv"
    load(store, path)
    names = {store.get_node(r["src"])["props"]["name"]: r["props"] for r in listings_of(store, "US-FCC-COVERED")}
    assert names["Hangzhou Hikvision Digital Technology Company"]["listed_on"] == "2021-03-12"
    assert names["AO Kaspersky Lab"]["listed_on"] == "2022-03-25"
    assert "Kaspersky Lab, Inc." in names and "ComNet (USA) LLC" in names
    (comnet,) = store.find_nodes("ComNet (USA) LLC", ["Party"])
    (pacific,) = store.find_nodes("Pacific Networks Corp", ["Party"])
    assert any(r["src"] == comnet["id"] and r["dst"] == pacific["id"] for r in store.iter_rels("SUBSIDIARY_OF"))
    # equipment classes without a named producer are not parties
    assert not store.find_nodes("routers", ["Party"])


@pytest.mark.shared
def test_mieu_and_statutory_lists(shared, store):
    base = lists_dir(shared)
    load(store, base / "bis_meu/mieu.csv")
    (gru,) = store.find_nodes("GRU", ["Party"])
    (mieu,) = listed(store, gru["id"], "US-BIS-MIEU")
    assert mieu["listed_on"] == "2021-03-16" and mieu["authority_id"] == "FR Doc. 2021-00977"
    assert gru["props"]["country"] == "ru" and gru["label"] == "Organization"
    for name, code in [("section_889.csv", "US-NDAA-889"), ("section_5949.csv", "US-NDAA-5949"),
                       ("section_154.csv", "US-NDAA-154"), ("section_1286.csv", "US-NDAA-1286")]:
        rows = load(store, base / "us_statutory_lists" / name)
        assert not rows[0]["error"] and rows[0]["problems"] == 0, rows[0]["messages"]
        assert sum(len(r["props"]["evidence"]) for r in listings_of(store, code)) == len(
            table(base / "us_statutory_lists" / name)), code
    (smic,) = store.find_nodes("Semiconductor Manufacturing International Corporation", ["Party"])
    (ban,) = listed(store, smic["id"], "US-NDAA-5949")
    assert ban["listed_on"] == "2022-12-23"  # no date in the file: the statute's enactment
    (catl,) = store.find_nodes("Contemporary Amperex Technology Company, Limited", ["Party"])
    (battery,) = listed(store, catl["id"], "US-NDAA-154")
    assert battery["listed_on"] == "2023-12-22" and "Takes effect 2027-10-01" in battery["provisions"]
    (tsinghua,) = store.find_nodes("Tsinghua University", ["Party"])
    assert tsinghua["label"] == "Organization"
