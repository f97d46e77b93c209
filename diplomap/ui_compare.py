"""Up to five countries side by side over the events shown (the filters' window)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from diplomap.compare import MAX_COUNTRIES, CountryFigures, compare
from diplomap.events import PlaceEvent
from diplomap.ui_text import country_label, country_name, status_label


def compare_view(events: Sequence[PlaceEvent], countries: Sequence[str]) -> None:
    picked = st.multiselect(
        "Countries",
        countries,
        format_func=country_label,
        key="cmp_countries",
        max_selections=MAX_COUNTRIES,
        placeholder=f"Pick up to {MAX_COUNTRIES} countries",
    )
    if not picked:
        st.caption("Pick countries to see their posts, meetings and conflict reports side by side.")
        return
    figures = compare(events, picked, {code: country_name(code) for code in picked})
    st.dataframe(comparison_rows(figures), hide_index=True, width="stretch", key="cmp_grid")
    st.caption(
        "Over the events shown (the filters apply). Posts abroad by their latest status; meetings "
        "attended are those held elsewhere that name the country among the participants."
    )


def comparison_rows(figures: Sequence[CountryFigures]) -> list[dict[str, str]]:
    """One row per figure, one column per country: plain text cells."""

    def posts(f: CountryFigures) -> str:
        if not f.posts_abroad:
            return "0"
        parts = [
            f"{n} {status_label(status) if status else 'status not stated'}"
            for status, n in f.posts_abroad.items()
        ]
        return f"{sum(f.posts_abroad.values())}: " + ", ".join(parts).lower()

    lines = (
        ("Its posts abroad", posts),
        ("Foreign posts in it", lambda f: f"{f.posts_hosted}"),
        ("Meetings hosted", lambda f: f"{f.meetings_hosted}"),
        ("Meetings attended elsewhere", lambda f: f"{f.meetings_attended}"),
        ("Conflict reports", lambda f: f"{f.conflict_reports} at {f.conflict_places} places"),
    )
    return [{"": label, **{country_label(f.code): cell(f) for f in figures}} for label, cell in lines]
