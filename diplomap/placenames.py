"""Place names drawn on the offline map, so it reads without hovering: countries first, then
capitals, then ever smaller cities and the regions as the map zooms in.

Each name carries the lowest zoom at which it is shown and comes in order of importance; the map
(``static_src/diplomap-layer.js``) places names in that order and skips one that would overlap a
name already placed, in a pane beneath the markers, so a name never hides a marker.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from pathlib import Path

from geo.gazetteer import Gazetteer, build_key, default_cache_dir
from geo.types import PlaceKind

# tiers, in the order names are placed
COUNTRY, CAPITAL, CITY, REGION = 0, 1, 2, 3
# (smallest area in km2, zoom) for country names; the rest from zoom 5
COUNTRY_ZOOMS = ((2_000_000, 2), (300_000, 3), (40_000, 4))
# (smallest population, zoom) for cities; capitals from zoom 4 (their country's zoom + 1)
CITY_ZOOMS = ((3_000_000, 5), (1_000_000, 6), (300_000, 7), (200_000, 8))
REGION_ZOOM = 6
REGION_MIN_POPULATION = 500_000


def place_names(gazetteer: Gazetteer) -> list[list[object]]:
    """``[name, lat, lon, min_zoom, tier]`` rows, most important first."""
    rows: list[tuple[tuple[int, int, float], list[object]]] = []
    countries = _countries(gazetteer)
    capitals = {gazetteer.capital_row(cc) for cc in countries} - {None}
    for cc in countries:
        row = gazetteer.country_row(cc)
        if row is None:
            continue
        area = gazetteer.area_km2(cc)
        zoom = next((z for least, z in COUNTRY_ZOOMS if area >= least), 5)
        rows.append(((zoom, COUNTRY, -area), _name(gazetteer, row, zoom, COUNTRY)))
        capital = gazetteer.capital_row(cc)
        if capital is not None:
            czoom = min(zoom + 1, 5)
            key = (czoom, CAPITAL, -gazetteer.population(capital))
            rows.append((key, _name(gazetteer, capital, czoom, CAPITAL)))
    for row in range(len(gazetteer)):
        kind, population = gazetteer.kind(row), gazetteer.population(row)
        if kind is PlaceKind.CITY and row not in capitals:
            city_zoom = next((z for least, z in CITY_ZOOMS if population >= least), None)
            if city_zoom is not None:
                rows.append(((city_zoom, CITY, -population), _name(gazetteer, row, city_zoom, CITY)))
        elif kind is PlaceKind.REGION and population >= REGION_MIN_POPULATION:
            rows.append(((REGION_ZOOM, REGION, -population), _name(gazetteer, row, REGION_ZOOM, REGION)))
    rows.sort(key=lambda pair: pair[0])
    # A region named like a city ("Kandahar" province and city) is named once, by the city.
    cities = {entry[0] for _, entry in rows if entry[4] in (CAPITAL, CITY)}
    return [entry for _, entry in rows if entry[4] != REGION or entry[0] not in cities]


@functools.cache
def place_names_json() -> str:
    """``place_names`` of the packaged gazetteer as compact JSON: made once (0.8 s) and kept beside
    the gazetteer's cache, so a new server's first map does not wait for it."""
    key = hashlib.sha256(f"{build_key()}\n{Path(__file__).read_text(encoding='utf-8')}".encode()).hexdigest()
    path = default_cache_dir() / f"placenames-{key[:12]}.json"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = json.dumps(place_names(Gazetteer.load()), ensure_ascii=False, separators=(",", ":"))
    with contextlib.suppress(OSError):  # a read-only cache folder: made again next time, no harm
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("placenames-*.json"):
            old.unlink(missing_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    return text


def _countries(gazetteer: Gazetteer) -> list[str]:
    return sorted({gazetteer.country(row) for row in _country_rows(gazetteer)})


def _country_rows(gazetteer: Gazetteer) -> list[int]:
    return [row for row in range(len(gazetteer)) if gazetteer.kind(row) is PlaceKind.COUNTRY]


def _name(gazetteer: Gazetteer, row: int, zoom: int, tier: int) -> list[object]:
    lat, lon = gazetteer.point(row)
    return [gazetteer.canonical_name(row), round(lat, 3), round(lon, 3), zoom, tier]
