"""``skg demo``: the main job end to end on the bundled corpus.

Builds the demo graph (reference data, real list extracts, the project's own
documents) in the active store, runs the main canned queries, and writes
their results, an interactive view and a briefing to an output folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from sanctions_kg.cli.common import console, emit_rows, get_store
from sanctions_kg.cli.load_cmd import print_load_summary
from sanctions_kg.errors import SkgError
from sanctions_kg.graph.load import PARTIAL_OPTIONS, load_paths
from sanctions_kg.loaders.reference import REFERENCE_PATH
from sanctions_kg.queries.catalog import catalog
from sanctions_kg.queries.runner import run_query

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
DEMO_ENTITY = "hikvision"

#: (output name, query, parameters) - the questions the demo answers
DEMO_QUERIES = [
    ("exposure-hikvision", "exposure", {"entity": DEMO_ENTITY}),
    ("neighbourhood-hikvision", "neighbourhood", {"entity": DEMO_ENTITY, "depth": "2"}),
    ("precedents-hikvision", "precedents", {"entity": DEMO_ENTITY}),
    ("escalation-human-rights", "escalation", {"concern": "human rights"}),
    ("timeline-hikvision", "timeline", {"entity": DEMO_ENTITY}),
    ("region-xinjiang", "region", {"region": "Xinjiang"}),
    ("agency-bis", "agency", {"agency": "BIS"}),
    ("sources-hikvision", "sources", {"entity": DEMO_ENTITY}),
]


def demo_inputs() -> list[Path]:
    """What the demo loads, in order: reference data, list folders/files, documents."""
    lists = DEMO_DIR / "lists"
    paths = [REFERENCE_PATH]
    paths += sorted(p for p in (lists / "ofac-consolidated").iterdir() if p.is_dir())
    paths += sorted(p for p in (lists / "ofac-sdn").iterdir() if p.is_dir())
    paths += sorted((lists / "trade-csl").glob("*.csv"))
    docs = DEMO_DIR / "documents"
    if docs.is_dir():
        paths += sorted(p for p in docs.iterdir() if p.suffix in (".txt", ".md", ".html"))
    return paths


def write_rows(rows: list[dict], base: Path) -> list[Path]:
    """Write query rows as ``base.json`` and ``base.csv``."""
    base.parent.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = base.with_suffix(".json"), base.with_suffix(".csv")
    json_path.write_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    with open(csv_path, "w", encoding="utf-8") as fh:
        emit_rows(rows, "csv", out=fh)
    return [json_path, csv_path]


@click.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("skg-demo"), show_default=True,
              help="Folder for the query results, the view and the briefing.")
def demo(output: Path) -> None:
    """Build the bundled demo graph, run the main queries, write results, a view and a briefing.

    The graph goes into the active store (see `skg --help`); run `skg query ...`
    afterwards to explore it.
    """
    store = get_store()
    output.mkdir(parents=True, exist_ok=True)
    console.print(f"[bold]Building the demo graph[/] in the {store.kind} store at {store.location}")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} facts"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        # the bundled list files are extracts: no removals inferred, no count checks
        rows = load_paths(store, demo_inputs(), options=PARTIAL_OPTIONS, progress=progress)
    print_load_summary(rows)
    if any(r["error"] for r in rows):
        raise click.ClickException("the demo corpus did not load cleanly")

    written: list[Path] = []
    available = catalog()
    for out_name, name, params in DEMO_QUERIES:
        if name not in available:
            continue
        try:
            result = run_query(store, name, params)
        except SkgError as exc:
            console.print(f"[yellow]query {name} skipped[/]: {exc}")
            continue
        written += write_rows(result, output / "queries" / out_name)
        console.print(f"query [bold]{name}[/] {params}: {len(result)} rows")

    try:
        from sanctions_kg.graph.views import write_view
    except ImportError:
        write_view = None
    if write_view is not None:
        view = output / "hikvision-view.html"
        write_view(store, view, entity=DEMO_ENTITY, depth=2)
        written.append(view)
    try:
        from sanctions_kg.graph.brief import write_briefing
    except ImportError:
        write_briefing = None
    if write_briefing is not None:
        brief = output / "hikvision-briefing.html"
        write_briefing(store, DEMO_ENTITY, brief)
        written.append(brief)

    console.print("\n[bold green]Demo done.[/] Files written:")
    for path in written:
        click.echo(f"  {path}")
    click.echo(f"\nGraph store: {store.location}\nNext: skg query exposure --param entity={DEMO_ENTITY}")


COMMANDS = [demo]
