"""How long the real app takes to show a working map: `streamlit run app.py` over N stored events.

Run from the project root, after scripts/install_frontend.sh and `apt-get install chromium`:

    .venv/bin/python bench/bench_app_map.py [--sizes 100 1000 10000] [--runs 5] [--no-standalone]

For each size it fills a temporary store with N synthetic events (bench_map.make_events: random
points over Asia, ~300-character sentences, mixed roles, ten events per article), starts
`streamlit run app.py` on 127.0.0.1 with DIPLOMAP_DB pointing at it, loads the page once so the
app's caches are warm ("cached HTML"), then times navigation -> a marker or cluster exists in the
st_folium iframe -> a click on the probe marker opens its popup showing the sentence. The markers
are drawn in one task and are clickable from then on; the script's performance mark at its end,
read on the browser's clock against the navigation start, is "drawn" (Playwright, which polls,
sees the first marker later). Each size is timed in fresh browser
profiles (an empty HTTP cache: every Streamlit script fetched and compiled) and by a returning
browser (one context that has visited before, as an analyst's browser has). The first load after
the server starts is reported on its own. Beside it, the standalone map (map_html, as bench_map.py
measures it). No request may leave 127.0.0.1 (Chromium resolves no other name; any attempt fails
the run). Prints a Markdown table of medians, the command, and the load average.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path

# A script run as `python bench/bench_app_map.py` has bench/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_map import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TARGET_SECONDS_AT_10K,
    _QuietHandler,
    check_offline,
    make_events,
    offline_guard,
)
from bench_map import browser_seconds as standalone_seconds
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Frame,
    Page,
    Response,
    ViewportSize,
    WebSocket,
    sync_playwright,
)

from diplomap.events import PlaceEvent
from diplomap.mapview import map_html
from diplomap.store import Store
from extraction.types import Article

ROOT = Path(__file__).resolve().parents[1]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
EVENTS_PER_ARTICLE = 10
VIEWPORT: ViewportSize = {"width": 1920, "height": 1080}
STARTUP_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class AppRun:
    drawn: float  # seconds from navigation until the map's script has drawn every marker (in-page clock)
    markers: float  # ... until Playwright sees the first marker or cluster in the map iframe
    popup: float  # ... to the probe's popup showing its sentence
    click_to_popup: float  # from the click event to the popup filled with the sentence (in-page clock)
    websocket_mb: float  # what Streamlit sent over its websocket
    fetched_mb: float  # what the map fetched from /app/static/cache/ (markers, borders, popup texts)


def fill_store(path: Path, events: list[PlaceEvent]) -> None:
    """N events in articles of ten; the store gives each its article's title and date."""
    with Store.open(path) as store:
        for first in range(0, len(events), EVENTS_PER_ARTICLE):
            chunk = events[first : first + EVENTS_PER_ARTICLE]
            text = "\n\n".join(e.sentence for e in chunk)
            article = Article(
                text=text,
                title=chunk[0].article_title,
                published=date.fromisoformat(chunk[0].published or "2021-01-01"),
                source="bench",
                content_hash=f"bench-{len(events)}-{first}",
                filename=f"bench-{first}.txt",
            )
            store.add_article(article, chunk)


@contextmanager
def running_app(app: Path, db: Path, log: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "DIPLOMAP_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    command = [sys.executable, "-m", "streamlit", "run", app.name, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=app.parent, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def app_run(browser: Browser, url: str, context: BrowserContext | None = None) -> AppRun:
    """One visit in a fresh browser profile, or in ``context`` (whose HTTP cache a visit warms)."""
    # A desktop-sized window: in a narrower one the map column opens a zoom level further out,
    # where the probe joins a cluster.
    own = context is None
    context = context or browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    outside = offline_guard(page)
    received = [0]
    fetched: list[Response] = []

    def watch(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: _add(received, len(payload)))

    page.on("websocket", watch)
    page.on("response", lambda r: fetched.append(r) if "/app/static/cache/" in r.url else None)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".dm-icon, .dm-cluster").first.wait_for(timeout=120_000)
    markers = time.perf_counter() - start
    probe = frame.locator(".dm-post-residence")
    probe.wait_for(timeout=60_000)
    map_frame = _map_frame(page)
    map_frame.evaluate("() => addEventListener('click', e => { window.dmClickAt = e.timeStamp; }, true)")
    probe.click(timeout=60_000)
    sentence = frame.locator(".leaflet-popup .dm-event-sentence").first
    sentence.wait_for(timeout=60_000)
    popup = time.perf_counter() - start
    assert "Officials in Probe" in (sentence.text_content() or ""), sentence.text_content()
    drawn = _drawn_seconds(page, map_frame)
    click_to_popup = map_frame.evaluate(
        "() => performance.getEntriesByName('diplomap-popup-filled').pop().startTime - window.dmClickAt"
    )
    popup_bytes = sum(len(r.body()) for r in fetched)  # unpacked size, counted after the timing
    page.close()
    if own:
        context.close()
    check_offline(outside)
    return AppRun(drawn, markers, popup, click_to_popup / 1000, received[0] / 1e6, popup_bytes / 1e6)


def _map_frame(page: Page) -> Frame:
    handle = page.locator(MAP_FRAME).element_handle()
    frame = handle.content_frame() if handle else None
    assert frame is not None, "no map frame"
    return frame


def _drawn_seconds(page: Page, frame: Frame) -> float:
    """When the map's script finished drawing (its performance mark), from the page's navigation
    start: the browser's own clock, free of Playwright's polling between checks for the marker."""
    mark = frame.evaluate(
        "() => performance.timeOrigin + performance.getEntriesByName('diplomap-render-end')[0].startTime"
    )
    return float(mark - page.evaluate("() => performance.timeOrigin")) / 1000


def _add(total: list[int], amount: int) -> None:
    total[0] += amount


def measure_app(
    browser: Browser, app: Path, events: list[PlaceEvent], runs: int, folder: Path
) -> tuple[AppRun, AppRun, AppRun]:
    """(the cold first load, the medians of ``runs`` visits in fresh browser profiles, the medians
    of ``runs`` visits by a returning browser, whose cache holds Streamlit's and the map's scripts)."""
    db = folder / f"app_{len(events)}.db"
    fill_store(db, events)
    with running_app(app, db, folder / f"streamlit_{len(events)}.log") as url:
        cold = app_run(browser, url)
        fresh = [app_run(browser, url) for _ in range(runs)]
        returning_context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        app_run(browser, url, returning_context)  # the first visit fills the browser's cache
        returning = [app_run(browser, url, returning_context) for _ in range(runs)]
        returning_context.close()
    for name, visits in (("fresh", fresh), ("returning", returning)):
        shown = ", ".join(f"{r.drawn:.2f}/{r.markers:.2f}/{r.popup:.2f}" for r in visits)
        print(f"{len(events):,} events, {name} browser: {shown} (drawn/seen/popup s)", flush=True)
    return cold, _median(fresh), _median(returning)


def _median(visits: list[AppRun]) -> AppRun:
    return AppRun(*(statistics.median(getattr(r, f) for r in visits) for f in AppRun.__slots__))


def measure_standalone(browser: Browser, events: list[PlaceEvent], runs: int, folder: Path) -> float:
    html = map_html(events)
    name = f"map_{len(events)}.html"
    (folder / name).write_text(html, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{name}"
        return statistics.median(standalone_seconds(browser, url) for _ in range(runs))
    finally:
        server.shutdown()
        server.server_close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-standalone", action="store_true", help="skip the standalone-map column")
    parser.add_argument(
        "--app", type=Path, default=ROOT / "app.py", help="the app script (e.g. an older checkout's)"
    )
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_app_map_") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        folder = Path(tmp)
        try:
            for size in args.sizes:
                events = make_events(size)
                load_before = os.getloadavg()[0]
                cold, fresh, returning = measure_app(browser, args.app.resolve(), events, args.runs, folder)
                alone = None if args.no_standalone else measure_standalone(browser, events, args.runs, folder)
                rows.append((size, cold, fresh, returning, alone, load_before, os.getloadavg()[0]))
        finally:
            browser.close()

    print_table(rows, args.runs)
    big = [(fresh, returning) for size, _, fresh, returning, *_ in rows if size >= 10_000]
    for label, pick in (("fresh profile", 0), ("returning browser", 1)):
        if big:
            drawn = max(pair[pick].drawn for pair in big)
            verdict = "met" if drawn <= TARGET_SECONDS_AT_10K else "MISSED"
            print(f"target: interactive markers at 10,000 <= {TARGET_SECONDS_AT_10K} s, {label}: {verdict}")
    return 0


def print_table(
    rows: list[tuple[int, AppRun, AppRun, AppRun, float | None, float, float]], runs: int
) -> None:
    print(
        f"\nIn the app (streamlit run app.py, warm server caches), median of {runs}; seconds from navigation."
    )
    print("Fresh profile: a browser with an empty cache. Returning: one that has visited before.\n")
    print(
        "| events | fresh: markers drawn | fresh: marker seen | fresh: popup with sentence | click→sentence "
        "| returning: drawn | returning: popup | first load after start (popup) | standalone map: popup "
        "| websocket MB | map files MB | load avg |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size, cold, fresh, back, alone, before, after in rows:
        standalone = "–" if alone is None else f"{alone:.2f}"
        print(
            f"| {size:,} | **{fresh.drawn:.2f}** | {fresh.markers:.2f} | {fresh.popup:.2f} "
            f"| {fresh.click_to_popup:.2f} "
            f"| **{back.drawn:.2f}** | {back.popup:.2f} | {cold.popup:.2f} | {standalone} "
            f"| {fresh.websocket_mb:.2f} | {fresh.fetched_mb:.2f} | {before:.2f} / {after:.2f} |"
        )
    print(
        "\ndrawn: the map's script has drawn every marker (its performance mark, the browser's clock);\n"
        "seen: Playwright finds the first one (it polls, so later); popup: a click shows the sentence;\n"
        "click → sentence: from the click event to the filled popup, including fetching its texts file."
    )
    print(f"\ncommand: .venv/bin/python {' '.join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]])}")
    print(f"machine: {os.cpu_count()} CPUs, load average now {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_health(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"streamlit did not answer within {STARTUP_SECONDS:.0f} s:\n{log.read_text()[-3000:]}")


if __name__ == "__main__":
    raise SystemExit(main())
