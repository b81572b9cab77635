"""The embedded store: merge rule, persistence, idempotent reload, crash-safe saves."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.pipeline import build
from sanctions_kg.loaders.reference import REFERENCE_PATH, read as read_reference
from sanctions_kg.loaders.registry import LoadContext


def hikvision_facts(doc_key="news/a", listed="2019-10-09"):
    doc = Node("Document", doc_key, {"title": doc_key, "kind": "news"})
    hik = Node("Company", "Hangzhou Hikvision Digital Technology Co., Ltd.",
               {"aliases": ["Hikvision"], "sources": [doc.id]})
    el = Node("SanctionList", "US-BIS-EL", {"name": "Entity List"})
    ev = Evidence(doc.id, "Hikvision was added to the Entity List.", 0, 40)
    return [doc, hik, el, Rel("LISTED_ON", hik.id, el.id, {"listed_on": listed}, [ev])]


def test_round_trip_through_disk(tmp_path):
    s = EmbeddedStore(tmp_path / "g.json")
    report = build(hikvision_facts(), s)
    assert report.problems == []
    again = EmbeddedStore(tmp_path / "g.json")
    assert again.dump() == s.dump()
    assert again.stats() == {"nodes": {"Company": 1, "Document": 1, "SanctionList": 1},
                             "relationships": {"LISTED_ON": 1}}


def test_reload_is_a_no_op_and_two_sources_accumulate(tmp_path):
    s = EmbeddedStore(tmp_path / "g.json")
    build(hikvision_facts(), s)
    before = s.dump()
    mtime = (tmp_path / "g.json").stat().st_mtime_ns
    build(hikvision_facts(), s)
    assert s.dump() == before
    assert (tmp_path / "g.json").stat().st_mtime_ns == mtime, "an unchanged store is not rewritten"
    build(hikvision_facts(doc_key="news/b"), s)
    [rel] = list(s.iter_rels("LISTED_ON"))
    assert rel["props"]["sources"] == ["doc:news-a", "doc:news-b"]
    assert len(rel["props"]["evidence"]) == 2


def test_relisting_keeps_history(tmp_path):
    s = EmbeddedStore(tmp_path / "g.json")
    facts = hikvision_facts(listed="2019-10-09")
    build(facts, s)
    hik, el = facts[1].id, facts[2].id
    removal = Rel("LISTED_ON", hik, el, {"listed_on": "2019-10-09", "removed_on": "2020-01-01"},
                  [Evidence("doc:news-a")])
    relist = Rel("LISTED_ON", hik, el, {"listed_on": "2021-03-01"}, [Evidence("doc:news-a")])
    build([removal, relist], s)
    periods = sorted((r["props"]["listed_on"], r["props"].get("removed_on")) for r in s.iter_rels("LISTED_ON"))
    assert periods == [("2019-10-09", "2020-01-01"), ("2021-03-01", None)]


def test_bad_facts_are_reported_and_good_ones_kept(tmp_path):
    s = EmbeddedStore(tmp_path / "g.json")
    facts = hikvision_facts()
    bad = Rel("LISTED_ON", facts[1].id, facts[2].id, {"listed_on": "2019-10-09", "modality": "reported"},
              [Evidence("doc:news-a")], line=7)
    report = build(facts + [bad], s, source_name="input.txt")
    assert len(report.problems) == 1 and report.problems[0].startswith("input.txt:7:")
    assert "modality" in report.problems[0]
    assert s.stats()["relationships"] == {"LISTED_ON": 1}


def test_reference_data_loads_with_provenance(tmp_path):
    s = EmbeddedStore(tmp_path / "g.json")
    ctx = LoadContext(store=s, path=REFERENCE_PATH)
    report = build(read_reference(REFERENCE_PATH, ctx), s)
    assert report.problems == [] and ctx.problems == []
    for rel in s.iter_rels():
        assert rel["props"]["sources"], rel
        for src in rel["props"]["sources"]:
            assert s.get_node(src)["label"] == "Document"
    el = s.get_node("list:us-bis-el")["props"]
    sdn = s.get_node("list:us-ofac-sdn")["props"]
    assert sdn["severity"] > el["severity"] > 0
    admin = [r["src"] for r in s.in_rels("list:us-ofac-sdn", "ADMINISTERS")]
    assert admin == ["agency:us-ofac"]
    assert [r["dst"] for r in s.out_rels("region:cn-xj", "PART_OF")] == ["region:cn"]


def test_killing_a_save_midway_leaves_the_previous_store_readable(tmp_path):
    """SIGKILL a process while it saves a large graph; the old file must still load."""
    path = tmp_path / "g.json"
    s = EmbeddedStore(path)
    build(hikvision_facts(), s)
    before = s.dump()
    script = textwrap.dedent(f"""
        import sys
        from sanctions_kg.graph.embedded import EmbeddedStore
        s = EmbeddedStore({str(path)!r})
        nodes = [{{"id": f"company:c{{i}}", "label": "Company",
                   "props": {{"name": "x" * 2000 + str(i)}}}} for i in range(60000)]
        s.upsert_nodes(nodes)
        print("saving", flush=True)
        s.commit()
        print("saved", flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "saving"
    deadline = time.time() + 30
    while time.time() < deadline and not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
        time.sleep(0.005)
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the save finished before it could be killed"
    assert EmbeddedStore(path).dump() == before
    json.loads(path.read_text())  # still one whole JSON document
    for leftover in tmp_path.glob("*.tmp"):
        os.unlink(leftover)


def test_rollback_drops_uncommitted_writes(tmp_path):
    s = EmbeddedStore(tmp_path / "g.json")
    build(hikvision_facts(), s)
    s.upsert_nodes([{"id": "company:zzz", "label": "Company", "props": {"name": "ZZZ"}}])
    s.rollback()
    assert s.get_node("company:zzz") is None
    assert s.get_node("list:us-bis-el") is not None


def test_rollback_undoes_every_kind_of_write_since_the_last_commit(tmp_path):
    """The journal undoes new and changed nodes, new, changed and deleted relationships."""
    s = EmbeddedStore(tmp_path / "g.json")
    build(hikvision_facts(), s)
    committed = s.dump()
    on_disk = (tmp_path / "g.json").read_bytes()
    hik = "company:hangzhou-hikvision-digital-technology-co-ltd"
    [listing] = list(s.iter_rels("LISTED_ON"))
    s.upsert_nodes([{"id": "company:zzz", "label": "Company", "props": {"name": "ZZZ"}},
                    {"id": hik, "label": "Company", "props": {"aliases": ["HIK"]}}])
    s.upsert_rels([{**listing, "props": {"listed_on": "2019-10-07"}},
                   {"type": "LISTED_ON", "src": "company:zzz", "dst": "list:us-bis-el", "key": "zzz-el",
                    "props": {"listed_on": "2020"}}])
    s.delete_rels([listing])
    assert s.dump() != committed
    s.rollback()
    assert s.dump() == committed
    assert (tmp_path / "g.json").read_bytes() == on_disk  # undone in memory, the file never touched


def test_deferred_saves_write_the_file_once_and_keep_each_commit(tmp_path, monkeypatch):
    s = EmbeddedStore(tmp_path / "g.json")
    saves = []
    real_save = EmbeddedStore.save
    monkeypatch.setattr(EmbeddedStore, "save", lambda self, path: saves.append(path) or real_save(self, path))
    with s.deferred_saves():
        build(hikvision_facts("news/a"), s)          # commits
        build(hikvision_facts("news/b"), s)          # commits
        after_two = s.dump()
        s.upsert_nodes([{"id": "company:zzz", "label": "Company", "props": {"name": "ZZZ"}}])
        s.rollback()                                 # a failed third file: only its writes go
        assert s.dump() == after_two
        s.upsert_nodes([{"id": "company:yyy", "label": "Company", "props": {"name": "YYY"}}])
        assert saves == []                           # nothing written inside the block
    assert len(saves) == 1                           # one save at its end ...
    on_disk = EmbeddedStore(tmp_path / "g.json")
    assert on_disk.dump() == after_two               # ... of the commits, not the uncommitted write
    assert on_disk.get_node("company:yyy") is None and s.get_node("company:yyy") is None
