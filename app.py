"""Chaser's composition root and command line. Nothing runs at import.

python app.py            start the bot (same as `chaser serve`)
chaser migrate           bring the database schema up to date
chaser package           build the Teams app package (appPackage.zip)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import socket
import sys
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import aiohttp
from aiohttp import web
from botbuilder.integration.aiohttp import CloudAdapter

from bot.config import Settings
from bot.mail.transports import build_mailer
from bot.register.calendar import WorkingCalendar
from bot.register.errors import ChaserError
from bot.register.meetings import Meetings
from bot.register.minutes.worker import MinutesWorker
from bot.register.ports import Clock, SystemClock
from bot.register.service import ActionRegister
from bot.store.chasers import ChaserStore
from bot.store.migrate import migrate
from bot.store.sql import SqlStore
from bot.teams import server_errors
from bot.teams.answer_links import AnswerLinks
from bot.teams.bot_connector import BotConnector
from bot.teams.chaser_notifier import ChaserNotifier, Routes
from bot.teams.chaser_view import ChaserView
from bot.teams.connector import ChaserAuthentication, TokenProvider
from bot.teams.errors import turn_error_handler
from bot.teams.exports_route import ExportLinks, exports_route
from bot.teams.handler import ChaserBot
from bot.teams.inbound_auth import InboundAuthenticator, SigningKeys
from bot.teams.language import Languages
from bot.teams.meeting_events import MeetingLifecycle
from bot.teams.outbox import Outbox
from bot.teams.owner_answers import OwnerAnswers
from bot.teams.route import messages_route
from bot.teams.router import Router
from bot.web.answer_page import AnswerPage
from dialogs.action_form import ActionForms
from dialogs.card_answers import CardAnswers
from dialogs.escalation_answers import EscalationAnswers
from dialogs.import_minutes import MinutesImporter
from dialogs.reminder_answers import ChaserAnswers
from dialogs.review_answers import ReviewAnswers
from dialogs.role_assign import RoleAssignments
from scheduler.policy import ChasePolicy
from scheduler.runner import SweepRunner
from scheduler.sweeper import Sweeper

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
    sweeper: Sweeper
    sdk_auth: ChaserAuthentication
    # None in local mode (no MicrosoftAppId): inbound authentication is off.
    authenticator: InboundAuthenticator | None
    minutes_worker: MinutesWorker
    routes: Routes
    page: AnswerPage


CHASER_KEY = web.AppKey("chaser", Chaser)


async def build(settings: Settings, *, clock: Clock | None = None) -> Chaser:
    clock = clock or SystemClock()
    sqlite_path = settings.sqlite_path()
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    store = SqlStore.connect(settings.database_url)
    await migrate(store)
    # One working calendar for chasers and for deadlines such as "within 5 working days".
    calendar = WorkingCalendar.from_env(settings.env)
    register = ActionRegister(store, clock, calendar=calendar)
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100, limit_per_host=50))
    tokens = TokenProvider(settings)
    sdk_auth = ChaserAuthentication(settings, settings.sdk_configuration(), session, tokens)
    adapter = CloudAdapter(sdk_auth)
    authenticator = (
        None
        if settings.local_mode
        else InboundAuthenticator(settings.app_id, SigningKeys(session, settings.openid_metadata_url))
    )
    adapter.on_turn_error = turn_error_handler()
    connector = BotConnector(session, tokens)
    meetings = Meetings(store, register, clock)
    outbox = Outbox(connector, store, clock)
    languages = Languages(store, clock, default_chat_language=settings.chat_language)
    lifecycle = MeetingLifecycle(meetings, outbox, connector, languages)
    policy = ChasePolicy.from_env(settings.env)
    chasers = ChaserStore(store)
    owner_answers = OwnerAnswers(
        register, chasers, outbox, calendar, notify_chat=settings.notify_chat, languages=languages
    )
    answers = ChaserAnswers(register, owner_answers)
    mailer = build_mailer(settings.reach)
    links = AnswerLinks(settings.export_secret, settings.public_url, clock, days=settings.reach.link_days)
    routes = Routes(mailer=mailer, links=links)
    view = ChaserView(register, chasers, calendar, policy, reach=routes.options)
    notifier = ChaserNotifier(outbox, settings.tz, store=store, clock=clock, routes=routes)
    router = Router(register, meetings, view, languages, ExportLinks(settings, clock))
    minutes_worker = MinutesWorker()
    card_answers = CardAnswers(
        register,
        ActionForms(register),
        ReviewAnswers(meetings),
        answers,
        MinutesImporter(meetings, minutes_worker),
        RoleAssignments(meetings),
        EscalationAnswers(meetings, notifier),
    )
    bot = ChaserBot(router, card_answers, store, clock, connector, lifecycle, languages)
    sweeper = Sweeper(
        chasers,
        store,
        notifier,
        clock,
        calendar,
        policy,
        owner=f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
        lease=timedelta(seconds=settings.lease_seconds),
    )
    return Chaser(
        settings=settings,
        store=store,
        register=register,
        session=session,
        adapter=adapter,
        sdk_auth=sdk_auth,
        authenticator=authenticator,
        connector=connector,
        outbox=outbox,
        bot=bot,
        sweeper=sweeper,
        minutes_worker=minutes_worker,
        routes=routes,
        page=AnswerPage(
            secret=settings.export_secret,
            public_url=settings.public_url,
            register=register,
            answers=owner_answers,
            store=store,
            languages=languages,
            clock=clock,
            per_minute=settings.reach.page_per_minute,
        ),
    )


async def create_app(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    chaser = await build(settings, clock=clock)
    server_errors.install()
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[CHASER_KEY] = chaser
    app.router.add_post(
        "/api/messages", messages_route(settings, chaser.adapter, chaser.bot, chaser.sdk_auth, chaser.authenticator)
    )
    app.router.add_get("/healthz", _health)
    app.router.add_get("/exports", exports_route(settings, chaser.store, chaser.register.clock))
    app.router.add_routes(chaser.page.routes())

    runner = SweepRunner(chaser.sweeper.sweep, every_seconds=settings.sweep_seconds)

    async def start(_app: web.Application) -> None:
        if chaser.authenticator is not None:
            chaser.authenticator.keys.start()
        if settings.sweep_seconds > 0:
            runner.start()

    async def close(_app: web.Application) -> None:
        await runner.stop()
        if chaser.authenticator is not None:
            await chaser.authenticator.keys.stop()
        await chaser.minutes_worker.close()
        if chaser.routes.mailer is not None:
            await chaser.routes.mailer.close()
        await chaser.session.close()
        await chaser.store.close()

    app.on_startup.append(start)
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
    web.run_app(_served(settings), host=settings.host, port=settings.port, print=None)


async def _served(settings: Settings) -> web.Application:
    app = await create_app(settings)
    app.on_startup.append(_warm_minutes_worker)
    app.on_startup.append(_tune_garbage_collector)  # last: it freezes what start-up made
    return app


async def _warm_minutes_worker(app: web.Application) -> None:
    # The worker's imports take about a second: paid at start, not by the first /import.
    await app[CHASER_KEY].minutes_worker.warm()


# Turns in flight hold a few thousand live containers between them (activities, cards, futures): at the default
# first threshold (700) that alone set off ~150 young collections a second, each promoting in-flight objects into
# older generations to be scanned again (~3% of the bot's CPU at 32 conversations, benchmarks/turns.py). Almost all
# of it is freed by reference counting; cyclic garbage still goes within 10,000 new containers.
GC_THRESHOLDS = (10_000, 10, 10)


async def _tune_garbage_collector(_app: web.Application) -> None:
    # Everything loaded by now (the SDK, SQLAlchemy, Babel, the catalogue) lives as long as the process. Left to the
    # collector, each full collection walked all of it: 50-70 ms with every turn in flight stalled, every ~2 s under
    # load (benchmarks/turns.py p99). Frozen, a full collection only walks what turns have made since.
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


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
    chasers = commands.add_parser("chasers", help="who will be chased when (a dry run: nothing is sent)")
    chasers.add_argument("--at", help="from this local time, e.g. 2025-03-20T09:00 (default: now)")
    chasers.add_argument("--days", type=int, default=14)
    chasers.add_argument("--chat", help="only this chat (conversation id)")
    chasers.add_argument("--database-url", help="instead of DATABASE_URL")
    minutes = commands.add_parser(
        "import", help="read actions from minutes (.pdf, .docx, .html, .md or .txt; format found from the content)"
    )
    minutes.add_argument("file", type=Path)
    minutes.add_argument("--meeting-date", type=date.fromisoformat, help="YYYY-MM-DD, when the document does not say")
    minutes.add_argument("--chat", help="add the actions to this chat's register (conversation id)")
    minutes.add_argument("--dry-run", action="store_true", help="store nothing")
    minutes.add_argument("--json", action="store_true", help="print the actions as JSON")
    minutes.add_argument("--database-url", help="instead of DATABASE_URL")
    export = commands.add_parser("export", help="export a chat's register")
    export.add_argument("--chat", required=True)
    export.add_argument("--format", choices=["md", "csv", "docx", "ics"], required=True)
    export.add_argument("--meeting", help="only this meeting (occurrence id)")
    export.add_argument("-o", "--output", type=Path)
    export.add_argument("--database-url", help="instead of DATABASE_URL")
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
        # Validated here too, so a bad working calendar or chase policy stops the start with its one line.
        WorkingCalendar.from_env(environment)
        ChasePolicy.from_env(environment)
    except ValueError as error:
        print(f"chaser: configuration error: {error}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        asyncio.run(_migrate_only(settings))
        print(f"chaser: database at {settings.database_url.split('@')[-1]} is up to date")
        return 0
    if args.command in ("chasers", "import", "export"):
        return _tool(args, settings, environment)
    serve(settings)
    return 0


def _tool(args: argparse.Namespace, settings: Settings, environment: Mapping[str, str]) -> int:
    from bot import cli

    if getattr(args, "database_url", None):
        settings = Settings.from_env({**environment, "DATABASE_URL": args.database_url})
    try:
        if args.command == "chasers":
            at = cli.parse_at(args.at, settings.tz) if args.at else datetime.now(settings.tz)
            return asyncio.run(
                cli.print_chasers(settings, environment, at=at, days=args.days, chat=args.chat, out=sys.stdout)
            )
        if args.command == "import":
            return asyncio.run(
                cli.import_minutes(
                    settings,
                    args.file.name,
                    cli.read_file(args.file),
                    meeting_date=args.meeting_date,
                    chat=args.chat,
                    dry_run=args.dry_run,
                    as_json=args.json,
                    out=sys.stdout,
                )
            )
        data = asyncio.run(cli.export_register(settings, chat=args.chat, fmt=args.format, meeting=args.meeting))
        if args.output is None:
            sys.stdout.buffer.write(data)
        else:
            args.output.write_bytes(data)
            print(f"chaser export: wrote {args.output} ({len(data)} bytes)", file=sys.stderr)
        return 0
    except ChaserError as refusal:
        from cards.catalogue import t

        print(f"chaser {args.command}: {t(refusal.key, 'en', **refusal.params)}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"chaser {args.command}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
