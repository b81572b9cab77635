"""The document loader's rules (``document_rules.yaml``), parsed once.

Lexicons, cue lists and claim patterns are data so they can be reviewed and
extended without code changes; see docs/extraction.md for what each section does.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import ahocorasick
import yaml

RULES_PATH = Path(__file__).resolve().parent / "document_rules.yaml"


def load_rules(path: Path = RULES_PATH) -> dict:
    """The parsed rules file."""
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


#: The packaged rules.
RULES: dict = load_rules()


@lru_cache(maxsize=16)
def substring_finder(words: tuple[str, ...]) -> ahocorasick.Automaton:
    """An automaton that finds every occurrence of ``words`` (plain substrings) in one pass.

    For lexicons that gate further work (boilerplate cues, the claim patterns'
    filter words) this replaces one ``in`` test or regex branch per word.

    >>> [w for _, w in substring_finder(("sign up", "up")).iter("please sign up")]
    ['sign up', 'up']
    """
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    if words:
        auto.make_automaton()
    return auto


def contains_any(finder: ahocorasick.Automaton, text: str) -> bool:
    """Whether ``text`` holds any word of a :func:`substring_finder`."""
    return next(finder.iter(text), None) is not None


def starts_any_word(finder: ahocorasick.Automaton, text: str) -> bool:
    """Whether ``text`` holds a word of a :func:`substring_finder` where a word of the text
    begins: "our official" is a cue of page furniture, "four officials" is no page furniture.

    >>> f = substring_finder(("our official", "cookie"))
    >>> starts_any_word(f, "four officials"), starts_any_word(f, "our official app"), starts_any_word(f, "cookies")
    (False, True, True)
    """
    for end, word in finder.iter(text):
        start = end - len(word) + 1
        if start == 0 or not text[start - 1].isalnum():
            return True
    return False


def alternation(words) -> str:
    """A regex matching any of ``words`` (literals), factored into a prefix tree.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every
    position; a tree (``firm(?:s)?|f...``) rejects a position on its first
    character, which made the descriptor and cue scans several times faster.
    At any position the longest word that matches is tried first, as in a
    plain alternation sorted longest first, so matches are the same.

    >>> alternation(["firm", "firms", "foundry"])
    'f(?:irm(?:s)?|oundry)'
    """
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: its longer continuations are tried first
            return f"(?:{body})?"
        return body

    return emit(tree)


def either_case(words) -> str:
    """A regex alternation of ``words`` (lower case) with their first letter in either case.

    >>> either_case(["commission", "bureau"])
    '[Cc]ommission|[Bb]ureau'
    """
    return "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in words)
