"""Ingest on a Dask LocalCluster (2 worker processes) stores what the single-process run stores."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from distributed import Scheduler
from distributed.comm.utils import get_tcp_server_addresses
from test_ingest import event_keys, write_corpus

from diplomap.ingest import DaskRunner, InProcess, find_files, ingest
from diplomap.store import Store

DASK_DEFAULT_HTTP_PORT = 8787


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


def _scheduler_http_addresses(dask_scheduler: Scheduler) -> list[tuple[str, int]]:
    return [address[:2] for address in get_tcp_server_addresses(dask_scheduler.http_server)]


@pytest.mark.slow
def test_local_cluster_serves_no_dashboard_and_leaves_port_8787_alone() -> None:
    """Without being told, the scheduler takes 8787 for its HTTP routes, or warns that another
    cluster holds it and moves: either fails here."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with DaskRunner("local", workers=1) as runner:
            [(host, port)] = runner.client.run_on_scheduler(_scheduler_http_addresses)
            services = runner.client.scheduler_info()["services"]

    assert host == "127.0.0.1"
    assert port != DASK_DEFAULT_HTTP_PORT
    assert services == {"dashboard": port}  # distributed's name for the scheduler's one HTTP server
    assert [str(w.message) for w in caught if str(DASK_DEFAULT_HTTP_PORT) in str(w.message)] == []
