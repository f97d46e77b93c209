"""The sidebar's filters.

The map is the first thing the page sends (the browser starts loading its frame while the rest is
drawn), so the filter it shows is read from the widgets' state before the widgets are drawn:
``current_filter`` (last run's values, or the defaults on the first run). ``filter_section`` then
draws the widgets and returns what they show; ``app.py`` reruns in the rare case the two differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from diplomap import service
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


@dataclass(frozen=True, slots=True)
class Facets:
    """What the filters offer: countries that occur in any event, article titles, the date range."""

    countries: list[str]
    owners: list[str]  # whose diplomatic posts occur ("unknown" last)
    titles: dict[int, str]
    bounds: tuple[date, date] | None
    undated: int = 0  # stored articles without a date
    actors: tuple[str, ...] = ()  # who took part in meetings, spellings folded, the most met first


@st.cache_data(max_entries=4, show_spinner=False)
def cached_facets(_store: Store, db: str, version: int) -> Facets:
    countries = [c for c in _store.distinct("country_code") if c]
    owners = [o or "unknown" for o in _store.distinct("owner", role=service.POST)]  # None: not stated, last
    titles = {row.id: row.title for row in _store.articles()}
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
        st.date_input(
            "Published between", value=bounds, min_value=bounds[0], max_value=bounds[1], key=_date_key(bounds)
        )
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
        st.multiselect(
            "Who met",
            facets.actors,
            key="f_actors",
            select_all=False,
            placeholder="Anyone",
            help="Only the meetings these people or countries took part in, whatever the spelling "
            "an article used (“Jaishankar”, “S Jaishankar”); posts and conflict areas are hidden.",
        )
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
