"""The load summary of list snapshots: counts per list, checked against expected ranges.

Each list loader, at the end of a snapshot, calls :func:`record` with what it
read: rows, rows skipped, parties put on each list, listings removed. The
counts are checked against ``schema/data/assertions.yaml`` (expected ranges
per snapshot family and list, in the manner of OpenSanctions' dataset
assertions). A count outside its range is a loud warning: it is added to the
load's problems (``ctx.problem``) and to the summary lines.

Where it goes:

* ``ctx.options["summary"]`` - printable lines (rich markup), which
  ``skg load`` prints after the per-file table;
* ``ctx.options["summary_rows"]`` - the same as dicts (see :func:`summary_rows`),
  for ``--format json`` or tests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sanctions_kg.loaders.listdata import tables
from sanctions_kg.loaders.registry import LoadContext


@dataclass
class SnapshotSummary:
    """What one snapshot file contributed."""

    snapshot: str  # Document code, e.g. ofac-sdn@2024-05-03
    family: str
    file: str
    rows: int = 0
    skipped: int = 0
    listed: Counter = field(default_factory=Counter)  # list code -> parties listed by this snapshot
    removed: Counter = field(default_factory=Counter)  # list code -> listings closed by this snapshot


def summary_rows(summary: SnapshotSummary) -> list[dict]:
    """One row per list: counts, the expected range and whether the count is within it."""
    t = tables()
    out = []
    for code in sorted(set(summary.listed) | set(summary.removed)):
        n = summary.listed.get(code, 0)
        rng = t.expected(summary.family, code)
        status = "unchecked" if rng is None else ("ok" if rng[0] <= n <= rng[1] else "OUT OF RANGE")
        out.append({
            "snapshot": summary.snapshot, "file": summary.file, "list": code, "listed": n,
            "removed": summary.removed.get(code, 0), "rows": summary.rows, "skipped": summary.skipped,
            "expected": f"{rng[0]}-{rng[1]}" if rng else None, "status": status,
        })
    return out


def record(ctx: LoadContext, summary: SnapshotSummary) -> list[dict]:
    """Check ``summary`` against the assertions, store lines and rows in ``ctx.options``; returns the rows."""
    rows = summary_rows(summary)
    lines = ctx.options.setdefault("summary", [])
    ctx.options.setdefault("summary_rows", []).extend(rows)
    lines.append(f"[bold]{summary.snapshot}[/] ({summary.file}): {summary.rows} rows read, "
                 f"{summary.skipped} skipped")
    checked = ctx.options.get("check_counts", True)
    for row in rows:
        text = (f"  {row['list']}: {row['listed']} listed, {row['removed']} removed"
                + (f" (expected {row['expected']})" if row["expected"] and checked else ""))
        if not checked:
            row["status"] = "not checked (partial file)"
            lines.append(text + " - partial file, count not checked")
        elif row["status"] == "OUT OF RANGE":
            message = (f"WARNING: {row['list']} count {row['listed']} in {row['snapshot']} is outside the "
                       f"expected range {row['expected']} (schema/data/assertions.yaml)")
            ctx.problem(None, message)
            lines.append(f"[bold red]{text} - OUT OF RANGE[/]")
        else:
            lines.append(text)
    return rows
