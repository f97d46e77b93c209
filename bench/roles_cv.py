"""Role quality estimated without the test split: five folds by article over the train and dev
splits of the real-news corpus. Each fold's articles are read by a model trained on the other four
(the hand-written sets always train), and scored over (article, place, role) as ROLES-GUIDE.md says.
This is the figure model choices are made on; the test split is scored once, by roles_news_eval.py.

  .venv/bin/python bench/roles_cv.py [rules] [model] [model+rules] [blend] [--by-draw] [-v]
  .venv/bin/python bench/roles_cv.py --curve   # model + rules trained on 1/4 .. all of the other folds
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from train_roles import labelled_articles  # noqa: E402

from diplomap import role_training as rt  # noqa: E402
from diplomap.pipeline import NON_LITERAL, Pipeline, with_model  # noqa: E402
from diplomap.role_eval import RolePlace, score  # noqa: E402
from extraction.nlp import load_pipeline  # noqa: E402
from extraction.role_model import RoleModel  # noqa: E402
from extraction.types import Article  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402

FOLDS = 5


def main() -> None:
    t0 = time.perf_counter()
    articles = labelled_articles()
    pipeline = Pipeline(load_pipeline(), Gazetteer.load(), role_model=None)
    read = []
    instances: list[rt.Instance] = []
    for la, parsed in zip(articles, pipeline.geoparser.parse_many(a.text for a in articles), strict=True):
        article = Article(text=la.text, title="", published=la.published, source=la.doc_id, content_hash="")
        reading = pipeline.read_parsed(article, parsed)
        read.append((la, reading, parsed.docs))
        instances.extend(rt.article_instances(la, reading, parsed.docs))
    print(f"read {len(articles)} articles in {time.perf_counter() - t0:.1f} s")
    news = [
        (la, reading, docs)
        for la, reading, docs in read
        if la.split in ("train", "dev") and ":" in la.doc_id and not la.doc_id.startswith("roles_")
    ]
    if "--curve" in sys.argv:
        _learning_curve(news, instances)
        return
    modes = [m for m in ("rules", "model", "model+rules", "blend") if m in sys.argv] or [
        "rules",
        "model",
        "model+rules",
        "blend",
    ]
    for mode in modes:
        pairs = []
        for f in range(FOLDS):
            held = {la.doc_id for la, _r, _d in news if rt._fold(la.doc_id, FOLDS) == f}
            model = None
            if mode != "rules":
                fit = [i for i in instances if i.doc_id not in held]
                model = RoleModel.from_dict(rt.train(fit), reader=mode)
            for la, reading, docs in news:
                if la.doc_id in held:
                    pairs.append((list(la.gold), _places(reading, docs, model, la.text)))
        print(f"cv    {mode:12} {score(pairs).line()}")
        if mode == modes[-1]:
            _recognition_ceiling(news)
        order = [la for f in range(FOLDS) for la, _r, _d in news if rt._fold(la.doc_id, FOLDS) == f]
        if "--by-draw" in sys.argv:
            _by_draw(pairs, order)
        if "-v" in sys.argv:
            _explain(pairs, order)


def _learning_curve(news, instances: list[rt.Instance]) -> None:
    """Whether more labelled articles would help: each fold's model is trained on a share of the
    other folds' articles (the same share of each, chosen by a hash of the id; the hand-written
    sets always train), and scored on the fold as above."""
    import hashlib

    def share_of(doc_id: str) -> float:
        return int(hashlib.sha256(f"curve:{doc_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF

    news_ids = {la.doc_id for la, _r, _d in news}
    for share in (0.25, 0.5, 0.75, 1.0):
        pairs = []
        for f in range(FOLDS):
            held = {la.doc_id for la, _r, _d in news if rt._fold(la.doc_id, FOLDS) == f}
            fit = [
                i
                for i in instances
                if i.doc_id not in held and (i.doc_id not in news_ids or share_of(i.doc_id) < share)
            ]
            model = RoleModel.from_dict(rt.train(fit), reader="model+rules")
            for la, reading, docs in news:
                if la.doc_id in held:
                    pairs.append((list(la.gold), _places(reading, docs, model, la.text)))
        trained = round(share * len(news) * (FOLDS - 1) / FOLDS)
        print(f"curve {share:4.0%} (~{trained} articles)  {score(pairs).line()}")


def _recognition_ceiling(news) -> None:
    """How many required gold roles have no located place at all: no role reading can find them."""
    from diplomap.role_eval import same_place

    missing = total = 0
    for la, reading, _docs in news:
        found = [
            RolePlace(
                (lm.mention.text, lm.match.name), "", lm.match.coordinates.lat, lm.match.coordinates.lon
            )
            for lm in reading.located
            if lm.match is not None and lm.mention.label not in NON_LITERAL
        ]
        for g in la.gold:
            if not g.optional:
                total += 1
                missing += not any(same_place(f, g) for f in found)
    print(f"      required roles whose place was never located: {missing} of {total} ({missing / total:.0%})")


def _by_draw(pairs, order) -> None:
    """The same figure on each draw of the corpus: draw 4 was labelled after the rules were tuned
    on the earlier ones, so it says how the rules carry to articles they were not written from."""
    import news_roles_corpus as corpus

    draw = {rec["id"]: rec.get("draw", 1) for rec in corpus.read_sample()}
    for number in sorted({draw.get(la.doc_id, 1) for la in order}):
        chosen = [p for la, p in zip(order, pairs, strict=True) if draw.get(la.doc_id, 1) == number]
        print(f"      draw {number}: {score(chosen).line()}")


def _explain(pairs, order) -> None:
    """Each error, and whether the place was found at all (a recognition miss) or only its role."""
    from diplomap.role_eval import match_article

    for la, (gold, predicted) in zip(order, pairs, strict=True):
        _tps, fps, fns = match_article(gold, predicted)
        for p in fps:
            print(f"  FP {p.role:16} {p.names[0]:28} {la.doc_id[:60]}")
        for g in fns:
            print(f"  FN {g.role:16} {g.names[0]:28} {la.doc_id[:60]}")


def _places(reading, docs, model: RoleModel | None, text: str = "") -> list[RolePlace]:
    located, roles = reading.located, reading.roles
    if model is not None:  # the reading's roles are the rules', holders deferred already
        roles = with_model(model, text, located, docs, roles)
    out = []
    for lm, rs in zip(located, roles, strict=True):
        if lm.match is None or lm.mention.label in NON_LITERAL:
            continue
        for r in rs:
            if str(r.role) != "mention":
                names = (lm.mention.text, lm.match.name)
                out.append(RolePlace(names, str(r.role), lm.match.coordinates.lat, lm.match.coordinates.lon))
    return out


if __name__ == "__main__":
    main()
