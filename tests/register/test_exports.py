"""Exports of the register: the Summary of Actions per meeting with its history (Markdown, Word on A4, bilingual
when asked), CSV with every field and its history, iCalendar with stable UIDs; dates in the chat's timezone."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import docx  # type: ignore[import-untyped]
import icalendar
from docx.shared import Mm  # type: ignore[import-untyped]

from bot.register.deadlines import parse_deadline
from bot.register.exports import deadlines_ics, register_csv
from bot.register.history import histories
from bot.register.minutes import parse_minutes
from bot.register.model import ActionStatus, AuditEvent, DeadlineKind, Person, Surface
from bot.register.record import summary_docx, summary_markdown
from cards.catalogue import BILINGUAL
from cards.gallery import OCCURRENCE, sample_action, seed_actions
from cards.words import CatalogueWords

NOW = datetime(2025, 3, 18, 9, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
ENGLISH = CatalogueWords("en", LONDON)
ALEX, BETH, CARYS = Person("Alex Jones"), Person("Beth Evans"), Person("Carys Owen")


def event(action_id: str, kind: str, at: datetime, who: Person, **detail: object) -> AuditEvent:
    return AuditEvent(action_id, "c", at, who, kind, Surface.CARD, dict(detail))


def a_year_of_history() -> tuple[list, list[AuditEvent]]:
    """March's seven actions, and what happened to three of them by June."""
    actions = seed_actions()
    first, second, third = actions[0], actions[1], actions[2]
    events = [event(a.id, "logged", OCCURRENCE.started_at, ALEX, deadline=a.deadline.text) for a in actions]
    events += [
        event(first.id, "carried_forward", datetime(2025, 6, 16, 11, 20, tzinfo=UTC), CARYS,
              deadline=["As soon as possible", "By 31 July 2025"]),
        event(second.id, "progress", datetime(2025, 4, 2, 9, tzinfo=UTC), BETH, update="Draft is with legal"),
        event(third.id, "handed_back", datetime(2025, 5, 6, 10, tzinfo=UTC), BETH, reason="On leave until July",
              suggested_owner="Gwen Price"),
        event(actions[6].id, "removed", datetime(2025, 3, 17, 13, 5, tzinfo=UTC), ALEX, reason="Logged twice"),
    ]  # fmt: skip
    actions[0] = replace(first, deadline=parse_deadline("By 31 July 2025", reference=NOW.date(), tz="Europe/London"))
    actions[2] = replace(third, owner=None)
    if "removed" in {status.value for status in ActionStatus}:  # the soft delete (status "removed")
        actions[6] = replace(actions[6], status=ActionStatus("removed"))
    return actions, events


def test_markdown_round_trips_through_the_importer() -> None:
    actions = seed_actions()
    text = summary_markdown([(OCCURRENCE, actions)], {}, chat_title="Wales Race Forum", words=ENGLISH)
    assert "| No. | Action Item | Owner | Deadline / Status |" in text
    assert "## Wales Race Forum, Mon 17 March 2025" in text
    found = parse_minutes(text)
    assert [(a.no, a.text, a.owner, a.deadline_text) for a in found.actions] == [
        (a.number, a.text, a.owner.name if a.owner else None, a.deadline.text) for a in actions
    ]


def test_the_table_keeps_the_deadline_as_agreed_and_the_history_follows_it() -> None:
    actions, events = a_year_of_history()
    text = summary_markdown([(OCCURRENCE, actions)], histories(actions, events), chat_title=None, words=ENGLISH)
    [first] = [line for line in text.splitlines() if line.startswith("| 1 ")]
    assert first.endswith("| As soon as possible |")  # not the carried-forward "By 31 July 2025"
    history = text.split("### History", 1)[1]
    assert "No. 2: update from Beth Evans, Wed 2 April 2025: Draft is with legal" in history
    assert (
        "No. 3: handed back by Beth Evans, Tue 6 May 2025. Reason: On leave until July Suggested owner: Gwen Price."
        in history
    )
    assert (
        "No. 1: deadline As soon as possible → By 31 July 2025 (Mon 16 June 2025, Carys Owen, at a review)." in history
    )
    assert "No. 7: removed by Alex Jones, Mon 17 March 2025, as logged by mistake. Reason: Logged twice" in history
    # Importing the export back reads the meetings' actions, not their history.
    assert [a.no for a in parse_minutes(text).actions][:3] == [1, 2, 3]


def test_pipes_and_line_breaks_cannot_break_the_table() -> None:
    action = replace(seed_actions()[0], text="Share A | B\nthen C")
    text = summary_markdown([(OCCURRENCE, [action])], {}, chat_title=None, words=ENGLISH)
    [line] = [line for line in text.splitlines() if line.startswith("| 1 ")]
    assert line.count(" | ") == 3 and "A \\| B then C" in line


def test_closed_actions_show_their_status_after_the_deadline() -> None:
    done = replace(seed_actions()[0], status=ActionStatus.DONE)
    text = summary_markdown([(OCCURRENCE, [done])], {}, chat_title=None, words=ENGLISH)
    assert "| As soon as possible (Done) |" in text


def test_word_is_a4_holds_the_table_and_the_history() -> None:
    actions, events = a_year_of_history()
    data = summary_docx(
        [(OCCURRENCE, actions)], histories(actions, events), chat_title="Wales Race Forum", words=ENGLISH
    )
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["No.", "Action Item", "Owner", "Deadline / Status"]
    assert rows[1] == [
        "1",
        "Share the Misinformation Toolkit with Forum members.",
        "Secretariat",
        "As soon as possible",
    ]
    paragraphs = [p.text for p in document.paragraphs]
    assert "History" in paragraphs and any("Gwen Price" in p for p in paragraphs)
    # The history is a bulleted list after its heading, inside the body (the section properties stay last).
    after = document.paragraphs[paragraphs.index("History") + 1 :]
    assert after and all(p.style.name == "List Bullet" for p in after)
    assert document.element.body[-1].tag.endswith("}sectPr")


def test_word_keeps_spaces_tabs_and_line_breaks_in_cells() -> None:
    action = replace(seed_actions()[0], text="  Share the toolkit\tthen\nreport  ")
    data = summary_docx([(OCCURRENCE, [action])], {}, chat_title=None, words=ENGLISH)
    cell = docx.Document(io.BytesIO(data)).tables[0].rows[1].cells[1]
    assert cell.text == "  Share the toolkit\tthen\nreport  "


def test_word_is_bilingual_when_the_chat_is() -> None:
    words = CatalogueWords(BILINGUAL, LONDON)
    data = summary_docx([(OCCURRENCE, seed_actions())], {}, chat_title=None, words=words)
    document = docx.Document(io.BytesIO(data))
    assert [c.text for c in document.tables[0].rows[0].cells] == [
        "Rhif / No.",
        "Cam gweithredu / Action Item",
        "Perchennog / Owner",
        "Dyddiad cau / Statws / Deadline / Status",
    ]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[1] == "Wales Race Forum, Llun 17 Mawrth 2025 / Wales Race Forum, Mon 17 March 2025"


def test_csv_has_every_field_the_history_local_dates_and_no_formulas() -> None:
    actions, events = a_year_of_history()
    actions[1] = replace(actions[1], text='=HYPERLINK("http://evil")')
    kept = histories(actions, events)
    rows = list(
        csv.DictReader(io.StringIO(register_csv(actions, kept, tz=LONDON, meetings={OCCURRENCE.id: OCCURRENCE})))
    )
    assert len(rows) == 7
    assert rows[1]["action"].startswith("'=")
    first = rows[0]
    assert (first["deadline_agreed"], first["deadline_as_written"]) == ("As soon as possible", "By 31 July 2025")
    assert (
        first["deadline_revisions"]
        == "2025-06-16T12:20+01:00 Carys Owen (review): As soon as possible → By 31 July 2025"
    )
    assert first["due"] == "2025-07-31" and first["meeting_date"] == "2025-03-17"
    assert rows[1]["progress_updates"] == "2025-04-02T10:00+01:00 Beth Evans: Draft is with legal"
    assert (rows[2]["handed_back"], rows[2]["suggested_owners"]) == (
        "2025-05-06T11:00+01:00 Beth Evans: On leave until July",
        "Gwen Price",
    )
    assert rows[6]["removed_reason"] == "Logged twice"
    assert "logged by Alex Jones" in rows[0]["history"]


def test_dates_in_summer_time_are_the_local_day_not_the_utc_one() -> None:
    june = sample_action(1, "Report", "Secretariat", "By June 2025", DeadlineKind.DATE)
    spring = sample_action(2, "Publish", "Secretariat", "When published (Spring 2025)", DeadlineKind.EVENT)
    reference = NOW.date()
    june = replace(june, deadline=parse_deadline("By June 2025", reference=reference, tz="Europe/London"))
    spring = replace(
        spring, deadline=parse_deadline("When published (Spring 2025)", reference=reference, tz="Europe/London")
    )
    # The UTC instants fall on the day before (midnight in British Summer Time is 23:00 UTC).
    assert june.deadline.target is not None and june.deadline.target.astimezone(UTC).date().isoformat() == "2025-06-29"
    rows = list(csv.DictReader(io.StringIO(register_csv([june, spring], {}, tz=LONDON))))
    assert (rows[0]["due"], rows[1]["latest"]) == ("2025-06-30", "2025-05-31")
    calendar = icalendar.Calendar.from_ical(deadlines_ics([june, spring], calendar_name="Forum", now=NOW, tz=LONDON))
    assert [e.decoded("dtstart").isoformat() for e in calendar.walk("VEVENT")] == ["2025-06-30", "2025-05-31"]


def test_ics_has_an_event_per_dated_deadline_with_stable_uids() -> None:
    actions = seed_actions()
    first = icalendar.Calendar.from_ical(deadlines_ics(actions, calendar_name="Forum", now=NOW, tz=LONDON))
    again = icalendar.Calendar.from_ical(deadlines_ics(actions, calendar_name="Forum", now=NOW, tz=LONDON))
    uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    dated = [a for a in actions if a.deadline.target is not None]
    assert uids == [f"{a.id}@chaser" for a in dated] == [str(e["uid"]) for e in again.walk("VEVENT")]


def test_ics_text_survives_escaping_and_folding_into_a_calendar_reader() -> None:
    text = "Rhannu'r pecyn â'r Fforwm; gwneud hyn, wedyn \\ adrodd\nyn ôl " + "ŵ" * 50
    june = sample_action(1, text, "Secretariat", "By June 2025", DeadlineKind.DATE)
    june = replace(june, deadline=parse_deadline("By June 2025", reference=NOW.date(), tz="Europe/London"))
    data = deadlines_ics([june], calendar_name="Fforwm; Hil, Cymru", now=NOW, tz=LONDON)
    # Every physical line within 75 octets, and each line a whole UTF-8 text (no character cut in two).
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["x-wr-calname"]) == "Fforwm; Hil, Cymru"
    [found] = calendar.walk("VEVENT")
    assert str(found["summary"]) == f"No. 1: {text}"
    assert str(found["description"]) == "Owner: Secretariat\nDeadline: By June 2025"
    assert found.decoded("dtstamp") == NOW


def test_the_documents_written_in_pages_are_the_documents_written_whole() -> None:
    from bot.register.exports import CsvWriter, IcsWriter
    from bot.register.record import MarkdownWriter, write_all
    from bot.register.record_docx import DocxWriter

    actions, events = a_year_of_history()
    kept = histories(actions, events)
    second = replace(OCCURRENCE, id="occ-2", started_at=datetime(2025, 6, 16, 11, tzinfo=UTC))
    later = [replace(a, id=f"{a.id}-2", number=a.number + 10, occurrence_id="occ-2") for a in actions]
    whole = [(OCCURRENCE, actions), (second, later)]
    makers = {
        "md": lambda: MarkdownWriter(chat_title="Forum", words=ENGLISH),
        "csv": lambda: CsvWriter(tz=LONDON),
        "ics": lambda: IcsWriter(calendar_name="Forum", now=NOW, tz=LONDON),
    }
    for name, make in makers.items():
        paged = make()
        parts = [paged.begin()]
        for occurrence, listed in whole:
            parts.append(paged.meeting(occurrence))
            parts += [paged.page(occurrence, listed[i : i + 2], kept) for i in range(0, len(listed), 2)]
            parts.append(paged.end_meeting(occurrence))
        parts.append(paged.end())
        assert b"".join(parts) == write_all(make(), whole, kept), name
    # Word: the same tables and history, whether written in pages or whole.
    paged = DocxWriter(chat_title="Forum", words=ENGLISH)
    parts = [paged.begin()]
    for occurrence, listed in whole:
        parts.append(paged.meeting(occurrence))
        parts += [paged.page(occurrence, listed[i : i + 2], kept) for i in range(0, len(listed), 2)]
        parts.append(paged.end_meeting(occurrence))
    parts.append(paged.end())
    documents = [
        docx.Document(io.BytesIO(data))
        for data in (b"".join(parts), write_all(DocxWriter(chat_title="Forum", words=ENGLISH), whole, kept))
    ]
    tables = [[[[c.text for c in r.cells] for r in t.rows] for t in d.tables] for d in documents]
    assert (
        tables[0] == tables[1]
        and len(tables[0]) == 2
        and len(tables[0][1]) == 1 + len([a for a in later if a.status.value != "removed"])
    )
    assert [p.text for p in documents[0].paragraphs] == [p.text for p in documents[1].paragraphs]


def test_word_exports_text_holding_control_characters_stored_before_they_were_kept_out() -> None:
    actions, events = a_year_of_history()
    actions[0] = replace(actions[0], text="Share\x00 the\x1b[31m toolkit\x0c now\ufffe")
    events.append(event(actions[1].id, "progress", NOW, BETH, update="half\x07 done"))
    data = summary_docx([(OCCURRENCE, actions)], histories(actions, events), chat_title="Forum\x01", words=ENGLISH)
    document = docx.Document(io.BytesIO(data))
    assert document.tables[0].rows[1].cells[1].text == "Share the[31m toolkit now"
    assert any("half done" in p.text for p in document.paragraphs)
