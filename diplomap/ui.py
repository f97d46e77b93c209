"""The dashboard's Streamlit pieces; ``app.py`` lays them out.

Here: the heavy objects and cached data, messages, the sidebar (upload, filters, stored articles),
the map, counts, timeline and downloads. The place panel beside the map is ``ui_panel``; safe
Markdown and labels are ``ui_text`` (the only way article text reaches the page as Markdown).
"""

from __future__ import annotations

import functools
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit_folium import st_folium

from diplomap import kml, parquet, service
from diplomap.access import LOCAL, TRASH_DAYS, Actor, Changes, UserFile, exposure_problem, users_path
from diplomap.archive import ArchiveView, LiveColumns, Summary, publish_tiles
from diplomap.errors import MapError
from diplomap.events import PlaceEvent
from diplomap.mapfiles import publish
from diplomap.mapview import (
    MAP_FILE_DIR,
    RETURNED_OBJECTS,
    AppMap,
    MapClickIndex,
    TileSource,
    archive_click_index,
    build_app_map,
    build_archive_map,
    build_click_index,
    parse_map_click,
    tile_source,
)
from diplomap.mapview import map_html as standalone_map_html
from diplomap.service import ROLES, EventFilter
from diplomap.store import Store, UploadBatch
from diplomap.timeline import Series, timeline_svg
from diplomap.ui_text import ROLE_LABELS, md_text, outcome_line, role_label, status_label
from diplomap.uploads import UploadWorker, batch_outcomes
from geo.cache import GeoCache
from geo.gazetteer import Gazetteer

if TYPE_CHECKING:  # spaCy is imported when articles are first read, not when the dashboard opens
    from diplomap.pipeline import Pipeline

ROLE_COLOURS = {
    "diplomatic_post": "#1565c0",
    "meeting": "#6a1b9a",
    "conflict": "#e53935",
    "mention": "#90a4ae",
}
COUNT_NOUNS = {  # (one, many), in the order of service.ROLES; events, not places (the map counts those)
    "diplomatic_post": ("diplomatic-post report", "diplomatic-post reports"),
    "meeting": ("meeting report", "meeting reports"),
    "conflict": ("conflict report", "conflict reports"),
    "mention": ("other mention", "other mentions"),
}
MD_COLOURS = {"diplomatic_post": "blue", "meeting": "violet", "conflict": "red", "mention": "gray"}
MAP_HEIGHT = 560
MAX_ARTICLES_LISTED = 100
ATTRIBUTION = (
    "Place names and coordinates from GeoNames (geonames.org), licensed under CC BY 4.0. "
    "Country shapes from the countryinfo package. The map works offline and loads nothing from the internet."
)
GetPipeline = Callable[[], "Pipeline"]


# -- heavy objects, once per process -----------------------------------------------------------


@st.cache_resource(show_spinner="Opening the article database…")
def open_store(path: str) -> Store:
    return Store.open(path)


@st.cache_resource(show_spinner=False)
def open_geocache(path: str) -> GeoCache:
    return GeoCache(path)


@st.cache_resource(show_spinner="Loading the gazetteer…")
def load_gazetteer() -> Gazetteer:
    return Gazetteer.load()


@st.cache_resource(show_spinner="Loading the language model…", max_entries=2)
def load_reading_pipeline(cache_path: str, reader: str) -> Pipeline:
    """One pipeline per reader version: a retrained role model makes a new one."""
    from extraction.nlp import load_pipeline

    return service.make_pipeline(load_pipeline(), load_gazetteer(), open_geocache(cache_path))


# -- cached data: rebuilt only when the store's data_version or a filter changes -----------------
# Events and the click index are immutable (frozen dataclasses in a tuple or a read-only mapping),
# so they are shared, not copied: st.cache_data unpickles its value on every run, which for
# 10,000 frozen dataclasses took half a second before the map could be sent.


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_events(_store: Store, db: str, version: int, flt: EventFilter) -> tuple[PlaceEvent, ...]:
    return tuple(service.filtered_events(_store, flt))


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_summary(_store: Store, db: str, version: int, flt: EventFilter) -> Summary:
    return Summary.of_events(cached_events(_store, db, version, flt))


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_places(
    _store: Store, db: str, version: int, flt: EventFilter
) -> tuple[dict[str, str], Counter[str]]:
    from diplomap.ui_panel import places_of  # ui_panel builds on this module

    return places_of(cached_events(_store, db, version, flt))


@st.cache_data(max_entries=8, show_spinner=False)
def cached_map(_store: Store, db: str, version: int, flt: EventFilter, tiles: TileSource | None) -> AppMap:
    return build_app_map(cached_events(_store, db, version, flt), tiles=tiles, static_url=static_url())


@st.cache_resource(show_spinner=False)
def live_columns(db: str) -> LiveColumns:
    return LiveColumns()


def store_events(store: Store, db: str, version: int) -> int:
    """How many events the store holds (cheap: SQLite counts them by the role index)."""
    return sum(_role_totals(store, db, version).values())


@st.cache_data(max_entries=4, show_spinner=False)
def _role_totals(_store: Store, db: str, version: int) -> dict[str, int]:
    return _store.count_by_role()


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_archive(_store: Store, db: str, version: int, flt: EventFilter) -> ArchiveView:
    with st.spinner("Reading the archive's new events…"):
        columns = live_columns(db).get(_store)
    return ArchiveView.of(columns, flt, _store)


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_archive_map(
    _store: Store, db: str, version: int, flt: EventFilter, tiles: TileSource | None
) -> AppMap:
    view = cached_archive(_store, db, version, flt)
    return build_archive_map(view.points, tiles=tiles, static_url=static_url())


def static_url() -> str:
    """Where Streamlit serves ./static, behind a ``server.baseUrlPath`` (a reverse proxy's path) too."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static" if base else "/app/static"


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_click_index(_store: Store, db: str, version: int, flt: EventFilter) -> MapClickIndex:
    return MappingProxyType(build_click_index(cached_events(_store, db, version, flt)))


# -- messages ----------------------------------------------------------------------------------


@contextmanager
def guarded() -> Iterator[None]:
    """Show one of our own errors where it happened and let the rest of the page render."""
    try:
        yield
    except MapError as exc:
        st.error(str(exc))


# Constant CSS for the page: less empty space above the title, and a map frame as tall as the
# screen allows beside the panel (at least 420 px), so the whole map is on screen on a 1366x768
# laptop as on a desktop; the map inside fills its frame (diplomap-layer.css).
PAGE_STYLE = (
    "<style>"
    '[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; }'
    'iframe[title="streamlit_folium.st_folium"] { height: max(420px, calc(100vh - 190px)) !important; }'
    "</style>"
)


def page_style() -> None:
    st.markdown(PAGE_STYLE, unsafe_allow_html=True)


FLASH_SECONDS = 20.0


def flash(kind: str, text: str) -> None:
    """A message for the next runs (callbacks run before the script and cannot draw)."""
    st.session_state["flash"] = (kind, text, time.monotonic())


def show_flash() -> None:
    """The last message, for FLASH_SECONDS.

    Not only for the next run: the map sends its bounds when it is drawn again, and that rerun
    would wipe "Restored as article 12." before anyone read it.
    """
    kind, text, since = st.session_state.get("flash", ("", "", 0.0))
    if not kind or time.monotonic() - since > FLASH_SECONDS:
        st.session_state.pop("flash", None)
        return
    if kind == "error":
        st.error(text)
    else:
        st.success(text)


# -- who is here -------------------------------------------------------------------------------


def oidc_configured() -> bool:
    """An identity provider in .streamlit/secrets.toml ([auth] with a client id)."""
    try:
        auth = st.secrets.get("auth")
    except (FileNotFoundError, KeyError, StreamlitSecretNotFoundError):
        return False
    if not isinstance(auth, Mapping) or not auth:
        return False
    return "client_id" in auth or any(isinstance(v, Mapping) for v in auth.values())


def sign_in(db_path: Path) -> Actor:
    """Who uses this page; draws the sign-in form and stops the page until someone has signed in.
    Refuses to serve beyond loopback with no sign-in configured."""
    users = UserFile(users_path(db_path))
    oidc = oidc_configured()
    local_users = users.exists()
    problem = exposure_problem(str(st.get_option("server.address") or ""), authentication=oidc or local_users)
    if problem:
        st.error(problem)
        st.stop()
    if oidc:
        if not st.user.is_logged_in:
            st.title("diplomap")
            st.button("Sign in", key="oidc_login", on_click=st.login)
            st.stop()
        name = str(st.user.get("email") or st.user.get("name") or "signed-in user")
        actor = Actor(name, users.role_of(name) or "viewer")
    elif local_users:
        actor = st.session_state.get("_actor") or _password_form(users)
    else:
        actor = LOCAL
    st.session_state["_actor"] = actor
    return actor


def _password_form(users: UserFile) -> Actor:
    st.title("diplomap")
    with st.form("sign_in"):
        name = st.text_input("Name", key="sign_in_name")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        found = users.verify(name, password)
        if found is not None:
            st.session_state["_actor"] = found
            st.rerun()
        st.error("That name and password do not match a user of this server.")
    st.stop()
    raise AssertionError("st.stop() returned")  # for the type checker


def actor() -> Actor:
    """Who signed in on this page (``sign_in`` ran first on every run)."""
    found = st.session_state.get("_actor")
    return found if isinstance(found, Actor) else Actor("nobody", "viewer")


def changes(store: Store) -> Changes:
    """The changes this page's user may make; refuses a viewer (PermissionDenied, a MapError)."""
    return Changes(store, actor())


def signed_in_box() -> None:
    who = actor()
    if who is LOCAL:
        return
    st.caption(f"Signed in as {md_text(who.name)} ({who.role})")
    if st.button("Sign out", key="sign_out"):
        st.session_state.pop("_actor", None)
        if oidc_configured():
            st.logout()
        st.rerun()


# -- sidebar: upload, stored articles (filters: ui_filters) -------------------------------------------------


def load_sample(store: Store, get_pipeline: GetPipeline) -> None:
    """First start: an empty, never written store gets the bundled sample article."""
    if store.data_version() == 0:
        with st.spinner("First start: reading the sample article…"):
            service.load_sample_if_new(store, get_pipeline())


@st.cache_resource(show_spinner=False)
def upload_worker(_store: Store, db: str) -> UploadWorker:
    """The thread that reads this database's uploads in the server, one per process."""
    return UploadWorker(_store)


RECENT_BATCH = timedelta(hours=12)  # a new session still shows the last upload's result this long


def upload_section(store: Store, db: str, get_pipeline: GetPipeline) -> None:
    # Any file is taken, so every one gets a line below: read, or refused with the reader's reason
    # (a type filter here would turn a dropped image into a bare red mark in the widget).
    files = st.file_uploader(
        "Add articles",
        accept_multiple_files=True,
        key="uploads",
        help="Text, Markdown, HTML, JSON / JSON Lines records, or PDF (any name: the contents decide). "
        "Each file is read once; a file that is not an article is refused with the reason. "
        "Reading goes on in the server if this tab is closed.",
    )
    worker = upload_worker(store, db)
    done: set[str] = st.session_state.setdefault("ingested_ids", set())
    fresh = [f for f in files or [] if f.file_id not in done]
    if fresh:
        # The files are in the store before anything is read: from here on the batch is the server's.
        batch_files = [(f.name, f.getvalue()) for f in fresh]
        batch = changes(store).upload(lambda: worker.submit(batch_files, get_pipeline()), batch_files)
        done.update(f.file_id for f in fresh)
        st.session_state["upload_batch"] = batch
    elif store.queued_uploads() and not worker.alive:
        worker.resume(get_pipeline())  # a server stopped mid-batch: its files are still queued
    shown = _watched_batch(store)
    if shown is None:
        return
    if not shown.finished:
        shown = _follow(store, worker, shown)
    outcomes = batch_outcomes(shown)
    with st.container(key="ingest_results"):
        mine = shown.batch == st.session_state.get("upload_batch")
        when = "" if mine else f" (upload of {_local_time(shown)})"
        st.markdown(f"**{upload_summary(outcomes)}**{when}")
        for outcome in outcomes:
            st.markdown(outcome_line(outcome))
    _date_the_undated(store, [o.article_id for o in outcomes if o.status == "added" and o.article_id])


def _watched_batch(store: Store) -> UploadBatch | None:
    """This session's last upload, or in a new session the last upload if it is running or recent."""
    mine = st.session_state.get("upload_batch")
    if mine is not None:
        return store.upload_batch(mine)
    latest = store.upload_batch()
    if latest is None:
        return None
    recent = datetime.now(UTC) - datetime.fromisoformat(latest.queued_at) < RECENT_BATCH
    return latest if recent or not latest.finished else None


def _follow(store: Store, worker: UploadWorker, batch: UploadBatch) -> UploadBatch:
    """Show the batch's progress until it is read. Only the watching stops with the page: a rerun
    (a filter moved) or a closed tab leaves the worker reading."""
    bar = st.progress(0.0, text="Reading the articles…")
    stalled = 0
    while not batch.finished:
        total = len(batch.files)
        name = batch.reading
        label = f"Reading {md_text(name)} ({batch.done + 1}/{total})…" if name else "Waiting to be read…"
        bar.progress(batch.done / max(total, 1), text=label)
        time.sleep(0.25)
        stalled = 0 if worker.alive or batch.reading else stalled + 1
        if stalled > 40:  # no worker here and nobody reading: say so rather than spin
            bar.empty()
            st.warning("The upload is waiting to be read: reload the page to start reading it again.")
            return batch
        batch = store.upload_batch(batch.batch) or batch
    bar.empty()
    return batch


def _local_time(batch: UploadBatch) -> str:
    return datetime.fromisoformat(batch.queued_at).astimezone().strftime("%Y-%m-%d %H:%M")


def upload_summary(outcomes: Sequence[service.FileOutcome]) -> str:
    """'35 added, 2 duplicates, 3 refused': the batch at a glance, before the details."""
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in ("added", "duplicate")}
    refused = len(outcomes) - counts["added"] - counts["duplicate"]
    parts = [f"{counts['added']} added"]
    if counts["duplicate"]:
        parts.append(f"{counts['duplicate']} duplicate{'s' if counts['duplicate'] != 1 else ''}")
    if refused:
        parts.append(f"{refused} refused")
    return ", ".join(parts)


def _date_the_undated(store: Store, added: list[int]) -> None:
    """An upload's articles that carry no date can be given one, all at once."""
    undated = [a.id for a in store.articles() if a.id in set(added) and not a.published]
    if not undated:
        return
    n = len(undated)
    day = st.date_input(
        f"{n} article{'s' if n != 1 else ''} of this upload had no date: their date",
        value=None,
        key="upload_date",
    )
    if st.button(
        f"Date the {n} undated article{'s' if n != 1 else ''}", key="upload_date_go", disabled=day is None
    ):
        changes(store).set_published(undated, day)
        flash("success", f"Dated {n} article{'s' if n != 1 else ''} {day}.")
        st.rerun()


MANY_TO_REREAD = 500  # about a minute or more of reading in the page


def reread_section(store: Store, get_pipeline: GetPipeline) -> None:
    """Articles an earlier reader read: say so, and read them again on request (corrections kept)."""
    n = service.stale_count(store)  # a count by index: listing 200,000 stale articles took 0.5 s a run
    if n:
        many = (
            " For this many, `cli.py reread` in a shell is better: it goes on if this page is closed."
            if n > MANY_TO_REREAD
            else ""
        )
        st.info(
            f"{n:,} stored article{'s were' if n != 1 else ' was'} read by an earlier version of "
            f"diplomap's reader. Reading again updates the events; corrections you made are kept.{many}"
        )
        if st.button("Read them again", key="reread"):
            bar = st.progress(0.0, text="Reading the stored articles again…")

            def progress(done: int, total: int, title: str) -> None:
                label = f"Reading {md_text(title)} ({done + 1}/{total})…" if title else "Done"
                bar.progress(done / max(total, 1), text=label)

            stale = service.stale_articles(store)
            outcomes = changes(store).reread(
                lambda: service.reread_articles(store, get_pipeline(), stale, progress=progress)
            )
            st.session_state["reread_results"] = outcomes
            bar.empty()
    shown: list[service.RereadOutcome] = st.session_state.get("reread_results") or []
    if shown and not n:
        read = [o for o in shown if not o.error]
        kept = sum(o.corrections for o in read)
        st.success(
            f"Read {len(read)} article{'s' if len(read) != 1 else ''} again: "
            f"{sum(o.n_events for o in read)} events"
            + (f", {kept} correction{'s' if kept != 1 else ''} kept" if kept else "")
            + "."
        )
    for failed in (o for o in shown if o.error):
        st.error(f"Article {failed.article_id} kept its earlier events: {md_text(failed.error)}")


def role_model_section(store: Store) -> None:
    """How sure the role model is, and learning from the roles corrected here (or rolling back)."""
    info = service.role_model_info(store)
    origin = f"retrained here ({md_text(info.version)})" if info.retrained else "as shipped"
    st.caption(
        f"The role model {origin} learned from {info.articles:,} labelled articles"
        + (f" and {info.corrections} of your corrections" if info.corrections else "")
        + f"; held-out F1 {info.held_out_f1:.2f} (places, five folds by article)."
    )
    if st.button(
        f"Learn from {info.pending} role correction{'s' if info.pending != 1 else ''}",
        key="retrain",
        disabled=info.pending == 0,
        help="Retrains the role model with every role corrected in this store (about 10 s). The previous "
        "model is kept to roll back to; stored articles are then offered for reading again.",
    ):
        from extraction.nlp import load_pipeline

        with st.spinner("Retraining the role model…"):
            report = changes(store).retrain(
                lambda: service.retrain_roles(store, load_pipeline(), load_gazetteer())
            )
        flash(
            "success",
            f"Retrained with {report.corrections} corrected place{'s' if report.corrections != 1 else ''} in "
            f"{report.seconds:.0f} s: held-out F1 {report.dev_before:.3f} before, "
            f"{report.dev_after:.3f} after.",
        )
        st.rerun()
    if info.can_roll_back and st.button("Roll back to the previous role model", key="rollback_roles"):
        changes(store).roll_back_model()
        flash("success", "Rolled back to the previous role model.")
        st.rerun()


def articles_section(store: Store) -> None:
    """The stored articles, and removing one. Plain lines, not st.dataframe: the page's first paint
    waits for every lazily loaded element, and the grid's code is over a megabyte."""
    articles = store.articles()
    # One Markdown element, not one per article: every element is a message and a render.
    lines = [
        f"{a.id}\\. {md_text(a.title)} · {md_text(a.published or 'undated')} · {a.n_events} events"
        for a in articles[:MAX_ARTICLES_LISTED]
    ]
    if lines:
        st.markdown("  \n".join(lines))
    if len(articles) > MAX_ARTICLES_LISTED:
        st.caption(f"and {len(articles) - MAX_ARTICLES_LISTED} more (filter by article to find one)")
    titles = {a.id: a.title for a in articles}
    dated = _article_picker("Article to date", titles, "date_article")
    day = st.date_input("Its date", value=None, key="date_value")
    if st.button("Set the date", key="date_go", disabled=dated is None or day is None) and dated is not None:
        changes(store).set_published([dated], day)
        flash("success", f"Article {dated} is now dated {day}.")
        st.rerun()
    picked = _article_picker("Article to remove", titles, "rm_article")
    st.button(
        "Move the article and its events to the trash",
        key="rm_go",
        disabled=picked is None,
        on_click=_remove_article,
        args=(store,),
        help=f"Removed articles can be restored under “Trash” for {TRASH_DAYS} days.",
    )


def _article_picker(label: str, titles: dict[int, str], key: str) -> int | None:
    return st.selectbox(label, list(titles), index=None, format_func=lambda i: titles.get(i, str(i)), key=key)


def _remove_article(store: Store) -> None:
    article_id = st.session_state.get("rm_article")
    if article_id is None:
        return
    try:
        removed = changes(store).remove(article_id)
    except MapError as exc:
        flash("error", str(exc))
        return
    st.session_state["rm_article"] = None
    flash(
        "success", "Article moved to the trash." if removed is not None else "That article was already gone."
    )


def trash_section(store: Store) -> None:
    """Removed articles, restorable for TRASH_DAYS days."""
    store.purge_trash(TRASH_DAYS)
    entries = store.trashed()
    if not entries:
        st.caption(f"Nothing was removed in the last {TRASH_DAYS} days.")
        return
    for entry in entries[:MAX_ARTICLES_LISTED]:
        st.markdown(
            f"{md_text(entry.title)} · {md_text(entry.filename)} · removed {md_text(entry.removed_at[:16])} "
            f"by {md_text(entry.removed_by)}"
        )
        if actor().can_edit:
            st.button("Restore", key=f"restore_{entry.id}", on_click=_restore_article, args=(store, entry.id))


def _restore_article(store: Store, trash_id: int) -> None:
    try:
        article_id = changes(store).restore(trash_id)
    except MapError as exc:
        flash("error", str(exc))
        return
    flash("success", f"Restored as article {article_id}.")


AUDIT_SHOWN = 200


def audit_section(store: Store) -> None:
    """Who changed what, newest first; the whole log as CSV."""
    entries = store.audit_log(limit=AUDIT_SHOWN)
    if not entries:
        st.caption("No changes recorded yet.")
        return
    rows = [
        {"When (UTC)": e.at, "Who": e.actor, "What": e.action, "Details": _audit_detail(e.detail)}
        for e in entries
    ]
    st.dataframe(rows, hide_index=True, width="stretch", key="audit_grid")
    st.download_button(
        "The whole log as CSV",
        data=functools.partial(audit_csv, store),
        file_name="diplomap-audit.csv",
        mime="text/csv",
        key="dl_audit",
        on_click="ignore",
    )


def _audit_detail(detail: Mapping[str, object]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in detail.items())


def audit_csv(store: Store) -> str:
    """Every audit entry as CSV (cells a spreadsheet would run are quoted like the events export)."""
    entries = store.audit_log(limit=10**9)
    return service.rows_csv(
        ["at", "actor", "action", "detail"],
        [[e.at, e.actor, e.action, json.dumps(e.detail, ensure_ascii=False)] for e in entries],
    )


# -- main area ---------------------------------------------------------------------------------


def role_counts(summary: Summary, *, clustered: bool = False) -> None:
    """Events per role on one line (Markdown, not four st.metric: each new element type is more
    script for the browser to fetch and run while the map loads); ``clustered``: the map's points
    are clustered by the server (diplomap.archive), which the line says."""
    counts = summary.roles
    parts = [
        f":{MD_COLOURS[role]}[**{counts[role]:,}**] {COUNT_NOUNS[role][counts[role] != 1]}" for role in ROLES
    ]
    articles, undated, first, last = summary.articles, summary.undated_articles, summary.first, summary.last
    span = "" if not first else f", {first}" if first == last else f", {first} – {last}"
    if undated:  # the dates shown are those of the dated articles only
        span = f" ({undated:,} undated{span and ';' + span[1:]})"
    source = f" — from {articles:,} article{'s' if articles != 1 else ''}{span}" if articles else ""
    how = " — clustered on the server: click a place for its excerpts" if clustered else ""
    st.markdown(" · ".join(parts) + source + how)


def timeline(summary: Summary) -> None:
    """Events per day, stacked by role: an SVG image, not st.bar_chart (see diplomap.timeline)."""
    per_day, undated = summary.per_day, summary.undated
    if not per_day and not undated:
        st.caption("No events to draw a timeline of.")
        return
    roles = [r for r in ROLES if any(r in day for day in per_day.values()) or r in undated]
    series = [Series(r, ROLE_LABELS[r], ROLE_COLOURS[r]) for r in roles]
    svg = timeline_svg(per_day, series, undated=undated)
    st.image(svg, width="stretch", alt="Events per day, by role, and of undated articles")


def map_section(
    store: Store, db: str, version: int, flt: EventFilter, view: ArchiveView | None = None
) -> None:
    """The map; a click on a marker selects its place for the side panel. With ``view`` (a store
    beyond the archive threshold) the server clusters the points and the map fetches tiles."""
    tiles = chosen_tiles()
    built = (
        cached_map(store, db, version, flt, tiles)
        if view is None
        else cached_archive_map(store, db, version, flt, tiles)
    )
    # On every run, not only when the map is built: the file may have been pruned meanwhile.
    publish(built.files, MAP_FILE_DIR)
    if built.tileset is not None:
        publish_tiles(built.tileset, MAP_FILE_DIR, built.tileset_name)
    focus = st.session_state.get("map_focus")
    out = st_folium(
        built.map,
        key="map",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=list(RETURNED_OBJECTS),
        center=focus,
        zoom=FOCUS_ZOOM if focus else None,
    )
    # st_folium returns its last click on every rerun: act only on a click we have not seen.
    seen = repr(sorted((out or {}).items()))
    if seen == st.session_state.get("map_seen"):
        return
    st.session_state["map_seen"] = seen
    if not out or not any(out.get(name) for name in RETURNED_OBJECTS):
        return  # no click yet: the click index is not needed (it costs ~0.2 s at 10,000 events)
    if view is not None and CLUSTER_TOOLTIP.match(str(out.get("last_object_clicked_tooltip") or "")):
        return  # a cluster of the archive map: the map zooms in on it, no place is picked
    index = cached_click_index(store, db, version, flt) if view is None else archive_click_index(view.points)
    click = parse_map_click(out, index)
    if click is not None:
        st.session_state["place_pick"] = click.place_key


CLUSTER_TOOLTIP = re.compile(r"\d+ places · ")


def chosen_tiles() -> TileSource | None:
    """The tile server when the person turned tiles on (``tiles_section``), else None: offline."""
    if not st.session_state.get("tiles_on"):
        return None
    try:
        return tile_source()
    except MapError:
        return None  # tiles_section says why


def tiles_section() -> None:
    """Online tiles are a choice: off, nothing leaves the machine; the offline map stays beneath."""
    try:
        source = tile_source()
    except MapError as exc:
        st.error(str(exc))
        return
    st.toggle(
        f"Map tiles from {md_text(source.host)}",
        key="tiles_on",
        help="Draws the map over tiles fetched from this server (set DIPLOMAP_TILE_URL for an in-house "
        "one). Off, nothing leaves this machine; the offline map of borders stays beneath the tiles.",
    )


# -- export and footer -------------------------------------------------------------------------


# (label, what makes the file from the events, file name, MIME type, widget key)
EXPORTS: tuple[tuple[str, Callable[[list[PlaceEvent]], str | bytes], str, str, str], ...] = (
    ("Events as CSV", service.events_csv, "diplomap-events.csv", "text/csv", "dl_csv"),
    (
        "Events as GeoJSON",
        service.events_geojson,
        "diplomap-events.geojson",
        "application/geo+json",
        "dl_geojson",
    ),
    ("Events as KML", kml.events_kml, "diplomap-events.kml", kml.MIME_TYPE, "dl_kml"),
    (
        "Events as Parquet",
        parquet.events_parquet,
        "diplomap-events.parquet",
        "application/vnd.apache.parquet",
        "dl_parquet",
    ),
    ("Map as standalone HTML", standalone_map_html, "diplomap-map.html", "text/html", "dl_map"),
)


def export_buttons(events: Sequence[PlaceEvent], description: str = "") -> None:
    """Download buttons whose files are made only when clicked; the map says which filters made it."""
    frozen = list(events)
    for column, (label, make, file_name, mime, key) in zip(st.columns(len(EXPORTS)), EXPORTS, strict=True):
        if make is standalone_map_html:
            make = functools.partial(standalone_map_html, title=export_title(frozen), caption=description)
        column.download_button(
            label,
            data=functools.partial(make, frozen),
            file_name=file_name,
            mime=mime,
            key=key,
            on_click="ignore",
        )


def export_title(events: Sequence[PlaceEvent]) -> str:
    """ "diplomap: 12 places from 3 articles (2021-07-01 to 2021-07-13)"."""
    places = len({(e.role, e.place_key) for e in events})
    articles = len({e.article_id for e in events})
    days = sorted(e.published[:10] for e in events if e.published)
    span = f" ({days[0]} to {days[-1]})" if days and days[0] != days[-1] else f" ({days[0]})" if days else ""
    return (
        f"diplomap: {places} place{'s' if places != 1 else ''} from {articles} "
        f"article{'s' if articles != 1 else ''}{span}"
    )


MAX_TABLE_ROWS = 5_000
TABLE_COLUMNS = {  # event field -> column heading, in the order shown
    "published": "Published",
    "role": "Role",
    "place_name": "Place",
    "country_code": "Country",
    "post_type": "Post",
    "owner": "Owner",
    "status": "Status",
    "participants": "Participants",
    "when": "When",
    "article_title": "Article",
    "sentence": "Sentence",
}


def events_table(events: Sequence[PlaceEvent], total: int | None = None) -> None:
    """The events shown, newest article first, as a grid to sort and scan (text is drawn as text);
    ``total``: how many are shown when ``events`` holds only the newest (an archive's table)."""
    ordered = sorted(events, key=lambda e: (e.published or "", e.article_id, e.event_id), reverse=True)
    rows = [
        {heading: _cell(e, name) for name, heading in TABLE_COLUMNS.items()} for e in ordered[:MAX_TABLE_ROWS]
    ]
    st.caption("Click a row to show its place on the map and its excerpts beside it.")
    # What a row stands for, for the click's callback (which runs before this script, so it may
    # still pick the panel's place): the table's rows are this list's positions.
    st.session_state["events_grid_places"] = [(e.place_key, e.lat, e.lon) for e in ordered[:MAX_TABLE_ROWS]]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        key="events_grid",
        on_select=_table_row_picked,
        selection_mode="single-row",
    )
    shown = len(ordered) if total is None else total
    if shown > len(rows):
        st.caption(f"The newest {len(rows):,} of {shown:,} events; the CSV export has them all.")


def _table_row_picked() -> None:
    state = st.session_state.get("events_grid")
    picked = list(state.selection.rows) if state is not None else []
    places = st.session_state.get("events_grid_places") or []
    if picked and 0 <= picked[0] < len(places):
        focus_map(*places[picked[0]])


FOCUS_ZOOM = 7


def focus_map(place_key: str, lat: float, lon: float) -> None:
    """Centre the map on a place (st_folium moves the map; it is not drawn again) and pick that
    place for the panel. Call from a callback: the panel's picker is drawn before the table."""
    n = int(st.session_state.get("map_focus_n", 0)) + 1
    st.session_state["map_focus_n"] = n
    # A new centre each time (by a hair): st_folium moves the map only when the centre changes,
    # and the person may have moved it away since the last row.
    st.session_state["map_focus"] = [lat + n * 1e-9, lon]
    st.session_state["place_pick"] = place_key


_CELL_LABELS = {"role": role_label, "post_type": status_label, "status": status_label}


def _cell(event: PlaceEvent, name: str) -> str:
    if name == "participants":
        return "; ".join(event.participants)
    value = " ".join(str(getattr(event, name) or "").split())
    label = _CELL_LABELS.get(name)
    return label(value) if label and value else value


def attribution() -> None:
    st.caption(ATTRIBUTION)


def db_key(path: Path) -> str:
    return str(path.resolve())
