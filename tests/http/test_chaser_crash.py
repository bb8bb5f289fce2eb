"""A crash mid-sweep loses nothing and doubles nothing: kill -9 the bot while it is sending chasers, start it again,
and every owed chaser arrives exactly once.

The kill lands while sends are in flight and unanswered (the stand-in holds them), after the answered ones were
recorded: the moment the lease and the "stage sent" record exist for. The one window no design closes (Teams
answered, the process died before it could record the answer) sends that chaser again: at least once, never lost.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store.migrate import migrate
from bot.store.schema import actions, chaser_sent, chasers, chats, occurrences, people
from bot.store.sql import SqlStore
from tests.support.connector import ConnectorStandIn

ROOT = Path(__file__).resolve().parents[2]
TENANT = "c9f9aafd-64ac-4f38-8e05-12feba3fb090"
OWED = 40


async def seed(url: str, service_url: str) -> None:
    store = SqlStore.connect(url)
    await migrate(store)
    now = datetime.now(UTC)
    logged = now - timedelta(days=3)

    def fill(conn) -> None:  # type: ignore[no-untyped-def]
        conn.execute(
            chats.insert().values(
                id="19:crash@thread.v2",
                tenant_id=TENANT,
                kind="meeting",
                service_url=service_url,
                reference={"bot": {"id": "28:bot"}},
                settings={},
                next_number=OWED + 1,
                created_at=logged,
                updated_at=logged,
            )
        )
        conn.execute(occurrences.insert().values(id="occ", chat_id="19:crash@thread.v2", started_at=logged))
        for n in range(OWED):
            action_id = uuid.UUID(int=n + 1).hex
            conn.execute(
                people.insert().values(
                    tenant_id=TENANT,
                    person_key=f"aad-{n}",
                    aad_id=f"aad-{n}",
                    user_id=f"29:user-{n}",
                    name=f"Person {n}",
                    language="en",
                    service_url=service_url,
                    personal_chat_id=f"a:person-{n}",
                    created_at=logged,
                    updated_at=logged,
                )
            )
            conn.execute(
                actions.insert().values(
                    id=action_id,
                    tenant_id=TENANT,
                    chat_id="19:crash@thread.v2",
                    occurrence_id="occ",
                    number=n + 1,
                    text=f"Crash action {n}",
                    owner_kind="person",
                    owner_name=f"Person {n}",
                    owner_aad_id=f"aad-{n}",
                    owner_user_id=f"29:user-{n}",
                    deadline_text="As soon as possible",
                    deadline_kind="asap",
                    status="open",
                    created_at=logged,
                    created_by_name="Secretariat",
                    updated_at=logged,
                    version=1,
                )
            )
            conn.execute(
                chasers.insert().values(
                    action_id=action_id,
                    chat_id="19:crash@thread.v2",
                    stage="asap:1",
                    kind="checkin",
                    escalate=False,
                    due_at=now - timedelta(minutes=1),
                    updated_at=logged,
                )
            )

    await store.database.write(fill)
    await store.close()


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


def delivered(standin: ConnectorStandIn) -> Counter[str]:
    return Counter(n for r in standin.requests for n in re.findall(r"Crash action \d+", json.dumps(r.body)))


async def sent_count(url: str) -> int:
    store = SqlStore.connect(url)
    try:
        return await store.database.read(lambda conn: len(conn.execute(chaser_sent.select()).all()))
    finally:
        await store.close()


async def test_kill_9_mid_sweep_then_restart_sends_every_chaser_exactly_once(tmp_path: Path) -> None:
    standin = await ConnectorStandIn(delay=0.05, hold_after=8).start()
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    try:
        await seed(url, standin.url)
        first = start_bot(url)
        try:
            for _ in range(600):  # until 8 are answered and recorded, and the rest are in flight, held
                if await sent_count(url) >= 8:
                    break
                await asyncio.sleep(0.05)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        assert len(delivered(standin)) == 8, "the kill must land mid-sweep"
        await asyncio.sleep(0.5)  # let the stand-in see the dead process's connections close
        standin.release.set()

        second = start_bot(url)
        try:
            for _ in range(600):
                if len(delivered(standin)) >= OWED and await sent_count(url) >= OWED:
                    break
                await asyncio.sleep(0.1)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=10)
        counts = delivered(standin)
        assert sorted(counts) == sorted(f"Crash action {n}" for n in range(OWED)), "a chaser was lost"
        assert set(counts.values()) == {1}, f"doubled: {[k for k, v in counts.items() if v > 1]}"
        assert await sent_count(url) == OWED
    finally:
        await standin.stop()
