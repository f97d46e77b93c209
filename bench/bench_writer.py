"""The bulk ingest's single writer on pre-read articles: one commit per article against one per batch.

Run from the project root:

    .venv/bin/python bench/bench_writer.py [--articles 5000] [--runs 3]

The articles (synthetic, ~5 events each, ``bench/synthetic_store.py``) and their near-duplicate
signatures are made first, as the ingest workers make them; then each way of writing stores all of
them into a fresh SQLite file (WAL, as the app opens it), side by side in one run, and the best of
``--runs`` is reported. The readers, not this, are the limit of a real ingest.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_store import Places, synthetic_articles  # noqa: E402

from diplomap.events import PlaceEvent  # noqa: E402
from diplomap.neardup import signature  # noqa: E402
from diplomap.store import Store  # noqa: E402
from extraction.types import Article  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402

Item = tuple[Article, Sequence[PlaceEvent], bytes | None]


def one_commit_each(store: Store, items: Sequence[Item]) -> None:
    for article, events, sig in items:
        store.add_article(article, events, reading="bench", signature=sig)


def batches_of(size: int) -> Callable[[Store, Sequence[Item]], None]:
    def write(store: Store, items: Sequence[Item]) -> None:
        for start in range(0, len(items), size):
            store.add_articles(items[start : start + size], reading="bench")

    return write


def best_rate(write: Callable[[Store, Sequence[Item]], None], items: Sequence[Item], runs: int) -> float:
    rates = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "bench.db") as store:
            started = time.perf_counter()
            write(store, items)
            rates.append(len(items) / (time.perf_counter() - started))
            assert len(store.articles()) == len(items)
    return max(rates)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    places = Places(Gazetteer.load())
    made = list(itertools.islice(synthetic_articles(args.articles * 10, places, seed=1), args.articles))
    items: list[Item] = [(a, events, signature(a.text)) for a, events in made]
    n_events = sum(len(e) for _, e, _ in items)
    print(f"{len(items):,} pre-read articles, {n_events:,} events, with near-duplicate signatures\n")
    print("| writer | articles/s | × one commit per article |")
    print("|---|---:|---:|")
    base = best_rate(one_commit_each, items, args.runs)
    print(f"| one commit per article (before) | {base:,.0f} | 1.00 |")
    for size in (16, 256):
        rate = best_rate(batches_of(size), items, args.runs)
        print(f"| one commit per batch of {size} | {rate:,.0f} | {rate / base:.2f} |")


if __name__ == "__main__":
    main()
