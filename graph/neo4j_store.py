"""The Neo4j store: the same graph and the same merge rule as the embedded store, on a server.

Everything Neo4j needs to know about the graph is derived from the model
(:mod:`sanctions_kg.schema.model`), never restated here:

* **labels** - a node carries its concrete label, that label's ancestors
  (:meth:`Model.ancestors`) and the model's ``base_label`` (``Entity``), so a
  ``Company`` is ``:Company:Party:Entity`` and ``MATCH (p:Party)`` finds every
  party;
* **schema** - a uniqueness constraint on ``Entity.id`` (every id lookup is an
  index seek), a uniqueness constraint on ``key`` per relationship type (Neo4j
  5.7+ Community supports relationship property uniqueness), a range index on
  ``Entity.name``, a full-text index on ``Entity.search_keys`` for name
  lookups, and a range index on each property the model marks ``indexed``
  (``Document.kind``). They are created idempotently (``IF NOT EXISTS``) when a store is
  opened, named after the label or type they cover;
* **writes** - parameterised ``UNWIND $rows`` statements, one per label or
  relationship type (Cypher 5 cannot take labels as parameters), generated
  from the model's names, validated and cached. A batch is one managed
  transaction (retried by the driver on transient errors) that first asks
  which of its ids or keys exist, then creates the new records with ``CREATE``
  (no merge work) and updates the existing ones with ``MERGE``. Two batches are in flight at
  once, so the client encodes one while the server runs the other.

The merge rule is the one of :func:`sanctions_kg.graph.store.merge_props`,
written in plain Cypher so it needs no APOC: scalars are set with ``+=`` from a
map holding only non-null values (last non-null wins) and each list property
becomes ``coalesce(old, []) + [x IN new WHERE NOT x IN coalesce(old, [])]``
(ordered union, existing values first). Relationships are merged on their
``key`` property, so the same fact read from two sources is one relationship
with both sources, and a reload changes nothing.

Examples
--------
>>> store = Neo4jStore.from_uri("bolt://localhost:7687", password="...")  # doctest: +SKIP
>>> store.upsert_nodes([{"id": "region:cn", "label": "Region", "props": {"code": "CN", "name": "China"}}])  # doctest: +SKIP
>>> store.run_cypher("MATCH (r:Region) RETURN r.name AS name")  # doctest: +SKIP
[{'name': 'China'}]
"""

from __future__ import annotations

import contextlib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Iterable, Iterator
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as nx

from sanctions_kg.errors import StoreError
from sanctions_kg.graph.store import LIST_PROPS, Store, merge_props
from sanctions_kg.schema import MODEL

#: rows per write transaction unless the caller says otherwise (see docs/benchmarks.md)
DEFAULT_BATCH_SIZE = 5000
#: write transactions in flight at once (see Neo4jStore._upsert_all)
DEFAULT_WORKERS = 2
#: rows per page when iterating nodes or relationships
PAGE_SIZE = 5000
#: seconds to wait for a connection before calling the server unreachable
CONNECT_TIMEOUT = 10.0

BASE = MODEL.base_label
CONCRETE = list(MODEL.concrete_labels)
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# -- names and schema, derived from the model --------------------------------
def _q(name: str, known: Iterable[str]) -> str:
    """``name`` back-quoted for Cypher, after checking it is a model name (never user text)."""
    if name not in known or not _NAME_RE.match(name):
        raise StoreError(f"{name!r} is not a label, relationship type or property of the model")
    return f"`{name}`"


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


#: the full-text index behind find_nodes
SEARCH_INDEX = f"{_snake(BASE)}_search_keys"


def schema_statements() -> dict[str, str]:
    """Constraint and index statements by name, all derived from the model.

    >>> list(schema_statements())[:3]
    ['entity_id_unique', 'entity_name', 'entity_search_keys']
    """
    base = _q(BASE, [BASE])
    out = {
        f"{_snake(BASE)}_id_unique":
            f"CREATE CONSTRAINT {_snake(BASE)}_id_unique IF NOT EXISTS FOR (n:{base}) REQUIRE n.id IS UNIQUE",
        f"{_snake(BASE)}_name":
            f"CREATE INDEX {_snake(BASE)}_name IF NOT EXISTS FOR (n:{base}) ON (n.name)",
        SEARCH_INDEX:
            f"CREATE FULLTEXT INDEX {SEARCH_INDEX} IF NOT EXISTS FOR (n:{base}) ON EACH [n.search_keys]",
    }
    for label in MODEL.labels.values():  # `indexed: true` properties, on the label that declares them
        parent = MODEL.labels[label.parent].properties if label.parent else MODEL.node_properties
        for prop in label.properties.values():
            if prop.indexed and prop.name not in parent:
                name = f"{_snake(label.name)}_{_snake(prop.name)}"
                out[name] = (f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{_q(label.name, MODEL.labels)}) "
                             f"ON (n.{_q(prop.name, label.properties)})")
    for rel_type in MODEL.relationships:
        name = f"{_snake(rel_type)}_key_unique"
        out[name] = (f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR ()-[r:{_q(rel_type, MODEL.relationships)}]-() "
                     "REQUIRE r.key IS UNIQUE")
    return out


def _list_merges(var: str) -> list[str]:
    """The ordered-union update of every list property, each applied only when the row carries it.

    ``FOREACH`` over a one-element (or empty) list is Cypher 5's conditional
    update, so one statement serves rows with any mix of list properties and a
    property the row lacks is not touched.
    """
    out = []
    for prop in sorted(LIST_PROPS):
        p = _q(prop, LIST_PROPS)
        out.append(
            f"FOREACH (new IN CASE WHEN row.lists.{p} IS NULL THEN [] ELSE [row.lists.{p}] END | "
            f"SET {var}.{p} = coalesce({var}.{p}, []) + [x IN new WHERE NOT x IN coalesce({var}.{p}, [])])")
    return out


def _labels(label: str) -> str:
    """``:`Company`:`Party`:`Entity``` - a concrete label, its ancestors and the base label."""
    _q(label, CONCRETE)
    return ":" + ":".join([*(_q(lab, MODEL.labels) for lab in MODEL.ancestors(label)), _q(BASE, [BASE])])


@lru_cache(maxsize=None)
def node_statement(label: str) -> str:
    """The ``UNWIND`` merge of a batch of nodes with ``label`` into nodes that may exist."""
    return "\n".join([
        "UNWIND $rows AS row",
        f"MERGE (n:{_q(BASE, [BASE])} {{id: row.id}})",
        f"ON CREATE SET n{_labels(label)}",
        "SET n += row.scalars",
        *_list_merges("n"),
    ])


@lru_cache(maxsize=None)
def new_node_statement(label: str) -> str:
    """The ``UNWIND`` creation of nodes known not to exist yet: no merge work, no eager plan."""
    return f"UNWIND $rows AS row\nCREATE (n{_labels(label)})\nSET n = row.props"


_ENDS = "UNWIND $rows AS row\nMATCH (s:{base} {{id: row.src}})\nMATCH (d:{base} {{id: row.dst}})"


@lru_cache(maxsize=None)
def rel_statement(rel_type: str) -> str:
    """The ``UNWIND`` merge of relationships of ``rel_type``; returns how many rows found both ends."""
    return "\n".join([
        _ENDS.format(base=_q(BASE, [BASE])),
        f"MERGE (s)-[r:{_q(rel_type, MODEL.relationships)} {{key: row.key}}]->(d)",
        "SET r += row.scalars",
        *_list_merges("r"),
        "RETURN count(*) AS written",
    ])


@lru_cache(maxsize=None)
def new_rel_statement(rel_type: str) -> str:
    """The ``UNWIND`` creation of relationships known not to exist yet; returns how many found both ends."""
    return "\n".join([
        _ENDS.format(base=_q(BASE, [BASE])),
        f"CREATE (s)-[r:{_q(rel_type, MODEL.relationships)}]->(d)",
        "SET r = row.props",
        "RETURN count(*) AS written",
    ])


@lru_cache(maxsize=None)
def existing_statement(rel_type: str | None) -> str:
    """Which of ``$keys`` exist: node ids (``rel_type`` None) or relationship keys of ``rel_type``."""
    # USING INDEX SEEK, not just USING INDEX: re-planned as the graph grows, Neo4j has been
    # seen to pick a full index scan per key (quadratic; a minute for 25k relationships).
    if rel_type is None:
        base = _q(BASE, [BASE])
        return f"UNWIND $keys AS k MATCH (n:{base} {{id: k}}) USING INDEX SEEK n:{base}(id) RETURN k"
    t = _q(rel_type, MODEL.relationships)
    return f"UNWIND $keys AS k MATCH ()-[r:{t} {{key: k}}]->() USING INDEX SEEK r:{t}(key) RETURN k"


def _split(props: dict) -> tuple[dict, dict]:
    """Scalars (non-null only: nulls never overwrite) and list properties (merged by union)."""
    scalars, lists = {}, {}
    for name, value in props.items():
        if value is None:
            continue
        if name in LIST_PROPS:
            lists[name] = list(value)
        else:
            scalars[name] = value
    return scalars, lists


def _dedupe(records: list[dict], key: str) -> list[dict]:
    """Records merged by ``key`` in order, as the embedded store would apply them one by one."""
    out: dict[str, dict] = {}
    for rec in records:
        seen = out.get(rec[key])
        if seen is None:
            out[rec[key]] = dict(rec, props=dict(rec["props"]))
        else:
            seen["props"] = merge_props(seen["props"], rec["props"])
    return list(out.values())


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# -- values out of Neo4j ------------------------------------------------------
def to_python(value: Any) -> Any:
    """A Neo4j value as plain Python (JSON-friendly): nodes and relationships as
    property dicts (relationships as ``[start, type, end]``, as ``Record.data()``
    does), paths as alternating lists, temporal values as ISO strings, points as
    coordinate lists."""
    if isinstance(value, neo4j.graph.Node):
        return {k: to_python(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Relationship):
        return [to_python(value.start_node), value.type, to_python(value.end_node)]
    if isinstance(value, neo4j.graph.Path):
        out: list = [to_python(value.start_node)]
        for rel in value.relationships:
            out += [rel.type, to_python(rel.end_node)]
        return out
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_python(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, neo4j.spatial.Point):
        return list(value)
    return value


def _node(row: dict) -> dict:
    props = dict(row["props"])
    node_id = props.pop("id", row.get("id"))
    return {"id": node_id, "label": row["label"], "props": props}


# -- the store ----------------------------------------------------------------
def _split_uri(uri: str) -> tuple[str, str | None, str | None]:
    """``uri`` without user info, plus the user and password it carried (if any)."""
    parts = urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri, None, None
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    clean = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return clean, unquote(parts.username or "") or None, unquote(parts.password) if parts.password else None


class Neo4jStore(Store):
    """A :class:`~sanctions_kg.graph.store.Store` on a Neo4j 5 server (Community is enough; APOC is not needed).

    Parameters
    ----------
    driver:
        An open ``neo4j`` driver.
    uri:
        Where it points (shown in messages; never contains the password).
    database:
        The database to use (``neo4j`` on Community).
    batch_size:
        Rows per write transaction.
    user:
        For messages only.
    workers:
        Write transactions in flight at once (1: strictly one after the other).
    """

    kind = "neo4j"

    def __init__(self, driver: neo4j.Driver, uri: str, database: str = "neo4j",
                 batch_size: int = DEFAULT_BATCH_SIZE, user: str | None = None, workers: int = DEFAULT_WORKERS):
        if batch_size < 1:
            raise StoreError(f"batch size must be at least 1, got {batch_size}")
        self.workers = workers
        self.driver = driver
        self.uri = uri
        self.database = database
        self.batch_size = batch_size
        self.user = user
        self.location = f"{uri} (database {database})"

    @classmethod
    def from_uri(cls, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 workers: int = DEFAULT_WORKERS, ensure_schema: bool = True) -> "Neo4jStore":
        """Connect to ``uri``, check the server answers and the credentials work, create the schema.

        Credentials come from the arguments, else from the URI's user info, else
        from ``NEO4J_USER`` (default ``neo4j``) and ``NEO4J_PASSWORD``; the
        database from ``database`` or ``NEO4J_DATABASE`` (default ``neo4j``).
        Raises :class:`~sanctions_kg.errors.StoreError` with a message naming
        the URI (never the password) when the server is down or refuses the
        credentials.
        """
        clean, uri_user, uri_password = _split_uri(uri)
        user = user or uri_user or os.environ.get("NEO4J_USER") or "neo4j"
        if password is None:
            password = uri_password if uri_password is not None else os.environ.get("NEO4J_PASSWORD")
        database = database or os.environ.get("NEO4J_DATABASE") or "neo4j"
        try:
            driver = GraphDatabase.driver(
                clean, auth=(user, password) if password is not None else None,
                connection_timeout=CONNECT_TIMEOUT, notifications_min_severity="OFF",
                user_agent="sanctions-kg",
            )
        except (nx.ConfigurationError, ValueError) as exc:
            raise StoreError(f"bad Neo4j URI {clean!r}: {exc}") from None
        store = cls(driver, clean, database, batch_size, user, workers)
        try:
            with store._errors():
                driver.verify_connectivity()
            if ensure_schema:
                store.ensure_schema()
        except BaseException:
            driver.close()
            raise
        return store

    # -- plumbing -----------------------------------------------------
    @contextlib.contextmanager
    def _errors(self):
        """Turn driver exceptions into StoreError messages a user can act on."""
        try:
            yield
        except StoreError:
            raise
        except nx.AuthError:
            raise StoreError(
                f"Neo4j at {self.uri} rejected the credentials of user {self.user!r} "
                "(set NEO4J_USER and NEO4J_PASSWORD)") from None
        except (nx.ServiceUnavailable, nx.SessionExpired) as exc:
            raise StoreError(
                f"cannot reach Neo4j at {self.uri}: {exc} "
                "(is the server running? `skg neo4j start` runs a local one)") from None
        except nx.Neo4jError as exc:
            if exc.code == "Neo.ClientError.Statement.AccessMode":
                raise StoreError("the query writes, but ran in a read-only transaction "
                                 "(allow writes with `skg cypher --write`)") from None
            if exc.code and exc.code.startswith("Neo.ClientError.Database.DatabaseNotFound"):
                raise StoreError(f"Neo4j at {self.uri} has no database {self.database!r} "
                                 "(set NEO4J_DATABASE)") from None
            raise StoreError(f"Neo4j error ({exc.code}): {exc.message}") from None
        except nx.DriverError as exc:
            raise StoreError(f"Neo4j driver error talking to {self.uri}: {exc}") from None

    def _read(self, query: str, **params) -> list[dict]:
        """Run a read query and return its rows as dicts."""
        with self._errors():
            records = self.driver.execute_query(
                query, params, routing_=RoutingControl.READ, database_=self.database).records
        return [r.data() for r in records]

    def ensure_schema(self) -> list[str]:
        """Create the model's constraints and indexes that are missing; returns their names."""
        existing = {r["name"] for r in self._read("SHOW CONSTRAINTS YIELD name RETURN name")}
        existing |= {r["name"] for r in self._read("SHOW INDEXES YIELD name RETURN name")}
        created = []
        for name, statement in schema_statements().items():
            if name in existing:
                continue
            try:
                with self._errors():
                    self.driver.execute_query(statement, database_=self.database)
            except StoreError as exc:
                raise StoreError(f"cannot create {name} on Neo4j at {self.uri}: {exc}") from None
            created.append(name)
        if created:
            with self._errors():
                self.driver.execute_query("CALL db.awaitIndexes(300)", database_=self.database)
        return created

    # -- writes -------------------------------------------------------
    def upsert_nodes(self, nodes: list[dict]) -> None:
        self._upsert_all([_Batch("id", "label", c) for c in _chunks(_dedupe(nodes, "id"), self.batch_size)])

    def upsert_rels(self, rels: list[dict]) -> None:
        batches = [_Batch("key", "type", c) for c in _chunks(_dedupe(rels, "key"), self.batch_size)]
        try:
            self._upsert_all(batches)
        except _MissingEndpoints as exc:
            ends = {e for r in exc.args[0] for e in (r["src"], r["dst"])}
            missing = ends - self.has_nodes(ends)
            raise StoreError("relationships point at unknown nodes: " + ", ".join(sorted(missing)[:5])) from None

    def _upsert_all(self, batches: list["_Batch"]) -> None:
        """Write the batches, ``workers`` transactions at a time.

        The batches hold disjoint ids (or keys), so their order does not
        matter; running two at once lets the client encode one batch while the
        server executes and commits the other, which is most of the gain on a
        small machine. The first error is raised once the running batches end.
        """
        if self.workers <= 1 or len(batches) <= 1:
            for batch in batches:
                self._upsert(batch)
            return
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="skg-neo4j") as pool:
            futures = [pool.submit(self._upsert, batch) for batch in batches]
            errors = [f.exception() for f in futures]
        for exc in errors:
            if exc is not None:
                raise exc

    def _upsert(self, batch: "_Batch") -> None:
        """One transaction for the batch: create what is new, merge into what exists.

        Another writer may create one of the "new" records between the check
        and the create; the uniqueness constraint then refuses the create and
        the batch is redone with merges only.
        """
        with self._errors(), self.driver.session(database=self.database) as session:
            try:
                try:
                    session.execute_write(_upsert_tx, batch, True)
                except nx.ConstraintError:
                    session.execute_write(_upsert_tx, batch, False)
            except _MissingEndpoints:
                raise _MissingEndpoints(batch.records) from None

    # -- reads --------------------------------------------------------
    def get_node(self, node_id: str) -> dict | None:
        rows = self._read(
            f"MATCH (n:{_q(BASE, [BASE])} {{id: $id}}) "
            "RETURN [l IN labels(n) WHERE l IN $concrete][0] AS label, properties(n) AS props",
            id=node_id, concrete=CONCRETE)
        return _node(rows[0]) if rows else None

    def has_nodes(self, ids: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(ids))
        found: set[str] = set()
        for chunk in _chunks(ids, PAGE_SIZE):
            found |= {r["id"] for r in self._read(
                f"UNWIND $ids AS i MATCH (n:{_q(BASE, [BASE])} {{id: i}}) RETURN n.id AS id", ids=chunk)}
        return found

    def iter_nodes(self, label: str | None = None) -> Iterator[dict]:
        """Nodes in id order, a page at a time (a range seek on the id index gives the order).

        The index hints keep a page a seek whatever plan statistics suggest (see
        :func:`existing_statement`).
        """
        if label is not None and label not in MODEL.labels:
            return
        after = ""
        while True:
            rows = self._read(
                f"MATCH (n:{_q(BASE, [BASE])}) USING INDEX SEEK n:{_q(BASE, [BASE])}(id) WHERE n.id > $after AND ($label IS NULL OR $label IN labels(n)) "
                "RETURN n.id AS id, [l IN labels(n) WHERE l IN $concrete][0] AS label, properties(n) AS props "
                "ORDER BY n.id LIMIT $page",
                after=after, label=label, concrete=CONCRETE, page=PAGE_SIZE)
            for row in rows:
                yield _node(row)
            if len(rows) < PAGE_SIZE:
                return
            after = rows[-1]["id"]

    def iter_rels(self, rel_type: str | None = None) -> Iterator[dict]:
        """Relationships type by type, in key order, a page at a time (the key index gives the order)."""
        types = [rel_type] if rel_type else list(MODEL.relationships)
        for t in types:
            if t not in MODEL.relationships:
                continue
            after = ""
            while True:
                rows = self._read(
                    f"MATCH (s)-[r:{_q(t, MODEL.relationships)}]->(d) USING INDEX SEEK r:{_q(t, MODEL.relationships)}(key) "
                    "WHERE r.key > $after "
                    "RETURN r.key AS key, s.id AS src, d.id AS dst, properties(r) AS props "
                    "ORDER BY r.key LIMIT $page", after=after, page=PAGE_SIZE)
                for row in rows:
                    yield _rel(t, row)
                if len(rows) < PAGE_SIZE:
                    break
                after = rows[-1]["key"]

    def rels_between(self, pairs: Iterable[tuple[str, str]], rel_type: str) -> list[dict]:
        """:meth:`Store.rels_between` by id-index seeks, a page of pairs per query."""
        t, base = _q(rel_type, MODEL.relationships), _q(BASE, [BASE])
        out = []
        for chunk in _chunks([list(p) for p in dict.fromkeys(pairs)], PAGE_SIZE):
            # seek the party and expand its few relationships: left to itself the planner may
            # start from the list, whose thousands of in-edges it then scans for every pair
            rows = self._read(
                f"UNWIND $pairs AS p MATCH (s:{base} {{id: p[0]}}) USING INDEX SEEK s:{base}(id) "
                f"MATCH (s)-[r:{t}]->(d) WHERE d.id = p[1] "
                "RETURN r.key AS key, s.id AS src, d.id AS dst, properties(r) AS props ORDER BY key", pairs=chunk)
            out += [_rel(rel_type, row) for row in rows]
        return out

    def delete_rels(self, rels: list[dict]) -> None:
        by_type: dict[str, list[str]] = {}
        for r in rels:
            by_type.setdefault(r["type"], []).append(r["key"])
        with self._errors(), self.driver.session(database=self.database) as session:
            for rel_type, keys in by_type.items():
                t = _q(rel_type, MODEL.relationships)
                for chunk in _chunks(keys, self.batch_size):
                    session.execute_write(lambda tx, ks: tx.run(
                        f"UNWIND $keys AS k MATCH ()-[r:{t} {{key: k}}]->() DELETE r", keys=ks).consume(), chunk)

    def stats(self) -> dict:
        """Counts per concrete label and per relationship type, read from Neo4j's count store."""
        parts = [f"MATCH (n:{_q(lab, CONCRETE)}) RETURN 'node' AS kind, '{lab}' AS name, count(n) AS n"
                 for lab in CONCRETE]
        parts += [f"MATCH ()-[r:{_q(t, MODEL.relationships)}]->() "
                  f"RETURN 'rel' AS kind, '{t}' AS name, count(r) AS n" for t in MODEL.relationships]
        rows = self._read("\nUNION ALL\n".join(parts))
        nodes = {r["name"]: r["n"] for r in rows if r["kind"] == "node" and r["n"]}
        rels = {r["name"]: r["n"] for r in rows if r["kind"] == "rel" and r["n"]}
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def _find_by_key(self, key: str, wanted: set[str] | None) -> list[dict]:
        """:meth:`Store.find_nodes`'s rule, with the full-text index finding the candidates.

        The index proposes every node with the words of the name as a phrase in a
        search key; Cypher then keeps exact key matches or, failing those,
        whole-word containment - the same test as the generic implementation.
        """
        wanted = sorted(wanted) if wanted else None
        phrase = '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
        rows = self._read(
            "CALL db.index.fulltext.queryNodes($index, $phrase) YIELD node AS n "
            "WITH n, [l IN labels(n) WHERE l IN $concrete][0] AS label "
            "WHERE $wanted IS NULL OR label IN $wanted "
            "WITH n, label, $key IN n.search_keys AS exact "
            "WHERE exact OR any(k IN n.search_keys WHERE ' ' + k + ' ' CONTAINS $padded) "
            "RETURN n.id AS id, label, properties(n) AS props, exact ORDER BY id",
            index=SEARCH_INDEX, phrase=phrase, concrete=CONCRETE, wanted=wanted, key=key, padded=f" {key} ")
        exact = [r for r in rows if r["exact"]]
        return [_node(r) for r in (exact or rows)]

    def run_cypher(self, query: str, params: dict | None = None, write: bool = False) -> list[dict]:
        """Run Cypher and return rows as plain dicts (see :func:`to_python`).

        Read-only unless ``write``: the transaction is opened in READ access
        mode, so the server refuses any write.
        """
        work = _collect
        with self._errors(), self.driver.session(database=self.database) as session:
            if write:
                return session.execute_write(work, query, params or {})
            return session.execute_read(work, query, params or {})

    def clear(self) -> None:
        """Delete every node and relationship of the database (the schema stays)."""
        with self._errors(), self.driver.session(database=self.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def close(self) -> None:
        self.driver.close()


def _rel(rel_type: str, row: dict) -> dict:
    """A relationship record from a ``key, src, dst, props`` row (``key`` is held apart from props)."""
    props = dict(row["props"])
    props.pop("key", None)
    return {"type": rel_type, "src": row["src"], "dst": row["dst"], "key": row["key"], "props": props}


class _MissingEndpoints(Exception):
    """Raised inside a write transaction to roll it back when a relationship has no endpoint."""


class _Batch:
    """One chunk of node records (``id``/``label``) or relationship records (``key``/``type``)."""

    def __init__(self, identity: str, kind: str, records: list[dict]):
        self.identity, self.kind, self.records = identity, kind, records
        self.rels = identity == "key"

    def groups(self) -> dict[str, list[dict]]:
        """Records by label or relationship type: one statement each (names cannot be parameters)."""
        out: dict[str, list[dict]] = {}
        for rec in self.records:
            out.setdefault(rec[self.kind], []).append(rec)
        return out

    def row(self, rec: dict, new: bool) -> dict:
        """The parameter row: the whole property map for a creation, scalars and lists for a merge."""
        ident = {"src": rec["src"], "dst": rec["dst"]} if self.rels else {}
        if new:
            props = {k: v for k, v in rec["props"].items() if v is not None}
            props[self.identity] = rec[self.identity]
            return dict(ident, props=props)
        scalars, lists = _split(rec["props"])
        return dict(ident, **{self.identity: rec[self.identity]}, scalars=scalars, lists=lists)

    def statement(self, name: str, new: bool) -> str:
        if self.rels:
            return new_rel_statement(name) if new else rel_statement(name)
        return new_node_statement(name) if new else node_statement(name)


def _upsert_tx(tx, batch: _Batch, fast: bool) -> None:
    """The body of one write transaction (see :meth:`Neo4jStore._upsert`)."""
    for name, records in batch.groups().items():
        if fast:
            keys = [r[batch.identity] for r in records]
            existing = {rec["k"] for rec in tx.run(existing_statement(name if batch.rels else None), keys=keys)}
            parts = {True: [r for r in records if r[batch.identity] not in existing],
                     False: [r for r in records if r[batch.identity] in existing]}
        else:
            parts = {True: [], False: records}
        for new, part in parts.items():
            if not part:
                continue
            rows = [batch.row(r, new) for r in part]
            result = tx.run(batch.statement(name, new), rows=rows)
            if batch.rels:
                if result.single(strict=True)["written"] != len(rows):
                    raise _MissingEndpoints()
            else:
                result.consume()


def _collect(tx, query: str, params: dict) -> list[dict]:
    result = tx.run(query, params)
    return [{k: to_python(v) for k, v in zip(result.keys(), record.values())} for record in result]
