"""Reminders doubled by a crash: kill -9 the bot at a random moment of a sweep, start it again, and count every send
as its body reaches a Bot Connector stand-in (what Teams would deliver, whether or not the bot heard the answer).

Prints, per run: chasers recorded sent at the kill, sends in flight (arrived, unanswered), sends answered but not
yet recorded, chasers lost, chasers doubled, and doubles the restarted bot reported ("unknown" attempts).

    python benchmarks/crash_doubles.py [--runs 5] [--owed 200] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bot.store.schema import delivery_attempts  # noqa: E402
from bot.store.sql import SqlStore  # noqa: E402
from tests.support.connector import ConnectorStandIn  # noqa: E402
from tests.support.owed import arrived, delivered, seed_owed, sent_count  # noqa: E402


def start_bot(url: str) -> subprocess.Popen[bytes]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PORT": str(port),
        "CHASER_SWEEP_SECONDS": "1",
        "CHASER_LEASE_SECONDS": "3",
        "CHASER_LOG_LEVEL": "ERROR",
        "CHASER_WORKING_HOURS": "00:00-23:59",
        "CHASER_WORKING_DAYS": "mon-sun",
        "CHASER_HOLIDAYS": "none",
    }
    return subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


async def unknown_attempts(url: str) -> int:
    store = SqlStore.connect(url)
    query = select(func.count()).select_from(delivery_attempts).where(delivery_attempts.c.outcome == "unknown")
    try:
        return int(await store.database.read(lambda conn: conn.execute(query).scalar_one()))
    finally:
        await store.close()


async def one_run(run: int, owed: int, latency: float, rng: random.Random) -> tuple[int, int, int, int, int, int]:
    standin = await ConnectorStandIn(delay=latency).start()
    prefix = f"Run{run}"
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'crash.db'}"
        try:
            await seed_owed(url, standin.url, prefix=prefix, count=owed)
            kill_after = rng.randint(owed // 10, owed * 3 // 4)
            first = start_bot(url)
            try:
                for _ in range(60_000):  # polled: the kill should land at a random moment, not on an event
                    if len(delivered(standin, prefix)) >= kill_after:
                        break
                    await asyncio.sleep(0.002)
            finally:
                first.send_signal(signal.SIGKILL)
                first.wait(timeout=10)
            recorded = await sent_count(url)
            await asyncio.sleep(latency + 0.5)  # the dead process's requests arrive and are answered into the void
            reached = arrived(standin, prefix)
            answered = delivered(standin, prefix)
            in_flight = len(reached.keys() - answered.keys())
            unrecorded = len(answered) - recorded
            second = start_bot(url)
            try:
                for _ in range(1200):
                    if await sent_count(url) >= owed:
                        break
                    await asyncio.sleep(0.1)
            finally:
                second.send_signal(signal.SIGTERM)
                second.wait(timeout=15)
            counts = arrived(standin, prefix)
            lost = owed - len(counts)
            doubled = sum(1 for times in counts.values() if times > 1)
            return recorded, in_flight, unrecorded, lost, doubled, await unknown_attempts(url)
        finally:
            await standin.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--owed", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1, help="the stand-in's answer time, seconds")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"kill -9 at a random moment of a sweep of {args.owed} chasers, Bot Connector latency {args.latency} s")
    print("run  recorded  in flight  answered-unrecorded  lost  doubled  reported")
    totals = [0, 0, 0, 0, 0, 0]
    for run in range(args.runs):
        figures = await one_run(run, args.owed, args.latency, rng)
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        recorded, in_flight, unrecorded, lost, doubled, reported = figures
        print(f"{run:>3}  {recorded:>8}  {in_flight:>9}  {unrecorded:>19}  {lost:>4}  {doubled:>7}  {reported:>8}")
    print(
        f"all: {totals[3]} of {args.runs * args.owed} lost; {totals[4]} doubled, "
        f"{totals[1] + totals[2]} in flight or unrecorded at the kills; {totals[5]} reported"
    )


if __name__ == "__main__":
    asyncio.run(main())
