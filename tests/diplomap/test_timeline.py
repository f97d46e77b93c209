"""The events-per-day timeline SVG: bars stacked by role, a sensible scale, nothing but numbers and labels."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from diplomap.timeline import Series, _nice_ceiling, timeline_svg

SERIES = [Series("diplomatic_post", "Diplomatic posts", "#1565c0"), Series("meeting", "Meetings", "#6a1b9a")]
NS = "{http://www.w3.org/2000/svg}"


def bars(svg: str) -> list[dict[str, Any]]:
    """The bars' x, y, height and fill; the legend's swatches, at the top, are left out."""
    drawn = []
    for rect in ET.fromstring(svg).iter(f"{NS}rect"):
        box = {name: float(rect.get(name, 0)) for name in ("x", "y", "height")}
        if box["y"] > 20:
            drawn.append({**box, "fill": rect.get("fill")})
    return drawn


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{NS}text")]


def test_each_day_is_one_bar_stacked_in_series_order() -> None:
    svg = timeline_svg(
        {"2021-08-15": {"diplomatic_post": 3, "meeting": 1}, "2021-08-20": {"meeting": 2}}, SERIES
    )
    drawn = bars(svg)
    assert [b["fill"] for b in drawn] == ["#1565c0", "#6a1b9a", "#6a1b9a"]
    post, meeting, later = drawn
    assert post["x"] == meeting["x"] < later["x"]
    assert post["height"] == pytest.approx(3 * meeting["height"])  # one scale for all bars
    assert later["height"] == pytest.approx(2 * meeting["height"])
    assert meeting["y"] + meeting["height"] == pytest.approx(post["y"])  # stacked on top of the posts
    labels = texts(svg)
    assert labels[:4] == ["0", "2", "5", "Events"]  # 4 events at most: the axis ends at 5
    assert {"Aug 15", "Aug 20", "Article date", "Diplomatic posts", "Meetings"} <= set(labels)


def test_a_year_is_labelled_by_month_and_bad_days_are_left_out() -> None:
    per_day = {f"2021-{m:02d}-10": {"diplomatic_post": m} for m in range(1, 13)}
    svg = timeline_svg({**per_day, "not a date": {"diplomatic_post": 99}}, SERIES)
    labels = texts(svg)
    assert "Feb 2021" in labels and "Dec 2021" in labels and "99" not in labels
    assert len(bars(svg)) == 12
    assert "20" in labels  # 12 rounds up to 20 on the axis


def test_labels_are_escaped_and_nothing_else_is_text() -> None:
    svg = timeline_svg({"2021-01-01": {"x": 1}}, [Series("x", "<b>&</b>", "#000")])
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in svg and "<b>" not in svg
    assert not re.search(r"<(script|foreignObject|image|a)\b", svg)
    assert bars(timeline_svg({}, SERIES)) == []


def test_nice_ceiling() -> None:
    assert [_nice_ceiling(v) for v in (0, 1, 3, 7, 12, 150, 1000)] == [1, 1, 5, 10, 20, 200, 1000]


def test_undated_articles_get_a_bar_of_their_own_on_the_same_scale() -> None:
    svg = timeline_svg({"2021-08-15": {"meeting": 1}}, SERIES, undated={"diplomatic_post": 4, "meeting": 2})
    dated, undated_post, undated_meeting = bars(svg)
    assert undated_post["x"] > dated["x"] and undated_post["x"] == undated_meeting["x"]
    assert undated_post["height"] == pytest.approx(4 * dated["height"])
    assert "undated" in texts(svg) and texts(svg)[:4] == ["0", "5", "10", "Events"]  # 6 at most


def test_only_undated_articles_still_make_a_chart() -> None:
    svg = timeline_svg({}, SERIES, undated={"meeting": 3})
    assert [b["fill"] for b in bars(svg)] == ["#6a1b9a"]
    assert "undated" in texts(svg) and "Article date" not in texts(svg)
