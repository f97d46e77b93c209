"""Features of a place for the learned role reader: what the words around each of its mentions,
the parse that ties them, and the rules say. Plain strings, so a linear model can weigh them and a
person can read the weights.

A place (every mention of one resolved place in one article) gets the union of its mentions'
features plus a few of its own (kind, how often it is named, whether a place inside it has a role).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extraction.roles import describes_a_place, measured_from
from extraction.types import PlaceMention, Role, RoleReading

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Words whose presence in the sentence matters for some role, kept as sentence features; other
# sentence words are too many for the labels we have.
CUE_LEMMAS = frozenset(
    """embassy consulate consul mission ambassador envoy diplomat diplomatic chancery legation commission
    evacuate close reopen open shut suspend staff residence palace office ministry headquarters
    meet meeting visit talk talks summit conference negotiate negotiation host trip tour arrive travel sign
    agreement deal treaty delegation counterpart minister president leader secretary pm premier chancellor
    king prince foreign state official bilateral hold welcome receive gather discuss call phone
    fight fighting clash attack assault offensive battle capture seize shell shelling bomb bombing airstrike
    strike missile rocket drone raid ambush kill killed casualty wound wounded injure troop force army
    military soldier rebel insurgent militant militia gunman terrorist explosion blast war conflict
    siege invasion invade occupy ceasefire truce violence security deteriorate artillery mortar fire
    control frontline front advance retreat liberate recapture hostage kidnap massacre genocide civilian
    near border km kilometre mile north south east west outside between across from
    deploy deployment test launch produce build manufacture weapon exercise drill sanction protest
    police crime murder shooting shoot arrest court trial election vote economy trade match game
    not never no unlikely could may might would if plan propose expect cancel postpone
    history historic former ago century decade during since year anniversary memorial
    private holiday vacation tourist company business""".split()
)

CHAIN_AFTER = re.compile(r"[A-Z][\w'’.-]*,\s*$")
# What an article is about, counted in sentences: a story of fighting, or one line of it in a story
# about something else (the rules' own count of this is a rule feature; this one needs no rule).
FIGHT_CUES = frozenset(
    """fight fighting clash attack assault offensive battle airstrike shelling bombing bomb missile rocket
    drone raid ambush troop army military soldier rebel insurgent militant militia gunman war siege
    invasion artillery ceasefire frontline hostage massacre explosion blast""".split()
)
DIPLO_CUES = frozenset(
    """embassy consulate ambassador envoy diplomat diplomatic summit talk talks meet meeting visit
    counterpart delegation bilateral negotiation treaty""".split()
)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True, slots=True)
class PlaceGroup:
    """The mentions of one place in one article (indices into the article's mentions)."""

    key: str
    members: tuple[int, ...]
    kind: str  # country | region | district | city | area | continent
    country: str  # ISO alpha-2 of the place
    is_main_country: bool  # the article's most named country


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What a mention's features need of its whole article."""

    feats: set[str]  # how many sentences speak of fighting, of diplomacy
    sentence_at: dict[int, int]  # each sentence's index by its start in the text
    latest_year: int  # the latest year the article names (0 if none)


def article_features(docs: Sequence[tuple[int, Doc]]) -> ArticleContext:
    fight = diplo = 0
    index: dict[int, int] = {}
    for offset, doc in docs:
        for sent in doc.sents:
            index[offset + sent.start_char] = len(index)
            lemmas = {t.lemma_.lower() for t in sent}
            fight += not lemmas.isdisjoint(FIGHT_CUES)
            diplo += not lemmas.isdisjoint(DIPLO_CUES)
    years = [int(y) for _off, doc in docs for y in YEAR.findall(doc.text)]
    feats = {f"art_fight={_bucket(fight)}", f"art_diplo={_bucket(diplo)}", f"art_len={_length(len(index))}"}
    return ArticleContext(feats, index, max(years, default=0))


def _length(n: int) -> str:
    """An article's sentences: a one-line summary, a short report, a story, a long feature."""
    return "1" if n <= 1 else "2-4" if n <= 4 else "5-14" if n <= 14 else "15+"


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4+"


def mention_features(
    mention: PlaceMention, sent: SpacySpan | None, *, article: ArticleContext | None = None
) -> set[str]:
    """What the words, the parse and the article say of one mention (the rules' readings are added
    by ``rule_features`` for the reader that weighs them)."""
    feats = {f"label={mention.label}"}
    if article is not None:
        feats |= article.feats
        at = article.sentence_at.get(mention.sentence.start)
        if at is not None:
            feats.add(f"sent_at={at if at < 2 else '2-4' if at < 5 else '5+'}")
        years = [int(y) for y in YEAR.findall(mention.sentence.text)]
        if years and max(years) < article.latest_year - 1:
            feats.add("earlier_year")  # the sentence dates itself before the article's time
    if sent is None:
        return feats
    doc = sent.doc
    offset = mention.sentence.start - sent.start_char
    span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
    if span is None or len(span) == 0:
        return feats
    feats |= _syntax(span, sent)
    feats |= _window(doc, span, sent)
    feats |= {f"s:{t.lemma_.lower()}" for t in sent if t.lemma_.lower() in CUE_LEMMAS}
    if sent.start == 0 or mention.sentence.start < 3:
        feats.add("first_sentence")
    before = doc.text[max(sent.start_char, span.start_char - 60) : span.start_char]
    if measured_from(doc.text, span.start_char):
        feats.add("distance_ref")  # "160 km south of X": X is a reference point
    if re.search(r"\bborders?\s+(?:with\s+)?$", before, re.I):
        feats.add("border_with")
    if CHAIN_AFTER.search(before):
        feats.add("chain")  # "Maarakah, Tyre District, Lebanon": the place that holds the one before
    return feats


def rule_features(readings: Sequence[RoleReading]) -> set[str]:
    """What the rules read in a mention: each role, with its trigger word and status."""
    feats: set[str] = set()
    for r in readings:
        if r.role != Role.MENTION:
            trig = r.trigger.lower() if r.trigger else ""
            feats |= {f"rule={r.role}", f"rule={r.role}:{trig}"}
            if r.status:
                feats.add(f"rule={r.role}:status={r.status}")
    return feats


DESCRIBES_PLACE = "describes_place"  # "the Red Sea port town of Mokha": only says what kind Mokha is


def _syntax(span: SpacySpan, sent: SpacySpan) -> set[str]:
    root = span.root
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    feats = {f"dep={root.dep_}"}
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "compound", "poss", "appos"):
        # Who does it or undergoes it: "Iran struck", "struck Iran", "US strikes", "Iran's strikes".
        feats.add(f"dep={root.dep_}:{head.lemma_.lower()}")
    if root.dep_ == "pobj":
        feats.add(f"prep={head.lower_}")
        feats.add(f"prep={head.lower_}:{head.head.lemma_.lower()}")
        head = head.head
    feats.add(f"head={head.lemma_.lower()}")
    feats.add(f"head_pos={head.pos_}")
    for k, anc in enumerate(list(head.ancestors)[:3]):
        feats.add(f"anc={anc.lemma_.lower()}")
        if k == 0:
            feats.add(f"anc1={anc.lemma_.lower()}")
    for child in head.children:
        if child.dep_ in ("neg",):
            feats.add("head_negated")
        if child.dep_ == "aux" and child.lower_ in ("will", "would", "could", "may", "might"):
            feats.add(f"head_aux={child.lower_}")
    if root.dep_ in ("compound", "amod", "nmod", "poss"):
        feats.add(f"modifies={root.head.lemma_.lower()}")
    if describes_a_place(root):
        feats.add(DESCRIBES_PLACE)
    return feats


def _window(doc: Doc, span: SpacySpan, sent: SpacySpan) -> set[str]:
    feats: set[str] = set()
    left = [t for t in doc[max(sent.start, span.start - 4) : span.start] if not t.is_punct]
    right = [t for t in doc[span.end : min(sent.end, span.end + 4)] if not t.is_punct]
    feats |= {f"w-{_word(t)}" for t in left} | {f"w+{_word(t)}" for t in right}
    if span.start > sent.start:
        feats.add(f"prev={doc[span.start - 1].lower_}")
    if span.end < sent.end:
        feats.add(f"next={doc[span.end].lower_}")
    return feats


def _word(tok: Token) -> str:
    return tok.lemma_.lower() if tok.is_alpha else "#" if tok.like_num else "_"


def place_features(
    group: PlaceGroup,
    mention_feats: Sequence[set[str]],
    readings: Sequence[Sequence[RoleReading]],
    inner_roles: set[str],
    *,
    use_rules: bool,
) -> set[str]:
    """The union of the group's mention features, plus the place's own."""
    feats = {"bias", f"kind={group.kind}"}
    # Where the rules gave a role, those mentions speak for the place: the other mentions of a
    # much-named country add mostly noise ("Afghanistan said", "the Afghan war").
    ruled = [i for i in group.members if any(r.role != Role.MENTION for r in readings[i])]
    for i in ruled if use_rules and ruled else group.members:
        feats |= mention_feats[i]
    n = len(group.members)
    feats.add(f"mentions={'1' if n == 1 else '2' if n == 2 else '3-5' if n <= 5 else '6+'}")
    if group.is_main_country:
        feats.add("main_country")
    if all("chain" in mention_feats[i] for i in group.members):
        feats.add(f"{group.kind}|only_chain")  # named only as what holds another place
    if use_rules:
        for role in inner_roles:
            feats.add(f"inner={role}")  # a place inside this one has the role
        # How much of the article the rules find about each role: a story of fighting, or one
        # line of it in a story about something else.
        for role in (Role.DIPLOMATIC_POST, Role.MEETING, Role.CONFLICT):
            n = sum(1 for rs in readings if any(r.role == role for r in rs))
            feats.add(f"article_rule={role}:{_bucket(n)}")
        counts = {r: sum(1 for i in group.members for x in readings[i] if x.role == r) for r in Role}
        for role, c in counts.items():
            if role != Role.MENTION and c:
                bucket = "1" if c == 1 else "2" if c == 2 else "3+"
                feats |= {f"rule_count={role}:{bucket}", f"{group.kind}|rule_count={role}:{bucket}"}
        # A rule's word means more for a city than for a whole country ("US troops" vs "in Kabul").
        feats |= {f"{group.kind}|{f}" for f in list(feats) if f.startswith("rule=") and ":" not in f}
    return feats
