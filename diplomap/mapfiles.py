"""The app map's data as static files: written once, named by their content, fetched by the map.

Sending the map's data with the st_folium element made its payload grow to 5.5 MB at 10,000 events
(5.5 s to a working map), and every rerun re-processed it in Python. As files under Streamlit's
static folder the element stays a few kilobytes: the map fetches its markers (``markers-…``) and
the country borders and the place names (``borders-…``, ``names-…``, the same files for every
map, so a browser keeps them) when it starts, and the popup texts, split into files of a few
hundred markers (``popups-…``, ``mapjs.popup_shards``), when a popup of theirs opens
(shared/MAP-PERFORMANCE.md).

A file is named ``<kind>-<HMAC-SHA256 of its bytes>.json`` under this server's secret key
(``naming_key``), so a name never changes meaning and any process of the server may write it, and
nobody without the key can work a name out, not even from the text it holds: the names are handed
only to signed-in pages, Streamlit's static folder lists nothing, and a name leaked from a browser's
history stops working once its file is pruned (or at once, by deleting the key file). The file
is written it is written to a temporary name and renamed into place, and only when
absent. Each use marks it recently used; beyond ``KEEP`` files the least recently used go.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from diplomap.errors import MapError

KEEP = 200  # files: a map has two and up to mapjs.POPUP_SHARDS_MAX popup files
STALE_TEMP_SECONDS = 3600.0
KINDS = ("markers", "borders", "names", "popups")
_NAME = re.compile(r"(?:markers|borders|names|popups)-[0-9a-f]{64}\.json")
_TEMP_PREFIX = ".mapfile-"


class MapFileError(MapError):
    """A map file could not be written to the static folder."""


@dataclass(frozen=True, slots=True)
class MapFile:
    """Some of a map's data: the bytes and the content-addressed file name they are served as."""

    name: str
    body: bytes

    @classmethod
    def of(cls, text: str, kind: str = "popups", *, key: bytes = b"") -> MapFile:
        """``text`` as a file named by its HMAC under ``key`` (``naming_key``)."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind of map file: {kind}")
        body = text.encode("utf-8")
        return cls(f"{kind}-{hmac.new(key, body, hashlib.sha256).hexdigest()}.json", body)


KEY_BYTES = 32


def naming_key(path: Path) -> bytes:
    """The secret that names map files: read from ``path``, made there (owner-only) the first time."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = secrets.token_bytes(KEY_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return naming_key(path)
        with os.fdopen(fd, "wb") as out:
            out.write(fresh)
        return fresh
    except OSError as exc:
        raise MapFileError(f"Cannot read the map files' key {path}: {exc.strerror or exc}") from exc
    if len(key) != KEY_BYTES:  # a half-written or foreign file: refuse rather than name guessably
        raise MapFileError(f"The map files' key {path} is not {KEY_BYTES} bytes: delete it to make a new one")
    return key


def publish(files: Sequence[MapFile], folder: Path, *, keep: int = KEEP) -> list[Path]:
    """Make each ``folder/file.name`` exist and count as just used; prune old files when one is added."""
    paths, added = [], False
    try:
        for file in files:
            path = folder / file.name
            paths.append(path)
            if path.is_file():
                os.utime(path)
                continue
            folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, file.body)
            added = True
    except OSError as exc:
        raise MapFileError(f"could not write the map's data files to {folder}: {exc.strerror}") from exc
    if added:
        with contextlib.suppress(OSError):  # housekeeping only: the map works with old files left over
            prune(folder, keep=max(keep, len(files)))
    return paths


def prune(folder: Path, *, keep: int = KEEP) -> list[Path]:
    """Remove all but the ``keep`` most recently used map files, and abandoned temporary files."""
    used: list[tuple[float, Path]] = []
    removed: list[Path] = []
    now = time.time()
    for entry in os.scandir(folder):
        try:
            mtime = entry.stat().st_mtime
        except FileNotFoundError:  # another process pruned it meanwhile
            continue
        if _NAME.fullmatch(entry.name):
            used.append((mtime, Path(entry.path)))
        elif entry.name.startswith(_TEMP_PREFIX) and now - mtime > STALE_TEMP_SECONDS:
            removed.append(Path(entry.path))
    used.sort(reverse=True)
    removed += [path for _, path in used[keep:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _write_atomically(path: Path, body: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=_TEMP_PREFIX, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.chmod(temp, 0o644)  # mkstemp makes 0600; other static files are world-readable too
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
