"""GraphML and GEXF exports read back by networkx with the same nodes, edges and attributes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from sanctions_kg.graph.export_graphml import NODE_LABEL, REL_TYPE, write_gexf, write_graphml
from sanctions_kg.schema.ftm_map import temporal_properties
from interchange_support import HOSTILE, demo_like, demo_like_path  # noqa: F401 (fixtures)


def as_python(value):
    """An attribute as the store holds it (lists were written as JSON arrays)."""
    if isinstance(value, str) and value.startswith("["):
        return json.loads(value)
    return value


@pytest.fixture(params=["graphml", "gexf"])
def read_back(request, demo_like, tmp_path):
    path = tmp_path / f"g.{request.param}"
    if request.param == "graphml":
        write_graphml(demo_like, path)
        graph = nx.read_graphml(path, force_multigraph=True)
    else:
        write_gexf(demo_like, path)
        graph = nx.read_gexf(path)
    return request.param, demo_like, graph, path


def test_same_nodes_edges_and_attributes(read_back):
    fmt, store, g, _ = read_back
    assert g.is_directed() and g.is_multigraph()
    stats = store.stats()
    assert g.number_of_nodes() == sum(stats["nodes"].values())
    assert g.number_of_edges() == sum(stats["relationships"].values())
    for node in store.iter_nodes():
        attrs = g.nodes[node["id"]]
        assert attrs[NODE_LABEL] == node["label"] and attrs["label"] == node["props"]["name"]
        for name, value in node["props"].items():
            assert as_python(attrs[name]) == value, (node["id"], name)
    for rel in store.iter_rels():
        attrs = g.edges[rel["src"], rel["dst"], rel["key"]]
        assert attrs[REL_TYPE] == rel["type"]
        for name, value in rel["props"].items():
            assert as_python(attrs[name]) == value, (rel["key"], name)
    per_type = {}
    for _, _, t in g.edges(data=REL_TYPE):
        per_type[t] = per_type.get(t, 0) + 1
    assert per_type == stats["relationships"]


def test_hostile_strings_survive_xml(read_back):
    _, store, g, _ = read_back
    company = next(n for n in store.iter_nodes("Company") if n["props"].get("remarks") == HOSTILE)
    # XML normalises a lone CR in attribute text; the rest must be exact
    assert g.nodes[company["id"]]["remarks"].replace("\r", "") == HOSTILE.replace("\r", "")


def test_gexf_is_dynamic_with_listing_periods(demo_like, tmp_path):
    path = tmp_path / "g.gexf"
    summary = write_gexf(demo_like, path)
    root = ET.parse(path).getroot()
    ns = {"g": root.tag.split("}")[0][1:]}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    edges = {e.get("id"): e for e in graph.iter(f"{{{ns['g']}}}edge")}
    timed = 0
    for rel in demo_like.iter_rels():
        starts, ends = temporal_properties(rel["type"])
        edge = edges[rel["key"]]
        start = next((rel["props"][p] for p in starts if rel["props"].get(p)), None)
        end = next((rel["props"][p] for p in ends if rel["props"].get(p)), None)
        if start:
            assert edge.get("start")[: len(start)] == start and len(edge.get("start")) == 10
        if end:
            assert edge.get("end")[: len(end)] == end
        timed += bool(start or end)
    assert summary["timed_edges"] == timed > 0
    removed = [r for r in demo_like.iter_rels("LISTED_ON") if r["props"].get("removed_on")]
    assert removed and all(edges[r["key"]].get("end") for r in removed)
