"""Find place names in a parsed document: spaCy's entities checked against the gazetteer,
plus gazetteer-backed recognition of what the small model misses or mislabels.

The gazetteer arrives as a ``NameIndex`` (implemented by ``geo.gazetteer.Gazetteer``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from extraction.types import PlaceMention, Span

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MAX_NGRAM = 5
# A place name inside an organisation's name is not a mention of the place.
ORG_WORDS = frozenset(
    """organization organisation council university college school institute ministry department agency
    bank company corp corporation inc ltd group party committee commission association federation union
    league club team times post journal news herald tribune press airlines airways army navy force forces
    police court assembly parliament congress senate church hospital foundation fund office board
    authority service services centre center airport station museum hotel""".split()
)
# Capitalised words that are places in some gazetteer but almost never in news prose.
NOT_PLACES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june
    taliban hamas hezbollah
    july august september october november december god jesus christ president minister mr mrs ms dr
    sir prime foreign secretary general state city county north south east west northern southern
    eastern western central republic kingdom union street avenue road university river lake mount island
    national international world global internet twitter facebook police army news said says today
    tomorrow yesterday church christmas easter spring summer autumn winter man mark john paul
    young early best home hope unity victory liberty independence justice ocean sea act day white grove
    trail celebration christian hamas toyota sgt pct sens rep gov lt col gen capt det base liberation
    salvation resistance google samsung nike chevron visa inc corp ltd plc llc capital alliance jan feb
    aug sept oct nov dec""".split()
)
NOT_PLACE_PHRASES = frozenset(
    {"white house", "star", "vice", "officer", "leader", "mission", "king", "centre", "iron", "airport"}
    # an admin word alone, left over from "Kidal Region" or "Bari Province": never a place by itself
    | {"region", "province", "district", "governorate", "prefecture", "oblast", "municipality"}
)
OIL_GRADES = frozenset({"crude", "blend"})  # "Brent crude", "Dubai crude", "Urals blend": prices
CONNECTORS = frozenset(
    {"e", "de", "del", "al", "el", "of", "upon", "la", "le", "les", "du", "des", "da", "on", "-", "i"}
    | {
        "sur",
        "sous",
        "aux",
        "en",
        "am",
        "im",
        "an",
        "der",
        "dem",
        "den",
    }  # "Évian-les-Bains", "Frankfurt am Main"
)
TITLE_WORDS = frozenset({"the"})
# Population a place needs for an entity the model calls a person, or an organisation, to be taken
# as that place when a place preposition governs it ("in Kaesong", "returned to Bucha"); measured on
# LGL and GeoWebNews (lower person floors cost GeoWebNews more than they gave LGL).
PREP_FLOOR = 100_000
ORG_PREP_FLOOR = 20_000
CAPITAL_WORDS = frozenset({"capital", "capital city"})


class NamePriorLike(Protocol):
    @property
    def max_population(self) -> int: ...

    @property
    def best_kind(self) -> str: ...

    @property
    def n_places(self) -> int: ...


class NameIndex(Protocol):
    """What recognition needs to know of place names; ``geo.gazetteer.Gazetteer`` is one."""

    def prior(self, name: str) -> NamePriorLike | None: ...

    def country_for_adjective(self, word: str) -> str | None: ...

    def capital_of(self, iso2: str) -> str | None: ...

    def country_name(self, iso2: str) -> str | None: ...

    def country_code_of(self, name: str) -> str | None: ...


def extract_mentions(doc: Doc, names: NameIndex, *, offset: int = 0) -> list[PlaceMention]:
    """Every place mention in ``doc``; offsets are shifted by ``offset`` (for chunked texts)."""
    covered = [False] * len(doc)
    found: list[
        tuple[int, int, str, str, str | None, str | None]
    ] = []  # tok start, tok end, label, query, cc, kind
    person_words = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            covered[i] = True
        if (
            ent.start > 0
            and names.prior(ent.text) is None  # "eastern Ghouta", "Ghouta" tagged alone
            and (area := _compass_name(doc, ent.start - 1, ent.end, names)) is not None
        ):
            found.append(area)
            continue
        hit = _from_entity(ent, names)
        if (
            hit is not None
            and ent.label_ == "PERSON"
            and hit[2] == "GAZ"
            and ent.text.lower() in person_words
            and any(e.label_ == "PERSON" and len(e) > 1 and ent.text in e.text for e in doc.ents)
        ):
            continue  # "Clark" after "John Clark": the person again
        if hit is not None:
            found.append(hit)
        elif (listed := _listed_places(ent, names)) is not None:
            found.extend(listed)
        elif ent.label_ == "ORG":
            found.extend(_embedded_names(ent, names))
    found.extend(_gazetteer_scan(doc, names, covered, person_words))
    found.extend(_places_by_context(doc, names, found))
    found = [
        h
        for h in found
        if not _names_a_vessel(doc, h[0])
        and not (h[1] < len(doc) and doc[h[1]].lower_ in OIL_GRADES)  # "Brent crude": an oil price
        and not _names_a_thing(doc, h[0], h[1], names)
        and not _names_a_relative(doc, h[0])
    ]
    in_group = _group_name_tokens(doc, names)
    found = [
        (a, b, "EMB", q, c, k) if a in in_group else (a, b, lab, q, c, k) for a, b, lab, q, c, k in found
    ]
    found = [_with_country_from_context(doc, h, names) for h in found]
    found = _descriptive_references(doc, names, found)
    seats = _seats_of_power(doc)
    if seats:
        found = [h for h in found if not any(a < h[1] and h[0] < b for a, b, *_r in seats)] + seats
    return [_to_mention(doc, h, offset) for h in _drop_overlaps(found)]


# Nouns that say the names after "of" are places: "the towns of X and Y", "the village of X".
PLACE_NOUNS = frozenset(
    """village villages town towns city cities district districts province provinces region regions area
    areas commune communes municipality municipalities island islands governorate governorates county
    counties neighbourhood neighborhood neighbourhoods neighborhoods suburb suburbs settlement settlements
    camp camps port ports kibbutz moshav peninsula valley enclave sector sectors mountains capitals slum slums
    hamlet hamlets township townships oasis""".split()
)
LIST_SEPARATORS = frozenset({",", "and", "or"})


def _places_by_context(
    doc: Doc, names: NameIndex, found: list[tuple[int, int, str, str, str | None, str | None]]
) -> list[tuple[int, int, str, str, str | None, str | None]]:
    """Names the small model calls persons, organisations or languages ("in Ahvaz, Chahbahar, Jask,
    Shiraz, and Yazd", "the towns of Dayr Hafir and Maskanah", "the port of Odesa") that the
    gazetteer knows and the context marks as places: a list with a recognised place, or a place noun
    governing them. Small places in fighting reports are named this way."""
    taken = {k for h in found for k in range(h[0], h[1])}
    literal_ends = {h[1]: h for h in found if h[2] in ("GPE", "LOC", "GAZ")}
    literal_starts = {h[0]: h for h in found if h[2] in ("GPE", "LOC", "GAZ")}
    out: list[tuple[int, int, str, str, str | None, str | None]] = []
    changed = True
    while changed:  # a list is walked from its recognised member outwards
        changed = False
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG", "NORP", "LANGUAGE", *MISLABELS) or any(
                k in taken for k in range(ent.start, ent.end)
            ):
                continue
            start, end = _trim(ent)
            inner = next((t.i for t in doc[start + 1 : end - 1] if t.lower_ == "in"), None)
            if inner is not None and ent.label_ in MISLABELS and _after_place_noun(doc, start):
                # "the town of Bangued in Abra province" taken whole for a work of art: the town, and
                # the province it lies in
                for a, b in ((start, inner), (inner + 1, end)):
                    part = doc[a:b].text
                    named = doc[a : b - 1] if doc[b - 1].lower_ in ADMIN_WORDS else doc[a:b]
                    if b - a <= 3 and named and all(t.is_title for t in named) and names.prior(named.text):
                        hit = (a, b, "GAZ", part, None, None)
                        out.append(hit)
                        taken.update(range(a, b))
                        literal_ends[b], literal_starts[a] = hit, hit
                continue
            text = doc[start:end].text
            if start >= end or end - start > 3 or text.lower() in NOT_PLACES or text.isupper():
                continue
            if any(t.lower_ in ORG_WORDS for t in doc[start:end]) or names.prior(text) is None:
                continue
            if (
                _in_place_list(doc, start, end, literal_ends, literal_starts)
                or _after_place_noun(doc, start)
                or _listed_before_place_nouns(doc, end)
                or _named_after_place_noun(doc, start, end)
                or (
                    ent.label_ in MISLABELS
                    and _before_place_noun(doc, start, end)
                    and not names.country_for_adjective(text)  # "the English city of Salisbury"
                )
            ):
                hit = (start, end, "GAZ", text, None, None)
                out.append(hit)
                taken.update(range(start, end))
                literal_ends[end], literal_starts[start] = hit, hit
                changed = True
    return out


def _with_country_from_context(
    doc: Doc, hit: tuple[int, int, str, str, str | None, str | None], names: NameIndex
) -> tuple[int, int, str, str, str | None, str | None]:
    """'the English city of Salisbury', 'the Syrian town of Manbij': the adjective says which
    country's place it is (and not the Zimbabwean capital once called Salisbury)."""
    start, end, label, query, cc, kind = hit
    if cc is not None or label in ("ADJ", "EMB") or start < 3:
        return hit
    if doc[start - 1].lower_ != "of" or doc[start - 2].lower_ not in PLACE_NOUNS | {"capital", "port"}:
        return hit
    country = names.country_for_adjective(doc[start - 3].text)
    return (start, end, label, query, country, kind) if country else hit


def _in_place_list(doc: Doc, start: int, end: int, ends: dict, starts: dict) -> bool:
    """Next to a recognised place across ',' / 'and' / ', and'."""
    k = start
    while k > 0 and doc[k - 1].lower_ in LIST_SEPARATORS and start - k < 2:
        k -= 1
    if k < start and k in ends:
        return True
    k = end
    while k < len(doc) and doc[k].lower_ in LIST_SEPARATORS and k - end < 2:
        k += 1
    return k > end and k in starts


def _before_place_noun(doc: Doc, start: int, end: int) -> bool:
    """'the Nuseirat refugee camp', 'the northern Jaffna peninsula': a place noun heads the name."""
    noun = end + 1 if end + 1 < len(doc) and doc[end].lower_ == "refugee" else end
    det = start - 2 if start > 1 and doc[start - 1].lower_ in COMPASS_ADJECTIVES else start - 1
    return det >= 0 and doc[det].lower_ == "the" and noun < len(doc) and doc[noun].lower_ in PLACE_NOUNS


def _listed_before_place_nouns(doc: Doc, end: int) -> bool:
    """'shelled the Tartar and Aghdam districts': a name in a list that a plural place noun heads."""
    k = end
    while k < len(doc) and k - end < 6 and (doc[k].lower_ in LIST_SEPARATORS or doc[k].is_title):
        k += 1
    return k > end and k < len(doc) and doc[k].lower_ in PLACE_NOUNS and doc[k].lower_.endswith("s")


def _named_after_place_noun(doc: Doc, start: int, end: int) -> bool:
    """ "Azerbaijan's second city, Ganja, ...": a name set off after the place noun it names."""
    return (
        start > 1
        and doc[start - 1].text == ","
        and doc[start - 2].lower_ in ("city", "town", "capital", "port", "village", "stronghold")
        and (end >= len(doc) or doc[end].is_punct)
    )


def _after_place_noun(doc: Doc, start: int) -> bool:
    """'the towns of X', 'the village of X', 'two towns in Y, including X', and the later members
    of such a list."""
    k = start - 1
    while k > 0 and k > start - 12:
        tok = doc[k]
        if tok.lower_ == "of" and doc[k - 1].lower_ in PLACE_NOUNS:
            return True
        if tok.lower_ == "including" and any(t.lower_ in PLACE_NOUNS for t in doc[max(k - 8, 0) : k]):
            return True
        if not (tok.lower_ in LIST_SEPARATORS or tok.is_title or tok.text == "-"):
            return False
        k -= 1
    return False


CAPITAL_NOUNS = frozenset({"capital", "capitals", "seat", "stronghold", "crossing", "outpost", "base"})


def _described_as_place(doc: Doc, start: int, end: int) -> bool:
    """A name after a preposition and before ", where ...", or before an apposition a place noun
    heads ("X, the main city of the region", "X, a town 30 km north of ...", "X, the provincial
    capital"): no person is that."""
    if end + 1 >= len(doc) or doc[end].text != "," or not doc[start].text[:1].isupper():
        return False  # "trails through the bush, the conservation area ...": a common noun
    nxt = doc[end + 1]
    if nxt.lower_ in CAPITAL_NOUNS | {"capital"} and end + 2 < len(doc) and doc[end + 2].lower_ == "of":
        return True  # "Bentiu, capital of Unity state"
    if nxt.lower_ == "where":
        return start > 0 and doc[start - 1].lower_ in PLACE_PREPOSITIONS | {"around"}
    if nxt.lower_ not in ("the", "a", "an"):
        return False
    for tok in doc[end + 2 : min(end + 6, len(doc))]:
        if tok.lower_ in PLACE_NOUNS or tok.lower_ in CAPITAL_NOUNS:
            return tok.i == nxt.head.i  # "the city manager" is a person's office
        if not (tok.pos_ in ("ADJ", "NOUN", "PROPN", "NUM") or tok.dep_ == "amod"):
            return False
    return False


COMPASS = frozenset(
    """east west north south northeast northwest southeast southwest north-east north-west south-east
    south-west""".split()
)
VESSEL_WORDS = frozenset(
    """ship ships vessel vessels tanker tankers carrier freighter ferry yacht boat trawler liner
    flagged m/t m/v mv mt submarine frigate destroyer cruiser corvette warship""".split()
)


WEAPON_NOUNS = frozenset(
    """missile missiles rocket rockets drone drones launcher launchers system systems tank tanks howitzer
    howitzers jet jets fighter fighters bomber bombers helicopter helicopters warship frigate submarine
    interceptor interceptors""".split()
)
# Words that say what kind of weapon the noun after them is.
WEAPON_KINDS = frozenset({"hypersonic", "ballistic", "cruise", "glide", "anti-ship", "guided", "supersonic"})
DISEASE_NOUNS = frozenset({"virus", "fever", "disease", "flu", "strain", "variant"})
NAMED_THINGS = frozenset({"pipeline", "festival"})


def _names_a_thing(doc: Doc, start: int, end: int, names: NameIndex) -> bool:
    """'an Iranian Khorramshahr missile', 'Russia's Kinzhal missiles', 'a Han-class submarine': a weapon
    named like a town,
    after its maker's adjective; 'the Ebola virus', 'West Nile fever': a disease named after a
    place is no place."""
    if end >= len(doc):
        return False
    nxt = doc[end].lower_
    if nxt in DISEASE_NOUNS or nxt in NAMED_THINGS:
        return True  # "the Druzhba pipeline", "the Nova festival"
    if end + 1 < len(doc) and doc[end + 1].lower_ in NAMED_THINGS and doc[end].pos_ == "NOUN":
        return True  # "the Nova music festival"
    if nxt == "-" and end + 1 < len(doc) and doc[end + 1].lower_ == "class":
        return True  # "a Han-class submarine"
    if nxt in WEAPON_NOUNS and end + 1 < len(doc) and doc[end + 1].lower_ in WEAPON_NOUNS:
        return True  # "Grad missile systems", "Iskander missile launchers"
    k = end
    while k < len(doc) and doc[k].lower_ in WEAPON_KINDS:
        k += 1
    if end < k < len(doc) and (doc[k].lower_ in WEAPON_NOUNS or doc[k].lower_ in ("vehicle", "vehicles")):
        return True  # "the Avangard hypersonic glide vehicle", "Kalibr cruise missiles"
    if nxt not in WEAPON_NOUNS or start == 0:
        return False
    before = doc[start - 1]
    return names.country_for_adjective(before.text) is not None or before.text in ("'s", "’s")


# Armed groups named after where they fight: "the Islamic State in Iraq and Syria", "al-Qaeda in the
# Arabian Peninsula", "Islamic State – Somalia Province".
GROUP_HEADS = frozenset({"state", "qaeda", "qaida"})


def _group_name_tokens(doc: Doc, names: NameIndex) -> set[int]:
    """Tokens of the places in an armed group's name: part of the name, not places of the story. The
    name's place is a country or a wide area ("an attack by the Islamic State in Raghib" is in Raghib)."""
    out: set[int] = set()
    for tok in doc:
        if (
            tok.lower_ not in GROUP_HEADS
            or tok.i + 1 >= len(doc)
            or doc[tok.i + 1].lower_ not in ("in", "of")
        ):
            continue
        if tok.lower_ == "state" and (tok.i == 0 or doc[tok.i - 1].lower_ != "islamic"):
            continue
        k = tok.i + 2
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        first = k
        while k < len(doc) and doc[k].is_title and k - first < 3:
            k += 1
        prior = names.prior(doc[first:k].text) if k > first else None
        wide = prior is not None and prior.best_kind in ("country", "region", "area", "continent")
        if not wide and not (doc[first - 1].lower_ == "the" and prior is None and k - first > 1):
            continue  # "the Arabian Peninsula", "the Greater Sahara": wide areas the gazetteer may lack
        k = first
        while k < len(doc) and k - tok.i <= 8 and (doc[k].is_title or doc[k].lower_ in ("and", "the")):
            out.add(k)
            k += 1
    return out


# "Crolley's wife, Amelia", "his son Jordan": the name after a word for a relative is the person.
RELATIVE_NOUNS = frozenset(
    """wife husband son daughter mother father brother sister widow widower girlfriend boyfriend fiancee
    fiance niece nephew cousin grandson granddaughter grandmother grandfather aunt uncle stepson
    stepdaughter""".split()
)


def _names_a_relative(doc: Doc, start: int) -> bool:
    k = start - 1 if start > 0 and doc[start - 1].text == "," else start
    return k > 0 and doc[k - 1].lower_ in RELATIVE_NOUNS


def _names_a_vessel(doc: Doc, start: int) -> bool:
    """'the Liberia-flagged Daytona Beach', 'one of its container ships, San Antonio', 'the bulk
    carrier NJ Earth': a ship named after a place is no place."""
    k = start - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    if k >= 2 and doc[k - 2 : k + 1].text.replace(" ", "").lower() in ("m/t", "m/v", "m/y"):
        return True  # "the tanker M/T Belma" (the tokenizer splits the prefix)
    return k >= 0 and doc[k].lower_ in VESSEL_WORDS


def _trim(span: SpacySpan) -> tuple[int, int]:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in TITLE_WORDS or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’") or doc[end - 1].is_space):
        end -= 1
    last = doc[end - 1]
    if (
        end - start > 1
        and last.is_lower
        and last.lower_ in COMPASS
        and end < len(doc)
        and doc[end].lower_ == "of"
    ):
        end -= 1  # "the Fish Lake east of Basra": the lake (not "the Middle East of ...": capitals name it)
    return start, end


def _from_entity(
    ent: SpacySpan, names: NameIndex
) -> tuple[int, int, str, str, str | None, str | None] | None:
    start, end = _trim(ent)
    if start >= end:
        return None
    doc = ent.doc
    post = ent.label_ in ("GPE", "LOC", "FAC") and end - start > 1 and doc[end - 1].lower_ in POST_NOUNS
    if post:
        end -= 1  # "the Saudi Embassy" taken whole for a place: its owner's adjective
    text = doc[start:end].text
    label = ent.label_
    if label in ("GPE", "LOC") and not any(ch.isupper() for ch in text):
        return None  # "off its east coast", "the east bank of the river": words, not a place's name
    if label not in PLACE_LABELS and end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_:
        longer, whole = _extend_hyphenated(doc, start, end, text, names)
        if longer > end:
            return start, longer, "GAZ", whole, None, None  # "Évian-les-Bains", its first piece called NORP
    adjective = names.country_for_adjective(text)
    adjective_label = post or label in ("NORP", "GPE", "PERSON", "LOC")
    if adjective and adjective_label and not _looks_like_country_name(text, names):
        return start, end, "ADJ", names.country_name(adjective) or text, adjective, "country"
    if label in PLACE_LABELS:
        if text.lower() in COMPASS:
            return None  # "the East–West pipeline": a direction, not the place GeoNames calls "East"
        if end - start > 1 and doc[end - 1].lower_ in NAMED_MEETING_NOUNS and names.prior(text) is None:
            venue = doc[start : end - 1].text  # "the Islamabad Talks" taken whole for a place: the city
            if names.prior(venue) is not None:
                return start, end - 1, "GAZ", venue, None, None
        if label == "FAC" and names.prior(text) is None:
            return _facility_place(doc, start, end, names)
        end, text = _extend_hyphenated(doc, start, end, text, names)
        return start, end, label, text, None, None
    if label in ("ORG", "PERSON", "NORP") and _entity_is_really_a_place(doc, start, end, label, names):
        return start, end, "GAZ", text, None, None
    if label in ("ORG", "PERSON") and _before_facility_word(doc, end) and names.prior(text) is not None:
        return start, end, "GAZ", text, None, None  # "the Khurais oil field", "Jask airport"
    if label in ("ORG", "PERSON") and (facility := _named_facility(doc, start, end, names)) is not None:
        return facility
    if label in MISLABELS and _mislabelled_place(doc, start, end, names):
        return start, end, "GAZ", text, None, None
    if label in ("DATE", "TIME") and (before_time := _place_before_time(doc, start, end, names)) is not None:
        return before_time
    if (
        label in ("ORG", "PERSON", "WORK_OF_ART", "EVENT")
        or (label == "NORP" and not names.country_for_adjective(text))  # "near Hadrut" as a people
    ) and _place_of_fighting(doc, start, end, names):
        return start, end, "GAZ", text, None, None
    if label == "DATE":
        return _place_after_dash(doc, start, end, names)
    return None


POST_NOUNS = frozenset({"embassy", "consulate", "legation"})
ADMIN_WORDS = frozenset({"province", "district", "state", "region", "county", "governorate", "department"})
ARABIC_ARTICLES = frozenset("al el ad an ar as ash at az ed ez en er es et ul ur us".split())
DASHES = frozenset({"-", "–", "—", "--"})


def _place_after_dash(
    doc: Doc, start: int, end: int, names: NameIndex
) -> tuple[int, int, str, str, None, None] | None:
    """'NEW DELHI, September 20, 2021 - India reopened…': the model's DATE swallows the story's first
    word after the dateline's dash; that word is a place when the gazetteer knows it as a country or
    a sizeable place."""
    dash = next((k for k in range(end - 2, start, -1) if doc[k].text in DASHES), None)
    if dash is None:
        return None
    tokens = doc[dash + 1 : end]
    if len(tokens) > 3 or not all(t.is_title for t in tokens) or tokens.text.lower() in NOT_PLACES:
        return None
    prior = names.prior(tokens.text)
    if not _sizeable(prior):
        return None
    return dash + 1, end, "GAZ", tokens.text, None, None


# Labels the small model gives a place name it does not know ("in Montevideo" as DATE, "into Kursk"
# as PRODUCT); such an entity is a place when a place preposition governs it and the gazetteer knows it.
MISLABELS = frozenset({"DATE", "TIME", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})
PLACE_PREPOSITIONS = frozenset({"in", "into", "at", "near", "from", "to", "toward", "towards", "outside"})


# What a place's facility is called after the place's name: "Kuwait International Airport", "Ras
# Laffan Industrial City", "the Khurais oil field". Strikes in fighting reports name them.
FACILITY_WORDS = frozenset(
    """airport airbase airfield base field oilfield refinery port harbour harbor terminal dam crossing
    city complex plant facility""".split()
)
FACILITY_PHRASES = (
    ("air", "base"),
    ("naval", "base"),
    ("oil", "field"),
    ("gas", "field"),
    ("border", "crossing"),
)
FACILITY_FILLERS = frozenset(
    {"international", "industrial", "military", "natural", "oil", "gas", "air", "naval", "nuclear", "power"}
)


def _facility_place(
    doc: Doc, start: int, end: int, names: NameIndex
) -> tuple[int, int, str, str, None, None] | None:
    """'Kuwait International Airport' -> Kuwait: the place a facility is named after, where the
    facility itself is not in the gazetteer."""
    if doc[end - 1].lower_ not in FACILITY_WORDS:
        # "Larak Island", "the Allenby Bridge": a place the gazetteer lacks, kept unplaced
        # (diplomap.within places it where the text says it is)
        text = doc[start:end].text
        if doc[start].is_title and text.lower() not in NOT_PLACES:
            return start, end, "FAC", text, None, None
        return None
    k = end - 1
    while k > start and (doc[k - 1].lower_ in FACILITY_FILLERS or doc[k - 1].lower_ in FACILITY_WORDS):
        k -= 1
    text = doc[start:k].text
    if k <= start or text.lower() in NOT_PLACES:
        return None
    if names.prior(text) is None:
        # "Al Udeid Air Base": a place the gazetteer lacks, kept whole (unplaced unless the text
        # says where it is: diplomap.within)
        whole = doc[start:end].text
        return (start, end, "FAC", whole, None, None) if doc[start].is_title else None
    return start, k, "FAC", text, None, None


# What the small model calls an organisation or a person when a base or a plant is named after it.
NAMED_FACILITY = frozenset(
    {"base", "airbase", "airport", "airfield", "field", "oilfield", "plant", "facility", "dam", "refinery"}
)


def _named_facility(
    doc: Doc, start: int, end: int, names: NameIndex
) -> tuple[int, int, str, str, None, None] | None:
    """'Ali Al Salem' (PERSON) + 'Air Base', 'the U.S. Al Udeid' (ORG) + 'Air Base', 'the Natanz
    Nuclear Facility' (ORG): the facility as a place, at its namesake when the gazetteer knows it,
    else whole and unplaced (diplomap.within places it where the text says it is)."""
    stop = end
    while stop < len(doc) and (doc[stop].lower_ in FACILITY_FILLERS or doc[stop].lower_ in FACILITY_WORDS):
        stop += 1
    if stop == end:  # the facility word inside the entity: "Bushehr Nuclear Power Plant"
        if doc[end - 1].lower_ not in NAMED_FACILITY:
            return None
        stop = end
        while end > start and (
            doc[end - 1].lower_ in FACILITY_FILLERS or doc[end - 1].lower_ in FACILITY_WORDS
        ):
            end -= 1
    elif doc[stop - 1].lower_ not in NAMED_FACILITY:
        return None
    while start < end and (doc[start].lower_ == "the" or names.country_for_adjective(doc[start].text)):
        start += 1  # "the U.S. Al Udeid": the owner is not the name
    base = doc[start:end]
    if not len(base) or not all(t.is_title or t.text[:1].isupper() or t.lower_ in CONNECTORS for t in base):
        return None
    if base.text.lower() in NOT_PLACES or any(t.lower_ in ORG_WORDS for t in base):
        return None
    if names.prior(base.text) is not None:
        return start, end, "FAC", base.text, None, None
    return start, stop, "FAC", doc[start:stop].text, None, None


# Seats of government that news names as venues: "received Shultz at the Kremlin" is a meeting in
# Moscow. Only after a preposition of place ("at the Kremlin"): "the Kremlin said" is the government.
SEATS_OF_POWER: dict[tuple[str, ...], tuple[str, str]] = {
    ("kremlin",): ("Moscow", "RU"),
    ("elysee",): ("Paris", "FR"),
    ("élysée",): ("Paris", "FR"),
    ("elysee", "palace"): ("Paris", "FR"),
    ("élysée", "palace"): ("Paris", "FR"),
    ("downing", "street"): ("London", "GB"),
    ("zhongnanhai",): ("Beijing", "CN"),
    ("great", "hall", "of", "the", "people"): ("Beijing", "CN"),
    ("blue", "house"): ("Seoul", "KR"),
}
_SEATS_LONGEST_FIRST = sorted(SEATS_OF_POWER.items(), key=lambda kv: -len(kv[0]))  # "Elysee Palace" first
SEAT_PREPOSITIONS = frozenset({"at", "in", "to", "inside", "outside", "into"})


def _seats_of_power(doc: Doc) -> list[tuple[int, int, str, str, str | None, str | None]]:
    out: list[tuple[int, int, str, str, str | None, str | None]] = []
    for i in range(1, len(doc)):
        before = doc[i - 2 : i - 1] if doc[i - 1].lower_ == "the" else doc[i - 1 : i]
        if not (len(before) and before[0].lower_ in SEAT_PREPOSITIONS and doc[i].is_title):
            continue
        for words, (city, cc) in _SEATS_LONGEST_FIRST:
            after = doc[i + len(words)] if i + len(words) < len(doc) else None
            if tuple(t.lower_ for t in doc[i : i + len(words)]) == words and not (after and after.is_title):
                out.append((i, i + len(words), "FAC", city, cc, None))
                break
    return out


def _before_facility_word(doc: Doc, end: int) -> bool:
    nxt = [t.lower_ for t in doc[end : end + 2]]
    return bool(nxt) and (
        nxt[0] in ("airport", "airbase", "oilfield", "refinery") or tuple(nxt) in FACILITY_PHRASES
    )


def _after_place_preposition(doc: Doc, start: int) -> bool:
    return start > 0 and (doc[start - 1].lower_ in PLACE_PREPOSITIONS or _trip_to(doc[start - 1]))


# Verbs of a journey whose "to" names where it goes ("flew to Juba for talks"): no person is flown to.
JOURNEY_VERBS = frozenset({"fly", "travel", "jet", "head", "rush", "return", "sail", "drive"})


def _trip_to(prep: Token) -> bool:
    return prep.lower_ == "to" and prep.head.pos_ == "VERB" and prep.head.lemma_.lower() in JOURNEY_VERBS


# Words of time the small model joins to the place before them ("drone attacks on Kyiv overnight").
TIME_WORDS = frozenset(
    """overnight tonight today yesterday tomorrow morning afternoon evening night weekend monday tuesday
    wednesday thursday friday saturday sunday""".split()
)


def _place_before_time(
    doc: Doc, start: int, end: int, names: NameIndex
) -> tuple[int, int, str, str, None, None] | None:
    """'attacks on Kyiv overnight' (TIME), 'in Gaza Monday' (DATE): the place before the time words."""
    k = end
    while k > start and doc[k - 1].lower_ in TIME_WORDS:
        k -= 1
    if k in (end, start) or k - start > 3 or not all(t.is_title for t in doc[start:k]):
        return None
    if start == 0 or doc[start - 1].lower_ not in FIGHTING_PREPOSITIONS:
        return None
    text = doc[start:k].text
    prior = names.prior(text)
    if text.lower() in NOT_PLACES or not _sizeable(prior):
        return None
    return start, k, "GAZ", text, None, None


def _mislabelled_place(doc: Doc, start: int, end: int, names: NameIndex) -> bool:
    tokens = doc[start:end]
    if (
        end - start > 3
        or not all(t.is_title or not t.is_alpha for t in tokens)
        or any(t.like_num for t in tokens)
    ):
        return False
    if not _after_place_preposition(doc, start) or tokens.text.lower() in NOT_PLACES:
        return False
    prior = names.prior(tokens.text)
    return _sizeable(prior)


# How big a place must be to be taken for a name the small model mislabelled (a date, a time, a
# product) or swallowed into one: a country, a region, or a town of this population.
MISLABEL_FLOOR = 20_000


def _sizeable(prior: NamePriorLike | None) -> bool:
    return prior is not None and (
        prior.best_kind in ("country", "region") or prior.max_population >= MISLABEL_FLOOR
    )


# Armed violence in a sentence: a name the model calls a person or an organisation that the
# gazetteer knows as a town, put where that violence happens ("U.S. strikes near Bandar Abbas",
# "opens fire on a convoy in Palmyra", "the capture of Beled Hawo", "the Ben Guerdane attack"), is
# that town. Fighting reports name small towns the small model has rarely seen.
FIGHTING_CUES = frozenset(
    """airstrike airstrikes strike strikes attack attacks attacked shelling shelled bombing bombed fighting
    clashes clash offensive siege besieged capture captured recaptured ambush raid raids drone drones
    missile missiles rocket rockets gunfire gunmen militants insurgents rebels troops explosion explosions
    blast fire killed massacre artillery stormed seized overran overrun forces soldiers bombardment bombarded
    mortar mortars sniper snipers""".split()
)
FIGHTING_NOUNS = frozenset(
    """attack attacks bombing bombings siege capture fall shelling offensive massacre raid battle
    recapture control""".split()
)
CITY_PART_NOUNS = frozenset({"centre", "center", "outskirts", "heart", "streets", "suburbs", "edge"})
FIGHTING_PREPOSITIONS = PLACE_PREPOSITIONS | {"on", "across", "over", "around", "through"}
FIGHTING_FLOOR = 1_000


def _place_of_fighting(doc: Doc, start: int, end: int, names: NameIndex) -> bool:
    tokens = doc[start:end]
    if end - start > 3 or not all(t.is_title for t in tokens) or any(t.lower_ in ORG_WORDS for t in tokens):
        return False
    if tokens.text.lower() in NOT_PLACES or (end < len(doc) and doc[end].lower_ in ORG_WORDS):
        return False
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.is_title and before.tag_ == "NNP":
        return False  # a first name before it: the person
    prior = names.prior(tokens.text)
    lead = start
    if prior is not None and prior.best_kind == "area":  # "an assault on the upper Kodori Gorge"
        while lead > max(start - 2, 1) and (
            doc[lead - 1].lower_ == "the" or (doc[lead - 1].pos_ == "ADJ" and doc[lead - 1].is_lower)
        ):
            lead -= 1
    if not _in_fighting(doc, lead, end):
        return False
    return prior is not None and (
        prior.best_kind in ("region", "district", "area") or prior.max_population >= FIGHTING_FLOOR
    )  # (an area: "the mountains of Tora Bora", "an assault on the upper Kodori Gorge")


def _in_fighting(doc: Doc, start: int, end: int) -> bool:
    """The name is where the sentence's armed violence happens: 'in X', 'the capture of X', 'X came
    under shelling', 'captured X'."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    under_fire = (  # "Kramatorsk came under heavy shelling", "Stepanakert has been under bombardment"
        after is not None
        and after.lemma_.lower() in ("be", "have", "remain", "come")
        and any(t.lower_ == "under" for t in doc[end + 1 : end + 4])
    )
    placed = (
        under_fire
        or _captured(doc[end - 1])
        or (  # "Kramatorsk came under heavy shelling"
            before is not None
            and (
                before.lower_ in FIGHTING_PREPOSITIONS
                or (
                    before.lower_ == "of"
                    and start > 1
                    and doc[start - 2].lower_ in FIGHTING_NOUNS | CITY_PART_NOUNS  # "stormed the centre of X"
                )
                or (after is not None and after.lower_ in FIGHTING_NOUNS)
            )
        )
    )
    return placed and any(t.lower_ in FIGHTING_CUES for t in doc[start].sent)


CAPTURE_VERBS = frozenset(
    """capture seize overrun recapture retake storm infiltrate besiege encircle shell bomb bombard occupy
    invade hit strike pound raid""".split()
)


def _captured(tok: Token) -> bool:
    """'capturing Dessie, Debre Birhan and Ambo': what a capture verb takes, and the names listed
    with it."""
    while tok.dep_ == "conj" and tok.head.i < tok.i:
        tok = tok.head
    verb = tok.head.lemma_.lower()
    return (tok.dep_ in ("dobj", "nsubjpass") and verb in CAPTURE_VERBS) or (
        tok.dep_ == "nsubj" and verb == "fall" and any(c.lower_ == "to" for c in tok.head.children)
    )  # "Kunduz was overrun", "Kandahar fell to the Taliban"


def _extend_hyphenated(doc: Doc, start: int, end: int, text: str, names: NameIndex) -> tuple[int, str]:
    """spaCy splits 'Mazar-e-Sharif' and tags only 'Mazar': take the longer gazetteer name."""
    best = (end, text)
    if (
        end + 2 < len(doc)
        and doc[end].lower_ in ARABIC_ARTICLES
        and doc[end + 1].text == "-"
        and doc[end + 2].is_title
        and doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and not doc[end + 1].whitespace_
    ):  # "Deir ez-Zahrani" tagged as "Deir": the article and what follows it belong to the name
        return end + 3, doc[start : end + 3].text
    stop = min(len(doc), end + 4)
    k = end
    while k < stop and doc[k - 1].whitespace_ == "" and (doc[k].text == "-" or doc[k - 1].text == "-"):
        k += 1
        if doc[k - 1].text != "-" and names.prior(doc[start:k].text) is not None:
            best = (k, doc[start:k].text)
    return best


LISTED_FLOOR = 50_000
AMPERSAND_FLOOR = 1_000_000


def _listed_places(
    ent: SpacySpan, names: NameIndex
) -> list[tuple[int, int, str, str, str | None, str | None]] | None:
    """'Kyiv and Odesa' tagged as one work of art, 'Dnipro, Dnipropetrovsk Oblast' as one
    organisation: an entity that is only well-known places joined by commas and 'and' is those places."""
    if ent.label_ in PLACE_LABELS or not any(t.lower_ in ("and", ",", "&") for t in ent):
        return None
    doc = ent.doc
    start, end = _trim(ent)
    parts: list[tuple[int, int]] = []
    k = start
    for j in range(start, end + 1):
        if j == end or doc[j].lower_ in ("and", ",", "&"):
            if j > k:
                parts.append((k, j))
            k = j + 1
    if len(parts) < 2:
        return None
    # "Tecoanapa, Guerrero", "Bohodukhiv, Kharkiv Oblast": a town written before the region or country
    # it lies in is that town however small (the resolver looks for it inside the holder)
    last = names.prior(doc[parts[-1][0] : parts[-1][1]].text)
    held = last is not None and last.best_kind in ("country", "region") and doc[parts[-1][0] - 1].text == ","
    # "took control of Argun and Gudermes": towns of a fighting report may be small
    floor = FIGHTING_FLOOR if _in_fighting(doc, start, end) else LISTED_FLOOR
    if any(t.text == "&" for t in doc[start:end]):
        floor = AMPERSAND_FLOOR  # "Tehran, Damascus & Ankara", not "Johnson & Johnson"
    out: list[tuple[int, int, str, str, str | None, str | None]] = []
    for a, b in parts:
        text = doc[a:b].text
        prior = names.prior(text)
        if (
            b - a > 3
            or not all(t.is_title for t in doc[a:b])
            or any(t.lower_ in ORG_WORDS for t in doc[a:b])
            or text.lower() in NOT_PLACES
            or prior is None
            or not (prior.best_kind in ("country", "region") or prior.max_population >= floor or held)
        ):
            return None
        out.append((a, b, "GAZ", text, None, None))
    return out


def _looks_like_country_name(text: str, names: NameIndex) -> bool:
    prior = names.prior(text)
    return prior is not None and prior.best_kind == "country"


def _entity_is_really_a_place(doc: Doc, start: int, end: int, label: str, names: NameIndex) -> bool:
    """The small model calls Dushanbe and Herat ORG and Tajikistan NORP: trust the gazetteer
    when the whole entity is a well-known place and has no organisation word."""
    tokens = doc[start:end]
    prior = names.prior(tokens.text)
    acronym = tokens.text.isupper() and not (prior is not None and prior.best_kind == "country")
    long_name = end - start > 3 and not (end - start <= 5 and _after_place_noun(doc, start))
    if any(t.lower_ in ORG_WORDS for t in tokens) or long_name or acronym:
        return False  # "SCO", "MEA": acronyms of organisations, not places ("the UAE" is one)
    if end < len(doc) and doc[end].lower_ in ORG_WORDS:
        return False
    if prior is None or tokens.text.lower() in NOT_PLACES:
        return False
    if prior.best_kind in ("country", "continent"):
        return True
    if _before_place_noun(doc, start, end):
        return True  # "the Dahieh suburb of Beirut", "the Nuseirat refugee camp": a place noun heads it
    if _after_place_noun(doc, start):
        return True  # "the city of Escuinapa de Hidalgo", "the town of X"
    if (
        _described_as_place(doc, start, end)
        and prior.best_kind in ("city", "district")
        and not (start > 0 and doc[start - 1].is_title and doc[start - 1].tag_ == "NNP")
    ):
        return True  # "around Gitarama, where ...", "in Stepanakert, the main city of ..."
    if label == "PERSON":  # "Kharkiv" as PERSON: only big places, never after a first name
        after_name = start > 0 and doc[start - 1].is_title and doc[start - 1].tag_ == "NNP"
        after_place_prep = start > 0 and (
            doc[start - 1].lower_ in ("in", "at", "near", "from") or _trip_to(doc[start - 1])
        )
        if (
            prior.best_kind == "region"
            and start > 1
            and doc[start - 1].text == ","
            and doc[start - 2].pos_ == "PROPN"
        ):
            return True  # "in Dera Ismail Khan, Khyber Pakhtunkhwa": a province after the town it holds
        if after_place_prep and prior.best_kind == "area":
            return True  # "in Al-Tanf": a named site or area, no person's name
        floor = PREP_FLOOR if after_place_prep else 1_000_000  # "in Kaesong" is no person
        return prior.max_population >= floor and end - start == 1 and not after_name
    threshold = ORG_PREP_FLOOR if _after_place_preposition(doc, start) else 50_000
    return prior.best_kind in ("region", "area") or prior.max_population >= threshold


def _embedded_names(
    ent: SpacySpan, names: NameIndex
) -> Iterable[tuple[int, int, str, str, str | None, str | None]]:
    """Places inside an organisation's name ("Dublin City Council", "U.S. Census Bureau").
    They are kept as EMB: not literal places, so never map points or roles of their own."""
    doc = ent.doc
    i = ent.start
    first = i + 1 if doc[i].lower_ == "the" else i
    adjective = names.country_for_adjective(doc[first].text) if first < ent.end - 1 else None
    if adjective and not _looks_like_country_name(doc[first].text, names):
        # "The Kuwaiti defense ministry": the state's own body, whose adjective the roles read
        # as the country when its forces defend it (diplomap.pipeline's standing demonyms)
        yield first, first + 1, "ADJ", names.country_name(adjective) or doc[first].text, adjective, "country"
        i = first + 1
    while i < ent.end:
        tok = doc[i]
        if (
            not (tok.is_title or tok.text in KNOWN_CODES)
            or tok.is_stop
            or tok.lower_ in NOT_PLACES
            or tok.lower_ in ORG_WORDS
        ):
            i += 1
            continue
        best = None
        for k in range(min(ent.end, i + 3), i, -1):
            prior = names.prior(doc[i:k].text)
            if prior is not None and (
                prior.best_kind in ("country", "region") or prior.max_population >= 100_000
            ):
                best = k
                break
        if best is None:
            i += 1
            continue
        # "the Munich Security Conference", "the Doha Forum": a meeting named after its venue is held there
        venue = i == first and doc[ent.end - 1].lower_ in NAMED_MEETING_NOUNS
        # "the British Embassy Tokyo", "the U.S. Embassy Baghdad": a post named with its city is there
        seat = best == ent.end and i > ent.start and doc[i - 1].lower_ in ("embassy", "consulate")
        yield i, best, "GAZ" if venue or seat else "EMB", doc[i:best].text, None, None
        i = best


KNOWN_CODES = frozenset({"U.S.", "US", "UK", "U.K.", "UAE", "EU"})
NAMED_MEETING_NOUNS = frozenset({"conference", "summit", "talks", "forum", "dialogue", "negotiations"})


def _is_name_start(tok: Token) -> bool:
    if tok.lower_ in NOT_PLACES or len(tok.text) < 3:
        return False
    if tok.is_upper and tok.is_alpha and len(tok.text) > 3:
        return tok.i + 1 < len(tok.doc) and tok.nbor().text in (",", "-", "—", "(")  # "GAINESVILLE, Ga. --"
    return tok.is_title and tok.tag_ in ("NNP", "NNPS")


def _gazetteer_scan(
    doc: Doc, names: NameIndex, covered: list[bool], person_words: set[str]
) -> Iterable[tuple[int, int, str, str, str | None, str | None]]:
    """Longest gazetteer names over runs of proper nouns that no entity claimed."""
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if not covered[i] and (demonym := _uncovered_demonym(tok, names)) is not None:
            yield demonym
            i += 1
            continue
        if not covered[i] and (area := _compass_area(doc, i, names, covered)) is not None:
            yield area
            i = area[1]
            continue
        if covered[i] or not (_is_name_start(tok) or _country_as_noun(tok, names)):
            i += 1
            continue
        best = _longest_name(doc, i, names, covered)
        if best is None:
            i += 1
            continue
        end, text = best
        if end - i == 1 and tok.lower_ in person_words:
            i += 1
            continue  # "Clark said": a surname the model saw in a full name
        if _scan_accepts(doc, i, end, text, names):
            yield i, end, "GAZ", text, None, None
        i = end


COMPASS_ADJECTIVES = frozenset(
    """eastern western northern southern northeastern northwestern southeastern southwestern""".split()
)


def _compass_area(
    doc: Doc, i: int, names: NameIndex, covered: list[bool]
) -> tuple[int, int, str, str, str | None, str | None] | None:
    """'the rebel enclave of eastern Ghouta': an area whose name starts with a compass word, written
    in lower case before the rest of its name ("Eastern Ghouta" in the gazetteer, "Ghouta" not)."""
    if i + 1 >= len(doc) or covered[i + 1] or _longest_name(doc, i + 1, names, covered) is not None:
        return None  # "eastern Ukraine": the name stands alone, the compass word only qualifies it
    for end in range(min(len(doc), i + 4), i + 1, -1):
        if not any(covered[i + 1 : end]) and (hit := _compass_name(doc, i, end, names)) is not None:
            return hit
    return None


def _compass_name(
    doc: Doc, i: int, end: int, names: NameIndex
) -> tuple[int, int, str, str, str | None, str | None] | None:
    """doc[i] a lower-case compass word and doc[i + 1 : end] a name that, with the word, is an area."""
    tok = doc[i]
    if tok.lower_ not in COMPASS_ADJECTIVES or not tok.is_lower:
        return None
    if not all(t.is_title for t in doc[i + 1 : end]):
        return None
    text = f"{tok.text.capitalize()} {doc[i + 1 : end].text}"
    prior = names.prior(text)
    if prior is not None and prior.best_kind in ("region", "district", "area"):
        return i + 1, end, "GAZ", text, None, None  # the toponym is the name; the query the area's
    return None


def _country_as_noun(tok: Token, names: NameIndex) -> bool:
    """'Bahrain imposes a curfew': the tagger calls a sentence's first word a common noun; a
    capitalised word that is a country's name is the country."""
    if not (tok.is_title and tok.tag_ in ("NN", "NNS", "JJ")) or tok.lower_ in NOT_PLACES:
        return False
    prior = names.prior(tok.text)
    return prior is not None and prior.best_kind == "country"


def _uncovered_demonym(
    tok: Token, names: NameIndex
) -> tuple[int, int, str, str, str | None, str | None] | None:
    """'The Bahraini military announces': a country's adjective the model left unlabelled, before
    the lower-case noun it qualifies."""
    if not tok.is_title or tok.i + 1 >= len(tok.doc) or not tok.nbor().is_lower:
        return None
    if _looks_like_country_name(tok.text, names):
        return None
    country = names.country_for_adjective(tok.text)
    if country is None:
        return None
    return tok.i, tok.i + 1, "ADJ", names.country_name(country) or tok.text, country, "country"


def _longest_name(doc: Doc, start: int, names: NameIndex, covered: list[bool]) -> tuple[int, str] | None:
    best = None
    end = start
    limit = min(len(doc), start + MAX_NGRAM)
    while end < limit and not covered[end]:
        tok = doc[end]
        if end > start and not (tok.is_title or tok.is_upper or tok.lower_ in CONNECTORS or tok.text == "-"):
            break
        end += 1
        if doc[end - 1].lower_ in CONNECTORS or doc[end - 1].text == "-":
            continue
        text = doc[start:end].text
        if names.prior(text) is not None:
            best = (end, text)
    return best


def _scan_accepts(doc: Doc, start: int, end: int, text: str, names: NameIndex) -> bool:
    prior = names.prior(text)
    if prior is None or text.lower() in NOT_PLACE_PHRASES:
        return False
    if end < len(doc) and (doc[end].lower_ in ORG_WORDS or (doc[end].is_title and doc[end].tag_ == "NNP")):
        return False  # "Kabul University", "Paris Hilton": part of a longer name
    if end < len(doc) and doc[end].text == "." and end - start == 1 and len(doc[start].text) <= 4:
        return False  # "Sgt.", "Pct.": an abbreviation
    if (
        start > 0
        and not doc[start - 1].is_sent_start
        and doc[start - 1].is_title
        and doc[start - 1].pos_ == "PROPN"
        and names.prior(doc[start - 1].text) is None
        and prior.best_kind not in ("country", "continent", "region", "area")
        and prior.max_population < 100_000
    ):
        return False  # "Mediators Cyrus Vance": a surname after a first name the model missed
    if prior.best_kind in ("country", "continent", "region", "area"):
        return True
    return prior.max_population >= 5_000


def _descriptive_references(
    doc: Doc, names: NameIndex, found: list[tuple[int, int, str, str, str | None, str | None]]
) -> list[tuple[int, int, str, str, str | None, str | None]]:
    """'the Tajik capital' / 'Afghanistan's capital' stand for the capital city."""
    out: list[tuple[int, int, str, str, str | None, str | None]] = []
    for hit in found:
        start, end, label, _query, cc, _kind = hit
        after = end + (1 if end < len(doc) and doc[end].text in ("'s", "’s") else 0)
        if label in ("ADJ", "GPE", "GAZ") and after < len(doc) and doc[after].lower_ == "capital":
            country = cc or _country_code_of(doc[start:end].text, names)
            capital = names.capital_of(country) if country else None
            if capital:
                first = start - 1 if start > 0 and doc[start - 1].lower_ == "the" else start
                out.append((first, after + 1, "DESC", capital, country, "capital"))
                continue
        out.append(hit)
    return out


def _country_code_of(text: str, names: NameIndex) -> str | None:
    return names.country_for_adjective(text) or names.country_code_of(text)


def _drop_overlaps(
    found: list[tuple[int, int, str, str, str | None, str | None]],
) -> list[tuple[int, int, str, str, str | None, str | None]]:
    kept: list[tuple[int, int, str, str, str | None, str | None]] = []
    for hit in sorted(found, key=lambda h: (h[0], -(h[1] - h[0]))):
        if kept and hit[0] < kept[-1][1]:
            continue
        kept.append(hit)
    return kept


def _to_mention(
    doc: Doc, hit: tuple[int, int, str, str, str | None, str | None], offset: int
) -> PlaceMention:
    start, end, label, query, cc, kind = hit
    span = doc[start:end]
    sent = span.sent
    return PlaceMention(
        text=span.text,
        start=span.start_char + offset,
        end=span.end_char + offset,
        label=label,
        sentence=Span(sent.start_char + offset, sent.end_char + offset, sent.text),
        query=query,
        country_hint=cc,
        kind_hint=kind,
    )
