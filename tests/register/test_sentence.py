"""The one action-sentence reader, on sentences as people type them. Expectations are written by hand.

The wider table of real phrasings from published minutes is tests/fixtures/phrasings/ (benchmarks/capture.py
prints the share read right); these tests pin the behaviour the issue names, one rule at a time.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.register.calendar import WorkingCalendar
from bot.register.commands import Mention
from bot.register.deadlines import parse_deadline
from bot.register.errors import InvalidInput
from bot.register.model import DeadlineKind, OwnerKind, Person
from bot.register.sentence import ActionReading, read_action
from bot.register.sentence import reader as sentence_reader
from bot.register.sentence.marks import MAX_BRACKETS, MAX_SEGMENTS
from bot.register.sentence.phrases import READ_BUDGET

MONDAY = date(2025, 3, 17)
OWEN = Person("Owen Davies", aad_id="aad-owen", user_id="29:owen")
BETH = Person("Beth Evans", aad_id="aad-beth", user_id="29:beth")
MEGAN = Person("Megan Williams", aad_id="aad-megan", user_id="29:megan")
YUSUF = Person("Yusuf Omar", aad_id="aad-yusuf", user_id="29:yusuf")
OWEN_JONES = Person("Owen Jones", aad_id="aad-owen-j", user_id="29:owen-j")
MEMBERS = (OWEN, BETH, MEGAN, YUSUF)
AT_OWEN = Mention(user_id="29:owen", name="Owen Davies", text="<at>Owen Davies</at>", aad_id="aad-owen")


def read(sentence: str, **kwargs: object) -> ActionReading:
    kwargs.setdefault("members", MEMBERS)
    return read_action(sentence, reference=MONDAY, **kwargs)  # type: ignore[arg-type]


def summary(reading: ActionReading) -> tuple[str, str | None, str]:
    return reading.text, reading.owner.name if reading.owner else None, reading.deadline.text


# -- the examples that came out wrong (issue 13) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Share the Misinformation Toolkit with Forum members - Secretariat - ASAP",
            ("Share the Misinformation Toolkit with Forum members", "Secretariat", "ASAP"),
        ),
        (
            "Secretariat to send diary marker in due course",
            ("Secretariat to send diary marker", "Secretariat", "in due course"),
        ),
        (
            "Secretariat to share the guidance with Forum members when it is available (Spring 2025)",
            (
                "Secretariat to share the guidance with Forum members",
                "Secretariat",
                "when it is available (Spring 2025)",
            ),
        ),
        (
            "Owen to book the venue for the June meeting",
            ("Owen to book the venue for the June meeting", "Owen Davies", ""),
        ),
    ],
)
def test_the_examples_that_came_out_wrong(sentence: str, expected: tuple[str, str | None, str]) -> None:
    assert summary(read(sentence)) == expected


def test_the_one_being_invited_is_not_the_owner_and_the_reader_asks_who() -> None:
    reading = read("DARPL to be invited to the next meeting")
    assert reading.owner is None and reading.ask_who
    assert reading.text == "DARPL to be invited to the next meeting"


def test_a_chat_member_by_first_name_is_that_person_not_a_new_role() -> None:
    reading = read("Owen to book the venue")
    assert reading.owner is not None
    assert (reading.owner.kind, reading.owner.name, reading.owner.aad_id) == (
        OwnerKind.PERSON,
        "Owen Davies",
        "aad-owen",
    )


def test_a_mention_is_that_person_and_its_markup_never_reaches_the_text() -> None:
    reading = read("<at>Owen Davies</at> to circulate the draft terms of reference", mentions=[AT_OWEN])
    assert reading.text == "Owen Davies to circulate the draft terms of reference"
    assert reading.owner is not None and reading.owner.user_id == "29:owen"
    assert "<at>" not in reading.text


# -- owner positions -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text", "owner"),
    [
        ("Clerk: circulate the papers a week ahead", "circulate the papers a week ahead", "Clerk"),
        ("Circulate the revised budget (Treasurer)", "Circulate the revised budget", "Treasurer"),
        ("Circulate the revised budget - Treasurer -", "Circulate the revised budget", "Treasurer"),
        ("Circulate the revised budget – Treasurer", "Circulate the revised budget", "Treasurer"),
        ("Update the risk register, Beth", "Update the risk register", "Beth Evans"),
        ("Members agreed to share the survey with their networks", None, "Members"),
        ("Ysgrifenyddiaeth i rannu'r pecyn cymorth", None, "Ysgrifenyddiaeth"),
        ("Regional Convenor (North Wales) to follow up with Forum member", None, "Regional Convenor (North Wales)"),
        ("Send the terms of reference perchennog: Swyddogion", "Send the terms of reference", "Swyddogion"),
    ],
)
def test_owner_wherever_minutes_put_it(sentence: str, text: str | None, owner: str) -> None:
    reading = read(sentence)
    assert reading.text == (text or sentence)
    assert reading.owner is not None and reading.owner.name == owner


def test_owner_and_deadline_in_brackets() -> None:
    reading = read("Send the report to WG officials (owner: Clerk, by 31 March)")
    assert summary(reading) == ("Send the report to WG officials", "Clerk", "by 31 March")
    assert reading.deadline.kind is DeadlineKind.DATE


@pytest.mark.parametrize(
    ("sentence", "joint", "each"),
    [
        ("Chair and Secretary to agree the agenda", "Chair and Secretary", ["Chair", "Secretary"]),
        ("MW/YO to draft the response", "MW/YO", ["Megan Williams", "Yusuf Omar"]),
        ("Owen a Beth i drefnu'r digwyddiad", "Owen a Beth", ["Owen Davies", "Beth Evans"]),
    ],
)
def test_joint_owners(sentence: str, joint: str, each: list[str]) -> None:
    reading = read(sentence)
    assert reading.owner is not None and reading.owner.name == joint
    assert [owner.name for owner in reading.owners] == each


def test_roles_stay_roles_even_when_a_member_shares_a_word() -> None:
    reading = read("Secretariat to share the toolkit", members=(*MEMBERS, Person("Secretariat Bot", aad_id="x")))
    assert reading.owner is not None and reading.owner.kind is OwnerKind.ROLE


def test_two_members_with_one_first_name_are_not_guessed() -> None:
    reading = read("Owen to book the venue", members=(OWEN, OWEN_JONES))
    assert reading.owner is not None and (reading.owner.kind, reading.owner.name) == (OwnerKind.ROLE, "Owen")


def test_an_email_address_is_an_owner() -> None:
    reading = read("Respond to the consultation - Jo.Bloggs@Example.org - within 5 working days")
    assert reading.owner is not None and reading.owner.email == "jo.bloggs@example.org"
    assert reading.deadline.text == "within 5 working days"


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "Sam Jones <Sam@Example.org> to book the room by 30 June 2025",
            "Sam Jones <Sam@Example.org> to book the room",
        ),
        ("Book the room by 30 June 2025 - Sam Jones <sam@example.org>", "Book the room"),
        ("Book the room by 30 June 2025 (Sam Jones <sam@example.org>)", "Book the room"),
        (
            "Sam Jones (sam@example.org) to book the room by 30 June 2025",
            "Sam Jones (sam@example.org) to book the room",
        ),
    ],
)
def test_an_address_with_a_display_name_is_an_owner_known_by_the_address(sentence: str, text: str) -> None:
    reading = read(sentence)
    assert reading.owner is not None
    assert (reading.owner.kind, reading.owner.name, reading.owner.email) == (
        OwnerKind.PERSON,
        "Sam Jones",
        "sam@example.org",
    )
    assert reading.text == text and reading.deadline.text == "by 30 June 2025"


def test_angle_brackets_without_an_address_name_nobody() -> None:
    assert read("Jones <jones> to book the room").owner is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Share the toolkit with members",
        "We need to agree the budget",
        "Agreed to share the toolkit with members",
        "Note: the budget is tight",
        "Invite <at>Owen Davies</at> to the next meeting",
    ],
)
def test_no_owner_is_invented(sentence: str) -> None:
    assert read(sentence, mentions=[AT_OWEN]).owner is None


@pytest.mark.parametrize(
    "sentence", ["DARPL i'w gwahodd i'r cyfarfod nesaf", "The Minister to be consulted on the draft"]
)
def test_passive_forms_ask_who(sentence: str) -> None:
    reading = read(sentence)
    assert reading.owner is None and reading.ask_who


def test_to_be_with_an_adjective_is_not_passive() -> None:
    reading = read("Secretariat to be responsible for the booking")
    assert reading.owner is not None and not reading.ask_who


# -- deadline positions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text", "deadline", "kind"),
    [
        ("Publish the annual report this spring", "Publish the annual report", "this spring", DeadlineKind.DATE),
        ("Circulate notes w/c 14 April", "Circulate notes", "w/c 14 April", DeadlineKind.DATE),
        (
            "Agree the agenda two weeks before the AGM",
            "Agree the agenda",
            "two weeks before the AGM",
            DeadlineKind.EVENT,
        ),
        ("Discuss at a future meeting", "Discuss", "at a future meeting", DeadlineKind.EVENT),
        ("Report back before the next meeting", "Report back", "before the next meeting", DeadlineKind.NEXT_MEETING),
        ("Review the policy by end of month", "Review the policy", "by end of month", DeadlineKind.DATE),
        ("Review the policy in Q2", "Review the policy", "in Q2", DeadlineKind.DATE),
        ("Review the policy, ongoing", "Review the policy", "ongoing", DeadlineKind.ONGOING),
        ("By Friday, send the paper to members", "send the paper to members", "By Friday", DeadlineKind.DATE),
        ("Send the paper by Friday to members", "Send the paper to members", "by Friday", DeadlineKind.DATE),
        ("Send the paper (by the summer)", "Send the paper", "by the summer", DeadlineKind.DATE),
        ("Send the paper - as soon as possible", "Send the paper", "as soon as possible", DeadlineKind.ASAP),
        ("Anfon y papur erbyn diwedd mis Mehefin", "Anfon y papur", "erbyn diwedd mis Mehefin", DeadlineKind.DATE),
        ("Anfon y papur maes o law", "Anfon y papur", "maes o law", DeadlineKind.ONGOING),
    ],
)
def test_deadline_phrases_anywhere(sentence: str, text: str, deadline: str, kind: DeadlineKind) -> None:
    reading = read(sentence)
    assert (reading.text, reading.deadline.text, reading.deadline.kind) == (text, deadline, kind)


@pytest.mark.parametrize(
    "sentence",
    [
        "Include the figures in the March report",
        "Report submitted by finance",
        "Share the report by email",
        "Arrange the next Forum meeting",
        "Plan the summer programme",
    ],
)
def test_words_of_the_action_are_not_taken_for_a_deadline(sentence: str) -> None:
    reading = read(sentence)
    assert (reading.text, reading.deadline.text) == (sentence, "")


def test_to_be_confirmed_is_kept_but_flagged_as_not_a_date() -> None:
    reading = read("Book the venue - Clerk - TBC")
    assert (reading.owner and reading.owner.name, reading.deadline.text) == ("Clerk", "TBC")
    assert reading.deadline_unread


def test_marked_deadline_words_that_do_not_read_as_a_date_are_kept_and_flagged() -> None:
    reading = read("Book the venue due: whenever the hall is free")
    assert reading.deadline.text == "whenever the hall is free"
    assert not reading.deadline_unread  # "whenever …" is a condition (an event)
    odd = read("Book the venue due: blue moon")
    assert (odd.deadline.text, odd.deadline.kind, odd.deadline_unread) == ("blue moon", DeadlineKind.UNKNOWN, True)


def test_working_days_are_the_calendars() -> None:
    saturdays = WorkingCalendar.from_env({"CHASER_WORKING_DAYS": "mon-sat"})
    thursday = date(2025, 4, 24)
    reading = read_action("Reply within 3 working days", reference=thursday, calendar=saturdays)
    assert reading.deadline.due is not None and reading.deadline.due.date() == date(2025, 4, 28)


def test_an_empty_owner_marker_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        read("Share it owner:")
    assert refused.value.key == "error.action.owner_empty"


# -- hostile input ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "x " + "by " * 700,
        "Share" + " " * 5000 + "the toolkit by Friday",
        "x " + " ".join(f"by a{i}" for i in range(400)),
        "x " + " ".join(f"(Spring {2000 + i % 50})" for i in range(400)),
        " - ".join(f"Owner{i}" for i in range(500)),
        "<at>" * 500 + "x",
    ],
)
def test_hostile_sentences_cost_a_bounded_number_of_deadline_readings(
    sentence: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The figure that makes "/action x by by by …" cheap: however many places could open a deadline phrase, the
    # reader asks the deadline grammar a bounded number of times (benchmarks/capture.py measures the time).
    readings: list[str] = []

    def counting(words: str, **kwargs: object) -> object:
        readings.append(words)
        return parse_deadline(words, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sentence_reader, "parse_deadline", counting)
    reading = read(sentence)
    assert len(readings) <= READ_BUDGET + 2 * MAX_BRACKETS + MAX_SEGMENTS
    assert all(len(words) < 400 for words in readings)
    assert len(reading.text) <= len(sentence)
