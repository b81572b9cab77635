"""RDF exports: streamed N-Triples for any size, Turtle and JSON-LD through rdflib for small graphs.

The triples are those of :mod:`sanctions_kg.schema.ontology` (read its module
docstring for the design): each node with its class and properties, each
relationship as a direct triple plus a qualified node carrying its dates,
modality, sources and evidence. The result validates against
``skg schema --format shacl`` with the ontology as the SHACL ontology graph.

N-Triples is written one entity at a time, straight from the store, with no
rdflib graph in memory, so it scales with the store rather than with RAM (see
``docs/benchmarks.md`` for the rates). Turtle and JSON-LD need the whole graph
in rdflib to group subjects and pick prefixes; above :data:`RDFLIB_MAX_ITEMS`
store items they are refused unless forced.

Examples
--------
>>> from sanctions_kg.graph.embedded import EmbeddedStore
>>> s = EmbeddedStore()
>>> s.upsert_nodes([{"id": "region:cn", "label": "Region", "props": {"code": "CN", "name": "China"}}])
>>> print(next(node_lines(s.get_node("region:cn"))))
<https://w3id.org/sanctions-kg/id/region:cn> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/sanctions-kg/ontology#Region> .
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node as RdfNode

from sanctions_kg.errors import StoreError
from sanctions_kg.graph.export_common import Progress, Ticker, atomic_text, store_counts, total_items
from sanctions_kg.schema import MODEL
from sanctions_kg.schema.ontology import (
    SKG, Term, mapping, nt_escape, node_iri, rel_class, rel_iri, rel_predicate,
)

#: above this many nodes + relationships, Turtle and JSON-LD (rdflib, in memory) are refused
RDFLIB_MAX_ITEMS = 50_000

def _values(value) -> list:
    return value if isinstance(value, list) else [value]


# One description of an entity's triples, rendered two ways: N-Triples text (fast, for
# streaming) and rdflib terms. A statement is (subject, predicate, object, term): with a
# model Term the object is a property value the term converts; without one it is an IRI
# (URIRef) or a plain string literal.
Statement = tuple[URIRef, URIRef, Any, "Term | None"]


def _prop_statements(subject: URIRef, terms: dict[str, Term], props: dict, where: str) -> Iterator[Statement]:
    for name, value in props.items():
        term = terms.get(name)
        if term is None:
            raise StoreError(f"{where}: property {name!r} is not in the model")
        for v in _values(value):
            yield subject, term.iri, v, term


def node_statements(node: dict) -> Iterator[Statement]:
    """The statements of one store node: its class, its id and its properties."""
    s = node_iri(node["id"])
    yield s, RDF.type, SKG[node["label"]], None
    yield s, SKG.id, node["id"], None
    yield from _prop_statements(s, mapping().node_terms[node["label"]], node["props"], f"node {node['id']}")


def rel_statements(rel: dict) -> Iterator[Statement]:
    """The statements of one relationship: the direct triple, then its qualified node."""
    src, dst, pred = node_iri(rel["src"]), node_iri(rel["dst"]), rel_predicate(rel["type"])
    r = rel_iri(rel["key"])
    yield src, pred, dst, None
    yield r, RDF.type, rel_class(rel["type"]), None
    yield r, RDF.subject, src, None
    yield r, RDF.predicate, pred, None
    yield r, RDF.object, dst, None
    yield r, SKG.key, rel["key"], None
    yield from _prop_statements(r, mapping().rel_terms[rel["type"]], rel["props"], f"relationship {rel['key']}")


def nt_line(statement: Statement) -> str:
    """A statement as an N-Triples line (without the newline)."""
    s, p, o, term = statement
    if term is not None:
        obj = term.to_nt(o)
    else:
        obj = f"<{o}>" if isinstance(o, URIRef) else f'"{nt_escape(o)}"'
    return f"<{s}> <{p}> {obj} ."


def rdf_triple(statement: Statement) -> tuple[RdfNode, RdfNode, RdfNode]:
    """A statement as an rdflib triple."""
    s, p, o, term = statement
    if term is not None:
        return s, p, term.to_rdf(o)
    return s, p, o if isinstance(o, URIRef) else Literal(o)


# -- N-Triples, written directly ---------------------------------------------------
def node_lines(node: dict) -> Iterator[str]:
    """The N-Triples lines (without newline) of one store node."""
    return map(nt_line, node_statements(node))


def rel_lines(rel: dict) -> Iterator[str]:
    """The N-Triples lines of one store relationship: the direct triple and its qualified node."""
    return map(nt_line, rel_statements(rel))


def store_lines(store, progress: Progress | None = None) -> Iterator[str]:
    """Every N-Triples line of the store: nodes first, then relationships."""
    tick = Ticker(progress)
    for node in store.iter_nodes():
        yield from node_lines(node)
        tick()
    for rel in store.iter_rels():
        yield from rel_lines(rel)
        tick()
    tick.flush()


def write_nt(store, path: Path, progress: Progress | None = None, force: bool = False) -> dict:
    """Stream the store to ``path`` as N-Triples (UTF-8, one triple per line)."""
    triples = 0
    with atomic_text(path, newline="\n") as fh:
        buf: list[str] = []
        for line in store_lines(store, progress):
            buf.append(line)
            if len(buf) >= 10_000:
                fh.write("\n".join(buf) + "\n")
                triples += len(buf)
                buf.clear()
        if buf:
            fh.write("\n".join(buf) + "\n")
            triples += len(buf)
    return {"triples": triples, **store_counts(store)}


# -- rdflib terms (Turtle, JSON-LD, and anyone who wants a Graph) ------------------
def node_triples(node: dict) -> Iterator[tuple[RdfNode, RdfNode, RdfNode]]:
    """The triples of one node as rdflib terms (the same as :func:`node_lines`)."""
    return map(rdf_triple, node_statements(node))


def rel_triples(rel: dict) -> Iterator[tuple[RdfNode, RdfNode, RdfNode]]:
    """The triples of one relationship as rdflib terms (the same as :func:`rel_lines`)."""
    return map(rdf_triple, rel_statements(rel))


def bind_prefixes(graph: Graph) -> Graph:
    """The model's prefixes, ``skg`` and ``id`` bound on ``graph`` (for readable Turtle/JSON-LD)."""
    graph.bind("skg", SKG)
    graph.bind("id", Namespace(MODEL.id_base))
    for prefix, uri in MODEL.prefixes.items():
        graph.bind(prefix, Namespace(uri))
    return graph


def to_graph(store, progress: Progress | None = None, limit: int | None = RDFLIB_MAX_ITEMS) -> Graph:
    """The whole store as an rdflib Graph; refused above ``limit`` items (None: no limit)."""
    items = total_items(store)
    if limit is not None and items > limit:
        raise StoreError(
            f"the store holds {items:,} nodes and relationships; Turtle and JSON-LD are built in memory "
            f"with rdflib and are limited to {limit:,} (use --format nt, which streams, or --force)")
    g = bind_prefixes(Graph())
    tick = Ticker(progress)
    for node in store.iter_nodes():
        for t in node_triples(node):
            g.add(t)
        tick()
    for rel in store.iter_rels():
        for t in rel_triples(rel):
            g.add(t)
        tick()
    tick.flush()
    return g


def _write_rdflib(fmt: str, store, path: Path, progress: Progress | None, force: bool, **kwargs) -> dict:
    g = to_graph(store, progress, limit=None if force else RDFLIB_MAX_ITEMS)
    with atomic_text(path, newline="\n") as fh:
        fh.write(g.serialize(format=fmt, **kwargs))
    return {"triples": len(g), **store_counts(store)}


def write_turtle(store, path: Path, progress: Progress | None = None, force: bool = False) -> dict:
    """The store as Turtle (rdflib; refused above :data:`RDFLIB_MAX_ITEMS` items unless ``force``)."""
    return _write_rdflib("turtle", store, path, progress, force)


def write_jsonld(store, path: Path, progress: Progress | None = None, force: bool = False) -> dict:
    """The store as JSON-LD with the model's prefixes as its ``@context`` (same limit as Turtle)."""
    context = {"skg": str(SKG), "id": MODEL.id_base, **MODEL.prefixes,
               "rdf": str(RDF), "xsd": "http://www.w3.org/2001/XMLSchema#"}
    return _write_rdflib("json-ld", store, path, progress, force, context=context, auto_compact=True)


__all__ = ["RDFLIB_MAX_ITEMS", "node_statements", "rel_statements", "nt_line", "rdf_triple", "node_lines",
           "rel_lines", "node_triples", "rel_triples", "store_lines", "to_graph", "write_nt", "write_turtle",
           "write_jsonld", "bind_prefixes"]
