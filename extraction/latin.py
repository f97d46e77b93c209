"""Which Windows code page an eight-bit Latin text is in: Western (cp1252), Central European
(cp1250) or Turkish (cp1254).

The three read ASCII alike and differ in their letters, and every byte above 0x9F is a letter or a
sign in each of them, so no byte tells. Words do: read in the wrong page, a word mixes letters no
single language uses together ("görüþtü": ö and ü are Turkish or German, þ Icelandic; "støední":
ø Danish, í Czech) or has a sign inside it ("spotka³" for Polish "spotkał"). Each page's reading
is scored by how many such words it makes, and the fewest wins; on a tie the Western page does,
so text that reads alike in all three (most English, French, Spanish, German) keeps cp1252.

Known limit: Czech or Slovak text whose words never mix tell-tale letters reads as cp1252.
"""

from __future__ import annotations

import unicodedata

PAGES = ("cp1252", "cp1250", "cp1254")  # the preferred page first
SAMPLE_BYTES = 64 * 1024
_EDGE_PUNCTUATION = "\"'“”‘’„«»‹›()[]{}.,;:!?…—–-/*&%+=<>|"

_LANGUAGES: dict[str, str] = {
    # letter: the languages written with it (only those these three pages cover)
    "é": "fr es pt it ca cs sk hu is",
    "è": "fr it ca",
    "ê": "fr pt",
    "ë": "fr nl",
    "à": "fr it pt ca",
    "â": "fr pt ro tr",
    "î": "fr ro",
    "ï": "fr nl ca",
    "ô": "fr pt sk",
    "û": "fr",
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
    **dict.fromkeys("łąężźśćń", "pl"),
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
    """The page of ``PAGES`` whose reading of ``data`` makes the fewest implausible words."""
    sample = data[:SAMPLE_BYTES]
    scores = [implausible_words(sample.decode(page, errors="replace")) for page in PAGES]
    return PAGES[min(range(len(PAGES)), key=lambda i: (scores[i], i))]


def implausible_words(text: str) -> int:
    """Words with a sign between letters, or with letters no one language has together."""
    return sum(1 for token in text.split() if _implausible(token.strip(_EDGE_PUNCTUATION)))


def _implausible(word: str) -> bool:
    if word.isascii() or len(word) < 2:
        return False
    languages: frozenset[str] | None = None
    for at, char in enumerate(word):
        if char.isascii():
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
