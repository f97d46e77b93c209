"""Reading every supported format and encoding into Articles, with their metadata."""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from diplomap.errors import IngestError
from extraction.dates import parse_date
from extraction.reader import FileResult, Refusal, content_hash, decode_text, read_file, read_path
from extraction.types import Article

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "samples" / "000_4e41f000fa338b9a.txt"
REOPENED = "Embassy reopens in Kabul\n\nThe French ambassador said “we are back” at the café in Kabul."
SWISS = "Zürich: the Swiss embassy's café reopened, señor Núñez said in São Paulo."


def _one(data: bytes, filename: str) -> Article:
    result = read_file(data, filename)
    assert result.refusals == ()
    assert len(result.articles) == 1
    return result.articles[0]


# --- the sample article -------------------------------------------------------------------------


def test_sample_dateline_becomes_the_published_date_and_leaves_the_text() -> None:
    article = read_path(SAMPLE).articles[0]
    assert article.published == date(2021, 7, 13)
    assert article.text.startswith("In the wake of the deteriorating security situation in Afghanistan")
    assert "date 2021" not in article.text
    assert "consulate in Kandahar" in article.text
    assert article.text.endswith("(With entries from PTI)")


def test_sample_title_is_its_first_words_and_source_its_file_name() -> None:
    article = read_path(SAMPLE).articles[0]
    assert article.title == "In the wake of the deteriorating security situation in Afghanistan and India…"
    assert article.source == article.filename == "000_4e41f000fa338b9a.txt"
    assert article.fmt == "txt"


def test_read_path_and_read_file_agree_on_the_sample() -> None:
    assert read_path(SAMPLE) == read_file(SAMPLE.read_bytes(), SAMPLE.name)


def test_re_upload_with_other_line_endings_and_spacing_has_the_same_hash() -> None:
    original = SAMPLE.read_bytes()
    reflowed = original.replace(b"\n", b"\r\n").replace(b". ", b".  ")
    assert _one(reflowed, "copy.txt").content_hash == _one(original, "x.txt").content_hash
    assert _one(original + b" More.", "x.txt").content_hash != _one(original, "x.txt").content_hash


def test_content_hash_is_sha256_of_whitespace_normalised_text() -> None:
    assert content_hash(" Kabul  and\n\nDoha\t") == hashlib.sha256(b"Kabul and Doha").hexdigest()


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        pytest.param(REOPENED, REOPENED.encode("utf-8"), id="utf-8"),
        pytest.param(REOPENED, REOPENED.encode("utf-8-sig"), id="utf-8-bom"),
        pytest.param(REOPENED, codecs.BOM_UTF16_LE + REOPENED.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(REOPENED, codecs.BOM_UTF16_BE + REOPENED.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(REOPENED, REOPENED.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(REOPENED, REOPENED.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(REOPENED, REOPENED.encode("utf-32"), id="utf-32-bom"),
        pytest.param(REOPENED, REOPENED.encode("cp1252"), id="cp1252-smart-quotes"),
        pytest.param(SWISS, SWISS.encode("latin-1"), id="latin-1"),
    ],
)
def test_encoding_is_decoded_exactly(text: str, raw: bytes) -> None:
    article = _one(raw, "reopened.txt")
    assert article.text == text
    assert article.content_hash == content_hash(text)


def test_cyrillic_cp1251_is_left_to_charset_detection() -> None:
    text = "Посольство России в Кабуле продолжает работу, заявил министр иностранных дел."
    assert _one(text.encode("cp1251"), "ru.txt").text == text


def test_crlf_and_lone_cr_become_newlines() -> None:
    assert _one(b"Kabul\r\nDoha\rDushanbe", "x.txt").text == "Kabul\nDoha\nDushanbe"


def test_decomposed_accents_are_composed_nfc() -> None:
    article = _one("Bogota\u0301 embassy".encode(), "x.txt")
    assert article.text == "Bogotá embassy"


def test_decode_text_returns_text_or_raises_ingest_error() -> None:
    assert decode_text("“Kabul” café".encode("cp1252")) == "“Kabul” café"
    with pytest.raises(IngestError) as caught:
        decode_text(b"\x7fELF\x02\x01\x01" + bytes(64))
    assert caught.value.code == "binary"


# --- metadata from plain text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "rest"),
    [
        ("July 13, 2021 — ", "KABUL: India evacuated its consulate."),
        ("13 July 2021\n", "India evacuated its consulate."),
        ("Published: 2021/07/13\n", "India evacuated its consulate."),
        ("2021-07-13T08:30:00Z\n\n", "India evacuated its consulate."),
        ("date 2021-07-13 ", "India evacuated its consulate."),
    ],
)
def test_dateline_forms_are_metadata(opening: str, rest: str) -> None:
    article = _one((opening + rest).encode(), "x.txt")
    assert article.published == date(2021, 7, 13)
    assert article.text == rest


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-07-13T08:30:00+05:30", date(2021, 7, 13)),
        ("2021.07.13", date(2021, 7, 13)),
        ("Tue, July 13, 2021", date(2021, 7, 13)),
        ("13th of July 2021", date(2021, 7, 13)),
        ("Sept. 11, 2001", date(2001, 9, 11)),
        ("2021-02-30", None),  # no such day
        ("1066-10-14", None),  # not a news date
        ("July 2021", None),  # no day
        ("2021-07-13 and later", None),
    ],
)
def test_parse_date_forms(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_dateline_under_a_headline_is_found_and_headline_kept() -> None:
    article = _one(b"India evacuates Kandahar consulate\nJuly 13, 2021\n\nThe staff flew home.", "x.txt")
    assert article.published == date(2021, 7, 13)
    assert article.title == "India evacuates Kandahar consulate"
    assert article.text == "India evacuates Kandahar consulate\n\nThe staff flew home."


def test_date_in_the_body_is_not_the_publication_date() -> None:
    body = "The consulate in Kandahar was evacuated. " * 6 + "The treaty was signed on July 13, 2021."
    article = _one(body.encode(), "x.txt")
    assert article.published is None
    assert "July 13, 2021" in article.text


@pytest.mark.parametrize(
    "text",
    [
        "CARACAS, March 4, 2024 - The foreign minister received the envoy.",
        "CARACAS, Venezuela, March 4, 2024 (Reuters) — The foreign minister received the envoy.",
        "Envoy arrives in Caracas\nCARACAS, 4 March 2024 – The foreign minister received the envoy.",
        "SÃO PAULO, 2024-03-04 (AP) - The consul received the envoy.",
        "BOGOTÁ, Colombia, March 4, 2024 (Reuters) — The consul received the envoy.",
    ],
)
def test_wire_datelines_give_the_date_and_keep_their_place(text: str) -> None:
    article = _one(text.encode(), "x.txt")
    assert article.published == date(2024, 3, 4)
    assert article.text == text  # the dateline's place stays in the text


@pytest.mark.parametrize(
    "text",
    [
        "KABUL, July 13 (AP) — The embassy closed.",  # no year: not a date we can trust
        "NATO, the EU and the UN met on March 4, 2024 - a first.",  # not a place in capitals before the date
        "The ministers met in CARACAS, March 4, 2024 - a first.",  # not at the start of a line
    ],
)
def test_other_openings_are_not_wire_datelines(text: str) -> None:
    assert _one(text.encode(), "x.txt").published is None


def test_sentence_starting_with_a_date_keeps_it() -> None:
    article = _one(b"July 13, 2021 was the day the consulate closed.", "x.txt")
    assert article.published is None
    assert article.text.startswith("July 13, 2021 was")


def test_short_first_line_is_the_title() -> None:
    article = _one(b"Jaishankar meets Atmar in Dushanbe\n\nThe ministers met on Tuesday.", "x.txt")
    assert article.title == "Jaishankar meets Atmar in Dushanbe"


def test_first_line_ending_a_sentence_is_not_a_title() -> None:
    article = _one(b"The ministers met on Tuesday in Dushanbe.\nThey talked.", "x.txt")
    assert article.title == "The ministers met on Tuesday in Dushanbe. They talked."


def test_markdown_heading_and_links_are_cleaned() -> None:
    raw = b"# Embassy in Kabul reopens\n\nThe [embassy](https://example.org/kabul) reopened in **Kabul**."
    article = _one(raw, "news.md")
    assert article.title == "Embassy in Kabul reopens"
    assert article.text == "Embassy in Kabul reopens\n\nThe embassy reopened in **Kabul**."
    assert article.fmt == "md"


# --- HTML --------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Kandahar consulate | Example News</title>
<meta property="og:title" content="India evacuates staff from Kandahar consulate">
<meta property="article:published_time" content="2021-07-11T09:30:00+05:30">
<link rel="canonical" href="https://news.example/kandahar">
<style>p { color: red } .STYLE_TEXT {}</style><script>var secret = "SCRIPT_TEXT";</script></head>
<body><header>HEADER_TEXT</header><nav>NAV_TEXT</nav><!-- COMMENT_TEXT -->
<article><h1>India evacuates staff</h1>
<p>India brought back about 50 diplomats<br>from its consulate in <b>Kandahar</b>.</p>
<p>The embassy   in Kabul
remains open.</p>
<noscript>NOSCRIPT_TEXT</noscript><template><p>TEMPLATE_TEXT</p></template></article>
<aside>ASIDE_TEXT</aside><footer>FOOTER_TEXT</footer></body></html>"""


def test_html_keeps_visible_text_with_paragraph_breaks() -> None:
    article = _one(PAGE.encode(), "kandahar.html")
    assert article.text == (
        "India evacuates staff\n\n"
        "India brought back about 50 diplomats\nfrom its consulate in Kandahar.\n\n"
        "The embassy in Kabul remains open."
    )
    assert article.fmt == "html"


@pytest.mark.parametrize(
    "hidden", ["SCRIPT", "STYLE", "HEADER", "NAV", "COMMENT", "NOSCRIPT", "TEMPLATE", "ASIDE"]
)
def test_html_hidden_parts_are_dropped(hidden: str) -> None:
    assert f"{hidden}_TEXT" not in _one(PAGE.encode(), "kandahar.htm").text


def test_html_metadata_from_meta_tags() -> None:
    article = _one(PAGE.encode(), "kandahar.html")
    assert article.title == "India evacuates staff from Kandahar consulate"
    assert article.published == date(2021, 7, 11)
    assert article.source == "https://news.example/kandahar"


@pytest.mark.parametrize(
    ("head", "title", "published"),
    [
        (  # the page's <h1> is the article's headline; <title> is often the site's header
            '<title>World News | Example Times</title><meta name="date" content="2020-02-29">',
            "Peace deal signed",
            date(2020, 2, 29),
        ),
        ('<meta name="pubdate" content="February 29, 2020">', "Peace deal signed", date(2020, 2, 29)),
        ('<time datetime="2020-02-29T10:00">Saturday</time>', "Peace deal signed", date(2020, 2, 29)),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type":'
            ' "WebSite", "name": "Example"}, {"@type": "NewsArticle", "headline": "Taliban and US sign deal",'
            ' "datePublished": "2020-02-29T12:00:00+03:00"}]}</script>',
            "Taliban and US sign deal",
            date(2020, 2, 29),
        ),
        ('<script type="application/ld+json">{"headline": </script>', "Peace deal signed", None),
    ],
)
def test_html_title_and_date_fallbacks(head: str, title: str, published: date | None) -> None:
    page = f"<html><head>{head}</head><body><h1>Peace deal signed</h1><p>In Doha.</p></body></html>"
    article = _one(page.encode(), "doha.html")
    assert (article.title, article.published) == (title, published)
    assert article.source == "doha.html"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<title>Talks in Doha | Example Times</title>", "Talks in Doha"),
        (
            "<title>Example Times - Talks in Doha end without a deal</title>",
            "Talks in Doha end without a deal",
        ),
        (
            '<meta property="og:site_name" content="Example Times">'
            "<title>Talks in Doha - Example Times</title>",
            "Talks in Doha",
        ),
        ("<title>Talks in Doha</title>", "Talks in Doha"),
    ],
)
def test_html_title_without_a_headline_drops_the_site_name(head: str, title: str) -> None:
    page = f"<html><head>{head}</head><body><p>Negotiators met in Doha.</p></body></html>"
    assert _one(page.encode(), "doha.html").title == title


def test_html_in_cp1252_is_decoded() -> None:
    page = "<p>“Kabul” café</p>".encode("cp1252")
    assert _one(page, "x.html").text == "“Kabul” café"


# --- JSON and JSON Lines -----------------------------------------------------------------------


def test_json_object_is_one_article_with_its_fields() -> None:
    record = {
        "title": "Talks in Doha",
        "date": "2020-02-29",
        "text": "The deal was signed in Doha.",
        "url": "https://x.example/doha",
    }
    article = _one(json.dumps(record).encode(), "doha.json")
    assert (article.title, article.published, article.source) == (
        "Talks in Doha",
        date(2020, 2, 29),
        "https://x.example/doha",
    )
    assert article.text == "The deal was signed in Doha."
    assert article.fmt == "json"


def test_json_list_holds_several_articles_with_alternative_field_names() -> None:
    records = [
        {
            "title": "Kabul",
            "published_at": "2021-08-15T10:00:00Z",
            "body": "Kabul fell.",
            "source": "Reuters",
        },
        {"headline": "Doha", "published": 1582934400, "content": "Talks in Doha.", "source": {"name": "AP"}},
    ]
    result = read_file(json.dumps(records).encode(), "news.json")
    assert result.refusals == ()
    assert [(a.title, a.published, a.source, a.text) for a in result.articles] == [
        ("Kabul", date(2021, 8, 15), "Reuters", "Kabul fell."),
        ("Doha", date(2020, 2, 29), "AP", "Talks in Doha."),
    ]


def test_json_record_without_metadata_falls_back_to_its_text() -> None:
    article = _one(
        json.dumps({"text": "date 2021-07-13 Jaishankar met Atmar in Dushanbe."}).encode(), "a.json"
    )
    assert article.published == date(2021, 7, 13)
    assert article.text == "Jaishankar met Atmar in Dushanbe."
    assert article.source == "a.json"


def test_jsonl_bad_line_is_refused_and_good_lines_come_in() -> None:
    lines = [
        json.dumps({"title": "Kabul", "text": "The embassy in Kabul closed."}),
        '{"title": "broken", "text": ',
        "",
        json.dumps({"title": "Doha", "text": "Talks resumed in Doha."}),
        json.dumps({"title": "No text"}),
    ]
    result = read_file("\n".join(lines).encode(), "feed.jsonl")
    assert [a.title for a in result.articles] == ["Kabul", "Doha"]
    assert {a.fmt for a in result.articles} == {"jsonl"}
    assert [(r.code, r.item) for r in result.refusals] == [("bad_json", 1), ("wrong_shape", 4)]
    assert "Line 2" in result.refusals[0].message


# --- PDF and sniffing --------------------------------------------------------------------------


def test_pdf_text_layer_is_read_with_its_dateline(embassy_pdf: bytes) -> None:
    article = _one(embassy_pdf, "kabul.pdf")
    assert article.fmt == "pdf"
    assert article.published == date(2021, 8, 15)
    assert article.title == "Embassy in Kabul suspends operations"
    assert "staff left for Doha" in article.text
    assert "2021-08-15" not in article.text


def test_pdf_is_read_as_pdf_whatever_its_name(embassy_pdf: bytes) -> None:
    assert _one(embassy_pdf, "kabul.txt").fmt == "pdf"


def test_unknown_extension_that_is_text_is_read_as_text() -> None:
    article = _one(b"Embassy in Doha\n\nQatar hosted the talks.", "notes.nfo")
    assert (article.fmt, article.title) == ("txt", "Embassy in Doha")


def test_unknown_extension_that_is_html_is_read_as_html() -> None:
    assert _one(b"<!DOCTYPE html><p>Talks in <b>Doha</b></p>", "page.asp").text == "Talks in Doha"


def test_extension_is_case_insensitive() -> None:
    assert _one(b"<p>Talks in Doha</p>", "PAGE.HTML").fmt == "html"


def test_results_are_frozen() -> None:
    result = read_file(b"", "empty.txt")
    assert result == FileResult("empty.txt", (), (Refusal("empty.txt", "empty", "This file is empty."),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.refusals[0].code = "ok"  # type: ignore[misc]
