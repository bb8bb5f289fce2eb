"""Capturing actions as people write them, through /api/messages against the connector stand-in (issue 13).

Each example that came out wrong gives the right card and the right stored row; the card offers the fix for what it
could not read; the form's free text reads the same way."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.register.model import ActionStatus, DeadlineKind, OwnerKind
from tests.support.activities import ALEX, BETH, MEETING_CHAT, Teams, User
from tests.support.cards import all_text, buttons
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot

OWEN = User("Owen Davies", "29:1owenOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOOO", "0a0e2d44-6c1b-4cd1-9d0f-6f1c2b7e0d11")


def walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for child in node.values():
            found += walk(child)
    elif isinstance(node, list):
        for child in node:
            found += walk(child)
    return found


def fix_button(card: dict[str, Any]) -> dict[str, Any] | None:
    return next((n for n in walk(card) if n.get("type") == "Action.Execute" and n.get("verb") == "fix"), None)


def inputs(card: dict[str, Any]) -> set[str]:
    return {n["id"] for n in walk(card) if str(n.get("type", "")).startswith("Input.")}


async def log(bot: RunningBot, teams: Teams, standin: ConnectorStandIn, words: str, **kwargs: Any) -> dict[str, Any]:
    status, _ = await bot.post(teams.meeting_message(f"/action {words}", **kwargs))
    assert status == 201
    return standin.cards(MEETING_CHAT)[-1]


async def test_owner_and_deadline_after_dashes(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    card = await log(bot, teams, standin, "Share the Misinformation Toolkit with Forum members - Secretariat - ASAP")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == "Share the Misinformation Toolkit with Forum members"
    assert action.owner is not None and (action.owner.kind, action.owner.name) == (OwnerKind.ROLE, "Secretariat")
    assert (action.deadline.text, action.deadline.kind) == ("ASAP", DeadlineKind.ASAP)
    text = all_text(card)
    assert "Share the Misinformation Toolkit with Forum members" in text and "Secretariat" in text
    assert fix_button(card) is None  # nothing to put right


async def test_in_due_course_is_the_deadline_not_course(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    card = await log(bot, teams, standin, "Secretariat to send diary marker in due course")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert (action.text, action.deadline.text) == ("Secretariat to send diary marker", "in due course")
    assert action.deadline.kind is DeadlineKind.ONGOING
    assert "in due course" in all_text(card)


async def test_when_available_with_the_season_in_brackets(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await log(bot, teams, standin, "Secretariat to share the guidance with members when it is available (Spring 2025)")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == "Secretariat to share the guidance with members"
    assert action.deadline.text == "when it is available (Spring 2025)"
    assert action.deadline.kind is DeadlineKind.EVENT
    assert action.deadline.latest is not None
    assert action.deadline.latest.astimezone(bot.chaser.register.tz).date().isoformat() == "2025-05-31"


async def test_the_one_invited_is_not_the_owner_and_the_card_asks_who_with_a_picker(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    card = await log(bot, teams, standin, "DARPL to be invited to the next meeting")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is None and action.text == "DARPL to be invited to the next meeting"
    assert "who will do it" in all_text(card)
    assert "owner_person" in inputs(card)
    button = fix_button(card)
    assert button is not None
    # One tap: Beth chosen in the picker, then Save.
    _, answer = await bot.post(teams.card_invoke({**button["data"], "owner_person": BETH.aad_id}))
    [fixed] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert fixed.owner is not None and (fixed.owner.name, fixed.owner.aad_id) == (BETH.name, BETH.aad_id)
    assert fix_button(answer["value"]) is None and "Beth Evans" in all_text(answer["value"])


async def test_a_first_name_in_the_chat_is_that_member_not_a_new_role(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    standin.add_member(user_id=OWEN.user_id, aad_id=OWEN.aad_id, name=OWEN.name)
    card = await log(bot, teams, standin, "Owen to book the venue for the June meeting")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is not None
    assert (action.owner.kind, action.owner.name, action.owner.aad_id) == (OwnerKind.PERSON, OWEN.name, OWEN.aad_id)
    assert action.text == "Owen to book the venue for the June meeting"
    assert "Owen Davies" in all_text(card)
    # The roster was read once, as a list; a second name in the same meeting is read from memory.
    await log(bot, teams, standin, "Owen to order the refreshments")
    assert sum(r.path.endswith("/pagedmembers") for r in standin.requests) == 1


async def test_a_mentioned_owner_never_leaves_markup_in_the_text_or_the_export(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await log(bot, teams, standin, f"<at>{BETH.name}</at> to circulate the terms of reference", mentions=(BETH,))
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == "Beth Evans to circulate the terms of reference"
    assert action.owner is not None and action.owner.aad_id == BETH.aad_id
    await bot.post(teams.meeting_message("/export"))
    link = next(b["url"] for b in buttons(standin.cards(MEETING_CHAT)[-1]) if b["title"] == "Markdown")
    async with bot.session.get(bot.url + link[link.index("/exports") :]) as response:
        exported = await response.text()
    assert "Beth Evans to circulate the terms of reference" in exported and "<at>" not in exported


async def test_words_that_are_not_a_date_are_kept_and_the_card_offers_a_date_picker(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    card = await log(bot, teams, standin, "Book the venue for the AGM - Clerk - TBC")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert (action.deadline.text, action.deadline.kind) == ("TBC", DeadlineKind.UNKNOWN)
    assert "Not understood as a date: TBC" in all_text(card)
    button = fix_button(card)
    assert button is not None and "deadline_date" in inputs(card)
    await bot.post(teams.card_invoke({**button["data"], "deadline_date": "2025-06-20"}))
    [fixed] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert fixed.deadline.text == "TBC" and fixed.deadline.due is not None
    assert fixed.deadline.due.astimezone(bot.chaser.register.tz).date().isoformat() == "2025-06-20"


async def test_a_fix_with_nothing_chosen_is_refused_clearly(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    card = await log(bot, teams, standin, "Share the minutes")
    button = fix_button(card)
    assert button is not None
    _, answer = await bot.post(teams.card_invoke(button["data"]))
    assert "Choose an owner or a date first" in answer["value"]
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is None and action.version == 1


async def test_the_forms_free_text_is_read_like_a_command(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action"))
    form = standin.cards(MEETING_CHAT)[-1]
    data = buttons(form)[0]["data"]
    await bot.post(teams.card_invoke({**data, "text": "Officials to publish the report by the end of June"}))
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert (action.text, action.deadline.text) == ("Officials to publish the report", "by the end of June")
    assert action.owner is not None and action.owner.name == "Officials"
    assert action.deadline.due is not None
    assert action.deadline.due.astimezone(bot.chaser.register.tz).date().isoformat() == "2025-06-30"


async def test_hostile_action_words_are_read_without_stalling_and_stored_as_typed(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    words = "x " + "by " * 300
    status, _ = await bot.post(teams.meeting_message(f"/action {words}"))
    assert status == 201
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == words.strip() and action.deadline.text == ""


async def test_welsh_owner_and_deadline(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    await log(bot, teams, standin, "Ysgrifenyddiaeth i rannu'r pecyn cymorth cyn gynted â phosibl", locale="cy-GB")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == "Ysgrifenyddiaeth i rannu'r pecyn cymorth"
    assert action.owner is not None and action.owner.name == "Ysgrifenyddiaeth"
    assert (action.deadline.text, action.deadline.kind) == ("cyn gynted â phosibl", DeadlineKind.ASAP)


async def test_removed_actions_keep_their_row_and_audit_but_leave_the_register(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await log(bot, teams, standin, "Share the toolkit - Secretariat - ASAP")
    await bot.post(teams.meeting_message("/undo"))
    assert "action 1" in standin.texts(MEETING_CHAT)[-1] and "removed" in standin.texts(MEETING_CHAT)[-1]
    assert await bot.chaser.register.open_actions(MEETING_CHAT) == []
    [row] = await bot.chaser.store.find_actions(MEETING_CHAT) or [None]
    assert row is None  # left out of every list
    assert await bot.chaser.store.count("actions") == 1  # but kept
    await log(bot, teams, standin, "Book the room")
    [again] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert again.number == 2  # its number is not given again
    started = datetime.fromisoformat("2025-03-17T12:00:00+00:00")
    assert started  # (the summary below is the meeting's: removed actions are not in it)
    await bot.post(teams.meeting_message("/summary"))
    summary = all_text(standin.cards(MEETING_CHAT)[-1])
    assert "Book the room" in summary and "Share the toolkit" not in summary


async def test_status_removed_is_stored_as_removed(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    await log(bot, teams, standin, "Share the toolkit")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    await bot.post(teams.meeting_message("/undo"))
    stored = await bot.chaser.store.get_action(action.id)
    assert stored is not None and stored.status is ActionStatus.REMOVED
    trail = await bot.chaser.store.audit_trail(action.id)
    assert [e.kind for e in trail] == ["logged", "removed"]
    assert trail[-1].actor.aad_id == ALEX.aad_id
