"""Who met whom, for the events shown: the pairs (newest first), the excerpts of a picked pair, and a
small picture of the pairs. Names are drawn as grid cells or image text, never as markup."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from diplomap.actors import actor_pairs, involves, network_svg
from diplomap.events import PlaceEvent, reported_on
from diplomap.ui_text import highlighted_sentence, md_text

MAX_PAIRS_LISTED = 2_000


def actors_view(events: Sequence[PlaceEvent], chosen: Sequence[str] = ()) -> None:
    """The pairs who met in ``events``; only those with one of the ``chosen`` actors, if any."""
    pairs = actor_pairs(events)
    if chosen:
        pairs = [p for p in pairs if involves(p, chosen)]
    if not pairs:
        st.caption("No meeting among the events shown names two participants.")
        return
    who = f"with {', '.join(chosen)}" if chosen else "who met in the events shown"
    st.caption(
        f"{len(pairs):,} pair{'s' if len(pairs) != 1 else ''} {who}, newest first "
        "(spellings of one name folded). Click a row to read the sentences."
    )
    listed = pairs[:MAX_PAIRS_LISTED]
    rows = [
        {
            "Who": p.first,
            "Met": p.second,
            "Meetings": p.meetings,
            "Last met": p.latest or "undated",
            "Where": ", ".join(p.places),
        }
        for p in listed
    ]
    table, picture = st.columns([3, 2], gap="medium")
    with table:
        state = st.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            key="pairs_grid",
            on_select="rerun",
            selection_mode="single-row",
        )
    with picture:
        st.image(network_svg(pairs), caption="The most connected: a line per pair, thicker for more meetings")
    picked = list(state.selection.rows) if state is not None else []
    if picked and 0 <= picked[0] < len(listed):
        _pair_excerpts(listed[picked[0]].event_ids, events)


def _pair_excerpts(event_ids: Sequence[int], events: Sequence[PlaceEvent]) -> None:
    wanted = set(event_ids)
    chosen = sorted((e for e in events if e.event_id in wanted), key=reported_on, reverse=True)
    with st.container(key="pair_excerpts"):
        for event in chosen:
            when = reported_on(event) or "undated"
            st.markdown(f"**{md_text(event.place_name)}** · {md_text(when)} · {md_text(event.article_title)}")
            st.markdown("> " + highlighted_sentence(event).replace("\n\n", "\n>\n> "))
