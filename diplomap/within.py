"""Places the gazetteer lacks, placed at the place the article puts them in.

Fighting reports name villages, bases, fields and islands that no packaged GeoNames extract holds:
"an Israeli strike in Maarakah, Tyre District, Lebanon", "the Sihan area of Qandala district in
Puntland", "missiles at the U.S. Al Udeid Air Base in Qatar", "Iran's Larak Island". Left unplaced,
their roles are lost from the map. Here such a name is shown at the most specific place the text
itself says it lies in (the next name of a comma chain, what follows "in", "near" or "area of", the
country of a possessive or an adjective just before it), keeping its own name, with a low
confidence and ``source="within:<that place>"``, which popups turn into "not in the gazetteer:
shown at <that place>". A name the text does not put anywhere stays unplaced.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace

from diplomap.geoparse import LocatedMention
from extraction.datelines import sentence_around
from extraction.recognize import NOT_PLACES, ORG_WORDS
from extraction.types import PlaceMention, Role, RoleReading
from geo.gazetteer import Gazetteer
from geo.types import Coordinates, GeoMatch, PlaceKind

WITHIN = "within:"
LISTED = "listed:"  # no place said to hold it: shown beside a place named in the same list
SEAT = "seat:"  # a district the extracts lack, drawn at the town it is named after
CONFIDENCE = 0.3
ASIDE_KM = 3.0  # drawn beside the place it is in, not on top of that place's own marker
UNTAGGED = "NAME"  # the label of a name found by untagged_names
_LITERAL = frozenset({"GPE", "LOC", "FAC", UNTAGGED})
_BROADER = frozenset({PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.DISTRICT, PlaceKind.AREA})
_ADMIN_WORD = re.compile(
    r"\b(?:district|governorate|province|region|county|prefecture|oblast|municipality)$", re.I
)
_CHAIN = re.compile(r"^\s*,\s*$")
_LIST = re.compile(r"^\s*(?:,\s*)?(?:and|or)\s+(?:the\s+)?$|^\s*,\s*(?:the\s+)?$")
_DIRECTION = (
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
)
# "in", "near", "area of", "military barracks near", "village in the", "suburb of": up to three
# words, then a word that puts a place inside (or beside) the next one.
_IN = re.compile(
    r"^\s*,?\s*(?:[a-z][a-z'-]*\s+){0,3}(?:in|near|outside|of|at)\s+(?:the\s+)?" + _DIRECTION + "$"
)
_POSSESSIVE = re.compile(r"^\s*['’]s\s+(?:the\s+)?$")
_BESIDE = re.compile(r"^\s+$")
_GENERIC = frozenset(
    """district governorate province region county prefecture oblast municipality state republic
    democratic strait gulf valley island islands area zone building""".split()
)


def place_within(
    text: str,
    located: Sequence[LocatedMention],
    people: Collection[str] = (),
    gazetteer: Gazetteer | None = None,
) -> list[LocatedMention]:
    """``located`` (in text order) with the unplaced names that the text puts inside a placed one
    placed there. Read from the end, so "Sihan area of Qandala district in Puntland" places Qandala
    district in Puntland, then Sihan there. ``people``: lower-cased words of the article's person
    names (a "Biden in Florida" tagged as a place is not one). A name the model left untagged that
    the gazetteer knows in the container's country ("control of Goma, North Kivu") is that place."""
    out = list(located)
    for i in range(len(out) - 1, -1, -1):
        lm = out[i]
        if lm.match is not None or not _unplaced_name(lm, people):
            continue
        seat = _district_seat(gazetteer, lm.mention.query) if gazetteer is not None else None
        if seat is not None:
            out[i] = replace(lm, match=seat)
            continue
        container, how = _after(text, out, i) or _before(text, out, i), WITHIN
        if container is None:
            container, how = _listed_with(text, out, i), LISTED
        if container is None and lm.mention.label in _MODEL_LITERAL and _facility_name(text, lm):
            container, how = _city_around(out, i), WITHIN
        if container is None and lm.mention.label in _MODEL_LITERAL:
            container, how = _country_around(out, i), WITHIN
        if container is None:
            continue
        known = _known_in(gazetteer, lm.mention.query, container) if gazetteer is not None else None
        out[i] = replace(lm, match=known or _placed_in(lm, container, how))
    return out


_MODEL_LITERAL = frozenset({"GPE", "LOC", "FAC"})
# The last word of a building's, a street's or a square's name: such a place is in a town, and a story
# names it in the town it is about ("the Westgate Shopping Mall", "Changan Avenue", "Dasman Palace").
FACILITY_HEADS = frozenset(
    """hotel palace mall cafe café hospital square avenue street road boulevard market bazaar terminus
    station compound mosque church cathedral temple shrine stadium university prison jail barracks
    secretariat hall tower towers bridge plaza gate residence villa mansion""".split()
)


_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")


def _facility_name(text: str, lm: LocatedMention) -> bool:
    """A building's name, its last word ("Dasman Palace") or the word after it ("the Movenpick hotel")
    saying what it is."""
    words = lm.mention.text.split()
    after = _NEXT_WORD.match(text, lm.mention.end)
    if after is not None and after[1] in FACILITY_HEADS:
        words = [*words, after[1]]
    return (
        lm.mention.label in ("FAC", "LOC", "GPE", UNTAGGED)
        and len(words) >= 2
        and words[-1].lower() in FACILITY_HEADS
        and words[0][:1].isupper()
    )


def _city_around(located: list[LocatedMention], i: int) -> GeoMatch | None:
    """The town a building or street is in when the text does not say: the town its sentence
    names, if one, else the town the story names most (a story tells of the town it is in), the
    nearest one before the building among equals."""

    def town(lm: LocatedMention) -> bool:
        g = lm.match
        return (
            g is not None
            and g.kind == PlaceKind.CITY
            and lm.mention.label not in ("ADJ", "EMB")
            and within_of(g) is None
        )

    sentence = located[i].mention.sentence.start
    here = [lm for lm in located if lm.mention.sentence.start == sentence and town(lm)]
    if len({lm.match.name for lm in here if lm.match is not None}) == 1:
        return here[0].match
    if here:
        return None  # two towns in its sentence: which one is not said
    counts = Counter(lm.match.name for lm in located if town(lm) and lm.match is not None)
    if not counts:
        return None
    top = max(counts.values())
    # the town the story names most; of several, the last named before the building
    return next(
        (
            lm.match
            for lm in [*reversed(located[:i]), *located[i:]]
            if town(lm) and lm.match is not None and counts[lm.match.name] == top
        ),
        None,
    )


def _country_around(located: list[LocatedMention], i: int) -> GeoMatch | None:
    """A place the model tagged that the text puts nowhere ("Colombia's army and rebels fight
    across the Catatumbo region"): the one country its sentence names, if it names just one (for
    its role on the map; unplaced again if it has none)."""
    sentence = located[i].mention.sentence
    here = {
        lm.match.country_code: lm.match
        for lm in located
        if lm.match is not None
        and lm.match.kind == PlaceKind.COUNTRY
        and lm.mention.label not in ("ADJ", "EMB")
        and lm.mention.sentence.start == sentence.start
    }
    if len(here) == 1:
        return next(iter(here.values()))
    return None


def _listed_with(text: str, located: list[LocatedMention], i: int) -> GeoMatch | None:
    """'attacks on the towns of Aguelhok, Anéfis, Gao, and Sévaré': the nearest town of the same
    list that the gazetteer knows, when every such town of the list is in one country."""
    siblings: list[tuple[int, GeoMatch]] = []
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(located) and abs(j + step - i) <= 8:
            a, b = (located[j + step], located[j]) if step < 0 else (located[j], located[j + step])
            gap = text[a.mention.end : b.mention.start]
            if "\n" in gap or not _LIST.match(gap):
                break
            j += step
            g = located[j].match
            if g is not None and located[j].mention.label not in ("ADJ", "EMB") and approximate(g) is None:
                siblings.append((abs(j - i), g))
    towns = [(d, g) for d, g in siblings if g.kind in (PlaceKind.CITY, PlaceKind.DISTRICT)]
    if not towns or len({g.country_code for _d, g in towns}) != 1:
        return None
    return min(towns, key=lambda t: t[0])[1]


_SEAT_NAMED = re.compile(r"^(?P<town>.+?)\s+(?:district|governorate|province|territory)$", re.I)


def _district_seat(gazetteer: Gazetteer, name: str) -> GeoMatch | None:
    """'Tyre District', which no packaged extract holds: the district is drawn at the town it is
    named after (a district, for the map and for the places the text puts inside it)."""
    found = _SEAT_NAMED.match(name)
    rows = gazetteer.candidates(found["town"]) if found else []
    towns = [r for r in rows if gazetteer.match(r).kind == PlaceKind.CITY]
    if not towns:
        return None
    town = gazetteer.match(max(towns, key=gazetteer.static_score), confidence=0.5)
    return replace(town, name=name, kind=PlaceKind.DISTRICT, geonameid=None, source=SEAT + town.name)


def _known_in(gazetteer: Gazetteer, name: str, container: GeoMatch) -> GeoMatch | None:
    rows = [r for r in gazetteer.candidates(name) if gazetteer.country(r) == container.country_code]
    if not rows:
        return None
    return gazetteer.match(max(rows, key=gazetteer.static_score), confidence=0.6)


# A name the model did not tag: capitalised words (Arabic articles and "of" may join them), after a
# word that puts a place next ("in", "near", "the village of") or after another place of a list.
_NAME = re.compile(
    r"(?<![\w'’-])(?:(?:al|el|ad|an|ar|as|ash|at|az|ed|ez)-)?[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*"
    r"(?:\s(?:(?:al|el|ad|an|ar|as|ash|at|az|ed|ez|de|del|da|di|du|la|le|bin|ibn|abu|bani|beni)"
    r"(?:-[A-Z][\w'’]*)?(?![\w'’])"  # a whole word: not the "ar" of "the Kurdish areas"
    r"|[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*))*"
)
_LEAD = re.compile(
    r"\b(?:in|at|near|over|from|on|into|across|outside|around|towards?|of)\s+(?:the\s+)?"
    r"(?:(?:town|village|city|district|area|camp|region|province|suburb|island|port|base|enclave)s?\s+of\s+)?$"
)
_FACILITY_ORG_WORDS = frozenset({"airport", "station", "hotel"})
_ARTICLE_NAME = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|ed|ez)-[A-Z]")
_ADJECTIVE_ENDINGS = ("ish", "ese", "ian", "ean", "ern", "ic", "ist")
_LIST_LEAD = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")


# (not "king": "King Faisal Air Base")
_PERSON_TITLES = frozenset("vice president minister secretary ambassador".split())


def untagged_names(text: str, located: Sequence[LocatedMention]) -> list[LocatedMention]:
    """``located`` with the names the model left untagged where the text reads as a place list or
    a place phrase ("in Majdal Zoun, Lebanon", "Ad-Doueir, Tibnin, Burj el-Shamali, and Shebaa in
    southern Lebanon"), each unplaced; place_within places those the text puts somewhere, and
    the rest are dropped again (``keep_placed``)."""
    taken = [(lm.mention.start, lm.mention.end) for lm in located]
    added: list[LocatedMention] = []
    for m in _NAME.finditer(text):
        start, end = m.start(), m.end()
        name = m[0]
        if any(a < end and start < b for a, b in taken):
            continue
        before = text[max(0, start - 40) : start]
        listed = not _LEAD.search(before)
        if listed and _town_then_country(text, end, located) is None and not _facility_in(text, m, located):
            prev = max((b for a, b in taken if b <= start), default=-1)
            if prev < 0 or not _LIST_LEAD.fullmatch(text[prev:start]):
                continue
        words = [w.lower() for w in re.findall(r"[\w'’-]+", name)]
        if name.endswith(("'s", "’s")):
            continue  # "Soleimani's hometown", "Soleimani's killing": a person's, when no gazetteer knows it
        if _TITLED.search(before) or words[0] in _PORTFOLIOS:
            continue  # "Minister of Defence Sergey Shoyu in Hanoi": a titled person, not a venue in Hanoi
        if (
            # (a person's name is no guard here: the model calls "Bandar Mahshahr" and "Burj
            # el-Shamali" people; only a place the text puts it in keeps such a name)
            # "Larak Island", "Sheikh Isa Air Base" may end in a common word; "Island of X",
            # "March", "University Hospital" may not start with one
            words[0] in NOT_PLACES
            or words[0] in _GENERIC
            or any(w in ORG_WORDS or w in _PERSON_TITLES for w in words)  # "Vice President Dan Quayle"
            or all(w in NOT_PLACES or w in _GENERIC for w in words)
            or len(name) < 4
            or (name.isupper() and len(name) <= 5)
            or (len(words) == 1 and name.lower().endswith(_ADJECTIVE_ENDINGS))  # "attacks on Jewish sites"
            or re.search(r"-[a-z]+$", name) is not None  # "the Druze-majority city of X", "Kurdish-led"
        ):
            continue
        added.append(LocatedMention(_untagged(text, start, end), None))
        taken.append((start, end))
    return _with_added(located, added)


# A title just before a name makes it a person's: "President X", "Minister of Defence X".
_TITLED = re.compile(
    r"\b(?:Minister|Secretary|President|Premier|Ambassador|Envoy|General|Prince|King|Queen)(?:\s+of)?\s+$"
)
_PORTFOLIOS = frozenset({"defence", "defense", "foreign", "interior", "finance"})


def _untagged(text: str, start: int, end: int) -> PlaceMention:
    name = text[start:end]
    return PlaceMention(
        text=name,
        start=start,
        end=end,
        label=UNTAGGED,
        sentence=sentence_around(text, start, end),
        query=name,
    )


def _with_added(located: Sequence[LocatedMention], added: list[LocatedMention]) -> list[LocatedMention]:
    if not added:
        return list(located)
    return sorted([*located, *added], key=lambda lm: lm.mention.start)


# "Ramat Gan in central Israel", "Tessalit, Kidal Region": a name followed by the place it is in.
_TRAILED = re.compile(r"\s+in\s+(?:the\s+)?" + _DIRECTION + r"|\s*,\s+")


def known_before_container(
    text: str, located: Sequence[LocatedMention], gazetteer: Gazetteer
) -> list[LocatedMention]:
    """``located`` with the names the model left out (or called a person or a firm) that the text
    follows with the country or region they are in, when the gazetteer has that name in that
    country: "An Iranian missile strikes Ramat Gan in central Israel"."""
    taken = [(lm.mention.start, lm.mention.end) for lm in located]
    starts = {lm.mention.start: lm for lm in located}
    added: list[LocatedMention] = []
    for m in _NAME.finditer(text):
        start, end = m.start(), m.end()
        if any(a < end and start < b for a, b in taken):
            continue
        trail = _TRAILED.match(text, end)
        nxt = starts.get(trail.end()) if trail else None
        if nxt is None or nxt.match is None or nxt.mention.label in ("ADJ", "EMB"):
            continue
        container = nxt.match
        if container.kind not in (PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.AREA, PlaceKind.DISTRICT):
            continue
        name = m[0]
        words = [w.lower() for w in re.findall(r"[\w'’-]+", name)]
        if (
            len(name) < 4
            or name.isupper()
            or words[0] in NOT_PLACES
            or words[0] in _GENERIC
            or any(w in ORG_WORDS or w in _PERSON_TITLES for w in words)  # "Vice President Dan Quayle"
        ):
            continue
        known = _known_in(gazetteer, name, container)
        if known is None:
            continue
        added.append(LocatedMention(_untagged(text, start, end), known))
        taken.append((start, end))
    return _with_added(located, added)


def _town_then_country(
    text: str, end: int, located: Sequence[LocatedMention]
) -> tuple[LocatedMention, LocatedMention] | None:
    """The town and the country of a ', Town, Country' chain starting at ``end``, if there is one:
    'an evacuation order for Dahieh, Beirut, Lebanon' puts a name in that town, whatever the model
    called it."""
    starts = {lm.mention.start: lm for lm in located}
    first = _CHAIN_AT.match(text, end)
    town = starts.get(first.end()) if first else None
    if town is None or town.match is None or town.match.kind != PlaceKind.CITY:
        return None
    second = _CHAIN_AT.match(text, town.mention.end)
    country = starts.get(second.end()) if second else None
    if (
        country is None
        or country.match is None
        or country.match.kind not in (PlaceKind.COUNTRY, PlaceKind.REGION)
    ):
        return None
    if country.match.country_code != town.match.country_code:
        return None
    return town, country


_CHAIN_AT = re.compile(r"\s*,\s+")
# "the Sheikh Isa Air Base in Bahrain", "an oil refinery on Lavan Island": a name ending in what
# a base, field or island is called, said to lie in a place the text names, is that facility.
_FACILITY_END = re.compile(
    r"\s(?:Air\s?[Bb]ase|Airbase|Airfield|Naval\s[Bb]ase|Military\s[Bb]ase|Port|Oil\s[Ff]ield|Gas\s[Ff]ield|"
    r"Refinery|Island|Islands|Castle|Bridge|Checkpoint|Crossing|Dam|Camp)$"
)
_IN_NAMED = re.compile(r"\s+(?:in|near|on|off)\s+(?:the\s+)?")


def _facility_in(text: str, name: re.Match[str], located: Sequence[LocatedMention]) -> bool:
    if not _FACILITY_END.search(name[0]):
        return False
    lead = _IN_NAMED.match(text, name.end())
    return lead is not None and any(lm.mention.start == lead.end() and lm.match is not None for lm in located)


def without_unplaced_untagged(
    located: Sequence[LocatedMention], roles: Sequence[Sequence[RoleReading]]
) -> tuple[list[LocatedMention], list[list[RoleReading]]]:
    """The untagged names that ended with no place (and so no role on the map), taken out."""
    kept = [k for k, lm in enumerate(located) if lm.match is not None or lm.mention.label != UNTAGGED]
    return [located[k] for k in kept], [list(roles[k]) for k in kept]


def keep_placed(located: Sequence[LocatedMention]) -> list[LocatedMention]:
    """The names untagged_names added that stayed unplaced, taken out again."""
    return [lm for lm in located if lm.match is not None or lm.mention.label != UNTAGGED]


def within_of(match: GeoMatch) -> str | None:
    """The place an approximately placed name is shown at, or None for a place of the gazetteer."""
    for prefix in (WITHIN, LISTED, SEAT):
        if match.source.startswith(prefix):
            return match.source[len(prefix) :]
    return None


def approximate(match: GeoMatch) -> str | None:
    """How an approximately placed name was placed ("within:Tyre District", "listed:Gao"), or None."""
    return match.source if within_of(match) is not None else None


def unplaced_without_role(
    located: Sequence[LocatedMention], roles: Sequence[Sequence[RoleReading]]
) -> list[LocatedMention]:
    """Such a name is on the map for its role only: with none it is unplaced again (a name the
    gazetteer lacks and no role needs is as often a person or a firm as a village)."""
    return [
        replace(lm, match=None)
        if lm.match is not None
        and within_of(lm.match) is not None
        and all(r.role == Role.MENTION for r in readings)
        else lm
        for lm, readings in zip(located, roles, strict=True)
    ]


def _unplaced_name(lm: LocatedMention, people: Collection[str]) -> bool:
    m = lm.mention
    name = m.text.removeprefix("the ").strip()
    words = [w.lower() for w in re.findall(r"[\w'’-]+", name)]
    return (
        m.label in _LITERAL
        and len(name) >= 3
        and (name[0].isupper() or _ARTICLE_NAME.match(name) is not None)  # "al-Hawsh"
        and not (name.isupper() and len(name) <= 5)  # ISIS, IRGC, SDF tagged as places
        and not any(c.isdigit() for c in name)
        and bool(words)
        # a piece of a longer name ("Democratic Republic", "Governorate", "District of Sagaing")
        and not all(w in NOT_PLACES or w in _GENERIC or w == "of" for w in words)
        and words[0] not in _GENERIC
        # "Persian Gulf Strait Authority"; but "Zayed International Airport" is a place to strike
        and not any(
            w in ORG_WORDS
            and not (m.label == "FAC" and (w in _FACILITY_ORG_WORDS or words[-1] in FACILITY_HEADS))
            for w in words
        )
        # bases named after people; untagged names were judged by untagged_names
        and (m.label in ("FAC", UNTAGGED) or not any(w in people for w in words))
    )


def _after(text: str, located: list[LocatedMention], i: int) -> GeoMatch | None:
    """The place a comma chain or "in"/"near"/"area of" after the name (across a list of such
    names: "Ad-Doueir, Tibnin, Burj el-Shamali, and Shebaa in southern Lebanon") puts it in."""
    end = located[i].mention.end
    for j in range(i + 1, min(i + 8, len(located))):
        nxt = located[j]
        gap = text[end : nxt.mention.start]
        if "\n" in gap or len(gap) > 40:
            return None
        g = nxt.match
        usable = g is not None and nxt.mention.label not in ("ADJ", "EMB")
        if _CHAIN.match(gap) and usable and g.kind in _BROADER:  # type: ignore[union-attr]
            return g
        if _CHAIN.match(gap) and usable and _town_then_country(text, end, located) is not None:
            return g  # "Dahieh, Beirut, Lebanon": in that town
        if _IN.match(gap):
            return g if usable else None
        if not _LIST.match(gap):
            return None
        end = nxt.mention.end  # another name of the list: look past it
    return None


def _before(text: str, located: list[LocatedMention], i: int) -> GeoMatch | None:
    """ "Iran's Larak Island", "the Iranian South Pars gas field": the country just before; "the West
    Darfur town of Kulbus": the region or country before the place noun."""
    first = i  # "the Georgian-controlled villages of Nuli and Avnevi": the list's first name
    while (
        first > 0
        and located[first - 1].match is None
        and _LIST.match(text[located[first - 1].mention.end : located[first].mention.start])
    ):
        first -= 1
    if first == 0:
        return None
    prev = located[first - 1]
    g = prev.match
    if g is None or prev.mention.label == "EMB":
        return None
    if g.kind in (PlaceKind.COUNTRY, PlaceKind.REGION) and _HOLDER_NOUN_OF.match(
        text[prev.mention.end : located[first].mention.start]
    ):
        return g  # "the West Darfur town of Kulbus", "the Syrian village of X"
    if first != i:
        return None
    m = located[i].mention
    gap = text[prev.mention.end : m.start]
    if g.kind != PlaceKind.COUNTRY:
        return None
    if _POSSESSIVE.match(gap) or (prev.mention.label == "ADJ" and _BESIDE.match(gap)):
        return g
    return None


# "the West Darfur town of X": a region or a country, a place noun, "of", the name.
# "the Georgian-controlled village of X", "the Syrian towns of X and Y" too.
_HOLDER_NOUN_OF = re.compile(
    r"^(?:-(?:controlled|held|occupied|administered|run)\s+|\s+)"
    r"(?:town|village|city|district|area|region|province|camp)s?\s+of\s+$"
)


def _beside(point: Coordinates, name: str) -> Coordinates:
    """A point ASIDE_KM from ``point``, in a direction fixed by the name (the same every reading)."""
    angle = (zlib.crc32(name.casefold().encode()) % 360) * math.pi / 180
    dlat = ASIDE_KM / 111.0 * math.sin(angle)
    dlon = ASIDE_KM / 111.0 * math.cos(angle) / max(math.cos(math.radians(point.lat)), 0.2)
    return Coordinates(max(-90.0, min(90.0, point.lat + dlat)), (point.lon + dlon + 180.0) % 360.0 - 180.0)


def _placed_in(lm: LocatedMention, container: GeoMatch, how: str = WITHIN) -> GeoMatch:
    name = lm.mention.text.removeprefix("the ").strip()
    return GeoMatch(
        name=name,
        coordinates=_beside(container.coordinates, name),
        geonameid=None,
        country_code=container.country_code,
        kind=PlaceKind.DISTRICT if _ADMIN_WORD.search(name) else PlaceKind.CITY,
        admin1=container.admin1,
        source=how + container.name,
        confidence=min(CONFIDENCE, container.confidence),
    )


_HELD_IN = re.compile(r"^\s*(?:[a-z]+\s+){0,2},?\s*(?:in|at|on|near)\s+(?:the\s+)?$")


def rooms_share_roles(
    text: str, located: Sequence[LocatedMention], roles: Sequence[Sequence[RoleReading]]
) -> list[list[RoleReading]]:
    """A building the text puts in a town ("talks at the Movenpick hotel in Sanaa", "a session at
    the Beau-Rivage Palace hotel in Lausanne, where the delegations met") is where the town's
    meeting or fighting of that sentence happens: the guide's most specific venue. It takes the
    town's role of that sentence when no rule gave it one."""
    out = [list(r) for r in roles]
    for i, lm in enumerate(located):
        if lm.match is None or not _facility_name(text, lm) or any(r.role != Role.MENTION for r in out[i]):
            continue
        if i + 1 >= len(located) or not _HELD_IN.match(text[lm.mention.end : located[i + 1].mention.start]):
            continue
        town = located[i + 1]
        shared = [
            replace(r, confidence=min(r.confidence, 0.5))
            for r in out[i + 1]
            if r.role in (Role.MEETING, Role.CONFLICT)
            and r.evidence.start <= lm.mention.start < r.evidence.end
        ]
        if town.match is not None and shared:
            out[i] = shared
    return out
