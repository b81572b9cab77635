"""The embedded store: a networkx ``MultiDiGraph`` persisted to one JSON file.

It needs no server, so ``skg demo`` runs on a laptop. Saving is atomic - the
graph is written to a temporary file beside the store, flushed to disk and
renamed over the old file - so a crash or a kill mid-save leaves the previous
store intact and readable. Writes since the last commit are journalled, so a
rollback undoes them in memory; :meth:`EmbeddedStore.deferred_saves` lets a
command that loads many files commit after each one but write the file once.

Nodes are keyed by their id and carry ``label`` and ``props``; parallel
relationships are keyed by their relationship key (see
:meth:`sanctions_kg.schema.model.Model.rel_key`), which is how a party listed,
removed and listed again keeps two ``LISTED_ON`` relationships.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

import networkx as nx

from sanctions_kg.errors import StoreError
from sanctions_kg.graph.store import Store, merge_props
from sanctions_kg.schema import MODEL

FORMAT = "sanctions-kg/embedded"
VERSION = 1
T = TypeVar("T")


class _SearchIndex:
    """Search key -> node ids, and word -> search keys, for :meth:`EmbeddedStore.find_nodes`."""

    def __init__(self, store: "EmbeddedStore"):
        self.ids: dict[str, list[str]] = {}
        self.words: dict[str, set[str]] = {}
        for n, a in store.graph.nodes(data=True):
            for key in a["props"].get("search_keys", []):
                self.ids.setdefault(key, []).append(n)
                for word in key.split():
                    self.words.setdefault(word, set()).add(key)

    def exact(self, key: str) -> list[str]:
        return self.ids.get(key, [])

    def containing(self, key: str) -> list[str]:
        """Ids of nodes with a search key holding ``key`` as whole words (the generic rule)."""
        pools = [self.words.get(w, set()) for w in key.split()]
        if not pools:
            return []
        padded = f" {key} "
        keys = [k for k in min(pools, key=len) if padded in f" {k} "]
        return sorted({i for k in keys for i in self.ids[k]})


class EmbeddedStore(Store):
    """A networkx graph in memory, loaded from and saved to ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> s = EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.json")
    >>> s.upsert_nodes([{"id": "region:cn", "label": "Region", "props": {"code": "CN", "name": "China"}}])
    >>> s.stats()["nodes"]
    {'Region': 1}
    """

    kind = "embedded"

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else None
        self.location = str(self.path) if self.path else "(in memory)"
        self.graph = nx.MultiDiGraph()
        self._dirty = False       # writes since the last commit changed something
        self._unsaved = False     # committed changes not yet in the file (saves deferred)
        self._deferring = 0       # depth of deferred_saves() blocks
        self._undo: list[tuple] = []  # how to undo each write since the last commit, in order
        self._derived: dict[str, object] = {}  # see derived(); emptied by every write
        if self.path and self.path.exists():
            self._load()

    # -- persistence --------------------------------------------------
    def _load(self) -> None:
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot read the embedded store {self.path}: {exc}") from exc
        if data.get("format") != FORMAT:
            raise StoreError(f"{self.path} is not a sanctions-kg store (format {data.get('format')!r})")
        g = self.graph
        for n in data["nodes"]:
            g.add_node(n["id"], label=n["label"], props=n["props"])
        for r in data["relationships"]:
            g.add_edge(r["src"], r["dst"], key=r["key"], type=r["type"], props=r["props"])

    def commit(self) -> None:
        """Make the writes so far permanent: what a rollback returns to, and saved atomically
        (at the end of a :meth:`deferred_saves` block, when inside one)."""
        self._undo.clear()
        self._unsaved = self._unsaved or self._dirty
        self._dirty = False
        if self._unsaved and self.path is not None and not self._deferring:
            self.save(self.path)
            self._unsaved = False

    def rollback(self) -> None:
        """Undo the writes since the last commit (in memory, from the journal)."""
        self._derived.clear()
        g = self.graph
        for op in reversed(self._undo):
            kind, old = op[0], op[-1]
            if kind == "node":
                if old is None:
                    g.remove_node(op[1])
                else:
                    g.nodes[op[1]]["props"] = old
            elif kind == "rel":
                if old is None:
                    g.remove_edge(*op[1:4])
                else:
                    g.edges[op[1:4]]["props"] = old
            else:  # a deleted relationship comes back
                g.add_edge(*op[1:4], **old)
        self._undo.clear()
        self._dirty = False

    @contextmanager
    def deferred_saves(self):
        """Commits inside the block save once, at its end: loading 100 documents into a store
        of the full lists would otherwise write the whole file 100 times. Each commit is still
        what a later rollback returns to; writes not committed when the block ends (an
        interrupted file) are undone, and the commits before them saved."""
        self._deferring += 1
        try:
            yield self
        finally:
            self._deferring -= 1
            if not self._deferring:
                self.rollback()
                self.commit()

    def saved_at_end(self) -> str | None:
        return self.location if self.path else None

    def save(self, path: Path | str) -> None:
        """Write the graph to ``path`` atomically (temp file, fsync, rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "version": VERSION,
            "nodes": [{"id": n, "label": a["label"], "props": a["props"]} for n, a in self.graph.nodes(data=True)],
            "relationships": [
                {"type": a["type"], "src": s, "dst": d, "key": k, "props": a["props"]}
                for s, d, k, a in self.graph.edges(keys=True, data=True)
            ],
        }
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    # -- derived structures ---------------------------------------------
    def derived(self, name: str, build: Callable[["EmbeddedStore"], T]) -> T:
        """``build(self)``, computed on first use and kept until the next write.

        networkx answers adjacency; the name index and the query indexes
        (:mod:`sanctions_kg.queries.embedded_base`) are built from the graph
        here, so no caller has to track when they go stale.
        """
        if name not in self._derived:
            self._derived[name] = build(self)
        return self._derived[name]  # type: ignore[return-value]

    def _find_by_key(self, key: str, wanted: set[str] | None) -> list[dict]:
        """:meth:`Store.find_nodes`'s rule answered from an index of search keys (same rule, same order).

        Exact keys are a dict lookup; whole-word containment checks only the
        keys that hold the query's rarest word.
        """
        index = self.derived("search_keys", _SearchIndex)
        for ids in (index.exact(key), index.containing(key)):
            hits = [self.get_node(i) for i in ids]
            hits = [n for n in hits if wanted is None or n["label"] in wanted]
            if hits:
                return sorted(hits, key=lambda n: n["id"])
        return []

    # -- writes -------------------------------------------------------
    def upsert_nodes(self, nodes: list[dict]) -> None:
        self._derived.clear()
        g = self.graph
        for n in nodes:
            attrs = g.nodes.get(n["id"])
            if attrs is None:
                g.add_node(n["id"], label=n["label"], props=dict(n["props"]))
                self._undo.append(("node", n["id"], None))
            else:
                merged = merge_props(attrs["props"], n["props"])
                if merged != attrs["props"]:
                    self._undo.append(("node", n["id"], attrs["props"]))
                    attrs["props"] = merged
                else:
                    continue
            self._dirty = True

    def upsert_rels(self, rels: list[dict]) -> None:
        self._derived.clear()
        g = self.graph
        missing = {e for r in rels for e in (r["src"], r["dst"]) if e not in g}
        if missing:
            raise StoreError("relationships point at unknown nodes: " + ", ".join(sorted(missing)[:5]))
        for r in rels:
            edge = (r["src"], r["dst"], r["key"])
            if g.has_edge(*edge):
                attrs = g.edges[edge]
                merged = merge_props(attrs["props"], r["props"])
                if merged == attrs["props"]:
                    continue
                self._undo.append(("rel", *edge, attrs["props"]))
                attrs["props"] = merged
            else:
                g.add_edge(*edge, type=r["type"], props=dict(r["props"]))
                self._undo.append(("rel", *edge, None))
            self._dirty = True

    def delete_rels(self, rels: list[dict]) -> None:
        self._derived.clear()
        g = self.graph
        for r in rels:
            edge = (r["src"], r["dst"], r["key"])
            if g.has_edge(*edge):
                self._undo.append(("deleted", *edge, dict(g.edges[edge])))
                g.remove_edge(*edge)
                self._dirty = True

    # -- reads --------------------------------------------------------
    def rels_between(self, pairs: Iterable[tuple[str, str]], rel_type: str) -> list[dict]:
        out = []
        for src, dst in pairs:
            if src in self.graph and dst in self.graph:
                out += [r for r in self.out_rels(src, rel_type) if r["dst"] == dst]
        return out

    def get_node(self, node_id: str) -> dict | None:
        attrs = self.graph.nodes.get(node_id)
        if attrs is None:
            return None
        return {"id": node_id, "label": attrs["label"], "props": attrs["props"]}

    def has_nodes(self, ids: Iterable[str]) -> set[str]:
        return {i for i in ids if i in self.graph}

    def iter_nodes(self, label: str | None = None) -> Iterator[dict]:
        labels = MODEL.expand([label]) if label else None
        for n, a in self.graph.nodes(data=True):
            if labels is None or a["label"] in labels:
                yield {"id": n, "label": a["label"], "props": a["props"]}

    def iter_rels(self, rel_type: str | None = None) -> Iterator[dict]:
        for s, d, k, a in self.graph.edges(keys=True, data=True):
            if rel_type is None or a["type"] == rel_type:
                yield {"type": a["type"], "src": s, "dst": d, "key": k, "props": a["props"]}

    def out_rels(self, node_id: str, rel_type: str | None = None) -> Iterator[dict]:
        """Relationships leaving ``node_id`` (optionally of one type)."""
        for s, d, k, a in self.graph.out_edges(node_id, keys=True, data=True):
            if rel_type is None or a["type"] == rel_type:
                yield {"type": a["type"], "src": s, "dst": d, "key": k, "props": a["props"]}

    def in_rels(self, node_id: str, rel_type: str | None = None) -> Iterator[dict]:
        """Relationships arriving at ``node_id`` (optionally of one type)."""
        for s, d, k, a in self.graph.in_edges(node_id, keys=True, data=True):
            if rel_type is None or a["type"] == rel_type:
                yield {"type": a["type"], "src": s, "dst": d, "key": k, "props": a["props"]}

    def stats(self) -> dict:
        nodes = Counter(a["label"] for _, a in self.graph.nodes(data=True))
        rels = Counter(a["type"] for _, _, a in self.graph.edges(data=True))
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}
