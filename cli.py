"""diplomap's command line.

  python cli.py geoparse IN.jsonl OUT.jsonl   places (and roles) of {"id", "text"} lines
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm


def _read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def cmd_geoparse(args: argparse.Namespace) -> int:
    from diplomap.geoparse import Geoparser, place_record
    from extraction.nlp import load_pipeline
    from geo.gazetteer import Gazetteer

    records = list(_read_jsonl(Path(args.input)))
    parser = Geoparser(load_pipeline(), Gazetteer.load())
    texts = (r["text"] for r in records)
    with Path(args.output).open("w", encoding="utf-8") as out:
        bar = tqdm(zip(records, parser.parse_many(texts), strict=True), total=len(records), unit="doc",
                   file=sys.stderr, disable=args.quiet)
        for rec, parsed in bar:
            places = [place_record(lm) for lm in parsed.located]
            out.write(json.dumps({"id": rec["id"], "places": places}, ensure_ascii=False) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cli.py", description="diplomap: map diplomatic activity out of news.")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("geoparse", help="find and place every place in JSON Lines articles")
    g.add_argument("input", help='JSON Lines of {"id", "text"}')
    g.add_argument("output", help='JSON Lines of {"id", "places": [...]} to write')
    g.add_argument("--quiet", action="store_true", help="no progress bar")
    g.set_defaults(func=cmd_geoparse)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
