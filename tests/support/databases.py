"""Real databases for tests: a SQLite file per test, and a fresh PostgreSQL database per test when a server answers."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path

import asyncpg

PG_DSN = os.environ.get("CHASER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@cache
def postgres_unavailable_reason() -> str | None:
    """None when the PostgreSQL server answers; otherwise why not (the skip reason)."""

    async def probe() -> None:
        conn = await asyncpg.connect(PG_DSN, timeout=3)
        await conn.close()

    try:
        asyncio.run(probe())
    except Exception as error:  # any failure to connect means "no server here"
        return f"no PostgreSQL server answers at {PG_DSN} ({type(error).__name__}: {error})"
    return None


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A new, empty database on the local server; dropped afterwards."""
    name = f"chaser_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(PG_DSN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = PG_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    try:
        yield f"{base}/{name}"
    finally:
        admin = await asyncpg.connect(PG_DSN)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@asynccontextmanager
async def database_url(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'chaser.db'}"
        return
    async with postgres_database() as url:
        yield url
