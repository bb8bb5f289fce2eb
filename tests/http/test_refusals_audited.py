"""Every refusal leaves a trace (issue 16, item 7): one audit event saying who, what and why, and one log line.
One test per kind: authorisation, stale card, forged card answer, tenant."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.register.model import AuditEvent
from tests.http.test_stale_cards import edit_form
from tests.support.activities import ALEX, BETH, GROUP_CHAT, MEETING_CHAT, Teams
from tests.support.cards import buttons
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot, running_bot

OTHER_TENANT = "0d9f2a51-8c3b-4e7a-9f10-2b3c4d5e6f70"
REFUSALS_LOGGER = "bot.register.refusals"


def refusal_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == REFUSALS_LOGGER]


async def refusals(bot: RunningBot, chat_id: str) -> list[AuditEvent]:
    return [e for e in await bot.chaser.store.chat_audit_trail(chat_id) if e.kind.endswith("refused")]


@pytest.fixture(autouse=True)
def _info_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=REFUSALS_LOGGER)


async def test_an_authorisation_refusal_is_audited_and_logged_once(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit", user=ALEX))
    done = next(b["data"] for b in buttons(standin.cards(MEETING_CHAT)[0]) if b["verb"] == "done")
    _, body = await bot.post(teams.card_invoke(done, user=BETH))  # Beth neither logged nor owns it
    assert body["type"] == "application/vnd.microsoft.activity.message"
    await bot.post(teams.meeting_message("/done 1", user=BETH))
    [by_card, by_command] = await refusals(bot, MEETING_CHAT)
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    for event, surface in ((by_card, "card"), (by_command, "command")):
        assert event.action_id == action.id and event.actor.aad_id == BETH.aad_id and event.surface.value == surface
        assert event.detail == {"category": "authorisation", "what": "done", "reason": "error.not_allowed"}
    lines = refusal_lines(caplog)
    assert len(lines) == 2 and all(BETH.aad_id in line and "error.not_allowed" in line for line in lines)


async def test_a_stale_card_answer_is_audited_and_logged_once(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit"))
    card = standin.cards(MEETING_CHAT)[0]
    done = next(b["data"] for b in buttons(card) if b["verb"] == "done")
    save = await edit_form(bot, teams, card)
    await bot.post(teams.card_invoke({**save, "text": "Share the toolkit", "deadline_text": "2025-05-30"}))
    _, body = await bot.post(teams.card_invoke(done))  # the Done of the card from before the edit
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    stale = [e for e in await refusals(bot, MEETING_CHAT) if e.detail.get("category") == "stale"]
    assert len(stale) == 1
    [event] = stale
    assert event.actor.aad_id == ALEX.aad_id and event.detail["what"] == "done"
    assert event.detail["reason"] == "card.stale" and event.action_id == done["action_id"]
    assert sum("card.stale" in line for line in refusal_lines(caplog)) == 1


@pytest.mark.parametrize(
    "data",
    [
        {"verb": "done", "action_id": {"$ne": None}},
        {"verb": "done", "action_id": "0" * 32},
        {"verb": "explode"},
        "done",
    ],
)
async def test_a_forged_card_answer_is_audited_and_logged_once(
    bot: RunningBot, teams: Teams, caplog: pytest.LogCaptureFixture, data: Any
) -> None:
    activity = teams.card_invoke({})
    activity["value"]["action"]["data"] = data
    status, _ = await bot.post(activity)
    assert status == 200
    [event] = await refusals(bot, MEETING_CHAT)
    assert event.detail["category"] == "forged" and event.actor.aad_id == ALEX.aad_id
    assert event.detail["reason"] in ("error.card.malformed", "error.action.unknown_id")
    assert len(refusal_lines(caplog)) == 1


async def test_an_answer_to_another_chats_card_is_audited_as_forged(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.group_message("/action Private thing"))
    done = buttons(standin.cards(GROUP_CHAT)[0])[0]["data"]
    await bot.post(teams.card_invoke(done, chat_id=MEETING_CHAT, user=BETH))
    [event] = await refusals(bot, MEETING_CHAT)
    assert (event.detail["category"], event.detail["reason"]) == ("forged", "error.action.unknown_id")
    # The action's own trail shows that someone elsewhere tried to close it.
    [action] = await bot.chaser.register.open_actions(GROUP_CHAT)
    assert [e.kind for e in await bot.chaser.store.audit_trail(action.id)] == ["logged", "refused"]


async def test_a_tenant_outside_the_allow_list_is_audited_and_logged_once(
    sqlite_url: str, teams: Teams, caplog: pytest.LogCaptureFixture
) -> None:
    env = {"DATABASE_URL": sqlite_url, "CHASER_ALLOWED_TENANTS": teams.tenant}
    async with running_bot(env) as bot:
        intruder = Teams(teams.service_url, tenant=OTHER_TENANT)
        status, _ = await bot.post(intruder.meeting_message("/action Steal the register", user=BETH))
        assert status == 403
        [event] = await refusals(bot, MEETING_CHAT)
        assert event.detail == {
            "category": "tenant",
            "what": "message",
            "reason": "tenant_not_allowed",
            "tenant": OTHER_TENANT,
        }
        assert event.actor.aad_id == BETH.aad_id and event.action_id is None
        assert await bot.chaser.store.count("chats") == 0 and await bot.chaser.store.count("actions") == 0
    [line] = refusal_lines(caplog)
    assert OTHER_TENANT in line


async def test_refusals_with_oversized_forged_ids_are_still_recorded(
    bot: RunningBot, teams: Teams, caplog: pytest.LogCaptureFixture
) -> None:
    activity = teams.card_invoke({"verb": "done", "action_id": "x" * 65})
    activity["from"]["name"] = "n" * 5000
    status, _ = await bot.post(activity)
    assert status == 200
    [event] = await refusals(bot, MEETING_CHAT)
    assert event.actor.name == "n" * 200 and event.action_id is None
