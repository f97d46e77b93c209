"""Place a name: manual override, then cached answers, then online services, then the gazetteer.

Every answer a geocoder gives (a place, or a real "no match") is cached under that geocoder's name,
so nothing is asked twice. An online service that cannot be asked is logged and skipped, and
nothing is cached for it: it will be asked again next time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Protocol

from diplomap.errors import GeocoderUnavailable
from geo.cache import GeoCache, normalize_query
from geo.types import GeoMatch

log = logging.getLogger(__name__)


class Geocoder(Protocol):
    """Anything that places a name: the offline gazetteer, an ``OnlineGeocoder``, a test fake."""

    name: str

    def geocode(self, query: str, *, country_hint: str | None = None) -> GeoMatch | None: ...


@dataclass(frozen=True, slots=True)
class ChainStats:
    """Counts since the chain was built.

    ``hits``: answered from overrides or the cache without asking any geocoder.
    ``misses``: at least one geocoder had to be asked. ``errors``: online services that could
    not be asked. ``not_found``: lookups that ended without a place.
    """

    lookups: int = 0
    hits: int = 0
    misses: int = 0
    errors: int = 0
    not_found: int = 0


class GeocoderChain:
    """Override > cache > online services (in order, when configured) > primary gazetteer."""

    def __init__(self, primary: Geocoder, *, cache: GeoCache, online: Sequence[Geocoder] = ()) -> None:
        self.primary = primary
        self.cache = cache
        self.online = tuple(online)
        self._geocoders = (*self.online, primary)
        self._counts = {field.name: 0 for field in fields(ChainStats)}
        self._lock = threading.Lock()

    @property
    def stats(self) -> ChainStats:
        with self._lock:
            return ChainStats(**self._counts)

    def geocode(self, query: str, *, country_hint: str | None = None) -> GeoMatch | None:
        """The place ``query`` names, or ``None`` when no geocoder knows it."""
        if not normalize_query(query):
            return None
        match, asked = self._override(query, country_hint), False
        if match is None:
            match, asked = self._first_answer(query, country_hint)
        self._count(hit=not asked, found=match is not None)
        return match

    def _override(self, query: str, country_hint: str | None) -> GeoMatch | None:
        """A correction for this hint wins; a correction made without a hint applies to every hint."""
        match = self.cache.get_override(query, country_hint=country_hint)
        if match is None and country_hint:
            match = self.cache.get_override(query)
        return match

    def _first_answer(self, query: str, country_hint: str | None) -> tuple[GeoMatch | None, bool]:
        """``(place, asked_anyone)`` from the first geocoder that knows the place."""
        asked = False
        for geocoder in self._geocoders:
            match, was_asked = self._from(geocoder, query, country_hint)
            asked = asked or was_asked
            if match is not None:
                return match, asked
        return None, asked

    def _from(self, geocoder: Geocoder, query: str, country_hint: str | None) -> tuple[GeoMatch | None, bool]:
        """``(answer, asked)``: the cached answer of ``geocoder``, else its fresh one."""
        entry = self.cache.get(query, provider=geocoder.name, country_hint=country_hint)
        if entry is not None:
            return entry.match, False
        try:
            match = geocoder.geocode(query, country_hint=country_hint)
        except GeocoderUnavailable as exc:
            if geocoder is self.primary:
                raise
            log.warning("geocoder %s unavailable for %r, falling back: %s", geocoder.name, query, exc)
            self._count_error()
            return None, True
        self._store(geocoder.name, query, country_hint, match)
        return match, True

    def _store(self, provider: str, query: str, country_hint: str | None, match: GeoMatch | None) -> None:
        if match is None:
            self.cache.put_miss(query, provider=provider, country_hint=country_hint)
        else:
            self.cache.put_hit(query, match, provider=provider, country_hint=country_hint)

    def _count(self, *, hit: bool, found: bool) -> None:
        with self._lock:
            self._counts["lookups"] += 1
            self._counts["hits" if hit else "misses"] += 1
            self._counts["not_found"] += not found

    def _count_error(self) -> None:
        with self._lock:
            self._counts["errors"] += 1
