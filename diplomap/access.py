"""Who may use the dashboard and what they may change.

Three ways in, chosen by what is configured:

- **OpenID Connect** (Streamlit's ``st.login``) when ``.streamlit/secrets.toml`` has an ``[auth]``
  section: the identity provider says who; the user file below may name their role by e-mail
  (no password), anyone else signed in is a viewer.
- **A local user file** (``users.json`` beside the database, or ``$DIPLOMAP_USERS``), for sites
  without an identity provider: names, roles and argon2id password hashes, managed with
  ``cli.py user add|remove|list``.
- **Nobody configured**: one local editor, and only while the server listens on loopback
  (``exposure_problem`` refuses anything else).

Viewers read, filter and export; editors also upload, correct, re-read, retrain and remove.
Every change goes through ``Changes``, which refuses a viewer (whatever the page sent) and writes
the audit log.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from diplomap import service
from diplomap.errors import MapError
from diplomap.events import PlaceEvent
from diplomap.store import Store

if TYPE_CHECKING:
    from diplomap.pipeline import Pipeline
    from geo.cache import GeoCache
    from geo.types import GeoMatch

Role = Literal["viewer", "editor"]
ROLES: tuple[Role, ...] = ("viewer", "editor")
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
TRASH_DAYS = 30  # removed articles are kept this long
MAX_NAME = 64
_HASHER = PasswordHasher()  # argon2id with the library's current parameters


class AccessError(MapError):
    """Someone may not do what was asked, or the user file is wrong."""


class PermissionDenied(AccessError):
    """A viewer asked for a change."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is asking: a signed-in person, the local user, or the command line."""

    name: str
    role: Role

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


LOCAL = Actor("local", "editor")  # the one user of a loopback-only server without sign-in


def exposure_problem(address: str, *, authentication: bool) -> str | None:
    """Why the server must not serve: listening beyond loopback with no sign-in configured."""
    if authentication or address.strip() in LOOPBACK:
        return None
    where = address.strip() or "every network interface"
    return (
        f"This server listens on {where} but no sign-in is configured, so anyone who can reach it "
        "could read, change and delete every article. Add users (`cli.py user add NAME --role editor`) "
        "or an identity provider ([auth] in .streamlit/secrets.toml), or listen on 127.0.0.1 only "
        "(`make run` does)."
    )


# -- the local user file ------------------------------------------------------------------------


def users_path(db_path: Path) -> Path:
    """``$DIPLOMAP_USERS``, else ``users.json`` beside the article database."""
    configured = os.environ.get("DIPLOMAP_USERS")
    return Path(configured).expanduser() if configured else db_path.with_name("users.json")


def check_name(name: str) -> str:
    """A user name as stored: trimmed, printable, at most 64 characters (markup is allowed and is
    always shown as text)."""
    name = unicodedata.normalize("NFC", name).strip()
    if not name or len(name) > MAX_NAME or any(unicodedata.category(c)[0] == "C" for c in name):
        raise AccessError(f"A user name is 1 to {MAX_NAME} printable characters, not {name!r}.")
    return name


class UserFile:
    """``{"users": {name: {"role", "hash", "added"}}}``, written atomically, readable by its owner only."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        return self.path.is_file() and bool(self._users())

    def add(self, name: str, password: str | None, role: Role) -> None:
        """Add or replace a user; ``password`` None for a user who signs in through the identity provider."""
        if role not in ROLES:
            raise AccessError(f"The role is viewer or editor, not {role!r}.")
        if password is not None and len(password) < 8:
            raise AccessError("A password has at least 8 characters.")
        users = self._users()
        entry: dict[str, Any] = {"role": role, "added": datetime.now(UTC).isoformat(timespec="seconds")}
        if password is not None:
            entry["hash"] = _HASHER.hash(password)
        users[check_name(name)] = entry
        self._write(users)

    def remove(self, name: str) -> bool:
        users = self._users()
        if users.pop(check_name(name), None) is None:
            return False
        self._write(users)
        return True

    def list(self) -> list[tuple[str, Role, bool]]:
        """(name, role, has a password), by name."""
        return [(n, u["role"], "hash" in u) for n, u in sorted(self._users().items())]

    def verify(self, name: str, password: str) -> Actor | None:
        """The user if the password is theirs, else None (same answer for an unknown name)."""
        with contextlib.suppress(AccessError):
            name = check_name(name)
        entry = self._users().get(name)
        stored = entry.get("hash") if entry else None
        try:
            _HASHER.verify(stored or _DUMMY_HASH, password)  # as slow for an unknown name
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return Actor(name, entry["role"]) if entry and stored else None

    def role_of(self, name: str) -> Role | None:
        entry = self._users().get(name)
        return entry["role"] if entry else None

    def _users(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise AccessError(f"The user file {self.path} cannot be read: {exc}") from exc
        users = data.get("users") if isinstance(data, dict) else None
        if not isinstance(users, dict):
            raise AccessError(f"The user file {self.path} has no users table.")
        return {str(k): v for k, v in users.items() if isinstance(v, dict) and v.get("role") in ROLES}

    def _write(self, users: Mapping[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"users": users}, indent=1, ensure_ascii=False), encoding="utf-8")
        temporary.chmod(stat.S_IRUSR | stat.S_IWUSR)
        temporary.replace(self.path)


_DUMMY_HASH = _HASHER.hash("not a password of anyone")


# -- changes, on behalf of an editor, into the audit log ------------------------------------------


class Changes:
    """Every change the dashboard can make, refused for a viewer, recorded for an editor."""

    def __init__(self, store: Store, actor: Actor) -> None:
        if not actor.can_edit:
            raise PermissionDenied(f"{actor.name} may read and export, not change: ask an editor.")
        self.store = store
        self.actor = actor

    def _record(self, action: str, **detail: object) -> None:
        self.store.record(self.actor.name, action, detail)

    def upload(self, submit: Callable[[], int], files: Sequence[tuple[str, bytes]]) -> int:
        batch = submit()
        self._record("upload", batch=batch, files=[name for name, _ in files])
        return batch

    def correct_role(self, event: PlaceEvent, role: str) -> None:
        service.correct_role(self.store, event.event_id, role)
        self._record(
            "correct role", article=event.article_id, place=event.place_name, to=role, was=event.role
        )

    def correct_placement(
        self, cache: GeoCache, event: PlaceEvent, match: GeoMatch, *, everywhere: bool
    ) -> str:
        key = service.correct_placement(self.store, cache, event, match, everywhere=everywhere)
        self._record(
            "move place",
            article=event.article_id,
            mention=event.mention_text,
            was=event.place_name,
            to=match.name,
            everywhere=everywhere,
        )
        return key

    def revert(self, cache: GeoCache, pipeline: Pipeline, event: PlaceEvent) -> int:
        undone = service.revert_corrections(self.store, cache, pipeline, event)
        self._record("undo corrections", article=event.article_id, mention=event.mention_text, undone=undone)
        return undone

    def set_published(self, article_ids: Sequence[int], day: date | None) -> int:
        changed = self.store.set_published(article_ids, day)
        self._record("set date", articles=list(article_ids), date=str(day) if day else None)
        return changed

    def remove(self, article_id: int) -> int | None:
        title = _title(self.store, article_id)
        trash_id = self.store.trash_article(article_id, self.actor.name)
        if trash_id is not None:
            self._record("remove", article=article_id, title=title, trash=trash_id)
        return trash_id

    def restore(self, trash_id: int) -> int:
        article_id = self.store.restore_article(trash_id)
        self._record("restore", article=article_id, title=_title(self.store, article_id), trash=trash_id)
        return article_id

    def reread(self, run: Callable[[], Sequence[service.RereadOutcome]]) -> Sequence[service.RereadOutcome]:
        outcomes = run()
        self._record("re-read", articles=len(outcomes))
        return outcomes

    def retrain(self, run: Callable[[], Any]) -> Any:
        report = run()
        self._record("retrain role model")
        return report

    def roll_back_model(self) -> bool:
        done = service.roll_back_roles()
        self._record("roll back role model", done=done)
        return done


def _title(store: Store, article_id: int) -> str:
    try:
        return store.article(article_id).title
    except MapError:
        return ""
