"""The action-sentence reader on deadline phrases seen in real minutes of the import corpus
(tests/fixtures/minutes-corpus): times gone by, meetings named by their month, spans before an event, the Welsh
"cyfarfod nesaf" and sentences run together without a space. Expectations are written by hand."""

from __future__ import annotations

from datetime import date

import pytest

from bot.register.model import DeadlineKind
from bot.register.sentence import read_action

MEETING = date(2024, 5, 1)


@pytest.mark.parametrize(
    ("sentence", "deadline", "kind"),
    [
        # OASIS Board action review, 2006
        ("The TAB to provide an updated version to the Board at its March meeting.", "at its March meeting",
         DeadlineKind.EVENT),
        ("The Strategy Committee to report at the May meeting with options.", "at the May meeting",
         DeadlineKind.NEXT_MEETING),
        # OpenStreetMap Foundation board, 2018
        ("All to send an email to members, months in advance of the 2018 Annual General Meeting, encouraging them.",
         "months in advance of the 2018 Annual General Meeting", DeadlineKind.EVENT),
        # Chwaraeon Cymru board, 2022
        ("Byddai awgrymiadau yn cael eu cyflwyno i gyfarfod nesaf y Bwrdd ym mis Medi.",
         "gyfarfod nesaf y Bwrdd ym mis Medi", DeadlineKind.NEXT_MEETING),
    ],
)  # fmt: skip
def test_deadlines_minutes_write(sentence: str, deadline: str, kind: DeadlineKind) -> None:
    reading = read_action(sentence, reference=MEETING)
    assert (reading.deadline.text, reading.deadline.kind) == (deadline, kind)
    assert deadline not in reading.text


@pytest.mark.parametrize(
    "sentence",
    [
        "The verges were cut last week, however, GC to trim the hedge.",  # Leigh on Mendip PC, 2012
        "Report on the incidents of the previous month to the panel.",
        "Trafod y digwyddiadau yr wythnos diwethaf gyda'r heddlu.",
        "Check the list at example.org for the Chair.",
        "Swyddogion i drefnu'r cyfarfod nesaf.",  # the next meeting is what to arrange
    ],
)
def test_a_time_gone_by_or_a_meeting_to_arrange_is_not_a_deadline(sentence: str) -> None:
    reading = read_action(sentence, reference=MEETING)
    assert reading.deadline.text == ""
    assert reading.text == sentence.rstrip(".") or reading.text == sentence


def test_two_sentences_run_together_are_read_apart() -> None:
    # Mawddwy community council, January 2021: "… y tro nesaf.Tra'n trafod hyn, …"
    reading = read_action("Byddai'r Clerc yn gyrru'r enwau y tro nesaf.Tra'n trafod hyn", reference=MEETING)
    assert reading.deadline.text == "y tro nesaf"
    assert "Tra'n trafod hyn" in reading.text
    # Not inside addresses or initials.
    for sentence in ("Email J.Smith about the venue", "Publish it on www.example.Com for members"):
        assert read_action(sentence, reference=MEETING).text == sentence


def test_a_numbered_item_is_a_reference_not_a_date() -> None:
    reading = read_action("Secretariat to share item 12 with the forum by June 2025.", reference=MEETING)
    assert (reading.text, reading.deadline.text) == ("Secretariat to share item 12 with the forum.", "by June 2025")
    for sentence in ("Review paper 3 with the panel", "Trafod eitem 4 gyda'r Cyngor"):
        reading = read_action(sentence, reference=MEETING)
        assert (reading.text, reading.deadline.text) == (sentence, "")
