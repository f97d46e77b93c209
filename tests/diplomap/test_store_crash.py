"""Crashes, damaged files and locks: what a real desktop database meets.

- kill -9 in the middle of a bulk ingest, many times at random moments: the file stays intact and
  every article the writer reported as stored is there, with all its events.
- a damaged file is set aside (never deleted) and a fresh database is started.
- a healthy file locked by another process is waited for, never mistaken for a damaged one.
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from diplomap.errors import StoreError
from diplomap.events import PlaceEvent
from diplomap.store import Store
from extraction.types import Article

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHILD = HERE / "store_crash_child.py"
KILL_TRIALS = 25
CHILD_EVENTS = 5  # store_crash_child.EVENTS_PER_ARTICLE
BATCH = 16  # store_crash_child.BATCH: articles per commit
ASIDE = re.compile(r"diplomap\.db\.corrupt-\d{8}T\d{6}Z(-\d+)?")
LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE data_version SET n = n + 1")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""

KANDAHAR = PlaceEvent(0, "", None, "Kandahar", "Kandahar", "gn:1138336", 31.61332, 65.71013, "city", "AF",
                      "diplomatic_post", "India evacuated its consulate in Kandahar.", 33, 41, 0.9,
                      post_type="consulate", owner="IN", status="evacuated")  # fmt: skip


def kandahar_article(n: int) -> Article:
    text = f"India evacuated its consulate in Kandahar. ({n})"
    return Article(text, f"Kandahar {n}", date(2021, 7, 13), "test", f"kandahar-{n}")


def child_env() -> dict[str, str]:
    return os.environ | {"PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}


def spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, text=True, cwd=REPO, env=child_env()
    )


def kill_during_ingest(path: Path, prefix: str, rng: random.Random) -> list[str]:
    """Run one bulk ingest, SIGKILL it 0.05–0.5 s after it is ready; return the hashes reported done."""
    child = spawn(str(CHILD), str(path), prefix, "100000")
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(child.stdout or ()))
    reader.start()
    time.sleep(rng.uniform(0.05, 0.5))
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    reader.join(timeout=10)  # lines already in the pipe were reported before the kill: they count
    assert child.returncode == -signal.SIGKILL
    return [line.split()[1] for line in lines if line.startswith("done ")]


def stored_event_counts(path: Path) -> tuple[str, dict[str, int]]:
    conn = sqlite3.connect(path)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    rows = conn.execute(
        "SELECT a.content_hash, COUNT(e.id) FROM articles a LEFT JOIN events e ON e.article_id = a.id"
        " GROUP BY a.id"
    )
    counts = dict(rows.fetchall())
    conn.close()
    return integrity, counts


@pytest.mark.slow
def test_kill_9_during_bulk_ingest_loses_nothing_reported(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    rng = random.Random(20210713)
    reported: list[str] = []
    failures: list[str] = []
    for trial in range(KILL_TRIALS):  # one file throughout: each open recovers the last crash's WAL
        reported += kill_during_ingest(path, f"t{trial:02d}", rng)
        integrity, counts = stored_event_counts(path)
        if integrity != "ok":
            failures.append(f"trial {trial}: {integrity}")
        missing = [h for h in reported if h not in counts]
        partial = {h: n for h, n in counts.items() if n != CHILD_EVENTS}  # an article without all events
        assert (failures, missing, partial) == ([], [], {}), f"after trial {trial}"
    assert len(reported) > KILL_TRIALS  # the kills did land in the middle of real ingests
    with Store.open(path) as store:
        assert store.recovered_from is None
        assert len(store.articles()) >= len(reported)
        unreported = len(store.articles()) - len(reported)
    # At most one commit (one batch) per kill can land between add_articles returning and "done" printed.
    assert unreported <= KILL_TRIALS * BATCH
    print(f"\nkill -9 trials={KILL_TRIALS} reported={len(reported)} unreported_extra={unreported} lost=0")


def test_kill_9_during_first_open_leaves_an_openable_file(tmp_path: Path) -> None:
    rng = random.Random(7)
    for trial in range(8):
        path = tmp_path / f"fresh{trial}" / "diplomap.db"
        child = spawn(str(CHILD), str(path), "fresh", "100000")
        time.sleep(rng.uniform(0.0, 0.25))  # python start-up, import, create, migrate, first adds
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
        with Store.open(path) as store:
            assert store.recovered_from is None, f"trial {trial}: a crash is not corruption"
            assert store.add_article(kandahar_article(trial), [KANDAHAR]).status == "added"


def write_real_db(path: Path, articles: int) -> None:
    with Store.open(path) as store:
        for n in range(articles):
            store.add_article(kandahar_article(n), [KANDAHAR, KANDAHAR])


def assert_fresh_after_recovery(store: Store, path: Path, original: bytes) -> None:
    aside = store.recovered_from
    assert aside is not None and ASIDE.fullmatch(aside.name), aside
    assert aside.read_bytes() == original  # kept, byte for byte
    assert store.recovery_message is not None and str(aside) in store.recovery_message
    assert store.articles() == []
    assert store.add_article(kandahar_article(1), [KANDAHAR]).status == "added"
    assert [e.place_name for e in store.events(statuses=["evacuated"])] == ["Kandahar"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_garbage_file_is_moved_aside_with_its_wal(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    garbage = random.Random(1).randbytes(8192)
    path.write_bytes(garbage)
    Path(f"{path}-wal").write_bytes(b"not a wal either")
    with Store.open(path) as store:
        assert_fresh_after_recovery(store, path, garbage)
        assert Path(f"{store.recovered_from}-wal").read_bytes() == b"not a wal either"


def test_truncated_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    write_real_db(path, 300)
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)
    truncated = path.read_bytes()
    with Store.open(path) as store:
        assert_fresh_after_recovery(store, path, truncated)


def test_overwritten_page_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    write_real_db(path, 300)
    with path.open("r+b") as file:  # page 2 onwards: the first table's b-tree
        file.seek(4096)
        file.write(random.Random(2).randbytes(8192))
    damaged = path.read_bytes()
    with Store.open(path) as store:
        assert_fresh_after_recovery(store, path, damaged)


def test_two_recoveries_in_the_same_second_keep_both_files(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    asides = []
    for seed in (3, 4):
        path.unlink(missing_ok=True)
        path.write_bytes(random.Random(seed).randbytes(4096))
        with Store.open(path) as store:
            asides.append(store.recovered_from)
    assert len(set(asides)) == 2 and all(aside and aside.exists() for aside in asides)


def hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    locker = spawn("-c", LOCKER, str(path), str(seconds))
    assert locker.stdout is not None and locker.stdout.readline() == "locked\n"
    return locker


def kill(process: subprocess.Popen[str]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def assert_untouched(path: Path, articles: int) -> None:
    assert not list(path.parent.glob("*.corrupt-*"))
    with Store.open(path) as store:
        assert store.recovered_from is None
        assert len(store.articles()) == articles


@pytest.mark.slow
def test_writer_waits_for_another_process_holding_the_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    write_real_db(path, 3)
    locker = hold_lock(path, 3.0)
    started = time.monotonic()
    with Store.open(path, timeout=10) as store:  # WAL: opening and reading do not wait
        assert store.recovered_from is None and len(store.articles()) == 3
        assert time.monotonic() - started < 2.0
        assert store.add_article(kandahar_article(99), [KANDAHAR]).status == "added"
        assert time.monotonic() - started > 2.5  # it waited for the lock, past several busy_timeouts
    locker.wait(timeout=10)
    assert_untouched(path, 4)


@pytest.mark.slow
def test_writer_gives_up_with_store_error_when_the_lock_stays(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    write_real_db(path, 3)
    locker = hold_lock(path, 60.0)
    with Store.open(path, timeout=1.5) as store:
        started = time.monotonic()
        with pytest.raises(StoreError, match="database is busy"):
            store.add_article(kandahar_article(99), [KANDAHAR])
        assert 1.4 < time.monotonic() - started < 4.5
    kill(locker)  # dies mid-transaction: its uncommitted WAL frames must simply be ignored
    assert_untouched(path, 3)


def rollback_journal_db(path: Path) -> None:
    """A healthy store in rollback-journal mode, where an exclusive lock blocks readers too."""
    write_real_db(path, 3)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    conn.close()


@pytest.mark.slow
def test_locked_healthy_file_is_waited_for_not_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    rollback_journal_db(path)
    locker = hold_lock(path, 1.5)
    started = time.monotonic()
    with Store.open(path, timeout=10) as store:
        assert time.monotonic() - started > 1.0  # it could not even read until the lock went
        assert store.recovered_from is None and len(store.articles()) == 3
    locker.wait(timeout=10)
    assert_untouched(path, 3)


@pytest.mark.slow
def test_locked_healthy_file_that_stays_locked_raises_busy(tmp_path: Path) -> None:
    path = tmp_path / "diplomap.db"
    rollback_journal_db(path)
    original = path.read_bytes()
    locker = hold_lock(path, 60.0)
    started = time.monotonic()
    with pytest.raises(StoreError, match="database is busy"):
        Store.open(path, timeout=1.5)
    assert 1.4 < time.monotonic() - started < 4.5
    assert path.read_bytes() == original  # not moved, not touched
    kill(locker)  # dies mid-transaction and leaves a hot journal: rolled back, not called corrupt
    assert Path(f"{path}-journal").exists()
    assert_untouched(path, 3)
