"""Two `chaser serve` processes on one PostgreSQL database behave as one bot.

Both start together on an empty database (their migrations take turns under the advisory lock), then are driven
through the connector stand-in as Teams would drive them behind a load balancer:
- the same activity delivered to both logs one action;
- a card sent by replica A is answered on replica B;
- chasers that fall due while both run go out once each;
- SIGTERM to A in the middle of a burst of turns and sends loses no acknowledged action: A finishes what it took,
  releases its leases and exits within 10 s; what it did not acknowledge, Teams delivers again (to B), once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from bot.store.schema import actions, audit_events, chasers
from bot.store.sql import SqlStore
from tests.support.activities import BETH, MEETING_CHAT, Teams
from tests.support.cards import all_text, buttons
from tests.support.connector import ConnectorStandIn
from tests.support.databases import postgres_database, postgres_unavailable_reason
from tests.support.owed import delivered, seed_owed, sent_count
from tests.support.processes import Served, start_chaser, wait_ready

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(postgres_unavailable_reason() is not None, reason=postgres_unavailable_reason() or ""),
]

REPLICA = {
    "CHASER_CHAT_LANGUAGE": "en",
    "CHASER_LOG_LEVEL": "WARNING",
    "CHASER_SWEEP_SECONDS": "1",
    "CHASER_LEASE_SECONDS": "30",
    # Every minute is working time, so the test does not depend on when it runs.
    "CHASER_WORKING_HOURS": "00:00-23:59",
    "CHASER_WORKING_DAYS": "mon-sun",
    "CHASER_HOLIDAYS": "none",
}


async def post(session: aiohttp.ClientSession, served: Served, activity: dict[str, Any]) -> tuple[int, Any]:
    async with session.post(f"{served.url}/api/messages", json=activity) as response:
        body = await response.read()
        return response.status, (await response.json(content_type=None)) if body else None


async def rows(url: str, query: Any) -> list[Any]:
    store = SqlStore.connect(url)
    try:
        return await store.database.read(lambda conn: list(conn.execute(query)))
    finally:
        await store.close()


async def until(check: Any, *, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {within} s: {what}")
        await asyncio.sleep(0.1)


@pytest.fixture
async def database() -> AsyncIterator[str]:
    async with postgres_database() as url:
        yield url


async def test_two_replicas_on_one_postgres_database_behave_as_one_bot(
    database: str, standin: ConnectorStandIn, tmp_path: Path
) -> None:
    teams = Teams(standin.url)
    standin.add_member(user_id=BETH.user_id, aad_id=BETH.aad_id, name=BETH.name)
    env = {**REPLICA, "DATABASE_URL": database}
    a = start_chaser(env, tmp_path / "a.log")
    b = start_chaser(env, tmp_path / "b.log")
    try:
        await asyncio.gather(wait_ready(a), wait_ready(b))
        async with aiohttp.ClientSession() as session:
            await the_same_activity_on_both_logs_one_action(session, teams, standin, a, b, database)
            await a_card_sent_by_a_is_answered_on_b(session, teams, standin, a, b, database)
            await chasers_due_during_the_run_go_out_once(standin, database)
            await sigterm_mid_burst_loses_no_acknowledged_action(session, teams, standin, a, b, database)
    finally:
        for replica in (a, b):
            replica.stop()
    for replica in (a, b):
        assert "Traceback" not in replica.output(), replica.output()


async def the_same_activity_on_both_logs_one_action(
    session: aiohttp.ClientSession, teams: Teams, standin: ConnectorStandIn, a: Served, b: Served, url: str
) -> None:
    activity = teams.meeting_message("/action Share the misinformation toolkit", activity_id="redelivered-1")
    answers = await asyncio.gather(post(session, a, activity), post(session, b, activity))
    assert [status for status, _ in answers] == [201, 201]
    logged = await rows(url, select(actions.c.number).where(actions.c.text == "Share the misinformation toolkit"))
    assert [row.number for row in logged] == [1]
    # Delivered a third time, after both answered: nothing new, and no further reply.
    replies = len(standin.sent_to(MEETING_CHAT))
    assert await post(session, b, activity) == (201, None)
    assert len(standin.sent_to(MEETING_CHAT)) == replies
    assert 1 <= replies <= 2  # two replicas racing may both confirm; the register holds one action


async def a_card_sent_by_a_is_answered_on_b(
    session: aiohttp.ClientSession, teams: Teams, standin: ConnectorStandIn, a: Served, b: Served, url: str
) -> None:
    status, _ = await post(
        session, a, teams.meeting_message(f"/action Send the deck owner: <at>{BETH.name}</at>", mentions=(BETH,))
    )
    assert status == 201
    card = standin.cards(MEETING_CHAT)[-1]
    assert "Send the deck" in all_text(card)
    done = buttons(card)[0]["data"]
    status, answer = await post(session, b, teams.card_invoke(done, user=BETH))
    assert status == 200 and "Action 2 done" in all_text(answer["value"])
    # The same answer again, on A this time (Teams retries): the same card back, and one completion recorded.
    status, again = await post(session, a, teams.card_invoke(done, user=BETH))
    assert status == 200 and "Action 2 done" in all_text(again["value"])
    completed = await rows(url, select(audit_events.c.kind).where(audit_events.c.kind == "completed"))
    assert len(completed) == 1


async def chasers_due_during_the_run_go_out_once(standin: ConnectorStandIn, url: str) -> None:
    owed = 30
    await seed_owed(url, standin.url, prefix="Shared", count=owed)

    async def all_sent() -> bool:
        return len(delivered(standin, "Shared")) >= owed and await sent_count(url) >= owed

    await until(all_sent, within=60, what=f"{owed} chasers sent")
    await asyncio.sleep(2.5)  # two more sweeps on each replica: nothing may go out again
    counts = delivered(standin, "Shared")
    assert sorted(counts) == sorted(f"Shared action {n}" for n in range(owed)), "a chaser was lost"
    assert set(counts.values()) == {1}, f"doubled: {[k for k, v in counts.items() if v > 1]}"
    assert await sent_count(url) == owed


async def sigterm_mid_burst_loses_no_acknowledged_action(
    session: aiohttp.ClientSession, teams: Teams, standin: ConnectorStandIn, a: Served, b: Served, url: str
) -> None:
    already = await sent_count(url)
    standin.delay = 0.05  # Teams taking its time: turns and sends are in flight when the signal lands
    burst = [teams.meeting_message(f"/action Burst item {n}", activity_id=f"burst-{n}") for n in range(60)]
    await seed_owed(url, standin.url, prefix="Draining", count=20, first=100)
    gate = asyncio.Semaphore(8)
    acknowledged: list[int] = []

    async def deliver(n: int) -> int | None:
        async with gate:
            try:
                status, _ = await post(session, a, burst[n])
            except aiohttp.ClientError:
                return None  # the connection went with the listener: not acknowledged
            if status == 201:
                acknowledged.append(n)
            return status

    sending = [asyncio.create_task(deliver(n)) for n in range(len(burst))]
    await until(lambda: _true(len(acknowledged) >= 15), within=60, what="15 turns acknowledged")
    stopped = asyncio.create_task(asyncio.to_thread(a.stop))
    statuses = await asyncio.gather(*sending)
    code, took = await stopped
    assert code == 0, a.output()
    assert took < 10, f"A took {took:.1f} s to stop"
    assert 15 <= len(acknowledged) < len(burst), "the signal must land mid-burst"
    stored = {row.text for row in await rows(url, select(actions.c.text).where(actions.c.text.like("Burst item %")))}
    lost = [n for n in acknowledged if f"Burst item {n}" not in stored]
    assert not lost, f"acknowledged but not stored: {lost}"
    assert {s for s in statuses if s not in (201, None)} <= {503}
    # A held no lease past its exit: what it had claimed is free for B now, not when the lease would have ended.
    held = await rows(url, select(chasers.c.lease_owner).where(chasers.c.lease_owner.like(f"%:{a.process.pid}:%")))
    assert held == []

    # Teams delivers again whatever was not acknowledged; B takes it all, and nothing is logged twice.
    for n in range(len(burst)):
        if n not in acknowledged:
            assert (await post(session, b, burst[n]))[0] == 201
    logged = await rows(url, select(actions.c.text).where(actions.c.text.like("Burst item %")))
    assert sorted(row.text for row in logged) == sorted(f"Burst item {n}" for n in range(len(burst)))

    async def drained() -> bool:
        return len(delivered(standin, "Draining")) >= 20 and await sent_count(url) >= already + 20

    await until(drained, within=60, what="the chasers A was sending when stopped")
    counts = delivered(standin, "Draining")
    assert set(counts.values()) == {1} and len(counts) == 20, counts


async def _true(value: bool) -> bool:
    return value
