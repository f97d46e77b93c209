"""What the dashboard's server side costs on a big store: facets, filters and the map's files.

Run from the project root:

    .venv/bin/python bench/bench_store_scale.py [--events 100000 1000000]

For each size it fills a synthetic store (``bench/synthetic_store.py``: spread like news, ending
with ``Store.analyze`` as ``cli.py ingest`` does), opens it and times,
best of 3: the sidebar's facets, the events of the default filter, of one country and of one month,
and building the map's files from the default filter's events. Figures side by side in one run; the
process's peak memory at the end.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_store import fill  # noqa: E402

from diplomap import service  # noqa: E402
from diplomap.actors import folded_counts  # noqa: E402
from diplomap.mapview import build_app_map  # noqa: E402
from diplomap.store import Store  # noqa: E402

SHOWN = ("diplomatic_post", "meeting", "conflict")


def best(work: Callable[[], Any], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(path: Path) -> dict[str, float]:
    with Store.open(path) as store:
        facets = best(
            lambda: (
                store.distinct("country_code"),
                store.distinct("owner", role=service.POST),
                store.article_titles(),
                service.date_bounds(store),
                store.undated_articles(),
                folded_counts(store.meeting_participants()),
            )
        )
        default = service.EventFilter(roles=SHOWN)
        events = service.filtered_events(store, default)
        return {
            "facets": facets,
            "default filter": best(lambda: service.filtered_events(store, default)),
            "one country": best(
                lambda: service.filtered_events(store, service.EventFilter(roles=SHOWN, countries=("AF",)))
            ),
            "one month": best(
                lambda: service.filtered_events(
                    store,
                    service.EventFilter(roles=SHOWN, date_from=date(2021, 3, 1), date_to=date(2021, 3, 31)),
                )
            ),
            "map files": best(lambda: build_app_map(events), runs=1),
            "events shown": float(len(events)),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        for n in args.events:
            path = Path(tmp) / f"store_{n}.db"
            fill(path, n)  # ends with the planner's statistics, as cli.py ingest does
            rows.append((n, measure(path)))
    keys = ["facets", "default filter", "one country", "one month", "map files"]
    print("| events | " + " | ".join(f"{k} (s)" for k in keys) + " | events shown |")
    print("|---:|" + "---:|" * (len(keys) + 1))
    for n, got in rows:
        print(
            f"| {n:,} | " + " | ".join(f"{got[k]:.2f}" for k in keys) + f" | {int(got['events shown']):,} |"
        )
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
