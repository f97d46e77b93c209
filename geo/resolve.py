"""Place each mention of one article: document-level disambiguation over gazetteer candidates.

Evidence used, in the order it is gathered: unambiguous anchors (countries, names with one
dominant candidate), the countries and first-level regions those anchors and the article's
adjectives point to, "City, State" apposition, distance to the anchors, population and feature
kind. One sense per discourse: the same name in one article is placed once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from extraction.types import PlaceMention
from geo.gazetteer import CAPITAL_BONUS, Gazetteer
from geo.gazetteer_build import normalize_name
from geo.types import GeoMatch, PlaceKind

RESPELT_CONFIDENCE = 0.6  # a place found under another spelling
MAX_CANDIDATES = 40
AREA_WORDS = (
    "province",
    "state",
    "region",
    "county",
    "district",
    "oblast",
    "governorate",
    "prefecture",
    "parish",
)


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    admin1: Counter[str]
    points: list[tuple[float, float]]
    local: Counter[str] = field(default_factory=Counter)  # countries evidenced by a place inside them
    towns: list[tuple[float, float]] = field(default_factory=list)  # the points of cities and districts


def resolve_mentions(
    mentions: Sequence[PlaceMention], gazetteer: Gazetteer, text: str, *, home_country: str | None = None
) -> list[GeoMatch | None]:
    """One ``GeoMatch`` (or None) per mention, in order."""
    cands = [_candidates(m, gazetteer, text) for m in mentions]
    ctx = _anchor_context(mentions, cands, gazetteer, home_country)
    respelt = _other_spellings(mentions, cands, gazetteer, ctx)
    chosen = _choose_all(mentions, cands, gazetteer, ctx, text)
    # Second pass: what the first pass placed is context for the names it was unsure of
    # (each name judged by the others, never by its own first guess).
    first = {key: row for key, (row, _c) in chosen.items()}
    chosen = _choose_all(
        mentions,
        cands,
        gazetteer,
        ctx,
        text,
        context_of=lambda key: _context_from(
            [r for k, r in first.items() if k != key], gazetteer, home_country
        ),
    )
    out: list[GeoMatch | None] = []
    for i, (m, rows) in enumerate(zip(mentions, cands, strict=True)):
        if not rows:
            out.append(None)
            continue
        row, confidence = chosen[_sense_key(m)]
        if i in respelt:
            confidence = min(confidence, RESPELT_CONFIDENCE)
        out.append(gazetteer.match(row, confidence=confidence))
    return out


def _other_spellings(
    mentions: Sequence[PlaceMention], cands: list[list[int]], gaz: Gazetteer, ctx: _Context
) -> set[int]:
    """A name the gazetteer lacks as spelt ("Mussafah", "Seiyun") is a place spelt another way
    ("Musaffah", "Say'un") only in a country the article's other places are in. Fills ``cands``
    in place; returns the indices it filled."""
    filled: set[int] = set()
    for i, m in enumerate(mentions):
        if cands[i] or m.label == "ADJ" or m.kind_hint == "capital":
            continue
        rows = [r for r in gaz.other_spellings(m.query) if gaz.country(r) in ctx.countries]
        if rows:
            cands[i] = rows[:MAX_CANDIDATES]
            filled.add(i)
    return filled


def _sense_key(m: PlaceMention) -> str:
    return f"{m.label == 'ADJ'}|{m.kind_hint}|{normalize_name(m.query)}"


def _choose_all(
    mentions: Sequence[PlaceMention],
    cands: Sequence[list[int]],
    gaz: Gazetteer,
    ctx: _Context,
    text: str,
    context_of: Callable[[str], _Context] | None = None,
) -> dict[str, tuple[int, float]]:
    chosen: dict[str, tuple[int, float]] = {}
    for i, (m, rows) in enumerate(zip(mentions, cands, strict=True)):
        key = _sense_key(m)
        if rows and key not in chosen:
            here = context_of(key) if context_of is not None and len(rows) > 1 else ctx
            chosen[key] = _choose(i, mentions, cands, rows, gaz, here, text)
    return chosen


def _context_from(rows: Sequence[int], gaz: Gazetteer, home: str | None) -> _Context:
    ctx = _Context(Counter(), Counter(), [])
    if home:
        ctx.countries[home] += 1
    for row in rows:
        _add_to_context(ctx, row, gaz)
    return ctx


def _add_to_context(ctx: _Context, row: int, gaz: Gazetteer) -> None:
    cc, kind = gaz.country(row), gaz.kind(row)
    if cc:
        ctx.countries[cc] += 1
        if kind in (PlaceKind.REGION, PlaceKind.CITY, PlaceKind.DISTRICT):
            ctx.local[cc] += 1
    if gaz.is_national_capital(row):
        return  # "Ottawa said": a capital stands for its government, not for the places around it
    if kind in (PlaceKind.REGION, PlaceKind.CITY, PlaceKind.DISTRICT) and gaz.admin1(row):
        ctx.admin1[gaz.admin1(row)] += 1
    if kind in (PlaceKind.CITY, PlaceKind.REGION, PlaceKind.DISTRICT):
        ctx.points.append(gaz.point(row))
    if kind in (PlaceKind.CITY, PlaceKind.DISTRICT):
        ctx.towns.append(gaz.point(row))


def _candidates(m: PlaceMention, gaz: Gazetteer, text: str) -> list[int]:
    if m.kind_hint == "capital" and m.country_hint:
        row = gaz.capital_row(m.country_hint)
        return [row] if row is not None else []
    if m.label == "ADJ" and m.country_hint:
        row = gaz.country_row(m.country_hint)
        return [row] if row is not None else []
    rows = gaz.candidates(m.query)
    if m.country_hint:  # "the English city of Salisbury": that country's places, if it has one so named
        rows = [r for r in rows if gaz.country(r) == m.country_hint] or rows
    if len(rows) > MAX_CANDIDATES:
        rows = sorted(rows, key=gaz.static_score, reverse=True)[:MAX_CANDIDATES]
    return rows


def _anchor_context(
    mentions: Sequence[PlaceMention], cands: Sequence[list[int]], gaz: Gazetteer, home: str | None
) -> _Context:
    ctx = _Context(Counter(), Counter(), [])
    if home:
        ctx.countries[home] += 1
    for rows in cands:
        if not rows:
            continue
        best = _dominant(rows, gaz)
        if best is not None:
            _add_to_context(ctx, best, gaz)
    return ctx


def _dominant(rows: list[int], gaz: Gazetteer) -> int | None:
    """The row when the name is as good as unambiguous: one candidate, a country, or a
    candidate far bigger than every other."""
    if len(rows) == 1:
        return rows[0]
    ranked = sorted(rows, key=gaz.static_score, reverse=True)
    top = ranked[0]
    if gaz.kind(top) in (PlaceKind.COUNTRY, PlaceKind.CONTINENT):
        return top
    others = [r for r in ranked[1:] if not _same_place(top, r, gaz)]
    if not others or gaz.static_score(top) - gaz.static_score(others[0]) >= 2.0:
        return top
    return None


def _same_place(a: int, b: int, gaz: Gazetteer) -> bool:
    """A city and its eponymous province, or two records of one city, are one place for anchoring."""
    if gaz.country(a) != gaz.country(b):
        return False
    return _km(gaz.point(a), gaz.point(b)) < 80


def _choose(
    i: int,
    mentions: Sequence[PlaceMention],
    cands: Sequence[list[int]],
    rows: list[int],
    gaz: Gazetteer,
    ctx: _Context,
    text: str,
) -> tuple[int, float]:
    if len(rows) == 1:
        return rows[0], 0.95
    apposed = _apposition(i, mentions, cands, gaz, text)
    area_word = text[mentions[i].end : mentions[i].end + 14].lower().lstrip().startswith(AREA_WORDS)
    renamed = _only_formerly_so_named(mentions[i].query, rows, gaz, ctx)
    scored = sorted(
        ((_score(r, rows, gaz, ctx, apposed, area_word) - renamed.get(r, 0.0), r) for r in rows),
        reverse=True,
    )
    best_score, best = scored[0]
    margin = best_score - scored[1][0]
    confidence = round(1.0 / (1.0 + math.exp(-margin)), 3)
    return best, confidence


# What a town loses to a namesake that bears the name today when it bears it only as another name
# ("Pokrovsk": the Ukrainian city, not Engels, which was Pokrovsk until 1931).
RENAMED = 1.0


def _only_formerly_so_named(query: str, rows: list[int], gaz: Gazetteer, ctx: _Context) -> dict[int, float]:
    """What the towns among ``rows`` known by ``query`` only as another or a former name lose, when
    another town bears it as its own name: RENAMED when that one is of the same size class (at least a
    fifth of the population) or in a country the article speaks of more ("San Miguel" in a story from
    El Salvador is its town, not San Diego, once so named); a capital its capital bonus besides and
    twice RENAMED whatever the sizes ("Salisbury" is the English city, or one in the United States,
    not Harare)."""
    key = normalize_name(query)
    own = [r for r in rows if normalize_name(gaz.canonical_name(r)) == key]
    if not own:
        return {}
    biggest_own = max(gaz.population(r) for r in own)
    spoken_of = max(ctx.countries[gaz.country(r)] for r in own)
    out: dict[int, float] = {}
    for r in rows:
        if r in own or gaz.kind(r) not in (PlaceKind.CITY, PlaceKind.DISTRICT):
            continue
        if gaz.is_national_capital(r):
            out[r] = CAPITAL_BONUS + 2 * RENAMED
        elif biggest_own >= 0.2 * gaz.population(r) or spoken_of > ctx.countries[gaz.country(r)]:
            out[r] = RENAMED
    return out


def _score(
    row: int, rows: list[int], gaz: Gazetteer, ctx: _Context, apposed: set[str], area_word: bool
) -> float:
    score = gaz.static_score(row)
    cc, a1, kind = gaz.country(row), gaz.admin1(row), gaz.kind(row)
    total = sum(ctx.countries.values()) or 1
    town = kind in (PlaceKind.CITY, PlaceKind.DISTRICT)
    nearest = min((_km(gaz.point(row), p) for p in ctx.points), default=math.inf) if town else math.inf
    in_region = bool(a1 and a1 in ctx.admin1)
    size = max(gaz.population(row), 1)
    namesake = _biggest_city_abroad(row, rows, gaz)  # of the same name, in another country
    overshadowed = (
        town
        and namesake >= TINY_RATIO * size
        and min((_km(gaz.point(row), p) for p in ctx.towns), default=math.inf) >= 150
    )
    if cc in ctx.countries:
        # A country only named ("India evacuated its consulate in Kandahar") is weaker evidence
        # for a small town in it than places inside it are.
        weight = 1.0 if cc in ctx.local or kind in (PlaceKind.COUNTRY, PlaceKind.REGION) else 1 / 3
        if overshadowed or (not in_region and nearest >= 600 and namesake >= DWARF_RATIO * size):
            # The country alone does not take a world city's name to a town a tenth its size:
            # "Washington ... will travel to Geneva" is Geneva in Switzerland, not Illinois.
            weight *= DWARFED_WEIGHT
        score += weight * (1.5 + 1.5 * ctx.countries[cc] / total)
    if in_region and not overshadowed:
        score += 2.0 if kind != PlaceKind.REGION else 3.5
    if cc in apposed or (a1 and a1 in apposed):
        score += 4.0
    if kind in (PlaceKind.REGION, PlaceKind.DISTRICT):
        score += 1.5 if area_word else -_eponymous_city_penalty(row, rows, gaz)
    if kind == PlaceKind.DISTRICT and not area_word:
        score -= 1.0
    if town:
        score += 1.5 if nearest < 150 else (0.7 if nearest < 600 else 0.0)
    return score


# A place with a namesake city elsewhere at least DWARF_RATIO times its population keeps only this share
# of its country's context when nothing nearer (its region, a place within 600 km) speaks for it;
# one TINY_RATIO times smaller keeps neither it nor its region's word but for a town within 150 km
# ("analysts in London" in a story from San Francisco: not London, California, a town of 1,900;
# London, Ontario and Paris, Texas keep their own in LGL's local news).
DWARF_RATIO = 8
TINY_RATIO = 3000
DWARFED_WEIGHT = 0.25


def _biggest_city_abroad(row: int, rows: list[int], gaz: Gazetteer) -> int:
    """The population of the biggest city among ``rows`` outside ``row``'s country (0 if none)."""
    cc = gaz.country(row)
    return max(
        (gaz.population(r) for r in rows if gaz.country(r) != cc and gaz.kind(r) == PlaceKind.CITY), default=0
    )


def _eponymous_city_penalty(row: int, rows: list[int], gaz: Gazetteer) -> float:
    """Kandahar the city, not Kandahar province, unless the text says 'province'."""
    a1 = gaz.admin1(row)
    floor = gaz.population(row) * 0.05
    for other in rows:
        if (
            other != row
            and gaz.kind(other) == PlaceKind.CITY
            and gaz.admin1(other) == a1
            and gaz.population(other) >= floor
        ):
            return 2.5
    return 0.0


def _apposition(
    i: int, mentions: Sequence[PlaceMention], cands: Sequence[list[int]], gaz: Gazetteer, text: str
) -> set[str]:
    """'Gainesville, Ga.' / 'Herat, Afghanistan': the next mention, after a comma, names the
    region or country this one lies in. Returns the country and admin1 codes it offers."""
    if i + 1 >= len(mentions):
        return set()
    here, nxt = mentions[i], mentions[i + 1]
    between = text[here.end : nxt.start]
    if between.strip() not in (",",) or len(between) > 3:
        return set()
    codes: set[str] = set()
    for r in cands[i + 1]:
        kind = gaz.kind(r)
        if kind == PlaceKind.COUNTRY:
            codes.add(gaz.country(r))
        elif kind == PlaceKind.REGION and gaz.admin1(r):
            codes.add(gaz.admin1(r))
    return codes


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))
