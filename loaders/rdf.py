"""RDF in (N-Triples, Turtle, JSON-LD) written with the sanctions-kg ontology.

The inverse of :mod:`sanctions_kg.graph.export_rdf`, through the same
:class:`~sanctions_kg.schema.ontology.RdfMapping`, so a graph exported as RDF
and loaded back into an empty store gives the same canonical dump.

* A resource typed with a label's class (``skg:Company``) is a node. Its id is
  read from its IRI when that lies under the model's ``id_base``; a resource
  with another IRI (someone else's data using our ontology) gets the id its
  label and key give, like any loaded fact.
* A resource typed with a relationship's qualified class (``skg:ListedOn``)
  is a relationship: ``rdf:subject``/``rdf:object`` are its ends, its other
  properties - dates, modality, ``prov:wasDerivedFrom`` (sources), evidence -
  are the relationship's.
* A direct triple (``<a> skg:LISTED_ON <b>``) that no qualified node
  describes still loads, citing the input file as its source (the model
  requires one), so plain third-party triples are not lost.

N-Triples is parsed line by line (rdflib's N-Triples parser), so problems name
the line; Turtle and JSON-LD are parsed whole by rdflib. Triples about
resources without a sanctions-kg class, and predicates the model does not
know, are reported and skipped.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterator

from rdflib import RDF, Graph, URIRef
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.ntriples import ParseError, W3CNTriplesParser
from rdflib.term import Node as RdfNode

from sanctions_kg.errors import InputError, SchemaError
from sanctions_kg.graph.facts import Evidence, Node, Rel
from sanctions_kg.loaders.registry import LoadContext, LoaderSpec
from sanctions_kg.schema import MODEL
from sanctions_kg.schema.ontology import ID_BASE, iri_to_id, mapping

#: rdflib parser name per file suffix
FORMATS = {".nt": "nt", ".ttl": "turtle", ".jsonld": "json-ld", ".json-ld": "json-ld"}
_MARKERS = (MODEL.namespace.encode(), ID_BASE.encode())


def _format(path: Path, head: bytes) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt:
        return fmt
    text = head.lstrip()
    if text.startswith((b"{", b"[")):
        return "json-ld"
    if text.startswith((b"@prefix", b"@base", b"PREFIX", b"BASE")):
        return "turtle"
    return "nt"


def _sniff(path: Path, head: bytes) -> bool:
    """Our ontology's namespace or id base in the first bytes, in an RDF-looking file."""
    if not any(m in head for m in _MARKERS):
        return False
    text = head.lstrip()
    return path.suffix.lower() in FORMATS or text.startswith((b"<", b"@prefix", b"PREFIX", b"{", b"["))


class _Sink:
    """Collects triples by subject, each with its line (None for Turtle and JSON-LD)."""

    def __init__(self):
        self.by_subject: dict[RdfNode, list[tuple[RdfNode, RdfNode, int | None]]] = defaultdict(list)
        self.line: int | None = None

    def triple(self, s, p, o) -> None:
        self.by_subject[s].append((p, o, self.line))

    def first_line(self, subject) -> int | None:
        return self.by_subject[subject][0][2]


def _parse(path: Path, fmt: str) -> _Sink:
    sink = _Sink()
    if fmt == "nt":
        parser = W3CNTriplesParser(sink)
        bnodes: dict = {}
        try:
            with open(path, encoding="utf-8", newline="") as fh:
                for number, line in enumerate(fh, 1):
                    sink.line = number
                    parser.line = line.rstrip("\r\n")
                    try:
                        parser.parseline(bnode_context=bnodes)
                    except ParseError as exc:
                        raise InputError(path, f"not N-Triples: {exc}", number) from None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not UTF-8: {exc}") from None
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
        return sink
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except (ParserError, SyntaxError, ValueError) as exc:
        raise InputError(path, f"not {fmt}: {exc}") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    for s, p, o in graph:
        sink.triple(s, p, o)
    return sink


def read(path: Path, ctx: LoadContext) -> Iterator:
    mp = mapping()
    with open(path, "rb") as fh:
        head = fh.read(4096)
    sink = _parse(path, _format(path, head))
    nodes: list[Node] = []
    rels: list[Rel] = []
    ids: dict[RdfNode, str] = {}
    direct: list[tuple[RdfNode, str, RdfNode, int | None]] = []
    qualified: set[tuple[RdfNode, str, RdfNode]] = set()
    untyped = 0
    reported: set[tuple[str, RdfNode]] = set()

    def problem(line: int | None, owner: str, pred: RdfNode, message: str) -> None:
        if (owner, pred) not in reported:
            reported.add((owner, pred))
            ctx.problem(line, message)

    def collect(subject, terms: dict, owner: str, skip: set) -> dict:
        props: dict = {}
        for p, o, line in sink.by_subject[subject]:
            if p in skip:
                continue
            term = terms.get(p)
            if term is None:
                if p in mp.predicates:
                    direct.append((subject, mp.predicates[p], o, line))
                else:
                    problem(line, owner, p, f"{owner}: the model has no property <{p}>; skipped")
                continue
            try:
                value = term.from_rdf(o)
            except SchemaError as exc:
                ctx.problem(line, f"{subject}: {exc}")
                continue
            if term.prop.is_list:
                props.setdefault(term.prop.name, []).append(value)
            elif props.setdefault(term.prop.name, value) != value:
                ctx.problem(line, f"{subject}: {term.prop.name} has several values; kept {props[term.prop.name]!r}")
        return props

    # pass 1: nodes (their ids are needed by the relationships)
    rel_subjects = []
    for subject, pairs in sink.by_subject.items():
        types = {o for p, o, _ in pairs if p == RDF.type}
        labels = [mp.classes[t] for t in types if t in mp.classes]
        rel_types = [mp.rel_classes[t] for t in types if t in mp.rel_classes]
        line = sink.first_line(subject)
        if rel_types:
            rel_subjects.append((subject, rel_types[0], line))
            continue
        if not labels:
            untyped += 1
            continue
        if len(labels) > 1:
            ctx.problem(line, f"{subject}: typed with several labels ({', '.join(sorted(labels))}); "
                              f"using {sorted(labels)[0]}")
        label = sorted(labels)[0]
        props = collect(subject, mp.node_by_iri[label], label, {RDF.type})
        node_id = props.pop("id", None) or (iri_to_id(str(subject)) if isinstance(subject, URIRef) else None)
        key_prop = MODEL.labels[label].key
        key = props.get(key_prop)
        if not key:
            ctx.problem(line, f"{subject}: {label} without {key_prop}; skipped")
            continue
        try:
            node = Node(label, str(key), props, line, id=node_id or "")
        except SchemaError as exc:
            ctx.problem(line, f"{subject}: {exc}")
            continue
        ids[subject] = node.id
        nodes.append(node)

    # pass 2: qualified relationships
    for subject, rel_type, line in rel_subjects:
        terms = mp.rel_by_iri[rel_type]
        pairs = sink.by_subject[subject]
        ends = {p: o for p, o, _ in pairs if p in (RDF.subject, RDF.object)}
        if len(ends) != 2:
            ctx.problem(line, f"{subject}: a {rel_type} relationship needs rdf:subject and rdf:object; skipped")
            continue
        src, dst = ids.get(ends[RDF.subject]), ids.get(ends[RDF.object])
        if src is None or dst is None:
            missing = ends[RDF.subject] if src is None else ends[RDF.object]
            src = src or iri_to_id(str(ends[RDF.subject]))
            dst = dst or iri_to_id(str(ends[RDF.object]))
            if src is None or dst is None:
                ctx.problem(line, f"{subject}: {rel_type} points at <{missing}>, which is no node; skipped")
                continue
        props = collect(subject, terms, rel_type, {RDF.type, RDF.subject, RDF.object, RDF.predicate})
        props.pop("key", None)  # identity: the pipeline derives it from type, ends and key properties
        qualified.add((ends[RDF.subject], rel_type, ends[RDF.object]))
        rels.append(Rel(rel_type, src, dst, props, [], line))

    # direct triples nobody qualified: cite the file itself
    doc = None
    for s, rel_type, o, line in direct:
        if (s, rel_type, o) in qualified:
            continue
        src = ids.get(s) or iri_to_id(str(s))
        dst = ids.get(o) or iri_to_id(str(o))
        if src is None or dst is None:
            ctx.problem(line, f"{s} {rel_type} {o}: an end is no node; skipped")
            continue
        if doc is None:
            doc = Node("Document", f"file:{path.name}", {"title": path.name, "kind": "other"})
            nodes.append(doc)
        qualified.add((s, rel_type, o))
        rels.append(Rel(rel_type, src, dst, {}, [Evidence(doc.id)], line))

    if untyped:
        ctx.problem(None, f"{untyped} resource(s) without a sanctions-kg class were skipped")
    yield from nodes
    yield from rels


SPEC = LoaderSpec(
    name="rdf",
    description="RDF written with the sanctions-kg ontology (N-Triples, Turtle, JSON-LD), e.g. from `skg export`.",
    read=read,
    extensions=tuple(FORMATS),
    sniff=_sniff,
    resolve=False,  # our own export: ids are already resolved
)
