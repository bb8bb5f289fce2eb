"""Malformed, oversized, forged and repeated input: a clear answer, never a 500, never a half-written action."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.activities import ALEX, BETH, GROUP_CHAT, MEETING_CHAT, Teams
from tests.support.cards import buttons
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot, running_bot

OTHER_TENANT = "0d9f2a51-8c3b-4e7a-9f10-2b3c4d5e6f70"


async def test_the_same_activity_delivered_twice_creates_one_action_and_one_reply(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    activity = teams.meeting_message("/action Share the toolkit owner: Secretariat", activity_id="retried-1")
    for _ in range(3):
        status, _ = await bot.post(activity)
        assert status == 201
    assert len(await bot.chaser.register.open_actions(MEETING_CHAT)) == 1
    assert len(standin.cards(MEETING_CHAT)) == 1


async def test_a_redelivery_after_a_failed_reply_sends_the_confirmation_then(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    activity = teams.meeting_message("/action Share the toolkit", activity_id="retried-2")
    standin.faults.append((503, {}))
    await bot.post(activity)  # stored, but Teams refused the reply: the user sees the apology attempt fail too
    assert len(await bot.chaser.register.open_actions(MEETING_CHAT)) == 1
    await bot.post(activity)
    assert len(await bot.chaser.register.open_actions(MEETING_CHAT)) == 1
    confirmations = [c for c in standin.cards(MEETING_CHAT) if "logged" in json.dumps(c)]
    assert len(confirmations) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/action " + "x" * 1001, "under 1000 characters"),
        ("/action owner: Secretariat", "has no text"),
        ("/done 99", "no action 99"),
        ("/done three", "is not an action number"),
        ("/done", "Which action?"),
        ("/role jo@example.org", "Name the role"),
        ("/role Regional Convenor jo@example", "“jo@example” is not an email address"),
        ("/action Share the toolkit owner: jo@example", "“jo@example” is not an email address"),
        ("/action Share the toolkit owner: jo@@example.org", "is not an email address"),
    ],
)
async def test_bad_commands_get_a_clear_reply_and_store_nothing(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, text: str, expected: str
) -> None:
    status, _ = await bot.post(teams.meeting_message(text))
    assert status == 201
    [reply] = standin.texts(MEETING_CHAT)
    assert expected in reply
    assert await bot.chaser.store.count("actions") == 0


@pytest.mark.parametrize(
    "data",
    [
        None,
        "done",
        [],
        {},
        {"verb": "explode"},
        {"verb": "done"},
        {"verb": "done", "action_id": 12},
        {"verb": "done", "action_id": "0" * 32},
        {"verb": "done", "action_id": {"$ne": None}},
        {"verb": "log_action"},
        {"verb": "log_action", "form_id": "f", "text": ["not", "text"]},
        {"verb": "log_action", "form_id": "f", "text": "x" * 5000},
        {"verb": "save_edit", "action_id": "nope", "text": "x"},
    ],
)
async def test_malformed_or_forged_card_answers_are_refused(bot: RunningBot, teams: Teams, data: Any) -> None:
    activity = teams.card_invoke({})
    activity["value"]["action"]["data"] = data
    status, body = await bot.post(activity)
    assert status == 200
    assert body["statusCode"] == 200
    assert body["type"] in ("application/vnd.microsoft.activity.message", "application/vnd.microsoft.card.adaptive")
    if body["type"] == "application/vnd.microsoft.activity.message":
        assert body["value"]
    assert await bot.chaser.store.count("actions") == 0


async def test_an_action_id_from_another_chat_cannot_be_closed_from_here(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.group_message("/action Private thing"))
    done = buttons(standin.cards(GROUP_CHAT)[0])[0]["data"]
    _status, body = await bot.post(teams.card_invoke(done, chat_id=MEETING_CHAT))
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert "not in this chat" in body["value"]
    [action] = await bot.chaser.register.open_actions(GROUP_CHAT)
    assert action.version == 1


async def test_a_card_answer_from_another_tenant_changes_nothing(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit"))
    done = buttons(standin.cards(MEETING_CHAT)[0])[0]["data"]
    intruder = Teams(teams.service_url, tenant=OTHER_TENANT)
    status, body = await bot.post(intruder.card_invoke(done, user=ALEX))
    assert status == 200 and body["type"] == "application/vnd.microsoft.activity.message"
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.version == 1


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        (b"not json", "application/json", 400),
        (b"[1, 2, 3]", "application/json", 400),
        (b'{"text": "no type"}', "application/json", 400),
        (b'{"type": "message", "timestamp": "yesterday-ish"}', "application/json", 400),
        (b'{"type": "message"}', "text/plain", 415),
        (b"\xff\xfe", "application/json", 400),
        (b'{"type": "message", "text": "' + b"x" * (2 * 1024 * 1024) + b'"}', "application/json", 413),
    ],
)
async def test_bodies_that_are_not_activities_get_the_right_status(
    bot: RunningBot, data: bytes, content_type: str, status: int
) -> None:
    got, body = await bot.post_raw(data, content_type=content_type)
    assert got == status
    assert body["error"]["message"]


async def test_the_meeting_doc_payload_with_a_bad_timestamp_is_a_400_not_a_500(bot: RunningBot, teams: Teams) -> None:
    from tests.support.activities import payload

    activity = payload("meeting_end_event.json")  # its localTimestamp "…-8" is not ISO 8601
    activity["serviceUrl"] = teams.service_url
    status, _ = await bot.post(activity)
    assert status == 400


async def test_tenants_outside_the_allow_list_get_403_and_nothing_is_stored(
    sqlite_url: str, teams: Teams, standin: ConnectorStandIn
) -> None:
    env = {
        "DATABASE_URL": sqlite_url,
        "CHASER_ALLOWED_TENANTS": f"{teams.tenant}, 11111111-2222-3333-4444-555555555555",
    }
    async with running_bot(env) as bot:
        intruder = Teams(teams.service_url, tenant=OTHER_TENANT)
        status, _ = await bot.post(intruder.meeting_message("/action Steal the register"))
        assert status == 403
        assert await bot.chaser.store.count("chats") == 0
        assert standin.requests == []
        status, _ = await bot.post(teams.meeting_message("/action Allowed thing"))
        assert status == 201
        assert await bot.chaser.store.count("actions") == 1


async def test_with_an_app_id_an_unsigned_request_is_refused(sqlite_url: str, teams: Teams) -> None:
    env = {
        "DATABASE_URL": sqlite_url,
        "MicrosoftAppId": "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8",
        "MicrosoftAppPassword": "not-a-real-secret",
        "MicrosoftAppTenantId": teams.tenant,
        "HOST": "127.0.0.1",
        "CHASER_PUBLIC_URL": "https://chaser.example.org",
        "CHASER_SIGNING_SECRET": "s" * 32,
    }
    async with running_bot(env) as bot:
        status, _ = await bot.post(teams.meeting_message("/action Unsigned"))
        assert status == 401
        status, _ = await bot.post(
            teams.meeting_message("/action Forged"), headers={"Authorization": "Bearer abc.def.ghi"}
        )
        assert status == 401
        assert await bot.chaser.store.count("actions") == 0


async def test_liveness_and_readiness_report_the_database(bot: RunningBot) -> None:
    async with bot.session.get(f"{bot.url}/healthz") as response:
        assert response.status == 200
        assert (await response.json())["status"] == "ok"
    async with bot.session.get(f"{bot.url}/readyz") as response:
        assert response.status == 200
        body = await response.json()
        assert body["status"] == "ready" and body["database"] == bot.chaser.store.dialect


async def test_without_the_database_the_bot_is_alive_but_not_ready(sqlite_url: str) -> None:
    async with running_bot({"DATABASE_URL": sqlite_url}) as bot:

        async def broken() -> None:
            raise ConnectionError("database gone")

        bot.chaser.store.ping = broken  # type: ignore[method-assign]
        async with bot.session.get(f"{bot.url}/readyz") as response:
            assert response.status == 503
            assert await response.json() == {"status": "unready", "database": "ConnectionError"}
        # Liveness stays green: restarting the bot would not bring the database back.
        async with bot.session.get(f"{bot.url}/healthz") as response:
            assert response.status == 200


async def test_users_of_other_roles_cannot_edit_through_the_card(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit", user=BETH))
    edit = buttons(standin.cards(MEETING_CHAT)[0])[1]["data"]
    _, body = await bot.post(teams.card_invoke(edit, user=ALEX))
    assert body["type"] == "application/vnd.microsoft.activity.message"
    save = {"verb": "save_edit", "action_id": edit["action_id"], "text": "Hijacked"}
    _, body = await bot.post(teams.card_invoke(save, user=ALEX))
    assert body["type"] == "application/vnd.microsoft.activity.message"
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.text == "Share the toolkit"
