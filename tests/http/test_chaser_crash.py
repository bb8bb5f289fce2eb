"""A crash mid-sweep loses nothing and doubles nothing: kill -9 the bot while it is sending chasers, start it again,
and every owed chaser arrives exactly once.

The kill lands while sends are in flight and unanswered (the stand-in holds them), after the answered ones were
recorded: the moment the lease and the "stage sent" record exist for. The one window no design closes (Teams
answered, the process died before it could record the answer) sends that chaser again: at least once, never lost.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from tests.support.connector import ConnectorStandIn
from tests.support.owed import delivered, seed_owed, sent_count

ROOT = Path(__file__).resolve().parents[2]
OWED = 40


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


async def test_kill_9_mid_sweep_then_restart_sends_every_chaser_exactly_once(tmp_path: Path) -> None:
    standin = await ConnectorStandIn(delay=0.05, hold_after=8).start()
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    try:
        await seed_owed(url, standin.url, prefix="Crash", count=OWED)
        first = start_bot(url)
        try:
            for _ in range(600):  # until 8 are answered and recorded, and the rest are in flight, held
                if await sent_count(url) >= 8:
                    break
                await asyncio.sleep(0.05)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        assert len(delivered(standin, "Crash")) == 8, "the kill must land mid-sweep"
        await asyncio.sleep(0.5)  # let the stand-in see the dead process's connections close
        standin.release.set()

        second = start_bot(url)
        try:
            for _ in range(600):
                if len(delivered(standin, "Crash")) >= OWED and await sent_count(url) >= OWED:
                    break
                await asyncio.sleep(0.1)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=10)
        counts = delivered(standin, "Crash")
        assert sorted(counts) == sorted(f"Crash action {n}" for n in range(OWED)), "a chaser was lost"
        assert set(counts.values()) == {1}, f"doubled: {[k for k, v in counts.items() if v > 1]}"
        assert await sent_count(url) == OWED
    finally:
        await standin.stop()
