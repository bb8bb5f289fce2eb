"""Replicas starting together on an empty PostgreSQL database take turns to migrate (the advisory lock), and a
replica whose database is not at its own revision is alive but not ready."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.store.migrate import current_revision, head_revision, migrate
from bot.store.sql import SqlStore
from tests.support.running import running_bot


@pytest.mark.postgres
async def test_concurrent_migrations_take_turns(postgres_url: str) -> None:
    stores = [SqlStore.connect(postgres_url) for _ in range(4)]
    try:
        # Without the lock these deadlock or fail on duplicate tables: bounded, so a regression fails, not hangs.
        await asyncio.wait_for(asyncio.gather(*(migrate(store) for store in stores)), timeout=60)
        assert {await current_revision(store) for store in stores} == {head_revision()}
    finally:
        for store in stores:
            await store.close()


async def test_readiness_follows_the_database_revision(db_url: str) -> None:
    async with running_bot({"DATABASE_URL": db_url, "CHASER_SWEEP_SECONDS": "0"}) as bot:
        async with bot.session.get(f"{bot.url}/readyz") as response:
            assert response.status == 200 and (await response.json())["revision"] == head_revision()
        await bot.chaser.store.database.write(
            lambda conn: conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        )
        async with bot.session.get(f"{bot.url}/readyz") as response:
            assert response.status == 503
            assert await response.json() == {
                "status": "unready",
                "database": bot.chaser.store.dialect,
                "revision": "0001",
                "expected": head_revision(),
            }
        async with bot.session.get(f"{bot.url}/healthz") as response:
            assert response.status == 200
