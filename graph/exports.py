"""The export formats ``skg export --format`` offers, one module per format.

Like networkx's ``readwrite`` package, each format lives in its own module
(``graph/export_<format>.py``) and exposes a writer
``write(store, path, progress=None, force=False) -> summary dict``; this
registry names them. To add a format, write the module and add a line here.

Examples
--------
>>> sorted(EXPORTS)[:3]
['cypher', 'ftm', 'gexf']
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from sanctions_kg.graph.export_cypher import write_cypher
from sanctions_kg.graph.export_ftm import write_ftm
from sanctions_kg.graph.export_graphml import write_gexf, write_graphml
from sanctions_kg.graph.export_neo4j_admin import write_neo4j_admin
from sanctions_kg.graph.export_rdf import write_jsonld, write_nt, write_turtle


class ExportFormat(NamedTuple):
    """A format: what it is for, its writer, and whether it writes a folder rather than a file."""

    description: str
    write: Callable[..., dict]
    folder: bool = False
    suffix: str = ""


EXPORTS: dict[str, ExportFormat] = {
    "nt": ExportFormat("RDF N-Triples with the sanctions-kg ontology, streamed (any size)", write_nt,
                       suffix=".nt"),
    "turtle": ExportFormat("RDF Turtle (rdflib, in memory; small graphs)", write_turtle, suffix=".ttl"),
    "jsonld": ExportFormat("RDF JSON-LD (rdflib, in memory; small graphs)", write_jsonld, suffix=".jsonld"),
    "graphml": ExportFormat("GraphML for yEd, Cytoscape, networkx", write_graphml, suffix=".graphml"),
    "gexf": ExportFormat("GEXF 1.2 for Gephi, with a timeline from listing dates", write_gexf, suffix=".gexf"),
    "ftm": ExportFormat("FollowTheMoney entities, one JSON object per line (Aleph, OpenSanctions tools)",
                        write_ftm, suffix=".ftm.json"),
    "neo4j-admin": ExportFormat("CSV files and the command for `neo4j-admin database import full`",
                                write_neo4j_admin, folder=True),
    "cypher": ExportFormat("A parameter-free Cypher script that recreates the graph (cypher-shell -f)",
                           write_cypher, suffix=".cypher"),
}
