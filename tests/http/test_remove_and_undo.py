"""/undo and the Remove button through /api/messages: a soft delete kept in the audit trail, refused (and the refusal
audited) for anyone but whoever logged it, the meeting organiser or the Secretariat."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.register.model import ActionStatus
from bot.register.ports import FixedClock
from tests.support.activities import ALEX, BETH, CARYS, MEETING_CHAT, Teams
from tests.support.cards import all_text, buttons
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot


async def logged(bot: RunningBot, teams: Teams, standin: ConnectorStandIn, words: str) -> dict[str, Any]:
    await bot.post(teams.meeting_message(f"/action {words}"))
    return standin.cards(MEETING_CHAT)[-1]


def remove_button(card: dict[str, Any]) -> dict[str, Any]:
    return next(b for b in buttons(card) if b["data"]["verb"] == "remove")


async def test_undo_takes_back_your_last_action_within_ten_minutes_once(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await logged(bot, teams, standin, "Share the toolkit")
    await logged(bot, teams, standin, "Book the room")
    undo = teams.meeting_message("/undo")
    await bot.post(undo)
    await bot.post(undo)  # Teams delivers the same activity again: one action is taken back, and one reply sent
    assert [a.text for a in await bot.chaser.register.open_actions(MEETING_CHAT)] == ["Share the toolkit"]
    assert sum("Undone" in text for text in standin.texts(MEETING_CHAT)) == 1
    clock.set(clock.now() + timedelta(minutes=11))
    await bot.post(teams.meeting_message("/undo"))
    assert "Nothing to undo" in standin.texts(MEETING_CHAT)[-1]
    assert [a.text for a in await bot.chaser.register.open_actions(MEETING_CHAT)] == ["Share the toolkit"]


async def test_undo_takes_back_only_your_own_and_a_refusal_is_audited(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await logged(bot, teams, standin, "Share the toolkit")
    await bot.post(teams.meeting_message("/undo", user=BETH))
    assert "Nothing to undo" in standin.texts(MEETING_CHAT)[-1]
    assert len(await bot.chaser.register.open_actions(MEETING_CHAT)) == 1
    trail = await bot.chaser.store.chat_audit_trail(MEETING_CHAT)
    assert [(e.kind, e.actor.aad_id) for e in trail][-1] == ("undo_refused", BETH.aad_id)


async def test_undo_in_welsh(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> None:
    await bot.post(teams.personal_message("/dadwneud", locale="cy-GB"))
    assert "Dim i'w ddadwneud" in standin.texts()[-1]


async def test_remove_asks_why_then_removes_and_the_action_leaves_lists_summaries_and_chasers(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    card = await logged(bot, teams, standin, "Share the toolkit - Secretariat - ASAP")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    _, asked = await bot.post(teams.card_invoke(remove_button(card)["data"]))
    form = asked["value"]
    assert "Remove action 1?" in all_text(form)
    confirm = next(b for b in buttons(form) if b["data"]["verb"] == "remove_confirm")
    _, refused = await bot.post(teams.card_invoke({**confirm["data"], "remove_reason": "  "}))
    assert "Say why it should go" in all_text(refused["value"])
    assert len(await bot.chaser.register.open_actions(MEETING_CHAT)) == 1  # nothing half-done
    _, done = await bot.post(teams.card_invoke({**confirm["data"], "remove_reason": "logged twice"}))
    assert "Action 1 removed" in all_text(done["value"]) and buttons(done["value"]) == []
    stored = await bot.chaser.store.get_action(action.id)
    assert stored is not None and stored.status is ActionStatus.REMOVED
    trail = await bot.chaser.store.audit_trail(action.id)
    assert trail[-1].kind == "removed" and trail[-1].detail["reason"] == "logged twice"
    await bot.post(teams.meeting_message("/actions"))
    assert "Share the toolkit" not in all_text(standin.cards(MEETING_CHAT)[-1])
    await bot.post(teams.meeting_message("/chasers"))
    assert "Share the toolkit" not in all_text(standin.cards(MEETING_CHAT)[-1])
    # Its card's other buttons now say what happened instead of changing it.
    done_button = next(b for b in buttons(card) if b["data"]["verb"] == "done")
    _, answer = await bot.post(teams.card_invoke(done_button["data"]))
    assert "was removed" in str(answer["value"])


async def test_only_the_logger_organiser_or_secretariat_may_remove_and_refusals_are_audited(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    card = await logged(bot, teams, standin, "Share the toolkit owner: Beth")
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    # Beth owns it by name only here; even an owner does not remove, she hands it back.
    _, answer = await bot.post(teams.card_invoke(remove_button(card)["data"], user=BETH))
    assert "Only whoever logged action 1" in str(answer["value"])
    trail = await bot.chaser.store.audit_trail(action.id)
    assert (trail[-1].kind, trail[-1].actor.aad_id) == ("remove_refused", BETH.aad_id)
    # The Secretariat may. (Alex may name its first holder once he has logged an action the Secretariat owns.)
    await bot.post(teams.meeting_message("/action Secretariat to send the notes"))
    await bot.post(teams.meeting_message(f"/role Secretariat <at>{CARYS.name}</at>", mentions=(CARYS,)))
    _, asked = await bot.post(teams.card_invoke(remove_button(card)["data"], user=CARYS))
    assert "Remove action 1?" in all_text(asked["value"])
    confirm = next(b for b in buttons(asked["value"]) if b["data"]["verb"] == "remove_confirm")
    await bot.post(teams.card_invoke({**confirm["data"], "remove_reason": "not ours"}, user=CARYS))
    assert [a.number for a in await bot.chaser.register.open_actions(MEETING_CHAT)] == [2]
    assert (await bot.chaser.store.audit_trail(action.id))[-1].actor.aad_id == CARYS.aad_id
    assert ALEX.aad_id  # whoever logged it may too: see the test above


async def test_an_action_taken_back_gives_no_right_to_name_its_roles_first_holder(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    # Logging an action the Secretariat owns lets its logger name the Secretariat's first holder; logging one and
    # taking it straight back must not be a way to that right.
    await logged(bot, teams, standin, "Secretariat to send the notes")
    await bot.post(teams.meeting_message("/undo"))
    await bot.post(teams.meeting_message(f"/role Secretariat <at>{ALEX.name}</at>", mentions=(ALEX,)))
    assert not await bot.chaser.store.role_holding(MEETING_CHAT, "Secretariat")
    assert "Nobody holds Secretariat yet" in standin.texts(MEETING_CHAT)[-1]
    # Logged again and kept, it does.
    await logged(bot, teams, standin, "Secretariat to send the notes")
    await bot.post(teams.meeting_message(f"/role Secretariat <at>{ALEX.name}</at>", mentions=(ALEX,)))
    assert await bot.chaser.store.role_holding(MEETING_CHAT, "Secretariat")
