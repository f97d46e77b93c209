"""Hostile strings for every place text is rendered: the shared list when the project sits beside
``../shared`` (as in CI), and always our own, so the tests mean something on any checkout."""

from __future__ import annotations

import functools
import json
from pathlib import Path

XSS_FILE = Path(__file__).resolve().parents[1].parent / "shared" / "security" / "xss_payloads.json"
# Our own: template literals, Jinja (branca renders macros), script breaks, attributes, separators.
OWN_PAYLOADS = (
    "${alert(1)}",
    "`",
    "\\`${alert(2)}`",
    "</script><script>alert(3)</script>",
    "<img src=x onerror=alert(4)>",
    "{{ 7*7 }}",
    "{% if true %}jinja{% endif %}",
    "{{'folium_ref'}}",
    '"><svg onload=alert(5)>',
    "javascript:alert(6)",
    "<a href='javascript:alert(7)'>x</a>",
    'it\'s "quoted" & <b>bold</b>',
)


@functools.cache
def shared_payloads() -> tuple[str, ...]:
    """``../shared/security/xss_payloads.json``, or nothing when the project is not beside it."""
    if not XSS_FILE.exists():
        return ()
    return tuple(json.loads(XSS_FILE.read_text(encoding="utf-8"))["payloads"])


def hostile_strings() -> list[str]:
    """The shared list, then our own."""
    return [*shared_payloads(), *OWN_PAYLOADS]
