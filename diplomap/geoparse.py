"""Text in, located place mentions out: spaCy + recognition + document-level resolution."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from extraction.datelines import (
    DatelinePlace,
    bare_posts,
    dateline_mentions,
    find_dateline_place,
    sentence_around,
)
from extraction.nlp import chunk_text
from extraction.recognize import extract_mentions
from extraction.types import PlaceMention, Role, RoleReading, Span
from geo.gazetteer import Gazetteer
from geo.resolve import resolve_mentions
from geo.types import GeoMatch, PlaceKind


@dataclass(frozen=True, slots=True)
class LocatedMention:
    mention: PlaceMention
    match: GeoMatch | None


@dataclass(frozen=True, slots=True)
class ParsedText:
    """One text after geoparsing: its located mentions and the spaCy docs of its pieces."""

    text: str
    located: tuple[LocatedMention, ...]
    docs: tuple[tuple[int, Doc], ...]  # (offset, doc) per piece; used by role reading, never stored


class Geoparser:
    def __init__(self, nlp: Language, gazetteer: Gazetteer, *, batch_size: int = 32) -> None:
        self.nlp = nlp
        self.gazetteer = gazetteer
        self.batch_size = batch_size

    def parse(self, text: str) -> ParsedText:
        return next(iter(self.parse_many([text])))

    def parse_many(self, texts: Iterable[str]) -> Iterator[ParsedText]:
        """Texts are cut into pieces (long ones) and parsed in batches with ``nlp.pipe``."""
        for text, docs in _group_pieces(texts, self.nlp, self.batch_size):
            mentions: list[PlaceMention] = []
            for offset, doc in docs:
                mentions.extend(extract_mentions(doc, self.gazetteer, offset=offset))
            mentions = with_dateline(text, _joined_of(text, mentions, self.gazetteer), self.gazetteer)
            mentions = with_short_forms(text, mentions)
            matches = resolve_mentions(mentions, self.gazetteer, text)
            located = with_place_references(
                text,
                without_people_names(
                    text, [LocatedMention(m, g) for m, g in zip(mentions, matches, strict=True)], docs
                ),
                self.gazetteer,
            )
            yield ParsedText(text, located, tuple(docs))


# A one-word name that is a word of a person's full name elsewhere in the text ("Crolley's wife,
# Amelia, ..." beside "Amelia Crolley"; "Rod" beside "Rod Stewart") is that person, unless it names
# a country, a region or a town this large, or a preposition puts it as a place ("in Greer").
PERSON_NAME_FLOOR = 100_000
_PLACED_BEFORE = re.compile(
    r"\b(?:in|at|near|into|outside|around|across|within|from|to|off|"
    r"(?:residents?|city|town|village|county|mayor|people|streets?) of)\s+(?:the\s+)?$",
    re.I,
)
_OWNED_AFTER = re.compile(r"^['’]s?\b")


def without_people_names(
    text: str, located: list[LocatedMention], docs: Sequence[tuple[int, Doc]]
) -> list[LocatedMention]:
    people = {
        t.lower_ for _o, doc in docs for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e
    }
    if not people:
        return located
    return [lm for lm in located if not _person_name(text, lm, people)]


def _person_name(text: str, lm: LocatedMention, people: set[str]) -> bool:
    m, g = lm.mention, lm.match
    if m.label not in ("GPE", "GAZ", "LOC") or " " in m.text or m.text.lower() not in people:
        return False
    # (a county found by its name alone is no such place: "Jaime King" is not King County)
    by_admin_word = g is not None and g.name.lower().startswith(m.text.lower() + " ")
    if (
        g is not None
        and not by_admin_word
        and (g.kind != PlaceKind.CITY or g.population >= PERSON_NAME_FLOOR)
    ):
        return False
    placed = _PLACED_BEFORE.search(text[max(0, m.start - 20) : m.start])
    return not (placed and not _OWNED_AFTER.match(text[m.end : m.end + 2]))


def with_dateline(text: str, mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """The dateline's place ("LA PAZ -", which the model rarely tags in capitals) and every "here"
    that stands for it, added to the mentions."""
    place = find_dateline_place(text)
    if place is None:
        return mentions
    named = next((m for m in mentions if m.start <= place.start and place.end <= m.end), None)
    if named is None:  # "LA PAZ -" of which the model tagged "LA" alone: the dateline's name replaces it
        part = [m for m in mentions if m.start < place.end and place.start < m.end]
        if part and gazetteer.prior(_dateline_query(place.text)) is not None:
            mentions = [m for m in mentions if m not in part]
    if named is not None:
        query, country = named.query, named.country_hint
    else:
        query = _dateline_query(place.text)
        if gazetteer.prior(query) is None:
            return mentions
        country = gazetteer.country_code_of(place.region) if place.region else None
    added = dateline_mentions(text, place, query, country)
    if named is not None:
        added = added[1:]
    added += _posts_at_dateline(text, place, query, country, gazetteer, mentions)
    taken = {(m.start, m.end) for m in mentions}
    added = [m for m in added if not any(m.start < b and a < m.end for a, b in taken)]
    return sorted(mentions + added, key=lambda m: m.start)


def _posts_at_dateline(
    text: str,
    place: DatelinePlace,
    query: str,
    country: str | None,
    gazetteer: Gazetteer,
    mentions: Sequence[PlaceMention],
) -> list[PlaceMention]:
    """'WASHINGTON (AP) _ The Soviet Embassy said ...', 'KIGALI - Belgium said it had closed its
    embassy': a foreign country's post that the story names with no place is in the dateline city,
    as a reference to it ("the U.S. Embassy" in a story datelined WASHINGTON is abroad, somewhere the
    story does not say). Not "its embassy" once the story has put a post somewhere else: "The U.S.
    closed its embassy in Sanaa. Britain also closed its embassy" is Sanaa's."""
    match = gazetteer.geocode(query, country_hint=country)
    if match is None:
        return []
    out = []
    for post in bare_posts(text, place):
        owner_country = next(
            (
                cc
                for o in post.owners
                if (cc := gazetteer.country_for_adjective(o) or gazetteer.country_code_of(o))
            ),
            None,
        )
        if owner_country is None or owner_country == match.country_code:
            continue
        sentence = sentence_around(text, post.start, post.end)
        here = _city_before_post(sentence, post.start, query, owner_country, gazetteer, mentions) or (
            query,
            match.country_code,
        )
        if post.by_pronoun and any(
            m.start < post.start
            and m.query != query
            and _POST_IN.search(text[max(m.start - 30, 0) : m.start])
            for m in mentions
        ):
            continue
        out.append(
            PlaceMention(
                text[post.start : post.end],
                post.start,
                post.end,
                REFERENCE,
                sentence,
                *here,
            )
        )
    return out


def _city_before_post(
    sentence: Span,
    start: int,
    query: str,
    owner: str,
    gazetteer: Gazetteer,
    mentions: Sequence[PlaceMention],
) -> tuple[str, str] | None:
    """'rockets fell on Kabul, near the Soviet Embassy' in a story datelined ISLAMABAD: the post is in
    the foreign city its sentence names before it, not in the dateline city."""
    for m in reversed(mentions):
        if not (sentence.start <= m.start and m.end <= start) or m.query == query:
            continue
        if m.label not in ("GPE", "GAZ"):
            continue
        found = gazetteer.geocode(m.query, country_hint=m.country_hint)
        if found is not None and found.kind == PlaceKind.CITY and found.country_code != owner:
            return m.query, found.country_code
    return None


_POST_IN = re.compile(r"(?:[Ee]mbass(?:y|ies)|[Cc]onsulates?)\s+(?:in|at)\s+(?:the\s+)?$")


def _dateline_query(place: str) -> str:
    return " ".join(w.capitalize() if w.isupper() else w for w in place.split())


REFERENCE = "REF"  # "the waterway", "the country": a place its text named before, not a name of it
# "the Strait of Hormuz ... two seafarers were killed in attacks in the waterway / near the strait"
_STRAIT = re.compile(r"^(?:the\s+)?Strait\s+of\s+\S", re.I)
_STRAIT_AGAIN = re.compile(r"\bthe\s+(?:[Ss]trait|waterway)\b(?!\s+of\b)")


def with_short_forms(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """'the strait' and 'the waterway' after a strait is named stand for it, as the last strait
    named before them (a place the roles can then read: 'ships attacked in the waterway')."""
    straits = [m for m in mentions if _STRAIT.match(m.text)]
    if not straits:
        return mentions
    bare = [m for m in mentions if m.text.lower() in ("strait", "the strait")]  # "near the Strait"
    mentions = [m for m in mentions if m not in bare]
    taken = [(m.start, m.end) for m in mentions]
    added: list[PlaceMention] = []
    for hit in _STRAIT_AGAIN.finditer(text):
        before = [m for m in straits if m.end <= hit.start()]
        if not before or any(a < hit.end() and hit.start() < b for a, b in taken):
            continue
        named = before[-1]
        added.append(
            replace(
                named,
                text=hit.group(0),
                start=hit.start(),
                end=hit.end(),
                label=REFERENCE,
                sentence=sentence_around(text, hit.start(), hit.end()),
            )
        )
    kept = [m for m in bare if not any(a.start < m.end and m.start < a.end for a in added)]
    return sorted(mentions + added + kept, key=lambda m: m.start)


# "the capital" / "the city" standing alone, not "the capital of ...", "the city council", "capital
# punishment": a reference to a place named just before.
_PLACE_AGAIN = re.compile(
    r"\b[Tt]he\s+(?P<noun>capital|city)\b(?!['’]?\s*(?:of\b|council|hall|government|officials?\b|authorit|"
    r"limits|police|manager|attorney|administration|budget|commission|punishment|gains|markets?\b|"
    r"investment|spending|costs?\b|flight|account|school|editor|desk|center|centre|[-A-Z]))"
    r"(?!\s*[,(\[]\s*(?:city\s+of\s+)?[A-Z])"  # "the capital, Kabul": the name itself follows
)


def with_place_references(
    text: str, located: Sequence[LocatedMention], gazetteer: Gazetteer
) -> tuple[LocatedMention, ...]:
    """'the capital' and 'the city' as references to a place named before them: "Kigali, Rwanda -
    Rebels pushed into the capital ... fire echoed across the city". The city is the city named last
    in its sentence or the one before; the capital is such a city if it is a capital ("a strike in
    Beirut ... the first strike in the capital"), else the capital of the country the text has spoken
    of most so far."""
    placed = [(lm.mention, lm.match) for lm in located if lm.match is not None and lm.match.country_code]
    taken = [(lm.mention.start, lm.mention.end) for lm in located]
    added: list[LocatedMention] = []
    for hit in _PLACE_AGAIN.finditer(text):
        start, end = hit.span()
        if any(a < end and start < b for a, b in taken):
            continue
        earlier = [(m, g) for m, g in placed if m.end <= start]
        sentence = sentence_around(text, start, end)
        last = len(text[: sentence.start].rstrip()) - 1  # the full stop of the sentence before
        since = sentence_around(text, last, last).start if last > 0 else 0
        city = _city_named_last([(m, g) for m, g in earlier if m.start >= since])
        capital_named = city is not None and _is_capital(city, gazetteer)
        match = city if hit["noun"] == "city" or capital_named else _capital_spoken_of(earlier, gazetteer)
        if match is None:
            continue
        mention = PlaceMention(
            text[start:end], start, end, REFERENCE, sentence, match.name, match.country_code
        )
        added.append(LocatedMention(mention, match))
    if not added:
        return tuple(located)
    return tuple(sorted([*located, *added], key=lambda lm: lm.mention.start))


def _capital_spoken_of(earlier: list[tuple[PlaceMention, GeoMatch]], gazetteer: Gazetteer) -> GeoMatch | None:
    """The capital of the country with the most places named so far, the latest of equals ("evacuated
    its staff to Malta, as Gadhafi's forces cracked down in the capital": Tripoli, in a story on Libya)."""
    counts = Counter(g.country_code for _m, g in earlier)
    if not counts:
        return None
    best = max(counts.values())
    country = next(g.country_code for _m, g in reversed(earlier) if counts[g.country_code] == best)
    row = gazetteer.capital_row(country)
    return None if row is None else gazetteer.match(row)


def _is_capital(match: GeoMatch, gazetteer: Gazetteer) -> bool:
    row = gazetteer.capital_row(match.country_code)
    return row is not None and gazetteer.match(row).coordinates == match.coordinates


def _city_named_last(earlier: list[tuple[PlaceMention, GeoMatch]]) -> GeoMatch | None:
    for mention, match in reversed(earlier):
        if mention.label == REFERENCE or mention.text.lower() == "here":
            continue  # "near the Soviet Embassy" put at the dateline city names no city
        if match.kind == PlaceKind.CITY:
            return match
        if mention.label not in ("ADJ", "EMB"):
            return None  # "... in Helmand province. The city": not the province
    return None


_OF = re.compile(r"^\s+of\s+(?:the\s+)?$")


def _joined_of(text: str, mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """ "Democratic Republic" + "of the" + "Congo", which the model tags as two places, is one when
    the gazetteer knows the whole name."""
    out: list[PlaceMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label in ("GPE", "LOC")
            and m.label in ("GPE", "LOC", "GAZ")
            and _OF.match(text[prev.end : m.start])
            and gazetteer.prior(whole := text[prev.start : m.end]) is not None
        ):
            out[-1] = replace(prev, text=whole, end=m.end, query=whole, label="GPE")
            continue
        out.append(m)
    return out


def _group_pieces(
    texts: Iterable[str], nlp: Language, batch_size: int
) -> Iterator[tuple[str, list[tuple[int, Doc]]]]:
    """Run nlp.pipe over every piece of every text, regrouping the docs per text in order."""

    def pieces() -> Iterator[tuple[tuple[int, int, str, bool], str]]:
        for n, text in enumerate(texts):
            chunks = list(chunk_text(text)) or [(0, "")]
            for k, (offset, piece) in enumerate(chunks):
                yield (n, offset, text, k == len(chunks) - 1), piece

    current: list[tuple[int, Doc]] = []
    for doc, (_n, offset, text, last) in nlp.pipe(
        ((p, ctx) for ctx, p in pieces()), as_tuples=True, batch_size=batch_size
    ):
        current.append((offset, doc))
        if last:
            yield text, current
            current = []


# diplomap.within's placements: beside the place the text puts a name in, beside a town of its list,
# at the town a district is named after
_APPROXIMATE_FIELDS = {"within:": "within", "listed:": "beside", "seat:": "seat"}


def place_record(lm: LocatedMention) -> dict:
    """The geoparse JSON record of one mention (the shared benchmark's contract)."""
    m, g = lm.mention, lm.match
    rec: dict = {
        "start": m.start,
        "end": m.end,
        "name": m.text,
        "label": m.label,
        "query": m.query,
        "lat": None,
        "lon": None,
    }
    if g is not None:
        rec.update(
            lat=g.coordinates.lat,
            lon=g.coordinates.lon,
            geonameid=g.geonameid,
            kind=str(g.kind),
            country_code=g.country_code,
            place=g.name,
            confidence=g.confidence,
        )
        for prefix, key in _APPROXIMATE_FIELDS.items():  # not in the gazetteer: where it is shown
            if g.source.startswith(prefix):
                rec[key] = g.source[len(prefix) :]
    return rec


def role_fields(roles: Sequence[RoleReading]) -> dict:
    """The role of a place in the geoparse record: the first non-mention role, with details."""
    main = next((r for r in roles if r.role != Role.MENTION), roles[0] if roles else None)
    if main is None:
        return {"role": "mention"}
    rec: dict = {"role": str(main.role), "roles": sorted({str(r.role) for r in roles})}
    if main.role != Role.MENTION:
        rec["probability"] = round(main.confidence, 3)
    if main.status:
        rec["status"] = str(main.status)
    if main.owner:
        rec["owner"] = main.owner
    if main.post_type:
        rec["post_type"] = main.post_type
    if main.when:
        rec["when"] = {"value": main.when.value, "precision": main.when.precision}
    if main.participants:
        rec["participants"] = list(main.participants)
    return rec
