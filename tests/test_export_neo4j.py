"""neo4j-admin CSVs and the Cypher script, judged by a real Neo4j: the imported graph equals the source."""

from __future__ import annotations

import csv
import os

import pytest

from sanctions_kg.errors import StoreError
from sanctions_kg.graph.export_cypher import cypher_literal, statements, write_cypher
from sanctions_kg.graph.export_neo4j_admin import (
    ARRAY_DELIMITER, import_arguments, node_file, node_header, rel_file, rel_header, write_neo4j_admin,
)
from sanctions_kg.graph.neo4j_store import Neo4jStore
from sanctions_kg.schema import MODEL
from interchange_support import HOSTILE, demo_like, demo_like_path  # noqa: F401 (fixtures)


def test_headers_are_typed_from_the_model():
    for label in MODEL.concrete_labels:
        header = node_header(label)
        assert header[:2] == ["id:ID", ":LABEL"]
        by_name = {h.split(":")[0]: h for h in header[2:]}
        assert set(by_name) == {p for p, prop in MODEL.labels[label].properties.items() if not prop.identity}
        for name, prop in MODEL.labels[label].properties.items():
            if prop.identity:
                continue
            suffix = {"int": ":long", "float": ":double", "bool": ":boolean"}.get(prop.type, "")
            assert by_name[name] == name + (":string[]" if prop.is_list else suffix)
    for rel_type, rt in MODEL.relationships.items():
        header = rel_header(rel_type)
        assert header[:4] == [":START_ID", ":END_ID", ":TYPE", "key"]
        assert {h.split(":")[0] for h in header[4:]} == {p for p, prop in rt.properties.items() if not prop.identity}


def test_files_hold_every_node_and_relationship(demo_like, tmp_path):
    out = tmp_path / "import"
    summary = write_neo4j_admin(demo_like, out)
    stats = demo_like.stats()
    for label, count in stats["nodes"].items():
        with open(out / node_file(label), newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert rows[0] == node_header(label) and len(rows) - 1 == count
        assert all(r[1].split(ARRAY_DELIMITER) == MODEL.ancestors(label) + [MODEL.base_label] for r in rows[1:])
    for rel_type, count in stats["relationships"].items():
        with open(out / rel_file(rel_type), newline="", encoding="utf-8") as fh:
            assert sum(1 for _ in csv.reader(fh)) - 1 == count
    readme = (out / "README.txt").read_text()
    for arg in import_arguments(out, summary["labels"], summary["types"]):
        assert arg in readme
    with pytest.raises(StoreError, match="not empty"):
        write_neo4j_admin(demo_like, out)


def test_the_array_delimiter_inside_a_value_is_refused(demo_like, tmp_path):
    demo_like.upsert_nodes([{"id": "region:x", "label": "Region",
                             "props": {"code": "X", "name": "X", "aliases": ["a\x1fb"]}}])
    with pytest.raises(StoreError, match="U\\+001F"):
        write_neo4j_admin(demo_like, tmp_path / "import")


def test_cypher_literals_quote_everything():
    assert cypher_literal("it's \\ }") == "'it\\'s \\\\ }'"
    assert cypher_literal("a\nb\u2028c\x01") == "'a\\nb\\u2028c\\u0001'"
    assert cypher_literal({"weird key`": [1, 2.5, True, None]}) == "{`weird key```: [1, 2.5, true, null]}"
    assert "\n" not in cypher_literal(HOSTILE)


def assert_same(source, target) -> None:
    assert target.stats() == source.stats()
    assert target.dump() == source.dump()


@pytest.mark.neo4j
def test_cypher_script_recreates_the_graph(demo_like, neo4j_clean, tmp_path):
    out = tmp_path / "graph.cypher"
    summary = write_cypher(demo_like, out)
    script = statements(out.read_text(encoding="utf-8"))
    assert len(script) == summary["statements"]
    with neo4j_clean.driver() as driver:
        for statement in script:
            driver.execute_query(statement, database_=neo4j_clean.database)
        # a second run changes nothing: every statement merges
        for statement in script:
            driver.execute_query(statement, database_=neo4j_clean.database)
    target = Neo4jStore.from_uri(neo4j_clean.uri, user=neo4j_clean.user, password=neo4j_clean.password,
                                 database=neo4j_clean.database)
    try:
        assert_same(demo_like, target)
        company = next(n for n in target.iter_nodes("Company") if n["props"].get("remarks") == HOSTILE)
        assert HOSTILE in company["props"]["aliases"]
    finally:
        target.close()


@pytest.mark.neo4j
def test_neo4j_admin_import_into_a_fresh_server(demo_like, neo4j_server, tmp_path):
    """Offline import needs a stopped database: a dedicated server home, imported, then started."""
    from neo4j_support import TEST_SERVER_CONFIG

    from sanctions_kg.graph.neo4j_server import Neo4jServer, neo4j_admin

    out = tmp_path / "import"
    summary = write_neo4j_admin(demo_like, out)
    home = tmp_path / "server"
    server = Neo4jServer(home, heap=os.environ.get("SKG_NEO4J_HEAP", "512m"), pagecache="128m",
                         extra_config=TEST_SERVER_CONFIG)
    result = neo4j_admin(home, *import_arguments(out, summary["labels"], summary["types"], absolute=True))
    assert "IMPORT DONE" in result.stdout + result.stderr
    info = server.start()
    try:
        target = Neo4jStore.from_uri(info.uri, user=info.user, password=info.password, database=info.database)
        try:
            assert_same(demo_like, target)
        finally:
            target.close()
    finally:
        server.stop()
