"""The SQLite thread keeps one connection open across operations: a failed operation leaves nothing behind and the
next one works, and every operation sees what other connections (another process, `chaser migrate`, a CLI export)
committed before it began."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.store.database import SqliteDatabase


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[tuple[SqliteDatabase, Path]]:
    database = SqliteDatabase(f"sqlite:///{tmp_path / 'one.db'}")
    await database.write(lambda conn: conn.execute(text("CREATE TABLE t (n INTEGER)")))
    yield database, tmp_path / "one.db"
    await database.close()


async def count(database: SqliteDatabase) -> int:
    return int(await database.read(lambda conn: conn.execute(text("SELECT count(*) FROM t")).scalar_one()))


async def test_a_failed_operation_is_rolled_back_and_the_next_one_works(database: tuple[SqliteDatabase, Path]) -> None:
    db, _path = database

    def half_then_fail(conn: Connection) -> None:
        conn.execute(text("INSERT INTO t VALUES (1)"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await db.write(half_then_fail)
    assert await count(db) == 0
    await db.write(lambda conn: conn.execute(text("INSERT INTO t VALUES (2)")))
    assert await count(db) == 1


async def test_each_operation_sees_what_others_committed_before_it(database: tuple[SqliteDatabase, Path]) -> None:
    db, path = database
    assert await count(db) == 0
    other = sqlite3.connect(path)
    other.execute("INSERT INTO t VALUES (3)")
    other.commit()
    other.close()
    assert await count(db) == 1


async def test_operations_share_one_connection(database: tuple[SqliteDatabase, Path]) -> None:
    db, _path = database
    first = await db.read(lambda conn: conn)
    second = await db.write(lambda conn: conn)
    assert first is second  # a checkout per operation (the pool's way) made a new Connection each time
