"""The words a person's name starts with in prose, learnt from the individuals of the lists.

Why: sanctions news names most people with no title or role around them ("The seven
are Vitaly Kovalev, Maksim Mikhailov, ..."), and a run of two capitalised words is as
likely a company, a place or a program. What tells a person is the first word: a given
name ("Vitaly"), or for Chinese and Korean names the surname ("Zhao Guangzong"). The
lists themselves hold thousands of individuals from the countries sanctions news is
about (Russia, Iran, North Korea, Burma, China ...), in the public domain, so the names
are learnt from them rather than from a general name list (the packaged ones are GPL,
or need gigabytes).

``person_names.json`` (next to this module) holds the given names that start the
running-order name (see :func:`~sanctions_kg.graph.names.spoken_forms`) of at least
:data:`MIN_PERSONS` listed individuals; the common Chinese and Korean surnames, which
the lists hold too few of, and the words never to take for a name's start (English
words that are also names: "Said", "Win") are vocabulary in ``document_rules.yaml``
(``persons``). Rebuild the file with::

    python -m sanctions_kg.loaders.person_names ../shared/data/lists/ofac_sdn/2024-05-03/sdn.csv \\
        ../shared/data/lists/ofac_consolidated/2025-12-19/cons_prim.csv

(any list file a list loader reads; its individuals are read from a store it is loaded into).

>>> "Vitaly" in first_words() and "Zhao" in first_words() and "Said" not in first_words()
True
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from sanctions_kg.graph.names import SURNAME_FIRST_COUNTRIES, split_listed_name
from sanctions_kg.loaders.rules import RULES

NAMES_FILE = Path(__file__).resolve().with_name("person_names.json")
#: a given name must start the name of this many listed individuals: one is as likely a
#: transliteration quirk or a nickname as a name
MIN_PERSONS = 2


def name_starts(persons) -> Counter:
    """How many of ``persons`` (``(name, country)`` pairs, names as the lists write them,
    "SURNAME, Given Names") each word starts the running-order name of.

    >>> sorted(name_starts([("KOVALEV, Vitaly Nikolayevich", "ru"), ("ZHAO, Guangzong", "cn"),
    ...                     ("Hikvision", None)]).items())
    [('Vitaly', 1), ('Zhao', 1)]
    """
    counts: Counter = Counter()
    for name, country in persons:
        parts = split_listed_name(name)
        if parts is None:
            continue
        surname, words = parts
        if country in SURNAME_FIRST_COUNTRIES:
            if len(surname.split()) != 1:
                continue
            first = surname.title()
        else:
            first = words[0]
        if first.isalpha() and len(first) > 1:
            counts[first] += 1
    return counts


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    """The words a capitalised run starts with when it is a person's name."""
    vocab = RULES["persons"]
    given = json.loads(NAMES_FILE.read_text(encoding="utf-8"))["given_names"]
    return frozenset({*given, *vocab["surnames_first"]} - set(vocab["not_name_starts"]))


def build(paths: list[Path]) -> dict:
    """The contents of ``person_names.json`` from the individuals of the list files ``paths``."""
    from sanctions_kg.graph.embedded import EmbeddedStore
    from sanctions_kg.graph.load import load_paths

    store = EmbeddedStore(None)
    load_paths(store, paths)
    persons = [(n["props"].get("name", ""), n["props"].get("country")) for n in store.iter_nodes("Person")]
    counts = name_starts(persons)
    return {"sources": [p.name for p in paths], "individuals": len(persons), "min_persons": MIN_PERSONS,
            "given_names": sorted(w for w, n in counts.items() if n >= MIN_PERSONS)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sanctions_kg.loaders.person_names",
                                     description="Rebuild person_names.json from the individuals of list files.")
    parser.add_argument("paths", nargs="+", type=Path, help="list files (OFAC SDN or consolidated CSV/XML, CSL ...)")
    parser.add_argument("--out", type=Path, default=NAMES_FILE, help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    data = build(args.paths)
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(data['given_names'])} given names from {data['individuals']} individuals -> {args.out}")


if __name__ == "__main__":
    main()
