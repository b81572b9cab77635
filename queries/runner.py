"""Running a canned query: validate parameters, then Cypher on Neo4j or Python on the embedded store.

Both paths receive the same validated parameters and must return the same
rows in the same order; the parity tests hold them to it. Cypher only ever
receives parameters - names are resolved to ids here, labels and
relationship types are checked against the model, nothing is pasted into
query text.

Examples
--------
>>> from sanctions_kg.graph.embedded import EmbeddedStore
>>> rows = run_query(EmbeddedStore(), "queries", {})  # doctest: +SKIP
"""

from __future__ import annotations

import json
from typing import Any

from sanctions_kg.errors import SkgError
from sanctions_kg.queries.catalog import ParamSpec, QuerySpec, get_query
from sanctions_kg.queries.dates import check_date, first_day, last_day
from sanctions_kg.queries.lookup import PARAM_LABELS, resolve_entity
from sanctions_kg.schema import MODEL

#: labels of the nodes that can be listed, cited, owned ... (Company, Person, Vessel ...); the
#: neighbourhood expansion walks through these by default
PARTY_LABELS = frozenset(MODEL.expand(["Party"]))
_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"0", "false", "no", "n", "off", ""}


def coerce_params(spec: QuerySpec, raw: dict[str, Any], store) -> dict[str, Any]:
    """Validate ``raw`` against the query header; returns typed values with defaults filled."""
    unknown = set(raw) - {p.name for p in spec.params}
    if unknown:
        known = ", ".join(p.name for p in spec.params) or "none"
        raise SkgError(f"query {spec.name}: unknown parameter(s) {', '.join(sorted(unknown))} (parameters: {known})")
    out: dict[str, Any] = {}
    for p in spec.params:
        value = raw.get(p.name, p.default)
        if value is None or value == "" and p.type not in ("reltypes", "string"):
            if p.required:
                raise SkgError(f"query {spec.name}: parameter {p.name!r} is required ({p.help})")
            out[p.name] = [] if p.type == "reltypes" else None
            continue
        out[p.name] = _coerce(spec, p, value, store)
    return out


def _coerce(spec: QuerySpec, p: ParamSpec, value: Any, store) -> Any:
    where = f"query {spec.name}: parameter {p.name}"
    ptype = p.type
    if ptype == "string":
        return str(value)
    if ptype == "int":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise SkgError(f"{where} must be a whole number, got {value!r}") from None
        if p.low is not None and not p.low <= number <= p.high:
            raise SkgError(f"{where} must be between {p.low} and {p.high}, got {number}")
        return number
    if ptype == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise SkgError(f"{where} must be true or false, got {value!r}")
    if ptype in ("date", "end_date"):
        text = str(value).strip()
        try:
            check_date(text)
        except ValueError:
            raise SkgError(f"{where} must be a date YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}") from None
        # a partial date is a period: its first day as a lower bound, its last day as an upper one
        return last_day(text) if ptype == "end_date" else first_day(text)
    if ptype == "reltypes":
        items = value if isinstance(value, (list, tuple)) else str(value).split(",")
        types = [t.strip().upper() for t in items if t.strip()]
        bad = [t for t in types if t not in MODEL.relationships]
        if bad:
            raise SkgError(f"{where}: unknown relationship type(s) {', '.join(bad)}; "
                           f"known: {', '.join(MODEL.relationships)}")
        return types
    if ptype in PARAM_LABELS:
        return resolve_entity(store, str(value), PARAM_LABELS[ptype])
    raise SkgError(f"{where}: unsupported parameter type {ptype!r}")  # pragma: no cover


def _decode(rows: list[dict]) -> list[dict]:
    """Evidence is stored as JSON strings on every store; hand it to users as objects."""
    for row in rows:
        if row.get("evidence"):
            row["evidence"] = [json.loads(e) for e in row["evidence"]]
    return rows


def run_query(store, name: str, raw_params: dict[str, Any] | None = None) -> list[dict]:
    """Run the canned query ``name`` on ``store`` and return its rows (a list of dicts)."""
    spec = get_query(name)
    params = coerce_params(spec, dict(raw_params or {}), store)
    if hasattr(store, "run_cypher"):
        rows = _run_cypher(store, spec, params)
    else:
        from sanctions_kg.queries import embedded

        impl = embedded.IMPLEMENTATIONS.get(spec.name)
        if impl is None:
            raise SkgError(f"query {spec.name} has no embedded implementation; use a Neo4j store")
        rows = impl(store, **params)
    return _decode(rows)


def _run_cypher(store, spec: QuerySpec, params: dict[str, Any]) -> list[dict]:
    params = dict(params, labels=MODEL.concrete_labels)
    if spec.options.get("expand") == "frontier":
        return expand_frontier(lambda frontier: store.run_cypher(spec.cypher, dict(params, frontier=frontier)),
                               params)
    return store.run_cypher(spec.cypher, params)


def expand_frontier(step, params: dict[str, Any]) -> list[dict]:
    """Breadth-first expansion shared by both stores.

    ``step(frontier_ids)`` returns the relationships incident to the frontier,
    sorted by key. New nodes join the next frontier if they are parties (or
    ``expand_all``), until ``depth`` hops or ``max_nodes`` nodes - validated
    parameters, whose bounds the query header declares.
    """
    depth, max_nodes, expand_all = params["depth"], params["max_nodes"], bool(params["expand_all"])
    start = params["entity"]
    seen_nodes = {start}
    seen_rels: set[str] = set()
    rows: list[dict] = []
    frontier = [start]
    for hop in range(1, depth + 1):
        if not frontier:
            break
        next_frontier: list[str] = []
        for row in step(sorted(frontier)):
            if row["key"] in seen_rels:
                continue
            new = [n for n in (row["src"], row["dst"]) if n not in seen_nodes]
            if new and len(seen_nodes) + len(new) > max_nodes:
                continue
            seen_rels.add(row["key"])
            rows.append(dict(row, depth=hop))
            for node_id, label in ((row["src"], row["src_label"]), (row["dst"], row["dst_label"])):
                if node_id not in seen_nodes:
                    seen_nodes.add(node_id)
                    if expand_all or label in PARTY_LABELS:
                        next_frontier.append(node_id)
        frontier = next_frontier
    return rows
