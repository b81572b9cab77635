"""The relation model: features, opt-in claims qualified like a rule's, and a shipped file
that the training code reproduces from the development gold sets."""

from __future__ import annotations

import json

import pytest

from sanctions_kg.loaders.extraction import extract, parse_document
from sanctions_kg.loaders.gazetteer import Gazetteer
from sanctions_kg.loaders.relations import (
    MODEL_FILE, PAIR_TYPES, RelationModel, pair_features, placeholder_positions, shipped_model, tokens,
)

# fictional companies; the second sentence has no construction the rules read as a citation
TEXT = """title: Supplier designated
published: 2024-05-02

Zelkova Optics Co., Ltd., a Wuhan-based producer of infrared detectors, supplied detectors to a
Russian maker of optics for military end use in Russia. Zelkova Optics Co., Ltd. reportedly
supplied lenses to military end users in Russia as well.
"""


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_reference()


def _rows(ex):
    return {(c.subject["name"], c.predicate, c.object["id"], c.modality, c.date,
             c.region["id"] if c.region else None, c.reader) for c in ex.claims}


def test_features_name_the_words_between_and_around_the_pair():
    toks = tokens("On Monday ⟦A0⟧ added ⟦P1⟧ to the ⟦L2⟧ for ⟦C3⟧.")
    at = placeholder_positions(toks)
    f = set(pair_features(toks, at[1], at[2], "LISTING", "shape"))
    assert {"LISTING|b:to", "LISTING|b:the", "LISTING|bb:to_the", "LISTING|order:so", "LISTING|dist:2",
            "LISTING|pre1:added", "LISTING|pre2:<A>", "LISTING|post1:for", "LISTING|post2:<C>",
            "LISTING|via:shape"} <= f
    # the reverse order and a mention in between are features too
    g = set(pair_features(toks, at[2], at[0], "ADMIN", "known"))
    assert {"ADMIN|order:os", "ADMIN|nk:P:1"} <= g


def test_probability_is_a_logistic_sum_of_weights():
    m = RelationModel({"CITED": {"CITED|b:for": 2.0}}, {"CITED": -1.0}, {"CITED": 0.7}, {})
    assert m.probability("CITED", ["CITED|b:for"]) == pytest.approx(1 / (1 + 2.718281828459045 ** -1.0))
    assert m.accepts("CITED", ["CITED|b:for"]) and not m.accepts("CITED", ["CITED|b:against"])
    assert not m.accepts("LISTING", ["CITED|b:for"])   # a type without weights accepts nothing


def test_model_is_off_by_default_and_its_claims_say_so(gaz):
    doc = parse_document(TEXT)
    plain = _rows(extract(doc, gaz))
    both = _rows(extract(doc, gaz, relations=True))
    assert not any(r[-1] for r in plain)
    assert plain < both
    added = both - plain
    # the model decides that the pair is related; the reader qualifies it as for a rule: the
    # region named with the concern, the modality from the clause's cues ("reportedly")
    assert ("Zelkova Optics Co., Ltd.", "CITED_FOR", "concern:military-end-use", "asserted", None, "region:ru",
            "relation-model") in added
    assert all(r[-1] == "relation-model" for r in added)
    ex = extract(doc, gaz, relations=True)
    model_claims = [c for c in ex.claims if c.reader]
    assert all(c.to_json()["reader"] == "relation-model" and c.evidence[0]["text"] in ex.body
               for c in model_claims)


def test_a_concern_that_describes_the_company_is_no_reason(gaz):
    # the model's one false claim on the news article, before this check
    text = ("title: t\npublished: 2022-05-07\n\nChinese surveillance camera maker Zelkova Optics Co., Ltd. said "
            "it hopes to be treated fairly after reports that Washington may impose sanctions on the firm.")
    claims = extract(parse_document(text), gaz, relations=True).claims
    assert not [c for c in claims if c.predicate == "CITED_FOR"]


def test_load_with_the_model_marks_its_evidence(tmp_path):
    from sanctions_kg.graph.load import load_paths
    from sanctions_kg.graph.embedded import EmbeddedStore

    path = tmp_path / "supplier.txt"
    path.write_text(TEXT, encoding="utf-8")
    plain, marked = EmbeddedStore(tmp_path / "a.json"), EmbeddedStore(tmp_path / "b.json")
    assert load_paths(plain, [path])[0]["error"] is None
    assert load_paths(marked, [path], options={"relations": True})[0]["error"] is None

    def cited(store):
        return {r["dst"]: [json.loads(e) for e in r["props"]["evidence"]] for r in store.iter_rels("CITED_FOR")}

    assert "concern:military-end-use" not in cited(plain)
    evidence = cited(marked)["concern:military-end-use"]
    assert evidence and all(e["reader"] == "relation-model" and e["text"] in TEXT for e in evidence)
    # a rule's claim carries no reader
    assert all("reader" not in json.loads(e) for r in marked.iter_rels("LOCATED_IN") for e in r["props"]["evidence"])


def test_shipped_model_was_trained_on_development_sets_only():
    model = shipped_model()
    assert model is not None and set(model.weights) <= set(PAIR_TYPES)
    trained = model.meta["trained_on"]
    assert "tests/gold/corpus" in trained and "tests/gold/blind9" in trained
    for measure in ("tests/gold/heldout", "tests/gold/blind10", "tests/gold/blind11", "tests/gold/blind16",
                    "tests/gold/blind21", "tests/gold/blind22"):
        assert measure not in trained
    # a type whose out-of-fold precision never reached the target is switched off
    for t, s in model.meta["out_of_fold"].items():
        if s["accepted"] == 0:
            assert model.thresholds[t] > 1


def test_shipped_model_is_what_the_training_code_makes(shared, tmp_path):
    from sanctions_kg.loaders.relation_train import main

    out = tmp_path / "model.json"
    assert main(["--out", str(out), "--shared", str(shared)]) == 0
    got, shipped = json.loads(out.read_text()), json.loads(MODEL_FILE.read_text())
    assert got["thresholds"] == shipped["thresholds"] and got["meta"] == shipped["meta"]
    for t, w in shipped["weights"].items():
        assert set(got["weights"][t]) == set(w)
        assert max(abs(got["weights"][t][f] - v) for f, v in w.items()) < 1e-4
