"""The register as data: every field and its history as a spreadsheet (CSV), dated deadlines for calendars
(iCalendar). Dates are the chat's local dates (CHASER_TIMEZONE), never the UTC date: "By June 2025" is due on 30
June, though its UTC instant falls on the 29th in British Summer Time.

The Summary of Actions per meeting (Markdown, Word) is bot/register/record.py.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, tzinfo

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


class CsvWriter:
    """One row per action (an ExportWriter: bot/register/record.py), written page by page."""

    def __init__(self, *, tz: tzinfo, meetings: dict[str, Occurrence] | None = None) -> None:
        self.tz = tz
        self.meetings = meetings or {}

    def begin(self) -> bytes:
        return _csv_lines([COLUMNS])

    def meeting(self, occurrence: Occurrence) -> bytes:
        self.meetings[occurrence.id] = occurrence
        return b""

    def page(self, occurrence: Occurrence | None, actions: Sequence[Action], histories: dict[str, History]) -> bytes:
        return _csv_lines(
            _csv_row(a, histories.get(a.id), self.meetings.get(a.occurrence_id), self.tz) for a in actions
        )

    def end_meeting(self, occurrence: Occurrence) -> bytes:
        return b""

    def end(self) -> bytes:
        return b""


def _csv_lines(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def register_csv(
    actions: Sequence[Action],
    histories: dict[str, History],
    *,
    tz: tzinfo,
    meetings: dict[str, Occurrence] | None = None,
) -> str:
    """One row per action, removed ones included (with why): the register's whole record."""
    writer = CsvWriter(tz=tz, meetings=meetings)
    return (writer.begin() + writer.page(None, actions, histories)).decode()


def _csv_row(action: Action, found: History | None, meeting: Occurrence | None, tz: tzinfo) -> list[str]:
    history = found or History(agreed=action.deadline.text)
    return [
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
            "; ".join(f"{local_time(r.at, tz)} {r.by} ({r.source}): {r.before} → {r.after}" for r in history.revisions),
            "; ".join(f"{local_time(n.at, tz)} {n.by}: {n.text}" for n in history.updates),
            "; ".join(f"{local_time(n.at, tz)} {n.by}: {n.text}" for n in history.handed_back),
            "; ".join(history.suggested_owners),
            history.dropped.text if history.dropped else "",
            history.removed.text if history.removed else "",
            "; ".join(_event_line(e, tz) for e in history.events),
        )
    ]


def _event_line(event: AuditEvent, tz: tzinfo) -> str:
    return f"{local_time(event.at, tz)} {event.kind} by {event.actor.name}"


def _safe(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheets (CSV injection): make it plain text.
    return "'" + value if value.startswith(_CSV_FORMULA) else value


class IcsWriter:
    """An all-day event on each dated deadline's local day; removed actions are left out. Written line by line
    (RFC 5545: TEXT escaped, lines folded at 75 octets): the icalendar package took 2 s for 10,000 events. Its
    parser reads these back in the tests."""

    def __init__(
        self,
        *,
        calendar_name: str,
        now: datetime,
        tz: tzinfo,
        prodid: str = "-//Chaser//Teams meeting actions//EN",
    ) -> None:
        self.calendar_name, self.tz, self.prodid = calendar_name, tz, prodid
        self.stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    def begin(self) -> bytes:
        # X-WR-CALNAME is read as it stands by calendar apps (and by the icalendar package): not escaped, on one line.
        return _ics_lines(
            ["BEGIN:VCALENDAR", f"PRODID:{_ics_text(self.prodid)}", "VERSION:2.0",
             f"X-WR-CALNAME:{' '.join(self.calendar_name.split())}"]
        )  # fmt: skip

    def meeting(self, occurrence: Occurrence) -> bytes:
        return b""

    def page(self, occurrence: Occurrence | None, actions: Sequence[Action], histories: dict[str, History]) -> bytes:
        lines: list[str] = []
        for action in actions:
            target = action.deadline.target
            if target is None or action.status.value == REMOVED:
                continue
            owner = action.owner.name if action.owner else "no owner yet"
            description = f"Owner: {owner}\nDeadline: {action.deadline.text}"
            history = histories.get(action.id)
            if history is not None and history.agreed != action.deadline.text:
                description += f" (agreed: {history.agreed})"
            status = "CANCELLED" if action.status is ActionStatus.DROPPED else "CONFIRMED"
            lines += [
                "BEGIN:VEVENT",
                # A stable UID: importing the calendar again updates these events instead of adding copies.
                f"UID:{_ics_text(action.id)}@chaser",
                f"DTSTAMP:{self.stamp}",
                f"DTSTART;VALUE=DATE:{local_date(target, self.tz).strftime('%Y%m%d')}",
                f"SUMMARY:{_ics_text(f'No. {action.number}: {action.text}')}",
                f"DESCRIPTION:{_ics_text(description)}",
                f"STATUS:{status}",
                "END:VEVENT",
            ]
        return _ics_lines(lines)

    def end_meeting(self, occurrence: Occurrence) -> bytes:
        return b""

    def end(self) -> bytes:
        return _ics_lines(["END:VCALENDAR"])


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )  # fmt: skip


def _ics_lines(lines: Iterable[str]) -> bytes:
    return b"".join(_fold(line.encode()) + b"\r\n" for line in lines)


def _fold(line: bytes) -> bytes:
    """Lines longer than 75 octets go on in continuation lines (CRLF and a space), never inside a character."""
    if len(line) <= 75:
        return line
    pieces, start, limit = [], 0, 75
    while len(line) - start > limit:
        end = start + limit
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: break before its character instead
            end -= 1
        pieces.append(line[start:end])
        start, limit = end, 74  # a continuation line's leading space counts
    pieces.append(line[start:])
    return b"\r\n ".join(pieces)


def deadlines_ics(
    actions: Sequence[Action],
    *,
    calendar_name: str,
    now: datetime,
    tz: tzinfo,
    histories: dict[str, History] | None = None,
    prodid: str = "-//Chaser//Teams meeting actions//EN",
) -> bytes:
    writer = IcsWriter(calendar_name=calendar_name, now=now, tz=tz, prodid=prodid)
    return writer.begin() + writer.page(None, actions, histories or {}) + writer.end()
