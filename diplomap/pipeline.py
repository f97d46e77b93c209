"""Article in, located diplomatic events out: geoparse, vague areas, roles, PlaceEvents."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from diplomap.events import PlaceEvent
from diplomap.geoparse import REFERENCE, Geoparser, LocatedMention, ParsedText
from diplomap.within import (
    approximate,
    keep_placed,
    known_before_container,
    place_within,
    rooms_share_roles,
    unplaced_without_role,
    untagged_names,
    without_unplaced_untagged,
)
from extraction.datelines import sentence_around
from extraction.role_features import PlaceGroup
from extraction.role_model import RoleModel
from extraction.roles import ARMED_WORDS, classify_roles, measured_from
from extraction.types import Article, PlaceMention, Role, RoleReading
from geo.gazetteer import Gazetteer
from geo.gazetteer_build import normalize_name
from geo.types import Coordinates, GeoMatch, PlaceKind

NON_LITERAL = frozenset({"ADJ", "EMB"})  # adjectives and names inside organisations: context, not map points
DEMONYM_PLACE = "DEM"  # an adjective that stands for its country's ground: "in Kuwaiti airspace"
# "in Kuwaiti airspace", "US troops in Iraqi military bases", "into Pakistani territory", "strikes on
# Iranian nuclear facilities"
_GROUND_BEFORE = re.compile(r"\b(?:in|into|over|across|inside|within|on|at|against)\s+(?:the\s+)?$", re.I)
_GROUND_AFTER = re.compile(
    r"^\s+(?:(?:military|army|air|naval|border|nuclear|energy|oil|gas|civilian|power)\s+)?"
    r"(?:airspace|territory|territorial\s+waters|waters|soil|bases?|positions?|outposts?|"
    r"border\s+(?:areas?|towns?|villages?)|facilit(?:y|ies)|sites|cities|towns|villages|infrastructure|"
    r"refiner(?:y|ies)|airports|ports)\b",
    re.I,
)
# "The Kuwaiti military intercepts two ballistic missiles": the country under attack defends itself.
_DEFENDER_AFTER = re.compile(
    r"^\s+(?:military|army|armed\s+forces|air\s+defen[cs]es?|defen[cs]e\s+(?:force|forces|ministry)|"
    r"national\s+guard|navy|air\s+force|government)\b",
    re.I,
)
_STRUCK_BEFORE = re.compile(
    r"\b(?:down|intercepts?|intercepted|destroys?|destroyed|hits?|struck|strikes?|targets?|targeted)\s+"
    r"(?:an?\s+|the\s+|two\s+|three\s+)?$",
    re.I,
)
_DEFENDED = re.compile(
    r"\b(?:intercept\w*|repel\w*|shoots?\s+down|shot\s+down|downs|downed|responds?\s+to|"
    r"(?:was|were|been)\s+(?:injured|wounded|killed|hit|struck|targeted)|"
    r"(?:targeted|hit|struck|attacked)\s+(?:\w+\s+){0,3}?(?:its|their)\b)",
    re.I,
)
_DIRECTIONS = {
    "north": (1, 0),
    "south": (-1, 0),
    "east": (0, 1),
    "west": (0, -1),
    "northeast": (0.7, 0.7),
    "northwest": (0.7, -0.7),
    "southeast": (-0.7, 0.7),
    "southwest": (-0.7, -0.7),
}
_VAGUE = re.compile(
    r"\b(?:the\s+)?(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
    r"(?:\s+(?:part|parts|region|regions|areas?|provinces?))?\s+of\s+the\s+country\b",
    re.I,
)
Override = Callable[[str, str | None], GeoMatch | None]


@dataclass(frozen=True, slots=True)
class ArticleReading:
    located: tuple[LocatedMention, ...]
    roles: tuple[tuple[RoleReading, ...], ...]  # parallel to located


_SHIPPED = object()


class Pipeline:
    def __init__(
        self,
        nlp: Language,
        gazetteer: Gazetteer,
        *,
        override: Override | None = None,
        role_model: RoleModel | object | None = _SHIPPED,
    ) -> None:
        """``role_model``: the learned role reader over the rules (default: the active model);
        None reads roles with the rules alone."""
        self.geoparser = Geoparser(nlp, gazetteer)
        self.gazetteer = gazetteer
        self.override = override
        self.role_model: RoleModel | None = (
            RoleModel.load() if role_model is _SHIPPED else role_model  # type: ignore[assignment]
        )

    def read_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, ArticleReading]]:
        pending: list[Article] = []

        def texts() -> Iterator[str]:
            for article in articles:
                pending.append(article)
                yield article.text

        for parsed in self.geoparser.parse_many(texts()):
            article = pending.pop(0)
            yield article, self.read_parsed(article, parsed)

    def read(self, article: Article) -> ArticleReading:
        return next(self.read_many([article]))[1]

    def events(self, article: Article, article_id: int = 0) -> list[PlaceEvent]:
        return to_events(self.read(article), article, article_id, self.gazetteer)

    def read_parsed(self, article: Article, parsed: ParsedText) -> ArticleReading:
        located = [
            _directional(parsed.text, self._apply_override(lm), self.gazetteer) for lm in parsed.located
        ]
        located = sorted(
            located + _vague_areas(parsed.text, located, self.gazetteer), key=lambda lm: lm.mention.start
        )
        people = {t.lower_ for _o, doc in parsed.docs for e in doc.ents if e.label_ == "PERSON" for t in e}
        located = keep_placed(
            place_within(parsed.text, untagged_names(parsed.text, located), people, self.gazetteer)
        )
        located = known_before_container(parsed.text, located, self.gazetteer)
        located = [_standing_demonym(parsed.text, lm) for lm in located]
        located = with_the_country(parsed.text, located)
        countries = [
            lm.match.country_code if lm.match and lm.match.kind == PlaceKind.COUNTRY else None
            for lm in located
        ]
        mentions = [lm.mention for lm in located]
        homes = [lm.match.country_code if lm.match else None for lm in located]
        roles = classify_roles(mentions, parsed.docs, article.published, countries, homes)
        roles = with_model(self.role_model, parsed.text, located, parsed.docs, roles)
        roles = rooms_share_roles(parsed.text, located, roles)
        located = _posts_abroad(located, roles, self.gazetteer)
        if self.role_model is not None:
            # A name placed only by where the text puts it is on the map for its role; without a
            # model (reading for training or scoring) every such place stays for the model to judge.
            located = unplaced_without_role(located, roles)
        located, roles = without_unplaced_untagged(located, roles)
        return ArticleReading(tuple(located), tuple(tuple(r) for r in roles))

    def _apply_override(self, lm: LocatedMention) -> LocatedMention:
        if self.override is None or lm.mention.label in NON_LITERAL:
            return lm
        fixed = self.override(lm.mention.query, None) or self.override(lm.mention.text, None)
        return replace(lm, match=fixed) if fixed is not None else lm


_TOWNS = (PlaceKind.CITY, PlaceKind.DISTRICT)
_CHAIN_GAP = re.compile(r"^\s*,\s*$")
# "in Kfar Qud, near Jenin", "in Zahro and Abakoira near the Timbuktu and Gao regions": the town named
# after "near" only says where the place before it lies
_NEAR_GAP = re.compile(
    r"^\s*,?\s*(?:just\s+|close\s+to\s+)?(?:near|outside|north|south|east|west)(?:\s+of)?\s+(?:the\s+)?$"
)
# The rest of a facility's name, then where it is: " Nuclear Power Plant in ".
_FACILITY_IN = re.compile(r"^\s+(?:[A-Z][\w'’-]*\s+){1,4}(?:in|at)\s+(?:the\s+)?$")
_LIST_NEXT = re.compile(r"^\s*,?\s*(?:and|or)\s+$")
_HOLDERS = (PlaceKind.DISTRICT, PlaceKind.REGION)
_MODIFIER = re.compile(
    r"[-‐–](?:flagged|based|backed|led|made|born|owned|registered|bound|aligned|allied|funded|"
    r"sponsored|supported|trained|controlled|held|administered|installed|appointed|occupied|brokered|"
    r"mediated)\b"
)


def with_model(
    model: RoleModel | None,
    text: str,
    located: Sequence[LocatedMention],
    docs: Sequence[tuple[int, Doc]],
    roles: Sequence[Sequence[RoleReading]],
) -> list[list[RoleReading]]:
    """The rules' roles as the model reads them (if there is one), then a holder defers to the place
    it holds: the pipeline's order, which the benchmarks score too."""
    if model is not None:
        groups = place_groups(located)
        roles = model.refine(
            [lm.mention for lm in located], docs, roles, groups, inner_roles(groups, located, roles)
        )
    return _no_vague_venues(located, _holders_defer(text, located, roles))


def _no_vague_venues(
    located: Sequence[LocatedMention], roles: Sequence[Sequence[RoleReading]]
) -> list[list[RoleReading]]:
    """A meeting's venue is a city, a country or a named site, not a region of the world or part of
    a country ("the first visit to the Middle East of the new US secretary of state", "Venezuelans
    arriving in the north of the country"): the guide labels the most specific venue, and the real-news
    labels never require such an area (three optional of them in train and dev)."""
    out = [list(rs) for rs in roles]
    for i, lm in enumerate(located):
        vague = lm.mention.label == "AREA" or (
            lm.match is not None
            and lm.match.kind in (PlaceKind.AREA, PlaceKind.CONTINENT)
            and not lm.match.country_code
        )
        if vague and any(r.role == Role.MEETING for r in out[i]):
            out[i] = [r for r in out[i] if r.role != Role.MEETING] or [
                RoleReading(Role.MENTION, lm.mention.sentence, 0.6)
            ]
    return out


def _holders_defer(
    text: str, located: Sequence[LocatedMention], roles: Sequence[Sequence[RoleReading]]
) -> list[list[RoleReading]]:
    """ "an Israeli strike in Maarakah, Nabatieh District, Lebanon", "missiles at the Diego Garcia
    base in the Indian Ocean": the strike is Maarakah's, the base's. A district, province, sea or
    area named only to say where the place before it lies does not take that place's role from
    this sentence (the country keeps it: the guide accepts it, and it shades). And a name that only
    qualifies something ("a Singapore-flagged ship", "Iran-backed militias") has no role at all."""
    out = [list(rs) for rs in roles]
    for i, lm in enumerate(located):
        if _MODIFIER.match(text, lm.mention.end) and any(r.role != Role.MENTION for r in out[i]):
            out[i] = [RoleReading(Role.MENTION, lm.mention.sentence, 0.6)]
        elif measured_from(text, lm.mention.start):
            # "the towns, situated 40 kilometres southwest of Mogadishu": a point to measure from
            kept = [r for r in out[i] if r.role != Role.CONFLICT]
            out[i] = kept or [RoleReading(Role.MENTION, lm.mention.sentence, 0.6)]
    deferred: dict[int, set[Role]] = {}  # the roles a holder gave up to the place before it
    beside: set[int] = set()  # places named only to say where the fighting before them is
    for i in range(1, len(located)):
        lm, prev = located[i], located[i - 1]
        if lm.match is None or prev.match is None:
            continue
        gap = text[prev.mention.end : lm.mention.start]
        if (
            prev.mention.label == "FAC"
            and prev.match.kind == lm.match.kind == PlaceKind.CITY
            and prev.match.name != lm.match.name
            and _FACILITY_IN.match(gap)
        ):
            # "a drone strike near the Zaporizhzhia Nuclear Power Plant in Enerhodar": the plant's
            # namesake city is elsewhere; the plant is in the town after it
            kept = [r for r in out[i - 1] if r.role != Role.CONFLICT]
            out[i - 1] = kept or [RoleReading(Role.MENTION, prev.mention.sentence, 0.6)]
        if any(r.role == Role.CONFLICT for r in out[i]) and (
            (
                prev.mention.label not in NON_LITERAL
                and _NEAR_GAP.match(gap)
                and any(r.role == Role.CONFLICT for r in out[i - 1])
            )
            or (i - 1 in beside and _LIST_NEXT.match(gap))  # "near the Timbuktu and Gao regions"
        ):
            # "an attack in Kfar Qud, near Jenin": the fighting is the village's, not the town's
            kept = [r for r in out[i] if r.role != Role.CONFLICT]
            out[i] = kept or [RoleReading(Role.MENTION, lm.mention.sentence, 0.6)]
            beside.add(i)
            continue
        if prev.mention.label in NON_LITERAL or not _CHAIN_GAP.match(gap):
            continue
        if prev.match.kind == lm.match.kind:
            continue  # "the provinces of Paktia, Paktika, and Kunar": a list, not a place and its holder
        after = located[i + 1] if i + 1 < len(located) else None
        same = after is not None and after.match is not None and after.match.kind == prev.match.kind
        if after is not None and (
            _LIST_NEXT.match(gap_after := text[lm.mention.end : after.mention.start])
            or (same and _CHAIN_GAP.match(gap_after))
        ):
            # "across Gaza City, Deir al-Balah, and al-Mawasi", "in Jerusalem, Ramallah, Cairo and Amman":
            # a list goes on, no holder ends it
            continue
        # "near Jannata, Tyre District, South Governorate, Lebanon": a holder of a holder defers too
        held = ({r.role for r in out[i - 1]} | deferred.get(i - 1, set())) - {Role.MENTION}
        if lm.match.kind not in _HOLDERS:
            # "the Saudi consulate in Istanbul, Turkey": the post is the city's; the country keeps
            # a meeting or a conflict (the guide accepts it), never the post
            held &= {Role.DIPLOMATIC_POST}
            if not held or lm.match.kind != PlaceKind.COUNTRY:
                continue
        if held and any(r.role in held for r in out[i]):
            deferred[i] = {r.role for r in out[i] if r.role in held}
            kept = [r for r in out[i] if r.role not in held]
            out[i] = kept or [RoleReading(Role.MENTION, lm.mention.sentence, 0.6)]
    return out


def _posts_abroad(
    located: list[LocatedMention], roles: Sequence[Sequence[RoleReading]], gaz: Gazetteer
) -> list[LocatedMention]:
    """A country's embassies and consulates are abroad. "India's consulate in Kandahar" datelined
    New Delhi was placed at Kandhar, a town in India, because every other place of the story is
    Indian: a post's town in its owner's country moves to the biggest town of that name elsewhere,
    if that one is bigger, and every mention of the name in the article moves with it. (A bigger
    place is never given up: an owner misread as the host country cannot move Kabul.)"""
    moved: dict[str, GeoMatch] = {}
    for lm, readings in zip(located, roles, strict=True):
        g = lm.match
        owners = {r.owner for r in readings if r.role == Role.DIPLOMATIC_POST and r.owner}
        if g is None or g.source == "override" or g.kind not in _TOWNS or g.country_code not in owners:
            continue
        abroad = [r for r in gaz.candidates(lm.mention.query) if gaz.country(r) not in owners]
        towns = [r for r in abroad if gaz.kind(r) in _TOWNS and gaz.population(r) > g.population]
        if towns:
            best = max(towns, key=gaz.static_score)
            moved[normalize_name(lm.mention.query)] = gaz.match(best, confidence=g.confidence)
    if not moved:
        return located
    return [
        replace(lm, match=moved[key])
        if lm.match is not None
        and lm.match.kind in _TOWNS
        and lm.match.source != "override"
        and (key := normalize_name(lm.mention.query)) in moved
        else lm
        for lm in located
    ]


_DIRECTION_INSIDE = re.compile(
    r"(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)ern\s+(?P<rest>\S.*)$",
    re.I,
)
_DIRECTION_BEFORE = re.compile(
    r"\b(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)ern\s+$", re.I
)


def _directional(text: str, lm: LocatedMention, gaz: Gazetteer) -> LocatedMention:
    """'eastern Ukraine' is an area of Ukraine, not all of it; so is a 'Southern Lebanon' the model
    tagged whole and the gazetteer does not know."""
    m, g = lm.mention, lm.match
    if m.label in NON_LITERAL:
        return lm
    inside = _DIRECTION_INSIDE.match(m.query) if g is None else None
    if inside is not None:
        g = gaz.geocode(inside["rest"])
        start, direction = m.start, inside["dir"]
    else:
        found = _DIRECTION_BEFORE.search(text, max(0, m.start - 16), m.start) if g is not None else None
        start, direction = (found.start(), found["dir"]) if found is not None else (m.start, "")
    if g is None or g.kind not in (PlaceKind.COUNTRY, PlaceKind.REGION) or not direction:
        return lm
    row = gaz.country_row(g.country_code) if g.kind == PlaceKind.COUNTRY else None
    direction = direction.lower().replace("-", "")
    area = replace(m, text=text[start : m.end], start=start, label="AREA", kind_hint=f"area:{direction}")
    if row is None:  # a region: its part is drawn at the region's point, as an area
        return LocatedMention(
            area,
            replace(
                g,
                name=f"{direction.capitalize()}ern {g.name}",
                kind=PlaceKind.AREA,
                geonameid=None,
                confidence=min(g.confidence, 0.5),
            ),
        )
    return LocatedMention(area, _shifted(gaz, row, direction))


_THE_COUNTRY = re.compile(r"\bthe country\b(?!\s+of\b)")


def with_the_country(text: str, located: list[LocatedMention]) -> list[LocatedMention]:
    """'Iran cancels the talks due to recent strikes against the country', 'the Bahraini ministry
    summons Iraq's envoy over drone attacks against the country': "the country" stands for the
    first country its sentence names (the subject, in news style), so its roles can be read."""
    held = {
        id(b)
        for a, b in itertools.pairwise(located)
        if _CHAIN_GAP.match(text[a.mention.end : b.mention.start])
    }  # "in Nairobi, Kenya": a city's country is not what the sentence is about
    added: list[LocatedMention] = []
    for hit in _THE_COUNTRY.finditer(text):
        start, end = hit.start(), hit.end()
        if any(lm.mention.start < end and start < lm.mention.end for lm in located):
            continue
        before = [
            lm
            for lm in located
            if lm.match is not None
            and lm.match.kind == PlaceKind.COUNTRY
            and lm.mention.label != "EMB"
            and lm.mention.sentence.start <= start < lm.mention.sentence.end
            and lm.mention.end <= start
            and not (lm.mention.label == "ADJ" and _arms_after(text, lm.mention.end))
        ]  # (not "American B-52 bombers were pounding caves in the east of the country": the attacker's)
        before = sorted(before, key=lambda lm: (id(lm) in held, lm.mention.label == "ADJ", lm.mention.start))
        # a country named for itself first, then one named by its adjective ("the first visit by a Pakistani
        # president to the country": Kyrgyzstan, named before), then a city's country ("Damascus, Syria")
        if not before:
            continue
        first, country = before[0], before[0].match
        if country is None:
            continue
        mention = PlaceMention(
            text=hit.group(0),
            start=start,
            end=end,
            label=REFERENCE,
            sentence=first.mention.sentence,
            query=country.name,
            country_hint=country.country_code,
            kind_hint="country",
        )
        added.append(LocatedMention(mention, country))
    return sorted(located + added, key=lambda lm: lm.mention.start) if added else located


def _arms_after(text: str, end: int) -> bool:
    """An armed force right after a demonym: "American B-52 bombers", "Soviet troops"."""
    words = re.findall(r"[\w-]+", text[end : end + 40].lower())[:3]
    return any(w in ARMED_WORDS or w in ("bombers", "jets", "warplanes", "planes") for w in words)


def _standing_demonym(text: str, lm: LocatedMention) -> LocatedMention:
    """A country adjective that names the country's own ground ("in Kuwaiti airspace") or its forces
    under attack ("the Bahraini military intercepts projectiles from Iran") is that country, for
    the roles; any other adjective stays context."""
    m = lm.mention
    if m.label != "ADJ" or lm.match is None or lm.match.kind != PlaceKind.COUNTRY:
        return lm
    after = text[m.end : m.end + 60]
    shot = _STRUCK_BEFORE.search(text, max(0, m.start - 30), m.start)  # "shoots down a Russian Air Force jet"
    before = (
        _GROUND_BEFORE.search(text, max(0, m.start - 20), m.start) or shot
    )  # "strike Syrian military sites"
    ground = before and _GROUND_AFTER.match(after)
    defends = _DEFENDER_AFTER.match(after) and _DEFENDED.search(m.sentence.text) and not shot
    return replace(lm, mention=replace(m, label=DEMONYM_PLACE)) if ground or defends else lm


def _vague_areas(text: str, located: Sequence[LocatedMention], gaz: Gazetteer) -> list[LocatedMention]:
    """'the northern part of the country' -> northern <the article's main country>: the country its
    places lie in most, its demonyms aside ("American B-52 bombers were pounding caves in the east of
    the country", datelined KABUL, is Afghanistan's east)."""
    counts = Counter(
        lm.match.country_code
        for lm in located
        if lm.match is not None
        and lm.match.country_code
        and lm.match.kind in (PlaceKind.COUNTRY, PlaceKind.CITY, PlaceKind.REGION, PlaceKind.DISTRICT)
        and lm.mention.label not in ("EMB", "ADJ")
    )
    if not counts:
        return []
    country = counts.most_common(1)[0][0]
    row = gaz.country_row(country)
    if row is None:
        return []
    out = []
    for m in _VAGUE.finditer(text):
        direction = m["dir"].lower().replace("-", "")
        sentence = sentence_around(text, m.start(), m.end())
        mention = PlaceMention(
            text=m[0],
            start=m.start(),
            end=m.end(),
            label="AREA",
            sentence=sentence,
            query=gaz.canonical_name(row),
            country_hint=country,
            kind_hint=f"area:{direction}",
        )
        out.append(LocatedMention(mention, _shifted(gaz, row, direction)))
    return out


def _shifted(gaz: Gazetteer, row: int, direction: str) -> GeoMatch:
    base = gaz.match(row, confidence=0.4)
    dlat, dlon = _DIRECTIONS[direction]
    reach = max(1.0, min(8.0, math.sqrt(max(gaz.area_km2(base.country_code), 1.0)) / 111.0 / 3.0))
    lat = max(-89.0, min(89.0, base.coordinates.lat + dlat * reach))
    lon = base.coordinates.lon + dlon * reach / max(math.cos(math.radians(lat)), 0.2)
    return replace(
        base,
        name=f"{direction.capitalize()}ern {base.name}",
        kind=PlaceKind.AREA,
        coordinates=Coordinates(lat, max(-180.0, min(180.0, lon))),
        geonameid=None,
    )


def place_groups(located: Sequence[LocatedMention]) -> list[PlaceGroup]:
    """The article's places: literal mentions grouped by the place they were resolved to."""
    members: dict[str, list[int]] = {}
    for i, lm in enumerate(located):
        if lm.match is not None and lm.mention.label not in NON_LITERAL:
            members.setdefault(place_key(lm.match, lm.mention), []).append(i)
    countries = Counter(
        located[i].match.country_code  # type: ignore[union-attr]
        for idx in members.values()
        for i in idx
        if located[i].match.kind == PlaceKind.COUNTRY  # type: ignore[union-attr]
    )
    main = countries.most_common(1)[0][0] if countries else None
    groups = []
    for key, idx in members.items():
        g = located[idx[0]].match
        assert g is not None
        groups.append(
            PlaceGroup(
                key,
                tuple(idx),
                str(g.kind),
                g.country_code,
                g.kind == PlaceKind.COUNTRY and g.country_code == main,
            )
        )
    return groups


def inner_roles(
    groups: Sequence[PlaceGroup], located: Sequence[LocatedMention], roles: Sequence[Sequence[RoleReading]]
) -> list[set[str]]:
    """For each country, the roles the rules gave places inside it ('Kabul' under 'Afghanistan')."""
    by_country: dict[str, set[str]] = {}
    for group in groups:
        if group.kind != str(PlaceKind.COUNTRY):
            for i in group.members:
                by_country.setdefault(group.country, set()).update(str(r.role) for r in roles[i])
    return [
        by_country.get(g.country, set()) - {"mention"} if g.kind == str(PlaceKind.COUNTRY) else set()
        for g in groups
    ]


def place_key(match: GeoMatch, mention: PlaceMention) -> str:
    if match.kind == PlaceKind.AREA and mention.kind_hint and mention.kind_hint.startswith("area:"):
        return f"area:{match.country_code}:{mention.kind_hint[5:]}"
    if match.geonameid:
        return f"gn:{match.geonameid}"
    return f"name:{normalize_name(match.name)}"


# Posts that sit in a capital: a consulate "in <country>" could be in any of its cities.
CAPITAL_POSTS = frozenset({"embassy", "high_commission", "mission", None})


def to_events(
    reading: ArticleReading, article: Article, article_id: int, gazetteer: Gazetteer | None = None
) -> list[PlaceEvent]:
    """The article's events: one per place, role and sentence (a place named twice in a sentence,
    or a mention beside a role of that place in that sentence, is one marker, not two). With the
    gazetteer, a post "in <country>" sits at that country's capital, marked ``placed="capital"``."""
    events: list[PlaceEvent] = []
    for lm, roles in zip(reading.located, reading.roles, strict=True):
        m, g = lm.mention, lm.match
        if g is None or m.label in NON_LITERAL:
            continue
        for r in roles:
            event = _event(article, article_id, m, g, r)
            if (how := approximate(g)) is not None:
                event = replace(event, placed=how)
            if gazetteer is not None and event.role == "diplomatic_post" and event.kind == "country":
                event = _at_capital(event, gazetteer)
            events.append(event)
    return _one_per_sentence(events)


def _at_capital(event: PlaceEvent, gazetteer: Gazetteer) -> PlaceEvent:
    """An embassy "in Sudan" is in Khartoum: the point moves there; the place is still the country."""
    row = gazetteer.capital_row(event.country_code) if event.post_type in CAPITAL_POSTS else None
    if row is None:
        return event
    lat, lon = gazetteer.point(row)
    return replace(event, lat=lat, lon=lon, placed="capital")


def _one_per_sentence(events: list[PlaceEvent]) -> list[PlaceEvent]:
    with_role = {(e.sentence, e.place_key) for e in events if e.role != "mention"}
    kept: list[PlaceEvent] = []
    seen: set[tuple[str, str, str]] = set()
    for event in events:
        key = (event.sentence, event.place_key, event.role)
        if key in seen or (event.role == "mention" and (event.sentence, event.place_key) in with_role):
            continue
        seen.add(key)
        kept.append(event)
    return kept


def _event(article: Article, article_id: int, m: PlaceMention, g: GeoMatch, r: RoleReading) -> PlaceEvent:
    sentence = r.evidence
    inside = sentence.start <= m.start and m.end <= sentence.end
    return PlaceEvent(
        article_id=article_id,
        article_title=article.title,
        published=article.published.isoformat() if article.published else None,
        place_name=g.name,
        mention_text=m.text,
        place_key=place_key(g, m),
        lat=g.coordinates.lat,
        lon=g.coordinates.lon,
        kind=str(g.kind),
        country_code=g.country_code,
        role=str(r.role),
        sentence=sentence.text,
        mention_start=m.start - sentence.start if inside else 0,
        mention_end=m.end - sentence.start if inside else 0,
        # A role's confidence is the role model's probability for it; a mention's, how sure the
        # geocoder is of the place.
        confidence=round(
            r.confidence if r.role != "mention" else min(r.confidence, 0.5 + g.confidence / 2), 3
        ),
        post_type=r.post_type,
        owner=r.owner,
        status=str(r.status) if r.status else None,
        participants=r.participants,
        when=r.when.value if r.when else None,
        when_precision=r.when.precision if r.when else None,
        geonameid=g.geonameid,
    )
