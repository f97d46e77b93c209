"""Child process for test_store_crash.py: bulk-ingest articles until killed.

Usage: python store_crash_child.py DB PREFIX COUNT
Prints "ready" once the store is open, then "done <content_hash>" (flushed) for each article of a
batch once add_articles has returned (one commit per BATCH articles, as the bulk ingest's writer
commits), so the parent knows exactly which articles were reported stored.
"""

from __future__ import annotations

import sys
from datetime import date

from diplomap.events import PlaceEvent
from diplomap.store import Store
from extraction.types import Article

EVENTS_PER_ARTICLE = 5
BATCH = 16  # diplomap.ingest.BATCH_SIZE: articles per commit
# ~6 KB per article: each spans overflow pages, and WAL checkpoints happen within a trial.
FILLER = "Indian diplomats were evacuated from the consulate in Kandahar. " * 100


def crash_article(content_hash: str) -> Article:
    return Article(
        f"{content_hash}\n{FILLER}", f"Bulk {content_hash}", date(2021, 7, 13), "crash", content_hash
    )


def crash_events(content_hash: str) -> list[PlaceEvent]:
    sentence = f"Evacuated from Kandahar ({content_hash})."
    return [
        PlaceEvent(0, "", None, "Kandahar", "Kandahar", "gn:1138336", 31.61332, 65.71013, "city", "AF",
                   "diplomatic_post", sentence, 15, 23, 0.9, status="evacuated", participants=(str(n),))
        for n in range(EVENTS_PER_ARTICLE)
    ]  # fmt: skip


def main(path: str, prefix: str, count: int) -> None:
    with Store.open(path) as store:
        print("ready", flush=True)
        for first in range(0, count, BATCH):
            hashes = [f"{prefix}-{n:05d}" for n in range(first, min(first + BATCH, count))]
            store.add_articles([(crash_article(h), crash_events(h), None) for h in hashes])
            print("".join(f"done {h}\n" for h in hashes), end="", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
