"""Where the geoparser goes wrong on a shared gold corpus: misplaced, missed and spurious names.

  python bench/error_analysis.py LGL /tmp/pred.jsonl
(the prediction file is what `cli.py geoparse` wrote for geoparse_eval's input).
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "bench"))
import loaders


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(min(1, math.sqrt(h)))


def main(corpus: str, pred_path: str) -> None:
    kw = {"geonames_only": True} if corpus == "GeoWebNews" else {}
    gold = {str(d): (t, tops) for d, t, tops in loaders.LOADERS[corpus](None, **kw)}
    pred = {}
    with open(pred_path, encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            pred[str(r["id"])] = [p for p in r["places"] if p.get("lat") is not None]
    wrong, missed, spurious = Counter(), Counter(), Counter()
    for doc, (_text, tops) in gold.items():
        ps = pred.get(doc, [])
        used = [False] * len(ps)
        for s, e, name, lat, lon in tops:
            mid = (s + e) / 2
            hit = None
            for j, p in enumerate(ps):
                if (
                    not used[j]
                    and abs((p["start"] + p["end"]) / 2 - mid) <= 10
                    and p["name"].lower() == name.lower()
                ):
                    hit = j
                    break
            if hit is None:
                missed[name] += 1
                continue
            used[hit] = True
            p = ps[hit]
            d = km((lat, lon), (p["lat"], p["lon"]))
            if d > 161:
                where = f"{p.get('place')} {p.get('country_code')} {p.get('kind')}"
                wrong[f"{name} -> {where} ({d:.0f} km; gold {lat:.2f},{lon:.2f})"] += 1
        for j, p in enumerate(ps):
            if not used[j]:
                spurious[f"{p['name']} [{p.get('label')}]"] += 1
    for title, c in (("MISPLACED", wrong), ("MISSED", missed), ("SPURIOUS", spurious)):
        print(f"== {title}: {sum(c.values())}")
        for k, v in c.most_common(60):
            print(f"{v:4d}  {k}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
