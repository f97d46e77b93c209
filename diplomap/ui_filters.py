"""The sidebar's filters.

The map is the first thing the page sends (the browser starts loading its frame while the rest is
drawn), so the filter it shows is read from the widgets' state before the widgets are drawn:
``current_filter`` (last run's values, or the defaults on the first run). ``filter_section`` then
draws the widgets and returns what they show; ``app.py`` reruns in the rare case the two differ.

The page's address holds the filters too (``diplomap.viewlink``): ``open_link`` puts a shared
link's filters into the widgets' state on a session's first run, ``write_link`` writes the filters
shown back into the address on every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

import streamlit as st

from diplomap import service, viewlink
from diplomap.actors import folded_counts
from diplomap.service import ROLES, EventFilter
from diplomap.store import Store
from diplomap.ui_text import ROLE_LABELS, country_label, owner_label, status_label
from extraction.role_model import UNCERTAIN_BELOW
from extraction.types import PostStatus

DEFAULT_ROLES = ("diplomatic_post", "meeting", "conflict")
STATUSES = (*(str(s) for s in PostStatus), "unknown")
# Long option lists cost the browser real time while the map loads (~0.2 s per thousand options).
MAX_ARTICLE_CHOICES = 300
MAX_ACTOR_CHOICES = 300


@dataclass(frozen=True, slots=True)
class Facets:
    """What the filters offer: countries that occur in any event, article titles, the date range."""

    countries: list[str]
    owners: list[str]  # whose diplomatic posts occur ("unknown" last)
    titles: Mapping[int, str]  # read-only: the facets are shared by every session
    bounds: tuple[date, date] | None
    undated: int = 0  # stored articles without a date
    actors: tuple[str, ...] = ()  # who took part in meetings, spellings folded, the most met first


# A resource, not data: st.cache_data unpickled a copy on every run, 0.6 s with 1,000,000 titles.
@st.cache_resource(max_entries=4, show_spinner=False)
def cached_facets(_store: Store, db: str, version: int) -> Facets:
    countries = [c for c in _store.distinct("country_code") if c]
    owners = [o or "unknown" for o in _store.distinct("owner", role=service.POST)]  # None: not stated, last
    titles = MappingProxyType(_store.article_titles())
    actors = tuple(folded_counts(_store.meeting_participants()))
    return Facets(countries, owners, titles, service.date_bounds(_store), _store.undated_articles(), actors)


def _date_key(bounds: tuple[date, date]) -> str:
    # The bounds are in the key so that a newly added, later article is not filtered out.
    return f"f_dates_{bounds[0]}_{bounds[1]}"


def current_filter(facets: Facets) -> EventFilter:
    """The filters as the sidebar's widgets hold them, read before the widgets are drawn."""
    state = st.session_state
    date_from = date_to = None
    bounds = facets.bounds
    picked = state.get(_date_key(bounds)) if bounds else None
    if bounds and isinstance(picked, tuple) and len(picked) == 2 and tuple(picked) != bounds:
        date_from, date_to = picked
    return EventFilter(
        roles=tuple(state.get("f_roles", DEFAULT_ROLES)),
        statuses=tuple(state.get("f_status") or ()) or None,
        owners=tuple(state.get("f_owners") or ()) or None,
        countries=tuple(state.get("f_countries") or ()) or None,
        article_ids=tuple(state.get("f_articles") or ()) or None,
        date_from=date_from,
        date_to=date_to,
        search=(state.get("f_search") or "").strip(),
        uncertain=bool(state.get("f_uncertain", True)),
        undated=bool(state.get("f_undated", True)),
        actors=tuple(state.get("f_actors") or ()) or None,
    )


def filter_section(facets: Facets) -> EventFilter:
    """Draw the filters; what they show, as ``current_filter`` reads it."""
    countries, titles, bounds = facets.countries, facets.titles, facets.bounds
    if bounds:
        took = _take_map_window(bounds) if st.session_state.pop("f_take_window", False) else None
        st.date_input(
            "Published between", value=bounds, min_value=bounds[0], max_value=bounds[1], key=_date_key(bounds)
        )
        st.button(
            "Dates from the map's time window",
            key="f_window_btn",
            on_click=lambda: st.session_state.update(f_take_window=True),
            help="Turn on the map's Time window and move it, then click: the dates above become the "
            "window's, so the counts, the place panel and the timeline follow it.",
        )
        if took is False:
            st.caption("The map's time window is off: turn it on in the map's box first.")
    if facets.undated:
        st.toggle(
            f"Include undated articles ({facets.undated:,})",
            value=True,
            key="f_undated",
            help="Articles with no date in the file (no metadata, no dateline) stay on the map when the "
            "dates above are narrowed.",
        )
    st.multiselect(
        "Show",
        ROLES,
        default=list(DEFAULT_ROLES),
        format_func=ROLE_LABELS.__getitem__,
        key="f_roles",
        select_all=False,
    )
    st.multiselect(
        "Post status",
        STATUSES,
        format_func=status_label,
        key="f_status",
        select_all=False,
        placeholder="Any status",
    )
    st.multiselect(
        "Posts of",
        facets.owners,
        format_func=owner_label,
        key="f_owners",
        select_all=False,
        placeholder="Any country's posts",
        help="Whose embassies and consulates to show; meetings and conflict areas are not narrowed.",
    )
    if facets.actors:
        # The most met first; a long tail would cost the browser time while the map loads.
        picked = [a for a in st.session_state.get("f_actors") or () if a in facets.actors]
        actors = list(dict.fromkeys([*facets.actors[:MAX_ACTOR_CHOICES], *picked]))
        st.multiselect(
            "Who met",
            actors,
            key="f_actors",
            select_all=False,
            placeholder="Anyone",
            help="Only the meetings these people or countries took part in, whatever the spelling "
            "an article used (“Jaishankar”, “S Jaishankar”); posts and conflict areas are hidden.",
        )
        if len(facets.actors) > MAX_ACTOR_CHOICES:
            st.caption(f"The {MAX_ACTOR_CHOICES} most met of {len(facets.actors):,}; search finds anyone.")
    st.multiselect(
        "Country",
        countries,
        format_func=country_label,
        key="f_countries",
        select_all=False,
        placeholder="Any country",
    )
    article_ids = list(titles)
    if len(article_ids) > MAX_ARTICLE_CHOICES:  # the newest, and any already picked
        picked = [i for i in st.session_state.get("f_articles") or () if i in titles]
        article_ids = sorted({*article_ids[-MAX_ARTICLE_CHOICES:], *picked})
    st.multiselect(
        "Article",
        article_ids,
        format_func=lambda i: titles.get(i, f"article {i}"),
        key="f_articles",
        select_all=False,
        placeholder="Any article",
    )
    if len(titles) > MAX_ARTICLE_CHOICES:
        st.caption(
            f"The article list offers the newest {MAX_ARTICLE_CHOICES} of {len(titles):,}; search finds any."
        )
    st.text_input("Search", key="f_search", placeholder="place, person, sentence, title…")
    st.toggle(
        "Show uncertain roles",
        value=True,
        key="f_uncertain",
        help=f"Roles the role model gives with less than {UNCERTAIN_BELOW:.0%} probability: drawn faded "
        "with a dashed outline, and their popups say how sure.",
    )
    return current_filter(facets)


def describe(flt: EventFilter, facets: Facets) -> str:
    """The filters as one line of plain text, for an exported map: "Showing: ... · Countries: ..."."""
    parts = ["Showing: " + ", ".join(ROLE_LABELS[r] for r in (flt.roles or ROLES))]
    if flt.date_from or flt.date_to:
        dated = f"published {flt.date_from or '…'} to {flt.date_to or '…'}"
        parts.append(dated + (" (and undated articles)" if flt.undated and facets.undated else ""))
    if flt.statuses:
        parts.append("post status: " + ", ".join(status_label(s) for s in flt.statuses))
    if flt.owners:
        parts.append("posts of: " + ", ".join(owner_label(o) for o in flt.owners))
    if flt.countries:
        parts.append("countries: " + ", ".join(country_label(c) for c in flt.countries))
    if flt.actors:
        parts.append("meetings of: " + ", ".join(flt.actors))
    if flt.article_ids:
        parts.append(f"{len(flt.article_ids)} article{'s' if len(flt.article_ids) != 1 else ''} picked")
    if flt.search:
        parts.append(f"search: “{flt.search}”")
    if not flt.uncertain:
        parts.append("uncertain roles hidden")
    return " · ".join(parts)


# -- the filters in the page's address ----------------------------------------------------------


def link_choices(facets: Facets) -> viewlink.Choices:
    return viewlink.Choices(
        roles=ROLES,
        default_roles=DEFAULT_ROLES,
        statuses=STATUSES,
        countries=frozenset(facets.countries),
        owners=frozenset(facets.owners),
        article_ids=frozenset(facets.titles),
        actors=frozenset(facets.actors),
    )


def open_link(facets: Facets) -> None:
    """On a session's first run: the link's filters, put into the widgets' state before the widgets
    are drawn; what was left out is kept for ``link_note``."""
    state = st.session_state
    if state.get("link_read"):
        return
    state["link_read"] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    parsed = viewlink.parse_link(params, link_choices(facets))
    shared = parsed.shared
    seeds: dict[str, object] = {
        "f_roles": list(shared.roles) if shared.roles is not None else None,
        "f_status": list(shared.statuses) or None,
        "f_owners": list(shared.owners) or None,
        "f_countries": list(shared.countries) or None,
        "f_actors": list(shared.actors) or None,
        "f_articles": list(shared.article_ids) or None,
        "f_search": shared.search or None,
        "f_uncertain": False if not shared.uncertain else None,
        "f_undated": False if not shared.undated else None,
    }
    for key, value in seeds.items():
        if value is not None:
            state[key] = value
    note = parsed.note
    if not _seed_window(shared, facets.bounds):
        outside = "The link's dates lie outside the stored articles' and were left out."
        note = f"{note} {outside}" if note else outside
    if note:  # shown until a filter is changed
        state["link_note"] = (note, current_filter(facets))


def _take_map_window(bounds: tuple[date, date]) -> bool:
    """The map's time window (``time=YYYY-MM-DD,days``, which the map keeps in the page's address and
    the click's rerun brings) into the date picker; False when the map has no window on."""
    window = viewlink.parse_time(st.query_params.get("time", ""))
    if not window:
        return False
    day, width = window.split(",")
    end = date.fromisoformat(day)
    start = end - timedelta(days=int(width) - 1)
    start, end = max(start, bounds[0]), min(end, bounds[1])
    if start > end:
        return False
    st.session_state[_date_key(bounds)] = (start, end)
    return True


def _seed_window(shared: viewlink.SharedView, bounds: tuple[date, date] | None) -> bool:
    """The link's dates, inside the stored articles' range, into the date picker; False when no day
    of the link's window is inside that range."""
    if not bounds or not (shared.date_from or shared.date_to):
        return True
    start = max(shared.date_from or bounds[0], bounds[0])
    end = min(shared.date_to or bounds[1], bounds[1])
    if start > end:
        return False
    if (start, end) != bounds:
        st.session_state[_date_key(bounds)] = (start, end)
    return True


def write_link(flt: EventFilter) -> None:
    """The filters shown into the page's address (only what differs from the default), keeping the
    map's view (``view``, which the map's script keeps up to date as the map moves)."""
    roles = tuple(r for r in ROLES if r in (flt.roles or ()))
    shared = viewlink.SharedView(
        roles=None if set(roles) == set(DEFAULT_ROLES) else roles,
        statuses=flt.statuses or (),
        owners=flt.owners or (),
        countries=flt.countries or (),
        article_ids=flt.article_ids or (),
        date_from=flt.date_from,
        date_to=flt.date_to,
        search=flt.search[: viewlink.MAX_SEARCH_CHARS],
        uncertain=flt.uncertain,
        undated=flt.undated,
        view=viewlink.parse_view(st.query_params.get("view", "")),
        actors=flt.actors or (),
        time=viewlink.parse_time(st.query_params.get("time", "")),  # kept by the map's script
    )
    wanted = viewlink.link_params(shared)
    have = {name: ",".join(st.query_params.get_all(name)) for name in st.query_params}
    if wanted != have:
        st.query_params.from_dict(wanted)


def link_note(flt: EventFilter) -> None:
    """Which parts of the link that opened the page were left out (parameter names, never values),
    until the filters are changed."""
    note, opened_with = st.session_state.get("link_note") or ("", None)
    if note and flt == opened_with:
        st.info(note, icon=":material/link_off:")
