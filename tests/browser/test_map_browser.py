"""The map in real Chromium: offline, clickable, and inert against hostile article text.

Needs Debian's chromium (/usr/bin/chromium) and static/vendor (scripts/install_frontend.sh).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # plain `pytest` does not put the project root on sys.path
    sys.path.insert(0, str(ROOT))

from diplomap.events import PlaceEvent  # noqa: E402
from diplomap.mapfiles import publish  # noqa: E402
from diplomap.mapview import VENDOR_DIR, build_app_map, map_html  # noqa: E402
from tests.hostile import shared_payloads  # noqa: E402

pytestmark = pytest.mark.browser

KANDAHAR_SENTENCE = "India evacuated its consulate in Kandahar on Sunday as fighting neared the city."


def afghan_events() -> list[PlaceEvent]:
    kandahar = PlaceEvent(
        article_id=1,
        article_title="India evacuates Kandahar consulate",
        published="2021-08-15",
        place_name="Kandahar",
        mention_text="Kandahar",
        place_key="gn:1138336",
        lat=31.61332,
        lon=65.71013,
        kind="city",
        country_code="AF",
        role="diplomatic_post",
        sentence=KANDAHAR_SENTENCE,
        mention_start=33,
        mention_end=41,
        confidence=0.9,
        post_type="consulate",
        owner="India",
        status="evacuated",
    )
    return [
        kandahar,
        dataclasses.replace(
            kandahar,
            place_name="Kabul",
            place_key="gn:1138958",
            lat=34.52813,
            lon=69.17233,
            post_type="embassy",
            status="operating",
            sentence="The embassy in Kabul stays open.",
            mention_start=15,
            mention_end=20,
        ),
        dataclasses.replace(
            kandahar,
            place_name="Dushanbe",
            place_key="gn:1221874",
            lat=38.53575,
            lon=68.77905,
            role="meeting",
            post_type=None,
            status=None,
            participants=("India", "Tajikistan"),
            sentence="Officials met in Dushanbe.",
            mention_start=17,
            mention_end=25,
        ),
        dataclasses.replace(
            kandahar,
            place_name="Afghanistan",
            place_key="gn:1149361",
            lat=33.0,
            lon=65.0,
            kind="country",
            role="conflict",
            post_type=None,
            status=None,
            confidence=0.41,  # an uncertain role: drawn with a dashed outline
            sentence="Fighting spread across Afghanistan.",
            mention_start=23,
            mention_end=34,
        ),
    ]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    """serve(html) -> URL of that page, on 127.0.0.1, beside a copy of static/vendor."""
    shutil.copytree(VENDOR_DIR, tmp_path / "static" / "vendor")
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def write(html: str) -> str:
        (tmp_path / "map.html").write_text(html, encoding="utf-8")
        return f"http://127.0.0.1:{server.server_address[1]}/map.html"

    yield write
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclasses.dataclass
class Watched:
    page: Page
    outside: list[str]
    dialogs: list[str]
    errors: list[str]
    missing: list[str]  # local files that answered 4xx/5xx, e.g. Leaflet's default marker icon


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A page whose requests may reach only 127.0.0.1; outside ones, dialogs and errors recorded."""
    context = browser.new_context(viewport={"width": 1100, "height": 750}, service_workers="block")
    page = context.new_page()
    seen = Watched(page, [], [], [], [])

    def route(route: Any) -> None:
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            seen.outside.append(route.request.url)
            route.abort()

    def dialog(dialog: Dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.route("**/*", route)
    page.on("dialog", dialog)
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on(
        "response",
        lambda r: seen.missing.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
    )
    yield seen
    context.close()


def marker_with_tooltip(page: Page, text: str, selector: str = ".dm-icon") -> Any:
    markers = page.locator(selector)
    for i in range(markers.count()):
        markers.nth(i).hover()
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for()
        if tooltip.text_content() == text:
            return markers.nth(i)
    raise AssertionError(f"no marker shows the tooltip {text!r}")


def test_kandahar_popup_shows_the_sentence_with_the_mention_marked(serve: Any, watched: Watched) -> None:
    page = watched.page
    page.goto(serve(map_html(afghan_events())))
    page.wait_for_selector(".leaflet-container[data-dm-ready]")

    assert page.locator(".dm-icon-post").count() == 2
    assert page.locator(".dm-icon-meeting").count() == 1
    assert page.locator(".dm-post-consulate.dm-status-closed").count() == 1  # Kandahar, evacuated
    assert page.locator(".dm-post-embassy.dm-status-ok").count() == 1  # Kabul, operating
    assert page.locator(".leaflet-overlay-pane canvas").count() == 1  # borders and conflict shapes
    shaded = page.evaluate(
        """() => Object.values(window).find(v => v instanceof L.Map).diplomap.layers.conflict
            .getLayers().map(layer => [layer.dmEntry.n, layer instanceof L.Polygon])"""
    )
    assert shaded == [["Afghanistan", True]]
    dashed = page.evaluate(
        """() => Object.values(window).find(v => v instanceof L.Map).diplomap.layers.conflict
            .getLayers().map(layer => layer.options.dashArray)"""
    )
    assert dashed == ["5 5"]  # Afghanistan's conflict role is uncertain (41 %)
    assert page.locator(".leaflet-marker-icon.dm-uncertain").count() == 0  # posts and meeting: sure (90 %)
    assert page.locator(".dm-legend").is_visible()
    assert page.get_by_label("Diplomatic posts (2 places)").is_checked()
    assert page.get_by_label("Conflict areas (1 place)").is_checked()
    assert page.get_by_text("Other mentions").count() == 0  # none drawn: no layer that would stay empty

    marker_with_tooltip(page, "Kandahar · Diplomatic post").click()
    popup = page.locator(".leaflet-popup .dm-popup")
    popup.wait_for()
    assert popup.locator(".dm-popup-place").text_content() == "Kandahar"
    assert popup.locator(".dm-event-sentence").text_content() == KANDAHAR_SENTENCE
    assert popup.locator(".dm-event-sentence mark").text_content() == "Kandahar"
    assert (
        popup.locator(".dm-event-meta").text_content()
        == "2021-08-15 · Consulate of India · status: evacuated · how sure: 90%"
    )

    page.mouse.move(1000, 700)  # let the tooltip go and the popup finish fading in
    page.wait_for_timeout(400)
    page.screenshot(path="/tmp/map_shot.png")
    assert watched.outside == [] and watched.errors == [] and watched.dialogs == []
    assert watched.missing == []


def test_hostile_text_shows_as_typed_and_runs_nothing(serve: Any, watched: Watched) -> None:
    payloads = _payloads()
    events = afghan_events()
    hostile = [
        dataclasses.replace(
            events[0],
            article_title=text,
            place_name=text,
            place_key=f"name:p{i}",
            sentence=f"{text} near Kandahar",
            mention_start=len(text) + 6,
            mention_end=len(text) + 14,
            lat=-8 + (i % 20) * 0.9,  # far from Kandahar, so it stays a marker of its own
            lon=100 + (i // 20) * 1.7,
            role=("diplomatic_post", "meeting", "mention", "conflict")[i % 4],
            kind="region",
        )
        for i, text in enumerate(payloads)
    ]
    # Kandahar itself carries a payload too, and is opened with a real click.
    kandahar = dataclasses.replace(events[0], article_title="<img src=x onerror=alert('title')>")
    page = watched.page
    page.goto(serve(map_html([kandahar, *hostile])))
    page.wait_for_selector(".leaflet-container[data-dm-ready]")

    marker_with_tooltip(page, "Kandahar · Diplomatic post", ".dm-post-consulate").click()
    popup = page.locator(".leaflet-popup .dm-popup")
    popup.wait_for()
    assert popup.locator(".dm-event-title").text_content() == "<img src=x onerror=alert('title')>"

    # Build every popup and tooltip with the map's own functions, into the live document.
    built = page.evaluate(
        """() => {
            const map = Object.values(window).find(v => v instanceof L.Map);
            const {root, layers} = map.diplomap;
            const out = document.createElement("div");
            out.id = "all-popups";
            for (const group of Object.values(layers)) {
                group.eachLayer(layer => {
                    out.appendChild(root.getPopup().getContent()(layer));
                    out.appendChild(root.getTooltip().getContent()(layer));
                });
            }
            document.body.appendChild(out);
            return out.querySelectorAll(".dm-popup").length;
        }"""
    )
    assert built == len(hostile) + 1
    page.wait_for_timeout(500)  # give any injected onerror/onload a chance to fire

    everything = page.locator("#all-popups, .leaflet-popup .dm-popup, .leaflet-tooltip")
    for i in range(everything.count()):
        assert everything.nth(i).locator("img, script, iframe, object, embed, a, svg, style").count() == 0
    titles = page.locator("#all-popups .dm-event-title").all_text_contents()
    places = page.locator("#all-popups .dm-popup-place").all_text_contents()
    marks = page.locator("#all-popups .dm-event-sentence mark").all_text_contents()
    assert set(payloads) <= set(titles) and set(payloads) <= set(places)
    assert marks.count("Kandahar") == len(hostile) + 1
    sentences = set(page.locator("#all-popups .dm-event-sentence").all_text_contents())
    assert {f"{text} near Kandahar" for text in payloads} <= sentences
    assert watched.dialogs == [] and watched.outside == [] and watched.errors == [] and watched.missing == []


def test_app_map_fetches_the_popup_texts_and_retries_after_a_failure(
    serve: Any, watched: Watched, tmp_path: Path
) -> None:
    page = watched.page
    cache = tmp_path / "static" / "cache"
    built = build_app_map(afghan_events(), static_url="/static")
    html = built.map.get_root().render()
    assert KANDAHAR_SENTENCE not in html and "India evacuates" not in html
    publish(built.files, cache)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/cache/" in r.url else None)
    page.goto(serve(html))
    page.wait_for_selector(".leaflet-container[data-dm-ready]")
    kinds = sorted(u.rsplit("/", 1)[1].split("-")[0] for u in fetched)
    assert kinds == ["borders", "markers", "names"]  # no texts yet
    marker_with_tooltip(page, "Kandahar · Diplomatic post").click()
    popup = page.locator(".leaflet-popup .dm-popup")
    popup.wait_for()
    assert popup.locator(".dm-event-sentence").text_content() == KANDAHAR_SENTENCE
    assert popup.locator(".dm-event-sentence mark").text_content() == "Kandahar"
    assert popup.locator(".dm-event-title").text_content() == "India evacuates Kandahar consulate"
    assert watched.missing == []

    # A map whose file is missing says so, and a later opening fetches it again.
    other = build_app_map(afghan_events()[:2], static_url="/static")
    publish([f for f in other.files if f not in other.popups], cache)
    page.goto(serve(other.map.get_root().render()))
    page.wait_for_selector(".leaflet-container[data-dm-ready]")
    kandahar = marker_with_tooltip(page, "Kandahar · Diplomatic post")
    kandahar.click()
    note = page.locator(".leaflet-popup .dm-popup-pending .dm-popup-note")
    note.filter(has_text="could not be loaded").wait_for()
    assert page.locator(".leaflet-popup .dm-popup-place").text_content() == "Kandahar"
    assert [u.rsplit("/", 1)[1] for u in watched.missing] == [other.popups[0].name]
    publish(other.popups, cache)
    page.locator(".leaflet-popup-close-button").click()
    page.locator(".leaflet-popup").wait_for(state="detached")
    kandahar.click()
    popup.locator(".dm-event-sentence").wait_for()
    assert popup.locator(".dm-event-sentence").text_content() == KANDAHAR_SENTENCE
    assert watched.outside == [] and watched.errors == [] and watched.dialogs == []


def test_app_map_without_its_markers_file_says_so(serve: Any, watched: Watched, tmp_path: Path) -> None:
    built = build_app_map(afghan_events(), static_url="/static")
    publish([f for f in built.files if f != built.drawing], tmp_path / "static" / "cache")
    watched.page.goto(serve(built.map.get_root().render()))
    note = watched.page.locator(".dm-map-failure")
    note.wait_for()
    assert "could not be loaded (HTTP 404)" in (note.text_content() or "")
    assert watched.page.locator(".dm-icon").count() == 0
    assert watched.errors == [] and watched.outside == []


@pytest.mark.slow
def test_st_folium_reports_the_clicked_place(tmp_path: Path, watched: Watched) -> None:
    """End to end in Streamlit: the click comes back through st_folium as Kandahar's place_key."""
    shutil.copytree(VENDOR_DIR, tmp_path / "static" / "vendor")
    (tmp_path / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", tmp_path / ".streamlit" / "config.toml")
    (tmp_path / "events.json").write_text(json.dumps([dataclasses.asdict(e) for e in afghan_events()]))
    (tmp_path / "app.py").write_text(_ST_APP.format(root=str(ROOT)), encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"},
    )
    try:
        _wait_for_health(port)
        page = watched.page
        page.goto(f"http://127.0.0.1:{port}/")
        frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        frame.locator(".dm-post-consulate").wait_for(timeout=30_000)
        frame.locator(".dm-post-consulate").click()
        frame.locator(".dm-popup").wait_for()
        page.get_by_text("CLICKED=gn:1138336 diplomatic_post").wait_for(timeout=15_000)
        page.get_by_text("TOOLTIP=Kandahar · Diplomatic post").wait_for()
        assert watched.outside == [] and watched.dialogs == [] and watched.missing == []
    finally:
        process.terminate()
        process.wait(timeout=20)


_ST_APP = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {root!r})
    import streamlit as st
    from streamlit_folium import st_folium
    from diplomap.events import PlaceEvent
    from diplomap.mapview import RETURNED_OBJECTS, build_click_index, build_map, parse_map_click

    rows = json.load(open("events.json"))
    events = [PlaceEvent(**{{**r, "participants": tuple(r["participants"])}}) for r in rows]
    out = st_folium(build_map(events), key="map", height=600, use_container_width=True,
                    returned_objects=list(RETURNED_OBJECTS))
    click = parse_map_click(out, build_click_index(events))
    st.text(f"CLICKED={{click.place_key}} {{click.role}}" if click else "CLICKED=none")
    st.text(f"TOOLTIP={{(out or {{}}).get('last_object_clicked_tooltip')}}")
    """
)


def _payloads() -> list[str]:
    extra = ["${alert(1)}", "`", "\\`${alert(2)}`", "</script><script>alert(3)</script>", "{{ 7*7 }}"]
    return [*shared_payloads(), *extra]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_health(port: int, timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("streamlit did not start")
