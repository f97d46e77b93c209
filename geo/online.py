"""The one place that talks to online geocoders (through geopy). Off unless a caller builds one.

``None`` means the service answered "no match"; anything that kept us from getting an answer
(geopy error, timeout, HTTP 429/5xx, a body that is not the JSON we expect) raises
``GeocoderUnavailable`` so that nobody caches it as "not found".

Every request waits for one rate limiter per provider, shared by all instances and threads of the
process: requests to a provider never overlap, and each starts at least ``min_delay_seconds`` after
the previous one finished (Nominatim's usage policy asks for at most one request per second).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from geopy.adapters import BaseAdapter, RequestsAdapter, URLLibAdapter
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim, get_geocoder_for_service
from geopy.location import Location

from diplomap.errors import GeocoderUnavailable, GeocodingError
from geo.types import Coordinates, GeoMatch, PlaceKind

DEFAULT_USER_AGENT = "diplomap/0.1 (+offline-first diplomatic news mapper)"

# Nominatim's addresstype / type, most specific words we map; anything else is a vague AREA.
_NOMINATIM_KINDS: Mapping[str, PlaceKind] = {
    "continent": PlaceKind.CONTINENT,
    "country": PlaceKind.COUNTRY,
    "state": PlaceKind.REGION,
    "province": PlaceKind.REGION,
    "region": PlaceKind.REGION,
    "county": PlaceKind.DISTRICT,
    "district": PlaceKind.DISTRICT,
    "state_district": PlaceKind.DISTRICT,
    "municipality": PlaceKind.DISTRICT,
    "city": PlaceKind.CITY,
    "town": PlaceKind.CITY,
    "village": PlaceKind.CITY,
    "hamlet": PlaceKind.CITY,
}


def single_attempt_adapter(*, proxies: Any, ssl_context: Any) -> BaseAdapter:
    """geopy's default transport, minus its silent retries.

    geopy's ``RequestsAdapter`` retries a timed-out GET twice: three times the wait, and requests
    sent outside the rate limiter's spacing. Asking again is the caller's decision (next lookup).
    """
    if RequestsAdapter.is_available:
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)
    return URLLibAdapter(proxies=proxies, ssl_context=ssl_context)


class _RateLimiter:
    """Serialises requests to one provider and keeps ``min_delay`` between them (monotonic clock)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready_at = 0.0

    @contextmanager
    def turn(self, min_delay: float) -> Iterator[None]:
        with self._lock:
            wait = self._ready_at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._ready_at = time.monotonic() + min_delay


_LIMITERS: dict[str, _RateLimiter] = {}
_LIMITERS_LOCK = threading.Lock()


def _limiter_for(provider: str) -> _RateLimiter:
    with _LIMITERS_LOCK:
        return _LIMITERS.setdefault(provider, _RateLimiter())


class OnlineGeocoder:
    """Any geopy geocoder, by service name, answering in ``GeoMatch`` and our error hierarchy."""

    def __init__(
        self,
        provider: str = "nominatim",
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 5.0,
        min_delay_seconds: float = 1.0,
        adapter_factory: Callable[..., Any] | None = None,
        domain: str | None = None,
        scheme: str | None = None,
        **geocoder_kwargs: Any,
    ) -> None:
        self.name = provider.lower()
        self.min_delay_seconds = min_delay_seconds
        options = dict(geocoder_kwargs, user_agent=user_agent, timeout=timeout)
        options["adapter_factory"] = adapter_factory or single_attempt_adapter
        optional = {"domain": domain, "scheme": scheme}
        options.update({key: value for key, value in optional.items() if value is not None})
        try:
            self._geopy = get_geocoder_for_service(self.name)(**options)
        except GeopyError as exc:
            raise GeocodingError(f"cannot set up online geocoder {provider!r}: {exc}") from exc

    def geocode(self, query: str, *, country_hint: str | None = None) -> GeoMatch | None:
        """Ask the service once; ``None`` when it knows no such place."""
        with _limiter_for(self.name).turn(self.min_delay_seconds):
            try:
                location = self._geopy.geocode(query, **self._geocode_options(country_hint))
                return None if location is None else self._to_match(location)
            except GeopyError as exc:
                raise GeocoderUnavailable(f"{self.name}: {type(exc).__name__}: {exc}") from exc
            except (KeyError, TypeError, ValueError) as exc:
                # geopy's own parsing or ours choked on the body: a broken answer, not "no match".
                raise GeocoderUnavailable(f"{self.name}: unexpected answer for {query!r}: {exc}") from exc

    def _geocode_options(self, country_hint: str | None) -> dict[str, Any]:
        options: dict[str, Any] = {"exactly_one": True}
        if isinstance(self._geopy, Nominatim):
            options["addressdetails"] = True
            if country_hint:
                options["country_codes"] = country_hint.strip().lower()
        return options

    def _to_match(self, location: Location) -> GeoMatch:
        if isinstance(self._geopy, Nominatim):
            return match_from_nominatim(location.raw, source=self.name)
        return GeoMatch(
            name=location.address.split(",")[0].strip(),
            coordinates=Coordinates(location.latitude, location.longitude),
            geonameid=None,
            country_code="",
            kind=PlaceKind.AREA,
            source=self.name,
            confidence=0.5,
        )

    def __repr__(self) -> str:
        return f"OnlineGeocoder({self.name!r}, min_delay_seconds={self.min_delay_seconds})"


def match_from_nominatim(raw: Mapping[str, Any], *, source: str = "nominatim") -> GeoMatch:
    """One Nominatim /search result (with ``addressdetails``) as a ``GeoMatch``."""
    address = raw.get("address") or {}
    display_name = str(raw.get("display_name", ""))
    return GeoMatch(
        name=str(raw.get("name") or display_name.split(",")[0]).strip(),
        coordinates=Coordinates(float(raw["lat"]), float(raw["lon"])),
        geonameid=None,
        country_code=str(address.get("country_code", "")).upper(),
        kind=_nominatim_kind(raw),
        admin1=str(address.get("state", "")),
        source=source,
        confidence=min(max(float(raw.get("importance") or 0.0), 0.0), 1.0),
    )


def _nominatim_kind(raw: Mapping[str, Any]) -> PlaceKind:
    for word in (raw.get("addresstype"), raw.get("type")):
        if isinstance(word, str) and word in _NOMINATIM_KINDS:
            return _NOMINATIM_KINDS[word]
    return PlaceKind.AREA
