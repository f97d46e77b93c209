"""Near-duplicate articles, on the real sample text and a real SQLite file."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from diplomap import neardup
from diplomap.service import SAMPLE_PATH
from diplomap.store import Store
from extraction.reader import content_hash
from extraction.types import Article

SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
SYNDICATED = (
    "PTI | Updated: July 13, 2021 10:42 IST\nShare this article\n"
    + SAMPLE.replace("\n\n", "\n")
    + "\nAlso read: India's options in Afghanistan.\nSubscribe to our newsletter."
)
# Another story of about the same length, words and places (written for this test).
OTHER = " ".join(
    f"Report {i}: the foreign ministers of India and Afghanistan met in Dushanbe on Tuesday while "
    f"fighting went on near Kandahar, and staff of the consulate in Herat were moved to Kabul."
    for i in range(25)
)


def article(text: str, title: str) -> Article:
    return Article(text, title, None, "test", content_hash(text), f"{title}.txt", "txt")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "diplomap.db") as opened:
        yield opened


def test_a_syndicated_copy_is_nearly_the_same_and_half_a_story_is_not() -> None:
    sample = neardup.signature(SAMPLE)
    assert sample is not None and len(sample) == neardup.PERMUTATIONS * 8
    copy, half, other = (neardup.signature(t) for t in (SYNDICATED, SAMPLE[: len(SAMPLE) // 2], OTHER))
    assert copy and half and other
    assert neardup.similarity(sample, copy) >= neardup.THRESHOLD
    assert neardup.similarity(sample, half) < 0.6
    assert neardup.similarity(sample, other) < 0.1
    assert neardup.signature("Talks were held in Geneva on Monday.") is None  # short: exact hash only


def test_signatures_are_the_same_on_every_run_and_machine() -> None:
    # Stored signatures are compared with new ones: the hashes and seeds must never drift.
    sig = neardup.signature(SAMPLE)
    assert sig is not None
    assert hashlib.sha256(sig).hexdigest()[:16] == PINNED_SAMPLE_SIGNATURE


PINNED_SAMPLE_SIGNATURE = "914e2da24fefb8fd"


def test_the_store_takes_a_near_copy_as_a_duplicate_of_the_first(store: Store) -> None:
    first = store.add_article(article(SAMPLE, "first"), [], signature=neardup.signature(SAMPLE))
    other = store.add_article(article(OTHER, "other"), [], signature=neardup.signature(OTHER))
    assert (first.status, other.status) == ("added", "added")
    copy = store.add_article(article(SYNDICATED, "copy"), [], signature=neardup.signature(SYNDICATED))
    assert (copy.status, copy.article_id) == ("duplicate", first.article_id)
    assert copy.similarity is not None and copy.similarity >= neardup.THRESHOLD
    assert store.near_duplicate(neardup.signature(SYNDICATED) or b"") == (first.article_id, copy.similarity)
    assert [a.title for a in store.articles()] == ["first", "other"]

    store.remove_article(first.article_id)  # its band keys go with it
    again = store.add_article(article(SYNDICATED, "copy"), [], signature=neardup.signature(SYNDICATED))
    assert again.status == "added" and again.similarity is None


def test_articles_stored_before_signatures_get_them_when_read_again(store: Store) -> None:
    old = store.add_article(article(SAMPLE, "old"), [])  # no signature: not a candidate yet
    assert store.near_duplicate(neardup.signature(SYNDICATED) or b"") is None
    store.replace_events(old.article_id, [], reading="r", signature=neardup.signature(SAMPLE))
    assert store.near_duplicate(neardup.signature(SYNDICATED) or b"") is not None


def test_one_batch_checks_its_later_articles_against_its_earlier_ones(store: Store) -> None:
    items = [
        (article(t, name), [], neardup.signature(t)) for t, name in ((SAMPLE, "first"), (OTHER, "other"))
    ]
    items += [(article(SYNDICATED, "copy"), [], neardup.signature(SYNDICATED)), items[1]]  # a copy, a repeat
    results = store.add_articles(items)  # one transaction, as the bulk ingest's writer commits
    assert [r.status for r in results] == ["added", "added", "duplicate", "duplicate"]
    assert results[2].article_id == results[0].article_id and results[3].article_id == results[1].article_id
    assert [a.title for a in store.articles()] == ["first", "other"]
