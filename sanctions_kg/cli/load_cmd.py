"""``skg load``: files in, graph facts out, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from sanctions_kg.cli.common import console, emit_rows, get_store
from sanctions_kg.errors import SkgError
from sanctions_kg.graph.pipeline import build
from sanctions_kg.graph.resolve import Resolver
from sanctions_kg.loaders.registry import LOADER_MODULES, LoadContext, detect, expand

MAX_PROBLEMS_SHOWN = 20
#: loader options for list extracts (see loaders/snapshot.py and loaders/summary.py)
PARTIAL_OPTIONS = {"history": False, "check_counts": False}


def load_paths(store, paths: list[Path], fmt: str | None = None, options: dict | None = None,
               progress: Progress | None = None, batch_size: int = 2000) -> list[dict]:
    """Load each path into ``store``; returns one summary row per path.

    A path that fails as a whole (unreadable, wrong format) is rolled back and
    reported; the others still load. Used by ``skg load`` and ``skg demo``.

    What is costly to build from a large store is built once for all the paths,
    not per file: the resolver's index of parties, the gazetteer of names (the
    document loader extends it with the parties each document adds, see
    :meth:`~sanctions_kg.loaders.gazetteer.Gazetteer.absorb`), and the embedded
    store's file, saved once at the end (:meth:`~sanctions_kg.graph.store.Store.deferred_saves`).
    Each file still commits on its own, so a failed file is undone alone.
    """
    rows = []
    resolver = gazetteer = None
    overall = progress.add_task(f"{len(paths)} inputs", total=len(paths)) if progress and len(paths) > 1 else None
    with store.deferred_saves():
        for path in paths:
            ctx = LoadContext(store=store, options=dict(options or {}), path=path, gazetteer=gazetteer)
            task = progress.add_task(f"{path.name}", total=None) if progress else None
            try:
                spec = detect(path, fmt)
                if spec.resolve and resolver is None:
                    resolver = Resolver(store)
                report = build(
                    spec.read(path, ctx), store, resolver=resolver if spec.resolve else None,
                    batch_size=batch_size, source_name=str(path),
                    on_fact=(lambda _f: progress.advance(task)) if progress else None,
                )
            except SkgError as exc:
                store.rollback()
                resolver = gazetteer = None  # they may hold what was just undone
                rows.append({"path": str(path), "format": fmt or "?", "nodes": 0, "relationships": 0,
                             "problems": 1, "error": str(exc), "messages": [str(exc)]})
                continue
            finally:
                if progress:
                    progress.update(task, visible=False)
                    if overall is not None:
                        progress.advance(overall)
            if not spec.resolve:
                resolver = None  # parties it did not see were written
            gazetteer = ctx.gazetteer
            if gazetteer is not None and not gazetteer.absorb(
                    n for n in map(store.get_node, sorted(report.node_ids)) if n is not None):
                gazetteer = None
            problems = ctx.problems + report.problems
            summary = list(ctx.options.get("summary") or [])
            if report.corroborated:
                summary.append(f"{path.name}: {report.corroborated} listing(s) stated by documents joined "
                               "the listing this file records")
            rows.append({"path": str(path), "format": spec.name, "nodes": report.nodes,
                         "relationships": report.rels, "problems": len(problems), "error": None,
                         "messages": problems, "summary": summary})
        if progress and overall is not None:
            progress.add_task(f"saving {store.location}", total=None)  # the block's end writes the file
    return rows


def print_load_summary(rows: list[dict]) -> None:
    """The per-file table, then problems (file:line: message), then any list-count warnings."""
    emit_rows(rows, "table", columns=["path", "format", "nodes", "relationships", "problems"],
              out=None, title="Loaded")
    for row in rows:
        for msg in row["messages"][:MAX_PROBLEMS_SHOWN]:
            console.print(f"[yellow]problem[/]: {msg}", highlight=False, markup=True)
        extra = len(row["messages"]) - MAX_PROBLEMS_SHOWN
        if extra > 0:
            console.print(f"[yellow]... and {extra} more problems in {row['path']}[/]")
        for line in row.get("summary") or []:
            console.print(line, highlight=False)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", metavar="NAME",
              help="Force a loader instead of detecting it: " + ", ".join(m.rsplit(".", 1)[1] for m in LOADER_MODULES) + ".")
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date for documents, or snapshot date for list files, when the input lacks one.")
@click.option("--partial", is_flag=True,
              help="The list files are deliberate extracts: parties absent from them are not "
                   "treated as removed, and list counts are not checked against the expected ranges.")
@click.option("--batch-size", default=2000, show_default=True, help="Facts per write batch.")
@click.option("--relation-model", "relations", is_flag=True,
              help="Documents: also store the claims of the statistical relation model (more claims, less "
                   "precise ones; their evidence names the model, see docs/extraction.md).")
def load(paths: tuple[Path, ...], fmt: str | None, published: str | None, partial: bool,
         batch_size: int, relations: bool) -> None:
    """Load files or folders (list snapshots, documents, reference data, RDF, FtM).

    The format is detected from content and extension. A folder of documents
    loads every file in it that a loader recognises. Bad rows are reported
    with file and line and skipped; the rest loads. Loading the same input
    twice changes nothing.
    """
    store = get_store()
    options = {"published": published} if published else {}
    if relations:
        options["relations"] = True
    if partial:
        options.update(PARTIAL_OPTIONS)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("facts"), TimeElapsedColumn(), console=console, transient=True) as progress:
        inputs, passed_over = expand(list(paths), fmt)
        rows = load_paths(store, inputs, fmt, options, progress, batch_size)
    print_load_summary(rows)
    if passed_over:
        shown = ", ".join(str(p) for p in passed_over[:5]) + (" ..." if len(passed_over) > 5 else "")
        console.print(f"passed over {len(passed_over)} file(s) no loader recognises: {shown}", highlight=False)
    failed = [r for r in rows if r["error"]]
    if failed:
        raise click.ClickException(f"{len(failed)} of {len(rows)} input(s) could not be loaded")

COMMANDS = [load]
