"""Ingest on a Dask LocalCluster (2 worker processes) stores what the single-process run stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ingest import event_keys, write_corpus

from diplomap.ingest import DaskRunner, InProcess, find_files, ingest
from diplomap.store import Store


@pytest.mark.slow
def test_local_cluster_stores_the_same_events_as_one_process(tmp_path: Path) -> None:
    files = find_files([write_corpus(tmp_path / "in")])
    with Store.open(tmp_path / "one.db") as store:
        alone = ingest(files, store, InProcess())
    with Store.open(tmp_path / "dask.db") as store, DaskRunner("local", workers=2) as runner:
        assert runner.workers == 2
        spread = ingest(files, store, runner, batch_size=1)  # five tasks, so both workers get some
        again = ingest(files, store, runner)

    assert (spread.added, spread.duplicates, spread.refused_by_code()) == (5, 0, {"binary": 1})
    assert (again.added, again.duplicates, again.words) == (0, 5, 0)
    assert spread.words == alone.words
    one = event_keys(tmp_path / "one.db")
    assert len(one) > 10
    assert event_keys(tmp_path / "dask.db") == one
