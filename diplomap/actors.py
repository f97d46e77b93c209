"""Who met whom: the participants of meetings as actors, spellings folded, and the pairs they form.

An article writes one person several ways ("S Jaishankar", "Jaishankar", the handle "MHaneefAtmar"
for "Mohammad Haneef Atmar"). ``fold_actors`` maps every spelling to one display name: two names are
one actor when their last words (the family name) agree and every other word of the shorter one is an
initial or the same word as the longer one's, aligned from the end; a lone family name joins the
only fuller name that carries it, and stays apart when two people share it ("Biden" beside "Joe
Biden" and "Hunter Biden"). Countries that take part are actors too, under the name the events use.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from xml.sax.saxutils import escape

from diplomap.events import PlaceEvent, reported_on

MEETING = "meeting"
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# Words before a name that are offices, not names ("Foreign Minister Jaishankar", "President Biden").
_TITLES = frozenset(
    "mr mrs ms dr sir president vice prime deputy foreign external affairs minister secretary general "
    "chancellor premier king queen prince sheikh ambassador envoy senator governor".split()
)


@dataclass(frozen=True, slots=True)
class ActorPair:
    """Two actors who met: how often, where, when (newest first) and the events that say so."""

    first: str
    second: str
    meetings: int
    places: tuple[str, ...]
    latest: str  # ISO date (or year) of the newest meeting, "" when none is dated
    event_ids: tuple[int, ...]


# One-word institutions the model sometimes tags as a party ("Secretary of State" -> "State"): not actors.
_GENERIC = frozenset(
    "state government ministry parliament congress senate cabinet army police military embassy".split()
)


def is_actor(name: str) -> bool:
    """A name that can stand for a party to a meeting (not empty, not a bare institution word)."""
    words = name_words(name)
    return bool(words) and not (len(words) == 1 and words[0] in _GENERIC)


def tidy(name: str) -> str:
    """A name as shown: spaces squeezed, a parenthesis the model cut off closed again."""
    name = " ".join(name.split())
    return name + ")" * max(name.count("(") - name.count(")"), 0)


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name, compared without case, accents, dots, titles or a handle's camel case."""
    text = unicodedata.normalize("NFKD", name.strip().lstrip("@"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _CAMEL.sub(" ", text)
    words = re.findall(r"[^\W_]+", text.casefold())
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return tuple(words)


def same_actor(short: Sequence[str], long: Sequence[str]) -> bool:
    """``short`` names the person ``long`` names: same family name, the other words agree or are
    initials of the longer name's words, aligned from the end."""
    if not short or not long or len(short) > len(long) or short[-1] != long[-1]:
        return False
    return all(
        a == b or (len(a) == 1 and b.startswith(a))
        for a, b in zip(reversed(short), reversed(long), strict=False)
    )


def fold_actors(names: Iterable[str]) -> dict[str, str]:
    """Every spelling -> the display name of its actor (the fullest spelling, the most used among equals)."""
    uses: dict[str, int] = defaultdict(int)
    for name in names:
        if is_actor(name):
            uses[name.strip()] += 1
    words = {name: name_words(name) for name in uses}
    fullest = sorted(uses, key=lambda n: (-len(words[n]), -len("".join(words[n])), -uses[n], n))
    heads: list[str] = []  # display names so far, fullest first
    folded: dict[str, str] = {}
    for name in fullest:
        matches = [h for h in heads if same_actor(words[name], words[h])]
        distinct = {words[h] for h in matches}
        if len(distinct) == 1 or (matches and words[name] == words[matches[0]]):
            folded[name] = matches[0]
        else:  # new, or shared by two people: its own actor
            heads.append(name)
            folded[name] = name
    return {name: tidy(folded[name]) for name in uses}


def actor_names(events: Iterable[PlaceEvent]) -> dict[str, str]:
    """The folding of every participant named in the meetings of ``events``."""
    return fold_actors(p for e in events if e.role == MEETING for p in e.participants)


def actors_of(event: PlaceEvent, folding: Mapping[str, str]) -> tuple[str, ...]:
    """The event's participants as actors, once each, in the order the article named them."""
    seen: dict[str, None] = {}
    for name in event.participants:
        if is_actor(name):
            seen.setdefault(folding.get(name.strip(), tidy(name)), None)
    return tuple(a for a in seen if a)


def _matcher(chosen: Iterable[str]) -> Callable[[str], bool]:
    """Whether a name is one of the ``chosen`` actors, whatever the spelling: a chosen "S Jaishankar"
    finds "Jaishankar" and "Foreign Minister S. Jaishankar" (``same_actor`` either way)."""
    wanted = [w for w in map(name_words, chosen) if w]

    def matches(name: str) -> bool:
        words = name_words(name)
        return any(same_actor(words, w) or same_actor(w, words) for w in wanted)

    return matches


def with_actors(events: Iterable[PlaceEvent], chosen: Iterable[str]) -> list[PlaceEvent]:
    """The meetings in which any of the ``chosen`` actors took part."""
    took_part = _matcher(chosen)
    return [e for e in events if e.role == MEETING and any(map(took_part, e.participants))]


def involves(pair: ActorPair, chosen: Iterable[str]) -> bool:
    """One of the pair is one of the ``chosen`` actors."""
    matches = _matcher(chosen)
    return matches(pair.first) or matches(pair.second)


def actor_counts(events: Iterable[PlaceEvent]) -> dict[str, int]:
    """Actor -> meetings they are named in, most first (the actor filter's options)."""
    events = [e for e in events if e.role == MEETING]
    folding = actor_names(events)
    counts: dict[str, int] = defaultdict(int)
    for event in events:
        for name in actors_of(event, folding):
            counts[name] += 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold())))


def folded_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Spelling -> meetings (``Store.meeting_participants``) as actor -> meetings, most first."""
    folding = fold_actors(counts)
    totals: dict[str, int] = defaultdict(int)
    for name, n in counts.items():
        if is_actor(name):
            totals[folding[name.strip()]] += n
    return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0].casefold())))


def actor_pairs(events: Iterable[PlaceEvent]) -> list[ActorPair]:
    """Who met whom in ``events``' meetings: every two actors of one meeting, newest first."""
    meetings = [e for e in events if e.role == MEETING]
    folding = actor_names(meetings)
    found: dict[tuple[str, str], list[PlaceEvent]] = defaultdict(list)
    for event in meetings:
        for a, b in combinations(sorted(actors_of(event, folding), key=str.casefold), 2):
            found[(a, b)].append(event)
    pairs = []
    for (a, b), evs in found.items():
        places = tuple(dict.fromkeys(e.place_name for e in sorted(evs, key=reported_on, reverse=True)))
        reports = {(e.article_id, e.place_key, reported_on(e)) for e in evs}
        pairs.append(
            ActorPair(a, b, len(reports), places, max(map(reported_on, evs)), tuple(e.event_id for e in evs))
        )
    by_name = sorted(pairs, key=lambda p: (p.first.casefold(), p.second.casefold()))
    return sorted(by_name, key=lambda p: (p.latest, p.meetings), reverse=True)


NETWORK_ACTORS = 14  # the most connected actors drawn; the rest are in the list


def network_svg(pairs: Sequence[ActorPair], *, size: int = 300, margin: int = 130) -> str:
    """The pairs as a picture: the most connected actors on a circle, a line per pair as thick as
    their meetings. Names are XML-escaped text (shown as an image, never as markup)."""
    degree: dict[str, int] = defaultdict(int)
    for p in pairs:
        degree[p.first] += p.meetings
        degree[p.second] += p.meetings
    shown = sorted(degree, key=lambda a: (-degree[a], a.casefold()))[:NETWORK_ACTORS]
    cx, cy, radius = margin + size / 2, size / 2, size / 2 - 30  # names need room on the sides
    spot = {
        a: (
            cx + radius * math.cos(2 * math.pi * i / len(shown) - math.pi / 2),
            cy + radius * math.sin(2 * math.pi * i / len(shown) - math.pi / 2),
        )
        for i, a in enumerate(shown)
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 2 * margin}" height="{size}" '
        f'viewBox="0 0 {size + 2 * margin} {size}" font-family="sans-serif" font-size="15">'
    ]
    for p in pairs:
        if p.first in spot and p.second in spot:
            (x1, y1), (x2, y2) = spot[p.first], spot[p.second]
            thick = 1 + 1.5 * math.log2(p.meetings)
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'stroke="#2b6cb0" stroke-opacity="0.55" stroke-width="{thick:.1f}"/>'
            )
    for a, (x, y) in spot.items():
        anchor = "start" if x > cx + 1 else "end" if x < cx - 1 else "middle"
        dx = 8 if anchor == "start" else -8 if anchor == "end" else 0
        dy = 5 if anchor != "middle" else (-10 if y < cy else 20)  # above the top, below the bottom
        label = a if len(a) <= 16 else a[:15] + "…"  # the table beside it has the whole name
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#2b6cb0"/>')
        parts.append(
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">'
            f"<title>{escape(a)}</title>{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
