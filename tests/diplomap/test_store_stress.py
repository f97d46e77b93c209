"""Many writers at once: 8 threads and 4 processes add the same 20 articles plus 5 of their own.

Whatever the interleaving, every article must be stored exactly once with all its events, every
writer must learn the one id its duplicate maps to, and nobody may see "database is locked".
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from diplomap.events import PlaceEvent
from diplomap.store import Store
from extraction.types import Article

WRITERS = 8
PROCESSES = 4
SHARED = 20
OWN = 5
EVENTS_PER_ARTICLE = 3

Outcome = tuple[str, str, int]  # content_hash, status, article_id


def make_article(content_hash: str) -> Article:
    text = f"Diplomats left the consulate in Kandahar ({content_hash})."
    return Article(
        text, f"Article {content_hash}", date(2021, 7, 13), "stress", content_hash, f"{content_hash}.txt"
    )


def make_events(content_hash: str) -> list[PlaceEvent]:
    sentence = f"Diplomats left the consulate in Kandahar ({content_hash})."
    return [
        PlaceEvent(0, "", None, "Kandahar", "Kandahar", "gn:1138336", 31.61332, 65.71013, "city", "AF",
                   role, sentence, 32, 40, 0.9, status="evacuated" if role == "diplomatic_post" else None)
        for role in ("diplomatic_post", "conflict", "mention")[:EVENTS_PER_ARTICLE]
    ]  # fmt: skip


def workload(worker: int) -> list[str]:
    """This writer's hashes: the shared ones in a shuffled order, then its own."""
    shared = [f"shared-{i:02d}" for i in range(SHARED)]
    random.Random(worker).shuffle(shared)
    return shared + [f"own-{worker}-{i}" for i in range(OWN)]


def ingest(store: Store, worker: int) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for content_hash in workload(worker):
        result = store.add_article(make_article(content_hash), make_events(content_hash))
        outcomes.append((content_hash, result.status, result.article_id))
    return outcomes


def run_threads(path: Path, store_for: Callable[[int], Store]) -> tuple[list[Outcome], list[BaseException]]:
    barrier = threading.Barrier(WRITERS)
    outcomes: list[Outcome] = []
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            store = store_for(worker)
            barrier.wait()
            outcomes.extend(ingest(store, worker))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(worker,)) for worker in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors


def assert_each_article_once(path: Path, outcomes: list[Outcome], writers: int) -> None:
    expected_articles = SHARED + writers * OWN
    assert len(outcomes) == writers * (SHARED + OWN)
    added = Counter(h for h, status, _ in outcomes if status == "added")
    assert len(added) == expected_articles and set(added.values()) == {1}  # one winner per article
    ids_by_hash: dict[str, set[int]] = {}
    for content_hash, _, article_id in outcomes:
        ids_by_hash.setdefault(content_hash, set()).add(article_id)
    assert all(len(ids) == 1 for ids in ids_by_hash.values())  # duplicates learn the winner's id
    with Store.open(path) as store:
        rows = store.articles()
        assert len(rows) == expected_articles
        assert {row.id for row in rows} == {ids.pop() for ids in ids_by_hash.values()}
        assert {row.n_events for row in rows} == {EVENTS_PER_ARTICLE}
        assert len(store.events()) == expected_articles * EVENTS_PER_ARTICLE
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT COUNT(DISTINCT content_hash) FROM articles").fetchone() == (
        expected_articles,
    )
    conn.close()


def test_threads_with_their_own_store_handles(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    handles: list[Store] = []

    def own_handle(worker: int) -> Store:
        store = Store.open(path)  # all open the fresh file at once: migration races too
        handles.append(store)
        return store

    outcomes, errors = run_threads(path, own_handle)
    for store in handles:
        store.close()
    assert errors == []
    assert_each_article_once(path, outcomes, WRITERS)


def test_threads_sharing_one_store(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    with Store.open(path) as shared:
        outcomes, errors = run_threads(path, lambda worker: shared)
        assert errors == []
        assert shared.data_version() == SHARED + WRITERS * OWN  # one bump per added article
    assert_each_article_once(path, outcomes, WRITERS)


def process_writer(path: str, worker: int, barrier: object, results: object) -> None:
    try:
        with Store.open(path) as store:
            barrier.wait()  # type: ignore[attr-defined]
            results.put(("ok", ingest(store, worker)))  # type: ignore[attr-defined]
    except BaseException as exc:
        results.put(("error", repr(exc)))  # type: ignore[attr-defined]


def test_processes(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    processes = [
        context.Process(target=process_writer, args=(str(path), worker, barrier, results))
        for worker in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=10)
    assert [kind for kind, _ in reports] == ["ok"] * PROCESSES, reports
    outcomes = [outcome for _, batch in reports for outcome in batch]
    assert_each_article_once(path, outcomes, PROCESSES)


@pytest.mark.parametrize("worker", [0, 3])
def test_workload_mixes_shared_and_own_articles(worker: int) -> None:
    hashes = workload(worker)
    assert len(hashes) == len(set(hashes)) == SHARED + OWN
    assert hashes[-1] == f"own-{worker}-{OWN - 1}"
