"""The dashboard's glue without Streamlit: ingest, filters, export and corrections, on the real
spaCy model, the real gazetteer and a real SQLite file per test."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from diplomap import service
from diplomap.pipeline import Pipeline
from diplomap.service import EventFilter
from diplomap.store import Store
from extraction.nlp import load_pipeline
from geo.cache import GeoCache
from geo.gazetteer import Gazetteer

KANDAHAR_CITY = 1138336
KANDAHAR = f"gn:{KANDAHAR_CITY}"
PARIS = "gn:2988507"
PARIS_TEXT = (
    b"Norway closes its embassy in Paris\n\n"
    b"Norway closed its embassy in Paris on Monday after a fire, the foreign ministry in Oslo said.\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "diplomap.db") as opened:
        yield opened


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[GeoCache]:
    with GeoCache(service.geocache_path(tmp_path / "diplomap.db")) as opened:
        yield opened


@pytest.fixture
def pipeline(nlp, gazetteer: Gazetteer, cache: GeoCache) -> Pipeline:  # type: ignore[no-untyped-def]
    return service.make_pipeline(nlp, gazetteer, cache)


@pytest.fixture
def sample_store(store: Store, pipeline: Pipeline) -> Store:
    outcomes = service.load_sample_if_new(store, pipeline)
    assert [o.status for o in outcomes] == ["added"]
    return store


# -- ingest ------------------------------------------------------------------------------------


def test_a_good_file_a_binary_and_an_empty_file_each_get_their_own_outcome(
    store: Store, pipeline: Pipeline
) -> None:
    calls: list[tuple[int, int, str]] = []
    files = [("empty.txt", b""), ("photo.txt", PNG), ("paris.txt", PARIS_TEXT)]
    outcomes = service.ingest_files(
        files, store=store, pipeline=pipeline, progress=lambda *a: calls.append(a)
    )

    by_file = {o.filename: o for o in outcomes}
    assert by_file["empty.txt"].status == "refused" and by_file["empty.txt"].code == "empty"
    assert by_file["photo.txt"].status == "refused" and by_file["photo.txt"].code == "binary"
    paris = by_file["paris.txt"]
    assert paris.status == "added" and paris.title == "Norway closes its embassy in Paris"
    assert paris.n_events >= 1 and paris.article_id is not None
    posts = store.events(roles=["diplomatic_post"], article_ids=[paris.article_id])
    assert {(e.place_key, e.status, e.post_type) for e in posts} == {(PARIS, "closed", "embassy")}
    assert calls == [(0, 3, "empty.txt"), (1, 3, "photo.txt"), (2, 3, "paris.txt"), (3, 3, "")]


def test_the_same_text_again_is_a_duplicate_of_the_stored_article(store: Store, pipeline: Pipeline) -> None:
    first = service.ingest_file(PARIS_TEXT, "paris.txt", store=store, pipeline=pipeline)
    again = service.ingest_file(PARIS_TEXT.replace(b"\n", b"\r\n"), "copy.md", store=store, pipeline=pipeline)
    assert [o.status for o in again] == ["duplicate"]
    assert again[0].article_id == first[0].article_id
    assert len(store.articles()) == 1


def test_a_json_lines_file_keeps_its_good_records_and_refuses_the_bad_one(
    store: Store, pipeline: Pipeline
) -> None:
    good = {"title": "Embassy closed", "text": PARIS_TEXT.decode(), "date": "2024-03-04"}
    data = (json.dumps(good) + "\n{not json\n").encode()
    outcomes = service.ingest_file(data, "feed.jsonl", store=store, pipeline=pipeline)
    assert [o.status for o in outcomes if o.status != "refused"] == ["added"]
    refused = [o for o in outcomes if o.status == "refused"]
    assert len(refused) == 1 and refused[0].item == 1 and refused[0].message
    assert store.articles()[0].published == "2024-03-04"


def test_the_sample_is_loaded_into_a_new_store_only(store: Store, pipeline: Pipeline) -> None:
    assert [o.status for o in service.load_sample_if_new(store, pipeline)] == ["added"]
    assert service.load_sample_if_new(store, pipeline) == []
    (article,) = store.articles()
    store.remove_article(article.id)
    assert service.load_sample_if_new(store, pipeline) == []  # emptied on purpose: stays empty
    assert store.articles() == []


# -- filters, summaries, export ----------------------------------------------------------------


def test_filters_narrow_the_sample_events(sample_store: Store) -> None:
    everything = service.filtered_events(sample_store, EventFilter())
    counts = service.role_counts(everything)
    assert counts["diplomatic_post"] >= 1 and counts["meeting"] >= 1 and counts["conflict"] >= 1

    posts = service.filtered_events(sample_store, EventFilter(roles=("diplomatic_post",)))
    assert posts and {e.role for e in posts} == {"diplomatic_post"}
    assert service.filtered_events(sample_store, EventFilter(roles=())) == []

    evacuated = service.filtered_events(sample_store, EventFilter(statuses=("evacuated",)))
    assert {e.place_key for e in evacuated if e.role == "diplomatic_post"} == {KANDAHAR}
    assert any(e.role == "meeting" for e in evacuated)  # the status filter leaves other roles alone

    indian = service.filtered_events(sample_store, EventFilter(owners=("IN",)))
    assert len([e for e in indian if e.role == "diplomatic_post"]) == counts["diplomatic_post"]  # all India's
    others = service.filtered_events(sample_store, EventFilter(owners=("FR", "unknown")))
    assert not [e for e in others if e.role == "diplomatic_post"] and any(e.role == "meeting" for e in others)

    found = service.filtered_events(sample_store, EventFilter(search="kandahar"))
    assert found and all("kandahar" in (e.sentence + e.place_name).casefold() for e in found)


def test_events_per_day_and_date_bounds_use_the_article_date(sample_store: Store) -> None:
    events = service.filtered_events(sample_store, EventFilter())
    per_day = service.events_per_day(events)
    assert list(per_day) == ["2021-07-13"]
    assert sum(per_day["2021-07-13"].values()) == len(events)
    bounds = service.date_bounds(sample_store)
    assert bounds is not None and bounds[0].isoformat() == "2021-07-13" == bounds[1].isoformat()


def test_csv_export_holds_the_kandahar_consulate(sample_store: Store) -> None:
    events = service.filtered_events(sample_store, EventFilter(roles=("diplomatic_post",)))
    text = service.events_csv(events)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(events)
    kandahar = [r for r in rows if r["place_key"] == KANDAHAR]
    assert kandahar and kandahar[0]["mention_text"] == "Kandahar" and kandahar[0]["status"] == "evacuated"
    assert "Kandahar" in kandahar[0]["sentence"]
    assert abs(float(kandahar[0]["lat"]) - 31.61) < 0.1


def test_geojson_export_is_points_in_lon_lat_order(sample_store: Store) -> None:
    events = service.filtered_events(sample_store, EventFilter(roles=("diplomatic_post",)))
    collection = json.loads(service.events_geojson(events))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(events)
    kandahar = next(f for f in collection["features"] if f["properties"]["place_key"] == KANDAHAR)
    lon, lat = kandahar["geometry"]["coordinates"]
    assert abs(lon - 65.71) < 0.1 and abs(lat - 31.61) < 0.1


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(sample_store: Store) -> None:
    event = service.filtered_events(sample_store, EventFilter())[0]
    hostile = dataclasses.replace(event, article_title='=HYPERLINK("http://x")', lat=-3.5)
    row = next(csv.DictReader(io.StringIO(service.events_csv([hostile]))))
    assert row["article_title"] == '\'=HYPERLINK("http://x")'
    assert row["lat"] == "-3.5"  # numbers stay numbers


def test_the_mention_is_found_in_the_whole_article(sample_store: Store) -> None:
    (event, *_) = [e for e in sample_store.events_at(KANDAHAR) if e.role == "diplomatic_post"]
    text = sample_store.article_text(event.article_id)
    span = service.locate_mention(text, event)
    assert span is not None and text[span[0] : span[1]] == "Kandahar"


# -- corrections -------------------------------------------------------------------------------


def test_gazetteer_choices_put_the_city_first(gazetteer: Gazetteer) -> None:
    choices = service.place_choices(gazetteer, "Kandahar")
    assert choices[0].match.geonameid == KANDAHAR_CITY
    assert len(choices) >= 2
    assert choices[0].label == "Kandahār — city in Afghanistan, pop. 523,300 (31.613, 65.710)"


def test_gazetteer_choices_ignore_accents_and_common_spellings(gazetteer: Gazetteer) -> None:
    assert service.place_choices(gazetteer, "Douma")[0].label.startswith("Dūmā — city in Syria")
    assert service.place_choices(gazetteer, "St. Petersburg")[0].label.startswith(
        "Saint Petersburg — city in Russia"
    )


def test_corrections_persist_and_the_override_wins_when_the_article_is_read_again(
    tmp_path: Path,
    sample_store: Store,
    cache: GeoCache,
    nlp,
    gazetteer: Gazetteer,  # type: ignore[no-untyped-def]
) -> None:
    posts = [e for e in sample_store.events_at(KANDAHAR) if e.role == "diplomatic_post"]
    meeting = next(e for e in sample_store.events(roles=["meeting"]))
    province = next(c.match for c in service.place_choices(gazetteer, "Kandahar") if c.match.kind == "region")

    service.correct_role(sample_store, meeting.event_id, "conflict")
    new_key = service.correct_placement(sample_store, cache, posts[0], province)
    assert new_key == f"gn:{province.geonameid}" != KANDAHAR
    db, article_id = sample_store.path, posts[0].article_id
    sample_store.close()
    cache.close()

    with Store.open(db) as reopened:
        moved = reopened.events_at(new_key)
        assert {e.event_id for e in posts} <= {e.event_id for e in moved}  # every post of that mention
        assert all(e.mention_text == "Kandahar" and e.place_name == province.name for e in moved)
        assert not [e for e in reopened.events_at(KANDAHAR) if e.mention_text == "Kandahar"]
        assert next(e for e in reopened.events() if e.event_id == meeting.event_id).role == "conflict"
        assert {c.field for c in reopened.corrections()} >= {"role", "place_key", "lat", "lon"}
        article = service.stored_article(reopened, article_id)

    with GeoCache(service.geocache_path(db)) as restarted:
        assert restarted.get_override("Kandahar") is not None
        again = service.make_pipeline(nlp, gazetteer, restarted).events(article)
    read_kandahar = {e.place_key for e in again if e.mention_text == "Kandahar"}
    assert read_kandahar == {new_key}
    plain = Pipeline(nlp, gazetteer).events(article)
    assert {e.place_key for e in plain if e.mention_text == "Kandahar"} == {KANDAHAR}


def test_articles_an_earlier_reader_read_are_read_again_keeping_corrections(
    sample_store: Store, pipeline: Pipeline
) -> None:
    assert service.stale_articles(sample_store) == []  # just read by this reader
    (article_id,) = [a.id for a in sample_store.articles()]
    fresh = sorted((e.place_key, e.sentence, e.mention_start, e.role) for e in sample_store.events())
    post = next(e for e in sample_store.events_at(KANDAHAR) if e.role == "diplomatic_post")
    service.correct_role(sample_store, post.event_id, "conflict")
    # What an older reader left: one wrong event, and another reading stamp.
    wrong = dataclasses.replace(post, role="meeting", place_key="gn:1", mention_start=0, mention_end=3)
    sample_store.replace_events(article_id, [wrong], reading="an earlier reader")
    assert service.stale_articles(sample_store) == [article_id]
    calls: list[tuple[int, int, str]] = []

    outcomes = service.reread_articles(
        sample_store, pipeline, [article_id, 999], progress=lambda *a: calls.append(a)
    )

    done, missing = outcomes
    assert (done.article_id, done.n_events, done.corrections, done.error) == (article_id, len(fresh), 1, "")
    assert missing.article_id == 999 and "no article with id 999" in missing.error
    assert calls[-1] == (2, 2, "") and calls[0][:2] == (0, 2)
    again = sorted((e.place_key, e.sentence, e.mention_start, e.role) for e in sample_store.events())
    corrected = (KANDAHAR, post.sentence, post.mention_start)
    assert again == sorted(
        (*corrected, "conflict") if (k, sentence, start) == corrected else (k, sentence, start, role)
        for k, sentence, start, role in fresh
    )  # as read afresh, with the person's correction kept
    assert service.stale_articles(sample_store) == []


def test_an_unknown_role_is_refused(sample_store: Store) -> None:
    event = service.filtered_events(sample_store, EventFilter())[0]
    with pytest.raises(ValueError):
        service.correct_role(sample_store, event.event_id, "picnic")
