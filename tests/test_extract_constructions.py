"""The core listing constructions, crossed with the ways prose varies them.

Unit tests in ``test_document_loader.py`` check one sentence per construction. Real prose
combines them: the same "OFAC added X to the SDN List" comes with an appositive after X
("a Moscow-based host", "a subsidiary of Y", "accused of ..."), with two or three parties,
in the passive, with a date before or after, with a reason, hedged or denied. A
construction that works alone but breaks in one of those combinations loses claims on
every document that uses it (or, worse, lists the party the appositive only names), so
each construction here is read in every combination and must give exactly the claims the
grammar says. All names are fictional.
"""

from __future__ import annotations

import itertools

import pytest

from sanctions_kg.loaders.doctext import parse_document
from sanctions_kg.loaders.extraction import extract
from sanctions_kg.loaders.gazetteer import Gazetteer

PUBLISHED = "2024-06-06"

#: agency as the text names it, the list it administers, the list's name in the text
AGENCIES = [
    ("OFAC", "list:us-ofac-sdn", "SDN List"),
    ("The Treasury Department", "list:us-ofac-sdn", "SDN List"),
    ("Treasury's Office of Foreign Assets Control", "list:us-ofac-sdn", "Specially Designated Nationals List"),
    ("The Commerce Department", "list:us-bis-el", "Entity List"),
    ("Commerce's Bureau of Industry and Security", "list:us-bis-el", "Entity List"),
]
#: one, two or three parties: names with a legal form, a head word, a person's name
PARTIES = [
    ("Quillon Hosting Ltd.",),
    ("Tervane Systems",),
    ("Ivan Petrovich Quillonov",),
    ("Quillon Robotics Co., Ltd.", "Tervane Systems"),
    ("Quillon Hosting Ltd.", "Tervane Systems", "Morvane Technology Co."),
]
#: appositives after a single party: none of them changes what the sentence says of it
APPOSITIVES = [
    "",
    ", a Moscow-based hosting provider,",
    ", a UK-registered company,",           # "UK" is also a name of the UK Foreign Office
    ", a subsidiary of Tervane Bank,",      # another party: described, not listed
    ", a front company for Tervane Bank,",
    ", which reportedly sold drones to Iran,",   # a cue about the party, not the listing
    ", accused of aiding ransomware gangs,",
    ", the firm's general director,",
    ", a Chinese chipmaker,",
]
#: (sentence, predicate, modality, dated): {A} agency, {a} the same in running text, {X}
#: the parties with their appositive, {L} the list, {D} a date or nothing, {it} the pronoun
#: for the parties, {was} the verb's number; ``dated``: the claim takes {D} (else the
#: publication date)
CONSTRUCTIONS = [
    ("{A} added {X} to the {L}{D}.", "LISTED_ON", "asserted", True),
    ("{A} placed {X} on the {L}{D}.", "LISTED_ON", "asserted", True),
    ("{A} designated {X} and added {it} to the {L}{D}.", "LISTED_ON", "asserted", True),
    ("{A} said it had added {X} to the {L}{D}.", "LISTED_ON", "asserted", True),
    ("{X} {was} added to the {L} by {a}{D}.", "LISTED_ON", "asserted", True),
    ("{X} {was} designated and added to the {L}{D}.", "LISTED_ON", "asserted", True),
    ("{X} {was} designated by {a}{D}.", "LISTED_ON", "asserted", True),
    ("{A} is considering adding {X} to the {L}.", "CONSIDERED_FOR", "proposed", False),
    ("{A} could add {X} to the {L}.", "CONSIDERED_FOR", "hypothetical", False),
    ("{A} did not add {X} to the {L}.", "CONSIDERED_FOR", "denied", False),
    ("{X} {was} not added to the {L}.", "CONSIDERED_FOR", "denied", False),
    ("{X} could be added to the {L}.", "CONSIDERED_FOR", "hypothetical", False),
]
DATES = [("", None), (" on March 3", "2024-03-03")]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_reference()


def _conjoin(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _running(agency: str) -> str:
    """An agency's name inside a sentence: "The Treasury Department" -> "the Treasury Department"."""
    return agency[0].lower() + agency[1:] if agency.startswith("The ") else agency


def _read(text: str, gaz: Gazetteer, predicates: tuple[str, ...], fields) -> set:
    """The claims of ``predicates`` in ``text`` (its first letter capitalised), as tuples of ``fields``."""
    doc = parse_document(f"published: {PUBLISHED}\n\n{text[0].upper() + text[1:]}")
    return {fields(c) for c in extract(doc, gaz).claims if c.predicate in predicates}


def _diff(text: str, got: set, want: set) -> str:
    return f"{text}\n    missing {sorted(want - got)}\n    extra {sorted(got - want)}"


def _assert_all_read(wrong: list[str]) -> None:
    assert not wrong, f"{len(wrong)} sentences read wrong, e.g.:\n" + "\n".join(wrong[:5])


def _variants(template: str):
    """Every sentence of one construction, with the parties it must list."""
    for (agency, list_id, list_name), parties, appositive, (date_text, date) in itertools.product(
            AGENCIES, PARTIES, APPOSITIVES, DATES):
        if appositive and len(parties) > 1:
            continue
        if "designated by" in template and list_id != "list:us-ofac-sdn":
            continue   # "designated" names an SDN listing; the Entity List has "added"
        text = template.format(A=agency, a=_running(agency), X=_conjoin(parties) + appositive, L=list_name, D=date_text,
                               it="it" if len(parties) == 1 else "them", was="was" if len(parties) == 1 else "were")
        text = text.replace(",.", ".")
        yield text, parties, list_id, date


@pytest.mark.parametrize("template, predicate, modality, dated", CONSTRUCTIONS,
                         ids=[c[0] for c in CONSTRUCTIONS])
def test_a_construction_reads_the_same_in_every_combination(gaz, template, predicate, modality, dated):
    wrong = []
    for text, parties, list_id, date in _variants(template):
        got = _read(text, gaz, ("LISTED_ON", "CONSIDERED_FOR"),
                    lambda c: (c.subject["name"], c.predicate, c.object["id"], c.modality, c.date))
        want = {(p, predicate, list_id, modality, (date if dated else None) or PUBLISHED) for p in parties}
        if got != want:
            wrong.append(_diff(text, got, want))
    _assert_all_read(wrong)


def test_an_appositive_names_no_party_of_the_listing(gaz):
    # the party an appositive names is related to the listed party, and listed only if the text says so
    claims = extract(parse_document(f"published: {PUBLISHED}\n\nQuillon Hosting Ltd., a subsidiary of Tervane "
                                    "Bank, was added to the SDN List on March 3."), gaz).claims
    assert {(c.subject["name"], c.predicate, c.object["name"]) for c in claims} == {
        ("Quillon Hosting Ltd.", "LISTED_ON", "Specially Designated Nationals and Blocked Persons List"),
        ("Quillon Hosting Ltd.", "SUBSIDIARY_OF", "Tervane Bank")}


#: a party as the text may introduce it: bare, with its place, with its trade, with a possessive
INTRODUCED = ["{p}", "Russia-based {p}", "Chinese drone maker {p}", "Russia's {p}"]
#: (reason as the text gives it, concern, region): the claim a listing's reason makes
REASONS = [
    (" for helping Morvane Bank evade sanctions", "concern:sanctions-evasion", None),   # a party in the reason
    (" for activities contrary to U.S. national security", "concern:national-security", "region:us"),
    (", citing {its} role in human rights abuses in Xinjiang", "concern:human-rights-abuses", "region:cn-xj"),
    (" over {its} support for Iran's drone program", None, None),      # no concern of the reference data
    (" because {they} supplied the Russian military", None, None),
]
REASONED = [
    "{A} added {X} to the {L} on March 3{R}.",
    "On March 3, {A} added {X} to the {L}{R}.",
    "{X} {was} added to the {L} on March 3{R}.",
    "{A} on March 3 added {X} to the {L}{R}.",
    "{A} also added {X} to the {L} on March 3{R}.",
]


@pytest.mark.parametrize("template", REASONED)
def test_a_listing_and_its_reason_in_every_combination(gaz, template):
    wrong = []
    for (agency, list_id, list_name), parties, introduced, (reason, concern, region) in itertools.product(
            AGENCIES, PARTIES, INTRODUCED, REASONS):
        if introduced != "{p}" and (len(parties) > 1 or " " in parties[0] and parties[0].startswith("Ivan")):
            continue
        many = len(parties) > 1
        text = template.format(A=agency, X=_conjoin(tuple(introduced.format(p=p) for p in parties)), L=list_name,
                               R=reason.format(its="their" if many else "its", they="they" if many else "it"),
                               was="were" if many else "was")
        got = _read(text, gaz, ("LISTED_ON", "CITED_FOR"), lambda c: (
            c.subject["name"], c.predicate, c.object["id"], c.modality, c.date, c.region and c.region["id"]))
        want = {(p, "LISTED_ON", list_id, "asserted", "2024-03-03", None) for p in parties}
        if concern:
            want |= {(p, "CITED_FOR", concern, "asserted", "2024-03-03", region) for p in parties}
        if got != want:
            wrong.append(_diff(text, got, want))
    _assert_all_read(wrong)


#: (name, the short name the text may use for it later)
INTRODUCED_ONCE = [("Quillon Hosting Ltd.", "Quillon"), ("Tervane Systems Co., Ltd.", "Tervane"),
                   ("Morvane Robotics Technology Co., Ltd.", "Morvane Robotics")]
#: a sentence that introduces the party without any claim
FIRST = [
    "{X}, a Moscow-based hosting provider, rents servers to ransomware gangs.",
    "Moscow-based {X} rents servers to ransomware gangs.",
    "{X} rents servers to ransomware gangs, according to OFAC.",   # "it" is not the source
    "The hosting provider {X} rents servers to ransomware gangs.",
    "Investigators say {X} rents servers to ransomware gangs.",
]
#: (the next sentence, referring back to the party; the claim it makes)
THEN = [
    ("The company was added to the {L} on March 3.", "LISTED_ON"),
    ("It was added to the {L} on March 3.", "LISTED_ON"),
    ("{A} added the company to the {L} on March 3.", "LISTED_ON"),
    ("{A} added it to the {L} on March 3.", "LISTED_ON"),     # "it" is not the agency that adds
    ("The Moscow-based firm was added to the {L} on March 3.", "LISTED_ON"),
    ("{S} was added to the {L} on March 3.", "LISTED_ON"),
    ("On March 3, {A} added {S} to the {L}.", "LISTED_ON"),
    ("The firm was not added to the {L}.", "CONSIDERED_FOR"),
    ("{A} is weighing whether to add the company to the {L}.", "CONSIDERED_FOR"),
    ("{S} could be added to the {L}.", "CONSIDERED_FOR"),
]


@pytest.mark.parametrize("then, predicate", THEN, ids=[t[0] for t in THEN])
def test_a_reference_to_a_party_named_before(gaz, then, predicate):
    wrong = []
    for (name, short), first, (agency, list_id, list_name) in itertools.product(INTRODUCED_ONCE, FIRST, AGENCIES):
        if "Moscow-based" in then and "Moscow" not in first:
            continue
        text = first.format(X=name) + " " + then.format(A=agency, L=list_name, S=short)
        got = _read(text, gaz, ("LISTED_ON", "CONSIDERED_FOR"),
                    lambda c: (c.subject["name"], c.predicate, c.object["id"]))
        if got != {(name, predicate, list_id)}:
            wrong.append(_diff(text, got, {(name, predicate, list_id)}))
    _assert_all_read(wrong)


REMOVALS = [
    "{A} removed {X} from the {L} on March 3.",
    "On March 3, {A} removed {X} from the {L}.",
    "{X} {was} removed from the {L} on March 3.",
    "{A} took {X} off the {L} on March 3.",
    "{A} dropped {X} from the {L} on March 3.",
    "{A} on March 3 removed {X} from the {L}.",
    "{A} said it had removed {X} from the {L} on March 3.",
    "{A} delisted {X} on March 3.",                  # no list named: the agency's
    "{X} {was} delisted by {a} on March 3.",
    "{A} lifted sanctions on {X} on March 3.",
]


@pytest.mark.parametrize("template", REMOVALS)
def test_a_removal_in_every_combination(gaz, template):
    # a removal is a listing that ended: LISTED_ON with removed_on, never a new listing
    wrong = []
    for (agency, list_id, list_name), parties, appositive in itertools.product(
            AGENCIES, PARTIES, APPOSITIVES[:4]):
        if appositive and len(parties) > 1 or ("delisted" in template or "lifted" in template) \
                and list_id != "list:us-ofac-sdn":
            continue
        text = template.format(A=agency, a=_running(agency), X=_conjoin(parties) + appositive, L=list_name,
                               was="was" if len(parties) == 1 else "were")
        text = text.replace(", from", " from").replace(", off", " off") if not appositive else text
        got = _read(text, gaz, ("LISTED_ON", "CONSIDERED_FOR"),
                    lambda c: (c.subject["name"], c.predicate, c.object["id"], c.modality, c.removed_on))
        want = {(p, "LISTED_ON", list_id, "asserted", "2024-03-03") for p in parties}
        if got != want:
            wrong.append(_diff(text, got, want))
    _assert_all_read(wrong)
