"""The archive view: millions of events filtered, counted and clustered on the server (issue #15).

Up to ``ARCHIVE_EVENTS`` events the dashboard reads the filtered events and the browser clusters
them (``diplomap.mapview.build_app_map``). Beyond that, reading every event into Python and sending
every place does not scale (at 1,000,000 synthetic events the default filter read 450,000 events
in 3.9 s). Here instead:

* ``Columns``: the store's events as a few numpy arrays (role, place, day, article, country,
  status, owner, confidence; ~30 bytes an event), read once per data version;
* ``Columns.mask``: a filter as a boolean array (the text search asks SQLite for its event ids);
* ``summarize``: the counts line and the timeline from ``np.bincount``;
* ``place_points``: one point per (role, place) with its reports, newest status and certainty;
* ``cluster_tiles``: the points clustered on a grid for each zoom, cut into tile files that the map
  fetches for the part of the world in view (``diplomap-layer.js`` ``drawArchive``).

A click on a point selects its place, and the panel beside the map reads its excerpts from SQL:
what the map shows is aggregated, what the panel, the table and the exports show is exact.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from diplomap.errors import MapError
from diplomap.events import PlaceEvent
from diplomap.mapjs import STATUS_BUCKETS, script_safe_json
from diplomap.service import ROLES, EventFilter, events_per_day, role_counts, undated_per_role
from diplomap.store import Store, event_where
from extraction.role_model import UNCERTAIN_BELOW

ARCHIVE_EVENTS_DEFAULT = 20_000
CLUSTER_ZOOMS = range(2, 10)  # a grid of CELL_PX cells at each of these zooms; places beyond
PLACES_ZOOM = CLUSTER_ZOOMS.stop  # from this zoom on, every place on its own
CELL_PX = 96  # a cell a side; bubbles are 30-48 px, and three roles share a cell
TILE_SPAN = 4  # a file covers 2**TILE_SPAN screen tiles a side (4,096 px): a view needs at most four
KEEP_TILE_SETS = 8
POST, MENTION = "diplomatic_post", "mention"
_EPOCH = date(1970, 1, 1).toordinal()
_LOAD_SQL = (
    "SELECT e.id, e.role, e.place_key, e.place_name, e.lat, e.lon, e.kind, e.country_code, e.status,"
    " e.owner, e.post_type, e.confidence, e.article_id, a.published"
    " FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id > ? ORDER BY e.id LIMIT ?"
)
LOAD_CHUNK = 100_000  # rows read at a time: a million rows as Python tuples at once took ~1 GB
_DTYPES = (
    np.int64,
    np.int8,
    np.int32,
    np.int32,
    np.int64,
    np.int16,
    np.int16,
    np.int16,
    np.int16,
    np.float32,
)


def archive_threshold(environ: Mapping[str, str] = os.environ) -> int:
    """Events beyond which the dashboard aggregates on the server (``DIPLOMAP_ARCHIVE_EVENTS``)."""
    text = environ.get("DIPLOMAP_ARCHIVE_EVENTS", "").strip()
    if not text:
        return ARCHIVE_EVENTS_DEFAULT
    if not text.isdigit():
        raise MapError(f"DIPLOMAP_ARCHIVE_EVENTS must be a whole number of events, not {text!r}.")
    return int(text)


class _Codes:
    """Strings as small integers, in order of first appearance."""

    def __init__(self, first: Sequence[str] = ()) -> None:
        self.index: dict[str, int] = {}
        self.values: list[str] = []
        for value in first:
            self.code(value)

    def code(self, value: str) -> int:
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.values)
            self.values.append(value)
        return found


@dataclass(frozen=True, slots=True)
class Places:
    """The places of the store: key, name, point and kind, by index (the last event's)."""

    keys: tuple[str, ...]
    names: tuple[str, ...]
    lat: np.ndarray
    lon: np.ndarray
    kinds: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Columns:
    """Every stored event as parallel arrays (``load``), and what their codes stand for."""

    event_id: np.ndarray  # int64, ascending
    role: np.ndarray  # int8, index into ROLES
    place: np.ndarray  # int32, index into places
    day: np.ndarray  # int32, the article's day since 1970-01-01; -1 undated
    article: np.ndarray  # int64
    country: np.ndarray  # int16, index into countries
    status: np.ndarray  # int16, index into statuses ("" when not stated)
    owner: np.ndarray  # int16, index into owners ("" when not stated)
    post_type: np.ndarray  # int16, index into post_types
    confidence: np.ndarray  # float32
    places: Places
    countries: tuple[str, ...]
    statuses: tuple[str, ...]
    owners: tuple[str, ...]
    post_types: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.event_id)

    # What the columns were read at: the store's (data version, edits), the file's identity.
    stamp: tuple[int, int, tuple[int, int]] = (-1, -1, (0, 0))

    @classmethod
    def load(
        cls,
        store: Store,
        *,
        after: Columns | None = None,
        stamp: tuple[int, int, tuple[int, int]] | None = None,
    ) -> Columns:
        """Read the store's events (at 1,000,000 events ~4 s, ~30 MB), ``LOAD_CHUNK`` rows at a time;
        with ``after``, only the events added since ``after`` was read, appended to it."""
        roles = {r: i for i, r in enumerate(ROLES)}
        if after is None:
            place_index: dict[str, int] = {}
            place_rows: list[list[Any]] = []
            countries, statuses, owners, post_types = _Codes(), _Codes([""]), _Codes([""]), _Codes([""])
            parts: list[tuple[np.ndarray, ...]] = []
            last = 0
        else:
            old = after.places
            place_index = {key: i for i, key in enumerate(old.keys)}
            place_rows = [
                [key, name, float(la), float(lo), kind]
                for key, name, la, lo, kind in zip(
                    old.keys, old.names, old.lat, old.lon, old.kinds, strict=True
                )
            ]
            countries, statuses = _Codes(after.countries), _Codes(after.statuses)
            owners, post_types = _Codes(after.owners), _Codes(after.post_types)
            parts = [tuple(getattr(after, name) for name in cls._ARRAYS)]
            last = int(after.event_id[-1]) if len(after) else 0
        days: dict[str | None, int] = {None: -1}
        while True:
            rows = store.aggregate(_LOAD_SQL, (last, LOAD_CHUNK))
            if not rows:
                break
            n = len(rows)
            chunk = tuple(np.empty(n, dtype) for dtype in _DTYPES)
            event_id, role, place, day, article, country, status, owner, post_type, confidence = chunk
            for i, (eid, r, key, name, la, lo, kind, cc, st, ow, pt, conf, aid, pub) in enumerate(rows):
                event_id[i] = eid
                role[i] = roles.get(r, 3)
                p = place_index.get(key)
                if p is None:
                    p = place_index[key] = len(place_rows)
                    place_rows.append([key, name, la, lo, kind])
                else:
                    place_rows[p][1:] = (name, la, lo, kind)  # the newest event's name and point
                place[i] = p
                d = days.get(pub)
                if d is None:
                    d = days[pub] = _day(pub)
                day[i] = d
                article[i] = aid
                country[i] = countries.code((cc or "").upper())
                status[i] = statuses.code(st or "")
                owner[i] = owners.code(ow or "")
                post_type[i] = post_types.code(pt or "")
                confidence[i] = conf
            parts.append(chunk)
            last = int(event_id[-1])
            if n < LOAD_CHUNK:
                break
        arrays = (
            [np.concatenate([part[k] for part in parts]) for k in range(len(_DTYPES))]
            if parts
            else [np.empty(0, dtype) for dtype in _DTYPES]
        )
        places = Places(
            tuple(p[0] for p in place_rows),
            tuple(p[1] for p in place_rows),
            np.array([p[2] for p in place_rows], np.float64),
            np.array([p[3] for p in place_rows], np.float64),
            tuple(p[4] for p in place_rows),
        )
        return cls(
            **dict(zip(cls._ARRAYS, arrays, strict=True)), places=places, countries=tuple(countries.values),
            statuses=tuple(statuses.values), owners=tuple(owners.values), post_types=tuple(post_types.values),
            stamp=stamp or (-1, -1, (0, 0)),
        )  # fmt: skip

    _ARRAYS = ("event_id", "role", "place", "day", "article", "country", "status", "owner", "post_type",
               "confidence")  # fmt: skip

    @classmethod
    def cached(cls, store: Store, previous: Columns | None = None) -> Columns:
        """The store's columns now. From ``previous`` (what this process read before) when the store
        has not changed, or has only had articles added since (their events are read and appended);
        else from the file kept beside the store (``<db>-columns.npz``), read back in a fraction of
        a second when it is of this data version; else ``load`` all, and keep them in that file for
        the next server start. A missing, stale or damaged file is made again; failing to write it
        costs only the next start's time."""
        version, edits = store.versions()
        stamp = (version, edits, _identity(store.path))
        if previous is not None and previous.stamp == stamp:
            return previous
        path = columns_path(store.path)
        if previous is not None and previous.stamp[1:] == stamp[1:] and previous.stamp[0] < version:
            columns = cls.load(store, after=previous, stamp=stamp)  # only articles were added
        else:
            columns = cls._read_kept(path, stamp) or cls.load(store, stamp=stamp)
        if columns is not previous:
            columns._save(path)
        return columns

    @classmethod
    def _read_kept(cls, path: Path, stamp: tuple[int, int, tuple[int, int]]) -> Columns | None:
        try:
            with np.load(path, allow_pickle=False) as saved:
                meta = json.loads(bytes(saved["meta"]).decode())
                if meta["format"] == COLUMNS_FORMAT and meta["stamp"] == [stamp[0], stamp[1], list(stamp[2])]:
                    return cls._from_saved(saved, meta, stamp)
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
            pass
        return None

    def _save(self, path: Path) -> None:
        version, edits, identity = self.stamp
        meta = {"format": COLUMNS_FORMAT, "stamp": [version, edits, list(identity)]} | {
            "keys": self.places.keys, "names": self.places.names, "kinds": self.places.kinds,
            "countries": self.countries, "statuses": self.statuses, "owners": self.owners,
            "post_types": self.post_types,
        }  # fmt: skip
        arrays = {name: getattr(self, name) for name in self._ARRAYS}
        arrays |= {"lat": self.places.lat, "lon": self.places.lon}
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".npz")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(out, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8), **arrays)
            os.replace(temp, path)
        except OSError:
            Path(temp).unlink(missing_ok=True)

    @classmethod
    def _from_saved(
        cls, saved: Any, meta: dict[str, Any], stamp: tuple[int, int, tuple[int, int]]
    ) -> Columns:
        places = Places(
            tuple(meta["keys"]), tuple(meta["names"]), saved["lat"], saved["lon"], tuple(meta["kinds"])
        )
        arrays = {name: saved[name] for name in cls._ARRAYS}
        return cls(
            **arrays, places=places, countries=tuple(meta["countries"]), statuses=tuple(meta["statuses"]),
            owners=tuple(meta["owners"]), post_types=tuple(meta["post_types"]), stamp=stamp,
        )  # fmt: skip

    def mask(self, flt: EventFilter, store: Store | None = None) -> np.ndarray:
        """The events ``flt`` keeps, as ``service.filtered_events`` would (the search and the
        people of meetings are asked of ``store``)."""
        keep = np.ones(len(self), bool)
        if flt.roles is not None:
            keep &= np.isin(self.role, [ROLES.index(r) for r in flt.roles if r in ROLES])
        if flt.countries is not None:
            keep &= np.isin(self.country, _codes_of(self.countries, [c.upper() for c in flt.countries]))
        if flt.article_ids is not None:
            keep &= np.isin(self.article, np.array(flt.article_ids, np.int64))
        if flt.date_from is not None or flt.date_to is not None:
            low = flt.date_from.toordinal() - _EPOCH if flt.date_from else -1
            high = flt.date_to.toordinal() - _EPOCH if flt.date_to else np.iinfo(np.int32).max
            dated = (self.day >= max(low, 0)) & (self.day <= high)
            keep &= dated | ((self.day < 0) & flt.undated)
        if not flt.undated:
            keep &= self.day >= 0
        not_post = self.role != ROLES.index(POST)
        for wanted, column, values in (
            (flt.statuses, self.status, self.statuses),
            (flt.owners, self.owner, self.owners),
        ):
            if wanted is not None:  # "unknown" stands for not stated, as in service._status_of
                names = ["" if w == "unknown" else w for w in wanted]
                keep &= not_post | np.isin(column, _codes_of(values, names))
        if not flt.uncertain:
            keep &= ~((self.role != ROLES.index(MENTION)) & (self.confidence < UNCERTAIN_BELOW))
        if store is not None and flt.search.strip():
            where, params = event_where(search=flt.search)
            ids = np.array(
                [
                    r[0]
                    for r in store.aggregate(
                        f"SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id{where}", params
                    )
                ],
                np.int64,
            )
            keep &= np.isin(self.event_id, ids)
        if store is not None and flt.actors is not None:
            from diplomap.actors import with_actors

            meetings = store.events(roles=["meeting"])
            ids = np.array([e.event_id for e in with_actors(meetings, flt.actors)], np.int64)
            keep &= np.isin(self.event_id, ids)
        return keep


COLUMNS_FORMAT = 2


def columns_path(db_path: Path) -> Path:
    """Where ``Columns.cached`` keeps a store's columns: beside the database."""
    return db_path.with_name(f"{db_path.stem}-columns.npz")


def _identity(path: Path) -> tuple[int, int]:
    """The database file's device and inode: a restored or replaced file is another store."""
    try:
        found = os.stat(path)
    except OSError:
        return (0, 0)
    return (int(found.st_dev), int(found.st_ino))


class LiveColumns:
    """One store's columns in a server process, brought up to date when asked (``Columns.cached``)."""

    def __init__(self) -> None:
        self._columns: Columns | None = None
        self._lock = threading.Lock()

    def get(self, store: Store) -> Columns:
        with self._lock:
            self._columns = Columns.cached(store, self._columns)
            return self._columns


def _codes_of(values: Sequence[str], wanted: Sequence[str]) -> list[int]:
    index = {v: i for i, v in enumerate(values)}
    return [index[w] for w in wanted if w in index]


def _day(published: str | None) -> int:
    if not published:
        return -1
    try:
        return date.fromisoformat(published[:10]).toordinal() - _EPOCH
    except ValueError:
        return -1


# -- the counts line and the timeline ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    """What the counts line and the timeline show of the events a filter keeps."""

    roles: dict[str, int]  # every role, zero when none
    articles: int
    undated_articles: int
    first: str | None  # the earliest and latest article day, ISO
    last: str | None
    per_day: dict[str, dict[str, int]]  # {ISO day: {role: n}} as service.events_per_day
    undated: dict[str, int]  # {role: n} of undated articles' events

    @property
    def events(self) -> int:
        return sum(self.roles.values())

    @classmethod
    def of_events(cls, events: Sequence[PlaceEvent]) -> Summary:
        """The same from events read into Python (a store below the archive threshold)."""
        days = sorted({e.published[:10] for e in events if e.published})
        return cls(
            roles=role_counts(events),
            articles=len({e.article_id for e in events}),
            undated_articles=len({e.article_id for e in events if not e.published}),
            first=days[0] if days else None,
            last=days[-1] if days else None,
            per_day=events_per_day(events),
            undated=undated_per_role(events),
        )


def summarize(columns: Columns, keep: np.ndarray) -> Summary:
    role, day, article = columns.role[keep], columns.day[keep], columns.article[keep]
    counts = np.bincount(role, minlength=len(ROLES))
    dated = day >= 0
    per_day: dict[str, dict[str, int]] = {}
    if dated.any():  # bincount, not unique: no sort of a million values
        tally = np.bincount(day[dated].astype(np.int64) * len(ROLES) + role[dated])
        pairs = np.flatnonzero(tally)
        for pair, count in zip(pairs.tolist(), tally[pairs].tolist(), strict=True):
            iso = date.fromordinal(pair // len(ROLES) + _EPOCH).isoformat()
            per_day.setdefault(iso, {})[ROLES[pair % len(ROLES)]] = count
    undated_counts = np.bincount(role[~dated], minlength=len(ROLES))
    days = sorted(per_day)
    return Summary(
        roles={r: int(counts[i]) for i, r in enumerate(ROLES)},
        articles=_distinct(article),
        undated_articles=_distinct(article[~dated]),
        first=days[0] if days else None,
        last=days[-1] if days else None,
        per_day=per_day,
        undated={r: int(undated_counts[i]) for i, r in enumerate(ROLES) if undated_counts[i]},
    )


def _distinct(ids: np.ndarray) -> int:
    """How many different (non-negative) ids: a bincount while they are dense, else a sort."""
    if not len(ids):
        return 0
    if int(ids.max()) <= 8 * len(ids) + 1_000_000:
        return int(np.count_nonzero(np.bincount(ids)))
    return int(np.unique(ids).size)


# -- points: one per (role, place) ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Points:
    """One point per (role, place) with reports: parallel arrays, and the places they index."""

    role: np.ndarray  # int8
    place: np.ndarray  # int32
    reports: np.ndarray  # int64
    sure: np.ndarray  # float32, the highest role probability of its reports
    status: tuple[str, ...]  # a post's newest stated status bucket ("" for other roles)
    post_type: tuple[str, ...]
    places: Places
    country_of: np.ndarray  # int16 per point, index into countries
    countries: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.role)

    def entry(self, i: int) -> dict[str, Any]:
        """The map's entry of point ``i`` (the fields of ``mapjs._entry`` the archive map draws)."""
        p, role = int(self.place[i]), ROLES[int(self.role[i])]
        entry: dict[str, Any] = {
            "k": self.places.keys[p],
            "r": role,
            "n": self.places.names[p],
            "la": round(float(self.places.lat[p]), 6),
            "lo": round(float(self.places.lon[p]), 6),
            "cnt": int(self.reports[i]),
        }
        if role != MENTION:
            entry["p"] = round(float(self.sure[i]), 2)
            if self.sure[i] < UNCERTAIN_BELOW:
                entry["u"] = 1
        if role == POST:
            entry["pt"] = self.post_type[i] or None
            entry["st"] = self.status[i] or "unknown"
        return entry

    def names(self) -> dict[str, str]:
        """Place key -> name, of the places with a point."""
        return {self.places.keys[p]: self.places.names[p] for p in self.place.tolist()}

    def reports_per_place(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for p, n in zip(self.place.tolist(), self.reports.tolist(), strict=True):
            key = self.places.keys[p]
            totals[key] = totals.get(key, 0) + n
        return totals

    def intensity(self) -> dict[str, dict[str, int]]:
        """Reports per country for the map's country shading (as ``mapjs.intensity``)."""
        counts: dict[str, dict[str, int]] = {r: {} for r in ("conflict", "meeting", POST)}
        for role, country, n in zip(
            self.role.tolist(), self.country_of.tolist(), self.reports.tolist(), strict=True
        ):
            name, code = ROLES[role], self.countries[country]
            if name in counts and len(code) == 2:
                counts[name][code] = counts[name].get(code, 0) + n
        return counts


def place_points(columns: Columns, keep: np.ndarray) -> Points:
    """The kept events grouped by (role, place), with a usable point."""
    idx = np.flatnonzero(keep)
    places = columns.places
    lat, lon = places.lat[columns.place[idx]], places.lon[columns.place[idx]]
    idx = idx[np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)]
    key = columns.role[idx].astype(np.int64) * max(len(places.keys), 1) + columns.place[idx]
    stated = columns.status[idx] != 0
    # Newest last within each (role, place): a stated status after the unstated ones.
    order = np.lexsort((columns.event_id[idx], columns.day[idx], stated, key))
    idx, key = idx[order], key[order]
    if not len(idx):
        empty = np.empty(0, np.int64)
        return Points(empty.astype(np.int8), empty.astype(np.int32), empty, empty.astype(np.float32), (), (),
                      places, empty.astype(np.int16), columns.countries)  # fmt: skip
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)] - 1
    last = idx[ends]
    sure = np.maximum.reduceat(columns.confidence[idx], starts)
    statuses = tuple(
        STATUS_BUCKETS.get(columns.statuses[s], "unknown") if s else "" for s in columns.status[last].tolist()
    )
    post_types = tuple(columns.post_types[t] for t in columns.post_type[last].tolist())
    return Points(
        columns.role[last], columns.place[last], (ends - starts + 1).astype(np.int64), sure,
        statuses, post_types, places, columns.country[last], columns.countries,
    )  # fmt: skip


@dataclass(frozen=True, slots=True, eq=False)
class ArchiveView:
    """What the dashboard shows of a filter on a large store: counts, timeline, points, and the
    places the panel offers (name and reports); ``mapview.archive_click_index`` names a click's place."""

    summary: Summary
    points: Points
    names: dict[str, str]
    reports: dict[str, int]
    newest: np.ndarray  # event ids, newest article first (as the table orders them), at most NEWEST_KEPT

    @classmethod
    def of(cls, columns: Columns, flt: EventFilter, store: Store | None = None) -> ArchiveView:
        keep = columns.mask(flt, store)
        points = place_points(columns, keep)
        return cls(
            summarize(columns, keep),
            points,
            points.names(),
            points.reports_per_place(),
            newest_ids(columns, keep),
        )


NEWEST_KEPT = 5_000  # the table's rows (ui.MAX_TABLE_ROWS)


def newest_ids(columns: Columns, keep: np.ndarray, n: int = NEWEST_KEPT) -> np.ndarray:
    """The ids of the ``n`` newest kept events: by article day, then article, then event, descending
    (undated articles last), as the events table sorts them."""
    idx = np.flatnonzero(keep)
    order = np.lexsort((columns.event_id[idx], columns.article[idx], columns.day[idx]))[::-1][:n]
    return columns.event_id[idx[order]]


# -- clusters cut into tiles ------------------------------------------------------------------------


def mercator(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator x and y in [0, 1) (y down), as Leaflet's tiles."""
    x = (lon + 180.0) / 360.0
    phi = np.radians(np.clip(lat, -85.05112878, 85.05112878))
    y = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / math.pi) / 2.0
    return np.clip(x, 0, 1 - 1e-12), np.clip(y, 0, 1 - 1e-12)


def tile_zoom(zoom: int) -> int:
    return max(0, zoom - TILE_SPAN)


@dataclass(frozen=True, slots=True)
class TileSet:
    """The clustered points as files ``<z>-<x>-<y>.json``; ``levels`` says which exist."""

    files: dict[str, bytes] = field(default_factory=dict)
    levels: list[dict[str, Any]] = field(default_factory=list)  # [{"z", "tz", "tiles": ["x-y"]}]

    def name(self, key: bytes) -> str:
        """``tiles-<HMAC-SHA256 of every file>``: the folder's name, unguessable like map files'."""
        mac = hmac.new(key, digestmod=hashlib.sha256)
        for name in sorted(self.files):
            mac.update(name.encode() + b"\0" + self.files[name] + b"\0")
        return f"tiles-{mac.hexdigest()}"


def cluster_tiles(points: Points) -> TileSet:
    """Each zoom of ``CLUSTER_ZOOMS`` as a grid of ``CELL_PX`` cells per role (a cell of one place
    is that place; of more, a cluster at its most reported place with their count), and from
    ``PLACES_ZOOM`` on every place, in files of ``tile_zoom(z)`` tiles.

    Each place's entry is written as (script-safe) JSON once and reused at every zoom it stands
    alone in; a cluster holds numbers and a role name only."""
    n = len(points)
    x, y = mercator(points.places.lat[points.place], points.places.lon[points.place])
    texts: list[str | None] = [None] * n
    lat = np.round(points.places.lat[points.place], 5).tolist()
    lon = np.round(points.places.lon[points.place], 5).tolist()
    roles = [ROLES[r] for r in points.role.tolist()]

    def place_text(i: int) -> str:
        text = texts[i]
        if text is None:
            text = texts[i] = script_safe_json(points.entry(i))
        return text

    tiles: dict[tuple[int, int, int], list[str]] = {}
    for zoom in [*CLUSTER_ZOOMS, PLACES_ZOOM]:
        tz = tile_zoom(zoom)
        tile_x, tile_y = (x * 2**tz).astype(np.int64).tolist(), (y * 2**tz).astype(np.int64).tolist()
        if zoom == PLACES_ZOOM:
            for i in range(n):
                tiles.setdefault((zoom, tile_x[i], tile_y[i]), []).append(place_text(i))
            continue
        if not n:
            continue
        cells = 2**zoom * 256 / CELL_PX
        cell = (
            (points.role.astype(np.int64) << 40)
            + ((x * cells).astype(np.int64) << 20)
            + (y * cells).astype(np.int64)
        )
        # Sorted by cell, most reported place last: that place stands for the cell.
        order = np.lexsort((points.reports, cell))
        sorted_cells = cell[order]
        starts = np.flatnonzero(np.r_[True, sorted_cells[1:] != sorted_cells[:-1]])
        ends = np.r_[starts[1:], n] - 1
        reports = np.add.reduceat(points.reports[order], starts).tolist()
        heads = order[ends].tolist()
        sizes = (ends - starts + 1).tolist()
        for head, size, total in zip(heads, sizes, reports, strict=True):
            if size == 1:
                item = place_text(head)
            else:
                item = (
                    f'{{"r":"{roles[head]}","la":{lat[head]!r},"lo":{lon[head]!r},"c":{size},"cnt":{total}}}'
                )
            tiles.setdefault((zoom, tile_x[head], tile_y[head]), []).append(item)
    files = {
        f"{z}-{tx}-{ty}.json": ("[" + ",".join(items) + "]").encode() for (z, tx, ty), items in tiles.items()
    }
    levels = []
    for zoom in [*CLUSTER_ZOOMS, PLACES_ZOOM]:
        held = sorted(f"{tx}-{ty}" for (z, tx, ty) in tiles if z == zoom)
        levels.append({"z": zoom, "tz": tile_zoom(zoom), "tiles": held})
    return TileSet(files, levels)


def publish_tiles(tileset: TileSet, folder: Path, name: str, *, keep: int = KEEP_TILE_SETS) -> Path:
    """Write ``tileset`` as ``folder/name/`` (``TileSet.name``: once, since the same data makes the
    same name) and make it the most recently used; the least recently used sets beyond ``keep`` go."""
    target = folder / name
    try:
        if target.is_dir():
            os.utime(target)
            return target
        folder.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(dir=folder, prefix=".tiles-"))
        try:
            for file_name, body in tileset.files.items():
                (temp / file_name).write_bytes(body)
            temp.chmod(0o755)
            os.replace(temp, target)
        except OSError:
            shutil.rmtree(temp, ignore_errors=True)
            if not target.is_dir():  # another process wrote the same set first: theirs is ours
                raise
    except OSError as exc:
        raise MapError(f"could not write the map's tiles to {folder}: {exc.strerror}") from exc
    _prune_sets(folder, keep)
    return target


def _prune_sets(folder: Path, keep: int) -> None:
    sets: list[tuple[float, Path]] = []
    now = time.time()
    for entry in os.scandir(folder):
        if not entry.is_dir():
            continue
        try:
            mtime = entry.stat().st_mtime
        except FileNotFoundError:
            continue
        if entry.name.startswith("tiles-"):
            sets.append((mtime, Path(entry.path)))
        elif entry.name.startswith(".tiles-") and now - mtime > 3600:
            shutil.rmtree(entry.path, ignore_errors=True)
    sets.sort(reverse=True)
    for _mtime, path in sets[keep:]:
        shutil.rmtree(path, ignore_errors=True)


def manifest(points: Points, tileset: TileSet, base_url: str) -> dict[str, Any]:
    """What the map needs to ask for tiles: where they are, which exist, and the layer counts."""
    counts = np.bincount(points.role, minlength=len(ROLES)) if len(points) else np.zeros(len(ROLES), int)
    bounds = None
    if len(points):
        lat, lon = points.places.lat[points.place], points.places.lon[points.place]
        bounds = [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]
    return {
        "base": base_url,
        "levels": tileset.levels,
        "placesFrom": PLACES_ZOOM,
        "places": {r: int(counts[i]) for i, r in enumerate(ROLES) if counts[i]},
        "bounds": bounds,
        "intensity": points.intensity(),
    }
