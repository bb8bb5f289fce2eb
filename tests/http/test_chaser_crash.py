"""A crash mid-sweep loses nothing, and what it doubles is only what Teams may have had already, each one reported:
kill -9 the bot while it is sending chasers, start it again, and count every send as its body reaches the stand-in
(what Teams would deliver, whether or not the bot lived to hear the answer).

The kill lands after the answered sends were recorded and while the next ones are in flight, held unanswered by the
stand-in. Those in flight reached "Teams"; the Bot Connector has no idempotency key and no way to ask whether a
message arrived, so the restarted bot cannot tell them from sends that never left. It sends them again (a reminder
lost is worse than one repeated) and reports each: the journal wrote "sending" before each left, and the restart
turns those into "unknown". Everything answered before the kill is recorded at once and never sent again.
(docs/architecture.md, "Delivery: at least once".)
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from bot.store.schema import delivery_attempts
from bot.store.sql import SqlStore
from tests.support.connector import ConnectorStandIn
from tests.support.owed import arrived, delivered, seed_owed, sent_count

ROOT = Path(__file__).resolve().parents[2]
OWED = 40
ANSWERED = 8
CONCURRENCY = 16  # reminders a sweeper has in hand at once (scheduler/sweeper.py)


def start_bot(url: str) -> subprocess.Popen[bytes]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PORT": str(port),
        "CHASER_SWEEP_SECONDS": "1",
        # A crashed sweep's claims come free when its lease ends; short here so the test does not wait minutes.
        "CHASER_LEASE_SECONDS": "3",
        "CHASER_LOG_LEVEL": "WARNING",
        # Every minute is working time, so the test does not depend on when it runs.
        "CHASER_WORKING_HOURS": "00:00-23:59",
        "CHASER_WORKING_DAYS": "mon-sun",
        "CHASER_HOLIDAYS": "none",
    }
    return subprocess.Popen([sys.executable, str(ROOT / "app.py")], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)


async def attempts_with(url: str, outcome: str) -> int:
    store = SqlStore.connect(url)
    query = select(func.count()).select_from(delivery_attempts).where(delivery_attempts.c.outcome == outcome)
    try:
        return int(await store.database.read(lambda conn: conn.execute(query).scalar_one()))
    finally:
        await store.close()


async def test_kill_9_mid_sweep_loses_nothing_and_doubles_only_the_sends_in_flight_each_reported(
    tmp_path: Path,
) -> None:
    standin = await ConnectorStandIn(delay=0.05, hold_after=ANSWERED).start()
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    try:
        await seed_owed(url, standin.url, prefix="Crash", count=OWED)
        first = start_bot(url)
        try:
            for _ in range(600):  # until the answered sends are recorded and more are in flight, held
                if await sent_count(url) >= ANSWERED and len(arrived(standin, "Crash")) > ANSWERED + 4:
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.3)  # whatever else the sweep had in hand arrives too
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        before_restart = arrived(standin, "Crash")
        answered = delivered(standin, "Crash")  # the stand-in answered these before the kill
        in_flight = len(before_restart) - ANSWERED
        assert standin.accepted == ANSWERED and in_flight > 0, "the kill must land mid-sweep, with sends in flight"
        assert await sent_count(url) == ANSWERED, "every answered send is recorded by the time of the kill"
        await asyncio.sleep(0.5)  # let the stand-in see the dead process's connections close
        standin.release.set()

        second = start_bot(url)
        try:
            for _ in range(600):
                if await sent_count(url) >= OWED:
                    break
                await asyncio.sleep(0.1)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=10)
        counts = arrived(standin, "Crash")
        lost = [f"Crash action {n}" for n in range(OWED) if f"Crash action {n}" not in counts]
        doubled = sorted(name for name, times in counts.items() if times > 1)
        print(
            f"kill -9 mid-sweep: {len(lost)} of {OWED} lost, {len(doubled)} of {OWED} doubled ({in_flight} in flight)"
        )
        assert not lost, f"lost: {lost}"
        assert set(counts.values()) <= {1, 2}
        # Exactly the sends in flight went twice: none answered before the kill, none that never left.
        assert doubled == sorted(before_restart.keys() - answered.keys())
        # Every doubled send is reported; so may be a send journaled (while it waited for its slot) that had not left.
        assert len(doubled) <= await attempts_with(url, "unknown") <= CONCURRENCY, "every doubled send is reported"
        assert await sent_count(url) == OWED
    finally:
        await standin.stop()
