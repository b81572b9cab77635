"""The Neo4j store on a real server: schema from the model, the merge rule, lookups, failures.

Tests marked ``neo4j`` run against the server of the ``neo4j_server`` fixture
(tests/neo4j_support.py); the others check failure paths that need no server.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
from neo4j import GraphDatabase

from sanctions_kg.errors import StoreError
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.names import normalize_name
from sanctions_kg.graph.neo4j_store import schema_statements
from sanctions_kg.graph.store import Store
from sanctions_kg.loaders.reference import REFERENCE_PATH
from sanctions_kg.schema import MODEL
from store_pair import build_reference_and_handmade, open_neo4j


@pytest.fixture
def neo(neo4j_server, neo4j_clean):
    store = open_neo4j(neo4j_server)
    yield store
    store.close()


@pytest.fixture
def neo_env(neo4j_server, neo4j_clean, skg_env, monkeypatch):
    """CLI environment whose credentials reach the test server; returns its URI."""
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_server.database)
    return neo4j_server.uri


def closed_port() -> int:
    """A local TCP port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- schema --------------------------------------------------------------------
@pytest.mark.neo4j
def test_constraints_and_labels_are_derived_from_the_model(neo):
    names = {r["name"] for r in neo.run_cypher("SHOW CONSTRAINTS YIELD name RETURN name")}
    names |= {r["name"] for r in neo.run_cypher("SHOW INDEXES YIELD name RETURN name")}
    assert set(schema_statements()) <= names
    kinds = {r["name"]: r["type"] for r in neo.run_cypher("SHOW CONSTRAINTS YIELD name, type RETURN name, type")}
    assert kinds["entity_id_unique"] == "UNIQUENESS"
    assert {kinds[f"{t.lower()}_key_unique"] for t in MODEL.relationships} == {"RELATIONSHIP_UNIQUENESS"}
    assert neo.ensure_schema() == [], "opening a store twice creates nothing new"

    build_reference_and_handmade(neo)
    rows = neo.run_cypher("MATCH (n) RETURN n.id AS id, labels(n) AS labels")
    assert rows
    for row in rows:
        label = MODEL.label_of(row["id"])
        assert set(row["labels"]) == set(MODEL.ancestors(label)) | {MODEL.base_label}, row
    parties = neo.run_cypher("MATCH (p:Party) RETURN count(p) AS n")[0]["n"]
    assert parties == sum(neo.stats()["nodes"].get(lab, 0) for lab in MODEL.expand(["Party"]))


@pytest.mark.neo4j
def test_uniqueness_is_enforced_by_the_server(neo):
    build_reference_and_handmade(neo)
    with pytest.raises(StoreError, match="already exists"):
        neo.run_cypher("CREATE (:Entity:Region {id: 'region:cn'})", write=True)
    with pytest.raises(StoreError, match="already exists"):
        neo.run_cypher("MATCH (a:Region {id: 'region:cn'}), (b:Region {id: 'region:cn-xj'}) "
                       "WITH a, b MATCH ()-[r:PART_OF]->() WITH a, b, r LIMIT 1 "
                       "CREATE (a)-[:PART_OF {key: r.key}]->(b)", write=True)


# -- the merge rule ---------------------------------------------------------------
def _node(node_id, **props):
    return {"id": node_id, "label": MODEL.label_of(node_id), "props": props}


def _rel(src, dst, listed_on, **props):
    return {"type": "LISTED_ON", "src": src, "dst": dst,
            "key": MODEL.rel_key("LISTED_ON", src, dst, {"listed_on": listed_on}),
            "props": dict(props, listed_on=listed_on)}


MERGE_BATCHES = [
    ([_node("company:x", name="X", aliases=["b", "a"], sources=["doc:1"], country="CN"),
      _node("list:us-bis-el", name="Entity List", code="US-BIS-EL"),
      _node("doc:1", name="one", code="1"), _node("doc:2", name="two", code="2")],
     [_rel("company:x", "list:us-bis-el", "2019-10-09", sources=["doc:1"], program="EAR", modality="asserted")]),
    # same facts again: nothing changes; a null scalar never overwrites
    ([_node("company:x", name="X", aliases=["b", "a"], sources=["doc:1"], country=None)],
     [_rel("company:x", "list:us-bis-el", "2019-10-09", sources=["doc:1"], program=None)]),
    # a second source: lists grow by ordered union (existing first), scalars take the new value
    ([_node("company:x", name="X Corp", aliases=["c", "a", "d"], sources=["doc:2", "doc:1"]),
      _node("company:x", remarks="second record of the same batch", aliases=["e"])],
     [_rel("company:x", "list:us-bis-el", "2019-10-09", sources=["doc:2"], program="EAR-744"),
      _rel("company:x", "list:us-bis-el", "2021-03-01", sources=["doc:2"])]),
]


@pytest.mark.neo4j
def test_merge_rule_is_identical_to_the_embedded_store(neo, tmp_path):
    emb = EmbeddedStore(tmp_path / "e.json")
    for nodes, rels in MERGE_BATCHES:
        for store in (emb, neo):
            store.upsert_nodes(nodes)
            store.upsert_rels(rels)
            # list order matters here, not only membership: compare the raw records
            assert store.get_node("company:x") == emb.get_node("company:x")
        assert sorted(neo.iter_rels(), key=lambda r: r["key"]) == sorted(emb.iter_rels(), key=lambda r: r["key"])
    x = neo.get_node("company:x")["props"]
    assert x["aliases"] == ["b", "a", "c", "d", "e"] and x["sources"] == ["doc:1", "doc:2"]
    assert x["name"] == "X Corp" and x["country"] == "CN"
    first = next(r for r in neo.iter_rels("LISTED_ON") if r["props"]["listed_on"] == "2019-10-09")
    assert first["props"] == {"listed_on": "2019-10-09", "sources": ["doc:1", "doc:2"],
                              "program": "EAR-744", "modality": "asserted"}
    assert neo.stats() == emb.stats() == {"nodes": {"Company": 1, "Document": 2, "SanctionList": 1},
                                          "relationships": {"LISTED_ON": 2}}


@pytest.mark.neo4j
def test_reload_is_a_no_op(neo, tmp_path):
    build_reference_and_handmade(neo)
    stats, dump = neo.stats(), neo.dump()
    build_reference_and_handmade(neo)
    assert neo.stats() == stats
    assert neo.dump() == dump
    emb = EmbeddedStore(tmp_path / "e.json")
    build_reference_and_handmade(emb)
    assert emb.dump() == dump


@pytest.mark.neo4j
def test_small_batches_give_the_same_graph(neo4j_server, neo):
    build_reference_and_handmade(neo)
    expected = neo.dump()
    neo.clear()
    assert neo.stats() == {"nodes": {}, "relationships": {}}
    small = open_neo4j(neo4j_server, batch_size=7)
    try:
        build_reference_and_handmade(small)
        assert small.dump() == expected
    finally:
        small.close()


@pytest.mark.neo4j
def test_relationship_to_an_unknown_node_fails_and_writes_nothing_of_its_batch(neo):
    neo.upsert_nodes([_node("company:x", name="X"), _node("list:us-bis-el", name="EL", code="US-BIS-EL")])
    good = _rel("company:x", "list:us-bis-el", "2019-10-09", sources=["doc:1"])
    bad = _rel("company:x", "list:us-ofac-sdn", "2019-10-09", sources=["doc:1"])
    with pytest.raises(StoreError, match="list:us-ofac-sdn"):
        neo.upsert_rels([good, bad])
    assert list(neo.iter_rels()) == []


# -- reads ------------------------------------------------------------------------
@pytest.mark.neo4j
def test_find_nodes_follows_the_generic_rule(neo, tmp_path):
    """The indexed lookup gives what :meth:`Store.find_nodes` gives on the same graph.

    Both the embedded store's indexed override and Neo4j's Cypher version must
    give what the generic rule gives; the two graphs are checked equal first,
    so any difference is the lookup's.
    """
    build_reference_and_handmade(neo)
    emb = EmbeddedStore(tmp_path / "e.json")
    build_reference_and_handmade(emb)
    assert neo.dump() == emb.dump()
    # besides every name, alias and code: words common to many names, and text no name has
    probes = {"", "  ", "nothing like this", "hik", "list:us-bis-el", "agency:us-bis", "of", "u s", "list",
              "department of", "Xinjiang!", "Синьцзян", "zz"}
    for node in emb.iter_nodes():
        props = node["props"]
        for name in [props.get("name"), props.get("code"), *(props.get("aliases") or [])]:
            if name:
                probes.add(name)
                probes.update(normalize_name(name).split()[:2])
    label_sets = [None, ["Party"], ["SanctionList"], ["Region", "Concern"]]
    found = 0
    for text in sorted(probes):
        for labels in label_sets:
            want = [n["id"] for n in Store.find_nodes(emb, text, labels)]
            assert [n["id"] for n in emb.find_nodes(text, labels)] == want, (text, labels)
            assert [n["id"] for n in neo.find_nodes(text, labels)] == want, (text, labels)
            found += bool(want)
    assert found > 100
    [hik] = neo.find_nodes("HIKVISION", ["Party"])
    assert hik == emb.get_node("company:hangzhou-hikvision-digital-technology-co-ltd")


@pytest.mark.neo4j
def test_run_cypher_is_read_only_unless_asked_and_returns_plain_values(neo):
    with pytest.raises(StoreError, match="read-only"):
        neo.run_cypher("CREATE (:Scratch {id: 'x'})")
    assert neo.run_cypher("MATCH (n:Scratch) RETURN count(n) AS n") == [{"n": 0}]
    neo.run_cypher("CREATE (:Scratch {id: $id, tags: $tags})", {"id": "x", "tags": ["a", "b"]}, write=True)
    rows = neo.run_cypher(
        "MATCH (n:Scratch) RETURN n, n.tags AS tags, date('2024-02-29') AS d, {k: [1, 2.5]} AS m")
    assert rows == [{"n": {"id": "x", "tags": ["a", "b"]}, "tags": ["a", "b"], "d": "2024-02-29",
                     "m": {"k": [1, 2.5]}}]
    with pytest.raises(StoreError, match="Neo4j error"):
        neo.run_cypher("MATCH (n RETURN n")


# -- failures -----------------------------------------------------------------------
def test_unreachable_server_is_a_clear_error():
    from sanctions_kg.graph.neo4j_store import Neo4jStore

    port = closed_port()
    with pytest.raises(StoreError, match=f"cannot reach Neo4j at bolt://127.0.0.1:{port}"):
        Neo4jStore.from_uri(f"bolt://127.0.0.1:{port}", password="not-shown-anywhere")


@pytest.mark.neo4j
def test_wrong_password_is_a_clear_error_that_hides_the_password(neo4j_server):
    from sanctions_kg.graph.neo4j_store import Neo4jStore

    with pytest.raises(StoreError) as info:
        Neo4jStore.from_uri(neo4j_server.uri, user=neo4j_server.user, password="Wr0ng-password-xyz")
    message = str(info.value)
    assert "rejected the credentials" in message and neo4j_server.uri in message
    assert "Wr0ng-password-xyz" not in message
    with pytest.raises(StoreError) as info:
        Neo4jStore.from_uri(neo4j_server.uri.replace("://", f"://{neo4j_server.user}:Wr0ng-in-uri@"))
    assert "rejected the credentials" in str(info.value) and "Wr0ng-in-uri" not in str(info.value)


def test_load_into_a_dead_server_fails_cleanly(run_cli):
    port = closed_port()
    result = run_cli("--store", f"bolt://127.0.0.1:{port}", "load", REFERENCE_PATH, ok=False)
    assert result.exit_code != 0
    assert f"cannot reach Neo4j at bolt://127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_sync_to_a_dead_server_leaves_the_embedded_store_untouched(run_cli, skg_env):
    run_cli("load", REFERENCE_PATH)
    path = skg_env / "home" / "store.json"
    before = path.read_bytes(), path.stat().st_mtime_ns
    result = run_cli("sync", "--to", f"bolt://127.0.0.1:{closed_port()}", ok=False)
    assert result.exit_code != 0 and "cannot reach Neo4j" in result.output
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# -- the commands ---------------------------------------------------------------------
def test_cypher_on_the_embedded_store_says_what_to_do(run_cli):
    result = run_cli("cypher", "MATCH (n) RETURN count(n)", ok=False)
    assert result.exit_code != 0
    assert "needs a Neo4j store" in result.output and "skg neo4j start" in result.output


@pytest.mark.neo4j
def test_sync_copies_the_embedded_store_and_is_idempotent(run_cli, neo_env, neo, skg_env):
    run_cli("load", REFERENCE_PATH)
    emb = EmbeddedStore(skg_env / "home" / "store.json")
    run_cli("sync", "--to", neo_env, "--batch-size", "50")
    assert neo.dump() == emb.dump()
    run_cli("sync", "--to", neo_env)
    assert neo.dump() == emb.dump()
    assert neo.stats() == emb.stats()


@pytest.mark.neo4j
def test_cypher_command_reads_by_default_and_writes_on_request(run_cli, neo_env, neo):
    import json

    build_reference_and_handmade(neo)
    out = run_cli("--store", neo_env, "cypher",
                  "MATCH (l:SanctionList {code: $code})<-[r:LISTED_ON]-(p) "
                  "WHERE size(r.sources) >= $min RETURN p.name AS name, r.listed_on AS listed_on ORDER BY listed_on",
                  "-p", "code=US-BIS-EL", "-p", "min=1", "--format", "json").stdout
    rows = json.loads(out)
    assert {"name": "Hangzhou Hikvision Digital Technology Co., Ltd.", "listed_on": "2019-10-09"} in rows
    refused = run_cli("--store", neo_env, "cypher", "MATCH (n:Region {code: 'CN'}) SET n.touched = true", ok=False)
    assert refused.exit_code != 0 and "--write" in refused.output
    assert neo.get_node("region:cn")["props"].get("touched") is None
    run_cli("--store", neo_env, "cypher", "MATCH (n:Region {code: $c}) SET n.touched = $v", "-p", "c=CN",
            "-p", "v=true", "--write")
    assert neo.get_node("region:cn")["props"]["touched"] is True
    csv_out = run_cli("--store", neo_env, "cypher", "RETURN $xs AS xs, $s AS s", "-p", 'xs=["a", "b"]',
                      "-p", "s=not json", "--format", "csv").stdout
    assert csv_out.splitlines() == ["xs,s", "a; b,not json"]


# -- a load killed mid-way ------------------------------------------------------------------
def write_regions(path, n: int) -> int:
    """Reference data with ``n`` regions in a tree (one PART_OF each, but the root): 2n facts."""
    lines = ["lists: []", "regions:"]
    for i in range(n):
        lines += [f"  - code: XX-R{i}", f"    name: Test region {i}", "    kind: region",
                  "    source: https://example.org/regions"]
        if i:
            lines.append(f"    part_of: XX-R{(i - 1) // 2}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


@pytest.mark.neo4j
def test_a_load_killed_midway_and_rerun_loses_nothing_and_duplicates_nothing(neo4j_server, neo, tmp_path):
    n = write_regions(tmp_path / "regions.yaml", 12000)
    env = dict(os.environ, NEO4J_USER=neo4j_server.user, NEO4J_PASSWORD=neo4j_server.password,
               NEO4J_DATABASE=neo4j_server.database, SKG_HOME=str(tmp_path / "home"))
    cmd = [sys.executable, "-m", "sanctions_kg", "--store", neo4j_server.uri, "load",
           "--format", "reference", str(tmp_path / "regions.yaml")]

    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=600)
    clean = neo.dump()
    assert len(clean["nodes"]) == n + 1 and len(clean["relationships"]) == n - 1
    neo.clear()

    proc = subprocess.Popen(cmd + ["--batch-size", "100"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as driver:
            deadline = time.monotonic() + 300
            landed = 0
            while landed < 500 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
                landed = driver.execute_query("MATCH (n:Region) RETURN count(n) AS n",
                                              database_=neo4j_server.database).records[0]["n"]
        assert proc.poll() is None, "the load finished before it could be killed; make the input larger"
        proc.kill()
    finally:
        proc.wait(60)
    partial = neo.stats()
    assert 0 < partial["nodes"]["Region"] < n, partial

    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=600)
    assert neo.dump() == clean
