"""GeocoderChain: override > cache > online services > primary, each answer asked for once."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from diplomap.errors import GeocoderUnavailable
from geo.cache import GeoCache
from geo.chain import ChainStats, GeocoderChain
from geo.online import OnlineGeocoder
from geo.types import Coordinates, GeoMatch, PlaceKind

if TYPE_CHECKING:
    from conftest import NominatimStub

KANDAHAR = GeoMatch(
    name="Kandahar",
    coordinates=Coordinates(31.61332, 65.71013),
    geonameid=1138336,
    country_code="AF",
    kind=PlaceKind.CITY,
    population=391190,
)
KABUL = GeoMatch(
    name="Kabul",
    coordinates=Coordinates(34.52813, 69.17233),
    geonameid=1138958,
    country_code="AF",
    kind=PlaceKind.CITY,
    population=3043532,
)


class RecordingGeocoder:
    """Answers from a dict (or raises ``GeocoderUnavailable``) and records every question."""

    def __init__(self, name: str, answers: dict[str, GeoMatch] | None = None, *, down: bool = False) -> None:
        self.name = name
        self.answers = answers or {}
        self.down = down
        self.calls: list[tuple[str, str | None]] = []

    def geocode(self, query: str, *, country_hint: str | None = None) -> GeoMatch | None:
        self.calls.append((query, country_hint))
        if self.down:
            raise GeocoderUnavailable(f"{self.name} is down")
        return self.answers.get(query)


def test_second_identical_query_is_not_asked_again(cache: GeoCache) -> None:
    gazetteer = RecordingGeocoder("gazetteer", {"Kandahar": KANDAHAR})
    chain = GeocoderChain(gazetteer, cache=cache)

    first = chain.geocode("Kandahar")
    second = chain.geocode("  KANDAHAR ")

    assert first == second == KANDAHAR
    assert gazetteer.calls == [("Kandahar", None)]
    assert chain.stats == ChainStats(lookups=2, hits=1, misses=1, errors=0, not_found=0)


def test_primary_answer_is_cached_under_its_name(cache: GeoCache) -> None:
    chain = GeocoderChain(RecordingGeocoder("gazetteer", {"Kandahar": KANDAHAR}), cache=cache)

    chain.geocode("Kandahar", country_hint="AF")

    entry = cache.get("kandahar", provider="gazetteer", country_hint="AF")
    assert entry is not None and entry.match is not None
    assert entry.match.geonameid == 1138336


def test_primary_miss_is_cached_too(cache: GeoCache) -> None:
    gazetteer = RecordingGeocoder("gazetteer")
    chain = GeocoderChain(gazetteer, cache=cache)

    assert chain.geocode("Atlantis") is None
    assert chain.geocode("Atlantis") is None

    assert len(gazetteer.calls) == 1
    entry = cache.get("Atlantis", provider="gazetteer")
    assert entry is not None and entry.is_miss
    assert chain.stats.not_found == 2


def test_cached_answers_survive_a_new_chain(tmp_path: Path) -> None:
    path = tmp_path / "geocache.sqlite"
    with GeoCache(path) as cache:
        GeocoderChain(RecordingGeocoder("gazetteer", {"Kandahar": KANDAHAR}), cache=cache).geocode("Kandahar")

    gazetteer = RecordingGeocoder("gazetteer")
    with GeoCache(path) as reopened:
        assert GeocoderChain(gazetteer, cache=reopened).geocode("Kandahar") == KANDAHAR
    assert gazetteer.calls == []


def test_override_beats_cached_hit_and_every_geocoder(cache: GeoCache) -> None:
    gazetteer = RecordingGeocoder("gazetteer", {"Kandahar": KANDAHAR})
    online = RecordingGeocoder("nominatim", {"Kandahar": KANDAHAR})
    chain = GeocoderChain(gazetteer, cache=cache, online=[online])
    assert chain.geocode("Kandahar") == KANDAHAR

    cache.set_override("Kandahar", KABUL)
    corrected = chain.geocode("Kandahar")

    assert corrected is not None
    assert corrected.geonameid == 1138958
    assert corrected.source == "override"
    assert len(online.calls) == 1 and gazetteer.calls == []


def test_override_without_hint_applies_to_hinted_lookups(cache: GeoCache) -> None:
    cache.set_override("Kandahar", KABUL)
    cache.set_override("Kandahar", KANDAHAR, country_hint="AF")
    chain = GeocoderChain(RecordingGeocoder("gazetteer"), cache=cache)

    hinted = chain.geocode("Kandahar", country_hint="AF")
    elsewhere = chain.geocode("Kandahar", country_hint="US")

    assert hinted is not None and hinted.geonameid == 1138336
    assert elsewhere is not None and elsewhere.geonameid == 1138958


def test_online_answer_comes_first_and_is_cached(cache: GeoCache) -> None:
    gazetteer = RecordingGeocoder("gazetteer", {"Kandahar": KANDAHAR})
    online = RecordingGeocoder("nominatim", {"Kandahar": KABUL})
    chain = GeocoderChain(gazetteer, cache=cache, online=[online])

    assert chain.geocode("Kandahar") == KABUL
    assert chain.geocode("Kandahar") == KABUL

    assert gazetteer.calls == []
    assert len(online.calls) == 1
    entry = cache.get("Kandahar", provider="nominatim")
    assert entry is not None and entry.match == KABUL


def test_online_miss_is_cached_and_primary_answers(cache: GeoCache) -> None:
    gazetteer = RecordingGeocoder("gazetteer", {"Kandahar": KANDAHAR})
    online = RecordingGeocoder("nominatim")
    chain = GeocoderChain(gazetteer, cache=cache, online=[online])

    assert chain.geocode("Kandahar") == KANDAHAR
    assert chain.geocode("Kandahar") == KANDAHAR

    assert len(online.calls) == 1 and len(gazetteer.calls) == 1
    entry = cache.get("Kandahar", provider="nominatim")
    assert entry is not None and entry.is_miss


def test_unavailable_online_is_skipped_logged_and_not_cached(
    cache: GeoCache, caplog: pytest.LogCaptureFixture
) -> None:
    gazetteer = RecordingGeocoder("gazetteer", {"Kandahar": KANDAHAR})
    online = RecordingGeocoder("nominatim", down=True)
    chain = GeocoderChain(gazetteer, cache=cache, online=[online])

    with caplog.at_level(logging.WARNING, logger="geo.chain"):
        assert chain.geocode("Kandahar") == KANDAHAR
        assert chain.geocode("Kandahar") == KANDAHAR

    assert cache.get("Kandahar", provider="nominatim") is None
    assert len(online.calls) == 2  # an error is never remembered, so the service is asked again
    assert len(gazetteer.calls) == 1
    assert "nominatim unavailable" in caplog.text
    assert chain.stats == ChainStats(lookups=2, hits=0, misses=2, errors=2, not_found=0)


def test_unavailable_primary_raises(cache: GeoCache) -> None:
    chain = GeocoderChain(RecordingGeocoder("gazetteer", down=True), cache=cache)

    with pytest.raises(GeocoderUnavailable):
        chain.geocode("Kandahar")
    assert cache.get("Kandahar", provider="gazetteer") is None


def test_blank_query_asks_nobody(cache: GeoCache) -> None:
    gazetteer = RecordingGeocoder("gazetteer")

    assert GeocoderChain(gazetteer, cache=cache).geocode(" \n ") is None
    assert gazetteer.calls == []


def stub_nominatim(stub: NominatimStub) -> OnlineGeocoder:
    return OnlineGeocoder(
        "nominatim", domain=stub.domain, scheme="http", min_delay_seconds=0.0, timeout=2.0, proxies={}
    )


def test_nominatim_no_match_is_cached_as_miss(cache: GeoCache, nominatim_stub: NominatimStub) -> None:
    nominatim_stub.answer("Atlantis", [])
    gazetteer = RecordingGeocoder("gazetteer")
    chain = GeocoderChain(gazetteer, cache=cache, online=[stub_nominatim(nominatim_stub)])

    assert chain.geocode("Atlantis") is None
    assert chain.geocode("Atlantis") is None

    entry = cache.get("Atlantis", provider="nominatim")
    assert entry is not None and entry.is_miss
    assert len(nominatim_stub.requests) == 1
    assert len(gazetteer.calls) == 1


def test_nominatim_503_falls_back_to_primary_and_caches_nothing(
    cache: GeoCache, nominatim_stub: NominatimStub
) -> None:
    nominatim_stub.answer("Kandahar", {"error": "maintenance"}, status=503)
    gazetteer = RecordingGeocoder("gazetteer", {"Kandahar": KANDAHAR})
    chain = GeocoderChain(gazetteer, cache=cache, online=[stub_nominatim(nominatim_stub)])

    assert chain.geocode("Kandahar") == KANDAHAR

    assert cache.get("Kandahar", provider="nominatim") is None
    assert chain.stats.errors == 1
    assert len(nominatim_stub.requests) == 1


def test_nominatim_answer_is_cached(
    cache: GeoCache, nominatim_stub: NominatimStub, kandahar_nominatim: dict[str, Any]
) -> None:
    nominatim_stub.answer("Kandahar", [kandahar_nominatim])
    chain = GeocoderChain(
        RecordingGeocoder("gazetteer"), cache=cache, online=[stub_nominatim(nominatim_stub)]
    )

    first = chain.geocode("Kandahar", country_hint="AF")
    second = chain.geocode("kandahar", country_hint="AF")

    assert first is not None and first == second
    assert first.coordinates == Coordinates(31.61332, 65.71013)
    assert first.source == "nominatim"
    assert len(nominatim_stub.requests) == 1
