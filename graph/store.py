"""The ``Store`` interface both backends implement, and how a store is chosen.

A store holds nodes ``{"id", "label", "props"}`` and relationships
``{"type", "src", "dst", "key", "props"}``. Writes are batch upserts with one
merge rule shared by every backend, so the same inputs give the same graph
whether it lives in networkx or in Neo4j:

* a node is identified by its id, a relationship by ``key`` (type, endpoints
  and the type's key properties, see :meth:`Model.rel_key`);
* list properties (``sources``, ``evidence``, ``aliases`` ...) merge by ordered
  union - existing values first, new ones appended;
* scalar properties take the incoming value when it is not null.

Hence reloading an input is a no-op and the same fact read from two sources
keeps both sources.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from contextlib import nullcontext
from pathlib import Path
from typing import Any, ContextManager, Iterable, Iterator

from sanctions_kg.errors import StoreError
from sanctions_kg.graph.names import normalize_name
from sanctions_kg.schema import MODEL

LIST_PROPS = MODEL.list_properties()


def merge_props(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """Apply the merge rule; returns a new dict.

    >>> merge_props({"sources": ["a"], "name": "X"}, {"sources": ["b", "a"], "name": None})
    {'sources': ['a', 'b'], 'name': 'X'}
    """
    out = dict(existing)
    for name, value in incoming.items():
        if value is None:
            continue
        if name in LIST_PROPS:
            merged = list(out.get(name) or [])
            merged += [v for v in value if v not in merged]
            out[name] = merged
        else:
            out[name] = value
    return out


class Store(ABC):
    """Where the graph lives. Backends: :class:`EmbeddedStore`, :class:`Neo4jStore`."""

    #: a short name for messages ("embedded", "neo4j")
    kind: str = "abstract"
    #: where it is (a path or a URI without credentials), for messages
    location: str = ""

    @abstractmethod
    def upsert_nodes(self, nodes: list[dict]) -> None:
        """Merge a batch of nodes ``{"id", "label", "props"}``."""

    @abstractmethod
    def upsert_rels(self, rels: list[dict]) -> None:
        """Merge a batch of relationships ``{"type", "src", "dst", "key", "props"}``; endpoints must exist."""

    @abstractmethod
    def delete_rels(self, rels: list[dict]) -> None:
        """Remove relationships (matched by ``type`` and ``key``); absent ones are ignored.

        The pipeline never deletes what a loader asserted; this serves steps that
        fold one record into another (:mod:`sanctions_kg.graph.corroboration`).
        """

    @abstractmethod
    def get_node(self, node_id: str) -> dict | None:
        """The node with this id, or None."""

    @abstractmethod
    def has_nodes(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` present in the store."""

    @abstractmethod
    def iter_nodes(self, label: str | None = None) -> Iterator[dict]:
        """All nodes, or those with ``label`` (abstract labels expand)."""

    @abstractmethod
    def iter_rels(self, rel_type: str | None = None) -> Iterator[dict]:
        """All relationships, or those of ``rel_type``."""

    def rels_between(self, pairs: Iterable[tuple[str, str]], rel_type: str) -> list[dict]:
        """Relationships of ``rel_type`` from ``src`` to ``dst``, for each ``(src, dst)`` of ``pairs``.

        A scan here; backends answer it from their adjacency or an index.
        """
        wanted = set(pairs)
        return [r for r in self.iter_rels(rel_type) if (r["src"], r["dst"]) in wanted]

    @abstractmethod
    def stats(self) -> dict:
        """``{"nodes": {label: count}, "relationships": {type: count}}``, keys sorted."""

    def find_nodes(self, text: str, labels: Iterable[str] | None = None) -> list[dict]:
        """Nodes whose name, alias, code or id matches ``text``; the lookup rule of every store.

        An exact id wins; then nodes having ``normalize_name(text)`` among their
        ``search_keys``; failing that, nodes with a search key that contains it
        as whole words. Results are sorted by id. Backends override
        :meth:`_find_by_key` with an indexed version of the same rule.
        """
        wanted = set(MODEL.expand(labels)) if labels else None
        node = self.get_node(text)
        if node is not None and (wanted is None or node["label"] in wanted):
            return [node]
        key = normalize_name(text)
        return self._find_by_key(key, wanted) if key else []

    def _find_by_key(self, key: str, wanted: set[str] | None) -> list[dict]:
        """Nodes (of the ``wanted`` labels) with search key ``key``, else one containing it as whole words."""
        candidates = [n for n in self.iter_nodes() if wanted is None or n["label"] in wanted]
        exact = [n for n in candidates if key in n["props"].get("search_keys", [])]
        if exact:
            return sorted(exact, key=lambda n: n["id"])
        padded = f" {key} "
        partial = [n for n in candidates
                   if any(padded in f" {k} " for k in n["props"].get("search_keys", []))]
        return sorted(partial, key=lambda n: n["id"])

    def commit(self) -> None:
        """Make the writes so far durable (the embedded store saves; Neo4j commits per batch)."""

    def rollback(self) -> None:
        """Drop writes not yet committed, where the backend can (the embedded store undoes them)."""

    def deferred_saves(self) -> ContextManager["Store"]:
        """A block whose commits may be made durable once, at its end (the embedded store
        saves its file once; Neo4j commits each batch anyway, so this does nothing there)."""
        return nullcontext(self)

    def saved_at_end(self) -> str | None:
        """What the end of a :meth:`deferred_saves` block writes (a file), if anything: a
        progress display names it while it is written."""
        return None

    def close(self) -> None:
        """Release connections and files."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def dump(self) -> dict:
        """A canonical, order-independent snapshot: what parity and round-trip tests compare."""
        nodes = sorted(
            ({"id": n["id"], "label": n["label"], "props": _canon(n["props"])} for n in self.iter_nodes()),
            key=lambda n: n["id"],
        )
        rels = sorted(
            ({"type": r["type"], "src": r["src"], "dst": r["dst"], "key": r["key"],
              "props": _canon(r["props"])} for r in self.iter_rels()),
            key=lambda r: r["key"],
        )
        return {"nodes": nodes, "relationships": rels}


def _canon(props: dict) -> dict:
    return {k: (sorted(v) if isinstance(v, list) else v) for k, v in sorted(props.items())}


def default_store_path() -> Path:
    """Where the embedded store lives unless ``--store``/``SKG_STORE`` say otherwise.

    ``$SKG_HOME/store.json`` if ``SKG_HOME`` is set, else
    ``$XDG_DATA_HOME/sanctions-kg/store.json`` (``~/.local/share/sanctions-kg/store.json``).
    """
    home = os.environ.get("SKG_HOME")
    if home:
        return Path(home) / "store.json"
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "sanctions-kg" / "store.json"


NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def open_store(spec: str | None = None, **options) -> Store:
    """Open the store named by ``spec``, ``$SKG_STORE``, ``$NEO4J_URI`` or the default path.

    A ``bolt://``/``neo4j://`` URI opens Neo4j (credentials from ``NEO4J_USER``,
    ``NEO4J_PASSWORD``, database from ``NEO4J_DATABASE``); anything else is the
    path of an embedded store file.
    """
    spec = spec or os.environ.get("SKG_STORE") or os.environ.get("NEO4J_URI") or ""
    if spec.startswith(NEO4J_SCHEMES):
        try:
            from sanctions_kg.graph.neo4j_store import Neo4jStore
        except ImportError as exc:  # pragma: no cover - the package ships it
            raise StoreError(f"the Neo4j store is unavailable: {exc}") from exc
        return Neo4jStore.from_uri(spec, **options)
    if "://" in spec:
        raise StoreError(f"unsupported store URI {spec!r}; use a file path or one of {', '.join(NEO4J_SCHEMES)}")
    from sanctions_kg.graph.embedded import EmbeddedStore

    return EmbeddedStore(Path(spec) if spec else default_store_path())
