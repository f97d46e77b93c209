"""The one place that opens the geocoding cache: a SQLite file of answers and the user's corrections.

Keys are ``(provider, normalised query, country hint)``. A cached row is either a hit (a serialised
``GeoMatch``) or a real "no match" that expires after ``miss_ttl``. Errors have no API here: a
service that could not be asked must be asked again next time, never remembered as "not found".

Overrides are a person's manual corrections; they live in the same file, never expire, and the
geocoder chain consults them before anything else.

SQLite is opened in WAL mode, one connection per thread, writes inside ``BEGIN IMMEDIATE`` with a
busy timeout and a bounded retry, so "database is locked" surfaces as ``CacheError`` at worst.
A process-local memo in front of SQLite makes warm lookups a dict access.
"""

from __future__ import annotations

import functools
import json
import random
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from diplomap.errors import GeocodingError
from geo.types import Coordinates, GeoMatch, PlaceKind

SCHEMA_VERSION = 1
OVERRIDE_SOURCE = "override"

_BUSY_TIMEOUT_MS = 2_000
_ATTEMPTS = 5
_BACKOFF_SECONDS = 0.005
_MEMO_LIMIT = 200_000

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS lookups (
        provider     TEXT NOT NULL,
        query        TEXT NOT NULL,
        country_hint TEXT NOT NULL,
        match        TEXT,  -- JSON GeoMatch, NULL for a real "no match"
        expires_at   REAL,  -- unix seconds, NULL never expires
        stored_at    REAL NOT NULL,
        PRIMARY KEY (provider, query, country_hint)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS overrides (
        query        TEXT NOT NULL,
        country_hint TEXT NOT NULL,
        match        TEXT NOT NULL,
        stored_at    REAL NOT NULL,
        PRIMARY KEY (query, country_hint)
    ) WITHOUT ROWID""",
)

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
_LookupKey = tuple[str, str, str]
_OverrideKey = tuple[str, str]
# (entry, expires_at); (None, None) remembers "no row in the file" for this process.
_MemoRow = tuple["CacheEntry | None", float | None]


class CacheError(GeocodingError):
    """The geocoding cache file could not be read or written."""


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """A cached answer: a place, or ``None`` for a real "no match" that has not expired yet."""

    match: GeoMatch | None

    @property
    def is_miss(self) -> bool:
        return self.match is None


@dataclass(frozen=True, slots=True)
class Override:
    """A person's manual correction: ``query`` (normalised) in ``country_hint`` is ``match``."""

    query: str
    country_hint: str | None
    match: GeoMatch


def normalize_query(text: str) -> str:
    """NFKC, casefold, collapse whitespace, strip: ``"  ｋａｂｕｌ\\n"`` -> ``"kabul"``."""
    return _normalize(text)


@functools.lru_cache(maxsize=65_536)
def _normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


def _remember(memo: dict[K, V], key: K, value: V) -> V:
    """Memo a value read from the file unless a write from this process landed meanwhile.

    Writers assign the memo after committing, so their value is never older than a read that
    raced with them; ``setdefault`` keeps it.
    """
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    return memo.setdefault(key, value)


def _normalize_hint(country_hint: str | None) -> str:
    return (country_hint or "").strip().upper()


def _utc_now() -> datetime:
    return datetime.now(UTC)


class GeoCache:
    """Geocoding answers and manual overrides in one SQLite file (WAL, one connection per thread)."""

    def __init__(
        self,
        path: Path | str,
        *,
        miss_ttl: timedelta = timedelta(days=30),
        now: Callable[[], datetime] = _utc_now,
        use_memo: bool = True,
    ) -> None:
        self.path = Path(path)
        self.miss_ttl = miss_ttl
        self._now = now
        self._use_memo = use_memo
        self._memo: dict[_LookupKey, _MemoRow] = {}
        self._override_memo: dict[_OverrideKey, tuple[GeoMatch | None]] = {}
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._closed = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._run(self._migrate, write=True)

    # -- answers -------------------------------------------------------------------------------

    def get(self, query: str, *, provider: str, country_hint: str | None = None) -> CacheEntry | None:
        """The cached answer, or ``None`` when nothing (or only an expired miss) is cached."""
        key = (provider, normalize_query(query), _normalize_hint(country_hint))
        row = self._memo.get(key) if self._use_memo else None
        if row is None:
            row = self._run(lambda conn: self._read_lookup(conn, key), write=False)
            if self._use_memo:
                row = _remember(self._memo, key, row)
        entry, expires_at = row
        if expires_at is not None and expires_at <= self._timestamp():
            return None
        return entry

    def put_hit(self, query: str, match: GeoMatch, *, provider: str, country_hint: str | None = None) -> None:
        """Remember that ``provider`` placed ``query`` at ``match``."""
        self._put((provider, normalize_query(query), _normalize_hint(country_hint)), match, None)

    def put_miss(self, query: str, *, provider: str, country_hint: str | None = None) -> None:
        """Remember, for ``miss_ttl``, that ``provider`` answered "no match" for ``query``."""
        expires_at = self._timestamp() + self.miss_ttl.total_seconds()
        self._put((provider, normalize_query(query), _normalize_hint(country_hint)), None, expires_at)

    # -- overrides -----------------------------------------------------------------------------

    def set_override(self, query: str, match: GeoMatch, *, country_hint: str | None = None) -> None:
        """Pin ``query`` to ``match`` for good; the stored match gets ``source="override"``."""
        key = (normalize_query(query), _normalize_hint(country_hint))
        pinned = replace(match, source=OVERRIDE_SOURCE)
        sql = "INSERT OR REPLACE INTO overrides VALUES (?, ?, ?, ?)"
        params = (*key, _dump(pinned), self._timestamp())
        self._run(lambda conn: conn.execute(sql, params), write=True)
        self._override_memo[key] = (pinned,)

    def get_override(self, query: str, *, country_hint: str | None = None) -> GeoMatch | None:
        """The manual correction for exactly this query and hint, if any."""
        key = (normalize_query(query), _normalize_hint(country_hint))
        known = self._override_memo.get(key) if self._use_memo else None
        if known is None:
            found = self._run(lambda conn: self._read_override(conn, key), write=False)
            known = _remember(self._override_memo, key, (found,)) if self._use_memo else (found,)
        return known[0]

    def remove_override(self, query: str, *, country_hint: str | None = None) -> bool:
        """Drop a manual correction; ``True`` when there was one."""
        key = (normalize_query(query), _normalize_hint(country_hint))
        sql = "DELETE FROM overrides WHERE query = ? AND country_hint = ?"
        removed = self._run(lambda conn: conn.execute(sql, key).rowcount, write=True)
        self._override_memo[key] = (None,)
        return removed > 0

    def list_overrides(self) -> list[Override]:
        """Every manual correction, ordered by query then hint."""
        sql = "SELECT query, country_hint, match FROM overrides ORDER BY query, country_hint"
        rows = self._run(lambda conn: conn.execute(sql).fetchall(), write=False)
        return [Override(query, hint or None, _load(text)) for query, hint, text in rows]

    # -- lifecycle -----------------------------------------------------------------------------

    def clear_memo(self) -> None:
        """Forget the in-process memo, e.g. to see writes another process made to the file."""
        self._memo.clear()
        self._override_memo.clear()

    def close(self) -> None:
        """Close every thread's connection; the cache cannot be used afterwards."""
        with self._lock:
            self._closed = True
            for _thread, conn in self._connections:
                conn.close()
            self._connections.clear()

    def __enter__(self) -> GeoCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals -----------------------------------------------------------------------------

    def _timestamp(self) -> float:
        return self._now().timestamp()

    def _put(self, key: _LookupKey, match: GeoMatch | None, expires_at: float | None) -> None:
        sql = "INSERT OR REPLACE INTO lookups VALUES (?, ?, ?, ?, ?, ?)"
        payload = _dump(match) if match is not None else None
        params = (*key, payload, expires_at, self._timestamp())
        self._run(lambda conn: conn.execute(sql, params), write=True)
        self._memo[key] = (CacheEntry(match), expires_at)

    def _read_lookup(self, conn: sqlite3.Connection, key: _LookupKey) -> _MemoRow:
        sql = "SELECT match, expires_at FROM lookups WHERE provider = ? AND query = ? AND country_hint = ?"
        found = conn.execute(sql, key).fetchone()
        if found is None:
            return (None, None)
        text, expires_at = found
        return (CacheEntry(_load(text) if text is not None else None), expires_at)

    def _read_override(self, conn: sqlite3.Connection, key: _OverrideKey) -> GeoMatch | None:
        sql = "SELECT match FROM overrides WHERE query = ? AND country_hint = ?"
        found = conn.execute(sql, key).fetchone()
        return _load(found[0]) if found is not None else None

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise CacheError(f"{self.path} has cache schema {version}, newer than {SCHEMA_VERSION}")
        if version < SCHEMA_VERSION:
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _run(self, work: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        """Run ``work`` on this thread's connection, retrying while another writer holds the file."""
        last_busy: sqlite3.OperationalError | None = None
        for attempt in range(_ATTEMPTS):
            try:
                conn = self._connection()
                if not write:
                    return work(conn)
                with _immediate_transaction(conn):
                    return work(conn)
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise CacheError(f"cache {self.path}: {exc}") from exc
                last_busy = exc
                time.sleep(_BACKOFF_SECONDS * 2**attempt * (1 + random.random()))
            except sqlite3.Error as exc:
                raise CacheError(f"cache {self.path}: {exc}") from exc
        raise CacheError(f"cache {self.path} stayed locked after {_ATTEMPTS} attempts") from last_busy

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and not self._closed:
            return conn
        with self._lock:
            if self._closed:
                raise CacheError(f"cache {self.path} is closed")
            self._close_orphans()
            conn = _connect(self.path)
            self._connections.append((threading.current_thread(), conn))
        self._local.conn = conn
        return conn

    def _close_orphans(self) -> None:
        """Close connections of threads that have ended (called with ``_lock`` held)."""
        alive = []
        for thread, conn in self._connections:
            if thread.is_alive():
                alive.append((thread, conn))
            else:
                conn.close()
        self._connections = alive


def _connect(path: Path) -> sqlite3.Connection:
    # check_same_thread=False only so close() may close other threads' connections;
    # each connection is otherwise used by the thread that opened it.
    conn = sqlite3.connect(
        path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


@contextmanager
def _immediate_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    message = str(exc)
    return "locked" in message or "busy" in message


def _dump(match: GeoMatch) -> str:
    fields = {
        "name": match.name,
        "lat": match.coordinates.lat,
        "lon": match.coordinates.lon,
        "geonameid": match.geonameid,
        "country_code": match.country_code,
        "kind": match.kind.value,
        "population": match.population,
        "admin1": match.admin1,
        "source": match.source,
        "confidence": match.confidence,
    }
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _load(text: str) -> GeoMatch:
    try:
        fields = json.loads(text)
        return GeoMatch(
            name=fields["name"],
            coordinates=Coordinates(fields["lat"], fields["lon"]),
            geonameid=fields["geonameid"],
            country_code=fields["country_code"],
            kind=PlaceKind(fields["kind"]),
            population=fields["population"],
            admin1=fields["admin1"],
            source=fields["source"],
            confidence=fields["confidence"],
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise CacheError(f"unreadable cached match: {text[:80]!r}") from exc
