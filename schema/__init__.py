"""The graph model (``model.yaml``) and the reference data (``data/``).

``MODEL`` is the parsed model every other layer consults; see
:mod:`sanctions_kg.schema.model`.
"""

from sanctions_kg.schema.model import Label, Model, Property, RelType, load_model

MODEL = load_model()

__all__ = ["MODEL", "Label", "Model", "Property", "RelType", "load_model"]
