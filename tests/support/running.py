"""The real app, started on 127.0.0.1 for a test, with a client that posts activities like Teams does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from app import CHASER_KEY, Chaser, create_app
from bot.config import Settings
from bot.register.ports import Clock


@dataclass
class RunningBot:
    url: str
    session: aiohttp.ClientSession
    chaser: Chaser

    async def post(self, activity: dict[str, Any], *, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        async with self.session.post(f"{self.url}/api/messages", json=activity, headers=headers) as response:
            body = await response.read()
            try:
                parsed: Any = await response.json(content_type=None) if body else None
            except ValueError:
                parsed = body.decode(errors="replace")
            return response.status, parsed

    async def post_raw(self, data: bytes, *, content_type: str) -> tuple[int, Any]:
        async with self.session.post(
            f"{self.url}/api/messages", data=data, headers={"Content-Type": content_type}
        ) as response:
            return response.status, await response.json(content_type=None)


@asynccontextmanager
async def running_bot(
    env: dict[str, str], *, clock: Clock | None = None, identity_http_client: object = None
) -> AsyncIterator[RunningBot]:
    # Group chats answer bilingually by default (tests/http/test_welsh.py checks that); most tests read English.
    settings = Settings.from_env({"CHASER_CHAT_LANGUAGE": "en", **env})
    app = await create_app(settings, clock=clock, identity_http_client=identity_http_client)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    session = aiohttp.ClientSession()
    try:
        yield RunningBot(url=f"http://127.0.0.1:{port}", session=session, chaser=app[CHASER_KEY])
    finally:
        await session.close()
        await runner.cleanup()
