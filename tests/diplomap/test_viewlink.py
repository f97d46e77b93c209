"""A shared link's query parameters, read strictly and written back (diplomap.viewlink)."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diplomap.viewlink import (
    PARAMS,
    Choices,
    MapView,
    ParsedLink,
    SharedView,
    link_params,
    parse_link,
    parse_time,
    parse_view,
)
from tests.hostile import hostile_strings

CHOICES = Choices(
    roles=("diplomatic_post", "meeting", "conflict", "mention"),
    default_roles=("diplomatic_post", "meeting", "conflict"),
    statuses=("operating", "closed", "unknown"),
    countries=frozenset({"AF", "FR", "IR"}),
    owners=frozenset({"NO", "US", "unknown"}),
    article_ids=frozenset({1, 2, 7}),
    actors=frozenset({"S Jaishankar", "Sergey Lavrov"}),
)


def parse(query: str) -> ParsedLink:
    return parse_link(parse_qs(query, keep_blank_values=True), CHOICES)


def payloads() -> list[str]:
    return hostile_strings()


def test_a_full_link_reads_back_what_was_written() -> None:
    shared = SharedView(
        roles=("meeting",),
        statuses=("closed",),
        owners=("NO",),
        countries=("AF", "IR"),
        article_ids=(2, 7),
        date_from=date(2024, 1, 5),
        date_to=date(2024, 3, 31),
        search="Kabul talks",
        uncertain=False,
        undated=False,
        view=MapView(34.51, 69.17, 6),
        actors=("S Jaishankar",),
        time="2021-07-13,7",
    )
    query = urlencode(link_params(shared))
    assert parse(query) == ParsedLink(shared)
    assert "view=34.51%2C69.17%2C6" in query


def test_the_default_view_writes_no_parameter() -> None:
    assert link_params(SharedView()) == {}
    assert parse("") == ParsedLink(SharedView())
    # the default roles named explicitly are still the default
    assert parse("show=meeting,conflict,diplomatic_post").shared.roles is None


def test_no_role_at_all_is_a_choice_of_its_own() -> None:
    assert parse("show=").shared.roles == ()
    assert link_params(SharedView(roles=())) == {"show": ""}


def test_unknown_values_are_left_out_and_named_by_parameter_only() -> None:
    link = parse(
        "show=meeting,<b>x</b>&country=af,ZZ&from=2024-02-30&view=95,10,3&q=a%00b&zap=1&uncertain=maybe"
    )
    assert link.shared == SharedView(roles=("meeting",), countries=("AF",))
    assert link.refused == ("show", "country", "from", "q", "uncertain", "view")
    assert link.unknown == 1
    assert link.note == (
        "Parts of this link were not understood and were left out: “show”, “country”, “from”, “q”, "
        "“uncertain”, “view”, 1 unknown parameter."
    )
    assert "<b>" not in link.note and "ZZ" not in link.note


def test_a_parameter_with_no_known_value_counts_as_absent() -> None:
    link = parse("show=parade&article=3,x")
    assert link.shared == SharedView()  # every role as by default, any article (3 is not stored)
    assert link.refused == ("show", "article")


def test_dates_in_the_wrong_order_are_both_left_out() -> None:
    link = parse("from=2024-05-01&to=2024-04-01")
    assert (link.shared.date_from, link.shared.date_to) == (None, None)
    assert link.refused == ("from", "to")


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("34.5,69.2,6", MapView(34.5, 69.2, 6)),
        ("-90,-180,0", MapView(-90, -180, 0)),
        ("0,0,19", MapView(0, 0, 19)),
        ("0,0,20", None),
        ("91,0,3", None),
        ("1,2", None),
        ("nan,1,2", None),
        ("1e2,1,2", None),
        ("1,2,3,4", None),
        (" 1,2,3", None),
        ("", None),
    ],
)
def test_a_view_is_three_plain_numbers_in_range(text: str, view: MapView | None) -> None:
    assert parse_view(text) == view


def test_an_overlong_value_is_refused_unread() -> None:
    link = parse("country=" + ",".join(["AF"] * 1500))
    assert link.shared.countries == () and link.refused == ("country",)


def test_the_shared_hostile_strings_never_come_through() -> None:
    for payload in payloads():
        for name in PARAMS:
            link = parse(urlencode({name: payload, payload[:40]: payload}))
            values = link_params(link.shared).values()
            if name == "q" and link.shared.search:  # the search box shows the text as typed
                assert link.shared.search == payload.strip()
                continue
            assert not any(payload in v for v in values), (name, payload)
            assert payload not in link.note


_TEXT = st.text(max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([*PARAMS, "zap", "embed"]) | _TEXT, st.lists(_TEXT, max_size=3)))
def test_any_parameters_parse_without_error_into_known_values_only(params: dict[str, list[str]]) -> None:
    shared = parse_link(params, CHOICES).shared
    assert set(shared.roles or ()) <= set(CHOICES.roles)
    assert set(shared.statuses) <= set(CHOICES.statuses)
    assert set(shared.countries) <= CHOICES.countries
    assert set(shared.owners) <= CHOICES.owners
    assert set(shared.article_ids) <= CHOICES.article_ids
    assert set(shared.actors) <= CHOICES.actors
    assert shared.time == "" or parse_time(shared.time) == shared.time
    assert len(shared.search) <= 200
    assert parse_link({k: [v] for k, v in link_params(shared).items()}, CHOICES).shared == shared


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("2021-07-13,7", "2021-07-13,7"),
        ("2021-07-13,30", "2021-07-13,30"),
        ("2021-07-13,5", ""),  # a day, a week or a month only
        ("2021-02-30,7", ""),
        ("2021-07-13", ""),
        ("<script>,7", ""),
    ],
)
def test_a_time_window_is_a_real_day_and_a_known_width(text: str, kept: str) -> None:
    assert parse_time(text) == kept
    parsed = parse("time=" + text)
    assert parsed.shared.time == kept and (("time",) if not kept else ()) == parsed.refused


def test_an_actor_not_in_the_store_is_left_out() -> None:
    parsed = parse("who=S%20Jaishankar,Nobody")
    assert parsed.shared.actors == ("S Jaishankar",) and parsed.refused == ("who",)
