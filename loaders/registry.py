"""The loader contract and the registry that picks a loader for a path.

A loader is a module that declares one :class:`LoaderSpec`:

* ``name`` - what ``skg load --format`` accepts;
* ``extensions`` and ``sniff(path, head)`` - how a path is recognised, by
  extension and by its first bytes (content wins: a ``.csv`` that is an OFAC
  SDN file goes to the SDN loader, not to a generic one);
* ``read(path, ctx)`` - the one entry point: an iterator of
  :class:`~sanctions_kg.graph.facts.Node` / :class:`~sanctions_kg.graph.facts.Rel`
  facts, each with its provenance. A loader never writes to a store.

Bad input inside a file is reported through ``ctx.problem(line, message)`` and
skipped, so good rows still load; a file that cannot be read at all raises
:class:`~sanctions_kg.errors.InputError` naming the file.

To add a loader: write ``loaders/<format>.py`` with a module-level ``SPEC`` and
add the module name to :data:`LOADER_MODULES`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from sanctions_kg.errors import InputError

#: Modules that declare a ``SPEC``, most specific first (detection order).
LOADER_MODULES = [
    "sanctions_kg.loaders.reference",
    "sanctions_kg.loaders.ofac",
    "sanctions_kg.loaders.csl",
    "sanctions_kg.loaders.lists_extra",
    "sanctions_kg.loaders.rdf",
    "sanctions_kg.loaders.ftm",
    "sanctions_kg.loaders.document",
]

HEAD_BYTES = 4096


@dataclass
class LoadContext:
    """What a loader may use besides its input: the store (read-only) and a problem sink.

    ``options`` carries loader options from the CLI (for example ``published``
    for documents). ``problems`` collects ``"file:line: message"`` strings.
    ``gazetteer`` is the store's gazetteer when the caller keeps one from file
    to file (``load_paths`` does); the document loader sets it when it built one.
    """

    store: Any = None
    options: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None
    gazetteer: Any = None

    def problem(self, line: int | None, message: str) -> None:
        """Record a skipped row or value, naming the file and line."""
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        self.problems.append(f"{where}: {message}")


@dataclass(frozen=True)
class LoaderSpec:
    """A loader's declaration; see the module docstring."""

    name: str
    description: str
    read: Callable[[Path, LoadContext], Iterator]
    extensions: tuple[str, ...] = ()
    sniff: Callable[[Path, bytes], bool] | None = None
    #: whether the loader also reads folders (e.g. a dated folder of OFAC files);
    #: files are offered to every loader's sniff
    directories: bool = False
    #: whether parties are matched against the graph (entity resolution); off for
    #: re-loading this project's own exports, whose ids are already resolved
    resolve: bool = True


_REGISTRY: dict[str, LoaderSpec] | None = None


def registry() -> dict[str, LoaderSpec]:
    """All loaders by name, in detection order (modules that are absent are skipped)."""
    global _REGISTRY
    if _REGISTRY is None:
        found = {}
        for mod_name in LOADER_MODULES:
            try:
                mod = importlib.import_module(mod_name)
            except ModuleNotFoundError as exc:
                if exc.name == mod_name:
                    continue
                raise
            spec = mod.SPEC
            found[spec.name] = spec
        _REGISTRY = found
    return _REGISTRY


def read_head(path: Path) -> bytes:
    """The first bytes of a file (empty for a directory)."""
    if path.is_dir():
        return b""
    try:
        with open(path, "rb") as fh:
            return fh.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc


#: what :func:`detect` found, by (path, size, modification time): ``skg load FOLDER``
#: detects each file when it expands the folder and again when it loads it
_DETECTED: dict[tuple, str] = {}


def detect(path: Path, forced: str | None = None) -> LoaderSpec:
    """The loader for ``path``: ``forced`` by name, else by content, else by extension."""
    loaders = registry()
    if forced:
        try:
            return loaders[forced]
        except KeyError:
            raise InputError(path, f"unknown format {forced!r}; known: {', '.join(loaders)}") from None
    try:
        st = path.stat()
    except OSError:
        raise InputError(path, "no such file or directory") from None
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key in _DETECTED:
        return loaders[_DETECTED[key]]
    spec = _detect(path, loaders)
    _DETECTED[key] = spec.name
    return spec


def _detect(path: Path, loaders: dict[str, LoaderSpec]) -> LoaderSpec:
    head = read_head(path)
    for spec in loaders.values():
        if path.is_dir() and not spec.directories:
            continue
        if spec.sniff is not None and spec.sniff(path, head):
            return spec
    suffix = "".join(path.suffixes[-2:]).lower() if path.is_file() else ""
    for spec in loaders.values():
        if not path.is_dir() and any(suffix.endswith(ext) for ext in spec.extensions):
            return spec
    kind = "directory" if path.is_dir() else "file"
    raise InputError(path, f"cannot tell the format of this {kind}; use --format (one of {', '.join(loaders)})")


def expand(paths: list[Path], forced: str | None = None, wanted: str | None = None) -> tuple[list[Path], list[Path]]:
    """The inputs ``paths`` stand for, and the files passed over.

    A folder a loader reads as a whole (a dated folder of OFAC files) stays one
    input; any other folder - a corpus of articles, say - stands for the files
    under it, in name order, hidden ones left out. Of those files, the ones no
    loader recognises (a PDF or an image beside the articles) are passed over rather
    than failed - and, with ``wanted`` (a loader's name: ``skg extract`` wants documents),
    the ones another loader reads; a file named on its own is always an input.
    """
    inputs: list[Path] = []
    passed_over: list[Path] = []
    for path in paths:
        if not path.is_dir():
            inputs.append(path)
            continue
        spec = None
        try:
            spec = detect(path, forced)
        except InputError:
            pass
        if spec is not None and spec.directories and wanted in (None, spec.name):
            inputs.append(path)
            continue
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if any(part.startswith(".") for part in child.relative_to(path).parts):
                continue
            try:
                spec = detect(child, forced)
            except InputError:
                spec = None
            (inputs if spec is not None and wanted in (None, spec.name) else passed_over).append(child)
    return inputs, passed_over
