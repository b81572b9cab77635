"""Listing history: newer snapshots record additions and removals; nothing is deleted."""

from __future__ import annotations

import json

import pytest

from list_helpers import by_identifier, evidence_texts, listed, listings_of, lists_dir, load, ofac_rows
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.history import changes

SDN_LIST = "list:us-ofac-sdn"


@pytest.fixture(scope="module")
def pair_store(shared, tmp_path_factory):
    store = EmbeddedStore(tmp_path_factory.mktemp("pair") / "store.json")
    for day in ("2024-05-02", "2024-05-03"):
        rows = load(store, lists_dir(shared) / "ofac_sdn" / day)
        assert not rows[0]["error"], rows
    return store


@pytest.mark.shared
def test_the_real_pair_removes_what_disappeared(shared, pair_store):
    old = {r[0]: r for r in ofac_rows(lists_dir(shared) / "ofac_sdn/2024-05-02/sdn.csv")}
    new = {r[0]: r for r in ofac_rows(lists_dir(shared) / "ofac_sdn/2024-05-03/sdn.csv")}
    gone, came = set(old) - set(new), set(new) - set(old)
    rows = changes(pair_store, SDN_LIST)
    removed = {r["party_id"] for r in rows if r["change"] == "removed"}
    assert len(removed) == len(gone) == 8
    assert {r["party"] for r in rows if r["change"] == "removed"} == {old[e][1] for e in gone}
    assert sum(r["change"] == "added" for r in rows) == len(came) == 0
    assert all(r["date"] == "2024-05-03" and r["listed_on"] == "2024-05-02" for r in rows)
    # nothing is deleted: the removed parties and their listings are still there, closed
    (emperor,) = by_identifier(pair_store, "ofac:38556")
    (rel,) = listed(pair_store, emperor["id"], "US-OFAC-SDN")
    assert rel["removed_on"] == "2024-05-03"
    assert rel["sources"] == ["doc:ofac-sdn-2024-05-02", "doc:ofac-sdn-2024-05-03"]
    assert any("absent from ofac-sdn@2024-05-03" in t for t in evidence_texts(rel))
    # parties still listed keep one listing, first seen on 2024-05-02, cited by both snapshots
    (cuba,) = by_identifier(pair_store, "ofac:36")
    (still,) = listed(pair_store, cuba["id"], "US-OFAC-SDN")
    assert still["listed_on"] == "2024-05-02" and "removed_on" not in still and len(still["sources"]) == 2


@pytest.mark.shared
def test_skg_changes_reports_the_pair(shared, run_cli):
    base = lists_dir(shared) / "ofac_sdn"
    run_cli("load", base / "2024-05-02", base / "2024-05-03")
    out = json.loads(run_cli("changes", "--list", "SDN", "--since", "2024-05-03", "--format", "json").stdout)
    assert len(out) == 8 and {r["change"] for r in out} == {"removed"}
    assert "EMPEROR AVIATION LTD" in {r["party"] for r in out}
    csv_out = run_cli("changes", "--list", "US-OFAC-SDN", "--until", "2024-05-02", "--format", "csv").stdout
    assert csv_out.splitlines() == ["date,change,party,party_id,listed_on,removed_on,program,source"]


def snapshot(folder, rows):
    """Write rows (lists of 12 fields) as an OFAC sdn.csv in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)

    def field(i, v):
        if i == 0:
            return v
        return v if v == "-0- " else '"' + v.replace('"', '""') + '"'

    lines = [",".join(field(i, v) for i, v in enumerate(r)) for r in rows]
    (folder / "sdn.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("latin-1") + b"\x1a")
    return folder


@pytest.mark.shared
def test_edited_snapshots_add_remove_and_relist(shared, tmp_path, store):
    base = ofac_rows(lists_dir(shared) / "ofac_sdn/2024-05-03/sdn.csv")[:3000]
    r1, r2, r3 = base[10], base[20], base[30]
    newcomer = ["99999001", "NEW TRADING CO., LTD.", "-0- ", "SDGT"] + ["-0- "] * 8
    load(store, snapshot(tmp_path / "2024-06-01", base))
    load(store, snapshot(tmp_path / "2024-07-01", [r for r in base if r not in (r1, r2, r3)] + [newcomer]))
    rows = changes(store, SDN_LIST, since="2024-06-02")
    assert sorted((r["change"], r["party"]) for r in rows) == sorted(
        [("removed", r1[1]), ("removed", r2[1]), ("removed", r3[1]), ("added", newcomer[1])])
    assert all(r["date"] == "2024-07-01" for r in rows)
    # r1 comes back: a second listing period, the first stays closed
    load(store, snapshot(tmp_path / "2024-08-01", [r for r in base if r not in (r2, r3)] + [newcomer]))
    (party,) = by_identifier(store, f"ofac:{r1[0]}")
    periods = sorted((p["listed_on"], p.get("removed_on")) for p in listed(store, party["id"], "US-OFAC-SDN"))
    assert periods == [("2024-06-01", "2024-07-01"), ("2024-08-01", None)]
    later = changes(store, SDN_LIST, since="2024-08-01")
    assert [(r["change"], r["party"]) for r in later] == [("added", r1[1])]
    assert len(listings_of(store, "US-OFAC-SDN")) == len(base) + 2  # nothing deleted, one relisting, one newcomer


def test_an_older_snapshot_after_a_newer_one_is_refused(tmp_path, store):
    row = ["36", "AEROCARIBBEAN AIRLINES", "-0- ", "CUBA"] + ["-0- "] * 8
    assert not load(store, snapshot(tmp_path / "2024-06-01", [row]))[0]["error"]
    before = store.dump()
    result = load(store, snapshot(tmp_path / "old" / "2024-01-01", [row]))[0]
    assert "older than the ofac-sdn@2024-06-01 already loaded" in result["error"]
    assert store.dump() == before


def test_a_partial_file_does_not_delist_everyone(tmp_path, store):
    rows = [[str(1000 + i), f"COMPANY NUMBER {i} LTD", "-0- ", "SDGT"] + ["-0- "] * 8 for i in range(40)]
    load(store, snapshot(tmp_path / "2024-06-01", rows))
    result = load(store, snapshot(tmp_path / "2024-06-02", rows[:5]))[0]
    assert any("would remove 35 of 40 open list:us-ofac-sdn listings" in m for m in result["messages"])
    assert not [r for r in listings_of(store, "US-OFAC-SDN") if r["props"].get("removed_on")]
    # with history switched off, absences are never read as removals either
    load(store, snapshot(tmp_path / "2024-06-03", rows[:39]), history=False)
    rels = listings_of(store, "US-OFAC-SDN")
    assert len(rels) == 40 and not [r for r in rels if r["props"].get("removed_on")]
