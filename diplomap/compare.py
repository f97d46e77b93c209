"""Countries side by side over the events shown: their posts by latest status, the foreign posts
they host, meetings hosted and attended, conflict reported in them.

"Attended" counts meetings held elsewhere that name the country among the participants (as the
articles write it: "India", "the Republic of India" is matched by name only); people are not
mapped to countries. A post's latest status is the last change of its history
(``diplomap.posthistory``), so a consulate evacuated and later reopened counts as reopened.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from diplomap.events import PlaceEvent
from diplomap.posthistory import post_histories

MAX_COUNTRIES = 5


@dataclass(frozen=True, slots=True)
class CountryFigures:
    code: str
    posts_abroad: Mapping[str, int]  # latest status ("" when never stated) -> its posts abroad
    posts_hosted: int  # other countries' posts inside it (distinct place and owner)
    meetings_hosted: int  # meeting reports placed inside it
    meetings_attended: int  # meeting reports elsewhere naming it among the participants
    conflict_reports: int
    conflict_places: int


def compare(
    events: Iterable[PlaceEvent], codes: Sequence[str], names: Mapping[str, str]
) -> list[CountryFigures]:
    """The figures of each country in ``codes`` (alpha-2), in that order; ``names`` maps a code to
    the names that count as the country in a participant list (e.g. {"IN": "India"})."""
    events = list(events)
    by_place: dict[str, list[PlaceEvent]] = defaultdict(list)
    for event in events:
        if event.role == "diplomatic_post":
            by_place[event.place_key].append(event)
    posts = [(place[0].country_code, h) for place in by_place.values() for h in post_histories(place)]
    figures = []
    for code in codes:
        name = names.get(code, code).casefold()
        abroad = Counter(h.latest for where, h in posts if h.owner == code and where != code)
        inside = [e for e in events if e.country_code == code]
        conflict = [e for e in inside if e.role == "conflict"]
        attended = [
            e
            for e in events
            if e.role == "meeting"
            and e.country_code != code
            and any(p.casefold() == name for p in e.participants)
        ]
        figures.append(
            CountryFigures(
                code=code,
                posts_abroad=dict(sorted(abroad.items(), key=lambda kv: (-kv[1], kv[0]))),
                posts_hosted=sum(1 for where, h in posts if where == code and h.owner != code),
                meetings_hosted=sum(1 for e in inside if e.role == "meeting"),
                meetings_attended=len(attended),
                conflict_reports=len(conflict),
                conflict_places=len({e.place_key for e in conflict}),
            )
        )
    return figures
