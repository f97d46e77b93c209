"""The folium map: one clustered layer per role, built in the browser from an inert data array.

Markers are not folium objects: ``diplomap.mapjs`` turns the events into one inert JSON array
that our own JavaScript draws, which keeps 10,000 events near two seconds in the browser and all
article text inert.

Leaflet and leaflet.markercluster come from ``static/vendor`` (see scripts/install_frontend.sh):
``build_map`` and ``build_app_map`` link them at ``{static_url}/vendor/...`` for a Streamlit page,
``map_html`` inlines them for an offline export. ``build_map`` and ``map_html`` carry markers,
borders and popup texts inline; ``build_app_map`` leaves them in files the map fetches from
``{static_url}/cache/`` (``diplomap.mapfiles``), which keeps st_folium's element a few kilobytes.

In the app (streamlit-folium 0.27)::

    built = build_app_map(events)
    publish(built.files, MAP_FILE_DIR)  # before the browser can ask for them
    out = st_folium(built.map, key="map", height=700, use_container_width=True,
                    returned_objects=list(RETURNED_OBJECTS))
    click = parse_map_click(out, build_click_index(events))

(A fixed ``width`` wider than the column clips the layer control, which sits top right.)
"""

from __future__ import annotations

import base64
import functools
import html
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

import folium
from branca.element import Figure

from diplomap.archive import Points, TileSet, cluster_tiles, manifest
from diplomap.errors import MapError
from diplomap.events import PlaceEvent
from diplomap.mapfiles import MapFile, naming_key
from diplomap.mapjs import (
    ROLE_LABELS,
    DiplomapLayers,
    MapFileUrls,
    PlaceMarker,
    RawHtml,
    borders_json,
    closes_script,
    drawing_json,
    group_events,
    is_valid_point,
    popup_shards,
    script_safe_json,
    squash_whitespace,
)
from diplomap.placenames import place_names_json
from diplomap.service import ROLES

# What the app must ask st_folium for so that parse_map_click can name the clicked place.
RETURNED_OBJECTS: tuple[str, ...] = ("last_object_clicked", "last_object_clicked_tooltip")
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"  # served at /app/static by Streamlit
VENDOR_DIR = STATIC_DIR / "vendor"
MAP_FILE_DIR = STATIC_DIR / "cache"  # .gitignored: map files written at run time
# Outside the served folder: the secret that makes map file names unguessable (mapfiles.naming_key).
MAP_KEY_FILE = STATIC_DIR.parent / ".cache" / "mapfiles.key"
_VENDOR_JS = ("leaflet/leaflet.js", "leaflet.markercluster/leaflet.markercluster.js")
_VENDOR_BUNDLE = "map-vendor.js"  # both of _VENDOR_JS, joined at setup
_VENDOR_CSS = ("leaflet/leaflet.css", "leaflet.markercluster/MarkerCluster.css")


class MapAssetsMissing(MapError):
    """The Leaflet files are not in static/vendor: run scripts/install_frontend.sh."""


@dataclass(frozen=True, slots=True)
class MapClick:
    """The place a click on the map landed on."""

    place_key: str
    role: str
    lat: float
    lon: float


MapClickIndex = Mapping[str, tuple[MapClick, ...]]


@dataclass(frozen=True, slots=True)
class AppMap:
    """The app's map and the files it fetches: ``publish`` them before showing the map."""

    map: folium.Map
    files: tuple[MapFile, ...]
    tileset: TileSet | None = None  # the archive map's tiles (diplomap.archive), published as tileset_name
    tileset_name: str = ""

    @property
    def drawing(self) -> MapFile:
        """The markers file (``mapjs.drawing_json``)."""
        return next(f for f in self.files if f.name.startswith("markers-"))

    @property
    def popups(self) -> tuple[MapFile, ...]:
        """The popup files (``mapjs.popup_shards``), in marker order."""
        return tuple(f for f in self.files if f.name.startswith("popups-"))


def build_click_index(events: Iterable[PlaceEvent]) -> dict[str, tuple[MapClick, ...]]:
    """Tooltip text -> the places that show it; the input of ``parse_map_click``."""
    index: dict[str, list[MapClick]] = {}
    for marker in group_events(events):
        click = MapClick(marker.place_key, marker.role, marker.lat, marker.lon)
        index.setdefault(marker.tooltip, []).append(click)
    return {tooltip: tuple(clicks) for tooltip, clicks in index.items()}


def archive_click_index(points: Points) -> MapClickIndex:
    """``build_click_index`` of the archive map's points (the same tooltips: name · role label)."""
    index: dict[str, list[MapClick]] = {}
    for i in range(len(points)):
        p = int(points.place[i])
        role = ROLES[int(points.role[i])]
        name = points.places.names[p]
        lat, lon = round(float(points.places.lat[p]), 6), round(float(points.places.lon[p]), 6)
        tooltip = squash_whitespace(f"{name} · {ROLE_LABELS.get(role, role)}")
        index.setdefault(tooltip, []).append(MapClick(points.places.keys[p], role, lat, lon))
    return MappingProxyType({tooltip: tuple(clicks) for tooltip, clicks in index.items()})


def parse_map_click(payload: Mapping[str, Any] | None, index: MapClickIndex) -> MapClick | None:
    """The place st_folium reports as clicked, or None for a click on nothing we drew.

    Uses ``last_object_clicked_tooltip`` (place name and role) and ``last_object_clicked`` (a
    marker's exact lat/lng; for a shaded area, where the pointer was) to break ties.
    """
    if not payload:
        return None
    point = _latlng(payload.get("last_object_clicked"))
    tooltip = payload.get("last_object_clicked_tooltip")
    candidates = index.get(squash_whitespace(tooltip)) if isinstance(tooltip, str) else None
    if candidates:
        if point is None or len(candidates) == 1:
            return candidates[0]
        return min(candidates, key=lambda c: _distance2(c, point))
    if point is None:
        return None
    for clicks in index.values():
        for click in clicks:
            if _distance2(click, point) < 1e-12:
                return click
    return None


@dataclass(frozen=True, slots=True)
class TileSource:
    """A tile server the map can draw over its offline borders (which stay beneath the tiles, so
    a server that cannot be reached leaves the offline map, not a grey square)."""

    url: str  # with {z}, {x} and {y}
    attribution: str  # HTML: our own constant, or escaped text
    max_zoom: int = 18

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


OSM_TILES = TileSource(
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    19,
)


def tile_source(environ: Mapping[str, str] = os.environ) -> TileSource:
    """OpenStreetMap, or the server named by ``DIPLOMAP_TILE_URL`` (an in-house one, air-gapped)
    with ``DIPLOMAP_TILE_ATTRIBUTION`` (plain text) and ``DIPLOMAP_TILE_MAX_ZOOM``."""
    url = environ.get("DIPLOMAP_TILE_URL", "").strip()
    if not url:
        return OSM_TILES
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not all(k in url for k in _TILE_KEYS):
        raise MapError(f"DIPLOMAP_TILE_URL must be an http(s) URL with {{z}}, {{x}} and {{y}}, not {url!r}.")
    attribution = environ.get("DIPLOMAP_TILE_ATTRIBUTION", "").strip() or f"Tiles: {parts.netloc}"
    zoom = environ.get("DIPLOMAP_TILE_MAX_ZOOM", "18").strip()
    if not zoom.isdigit() or not 1 <= int(zoom) <= 22:
        raise MapError(f"DIPLOMAP_TILE_MAX_ZOOM must be a whole number from 1 to 22, not {zoom!r}.")
    return TileSource(url, html.escape(attribution), int(zoom))


_TILE_KEYS = ("{z}", "{x}", "{y}")


def build_map(
    events: Sequence[PlaceEvent], *, tiles: TileSource | None = None, static_url: str = "/app/static"
) -> folium.Map:
    """A map for a Streamlit page, popup texts inline, loading Leaflet from ``{static_url}/vendor``."""
    return _linked(_assemble(group_events(events), tiles=tiles), static_url)


def build_app_map(
    events: Sequence[PlaceEvent], *, tiles: TileSource | None = None, static_url: str = "/app/static"
) -> AppMap:
    """The app's map: a small element that fetches its markers, borders and popup texts from
    ``{static_url}/cache/<file.name>`` (``publish`` the files first)."""
    markers = group_events(events)
    key = _map_key()
    drawing = MapFile.of(drawing_json(markers), "markers", key=key)
    borders = MapFile.of(borders_json(), "borders", key=key)
    names = _names_file()
    popups = tuple(MapFile.of(text, key=key) for text in popup_shards(markers))
    base = f"{static_url.rstrip('/')}/{MAP_FILE_DIR.name}"
    urls = MapFileUrls(
        f"{base}/{drawing.name}",
        f"{base}/{borders.name}",
        tuple(f"{base}/{p.name}" for p in popups),
        f"{base}/{names.name}",
    )
    files = (drawing, borders, names, *popups)
    return AppMap(_linked(_assemble(markers, tiles=tiles, files=urls), static_url), files)


def build_archive_map(
    points: Points, *, tiles: TileSource | None = None, static_url: str = "/app/static"
) -> AppMap:
    """The app's map of a large store: points clustered on the server (``diplomap.archive``),
    fetched a view at a time from ``{static_url}/cache/tiles-…/`` (``publish_tiles`` them first)."""
    key = _map_key()
    tileset = cluster_tiles(points)
    name = tileset.name(key)
    borders = MapFile.of(borders_json(), "borders", key=key)
    names = _names_file()
    base = f"{static_url.rstrip('/')}/{MAP_FILE_DIR.name}"
    urls = MapFileUrls("", f"{base}/{borders.name}", (), f"{base}/{names.name}")
    spec = manifest(points, tileset, f"{base}/{name}")
    m = _assemble((), tiles=tiles, files=urls, archive=spec)
    return AppMap(_linked(m, static_url), (borders, names), tileset, name)


@functools.cache
def _map_key() -> bytes:
    return naming_key(MAP_KEY_FILE)


@functools.cache
def _names_file() -> MapFile:
    """The place names as a map file: the same bytes (and name) for every map of this process."""
    return MapFile.of(script_safe_json(json.loads(place_names_json())), "names", key=_map_key())


def _linked(m: folium.Map, static_url: str) -> folium.Map:
    base = static_url.rstrip("/")
    # Leaflet and MarkerCluster as one file (scripts/install_frontend.sh joins them): st_folium
    # loads scripts one after another, so a second file is a second round trip.
    m.default_js = [("leaflet", f"{base}/vendor/{_VENDOR_BUNDLE}")]
    m.default_css = [("leaflet_css", f"{base}/vendor/{_VENDOR_CSS[0]}")]
    layer = _layer_of(m)
    layer.default_js = []
    layer.default_css = [("markercluster_css", f"{base}/vendor/{_VENDOR_CSS[1]}")]
    return m


def map_html(
    events: Sequence[PlaceEvent],
    *,
    tiles: TileSource | None = None,
    vendor_dir: Path = VENDOR_DIR,
    title: str = "diplomap",
    caption: str = "",
) -> str:
    """The map as one standalone HTML file: Leaflet and popup texts inlined, so it works from disk.
    ``title`` names the page and heads a box on the map that shows ``caption`` (the filters used)."""
    m = _assemble(group_events(events), tiles=tiles, heading=(title, caption))
    m.default_js, m.default_css = [], []
    figure = m.get_root()
    assert isinstance(figure, Figure)
    figure.header.add_child(RawHtml(f"<title>{html.escape(title)}</title>"), name="diplomap_title")
    figure.header.add_child(RawHtml(_inline_vendor(vendor_dir)), name="diplomap_vendor")
    return figure.render()


def _assemble(
    markers: Sequence[PlaceMarker],
    *,
    tiles: TileSource | None,
    files: MapFileUrls | None = None,
    heading: tuple[str, str] | None = None,
    archive: Mapping[str, Any] | None = None,
) -> folium.Map:
    max_zoom = tiles.max_zoom if tiles else 12
    m = folium.Map(location=(30.0, 65.0), zoom_start=3, tiles=None, min_zoom=2, control_scale=True)
    if tiles:
        folium.TileLayer(tiles.url, attr=tiles.attribution, max_zoom=max_zoom, control=False).add_to(m)
    # folium only hands max_zoom to a tile layer; MarkerCluster needs it on the map itself.
    m.options["max_zoom"] = max_zoom
    m.options["min_zoom"] = 2
    if markers:
        lats = [mk.lat for mk in markers]
        lons = [mk.lon for mk in markers]
        m.location = [(min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2]
    elif archive and archive.get("bounds"):
        (south, west), (north, east) = archive["bounds"]
        m.location = [(south + north) / 2, (west + east) / 2]
    DiplomapLayers(markers, files=files, heading=heading, archive=archive).add_to(m)
    return m


def _layer_of(m: folium.Map) -> DiplomapLayers:
    return next(child for child in m._children.values() if isinstance(child, DiplomapLayers))


def _inline_vendor(vendor_dir: Path) -> str:
    try:
        css = [
            _inline_css_images((vendor_dir / p).read_text(encoding="utf-8"), (vendor_dir / p).parent)
            for p in _VENDOR_CSS
        ]
        js = [(vendor_dir / p).read_text(encoding="utf-8") for p in _VENDOR_JS]
    except FileNotFoundError as exc:
        raise MapAssetsMissing(f"{exc.filename} is missing: run scripts/install_frontend.sh") from exc
    if any("</style" in text.lower() for text in css) or any(closes_script(text) for text in js):
        raise MapAssetsMissing("a vendor file contains a closing tag and cannot be inlined")
    blocks = [f"<style>{text}</style>" for text in css] + [f"<script>{text}</script>" for text in js]
    return "\n".join(blocks)


def _inline_css_images(css: str, folder: Path) -> str:
    def data_uri(match: re.Match[str]) -> str:
        path = folder / match.group(1)
        if not path.is_file():
            return match.group(0)
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)


def _latlng(value: Any) -> tuple[float, float] | None:
    if not isinstance(value, Mapping):
        return None
    try:
        lat, lon = float(value["lat"]), float(value["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    return (lat, lon) if is_valid_point(lat, lon) else None


def _distance2(click: MapClick, point: tuple[float, float]) -> float:
    return (click.lat - point[0]) ** 2 + (click.lon - point[1]) ** 2
