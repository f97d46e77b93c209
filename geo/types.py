"""Value types of the geo layer."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PlaceKind(StrEnum):
    CONTINENT = "continent"
    COUNTRY = "country"
    REGION = "region"  # first-level subdivision (state, province) or a named area
    DISTRICT = "district"  # second-level subdivision (county, district)
    CITY = "city"
    AREA = "area"  # a vague part of a country ("the north of Afghanistan")


@dataclass(frozen=True, slots=True)
class Coordinates:
    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (-90.0 <= self.lat <= 90.0) or not (-180.0 <= self.lon <= 180.0):
            raise ValueError(f"coordinates out of range: {self.lat}, {self.lon}")


@dataclass(frozen=True, slots=True)
class GeoMatch:
    """One place a name was placed at, with where the answer came from."""

    name: str
    coordinates: Coordinates
    geonameid: int | None
    country_code: str
    kind: PlaceKind
    population: int = 0
    admin1: str = ""
    source: str = "gazetteer"  # gazetteer | nominatim | override | ...
    confidence: float = 1.0
