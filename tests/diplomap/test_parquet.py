"""Parquet export: the CSV's columns, typed, readable by pyarrow (as pandas and DuckDB read it)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cli import main
from diplomap import service
from diplomap.events import PlaceEvent
from diplomap.ingest import worker_pipeline
from diplomap.parquet import events_parquet, write_parquet
from diplomap.store import Store


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[PlaceEvent]]]:
    db = tmp_path_factory.mktemp("parquet") / "diplomap.db"
    with Store.open(db) as store:
        service.load_sample_if_new(store, worker_pipeline())
        yield db, service.filtered_events(store, service.EventFilter())


def test_the_parquet_file_has_the_csv_columns_and_rows_with_types(
    sample: tuple[Path, list[PlaceEvent]],
) -> None:
    _db, events = sample
    table = pq.read_table(io.BytesIO(events_parquet(events)))
    rows = list(csv.DictReader(io.StringIO(service.events_csv(events))))
    assert table.column_names == list(rows[0]) == list(service.EXPORT_COLUMNS)
    assert table.num_rows == len(rows) == len(events)
    types = {field.name: str(field.type) for field in table.schema}
    assert types["lat"] == "double" and types["event_id"] == "int64" and types["published"] == "date32[day]"
    assert types["participants"] == "list<element: string>" and types["uncertain"] == "bool"
    records = table.to_pylist()
    for record, row, event in zip(records, rows, events, strict=True):
        assert record["event_id"] == int(row["event_id"]) == event.event_id
        assert record["published"] == date(2021, 7, 13)
        assert record["participants"] == list(event.participants)
        assert record["sentence"] == event.sentence and abs(record["lat"] - float(row["lat"])) < 1e-9
    kandahar = [r for r in records if r["place_name"].startswith("Kandah") and r["role"] == "diplomatic_post"]
    assert kandahar and {r["status"] for r in kandahar} == {"evacuated"}


def test_row_groups_hold_a_bounded_number_of_events(
    sample: tuple[Path, list[PlaceEvent]], tmp_path: Path
) -> None:
    _db, events = sample
    path = tmp_path / "events.parquet"
    assert write_parquet(events * 3, path, row_group=10) == len(events) * 3
    meta = pq.ParquetFile(path).metadata
    assert (
        meta.num_rows == len(events) * 3
        and max(meta.row_group(i).num_rows for i in range(meta.num_row_groups)) == 10
    )
    empty = tmp_path / "none.parquet"
    assert write_parquet([], empty) == 0 and pq.read_table(empty).num_rows == 0  # still a valid file


def test_cli_exports_parquet_by_format_and_suffix_but_not_to_a_terminal(
    sample: tuple[Path, list[PlaceEvent]], tmp_path: Path
) -> None:
    db, events = sample
    out = tmp_path / "events.Parquet"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    assert pq.read_table(out).num_rows == len(events)
    conflicts = tmp_path / "conflicts.bin"
    assert (
        main(
            ["export", "--db", str(db), "--format", "parquet", "--role", "conflict", "--out", str(conflicts)]
        )
        == 0
    )
    assert set(pq.read_table(conflicts).column("role").to_pylist()) == {"conflict"}
    assert main(["export", "--db", str(db), "--format", "parquet"]) == 2  # binary: no standard output
    assert not list(tmp_path.glob("*.partial"))
