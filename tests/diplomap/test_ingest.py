"""Bulk ingest with the real model and gazetteer: counts, events, resuming, workers, kill -9, export."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from cli import main
from diplomap.errors import IngestError
from diplomap.ingest import Batch, InProcess, Outcome, find_files, ingest
from diplomap.store import Store

REPO = Path(__file__).resolve().parents[2]
PARIS, GENEVA, KHARKIV, VIENNA, MOGADISHU = "gn:2988507", "gn:2660646", "gn:706483", "gn:2761369", "gn:53654"

ARTICLES = {
    "paris.txt": "Venezuela shuts embassy in Paris\n\nCARACAS, March 4, 2024 - Venezuela closed its "
    "embassy in Paris on Monday, a week after France expelled two of its diplomats. The foreign ministry "
    "said consular services would move to Madrid.\n",
    "geneva.md": "# Armenia and Azerbaijan hold talks in Geneva\n\nDelegations from Armenia and Azerbaijan "
    "met in Geneva on Tuesday for a new round of peace talks hosted by Switzerland. Officials said the "
    "negotiations would continue next month.\n",
    "front/kharkiv.txt": "Heavy fighting around Kharkiv\n\nHeavy fighting broke out near Kharkiv overnight "
    "as Russian forces shelled the city and Ukrainian troops counterattacked, regional officials said on "
    "Friday.\n",
}
BUNDLE = (
    {"title": "Ministers meet in Vienna", "date": "2023-05-02", "text": "The foreign ministers of "
     "Austria and Hungary met in Vienna on Tuesday to discuss energy supplies and migration."},
    {"title": "Kenya back in Mogadishu", "date": "2022-09-14", "text": "Kenya reopened its embassy in "
     "Mogadishu on Wednesday, four years after recalling its ambassador."},
)  # fmt: skip
WORDS = 130  # of the five articles; the Markdown heading's "#" is markup, not a word
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"


def write_corpus(root: Path) -> Path:
    """Three article files (one in a subfolder), a PNG and a two-article .jsonl bundle."""
    for name, text in ARTICLES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "photo.png").write_bytes(PNG)
    (root / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in BUNDLE), encoding="utf-8")
    return root


def event_keys(db: Path) -> list[tuple[str, str, str, str | None]]:
    """Every stored event as (content_hash, place_key, role, status), sorted: order-free comparison."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT a.content_hash, e.place_key, e.role, e.status"
            " FROM events e JOIN articles a ON a.id = e.article_id"
        ).fetchall()
    return sorted(rows, key=lambda row: tuple(str(v) for v in row))


def stored_hashes(db: Path) -> list[str]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return [row[0] for row in conn.execute("SELECT content_hash FROM articles")]
    except sqlite3.Error:  # not created or not migrated yet
        return []


class NoNLP:
    """A runner that fails the test if any article reaches the pipeline."""

    def run(self, batches: Iterable[Batch]) -> Iterator[Outcome]:
        sent = [article.filename for batch in batches for article in batch]
        assert not sent, f"already stored articles were sent to NLP: {sent}"
        yield from ()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "in")


def test_folder_ingest_counts_events_and_second_run_is_free(corpus: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        first = ingest(find_files([corpus]), store, InProcess())
        events = store.events()
        second = ingest(find_files([corpus]), store, NoNLP())
        assert len(store.events()) == len(events)

    assert (first.added, first.duplicates, first.refused_by_code()) == (5, 0, {"binary": 1})
    assert first.refused[0].filename == str(corpus / "photo.png")
    assert first.words == WORDS
    assert (second.added, second.duplicates, second.refused_by_code(), second.words) == (
        0,
        5,
        {"binary": 1},
        0,
    )

    roles = {(e.place_key, e.role, e.status) for e in events}
    assert (PARIS, "diplomatic_post", "closed") in roles  # Venezuela closed its embassy in Paris
    assert (GENEVA, "meeting", None) in roles
    assert KHARKIV in {key for key, _role, _status in roles}  # its role: see test_role_model.py
    assert (VIENNA, "meeting", None) in roles  # from the .jsonl bundle
    assert (MOGADISHU, "diplomatic_post", "opened") in roles
    mogadishu = next(e for e in events if e.place_key == MOGADISHU)
    assert (mogadishu.owner, mogadishu.published) == ("KE", "2022-09-14")


def test_a_syndicated_copy_in_a_bulk_ingest_counts_as_a_duplicate(tmp_path: Path) -> None:
    sample = (REPO / "assets/samples/000_4e41f000fa338b9a.txt").read_text(encoding="utf-8")
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "a-original.txt").write_text(sample, encoding="utf-8")
    (folder / "b-syndicated.txt").write_text(
        f"By PTI\n\n{sample}\n\nRead more on our site.\n", encoding="utf-8"
    )
    with Store.open(tmp_path / "feed.db") as store:
        summary = ingest(find_files([folder]), store, InProcess())
        assert (summary.added, summary.duplicates) == (1, 1)
        assert [a.filename for a in store.articles()] == ["a-original.txt"]


def test_missing_path_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        find_files([tmp_path / "nowhere"])
    assert caught.value.code == "not_found"


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    assert find_files([tmp_path]) == [tmp_path / "a.txt", tmp_path / "b.txt"]


def test_cli_ingest_prints_summary_and_export_filters(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.db"
    assert main(["ingest", str(corpus), "--db", str(db), "--quiet"]) == 0
    report = capsys.readouterr().out
    assert "added              5" in report and "duplicates         0" in report
    assert "binary                   1   e.g." in report and "photo.png" in report

    out = tmp_path / "posts.geojson"
    assert main(["export", "--db", str(db), "--out", str(out), "--role", "diplomatic_post"]) == 0
    features = json.loads(out.read_text())["features"]
    assert {f["properties"]["place_key"] for f in features} == {PARIS, MOGADISHU}
    paris = next(f for f in features if f["properties"]["place_key"] == PARIS)
    assert paris["geometry"]["coordinates"] == pytest.approx([2.3488, 48.85341], abs=0.01)  # [lon, lat]

    assert main(["export", "--db", str(db), "--format", "csv", "--country", "ch"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert rows and {r["country_code"] for r in rows} == {"CH"}
    assert any(r["place_key"] == GENEVA and r["participants"] == "Armenia; Azerbaijan" for r in rows)

    owner = paris["properties"]["owner"]
    assert owner and main(["export", "--db", str(db), "--format", "csv", "--owner", owner.lower()]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    posts = {r["place_key"] for r in rows if r["role"] == "diplomatic_post"}
    assert PARIS in posts and all(r["owner"] == owner for r in rows if r["role"] == "diplomatic_post")

    jsonl = tmp_path / "all.jsonl"
    assert main(["export", "--db", str(db), "--out", str(jsonl)]) == 0
    assert len(jsonl.read_text().splitlines()) == len(event_keys(db))

    before = event_keys(db)
    assert main(["reread", "--db", str(db), "--quiet"]) == 0  # the ingest stamped this reader
    assert "every stored article was read by this version" in capsys.readouterr().err
    with Store.open(db) as store:
        first = store.articles()[0].id
        store.replace_events(first, [], reading="an earlier reader")
    assert main(["reread", "--db", str(db), "--quiet"]) == 0
    assert "read again         1" in capsys.readouterr().out
    assert event_keys(db) == before
    assert main(["reread", "--db", str(db), "--all", "--quiet"]) == 0
    assert "read again         5" in capsys.readouterr().out


@pytest.mark.slow
def test_two_worker_processes_store_the_same_events(corpus: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "one.db") as store:
        ingest(find_files([corpus]), store, InProcess())
    assert main(["ingest", str(corpus), "--workers", "2", "--db", str(tmp_path / "two.db"), "--quiet"]) == 0
    one = event_keys(tmp_path / "one.db")
    assert len(one) > 10
    assert event_keys(tmp_path / "two.db") == one

    with Store.open(tmp_path / "two.db") as store:  # what an older reader left, read again by two workers
        for article in store.articles():
            store.replace_events(article.id, [], reading="an earlier reader")
    assert event_keys(tmp_path / "two.db") == []
    assert main(["reread", "--workers", "2", "--db", str(tmp_path / "two.db"), "--quiet"]) == 0
    assert event_keys(tmp_path / "two.db") == one


def generated_articles(n: int) -> list[dict[str, str]]:
    countries = ("Kenya", "Brazil", "Norway", "India", "Canada", "Chile", "Ghana", "Peru")
    cities = ("Nairobi", "Lima", "Oslo", "Accra", "Ottawa")
    return [
        {"title": f"Embassy news {i}", "text": f"{countries[i % 8]} reopened its embassy in {cities[i % 5]} "
         f"on Monday. Officials held talks in Geneva with a delegation of {i + 3} diplomats on trade."}
        for i in range(n)
    ]  # fmt: skip


@pytest.mark.slow
def test_killed_run_resumes_and_stores_every_article_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    n = 40
    bundle = tmp_path / "generated.jsonl"
    bundle.write_text("".join(json.dumps(r) + "\n" for r in generated_articles(n)), encoding="utf-8")
    db = tmp_path / "killed.db"
    args = ["ingest", str(bundle), "--db", str(db), "--batch-size", "4", "--quiet"]
    env = os.environ | {"PYTHONPATH": str(REPO)}

    child = subprocess.Popen(
        [sys.executable, str(REPO / "cli.py"), *args], env=env, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while not stored_hashes(db) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    before = len(stored_hashes(db))
    assert 0 < before < n, "the kill should land in the middle of the run"

    assert main(args) == 0  # the re-run; in this process, whose model is already loaded
    report = capsys.readouterr().out
    assert f"added       {n - before:>8}" in report
    assert f"duplicates  {before:>8}" in report
    hashes = stored_hashes(db)
    assert len(hashes) == len(set(hashes)) == n

    # Every article holds exactly the events a clean run gives it: none lost, none doubled.
    with Store.open(tmp_path / "clean.db") as store:
        ingest(find_files([bundle]), store, InProcess())
    assert event_keys(db) == event_keys(tmp_path / "clean.db")


def test_a_correction_made_in_the_dashboard_wins_in_bulk_ingest(tmp_path) -> None:
    from diplomap.events import PlaceEvent
    from diplomap.ingest import apply_overrides
    from geo.types import Coordinates, GeoMatch, PlaceKind

    event = PlaceEvent(
        article_id=0,
        article_title="t",
        published=None,
        place_name="Paris",
        mention_text="Paris",
        place_key="gn:2988507",
        lat=48.85341,
        lon=2.3488,
        kind="city",
        country_code="FR",
        role="meeting",
        sentence="Talks in Paris.",
        mention_start=9,
        mention_end=14,
        confidence=0.9,
        geonameid=2988507,
    )
    texas = GeoMatch(
        "Paris", Coordinates(33.66094, -95.55551), 4717560, "US", PlaceKind.CITY, source="override"
    )
    fixed = apply_overrides([event], lambda q, _cc: texas if q == "Paris" else None)
    assert (fixed[0].place_key, fixed[0].country_code, fixed[0].role) == ("gn:4717560", "US", "meeting")
