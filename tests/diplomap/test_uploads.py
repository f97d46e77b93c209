"""Uploads read in the server (diplomap.uploads): real store, real spaCy model, real gazetteer; the
page's side (a closed tab) is tests/browser/test_app_browser.py."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from diplomap import service
from diplomap.pipeline import Pipeline
from diplomap.store import Store, UploadBatch
from diplomap.uploads import UploadWorker, batch_outcomes
from geo.cache import GeoCache
from geo.gazetteer import Gazetteer

PARIS_TEXT = (
    b"Norway closes its embassy in Paris\n\nNorway closed its embassy in Paris on Monday after a fire.\n"
)
ROME_TEXT = b"Talks in Rome\n\nThe foreign ministers of Chile and Peru held talks in Rome on Tuesday.\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "diplomap.db") as opened:
        yield opened


@pytest.fixture
def pipeline(nlp, gazetteer: Gazetteer, tmp_path: Path) -> Iterator[Pipeline]:  # type: ignore[no-untyped-def]
    with GeoCache(service.geocache_path(tmp_path / "diplomap.db")) as cache:
        yield service.make_pipeline(nlp, gazetteer, cache)


def read_all(store: Store, batch: int, timeout: float = 120.0) -> UploadBatch:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = store.upload_batch(batch)
        assert found is not None
        if found.finished:
            return found
        time.sleep(0.1)
    raise AssertionError(f"batch {batch} was not read within {timeout:.0f} s")


def read_by_a_new_worker(store: Store, pipeline: Pipeline, batch: int) -> UploadBatch:
    """Start a worker on whatever is queued, wait until ``batch`` is read, stop the worker."""
    worker = UploadWorker(store)
    try:
        worker.resume(pipeline)
        return read_all(store, batch)
    finally:
        worker.stop()


def test_a_batch_is_read_in_order_with_one_outcome_per_file(store: Store, pipeline: Pipeline) -> None:
    worker = UploadWorker(store)
    try:
        batch = worker.submit(
            [
                ("paris.txt", PARIS_TEXT),
                ("picture.png", PNG),
                ("again.txt", PARIS_TEXT),
                ("rome.txt", ROME_TEXT),
            ],
            pipeline,
        )
        done = read_all(store, batch)
    finally:
        worker.stop()
    outcomes = batch_outcomes(done)
    assert [(o.filename, o.status) for o in outcomes] == [
        ("paris.txt", "added"),
        ("picture.png", "refused"),
        ("again.txt", "duplicate"),
        ("rome.txt", "added"),
    ]
    assert {a.filename for a in store.articles()} == {"paris.txt", "rome.txt"}
    assert store.queued_uploads() == 0
    assert store.upload_batch() == done  # the latest batch, as a new page finds it


def test_files_queued_when_no_worker_runs_are_read_by_the_next_one(store: Store, pipeline: Pipeline) -> None:
    batch = store.queue_upload([("paris.txt", PARIS_TEXT), ("rome.txt", ROME_TEXT)])
    assert store.queued_uploads() == 2 and not store.articles()  # kept, not yet read
    done = read_by_a_new_worker(store, pipeline, batch)
    assert [o.status for o in batch_outcomes(done)] == ["added", "added"]


def test_a_file_a_stopped_server_was_reading_is_read_again_and_counts_as_added(
    store: Store, pipeline: Pipeline
) -> None:
    batch = store.queue_upload([("paris.txt", PARIS_TEXT), ("rome.txt", ROME_TEXT)])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    claimed = store.claim_upload(f"{socket.gethostname()}:{dead.pid}:1")
    assert claimed is not None and claimed.filename == "paris.txt"
    # The stopped server had stored the article but not yet the file's outcome.
    assert [
        o.status for o in service.ingest_file(claimed.data, claimed.filename, store=store, pipeline=pipeline)
    ] == ["added"]
    done = read_by_a_new_worker(store, pipeline, batch)
    assert [(o.filename, o.status) for o in batch_outcomes(done)] == [
        ("paris.txt", "added"),
        ("rome.txt", "added"),
    ]
    assert len(store.articles()) == 2


def test_a_file_a_live_worker_is_reading_is_left_to_it(store: Store, pipeline: Pipeline) -> None:
    store.queue_upload([("paris.txt", PARIS_TEXT)])
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert store.claim_upload(f"{socket.gethostname()}:{alive.pid}:1") is not None
        worker = UploadWorker(store)
        worker.resume(pipeline)
        time.sleep(1.0)
        worker.stop()
        assert store.upload_claimers() == {f"{socket.gethostname()}:{alive.pid}:1"}
        assert not store.articles()
    finally:
        alive.kill()
        alive.wait()
