"""The register in the forms a secretariat publishes and archives: the Summary of Actions per meeting (Markdown,
Word), every field as a spreadsheet (CSV), and dated deadlines for calendars (iCalendar).

Headings are the minutes' own English ("No. | Action Item | Owner | Deadline / Status"): exports are documents for
the record, in the shape the minutes use.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from bot.register.model import Action, ActionStatus, AuditEvent, Occurrence

HEADINGS = ("No.", "Action Item", "Owner", "Deadline / Status")
STATUS_WORDS = {ActionStatus.OPEN: "Open", ActionStatus.DONE: "Done", ActionStatus.DROPPED: "Dropped"}
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")

Groups = Sequence[tuple[Occurrence, Sequence[Action]]]


def deadline_status(action: Action) -> str:
    if action.status is ActionStatus.OPEN:
        return action.deadline.text
    status = STATUS_WORDS[action.status]
    return f"{action.deadline.text} — {status}" if action.deadline.text else status


def row(action: Action) -> tuple[str, str, str, str]:
    return (str(action.number), action.text, action.owner.name if action.owner else "", deadline_status(action))


def meeting_heading(occurrence: Occurrence) -> str:
    title = occurrence.title or "Meeting"
    return f"{title}, {occurrence.started_at:%A %d %B %Y}"


def summary_markdown(groups: Groups, *, chat_title: str | None) -> str:
    out = [f"# {_md(chat_title)}" if chat_title else "# Summary of Actions", ""]
    for occurrence, actions in groups:
        out += [f"## {_md(meeting_heading(occurrence))}", "", "Summary of Actions", ""]
        out.append("| " + " | ".join(HEADINGS) + " |")
        out.append("|" + "|".join("---" for _ in HEADINGS) + "|")
        for action in actions:
            out.append("| " + " | ".join(_cell(c) for c in row(action)) + " |")
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    # A pipe or a line break in an action would end the table cell early.
    return " ".join(text.split()).replace("|", "\\|")


def _md(text: str) -> str:
    return " ".join(text.split())


def summary_docx(groups: Groups, *, chat_title: str | None) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(chat_title or "Summary of Actions", level=1)
    for occurrence, actions in groups:
        document.add_heading(meeting_heading(occurrence), level=2)
        table = document.add_table(rows=1, cols=len(HEADINGS))
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, HEADINGS, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(heading).bold = True
        for action in actions:
            cells = table.add_row().cells
            for cell, value in zip(cells, row(action), strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def register_csv(actions: Sequence[Action], events: Sequence[AuditEvent]) -> str:
    history: dict[str, list[str]] = {}
    for event in events:
        if event.action_id:
            history.setdefault(event.action_id, []).append(
                f"{event.at:%Y-%m-%dT%H:%MZ} {event.kind} by {event.actor.name}"
            )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["id", "no", "action", "owner", "owner_kind", "deadline_as_written", "deadline_kind", "due", "latest",
         "status", "logged_at", "logged_by", "closed_at", "latest_update", "history"]
    )  # fmt: skip
    for action in actions:
        writer.writerow(
            _safe(value)
            for value in (
                action.id,
                str(action.number),
                action.text,
                action.owner.name if action.owner else "",
                action.owner.kind.value if action.owner else "",
                action.deadline.text,
                action.deadline.kind.value,
                action.deadline.due.date().isoformat() if action.deadline.due else "",
                action.deadline.latest.date().isoformat() if action.deadline.latest else "",
                action.status.value,
                action.created_at.isoformat(),
                action.created_by.name,
                action.closed_at.isoformat() if action.closed_at else "",
                action.latest_update or "",
                "; ".join(history.get(action.id, [])),
            )
        )
    return buffer.getvalue()


def _safe(value: str) -> str:
    # A cell starting with = + - @ runs as a formula in spreadsheets (CSV injection): make it plain text.
    return "'" + value if value.startswith(_CSV_FORMULA) else value


def deadlines_ics(
    actions: Sequence[Action],
    *,
    calendar_name: str,
    now: datetime,
    prodid: str = "-//Chaser//Teams meeting actions//EN",
) -> bytes:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    for action in actions:
        target = action.deadline.target
        if target is None:
            continue
        event = icalendar.Event()
        # A stable UID: importing the calendar again updates these events instead of adding copies.
        event.add("uid", f"{action.id}@chaser")
        event.add("dtstamp", now)
        event.add("dtstart", target.date())
        event.add("summary", f"No. {action.number}: {action.text}")
        owner = action.owner.name if action.owner else "no owner yet"
        event.add("description", f"Owner: {owner}\nDeadline: {action.deadline.text}")
        event.add("status", "CANCELLED" if action.status is ActionStatus.DROPPED else "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
