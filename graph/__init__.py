"""Stores (embedded networkx, Neo4j), the build pipeline and the exports."""
