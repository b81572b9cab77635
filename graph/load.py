"""Files into a store: each input detected, read by its loader and built, with what is costly to
build from a large store kept from file to file.

:func:`load_paths` is the engine of ``skg load``, ``skg demo`` and the benchmarks; the CLI adds
the progress display and the summary (``sanctions_kg/cli/load_cmd.py``).
"""

from __future__ import annotations

from pathlib import Path

from sanctions_kg.errors import SkgError
from sanctions_kg.graph.pipeline import build
from sanctions_kg.graph.resolve import Resolver
from sanctions_kg.loaders.registry import LoadContext, detect

#: loader options for list extracts (see loaders/snapshot.py and loaders/summary.py)
PARTIAL_OPTIONS = {"history": False, "check_counts": False}


def load_paths(store, paths: list[Path], fmt: str | None = None, options: dict | None = None,
               progress=None, batch_size: int = 2000) -> list[dict]:
    """Load each path into ``store``; returns one summary row per path.

    A path that fails as a whole (unreadable, wrong format) is rolled back and
    reported; the others still load. ``progress`` (a ``rich.progress.Progress``, optional)
    shows the inputs and the facts of each.

    What is costly to build from a large store is built once for all the paths,
    not per file: the resolver's index of parties, the gazetteer of names (the
    document loader extends it with the parties each document adds, see
    :meth:`~sanctions_kg.loaders.gazetteer.Gazetteer.absorb`), and the embedded
    store's file, saved once at the end (:meth:`~sanctions_kg.graph.store.Store.deferred_saves`).
    Each file still commits on its own, so a failed file is undone alone.
    """
    rows = []
    resolver = gazetteer = None
    overall = progress.add_task(f"{len(paths)} inputs", total=len(paths)) if progress and len(paths) > 1 else None
    with store.deferred_saves():
        for path in paths:
            ctx = LoadContext(store=store, options=dict(options or {}), path=path, gazetteer=gazetteer)
            task = progress.add_task(f"{path.name}", total=None) if progress else None
            try:
                spec = detect(path, fmt)
                if spec.resolve and resolver is None:
                    resolver = Resolver(store)
                report = build(
                    spec.read(path, ctx), store, resolver=resolver if spec.resolve else None,
                    batch_size=batch_size, source_name=str(path),
                    on_fact=(lambda _f: progress.advance(task)) if progress else None,
                )
            except SkgError as exc:
                store.rollback()
                resolver = gazetteer = None  # they may hold what was just undone
                rows.append({"path": str(path), "format": fmt or "?", "nodes": 0, "relationships": 0,
                             "problems": 1, "error": str(exc), "messages": [str(exc)]})
                continue
            finally:
                if progress:
                    progress.update(task, visible=False)
                    if overall is not None:
                        progress.advance(overall)
            if not spec.resolve:
                resolver = None  # parties it did not see were written
            gazetteer = ctx.gazetteer
            if gazetteer is not None and not gazetteer.absorb(store, report.written):
                gazetteer = None
            problems = ctx.problems + report.problems
            summary = list(ctx.options.get("summary") or [])
            if report.corroborated:
                summary.append(f"{path.name}: {report.corroborated} listing(s) stated by documents joined "
                               "the listing this file records")
            rows.append({"path": str(path), "format": spec.name, "nodes": report.nodes,
                         "relationships": report.rels, "problems": len(problems), "error": None,
                         "messages": problems, "summary": summary})
        target = store.saved_at_end()
        if progress and overall is not None and target:
            progress.add_task(f"saving {target}", total=None)  # the block's end writes the file
    return rows
