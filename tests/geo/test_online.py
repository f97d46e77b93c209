"""OnlineGeocoder against a local Nominatim stand-in: answers, errors, rate limit."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
from geopy.adapters import BaseSyncAdapter

from diplomap.errors import GeocoderUnavailable, GeocodingError
from geo.online import DEFAULT_USER_AGENT, OnlineGeocoder, match_from_nominatim
from geo.types import Coordinates, PlaceKind

if TYPE_CHECKING:
    from conftest import NominatimStub


def local_nominatim(stub: NominatimStub, **options: Any) -> OnlineGeocoder:
    options.setdefault("min_delay_seconds", 0.0)
    options.setdefault("timeout", 2.0)
    # proxies={}: a proxy set in the environment must not carry the request off this machine.
    return OnlineGeocoder("nominatim", domain=stub.domain, scheme="http", proxies={}, **options)


def test_answer_becomes_a_geomatch(nominatim_stub: NominatimStub, kandahar_nominatim: dict[str, Any]) -> None:
    nominatim_stub.answer("Kandahar", [kandahar_nominatim])

    match = local_nominatim(nominatim_stub).geocode("Kandahar")

    assert match is not None
    assert match.name == "Kandahar"
    assert match.coordinates == Coordinates(31.61332, 65.71013)
    assert match.country_code == "AF"
    assert match.kind is PlaceKind.CITY
    assert match.admin1 == "Kandahar Province"
    assert match.geonameid is None
    assert match.source == "nominatim"
    assert match.confidence == pytest.approx(0.6178)


def test_request_carries_hint_address_details_and_user_agent(
    nominatim_stub: NominatimStub, kandahar_nominatim: dict[str, Any]
) -> None:
    nominatim_stub.answer("Kandahar", [kandahar_nominatim])

    local_nominatim(nominatim_stub).geocode("Kandahar", country_hint="AF")

    (request,) = nominatim_stub.requests
    assert request.path == "/search"
    assert request.params["q"] == ["Kandahar"]
    assert request.params["countrycodes"] == ["af"]
    assert request.params["addressdetails"] == ["1"]
    assert request.params["limit"] == ["1"]
    assert request.user_agent == DEFAULT_USER_AGENT


def test_empty_list_is_no_match(nominatim_stub: NominatimStub) -> None:
    nominatim_stub.answer("Atlantis", [])

    assert local_nominatim(nominatim_stub).geocode("Atlantis") is None


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_http_error_is_unavailable(nominatim_stub: NominatimStub, status: int) -> None:
    nominatim_stub.answer("Kabul", {"error": "overloaded"}, status=status)

    with pytest.raises(GeocoderUnavailable, match="nominatim"):
        local_nominatim(nominatim_stub).geocode("Kabul")
    assert len(nominatim_stub.requests) == 1


def test_slow_answer_is_unavailable(
    nominatim_stub: NominatimStub, kandahar_nominatim: dict[str, Any]
) -> None:
    nominatim_stub.answer("Herat", [kandahar_nominatim], delay=1.0)
    started = time.monotonic()

    with pytest.raises(GeocoderUnavailable, match="GeocoderTimedOut"):
        local_nominatim(nominatim_stub, timeout=0.5).geocode("Herat")
    assert time.monotonic() - started < 0.95


def test_invalid_json_is_unavailable(nominatim_stub: NominatimStub) -> None:
    nominatim_stub.answer("Kabul", b"<html>Bad gateway</html>")

    with pytest.raises(GeocoderUnavailable, match="GeocoderParseError"):
        local_nominatim(nominatim_stub).geocode("Kabul")


def test_answer_without_coordinates_is_unavailable(nominatim_stub: NominatimStub) -> None:
    nominatim_stub.answer("Kabul", [{"display_name": "Kabul", "lat": "north"}])

    with pytest.raises(GeocoderUnavailable, match="unexpected answer"):
        local_nominatim(nominatim_stub).geocode("Kabul")


class CannedAdapter(BaseSyncAdapter):
    """geopy transport that answers every request with the same JSON and records the URLs."""

    def __init__(self, *, proxies: Any, ssl_context: Any, answer: Any) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self.answer = answer
        self.urls: list[str] = []

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        self.urls.append(url)
        return self.answer

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise NotImplementedError


def test_transport_is_injectable(kandahar_nominatim: dict[str, Any]) -> None:
    adapters: list[CannedAdapter] = []

    def canned(*, proxies: Any, ssl_context: Any) -> CannedAdapter:
        adapters.append(CannedAdapter(proxies=proxies, ssl_context=ssl_context, answer=[kandahar_nominatim]))
        return adapters[-1]

    geocoder = OnlineGeocoder("nominatim", adapter_factory=canned, min_delay_seconds=0.0)
    match = geocoder.geocode("Kandahar", country_hint="af")

    assert match is not None and match.coordinates == Coordinates(31.61332, 65.71013)
    (url,) = adapters[0].urls
    assert url.startswith("https://nominatim.openstreetmap.org/search?")
    assert "countrycodes=af" in url


def test_unknown_service_is_a_geocoding_error() -> None:
    with pytest.raises(GeocodingError, match="no-such-geocoder"):
        OnlineGeocoder("no-such-geocoder")


def test_requests_are_spaced_across_instances_and_threads(
    nominatim_stub: NominatimStub, kandahar_nominatim: dict[str, Any]
) -> None:
    min_delay = 0.2
    geocoders = [local_nominatim(nominatim_stub, min_delay_seconds=min_delay) for _ in range(2)]
    nominatim_stub.answer("Kandahar", [kandahar_nominatim])
    errors: list[BaseException] = []

    def ask_twice(geocoder: OnlineGeocoder) -> None:
        try:
            for _ in range(2):
                assert geocoder.geocode("Kandahar") is not None
        except BaseException as exc:
            errors.append(exc)

    time.sleep(min_delay)  # a request from an earlier test may still hold the provider's turn
    started = time.monotonic()
    threads = [threading.Thread(target=ask_twice, args=(geocoder,)) for geocoder in geocoders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert time.monotonic() - started >= 3 * min_delay
    arrivals = sorted(request.arrived for request in nominatim_stub.requests)
    assert len(arrivals) == 4
    assert min(later - earlier for earlier, later in itertools.pairwise(arrivals)) >= min_delay


@pytest.mark.parametrize(
    ("addresstype", "kind"),
    [
        ("country", PlaceKind.COUNTRY),
        ("state", PlaceKind.REGION),
        ("county", PlaceKind.DISTRICT),
        ("city", PlaceKind.CITY),
        ("town", PlaceKind.CITY),
        ("village", PlaceKind.CITY),
        ("road", PlaceKind.AREA),
    ],
)
def test_kind_follows_nominatim_addresstype(
    addresstype: str, kind: PlaceKind, kandahar_nominatim: dict[str, Any]
) -> None:
    raw = {**kandahar_nominatim, "addresstype": addresstype, "type": "administrative"}

    assert match_from_nominatim(raw).kind is kind


def test_socket_guard_refuses_the_network() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed
