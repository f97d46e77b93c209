"""A located event: what the store keeps and the map draws. Plain values only."""

from __future__ import annotations

from dataclasses import dataclass, field

# How post types (extraction.roles: PlaceEvent.post_type) read in popups, the panel and exports.
POST_TYPE_LABELS = {
    "embassy": "Embassy",
    "consulate": "Consulate",
    "consulate_general": "Consulate general",
    "high_commission": "High commission",
    "mission": "Mission",
    "residence": "Residence",
}

# How PlaceEvent.placed reads: why the point is not where the text put it.
PLACED_NOTES = {"capital": "shown at its capital: no city named"}
WITHIN_PLACED = "within:"  # + the place it is shown beside (diplomap.within)
LISTED_PLACED = "listed:"  # + the place of the same list it is shown beside (diplomap.within)
SEAT_PLACED = "seat:"  # + the town a district is named after, where it is shown (diplomap.within)


_APPROXIMATE_NOTES = {
    WITHIN_PLACED: "not in the gazetteer: shown beside {}, where the article puts it",
    LISTED_PLACED: "not in the gazetteer: shown beside {}, named with it in the article",
    SEAT_PLACED: "not in the gazetteer: shown at {}, the town it is named after",
}


def placed_note(placed: str) -> str | None:
    """The popup's and panel's words for ``PlaceEvent.placed`` (plain text: escape it to show it)."""
    for prefix, note in _APPROXIMATE_NOTES.items():
        if placed.startswith(prefix):
            return note.format(placed[len(prefix) :])
    return PLACED_NOTES.get(placed)


@dataclass(frozen=True, slots=True)
class PlaceEvent:
    """One role of one place in one article, placed on the map."""

    article_id: int
    article_title: str
    published: str | None  # ISO date of the article
    place_name: str  # the canonical gazetteer name ("Mazar-e Sharif")
    mention_text: str  # as the article wrote it ("Mazar-e-Sharif")
    place_key: str  # stable id of the place: "gn:1138336" or "name:<normalised>"
    lat: float
    lon: float
    kind: str  # PlaceKind value: country | region | district | city | area | continent
    country_code: str
    role: str  # Role value
    sentence: str  # the evidence sentence
    mention_start: int  # offsets of the mention inside ``sentence`` (for highlighting)
    mention_end: int
    confidence: float
    post_type: str | None = None
    owner: str | None = None
    status: str | None = None
    participants: tuple[str, ...] = field(default_factory=tuple)
    when: str | None = None
    when_precision: str | None = None
    geonameid: int | None = None
    placed: str = ""  # how the point was chosen when the text gave none: "capital" (a post "in <country>"),
    # "within:<place>" (a name the gazetteer lacks, shown beside the place the text puts it in),
    # "listed:<place>" (such a name shown beside a place of the list it is named in), "seat:<town>"
    # (a district the gazetteer lacks, shown at the town it is named after)
    source_url: str = ""  # the article's http(s) address, when its file gave one (extraction.urls)
    event_id: int = 0  # row id once stored


def reported_on(event: PlaceEvent) -> str:
    """When the event was: the date its sentence gives, else its article's, else "" (undated)."""
    return event.when or event.published or ""
