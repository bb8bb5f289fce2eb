"""Answers to cards that are out of date, and answers that arrive twice (issue 16, item 2).

A card carries the version of the action it shows. An answer to an older version changes nothing and gets the card
as the action stands now; the same answer replayed (Teams retries, a double click) is recorded once.
"""

from __future__ import annotations

from typing import Any

from bot.register.ports import FixedClock
from tests.http.test_chasers import BETH_CHAT, answer_button, log_overdue_for_beth, reminders, sweep_when_due
from tests.http.test_meetings import END, NEXT_START
from tests.support.activities import ALEX, BETH, MEETING_CHAT, Teams, User
from tests.support.cards import all_text, buttons
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot

STALE = "This card was out of date"


async def edit_form(bot: RunningBot, teams: Teams, card: dict[str, Any], user: User = ALEX) -> dict[str, Any]:
    edit = next(b["data"] for b in buttons(card) if b["verb"] == "edit")
    _, form = await bot.post(teams.card_invoke(edit, user=user))
    return dict(buttons(form["value"])[0]["data"])


async def test_an_old_save_does_not_overwrite_a_newer_edit(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    """Alex (who logged it) and Beth (its owner) both open the edit form; Beth saves first."""
    await bot.post(teams.meeting_message(f"/action Share the toolkit owner: <at>{BETH.name}</at>", mentions=(BETH,)))
    [card] = standin.cards(MEETING_CHAT)
    alex, beth = await edit_form(bot, teams, card), await edit_form(bot, teams, card, user=BETH)
    _, saved = await bot.post(teams.card_invoke({**beth, "text": "Share the toolkit with members"}, user=BETH))
    assert "Action 1 updated" in all_text(saved["value"])

    _, late = await bot.post(teams.card_invoke({**alex, "text": "Share the old toolkit"}))
    assert late["type"] == "application/vnd.microsoft.card.adaptive"
    shown = all_text(late["value"])
    assert STALE in shown and "Share the toolkit with members" in shown and "Share the old toolkit" not in shown
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == "Share the toolkit with members" and action.version == 2
    kinds = [e.kind for e in await bot.chaser.store.audit_trail(action.id) if e.kind != "refused"]
    assert kinds == ["logged", "edited"]


async def test_a_done_card_from_before_an_edit_does_not_close_the_edited_action(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit"))
    [card] = standin.cards(MEETING_CHAT)
    done = next(b["data"] for b in buttons(card) if b["verb"] == "done")
    save = await edit_form(bot, teams, card)
    await bot.post(teams.card_invoke({**save, "text": "Share the toolkit", "deadline_text": "2025-05-30"}))

    _, answer = await bot.post(teams.card_invoke(done))
    shown = all_text(answer["value"])
    assert STALE in shown and "2025-05-30" in shown
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.status.value == "open"
    # The card that came back is current: its Done closes the action.
    fresh = next(b["data"] for b in buttons(answer["value"]) if b["verb"] == "done")
    _, closed = await bot.post(teams.card_invoke(fresh))
    assert "Action 1 done" in all_text(closed["value"]) and STALE not in all_text(closed["value"])


async def test_a_card_answer_without_a_version_is_taken_as_out_of_date(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    """Cards sent before they carried a version, or a hand-made answer: nothing changes, the card is brought up
    to date."""
    await bot.post(teams.meeting_message("/action Share the toolkit"))
    done = next(b["data"] for b in buttons(standin.cards(MEETING_CHAT)[0]) if b["verb"] == "done")
    for version in (None, "1", 0, -1, 1.0, True):
        data = {k: v for k, v in done.items() if k != "version"}
        if version is not None:
            data["version"] = version
        _, answer = await bot.post(teams.card_invoke(data))
        assert STALE in all_text(answer["value"]), version
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.status.value == "open" and action.version == 1


async def test_a_save_replayed_is_recorded_once_and_answered_as_before(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit"))
    save = {**await edit_form(bot, teams, standin.cards(MEETING_CHAT)[0]), "text": "Share it widely"}
    answers = [await bot.post(teams.card_invoke(save)) for _ in range(3)]
    for _, answer in answers:
        assert "Action 1 updated" in all_text(answer["value"]) and STALE not in all_text(answer["value"])
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.version == 2
    assert [e.kind for e in await bot.chaser.store.audit_trail(action.id)] == ["logged", "edited"]


async def test_progress_and_snooze_replayed_are_recorded_once(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await log_overdue_for_beth(bot, teams)
    await sweep_when_due(bot, clock)
    card = reminders(standin, BETH_CHAT)[0]
    personal = {"user": BETH, "chat_id": BETH_CHAT, "conversation_type": "personal"}

    update = answer_button(card, "Progress update")
    progress = teams.card_invoke({**update, update["field"]: "Draft is with legal"}, **personal)
    bodies = [await bot.post({**progress, "id": f"f:replay-{n}"}) for n in range(3)]
    for _, body in bodies:
        assert "Draft is with legal" in all_text(body["value"]) and STALE not in all_text(body["value"])

    snooze = answer_button(bodies[-1][1]["value"], "Snooze")
    for _ in range(3):
        _, body = await bot.post(teams.card_invoke({**snooze, snooze["field"]: "1w"}, **personal))
        assert STALE not in all_text(body["value"])

    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    kinds = [e.kind for e in await bot.chaser.store.audit_trail(action.id)]
    assert kinds == ["logged", "progress", "snoozed"]


async def test_a_reminder_answered_after_the_action_changed_shows_it_as_it_is(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await log_overdue_for_beth(bot, teams)
    await sweep_when_due(bot, clock)
    reminder = reminders(standin, BETH_CHAT)[0]
    await bot.post(teams.meeting_message("/done 1"))  # closed in the meeting chat meanwhile (Alex logged it)
    await bot.post(teams.meeting_message("/action Another thing"))
    [action] = [a for a in await bot.chaser.store.find_actions(MEETING_CHAT) if a.number == 1]
    assert action.status.value == "done"

    update = answer_button(reminder, "Progress update")
    personal = {"user": BETH, "chat_id": BETH_CHAT, "conversation_type": "personal"}
    _, body = await bot.post(teams.card_invoke({**update, update["field"]: "Still drafting"}, **personal))
    shown = all_text(body["value"])
    assert STALE in shown and "Done" in shown
    kinds = [e.kind for e in await bot.chaser.store.audit_trail(action.id) if e.kind != "refused"]
    assert kinds == ["logged", "completed"]


async def test_a_review_answer_after_the_action_changed_is_refused_with_the_page_as_it_is(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit"))
    save = await edit_form(bot, teams, standin.cards(MEETING_CHAT)[0])
    await bot.post(teams.meeting_event("end", at=END))
    await bot.post(teams.meeting_event("start", at=NEXT_START))
    [review] = [c for c in standin.cards(MEETING_CHAT) if "Matters arising" in all_text(c)]
    done = next(b["data"] for b in buttons_in(review) if b["verb"] == "review_done")
    await bot.post(teams.card_invoke({**save, "text": "Share the toolkit", "deadline_text": "By June 2025"}))

    _, answer = await bot.post(teams.card_invoke(done))
    shown = all_text(answer["value"])
    assert STALE in shown and "Matters arising" in shown and "By June 2025" in shown
    assert (await bot.chaser.register.by_number(MEETING_CHAT, 1)).status.value == "open"
    fresh = next(b["data"] for b in buttons_in(answer["value"]) if b["verb"] == "review_done")
    _, closed = await bot.post(teams.card_invoke(fresh))
    assert STALE not in all_text(closed["value"])
    assert (await bot.chaser.store.find_actions(MEETING_CHAT, number=1))[0].status.value == "done"


def buttons_in(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Action.Execute on a card, however deep (review rows keep theirs in their containers)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Execute":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found
