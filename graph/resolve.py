"""Entity resolution: which existing node a party fact is.

Placeholder resolver of the walking skeleton: a party whose id already exists
is that node; otherwise a party whose normalised name equals exactly one
existing party's name or alias (same label family) is that party. The list
loaders' issue replaces this with identifier- and fingerprint-based matching.
"""

from __future__ import annotations

from sanctions_kg.graph.facts import Node
from sanctions_kg.graph.names import normalize_name
from sanctions_kg.schema import MODEL

PARTY_LABELS = MODEL.expand(["Party"])


class Resolver:
    """Maps party node facts to existing node ids (see module docstring)."""

    def __init__(self, store):
        self.store = store
        self._index: dict[str, set[str]] | None = None

    def _build(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}
        for n in self.store.iter_nodes("Party"):
            for key in n["props"].get("search_keys", []):
                index.setdefault(key, set()).add(n["id"])
        return index

    def resolve(self, node: Node) -> str:
        if node.label not in PARTY_LABELS:
            return node.id
        if self._index is None:
            self._index = self._build()
        if self.store.get_node(node.id) is None:
            hits = self._index.get(normalize_name(node.props.get("name", node.key)), set())
            if len(hits) == 1:
                node_id = next(iter(hits))
            else:
                node_id = node.id
        else:
            node_id = node.id
        for alias in [node.props.get("name"), *(node.props.get("aliases") or [])]:
            if alias:
                self._index.setdefault(normalize_name(alias), set()).add(node_id)
        return node_id
