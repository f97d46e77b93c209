"""What the browser tests share: Debian's Chromium under Playwright, and the real app under
``streamlit run`` on a free local port. Missing Chromium or front-end files fail the run (these
tests must not be skipped quietly): ``make test`` installs both."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from diplomap.mapview import VENDOR_DIR

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 90.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

if not Path(CHROMIUM).exists():
    pytest.fail(
        "Debian chromium is missing: `make test` installs it (apt-get install chromium)", pytrace=False
    )
if not (VENDOR_DIR / "map-vendor.js").exists():
    pytest.fail("static/vendor is incomplete: run `make setup` (scripts/install_frontend.sh)", pytrace=False)

from playwright.sync_api import Browser, sync_playwright  # noqa: E402


@dataclass(frozen=True, slots=True)
class RunningApp:
    url: str
    db: Path
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"streamlit exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"streamlit did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """``streamlit run app.py`` with a fresh database; yields its URL and stops it afterwards."""
    with running_app(tmp_path_factory.mktemp("app")) as app:
        yield app


@pytest.fixture(scope="module")
def start_app_module() -> Callable[..., AbstractContextManager[RunningApp]]:
    """``start_app`` for a module-scoped fixture (one server for a module's tests)."""
    return running_app


@pytest.fixture
def start_app() -> Callable[..., AbstractContextManager[RunningApp]]:
    """``with start_app(tmp_path, base_path="x") as app:`` for a test that needs its own server."""
    return running_app


@contextmanager
def running_app(
    tmp: Path,
    *,
    base_path: str = "",
    env: Mapping[str, str] | None = None,
    address: str = "127.0.0.1",
    port: int | None = None,
) -> Iterator[RunningApp]:
    """``streamlit run app.py`` on a free port, under ``base_path`` (as behind a reverse proxy) if given,
    with ``env`` added to its environment; ``address`` is where it listens (the page is always
    opened on 127.0.0.1)."""
    db, log = tmp / "diplomap.db", tmp / "streamlit.log"
    port = port or free_port()
    env = {
        **os.environ,
        "DIPLOMAP_DB": str(db),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **(env or {}),
    }
    env.pop("DIPLOMAP_CACHE_DIR", None)  # the project's own prebuilt gazetteer cache
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.address", address, "--server.headless", "true"]
    if base_path:
        command += ["--server.baseUrlPath", base_path]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    try:
        wait_for_health(url, process, log, STARTUP_SECONDS)
        yield RunningApp(url, db, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
