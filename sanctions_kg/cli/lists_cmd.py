"""``skg explain`` and ``skg changes``: how a party was resolved, and what list snapshots changed."""

from __future__ import annotations

import json

import click

from sanctions_kg.cli.common import emit_rows, format_option, get_store
from sanctions_kg.graph.history import changes as list_changes
from sanctions_kg.graph.history import listed_rels
from sanctions_kg.loaders.snapshot import parse_date
from sanctions_kg.queries.lookup import resolve_entity

EXPLAIN_COLUMNS = ["aspect", "value", "source", "reason"]
CHANGES_COLUMNS = ["date", "change", "party", "party_id", "listed_on", "removed_on", "program", "source"]


def explain_rows(store, node_id: str) -> list[dict]:
    """What a party node is made of: names, identifiers, sources, merge decisions and listings."""
    node = store.get_node(node_id)
    p = node["props"]
    codes: dict[str, str] = {}

    def doc(doc_id: str | None) -> str | None:
        if doc_id and doc_id not in codes:
            d = store.get_node(doc_id)
            codes[doc_id] = (d or {}).get("props", {}).get("code") or doc_id
        return codes.get(doc_id) if doc_id else None

    rows = [{"aspect": "node", "value": f"{p.get('name')} [{node['label']} {node_id}]"},
            {"aspect": "name", "value": p.get("name")}]
    rows += [{"aspect": "alias", "value": a} for a in p.get("aliases") or []]
    rows += [{"aspect": "identifier", "value": i} for i in p.get("identifiers") or []]
    if p.get("country"):
        rows.append({"aspect": "country", "value": p["country"]})
    rows += [{"aspect": "source", "value": doc(s), "source": s} for s in p.get("sources") or []]
    for raw in p.get("merged_from") or []:
        rec = json.loads(raw)
        rows.append({"aspect": "merged", "value": rec.get("name"), "source": doc(rec.get("source")),
                     "reason": rec.get("reason")})
    rels = (store.out_rels(node_id, "LISTED_ON") if hasattr(store, "out_rels")
            else (r for r in store.iter_rels("LISTED_ON") if r["src"] == node_id))
    for rel in rels:
        r = rel["props"]
        period = f"{r.get('listed_on') or '?'} - {r.get('removed_on') or 'now'}"
        rows.append({"aspect": "listing", "value": f"{rel['dst']} {period}",
                     "source": "; ".join(filter(None, (doc(s) for s in r.get("sources") or []))),
                     "reason": r.get("program")})
    return rows


@click.command()
@click.argument("entity")
@format_option()
def explain(entity: str, fmt: str) -> None:
    """Show how ENTITY was assembled: the names, identifiers and sources merged into it, and why.

    ENTITY is a name, alias or id of a party. Each `merged` row is one
    resolution decision (the record's name, its source, the reason: a shared
    identifier or an unambiguous name key).
    """
    store = get_store()
    node_id = resolve_entity(store, entity, ["Party"])
    emit_rows(explain_rows(store, node_id), fmt, columns=EXPLAIN_COLUMNS, title=f"explain {node_id}")


def _date_option(name: str):
    def check(ctx, param, value):
        if value is None:
            return None
        iso = parse_date(value)
        if not iso:
            raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")
        return iso
    return click.option(name, callback=check, metavar="YYYY-MM-DD",
                        help="Only changes on or " + ("after" if "since" in name else "before") + " this date.")


@click.command()
@click.option("--list", "list_name", required=True, metavar="NAME",
              help="The list: a code (US-OFAC-SDN), a name or an alias (SDN, Entity List).")
@_date_option("--since")
@_date_option("--until")
@format_option()
def changes(list_name: str, since: str | None, until: str | None, fmt: str) -> None:
    """Additions to and removals from a list between snapshots, by date.

    A listing first seen in the first loaded snapshot of its file is the
    baseline, not an addition; a removal is a party absent from a later
    snapshot (or a source's own end date).
    """
    store = get_store()
    list_id = resolve_entity(store, list_name, ["SanctionList"])
    rows = list_changes(store, list_id, since, until)
    emit_rows(rows, fmt, columns=CHANGES_COLUMNS, title=f"changes to {list_id}")
    if fmt == "table":
        total = sum(1 for _ in listed_rels(store, list_id))
        click.echo(f"{sum(r['change'] == 'added' for r in rows)} added, "
                   f"{sum(r['change'] == 'removed' for r in rows)} removed ({total} listings of {list_id})", err=True)


COMMANDS = [explain, changes]
