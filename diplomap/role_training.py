"""Training the learned role reader (``extraction.role_model``) from labelled articles.

Instances are places (all mentions of one resolved place in one article). A place is a positive
for a role when it matches a required gold role of that place (``diplomap.role_eval.same_place``),
is left out for a role it has only as optional, and is a negative otherwise. Each role gets an
L2-regularised logistic regression over the place's features (numpy, full-batch Adam), learned from
the train and dev articles; Platt scaling and the decision thresholds are fitted on out-of-fold
scores (5 folds by article), so every place is scored by a model that never saw its article.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np

from diplomap.pipeline import ArticleReading, Pipeline, inner_roles, place_groups
from diplomap.role_eval import RolePlace, same_place
from extraction.role_features import place_features, rule_features
from extraction.role_model import (
    ROLES,
    SHIPPED_DIR,
    active_model_dir,
    blend,
    featurize_mentions,
    user_model_dir,
)
from extraction.types import Article

L2 = 3.0  # chosen on five-fold CV by article (bench/roles_cv.py): 0.3 .708, 1 .722, 3 .726, 10 .713 F1
STEPS = 400
MIN_COUNT = 2
CORRECTION_WEIGHT = 3.0
SHIPPED_INSTANCES = SHIPPED_DIR / "instances.jsonl.gz"


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    doc_id: str
    split: str  # train | dev | test
    text: str
    published: date | None
    gold: tuple[RolePlace, ...]


@dataclass(frozen=True, slots=True)
class Instance:
    """One place of one article: its features with and without the rules, and its label per role
    (1, 0, or None when the role is only optional for it)."""

    doc_id: str
    split: str
    with_rules: tuple[str, ...]
    without_rules: tuple[str, ...]
    labels: tuple[int | None, ...]  # parallel to ROLES
    weight: float = 1.0

    def to_json(self) -> dict:
        return {
            "doc": self.doc_id,
            "split": self.split,
            "r": list(self.with_rules),
            "p": list(self.without_rules),
            "y": list(self.labels),
            "w": self.weight,
        }

    @classmethod
    def from_json(cls, rec: dict) -> Instance:
        return cls(
            rec["doc"], rec["split"], tuple(rec["r"]), tuple(rec["p"]), tuple(rec["y"]), rec.get("w", 1.0)
        )


def instances_of(pipeline: Pipeline, articles: Sequence[LabelledArticle]) -> list[Instance]:
    """Read each article with the rules alone and turn its places into labelled instances."""
    if pipeline.role_model is not None:
        raise ValueError("instances are built from the rules' readings: pass Pipeline(role_model=None)")
    out: list[Instance] = []
    parsed_texts = pipeline.geoparser.parse_many(a.text for a in articles)
    for la, parsed in zip(articles, parsed_texts, strict=True):
        article = Article(text=la.text, title="", published=la.published, source=la.doc_id, content_hash="")
        out.extend(article_instances(la, pipeline.read_parsed(article, parsed), parsed.docs))
    return out


def article_instances(la: LabelledArticle, reading: ArticleReading, docs, override=None) -> list[Instance]:
    """The places of one article read by the rules, labelled from ``la.gold``, or by
    ``override(group, place)``, which returns the labels or None to leave the place out."""
    located, roles = reading.located, reading.roles
    mentions = [lm.mention for lm in located]
    groups = place_groups(located)
    inner = inner_roles(groups, located, roles)
    without_r = featurize_mentions(mentions, docs)
    with_r = [f | rule_features(rs) for f, rs in zip(without_r, roles, strict=True)]
    out = []
    for group, inside in zip(groups, inner, strict=True):
        g = located[group.members[0]].match
        assert g is not None  # groups hold located mentions only
        names = tuple(sorted({located[i].mention.text for i in group.members} | {g.name}))
        place = RolePlace(names, "", g.coordinates.lat, g.coordinates.lon)
        if override is not None:
            labels = override(group, place)
            if labels is None:
                continue  # a place nobody labelled: not a negative either
        else:
            labels = tuple(_label(place, role, la.gold) for role in ROLES)
        out.append(
            Instance(
                la.doc_id,
                la.split,
                tuple(sorted(place_features(group, with_r, roles, inside, use_rules=True))),
                tuple(sorted(place_features(group, without_r, roles, inside, use_rules=False))),
                labels,
            )
        )
    return out


def _label(place: RolePlace, role: str, gold: Iterable[RolePlace]) -> int | None:
    hits = [g for g in gold if g.role == role and same_place(place, g)]
    if any(not g.optional for g in hits):
        return 1
    return None if hits else 0


# --- the linear model ---------------------------------------------------------------------------
def fit_role(
    rows: Sequence[tuple[str, ...]], y: Sequence[int], w: Sequence[float], vocab: dict[str, int]
) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by full-batch Adam over the sparse binary features."""
    r_idx, c_idx = _nonzeros(rows, vocab)
    yv, wv = np.asarray(y, dtype=np.float64), np.asarray(w, dtype=np.float64)
    theta = np.zeros(len(vocab), dtype=np.float64)
    bias = 0.0
    m_t, v_t = np.zeros_like(theta), np.zeros_like(theta)
    m_b = v_b = 0.0
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    n = max(float(wv.sum()), 1.0)
    for step in range(1, STEPS + 1):
        z = np.bincount(r_idx, weights=theta[c_idx], minlength=len(rows)) + bias
        err = (1.0 / (1.0 + np.exp(-z)) - yv) * wv
        g = np.bincount(c_idx, weights=err[r_idx], minlength=len(vocab)) / n + (L2 / n) * theta
        gb = float(err.sum() / n)
        m_t, v_t = b1 * m_t + (1 - b1) * g, b2 * v_t + (1 - b2) * g * g
        m_b, v_b = b1 * m_b + (1 - b1) * gb, b2 * v_b + (1 - b2) * gb * gb
        theta -= lr * (m_t / (1 - b1**step)) / (np.sqrt(v_t / (1 - b2**step)) + eps)
        bias -= lr * (m_b / (1 - b1**step)) / (np.sqrt(v_b / (1 - b2**step)) + eps)
    return theta, bias


def _nonzeros(rows: Sequence[tuple[str, ...]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    pairs = [(r, vocab[f]) for r, feats in enumerate(rows) for f in feats if f in vocab]
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    arr = np.asarray(pairs, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def _scores(
    rows: Sequence[tuple[str, ...]], vocab: dict[str, int], theta: np.ndarray, bias: float
) -> np.ndarray:
    r_idx, c_idx = _nonzeros(rows, vocab)
    return np.bincount(r_idx, weights=theta[c_idx], minlength=len(rows)) + bias


def build_vocab(rows: Iterable[tuple[str, ...]]) -> dict[str, int]:
    counts = Counter(f for feats in rows for f in feats)
    kept = sorted(f for f, c in counts.items() if c >= MIN_COUNT and f != "bias")
    return {f: k for k, f in enumerate(kept)}


def platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(scale, shift) so that sigmoid(scale * score + shift) is calibrated (Newton's method)."""
    a, b = 1.0, 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(a * scores + b)))
        g = np.array([np.sum((p - y) * scores), np.sum(p - y)])
        h = p * (1 - p)
        hess = np.array([[np.sum(h * scores * scores), np.sum(h * scores)], [np.sum(h * scores), np.sum(h)]])
        hess += np.eye(2) * 1e-6
        step = np.linalg.solve(hess, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-6:
            break
    return float(a), float(b)


# From near zero: a place the rules read is kept unless the model is sure they are wrong, and on
# the folds the pair chosen from this grid kept more of the rules' meetings and posts (the model
# dropped right ones more often than wrong ones) than a floor of 0.2 allowed.
GRID = np.arange(0.025, 0.81, 0.025)


def best_threshold(probs: np.ndarray, y: np.ndarray) -> float:
    """The threshold with the best F1 of the out-of-fold scores, F1 averaged over its neighbours
    (±0.05): a flat optimum picked at one point would swing with every small change of input."""
    f1s = np.asarray([_f1(probs >= t, y) for t in GRID])
    smooth = np.convolve(np.pad(f1s, 2, mode="edge"), np.ones(5) / 5, mode="valid")
    return round(float(GRID[int(np.argmax(smooth))]), 3)


def best_thresholds(probs: np.ndarray, y: np.ndarray, ruled: np.ndarray) -> tuple[float, float]:
    """(threshold, ruled_threshold): the pair with the best F1 of the whole role, each place judged
    by its own one (the rules gave it the role, or not), F1 averaged over the neighbouring pairs.

    Chosen together, not each on its own share: a share's own best F1 would keep a place as soon as
    it helps that share, and the places no rule read are a share of low precision (on the folds,
    those the model added as conflict areas were right about half the time), so its own optimum
    sits far below what the role as a whole can afford."""
    if not ruled.any() or ruled.all():
        one = best_threshold(probs, y)
        return one, one
    f1s = np.asarray(
        [[_f1(np.where(ruled, probs >= tr, probs >= t), y) for tr in GRID] for t in GRID], dtype=np.float64
    )
    padded = np.pad(f1s, 2, mode="edge")
    smooth = np.zeros_like(f1s)
    for i in range(5):
        for j in range(5):
            smooth += padded[i : i + len(GRID), j : j + len(GRID)] / 25
    t, tr = np.unravel_index(int(np.argmax(smooth)), smooth.shape)
    return round(float(GRID[t]), 3), round(float(GRID[tr]), 3)


def _f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    fp = float(np.sum(pred & (y == 0)))
    fn = float(np.sum(~pred & (y == 1)))
    return 2 * tp / max(2 * tp + fp + fn, 1.0)


def train(instances: Sequence[Instance], *, folds: int = 5, oof: dict | None = None) -> dict:
    """Both readers (with and without the rules as features) and their blend, every role: the
    model.json dict.

    Every labelled place of the train and dev splits is learned from. Five folds by article give
    each place a score from a model that never saw its article; those out-of-fold scores fit the
    Platt calibration and choose the thresholds (one for places the rules gave the role, one for
    the others), and ``oof`` (if given) receives the blend's (the shipped reader's) per role for
    the calibration report and the held-out F1.
    """
    pool = [i for i in instances if i.split in ("train", "dev")]
    model: dict = {"blend": {}}
    held: dict[str, dict[str, list[tuple[Instance, float]]]] = {}
    for variant in ("with_rules", "without_rules"):
        rows_of = _with_rules if variant == "with_rules" else _without_rules
        model[variant] = {}
        held[variant] = {}
        for k, role in enumerate(ROLES):
            entry, held_out = _train_role(pool, rows_of, k, folds)
            model[variant][str(role)] = entry
            held[variant][str(role)] = held_out
    for k, role in enumerate(ROLES):
        # The two readers' out-of-fold probabilities blended and Platt-scaled again (two calibrated
        # readers that mostly agree are surer together than their mean log-odds says); the blend's
        # thresholds are chosen on those.
        pairs = zip(held["with_rules"][str(role)], held["without_rules"][str(role)], strict=True)
        z = np.asarray([blend(a, b) for (_i, a), (_j, b) in pairs])
        usable = [i for i, _p in held["with_rules"][str(role)]]
        y = np.asarray([i.labels[k] for i in usable], dtype=np.float64)
        scale, shift = platt(z, y)
        probs = 1.0 / (1.0 + np.exp(-(scale * z + shift)))
        ruled = np.asarray([f"rule={role}" in i.with_rules for i in usable], dtype=bool)
        threshold, ruled_threshold = best_thresholds(probs, y, ruled)
        model["blend"][str(role)] = {
            "scale": round(scale, 4),
            "shift": round(shift, 4),
            "threshold": threshold,
            "ruled_threshold": ruled_threshold,
        }
        if oof is not None:
            oof[str(role)] = list(zip(usable, probs.tolist(), strict=True))
    return model


def _with_rules(inst: Instance) -> tuple[str, ...]:
    return inst.with_rules


def _without_rules(inst: Instance) -> tuple[str, ...]:
    return inst.without_rules


def _fold(doc_id: str, folds: int) -> int:
    return int(hashlib.sha256(doc_id.encode()).hexdigest()[:6], 16) % folds


def _train_role(pool, rows_of, k: int, folds: int) -> tuple[dict, list[tuple[Instance, float]]]:
    usable = [i for i in pool if i.labels[k] is not None]
    y = np.asarray([i.labels[k] for i in usable], dtype=np.float64)
    oof = np.zeros(len(usable), dtype=np.float64)
    for f in range(folds):
        fit_rows = [i for i in usable if _fold(i.doc_id, folds) != f]
        held = [n for n, i in enumerate(usable) if _fold(i.doc_id, folds) == f]
        fv = build_vocab(rows_of(i) for i in fit_rows)
        th, b = fit_role(
            [rows_of(i) for i in fit_rows], [i.labels[k] for i in fit_rows], [i.weight for i in fit_rows], fv
        )
        oof[held] = _scores([rows_of(usable[n]) for n in held], fv, th, b)
    scale, shift = platt(oof, y)
    probs = 1.0 / (1.0 + np.exp(-(scale * oof + shift)))
    # Places the rules gave the role and places only the model sees get their own thresholds, as a pair.
    ruled = np.asarray([f"rule={ROLES[k]}" in rows_of(i) for i in usable], dtype=bool)
    threshold, ruled_threshold = best_thresholds(probs, y, ruled)
    vocab = build_vocab(rows_of(i) for i in usable)
    theta, bias = fit_role([rows_of(i) for i in usable], list(y), [i.weight for i in usable], vocab)
    inv = {v: f for f, v in vocab.items()}
    weights = {inv[int(j)]: round(float(theta[j]), 4) for j in np.flatnonzero(np.abs(theta) > 1e-3)}
    entry = {
        "weights": weights,
        "bias": round(bias, 4),
        "scale": round(scale, 4),
        "shift": round(shift, 4),
        "threshold": threshold,
        "ruled_threshold": ruled_threshold if rows_of is _with_rules else threshold,
    }
    return entry, list(zip(usable, probs.tolist(), strict=True))


def held_out_f1(oof: dict, model: dict) -> float:
    """Place-level micro-F1 of the blend's out-of-fold probabilities under its thresholds."""
    tp = fp = fn = 0
    for k, role in enumerate(ROLES):
        w = model["blend"][str(role)]
        for inst, p in oof.get(str(role), []):
            ruled = f"rule={role}" in inst.with_rules
            said = p >= (w["ruled_threshold"] if ruled else w["threshold"])
            tp += said and inst.labels[k] == 1
            fp += said and inst.labels[k] == 0
            fn += (not said) and inst.labels[k] == 1
    return 2 * tp / max(2 * tp + fp + fn, 1)


def oof_calibration(oof: dict, split: str = "dev") -> dict:
    """Reliability of the out-of-fold probabilities of one split's places, all roles pooled: per
    tenth, the mean probability and the share that were right; expected calibration error; Brier."""
    pairs = [
        (p, inst.labels[k])
        for k, role in enumerate(ROLES)
        for inst, p in oof.get(str(role), [])
        if inst.split == split
    ]
    p = np.asarray([x for x, _ in pairs])
    y = np.asarray([t for _, t in pairs], dtype=float)
    return _reliability(p, y)


def _reliability(p: np.ndarray, y: np.ndarray) -> dict:
    bins = []
    ece = 0.0
    for lo in np.arange(0.0, 1.0, 0.1):
        sel = (p >= lo) & ((p < lo + 0.1) if lo < 0.85 else (p <= 1.0))
        if sel.any():
            bins.append(
                {
                    "from": round(float(lo), 1),
                    "n": int(sel.sum()),
                    "predicted": round(float(p[sel].mean()), 3),
                    "observed": round(float(y[sel].mean()), 3),
                }
            )
            ece += sel.sum() / len(p) * abs(p[sel].mean() - y[sel].mean())
    return {
        "bins": bins,
        "ece": round(float(ece), 4),
        "brier": round(float(np.mean((p - y) ** 2)), 4),
        "n": len(p),
    }


def write_model(folder: Path, model: dict, meta: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, payload in (("model.json", model), ("meta.json", meta)):
        tmp = folder / f".{name}.tmp"
        tmp.write_text(json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        tmp.replace(folder / name)


# --- retraining with the analyst's corrections ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class RetrainReport:
    corrections: int  # role corrections folded in
    dev_before: float  # held-out place-level micro-F1 (5 folds by article) of the model in use
    dev_after: float  # the same, of the retrained model
    seconds: float
    folder: Path


def load_instances(folder: Path = SHIPPED_INSTANCES) -> list[Instance]:
    with gzip.open(folder, "rt", encoding="utf-8") as lines:
        return [Instance.from_json(json.loads(line)) for line in lines if line.strip()]


def correction_instances(pipeline: Pipeline, store) -> list[Instance]:
    """Each role an analyst corrected, as a labelled place: the corrected role is a positive, the
    other roles negatives (weighted CORRECTION_WEIGHT). The article is read again by the rules, so
    the features are those the model sees."""
    out: list[Instance] = []
    by_article: dict[int, list] = {}
    for c in store.corrections():
        if c.field == "role":
            by_article.setdefault(c.article_id, []).append(c)
    for article_id, corrections in by_article.items():
        try:
            text = store.article_text(article_id)
        except Exception:
            continue
        parsed = pipeline.geoparser.parse(text)
        article = Article(text=text, title="", published=None, source=str(article_id), content_hash="")
        reading = pipeline.read_parsed(article, parsed)
        la = LabelledArticle(f"correction:{article_id}", "train", text, None, ())
        wanted = {_absolute_start(text, c): c for c in corrections}

        def label(group, _place, reading=reading, wanted=wanted):
            for i in group.members:
                c = wanted.get(reading.located[i].mention.start)
                if c is not None:
                    return tuple(1 if str(r) == str(c.new_value) else 0 for r in ROLES)
            return None

        out.extend(
            replace(inst, weight=CORRECTION_WEIGHT)
            for inst in article_instances(la, reading, parsed.docs, label)
        )
    return out


def _absolute_start(text: str, c) -> int:
    if c.sentence_from and c.mention_start is not None:
        at = text.find(c.sentence_from)
        if at >= 0:
            return at + c.mention_start
    at = text.find(c.mention_text)
    return at


def retrain(pipeline: Pipeline, store, *, folder: Path | None = None) -> RetrainReport:
    """The shipped labelled places plus the analyst's role corrections, trained into the user's
    model folder; the model in use before is kept in ``previous/`` to roll back to."""
    t0 = time.perf_counter()
    folder = folder or user_model_dir()
    base = load_instances()
    extra = correction_instances(pipeline, store)
    current = json.loads((active_model_dir() / "meta.json").read_text(encoding="utf-8"))
    oof: dict = {}
    model = train(base + extra, oof=oof)
    before, after = float(current.get("held_out_place_f1", 0.0)), held_out_f1(oof, model)
    if (folder / "model.json").exists():
        previous = folder / "previous"
        previous.mkdir(parents=True, exist_ok=True)
        for name in ("model.json", "meta.json"):
            shutil.copy2(folder / name, previous / name)
    meta = json.loads((SHIPPED_DIR / "meta.json").read_text(encoding="utf-8"))
    meta["trained_on"]["corrections"] = len(extra)
    meta["version"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    meta["held_out_place_f1"] = round(after, 4)
    meta["held_out_place_f1_before"] = round(before, 4)
    write_model(folder, model, meta)
    return RetrainReport(len(extra), before, after, time.perf_counter() - t0, folder)


def rollback(folder: Path | None = None) -> bool:
    """Back to the model before the last retrain (or to the shipped one); False if there is none."""
    folder = folder or user_model_dir()
    previous = folder / "previous"
    if (previous / "model.json").exists():
        for name in ("model.json", "meta.json"):
            shutil.copy2(previous / name, folder / name)
        shutil.rmtree(previous)
        return True
    if (folder / "model.json").exists():
        for name in ("model.json", "meta.json"):
            (folder / name).unlink()
        return True
    return False
