"""Group commit: marks arriving together share one transaction, and each caller returns only once its own is
committed (on real SQLite and PostgreSQL), fails with its transaction, and cannot cancel anyone else's."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.store.group_commit import GroupCommit
from bot.store.migrate import migrate
from bot.store.schema import processed
from bot.store.sql import SqlStore

NOW = datetime(2025, 3, 17, 12, 30, tzinfo=UTC)


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[SqlStore]:
    store = SqlStore.connect(db_url)
    await migrate(store)
    yield store
    await store.close()


async def processed_keys(store: SqlStore, keys: list[str]) -> None:
    rows = [{"key": key, "at": NOW, "result": {}, "replied_at": None} for key in keys]
    await store.database.write(lambda conn: conn.execute(processed.insert(), rows))


async def replied(store: SqlStore) -> dict[str, datetime | None]:
    query = select(processed.c.key, processed.c.replied_at)
    return await store.database.read(lambda conn: {row.key: row.replied_at for row in conn.execute(query)})


async def test_marks_made_together_share_transactions_and_all_commit(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = [f"activity:{uuid.uuid4().hex}" for _ in range(60)]
    await processed_keys(store, keys)
    writes = 0

    def counting(write: Callable[[Any], Any]) -> Callable[[Any], Any]:
        async def counted(fn: Callable[[Any], Any]) -> Any:
            nonlocal writes
            writes += 1
            return await write(fn)

        return counted

    # SQLite's store writes these on the sqlite3 connection directly (bot/store/direct.py), PostgreSQL's through
    # SQLAlchemy: every transaction is counted, whichever way it goes.
    for name in ("write", "direct_write"):
        if hasattr(store.database, name):
            monkeypatch.setattr(store.database, name, counting(getattr(store.database, name)))
    await asyncio.gather(*(store.mark_replied(key, NOW) for key in keys))
    assert all(at is not None for at in (await replied(store)).values())
    assert 1 <= writes <= 3  # the first mark's transaction, then one for everything that came while it ran


async def test_one_mark_alone_is_committed_when_it_returns(store: SqlStore) -> None:
    await processed_keys(store, ["activity:alone"])
    await store.mark_replied("activity:alone", NOW)
    assert (await replied(store))["activity:alone"] is not None


async def test_a_caller_returns_only_after_its_batch_is_written() -> None:
    release = asyncio.Event()
    written: list[list[int]] = []

    async def write_many(batch: list[int]) -> None:
        await release.wait()
        written.append(batch)

    group: GroupCommit[int] = GroupCommit(write_many)
    first = asyncio.create_task(group.add(1))
    await asyncio.sleep(0.01)
    later = [asyncio.create_task(group.add(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0.01)
    assert not first.done() and not any(task.done() for task in later)
    release.set()
    await asyncio.gather(first, *later)
    assert written == [[1], [2, 3, 4]]


async def test_a_failed_transaction_fails_every_caller_in_it_and_the_next_batch_still_goes() -> None:
    attempts: list[list[str]] = []

    async def write_many(batch: list[str]) -> None:
        attempts.append(batch)
        await asyncio.sleep(0)
        if "bad" in batch:
            raise RuntimeError("disk full")

    group: GroupCommit[str] = GroupCommit(write_many)
    results = await asyncio.gather(group.add("bad"), return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    await group.add("good")
    assert attempts == [["bad"], ["good"]]


async def test_a_caller_that_gives_up_does_not_cancel_the_others() -> None:
    release = asyncio.Event()
    written: list[list[str]] = []

    async def write_many(batch: list[str]) -> None:
        await release.wait()
        written.append(batch)

    group: GroupCommit[str] = GroupCommit(write_many)
    impatient = asyncio.create_task(group.add("a"))
    patient = asyncio.create_task(group.add("b"))
    await asyncio.sleep(0.01)
    impatient.cancel()
    release.set()
    await patient
    assert written == [["a", "b"]]
