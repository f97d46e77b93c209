"""The dashboard's Streamlit pieces; ``app.py`` lays them out.

Article text is untrusted: it only ever reaches the page through ``md_text`` (every ASCII
punctuation character backslash-escaped, so nothing in it is markup), as plain widget labels, or
inside the map, whose JavaScript builds DOM text nodes. ``unsafe_allow_html`` is never used.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import string
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from diplomap import basemap, service
from diplomap.errors import MapError
from diplomap.events import PlaceEvent
from diplomap.mapview import (
    POPUP_DIR,
    RETURNED_OBJECTS,
    AppMap,
    MapClick,
    build_app_map,
    build_click_index,
    parse_map_click,
)
from diplomap.mapview import map_html as standalone_map_html
from diplomap.pipeline import Pipeline
from diplomap.popupfile import publish
from diplomap.service import ROLES, EventFilter
from diplomap.store import Store
from extraction.nlp import load_pipeline
from extraction.types import PostStatus
from geo.cache import GeoCache
from geo.gazetteer import Gazetteer

ROLE_LABELS = {
    "diplomatic_post": "Diplomatic posts",
    "meeting": "Meetings",
    "conflict": "Conflict",
    "mention": "Mentions",
}
ROLE_COLOURS = {
    "diplomatic_post": "#1565c0",
    "meeting": "#6a1b9a",
    "conflict": "#e53935",
    "mention": "#90a4ae",
}
POST_TYPE_LABELS = {
    "embassy": "Embassy",
    "consulate": "Consulate",
    "consulate_general": "Consulate general",
    "high_commission": "High commission",
    "mission": "Mission",
    "residence": "Residence",
}
DEFAULT_ROLES = ("diplomatic_post", "meeting", "conflict")
STATUSES = (*(str(s) for s in PostStatus), "unknown")
MAP_HEIGHT = 560
PANEL_HEIGHT = 380  # the excerpts scroll beside the map instead of stretching the page
MAX_ARTICLES_SHOWN = 30
MAX_ARTICLE_CHARS = 200_000
MAX_ARTICLES_LISTED = 100
ATTRIBUTION = (
    "Place names and coordinates from GeoNames (geonames.org), licensed under CC BY 4.0. "
    "Country shapes from the countryinfo package. The map works offline and loads nothing from the internet."
)
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_MARK_OPEN, _MARK_CLOSE = "\ue010", "\ue011"  # private-use sentinels, turned into ** after escaping
GetPipeline = Callable[[], Pipeline]


# -- heavy objects, once per process -----------------------------------------------------------


@st.cache_resource(show_spinner="Opening the article database…")
def open_store(path: str) -> Store:
    return Store.open(path)


@st.cache_resource(show_spinner=False)
def open_geocache(path: str) -> GeoCache:
    return GeoCache(path)


@st.cache_resource(show_spinner="Loading the gazetteer…")
def load_gazetteer() -> Gazetteer:
    return Gazetteer.load()


@st.cache_resource(show_spinner="Loading the language model…")
def load_reading_pipeline(cache_path: str) -> Pipeline:
    return service.make_pipeline(load_pipeline(), load_gazetteer(), open_geocache(cache_path))


# -- data behind st.cache_data: rebuilt only when the store's data_version or a filter changes --


@st.cache_data(max_entries=16, show_spinner=False)
def cached_events(_store: Store, db: str, version: int, flt: EventFilter) -> list[PlaceEvent]:
    return service.filtered_events(_store, flt)


@st.cache_data(max_entries=8, show_spinner=False)
def cached_map(_store: Store, db: str, version: int, flt: EventFilter) -> AppMap:
    return build_app_map(cached_events(_store, db, version, flt))


@st.cache_data(max_entries=8, show_spinner=False)
def cached_click_index(
    _store: Store, db: str, version: int, flt: EventFilter
) -> dict[str, tuple[MapClick, ...]]:
    return build_click_index(cached_events(_store, db, version, flt))


@st.cache_data(max_entries=4, show_spinner=False)
def cached_facets(_store: Store, db: str, version: int) -> tuple[list[str], dict[int, str]]:
    """Country codes that occur in any event, and every article's title by id."""
    countries = sorted({e.country_code for e in _store.events() if e.country_code})
    return countries, {row.id: row.title for row in _store.articles()}


# -- safe text ---------------------------------------------------------------------------------


def md_text(text: str) -> str:
    """Untrusted text as Markdown that shows exactly these characters and is never markup.

    Whitespace runs become one space (so indentation cannot open a code block) and every ASCII
    punctuation character is backslash-escaped, which CommonMark allows for all of them: no
    link, image, HTML, heading, list, LaTeX ($) or Streamlit directive (:red[...]) survives.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` as escaped Markdown paragraphs with each (start, end) span in bold."""
    raw = text.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
    if len(raw) != len(text):
        spans = []  # offsets no longer fit; never happens for text from the reader
    pieces, at = [], 0
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(raw)):
        if start < at:
            continue  # overlapping spans: keep the first
        pieces += [raw[at:start], _MARK_OPEN, raw[start:end].strip(), _MARK_CLOSE]
        at = end
    pieces.append(raw[at:])
    marked = "".join(pieces)
    paragraphs = [md_text(p) for p in re.split(r"\n\s*\n", marked) if p.strip()]
    return "\n\n".join(paragraphs).replace(_MARK_OPEN, "**").replace(_MARK_CLOSE, "**")


def highlighted_sentence(event: PlaceEvent) -> str:
    return md_marked(event.sentence, [(event.mention_start, event.mention_end)])


def event_details(event: PlaceEvent) -> str:
    """The role and what the reading found, as plain text: "Consulate of IN · status: evacuated"."""
    parts = [_label_one(event.role)]
    if event.role == "diplomatic_post":
        post = POST_TYPE_LABELS.get(event.post_type or "", "Diplomatic post")
        parts = [f"{post} of {_country_name(event.owner)}" if event.owner else post]
        if event.status:
            parts.append(f"status: {event.status.replace('_', ' ')}")
    elif event.role == "meeting":
        if event.participants:
            parts.append("participants: " + ", ".join(event.participants))
        if event.when:
            parts.append(f"when: {event.when}")
    parts.append(f"placed at {event.place_name} ({event.kind}, {event.country_code or '?'})")
    return " · ".join(parts)


@contextmanager
def guarded() -> Iterator[None]:
    """Show one of our own errors where it happened and let the rest of the page render."""
    try:
        yield
    except MapError as exc:
        st.error(str(exc))


def flash(kind: str, text: str) -> None:
    """A message for the next run (callbacks run before the script and cannot draw)."""
    st.session_state["flash"] = (kind, text)


def show_flash() -> None:
    kind, text = st.session_state.pop("flash", ("", ""))
    if kind == "error":
        st.error(text)
    elif kind:
        st.success(text)


# -- sidebar: upload, filters, stored articles -------------------------------------------------


def load_sample(store: Store, get_pipeline: GetPipeline) -> None:
    """First start: an empty, never written store gets the bundled sample article."""
    if store.data_version() == 0:
        with st.spinner("First start: reading the sample article…"):
            service.load_sample_if_new(store, get_pipeline())


def upload_section(store: Store, get_pipeline: GetPipeline) -> None:
    files = st.file_uploader(
        "Add articles",
        type=list(service.UPLOAD_TYPES),
        accept_multiple_files=True,
        key="uploads",
        help="Text, Markdown, HTML, JSON / JSON Lines records, or PDF. Each file is read once.",
    )
    done: set[str] = st.session_state.setdefault("ingested_ids", set())
    fresh = [f for f in files or [] if f.file_id not in done]
    if fresh:
        bar = st.progress(0.0, text="Reading the articles…")

        def progress(n: int, total: int, filename: str) -> None:
            label = f"Reading {md_text(filename)} ({n + 1}/{total})…" if filename else "Done"
            bar.progress(n / max(total, 1), text=label)

        batch = [(f.name, f.getvalue()) for f in fresh]
        outcomes = service.ingest_files(batch, store=store, pipeline=get_pipeline(), progress=progress)
        done.update(f.file_id for f in fresh)
        st.session_state["ingest_results"] = outcomes
        bar.empty()
    shown: list[service.FileOutcome] = st.session_state.get("ingest_results") or []
    if shown:
        with st.container(key="ingest_results"):
            for outcome in shown:
                st.markdown(outcome_line(outcome))


def outcome_line(outcome: service.FileOutcome) -> str:
    """One upload result as safe Markdown: file, result, and the article or the refusal's reason."""
    name = outcome.filename if outcome.item is None else f"{outcome.filename} (record {outcome.item + 1})"
    icon = {"added": ":material/check_circle:", "duplicate": ":material/content_copy:"}.get(
        outcome.status, ":material/block:"
    )
    head = f"{icon} **{md_text(name)}** · {outcome.status}"
    if outcome.status == "refused":
        return f"{head} ({md_text(outcome.code)}): {md_text(outcome.message)}"
    events = f" · {outcome.n_events} events" if outcome.status == "added" else ""
    return f"{head}{events}: {md_text(outcome.title)}"


def filter_section(store: Store, db: str, version: int) -> EventFilter:
    countries, titles = cached_facets(store, db, version)
    date_from = date_to = None
    bounds = service.date_bounds(store)
    if bounds:
        # The bounds are in the key so that a newly added, later article is not filtered out.
        picked = st.date_input(
            "Published between",
            value=bounds,
            min_value=bounds[0],
            max_value=bounds[1],
            key=f"f_dates_{bounds[0]}_{bounds[1]}",
        )
        if isinstance(picked, tuple) and len(picked) == 2 and tuple(picked) != bounds:
            date_from, date_to = picked
    roles = st.multiselect(
        "Show", ROLES, default=list(DEFAULT_ROLES), format_func=ROLE_LABELS.__getitem__, key="f_roles"
    )
    statuses = st.multiselect(
        "Post status", STATUSES, format_func=_label, key="f_status", placeholder="Any status"
    )
    picked_countries = st.multiselect(
        "Country", countries, format_func=_country_label, key="f_countries", placeholder="Any country"
    )
    picked_articles = st.multiselect(
        "Article",
        list(titles),
        format_func=lambda i: titles.get(i, f"article {i}"),
        key="f_articles",
        placeholder="Any article",
    )
    search = st.text_input("Search", key="f_search", placeholder="place, person, sentence, title…")
    return EventFilter(
        roles=tuple(roles),
        statuses=tuple(statuses) or None,
        countries=tuple(picked_countries) or None,
        article_ids=tuple(picked_articles) or None,
        date_from=date_from,
        date_to=date_to,
        search=(search or "").strip(),
    )


def articles_section(store: Store) -> None:
    """The stored articles, and removing one. Plain lines, not st.dataframe: the page's first paint
    waits for every lazily loaded element, and the grid's code is over a megabyte."""
    articles = store.articles()
    for article in articles[:MAX_ARTICLES_LISTED]:
        date_text = article.published or "undated"
        st.markdown(
            f"{article.id}\\. {md_text(article.title)} · {md_text(date_text)} · {article.n_events} events"
        )
    if len(articles) > MAX_ARTICLES_LISTED:
        st.caption(f"and {len(articles) - MAX_ARTICLES_LISTED} more (filter by article to find one)")
    titles = {a.id: a.title for a in articles}
    picked = st.selectbox(
        "Article to remove",
        list(titles),
        index=None,
        format_func=lambda i: titles.get(i, str(i)),
        key="rm_article",
    )
    st.button(
        "Remove the article and its events",
        key="rm_go",
        disabled=picked is None,
        on_click=_remove_article,
        args=(store,),
    )


def _remove_article(store: Store) -> None:
    article_id = st.session_state.get("rm_article")
    if article_id is None:
        return
    try:
        removed = store.remove_article(article_id)
    except MapError as exc:
        flash("error", str(exc))
        return
    st.session_state["rm_article"] = None
    flash("success", "Article removed." if removed else "That article was already gone.")


# -- main area ---------------------------------------------------------------------------------


def role_metrics(events: Sequence[PlaceEvent]) -> None:
    counts = service.role_counts(events)
    for column, role in zip(st.columns(len(ROLES)), ROLES, strict=True):
        column.metric(ROLE_LABELS[role], counts[role])


def timeline(events: Sequence[PlaceEvent]) -> None:
    per_day = service.events_per_day(events)
    if not per_day:
        st.caption("No dated events to draw a timeline of.")
        return
    roles = [r for r in ROLES if any(r in day for day in per_day.values())]
    frame = pd.DataFrame(
        [[per_day[day].get(r, 0) for r in roles] for day in per_day],
        index=pd.to_datetime(list(per_day)),
        columns=[ROLE_LABELS[r] for r in roles],
    )
    st.bar_chart(
        frame, x_label="Article date", y_label="Events", color=[ROLE_COLOURS[r] for r in roles], height=220
    )


def map_section(store: Store, db: str, version: int, flt: EventFilter) -> None:
    """The map; a click on a marker selects its place for the side panel."""
    built = cached_map(store, db, version, flt)
    # On every run, not only when the map is built: the file may have been pruned meanwhile.
    publish(built.popups, POPUP_DIR)
    out = st_folium(
        built.map,
        key="map",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=list(RETURNED_OBJECTS),
    )
    # st_folium returns its last click on every rerun: act only on a click we have not seen.
    seen = repr(sorted((out or {}).items()))
    if seen == st.session_state.get("map_seen"):
        return
    st.session_state["map_seen"] = seen
    click = parse_map_click(out, cached_click_index(store, db, version, flt))
    if click is not None:
        st.session_state["place_pick"] = click.place_key


def place_panel(store: Store, events: Sequence[PlaceEvent], cache: GeoCache) -> None:
    """Every excerpt at the selected place, newest first, grouped by article."""
    names: dict[str, str] = {}
    for event in events:
        names.setdefault(event.place_key, event.place_name)
    current = st.session_state.get("place_pick")
    if current and current not in names:
        here = store.events_at(current)
        if here:
            names[current] = here[0].place_name
        else:
            st.session_state["place_pick"] = None
    place_key = st.selectbox(
        "Place",
        sorted(names, key=lambda k: (names[k].casefold(), k)),
        index=None,
        format_func=lambda k: names.get(k, k),
        key="place_pick",
        placeholder="Click a marker on the map, or pick a place",
    )
    show_flash()
    if place_key is None:
        st.info("Click a marker on the map to read what the articles say about that place.")
        return
    here = store.events_at(place_key)
    if not here:
        st.info("Nothing is recorded at this place any more.")
        return
    st.subheader(md_text(names[place_key]))
    st.caption(f"{len(here)} excerpt{'s' if len(here) != 1 else ''}, newest first, from every article.")
    groups = [(aid, list(evs)) for aid, evs in itertools.groupby(here, key=lambda e: e.article_id)]
    with st.container(height=PANEL_HEIGHT, border=False, key="excerpts"):
        for article_id, article_events in groups[:MAX_ARTICLES_SHOWN]:
            _article_card(store, place_key, article_id, article_events)
        if len(groups) > MAX_ARTICLES_SHOWN:
            st.caption(f"{len(groups) - MAX_ARTICLES_SHOWN} more articles mention this place.")
    if st.toggle("Correct an event here", key="fix_on"):
        corrections(store, cache, here)


def _article_card(store: Store, place_key: str, article_id: int, events: Sequence[PlaceEvent]) -> None:
    first = events[0]
    with st.container(border=True):
        st.markdown(f"**{md_text(first.article_title)}**")
        st.caption(md_text(first.published or "undated"))
        for event in events:
            st.markdown(f"*{md_text(event_details(event))}*")
            st.markdown("> " + highlighted_sentence(event).replace("\n\n", "\n>\n> "))
        with st.expander("Read the whole article", key=f"article_{place_key}_{article_id}"):
            text = store.article_text(article_id)
            spans = [s for s in (service.locate_mention(text, e) for e in events) if s]
            if len(text) > MAX_ARTICLE_CHARS:
                st.caption(f"The first {MAX_ARTICLE_CHARS:,} of {len(text):,} characters.")
                text = text[:MAX_ARTICLE_CHARS]
            st.markdown(md_marked(text, spans))


# -- corrections -------------------------------------------------------------------------------


def corrections(store: Store, cache: GeoCache, here: Sequence[PlaceEvent]) -> None:
    by_id = {e.event_id: e for e in here}
    event_id = st.selectbox(
        "Event",
        list(by_id),
        format_func=lambda i: _event_choice_label(by_id[i]),
        key=f"fix_event_{here[0].place_key}",
    )
    if event_id is None:
        return
    event = by_id[event_id]
    role_key = f"fix_role_{event_id}"
    st.selectbox("Role", ROLES, index=ROLES.index(event.role), format_func=_label_one, key=role_key)
    st.button(
        "Change the role",
        key=f"fix_role_go_{event_id}",
        on_click=_apply_role,
        args=(store, event_id, role_key),
    )
    query = st.text_input("Look the place up as", value=event.mention_text, key=f"fix_query_{event_id}")
    with guarded():
        choices = service.place_choices(load_gazetteer(), query or "")
        if not choices:
            st.caption("The gazetteer knows no place by that name.")
            return
        digest = hashlib.sha1((query or "").encode()).hexdigest()[:8]
        choice_key = f"fix_choice_{event_id}_{digest}"
        st.selectbox(
            "Move it to", range(len(choices)), format_func=lambda i: choices[i].label, key=choice_key
        )
        st.button(
            "Move it there (and remember for next time)",
            key=f"fix_place_go_{event_id}",
            on_click=_apply_placement,
            args=(store, cache, event, choices, choice_key),
        )


def _event_choice_label(event: PlaceEvent) -> str:
    sentence = " ".join(event.sentence.split())
    return f"{_label_one(event.role)} · {event.article_title[:40]} · “{sentence[:60]}…”"


def _apply_role(store: Store, event_id: int, role_key: str) -> None:
    role = str(st.session_state.get(role_key))
    try:
        service.correct_role(store, event_id, role)
    except MapError as exc:
        flash("error", str(exc))
        return
    flash("success", f"Role changed to {_label_one(role).lower()}.")


def _apply_placement(
    store: Store, cache: GeoCache, event: PlaceEvent, choices: Sequence[service.PlaceChoice], choice_key: str
) -> None:
    choice = choices[st.session_state.get(choice_key) or 0]
    try:
        new_key = service.correct_placement(store, cache, event, choice.match)
    except MapError as exc:
        flash("error", str(exc))
        return
    st.session_state["place_pick"] = new_key
    flash(
        "success",
        f"Moved to {choice.label}. Articles added from now on place “{event.mention_text}” there too.",
    )


# -- export and footer -------------------------------------------------------------------------


def export_buttons(events: Sequence[PlaceEvent]) -> None:
    frozen = list(events)
    csv_col, geojson_col, html_col = st.columns(3)
    csv_col.download_button(
        "Events as CSV",
        data=functools.partial(service.events_csv, frozen),
        file_name="diplomap-events.csv",
        mime="text/csv",
        key="dl_csv",
        on_click="ignore",
    )
    geojson_col.download_button(
        "Events as GeoJSON",
        data=functools.partial(service.events_geojson, frozen),
        file_name="diplomap-events.geojson",
        mime="application/geo+json",
        key="dl_geojson",
        on_click="ignore",
    )
    html_col.download_button(
        "Map as standalone HTML",
        data=functools.partial(standalone_map_html, frozen),
        file_name="diplomap-map.html",
        mime="text/html",
        key="dl_map",
        on_click="ignore",
    )


def attribution() -> None:
    st.caption(ATTRIBUTION)


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _label_one(role: str) -> str:
    return {"diplomatic_post": "Diplomatic post", "meeting": "Meeting", "conflict": "Conflict"}.get(
        role, "Mention"
    )


def _country_label(code: str) -> str:
    name = _country_name(code)
    return f"{name} ({code})" if name != code else code


def _country_name(code: str) -> str:
    country = basemap.countries().get(code.upper())
    return country.name if country else code


def db_key(path: Path) -> str:
    return str(path.resolve())
