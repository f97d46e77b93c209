"""The browser half of the map: events as one inert JSON array, and the element that runs our JS.

Markers are not folium objects. Events are grouped into one entry per (role, place_key), the
entries are serialised into one JSON array inside a single MacroElement, and our own JavaScript
(``static_src/diplomap-layer.js``) builds markers, popups and tooltips with DOM text APIs only.

A marker entry holds what drawing needs (place key, role, name, lat/lon, icon class, counts); the
popup texts (titles, dates, details, sentences split at the mention) are ``popup_texts``, one per
marker in the same order. They go inline into the entries (the standalone export), or into JSON
files of a few hundred markers each that the map fetches when one of their popups opens (the app,
which also fetches the markers themselves: see ``diplomap.mapfiles``).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from folium.template import Template

from diplomap import basemap
from diplomap.events import POST_TYPE_LABELS, PlaceEvent, placed_note
from diplomap.placenames import place_names_json
from extraction.role_model import UNCERTAIN_BELOW
from extraction.urls import safe_url

ROLE_LABELS: Mapping[str, str] = {
    "diplomatic_post": "Diplomatic post",
    "meeting": "Meeting",
    "conflict": "Conflict area",
    "mention": "Mention",
}
# Marker colour buckets; the colours themselves live in the JS legend.
STATUS_BUCKETS: Mapping[str, str] = {
    "operating": "ok",
    "opened": "ok",
    "at_risk": "risk",
    "attacked": "risk",
    "evacuated": "closed",
    "closed": "closed",
    "unstaffed": "unstaffed",
}
# Radius of a shaded conflict circle by place kind, in metres.
CONFLICT_RADIUS_M: Mapping[str, float] = {
    "continent": 1_000_000,
    "country": 300_000,
    "region": 150_000,
    "area": 250_000,
    "district": 40_000,
    "city": 15_000,
}
# Conflict areas this wide are shaded by how much was reported there, and a country-wide one is
# drawn only while no place inside that country has a conflict role of its own.
WIDE_KINDS = frozenset({"continent", "country", "region", "area"})
SHADE_ONE, SHADE_STEP, SHADE_MAX = 0.08, 0.09, 0.5  # 1 report 0.08, 4 reports 0.26, 16 or more 0.44+
INTENSITY_ROLES = ("conflict", "meeting", "diplomatic_post")
POPUP_EVENTS = 5
POPUP_SHARD_MIN = 500  # markers per popup file (~160 KB of texts)...
POPUP_SHARDS_MAX = 50  # ...unless a map would need more files than this
_SRC_DIR = Path(__file__).resolve().parent / "static_src"


@dataclass(frozen=True, slots=True)
class PlaceMarker:
    """Everything the map shows for one place in one role; ``events`` newest first."""

    place_key: str
    role: str
    place_name: str
    lat: float
    lon: float
    events: tuple[PlaceEvent, ...]

    @property
    def tooltip(self) -> str:
        """The hover text, which st_folium also returns as ``last_object_clicked_tooltip``."""
        return squash_whitespace(f"{self.place_name} · {ROLE_LABELS.get(self.role, self.role)}")


def group_events(events: Iterable[PlaceEvent]) -> list[PlaceMarker]:
    """One marker per (role, place_key); events without usable coordinates are left out."""
    groups: dict[tuple[str, str], list[PlaceEvent]] = {}
    for event in events:
        if is_valid_point(event.lat, event.lon):
            role = event.role if event.role in ROLE_LABELS else "mention"
            groups.setdefault((role, event.place_key), []).append(event)
    markers = []
    for (role, place_key), group in groups.items():
        group.sort(key=lambda e: (e.published or "", e.event_id), reverse=True)
        newest = group[0]
        # Six decimals (~0.1 m) keep the payload short; the click reports these exact values.
        lat, lon = round(newest.lat, 6), round(newest.lon, 6)
        markers.append(PlaceMarker(place_key, role, newest.place_name, lat, lon, tuple(group)))
    return markers


def script_safe_json(value: Any) -> str:
    """JSON that stays data inside <script>, a JS string or template literal, and Jinja.

    ``<``, ``>``, ``&``, quotes, backtick, ``$``, U+2028/9 and Jinja's opening delimiters are
    written as \\uXXXX escapes. Outside strings compact JSON has none of these characters (and a
    ``{`` is followed only by ``"`` or ``}``), so every replacement lands inside a string.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in "<>&'`$\u2028\u2029":  # str.replace runs at C speed: 6 MB in milliseconds
        text = text.replace(char, f"\\u{ord(char):04x}")
    for pair in ("{{", "{%", "{#"):
        while pair in text:  # "{{{" needs a second pass
            text = text.replace(pair, "\\u007b" + pair[1])
    return text


class RawHtml(Element):
    """Markup that is output as is: never compiled as a Jinja template."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self._markup = markup

    def render(self, **kwargs: Any) -> str:
        return self._markup


class DiplomapLayers(JSCSSMixin):
    """The role layers, legend and layer control; data goes in as one escaped JSON literal.

    ``render`` is overridden because branca's MacroElement.render wraps each rendered macro in a
    new ``Element(template)``, i.e. compiles it as Jinja a second time: ``{{ ... }}`` in article
    text would then be evaluated on the server.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.library }}
        DiplomapLayer.render({{ this._parent.get_name() }},
            /*diplomap-data*/{{ this.data_json }}/*end-diplomap-data*/,
            {{ this.borders_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        markers: Sequence[PlaceMarker],
        *,
        files: MapFileUrls | None = None,
        heading: tuple[str, str] | None = None,
        archive: Mapping[str, Any] | None = None,
    ) -> None:
        """Everything inline (the standalone export), or only what starts the map, with ``files``
        (the app): markers, borders and popup texts are then fetched from those URLs; with
        ``archive`` too (``diplomap.archive.manifest``), the map fetches clustered tiles instead."""
        super().__init__()
        self._name = "DiplomapLayers"
        self.default_js: list[tuple[str, str]] = []
        self.default_css: list[tuple[str, str]] = []
        self.css = _source_file("diplomap-layer.css")
        self.library = _source_file("diplomap-layer.js")
        if files is None:
            payload = _inline_payload(markers)
            if heading:
                payload["heading"] = list(heading)  # drawn with textContent, like every text
            self.data_json = script_safe_json(payload)
            self.borders_json = borders_json()
        elif archive is not None:
            self.data_json = script_safe_json(_archive_payload(archive, files))
            self.borders_json = "null"
        else:
            self.data_json = script_safe_json(_linked_payload(markers, files))
            self.borders_json = "null"

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure), "DiplomapLayers must be inside a Figure to render"
        for name, url in self.default_js:
            figure.header.add_child(RawHtml(f'<script src="{url}"></script>'), name=name)
        for name, url in self.default_css:
            figure.header.add_child(RawHtml(f'<link rel="stylesheet" href="{url}"/>'), name=name)
        module = self._template.module
        figure.header.add_child(RawHtml(module.header(self, kwargs)), name=self.get_name())
        figure.script.add_child(RawHtml(module.script(self, kwargs)), name=self.get_name())
        return ""


def popup_shard_size(n_markers: int) -> int:
    """Markers per popup file: small files (one is fetched per first click), at most ~50 per map."""
    return max(POPUP_SHARD_MIN, -(-n_markers // POPUP_SHARDS_MAX))


def popup_shards(markers: Sequence[PlaceMarker]) -> list[str]:
    """The popup texts of ``markers`` as the JSON files the app's map fetches, escaped like the map:
    ``{"first": index of its first marker, "popups": [...]}``, ``popup_shard_size`` markers each."""
    per = popup_shard_size(len(markers))
    return [
        script_safe_json({"first": first, "popups": [popup_texts(m) for m in markers[first : first + per]]})
        for first in range(0, len(markers), per)
    ]


def popup_texts(marker: PlaceMarker) -> dict[str, Any]:
    """What a popup lists: the newest events (title, details, sentence, the article's address when
    it is a safe http(s) URL) and how many more there are."""
    shown = marker.events[:POPUP_EVENTS]
    return {"ev": [_event_texts(e) for e in shown], "more": len(marker.events) - len(shown)}


def _event_texts(event: PlaceEvent) -> dict[str, Any]:
    texts: dict[str, Any] = {"t": event.article_title, "m": _event_meta(event), "s": _sentence_parts(event)}
    url = safe_url(event.source_url)  # checked again: a store may predate the reader's check
    if url:
        texts["u"] = url  # the JS sets it as the link's href property, never as markup
    return texts


@dataclass(frozen=True, slots=True)
class MapFileUrls:
    """Where the app's map fetches what the standalone map carries inline."""

    markers: str  # drawing_json
    borders: str  # borders_json (beneath the tiles when there are tiles)
    popups: tuple[str, ...]  # popup_shards, in order
    names: str = ""  # placenames.place_names_json; "" draws no place names


def drawing_json(markers: Sequence[PlaceMarker]) -> str:
    """What drawing the markers needs, as the JSON file the app's map fetches: ``{"markers", "shapes"}``."""
    return script_safe_json(_drawing(markers, with_popups=False))


def _inline_payload(markers: Sequence[PlaceMarker]) -> dict[str, Any]:
    # The JS shows "<n> · <labels[r]>" as the tooltip: the text PlaceMarker.tooltip indexes.
    return {
        "labels": dict(ROLE_LABELS),
        "bounds": _bounds(markers),
        "names": json.loads(place_names_json()),
        **_drawing(markers, with_popups=True),
    }


def _linked_payload(markers: Sequence[PlaceMarker], files: MapFileUrls) -> dict[str, Any]:
    return {
        "labels": dict(ROLE_LABELS),
        "bounds": _bounds(markers),
        "count": len(markers),
        "data": files.markers,
        "borders": files.borders,
        "names": files.names,
        "popups": {"per": popup_shard_size(len(markers)), "urls": list(files.popups)},
        # A filter or an upload replaces the app's map: it keeps where the person had moved it.
        "keepView": True,
    }


def _archive_payload(archive: Mapping[str, Any], files: MapFileUrls) -> dict[str, Any]:
    return {
        "labels": dict(ROLE_LABELS),
        "bounds": archive.get("bounds"),
        "archive": dict(archive),
        "borders": files.borders,
        "names": files.names,
        "keepView": True,
    }


def _drawing(markers: Sequence[PlaceMarker], *, with_popups: bool) -> dict[str, Any]:
    precise = {
        (m.events[0].country_code or "").upper()
        for m in markers
        if m.role == "conflict" and m.events[0].kind not in WIDE_KINDS
    }
    entries = [_entry(marker, precise) for marker in markers]
    if with_popups:
        for entry, marker in zip(entries, markers, strict=True):
            entry.update(popup_texts(marker))
    codes = {entry["shape"] for entry in entries if entry.get("shape")}
    return {
        "markers": entries,
        "shapes": {code: basemap.country_geometry(code) for code in sorted(codes)},
        "intensity": intensity(markers),
    }


def intensity(markers: Iterable[PlaceMarker]) -> dict[str, dict[str, int]]:
    """Reports per country (ISO alpha-2) for each role the map can shade countries by."""
    counts: dict[str, dict[str, int]] = {role: {} for role in INTENSITY_ROLES}
    for marker in markers:
        if marker.role in counts:
            for event in marker.events:
                code = (event.country_code or "").upper()
                if len(code) == 2:
                    counts[marker.role][code] = counts[marker.role].get(code, 0) + 1
    return counts


def conflict_shade(reports: int) -> float:
    """The fill opacity of a wide conflict area: faint for one report, strong for many."""
    return round(min(SHADE_MAX, SHADE_ONE + SHADE_STEP * math.log2(max(reports, 1))), 2)


def _bounds(markers: Sequence[PlaceMarker]) -> list[list[float]] | None:
    if not markers:
        return None
    lats, lons = [m.lat for m in markers], [m.lon for m in markers]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _entry(marker: PlaceMarker, precise: set[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "k": marker.place_key,
        "r": marker.role,
        "n": marker.place_name,
        "la": marker.lat,
        "lo": marker.lon,
        "cnt": len(marker.events),
    }
    days = event_days(marker.events)
    if days:
        entry["d"] = days  # the time window shows the marker while one of these days is in it
    if marker.role != "mention":
        sure = max(e.confidence for e in marker.events)
        entry["p"] = round(sure, 2)
        if sure < UNCERTAIN_BELOW:
            entry["u"] = 1  # drawn faded, with a dashed outline
    if marker.role == "diplomatic_post":
        entry["pt"] = next((e.post_type for e in marker.events if e.post_type), None)
        status = next((e.status for e in marker.events if e.status), None)
        entry["st"] = STATUS_BUCKETS.get(status or "", "unknown")
        changes = status_days(marker.events)
        if len({bucket for _, bucket in changes}) > 1:
            entry["sd"] = changes  # the time window colours the post by its status as of its last day
    elif marker.role == "conflict":
        first = marker.events[0]
        if first.kind == "country" and (first.country_code or "").upper() in precise:
            entry["pin"] = 1  # places inside the country are known: they are the areas drawn
        else:
            entry.update(_conflict_shape(first))
            if first.kind in WIDE_KINDS:
                entry["fo"] = conflict_shade(len(marker.events))
    return entry


_EPOCH = date(1970, 1, 1)


def event_days(events: Iterable[PlaceEvent]) -> list[int]:
    """The day (since 1970-01-01) of each event's article, in order (a day twice for two reports on
    it: the time window counts reports); undated ones left out."""
    return sorted(day for day in map(_article_day, events) if day is not None)


def _article_day(event: PlaceEvent) -> int | None:
    """The event's article date as days since 1970-01-01, or None when undated (or unreadable)."""
    if not event.published:
        return None
    try:
        return (date.fromisoformat(event.published[:10]) - _EPOCH).days
    except ValueError:
        return None


def status_days(events: Iterable[PlaceEvent]) -> list[list[Any]]:
    """[day, status colour] of each dated report of a post's status, in date order, repeats dropped:
    what the map colours the post with as of a day of the time window."""
    dated = [
        (day, event.event_id, STATUS_BUCKETS.get(event.status, "unknown"))
        for event in events
        if event.status and (day := _article_day(event)) is not None
    ]
    changes: list[list[Any]] = []
    for day, _, bucket in sorted(dated):
        if not changes or changes[-1][1] != bucket:
            changes.append([day, bucket])
    return changes


def _conflict_shape(event: PlaceEvent) -> dict[str, Any]:
    code = (event.country_code or "").upper()
    if event.kind == "country" and basemap.country_geometry(code) is not None:
        return {"shape": code}
    radius = CONFLICT_RADIUS_M.get(event.kind, 100_000)
    country = basemap.countries().get(code)
    if event.kind == "country" and country and country.area_km2:
        # No shape shipped for this country: a circle of about its area.
        radius = min(max(math.sqrt(country.area_km2 / math.pi) * 1000, 30_000), 1_200_000)
    return {"rad": radius}


def _event_meta(event: PlaceEvent) -> str:
    parts = [(event.published or "")[:10] or "undated"]
    if event.role == "diplomatic_post":
        post = POST_TYPE_LABELS.get(event.post_type or "", "Diplomatic post")
        owner = basemap.countries().get(event.owner.upper()) if event.owner else None
        parts.append(f"{post} of {owner.name if owner else event.owner}" if event.owner else post)
        if event.status:
            parts.append(f"status: {event.status.replace('_', ' ')}")
    elif event.role == "meeting":
        if event.participants:
            parts.append("participants: " + ", ".join(event.participants))
        if event.when:
            precision = f" ({event.when_precision})" if event.when_precision else ""
            parts.append(f"when: {event.when}{precision}")
    elif event.role == "conflict":
        parts.append(f"area: {event.kind}")
    if event.role != "mention":
        doubt = " (uncertain)" if event.confidence < UNCERTAIN_BELOW else ""
        parts.append(f"how sure: {event.confidence:.0%}{doubt}")
    if (note := placed_note(event.placed)) is not None:
        parts.append(note)
    return " · ".join(parts)


def _sentence_parts(event: PlaceEvent) -> list[str]:
    """(before, mention, after), split in Python: JS would count the offsets in UTF-16 units."""
    text, start, end = event.sentence, event.mention_start, event.mention_end
    if 0 <= start < end <= len(text):
        return [text[:start], text[start:end], text[end:]]
    return [text, "", ""]


@functools.cache
def borders_json() -> str:
    """The country borders of the vector base map, escaped like the map's data."""
    return script_safe_json(json.loads(basemap.borders_json()))


@functools.cache
def _source_file(name: str) -> str:
    text = (_SRC_DIR / name).read_text(encoding="utf-8")
    # Our own files, but they end up inside <script>/<style> and pass through Jinja macros.
    if closes_script(text) or "</style" in text.lower() or "{{" in text or "{%" in text:
        raise ValueError(f"{name} contains a closing tag or a Jinja delimiter")
    return text


def closes_script(text: str) -> bool:
    """True when text inlined in a <script> element would end it early or confuse the parser."""
    lowered = text.lower()
    return "</script" in lowered or "<!--" in lowered


def is_valid_point(lat: float, lon: float) -> bool:
    """A finite latitude/longitude pair inside the usual ranges."""
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180


def squash_whitespace(text: str) -> str:
    """Runs of whitespace as one space, trimmed: tooltips compare equal however they were spaced."""
    return " ".join(text.split())
