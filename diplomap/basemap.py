"""Country shapes for the offline base map, read from the GeoJSON that countryinfo ships.

No tiles are needed: the map draws these borders as a light vector layer, and the conflict layer
shades a country with its shape. Coordinates are snapped to a 0.05° grid, which keeps all
countries at about 140 kB while borders still look right at the zoom levels the map allows.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

GRID_DEGREES = 0.05

Ring = list[list[float]]


@dataclass(frozen=True, slots=True)
class Country:
    """One country as the map draws it."""

    code: str  # ISO 3166-1 alpha-2
    name: str
    area_km2: float | None
    geometry: Mapping[str, Any] | None  # simplified GeoJSON (Multi)Polygon; None when none is shipped


@functools.cache
def countries() -> Mapping[str, Country]:
    """All countries countryinfo knows, by upper-case alpha-2 code; read once per process."""
    found: dict[str, Country] = {}
    for path in sorted(resources.files("countryinfo").joinpath("data").iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".json"):
            continue
        info = json.loads(path.read_text(encoding="utf-8"))
        code = str((info.get("ISO") or {}).get("alpha2") or "").upper()
        if len(code) != 2:
            continue
        geometry = _simplify(info.get("geoJSON"))
        if code in found and found[code].geometry is not None and geometry is None:
            continue  # a duplicate file without a shape must not hide the one with it
        area = info.get("area")
        found[code] = Country(
            code=code,
            name=str(info.get("name") or code),
            area_km2=float(area) if isinstance(area, int | float) and area > 0 else None,
            geometry=geometry,
        )
    return MappingProxyType(found)


def country_geometry(code: str) -> Mapping[str, Any] | None:
    """The simplified shape of a country by alpha-2 code, or None when there is none."""
    country = countries().get(code.upper())
    return country.geometry if country else None


@functools.cache
def borders_json() -> str:
    """All country shapes as one GeoJSON FeatureCollection, serialised compactly."""
    features = [
        {"type": "Feature", "properties": {"code": c.code}, "geometry": c.geometry}
        for c in countries().values()
        if c.geometry is not None
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def _simplify(collection: Any) -> dict[str, Any] | None:
    """Merge a countryinfo FeatureCollection into one snapped (Multi)Polygon."""
    if not isinstance(collection, dict):
        return None
    polygons: list[list[Ring]] = []
    for feature in collection.get("features") or []:
        geometry = feature.get("geometry") or {}
        parts = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            parts = [parts]
        elif geometry.get("type") != "MultiPolygon":
            continue
        for polygon in parts:
            outer = _snap_ring(polygon[0]) if polygon else None
            if outer is None:
                continue  # the island vanished at this grid, and its holes with it
            holes = [h for h in (_snap_ring(ring) for ring in polygon[1:]) if h is not None]
            polygons.append([outer, *holes])
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _snap_ring(ring: list[Any]) -> Ring | None:
    snapped: Ring = []
    for point in ring:
        lon, lat = _snap(point[0]), _snap(point[1])
        if not snapped or snapped[-1] != [lon, lat]:
            snapped.append([lon, lat])
    if snapped and snapped[0] != snapped[-1]:
        snapped.append(snapped[0])
    # A closed ring needs three distinct corners; smaller islands vanish at this grid.
    return snapped if len(snapped) >= 4 else None


def _snap(value: float) -> float:
    return round(round(float(value) / GRID_DEGREES) * GRID_DEGREES, 2)
