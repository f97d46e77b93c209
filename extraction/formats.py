"""Format parsers: decoded text of one file type to ``Draft`` articles (text plus what metadata says).

Plain text and Markdown take their title and dateline from the opening lines; HTML keeps only the
visible text and reads its metadata from meta tags; JSON and JSON Lines hold one article per object.
Every regular expression here is linear in its input, so a 50 MB single-line file stays fast.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag
from bs4.element import PreformattedString, Script, Stylesheet, TemplateString
from bs4.exceptions import ParserRejectedMarkup

from diplomap.errors import IngestError
from extraction.dates import date_from_timestamp, find_dateline, parse_date
from extraction.urls import safe_url

MAX_HTML_TAGS = 200_000  # bs4 builds ~20k tags a second: this bounds a page to seconds, not hours
MAX_TITLE_CHARS = 200
TITLE_WORDS = 12
TEXT_FIELDS = ("text", "body", "content", "articleBody")
TITLE_FIELDS = ("title", "headline")
DATE_FIELDS = ("date", "published", "published_at", "publishedAt", "datePublished", "pubDate")
SOURCE_FIELDS = ("url", "source", "link")
URL_FIELDS = ("url", "link")  # the article's own address; "source" is often a site's name
HIDDEN_TAGS = frozenset(
    (
        *("script", "style", "nav", "header", "footer", "aside", "noscript", "template"),
        *("head", "title", "iframe", "svg", "canvas", "object", "embed"),
    )
)
BLOCK_TAGS = frozenset(
    (
        *("p", "div", "section", "article", "main", "blockquote", "pre", "figure", "figcaption"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "hr"),
    )
)
HTML_DATE_META = (
    *("article:published_time", "og:published_time", "published_time", "datepublished", "date"),
    *("pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.created"),
)
_NOT_TEXT = (PreformattedString, Script, Stylesheet, TemplateString)  # comments, doctype, code
_PARAGRAPH, _LINE = "\ue000", "\ue001"  # private-use sentinels marking block and <br> breaks
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\[\]\s]*\)")  # no nesting, so every scan is bounded
_NOT_HEADLINE_END = tuple(".,;:")


@dataclass(frozen=True, slots=True)
class Draft:
    """An article as one format parser sees it; the reader turns it into an ``Article``."""

    text: str
    title: str = ""
    published: date | None = None
    source: str = ""
    url: str = ""  # the article's address, when the file gives a safe http(s) one (extraction.urls)


def normalize_text(text: str) -> str:
    """Unix line breaks, no control characters or lone surrogates, Unicode NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROLS.search(text):
        text = _CONTROLS.sub(_control_replacement, text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _control_replacement(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\x0b\x0c":
        return "\n"
    return "\ufffd" if "\ud800" <= char <= "\udfff" else ""


def fallback_title(text: str) -> str:
    """The first words of the text, with an ellipsis when there are more."""
    words = text[: TITLE_WORDS * 40].split()
    title = " ".join(words[:TITLE_WORDS])
    return title + "…" if len(words) > TITLE_WORDS else title


def plain_draft(text: str) -> Draft:
    """A plain-text article: the dateline near its start is metadata and leaves the text."""
    published = None
    dateline = find_dateline(text)
    if dateline:
        published = dateline.published
        before, after = text[: dateline.start], text[dateline.end :]
        text = before + (after.removeprefix("\n") if before.endswith("\n") else after)  # a whole line goes
    text = text.strip()
    return Draft(text, _headline(text), published)


def _headline(text: str) -> str:
    first_break = text.find("\n", 0, MAX_TITLE_CHARS + 1)
    if first_break < 0:
        return ""  # one line only, or a first line too long to be a headline
    line = text[:first_break].strip()
    looks_like_headline = (
        0 < len(line.split()) <= 30
        and not line.endswith(_NOT_HEADLINE_END)
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘")
    )
    return line if looks_like_headline else ""


def markdown_draft(text: str) -> Draft:
    """Markdown read as plain text, without heading marks and with links reduced to their words."""
    return plain_draft(_MD_LINK.sub(r"\1", _MD_HEADING.sub("", text)))


def html_draft(markup: str) -> Draft:
    """The visible text of an HTML page with paragraph breaks, and its title, date, source and URL."""
    if markup.count("<") > MAX_HTML_TAGS:
        message = f"This HTML page has over {MAX_HTML_TAGS:,} tags, far more than an article page."
        raise IngestError("html_too_complex", message)
    markup = markup.replace(_PARAGRAPH, "").replace(_LINE, "")
    try:
        soup = _parse_html(markup)
        meta = _meta(soup)
        title, published, source = _html_title(soup, meta), _html_date(soup, meta), _html_source(soup, meta)
        url = _html_url(soup, meta)
        text = _visible_text(soup)
    except RecursionError as exc:
        raise IngestError("html_too_deep", "This HTML page is nested too deeply to read.") from exc
    return Draft(normalize_text(text), normalize_text(title), published, source, url)


def _parse_html(markup: str) -> BeautifulSoup:
    try:
        return BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup:
        # html.parser gives up on an odd marked section ("<![foo["): read those as text instead.
        markup = markup.replace("<![", "&lt;![")
    try:
        return BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup as exc:
        raise IngestError("bad_html", "This HTML page is malformed beyond reading.") from exc


def _visible_text(soup: BeautifulSoup) -> str:
    paragraphs = []
    for block in "".join(_visible_strings(soup)).split(_PARAGRAPH):
        lines = (" ".join(line.split()) for line in block.split(_LINE))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _visible_strings(soup: BeautifulSoup) -> Iterator[str]:
    """Text nodes outside hidden tags, with break marks around blocks; a loop, not recursion,
    and no changes to the tree (removing nodes from a long sibling list is quadratic in bs4)."""
    stack: list[tuple[Iterator[PageElement], str]] = [(iter(soup.contents), "")]
    while stack:
        node = next(stack[-1][0], None)
        if node is None:
            yield stack.pop()[1]
        elif isinstance(node, Tag) and node.name not in HIDDEN_TAGS:
            mark = _LINE if node.name == "br" else _PARAGRAPH if node.name in BLOCK_TAGS else ""
            yield mark
            stack.append((iter(node.contents), mark))
        elif isinstance(node, NavigableString) and not isinstance(node, _NOT_TEXT):
            yield node


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    return " ".join(value) if isinstance(value, list) else (value or "")


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (_attr(tag, "property") or _attr(tag, "name") or _attr(tag, "itemprop")).strip().lower()
        content = _attr(tag, "content").strip()
        if key and content:
            found.setdefault(key, content)
    return found


def _html_title(soup: BeautifulSoup, meta: dict[str, str]) -> str:
    """The article's headline: og:title, JSON-LD headline, the first <h1>, and only then <title>
    without the site's name ("Talks end | Example News"), which is the site's header."""
    h1 = soup.find("h1")
    candidates = [meta.get("og:title", ""), _json_ld(soup, "headline")]
    candidates.append(h1.get_text(" ", strip=True) if h1 else "")
    page_title = soup.find("title")
    if page_title:
        candidates.append(
            _without_site_name(page_title.get_text(" ", strip=True), meta.get("og:site_name", ""))
        )
    return next((" ".join(text.split()) for text in candidates if text.strip()), "")


_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\u00b7\u2022-]\s+")


def _without_site_name(title: str, site: str) -> str:
    """ "Talks end - Example News" -> "Talks end": the named site's part, else the shorter end parts."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if site.strip():
        kept = [p for p in parts if p.strip().casefold() != site.strip().casefold()]
        return " - ".join(kept) if kept else title
    return max(parts, key=len)


def _json_ld(soup: BeautifulSoup, key: str) -> str:
    """The first string ``key`` of a schema.org JSON-LD block (objects, lists and ``@graph``)."""
    for script in soup.find_all("script", type="application/ld+json", limit=10):
        try:
            data = json.loads(script.get_text()[:200_000])
        except (ValueError, RecursionError):
            continue
        todo, seen = [data], 0
        while todo and seen < 200:
            item, seen = todo.pop(0), seen + 1
            if isinstance(item, list):
                todo.extend(item)
            elif isinstance(item, dict):
                value = item.get(key)
                if isinstance(value, str) and value.strip():
                    return value.strip()
                todo.extend(v for k, v in item.items() if k == "@graph" or isinstance(v, list | dict))
    return ""


def _html_date(soup: BeautifulSoup, meta: dict[str, str]) -> date | None:
    values = [meta[key] for key in HTML_DATE_META if key in meta]
    values.append(_json_ld(soup, "datePublished"))
    values += [_attr(tag, "datetime") for tag in soup.find_all("time", limit=5)]
    return next((found for found in map(parse_date, values) if found), None)


def _html_source(soup: BeautifulSoup, meta: dict[str, str]) -> str:
    canonical = soup.find("link", rel="canonical")
    url = meta.get("og:url") or (_attr(canonical, "href") if canonical else "")
    return url.strip()


def _html_url(soup: BeautifulSoup, meta: dict[str, str]) -> str:
    """The page's own address: canonical link, og:url, then the JSON-LD article's url or
    mainEntityOfPage; the first that is a safe http(s) URL."""
    canonical = soup.find("link", rel="canonical")
    candidates: list[object] = [_attr(canonical, "href") if canonical else "", meta.get("og:url", "")]
    for item in _json_ld_objects(soup):
        page = item.get("mainEntityOfPage")
        page_id = page.get("@id") or page.get("url") if isinstance(page, dict) else page
        candidates += [item.get("url"), page_id]
    return next((url for url in map(safe_url, candidates) if url), "")


def _json_ld_objects(soup: BeautifulSoup) -> Iterator[dict[str, object]]:
    """The top-level objects of the JSON-LD blocks, and those of their ``@graph`` (not the nested
    publisher or author, whose ``url`` is a site's or a person's)."""
    for script in soup.find_all("script", type="application/ld+json", limit=10):
        try:
            data = json.loads(script.get_text()[:200_000])
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        for item in items[:50]:
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                yield from (g for g in graph[:50] if isinstance(g, dict)) if isinstance(graph, list) else ()


def json_drafts(text: str) -> Iterator[tuple[int | None, Draft | IngestError]]:
    """One (index, draft or refusal) per record of a JSON object or list of objects."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise IngestError("bad_json", f"This is not valid JSON ({_json_problem(exc)}).") from exc
    if isinstance(document, dict):
        yield None, _record_or_refusal(document, None)
    elif isinstance(document, list):
        for index, record in enumerate(document):
            yield index, _record_or_refusal(record, index)
    else:
        message = "This JSON holds a single value; expected an article object or a list of them."
        raise IngestError("wrong_shape", message)


def jsonl_drafts(text: str) -> Iterator[tuple[int | None, Draft | IngestError]]:
    """One (line index, draft or refusal) per non-blank line of a JSON Lines file."""
    for index, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            problem = f"Line {index + 1} is not valid JSON ({_json_problem(exc)})."
            yield index, IngestError("bad_json", problem)
            continue
        yield index, _record_or_refusal(record, index)


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)


def _record_or_refusal(record: object, index: int | None) -> Draft | IngestError:
    try:
        return record_draft(record)
    except IngestError as exc:
        where = "The record" if index is None else f"Record {index + 1}"
        return IngestError(exc.code, f"{where} {exc.message}")


def record_draft(record: object) -> Draft:
    """The article one JSON object describes; IngestError says why it describes none."""
    if not isinstance(record, dict):
        raise IngestError("wrong_shape", f"is a {type(record).__name__}, not an article object.")
    text = _first_field(record, TEXT_FIELDS)
    if text is None:
        raise IngestError("wrong_shape", "has no text: expected a 'text', 'body' or 'content' field.")
    if not isinstance(text, str):
        raise IngestError("wrong_shape", "has a text field that is not a string.")
    plain = plain_draft(normalize_text(text))
    if not plain.text:
        raise IngestError("empty", "has an empty text.")
    title = _first_field(record, TITLE_FIELDS)
    return Draft(
        plain.text,
        normalize_text(" ".join(title.split())) if isinstance(title, str) else plain.title,
        _record_date(_first_field(record, DATE_FIELDS)) or plain.published,
        _record_source(_first_field(record, SOURCE_FIELDS)),
        next((url for url in (safe_url(record.get(name)) for name in URL_FIELDS) if url), ""),
    )


def _first_field(record: dict[str, object], names: tuple[str, ...]) -> object:
    return next((record[name] for name in names if record.get(name) not in (None, "")), None)


def _record_date(value: object) -> date | None:
    if isinstance(value, str):
        return parse_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return date_from_timestamp(value)
    return None


def _record_source(value: object) -> str:
    if isinstance(value, dict):  # e.g. NewsAPI's {"source": {"id": ..., "name": ...}}
        value = value.get("url") or value.get("name")
    return normalize_text(value.strip()) if isinstance(value, str) else ""
