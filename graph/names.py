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


#: countries whose people prose names surname first ("Kim Jong Un", "Zhao Guangzong"), so
#: a first given name alone before the surname is no form of theirs
SURNAME_FIRST_COUNTRIES = frozenset({"cn", "hk", "kp", "kr", "mo", "tw", "vn"})


def split_listed_name(name: str) -> tuple[str, list[str]] | None:
    """A name as the lists write a person's, "SURNAME, Given Names", as (surname, given names);
    None for a name without both.

    >>> split_listed_name("KOVALEV, Vitaly Nikolayevich"), split_listed_name("Hikvision")
    (('KOVALEV', ['Vitaly', 'Nikolayevich']), None)
    """
    surname, sep, given = name.partition(",")
    words, surname = given.split(), surname.strip()
    return (surname, words) if sep and words and surname else None


def spoken_forms(name: str, country: str | None = None) -> list[str]:
    """How prose writes a person whom the lists file as "SURNAME, Given Names".

    Sanctions lists put the surname first and in capitals; articles write "Vitaly
    Kovalev" (often without the patronymic) or, for Chinese and Korean names, the
    surname first without the comma. Names without a comma have no other form.

    >>> spoken_forms("KOVALEV, Vitaly Nikolayevich", "ru")
    ['Vitaly Nikolayevich Kovalev', 'Kovalev Vitaly Nikolayevich', 'Vitaly Kovalev']
    >>> spoken_forms("ZHAO, Guangzong", "cn")
    ['Guangzong Zhao', 'Zhao Guangzong']
    >>> spoken_forms("KIM, Jong Un", "kp")
    ['Jong Un Kim', 'Kim Jong Un']
    >>> spoken_forms("Hangzhou Hikvision Digital Technology Co., Ltd.")
    []
    """
    parts = split_listed_name(name)
    if parts is None or len(parts[0].split()) > 3:
        return []
    surname, words = parts
    if surname.isupper():
        surname = surname.title()
    forms = [f"{' '.join(words)} {surname}", f"{surname} {' '.join(words)}"]
    if len(words) > 1 and country not in SURNAME_FIRST_COUNTRIES:
        forms.append(f"{words[0]} {surname}")
    return forms
