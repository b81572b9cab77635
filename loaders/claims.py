"""Claims: who is listed on, considered for, cited for, located in ... what - with modality and dates.

The sentences of a document are read in order. For each sentence:

1. **references** - definite descriptions ("the company", "the Hangzhou-based
   firm"), plural references ("these entities", "the entities listed in the
   Annex", "they"), references to a legal instrument ("this order", "an
   executive order") and cataphora ("the following 59 entities", "five PRC
   entities: ...") are resolved by recency and type against what was read
   before (or, for cataphora, the enumeration that follows);
2. **abstract sentence** - every mention becomes a placeholder ``⟦P3⟧``
   (kinds in ``document_rules.yaml``); unknown capitalised names become ``⟦U⟧``
   and turn into new companies only if a pattern uses them as a party;
3. **patterns** - the claim patterns of the rules file are matched against the
   abstract sentence; a match names the subjects, the object, the trigger and,
   for citations, the reason (concerns and the region they concern);
4. **modality** - read from the cues in the trigger's clause (and from report
   frames such as "reported that" over the rest of the sentence):
   denied > hypothetical > proposed > reported > asserted. Noun-phrase facts
   ("the Hangzhou-based company", "Name, a fellow at Org") are presupposed and
   always asserted; conduct attributions ("for its alleged involvement in")
   take only reported/denied cues, since "may impose sanctions on X for ..."
   makes the sanction hypothetical, not the conduct. A listing that is not
   asserted becomes ``CONSIDERED_FOR``: the model allows ``LISTED_ON`` only as
   a fact;
5. **dates** - the date in the trigger's clause (a "since" date preferred for
   listings), else in the sentence, else the date of the listing frame the
   sentence continues ("were designated" after "added ... to the Entity List in
   November"); listings with no date take the document's effective date
   ("This rule is effective ...") or its publication date, as the model says
   (``listed_on``: "first seen"); ``CONSIDERED_FOR`` takes the publication date
   (``reported_on``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from sanctions_kg.graph.names import normalize_name
from sanctions_kg.loaders.dates import DateMention, find_dates
from sanctions_kg.loaders.relations import (
    PAIR_TYPES, READER, RelationModel, pair_features, placeholder_positions, shipped_model, tokens,
)
from sanctions_kg.loaders.mentions import (
    LOCATIVE_SUFFIXES, RUN_RE, STOP_CAPS, Analysis, LocalEntity, Mention, Sentence, _Builder, classify_run,
    is_person_name,
)
from sanctions_kg.loaders.rules import RULES, alternation, either_case, substring_finder
from sanctions_kg.loaders.parties import country_code
from sanctions_kg.schema import MODEL

MODALITY_ORDER = ["denied", "hypothetical", "proposed", "reported", "asserted"]
# One scan per modality: the cues of a modality joined in a lookahead, so that, as with
# one regex per cue, a cue is found at every position where it starts.
_MOD = {k: re.compile("(?=" + "|".join(f"(?:{p})" for p in v) + ")")
        for k, v in RULES["modality"].items() if k != "sentence_frames"}
_FRAMES = [re.compile(p) for p in RULES["modality"]["sentence_frames"]]
_BOUNDARY = re.compile(RULES["clause_boundaries"])
_SUBORD = {w.lower() for w in RULES["subordinators"]}
_EFFECTIVE = re.compile(RULES["dates"]["effective_cue"], re.IGNORECASE)
_ANA = RULES["anaphora"]
_NUMW = "|".join(re.escape(w) for w in RULES["groups"]["number_words"])
_GROUP_HEADS = "|".join(re.escape(w) for w in _ANA["group_heads"])
_PARTY_HEADS = "|".join(re.escape(w) for w in _ANA["party_heads"])
_PARTY_NP = rf"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w'-]+\s+){{0,3}}?(?P<head>{_PARTY_HEADS})\b"
PARTY_ANAPHOR = re.compile(_PARTY_NP + r"(?!['-])(?!\s+(?:[A-Z]|of\b|that\b|which\b|who\b|is\s+called))")
#: any reference to one party, possessives included ("BIS cited the company's acquisition of ...")
PARTY_REFERENCE = re.compile(_PARTY_NP)
#: "the man", "the 31-year-old": the person named last
PERSON_ANAPHOR = re.compile(r"\b[Tt]he (?:man|woman|\d{1,2}-year-old)\b(?!['’-])")
_LOCATIVE_ENDS = tuple(f"-{w}" for w in LOCATIVE_SUFFIXES)
#: descriptions that only a business answers to ("the drone maker"), not a ministry or an army
_BUSINESS_HEADS = frozenset(h for h in _ANA["party_heads"] if h not in ("group", "enterprise"))
GROUP_ANAPHOR = re.compile(
    rf"\b(?P<det>[Tt]hese|[Tt]hose|[Tt]he|[Aa]ny|[Aa]|[Ee]ach|[Ee]very|[Aa]ll|[Bb]oth)\s+(?:(?P<num>\d+|{_NUMW})\s+)?(?:[\w-]+\s+){{0,2}}?"
    rf"(?P<head>{_GROUP_HEADS}|person|entity)\b(?P<rest>(?:\s+(?:who|that|which)\s+(?:is|are))?\s+(?P<neg>not\s+)?(?:listed|named|identified|included)\s+in\s+the\s+(?P<section>[A-Z][a-z]+))?")
CATAPHOR = re.compile(
    rf"\b(?:(?P<following>the\s+following)\s+(?:(?:\d+|{_NUMW})\s+)?|(?P<num>\d+|{_NUMW})\s+)(?:[\w-]+\s+){{0,2}}?(?P<head>{_GROUP_HEADS})\b")
#: "'s biggest server maker" after a region ("China's biggest server maker"), not followed by a name
_REGION_DESC = re.compile(
    rf"['’]s\s+(?P<np>(?:[\w-]+\s+){{0,3}}?(?P<head>{_PARTY_HEADS}))\b(?!['-])(?!,?\s+(?:[A-Z]|of\b|that\b|which\b|who\b))")
#: a listing's object, a relative clause on it, then the since-date: "on the List, which bars ..., since"
_RELATIVE_THEN_SINCE = re.compile(r"^[^,.;]*(?:List|list)\)?, (?:which|that) [^.;]*, (?:since )?$")
#: a region right before a concern ("U.S. national security", "China's military-civil fusion")
_REGION_BEFORE = re.compile(r"⟦R(\d+)⟧(?:'s)?(?: (?:[a-z]+|and|or)){0,3}\s*$")
#: a designation under a legal instrument, whose list the agency alone does not decide
_UNDER_AUTHORITY = re.compile(r"\b(?:Executive Order|E\.O\.|[Oo]rder \d)")
#: what may stand before a date that opens a sentence ("On October 9, 2019, ...")
_OPENING_DATE = re.compile(r"\s*(?:(?:[A-Z]+(?: [A-Z]+)*,? )?(?:[Oo]n|[Ii]n|[Bb]y|[Aa]s of|[Ss]ince|[Ee]ffective) )?")
#: the end of a news dateline after its date: "WASHINGTON, June 12 (Reuters) - "
_DATELINE_END = re.compile(r"(?: \([^()]{1,40}\))? ?[-–—] ")
#: how many blocks (paragraphs, headings, items) after a listing its frame still holds: "BIS added
#: 27 entities to the Entity List. [...] Also listed was X." (a block further on names no list
#: and is no continuation: measured on the development sets, 1 -> 5 blocks gave 21 right
#: claims for 3 wrong, the whole document 19 for 7)
FRAME_REACH = 5
#: "the same day", "that action": the date of the listing (or the day) told before
_SAME_DAY = re.compile(r"\b(?:[Tt]he same day|[Tt]hat same day|[Tt]hat day|[Tt]he same date|[Tt]hat (?:action|round|designation))\b")
#: "it" - not "its", and not the "it" of "it is not clear whether ..."
PRONOUN_IT = re.compile(r"\b[Ii]t\b(?!['’])(?!\s+(?:is|was|seems|appears)\s+(?:not\s+)?(?:" + "|".join(_ANA["expletive_it"]) + r")\b)")
#: counts written as words, "two" to "twelve"
_COUNT_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_COUNT = "|".join(_COUNT_WORDS)
#: a possessive ending right after a name ("SSB's president")
_POSSESSIVE = re.compile(r"['’]s?\b")
#: what may come before an item's member: "and", a role ("its vice president,")
_ITEM_LEAD = re.compile(r"\s*(?:and |or )?(?:(?:the |its |their |his |her )?[a-z][\w-]*(?: [a-z][\w-]*){0,4}, )?")
_EXCEPT = re.compile(r"\b(?:except(?: for)?|other than|apart from|excluding|save for|but not)(?: the)?\s*$")
_CONJ_ONLY = re.compile(r",? (?:and|or) (?:the )?|, (?:the )?")
#: an apposition that names another party: "X, a subsidiary of Y," and "X, the chip arm of
#: Shenzhen-based Y," tell of Y, they do not list it
#: ... and so does a name that only qualifies a group: "two Y subsidiaries, A and B", "three
#: units of Y"
_NOT_SUBJECT = re.compile(r", (?:a|an|the|its|their)\b[^,;⟦⟧]*?\b(?:of|at|in|for|by|with|from)\b(?: (?:[a-z][\w-]*|⟦R\d+⟧(?:-based)?))* ⟦[PU]\d+⟧(?=,|$)"
                          r"|⟦[PU]\d+⟧(?=['’]?s? (?:subsidiaries|affiliates|units)\b)|\b(?:subsidiaries|affiliates|units) of (?:(?:[a-z][\w-]*|⟦R\d+⟧(?:['’]s)?) ){0,3}⟦[PU]\d+⟧")
#: a date of a party's founding dates none of its listings: "the group formed in 2016"
_FOUNDED_BEFORE = re.compile(r"\b(?:founded|formed|established|created|incorporated|set up|launched|born)(?: in| on)? $")
#: what "it" does when it stands for a party, not a list: "and it does not appear on ..."
_IT_STANDS = re.compile(r"\s+(?:also |still |too |itself )?(?:does not|did not|do not|has not|had not|is not|was not|"
                        r"appears|appeared|remains|remained|was added|has been|had been|was placed|was designated)\b")
_REASON_ALLEGED = re.compile(r".{0,14}?\b(?:for|over) (?:its|their|his|her|the) (?:alleged|reported|suspected|purported)\b")
_LIST_ITEM_NEXT = re.compile(r",? (?:and |or )?(?:the )?[A-Z]")
#: words after a comma that open an appositive inside a clause, not end the clause
_APPOSITIVE_OPENER = re.compile(r"(?:including|among them|such as|notably|namely|in particular)\b")
#: "earlier that month", "later that year", "the same month": a period the text just dated
_THAT_PERIOD = re.compile(r"\b(?:(?:[Ee]arlier|[Ll]ater) that|[Tt]hat(?: same)?|[Tt]he same) (?P<unit>month|year)\b")
#: "a year later", "two months later", "the following year": a period after the date named last
_LATER = re.compile(rf"\b(?:(?P<n>{either_case(('a', 'one', *_COUNT_WORDS))}|\d{{1,2}}) "
                    r"(?P<unit>month|year)s? later|[Tt]he (?:following|next) (?P<unit1>month|year))\b")


def _shifted(anchor: str, ref: re.Match) -> str | None:
    """``anchor`` (an ISO date) moved as ``ref`` says, at the precision the reference gives:
    "that month" -> the anchor's month, "a year later" after 2020-12 -> 2021-12, "the
    following year" after 2019-05 -> 2020."""
    groups = ref.groupdict()
    unit = (groups.get("unit") or groups.get("unit1") or "").lower()
    if ref.re is _THAT_PERIOD:   # "that month", "later that year"
        return anchor[:7] if unit == "month" and len(anchor) >= 7 else anchor[:4] if unit == "year" else None
    n = 1 if groups["unit1"] or groups["n"].lower() == "a" else _count(groups["n"])
    year, month = int(anchor[:4]), int(anchor[5:7]) if len(anchor) >= 7 else None
    if unit == "year":
        return f"{year + n}-{month:02d}" if month and not groups.get("unit1") else str(year + n)
    if month is None:
        return None
    month += n
    return f"{year + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}"


#: a reference to the listing action being told: "the move", "Treasury tied the three
#: designations to ...", "today's five targets". An ``X`` mention: its members are the parties
#: the action listed, but only reason patterns take it (an action is listed on nothing)
ACTION_ANAPHOR = re.compile(
    rf"\b(?<!of )(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Tt]oday['’]s|[A-Z][a-z]+day['’]s)(?: (?:latest|new|same|joint|coordinated))?"
    rf"(?: (?P<num>{_COUNT}))? (?P<head>{'|'.join(map(re.escape, _ANA['action_heads']))})\b")
#: "the four" used alone for a group of four ("The four were added to the SDN list"),
#: "all seven" ("OFAC added all seven to its list") and "both" ("Unlike X, both were added")
_THE_NUMBER = re.compile(rf"\b(?:[Tt]he ({_COUNT})\b(?= (?:were|are|have|had|will|would|also|all)\b)"
                         rf"|[Aa]ll (?:the )?({_COUNT})\b|(?<!\w )([Bb]oth)(?= (?:were|are|have|had|will|would|also)\b))")
#: a sentence that names the members of a group: "The seven are A, B, ... and G."
_GROUP_NAMED = re.compile(rf"\s*(?:[Tt]he|[Tt]hese|[Tt]hose|[Tt]hey)(?: (?P<num>{_COUNT}))?(?: [a-z-]+)?"
                          r" (?:are|were|include|included)\b:?")
#: before an agency named only as a source
_SOURCE_ONLY = re.compile(r"\baccording to (?:the )?$")
#: between a party and another party its appositive names: ", a subsidiary of ", ", the parent of "
_DESCRIBING = re.compile(r", (?:a|an|the|its|their) [^,;.]*")
#: after "it": a sanction the "it" imposes, so that "it" may be the agency named last
_IT_SANCTIONS = re.compile(r"\s+(?:also |then |later |has |had )?(?:sanctioned|designated|blacklisted)\b")
#: "they", "them" - not the "them" of "among them", which introduces names
PRONOUN = re.compile(r"\b(?<!among )(?:" + "|".join(map(re.escape, _ANA["plural_pronouns"])) + r")\b")
LIST_ANAPHOR = re.compile(_ANA["list"])
#: "its list of Chinese military companies", "the Pentagon's list", "its sanctions list": a list
#: an agency keeps (see ClaimReader._agency_list_ref)
AGENCY_LIST = re.compile(r"(?P<owner>\b[Ii]ts|\b[Tt]heir|['’]s) (?P<words>(?:[a-z][\w-]* ){0,3}?)(?:black)?list\b"
                         r"(?P<of> of (?:[A-Z][\w-]* |[a-z][\w-]* ){0,3}?(?:companies|entities|firms|persons|parties))?")
#: "the Commission", "the department" - an agency named by its head word
AGENCY_ANAPHOR = re.compile(r"\b[Tt]he (?P<head>" + either_case(_ANA["agency_heads"])
                            + r")\b(?!\s+of\b)(?!['’]s\s+[A-Z])")
#: strings every match of a reference pattern contains: a pattern is tried only when one is present
_GATES = {
    "cataphor": frozenset(_ANA["group_heads"]),
    "group": frozenset((*_ANA["group_heads"], "person", "entity")),
    "pronoun": frozenset(_ANA["plural_pronouns"]),
    "it": frozenset({"It ", " it "}),
    "party": frozenset(_ANA["party_heads"]),
    "person": frozenset({"he man", "woman", "year-old"}),
    "list": frozenset({"list"}),
    "agency": frozenset(w[1:] for w in _ANA["agency_heads"]),
    "authority": frozenset({"rder", "E.O", "Act"}),
    "action": frozenset(f" {w}" for w in _ANA["action_heads"]),
    "count": frozenset({*(f"{a} {n}" for n in _COUNT_WORDS for a in ("he", "ll")), "oth "}),
}
#: a sentence without any of these (case-sensitive) strings has no reference to resolve
_REF_HINTS = frozenset(w[:6] for w in (*_ANA["group_heads"], *_ANA["party_heads"], "person", "entity", "following",
                                       "they", "them", "order", "E.O", "Act", "list", *_GATES["agency"],
                                       *_GATES["it"], *_GATES["person"], *_GATES["count"])) | _GATES["action"]
#: a reference to a list, an instrument or an agency needs one of these words ("it" may be
#: an agency: "it sanctioned X")
_GATED_KINDS = (("X", _GATES["action"]), ("L", _GATES["list"]), ("O", _GATES["authority"]), ("A", _GATES["agency"] | _GATES["it"]),
                ("N", _GATES["person"]))
_REF_FINDER = substring_finder(tuple(sorted(_REF_HINTS.union(*_GATES.values()))))
#: placeholder kinds that references (P, G, and O, L when hinted) and unknown names (U) may
#: add to a sentence after the pattern filter has run
_LATER_KINDS = frozenset({"P", "U", "G"})
#: in a coordination: relative clauses, aliases, and a name modifying a noun ("two A affiliates")
_NOT_CONJUNCT = re.compile(r",? (?:which|who|that) [^,]*,?|\b(?:in|of|at|from|near) ⟦U\d+⟧|,? (?:also known as|known as|doing business as|formerly known as)"
                           r" ⟦U\d+⟧,?|⟦[PU]\d+⟧(?=[’']?s? (?:affiliates?|subsidiar\w+|units?|entities|companies|firms)\b)")
_DESCRIPTION = re.compile(r"\s*(?:a|an|its|their|his|her|one|two|three|the)\b[^⟦]*\b(?:of|in|at|for|by|with|to|from)"
                          r" (?:the |its )?⟦")
_CONJ_SPLIT = re.compile(r"[,;]? (?:and|or|as well as) |[,;] ")
_CONJ_HEAD = re.compile(r"⟦[PGUN](\d+)⟧")
#: names a counted group announces: "two officials, A and B", "three subsidiaries, A, B and C"
_PEOPLE_NOUNS = frozenset({"officials", "executives", "individuals", "persons", "people", "leaders", "officers",
                           "administrators", "nationals", "employees", "members", "directors", "founders",
                           "co-founders", "associates", "citizens", "men", "women"})
_COUNTED_NAMES = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several) (?:of (?:its|their|the) )?"
    r"(?:(?:[\w-]+|⟦[PUR]\d+⟧(?:['’]s)?) ){0,2}?(?P<noun>"
    + alternation({*_PEOPLE_NOUNS, "entities", "companies", "firms", "subsidiaries", "affiliates"})
    + r")(?: of (?:the )?⟦[PU]\d+⟧)?,? "
    r"(?:(?:including|among them|namely) )?(?P<names>⟦[PUGN]\d+⟧(?:,? (?:and )?⟦[PUGN]\d+⟧)*)")
#: more parties after a listing: ", together with C, D and E" (no other party in between)
_TOGETHER_WITH = re.compile(r"(?:[^;⟦⟧]|⟦[RC]\d+⟧)*?,? (?:together with|along with|as well as) (?:(?:⟦[RC]\d+⟧(?:['’]s)?|the|[a-z][\w-]*),? ){0,6}?"
                            r"(?P<more>(?:(?:the )?⟦[PG]\d+⟧(?:,? (?:and )?)?)+)")
#: the head of an item in a ``;`` list, and a subsidiary named with it ("and its subsidiary B")
_ITEM_HEAD = re.compile(r"^\s*(?:and |or )?(?:the )?⟦[PGUN](\d+)⟧|\band (?:its|their) (?:[\w-]+ ){0,3}?"
                        r"(?:subsidiary|subsidiaries|affiliate|affiliates|unit|units) ⟦[PGU](\d+)⟧")
AUTH_ANAPHORS = [(re.compile(a["regex"]), a["kind"], a["definite"]) for a in _ANA["authority"]]
# (the lookbehind follows the first letter so that the scan can skip to capitals)
_UNKNOWN_RUN = re.compile(r"[A-Z](?<![\w'-][A-Z])[\w&'.-]*(?:\s+(?:of\s+|&\s+)?[A-Z][\w&'.-]*)*")


_NUMBERS = {w: i for i, w in enumerate(("zero", "one", *_COUNT_WORDS))}


def _count(word: str) -> int | None:
    """``"5"`` or ``"five"`` -> 5 (None for "several")."""
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower())


def _iter_find(text: str, word: str):
    """Positions of ``word`` in ``text`` (str.find: faster than a regex scan)."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _expand(template: str, macros: dict[str, str]) -> str:
    for _ in range(5):
        new = re.sub(r"\{([A-Z]+)\}", lambda m: macros.get(m.group(1), m.group(0)), template)
        if new == template:
            break
        template = new
    return template


@dataclass(frozen=True)
class Pattern:
    """A compiled claim pattern (see ``patterns`` in the rules file)."""

    id: str
    predicate: str
    regex: re.Pattern
    needs: frozenset
    np: bool = False
    conduct: bool = False
    explicit: bool = False
    inverse: bool = False
    removal: bool = False
    object_is_authority: bool = False
    #: where the list comes from when the match names none: "frame", "last_list" or "agency"
    object_from: str | None = None
    words: tuple[str, ...] = ()
    items: bool = False
    conjuncts: bool = False
    abstract_has: tuple[str, ...] = ()
    #: the subject is a person by the construction: an unknown name there is one
    person: bool = False
    #: (``object_from: frame``) the frame's listing was told in this sentence or the two before:
    #: "designated alongside it" refers to a party just named, not to a listing paragraphs back
    frame_just_told: bool = False
    #: (``CITED_FOR``) the subjects are the parties of the listing being told (the frame):
    #: "The agency also cited ..." after the sentence that listed them
    frame_subjects: bool = False
    #: (text, kind) pairs read from ``abstract_has`` entries such as " of ⟦R"
    before_mention: tuple[tuple[str, str], ...] = ()


_OBJECT_SOURCES = ("frame", "last_list", "agency")


def _before_mention(has) -> tuple[tuple[str, str], ...]:
    """``abstract_has`` as (text, kind) pairs when every entry is a text before a region or
    concern placeholder (" of ⟦R"), which can be tested before abstracting; else ()."""
    pairs = tuple((h[:-2], h[-1]) for h in has if h[-2:-1] == "⟦" and h[-1] in "RC")
    return pairs if len(pairs) == len(has) else ()


def compile_patterns(rules: dict = RULES) -> list[Pattern]:
    """The rules file's claim patterns with macros expanded."""
    macros = rules["macros"]
    out = []
    for p in rules["patterns"]:
        source = _expand(p["regex"], macros)
        needs = set()
        pred = p["predicate"]
        if pred in ("LISTED_ON",) and not p.get("object_from"):
            needs.add("O" if p.get("object_is_authority") else "L")
        if pred == "CITED_FOR":
            needs.add("C")
        if pred == "ADMINISTERS":
            needs |= {"A", "L"}
        if pred == "LOCATED_IN":
            needs.add("R")
        if p.get("id") == "x-listed-in-annex":
            needs = set()
        needs |= set(p.get("needs") or ())
        if p.get("object_from") not in (None, *_OBJECT_SOURCES):
            raise ValueError(f"pattern {p['id']}: object_from must be one of {', '.join(_OBJECT_SOURCES)}")
        has = tuple(p.get("abstract_has") or ())
        flags = {f: bool(p.get(f)) for f in ("np", "conduct", "explicit", "inverse", "removal", "object_is_authority",
                                             "items", "conjuncts", "person", "frame_just_told", "frame_subjects")}
        out.append(Pattern(p["id"], pred, re.compile(source), frozenset(needs), object_from=p.get("object_from"),
                           words=tuple(w.lower() for w in p.get("words") or ()), abstract_has=has,
                           before_mention=_before_mention(has), **flags))
    return out


PATTERNS = compile_patterns()
_EXPLICIT = frozenset(p.id for p in PATTERNS if p.explicit)
_ADD_PATTERN = next(p for p in PATTERNS if p.id == "add-x-to-list")
#: the pseudo-patterns the relation model's claims are read with (their ids name the model)
_MODEL_PATTERNS = {t: Pattern(f"{READER}:{t.lower()}", pred, re.compile(""), frozenset())
                   for t, (_, _, pred) in PAIR_TYPES.items()}
#: words after a concern that make it part of an organisation's description ("surveillance camera maker")
_DESCRIBES_ORG = re.compile(_expand(r"(?:[ -][a-z][\w-]*){0,2}? {DESC}\b", RULES["macros"]))
#: an unknown name with an apposition that calls it an organisation: "⟦U3⟧, a Russia-based hosting provider,"
_DESCRIBED_UNKNOWN = re.compile(_expand(r"⟦U(\d+)⟧, (?:a|an|the|its) (?:[^,;⟦⟧]|⟦[RC]\d+⟧)*?\b{DESC}\b(?:[^,;⟦⟧]|⟦[RCPU]\d+⟧)*(?:,|$)",
                                        RULES["macros"]))
_GROUP_LISTING = re.compile(_expand("{GROUPLISTING}", RULES["macros"]))
_GROUP_THEN = re.compile(_expand("{GROUPTHEN}", RULES["macros"]))
_AGENCY_GROUP = re.compile(_expand("{AGENCYGROUP}", RULES["macros"]))


#: a subject span that is only a coordination of names may name unknown parties (``U``)
PS_RE = re.compile(_expand("{PS}", RULES["macros"]))
#: between a subject and the "it" its verb takes: "OFAC added it", "BIS on Monday placed it"
_SUBJECT_OF_IT = re.compile(_expand(r" (?:(?:also|then|later|subsequently|quickly|on \w+(?: \d+)?|in \w+(?: \d{4})?) )?"
                                    r"(?:{ADD}|{REMOVE}|sanctioned|acquired|bought|owns|owned|controls|controlled) ",
                                    RULES["macros"]))
#: a party's appositive ("X, a firm accused of ...,", "X, which reportedly ...,"): its cues
#: describe the party, not an action told outside it
_PARTY_APPOSITIVE = re.compile(_expand(r"⟦[PNUG]\d+⟧(?P<app>{APPOS})", RULES["macros"]))


@dataclass
class RawClaim:
    """A claim as read: entity keys, predicate, modality, date, region and evidence sentence."""

    subject: str
    predicate: str
    object: str
    modality: str
    date: str | None
    region: str | None
    sentence: Sentence
    pattern: str
    removed_on: str | None = None
    role: str | None = None
    explicit_date: bool = False
    #: a reason told apart from the listing ("Treasury tied the designations to ..."): dated by
    #: its own sentence or a rule's effective date, never by a news story's lede
    apart: bool = False
    #: a removal from the list (``removed_on`` its date, when the text gives one)
    removal: bool = False


@dataclass
class _Abstract:
    text: str
    mentions: list[Mention]
    # (abstract start, flat start, abstract length, flat length)
    pieces: list[tuple[int, int, int, int]] = field(default_factory=list)

    def to_flat(self, pos: int) -> int:
        for a, f, al, fl in self.pieces:
            if a <= pos < a + al:
                return f + min(pos - a, fl)
        if self.pieces:
            a, f, al, fl = self.pieces[-1]
            return f + fl
        return 0


_INDEXES: dict[int, tuple] = {}


def _pattern_index(patterns: list[Pattern]) -> tuple:
    """(finder of trigger words, trigger word -> indexes of the patterns it can start, indexes of
    the patterns without trigger words): a sentence then tests only the patterns its words can
    start. Built once per pattern list."""
    got = _INDEXES.get(id(patterns))
    if got is None or got[0] is not patterns:
        by_word: dict[str, set[int]] = {}
        for i, p in enumerate(patterns):
            for w in p.words:
                by_word.setdefault(w, set()).add(i)
        finder = substring_finder(tuple(sorted(by_word)))
        got = _INDEXES[id(patterns)] = (patterns, finder, by_word,
                                        {i for i, p in enumerate(patterns) if not p.words})
    return got[1:]


class ClaimReader:
    """Reads the claims of one analysed document (see the module docstring)."""

    def __init__(self, an: Analysis, patterns: list[Pattern] = PATTERNS,
                 relations: RelationModel | bool | None = None, collect: list | None = None):
        self.an = an
        #: the relation model for the pairs patterns leave unrelated (True: the shipped one; off
        #: by default, see docs/extraction.md "Relation model")
        self.relations = shipped_model() if relations is True else relations or None
        #: when a list: pair candidates are collected into it (for training) instead of scored
        self.collect = collect
        self._read_pairs = self.relations is not None or collect is not None
        self.flat = an.doc.flat
        self.gaz = an.gaz
        self.patterns = patterns
        self._finder, self._by_word, self._wordless = _pattern_index(patterns)
        self.published = an.doc.published
        self._dates: dict[int, list[DateMention]] = {}
        self._clause_memo: dict[str, list[tuple[int, int]]] = {}
        self._cue_memo: dict[tuple[str, int, int], tuple[tuple[str, int], ...]] = {}
        self._appositive_memo: dict[tuple[str, int, int], tuple[tuple[int, int], ...]] = {}
        #: the date a rule or notice says it takes effect ("This rule is effective ..."), if it is one
        self.rule_effective = self._effective_date()
        self.effective = self.rule_effective or self._lede_date()
        self.self_authority = self._self_authority()
        self.builder = _Builder(an)
        self.claims: list[RawClaim] = []
        # discourse state
        self.last_parties: list[tuple[int, str]] = []
        self.last_persons: list[tuple[int, str]] = []
        self.last_plural: tuple[int, list[str]] | None = None
        self.last_authority: str | None = None
        self.last_list: tuple[int, str] | None = None
        self.last_agencies: list[tuple[int, str]] = []
        self.frame: tuple[int, str, str | None] | None = None   # (block, list key, date)
        self._frame_at = -1   # the sentence that set the frame last
        self._frame_first_claim = 0   # the first claim of the frame's action
        self._sentence_first_claim = 0
        self.mentions_by_sentence = self._bucket()
        self._mention_starts = [m.start for m in an.mentions]
        self._sentence_starts = [x.start for x in an.sentences]
        self._current = 0

    # ----------------------------------------------------------- document facts
    def dates_in(self, s: Sentence) -> list[DateMention]:
        """Dates of one sentence (found on demand: most sentences never need them)."""
        got = self._dates.get(s.start)
        if got is None:
            got = [d for d in find_dates(self.flat[s.start:s.end], self.published, s.start)
                   if not _FOUNDED_BEFORE.search(self.flat, max(s.start, d.start - 30), d.start)]
            ref = _THAT_PERIOD.search(self.flat, s.start, s.end) or _LATER.search(self.flat, s.start, s.end)
            if ref is not None and not any(d.start <= ref.start() < d.end for d in got):
                # the date the text named last: in this sentence before the reference, else before it
                anchor = next((d.value for d in reversed(got) if d.end <= ref.start()), None) or self._date_before(s)
                value = _shifted(anchor, ref) if anchor else None
                if value:
                    got = sorted([*got, DateMention(ref.start(), ref.end(), value)], key=lambda d: d.start)
            self._dates[s.start] = got
        return got

    def _date_before(self, s: Sentence) -> str | None:
        """The date the text named last before ``s`` (in the sentence before it or the one
        before that, in the same block): what "that month" and "later that year" refer to."""
        i = bisect_right(self._sentence_starts, s.start) - 1
        for prev in self.an.sentences[max(0, i - 2):i][::-1]:
            if prev.block != s.block:
                continue
            ds = self.dates_in(prev)
            if ds:
                return ds[-1].value
        return None

    def _effective_date(self) -> str | None:
        low = self.flat.lower()
        # every effective-date cue says "effect...": look only around those words
        hits = [m for at in _iter_find(low, "effect")
                if (m := _EFFECTIVE.search(self.flat, max(0, at - 16), at + 14)) is not None]
        if not hits:
            return None
        sentences = self.an.sentences
        starts = [x.start for x in sentences]
        for m in hits:
            i = bisect_right(starts, m.start()) - 1
            s = sentences[i] if i >= 0 and m.start() < sentences[i].end else None
            if s is None:
                continue
            ds = [d for d in self.dates_in(s) if len(d.value) == 10]
            if ds:
                return ds[0].value
        return None

    def _lede_date(self) -> str | None:
        """The day the first sentence of a news story names ("The United States on Thursday
        imposed sanctions ..."): the day of the action the story reports, which its later
        undated sentences ("OFAC added X to its SDN list") tell."""
        first = next((x for x in self.an.sentences if x.kind == "prose"), None)
        if first is None:
            return None
        days = [d for d in self.dates_in(first) if len(d.value) == 10]
        # "WASHINGTON, June 12 (Wire) - The Treasury on Monday blacklisted ...": the dateline
        # is the day of filing; the day the action took is the one the sentence tells
        told = [d for d in days if not _DATELINE_END.match(self.flat, d.end)]
        return (told or days)[0].value if days else None

    def _self_authority(self) -> str | None:
        """The instrument this document is (an executive order, or its fact sheet), by its title."""
        title = normalize_name(self.an.doc.meta.get("title", ""))
        if not title or "executive order" not in title:
            return None
        for e in self.gaz.authorities():
            core = normalize_name(e.name.split(":", 1)[-1])
            if len(core.split()) >= 5 and core in title:
                return e.id
        return None

    def _bucket(self) -> dict[int, list[Mention]]:
        out: dict[int, list[Mention]] = {}
        ms = self.an.mentions
        j = 0
        for i, s in enumerate(self.an.sentences):
            while j < len(ms) and ms[j].end <= s.start:
                j += 1
            k = j
            bucket = []
            while k < len(ms) and ms[k].start < s.end:
                if ms[k].start >= s.start and ms[k].end <= s.end:
                    bucket.append(ms[k])
                k += 1
            out[i] = bucket
        return out

    # --------------------------------------------------------------- main loop
    def read(self) -> list[RawClaim]:
        for i, s in enumerate(self.an.sentences):
            self._current = i
            self._sentence_first_claim = len(self.claims)
            ms = list(self.mentions_by_sentence.get(i, []))
            if s.kind == "prose":
                # which patterns could apply at all (cheap): skip the sentence if none
                text = self.flat[s.start:s.end]
                low = text.lower()
                present = {w for _, w in self._finder.iter(low)} if self._finder.kind else set()
                maybe = {m.kind for m in ms} | _LATER_KINDS
                found = {w for _, w in _REF_FINDER.iter(text)}
                hinted = not found.isdisjoint(_REF_HINTS)
                if hinted:   # the kinds a reference in this sentence could add
                    maybe |= {kind for kind, gate in _GATED_KINDS if not found.isdisjoint(gate)}
                framed = self._frame_for(s) is not None
                recent = self._recent_list() is not None
                worded = self._wordless.union(*(self._by_word[w] for w in present))
                cands = [p for p in map(self.patterns.__getitem__, sorted(worded))
                         if p.needs <= maybe
                         and (framed or p.object_from != "frame") and (recent or p.object_from != "last_list")
                         and (not p.before_mention or self._text_before(ms, p.before_mention))]
                kinds = {m.kind for m in ms}
                pairs = self._read_pairs and (
                    ({"A", "L"} <= kinds) or (("P" in kinds or hinted) and not kinds.isdisjoint("LCR")))
                if not cands and not pairs:
                    if hinted and ":" in text:   # "... was reserved for four officials: A; B; C; and D"
                        ms = self._references(s, ms, found)
                    self._update_state(s, ms, [])
                    continue
                ms = self._references(s, ms, found) if hinted else ms
                ms = self._unknowns(s, ms)
                ab = self._abstract(s, ms)
                kinds = {m.kind for m in ms}
                before = len(self.claims)
                for p in cands:
                    if not p.needs <= kinds:
                        continue
                    if p.abstract_has and not any(x in ab.text for x in p.abstract_has):
                        continue
                    for m in p.regex.finditer(ab.text):
                        self._claims_from_match(p, m, ab, s)
                self._group_listing(ab, s, self.claims[before:])
                if pairs:
                    self._pair_claims(ab, s)
                self._update_state(s, ms, self.claims[before:])
            else:
                self._update_state(s, ms, [])
        self._heading_citations()
        return self.claims

    # ----------------------------------------------------------- references
    def _agency_list_ref(self, ms: list[Mention], at: int, owner: str, words: str) -> str | None:
        """The list "its list of Chinese military companies", "the Pentagon's list" or "its
        sanctions list" means: the owning agency's (the agency named before "'s", or for "its"
        the last agency named before it in the sentence), see :meth:`Gazetteer.agency_list`."""
        if owner[:1] in "'’":
            agency = next((x.ref for x in ms if x.kind == "A" and x.ref and x.end == at), None)
        else:
            agency = next((x.ref for x in reversed(ms) if x.kind == "A" and x.ref and x.end <= at), None)
        if not agency or not self.gaz.lists_administered_by(agency):
            return None   # "its list" after an agency that keeps none itself names no list
        return self.gaz.agency_list(agency, words)

    def _covered(self, ms: list[Mention], start: int, end: int) -> bool:
        return any(not (end <= m.start or start >= m.end) for m in ms)

    def _antecedent(self, here: list[tuple[int, str]], a: int, company: bool = False) -> str | None:
        """The organisation a description at ``a`` refers to: the last one named before it in
        this sentence, else the last one of the recent sentences. A business description
        (``company``: "the drone maker", "the firm") passes over bodies that are no company
        ("the People's Liberation Army", "the Ministry of State Security")."""
        skip = ("Person", "Organization") if company else ("Person",)
        before = [k for pos, k in here if pos < a and self.an.entities.get(k)
                  and self.an.entities[k].label not in skip]
        return before[-1] if before else self._recent_party(a, skip)

    def _recent_party(self, before: int, skip: tuple[str, ...] = ("Person",),
                      named: list[tuple[int, str]] | None = None) -> str | None:
        """The party mentioned last before ``before``, within the last three sentences (of
        ``named``: the parties, or the persons)."""
        window = self.an.sentences[max(0, self._current - 3)].start if self.an.sentences else 0
        for pos, key in reversed(self.last_parties if named is None else named):
            if window <= pos < before:
                ent = self.an.entities.get(key)
                if ent and ent.label not in skip:
                    return key
        return None

    def _agency_named(self, key: str, head: str) -> bool:
        """Whether the agency's name or an alias has ``head`` as a word or words ("task force")."""
        e = self.gaz.entries.get(key)
        return any(re.search(rf"\b{re.escape(head)}\b", n.lower()) for n in ((e.name, *e.aliases) if e else ()))

    def _last_actor(self, before: int, added: list[Mention], agency: bool = False) -> tuple[str, str] | None:
        """The organisation "it" refers to, as (kind, key): the last party, agency, list or
        instrument mentioned before ``before`` (since the previous sentence began), when that is
        an organisation - or, with ``agency`` (the "it" of "it sanctioned"), an agency."""
        window = self.an.sentences[max(0, self._current - 1)].start
        ms = self.an.mentions
        i = bisect_right(self._mention_starts, before) - 1
        last = None
        while i >= 0 and ms[i].start >= window:
            if ms[i].kind in "PALO" and ms[i].end <= before:
                if _SUBJECT_OF_IT.fullmatch(self.flat, ms[i].end, before) \
                        or _SOURCE_ONLY.search(self.flat, max(0, ms[i].start - 20), ms[i].start):
                    # "OFAC added it": an object pronoun is not its own clause's subject;
                    # "..., according to OFAC. It was ...": a source is not what "it" goes on about
                    i -= 1
                    continue
                last = ms[i]
                break
            i -= 1
        for x in added:
            if x.kind in "PALO" and x.end <= before and (last is None or x.start > last.start):
                last = x
        if last is not None and last.kind in "LO" and not agency and _IT_STANDS.match(self.flat, before + 2):
            # "X has not been placed on the Entity List, and it does not appear on ...": the
            # party the clause before was about, not the list it named
            here = self.an.sentences[self._current].start
            party = next((x for x in reversed(ms[max(0, i - 8):i + 1]) if x.kind == "P" and x.ref
                          and here <= x.start < last.start), None)
            last = party or last
        if last is not None and last.kind == "P" and self.flat.startswith(",", last.end):
            # "OFAC designated X, a subsidiary of Y, and added it to ...": Y only describes X
            prev = next((x for x in reversed(ms[max(0, i - 4):i]) if x.kind in "PN" and x.end <= last.start), None)
            if prev is not None and prev.start >= window and _DESCRIBING.fullmatch(self.flat, prev.end, last.start):
                last = prev
        if last is None or not last.ref:
            return None
        if last.kind == "A" and agency:
            return "A", last.ref
        ent = self.an.entities.get(last.ref) if last.kind == "P" else None
        return ("P", last.ref) if ent is not None and ent.label != "Person" else None

    def _group_of_size(self, n: int | None, at: int) -> list[str]:
        """The last group of ``n`` parties: the last plural, or the parties of the listing
        being told (a frame's subjects)."""
        groups = []
        if self.last_plural and at - self.last_plural[0] < 2500:
            groups.append(self.last_plural[1])
        if self.frame:
            groups.append(list(dict.fromkeys(c.subject for c in self.claims if c.predicate == "LISTED_ON"
                                             and c.object == self.frame[1] and c.modality == "asserted")))
        return next((g for g in groups if n and len(g) == n), [])

    def _enumeration_after(self, pos: int) -> list[str]:
        members: list[str] = []
        blocks = self.an.doc.blocks
        for en in self.an.enumerations:
            if en.start < pos:
                continue
            if members:
                members += [k for k in en.members if k not in members]
                continue
            # only headings and the enumeration itself between the sentence and the list
            members = list(en.members)
        if not members:
            return []
        # stop at the first enumeration separated from the previous by prose
        out: list[str] = []
        last_end = pos
        for en in self.an.enumerations:
            if en.start < pos:
                continue
            between = [b for b in blocks if b.fstart >= last_end and b.fend <= en.start and b.kind == "prose"
                       and b.fstart > pos]
            if out and between:
                break
            out += [k for k in en.members if k not in out]
            last_end = en.end
        return out

    def _enumeration_named(self, section: str) -> list[str]:
        for en in self.an.enumerations:
            if en.heading is not None:
                h = self.an.doc.blocks[en.heading]
                if normalize_name(self.flat[h.fstart:h.fend]) == normalize_name(section):
                    return list(en.members)
        return []

    def _references(self, s: Sentence, ms: list[Mention], found: set[str]) -> list[Mention]:
        """``ms`` plus the references of the sentence; ``found``: the gate strings it contains."""
        text = self.flat[s.start:s.end]
        gate = {name for name, words in _GATES.items() if not words.isdisjoint(found)}
        add: list[Mention] = []
        colon = text.find(":")
        # cataphora: "the following 59 entities", "five PRC entities: A; B"
        for m in CATAPHOR.finditer(text) if "cataphor" in gate else ():
            a, b = s.start + m.start(), s.start + m.end()
            if self._covered(ms + add, a, b):
                continue
            members: list[str] = []
            if m.group("following"):
                members = self._enumeration_after(s.end)
            elif colon > m.end() - 1:
                members = self._colon_members(s, ms, colon, m)
            if members:
                add.append(Mention(a, b, "G", None, "group", tuple(dict.fromkeys(members))))
        # plural references: "these companies", "the entities listed in the Annex"
        for m in GROUP_ANAPHOR.finditer(text) if "group" in gate else ():
            a, b = s.start + m.start(), s.start + m.end("head")
            if self._covered(ms + add, a, b) or text[max(0, m.start() - 6):m.start()].lower() == "among ":
                continue  # "among the companies named in ...": a new group, not a reference
            det = m.group("det").lower()
            if det in ("each", "all", "both"):   # "each of these entities", "all four companies"
                of = re.match(r"\w+ of (these|those|the)\b", m.group(0).lower())
                det = of.group(1) if of else ("the" if m.group("num") else det)
            members = []
            if m.group("neg"):
                add.append(Mention(a, b, "G", None, "group", (), negated=True))
                continue
            if m.group("section"):
                members = self._enumeration_named(m.group("section"))
                if not members and self.last_plural:
                    members = self.last_plural[1]
            elif det in ("these", "those") or (det == "the" and m.group("head") in ("entities", "companies")
                                               and not m.group("num")) or m.group(0).lower().startswith("the same "):
                if self.last_plural and s.start - self.last_plural[0] < 2500:
                    members = self.last_plural[1]
            elif det == "the" and m.group("num"):
                # "the five entities": the group of that size named last
                members = self._group_of_size(_count(m.group("num")), s.start)
            if members:
                add.append(Mention(a, b, "G", None, "group", tuple(members)))
        for m in ACTION_ANAPHOR.finditer(text) if "action" in gate else ():
            # "the move", "the three designations", "today's five targets": the action being told
            a, b = s.start + m.start(), s.start + m.end()
            members = self._frame_parties() if self._frame_for(s) else []
            n = _count(m.group("num")) if m.group("num") else None
            if members and (n is None or n == len(members)) and not self._covered(ms + add, a, b):
                add.append(Mention(a, b, "X", None, "action", tuple(members)))
        for m in _THE_NUMBER.finditer(text) if "count" in gate else ():   # "The four were added to ..."
            a, b = s.start + m.start(), s.start + m.end()
            members = self._group_of_size(_count(m.group(1) or m.group(2) or "two"), s.start)
            if members and not self._covered(ms + add, a, b):
                add.append(Mention(a, b, "G", None, "group", tuple(members)))
        for m in PRONOUN.finditer(text) if "pronoun" in gate else ():
            a, b = s.start + m.start(), s.start + m.end()
            if self.last_plural and s.start - self.last_plural[0] < 600 and not self._covered(ms + add, a, b):
                add.append(Mention(a, b, "G", None, "pronoun", tuple(self.last_plural[1])))
        # "the company", "the Hangzhou-based firm" (antecedents in this sentence count too)
        here = [(x.start, x.ref) for x in ms if x.kind == "P" and x.ref and x.via != "anaphor"]
        for m in PARTY_ANAPHOR.finditer(text) if "party" in gate else ():
            a, b = s.start + m.start("head"), s.start + m.end("head")
            if self._covered(ms + add, a, b):
                continue
            if m.start() >= 2 and text[m.start() - 2:m.start()] == ", " and any(
                    x.end == s.start + m.start() - 2 and x.kind in "PU" for x in ms) \
                    and not _LIST_ITEM_NEXT.match(text, m.end()):
                # "X, the state-owned shipping group headquartered in ..., was": X described, not
                # referred to ("A, the Xiamen chipmaker, B" is a list: the chipmaker is another)
                continue
            key = self._antecedent(here, a, company=m.group("head").lower() in _BUSINESS_HEADS)
            if key:
                add.append(Mention(a, b, "P", key, "anaphor"))
        # "the man", "the 31-year-old": the person named last (in this sentence or the three before)
        for m in PERSON_ANAPHOR.finditer(text) if "person" in gate else ():
            a, b = s.start + m.start(), s.start + m.end()
            if self._covered(ms + add, a, b):
                continue
            named = [x.ref for x in ms if x.kind == "N" and x.ref and x.start < a]
            key = named[-1] if named else self._recent_party(a, (), self.last_persons)
            if key:
                add.append(Mention(a, b, "N", key, "anaphor"))
        # "China's biggest server maker": a description owned by a region is a definite one
        for x in ms if "party" in gate else ():
            m = _REGION_DESC.match(text, x.end - s.start) if x.kind == "R" else None
            if m is None or self._covered(ms + add, s.start + m.start("np"), s.start + m.end("head")):
                continue
            a, b = s.start + m.start("np"), s.start + m.end("head")
            key = self._antecedent(here, a)
            if key:
                add.append(Mention(a, b, "P", key, "anaphor"))
        # "its list of Chinese military companies", "the Pentagon's list": the agency's list
        for m in AGENCY_LIST.finditer(text) if "list" in gate else ():
            a, b = s.start + m.start(), s.start + (m.start("of") if m.group("of") else m.end())
            if self._covered(ms + add, a, b):
                continue
            key = self._agency_list_ref(ms, s.start + m.start("owner"), m.group("owner"),
                                       (m.group("words") or "") + (m.group("of") or ""))
            if key:
                add.append(Mention(a, b, "L", key, "anaphor"))
        # "the same list": a list named earlier in this sentence, else the last one named
        for m in LIST_ANAPHOR.finditer(text) if "list" in gate else ():
            a, b = s.start + m.start(), s.start + m.end()
            if self._covered(ms + add, a, b):
                continue
            here = [x.ref for x in ms if x.kind == "L" and x.ref and x.end <= a]
            if here:
                add.append(Mention(a, b, "L", here[-1], "anaphor"))
            elif self.last_list and self._current - self.last_list[0] <= 4:
                add.append(Mention(a, b, "L", self.last_list[1], "anaphor"))
        # "the Commission", "the department": the last agency named with that head word
        for m in AGENCY_ANAPHOR.finditer(text) if "agency" in gate else ():
            a, b = s.start + m.start(), s.start + m.end()
            head = m.group("head").lower()
            key = next((k for pos, k in reversed(self.last_agencies) if self._agency_named(k, head)), None)
            if key and not self._covered(ms + add, a, b):
                add.append(Mention(a, b, "A", key, "anaphor"))
        # "it": the last actor named (party, agency, list or instrument) in this or the previous
        # sentence, if that is an organisation ("It was added for ...")
        for m in PRONOUN_IT.finditer(text) if "it" in gate else ():
            a, b = s.start + m.start(), s.start + m.end()
            if self._covered(ms + add, a, b):
                continue
            got = self._last_actor(a, add, agency=_IT_SANCTIONS.match(text, m.end()) is not None)
            if got:
                add.append(Mention(a, b, got[0], got[1], "anaphor"))
        # "this order", "an executive order"
        for rx, kind, definite in AUTH_ANAPHORS if "authority" in gate else ():
            for m in rx.finditer(text):
                a, b = s.start + m.start(), s.start + m.end()
                if self._covered(ms + add, a, b):
                    continue
                target = None
                if definite and self.self_authority and kind == "executive_order":
                    target = self.self_authority
                elif not definite:
                    ds = [d.value for d in self.dates_in(s)]
                    cands = [e.id for e in self.gaz.authorities(kind)
                             if ds and e.props.get("date") and str(e.props["date"]).startswith(ds[0][:7])
                             and len(ds[0]) >= 7]
                    target = cands[0] if len(cands) == 1 else None
                elif self.last_authority and self.gaz.entries.get(self.last_authority) \
                        and self.gaz.entries[self.last_authority].props.get("kind") == kind:
                    target = self.last_authority
                if target:
                    add.append(Mention(a, b, "O", self.builder.known_entity(target), "anaphor"))
        return sorted(ms + add, key=lambda x: x.start)

    def _colon_members(self, s: Sentence, ms: list[Mention], colon: int, m: re.Match) -> list[str]:
        """The parties a counted group announces before a colon: "six companies: A, B, ...",
        "four officials: SSB's president, A; its vice president, B; C, head of ...; and D".

        Items split at semicolons name their member first, after a role ("its president,"),
        never in a possessive ("SSB's"). When the items are as many as the count says, an item
        whose member the graph does not know gives its leading name, a person for a group of
        people ("officials"), else a company."""
        at = s.start + colon
        after = [x for x in ms if x.kind in "PN" and x.start > at and x.ref]
        text = self.flat[at:s.end]
        if ";" not in text:
            return list(dict.fromkeys(x.ref for x in after))
        cuts = [at] + [at + i for i, ch in enumerate(text) if ch == ";"] + [s.end]
        n = _count(m.group("num")) if m.group("num") else None
        unknown = [x for x in self._unknowns(s, ms) if x.kind == "U"] if n == len(cuts) - 1 else []
        out: list[str] = []
        for a, b in zip(cuts, cuts[1:]):
            item = [x for x in after if a < x.start < b and not _POSSESSIVE.match(self.flat, x.end)]
            if item:
                out.append(item[0].ref)
                continue
            lead = next((x for x in unknown if a < x.start < b and not _POSSESSIVE.match(self.flat, x.end)
                         and _ITEM_LEAD.fullmatch(self.flat, a + 1, x.start)), None)
            if lead is None:
                if unknown:
                    return list(dict.fromkeys(x.ref for x in after))
                continue
            name = self.flat[lead.start:lead.end]
            if m.group("head") in _PEOPLE_NOUNS and " " in name:
                out.append(self._promote(lead, self.builder.person_for_name(name, "slot"), "N"))
            elif m.group("head") not in _PEOPLE_NOUNS:
                out.append(self._promote(lead, self.builder.entity_for_name(name, "Company", "slot"), "P"))
        return list(dict.fromkeys(out))

    def _unknowns(self, s: Sentence, ms: list[Mention]) -> list[Mention]:
        """Capitalised names the gazetteer and the shapes did not know: ``U`` placeholders."""
        text = self.flat[s.start:s.end]
        out = list(ms)
        for r in ms:
            # "Xinjiang Silk Road BGI", "Beijing Liuhe BGI": a province or city that begins a
            # name the graph does not know is part of that name, not a place
            if r.kind != "R" or not r.ref or "-" not in r.ref:
                continue
            nxt = _UNKNOWN_RUN.match(self.flat, r.end + 1, s.end) if self.flat[r.end:r.end + 1] == " " else None
            if nxt is None or nxt.group(0).split()[0].lower().rstrip(".,'") in STOP_CAPS \
                    or self._covered(ms, nxt.start(), nxt.end()) or nxt.group(0).endswith("'s"):
                continue
            out.remove(r)
            out.append(Mention(r.start, nxt.end() - (1 if nxt.group(0)[-1] in ".," else 0), "U", None, "unknown"))
        for m in _UNKNOWN_RUN.finditer(text):
            a, b = s.start + m.start(), s.start + m.end()
            words = m.group(0).split()
            while words and words[0].lower().rstrip(".,'") in STOP_CAPS:
                a += len(words[0]) + (text[a - s.start + len(words[0]):].find(words[1]) if len(words) > 1 else 0)
                words = words[1:]
            if not words:
                continue
            name = " ".join(words)
            a = s.start + text.find(name, a - s.start)
            b = a + len(name)
            name = name.rstrip(".,'")
            b = a + len(name)
            if a < s.start or self._covered(ms, a, b) or len(name) < 2 or name.endswith("'s") \
                    or name.endswith(_LOCATIVE_ENDS):   # "Latvia-based": a place we do not know, no name
                continue
            if not name.isupper() and country_code(name):
                continue   # "British investigators": a country the graph has no region for ("DJI" is no Djibouti)
            out.append(Mention(a, b, "U", None, "unknown"))
        return sorted(out, key=lambda x: x.start)

    def _abstract(self, s: Sentence, ms: list[Mention]) -> _Abstract:
        parts, pieces = [], []
        pos, apos = s.start, 0
        prev = None
        for i, m in enumerate(ms):
            if m.start < pos:
                continue
            chunk = self.flat[pos:m.start]
            if prev is not None and prev.ref and m.ref == prev.ref and chunk.strip() == "(" \
                    and self.flat[m.end:m.end + 1] == ")":
                # "Name (ACR)": one mention
                a, f, al, fl = pieces[-1]
                pieces[-1] = (a, f, al, m.end + 1 - f)
                pos = m.end + 1
                continue
            prev = m
            if chunk:
                parts.append(chunk)
                pieces.append((apos, pos, len(chunk), len(chunk)))
                apos += len(chunk)
            ph = f"⟦{m.kind}{i}⟧"
            parts.append(ph)
            pieces.append((apos, m.start, len(ph), m.end - m.start))
            apos += len(ph)
            pos = m.end
        chunk = self.flat[pos:s.end]
        if chunk:
            parts.append(chunk)
            pieces.append((apos, pos, len(chunk), len(chunk)))
        return _Abstract("".join(parts), ms, pieces)

    # --------------------------------------------------------------- matching
    def _placeholders(self, ab: _Abstract, text: str, kinds: str) -> list[Mention]:
        return [ab.mentions[int(i)] for k, i in re.findall(r"⟦([A-Z])(\d+)⟧", text) if k in kinds]

    def _party_keys(self, ms: list[Mention], allow_unknown: bool = True) -> list[str]:
        keys: list[str] = []
        for m in ms:
            if m.kind == "U" and not allow_unknown:
                continue
            if m.kind in "GX":
                if m.negated:
                    return []
                keys += [k for k in m.members if k not in keys]
            elif m.kind == "U":
                name = self.flat[m.start:m.end]
                if name.split()[0].lower() in STOP_CAPS or (len(name) <= 3 and name.isupper()):
                    continue
                got = RUN_RE.fullmatch(name)
                label = (classify_run(name, bool(got.group("legal"))) or ("Company",))[0] if got else "Company"
                person = self.builder.person_named(name)
                keys.append(self._promote(m, person, "N") if person else
                            self._promote(m, self.builder.entity_for_name(name, label, "slot"), "P"))
            elif m.ref and m.ref not in keys:
                keys.append(m.ref)
        return keys

    def _promote(self, m: Mention, key: str, kind: str) -> str:
        """An unknown name (``U``) the reader has decided is the party or person ``key``: the
        mention takes it, and joins the document's mentions."""
        m.ref, m.kind, m.via = key, kind, "slot"
        self.an.mentions.append(m)
        return key

    def _item_heads(self, ab: _Abstract, text: str) -> list[Mention]:
        """The parties a ``;``-separated list of items names: the name each item starts with
        and a subsidiary named with it ("A, of Wuhan, and its subsidiary B; C, a maker of
        D; and E") - not the names inside the items' descriptions."""
        out = []
        for item in text.split(";"):
            head = item.split(", ", 1)[0]          # "A and B, two developers of ..."
            out += self._conjunct_heads(ab, head) if " and " in head else []
            for x in _ITEM_HEAD.finditer(item):
                mention = ab.mentions[int(x.group(1) or x.group(2))]
                if mention not in out:
                    out.append(mention)
        return out

    def _conjunct_heads(self, ab: _Abstract, text: str) -> list[Mention]:
        """The parties a coordination names, one per conjunct ("the server maker A, which does
        business as B, and the designer C" -> A, C): relative clauses, aliases and names that
        only modify a noun ("two A affiliates") are not conjuncts."""
        text = _NOT_CONJUNCT.sub("", text)
        out = []
        for piece in _CONJ_SPLIT.split(text):
            if _DESCRIPTION.match(piece):
                continue  # "a subsidiary of B": an apposition naming another party
            x = _CONJ_HEAD.search(piece)
            if x:
                out.append(ab.mentions[int(x.group(1))])
        return out

    def _claims_from_match(self, p: Pattern, m: re.Match, ab: _Abstract, s: Sentence) -> None:
        groups = m.groupdict()
        subj_text = (groups.get("subj") or "").strip(" ,;")
        subj_ms = self._item_heads(ab, subj_text) if p.items else \
            self._conjunct_heads(ab, subj_text) if p.conjuncts else \
            self._placeholders(ab, _NOT_SUBJECT.sub(",", subj_text), "PGUNX")
        if not (p.items or p.conjuncts) and any(x.kind == "U" for x in subj_ms) and not PS_RE.fullmatch(subj_text):
            # an unknown name of two words or more is a party when coordinated with one
            # ("Biren Technology and Moore Threads"); one word may be a place ("Canada")
            kept = {id(ab.mentions[int(i)]) for c in PS_RE.finditer(subj_text) if re.search(r"⟦[PG]", c.group(0))
                    for i in re.findall(r"⟦U(\d+)⟧", c.group(0))}
            # ... and so are the names a counted group announces ("two officials, A and B")
            for c in _COUNTED_NAMES.finditer(subj_text):
                people = c.group("noun") in _PEOPLE_NOUNS
                for i in re.findall(r"⟦U(\d+)⟧", c.group("names")):
                    x = ab.mentions[int(i)]
                    kept.add(id(x))
                    if people and " " in self.flat[x.start:x.end]:
                        self._promote(x, self.builder.person_for_name(self.flat[x.start:x.end], "slot"), "N")
            # ... and so is a name its apposition calls an organisation ("Zservers, a Russia-based
            # hosting provider,"), even of one word
            described = {id(ab.mentions[int(c.group(1))]) for c in _DESCRIBED_UNKNOWN.finditer(subj_text)}
            for x in subj_ms:
                if id(x) in described:   # a company, even if short and upper-case ("DJI")
                    self._promote(x, self.builder.entity_for_name(self.flat[x.start:x.end], "Company", "slot"), "P")
            subj_ms = [x for x in subj_ms if x.kind != "U" or id(x) in described
                       or (id(x) in kept and " " in self.flat[x.start:x.end])]
        subj_ms = self._not_excepted(subj_ms)
        if p.predicate == "LISTED_ON" and not p.removal:
            # "A and B have been on the list since 2021, together with C, D and E"
            more = _TOGETHER_WITH.match(ab.text, m.end())
            if more:
                subj_ms = subj_ms + self._placeholders(ab, more.group("more"), "PG")
        obj_text = groups.get("obj") or ""
        trig = m.start("trig") if groups.get("trig") is not None else m.start()
        if p.predicate == "CITED_FOR":
            self._citations(p, m, ab, s, subj_ms, trig)
            return
        # object
        if p.object_from == "frame":
            frame = self._frame_for(s)
            if p.frame_just_told and self._frame_at < self._current - 2:
                frame = None
            objects = [frame[1]] if frame else []
        elif p.object_from == "last_list":
            # "The Commission has continued to update the Covered List. In March it added X."
            objects = [self._recent_list()]
        elif p.object_from == "agency":
            objects = self._agency_list(ab, groups.get("agent") or "", self.flat[s.start:s.end])
        else:
            obj_ms = self._placeholders(ab, obj_text, "LOARPNU")
            objects = [o.ref for o in obj_ms if o.ref]
            if p.id == "x-listed-in-annex" and not objects and self.self_authority:
                objects = [self.self_authority]
        if p.object_is_authority:
            objects = [l for o in objects for l in self.gaz.lists_of(o)]
            if len(objects) != 1:
                return
        if not objects:
            if p.object_from == "agency" and len(subj_ms) >= 2:
                # "State designated A, B, C and D under E.O. 13382. The four were added to the SDN
                # list": the list comes later; the group is what "the four" will mean
                self.last_plural = (s.start, self._party_keys(subj_ms))
            return
        if p.predicate in ("SUBSIDIARY_OF", "AFFILIATED_WITH") or p.id.startswith("x-of-"):
            obj_ms = self._placeholders(ab, obj_text, "PU")
            objects = self._party_keys(obj_ms) or objects
        if groups.get("office"):
            office = self.flat[ab.to_flat(m.start("office")):ab.to_flat(m.end("office"))]
            objects = [self.gaz.agency_named_by(office) or o for o in objects]
        if p.person:
            subj_ms = [x for x in subj_ms if x.kind == "N" or x.kind == "U" and is_person_name(self.flat[x.start:x.end])]
            for x in subj_ms:
                if x.kind == "U":
                    self._promote(x, self.builder.person_for_name(self.flat[x.start:x.end], "slot"), "N")
        subjects = self._party_keys(subj_ms) if p.predicate not in ("ADMINISTERS",) else \
            [x.ref for x in subj_ms if x.ref] or [x.ref for x in self._placeholders(ab, groups.get("subj") or "", "A")]
        if p.predicate == "ADMINISTERS" and not subjects:
            return
        if not subjects:
            return
        modality = "asserted" if p.np else self._modality(ab.text, trig, conduct=False, pattern=p)
        date, explicit = self._date(ab, s, trig, p)
        if p.predicate == "LOCATED_IN":
            o = self._placeholders(ab, obj_text, "R")
            if not o:
                return
        for subj in subjects:
            for obj in objects:
                if subj == obj:
                    continue
                role = None
                if p.predicate == "AFFILIATED_WITH" and groups.get("role") is not None:
                    role = self._role_text(ab, m)
                pred = p.predicate
                removed = None
                claim_date = date
                if p.removal:
                    removed, claim_date = date, None
                self.claims.append(RawClaim(subj, pred, obj, modality, claim_date if pred in ("LISTED_ON",) else
                                            (date if pred in ("CITED_FOR",) else None),
                                            None, s, p.id, removed, role, explicit, removal=p.removal))
        if p.predicate == "LISTED_ON" and p.object_from != "frame" and modality == "asserted" and not p.removal \
                and not any(d.since and d.value == date for d in self.dates_in(s)):
            # (a state - "X has been on the list since 2015" - tells no action to continue)
            self._set_frame(s.block, objects[0], date if explicit else None)
        elif p.object_from == "frame" and self.frame:
            # a continuing sentence carries the frame on
            self._set_frame(s.block, *self.frame[1:])

    def _not_excepted(self, ms: list[Mention]) -> list[Mention]:
        """Without the parties a sentence excepts: "Seven of the nine, all except A and B,
        were added because ..." is not about A and B."""
        out, prev, excepted = [], None, False
        for x in ms:
            before = self.flat[prev.end if prev else max(0, x.start - 30):x.start]
            if _EXCEPT.search(before):
                excepted = True
            elif not (excepted and prev is not None and _CONJ_ONLY.fullmatch(before)):
                excepted = False
            if not excepted:
                out.append(x)
            prev = x
        return out

    def _role_text(self, ab: _Abstract, m: re.Match) -> str:
        a = ab.to_flat(m.start("role"))
        # "X, a partner at Y": the role runs up to the organisation; "Commerce Secretary X": it is the group
        b = ab.to_flat(m.start("obj") if m.start("role") < m.start("obj") else m.end("role"))
        text = self.flat[a:b].strip()
        cut = max(text.rfind(" at "), text.rfind(" with "))
        if cut > 0:
            text = text[:cut]
        return text.strip(" ,")

    def _citations(self, p: Pattern, m: re.Match, ab: _Abstract, s: Sentence, subj_ms: list[Mention],
                   trig: int) -> None:
        if p.frame_subjects:   # only where the sentence names no party of its own
            parties = self._frame_parties() if self._frame_for(s) else []
            named = any(x.kind in "PNGX" for x in ab.mentions) or PARTY_REFERENCE.search(self.flat, s.start, s.end)
            subjects = [] if named else parties
        else:
            subjects = self._party_keys(subj_ms)
        if not subjects:
            return
        reason_start = m.start("reason")
        reason = ab.text[reason_start:]
        reason = _BOUNDARY.split(reason, maxsplit=1)[0] if p.conduct else reason
        cms = [(x.start(), ab.mentions[int(x.group(1))]) for x in re.finditer(r"⟦C(\d+)⟧", reason)]
        if not cms:
            return
        modality = self._modality(ab.text, trig, conduct=p.conduct, pattern=p)
        if modality == "asserted" and _REASON_ALLEGED.match(ab.text, max(0, reason_start - 14)):
            modality = "reported"   # "for its alleged role in ...": the reason itself is only alleged
        apart = p.frame_subjects or (subj_ms and all(x.kind == "X" for x in subj_ms))
        if apart:
            # "Treasury tied the three designations to ...", "listed them because ...": a reason
            # given apart from the listing is dated by its own sentence, not by the listing
            date, explicit = self._date(ab, s, trig, p) if self.dates_in(s) else (None, False)
        else:
            date, explicit = self._date(ab, s, trig, p)
        best = self._concern_regions(ab, reason, cms)
        for concern, region in best.items():
            for subj in subjects:
                self.claims.append(RawClaim(subj, "CITED_FOR", concern, modality, date, region, s, p.id,
                                            explicit_date=explicit, apart=bool(apart)))

    def _concern_regions(self, ab: _Abstract, reason: str, cms: list[tuple[int, Mention]]) -> dict[str, str | None]:
        """The region each concern of a reason is about: one named after it ("abuses in
        Xinjiang") or as an adjective before it ("U.S. national security"), the most
        specific one if several."""
        best: dict[str, str | None] = {}
        for idx, (cpos, cm) in enumerate(cms):
            nxt = cms[idx + 1][0] if idx + 1 < len(cms) else len(reason)
            window = reason[cpos:nxt]
            if idx + 1 < len(cms):   # "... contrary to U.S. national security": that region is the next concern's
                window = re.sub(r"⟦R\d+⟧(?:'s)?\s*$", "", window)
            regions = [ab.mentions[int(i)] for i in re.findall(r"⟦R(\d+)⟧", window)]
            prev = reason[max(0, cpos - 40):cpos]
            adj = _REGION_BEFORE.search(prev)
            if adj:
                regions.insert(0, ab.mentions[int(adj.group(1))])
            elif not regions and idx == 0:
                # "goods made in the XUAR wholly or in part with forced labor": the place
                # the reason puts its conduct in, before the first concern
                earlier = re.findall(r"\b(?:in|from) (?:the )?⟦R(\d+)⟧", reason[:cpos])
                regions = [ab.mentions[int(earlier[-1])]] if earlier else []
            region = max(regions, key=lambda r: self.gaz.region_rank(r.ref)).ref if regions else None
            if cm.ref not in best or (region and self.gaz.region_rank(region) > self.gaz.region_rank(best[cm.ref] or "")):
                best[cm.ref] = region if region or cm.ref not in best else best[cm.ref]
        return best

    # ------------------------------------------------------- relation model
    def _pair_claims(self, ab: _Abstract, s: Sentence) -> None:
        """Claims for the pairs of this sentence no pattern related, where the relation model
        accepts them (see :mod:`~sanctions_kg.loaders.relations`); when collecting, the
        candidate pairs instead, with their features."""
        toks = tokens(ab.text)
        at = placeholder_positions(toks)
        related = {(c.subject, c.object) for c in self.claims}
        for pair_type, (skinds, okinds, predicate) in PAIR_TYPES.items():
            subjects = [i for i in at if ab.mentions[i].kind in skinds]
            objects = [j for j in at if ab.mentions[j].kind in okinds and ab.mentions[j].ref]
            for i in subjects:
                sm = ab.mentions[i]
                keys = [sm.ref] if sm.ref else [] if sm.negated else list(sm.members)
                if not keys:
                    continue
                for j in objects:
                    obj = ab.mentions[j].ref
                    feats = pair_features(toks, at[i], at[j], pair_type, sm.via)
                    new = [k for k in keys if k != obj and (k, obj) not in related]
                    if self.collect is not None:
                        self.collect.append((pair_type, keys, obj, feats, not new))
                    elif new and self.relations.accepts(pair_type, feats):
                        self._model_claims(ab, s, pair_type, predicate, new, j)
                        related.update((k, obj) for k in new)

    def _model_claims(self, ab: _Abstract, s: Sentence, pair_type: str, predicate: str, subjects: list[str],
                      j: int) -> None:
        """The claims of an accepted pair, qualified as a pattern's would be: the object's
        clause gives modality and date, the text after a concern its region."""
        obj = ab.mentions[j]
        trig = ab.text.find(f"⟦{obj.kind}{j}⟧")
        p = _MODEL_PATTERNS[pair_type]
        modality, date, explicit, region = "asserted", None, False, None
        if predicate in ("LISTED_ON", "CITED_FOR"):
            modality = self._modality(ab.text, trig, conduct=predicate == "CITED_FOR", pattern=p)
            date, explicit = self._date(ab, s, trig, p)
        if predicate == "CITED_FOR":
            if modality not in ("asserted", "reported"):
                return  # a reason is stated or reported; "will not be authorized until ...": no reason
            if _DESCRIBES_ORG.match(ab.text, trig + len(f"⟦C{j}⟧")):
                return  # "surveillance camera maker Hikvision": the concern describes, it is no reason
            region = self._concern_regions(ab, ab.text, [(trig, obj)]).get(obj.ref)
        for k in subjects:
            self.claims.append(RawClaim(k, predicate, obj.ref, modality, date, region, s, p.id,
                                        explicit_date=explicit))

    # ------------------------------------------------------------ modality
    def _clauses(self, text: str) -> list[tuple[int, int]]:
        """Clause spans of an abstract sentence (asked for by modality and date alike: kept)."""
        got = self._clause_memo.get(text)
        if got is None:
            got = self._clause_memo[text] = self._split_clauses(text)
        return got

    @staticmethod
    def _split_clauses(text: str) -> list[tuple[int, int]]:
        cuts = [0]
        for m in _BOUNDARY.finditer(text):
            cuts += [m.start(), m.end()]
        cuts.append(len(text))
        spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        out = []
        for a, b in spans:
            seg = text[a:b]
            first = re.match(r"\s*(?:and\s+|but\s+|,\s*)?(\w+)", seg)
            if first and first.group(1).lower() in _SUBORD:
                comma = ClaimReader._clause_comma(seg, first.end())
                if comma > 0:
                    out += [(a, a + comma), (a + comma + 2, b)]
                    continue
            out.append((a, b))
        return out

    @staticmethod
    def _clause_comma(seg: str, start: int) -> int:
        """The comma that ends a clause opened by a subordinator: the first one that does not
        open or close an appositive. "When BIS added A and its affiliates, including B, to the
        Entity List in December 2020, it ..." ends before "it", so the date stays in the clause."""
        comma = seg.find(", ", start)
        while comma > 0 and _APPOSITIVE_OPENER.match(seg, comma + 2):
            close = seg.find(", ", comma + 2)
            after = seg.find(", ", close + 2) if close > 0 else -1
            if after < 0:
                return close
            comma = after
        return comma

    def _cues(self, text: str, a: int, b: int) -> tuple[tuple[str, int], ...]:
        """(modality, position) of every cue in ``text[a:b]``, and of the report frames of the
        whole sentence (as ``"frame"``): several claims of a sentence share a clause, so this
        is asked for more than once and kept."""
        key = (text, a, b)
        got = self._cue_memo.get(key)
        if got is None:
            seg = text[a:b]
            got = tuple((mod, a + m.start()) for mod, rx in _MOD.items() for m in rx.finditer(seg))
            got += tuple(("frame", m.start()) for rx in _FRAMES for m in rx.finditer(text))
            self._cue_memo[key] = got
        return got

    def _appositives(self, text: str, a: int, b: int) -> tuple[tuple[int, int], ...]:
        """Spans of the parties' appositives in ``text[a:b]`` (kept, as the cues are)."""
        key = (text, a, b)
        got = self._appositive_memo.get(key)
        if got is None:
            got = self._appositive_memo[key] = tuple(
                m.span("app") for m in _PARTY_APPOSITIVE.finditer(text, a, b)) if ", " in text else ()
        return got

    def _modality(self, text: str, trig: int, conduct: bool, pattern: Pattern) -> str:
        clause = next(((a, b) for a, b in self._clauses(text) if a <= trig < b), (0, len(text)))
        found = set()
        described = [(a, b) for a, b in self._appositives(text, *clause) if not a <= trig < b]
        for mod, pos in self._cues(text, *clause):
            if any(a <= pos < b for a, b in described):
                continue
            if mod == "frame":
                # report frames scope over the rest of the sentence (not over relative clauses)
                if pos < trig and not re.match(r"\s*(?:which|who)\b", text[clause[0]:clause[0] + 8]):
                    found.add("reported")
            elif pos <= trig or not (mod == "denied" or pattern.explicit):
                # denials count only before the trigger; so does every cue of an explicit
                # citation ("cited for alleged ...": the citation itself is not alleged)
                found.add(mod)
        if conduct:
            found -= {"hypothetical", "proposed"}
        for mod in MODALITY_ORDER:
            if mod in found:
                return mod
        return "asserted"

    # ---------------------------------------------------------------- dates
    def _date(self, ab: _Abstract, s: Sentence, trig: int, p: Pattern) -> tuple[str | None, bool]:
        ds = self.dates_in(s)
        if ds:
            clause = next(((a, b) for a, b in self._clauses(ab.text) if a <= trig < b), None)
            tpos = ab.to_flat(trig)
            if clause:
                fa, fb = ab.to_flat(clause[0]), ab.to_flat(max(clause[0], clause[1] - 1)) + 1
                inside = [d for d in ds if fa <= d.start < fb]
                if inside:
                    since = [d for d in inside if d.since]
                    pick = since or inside
                    return min(pick, key=lambda d: abs(d.start - tpos)).value, True
                # "The first came on September 26, 2016, when OFAC added ...": the when-clause
                # happens on the date just before it
                if ab.text[clause[0]:clause[0] + 5] == "when ":
                    just_before = [d for d in ds if 0 <= fa - d.end <= 3]
                    if just_before:
                        return just_before[-1].value, True
            if len(self._clauses(ab.text)) == 1 or p.predicate == "CITED_FOR":
                return min(ds, key=lambda d: abs(d.start - tpos)).value, True
            if p.predicate == "LISTED_ON" and not p.removal:
                # "have been on the NS-CMIC List, which bars ..., since December 2021": a since-date
                # right after a relative clause on the list still dates the listing
                for d in ds:
                    between = self.flat[tpos:d.start]
                    if d.since and 0 < d.start - tpos <= 250 and _RELATIVE_THEN_SINCE.search(between):
                        return d.value, True
            # "On October 9, 2019, two days after ..., a rule added ...": a date that opens
            # the sentence dates its main clause
            first = ds[0]
            if _OPENING_DATE.fullmatch(self.flat, s.start, first.start) and self.flat[first.end:first.end + 1] == ",":
                return first.value, True
        same_day = _SAME_DAY.search(ab.text)
        if same_day and self._current > 0:
            # "... followed a July 8 action. That day OFAC designated X": the day the sentence
            # before names, when it names one
            prev = self.an.sentences[self._current - 1]
            days = [d for d in self.dates_in(prev) if len(d.value) == 10] if prev.block == s.block else []
            if len(days) == 1:
                return days[0].value, True
        frame = self._frame_for(s)
        if frame and frame[2] and (p.object_from == "frame" or p.explicit or same_day):
            return frame[2], True
        return None, False

    def _group_listing(self, ab: _Abstract, s: Sentence, new: list[RawClaim]) -> None:
        """"BIS added 27 entities to the Entity List": a listing whose parties the next
        sentences name ("A and B were added for ...", "Among them are ...") opens the frame
        those sentences continue, as a listing with named parties does. So does a group an
        agency designates without naming the list ("OFAC designated three entities"): the
        list is the one it adds to (:meth:`_agency_list`)."""
        if any(c.predicate == "LISTED_ON" for c in new):
            return
        if "⟦L" in ab.text:
            m = _GROUP_LISTING.search(ab.text) or _GROUP_THEN.search(ab.text)
        else:   # "OFAC designated three entities on Tuesday": the list the agency adds to
            m = _AGENCY_GROUP.search(ab.text) if "⟦A" in ab.text else None
        if m is None:
            return
        trig = m.start("trig")
        if self._modality(ab.text, trig, conduct=False, pattern=_ADD_PATTERN) != "asserted":
            return
        if "obj" in m.re.groupindex:
            ref = ab.mentions[int(m.group("obj")[2:-1])].ref
        else:
            found = self._agency_list(ab, m.group("agent"), self.flat[s.start:s.end])
            ref = found[0] if len(found) == 1 else None
        if ref:
            date, explicit = self._date(ab, s, trig, _ADD_PATTERN)
            self._set_frame(s.block, ref, date if explicit else None)

    def _text_before(self, ms: list[Mention], wanted: tuple[tuple[str, str], ...]) -> bool:
        """Whether a mention of a kind that references never add (a region, a concern) has one
        of the given texts right before it: the test of ``abstract_has`` " of ⟦R" made before
        the sentence is abstracted."""
        return any(m.kind == kind and self.flat[m.start - len(text):m.start] == text
                   for m in ms for text, kind in wanted)

    def _agency_list(self, ab: _Abstract, agent: str, sentence: str) -> list[str]:
        """The list an agency adds parties to when the sentence names none: the list of the
        listing being told or named lately, if the agency administers that one, else the only
        list it administers ("the task force added ..." - the UFLPA Entity List)."""
        ms = self._placeholders(ab, agent, "A")
        if len(ms) != 1 or not ms[0].ref:
            return []
        lists = self.gaz.lists_administered_by(ms[0].ref)
        recent = (self.frame[1] if self.frame else None) or (self.last_list[1] if self.last_list else None)
        if recent in lists:
            return [recent]
        if "⟦O" in ab.text or _UNDER_AUTHORITY.search(sentence):
            return []  # "designated under Executive Order 13382": there the order decides
        key = self.gaz.agency_list(ms[0].ref)
        return [key] if key else []

    def _recent_list(self) -> str | None:
        """The list named in this or the previous sentence."""
        if self.last_list and self._current - self.last_list[0] <= 1:
            return self.last_list[1]
        return None

    def _set_frame(self, block: int, list_key: str, date: str | None) -> None:
        """The listing now being told, which the next sentences may continue; set by this sentence."""
        if self.frame is None or self.frame[1:] != (list_key, date):
            self._frame_first_claim = self._sentence_first_claim   # a new action: its parties start here
        self.frame, self._frame_at = (block, list_key, date), self._current

    def _frame_parties(self) -> list[str]:
        """The parties the listing being told (the frame) has listed so far: what "the move",
        "the three designations" and "today's five targets" refer to."""
        if self.frame is None:
            return []
        return list(dict.fromkeys(c.subject for c in self.claims[self._frame_first_claim:]
                                  if c.predicate == "LISTED_ON" and c.object == self.frame[1]
                                  and c.modality == "asserted" and not c.removal))

    def _frame_for(self, s: Sentence):
        if self.frame and 0 <= s.block - self.frame[0] <= FRAME_REACH:
            return self.frame
        return None

    # ---------------------------------------------------------------- state
    def _update_state(self, s: Sentence, ms: list[Mention], new: list[RawClaim]) -> None:
        if not new and self._frame_at == self._current - 1 and self.frame and self.frame[0] == s.block:
            self._frame_took_effect(s)
        for m in ms:
            if m.kind == "P" and m.ref and m.via != "anaphor":
                self.last_parties.append((m.start, m.ref))
            elif m.kind == "N" and m.ref and m.via != "anaphor":
                self.last_persons.append((m.start, m.ref))
            elif m.kind == "O" and m.ref:
                self.last_authority = m.ref
            elif m.kind == "L" and m.ref:
                self.last_list = (self._current, m.ref)
            elif m.kind == "A" and m.ref and m.via != "anaphor":
                self.last_agencies.append((m.start, m.ref))
            elif m.kind == "G" and m.members and not m.negated:
                self.last_plural = (s.start, list(m.members))
        subjects = list(dict.fromkeys(c.subject for c in new if c.predicate in ("LISTED_ON", "CONSIDERED_FOR")))
        # "eight companies, including X, were added": "the companies" later means those named
        if len(subjects) >= 2 or (subjects and CATAPHOR.search(self.flat, s.start, s.end)):
            self.last_plural = (s.start, subjects)
        for en in self.an.enumerations:
            if s.start <= en.start < s.end + 1 and len(en.members) >= 2:
                self.last_plural = (s.start, list(en.members))
        named = self._group_named(s, ms)
        if named:
            self.last_plural = (s.start, named)

    def _group_named(self, s: Sentence, ms: list[Mention]) -> list[str]:
        """The members a sentence names a group by, when it does nothing else: "The seven are
        A, B, ... and G." (as many names as the count says, and nothing but names after the verb)."""
        m = _GROUP_NAMED.match(self.flat, s.start, s.end)
        if not m:
            return []
        names = [x for x in ms if x.start >= m.end()]
        pos = m.end()
        for x in names:
            if x.kind not in "PNU" or not x.ref or self.flat[pos:x.start].strip(" ,;") not in ("", "and"):
                return []
            pos = x.end
        n = _count(m.group("num")) if m.group("num") else None
        if len(names) < 2 or self.flat[pos:s.end].strip(" .") or (n and n != len(names)):
            return []
        return list(dict.fromkeys(x.ref for x in names))

    def _frame_took_effect(self, s: Sentence) -> None:
        """"DHS announced on Tuesday that it was adding 37 entities to the list. The listings took
        effect on Wednesday, January 15.": the day they took effect dates the listings told
        before and after it (the frame), not the day of the announcement."""
        if not _EFFECTIVE.search(self.flat, s.start, s.end):
            return
        days = {d.value for d in self.dates_in(s) if len(d.value) == 10}
        if len(days) != 1:
            return
        day = days.pop()
        block, listed, announced = self.frame
        prev = self.an.sentences[self._current - 1]
        for c in self.claims:
            if c.sentence is prev and c.predicate == "LISTED_ON" and c.object == listed and c.date == announced:
                c.date = day
        self._set_frame(block, listed, day)

    def _heading_citations(self) -> None:
        """Names listed under a heading that names a concern are cited for it ("Surveillance
        Technology Sector of the Economy of the PRC: A and B")."""
        for en in self.an.enumerations:
            if en.heading is None or not en.item_blocks or en.heading != en.item_blocks[0] - 1:
                continue
            h = self.an.doc.blocks[en.heading]
            hs = [m for m in self.an.mentions if h.fstart <= m.start < h.fend]
            concerns = [m for m in hs if m.kind == "C"]
            regions = [m for m in hs if m.kind == "R"]
            if not concerns:
                continue
            region = max(regions, key=lambda r: self.gaz.region_rank(r.ref)).ref if regions else None
            sent = Sentence(h.fstart, h.fend, en.heading, "heading")
            for c in concerns:
                for k in en.members:
                    self.claims.append(RawClaim(k, "CITED_FOR", c.ref, "asserted", None, region, sent,
                                                "heading-concern"))


def label_of(an: Analysis, key: str) -> str:
    ent: LocalEntity | None = an.entities.get(key)
    if ent is not None:
        return ent.label
    e = an.gaz.entries.get(key)
    return e.label if e else "Company"


_ENDPOINTS = {name: (MODEL.expand(rt.sources), MODEL.expand(rt.targets)) for name, rt in MODEL.relationships.items()}


def finalize(an: Analysis, raw: list[RawClaim], published: str | None, effective: str | None,
             rule_effective: str | None = None) -> list[RawClaim]:
    """Enforce the model: non-asserted listings become CONSIDERED_FOR; defaults for dates;
    endpoints must fit the relationship type; duplicates merge (earliest explicit date wins)."""
    out: dict[tuple, RawClaim] = {}
    evidence: dict[tuple, list[Sentence]] = {}
    # one citation read by two patterns in one sentence: keep the reading with the most
    # specific region, then the explicit citation ("cited for") over a conduct ("involved in")
    best: dict[tuple, RawClaim] = {}

    def rank(c: RawClaim) -> tuple[int, bool]:
        return an.gaz.region_rank(c.region or ""), c.pattern in _EXPLICIT

    for c in raw:
        if c.predicate == "CITED_FOR":
            k = (c.subject, c.object, c.modality, id(c.sentence))
            prev = best.get(k)
            if prev is None or rank(c) > rank(prev):
                best[k] = c
    raw = [c for c in raw if c.predicate != "CITED_FOR" or best[(c.subject, c.object, c.modality, id(c.sentence))] is c]
    for c in raw:
        pred = c.predicate
        if pred == "LISTED_ON" and c.removal:
            if c.modality != "asserted":
                continue   # a removal only considered is no claim (and no listing)
            # "it has removed one entity, X, from the SDN List": removed when the document says
            c.removed_on, c.date = c.removed_on or effective or published, None
        elif pred == "LISTED_ON" and c.modality != "asserted":
            pred = "CONSIDERED_FOR"
            c.date = published or c.date   # reported_on: when the document reported it
        elif pred == "LISTED_ON" and not c.date and not c.removed_on:
            c.date = effective or published
        elif pred == "CITED_FOR" and not c.date and c.modality == "asserted" and (
                c.pattern in _EXPLICIT or (rule_effective and c.pattern.startswith(READER))):
            # the reasons a rule gives for its listings date from the rule (the relation model's
            # and those told apart from the listing only in a document that states when it takes
            # effect: a news story's lede is no rule)
            c.date = rule_effective if c.apart else effective
        elif MODEL.relationships[pred].modalities == ("asserted",):
            # a standing fact told in passing: in "Carr called for DJI to be put on the Covered
            # List that the FCC maintains" the cues are about the listing, not the FCC's list
            c.modality = "asserted"
        c.predicate = pred
        rt = MODEL.relationships[pred]
        sl, dl = label_of(an, c.subject), label_of(an, c.object)
        if sl not in _ENDPOINTS[pred][0] or dl not in _ENDPOINTS[pred][1] \
                or c.modality not in rt.modalities:
            continue
        key = (c.subject, pred, c.object, c.modality, c.region, c.removed_on is not None,
               c.date if pred not in ("LISTED_ON",) else None)
        if key in out:
            prev = out[key]
            if c.explicit_date and (not prev.explicit_date or (c.date or "9") < (prev.date or "9")):
                prev.date, prev.explicit_date = c.date, True
            if c.sentence not in evidence[key]:
                evidence[key].append(c.sentence)
            if c.role and not prev.role:
                prev.role = c.role
            continue
        out[key] = c
        evidence[key] = [c.sentence]
    for key, c in out.items():
        c.evidence = evidence[key]  # type: ignore[attr-defined]
    # a citation stated again without a date is the dated one: one claim, both passages
    dated = {(c.subject, c.object, c.modality, c.region): c for c in out.values()
             if c.predicate == "CITED_FOR" and c.date}
    for key, c in list(out.items()):
        same = dated.get((c.subject, c.object, c.modality, c.region))
        if c.predicate == "CITED_FOR" and not c.date and same is not None:
            same.evidence += [x for x in c.evidence if x not in same.evidence]  # type: ignore[attr-defined]
            del out[key]
    return list(out.values())
