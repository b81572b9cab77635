"""Helpers every ``skg`` command shares: the store option, output formats, errors."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from typing import Any, Iterable

import click
from rich.console import Console
from rich.table import Table

from sanctions_kg.graph.store import Store, open_store

FORMATS = ("table", "json", "csv")
#: evidence passages are cut to this many characters in tables (json and csv keep them whole)
TABLE_PASSAGE_CHARS = 90

#: progress bars and notes go to stderr so stdout stays clean for json/csv
console = Console(stderr=True)


def get_store(ctx: click.Context | None = None, **options) -> Store:
    """The store named by ``skg --store`` / ``SKG_STORE`` (opened once per command)."""
    ctx = ctx or click.get_current_context()
    root = ctx.find_root()
    root.ensure_object(dict)
    if "store" not in root.obj:
        store = open_store(root.obj.get("store_spec"), **options)
        root.obj["store"] = store
        root.call_on_close(store.close)
    return root.obj["store"]


def pass_store(f):
    """Decorator: call the command with ``store`` as its first argument."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(get_store(), *args, **kwargs)

    return wrapper


def _cell(value: Any, limit: int | None = None) -> str:
    """One value as text; an evidence record shows as its quoted passage and source."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v, limit) for v in value)
    if isinstance(value, dict):
        if "source" in value and "text" in value:
            text = value.get("text") or ""
            if limit and len(text) > limit:
                text = text[: limit - 1] + "…"
            return f'"{text}" [{value["source"]}]' if text else f"[{value['source']}]"
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def emit_rows(rows: Iterable[dict], fmt: str = "table", columns: list[str] | None = None,
              title: str | None = None, out=None) -> None:
    """Print rows as a rich table, a JSON array of objects, or CSV.

    JSON keeps nested values (lists, objects) as they are; table and CSV join
    lists with ``; ``.
    """
    rows = list(rows)
    out = out or sys.stdout
    if columns is None:
        columns = []
        for row in rows:
            columns += [c for c in row if c not in columns]
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        out.write(buf.getvalue())
    else:
        table = Table(title=title, show_lines=False, expand=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row.get(c), limit=TABLE_PASSAGE_CHARS) for c in columns))
        Console(file=out, width=max(100, Console().width)).print(table)
        if not rows:
            out.write("(no rows)\n")


def format_option(default: str = "table"):
    """The ``--format table|json|csv`` option."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default=default,
                        show_default=True, help="Output format (json: an array of row objects).")


def fail(message: str) -> None:
    """Stop the command with a clean error message and exit status 1."""
    raise click.ClickException(message)
