"""Wire datelines name where a story happens: "BRUSSELS, March 5 - ...", "LA PAZ -",
"KABUL (Reuters) -", "Caracas, March 4, 2024 -", "BEIRUT, Lebanon (AP) _". The place becomes a
mention of its own, and "the embassy here" / "talks here" later in the story refer to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extraction.dates import DATELINE_WINDOW, MONTH_PATTERN
from extraction.types import PlaceMention, Span

_CAPS = "".join(c for c in map(chr, range(0x250)) if c.isupper())
_DATE = rf"(?i:{MONTH_PATTERN})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
_NOT_DATE = r"(?!(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)"
_AGENCY = r"\((?:[A-Z][\w.&' -]{0,30})\)"
_DASH = r"(?:\s*(?:[-–—]{1,2}|:)\s|\s+_\s)"  # "_": the dash of AP's wire copy of the 1980s
# Upper-case place: a dash, an agency or a date may follow.
_UPPER = re.compile(
    rf"(?P<place>[{_CAPS}][{_CAPS}.'’\- ]{{1,38}}[{_CAPS}.])"
    rf"(?:,\s+{_NOT_DATE}(?P<region>[{_CAPS}][\w.'’ -]{{1,30}}?))?(?:,\s+{_DATE})?\s*(?:{_AGENCY})?{_DASH}"
)
# Mixed-case place: only with a date or an agency, so "Kenya - the..." in a sentence is no dateline.
_MIXED = re.compile(
    rf"(?P<place>[A-Z][a-zà-ÿ'’.-]+(?:\s+[A-Z][a-zà-ÿ'’.-]+){{0,2}})"
    rf"(?:,\s+{_NOT_DATE}(?P<region>[A-Z][\w.'’ -]{{1,30}}?))?"
    rf"(?:(?:,\s+{_DATE})\s*(?:{_AGENCY})?|\s*(?:\((?P<aside>[A-Z][\w.'’ -]{{1,30}})\)\s*)?{_AGENCY}){_DASH}"
)  # "Lausanne (Switzerland) (AFP) -": the country in brackets before the agency
# Where "here" means the dateline city: after a post, a meeting or a fight.
_HERE = re.compile(
    r"\b(?:embassy|embassies|consulate|consulates|mission|talks|summit|meeting|meetings|conference|met|meet"
    r"|arrived|arrives|arriving|flew|flying|visit|visited|visiting|fighting|clashes|attack|attacks"
    r"|shelling|bombing|bombings|explosion|blast|battle|raid|ceasefire|negotiations)"
    r"(?:\s+\w+){0,2}?\s+(?P<here>here)\b"
    r"|\b(?:hosted|hosts|hosting|received|welcomed)(?:\s+[\w.']+){1,5}?\s+(?P<guest>here)\b",
    re.I,
)


# A country's post named with no place ("the Soviet Embassy said ..."): in a datelined story, the
# dateline city (the guide: "the embassy" in a story set in Kabul is in Kabul). Not "Embassy in X",
# "Embassy here" (read above), "Embassy Tokyo", nor embassies in general.
_BARE_POST = re.compile(
    r"\b(?P<owner>U\.S\.|U\.K\.|(?!The\b)[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:'s)?\s+"
    r"(?P<post>[Ee]mbassy|[Cc]onsulate|High Commission|high commission)\b"
    r"(?!\s*(?:in|at|to|of|there|[Gg]eneral|-)\b)(?!\s+[A-Z])(?!(?:\s+\w+){0,2}\s+here\b)"
)

# "Belgium said it had closed its embassy", "Germany would cut staff at the embassy": a post its
# owner's pronoun, or "the", names with no place after it (its owner then named before it).
_OWN_POST = re.compile(
    r"\b(?:its|their|the)\s+(?P<post>[Ee]mbass(?:y|ies)|[Cc]onsulates?)\b"
    r"(?!\s*(?:in|at|of|there|[Gg]eneral|-)\b)(?!\s+to\s+(?:the\s+)?[A-Z])(?!\s+[A-Z])"
    r"(?!(?:\s+\w+){0,2}\s+here\b)"
)
_OWNER = re.compile(r"\b(?:U\.S\.|U\.K\.|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")


@dataclass(frozen=True, slots=True)
class DatelinePlace:
    text: str
    start: int
    end: int
    region: str | None  # "Afghanistan" in "KABUL, Afghanistan, July 13"
    header_end: int  # where the header ends, after its dash: the story's first word


def find_dateline_place(text: str) -> DatelinePlace | None:
    """The place of a dateline at the start of the text or of one of its first lines."""
    offset = 0
    for line in text[:DATELINE_WINDOW].split("\n")[:4]:
        stripped = line.lstrip()
        lead = offset + len(line) - len(stripped)
        for pattern in (_UPPER, _MIXED):
            m = pattern.match(stripped)
            if m and not m["place"].isdigit():
                place = m["place"].rstrip(" .")
                start = lead + m.start("place")
                region = m["region"] or m.groupdict().get("aside")
                return DatelinePlace(place, start, start + len(place), region, lead + m.end())
        offset += len(line) + 1
    return None


def dateline_mentions(text: str, place: DatelinePlace, query: str, country: str | None) -> list[PlaceMention]:
    """The dateline's place, and each "here" that stands for it, as mentions."""
    out = [
        PlaceMention(
            text=place.text,
            start=place.start,
            end=place.end,
            label="GAZ",
            sentence=sentence_around(text, place.start, place.end),
            query=query,
            country_hint=country,
        )
    ]
    for m in _HERE.finditer(text, place.end):
        group = "here" if m.start("here") >= 0 else "guest"
        out.append(
            PlaceMention(
                text="here",
                start=m.start(group),
                end=m.end(group),
                label="DESC",
                sentence=sentence_around(text, m.start(group), m.end(group)),
                query=query,
                country_hint=country,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class BarePost:
    """A post after the dateline named by its owner alone ("the Soviet Embassy"), or by the owner's
    pronoun ("its embassy"; ``owners`` are then the names before it in its sentence, one of which
    is the owner)."""

    start: int
    end: int
    owners: tuple[str, ...]
    by_pronoun: bool = False


def bare_posts(text: str, place: DatelinePlace) -> list[BarePost]:
    out = [
        BarePost(m.start("post"), m.end("post"), (m["owner"],))
        for m in _BARE_POST.finditer(text, place.header_end)
    ]
    for m in _OWN_POST.finditer(text, place.header_end):
        before = text[max(sentence_around(text, m.start(), m.end()).start, place.header_end) : m.start()]
        out.append(BarePost(m.start("post"), m.end("post"), tuple(_OWNER.findall(before)), by_pronoun=True))
    return sorted(out, key=lambda p: p.start)


def sentence_around(text: str, start: int, end: int) -> Span:
    """The sentence-like stretch around text[start:end], for mentions found without the parser. A
    full stop of an abbreviation ("The U.S. Embassy here", "Gen. Mladic") ends no sentence."""
    left = start
    while True:
        left = max(text.rfind(". ", 0, left), text.rfind("\n", 0, left))
        if left < 0 or text[left] == "\n" or not _ABBREVIATION.search(text, 0, left + 1):
            break
    left = 0 if left < 0 else left + 1
    while left < start and text[left].isspace():
        left += 1
    right = end
    while True:
        ends = [i for i in (text.find(". ", right), text.find("\n", right)) if i >= 0]
        right = min(ends) if ends else len(text)
        if right >= len(text) or text[right] == "\n" or not _ABBREVIATION.search(text, 0, right + 1):
            break
        right += 1
    right = right + 1 if right < len(text) else len(text)
    return Span(left, right, text[left:right])


# A stop that ends an abbreviation, not a sentence: "U.S.", "U.N.", "Gen.", "Lt.", "Mr.", "Sept."
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){2,}|\b(?:Gen|Lt|Col|Maj|Capt|Sgt|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Jan|Feb|Aug|Sept|Oct|Nov"
    r"|Dec|No|Vol)\.)$"
)
