"""Gazetteer warm start: load time and memory held (the bar: <= 2 s and <= 500 MB).

.venv/bin/python bench/bench_gazetteer.py
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer import Gazetteer


def main() -> None:
    if "--child" not in sys.argv:  # build the cache file once, then measure a warm start in a fresh process
        Gazetteer.load()
        import subprocess

        subprocess.run([sys.executable, __file__, "--child"], check=True)
        return
    base = _rss_mb()
    start = time.perf_counter()
    gaz = Gazetteer.load()
    elapsed = time.perf_counter() - start
    held = _rss_mb() - base
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    names = ["Kandahar", "Dushanbe", "Springfield", "Paris", "Georgia"] * 20_000
    t = time.perf_counter()
    for n in names:
        gaz.candidates(n)
    rate = len(names) / (time.perf_counter() - t)
    print("| measure | value |\n|---|---|")
    print(f"| places / names indexed | {gaz.size:,} |")
    print(f"| warm load | {elapsed:.2f} s |")
    print(f"| memory held by the loaded index (RSS growth) | {held:.0f} MB |")
    print(f"| process max RSS | {rss:.0f} MB |")
    print(f"| name lookups | {rate:,.0f} /s |")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 1e6


if __name__ == "__main__":
    main()
