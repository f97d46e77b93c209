"""An article's web address: read from the file, kept only when safe, stored, exported and linked;
and the KML export. Real reader, real SQLite store, real CLI; hostile strings from the OWASP list."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cli import main
from diplomap.events import PlaceEvent
from diplomap.kml import KML_NS, events_kml
from diplomap.mapjs import group_events, popup_texts, script_safe_json
from diplomap.service import events_csv, events_geojson, stored_article
from diplomap.store import _MIGRATIONS, Store
from diplomap.ui_text import md_source_link
from extraction.reader import read_file
from extraction.types import Article
from extraction.urls import safe_url
from tests.hostile import hostile_strings

PAYLOADS: list[str] = hostile_strings()
URL = "https://news.example/2021/07/13/kandahar-consulate"
KANDAHAR = "gn:1138336"
# What may never survive into an attribute, a Markdown link or a JS template string.
UNSAFE_IN_URL = set(" \t\n\"'<>`${}()\\")
K = f"{{{KML_NS}}}"


def html_page(head: str) -> bytes:
    body = "<h1>India evacuates Kandahar consulate</h1><p>Diplomats were evacuated from Kandahar.</p>"
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode()


def kandahar_event(**extra: object) -> PlaceEvent:
    sentence = "Diplomats were evacuated from Kandahar."
    values: dict[str, object] = dict(
        article_id=0, article_title="India evacuates Kandahar consulate", published=None,
        place_name="Kandahar", mention_text="Kandahar", place_key=KANDAHAR, lat=31.61332, lon=65.71013,
        kind="city", country_code="AF", role="diplomatic_post", sentence=sentence,
        mention_start=sentence.index("Kandahar"), mention_end=sentence.index("Kandahar") + 8,
        confidence=0.9, post_type="consulate", owner="IN", status="evacuated",
    )  # fmt: skip
    return PlaceEvent(**(values | extra))  # type: ignore[arg-type]


# -- which addresses are safe ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (URL, URL),
        ("  HTTPS://News.Example/a?b=1#c ", "https://news.example/a?b=1#c"),
        ("http://news.example:8080/x", "http://news.example:8080/x"),
        ("https://news.example/a(b)'c\"", "https://news.example/a%28b%29%27c%22"),
        ("https://пример.рф/статья", "https://xn--e1afmkfd.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F"),
        ("javascript:alert(1)", ""),
        ("JaVaScRiPt:alert(1)//https://news.example/", ""),
        ("data:text/html;base64,PHNjcmlwdD4=", ""),
        ("/2021/07/13/relative", ""),
        ("//news.example/protocol-relative", ""),
        ("ftp://news.example/file", ""),
        ("https://bank.example@evil.example/", ""),
        ("https://news.example/a b", ""),
        ("https://news.example/\x00x", ""),
        ("https://news.example/\u2028x", ""),
        ("https://news.example/" + "a" * 3000, ""),
        ("https:", ""),
        (None, ""),
        (42, ""),
    ],
)
def test_only_absolute_http_urls_are_kept(given: object, kept: str) -> None:
    assert safe_url(given) == kept


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_hostile_string_becomes_an_unsafe_url(payload: str) -> None:
    """Most payloads hold spaces or line breaks, so no URL is kept at all; the rest come back
    percent-encoded."""
    alone = safe_url(payload)
    assert alone == "" or alone.startswith(("http://", "https://"))
    for url in (alone, safe_url(URL + "/" + payload), safe_url(URL + "?q=" + payload)):
        assert not UNSAFE_IN_URL & set(url), url
        link = md_source_link(url)
        assert link == (f"[source]({url})" if url else "")


# -- the reader ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        f'<link rel="canonical" href="{URL}">',
        f'<meta property="og:url" content="{URL}">',
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "url": "{URL}"}}</script>',
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
        f' "mainEntityOfPage": {{"@type": "WebPage", "@id": "{URL}"}},'
        ' "publisher": {"url": "https://news.example/"}}]}</script>',
        f'<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="{URL}">',
        f'<link rel="canonical" href="/relative"><meta property="og:url" content="{URL}">',
    ],
)
def test_html_gives_its_address(head: str) -> None:
    (article,) = read_file(html_page(head), "kandahar.html").articles
    assert article.url == URL
    assert article.title == "India evacuates Kandahar consulate"


def test_html_without_a_safe_address_has_none() -> None:
    hostile = '<link rel="canonical" href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">'
    for head in ("", hostile, '<meta property="og:url" content="/news/kandahar">'):
        (article,) = read_file(html_page(head), "kandahar.html").articles
        assert article.url == ""


def test_json_and_jsonl_records_give_their_url() -> None:
    records = [
        {"title": "One", "text": "Diplomats left Kandahar.", "url": URL},
        {"title": "Two", "text": "Talks were held in Doha.", "url": "javascript:alert(document.cookie)"},
        {"title": "Three", "text": "Fighting near Herat.", "link": URL + "?page=3", "source": "Example"},
    ]
    as_json = read_file(json.dumps(records).encode(), "bundle.json").articles
    as_jsonl = read_file("\n".join(map(json.dumps, records)).encode(), "bundle.jsonl").articles
    for articles in (as_json, as_jsonl):
        assert [a.url for a in articles] == [URL, "", URL + "?page=3"]
    assert as_json[2].source == "Example"  # the source field keeps its meaning


# -- the store ---------------------------------------------------------------------------------------


def test_the_address_is_stored_and_every_event_carries_it(tmp_path: Path) -> None:
    (article,) = read_file(html_page(f'<link rel="canonical" href="{URL}">'), "kandahar.html").articles
    with Store.open(tmp_path / "diplomap.db") as store:
        article_id = store.add_article(article, [kandahar_event()]).article_id
        assert store.article(article_id).url == URL
        assert [e.source_url for e in store.events_at(KANDAHAR)] == [URL]
        assert stored_article(store, article_id).url == URL  # so a re-read keeps it


def test_a_version_6_store_gains_the_column_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statements in _MIGRATIONS[:6]:
        for statement in statements:
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 6")
    conn.execute(
        "INSERT INTO articles (content_hash, title, published, source, filename, fmt, text, added_at)"
        " VALUES ('h', 'Old', '2021-07-13', 'old.txt', 'old.txt', 'txt', 'Left Kandahar.', '2021-07-13')"
    )
    conn.execute(
        "INSERT INTO events (article_id, place_key, place_name, mention_text, lat, lon, kind, country_code,"
        " role, sentence, mention_start, mention_end, confidence)"
        " VALUES (1, ?, 'Kandahar', 'Kandahar', 31.6, 65.7, 'city', 'AF', 'conflict', 'Left Kandahar.',"
        " 5, 13, 0.7)",
        (KANDAHAR,),
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.article(1).url == ""
        assert [e.source_url for e in store.events_at(KANDAHAR)] == [""]
        article = Article("New text from Kandahar.", "New", None, "x", "h2", "new.html", "html", URL)
        store.add_article(article, [kandahar_event()])
        assert sorted(e.source_url for e in store.events_at(KANDAHAR)) == ["", URL]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (len(_MIGRATIONS),)
    conn.close()


# -- exports and links -------------------------------------------------------------------------------


def test_csv_and_geojson_carry_source_url() -> None:
    events = [kandahar_event(source_url=URL), kandahar_event(source_url="")]
    rows = list(csv.DictReader(io.StringIO(events_csv(events))))
    assert [r["source_url"] for r in rows] == [URL, ""]
    features = json.loads(events_geojson(events))["features"]
    assert [f["properties"]["source_url"] for f in features] == [URL, ""]


def test_popups_link_only_safe_addresses() -> None:
    # A store may hold what an older reader let through: the map checks again.
    events = [kandahar_event(event_id=1, source_url=URL), kandahar_event(event_id=2, source_url=PAYLOADS[1])]
    (marker,) = group_events(events)
    texts = popup_texts(marker)
    assert [ev.get("u") for ev in texts["ev"]] == [None, URL]  # newest (highest id) first
    for payload in PAYLOADS:
        (marker,) = group_events([kandahar_event(source_url=URL + "/" + payload, sentence=payload)])
        (ev,) = popup_texts(marker)["ev"]
        assert ev.get("u", "") == safe_url(URL + "/" + payload)  # whitespace in it: no link at all
        assert not UNSAFE_IN_URL & set(ev.get("u", ""))
        shipped = script_safe_json(popup_texts(marker))
        assert not set("<>`$'") & set(shipped)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def kml_placemarks(text: str) -> list[ET.Element]:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{K}kml"
    return root.findall(f".//{K}Placemark")


def test_kml_has_one_dated_placemark_per_event_in_lon_lat_order() -> None:
    events = [
        kandahar_event(event_id=1, published="2021-07-13", source_url=URL),
        kandahar_event(event_id=2, role="conflict", status=None, post_type=None),
        kandahar_event(event_id=3, lat=float("nan")),  # no usable point: left out
    ]
    marks = kml_placemarks(events_kml(events))
    assert len(marks) == 2
    dated = marks[0]
    assert dated.findtext(f"{K}name") == "Kandahar"
    assert dated.findtext(f"{K}TimeStamp/{K}when") == "2021-07-13"
    assert dated.findtext(f"{K}Point/{K}coordinates") == "65.71013,31.61332"  # lon,lat
    data = {d.get("name"): d.findtext(f"{K}value") for d in dated.iter(f"{K}Data")}
    assert data["role"] == "diplomatic_post" and data["status"] == "evacuated"
    assert data["source_url"] == URL
    assert "Diplomats were evacuated from Kandahar." in (dated.findtext(f"{K}description") or "")
    assert marks[1].find(f"{K}TimeStamp") is None  # an undated article has no time
    folders = [f.findtext(f"{K}name") for f in ET.fromstring(events_kml(events)).iter(f"{K}Folder")]
    assert folders == ["Diplomatic post", "Conflict area"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_kml_keeps_hostile_text_as_text(payload: str) -> None:
    event = kandahar_event(
        published="2021-07-13", place_name=payload, article_title=payload, sentence=payload + "\x01",
        status=payload, source_url=URL + "/" + payload,
    )  # fmt: skip
    (mark,) = kml_placemarks(events_kml([event]))
    assert mark.findtext(f"{K}name") == re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", payload)  # not XML at all
    description = mark.findtext(f"{K}description") or ""
    assert html.escape(payload.replace("\x01", ""), quote=True) in description
    parser = _Links()
    parser.feed(description)
    assert {tag for tag, _ in parser.tags} <= {"p", "b", "blockquote", "a"}
    links = [attrs["href"] for tag, attrs in parser.tags if tag == "a"]
    safe = safe_url(URL + "/" + payload)
    assert links == ([safe] if safe else [])


def test_kml_links_no_unsafe_address() -> None:
    (mark,) = kml_placemarks(events_kml([kandahar_event(source_url="javascript:alert(1)")]))
    assert "<a " not in (mark.findtext(f"{K}description") or "")


def test_cli_exports_kml_by_format_and_by_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.db"
    article = Article(
        "Diplomats were evacuated from Kandahar.", "Kandahar", None, "x", "h", "k.html", "html", URL
    )
    with Store.open(db) as store:
        store.add_article(article, [kandahar_event()])
    out = tmp_path / "events.KML"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    (mark,) = kml_placemarks(out.read_text(encoding="utf-8"))
    assert {d.get("name"): d.findtext(f"{K}value") for d in mark.iter(f"{K}Data")}["source_url"] == URL
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--format", "kml"]) == 0
    assert len(kml_placemarks(capsys.readouterr().out)) == 1
    assert main(["export", "--db", str(db)]) == 0  # JSON Lines carry the address too
    assert json.loads(capsys.readouterr().out)["source_url"] == URL
