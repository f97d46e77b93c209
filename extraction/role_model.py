"""The learned role reader: a calibrated linear model per role over place features.

The rules of ``extraction.roles`` read each sentence; this model then decides, for each place of
the article (all mentions of one resolved place), whether it is a diplomatic post, a meeting place
or a conflict area, with a probability. The rules' readings are among its features, so what the
rules know is kept where the labels agree with it, and overruled where real news showed it wrong.

Weights and their meta live in ``assets/models/roles/``; ``diplomap.role_training`` writes them.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from diplomap.errors import RoleModelError
from extraction.role_features import PlaceGroup, mention_features, place_features
from extraction.types import PlaceMention, Role, RoleReading

if TYPE_CHECKING:  # spaCy stays unimported until a text is read (the dashboard's reader version needs none)
    from spacy.tokens import Doc

ROLES = (Role.DIPLOMATIC_POST, Role.MEETING, Role.CONFLICT)
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "assets" / "models" / "roles"
UNCERTAIN_BELOW = 0.75
# A country's conflict reading from the rules is kept at this probability when a place inside it is a
# conflict area at least INSIDE_SURE (the guide accepts the country of a conflict place).
COUNTRY_FLOOR = 0.3
# The model alone adds a conflict area to a whole country or state only at this probability: on the
# folds, such additions were mostly an attacker's or a bystander's country (9 of 13 wrong at the
# role's threshold; bench/roles_cv.py, model + rules .886 -> .888, false positives 105 -> 96).
WIDE_ADD = 0.7
INSIDE_SURE = 0.65


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
    roles: dict[str, RoleWeights]
    use_rules: bool = True
    meta: dict = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path | None = None, *, use_rules: bool = True) -> RoleModel:
        """The user's retrained model if there is one (``DIPLOMAP_MODEL_DIR``), else the shipped one."""
        folder = folder or active_model_dir()
        try:
            data = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RoleModelError(f"cannot read the role model in {folder}: {exc}") from exc
        return cls.from_dict(data, meta, use_rules=use_rules)

    @classmethod
    def from_dict(cls, data: dict, meta: dict | None = None, *, use_rules: bool = True) -> RoleModel:
        variant = data["with_rules" if use_rules else "without_rules"]
        return cls({name: RoleWeights(**w) for name, w in variant.items()}, use_rules, meta or {})

    def probabilities(self, feats: set[str]) -> dict[str, float]:
        return {name: w.probability(feats) for name, w in self.roles.items()}

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
        mfeats = featurize_mentions(mentions, docs, readings, use_rules=self.use_rules)
        out = [list(rs) for rs in readings]
        probs = []
        for group, inner in zip(groups, inner_roles, strict=True):
            feats = place_features(group, mfeats, readings, inner, use_rules=self.use_rules)
            probs.append(self.probabilities(feats))
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
    if not ruled and role == Role.DIPLOMATIC_POST:
        # A post is read from a post word and the place it governs ("the consulate in Kandahar"):
        # the model keeps or drops those, it never adds one (a post with no type, owner or status,
        # such as a meeting city in a sentence that also names a consulate elsewhere).
        return
    if not ruled:  # the model sees the role where no rule did: its evidence is the likeliest mention
        best = max(group.members, key=lambda i: w.raw(mfeats[i]))
        out[best] = [r for r in out[best] if r.role != Role.MENTION]
        out[best].append(RoleReading(role, mentions[best].sentence, p, trigger="model"))


def featurize_mentions(
    mentions: Sequence[PlaceMention],
    docs: Sequence[tuple[int, Doc]],
    readings: Sequence[Sequence[RoleReading]],
    *,
    use_rules: bool,
) -> list[set[str]]:
    from extraction.roles import sentence_span

    return [
        mention_features(m, sentence_span(docs, m.sentence.start, m.sentence.end), rs, use_rules=use_rules)
        for m, rs in zip(mentions, readings, strict=True)
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


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
