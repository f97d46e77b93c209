"""The article store against a real SQLite file: round trips, filters, cascade, corrections."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplomap.errors import StoreError
from diplomap.events import PlaceEvent
from diplomap.store import AddResult, ArticleRow, Correction, Store, default_db_path
from extraction.types import Article

SAMPLE = Path(__file__).resolve().parents[2] / "assets/samples/000_4e41f000fa338b9a.txt"
KANDAHAR = "gn:1138336"
KABUL = "gn:1138958"
DUSHANBE = "gn:1221874"
HERAT = "gn:1139715"


def article(text: str, title: str, published: date | None, content_hash: str) -> Article:
    return Article(text, title, published, "test", content_hash, filename=f"{content_hash}.txt", fmt="txt")


def event(place_key: str, place_name: str, lat: float, lon: float, role: str, **extra: object) -> PlaceEvent:
    defaults: dict[str, object] = {
        "article_id": 0,
        "article_title": "",
        "published": None,
        "place_name": place_name,
        "mention_text": place_name,
        "place_key": place_key,
        "lat": lat,
        "lon": lon,
        "kind": "city",
        "country_code": "AF",
        "role": role,
        "sentence": f"Something happened in {place_name}.",
        "mention_start": 22,
        "mention_end": 22 + len(place_name),
        "confidence": 0.9,
    }
    return PlaceEvent(**(defaults | extra))  # type: ignore[arg-type]


KANDAHAR_SENTENCE = (
    "Although 50 Indian diplomats and staff were evacuated from Kandahar by a special Indian Air Force plane"
)
KANDAHAR_CONSULATE = event(
    KANDAHAR,
    "Kandahar",
    31.61332,
    65.71013,
    "diplomatic_post",
    sentence=KANDAHAR_SENTENCE,
    mention_start=KANDAHAR_SENTENCE.index("Kandahar"),
    mention_end=KANDAHAR_SENTENCE.index("Kandahar") + len("Kandahar"),
    post_type="consulate",
    owner="IN",
    status="evacuated",
    when="2021-07-11",
    when_precision="day",
    geonameid=1138336,
)
DUSHANBE_MEETING = event(
    DUSHANBE,
    "Dushanbe",
    38.53575,
    68.77905,
    "meeting",
    country_code="TJ",
    participants=("S Jaishankar", "Mohammad Haneef Atmar"),
    geonameid=1221874,
)
KABUL_EMBASSY_OPEN = event(
    KABUL, "Kabul", 34.52813, 69.17233, "diplomatic_post", post_type="embassy", owner="IN", status="operating"
)
KABUL_EMBASSY_EVACUATED = event(
    KABUL, "Kabul", 34.52813, 69.17233, "diplomatic_post", post_type="embassy", owner="FR", status="evacuated"
)
HERAT_FIGHTING = event(HERAT, "Herat", 34.34817, 62.19967, "conflict")
PAKISTAN_MENTION = event("gn:1168579", "Pakistan", 30.0, 70.0, "mention", kind="country", country_code="PK")

KANDAHAR_ARTICLE = article(
    SAMPLE.read_text(encoding="utf-8"), "India evacuates Kandahar consulate", date(2021, 7, 13), "h-kandahar"
)
KABUL_ARTICLE = article(
    "La France évacue son ambassade.", "Évacuation de Kaboul", date(2021, 8, 16), "h-kabul"
)
UNDATED_ARTICLE = article("Pakistan was mentioned.", "A note on Pakistan", None, "h-undated")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "diplomap.db") as opened:
        yield opened


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    """Three articles stored; maps a name to its article id."""
    kandahar = store.add_article(KANDAHAR_ARTICLE, [KANDAHAR_CONSULATE, DUSHANBE_MEETING, KABUL_EMBASSY_OPEN])
    kabul = store.add_article(KABUL_ARTICLE, [KABUL_EMBASSY_EVACUATED, HERAT_FIGHTING])
    undated = store.add_article(UNDATED_ARTICLE, [PAKISTAN_MENTION])
    return {"kandahar": kandahar.article_id, "kabul": kabul.article_id, "undated": undated.article_id}


def places(events: list[PlaceEvent]) -> list[tuple[str, str]]:
    return [(e.place_name, e.role) for e in events]


def test_add_article_stores_article_and_events(store: Store, ids: dict[str, int]) -> None:
    rows = store.articles()
    assert [row.title for row in rows] == [
        "India evacuates Kandahar consulate",
        "Évacuation de Kaboul",
        "A note on Pakistan",
    ]
    assert rows[0] == ArticleRow(
        id=ids["kandahar"],
        title="India evacuates Kandahar consulate",
        published="2021-07-13",
        source="test",
        filename="h-kandahar.txt",
        fmt="txt",
        added_at=rows[0].added_at,
        n_events=3,
    )
    assert rows[0].added_at.endswith("+00:00")
    assert [row.n_events for row in rows] == [3, 2, 1]
    assert store.article_text(ids["kandahar"]) == KANDAHAR_ARTICLE.text
    assert store.has_article("h-kabul") and not store.has_article("h-unknown")


def test_stored_event_round_trips_every_field(store: Store, ids: dict[str, int]) -> None:
    (kandahar,) = store.events_at(KANDAHAR)
    assert kandahar.event_id > 0
    expected = dataclasses.replace(
        KANDAHAR_CONSULATE,
        article_id=ids["kandahar"],
        article_title="India evacuates Kandahar consulate",
        published="2021-07-13",
        event_id=kandahar.event_id,
    )
    assert kandahar == expected
    assert (kandahar.lat, kandahar.lon) == (31.61332, 65.71013)
    assert kandahar.sentence[kandahar.mention_start : kandahar.mention_end] == "Kandahar"
    (dushanbe,) = store.events_at(DUSHANBE)
    assert dushanbe.participants == ("S Jaishankar", "Mohammad Haneef Atmar")


def test_duplicate_content_hash_inserts_nothing(store: Store, ids: dict[str, int]) -> None:
    version = store.data_version()
    again = dataclasses.replace(KANDAHAR_ARTICLE, title="Same text, other title", filename="copy.txt")
    result = store.add_article(again, [HERAT_FIGHTING])
    assert result == AddResult(ids["kandahar"], "duplicate")
    assert len(store.articles()) == 3
    assert len(store.events()) == 6
    assert store.data_version() == version  # nothing changed, so the map need not be rebuilt


def test_article_text_of_unknown_id_raises(store: Store) -> None:
    with pytest.raises(StoreError, match="no article with id 42"):
        store.article_text(42)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, [("Kandahar", "diplomatic_post"), ("Dushanbe", "meeting"), ("Kabul", "diplomatic_post"),
              ("Kabul", "diplomatic_post"), ("Herat", "conflict"), ("Pakistan", "mention")]),
        ({"roles": ["meeting", "conflict"]}, [("Dushanbe", "meeting"), ("Herat", "conflict")]),
        ({"roles": "mention"}, [("Pakistan", "mention")]),
        ({"roles": []}, []),
        ({"statuses": ["evacuated"]}, [("Kandahar", "diplomatic_post"), ("Kabul", "diplomatic_post")]),
        ({"countries": ["TJ", "PK"]}, [("Dushanbe", "meeting"), ("Pakistan", "mention")]),
        ({"date_from": date(2021, 8, 1)}, [("Kabul", "diplomatic_post"), ("Herat", "conflict")]),
        ({"date_to": date(2021, 7, 13)},
         [("Kandahar", "diplomatic_post"), ("Dushanbe", "meeting"), ("Kabul", "diplomatic_post")]),
        ({"date_from": date(2021, 7, 14), "date_to": date(2021, 8, 15)}, []),
        # the undated article stays when asked to (the dashboard's "Include undated" switch)
        ({"date_from": date(2021, 8, 1), "undated": True},
         [("Kabul", "diplomatic_post"), ("Herat", "conflict"), ("Pakistan", "mention")]),
        ({"date_from": date(2021, 7, 14), "date_to": date(2021, 8, 15), "undated": True},
         [("Pakistan", "mention")]),
        ({"undated": True, "roles": ["meeting"]}, [("Dushanbe", "meeting")]),
        ({"search": "JAISHANKAR"}, [("Dushanbe", "meeting")]),  # participants
        ({"search": "special indian air force"}, [("Kandahar", "diplomatic_post")]),  # sentence
        ({"search": "ÉVACUATION"}, [("Kabul", "diplomatic_post"), ("Herat", "conflict")]),  # title, non-ASCII
        # "fr": Kandahar by its sentence ("from"), Kabul only by its owner FR
        ({"search": "fr"}, [("Kandahar", "diplomatic_post"), ("Kabul", "diplomatic_post")]),
        ({"search": "  herat "}, [("Herat", "conflict")]),  # place name
        ({"search": "%"}, []),  # no LIKE wildcards
        ({"search": "'; DROP TABLE events; --"}, []),
        ({"roles": ["diplomatic_post"], "statuses": ["evacuated"], "date_from": date(2021, 8, 1)},
         [("Kabul", "diplomatic_post")]),
    ],
)  # fmt: skip
def test_event_filters(
    store: Store, ids: dict[str, int], filters: dict[str, object], expected: list[tuple[str, str]]
) -> None:
    assert places(store.events(**filters)) == expected  # type: ignore[arg-type]
    assert len(store.events()) == 6  # the injection attempt above dropped nothing


def test_an_article_can_be_dated_and_its_events_follow(store: Store, ids: dict[str, int]) -> None:
    version = store.data_version()
    assert store.set_published([ids["undated"]], date(2021, 9, 1)) == 1
    assert store.data_version() > version
    assert store.undated_articles() == 0
    assert places(store.events(date_from=date(2021, 9, 1))) == [("Pakistan", "mention")]
    assert store.set_published([ids["undated"]], None) == 1 and store.undated_articles() == 1
    assert store.set_published([], date(2021, 9, 1)) == 0 and store.set_published([999], None) == 0


def test_undated_articles_are_counted(store: Store, ids: dict[str, int]) -> None:
    assert store.undated_articles() == 1
    store.remove_article(ids["undated"])
    assert store.undated_articles() == 0


def test_facets_come_from_small_queries_the_same_as_from_every_row(store: Store, ids: dict[str, int]) -> None:
    rows = store.articles()
    assert store.article_titles() == {row.id: row.title for row in rows}
    dated = sorted(row.published for row in rows if row.published)
    assert store.published_bounds() == (dated[0], dated[-1])
    for article_id in ids.values():
        store.remove_article(article_id)
    assert store.published_bounds() is None and store.article_titles() == {}


def test_events_filtered_by_article_ids(store: Store, ids: dict[str, int]) -> None:
    events = store.events(article_ids=[ids["kabul"], ids["undated"]])
    assert {e.article_id for e in events} == {ids["kabul"], ids["undated"]}
    assert [e.event_id for e in events] == sorted(e.event_id for e in events)
    assert places(events) == [("Kabul", "diplomatic_post"), ("Herat", "conflict"), ("Pakistan", "mention")]


def test_events_at_lists_newest_article_first(store: Store, ids: dict[str, int]) -> None:
    at_kabul = store.events_at(KABUL)
    assert [(e.article_id, e.status, e.owner) for e in at_kabul] == [
        (ids["kabul"], "evacuated", "FR"),  # 2021-08-16
        (ids["kandahar"], "operating", "IN"),  # 2021-07-13
    ]
    assert store.events_at("gn:0") == []


def test_remove_article_cascades_to_its_events(store: Store, ids: dict[str, int]) -> None:
    assert store.remove_article(ids["kandahar"]) is True
    assert store.events_at(KANDAHAR) == []
    assert places(store.events_at(KABUL)) == [("Kabul", "diplomatic_post")]
    assert store.count_by_role() == {"conflict": 1, "diplomatic_post": 1, "mention": 1}
    assert not store.has_article("h-kandahar")
    assert store.remove_article(ids["kandahar"]) is False


def test_count_by_role(store: Store, ids: dict[str, int]) -> None:
    assert store.count_by_role() == {"conflict": 1, "diplomatic_post": 3, "meeting": 1, "mention": 1}


def test_correct_event_updates_event_and_records_corrections(store: Store, ids: dict[str, int]) -> None:
    (herat,) = store.events_at(HERAT)
    store.correct_event(herat.event_id, role="mention", lat=34.3482, lon=62.1997, geonameid=1139715)
    (corrected,) = store.events_at(HERAT)
    assert (corrected.role, corrected.lat, corrected.lon, corrected.geonameid) == (
        "mention",
        34.3482,
        62.1997,
        1139715,
    )
    assert corrected.place_name == "Herat"  # untouched fields stay
    corrections = store.corrections()
    assert [(c.field, c.new_value) for c in corrections] == [
        ("role", "mention"),
        ("lat", 34.3482),
        ("lon", 62.1997),
        ("geonameid", 1139715),
    ]
    assert all(
        (c.article_id, c.mention_text, c.place_key_from) == (ids["kabul"], "Herat", HERAT)
        for c in corrections
    )


def test_correcting_place_key_moves_the_event(store: Store, ids: dict[str, int]) -> None:
    (kandahar,) = store.events_at(KANDAHAR)
    store.correct_event(
        kandahar.event_id, place_key="gn:1138335", place_name="Kandahar Province", kind="region"
    )
    assert store.events_at(KANDAHAR) == []
    (moved,) = store.events_at("gn:1138335")
    assert (moved.place_name, moved.kind) == ("Kandahar Province", "region")
    assert {c.place_key_from for c in store.corrections()} == {KANDAHAR}


def test_corrections_persist_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    with Store.open(path) as store:
        store.add_article(KABUL_ARTICLE, [KABUL_EMBASSY_EVACUATED, HERAT_FIGHTING])
        herat = store.events_at(HERAT)[0]
        store.correct_event(herat.event_id, country_code="IR")
    with Store.open(path) as reopened:
        assert reopened.events_at(HERAT)[0].country_code == "IR"
        (correction,) = reopened.corrections()
        assert isinstance(correction, Correction)
        assert (correction.field, correction.new_value) == ("country_code", "IR")
        assert reopened.recovered_from is None


def test_correct_event_rejects_unknown_event_and_bad_coordinates(store: Store, ids: dict[str, int]) -> None:
    version = store.data_version()
    with pytest.raises(StoreError, match="no event with id 999"):
        store.correct_event(999, role="meeting")
    (kandahar,) = store.events_at(KANDAHAR)
    with pytest.raises(ValueError, match="out of range"):
        store.correct_event(kandahar.event_id, lat=131.6)
    store.correct_event(kandahar.event_id)  # nothing to change: nothing recorded
    assert store.corrections() == []
    assert store.data_version() == version


def test_data_version_changes_on_every_write_and_is_seen_by_other_handles(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    with Store.open(path) as writer, Store.open(path) as reader:
        seen = [reader.data_version()]
        edits = [reader.versions()[1]]
        added = writer.add_article(KABUL_ARTICLE, [HERAT_FIGHTING])
        seen.append(reader.data_version())
        edits.append(reader.versions()[1])
        writer.correct_event(writer.events()[0].event_id, role="mention")
        seen.append(reader.data_version())
        edits.append(reader.versions()[1])
        writer.remove_article(added.article_id)
        seen.append(reader.data_version())
        edits.append(reader.versions()[1])
        assert len(set(seen)) == 4
        assert edits == [0, 0, 1, 2]  # adding an article is no edit (the archive's columns append it)


def test_open_creates_wal_schema_with_indexes(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "diplomap.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA user_version").fetchone() == (9,)
    indexes = {row[0] for row in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index'") if row[0]}
    assert {
        "CREATE INDEX events_place_key ON events(place_key)",
        "CREATE INDEX events_role ON events(role)",
        "CREATE INDEX events_article_id ON events(article_id)",
        "CREATE INDEX articles_published ON articles(published)",
        "CREATE INDEX events_country ON events(country_code, role)",
        "CREATE INDEX articles_reading ON articles(reading)",
    } <= indexes
    conn.close()


def test_database_from_a_newer_version_is_refused_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 10")
    conn.close()
    with pytest.raises(StoreError, match="version 10"):
        Store.open(path)
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_an_open_reader_does_not_block_a_writer(store: Store, ids: dict[str, int]) -> None:
    reader = sqlite3.connect(store.path, isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone() == (3,)  # holds a read snapshot
    started = time.monotonic()
    store.add_article(article("Fresh.", "Fresh", None, "h-fresh"), [HERAT_FIGHTING])
    assert time.monotonic() - started < 1.0
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone() == (3,)  # its snapshot is stable
    reader.execute("COMMIT")
    reader.close()
    assert len(store.articles()) == 4


def test_default_db_path_honours_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIPLOMAP_DB", str(tmp_path / "custom" / "my.db"))
    assert default_db_path() == tmp_path / "custom" / "my.db"
    assert (tmp_path / "custom").is_dir()
    monkeypatch.delenv("DIPLOMAP_DB")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home/.local/share/diplomap/diplomap.db"
    assert (tmp_path / "home/.local/share/diplomap").is_dir()


def test_store_can_be_used_again_after_close(store: Store, ids: dict[str, int]) -> None:
    store.close()
    assert len(store.articles()) == 3  # a fresh connection is opened on demand


SEARCH_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(needle=st.one_of(SEARCH_TEXT, st.sampled_from(["kandahar", "ATMAR", "Évac", "ß", "%_", "'", '"'])))
def test_search_matches_a_casefolded_substring_oracle(store: Store, ids: dict[str, int], needle: str) -> None:
    everything = store.events()
    wanted = needle.strip().casefold()

    def matches(e: PlaceEvent) -> bool:
        participants = json.dumps(list(e.participants), ensure_ascii=False)
        fields = (e.place_name, e.sentence, participants, e.owner or "", e.article_title)
        return any(wanted in field.casefold() for field in fields)

    assert store.events(search=needle) == [e for e in everything if matches(e)]


# -- reading again -------------------------------------------------------------------------------


def test_articles_carry_the_reader_that_read_them(store: Store) -> None:
    old = store.add_article(KABUL_ARTICLE, [HERAT_FIGHTING], reading="r1").article_id
    new = store.add_article(UNDATED_ARTICLE, [PAKISTAN_MENTION], reading="r2").article_id
    unknown = store.add_article(KANDAHAR_ARTICLE, [KANDAHAR_CONSULATE]).article_id  # before readings
    assert store.stale_articles("r2") == [old, unknown]
    assert store.stale_articles("r1") == [new, unknown]
    # The count the sidebar shows on every run, from the reading index: the same articles.
    for reading in ("r1", "r2", "", "r0", "r3", "zzz"):
        assert store.stale_count(reading) == len(store.stale_articles(reading)), reading


def test_replace_events_swaps_an_articles_events_and_marks_it_read(store: Store, ids: dict[str, int]) -> None:
    version = store.data_version()
    kept = store.events(article_ids=[ids["kabul"]])
    replayed = store.replace_events(ids["kandahar"], [KABUL_EMBASSY_OPEN, PAKISTAN_MENTION], reading="r9")
    assert replayed == 0
    assert [(e.place_key, e.role) for e in store.events(article_ids=[ids["kandahar"]])] == [
        (KABUL, "diplomatic_post"),
        ("gn:1168579", "mention"),
    ]
    assert store.events(article_ids=[ids["kabul"]]) == kept  # other articles untouched
    assert ids["kandahar"] not in store.stale_articles("r9")
    assert store.data_version() > version
    with pytest.raises(StoreError, match="no article with id 999"):
        store.replace_events(999, [HERAT_FIGHTING], reading="r9")


def test_corrections_are_replayed_on_the_events_read_again(store: Store, ids: dict[str, int]) -> None:
    (kandahar,) = store.events_at(KANDAHAR)
    store.correct_event(kandahar.event_id, role="conflict")  # then moved: two corrections in order
    store.correct_event(
        kandahar.event_id, place_key="gn:1138335", place_name="Kandahar Province", kind="region"
    )
    (dushanbe,) = store.events_at(DUSHANBE)
    store.correct_event(dushanbe.event_id, role="mention")
    # The new reader finds Kandahar again (as a post) and Dushanbe with another role (conflict),
    # plus a mention it did not see before; Kabul is gone.
    fresh_dushanbe = dataclasses.replace(DUSHANBE_MEETING, role="conflict")
    extra = event(HERAT, "Herat", 34.34817, 62.19967, "mention", mention_start=400, mention_end=405)
    replayed = store.replace_events(
        ids["kandahar"], [KANDAHAR_CONSULATE, fresh_dushanbe, extra], reading="r2"
    )
    assert replayed == 3
    events = {e.mention_text: e for e in store.events(article_ids=[ids["kandahar"]])}
    assert (events["Kandahar"].role, events["Kandahar"].place_key, events["Kandahar"].kind) == (
        "conflict",
        "gn:1138335",
        "region",
    )
    assert events["Kandahar"].place_name == "Kandahar Province"
    assert events["Dushanbe"].role == "mention"  # its only event at that offset, whatever the new role
    assert events["Herat"].role == "mention"  # no correction named it
    assert len(store.corrections()) == 5  # one row per field changed; replaying records nothing new


def test_a_correction_of_one_role_leaves_the_mentions_other_role_alone(store: Store) -> None:
    both = [KANDAHAR_CONSULATE, dataclasses.replace(KANDAHAR_CONSULATE, role="conflict", post_type=None)]
    article_id = store.add_article(KABUL_ARTICLE, both).article_id
    conflict = next(e for e in store.events_at(KANDAHAR) if e.role == "conflict")
    store.correct_event(conflict.event_id, role="meeting")
    store.replace_events(article_id, both, reading="r2")
    assert sorted(e.role for e in store.events_at(KANDAHAR)) == ["diplomatic_post", "meeting"]


def test_a_correction_the_new_reader_already_agrees_with_does_not_stand_twice(store: Store) -> None:
    """Corrected meeting -> conflict; a retrained reader now reads both: one conflict is left."""
    post = KANDAHAR_CONSULATE
    meeting = dataclasses.replace(post, role="meeting", post_type=None)
    article_id = store.add_article(KABUL_ARTICLE, [post, meeting]).article_id
    corrected = next(e for e in store.events_at(KANDAHAR) if e.role == "meeting")
    store.correct_event(corrected.event_id, role="conflict")
    conflict = dataclasses.replace(meeting, role="conflict")
    assert store.replace_events(article_id, [post, meeting, conflict], reading="r2") == 1
    assert sorted(e.role for e in store.events_at(KANDAHAR)) == ["conflict", "diplomatic_post"]


def test_a_version_1_database_is_migrated_and_its_articles_are_stale(tmp_path: Path) -> None:
    from diplomap.store import _MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in _MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO articles (content_hash, title, published, source, filename, fmt, text, added_at)"
        " VALUES ('h', 'Old', '2021-07-13', 'test', 'old.txt', 'txt', 'Fighting in Herat.', '2021-07-13')"
    )
    conn.execute(
        "INSERT INTO events (article_id, place_key, place_name, mention_text, lat, lon, kind, country_code,"
        " role, sentence, mention_start, mention_end, confidence)"
        " VALUES (1, ?, 'Herat', 'Herat', 34.3, 62.2, 'city', 'AF', 'conflict', ?, 12, 17, 0.7)",
        (HERAT, "Fighting in Herat."),
    )
    conn.execute(
        "INSERT INTO corrections (article_id, mention_text, place_key_from, field, new_value, created_at)"
        " VALUES (1, 'Herat', ?, 'role', '\"mention\"', '2021-07-14')",
        (HERAT,),
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.stale_articles("r2") == [1]
        (legacy,) = store.corrections()
        assert (legacy.mention_start, legacy.role_from) == (None, None)
        fresh = event(HERAT, "Herat", 34.3, 62.2, "conflict", mention_start=12, mention_end=17)
        assert store.replace_events(1, [fresh], reading="r2") == 1  # matched by mention and place
        assert [e.role for e in store.events_at(HERAT)] == ["mention"]
        assert store.stale_articles("r2") == []


def test_distinct_values_of_a_column_for_the_filters(store: Store, ids: dict[str, int]) -> None:
    assert store.distinct("country_code") == sorted({"AF", "TJ", "PK"})
    assert store.distinct("owner", role="diplomatic_post") == ["FR", "IN"]
    store.add_article(UNDATED_ARTICLE, [dataclasses.replace(KABUL_EMBASSY_OPEN, owner=None)])  # a duplicate
    store.add_article(article("x", "x", None, "h-x"), [dataclasses.replace(KABUL_EMBASSY_OPEN, owner=None)])
    assert store.distinct("owner", role="diplomatic_post") == ["FR", "IN", None]  # not stated: last
    with pytest.raises(ValueError):
        store.distinct("sentence")  # type: ignore[arg-type]


def test_analyze_gives_the_planner_statistics_for_the_date_filter(store: Store, ids: dict[str, int]) -> None:
    store.analyze()
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_stat1").fetchone()[0] > 0
    plan = " ".join(
        row[3]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE published >= ? AND published <= ?",
            ("2021-07-01", "2021-07-31"),
        )
    )
    conn.close()
    assert "articles_published" in plan  # the window is read through the index
    window = store.events(date_from=date(2021, 8, 1), date_to=date(2021, 8, 31))  # Kabul's article only
    assert {e.article_id for e in window} == {ids["kabul"]}
    with_undated = store.events(date_from=date(2021, 8, 1), date_to=date(2021, 8, 31), undated=True)
    assert {e.article_id for e in with_undated} == {ids["kabul"], ids["undated"]}
