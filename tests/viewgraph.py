"""A small, realistic graph for the view and briefing tests (and the docs screenshot).

The packaged reference data (lists, agencies, authorities, regions, concerns)
plus hand-made facts about Hikvision with their Document nodes and evidence
passages, and - for the escaping tests - a party whose name, aliases, sources
and evidence are script payloads.
"""

from __future__ import annotations

from pathlib import Path

from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.graph.pipeline import build
from sanctions_kg.loaders.reference import REFERENCE_PATH, read as read_reference
from sanctions_kg.loaders.registry import LoadContext

HIKVISION = "Hangzhou Hikvision Digital Technology Co., Ltd."
HIKVISION_ID = "company:hangzhou-hikvision-digital-technology-co-ltd"
CETC = "China Electronics Technology Group Corporation"

#: strings that must never execute, whatever field they land in
PAYLOAD_NAME = "<script>alert(1)</script>"
PAYLOAD_ALIAS = "<img src=x onerror=alert(1)>"
PAYLOAD_URL = "javascript:alert(1)"
PAYLOAD_TITLE = 'Report <a href="javascript:window.__pwned=1">href</a>'
PAYLOAD_PASSAGE = ("Listed </script><script>window.__pwned=1</script> "
                   "<img src=x onerror=\"window.__pwned=1\"> \u2028 and & more")


def _passage(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def hikvision_facts() -> list:
    """Hikvision's listings, the reported SDN consideration, its citation and location."""
    fr_text = ("The Bureau of Industry and Security amended the Export Administration Regulations "
               "by adding 28 entities to the Entity List, among them Hangzhou Hikvision Digital "
               "Technology Co., Ltd., which were implicated in human rights violations and abuses "
               "in the campaign of repression, mass detention and high-technology surveillance "
               "against Uighurs in the Xinjiang Uighur Autonomous Region.")
    news_text = ("U.S. officials are preparing to impose blocking sanctions on Hikvision by adding "
                 "it to the Specially Designated Nationals list, according to people familiar "
                 "with the deliberations; no decision has been announced.")
    fr = Node("Document", "84 FR 54002", {
        "title": "Addition of Certain Entities to the Entity List", "kind": "federal_register",
        "publisher": "Bureau of Industry and Security", "published": "2019-10-09",
        "url": "https://www.federalregister.gov/documents/2019/10/09/2019-22210/"
               "addition-of-certain-entities-to-the-entity-list"})
    cmic = Node("Document", "US-NS-CMIC@2025-12-19", {
        "title": "Non-SDN Chinese Military-Industrial Complex Companies List (consolidated list file)",
        "kind": "list_snapshot", "publisher": "Office of Foreign Assets Control", "published": "2025-12-19",
        "url": "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"})
    news = Node("Document", "news/2022-05-hikvision-sdn-report", {
        "title": "U.S. weighs blocking sanctions on surveillance camera maker Hikvision",
        "kind": "news", "publisher": "demo news desk", "published": "2022-05-04",
        "url": "https://news.example.org/2022/05/hikvision-sanctions"})
    hik = Node("Company", HIKVISION, {"aliases": ["Hikvision", "Hangzhou Hikvision"], "country": "cn",
                                      "sources": [fr.id, cmic.id]})
    cetc = Node("Company", CETC, {"aliases": ["CETC"], "country": "cn", "sources": [cmic.id]})
    el, nscmic, sdn = "list:us-bis-el", "list:us-ns-cmic", "list:us-ofac-sdn"
    s, e = _passage(fr_text, "adding 28 entities to the Entity List, among them Hangzhou Hikvision Digital "
                             "Technology Co., Ltd.")
    listed = Evidence(fr.id, fr_text[s:e], s, e, "2019-10-09")
    s, e = _passage(fr_text, "implicated in human rights violations and abuses")
    cited = Evidence(fr.id, fr_text[s:e], s, e, "2019-10-09")
    s, e = _passage(news_text, "preparing to impose blocking sanctions on Hikvision")
    reported = Evidence(news.id, news_text[s:e], s, e, "2022-05-04")
    return [
        fr, cmic, news, hik, cetc,
        Rel("LISTED_ON", hik.id, el, {"listed_on": "2019-10-09", "authority_id": "84 FR 54002",
                                      "program": "EAR"}, [listed]),
        Rel("LISTED_ON", hik.id, nscmic, {"listed_on": "2021-06-03", "program": "CMIC-EO13959"},
            [Evidence(cmic.id)]),
        Rel("LISTED_ON", cetc.id, nscmic, {"listed_on": "2021-06-03", "program": "CMIC-EO13959"},
            [Evidence(cmic.id)]),
        Rel("CONSIDERED_FOR", hik.id, sdn, {"modality": "reported", "reported_on": "2022-05",
                                            "by": "agency:us-ofac"}, [reported]),
        Rel("CITED_FOR", hik.id, "concern:human-rights-abuses",
            {"region": "region:cn-xj", "date": "2019-10-09", "cited_by": "agency:us-bis"}, [cited]),
        Rel("LOCATED_IN", hik.id, "region:cn-hangzhou", {}, [Evidence(cmic.id)]),
        Rel("SUBSIDIARY_OF", hik.id, cetc.id, {}, [Evidence(cmic.id)]),
        Rel("MENTIONED_IN", hik.id, news.id, {}, [reported]),
    ]


def payload_facts() -> list:
    """A party whose every user-visible string is an attack, linked to Hikvision."""
    doc = Node("Document", "payload-doc", {"title": PAYLOAD_TITLE, "url": PAYLOAD_URL, "kind": "news",
                                           "publisher": PAYLOAD_ALIAS, "published": "2023-01-02"})
    bad = Node("Company", PAYLOAD_NAME, {"aliases": [PAYLOAD_ALIAS], "remarks": PAYLOAD_PASSAGE,
                                         "sources": [doc.id]})
    ev = Evidence(doc.id, PAYLOAD_PASSAGE, 0, len(PAYLOAD_PASSAGE), "2023-01-02")
    return [doc, bad,
            Rel("LISTED_ON", bad.id, "list:us-bis-el", {"listed_on": "2023-01-02",
                                                         "authority_id": PAYLOAD_NAME}, [ev]),
            Rel("AFFILIATED_WITH", bad.id, HIKVISION_ID, {"role": PAYLOAD_ALIAS}, [ev])]


def build_store(path: Path | None = None, payloads: bool = False) -> EmbeddedStore:
    """Reference data + Hikvision facts (+ payloads) in an embedded store at ``path``."""
    store = EmbeddedStore(path)
    ctx = LoadContext(store=store, path=REFERENCE_PATH)
    report = build(read_reference(REFERENCE_PATH, ctx), store)
    facts = hikvision_facts() + (payload_facts() if payloads else [])
    more = build(facts, store)
    problems = report.problems + more.problems
    if problems:
        raise AssertionError("test graph did not build: " + "; ".join(problems))
    return store


def large_facts(n: int, lists: tuple[str, ...] = ("list:us-bis-el", "list:us-ns-cmic", "list:us-ofac-sdn")) -> list:
    """A corporate family of ``n`` companies: a hub, group heads under it, subsidiaries under them.

    Every subsidiary is listed on one of ``lists`` (dates spread over ten
    years). From the hub, depth 2 reaches the ``n`` companies and depth 3 the
    lists too: a stand-in for a big family, to exercise caps and layout.
    """
    doc = Node("Document", "synthetic/large", {"title": "Synthetic corporate family", "kind": "other"})
    hub = Node("Company", "Hub Holdings Group", {"sources": [doc.id]})
    facts: list = [doc, hub]
    heads = max(1, int(n ** 0.5) // 2)
    head_ids = []
    for i in range(1, n):
        sub = Node("Company", f"Hub Subsidiary {i:05d}", {"sources": [doc.id]})
        parent = hub.id if i <= heads else head_ids[i % heads]
        if i <= heads:
            head_ids.append(sub.id)
        facts += [sub, Rel("SUBSIDIARY_OF", sub.id, parent, {}, [Evidence(doc.id)])]
        if i > heads:
            facts.append(Rel("LISTED_ON", sub.id, lists[i % len(lists)],
                             {"listed_on": f"{2015 + i % 10}-0{1 + i % 9}-15"}, [Evidence(doc.id)]))
    return facts


def build_large_store(n: int, path: Path | None = None) -> EmbeddedStore:
    """Reference data plus :func:`large_facts` (``n`` parties)."""
    store = EmbeddedStore(path)
    build(read_reference(REFERENCE_PATH, LoadContext(store=store, path=REFERENCE_PATH)), store)
    report = build(large_facts(n), store, batch_size=20000)
    if report.problems:
        raise AssertionError("large test graph did not build: " + "; ".join(report.problems[:3]))
    return store
