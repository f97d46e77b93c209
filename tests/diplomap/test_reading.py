"""The reader's fingerprint: what makes stored articles "read by an earlier version"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diplomap import reading


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the files the fingerprint covers, as the root it reads."""
    for pattern in reading.CODE + reading.DATA:
        for path in reading.ROOT.glob(pattern):
            target = tmp_path / path.relative_to(reading.ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    monkeypatch.setattr(reading, "ROOT", tmp_path)
    reading.reading_version.cache_clear()
    yield tmp_path
    reading.reading_version.cache_clear()


def fresh() -> str:
    reading.reading_version.cache_clear()
    return reading.reading_version()


def test_the_fingerprint_follows_the_reader_code_and_data(tree: Path) -> None:
    first = fresh()
    assert first == fresh() and len(first) == 16
    roles = tree / "extraction" / "roles.py"
    roles.write_text(roles.read_text() + "\n# a change\n")
    second = fresh()
    assert second != first
    (tree / "assets" / "gazetteer" / "demonyms.tsv").write_text("Tajik\tTJ\n")
    assert fresh() not in (first, second)


def test_files_outside_the_reader_do_not_change_it(tree: Path) -> None:
    first = fresh()
    (tree / "diplomap").mkdir(exist_ok=True)
    (tree / "diplomap" / "ui.py").write_text("# the dashboard is not the reader\n")
    (tree / "README.md").write_text("words")
    assert fresh() == first


def test_a_retrained_role_model_is_part_of_the_reader(
    tree: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = fresh()
    user = tmp_path_factory.mktemp("model")
    monkeypatch.setenv("DIPLOMAP_MODEL_DIR", str(user))
    assert fresh() == shipped  # no retrained model yet
    (user / "model.json").write_text('{"with_rules": {}}')
    retrained = fresh()
    assert retrained != shipped and len(retrained) == 16
    (user / "model.json").unlink()
    assert fresh() == shipped  # rolled back to the shipped model
