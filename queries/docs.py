"""``docs/queries.md``: the catalog as the query headers declare it, with answers from the demo graph.

The page is generated, never edited by hand, so it cannot drift from the
``.cypher`` headers or from what the queries really return
(``tests/test_queries.py`` regenerates it and compares)::

    python -m sanctions_kg.queries.docs > docs/queries.md
"""

from __future__ import annotations

import shlex
import sys

from sanctions_kg.queries.catalog import QuerySpec, catalog

#: the researchers' questions the page answers on the demo graph:
#: (question, query, parameters, columns shown)
QUESTIONS = [
    ("Who else was cited for abuses in Xinjiang, like Hikvision, and were they later moved to a harsher list?",
     "precedents", {"entity": "hikvision", "region": "Xinjiang"},
     ["party", "cited_on", "list", "listed_on", "days_after", "severity_before", "severity", "harsher", "sources"]),
    ("Which parties cited for human-rights abuses moved to a harsher list, and how long did it take?",
     "escalation", {"concern": "human rights"},
     ["party", "from_list", "from_listed_on", "to_list", "to_listed_on", "days", "sources"]),
    ("Which lists is Hikvision on, since when, under which notice - and what was only reported?",
     "exposure", {"entity": "hikvision"},
     ["kind", "list", "listed_on", "removed_on", "reported_on", "modality", "authority_id", "agencies", "sources"]),
    ("Who was designated in the same action as Hikvision?",
     "peers", {"entity": "hikvision"}, ["party", "list", "listed_on", "authority_id", "basis", "sources"]),
    ("How is Hikvision connected to Megvii?",
     "path", {"source": "hikvision", "target": "Megvii"}, ["path", "hop", "from", "type", "direction", "to", "sources"]),
]
MAX_ROWS = 8

INTRO = """\
# Canned queries

The questions analysts and researchers come with, answered by name:
`skg query NAME --param key=value ...` (`--format table|json|csv`; `skg query NAME --help`
lists the parameters). Each query is a readable Cypher file in `queries/` whose header
declares it, with an embedded (networkx) twin; both stores return the same rows in the
same order (`tests/test_query_parity.py` runs them against a real Neo4j server).

Conventions every query follows:

- **Names.** Entity parameters take a name, an alias or an id, case-insensitively; a name
  that fits several entities is refused with the candidates listed.
- **Dates.** Dates may be partial (`2019`, `2019-10`). As a point in time a partial date is
  the first day of its period, so from `2019` to `2020-05` is 486 days. As the upper bound
  of a period (`until`) it is the last day, so `until=2021` takes in all of 2021.
- **First seen.** A list file without listing dates (the OFAC SDN CSV, for one) only shows
  that a party was listed by the day of the snapshot. A listing first seen in the first
  loaded snapshot of its file is marked `first_seen`; it is not an addition (`changes`,
  `agency`), and it never enters a day count (`precedents`, `escalation`, `peers`).
- **Harshness.** A list's `severity` is the highest rank among the measures it imposes
  (`schema/data/reference.yaml`); "harsher" means a higher severity.
- **Provenance.** Rows carry `sources` (document ids; `skg query sources` shows the
  documents) and, where a fact is quoted, `evidence` (the passages, with their source).
- **Order.** Every query orders its rows completely, so results are reproducible.

This page is generated: `python -m sanctions_kg.queries.docs > docs/queries.md`.
"""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value).replace("|", "\\|").replace("\n", " ")


def rows_markdown(rows: list[dict], columns: list[str], limit: int = MAX_ROWS) -> list[str]:
    """A Markdown table of ``rows`` (at most ``limit``, with a note of the rest)."""
    if not rows:
        return ["(no rows)"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(r.get(c)) for c in columns) + " |" for r in rows[:limit]]
    if len(rows) > limit:
        lines += ["", f"... and {len(rows) - limit} more rows."]
    return lines


def command(name: str, params: dict) -> str:
    return " ".join(["skg query", name] + [f"--param {shlex.quote(f'{k}={v}')}" for k, v in params.items()])


def spec_markdown(spec: QuerySpec) -> list[str]:
    """One query's reference section: description, parameters, example."""
    lines = [f"### `{spec.name}`", "", spec.description, ""]
    if spec.params:
        lines += ["| parameter | type | required | default | meaning |", "|---|---|---|---|---|"]
        for p in spec.params:
            default = "" if p.default in (None, "") else f"`{p.default}`"
            lines.append(f"| `{p.name}` | {p.type_text} | {'yes' if p.required else 'no'} | {default} | {p.help} |")
        lines.append("")
    return lines + ["```sh", spec.example, "```", ""]


def catalog_markdown(demo_store) -> str:
    """The whole page; ``demo_store`` holds the demo graph (``skg demo``) the examples run on."""
    from sanctions_kg.queries.runner import run_query

    lines = [INTRO, "## Researchers' questions, answered on the demo graph", ""]
    for question, name, params, columns in QUESTIONS:
        rows = run_query(demo_store, name, params)
        lines += [f"### {question}", "", "```sh", command(name, params), "```", ""]
        lines += rows_markdown(rows, columns) + [""]
    lines += ["## The catalog", ""]
    for spec in catalog().values():
        lines += spec_markdown(spec)
    return "\n".join(lines)


def load_demo(store) -> None:
    """Load the demo graph into ``store`` as ``skg demo`` loads it."""
    from sanctions_kg.cli.demo_cmd import demo_inputs
    from sanctions_kg.graph.load import PARTIAL_OPTIONS, load_paths

    failed = [r for r in load_paths(store, demo_inputs(), options=PARTIAL_OPTIONS) if r["error"]]
    if failed:
        raise RuntimeError(f"the demo corpus did not load: {failed}")


def demo_store():
    """An in-memory store holding the demo graph."""
    from sanctions_kg.graph.embedded import EmbeddedStore

    store = EmbeddedStore()
    load_demo(store)
    return store


if __name__ == "__main__":  # pragma: no cover - the generation command
    sys.stdout.write(catalog_markdown(demo_store()))
