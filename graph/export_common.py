"""What every exporter shares: progress reporting, safe output files, counts.

Exporters (``graph/export_*.py``) write a whole store to a file or a folder.
Each takes ``(store, path, progress=None, force=False)`` and returns a summary
dict of what it wrote; ``progress`` is called with the number of store items
(nodes and relationships) handled since the last call, so the CLI can drive a
progress bar whose total is :func:`total_items`.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterator, TextIO

from sanctions_kg.errors import StoreError

#: called with a number of items done since the last call
Progress = Callable[[int], None]


class Ticker:
    """Batches progress calls (a rich progress bar update per item would dominate a fast export)."""

    def __init__(self, progress: Progress | None, every: int = 2000):
        self.progress = progress
        self.every = every
        self.pending = 0

    def __call__(self, n: int = 1) -> None:
        if self.progress is None:
            return
        self.pending += n
        if self.pending >= self.every:
            self.progress(self.pending)
            self.pending = 0

    def flush(self) -> None:
        if self.progress is not None and self.pending:
            self.progress(self.pending)
        self.pending = 0


def store_counts(store) -> dict:
    """``{"nodes": n, "relationships": m}`` for an export summary."""
    stats = store.stats()
    return {"nodes": sum(stats["nodes"].values()), "relationships": sum(stats["relationships"].values())}


def total_items(store) -> int:
    """Nodes plus relationships: the unit of export progress."""
    return sum(store_counts(store).values())


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed over it only when the block completes.

    An export that fails half-way (or is interrupted) leaves no truncated file
    that another tool could mistake for the graph.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_text(path: Path, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text file that replaces ``path`` only when complete (see :func:`atomic_path`)."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline=newline) as fh:
        yield fh


def prepare_folder(path: Path, force: bool = False) -> Path:
    """An output folder for multi-file exports: created, and refused if it holds other files."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} exists and is not a folder")
    if path.is_dir() and any(path.iterdir()) and not force:
        raise StoreError(f"{path} is not empty (use --force to write into it anyway)")
    path.mkdir(parents=True, exist_ok=True)
    return path


def list_text(values: list) -> str:
    """A list property as one string (a JSON array) for formats without list values."""
    return json.dumps(list(values), ensure_ascii=False)
