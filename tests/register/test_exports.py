"""Exports of the register: Markdown and Word in the minutes' shape, CSV with history, iCalendar with stable UIDs."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import docx  # type: ignore[import-untyped]
import icalendar

from bot.register.exports import deadlines_ics, register_csv, summary_docx, summary_markdown
from bot.register.minutes import parse_minutes
from bot.register.model import ActionStatus, AuditEvent, Person, Surface
from cards.gallery import OCCURRENCE, seed_actions

NOW = datetime(2025, 3, 18, 9, 0, tzinfo=UTC)


def test_markdown_round_trips_through_the_importer() -> None:
    actions = seed_actions()
    text = summary_markdown([(OCCURRENCE, actions)], chat_title="Wales Race Forum")
    assert "| No. | Action Item | Owner | Deadline / Status |" in text
    found = parse_minutes(text)
    assert [(a.no, a.text, a.owner, a.deadline_text) for a in found.actions] == [
        (a.number, a.text, a.owner.name if a.owner else None, a.deadline.text) for a in actions
    ]


def test_pipes_and_line_breaks_cannot_break_the_table() -> None:
    from dataclasses import replace

    action = replace(seed_actions()[0], text="Share A | B\nthen C")
    text = summary_markdown([(OCCURRENCE, [action])], chat_title=None)
    [line] = [line for line in text.splitlines() if line.startswith("| 1 ")]
    assert line.count(" | ") == 3 and "A \\| B then C" in line


def test_closed_actions_show_their_status_after_the_deadline() -> None:
    from dataclasses import replace

    done = replace(seed_actions()[0], status=ActionStatus.DONE)
    assert "| As soon as possible — Done |" in summary_markdown([(OCCURRENCE, [done])], chat_title=None)


def test_word_holds_the_table() -> None:
    data = summary_docx([(OCCURRENCE, seed_actions())], chat_title="Wales Race Forum")
    document = docx.Document(io.BytesIO(data))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["No.", "Action Item", "Owner", "Deadline / Status"]
    assert rows[7] == [
        "7",
        "Arrange next Wales Race Forum meeting in June and send diary marker.",
        "Secretariat",
        "By June 2025",
    ]


def test_csv_has_every_field_history_and_no_formulas() -> None:
    from dataclasses import replace

    actions = seed_actions()
    actions[0] = replace(actions[0], text='=HYPERLINK("http://evil")')
    events = [AuditEvent(actions[0].id, "c", NOW, Person("Alex"), "logged", Surface.COMMAND)]
    rows = list(csv.DictReader(io.StringIO(register_csv(actions, events))))
    assert len(rows) == 7
    assert rows[0]["action"].startswith("'=")
    assert "logged by Alex" in rows[0]["history"]
    assert rows[6]["deadline_as_written"] == "By June 2025"


def test_ics_has_an_event_per_dated_deadline_with_stable_uids() -> None:
    actions = seed_actions()
    first = icalendar.Calendar.from_ical(deadlines_ics(actions, calendar_name="Forum", now=NOW))
    again = icalendar.Calendar.from_ical(deadlines_ics(actions, calendar_name="Forum", now=NOW))
    uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    dated = [a for a in actions if a.deadline.target is not None]
    assert uids == [f"{a.id}@chaser" for a in dated] == [str(e["uid"]) for e in again.walk("VEVENT")]
