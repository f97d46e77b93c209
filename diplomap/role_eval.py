"""Role quality over (article, place, role), as ROLES-GUIDE.md scores it.

A predicted role that matches a required gold role of that place is a true positive, one that
matches an optional role is not counted, one that matches neither is a false positive; a required
role never predicted is a false negative. Places match by name (either contains the other,
ignoring case) or by coordinates within 50 km.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ROLES = ("diplomatic_post", "meeting", "conflict")
MATCH_KM = 50.0


@dataclass(frozen=True, slots=True)
class RolePlace:
    """One place with one role in one article: gold (``optional`` may be set) or predicted."""

    names: tuple[str, ...]  # every name the place goes by here (surface text, canonical name)
    role: str
    lat: float | None = None
    lon: float | None = None
    optional: bool = False
    probability: float = 1.0


@dataclass(frozen=True, slots=True)
class RoleScore:
    tp: int
    fp: int
    fn: int
    articles: int
    no_role_articles: int
    no_role_with_false_roles: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  (tp {self.tp}, fp {self.fp}, "
            f"fn {self.fn}; {self.articles} articles, false roles in {self.no_role_with_false_roles} "
            f"of {self.no_role_articles} with none)"
        )


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def same_place(a: RolePlace, b: RolePlace) -> bool:
    for x in a.names:
        for y in b.names:
            x2, y2 = x.casefold().strip(), y.casefold().strip()
            if x2 and y2 and (x2 in y2 or y2 in x2):
                return True
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return km_between(a.lat, a.lon, b.lat, b.lon) <= MATCH_KM  # type: ignore[arg-type]


def dedupe(predicted: Iterable[RolePlace]) -> list[RolePlace]:
    """One prediction per place and role (many mentions of Kabul are one conflict area)."""
    out: list[RolePlace] = []
    for p in predicted:
        twin = next((i for i, q in enumerate(out) if q.role == p.role and _same_point(p, q)), None)
        if twin is None:
            out.append(p)
        elif p.probability > out[twin].probability:
            out[twin] = p
    return out


def _same_point(a: RolePlace, b: RolePlace) -> bool:
    if None not in (a.lat, a.lon, b.lat, b.lon):
        return km_between(a.lat, a.lon, b.lat, b.lon) < 1.0  # type: ignore[arg-type]
    return {n.casefold() for n in a.names} & {n.casefold() for n in b.names} != set()


def match_article(
    gold: Sequence[RolePlace], predicted: Sequence[RolePlace]
) -> tuple[list[RolePlace], list[RolePlace], list[RolePlace]]:
    """(true positives as gold, false positives as predicted, false negatives as gold)."""
    preds = dedupe(predicted)
    tps = [g for g in gold if not g.optional and any(p.role == g.role and same_place(p, g) for p in preds)]
    fps = [p for p in preds if not any(g.role == p.role and same_place(p, g) for g in gold)]
    fns = [g for g in gold if not g.optional and g not in tps]
    return tps, fps, fns


def score(pairs: Iterable[tuple[Sequence[RolePlace], Sequence[RolePlace]]]) -> RoleScore:
    """``pairs`` of (gold, predicted) per article."""
    tp = fp = fn = articles = empty = alarmed = 0
    for gold, predicted in pairs:
        tps, fps, fns = match_article(gold, predicted)
        tp, fp, fn, articles = tp + len(tps), fp + len(fps), fn + len(fns), articles + 1
        if not gold:
            empty += 1
            alarmed += bool(fps)
    return RoleScore(tp, fp, fn, articles, empty, alarmed)
