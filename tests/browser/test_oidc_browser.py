"""Signing in through an identity provider (Streamlit's st.login, OpenID Connect) in real Chromium,
against a provider stub of our own on loopback: discovery, authorisation code, token with an
HS256-signed id_token carrying the nonce, JWKS and userinfo. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey
from playwright.sync_api import Browser

from diplomap.access import UserFile

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
CLIENT_ID, CLIENT_SECRET = "diplomap", "stub-client-secret"
SIGNING_KEY = secrets.token_bytes(32)


class Provider(BaseHTTPRequestHandler):
    """The smallest OpenID provider that Authlib accepts; signs everyone in as ``self.server.email``."""

    server: Any

    def log_message(self, *args: object) -> None:
        return

    def _json(self, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        base = self.server.base
        if url.path == "/.well-known/openid-configuration":
            self._json(
                {
                    "issuer": base,
                    "authorization_endpoint": f"{base}/authorize",
                    "token_endpoint": f"{base}/token",
                    "userinfo_endpoint": f"{base}/userinfo",
                    "jwks_uri": f"{base}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["HS256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                }
            )
        elif url.path == "/authorize":
            code = secrets.token_urlsafe(16)
            self.server.codes[code] = query.get("nonce")
            target = f"{query['redirect_uri']}?" + urllib.parse.urlencode(
                {"code": code, "state": query["state"]}
            )
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
        elif url.path == "/jwks":
            k = base64.urlsafe_b64encode(SIGNING_KEY).rstrip(b"=").decode()
            self._json({"keys": [{"kty": "oct", "k": k, "alg": "HS256", "kid": "stub", "use": "sig"}]})
        elif url.path == "/userinfo":
            self._json({"sub": "stub-user", "email": self.server.email, "name": "Stub User"})
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        if urllib.parse.urlsplit(self.path).path != "/token" or form.get("code") not in self.server.codes:
            self.send_error(400)
            return
        nonce = self.server.codes.pop(form["code"])
        now = int(time.time())
        claims = {
            "iss": self.server.base,
            "sub": "stub-user",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 600,
            "email": self.server.email,
            "name": "Stub User",
            **({"nonce": nonce} if nonce else {}),
        }
        id_token = jwt.encode({"alg": "HS256", "kid": "stub"}, claims, OctKey.import_key(SIGNING_KEY))
        self._json(
            {"access_token": "stub-access", "token_type": "Bearer", "expires_in": 600, "id_token": id_token}
        )


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def provider() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    server.base = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    server.codes = {}  # type: ignore[attr-defined]
    server.email = "amira@example.org"  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def test_signing_in_through_the_identity_provider_gives_the_role_the_user_file_names(
    browser: Browser, provider: Any, tmp_path: Path, start_app: Any
) -> None:
    port = _free_port()
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.base}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    users = UserFile(tmp_path / "users.json")
    users.add("amira@example.org", None, "editor")  # named an editor; no password: the provider signs in
    env = {"DIPLOMAP_USERS": str(users.path), "STREAMLIT_SECRETS_FILES": str(secrets_file)}
    with start_app(tmp_path, env=env, port=port) as app:
        page, context, outside = _signed_in_page(browser, app.url)
        try:
            page.get_by_text("Signed in as amira@example.org (editor)").wait_for()
            page.get_by_text("Add articles").wait_for()  # an editor uploads
            assert outside == []
        finally:
            context.close()
        provider.email = "guest@example.org"  # known to the provider, not named in the user file
        page, context, outside = _signed_in_page(browser, app.url)
        try:
            page.get_by_text("Signed in as guest@example.org (viewer)").wait_for()
            assert "Add articles" not in page.inner_text("body")  # reads only
            assert outside == []
        finally:
            context.close()


def _signed_in_page(browser: Browser, url: str) -> tuple[Any, Any, list[str]]:
    """A fresh browser that signs in through the provider; the requests that left the loopback."""
    context = browser.new_context(viewport={"width": 1400, "height": 950}, service_workers="block")
    context.set_default_timeout(45_000)
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None
        ),
    )
    page.goto(url)
    page.get_by_role("button", name="Sign in").wait_for(timeout=90_000)
    assert page.locator(MAP_FRAME).count() == 0  # nothing before sign-in
    page.get_by_role("button", name="Sign in").click()
    page.frame_locator(MAP_FRAME).locator(".dm-icon, .dm-cluster").first.wait_for(timeout=90_000)
    return page, context, outside
