"""A diplomatic post's history: its status over time, from every article, with the sentence for each change.

A place can hold several posts (India's consulate and Pakistan's in Kandahar), so the history is kept
per owner; a report that does not say whose post it is ("reopened its consulate in Kandahar") joins
the history of the one owner known there, and stays apart when there are several. Reports are put
in date order (the date the sentence gives, else the article's; undated last), and a report enters
the history when it changes the post's status: the first report, then "operating" -> "evacuated" ->
"reopened"... Reports that repeat the status or give none are counted, not listed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from diplomap.events import PlaceEvent, reported_on

POST = "diplomatic_post"
UNDATED = "9999"  # sorts after every date


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One step of a post's history: the report that set ``status`` and how many reports repeated it."""

    date: str  # ISO date (or year), "" when neither the sentence nor the article is dated
    status: str
    event: PlaceEvent
    repeated: int = 0  # later reports with the same status (or none) before the next change


@dataclass(frozen=True, slots=True)
class PostHistory:
    owner: str  # country code of the post's owner, "" when no article says whose it is
    post_type: str
    changes: tuple[StatusChange, ...]

    @property
    def latest(self) -> str:
        return self.changes[-1].status


def post_histories(events: Iterable[PlaceEvent]) -> list[PostHistory]:
    """The histories of the posts among ``events`` (one place's events), the most reported first."""
    by_owner: dict[str, list[PlaceEvent]] = defaultdict(list)
    for event in events:
        if event.role == POST:
            by_owner[event.owner or ""].append(event)
    owners = [o for o in by_owner if o]
    if len(owners) == 1 and "" in by_owner:
        by_owner[owners[0]].extend(by_owner.pop(""))
    histories = []
    for owner, reports in by_owner.items():
        reports.sort(key=lambda e: (reported_on(e) or UNDATED, e.article_id, e.event_id))
        histories.append(PostHistory(owner, _post_type(reports), tuple(_changes(reports))))
    return sorted(histories, key=lambda h: (-sum(1 + c.repeated for c in h.changes), h.owner))


def _post_type(reports: list[PlaceEvent]) -> str:
    types = [e.post_type for e in reports if e.post_type]
    return Counter(sorted(types)).most_common(1)[0][0] if types else "post"


def _changes(reports: list[PlaceEvent]) -> list[StatusChange]:
    changes: list[StatusChange] = []
    for event in reports:
        status = event.status or ""
        if changes and (not status or status == changes[-1].status):
            last = changes[-1]
            changes[-1] = StatusChange(last.date, last.status, last.event, last.repeated + 1)
        elif changes and not changes[-1].status:  # the first reports gave no status: this one does
            changes[-1] = StatusChange(reported_on(event), status, event, changes[-1].repeated + 1)
        else:
            changes.append(StatusChange(reported_on(event), status, event))
    return changes
