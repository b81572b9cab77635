"""The skg command line, end to end on the bundled demo corpus."""

import json
import subprocess
import sys

import pytest

from sanctions_kg.loaders.reference import REFERENCE_PATH


def stats(run_cli):
    return json.loads(run_cli("stats", "--format", "json").stdout)


def test_help_lists_the_commands(run_cli):
    out = run_cli("--help").stdout
    for cmd in ["load", "query", "queries", "stats", "demo", "viz"]:
        assert cmd in out


def test_load_twice_gives_identical_stats(run_cli):
    run_cli("load", REFERENCE_PATH)
    first = stats(run_cli)
    assert first["nodes"]["SanctionList"] >= 10
    run_cli("load", REFERENCE_PATH)
    assert stats(run_cli) == first


def test_user_errors_are_one_line_not_tracebacks(run_cli, tmp_path):
    bad = tmp_path / "garbage.bin"
    bad.write_bytes(b"\x00\xff" * 10)
    result = run_cli("load", bad, ok=False)
    assert result.exit_code == 1
    assert "garbage.bin" in result.output and "Traceback" not in result.output
    run_cli("load", REFERENCE_PATH)
    result = run_cli("query", "exposure", "--param", "entity=no such company", ok=False)
    assert result.exit_code == 1 and "no entity named" in result.output
    result = run_cli("query", "nosuchquery", ok=False)
    assert "available:" in result.output
    result = run_cli("query", "exposure", "--param", "entity", ok=False)
    assert result.exit_code == 2 and "key=value" in result.output


def test_query_help_comes_from_the_file_header(run_cli):
    out = run_cli("query", "neighbourhood", "--help").stdout
    assert "depth (int (1-5), default '2')" in out and "neighbourhood.cypher" in out


def test_ambiguous_names_list_candidates(run_cli):
    run_cli("load", REFERENCE_PATH)
    # "department" is a word in several agency names
    result = run_cli("query", "neighbourhood", "--param", "entity=department", ok=False)
    assert "ambiguous" in result.output and "agency:us-treasury" in result.output


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """Run `skg demo` once, as a user would, in a subprocess with its own store."""
    out = tmp_path_factory.mktemp("demo")
    env = {"SKG_STORE": str(out / "store.json"), "PATH": "/usr/bin:/bin", "HOME": str(out)}
    proc = subprocess.run([sys.executable, "-m", "sanctions_kg", "demo", "--output", str(out)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out, env


def test_demo_writes_results_and_the_hikvision_entity_listing(demo_run):
    out, env = demo_run
    assert (out / "queries" / "exposure-hikvision.json").exists()
    proc = subprocess.run([sys.executable, "-m", "sanctions_kg", "query", "exposure", "--param",
                           "entity=hikvision", "--format", "json"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    el = [r for r in rows if r["list_id"] == "list:us-bis-el" and r["kind"] == "listing"]
    assert len(el) == 1, rows  # the documents' statements corroborate the list row, not a second period
    assert el[0]["listed_on"] == "2019-10-09"
    assert el[0]["authority_id"] == "84 FR 54002"
    assert el[0]["sources"] and all(s.startswith("doc:") for s in el[0]["sources"])
    assert el[0]["agencies"] == ["Bureau of Industry and Security"]
