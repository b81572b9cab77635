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


def test_a_folder_s_files_are_read_once_to_tell_their_format(tmp_path, monkeypatch):
    """Expanding a folder and then loading its files tells each file's format once; a
    file changed in between is looked at again."""
    from sanctions_kg.loaders import registry as reg
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.txt", "b.txt"):
        (docs / name).write_text("title: T\n\nQuillon Co., Ltd. was added to the Entity List.\n", encoding="utf-8")
    reads = []
    real = reg.read_head
    monkeypatch.setattr(reg, "read_head", lambda p: reads.append(p) or real(p))
    inputs, _ = reg.expand([docs])
    assert [reg.detect(p).name for p in inputs] == ["document", "document"]
    assert sorted(p.name for p in reads if p.is_file()) == ["a.txt", "b.txt"]
    (docs / "a.txt").write_text("title: T2\n\nTervane Ltd. was added to the Entity List in 2021.\n", encoding="utf-8")
    assert reg.detect(docs / "a.txt").name == "document"
    assert sorted(p.name for p in reads if p.is_file()) == ["a.txt", "a.txt", "b.txt"]
