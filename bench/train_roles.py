"""Rebuild the shipped role model (assets/models/roles/) from the labels in bench/data and the
texts in ../shared: the real-news corpus (news_roles.jsonl: train and dev, in five folds by article
that calibrate and choose thresholds; test is never read here) and the hand-written sets (train).

  .venv/bin/python bench/train_roles.py
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import news_roles_corpus as corpus  # noqa: E402

from diplomap.pipeline import Pipeline  # noqa: E402
from diplomap.role_eval import RolePlace  # noqa: E402
from diplomap.role_training import (  # noqa: E402
    SHIPPED_INSTANCES,
    LabelledArticle,
    held_out_f1,
    instances_of,
    oof_calibration,
    train,
    write_model,
)
from extraction.nlp import load_pipeline  # noqa: E402
from extraction.role_model import SHIPPED_DIR  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402

HAND_WRITTEN = ("roles_gold.jsonl", "roles_heldout.jsonl", "roles_heldout2.jsonl")


def labelled_articles() -> list[LabelledArticle]:
    texts = corpus.load_texts()
    out = []
    for rec in corpus.read_labels():
        if rec["split"] == "test":
            continue  # the test split stays unseen: it is scored once, by bench/roles_news_eval.py
        t = texts[rec["id"]]
        gold = tuple(
            RolePlace((lab["name"],), lab["role"], lab["lat"], lab["lon"], optional=lab["optional"])
            for lab in rec["labels"]
        )
        published = date.fromisoformat(t["published"]) if t.get("published") else None
        out.append(LabelledArticle(rec["id"], rec["split"], t["text"], published, gold))
    for name in HAND_WRITTEN:
        for line in (ROOT / "bench" / "data" / name).open(encoding="utf-8"):
            rec = json.loads(line)
            gold = tuple(RolePlace((n,), role) for n, role in rec["gold"] if role != "mention")
            out.append(
                LabelledArticle(
                    f"{name}:{rec['id']}", "train", rec["text"], date.fromisoformat(rec["date"]), gold
                )
            )
    return out


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def main() -> None:
    t0 = time.perf_counter()
    articles = labelled_articles()
    pipeline = Pipeline(load_pipeline(), Gazetteer.load(), role_model=None)
    instances = instances_of(pipeline, articles)
    t1 = time.perf_counter()
    oof: dict = {}
    model = train(instances, oof=oof)
    t2 = time.perf_counter()
    meta = {
        "name": "diplomap-roles",
        "version": time.strftime("%Y-%m-%d"),
        "trained_on": {
            "labels": {
                p.name: file_hash(p)
                for p in [corpus.LABELS_PATH, *(ROOT / "bench" / "data" / n for n in HAND_WRITTEN)]
            },
            "articles": {s: sum(1 for a in articles if a.split == s) for s in ("train", "dev")},
            "places": {s: sum(1 for i in instances if i.split == s) for s in ("train", "dev")},
            "corrections": 0,
        },
        # Out-of-fold: each place scored by a model that never saw its article.
        "held_out_place_f1": round(held_out_f1(oof, model), 4),
        "calibration_dev": oof_calibration(oof, "dev"),
        "features": {
            v: {r: len(w["weights"]) for r, w in model[v].items()} for v in ("with_rules", "without_rules")
        },
        "train_seconds": round(t2 - t1, 1),
    }
    write_model(SHIPPED_DIR, model, meta)
    # Features only (no text): what `cli.py retrain` learns from again. mtime=0 keeps the file
    # byte-identical when nothing changed.
    with SHIPPED_INSTANCES.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for inst in instances:
            gz.write((json.dumps(inst.to_json(), separators=(",", ":")) + "\n").encode("utf-8"))
    print(
        f"{len(articles)} articles, {len(instances)} places; read in {t1 - t0:.1f} s,"
        f" trained in {t2 - t1:.1f} s"
        f" -> {SHIPPED_DIR.relative_to(ROOT)}"
    )
    print("held-out place F1 (5 folds by article):", meta["held_out_place_f1"])
    print("calibration on dev (out-of-fold):", json.dumps(meta["calibration_dev"]))


if __name__ == "__main__":
    main()
