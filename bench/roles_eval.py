"""Role quality on small hand-written sets of diplomatic news (written for this project, not copied):
micro P/R/F1 over (article, place mention, role). roles_gold.jsonl is the development set the rules
were tuned on; roles_heldout.jsonl was written before the rules were run on it but has since been looked at
and partly tuned on; roles_heldout2.jsonl was written (and committed) before the rules were run on it.

  .venv/bin/python bench/roles_eval.py [-v]
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diplomap.pipeline import Pipeline  # noqa: E402
from extraction.nlp import load_pipeline  # noqa: E402
from extraction.types import Article  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402


def main(verbose: bool) -> None:
    pipeline = Pipeline(load_pipeline(), Gazetteer.load())
    for name in ("roles_gold.jsonl", "roles_heldout.jsonl", "roles_heldout2.jsonl"):
        evaluate(pipeline, ROOT / "bench" / "data" / name, verbose)


def evaluate(pipeline: Pipeline, path: Path, verbose: bool) -> None:
    tp = fp = fn = 0
    for line in path.open(encoding="utf-8"):
        rec = json.loads(line)
        article = Article(
            text=rec["text"],
            title=rec["id"],
            published=date.fromisoformat(rec["date"]),
            source=rec["id"],
            content_hash=rec["id"],
        )
        pred = {(e.mention_text, e.role) for e in pipeline.events(article)}
        gold = {tuple(g) for g in rec["gold"]}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        if verbose and pred != gold:
            print(rec["id"], "missing:", sorted(gold - pred), "extra:", sorted(pred - gold))
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(
        f"{path.name}: roles micro P {p:.3f}  R {r:.3f}  F1 {2 * p * r / max(p + r, 1e-9):.3f}"
        f"  (tp {tp}, fp {fp}, fn {fn})"
    )


if __name__ == "__main__":
    main("-v" in sys.argv)
