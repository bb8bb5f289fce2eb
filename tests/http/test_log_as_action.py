"""Log as action (a Teams message action) end to end: composeExtension/fetchTask opens the action form filled in
from the message, composeExtension/submitAction logs it into the chat's register and posts the card /action
would; a retried submit logs once; a card message or an empty one gets a clear answer and stores nothing."""

from __future__ import annotations

from typing import Any

from bot.register.model import DeadlineKind
from tests.support.activities import ALEX, BETH, MEETING_CHAT, Teams, message_payload
from tests.support.cards import all_text
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot

FETCH = "composeExtension/fetchTask"
SUBMIT = "composeExtension/submitAction"


def form_values(card: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                found[node["id"]] = node.get("value", "")
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(card)
    return found


async def open_dialog(bot: RunningBot, teams: Teams, message: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    status, body = await bot.post(teams.message_action(FETCH, message, **kwargs))
    assert status == 200
    return body


async def test_a_message_becomes_an_action_through_the_dialog(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    message = message_payload(
        '<div><div><at id="0">Beth Evans</at> to circulate the draft terms of reference by Friday</div></div>',
        author=ALEX,
        mentions=(BETH,),
    )
    body = await open_dialog(bot, teams, message)
    task = body["task"]
    assert task["type"] == "continue" and task["value"]["title"] == "Log as action"
    card = task["value"]["card"]["content"]
    values = form_values(card)
    assert values["text"] == "Beth Evans to circulate the draft terms of reference"
    assert values["owner_person"] == BETH.aad_id and values["deadline_text"] == "by Friday"
    assert "From a message by Alex Jones" in all_text(card)
    [log] = [a for a in card["actions"] if a["type"] == "Action.Submit"]
    assert await bot.chaser.store.count("actions") == 0  # nothing is stored before the form is sent

    submit = teams.message_action(SUBMIT, message, data={**log["data"], **values})
    status, answer = await bot.post(submit)
    assert status == 200 and answer == {}  # the dialog closes; the card is posted in the chat
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == "Beth Evans to circulate the draft terms of reference"
    assert action.owner is not None and action.owner.aad_id == BETH.aad_id
    assert (action.deadline.text, action.deadline.kind) == ("by Friday", DeadlineKind.DATE)
    [card_posted] = standin.cards(MEETING_CHAT)
    assert "Action 1 logged" in all_text(card_posted)

    # Teams retries a slow invoke: the same submit logs nothing more and posts nothing more.
    status, again = await bot.post(submit)
    assert status == 200 and again == {}
    assert await bot.chaser.store.count("actions") == 1 and len(standin.cards(MEETING_CHAT)) == 1


async def test_a_submitted_form_with_no_text_comes_back_with_what_is_wrong(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    message = message_payload("<p>Share the toolkit</p>")
    card = (await open_dialog(bot, teams, message))["task"]["value"]["card"]["content"]
    [log] = [a for a in card["actions"] if a["type"] == "Action.Submit"]
    _, answer = await bot.post(teams.message_action(SUBMIT, message, data={**log["data"], "text": "  "}))
    assert answer["task"]["type"] == "continue"
    assert "The action has no text" in all_text(answer["task"]["value"]["card"]["content"])
    assert await bot.chaser.store.count("actions") == 0 and standin.cards(MEETING_CHAT) == []


async def test_a_card_message_or_an_empty_one_is_answered_plainly_in_english_and_welsh(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    body = await open_dialog(bot, teams, message_payload("", card=True))
    assert body == {"task": {"type": "message", "value": body["task"]["value"]}}
    assert "That message is a card, not text" in body["task"]["value"]
    body = await open_dialog(bot, teams, message_payload("<p> </p>"))
    assert "has no text to log" in body["task"]["value"]
    welsh = await open_dialog(bot, teams, message_payload("", card=True), user=BETH, locale="cy-GB")
    assert "Cerdyn yw'r neges honno" in welsh["task"]["value"]
    assert await bot.chaser.store.count("actions") == 0 and standin.requests == []


async def test_a_forged_submit_is_refused_and_stores_nothing(bot: RunningBot, teams: Teams) -> None:
    message = message_payload("<p>Share the toolkit</p>")
    for data in ({"verb": "done", "action_id": "x"}, {"verb": "log_action"}, "not a form"):
        _, answer = await bot.post(teams.message_action(SUBMIT, message, data=data))  # type: ignore[arg-type]
        assert answer["task"]["type"] == "message"
    _, answer = await bot.post(teams.message_action(FETCH, message, command_id="somethingElse"))
    assert answer["task"]["type"] == "message"
    assert await bot.chaser.store.count("actions") == 0
    # Each of the four forged payloads is audited as such (a log_action with no form id is no form's).
    trail = await bot.chaser.store.chat_audit_trail(MEETING_CHAT)
    forged = [e for e in trail if e.kind == "refused" and e.detail["category"] == "forged"]
    assert [e.detail["reason"] for e in forged] == ["error.card.malformed"] * 4
