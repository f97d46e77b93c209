"""How long a step of the map's time window takes to redraw, in Chromium.

Run from the project root, after scripts/install_frontend.sh and `apt-get install chromium`:

    .venv/bin/python bench/bench_time_window.py [--sizes 100 10000] [--steps 24]

For each size it builds the standalone map of N synthetic events (``bench_map.make_events``: dates
over a year), opens it, and moves the time window (a week) through the year ``--steps`` times with
the map's own ``diplomap.time.step`` hook, which filters the markers already in the browser and
returns how long the redraw took (performance.now around it, in the page). Median and slowest
step per size, side by side in one run; the bar is 0.3 s at 10,000 events.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_map import CHROMIUM, CHROMIUM_ARGS, _QuietHandler, check_offline, make_events, offline_guard
from playwright.sync_api import Browser, sync_playwright

from diplomap.mapview import map_html

BAR_MS = 300.0
_TIME = "() => Object.values(window).find(v => v instanceof L.Map).diplomap.time"


def step_times(browser: Browser, url: str, steps: int) -> list[float]:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    outside = offline_guard(page)
    page.goto(url)
    page.locator(".dm-time").wait_for(timeout=60_000)
    first, last = page.evaluate(f"() => {{ const t = ({_TIME})(); return [t.first, t.last]; }}")
    ends = [first + 6 + round(k * (last - first - 6) / max(steps - 1, 1)) for k in range(steps)]
    times = [float(page.evaluate(f"(end) => ({_TIME})().step(end, 7)", end)) for end in ends]
    context.close()
    check_offline(outside)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--steps", type=int, default=24)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_time_") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=tmp))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            for size in args.sizes:
                name = f"map_{size}.html"
                (Path(tmp) / name).write_text(map_html(make_events(size)), encoding="utf-8")
                times = step_times(browser, f"http://127.0.0.1:{server.server_address[1]}/{name}", args.steps)
                rows.append((size, statistics.median(times), max(times)))
        finally:
            server.shutdown()
            browser.close()
    print("| events | median step (ms) | slowest step (ms) |")
    print("|---:|---:|---:|")
    for size, median, slowest in rows:
        print(f"| {size:,} | {median:.0f} | {slowest:.0f} |")
    big = [slowest for size, _, slowest in rows if size >= 10_000]
    if big:
        print(f"bar: a step at 10,000 events <= {BAR_MS:.0f} ms: {'met' if max(big) <= BAR_MS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
