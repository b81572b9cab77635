"""Shared fixtures: the ../shared data folder, fresh stores, the CLI runner.

The real Neo4j fixtures live in ``neo4j_support.py`` (loaded as a plugin);
they start a local server from Maven Central artifacts, and fail rather than
skip under CI (``CI`` set) or with ``SKG_REQUIRE_NEO4J=1``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

pytest_plugins = ["neo4j_support"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SKG_SHARED", ROOT.parent / "shared"))


def require_or_skip(reason: str) -> None:
    """Skip outside CI; fail under CI, where every test must run."""
    if os.environ.get("CI"):
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder with the real lists and corpus."""
    if not (SHARED / "data" / "lists").is_dir():
        require_or_skip(f"the real data folder {SHARED} is absent (set SKG_SHARED to its path)")
    return SHARED


@pytest.fixture
def store(tmp_path):
    """An empty embedded store backed by a temp file."""
    from sanctions_kg.graph.embedded import EmbeddedStore

    return EmbeddedStore(tmp_path / "store.json")


@pytest.fixture
def skg_env(tmp_path, monkeypatch):
    """Environment for CLI tests: a private store location."""
    monkeypatch.setenv("SKG_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SKG_STORE", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    return tmp_path


@pytest.fixture
def run_cli(skg_env):
    """Run ``skg`` in-process; returns the click Result."""
    from click.testing import CliRunner

    from sanctions_kg.cli import cli

    runner = CliRunner()

    def run(*args, ok=True):
        result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
        if ok and result.exit_code != 0:
            raise AssertionError(f"skg {' '.join(map(str, args))} failed ({result.exit_code}):\n{result.output}")
        return result

    return run
