"""A register with chasers owed right now, written straight into the database (for tests of bots running as separate
processes: crashes, replicas), and how to count what reached the connector stand-in."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.store.migrate import migrate
from bot.store.schema import actions, chaser_sent, chasers, chats, occurrences, people
from bot.store.sql import SqlStore
from tests.support.connector import ConnectorStandIn, Sent

TENANT = "c9f9aafd-64ac-4f38-8e05-12feba3fb090"


async def seed_owed(url: str, service_url: str, *, prefix: str, count: int, first: int = 0) -> None:
    """`count` open actions in one meeting chat, each owned by its own person and owed an "as soon as possible"
    chaser a minute ago. Action texts are "<prefix> action <n>" (n from `first`), so deliveries can be counted."""
    store = SqlStore.connect(url)
    await migrate(store)
    now = datetime.now(UTC)
    logged = now - timedelta(days=3)
    chat_id = f"19:{prefix.lower()}@thread.v2"

    def fill(conn) -> None:  # type: ignore[no-untyped-def]
        conn.execute(
            chats.insert().values(
                id=chat_id,
                tenant_id=TENANT,
                kind="meeting",
                service_url=service_url,
                reference={"bot": {"id": "28:bot"}},
                settings={},
                next_number=count + 1,
                created_at=logged,
                updated_at=logged,
            )
        )
        occurrence = f"occ-{prefix}"
        conn.execute(occurrences.insert().values(id=occurrence, chat_id=chat_id, started_at=logged))
        for n in range(first, first + count):
            action_id = uuid.uuid4().hex
            conn.execute(
                people.insert().values(
                    tenant_id=TENANT,
                    person_key=f"aad-{prefix}-{n}",
                    aad_id=f"aad-{prefix}-{n}",
                    user_id=f"29:user-{prefix}-{n}",
                    name=f"Person {n}",
                    language="en",
                    service_url=service_url,
                    personal_chat_id=f"a:person-{prefix}-{n}",
                    created_at=logged,
                    updated_at=logged,
                )
            )
            conn.execute(
                actions.insert().values(
                    id=action_id,
                    tenant_id=TENANT,
                    chat_id=chat_id,
                    occurrence_id=occurrence,
                    number=n - first + 1,
                    text=f"{prefix} action {n}",
                    owner_kind="person",
                    owner_name=f"Person {n}",
                    owner_aad_id=f"aad-{prefix}-{n}",
                    owner_user_id=f"29:user-{prefix}-{n}",
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
                    chat_id=chat_id,
                    stage="asap:1",
                    kind="checkin",
                    escalate=False,
                    due_at=now - timedelta(minutes=1),
                    updated_at=logged,
                )
            )

    await store.database.write(fill)
    await store.close()


def delivered(standin: ConnectorStandIn, prefix: str) -> Counter[str]:
    """How many times each "<prefix> action <n>" was answered by the stand-in (the bot could hear it was sent)."""
    return _count(standin.requests, prefix)


def arrived(standin: ConnectorStandIn, prefix: str) -> Counter[str]:
    """How many times each "<prefix> action <n>" reached the stand-in, answered or not: what Teams would deliver."""
    return _count(standin.arrivals, prefix)


def _count(requests: list[Sent], prefix: str) -> Counter[str]:
    pattern = re.compile(rf"{re.escape(prefix)} action \d+")
    return Counter(n for r in requests for n in pattern.findall(json.dumps(r.body)))


async def sent_count(url: str) -> int:
    """Chaser stages recorded as sent (the "never twice" table)."""
    store = SqlStore.connect(url)
    try:
        return await store.database.read(lambda conn: len(conn.execute(chaser_sent.select()).all()))
    finally:
        await store.close()
