"""A fingerprint of source files and installed packages: what a cache or a stored result was made from.

Used for the gazetteer's cache file name (``geo.gazetteer.build_key``) and for the reader that read a
stored article (``diplomap.reading.reading_version``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path


def fingerprint(root: Path, patterns: Iterable[str], packages: Iterable[str]) -> str:
    """SHA-256 (hex) over the files matching ``patterns`` under ``root`` (their paths and bytes, in
    sorted order) and the installed versions of ``packages`` ("-" when one is missing)."""
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for package in packages:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{package}={version}\0".encode())
    return digest.hexdigest()
