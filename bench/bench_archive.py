"""The dashboard on archive-sized stores (issue #15): open, pan, zoom and filter, in real Chromium.

Run from the project root, after `make setup` and `apt-get install chromium`:

    .venv/bin/python bench/bench_archive.py --sizes 100 1000000 [--runs 3] [--stores /tmp]

For each size a synthetic store (bench/synthetic_store.py: real gazetteer places, capitals heavy,
a long tail; kept in --stores and reused) is served by `streamlit run app.py`, and timed:

* first page after a server start: navigation -> the map drawn (the map's own performance mark,
  the browser's clock), once with the store's columns file absent (the first start after an
  ingest) and once after a restart (``diplomap.archive.Columns.cached``);
* the map drawn in fresh browser profiles and by a returning browser (median of --runs);
* pan / zoom: the map moved to 10 views (zooms 3 to 12) -> the new view's points drawn (in-page
  clock, from setView to the archive map's view mark); below the archive threshold the browser
  holds every point and there is nothing to fetch;
* a filter change: a click removing "Meetings" under Show -> the counts line and the map both
  updated (Playwright's clock);
* the server's peak memory (VmHWM of the streamlit process).

Nothing may leave 127.0.0.1. Prints a Markdown table, the ratios to the smallest size, the command
and the load average.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_app_map import MAP_FRAME, _drawn_seconds, _free_port, _map_frame, _wait_for_health
from bench_map import CHROMIUM, CHROMIUM_ARGS, check_offline, offline_guard
from playwright.sync_api import Browser, BrowserContext, Page, Response, ViewportSize, sync_playwright
from synthetic_store import fill

from diplomap.archive import archive_threshold, columns_path
from diplomap.store import Store

ROOT = Path(__file__).resolve().parents[1]
VIEWPORT: ViewportSize = {"width": 1920, "height": 1080}
VIEWS = (  # (lat, lon, zoom): a tour from the world to streets
    (20.0, 10.0, 3), (48.8, 2.3, 5), (50.0, 10.0, 6), (31.6, 65.7, 7), (34.5, 69.2, 8),
    (40.7, -74.0, 9), (35.7, 139.7, 10), (-33.9, 18.4, 11), (55.75, 37.6, 12), (52.5, 13.4, 4),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Row:
    events: int
    archive: bool
    first_built: float
    first_restart: float
    fresh: float
    returning: float
    pan_median: float | None
    pan_max: float | None
    filter_change: float
    peak_mb: float
    fetched_mb: float
    load: tuple[float, float]


def store_for(size: int, folder: Path) -> Path:
    path = folder / f"bench-archive-{size}.db"
    if path.exists():
        with Store.open(path) as store:
            if sum(store.count_by_role().values()) == size:
                return path
        path.unlink()
    fill(path, size, seed=1)
    return path


@contextmanager
def serving(db: Path, log: Path) -> Iterator[tuple[str, int]]:
    port = _free_port()
    env = {**os.environ, "DIPLOMAP_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, process, log)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def visit(browser: Browser, url: str, context: BrowserContext | None = None) -> tuple[float, float, Page]:
    """(seconds to the map drawn, MB the map fetched, the open page)."""
    context = context or browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    page.dm_outside = offline_guard(page)  # type: ignore[attr-defined]
    fetched = [0]
    page.on("response", lambda r: _count(fetched, r) if "/cache/" in r.url else None)
    page.goto(url, wait_until="commit")
    page.frame_locator(MAP_FRAME).locator(".leaflet-container[data-dm-ready]").wait_for(timeout=180_000)
    frame = _map_frame(page)
    frame.wait_for_function("() => performance.getEntriesByName('diplomap-render-end').length > 0")
    return _drawn_seconds(page, frame), fetched[0] / 1e6, page


def _count(total: list[int], response: Response) -> None:
    total[0] += len(response.body())


_MOVE = """([lat, lon, zoom]) => new Promise(resolve => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const box = map.getContainer();
    const before = Number(box.dataset.dmArchiveViews || 0);
    const start = performance.now();
    map.setView([lat, lon], zoom, {animate: false});
    const wait = () => Number(box.dataset.dmArchiveViews || 0) > before
        ? resolve(performance.now() - start) : requestAnimationFrame(wait);
    wait();
})"""


def pan_zoom(page: Page) -> list[float]:
    frame = _map_frame(page)
    return [frame.evaluate(_MOVE, list(view)) / 1000 for view in VIEWS]


def filter_change(page: Page) -> float:
    """Remove "Meetings" under Show; seconds until the counts line and the map both changed."""
    counts = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="meeting report").first
    before = counts.text_content()
    frame = _map_frame(page)
    start = time.perf_counter()
    page.locator(".st-key-f_roles").get_by_role("button", name=re.compile("Remove Meetings")).click()
    deadline = start + 120
    while time.perf_counter() < deadline:
        try:
            changed = counts.text_content(timeout=1_000) != before
            frame = _map_frame(page)
            box = frame.locator(".leaflet-control-layers").text_content(timeout=1_000) or ""
            if changed and "Meetings" not in box and frame.locator("[data-dm-ready]").count():
                return time.perf_counter() - start
        except Exception:  # a frame replaced while looking: look again
            pass
        page.wait_for_timeout(20)
    raise AssertionError("the filter change did not reach the counts and the map")


def measure(browser: Browser, size: int, runs: int, stores: Path, logs: Path) -> Row:
    db = store_for(size, stores)
    columns_path(db).unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    with serving(db, logs / f"first-{size}.log") as (url, _pid):
        first_built, _mb, page = visit(browser, url)
        page.context.close()
    with serving(db, logs / f"serve-{size}.log") as (url, pid):
        first_restart, _mb, page = visit(browser, url)
        page.context.close()
        fresh, fetched = [], []
        for _ in range(runs):
            seconds, mb, page = visit(browser, url)
            fresh.append(seconds)
            fetched.append(mb)
            page.context.close()
        context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        visit(browser, url, context)[2].close()
        returning = []
        for _ in range(runs):
            seconds, _mb, page = visit(browser, url, context)
            returning.append(seconds)
            page.close()
        context.close()
        archive = size > archive_threshold()
        seconds, _mb, page = visit(browser, url)
        moves = pan_zoom(page) if archive else None
        changed = filter_change(page)
        check_offline(page.dm_outside)  # type: ignore[attr-defined]
        page.context.close()
        peak = peak_mb(pid)
    print(
        f"{size:,} events: first {first_built:.2f}/{first_restart:.2f} s, fresh {fresh}, "
        f"returning {returning}, moves {moves}, filter {changed:.2f} s, peak {peak:.0f} MB",
        flush=True,
    )
    return Row(
        size, archive, first_built, first_restart, statistics.median(fresh), statistics.median(returning),
        statistics.median(moves) if moves else None, max(moves) if moves else None, changed, peak,
        statistics.median(fetched), (load_before, os.getloadavg()[0]),
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--stores", type=Path, default=Path(tempfile.gettempdir()), help="where the stores are kept"
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_archive_") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            rows = [measure(browser, size, args.runs, args.stores, Path(tmp)) for size in args.sizes]
        finally:
            browser.close()
    base = rows[0]
    print(f"\nmedian of {args.runs}; seconds; ratios to {base.events:,} events measured in this run\n")
    print(
        "| events | map | first page after start: columns built / restart | fresh: drawn | returning: drawn "
        "| pan/zoom → view drawn: median / max | filter change → counts and map | server peak | map files "
        "| load avg |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        pan = "–" if r.pan_median is None else f"{r.pan_median:.2f} / {r.pan_max:.2f}"
        print(
            f"| {r.events:,} | {'server clusters' if r.archive else 'browser clusters'} "
            f"| {r.first_built:.2f} ({r.first_built / base.first_built:.1f}×) / {r.first_restart:.2f} "
            f"({r.first_restart / base.first_restart:.1f}×) | {r.fresh:.2f} ({r.fresh / base.fresh:.2f}×) "
            f"| {r.returning:.2f} ({r.returning / base.returning:.2f}×) | {pan} | {r.filter_change:.2f} "
            f"| {r.peak_mb:,.0f} MB | {r.fetched_mb:.2f} MB | {r.load[0]:.2f} / {r.load[1]:.2f} |"
        )
    print(f"\ncommand: .venv/bin/python {' '.join([Path(sys.argv[0]).as_posix(), *sys.argv[1:]])}")
    print(f"machine: {os.cpu_count()} CPUs, load average now {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
