"""News articles and government notices -> claims with evidence, modality and dates.

``skg load article.txt`` goes through :func:`read`; ``skg extract article.txt``
prints the same claims without writing (both call
:func:`~sanctions_kg.loaders.extraction.extract`). Inputs: ``.txt``/``.md``
(optionally starting with ``key: value`` header lines - ``title``, ``url``,
``published``, ``publisher`` - and a blank line) and ``.html``/``.htm`` (main
text by trafilatura). Evidence offsets are character offsets into the body: the
text after the header, or the extracted main text of a page.

Facts yielded, all after the whole document has been read (a bad file raises
:class:`~sanctions_kg.errors.InputError` before any fact, so nothing is half
written):

* a ``Document`` node (title, url, published, publisher, kind, sha256);
* a node for every organisation or person the graph did not know (with the
  names the document uses as aliases) - and for reference entities missing
  from the store when the packaged reference data stood in for it;
* ``MENTIONED_IN`` from every mentioned entity to the document, with the
  mention spans as evidence;
* one relationship per claim (``LISTED_ON``, ``CONSIDERED_FOR``, ``CITED_FOR``
  ...) with its modality, date properties and the sentence as evidence.

See docs/extraction.md for the pipeline, the rules and the evaluation.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterator

from sanctions_kg.errors import InputError
from sanctions_kg.graph.corroboration import corroborated_listing
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.loaders.doctext import MAX_BYTES, load_document
from sanctions_kg.loaders.extraction import Claim, Extraction, extract
from sanctions_kg.loaders.gazetteer import Gazetteer, gazetteer_for
from sanctions_kg.loaders.registry import LoadContext, LoaderSpec
from sanctions_kg.schema import MODEL

PARTIES = set(MODEL.expand(["Party"]))
EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
#: most mention spans kept as evidence on one MENTIONED_IN relationship
MAX_MENTION_EVIDENCE = 20


def extract_path(path: Path, store=None, published: str | None = None,
                 gazetteer: Gazetteer | None = None, max_bytes: int = MAX_BYTES,
                 relations: bool = False) -> Extraction:
    """Read and extract one document, with the gazetteer of ``store`` (reference data if empty)."""
    doc = load_document(path, published=published, max_bytes=max_bytes)
    return extract(doc, gazetteer or gazetteer_for(store), relations)


def extract_paths(paths: list[Path], store=None, published: str | None = None,
                  gazetteer: Gazetteer | None = None, relations: bool = False,
                  jobs: int = 1) -> Iterator[tuple[Path, Extraction | InputError]]:
    """Each of ``paths`` with its extraction, or the error that stopped it, in input order.

    Documents are independent of each other (nothing is written), so with ``jobs`` > 1
    they are read by that many worker processes: a corpus on a multi-core machine goes
    that many times faster. Workers get the gazetteer once, when they start (inherited
    where processes fork, pickled where they spawn), not with every document.
    """
    gaz = gazetteer or gazetteer_for(store)
    if jobs <= 1 or len(paths) < 2:
        for path in paths:
            yield path, _extract_or_error(path, gaz, published, relations)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else methods[0])
    with ProcessPoolExecutor(min(jobs, len(paths)), mp_context=ctx, initializer=_start_worker,
                             initargs=(gaz, published, relations)) as pool:
        chunk = max(1, len(paths) // (jobs * 8))
        yield from zip(paths, pool.map(_worker_extract, paths, chunksize=chunk))


def _extract_or_error(path: Path, gaz: Gazetteer, published: str | None, relations: bool):
    try:
        return extract_path(path, published=published, gazetteer=gaz, relations=relations)
    except InputError as exc:
        return exc


_WORKER: tuple = ()


def _start_worker(gaz: Gazetteer, published: str | None, relations: bool) -> None:
    global _WORKER
    _WORKER = (gaz, published, relations)


def _worker_extract(path: Path):
    return _extract_or_error(path, *_WORKER)


def _rel_props(c: Claim) -> dict:
    """Relationship properties of a claim, named as the model names them."""
    props: dict = {"modality": c.modality}
    if c.predicate == "LISTED_ON":
        props["listed_on"] = c.date
        props["removed_on"] = c.removed_on
    elif c.predicate == "CONSIDERED_FOR":
        props["reported_on"] = c.date
    elif c.predicate == "CITED_FOR":
        props["date"] = c.date
        props["region"] = c.region["id"] if c.region else None
    elif c.predicate == "AFFILIATED_WITH":
        props["role"] = c.role
    allowed = MODEL.relationships[c.predicate].properties
    return {k: v for k, v in props.items() if v is not None and k in allowed}


def facts(ex: Extraction, store=None, gazetteer: Gazetteer | None = None) -> list:
    """The graph facts of an extraction (see the module docstring)."""
    doc = ex.document
    doc_id = doc["id"]
    out: list = [Node("Document", doc["code"], {
        "name": doc.get("title") or doc["code"], "title": doc.get("title"), "url": doc.get("url"),
        "published": doc.get("published"), "publisher": doc.get("publisher"), "kind": doc.get("kind"),
        "sha256": doc.get("sha256"),
    })]
    present = store.has_nodes(list(ex.entities)) if store is not None else set()
    for rec in ex.entities.values():
        if rec.known and rec.id in present:
            # a known party: the document becomes one of its sources (as it would be had it come
            # first and created the node), and the names it uses become aliases
            is_party = rec.label in PARTIES
            if is_party or rec.aliases and MODEL.labels[rec.label].properties.get("aliases"):
                key = MODEL.labels[rec.label].key
                existing = store.get_node(rec.id)
                update = {"name": existing["props"].get("name"), "aliases": rec.aliases or None,
                          "sources": [doc_id] if is_party else None}
                out.append(Node(rec.label, existing["props"].get(key) or rec.name,
                                {k: v for k, v in update.items() if v is not None}, id=rec.id))
            continue
        props: dict = {"name": rec.name, "sources": [doc_id]}
        if rec.aliases:
            props["aliases"] = rec.aliases
        if rec.known and gazetteer is not None and rec.id in gazetteer.entries:
            e = gazetteer.entries[rec.id]
            key_prop = MODEL.labels[rec.label].key
            props.update({k: v for k, v in e.props.items() if k in MODEL.labels[rec.label].properties})
            props["aliases"] = list(e.aliases)
            out.append(Node(rec.label, e.props.get(key_prop) or rec.name, props, id=rec.id))
        else:
            out.append(Node(rec.label, rec.name, props, id=rec.id))
    spans: dict[str, list[Evidence]] = {}
    for ent_id, start, end in ex.mentions:
        lst = spans.setdefault(ent_id, [])
        if len(lst) < MAX_MENTION_EVIDENCE:
            lst.append(Evidence(doc_id, ex.body[start:end], start, end))
    for ent_id, evs in spans.items():
        out.append(Rel("MENTIONED_IN", ent_id, doc_id, {}, evs))
    for c in ex.claims:
        evs = [Evidence(doc_id, e["text"], e["start"], e["end"], c.date, c.reader) for e in c.evidence]
        props = _rel_props(c)
        if c.predicate == "LISTED_ON" and store is not None:
            joined = corroborated_listing(store, c.subject["id"], c.object["id"], props.get("listed_on"))
            if joined is not None:
                props["listed_on"] = joined
        out.append(Rel(c.predicate, c.subject["id"], c.object["id"], props, evs))
    return out


def read(path: Path, ctx: LoadContext) -> Iterator:
    """The loader entry point: extract everything first, then yield the facts."""
    gaz = ctx.gazetteer = ctx.gazetteer or gazetteer_for(ctx.store)
    ex = extract_path(path, ctx.store, ctx.options.get("published"), gaz,
                      int(ctx.options.get("max_bytes") or MAX_BYTES), bool(ctx.options.get("relations")))
    if not ex.document.get("published"):
        ctx.problem(None, "no publication date (header 'published:' or --published): relative dates "
                          "('last June') are left unresolved")
    ctx.options["summary"] = [f"{path.name}: {len(ex.claims)} claims, {len(ex.entities)} entities"]
    yield from facts(ex, ctx.store, gaz)


def _sniff(path: Path, head: bytes) -> bool:
    """Plain text with a ``title:``/``published:`` header, or an HTML page."""
    if path.suffix.lower() not in EXTENSIONS:
        return False
    low = head[:512].lower()
    return low.lstrip().startswith((b"<!doctype html", b"<html")) or b"\ntitle:" in b"\n" + low[:300] \
        or low.startswith((b"title:", b"url:", b"published:"))


SPEC = LoaderSpec(
    name="document",
    description="News articles and government notices (.txt, .md, .html): claims with evidence, "
                "modality and dates.",
    read=read,
    extensions=EXTENSIONS,
    sniff=_sniff,
)
