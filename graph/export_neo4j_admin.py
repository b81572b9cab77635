"""CSV files for ``neo4j-admin database import full``: the fastest way to put the graph in another Neo4j.

The folder gets one node file per label and one relationship file per type,
each with its own typed header, plus ``README.txt`` holding the exact import
command and ``schema.cypher`` with the constraints and indexes the Neo4j store
creates (:func:`sanctions_kg.graph.neo4j_store.schema_statements`). The
imported database is what :class:`~sanctions_kg.graph.neo4j_store.Neo4jStore`
would have written - same labels, properties and relationship keys - so
``skg --store bolt://...`` works on it at once.

Headers are derived from the model:

* nodes: ``id:ID`` (stored as the ``id`` property), ``:LABEL`` (the label,
  its ancestors and the base label ``Entity``, as the Neo4j store writes
  them), then every property of the label, typed ``:long``, ``:double``,
  ``:boolean`` or ``:string[]`` by its model type (dates stay ISO strings:
  partial dates such as ``2019-10`` are not Neo4j dates);
* relationships: ``:START_ID``, ``:END_ID``, ``:TYPE``, ``key`` and every
  property of the type.

Values are quoted as RFC 4180 says (quotes doubled; no backslash escapes).
Arrays are joined with the ASCII unit separator (U+001F), because ``;`` -
neo4j-admin's default - occurs in addresses and evidence; fields may contain
newlines, hence ``--multiline-fields=true``; an absent value is an empty field,
read as null with ``--ignore-empty-strings=true``.
"""

from __future__ import annotations

import csv
import shlex
from pathlib import Path

from sanctions_kg.errors import StoreError
from sanctions_kg.graph.export_common import Progress, Ticker, atomic_text, prepare_folder, store_counts
from sanctions_kg.schema import MODEL
from sanctions_kg.schema.model import Property

ARRAY_DELIMITER = "\x1f"
#: how neo4j-admin is told about ARRAY_DELIMITER
ARRAY_DELIMITER_ARG = "U+001F"
#: neo4j-admin header type per model property type (no suffix: string)
HEADER_TYPES = {"string": "", "text": "", "date": "", "int": ":long", "float": ":double", "bool": ":boolean",
                "string[]": ":string[]", "json[]": ":string[]"}
#: options every import of these files needs (see the module docstring)
IMPORT_OPTIONS = (
    "--overwrite-destination=true",
    f"--array-delimiter={ARRAY_DELIMITER_ARG}",
    "--multiline-fields=true",
    "--ignore-empty-strings=true",
    "--id-type=string",
)


def _columns(props: dict[str, Property]) -> list[Property]:
    return [p for p in props.values() if not p.identity]


def node_header(label: str) -> list[str]:
    """The header row of the node file of ``label``."""
    cols = _columns(MODEL.labels[label].properties)
    return ["id:ID", ":LABEL"] + [f"{p.name}{HEADER_TYPES[p.type]}" for p in cols]


def rel_header(rel_type: str) -> list[str]:
    """The header row of the relationship file of ``rel_type``."""
    cols = _columns(MODEL.relationships[rel_type].properties)
    return [":START_ID", ":END_ID", ":TYPE", "key"] + [f"{p.name}{HEADER_TYPES[p.type]}" for p in cols]


def node_file(label: str) -> str:
    return f"nodes-{label}.csv"


def rel_file(rel_type: str) -> str:
    return f"relationships-{rel_type}.csv"


def _cell(value, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        for item in value:
            if ARRAY_DELIMITER in item:
                raise StoreError(f"{where}: a list value contains U+001F, the array delimiter of the export")
        return ARRAY_DELIMITER.join(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _row(first: list[str], props: dict, columns: list[Property], where: str) -> list[str]:
    return first + [_cell(props.get(p.name), where) for p in columns]


def import_arguments(folder: Path, labels: list[str], rel_types: list[str], database: str = "neo4j",
                     absolute: bool = False) -> list[str]:
    """The arguments after ``neo4j-admin`` that import the folder's files into ``database``."""
    base = Path(folder).resolve() if absolute else Path(".")
    # the database comes first: --nodes/--relationships take several files each and would swallow it
    args = ["database", "import", "full", database, *IMPORT_OPTIONS]
    args += [f"--nodes={base / node_file(lab)}" for lab in labels]
    return args + [f"--relationships={base / rel_file(t)}" for t in rel_types]


README = """\
sanctions-kg graph export for neo4j-admin ({nodes} nodes, {relationships} relationships)

Files: one CSV per node label (nodes-*.csv) and per relationship type
(relationships-*.csv), each with its header on the first line; schema.cypher
holds the constraints and indexes sanctions-kg uses.

1. Stop the Neo4j server (an offline import needs the database stopped).
   The import REPLACES the database named after `full` (neo4j).
2. From this folder, run:

{command}

3. Start the server. On Neo4j 5 with a database other than the default one,
   also run `CREATE DATABASE <name>` once.
4. Create the constraints and indexes:

   cypher-shell -u neo4j -p <password> -f schema.cypher

   (or just point sanctions-kg at the server - `skg --store bolt://localhost:7687 stats` -
   which creates them when it connects).
"""


def write_neo4j_admin(store, path: Path, progress: Progress | None = None, force: bool = False) -> dict:
    """Write the import folder ``path`` (refused if it holds other files, unless ``force``)."""
    from sanctions_kg.graph.neo4j_store import schema_statements

    folder = prepare_folder(path, force)
    tick = Ticker(progress)
    stats = store.stats()
    labels = [lab for lab in MODEL.concrete_labels if stats["nodes"].get(lab)]
    rel_types = [t for t in MODEL.relationships if stats["relationships"].get(t)]
    for label in labels:
        columns = _columns(MODEL.labels[label].properties)
        names = ARRAY_DELIMITER.join(MODEL.ancestors(label) + [MODEL.base_label])
        with atomic_text(folder / node_file(label), newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(node_header(label))
            for node in store.iter_nodes(label):
                writer.writerow(_row([node["id"], names], node["props"], columns, node["id"]))
                tick()
    for rel_type in rel_types:
        columns = _columns(MODEL.relationships[rel_type].properties)
        with atomic_text(folder / rel_file(rel_type), newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(rel_header(rel_type))
            for rel in store.iter_rels(rel_type):
                writer.writerow(_row([rel["src"], rel["dst"], rel_type, rel["key"]], rel["props"], columns,
                                     rel["key"]))
                tick()
    tick.flush()
    with atomic_text(folder / "schema.cypher", newline="\n") as fh:
        fh.write("".join(f"{statement};\n" for statement in schema_statements().values()))
    command = "neo4j-admin " + " \\\n    ".join(shlex.quote(a) for a in import_arguments(folder, labels, rel_types))
    counts = store_counts(store)
    with atomic_text(folder / "README.txt", newline="\n") as fh:
        fh.write(README.format(command="   " + command, **counts))
    return {**counts, "files": len(labels) + len(rel_types) + 2, "labels": labels, "types": rel_types}
