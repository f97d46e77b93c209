"""Publication dates: parse the date forms articles use, and find a dateline at the start of a text.

Only the opening of a text is searched for a dateline, so a date quoted in the body ("signed on
July 13, 2021") never becomes the article's publication date. Every pattern here runs on a short,
bounded string, so no input can make them slow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

DATELINE_WINDOW = 200  # characters from the start of a text in which a dateline may stand
MIN_YEAR, MAX_YEAR = 1800, 2100

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_PATTERN = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DATE_FORMS = (
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?",
    _WEEKDAY + MONTH_PATTERN + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})",
    _WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_PATTERN + r",?\s+(?P<y>\d{4})",
)
_DATE_RES = tuple(re.compile(form, re.IGNORECASE) for form in _DATE_FORMS)
_LABEL = r"(?:(?:dated|date|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?)\s*[:=\-–—]?\s*)"
_SEPARATOR = re.compile(r"[ \t]*(?:[-–—:|•·][ \t]*)?")
# A wire dateline: "CARACAS, March 4, 2024 - ...", "KABUL, Afghanistan, July 13, 2021 (Reuters) — ...".
# The place is in capitals, accented ones too ("SÃO PAULO", "BOGOTÁ"), with an optional region after
# a comma; the date is followed by an optional agency in brackets and a dash. The line stays in the
# text: its place is news too.
_CAPITALS = "".join(char for char in map(chr, range(0x250)) if char.isupper())  # Latin, A to Ɏ
_WIRE_PLACE = re.compile(
    rf"[{_CAPITALS}][{_CAPITALS}.'’\- ]{{1,40}}(?:,\s+[{_CAPITALS}](?:[^\W\d_]|[.'’\- ]){{1,40}}?)?,\s+"
)
_WIRE_END = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:[-–—]|_\s)")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A date found at the opening of a text; ``start``/``end`` delimit the words to strip."""

    published: date
    start: int
    end: int


def parse_date(value: str) -> date | None:
    """The date a metadata value states ("2021-07-13T08:00Z", "July 13, 2021", ...), or None."""
    value = value.strip()[:100]
    for pattern in _DATE_RES:
        match = pattern.match(value)
        if match and value[match.end() :].strip(" .,") == "":
            return _to_date(match)
    return None


def date_from_timestamp(seconds: float) -> date | None:
    """The UTC date of a Unix timestamp (seconds, or milliseconds if implausibly large)."""
    if abs(seconds) > 1e11:
        seconds /= 1000
    try:
        found = datetime.fromtimestamp(seconds, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return found if MIN_YEAR <= found.year <= MAX_YEAR else None


def find_dateline(text: str) -> Dateline | None:
    """A dateline opening the text, or standing alone on a line within its first 200 characters.

    A labelled date ("date 2021-07-13 In the wake of ...") may run straight into the text; an
    unlabelled one must be followed by a separator or a line break, so a sentence that merely
    begins with a date keeps it.
    """
    lines = text[:DATELINE_WINDOW].split("\n")
    if len(text) > DATELINE_WINDOW and len(lines) > 1:
        lines.pop()  # cut off by the window: it may go on after what looks like a lone date
    offset = 0
    for line in lines:
        found = _dateline_in_line(line, offset, opening=offset == 0)
        if found:
            return found
        offset += len(line) + 1
    return None


def _dateline_in_line(line: str, offset: int, *, opening: bool) -> Dateline | None:
    stripped = line.lstrip()
    lead = len(line) - len(stripped)
    wire = _wire_date(stripped)
    if wire:
        return Dateline(wire, offset + lead, offset + lead)  # nothing to strip
    label = re.match(_LABEL, stripped, re.IGNORECASE)
    rest = stripped[label.end() :] if label else stripped
    skip = label.end() if label else 0
    for pattern in _DATE_RES:
        match = pattern.match(rest)
        if not match:
            continue
        published = _to_date(match)
        tail = rest[match.end() :]
        gap = _SEPARATOR.match(tail)
        end = match.end() + (gap.end() if gap else 0)
        alone = tail.strip(" \t.,-–—:|") == ""
        runs_on = opening and (label is not None or (gap is not None and gap.group().strip() != ""))
        if published and (alone or runs_on):
            start = offset + lead
            return Dateline(published, start, start + skip + (len(rest) if alone else end))
    return None


def _wire_date(line: str) -> date | None:
    place = _WIRE_PLACE.match(line)
    if not place:
        return None
    rest = line[place.end() :]
    for pattern in _DATE_RES:
        match = pattern.match(rest)
        if match and _WIRE_END.match(rest, match.end()):
            return _to_date(match)
    return None


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month_name = groups.get("month")
    month = _MONTHS[month_name.lower()] if month_name else int(groups["m"])
    try:
        found = date(int(groups["y"]), month, int(groups["d"]))
    except ValueError:
        return None
    return found if MIN_YEAR <= found.year <= MAX_YEAR else None
