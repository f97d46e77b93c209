"""diplomap: a map of diplomatic posts, meetings and conflict areas read out of news articles.

Run with ``streamlit run app.py``; the article database is ``$DIPLOMAP_DB`` (see diplomap.store).
This script only lays the page out: the pieces are in diplomap/ui.py (sidebar, map, counts, downloads)
and diplomap/ui_panel.py (the place panel), the work in diplomap/service.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import streamlit as st

from diplomap import service, ui, ui_actors, ui_compare, ui_filters, ui_panel
from diplomap.archive import ArchiveView, Summary, archive_threshold
from diplomap.errors import MapError
from diplomap.events import PlaceEvent
from diplomap.reading import reading_version
from diplomap.store import default_db_path

if TYPE_CHECKING:
    from diplomap.pipeline import Pipeline


def main() -> None:
    st.set_page_config(page_title="diplomap", page_icon=":world_map:", layout="wide")
    ui.page_style()
    db_path = default_db_path()
    who = ui.sign_in(db_path)  # stops here until someone is signed in (or refuses to serve)
    st.title("diplomap")
    db = ui.db_key(db_path)
    store = ui.open_store(db)
    cache_path = str(service.geocache_path(db_path))
    cache = ui.open_geocache(cache_path)

    def pipeline() -> Pipeline:
        return ui.load_reading_pipeline(cache_path, reading_version())

    if store.recovery_message:
        st.warning(store.recovery_message)
    with ui.guarded():
        ui.load_sample(store, pipeline)

    # The map goes out first: the browser loads its frame while the rest of the page is drawn.
    version = store.data_version()
    facets = ui_filters.cached_facets(store, db, version)
    ui_filters.open_link(facets)  # a shared link's filters, on a session's first run
    flt = ui_filters.current_filter(facets)
    ui_filters.link_note(flt)
    # Before the map: Streamlit's rewrite of the address then reaches the page before the new map,
    # which puts its view back into the address when drawn.
    ui_filters.write_link(flt)
    # Up to the archive threshold the events are read and the browser clusters them; beyond it
    # (a backfilled archive) the server counts and clusters them (diplomap.archive).
    view: ArchiveView | None = None
    summary, places = Summary.of_events(()), ui_panel.places_of(())
    with ui.guarded():
        if ui.store_events(store, db, version) > archive_threshold():
            view = ui.cached_archive(store, db, version, flt)
            if view.summary.events <= archive_threshold():
                view = None  # narrowed enough to read its events: exact popups, the time window
        if view is not None:
            summary, places = view.summary, (view.names, view.reports)
        else:
            summary, places = (
                ui.cached_summary(store, db, version, flt),
                ui.cached_places(store, db, version, flt),
            )

    def all_events() -> Sequence[PlaceEvent]:
        """The events shown, read when a view that lists them is opened (at once below the threshold)."""
        return ui.cached_events(store, db, version, flt)

    metrics = st.container()
    map_column, panel_column = st.columns([3, 2], gap="medium")
    with map_column, ui.guarded():
        ui.map_section(store, db, version, flt, view)

    with st.sidebar:
        ui.signed_in_box()
        if who.can_edit:  # a viewer reads, filters and exports; the service refuses their changes anyway
            with ui.guarded():
                ui.upload_section(store, db, pipeline)
                ui.reread_section(store, pipeline)
        st.header("Filters")
        shown = ui_filters.filter_section(facets)
        ui.tiles_section()
        if who.can_edit:
            model_box = st.expander("Role model", key="model_box", on_change="rerun")
            if model_box.open:
                with model_box, ui.guarded():
                    ui.role_model_section(store)
            articles_box = st.expander("Stored articles", key="articles_box", on_change="rerun")
            if articles_box.open:  # drawn only when opened: the page's first paint waits for everything
                with articles_box, ui.guarded():
                    ui.articles_section(store)
        trash_box = st.expander("Trash", key="trash_box", on_change="rerun")
        if trash_box.open:
            with trash_box, ui.guarded():
                ui.trash_section(store)
        audit_box = st.expander("Activity (who changed what)", key="audit_box", on_change="rerun")
        if audit_box.open:
            with audit_box, ui.guarded():
                ui.audit_section(store)
    # The data changed while this page ran (an upload, a removal): run again to show it. Not while
    # uploads wait to be read: each article read would start this page over, and a person's typing
    # with it; the page catches up on its next run, and the uploading page's watcher reruns it.
    changed = store.data_version() != version and not store.queued_uploads()
    if changed or shown != flt:
        st.rerun()  # the data changed, or the widgets disagree with their state

    with metrics:
        ui.role_counts(summary, clustered=view is not None)
    with panel_column, ui.guarded():
        ui_panel.place_panel(store, places, cache, pipeline)
    st.subheader("Events per day")
    ui.timeline(summary)
    actors_box = st.expander("Who met whom", key="actors_box", on_change="rerun")
    if actors_box.open:
        with actors_box, ui.guarded():
            ui_actors.actors_view(all_events(), flt.actors or ())
    compare_box = st.expander("Compare countries", key="compare_box", on_change="rerun")
    if compare_box.open:
        with compare_box, ui.guarded():
            ui_compare.compare_view(all_events(), facets.countries)
    table_box = st.expander("The events shown, as a table", key="table_box", on_change="rerun")
    if table_box.open:  # the grid's code is large: loaded only when asked for
        with table_box:
            if view is None:
                ui.events_table(all_events())
            else:  # the newest rows only, by id: reading every event took seconds at a million
                ui.events_table(store.events_with_ids(view.newest.tolist()), total=summary.events)
    export_box = st.expander("Export the events shown", key="export_box", on_change="rerun")
    if export_box.open:  # built only when opened, like the stored articles
        with export_box, ui.guarded():
            ui.export_buttons(all_events(), ui_filters.describe(flt, facets))
    ui.attribution()


try:
    main()
except MapError as exc:  # our own errors only: anything else is a bug and should show as one
    st.error(str(exc))
