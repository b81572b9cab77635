"""The document loader's rules (``document_rules.yaml``), parsed once.

Lexicons, cue lists and claim patterns are data so they can be reviewed and
extended without code changes; see docs/extraction.md for what each section does.
"""

from __future__ import annotations

from pathlib import Path

import yaml

RULES_PATH = Path(__file__).resolve().parent / "document_rules.yaml"


def load_rules(path: Path = RULES_PATH) -> dict:
    """The parsed rules file."""
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


#: The packaged rules.
RULES: dict = load_rules()
