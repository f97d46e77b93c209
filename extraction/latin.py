"""Which Windows code page an eight-bit Latin text is in: Western (cp1252), Central European
(cp1250) or Turkish (cp1254).

The three read ASCII alike and differ in their letters, and every byte above 0x9F is a letter or a
sign in each of them, so no byte tells. Words do: read in the wrong page, a word mixes letters no
single language uses together ("görüþtü": ö and ü are Turkish or German, þ Icelandic; "støední":
ø Danish, í Czech) or has a sign inside it ("spotka³" for Polish "spotkał"). Each page's reading
is scored by how many such words it makes, and the fewest wins; on a tie the Western page does,
so text that reads alike in all three (most English, French, Spanish, German) keeps cp1252.

The Turkish page differs from the Western one in six letters only (ğ ı ş Ğ İ Ş where cp1252 has
Icelandic ð ý þ Ð Ý Þ), so Turkish words often read as words Icelandic could write ("dýþ",
"deðiþti"). There the whole text tells, when a fifth of its words hold one of the six (Turkish,
not English with an Icelandic name) and, read in cp1252, its letters fit one language worse by
at least two than read in cp1254: Icelandic has ð, ý and þ but no "ü" or "ç" for the other words.

Known limits: Czech or Slovak text whose words never mix tell-tale letters reads as cp1252, and
so does Turkish text too short to tell ("Dışişleri Bakanı konuştu", nothing but ý and þ).
"""

from __future__ import annotations

import unicodedata
from collections import Counter

PAGES = ("cp1252", "cp1250", "cp1254")  # the preferred page first
SAMPLE_BYTES = 64 * 1024
_EDGE_PUNCTUATION = "\"'“”‘’„«»‹›()[]{}.,;:!?…—–-/*&%+=<>|"
TURKISH_OR_ICELANDIC = frozenset("ðýþÐÝÞ")  # cp1252's reading of the six letters only cp1254 has
MIN_WORDS_WITH_THEM = 0.2  # Turkish: a quarter to a half of the words have ı, ş, ğ or İ
MIN_LETTERS_MORE_OUTSIDE = 2  # one stray letter is a name ("Guðmundsson landed in Zürich")
_ORDINALS = "ªº"  # letters to Unicode, yet signs inside a word: "Bucureºti" is cp1250's "Bucureşti"

_LANGUAGES: dict[str, str] = {
    # letter: the languages written with it (only those these three pages cover)
    "é": "fr es pt it ca cs sk hu is nl",
    "è": "fr it ca",
    "ê": "fr pt",
    "ë": "fr nl",
    "à": "fr it pt ca",
    "â": "fr pt ro tr",
    "î": "fr ro tr",
    "ï": "fr nl ca",
    "ô": "fr pt sk",
    "û": "fr tr",
    "ù": "fr it",
    "ç": "fr pt ca tr",
    "œ": "fr",
    "æ": "da is",
    "ø": "da",
    "å": "sv da fi",
    "ä": "de sv fi sk",
    "ö": "de sv fi hu tr is",
    "ü": "de hu tr es",
    "ß": "de",
    "ñ": "es",
    "á": "es pt cs sk hu is",
    "í": "es pt cs sk hu is ca",
    "ó": "es pt pl cs sk hu is ca",
    "ú": "es pt cs sk hu is ca",
    "ý": "cs sk is",
    "ã": "pt",
    "õ": "pt",
    "ì": "it",
    "ò": "it ca",
    "ð": "is",
    "þ": "is",
    **dict.fromkeys("łąężźśń", "pl"),
    "ć": "pl sh",
    **dict.fromkeys("řěů", "cs"),
    **dict.fromkeys("čšž", "cs sk sh fi"),
    **dict.fromkeys("ťďň", "cs sk"),
    **dict.fromkeys("ľĺŕ", "sk"),
    **dict.fromkeys("őű", "hu"),
    **dict.fromkeys("ăţ", "ro"),
    "đ": "sh",
    "ş": "tr ro",
    **dict.fromkeys("ığ", "tr"),
}
_LANGUAGE_SETS = {letter: frozenset(names.split()) for letter, names in _LANGUAGES.items()}


def latin_page(data: bytes) -> str:
    """The page of ``PAGES`` whose reading of ``data`` makes the fewest implausible words; on a
    tie between the Western and Turkish pages, the one whose letters one language accounts for."""
    sample = data[:SAMPLE_BYTES]
    readings = {page: sample.decode(page, errors="replace") for page in PAGES}
    scores = {page: implausible_words(text) for page, text in readings.items()}
    best = min(PAGES, key=scores.__getitem__)  # the first of equals
    western, turkish = readings["cp1252"], readings["cp1254"]
    if (
        best == "cp1252"
        and scores["cp1254"] == scores["cp1252"]
        and _share_of_words_with(TURKISH_OR_ICELANDIC, western) >= MIN_WORDS_WITH_THEM
        and letters_outside_one_language(western)
        >= letters_outside_one_language(turkish) + MIN_LETTERS_MORE_OUTSIDE
    ):
        return "cp1254"
    return best


def implausible_words(text: str) -> int:
    """Words with a sign between letters, or with letters no one language has together."""
    return sum(1 for token in text.split() if _implausible(token.strip(_EDGE_PUNCTUATION)))


def letters_outside_one_language(text: str) -> int:
    """How many of the text's accented letters the language accounting for most of them lacks."""
    by_languages: Counter[frozenset[str]] = Counter()
    for char, count in Counter(text).items():
        known = None if char.isascii() else _LANGUAGE_SETS.get(char.lower())
        if known is not None:
            by_languages[known] += count
    if not by_languages:
        return 0
    total = sum(by_languages.values())
    languages = frozenset().union(*by_languages)
    return min(
        total - sum(n for names, n in by_languages.items() if language in names) for language in languages
    )


def _share_of_words_with(letters: frozenset[str], text: str) -> float:
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    return sum(1 for word in words if not letters.isdisjoint(word)) / len(words) if words else 0.0


def _implausible(word: str) -> bool:
    if word.isascii() or len(word) < 2:
        return False
    languages: frozenset[str] | None = None
    for at, char in enumerate(word):
        if char.isascii():
            continue
        if char in _ORDINALS:
            if 0 < at < len(word) - 1 and word[at - 1].isalpha() and word[at + 1].isalpha():
                return True
            continue
        if not unicodedata.category(char).startswith("L"):
            if _between_letters(word, at):
                return True
            continue
        known = _LANGUAGE_SETS.get(char.lower())
        if known is not None:
            languages = known if languages is None else languages & known
            if not languages:
                return True
    return False


def _between_letters(word: str, at: int) -> bool:
    """A sign with a letter on one side and a letter or the word's end on the other: "spotka³"."""
    before = word[at - 1].isalpha() if at > 0 else False
    after = word[at + 1].isalpha() if at + 1 < len(word) else at > 0
    return before and after
