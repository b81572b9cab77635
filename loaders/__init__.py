"""Loaders: documents and list files in, graph facts with provenance out.

See :mod:`sanctions_kg.loaders.registry` for the loader contract.
"""
