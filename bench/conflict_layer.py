"""What the conflict layer draws for a store: how many areas, how much of them country-wide, how dark.

    .venv/bin/python bench/conflict_layer.py --db /tmp/news.db

Fill the store first, for instance with the shared real news (labelling and evaluation only: the
texts stay in ../shared):

    DIPLOMAP_DB=/tmp/news.db .venv/bin/python cli.py ingest ../shared/news/articles.jsonl --workers 2

The events are the dashboard's default view (posts, meetings and conflict areas; every date). "Before"
is how the map drew them until this change: every conflict place an area, a country-wide one as its
whole shape, all at fill opacity 0.22. "Now" is ``diplomap.mapjs``: a country-wide area only while no
place inside that country has a conflict role (else a small mark), and wide areas shaded by reports.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diplomap import basemap
from diplomap.mapjs import conflict_shade, drawing_json, group_events
from diplomap.service import EventFilter, filtered_events
from diplomap.store import Store

OLD_OPACITY = 0.22


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, type=Path)
    args = parser.parse_args()
    with Store.open(args.db) as store:
        events = filtered_events(store, EventFilter(roles=("diplomatic_post", "meeting", "conflict")))
        articles = len(store.articles())
    markers = [m for m in group_events(events) if m.role == "conflict"]
    entries = [e for e in json.loads(drawing_json(group_events(events)))["markers"] if e["r"] == "conflict"]
    countries_before = [m for m in markers if m.events[0].kind == "country"]
    shapes_now = [e for e in entries if e.get("shape")]
    pins_now = [e for e in entries if e.get("pin")]
    area = {code: (c.area_km2 or 0.0) for code, c in basemap.countries().items()}
    land_before = sum(area.get(m.events[0].country_code.upper(), 0.0) for m in countries_before)
    land_now = sum(area.get(e["shape"], 0.0) for e in shapes_now)
    shades = [e["fo"] for e in entries if "fo" in e]
    reports = Counter(len(m.events) for m in countries_before)
    print(f"store: {args.db} ({articles:,} articles, {len(events):,} events shown by default)")
    print()
    print("| conflict layer | before | now |")
    print("|---|---:|---:|")
    print(f"| conflict places | {len(markers)} | {len(entries)} |")
    print(f"| country-wide areas drawn as whole countries | {len(countries_before)} | {len(shapes_now)} |")
    print(f"| ... their land, million km² | {land_before / 1e6:.1f} | {land_now / 1e6:.1f} |")
    print(f"| country-wide reports shown as a small mark (a place inside is known) | 0 | {len(pins_now)} |")
    median = statistics.median(shades) if shades else 0.0
    darkest = max(shades or [0.0])
    old = f"{OLD_OPACITY} ({OLD_OPACITY})"
    print(f"| fill opacity of wide areas, median (max) | {old} | {median:.2f} ({darkest:.2f}) |")
    one_now = sum(1 for e in shapes_now if e.get("fo") == conflict_shade(1))
    single = f"{reports.get(1, 0)} ({OLD_OPACITY}) | {one_now} ({conflict_shade(1)})"
    print(f"| whole countries from a single report (fill opacity) | {single} |")
    print()
    print("command: .venv/bin/python bench/conflict_layer.py --db " + str(args.db))


if __name__ == "__main__":
    main()
