"""Near-duplicate articles: the same story again under another header or footer, or with a few words
changed (a wire story on several sites, a page saved twice). Counting it twice would double its
events on the map, so the store takes it as a duplicate of the first copy.

Each article of at least ``MIN_WORDS`` words gets a MinHash signature of its word 5-shingles
(``PERMUTATIONS`` universal hashes, fixed seeds, so signatures are stable across runs and machines).
Candidates come from locality-sensitive banding (``BANDS`` bands of ``ROWS`` values, stored and
indexed in SQLite); a candidate is a duplicate when the share of equal signature values, an
estimate of the shingle sets' Jaccard similarity, reaches ``THRESHOLD``. With 16 bands of 4, a pair
at 0.85 becomes a candidate with probability 1 - (1 - 0.85⁴)¹⁶ > 0.9999; one at 0.5 with 0.64, and
is then checked against the whole signature.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

SHINGLE = 5  # words
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
THRESHOLD = 0.85
MIN_WORDS = 50  # shorter texts are compared by their exact content hash only
_PRIME = (1 << 31) - 1
_WORD = re.compile(r"\w+")
_VALUES = struct.Struct(f"<{PERMUTATIONS}Q")


def signature(text: str) -> bytes | None:
    """The text's MinHash signature (``PERMUTATIONS`` × 8 bytes), or None when it is too short."""
    words = _WORD.findall(text.casefold())
    if len(words) < MIN_WORDS:
        return None
    np, a, b = _permutations()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    hashes = np.fromiter(
        (_hash31(shingle.encode()) for shingle in shingles), dtype=np.uint64, count=len(shingles)
    )
    # (a·h + b) mod p for every permutation and shingle; a, b, h < 2³¹, so no uint64 overflow.
    values = (a[:, None] * hashes[None, :] + b[:, None]) % np.uint64(_PRIME)
    return bytes(values.min(axis=1).astype("<u8").tobytes())


@functools.cache
def _permutations() -> tuple[Any, np.ndarray, np.ndarray]:
    """numpy and the hash parameters, fixed seeds; imported when the first article is signed, so the
    dashboard's page does not wait for numpy."""
    import numpy

    rng = numpy.random.default_rng(20210713)
    a = rng.integers(1, _PRIME, size=PERMUTATIONS, dtype=numpy.uint64)
    b = rng.integers(0, _PRIME, size=PERMUTATIONS, dtype=numpy.uint64)
    return numpy, a, b


def band_keys(sig: bytes) -> list[int]:
    """One key per band: equal keys in some band make two articles candidates."""
    return [
        int.from_bytes(hashlib.blake2b(sig[i * ROWS * 8 : (i + 1) * ROWS * 8], digest_size=7).digest(), "big")
        for i in range(BANDS)
    ]  # 56 bits: a positive SQLite INTEGER


def similarity(one: bytes, other: bytes) -> float:
    """The estimated Jaccard similarity of two texts' shingles: the share of equal signature values."""
    if len(one) != _VALUES.size or len(other) != _VALUES.size:
        return 0.0
    return sum(x == y for x, y in zip(_VALUES.unpack(one), _VALUES.unpack(other), strict=True)) / PERMUTATIONS


def _hash31(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=4).digest(), "big") & 0x7FFFFFFF
