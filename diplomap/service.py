"""What the dashboard does, without Streamlit: ingest files, filter, export, correct.

Uploaded bytes go through the reader and the pipeline into the store; every file ends as one or
more ``FileOutcome`` rows (added, duplicate or refused with the reader's code), and one bad file
never stops the others. Corrections change the stored events and pin the mention in the
geocoding cache, which the pipeline consults through ``make_pipeline``'s override.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from diplomap import neardup
from diplomap.actors import with_actors
from diplomap.errors import MapError
from diplomap.events import PlaceEvent
from diplomap.reading import reading_version
from diplomap.store import Store
from extraction.reader import content_hash, read_file
from extraction.role_model import UNCERTAIN_BELOW
from extraction.types import Article
from geo.cache import GeoCache
from geo.gazetteer import Gazetteer
from geo.gazetteer_build import normalize_name
from geo.types import GeoMatch

if TYPE_CHECKING:  # spaCy is imported when articles are first read, not when the dashboard opens
    from spacy.language import Language

    from diplomap.pipeline import Pipeline
    from diplomap.role_training import RetrainReport

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PATH = ROOT / "assets" / "samples" / "000_4e41f000fa338b9a.txt"
ROLES = ("diplomatic_post", "meeting", "conflict", "mention")
POST = "diplomatic_post"
MAX_CHOICES = 25
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# spaCy pipelines are not documented as thread-safe; Streamlit runs each session in a thread.
_PIPELINE_LOCK = threading.Lock()

Status = Literal["added", "duplicate", "refused"]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one article (or one refused file or record) of an upload."""

    filename: str
    status: Status
    title: str = ""
    article_id: int | None = None
    n_events: int = 0
    code: str = ""  # the reader's machine-readable refusal code
    message: str = ""
    item: int | None = None  # record number inside a .json/.jsonl file


@dataclass(frozen=True, slots=True)
class RereadOutcome:
    """One stored article read again: its new number of events and the corrections kept."""

    article_id: int
    title: str = ""
    n_events: int = 0
    corrections: int = 0
    error: str = ""  # why the article kept its old events


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The dashboard's filters. ``None`` means "no filter"; an empty tuple matches nothing."""

    roles: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None  # applies to diplomatic posts only
    owners: tuple[str, ...] | None = None  # whose posts (ISO alpha-2, "unknown"); posts only too
    countries: tuple[str, ...] | None = None
    article_ids: tuple[int, ...] | None = None
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    uncertain: bool = True  # roles the role model is less sure of than UNCERTAIN_BELOW are shown too
    undated: bool = True  # articles without a date are shown (also when the dates are narrowed)
    actors: tuple[str, ...] | None = None  # only the meetings these people or countries took part in


@dataclass(frozen=True, slots=True)
class PlaceChoice:
    """One gazetteer candidate a person can move an event to."""

    label: str
    match: GeoMatch


# -- resources ---------------------------------------------------------------------------------


def geocache_path(db_path: Path) -> Path:
    """The geocoding cache (and its manual overrides) lives beside the article database."""
    return db_path.with_name(f"{db_path.stem}-geocache.sqlite")


def make_pipeline(nlp: Language, gazetteer: Gazetteer, cache: GeoCache) -> Pipeline:
    """A pipeline that places every mention a person has corrected where they put it."""
    from diplomap.pipeline import Pipeline

    return Pipeline(nlp, gazetteer, override=lambda query, hint: cache.get_override(query, country_hint=hint))


# -- the role model ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleModelInfo:
    """What the dashboard says of the role model in use."""

    retrained: bool  # a model retrained here, not the shipped one
    version: str
    articles: int  # labelled articles it learned from
    corrections: int  # role corrections folded in when it was trained
    held_out_f1: float  # place-level micro-F1, five folds by article
    pending: int  # role corrections in the store now
    can_roll_back: bool


def role_model_info(store: Store) -> RoleModelInfo:
    from extraction.role_model import SHIPPED_DIR, active_model_dir, user_model_dir

    folder = active_model_dir()
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MapError(f"cannot read the role model's meta in {folder}: {exc}") from exc
    trained = meta.get("trained_on", {})
    return RoleModelInfo(
        retrained=folder != SHIPPED_DIR,
        version=str(meta.get("version", "")),
        articles=sum(trained.get("articles", {}).values()),
        corrections=int(trained.get("corrections", 0)),
        held_out_f1=float(meta.get("held_out_place_f1", 0.0)),
        pending=sum(1 for c in store.corrections() if c.field == "role"),
        can_roll_back=(user_model_dir() / "model.json").exists(),
    )


def retrain_roles(store: Store, nlp: Language, gazetteer: Gazetteer) -> RetrainReport:
    """The role model retrained with every role corrected in this store (the previous one kept)."""
    from diplomap.pipeline import Pipeline
    from diplomap.role_training import retrain

    return retrain(Pipeline(nlp, gazetteer, role_model=None), store)


def roll_back_roles() -> bool:
    from diplomap.role_training import rollback

    return rollback()


# -- ingest ------------------------------------------------------------------------------------


def ingest_file(data: bytes, filename: str, *, store: Store, pipeline: Pipeline) -> list[FileOutcome]:
    """Read one file and store each article in it; never raises for a bad file or article."""
    result = read_file(data, filename)
    outcomes = [
        FileOutcome(filename, "refused", code=r.code, message=r.message, item=r.item) for r in result.refusals
    ]
    for article in result.articles:
        outcomes.append(_ingest_article(article, filename, store=store, pipeline=pipeline))
    return outcomes


def ingest_files(
    files: Sequence[tuple[str, bytes]],
    *,
    store: Store,
    pipeline: Pipeline,
    progress: Progress | None = None,
) -> list[FileOutcome]:
    """Ingest ``(filename, bytes)`` pairs in order, reporting ``progress(done, total, filename)``."""
    outcomes: list[FileOutcome] = []
    for done, (filename, data) in enumerate(files):
        if progress:
            progress(done, len(files), filename)
        outcomes.extend(ingest_file(data, filename, store=store, pipeline=pipeline))
    if progress:
        progress(len(files), len(files), "")
    return outcomes


def load_sample_if_new(store: Store, pipeline: Pipeline, sample: Path = SAMPLE_PATH) -> list[FileOutcome]:
    """Load the bundled sample into a store nothing was ever written to, so the map is never empty."""
    if store.data_version() != 0:
        return []
    return ingest_file(sample.read_bytes(), sample.name, store=store, pipeline=pipeline)


def _ingest_article(article: Article, filename: str, *, store: Store, pipeline: Pipeline) -> FileOutcome:
    known = store.article_id_of(article.content_hash)
    if known is not None:  # skip the language model for a known text
        return FileOutcome(filename, "duplicate", article.title, known)
    sig = neardup.signature(article.text)
    try:
        near = store.near_duplicate(sig) if sig is not None else None
        if near is None:  # else skip the language model for a known story too
            with _PIPELINE_LOCK:
                events = pipeline.events(article)
            added = store.add_article(article, events, reading=reading_version(), signature=sig)
    except MapError as exc:
        code = getattr(exc, "code", "failed")
        return FileOutcome(filename, "refused", article.title, code=code, message=str(exc))
    if near is not None or added.similarity is not None:
        stored_id, alike = near or (added.article_id, added.similarity or 0.0)
        return FileOutcome(
            filename, "duplicate", article.title, stored_id, message=_near_message(store, stored_id, alike)
        )
    n_events = len(events) if added.status == "added" else 0
    return FileOutcome(filename, added.status, article.title, added.article_id, n_events)


def _near_message(store: Store, article_id: int, alike: float) -> str:
    """Why an article that is not byte-for-byte stored still counts as stored."""
    try:
        title = store.article(article_id).title
    except MapError:
        title = f"article {article_id}"
    return f"Nearly the same text as the stored “{title}” ({alike:.0%} alike): its events count once."


def stale_articles(store: Store) -> list[int]:
    """The stored articles an earlier version of the reader read (oldest first)."""
    return store.stale_articles(reading_version())


def stale_count(store: Store) -> int:
    """How many stored articles an earlier version of the reader read."""
    return store.stale_count(reading_version())


def reread_articles(
    store: Store, pipeline: Pipeline, article_ids: Sequence[int], *, progress: Progress | None = None
) -> list[RereadOutcome]:
    """Read stored articles again with today's reader; corrections made by hand are kept.

    Each article is replaced on its own (an interruption leaves the rest for next time); one that
    fails keeps its old events and says why.
    """
    outcomes: list[RereadOutcome] = []
    for done, article_id in enumerate(article_ids):
        try:
            article = stored_article(store, article_id)
            if progress:
                progress(done, len(article_ids), article.title)
            with _PIPELINE_LOCK:
                events = pipeline.events(article, article_id)
            sig = neardup.signature(article.text)
            replayed = store.replace_events(article_id, events, reading=reading_version(), signature=sig)
        except MapError as exc:
            outcomes.append(RereadOutcome(article_id, error=str(exc)))
            continue
        outcomes.append(RereadOutcome(article_id, article.title, len(events), replayed))
    if progress:
        progress(len(article_ids), len(article_ids), "")
    return outcomes


def stored_article(store: Store, article_id: int) -> Article:
    """The stored article as an ``Article`` again, e.g. to read it anew with today's corrections."""
    row = store.article(article_id)
    text = store.article_text(article_id)
    published = date.fromisoformat(row.published) if row.published else None
    return Article(text, row.title, published, row.source, content_hash(text), row.filename, row.fmt, row.url)


# -- filtering and summaries -------------------------------------------------------------------


def filtered_events(store: Store, flt: EventFilter) -> list[PlaceEvent]:
    """Events passing every filter; the status and owner filters narrow posts and leave other roles
    alone."""
    events = store.events(
        roles=flt.roles,
        countries=flt.countries,
        article_ids=flt.article_ids,
        date_from=flt.date_from,
        date_to=flt.date_to,
        search=flt.search or None,
        undated=flt.undated,
    )
    for wanted, value in ((flt.statuses, _status_of), (flt.owners, _owner_of)):
        if wanted is not None:
            keep = set(wanted)
            events = [e for e in events if e.role != POST or value(e) in keep]
    if not flt.uncertain:
        events = [e for e in events if not is_uncertain(e)]
    if not flt.undated:  # switched off: undated articles leave the map whatever the dates
        events = [e for e in events if e.published]
    if flt.actors is not None:
        events = with_actors(events, flt.actors)
    return events


def is_uncertain(event: PlaceEvent) -> bool:
    """A role the role model gave with a probability under UNCERTAIN_BELOW (a mention never is)."""
    return event.role != "mention" and event.confidence < UNCERTAIN_BELOW


def _status_of(event: PlaceEvent) -> str:
    return event.status or "unknown"


def _owner_of(event: PlaceEvent) -> str:
    return event.owner or "unknown"


def role_counts(events: Iterable[PlaceEvent]) -> dict[str, int]:
    """Events per role, every role present (zero when none)."""
    counts = Counter(e.role for e in events)
    return {role: counts.get(role, 0) for role in ROLES}


def events_per_day(events: Iterable[PlaceEvent]) -> dict[str, dict[str, int]]:
    """{ISO day: {role: n}} over the articles' publication days; undated articles are left out."""
    days: dict[str, Counter[str]] = {}
    for event in events:
        if event.published:
            days.setdefault(event.published[:10], Counter())[event.role] += 1
    return {day: dict(days[day]) for day in sorted(days)}


def undated_per_role(events: Iterable[PlaceEvent]) -> dict[str, int]:
    """{role: n} over the events of undated articles (the timeline's "undated" bar)."""
    return dict(Counter(e.role for e in events if not e.published))


def date_bounds(store: Store) -> tuple[date, date] | None:
    """The earliest and latest publication date of the stored articles, if any is dated."""
    bounds = store.published_bounds()
    return (date.fromisoformat(bounds[0][:10]), date.fromisoformat(bounds[1][:10])) if bounds else None


def locate_mention(text: str, event: PlaceEvent) -> tuple[int, int] | None:
    """Offsets of the event's mention inside the whole article text, when they can be found."""
    if not 0 <= event.mention_start < event.mention_end <= len(event.sentence):
        return None
    at = text.find(event.sentence)
    if at < 0:
        return None
    return at + event.mention_start, at + event.mention_end


# -- export ------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "event_id", "article_id", "article_title", "published", "role", "place_name", "mention_text",
    "place_key", "geonameid", "lat", "lon", "kind", "country_code", "post_type", "owner", "status",
    "participants", "when", "when_precision", "confidence", "role_probability", "uncertain", "sentence",
    "source_url",
)  # fmt: skip


def event_record(event: PlaceEvent) -> dict[str, Any]:
    """One event as a flat record: the row of the CSV and the properties of the GeoJSON feature."""
    record = {name: getattr(event, name) for name in EXPORT_COLUMNS if hasattr(event, name)}
    record["participants"] = "; ".join(event.participants)
    # How sure the role model is of the role (calibrated); a plain mention has no role to be sure of.
    record["role_probability"] = event.confidence if event.role != "mention" else None
    record["uncertain"] = is_uncertain(event)
    return {name: record[name] for name in EXPORT_COLUMNS}


def events_csv(events: Iterable[PlaceEvent]) -> str:
    """The events as CSV (UTF-8 text); text cells that a spreadsheet would run as formulas get a quote."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow({k: _cell(v) for k, v in event_record(event).items()})
    return out.getvalue()


def rows_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV, cells a spreadsheet would run as formulas quoted (as ``events_csv`` does)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def events_geojson(events: Iterable[PlaceEvent]) -> str:
    """The events as a GeoJSON FeatureCollection of points (longitude first, as GeoJSON wants)."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [event.lon, event.lat]},
            "properties": event_record(event),
        }
        for event in events
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# -- corrections -------------------------------------------------------------------------------


def place_choices(gazetteer: Gazetteer, name: str, *, limit: int = MAX_CHOICES) -> list[PlaceChoice]:
    """The gazetteer's places called ``name``, most prominent first."""
    rows = sorted(gazetteer.candidates(name), key=gazetteer.static_score, reverse=True)[:limit]
    choices = []
    for row in rows:
        match = gazetteer.match(row, source="correction")
        population = f", pop. {match.population:,}" if match.population else ""
        country = gazetteer.country_name(match.country_code) or match.country_code or "no country"
        label = (
            f"{match.name} — {match.kind} in {country}{population}"
            f" ({match.coordinates.lat:.3f}, {match.coordinates.lon:.3f})"
        )
        choices.append(PlaceChoice(label, match))
    return choices


def match_place_key(match: GeoMatch) -> str:
    """The place key the pipeline gives a gazetteer match (``gn:<id>`` or ``name:<normalised>``)."""
    return f"gn:{match.geonameid}" if match.geonameid else f"name:{normalize_name(match.name)}"


def correct_role(store: Store, event_id: int, role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    store.correct_event(event_id, role=role)


def correct_placement(
    store: Store, cache: GeoCache, event: PlaceEvent, match: GeoMatch, *, everywhere: bool = True
) -> str:
    """Move the event, and the same mention's other events in its article, to ``match``.

    With ``everywhere`` the mention is also pinned in the geocoding cache, so the next article
    naming it lands there too; without it, only this mention moves (a re-read replays it).
    Returns the new place key.
    """
    new_key = match_place_key(match)
    siblings = [
        e
        for e in store.events(article_ids=[event.article_id])
        if e.event_id == event.event_id
        or (e.mention_text == event.mention_text and e.place_key == event.place_key)
    ]
    for sibling in siblings:
        store.correct_event(
            sibling.event_id,
            lat=match.coordinates.lat,
            lon=match.coordinates.lon,
            place_name=match.name,
            place_key=new_key,
            geonameid=match.geonameid,
            kind=str(match.kind),
            country_code=match.country_code,
        )
    if everywhere:
        cache.set_override(event.mention_text, match)
    return new_key


def revert_corrections(store: Store, cache: GeoCache, pipeline: Pipeline, event: PlaceEvent) -> int:
    """Undo every correction of the event's name in its article: forget them (and the name's pin in
    the geocoding cache, if it pins it where the correction put it) and read the article again."""
    removed = store.remove_corrections(event.article_id, event.mention_text)
    pinned = cache.get_override(event.mention_text)
    if pinned is not None and match_place_key(pinned) == event.place_key:
        cache.remove_override(event.mention_text)
    (outcome,) = reread_articles(store, pipeline, [event.article_id])
    if outcome.error:
        raise MapError(
            f"the corrections were forgotten but the article could not be read again: {outcome.error}"
        )
    return removed
