"""Name normalisation shared by lookup, resolution and extraction.

One function decides when two written names are "the same string" for lookup
purposes, so ``skg query --param entity=...`` finds the same node on every
store (the keys are computed here and stored as ``search_keys``).

>>> normalize_name("Hangzhou Hikvision Digital Technology Co., Ltd.")
'hangzhou hikvision digital technology co ltd'
>>> normalize_name("  ÜRÜMQI ")
'urumqi'
"""

from __future__ import annotations

from normality import normalize


#: what normality does to each ASCII character that is not a letter or digit: "$", "^" and
#: "`" vanish, every other one becomes a space (tests/test_resolve.py checks all 128)
_ASCII_FOLD = str.maketrans({chr(i): (None if chr(i) in "$^`" else " ")
                             for i in range(128) if not chr(i).isalnum()})


def normalize_name(name: str) -> str:
    """Lower-cased, latinised, punctuation folded to single spaces.

    ASCII names - nearly all of them - take a fast path with the same result as
    normality's (which handles the rest: latinising, Unicode punctuation and spaces).
    """
    if name.isascii():
        return " ".join(name.lower().translate(_ASCII_FOLD).split())
    return normalize(name, lowercase=True, latinize=True) or ""


def search_keys(props: dict) -> list[str]:
    """The normalised name, aliases and code of a node, in order, without repeats."""
    out: list[str] = []
    for value in [props.get("name"), props.get("code"), *(props.get("aliases") or [])]:
        if value:
            key = normalize_name(value)
            if key and key not in out:
                out.append(key)
    return out
