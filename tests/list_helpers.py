"""Helpers shared by the list-loader tests: loading through the real pipeline, reading results."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sanctions_kg.graph.load import load_paths


def lists_dir(shared: Path) -> Path:
    return shared / "data" / "lists"


def load(store, *paths, fmt=None, **options) -> list[dict]:
    """Load paths as `skg load` does; returns its per-path rows (messages = problems)."""
    return load_paths(store, [Path(p) for p in paths], fmt, options)


def loaded_store(tmp_path_factory, name: str, *paths):
    """A module-scoped store with ``paths`` loaded; returns (store, the first path's load row)."""
    from sanctions_kg.graph.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path_factory.mktemp(name) / "store.json")
    rows = load(store, *paths)
    assert not any(r["error"] for r in rows), rows
    return store, rows[0]


def ofac_rows(path: Path, width: int = 12) -> list[list[str]]:
    """Rows of an OFAC CSV file counted independently of the loader (csv module, EOF byte dropped)."""
    text = path.read_bytes().decode("latin-1").rstrip("\x1a\r\n")
    return [r for r in csv.reader(io.StringIO(text, newline="")) if len(r) == width]


def listed(store, party_id: str, list_code: str) -> list[dict]:
    """LISTED_ON props of a party on a list."""
    list_id = "list:" + list_code.lower()
    return [r["props"] for r in store.iter_rels("LISTED_ON") if r["src"] == party_id and r["dst"] == list_id]


def listings_of(store, list_code: str) -> list[dict]:
    list_id = "list:" + list_code.lower()
    return [r for r in store.iter_rels("LISTED_ON") if r["dst"] == list_id]


def by_identifier(store, identifier: str) -> list[dict]:
    return [n for n in store.iter_nodes("Party") if identifier in (n["props"].get("identifiers") or [])]


def evidence_texts(props: dict) -> list[str]:
    return [json.loads(e)["text"] for e in props.get("evidence") or []]
