"""The place panel beside the map: every excerpt at the picked place, the whole article, corrections."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence

import streamlit as st

from diplomap import service
from diplomap.errors import MapError
from diplomap.events import POST_TYPE_LABELS, PlaceEvent
from diplomap.posthistory import PostHistory, post_histories
from diplomap.service import ROLES
from diplomap.store import Store
from diplomap.ui import GetPipeline, actor, changes, flash, guarded, load_gazetteer, show_flash
from diplomap.ui_text import (
    country_name,
    event_details,
    highlighted_sentence,
    md_marked,
    md_source_link,
    md_text,
    role_label,
    status_label,
)
from geo.cache import GeoCache

PANEL_HEIGHT = 380  # the excerpts scroll beside the map instead of stretching the page
MAX_ARTICLES_SHOWN = 30
MAX_ARTICLE_CHARS = 200_000
# A longer list costs the browser ~0.4 s of rendering at 8,000 places, while the map is loading.
MAX_PLACES_PICKED = 300


def picker_options(names: Mapping[str, str], reports: Mapping[str, int], current: str | None) -> list[str]:
    """The place keys the picker offers, by name: all of them, or the most reported and the current."""
    keys = list(names)
    if len(keys) > MAX_PLACES_PICKED:
        keys = [k for k, _ in sorted(reports.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_PLACES_PICKED]]
        if current is not None and current in names and current not in keys:
            keys.append(current)
    return sorted(keys, key=lambda k: (names[k].casefold(), k))


def places_of(events: Sequence[PlaceEvent]) -> tuple[dict[str, str], Counter[str]]:
    """Place key -> name, and reports per place, of the events shown (the panel's choices)."""
    names: dict[str, str] = {}
    reports: Counter[str] = Counter()
    for event in events:
        names.setdefault(event.place_key, event.place_name)
        reports[event.place_key] += 1
    return names, reports


def place_panel(
    store: Store,
    places: tuple[Mapping[str, str], Mapping[str, int]],
    cache: GeoCache,
    get_pipeline: GetPipeline | None = None,
) -> None:
    """Every excerpt at the selected place, newest first, grouped by article. ``places``: the names
    and reports of the places shown (``places_of``, or an archive view's)."""
    names, reports = dict(places[0]), places[1]
    current = st.session_state.get("place_pick")
    if current and current not in names:
        here = store.events_at(current)
        if here:
            names[current] = here[0].place_name
        else:
            st.session_state["place_pick"] = None
    place_key = st.selectbox(
        "Place",
        picker_options(names, reports, current),
        index=None,
        format_func=lambda k: names.get(k, k),
        key="place_pick",
        placeholder="Click a marker on the map, or pick a place",
    )
    if len(names) > MAX_PLACES_PICKED:
        st.caption(
            f"The list holds the {MAX_PLACES_PICKED} places with the most reports of {len(names):,}; "
            "click the map or search in the sidebar to reach the others."
        )
    show_flash()
    if place_key is None:
        st.caption("Click a marker on the map to read what the articles say about that place.")
        return
    here = store.events_at(place_key)
    if not here:
        st.info("Nothing is recorded at this place any more.")
        return
    st.subheader(md_text(names[place_key]))
    histories = post_histories(here)
    if histories:
        post_history_box(histories)
    st.caption(f"{len(here)} excerpt{'s' if len(here) != 1 else ''}, newest first, from every article.")
    groups = [(aid, list(evs)) for aid, evs in itertools.groupby(here, key=lambda e: e.article_id)]
    with st.container(height=PANEL_HEIGHT, border=False, key="excerpts"):
        for article_id, article_events in groups[:MAX_ARTICLES_SHOWN]:
            _article_card(store, place_key, article_id, article_events)
        if len(groups) > MAX_ARTICLES_SHOWN:
            st.caption(f"{len(groups) - MAX_ARTICLES_SHOWN} more articles mention this place.")
    if actor().can_edit and st.toggle("Correct an event here", key="fix_on"):
        corrections(store, cache, here, get_pipeline)


MAX_CHANGES_SHOWN = 12


def post_history_box(histories: Sequence[PostHistory]) -> None:
    """Each post's status over time at this place, from every article, with the sentence of each change."""
    title = "History of the post" if len(histories) == 1 else f"History of the {len(histories)} posts"
    with st.expander(title, key="post_history"):
        for history in histories:
            post = POST_TYPE_LABELS.get(history.post_type, "Diplomatic post")
            whose = (
                f"{post} of {country_name(history.owner)}" if history.owner else f"{post} (owner not stated)"
            )
            st.markdown(
                f"**{md_text(whose)}** · latest: {md_text(status_label(history.latest or 'not stated'))}"
            )
            for change in history.changes[-MAX_CHANGES_SHOWN:]:
                again = (
                    f" · {change.repeated} more report{'s' if change.repeated != 1 else ''}"
                    if change.repeated
                    else ""
                )  # our own words and numbers: no escaping needed
                status = status_label(change.status) if change.status else "Status not stated"
                st.markdown(f"{md_text(change.date or 'undated')} · **{md_text(status)}**{again}")
                st.caption(highlighted_sentence(change.event))
            if len(history.changes) > MAX_CHANGES_SHOWN:
                st.caption(f"and {len(history.changes) - MAX_CHANGES_SHOWN} earlier changes")


def _article_card(store: Store, place_key: str, article_id: int, events: Sequence[PlaceEvent]) -> None:
    first = events[0]
    with st.container(border=True):
        st.markdown(f"**{md_text(first.article_title)}**")
        link = md_source_link(first.source_url)
        st.caption(md_text(first.published or "undated") + (f" · {link}" if link else ""))
        for event in events:
            st.markdown(f"*{md_text(event_details(event))}*")
            st.markdown("> " + highlighted_sentence(event).replace("\n\n", "\n>\n> "))
        reader = st.expander(
            "Read the whole article", key=f"article_{place_key}_{article_id}", on_change="rerun"
        )
        if not reader.open:  # the whole text is read and marked up only for an opened reader
            return
        with reader:
            text = store.article_text(article_id)
            spans = [s for s in (service.locate_mention(text, e) for e in events) if s]
            if len(text) > MAX_ARTICLE_CHARS:
                st.caption(f"The first {MAX_ARTICLE_CHARS:,} of {len(text):,} characters.")
                text = text[:MAX_ARTICLE_CHARS]
            box = "reader_" + hashlib.sha1(f"{place_key}/{article_id}".encode()).hexdigest()[:12]
            with st.container(height=READER_HEIGHT, border=False, key=box):
                st.markdown(md_marked(text, spans))
            if spans:
                scroll_to_mention(box)


READER_HEIGHT = 320
# Our own constant script; the only value in it is a container key of hex digits. It waits for the
# reader's text, then scrolls the reader (not the page) so the first marked mention is in its middle.
_SCROLL_SCRIPT = """<script>(function (selector) {
  var tries = 0;
  (function go() {
    var box = document.querySelector(selector);
    var mark = box && box.querySelector("strong");
    if (!mark) { if (++tries < 50) { setTimeout(go, 100); } return; }
    var scroller = mark.parentElement;
    while (scroller && scroller !== box.parentElement) {
      var overflow = getComputedStyle(scroller).overflowY;
      var scrolls = overflow === "auto" || overflow === "scroll";
      if (scrolls && scroller.scrollHeight > scroller.clientHeight) { break; }
      scroller = scroller.parentElement;
    }
    if (!scroller || scroller === box.parentElement) { return; }
    var offset = mark.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    scroller.scrollTop += offset - scroller.clientHeight / 2;
    box.setAttribute("data-dm-scrolled", "1");
  })();
})(".st-key-%s");</script>"""


def scroll_to_mention(box: str) -> None:
    """Scroll the whole-article reader ``box`` (a container key) to its first marked mention."""
    if not re.fullmatch(r"[A-Za-z0-9_]+", box):
        raise ValueError(f"not a container key: {box!r}")
    st.html(_SCROLL_SCRIPT.replace("%s", box), unsafe_allow_javascript=True)


# -- corrections -------------------------------------------------------------------------------


def corrections(
    store: Store, cache: GeoCache, here: Sequence[PlaceEvent], get_pipeline: GetPipeline | None = None
) -> None:
    roles_here = sorted({e.role for e in here}, key=ROLES.index)
    only = st.selectbox(
        "Events of the role",
        roles_here,
        index=None,
        format_func=role_label,
        placeholder="Any role",
        key=f"fix_only_{here[0].place_key}",
    )
    by_id = {e.event_id: e for e in here if only is None or e.role == only}
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
    st.selectbox("Role", ROLES, index=ROLES.index(event.role), format_func=role_label, key=role_key)
    st.button(
        "Change the role",
        key=f"fix_role_go_{event_id}",
        on_click=_apply_role,
        args=(store, event, role_key),
    )
    query = st.text_input("Look the place up as", value=event.mention_text, key=f"fix_query_{event_id}")
    with guarded():
        choices = service.place_choices(load_gazetteer(), query or "")
        if not choices:
            st.caption("The gazetteer knows no place by that name.")
            return
        digest = hashlib.sha1((query or "").encode()).hexdigest()[:8]
        choice_key = f"fix_choice_{event_id}_{digest}"
        # Starts empty: a click on the button never moves the event to a place nobody chose.
        picked = st.selectbox(
            "Move it to",
            range(len(choices)),
            index=None,
            format_func=lambda i: choices[i].label,
            placeholder="Choose the right place",
            key=choice_key,
        )
        scope_key = f"fix_scope_{event_id}"
        st.radio(
            "Where",
            (False, True),
            format_func=lambda everywhere: (
                f"Everywhere “{md_text(event.mention_text)}” is named, from now on"
                if everywhere
                else "This mention only"
            ),
            key=scope_key,
            horizontal=True,
        )
        st.button(
            "Move it there",
            key=f"fix_place_go_{event_id}",
            disabled=picked is None,
            on_click=_apply_placement,
            args=(store, cache, event, choices, choice_key, scope_key),
        )
    done = store.corrections_of(event.article_id, event.mention_text)
    if done and get_pipeline is not None:
        st.button(
            f"Undo the {done} correction{'s' if done != 1 else ''} of “{md_text(event.mention_text)}” here",
            key=f"fix_undo_{event_id}",
            on_click=_revert,
            args=(store, cache, get_pipeline, event),
            help="Forgets what was changed by hand here and reads the article again.",
        )


def _event_choice_label(event: PlaceEvent) -> str:
    """Role, then the words around the mention (what tells one event of an article from another),
    then the article: the box shows the start of the label only."""
    sentence = event.sentence
    start, end = max(event.mention_start, 0), min(event.mention_end, len(sentence))
    before = _WORDS_BEFORE.search(sentence[:start])
    after = _WORDS_AFTER.match(sentence, end)
    head = before.group() if before else ""
    tail = after.group() if after else ""
    more_before = "…" if sentence[: start - len(head)].strip() else ""
    more_after = "…" if sentence[end + len(tail) :].strip() else ""
    around = " ".join(f"{more_before}{head}{sentence[start:end]}{tail}{more_after}".split())
    return f"{role_label(event.role)} · “{around}” · {event.article_title[:40]}"


_WORDS_BEFORE = re.compile(r"(?:\S+\s+){0,5}$")
_WORDS_AFTER = re.compile(r"(?:\s*\S+){0,5}")


def _apply_role(store: Store, event: PlaceEvent, role_key: str) -> None:
    role = str(st.session_state.get(role_key))
    try:
        changes(store).correct_role(event, role)
    except MapError as exc:
        flash("error", str(exc))
        return
    flash("success", f"Role changed to {role_label(role).lower()}.")


def _apply_placement(
    store: Store,
    cache: GeoCache,
    event: PlaceEvent,
    choices: Sequence[service.PlaceChoice],
    choice_key: str,
    scope_key: str,
) -> None:
    picked = st.session_state.get(choice_key)
    if picked is None:
        return
    choice, everywhere = choices[picked], bool(st.session_state.get(scope_key))
    try:
        new_key = changes(store).correct_placement(cache, event, choice.match, everywhere=everywhere)
    except MapError as exc:
        flash("error", str(exc))
        return
    st.session_state["place_pick"] = new_key
    later = f" Articles added from now on place “{event.mention_text}” there too." if everywhere else ""
    flash("success", f"Moved to {choice.label}.{later}")


def _revert(store: Store, cache: GeoCache, get_pipeline: GetPipeline, event: PlaceEvent) -> None:
    try:
        undone = changes(store).revert(cache, get_pipeline(), event)
    except MapError as exc:
        flash("error", str(exc))
        return
    st.session_state["place_pick"] = None
    flash("success", f"Undid {undone} correction{'s' if undone != 1 else ''}; the article was read again.")
