"""The local Neo4j server (graph/neo4j_server.py) and its test fixtures.

Tests marked ``neo4j`` use the real server of the ``neo4j_server`` fixture
(tests/neo4j_support.py); the rest check configuration, Java detection and
failure paths without starting anything.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from neo4j_support import TEST_SERVER_CONFIG, clean_database
from sanctions_kg.errors import SkgError
from sanctions_kg.graph import neo4j_server as ns
from sanctions_kg.graph.neo4j_server import (
    JavaNotFoundError,
    Neo4jServer,
    Neo4jServerError,
    ServerStartError,
    neo4j_admin,
    new_password,
)


def needs_home(server):
    if server.home is None:
        pytest.skip("NEO4J_URI points at an external server: no local home to inspect")


def test_a_new_password_never_reads_as_an_option():
    # neo4j-admin takes an argument starting with "-" for an option; a urlsafe token does so
    # once in 64 draws, which failed a CI run
    drawn = [new_password() for _ in range(2000)]
    assert not [p for p in drawn if p.startswith("-")]
    assert all(len(p) >= 24 for p in drawn) and len(set(drawn)) == len(drawn)


# -- the running server ----------------------------------------------------------
@pytest.mark.neo4j
def test_return_1(neo4j_server):
    with neo4j_server.driver() as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("RETURN 1 AS x", database_=neo4j_server.database)
    assert records[0]["x"] == 1


@pytest.mark.neo4j
def test_apoc_is_installed_and_unrestricted(neo4j_server):
    with neo4j_server.driver() as driver:
        version = driver.execute_query("RETURN apoc.version() AS v", database_=neo4j_server.database).records[0]["v"]
        # a procedure from apoc-core that needs apoc-common's classes and runs a nested transaction
        batches = driver.execute_query(
            "CALL apoc.periodic.iterate('UNWIND range(1, 50) AS i RETURN i', 'CREATE (:ApocProbe {i: i})', "
            "{batchSize: 10}) YIELD batches RETURN batches", database_=neo4j_server.database,
        ).records[0]["batches"]
        driver.execute_query("MATCH (n:ApocProbe) DELETE n", database_=neo4j_server.database)
    assert version.startswith("5.")
    assert batches == 5
    if neo4j_server.home is not None:
        assert version == ns.APOC_VERSION


@pytest.mark.neo4j
def test_password_is_generated_and_a_wrong_one_is_rejected(neo4j_server):
    assert neo4j_server.password not in ("", "neo4j", "password", "changeme")
    if neo4j_server.home is not None:
        assert len(neo4j_server.password) >= 24
    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, "Wr0ng-" + neo4j_server.password[:4])) as bad:
        with pytest.raises(AuthError):
            bad.verify_connectivity()
    with neo4j_server.driver() as driver:  # the right one still works afterwards
        driver.verify_connectivity()


@pytest.mark.neo4j
def test_status_reports_the_running_server(neo4j_server):
    needs_home(neo4j_server)
    st = Neo4jServer(neo4j_server.home).status()
    assert st.running and st.pid
    assert st.uri == neo4j_server.uri
    assert st.home == Path(neo4j_server.home).resolve()
    assert st.version == ns.NEO4J_VERSION
    assert "password" not in st.to_dict()
    # the state file holds the password, so only its owner may read it
    state = Path(neo4j_server.home) / ns.STATE_FILE
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert json.loads(state.read_text())["password"] == neo4j_server.password


@pytest.mark.neo4j
def test_server_listens_on_loopback_only(neo4j_server):
    needs_home(neo4j_server)
    conf = (Path(neo4j_server.home) / "conf" / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert neo4j_server.uri.startswith("bolt://127.0.0.1:")


@pytest.mark.neo4j
def test_start_again_reuses_the_running_server(neo4j_server):
    needs_home(neo4j_server)
    info = Neo4jServer(neo4j_server.home).start()
    assert info.already_running
    assert (info.uri, info.password) == (neo4j_server.uri, neo4j_server.password)


@pytest.mark.neo4j
def test_neo4j_admin_import_full_help(neo4j_server):
    needs_home(neo4j_server)
    proc = neo4j_admin(neo4j_server.home, "database", "import", "full", "--help")
    assert proc.returncode == 0
    out = proc.stdout + proc.stderr
    assert "USAGE" in out and "neo4j-admin database import full" in out and "--nodes" in out


@pytest.mark.neo4j
def test_neo4j_admin_reports_failure(neo4j_server):
    needs_home(neo4j_server)
    with pytest.raises(ns.Neo4jAdminError) as err:
        neo4j_admin(neo4j_server.home, "database", "no-such-command")
    assert err.value.returncode != 0
    assert neo4j_admin(neo4j_server.home, "database", "no-such-command", check=False).returncode != 0


@pytest.mark.neo4j
def test_clean_deletes_data_but_keeps_schema(neo4j_clean):
    server = neo4j_clean
    db = server.database
    with server.driver() as driver:
        driver.execute_query("CREATE CONSTRAINT skg_test_probe IF NOT EXISTS FOR (n:SkgProbe) REQUIRE n.id IS UNIQUE",
                             database_=db)
        try:
            driver.execute_query("UNWIND range(1, 25) AS i CREATE (:SkgProbe {id: i})-[:NEXT]->(:SkgProbe {id: -i})",
                                 database_=db)
            assert clean_database(server, batch=7) == 50
            count = driver.execute_query("MATCH (n) RETURN count(n) AS c", database_=db).records[0]["c"]
            names = [r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=db).records]
            assert count == 0
            assert "skg_test_probe" in names
        finally:
            driver.execute_query("DROP CONSTRAINT skg_test_probe IF EXISTS", database_=db)


@pytest.mark.neo4j
def test_a_server_that_cannot_start_fails_with_its_log(neo4j_server, tmp_path):
    """A JVM that dies at start-up (here: its HTTP port is taken) gives ServerStartError with the log tail."""
    needs_home(neo4j_server)  # uses the already provisioned cache
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        # the override replaces the generated listen address, so it slips past the port pre-check
        server = Neo4jServer(tmp_path / "bad", heap="256m", pagecache="64m",
                             extra_config={**TEST_SERVER_CONFIG, "server.http.listen_address": f"127.0.0.1:{port}"})
        with pytest.raises(ServerStartError) as err:
            server.start(timeout=120)
    message = str(err.value)
    assert "exited with status" in message
    assert "last lines of the server log" in message and str(port) in message
    assert not server.status().running
    assert server.stop() is False


def test_a_config_neo4j_rejects_is_reported_before_the_server_runs(tmp_path):
    """Strict config validation: neo4j-admin (setting the password) already refuses the file."""
    try:
        ns.find_java()
    except JavaNotFoundError as exc:
        pytest.skip(str(exc))
    if not ns.distribution().is_provisioned():
        pytest.skip("Neo4j is not provisioned in the cache yet")
    server = Neo4jServer(tmp_path / "typo", extra_config={"server.no_such_setting": "1"})
    with pytest.raises(ns.Neo4jAdminError, match="server.no_such_setting"):
        server.start(timeout=60)
    assert not server.status().running


# -- no server needed ------------------------------------------------------------
def test_errors_are_project_errors():
    assert issubclass(Neo4jServerError, SkgError)
    for cls in (JavaNotFoundError, ns.MavenNotFoundError, ns.ProvisioningError, ServerStartError, ns.Neo4jAdminError):
        assert issubclass(cls, Neo4jServerError)


def test_config_is_loopback_with_apoc_and_small_memory(tmp_path):
    dist = ns.distribution(cache=tmp_path / "cache")
    conf = ns.render_config(tmp_path / "home", dist, bolt_port=17687, http_port=17474,
                            heap="768m", pagecache="300m",
                            extra={"db.logs.query.enabled": "OFF", "server.memory.pagecache.size": "333m"})
    lines = conf.splitlines()
    assert "server.default_listen_address=127.0.0.1" in lines
    assert "server.bolt.listen_address=127.0.0.1:17687" in lines
    assert "server.http.listen_address=127.0.0.1:17474" in lines
    assert "server.https.enabled=false" in lines
    assert "server.memory.heap.initial_size=768m" in lines and "server.memory.heap.max_size=768m" in lines
    assert "server.memory.pagecache.size=333m" in lines  # an extra setting replaces the generated one
    assert not any(ln.startswith("server.memory.pagecache.size=300m") for ln in lines)
    assert "dbms.usage_report.enabled=false" in lines
    assert "dbms.security.procedures.unrestricted=apoc.*" in lines
    assert "dbms.security.auth_enabled=true" in lines
    assert f"server.directories.lib={dist.lib}" in lines
    assert "server.jvm.additional=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" in lines
    assert lines[-1] == "db.logs.query.enabled=OFF"
    assert not [ln for ln in lines if "password" in ln.lower() and not ln.startswith("#")]


def _fake_jdk(root: Path, name: str, version: str) -> Path:
    home = root / name
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    java.write_text("#!/bin/sh\nexit 0\n")
    java.chmod(0o755)
    (home / "release").write_text(f'JAVA_VERSION="{version}"\n')
    return home


def test_find_java_skips_unsupported_versions(tmp_path, monkeypatch):
    jdk25 = _fake_jdk(tmp_path, "jdk25", "25.0.1")
    jdk21 = _fake_jdk(tmp_path, "jdk21", "21.0.4")
    monkeypatch.delenv("SKG_JAVA_HOME", raising=False)
    monkeypatch.setenv("JAVA_HOME", str(jdk25))
    found = ns.find_java(java_home=jdk21)
    assert (found.home, found.major) == (jdk21, 21)
    monkeypatch.setenv("JAVA_HOME", str(jdk25))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    real_is_dir = Path.is_dir

    def no_system_jvms(self):
        return False if str(self) == "/usr/lib/jvm" else real_is_dir(self)

    monkeypatch.setattr(Path, "is_dir", no_system_jvms)
    with pytest.raises(JavaNotFoundError) as err:
        ns.find_java()
    assert "Java 25" in str(err.value) and "17 or 21" in str(err.value)


def test_find_java_on_this_machine_is_supported():
    try:
        java = ns.find_java()
    except JavaNotFoundError as exc:
        pytest.skip(str(exc))
    assert java.major in (17, 21)
    out = subprocess.run([str(java.java), "-version"], capture_output=True, text=True)
    assert out.returncode == 0


def test_bad_sizes_and_busy_ports_fail_before_anything_starts(tmp_path):
    with pytest.raises(Neo4jServerError, match="heap"):
        Neo4jServer(tmp_path / "h1", heap="lots").prepare()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        with pytest.raises(Neo4jServerError, match=f"port {busy}"):
            Neo4jServer(tmp_path / "h2", bolt_port=busy).start()
    assert not (tmp_path / "h2" / ns.STATE_FILE).exists()


def test_status_and_stop_of_a_home_that_never_ran(tmp_path):
    server = Neo4jServer(tmp_path / "nothing")
    st = server.status()
    assert not st.running and st.pid is None and st.uri is None
    assert server.stop() is False


def test_a_stale_pid_is_not_taken_for_the_server(tmp_path):
    home = tmp_path / "stale"
    home.mkdir()
    # our own pid is alive but is not this home's Neo4j JVM
    (home / ns.STATE_FILE).write_text(json.dumps({"pid": os.getpid(), "uri": "bolt://127.0.0.1:1", "version": "x"}))
    server = Neo4jServer(home)
    assert not server.status().running
    assert server.stop() is False  # and it must not signal us
    assert json.loads((home / ns.STATE_FILE).read_text())["pid"] is None


def test_interrupted_provisioning_is_not_taken_as_complete(tmp_path):
    dist = ns.distribution(cache=tmp_path)
    (dist.lib).mkdir(parents=True)
    (dist.lib / f"neo4j-{ns.NEO4J_VERSION}.jar").write_bytes(b"")
    (dist.plugins).mkdir()
    (dist.plugins / f"apoc-core-{ns.APOC_VERSION}.jar").write_bytes(b"")
    assert not dist.is_provisioned()  # no marker: the run that copied these may have died half-way
    dist.marker.write_text(json.dumps({"neo4j_version": ns.NEO4J_VERSION, "apoc_version": ns.APOC_VERSION}))
    assert dist.is_provisioned()
    dist.marker.write_text(json.dumps({"neo4j_version": ns.NEO4J_VERSION, "apoc_version": "5.26.0"}))
    assert not dist.is_provisioned()  # another APOC was asked for
