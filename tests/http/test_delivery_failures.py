"""Transport failures from the Bot Connector, one recipient at a time: each attempt is recorded and retried, the
recipient's chaser is tried again later, and everybody else in the sweep is reminded as if nothing happened.

The sweep runs for real (store, sweeper, notifier, outbox, connector client over HTTP) against the stand-in, with the
connector's timeout and the outbox's back-off shortened so a test takes a second rather than minutes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.register.calendar import WorkingCalendar
from bot.register.ports import SystemClock
from bot.store.chasers import ChaserStore
from bot.store.schema import actions, chaser_sent, chasers
from bot.store.sql import SqlStore
from bot.teams.bot_connector import BotConnector
from bot.teams.chaser_notifier import ChaserNotifier, Routes
from bot.teams.connector import TokenProvider
from bot.teams.outbox import MAX_ATTEMPTS, Outbox
from scheduler.policy import ChasePolicy
from scheduler.sweeper import Sweeper
from tests.support.connector import ConnectorStandIn
from tests.support.owed import delivered, seed_owed

ALWAYS_WORKING = {"CHASER_WORKING_HOURS": "00:00-23:59", "CHASER_WORKING_DAYS": "mon-sun", "CHASER_HOLIDAYS": "none"}
OWED = 6
BROKEN = "a:person-Edge-2"  # Person 2's 1:1 chat


@dataclass
class Delivery:
    store: SqlStore
    chasers: ChaserStore
    sweeper: Sweeper


async def no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


@pytest.fixture
async def delivery(sqlite_url: str, standin: ConnectorStandIn) -> AsyncIterator[Delivery]:
    await seed_owed(sqlite_url, standin.url, prefix="Edge", count=OWED)
    store = SqlStore.connect(sqlite_url)
    clock = SystemClock()
    calendar = WorkingCalendar.from_env(ALWAYS_WORKING)
    async with aiohttp.ClientSession() as session:
        connector = BotConnector(session, TokenProvider(Settings.from_env({})), timeout=0.5)
        outbox = Outbox(connector, store, clock, sleep=no_wait)
        notifier = ChaserNotifier(outbox, ZoneInfo("Europe/London"), store=store, clock=clock, routes=Routes())
        chaser_store = ChaserStore(store)
        sweeper = Sweeper(
            chaser_store, store, notifier, clock, calendar, ChasePolicy.from_env({}), owner="test", lease=timedelta(1)
        )
        yield Delivery(store, chaser_store, sweeper)
    await store.close()


async def action_id(store: SqlStore, text: str) -> str:
    query = select(actions.c.id).where(actions.c.text == text)
    return str(await store.database.read(lambda conn: conn.execute(query).scalar_one()))


@pytest.mark.parametrize(("breakage", "outcome"), [("drop", "connection"), ("hang", "timeout"), (500, "http_500")])
async def test_one_recipients_transport_failure_is_recorded_retried_and_fails_alone(
    delivery: Delivery, standin: ConnectorStandIn, breakage: str | int, outcome: str
) -> None:
    standin.broken[BROKEN] = breakage
    standin.hang_seconds = 1.0
    report = await delivery.sweeper.sweep()

    assert (report.claimed, report.sent, report.failed) == (OWED, OWED - 1, 1)
    counts = delivered(standin, "Edge")
    assert sorted(counts) == sorted(f"Edge action {n}" for n in range(OWED) if n != 2)
    assert set(counts.values()) == {1}
    assert len([r for r in standin.arrivals if r.conversation_id == BROKEN]) == MAX_ATTEMPTS

    broken = await action_id(delivery.store, "Edge action 2")
    assert await delivery.chasers.attempts(broken) == [("asap:1", outcome)] * MAX_ATTEMPTS
    assert not await delivery.chasers.was_sent(broken, "asap:1")
    query = select(chasers.c.due_at, chasers.c.lease_owner).where(chasers.c.action_id == broken)
    due_at, lease_owner = await delivery.store.database.read(lambda conn: conn.execute(query).one())
    assert lease_owner is None and due_at.replace(tzinfo=UTC) > delivery.sweeper.clock.now()  # tried again later
    fine = await action_id(delivery.store, "Edge action 0")
    assert await delivery.chasers.attempts(fine) == [("asap:1", "sent")]


async def test_a_failure_that_clears_within_the_retries_is_delivered_once_with_every_attempt_recorded(
    delivery: Delivery, standin: ConnectorStandIn
) -> None:
    standin.broken[BROKEN] = "drop"
    tries = 0

    async def heal(_seconds: float) -> None:
        nonlocal tries
        tries += 1
        if tries == 2:  # the third attempt goes through
            del standin.broken[BROKEN]
        await asyncio.sleep(0)

    delivery.sweeper.notifier.outbox._sleep = heal  # type: ignore[attr-defined]
    report = await delivery.sweeper.sweep()
    assert (report.sent, report.failed) == (OWED, 0)
    assert delivered(standin, "Edge")["Edge action 2"] == 1
    healed = await action_id(delivery.store, "Edge action 2")
    assert await delivery.chasers.attempts(healed) == [("asap:1", "connection")] * 2 + [("asap:1", "sent")]


async def test_an_unexpected_error_for_one_recipient_does_not_abort_the_sweep(
    delivery: Delivery, standin: ConnectorStandIn
) -> None:
    notifier = delivery.sweeper.notifier
    remind = notifier.remind

    async def fails_for_person_3(tenant_id, person, items, **kwargs):  # type: ignore[no-untyped-def]
        if person.aad_id == "aad-Edge-3":
            raise RuntimeError("a bug on one recipient's path")
        return await remind(tenant_id, person, items, **kwargs)

    notifier.remind = fails_for_person_3  # type: ignore[method-assign]
    report = await delivery.sweeper.sweep()
    assert (report.sent, report.failed) == (OWED - 1, 1)
    assert "Edge action 3" not in delivered(standin, "Edge")
    failed = await action_id(delivery.store, "Edge action 3")
    assert await delivery.chasers.attempts(failed) == [("asap:1", "error")]
    sent = await delivery.store.database.read(lambda conn: len(conn.execute(select(chaser_sent)).all()))
    assert sent == OWED - 1
