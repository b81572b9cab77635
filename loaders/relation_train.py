"""Training the relation model (:mod:`sanctions_kg.loaders.relations`) from the gold sets.

Every candidate pair the claim reader sees in a development document is labelled by
the gold file of that document: positive if the gold has the relation between the
pair's subject (any member, for a group) and object, whatever its modality or date.
Removals are negatives for ``LISTING``: the model reads listings, not delistings.
One L2-regularised logistic regression is fitted per pair type (scikit-learn,
``liblinear``: deterministic, so the shipped file can be checked against a retrain).
Each type's acceptance threshold is the lowest from which on the out-of-fold precision
(documents split into five folds) of the pairs no pattern related stays at or above
``PRECISION``; a type that never gets there is switched off.

Run ``python -m sanctions_kg.loaders.relation_train --help``; scikit-learn comes with
the ``train`` extra (``pip install -e .[train]``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sanctions_kg.graph.names import normalize_name
from sanctions_kg.loaders.claims import ClaimReader
from sanctions_kg.loaders.doctext import load_document
from sanctions_kg.loaders.evaluation import is_graph_id, load_gold
from sanctions_kg.loaders.gazetteer import Gazetteer
from sanctions_kg.loaders.mentions import find_mentions
from sanctions_kg.loaders.relations import GOLD_PREDICATES, MODEL_FILE, PAIR_TYPES, RelationModel

REPO = Path(__file__).resolve().parents[1]
#: the development gold sets, as (gold folder, document root); the newest blind rounds and
#: the held-out set are left out so that they measure the model
TRAIN_SETS = [("tests/gold/corpus", "../shared/corpus"), ("tests/gold/blind", "tests/data"),
              *[(f"tests/gold/blind{n}", "tests/data") for n in (5, 6, 7, 8, 9, 12, 13, 14, 15, 17, 18, 19, 20)]]
PRECISION = 0.85
C = 0.5
FOLDS = 5


def gold_pairs(an, gold) -> dict[str, set[tuple[str, str]]]:
    """(subject key, object key) of the gold claims of each pair type, keys as the reader has them."""
    by_form: dict[str, set[str]] = {}
    for key, ent in an.entities.items():
        for form in (ent.name, *ent.aliases):
            by_form.setdefault(normalize_name(form), set()).add(key)

    def keys(name: str) -> set[str]:
        if is_graph_id(name):
            return {name}
        return by_form.get(normalize_name(name), set())

    out: dict[str, set[tuple[str, str]]] = {t: set() for t in PAIR_TYPES}
    for g in gold:
        for t, preds in GOLD_PREDICATES.items():
            if g.predicate in preds and not g.removed_on:
                out[t] |= {(s, o) for s in keys(g.subject) for o in keys(g.object)}
    return out


def collect(sets=TRAIN_SETS, gaz: Gazetteer | None = None, root: Path = REPO) -> list[tuple]:
    """Labelled candidates: (pair type, document, features, label, already related by a pattern)."""
    gaz = gaz or Gazetteer.from_reference()
    rows = []
    for gold_dir, data_dir in sets:
        for gold_path in sorted((root / gold_dir).glob("*.yaml")):
            doc_path, gold = load_gold(gold_path)
            an = find_mentions(load_document(root / data_dir / doc_path), gaz)
            cands: list = []
            ClaimReader(an, relations=None, collect=cands).read()
            pairs = gold_pairs(an, gold)
            for pair_type, keys, obj, feats, already in cands:
                label = any((k, obj) in pairs[pair_type] for k in keys)
                rows.append((pair_type, str(gold_path.relative_to(root)), feats, label, already))
    return rows


def _int32(x):
    """liblinear takes only 32-bit sparse indices; DictVectorizer may give 64-bit ones."""
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    return x


def _fit(rows):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = _int32(vec.fit_transform([{f: 1 for f in r[2]} for r in rows]))
    y = [r[3] for r in rows]
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit(x, y)
    return vec, clf


def _threshold(probs: list[float], labels: list[bool]) -> tuple[float | None, dict]:
    """The lowest threshold from which on the accepted pairs keep to ``PRECISION``: at it and
    at every higher threshold that still accepts 3 pairs or more. Precision is not monotone
    in the threshold; taking the first threshold that touches the bar let one relabelled pair
    move it and the model's precision with it."""
    best = None
    for t in [x / 100 for x in range(99, 29, -1)]:
        acc = [lab for p, lab in zip(probs, labels) if p >= t]
        if len(acc) < 3:
            continue
        if sum(acc) / len(acc) < PRECISION:
            break
        best = t
    acc = [lab for p, lab in zip(probs, labels) if best is not None and p >= best]
    return best, {"candidates": len(labels), "positives": sum(labels), "accepted": len(acc),
                  "accepted_correct": sum(acc)}


def train(rows: list[tuple]) -> RelationModel:
    """Fit one model per pair type and pick its threshold by document-grouped cross-validation."""
    weights, intercepts, thresholds, stats = {}, {}, {}, {}
    for pair_type in PAIR_TYPES:
        sub = [r for r in rows if r[0] == pair_type]
        if sum(r[3] for r in sub) < 5 or all(r[3] for r in sub):
            continue
        docs = sorted({r[1] for r in sub})
        fold_of = {d: i % FOLDS for i, d in enumerate(docs)}
        probs, labels = [], []
        for k in range(FOLDS):
            fit_rows = [r for r in sub if fold_of[r[1]] != k]
            test_rows = [r for r in sub if fold_of[r[1]] == k and not r[4]]
            if not test_rows or len({r[3] for r in fit_rows}) < 2:
                continue
            vec, clf = _fit(fit_rows)
            p = clf.predict_proba(_int32(vec.transform([{f: 1 for f in r[2]} for r in test_rows])))[:, 1]
            probs += [float(v) for v in p]
            labels += [r[3] for r in test_rows]
        threshold, stats[pair_type] = _threshold(probs, labels)
        vec, clf = _fit(sub)
        weights[pair_type] = {f: round(float(w), 6) for f, w in zip(vec.get_feature_names_out(), clf.coef_[0])
                              if abs(w) >= 1e-6}
        intercepts[pair_type] = round(float(clf.intercept_[0]), 6)
        thresholds[pair_type] = threshold if threshold is not None else 1.1
    meta = {"trained_on": [g for g, _ in TRAIN_SETS], "precision_target": PRECISION, "C": C,
            "folds": FOLDS, "out_of_fold": stats}
    return RelationModel(weights, intercepts, thresholds, meta)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m sanctions_kg.loaders.relation_train",
        description="Retrain the relation model from the development gold sets and write it "
                    f"(default: {MODEL_FILE.name} beside the loader).")
    ap.add_argument("--out", type=Path, default=MODEL_FILE, help="where to write the model (JSON)")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="the shared data folder holding corpus/ (default: ../shared)")
    args = ap.parse_args(argv)
    sets = [(g, str(args.shared / "corpus") if d == "../shared/corpus" else d) for g, d in TRAIN_SETS]
    if not (args.shared / "corpus").is_dir():
        print(f"error: {args.shared / 'corpus'} not found (give --shared)", file=sys.stderr)
        return 2
    rows = collect(sets)
    model = train(rows)
    args.out.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for t, s in model.meta["out_of_fold"].items():
        print(f"{t:8} threshold {model.thresholds[t]:.2f}  {s}")
    print(f"wrote {args.out} ({sum(len(w) for w in model.weights.values())} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
