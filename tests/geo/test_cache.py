"""GeoCache against a real SQLite file: keys, hits, expiring misses, overrides, WAL, concurrency."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import geo.cache as cache_module
from geo.cache import SCHEMA_VERSION, CacheError, GeoCache, normalize_query
from geo.types import Coordinates, GeoMatch, PlaceKind

KANDAHAR = GeoMatch(
    name="Kandahar",
    coordinates=Coordinates(31.61332, 65.71013),
    geonameid=1138336,
    country_code="AF",
    kind=PlaceKind.CITY,
    population=391190,
    admin1="23",
)
KABUL = GeoMatch(
    name="Kabul",
    coordinates=Coordinates(34.52813, 69.17233),
    geonameid=1138958,
    country_code="AF",
    kind=PlaceKind.CITY,
    population=3043532,
    admin1="13",
)


class Clock:
    """A settable ``now=`` for GeoCache."""

    def __init__(self) -> None:
        self.current = datetime(2025, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.current


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("ｋａｂｕｌ", "kabul"),  # fullwidth letters
        ("  Kabul\n ", "kabul"),
        ("KABUL", "kabul"),
        ("Mazar-i-Sharif \t  city", "mazar-i-sharif city"),
        ("Straße", "strasse"),
        ("Ｋａｎｄａｈａｒ\u00a0Province", "kandahar province"),  # no-break space
    ],
)
def test_normalize_query(text: str, normalised: str) -> None:
    assert normalize_query(text) == normalised


def test_hit_round_trips_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "geocache.sqlite"
    with GeoCache(path) as cache:
        cache.put_hit("Kandahar", KANDAHAR, provider="gazetteer")

    with GeoCache(path) as reopened:
        entry = reopened.get("Kandahar", provider="gazetteer")

    assert entry is not None
    assert entry.match == KANDAHAR
    assert entry.match.geonameid == 1138336
    assert entry.match.coordinates == Coordinates(31.61332, 65.71013)


def test_lookup_key_is_normalised(cache: GeoCache) -> None:
    cache.put_hit("Kabul", KABUL, provider="gazetteer")

    for spelling in ("ｋａｂｕｌ", "  Kabul\n ", "KABUL"):
        entry = cache.get(spelling, provider="gazetteer")
        assert entry is not None and entry.match == KABUL


def test_country_hint_and_provider_are_part_of_the_key(cache: GeoCache) -> None:
    cache.put_hit("Kandahar", KANDAHAR, provider="gazetteer", country_hint="AF")

    assert cache.get("Kandahar", provider="gazetteer") is None
    assert cache.get("Kandahar", provider="nominatim", country_hint="AF") is None
    found = cache.get("kandahar", provider="gazetteer", country_hint="af")
    assert found is not None and found.match == KANDAHAR


def test_miss_is_cached_as_entry_without_match(cache: GeoCache) -> None:
    cache.put_miss("Atlantis", provider="nominatim")

    entry = cache.get("atlantis", provider="nominatim")

    assert entry is not None
    assert entry.is_miss
    assert entry.match is None


def test_miss_expires_after_ttl(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "geocache.sqlite"
    cache = GeoCache(path, miss_ttl=timedelta(days=30), now=clock)
    cache.put_miss("Atlantis", provider="nominatim")

    clock.current += timedelta(days=29)
    assert cache.get("Atlantis", provider="nominatim") is not None
    assert GeoCache(path, now=clock).get("Atlantis", provider="nominatim") is not None

    clock.current += timedelta(days=2)
    assert cache.get("Atlantis", provider="nominatim") is None
    assert GeoCache(path, now=clock).get("Atlantis", provider="nominatim") is None


def test_hit_does_not_expire(tmp_path: Path) -> None:
    clock = Clock()
    cache = GeoCache(tmp_path / "geocache.sqlite", miss_ttl=timedelta(days=1), now=clock)
    cache.put_hit("Kandahar", KANDAHAR, provider="gazetteer")

    clock.current += timedelta(days=3650)

    entry = cache.get("Kandahar", provider="gazetteer")
    assert entry is not None and entry.match == KANDAHAR


def test_later_answer_replaces_earlier_one(cache: GeoCache) -> None:
    cache.get("Kandahar", provider="nominatim")  # memoises "not in the file"
    cache.put_miss("Kandahar", provider="nominatim")
    cache.put_hit("Kandahar", KANDAHAR, provider="nominatim")

    entry = cache.get("Kandahar", provider="nominatim")

    assert entry is not None and entry.match == KANDAHAR


def test_override_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "geocache.sqlite"
    with GeoCache(path) as cache:
        cache.set_override("Kandahar", KABUL)

    with GeoCache(path) as reopened:
        override = reopened.get_override("  KANDAHAR ")

    assert override is not None
    assert override.geonameid == 1138958
    assert override.source == "override"


def test_override_is_separate_from_cached_answers(cache: GeoCache) -> None:
    cache.put_hit("Kandahar", KANDAHAR, provider="gazetteer")
    cache.set_override("Kandahar", KABUL, country_hint="AF")

    assert cache.get_override("Kandahar") is None
    override = cache.get_override("Kandahar", country_hint="AF")
    assert override is not None and override.geonameid == 1138958
    entry = cache.get("Kandahar", provider="gazetteer")
    assert entry is not None and entry.match == KANDAHAR


def test_list_and_remove_overrides(cache: GeoCache) -> None:
    cache.set_override("Kandahar", KANDAHAR)
    cache.set_override("Kabul", KABUL, country_hint="AF")

    listed = cache.list_overrides()

    assert [(o.query, o.country_hint, o.match.geonameid) for o in listed] == [
        ("kabul", "AF", 1138958),
        ("kandahar", None, 1138336),
    ]
    assert cache.remove_override("KANDAHAR") is True
    assert cache.remove_override("Kandahar") is False
    assert cache.get_override("Kandahar") is None
    assert [o.query for o in cache.list_overrides()] == ["kabul"]


def test_file_is_wal_and_versioned(cache: GeoCache) -> None:
    cache.put_hit("Kabul", KABUL, provider="gazetteer")

    with sqlite3.connect(cache.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "geocache.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    with pytest.raises(CacheError, match="newer"):
        GeoCache(path)


def test_not_a_database_is_a_cache_error(tmp_path: Path) -> None:
    path = tmp_path / "geocache.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)

    with pytest.raises(CacheError):
        GeoCache(path)


def test_closed_cache_refuses_work(tmp_path: Path) -> None:
    cache = GeoCache(tmp_path / "geocache.sqlite")
    cache.close()

    with pytest.raises(CacheError, match="closed"):
        cache.put_hit("Kabul", KABUL, provider="gazetteer")


def test_memo_hides_other_writers_until_cleared(tmp_path: Path) -> None:
    path = tmp_path / "geocache.sqlite"
    reader, writer = GeoCache(path), GeoCache(path)
    assert reader.get("Kabul", provider="gazetteer") is None

    writer.put_hit("Kabul", KABUL, provider="gazetteer")

    assert reader.get("Kabul", provider="gazetteer") is None
    reader.clear_memo()
    entry = reader.get("Kabul", provider="gazetteer")
    assert entry is not None and entry.match == KABUL
    assert GeoCache(path, use_memo=False).get("Kabul", provider="gazetteer") is not None


def test_threads_share_one_file(cache: GeoCache) -> None:
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(200):
                name = f"place {worker}-{i % 20}"
                if i % 3 == 0:
                    cache.put_hit(name, KANDAHAR, provider="gazetteer")
                elif i % 3 == 1:
                    cache.put_miss(name, provider="nominatim")
                else:
                    cache.get(name, provider="gazetteer")
                    cache.get_override(name)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with sqlite3.connect(cache.path) as conn:
        assert conn.execute("SELECT count(*) FROM lookups").fetchone()[0] == 8 * 20 * 2


def test_writer_waits_for_a_lock_held_briefly(cache: GeoCache) -> None:
    holder = sqlite3.connect(cache.path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()

    cache.put_hit("Kabul", KABUL, provider="gazetteer")

    release.join()
    holder.close()
    entry = cache.get("Kabul", provider="gazetteer")
    assert entry is not None and entry.match == KABUL


def test_lock_held_past_all_retries_is_a_cache_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "_BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(cache_module, "_ATTEMPTS", 3)
    cache = GeoCache(tmp_path / "geocache.sqlite")
    holder = sqlite3.connect(cache.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(CacheError, match="stayed locked") as raised:
            cache.put_hit("Kabul", KABUL, provider="gazetteer")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)


def write_from_process(path: str, worker: int, start: threading.Barrier) -> None:
    cache = GeoCache(path)
    start.wait(timeout=30)
    for i in range(150):
        cache.put_hit(f"shared {i}", KANDAHAR, provider="gazetteer")
        cache.put_miss(f"own {worker}-{i}", provider="nominatim")
        cache.set_override(f"shared {i % 10}", KABUL)
    cache.close()


def test_two_processes_write_one_file(tmp_path: Path) -> None:
    path = str(tmp_path / "geocache.sqlite")
    GeoCache(path).close()
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(2)
    processes = [spawn.Process(target=write_from_process, args=(path, worker, start)) for worker in range(2)]

    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)

    assert [process.exitcode for process in processes] == [0, 0]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM lookups").fetchone()[0] == 150 + 2 * 150
        assert conn.execute("SELECT count(*) FROM overrides").fetchone()[0] == 10
