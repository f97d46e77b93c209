"""The learned role reader: calibrated linear models per role over place features.

The rules of ``extraction.roles`` read each sentence; the model then decides, for each place of
the article (all mentions of one resolved place), whether it is a diplomatic post, a meeting place
or a conflict area, with a probability. Two readers are learned: one with the rules' readings among
its features (what the rules know is kept where the labels agree with it, and overruled where real
news showed it wrong) and one over the words, the parse and the article alone; the shipped reader
blends their probabilities (``READER``).

Weights and their meta live in ``assets/models/roles/``; ``diplomap.role_training`` writes them.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from diplomap.errors import RoleModelError
from extraction.role_features import (
    DESCRIBES_PLACE,
    PlaceGroup,
    article_features,
    mention_features,
    place_features,
    rule_features,
)
from extraction.roles import ANIMALS, ARMED_WORDS, BESIDE, SPACE_WORDS
from extraction.types import PlaceMention, Role, RoleReading

if TYPE_CHECKING:  # spaCy stays unimported until a text is read (the dashboard's reader version needs none)
    from spacy.tokens import Doc

ROLES = (Role.DIPLOMATIC_POST, Role.MEETING, Role.CONFLICT)
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "assets" / "models" / "roles"
UNCERTAIN_BELOW = 0.75
# The reader that decides: the blend of the reader that weighs the rules' readings and the one that
# reads the words alone. The rules were written from the same labelled articles the model learns
# from, so on those the rule features look surer than they are on news nobody has read; the words
# alone carry to new news better. Chosen on draw 21, held unread until scored: F1 .899 against .873
# (model + rules) and .874 (words alone); bench/roles_news_eval.py --draw 21.
READERS = ("model", "model+rules", "blend")
READER = "blend"
# A country's conflict reading from the rules is kept at this probability when a place inside it is a
# conflict area at least INSIDE_SURE (the guide accepts the country of a conflict place).
COUNTRY_FLOOR = 0.3
# The model alone adds a conflict area to a whole country or state only at this probability: on the
# folds, such additions were mostly an attacker's or a bystander's country (9 of 13 wrong at the
# role's threshold; bench/roles_cv.py, model + rules .886 -> .888, false positives 105 -> 96).
WIDE_ADD = 0.7
INSIDE_SURE = 0.65
# The sentence words (role_features.CUE_LEMMAS) that say someone meets someone somewhere.
MEETING_CUES = frozenset(
    f"s:{w}"
    for w in """meet meeting visit talk talks summit conference negotiate negotiation host trip tour
    arrive travel delegation counterpart welcome receive bilateral""".split()
)

# The sentence words that speak of armed violence or of its casualties. The model alone adds a
# conflict area only where a sentence naming the place has one: without, it read a building's
# collapse in "a city in the Ural region", protests in Belgrade and a drone sighting near an
# airport as conflict (bench/roles_cv.py: four false roles fewer, no true one lost).
ARMED_CUES = frozenset(
    f"s:{w}"
    for w in """fight fighting clash offensive battle capture seize shell shelling bomb bombing airstrike
    strike missile rocket drone raid ambush troop army military soldier rebel insurgent militant militia
    gunman terrorist war conflict siege invasion invade occupy ceasefire truce artillery mortar frontline
    recapture liberate hostage massacre genocide attack assault kill killed explosion blast wound
    wounded injure force""".split()
)
# Of those, the ones that name war's means or its fighters; and the words of a criminal case. Where
# a place's sentences speak of police or a court and only of attacks, killing or wounding, the model
# alone does not make it a conflict area ("a man attacked his mom's car in Beverly Hills, police
# said", "charges of assault ... in Tipperary town"): the guide's ordinary crime.
WAR_CUES = ARMED_CUES - frozenset(
    f"s:{w}" for w in "attack assault kill killed wound wounded injure force capture seize strike".split()
)
# Where a country named in its sentences of armed violence acts: their subject, or whose ("Turkey's").
ACTOR_DEPS = frozenset({"dep=nsubj", "dep=poss"})
# Where something was said: "In Managua, the government said rebels had killed 12 civilians near the
# Honduran border", "told reporters in Tokyo".
SPOKEN_AT = frozenset(
    f"prep={p}:{v}"
    for p in ("in", "from")
    for v in "say tell report announce claim confirm add state".split()
) | {"dep=dobj:reach"}  # "according to reports reaching Bangkok": where the news arrived
CRIME_CUES = frozenset(f"s:{w}" for w in "police crime murder arrest court trial".split())


@dataclass(frozen=True, slots=True)
class RoleWeights:
    """One role's linear model: feature -> weight, a bias, Platt calibration and the threshold."""

    weights: dict[str, float]
    bias: float
    scale: float = 1.0
    shift: float = 0.0
    threshold: float = 0.5
    ruled_threshold: float = 0.5  # for a place the rules already gave this role

    def probability(self, feats: set[str]) -> float:
        return _sigmoid(self.scale * self.raw(feats) + self.shift)

    def raw(self, feats: set[str]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) for f in feats)


@dataclass(frozen=True, slots=True)
class RoleModel:
    """``roles``: the weights that decide; with ``words`` (the weights of the reader that does not
    see the rules) each probability is the two readers' blend, and ``roles`` carry its thresholds."""

    roles: dict[str, RoleWeights]
    use_rules: bool = True
    meta: dict = field(default_factory=dict)
    words: dict[str, RoleWeights] | None = None
    mix: dict[str, tuple[float, float]] = field(default_factory=dict)  # the blend's Platt scaling

    @classmethod
    def load(cls, folder: Path | None = None, *, reader: str = READER) -> RoleModel:
        """The user's retrained model if there is one (``DIPLOMAP_MODEL_DIR``), else the shipped one."""
        folder = folder or active_model_dir()
        try:
            data = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RoleModelError(f"cannot read the role model in {folder}: {exc}") from exc
        return cls.from_dict(data, meta, reader=reader)

    @classmethod
    def from_dict(cls, data: dict, meta: dict | None = None, *, reader: str = READER) -> RoleModel:
        """``reader``: "blend" (the shipped one), "model+rules" (the rules' readings among the
        features) or "model" (the words alone)."""
        if reader not in READERS:
            raise ValueError(f"unknown role reader {reader!r}: one of {', '.join(READERS)}")
        if reader == "blend" and "blend" not in data:
            reader = "model+rules"  # a model retrained here before the blend existed: its own reader
        variant = data["without_rules" if reader == "model" else "with_rules"]
        roles = {name: RoleWeights(**w) for name, w in variant.items()}
        if reader != "blend":
            return cls(roles, reader == "model+rules", meta or {})
        mix = {name: data["blend"][name] for name in roles}
        roles = {
            name: replace(w, threshold=mix[name]["threshold"], ruled_threshold=mix[name]["ruled_threshold"])
            for name, w in roles.items()
        }
        words = {name: RoleWeights(**w) for name, w in data["without_rules"].items()}
        calibration = {name: (m["scale"], m["shift"]) for name, m in mix.items()}
        return cls(roles, True, meta or {}, words, calibration)

    def probabilities(self, feats: set[str], word_feats: set[str] | None = None) -> dict[str, float]:
        if self.words is None or word_feats is None:
            return {name: w.probability(feats) for name, w in self.roles.items()}
        out = {}
        for name, w in self.roles.items():
            scale, shift = self.mix[name]
            out[name] = _sigmoid(
                scale * blend(w.probability(feats), self.words[name].probability(word_feats)) + shift
            )
        return out

    def refine(
        self,
        mentions: Sequence[PlaceMention],
        docs: Sequence[tuple[int, Doc]],
        readings: Sequence[Sequence[RoleReading]],
        groups: Sequence[PlaceGroup],
        inner_roles: Sequence[set[str]],
    ) -> list[list[RoleReading]]:
        """The rules' readings, kept, dropped or added per place as the model decides, each
        carrying the place's probability for its role as its confidence."""
        wfeats = featurize_mentions(mentions, docs)
        mfeats = wfeats
        if self.use_rules:
            mfeats = [f | rule_features(rs) for f, rs in zip(wfeats, readings, strict=True)]
        out = [list(rs) for rs in readings]
        probs = []
        for group, inner in zip(groups, inner_roles, strict=True):
            feats = place_features(group, mfeats, readings, inner, use_rules=self.use_rules)
            words = None
            if self.words is not None:  # the blend: the words-alone reader's view of the place too
                words = place_features(group, wfeats, readings, inner, use_rules=False)
            probs.append(self.probabilities(feats, words))
        kept_inside = _countries_with_conflict_inside(groups, probs, self.roles)
        for group, p in zip(groups, probs, strict=True):
            for name, w in self.roles.items():
                prob = p[name]
                if (
                    self.use_rules
                    and name == Role.CONFLICT
                    and group.kind == "country"
                    and group.country in kept_inside
                    and prob >= COUNTRY_FLOOR
                ):
                    # The guide: the country of a conflict place, when the text itself places the
                    # fighting in it, is acceptable; the rules' reading of the country stands,
                    # drawn as uncertain.
                    w = replace(w, ruled_threshold=COUNTRY_FLOOR)
                _decide(out, mentions, mfeats, group, Role(name), w, prob)
        for i, m in enumerate(mentions):
            if not any(r.role != Role.MENTION for r in out[i]) and not out[i]:
                out[i].append(RoleReading(Role.MENTION, m.sentence, 0.6))
        return out


_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")
LIFTOFF = re.compile(r"\b(?:lift(?:ed|s)? off|blast(?:ed|s)? off|liftoff|lift-off)\b")


STATIONED = frozenset({"based", "stationed", "deployed", "garrisoned", "headquartered"})
HARM_TOLD = frozenset(
    """attack attacks attacked killed killing fighting fought clashes clash strike strikes struck shelling
    shelled bombing bombed bombs raid raids battle battles offensive ambush wounded casualties""".split()
)


def _stationed_only(sentence: str) -> bool:
    """'from Bagram air base, where U.S. and British special forces are based': armed men kept somewhere,
    no fighting told (the guide: deployed without fighting)."""
    words = set(_WORD.findall(sentence.lower()))
    return bool(words & STATIONED) and not words & HARM_TOLD


def _no_war_told(sentence: str) -> bool:
    """A sentence of an animal's attack, of a spaceflight or of nuclear tests, with no armed force in
    it (the rules' own words, extraction.roles): what the model alone would take for fighting."""
    low = sentence.lower()
    words = set(_WORD.findall(low))
    if (words - {"rocket", "rockets"}) & ARMED_WORDS:
        return False
    if words & {"devices"} or ("nuclear" in words and words & {"test", "tests", "tested", "testing"}):
        return True  # "set off five devices at Pokhran ... six blasts in the Chagai hills": nuclear tests
    return bool(words & ANIMALS or words & SPACE_WORDS or LIFTOFF.search(low))


def _countries_with_conflict_inside(
    groups: Sequence[PlaceGroup], probs: Sequence[dict[str, float]], roles: dict[str, RoleWeights]
) -> set[str]:
    w = roles.get(Role.CONFLICT)
    if w is None:
        return set()
    return {
        g.country
        for g, p in zip(groups, probs, strict=True)
        if g.kind != "country" and p[Role.CONFLICT] >= max(w.threshold, INSIDE_SURE)
    }


def _decide(
    out: list[list[RoleReading]],
    mentions: Sequence[PlaceMention],
    mfeats: Sequence[set[str]],
    group: PlaceGroup,
    role: Role,
    w: RoleWeights,
    p: float,
) -> None:
    p = round(p, 3)
    ruled = [i for i in group.members if any(r.role == role for r in out[i])]
    if p < (w.ruled_threshold if ruled else w.threshold):
        for i in group.members:
            out[i] = [r for r in out[i] if r.role != role]
        return
    for i in ruled:
        out[i] = [replace(r, confidence=p) if r.role == role else r for r in out[i]]
    if not ruled and role == Role.CONFLICT and group.kind in ("country", "region") and p < WIDE_ADD:
        return  # a whole country or state as a conflict area that no rule read: only when sure
    if not ruled and role == Role.MEETING and not any(mfeats[i] & MEETING_CUES for i in group.members):
        # No sentence naming the place speaks of meeting anyone: a much-named country's mentions add
        # up to a meeting out of "officials", "mission" and "government" alone.
        return
    if not ruled and role == Role.CONFLICT and not any(mfeats[i] & ARMED_CUES for i in group.members):
        return  # no sentence naming the place speaks of armed violence
    if (
        not ruled
        and role == Role.CONFLICT
        and all(any(r.trigger == BESIDE for r in out[i]) for i in group.members if mfeats[i] & ARMED_CUES)
    ):
        return  # each such sentence puts the place beside its fighting: "jets flying from N'Djamena"
    if (
        not ruled
        and role == Role.CONFLICT
        and any(mfeats[i] & CRIME_CUES for i in group.members)
        and not any(mfeats[i] & WAR_CUES for i in group.members)
    ):
        return  # attacks told beside police or a court, with no weapon of war or fighter: a crime
    if not ruled and role == Role.CONFLICT and group.kind == "country":
        armed = [i for i in group.members if mfeats[i] & ARMED_CUES]
        if armed and all(mfeats[i] & ACTOR_DEPS for i in armed):
            return  # "Turkey began a military offensive into Syria": the attacker's home (the guide)
    if (
        not ruled
        and role == Role.CONFLICT
        and all(
            _no_war_told(mentions[i].sentence.text) or _stationed_only(mentions[i].sentence.text)
            for i in group.members
            if mfeats[i] & ARMED_CUES
        )
    ):
        return  # "a horse in Pahrump was killed after being attacked", "the rocket lifted off ... over X"
    if (
        not ruled
        and role in (Role.CONFLICT, Role.MEETING)
        and all(mfeats[i] & SPOKEN_AT for i in group.members)
    ):
        # the place is only where the fighting elsewhere was told of, or where someone spoke ("Russia's
        # foreign minister Sergei Lavrov said in Moscow": at home; a visitor speaking is the rules')
        return
    if not ruled and all(DESCRIBES_PLACE in mfeats[i] for i in group.members):
        return  # "the Red Sea port town of Mokha": the name only says what kind of place Mokha is
    if not ruled and role == Role.DIPLOMATIC_POST:
        # A post is read from a post word and the place it governs ("the consulate in Kandahar"):
        # the model keeps or drops those, it never adds one (a post with no type, owner or status,
        # such as a meeting city in a sentence that also names a consulate elsewhere).
        return
    if not ruled:  # the model sees the role where no rule did: its evidence is the likeliest mention
        best = max(group.members, key=lambda i: w.raw(mfeats[i]))
        out[best] = [r for r in out[best] if r.role != Role.MENTION]
        out[best].append(RoleReading(role, mentions[best].sentence, p, trigger="model"))


def featurize_mentions(mentions: Sequence[PlaceMention], docs: Sequence[tuple[int, Doc]]) -> list[set[str]]:
    """Each mention's features from its words, its parse and its article (no rule readings)."""
    from extraction.roles import sentence_span

    article = article_features(docs)
    return [
        mention_features(m, sentence_span(docs, m.sentence.start, m.sentence.end), article=article)
        for m in mentions
    ]


def active_model_dir() -> Path:
    """Where the model in use lives: a retrained one in the user's data folder wins."""
    user = user_model_dir()
    return user if (user / "model.json").exists() else SHIPPED_DIR


def user_model_dir() -> Path:
    base = os.environ.get("DIPLOMAP_MODEL_DIR")
    if base:
        return Path(base)
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data / "diplomap" / "models" / "roles"


def blend(p: float, q: float) -> float:
    """The mean log-odds of two calibrated probabilities of one role: the reader that weighs the
    rules' readings and the one that reads the words alone (Platt-scaled again by the caller)."""
    p, q = min(max(p, 1e-6), 1 - 1e-6), min(max(q, 1e-6), 1 - 1e-6)
    return (math.log(p / (1 - p)) + math.log(q / (1 - q))) / 2


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
