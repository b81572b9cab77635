"""``skg cypher`` (ad-hoc Cypher on Neo4j) and ``skg sync`` (copy a store into Neo4j).

``skg cypher`` is read-only unless ``--write``: the query runs in a READ
access-mode transaction, so the server itself refuses writes. ``skg sync``
lets a user build on the embedded default and publish the graph to a shared
Neo4j; it merges with the store's own rule, so running it twice changes
nothing.
"""

from __future__ import annotations

import json

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sanctions_kg.cli.common import console, emit_rows, format_option, get_store
from sanctions_kg.errors import SkgError
from sanctions_kg.graph.store import NEO4J_SCHEMES, Store, open_store

NEEDS_NEO4J = (
    "ad-hoc Cypher needs a Neo4j store, and the current store is the {kind} store at {location}. "
    "Start a local server with `skg neo4j start`, then pass `--store bolt://localhost:7687` "
    "(or set NEO4J_URI); `skg sync --to bolt://localhost:7687` copies this graph there first."
)


def parse_cypher_params(pairs: tuple[str, ...]) -> dict:
    """``key=value`` pairs; a value that is valid JSON is parsed (``5``, ``true``, ``["a"]``), else kept as text.

    >>> parse_cypher_params(("n=5", "name=Hikvision", "ids=[\\"a\\"]"))
    {'n': 5, 'name': 'Hikvision', 'ids': ['a']}
    """
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected key=value, got {pair!r}", param_hint="--param")
        try:
            out[key.strip()] = json.loads(value)
        except ValueError:
            out[key.strip()] = value
    return out


@click.command()
@click.argument("query_text", metavar="QUERY")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter ($KEY in the query); JSON values are parsed. Repeat for several.")
@format_option()
@click.option("--write", is_flag=True, help="Allow the query to write (default: read-only transaction).")
def cypher(query_text: str, params: tuple[str, ...], fmt: str, write: bool) -> None:
    """Run an ad-hoc Cypher QUERY on the Neo4j store and print its rows.

    Read-only by default: the server refuses writes unless --write is given.
    Use parameters rather than pasting values into the query:

    \b
        skg cypher 'MATCH (p:Party)-[:LISTED_ON]->(l {code: $code})
                    RETURN p.name' -p code=US-BIS-EL
    """
    store = get_store()
    if not hasattr(store, "run_cypher"):
        raise SkgError(NEEDS_NEO4J.format(kind=store.kind, location=store.location))
    rows = store.run_cypher(query_text, parse_cypher_params(params), write=write)
    emit_rows(rows, fmt)


def sync_stores(source: Store, target: Store, batch_size: int, progress: Progress | None = None) -> dict:
    """Merge every node, then every relationship, of ``source`` into ``target``; returns the counts sent."""
    counts = source.stats()
    n_nodes = sum(counts["nodes"].values())
    n_rels = sum(counts["relationships"].values())
    task = progress.add_task("nodes", total=n_nodes) if progress else None
    sent = {"nodes": 0, "relationships": 0}

    def pump(items, write, kind):
        batch = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                write(batch)
                sent[kind] += len(batch)
                if progress:
                    progress.advance(task, len(batch))
                batch = []
        if batch:
            write(batch)
            sent[kind] += len(batch)
            if progress:
                progress.advance(task, len(batch))

    pump(source.iter_nodes(), target.upsert_nodes, "nodes")
    if progress:
        progress.update(task, description="relationships", total=n_rels, completed=0)
    pump(source.iter_rels(), target.upsert_rels, "relationships")
    target.commit()
    return sent


@click.command()
@click.option("--to", "target_uri", required=True, metavar="URI",
              help="The Neo4j server to copy into (bolt://, neo4j://, neo4j+s:// ...; "
                   "credentials from NEO4J_USER / NEO4J_PASSWORD).")
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(min=1),
              help="Nodes or relationships per write transaction.")
def sync(target_uri: str, batch_size: int) -> None:
    """Copy the current store (the embedded one by default, or --store) into Neo4j.

    Nodes and relationships are merged with the store's rule, so syncing again
    changes nothing and a graph already in Neo4j keeps what it has. The
    source store is only read.
    """
    if not target_uri.startswith(NEO4J_SCHEMES):
        raise SkgError(f"--to must be a Neo4j URI ({', '.join(NEO4J_SCHEMES)}), got {target_uri!r}")
    source = get_store()
    target = open_store(target_uri, batch_size=batch_size)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True) as progress:
            sent = sync_stores(source, target, batch_size, progress)
        console.print(f"synced {sent['nodes']} nodes and {sent['relationships']} relationships "
                      f"from {source.location} to {target.location}", highlight=False)
    finally:
        target.close()


COMMANDS = [cypher, sync]
