"""Chaser's composition root and command line. Nothing runs at import.

python app.py            start the bot (same as `chaser serve`)
chaser migrate           bring the database schema up to date
chaser package           build the Teams app package (appPackage.zip)
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import overload

import aiohttp
from aiohttp import web
from botbuilder.integration.aiohttp import CloudAdapter

from bot import logs
from bot.config import Settings
from bot.graph.wiring import reach_routes
from bot.logs import AccessLog
from bot.register.calendar import WorkingCalendar
from bot.register.meetings import Meetings
from bot.register.minutes.worker import MinutesWorker
from bot.register.ports import Clock, SystemClock
from bot.register.service import ActionRegister
from bot.serving.collector import tune_garbage_collector
from bot.serving.command_line import parser, run_tool
from bot.serving.probes import ServingState, healthz, readyz, refuse_new_turns_while_draining
from bot.serving.sqlite_lock import ServingLock
from bot.serving.start_errors import explain
from bot.store.chasers import ChaserStore
from bot.store.migrate import migrate
from bot.store.sql import SqlStore
from bot.teams import server_errors
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

# SIGTERM to exit within 10 s: turns in flight and the sweep under way get this long, side by side; then leases are
# released and connections closed.
DRAIN_SECONDS = 6.0


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


async def build(settings: Settings, *, clock: Clock | None = None, identity_http_client: object = None) -> Chaser:
    clock = clock or SystemClock()
    sqlite_path = settings.sqlite_path()
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    store = SqlStore.connect(settings.database_url)
    try:
        await migrate(store)
    except BaseException:
        await store.close()  # the start is refused; its connections go with it
        raise
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
    policy = ChasePolicy.from_env(settings.env)
    chasers = ChaserStore(store)
    owner_answers = OwnerAnswers(
        register, chasers, outbox, calendar, notify_chat=settings.notify_chat, languages=languages
    )
    answers = ChaserAnswers(register, owner_answers)
    routes = reach_routes(settings, session, clock, identity_http_client=identity_http_client)
    view = ChaserView(register, chasers, calendar, policy, reach=routes.options)
    notifier = ChaserNotifier(outbox, settings.tz, store=store, clock=clock, routes=routes)
    lifecycle = MeetingLifecycle(meetings, outbox, connector, languages, notifier)
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
            secret=settings.signing_secret,
            public_url=settings.public_url,
            register=register,
            answers=owner_answers,
            store=store,
            languages=languages,
            clock=clock,
            per_minute=settings.reach.page_per_minute,
        ),
    )


@overload
async def create_app(
    settings: None = None, *, clock: Clock | None = None, identity_http_client: object = None
) -> web.AppRunner: ...


@overload
async def create_app(
    settings: Settings, *, clock: Clock | None = None, identity_http_client: object = None
) -> web.Application: ...


async def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, identity_http_client: object = None
) -> web.Application | web.AppRunner:
    """The aiohttp application, built and migrated. With no settings it is gunicorn's factory (`app:create_app`),
    which hands gunicorn's aiohttp worker a runner with Chaser's access log (see _worker_app).
    `identity_http_client`: msal's HTTP client for Graph tokens (tests reach stand-ins through it)."""
    if settings is None:
        return await _worker_app()
    sqlite_path = settings.sqlite_path()
    lock = ServingLock(sqlite_path) if sqlite_path is not None else None
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    if lock is not None:
        lock.acquire()
    try:
        chaser = await build(settings, clock=clock, identity_http_client=identity_http_client)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    state = ServingState()
    server_errors.install()
    app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[refuse_new_turns_while_draining(state)])
    app[CHASER_KEY] = chaser
    app.router.add_post(
        "/api/messages",
        messages_route(
            settings,
            chaser.adapter,
            chaser.bot,
            chaser.sdk_auth,
            chaser.authenticator,
            audit=chaser.store,
            clock=chaser.register.clock,
        ),
    )
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz(state, chaser.store))
    app.router.add_get("/exports", exports_route(settings, chaser.store, chaser.register.clock))
    app.router.add_routes(chaser.page.routes())

    runner = SweepRunner(chaser.sweeper.sweep, every_seconds=settings.sweep_seconds)
    sweeps_stopped: list[asyncio.Task[None]] = []

    async def start(_app: web.Application) -> None:
        if chaser.authenticator is not None:
            chaser.authenticator.keys.start()
        if settings.sweep_seconds > 0:
            runner.start()

    async def drain(_app: web.Application) -> None:
        # The listener is closed by now; turns in flight are still running. The sweep under way finishes its
        # sends alongside them, within the same grace.
        state.draining = True
        log.info("shutting down: finishing turns and sends in flight")
        sweeps_stopped.append(asyncio.create_task(runner.stop(grace=DRAIN_SECONDS)))

    async def close(_app: web.Application) -> None:
        try:
            await (sweeps_stopped[0] if sweeps_stopped else runner.stop())
            released = await chaser.sweeper.release()
            if released:
                log.info("released %d chaser leases for other replicas", released)
        finally:
            if chaser.authenticator is not None:
                await chaser.authenticator.keys.stop()
            await chaser.minutes_worker.close()
            if chaser.routes.mailer is not None:
                await chaser.routes.mailer.close()
            await chaser.session.close()
            await chaser.store.close()
            if lock is not None:
                lock.release()

    app.on_startup.append(start)
    app.on_shutdown.append(drain)
    app.on_cleanup.append(close)
    return app


def settings_from(environment: Mapping[str, str]) -> Settings:
    """Every setting read and checked once; a bad one raises ValueError naming it."""
    settings = Settings.from_env(environment)
    # Validated here too, so a bad working calendar or chase policy stops the start with its one line.
    WorkingCalendar.from_env(environment)
    ChasePolicy.from_env(environment)
    return settings


async def _worker_app() -> web.AppRunner:
    """For `gunicorn app:create_app --worker-class aiohttp.GunicornWebWorker`. A refusal prints its one line and
    exits with 3, gunicorn's "worker failed to boot", so gunicorn stops instead of restarting the worker for ever.

    A runner rather than the application: given an application, the worker logs each request with aiohttp's own
    access logger, whose request line carries the query string and the path as sent: a signed export link's
    signature, an answer page's token. Given a runner, it serves it as it is, with Chaser's AccessLog (the same
    lines `chaser serve` writes)."""
    try:
        settings = settings_from(os.environ)
    except ValueError as error:
        print(f"chaser: configuration error: {error}", file=sys.stderr)
        raise SystemExit(3) from None
    logs.configure(settings)
    try:
        app = await create_app(settings)
    except Exception as error:
        _refuse(error, settings)
        raise SystemExit(3) from None
    app.on_startup.append(_warm_minutes_worker)
    app.on_startup.append(tune_garbage_collector)  # last: it freezes what start-up made
    return web.AppRunner(
        app,
        access_log_class=AccessLog,
        access_log=logging.getLogger("aiohttp.access"),
        shutdown_timeout=DRAIN_SECONDS,
    )


def _refuse(error: BaseException, settings: Settings) -> int:
    log.debug("start failed", exc_info=error)
    print(f"chaser: {explain(error, settings)}", file=sys.stderr)
    return 1


def serve(settings: Settings) -> int:
    if settings.local_mode:
        banner = (
            "LOCAL MODE: MicrosoftAppId is not set, so inbound authentication is OFF and the bot listens on "
            f"{settings.host}:{settings.port} only. Use it with Agents Playground or tests, never with a Teams tenant."
        )
        if settings.log_format == "text":  # JSON logs carry it as a line like any other
            print("=" * 100, banner, "=" * 100, sep="\n", file=sys.stderr)
        log.warning(banner)
    try:
        web.run_app(
            _served(settings),
            host=settings.host,
            port=settings.port,
            print=None,
            access_log_class=AccessLog,
            shutdown_timeout=DRAIN_SECONDS,
        )
    except Exception as error:
        return _refuse(error, settings)
    log.info("stopped")
    return 0


async def _served(settings: Settings) -> web.Application:
    app = await create_app(settings)
    app.on_startup.append(_warm_minutes_worker)
    app.on_startup.append(tune_garbage_collector)  # last: it freezes what start-up made
    return app


async def _warm_minutes_worker(app: web.Application) -> None:
    # The worker's imports take about a second: paid at start, not by the first /import.
    await app[CHASER_KEY].minutes_worker.warm()


async def _migrate_only(settings: Settings) -> None:
    sqlite_path = settings.sqlite_path()
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    store = SqlStore.connect(settings.database_url)
    try:
        await migrate(store)
    finally:
        await store.close()


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    args = parser().parse_args(argv)
    environment = dict(os.environ if env is None else env)
    if getattr(args, "database_url", None):
        environment["DATABASE_URL"] = args.database_url
    if args.command == "package":
        from manifest.build import package_command

        return package_command(args, environment)
    try:
        settings = settings_from(environment)
    except ValueError as error:
        print(f"chaser: configuration error: {error}", file=sys.stderr)
        return 2
    logs.configure(settings)
    if args.command == "migrate":
        try:
            asyncio.run(_migrate_only(settings))
        except Exception as error:
            return _refuse(error, settings)
        print(f"chaser: database at {settings.database_url.split('@')[-1]} is up to date")
        return 0
    if args.command in ("chasers", "import", "export", "bounce", "revoke-links"):
        return run_tool(args, settings, environment)
    return serve(settings)


if __name__ == "__main__":
    sys.exit(main())
