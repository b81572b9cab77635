"""Scoring document extraction against gold annotations (precision and recall per predicate).

A gold file (``tests/gold/<set>/<document>.yaml``) lists the claims a careful
reader takes from a document::

    document: news/hikvision-sdn-2022-05.txt
    claims:
      - {subject: Hikvision, predicate: LISTED_ON, object: list:us-bis-el, modality: asserted, date: 2019-10}
      - subjects: [A Co., Ltd., B Inc.]          # one claim per subject
        predicate: CITED_FOR
        object: concern:national-security
        region: region:us
        modality: asserted

Entities are named by graph id (``list:us-bis-el``) or by a name the document
uses (matched after :func:`~sanctions_kg.graph.names.normalize_name` against the
extracted entity's name and aliases). A claim is correct only if subject,
predicate, object, modality, date and region all agree (strict matching);
matching is one-to-one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path

import yaml

from sanctions_kg.graph.names import normalize_name, spoken_forms
from sanctions_kg.loaders.extraction import Extraction

PREDICATES = ["LISTED_ON", "CONSIDERED_FOR", "CITED_FOR", "ADMINISTERS", "LOCATED_IN", "AFFILIATED_WITH",
              "SUBSIDIARY_OF"]


@dataclass(frozen=True)
class GoldClaim:
    subject: str
    predicate: str
    object: str
    modality: str
    date: str | None = None
    region: str | None = None
    removed_on: str | None = None


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, _date):
        return value.isoformat()
    return str(value)


def load_gold(path: Path | str) -> tuple[str, list[GoldClaim]]:
    """(document path relative to the corpus root, gold claims) of a gold file."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    out = []
    for c in data.get("claims") or []:
        subjects = c.get("subjects") or [c["subject"]]
        for s in subjects:
            out.append(GoldClaim(str(s), c["predicate"], str(c["object"]), c.get("modality", "asserted"),
                                 _iso(c.get("date")), c.get("region"), _iso(c.get("removed_on"))))
    return data["document"], out


def is_graph_id(name: str) -> bool:
    """Whether a gold entity is written as a graph id ("list:us-bis-el") rather than a name."""
    return ":" in name and " " not in name


def _matches(name: str, ref: dict, ex: Extraction) -> bool:
    if is_graph_id(name):
        return ref["id"] == name
    rec = ex.entities.get(ref["id"])
    forms = [ref["name"], *(rec.aliases if rec else [])]
    if ref.get("label") == "Person":   # "Roman Semenov" is the listed "SEMENOV, Roman"
        forms += [f for n in forms for f in spoken_forms(n)]
    want = normalize_name(name)
    return any(normalize_name(f) == want for f in forms)


def _agrees(g: GoldClaim, c, ex: Extraction) -> bool:
    return (g.predicate == c.predicate and g.modality == c.modality and g.date == c.date
            and g.region == (c.region["id"] if c.region else None)
            and (g.removed_on or None) == (c.removed_on or None)
            and _matches(g.subject, c.subject, ex) and _matches(g.object, c.object, ex))


@dataclass
class Score:
    """Counts per predicate: true positives, false positives, false negatives."""

    tp: dict
    fp: dict
    fn: dict

    @classmethod
    def empty(cls) -> "Score":
        return cls({p: 0 for p in PREDICATES}, {p: 0 for p in PREDICATES}, {p: 0 for p in PREDICATES})

    def add(self, other: "Score") -> None:
        for d, o in ((self.tp, other.tp), (self.fp, other.fp), (self.fn, other.fn)):
            for k, v in o.items():
                d[k] = d.get(k, 0) + v

    def prf(self, predicate: str | None = None) -> tuple[float, float, float]:
        keys = [predicate] if predicate else list(self.tp)
        tp = sum(self.tp.get(k, 0) for k in keys)
        fp = sum(self.fp.get(k, 0) for k in keys)
        fn = sum(self.fn.get(k, 0) for k in keys)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def table(self) -> str:
        """A plain-text table: predicate, gold, extracted, TP, precision, recall, F1."""
        lines = [f"{'predicate':16} {'gold':>5} {'found':>5} {'tp':>4} {'P':>6} {'R':>6} {'F1':>6}"]
        for k in PREDICATES + ["ALL"]:
            key = None if k == "ALL" else k
            tp = sum(self.tp.values()) if key is None else self.tp.get(k, 0)
            fp = sum(self.fp.values()) if key is None else self.fp.get(k, 0)
            fn = sum(self.fn.values()) if key is None else self.fn.get(k, 0)
            if key and not (tp or fp or fn):
                continue
            p, r, f = self.prf(key)
            lines.append(f"{k:16} {tp + fn:>5} {tp + fp:>5} {tp:>4} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
        return "\n".join(lines)


def score(ex: Extraction, gold: list[GoldClaim]) -> tuple[Score, list, list[GoldClaim]]:
    """Score one extraction: (counts, false-positive claims, missed gold claims)."""
    s = Score.empty()
    unmatched = list(ex.claims)
    missed = []
    for g in gold:
        hit = next((c for c in unmatched if _agrees(g, c, ex)), None)
        if hit is None:
            missed.append(g)
            s.fn[g.predicate] = s.fn.get(g.predicate, 0) + 1
        else:
            unmatched.remove(hit)
            s.tp[g.predicate] = s.tp.get(g.predicate, 0) + 1
    for c in unmatched:
        s.fp[c.predicate] = s.fp.get(c.predicate, 0) + 1
    return s, unmatched, missed


def evaluate(gold_dir: Path, corpus_dir: Path, gazetteer, relations: bool = False) -> tuple[Score, dict]:
    """Score every gold file of ``gold_dir`` against its document under ``corpus_dir``
    (``relations``: with the relation model, see :func:`~sanctions_kg.loaders.extraction.extract`).

    Returns the total and, per document, ``(score, false positives, missed)``.
    """
    from sanctions_kg.loaders.extraction import extract_file

    total = Score.empty()
    per_doc = {}
    for gold_path in sorted(Path(gold_dir).glob("*.yaml")):
        doc, gold = load_gold(gold_path)
        ex = extract_file(Path(corpus_dir) / doc, gazetteer, relations=relations)
        s, fps, missed = score(ex, gold)
        total.add(s)
        per_doc[doc] = (s, fps, missed)
    return total, per_doc
