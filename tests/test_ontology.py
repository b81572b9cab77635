"""The RDF ontology, the SHACL shapes and the model docs are derived from the model and cannot drift."""

from __future__ import annotations

import pytest
import yaml
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, SH, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from sanctions_kg.schema import MODEL
from sanctions_kg.schema.docs import model_markdown, model_mermaid
from sanctions_kg.schema.model import MODEL_PATH, Model
from sanctions_kg.schema.ontology import (
    SKG, build_ontology, build_shapes, mapping, own_properties, pascal, rel_class, rel_predicate, shape_iri,
)
from conftest import ROOT
from interchange_support import demo_like, demo_like_path  # noqa: F401 (fixtures)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return build_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return build_shapes()


def comments(g: Graph, subject) -> str:
    return " ".join(str(c) for c in g.objects(subject, RDFS.comment))


def test_every_label_and_relationship_type_is_a_described_class(onto):
    for name, label in MODEL.labels.items():
        cls = SKG[name]
        assert (cls, RDF.type, OWL.Class) in onto
        assert label.description in comments(onto, cls)
        parent = SKG[label.parent] if label.parent else SKG[MODEL.base_label]
        assert (cls, RDFS.subClassOf, parent) in onto
        if label.rdf:
            prefix, local = label.rdf.split(":")
            assert (cls, RDFS.subClassOf, URIRef(MODEL.prefixes[prefix] + local)) in onto
    for rel_type, rt in MODEL.relationships.items():
        assert (rel_predicate(rel_type), RDF.type, OWL.ObjectProperty) in onto
        assert rt.description in comments(onto, rel_predicate(rel_type))
        assert (rel_class(rel_type), RDFS.subClassOf, SKG.Relationship) in onto
        # domain and range name the declared endpoints (directly or as a union)
        for prop, ends in ((RDFS.domain, rt.sources), (RDFS.range, rt.targets)):
            [node] = onto.objects(rel_predicate(rel_type), prop)
            named = {node} if isinstance(node, URIRef) else set(onto.items(onto.value(node, OWL.unionOf)))
            assert named == {SKG[e] for e in ends}


def test_every_property_is_declared_or_reused_with_its_description(onto):
    terms = mapping()
    for owner, props in [*((lab, l.properties) for lab, l in MODEL.labels.items()),
                         *((t, rt.properties) for t, rt in MODEL.relationships.items())]:
        own_terms = terms.node_terms.get(owner) or terms.rel_terms[owner]
        for name, prop in props.items():
            iri = own_terms[name].iri
            if prop.rdf:  # an established term, used as it is: declared by its vocabulary
                assert str(iri).startswith(MODEL.prefixes[prop.rdf.split(":")[0]])
                assert (iri, RDFS.isDefinedBy, None) in onto
            else:
                assert iri == SKG[name]
                assert set(onto.objects(iri, RDF.type)) & {OWL.DatatypeProperty, OWL.ObjectProperty}
                assert prop.description in comments(onto, iri)


def test_ftm_annotations_point_at_terms_of_followthemoneys_own_ontology(onto):
    from followthemoney.ontology import Ontology

    ftm = Ontology().graph
    linked = set(onto.objects(None, SKOS.closeMatch))
    assert linked, "the model's ftm: annotations give mappings"
    for iri in linked:
        assert (iri, RDF.type, None) in ftm, f"{iri} is not a FollowTheMoney term"
    assert (SKG.Company, SKOS.closeMatch, URIRef("https://schema.followthemoney.tech/#Company")) in onto


def test_shapes_cover_every_label_property_and_endpoint(shapes):
    terms = mapping()
    for name, label in MODEL.labels.items():
        shape = shape_iri(name)
        assert (shape, SH.targetClass, SKG[name]) in shapes
        paths = {shapes.value(p, SH.path): p for p in shapes.objects(shape, SH.property)}
        expected = label.properties if not label.abstract else own_properties(MODEL, name)
        for prop_name in expected:
            prop = label.properties[prop_name]
            pshape = paths[terms.node_terms[name][prop_name].iri]
            assert shapes.value(pshape, SH.name) == Literal(prop_name)
            if prop.required:
                assert shapes.value(pshape, SH.minCount) == Literal(1)
            if prop.values:
                assert set(shapes.items(shapes.value(pshape, SH["in"]))) == {Literal(v) for v in prop.values}
            assert (shapes.value(pshape, SH.maxCount) is None) == prop.is_list
        if not label.abstract:
            assert shapes.value(shape, SH.closed) == Literal(True)
            for rel_type, rt in MODEL.relationships.items():
                assert (rel_predicate(rel_type) in paths) == (name in MODEL.expand(rt.sources))
    for rel_type, rt in MODEL.relationships.items():
        shape = shape_iri(pascal(rel_type))
        paths = {shapes.value(p, SH.path): p for p in shapes.objects(shape, SH.property)}
        modality = paths[terms.rel_terms[rel_type]["modality"].iri]
        assert set(shapes.items(shapes.value(modality, SH["in"]))) == {Literal(m) for m in rt.modalities}
        for prop_name in rt.properties:
            assert terms.rel_terms[rel_type][prop_name].iri in paths
        assert {RDF.subject, RDF.object, RDF.predicate} <= set(paths)


@pytest.mark.parametrize("name, build", [("ontology.ttl", build_ontology), ("shapes.ttl", build_shapes)])
def test_committed_turtle_files_are_what_the_model_generates(name, build):
    committed = Graph().parse(ROOT / "schema" / name, format="turtle")
    assert isomorphic(committed, build()), f"schema/{name} is stale: run `skg schema --format " \
        f"{'turtle' if name == 'ontology.ttl' else 'shacl'} -o schema/{name}`"


def test_docs_model_md_is_what_the_model_generates():
    assert (ROOT / "docs" / "model.md").read_text(encoding="utf-8") == model_markdown(), \
        "docs/model.md is stale: run `skg schema --format markdown -o docs/model.md`"


def test_a_new_label_and_type_reach_ontology_shapes_and_docs():
    raw = yaml.safe_load(MODEL_PATH.read_text())
    raw["labels"]["Ship"] = {"extends": "Party", "id_prefix": "ship", "key": "name", "ftm": "Vessel",
                             "description": "A ship.", "properties": {
                                 "imo": {"type": "string", "description": "IMO number."}}}
    raw["relationships"]["FLAGGED_IN"] = {"from": ["Ship"], "to": ["Region"], "description": "Flag state."}
    model = Model(raw)
    onto, shapes = build_ontology(model), build_shapes(model)
    assert (SKG.Ship, RDFS.subClassOf, SKG.Party) in onto
    assert (SKG.imo, RDFS.domain, SKG.Ship) in onto
    assert (SKG.FLAGGED_IN, RDFS.range, SKG.Region) in onto
    assert (shape_iri("FlaggedIn", model), SH.targetClass, SKG.FlaggedIn) in shapes
    assert "### Ship" in model_markdown(model) and "Ship --> Region : FLAGGED_IN" in model_mermaid(model)
    # LISTED_ON from Party now admits the new label's nodes
    ship_shape = shape_iri("Ship", model)
    assert SKG.LISTED_ON in {shapes.value(p, SH.path) for p in shapes.objects(ship_shape, SH.property)}


# -- the shapes actually constrain ------------------------------------------------
def _conforms(data: Graph, onto: Graph, shapes: Graph) -> tuple[bool, str]:
    ok, _, text = validate(data, shacl_graph=shapes, ont_graph=onto, inference="none")
    return ok, text


def test_exported_graph_conforms_and_broken_data_does_not(demo_like, onto, shapes):
    from sanctions_kg.graph.export_rdf import to_graph
    from sanctions_kg.schema.ontology import node_iri, rel_iri

    data = to_graph(demo_like)
    ok, text = _conforms(data, onto, shapes)
    assert ok, text

    listing = next(demo_like.iter_rels("LISTED_ON"))
    hik = node_iri("company:hangzhou-hikvision-digital-technology-co-ltd")
    terms = mapping()
    breakages = {
        "a listing that is only reported": lambda g: g.set(
            (rel_iri(listing["key"]), terms.rel_terms["LISTED_ON"]["modality"].iri, Literal("reported"))),
        "a company without a name": lambda g: g.remove((hik, terms.node_terms["Company"]["name"].iri, None)),
        "a property the model does not have": lambda g: g.add((hik, SKG.colour, Literal("red"))),
        "a date that is no date": lambda g: g.set(
            (rel_iri(listing["key"]), SKG.listed_on, Literal("9 October 2019"))),
        "a source that is no document": lambda g: g.add(
            (rel_iri(listing["key"]), terms.rel_terms["LISTED_ON"]["sources"].iri, node_iri("region:cn"))),
        "a listing of a region": lambda g: g.set((rel_iri(listing["key"]), RDF.subject, node_iri("region:cn"))),
    }
    for what, damage in breakages.items():
        broken = Graph()
        for t in data:
            broken.add(t)
        damage(broken)
        ok, _ = _conforms(broken, onto, shapes)
        assert not ok, f"SHACL accepted {what}"


@pytest.mark.parametrize("fmt", ["markdown", "turtle", "shacl", "mermaid"])
def test_skg_schema_prints_each_rendering(run_cli, fmt):
    out = run_cli("schema", "--format", fmt).output
    if fmt in ("turtle", "shacl"):
        g = Graph().parse(data=out, format="turtle")
        assert isomorphic(g, build_ontology() if fmt == "turtle" else build_shapes())
    elif fmt == "markdown":
        assert out == model_markdown()
    else:
        assert out.startswith("classDiagram") and "Party <|-- Company" in out


def test_schema_text_is_the_same_on_every_run():
    """Blank nodes get canonical labels, so regenerating the committed files gives no diff."""
    from sanctions_kg.schema.ontology import serialize

    assert serialize(build_shapes()) == serialize(build_shapes())
    assert serialize(build_ontology()) == serialize(build_ontology())
