"""Resolve the date words of a sentence against the article's date ("on Tuesday", "tomorrow",
"last month", "in 2001", "July 13, 2021") into a value with its precision."""

from __future__ import annotations

import re
from datetime import date, timedelta

from extraction.types import When

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_RE = "|".join(MONTHS) + "|" + "|".join(m[:3] + r"\.?" for m in MONTHS)
_FULL_DATE = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\s+(\d{{4}})\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})\b(?!,?\s*\d{{4}})", re.I)
_YEAR = re.compile(r"\b(?:in|since|of|by)\s+((?:19|20)\d{2})\b", re.I)
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+|this\s+|next\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = {
    "today": 0,
    "tonight": 0,
    "earlier in the day": 0,
    "this morning": 0,
    "this afternoon": 0,
    "tomorrow": 1,
    "yesterday": -1,
    "the day before": -1,
}


def _month_number(word: str) -> int:
    return [m[:3] for m in MONTHS].index(word.lower().rstrip(".")[:3]) + 1


def resolve_when(sentence: str, published: date | None) -> When | None:
    """The first date the sentence names, resolved against ``published``; None if it names none."""
    for finder in (_absolute, _relative):
        found = finder(sentence, published)
        if found is not None:
            return found
    return None


def _absolute(s: str, published: date | None) -> When | None:
    if m := _ISO.search(s):
        return _day(date(int(m[1]), int(m[2]), int(m[3])), m[0])
    if m := _FULL_DATE.search(s):
        return _day(date(int(m[3]), _month_number(m[1]), int(m[2])), m[0])
    if m := _DAY_MONTH.search(s):
        return _day(date(int(m[3]), _month_number(m[2]), int(m[1])), m[0])
    if m := _MONTH_YEAR.search(s):
        return When(f"{int(m[2]):04d}-{_month_number(m[1]):02d}", "month", m[0])
    if (m := _MONTH_DAY.search(s)) and published is not None:
        return _day(date(published.year, _month_number(m[1]), int(m[2])), m[0])
    if m := _YEAR.search(s):
        return When(m[1], "year", m[0])
    return None


def _relative(s: str, published: date | None) -> When | None:
    if published is None:
        return None
    low = s.lower()
    for phrase, delta in _RELATIVE.items():
        if re.search(rf"\b{phrase}\b", low):
            return When((published + timedelta(days=delta)).isoformat(), "day", phrase)
    if m := re.search(r"\blast (week|month|year)\b|\bnext (week|month|year)\b", low):
        return _period(m, published)
    if m := _WEEKDAY.search(s):
        return _weekday(m[0], m[1], published)
    return None


def _period(m: re.Match[str], published: date) -> When:
    unit, sign = (m[1], -1) if m[1] else (m[2], 1)
    if unit == "week":
        return When((published + timedelta(days=7 * sign)).isoformat(), "week", m[0])
    if unit == "month":
        month = published.month + sign
        year = published.year + (month - 1) // 12
        return When(f"{year:04d}-{(month - 1) % 12 + 1:02d}", "month", m[0])
    return When(f"{published.year + sign:04d}", "year", m[0])


def _weekday(text: str, name: str, published: date) -> When:
    """'on Tuesday' is the most recent such day (the article's own day counts); 'next
    Tuesday' is the coming one."""
    target = WEEKDAYS.index(name.lower())
    back = (published.weekday() - target) % 7
    if text.lower().startswith("next"):
        day = published + timedelta(days=(target - published.weekday()) % 7 or 7)
    else:
        day = published - timedelta(days=back)
    return When(day.isoformat(), "day", text)


def _day(d: date, text: str) -> When:
    return When(d.isoformat(), "day", text)
