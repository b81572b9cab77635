"""``skg load``: files in, graph facts out, with a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from sanctions_kg.cli.common import console, emit_rows, get_store
from sanctions_kg.graph.load import PARTIAL_OPTIONS, load_paths
from sanctions_kg.loaders.registry import LOADER_MODULES, expand

MAX_PROBLEMS_SHOWN = 20


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
