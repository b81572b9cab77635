"""``skg export`` (the graph in the formats other tools read) and ``skg schema`` (the model, rendered).

``skg export --format FMT -o PATH`` writes the active store with one of the
writers of :mod:`sanctions_kg.graph.exports`, with a progress bar, and prints
what it wrote. ``skg schema`` prints the model as Markdown (``docs/model.md``),
the OWL ontology or the SHACL shapes (Turtle), or a Mermaid diagram - all
generated from ``schema/model.yaml``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sanctions_kg.cli.common import console, get_store
from sanctions_kg.graph.export_common import total_items
from sanctions_kg.graph.exports import EXPORTS

_FORMAT_HELP = "\n\n".join(f"{name}: {spec.description}" for name, spec in EXPORTS.items())


@click.command(epilog="Formats:\n\n" + _FORMAT_HELP)
@click.option("--format", "fmt", type=click.Choice(list(EXPORTS)), required=True, help="Output format (see below).")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True,
              help="File to write (a folder for neo4j-admin).")
@click.option("--force", is_flag=True,
              help="Build Turtle/JSON-LD above the in-memory size limit; write into a non-empty folder.")
def export(fmt: str, output: Path, force: bool) -> None:
    """Export the graph for other tools: RDF, Gephi, FollowTheMoney, neo4j-admin, Cypher.

    Provenance (sources, evidence) and dates are kept by every format that can
    hold them. See docs/interchange.md for opening the files in Gephi, importing
    them into another Neo4j and handing them to FtM tools.
    """
    spec = EXPORTS[fmt]
    store = get_store()
    total = total_items(store)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("items"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task(f"export {fmt}", total=total)
        summary = spec.write(store, output, lambda n: progress.advance(task, n), force=force)
    console.print(f"[bold]Wrote[/] {output} ({fmt}): " + json.dumps(summary, ensure_ascii=False), highlight=False)


SCHEMA_FORMATS = ("markdown", "turtle", "shacl", "mermaid")


def render_schema(fmt: str) -> str:
    """The model rendered as ``fmt`` (one of :data:`SCHEMA_FORMATS`)."""
    if fmt == "markdown":
        from sanctions_kg.schema.docs import model_markdown

        return model_markdown()
    if fmt == "mermaid":
        from sanctions_kg.schema.docs import model_mermaid

        return model_mermaid()
    from sanctions_kg.schema.ontology import build_ontology, build_shapes, serialize

    return serialize(build_ontology() if fmt == "turtle" else build_shapes())


@click.command()
@click.option("--format", "fmt", type=click.Choice(SCHEMA_FORMATS), default="markdown", show_default=True,
              help="markdown: the model docs (docs/model.md); turtle: the OWL ontology; "
                   "shacl: the SHACL shapes (Turtle); mermaid: a class diagram.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file instead of stdout.")
def schema(fmt: str, output: Path | None) -> None:
    """Print the graph model: docs, RDF ontology, SHACL shapes or a Mermaid diagram.

    Everything is generated from schema/model.yaml, the one place the model is declared.
    """
    text = render_schema(fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


COMMANDS = [export, schema]
