"""Sign-in, roles, the audit log, the trash and backups (diplomap.access, diplomap.store), on a real
SQLite file and the real argon2 hasher; the browser side is tests/browser/test_team_browser.py."""

from __future__ import annotations

import io
import json
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import cli
from diplomap import service
from diplomap.access import (
    LOCAL,
    AccessError,
    Actor,
    Changes,
    PermissionDenied,
    UserFile,
    exposure_problem,
)
from diplomap.errors import StoreError
from diplomap.pipeline import Pipeline
from diplomap.store import Store
from geo.cache import GeoCache

HOSTILE = "<img src=x onerror=alert(1)>${alert(1)}`"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "diplomap.db") as opened:
        yield opened


@pytest.fixture
def pipeline(nlp, gazetteer, tmp_path: Path) -> Iterator[Pipeline]:  # type: ignore[no-untyped-def]
    with GeoCache(service.geocache_path(tmp_path / "diplomap.db")) as cache:
        yield service.make_pipeline(nlp, gazetteer, cache)


@pytest.fixture
def sample_store(store: Store, pipeline: Pipeline) -> Store:
    assert [o.status for o in service.load_sample_if_new(store, pipeline)] == ["added"]
    return store


# -- serving ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_loopback_needs_no_sign_in(address: str) -> None:
    assert exposure_problem(address, authentication=False) is None


@pytest.mark.parametrize("address", ["0.0.0.0", "", "192.168.1.20"])
def test_beyond_loopback_without_sign_in_is_refused_with_the_reason(address: str) -> None:
    problem = exposure_problem(address, authentication=False)
    assert problem is not None and "no sign-in is configured" in problem and "cli.py user add" in problem
    assert exposure_problem(address, authentication=True) is None


# -- the local user file --------------------------------------------------------------------------


def test_users_are_kept_as_argon2_hashes_readable_by_their_owner_only(tmp_path: Path) -> None:
    users = UserFile(tmp_path / "users.json")
    users.add("amira", "correct horse battery", "editor")
    users.add(HOSTILE, "another long secret", "viewer")
    text = users.path.read_text(encoding="utf-8")
    assert "correct horse battery" not in text and "$argon2id$" in text
    assert stat.S_IMODE(users.path.stat().st_mode) == 0o600
    assert users.verify("amira", "correct horse battery") == Actor("amira", "editor")
    assert users.verify(HOSTILE, "another long secret") == Actor(HOSTILE, "viewer")  # stored as typed
    assert users.verify("amira", "wrong password") is None
    assert users.verify("nobody", "correct horse battery") is None
    assert users.list() == [(HOSTILE, "viewer", True), ("amira", "editor", True)]
    assert users.remove("amira") and not users.remove("amira")
    assert users.verify("amira", "correct horse battery") is None


def test_bad_users_and_passwords_are_refused(tmp_path: Path) -> None:
    users = UserFile(tmp_path / "users.json")
    with pytest.raises(AccessError, match="at least 8"):
        users.add("amira", "short", "editor")
    with pytest.raises(AccessError, match="printable"):
        users.add("bad\nname", "long enough secret", "editor")
    with pytest.raises(AccessError, match="viewer or editor"):
        users.add("amira", "long enough secret", "admin")  # type: ignore[arg-type]
    assert not users.exists()
    (tmp_path / "users.json").write_text("not json", encoding="utf-8")
    with pytest.raises(AccessError, match="cannot be read"):
        users.verify("amira", "long enough secret")


def test_cli_adds_lists_and_removes_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "diplomap.db")
    monkeypatch.delenv("DIPLOMAP_USERS", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    assert cli.main(["user", "add", "amira", "--role", "editor", "--password-stdin", "--db", db]) == 0
    assert cli.main(["user", "list", "--db", db]) == 0
    assert "amira\teditor\tpassword" in capsys.readouterr().out
    assert UserFile(tmp_path / "users.json").verify("amira", "a long enough secret") == Actor(
        "amira", "editor"
    )
    assert cli.main(["user", "remove", "amira", "--db", db]) == 0
    assert cli.main(["user", "remove", "amira", "--db", db]) == 1


# -- viewers and editors ----------------------------------------------------------------------------


def test_a_viewer_changes_nothing_whatever_the_page_sends(sample_store: Store) -> None:
    with pytest.raises(PermissionDenied, match="ask an editor"):
        Changes(sample_store, Actor("vic", "viewer"))
    assert len(sample_store.articles()) == 1 and sample_store.audit_log() == []


def test_an_editors_changes_are_recorded_and_a_removal_is_undone(sample_store: Store) -> None:
    editor = Changes(sample_store, Actor(HOSTILE, "editor"))
    article = sample_store.articles()[0]
    kandahar = next(
        e for e in sample_store.events() if e.mention_text == "Kandahar" and e.role == "diplomatic_post"
    )
    editor.correct_role(kandahar, "conflict")
    before = {(e.place_key, e.role) for e in sample_store.events()}
    trash_id = editor.remove(article.id)
    assert trash_id is not None and sample_store.articles() == [] and sample_store.events() == []
    (entry,) = sample_store.trashed()
    assert (entry.title, entry.removed_by) == (article.title, HOSTILE)
    restored = editor.restore(trash_id)
    assert sample_store.trashed() == []
    assert [a.title for a in sample_store.articles()] == [article.title]
    assert {(e.place_key, e.role) for e in sample_store.events()} == before  # the corrected role too
    assert sample_store.corrections_of(restored, "Kandahar") == 1
    log = sample_store.audit_log()
    assert [e.action for e in reversed(log)] == ["correct role", "remove", "restore"]
    assert {e.actor for e in log} == {HOSTILE}
    restore, remove = log[0], log[1]  # newest first
    assert remove.detail["title"] == article.title and restore.detail == {
        "article": restored,
        "title": article.title,
        "trash": trash_id,
    }


def test_a_text_added_again_since_is_not_restored_twice(sample_store: Store, pipeline: Pipeline) -> None:
    editor = Changes(sample_store, LOCAL)
    trash_id = editor.remove(sample_store.articles()[0].id)
    assert trash_id is not None
    service.load_sample_if_new(sample_store, pipeline)  # not new any more: nothing loaded
    outcomes = service.ingest_file(
        service.SAMPLE_PATH.read_bytes(), "again.txt", store=sample_store, pipeline=pipeline
    )
    assert [o.status for o in outcomes] == ["added"]
    with pytest.raises(StoreError, match="added again since"):
        editor.restore(trash_id)
    assert len(sample_store.trashed()) == 1


def test_the_trash_forgets_after_its_days(sample_store: Store) -> None:
    Changes(sample_store, LOCAL).remove(sample_store.articles()[0].id)
    assert sample_store.purge_trash(30) == 0 and len(sample_store.trashed()) == 1
    assert sample_store.purge_trash(-1) == 1 and sample_store.trashed() == []


def test_the_audit_log_exports_as_csv_with_formulas_quoted(store: Store) -> None:
    from diplomap.ui import audit_csv

    store.record("=cmd|' /C calc'!A0", "upload", {"files": [HOSTILE]})
    text = audit_csv(store)
    assert text.splitlines()[0] == "at,actor,action,detail"
    assert "'=cmd" in text and json.dumps([HOSTILE], ensure_ascii=False).replace('"', '""') in text


# -- backups ----------------------------------------------------------------------------------------


def test_a_backup_restores_what_was_there_and_keeps_what_it_replaced(
    sample_store: Store, tmp_path: Path
) -> None:
    backup = tmp_path / "backups" / "monday.sqlite"
    assert cli.main(["backup", str(backup), "--db", str(sample_store.path)]) == 0
    version = sample_store.data_version()
    Changes(sample_store, LOCAL).remove(sample_store.articles()[0].id)
    assert sample_store.articles() == []
    assert cli.main(["restore", str(backup), "--db", str(sample_store.path)]) == 0
    assert len(sample_store.articles()) == 1  # the open store sees it at once
    assert sample_store.data_version() != version  # pages redraw
    kept = list(tmp_path.glob("diplomap-before-restore-*.sqlite"))
    assert len(kept) == 1
    with Store.open(kept[0]) as before:
        assert before.articles() == [] and len(before.trashed()) == 1
    assert sample_store.audit_log()[0].action == "restore backup"


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(
    sample_store: Store, tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    with pytest.raises(StoreError, match="cannot be restored"):
        sample_store.restore_from(bad)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a diplomap database"):
        sample_store.restore_from(other)
    assert len(sample_store.articles()) == 1
    assert not list(tmp_path.glob("*before-restore*"))
