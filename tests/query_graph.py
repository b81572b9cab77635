"""A small research graph for the canned-query tests: reference data plus hand-made facts.

Not a test module: ``test_queries.py`` asserts behaviour on it (embedded) and
``test_query_parity.py`` holds Neo4j to the same rows. Every party exists to
exercise one rule of the queries (each is named in the comments), and the
expected rows in the tests are worked out from these dates by hand.

Severities (from the reference data): SDN 100, CMIC 60, UFLPA 60, EL 50,
MEU 50, FCC 40.
"""

from __future__ import annotations

from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.pipeline import build
from sanctions_kg.graph.resolve import Resolver
from sanctions_kg.loaders.reference import REFERENCE_PATH
from store_pair import load_files

EL, SDN, CMIC, MEU, FCC, UFLPA = ("list:us-bis-el", "list:us-ofac-sdn", "list:us-ns-cmic", "list:us-bis-meu",
                                  "list:us-fcc-covered", "list:us-dhs-uflpa")
HR, FL = "concern:human-rights-abuses", "concern:forced-labour"
XJ, CN = "region:cn-xj", "region:cn"


def _doc(code: str, title: str, kind: str, published: str) -> Node:
    return Node("Document", code, {"title": title, "kind": kind, "published": published})


NEWS = _doc("news/xinjiang-2019", "Surveillance firms cited over Xinjiang", "news", "2019-10-08")
FR = _doc("84 FR 54002", "Addition of Certain Entities to the Entity List", "federal_register", "2019-10-09")
FR_SDN = _doc("83 FR 1000", "Blocking notice", "federal_register", "2018-01-05")
SNAP1 = _doc("ofac-sdn@2020-01-01", "SDN list snapshot", "list_snapshot", "2020-01-01")
SNAP2 = _doc("ofac-sdn@2021-01-01", "SDN list snapshot", "list_snapshot", "2021-01-01")
LATER = _doc("news/2021", "Follow-up report", "news", "2021-06-04")

HIK = Node("Company", "Hikvision Digital Technology", {"aliases": ["Hikvision"], "sources": [NEWS.id]})
EZVIZ = Node("Company", "EZVIZ Network", {"sources": [LATER.id]})
DAHUA = Node("Company", "Zhejiang Dahua Technology", {"aliases": ["Dahua"], "sources": [NEWS.id]})
ALPHA = Node("Company", "Alpha Vision Systems", {"sources": [NEWS.id]})
BETA = Node("Company", "Beta Labs", {"sources": [LATER.id]})
GAMMA = Node("Organization", "Gamma Public Security Bureau", {"sources": [NEWS.id]})
DELTA = Node("Company", "Delta Cotton", {"sources": [LATER.id]})
ZETA = Node("Company", "Zeta Tech", {"sources": [FR_SDN.id]})
OMEGA = Node("Company", "Omega Shipping", {"sources": [SNAP1.id]})
CHEN = Node("Person", "Chen Example", {"sources": [LATER.id]})


def _said(doc: Node, text: str) -> Evidence:
    return Evidence(doc.id, text, 0, len(text), doc.props["published"])


def _row(doc: Node, line: int) -> Evidence:
    return Evidence(doc.id, f"sdn.csv line {line}", date=doc.props["published"])


def research_facts() -> list:
    """Nodes and relationships over the reference data (see the module docstring)."""
    cited_hik = _said(NEWS, "Hikvision was cited for abuses in Xinjiang.")
    added = _said(FR, "The entities are added to the Entity List.")
    return [
        NEWS, FR, FR_SDN, SNAP1, SNAP2, LATER,
        HIK, EZVIZ, DAHUA, ALPHA, BETA, GAMMA, DELTA, ZETA, OMEGA, CHEN,
        # Hikvision: the party whose precedents are asked for; EL, then the harsher CMIC 603 days later
        Rel("CITED_FOR", HIK.id, HR, {"region": XJ, "date": "2019-10-07", "cited_by": "agency:us-bis"}, [cited_hik]),
        Rel("LISTED_ON", HIK.id, EL, {"listed_on": "2019-10-09", "authority_id": "84 FR 54002"}, [added]),
        Rel("LISTED_ON", HIK.id, CMIC, {"listed_on": "2021-06-03", "program": "CMIC-EO13959"},
            [_said(LATER, "Hikvision was named under EO 13959.")]),
        Rel("CONSIDERED_FOR", HIK.id, SDN, {"modality": "reported", "reported_on": "2022-05-04",
                                            "by": "agency:us-ofac"}, [_said(LATER, "SDN sanctions were weighed.")]),
        Rel("LOCATED_IN", HIK.id, "region:cn-hangzhou", {}, [cited_hik]),
        Rel("SUBSIDIARY_OF", EZVIZ.id, HIK.id, {"percentage": 100.0}, [_said(LATER, "EZVIZ, a Hikvision unit")]),
        # Dahua: same notice as Hikvision; removed and relisted (parallel EL listings); FCC is not harsher
        # than EL; its SDN listing is dated only by the first snapshot (first seen, no real date)
        Rel("CITED_FOR", DAHUA.id, HR, {"region": XJ, "date": "2019-10"}, [_said(NEWS, "Dahua too.")]),
        Rel("LISTED_ON", DAHUA.id, EL, {"listed_on": "2019-10-09", "removed_on": "2020-01",
                                        "authority_id": "84 FR 54002"}, [added]),
        Rel("LISTED_ON", DAHUA.id, EL, {"listed_on": "2021-03-01"}, [_said(LATER, "Dahua was added again.")]),
        Rel("LISTED_ON", DAHUA.id, FCC, {"listed_on": "2021-03-12"}, [_said(LATER, "The FCC listed Dahua.")]),
        Rel("LISTED_ON", DAHUA.id, SDN, {"listed_on": "2020-01-01"}, [_row(SNAP1, 7), _row(SNAP2, 7)]),
        # Alpha: partial dates (cited 2019 -> 2019-01-01, EL 2020-05 -> 2020-05-01: 486 days), then SDN
        # in the second snapshot - a real addition, 245 days after the EL listing
        Rel("CITED_FOR", ALPHA.id, HR, {"region": XJ, "date": "2019"}, [_said(NEWS, "Alpha Vision was cited.")]),
        Rel("LISTED_ON", ALPHA.id, EL, {"listed_on": "2020-05"}, [_said(LATER, "Alpha was added in May 2020.")]),
        Rel("LISTED_ON", ALPHA.id, SDN, {"listed_on": "2021-01-01"}, [_row(SNAP2, 9)]),
        Rel("LOCATED_IN", ALPHA.id, "region:cn-urumqi", {}, [_said(NEWS, "Urumqi-based Alpha")]),
        # Beta: cited for China as a whole, not Xinjiang
        Rel("CITED_FOR", BETA.id, HR, {"region": CN, "date": "2020-06-01"}, [_said(LATER, "Beta Labs was cited.")]),
        Rel("LISTED_ON", BETA.id, MEU, {"listed_on": "2020-12-21"}, [_said(LATER, "Beta joined the MEU list.")]),
        # Gamma: an undated citation, so nothing can be said to follow it; located in Xinjiang
        Rel("CITED_FOR", GAMMA.id, HR, {"region": XJ}, [_said(NEWS, "The bureau was cited.")]),
        Rel("LOCATED_IN", GAMMA.id, XJ, {}, [_said(NEWS, "the bureau in Xinjiang")]),
        Rel("AFFILIATED_WITH", CHEN.id, GAMMA.id, {"role": "Director"}, [_said(LATER, "Chen directs the bureau.")]),
        # Delta: another concern (forced labour) in the same region
        Rel("CITED_FOR", DELTA.id, FL, {"region": XJ, "date": "2020-07-01"}, [_said(LATER, "Delta used forced labour.")]),
        Rel("LISTED_ON", DELTA.id, UFLPA, {"listed_on": "2022-06-10"}, [_said(LATER, "Delta is on the UFLPA list.")]),
        # Zeta: already on the SDN (the harshest list) when cited; its later EL listing is not harsher
        Rel("LISTED_ON", ZETA.id, SDN, {"listed_on": "2018-01-05", "authority_id": "83 FR 1000"},
            [_said(FR_SDN, "Zeta Tech is blocked.")]),
        Rel("CITED_FOR", ZETA.id, HR, {"region": XJ, "date": "2019-12-01"}, [_said(LATER, "Zeta was cited.")]),
        Rel("LISTED_ON", ZETA.id, EL, {"listed_on": "2020-02-01"}, [_said(LATER, "Zeta joined the Entity List.")]),
        # Omega: first seen with Dahua in the first snapshot - not a peer of Dahua, not an addition
        Rel("LISTED_ON", OMEGA.id, SDN, {"listed_on": "2020-01-01"}, [_row(SNAP1, 8), _row(SNAP2, 8)]),
    ]


def build_research_graph(store) -> None:
    """Load the reference data and :func:`research_facts` into ``store`` through the real pipeline."""
    load_files(store, [REFERENCE_PATH])
    report = build(research_facts(), store, resolver=Resolver(store), source_name="research")
    assert report.problems == [], report.problems
