"""``skg``: the sanctions-kg command line.

Commands live in small modules; this one holds the group, the store option and
the core commands (load, query, queries, stats, demo). Errors a user can cause
(:class:`~sanctions_kg.errors.SkgError`) print as one line and exit 1.
"""

from __future__ import annotations

import importlib

import click

from sanctions_kg.cli.common import console, emit_rows, format_option, get_store
from sanctions_kg.errors import SkgError

#: command modules, each exporting COMMANDS (a list of click commands)
COMMAND_MODULES = [
    "sanctions_kg.cli.load_cmd",
    "sanctions_kg.cli.query_cmd",
    "sanctions_kg.cli.demo_cmd",
    "sanctions_kg.cli.neo4j_cmd",
    "sanctions_kg.cli.cypher_cmd",
    "sanctions_kg.cli.lists_cmd",
    "sanctions_kg.cli.extract_cmd",
    "sanctions_kg.cli.views_cmd",
    "sanctions_kg.cli.export_cmd",
]

STORE_HELP = (
    "Where the graph is: a file path for the embedded store, or a Neo4j URI "
    "(bolt://, neo4j://, neo4j+s://; credentials from NEO4J_USER / NEO4J_PASSWORD, "
    "database from NEO4J_DATABASE). Default: $SKG_STORE, else $NEO4J_URI, else "
    "~/.local/share/sanctions-kg/store.json (or $SKG_HOME/store.json)."
)


class SkgGroup(click.Group):
    """A click group that turns SkgError into a clean one-line error."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SkgError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=SkgGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", "store_spec", envvar="SKG_STORE", metavar="PATH|URI", help=STORE_HELP)
@click.version_option(package_name="sanctions-kg", prog_name="skg")
@click.pass_context
def cli(ctx: click.Context, store_spec: str | None) -> None:
    """sanctions-kg: a knowledge graph of technology-sanction relationships.

    Load official lists and documents, ask canned questions, export views.
    Start with `skg demo`, then `skg queries` to see what you can ask.
    """
    ctx.ensure_object(dict)
    ctx.obj["store_spec"] = store_spec


@cli.command()
@format_option()
def stats(fmt: str) -> None:
    """Count nodes per label and relationships per type.

    json gives {"nodes": {label: count}, "relationships": {type: count}}.
    """
    store = get_store()
    data = store.stats()
    if fmt == "json":
        import json

        click.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    rows = [{"kind": "node", "name": k, "count": v} for k, v in data["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in data["relationships"].items()]
    emit_rows(rows, fmt, columns=["kind", "name", "count"], title=f"{store.kind} store: {store.location}")


for _name in COMMAND_MODULES:
    try:
        _mod = importlib.import_module(_name)
    except ModuleNotFoundError as _exc:
        if _exc.name != _name:
            raise
        continue
    for _cmd in getattr(_mod, "COMMANDS", []):
        cli.add_command(_cmd)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="skg")


__all__ = ["cli", "main", "console"]
