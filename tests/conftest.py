"""Shared fixtures: the real spaCy model, the real gazetteer, and a guard that fails any test
that tries to reach the network (only loopback is allowed)."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "assets" / "samples" / "000_4e41f000fa338b9a.txt"
_real_connect = socket.socket.connect


def _is_local(address: object) -> bool:
    if isinstance(address, str):  # AF_UNIX path
        return True
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise OSError(f"test tried to reach the network: {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(scope="session")
def nlp():
    from extraction.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def gazetteer():
    from geo.gazetteer import Gazetteer

    return Gazetteer.load()


@pytest.fixture(scope="session")
def sample_article():
    from extraction.reader import read_path

    result = read_path(SAMPLE)
    assert result.articles, result.refusals
    return result.articles[0]
