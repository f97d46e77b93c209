"""The archive view (diplomap.archive) against the exact paths it stands in for.

A real SQLite store of synthetic news (bench/synthetic_store.py, real gazetteer places) plus an
undated article with hostile place names: every filter kept by the numpy columns must be the events
``service.filtered_events`` keeps, the counts those of the events, the points the map's markers, and
the clustered tiles must hold every point once per zoom, where it lies.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic_store import fill  # noqa: E402
from diplomap import archive, service  # noqa: E402
from diplomap.archive import ArchiveView, Columns, Summary, archive_threshold  # noqa: E402
from diplomap.errors import MapError  # noqa: E402
from diplomap.events import PlaceEvent  # noqa: E402
from diplomap.mapjs import _drawing, group_events  # noqa: E402
from diplomap.mapview import archive_click_index, build_archive_map  # noqa: E402
from diplomap.service import EventFilter  # noqa: E402
from diplomap.store import Store  # noqa: E402
from extraction.reader import content_hash  # noqa: E402
from extraction.types import Article  # noqa: E402
from tests.hostile import OWN_PAYLOADS, shared_payloads  # noqa: E402

HOSTILE = list(dict.fromkeys([*shared_payloads()[:8], *OWN_PAYLOADS]))  # ours on any checkout


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    fill(path, 4_000, seed=11)
    opened = Store.open(path)
    text = "An undated report. " + " ".join(HOSTILE)
    article = Article(text, "<b>undated</b>", None, "hostile", content_hash(text), "hostile.txt")
    events = [
        PlaceEvent(
            article_id=0,
            article_title=article.title,
            published=None,
            place_name=name,
            mention_text=name,
            place_key=f"name:hostile{i}",
            lat=10.0 + i,
            lon=20.0 + i,
            kind="city",
            country_code="TD",
            role=("diplomatic_post", "meeting", "conflict", "mention")[i % 4],
            sentence=f"{name} was here.",
            mention_start=0,
            mention_end=len(name),
            confidence=0.3 if i % 3 == 0 else 0.9,
            post_type="consulate" if i % 4 == 0 else None,
            status="closed" if i % 8 == 0 else None,
        )
        for i, name in enumerate(HOSTILE)
    ]
    opened.add_article(article, events)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def columns(store: Store) -> Columns:
    return Columns.load(store)


def _filters(store: Store) -> list[EventFilter]:
    some_articles = tuple(row.id for row in store.articles()[:40])
    return [
        EventFilter(),
        EventFilter(roles=("diplomatic_post", "meeting", "conflict")),
        EventFilter(roles=()),
        EventFilter(countries=("FR", "US", "TD")),
        EventFilter(date_from=date(2020, 1, 1), date_to=date(2021, 12, 31)),
        EventFilter(date_from=date(2020, 1, 1), date_to=date(2021, 12, 31), undated=False),
        EventFilter(undated=False),
        EventFilter(date_to=date(2017, 6, 30)),
        EventFilter(statuses=("evacuated", "unknown")),
        EventFilter(owners=("unknown",)),
        EventFilter(owners=("IN",)),
        EventFilter(uncertain=False),
        EventFilter(search="paris"),
        EventFilter(search="<"),
        EventFilter(article_ids=some_articles),
        EventFilter(actors=("Ana Diaz",)),
        EventFilter(roles=("conflict",), countries=("TD",), uncertain=False, statuses=("closed",)),
    ]


def test_a_filter_keeps_the_events_service_filtered_events_keeps(store: Store, columns: Columns) -> None:
    assert len(columns) == 4_000 + len(HOSTILE)
    for flt in _filters(store):
        expected = sorted(e.event_id for e in service.filtered_events(store, flt))
        got = columns.event_id[columns.mask(flt, store)].tolist()
        assert got == expected, flt


def test_the_counts_and_the_timeline_are_those_of_the_events(store: Store, columns: Columns) -> None:
    for flt in _filters(store):
        events = service.filtered_events(store, flt)
        assert archive.summarize(columns, columns.mask(flt, store)) == Summary.of_events(events), flt
    whole = archive.summarize(columns, columns.mask(EventFilter(), store))
    assert whole.undated_articles == 1 and sum(whole.undated.values()) == len(HOSTILE)


def _marker_facts(events: list[PlaceEvent]) -> dict[tuple[str, str], tuple[object, ...]]:
    markers = group_events(events)
    entries = _drawing(markers, with_popups=False)["markers"]
    return {(e["r"], e["k"]): (e["cnt"], e.get("st"), e.get("u"), e["n"]) for e in entries}


def test_the_points_are_the_markers_the_small_map_would_draw(store: Store, columns: Columns) -> None:
    for flt in _filters(store):
        points = archive.place_points(columns, columns.mask(flt, store))
        got = {}
        for i in range(len(points)):
            entry = points.entry(i)
            got[(entry["r"], entry["k"])] = (entry["cnt"], entry.get("st"), entry.get("u"), entry["n"])
        assert got == _marker_facts(service.filtered_events(store, flt)), flt


def test_every_zoom_holds_every_point_once_in_the_tile_where_it_lies(store: Store, columns: Columns) -> None:
    points = archive.place_points(columns, columns.mask(EventFilter(), store))
    tileset = archive.cluster_tiles(points)
    per_role = Counter(archive.ROLES[r] for r in points.role.tolist())
    reports = Counter()
    for i in range(len(points)):
        reports[archive.ROLES[int(points.role[i])]] += int(points.reports[i])
    clusters_seen = 0
    for level in tileset.levels:
        z, tz = level["z"], level["tz"]
        places, counted = Counter(), Counter()
        for tile in level["tiles"]:
            items = json.loads(tileset.files[f"{z}-{tile}.json"])
            tx, ty = map(int, tile.split("-"))
            for item in items:
                places[item["r"]] += item.get("c", 1)
                counted[item["r"]] += item["cnt"]
                x, y = archive.mercator(np.array([item["la"]]), np.array([item["lo"]]))
                assert (int(x[0] * 2**tz), int(y[0] * 2**tz)) == (tx, ty)
                if "c" in item:
                    clusters_seen += 1
                    assert item["c"] >= 2 and "n" not in item and "k" not in item  # no place of its own
                    if z == archive.PLACES_ZOOM:
                        raise AssertionError("the places zoom holds places only")
        assert places == per_role and counted == reports, z
    assert clusters_seen > 0
    sizes = [len(level["tiles"]) for level in tileset.levels]
    assert sizes[0] == 1 and sizes == sorted(sizes)  # the world in one file at first, more as it zooms


def test_hostile_names_stay_data_in_the_tile_files(store: Store, columns: Columns) -> None:
    points = archive.place_points(columns, columns.mask(EventFilter(), store))
    tileset = archive.cluster_tiles(points)
    names = set()
    for name, body in tileset.files.items():
        text = body.decode()
        for char in "<>&'`$":
            assert char not in text, name
        names |= {item.get("n") for item in json.loads(text)}
    assert set(HOSTILE) <= names


def test_tiles_are_written_once_under_an_unguessable_name_and_old_sets_go(
    store: Store, columns: Columns, tmp_path: Path
) -> None:
    sets = []
    for i, flt in enumerate([EventFilter(), EventFilter(countries=("FR",)), EventFilter(roles=("meeting",))]):
        tileset = archive.cluster_tiles(archive.place_points(columns, columns.mask(flt, store)))
        name = tileset.name(b"k" * 32)
        assert name != tileset.name(b"j" * 32)  # the key decides the name
        folder = archive.publish_tiles(tileset, tmp_path, name, keep=2)
        assert sorted(p.name for p in folder.iterdir()) == sorted(tileset.files)
        os.utime(folder, (1_000 + i, 1_000 + i))
        sets.append(folder)
    assert not sets[0].exists() and sets[1].is_dir() and sets[2].is_dir()
    again = archive.publish_tiles(tileset, tmp_path, name, keep=2)  # the same set: touched, not rewritten
    assert again == sets[2] and again.stat().st_mtime > 2_000


def test_the_archive_map_names_its_tiles_and_carries_no_article_text(store: Store, columns: Columns) -> None:
    view = ArchiveView.of(columns, EventFilter(), store)
    built = build_archive_map(view.points, static_url="/app/static")
    html = built.map.get_root().render()
    assert built.tileset is not None and f"/app/static/cache/{built.tileset_name}" in html
    assert "Report 1 item" not in html and "<b>undated</b>" not in html
    # The panel's choices and the click index come with the view.
    assert view.reports["name:hostile0"] == 1 and view.names["name:hostile0"] == HOSTILE[0]
    clicks = archive_click_index(view.points)[f"{' '.join(HOSTILE[1].split())} · Meeting"]
    assert [c.place_key for c in clicks] == ["name:hostile1"]


def test_the_threshold_comes_from_the_environment_and_a_bad_one_is_refused() -> None:
    assert archive_threshold({}) == archive.ARCHIVE_EVENTS_DEFAULT
    assert archive_threshold({"DIPLOMAP_ARCHIVE_EVENTS": "5"}) == 5
    with pytest.raises(MapError, match="whole number"):
        archive_threshold({"DIPLOMAP_ARCHIVE_EVENTS": "lots"})


def test_an_empty_filter_gives_an_empty_map(store: Store, columns: Columns) -> None:
    view = ArchiveView.of(columns, EventFilter(roles=()), store)
    assert len(view.points) == 0 and view.summary.events == 0
    tileset = archive.cluster_tiles(view.points)
    assert tileset.files == {} and all(level["tiles"] == [] for level in tileset.levels)
    assert dataclasses.asdict(view.summary)["roles"] == dict.fromkeys(archive.ROLES, 0)


def _same_columns(a: Columns, b: Columns) -> None:
    for name in Columns._ARRAYS:
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.places.keys == b.places.keys and a.places.names == b.places.names
    assert np.array_equal(a.places.lat, b.places.lat) and a.statuses == b.statuses and a.owners == b.owners


def test_the_columns_are_kept_beside_the_store_and_added_articles_are_appended(tmp_path: Path) -> None:
    path = tmp_path / "kept.db"
    fill(path, 300, seed=5)
    with Store.open(path) as store:
        first = Columns.cached(store)
        kept = archive.columns_path(path)
        assert kept.is_file()
        assert Columns.cached(store, first) is first  # nothing changed: the same object
        _same_columns(Columns.cached(store), first)  # a new process: read back from the file
        # Added articles: only their events are read, appended; the same as reading all again.
        text = "Talks in Ouagadougou and a consulate in Bobo-Dioulasso."
        article = Article(text, "More", date(2024, 5, 1), "x", content_hash(text), "more.txt")
        base = PlaceEvent(
            article_id=0, article_title="More", published="2024-05-01", place_name="Ouagadougou",
            mention_text="Ouagadougou", place_key="gn:2357048", lat=12.36, lon=-1.53, kind="city",
            country_code="BF", role="meeting", sentence=text, mention_start=9, mention_end=20,
            confidence=0.8,
        )  # fmt: skip
        post = dataclasses.replace(
            base, place_name="Bobo-Dioulasso", place_key="gn:2362344", lat=11.18, lon=-4.3,
            role="diplomatic_post", post_type="consulate", status="a status never seen", owner="Mars",
        )  # fmt: skip
        store.add_article(article, [base, post])
        version, edits = store.versions()
        grown = Columns.cached(store, first)
        assert len(grown) == len(first) + 2 and grown.stamp[:2] == (version, edits)
        _same_columns(grown, Columns.load(store))
        assert "a status never seen" in grown.statuses and "Mars" in grown.owners
        # A removal is an edit: everything is read again, without the removed article.
        gone = store.articles()[0].id
        store.remove_article(gone)
        assert store.versions()[1] == edits + 1
        after = Columns.cached(store, grown)
        assert gone not in after.article.tolist()
        _same_columns(after, Columns.load(store))
        # A damaged file is read past, and made again.
        kept.write_bytes(b"not a zip file")
        _same_columns(Columns.cached(store), after)
        assert np.load(kept)["event_id"].size == len(after)


def test_the_archives_table_rows_are_the_newest_events_the_table_would_show(
    store: Store, columns: Columns
) -> None:
    for flt in _filters(store)[:8]:
        events = service.filtered_events(store, flt)
        ordered = sorted(events, key=lambda e: (e.published or "", e.article_id, e.event_id), reverse=True)
        ids = archive.newest_ids(columns, columns.mask(flt, store), n=300)
        assert ids.tolist() == [e.event_id for e in ordered[:300]], flt
        assert store.events_with_ids(ids.tolist()) == ordered[:300]
    assert store.events_with_ids([10**9, 1, 1]) == store.events_with_ids([1])  # unknown and repeated ids
