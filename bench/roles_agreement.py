"""How far two annotators agree on the test split's roles, and how the shipped reader scores against each.

The test split (bench/data/news_roles.jsonl, split "test") was labelled in the first labelling passes.
bench/data/news_roles_test_second.jsonl holds a second, independent labelling of the same 111 articles
by annotators who worked from ../shared/ROLES-GUIDE.md and the texts alone (never the reader's output,
nor the first labels). Agreement is scored as the guide scores the reader: one annotator's required
roles as predictions against the other's required and optional roles. It tells how much of the
reader's test figure is label noise; it is not a figure to tune on.

  .venv/bin/python bench/roles_agreement.py [--no-reader]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import roles_news_eval as ev  # noqa: E402

from diplomap.role_eval import RolePlace, score  # noqa: E402

SECOND = ROOT / "bench" / "data" / "news_roles_test_second.jsonl"


def required(places: list[RolePlace]) -> list[RolePlace]:
    return [RolePlace(p.names, p.role, p.lat, p.lon) for p in places if not p.optional]


def main() -> None:
    second = {}
    with SECOND.open(encoding="utf-8") as lines:
        for line in lines:
            rec = json.loads(line)
            second[rec["id"]] = rec
    items = ev.articles_of("test")
    first = [ev.gold_places(rec) for rec, _t in items]
    other = [ev.gold_places(second[rec["id"]]) for rec, _t in items]
    lines = [
        ("second's required roles against the first labels", first, [required(o) for o in other]),
        ("first's required roles against the second labels", other, [required(f) for f in first]),
    ]
    if "--no-reader" not in sys.argv:
        preds = ev.predicted_places(ev.pipeline_for("model+rules"), items)
        lines += [
            ("model + rules against the first labels", first, preds),
            ("model + rules against the second labels", other, preds),
        ]
    for title, golds, predicted in lines:
        print(f"{title:52} {score(zip(golds, predicted, strict=True)).line()}")


if __name__ == "__main__":
    main()
