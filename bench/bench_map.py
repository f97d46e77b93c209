"""How long the map takes: Python build + render, and Chromium from navigation to a working click.

Run from the project root, after scripts/install_frontend.sh and `apt-get install chromium`:

    .venv/bin/python bench/bench_map.py [--sizes 100 1000 10000] [--runs 3]

For each size it makes N synthetic events at random points over Asia (~300-character sentences,
mixed roles), builds the standalone map (map_html, Leaflet inlined), serves it on 127.0.0.1, and
times navigation -> a marker element exists -> a click on it opens its popup, in a fresh browser
context per run. Prints medians. The Streamlit page and component iframe add about 2 s on top
(shared/MAP-PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# A script run as `python bench/bench_map.py` has bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Browser, Page, sync_playwright

from diplomap.events import PlaceEvent
from diplomap.mapview import build_map, map_html

TARGET_SECONDS_AT_10K = 3.0
CHROMIUM = "/usr/bin/chromium"
# Offline without intercepting requests (page.route sends every request through Playwright's driver,
# which slowed Streamlit's hundred-odd script chunks by ~0.5 s): names other than loopback do not
# resolve, and offline_guard records any request that leaves 127.0.0.1 so the run can fail on it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
LOOPBACK = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")
PROBE = (20.0, 62.0)  # an empty patch of the Arabian Sea keeps one marker unclustered
FILLER = "Diplomats said the talks covered trade, security and the return of staff to the mission. "


def make_events(count: int, seed: int = 7) -> list[PlaceEvent]:
    rng = random.Random(seed)
    events = [_event(0, "Probe", PROBE, "diplomatic_post", post_type="residence", status="unstaffed")]
    while len(events) < count:
        lat, lon = rng.uniform(-8, 55), rng.uniform(40, 145)
        if abs(lat - PROBE[0]) < 12 and abs(lon - PROBE[1]) < 16:
            continue
        role = rng.choices(["diplomatic_post", "meeting", "mention", "conflict"], [5, 2, 2, 1])[0]
        post = {"post_type": rng.choice(["embassy", "consulate", "mission"]), "status": "operating"}
        events.append(
            _event(
                len(events),
                f"Place {len(events)}",
                (lat, lon),
                role,
                **(post if role == "diplomatic_post" else {}),
            )
        )
    return events


def _event(i: int, name: str, point: tuple[float, float], role: str, **extra: Any) -> PlaceEvent:
    sentence = f"Officials in {name} said on Monday that " + FILLER * 3
    return PlaceEvent(
        article_id=i,
        article_title=f"Article {i} about {name}",
        published=f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}",
        place_name=name,
        mention_text=name,
        place_key=f"name:{i}",
        lat=point[0],
        lon=point[1],
        kind="city",
        country_code="AF",
        role=role,
        sentence=sentence[:300],
        mention_start=13,
        mention_end=13 + len(name),
        confidence=0.9,
        **extra,
    )


def python_seconds(events: list[PlaceEvent]) -> float:
    start = time.perf_counter()
    build_map(events).get_root().render()
    return time.perf_counter() - start


def browser_seconds(browser: Browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1100, "height": 750})
    page = context.new_page()
    outside = offline_guard(page)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    probe = page.locator(".dm-post-residence")
    probe.wait_for(timeout=60_000)
    probe.click()
    page.locator(".leaflet-popup .dm-popup").wait_for(timeout=60_000)
    elapsed = time.perf_counter() - start
    context.close()
    check_offline(outside)
    return elapsed


def offline_guard(page: Page) -> list[str]:
    """The URLs of every request the page makes outside loopback (there must be none)."""
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(LOOPBACK) else outside.append(r.url))
    return outside


def check_offline(outside: list[str]) -> None:
    if outside:
        raise SystemExit(f"the map asked for something outside this machine: {outside[:5]}")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=folder))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for size in args.sizes:
                events = make_events(size)
                py = statistics.median(python_seconds(events) for _ in range(args.runs))
                html = map_html(events)
                (Path(folder) / f"map_{size}.html").write_text(html, encoding="utf-8")
                url = f"http://127.0.0.1:{server.server_address[1]}/map_{size}.html"
                clicks = statistics.median(browser_seconds(browser, url) for _ in range(args.runs))
                rows.append((size, py, len(html.encode()) / 1e6, clicks))
        finally:
            browser.close()
            server.shutdown()

    print(f"{'events':>8} | {'build_map+render s':>18} | {'HTML MB':>7} | {'nav -> popup s':>14}")
    print("-" * 58)
    for size, py, megabytes, clicks in rows:
        print(f"{size:>8,} | {py:>18.3f} | {megabytes:>7.2f} | {clicks:>14.2f}")
    worst = max((clicks for size, _, _, clicks in rows if size >= 10_000), default=0.0)
    met = worst <= TARGET_SECONDS_AT_10K
    print(f"target at 10,000: <= {TARGET_SECONDS_AT_10K} s -> {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
