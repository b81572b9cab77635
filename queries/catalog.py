"""The canned-query catalog: one ``.cypher`` file per query, described by its header.

A query file starts with ``//`` comment lines that declare it::

    // name: exposure
    // description: Every list an entity is on or was on ...
    // param: entity: party (required) - name, alias or id of a party
    // param: depth: int[1..5] = 2 - how many hops
    // example: skg query exposure --param entity=hikvision

Parameter types: ``string``; ``int``, optionally bounded as ``int[LOW..HIGH]``;
``bool``; ``date`` (``YYYY[-MM[-DD]]``, a partial date meaning the first day
of its period - use it for lower bounds); ``end_date`` (the same, but a
partial date means the last day of its period, so ``until=2021`` takes in
all of 2021); ``entity`` (any node, resolved from a name, alias or id),
``party`` (a Company/Organization/Person/Vessel/Aircraft), ``list`` (a
SanctionList), ``concern``, ``region``, ``agency`` (resolved likewise);
``reltypes`` (comma-separated relationship types from the model).
``// option: expand=frontier`` makes the runner call the Cypher once per hop
(see :func:`sanctions_kg.queries.runner.expand_frontier`).

The header is the single description of a query: ``skg queries``, ``skg query
NAME --help``, parameter validation and ``docs/queries.md`` all read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sanctions_kg.errors import SkgError

QUERY_DIR = Path(__file__).resolve().parent
PARAM_TYPES = ("string", "int", "bool", "date", "end_date", "entity", "party", "list", "concern",
               "region", "agency", "reltypes")
_PARAM_RE = re.compile(
    r"^(?P<name>\w+)\s*:\s*(?P<type>\w+)(\[(?P<low>-?\d+)\.\.(?P<high>-?\d+)\])?\s*(?P<req>\(required\))?"
    r"\s*(=\s*(?P<default>[^-][^ ]*|\"[^\"]*\"))?\s*(-\s*(?P<help>.*))?$"
)


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter."""

    name: str
    type: str
    required: bool = False
    default: str | None = None
    help: str = ""
    #: inclusive bounds of an ``int[LOW..HIGH]`` parameter
    low: int | None = None
    high: int | None = None

    @property
    def type_text(self) -> str:
        """The type as users read it: ``int (1-6)``."""
        return f"{self.type} ({self.low}-{self.high})" if self.low is not None else self.type


@dataclass(frozen=True)
class QuerySpec:
    """A canned query: its header and its Cypher text."""

    name: str
    description: str
    params: tuple[ParamSpec, ...]
    example: str
    cypher: str
    path: Path
    options: dict = field(default_factory=dict)

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query_file(path: Path) -> QuerySpec:
    """Parse a ``.cypher`` file's header; raises SkgError naming the line on a bad header."""
    header: dict[str, list[str]] = {}
    body: list[str] = []
    in_header = True
    last_key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if in_header and line.startswith("//"):
            text = line[2:].strip()
            key, _, value = text.partition(":")
            if key.strip() in ("name", "description", "param", "example", "option"):
                last_key = key.strip()
                header.setdefault(last_key, []).append(value.strip())
            elif last_key == "description" and text:
                header["description"][-1] += " " + text  # a wrapped description line
            else:
                last_key = None  # a plain comment: part of the file, not of the header
            continue
        in_header = False
        body.append(line)
    if not header.get("name"):
        raise SkgError(f"{path}:1: query file has no '// name:' header")
    params = []
    for raw in header.get("param", []):
        m = _PARAM_RE.match(raw)
        if not m or m["type"] not in PARAM_TYPES or (m["low"] is not None and m["type"] != "int"):
            raise SkgError(f"{path}: bad param header {raw!r} (types: {', '.join(PARAM_TYPES)}; "
                           "bounds only on int, as int[1..6])")
        default = m["default"].strip('"') if m["default"] else None
        low, high = (int(m["low"]), int(m["high"])) if m["low"] is not None else (None, None)
        params.append(ParamSpec(m["name"], m["type"], bool(m["req"]), default, (m["help"] or "").strip(),
                                low, high))
    options = dict(o.split("=", 1) for o in header.get("option", []) if "=" in o)
    return QuerySpec(
        name=header["name"][0],
        description=" ".join(header.get("description", [""])),
        params=tuple(params),
        example=(header.get("example") or [""])[0],
        cypher="\n".join(body).strip() + "\n",
        path=path,
        options={k.strip(): v.strip() for k, v in options.items()},
    )


@lru_cache(maxsize=1)
def catalog() -> dict[str, QuerySpec]:
    """All canned queries by name, sorted."""
    specs = [parse_query_file(p) for p in sorted(QUERY_DIR.glob("*.cypher"))]
    return {s.name: s for s in sorted(specs, key=lambda s: s.name)}


def get_query(name: str) -> QuerySpec:
    """The query called ``name``; an unknown name lists the catalog."""
    queries = catalog()
    if name not in queries:
        raise SkgError(f"no query named {name!r}; available: {', '.join(queries)}")
    return queries[name]

