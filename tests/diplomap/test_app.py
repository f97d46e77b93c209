"""The dashboard under Streamlit's AppTest: a real script run against a real database per test.

The map itself is a custom component AppTest cannot see; tests/browser/test_app_browser.py drives it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from diplomap import service, ui, ui_text
from diplomap.errors import StoreError
from diplomap.events import PlaceEvent
from diplomap.store import Store
from extraction.types import Article
from geo.cache import GeoCache

APP = Path(__file__).resolve().parents[2] / "app.py"
KANDAHAR = "gn:1138336"
PARIS_TEXT = (
    b"Norway closes its embassy in Paris\n\nNorway closed its embassy in Paris on Monday, officials said.\n"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "diplomap.db"
    monkeypatch.setenv("DIPLOMAP_DB", str(path))
    return path


@pytest.fixture
def at(db: Path) -> Iterator[AppTest]:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert not app.exception
    yield app


def counts(app: AppTest) -> dict[str, int]:
    """The role counts line (":blue[**3**] diplomatic-post reports · ...") by role label."""
    line = next(m.value for m in app.markdown if "conflict report" in m.value and "**" in m.value)
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\*\*([\d,]+)\*\*", line)]
    return {ui_text.ROLE_LABELS[role]: n for role, n in zip(service.ROLES, numbers, strict=True)}


def markdown_text(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)


def test_first_start_loads_the_sample(at: AppTest) -> None:
    shown = counts(at)
    assert shown["Diplomatic posts"] >= 1 and shown["Meetings"] >= 1 and shown["Conflict areas"] >= 1
    assert shown["Other mentions"] == 0  # mentions are off by default
    assert any(m.value.endswith("— from 1 article, 2021-07-13") for m in at.markdown)
    assert any("GeoNames" in c.value and "CC BY 4.0" in c.value for c in at.caption)
    assert not at.error and not at.warning


def test_showing_only_posts_changes_the_counts(at: AppTest) -> None:
    before = counts(at)
    at.multiselect(key="f_roles").set_value(["diplomatic_post"]).run()
    assert not at.exception
    after = counts(at)
    assert after["Diplomatic posts"] == before["Diplomatic posts"]
    assert after["Meetings"] == 0 and after["Conflict areas"] == 0


def test_mentions_can_be_switched_on(at: AppTest) -> None:
    at.multiselect(key="f_roles").set_value(list(service.ROLES)).run()
    assert counts(at)["Other mentions"] >= 10


def test_search_narrows_the_events(at: AppTest) -> None:
    before = sum(counts(at).values())
    at.text_input(key="f_search").input("Kandahar").run()
    assert not at.exception
    found = counts(at)
    assert 0 < sum(found.values()) < before and found["Diplomatic posts"] >= 1
    at.text_input(key="f_search").input("no such place anywhere").run()
    assert sum(counts(at).values()) == 0


def test_posts_of_one_country_are_picked_by_owner(at: AppTest, db: Path) -> None:
    assert at.multiselect(key="f_owners").options == ["India (IN)"]  # the sample's posts are all India's
    with Store.open(db) as store:
        kandahar = next(e for e in store.events_at(KANDAHAR) if e.role == "diplomatic_post")
        paris = dataclasses.replace(
            kandahar,
            owner="NO",
            place_key="gn:2988507",
            place_name="Paris",
            mention_text="Paris",
            country_code="FR",
        )
        article = Article(
            "Norway closed its embassy in Paris.", "Paris", None, "test", "h-paris", "p.txt", "txt"
        )
        store.add_article(article, [paris])
    at.run()
    assert at.multiselect(key="f_owners").options == ["India (IN)", "Norway (NO)"]
    at.multiselect(key="f_owners").set_value(["NO"]).run()
    assert not at.exception
    assert counts(at)["Diplomatic posts"] == 1 and counts(at)["Meetings"] >= 1  # meetings stay
    assert "Paris" in at.selectbox(key="place_pick").options


def test_post_status_filter_keeps_the_evacuated_consulate(at: AppTest) -> None:
    at.multiselect(key="f_status").set_value(["evacuated"]).run()
    assert not at.exception
    assert counts(at)["Diplomatic posts"] >= 1
    places = at.selectbox(key="place_pick").options
    assert "Kandahār" in places and "Kabul" not in places  # Kabul's embassy is operating


def test_the_events_shown_are_a_table_when_asked_for(at: AppTest) -> None:
    assert len(at.dataframe) == 0, "the closed expander draws nothing"
    at.session_state["table_box"] = True  # what opening the expander does
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == sum(counts(at).values())
    kandahar = table[(table["Place"] == "Kandahār") & (table["Role"] == "Diplomatic post")]
    assert set(kandahar["Status"]) == {"Evacuated"} and set(kandahar["Owner"]) == {"IN"}
    assert set(kandahar["Post"]) == {"Consulate"}
    at.text_input(key="f_search").input("Dushanbe").run()
    assert set(at.dataframe[0].value["Place"]) <= {"Dushanbe", "Afghanistan", "Kandahār"}


def test_export_buttons_are_offered(at: AppTest) -> None:
    assert not at.download_button, "the closed expander builds nothing"
    at.session_state["export_box"] = True  # what opening the expander does
    at.run()
    assert {b.key for b in at.download_button} >= {"dl_csv", "dl_geojson", "dl_kml", "dl_map"}


def test_picking_a_place_lists_its_excerpts_with_the_mention_in_bold(at: AppTest) -> None:
    at.selectbox(key="place_pick").set_value(KANDAHAR).run()
    assert not at.exception
    assert at.subheader[0].value == "Kandahār"
    text = markdown_text(at)
    assert "**Kandahar**" in text and "evacuated" in text
    assert any(e.label == "Read the whole article" for e in at.expander)


def test_the_whole_article_is_read_only_when_its_reader_is_opened(at: AppTest, db: Path) -> None:
    with Store.open(db) as store:
        (article,) = store.articles()
        whole = store.article_text(article.id)
    tail = ui_text.md_text(whole.split()[-1])  # the last word: only the whole text has it
    at.selectbox(key="place_pick").set_value(KANDAHAR).run()
    assert tail not in markdown_text(at)
    at.session_state[f"article_{KANDAHAR}_{article.id}"] = True  # what opening the reader does
    at.run()
    assert not at.exception
    assert tail in markdown_text(at)


def test_upload_reports_each_file_and_is_not_read_twice(at: AppTest, db: Path) -> None:
    sample = service.SAMPLE_PATH.read_bytes()
    at.file_uploader(key="uploads").set_value(
        [
            ("paris.txt", PARIS_TEXT, "text/plain"),
            ("sample.txt", sample, "text/plain"),
            ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "text/plain"),
            ("empty.txt", b"", "text/plain"),
        ]
    ).run()
    assert not at.exception
    lines = markdown_text(at)
    assert "**1 added, 1 duplicate, 2 refused**" in lines  # the batch at a glance, first
    assert lines.index("1 added, 1 duplicate") < lines.index("paris\\.txt")
    assert "**paris\\.txt** · added" in lines
    assert "**sample\\.txt** · duplicate" in lines
    assert "**image\\.txt** · refused (binary)" in lines
    assert "**empty\\.txt** · refused (empty)" in lines
    with Store.open(db) as store:
        assert len(store.articles()) == 2
    at.run()  # a rerun with the same files still in the uploader reads nothing again
    with Store.open(db) as store:
        assert len(store.articles()) == 2
        version = store.data_version()
    at.text_input(key="f_search").input("Paris").run()
    assert counts(at)["Diplomatic posts"] >= 1
    with Store.open(db) as store:
        assert store.data_version() == version


def test_undated_articles_stay_when_the_dates_are_narrowed_unless_switched_off(at: AppTest, db: Path) -> None:
    later = b"date 2021-08-20\nNorway closed its embassy in Oslo\n\nKenya closed its embassy in Rome.\n"
    at.file_uploader(key="uploads").set_value(
        [("paris.txt", PARIS_TEXT, "text/plain"), ("rome.txt", later, "text/plain")]
    ).run()
    assert not at.exception
    assert "3 articles (1 undated; 2021-07-13 – 2021-08-20)" in markdown_text(at)
    assert at.toggle(key="f_undated").label == "Include undated articles (1)"
    (dates,) = [d for d in at.date_input if d.key and d.key.startswith("f_dates_")]
    dates.set_value((date(2021, 8, 1), date(2021, 8, 20))).run()
    assert not at.exception
    assert "from 2 articles (1 undated; 2021-08-20)" in markdown_text(at)  # Rome, and Paris undated
    at.toggle(key="f_undated").set_value(False).run()
    assert "from 1 article, 2021-08-20" in markdown_text(at)


def test_an_uploads_undated_articles_and_a_single_article_can_be_dated(at: AppTest, db: Path) -> None:
    at.file_uploader(key="uploads").set_value([("paris.txt", PARIS_TEXT, "text/plain")]).run()
    assert at.button(key="upload_date_go").disabled  # no date picked yet
    at.date_input(key="upload_date").set_value(date(2024, 3, 4)).run()
    at.button(key="upload_date_go").click().run()
    assert not at.exception
    with Store.open(db) as store:
        assert {a.title: a.published for a in store.articles()}[
            "Norway closes its embassy in Paris"
        ] == "2024-03-04"
        sample_id = next(a.id for a in store.articles() if a.published == "2021-07-13")
    assert "upload_date" not in {d.key for d in at.date_input}  # nothing undated is left
    at.session_state["articles_box"] = True  # what opening the expander does
    at.run()
    at.selectbox(key="date_article").set_value(sample_id).run()
    at.date_input(key="date_value").set_value(date(2021, 7, 14)).run()
    at.button(key="date_go").click().run()
    assert not at.exception
    with Store.open(db) as store:
        assert store.article(sample_id).published == "2021-07-14"


def test_a_syndicated_copy_of_a_stored_article_is_a_duplicate(at: AppTest, db: Path) -> None:
    sample = service.SAMPLE_PATH.read_text(encoding="utf-8")
    copy = f"PTI | Updated: July 13, 2021\nShare this article\n{sample}\nSubscribe to our newsletter.\n"
    at.file_uploader(key="uploads").set_value([("copy.txt", copy.encode(), "text/plain")]).run()
    assert not at.exception
    line = next(m.value for m in at.markdown if "copy\\.txt" in m.value)
    assert "· duplicate" in line and "Nearly the same text as the stored" in line and "alike" in line
    with Store.open(db) as store:
        assert len(store.articles()) == 1


def test_changing_a_role_in_the_panel(at: AppTest, db: Path) -> None:
    with Store.open(db) as store:
        event = next(e for e in store.events_at(KANDAHAR) if e.role == "diplomatic_post")
    at.selectbox(key="place_pick").set_value(KANDAHAR).run()
    at.toggle(key="fix_on").set_value(True).run()
    at.selectbox(key=f"fix_event_{KANDAHAR}").set_value(event.event_id).run()
    at.selectbox(key=f"fix_role_{event.event_id}").set_value("meeting").run()
    at.button(key=f"fix_role_go_{event.event_id}").click().run()
    assert not at.exception
    assert any("Role changed" in s.value for s in at.success)
    with Store.open(db) as store:
        assert next(e for e in store.events() if e.event_id == event.event_id).role == "meeting"


def test_a_corrected_role_is_learned_by_the_role_model_from_the_sidebar(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIPLOMAP_MODEL_DIR", str(tmp_path / "model"))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.run()
    at.session_state["model_box"] = True  # what opening the expander does
    at.run()
    assert at.button(key="retrain").disabled  # nothing corrected yet
    assert any("as shipped" in c.value for c in at.caption)
    with Store.open(db) as store:
        event = next(e for e in store.events_at(KANDAHAR) if e.role == "diplomatic_post")
        service.correct_role(store, event.event_id, "conflict")
    at.run()
    at.button(key="retrain").click().run()
    assert not at.exception
    assert any("Retrained with 1 corrected place" in s.value for s in at.success)
    assert (tmp_path / "model" / "model.json").exists()
    assert any("retrained here" in c.value for c in at.caption)
    assert any("read by an earlier version" in i.value for i in at.info)  # the new reader re-reads
    at.button(key="rollback_roles").click().run()
    assert not (tmp_path / "model" / "model.json").exists()
    assert any("as shipped" in c.value for c in at.caption)


def test_moving_an_event_to_another_gazetteer_place(at: AppTest, db: Path) -> None:
    with Store.open(db) as store:
        event = next(e for e in store.events_at(KANDAHAR) if e.role == "diplomatic_post")
    at.selectbox(key="place_pick").set_value(KANDAHAR).run()
    at.toggle(key="fix_on").set_value(True).run()
    at.selectbox(key=f"fix_event_{KANDAHAR}").set_value(event.event_id).run()
    choice = next(s for s in at.selectbox if s.key and s.key.startswith(f"fix_choice_{event.event_id}_"))
    assert choice.value is None and at.button(key=f"fix_place_go_{event.event_id}").disabled  # nothing chosen
    assert at.radio(key=f"fix_scope_{event.event_id}").value is False  # this mention only, by default
    province = next(i for i, label in enumerate(choice.options) if "— region in Afghanistan" in label)
    choice.set_value(province).run()
    at.button(key=f"fix_place_go_{event.event_id}").click().run()
    assert not at.exception
    assert any("Moved to" in s.value and "from now on" not in s.value for s in at.success)
    moved_to = at.selectbox(key="place_pick").value
    assert moved_to not in (None, KANDAHAR)
    with Store.open(db) as store:
        assert event.event_id in {e.event_id for e in store.events_at(moved_to)}
    with GeoCache(service.geocache_path(db)) as cache:
        assert cache.get_override("Kandahar") is None  # not pinned for other articles

    at.selectbox(key="place_pick").set_value(moved_to).run()
    moved = next(s for s in at.selectbox if s.key == f"fix_event_{moved_to}")
    moved.set_value(event.event_id).run()
    at.button(key=f"fix_undo_{event.event_id}").click().run()
    assert not at.exception
    assert any("Undid" in s.value and "read again" in s.value for s in at.success)
    with Store.open(db) as store:
        kandahar_posts = [e for e in store.events_at(KANDAHAR) if e.role == "diplomatic_post"]
        assert event.sentence in {e.sentence for e in kandahar_posts}  # back where the reader put it
        assert store.corrections() == []


def test_a_placement_for_everywhere_pins_the_name_for_later_articles(at: AppTest, db: Path) -> None:
    with Store.open(db) as store:
        event = next(e for e in store.events_at(KANDAHAR) if e.role == "diplomatic_post")
    at.selectbox(key="place_pick").set_value(KANDAHAR).run()
    at.toggle(key="fix_on").set_value(True).run()
    at.selectbox(key=f"fix_only_{KANDAHAR}").set_value("diplomatic_post").run()  # narrowed to one role
    events = at.selectbox(key=f"fix_event_{KANDAHAR}")
    assert events.options and all(label.startswith("Diplomatic post") for label in events.options)
    events.set_value(event.event_id).run()
    choice = next(s for s in at.selectbox if s.key and s.key.startswith(f"fix_choice_{event.event_id}_"))
    choice.set_value(next(i for i, label in enumerate(choice.options) if "— region in" in label)).run()
    at.radio(key=f"fix_scope_{event.event_id}").set_value(True).run()
    at.button(key=f"fix_place_go_{event.event_id}").click().run()
    assert any("from now on" in s.value for s in at.success)
    with GeoCache(service.geocache_path(db)) as cache:
        pinned = cache.get_override("Kandahar")
        assert pinned is not None and pinned.kind == "region"


def test_removing_the_article_empties_the_map(at: AppTest, db: Path) -> None:
    with Store.open(db) as store:
        (article,) = store.articles()
    assert "rm_article" not in {s.key for s in at.selectbox}, "the closed expander draws nothing"
    at.session_state["articles_box"] = True  # what opening the expander does
    at.run()
    assert f"{article.id}\\. " in markdown_text(at)  # the list of stored articles
    at.selectbox(key="rm_article").set_value(article.id).run()
    at.button(key="rm_go").click().run()
    assert not at.exception
    assert sum(counts(at).values()) == 0
    at.run()
    assert sum(counts(at).values()) == 0  # the sample is not loaded again
    # the message outlives a rerun the map causes when it is drawn again, but not FLASH_SECONDS
    assert [s.value for s in at.success] == ["Article moved to the trash."]
    kind, text, since = at.session_state["flash"]
    at.session_state["flash"] = (kind, text, since - ui.FLASH_SECONDS - 1)
    at.run()
    assert not at.success


def test_articles_an_earlier_reader_read_are_offered_to_read_again(at: AppTest, db: Path) -> None:
    assert "reread" not in {b.key for b in at.button}, "the sample was just read by this reader"
    with Store.open(db) as store:
        (article,) = store.articles()
        post = next(e for e in store.events_at(KANDAHAR) if e.role == "diplomatic_post")
        store.correct_event(post.event_id, role="meeting")
        store.replace_events(article.id, [post], reading="an earlier reader")  # what an old reader left
    at.run()
    assert any("1 stored article was read by an earlier version" in i.value for i in at.info)
    assert sum(counts(at).values()) == 1
    at.button(key="reread").click().run()
    assert not at.exception and not at.error
    assert "reread" not in {b.key for b in at.button}
    assert any(re.search(r"Read 1 article again: \d+ events, 1 correction kept", s.value) for s in at.success)
    shown = counts(at)
    assert shown["Diplomatic posts"] >= 6 and shown["Conflict areas"] >= 1
    with Store.open(db) as store:
        kept = [e for e in store.events_at(KANDAHAR) if e.sentence == post.sentence]
        assert [e.role for e in kept if e.mention_start == post.mention_start] == ["meeting"]


def test_many_articles_to_read_again_point_to_the_command_line(at: AppTest, db: Path) -> None:
    from diplomap.ui import MANY_TO_REREAD

    with Store.open(db) as store:
        for i in range(MANY_TO_REREAD + 1):  # the sample itself was read by this reader
            text = f"Note {i} on Kabul."
            store.add_article(Article(text, text, None, "test", f"h{i}", "n.txt", "txt"), [], reading="old")
    at.run()
    (notice,) = [i.value for i in at.info if "earlier version" in i.value]
    assert (
        notice.startswith(f"{MANY_TO_REREAD + 1:,} stored articles were read") and "cli.py reread" in notice
    )


def test_a_damaged_database_is_set_aside_with_a_warning(db: Path) -> None:
    db.write_bytes(b"this is not an SQLite database, it is not anything" * 100)
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert not app.exception
    assert any("damaged" in w.value for w in app.warning)
    assert counts(app)["Diplomatic posts"] >= 1  # a new store, with the sample


def test_our_errors_show_as_messages_and_the_rest_keeps_working(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> list[object]:
        raise StoreError("could not read the database: disk I/O error")

    monkeypatch.setattr(service, "filtered_events", broken)
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert not app.exception
    assert {e.value for e in app.error} == {"could not read the database: disk I/O error"}
    assert app.multiselect(key="f_roles") is not None
    assert any("GeoNames" in c.value for c in app.caption)


# -- the safe-text helpers the panel is built from ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        "![pic](http://example.com/x.png) [link](javascript:alert(1))",
        ":red[boom] $x^2$ `code` *em* _u_ # head",
        "1. item\n- bullet\n> quote\n    indented code",
        "${alert(1)} {{ 7*7 }} &amp; \\ backslash",
    ],
)
def test_md_text_escapes_every_markup_character(text: str) -> None:
    escaped = ui_text.md_text(text)
    unescaped = escaped.replace("\\", "")
    assert unescaped == " ".join(text.split()).replace("\\", "")
    for char in "<>[]()!*_`$:#&{}":
        assert char not in escaped.replace("\\" + char, "")


def test_md_marked_bolds_only_the_mention() -> None:
    text = "Fighting near Kandahar's airport.\n\nThe *consulate* closed."
    start = text.index("Kandahar")
    marked = ui_text.md_marked(text, [(start, start + len("Kandahar"))])
    assert marked == "Fighting near **Kandahar**\\'s airport\\.\n\nThe \\*consulate\\* closed\\."


def test_the_place_picker_offers_the_most_reported_places_and_the_current_one() -> None:
    from collections import Counter

    from diplomap.ui_panel import MAX_PLACES_PICKED, picker_options

    names = {f"p{i:05d}": f"Place {i:05d}" for i in range(MAX_PLACES_PICKED + 50)}
    reports = Counter({key: 1 + i % 7 for i, key in enumerate(names)})
    few = dict(list(names.items())[:10])
    assert picker_options(few, reports, None) == sorted(few)  # a short list is offered whole
    offered = picker_options(names, reports, "p00000")
    assert len(offered) == MAX_PLACES_PICKED + 1 and "p00000" in offered  # p00000 has 1 report
    least_in_list = min(reports[k] for k in offered if k != "p00000")
    assert all(reports[k] <= least_in_list for k in names if k not in offered)
    assert offered == sorted(offered, key=lambda k: names[k])  # by name


def test_events_to_correct_are_told_apart_by_the_words_around_the_mention() -> None:
    from diplomap.ui_panel import _event_choice_label

    def at(sentence: str, mention: str, role: str) -> str:
        start = sentence.index(mention)
        event = PlaceEvent(
            article_id=1, article_title="One long article title that every event of it shares",
            published="2021-07-13", event_id=1, place_key=KANDAHAR, place_name="Kandahār",
            mention_text=mention, lat=31.6, lon=65.7, kind="city", country_code="AF", role=role,
            sentence=sentence, mention_start=start, mention_end=start + len(mention), confidence=0.8,
        )  # fmt: skip
        return _event_choice_label(event)

    text = "On Sunday all staff left its consulate in Kandahar, the ministry said on Sunday evening."
    first = at(text, "Kandahar", "mention")
    assert first.startswith("Mention · “…staff left its consulate in Kandahar, the ministry said on…” · One")
    whole = at("Kandahar consulate closed.", "Kandahar", "diplomatic_post")
    assert whole.startswith("Diplomatic post · “Kandahar consulate closed.” · ")


def test_the_filters_are_described_for_an_exported_map() -> None:
    from diplomap.service import EventFilter
    from diplomap.ui_filters import Facets, describe

    facets = Facets(["AF"], ["IN"], {1: "t"}, (date(2021, 7, 1), date(2021, 7, 13)), undated=2)
    everything = "Showing: Diplomatic posts, Meetings, Conflict areas, Other mentions"
    assert describe(EventFilter(), facets) == everything
    narrowed = EventFilter(
        roles=("diplomatic_post",),
        countries=("AF",),
        date_from=date(2021, 7, 5),
        date_to=date(2021, 7, 13),
        search="Kandahar",
        uncertain=False,
    )
    assert describe(narrowed, facets) == (
        "Showing: Diplomatic posts · published 2021-07-05 to 2021-07-13 (and undated articles) · "
        "countries: Afghanistan (AF) · search: “Kandahar” · uncertain roles hidden"
    )


def test_a_shared_link_opens_with_its_filters_and_a_filter_change_rewrites_it(db: Path) -> None:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params.update({"show": "meeting", "country": "tj", "view": "38.5,68.8,7"})
    app.run()
    assert not app.exception and not app.info
    assert app.multiselect(key="f_roles").value == ["meeting"]
    assert app.multiselect(key="f_countries").value == ["TJ"]
    assert counts(app)["Meetings"] >= 1 and counts(app)["Diplomatic posts"] == 0
    app.toggle(key="f_uncertain").set_value(False).run()
    assert dict(app.query_params) == {
        "show": "meeting",
        "country": "TJ",
        "uncertain": "0",
        "view": "38.5,68.8,7",
    }


def test_a_link_with_nonsense_opens_the_default_view_and_says_what_was_left_out(db: Path) -> None:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params.update(
        {"show": "<script>alert(1)</script>", "country": "ZZ", "from": "yesterday", "zap": "1"}
    )
    app.run()
    assert not app.exception
    assert app.multiselect(key="f_roles").value == ["diplomatic_post", "meeting", "conflict"]
    assert app.multiselect(key="f_countries").value == []
    assert [i.value for i in app.info] == [
        "Parts of this link were not understood and were left out: “show”, “country”, “from”, "
        "1 unknown parameter."
    ]
    assert dict(app.query_params) == {}  # the address is the default one again
    app.text_input(key="f_search").input("Kandahar").run()
    assert not app.info and dict(app.query_params) == {"q": "Kandahar"}
