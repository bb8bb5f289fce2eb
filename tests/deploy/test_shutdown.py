"""SIGTERM: no new turns, the turns in flight and the sweep under way finish, leases go back, exit within 10 s."""

from __future__ import annotations

import asyncio
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from bot.store.chasers import ChaserStore
from bot.store.sql import SqlStore
from scheduler.runner import SweepRunner
from tests.support.activities import MEETING_CHAT, Teams
from tests.support.connector import ConnectorStandIn
from tests.support.owed import seed_owed
from tests.support.processes import start_chaser, wait_ready


async def sweep_taking(seconds: float) -> tuple[SweepRunner, list[str]]:
    """A runner whose sweep takes `seconds`, started and caught mid-sweep; and what finished."""
    started = asyncio.Event()
    finished: list[str] = []

    async def sweep() -> None:
        started.set()
        await asyncio.sleep(seconds)
        finished.append("sweep")

    runner = SweepRunner(sweep, every_seconds=0.05)
    runner.start()
    await started.wait()
    return runner, finished


async def test_stopping_lets_the_sweep_under_way_finish() -> None:
    runner, finished = await sweep_taking(0.3)
    await runner.stop(grace=5)
    assert finished == ["sweep"]


async def test_a_sweep_that_outlives_the_grace_is_stopped() -> None:
    runner, finished = await sweep_taking(3600)
    began = time.monotonic()
    await runner.stop(grace=0.2)
    assert time.monotonic() - began < 2
    assert runner._running is not None and runner._running.done() and finished == []


async def test_released_leases_are_free_for_another_sweeper_at_once(db_url: str, standin: ConnectorStandIn) -> None:
    await seed_owed(db_url, standin.url, prefix="Leased", count=5)
    store = SqlStore.connect(db_url)
    try:
        chasers = ChaserStore(store)
        now = datetime.now(UTC)
        claimed = await chasers.claim_due(now, owner="replica-a", lease=timedelta(minutes=5), limit=100)
        assert len(claimed) == 5
        assert await chasers.claim_due(now, owner="replica-b", lease=timedelta(minutes=5), limit=100) == []
        assert await chasers.release_leases("replica-a") == 5
        taken = await chasers.claim_due(now, owner="replica-b", lease=timedelta(minutes=5), limit=100)
        assert len(taken) == 5
        assert await chasers.release_leases("replica-a") == 0  # nothing of A's left, B's untouched
    finally:
        await store.close()


async def test_sigterm_finishes_the_turn_in_flight_and_takes_no_more(tmp_path: Path) -> None:
    standin = await ConnectorStandIn(delay=2.0).start()  # the reply to Teams takes 2 s
    teams = Teams(standin.url)
    url = f"sqlite:///{tmp_path / 'term.db'}"
    served = start_chaser({"DATABASE_URL": url, "CHASER_SWEEP_SECONDS": "0"}, tmp_path / "bot.log")
    try:
        await wait_ready(served)
        async with aiohttp.ClientSession() as session:
            turn = asyncio.create_task(
                session.post(f"{served.url}/api/messages", json=teams.meeting_message("/action Slow to confirm"))
            )
            await until_logged(url)  # the action is stored; its confirmation is on its way to Teams
            stopping = asyncio.create_task(asyncio.to_thread(served.stop, signal.SIGTERM))
            await asyncio.sleep(0.5)
            try:
                async with session.get(f"{served.url}/healthz") as late:
                    refused: int | None = late.status
            except aiohttp.ClientConnectionError:
                refused = None  # the listener is closed: nothing new is taken
            response = await turn
            code, took = await stopping
    finally:
        await standin.stop()
    assert response.status == 201
    assert refused is None
    assert code == 0 and took < 10
    assert any("Slow to confirm" in str(r.body) for r in standin.sent_to(MEETING_CHAT))


async def until_logged(url: str) -> None:
    store = SqlStore.connect(url)
    try:
        for _ in range(300):
            if await store.count("actions"):
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the action was never logged")
    finally:
        await store.close()
