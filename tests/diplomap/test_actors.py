"""Who met whom: spellings folded into actors, pairs of a meeting, the actor filter; a post's history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diplomap import service
from diplomap.actors import (
    actor_counts,
    actor_pairs,
    fold_actors,
    folded_counts,
    is_actor,
    name_words,
    network_svg,
    same_actor,
    tidy,
    with_actors,
)
from diplomap.compare import compare
from diplomap.events import PlaceEvent
from diplomap.ingest import worker_pipeline
from diplomap.posthistory import post_histories
from diplomap.store import Store
from diplomap.ui_compare import comparison_rows
from tests.hostile import hostile_strings


def event(**changes: Any) -> PlaceEvent:
    base = PlaceEvent(
        article_id=1,
        article_title="Talks",
        published="2021-07-13",
        place_name="Dushanbe",
        mention_text="Dushanbe",
        place_key="gn:1221874",
        lat=38.5,
        lon=68.8,
        kind="city",
        country_code="TJ",
        role="meeting",
        sentence="They met in Dushanbe.",
        mention_start=12,
        mention_end=20,
        confidence=0.9,
    )
    return _replace(base, **changes)


def _replace(base: PlaceEvent, **changes: Any) -> PlaceEvent:
    import dataclasses

    return dataclasses.replace(base, **changes)


def test_spellings_of_one_person_fold_and_namesakes_stay_apart() -> None:
    folded = fold_actors(
        [
            "Jaishankar",
            "S Jaishankar",
            "MHaneefAtmar",
            "Mohammad Haneef Atmar",
            "@MHaneefAtmar",
            "Foreign Minister Jaishankar",
            "Joe Biden",
            "Hunter Biden",
            "Biden",
            "India",
            "Sergey Lavrov",
        ]
    )
    assert folded["Jaishankar"] == folded["S Jaishankar"] == folded["Foreign Minister Jaishankar"]
    assert folded["S Jaishankar"] == "S Jaishankar"
    assert folded["MHaneefAtmar"] == folded["@MHaneefAtmar"] == "Mohammad Haneef Atmar"
    assert folded["Biden"] == "Biden"  # two people carry the name: not guessed
    assert folded["Joe Biden"] != folded["Hunter Biden"]
    assert folded["India"] == "India" and folded["Sergey Lavrov"] == "Sergey Lavrov"


def test_name_words_ignore_case_accents_dots_and_titles() -> None:
    assert name_words("President Émmanuel Macron") == ("emmanuel", "macron")
    assert name_words("S. Jaishankar") == ("s", "jaishankar")
    assert not same_actor(("s", "jaishankar"), ("jaishankar",))  # the fuller name is the second
    assert not same_actor(("john", "smith"), ("jane", "smith"))


@given(st.lists(st.text(max_size=30), max_size=12))
def test_folding_maps_every_name_to_a_name_it_was_given(names: list[str]) -> None:
    folded = fold_actors(names)
    assert set(folded) == {n.strip() for n in names if is_actor(n)}
    heads = {tidy(name): name for name in folded if tidy(folded[name]) == tidy(name)}
    assert set(folded.values()) <= set(heads)  # every name shows as one of the names given, tidied
    assert all(folded[heads[v]] == v for v in folded.values())  # a display name is its own actor


def test_bare_institution_words_are_not_actors_and_cut_parentheses_close() -> None:
    folded = fold_actors(
        ["State", "Secretary of State Marco Rubio", "African Continental Free Trade Area (AfCFTA"]
    )
    assert "State" not in folded
    assert (
        folded["African Continental Free Trade Area (AfCFTA"]
        == "African Continental Free Trade Area (AfCFTA)"
    )


def test_pairs_count_meetings_newest_first_and_ignore_other_roles() -> None:
    events = [
        event(event_id=1, participants=("S Jaishankar", "Mohammad Haneef Atmar"), when="2021-07-13"),
        event(event_id=2, article_id=2, participants=("Jaishankar", "MHaneefAtmar"), when="2021-07-14"),
        event(
            event_id=3, participants=("Sergey Lavrov", "Jaishankar"), place_name="Moscow", when="2021-07-09"
        ),
        event(event_id=4, role="diplomatic_post", participants=("S Jaishankar", "Imran Khan")),
    ]
    pairs = actor_pairs(events)
    assert [(p.first, p.second, p.meetings, p.latest) for p in pairs] == [
        ("Mohammad Haneef Atmar", "S Jaishankar", 2, "2021-07-14"),
        ("S Jaishankar", "Sergey Lavrov", 1, "2021-07-09"),
    ]
    assert pairs[0].event_ids == (1, 2) and pairs[1].places == ("Moscow",)
    assert actor_counts(events) == {"S Jaishankar": 3, "Mohammad Haneef Atmar": 2, "Sergey Lavrov": 1}
    assert [e.event_id for e in with_actors(events, ["Jaishankar"])] == [1, 2, 3]
    assert [e.event_id for e in with_actors(events, ["Sergey Lavrov"])] == [3]


def test_a_posts_history_lists_its_status_changes_in_date_order_per_owner() -> None:
    post = {"role": "diplomatic_post", "place_name": "Kandahar", "post_type": "consulate", "owner": "IN"}
    events = [
        event(event_id=1, article_id=3, published="2021-09-01", status="reopened", **post),
        event(event_id=2, article_id=1, published="2021-05-01", status="operating", **post),
        event(event_id=3, article_id=2, published="2021-07-11", status="evacuated", **post),
        event(event_id=4, article_id=4, published="2021-07-12", status="evacuated", **post),
        event(event_id=5, article_id=5, published=None, status=None, **post),
        event(event_id=6, article_id=2, published="2021-07-11", status="closed", **{**post, "owner": "PK"}),
        event(event_id=7, article_id=2, published="2021-07-11", role="meeting"),
    ]
    india, pakistan = post_histories(events)
    assert (india.owner, india.post_type, india.latest) == ("IN", "consulate", "reopened")
    assert [(c.date, c.status, c.event.event_id, c.repeated) for c in india.changes] == [
        ("2021-05-01", "operating", 2, 0),
        ("2021-07-11", "evacuated", 3, 1),
        ("2021-09-01", "reopened", 1, 1),  # the undated report with no status is counted last
    ]
    assert [c.status for c in pakistan.changes] == ["closed"]
    unsaid = event(
        event_id=8, article_id=6, published="2021-10-01", status="closed", **{**post, "owner": None}
    )
    assert len(post_histories([*events, unsaid])) == 3  # two owners known: whose it is is not guessed
    (alone,) = post_histories([e for e in events if e.owner == "IN"] + [unsaid])
    assert alone.owner == "IN" and alone.latest == "closed"  # the one owner known there


@pytest.fixture(scope="module")
def sample_events(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[PlaceEvent]]:
    with Store.open(tmp_path_factory.mktemp("actors") / "diplomap.db") as store:
        service.load_sample_if_new(store, worker_pipeline())
        yield service.filtered_events(store, service.EventFilter())


def test_the_samples_jaishankar_is_one_actor_who_met_atmar_in_dushanbe(
    sample_events: list[PlaceEvent],
) -> None:
    counts = actor_counts(sample_events)
    jaishankar = [name for name in counts if "jaishankar" in name_words(name)]
    assert len(jaishankar) == 1, counts  # "S Jaishankar" and "Jaishankar" are one actor
    met = {(p.first, p.second): p for p in actor_pairs(sample_events)}
    atmar = next(
        pair for names, pair in met.items() if jaishankar[0] in names and "Mohammad Haneef Atmar" in names
    )
    assert atmar.places == ("Dushanbe",) and atmar.latest == "2021-07-13"
    assert {e.place_name for e in with_actors(sample_events, ["Jaishankar"])} >= {"Dushanbe"}


def test_the_samples_kandahar_consulate_history_says_evacuated(sample_events: list[PlaceEvent]) -> None:
    kandahar = [e for e in sample_events if e.place_name.startswith("Kandah")]
    (india,) = post_histories(kandahar)
    assert india.owner == "IN" and india.latest == "evacuated"
    assert "evacuat" in india.changes[-1].event.sentence  # "after evacuating about 50 diplomats"


def test_the_network_picture_is_well_formed_svg_whatever_the_names() -> None:
    import xml.etree.ElementTree as ET

    payloads = [p for p in hostile_strings() if p.strip()]
    pairs = actor_pairs(
        [
            event(event_id=i, article_id=i, participants=(a, b), when=f"2021-07-{i % 28 + 1:02d}")
            for i, (a, b) in enumerate(zip(payloads, [*payloads[1:], payloads[0]], strict=True))
        ]
    )
    svg = ET.fromstring(network_svg(pairs))
    assert svg.tag.endswith("svg")
    tags = {element.tag.rsplit("}", 1)[-1] for element in svg.iter()}
    assert tags <= {"svg", "line", "circle", "text", "title"}  # no script, image or foreign element
    drawn = {t.text for t in svg.iter() if t.tag.endswith("title")}
    assert drawn and drawn <= {" ".join(p.split()) for p in payloads} | set(payloads)


def test_the_store_lists_meeting_participants_and_the_filter_keeps_their_meetings(
    sample_events: list[PlaceEvent], tmp_path: Path
) -> None:
    with Store.open(tmp_path / "diplomap.db") as store:
        service.load_sample_if_new(store, worker_pipeline())
        spelled = store.meeting_participants()
        assert {"Jaishankar", "S Jaishankar"} <= set(spelled)
        actors = folded_counts(spelled)
        (jaishankar,) = [a for a in actors if a.endswith("Jaishankar")]
        shown = service.filtered_events(store, service.EventFilter(actors=(jaishankar,)))
    assert shown and {e.role for e in shown} == {"meeting"}
    assert all(any("jaishankar" in name_words(p) for p in e.participants) for e in shown)
    assert len(shown) < len(
        [e for e in sample_events if e.role == "meeting"]
    )  # Lavrov's Moscow talks left out


def test_countries_side_by_side_count_posts_by_latest_status_meetings_and_conflict(
    sample_events: list[PlaceEvent],
) -> None:
    names = {"IN": "India", "AF": "Afghanistan", "TJ": "Tajikistan"}
    india, afghanistan, tajikistan = compare(sample_events, ["IN", "AF", "TJ"], names)
    # India's posts in Afghanistan: Kabul operating, Kandahar evacuated, Herat and Jalalabad unstaffed,
    # Mazar-e-Sharif at risk (the sample's table).
    assert india.posts_abroad["evacuated"] >= 1 and india.posts_abroad["operating"] >= 1
    assert sum(india.posts_abroad.values()) == 5, india.posts_abroad
    assert afghanistan.posts_hosted == 5 and afghanistan.posts_abroad == {}
    assert afghanistan.conflict_reports >= 3 and afghanistan.meetings_hosted == 0
    assert tajikistan.meetings_hosted >= 3  # Dushanbe
    assert india.meetings_attended >= 1  # "India" among the Dushanbe meeting's participants
    rows = comparison_rows([india, afghanistan])
    assert rows[0][""] == "Its posts abroad" and rows[0]["India (IN)"].startswith("5: ")
