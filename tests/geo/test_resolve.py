"""Document-level disambiguation: every place of the sample within 25 km, context decides."""

import math

import pytest

from diplomap.geoparse import Geoparser
from geo.types import PlaceKind

TRUE = {  # GeoNames coordinates
    "Kandahar": (31.61332, 65.71013),
    "Dushanbe": (38.53575, 68.77905),
    "the Tajik capital": (38.53575, 68.77905),
    "Kabul": (34.52813, 69.17233),
    "Herat": (34.34817, 62.19967),
    "Jalalabad": (34.42647, 70.45153),
    "Mazar-e-Sharif": (36.70904, 67.11087),
    "Moscow": (55.75222, 37.61556),
    "Shanghai": (31.22222, 121.45806),
}
COUNTRIES = {
    "Afghanistan": "AF",
    "India": "IN",
    "Russia": "RU",
    "China": "CN",
    "Kyrgyz Republic": "KG",
    "Kazakhstan": "KZ",
    "Tajikistan": "TJ",
    "Uzbekistan": "UZ",
    "Pakistan": "PK",
    "US": "US",
}


def km(a, b) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def located(nlp, gazetteer, sample_article):
    return Geoparser(nlp, gazetteer).parse(sample_article.text).located


def test_every_sample_city_within_25_km(located) -> None:
    seen = set()
    for lm in located:
        if lm.mention.text in TRUE and lm.mention.label != "EMB":
            assert lm.match is not None, lm.mention.text
            assert km((lm.match.coordinates.lat, lm.match.coordinates.lon), TRUE[lm.mention.text]) < 25, lm
            seen.add(lm.mention.text)
    assert seen == set(TRUE)


def test_every_country_named_is_placed_in_that_country(located) -> None:
    placed = {lm.mention.text: lm.match for lm in located if lm.mention.text in COUNTRIES}
    assert set(placed) == set(COUNTRIES)
    for name, match in placed.items():
        assert match.kind == PlaceKind.COUNTRY and match.country_code == COUNTRIES[name], name


def test_kashmir_in_a_south_asia_article_is_the_region(located) -> None:
    kashmir = next(lm.match for lm in located if lm.mention.text == "Kashmir")
    assert kashmir.kind == PlaceKind.REGION and kashmir.country_code in ("IN", "PK")


def test_georgia_next_to_tbilisi_is_the_country(nlp, gazetteer) -> None:
    text = "Talks were held in Tbilisi on Monday. Georgia wants closer ties with the European Union."
    parsed = Geoparser(nlp, gazetteer).parse(text)
    georgia = next(lm.match for lm in parsed.located if lm.mention.text == "Georgia")
    assert georgia.country_code == "GE" and georgia.kind == PlaceKind.COUNTRY


def test_georgia_among_us_places_is_the_state(nlp, gazetteer) -> None:
    text = (
        "The mayor of Atlanta met officials from Savannah and Macon. Georgia lawmakers approved the budget."
    )
    parsed = Geoparser(nlp, gazetteer).parse(text)
    georgia = next(lm.match for lm in parsed.located if lm.mention.text == "Georgia")
    assert georgia.country_code == "US" and georgia.admin1 == "US.GA"


def test_city_comma_state_apposition(nlp, gazetteer) -> None:
    parsed = Geoparser(nlp, gazetteer).parse("GAINESVILLE, Ga. -- The county board met on Tuesday.")
    city = next(lm.match for lm in parsed.located if lm.mention.text == "GAINESVILLE")
    assert city.admin1 == "US.GA"


def test_a_capital_standing_for_its_government_does_not_pull_places_home(nlp, gazetteer) -> None:
    text = "Canada closed its embassy in Paris on Friday, the foreign ministry in Ottawa said."
    parsed = Geoparser(nlp, gazetteer).parse(text)
    paris = next(lm.match for lm in parsed.located if lm.mention.text == "Paris")
    assert paris.geonameid == 2988507  # Paris, France, not Paris, Ontario


def test_a_country_only_named_does_not_outweigh_a_far_bigger_namesake(nlp, gazetteer) -> None:
    parsed = Geoparser(nlp, gazetteer).parse("India evacuated its consulate in Kandahar.")
    kandahar = next(lm.match for lm in parsed.located if lm.mention.text == "Kandahar")
    assert kandahar.geonameid == 1138336  # Kandahar, Afghanistan, not the town in Maharashtra


def test_a_name_spelt_another_way_is_found_in_a_country_the_article_names(nlp, gazetteer) -> None:
    """'Mussafah' is GeoNames' Musaffah, 'Seiyun' its Say'un: found under the shared spelling, and
    only where the article's other places are (a spelling alone says little)."""
    parser = Geoparser(nlp, gazetteer)
    placed = {
        lm.mention.text: lm.match
        for text in (
            "Debris from a missile falls on a building in Mussafah, Abu Dhabi, United Arab Emirates.",
            "Separatists seize swathes of territory from the government of Yemen, including Seiyun.",
        )
        for lm in parser.parse(text).located
    }
    assert (placed["Mussafah"].name, placed["Mussafah"].country_code) == ("Musaffah", "AE")
    assert (placed["Seiyun"].country_code, placed["Seiyun"].name[:3]) == ("YE", "Say")
    assert placed["Seiyun"].confidence <= 0.6
    alone = parser.parse("The band plays in Mussafah tonight, then in Oslo, Norway.").located
    assert next(lm.match for lm in alone if lm.mention.text == "Mussafah") is None
