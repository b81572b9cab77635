"""The model declaration and what is derived from it."""

import pytest
import yaml

from sanctions_kg.errors import SchemaError
from sanctions_kg.schema import MODEL
from sanctions_kg.schema.model import MODEL_PATH, Model


def test_required_labels_and_types_are_declared():
    for label in ["Company", "Organization", "Person", "Agency", "SanctionList", "Authority",
                  "Region", "Concern", "Document"]:
        assert label in MODEL.concrete_labels
    for rel in ["LISTED_ON", "CONSIDERED_FOR", "CITED_FOR", "ADMINISTERS", "ESTABLISHED_BY",
                "LOCATED_IN", "PART_OF", "SUBSIDIARY_OF", "OWNED_BY", "AFFILIATED_WITH", "MENTIONED_IN"]:
        assert rel in MODEL.relationships


def test_node_ids_are_stable_and_normalised():
    a = MODEL.node_id("Company", "Hangzhou Hikvision Digital Technology Co., Ltd.")
    b = MODEL.node_id("Company", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.")
    assert a == b == "company:hangzhou-hikvision-digital-technology-co-ltd"
    assert MODEL.label_of(a) == "Company"
    with pytest.raises(SchemaError):
        MODEL.node_id("Party", "abstract labels have no nodes")


def test_listed_on_accepts_only_actual_listings():
    src, dst = "company:x", "list:us-bis-el"
    props = MODEL.clean_rel("LISTED_ON", src, dst, {"sources": ["doc:a"], "listed_on": "2019-10"})
    assert props["modality"] == "asserted"
    for modality in ["reported", "proposed", "hypothetical", "denied"]:
        with pytest.raises(SchemaError, match="modality"):
            MODEL.clean_rel("LISTED_ON", src, dst, {"sources": ["doc:a"], "modality": modality})
        ok = MODEL.clean_rel("CONSIDERED_FOR", src, dst, {"sources": ["doc:a"], "modality": modality})
        assert ok["modality"] == modality


def test_endpoints_types_and_required_provenance_are_checked():
    with pytest.raises(SchemaError, match="cannot be the source"):
        MODEL.clean_rel("LISTED_ON", "region:cn", "list:us-bis-el", {"sources": ["doc:a"]})
    with pytest.raises(SchemaError, match="sources"):
        MODEL.clean_rel("LISTED_ON", "company:x", "list:us-bis-el", {})
    with pytest.raises(SchemaError, match="ISO date"):
        MODEL.clean_rel("LISTED_ON", "company:x", "list:us-bis-el", {"sources": ["d"], "listed_on": "Oct 2019"})
    with pytest.raises(SchemaError, match="unknown property"):
        MODEL.clean_node("Company", {"name": "X", "colour": "red"})


def test_parties_inherit_properties_and_expand():
    assert {"Company", "Organization", "Person"} <= MODEL.expand(["Party"])
    assert "SanctionList" not in MODEL.expand(["Party"])
    assert "aliases" in MODEL.labels["Person"].properties
    assert MODEL.ancestors("Company") == ["Company", "Party"]


def test_adding_a_label_is_one_edit(tmp_path):
    """The docs promise that a new label or relationship type is one YAML edit."""
    raw = yaml.safe_load(MODEL_PATH.read_text())
    assert "Satellite" not in MODEL.labels
    raw["labels"]["Satellite"] = {"extends": "Party", "id_prefix": "satellite", "key": "name",
                                  "description": "A spacecraft."}
    raw["relationships"]["OPERATED_FROM"] = {"from": ["Satellite"], "to": ["Region"],
                                             "description": "Where it is operated from."}
    model = Model(raw)
    assert model.node_id("Satellite", "Tianhui 2") == "satellite:tianhui-2"
    assert "Satellite" in model.expand(["Party"])
    props = model.clean_rel("OPERATED_FROM", "satellite:tianhui-2", "region:cn", {"sources": ["doc:x"]})
    assert props["sources"] == ["doc:x"]
    # LISTED_ON from Party now accepts the new label with no other change
    model.clean_rel("LISTED_ON", "satellite:tianhui-2", "list:us-ofac-sdn", {"sources": ["doc:x"]})


def test_every_property_has_a_description():
    for label in MODEL.labels.values():
        assert label.description, label.name
        for prop in label.properties.values():
            assert prop.description, (label.name, prop.name)
    for rt in MODEL.relationships.values():
        assert rt.description, rt.name
        for prop in rt.properties.values():
            assert prop.description, (rt.name, prop.name)
