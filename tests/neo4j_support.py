"""pytest plugin: a real Neo4j server for the tests marked ``neo4j``.

Load it with ``pytest_plugins = ["neo4j_support"]`` (tests/ on ``sys.path``)
or ``-p neo4j_support``. It provides:

``neo4j_server`` (session)
    A :class:`Neo4jTestServer` with ``uri``, ``user``, ``password``,
    ``database`` and ``home``. When ``NEO4J_URI`` is set, that server is used
    (credentials from ``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DATABASE``;
    ``home`` is None). Otherwise a fresh local server is started in a
    temporary home from the Maven-provisioned cache
    (:mod:`sanctions_kg.graph.neo4j_server`) and stopped at the end of the
    session.

``neo4j_clean`` (function)
    The same object, after deleting every node and relationship. Constraints
    and indexes are kept: the code under test creates them idempotently, and
    dropping them would make every test pay for re-creating them.

Without Java 17/21 (or without Maven before the first provisioning) the
fixtures skip with the reason, except under CI (``CI`` set) or with
``SKG_REQUIRE_NEO4J=1``, where they fail: there every test must really run.
A server that is there but fails to start always fails the test, with the
server log's tail in the message.

Tuning: ``SKG_NEO4J_HEAP`` (default 512m), ``SKG_NEO4J_PAGECACHE`` (256m),
``SKG_NEO4J_START_TIMEOUT`` (seconds, default 180: a loaded 2-core CI box is
slower than a laptop).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

#: settings for the throw-away test server only:
#: - tests deliberately try wrong passwords, and Neo4j's default (lock the user
#:   for 5 s after 3 failures) would make the tests that follow fail at random;
#: - Bolt's Netty shutdown otherwise waits two 5 s quiet periods, which makes
#:   every session's teardown ~10 s longer (an internal 5.x setting; it changes
#:   nothing about how queries run).
TEST_SERVER_CONFIG = {
    "dbms.security.auth_max_failed_attempts": "0",
    "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
}


@dataclass(frozen=True)
class Neo4jTestServer:
    """How the tests reach the server."""

    uri: str
    user: str
    password: str
    database: str = "neo4j"
    #: the server home for neo4j-admin and status(); None for an external server (NEO4J_URI)
    home: Path | None = None

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)

    def driver(self, **kwargs):
        """A new neo4j driver for this server (close it, or use ``with``)."""
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **kwargs)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no", "off")


def neo4j_required() -> bool:
    """True when a missing Neo4j must fail the tests instead of skipping them."""
    return _truthy(os.environ.get("CI")) or os.environ.get("SKG_REQUIRE_NEO4J") == "1"


def _unavailable(reason: str):
    if neo4j_required():
        pytest.fail(f"Neo4j is required here (CI or SKG_REQUIRE_NEO4J=1) but unavailable: {reason}", pytrace=False)
    pytest.skip(f"no Neo4j server: {reason} (set NEO4J_URI to use an existing server)")


def clean_database(server: Neo4jTestServer, batch: int = 10_000) -> int:
    """Delete every node and relationship (in batches, so a large graph cannot exhaust the heap).

    Schema (constraints, indexes) is left alone. Returns the number of nodes deleted.
    """
    total = 0
    with server.driver() as driver:
        while True:
            records, _, _ = driver.execute_query(
                "MATCH (n) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS deleted",
                batch=batch, database_=server.database,
            )
            deleted = records[0]["deleted"]
            total += deleted
            if deleted < batch:
                return total


def pytest_configure(config):
    config.addinivalue_line("markers", "neo4j: needs a real Neo4j server (started by the test set-up)")


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A running Neo4j server for the whole session (see the module docstring)."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield Neo4jTestServer(
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
            home=None,
        )
        return

    from sanctions_kg.graph.neo4j_server import (
        JavaNotFoundError,
        MavenNotFoundError,
        Neo4jServer,
        Neo4jServerError,
    )

    home = tmp_path_factory.mktemp("neo4j-server")
    server = Neo4jServer(
        home,
        heap=os.environ.get("SKG_NEO4J_HEAP", "512m"),
        pagecache=os.environ.get("SKG_NEO4J_PAGECACHE", "256m"),
        extra_config=TEST_SERVER_CONFIG,
    )
    try:
        server.check_requirements()
    except (JavaNotFoundError, MavenNotFoundError) as exc:
        _unavailable(str(exc))
    try:
        info = server.start(timeout=float(os.environ.get("SKG_NEO4J_START_TIMEOUT", "180")))
    except Neo4jServerError as exc:
        pytest.fail(f"the local Neo4j server did not start: {exc}", pytrace=False)
    try:
        yield Neo4jTestServer(uri=info.uri, user=info.user, password=info.password,
                              database=info.database, home=info.home)
    finally:
        server.stop()


@pytest.fixture
def neo4j_clean(neo4j_server):
    """``neo4j_server`` with an empty graph (all nodes and relationships deleted, schema kept)."""
    clean_database(neo4j_server)
    return neo4j_server
