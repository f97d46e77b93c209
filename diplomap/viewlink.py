"""A shared view as URL query parameters, and back: the filters, the time window and the map's view.

Reading is strict: a parameter is taken only when every part of it names something this app
offers (a role, a status, a country that occurs in the events, a stored article, an ISO date, a
point and zoom in range); anything else is left out and named in the note, by parameter, never by
the value (a link's values are someone else's text). Nothing here imports Streamlit.

``show=meeting,conflict&country=AF&from=2024-01-01&to=2024-03-31&view=34.5,69.2,6`` — a
default filter writes no parameter, so the plain address is the default view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

MAX_VALUE_CHARS = 2_000  # one parameter's text; a longer value is refused unread
MAX_ITEMS = 100  # choices named by one parameter
MAX_SEARCH_CHARS = 200
MAX_ZOOM = 19.0
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"-?\d{1,3}(\.\d{1,8})?")
_ARTICLE_ID = re.compile(r"\d{1,12}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Parameter names, and the order they are written in.
PARAMS = (
    "show", "status", "posts", "country", "who", "article", "from", "to", "q",
    "uncertain", "undated", "view", "time",
)  # fmt: skip
TIME_WIDTHS = (1, 7, 30)  # the map's time window: a day, a week, a month
IGNORED_SILENTLY = frozenset({"embed", "embed_options"})  # Streamlit's own


@dataclass(frozen=True, slots=True)
class MapView:
    """Where the map looks: centre and zoom, checked to lie in range."""

    lat: float
    lon: float
    zoom: float

    def __post_init__(self) -> None:
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180 and 0 <= self.zoom <= MAX_ZOOM):
            raise ValueError(f"map view out of range: {self.lat}, {self.lon}, {self.zoom}")

    @property
    def param(self) -> str:
        """``lat,lon,zoom`` as the map's script writes it (5 decimals: about a metre)."""
        return ",".join(_number(v, 5) for v in (self.lat, self.lon)) + "," + _number(self.zoom, 2)


@dataclass(frozen=True, slots=True)
class Choices:
    """What a link may name: the app's roles and statuses, the countries, owners and articles stored."""

    roles: tuple[str, ...]
    default_roles: tuple[str, ...]
    statuses: tuple[str, ...]
    countries: frozenset[str]
    owners: frozenset[str]
    article_ids: frozenset[int]
    actors: frozenset[str] = frozenset()  # who took part in meetings (the "Who met" filter's choices)


@dataclass(frozen=True, slots=True)
class SharedView:
    """The filters and map view a link holds; the defaults are the app's first view."""

    roles: tuple[str, ...] | None = None  # None: the default roles
    statuses: tuple[str, ...] = ()  # (): any
    owners: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    article_ids: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    uncertain: bool = True
    undated: bool = True
    view: MapView | None = None
    actors: tuple[str, ...] = ()
    time: str = ""  # the map's time window, "YYYY-MM-DD,days" (its last day and width); "": all dates


@dataclass(frozen=True, slots=True)
class ParsedLink:
    """A link read: what was taken, and the names of the parameters left out (for the note)."""

    shared: SharedView
    refused: tuple[str, ...] = ()
    unknown: int = 0  # parameters this app does not have

    @property
    def note(self) -> str:
        """One plain sentence, or "" when everything was taken. Names our parameters only."""
        parts = [f"“{name}”" for name in self.refused]
        if self.unknown:
            parts.append(f"{self.unknown} unknown parameter{'s' if self.unknown != 1 else ''}")
        if not parts:
            return ""
        return "Parts of this link were not understood and were left out: " + ", ".join(parts) + "."


@dataclass
class _Reader:
    params: Mapping[str, Sequence[str]]
    choices: Choices
    refused: list[str] = field(default_factory=list)

    def text(self, name: str) -> str | None:
        """The parameter's value (repeated values joined by commas), or None when absent or too long."""
        values = self.params.get(name)
        if not values:
            return None
        joined = ",".join(str(v) for v in values)
        if len(joined) > MAX_VALUE_CHARS:
            self.refused.append(name)
            return None
        return joined

    def pick(self, name: str, allowed: Iterable[str], *, upper: bool = False) -> tuple[str, ...] | None:
        """Known choices named in a comma list; "" is no choice at all. Any unknown part is refused
        (and left out); when no part is known the parameter counts as absent."""
        text = self.text(name)
        if text is None:
            return None
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if not parts:
            return ()
        offered = set(allowed)
        taken = list(dict.fromkeys(p.upper() if upper else p for p in parts[:MAX_ITEMS]))
        known = tuple(p for p in taken if p in offered)
        if len(known) != len(parts):
            self.refused.append(name)
        return known or None

    def day(self, name: str) -> date | None:
        text = self.text(name)
        if text is None:
            return None
        try:
            if _ISO_DATE.fullmatch(text.strip()):
                return date.fromisoformat(text.strip())
        except ValueError:
            pass
        self.refused.append(name)
        return None

    def switch(self, name: str) -> bool:
        """An on/off setting whose default is on: ``0`` turns it off."""
        text = self.text(name)
        if text is None or text.strip() in ("1", "true"):
            return True
        if text.strip() in ("0", "false"):
            return False
        self.refused.append(name)
        return True


def parse_link(params: Mapping[str, Sequence[str]], choices: Choices) -> ParsedLink:
    """The view a link's query parameters (name -> values, as ``st.query_params.get_all``) hold.
    Never raises; nothing outside ``choices`` and the checked ranges comes through."""
    read = _Reader(params, choices)
    roles = read.pick("show", choices.roles)
    articles = read.pick("article", (str(i) for i in choices.article_ids))
    date_from, date_to = read.day("from"), read.day("to")
    if date_from and date_to and date_from > date_to:
        read.refused.extend(("from", "to"))
        date_from = date_to = None
    if roles is not None:
        roles = tuple(r for r in choices.roles if r in roles)
    shared = SharedView(
        roles=None if roles is None or set(roles) == set(choices.default_roles) else roles,
        statuses=read.pick("status", choices.statuses) or (),
        owners=read.pick("posts", choices.owners, upper=True) or (),
        countries=read.pick("country", choices.countries, upper=True) or (),
        article_ids=tuple(int(a) for a in articles or () if _ARTICLE_ID.fullmatch(a)),
        date_from=date_from,
        date_to=date_to,
        search=_search(read),
        uncertain=read.switch("uncertain"),
        undated=read.switch("undated"),
        view=parse_view(read.text("view") or ""),
        actors=read.pick("who", choices.actors) or (),
        time=parse_time(read.text("time") or ""),
    )
    if read.text("view") is not None and shared.view is None:
        read.refused.append("view")
    if read.text("time") is not None and not shared.time:
        read.refused.append("time")
    unknown = sum(1 for name in params if name not in PARAMS and name not in IGNORED_SILENTLY)
    refused = tuple(name for name in PARAMS if name in read.refused)
    return ParsedLink(shared, refused, unknown)


def _search(read: _Reader) -> str:
    text = read.text("q")
    if text is None:
        return ""
    if len(text) > MAX_SEARCH_CHARS or _CONTROL.search(text):
        read.refused.append("q")
        return ""
    return text.strip()


def parse_view(text: str) -> MapView | None:
    """``lat,lon,zoom`` in range, or None."""
    parts = text.split(",")
    if len(parts) != 3 or not all(_NUMBER.fullmatch(p) for p in parts):
        return None
    lat, lon, zoom = (float(p) for p in parts)
    try:
        return MapView(lat, lon, zoom)
    except ValueError:
        return None


def parse_time(text: str) -> str:
    """``YYYY-MM-DD,days`` (a real day; days 1, 7 or 30) as the map writes it, else ""."""
    day, _, width = text.partition(",")
    if not (_ISO_DATE.fullmatch(day) and width.isdigit() and int(width) in TIME_WIDTHS):
        return ""
    try:
        date.fromisoformat(day)
    except ValueError:  # "2021-02-30"
        return ""
    return f"{day},{int(width)}"


def link_params(shared: SharedView) -> dict[str, str]:
    """The query parameters for ``shared``: only what differs from the default, in ``PARAMS`` order."""
    values: dict[str, str | None] = {
        "show": None if shared.roles is None else ",".join(shared.roles),
        "status": ",".join(shared.statuses) or None,
        "posts": ",".join(shared.owners) or None,
        "country": ",".join(shared.countries) or None,
        "who": ",".join(shared.actors) or None,
        "article": ",".join(str(i) for i in shared.article_ids) or None,
        "from": shared.date_from.isoformat() if shared.date_from else None,
        "to": shared.date_to.isoformat() if shared.date_to else None,
        "q": shared.search or None,
        "uncertain": None if shared.uncertain else "0",
        "undated": None if shared.undated else "0",
        "view": shared.view.param if shared.view else None,
        "time": shared.time or None,
    }
    return {name: value for name, value in values.items() if value is not None}


def _number(value: float, places: int) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
