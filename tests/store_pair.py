"""Helpers for tests that hold the embedded store and Neo4j to the same results.

Not a test module: ``test_neo4j_store.py``, ``test_parity.py`` and ``test_query_parity.py`` import it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from sanctions_kg.graph.load import load_paths
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.neo4j_store import Neo4jStore
from sanctions_kg.graph.pipeline import build
from sanctions_kg.graph.resolve import Resolver
from sanctions_kg.loaders.reference import REFERENCE_PATH


def open_neo4j(server, **options) -> Neo4jStore:
    """A store on the test server (whose database the ``neo4j_clean`` fixture emptied)."""
    return Neo4jStore.from_uri(server.uri, user=server.user, password=server.password,
                               database=server.database, **options)


def load_files(store, paths: list[Path], batch_size: int = 2000) -> list[dict]:
    """Load ``paths`` the way ``skg load`` does; fails on an input that could not be loaded."""
    rows = load_paths(store, list(paths), batch_size=batch_size)
    failed = [r for r in rows if r["error"]]
    assert not failed, failed
    return rows


def handmade_facts() -> list:
    """Party and listing facts over the reference data: what the canned queries need.

    Covers the merge rule's corners: a fact stated by two documents, a party
    listed, removed and listed again, a reported (not asserted) action, and
    aliases that reach one party from two names.
    """
    news_a = Node("Document", "news/hikvision-el", {"title": "Hikvision added to the Entity List",
                                                    "kind": "news", "published": "2019-10-08"})
    news_b = Node("Document", "news/hikvision-cmic", {"title": "Treasury names Hikvision",
                                                      "kind": "news", "published": "2021-06-04"})
    fr = Node("Document", "84 FR 54002", {"title": "Addition of Certain Entities to the Entity List",
                                          "kind": "federal_register", "published": "2019-10-09"})
    hik = Node("Company", "Hangzhou Hikvision Digital Technology Co., Ltd.",
               {"aliases": ["Hikvision", "Hikvision Digital Technology"], "country": "cn",
                "identifiers": ["ofac:30946"], "sources": [news_a.id]})
    hik_again = Node("Company", "Hangzhou Hikvision Digital Technology Co., Ltd.",
                     {"aliases": ["HIKVISION", "Hikvision"], "sources": [news_b.id, news_a.id],
                      "remarks": "Listed under EO 13959."})
    dahua = Node("Company", "Zhejiang Dahua Technology Co., Ltd.", {"aliases": ["Dahua"], "country": "cn",
                                                                    "sources": [news_a.id]})
    ezviz = Node("Company", "EZVIZ", {"aliases": ["Hangzhou Ezviz Network"], "sources": [news_b.id]})
    bureau = Node("Organization", "Xinjiang Public Security Bureau", {"aliases": ["XPSB"], "sources": [fr.id]})
    chen = Node("Person", "Chen Quanguo", {"birth_date": "1955-11", "sources": [news_b.id]})
    el, cmic = "list:us-bis-el", "list:us-ns-cmic"
    said_a = Evidence(news_a.id, "Commerce added Hikvision to the Entity List.", 10, 55, "2019-10-08")
    said_b = Evidence(news_b.id, "Hikvision, already on the Entity List since 2019,", 0, 48, "2021-06-04")
    row = Evidence(fr.id)
    return [
        news_a, news_b, fr, hik, dahua, ezviz, bureau, chen, hik_again,
        Rel("LISTED_ON", hik.id, el, {"listed_on": "2019-10-09", "authority_id": "84 FR 54002"}, [said_a, row]),
        Rel("LISTED_ON", hik.id, el, {"listed_on": "2019-10-09", "program": "EAR"}, [said_b]),
        Rel("LISTED_ON", hik.id, cmic, {"listed_on": "2021-06-03", "program": "CMIC-EO13959"}, [said_b]),
        Rel("LISTED_ON", dahua.id, el, {"listed_on": "2019-10-09", "removed_on": "2020-01-01"}, [row]),
        Rel("LISTED_ON", dahua.id, el, {"listed_on": "2021-03-01"}, [said_b]),
        Rel("CONSIDERED_FOR", dahua.id, "list:us-ofac-sdn", {"modality": "reported", "reported_on": "2021-06-04",
                                                             "by": "agency:us-treasury"}, [said_b]),
        Rel("CITED_FOR", hik.id, "concern:human-rights-abuses", {"region": "region:cn-xj", "date": "2019-10-09",
                                                                 "cited_by": "agency:us-bis"}, [said_a]),
        Rel("CITED_FOR", bureau.id, "concern:human-rights-abuses", {"region": "region:cn-xj"}, [row]),
        Rel("LOCATED_IN", hik.id, "region:cn-hangzhou", {}, [said_a]),
        Rel("LOCATED_IN", bureau.id, "region:cn-xj", {}, [row]),
        Rel("SUBSIDIARY_OF", ezviz.id, hik.id, {"percentage": 100.0}, [said_b]),
        Rel("AFFILIATED_WITH", chen.id, bureau.id, {"role": "Party Secretary"}, [said_b]),
        Rel("MENTIONED_IN", hik.id, news_a.id, {}, [said_a]),
    ]


def build_reference_and_handmade(store) -> None:
    """Reference data plus :func:`handmade_facts`, through the real pipeline."""
    load_files(store, [REFERENCE_PATH])
    report = build(handmade_facts(), store, resolver=Resolver(store), source_name="handmade")
    assert report.problems == []


def example_params(example: str) -> dict[str, str]:
    """The ``--param k=v`` pairs of a query header's ``example:`` line."""
    words = shlex.split(example)
    params = {}
    for flag, value in zip(words, words[1:]):
        if flag in ("--param", "-p"):
            key, _, val = value.partition("=")
            params[key] = val
    return params

