"""The suite runs offline: the autouse guard refuses every non-loopback connection."""

import socket

import pytest


def test_network_is_blocked_for_tests() -> None:
    with pytest.raises(OSError, match="reach the network"), socket.socket() as s:
        s.connect(("93.184.216.34", 80))


def test_loopback_still_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket() as client:
            client.connect(server.getsockname())
