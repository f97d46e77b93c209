"""The app map's popup texts as static files: written once, named by their content, fetched lazily.

Sending every popup's sentences with the map made st_folium's payload grow to 5.5 MB at 10,000
events (5.5 s to a working map); as a file under Streamlit's static folder the map element stays
small; the texts are split into files of a few hundred markers (``mapjs.popup_shards``) and the
browser fetches one when a popup of its markers opens (shared/MAP-PERFORMANCE.md).

A file is named ``popups-<sha256 of its bytes>.json``, so a name never changes meaning and any
process may write it: it is written to a temporary name and renamed into place, and only when
absent. Each use marks it recently used; beyond ``KEEP`` files the least recently used go.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from diplomap.errors import MapError

KEEP = 200  # files: a map has up to mapjs.POPUP_SHARDS_MAX of them
STALE_TEMP_SECONDS = 3600.0
_NAME = re.compile(r"popups-[0-9a-f]{64}\.json")
_TEMP_PREFIX = ".popups-"


class PopupFileError(MapError):
    """The map's popup file could not be written to the static folder."""


@dataclass(frozen=True, slots=True)
class PopupFile:
    """One map's popup texts: the bytes and the content-addressed file name they are served as."""

    name: str
    body: bytes

    @classmethod
    def of(cls, text: str) -> PopupFile:
        body = text.encode("utf-8")
        return cls(f"popups-{hashlib.sha256(body).hexdigest()}.json", body)


def publish(files: Sequence[PopupFile], folder: Path, *, keep: int = KEEP) -> list[Path]:
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
        raise PopupFileError(f"could not write the map's popup texts to {folder}: {exc.strerror}") from exc
    if added:
        with contextlib.suppress(OSError):  # housekeeping only: the map works with old files left over
            prune(folder, keep=max(keep, len(files)))
    return paths


def prune(folder: Path, *, keep: int = KEEP) -> list[Path]:
    """Remove all but the ``keep`` most recently used popup files, and abandoned temporary files."""
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
