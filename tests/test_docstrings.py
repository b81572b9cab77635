"""The examples in the docstrings are true: every ``>>>`` line of the package runs.

Docstrings are where a newcomer learns how a function behaves (the networkx
habit), so a stale example is a bug like any other.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ["schema", "graph", "loaders", "queries", "cli"]


def _modules() -> list[str]:
    names = []
    for pkg in PACKAGES:
        mod = importlib.import_module(f"sanctions_kg.{pkg}")
        names += [f"sanctions_kg.{pkg}.{info.name}" for info in pkgutil.iter_modules(mod.__path__)]
    return sorted(names)


def test_the_examples_are_found():
    finder = doctest.DocTestFinder()
    with_examples = [n for n in _modules() if any(t.examples for t in finder.find(importlib.import_module(n)))]
    assert len(with_examples) >= 25, with_examples  # 30 modules had examples when this test was written


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (see output)"
