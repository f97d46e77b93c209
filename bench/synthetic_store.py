"""A synthetic store of N events, spread like news: capitals and big cities heavy, a long tail of towns.

Run from the project root:

    .venv/bin/python bench/synthetic_store.py --events 1000000 --out /tmp/synthetic-1m.db

Places come from the real gazetteer (countries and every populated place), drawn with weight
population^0.8, capitals ×8, countries ×40 (a country is named in most stories); roles are mostly
plain mentions, then conflict, meetings and posts; dates spread over ten years with more recent
news; each article gets a few events and a text of its own (so no two are duplicates). Articles are
written through ``Store.add_articles`` in batches, the bulk ingest's writer, without near-duplicate
signatures (the texts are made distinct).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diplomap.events import PlaceEvent  # noqa: E402
from diplomap.store import Store  # noqa: E402
from extraction.reader import content_hash  # noqa: E402
from extraction.types import Article  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402
from geo.types import PlaceKind  # noqa: E402

ROLES = (("mention", 0.55), ("conflict", 0.2), ("meeting", 0.13), ("diplomatic_post", 0.12))
STATUSES = ("operating", "evacuated", "closed", "at_risk", "opened", None)
FIRST_DAY, DAYS = date(2016, 1, 1), 3650
EVENTS_PER_ARTICLE = (1, 9)
PEOPLE = tuple(
    f"{first} {last}" for first in ("Ana", "Li", "Omar", "Sergei", "Amina") for last in ("Diaz", "Wang")
)


class Places:
    """Gazetteer rows with their news weights, for drawing places quickly."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        rows, weights = [], []
        for row in range(len(gazetteer)):
            kind = gazetteer.kind(row)
            if kind not in (PlaceKind.COUNTRY, PlaceKind.CITY):
                continue
            weight = max(gazetteer.population(row), 500) ** 0.8
            if kind == PlaceKind.COUNTRY:
                weight *= 40
            elif gazetteer.is_national_capital(row):
                weight *= 8
            rows.append(row)
            weights.append(weight)
        self.rows = rows
        self.cumulative = list(itertools.accumulate(weights))  # once: choices(weights=) sums per call
        self._keys: dict[int, str] = {}

    def key(self, row: int) -> str:
        """The place key the reader gives this row ("gn:<geonameid>")."""
        if row not in self._keys:
            match = self.gazetteer.match(row)
            self._keys[row] = f"gn:{match.geonameid}" if match.geonameid else f"name:{match.name.casefold()}"
        return self._keys[row]

    def draw(self, rng: random.Random, k: int) -> list[int]:
        return rng.choices(self.rows, cum_weights=self.cumulative, k=k)


def synthetic_articles(
    n_events: int, places: Places, *, seed: int = 0
) -> Iterator[tuple[Article, list[PlaceEvent]]]:
    """Articles with events until ``n_events`` events are made."""
    rng = random.Random(seed)
    gaz = places.gazetteer
    roles, role_weights = zip(*ROLES, strict=True)
    made, i = 0, 0
    while made < n_events:
        k = min(rng.randint(*EVENTS_PER_ARTICLE), n_events - made)
        day = FIRST_DAY + timedelta(days=int(DAYS * rng.random() ** 0.6))  # more recent news
        rows = places.draw(rng, k)
        names = [gaz.canonical_name(r) for r in rows]
        title = f"Synthetic report {i} on {names[0]}"
        sentences = [f"Report {i} item {j} concerns {name}." for j, name in enumerate(names)]
        text = " ".join([title + ".", *sentences])
        article = Article(text, title, day, f"synthetic-{i}", content_hash(text), f"synthetic-{i}.txt")
        events = []
        for row, name, sentence in zip(rows, names, sentences, strict=True):
            role = rng.choices(roles, weights=role_weights)[0]
            lat, lon = gaz.point(row)
            at = sentence.index(name)
            events.append(
                PlaceEvent(
                    article_id=0,
                    article_title=title,
                    published=day.isoformat(),
                    place_name=name,
                    mention_text=name,
                    place_key=places.key(row),
                    lat=lat,
                    lon=lon,
                    kind=str(gaz.kind(row)),
                    country_code=gaz.country(row),
                    role=role,
                    sentence=sentence,
                    mention_start=at,
                    mention_end=at + len(name),
                    confidence=round(0.5 + 0.5 * rng.random(), 3),
                    post_type="embassy" if role == "diplomatic_post" else None,
                    status=rng.choice(STATUSES) if role == "diplomatic_post" else None,
                    participants=tuple(rng.sample(PEOPLE, 2)) if role == "meeting" else (),
                )
            )
        made += len(events)
        i += 1
        yield article, events


def fill(path: Path, n_events: int, *, batch: int = 500, seed: int = 0) -> tuple[int, int, float]:
    """Write a synthetic store of ``n_events`` events at ``path``; (articles, events, seconds)."""
    places = Places(Gazetteer.load())
    started = time.perf_counter()
    articles = events = 0
    pending: list[tuple[Article, list[PlaceEvent], bytes | None]] = []
    with Store.open(path) as store:
        for article, found in synthetic_articles(n_events, places, seed=seed):
            pending.append((article, found, None))
            if len(pending) >= batch:
                store.add_articles(pending, reading="synthetic")
                articles, events = articles + len(pending), events + sum(len(f) for _, f, _ in pending)
                pending = []
        if pending:
            store.add_articles(pending, reading="synthetic")
            articles, events = articles + len(pending), events + sum(len(f) for _, f, _ in pending)
        store.analyze()  # as cli.py ingest does after a bulk load
    return articles, events, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True, help="a new SQLite file")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists: give a new file")
    articles, events, seconds = fill(args.out, args.events, seed=args.seed)
    print(f"{events:,} events in {articles:,} articles written to {args.out} in {seconds:.1f} s")


if __name__ == "__main__":
    main()
