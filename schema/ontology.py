"""The graph model in RDF: an OWL/RDFS ontology, SHACL shapes, and the term mapping.

Everything here is derived from :data:`~sanctions_kg.schema.MODEL`; nothing
restates a label, a relationship type or a property. Three things are built:

* :class:`RdfMapping` - which IRI and which literal datatype each property of
  each label and relationship type takes, both ways. The RDF exporter
  (:mod:`sanctions_kg.graph.export_rdf`) and the RDF loader
  (:mod:`sanctions_kg.loaders.rdf`) share it, so export and import cannot drift.
* :func:`build_ontology` - an OWL ontology (usable as plain RDFS): a class per
  label (``rdfs:subClassOf`` the parent label and the established class the
  model's ``rdf:`` names), a class per relationship type for its qualified
  form, an object property per relationship type with domain and range from
  its endpoints, and a property per model property that has no established
  term. ``rdfs:label``/``rdfs:comment`` come from the model's descriptions;
  ``skos:closeMatch`` links to the FollowTheMoney schema and property the
  model's ``ftm:`` names.
* :func:`build_shapes` - SHACL shapes: a closed node shape per label with the
  property datatypes, ``sh:in`` for enumerated values, ``sh:minCount 1`` for
  required (or defaulted) properties, ``sh:maxCount 1`` for scalars, and the
  classes a relationship's endpoints must have.

How the data is written
-----------------------
A node ``company:x`` is the IRI ``<id_base>company:x`` typed with its label's
class. Properties the model maps to an established term use that term
directly (``schema:name``, ``skos:altLabel``, ``prov:wasDerivedFrom``,
``dct:title`` ...); the others use ``skg:<property>``. List properties are
repeated triples (RDF has no order, so list order is not kept). Dates are
typed ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` by their precision;
evidence records are ``rdf:JSON`` literals; ``sources`` are links to the
Document nodes.

A relationship is written twice, PROV-style: the direct triple
``<party> skg:LISTED_ON <list>`` for simple traversal, plus a qualified node
``<id_base>rel/<key>`` of class ``skg:ListedOn`` (a subclass of
``rdf:Statement``) with ``rdf:subject``, ``rdf:predicate`` and ``rdf:object``,
``skg:key`` and every property of the relationship - dates, modality,
``prov:wasDerivedFrom`` and evidence - so two listing periods of one party on
one list stay two resources.

Examples
--------
>>> m = RdfMapping()
>>> str(m.node_terms["Company"]["name"].iri)
'https://schema.org/name'
>>> str(rel_predicate("LISTED_ON"))
'https://w3id.org/sanctions-kg/ontology#LISTED_ON'
>>> m.node_terms["Company"]["sources"].to_rdf("doc:news-a")
rdflib.term.URIRef('https://w3id.org/sanctions-kg/id/doc:news-a')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable
from urllib.parse import quote, unquote

from rdflib import OWL, RDF, RDFS, SH, SKOS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node as RdfNode

from sanctions_kg.errors import SchemaError
from sanctions_kg.schema import MODEL
from sanctions_kg.schema.model import Model, Property

#: the ontology's own namespace (model.yaml ``namespace``)
SKG = Namespace(MODEL.namespace)
#: where node and relationship IRIs live (model.yaml ``id_base``)
ID_BASE = MODEL.id_base

#: class of every qualified relationship node (minted; must not clash with a label)
RELATIONSHIP_CLASS = "Relationship"
#: the partial-date datatype: a union of the three XSD date precisions
PARTIAL_DATE = "PartialDate"
DATE_TYPES = (XSD.date, XSD.gYearMonth, XSD.gYear)
_DATE_BY_LENGTH = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}

#: literal datatype of each model property type (dates: see DATE_TYPES)
DATATYPES = {
    "string": XSD.string, "text": XSD.string, "string[]": XSD.string,
    "int": XSD.integer, "float": XSD.double, "bool": XSD.boolean,
    "json[]": RDF.JSON,
}

_IRI_SAFE = ":-._~"


# -- IRIs ---------------------------------------------------------------------
def node_iri(node_id: str) -> URIRef:
    """The IRI of a node id (percent-encoded, so any id is a valid IRI)."""
    return URIRef(ID_BASE + quote(node_id, safe=_IRI_SAFE))


def rel_iri(key: str) -> URIRef:
    """The IRI of a relationship's qualified node, from its key."""
    return URIRef(ID_BASE + "rel/" + quote(key, safe=_IRI_SAFE))


def iri_to_id(iri: str) -> str | None:
    """The node id (or ``rel/<key>``) an IRI under the id base stands for; None for other IRIs."""
    if not iri.startswith(ID_BASE):
        return None
    return unquote(iri[len(ID_BASE):])


def pascal(rel_type: str) -> str:
    """``LISTED_ON`` -> ``ListedOn``: the class name of a relationship type's qualified form."""
    return "".join(part.capitalize() for part in rel_type.split("_"))


def class_iri(label: str) -> URIRef:
    return SKG[label]


def rel_predicate(rel_type: str) -> URIRef:
    """The direct predicate of a relationship type: ``skg:LISTED_ON``, named as in Cypher."""
    return SKG[rel_type]


def rel_class(rel_type: str) -> URIRef:
    """The class of a relationship type's qualified nodes: ``skg:ListedOn``."""
    return SKG[pascal(rel_type)]


def expand_curie(curie: str, model: Model = MODEL) -> URIRef:
    """``schema:name`` -> ``https://schema.org/name`` using the model's ``prefixes``."""
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in model.prefixes:
        raise SchemaError(f"model.yaml: {curie!r} uses an unknown prefix (declare it under `prefixes`)")
    return URIRef(model.prefixes[prefix] + local)


# -- values -------------------------------------------------------------------
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_escape(text: str) -> str:
    """``text`` escaped for an N-Triples string literal (backslash, quote, line ends; UTF-8 stays)."""
    return text.translate(_NT_ESCAPES)


def _double(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(float(value))


@dataclass(frozen=True)
class Term:
    """How one property of one label or relationship type is written in RDF."""

    prop: Property
    iri: URIRef
    #: label of the nodes the values point at (``ref:`` in the model), else None
    ref: str | None = None

    @property
    def datatype(self) -> URIRef | None:
        """The literal datatype (None for links and for dates, whose type varies by precision)."""
        if self.ref or self.prop.type == "date":
            return None
        return DATATYPES[self.prop.type]

    def to_rdf(self, value: Any) -> RdfNode:
        """One value (a list property gives one term per item) as an RDF term."""
        if self.ref:
            return node_iri(value)
        kind = self.prop.type
        if kind == "date":
            return Literal(value, datatype=_DATE_BY_LENGTH.get(len(value), XSD.date))
        if kind in ("string", "text", "string[]"):
            return Literal(value)
        if kind == "float":
            return Literal(_double(value), datatype=XSD.double)
        if kind == "bool":
            return Literal("true" if value else "false", datatype=XSD.boolean)
        if kind == "int":
            return Literal(str(int(value)), datatype=XSD.integer)
        return Literal(value, datatype=DATATYPES[kind])

    def to_nt(self, value: Any) -> str:
        """One value as an N-Triples term: what :meth:`to_rdf` gives, written without rdflib (fast)."""
        if self.ref:
            return f"<{node_iri(value)}>"
        kind = self.prop.type
        if kind in ("string", "text", "string[]"):
            return f'"{nt_escape(value)}"'
        if kind == "date":
            return f'"{nt_escape(value)}"^^<{_DATE_BY_LENGTH.get(len(value), XSD.date)}>'
        if kind == "float":
            return f'"{_double(value)}"^^<{XSD.double}>'
        if kind == "bool":
            return f'"{"true" if value else "false"}"^^<{XSD.boolean}>'
        if kind == "int":
            return f'"{int(value)}"^^<{XSD.integer}>'
        return f'"{nt_escape(value)}"^^<{DATATYPES[kind]}>'

    def from_rdf(self, term: RdfNode) -> Any:
        """The Python value of an RDF term (the inverse of :meth:`to_rdf`); raises SchemaError."""
        if self.ref:
            if not isinstance(term, URIRef):
                raise SchemaError(f"{self.prop.name} must be a link, got the literal {str(term)!r}")
            return iri_to_id(str(term)) or str(term)
        if not isinstance(term, Literal):
            raise SchemaError(f"{self.prop.name} must be a literal, got <{term}>")
        text = str(term)
        try:
            if self.prop.type == "int":
                return int(text)
            if self.prop.type == "float":
                return float({"INF": "inf", "-INF": "-inf"}.get(text, text))
        except ValueError:
            raise SchemaError(f"{self.prop.name}={text!r} is not a number") from None
        if self.prop.type == "bool":
            if text not in ("true", "false", "1", "0"):
                raise SchemaError(f"{self.prop.name}={text!r} is not a boolean")
            return text in ("true", "1")
        return text


def _term(prop: Property, model: Model) -> Term:
    iri = expand_curie(prop.rdf, model) if prop.rdf else Namespace(model.namespace)[prop.name]
    return Term(prop, iri, prop.ref)


class RdfMapping:
    """Property terms per label and relationship type, and the reverse lookups a reader needs.

    Parameters
    ----------
    model:
        The model to map (the packaged one by default).
    """

    def __init__(self, model: Model = MODEL):
        self.model = model
        ns = Namespace(model.namespace)
        self.node_terms: dict[str, dict[str, Term]] = {}
        for name, label in model.labels.items():
            self.node_terms[name] = {p: _term(prop, model) for p, prop in label.properties.items()}
        self.rel_terms: dict[str, dict[str, Term]] = {}
        for name, rt in model.relationships.items():
            self.rel_terms[name] = {p: _term(prop, model) for p, prop in rt.properties.items()}
        self.node_by_iri = {lab: _by_iri(lab, terms) for lab, terms in self.node_terms.items()}
        self.rel_by_iri = {t: _by_iri(t, terms) for t, terms in self.rel_terms.items()}
        self.classes = {ns[lab]: lab for lab in model.concrete_labels}
        self.rel_classes = {ns[pascal(t)]: t for t in model.relationships}
        self.predicates = {ns[t]: t for t in model.relationships}
        clash = set(model.labels) & ({pascal(t) for t in model.relationships} | {RELATIONSHIP_CLASS, PARTIAL_DATE,
                                                                                model.base_label})
        if clash:
            raise SchemaError(f"model.yaml: label(s) {', '.join(sorted(clash))} clash with ontology class names")


def _by_iri(owner: str, terms: dict[str, Term]) -> dict[URIRef, Term]:
    out: dict[URIRef, Term] = {}
    for term in terms.values():
        if term.iri in out:
            raise SchemaError(f"model.yaml: {owner}.{out[term.iri].prop.name} and {owner}.{term.prop.name} "
                              f"map to the same RDF term {term.iri}")
        out[term.iri] = term
    return out


@lru_cache(maxsize=None)
def mapping() -> RdfMapping:
    """The mapping of the packaged model (built once)."""
    return RdfMapping(MODEL)


# -- the ontology ---------------------------------------------------------------
def ontology_iri(model: Model = MODEL) -> URIRef:
    return URIRef(model.namespace.rstrip("#/"))


def _bind(g: Graph, model: Model) -> None:
    g.bind("skg", Namespace(model.namespace))
    for prefix, uri in model.prefixes.items():
        g.bind(prefix, Namespace(uri))
    g.bind("owl", OWL)
    g.bind("sh", SH)
    g.bind("xsd", XSD)


def _union(g: Graph, members: list[URIRef], kind: URIRef = OWL.Class) -> RdfNode:
    """A single class, or an anonymous ``owl:unionOf`` of several."""
    if len(members) == 1:
        return members[0]
    node = BNode()
    g.add((node, RDF.type, kind))
    Collection(g, _list_node(g, node, OWL.unionOf), members)
    return node


def _list_node(g: Graph, subject: RdfNode, predicate: URIRef) -> BNode:
    head = BNode()
    g.add((subject, predicate, head))
    return head


def own_properties(model: Model, label: str) -> list[str]:
    """Properties ``label`` declares itself (not inherited, not the shared node properties)."""
    lab = model.labels[label]
    inherited = model.labels[lab.parent].properties if lab.parent else model.node_properties
    return [p for p in lab.properties if p not in inherited]


def _owners(model: Model) -> dict[str, list[tuple[str, Property]]]:
    """For each minted property name, the (class local name, property) pairs that declare it."""
    out: dict[str, list[tuple[str, Property]]] = {}

    def add(owner: str, prop: Property) -> None:
        if not prop.rdf:
            out.setdefault(prop.name, []).append((owner, prop))

    for prop in model.node_properties.values():
        add(model.base_label, prop)
    for label in model.labels:
        for name in own_properties(model, label):
            add(label, model.labels[label].properties[name])
    for prop in model.relationship_properties.values():
        add(RELATIONSHIP_CLASS, prop)
    for name, rt in model.relationships.items():
        for p, prop in rt.properties.items():
            if p not in model.relationship_properties:
                add(pascal(name), prop)
    return out


def _ftm_links(model: Model) -> list[tuple[URIRef, URIRef]]:
    """(our term, FollowTheMoney term) pairs from the model's ``ftm:`` annotations."""
    from sanctions_kg.schema import ftm_map

    ns = Namespace(model.namespace)
    mp = RdfMapping(model)
    pairs = []
    for label in model.labels:
        schema = ftm_map.label_schema(label, model)
        if schema is not None and model.labels[label].ftm:
            pairs.append((ns[label], ftm_map.schema_iri(schema)))
        for prop_name, ftm_prop in ftm_map.node_properties(label, model).items():
            pairs.append((mp.node_terms[label][prop_name].iri, ftm_map.property_iri(ftm_prop)))
    for rel_type in model.relationships:
        spec = ftm_map.rel_spec(rel_type, model)
        if spec is None:
            continue
        pairs.append((ns[pascal(rel_type)], ftm_map.schema_iri(spec.schema)))
        for prop_name, ftm_prop in spec.properties.items():
            pairs.append((mp.rel_terms[rel_type][prop_name].iri, ftm_map.property_iri(ftm_prop)))
        for label, props in spec.target_properties.items():
            for prop_name, ftm_prop in props.items():
                pairs.append((mp.node_terms[label][prop_name].iri, ftm_map.property_iri(ftm_prop)))
    return sorted(set(pairs))


def build_ontology(model: Model = MODEL) -> Graph:
    """The OWL ontology of ``model`` (see the module docstring).

    >>> g = build_ontology()
    >>> (SKG.Company, RDFS.subClassOf, SKG.Party) in g
    True
    """
    ns = Namespace(model.namespace)
    g = Graph()
    _bind(g, model)
    onto = ontology_iri(model)
    g.add((onto, RDF.type, OWL.Ontology))
    g.add((onto, RDFS.label, Literal("sanctions-kg ontology", lang="en")))
    g.add((onto, RDFS.comment, Literal(
        "Classes and properties of the sanctions-kg graph, generated from schema/model.yaml.", lang="en")))

    def describe(subject: URIRef, label: str, comment: str) -> None:
        g.add((subject, RDFS.label, Literal(label, lang="en")))
        if comment:
            g.add((subject, RDFS.comment, Literal(comment, lang="en")))
        g.add((subject, RDFS.isDefinedBy, onto))

    base = ns[model.base_label]
    g.add((base, RDF.type, OWL.Class))
    describe(base, model.base_label, "Any node of the graph; every node has an id and a name.")
    relationship = ns[RELATIONSHIP_CLASS]
    g.add((relationship, RDF.type, OWL.Class))
    g.add((relationship, RDFS.subClassOf, RDF.Statement))
    describe(relationship, RELATIONSHIP_CLASS,
             "The qualified form of a relationship: rdf:subject, rdf:predicate and rdf:object name the "
             "direct triple it qualifies; its other properties hold the relationship's dates, modality "
             "and provenance.")
    date = ns[PARTIAL_DATE]
    g.add((date, RDF.type, RDFS.Datatype))
    Collection(g, _list_node(g, date, OWL.unionOf), list(DATE_TYPES))
    describe(date, PARTIAL_DATE, "An ISO 8601 date of day, month or year precision.")

    for name, lab in model.labels.items():
        cls = ns[name]
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.subClassOf, ns[lab.parent] if lab.parent else base))
        if lab.rdf:
            g.add((cls, RDFS.subClassOf, expand_curie(lab.rdf, model)))
        describe(cls, name, lab.description + (" (abstract: nodes have one of its subclasses)"
                                               if lab.abstract else ""))

    for name, rt in model.relationships.items():
        pred, cls = ns[name], ns[pascal(name)]
        g.add((pred, RDF.type, OWL.ObjectProperty))
        g.add((pred, RDFS.domain, _union(g, [ns[s] for s in rt.sources])))
        g.add((pred, RDFS.range, _union(g, [ns[t] for t in rt.targets])))
        describe(pred, name, rt.description)
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.subClassOf, relationship))
        describe(cls, pascal(name), f"A qualified {name} relationship. {rt.description}")

    for prop_name, owners in _owners(model).items():
        iri = ns[prop_name]
        kinds = {p.type for _, p in owners}
        refs = {p.ref for _, p in owners if p.ref}
        if refs:
            g.add((iri, RDF.type, OWL.ObjectProperty))
            g.add((iri, RDFS.range, _union(g, [ns[r] for r in sorted(refs)])))
        else:
            g.add((iri, RDF.type, OWL.DatatypeProperty))
            ranges = {date if k == "date" else DATATYPES[k] for k in kinds}
            if len(ranges) == 1:
                g.add((iri, RDFS.range, ranges.pop()))
        g.add((iri, RDFS.domain, _union(g, sorted({ns[o] for o, _ in owners}))))
        texts = list(dict.fromkeys(p.description for _, p in owners))
        comment = texts[0] if len(texts) == 1 else " ".join(
            f"On {o}: {p.description}" for o, p in owners if p.description)
        describe(iri, prop_name, comment)

    mp = RdfMapping(model)
    for term in sorted({t.iri for terms in [*mp.node_terms.values(), *mp.rel_terms.values()] for t in terms.values()}):
        if not str(term).startswith(model.namespace):
            prefix = next(p for p, uri in model.prefixes.items() if str(term).startswith(uri))
            g.add((term, RDFS.isDefinedBy, URIRef(model.prefixes[prefix])))

    for ours, theirs in _ftm_links(model):
        g.add((ours, SKOS.closeMatch, theirs))
    return g


# -- the shapes -----------------------------------------------------------------
def _datatype_constraint(g: Graph, shape: BNode, term: Term, ns: Namespace) -> None:
    if term.ref:
        g.add((shape, SH.nodeKind, SH.IRI))
        g.add((shape, SH["class"], ns[term.ref]))
    elif term.prop.type == "date":
        alternatives = []
        for dt in DATE_TYPES:
            alt = BNode()
            g.add((alt, SH.datatype, dt))
            alternatives.append(alt)
        Collection(g, _list_node(g, shape, SH["or"]), alternatives)
    else:
        g.add((shape, SH.datatype, term.datatype))


def _property_shape(g: Graph, node_shape: URIRef, term: Term, ns: Namespace,
                    values: Iterable[str] | None = None) -> None:
    prop = term.prop
    shape = BNode()
    g.add((node_shape, SH.property, shape))
    g.add((shape, SH.path, term.iri))
    g.add((shape, SH.name, Literal(prop.name)))
    if prop.description:
        g.add((shape, SH.description, Literal(prop.description, lang="en")))
    _datatype_constraint(g, shape, term, ns)
    if prop.required or prop.default is not None or prop.identity:
        g.add((shape, SH.minCount, Literal(1)))
    if not prop.is_list:
        g.add((shape, SH.maxCount, Literal(1)))
    values = list(values if values is not None else prop.values)
    if values:
        Collection(g, _list_node(g, shape, SH["in"]), [Literal(v) for v in values])


def _class_constraint(g: Graph, shape: BNode, labels: Iterable[str], ns: Namespace) -> None:
    labels = list(labels)
    if len(labels) == 1:
        g.add((shape, SH["class"], ns[labels[0]]))
        return
    alternatives = []
    for lab in labels:
        alt = BNode()
        g.add((alt, SH["class"], ns[lab]))
        alternatives.append(alt)
    Collection(g, _list_node(g, shape, SH["or"]), alternatives)


def _link_shape(g: Graph, node_shape: URIRef, path: URIRef, targets: Iterable[str], ns: Namespace,
                single: bool = False, name: str = "", description: str = "") -> None:
    shape = BNode()
    g.add((node_shape, SH.property, shape))
    g.add((shape, SH.path, path))
    if name:
        g.add((shape, SH.name, Literal(name)))
    if description:
        g.add((shape, SH.description, Literal(description, lang="en")))
    g.add((shape, SH.nodeKind, SH.IRI))
    _class_constraint(g, shape, targets, ns)
    if single:
        g.add((shape, SH.minCount, Literal(1)))
        g.add((shape, SH.maxCount, Literal(1)))


def shape_iri(name: str, model: Model = MODEL) -> URIRef:
    return Namespace(model.namespace)[f"{name}Shape"]


def build_shapes(model: Model = MODEL) -> Graph:
    """SHACL shapes for data written with :class:`RdfMapping` (see the module docstring).

    Validate with the ontology as ``ont_graph`` so ``sh:class`` sees the
    subclass hierarchy (a Company is a Party).
    """
    ns = Namespace(model.namespace)
    mp = RdfMapping(model)
    g = Graph()
    _bind(g, model)
    for name, lab in model.labels.items():
        shape = shape_iri(name, model)
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, ns[name]))
        g.add((shape, RDFS.label, Literal(f"{name} node shape", lang="en")))
        terms = mp.node_terms[name]
        if lab.abstract:
            # checked on every subclass (whose closed shapes list everything)
            for prop_name in own_properties(model, name):
                _property_shape(g, shape, terms[prop_name], ns)
            continue
        for term in terms.values():
            _property_shape(g, shape, term, ns)
        for rel_type, rt in model.relationships.items():
            if name in model.expand(rt.sources):
                _link_shape(g, shape, ns[rel_type], rt.targets, ns, name=rel_type, description=rt.description)
        g.add((shape, SH.closed, Literal(True)))
        Collection(g, _list_node(g, shape, SH.ignoredProperties), [RDF.type])

    for rel_type, rt in model.relationships.items():
        shape = shape_iri(pascal(rel_type), model)
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, ns[pascal(rel_type)]))
        g.add((shape, RDFS.label, Literal(f"{rel_type} relationship shape", lang="en")))
        _link_shape(g, shape, RDF.subject, rt.sources, ns, single=True, name="subject",
                    description=f"The source of the {rel_type} relationship.")
        _link_shape(g, shape, RDF.object, rt.targets, ns, single=True, name="object",
                    description=f"The target of the {rel_type} relationship.")
        pred = BNode()
        g.add((shape, SH.property, pred))
        g.add((pred, SH.path, RDF.predicate))
        g.add((pred, SH.hasValue, ns[rel_type]))
        g.add((pred, SH.maxCount, Literal(1)))
        for prop_name, term in mp.rel_terms[rel_type].items():
            values = rt.modalities if prop_name == "modality" else None
            _property_shape(g, shape, term, ns, values)
        g.add((shape, SH.closed, Literal(True)))
        Collection(g, _list_node(g, shape, SH.ignoredProperties), [RDF.type])
    return g


def serialize(graph: Graph, fmt: str = "turtle") -> str:
    """A graph as text (Turtle by default), as ``skg schema`` prints it: blank nodes get
    canonical labels first, so that the same model always gives the same text and a change
    to the model shows as a small diff of the committed files."""
    from rdflib.compare import to_canonical_graph

    canonical = Graph()
    for prefix, ns in graph.namespaces():
        canonical.bind(prefix, ns, override=True)
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical.serialize(format=fmt)
