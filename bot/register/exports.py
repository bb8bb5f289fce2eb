"""The register as data: every field and its history as a spreadsheet (CSV), dated deadlines for calendars
(iCalendar). Dates are the chat's local dates (CHASER_TIMEZONE), never the UTC date: "By June 2025" is due on 30
June, though its UTC instant falls on the 29th in British Summer Time.

The Summary of Actions per meeting (Markdown, Word) is bot/register/record.py.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from bot.register.history import History
from bot.register.model import Action, ActionStatus, AuditEvent, Occurrence

_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")
REMOVED = "removed"

Groups = Sequence[tuple[Occurrence, Sequence[Action]]]

COLUMNS = (
    "id", "no", "meeting_date", "meeting", "action", "owner", "owner_kind", "deadline_agreed", "deadline_as_written",
    "deadline_kind", "due", "latest", "status", "logged_at", "logged_by", "closed_at", "latest_update",
    "deadline_revisions", "progress_updates", "handed_back", "suggested_owners", "dropped_reason", "removed_reason",
    "history",
)  # fmt: skip


def local_date(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def local_time(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="minutes")


def register_csv(
    actions: Sequence[Action],
    histories: dict[str, History],
    *,
    tz: tzinfo,
    meetings: dict[str, Occurrence] | None = None,
) -> str:
    """One row per action, removed ones included (with why): the register's whole record."""
    meetings = meetings or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for action in actions:
        history = histories.get(action.id) or History(agreed=action.deadline.text)
        meeting = meetings.get(action.occurrence_id)
        writer.writerow(
            _safe(value)
            for value in (
                action.id,
                str(action.number),
                local_date(meeting.started_at, tz).isoformat() if meeting else "",
                (meeting.title or "") if meeting else "",
                action.text,
                action.owner.name if action.owner else "",
                action.owner.kind.value if action.owner else "",
                history.agreed,
                action.deadline.text,
                action.deadline.kind.value,
                local_date(action.deadline.due, tz).isoformat() if action.deadline.due else "",
                local_date(action.deadline.latest, tz).isoformat() if action.deadline.latest else "",
                action.status.value,
                local_time(action.created_at, tz),
                action.created_by.name,
                local_time(action.closed_at, tz) if action.closed_at else "",
                action.latest_update or "",
                "; ".join(
                    f"{local_time(r.at, tz)} {r.by} ({r.source}): {r.before} → {r.after}" for r in history.revisions
                ),
                "; ".join(f"{local_time(n.at, tz)} {n.by}: {n.text}" for n in history.updates),
                "; ".join(f"{local_time(n.at, tz)} {n.by}: {n.text}" for n in history.handed_back),
                "; ".join(history.suggested_owners),
                history.dropped.text if history.dropped else "",
                history.removed.text if history.removed else "",
                "; ".join(_event_line(e, tz) for e in history.events),
            )
        )
    return buffer.getvalue()


def _event_line(event: AuditEvent, tz: tzinfo) -> str:
    return f"{local_time(event.at, tz)} {event.kind} by {event.actor.name}"


def _safe(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheets (CSV injection): make it plain text.
    return "'" + value if value.startswith(_CSV_FORMULA) else value


def deadlines_ics(
    actions: Sequence[Action],
    *,
    calendar_name: str,
    now: datetime,
    tz: tzinfo,
    histories: dict[str, History] | None = None,
    prodid: str = "-//Chaser//Teams meeting actions//EN",
) -> bytes:
    """An all-day event on each dated deadline's local day; removed actions are left out."""
    import icalendar

    histories = histories or {}
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    for action in actions:
        target = action.deadline.target
        if target is None or action.status.value == REMOVED:
            continue
        event = icalendar.Event()
        # A stable UID: importing the calendar again updates these events instead of adding copies.
        event.add("uid", f"{action.id}@chaser")
        event.add("dtstamp", now)
        event.add("dtstart", local_date(target, tz))
        event.add("summary", f"No. {action.number}: {action.text}")
        owner = action.owner.name if action.owner else "no owner yet"
        description = f"Owner: {owner}\nDeadline: {action.deadline.text}"
        history = histories.get(action.id)
        if history is not None and history.agreed != action.deadline.text:
            description += f" (agreed: {history.agreed})"
        event.add("description", description)
        event.add("status", "CANCELLED" if action.status is ActionStatus.DROPPED else "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
