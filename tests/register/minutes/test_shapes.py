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
    assert found.actions[0].text == "Yr Ysgrifenyddiaeth i rannu'r pecyn cymorth."


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


def rows(text: str) -> list[tuple[object, ...]]:
    return [(a.text, a.owner, a.deadline_text, a.status.value) for a in parse_minutes(text).actions]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ACTION: Clerk to write to the county council.", ("Clerk to write to the county council.", "Clerk")),
        ("Action point 3: Treasurer to obtain quotes", ("Treasurer to obtain quotes", "Treasurer")),
        ("AP - Chair to sign the lease", ("Chair to sign the lease", "Chair")),
        ("* [ACTION] @nick review the draft", ("nick review the draft", "nick")),
        ("#action ana to file the bug", ("ana to file the bug", "ana")),
        ("Action – Secretariat to circulate the paper", ("Secretariat to circulate the paper", "Secretariat")),
        ("Cam gweithredu: Clerc i ysgrifennu at y Cyngor", ("Clerc i ysgrifennu at y Cyngor", "Clerc")),
        ("<scribe> ACTION: dka to draft the charter", ("dka to draft the charter", "dka")),
        ("- [ ] @sam update the guide", ("sam update the guide", "sam")),
    ],
)
def test_labelled_lines_in_their_many_spellings(line: str, expected: tuple[str, str]) -> None:
    [action] = parse_minutes(f"Notes\n\n{line}\n").actions
    assert (action.text, action.owner) == expected


def test_chatter_that_starts_with_action_is_not_an_action() -> None:
    assert rows("Action films tonight?\nActionable items were discussed.\nThe action plan was noted.") == []


def test_an_owner_marker_closing_a_paragraph_owns_its_last_sentence() -> None:
    text = "Members discussed the hall.\nThe clerk will obtain three quotes for the roof.   ACTION: Clerk\n"
    assert rows(text) == [("The clerk will obtain three quotes for the roof", "Clerk", None, "open")]


def test_a_list_under_an_actions_heading_and_task_lists_marked_done() -> None:
    text = (
        "Camau y cytunwyd arnynt\n\n- Clerc i anfon y cofnodion\n- Cadeirydd i ffonio'r heddlu\n\n"
        "Next\n- [x] Ana to tag 2.0\n"
    )
    assert rows(text) == [
        ("Clerc i anfon y cofnodion", "Clerc", None, "open"),
        ("Cadeirydd i ffonio'r heddlu", "Cadeirydd", None, "open"),
        ("Ana to tag 2.0", "Ana", None, "done"),
    ]


def test_narrative_minutes_without_labels_in_english_and_welsh() -> None:
    text = (
        "Minutes\n\nThe Clerk was asked to write to Highways about the pothole. The meeting will be held in May. "
        "JB agreed to circulate the paper. It was agreed that the Treasurer would obtain quotes. "
        "The Board agreed to note the report.\n\nGofynnwyd i'r Clerc ysgrifennu at y Cyngor Sir. "
        "Cytunodd y Cadeirydd i anfon llythyr.\n"
    )
    assert [(a.owner, a.text[:22]) for a in parse_minutes(text).actions] == [
        ("Clerk", "The Clerk was asked to"),
        ("JB", "JB agreed to circulate"),
        ("Treasurer", "It was agreed that the"),
        ("Clerc", "Gofynnwyd i'r Clerc ys"),
        ("Cadeirydd", "Cytunodd y Cadeirydd i"),
    ]


def test_trackers_with_other_column_names_revised_dates_and_closed_rows() -> None:
    text = (
        "Action log\n\nItem no\tAgreed action\tResponsible officer\tTarget date\tRevised date\tOpen/Closed\n"
        "January 2025\n"
        "1\tUpdate the risk register\tHead of Governance\t28 Feb\t31 Mar\tO\n"
        "2\tPublish the annual report\tChief Executive\t30 Jan\t\tC\n"
    )
    found = parse_minutes(text).actions
    assert [(a.no, a.owner, a.deadline_text, a.status.value) for a in found] == [
        (1, "Head of Governance", "31 Mar", "open"),
        (2, "Chief Executive", "30 Jan", "done"),
    ]
    assert found[0].deadline.due is not None and found[0].deadline.due.year == 2025


def test_fixed_width_tables_with_wrapped_interleaved_cells() -> None:
    text = (
        " NO     ACTION                                  LEAD    TARGET    STATUS/\n"
        "                                                        DATE      COMMENT\n"
        " May 2012\n"
        " 01.05  Safeguarding training to be undertaken  MW      June      Reorganised to\n"
        "        on Board time out                                         Aug\n"
        " 02.05  Date to be agreed for the solution      JB      30 Sept   Complete\n"
    )
    found = parse_minutes(text).actions
    assert [(a.ref, a.text, a.owner, a.deadline_text, a.status.value) for a in found] == [
        ("01.05", "Safeguarding training to be undertaken on Board time out", "MW", "June", "open"),
        ("02.05", "Date to be agreed for the solution", "JB", "30 Sept", "done"),
    ]
    assert found[0].source.first_line == 4 and found[0].source.last_line == 5


def test_duplicates_are_exact_and_distinct_items_stay_distinct() -> None:
    same = "Action: Secretariat to share item 1 with the forum.\n" * 3
    other = "Action: Secretariat to share item 2 with the forum.\n"
    assert [a.text for a in parse_minutes(same + other).actions] == [
        "Secretariat to share item 1 with the forum.",
        "Secretariat to share item 2 with the forum.",
    ]
    many = "\n".join(f"Action: Secretariat to share item {n} with the forum." for n in range(5000))
    assert len(parse_minutes(many).actions) == 5000


def test_long_runs_of_spaces_and_by_words_are_read_plainly() -> None:
    text = "Action: Clerk to book the room" + " " * 50_000 + "(" + " by" * 3000 + "\n"
    [action] = parse_minutes(text).actions
    assert action.owner == "Clerk"
