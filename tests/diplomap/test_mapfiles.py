"""The app map's popup file on disk: content-addressed, written once and atomically, pruned."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from diplomap.errors import MapError
from diplomap.mapfiles import KEY_BYTES, MapFile, MapFileError, naming_key, prune, publish


def map_file(n: int) -> MapFile:
    return MapFile.of(f'{{"first":0,"popups":[{{"ev":[],"more":{n}}}]}}')


def test_publish_writes_the_file_once_and_marks_it_used(tmp_path: Path) -> None:
    folder = tmp_path / "static" / "cache"
    popups = map_file(1)
    (path,) = publish([popups], folder)

    assert path == folder / popups.name and path.read_bytes() == popups.body
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in folder.iterdir()] == [popups.name]  # no temporary file left behind
    os.utime(path, (1_000_000, 1_000_000))
    path.write_bytes(b"left alone")  # an existing file is never rewritten: its name is its content
    assert publish([popups], folder) == [path]
    assert path.read_bytes() == b"left alone" and path.stat().st_mtime > 1_000_000


def test_prune_keeps_the_most_recently_used_and_foreign_files(tmp_path: Path) -> None:
    files = publish([map_file(i) for i in range(6)], tmp_path, keep=100)
    for age, path in enumerate(reversed(files)):
        os.utime(path, (2_000_000 - age, 2_000_000 - age))  # files[5] newest ... files[0] oldest
    os.utime(files[0])  # used just now
    (tmp_path / "notes.json").write_text("{}")
    stale, fresh = tmp_path / ".mapfile-abandoned.tmp", tmp_path / ".mapfile-writing.tmp"
    stale.write_text("x")
    fresh.write_text("x")
    os.utime(stale, (1_000_000, 1_000_000))

    removed = prune(tmp_path, keep=3)

    assert sorted(removed) == sorted([files[1], files[2], files[3], stale])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [files[0].name, files[4].name, files[5].name, "notes.json", fresh.name]
    )


def test_publishing_a_new_file_prunes_beyond_keep(tmp_path: Path) -> None:
    for i in range(5):
        publish([map_file(i)], tmp_path, keep=2)
    assert len(list(tmp_path.iterdir())) == 2
    assert (tmp_path / map_file(4).name).exists()


def test_a_map_with_more_files_than_keep_keeps_them_all(tmp_path: Path) -> None:
    old = publish([map_file(100)], tmp_path, keep=2)
    os.utime(old[0], (1_000_000, 1_000_000))
    shards = publish([map_file(i) for i in range(4)], tmp_path, keep=2)
    assert all(path.exists() for path in shards)  # the map just published never loses a file
    assert not old[0].exists()


def test_an_unwritable_folder_is_our_error(tmp_path: Path) -> None:
    blocker = tmp_path / "static"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(MapFileError, match="could not write the map's data files") as caught:
        publish([map_file(1)], blocker / "cache")
    assert isinstance(caught.value, MapError)


def test_the_naming_key_is_made_once_owner_only_and_names_differ_by_key(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "mapfiles.key"
    key = naming_key(path)
    assert len(key) == KEY_BYTES and naming_key(path) == key  # made once, then read
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    other = naming_key(tmp_path / "another.key")
    text = '{"first":0}'
    assert MapFile.of(text, key=key).name != MapFile.of(text, key=other).name
    assert MapFile.of(text, key=key) == MapFile.of(text, key=key)
    path.write_bytes(b"short")  # a damaged key is refused, not used to make guessable names
    with pytest.raises(MapFileError, match="delete it"):
        naming_key(path)
