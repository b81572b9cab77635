"""``skg query`` and ``skg queries``: the canned-query catalog from the command line."""

from __future__ import annotations

import click

from sanctions_kg.cli.common import emit_rows, format_option, get_store
from sanctions_kg.errors import SkgError
from sanctions_kg.queries.catalog import catalog, get_query
from sanctions_kg.queries.runner import run_query


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``key=value`` strings to a dict; a missing ``=`` is a usage error."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected key=value, got {pair!r}", param_hint="--param")
        out[key.strip()] = value
    return out


def query_help(name: str) -> str:
    """Help text for one query, from its file header."""
    spec = get_query(name)
    lines = [f"{spec.name}: {spec.description}", "", "Parameters:"]
    for p in spec.params:
        flag = "required" if p.required else f"default {p.default!r}" if p.default is not None else "optional"
        lines.append(f"  {p.name} ({p.type_text}, {flag}): {p.help}")
    if not spec.params:
        lines.append("  (none)")
    if spec.example:
        lines += ["", f"Example: {spec.example}"]
    lines += ["", f"Cypher: {spec.path}"]
    return "\n".join(lines)


class QueryCommand(click.Command):
    """`skg query NAME --help` shows the named query's parameters, not just the generic help."""

    def parse_args(self, ctx, args):
        if any(a in ("-h", "--help") for a in args):
            names = [a for a in args if not a.startswith("-")]
            if names and names[0] in catalog():
                click.echo(query_help(names[0]))
                ctx.exit(0)
        return super().parse_args(ctx, args)


@click.command(cls=QueryCommand)
@click.argument("name", metavar="NAME")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; repeat for several. `skg query NAME --help` lists them.")
@format_option()
def query(name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run the canned query NAME (see `skg queries`).

    Entity parameters accept any name, alias or id, case-insensitively; an
    ambiguous name lists the candidates.
    """
    try:
        spec = get_query(name)
    except SkgError as exc:
        raise click.ClickException(str(exc)) from None
    rows = run_query(get_store(), spec.name, parse_params(params))
    emit_rows(rows, fmt, title=spec.name)


@click.command()
@format_option()
def queries(fmt: str) -> None:
    """List the canned queries with their descriptions and parameters."""
    rows = []
    for spec in catalog().values():
        rows.append({
            "name": spec.name,
            "description": spec.description,
            "parameters": ", ".join(
                f"{p.name}:{p.type}{'*' if p.required else ''}" for p in spec.params),
            "example": spec.example,
        })
    emit_rows(rows, fmt, title="Canned queries (* = required)")


COMMANDS = [query, queries]
