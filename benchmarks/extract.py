"""Benchmark: document extraction throughput with a gazetteer of the full real lists.

Gazetteer: the packaged reference data plus every party of the OFAC SDN list
(2024-05-03 snapshot), the OFAC consolidated non-SDN list and the trade.gov CSL
fixture, loaded with the project's list loaders into an in-memory store (or,
with ``--from-csv`` or when the loaders fail, names read straight from the
CSV files). Corpus: every document of ../shared/corpus (news + gov).

Measured in the same run:

* **sanctions-kg extraction** - the whole pipeline on in-memory text: header and
  layout, Aho-Corasick matching, shapes, coreference, claim patterns, modality
  and dates (:func:`sanctions_kg.loaders.extraction.extract`);
* **with the relation model** - the same, with the opt-in statistical reader of the
  pairs no rule relates (``relations=True``, ``--relation-model``);
* **matching only** - the gazetteer's automaton pass (:meth:`Gazetteer.find`);
* **files, one process and ``--jobs`` processes** - the corpus read from its files by
  :func:`~sanctions_kg.loaders.document.extract_paths` (what ``skg extract FOLDER --jobs N``
  runs), sequentially and with a worker per core (wall time only: the work is in the workers);
* **baseline** - spaCy blank English with an ``entity_ruler`` holding the same
  names as phrase patterns (``phrase_matcher_attr=LOWER``), ``nlp.pipe`` over the
  same texts: it only finds known names (no claims), so it is a lower bound on
  what a spaCy-based extractor would cost; and the same with ``n_process`` = ``--jobs``.

Precision and recall per predicate are printed for the corpus, held-out and blind gold
with this large gazetteer (the names of tens of thousands of parties must not
break extraction).

Run: ``.venv/bin/python benchmarks/extract.py [--passes 20] [--from-csv]``
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SKG_SHARED", ROOT.parent / "shared"))
LISTS = SHARED / "data" / "lists"
LIST_FILES = [LISTS / "ofac_sdn" / "2024-05-03" / "sdn.csv",
              LISTS / "ofac_consolidated" / "2025-12-19" / "cons_prim.csv",
              LISTS / "trade_csl" / "2023-11-30_moov-fixture-subset" / "csl.csv"]


from machine import machine  # noqa: E402  (benchmarks run as scripts from this folder)


def store_with_lists():
    """Reference data + the real lists, loaded with the list loaders into an in-memory store."""
    from sanctions_kg.graph.embedded import EmbeddedStore
    from sanctions_kg.graph.pipeline import build
    from sanctions_kg.graph.resolve import Resolver
    from sanctions_kg.loaders.reference import REFERENCE_PATH
    from sanctions_kg.loaders.registry import LoadContext, detect

    store = EmbeddedStore(None)
    for path in [REFERENCE_PATH, *LIST_FILES]:
        spec = detect(path)
        ctx = LoadContext(store=store, path=path)
        build(spec.read(path, ctx), store, resolver=Resolver(store), source_name=str(path))
    return store


def entries_from_csv():
    """Reference entries + party names read straight from the list CSVs (no loaders)."""
    from sanctions_kg.loaders.gazetteer import Entry, _collect, reference_store
    from sanctions_kg.schema import MODEL

    entries: dict = {}
    links: dict = {}
    _collect(reference_store(), entries, links)
    for path in LIST_FILES:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            if path.name == "csl.csv":
                for row in csv.DictReader(fh):
                    name = (row.get("name") or "").strip()
                    if not name or name == "name":
                        continue
                    label = "Person" if row.get("type", "").lower() == "individual" else "Company"
                    aliases = tuple(a.strip() for a in (row.get("alt_names") or "").split(";") if a.strip())
                    nid = MODEL.node_id(label, name)
                    entries[nid] = Entry(nid, label, name, aliases)
            else:
                for row in csv.reader(fh):
                    if len(row) < 3 or not row[1].strip() or row[1].startswith("\x1a"):
                        continue
                    name = row[1].strip()
                    label = "Person" if row[2].strip().lower() == "individual" else "Company"
                    nid = MODEL.node_id(label, name)
                    entries[nid] = Entry(nid, label, name)
    return entries, links


def corpus_texts() -> list[tuple[Path, str]]:
    out = []
    for path in sorted((SHARED / "corpus").rglob("*.txt")):
        out.append((path, path.read_text(encoding="utf-8")))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passes", type=int, default=20, help="passes over the corpus per timing")
    ap.add_argument("--from-csv", action="store_true", help="read list names from the CSVs, not the loaders")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes for the parallel rows (default: the cores, %(default)s)")
    args = ap.parse_args(argv)
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"the shared data folder {SHARED} is absent (set SKG_SHARED)")

    from sanctions_kg.loaders.doctext import parse_document
    from sanctions_kg.loaders.document import extract_paths
    from sanctions_kg.loaders.evaluation import evaluate
    from sanctions_kg.loaders.extraction import clear_caches, extract
    from sanctions_kg.loaders.gazetteer import Gazetteer

    print(f"machine: {machine()}")
    t0 = time.perf_counter()
    source = "CSV names"
    if not args.from_csv:
        try:
            store = store_with_lists()
            t_load = time.perf_counter() - t0
            t1 = time.perf_counter()
            gaz = Gazetteer.from_store(store)
            del store  # extraction needs only the gazetteer; the loaded lists would only feed the GC
            source = f"list loaders ({t_load:.1f} s to load)"
        except Exception as exc:  # noqa: BLE001 - fall back to the CSVs, and say so
            print(f"list loaders failed ({exc!r}); reading names from the CSVs")
            args.from_csv = True
    if args.from_csv:
        t1 = time.perf_counter()
        entries, links = entries_from_csv()
        gaz = Gazetteer(entries.values(), **{k.lower(): v for k, v in links.items()})
    t_gaz = time.perf_counter() - t1
    n_names = gaz.size
    n_parties = sum(1 for e in gaz.entries.values() if e.kind in ("P", "N"))
    print(f"gazetteer: {len(gaz.entries):,} entities ({n_parties:,} parties), {n_names:,} distinct names "
          f"and aliases, from {source}; automaton built in {t_gaz:.2f} s")

    gc.collect()
    texts = corpus_texts()
    docs = [parse_document(t, path=p) for p, t in texts]
    words = sum(len(d.body.split()) for d in docs)
    print(f"corpus: {len(docs)} documents, {words:,} words (body text); {args.passes} passes per timing\n")

    def timed(fn) -> tuple[float, float]:
        """(wall seconds, CPU seconds of this process) for ``passes`` runs; the machine is shared,
        so CPU time is the steadier figure."""
        fn()  # warm-up
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.passes):
            fn()
        return time.perf_counter() - start, time.process_time() - cpu

    rows = []
    def extract_corpus():
        clear_caches()  # every pass reads the corpus as if for the first time
        return [extract(parse_document(txt, path=p), gaz) for p, txt in texts]

    t = timed(extract_corpus)
    rate = lambda t: (words * args.passes / t[0], words * args.passes / t[1])  # noqa: E731
    rows.append(("sanctions-kg extraction (layout + matching + shapes + claims)", rate(t)))

    def extract_corpus_with_model():
        clear_caches()
        return [extract(parse_document(txt, path=p), gaz, relations=True) for p, txt in texts]

    t = timed(extract_corpus_with_model)
    rows.append(("sanctions-kg extraction with the relation model (--relation-model)", rate(t)))
    t = timed(lambda: [gaz.find(d.flat) for d in docs])
    rows.append(("gazetteer matching only (pyahocorasick)", rate(t)))
    # a corpus read from its files, as `skg extract FOLDER --jobs N` reads it: one call over
    # the corpus repeated `passes` times, so the workers start once, as in a real batch; the
    # same call with one process is its baseline (caches warm alike in both)
    batch = [p for _ in range(args.passes) for p, _t in texts]
    for jobs in sorted({1, args.jobs}):
        gc.collect()
        start = time.perf_counter()
        got = sum(1 for _ in extract_paths(batch, gazetteer=gaz, jobs=jobs))
        wall = time.perf_counter() - start
        assert got == len(batch)
        rows.append((f"sanctions-kg, files of the corpus, extract_paths(jobs={jobs}) (wall only)",
                     (words * args.passes / wall, None)))
    if not args.no_baseline:
        import spacy

        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        patterns = [{"label": e.label, "pattern": form} for e, form in gaz.forms()]
        tb = time.perf_counter()
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(patterns)
        t_build = time.perf_counter() - tb
        bodies = [d.body for d in docs]
        t = timed(lambda: [len(doc.ents) for doc in nlp.pipe(bodies)])
        rows.append((f"baseline: spaCy blank 'en' + entity_ruler, {len(patterns):,} phrase patterns "
                     f"(built in {t_build:.1f} s)", rate(t)))
        if args.jobs > 1:
            start = time.perf_counter()
            got = sum(len(doc.ents) >= 0 for doc in nlp.pipe(bodies * args.passes, n_process=args.jobs))
            wall = time.perf_counter() - start
            rows.append((f"baseline: the same, nlp.pipe(n_process={args.jobs}) (wall only)",
                         (words * args.passes / wall, None)))
    width = max(len(r[0]) for r in rows)
    print(f"{'method':{width}}  {'words/s (CPU)':>14}  {'words/s (wall)':>14}")
    for name, (wall, cpu) in rows:
        print(f"{name:{width}}  {f'{cpu:,.0f}' if cpu else '-':>14}  {wall:>14,.0f}")

    # every gold set: the corpus, the held-out documents and the blind rounds, in round order
    rounds = sorted((d for d in (ROOT / "tests/gold").iterdir() if d.name.startswith("blind")),
                    key=lambda d: int(d.name[5:] or 4))
    sets = [("corpus (news + gov)", ROOT / "tests/gold/corpus", SHARED / "corpus"),
            ("held-out", ROOT / "tests/gold/heldout", ROOT / "tests/data"),
            *[("blind rounds 3-4" if d.name == "blind" else f"blind round {d.name[5:]}", d, ROOT / "tests/data")
              for d in rounds]]
    for title, gold, corpus in sets:
        total, _ = evaluate(gold, corpus, gaz)
        print(f"\nprecision / recall with this gazetteer - {title}\n{total.table()}")
        p, r, _ = evaluate(gold, corpus, gaz, relations=True)[0].prf()
        print(f"with the relation model: P {p:.3f} R {r:.3f}")


if __name__ == "__main__":
    main()
