"""A federated credential instead of a client secret: the bot's token request carries an assertion that the
user-assigned managed identity issues for api://AzureADTokenExchange. The managed identity endpoint App Service
provides (IDENTITY_ENDPOINT, IDENTITY_HEADER) is stood in for locally; Entra itself cannot be reached from here."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiohttp import web

from bot.config import Settings
from bot.teams.connector import FEDERATION_AUDIENCE, TokenProvider, federated_assertion
from tests.support.processes import PRODUCTION

IDENTITY = "4d3c2b1a-0000-4000-8000-00000000f1c0"


async def test_the_assertion_comes_from_the_managed_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[dict[str, str]] = []

    async def token(request: web.Request) -> web.Response:
        asked.append({**request.query, "header": request.headers.get("X-IDENTITY-HEADER", "")})
        expires = int(time.time()) + 3600
        return web.json_response(
            {"access_token": "assertion-from-the-identity", "expires_on": str(expires), "resource": FEDERATION_AUDIENCE}
        )

    app = web.Application()
    app.router.add_get("/msi/token", token)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    monkeypatch.setenv("IDENTITY_ENDPOINT", f"http://127.0.0.1:{port}/msi/token")
    monkeypatch.setenv("IDENTITY_HEADER", "header-from-app-service")
    try:
        assertion = await asyncio.to_thread(federated_assertion(IDENTITY))
    finally:
        await runner.cleanup()
    assert assertion == "assertion-from-the-identity"
    [request] = asked
    assert request["resource"] == FEDERATION_AUDIENCE and request["client_id"] == IDENTITY
    assert request["header"] == "header-from-app-service"


def test_the_token_provider_uses_the_assertion_not_a_secret() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "MicrosoftAppPassword"}
    provider = TokenProvider(Settings.from_env({**env, "CHASER_FEDERATED_CLIENT_ID": IDENTITY}))
    assert callable(provider.client_credential()["client_assertion"])
    secret = TokenProvider(Settings.from_env(PRODUCTION)).client_credential()
    assert secret == PRODUCTION["MicrosoftAppPassword"]
