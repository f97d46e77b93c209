"""Dates in a sentence resolved against the article's date (2021-07-13 was a Tuesday)."""

from datetime import date

import pytest

from extraction.when import resolve_when

PUBLISHED = date(2021, 7, 13)


@pytest.mark.parametrize(
    ("sentence", "value", "precision"),
    [
        ("Jaishankar on Tuesday met his counterpart.", "2021-07-13", "day"),
        ("The group meets tomorrow.", "2021-07-14", "day"),
        ("The spokesman had said on Sunday that it was temporary.", "2021-07-11", "day"),
        ("Last month, the Taliban said so.", "2021-06", "month"),
        ("It was founded at a summit in 2001.", "2001", "year"),
        ("Leaders met on July 13, 2021 in Dushanbe.", "2021-07-13", "day"),
        ("The talks of 12 March 2019 failed.", "2019-03-12", "day"),
        ("Talks resume next Monday.", "2021-07-19", "day"),
        ("A summit was held in March 2020.", "2020-03", "month"),
    ],
)
def test_resolve_when(sentence: str, value: str, precision: str) -> None:
    when = resolve_when(sentence, PUBLISHED)
    assert when is not None and (when.value, when.precision) == (value, precision)


def test_no_date_words_no_date() -> None:
    assert resolve_when("The ministers met in Geneva.", PUBLISHED) is None


def test_relative_words_need_the_article_date() -> None:
    assert resolve_when("They meet tomorrow.", None) is None
