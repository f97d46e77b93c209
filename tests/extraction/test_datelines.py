"""Wire datelines: where a story happens, and "here" meaning that place."""

from __future__ import annotations

import pytest

from extraction.datelines import dateline_mentions, find_dateline_place


@pytest.mark.parametrize(
    ("text", "place", "region"),
    [
        ("BRUSSELS, March 5 - The European Union said on Tuesday...", "BRUSSELS", None),
        ("LA PAZ - Bolivia's government said...", "LA PAZ", None),
        ("KABUL (Reuters) - The Taliban said...", "KABUL", None),
        ("Caracas, March 4, 2024 - Venezuela's foreign ministry said...", "Caracas", None),
        ("KABUL, Afghanistan, July 13, 2021 (Reuters) — Fighting...", "KABUL", "Afghanistan"),
        ("SÃO PAULO, Brazil (AP) — Police said...", "SÃO PAULO", "Brazil"),
        ("Ministers meet in Vienna\nVIENNA, Oct. 3 (AFP) - Austria said...", "VIENNA", None),
    ],
)
def test_the_dateline_place_is_found_in_capitals_or_not(text: str, place: str, region: str | None) -> None:
    found = find_dateline_place(text)
    assert found is not None
    assert (text[found.start : found.end], found.region) == (place, region)


@pytest.mark.parametrize(
    "text",
    [
        "Kenya - the country's president said on Monday that...",  # a mixed-case name needs a date or agency
        "The US said - after a long pause - that it would...",
        " date 2021-07-13 In the wake of the deteriorating security situation...",
        "Officials met in Geneva on Tuesday.",
    ],
)
def test_sentences_are_not_datelines(text: str) -> None:
    assert find_dateline_place(text) is None


def test_here_after_a_post_a_meeting_or_a_fight_stands_for_the_dateline_city() -> None:
    text = "LA PAZ (Reuters) - Peru closed its embassy here. Talks here failed. Life here goes on."
    place = find_dateline_place(text)
    assert place is not None
    mentions = dateline_mentions(text, place, "La Paz", "BO")
    assert [(m.text, m.query, m.label) for m in mentions] == [
        ("LA PAZ", "La Paz", "GAZ"),
        ("here", "La Paz", "DESC"),  # "embassy here"
        ("here", "La Paz", "DESC"),  # "Talks here"; not "Life here"
    ]
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.sentence.start <= m.start < m.end <= m.sentence.end
