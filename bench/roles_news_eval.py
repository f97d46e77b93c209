"""Roles on real news: micro P / R / F1 over (article, place, role) on the labelled corpus
(bench/data/news_roles.jsonl, texts in ../shared), per split, for each way of reading roles.

  .venv/bin/python bench/roles_news_eval.py --split dev [--mode rules model model+rules blend] [-v]
  .venv/bin/python bench/roles_news_eval.py --split all --draw 7   # one draw, e.g. at its import

The test split is for the figure reported once; tune on train and dev.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import news_roles_corpus as corpus  # noqa: E402

from diplomap.role_eval import RolePlace, match_article, score  # noqa: E402

MODES = ("rules", "model", "model+rules", "blend")


def gold_places(rec: dict) -> list[RolePlace]:
    return [
        RolePlace((lab["name"],), lab["role"], lab["lat"], lab["lon"], optional=lab["optional"])
        for lab in rec["labels"]
    ]


def articles_of(split: str, draw: int | None = None) -> list[tuple[dict, dict]]:
    texts = corpus.load_texts()
    drawn = {rec["id"]: rec.get("draw", 1) for rec in corpus.read_sample()}
    return [
        (rec, texts[rec["id"]])
        for rec in corpus.read_labels()
        if split in ("all", rec["split"]) and draw in (None, drawn.get(rec["id"]))
    ]


def predicted_places(pipeline, items: list[tuple[dict, dict]]) -> list[list[RolePlace]]:
    from diplomap.pipeline import NON_LITERAL
    from extraction.types import Article

    articles = (
        Article(
            text=t["text"],
            title="",
            published=date.fromisoformat(t["published"]) if t.get("published") else None,
            source=t["id"],
            content_hash="",
        )
        for _rec, t in items
    )
    out = []
    for _article, reading in pipeline.read_many(articles):
        places = []
        for lm, roles in zip(reading.located, reading.roles, strict=True):
            if lm.match is None or lm.mention.label in NON_LITERAL:
                continue
            for r in roles:
                if str(r.role) != "mention":
                    names = (lm.mention.text, lm.match.name)
                    lat, lon = lm.match.coordinates.lat, lm.match.coordinates.lon
                    places.append(RolePlace(names, str(r.role), lat, lon, probability=r.confidence))
        out.append(places)
    return out


def pipeline_for(mode: str):
    from diplomap.pipeline import Pipeline
    from extraction.nlp import load_pipeline
    from geo.gazetteer import Gazetteer

    kwargs = {}
    if mode != "rules":
        from extraction.role_model import RoleModel

        kwargs["role_model"] = RoleModel.load(reader=mode)
    else:
        kwargs["role_model"] = None
    return Pipeline(load_pipeline(), Gazetteer.load(), **kwargs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", choices=("train", "dev", "test", "all"))
    ap.add_argument("--mode", nargs="+", default=list(MODES), choices=MODES)
    ap.add_argument("--draw", type=int, help="only the articles of this draw of the corpus")
    ap.add_argument("-v", "--verbose", action="store_true", help="list each article's errors")
    args = ap.parse_args()
    items = articles_of(args.split, args.draw)
    for mode in args.mode:
        preds = predicted_places(pipeline_for(mode), items)
        golds = [gold_places(rec) for rec, _t in items]
        result = score(zip(golds, preds, strict=True))
        where = args.split if args.draw is None else f"{args.split} draw {args.draw}"
        print(f"{where:5} {mode:12} {result.line()}")
        if args.verbose:
            for (rec, _t), gold, pred in zip(items, golds, preds, strict=True):
                _tps, fps, fns = match_article(gold, pred)
                for p in fps:
                    print(f"  FP {rec['id'][:60]:60} {p.role:16} {p.names[0]} / {p.names[1]}")
                for g in fns:
                    print(f"  FN {rec['id'][:60]:60} {g.role:16} {g.names[0]}")


if __name__ == "__main__":
    main()
