"""Eight-bit Latin text: Western, Central European and Turkish Windows pages told apart by words.

The sentences are our own, written for these tests.
"""

from __future__ import annotations

import pytest

from extraction.latin import implausible_words, latin_page, letters_outside_one_language
from extraction.reader import decode_text

SENTENCES = [
    pytest.param(
        "Minister spraw zagranicznych spotkał się w Łodzi z ambasadorem Węgier. Rozmowy dotyczyły "
        "współpracy i bezpieczeństwa w regionie oraz sytuacji na granicy z Białorusią.",
        "cp1250",
        id="polish-cp1250",
    ),
    pytest.param(
        "Ministr zahraničí přijel do Prahy, kde se setkal s velvyslancem Rakouska. Jednání se "
        "týkala spolupráce a bezpečnosti v regionu střední Evropy.",
        "cp1250",
        id="czech-cp1250",
    ),
    pytest.param(
        "Dışişleri Bakanı Ankara'da İran büyükelçisiyle görüştü. Görüşmede bölgesel güvenlik ve iki "
        "ülke arasındaki ticaret ele alındı.",
        "cp1254",
        id="turkish-cp1254",
    ),
    # Every word reads as one Icelandic could write in cp1252 ("dýþ", "deðiþti"): the text tells.
    pytest.param(
        "Türkiye'nin dış politikası bu yıl çok değişti, dedi bakan yardımcısı.",
        "cp1254",
        id="turkish-words-alike-cp1254",
    ),
    pytest.param("Ministar Kovačević sastao se s veleposlanikom u Zagrebu.", "cp1250", id="croatian-cp1250"),
    pytest.param(
        "Ministrul de externe s-a întâlnit la Bucureşti cu ambasadorul.", "cp1250", id="romanian-cp1250"
    ),
    # English naming an Icelander: read in cp1254 its letters are all Turkish (ğ, ü, ç), but one
    # word in eight with ð is too few to tell, and in a short text one letter is too few.
    pytest.param(
        "“We stay,” said Guðmundsson and Sigurðsson, the envoys, before flying from Zürich to meet the "
        "Curaçao delegation.",
        "cp1252",
        id="english-icelandic-name-cp1252",
    ),
    pytest.param("Guðmundsson landed in Zürich.", "cp1252", id="english-short-icelandic-name-cp1252"),
    pytest.param(
        "Þingið samþykkti í gær að styðja yfirlýsinguna um öryggi.", "cp1252", id="icelandic-thorn-cp1252"
    ),
    pytest.param(
        "Le ministre des Affaires étrangères a rencontré à Paris l'ambassadeur d'Espagne ; la "
        "coopération et la sécurité étaient au cœur des discussions.",
        "cp1252",
        id="french-cp1252",
    ),
    pytest.param(
        "Der Außenminister traf in München den Botschafter Österreichs; es ging um Zusammenarbeit.",
        "cp1252",
        id="german-cp1252",
    ),
    pytest.param(
        "El ministro se reunió en Bogotá con la embajadora de España y habló de la cooperación.",
        "cp1252",
        id="spanish-cp1252",
    ),
    pytest.param(
        "“India evacuated its consulate in Kandahar,” the ministry said — a ‘temporary’ measure; "
        "the café near the embassy in Zürich didn’t close.",
        "cp1252",
        id="english-cp1252",
    ),
    pytest.param(
        "Utanríkisráðherra Íslands fór til Þórshafnar og hitti sendiherra Danmerkur í gær.",
        "cp1252",
        id="icelandic-cp1252",
    ),
]


@pytest.mark.parametrize(("text", "page"), SENTENCES)
def test_each_page_is_recognised_and_decoded(text: str, page: str) -> None:
    data = text.encode(page)
    assert latin_page(data) == page
    assert decode_text(data) == text


def test_words_that_mix_languages_or_hold_signs_are_implausible() -> None:
    assert implausible_words("spotka³ z Bia³orusi¹") == 2  # Polish read as cp1252
    assert implausible_words("görüþtü") == 1  # ö and ü with Icelandic þ
    assert implausible_words("støední") == 1  # Danish ø with Czech í
    assert implausible_words("Søren in Zürich, São Tomé, Curaçao and “Noël”") == 0
    assert implausible_words("25°C, km² and Microsoft™") == 2  # km², Microsoft™: alike in every page


def test_ordinal_signs_inside_a_word_are_implausible_but_not_after_one() -> None:
    assert implausible_words("Bucureºti") == 1  # Romanian ş read as cp1252
    assert implausible_words("nº 5, 1ª, Nº") == 0  # Spanish and Portuguese abbreviations


def test_letters_outside_one_language_counts_what_the_main_language_lacks() -> None:
    assert letters_outside_one_language("Türkiye dýþ deðiþti") == 1  # Icelandic has ý þ ð, not ü
    assert letters_outside_one_language("Türkiye dış değişti") == 0  # all Turkish
    assert letters_outside_one_language("crème brûlée à la française") == 0
    # French read as cp1250: Slovak, the best fit (č, ŕ, é), still lacks ű and ç
    assert letters_outside_one_language("crčme brűlée ŕ la française") == 2
    assert letters_outside_one_language("no accents, 25°C, €5") == 0
