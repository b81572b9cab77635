"""Mentions: sentences, known entities, new organisations found by their shape, enumerations.

Stages (each a function below, run by :func:`find_mentions`):

1. **known entities** - the gazetteer's Aho-Corasick pass over the flat text
   (every name and alias of lists, agencies, authorities, regions, concerns and
   parties in the graph); an acronym in brackets after its spelled-out form
   ("Specially Designated Nationals (SDN)") extends the mention over the long form.
2. **enumerations** - lists of names: a paragraph of names separated by ``;``,
   a run of short lines or bullets that are names (an annex, "• CPUNTO Inc., and"),
   or names after a colon ("five PRC entities: A; B; C, and D"). Every item is an
   organisation, whatever its shape; a run of short lines that are *not* names
   at the end of a page is furniture (related headlines) and is dropped.
3. **shapes** - organisations the graph does not know, by the shape of their
   name: capitalised words ending in a company head ("... Technology", "... Group",
   "... Corporation") or an organisation head ("... Institute", "... Corps"),
   optionally followed by legal forms ("Co., Ltd.", "Inc.", "JSC"); a name right
   after a descriptor noun ("camera maker Hikvision", "firms SenseTime and
   Megvii", "consultancy Trivium China"); a person in "Name, a <role> at ...".
   An acronym in brackets after a new name becomes its alias ("(XPCC)").
4. **local names** - every new organisation is resolved to a known party when
   the gazetteer has it (exact name, else short name); its short name
   ("Hoshine" for "Hoshine Silicon Industry Co., Ltd.") then finds the later
   mentions in the document.

Anaphora ("the company", "these entities", "this order") are resolved while
claims are read, in document order (:mod:`sanctions_kg.loaders.claims`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import chain, takewhile
from dataclasses import dataclass, field

import ahocorasick

from sanctions_kg.loaders.doctext import Block, DocText
from sanctions_kg.loaders.gazetteer import PARTY_LABELS, Gazetteer, match_form, norm
from sanctions_kg.loaders.parties import country_code
from sanctions_kg.loaders.person_names import first_words
from sanctions_kg.loaders.rules import RULES, alternation, contains_any, either_case, substring_finder

_ORG = RULES["org_shape"]
_low = lambda words: {w.lower() for w in words}  # noqa: E731

COMPANY_HEADS = _low(_ORG["company_heads"])
ORG_HEADS = _low(_ORG["org_heads"])
NOT_ORG_STARTS = _low(_ORG["not_org_starts"])
STOP_CAPS = _low(_ORG["stop_caps"])
PLACE_CODES = _low(_ORG["place_codes"])
LEGAL_WORDS = {w.lower().rstrip(".") for w in _ORG["legal_forms"]}
ROLE_NOUNS = _low(_ORG["role_nouns"])
ABBREV = _low(RULES["abbreviations"])
LEGAL_ABBREV = _low(RULES["legal_abbreviations"])
OPENERS = _low(RULES["sentence_openers"])
GROUP_NOUNS = _low(RULES["groups"]["nouns"])

# a capitalised word, a name that starts in lower case before a capital ("iFlytek"), or "5G"
_CAPW = r"(?:[A-Z][A-Za-z0-9'\-./]*[A-Za-z0-9.]|[A-Z]|[a-z][A-Z][A-Za-z0-9'\-./]*[A-Za-z0-9.]|\d+-?[A-Za-z]+[A-Za-z0-9-]*)"
_CONN = r"(?:of the|of|and|for|&|de|du|des|la|le)"
_PAREN = r"\([A-Z][^()\n]{0,40}\)"
_LEGAL = alternation({f for w in LEGAL_WORDS
                      for f in ((w.upper(),) if len(w) <= 2 else (w.title(), w.upper(), w.capitalize()))})
#: legal forms written before the name ("OOO Kaspersky Group", "AO Kaspersky Lab"): after a
#: comma and before a capitalised word they open the next name, not close this one
PREFIX_LEGAL = alternation({w.upper() for w in _ORG["prefix_legal_forms"]})
_LEGAL_TAIL = rf"(?:,?\s+(?!(?:{PREFIX_LEGAL})\s+[A-Z])(?:{_LEGAL})(?![\w-])\.?)+"
#: (a number inside a name: "China Electronics Technology Group Corporation 43 Research Institute")
RUN_RE = re.compile(rf"(?<![\w&'-]){_CAPW}(?:\s+(?:{_CONN}\s+)?(?:{_CAPW}|{_PAREN}|\d{{1,4}}(?=\s+[A-Z])))*"
                    rf"(?P<legal>{_LEGAL_TAIL})?")
_NAMEISH = r"[A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|\([A-Z][^()]{0,30}\)|of|&|and(?=\s+[A-Z][\w-]*\s+(?:Co|Ltd|Inc|Group|Limited)\b))){0,5}"
_DESC = alternation(_ORG["descriptors"])
DESCRIPTOR_RE = re.compile(
    rf"\b(?:{_DESC})\s+(?:such as\s+|including\s+|like\s+)?(?P<names>{_NAMEISH}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_NAMEISH})*)")
_ROLE = alternation(ROLE_NOUNS)
PERSON_RE = re.compile(
    rf"(?<![\w.])(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'-]+){{1,2}}),\s+(?:a|an|the|its|his|her)\s+"
    rf"(?:[\w-]+\s+){{0,4}}?(?:{_ROLE})\b")
#: a title before the name: "chief operating officer Andrei Tikhonov", "Commissioner Brendan Carr",
#: "Secretary of Commerce Gina M. Raimondo", "Under Secretary of the Treasury for Terrorism and
#: Financial Intelligence Brian E. Nelson" (matched only where a title word starts: see
#: :func:`_titled_persons`); the name does not start with a title ("Chief Executive Officer Ren
#: Zhengfei" is Ren Zhengfei)
_TITLE_WORDS = ("commissioner", "senator", "representative", "minister")
OFFICIAL_TITLES = tuple(_ORG["official_titles"])
OFFICE_WORDS = _low(_ORG["office_words"])
_OFFICIAL = alternation(OFFICIAL_TITLES)
PERSON_TITLE_RE = re.compile(
    rf"\b(?:{_ROLE}|{either_case(_TITLE_WORDS)}|{_OFFICIAL})"
    rf"(?:\s+of\s+(?:the\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?(?:\s+for(?:\s+(?:[A-Z][a-z]+|and))+)?,?\s+"
    rf"(?P<name>(?!(?:{_OFFICIAL})\b)[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'-]+){{1,2}})\b(?!\s+(?:[A-Z]|of\b))")
ACRONYM_RE = re.compile(r"\s*\((?P<acr>[A-Z][A-Z0-9&-]{1,11}|[A-Z][a-z][A-Za-z0-9-]{1,30})(?:\s+[Ll]ist)?\)")
#: "Dawning Information Industry Co., Ltd., which does business as Sugon", "Higon, also known as Hygon"
AKA_RE = re.compile(r",?\s+\(?(?:which does business as|doing business as|also known as|"
                    r"(?:the (?:company|firm|group|business) )?(?:better |widely |commonly |also )?known "
                    r"(?:in the (?:trade|industry|market) |locally |abroad )?as|a\.k\.a\.?|"
                    r"formerly known as|d/b/a) (?P<acr>[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,3})")
_NEXT_WORD = re.compile(r"\s*[\"'(\[]?([A-Za-z]+)")
_SENT_SPLIT = re.compile(r"""[.!?]["')\]]*\s+(?=["'(\[]?[A-Z0-9])""")
_GROUP_NOUN = alternation(GROUP_NOUNS)
COLON_GROUP_RE = re.compile(rf"\b(?:{_GROUP_NOUN})\b[^.;:]{{0,120}}?:\s*")
# The descriptor and person patterns need one of their nouns: blocks without any skip them.
_DESCRIPTORS = substring_finder(tuple(sorted(_ORG["descriptors"])))
_ROLES = substring_finder(tuple(sorted(ROLE_NOUNS)))
_TITLES = substring_finder(tuple(sorted({*ROLE_NOUNS, *_TITLE_WORDS, *(t.capitalize() for t in _TITLE_WORDS),
                                         *OFFICIAL_TITLES})))


def is_person_name(name: str) -> bool:
    """Whether a name a title or role stands before may be a person's: not a capitalised stop
    word, an organisation's shape or an office ("Financial Intelligence")."""
    words = name.split()
    return len(words) >= 2 and words[0].lower() not in STOP_CAPS and not org_shape(name) \
        and not any(w.lower() in OFFICE_WORDS for w in words)


def _titled_persons(seg: str):
    """The matches of :data:`PERSON_TITLE_RE` in ``seg``, left to right and not overlapping, as
    ``finditer`` gives them - but tried only where a title word starts."""
    starts = sorted({end - len(word) + 1 for end, word in _TITLES.iter(seg)})
    last_end = 0
    for at in starts:
        if at < last_end:
            continue
        m = PERSON_TITLE_RE.match(seg, at)
        if m:
            last_end = m.end()
            yield m


#: a person's name with no title or role around it: two to four capitalised words, the first
#: a word persons' names start with (:func:`~sanctions_kg.loaders.person_names.first_words`),
#: not inside a longer run of capitalised words (see :func:`_named_persons`)
_NAME_WORD = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
NAMED_PERSON_RE = re.compile(rf"(?<![\w'’.-])(?P<name>{_NAME_WORD}(?:\s+(?:[A-Z]\.|{_NAME_WORD})){{1,3}})(?![\w'’-]|\s+[A-Z0-9(])")
_CAP_BEFORE = re.compile(r"[A-Z][\w'.-]*\s+$")


@lru_cache(maxsize=1)
def _first_word_finder():
    return substring_finder(tuple(sorted(f"{w} " for w in first_words())))


def _named_persons(seg: str):
    """The matches of :data:`NAMED_PERSON_RE` in ``seg`` that start with a name's first word
    and a capitalised run ("Yong Ho" in "O Yong Ho" is no name of its own) - tried only where
    such a word starts (one automaton pass finds them)."""
    last_end = 0
    for end, word in _first_word_finder().iter(seg):
        at = end - len(word) + 1
        if at < last_end or (at and (seg[at - 1].isalnum() or seg[at - 1] in "'’.-")):
            continue
        m = NAMED_PERSON_RE.match(seg, at)
        if m and not _CAP_BEFORE.search(seg, max(0, at - 40), at):
            last_end = m.end()
            yield m


@dataclass(slots=True)
class Mention:
    """A stretch of flat text that names an entity (or a group of them).

    ``kind`` is the placeholder kind (P party, N person, L list, A agency,
    O authority, R region, C concern, G group); ``ref`` the entity key (a graph
    id, or ``new:<normalised name>`` for an organisation found in the text);
    ``via`` how it was found; ``members`` the entity keys of a group.
    """

    start: int
    end: int
    kind: str
    ref: str | None
    via: str
    members: tuple[str, ...] = ()
    negated: bool = False


@dataclass
class LocalEntity:
    """An entity of this document: known (``known`` is its graph id) or new."""

    key: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    known: str | None = None


@dataclass
class Sentence:
    """A sentence (flat offsets) of a prose, heading or item block."""

    start: int
    end: int
    block: int
    kind: str


@dataclass
class Enumeration:
    """A list of names: flat span, member keys, and the heading block above it."""

    start: int
    end: int
    members: list[str]
    heading: int | None
    item_blocks: list[int] = field(default_factory=list)


@dataclass
class Analysis:
    """Everything found in one document before claims are read."""

    doc: DocText
    gaz: Gazetteer
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, LocalEntity] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    enumerations: list[Enumeration] = field(default_factory=list)

    def block_of(self, pos: int) -> int:
        starts = self._starts
        return max(0, bisect_right(starts, pos) - 1)

    def __post_init__(self):
        self._starts = [b.fstart for b in self.doc.blocks if b.fstart >= 0]
        self._index = [i for i, b in enumerate(self.doc.blocks) if b.fstart >= 0]

    def block(self, pos: int) -> tuple[int, Block]:
        i = self._index[self.block_of(pos)] if self._index else 0
        return i, self.doc.blocks[i]


# --------------------------------------------------------------------------- helpers
def _words(text: str) -> list[str]:
    return text.split()


@lru_cache(maxsize=100_000)
def org_shape(text: str) -> str | None:
    """``Company`` / ``Organization`` if ``text`` as a whole looks like an organisation name."""
    t = text.strip().rstrip(",;").strip()
    m = RUN_RE.fullmatch(t)
    if not m:
        return None
    got = classify_run(t, bool(m.group("legal")))
    # a bracketed alias after the name is still the name ("Speed Business Trading (HK)")
    return got[0] if got and (got[1] == len(t) or re.fullmatch(r"\s*\([^()]+\)", t[got[1]:])) else None


_TOKEN = re.compile(r"\S+")
_TRAILING_CONNECTORS = re.compile(r"(?:\s+(?:of the|of|and|for|&))+$")
_LEADING_WORD = re.compile(r"([A-Za-z.']+)\s+")
_CONNECTORS = {"of", "the", "and", "for", "&", "de", "du", "des", "la", "le"}
_HEAD_WORDS = COMPANY_HEADS | ORG_HEADS | LEGAL_WORDS


def _has_head_word(run: str) -> bool:
    """Whether a word of ``run`` is a head word, possessive or not ("Quillon Defense Group's")."""
    words = (w.strip("(),.") for w in run.lower().split())
    if "'" in run or "’" in run:
        words = (_POSSESSIVE.sub("", w) for w in words)
    return not _HEAD_WORDS.isdisjoint(words)


_POSSESSIVE = re.compile(r"['’]s?$")


#: legal-form words a name may continue after with "of ...": "Aviation Industry Corporation of
#: China"; after the others ("Limited", "LLC", "GmbH") "of ..." is where the party is
_LEGAL_TAKES_OF = frozenset({"company", "corporation", "corp", "bank", "trust", "partnership", "association"})


def classify_run(run: str, legal: bool) -> tuple[str, int] | None:
    """The organisation at the start of a run of capitalised words: (label, length) or None.

    The run is an organisation when it ends in legal forms, or in a head word
    ("Technology", "Group", "Institute") possibly followed by "of/for <names>";
    otherwise it is cut after its last head word ("NSO Group and Candiru" -> "NSO Group").
    """
    prefixed = _PREFIX_FORM.match(run)
    if not legal and not prefixed and not _has_head_word(run):
        return None  # most runs are a capitalised word or two with no head word: decided cheaply
    tokens = list(_TOKEN.finditer(run))
    words = [t.group(0) for t in tokens]
    if not words:
        return None
    if prefixed:
        # "Joint Stock Company Mikron", "AO NII-Vektor": the legal form comes first
        n = len(words)
        while n > 1 and _is_alias(words, n - 1):
            n -= 1
        return "Company", tokens[n - 1].end()
    first = words[0].lower().rstrip(".,")
    if first in NOT_ORG_STARTS or first in STOP_CAPS:
        return None
    plain = [w.strip("(),.").lower() for w in words]

    def label_of(n: int) -> str:
        return "Organization" if any(w in ORG_HEADS for w in plain[:n]) else "Company"

    def content(n: int) -> int:
        return sum(1 for w in plain[:n] if w and w not in _CONNECTORS)

    if legal:
        if _only_legal_form(plain):
            return None  # "Co., Ltd." alone is no name
        return (label_of(len(words)), len(run)) if content(len(words)) else None
    heads = [i for i, w in enumerate(plain) if w in COMPANY_HEADS or w in ORG_HEADS or w in LEGAL_WORDS]
    while heads:
        last = heads.pop()
        rest = plain[last + 1:]
        n = last + 1
        if rest and all(w.startswith("(") for w in words[last + 1:]):
            n = len(words)
        elif rest and rest[0] in ("of", "for") and len(rest) <= 6 and rest[-1] not in _CONNECTORS \
                and not (plain[last] in LEGAL_WORDS and plain[last] not in _LEGAL_TAKES_OF):
            n = len(words)   # "Bank of China", not "Kaspersky Labs Limited of the United Kingdom"
        if content(n) >= 2 and not _only_legal_form(plain[:n]):
            # a trailing bracketed acronym is an alias, not part of the name
            while n > 1 and _is_alias(words, n - 1):
                n -= 1
            return label_of(n), tokens[n - 1].end()
    return None


#: a legal form written before the name: "Joint Stock Company Mikron", "OOO Sertal"
_PREFIX_FORM = re.compile(r"(?:(?:Open|Closed|Public|Private|Non-Public) )?(?:Joint[- ]Stock Company|Limited Liability "
                          r"Company)\s+(?=[A-Z])|(?:" + "|".join(f.upper() for f in _ORG["prefix_legal_forms"])
                          + r")\s+(?=[A-Z])")
#: a bracketed acronym or short name after a name is an alias ("(XPCC)", "(Serniya)")
_ALIAS_WORD = re.compile(r"\((?:[A-Z][A-Z0-9&-]{1,11}|[A-Z][a-z][A-Za-z0-9-]{1,30})\)")


#: words of spelled-out legal forms: "Joint Stock Company" alone is no name
_LEGAL_FORM_WORDS = {"joint", "stock", "joint-stock", "public", "open", "closed", "private", "liability"}


def _only_legal_form(words: list[str]) -> bool:
    """Whether lower-cased ``words`` are nothing but a legal form ("co., ltd.", "joint stock company")."""
    return all(w in LEGAL_WORDS or w in _LEGAL_FORM_WORDS for w in words if w)


def _is_alias(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a bracketed alias of the name before it: an acronym ("(XPCC)",
    not a legal form), or one of the name's own words ("OOO Serniya Engineering (Serniya)" -
    not "Hoshine Silicon Industry (Shanshan)", where the brackets hold a place)."""
    return bool(_ALIAS_WORD.fullmatch(words[i])) and is_bracketed_alias(words[i].strip("()"), words[:i])


def is_bracketed_alias(inner: str, name_words: list[str]) -> bool:
    """Whether a word in brackets after a name is another name for it: an acronym ("NUDT") that
    is no legal form ("LLC") or place code ("Alpha Trading (HK)"), or one of the name's own words
    ("OOO Serniya Engineering (Serniya)"; not a place, "Hoshine Silicon Industry (Shanshan)")."""
    if inner.isupper():
        return inner.lower() not in LEGAL_WORDS and inner.lower() not in PLACE_CODES
    return inner.lower() in {x.strip(",.").lower() for x in name_words}
#: (not at "People's", "Women's": their possessive is part of names, "People's Liberation Army")
_RUN_CUT = re.compile(r"(?P<poss>(?<!\S)(?!(?:People|Children|Women|Men|Workers)'s\b)\S+'s\b)|(?P<stop>[A-Za-z]{2,})(?P<dot>\.)\s+(?=[A-Z])")
#: "UK-registered", "Shenzhen-based": a place adjective, not part of the name that follows
LOCATIVE_SUFFIXES = ("based", "registered", "headquartered", "incorporated")
_LOCATIVE = re.compile(rf"[A-Z][\w.]*-(?:{'|'.join(LOCATIVE_SUFFIXES)})\s+")


def _sentence_stop(name: str) -> str:
    """A name without the full stop that ends its sentence ("... Technology.", "... Company.")
    - not the one of an abbreviated legal form ("Co.", "Inc.")."""
    if name.endswith(".") and name.split()[-1].lower().rstrip(".") not in LEGAL_ABBREV:
        return name[:-1]
    return name


def _strip_leading_stops(text: str, start: int) -> tuple[str, int]:
    while True:
        m = _LEADING_WORD.match(text)
        if m is None or m.group(1).lower().rstrip(".") not in STOP_CAPS:
            m = _LOCATIVE.match(text)
        if m is None:
            return text, start
        text = text[m.end():]
        start += m.end()


def _trim_item(text: str, start: int) -> tuple[str, int]:
    """An enumeration item without list punctuation ("and X.", "X, and", "• X")."""
    stripped = text.lstrip(" \t\n•·*-")
    start += len(text) - len(stripped)
    for conj in ("and ", "or "):
        if stripped.startswith(conj):
            rest = stripped[len(conj):].lstrip()
            start += len(stripped) - len(rest)
            stripped = rest
    text = stripped.rstrip(" ,.;:")
    for conj in (" and", " or"):
        if text.endswith(conj):
            text = text[:-len(conj)].rstrip(" ,")
    if len(text) < len(stripped) and stripped[len(text):len(text) + 1] == "." \
            and text.split()[-1:] and text.split()[-1].lower() in LEGAL_ABBREV:
        text += "."  # keep the period of "Co." / "Ltd."
    return text, start


def _item_name(text: str) -> str:
    text = match_form(text)
    m = re.search(r"\s+(?:of|in)\s+(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?$", text)
    if m and not org_shape(text):
        text = text[:m.start()]
    return text


def _is_name_like(text: str, gaz: Gazetteer) -> bool:
    t = match_form(text).strip(" ,;:")
    if not t or len(t) > 140 or not t[0].isupper():
        return False
    if org_shape(t) or org_shape(t.rstrip(".")) or org_shape(t + "."):
        return True
    t = t.rstrip(".")
    if gaz.resolve_party(t, short=False):
        return True
    words = t.split()
    caps = sum(1 for w in words if w[:1].isupper() or w in ("of", "and", "&", "the", "for"))
    return len(words) <= 8 and caps == len(words) and not re.search(r"[.!?]$", t)


# ------------------------------------------------------------------------ sentences
def split_sentences(flat: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``flat[start:end]``: split after . ! ? unless an abbreviation ends there."""
    out, s = [], start
    seg = flat[start:end]
    for m in _SENT_SPLIT.finditer(seg):
        cut = start + m.start()
        head = flat[s:cut + 1].rsplit(None, 1)
        tok = head[-1].lower().rstrip(".").lstrip("(\"'") if head else ""
        nxt = _NEXT_WORD.match(flat, start + m.end() - 1) if m.end() else None
        nxt_word = (nxt.group(1).lower() if nxt else "")
        if flat[cut] == ".":
            if tok in LEGAL_ABBREV:
                # "... Co. Ltd. Huawei said": "Ltd." ends every name it is in, so a capitalised
                # word after it starts a sentence; after "Inc." or "Corp." it may go on
                # ("Tesla Inc. Chief Executive ...")
                if nxt_word not in OPENERS and not (tok == "ltd" and nxt and nxt.group(0).lstrip()[:1].isupper()):
                    continue
            elif tok in ABBREV or (len(tok) == 1 and tok.isalpha()) or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", tok):
                continue
        e = start + m.end()
        while e > s and flat[e - 1] == " ":
            e -= 1
        if flat[s:e].strip():
            out.append((s, e))
        s = start + m.end()
    if flat[s:end].strip():
        out.append((s, end))
    return out


# --------------------------------------------------------------------------- stages
class _Builder:
    """Collects mentions and local entities for one document."""

    def __init__(self, an: Analysis):
        self.an = an
        self.flat = an.doc.flat
        self.gaz = an.gaz
        self.names: dict[str, str] = an.__dict__.setdefault("_names", {})

    # -- entities ---------------------------------------------------------
    def entity_for_name(self, name: str, label: str = "Company", via: str = "shape") -> str:
        """The entity key for a name found in the text (known party if the gazetteer resolves it)."""
        name = match_form(name).strip(" ,;:")
        if re.search(r"(?i)\b(?:co|ltd|inc|corp)$", name) and not name.endswith("."):
            name += "."
        elif name.endswith(".") and len(name.split()[-1]) > 5 and name.split()[-1][:-1].lower() in LEGAL_WORDS:
            name = name[:-1]  # "... Group Limited." at the end of a sentence
        key_norm = norm(name)
        hit = self.names.get(key_norm)
        if hit is not None and hit in self.an.entities:
            return hit
        known = self.gaz.resolve_party(name)
        if known:
            entry = self.gaz.entries[known]
            ent = self.an.entities.get(known)
            if ent is None:
                ent = self.an.entities[known] = LocalEntity(known, entry.label, entry.name, [], known)
            if name != entry.name and name not in ent.aliases:
                ent.aliases.append(name)
            self.names[key_norm] = known
            return known
        earlier = self._shortened(key_norm) if label != "Person" else None
        if earlier is not None:
            return self._also_named(earlier, name, key_norm)
        key = "new:" + key_norm
        self.an.entities[key] = LocalEntity(key, label, name)
        self.names[key_norm] = key
        return key

    def _also_named(self, key: str, name: str, key_norm: str) -> str:
        """``name`` is another name of the document's entity ``key`` (a shorter form of it)."""
        self.an.entities[key].aliases.append(name)
        self.names[key_norm] = key
        return key

    def _shortened(self, key_norm: str) -> str | None:
        """The one organisation new to the graph, named earlier in the document, whose name
        this name shortens: its first words, the same short name ("Quillon Robotics" after
        "Quillon Robotics Technology Co., Ltd."; not "Quillon Holdings" after it)."""
        if " " not in key_norm:
            return None
        core = self.gaz.core_key(key_norm)
        fits = [k for k, e in self.an.entities.items()
                if k.startswith("new:") and e.label != "Person" and k[4:].startswith(key_norm + " ")
                and self.gaz.core_key(e.name) == core]
        return fits[0] if core and len(fits) == 1 else None

    def person_for_name(self, name: str, via: str) -> str:
        """The entity key for a person's name: a Person even if the name was first taken for a
        company; a shorter form of a person named before is that person (:meth:`person_named`)."""
        key_norm = norm(match_form(name))
        earlier = self.person_named(name) if key_norm not in self.names and " " in key_norm else None
        if earlier is not None:
            return self._also_named(earlier, name, key_norm)
        key = self.entity_for_name(name, "Person", via)
        self.an.entities[key].label = "Person"
        return key

    def person_named(self, name: str) -> str | None:
        """The one person of this document that a shorter form of a name denotes: "Mishin" or
        "Alexander Mishin" after "Alexander Igorevich Mishin" (same surname, same first name
        when one is given); None when no person or several fit."""
        words = norm(name).split()
        if not words or len(words) > 3:
            return None
        fits = set()
        for key, ent in self.an.entities.items():
            if ent.label != "Person":
                continue
            full = norm(ent.name).split()
            if len(full) > len(words) and full[-1] == words[-1] and (len(words) == 1 or full[0] == words[0]):
                fits.add(key)
        return next(iter(fits)) if len(fits) == 1 else None

    def known_entity(self, entry_id: str) -> str:
        if entry_id not in self.an.entities:
            e = self.gaz.entries[entry_id]
            self.an.entities[entry_id] = LocalEntity(entry_id, e.label, e.name, [], entry_id)
        return entry_id


def _in_blocks(an: Analysis, kinds: tuple[str, ...]):
    for i, b in enumerate(an.doc.blocks):
        if b.fstart >= 0 and b.kind in kinds:
            yield i, b


def known_mentions(an: Analysis, bld: _Builder) -> list[Mention]:
    """Stage 1: gazetteer hits, with acronyms extended over their spelled-out form."""
    flat = an.doc.flat
    out = []
    for h in an.gaz.find(flat):
        kind = h.entry.kind
        start, end = h.start, h.end
        # "Specially Designated Nationals (SDN) list": extend over the long form
        if flat[start - 1:start] == "(" and flat[end:end + 1] == ")" and h.entry.label != "Region":
            acr = flat[start:end]
            left = flat[max(0, start - 120):start - 1].rstrip()
            words = re.findall(r"[A-Za-z][\w'-]*", left)
            cap = [w for w in words if w[0].isupper()]
            if len(acr.replace("-", "")) >= 2 and cap:
                want = [c for c in acr if c.isalpha()]
                take, idx = [], len(words) - 1
                while idx >= 0 and len(take) < len(want) + 3:
                    w = words[idx]
                    take.insert(0, w)
                    if [x[0].upper() for x in take if x[0].isupper()] == [c.upper() for c in want]:
                        long_start = left.rfind(take[0], 0, len(left)) + max(0, start - 120)
                        start = long_start
                        end = end + 1
                        tail = re.match(r"\s+[Ll]ist\b", flat[end:])
                        if tail:
                            end += tail.end()
                        break
                    idx -= 1
        out.append(Mention(start, end, kind, bld.known_entity(h.entry.id), "gazetteer"))
    out = _instrument_lists(an, bld, out)
    departments = an.gaz.departments()
    if departments and "Secretary" in flat:
        # "Commerce Secretary Gina Raimondo", "Secretary of State Antony Blinken": the department
        # by the word its officials are titled with, which alone ("commerce", "state") is no name
        for m in _department_re(tuple(departments)).finditer(flat):
            start, end = m.span(m.lastgroup)
            if not any(o.start < end and start < o.end for o in out):
                out.append(Mention(start, end, "A", bld.known_entity(departments[m.group(m.lastgroup)]), "title"))
        out.sort(key=lambda o: o.start)
    return out


def _instrument_lists(an: Analysis, bld: _Builder, ms: list[Mention]) -> list[Mention]:
    """"Uyghur Forced Labor Prevention Act (UFLPA) Entity List": an instrument named right
    before a list name that ends the name of the one list it establishes is that list
    (the UFLPA Entity List), not the instrument and another list (the BIS Entity List)."""
    out: list[Mention] = []
    for m in ms:
        prev = out[-1] if out else None
        if m.kind == "L" and prev is not None and prev.kind == "O" and not an.doc.flat[prev.end:m.start].strip():
            lists = an.gaz.lists_of(prev.ref)
            words = norm(an.doc.flat[m.start:m.end])
            if len(lists) == 1 and lists[0] != m.ref and norm(an.gaz.entries[lists[0]].name).endswith(words):
                out[-1] = Mention(prev.start, m.end, "L", bld.known_entity(lists[0]), "gazetteer")
                continue
        out.append(m)
    return out


@lru_cache(maxsize=8)
def _department_re(words: tuple[str, ...]) -> re.Pattern:
    """A department's word where a Secretary's title uses it: before ("Commerce Secretary",
    "Commerce Under Secretary") or after ("Secretary of the Treasury")."""
    alt = alternation(words)
    return re.compile(rf"\b(?P<before>{alt})(?=\s+(?:(?:Deputy|Under|Assistant|Acting|Principal)\s+)*Secretary\b)"
                      rf"|(?<=Secretary of )(?:the\s+)?(?P<after>{alt})\b")


_ITEM_LABEL = re.compile(r"\s*[A-Z][A-Z ]{2,40}:\s+")


def _name_items(text: str, base: int) -> list[tuple[int, int, str]]:
    """Split an enumeration text into (start, end, name) items on ``;`` and final "and"."""
    items = []
    pos = 0
    for part in re.split(r"(;)", text):
        if part == ";":
            pos += 1
            continue
        pstart = pos
        pos += len(part)
        label = _ITEM_LABEL.match(part) if pstart == 0 else None
        if label:   # "ENTITIES ADDED: A, of ...; B": the label is no part of the first name
            part, pstart = part[label.end():], pstart + label.end()
        name, s = _trim_item(part, base + pstart)
        if name.strip():
            items.append((s, s + len(name), name))
    return items


def _split_and(items: list[tuple[int, int, str]], gaz: Gazetteer) -> list[tuple[int, int, str]]:
    """Split "A Co., Ltd. and B Co., Ltd." items where both halves are names."""
    out = []
    for s, e, name in items:
        parts = re.split(r"(,?\s+and\s+)", name)
        if len(parts) == 3 and not org_shape(name):
            a, sep, b = parts
            if org_shape(a) and (org_shape(b) or org_shape(b.rstrip("."))):
                out.append((s, s + len(a), a))
                bs = s + len(a) + len(sep)
                out.append((bs, bs + len(b), b))
                continue
        out.append((s, e, name))
    return out


#: between the names of a colon list: ";", "and", and a comma after an abbreviated legal form
#: ("A Co., Ltd., B Inc. and C") that no other legal form follows
_COLON_ITEM_SEP = re.compile(rf";|,\s+(?:and|or)\s+|\s+(?:and|or)\s+|(?<=\.),\s+(?=[A-Z])(?!(?:{_LEGAL})(?![\w-]))")


def _persons_apart(name: str, start: int) -> list[tuple[int, int, str]]:
    """An item of persons' names that only commas separate ("A B, C D, E F" before the last
    "and") as one item per person; any other item as it is."""
    parts = name.split(", ")
    if len(parts) < 2 or not all(is_person_name(x) for x in parts):
        return [(start, start + len(name), name)]
    out, at = [], start
    for x in parts:
        out.append((at, at + len(x), x))
        at += len(x) + 2
    return out


def find_enumerations(an: Analysis, bld: _Builder) -> list[Mention]:
    """Stage 2: enumerations of names (see the module docstring); marks their blocks ``item``."""
    gaz, flat, blocks = an.gaz, an.doc.flat, an.doc.blocks
    mentions: list[Mention] = []

    def add_items(items, block_ids, heading):
        members = []
        for s, e, name in items:
            key = bld.entity_for_name(_item_name(name), org_shape(name) or "Company", "enumeration")
            mentions.append(Mention(s, e, "P", key, "enumeration"))
            if key not in members:
                members.append(key)
        if members:
            an.enumerations.append(Enumeration(items[0][0], items[-1][1], members, heading, block_ids))

    # (a) prose paragraphs of names separated by ";" (or two names joined by "and")
    for i, b in _in_blocks(an, ("prose",)):
        text = flat[b.fstart:b.fend]
        if text.count(";") < 2 and (len(text) > 300 or " and " not in text):
            continue
        items = _split_and(_name_items(text, b.fstart), gaz)
        if len(items) >= 2 and (";" in text or len(text.split()) <= 30) \
                and all(_is_name_like(it[2], gaz) for it in items):
            b.kind = "item"
            add_items(items, [i], b.heading)
    # (b) runs of short blocks (lines, headings, bullets) that are names
    run: list[int] = []

    def close_run():
        names = [j for j in run if blocks[j].kind != "heading" or _block_name_like(j)]
        if len(names) >= 2:
            items = []
            for j in names:
                bj = blocks[j]
                t, s = _trim_item(flat[bj.fstart:bj.fend], bj.fstart)
                items.append((s, s + len(t), t))
                bj.kind = "item"
            first = names[0]
            heading = first - 1 if first > 0 and blocks[first - 1].kind == "heading" else blocks[first].heading
            add_items(items, names, heading)
        run.clear()

    def _block_name_like(j):
        bj = blocks[j]
        t = flat[bj.fstart:bj.fend]
        return bool(org_shape(_trim_item(t, 0)[0])) or bool(gaz.resolve_party(_trim_item(t, 0)[0], short=False))

    for i, b in enumerate(blocks):
        if b.fstart < 0:
            continue
        text = flat[b.fstart:b.fend]
        short = b.fend - b.fstart < 200 and len(text.split()) <= 16
        item = _trim_item(text, 0)[0] if short and b.kind in ("heading", "tail", "prose") else None
        if item is not None \
                and (b.kind != "prose" or re.search(r",\s*(?:and|or)?\s*$", text) or org_shape(text.rstrip("."))) \
                and _is_name_like(item, gaz) and (org_shape(item) or _block_name_like(i)):
            run.append(i)
        elif b.kind == "heading" and short and run:
            continue  # a sub-heading inside a list ("Canada", "China")
        else:
            close_run()
    close_run()
    for b in blocks:
        if b.kind == "tail":
            b.kind = "furniture"
    # (c) names after a colon in a sentence: "five PRC entities: A; B; C, and D — for ..."
    for i, b in _in_blocks(an, ("prose",)):
        text = flat[b.fstart:b.fend]
        for m in (COLON_GROUP_RE.finditer(text) if ":" in text else ()):
            after = text[m.end():]
            stop = re.search(r"—|--|\s-\s|\.\s|\.$|\s(?=(?:were|was|are|is|have|has|for|to|in|which|that)\b)", after)
            seg = after[:stop.start()] if stop else after
            seg_items = []
            pos = 0
            for sep in list(_COLON_ITEM_SEP.finditer(seg)) + [None]:
                end = sep.start() if sep else len(seg)
                name, s0 = _trim_item(seg[pos:end], b.fstart + m.end() + pos)
                if name.strip():
                    seg_items += _persons_apart(name, s0)
                pos = sep.end() if sep else len(seg)
            names = [it for it in seg_items if _is_name_like(_item_name(it[2]), gaz)]
            if len(names) >= 2 and len(names) == len(seg_items):
                fixed = []
                for s, e, n in names:
                    nm = _item_name(n)
                    fixed.append((s, s + len(nm), nm))
                add_items(fixed, [], b.heading)
    return mentions


#: words that tell no name from another: head words, legal forms, connectors
_GENERIC_WORDS = frozenset(_HEAD_WORDS | _CONNECTORS)
_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*")


def _org_of_place(text: str) -> bool:
    """Whether ``text`` is a name with its place after it: "Korsak Labs Limited of the United Kingdom"."""
    lm = RUN_RE.match(text)
    got = classify_run(lm.group(0), bool(lm.group("legal"))) if lm else None
    return bool(got) and _OF_PLACE.fullmatch(text, got[1]) is not None


def _split_two_names(run: str, ps: int, pe: int, is_place=None) -> list[tuple[int, int]]:
    """``run[ps:pe]`` cut at an "and" between two complete organisation names
    ("Tianjin Phytium Information Technology and Sunway Microelectronics"), or after a place
    the gazetteer knows ("... in Shanghai and WuXi Biologics Co., Ltd. in Wuxi": ``is_place(a, b)``
    tells whether ``run[a:b]`` is one), else whole."""
    i = run.find(" and ", ps, pe)
    while i >= 0:
        left, right = run[ps:i].strip(), run[i + 5:pe].strip()
        lw, rw = left.split(), right.split()
        if "of" in lw[-3:-1] and len(rw) >= 2 and rw[1] == "of":
            # "University of (Electronic) Science and Technology of China": two complements of one "of"
            i = run.find(" and ", i + 1, pe)
            continue
        rm = RUN_RE.match(right)
        if rm and is_place is not None and is_place(ps + len(run[ps:i]) - len(run[ps:i].lstrip()), i):
            return [(ps, i), (i + 5, pe)]
        # ... but "Zhonggu Storage and Transportation Co., Ltd.": a right part of nothing but
        # generic words finishes one name ("Storage and Transportation", "Import and Export")
        distinctive = any(w.strip("(),.").lower() not in _GENERIC_WORDS for w in rw)
        if rm and distinctive and classify_run(rm.group(0), bool(rm.group("legal"))) and (
                org_shape(left) or _org_of_place(left) or left.split()[:1] == right.split()[:1]
                or (lw and lw[0] in first_words() and is_person_name(left)) or country_code(left)):
            # two complete names, or two names of one family ("Chengdu Haiguang Integrated
            # Circuit and Chengdu Haiguang Microelectronics Technology"), a person and a company
            # ("Aung Moe Myint and Dynasty International Company Limited"), or a country and a
            # company ("Cytrox AD in North Macedonia and Cytrox Holdings Zrt")
            return [(ps, i), (i + 5, pe)]
        i = run.find(" and ", i + 1, pe)
    return [(ps, pe)]


def shape_mentions(an: Analysis, bld: _Builder, taken: list[Mention]) -> list[Mention]:
    """Stage 3: organisations and persons found by shape in prose and headings."""
    flat = an.doc.flat
    out: list[Mention] = []
    places = {(t.start, t.end) for t in taken if t.kind == "R"}
    for i, b in _in_blocks(an, ("prose", "heading")):
        seg = flat[b.fstart:b.fend]
        base = b.fstart
        for m in RUN_RE.finditer(seg):
            run = m.group(0)
            if not m.group("legal") and not _has_head_word(run) and not _PREFIX_FORM.match(run):
                continue  # no part of it can end in a head word or a legal form
            # cut at possessives ("Russia's Positive Technologies") and at the end of a
            # sentence ("... Radio Corporation. The Commission ...")
            pieces, pos = [], 0
            if "'s" in run or ". " in run:
                for pm in _RUN_CUT.finditer(run):
                    if pm.group("stop") and pm.group("stop").lower() in ABBREV:
                        continue
                    # the possessive word is the name's last ("Quillon Defense Group's president")
                    pieces.append((pos, pm.end() - 2 if pm.group("poss") else pm.end("dot")))
                    pos = pm.end()
            pieces.append((pos, len(run)))
            if " and " in run:
                at = base + m.start()
                pieces = [p for ps, pe in pieces
                          for p in _split_two_names(run, ps, pe, lambda a, b: (at + a, at + b) in places)]
            for ps, pe in pieces:
                text = run[ps:pe].strip()
                if not text:
                    continue
                off = base + m.start() + ps + (len(run[ps:pe]) - len(run[ps:pe].lstrip()))
                text, off = _strip_leading_stops(text, off)
                if text.endswith((" of", " the", " and", " for", " &")):
                    text = _TRAILING_CONNECTORS.sub("", text)
                lm = RUN_RE.match(text)
                if not lm:
                    continue
                got = classify_run(lm.group(0), bool(lm.group("legal")))
                if got is None:
                    continue
                label, length = got
                text = _sentence_stop(text[:length])
                out.append(Mention(off, off + len(text), "P", bld.entity_for_name(text, label), "shape"))
        for m in (DESCRIPTOR_RE.finditer(seg) if contains_any(_DESCRIPTORS, seg) else ()):
            names = m.group("names")
            nbase = base + m.start("names")
            for nm in re.finditer(rf"{_NAMEISH}", names):
                text, off = _strip_leading_stops(nm.group(0), nbase + nm.start())
                text = _sentence_stop(re.sub(r"\s+(?:and|of|&)$", "", text))
                if not text or text.lower() in STOP_CAPS or len(text) < 2:
                    continue
                if any(t.start <= off and off + len(text) <= t.end and t.kind not in ("P", "N", "R")
                       for t in taken):
                    continue
                if all(w.lower() in STOP_CAPS for w in text.split()):
                    continue
                out.append(Mention(off, off + len(text), "P", bld.entity_for_name(text, org_shape(text) or "Company"),
                                   "descriptor"))
        people = chain(PERSON_RE.finditer(seg) if contains_any(_ROLES, seg) else (), _titled_persons(seg),
                       _named_persons(seg) if b.kind == "prose" else ())
        for m in people:
            name = m.group("name")
            if name.endswith(("'s", "’s")):
                name = name[:-2]   # "Secretary of State Antony Blinken's visit"
            if not is_person_name(name):
                continue
            off = base + m.start("name")
            key = bld.person_for_name(name, "person")
            out.append(Mention(off, off + len(name), "N", key, "person"))
    return out


def acronym_aliases(an: Analysis, mentions: list[Mention]) -> None:
    """Stage 3b: "Name (ACR)", "Name, also known as Other" -> an alias of the party Name in this document.

    Known parties take it too: the lists know "Xinjiang Production and Construction
    Corps" but not "XPCC", which the fact sheet then uses alone.
    """
    flat = an.doc.flat
    for m in mentions:
        if m.kind not in ("P", "N") or not m.ref or m.ref not in an.entities:
            continue
        bracketed = ACRONYM_RE.match(flat, m.end)
        am = bracketed or AKA_RE.match(flat, m.end)
        if am:
            acr = _sentence_stop(am.group("acr"))
            ent = an.entities[m.ref]
            if bracketed and not is_bracketed_alias(acr, ent.name.split()):
                continue
            if acr not in ent.aliases and acr.lower() not in STOP_CAPS and acr.lower() not in LEGAL_WORDS:
                ent.aliases.append(acr)


def merge_alias_entities(an: Analysis, mentions: list[Mention]) -> None:
    """A new entity whose name is another entity's alias ("XPCC") is that entity."""
    alias_of: dict[str, str] = {}
    for ent in an.entities.values():
        for a in ent.aliases:
            alias_of.setdefault(norm(a), ent.key)
    remap = {}
    for key, ent in list(an.entities.items()):
        target = alias_of.get(norm(ent.name))
        if key.startswith("new:") and target and target != key:
            remap[key] = target
    for m in mentions:
        if m.ref in remap:
            m.ref = remap[m.ref]
    for e in an.enumerations:
        e.members = list(dict.fromkeys(remap.get(k, k) for k in e.members))
    for key in remap:
        an.entities.pop(key, None)


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep non-overlapping mentions: enumerations first, then the longer span; ties go to the gazetteer."""
    rank = {"enumeration": 0, "gazetteer": 1, "shape": 2, "descriptor": 2, "person": 2, "local": 3}
    ordered = sorted(mentions, key=lambda m: (rank.get(m.via, 3) != 0, -(m.end - m.start),
                                               rank.get(m.via, 3), m.start))
    chosen: list[Mention] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in ordered:
        i = bisect_right(starts, m.start)
        if (i > 0 and ends[i - 1] > m.start) or (i < len(starts) and starts[i] < m.end):
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    return chosen


def _used_as_word(text: str, word: str) -> bool:
    """Whether lower-case ``word`` occurs in ``text`` as a whole word ("hoshine" in "... hoshine ...")."""
    if not ("a" <= word[:1] <= "z"):
        return False
    i = text.find(word)
    while i >= 0:
        before, after = text[i - 1:i], text[i + len(word):i + len(word) + 1]
        if not (before and (before.isalnum() or before in "_-")) and not (after and (after.isalnum() or after in "_'-")):
            return True
        i = text.find(word, i + 1)
    return False


def short_names(an: Analysis) -> dict[str, list[str]]:
    """Stage 4: the names by which later mentions may refer to each document entity."""
    gaz = an.gaz
    out: dict[str, list[str]] = {}
    named: dict[str, set[str]] = {}
    for ent in an.entities.values():
        if ent.label not in PARTY_LABELS:
            continue
        forms = [ent.name, *ent.aliases]
        if ent.label != "Person":
            for form in list(forms):
                core = gaz.core_key(form).split()
                words = re.findall(r"[\w'-]+", form)
                while words and norm(words[0]) in gaz.places:
                    words = words[1:]
                if not words or not core:
                    continue
                # the first distinctive word (or the second, after a short code such as "SZ")
                for i, first in enumerate(words[:2]):
                    if norm(first) not in core[:2] or first.lower() in COMPANY_HEADS or first.lower() in ORG_HEADS:
                        continue
                    # the distinctive words together ("Yangtze Memory" of "Yangtze Memory Technologies Co., Ltd.")
                    phrase = list(takewhile(lambda w: norm(w) in core and w[:1].isupper(), words[i:]))
                    # ... and their leading part ("East Hope" of "Xinjiang East Hope Nonferrous Metals")
                    forms += [" ".join(phrase[:n]) for n in range(2, len(phrase) + 1)]
                    # a one-word short name that the text also uses as an ordinary word is not a name
                    if len(first) >= 3 and first[0].isupper() and first.lower() not in STOP_CAPS \
                            and not _used_as_word(an.doc.flat, first.lower()):
                        forms.append(first)
                        break
        else:
            parts = ent.name.split()
            if len(parts) >= 2:
                forms.append(parts[-1])
        given = {match_form(f) for f in (ent.name, *ent.aliases)}
        for f in forms:
            f = match_form(f)
            if len(f) < 3:
                continue
            lst = out.setdefault(f, [])
            if ent.key not in lst:
                lst.append(ent.key)
            if f in given:
                named.setdefault(f, set()).add(ent.key)
    # a form that is some entity's own name or alias ("ZTE" for "Zhongxing Telecommunications
    # Equipment Corporation (ZTE)") is not also the short name of another ("ZTE Kangxun ...")
    return {f: [k for k in keys if k in named[f]] if f in named else keys for f, keys in out.items()}


_NEXT_CAP = re.compile(r" ([A-Z][\w'-]*)")
_PREV_CAP = re.compile(r"(?:^|[\s(])([A-Z][\w'-]*) $")


def _inside_longer_name(flat: str, start: int, end: int, places) -> bool:
    """A short name that is one word of a longer name ("Huawei Cloud Beijing", "Silk Road
    BGI", "BGI Research") names another party, not the one it is short for."""
    nxt = _NEXT_CAP.match(flat, end)
    if nxt and nxt.group(1).lower() not in STOP_CAPS and nxt.group(1).lower() not in ROLE_NOUNS \
            and nxt.group(1).lower() not in GROUP_NOUNS:
        return True
    prev = _PREV_CAP.search(flat, max(0, start - 30), start)
    return bool(prev and prev.group(1).lower() not in STOP_CAPS and prev.group(1).lower() not in OPENERS
                and norm(prev.group(1)) not in places   # "Xinjiang Daqo" is Daqo in Xinjiang
                and flat[max(0, prev.start(1) - 2):prev.start(1)] not in (". ", "\n"))


def local_mentions(an: Analysis, taken: list[Mention]) -> list[Mention]:
    """Later mentions of the document's entities by name or short name (case-sensitive)."""
    names = short_names(an)
    if not names:
        return []
    auto = ahocorasick.Automaton()
    for form, keys in names.items():
        auto.add_word(form, (form, keys))
    auto.make_automaton()
    flat = an.doc.flat
    usable = [(b.fstart, b.fend) for b in an.doc.blocks if b.fstart >= 0 and b.kind in ("prose", "heading", "item")]
    starts = [s for s, _ in usable]
    cands = []
    for end_idx, (form, keys) in auto.iter(flat):
        start = end_idx - len(form) + 1
        end = end_idx + 1
        if (start > 0 and (flat[start - 1].isalnum() or flat[start - 1] in "-&")) or \
                (end < len(flat) and (flat[end].isalnum() or flat[end] in "-@"
                                      or (flat[end] == "." and flat[end + 1:end + 2].isalnum()))):
            continue
        k = bisect_right(starts, start) - 1
        if k < 0 or not (usable[k][0] <= start and end <= usable[k][1]):
            continue
        if _inside_longer_name(flat, start, end, an.gaz.places):
            continue
        cands.append((start, end, keys))
    out = []
    t_sorted = sorted(taken, key=lambda t: t.start)
    t_starts = [t.start for t in t_sorted]
    for start, end, keys in cands:
        i = bisect_right(t_starts, start) - 1
        if i >= 0 and t_sorted[i].end >= end:
            continue
        if len(keys) == 1:
            key = keys[0]
        else:  # recency: the entity mentioned last before this point
            best, key = -1, keys[0]
            for t in taken:
                if t.ref in keys and t.start < start and t.start > best:
                    best, key = t.start, t.ref
        kind = "N" if an.entities[key].label == "Person" else "P"
        out.append(Mention(start, end, kind, key, "local"))
    return out


def find_mentions(doc: DocText, gaz: Gazetteer) -> Analysis:
    """Run the stages of the module docstring over ``doc``; returns the :class:`Analysis`."""
    an = Analysis(doc, gaz)
    bld = _Builder(an)
    known = known_mentions(an, bld)
    enums = find_enumerations(an, bld)
    shapes = shape_mentions(an, bld, known)
    merged = resolve_overlaps(known + enums + shapes)
    acronym_aliases(an, merged)
    merge_alias_entities(an, merged)
    merged = resolve_overlaps(merged + local_mentions(an, merged))
    # drop mentions in furniture and tables-only text that was dropped
    keep_kinds = ("prose", "heading", "item", "table")
    merged = [m for m in merged if an.block(m.start)[1].kind in keep_kinds]
    an.mentions = merged
    # entities that are only named in furniture are not mentioned
    used = {m.ref for m in merged}
    for key in [k for k in an.entities if k not in used]:
        del an.entities[key]
    # sentences
    for i, b in enumerate(doc.blocks):
        if b.fstart < 0 or b.kind not in ("prose", "heading", "item"):
            continue
        if b.kind == "prose":
            for s, e in split_sentences(doc.flat, b.fstart, b.fend):
                an.sentences.append(Sentence(s, e, i, "prose"))
        else:
            an.sentences.append(Sentence(b.fstart, b.fend, i, b.kind))
    return an
