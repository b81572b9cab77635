"""A statistical relation classifier for the pairs the claim patterns leave unrelated.

The patterns of ``document_rules.yaml`` are precise but each covers one construction;
on prose they were not written for, most missed claims have both entities in one
sentence and no pattern that joins them ("It was one of six Russian technology
companies designated that day, including Neobit"). This module reads such pairs
statistically: a logistic-regression model per *pair type* scores a party and a list,
concern or region (or an agency and a list) found in one abstract sentence, from the
words between and around them. A pair it accepts becomes a claim whose modality, date
and region the reader works out exactly as for a pattern's claim, so the model decides
only *whether* the relation is stated, never how it is qualified.

The model is trained by :mod:`sanctions_kg.loaders.relation_train` from the gold
annotations under ``tests/gold`` (the development sets only: the newest blind rounds
and the held-out set stay out, so they still measure it) and shipped as
``relation_model.json``; scoring needs no machine-learning library, only a sum of
feature weights.

Examples
--------
>>> toks = tokens("Also added were two ⟦P0⟧ affiliates located in ⟦R1⟧, ⟦P2⟧.")
>>> toks[:6]
['also', 'added', 'were', '<num>', '⟦P0⟧', 'affiliates']
>>> at = placeholder_positions(toks)
>>> at
{0: 4, 1: 8, 2: 10}
>>> sorted(f for f in pair_features(toks, at[0], at[1], "LOCATED", "known") if "|b:" in f)
['LOCATED|b:affiliates', 'LOCATED|b:in', 'LOCATED|b:located']
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: pair types: (subject kinds, object kinds, the predicate a pair of that type is read as)
PAIR_TYPES = {
    "LISTING": ("PG", "L", "LISTED_ON"),      # modality decides LISTED_ON or CONSIDERED_FOR
    "CITED": ("PG", "C", "CITED_FOR"),
    "LOCATED": ("PG", "R", "LOCATED_IN"),
    "ADMIN": ("A", "L", "ADMINISTERS"),
}
#: the gold predicates a pair of each type is labelled with when training
GOLD_PREDICATES = {"LISTING": ("LISTED_ON", "CONSIDERED_FOR"), "CITED": ("CITED_FOR",),
                   "LOCATED": ("LOCATED_IN",), "ADMIN": ("ADMINISTERS",)}
MODEL_FILE = Path(__file__).with_name("relation_model.json")
#: how the model's claims name their reader (claim JSON, stored evidence, pattern ids)
READER = "relation-model"

_TOKEN = re.compile(r"⟦[A-Z]\d+⟧|[A-Za-z]+(?:[-'][A-Za-z]+)*|\d+|[^\sA-Za-z\d]")
_PLACEHOLDER = re.compile(r"⟦([A-Z])\d+⟧")
_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve dozens dozen".split())


def tokens(abstract: str) -> list[str]:
    """Lower-cased tokens of an abstract sentence; placeholders kept, numbers as ``<num>``."""
    out = []
    for t in _TOKEN.findall(abstract):
        if t[0] == "⟦":
            out.append(t)
        elif t.isdigit() or t.lower() in _NUMBER_WORDS:
            out.append("<num>")
        else:
            out.append(t.lower())
    return out


def _kind(tok: str) -> str:
    """A placeholder as its kind (``<P>``), other tokens unchanged."""
    return f"<{tok[1]}>" if tok[0] == "⟦" else tok


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-5" if n <= 5 else "6-10" if n <= 10 else "11-20" if n <= 20 else "21+"


def pair_features(toks: list[str], si: int, oi: int, pair_type: str, via: str) -> list[str]:
    """The sparse binary features of the pair at token positions ``si`` (subject) and ``oi``.

    Words between the two mentions (as a bag, as bigrams, and the first and last two),
    two words on either side, order and distance, the kinds of the mentions between,
    and how the subject was found (a name, a reference, a group).
    """
    a, b = (si, oi) if si < oi else (oi, si)
    between = [_kind(t) for t in toks[a + 1:b]]
    f = ["bias", f"order:{'so' if si < oi else 'os'}", f"dist:{_bucket(len(between))}", f"via:{via}"]
    f += [f"b:{t}" for t in set(between)]
    f += [f"bb:{x}_{y}" for x, y in set(zip(between, between[1:]))]
    f += [f"bf:{t}" for t in between[:2]] + [f"bl:{t}" for t in between[-2:]]
    if not between:
        f.append("adjacent")
    for k, t in enumerate(toks[max(0, a - 2):a][::-1], 1):
        f.append(f"pre{k}:{_kind(t)}")
    for k, t in enumerate(toks[b + 1:b + 3], 1):
        f.append(f"post{k}:{_kind(t)}")
    kinds = [t[1:2] for t in between if t[0] == "<" and len(t) == 3]
    for k in set(kinds):
        f.append(f"nk:{k}:{min(kinds.count(k), 3)}")
    if "," in between or ";" in between:
        f.append("punct:" + "".join(sorted({t for t in between if t in ",;()"})))
    return [f"{pair_type}|{x}" for x in f]


@dataclass(frozen=True)
class RelationModel:
    """Per pair type: feature weights, intercept and the acceptance threshold."""

    weights: dict[str, dict[str, float]]
    intercepts: dict[str, float]
    thresholds: dict[str, float]
    meta: dict

    def probability(self, pair_type: str, features: list[str]) -> float:
        w = self.weights.get(pair_type)
        if w is None:
            return 0.0
        z = self.intercepts[pair_type] + sum(w.get(x, 0.0) for x in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, pair_type: str, features: list[str]) -> bool:
        return self.probability(pair_type, features) >= self.thresholds.get(pair_type, 1.1)

    def to_json(self) -> dict:
        return {"meta": self.meta, "thresholds": self.thresholds, "intercepts": self.intercepts,
                "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict) -> "RelationModel":
        return cls(data["weights"], data["intercepts"], data["thresholds"], data.get("meta", {}))


@lru_cache(maxsize=1)
def shipped_model() -> RelationModel | None:
    """The model shipped with the package (None if the file is missing)."""
    if not MODEL_FILE.exists():
        return None
    with open(MODEL_FILE, encoding="utf-8") as fh:
        return RelationModel.from_json(json.load(fh))


def placeholder_positions(toks: list[str]) -> dict[int, int]:
    """Mention index -> token position, for the placeholders of an abstract sentence."""
    return {int(t[2:-1]): i for i, t in enumerate(toks) if t[0] == "⟦"}
