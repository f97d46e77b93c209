"""The whole app in real Chromium: offline, uploads through the real file input, a click on the map
fills the side panel, and hostile article text stays text everywhere.

Needs Debian's chromium (/usr/bin/chromium) and static/vendor (scripts/install_frontend.sh).
Screenshots go to /tmp/app_*.png.
"""

from __future__ import annotations

import json
import re
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, FilePayload, Frame, Locator, Page, Route
from playwright.sync_api import Error as PlaywrightError

from diplomap.service import SAMPLE_PATH
from tests.hostile import shared_payloads

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
KANDAHAR = "gn:1138336"
PARIS = "gn:2988507"
PARIS_TEXT = (
    "Norway closes its embassy in Paris\n\n"
    "Norway closed its embassy in Paris on Monday after a fire, the foreign ministry in Oslo said.\n"
)
# Our own markup-looking strings, beside ~20 from the shared list.
OWN_PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "${alert(1)}",
    "`${alert`1`}`",
    "{{ 7*7 }}",
    ":red[boom] $x^2$",
    "[link](javascript:alert(1))",
    "![pic](http://example.com/x.png)",
)


@dataclass
class Watched:
    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base + "/", "data:", "blob:", "about:"))]


@pytest.fixture
def watched(browser: Browser, app_server: Any) -> Iterator[Watched]:
    """The app in a fresh page; every request is recorded and any that would leave 127.0.0.1 is cut."""
    context = browser.new_context(viewport={"width": 1400, "height": 950}, service_workers="block")
    context.set_default_timeout(45_000)
    page = context.new_page()
    seen = Watched(page, app_server.url)

    def route(route: Route) -> None:
        if route.request.url.startswith(seen.base + "/"):
            route.continue_()
        else:
            route.abort()

    def dialog(dialog: Dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("dialog", dialog)
    page.route("**/*", route)
    page.goto(seen.base)
    page.frame_locator(MAP_FRAME).locator(".dm-icon, .dm-cluster").first.wait_for(timeout=90_000)
    yield seen
    context.close()


def map_frame(page: Page) -> Frame | None:
    """The map's frame, or None while a rerun is swapping the old iframe for a new one."""
    frames = page.locator(MAP_FRAME)
    if frames.count() != 1:
        return None
    handle = frames.element_handle()
    return handle.content_frame() if handle else None


_HAS_PLACE = """([layer, key]) => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    return !!(map && map.diplomap && map.diplomap.layers[layer].getLayers().some(l => l.dmEntry.k === key));
}"""
_KEYS = """() => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    return map && map.diplomap
        ? Object.fromEntries(Object.entries(map.diplomap.layers).map(([r, g]) => [r, g.getLayers().length]))
        : "no map";
}"""
_SHOW_PLACE = """([layer, key]) => new Promise(resolve => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const group = map.diplomap.layers[layer];
    const marker = group.getLayers().find(l => l.dmEntry.k === key);
    group.zoomToShowLayer(marker, () => {
        marker.getElement().setAttribute("data-test-place", key);
        resolve();
    });
})"""
# A layer drawn on the map's canvas (conflict areas): go to the place and say where it is drawn.
_POINT_OF_PLACE = """([layer, key]) => new Promise(resolve => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const marker = map.diplomap.layers[layer].getLayers().find(l => l.dmEntry.k === key);
    map.once("moveend", () => {
        const p = map.latLngToContainerPoint(marker.getLatLng());
        resolve([p.x, p.y]);
    });
    map.setView(marker.getLatLng(), 12, {animate: false});
})"""


def click_marker(page: Page, place_key: str, layer: str = "diplomatic_post", timeout: float = 60.0) -> None:
    """Zoom until the place's own marker is out of its cluster, then click it like a person.

    A rerun that brings new data replaces the map, so wait for the app to settle, look until a
    map holds the place, and start again if the map was replaced between looking and clicking.
    """
    deadline = time.monotonic() + timeout
    while True:
        wait_until_idle(page)
        try:
            frame = map_frame(page)
            if frame is not None and frame.evaluate(_HAS_PLACE, [layer, place_key]):
                frame.evaluate(_SHOW_PLACE, [layer, place_key])
                marker = page.frame_locator(MAP_FRAME).locator(f'[data-test-place="{place_key}"]')
                still(page, marker)
                marker.click(timeout=5_000)
                return
        except PlaywrightError as exc:  # detached frame, or a marker redrawn under us
            if time.monotonic() >= deadline:
                raise AssertionError(f"could not click {place_key}: {map_state(page)}") from exc
        assert time.monotonic() < deadline, f"no marker for {place_key} on the map: {map_state(page)}"
        page.wait_for_timeout(300)


def still(page: Page, marker: Locator) -> None:
    """Until ``marker`` stops moving. The map's zoom animates for a while after the zoom level has
    changed: a click on a marker still gliding into place lands beside it (and Playwright's retries
    meanwhile scroll the page, which moves the map again)."""
    boxes = [None, marker.bounding_box(timeout=5_000)]
    for _ in range(40):
        if boxes[-1] is not None and boxes[-1] == boxes[-2]:
            return
        page.wait_for_timeout(150)
        boxes.append(marker.bounding_box(timeout=5_000))


def wait_until_idle(page: Page, quiet_ms: int = 700) -> None:
    """Until Streamlit's "running" indicator has stayed away for ``quiet_ms``."""
    running = page.locator('[data-testid="stStatusWidget"]')
    quiet_since = time.monotonic()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if running.count() and running.first.is_visible():
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_ms / 1000:
            return
        page.wait_for_timeout(100)


def map_state(page: Page) -> list[Any]:
    """What each map iframe holds, for a failure message."""
    state: list[Any] = []
    for i in range(page.locator(MAP_FRAME).count()):
        handle = page.locator(MAP_FRAME).nth(i).element_handle(timeout=2_000)
        frame = handle.content_frame() if handle else None
        try:
            state.append(frame.evaluate(_KEYS, None) if frame else "no frame")
        except PlaywrightError as exc:
            state.append(str(exc)[:80])
    return state


def upload(page: Page, files: list[tuple[str, bytes]]) -> None:
    chooser = page.locator('section[data-testid="stSidebar"] input[type="file"]')
    payloads: list[FilePayload] = [{"name": n, "mimeType": "text/plain", "buffer": data} for n, data in files]
    chooser.set_input_files(payloads)


def result_line(page: Page, text: str) -> Any:
    return page.locator(".st-key-ingest_results").get_by_text(text, exact=False)


def squash(text: str) -> str:
    return " ".join(text.split())


def injected(frame: Page | Frame) -> list[str]:
    """Elements carrying an inline event handler, or images/scripts/frames our pages never make.

    The map's own script holds the article text as escaped JSON (``<`` as ``\\u003c``), so a
    payload's words appear there, inside the marked data literal, and only there.
    """
    return frame.evaluate(
        """() => [...document.querySelectorAll('*')].filter(el =>
                [...el.attributes].some(a => a.name.toLowerCase().startsWith('on'))
                || (el.tagName === 'IMG' && /(^|\\/)x(:x)?$/.test(el.getAttribute('src') || ''))
                || (el.tagName === 'SCRIPT' && /alert|prompt/.test(el.textContent)
                    && !el.textContent.includes('/*diplomap-data*/'))
                || (el.tagName === 'IFRAME' && /javascript:/i.test(el.getAttribute('src') || ''))
            ).map(el => el.outerHTML.slice(0, 120))"""
    )


def test_clicking_kandahar_opens_its_popup_and_lists_its_excerpts(watched: Watched) -> None:
    page = watched.page
    click_marker(page, KANDAHAR)
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup .dm-popup")
    popup.wait_for()
    assert popup.locator(".dm-popup-place").text_content() == "Kandahār"
    sentences = popup.locator(".dm-event-sentence").all_text_contents()
    assert any("consulate in Kandahar" in s for s in sentences)
    assert set(popup.locator(".dm-event-sentence mark").all_text_contents()) == {"Kandahar"}

    panel = page.locator(".st-key-excerpts")
    panel.wait_for()
    page.get_by_role("heading", name="Kandahār").wait_for()
    assert "evacuated from Kandahar by a special Indian Air Force plane" in squash(panel.inner_text())
    assert "Kandahar" in panel.locator("strong").all_text_contents()
    page.wait_for_timeout(500)
    page.screenshot(path="/tmp/app_kandahar.png")
    assert watched.outside == [] and watched.dialogs == []


_ZOOM = "() => Object.values(window).find(v => v instanceof L.Map).getZoom()"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_on_a_laptop_and_a_desktop_screen_a_cluster_zooms_and_a_marker_opens(
    browser: Browser, app_server: Any, size: tuple[int, int]
) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, service_workers="block")
    context.set_default_timeout(45_000)
    page = context.new_page()
    page.goto(app_server.url)
    frame_locator = page.frame_locator(MAP_FRAME)
    cluster = frame_locator.locator(".dm-cluster-post").first
    cluster.wait_for(timeout=90_000)
    frame = map_frame(page)
    assert frame is not None
    # The map's page fits its frame: nothing to scroll, so a press on a cluster is a click.
    assert frame.evaluate("() => document.documentElement.scrollHeight <= window.innerHeight")
    # A conflict at a post's town (the sample's Mazar-e-Sharif) lies over the posts' cluster at
    # some sizes and takes the click, as it would a person's: show the posts alone, as a person would.
    frame_locator.locator(".leaflet-control-layers").hover()  # a small screen folds the layer list
    frame_locator.locator(".leaflet-control-layers label", has_text="Conflict areas").locator(
        "input"
    ).uncheck()
    before = frame.evaluate(_ZOOM)
    cluster.click()  # a real mouse click at the cluster's centre
    zoom = before
    for _ in range(40):  # the click zooms to the cluster (a rerun may swap the frame meanwhile)
        page.wait_for_timeout(250)
        now = map_frame(page)
        zoom = now.evaluate(_ZOOM) if now is not None else zoom
        if zoom > before:
            break
    assert zoom > before
    consulate = frame_locator.locator(".dm-post-consulate").first
    consulate.wait_for()
    still(page, consulate)
    consulate.click()
    popup = frame_locator.locator(".leaflet-popup .dm-popup")
    popup.wait_for()
    assert popup.locator(".dm-popup-place").text_content() in ("Kandahār", "Herāt", "Jalālābād")
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None and box["y"] + box["height"] <= size[1]  # the whole map is on screen
    context.close()


_NAMES = """() => [...document.querySelectorAll('.dm-name')].map(n => n.textContent)"""
_AT_MARKER = """() => {
    const marker = document.querySelector('.dm-post-consulate');
    const box = marker.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 3);
    const names = document.querySelector('.dm-names');
    return {onMarker: marker.contains(hit), namesDeaf: getComputedStyle(names).pointerEvents === 'none'};
}"""
_TO_AFGHANISTAN = """() => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    map.setView([33.5, 66], 6, {animate: false});
}"""


def test_on_a_laptop_screen_place_names_read_without_hovering_and_countries_shade_by_reports(
    browser: Browser, app_server: Any
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, service_workers="block")
    context.set_default_timeout(45_000)
    page = context.new_page()
    page.goto(app_server.url)
    frame_locator = page.frame_locator(MAP_FRAME)
    frame_locator.locator(".dm-name").first.wait_for(timeout=90_000)
    wait_until_idle(page)
    frame = map_frame(page)
    assert frame is not None
    world = frame.evaluate(_NAMES)
    assert {"RUSSIA", "CHINA", "INDIA"} <= {n.upper() for n in world}  # countries at the first view
    assert "Kandahār" not in world  # a city of 500,000 waits for a closer view
    frame.evaluate(_TO_AFGHANISTAN)
    page.wait_for_timeout(300)
    close = frame.evaluate(_NAMES)
    assert {"Afghanistan", "Kabul"} <= set(close), close
    assert set(close) - {n.title() for n in world} - {"Afghanistan", "Kabul"}, close  # more as it zooms in
    spot = frame.evaluate(_AT_MARKER)
    assert spot == {"onMarker": True, "namesDeaf": True}  # names never hide or catch a marker

    # The layer box is a button on a short map; in it, shading countries by conflict reports.
    control = frame_locator.locator(".leaflet-control-layers")
    control.hover()
    shade = control.locator("label", has_text="Shade countries: conflict reports").locator("input")
    shade.check()
    legend = frame_locator.locator(".dm-intensity-legend")
    legend.get_by_text("Conflict area reports per country").wait_for()
    assert legend.locator(".dm-legend-row").count() >= 1
    shaded = frame.evaluate(
        "() => { const m = Object.values(window).find(v => v instanceof L.Map);"
        " const shapes = m.diplomap.intensity.conflict.getLayers()[0];"
        " return shapes.getLayers().map(l => l.feature.properties.code); }"
    )
    assert shaded == ["AF"]
    page.screenshot(path="/tmp/app_names_intensity.png")
    shade.uncheck()
    assert not legend.is_visible()
    context.close()


_VIEW = """() => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const shown = Object.entries(map.diplomap.layers).filter(([, group]) => map.hasLayer(group));
    return {lat: map.getCenter().lat, lng: map.getCenter().lng, zoom: map.getZoom(),
            shown: shown.map(([role]) => role).sort()};
}"""


def map_view(page: Page) -> dict[str, Any]:
    frame = map_frame(page)
    assert frame is not None
    return dict(frame.evaluate(_VIEW))


def test_a_filter_keeps_where_the_map_was_moved_and_the_fit_button_shows_all(watched: Watched) -> None:
    page = watched.page
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container[data-dm-ready]").wait_for()
    fitted = map_view(page)
    # every layer starts on ("Show" chose the roles); the empty mention layer is not listed in the box
    assert fitted["shown"] == ["conflict", "diplomatic_post", "meeting", "mention"]
    for _ in range(3):  # past the zoom a fit to the events would choose (at most 5)
        frame.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(400)  # the zoom animation
    frame.locator(".leaflet-control-layers label", has_text="Meetings").locator("input").uncheck()
    moved = map_view(page)
    assert moved["zoom"] == fitted["zoom"] + 3 > 5
    assert moved["shown"] == ["conflict", "diplomatic_post", "mention"]

    page.locator(MAP_FRAME).evaluate("frame => frame.setAttribute('data-test-old', '1')")
    page.get_by_placeholder("place, person, sentence").fill("Kandahar")
    page.keyboard.press("Enter")
    page.locator(f"{MAP_FRAME}:not([data-test-old])").wait_for()  # the filter replaced the map
    page.frame_locator(MAP_FRAME).locator(".leaflet-container[data-dm-ready]").wait_for()
    kept = map_view(page)
    assert (kept["zoom"], kept["shown"]) == (moved["zoom"], moved["shown"])
    assert (kept["lat"], kept["lng"]) == pytest.approx((moved["lat"], moved["lng"]))

    page.frame_locator(MAP_FRAME).locator(".dm-fit a").click()
    page.wait_for_timeout(800)
    refitted = map_view(page)
    assert refitted["zoom"] != moved["zoom"] or refitted["lat"] != pytest.approx(moved["lat"])
    frame_now = map_frame(page)
    assert frame_now is not None
    assert frame_now.evaluate(
        """() => { const map = Object.values(window).find(v => v instanceof L.Map);
        return [...map.diplomap.layers.diplomatic_post.getLayers()].every(
            marker => map.getBounds().contains(marker.getLatLng())); }"""
    )
    assert watched.outside == [] and watched.dialogs == []


def test_uploads_report_added_and_duplicate(watched: Watched) -> None:
    page = watched.page
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    upload(
        page,
        [("sample.txt", SAMPLE_PATH.read_bytes()), ("photo.png", png), ("paris.txt", PARIS_TEXT.encode())],
    )
    result_line(page, "paris.txt · added").wait_for(timeout=60_000)
    result_line(page, "sample.txt · duplicate").wait_for()
    # Any file is taken by the uploader, so a picture gets its reason here, not a bare mark there.
    refused = result_line(page, "photo.png · refused").inner_text()
    assert "This is a PNG image, not a text document." in refused
    assert "Norway closes its embassy in Paris" in result_line(page, "paris.txt · added").inner_text()
    click_marker(page, PARIS)
    page.get_by_role("heading", name="Paris").wait_for()
    # The panel's cards arrive one after another after its heading: wait for the body's sentence.
    page.locator(".st-key-excerpts").get_by_text("Norway closed its embassy in Paris").first.wait_for()
    page.screenshot(path="/tmp/app_upload.png")
    assert watched.outside == [] and watched.dialogs == []


MALI_TEXT = (
    "Separatists attack towns in northern Mali\n\n"
    "Separatists launch coordinated attacks on the towns of Aguelhok, Tinzaouatène, Gao, and Talataye, "
    "the Malian army says.\n"
)


def test_a_town_the_gazetteer_lacks_is_drawn_beside_a_listed_one_and_says_so(watched: Watched) -> None:
    """Tinzaouatène is in no packaged GeoNames extract; the article lists it with Aguelhok and Gao, so it is
    drawn beside Aguelhok, and its popup says where it is drawn and why."""
    page = watched.page
    upload(page, [("mali.txt", MALI_TEXT.encode())])
    result_line(page, "mali.txt · added").wait_for(timeout=60_000)
    deadline = time.monotonic() + 60
    while True:  # the map is replaced once the upload's events arrive: wait for one that holds Tinzaouatène
        wait_until_idle(page)
        frame = map_frame(page)
        if frame is not None and frame.evaluate(_HAS_PLACE, ["conflict", "name:tinzaouatene"]):
            break
        assert time.monotonic() < deadline, map_state(page)
        page.wait_for_timeout(300)
    x, y = frame.evaluate(_POINT_OF_PLACE, ["conflict", "name:tinzaouatene"])
    box = page.locator(MAP_FRAME).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)  # where a person would click it
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup .dm-popup")
    popup.wait_for()
    assert popup.locator(".dm-popup-place").text_content() == "Tinzaouatène"
    assert "not in the gazetteer: shown beside Aguelhok, named with it in the article" in squash(
        popup.inner_text()
    )
    page.wait_for_timeout(400)
    page.screenshot(path="/tmp/app_listed.png")
    assert watched.outside == [] and watched.dialogs == []


CAPITALS = (
    "Paris", "Berlin", "Madrid", "Lisbon", "Vienna", "Warsaw", "Prague", "Budapest", "Athens", "Oslo",
    "Helsinki", "Dublin", "Brussels", "Amsterdam", "Copenhagen", "Stockholm", "Bern", "Rome", "Sofia",
    "Bucharest", "Ankara", "Cairo", "Nairobi", "Lima", "Santiago", "Bogota", "Quito", "Hanoi", "Manila",
    "Jakarta", "Canberra", "Ottawa", "Tokyo", "Seoul", "Beijing", "Delhi", "Dhaka", "Tehran", "Baghdad",
    "Amman", "Riyadh", "Doha", "Tunis", "Rabat", "Accra", "Dakar", "Kinshasa", "Luanda", "Harare", "Lusaka",
)  # fmt: skip


def distinct_articles(n: int) -> list[tuple[str, bytes]]:
    """``n`` articles that share no run of five words, so none is a near duplicate of another."""
    files = []
    for i in range(n):
        places = [CAPITALS[(i * 7 + j) % len(CAPITALS)] for j in range(12)]
        lines = [f"Talks number {i + 100} in {places[0]}", ""]
        for j in range(0, 12, 3):
            a, b, c = places[j : j + 3]
            lines.append(
                f"On day {i * 31 + j} envoys from {a} met officials of {b} in {c} ({i}-{j}) to discuss item "
                f"{i * 97 + j}; the {b} delegation flew home from {a} after {j + i} hours in {c}."
            )
        files.append((f"talks-{i:02d}.txt", "\n".join(lines).encode()))
    return files


def test_a_batch_keeps_being_read_after_the_tab_is_closed(browser: Browser, app_server: Any) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, service_workers="block")
    context.set_default_timeout(45_000)
    page = context.new_page()
    page.goto(app_server.url)
    page.frame_locator(MAP_FRAME).locator(".dm-icon, .dm-cluster").first.wait_for(timeout=90_000)
    before = {a.id for a in stored_articles(app_server.db)}  # the sample, on a first start
    files = distinct_articles(20)
    upload(page, files)
    progress = page.get_by_text(re.compile(r"Reading talks-\d+\.txt \((\d+)/20\)"))
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        shown = progress.all_inner_texts() if progress.count() else []
        numbers = [int(m.group(1)) for t in shown if (m := re.search(r"\((\d+)/20\)", t))]
        if numbers and numbers[0] >= 5:
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError("the batch never reached its fifth file")
    assert numbers[0] < 20, "the batch finished before the tab could be closed"
    context.close()  # the tab goes at file 5

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        added = [a for a in stored_articles(app_server.db) if a.id not in before]
        if len(added) == 20:
            break
        time.sleep(0.5)
    assert sorted(a.filename for a in added) == [name for name, _ in files]

    context = browser.new_context(viewport={"width": 1366, "height": 768}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(app_server.url)
        summary = page.locator(".st-key-ingest_results").get_by_text("20 added", exact=False)
        summary.wait_for(timeout=60_000)
        assert "20 added (upload of" in squash(page.locator(".st-key-ingest_results").inner_text())
        result_line(page, "talks-19.txt · added").wait_for()  # then the files, one by one
        page.screenshot(path="/tmp/app_upload_after_close.png")
    finally:
        context.close()


def stored_articles(db: Path) -> list[Any]:
    from diplomap.store import Store

    with Store.open(db) as store:
        return store.articles()


def test_hostile_article_text_is_shown_as_typed_and_runs_nothing(watched: Watched) -> None:
    page = watched.page
    payloads = hostile_payloads()
    text = hostile_article(payloads)
    upload(page, [("hostile <b>report</b>.txt", text.encode())])
    result_line(page, "hostile <b>report</b>.txt · added").wait_for(timeout=60_000)

    click_marker(page, PARIS)
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup .dm-popup")
    popup.wait_for()
    assert "<img src=x onerror=alert(1)>" in (popup.locator(".dm-event-title").first.text_content() or "")
    assert "Paris" in popup.locator(".dm-event-sentence mark").all_text_contents()

    panel = page.locator(".st-key-excerpts")
    page.get_by_role("heading", name="Paris").wait_for()
    open_every_reader(page, panel)
    deadline = time.monotonic() + 30
    while True:
        shown = squash(panel.inner_text())
        missing = [p for p in payloads if squash(p) not in shown]
        if not missing or time.monotonic() > deadline:
            break
        page.wait_for_timeout(250)
    assert missing == []
    page.wait_for_timeout(800)  # give any injected onerror/onload a chance to fire
    frame = map_frame(page)
    assert frame is not None
    assert injected(page) == [] and injected(frame) == []
    page.screenshot(path="/tmp/app_xss.png", full_page=True)
    assert watched.dialogs == [] and watched.outside == []


def open_every_reader(page: Page, panel: Any, timeout: float = 60.0) -> None:
    """Open each "Read the whole article" expander, one at a time: opening one reruns the app, and a
    second click during that rerun can be overruled by it, so wait, look, and click again if needed."""
    readers = panel.locator('[data-testid="stExpander"] details')
    readers.first.wait_for()
    deadline = time.monotonic() + timeout
    while True:
        wait_until_idle(page)
        closed = [i for i in range(readers.count()) if readers.nth(i).get_attribute("open") is None]
        if not closed:
            return
        assert time.monotonic() < deadline, f"{len(closed)} readers would not open"
        readers.nth(closed[0]).locator("summary").click()


def hostile_payloads() -> list[str]:
    shared = shared_payloads()
    # Whitespace inside a payload is shown collapsed, so compare only single-spaced ones.
    plain = [p for p in shared if not re.search(r"\s\s|[^\S ]", p) and len(p) < 100]
    return [*OWN_PAYLOADS, *plain[:20]]


def hostile_article(payloads: list[str]) -> str:
    lines = [f"Embassy news {payloads[0]} {payloads[1]}", ""]
    lines.append(f"Canada closed its embassy in Paris on Monday {payloads[0]}, officials said.")
    lines += [f"Diplomats in Paris reported item {i} {p} late on Monday." for i, p in enumerate(payloads)]
    return "\n".join(lines) + "\n"


def test_the_app_works_under_a_base_path(browser: Browser, tmp_path: Path, start_app: Any) -> None:
    """Behind a reverse proxy at /diplomap/: the map's scripts and data files follow the path."""
    with start_app(tmp_path, base_path="diplomap") as app:
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        requested: list[str] = []
        failed: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        page.goto(app.url + "/")
        frame = page.frame_locator(MAP_FRAME)
        frame.locator(".leaflet-container[data-dm-ready] .dm-icon").first.wait_for(timeout=90_000)
        assert failed == []
        assert any("/diplomap/app/static/cache/markers-" in u for u in requested)
        assert any("/diplomap/app/static/vendor/map-vendor.js" in u for u in requested)
        page.close()


def one_pixel_png() -> bytes:
    """A valid 1x1 grey PNG, made here (a tile for the local tile server)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


@contextmanager
def tile_server() -> Iterator[tuple[str, list[str]]]:
    """An in-house tile server on 127.0.0.1: every path is a tile; yields its URL and the paths asked."""
    asked: list[str] = []
    tile = one_pixel_png()

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the http.server API
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def test_online_tiles_are_off_until_turned_on_and_come_from_the_configured_server(
    browser: Browser, tmp_path: Path, start_app: Any
) -> None:
    with tile_server() as (tiles_url, asked):
        env = {
            "DIPLOMAP_TILE_URL": f"{tiles_url}/osm/{{z}}/{{x}}/{{y}}.png",
            "DIPLOMAP_TILE_ATTRIBUTION": "Our tiles",
        }
        with start_app(tmp_path, env=env) as app:
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            page.goto(app.url)
            frame = page.frame_locator(MAP_FRAME)
            frame.locator(".leaflet-container[data-dm-ready] .dm-icon").first.wait_for(timeout=90_000)
            page.wait_for_timeout(500)
            assert asked == [] and frame.locator("img.leaflet-tile").count() == 0  # offline by default

            page.locator(MAP_FRAME).evaluate("frame => frame.setAttribute('data-test-old', '1')")
            page.get_by_text(f"Map tiles from {tiles_url.removeprefix('http://')}").click()
            page.locator(f"{MAP_FRAME}:not([data-test-old])").wait_for()
            frame = page.frame_locator(MAP_FRAME)
            frame.locator("img.leaflet-tile-loaded").first.wait_for(timeout=30_000)
            assert asked and all(re.fullmatch(r"/osm/\d+/\d+/\d+\.png", path) for path in asked)
            assert "Our tiles" in (frame.locator(".leaflet-control-attribution").text_content() or "")
            frame.locator(".leaflet-container[data-dm-ready] .dm-icon").first.wait_for()
            assert frame.locator(".leaflet-dm-base-pane canvas").count() == 1  # the offline map beneath
            page.screenshot(path="/tmp/app_tiles.png")
            page.close()


# -- the small things of the first hour (#12.8) ------------------------------------------------------

MONTEVIDEO = "gn:3441575"


def long_article() -> bytes:
    """A report whose only place comes after eighty paragraphs: the reader must scroll to it."""
    filler = [
        f"Paragraph {i}: the committee reviewed budget line {i * 7 + 3} for harbour works phase {i}, "
        f"and member {i % 9} asked for figures on item {i * 13}."
        for i in range(80)
    ]
    return "\n\n".join(
        ["Budget committee notes", *filler, "Norway reopened its embassy in Montevideo."]
    ).encode()


_READER_SPOT = """(selector) => {
    const box = document.querySelector(selector);
    const mark = box.querySelector('strong');
    const scrolls = (el) => getComputedStyle(el).overflowY === 'auto' && el.scrollHeight > el.clientHeight;
    let scroller = mark.parentElement;
    while (scroller && !scrolls(scroller)) {
        scroller = scroller.parentElement;
    }
    const m = mark.getBoundingClientRect(), s = scroller.getBoundingClientRect();
    const inside = m.top >= s.top && m.bottom <= s.bottom;
    return {scrolled: scroller.scrollTop, inside: inside, text: mark.textContent};
}"""


def test_the_whole_article_reader_scrolls_to_the_mention(watched: Watched) -> None:
    page = watched.page
    upload(page, [("committee.txt", long_article())])
    result_line(page, "committee.txt · added").wait_for(timeout=60_000)
    click_marker(page, MONTEVIDEO)
    page.get_by_role("heading", name="Montevideo").wait_for()
    page.locator(".st-key-excerpts").get_by_text("Read the whole article").first.click()
    reader = page.locator('[class*="st-key-reader_"][data-dm-scrolled="1"]')
    reader.wait_for(timeout=30_000)
    selector = "." + next(
        c for c in (reader.get_attribute("class") or "").split() if c.startswith("st-key-reader_")
    )
    spot = page.evaluate(_READER_SPOT, selector)
    assert spot["text"] == "Montevideo" and spot["scrolled"] > 500 and spot["inside"], spot
    page.screenshot(path="/tmp/app_reader_scrolled.png")


def test_typing_a_country_and_enter_picks_that_country(watched: Watched) -> None:
    page = watched.page
    box = page.locator(".st-key-f_countries")
    box.locator("input").click()
    page.keyboard.type("Afghanistan")
    page.keyboard.press("Enter")
    wait_until_idle(page)
    page.keyboard.press("Escape")  # close the list: what is left in the box is what was chosen
    chosen = squash(box.inner_text())
    assert chosen == "Country Afghanistan (AF)", chosen  # that country, not every match of the text


_PLACES_NAMED = """(name) => { const m = Object.values(window).find(v => v instanceof L.Map);
    return Object.values(m.diplomap.layers).flatMap(g => g.getLayers())
        .filter(l => l.dmEntry && l.dmEntry.n === name).map(l => [l.dmEntry.la, l.dmEntry.lo]); }"""
_CENTRE = """() => { const m = Object.values(window).find(v => v instanceof L.Map);
    return {lat: m.getCenter().lat, lng: m.getCenter().lng, zoom: m.getZoom()}; }"""


def _zoom_after_click(page: Page, *, seconds: float) -> dict[str, Any]:
    """The map's view once it is zoomed to a place, or the last view seen within ``seconds``."""
    view: dict[str, Any] = {}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        frame = map_frame(page)
        view = frame.evaluate(_CENTRE) if frame is not None else {}
        if view.get("zoom") == 7:
            break
        page.wait_for_timeout(250)
    return view


def test_clicking_a_table_row_shows_its_place_on_the_map_and_in_the_panel(watched: Watched) -> None:
    page = watched.page
    page.get_by_text("The events shown, as a table").click()
    grid = page.locator(".st-key-events_grid")
    grid.wait_for()
    wait_until_idle(page)
    canvas = grid.locator("canvas").first
    view: dict[str, Any] = {}
    # A click that lands while the grid is still drawing its rows (a busy machine) selects nothing:
    # click again then, and only then (a second click on a selected row would clear it). The grid is
    # measured before each click: the page above it may still be settling.
    for _attempt in range(3):
        wait_until_idle(page)
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the header row, then half a row: its box
        view = _zoom_after_click(page, seconds=30)
        if view.get("zoom") == 7 or page.locator(".st-key-excerpts").count():
            break
    if view.get("zoom") != 7 and page.locator(".st-key-excerpts").count():
        # The row is selected (its panel shows): a busy machine may still be drawing the new map.
        view = _zoom_after_click(page, seconds=30)
    assert view.get("zoom") == 7, view
    # The panel shows the row's place, and the map is centred on that place's marker.
    page.locator(".st-key-excerpts").wait_for()
    headings = [squash(h) for h in page.locator("h3").all_inner_texts()]
    (name,) = [h for h in headings if h != "Events per day"]  # the panel's place
    frame = map_frame(page)
    assert frame is not None
    spots = frame.evaluate(_PLACES_NAMED, name)
    assert any(abs(la - view["lat"]) < 0.01 and abs(lo - view["lng"]) < 0.01 for la, lo in spots), (
        name,
        spots,
        view,
    )
    page.screenshot(path="/tmp/app_table_row.png")


def test_the_exported_map_has_a_title_and_the_filters_that_made_it(watched: Watched, tmp_path: Path) -> None:
    page = watched.page
    page.locator(".st-key-f_search input").fill("Kandahar")
    page.keyboard.press("Enter")
    wait_until_idle(page)
    page.get_by_text("Export the events shown").click()
    with page.expect_download() as waiting:
        page.locator(".st-key-dl_map button").click()
    saved = tmp_path / "map.html"
    waiting.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    title = re.search(r"<title>([^<]*)</title>", text)
    assert title and title.group(1).startswith("diplomap: "), title
    heading = json.loads(re.search(r"/\*diplomap-data\*/(.*?)/\*end-diplomap-data\*/", text, re.S).group(1))[
        "heading"
    ]
    assert heading[0] == title.group(1) and "search: “Kandahar”" in heading[1]


# -- undated articles, corrections, one way to choose what is shown, posts at capitals (#12.1/4/6/7) --

AFGHANISTAN = "gn:1149361"
CUSCO_TEXT = "Talks in Cusco\n\nThe foreign ministers of Chile and Bolivia held talks in Cusco on Tuesday.\n"
_LAYER_NAMES = """() => [...document.querySelectorAll('.leaflet-control-layers-overlays label')]
    .map(l => l.textContent.trim())"""
_MARKER_AT = """([layer, key]) => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const found = map.diplomap.layers[layer].getLayers().find(l => l.dmEntry.k === key);
    return found ? [found.dmEntry.la, found.dmEntry.lo] : null;  // spiderfied markers move aside
}"""


def wait_for_map(page: Page, layer: str, key: str, *, shown: bool, timeout: float) -> None:
    """Until the map (redrawn by reruns meanwhile) has, or no longer has, the place in the layer."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        wait_until_idle(page)
        frame = map_frame(page)
        try:
            if frame is not None and bool(frame.evaluate(_HAS_PLACE, [layer, key])) == shown:
                return
        except PlaywrightError:
            pass
        page.wait_for_timeout(300)
    raise AssertionError(
        f"{key} {'never came' if shown else 'stayed'} on the {layer} layer: {map_state(page)}"
    )


def layer_names(page: Page) -> list[str]:
    wait_until_idle(page)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        frame = map_frame(page)
        try:
            if frame is not None and frame.locator(".leaflet-control-layers").count():
                return [squash(n) for n in frame.evaluate(_LAYER_NAMES)]
        except PlaywrightError:
            pass
        page.wait_for_timeout(250)
    raise AssertionError(f"no layer box: {map_state(page)}")


def test_undated_articles_stay_on_the_map_unless_switched_off(watched: Watched) -> None:
    page = watched.page
    upload(page, [("undated-paris.txt", PARIS_TEXT.encode())])
    result_line(page, "undated-paris.txt").wait_for(timeout=60_000)
    switch = page.get_by_text(re.compile(r"Include undated articles \(\d+\)"))
    switch.wait_for()
    page.get_by_text(re.compile(r"reports · .* \(\d+ undated")).first.wait_for()  # the counts line says so
    timeline = page.get_by_role("img", name="Events per day, by role, and of undated articles")
    svg = page.evaluate("(src) => fetch(src).then(r => r.text())", timeline.get_attribute("src"))
    assert ">undated</text>" in svg  # the timeline gives them a bar of their own
    click_marker(page, PARIS)  # on the map while the switch is on
    switch.click()  # off: the undated article leaves the map
    wait_for_map(page, "diplomatic_post", PARIS, shown=False, timeout=30)  # the undated article left
    page.screenshot(path="/tmp/app_undated_off.png")


def test_the_layer_box_lists_the_roles_chosen_under_show_with_the_same_names(watched: Watched) -> None:
    page = watched.page
    names = layer_names(page)
    assert [n.split(" (")[0] for n in names[:3]] == ["Conflict areas", "Diplomatic posts", "Meetings"], names
    assert all(re.search(r"\(\d+ places?\)$", n) for n in names[:3])  # the box counts places
    show = page.locator(".st-key-f_roles")
    show.get_by_role("button", name=re.compile("Remove Meetings")).click()
    wait_until_idle(page)
    show.locator("input").click()
    page.keyboard.type("Other mentions")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        names = layer_names(page)
        roles = [n.split(" (")[0] for n in names]
        if "Other mentions" in roles and "Meetings" not in roles:
            break
        page.wait_for_timeout(300)
    assert "Meetings" not in roles and "Other mentions" in roles, names
    mentions = next(n for n in names if n.startswith("Other mentions"))
    assert not mentions.startswith("Other mentions (0"), mentions  # never a layer that stays empty


def test_an_embassy_in_a_country_sits_at_its_capital_and_says_so(watched: Watched) -> None:
    page = watched.page
    text = "Norway closes embassy\n\nNorway closed its embassy in Afghanistan on Monday.\n"
    upload(page, [("norway-afghanistan.txt", text.encode())])
    result_line(page, "norway-afghanistan.txt · added").wait_for(timeout=60_000)
    click_marker(page, AFGHANISTAN)
    frame = map_frame(page)
    assert frame is not None
    lat, lon = frame.evaluate(_MARKER_AT, ["diplomatic_post", AFGHANISTAN])
    assert abs(lat - 34.52813) < 1e-4 and abs(lon - 69.17233) < 1e-4  # Kabul, not the middle of the country
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup .dm-popup")
    popup.wait_for()
    assert "shown at its capital: no city named" in popup.inner_text()


def test_a_correction_starts_empty_can_be_scoped_and_undone(watched: Watched) -> None:
    page = watched.page
    upload(page, [("cusco.txt", CUSCO_TEXT.encode())])
    result_line(page, "cusco.txt · added").wait_for(timeout=60_000)
    cusco = "gn:3941584"
    click_marker(page, cusco, layer="meeting")
    page.get_by_role("heading", name="Cusco").wait_for()
    page.get_by_text("Correct an event here").click()
    move = page.get_by_role("button", name="Move it there")
    move.wait_for()
    assert move.is_disabled()  # nothing chosen: the event cannot move by accident
    target = page.locator('[data-testid="stSelectbox"]').filter(has_text="Move it to")
    assert squash(target.inner_text()) == "Move it to"  # nothing chosen...
    assert target.locator("input").get_attribute("placeholder") == "Choose the right place"  # ...it says so
    page.get_by_text("This mention only").wait_for()
    assert page.get_by_role("radio", name="This mention only").is_checked()  # the default scope
    query = page.get_by_label("Look the place up as")
    query.fill("Douma")
    query.press("Enter")
    wait_until_idle(page)
    target = page.locator('[data-testid="stSelectbox"]').filter(has_text="Move it to")
    target.locator("input").click()
    page.keyboard.press("ArrowDown")  # opens the list
    page.locator('[role="option"]').first.wait_for()
    options = page.locator('[role="option"]').all_inner_texts()
    assert any("Dūmā" in o and "Syria" in o for o in options), options[:5]
    page.keyboard.press("Escape")
    # Change the role, then undo it: the meeting is back.
    role_box = page.locator('[class*="st-key-fix_role_"]').filter(has=page.locator("input")).first
    role_box.click()
    page.keyboard.type("Conflict area")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Change the role").click()
    page.get_by_text("Role changed to conflict area.").wait_for()
    undo = page.get_by_role("button", name=re.compile("Undo the 1 correction"))
    undo.wait_for()
    undo.click()
    wait_for_map(page, "meeting", cusco, shown=True, timeout=60)  # the meeting is back after the undo
    page.screenshot(path="/tmp/app_correction_undone.png")


GENEVA = "gn:2660646"
# A canonical address with markup in its query: kept, percent-encoded, and linked as such.
HOSTILE_CANONICAL = 'https://news.example/2021/07/geneva-consulate?q="><svg/onload=alert(1)>`${x}`'
SAFE_CANONICAL = (
    "https://news.example/2021/07/geneva-consulate?q=%22%3E%3Csvg/onload=alert%281%29%3E%60%24%7Bx%7D%60"
)


def geneva_page() -> bytes:
    href = HOSTILE_CANONICAL.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        "<!doctype html><html><head><title>Japan opens consulate</title>"
        f'<link rel="canonical" href="{href}">'
        '<meta property="article:published_time" content="2021-07-20"></head>'
        "<body><h1>Japan opens a consulate in Geneva</h1><p>Japan opened a consulate general in Geneva"
        " on Tuesday, the foreign ministry in Tokyo said.</p></body></html>"
    ).encode()


def test_the_popup_and_the_panel_link_to_the_article_in_a_new_tab(watched: Watched) -> None:
    page = watched.page
    upload(page, [("geneva.html", geneva_page())])
    result_line(page, "geneva.html · added").wait_for(timeout=60_000)
    click_marker(page, GENEVA)
    popup = page.frame_locator(MAP_FRAME).locator(".leaflet-popup .dm-popup")
    popup.wait_for()
    links = popup.locator("a.dm-event-source")  # one per excerpt: the article names Geneva twice
    assert links.count() >= 1
    for link in links.all():
        assert link.text_content() == "source"
        assert link.get_attribute("href") == SAFE_CANONICAL
        assert (link.get_attribute("target"), link.get_attribute("rel")) == ("_blank", "noopener noreferrer")

    page.get_by_role("heading", name="Geneva").wait_for()
    panel_link = page.locator(".st-key-excerpts").get_by_role("link", name="source")
    panel_link.wait_for()
    assert panel_link.get_attribute("href") == SAFE_CANONICAL
    assert panel_link.get_attribute("target") == "_blank"
    assert set((panel_link.get_attribute("rel") or "").split()) >= {"noopener", "noreferrer"}
    frame = map_frame(page)
    assert frame is not None and injected(frame) == [] and injected(page) == []
    page.screenshot(path="/tmp/app_source_link.png")
    assert watched.outside == [] and watched.dialogs == []
