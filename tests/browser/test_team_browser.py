"""A team on one server, in real Chromium: nothing is served before sign-in, a viewer reads but
changes nothing, an editor's removal is undone from the trash, the audit log says who did what,
and a server reachable from the network with no sign-in configured refuses to serve."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from diplomap.access import UserFile

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ROOT = Path(__file__).resolve().parents[2]
XSS_FILE = ROOT.parent / "shared" / "security" / "xss_payloads.json"
HOSTILE_NAME = "<img src=x onerror=alert(1)>${alert(2)}"
EDITOR_PASSWORD = "editor's long secret"
VIEWER_PASSWORD = "viewer's long secret"


@pytest.fixture(scope="module")
def team_server(tmp_path_factory: pytest.TempPathFactory, start_app_module: Any) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("team")
    users = UserFile(folder / "users.json")
    users.add("amira", EDITOR_PASSWORD, "editor")
    users.add(HOSTILE_NAME, VIEWER_PASSWORD, "viewer")
    with start_app_module(folder, env={"DIPLOMAP_USERS": str(users.path)}) as app:
        yield app


def open_page(browser: Browser, url: str) -> tuple[Any, Page, list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 950}, service_workers="block")
    context.set_default_timeout(45_000)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.goto(url)
    return context, page, requests


def sign_in(page: Page, name: str, password: str) -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_nothing_is_served_before_sign_in(browser: Browser, team_server: Any) -> None:
    context, page, requests = open_page(browser, team_server.url)
    try:
        page.get_by_role("button", name="Sign in").wait_for(timeout=90_000)
        page.wait_for_timeout(1500)
        assert page.locator(MAP_FRAME).count() == 0
        text = page.inner_text("body")
        assert "Kandahar" not in text and "Add articles" not in text
        assert not [u for u in requests if "/app/static/cache/" in u]
        for path in ("/app/static/cache/", "/app/static/cache"):  # no listing of the map's data files
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(team_server.url + path, timeout=10)
        sign_in(page, "amira", "not the password")
        page.get_by_text("That name and password do not match").wait_for()
        assert page.locator(MAP_FRAME).count() == 0
    finally:
        context.close()


def test_a_viewer_reads_the_map_but_is_offered_no_change(browser: Browser, team_server: Any) -> None:
    context, page, _ = open_page(browser, team_server.url)
    try:
        sign_in(page, HOSTILE_NAME, VIEWER_PASSWORD)
        page.frame_locator(MAP_FRAME).locator(".dm-icon, .dm-cluster").first.wait_for(timeout=90_000)
        caption = page.get_by_text(re.compile(r"^Signed in as")).inner_text()
        assert caption == f"Signed in as {HOSTILE_NAME} (viewer)"  # the name as typed, not markup
        assert page.locator('img[src="x"]').count() == 0
        body = page.inner_text("body")
        assert "Add articles" not in body and "Stored articles" not in body and "Role model" not in body
        page.locator('[data-testid="stSelectbox"]').filter(has_text="Place").locator("input").click()
        page.keyboard.type("Kandah")
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Kandahār").wait_for()
        assert page.get_by_text("Correct an event here").count() == 0
        page.get_by_text("Export the events shown").click()
        page.locator(".st-key-dl_csv button").wait_for()  # viewers export
    finally:
        context.close()


def test_an_editors_removal_is_restored_from_the_trash_and_the_log_says_who(
    browser: Browser, team_server: Any
) -> None:
    context, page, _ = open_page(browser, team_server.url)
    try:
        sign_in(page, "amira", EDITOR_PASSWORD)
        page.frame_locator(MAP_FRAME).locator(".dm-icon, .dm-cluster").first.wait_for(timeout=90_000)
        page.get_by_text("Stored articles").click()
        picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Article to remove")
        picker.locator("input").click()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Move the article and its events to the trash").click()
        page.get_by_text("Article moved to the trash.").wait_for()
        page.get_by_text("Trash", exact=True).click()
        restore = page.get_by_role("button", name="Restore")
        restore.first.wait_for()
        assert "by amira" in page.locator(".st-key-trash_box").inner_text()
        restore.first.click()
        page.get_by_text(re.compile(r"Restored as article \d+\.")).wait_for()
        page.frame_locator(MAP_FRAME).locator(".dm-icon, .dm-cluster").first.wait_for()
        page.get_by_text("Activity (who changed what)").click()
        page.locator(".st-key-dl_audit button").wait_for()
        page.screenshot(path="/tmp/team_audit.png")
        with page.expect_download() as waiting:
            page.locator(".st-key-dl_audit button").click()
        lines = Path(waiting.value.path()).read_text(encoding="utf-8").splitlines()
        actions = [line.split(",")[1:3] for line in lines[1:]]
        assert actions[:2] == [["amira", "restore"], ["amira", "remove"]], lines[:3]
    finally:
        context.close()


def test_a_server_on_the_network_without_sign_in_refuses_to_serve(
    browser: Browser, tmp_path: Path, start_app: Any
) -> None:
    with start_app(tmp_path, address="0.0.0.0") as app:
        context, page, requests = open_page(browser, app.url)
        try:
            page.get_by_text("no sign-in is configured").wait_for(timeout=90_000)
            assert page.locator(MAP_FRAME).count() == 0
            assert "Kandahar" not in page.inner_text("body")
            assert not [u for u in requests if "/app/static/cache/" in u]
        finally:
            context.close()
    assert not (tmp_path / "diplomap.db").exists() or _articles(tmp_path / "diplomap.db") == 0


def _articles(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def test_hostile_payloads_as_user_names_stay_text(tmp_path: Path) -> None:
    payloads = json.loads(XSS_FILE.read_text(encoding="utf-8"))["payloads"] if XSS_FILE.exists() else []
    users = UserFile(tmp_path / "users.json")
    kept = 0
    for i, payload in enumerate(payloads[:20]):
        name = payload.strip()[:60] or f"user{i}"
        try:
            users.add(name, "a long enough secret", "viewer")
        except Exception:  # a control character: refused with a reason, which is fine
            continue
        kept += 1
        assert users.verify(name, "a long enough secret") is not None
    assert kept >= 10
