"""Precision and recall of document extraction against our gold annotations, per predicate.

Gold files: ``tests/gold/corpus`` (the real documents in ../shared/corpus, news and
government notices) and ``tests/gold/heldout`` (short documents we wrote about real
events, in ``tests/data/heldout``). Matching is strict: subject, predicate, object,
modality, date and region must all agree. Run with ``-s`` to see the tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctions_kg.loaders.evaluation import PREDICATES, evaluate
from sanctions_kg.loaders.extraction import extract
from sanctions_kg.loaders.doctext import load_document
from sanctions_kg.loaders.gazetteer import Gazetteer

HERE = Path(__file__).resolve().parent
TARGET_P, TARGET_R = 0.9, 0.85


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_reference()


def _report(title, total, per_doc):
    print(f"\n{title}\n{total.table()}")
    for doc, (_, fps, missed) in per_doc.items():
        for c in fps:
            print(f"  FP {doc}: {c.subject['name']} {c.predicate} {c.object['id']} {c.modality} {c.date}")
        for g in missed:
            print(f"  FN {doc}: {g}")


def _assert_targets(total, per_predicate: bool = True):
    p, r, _ = total.prf()
    assert p >= TARGET_P and r >= TARGET_R, (p, r)
    for pred in PREDICATES if per_predicate else ():
        n = total.tp.get(pred, 0) + total.fn.get(pred, 0)
        if n >= 5:
            pp, rr, _ = total.prf(pred)
            assert pp >= TARGET_P and rr >= TARGET_R, (pred, pp, rr)


def test_corpus_precision_recall(shared, gaz):
    total, per_doc = evaluate(HERE / "gold" / "corpus", shared / "corpus", gaz)
    _report("corpus (news + gov)", total, per_doc)
    assert sum(total.tp.values()) + sum(total.fn.values()) >= 200
    _assert_targets(total)


def test_heldout_precision_recall(gaz):
    total, per_doc = evaluate(HERE / "gold" / "heldout", HERE / "data", gaz)
    _report("held-out documents", total, per_doc)
    # 27 gold claims: per-predicate figures on five items are noise, so only the totals are held to the targets
    _assert_targets(total, per_predicate=False)


def test_news_article_required_claims(shared, gaz):
    ex = extract(load_document(shared / "corpus/news/hikvision-sdn-2022-05.txt"), gaz)
    got = {(c.subject["name"], c.predicate, c.object["id"], c.modality, c.date,
            c.region["id"] if c.region else None) for c in ex.claims}
    assert ("Hikvision", "LISTED_ON", "list:us-bis-el", "asserted", "2019-10", None) in got
    assert ("Hikvision", "LISTED_ON", "list:us-ns-cmic", "asserted", "2021-06", None) in got
    sdn = [c for c in ex.claims if c.object["id"] == "list:us-ofac-sdn" and c.subject["name"] == "Hikvision"]
    assert sdn and all(c.predicate == "CONSIDERED_FOR" and c.modality in ("reported", "hypothetical") for c in sdn)
    for name in ("Hikvision", "SenseTime", "Megvii"):
        assert any(c[0] == name and c[1] == "CITED_FOR" and c[2] == "concern:human-rights-abuses"
                   and c[5] == "region:cn-xj" for c in got), name
    assert ("U.S. Department of the Treasury", "ADMINISTERS", "list:us-ofac-sdn", "asserted", None, None) in got
    assert ("Hikvision", "LOCATED_IN", "region:cn-hangzhou", "asserted", None, None) in got
    tail = ex.body.index("Next In Aseanplus News")
    assert all(ev["start"] < tail for c in ex.claims for ev in c.evidence)


#: Documents written with their gold by annotators who never saw the extractor or its rules:
#: (gold folder, gold claims, first run (P, R), floor (P, R), status). Every set is run once
#: blind; a set used afterwards to find general fixes is a development set from then on, and
#: its floor is what the fixes reached. docs/extraction.md, "Blind rounds", has the history.
BLIND_SETS = [
    ("blind", 154, (0.395, 0.097), (0.777, 0.565), "rounds 3-4: development set since sessions 2-3"),
    ("blind5", 189, (0.817, 0.259), (0.957, 0.582), "round 5: development set after its first run"),
    ("blind6", 210, (0.702, 0.191), (0.851, 0.410), "round 6: development set after its first run"),
    ("blind7", 219, (0.717, 0.152), (0.875, 0.447), "round 7: development set after its first run"),
    # 187: two claims added in session 4 for regions the annotators' id table lacked (Jilin, Dongguan)
    ("blind8", 190, (0.638, 0.238), (0.793, 0.384), "round 8: development set after its first run"),
    ("blind9", 178, (0.641, 0.232), (0.843, 0.393), "round 9: development set after its first run"),
    ("blind10", 199, (0.723, 0.171), (0.824, 0.307), "round 10: development set since session 4"),
    # rounds 11-15 were written in session 4 and first run with the rules unchanged since round
    # 10; then development sets for the rules, and 12-15 training data for the relation model
    ("blind11", 208, (0.886, 0.188), (0.935, 0.279), "round 11: development set after its first run"),
    ("blind12", 104, (0.767, 0.221), (0.763, 0.279), "round 12: development set after its first run"),
    ("blind13", 125, (0.643, 0.148), (0.795, 0.280), "round 13: development set after its first run"),
    # session 9: persons that only commas separate in a colon list are read apart - two more
    # right removals, and two more wrong listings ("All three had been designated ...", dated by
    # the removal told just before; the third was wrong already)
    ("blind14", 116, (0.938, 0.129), (0.842, 0.276), "round 14: development set after its first run"),
    ("blind15", 98, (0.769, 0.102), (0.865, 0.327), "round 15: development set after its first run"),
    # round 16 was written late in session 4 and run once (session-start rules: 0.709 / 0.205);
    # rounds 17-20 were written after it and run once (session-start rules on all four: 0.776 /
    # 0.183), then became relation-model training data; all five are rules development sets since
    ("blind16", 191, (0.719, 0.216), (0.797, 0.288), "round 16: development set after its first run"),
    ("blind17", 96, (0.800, 0.168), (0.905, 0.198), "round 17: development set after its first run"),
    ("blind18", 106, (0.744, 0.274), (0.917, 0.415), "round 18: development set after its first run"),
    ("blind19", 120, (0.773, 0.142), (0.727, 0.267), "round 19: development set after its first run"),
    ("blind20", 97, (0.857, 0.189), (0.912, 0.320), "round 20: development set after its first run"),
    # rounds 21-22 were written at the end of session 4 and run once with the final extractor
    # (session-start rules: 0.737 / 0.143 and 0.548 / 0.159); development sets in session 5.
    # Session 5's entity, list and date fixes (docs/extraction.md, "Session 5") raised every
    # floor's recall; rounds 5, 10, 12 and 15 gave up 0.004-0.021 precision for it
    ("blind21", 98, (0.700, 0.143), (0.818, 0.276), "round 21: development set after its first run"),
    ("blind22", 107, (0.562, 0.168), (0.786, 0.308), "round 22: development set after its first run"),
    # rounds 23-24 were written in session 5 while its fixes were made and run once with the
    # final extractor (session-start rules: 0.750 / 0.174 and 0.773 / 0.210)
    ("blind23", 87, (0.750, 0.174), (0.783, 0.207), "round 23: blind at its first run"),
    ("blind24", 85, (0.826, 0.235), (0.846, 0.259), "round 24: first run, then 'United' may start a name, 'blacklist' no SDN alias"),
    # rounds 25-26 were written at the start of session 6 and run once with the session-start
    # extractor (the first figures); development sets after that. First figures are as
    # measured at the time, before the session-6 gold additions (the n_gold column is current)
    ("blind25", 85, (0.880, 0.262), (0.911, 0.482), "round 25: first run, then a development set in session 6"),
    ("blind26", 113, (0.677, 0.186), (0.859, 0.487), "round 26: first run, then a development set in session 6"),
    # rounds 27-28 were written at the start of session 7 and run once with the session-start
    # extractor (the first figures; the session's changes made before then did not move them)
    ("blind27", 105, (0.714, 0.190), (0.915, 0.410), "round 27: first run, then a development set in session 7"),
    ("blind28", 73, (0.750, 0.205), (0.833, 0.274), "round 28: first run, then a development set in session 7"),
    # rounds 29-30 were written in session 7 while its fixes were made and run once with the
    # session's final extractor before anyone read them: 0.695 / 0.240 on both (session-start
    # extractor: 0.614 / 0.205, the first figures here); a few fixes after that
    ("blind29", 94, (0.767, 0.245), (0.833, 0.319), "round 29: blind until late in session 7"),
    ("blind30", 77, (0.444, 0.156), (0.794, 0.351), "round 30: blind until late in session 7"),
    # rounds 31-32 likewise, run once at the end of session 7 (final extractor: 0.697 / 0.283;
    # session-start extractor: 0.701 / 0.251, the first figures here). Round 32's floor is
    # below its first figure: two agents now read as persons ("Choe Song-chol") are listed
    # "on the same day", which the extractor cannot date (wrong date: 6 wrong, 6 missed)
    ("blind31", 104, (0.733, 0.317), (0.857, 0.462), "round 31: blind until the end of session 7"),
    ("blind32", 83, (0.636, 0.169), (0.613, 0.229), "round 32: blind until the end of session 7"),
    # rounds 33-34 were written at the start of session 8 and run once before anyone read them,
    # with the session-start extractor and again with the extractor as it stood then (the same
    # figures: the first here). Round 33 was then a development set; round 34 stayed unread
    # through the session's changes and was run again with its final rules (0.708 / 0.212)
    ("blind33", 89, (0.795, 0.348), (0.942, 0.730), "round 33: first run, then a development set in session 8"),
    ("blind34", 80, (0.727, 0.200), (0.720, 0.225), "round 34: unread through session 8's changes"),
    # rounds 35-36 were written during session 8 and run once at its end, before anyone read
    # them: session-start extractor (the first figures) 0.778 / 0.172 on both, final 0.755 / 0.181
    ("blind35", 100, (0.750, 0.150), (0.696, 0.160), "round 35: blind at the end of session 8"),
    ("blind36", 104, (0.800, 0.192), (0.846, 0.212), "round 36: blind at the end of session 8"),
    # rounds 37-38 were written at the start of session 9 and run, before anyone read them,
    # with the session-start extractor (the first figures) and with the session's final one;
    # nobody has read them since
    ("blind37", 79, (0.824, 0.177), (0.833, 0.190), "round 37: unread through session 9"),
    ("blind38", 91, (0.821, 0.253), (0.821, 0.253), "round 38: unread through session 9"),
]


@pytest.mark.parametrize("folder, n_gold, first, floor, status", BLIND_SETS, ids=[b[0] for b in BLIND_SETS])
def test_blind_documents_are_scored_and_do_not_regress(gaz, folder, n_gold, first, floor, status):
    """The targets (P >= 0.9, R >= 0.85) are NOT met on documents the rules were not
    written from; this test prints where extraction falls short and holds each set's
    floor, so that a change that helps one set cannot quietly cost another."""
    total, per_doc = evaluate(HERE / "gold" / folder, HERE / "data", gaz)
    _report(f"{folder} ({status}; first run P {first[0]} R {first[1]})", total, per_doc)
    assert sum(total.tp.values()) + sum(total.fn.values()) == n_gold
    p, r, _ = total.prf()
    assert p >= floor[0] - 0.005 and r >= floor[1] - 0.005, (p, r)


#: The same sets read with the opt-in relation model (``extract(..., relations=True)``,
#: ``--relation-model``): (gold folder, document root, (P, R) floor, status). The model is
#: trained on the development sets and rounds 12-15 and 17-20, so their figures are in-sample;
#: rounds 10, 11 and 16 are not trained on (the rules were developed on them; round 16 was
#: first run with the model trained before rounds 17-20 existed: 0.712 / 0.221); nor are rounds
#: 21-22 (blind at their first run, development sets for the rules in session 5).
# Session 6: officials of agencies ("Commerce Secretary X") are read, and 22 such claims the
# gold lacked were added (an annotator went through every document; docs/extraction.md,
# "Session 6"). Every floor was then re-measured: all at or above the session-start figures
# except the corpus recall (1.000 -> 0.996: an official named only in a rule's signature
# block) and round 23 (-0.002 / -0.003 recall: a chairman named only as "Chairman"). Then
# persons read as such became subjects of listings like any party ("OFAC designated X, a
# Russian official"), and "that day" takes the day the sentence before names: round 14 lost
# 0.041 precision for it (Tal Dilian's listing, now read, is dated "2024" by its sentence,
# the gold by the action told two paragraphs before), round 20 gained a listing.
# Session 7: persons named with no title (their first word is a given name the lists hold),
# groups named by "The seven are A, ... G" and "all seven", listed persons matched as prose
# writes them, and a dozen place, parent and affiliate constructions (docs/extraction.md,
# "Session 7"). Every floor re-measured: all at or above the session-start figures except two
# precision drops of 0.007 - rounds 3-4 ("Microscale and QuantumCTek Co., Ltd.", one wrong
# name now located by "both located in Hefei") and round 8 ("The Shanxi company is a ...
# affiliate of Y", now read, with "The Shanxi company" taken for the wrong company). Then
# "the same four officials" was read as the group named before: round 19 lost 0.021
# precision for it (the group's listing now takes in "XPCC Public Security Bureau", which
# the gold names by its spelled-out name: one body, two names) and gained a listing; and
# "it sanctioned X" was read as the agency's: round 14 lost 0.023 precision for 0.025 recall
# ("it designated these parties", dated by the removal told first, not by the action).
# The relation model, retrained after the rules changed, moved with them: round 7 -0.043
# precision and -0.028 recall with it, round 19 -0.051 precision for +0.075 recall. "X, a
# U.S. citizen" locates X: round 15 lost 0.024 precision (its gold leaves the CTO's
# nationality out; later rounds annotate it).
# Session 8: reasons told apart from the listing ("Treasury tied the three designations to
# ...", "justified the move by pointing to ...", "listed them because ..."), counted colon
# groups whose unknown members are named ("four officials: X's president, A; ...; C, head
# of ...; and D"), "earlier that month" and when-clauses with an appositive (docs/extraction.md,
# "Session 8"). Every floor re-measured; three precision drops, all from reasons now read
# with "because" and dated by the listing or the rule's effective date where the gold, as
# its guide says, leaves a news story's reasons undated unless their sentence is dated:
# round 6 -0.045 ("The equipment of all five was placed on the list because it poses ..."),
# round 7 -0.017 ("it listed SMIC because of ..."), round 19 -0.095, now below its first run
# ("The task force listed them because ...": five right relations, dated). With the relation
# model, retrained: round 14 -0.024 precision, round 6 -0.047 / -0.024. Then parties in an
# apposition were no longer listed with the party they describe, "X, a Russian military-
# intelligence unit" and "X, its U.S. subsidiary" locate X (rounds 12 and 27 lost 0.021 and
# 0.018 precision: their gold leaves those places out), removals the sentence does not date
# take the notice's date, and counted groups are named after a listing ("Four were named
# ...: A; B; C; and D"). The retrained model moved round 24 by -0.031 precision. Then reasons
# given while listing ("..., citing national security", "..., saying ..."), "has not been
# placed on", "appears on" and "known in the trade as": small precision drops, each a right
# relation the gold names or qualifies otherwise - rounds 21 and 31 (-0.026, -0.008: "SMIC"
# and "Rostec" denied a listing, read as names of their own where the gold spells them out),
# round 10 (-0.019: a reason cited in a proposal, read as proposed), round 14 (-0.024:
# Garantex "citing the risk that Russia would use crypto to evade sanctions"), round 25
# (-0.021: "US national security" with no region for "US"), round 16 (-0.011: "Iran's
# Ministry of Defense and Armed Forces Logistics", the parent cut to its first four words).
# Then "named X to its list", "a year later", "for its alleged role" (reported) and "X, the
# company known as Q": round 29 lost 0.024 precision ("That action named only the Changji
# mill", read as the mill's other name, which the gold does not take for the same company).
RELATION_SETS = [
    ("corpus", "shared", (1.000, 0.996), "in-sample"),
    ("heldout", "data", (1.000, 0.971), "not trained on"),
    ("blind", "data", (0.739, 0.571), "in-sample"),
    ("blind5", "data", (0.942, 0.598), "in-sample"),
    ("blind6", "data", (0.855, 0.448), "in-sample"),
    ("blind7", "data", (0.818, 0.452), "in-sample"),
    ("blind8", "data", (0.808, 0.421), "in-sample"),
    ("blind9", "data", (0.830, 0.410), "in-sample"),
    ("blind10", "data", (0.786, 0.332), "not trained on"),
    ("blind11", "data", (0.923, 0.288), "not trained on"),
    ("blind12", "data", (0.763, 0.279), "in-sample"),
    ("blind13", "data", (0.795, 0.280), "in-sample"),
    # session 9: with the persons read apart, "these parties" (the last group: the three removed)
    # gives the model two more wrong reasons
    ("blind14", "data", (0.830, 0.336), "in-sample"),
    ("blind15", "data", (0.829, 0.347), "in-sample"),
    ("blind16", "data", (0.789, 0.293), "not trained on"),
    ("blind17", "data", (0.905, 0.198), "in-sample"),
    ("blind18", "data", (0.923, 0.453), "in-sample"),
    ("blind19", "data", (0.720, 0.300), "in-sample"),
    ("blind20", "data", (0.868, 0.340), "in-sample"),
    ("blind21", "data", (0.818, 0.276), "not trained on; first run 0.700 / 0.143"),
    ("blind22", "data", (0.795, 0.327), "not trained on; first run 0.611 / 0.206"),
    ("blind23", "data", (0.792, 0.218), "blind at its first run (0.773 / 0.198)"),
    ("blind24", "data", (0.815, 0.259), "not trained on; first run 0.769 / 0.247"),
    ("blind25", "data", (0.913, 0.494), "not trained on; first run 0.857 / 0.286"),
    ("blind26", "data", (0.859, 0.487), "not trained on; first run 0.697 / 0.204"),
    ("blind27", "data", (0.922, 0.448), "not trained on; first run 0.750 / 0.229"),
    ("blind28", "data", (0.840, 0.288), "not trained on; first run 0.762 / 0.219"),
    # session 9: "the Commerce Department placed it on the Entity List" now dates the listing of
    # "the mill" right (2020-07) and the model adds its reason, but under the name the document
    # gives it afterwards ("also goes by the name ..."), which is not read as an alias: one wrong
    ("blind29", "data", (0.750, 0.319), "not trained on; first run 0.676 / 0.245"),
    ("blind30", "data", (0.700, 0.364), "not trained on; first run 0.394 / 0.169"),
    ("blind31", "data", (0.862, 0.481), "not trained on; first run 0.745 / 0.337"),
    ("blind32", "data", (0.613, 0.229), "not trained on; first run 0.609 / 0.169"),
    ("blind33", "data", (0.942, 0.730), "not trained on; first run 0.786 / 0.371"),
    ("blind34", "data", (0.720, 0.225), "not trained on; first run 0.727 / 0.200"),
    ("blind35", "data", (0.708, 0.170), "not trained on; first run 0.739 / 0.170"),
    ("blind36", "data", (0.846, 0.212), "not trained on; first run 0.800 / 0.192"),
    ("blind37", "data", (0.833, 0.190), "not trained on; first run 0.824 / 0.177"),
    ("blind38", "data", (0.824, 0.308), "not trained on; first run 0.824 / 0.308"),
]


@pytest.mark.parametrize("folder, root, floor, status", RELATION_SETS, ids=[r[0] for r in RELATION_SETS])
def test_relation_model_figures_do_not_regress(request, gaz, folder, root, floor, status):
    """With the relation model on: recall up, precision down a little (docs/extraction.md,
    "Relation model"); each set's figure is held as its floor."""
    base = request.getfixturevalue("shared") / "corpus" if root == "shared" else HERE / "data"
    total, per_doc = evaluate(HERE / "gold" / folder, base, gaz, relations=True)
    _report(f"{folder} with the relation model ({status})", total, per_doc)
    p, r, _ = total.prf()
    assert p >= floor[0] - 0.005 and r >= floor[1] - 0.005, (p, r)
