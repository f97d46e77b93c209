"""Untrusted text as safe Markdown, and the labels the dashboard shows. No Streamlit here.

Article text is untrusted: it only ever reaches the page through ``md_text`` (every ASCII
punctuation character backslash-escaped, so nothing in it is markup), as plain widget labels, or
inside the map, whose JavaScript builds DOM text nodes. ``unsafe_allow_html`` is never used.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from diplomap import basemap, service
from diplomap.events import POST_TYPE_LABELS, PlaceEvent, placed_note
from extraction.role_model import UNCERTAIN_BELOW
from extraction.urls import safe_url

ROLE_LABELS = {
    "diplomatic_post": "Diplomatic posts",
    "meeting": "Meetings",
    "conflict": "Conflict areas",
    "mention": "Other mentions",
}  # the names of the map's layers too, one name per role everywhere
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_MARK_OPEN, _MARK_CLOSE = "\ue010", "\ue011"  # private-use sentinels, turned into ** after escaping


def md_text(text: str) -> str:
    """Untrusted text as Markdown that shows exactly these characters and is never markup.

    Whitespace runs become one space (so indentation cannot open a code block) and every ASCII
    punctuation character is backslash-escaped, which CommonMark allows for all of them: no
    link, image, HTML, heading, list, LaTeX ($) or Streamlit directive (:red[...]) survives.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def md_marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` as escaped Markdown paragraphs with each (start, end) span in bold."""
    raw = text.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
    if len(raw) != len(text):
        spans = []  # offsets no longer fit; never happens for text from the reader
    pieces, at = [], 0
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(raw)):
        if start < at:
            continue  # overlapping spans: keep the first
        pieces += [raw[at:start], _MARK_OPEN, raw[start:end].strip(), _MARK_CLOSE]
        at = end
    pieces.append(raw[at:])
    marked = "".join(pieces)
    paragraphs = [md_text(p) for p in re.split(r"\n\s*\n", marked) if p.strip()]
    return "\n\n".join(paragraphs).replace(_MARK_OPEN, "**").replace(_MARK_CLOSE, "**")


def md_source_link(url: str) -> str:
    """A Markdown link "source" to the article's address, or "" unless it is a safe http(s) URL.

    ``safe_url`` percent-encodes every character that could end a link destination (spaces,
    parentheses, angle brackets, backslash, quotes, ``$``), so the URL goes in as it comes back.
    Streamlit opens such links in a new tab with ``rel="noopener noreferrer"``.
    """
    safe = safe_url(url)
    return f"[source]({safe})" if safe else ""


def highlighted_sentence(event: PlaceEvent) -> str:
    return md_marked(event.sentence, [(event.mention_start, event.mention_end)])


def event_details(event: PlaceEvent) -> str:
    """The role and what the reading found, as plain text: "Consulate of IN · status: evacuated"."""
    parts = [role_label(event.role)]
    if event.role == "diplomatic_post":
        post = POST_TYPE_LABELS.get(event.post_type or "", "Diplomatic post")
        parts = [f"{post} of {country_name(event.owner)}" if event.owner else post]
        if event.status:
            parts.append(f"status: {event.status.replace('_', ' ')}")
    elif event.role == "meeting":
        if event.participants:
            parts.append("participants: " + ", ".join(event.participants))
        if event.when:
            parts.append(f"when: {event.when}")
    if event.role != "mention":
        doubt = " (uncertain)" if event.confidence < UNCERTAIN_BELOW else ""
        parts.append(f"how sure: {event.confidence:.0%}{doubt}")
    parts.append(f"placed at {event.place_name} ({event.kind}, {event.country_code or '?'})")
    if (note := placed_note(event.placed)) is not None:
        parts.append(note)
    return " · ".join(parts)


def outcome_line(outcome: service.FileOutcome) -> str:
    """One upload result as safe Markdown: file, result, and the article or the refusal's reason."""
    name = outcome.filename if outcome.item is None else f"{outcome.filename} (record {outcome.item + 1})"
    icon = {"added": ":material/check_circle:", "duplicate": ":material/content_copy:"}.get(
        outcome.status, ":material/block:"
    )
    head = f"{icon} **{md_text(name)}** · {outcome.status}"
    if outcome.status == "refused":
        return f"{head} ({md_text(outcome.code)}): {md_text(outcome.message)}"
    n = outcome.n_events
    events = f" · {n} event{'s' if n != 1 else ''}" if outcome.status == "added" else ""
    why = f" · {md_text(outcome.message)}" if outcome.message else ""
    return f"{head}{events}: {md_text(outcome.title)}{why}"


def status_label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def role_label(role: str) -> str:
    return {"diplomatic_post": "Diplomatic post", "meeting": "Meeting", "conflict": "Conflict area"}.get(
        role, "Mention"
    )


def country_label(code: str) -> str:
    name = country_name(code)
    return f"{name} ({code})" if name != code else code


def owner_label(code: str) -> str:
    """Whose post: a country, or "unknown" when the article did not say."""
    return "Owner not stated" if code == "unknown" else country_label(code)


def country_name(code: str) -> str:
    country = basemap.countries().get(code.upper())
    return country.name if country else code
