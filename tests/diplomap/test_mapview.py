"""The map builder without a browser: local files only, inert data, grouping, click parsing."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # plain `pytest` does not put the project root on sys.path
    sys.path.insert(0, str(ROOT))

from diplomap import basemap  # noqa: E402
from diplomap.errors import MapError  # noqa: E402
from diplomap.events import PlaceEvent  # noqa: E402
from diplomap.mapfiles import naming_key  # noqa: E402
from diplomap.mapjs import (  # noqa: E402
    POPUP_SHARD_MIN,
    conflict_shade,
    drawing_json,
    event_days,
    group_events,
    popup_shard_size,
    script_safe_json,
    status_days,
)
from diplomap.mapview import (  # noqa: E402
    MAP_FILE_DIR,
    MAP_KEY_FILE,
    OSM_TILES,
    RETURNED_OBJECTS,
    MapAssetsMissing,
    MapClick,
    build_app_map,
    build_click_index,
    build_map,
    map_html,
    parse_map_click,
    tile_source,
)
from tests.hostile import shared_payloads  # noqa: E402

EXTRA_PAYLOADS = [
    "${alert(1)}",
    "`",
    "\\`${alert(2)}`",
    "</script><script>alert(3)</script>",
    "<img src=x onerror=alert(4)>",
    "{{ 7*7 }}",  # branca compiles rendered macros as Jinja: this must not become 49
    "{% if true %}jinja{% endif %}",
    "{{'folium_ref'}}",  # the pattern streamlit-folium rewrites to a bare name
    "line\u2028separator\u2029paragraph",
    'it\'s "quoted" & <b>bold</b>',
]
KANDAHAR, KABUL, DUSHANBE, AFGHANISTAN = "gn:1138336", "gn:1138958", "gn:1221874", "gn:1149361"
DATA_RE = re.compile(r"/\*diplomap-data\*/(.*?)/\*end-diplomap-data\*/", re.S)


def event(**changes: Any) -> PlaceEvent:
    base = PlaceEvent(
        article_id=1,
        article_title="India evacuates Kandahar consulate",
        published="2021-08-15",
        place_name="Kandahar",
        mention_text="Kandahar",
        place_key=KANDAHAR,
        lat=31.61332,
        lon=65.71013,
        kind="city",
        country_code="AF",
        role="diplomatic_post",
        sentence="India evacuated its consulate in Kandahar on Sunday.",
        mention_start=33,
        mention_end=41,
        confidence=0.9,
        post_type="consulate",
        owner="India",
        status="evacuated",
    )
    return dataclasses.replace(base, **changes)


def afghan_events() -> list[PlaceEvent]:
    return [
        event(),
        event(
            place_name="Kabul",
            place_key=KABUL,
            lat=34.52813,
            lon=69.17233,
            post_type="embassy",
            status="operating",
            sentence="The embassy in Kabul stays open.",
            mention_start=15,
            mention_end=20,
        ),
        event(
            place_name="Dushanbe",
            place_key=DUSHANBE,
            lat=38.53575,
            lon=68.77905,
            role="meeting",
            post_type=None,
            status=None,
            participants=("India", "Tajikistan"),
            when="2021-08-20",
            sentence="Officials met in Dushanbe.",
            mention_start=17,
            mention_end=25,
        ),
        event(
            place_name="Afghanistan",
            place_key=AFGHANISTAN,
            lat=33.0,
            lon=65.0,
            kind="country",
            role="conflict",
            post_type=None,
            status=None,
            sentence="Fighting spread across Afghanistan.",
            mention_start=23,
            mention_end=34,
        ),
    ]


def render(events: list[PlaceEvent], **kwargs: Any) -> str:
    return build_map(events, **kwargs).get_root().render()


def data_of(html: str) -> dict[str, Any]:
    found = DATA_RE.findall(html)
    assert len(found) == 1
    return json.loads(found[0])


def entries(html: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(e["r"], e["k"]): e for e in data_of(html)["markers"]}


def all_payloads() -> list[str]:
    return [*shared_payloads(), *EXTRA_PAYLOADS]


def test_rendered_map_loads_only_local_files() -> None:
    html = render(afghan_events())

    sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]*)\"", html) + re.findall(
        r"<link[^>]*\bhref=\"([^\"]*)\"", html
    )
    assert sorted(sources) == [
        "/app/static/vendor/leaflet.markercluster/MarkerCluster.css",
        "/app/static/vendor/leaflet/leaflet.css",
        "/app/static/vendor/map-vendor.js",
    ]
    assert "http://" not in html and "https://" not in html
    for gone in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers", "cdn"):
        assert gone not in html.lower()


def test_static_url_prefix_is_used_for_every_file() -> None:
    html = render(afghan_events(), static_url="/base/app/static/")
    sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]*)\"", html) + re.findall(
        r"<link[^>]*\bhref=\"([^\"]*)\"", html
    )
    assert len(sources) == 3
    assert all(s.startswith("/base/app/static/vendor/") for s in sources)


def test_tiles_add_only_the_tile_url() -> None:
    html = render(afghan_events(), tiles=OSM_TILES)

    hosts = set(re.findall(r"https?://([^/\s\"'<>)]+)", html))
    assert hosts == {
        "tile.openstreetmap.org",
        "www.openstreetmap.org",
    }  # the tiles and their attribution link
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    assert not re.search(r"<(script|link)[^>]*(src|href)=\"https?:", html)
    assert html.count("DiplomapLayer.render(") == 1
    assert '"code":"AF"' in html  # the offline borders stay beneath the tiles


def test_map_sets_max_zoom_for_marker_clusters() -> None:
    html = render(afghan_events())
    assert '"maxZoom": 12' in html
    assert '"maxZoom": 19' in render(afghan_events(), tiles=OSM_TILES)


def test_every_payload_stays_inert_data() -> None:
    payloads = all_payloads()
    events = [
        event(
            article_title=text,
            sentence=f"{text} in Kandahar",
            mention_start=len(text) + 4,
            mention_end=len(text) + 12,
            place_name=text,
            place_key=f"name:p{i}",
            lat=20 + i * 0.1,
            placed=f"within:{text}",  # the place a name the gazetteer lacks is shown beside
        )
        for i, text in enumerate(payloads)
    ]
    html = render(events)
    script = html[html.index("/*diplomap-data*/") : html.index("/*end-diplomap-data*/")]

    # Every payload round-trips exactly, in the fields the popup shows.
    by_key = {e["k"]: e for e in data_of(html)["markers"]}
    for i, text in enumerate(payloads):
        entry = by_key[f"name:p{i}"]
        assert entry["n"] == text
        assert entry["ev"][0]["t"] == text
        assert entry["ev"][0]["s"] == [f"{text} in ", "Kandahar", ""]
        assert entry["ev"][0]["m"].endswith(
            f"not in the gazetteer: shown beside {text}, where the article puts it"
        )
    # ... and inside the script it exists only in escaped form.
    for unsafe in ("<", ">", "&", "`", "$", "'", "\u2028", "\u2029", "{{", "{%"):
        assert unsafe not in script, unsafe
    # The page has exactly the <script> elements we wrote, each closed once.
    assert html.lower().count("</script") == html.lower().count("<script")
    assert "`" not in html and "${" not in html


def test_payload_survives_streamlit_folium_script_processing() -> None:
    streamlit_folium = pytest.importorskip("streamlit_folium")
    events = [event(article_title=text, place_key=f"name:p{i}") for i, text in enumerate(EXTRA_PAYLOADS)]
    script = streamlit_folium._get_map_string(build_map(events))

    data = json.loads(DATA_RE.findall(script)[0])
    titles = {e["ev"][0]["t"] for e in data["markers"]}
    assert titles == set(EXTRA_PAYLOADS)
    assert "map_div" in script.split("DiplomapLayer.render(", 1)[1][:20]


@given(st.text())
def test_script_safe_json_round_trips_any_text(text: str) -> None:
    encoded = script_safe_json({"t": text, "n": [text]})
    assert json.loads(encoded) == {"t": text, "n": [text]}
    assert not re.search("[<>&'`$\u2028\u2029]|\\{[{%#]", encoded)


def test_same_place_and_role_make_one_marker_newest_first() -> None:
    three = [
        event(article_id=1, published="2021-08-01", article_title="first"),
        event(article_id=2, published="2021-08-20", article_title="newest", status="closed"),
        event(article_id=3, published=None, article_title="undated"),
    ]
    meeting = event(role="meeting", post_type=None, status=None, article_title="meeting")
    html = render([*three, meeting])

    by_key = entries(html)
    assert set(by_key) == {("diplomatic_post", KANDAHAR), ("meeting", KANDAHAR)}
    post = by_key[("diplomatic_post", KANDAHAR)]
    assert post["cnt"] == 3
    assert [e["t"] for e in post["ev"]] == ["newest", "first", "undated"]
    assert post["st"] == "closed" and post["pt"] == "consulate"
    assert post["ev"][0]["m"] == "2021-08-20 · Consulate of India · status: closed · how sure: 90%"
    assert post["p"] == 0.9 and "u" not in post  # sure enough to be drawn plainly
    assert post["ev"][2]["m"].startswith("undated")
    assert [m.place_key for m in group_events(three)] == [KANDAHAR]


def test_popup_lists_five_events_and_counts_the_rest() -> None:
    many = [event(article_id=i, published=f"2021-08-{i + 1:02d}", article_title=f"a{i}") for i in range(8)]
    post = entries(render(many))[("diplomatic_post", KANDAHAR)]
    assert [e["t"] for e in post["ev"]] == ["a7", "a6", "a5", "a4", "a3"]
    assert post["more"] == 3 and post["cnt"] == 8


def test_mention_is_split_for_highlighting_and_bad_offsets_are_ignored() -> None:
    good = entries(render([event()]))[("diplomatic_post", KANDAHAR)]
    assert good["ev"][0]["s"] == ["India evacuated its consulate in ", "Kandahar", " on Sunday."]
    bad = entries(render([event(mention_start=40, mention_end=400)]))[("diplomatic_post", KANDAHAR)]
    assert bad["ev"][0]["s"] == ["India evacuated its consulate in Kandahar on Sunday.", "", ""]


def test_events_without_usable_coordinates_are_left_out() -> None:
    kept = group_events([event(lat=float("nan")), event(lon=200.0), event(place_key=KABUL)])
    assert [m.place_key for m in kept] == [KABUL]


def test_conflict_country_is_a_shape_and_other_kinds_are_circles() -> None:
    elsewhere = {"role": "conflict", "country_code": "PK", "post_type": None}
    conflicts = [
        afghan_events()[3],
        event(kind="region", place_key="gn:helmand", place_name="Helmand", **elsewhere),
        event(kind="district", place_key="gn:d", place_name="D", **elsewhere),
        event(kind="city", place_key="gn:c", place_name="C", **elsewhere),
        event(kind="area", place_key="gn:a", place_name="A", **elsewhere),
        event(role="conflict", kind="country", country_code="HU", place_key="gn:hu", place_name="Hungary"),
    ]
    html = render(conflicts)
    by_key = entries(html)
    assert by_key[("conflict", AFGHANISTAN)]["shape"] == "AF"
    assert data_of(html)["shapes"]["AF"]["type"] == "Polygon"
    assert by_key[("conflict", "gn:helmand")]["rad"] == 150_000
    assert by_key[("conflict", "gn:d")]["rad"] == 40_000
    assert by_key[("conflict", "gn:c")]["rad"] == 15_000
    assert by_key[("conflict", "gn:a")]["rad"] == 250_000
    # countryinfo ships no shape for Hungary (93,030 km²): a circle of about its area instead.
    assert 160_000 < by_key[("conflict", "gn:hu")]["rad"] < 180_000


def test_a_country_wide_conflict_is_a_shaded_area_only_while_nothing_inside_it_is_known() -> None:
    afghanistan = afghan_events()[3]
    alone = entries(render([afghanistan]))[("conflict", AFGHANISTAN)]
    assert alone["shape"] == "AF" and alone["fo"] == conflict_shade(1)
    with_district = [afghanistan, event(role="conflict", kind="district", place_key="gn:d", post_type=None)]
    marked = entries(render(with_district))[("conflict", AFGHANISTAN)]
    assert marked["pin"] == 1 and "shape" not in marked and "rad" not in marked


def test_a_wide_conflict_area_is_shaded_by_how_much_was_reported() -> None:
    shades = [conflict_shade(n) for n in (1, 2, 4, 16, 1000)]
    assert shades == sorted(shades) and len(set(shades)) == len(shades)  # every step darker...
    assert shades[0] < 0.1 and conflict_shade(1000) == conflict_shade(10**6) == 0.5  # ...up to a ceiling
    many = [dataclasses.replace(afghan_events()[3], article_id=i, event_id=i) for i in range(16)]
    assert entries(render(many))[("conflict", AFGHANISTAN)]["fo"] == conflict_shade(16)


def test_reports_are_counted_per_country_and_role_for_the_intensity_view() -> None:
    events = [*afghan_events(), event(role="meeting", country_code="TJ", place_key="gn:dushanbe")]
    counts = data_of(render(events))["intensity"]
    assert counts["diplomatic_post"] == {"AF": 2}
    assert counts["meeting"] == {"AF": 1, "TJ": 1}
    assert counts["conflict"] == {"AF": 1}


def test_the_map_carries_place_names_from_the_gazetteer_beneath_the_markers() -> None:
    names = data_of(render(afghan_events()))["names"]
    by_name = {row[0]: row for row in names}
    assert by_name["Afghanistan"][3:] == [3, 0]  # a country, from zoom 3
    assert by_name["Kabul"][3:] == [4, 1]  # its capital, one zoom later
    assert by_name["Kandahār"][3:] == [7, 2]  # a city of 500,000
    order = [row[0] for row in names]
    assert order.index("Russia") < order.index("Afghanistan") < order.index("Kabul") < order.index("Kandahār")


def test_borders_are_snapped_and_drawn_with_or_without_tiles() -> None:
    afghanistan = basemap.countries()["AF"]
    assert afghanistan.name == "Afghanistan" and afghanistan.geometry is not None
    ring = afghanistan.geometry["coordinates"][0]
    assert ring[0] == ring[-1]
    assert all(abs(v * 20 - round(v * 20)) < 1e-6 for point in ring for v in point)
    assert len(basemap.borders_json()) < 250_000
    assert '"code":"AF"' in render(afghan_events())
    assert '"code":"AF"' in render(afghan_events(), tiles=OSM_TILES)


def test_parse_map_click_names_the_marker() -> None:
    events = afghan_events()
    index = build_click_index(events)
    payload = {
        "last_object_clicked": {"lat": 31.61332, "lng": 65.71013},
        "last_object_clicked_tooltip": "Kandahar · Diplomatic post",
    }
    assert parse_map_click(payload, index) == MapClick(KANDAHAR, "diplomatic_post", 31.61332, 65.71013)
    # Without the tooltip, a marker's exact lat/lng is enough.
    only_point = {"last_object_clicked": {"lat": 38.53575, "lng": 68.77905}}
    assert parse_map_click(only_point, index) == MapClick(DUSHANBE, "meeting", 38.53575, 68.77905)
    # A shaded area reports where the pointer was: the tooltip names it.
    area = {
        "last_object_clicked": {"lat": 30.1, "lng": 62.2},
        "last_object_clicked_tooltip": "Afghanistan · Conflict area",
    }
    clicked = parse_map_click(area, index)
    assert clicked is not None and clicked.place_key == AFGHANISTAN
    assert set(RETURNED_OBJECTS) == {"last_object_clicked", "last_object_clicked_tooltip"}


def test_parse_map_click_separates_roles_and_namesakes() -> None:
    post = event(place_key=KABUL, place_name="Kabul", lat=34.52813, lon=69.17233)
    meeting = dataclasses.replace(post, role="meeting")
    namesake = event(place_key="name:kabul-2", place_name="Kabul", lat=10.0, lon=10.0)
    index = build_click_index([post, meeting, namesake])

    at_kabul = {"lat": 34.52813, "lng": 69.17233}
    clicked = parse_map_click(
        {"last_object_clicked": at_kabul, "last_object_clicked_tooltip": "Kabul · Meeting"}, index
    )
    assert clicked == MapClick(KABUL, "meeting", 34.52813, 69.17233)
    near_namesake = {
        "last_object_clicked": {"lat": 10.0, "lng": 10.0},
        "last_object_clicked_tooltip": "Kabul · Diplomatic post",
    }
    assert parse_map_click(near_namesake, index).place_key == "name:kabul-2"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "payload",
    [
        None,
        {},
        {"last_object_clicked": None, "last_object_clicked_tooltip": None},
        {"last_object_clicked": {"lat": 0.5, "lng": 0.5}},
        {"last_object_clicked": {"lat": "x", "lng": 1}, "last_object_clicked_tooltip": "Nowhere · Meeting"},
    ],
)
def test_parse_map_click_returns_none_for_nothing_we_drew(payload: dict[str, Any] | None) -> None:
    assert parse_map_click(payload, build_click_index(afghan_events())) is None


def test_map_html_inlines_the_vendor_files(tmp_path: Path) -> None:
    for name, text in {
        "leaflet/leaflet.js": "window.FAKE_LEAFLET = 1;",
        "leaflet/leaflet.css": ".leaflet-control-layers-toggle { background-image: url(images/layers.png); }",
        "leaflet.markercluster/leaflet.markercluster.js": "window.FAKE_CLUSTER = 1;",
        "leaflet.markercluster/MarkerCluster.css": ".marker-cluster { color: red; }",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "leaflet/images").mkdir()
    (tmp_path / "leaflet/images/layers.png").write_bytes(b"\x89PNG fake")

    html = map_html(afghan_events(), vendor_dir=tmp_path)

    assert "window.FAKE_LEAFLET = 1;" in html and "window.FAKE_CLUSTER = 1;" in html
    assert "url(data:image/png;base64," in html
    assert html.index("FAKE_LEAFLET") < html.index("FAKE_CLUSTER") < html.index("DiplomapLayer.render(")
    assert not re.search(r"<script[^>]*\bsrc=|<link\b", html)
    assert "http://" not in html and "https://" not in html


def test_map_html_has_a_title_and_the_filters_as_text_that_runs_nothing() -> None:
    hostile = "</title><script>alert(1)</script>"
    html = map_html(afghan_events(), title=f"diplomap: 5 places {hostile}", caption=f"search: “{hostile}”")
    assert "<title>diplomap: 5 places &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert html.count("<title>") == 1 and "<script>alert(1)" not in html
    assert data_of(html)["heading"] == [f"diplomap: 5 places {hostile}", f"search: “{hostile}”"]


def test_map_html_names_the_missing_install_step(tmp_path: Path) -> None:
    with pytest.raises(MapAssetsMissing, match="install_frontend"):
        map_html(afghan_events(), vendor_dir=tmp_path)


# -- the app's map: markers inline, popup texts in a file ---------------------------------------


def test_app_map_leaves_markers_borders_and_texts_to_files() -> None:
    events = afghan_events()
    built = build_app_map(events)
    html = built.map.get_root().render()
    assert len(html) < 76_000  # the element st_folium sends: our script (with the archive map), no data

    data = data_of(html)
    (popups,) = built.popups  # four markers: one file
    drawing, borders = built.files[:2]
    assert data["data"] == f"/app/static/cache/{drawing.name}" and drawing.name.startswith("markers-")
    assert data["borders"] == f"/app/static/cache/{borders.name}" and borders.name.startswith("borders-")
    assert data["popups"] == {"per": POPUP_SHARD_MIN, "urls": [f"/app/static/cache/{popups.name}"]}
    assert data["count"] == 4 and "markers" not in data
    assert MAP_FILE_DIR.name == "cache" and MAP_FILE_DIR.parent.name == "static"
    for text in ("India evacuates Kandahar", "evacuated its consulate", "Consulate of India", "Kandahar"):
        assert text not in html
    marks = json.loads(drawing.body)["markers"]
    kandahar = {(e["r"], e["k"]): e for e in marks}[("diplomatic_post", KANDAHAR)]
    assert kandahar == {
        "k": KANDAHAR, "r": "diplomatic_post", "n": "Kandahar", "la": 31.61332, "lo": 65.71013,
        "cnt": 1, "d": [18854], "p": 0.9, "pt": "consulate", "st": "closed",
    }  # fmt: skip
    assert json.loads(drawing.body)["shapes"].keys() == {"AF"}  # the conflict country's outline
    assert json.loads(borders.body)["type"] == "FeatureCollection"
    # The popup file holds one entry per marker, in the map's order, in the inline format.
    body = json.loads(popups.body)
    assert body["first"] == 0 and len(body["popups"]) == len(marks) == 4
    inline = data_of(render(events))["markers"]
    assert [{k: v for k, v in e.items() if k not in ("ev", "more")} for e in inline] == marks
    assert body["popups"] == [{"ev": e["ev"], "more": e["more"]} for e in inline]
    assert body["popups"][0]["ev"][0]["s"] == ["India evacuated its consulate in ", "Kandahar", " on Sunday."]


def test_app_map_with_tiles_keeps_the_borders_file_beneath_them() -> None:
    built = build_app_map(afghan_events(), tiles=OSM_TILES)
    html = built.map.get_root().render()
    assert data_of(html)["borders"].endswith(".json") and "tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    assert any(f.name.startswith("borders-") for f in built.files)


def test_an_in_house_tile_server_is_taken_from_the_environment() -> None:
    assert tile_source({}) == OSM_TILES
    own = tile_source(
        {
            "DIPLOMAP_TILE_URL": "http://tiles.internal:8080/osm/{z}/{x}/{y}.png",
            "DIPLOMAP_TILE_ATTRIBUTION": "<b>Ours</b> & theirs",
            "DIPLOMAP_TILE_MAX_ZOOM": "16",
        }
    )
    assert (own.host, own.attribution, own.max_zoom) == (
        "tiles.internal:8080",
        "&lt;b&gt;Ours&lt;/b&gt; &amp; theirs",
        16,
    )
    html = render(afghan_events(), tiles=own)
    assert "http://tiles.internal:8080/osm/{z}/{x}/{y}.png" in html and "<b>Ours" not in html
    assert '"maxZoom": 16' in html
    for bad in ("ftp://tiles/{z}/{x}/{y}.png", "http://tiles.internal/{z}/{x}.png", "/{z}/{x}/{y}.png"):
        with pytest.raises(MapError, match="DIPLOMAP_TILE_URL"):
            tile_source({"DIPLOMAP_TILE_URL": bad})
    with pytest.raises(MapError, match="DIPLOMAP_TILE_MAX_ZOOM"):
        tile_source({"DIPLOMAP_TILE_URL": "https://t/{z}/{x}/{y}.png", "DIPLOMAP_TILE_MAX_ZOOM": "40"})


def test_the_borders_file_is_the_same_for_every_map() -> None:
    one, other = build_app_map(afghan_events()), build_app_map(afghan_events()[:1])
    assert one.files[1] == other.files[1] and one.drawing != other.drawing


def test_many_markers_split_their_popup_texts_into_files_in_marker_order() -> None:
    n = 2 * POPUP_SHARD_MIN + 7
    many = [
        event(place_key=f"name:p{i}", place_name=f"Place {i}", sentence=f"Talks in Place {i}.")
        for i in range(n)
    ]
    built = build_app_map(many)
    data = {**data_of(built.map.get_root().render()), **json.loads(built.drawing.body)}
    bodies = [json.loads(f.body) for f in built.popups]
    assert [b["first"] for b in bodies] == [0, POPUP_SHARD_MIN, 2 * POPUP_SHARD_MIN]
    assert [len(b["popups"]) for b in bodies] == [POPUP_SHARD_MIN, POPUP_SHARD_MIN, 7]
    assert data["popups"]["urls"] == [f"/app/static/cache/{f.name}" for f in built.popups]
    texts = ["".join(p["ev"][0]["s"]) for b in bodies for p in b["popups"]]
    assert texts == [f"Talks in {m['n']}." for m in data["markers"]]  # file i, entry j = marker first + j
    assert popup_shard_size(1_000_000) == 20_000  # a huge map still has at most 50 files


def test_popup_file_is_named_by_its_content_and_escaped_like_the_map() -> None:
    payloads = [*EXTRA_PAYLOADS, "</script><script>alert(5)</script>"]
    hostile = [event(article_title=t, sentence=t, place_key=f"name:p{i}") for i, t in enumerate(payloads)]
    (first,), (again,) = build_app_map(hostile).popups, build_app_map(list(hostile)).popups
    assert first == again
    key = naming_key(MAP_KEY_FILE)  # named under this server's secret, not by a hash anyone can make
    assert first.name == f"popups-{hmac.new(key, first.body, hashlib.sha256).hexdigest()}.json"
    assert first.name != f"popups-{hashlib.sha256(first.body).hexdigest()}.json"
    assert build_app_map(hostile[1:]).popups[0].name != first.name
    text = first.body.decode("utf-8")
    for unsafe in ("<", ">", "&", "`", "$", "'", "\u2028", "{{", "{%"):
        assert unsafe not in text, unsafe
    titles = [p["ev"][0]["t"] for p in json.loads(text)["popups"]]
    assert sorted(titles) == sorted(payloads)


def test_app_map_links_the_popup_file_under_the_static_url() -> None:
    built = build_app_map(afghan_events(), static_url="/base/app/static/")
    urls = data_of(built.map.get_root().render())["popups"]["urls"]
    assert urls == [f"/base/app/static/cache/{f.name}" for f in built.popups]


def test_an_uncertain_role_is_marked_and_its_popup_says_how_sure() -> None:
    unsure = event(role="meeting", post_type=None, status=None, confidence=0.41)
    (entry,) = entries(render([unsure])).values()
    assert entry["u"] == 1 and entry["p"] == 0.41
    assert entry["ev"][0]["m"].endswith("how sure: 41% (uncertain)")


def test_each_marker_carries_the_days_of_its_reports_for_the_time_window() -> None:
    days = event_days([event(published="2021-07-13"), event(published="2021-07-13"), event(published=None)])
    day = (date(2021, 7, 13) - date(1970, 1, 1)).days
    assert days == [day, day]  # a day per report (the window counts reports); undated left out
    payload = json.loads(
        drawing_json(group_events([event(published="2021-07-14"), event(published="2021-07-13")]))
    )
    (entry,) = payload["markers"]
    assert entry["d"] == [18821, 18822]
    (undated,) = json.loads(drawing_json(group_events([event(published=None)])))["markers"]
    assert "d" not in undated


def test_a_post_whose_status_changed_carries_its_changes_for_the_time_window() -> None:
    reports = [
        event(event_id=3, published="2021-09-20", status="opened"),
        event(event_id=1, published="2021-05-03", status="operating"),
        event(event_id=2, published="2021-07-13", status="evacuated"),
        event(event_id=4, published="2021-07-14", status="closed"),  # the same colour: not a change
        event(event_id=5, published=None, status="closed"),  # undated: not placed in time
    ]
    assert status_days(reports) == [[18750, "ok"], [18821, "closed"], [18890, "ok"]]
    (entry,) = json.loads(drawing_json(group_events(reports)))["markers"]
    assert entry["sd"] == [[18750, "ok"], [18821, "closed"], [18890, "ok"]]
    (steady,) = json.loads(drawing_json(group_events(reports[1:2])))["markers"]
    assert "sd" not in steady  # one status: nothing to recolour
