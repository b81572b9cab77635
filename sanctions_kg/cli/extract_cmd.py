"""``skg extract``: the claims of one document, printed, without writing to the store.

The store is only read, for the gazetteer (the names of lists, agencies,
regions, concerns and parties it holds); with an empty store the packaged
reference data stands in. ``skg load FILE`` stores the same claims.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from sanctions_kg.cli.common import emit_rows, get_store
from sanctions_kg.loaders.document import extract_path

COLUMNS = ["subject", "predicate", "object", "modality", "date", "region", "evidence"]


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date when the document has no 'published:' header (resolves 'last June').")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="json: {document, claims[subject, predicate, object, modality, date, region, evidence]}.")
@click.option("--relation-model", "relations", is_flag=True,
              help="Also read the pairs no rule relates with the statistical relation model: more claims, "
                   "less precise ones (docs/extraction.md, 'Relation model').")
def extract(path: Path, published: str | None, fmt: str, relations: bool) -> None:
    """Print the claims a document makes (listings, citations, locations ...) with their evidence.

    Each claim has a modality (asserted, reported, proposed, hypothetical,
    denied); a listing that is not asserted is CONSIDERED_FOR, never
    LISTED_ON. Evidence offsets are into the text after the header.
    """
    ex = extract_path(path, get_store(), published, relations=relations)
    data = ex.to_json()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    doc = data["document"]
    rows = [{
        "subject": c["subject"]["name"], "predicate": c["predicate"], "object": c["object"]["name"],
        "modality": c["modality"], "date": c.get("removed_on") and f"removed {c['removed_on']}" or c["date"],
        "region": c["region"]["name"] if c["region"] else None,
        "evidence": f"[{c['evidence']['start']}:{c['evidence']['end']}] {c['evidence']['text'][:160]}",
    } for c in data["claims"]]
    emit_rows(rows, "table", columns=COLUMNS,
              title=f"{doc['title'] or path.name} ({doc['published'] or 'no date'}): {len(rows)} claims")


COMMANDS = [extract]
