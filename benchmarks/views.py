"""Time to first interactive render of big graph views in headless Chromium, against pyvis.

Run by hand, not in CI (needs Debian's ``chromium`` and the ``playwright`` package)::

    python benchmarks/views.py                      # 1,000 and 5,000 nodes
    python benchmarks/views.py --sizes 5000 --repeat 5
    python benchmarks/views.py --docs               # also refresh docs/briefing-hikvision.png
    python benchmarks/views.py --docs --sizes ""    # only that

The graph is a synthetic corporate family (``tests/viewgraph.py``
``large_facts``: a hub, group heads, subsidiaries each listed on a list),
viewed from the hub at depth 3 so the view holds exactly N nodes.

* **ours** - ``skg viz`` output: positions computed in Python (igraph), physics
  off, everything inlined. Ready = the first ``afterDrawing`` (the page's
  ``window.__skgReady`` mark), in ms since navigation start.
* **baseline** - the same nodes and edges through pyvis 0.3.2 with its
  defaults (physics on, ``cdn_resources="in_line"``), made to open offline by
  dropping its Bootstrap ``<link>``/``<script>`` tags (requests are blocked
  anyway). Ready = the first ``afterDrawing`` after vis-network's
  stabilisation, which is when pyvis's page becomes usable; capped at
  ``--timeout`` seconds.

Every page is opened in a fresh browser context with all non-``file:``
requests aborted. Output: a Markdown table for docs/benchmarks.md ``## Views``.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

#: appended to the pyvis page: marks the first drawing after stabilisation (pyvis's `network` is global)
_PYVIS_PROBE = """<script>
(function () {
  function hook() {
    if (typeof network === "undefined" || !network) { return setTimeout(hook, 2); }
    var stable = !(network.physics && network.physics.physicsEnabled);
    network.on("stabilizationIterationsDone", function () { stable = true; });
    network.on("stabilized", function () { stable = true; });
    network.on("afterDrawing", function () {
      if (stable && window.__skgReady === undefined) { window.__skgReady = performance.now(); }
    });
  }
  hook();
})();
</script>
</body>"""


def build_views(n: int, folder: Path) -> tuple[Path, Path, dict]:
    """Our page and the pyvis page for the same N-node view; returns paths and Python-side timings."""
    from pyvis.network import Network

    from sanctions_kg.graph.views import render_view_html
    from sanctions_kg.graph.viewdata import entity_view
    from viewgraph import build_large_store

    store = build_large_store(n - 3)  # + the three lists reached at depth 3
    t0 = time.perf_counter()
    view = entity_view(store, "Hub Holdings Group", depth=3, max_nodes=n)
    html = render_view_html(view)
    ours_s = time.perf_counter() - t0
    ours = folder / f"ours-{n}.html"
    ours.write_text(html, encoding="utf-8")

    t0 = time.perf_counter()
    net = Network(height="640px", width="100%", directed=True, cdn_resources="in_line")
    for node in view.nodes:
        net.add_node(node["id"], label=node["props"].get("name", node["id"]), title=node["id"])
    for e in view.edges:
        net.add_edge(e["src"], e["dst"], label=e["type"])
    page = net.generate_html()
    pyvis_s = time.perf_counter() - t0
    page = re.sub(r"<link[^>]+cdn\.jsdelivr\.net[^>]*/>", "", page)
    page = re.sub(r"<script\s+src=\"https://cdn\.jsdelivr\.net[^>]*>\s*</script>", "", page)
    page = page.replace("</body>", _PYVIS_PROBE, 1)
    baseline = folder / f"pyvis-{n}.html"
    baseline.write_text(page, encoding="utf-8")
    return ours, baseline, {"nodes": len(view.nodes), "edges": len(view.edges),
                            "ours_python_s": ours_s, "pyvis_python_s": pyvis_s,
                            "ours_kb": ours.stat().st_size // 1024, "pyvis_kb": baseline.stat().st_size // 1024}


def time_to_ready(browser, path: Path, timeout_s: float) -> float | None:
    """Milliseconds from navigation start to the page's ready mark (None past the timeout)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    blocked = []
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
              else (blocked.append(r.request.url), r.abort()))
    page = ctx.new_page()
    try:
        page.goto(path.as_uri(), wait_until="commit")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            ready = page.evaluate("window.__skgReady")
            if ready is not None:
                return float(ready)
            time.sleep(0.05)
        return None
    finally:
        ctx.close()


def refresh_docs_screenshot(browser) -> Path:
    """Run `skg demo` in a scratch store and screenshot its briefing to docs/briefing-hikvision.png."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {"SKG_HOME": tmp, "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-m", "sanctions_kg", "demo", "-o", f"{tmp}/out"], check=True, env=env,
                       capture_output=True)
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.goto(Path(f"{tmp}/out/hikvision-briefing.html").as_uri())
        page.wait_for_selector("[data-skg-ready='true']", state="attached", timeout=30_000)
        page.wait_for_timeout(500)
        out = ROOT / "docs" / "briefing-hikvision.png"
        page.screenshot(path=str(out), full_page=True)
        ctx.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated node counts")
    parser.add_argument("--repeat", type=int, default=3, help="page loads per variant (median counts)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for a page to be ready")
    parser.add_argument("--docs", action="store_true", help="also refresh docs/briefing-hikvision.png")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from neo4j_load import machine

    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if args.docs:
            print(f"wrote {refresh_docs_screenshot(browser)}", file=sys.stderr)
        for n in (int(s) for s in args.sizes.split(",") if s.strip()):
            ours, baseline, info = build_views(n, Path(tmp))
            ours_ms = [time_to_ready(browser, ours, args.timeout) for _ in range(args.repeat)]
            base_ms = [time_to_ready(browser, baseline, args.timeout) for _ in range(max(1, args.repeat // 3))]
            rows.append((n, info, ours_ms, base_ms))
            print(f"{n} nodes: ours {ours_ms}, pyvis {base_ms}", file=sys.stderr)
        version = browser.version
        browser.close()

    if not rows:
        return

    def fmt(values):
        done = [v for v in values if v is not None]
        if len(done) < len(values):
            return f"> {args.timeout:.0f} s (not ready)"
        return f"{statistics.median(done) / 1000:.2f} s"

    print(f"Machine: {machine()}; Chromium {version} headless.\n")
    print("| nodes | edges | ours: ready | pyvis default: ready | ours: build page | pyvis: build page "
          "| ours: file | pyvis: file |")
    print("|---|---|---|---|---|---|---|---|")
    for n, info, ours_ms, base_ms in rows:
        print(f"| {info['nodes']:,} | {info['edges']:,} | {fmt(ours_ms)} | {fmt(base_ms)} "
              f"| {info['ours_python_s']:.2f} s | {info['pyvis_python_s']:.2f} s "
              f"| {info['ours_kb']:,} KB | {info['pyvis_kb']:,} KB |")


if __name__ == "__main__":
    main()
