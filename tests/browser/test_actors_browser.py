"""Who met whom and a post's history, in real Chromium against the real app and store."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from test_app_browser import map_frame, squash, upload, wait_until_idle
from test_team_browser import choose

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Two more reports of India's consulate in Kandahar, before and after the sample's evacuation.
# (Datelined New Delhi: the consulate stays in Afghanistan, not at Kandhar, a town in India.)
KANDAHAR_MAY = (
    "NEW DELHI, May 3, 2021 - India's consulate in Kandahar is operating normally and issuing visas, "
    "the foreign ministry said on Monday."
)
KANDAHAR_SEPTEMBER = (
    "NEW DELHI, September 20, 2021 - India reopened its consulate in Kandahar on Monday, two months "
    "after its staff were evacuated, the foreign ministry said."
)


@pytest.fixture(scope="module")
def actors_app(tmp_path_factory: pytest.TempPathFactory, start_app_module: Any) -> Iterator[Any]:
    with start_app_module(tmp_path_factory.mktemp("actors")) as app:
        yield app


@pytest.fixture
def page(browser: Browser, actors_app: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, service_workers="block")
    context.set_default_timeout(45_000)
    opened = context.new_page()
    opened.on("dialog", lambda dialog: dialog.dismiss())
    opened.goto(actors_app.url)
    opened.frame_locator(MAP_FRAME).locator(".dm-icon, .dm-cluster").first.wait_for(timeout=90_000)
    wait_until_idle(opened)
    yield opened
    context.close()


def test_the_actor_filter_finds_jaishankar_whatever_the_spelling_and_a_pair_opens_its_sentences(
    page: Page,
) -> None:
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Who met")
    box.locator("input").click()
    page.keyboard.type("jaishankar")
    options = page.locator('[role="option"]')
    options.first.wait_for()
    assert [squash(t) for t in options.all_inner_texts()] == ["S Jaishankar"]  # "Jaishankar" folded in
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_until_idle(page)
    counts = squash(page.get_by_text(re.compile(r"reports · .* from \d+ article")).first.inner_text())
    assert counts.startswith("0 diplomatic-post reports · 3 meeting reports · 0 conflict reports"), counts
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".dm-icon, .dm-cluster").first.wait_for()
    assert frame.locator(".dm-post-consulate, .dm-post-embassy").count() == 0  # only his meetings

    page.get_by_text("Who met whom").click()
    grid = page.locator(".st-key-pairs_grid")
    grid.wait_for()
    wait_until_idle(page)
    caption = page.get_by_text(re.compile(r"pairs? with S Jaishankar")).inner_text()
    assert caption.startswith("4 pairs"), caption  # with Atmar, Afghanistan, India, the SCO Contact Group
    assert page.locator('.st-key-actors_box [data-testid="stImage"] img').count() == 1  # the pairs drawn
    canvas = grid.locator("canvas").first
    area = canvas.bounding_box()
    assert area is not None
    page.mouse.click(area["x"] + 16, area["y"] + 35 + 17)  # the first row's selection box
    excerpts = page.locator(".st-key-pair_excerpts")
    excerpts.wait_for()
    deadline = time.monotonic() + 15  # the heading comes first, the sentences with the next render
    while "Jaishankar" not in (text := squash(excerpts.inner_text())) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert "Dushanbe · 2021-07-14" in text and "Jaishankar" in text, text
    page.screenshot(path="/tmp/app_actors.png", full_page=True)


def test_a_posts_history_lists_its_status_changes_in_date_order(page: Page, tmp_path: Path) -> None:
    upload(
        page,
        [("kandahar-may.txt", KANDAHAR_MAY.encode()), ("kandahar-sept.txt", KANDAHAR_SEPTEMBER.encode())],
    )
    page.locator(".st-key-ingest_results").get_by_text("2 added").wait_for(timeout=120_000)
    choose(page, "Place", "Kandah")
    page.get_by_text("History of the post").click()
    history = page.locator(".st-key-post_history")
    history.get_by_text("2021-09-20").wait_for()
    text = squash(history.inner_text())
    assert "History of the post Consulate of India · latest: Opened" in text, text
    steps = re.findall(r"(\d{4}-\d\d-\d\d) · (Operating|Evacuated|Opened)", text)
    assert steps == [("2021-05-03", "Operating"), ("2021-07-13", "Evacuated"), ("2021-09-20", "Opened")], text
    assert "operating normally" in text and "reopened its consulate" in text  # the sentence of each change
    page.screenshot(path="/tmp/app_post_history.png")

    # The time window colours the consulate by its status as of the window's last day.
    control = page.frame_locator(MAP_FRAME).locator(".dm-time")
    control.locator(".dm-time-toggle").check()
    control.locator(".dm-time-width").select_option("30")  # a month: each day below sees one report
    colours = []
    for day in ("2021-05-10", "2021-07-20", "2021-09-25"):
        control.locator(".dm-time-range").fill(str(days_since_epoch(day)))
        frame = map_frame(page)
        assert frame is not None
        colours.append(frame.evaluate(_POST_STATUS, "gn:1138336"))
    assert colours == ["ok", "closed", "ok"], colours  # operating, evacuated, reopened


# Two more stories on other days, for the time window (March and October; the sample is of July).
GENEVA_MARCH = (
    "GENEVA, March 2, 2021 - The foreign ministers of Iran and Oman met in Geneva on Tuesday to "
    "discuss shipping in the Gulf, officials said."
)
MOSUL_OCTOBER = (
    "BAGHDAD, October 5, 2021 - Heavy fighting broke out in Mosul on Monday as militants attacked "
    "army positions, the defence ministry said."
)
_POST_STATUS = """(key) => Object.values(window).find(v => v instanceof L.Map).diplomap.layers
    .diplomatic_post.getLayers().filter(l => l.dmEntry.k === key).map(l => l.dmStatus)[0]"""
_TIME_STATE = "(name) => Object.values(window).find(v => v instanceof L.Map).diplomap.time.state[name]"


def time_state(page: Page, name: str) -> Any:
    """A field of the map's time window (``map.diplomap.time.state``)."""
    frame = map_frame(page)
    assert frame is not None
    return frame.evaluate(_TIME_STATE, name)


def test_the_time_window_plays_through_the_reports_and_a_link_keeps_it(browser: Browser, page: Page) -> None:
    upload(page, [("geneva-march.txt", GENEVA_MARCH.encode()), ("mosul-october.txt", MOSUL_OCTOBER.encode())])
    page.locator(".st-key-ingest_results").get_by_text("2 added").wait_for(timeout=120_000)
    wait_until_idle(page)
    for _ in range(120):  # a rerun under load may show the old map's frame beside the new one a while
        if map_frame(page) is not None:
            break
        page.wait_for_timeout(250)
    frame = page.frame_locator(MAP_FRAME)
    control = frame.locator(".dm-time")
    control.wait_for()
    assert squash(control.inner_text()).startswith("Time window ▶")
    everything = int(time_state(page, "shown"))

    control.locator(".dm-time-toggle").check()
    control.locator(".dm-time-width").select_option("30")  # a month
    control.locator(".dm-time-range").fill(str(days_since_epoch("2021-03-05")))
    label = control.locator(".dm-time-label")
    assert squash(label.inner_text()).startswith("2021-02-04 – 2021-03-05 · "), label.inner_text()
    march = int(time_state(page, "shown"))
    assert 0 < march < everything, (march, everything)  # Geneva's places only, not the sample's

    control.locator(".dm-time-play").click()  # month by month to October
    seen = {march}
    for _ in range(60):
        page.wait_for_timeout(250)
        seen.add(int(time_state(page, "shown")))
        if "2021-10-05" in label.inner_text():
            break
    assert "2021-10-05" in label.inner_text() and len(seen) >= 2, (label.inner_text(), seen)
    step_ms = float(time_state(page, "stepMs"))

    link = page.url
    assert "time=2021-10-05%2C30" in link or "time=2021-10-05,30" in link, link
    context = browser.new_context(viewport={"width": 1366, "height": 768}, service_workers="block")
    try:
        other = context.new_page()
        other.goto(link)
        other_control = other.frame_locator(MAP_FRAME).locator(".dm-time")
        other_control.wait_for(timeout=90_000)
        other_label = other_control.locator(".dm-time-label")
        other_label.get_by_text("2021-09-06 – 2021-10-05").wait_for()
        assert other_control.locator(".dm-time-toggle").is_checked()
    finally:
        context.close()
    page.screenshot(path="/tmp/app_time_window.png")
    print(f"\ntime window step: {step_ms:.1f} ms")

    # One click makes the counts line, the panel and the timeline follow the map's window.
    if time_state(page, "timer"):  # still playing: pause
        control.locator(".dm-time-play").click()
    control.locator(".dm-time-range").fill(str(days_since_epoch("2021-03-05")))
    page.get_by_role("button", name="Dates from the map's time window").click()
    counts = page.get_by_text(re.compile(r"reports · .* from 1 article, 2021-03-02$"))
    counts.wait_for(timeout=60_000)  # Geneva's article only


def days_since_epoch(day: str) -> int:
    from datetime import date

    return (date.fromisoformat(day) - date(1970, 1, 1)).days
