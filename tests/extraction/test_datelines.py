"""Wire datelines: where a story happens, and "here" meaning that place."""

from __future__ import annotations

import pytest

from extraction.datelines import bare_posts, dateline_mentions, find_dateline_place


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
        ("BEIRUT, Lebanon (AP) _ Syrian troops shelled...", "BEIRUT", "Lebanon"),  # AP's dash of the 1980s
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
    text = (
        "LA PAZ (Reuters) - Peru closed its embassy here. Talks here failed. Life here goes on. Shelling "
        "here killed two. Garcia hosted Chilean President Augusto Pinochet here. The attack on the embassy "
        "in Lima shocked diplomats here."
    )
    place = find_dateline_place(text)
    assert place is not None
    mentions = dateline_mentions(text, place, "La Paz", "BO")
    assert [(m.text, m.query, m.label) for m in mentions] == [
        ("LA PAZ", "La Paz", "GAZ"),
        ("here", "La Paz", "DESC"),  # "embassy here"
        ("here", "La Paz", "DESC"),  # "Talks here"; not "Life here"
        ("here", "La Paz", "DESC"),  # "Shelling here"
        ("here", "La Paz", "DESC"),  # "hosted ... here"; not "attack ... diplomats here", too far
    ]
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.sentence.start <= m.start < m.end <= m.sentence.end


def test_a_post_named_by_its_owner_alone_is_found_after_the_dateline() -> None:
    text = (
        "WASHINGTON (AP) _ The Soviet Embassy said two diplomats must leave. The U.S. Embassy in Moscow, "
        "the British Embassy Tokyo and West Germany's consulate here were not named."
    )
    place = find_dateline_place(text)
    assert place is not None
    found = [(text[p.start : p.end], p.owners, p.by_pronoun) for p in bare_posts(text, place)]
    assert found == [("Embassy", ("Soviet",), False)]


def test_a_post_its_owners_pronoun_names_is_found_with_the_names_before_it() -> None:
    """'Belgium said it had closed its embassy': the owner is one of the names before the pronoun,
    after the header (not the dateline's own country); 'its embassy in Nairobi' is placed already."""
    text = (
        "KIGALI, Rwanda (Reuters) - Belgium, the former colonial power, said it had closed its embassy. "
        "France moved its embassy in Nairobi. Britain said their embassies here were open."
    )
    place = find_dateline_place(text)
    assert place is not None
    found = [(text[p.start : p.end], p.owners, p.by_pronoun) for p in bare_posts(text, place)]
    assert found == [("embassy", ("Belgium",), True)]
