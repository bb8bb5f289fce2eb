"""One test per botbuilder-python 4.17.1 defect we work around. Each fails if the workaround is removed; the
`defect_still_present` tests say when upstream behaviour changes and a workaround may be dropped."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, AdaptiveCardInvokeResponse

from bot.config import Settings
from bot.teams.connector import SharedConnectorFactory, SharedSessionDriver, TokenProvider
from bot.teams.turn import command_text, tenant_of
from tests.support.activities import TENANT, Teams, payload
from tests.support.connector import ConnectorStandIn
from tests.support.running import running_bot


class _Bot(TeamsActivityHandler):  # type: ignore[misc]
    async def on_adaptive_card_invoke(self, turn_context: TurnContext, invoke_value: Any) -> AdaptiveCardInvokeResponse:
        return AdaptiveCardInvokeResponse(status_code=200, type="application/vnd.microsoft.card.adaptive", value={})


async def test_defect_still_present_cloud_adapter_process_answers_invokes_with_500(standin: ConnectorStandIn) -> None:
    class Config:
        APP_ID = APP_PASSWORD = APP_TENANTID = ""
        APP_TYPE = "MultiTenant"

    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(Config()))
    bot = _Bot()

    async def route(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", route)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        invoke = Teams(standin.url).card_invoke({"verb": "list"})
        async with aiohttp.ClientSession() as session:
            async with session.post(f"http://127.0.0.1:{port}/api/messages", json=invoke) as response:
                assert response.status == 500
    finally:
        await runner.cleanup()


async def test_our_route_answers_card_invokes_with_200_and_a_body(sqlite_url: str, standin: ConnectorStandIn) -> None:
    async with running_bot({"DATABASE_URL": sqlite_url}) as bot:
        status, body = await bot.post(Teams(standin.url).card_invoke({"verb": "list"}))
    assert status == 200
    assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"


def test_defect_still_present_invoke_response_with_a_message_cannot_be_serialised() -> None:
    response = AdaptiveCardInvokeResponse(status_code=200, type="application/vnd.microsoft.activity.message", value="x")
    with pytest.raises(Exception, match="cannot be serialized"):
        serializer_helper(response)


async def test_refusals_reach_the_user_as_a_message_answer(sqlite_url: str, standin: ConnectorStandIn) -> None:
    async with running_bot({"DATABASE_URL": sqlite_url}) as bot:
        status, body = await bot.post(Teams(standin.url).card_invoke({"verb": "done", "action_id": "missing"}))
    assert status == 200
    assert body["type"] == "application/vnd.microsoft.activity.message" and "not in this chat" in body["value"]


def test_defect_still_present_conversation_tenant_id_is_dropped() -> None:
    activity = Activity().deserialize(payload("meeting_chat_message_with_mention.ADAPTED.json"))
    assert activity.conversation.tenant_id is None


def test_tenant_is_read_from_channel_data() -> None:
    raw = payload("meeting_chat_message_with_mention.ADAPTED.json")
    raw["channelData"]["tenant"]["id"] = TENANT
    assert tenant_of(Activity().deserialize(raw)) == TENANT


def test_defect_still_present_remove_recipient_mention_leaves_a_leading_space() -> None:
    activity = Activity().deserialize(payload("meeting_chat_message_with_mention.ADAPTED.json"))
    assert TurnContext.remove_recipient_mention(activity).startswith(" ")


def test_the_command_text_has_no_leading_space_and_knows_it_was_addressed() -> None:
    activity = Activity().deserialize(payload("meeting_chat_message_with_mention.ADAPTED.json"))
    assert command_text(activity) == ("/action Send the deck to finance by Friday", True)


async def test_one_connector_client_and_one_session_serve_every_turn(standin: ConnectorStandIn) -> None:
    settings = Settings.from_env({})
    async with aiohttp.ClientSession() as session:
        factory = SharedConnectorFactory(settings, session, TokenProvider(settings))
        first = await factory.create(standin.url, None)
        assert await factory.create(standin.url, None) is first
        sender = first.config.pipeline._sender
        assert isinstance(sender.driver, SharedSessionDriver)
        activity = Activity(type="message", text="hello")
        await first.conversations.send_to_conversation("conv-1", activity)
    [sent] = standin.requests
    assert sent.body["text"] == "hello"


async def test_tokens_are_fetched_once_and_sent_on_every_request(
    standin: ConnectorStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings.from_env(
        {
            "MicrosoftAppId": "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8",
            "MicrosoftAppPassword": "secret",
            "MicrosoftAppTenantId": TENANT,
            "HOST": "127.0.0.1",
            "CHASER_PUBLIC_URL": "https://chaser.example.org",
            "CHASER_SIGNING_SECRET": "s" * 32,
        }
    )
    tokens = TokenProvider(settings)
    fetched: list[str] = []

    def acquire(audience: str) -> dict[str, Any]:
        fetched.append(audience)
        return {"access_token": "token-1", "expires_in": 3599}

    monkeypatch.setattr(tokens, "_acquire", acquire)
    assert await asyncio.gather(*(tokens.token("https://api.botframework.com") for _ in range(20))) == ["token-1"] * 20
    assert fetched == ["https://api.botframework.com"]
    async with aiohttp.ClientSession() as session:
        client = await SharedConnectorFactory(settings, session, tokens).create(standin.url, None)
        for _ in range(3):
            await client.conversations.send_to_conversation("conv-1", Activity(type="message", text="hi"))
    assert [r.headers.get("Authorization") for r in standin.requests] == ["Bearer token-1"] * 3
    assert fetched == ["https://api.botframework.com"]
