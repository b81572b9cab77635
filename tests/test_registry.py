"""Format detection and the loader contract."""

import pytest

from sanctions_kg.errors import InputError
from sanctions_kg.loaders.reference import REFERENCE_PATH
from sanctions_kg.loaders.registry import LOADER_MODULES, detect, registry


def test_every_declared_loader_module_is_present():
    names = set(registry())
    assert {m.rsplit(".", 1)[1] for m in LOADER_MODULES} <= names | {"lists_extra"}, names


def test_reference_data_is_detected_by_content(tmp_path):
    assert detect(REFERENCE_PATH).name == "reference"
    renamed = tmp_path / "my-lists.yml"
    renamed.write_bytes(REFERENCE_PATH.read_bytes())
    assert detect(renamed).name == "reference"


def test_unknown_and_missing_inputs_name_the_file(tmp_path):
    odd = tmp_path / "notes.bin"
    odd.write_bytes(b"\x00\x01\x02")
    with pytest.raises(InputError, match="notes.bin"):
        detect(odd)
    with pytest.raises(InputError, match="no such file"):
        detect(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="unknown format"):
        detect(REFERENCE_PATH, forced="nope")
