"""Places the gazetteer lacks, shown beside the place the text puts them in (real model, real
gazetteer). How much this finds on real news is measured by bench/roles_cv.py, not here."""

from datetime import date

import pytest

from diplomap.geoparse import place_record
from diplomap.pipeline import Pipeline
from diplomap.role_eval import km_between
from diplomap.within import untagged_names
from extraction.types import Article


@pytest.fixture(scope="module")
def pipeline(nlp, gazetteer) -> Pipeline:
    return Pipeline(nlp, gazetteer)


def _events(pipeline: Pipeline, text: str):
    article = Article(text=text, title="t", published=date(2026, 4, 7), source="t", content_hash=text)
    return pipeline.events(article, article_id=1)


def test_a_village_the_gazetteer_lacks_is_shown_beside_its_district(pipeline, gazetteer) -> None:
    assert not gazetteer.candidates("Wadi Zabdin")  # the case this is about
    events = _events(
        pipeline, "An Israeli airstrike kills two people in Wadi Zabdin, Nabatieh District, Lebanon."
    )
    village = [e for e in events if e.mention_text == "Wadi Zabdin"]
    assert [e.role for e in village] == ["conflict"]
    v = village[0]
    assert v.country_code == "LB" and v.geonameid is None
    assert v.placed.startswith("within:") and v.confidence <= 1
    district = gazetteer.match(gazetteer.candidates("Nabatieh District")[0])
    # Beside the district's point, not on it (its own marker stays clickable).
    assert 1.0 < km_between(v.lat, v.lon, district.coordinates.lat, district.coordinates.lon) < 10.0
    # The district named only to say where the village is does not take the strike.
    assert "conflict" not in {e.role for e in events if e.mention_text == "Nabatieh District"}
    assert "conflict" in {e.role for e in events if e.mention_text == "Lebanon"}


def test_an_air_base_named_like_a_person_is_placed_in_its_country(pipeline) -> None:
    events = _events(pipeline, "Iranian missiles hit the King Faisal Air Base in Jordan on Tuesday.")
    base = [e for e in events if e.role == "conflict" and e.mention_text == "King Faisal Air Base"]
    assert base and base[0].country_code == "JO" and base[0].placed == "within:Jordan"


def test_a_base_the_model_leaves_untagged_is_placed_in_the_country_named_after_it(pipeline) -> None:
    """ "hit the Sheikh Isa Air Base in Bahrain": no place word before the name, but a base said to
    lie in a named place is that base; an untagged name with no such word after it stays out."""
    events = _events(
        pipeline,
        "The IRGC says that they have hit the Sheikh Isa Air Base in Bahrain as part of a second wave of "
        "strikes. Officials say they have hit the Sheikh Isa Memorial in the morning.",
    )
    base = [e for e in events if e.mention_text == "Sheikh Isa Air Base"]
    assert [(e.role, e.placed) for e in base] == [("conflict", "within:Bahrain")]
    assert not [e for e in events if "Memorial" in e.mention_text]


def test_a_port_named_after_its_town_is_the_town(gazetteer) -> None:
    rows = gazetteer.candidates("Chabahar Port")
    assert rows and {gazetteer.country(r) for r in rows} == {"IR"}


def test_a_chain_of_unknown_places_is_read_from_the_end(pipeline) -> None:
    events = _events(
        pipeline, "Fighting spread to the Wadi Zabdin area of Tyre District in southern Lebanon."
    )
    placed = {e.mention_text: e.placed for e in events if e.role == "conflict"}
    assert placed.get("Wadi Zabdin") == "within:Tyre District"
    # no packaged extract holds Tyre District: it is drawn at Tyre, the town it is named after
    assert placed.get("Tyre District") == "seat:Tyre"


def test_a_name_with_no_role_stays_unplaced(pipeline) -> None:
    """Unknown names with no role are as often people or firms as villages: no marker for them."""
    events = _events(pipeline, "Residents of Wadi Zabdin, Lebanon, planted olive trees on Sunday.")
    assert not [e for e in events if e.mention_text == "Wadi Zabdin"]


def test_an_arabic_article_in_a_name_is_a_whole_word() -> None:
    """'ar' as in 'Burj ar-Rahal', not the first letters of 'areas': no name 'Kurdish ar'."""
    text = "The opposition calls for a general strike in the Kurdish areas in western Iran, widely observed."
    names = [lm.mention.text for lm in untagged_names(text, [])]
    assert not any(n.endswith(" ar") for n in names), names
    assert [lm.mention.text for lm in untagged_names("Shelling in Burj ar-Rahal and Qana.", [])] == [
        "Burj ar-Rahal",
        "Qana",
    ]


def test_two_pieces_of_one_country_name_are_one_mention(pipeline) -> None:
    article = Article(
        text="Rebels advanced on Bukavu, Democratic Republic of the Congo.",
        title="t",
        published=None,
        source="t",
        content_hash="c",
    )
    located = pipeline.read(article).located
    names = [lm.mention.text for lm in located]
    assert "Democratic Republic of the Congo" in names and "Democratic Republic" not in names
    records = [place_record(lm) for lm in located]
    assert all("within" not in r for r in records)


def test_a_town_named_in_a_list_of_towns_is_shown_beside_the_nearest_one(pipeline, gazetteer) -> None:
    from diplomap.events import placed_note

    text = "Separatists launch coordinated attacks on the towns of Aguelhok, Tinzaouatène, Gao, and Talataye."
    assert not gazetteer.candidates("Tinzaouatène") and not gazetteer.candidates("Talataye")  # the case
    placed = {e.mention_text: e for e in _events(pipeline, text) if e.role == "conflict"}
    assert placed["Tinzaouatène"].placed == "listed:Aguelhok" and placed["Tinzaouatène"].country_code == "ML"
    assert placed["Talataye"].placed == "listed:Gao"
    assert (
        placed_note(placed["Talataye"].placed)
        == "not in the gazetteer: shown beside Gao, named with it in the article"
    )
    assert not placed["Gao"].placed  # the places the gazetteer has are its own points


def test_a_facility_listed_after_the_is_shown_beside_the_town_of_its_list(pipeline, gazetteer) -> None:
    # Wikinews: "struck the largest processing plant at Abqaiq and the Khurais oil field"
    text = "Drones struck the largest processing plant at Abqaiq and the Khurais oil field early Saturday."
    assert not gazetteer.candidates("Khurais oil field")
    placed = {e.mention_text: e for e in _events(pipeline, text) if e.role == "conflict"}
    assert placed["Khurais oil field"].placed == "listed:Abqaiq"
    assert placed["Khurais oil field"].country_code == "SA"


def test_a_list_across_countries_places_no_stranger(pipeline) -> None:
    """Names listed with towns of different countries, or with no town at all, stay off the map."""
    events = _events(
        pipeline, "Strikes hit Kabul, Wadi Zabdin and Tehran; Reuters, Khartoum and Juba saw fighting."
    )
    shown = {e.mention_text for e in events}
    assert "Kabul" in shown and "Tehran" in shown
    assert "Wadi Zabdin" not in shown and "Reuters" not in shown


def test_geoparse_records_say_which_place_a_listed_name_is_beside(pipeline) -> None:
    text = "Separatists launch coordinated attacks on the towns of Aguelhok, Tinzaouatène, Gao, and Talataye."
    article = Article(text=text, title="t", published=date(2026, 7, 4), source="t", content_hash=text)
    records = {r["name"]: r for r in map(place_record, pipeline.read(article).located)}
    assert records["Tinzaouatène"]["beside"] == "Aguelhok" and "within" not in records["Tinzaouatène"]
    assert "beside" not in records["Gao"]


@pytest.mark.parametrize(
    ("text", "name", "placed"),
    [
        # a name the model calls a person, followed by its town and country
        ("Israeli jets hit Hay el-Sellom, Beirut, Lebanon, overnight.", "Hay el-Sellom", "within:Beirut"),
        # an airport named like a firm, in the town the text gives
        (
            "Two people are killed in an Iranian airstrike on Zayed International Airport in Abu Dhabi.",
            "Zayed International Airport",
            "within:Abu Dhabi",
        ),
        # an airfield the model calls a person: its namesake town, a place of the gazetteer
        ("Pakistani warplanes attacked Bagram Airfield on Sunday.", "Bagram", ""),
    ],
)
def test_places_named_like_people_or_firms_are_placed(pipeline, text, name, placed) -> None:
    events = [e for e in _events(pipeline, text) if e.mention_text == name and e.role == "conflict"]
    assert events, [(e.mention_text, e.role) for e in _events(pipeline, text)]
    assert events[0].placed == placed


def test_a_word_of_a_persons_name_is_the_person_unless_the_text_puts_it_as_a_place(pipeline) -> None:
    text = (
        "Police said Tom Greer was arrested on Friday. Greer, 42, was charged with theft. "
        "The county fair opens in Greer next week."
    )
    found = [
        (lm.mention.start, lm.mention.text) for lm in pipeline.read(Article(text, "", None, "t", "")).located
    ]
    assert found == [(text.rindex("Greer"), "Greer")]  # the town of the last sentence only
    # a surname that is a county's name without its word (King County) is the person too (GeoWebNews)
    text = "King's son was injured in Beverly Hills. Actress Jaime King said he was safe."
    found = [lm.mention.text for lm in pipeline.read(Article(text, "", None, "t", "")).located]
    assert "King" not in found and "Beverly Hills" in found


def test_a_place_the_text_puts_nowhere_is_shown_in_the_one_country_its_sentence_names(pipeline) -> None:
    events = _events(pipeline, "Colombia's army and rebels exchange heavy fire across the Bajo Cauca region.")
    (bajo_cauca,) = [e for e in events if e.mention_text == "Bajo Cauca"]
    assert (bajo_cauca.role, bajo_cauca.placed) == ("conflict", "within:Colombia")
    # two countries in the sentence: no telling which, so it stays off the map
    events = _events(pipeline, "Peru and Chile say rebels exchange heavy fire across the Bajo Cauca region.")
    assert not [e for e in events if e.mention_text == "Bajo Cauca"]


def test_villages_of_a_countrys_adjective_are_placed_in_that_country(pipeline, gazetteer) -> None:
    # LGL's South Ossetia reports: villages no packaged extract holds, named after "the Georgian-
    # controlled village(s) of"; every name of the list is placed, and each takes the attack.
    text = (
        "Tbilisi says the separatists launched an attack yesterday on the Georgian-controlled villages "
        "of Nuli and Zemo Nikozi. The Georgian-controlled village of Prisi reportedly came under attack late "
        "last night."
    )
    for name in ("Nuli", "Zemo Nikozi", "Prisi"):
        assert not gazetteer.candidates(name)
    events = {e.mention_text: e for e in _events(pipeline, text) if e.role == "conflict"}
    for name in ("Nuli", "Zemo Nikozi", "Prisi"):
        assert events[name].country_code == "GE" and events[name].placed == "within:Georgia", name


def test_a_titled_person_before_in_a_city_is_no_venue_in_it(pipeline) -> None:
    """GeoWebNews: 'a reception for visiting Minister of Defence Sergey Shoyu in Hanoi'."""
    text = "The Party chief spoke at a reception for visiting Minister of Defence Sergey Shoyu in Hanoi."
    names = {e.mention_text for e in _events(pipeline, text)}
    assert "Hanoi" in names and not any("Shoyu" in n for n in names), names


def test_a_building_or_street_the_text_puts_in_no_town_is_in_the_town_the_story_is_about(pipeline) -> None:
    text = (
        "NAIROBI (Reuters) - Gunmen stormed a shopping centre in Nairobi on Saturday, police said.\n\n"
        "Security forces were still fighting the gunmen inside the Westgate Shopping Mall at nightfall."
    )
    mall = [e for e in _events(pipeline, text) if e.mention_text == "Westgate Shopping Mall"]
    assert mall and mall[0].role == "conflict", mall
    assert mall[0].country_code == "KE" and mall[0].placed == "within:Nairobi"
    # a sentence naming two towns does not say which one holds it
    two = "Gunmen attacked Kabul and Kandahar on Monday, and fighting went on near the Serena Hotel."
    assert not [e for e in _events(pipeline, two) if e.mention_text == "Serena Hotel"]


def test_a_hotel_in_a_town_is_where_the_towns_talks_of_that_sentence_are(pipeline) -> None:
    text = "The U.N. envoy held talks with the factions at the Movenpick hotel in Sanaa on Sunday."
    events = _events(pipeline, text)
    assert "meeting" in {e.role for e in events if e.mention_text == "Sanaa"}
    hotel = [e for e in events if e.mention_text == "Movenpick"]
    assert hotel and hotel[0].role == "meeting" and hotel[0].placed == "within:Sanaa", hotel
    # a building named beside a town that has no role there takes none
    quiet = "Tourists crowded the Movenpick hotel in Sanaa on Sunday."
    assert not [e for e in _events(pipeline, quiet) if e.mention_text == "Movenpick" and e.role != "mention"]
