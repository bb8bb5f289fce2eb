"""Inbound authentication with MicrosoftAppId set (issue 16, item 3): tokens signed here, against a local stand-in
for the Bot Framework's OpenID metadata and JWKS, posted to /api/messages.

Every bad token is a 401 with one log line and no traceback, whether the metadata endpoint is up, down or hanging;
the valid token is accepted; a request never waits for the keys to be fetched. (How fast a 401 is: benchmarks/auth.py.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from tests.support.activities import TENANT, Teams
from tests.support.connector import ConnectorStandIn
from tests.support.identity import APP_ID, IdentityStandIn, bearer, token
from tests.support.running import RunningBot, running_bot


@pytest.fixture
async def identity() -> AsyncIterator[IdentityStandIn]:
    stand_in = await IdentityStandIn().start()
    yield stand_in
    await stand_in.stop()


def auth_env(sqlite_url: str, identity: IdentityStandIn, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": sqlite_url,
        "MicrosoftAppId": APP_ID,
        "MicrosoftAppPassword": "not-a-real-secret",
        "MicrosoftAppTenantId": TENANT,
        "HOST": "127.0.0.1",
        "CHASER_OPENID_METADATA_URL": identity.metadata_url,
        # With an app id these are required (issue 17): production configuration cannot be half-set.
        "CHASER_PUBLIC_URL": "https://chaser.example.org",
        "CHASER_SIGNING_SECRET": "a-test-secret-of-more-than-32-characters",
        **extra,
    }


def offline_outbound_tokens(bot: RunningBot) -> None:
    """Replies need a token for the Bot Connector; Entra cannot be reached from here, so MSAL's answer is made up."""
    bot.chaser.connector._tokens._acquire = lambda audience: {"access_token": "outbound", "expires_in": 3600}  # type: ignore[method-assign]


async def keys_loaded(bot: RunningBot) -> None:
    assert bot.chaser.authenticator is not None
    for _ in range(200):
        if bot.chaser.authenticator.keys.loaded:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the signing keys were never loaded")


# name -> how to make the Authorization header (or the activity) wrong
BAD: dict[str, Callable[[str], dict[str, str]]] = {
    "no header": lambda url: {},
    "not bearer": lambda url: {"Authorization": f"Basic {token(url)}"},
    "garbage": lambda url: bearer("abc.def.ghi"),
    "huge": lambda url: bearer("a" * 8_000),
    "wrong key": lambda url: bearer(token(url, key="attacker")),
    "unknown kid": lambda url: bearer(token(url, kid="never-published")),
    "no kid": lambda url: bearer(token(url, kid=None)),
    "alg none": lambda url: bearer(token(url, alg="none")),
    "HS256": lambda url: bearer(token(url, alg="HS256")),
    "RS512 (not RS256)": lambda url: bearer(token(url, alg="RS512")),
    "wrong audience": lambda url: bearer(token(url, audience="11111111-2222-3333-4444-555555555555")),
    "wrong issuer": lambda url: bearer(token(url, issuer="https://sts.windows.net/attacker/")),
    "expired beyond clock skew": lambda url: bearer(token(url, expires_in=-301 - 60)),
    "serviceUrl mismatch": lambda url: bearer(token("https://smba.attacker.example/")),
    "channel endorsement mismatch": lambda url: bearer(token(url, key="web", kid="bf-key-webchat")),
}


def refusals(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bot.teams.route" and "401" in r.getMessage()]


async def test_every_bad_token_is_a_401_with_one_log_line_and_the_valid_one_is_accepted(
    sqlite_url: str,
    identity: IdentityStandIn,
    teams: Teams,
    standin: ConnectorStandIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with running_bot(auth_env(sqlite_url, identity)) as bot:
        offline_outbound_tokens(bot)
        await keys_loaded(bot)
        for name, headers in BAD.items():
            caplog.clear()
            status, body = await bot.post(teams.meeting_message(f"/action {name}"), headers=headers(standin.url))
            assert status == 401, name
            assert body["error"]["code"] == "Unauthorized"
            assert len(refusals(caplog)) == 1, name
            assert not [r for r in caplog.records if r.exc_info], name
        assert await bot.chaser.store.count("actions") == 0
        assert standin.requests == []

        status, _ = await bot.post(teams.meeting_message("/action Signed properly"), headers=bearer(token(standin.url)))
        assert status == 201
        assert await bot.chaser.store.count("actions") == 1
        assert standin.requests[-1].headers["Authorization"] == "Bearer outbound"


async def test_with_the_metadata_endpoint_down_from_the_start_every_token_is_a_quick_401(
    sqlite_url: str, identity: IdentityStandIn, teams: Teams, standin: ConnectorStandIn
) -> None:
    identity.down = True
    async with running_bot(auth_env(sqlite_url, identity)) as bot:
        for name, headers in {**BAD, "valid": lambda url: bearer(token(url))}.items():
            status, _ = await bot.post(teams.meeting_message(f"/action {name}"), headers=headers(standin.url))
            assert status == 401, name
        # Twenty requests later the endpoint has been asked once (the start) or twice (one nudge), not per request.
        assert identity.requests <= 2
        assert await bot.chaser.store.count("actions") == 0
        async with bot.session.get(f"{bot.url}/healthz") as health:
            assert health.status == 200


async def test_a_hanging_metadata_endpoint_never_holds_a_request(
    sqlite_url: str, identity: IdentityStandIn, teams: Teams, standin: ConnectorStandIn
) -> None:
    identity.hang = True
    async with running_bot(auth_env(sqlite_url, identity)) as bot:
        answers = await asyncio.wait_for(
            asyncio.gather(
                *(bot.post(teams.meeting_message("/action x"), headers=bearer(token(standin.url))) for _ in range(20))
            ),
            timeout=5,
        )
        assert {status for status, _ in answers} == {401}


async def test_keys_held_survive_the_endpoint_going_down_and_unknown_kids_do_not_fetch_per_request(
    sqlite_url: str, identity: IdentityStandIn, teams: Teams, standin: ConnectorStandIn
) -> None:
    async with running_bot(auth_env(sqlite_url, identity)) as bot:
        offline_outbound_tokens(bot)
        await keys_loaded(bot)
        identity.down = True
        before = identity.requests
        for _ in range(30):
            status, _ = await bot.post(teams.meeting_message("/actions"), headers=BAD["unknown kid"](standin.url))
            assert status == 401
        await asyncio.sleep(0.1)
        assert identity.requests - before <= 1  # one early refresh for the unknown kid, then none for minutes
        status, _ = await bot.post(teams.meeting_message("/action Still works"), headers=bearer(token(standin.url)))
        assert status == 201


async def test_a_rotated_key_is_picked_up_by_the_refresh_an_unknown_kid_asks_for(
    sqlite_url: str, identity: IdentityStandIn, teams: Teams, standin: ConnectorStandIn
) -> None:
    async with running_bot(auth_env(sqlite_url, identity)) as bot:
        offline_outbound_tokens(bot)
        await keys_loaded(bot)
        identity.published["bf-key-2"] = ("rotated", ["msteams"])
        rotated = bearer(token(standin.url, key="rotated", kid="bf-key-2"))
        status, _ = await bot.post(teams.meeting_message("/action Rotated"), headers=rotated)
        assert status == 401  # not known yet: refused at once, and a refresh is asked for
        for _ in range(200):
            status, _ = await bot.post(teams.meeting_message("/action Rotated"), headers=rotated)
            if status == 201:
                break
            await asyncio.sleep(0.01)
        assert status == 201


async def test_the_tenant_allow_list_answers_only_after_authentication(
    sqlite_url: str, identity: IdentityStandIn, teams: Teams, standin: ConnectorStandIn
) -> None:
    """An anonymous caller cannot tell an allowed tenant from another: both are 401."""
    env = auth_env(sqlite_url, identity, CHASER_ALLOWED_TENANTS=TENANT)
    other = Teams(standin.url, tenant="0d9f2a51-8c3b-4e7a-9f10-2b3c4d5e6f70")
    async with running_bot(env) as bot:
        offline_outbound_tokens(bot)
        await keys_loaded(bot)
        anonymous: list[Any] = [await bot.post(t.meeting_message("/actions")) for t in (teams, other)]
        assert [status for status, _ in anonymous] == [401, 401]
        assert anonymous[0][1] == anonymous[1][1]
        status, body = await bot.post(other.meeting_message("/actions"), headers=bearer(token(standin.url)))
        assert status == 403 and TENANT not in str(body)
        assert await bot.chaser.store.count("chats") == 0


async def test_the_body_is_not_read_for_an_unauthenticated_request(
    sqlite_url: str, identity: IdentityStandIn, teams: Teams, standin: ConnectorStandIn
) -> None:
    """Deep nesting and broken JSON get the same 401 as anything else when the token is bad."""
    async with running_bot(auth_env(sqlite_url, identity)) as bot:
        await keys_loaded(bot)
        deep = b'{"type":"message","value":' + b"[" * 5000 + b"]" * 5000 + b"}"
        for raw in (deep, b"{not json", b"[]"):
            status, _ = await bot.post_raw(raw, content_type="application/json")
            assert status == 401
        signed = bearer(token(standin.url))
        async with bot.session.post(
            f"{bot.url}/api/messages", data=deep, headers={**signed, "Content-Type": "application/json"}
        ) as response:
            assert response.status == 400


async def test_a_valid_card_answer_reaches_the_handler(
    sqlite_url: str, identity: IdentityStandIn, teams: Teams, standin: ConnectorStandIn
) -> None:
    async with running_bot(auth_env(sqlite_url, identity)) as bot:
        await keys_loaded(bot)
        invoke = teams.card_invoke({"verb": "done", "action_id": "0" * 32})
        status, body = await bot.post(invoke, headers=bearer(token(standin.url)))
        assert status == 200 and body["type"] == "application/vnd.microsoft.activity.message"
        assert "not in this chat" in body["value"]
