"""Fixtures of the geo tests: a socket guard, a cache file, and a local Nominatim stand-in."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest

if TYPE_CHECKING:
    from geo.cache import GeoCache

# `pytest` (unlike `python -m pytest`) does not put the project root on sys.path, and
# pyproject.toml has no `pythonpath = ["."]` yet; drop this once it does.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}

_KANDAHAR_NOMINATIM = {
    "place_id": 11745213,
    "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
    "osm_type": "node",
    "osm_id": 1959468823,
    "lat": "31.61332",
    "lon": "65.71013",
    "class": "place",
    "type": "city",
    "place_rank": 16,
    "importance": 0.6178,
    "addresstype": "city",
    "name": "Kandahar",
    "display_name": "Kandahar, Kandahar Province, Afghanistan",
    "address": {
        "city": "Kandahar",
        "state": "Kandahar Province",
        "ISO3166-2-lvl4": "AF-KAN",
        "country": "Afghanistan",
        "country_code": "af",
    },
    "boundingbox": ["31.4533200", "31.7733200", "65.5501300", "65.8701300"],
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse any connection that leaves this machine, so no geo test can reach the network."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def check(address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in LOCAL_HOSTS:
            raise ConnectionRefusedError(f"tests may not reach the network: {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture
def kandahar_nominatim() -> dict[str, Any]:
    """Nominatim's /search result for Kandahar (format=json, addressdetails=1)."""
    return json.loads(json.dumps(_KANDAHAR_NOMINATIM))


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[GeoCache]:
    from geo.cache import GeoCache

    with GeoCache(tmp_path / "geocache.sqlite") as opened:
        yield opened


@dataclass(frozen=True, slots=True)
class StubAnswer:
    status: int = 200
    body: bytes = b"[]"
    delay: float = 0.0


@dataclass(frozen=True, slots=True)
class StubRequest:
    arrived: float  # time.monotonic() when the handler started
    path: str
    params: dict[str, list[str]]
    user_agent: str


@dataclass
class NominatimStub:
    """Speaks Nominatim's /search JSON on 127.0.0.1; answers are planned per ``q``."""

    domain: str
    answers: dict[str, StubAnswer] = field(default_factory=dict)
    requests: list[StubRequest] = field(default_factory=list)

    def answer(self, query: str, payload: Any = None, *, status: int = 200, delay: float = 0.0) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload or []).encode()
        self.answers[query] = StubAnswer(status, body, delay)


def _handler_for(stub: NominatimStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = parse_qs(url.query)
            request = StubRequest(time.monotonic(), url.path, params, self.headers.get("User-Agent", ""))
            stub.requests.append(request)
            planned = stub.answers.get(params.get("q", [""])[0], StubAnswer())
            time.sleep(planned.delay)
            try:
                self.send_response(planned.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(planned.body)))
                self.end_headers()
                self.wfile.write(planned.body)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def nominatim_stub() -> Iterator[NominatimStub]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    stub = NominatimStub(domain=f"127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler_for(stub)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
