"""Parity: the same inputs loaded into the embedded store and into Neo4j give the same graph.

Compared with :meth:`Store.dump` (canonical, order-independent) and the
stores' statistics. The canned queries' answers on both stores are compared
row for row in ``test_query_parity.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.loaders.reference import REFERENCE_PATH
from store_pair import build_reference_and_handmade, load_files, open_neo4j

pytestmark = pytest.mark.neo4j


def demo_paths() -> list[Path]:
    from sanctions_kg.cli.demo_cmd import demo_inputs

    return demo_inputs()


@pytest.fixture
def neo(neo4j_server, neo4j_clean):
    store = open_neo4j(neo4j_server)
    yield store
    store.close()


def assert_same_graph(emb, neo) -> None:
    a, b = emb.dump(), neo.dump()
    assert len(a["nodes"]) == len(b["nodes"]) and len(a["relationships"]) == len(b["relationships"])
    assert a == b
    assert emb.stats() == neo.stats()


def test_reference_data_and_handmade_facts(neo, tmp_path):
    emb = EmbeddedStore(tmp_path / "e.json")
    for store in (emb, neo):
        build_reference_and_handmade(store)
    assert_same_graph(emb, neo)


def test_demo_corpus(neo, tmp_path):
    paths = demo_paths()
    emb = EmbeddedStore(tmp_path / "e.json")
    for store in (emb, neo):
        load_files(store, paths)
    assert_same_graph(emb, neo)
    assert emb.stats()["relationships"].get("LISTED_ON", 0) > 0


def test_real_list_snapshots(neo, shared, tmp_path):
    lists = shared / "data" / "lists"
    paths = ([lists / "ofac_consolidated" / "2025-12-19",
                      lists / "trade_csl" / "2023-11-30_moov-fixture-subset" / "csl.csv"])
    emb = EmbeddedStore(tmp_path / "e.json")
    for store in (emb, neo):
        load_files(store, [REFERENCE_PATH, *paths])
    assert_same_graph(emb, neo)
    assert emb.stats()["relationships"]["LISTED_ON"] > 1000
