"""The archive map (diplomap.archive) in real Chromium: the map asks for the tile files of its view
only, a cluster zooms in, a place opens, hostile names stay text; and in the real app, a store
beyond the archive threshold draws from tiles and a click fills the panel from SQL.

Needs Debian's chromium (/usr/bin/chromium) and static/vendor (scripts/install_frontend.sh).
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic_store import fill  # noqa: E402
from diplomap.archive import ArchiveView, Columns, publish_tiles  # noqa: E402
from diplomap.mapfiles import publish  # noqa: E402
from diplomap.mapview import build_archive_map  # noqa: E402
from diplomap.service import EventFilter  # noqa: E402
from diplomap.store import Store  # noqa: E402
from extraction.reader import content_hash  # noqa: E402
from extraction.types import Article  # noqa: E402
from tests.browser.test_app_browser import KANDAHAR, MAP_FRAME, still, wait_until_idle  # noqa: E402
from tests.browser.test_map_browser import Watched, afghan_events, serve, watched  # noqa: E402, F401
from tests.hostile import OWN_PAYLOADS, shared_payloads  # noqa: E402

pytestmark = pytest.mark.browser
_MAP = "Object.values(window).find(v => v instanceof L.Map)"
_GO = f"""([lat, lon, zoom]) => {{
    const map = {_MAP};
    const before = Number(map.getContainer().dataset.dmArchiveViews || 0);
    map.setView([lat, lon], zoom, {{animate: false}});
    return before;
}}"""
_VIEWS = "() => Number(document.querySelector('.leaflet-container').dataset.dmArchiveViews || 0)"
_TAG = f"""([role, key]) => {{
    const marker = {_MAP}.diplomap.layers[role].getLayers().find(l => l.dmEntry && l.dmEntry.k === key);
    if (!marker) return false;
    marker.getElement().setAttribute("data-test-place", key);
    return true;
}}"""

_TOP_CLUSTER = """() => {
    for (const el of document.querySelectorAll(".dm-cluster")) {
        const box = el.getBoundingClientRect();
        const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        if (top && el.contains(top)) { el.setAttribute("data-test-cluster", "1"); return true; }
    }
    return false;
}"""


def _store_with_kandahar(path: Path, n_synthetic: int, payloads: list[str]) -> Store:
    fill(path, n_synthetic, seed=3)
    store = Store.open(path)
    events = afghan_events()
    text = " ".join(e.sentence for e in events)
    article = Article(text, events[0].article_title, None, "k", content_hash(text), "kandahar.txt")
    hostile = [
        dataclasses.replace(
            events[0],
            place_name=p,
            place_key=f"name:h{i}",
            lat=-20.0 + (i % 5) * 0.05,
            lon=130.0 + (i // 5) * 0.05,
            role=("diplomatic_post", "meeting", "conflict", "mention")[i % 4],
        )
        for i, p in enumerate(payloads)
    ]
    store.add_article(article, [*events, *hostile])
    return store


def _go(page: Page, lat: float, lon: float, zoom: int) -> None:
    before = page.evaluate(_GO, [lat, lon, zoom])
    page.wait_for_function(f"() => ({_VIEWS})() > {before}")


def test_the_map_fetches_the_tiles_of_its_view_zooms_into_clusters_and_opens_a_place(
    serve: Any,  # noqa: F811
    watched: Watched,  # noqa: F811
    tmp_path: Path,
) -> None:
    payloads = list(dict.fromkeys([*shared_payloads()[:8], *OWN_PAYLOADS]))  # ours on any checkout
    store = _store_with_kandahar(tmp_path / "a.db", 3_000, payloads)
    view = ArchiveView.of(Columns.load(store), EventFilter(), store)
    built = build_archive_map(view.points, static_url="/static")
    cache = tmp_path / "static" / "cache"
    publish(built.files, cache)
    assert built.tileset is not None
    publish_tiles(built.tileset, cache, built.tileset_name)
    fetched: list[str] = []
    page = watched.page
    page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[1]) if "/tiles-" in r.url else None)
    page.goto(serve(built.map.get_root().render()))
    page.wait_for_selector(".leaflet-container[data-dm-ready]")

    # The first view asks for the few files of its zoom, of the hundreds there are.
    assert 1 <= len(fetched) <= 4 and len(built.tileset.files) > 50
    zoom = page.evaluate(f"() => {_MAP}.getZoom()")
    assert all(name.startswith(f"{max(zoom, 2)}-") for name in fetched)
    layer_box = page.locator(".leaflet-control-layers").text_content() or ""
    assert f"Diplomatic posts ({sum(1 for r in view.points.role.tolist() if r == 0)} places)" in layer_box

    # A cluster says how many places it holds; clicking it zooms in and opens no popup.
    assert page.evaluate(_TOP_CLUSTER)
    cluster = page.locator("[data-test-cluster]")
    cluster.hover()
    assert (page.locator(".leaflet-tooltip").text_content() or "").split(" · ")[0].endswith("places")
    before = page.evaluate(_VIEWS)
    cluster.click()
    page.wait_for_function(f"() => ({_VIEWS})() > {before}")
    assert page.evaluate(f"() => {_MAP}.getZoom()") == zoom + 2
    assert page.locator(".leaflet-popup").count() == 0

    # Close in, Kandahar is a place of its own: its popup names it and points to the panel.
    _go(page, 31.6, 65.7, 11)
    assert page.evaluate(_TAG, ["diplomatic_post", KANDAHAR])
    marker = page.locator(f'[data-test-place="{KANDAHAR}"]')
    marker.hover()
    assert page.locator(".leaflet-tooltip").text_content() == "Kandahar · Diplomatic post"
    marker.click()
    popup = page.locator(".leaflet-popup .dm-popup-pending")
    popup.wait_for()
    assert popup.locator(".dm-popup-place").text_content() == "Kandahar"
    assert popup.locator(".dm-popup-role").text_content() == "Diplomatic post · 1 report"
    assert "beside the map" in (popup.locator(".dm-popup-note").text_content() or "")

    # Hostile names: every tooltip and popup of the view, built by the map's own functions, is text.
    _go(page, -19.9, 130.1, 12)
    built_names = page.evaluate(
        f"""() => {{
            const {{root, layers}} = {_MAP}.diplomap;
            const out = document.createElement("div");
            out.id = "all";
            for (const group of Object.values(layers)) group.eachLayer(layer => {{
                out.appendChild(root.getPopup().getContent()(layer));
                out.appendChild(root.getTooltip().getContent()(layer));
            }});
            document.body.appendChild(out);
            return [...out.querySelectorAll(".dm-popup-place")].map(e => e.textContent);
        }}"""
    )
    page.wait_for_timeout(300)
    assert set(payloads) <= set(built_names)
    assert page.locator("#all").locator("img, script, iframe, object, embed, a, svg, style").count() == 0
    assert watched.dialogs == [] and watched.errors == [] and watched.outside == [] and watched.missing == []
    store.close()


@pytest.fixture
def archive_app(start_app: Any, tmp_path: Path) -> Iterator[Any]:
    """The app on the sample with an archive threshold of 3 events: the sample is an archive."""
    with start_app(tmp_path, env={"DIPLOMAP_ARCHIVE_EVENTS": "3"}) as app:
        yield app


def test_beyond_the_threshold_the_app_draws_from_tiles_and_a_click_fills_the_panel(
    browser: Browser, archive_app: Any
) -> None:
    # Tall enough for the whole map: focusing a map partly off screen scrolls the page under the
    # pointer (the laptop case is test_app_browser's cluster test).
    context = browser.new_context(viewport={"width": 1366, "height": 1100}, service_workers="block")
    context.set_default_timeout(45_000)
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(archive_app.url) else None)
    page.goto(archive_app.url)
    page.get_by_text("clustered on the server", exact=False).wait_for(timeout=90_000)
    frame_locator = page.frame_locator(MAP_FRAME)
    frame_locator.locator(".leaflet-container[data-dm-ready]").wait_for(timeout=60_000)
    wait_until_idle(page)
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    assert frame is not None
    _go(frame, 31.6, 65.7, 11)  # type: ignore[arg-type]
    assert frame.evaluate(_TAG, ["diplomatic_post", KANDAHAR])
    marker = frame_locator.locator(f'[data-test-place="{KANDAHAR}"]')
    still(page, marker)
    marker.click()
    heading = page.get_by_role("heading", name="Kandahār")  # the gazetteer's name
    deadline = time.monotonic() + 60
    while not heading.count() and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert heading.count() == 1
    excerpts = page.locator(".st-key-excerpts")
    excerpts.get_by_text("Kandahar", exact=False).first.wait_for()
    assert "consulate in Kandahar" in (excerpts.text_content() or "")
    # The table of an archive: its newest rows, read by id.
    page.get_by_text("The events shown, as a table").click()
    page.locator('[data-testid="stDataFrame"]').wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path="/tmp/app_archive.png")
    assert [u for u in outside if not u.startswith(("data:", "blob:", "about:"))] == []
    context.close()
