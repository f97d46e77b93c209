"""diplomap's command line.

python cli.py geoparse IN.jsonl OUT.jsonl   places (and roles) of {"id", "text"} lines
python cli.py ingest PATH... [--workers N] [--dask local|tcp://HOST:8786] [--db PATH]
                                            files, folders and .jsonl bundles into the store
python cli.py export [--format csv|geojson|jsonl|kml|parquet] [--out PATH]
                     [--role R] [--country CC] [--owner CC]
                                            the stored events, or the ones matching the filters
python cli.py reread [--all] [--workers N] [--dask ...] [--db PATH]
                                            read stored articles again with this version's reader
python cli.py retrain [--rollback] [--db PATH]
                                            fold the role corrections into the role model
python cli.py user add NAME --role viewer|editor | user remove NAME | user list
                                            the local user file (sign-in without an identity provider)
python cli.py backup PATH [--db PATH]       a consistent copy of the database, while the app runs
python cli.py restore PATH [--db PATH]      replace the database with a checked backup
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
    """Places with offsets and coordinates, and (unless --no-roles) each place's role."""
    from diplomap.geoparse import REFERENCE, Geoparser, place_record, role_fields
    from diplomap.pipeline import Pipeline
    from extraction.dates import parse_date
    from extraction.nlp import load_pipeline
    from extraction.types import Article
    from geo.gazetteer import Gazetteer

    records = list(_read_jsonl(Path(args.input)))
    nlp, gazetteer = load_pipeline(), Gazetteer.load()
    results: Iterator[list[dict]]
    if args.no_roles:
        parsed = Geoparser(nlp, gazetteer).parse_many(r["text"] for r in records)
        results = ([place_record(lm) for lm in p.located if lm.mention.label != REFERENCE] for p in parsed)
    else:
        articles = (
            Article(
                text=r["text"],
                title=str(r.get("title", "")),
                source=str(r["id"]),
                content_hash="",
                published=parse_date(str(r["date"])) if r.get("date") else None,
            )
            for r in records
        )
        readings = (reading for _article, reading in Pipeline(nlp, gazetteer).read_many(articles))
        results = (
            [
                place_record(lm) | role_fields(roles)
                for lm, roles in zip(rd.located, rd.roles, strict=True)
                if lm.mention.label != REFERENCE  # "the country": no toponym, though it carries roles
            ]
            for rd in readings
        )
    with Path(args.output).open("w", encoding="utf-8") as out:
        bar = tqdm(
            zip(records, results, strict=True),
            total=len(records),
            unit="doc",
            file=sys.stderr,
            disable=args.quiet,
        )
        for rec, places in bar:
            out.write(json.dumps({"id": rec["id"], "places": places}, ensure_ascii=False) + "\n")
    return 0


# -- ingest and export ----------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from diplomap.archive import Columns, archive_threshold
    from diplomap.errors import MapError
    from diplomap.ingest import Progress, find_files, format_summary, ingest, make_runner
    from diplomap.service import geocache_path
    from diplomap.store import Store
    from geo.cache import GeoCache

    bar = tqdm(unit="art", file=sys.stderr, disable=args.quiet, dynamic_ncols=True)

    def show(progress: Progress) -> None:
        rate = progress.words / max(bar.format_dict["elapsed"], 1e-9)
        bar.set_postfix_str(f"{rate:,.0f} words/s, refused {len(progress.refused)}", refresh=False)
        bar.update(progress.done - bar.n)

    try:
        files = find_files(args.paths)
        with Store.open(args.db) as store, make_runner(workers=args.workers, dask=args.dask) as runner:
            if store.recovery_message:
                print(store.recovery_message, file=sys.stderr)
            corrections = GeoCache(geocache_path(store.path))  # the dashboard's corrections win here too
            summary = ingest(
                files,
                store,
                runner,
                batch_size=args.batch_size,
                on_progress=show,
                override=lambda q, cc: corrections.get_override(q, country_hint=cc),
            )
            bar.close()
            print(format_summary(summary))
            if sum(store.count_by_role().values()) > archive_threshold():
                # An archive: its columns are read now, so the dashboard's first page need not.
                print("Keeping the archive's columns for the dashboard…", file=sys.stderr)
                Columns.cached(store)
    except MapError as exc:
        bar.close()
        print(f"cli.py ingest: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import os

    from diplomap.errors import MapError
    from diplomap.kml import events_kml
    from diplomap.service import EventFilter, event_record, events_csv, events_geojson, filtered_events
    from diplomap.store import Store

    def events_jsonl(events: list) -> str:
        return "".join(
            json.dumps(event_record(e) | {"participants": list(e.participants)}, ensure_ascii=False) + "\n"
            for e in events
        )

    by_suffix = {".csv": "csv", ".geojson": "geojson", ".kml": "kml", ".parquet": "parquet"}
    fmt = args.format or by_suffix.get(Path(args.out or "").suffix.lower(), "jsonl")
    roles = tuple(r for value in args.role or [] for r in value.split(",") if r) or None
    countries = tuple(c.upper() for value in args.country or [] for c in value.split(",") if c) or None
    owners = tuple(c.upper() for value in args.owner or [] for c in value.split(",") if c) or None
    flt = EventFilter(roles=roles, countries=countries, owners=owners)
    try:
        with Store.open(args.db) as store:
            events = filtered_events(store, flt)
    except MapError as exc:
        print(f"cli.py export: {exc}", file=sys.stderr)
        return 1
    partial = Path(f"{args.out}.partial")  # a reader never sees half a file
    if fmt == "parquet":
        from diplomap.parquet import write_parquet

        if args.out is None:
            print("cli.py export: Parquet is binary: give --out FILE.parquet", file=sys.stderr)
            return 2
        write_parquet(events, partial)
        os.replace(partial, args.out)
        print(f"wrote {len(events):,} events to {args.out} ({fmt})", file=sys.stderr)
        return 0
    writers = {"csv": events_csv, "geojson": events_geojson, "jsonl": events_jsonl, "kml": events_kml}
    text = writers[fmt](events)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, args.out)
    print(f"wrote {len(events):,} events to {args.out} ({fmt})", file=sys.stderr)
    return 0


def cmd_reread(args: argparse.Namespace) -> int:
    from diplomap.errors import MapError
    from diplomap.ingest import make_runner, reread
    from diplomap.service import geocache_path, stale_articles
    from diplomap.store import Store
    from geo.cache import GeoCache

    try:
        with Store.open(args.db) as store:
            ids = [a.id for a in store.articles()] if args.all else stale_articles(store)
            if not ids:
                print("every stored article was read by this version of the reader", file=sys.stderr)
                return 0
            bar = tqdm(total=len(ids), unit="art", file=sys.stderr, disable=args.quiet, dynamic_ncols=True)
            corrections = GeoCache(geocache_path(store.path))  # the dashboard's placements win, as in ingest
            with make_runner(workers=args.workers, dask=args.dask) as runner:
                outcomes = reread(
                    store,
                    ids,
                    runner,
                    batch_size=args.batch_size,
                    override=lambda q, cc: corrections.get_override(q, country_hint=cc),
                    on_article=lambda: bar.update(1),
                )
            bar.close()
    except MapError as exc:
        print(f"cli.py reread: {exc}", file=sys.stderr)
        return 1
    failed = [o for o in outcomes if o.error]
    read = [o for o in outcomes if not o.error]
    print(
        f"read again  {len(read):>8,}\nevents      {sum(o.n_events for o in read):>8,}\n"
        f"corrections {sum(o.corrections for o in read):>8,} kept\nfailed      {len(failed):>8,}"
    )
    for outcome in failed:
        print(f"  article {outcome.article_id}: {outcome.error}", file=sys.stderr)
    return 1 if failed else 0


def cmd_retrain(args: argparse.Namespace) -> int:
    """The role model retrained with every role corrected in the dashboard (or rolled back)."""
    from diplomap.errors import MapError
    from diplomap.role_training import retrain, rollback

    if args.rollback:
        if not rollback():
            print("cli.py retrain: no retrained model to roll back", file=sys.stderr)
            return 1
        print("rolled back to the previous role model; `cli.py reread` reads stored articles with it")
        return 0
    from diplomap.pipeline import Pipeline
    from diplomap.store import Store
    from extraction.nlp import load_pipeline
    from geo.gazetteer import Gazetteer

    try:
        with Store.open(args.db) as store:
            report = retrain(Pipeline(load_pipeline(), Gazetteer.load(), role_model=None), store)
    except MapError as exc:
        print(f"cli.py retrain: {exc}", file=sys.stderr)
        return 1
    print(
        f"corrections {report.corrections:>8,} places learned from\n"
        f"held-out F1 {report.dev_before:>8.3f} before, {report.dev_after:.3f} after"
        " (places, five folds by article)\n"
        f"took        {report.seconds:>8.1f} s -> {report.folder}\n"
        "`cli.py reread` reads stored articles with it; `cli.py retrain --rollback` goes back"
    )
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    """The local user file: add (password asked twice, or read from stdin), remove, list."""
    import getpass

    from diplomap.access import AccessError, UserFile, users_path
    from diplomap.store import default_db_path

    users = UserFile(users_path(Path(args.db).expanduser() if args.db else default_db_path()))
    try:
        if args.action == "list":
            for name, role, has_password in users.list():
                print(f"{name}\t{role}\t{'password' if has_password else 'identity provider'}")
            return 0
        if not args.name:
            print(f"cli.py user {args.action}: give the user's name", file=sys.stderr)
            return 2
        if args.action == "remove":
            if not users.remove(args.name):
                print(f"cli.py user remove: no user {args.name!r}", file=sys.stderr)
                return 1
            print(f"removed {args.name} from {users.path}")
            return 0
        password: str | None = None
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        elif not args.no_password:
            password = getpass.getpass(f"password for {args.name}: ")
            if getpass.getpass("again: ") != password:
                print("cli.py user add: the passwords differ", file=sys.stderr)
                return 1
        users.add(args.name, password, args.role)
    except AccessError as exc:
        print(f"cli.py user: {exc}", file=sys.stderr)
        return 1
    print(
        f"{args.name} is an {args.role} in {users.path}"
        if args.role == "editor"
        else f"{args.name} is a viewer in {users.path}"
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from diplomap.errors import MapError
    from diplomap.store import Store

    try:
        with Store.open(args.db) as store:
            store.backup(Path(args.path))
    except MapError as exc:
        print(f"cli.py backup: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {store.path} to {args.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from diplomap.errors import MapError
    from diplomap.store import Store

    try:
        with Store.open(args.db) as store:
            kept = store.restore_from(Path(args.path))
            store.record(f"cli:{_os_user()}", "restore backup", {"from": str(args.path), "kept": str(kept)})
    except MapError as exc:
        print(f"cli.py restore: {exc}", file=sys.stderr)
        return 1
    print(f"restored {store.path} from {args.path}; what it held is kept in {kept}")
    return 0


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except OSError:
        return "unknown"


EXPORT_FORMATS = ("csv", "geojson", "jsonl", "kml", "parquet")


def add_store_commands(sub: argparse._SubParsersAction) -> None:
    from extraction.types import Role

    db_help = "the database (default: $DIPLOMAP_DB, else ~/.local/share/diplomap/diplomap.db)"
    i = sub.add_parser("ingest", help="read files, folders and .jsonl bundles into the store")
    i.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive), .jsonl bundles")
    i.add_argument("--workers", type=int, default=1, help="worker processes (1: in this process)")
    i.add_argument("--dask", metavar="SCHEDULER", help="'local' for a local Dask cluster, or tcp://host:8786")
    i.add_argument("--db", help=db_help)
    i.add_argument("--batch-size", type=int, default=16, help="articles per task (default: 16)")
    i.add_argument("--quiet", action="store_true", help="no progress bar")
    i.set_defaults(func=cmd_ingest)
    e = sub.add_parser(
        "export", help="write the stored (or the filtered) events as CSV, GeoJSON, JSONL or KML"
    )
    e.add_argument("--format", choices=EXPORT_FORMATS, help="default: by --out suffix, else jsonl")
    e.add_argument("--out", help="file to write (default: standard output)")
    e.add_argument("--role", action="append", help=f"only these roles ({', '.join(Role)}); repeatable")
    e.add_argument("--country", action="append", help="only these ISO alpha-2 country codes; repeatable")
    e.add_argument(
        "--owner", action="append", help="only the posts of these countries (ISO alpha-2); repeatable"
    )
    e.add_argument("--db", help=db_help)
    e.set_defaults(func=cmd_export)
    r = sub.add_parser("reread", help="read stored articles again with this version's reader")
    r.add_argument("--all", action="store_true", help="every article, not only those an earlier reader read")
    r.add_argument("--workers", type=int, default=1, help="worker processes (1: in this process)")
    r.add_argument("--dask", metavar="SCHEDULER", help="'local' for a local Dask cluster, or tcp://host:8786")
    r.add_argument("--batch-size", type=int, default=16, help="articles per task (default: 16)")
    r.add_argument("--db", help=db_help)
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=cmd_reread)
    t = sub.add_parser("retrain", help="fold the dashboard's role corrections into the role model")
    t.add_argument("--rollback", action="store_true", help="go back to the model before the last retrain")
    t.add_argument("--db", help=db_help)
    t.set_defaults(func=cmd_retrain)
    u = sub.add_parser("user", help="add, remove or list the users of the local user file")
    u.add_argument("action", choices=("add", "remove", "list"))
    u.add_argument("name", nargs="?", help="the user's name (add, remove)")
    u.add_argument("--role", choices=("viewer", "editor"), default="viewer", help="default: viewer")
    u.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    u.add_argument("--no-password", action="store_true", help="signs in through the identity provider only")
    u.add_argument("--db", help=db_help + " (users.json sits beside it, or $DIPLOMAP_USERS)")
    u.set_defaults(func=cmd_user)
    b = sub.add_parser("backup", help="a consistent copy of the database, safe while the dashboard runs")
    b.add_argument("path", help="the backup file to write")
    b.add_argument("--db", help=db_help)
    b.set_defaults(func=cmd_backup)
    rs = sub.add_parser("restore", help="replace the database with a backup, after checking it")
    rs.add_argument("path", help="a file written by `cli.py backup`")
    rs.add_argument("--db", help=db_help)
    rs.set_defaults(func=cmd_restore)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cli.py", description="diplomap: map diplomatic activity out of news.")
    sub = p.add_subparsers(dest="command", required=True)
    g = sub.add_parser("geoparse", help="find and place every place in JSON Lines articles")
    g.add_argument("input", help='JSON Lines of {"id", "text"}')
    g.add_argument("output", help='JSON Lines of {"id", "places": [...]} to write')
    g.add_argument("--quiet", action="store_true", help="no progress bar")
    g.add_argument("--no-roles", action="store_true", help="places only, without the diplomatic reading")
    g.set_defaults(func=cmd_geoparse)
    add_store_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
