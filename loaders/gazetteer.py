"""The gazetteer: every name and alias of the entities in the graph, matched fast.

Names come from the store (lists, agencies, authorities, regions, concerns and
all parties the list loaders brought in - tens of thousands of names). They are
compiled into one Aho-Corasick automaton (pyahocorasick) over lower-cased keys,
so matching costs one pass over the text whatever the number of names; a
match is kept only at word boundaries, and *short* aliases (five characters or
fewer, or an all-capitals code such as ``NS-CMIC``) only when the case agrees,
so "EL" and "SDN" do not fire inside ordinary words while long names match in
any case. Concern terms also match their plural ("military end users").

Besides matching, the gazetteer resolves a name found in a document (by its
shape, not in the graph) to an existing party: by the exact normalised name or
alias, else by its *short name* - the name without legal forms, generic words
("Digital", "Technology") and leading place names, so "Hikvision" finds
"HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD." when the lists are loaded.

The packaged reference data is always underneath the store's own nodes, so
extraction knows the lists, agencies, authorities, regions and concerns even in
a store that holds only what earlier documents mentioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import ahocorasick

from sanctions_kg.graph.names import normalize_name, spoken_forms
from sanctions_kg.loaders.rules import RULES
from sanctions_kg.schema import MODEL

#: placeholder kind of each label (see document_rules.yaml)
LABEL_KIND = {"SanctionList": "L", "Agency": "A", "Authority": "O", "Region": "R", "Concern": "C"}
PARTY_LABELS = MODEL.expand(["Party"])
for _label in PARTY_LABELS:
    LABEL_KIND[_label] = "N" if _label == "Person" else "P"
REGION_RANK = {"city": 3, "province": 2, "region": 2, "country": 1}
_ORG = RULES["org_shape"]
LEGAL = {normalize_name(w) for w in _ORG["legal_forms"]}
GENERIC = {normalize_name(w) for w in _ORG["generic_words"]} | LEGAL
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2011": "-",
                         "\u2010": "-", "\u00a0": " ", "`": "'"})


@lru_cache(maxsize=200_000)
def norm(name: str) -> str:
    """:func:`~sanctions_kg.graph.names.normalize_name`, cached: the same names recur in every document."""
    return normalize_name(name)


@lru_cache(maxsize=200_000)
def match_form(text: str) -> str:
    """How a name is written for matching: quotes and dashes normalised, spaces collapsed."""
    return " ".join(text.translate(_QUOTES).split())


def is_case_sensitive(alias: str) -> bool:
    """Short aliases and codes match only in their own case ("EL", "SDN", "NS-CMIC")."""
    compact = alias.replace(" ", "")
    return len(alias) <= 5 or (" " not in alias and alias.upper() == alias and any(c.isalpha() for c in alias)) \
        or len(compact) <= 5


@dataclass
class Entry:
    """One entity the gazetteer knows: id, label, names, and the properties extraction uses."""

    id: str
    label: str
    name: str
    aliases: tuple[str, ...] = ()
    props: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return LABEL_KIND.get(self.label, "P")


@dataclass(slots=True)
class Hit:
    """A gazetteer match in a text: offsets, the entry and the alias matched."""

    start: int
    end: int
    entry: Entry


class Gazetteer:
    """Names of known entities, an automaton over them, and party resolution.

    Parameters
    ----------
    entries:
        The entities (see :meth:`from_store`).
    established_by:
        ``(list id, authority id)`` pairs: which lists each legal instrument establishes.

    Examples
    --------
    >>> g = Gazetteer.from_reference()
    >>> [(h.entry.id, "...") for h in g.find("added to the Entity List, not the EL or el")]
    [('list:us-bis-el', '...'), ('list:us-bis-el', '...')]
    """

    def __init__(self, entries: Iterable[Entry], established_by: Iterable[tuple[str, str]] = (),
                 administers: Iterable[tuple[str, str]] = (), part_of: Iterable[tuple[str, str]] = ()):
        self.entries: dict[str, Entry] = {}
        for e in entries:
            self.entries[e.id] = e
        self.authority_lists: dict[str, list[str]] = {}
        for list_id, auth_id in established_by:
            self.authority_lists.setdefault(auth_id, []).append(list_id)
        self.agency_lists: dict[str, list[str]] = {}
        for agency_id, list_id in administers:
            if list_id not in self.agency_lists.setdefault(agency_id, []):
                self.agency_lists[agency_id].append(list_id)
        self.agency_parts: dict[str, list[str]] = {}
        for part, whole in part_of:
            if self.entries.get(part) and self.entries[part].label == "Agency":
                self.agency_parts.setdefault(whole, []).append(part)
        places = {normalize_name(p) for p in _ORG["place_prefixes"]}
        for e in self.entries.values():
            if e.label == "Region":
                places.update(normalize_name(n) for n in (e.name, *e.aliases) if n)
        self.places = places
        self._labelled: dict[str, list[Entry]] = {}   # see _of_label()
        self._departments: dict[str, str] | None = None
        self.party_names: dict[str, set[str]] = {}
        self.core_index: dict[str, set[str]] = {}
        payloads: dict[str, list[tuple[Entry, str, bool]]] = {}
        for e in self.entries.values():
            self._index(e, _names(e), payloads)
        self._index_spoken(self.entries.values(), payloads, payloads.__contains__)
        self._automaton = _automaton(payloads)
        self.size = self._base_size = len(payloads)
        # parties taken in after the build (absorb): their names, and a small automaton over them
        self._added: dict[str, list[tuple[Entry, str, bool]]] = {}
        self._added_automaton = None

    def _index(self, e: Entry, names: Iterable[str], payloads: dict) -> None:
        """File ``names`` of ``e`` under their match keys in ``payloads``, and a party's in the
        indexes of :meth:`resolve_party`."""
        is_party = e.label in PARTY_LABELS
        for raw in names:
            if not raw:
                continue
            form = match_form(str(raw))
            if len(form) < (3 if is_party else 2):
                continue
            payloads.setdefault(form.lower(), []).append((e, form, is_case_sensitive(form)))
            if is_party:
                self.party_names.setdefault(normalize_name(form), set()).add(e.id)
                if e.label != "Person":
                    core = self.core_key(form)
                    if core:
                        self.core_index.setdefault(core, set()).add(e.id)

    def _index_spoken(self, entries: Iterable[Entry], payloads: dict, taken) -> None:
        """File the forms prose writes listed persons' names in (:func:`_spoken_forms`), except
        a form two of ``entries`` share (two "Ahmed Ali"s) or one already ``taken``: those link
        no one."""
        spoken: dict[str, list[tuple[Entry, str]]] = {}
        for e in entries:
            if e.label == "Person":
                for form in _spoken_forms(e):
                    spoken.setdefault(form.lower(), []).append((e, form))
        for key, found in spoken.items():
            if len({e.id for e, _ in found}) == 1 and not taken(key):
                self._index(found[0][0], [found[0][1]], payloads)

    def absorb(self, store, written: dict[str, str]) -> bool:
        """Take in the parties a build wrote to ``store`` (``written``: node id -> label; new
        parties, and new names of known ones), so that loading a folder of documents does not
        rebuild the automaton of tens of thousands of names after every document: their names
        go into a second, small automaton that :meth:`find` also runs.

        Returns False, having changed nothing and read nothing, when a node is not a party (a
        list, an agency, a region ...): those feed more than names, and the caller rebuilds the
        gazetteer instead. The result matches a rebuild except where a name taken in is already
        another entity's: a rebuild would order the two by their place in the store, here the
        older name wins.
        """
        ids = sorted(i for i, label in written.items() if label != "Document")
        if any(written[i] not in PARTY_LABELS for i in ids):
            return False
        absorbed = []
        for n in filter(None, map(store.get_node, ids)):
            fresh = _entry(n)
            e = self.entries.get(fresh.id)
            if e is None:
                e = self.entries[fresh.id] = fresh
                new_names = _names(e)
            else:
                had = set(_names(e))
                e.name, e.aliases, e.props = fresh.name, fresh.aliases, fresh.props
                new_names = [x for x in _names(e) if x not in had]
            self._index(e, new_names, self._added)
            absorbed.append(e)
        self._index_spoken(absorbed, self._added, lambda key: self._automaton.exists(key) or key in self._added)
        if self._added:
            self._added_automaton = _automaton(self._added)
            self.size = sum(1 for k in self._added if k not in self._automaton) + self._base_size
        return True

    # ------------------------------------------------------------ building
    @classmethod
    def from_store(cls, store, with_reference: bool = True) -> "Gazetteer":
        """Entries from every named node of ``store``, over the packaged reference data.

        The reference data is always underneath: a store that documents were loaded into
        holds only the lists and agencies they mentioned, and the next document must still
        know the others. A node of the store replaces the reference entry with its id."""
        entries: dict[str, Entry] = {}
        links: dict[str, list[tuple[str, str]]] = {}
        if with_reference:
            _collect(reference_store(), entries, links)
        if store is not None:
            _collect(store, entries, links)
        return cls(entries.values(), **{k.lower(): list(dict.fromkeys(v)) for k, v in links.items()})

    @classmethod
    def from_reference(cls) -> "Gazetteer":
        """The packaged reference data only (what tests and an empty store use)."""
        return cls.from_store(None)

    # ------------------------------------------------------------- queries
    def core_key(self, name: str) -> str:
        """The short name of a party: no legal forms, generic words or leading place names.

        >>> Gazetteer([]).core_key("Hangzhou Hikvision Digital Technology Co., Ltd.")
        'hikvision'
        """
        toks = [t for t in norm(name).split() if t not in GENERIC]
        while toks and (toks[0] in self.places or " ".join(toks[:2]) in self.places):
            toks = toks[2:] if " ".join(toks[:2]) in self.places else toks[1:]
        return " ".join(toks)

    def resolve_party(self, name: str, short: bool = True) -> str | None:
        """The id of the one known party this name denotes, or None (unknown or ambiguous)."""
        hits = self.party_names.get(norm(name))
        if hits and len(hits) == 1:
            return next(iter(hits))
        if short:
            core = self.core_key(name)
            hits = self.core_index.get(core) if core else None
            if hits and len(hits) == 1:
                return next(iter(hits))
        return None

    def departments(self) -> dict[str, str]:
        """The word each department's officials are titled by, and the department: "Commerce" of
        "Department of Commerce" ("Commerce Secretary", "Secretary of Commerce"), "State" of
        "State Department". Read from the agencies' names, so it follows the reference data."""
        if self._departments is None:
            found: dict[str, str] = {}
            for e in self._of_label("Agency"):
                for name in (e.name, *e.aliases):
                    m = _DEPARTMENT.fullmatch(name)
                    if m:
                        found.setdefault(m.group(1) or m.group(2), e.id)
            self._departments = found
        return self._departments

    def _of_label(self, label: str) -> list[Entry]:
        """The entries of one label (agencies, instruments): a handful among tens of thousands of
        parties, gathered once. Only parties are taken in later (:meth:`absorb`), so the other
        labels' lists stay true."""
        if label not in self._labelled:
            self._labelled[label] = [e for e in self.entries.values() if e.label == label]
        return self._labelled[label]

    def agency_named_by(self, office: str) -> str | None:
        """The one agency whose name ends in ``office``: the Bureau of Industry and Security for
        "Under Secretary of Commerce for Industry and Security"; None for an office no agency is
        ("for Terrorism and Financial Intelligence")."""
        key = " " + norm(office)
        found = {e.id for e in self._of_label("Agency") if key.strip()
                 and any((" " + norm(n)).endswith(key) for n in (e.name, *e.aliases))}
        return found.pop() if len(found) == 1 else None

    def lists_administered_by(self, agency_id: str) -> list[str]:
        """The lists an agency administers (from ADMINISTERS)."""
        return self.agency_lists.get(agency_id, [])

    def agency_list(self, agency_id: str | None, words: str = "") -> str | None:
        """The list of an agency that a mention naming no list means: its only list; else the
        one whose name shares the most of ``words`` ("its list of Chinese military companies",
        "its sectoral sanctions list"); with no telling words ("OFAC designated X", "the
        Pentagon's list"), its principal list (:meth:`principal_list`, which also looks at the
        bodies part of it). None when that is not one list."""
        lists = self.lists_administered_by(agency_id) if agency_id else []
        if len(lists) == 1:
            return lists[0]
        said = set(_WORD.findall(words.lower())) - _LIST_NOISE
        if not said:
            return self.principal_list(agency_id) if agency_id else None   # the Treasury's: OFAC's
        scores = {k: len(said & set(_WORD.findall(" ".join((self.entries[k].name, *self.entries[k].aliases)).lower())))
                  for k in lists}
        top = max(scores.values())
        best = [k for k, v in scores.items() if v == top]
        return best[0] if top and len(best) == 1 else None

    def principal_list(self, agency_id: str) -> str | None:
        """The list a designation by this agency lands on when no list is named: the one
        ``principal`` list it or a body that is part of it administers ("OFAC designated X",
        "the Treasury sanctioned X": the SDN list), or None."""
        lists = [*self.lists_administered_by(agency_id),
                 *(k for part in self.agency_parts.get(agency_id, ()) for k in self.lists_administered_by(part))]
        found = {k for k in lists if self.entries[k].props.get("principal")}
        return found.pop() if len(found) == 1 else None

    def lists_of(self, authority_id: str) -> list[str]:
        """The lists a legal instrument establishes (from ESTABLISHED_BY)."""
        return self.authority_lists.get(authority_id, [])

    def authorities(self, kind: str | None = None) -> list[Entry]:
        """Legal instruments (of one ``kind``: executive_order, statute ...)."""
        return [e for e in self._of_label("Authority") if kind is None or e.props.get("kind") == kind]

    def region_rank(self, entry_id: str) -> int:
        e = self.entries.get(entry_id)
        return REGION_RANK.get((e.props.get("kind") if e else None) or "", 0)

    def forms(self):
        """Every ``(entry, name as matched)`` the automata hold: names, aliases, codes and the
        forms prose writes listed persons' names in (the benchmark's baseline gets the same)."""
        for automaton in (self._automaton if self._base_size else None, self._added_automaton):
            for _key, (_length, items) in (automaton.items() if automaton is not None else ()):
                for entry, form, _cs in items:
                    yield entry, form

    def find(self, text: str) -> list[Hit]:
        """Non-overlapping matches in ``text``: leftmost, then longest; word boundaries enforced."""
        if not self.size:
            return []
        low = text.lower()
        if len(low) != len(text):  # a few characters change length when lower-cased
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        cands: list[tuple[int, int, Entry]] = []
        if self._base_size:
            _candidates(self._automaton, text, low, cands)
        if self._added_automaton is not None:
            _candidates(self._added_automaton, text, low, cands)  # after the base: ties go to it
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        out: list[Hit] = []
        last_end = -1
        for start, end, entry in cands:
            if start >= last_end:
                out.append(Hit(start, end, entry))
                last_end = end
        return out


def _candidates(automaton, text: str, low: str, out: list) -> None:
    """Matches of ``automaton`` in ``text`` (lower-cased as ``low``) at word boundaries, in the
    case a short alias needs, appended to ``out`` as ``(start, end, entry)``."""
    n = len(text)
    for end_idx, (length, items) in automaton.iter(low):
        start = end_idx - length + 1
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-" and start > 1 and text[start - 2].isalnum()):
            continue
        end = end_idx + 1
        for entry, form, cs in items:
            e = end
            if e < n and text[e].isalnum():
                if entry.label == "Concern" and text[e] == "s" and (e + 1 == n or not text[e + 1].isalnum()):
                    e += 1
                else:
                    continue
            if cs and text[start:end] != form:
                continue
            out.append((start, e, entry))
            break


def _automaton(payloads: dict[str, list]) -> "ahocorasick.Automaton":
    """An Aho-Corasick automaton over the match keys of ``payloads``; each value is
    ``(key length, [(entry, form, case-sensitive), ...])``."""
    automaton = ahocorasick.Automaton()
    for key, items in payloads.items():
        automaton.add_word(key, (len(key), items))
    if payloads:
        automaton.make_automaton()
    return automaton


def _names(e: Entry) -> list[str]:
    """The names an entry is matched by: its name, aliases and (lists, instruments) code."""
    names = [e.name, *e.aliases]
    if e.label in ("SanctionList", "Authority"):
        code = e.props.get("code")
        if code and code not in names:
            names.append(code)
    return names


def _spoken_forms(e: Entry) -> list[str]:
    """A listed person's names as prose writes them (see :func:`spoken_forms`)."""
    return [f for n in (e.name, *e.aliases) if "," in n for f in spoken_forms(match_form(n), e.props.get("country"))]


def _entry(node: dict) -> Entry:
    """The gazetteer entry of a store node."""
    p = node["props"]
    return Entry(node["id"], node["label"], p.get("name") or node["id"], tuple(p.get("aliases") or ()),
                 {k: p.get(k) for k in ("code", "kind", "date", "country", "principal") if p.get(k)})


_WORD = re.compile(r"[a-z]+")
_DEPARTMENT = re.compile(r"(?:U\.S\. )?Department of (?:the )?([A-Z][a-z]+(?: [A-Z][a-z]+)?)|([A-Z][a-z]+) Department")
#: words of a list description that do not tell one list from another
_LIST_NOISE = frozenset({"the", "of", "and", "list", "so", "called", "new", "own", "companies",
                         "entities", "firms", "persons", "parties", "updated", "annual", "latest", "trade"})
#: the relationships the gazetteer keeps, by the Gazetteer argument each fills
_LINKS = ("ESTABLISHED_BY", "ADMINISTERS", "PART_OF")


def _collect(store, entries: dict[str, Entry], links: dict[str, list[tuple[str, str]]]) -> None:
    """Entries from the named nodes of ``store``, and its links of the types in ``_LINKS``."""
    for n in store.iter_nodes():
        if n["label"] != "Document":
            entries[n["id"]] = _entry(n)
    for rel_type in _LINKS:
        links.setdefault(rel_type, []).extend((r["src"], r["dst"]) for r in store.iter_rels(rel_type))


_REFERENCE = None


def reference_store():
    """The packaged reference data in an in-memory embedded store (built once)."""
    global _REFERENCE
    if _REFERENCE is None:
        from sanctions_kg.graph.embedded import EmbeddedStore
        from sanctions_kg.graph.pipeline import build
        from sanctions_kg.loaders.reference import REFERENCE_PATH
        from sanctions_kg.loaders.reference import read as read_reference
        from sanctions_kg.loaders.registry import LoadContext

        store = EmbeddedStore(None)
        build(read_reference(REFERENCE_PATH, LoadContext(path=REFERENCE_PATH)), store)
        _REFERENCE = store
    return _REFERENCE


_CACHE: dict[tuple, Gazetteer] = {}


def gazetteer_for(store) -> Gazetteer:
    """The gazetteer of ``store``, cached while the store's counts do not change."""
    if store is None:
        key = ("reference",)
    else:
        stats = store.stats()
        key = (id(store), getattr(store, "location", ""), tuple(sorted(stats["nodes"].items())),
               stats["relationships"].get("ESTABLISHED_BY", 0))
    gaz = _CACHE.get(key)
    if gaz is None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        gaz = _CACHE[key] = Gazetteer.from_store(store)
    return gaz
