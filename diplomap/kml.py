"""The events as KML for Google Earth, QGIS and the like: one Placemark per event, a folder per role.

One Placemark per event rather than per place, because each event has its own date, role, status,
sentence and article: a ``<TimeStamp>`` each is what lets Google Earth's time slider replay them,
and it matches the CSV and GeoJSON exports row for row. Several reports at one place then sit on
one point, which Google Earth spreads out when clicked.

Untrusted text is never concatenated into markup: the tree is built with ``xml.etree`` (which
escapes for XML), and the description, which KML readers show as HTML, is HTML-escaped first,
so a sentence holding ``<script>`` reads as those characters. Only a safe http(s) URL
(``extraction.urls.safe_url``) becomes a link.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from diplomap.events import PlaceEvent
from diplomap.mapjs import ROLE_LABELS, is_valid_point
from extraction.urls import safe_url

KML_NS = "http://www.opengis.net/kml/2.2"
MIME_TYPE = "application/vnd.google-earth.kml+xml"
# KML colours are aabbggrr; close to the map's legend.
ROLE_COLOURS = {
    "diplomatic_post": "ffc0762a",
    "meeting": "ff3c9e2e",
    "conflict": "ff2b39c0",
    "mention": "ff8d8d8d",
}
EXTENDED_FIELDS = (
    "role", "status", "post_type", "owner", "participants", "when", "published", "article_title",
    "mention_text", "place_key", "country_code", "confidence", "source_url",
)  # fmt: skip
# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def events_kml(events: Iterable[PlaceEvent], *, name: str = "diplomap events") -> str:
    """The events as a KML document (UTF-8 text); events without a usable point are left out."""
    root = ET.Element("kml", xmlns=KML_NS)
    document = ET.SubElement(root, "Document")
    _text(document, "name", name)
    for role, colour in ROLE_COLOURS.items():
        style = ET.SubElement(document, "Style", id=role)
        _text(ET.SubElement(style, "IconStyle"), "color", colour)
    folders: dict[str, ET.Element] = {}
    for event in events:
        if not is_valid_point(event.lat, event.lon):
            continue
        role = event.role if event.role in ROLE_COLOURS else "mention"
        if role not in folders:
            folders[role] = ET.SubElement(document, "Folder")
            _text(folders[role], "name", ROLE_LABELS[role])
        folders[role].append(placemark(event))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def placemark(event: PlaceEvent) -> ET.Element:
    """One event: place name, date, the sentence (with its article and source link) and its fields."""
    mark = ET.Element("Placemark")
    _text(mark, "name", event.place_name)
    if event.published:
        _text(ET.SubElement(mark, "TimeStamp"), "when", event.published[:10])
    role = event.role if event.role in ROLE_COLOURS else "mention"
    _text(mark, "styleUrl", f"#{role}")
    _text(mark, "description", description_html(event))
    data = ET.SubElement(mark, "ExtendedData")
    for field in EXTENDED_FIELDS:
        value = getattr(event, field)
        if field == "participants":
            value = "; ".join(value)
        if value not in (None, "", ()):
            item = ET.SubElement(data, "Data", name=field)
            _text(item, "value", str(value))
    point = ET.SubElement(mark, "Point")
    _text(point, "coordinates", f"{event.lon!r},{event.lat!r}")  # KML is longitude first
    return mark


def description_html(event: PlaceEvent) -> str:
    """What a KML reader shows in the balloon, as HTML in which every piece of article text is escaped."""
    status = f" · {event.status.replace('_', ' ')}" if event.status else ""
    parts = [
        f"<p><b>{_escape(ROLE_LABELS.get(event.role, event.role))}</b>{_escape(status)}</p>",
        f"<blockquote>{_escape(event.sentence)}</blockquote>",
        f"<p>{_escape(event.article_title)} ({_escape((event.published or '')[:10] or 'undated')})</p>",
    ]
    url = safe_url(event.source_url)
    if url:
        parts.append(f'<p><a href="{_escape(url)}">source</a></p>')
    return "".join(parts)


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = _NOT_XML.sub("", text)
    return child
