"""The real offline gazetteer built from packaged GeoNames data."""

from geo.types import PlaceKind


def test_kandahar_city_is_a_candidate_with_its_geonames_id(gazetteer) -> None:
    rows = gazetteer.candidates("Kandahar")
    ids = {gazetteer.match(r).geonameid for r in rows}
    assert 1138336 in ids  # Kandahar, the city


def test_names_are_matched_without_diacritics_or_hyphens(gazetteer) -> None:
    assert {gazetteer.match(r).geonameid for r in gazetteer.candidates("Mazar-e-Sharif")} >= {
        1133616
    }  # Mazar-e Sharif, the city
    assert gazetteer.candidates("HERAT") == gazetteer.candidates("Herāt")


def test_country_alternate_spelling_and_demonym(gazetteer) -> None:
    assert gazetteer.geocode("Kyrgyz Republic").country_code == "KG"
    assert gazetteer.country_for_adjective("Tajik") == "TJ"
    assert gazetteer.country_for_adjective("Afghan") == "AF"


def test_capital_of_tajikistan_is_dushanbe(gazetteer) -> None:
    assert gazetteer.capital_of("TJ") == "Dushanbe"


def test_regions_get_derived_coordinates_inside_them(gazetteer) -> None:
    badakhshan = gazetteer.geocode("Badakhshan", country_hint="AF")
    assert badakhshan.kind == PlaceKind.REGION
    assert 35.5 < badakhshan.coordinates.lat < 38.5 and 69.5 < badakhshan.coordinates.lon < 74.9


def test_context_free_geocode_prefers_the_country_and_the_capital(gazetteer) -> None:
    assert gazetteer.geocode("Afghanistan").kind == PlaceKind.COUNTRY
    assert gazetteer.geocode("Moscow").country_code == "RU"
    assert gazetteer.geocode("Nowhere-At-All-Xyz") is None
