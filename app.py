"""Chaser's composition root and command line. Nothing runs at import.

python app.py            start the bot (same as `chaser serve`)
chaser migrate           bring the database schema up to date
chaser package           build the Teams app package (appPackage.zip)
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from botbuilder.integration.aiohttp import CloudAdapter

from bot.config import ConfigError, Settings
from bot.register.meetings import Meetings
from bot.register.ports import Clock, SystemClock
from bot.register.service import ActionRegister
from bot.store.migrate import migrate
from bot.store.sql import SqlStore
from bot.teams.bot_connector import BotConnector
from bot.teams.connector import ChaserAuthentication, TokenProvider
from bot.teams.errors import turn_error_handler
from bot.teams.handler import ChaserBot
from bot.teams.meeting_events import MeetingLifecycle
from bot.teams.outbox import Outbox
from bot.teams.route import messages_route
from bot.teams.router import Router

log = logging.getLogger("chaser")


@dataclass
class Chaser:
    """Everything one running bot holds, for the routes, the CLI and the tests."""

    settings: Settings
    store: SqlStore
    register: ActionRegister
    session: aiohttp.ClientSession
    adapter: CloudAdapter
    connector: BotConnector
    outbox: Outbox
    bot: ChaserBot


CHASER_KEY = web.AppKey("chaser", Chaser)


async def build(settings: Settings, *, clock: Clock | None = None) -> Chaser:
    clock = clock or SystemClock()
    sqlite_path = settings.sqlite_path()
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    store = SqlStore.connect(settings.database_url)
    await migrate(store)
    register = ActionRegister(store, clock, tz=settings.timezone)
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100, limit_per_host=50))
    tokens = TokenProvider(settings)
    adapter = CloudAdapter(ChaserAuthentication(settings, settings.sdk_configuration(), session, tokens))
    adapter.on_turn_error = turn_error_handler()
    connector = BotConnector(session, tokens)
    meetings = Meetings(store, register, clock)
    outbox = Outbox(connector, store, clock)
    lifecycle = MeetingLifecycle(meetings, outbox, connector)
    bot = ChaserBot(Router(register, meetings), store, clock, connector, lifecycle)
    return Chaser(
        settings=settings,
        store=store,
        register=register,
        session=session,
        adapter=adapter,
        connector=connector,
        outbox=outbox,
        bot=bot,
    )


async def create_app(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    chaser = await build(settings, clock=clock)
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[CHASER_KEY] = chaser
    app.router.add_post("/api/messages", messages_route(settings, chaser.adapter, chaser.bot))
    app.router.add_get("/healthz", _health)

    async def close(_app: web.Application) -> None:
        await chaser.session.close()
        await chaser.store.close()

    app.on_cleanup.append(close)
    return app


async def _health(request: web.Request) -> web.Response:
    chaser = request.app[CHASER_KEY]
    try:
        await chaser.store.ping()
    except Exception as error:  # any database failure means "not healthy", whatever the driver raised
        return web.json_response({"status": "unhealthy", "database": type(error).__name__}, status=503)
    return web.json_response({"status": "ok", "database": chaser.store.dialect})


def serve(settings: Settings) -> None:
    if settings.local_mode:
        banner = (
            "LOCAL MODE: MicrosoftAppId is not set, so inbound authentication is OFF and the bot listens on "
            f"{settings.host}:{settings.port} only. Use it with Agents Playground or tests, never with a Teams tenant."
        )
        print("=" * 100, banner, "=" * 100, sep="\n", file=sys.stderr)
        log.warning(banner)
    web.run_app(create_app(settings), host=settings.host, port=settings.port, print=None)


async def _migrate_only(settings: Settings) -> None:
    sqlite_path = settings.sqlite_path()
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    store = SqlStore.connect(settings.database_url)
    try:
        await migrate(store)
    finally:
        await store.close()


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="chaser", description="Chaser: meeting actions that get done (Teams bot)")
    commands = top.add_subparsers(dest="command")
    commands.add_parser("serve", help="start the bot (the default)")
    commands.add_parser("migrate", help="bring the database schema up to date")
    package = commands.add_parser("package", help="build the Teams app package (appPackage.zip)")
    package.add_argument("rest", nargs=argparse.REMAINDER)
    return top


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    args = parser().parse_args(argv)
    environment = os.environ if env is None else env
    level = environment.get("CHASER_LOG_LEVEL", "INFO").upper()
    logging.basicConfig(
        level=level if level in logging.getLevelNamesMapping() else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.command == "package":
        from manifest.build import main as package_main

        return int(package_main(args.rest) or 0)
    try:
        settings = Settings.from_env(environment)
    except ConfigError as error:
        print(f"chaser: configuration error: {error}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        asyncio.run(_migrate_only(settings))
        print(f"chaser: database at {settings.database_url.split('@')[-1]} is up to date")
        return 0
    serve(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
