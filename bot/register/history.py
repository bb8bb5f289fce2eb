"""An action's history as the record keeps it, read from its audit trail: the deadline as agreed and every revision
(when, by whom, from a review or an edit), progress updates, hand-backs with their reasons and suggested owners,
and why it was removed. Exports write it out; nothing here rewrites what was agreed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.register.model import Action, AuditEvent

REVIEW = "review"
EDIT = "edit"


@dataclass(frozen=True)
class Revision:
    at: datetime
    by: str
    source: str  # review | edit
    before: str
    after: str


@dataclass(frozen=True)
class Note:
    """Something said about the action: a progress update, a hand-back (with its suggested owner), a removal, a
    drop."""

    at: datetime
    by: str
    text: str
    suggested: str | None = None


@dataclass(frozen=True)
class History:
    agreed: str
    revisions: tuple[Revision, ...] = ()
    updates: tuple[Note, ...] = ()
    handed_back: tuple[Note, ...] = ()
    dropped: Note | None = None
    removed: Note | None = None
    events: tuple[AuditEvent, ...] = field(default=(), repr=False)

    @property
    def suggested_owners(self) -> list[str]:
        return [n.suggested for n in self.handed_back if n.suggested]


def histories(actions: Sequence[Action], events: Iterable[AuditEvent]) -> dict[str, History]:
    by_action: dict[str, list[AuditEvent]] = {a.id: [] for a in actions}
    for event in events:
        if event.action_id in by_action:
            by_action[event.action_id].append(event)
    return {a.id: history_of(a, sorted(by_action[a.id], key=lambda e: e.at)) for a in actions}


def history_of(action: Action, events: Sequence[AuditEvent]) -> History:
    revisions: list[Revision] = []
    updates: list[Note] = []
    handed: list[Note] = []
    dropped = removed = None
    agreed: str | None = None
    for event in events:
        detail = event.detail
        if event.kind == "logged" and agreed is None:
            agreed = str(detail.get("deadline") or "")
        moved = detail.get("deadline")
        if event.kind in ("edited", "carried_forward") and isinstance(moved, list) and len(moved) == 2:
            source = REVIEW if event.kind == "carried_forward" else EDIT
            revisions.append(Revision(event.at, event.actor.name, source, str(moved[0] or ""), str(moved[1] or "")))
        elif event.kind == "progress":
            updates.append(Note(event.at, event.actor.name, str(detail.get("update") or "")))
        elif event.kind == "handed_back":
            suggested = str(detail.get("suggested_owner") or "") or None
            handed.append(Note(event.at, event.actor.name, str(detail.get("reason") or ""), suggested))
        elif event.kind == "dropped":
            dropped = Note(event.at, event.actor.name, str(detail.get("reason") or ""))
        elif event.kind == "removed":
            removed = Note(event.at, event.actor.name, str(detail.get("reason") or ""))
    if agreed is None:
        # No "logged" event (an action from before the audit trail kept it): the first revision's "before" is what
        # was agreed, else the deadline as it stands.
        agreed = revisions[0].before if revisions else action.deadline.text
    return History(agreed, tuple(revisions), tuple(updates), tuple(handed), dropped, removed, tuple(events))
