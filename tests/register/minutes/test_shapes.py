"""Finding actions in minutes of several real shapes; no network, no database."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import docx  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.register.minutes import MinutesRefused, parse_minutes, read_minutes
from bot.register.minutes.model import MAX_TEXT_CHARS

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).parents[2] / "fixtures" / "seed" / "wales-race-forum-2025-03-17.txt"


def table(found) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [[a.no, a.text, a.owner, a.deadline_text] for a in found.actions]


def test_the_seed_gives_its_seven_actions_once_numbered_as_its_table() -> None:
    found = parse_minutes(SEED.read_text())
    expected = json.loads((FIXTURES / "wales-race-forum-2025-03-17.expected.json").read_text())
    assert table(found) == [[e["no"], e["text"], e["owner"], e["deadline_text"]] for e in expected]
    assert found.title == "Wales Race Forum"
    assert found.meeting_date == date(2025, 3, 17)


def test_an_nhs_style_tracker_with_its_own_numbers_and_escaped_pipes() -> None:
    found = parse_minutes((FIXTURES / "nhs-action-tracker.md").read_text())
    assert found.meeting_date == date(2025, 6, 4)
    assert table(found) == [
        [14, "Circulate the revised digital inclusion strategy to members", "Programme Office", "20/06/25"],
        [15, "Confirm funding for the shared care record pilot", "Director of Finance", "end of Q2"],
        [16, "Report back on GP practice readiness survey | phase 2", "Head of Primary Care", "Next meeting"],
    ]


def test_open_source_notes_with_action_item_lines_and_checkboxes() -> None:
    found = parse_minutes((FIXTURES / "open-source-notes.txt").read_text())
    assert found.meeting_date == date(2025, 5, 12)
    assert table(found) == [
        [1, "Priya to draft the 2.3 release notes", "Priya", "by 2025-05-16"],
        [2, "Tomás to open an issue for the flaky Windows test", "Tomás", None],
        [3, "sam to update the contributor guide", "sam", None],
    ]
    assert found.actions[0].deadline.due is not None
    assert found.actions[0].deadline.due.date() == date(2025, 5, 16)


def test_welsh_minutes_with_cam_gweithredu_lines() -> None:
    found = parse_minutes((FIXTURES / "cofnodion.txt").read_text())
    assert found.meeting_date == date(2025, 3, 17)
    assert [(a.owner, a.deadline_text) for a in found.actions] == [
        ("Yr Ysgrifenyddiaeth", "erbyn diwedd mis Mehefin"),
        ("Swyddogion", None),
    ]
    assert found.actions[0].text == "Yr Ysgrifenyddiaeth i rannu'r pecyn cymorth"


def test_word_minutes_with_paragraphs_and_a_table() -> None:
    document = docx.Document()
    document.add_heading("Board meeting", level=1)
    document.add_paragraph("Held on 2 April 2025")
    document.add_paragraph("Action: Clerk to book the room for May.")
    grid = document.add_table(rows=1, cols=4)
    for cell, heading in zip(grid.rows[0].cells, ("No.", "Action Item", "Owner", "Deadline / Status"), strict=True):
        cell.text = heading
    for values in (
        ("1", "Book the room for the May meeting", "Clerk", "By 30 April 2025"),
        ("2", "Send papers", "Chair", "TBC"),
    ):
        for cell, value in zip(grid.add_row().cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    found = read_minutes(buffer.getvalue(), "board.docx")
    assert found.meeting_date == date(2025, 4, 2)
    assert table(found) == [
        [1, "Book the room for the May meeting", "Clerk", "By 30 April 2025"],
        [2, "Send papers", "Chair", "TBC"],
    ]


def test_the_meeting_date_given_wins_and_reads_the_deadlines() -> None:
    found = parse_minutes(
        "Notes\n\nAction: Secretariat to send the report by 2025-07-01.", meeting_date=date(2025, 6, 1)
    )
    assert found.meeting_date == date(2025, 6, 1)
    assert found.actions[0].deadline.due == datetime(2025, 7, 1, tzinfo=found.actions[0].deadline.due.tzinfo)  # type: ignore[union-attr]
    assert found.actions[0].deadline.due.astimezone(UTC).date() in (date(2025, 6, 30), date(2025, 7, 1))  # type: ignore[union-attr]


def test_oversized_minutes_are_refused() -> None:
    with pytest.raises(MinutesRefused) as refused:
        parse_minutes("x" * (MAX_TEXT_CHARS + 1))
    assert refused.value.key == "error.import.file_too_large"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_parses_without_error(text: str) -> None:
    found = parse_minutes(text)
    assert all(a.text for a in found.actions)
