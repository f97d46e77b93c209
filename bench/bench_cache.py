"""How fast the geocoding cache answers: warm (memo), cold (SQLite), and through the chain.

Run from the project root: ``python bench/bench_cache.py [--names 10000] [--rounds 5]``.
Fills a throw-away cache with N names, then prints lookups per second (best of ``rounds``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# A script run as `python bench/bench_cache.py` has bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.cache import GeoCache
from geo.chain import GeocoderChain
from geo.types import Coordinates, GeoMatch, PlaceKind

TARGET_PER_SECOND = 50_000


class DictGazetteer:
    """A stand-in primary geocoder: answers from a dict, counts questions."""

    name = "gazetteer"

    def __init__(self, places: dict[str, GeoMatch]) -> None:
        self.places = places
        self.calls = 0

    def geocode(self, query: str, *, country_hint: str | None = None) -> GeoMatch | None:
        self.calls += 1
        return self.places.get(query)


def make_places(count: int) -> dict[str, GeoMatch]:
    places = {}
    for i in range(count):
        name = f"Place {i:05d}"
        lat, lon = -80 + (i * 0.0137) % 160, -170 + (i * 0.0311) % 340
        places[name] = GeoMatch(name, Coordinates(lat, lon), 1_000_000 + i, "AF", PlaceKind.CITY)
    return places


def per_second(lookup: Callable[[str], object], names: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for name in names:
            lookup(name)
        best = min(best, time.perf_counter() - started)
    return len(names) / best


def run(count: int, rounds: int) -> list[tuple[str, float]]:
    places = make_places(count)
    names = list(places)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "geocache.sqlite"
        results = []
        with GeoCache(path) as cache:
            started = time.perf_counter()
            for name, match in places.items():
                cache.put_hit(name, match, provider="gazetteer")
            results.append(("fill: put_hit (one transaction each)", count / (time.perf_counter() - started)))
            results.append(
                (
                    "warm GeoCache.get (memo)",
                    per_second(lambda n: cache.get(n, provider="gazetteer"), names, rounds),
                )
            )
            gazetteer = DictGazetteer(places)
            chain = GeocoderChain(gazetteer, cache=cache)
            results.append(("warm GeocoderChain.geocode", per_second(chain.geocode, names, rounds)))
            assert gazetteer.calls == 0, "the chain asked the gazetteer for names already cached"
        with GeoCache(path, use_memo=False) as cold:
            results.append(
                (
                    "cold GeoCache.get (SQLite, no memo)",
                    per_second(lambda n: cold.get(n, provider="gazetteer"), names, rounds),
                )
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results = run(args.names, args.rounds)
    print(f"{args.names:,} names, best of {args.rounds} rounds")
    print(f"{'measure':<40} {'per second':>12}")
    for label, rate in results:
        print(f"{label:<40} {rate:>12,.0f}")
    warm = min(rate for label, rate in results if label.startswith("warm"))
    verdict = "meets" if warm >= TARGET_PER_SECOND else "MISSES"
    print(f"slowest warm path {warm:,.0f}/s {verdict} the {TARGET_PER_SECOND:,}/s target")


if __name__ == "__main__":
    main()
