"""The article store: one SQLite file holding articles, their located events and user corrections.

Concurrency: one connection per thread (Streamlit runs every browser session in its own thread),
WAL so readers never block the writer, and every write in a ``BEGIN IMMEDIATE`` transaction that is
retried on SQLITE_BUSY until a deadline, so "database is locked" never reaches a person. Threads
and processes may write at once; SQLite serialises them.

Durability: ``synchronous=NORMAL``. In WAL mode a commit is in the WAL (handed to the OS) before
``COMMIT`` returns, so a killed process (kill -9, a crashed Streamlit) loses nothing it reported as
added. Only a power cut can drop the last few commits, and never corrupts the file; an ingest is
idempotent (content hash), so re-adding the file restores them. FULL would add an fsync per article.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from diplomap import neardup
from diplomap.errors import StoreError
from diplomap.events import PlaceEvent
from extraction.types import Article

DEFAULT_TIMEOUT = 30.0  # seconds a caller may wait for another writer before StoreError
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_CORRUPT = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_T = TypeVar("_T")

_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: initial schema
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            published TEXT,
            source TEXT NOT NULL,
            filename TEXT NOT NULL,
            fmt TEXT NOT NULL,
            text TEXT NOT NULL,
            added_at TEXT NOT NULL)""",
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            place_key TEXT NOT NULL, place_name TEXT NOT NULL, mention_text TEXT NOT NULL,
            lat REAL NOT NULL, lon REAL NOT NULL, kind TEXT NOT NULL, country_code TEXT NOT NULL,
            role TEXT NOT NULL, sentence TEXT NOT NULL,
            mention_start INTEGER NOT NULL, mention_end INTEGER NOT NULL, confidence REAL NOT NULL,
            post_type TEXT, owner TEXT, status TEXT, participants TEXT NOT NULL DEFAULT '[]',
            when_value TEXT, when_precision TEXT, geonameid INTEGER)""",
        """CREATE TABLE corrections (
            id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, mention_text TEXT NOT NULL,
            place_key_from TEXT NOT NULL, field TEXT NOT NULL, new_value TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        # PRAGMA data_version is per connection; a counter every write bumps is visible to all.
        "CREATE TABLE data_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL)",
        "INSERT INTO data_version (id, n) VALUES (1, 0)",
        "CREATE INDEX events_place_key ON events(place_key)",
        "CREATE INDEX events_role ON events(role)",
        "CREATE INDEX events_article_id ON events(article_id)",
        "CREATE INDEX articles_published ON articles(published)",
    ),
    (  # 2: which reader made an article's events (read it again when that changes); what a
        # correction changed exactly (the mention's offset and its role then), to replay it
        "ALTER TABLE articles ADD COLUMN reading TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE corrections ADD COLUMN mention_start INTEGER",
        "ALTER TABLE corrections ADD COLUMN role_from TEXT",
        "ALTER TABLE corrections ADD COLUMN sentence_from TEXT",
    ),
    (  # 3: near-duplicate articles (diplomap.neardup): a MinHash signature and its band keys
        "ALTER TABLE articles ADD COLUMN signature BLOB",
        """CREATE TABLE article_bands (
            key INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE)""",
        "CREATE INDEX article_bands_key ON article_bands(key)",
        "CREATE INDEX article_bands_article_id ON article_bands(article_id)",
    ),
    (  # 4: uploads are kept until they are read (diplomap.uploads), so a closed tab loses nothing
        """CREATE TABLE uploads (
            id INTEGER PRIMARY KEY,
            batch INTEGER NOT NULL,
            filename TEXT NOT NULL,
            data BLOB,
            state TEXT NOT NULL,
            outcomes TEXT NOT NULL DEFAULT '[]',
            queued_at TEXT NOT NULL,
            claimed_by TEXT,
            done_at TEXT)""",
        "CREATE INDEX uploads_state ON uploads(state, id)",
        "CREATE INDEX uploads_batch ON uploads(batch)",
    ),
    (  # 5: a point chosen for the place, not given by the text (PlaceEvent.placed)
        "ALTER TABLE events ADD COLUMN placed TEXT NOT NULL DEFAULT ''",
    ),
    (  # 6: who changed what (diplomap.access), and removed articles kept to restore
        """CREATE TABLE audit (
            id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}')""",
        "CREATE INDEX audit_at ON audit(at)",
        """CREATE TABLE trash (
            id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, title TEXT NOT NULL,
            filename TEXT NOT NULL, removed_at TEXT NOT NULL, removed_by TEXT NOT NULL,
            content TEXT NOT NULL)""",
    ),
    (  # 7: the article's own web address (Article.url), linked from popups, the panel and exports
        "ALTER TABLE articles ADD COLUMN url TEXT NOT NULL DEFAULT ''",
    ),
    (  # 8: the country filter reads its events by index (at 1,000,000 events: 0.24 s -> 0.03 s)
        "CREATE INDEX events_country ON events(country_code, role)",
    ),
    (  # 9: which articles an earlier reader read, by index (200,000 articles: 0.5 s a page run -> 0);
        # writes other than adding articles counted apart, so the archive's columns (diplomap.archive)
        # read only the new events while nothing else changed
        "CREATE INDEX articles_reading ON articles(reading)",
        "ALTER TABLE data_version ADD COLUMN edits INTEGER NOT NULL DEFAULT 0",
    ),
)

# PlaceEvent field -> events column, for every field the events row itself stores.
_EVENT_FIELDS = {
    name: name
    for name in (
        "place_key", "place_name", "mention_text", "lat", "lon", "kind", "country_code", "role", "sentence",
        "mention_start", "mention_end", "confidence", "post_type", "owner", "status", "participants",
    )
} | {"when": "when_value", "when_precision": "when_precision", "geonameid": "geonameid"} | {
    "placed": "placed"
}  # fmt: skip
_INSERT_EVENT = (
    f"INSERT INTO events (article_id, {', '.join(_EVENT_FIELDS.values())})"
    f" VALUES ({', '.join('?' * (len(_EVENT_FIELDS) + 1))})"
)
# Every PlaceEvent field, in the dataclass's order, so a row becomes an event positionally: reading
# 10,000 events this way takes half the time of building each from a name-keyed row.
_COLUMN_OF = {"article_id": "e.article_id", "article_title": "a.title", "published": "a.published"} | {
    field: f"e.{column}" for field, column in _EVENT_FIELDS.items()
} | {"source_url": "a.url", "event_id": "e.id"}  # fmt: skip
_EVENT_COLUMNS = [_COLUMN_OF[f.name] for f in fields(PlaceEvent)]  # a new field must be stored first
_PARTICIPANTS = [f.name for f in fields(PlaceEvent)].index("participants")
_SELECT_EVENTS = f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events e JOIN articles a ON a.id = e.article_id"
_SELECT_ARTICLES = (
    "SELECT a.id, a.title, a.published, a.source, a.filename, a.fmt, a.added_at, a.url,"
    " (SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) AS n_events FROM articles a"
)
_CORRECTABLE = frozenset(
    {"role", "lat", "lon", "place_name", "place_key", "geonameid", "kind", "country_code"}
)  # what Store.correct_event may change
_IDS_PER_QUERY = 900  # under SQLite's older limit of 999 parameters
_SEARCHED = ("e.place_name", "e.sentence", "e.participants", "e.owner", "a.title")


@dataclass(frozen=True, slots=True)
class AddResult:
    article_id: int  # the new article, or the stored one it duplicates
    status: Literal["added", "duplicate"]
    similarity: float | None = None  # a near duplicate: its estimated likeness to that article


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: int
    title: str
    published: str | None  # ISO date
    source: str
    filename: str
    fmt: str
    added_at: str  # ISO UTC timestamp
    n_events: int
    url: str = ""  # the article's own http(s) address


@dataclass(frozen=True, slots=True)
class QueuedFile:
    """One uploaded file waiting to be read (``Store.claim_upload``)."""

    id: int
    batch: int
    filename: str
    data: bytes
    queued_at: str


@dataclass(frozen=True, slots=True)
class UploadRow:
    """One file of an upload batch: ``queued``, ``reading`` or ``done`` (then ``outcomes`` is set)."""

    id: int
    filename: str
    state: str
    outcomes: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class UploadBatch:
    """The files of one upload, in the order they were dropped."""

    batch: int
    queued_at: str  # ISO UTC timestamp
    files: tuple[UploadRow, ...]

    @property
    def done(self) -> int:
        return sum(1 for f in self.files if f.state == "done")

    @property
    def finished(self) -> bool:
        return self.done == len(self.files)

    @property
    def reading(self) -> str:
        """The name of the file being read now, else ""."""
        return next((f.filename for f in self.files if f.state == "reading"), "")


@dataclass(frozen=True, slots=True)
class TrashEntry:
    """A removed article, kept to restore."""

    id: int
    article_id: int
    title: str
    filename: str
    removed_at: str  # ISO UTC timestamp
    removed_by: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """Who did what, when."""

    id: int
    at: str  # ISO UTC timestamp
    actor: str
    action: str
    detail: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    article_id: int
    mention_text: str
    place_key_from: str  # the event's place before this correction
    field: str
    new_value: str | int | float
    created_at: str
    mention_start: int | None = None  # in the sentence; None: recorded before offsets were kept
    role_from: str | None = None
    sentence_from: str | None = None


def default_db_path() -> Path:
    """``$DIPLOMAP_DB`` if set, else ``~/.local/share/diplomap/diplomap.db``; parents are created."""
    configured = os.environ.get("DIPLOMAP_DB")
    path = Path(configured).expanduser() if configured else Path.home() / ".local/share/diplomap/diplomap.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


class _Handle:
    """A thread's connection, weakly referenceable (sqlite3.Connection is not) so close() finds it."""

    __slots__ = ("__weakref__", "closed", "conn", "pid")

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.pid = os.getpid()
        self.closed = False


class Store:
    """Articles, events and corrections in one SQLite file. Safe to share between threads."""

    def __init__(self, path: Path, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = path
        self.recovered_from: Path | None = None  # where a corrupt file was moved, if it was
        self._recovery_reason = ""
        self._timeout = timeout
        self._local = threading.local()
        self._handles: weakref.WeakSet[_Handle] = weakref.WeakSet()
        self._handles_lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> Store:
        """Open (creating or migrating) the store; a corrupt file is moved aside, never deleted."""
        db = Path(path).expanduser() if path is not None else default_db_path()
        db.parent.mkdir(parents=True, exist_ok=True)
        store = cls(db, timeout=timeout)
        try:
            with _translated("open the database"):
                store._recover_if_corrupt()
                store._retrying(lambda: store._conn().execute("PRAGMA journal_mode = WAL"))
                store._migrate()
        except BaseException:
            store.close()
            raise
        return store

    @property
    def recovery_message(self) -> str | None:
        """What to tell the user when open() had to set a damaged database aside, else None."""
        if self.recovered_from is None:
            return None
        return (
            f"The database {self.path} was damaged ({self._recovery_reason}). It was kept as "
            f"{self.recovered_from} and a new, empty database was started; add your articles again."
        )

    def analyze(self) -> None:
        """Refresh the query planner's statistics (after a bulk ingest: 0.25 s at 1,000,000 events),
        so a narrow date window is read through the published index, not by scanning every event."""
        self._write(lambda conn: conn.execute("ANALYZE"), "analyze the database")

    def close(self) -> None:
        """Close every thread's connection (a later call opens a new one). Call while no thread uses it."""
        with self._handles_lock:
            handles = list(self._handles)
            self._handles.clear()
        for handle in handles:
            handle.closed = True
            with contextlib.suppress(sqlite3.Error):  # refresh the planner's statistics when worth it
                handle.conn.execute("PRAGMA optimize")
            handle.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writes --------------------------------------------------------------------------------

    def add_article(
        self,
        article: Article,
        events: Sequence[PlaceEvent],
        *,
        reading: str = "",
        signature: bytes | None = None,
    ) -> AddResult:
        """Insert the article and its events atomically; an already stored text, or one that
        ``signature`` (``diplomap.neardup.signature``) finds nearly the same, inserts nothing.

        ``reading`` names the reader that found the events (``diplomap.reading.reading_version``).
        """
        return self._write(lambda conn: _add(conn, article, events, reading, signature), "add the article")

    def add_articles(
        self, items: Sequence[tuple[Article, Sequence[PlaceEvent], bytes | None]], *, reading: str = ""
    ) -> list[AddResult]:
        """``add_article`` for each (article, events, signature), all in one transaction: one commit
        (one fsync) for a batch of a bulk ingest instead of one per article. A later article of the
        batch is checked against the earlier ones as against stored articles."""
        return self._write(
            lambda conn: [_add(conn, a, events, reading, sig) for a, events, sig in items], "add the articles"
        )

    def near_duplicate(self, signature: bytes) -> tuple[int, float] | None:
        """The stored article this signature nearly repeats and how alike they are, else None."""
        with _translated("read the database"):
            return self._retrying(lambda: _near_duplicate(self._conn(), signature))

    def replace_events(
        self, article_id: int, events: Sequence[PlaceEvent], *, reading: str, signature: bytes | None = None
    ) -> int:
        """An article read again: its events replaced atomically, then the person's corrections of
        it replayed in order, so a better reader never undoes what someone fixed by hand. Returns
        how many corrections still found their mention."""

        def work(conn: sqlite3.Connection) -> int:
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise StoreError(f"no article with id {article_id}")
            conn.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
            conn.executemany(_INSERT_EVENT, [_event_row(article_id, event) for event in events])
            replayed = _replay_corrections(conn, article_id)
            conn.execute("UPDATE articles SET reading = ? WHERE id = ?", (reading, article_id))
            if signature is not None:  # articles stored before signatures get theirs when read again
                _set_signature(conn, article_id, signature)
            _bump(conn)
            return replayed

        return self._write(work, "store the article's new events")

    def remove_article(self, article_id: int) -> bool:
        """Delete an article and (by cascade) its events. False if there was no such article."""

        def work(conn: sqlite3.Connection) -> bool:
            removed = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0
            if removed:
                _bump(conn)
            return removed

        return self._write(work, "remove the article")

    def trash_article(self, article_id: int, removed_by: str) -> int | None:
        """Move an article, its events, corrections and near-duplicate keys to the trash in one
        transaction; returns the trash entry's id, or None if there was no such article."""

        def work(conn: sqlite3.Connection) -> int | None:
            article = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
            if article is None:
                return None
            content = {
                "article": _plain(article),
                "events": [
                    _plain(r)
                    for r in conn.execute("SELECT * FROM events WHERE article_id = ?", (article_id,))
                ],
                "corrections": [
                    _plain(r)
                    for r in conn.execute("SELECT * FROM corrections WHERE article_id = ?", (article_id,))
                ],
                "bands": [
                    r[0]
                    for r in conn.execute("SELECT key FROM article_bands WHERE article_id = ?", (article_id,))
                ],
            }
            cursor = conn.execute(
                "INSERT INTO trash (article_id, title, filename, removed_at, removed_by, content)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    article["title"],
                    article["filename"],
                    _utc_now(),
                    removed_by,
                    json.dumps(content),
                ),
            )
            conn.execute("DELETE FROM corrections WHERE article_id = ?", (article_id,))
            conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))  # events, bands: cascade
            _bump(conn)
            return int(cursor.lastrowid or 0)

        return self._write(work, "move the article to the trash")

    def trashed(self) -> list[TrashEntry]:
        """The trash, most recently removed first."""
        rows = self._read(
            "SELECT id, article_id, title, filename, removed_at, removed_by FROM trash ORDER BY id DESC"
        )
        return [TrashEntry(**dict(row)) for row in rows]

    def restore_article(self, trash_id: int) -> int:
        """Put a trashed article back with its events and corrections; returns its id. Refused
        (StoreError) when the same text was added again since."""

        def work(conn: sqlite3.Connection) -> int:
            row = conn.execute("SELECT content FROM trash WHERE id = ?", (trash_id,)).fetchone()
            if row is None:
                raise StoreError(f"There is no trash entry {trash_id}.")
            content = json.loads(row["content"])
            article = _from_plain(content["article"])
            again = _stored(conn, str(article["content_hash"]))
            if again is not None:
                raise StoreError(
                    f"The same text was added again since, as article {again}: nothing to restore."
                )
            taken = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article["id"],)).fetchone()
            if taken:
                article.pop("id")
            article_id = _insert(conn, "articles", article)
            for event in content["events"]:
                _insert(conn, "events", {**_from_plain(event), "article_id": article_id} | {"id": None})
            for correction in content["corrections"]:
                _insert(
                    conn, "corrections", {**_from_plain(correction), "article_id": article_id} | {"id": None}
                )
            conn.executemany(
                "INSERT INTO article_bands (key, article_id) VALUES (?, ?)",
                [(key, article_id) for key in content["bands"]],
            )
            conn.execute("DELETE FROM trash WHERE id = ?", (trash_id,))
            _bump(conn)
            return article_id

        return self._write(work, "restore the article")

    def purge_trash(self, older_than_days: float) -> int:
        """Forget trash entries removed more than ``older_than_days`` ago; returns how many."""
        cutoff = datetime.fromtimestamp(time.time() - older_than_days * 86400, UTC).isoformat(
            timespec="seconds"
        )
        return self._write(
            lambda conn: conn.execute("DELETE FROM trash WHERE removed_at < ?", (cutoff,)).rowcount,
            "empty the trash",
        )

    def record(self, actor: str, action: str, detail: Mapping[str, object] | None = None) -> None:
        """Add one line to the audit log: who did what, now."""
        text = json.dumps(dict(detail or {}), ensure_ascii=False, default=str)
        self._write(
            lambda conn: conn.execute(
                "INSERT INTO audit (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                (_utc_now(), actor, action, text),
            ),
            "record the change",
        )

    def audit_log(self, limit: int = 1000) -> list[AuditEntry]:
        """The newest ``limit`` audit entries, newest first."""
        rows = self._read(
            "SELECT id, at, actor, action, detail FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [AuditEntry(r["id"], r["at"], r["actor"], r["action"], json.loads(r["detail"])) for r in rows]

    def correct_event(
        self,
        event_id: int,
        *,
        role: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        place_name: str | None = None,
        place_key: str | None = None,
        geonameid: int | None = None,
        kind: str | None = None,
        country_code: str | None = None,
    ) -> None:
        """Change the given fields of one event and record each change in ``corrections``."""
        given = {"role": role, "lat": lat, "lon": lon, "place_name": place_name, "place_key": place_key}
        given |= {"geonameid": geonameid, "kind": kind, "country_code": country_code}
        changes = {name: value for name, value in given.items() if value is not None}
        _check_coordinates(lat, lon)
        if changes:
            self._write(lambda conn: _apply_correction(conn, event_id, changes), "correct the event")

    # -- reads ---------------------------------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        return self.article_id_of(content_hash) is not None

    def article_id_of(self, content_hash: str) -> int | None:
        """The id of the stored article with this content hash, if there is one."""
        rows = self._read("SELECT id FROM articles WHERE content_hash = ?", (content_hash,))
        return int(rows[0]["id"]) if rows else None

    def articles(self) -> list[ArticleRow]:
        """Every article, in the order they were added, with its number of events."""
        return [ArticleRow(**dict(row)) for row in self._read(f"{_SELECT_ARTICLES} ORDER BY a.id")]

    def article(self, article_id: int) -> ArticleRow:
        rows = self._read(f"{_SELECT_ARTICLES} WHERE a.id = ?", (article_id,))
        if not rows:
            raise StoreError(f"no article with id {article_id}")
        return ArticleRow(**dict(rows[0]))

    def article_text(self, article_id: int) -> str:
        rows = self._read("SELECT text FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise StoreError(f"no article with id {article_id}")
        return str(rows[0]["text"])

    def events(
        self,
        *,
        roles: Collection[str] | None = None,
        statuses: Collection[str] | None = None,
        countries: Collection[str] | None = None,
        article_ids: Collection[int] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        search: str | None = None,
        undated: bool = False,
    ) -> list[PlaceEvent]:
        """Events matching every given filter, in insertion order.

        ``None`` means "no filter"; an empty sequence matches nothing. Dates bound the article's
        published date (inclusive); undated articles drop out once a bound is given, unless
        ``undated`` keeps them. ``search`` is a case-insensitive substring of place name, sentence,
        participants, owner or article title.
        """
        where, params = event_where(
            roles=roles,
            statuses=statuses,
            countries=countries,
            article_ids=article_ids,
            date_from=date_from,
            date_to=date_to,
            search=search,
            undated=undated,
        )
        return _events_from_rows(self._read_tuples(f"{_SELECT_EVENTS}{where} ORDER BY e.id", params))

    def set_published(self, article_ids: Collection[int], published: date | None) -> int:
        """Set (or clear) the publication date of articles; how many there were."""
        ids = list(article_ids)
        if not ids:
            return 0
        value = published.isoformat() if published else None

        def work(conn: sqlite3.Connection) -> int:
            changed = conn.execute(
                f"UPDATE articles SET published = ? WHERE id IN ({', '.join('?' * len(ids))})", (value, *ids)
            ).rowcount
            if changed:
                _bump(conn)
            return changed

        return self._write(work, "set the article's date")

    def corrections_of(self, article_id: int, mention_text: str) -> int:
        """How many corrections were recorded for a name in one article (a placement moves every
        mention of the name that sat at the same place)."""
        rows = self._read(
            "SELECT COUNT(*) AS n FROM corrections WHERE article_id = ? AND mention_text = ?",
            (article_id, mention_text),
        )
        return int(rows[0]["n"])

    def remove_corrections(self, article_id: int, mention_text: str) -> int:
        """Forget the corrections of a name in one article; read the article again to undo them."""

        def work(conn: sqlite3.Connection) -> int:
            removed = conn.execute(
                "DELETE FROM corrections WHERE article_id = ? AND mention_text = ?",
                (article_id, mention_text),
            ).rowcount
            if removed:
                _bump(conn)
            return removed

        return self._write(work, "undo the corrections")

    def article_titles(self) -> dict[int, str]:
        """Article id -> title, in the order they were added (a facet: no event counts, no text)."""
        return {int(i): str(t) for i, t in self._read_tuples("SELECT id, title FROM articles ORDER BY id")}

    def published_bounds(self) -> tuple[str, str] | None:
        """The earliest and latest publication date (ISO) of the stored articles, if any is dated:
        two index lookups, however many articles."""
        ((low, high),) = self._read_tuples("SELECT MIN(published), MAX(published) FROM articles")
        return (str(low), str(high)) if low is not None else None

    def undated_articles(self) -> int:
        """How many stored articles have no publication date."""
        rows = self._read("SELECT COUNT(*) AS n FROM articles WHERE published IS NULL")
        return int(rows[0]["n"])

    def events_at(self, place_key: str) -> list[PlaceEvent]:
        """Every event at one place, newest article first (undated articles last)."""
        rows = self._read_tuples(
            f"{_SELECT_EVENTS} WHERE e.place_key = ? ORDER BY a.published DESC NULLS LAST, a.id DESC, e.id",
            (place_key,),
        )
        return _events_from_rows(rows)

    def events_with_ids(self, event_ids: Sequence[int]) -> list[PlaceEvent]:
        """The events of these ids, in the order given (ids not stored are left out)."""
        found: dict[int, PlaceEvent] = {}
        ids = list(dict.fromkeys(int(i) for i in event_ids))
        for first in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[first : first + _IDS_PER_QUERY]
            rows = self._read_tuples(f"{_SELECT_EVENTS} WHERE e.id IN ({', '.join('?' * len(chunk))})", chunk)
            found.update((e.event_id, e) for e in _events_from_rows(rows))
        return [found[i] for i in ids if i in found]

    def distinct(
        self, column: Literal["country_code", "owner"], *, role: str | None = None
    ) -> list[str | None]:
        """The values an events column takes (of one role's events, if given), sorted; cheap facets."""
        if column not in ("country_code", "owner"):
            raise ValueError(f"no facet on {column!r}")
        where, params = (" WHERE role = ?", (role,)) if role is not None else ("", ())
        rows = self._read(f"SELECT DISTINCT {column} AS v FROM events{where}", params)
        return sorted((row["v"] for row in rows), key=lambda v: (v is None, v or ""))

    def meeting_participants(self) -> dict[str, int]:
        """Each name meetings were said to have (as the articles wrote it) -> how many meetings."""
        rows = self._read(
            "SELECT participants AS p, COUNT(*) AS n FROM events "
            "WHERE role = 'meeting' AND participants != '[]' GROUP BY participants"
        )
        counts: dict[str, int] = {}
        for row in rows:
            for name in set(json.loads(row["p"])):
                counts[name] = counts.get(name, 0) + int(row["n"])
        return counts

    def stale_articles(self, reading: str) -> list[int]:
        """Ids of the articles whose events another reader than ``reading`` found, oldest first."""
        rows = self._read("SELECT id FROM articles WHERE reading != ? ORDER BY id", (reading,))
        return [int(row["id"]) for row in rows]

    def stale_count(self, reading: str) -> int:
        """How many articles another reader than ``reading`` read: two ranges of the reading index."""
        return int(
            self._read_tuples(
                "SELECT COUNT(*) FROM articles WHERE reading < ? OR reading > ?", (reading, reading)
            )[0][0]
        )

    def corrections(self) -> list[Correction]:
        rows = self._read("SELECT * FROM corrections ORDER BY id")
        return [Correction(**(dict(row) | {"new_value": json.loads(row["new_value"])})) for row in rows]

    def count_by_role(self) -> dict[str, int]:
        rows = self._read("SELECT role, COUNT(*) AS n FROM events GROUP BY role ORDER BY role")
        return {row["role"]: row["n"] for row in rows}

    # -- the upload queue (diplomap.uploads) ---------------------------------------------------

    def queue_upload(self, files: Sequence[tuple[str, bytes]]) -> int:
        """Keep an upload's ``(filename, bytes)`` until they are read; returns the batch number."""

        def work(conn: sqlite3.Connection) -> int:
            batch = int(conn.execute("SELECT COALESCE(MAX(batch), 0) + 1 FROM uploads").fetchone()[0])
            now = _utc_now()
            conn.executemany(
                "INSERT INTO uploads (batch, filename, data, state, queued_at) VALUES (?, ?, ?, 'queued', ?)",
                [(batch, name, data, now) for name, data in files],
            )
            return batch

        return self._write(work, "keep the upload")

    def claim_upload(self, worker: str) -> QueuedFile | None:
        """The oldest queued file, marked as being read by ``worker``; None when none is queued."""

        def work(conn: sqlite3.Connection) -> QueuedFile | None:
            row = conn.execute(
                "SELECT id, batch, filename, data, queued_at FROM uploads"
                " WHERE state = 'queued' ORDER BY id LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE uploads SET state = 'reading', claimed_by = ? WHERE id = ?", (worker, row["id"])
            )
            data = bytes(row["data"] or b"")
            return QueuedFile(row["id"], row["batch"], row["filename"], data, row["queued_at"])

        return self._write(work, "take an uploaded file")

    def finish_upload(self, upload_id: int, outcomes: Sequence[Mapping[str, Any]]) -> None:
        """Record what reading one queued file gave, and let its bytes go."""
        done = json.dumps(list(outcomes), ensure_ascii=False)
        self._write(
            lambda conn: conn.execute(
                "UPDATE uploads SET state = 'done', outcomes = ?, data = NULL, done_at = ? WHERE id = ?",
                (done, _utc_now(), upload_id),
            ),
            "record the upload",
        )

    def requeue_uploads(self, claimed_by: Collection[str]) -> int:
        """Files that ``claimed_by`` workers (gone: a stopped server) were reading go back in the queue."""
        if not claimed_by:
            return 0
        marks = ", ".join("?" * len(claimed_by))
        return self._write(
            lambda conn: (
                conn.execute(
                    f"UPDATE uploads SET state = 'queued', claimed_by = NULL"
                    f" WHERE state = 'reading' AND claimed_by IN ({marks})",
                    tuple(claimed_by),
                ).rowcount
            ),
            "requeue the upload",
        )

    def upload_claimers(self) -> set[str]:
        """Who is reading a queued file now."""
        rows = self._read("SELECT DISTINCT claimed_by FROM uploads WHERE state = 'reading'")
        return {row["claimed_by"] for row in rows}

    def queued_uploads(self) -> int:
        """Files waiting to be read."""
        return int(self._read("SELECT COUNT(*) AS n FROM uploads WHERE state = 'queued'")[0]["n"])

    def upload_batch(self, batch: int | None = None) -> UploadBatch | None:
        """The given batch, or the latest; None when there is none."""
        if batch is None:
            latest = self._read("SELECT MAX(batch) AS b FROM uploads")[0]["b"]
            if latest is None:
                return None
            batch = int(latest)
        rows = self._read(
            "SELECT id, filename, state, outcomes, queued_at FROM uploads WHERE batch = ? ORDER BY id",
            (batch,),
        )
        if not rows:
            return None
        files = tuple(UploadRow(r["id"], r["filename"], r["state"], json.loads(r["outcomes"])) for r in rows)
        return UploadBatch(batch, rows[0]["queued_at"], files)

    def backup(self, target: Path) -> None:
        """A consistent copy of the whole database at ``target`` (SQLite's online backup: writers
        may go on meanwhile); written beside it first, then renamed into place."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with _translated("back the database up"):
            out = sqlite3.connect(temporary)
            try:
                self._retrying(lambda: self._conn().backup(out))
            finally:
                out.close()
        temporary.replace(target)

    def restore_from(self, source: Path) -> Path:
        """Replace the whole database with the backup ``source``, after checking it is a sound
        diplomap database; the data it replaces is kept first as a backup of its own (returned)."""
        source = Path(source)
        problem = backup_problem(source)
        if problem:
            raise StoreError(f"{source} cannot be restored: {problem}. Nothing was changed.")
        kept = self.path.with_name(f"{self.path.stem}-before-restore-{int(time.time())}.sqlite")
        self.backup(kept)
        with _translated("restore the database"):
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                self._retrying(lambda: src.backup(self._conn()))
            finally:
                src.close()
        self._migrate()
        self._write(lambda conn: _bump(conn), "restore the database")
        return kept

    def data_version(self) -> int:
        """A number that changes whenever any process changes the data (rebuild the map then)."""
        return int(self._read("SELECT n FROM data_version")[0]["n"])

    def versions(self) -> tuple[int, int]:
        """(``data_version``, how many of its changes were edits rather than added articles)."""
        row = self._read("SELECT n, edits FROM data_version")[0]
        return int(row["n"]), int(row["edits"])

    # -- plumbing ------------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        handle: _Handle | None = getattr(self._local, "handle", None)
        if handle is None or handle.closed or handle.pid != os.getpid():  # never reuse one across fork
            handle = _Handle(_connect(self.path, busy_timeout=min(self._timeout, 1.0)))
            self._local.handle = handle
            with self._handles_lock:
                self._handles.add(handle)
        return handle.conn

    def _retrying(self, attempt: Callable[[], _T]) -> _T:
        """Run ``attempt`` until it stops hitting SQLITE_BUSY or the store's timeout has passed."""
        deadline = time.monotonic() + self._timeout
        delay = 0.002
        while True:
            try:
                return attempt()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(min(delay * random.uniform(0.5, 1.5), max(deadline - time.monotonic(), 0)))
            delay = min(delay * 2, 0.25)

    def _write(self, work: Callable[[sqlite3.Connection], _T], action: str) -> _T:
        def attempt() -> _T:
            conn = self._conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return result

        with _translated(action):
            return self._retrying(attempt)

    def aggregate(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """The rows of a read-only query: the archive's GROUP BYs over ``event_where`` (diplomap.archive)."""
        return self._read_tuples(sql, params)

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with _translated("read the database"):
            return self._retrying(lambda: self._conn().execute(sql, params).fetchall())

    def _read_tuples(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Like ``_read``, as plain tuples (no ``sqlite3.Row`` per row)."""

        def attempt() -> list[tuple[Any, ...]]:
            cursor = self._conn().cursor()
            cursor.row_factory = None
            return cursor.execute(sql, params).fetchall()

        with _translated("read the database"):
            return self._retrying(attempt)

    def _recover_if_corrupt(self) -> None:
        identity = _file_identity(self.path)
        problem = self._content_problem()
        if problem is None:
            return
        self.close()  # release our locks and mmaps before moving the file
        if _file_identity(self.path) == identity:  # else another opener has already recovered
            self.recovered_from = _move_aside(self.path)
            self._recovery_reason = problem

    def _content_problem(self) -> str | None:
        try:
            rows = self._retrying(lambda: self._conn().execute("PRAGMA quick_check").fetchall())
        except sqlite3.DatabaseError as exc:
            if exc.sqlite_errorcode & 0xFF in _CORRUPT:
                return str(exc)
            raise
        verdicts = [str(row[0]) for row in rows]
        return None if verdicts == ["ok"] else "; ".join(verdicts[:3])

    def _migrate(self) -> None:
        if self._read("PRAGMA user_version")[0][0] == len(_MIGRATIONS):
            return  # current: opening must not wait for another process's write lock
        self._write(_apply_migrations, "upgrade the database")


def _connect(path: Path, *, busy_timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.create_function("casefold", 1, _casefold, deterministic=True)
    return conn


def event_where(
    *,
    roles: Collection[str] | None = None,
    statuses: Collection[str] | None = None,
    countries: Collection[str] | None = None,
    article_ids: Collection[int] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    search: str | None = None,
    undated: bool = False,
) -> tuple[str, list[object]]:
    """The WHERE clause (with its leading space, or empty) and parameters of ``Store.events`` over
    ``events e JOIN articles a``, for queries that aggregate instead of reading events."""
    clauses: list[str] = []
    params: list[object] = []
    for column, values in (
        ("e.role", roles),
        ("e.status", statuses),
        ("e.country_code", countries),
        ("e.article_id", article_ids),
    ):
        if values is not None:
            wanted = [values] if isinstance(values, str) else list(values)
            clauses.append(f"{column} IN ({', '.join('?' * len(wanted))})")
            params.extend(wanted)
    bounds = [(op, b) for op, b in ((">=", date_from), ("<=", date_to)) if b is not None]
    if bounds:
        # As article ids from the published index, so a narrow window reads only its events
        # (an OR on the joined column made SQLite scan every event of the roles).
        dated = " AND ".join(f"published {op} ?" for op, _b in bounds)
        ids = f"SELECT id FROM articles WHERE {dated}"
        if undated:
            ids += " UNION ALL SELECT id FROM articles WHERE published IS NULL"
        clauses.append(f"e.article_id IN ({ids})")
        params.extend(b.isoformat() for _op, b in bounds)
    needle = (search or "").strip().casefold()
    if needle:
        clauses.append("(" + " OR ".join(f"instr(casefold({c}), ?) > 0" for c in _SEARCHED) + ")")
        params.extend([needle] * len(_SEARCHED))
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return where, params


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


def _is_busy(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in _BUSY


@contextmanager
def _translated(action: str) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        if _is_busy(exc):
            raise StoreError(
                f"database is busy: could not {action} because another program kept it locked; try again"
            ) from exc
        raise StoreError(f"could not {action}: {exc}") from exc


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_dev, stat.st_ino)


def _move_aside(path: Path) -> Path:
    """Rename a bad database and its -wal/-shm to ``<name>.corrupt-<UTC timestamp>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target, n = path.with_name(f"{path.name}.corrupt-{stamp}-{n}"), n + 1
    for suffix in ("-wal", "-shm"):  # first: a stale WAL beside a fresh database would be replayed
        sidecar = Path(f"{path}{suffix}")
        if sidecar.exists():
            os.replace(sidecar, f"{target}{suffix}")
    os.replace(path, target)
    return target


def _apply_migrations(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]  # re-read under the write lock
    if version > len(_MIGRATIONS):
        raise StoreError(f"the database is version {version}, newer than this diplomap understands")
    for number, statements in enumerate(_MIGRATIONS[version:], start=version + 1):
        for statement in statements:
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number:d}")


def _apply_correction(conn: sqlite3.Connection, event_id: int, changes: Mapping[str, object]) -> None:
    before = conn.execute(
        "SELECT article_id, mention_text, place_key, mention_start, role, sentence FROM events WHERE id = ?",
        (event_id,),
    )
    row = before.fetchone()
    if row is None:
        raise StoreError(f"no event with id {event_id}")
    _update_event(conn, event_id, changes)
    now = _utc_now()
    conn.executemany(
        "INSERT INTO corrections (article_id, mention_text, place_key_from, mention_start, role_from,"
        " sentence_from, field, new_value, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*row, name, json.dumps(value), now) for name, value in changes.items()],
    )
    _bump(conn)


def _stored(conn: sqlite3.Connection, content_hash: str) -> int | None:
    row = conn.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
    return int(row[0]) if row else None


def _add(
    conn: sqlite3.Connection,
    article: Article,
    events: Sequence[PlaceEvent],
    reading: str,
    signature: bytes | None,
) -> AddResult:
    """Store one article and its events inside the caller's write transaction."""
    if signature is not None and not _stored(conn, article.content_hash):
        near = _near_duplicate(conn, signature)
        if near is not None:
            return AddResult(near[0], "duplicate", near[1])
    cursor = conn.execute(
        "INSERT INTO articles"
        " (content_hash, title, published, source, filename, fmt, text, added_at, url, reading,"
        " signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(content_hash) DO NOTHING",
        (*_article_row(article), reading, signature),
    )
    if cursor.rowcount == 0:  # the UNIQUE constraint, under the write lock, decides
        return AddResult(_stored(conn, article.content_hash) or 0, "duplicate")
    article_id = int(cursor.lastrowid or 0)
    conn.executemany(_INSERT_EVENT, [_event_row(article_id, event) for event in events])
    _set_signature(conn, article_id, signature)
    _bump(conn, edit=False)  # only added: the archive's columns read just the new events
    return AddResult(article_id, "added")


def _near_duplicate(conn: sqlite3.Connection, signature: bytes) -> tuple[int, float] | None:
    keys = neardup.band_keys(signature)
    rows = conn.execute(
        "SELECT DISTINCT a.id, a.signature FROM article_bands b JOIN articles a ON a.id = b.article_id"
        f" WHERE b.key IN ({', '.join('?' * len(keys))}) ORDER BY a.id",
        keys,
    ).fetchall()
    scored = [(neardup.similarity(signature, row["signature"]), -int(row["id"])) for row in rows]
    best = max(scored, default=None)
    if best is None or best[0] < neardup.THRESHOLD:
        return None
    return -best[1], best[0]  # the most alike; of equals, the first stored


def _set_signature(conn: sqlite3.Connection, article_id: int, signature: bytes | None) -> None:
    conn.execute("UPDATE articles SET signature = ? WHERE id = ?", (signature, article_id))
    conn.execute("DELETE FROM article_bands WHERE article_id = ?", (article_id,))
    if signature is not None:
        conn.executemany(
            "INSERT INTO article_bands (key, article_id) VALUES (?, ?)",
            [(key, article_id) for key in neardup.band_keys(signature)],
        )


def _replay_corrections(conn: sqlite3.Connection, article_id: int) -> int:
    """Apply an article's corrections, oldest first, to its freshly read events; how many applied.

    A correction names its mention by sentence, offset in it and the role it had then. When the new
    reader gave the mention another role, the correction still applies if the mention has one event
    only. Corrections from before offsets were recorded match by mention text and place instead.
    """
    rows = conn.execute(
        "SELECT mention_text, place_key_from, mention_start, role_from, sentence_from, created_at,"
        " field, new_value FROM corrections WHERE article_id = ? ORDER BY id",
        (article_id,),
    ).fetchall()
    batches: dict[tuple[object, ...], dict[str, object]] = {}
    for row in rows:  # one correction wrote one row per field, all with the same stamp
        batches.setdefault(tuple(row[:6]), {})[row["field"]] = json.loads(row["new_value"])
    replayed = 0
    for (mention_text, place_key_from, start, role_from, sentence, _), changes in batches.items():
        if start is None:
            targets = conn.execute(
                "SELECT id FROM events WHERE article_id = ? AND mention_text = ? AND place_key = ?",
                (article_id, mention_text, place_key_from),
            ).fetchall()
        else:
            at_mention = conn.execute(
                "SELECT id, role FROM events WHERE article_id = ? AND mention_start = ? AND mention_text = ?"
                " AND sentence = ?",
                (article_id, start, mention_text, sentence),
            ).fetchall()
            same_role = [r for r in at_mention if r["role"] == role_from]
            targets = same_role or (at_mention if len(at_mention) == 1 else [])
        for target in targets:
            if (
                start is not None
                and "role" in changes
                and _role_already_read(conn, article_id, target["id"], changes)
            ):
                # the new reader already gives the mention the corrected role (it learned it from this
                # very correction): the corrected event goes, rather than stand twice
                conn.execute("DELETE FROM events WHERE id = ?", (target["id"],))
            else:
                _update_event(conn, target["id"], changes)
        replayed += bool(targets)
    return replayed


def _role_already_read(
    conn: sqlite3.Connection, article_id: int, event_id: int, changes: Mapping[str, object]
) -> bool:
    """Another event of the same mention already has the role the correction sets."""
    return (
        conn.execute(
            "SELECT 1 FROM events AS other JOIN events AS this ON this.id = ?"
            " WHERE other.article_id = ? AND other.id != this.id"
            " AND other.mention_start = this.mention_start AND other.mention_text = this.mention_text"
            " AND other.sentence = this.sentence AND other.role = ?",
            (event_id, article_id, changes["role"]),
        ).fetchone()
        is not None
    )


def _update_event(conn: sqlite3.Connection, event_id: int, changes: Mapping[str, object]) -> None:
    """Set the correctable fields ``changes`` names; column names come from ``_CORRECTABLE`` only."""
    names = [name for name in changes if name in _CORRECTABLE]
    assignments = ", ".join(f"{name} = ?" for name in names)
    conn.execute(f"UPDATE events SET {assignments} WHERE id = ?", (*(changes[n] for n in names), event_id))


def _check_coordinates(lat: float | None, lon: float | None) -> None:
    if (lat is not None and not -90.0 <= lat <= 90.0) or (lon is not None and not -180.0 <= lon <= 180.0):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")


def _bump(conn: sqlite3.Connection, *, edit: bool = True) -> None:
    """A new data version; ``edit``: anything but adding an article and its events."""
    conn.execute("UPDATE data_version SET n = n + 1, edits = edits + ?", (int(edit),))


def backup_problem(path: Path) -> str | None:
    """Why ``path`` is not a diplomap database this version can open, or None."""
    if not path.is_file():
        return "there is no such file"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"it is not a readable SQLite database ({exc})"
    if verdict != ["ok"]:
        return "it is damaged (" + "; ".join(verdict[:2]) + ")"
    if not {"articles", "events", "corrections"} <= tables:
        return "it is not a diplomap database"
    if version > len(_MIGRATIONS):
        return f"it was written by a newer diplomap (schema {version}, this one knows {len(_MIGRATIONS)})"
    return None


def _plain(row: sqlite3.Row) -> dict[str, object]:
    """A row as JSON-able values (BLOBs as {"hex": ...})."""
    return {
        k: ({"hex": bytes(row[k]).hex()} if isinstance(row[k], bytes | memoryview) else row[k])
        for k in row.keys()  # noqa: SIM118 (iterating a Row gives its values)
    }


def _from_plain(values: Mapping[str, object]) -> dict[str, object]:
    return {
        k: (bytes.fromhex(str(v["hex"])) if isinstance(v, dict) and "hex" in v else v)
        for k, v in values.items()
    }


def _insert(conn: sqlite3.Connection, table: str, values: Mapping[str, object]) -> int:
    columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    kept = {k: v for k, v in values.items() if k in columns and not (k == "id" and v is None)}
    names = ", ".join(kept)
    cursor = conn.execute(
        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(kept))})", tuple(kept.values())
    )
    return int(cursor.lastrowid or 0)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _article_row(article: Article) -> tuple[object, ...]:
    published = article.published.isoformat() if article.published else None
    return (
        article.content_hash,
        article.title,
        published,
        article.source,
        article.filename,
        article.fmt,
        article.text,
        _utc_now(),
        article.url,
    )


def _event_row(article_id: int, event: PlaceEvent) -> tuple[object, ...]:
    values = {field: getattr(event, field) for field in _EVENT_FIELDS}
    values["participants"] = json.dumps(list(event.participants), ensure_ascii=False)
    return (article_id, *values.values())


def _events_from_rows(rows: Iterable[tuple[Any, ...]]) -> list[PlaceEvent]:
    """Rows of ``_SELECT_EVENTS`` as events; participants are stored as a JSON list."""
    k = _PARTICIPANTS
    events = []
    for row in rows:
        values: list[Any] = list(row)
        values[k] = () if row[k] == "[]" else tuple(json.loads(row[k]))
        events.append(PlaceEvent(*values))
    return events
