"""The build pipeline: facts from loaders -> resolved, validated, batched writes.

Stages, in order, for every fact a loader yields:

1. **resolve** - a party node is matched against the graph (and the facts seen
   so far) by the :class:`~sanctions_kg.graph.resolve.Resolver`; its id may
   become an existing node's id. Relationship endpoints follow the same map.
2. **validate** - properties, endpoints and modality are checked against the
   model (:mod:`sanctions_kg.schema.model`). A bad fact is reported with its
   file and line and skipped; the good ones still load.
3. **write** - facts are written in batches (nodes before the relationships
   that need them), and the store commits once at the end, so an interrupted
   build leaves the embedded store as it was.
4. **corroborate** - before that commit, listings known only from documents
   that a list file's listing of the same party and list corroborates are
   folded into it (:func:`~sanctions_kg.graph.corroboration.reconcile_listings`),
   whichever of the two was loaded first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from sanctions_kg.errors import SchemaError
from sanctions_kg.graph.corroboration import reconcile_listings
from sanctions_kg.graph.facts import Node, Rel
from sanctions_kg.graph.names import search_keys
from sanctions_kg.graph.store import Store, merge_props
from sanctions_kg.schema import MODEL


@dataclass
class BuildReport:
    """What a build did: counts of facts written and the problems skipped."""

    nodes: int = 0
    rels: int = 0
    problems: list[str] = field(default_factory=list)
    #: document listings folded into the list file's listing they state (step 4)
    corroborated: int = 0
    #: the nodes written, id -> label (what a caller keeping indexes across builds must refresh)
    written: dict[str, str] = field(default_factory=dict)

    def add_problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


def node_record(node: Node, where: str = "node") -> dict:
    """The store record for a node fact, validated against the model, with its search keys."""
    props = MODEL.clean_node(node.label, node.props, where)
    props["search_keys"] = search_keys(props)
    return {"id": node.id, "label": node.label, "props": props}


def rel_record(rel: Rel, where: str = "rel") -> dict:
    """The store record for a relationship fact, validated against the model."""
    props = MODEL.clean_rel(rel.type, rel.src, rel.dst, rel.props_with_provenance(), where)
    return {"type": rel.type, "src": rel.src, "dst": rel.dst,
            "key": MODEL.rel_key(rel.type, rel.src, rel.dst, props), "props": props}


class Builder:
    """Feeds facts into a store in batches.

    Parameters
    ----------
    store:
        Where to write.
    resolver:
        Maps party nodes to existing nodes; ``None`` keeps ids as the loaders made them.
    batch_size:
        Facts per write batch (Neo4j sends one ``UNWIND`` per batch).
    source_name:
        Used in problem messages when a fact carries no line.
    """

    def __init__(self, store: Store, resolver=None, batch_size: int = 2000, source_name: str = ""):
        self.store = store
        self.resolver = resolver
        self.batch_size = batch_size
        self.source_name = source_name
        self.report = BuildReport()
        self._ids: dict[str, str] = {}
        self._known: set[str] = set()
        self._nodes: dict[str, dict] = {}
        self._rels: list[dict] = []
        self._listings: set[tuple[str, str]] = set()  # party-list pairs written (for step 4)

    def _where(self, fact) -> str:
        line = getattr(fact, "line", None)
        return f"{self.source_name}:{line}" if line is not None else (self.source_name or "input")

    def add(self, fact) -> None:
        """Resolve, validate and queue one fact; bad facts become problems, not exceptions."""
        where = self._where(fact)
        try:
            if isinstance(fact, Node):
                self._add_node(fact, where)
            elif isinstance(fact, Rel):
                self._add_rel(fact, where)
            else:
                raise SchemaError(f"not a fact: {fact!r}")
        except SchemaError as exc:
            self.report.add_problem(where, str(exc).removeprefix(where + ": "))
        if len(self._nodes) + len(self._rels) >= self.batch_size:
            self.flush()

    def _add_node(self, node: Node, where: str) -> None:
        local_id = node.id
        if self.resolver is not None:
            node.id = self.resolver.resolve(node)
            if node.id != local_id:
                existing = self.store.get_node(node.id) or self._nodes.get(node.id)
                if existing is not None and existing["label"] != node.label:
                    node.label = existing["label"]
        record = node_record(node, where)
        self._ids[local_id] = record["id"]
        queued = self._nodes.get(record["id"])
        if queued is not None:
            queued["props"] = merge_props(queued["props"], record["props"])
        else:
            self._nodes[record["id"]] = record
        self._known.add(record["id"])
        self.report.nodes += 1

    def _endpoint(self, node_id: str) -> str:
        """The node a relationship endpoint names: a node's local id, or its resolved ``node.id``.

        An id that is itself a node (written in this build or in the store) is
        taken as it is; only other local ids are mapped to what they resolved
        to. Two parties can share a local id (the resolver gives the second a
        disambiguated id), so mapping a real node's id would move the
        relationship to the other party. Loaders that build relationships from
        ``node.id`` after yielding the node are therefore always right.
        """
        mapped = self._ids.get(node_id, node_id)
        if mapped == node_id or node_id in self._known:
            return node_id
        if self.store.has_nodes([node_id]):
            self._known.add(node_id)
            return node_id
        return mapped

    def _add_rel(self, rel: Rel, where: str) -> None:
        rel.src = self._endpoint(rel.src)
        rel.dst = self._endpoint(rel.dst)
        record = rel_record(rel, where)
        missing = {e for e in (rel.src, rel.dst) if e not in self._known}
        if missing:
            self._known |= self.store.has_nodes(missing)
            missing -= self._known
        if missing:
            raise SchemaError("refers to unknown node(s) " + ", ".join(sorted(missing)))
        self._rels.append(record)
        if rel.type == "LISTED_ON":
            self._listings.add((rel.src, rel.dst))
        self.report.rels += 1

    def flush(self) -> None:
        """Write the queued batch: nodes first, then relationships."""
        if self._nodes:
            self.store.upsert_nodes(list(self._nodes.values()))
            self.report.written.update((i, r["label"]) for i, r in self._nodes.items())
            self._nodes.clear()
        if self._rels:
            self.store.upsert_rels(self._rels)
            self._rels = []

    def finish(self) -> BuildReport:
        """Flush, fold corroborated listings, commit; returns the report."""
        self.flush()
        if self._listings:
            self.report.corroborated = reconcile_listings(self.store, self._listings)
        self.store.commit()
        return self.report


def build(facts: Iterable, store: Store, resolver=None, batch_size: int = 2000,
          source_name: str = "", on_fact: Callable[[object], None] | None = None) -> BuildReport:
    """Write ``facts`` into ``store``; returns a :class:`BuildReport`.

    Nothing is committed if the iteration raises (for example a loader's
    :class:`~sanctions_kg.errors.InputError`), so the embedded store on disk is
    unchanged by a failed load.
    """
    builder = Builder(store, resolver=resolver, batch_size=batch_size, source_name=source_name)
    for fact in facts:
        builder.add(fact)
        if on_fact is not None:
            on_fact(fact)
    return builder.finish()
