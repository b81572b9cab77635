"""The canned queries: one ``.cypher`` file each, plus their runners."""
