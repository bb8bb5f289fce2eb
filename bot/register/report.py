"""Reporting back: what became of the actions from earlier meetings since the last one, as the secretariat reads it
out ("updated the forum on the actions from the last meeting"): done (who, when), dropped (why), handed back (why,
who could take it), carried forward (old → new deadline), still open and not reviewed; with the latest progress
update on any of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.register.model import Action, ActionStatus, AuditEvent, Occurrence

DONE = "done"
DROPPED = "dropped"
HANDED_BACK = "handed_back"
CARRIED = "carried"
NOT_REVIEWED = "not_reviewed"
ORDER = (DONE, DROPPED, HANDED_BACK, CARRIED, NOT_REVIEWED)

# The audit events a report reads (bot.register.service, meetings and escalation write them).
KINDS = ("completed", "dropped", "handed_back", "progress", "carried_forward")


@dataclass(frozen=True)
class ReportItem:
    action: Action
    outcome: str
    by: str | None = None
    at: datetime | None = None
    reason: str | None = None
    suggested: str | None = None
    # Carried forward with a new deadline: the one it had (the new one is the action's).
    deadline_was: str | None = None
    # The latest progress update since the last meeting.
    update: str | None = None
    update_by: str | None = None
    update_at: datetime | None = None


def report_back(actions: Sequence[Action], events: Iterable[AuditEvent], *, sitting: Occurrence) -> list[ReportItem]:
    """`actions`: those of earlier meetings open when the last one ended; `events`: theirs since then. Removed
    actions (logged by mistake) are left out."""
    by_action: dict[str, list[AuditEvent]] = {}
    for event in sorted(events, key=lambda e: e.at):
        if event.action_id:
            by_action.setdefault(event.action_id, []).append(event)
    items = [_item(a, by_action.get(a.id, []), sitting) for a in actions if a.status.value != "removed"]
    return sorted(items, key=lambda i: (ORDER.index(i.outcome), i.action.number))


def _last(events: list[AuditEvent], kind: str, *, since: datetime | None = None) -> AuditEvent | None:
    found = [e for e in events if e.kind == kind and (since is None or e.at >= since)]
    return found[-1] if found else None


def _item(action: Action, events: list[AuditEvent], sitting: Occurrence) -> ReportItem:
    item = _outcome(action, events, sitting)
    update = _last(events, "progress")
    if update is None or item.outcome == DROPPED:
        return item
    text = str(update.detail.get("update") or "") or None
    return replace(item, update=text, update_by=update.actor.name, update_at=update.at)


def _outcome(action: Action, events: list[AuditEvent], sitting: Occurrence) -> ReportItem:
    if action.status is ActionStatus.DONE:
        done = _last(events, "completed")
        return ReportItem(action, DONE, by=done.actor.name if done else None, at=action.closed_at)
    if action.status is ActionStatus.DROPPED:
        dropped = _last(events, "dropped")
        reason = str(dropped.detail.get("reason") or "") if dropped else (action.latest_update or "")
        return ReportItem(
            action, DROPPED, by=dropped.actor.name if dropped else None, at=action.closed_at, reason=reason or None
        )
    carried = _last(events, "carried_forward", since=sitting.started_at)
    if carried is not None:
        moved = carried.detail.get("deadline")
        was = str(moved[0]) if isinstance(moved, list) and moved else None
        return ReportItem(action, CARRIED, by=carried.actor.name, at=carried.at, deadline_was=was)
    handed = _last(events, "handed_back")
    if handed is not None and action.owner is None:
        return ReportItem(
            action,
            HANDED_BACK,
            by=handed.actor.name,
            at=handed.at,
            reason=str(handed.detail.get("reason") or "") or None,
            suggested=str(handed.detail.get("suggested_owner") or "") or None,
        )
    return ReportItem(action, NOT_REVIEWED)
