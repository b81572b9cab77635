"""Entity resolution: which existing node a party fact is - one node per real-world party.

Hikvision in a CSL Entity List row, in OFAC's NS-CMIC file, in the DoD 1260H
list and in a news article must be one node, while two different people both
called "ZHANG Wei" must stay two. Precision comes first: a false merge
corrupts every query that touches either party, a missed merge only leaves a
duplicate. The rules, in order:

1. **Identifiers merge.** A party carrying a strong identifier (OFAC
   ``ofac:<ent_num>``, a USCC, an LEI, a registration or tax number with its
   country, an IMO number ... - the ``merge`` column of the ``identifiers``
   table in ``schema/data/programs.yaml``) is the node that already carries
   it, when exactly one node of the same family does.
2. **The same normalised full name** (the same node id) is the same party,
   unless the two conflict (below); so is a name written exactly as the
   name or alias of exactly one party (OFAC's ``a.k.a. 'HIKVISION'`` makes a
   news article's "Hikvision" that company).
3. **A name alone merges only when unambiguous.** The name's key - lower
   case, latinised (normality), legal-form words removed (fingerprints'
   type table: "Co., Ltd.", "Company", "Limited" ...), tokens sorted for
   people; at least two words - must match the name or an alias of exactly one existing party of
   the same family (Company and Organization are one family; Person, Vessel
   and Aircraft are their own), that party must not conflict, and where both
   names state a legal form they must agree (rigour's generic forms: "AO
   Kaspersky Lab" - a joint-stock company - is not "Kaspersky Lab, Inc.").
4. **Conflicts block merges:** different values of a single-valued identifier
   scheme (two OFAC ent_nums, two USCCs), different countries (rigour's
   territory relations: Hong Kong lies in China), different birth dates.

A party that matches nothing keeps its own id; if that id is taken by a
conflicting party, it gets a disambiguated id (``person:zhang-wei-ofac-1234``).
Lookups go through dictionaries of identifiers and name keys, never pairwise
comparison, so resolution stays linear in the number of facts.

Every merge of a record from a new source is recorded on the node as a
``merged_from`` entry ``{"name", "source", "reason"}``; ``skg explain`` shows
them. When a record merges into a node with another display name, the node
keeps its first name and the record's name becomes an alias.

Examples
--------
>>> name_key("Hangzhou Hikvision Digital Technology Co., Ltd.", "org")
'hangzhou hikvision digital technology'
>>> name_key("Hangzhou Hikvision Digital Technology Company", "org")
'hangzhou hikvision digital technology'
>>> name_key("ZAHHAR, Mahmoud Khaled", "person") == name_key("Mahmoud Khaled ZAHHAR", "person")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from fingerprints import remove_types
from rigour.names import extract_org_types
from rigour.territories.match import territories_intersect

from sanctions_kg.graph.facts import Node
from sanctions_kg.graph.names import normalize_name
from sanctions_kg.schema import MODEL

PARTY_LABELS = MODEL.expand(["Party"])
#: labels in one family may be merged; Company and Organization are one family
FAMILIES = {"Person": "person", "Vessel": "vessel", "Aircraft": "aircraft",
            "Company": "org", "Organization": "org"}
MIN_KEY_LENGTH = 3
_SNAPSHOT_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|sha-[0-9a-f]{12})$")


def family(label: str) -> str:
    """The resolution family of a party label."""
    return FAMILIES.get(label, label.lower())


@lru_cache(maxsize=65536)
def name_key(name: str | None, fam: str) -> str | None:
    """The comparison key of a name within a family (None when too short to trust)."""
    norm = normalize_name(name or "")
    if not norm:
        return None
    if fam == "person":
        key = " ".join(sorted(set(norm.split())))
    else:
        key = normalize_name(remove_types(norm)) or norm
    return key if len(key) >= MIN_KEY_LENGTH else None


@lru_cache(maxsize=65536)
def legal_forms(name: str | None) -> frozenset[str]:
    """Generic legal forms in a name (rigour's org-type table): "AO ..." -> {"jsc"}, "... Inc." -> {"llc"}."""
    norm = normalize_name(name or "")
    return frozenset(target for _, target in extract_org_types(norm, generic=True)) if norm else frozenset()


def identifier_scheme(identifier: str) -> str:
    """The scheme of ``scheme[-cc]:VALUE`` without its country: ``reg-ru:1`` -> ``reg``."""
    scheme = identifier.split(":", 1)[0]
    base, _, cc = scheme.rpartition("-")
    return base if base and len(cc) == 2 else scheme


def _add(index: dict[str, set[str]], key: str, node_id: str) -> None:
    index.setdefault(key, set()).add(node_id)


def _source_family(doc_id: str) -> str:
    """A source document id without its snapshot date: later snapshots of one file are one source."""
    return _SNAPSHOT_SUFFIX.sub("", doc_id)


@lru_cache(maxsize=1)
def _schemes() -> tuple[frozenset[str], frozenset[str]]:
    """(schemes that merge, schemes with one value per party), from the identifiers table."""
    from sanctions_kg.loaders.listdata import tables  # the table is data shared with the loaders

    t = tables()
    return t.merge_schemes, t.single_schemes


@dataclass
class _Known:
    """What the resolver remembers about one party node."""

    label: str
    name: str
    names: set[str] = field(default_factory=set)  # normalize_name of name and aliases
    identifiers: set[str] = field(default_factory=set)
    country: str | None = None
    birth_date: str | None = None
    sources: set[str] = field(default_factory=set)
    forms: dict[str, set[str]] = field(default_factory=dict)  # name key -> generic legal forms written with it

    @property
    def family(self) -> str:
        return family(self.label)


class Resolver:
    """Maps party node facts to node ids (see the module docstring for the rules).

    ``resolve`` may rewrite the fact's ``name``/``aliases`` (the node keeps its
    first display name) and add a ``merged_from`` decision; the build pipeline
    then validates and writes the fact under the returned id.
    """

    def __init__(self, store):
        self.store = store
        self.known: dict[str, _Known] | None = None
        # "<family>|<text>" -> node ids: normalised names and aliases, names only, and the same by name key
        self.exact: dict[str, set[str]] = {}
        self.exact_names: dict[str, set[str]] = {}
        self.keyed: dict[str, set[str]] = {}
        self.keyed_names: dict[str, set[str]] = {}
        self.by_identifier: dict[str, set[str]] = {}

    # -- index --------------------------------------------------------
    def _build(self) -> None:
        self.known = {}
        for n in self.store.iter_nodes("Party"):
            props = n["props"]
            self._remember(n["id"], n["label"], props.get("name") or n["id"], props)

    def _remember(self, node_id: str, label: str, name: str, props: dict) -> _Known:
        merge_schemes, _ = _schemes()
        info = self.known.get(node_id)
        if info is None:
            info = self.known[node_id] = _Known(label=label, name=name)
        fam = info.family
        for value, primary in [(name, True)] + [(a, False) for a in props.get("aliases") or []]:
            norm = normalize_name(value or "")
            if not norm:
                continue
            info.names.add(norm)
            _add(self.exact, f"{fam}|{norm}", node_id)
            key = name_key(value, fam)
            if key:
                _add(self.keyed, f"{fam}|{key}", node_id)
                info.forms.setdefault(key, set()).update(legal_forms(value))
            if primary:
                _add(self.exact_names, f"{fam}|{norm}", node_id)
                if key:
                    _add(self.keyed_names, f"{fam}|{key}", node_id)
        for ident in props.get("identifiers") or []:
            info.identifiers.add(ident)
            if identifier_scheme(ident) in merge_schemes:
                _add(self.by_identifier, ident, node_id)
        info.country = info.country or props.get("country")
        info.birth_date = info.birth_date or props.get("birth_date")
        info.sources.update(props.get("sources") or [])
        return info

    # -- rules --------------------------------------------------------
    def conflict(self, props: dict, other: _Known) -> str | None:
        """Why a record cannot be ``other`` (None when nothing conflicts)."""
        _, single = _schemes()
        mine: dict[str, set[str]] = {}
        for ident in props.get("identifiers") or []:
            scheme = identifier_scheme(ident)
            if scheme in single:
                mine.setdefault(scheme, set()).add(ident.split(":", 1)[1])
        for ident in other.identifiers:
            scheme = identifier_scheme(ident)
            if scheme in mine and ident.split(":", 1)[1] not in mine[scheme]:
                return f"different {scheme} identifiers"
        country = props.get("country")
        if country and other.country and not territories_intersect([country], [other.country]):
            return f"different countries ({country}, {other.country})"
        born = props.get("birth_date")
        if born and other.birth_date and not (born.startswith(other.birth_date)
                                              or other.birth_date.startswith(born)):
            return "different birth dates"
        return None

    def _by_identifiers(self, node: Node, fam: str) -> tuple[str | None, str | None]:
        hits: dict[str, str] = {}
        for ident in sorted(node.props.get("identifiers") or []):
            for node_id in sorted(self.by_identifier.get(ident, ())):
                if self.known[node_id].family == fam:
                    hits.setdefault(node_id, ident)
        hits = {i: why for i, why in hits.items() if not self.conflict(node.props, self.known[i])}
        if len(hits) == 1:
            node_id, ident = next(iter(hits.items()))
            return node_id, f"identifier {ident}"
        return None, None

    def _by_name(self, node: Node, fam: str) -> tuple[str | None, str | None]:
        props = node.props
        name = props.get("name") or node.key
        same = self.known.get(node.id)
        if same is not None and same.family == fam and not self.conflict(props, same):
            return node.id, "same name"
        # the exact name is the name or an alias of one party, or an alias of the record is one party's name
        norm = normalize_name(name)
        exact = set(self.exact.get(f"{fam}|{norm}", ()))
        for alias in props.get("aliases") or []:
            exact |= self.exact_names.get(f"{fam}|{normalize_name(alias)}", set())
        if exact:
            node_id = self._single(exact, props)
            return (node_id, f"exact name {norm}") if node_id else (None, None)
        # the name key (legal forms dropped) of a name of two words or more matches one party
        key = name_key(name, fam)
        candidates = set(self.keyed.get(f"{fam}|{key}", ())) if key and " " in key else set()
        for alias in props.get("aliases") or []:
            akey = name_key(alias, fam)
            if akey and " " in akey:
                candidates |= self.keyed_names.get(f"{fam}|{akey}", set())
        node_id = self._single(candidates, props)
        if node_id is None:
            return None, None
        mine, theirs = legal_forms(name), self.known[node_id].forms.get(key or "", set())
        if mine and theirs and not mine & theirs:
            return None, None  # "AO Kaspersky Lab" is not "Kaspersky Lab, Inc."
        return node_id, f"name key {key}"

    def _single(self, candidates: set[str], props: dict) -> str | None:
        """The one candidate, if there is exactly one and it does not conflict."""
        if len(candidates) != 1:
            return None
        node_id = next(iter(candidates))
        return None if self.conflict(props, self.known[node_id]) else node_id

    def _fresh_id(self, node: Node) -> str:
        """An id for a party whose natural id is taken by a different party.

        The id adds what tells the two apart - a single-valued identifier, else
        the country and birth date - so the same record gets the same id on
        every load: an existing node under that id that does not conflict is
        this party.
        """
        _, single = _schemes()
        props = node.props
        idents = sorted(i for i in props.get("identifiers") or [] if identifier_scheme(i) in single)
        parts = idents[:1] or [v for v in (props.get("country"), props.get("birth_date")) if v]
        if not parts:
            parts = [_source_family(s).removeprefix("doc:") for s in sorted(props.get("sources") or [])[:1]]
        base = MODEL.node_id(node.label, " ".join([node.key, *parts]))
        candidate, n = base, 2
        while candidate in self.known and self.conflict(props, self.known[candidate]):
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # -- entry point --------------------------------------------------
    def resolve(self, node: Node) -> str:
        """The id of the node this party fact is (its own id when it is a new party)."""
        if node.label not in PARTY_LABELS:
            return node.id
        if isinstance(node.props.get("country"), str):
            node.props["country"] = node.props["country"].lower()  # as the model stores it
        if self.known is None:
            self._build()
        fam = family(node.label)
        target, reason = self._by_identifiers(node, fam)
        if target is None:
            target, reason = self._by_name(node, fam)
        existing = self.known.get(target) if target else None
        if target is None:
            target = node.id if node.id not in self.known else self._fresh_id(node)
        name = node.props.get("name") or node.key
        sources = [s for s in node.props.get("sources") or [] if s]
        if existing is not None:
            seen_families = {_source_family(s) for s in existing.sources}
            new_sources = [s for s in sources if _source_family(s) not in seen_families]
            if new_sources:
                node.props["merged_from"] = list(node.props.get("merged_from") or []) + [
                    {"name": name, "source": new_sources[0], "reason": reason}]
            if name != existing.name:
                aliases = list(node.props.get("aliases") or [])
                if normalize_name(name) not in existing.names and name not in aliases:
                    aliases.append(name)
                node.props["aliases"] = aliases
                node.props["name"] = existing.name
        label = existing.label if existing is not None else node.label
        self._remember(target, label, node.props.get("name") or name, node.props)
        return target
