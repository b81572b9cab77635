#!/usr/bin/env python3
"""One-command set-up for sanctions-kg: ``python3 tasks.py demo`` or ``python3 tasks.py test``.

Needs only Python 3.11+. Creates ``.venv`` beside this file, installs the
project into it (with the test extras for ``test``), then runs the job:

* ``demo`` - ``skg demo``: builds the demo graph in ``./skg-demo/store.json``,
  runs the main queries and writes results, a view and a briefing to ``./skg-demo``.
* ``test`` - the whole test suite, including the tests against a real Neo4j
  server (started from Maven Central artifacts; needs Java 17+ and Maven) and
  in headless Chromium (installed from Debian's packages when missing and
  running as root). Extra arguments go to pytest.

Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def run(cmd: list[str], **kw) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run(cmd, check=True, **kw)


def ensure_venv(extras: str = "") -> None:
    """Create the virtual environment and install the project (editable) into it."""
    if sys.version_info < (3, 11):
        sys.exit(f"sanctions-kg needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
        run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip", "setuptools>=69", "wheel"])
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    run([str(PY), "-m", "pip", "install", "--quiet", "-e", target])


def ensure_chromium() -> None:
    """Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser)."""
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-q"], env=env)
        run(["apt-get", "install", "-y", "-q", "chromium"], env=env)
    else:
        print("note: chromium is not installed and cannot be installed here (needs root and apt-get); "
              "browser tests will skip outside CI", flush=True)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test"):
        print(__doc__)
        return 2
    task, rest = argv[0], argv[1:]
    if task == "demo":
        ensure_venv()
        env = dict(os.environ)
        env.setdefault("SKG_STORE", str(ROOT / "skg-demo" / "store.json"))
        return subprocess.run([str(BIN / "skg"), "demo", "--output", str(ROOT / "skg-demo"), *rest],
                              env=env).returncode
    ensure_venv("test")
    ensure_chromium()
    env = dict(os.environ)
    if env.get("CI"):
        env["SKG_REQUIRE_NEO4J"] = "1"
    return subprocess.run([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
