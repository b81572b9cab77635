"""``skg viz`` and ``skg brief``: graph views (HTML, PNG, SVG) and briefing documents."""

from __future__ import annotations

from pathlib import Path

import click

from sanctions_kg.cli.common import console, get_store
from sanctions_kg.cli.query_cmd import parse_params
from sanctions_kg.graph.viewdata import DEFAULT_MAX_NODES
from sanctions_kg.queries.dates import check_date


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return check_date(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}") from None


@click.command()
@click.option("--entity", "-e", metavar="NAME", help="Draw the neighbourhood of this entity (name, alias or id).")
@click.option("--depth", "-d", type=click.IntRange(1, 5), default=2, show_default=True,
              help="Hops from the entity (expands through parties only).")
@click.option("--query", "-q", "query_name", metavar="NAME",
              help="Draw a canned query's result instead (see `skg queries`).")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of --query; repeat.")
@click.option("--types", "-t", metavar="TYPE,...", help="Only these relationship types (comma-separated).")
@click.option("--since", callback=_date, metavar="DATE", help="Only relationships in force or dated on/after DATE.")
@click.option("--until", callback=_date, metavar="DATE", help="Only relationships dated on/before DATE.")
@click.option("--max-nodes", type=click.IntRange(1), default=DEFAULT_MAX_NODES, show_default=True,
              help="Draw at most this many nodes (the page says how many were left out).")
@click.option("--title", metavar="TEXT", help="Title of the view.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="FILE.html (interactive, opens offline), FILE.png or FILE.svg (static image).")
def viz(entity, depth, query_name, params, types, since, until, max_nodes, title, output: Path) -> None:
    """Draw a view of the graph: an entity's neighbourhood or a canned query's result.

    \b
    Examples:
      skg viz --entity hikvision --depth 2 -o hikvision.html
      skg viz --entity hikvision --types LISTED_ON,CONSIDERED_FOR --since 2020 -o lists.svg
      skg viz --query exposure --param entity=hikvision -o exposure.png

    A query's rows become a graph this way: rows with src and dst columns are
    relationships; otherwise every id in a column named id, *_id or *_ids
    (plus the entities named by the parameters) is a node, drawn with the
    stored relationships among them.
    """
    from sanctions_kg.graph.views import output_format, write_view

    if (entity is None) == (query_name is None):
        raise click.UsageError("give exactly one of --entity or --query")
    if params and query_name is None:
        raise click.UsageError("--param goes with --query")
    output_format(output)
    view = write_view(get_store(), output, entity=entity, depth=depth, query=query_name,
                      params=parse_params(params), types=types, since=since, until=until,
                      max_nodes=max_nodes, title=title)
    note = f"{len(view.nodes)} nodes, {len(view.edges)} relationships"
    if view.cut:
        note += f"; {'at least ' if view.reached_more else ''}{view.cut} nodes left out by --max-nodes {max_nodes}"
    console.print(f"wrote {output} ({note})", highlight=False)


@click.command()
@click.option("--entity", "-e", metavar="NAME", required=True, help="The party to brief on (name, alias or id).")
@click.option("--concern", "-c", metavar="NAME",
              help="Concern for the escalation section (default: the concerns the party is cited for).")
@click.option("--as-of", callback=_date, metavar="DATE", help="Date the briefing (default: today).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="FILE.html: one self-contained document that opens offline and prints to PDF.")
def brief(entity: str, concern: str | None, as_of: str | None, output: Path) -> None:
    """Write a briefing on a party: exposure, timeline, graph, precedents, escalation, sources.

    Actual listings and reported or proposed actions are kept apart; every
    statement is numbered to its source document and passage.

    \b
    Example:
      skg brief --entity hikvision -o hikvision-briefing.html
    """
    from sanctions_kg.graph.brief import write_briefing

    write_briefing(get_store(), entity, output, concern=concern, as_of=as_of)
    console.print(f"wrote {output}", highlight=False)


COMMANDS = [viz, brief]
