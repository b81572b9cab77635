"""Views and briefings without a browser: contents, escaping, offline pages, caps, images, CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET

import pytest
from lxml import html as lxml_html

from sanctions_kg.errors import SkgError
from sanctions_kg.graph.brief import briefing_context, render_briefing, timeline, write_briefing, year_fraction
from sanctions_kg.graph.images import render_image
from sanctions_kg.graph.pages import safe_url, script_json
from sanctions_kg.graph.styles import node_style
from sanctions_kg.graph.viewdata import LARGE_GRAPH, entity_view, in_window, query_view
from sanctions_kg.graph.views import render_view_html, view_payload, write_view
from sanctions_kg.schema import MODEL
from viewgraph import (
    CETC, HIKVISION, HIKVISION_ID, PAYLOAD_ALIAS, PAYLOAD_NAME, PAYLOAD_PASSAGE, PAYLOAD_TITLE, PAYLOAD_URL,
    build_large_store, build_store,
)

EL, CMIC, SDN = "list:us-bis-el", "list:us-ns-cmic", "list:us-ofac-sdn"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("views") / "store.json", payloads=True)


def page_data(html: str) -> dict:
    """The JSON a page's script reads, decoded as the browser would."""
    doc = lxml_html.fromstring(html)
    (el,) = doc.xpath("//script[@type='application/json']")
    return json.loads(el.text)


def visible_text_outside_data(html: str) -> str:
    """The page without its script and style elements (our data and inlined assets): its markup."""
    return re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", html, flags=re.S)


# -- escaping ------------------------------------------------------------------
@pytest.mark.parametrize("value", [PAYLOAD_NAME, PAYLOAD_ALIAS, PAYLOAD_PASSAGE, "</SCRIPT >", "<!--", "a\u2029b"])
def test_script_json_cannot_break_out_and_round_trips(value):
    encoded = str(script_json({"v": value}))
    assert not set("<>&\u2028\u2029") & set(encoded)
    assert json.loads(encoded) == {"v": value}


@pytest.mark.parametrize("url,ok", [
    ("https://www.bis.gov/entity-list", True), ("http://example.org/a?b=<c>", True),
    (PAYLOAD_URL, False), (" JavaScript:alert(1)", False), ("data:text/html,<script>", False),
    ("/relative/path", False), ("http:/no-host", False), ("vbscript:x", False), (None, False),
])
def test_only_absolute_http_urls_become_links(url, ok):
    assert (safe_url(url) is not None) is ok


def test_payloads_reach_the_page_only_as_escaped_data(graph):
    html = render_view_html(entity_view(graph, "hikvision"))
    markup = visible_text_outside_data(html)
    for payload in (PAYLOAD_NAME, PAYLOAD_ALIAS, "onerror=", "window.__pwned", PAYLOAD_URL):
        assert payload not in markup
    data = page_data(html)
    names = {n["name"] for n in data["nodes"]}
    assert PAYLOAD_NAME in names  # shown, as text
    tips = "\n".join(e["tip"] for e in data["edges"])
    assert PAYLOAD_TITLE in tips and PAYLOAD_URL in tips
    assert any(PAYLOAD_PASSAGE == ev["text"] for e in data["edges"] for ev in e["evidence"])


def test_briefing_escapes_payloads_and_never_links_javascript(graph):
    html = render_briefing(graph, "hikvision", as_of="2025-12-19")
    markup = visible_text_outside_data(html)
    assert "<script>alert(1)" not in markup and "<img src=x" not in markup
    doc = lxml_html.fromstring(html)
    hrefs = doc.xpath("//a/@href")
    assert hrefs and all(h.startswith(("#", "http://", "https://")) for h in hrefs)


# -- the offline property --------------------------------------------------------
def assert_self_contained(html: str) -> None:
    doc = lxml_html.fromstring(html)
    assert not doc.xpath("//script[@src] | //link | //iframe | //object | //embed | //base")
    for attr in doc.xpath("//img/@src | //source/@src | //video/@src | //audio/@src"):
        assert attr.startswith("data:")
    for attr in doc.xpath("//*[not(self::a)]/@href | //*/@srcset | //*/@poster | //*/@data"):
        assert not attr.startswith(("http:", "https:", "//"))
    assert not re.search(r"@import|url\(\s*['\"]?https?:", "\n".join(doc.xpath("//style/text()")))
    (csp,) = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-eval" not in csp
    scripts = doc.xpath("//script[not(@type)]")
    assert scripts
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp  # every script allowed by hash, nothing else


def test_view_page_needs_no_network(graph):
    assert_self_contained(render_view_html(entity_view(graph, "hikvision")))


def test_briefing_needs_no_network(graph):
    assert_self_contained(render_briefing(graph, "hikvision", as_of="2025-12-19"))


# -- what a view holds -------------------------------------------------------------
def test_entity_view_draws_listings_solid_and_reports_dashed(graph):
    view = entity_view(graph, "Hikvision", depth=2)
    ids = {n["id"] for n in view.nodes}
    assert {HIKVISION_ID, EL, CMIC, SDN, "region:cn-hangzhou", "concern:human-rights-abuses"} <= ids
    assert MODEL.node_id("Company", CETC) in ids  # reached through SUBSIDIARY_OF at depth 1 ...
    data = view_payload(view)
    by_type = {}
    for e in data["edges"]:
        by_type.setdefault((e["type"], e["from"], e["to"]), e)
    listing = by_type[("LISTED_ON", HIKVISION_ID, EL)]
    considered = by_type[("CONSIDERED_FOR", HIKVISION_ID, SDN)]
    assert not listing["dashed"] and considered["dashed"] and considered["modality"] == "reported"
    assert "listed_on: 2019-10-09" in listing["tip"] and "84 FR 54002" in listing["tip"]
    assert "Addition of Certain Entities to the Entity List" in listing["tip"]
    assert "adding 28 entities to the Entity List" in listing["tip"]
    assert "modality: reported" in considered["tip"] and "reported_on: 2022-05" in considered["tip"]
    assert data["styles"]["Company"] == node_style("Company")
    focus = [n for n in data["nodes"] if n["focus"]]
    assert [n["id"] for n in focus] == [HIKVISION_ID]


def test_styles_cover_every_label_of_the_model_distinctly():
    pairs = {(node_style(lab)["color"], node_style(lab)["shape"]) for lab in MODEL.concrete_labels}
    assert len(pairs) == len(MODEL.concrete_labels)


def test_query_view_of_exposure_shows_the_party_its_lists_and_the_relationships(graph):
    view = query_view(graph, "exposure", {"entity": "hikvision"})
    assert [n["id"] for n in view.nodes] == [HIKVISION_ID, EL, CMIC, SDN]
    assert sorted((e["type"], e["dst"]) for e in view.edges) == [
        ("CONSIDERED_FOR", SDN), ("LISTED_ON", EL), ("LISTED_ON", CMIC)]
    assert view.focus == HIKVISION_ID


def test_query_view_rows_with_src_and_dst_are_relationships(graph):
    view = query_view(graph, "neighbourhood", {"entity": "hikvision", "depth": "1", "types": "LISTED_ON"})
    assert {(e["type"], e["src"], e["dst"]) for e in view.edges} == {
        ("LISTED_ON", HIKVISION_ID, EL), ("LISTED_ON", HIKVISION_ID, CMIC)}
    assert all("evidence" in e["props"] or e["dst"] == CMIC for e in view.edges)


def test_date_window_keeps_open_listings_and_undated_facts(graph):
    listing = {"type": "LISTED_ON", "props": {"listed_on": "2019-10-09"}}
    removed = {"type": "LISTED_ON", "props": {"listed_on": "2019-10-09", "removed_on": "2020-03"}}
    report = {"type": "CONSIDERED_FOR", "props": {"reported_on": "2022-05"}}
    assert in_window(listing, "2024-01-01", None) and not in_window(listing, None, "2019-10-08")
    assert not in_window(removed, "2020-04-01", None) and in_window(removed, "2020-03-31", None)
    assert in_window(report, "2022-05-20", "2022-05-20") and not in_window(report, "2022-06", None)
    assert in_window({"type": "LOCATED_IN", "props": {}}, "2030", "2031")

    view = entity_view(graph, "hikvision", since="2021-01-01")
    types = {(e["type"], e["dst"]) for e in view.edges if e["src"] == HIKVISION_ID}
    assert ("CITED_FOR", "concern:human-rights-abuses") not in types  # a 2019 citation
    assert {("LISTED_ON", EL), ("LISTED_ON", CMIC), ("CONSIDERED_FOR", SDN), ("LOCATED_IN", "region:cn-hangzhou")} <= types
    assert "concern:human-rights-abuses" not in {n["id"] for n in view.nodes}
    view = entity_view(graph, "hikvision", until="2020-12-31", types="LISTED_ON,CONSIDERED_FOR")
    # the 2021 NS-CMIC listing and the 2022 report fall outside; the lists they reached go too
    assert {(e["type"], e["src"], e["dst"]) for e in view.edges} == {("LISTED_ON", HIKVISION_ID, EL)}
    assert {n["id"] for n in view.nodes} == {HIKVISION_ID, EL}


def test_unknown_types_and_entities_are_clean_errors(graph):
    with pytest.raises(SkgError, match="unknown relationship type"):
        entity_view(graph, "hikvision", types="LISTED,OWNS")
    with pytest.raises(SkgError, match="no entity named"):
        entity_view(graph, "no such company anywhere")
    with pytest.raises(SkgError, match="unsupported output"):
        write_view(graph, "x.pdf", entity="hikvision")


# -- large graphs ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return build_large_store(1200)


def test_cap_says_how_many_nodes_were_cut(large):
    view = entity_view(large, "Hub Holdings Group", depth=2, max_nodes=500)
    assert len(view.nodes) == 500 and view.cut >= 500 and view.reached_more
    assert view.nodes[0]["id"] == view.focus
    ids = {n["id"] for n in view.nodes}
    assert all(e["src"] in ids and e["dst"] in ids for e in view.edges)
    html = render_view_html(view)
    assert re.search(r"Capped at 500 nodes: at least \d+ more nodes", html)
    full = entity_view(large, "Hub Holdings Group", depth=2, max_nodes=5000)
    assert len(full.nodes) == 1200 and full.cut == 0 and not full.reached_more


def test_large_views_get_precomputed_positions_and_no_physics(large):
    view = entity_view(large, "Hub Holdings Group", depth=3, max_nodes=2000)
    assert len(view.nodes) > LARGE_GRAPH and view.large
    data = view_payload(view)
    assert data["large"] is True
    xs = [n["x"] for n in data["nodes"]]
    ys = [n["y"] for n in data["nodes"]]
    assert len(set(zip(xs, ys))) == len(xs)  # every node has its own place
    again = entity_view(large, "Hub Holdings Group", depth=3, max_nodes=2000)
    assert again.positions == view.positions  # seeded: the same graph gives the same picture
    small = entity_view(large, "Hub Holdings Group", depth=1, max_nodes=20)
    assert not small.large and view_payload(small)["large"] is False


# -- static images ------------------------------------------------------------------------
def test_png_and_svg_files_are_written(graph, tmp_path):
    png, svg = tmp_path / "v.png", tmp_path / "v.svg"
    view = write_view(graph, png, entity="hikvision")
    write_view(graph, svg, entity="hikvision")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    root = ET.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")
    text = svg.read_text()
    assert "<script" not in text and "onerror" not in text and "javascript:" not in text
    # the dashed reported edge: matplotlib writes dashes as a stroke-dasharray
    assert "stroke-dasharray" in text
    assert len(view.nodes) > 5
    assert render_image(view, "svg") == render_image(view, "svg")  # deterministic (no timestamps)


# -- briefings ----------------------------------------------------------------------------
def test_briefing_separates_listings_from_reports_and_cites_everything(graph, tmp_path):
    ctx = briefing_context(graph, "hikvision", as_of="2025-12-19")
    assert ctx["name"] == HIKVISION
    assert [r["list_id"] for r in ctx["listings"]] == [EL, CMIC]
    assert [(r["list_id"], r["modality"]) for r in ctx["considered"]] == [(SDN, "reported")]
    assert "2 actual listings" in ctx["headline"] and "1 reported" in ctx["headline"]
    assert all(s["cites"] for s in ctx["summary"])
    numbers = {c.number for c in ctx["citations"]}
    assert numbers == set(range(1, len(numbers) + 1))
    assert {n for s in ctx["summary"] for n in s["cites"]} <= numbers
    passages = {c.passage for c in ctx["citations"]}
    assert "preparing to impose blocking sanctions on Hikvision" in passages
    el_cites = ctx["listings"][0]["cites"]
    fr = [c for c in ctx["citations"] if c.number in el_cites]
    assert fr[0].doc["title"] == "Addition of Certain Entities to the Entity List"
    assert fr[0].doc["published"] == "2019-10-09" and fr[0].doc["url"].startswith("https://www.federalregister.gov/")
    cited = [s for s in ctx["summary"] if s["kind"] == "CITED_FOR"]
    assert cited and "Xinjiang" in cited[0]["text"] and "Bureau of Industry and Security" in cited[0]["text"]

    path = write_briefing(graph, "hikvision", tmp_path / "b.html", as_of="2025-12-19")
    doc = lxml_html.fromstring(path.read_text())
    listing_rows = doc.xpath("//section[@id='exposure']/table[1]//tbody/tr")
    considered_rows = doc.xpath("//section[@id='exposure']/table[contains(@class,'brief-considered')]//tbody/tr")
    assert len(listing_rows) == 2 and len(considered_rows) == 1
    assert "Specially Designated" not in listing_rows[0].text_content() + listing_rows[1].text_content()
    for n in numbers:  # every citation number is a target of a link and exists in the list
        assert doc.xpath(f"//a[@href='#cite-{n}']") and doc.xpath(f"//li[@id='cite-{n}']")
    assert doc.xpath("//section[@id='timeline']//svg[contains(@class,'brief-timeline')]")
    (img,) = doc.xpath("//figure[contains(@class,'print-only')]/img/@src")
    assert img.startswith("data:image/svg+xml;base64,")
    assert doc.xpath("//div[contains(@class,'screen-only')]//div[@data-skg-view]")


def test_briefing_sections_for_missing_queries_say_so(graph):
    ctx = briefing_context(graph, "hikvision", as_of="2025-12-19")
    names = [s["name"] for s in ctx["sections"]]
    assert names[0] == "precedents" and "escalation" in names
    from sanctions_kg.queries.catalog import catalog

    for s in ctx["sections"]:
        if s["name"] not in catalog():
            assert "not available" in s["note"] and not s["rows"]


def test_briefing_sections_show_canned_query_rows_with_citations(graph, monkeypatch):
    """When the catalog has a `precedents` query, its rows become a table whose sources are numbered."""
    import sanctions_kg.graph.brief as brief
    from sanctions_kg.queries import catalog as cat, embedded

    spec = cat.QuerySpec(name="precedents", description="Parties listed on the same lists.",
                         params=(cat.ParamSpec("entity", "party", True),), example="", cypher="",
                         path=cat.QUERY_DIR / "precedents.cypher")
    queries = {**cat.catalog(), "precedents": spec}
    monkeypatch.setattr(cat, "catalog", lambda: queries)
    monkeypatch.setattr(brief, "catalog", lambda: queries)
    seen = []

    def precedents(store, entity):
        seen.append(entity)
        return [{"party_id": "company:dahua", "party": "Zhejiang Dahua Technology Co., Ltd.", "list": "Entity List",
                 "listed_on": "2019-10-09",
                 "aliases": ["Dahua", "<b>bold</b>"], "sources": ["doc:84-fr-54002"],
                 "evidence": [json.dumps({"source": "doc:84-fr-54002", "text": "Dahua was added too."})]}]

    monkeypatch.setitem(embedded.IMPLEMENTATIONS, "precedents", precedents)
    ctx = briefing_context(graph, "hikvision", as_of="2025-12-19")
    assert seen == [HIKVISION_ID]  # the party's id, resolved once
    section = ctx["sections"][0]
    # the id beside its name is left out; dates stay on one line
    assert section["note"] is None and section["columns"] == ["party", "list", "listed_on", "aliases"]
    (row,) = section["rows"]
    assert row["cells"][3] == "Dahua; <b>bold</b>" and row["dates"] == [False, False, True, False]
    (number,) = row["cites"]
    cited = ctx["citations"][number - 1]
    assert cited.passage == "Dahua was added too." and cited.doc["title"] == "Addition of Certain Entities to the Entity List"
    html = render_briefing(graph, "hikvision", as_of="2025-12-19")
    assert "Dahua; &lt;b&gt;bold&lt;/b&gt;" in html and f'href="#cite-{number}"' in html


def test_briefing_refuses_non_parties_and_non_html(graph, tmp_path):
    with pytest.raises(SkgError):
        write_briefing(graph, "Entity List", tmp_path / "b.html")
    with pytest.raises(SkgError, match="HTML"):
        write_briefing(graph, "hikvision", tmp_path / "b.pdf")


def test_timeline_geometry():
    assert year_fraction("2019") == 2019.5 and year_fraction("2019-02-30") < year_fraction("2019-03-01")
    listings = [{"list": "Entity List", "list_id": EL, "listed_on": "2019-10-09", "removed_on": None, "cites": [1]},
                {"list": "Old", "list_id": "list:old", "listed_on": "2016", "removed_on": "2018-01", "cites": []}]
    considered = [{"list": "SDN", "list_id": SDN, "reported_on": "2022-05", "modality": "reported", "cites": [2]}]
    t = timeline(listings, considered, [{"label": "forced labour", "date": "2020-07-01", "cites": [3]}], "2025-12-19")
    assert [lane["label"] for lane in t["lanes"]] == ["Entity List", "Old", "SDN", "cited for: forced labour"]
    open_bar, closed_bar = t["bars"]
    assert open_bar["open"] and not closed_bar["open"]
    assert closed_bar["x"] < open_bar["x"] < t["as_of"]["x"]
    assert [m["shape"] for m in t["markers"]] == ["diamond", "circle"]
    assert t["ticks"][0]["year"] == 2016 and t["ticks"][-1]["year"] == 2026
    assert timeline([], [], [], "2025-01-01") is None


# -- the command line -----------------------------------------------------------------------
def test_cli_viz_and_brief(run_cli, skg_env):
    store = build_store(skg_env / "home" / "store.json")
    store.save(store.path)
    out = skg_env / "out"
    result = run_cli("viz", "--entity", "hikvision", "--depth", "2", "-o", out / "h.html")
    assert "nodes" in result.output and (out / "h.html").stat().st_size > 100_000
    assert_self_contained((out / "h.html").read_text())
    run_cli("viz", "--query", "exposure", "--param", "entity=hikvision", "-o", out / "x.svg")
    assert ET.fromstring((out / "x.svg").read_bytes()).tag.endswith("svg")
    run_cli("viz", "--entity", "hikvision", "--types", "LISTED_ON", "--since", "2020", "-o", out / "l.png")
    assert (out / "l.png").read_bytes()[:4] == b"\x89PNG"
    run_cli("brief", "--entity", "hikvision", "--as-of", "2025-12-19", "-o", out / "b.html")
    assert "Sources" in (out / "b.html").read_text()

    bad = run_cli("viz", "--entity", "hikvision", "-o", out / "h.pdf", ok=False)
    assert bad.exit_code == 1 and "unsupported output" in bad.output and "Traceback" not in bad.output
    both = run_cli("viz", "--entity", "hikvision", "--query", "exposure", "-o", out / "h.html", ok=False)
    assert both.exit_code == 2 and "exactly one" in both.output
    date = run_cli("viz", "--entity", "hikvision", "--since", "last year", "-o", out / "h.html", ok=False)
    assert date.exit_code == 2 and "YYYY" in date.output


# -- the same views from Neo4j ------------------------------------------------------------
@pytest.mark.neo4j
def test_views_and_briefings_read_the_same_from_neo4j(neo4j_clean, graph):
    """The Cypher read path (one statement per batch) gives the embedded store's picture."""
    from sanctions_kg.graph.pipeline import build
    from sanctions_kg.loaders.reference import REFERENCE_PATH, read as read_reference
    from sanctions_kg.loaders.registry import LoadContext
    from store_pair import open_neo4j
    from viewgraph import hikvision_facts, payload_facts

    with open_neo4j(neo4j_clean) as neo:
        build(read_reference(REFERENCE_PATH, LoadContext(store=neo, path=REFERENCE_PATH)), neo)
        assert not build(hikvision_facts() + payload_facts(), neo).problems
        for args in ({"entity": "hikvision", "depth": 2}, {"entity": "hikvision", "since": "2021"}):
            assert view_payload(entity_view(neo, **args)) == view_payload(entity_view(graph, **args))
        exposure = {"entity": "hikvision"}
        assert view_payload(query_view(neo, "exposure", exposure)) == view_payload(
            query_view(graph, "exposure", exposure))
        ours, theirs = (briefing_context(s, "hikvision", as_of="2025-12-19") for s in (neo, graph))
        for key in ("headline", "summary", "listings", "considered", "timeline"):
            assert ours[key] == theirs[key], key
        assert [(c.doc_id, c.passage, c.doc) for c in ours["citations"]] == [
            (c.doc_id, c.passage, c.doc) for c in theirs["citations"]]
