"""Turning a name typed by an analyst into exactly one node id.

Names resolve through aliases, case-insensitively (see
:meth:`sanctions_kg.graph.store.Store.find_nodes` for the rule shared by all
stores). No match or several matches is an error that lists candidates, so an
analyst never silently gets the wrong entity.
"""

from __future__ import annotations

from typing import Iterable

from sanctions_kg.errors import AmbiguousEntity, EntityNotFound
from sanctions_kg.graph.names import normalize_name

#: parameter type -> labels it may resolve to (None: any)
PARAM_LABELS = {
    "entity": None,
    "party": ["Party"],
    "list": ["SanctionList"],
    "concern": ["Concern"],
    "region": ["Region"],
    "agency": ["Agency"],
}
MAX_CANDIDATES = 10


def describe(node: dict) -> str:
    """``Name [Label id]`` - how a candidate is shown in error messages."""
    return f"{node['props'].get('name', node['id'])} [{node['label']} {node['id']}]"


def resolve_entity(store, text: str, labels: Iterable[str] | None = None) -> str:
    """The id of the one node ``text`` names; raises EntityNotFound or AmbiguousEntity."""
    text = str(text).strip()
    hits = store.find_nodes(text, labels)
    if len(hits) == 1:
        return hits[0]["id"]
    if len(hits) > 1:
        # A node whose own name is exactly the text beats nodes that merely share an alias.
        key = normalize_name(text)
        named = [n for n in hits if normalize_name(n["props"].get("name", "")) == key]
        if len(named) == 1:
            return named[0]["id"]
        shown = [describe(n) for n in hits[:MAX_CANDIDATES]]
        if len(hits) > MAX_CANDIDATES:
            shown.append(f"... {len(hits) - MAX_CANDIDATES} more")
        raise AmbiguousEntity(text, shown)
    suggestions = []
    key = normalize_name(text)
    if key:
        words = key.split()
        suggestions = [describe(n) for n in store.find_nodes(words[0], labels)[:5]] if words else []
    raise EntityNotFound(text, suggestions)
