"""``skg neo4j start|stop|status``: a local Neo4j 5.26 server for sanctions-kg.

The server is provisioned from Maven Central on first use and runs from a
home directory of its own (see :mod:`sanctions_kg.graph.neo4j_server` for why
and how). ``start`` prints how to connect; its standard output is only the
``export`` line, so ``eval "$(skg neo4j start)"`` sets NEO4J_URI, NEO4J_USER,
NEO4J_PASSWORD and NEO4J_DATABASE in the calling shell while the human-readable
details go to standard error.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import click
from rich.console import Console

from sanctions_kg.graph.neo4j_server import (
    DEFAULT_HEAP,
    DEFAULT_PAGECACHE,
    DEFAULT_START_TIMEOUT,
    DEFAULT_STOP_TIMEOUT,
    NEO4J_VERSION,
    Neo4jServer,
    Neo4jServerError,
)

#: progress and details go to stderr so stdout stays machine-readable
_err = Console(stderr=True)

_home_option = click.option(
    "--home", type=click.Path(file_okay=False, path_type=Path),
    help="The server's home directory (conf, data, logs, state). Default: $SKG_NEO4J_HOME, "
         "else $SKG_HOME/neo4j-server, else ~/.local/share/sanctions-kg/neo4j-server.",
)


@click.group("neo4j")
def neo4j_group() -> None:
    """Run a local Neo4j 5.26 Community server (with APOC) for skg.

    The first start downloads Neo4j and APOC from Maven Central into
    ~/.cache/sanctions-kg (or $SKG_CACHE); it needs Java 17 or 21 and, that
    first time, Maven. Later starts take about 10-25 s.
    """


@neo4j_group.command("start")
@_home_option
@click.option("--bolt-port", type=click.IntRange(1, 65535), help="Bolt port on 127.0.0.1 (default: the previous one, else a free one).")
@click.option("--http-port", type=click.IntRange(1, 65535), help="HTTP port on 127.0.0.1 (default: the previous one, else a free one).")
@click.option("--heap", default=DEFAULT_HEAP, show_default=True, envvar="SKG_NEO4J_HEAP",
              help="JVM heap (initial = max), e.g. 512m, 2g.")
@click.option("--pagecache", default=DEFAULT_PAGECACHE, show_default=True, envvar="SKG_NEO4J_PAGECACHE",
              help="Page cache size, e.g. 256m, 1g.")
@click.option("--timeout", type=click.FloatRange(min=1), default=DEFAULT_START_TIMEOUT, show_default=True,
              help="Seconds to wait for the server to answer queries.")
def start_cmd(home: Path | None, bolt_port: int | None, http_port: int | None, heap: str, pagecache: str,
              timeout: float) -> None:
    """Start the server (or show the one already running) and print how to connect.

    Standard output gets one `export NEO4J_URI=... NEO4J_USER=... NEO4J_PASSWORD=...
    NEO4J_DATABASE=...` line, so `eval "$(skg neo4j start)"` configures the shell.
    """
    server = Neo4jServer(home, bolt_port=bolt_port, http_port=http_port, heap=heap, pagecache=pagecache)
    try:
        with _err.status(f"Starting Neo4j {NEO4J_VERSION}...") as spinner:
            info = server.start(timeout=timeout, progress=lambda msg: spinner.update(msg))
    except Neo4jServerError as exc:
        raise click.ClickException(str(exc)) from None
    if info.already_running:
        _err.print(f"Neo4j {info.version} is already running (pid {info.pid}).")
    else:
        _err.print(f"Neo4j {info.version} started in {info.startup_seconds:.1f} s (pid {info.pid}).")
    _err.print(f"  Bolt URI:  {info.uri}", highlight=False)
    _err.print(f"  HTTP:      {info.http_uri}", highlight=False)
    _err.print(f"  User:      {info.user}", highlight=False)
    _err.print(f"  Password:  {info.password}", highlight=False)
    _err.print(f"  Database:  {info.database}", highlight=False)
    _err.print(f"  Home:      {info.home}  (logs in {info.home / 'logs'})", highlight=False)
    _err.print("Use it with:", highlight=False)
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in info.env().items())
    click.echo(f"export {exports}")


@neo4j_group.command("stop")
@_home_option
@click.option("--timeout", type=click.FloatRange(min=1), default=DEFAULT_STOP_TIMEOUT, show_default=True,
              help="Seconds to wait for a clean shutdown before killing the JVM.")
def stop_cmd(home: Path | None, timeout: float) -> None:
    """Stop the server cleanly (SIGTERM, then SIGKILL after --timeout)."""
    server = Neo4jServer(home)
    pid = server.status().pid
    try:
        with _err.status("Stopping Neo4j..."):
            stopped = server.stop(timeout=timeout)
    except Neo4jServerError as exc:
        raise click.ClickException(str(exc)) from None
    if stopped:
        click.echo(f"Neo4j stopped (pid {pid}, home {server.home}).")
    else:
        click.echo(f"Neo4j is not running (home {server.home}).")


@neo4j_group.command("status")
@_home_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
def status_cmd(home: Path | None, fmt: str) -> None:
    """Show whether the server runs, with its pid, URIs, home and version.

    The password is not shown; `skg neo4j start` prints it again when the server
    already runs, and it is in <home>/server.json (readable only by you).
    """
    try:
        st = Neo4jServer(home).status()
    except Neo4jServerError as exc:
        raise click.ClickException(str(exc)) from None
    data = st.to_dict()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    width = max(len(k) for k in data)
    for key, value in data.items():
        if key == "running":
            value = "yes" if value else "no"
        click.echo(f"{key.ljust(width)}  {'' if value is None else value}")


#: picked up by sanctions_kg.cli (COMMAND_MODULES)
COMMANDS = [neo4j_group]

__all__ = ["neo4j_group", "COMMANDS"]
