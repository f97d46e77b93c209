"""An article's web address, kept only when it is safe to link to.

Files are untrusted, so the address they give is too: only an absolute ``http``/``https`` URL with
a host passes, and it comes back with every character that could end an attribute, a Markdown link
or a JS string percent-encoded. Everything else (``javascript:``, ``data:``, relative, over-long,
holding whitespace or control characters, or hiding a user name before the host) is dropped.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

MAX_URL_CHARS = 2048
# What stays as written: RFC 3986 unreserved and the delimiters a URL's structure needs. The rest
# (quotes, <>, (), [], $, `, {}, !, *, \, non-ASCII) is percent-encoded; "%" stays so an
# already-encoded URL is not encoded twice.
_KEPT = "-._~:/?#@&=+,;%"
_NOT_ALLOWED = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
_HOST = re.compile(r"[a-z0-9.-]+(?::[0-9]{1,5})?|\[[0-9a-f:.]+\](?::[0-9]{1,5})?")


def safe_url(value: object) -> str:
    """``value`` as a safe absolute http(s) URL, or "" when it is not one."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if not url or len(url) > MAX_URL_CHARS or _NOT_ALLOWED.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    head = f"{parts.scheme}://{parts.netloc}"
    host = _ascii_host(parts.netloc)
    if not host or url[: len(head)].lower() != head.lower():
        return ""
    rest = url[len(head) :]
    if rest and rest[0] not in "/?#":
        return ""
    return f"{parts.scheme.lower()}://{host}{quote(rest, safe=_KEPT)}"


def _ascii_host(netloc: str) -> str:
    """The host (and port) in lower-case ASCII, IDNA-encoded; "" for user info or anything odd."""
    if "@" in netloc:  # "https://bank.example@evil.example/" names evil.example
        return ""
    host, colon, port = netloc.rpartition(":") if not netloc.endswith("]") else (netloc, "", "")
    if not colon or not port.isdigit():
        host, port = netloc, ""
    try:
        ascii_host = host.encode("idna").decode("ascii").lower() if not host.startswith("[") else host.lower()
    except UnicodeError:
        return ""
    candidate = ascii_host + (f":{port}" if port else "")
    return candidate if _HOST.fullmatch(candidate) and ascii_host.strip(".") else ""
