"""RDF export and the RDF loader: round trips, the streaming writer, rdflib and pyshacl as judges."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from sanctions_kg.graph.load import load_paths
from sanctions_kg.errors import InputError, StoreError
from sanctions_kg.graph import export_rdf
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.facts import Evidence
from sanctions_kg.graph.export_rdf import node_lines, node_triples, to_graph, write_nt
from sanctions_kg.graph.pipeline import build
from sanctions_kg.loaders.rdf import read as read_rdf
from sanctions_kg.loaders.registry import LoadContext, detect
from sanctions_kg.schema import MODEL
from sanctions_kg.schema.ontology import SKG, build_ontology, build_shapes, mapping, node_iri
from interchange_support import HOSTILE, demo_like, demo_like_path  # noqa: F401 (fixtures)


def load_into_empty(path: Path, tmp_path: Path) -> EmbeddedStore:
    """Load ``path`` into a new store the way `skg load` does; fails on any problem."""
    store = EmbeddedStore(tmp_path / "back.json")
    [row] = load_paths(store, [path])
    assert row["error"] is None and row["messages"] == [], row
    return store


@pytest.mark.parametrize("fmt, suffix", [("nt", ".nt"), ("turtle", ".ttl"), ("jsonld", ".jsonld")])
def test_round_trip_gives_the_same_canonical_dump(demo_like, tmp_path, run_cli, fmt, suffix):
    source = tmp_path / "source.json"
    demo_like.save(source)
    out = tmp_path / f"graph{suffix}"
    run_cli("--store", source, "export", "--format", fmt, "-o", out)
    assert detect(out).name == "rdf"
    back = load_into_empty(out, tmp_path)
    assert back.dump() == demo_like.dump()


def test_the_hostile_strings_survive_exactly(demo_like, tmp_path):
    out = tmp_path / "g.nt"
    write_nt(demo_like, out)
    back = load_into_empty(out, tmp_path)
    company = back.get_node(MODEL.node_id("Company", "Quote \"Corp\" Ltd"))
    assert company["props"]["remarks"] == HOSTILE and HOSTILE in company["props"]["aliases"]
    [listing] = [r for r in back.iter_rels("LISTED_ON") if r["src"] == company["id"]]
    assert listing["props"]["reason"] == HOSTILE
    assert Evidence.from_json(listing["props"]["evidence"][0]).text == HOSTILE


def test_streamed_ntriples_equal_rdflibs_graph_and_its_own_serialisation(demo_like, tmp_path):
    out = tmp_path / "g.nt"
    summary = write_nt(demo_like, out)
    parsed = Graph().parse(out, format="nt")
    built = to_graph(demo_like)
    assert isomorphic(parsed, built)
    # a direct triple repeats for parallel relationships; RDF keeps one
    assert summary["triples"] >= len(parsed) == len(built)
    # the fast writer and rdflib's N-Triples serialiser agree term by term
    node = demo_like.get_node(MODEL.node_id("Company", "Quote \"Corp\" Ltd"))
    ours = Graph().parse(data="\n".join(node_lines(node)), format="nt")
    theirs = Graph()
    for t in node_triples(node):
        theirs.add(t)
    assert isomorphic(ours, Graph().parse(data=theirs.serialize(format="nt"), format="nt"))


def test_ntriples_pass_pyshacl_with_the_ontology(demo_like, tmp_path):
    out = tmp_path / "g.nt"
    write_nt(demo_like, out)
    ok, _, text = validate(Graph().parse(out, format="nt"), shacl_graph=build_shapes(),
                           ont_graph=build_ontology(), inference="none")
    assert ok, text


def test_dates_and_links_are_typed(demo_like):
    g = to_graph(demo_like)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    dates = {str(o.datatype) for o in g.objects(None, SKG.listed_on)}
    assert {xsd + "date", xsd + "gYearMonth"} <= dates
    sources = mapping().rel_terms["LISTED_ON"]["sources"].iri
    assert all(str(o).startswith(MODEL.id_base + "doc:") for o in g.objects(None, sources))


def test_turtle_is_refused_above_the_limit(demo_like, tmp_path, monkeypatch):
    monkeypatch.setattr(export_rdf, "RDFLIB_MAX_ITEMS", 10)
    with pytest.raises(StoreError, match="--format nt"):
        export_rdf.write_turtle(demo_like, tmp_path / "g.ttl")
    assert not (tmp_path / "g.ttl").exists()
    assert export_rdf.write_turtle(demo_like, tmp_path / "g.ttl", force=True)["triples"] > 10


def test_third_party_triples_load_and_cite_the_file(tmp_path, store):
    build([], store)
    a, b = node_iri("company:acme"), node_iri("list:us-bis-el")
    name = mapping().node_terms["Company"]["name"].iri
    lines = [
        f'<{a}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SKG.Company}> .',
        f'<{a}> <{name}> "ACME" .',
        f'<{b}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SKG.SanctionList}> .',
        f'<{b}> <{SKG.code}> "US-BIS-EL" .',
        f'<{b}> <{name}> "Entity List" .',
        f'<{a}> <{SKG.LISTED_ON}> <{b}> .',
        f'<{a}> <{SKG.colour}> "red" .',
        '<http://example.org/x> <http://example.org/p> "unrelated" .',
    ]
    path = tmp_path / "third.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ctx = LoadContext(store=store, path=path)
    report = build(read_rdf(path, ctx), store)
    assert report.problems == []
    [rel] = store.iter_rels("LISTED_ON")
    assert rel["src"] == "company:acme" and rel["props"]["sources"] == ["doc:file-third-nt"]
    assert any("colour" in p and ":7:" in p for p in ctx.problems)
    assert any("without a sanctions-kg class" in p for p in ctx.problems)


def test_a_broken_line_is_reported_with_its_number(tmp_path, store):
    path = tmp_path / "bad.nt"
    path.write_text(f'<{node_iri("company:a")}> <{SKG.code}> "ok" .\n<broken line\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.nt:2: not N-Triples"):
        list(read_rdf(path, LoadContext(store=store, path=path)))


def test_wrongly_typed_values_are_problems_not_crashes(tmp_path, store):
    a = node_iri("list:x")
    severity = mapping().node_terms["SanctionList"]["severity"].iri
    path = tmp_path / "t.nt"
    path.write_text("\n".join([
        f'<{a}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SKG.SanctionList}> .',
        f'<{a}> <{SKG.code}> "X" .',
        f'<{a}> <{severity}> "{Literal("high")}" .',
    ]) + "\n", encoding="utf-8")
    ctx = LoadContext(store=store, path=path)
    facts = list(read_rdf(path, ctx))
    assert [f.id for f in facts] == ["list:x"] and "severity" not in facts[0].props
    assert any("t.nt:3" in p and "not a number" in p for p in ctx.problems)


def test_demo_corpus_round_trips(tmp_path):
    from sanctions_kg.cli.demo_cmd import demo_inputs

    paths = demo_inputs()
    source = EmbeddedStore(tmp_path / "demo.json")
    rows = load_paths(source, paths)
    assert not [r for r in rows if r["error"]]
    out = tmp_path / "demo.nt"
    write_nt(source, out)
    assert load_into_empty(out, tmp_path).dump() == source.dump()
