"""The command language, without a network: recognising commands and reading /action words."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from bot.register.commands import COMMANDS, Mention, parse_action, parse_number, recognise
from bot.register.errors import InvalidInput
from bot.register.model import DeadlineKind, OwnerKind
from bot.register.sentence import ActionReading, read_action

ALEX = Mention(user_id="29:alex", name="Alex Jones", text="<at>Alex Jones</at>", aad_id="aad-alex")


def parse(words: str, mentions: Sequence[Mention] = ()) -> ActionReading:
    return parse_action(words, read=lambda w: read_action(w, reference=date(2025, 3, 17), mentions=mentions))


@pytest.mark.parametrize(
    ("text", "addressed", "expected"),
    [
        ("/action Share the toolkit", False, ("action", "Share the toolkit")),
        ("/ACTION Share the toolkit", False, ("action", "Share the toolkit")),
        ("action Share the toolkit", True, ("action", "Share the toolkit")),
        ("ACTION: share the toolkit", False, ("action", "share the toolkit")),
        ("Cam: Swyddogion i rannu'r pecyn", False, ("action", "Swyddogion i rannu'r pecyn")),
        ("Action: Secretariat to share the toolkit.", False, ("action", "Secretariat to share the toolkit.")),
        ("/action", False, ("action", "")),
        ("  /actions  ", False, ("actions", "")),
        ("/list", False, ("actions", "")),
        ("/done 3", False, ("done", "3")),
        ("/close 3", False, ("done", "3")),
        ("/help", False, ("help", "")),
        ("help", True, ("help", "")),
        ("actions", True, ("actions", "")),
        ("/role Secretariat", False, ("role", "Secretariat")),
    ],
)
def test_commands_are_recognised(text: str, addressed: bool, expected: tuple[str, str]) -> None:
    call = recognise(text, addressed=addressed)
    assert call is not None
    assert (call.name, call.args) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Good morning everyone",
        "actions speak louder than words",  # bare words other than "action" need a slash when not addressed
        "help me with this",
        "done and dusted",
        "/unknown thing",
        "https://example.org/action",
        "reaction to the paper",
        "Action films tonight? my NI number is QQ123456C",
        "action Share the toolkit",  # bare, no colon, not addressed: conversation
        "Action! Camera!",
        "cam ymlaen",
    ],
)
def test_chat_that_is_not_a_command_is_ignored(text: str) -> None:
    assert recognise(text, addressed=False) is None


def test_every_command_has_a_unique_keyword() -> None:
    keywords = [k for spec in COMMANDS for k in (spec.name, *spec.aliases)]
    assert len(keywords) == len(set(keywords))


def test_explicit_owner_and_deadline_are_taken_out_of_the_text() -> None:
    draft = parse(
        "Share the Misinformation Toolkit with Forum members. owner: Secretariat deadline: As soon as possible"
    )
    assert draft.text == "Share the Misinformation Toolkit with Forum members."
    assert draft.owner is not None and draft.owner.kind is OwnerKind.ROLE
    assert draft.owner.name == "Secretariat"
    assert draft.deadline.text == "As soon as possible"


def test_deadline_before_owner_in_any_order() -> None:
    draft = parse("Send diary marker due: 2025-06-01 owner: Regional Convenor (North Wales)")
    assert draft.text == "Send diary marker"
    assert draft.owner is not None and draft.owner.name == "Regional Convenor (North Wales)"
    assert draft.deadline.text == "2025-06-01"


def test_a_mentioned_person_owns_the_action() -> None:
    draft = parse("<at>Alex Jones</at> to send the deck to finance", [ALEX])
    assert draft.owner is not None
    assert (draft.owner.kind, draft.owner.name, draft.owner.aad_id) == (OwnerKind.PERSON, "Alex Jones", "aad-alex")
    assert draft.text == "Alex Jones to send the deck to finance"  # Teams' markup never reaches the text


def test_owner_marker_with_a_mention() -> None:
    draft = parse("Send the deck owner: <at>Alex Jones</at>", [ALEX])
    assert draft.owner is not None and draft.owner.aad_id == "aad-alex"
    assert draft.text == "Send the deck"


@pytest.mark.parametrize(
    ("words", "owner"),
    [
        ("Secretariat to share the Misinformation toolkit", "Secretariat"),
        ("Regional convenor for N Wales to follow up with Forum member", "Regional convenor for N Wales"),
        ("Officials to share details about the new grant schemes", "Officials"),
        ("Yr Ysgrifenyddiaeth i rannu'r pecyn cymorth", "Yr Ysgrifenyddiaeth"),
    ],
)
def test_minutes_idiom_names_the_owner(words: str, owner: str) -> None:
    draft = parse(words)
    assert draft.owner is not None and draft.owner.kind is OwnerKind.ROLE
    assert draft.owner.name == owner
    assert draft.text == words


@pytest.mark.parametrize(
    "words",
    [
        "share the toolkit with members",  # lower-case start: not a name
        "We need to agree the budget",
        "How to fund the grants",
        "The chair of the very long named working group for regional things to decide",  # too many words
    ],
)
def test_idiom_does_not_invent_owners(words: str) -> None:
    assert parse(words).owner is None


def test_soft_by_counts_only_when_it_reads_as_a_deadline() -> None:
    draft = parse("Report submitted by finance")
    assert draft.text == "Report submitted by finance"
    assert draft.deadline.text == ""
    dated = parse("Send the report by 2025-04-01")
    assert dated.text == "Send the report"
    assert dated.deadline.kind is DeadlineKind.DATE


@pytest.mark.parametrize(
    ("words", "key"),
    [
        ("owner: Secretariat", "error.action.empty"),
        ("x" * 1001, "error.action.too_long"),
        ("x" * 3000, "error.action.too_long"),
        ("Share it owner:", "error.action.owner_empty"),
    ],
)
def test_bad_action_words_are_refused_with_a_reason(words: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse(words)
    assert refused.value.key == key


def test_exactly_one_thousand_characters_is_allowed() -> None:
    assert len(parse("x" * 1000).text) == 1000


@pytest.mark.parametrize(("args", "number"), [("3", 3), (" #12 ", 12), ("No. 4", 4), ("no 5", 5)])
def test_action_numbers(args: str, number: int) -> None:
    assert parse_number(args) == number


@pytest.mark.parametrize("args", ["three", "3a", "-1", "1.5", "12345678", ""])
def test_bad_action_numbers(args: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_number(args)
    assert refused.value.key == "error.number.invalid"
