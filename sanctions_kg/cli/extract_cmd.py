"""``skg extract``: the claims of documents, printed, without writing to the store.

The store is only read, for the gazetteer (the names of lists, agencies,
regions, concerns and parties it holds); with an empty store the packaged
reference data stands in. ``skg load FILE`` stores the same claims.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sanctions_kg.cli.common import emit_rows, get_store
from sanctions_kg.errors import InputError, SkgError
from sanctions_kg.loaders.document import SPEC as DOCUMENT, extract_paths
from sanctions_kg.loaders.registry import expand

COLUMNS = ["subject", "predicate", "object", "modality", "date", "region", "evidence"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date when a document has no 'published:' header (resolves 'last June').")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default="table", show_default=True,
              help="json: {document, claims[subject, predicate, object, modality, date, region, evidence]} "
                   "(an array of them for several documents); jsonl: one such object per line.")
@click.option("--relation-model", "relations", is_flag=True,
              help="Also read the pairs no rule relates with the statistical relation model: more claims, "
                   "less precise ones (docs/extraction.md, 'Relation model').")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes reading documents in parallel (several documents; up to one per core).")
def extract(paths: tuple[Path, ...], published: str | None, fmt: str, relations: bool, jobs: int) -> None:
    """Print the claims documents make (listings, citations, locations ...) with their evidence.

    PATHS are documents (.txt, .md, .html) or folders of them. Each claim has a
    modality (asserted, reported, proposed, hypothetical, denied); a listing
    that is not asserted is CONSIDERED_FOR, never LISTED_ON. Evidence offsets are
    into the text after the header. A document that cannot be read is reported
    on stderr and the others are still printed (exit status 1).
    """
    # a folder stands for the documents under it; its list files and images are passed over
    docs, passed_over = expand(list(paths), wanted=DOCUMENT.name)
    if not docs:
        raise SkgError("no documents to extract from " + ", ".join(map(str, paths)))
    if passed_over:
        click.echo(f"passed over {len(passed_over)} file(s) that are no documents: "
                   + ", ".join(p.name for p in passed_over[:5]) + (" ..." if len(passed_over) > 5 else ""),
                   err=True)
    single = len(paths) == 1 and len(docs) == 1 and not paths[0].is_dir()
    results, failed = [], 0
    for path, got in extract_paths(docs, get_store(), published, relations=relations, jobs=jobs):
        if isinstance(got, InputError):
            if single:
                raise got
            click.echo(f"error: {got}", err=True)
            failed += 1
            continue
        data = got.to_json()
        if fmt == "jsonl":
            click.echo(json.dumps(data, ensure_ascii=False))
        elif fmt == "json":
            results.append(data)
        else:
            _print_table(path, data)
    if fmt == "json":
        click.echo(json.dumps(results[0] if single else results, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


def _print_table(path: Path, data: dict) -> None:
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
