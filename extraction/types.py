"""Value types of the extraction layer. No spaCy objects live past the edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Role(StrEnum):
    DIPLOMATIC_POST = "diplomatic_post"
    MEETING = "meeting"
    CONFLICT = "conflict"
    MENTION = "mention"


class PostStatus(StrEnum):
    OPERATING = "operating"
    OPENED = "opened"
    EVACUATED = "evacuated"
    CLOSED = "closed"
    UNSTAFFED = "unstaffed"
    AT_RISK = "at_risk"
    ATTACKED = "attacked"


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from a file: clean text plus metadata."""

    text: str
    title: str
    published: date | None
    source: str  # file name, or the URL/source field of a JSON record
    content_hash: str  # sha256 hex of the text, for de-duplication
    filename: str = ""
    fmt: str = "txt"  # txt | md | html | json | jsonl | pdf
    url: str = ""  # the article's own http(s) address, when the file gives a safe one


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a text, with exact offsets into that text.

    ``query`` is the name to look up: the surface text, or the place a descriptive
    reference stands for ("the Tajik capital" -> "Dushanbe").
    """

    text: str
    start: int
    end: int
    label: str  # GPE | LOC | FAC | GAZ (gazetteer-found) | DESC (descriptive reference) | ADJ (demonym)
    sentence: Span
    query: str
    country_hint: str | None = None  # ISO 3166-1 alpha-2 the text ties the mention to
    kind_hint: str | None = None  # country | region | city | capital | area


@dataclass(frozen=True, slots=True)
class When:
    value: str  # ISO date, "YYYY-MM" or "YYYY"
    precision: str  # day | month | year
    text: str  # the words that said it


@dataclass(frozen=True, slots=True)
class RoleReading:
    """One role of one mention, with the sentence that shows it."""

    role: Role
    evidence: Span
    confidence: float
    post_type: str | None = (
        None  # embassy | consulate | consulate_general | high_commission | mission | residence
    )
    owner: str | None = None  # ISO alpha-2 of the country the post belongs to
    status: PostStatus | None = None
    participants: tuple[str, ...] = field(default_factory=tuple)
    when: When | None = None
    trigger: str = ""  # the word that decided the role
