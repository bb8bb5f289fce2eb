"""Every activity Teams (or anyone) can send gets a deliberate answer: never a 5xx, never a 501 with `null`, never a
traceback in the log; ids from outside reach the log quoted (%r), so they cannot forge a line."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest

from tests.support.activities import MEETING_CHAT, Teams
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot


def _tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.exc_info or record.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "name",
    [
        "foo/bar",
        "signin/verifyState",
        "signin/tokenExchange",
        "fileConsent/invoke",
        "config/fetch",
        "actionableMessage/executeAction",
        "healthCheck",
        "",
        None,
        12,
    ],
)
async def test_an_invoke_chaser_does_not_handle_is_a_200_with_no_body(
    bot: RunningBot, teams: Teams, caplog: pytest.LogCaptureFixture, name: Any
) -> None:
    activity = teams.card_invoke({"verb": "done"})
    activity["name"] = name
    async with bot.session.post(f"{bot.url}/api/messages", json=activity) as response:
        assert response.status == 200
        assert await response.read() == b""
    assert _tracebacks(caplog) == []
    assert await bot.chaser.store.count("actions") == 0


async def test_a_dialog_invoke_from_someone_elses_card_is_answered_with_a_message(
    bot: RunningBot, teams: Teams
) -> None:
    for name in ("task/fetch", "task/submit"):
        activity = teams.card_invoke({})
        activity.update(name=name, value={"data": {"msteams": {"type": "task/fetch"}}})
        status, body = await bot.post(activity)
        assert status == 200
        assert body["task"]["type"] == "message"
        assert "/help" in body["task"]["value"]


async def test_a_search_invoke_gets_an_empty_result_list(bot: RunningBot, teams: Teams) -> None:
    activity = teams.card_invoke({})
    activity.update(name="composeExtension/query", value={"commandId": "search", "parameters": []})
    status, body = await bot.post(activity)
    assert status == 200
    assert body == {"composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": []}}


@pytest.mark.parametrize(
    "conversation",
    [None, "19:meeting_x@thread.v2", 5, [], {}, {"id": None}, {"id": 5}, {"id": ""}, {"id": "   "}, {"id": "x" * 2000}],
)
async def test_a_missing_or_odd_conversation_is_a_400(
    bot: RunningBot, teams: Teams, caplog: pytest.LogCaptureFixture, conversation: Any
) -> None:
    activity = teams.meeting_message("/action Share the toolkit")
    activity["conversation"] = conversation
    status, body = await bot.post(activity)
    assert status == 400
    assert "conversation" in body["error"]["message"]
    assert _tracebacks(caplog) == []
    assert await bot.chaser.store.count("chats") == 0


@pytest.mark.parametrize("where", ["value", "channelData", "entities"])
async def test_a_body_nested_hundreds_deep_is_a_400_before_it_is_parsed(
    bot: RunningBot, teams: Teams, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    activity = teams.meeting_message("/actions")
    activity.pop(where, None)
    head = ("{" + f'"{where}":' + "[" * 493).encode()
    body = activity_bytes(activity)
    raw = head + b"]" * 493 + b"," + body[1:]
    status, answer = await bot.post_raw(raw, content_type="application/json")
    assert status == 400
    assert "nested" in answer["error"]["message"]
    assert _tracebacks(caplog) == []
    assert len(caplog.text) < 2000


async def test_nesting_within_the_limit_is_read_as_usual(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    activity = teams.meeting_message("/actions")
    deep: dict[str, Any] = {}
    level = deep
    for _ in range(40):
        level["a"] = {}
        level = level["a"]
    activity["channelData"]["extra"] = deep
    status, _ = await bot.post(activity)
    assert status == 201
    assert standin.cards(MEETING_CHAT)


async def test_an_activity_id_with_a_line_break_cannot_forge_a_log_line(
    bot: RunningBot, teams: Teams, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    forged = "1\nCRITICAL chaser: database wiped"
    await bot.post(teams.meeting_message("/actions", activity_id=forged))
    invoke = teams.card_invoke({})
    invoke.update(name="foo/bar", id=forged)
    await bot.post(invoke)
    lines = caplog.text.splitlines()
    assert not any(line.startswith("CRITICAL chaser") for line in lines)
    assert sum("'1\\nCRITICAL chaser: database wiped'" in line for line in lines) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("from", None),
        ("recipient", None),
        ("text", None),
        ("locale", "xx-not-a-locale"),
        ("entities", []),
        ("channelData", {}),
        ("type", "messageReaction"),
        ("type", "messageUpdate"),
        ("type", "installationUpdate"),
        ("type", "typing"),
        ("type", "something-new"),
    ],
)
async def test_activities_with_parts_missing_or_unknown_types_are_answered_without_error(
    bot: RunningBot, teams: Teams, caplog: pytest.LogCaptureFixture, field: str, value: Any
) -> None:
    activity = copy.deepcopy(teams.meeting_message("/actions"))
    activity[field] = value
    status, _ = await bot.post(activity)
    assert status in (200, 201)
    assert _tracebacks(caplog) == []


def activity_bytes(activity: dict[str, Any]) -> bytes:
    import json

    return json.dumps(activity).encode()


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("conversation", "id"), "19:" + "x" * 500),
        (("id",), "f:" + "1" * 200),
        (("from", "id"), "29:" + "x" * 300),
        (("from", "aadObjectId"), "a" * 65),
        (("from", "aadObjectId"), 12),
        (("conversation", "tenantId"), "t" * 65),
        (("channelData", "tenant", "id"), "t" * 65),
        (("channelData", "meeting", "id"), "m" * 600),
    ],
)
async def test_ids_longer_than_teams_ids_are_a_400_before_anything_is_stored(
    bot: RunningBot, teams: Teams, caplog: pytest.LogCaptureFixture, where: tuple[str, ...], value: Any
) -> None:
    """PostgreSQL enforces the register's column lengths: a forged id must be refused, not reach an INSERT."""
    for activity in (teams.meeting_message("/action Share the toolkit"), teams.card_invoke({"verb": "done"})):
        target = activity
        for key in where[:-1]:
            target = target.setdefault(key, {})
        target[where[-1]] = value
        status, body = await bot.post(activity)
        assert status == 400, body
    assert _tracebacks(caplog) == []
    assert await bot.chaser.store.count("chats") == 0


async def test_a_mention_of_an_id_no_teams_user_has_mentions_nobody(
    bot: RunningBot, teams: Teams, caplog: pytest.LogCaptureFixture
) -> None:
    activity = teams.meeting_message("/role Treasurer <at>Someone</at>")
    activity["entities"].append({"type": "mention", "text": "<at>Someone</at>", "mentioned": {"id": "29:" + "x" * 600}})
    status, _ = await bot.post(activity)
    assert status == 201
    assert _tracebacks(caplog) == []


@pytest.mark.parametrize("locale", ["x" * 100, {"en": "GB"}, ["cy"], "en-GB\nINFO forged", "", 5])
async def test_a_locale_that_is_not_a_language_tag_is_no_locale(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, caplog: pytest.LogCaptureFixture, locale: Any
) -> None:
    for activity in (teams.meeting_message("/actions"), teams.personal_message("/help")):
        activity["locale"] = locale
        for entity in activity.get("entities", []):
            if entity.get("type") == "clientInfo":
                entity["locale"] = locale
        status, _ = await bot.post(activity)
        assert status == 201
    assert _tracebacks(caplog) == []
    assert standin.cards()  # answered, in the default language
