"""Views and briefings as a person sees them: headless Chromium, no network, hostile data.

Needs Debian's ``chromium`` (``apt-get install -y chromium``) and the Python
``playwright`` package (test extras); no browser is downloaded. Every test
fails on a console error, an uncaught exception, a dialog (``alert``), or any
request that is not ``file:`` or ``data:``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import require_or_skip
from sanctions_kg.graph.brief import write_briefing
from sanctions_kg.graph.viewdata import entity_view
from sanctions_kg.graph.views import write_view
from sanctions_kg.schema import MODEL
from viewgraph import (
    HIKVISION_ID, PAYLOAD_ALIAS, PAYLOAD_NAME, PAYLOAD_PASSAGE, PAYLOAD_TITLE, PAYLOAD_URL,
    build_large_store, build_store,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("SKG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAYLOAD_ID = MODEL.node_id("Company", PAYLOAD_NAME)
AS_OF = "2025-12-19"


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip("the playwright package is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        require_or_skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """Everything a page did that it must not: errors, dialogs, network requests."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", self._request)
        page.route("**/*", self._route)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request):
        if not request.url.startswith(("file:", "data:")):
            self.requests.append(request.url)

    def _route(self, route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def assert_clean(self):
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.requests == [], f"network requests: {self.requests}"


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_(path: Path, width: int = 1400, height: int = 900):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(ctx)
        page = ctx.new_page()
        watch = Watch(page)
        page.goto(path.as_uri())
        page.wait_for_selector("[data-skg-view][data-skg-ready='true']", state="attached", timeout=30_000)
        return page, watch

    yield open_
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="module")
def clean_graph(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("clean") / "store.json")


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("hostile") / "store.json", payloads=True)


def node_point(page, node_id: str) -> tuple[float, float]:
    """Page coordinates of a node's centre."""
    box = page.locator(".skg-canvas").bounding_box()
    dom = page.evaluate("""id => { const n = window.__skg.network;
        return n.canvasToDOM(n.getPositions([id])[id]); }""", node_id)
    return box["x"] + dom["x"], box["y"] + dom["y"]


def drawn_pixels(page) -> int:
    return page.evaluate("""() => { const c = document.querySelector('.skg-canvas canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""")


def test_view_draws_the_expected_graph_offline(open_page, clean_graph, tmp_path):
    path = tmp_path / "view.html"
    view = write_view(clean_graph, path, entity="hikvision", depth=2)
    page, watch = open_page(path)
    expected = {n["id"] for n in view.nodes}
    assert set(page.evaluate("window.__skg.visibleNodeIds()")) == expected
    assert set(page.evaluate("window.__skg.visibleEdgeIds()")) == {e["key"] for e in view.edges}
    assert page.evaluate("typeof window.__skgReady") == "number"
    assert drawn_pixels(page) > 5000
    considered = next(e["key"] for e in view.edges if e["type"] == "CONSIDERED_FOR")
    listing = next(e["key"] for e in view.edges if e["type"] == "LISTED_ON")
    assert page.evaluate("k => window.__skg.edges.get(k).dashes", considered)
    assert not page.evaluate("k => window.__skg.edges.get(k).dashes", listing)
    assert page.locator(".skg-legend").inner_text().count("Company") == 1
    watch.assert_clean()


def test_filters_hide_and_restore_relationships(open_page, clean_graph, tmp_path):
    path = tmp_path / "view.html"
    view = write_view(clean_graph, path, entity="hikvision", depth=2)
    page, watch = open_page(path)
    keys = {e["key"]: e for e in view.edges}
    page.uncheck("input.skg-type[value=LISTED_ON]")
    shown = page.evaluate("window.__skg.visibleEdgeIds()")
    assert shown and all(keys[k]["type"] != "LISTED_ON" for k in shown)
    nodes = set(page.evaluate("window.__skg.visibleNodeIds()"))
    assert "list:us-bis-el" not in nodes and "list:us-ns-cmic" not in nodes and HIKVISION_ID in nodes
    page.check("input.skg-type[value=LISTED_ON]")
    page.fill("input.skg-since", "2021-01-01")
    page.dispatch_event("input.skg-since", "change")
    nodes = set(page.evaluate("window.__skg.visibleNodeIds()"))
    assert "concern:human-rights-abuses" not in nodes  # cited 2019
    assert {"list:us-bis-el", "list:us-ns-cmic", "list:us-ofac-sdn"} <= nodes  # in force, or reported 2022
    assert "of" in page.locator(".skg-shown").inner_text()
    page.click("button.skg-reset")
    assert set(page.evaluate("window.__skg.visibleEdgeIds()")) == set(keys)
    watch.assert_clean()


def test_details_panel_quotes_sources_and_links_them_safely(open_page, clean_graph, tmp_path):
    path = tmp_path / "view.html"
    view = write_view(clean_graph, path, entity="hikvision", depth=2)
    page, watch = open_page(path)
    x, y = node_point(page, HIKVISION_ID)
    page.mouse.click(x, y)
    assert page.locator(".skg-details h3").inner_text() == "Hangzhou Hikvision Digital Technology Co., Ltd."
    listing = next(e["key"] for e in view.edges if e["type"] == "LISTED_ON" and e["dst"] == "list:us-bis-el")
    page.evaluate("k => window.__skg.showEdge(k)", listing)
    details = page.locator(".skg-details")
    assert "LISTED_ON" in details.inner_text() and "84 FR 54002" in details.inner_text()
    link = details.locator("a", has_text="Addition of Certain Entities to the Entity List")
    assert link.get_attribute("href").startswith("https://www.federalregister.gov/")
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "adding 28 entities to the Entity List" in details.locator("blockquote").first.inner_text()
    watch.assert_clean()


def test_script_payloads_never_execute_in_a_view(open_page, hostile_graph, tmp_path):
    path = tmp_path / "hostile.html"
    view = write_view(hostile_graph, path, entity="hikvision", depth=2)
    page, watch = open_page(path)
    scripts = page.evaluate("document.scripts.length")
    x, y = node_point(page, PAYLOAD_ID)
    page.mouse.move(x, y)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tip = page.locator("div.vis-tooltip")
    assert PAYLOAD_NAME in tip.inner_text() and PAYLOAD_ALIAS in tip.inner_text()
    page.mouse.click(x, y)
    assert page.locator(".skg-details h3").inner_text() == PAYLOAD_NAME
    bad_edge = next(e["key"] for e in view.edges if e["src"] == PAYLOAD_ID and e["type"] == "AFFILIATED_WITH")
    page.evaluate("k => window.__skg.showEdge(k)", bad_edge)
    details = page.locator(".skg-details")
    assert details.locator("blockquote").first.text_content().startswith(PAYLOAD_PASSAGE[:40])
    assert PAYLOAD_TITLE in details.inner_text()  # the href-bearing title, as text
    assert details.locator("a").count() == 0  # its javascript: URL is not a link
    # hover the payload edge's tooltip path too: the edge title holds the same strings
    page.evaluate("k => window.__skg.network.selectEdges([k])", bad_edge)
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == scripts
    assert page.locator(".skg-details img, div.vis-tooltip img, .skg-details script").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert details.locator("p", has_text=PAYLOAD_NAME).first.is_visible()  # shown as text
    watch.assert_clean()


def test_briefing_opens_offline_and_prints_without_controls(open_page, clean_graph, tmp_path):
    path = write_briefing(clean_graph, "hikvision", tmp_path / "briefing.html", as_of=AS_OF)
    page, watch = open_page(path, height=1000)
    assert HIKVISION_ID in page.evaluate("window.__skg.visibleNodeIds()")
    assert page.locator("#summary").is_visible() and page.locator(".brief-timeline").is_visible()
    assert page.locator(".skg-canvas").is_visible() and not page.locator("figure.print-only").is_visible()
    page.click("#summary sup.cite a >> nth=0")
    assert page.evaluate("location.hash").startswith("#cite-")
    page.emulate_media(media="print")
    assert not page.locator(".skg-canvas").is_visible() and not page.locator(".skg-controls").is_visible()
    snapshot = page.locator("figure.print-only img")
    assert snapshot.is_visible()
    assert page.evaluate("document.querySelector('figure.print-only img').naturalWidth") > 100
    pdf = page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(
        b"/Type/Page") >= 2
    watch.assert_clean()


def test_script_payloads_never_execute_in_a_briefing(open_page, hostile_graph, tmp_path):
    path = write_briefing(hostile_graph, PAYLOAD_ID, tmp_path / "hostile-briefing.html", as_of=AS_OF)
    page, watch = open_page(path)
    assert page.locator("h1").inner_text().startswith(PAYLOAD_NAME)
    sources = page.locator("#sources").inner_text()
    assert PAYLOAD_TITLE in sources and PAYLOAD_URL in sources and "window.__pwned=1" in sources
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("#sources img, #summary img, #exposure img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    watch.assert_clean()


def test_a_large_view_is_interactive_at_once_with_physics_off(open_page, tmp_path_factory):
    store = build_large_store(2000)
    path = tmp_path_factory.mktemp("large") / "large.html"
    view = write_view(store, path, entity="Hub Holdings Group", depth=3, max_nodes=2000)
    assert view.large and view.cut > 0
    page, watch = open_page(path)
    assert page.evaluate("window.__skgReady") < 15_000
    assert len(page.evaluate("window.__skg.visibleNodeIds()")) == 2000
    probe = view.nodes[-1]["id"]
    first = page.evaluate("id => window.__skg.network.getPositions([id])[id]", probe)
    page.wait_for_timeout(500)
    again = page.evaluate("id => window.__skg.network.getPositions([id])[id]", probe)
    assert first == again  # nothing moves: no physics
    x, y = view.positions[probe]
    assert abs(first["x"] - x) <= 1 and abs(first["y"] - y) <= 1  # where Python put it (vis rounds)
    assert "Capped at 2000 nodes" in page.locator(".skg-cut").inner_text()
    watch.assert_clean()


def test_the_cli_view_of_entity_neighbourhood_matches_the_query(open_page, clean_graph, tmp_path):
    """The page shows exactly what the neighbourhood query lists."""
    from sanctions_kg.queries.runner import run_query

    path = tmp_path / "view.html"
    write_view(clean_graph, path, entity="hikvision", depth=1)
    page, watch = open_page(path)
    rows = run_query(clean_graph, "neighbourhood", {"entity": "hikvision", "depth": 1})
    assert set(page.evaluate("window.__skg.visibleEdgeIds()")) == {r["key"] for r in rows}
    assert entity_view(clean_graph, "hikvision", depth=1).focus == HIKVISION_ID
    watch.assert_clean()
