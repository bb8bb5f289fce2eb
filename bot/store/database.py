"""How store operations reach the database: each operation is one sync function run in one transaction.

SQLite (the embedded default) runs on Python's sqlite3 in one dedicated thread: every operation is a single hop off
the event loop, and writes never contend for SQLite's lock. (Through aiosqlite each SQL statement was its own thread
hop, some 40 per logged action, which capped a turn at a few hundred a second.) PostgreSQL runs on asyncpg, natively
async, through SQLAlchemy's run_sync.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.store.store_thread import StoreThread

T = TypeVar("T")
CONNECT_TIMEOUT_SECONDS = 10


class Database(Protocol):
    dialect: str

    async def read(self, fn: Callable[[Connection], T]) -> T: ...

    async def write(self, fn: Callable[[Connection], T]) -> T: ...

    async def close(self) -> None: ...


class PostgresDatabase:
    dialect = "postgresql"

    def __init__(self, url: str, *, echo: bool = False) -> None:
        # asyncpg waits 60 s for a connection by default: a start against an unreachable server would hang a minute
        # before saying so.
        self.engine: AsyncEngine = create_async_engine(
            url,
            echo=echo,
            pool_size=10,
            max_overflow=10,
            pool_pre_ping=True,
            connect_args={"timeout": CONNECT_TIMEOUT_SECONDS},
        )

    async def read(self, fn: Callable[[Connection], T]) -> T:
        async with self.engine.connect() as conn:
            return await conn.run_sync(fn)

    async def write(self, fn: Callable[[Connection], T]) -> T:
        async with self.engine.begin() as conn:
            return await conn.run_sync(fn)

    async def close(self) -> None:
        await self.engine.dispose()


class SqliteDatabase:
    dialect = "sqlite"

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.engine: Engine = create_engine(url, echo=echo, connect_args={"timeout": 30, "check_same_thread": False})
        _tune(self.engine)
        # One thread owns every connection: operations queue in order, and a write never waits on SQLite's lock.
        self._thread = StoreThread("chaser-sqlite")
        self._conn: Connection | None = None

    async def read(self, fn: Callable[[Connection], T]) -> T:
        return await self._thread.run(self._run, fn, False)

    async def write(self, fn: Callable[[Connection], T]) -> T:
        return await self._thread.run(self._run, fn, True)

    async def direct_read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """A read of ONE statement on the sqlite3 connection itself (bot/store/direct.py), outside any transaction:
        a statement is its own consistent snapshot, and BEGIN and COMMIT would double its trips into SQLite."""
        return await self._thread.run(self._read_direct, fn)

    async def direct_write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """One transaction on the sqlite3 connection itself (bot/store/direct.py)."""
        return await self._thread.run(self._write_direct, fn)

    async def write_without_foreign_keys(self, fn: Callable[[Connection], T]) -> T:
        """One transaction with SQLite's foreign keys off (schema migrations that rebuild a table others refer to,
        as SQLite's ALTER TABLE guide asks), checked before it commits; they are on again afterwards."""
        return await self._thread.run(self._run_without_foreign_keys, fn)

    def _run_without_foreign_keys(self, fn: Callable[[Connection], T]) -> T:
        conn = self._connection()
        db = self._driver_connection()
        # Only outside a transaction does this pragma take effect.
        db.execute("PRAGMA foreign_keys=OFF")
        try:
            conn.execution_options(chaser_write=True)
            with conn.begin():
                result = fn(conn)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"a migration left rows that break foreign keys: {broken[:5]}")
            return result
        finally:
            db.execute("PRAGMA foreign_keys=ON")

    def _connection(self) -> Connection:
        # The thread keeps one connection open: checking one out of the pool and back for every operation (with the
        # pool's rollback on return) cost more than many of the operations themselves.
        if self._conn is None or self._conn.closed or self._conn.invalidated:
            self._conn = self.engine.connect()
        return self._conn

    def _run(self, fn: Callable[[Connection], T], write: bool) -> T:
        conn = self._connection()
        conn.execution_options(chaser_write=write)
        with conn.begin():
            return fn(conn)

    def _driver_connection(self) -> sqlite3.Connection:
        # Between operations SQLAlchemy's connection holds no transaction: what runs on it directly is on its own.
        db = self._connection().connection.driver_connection
        assert isinstance(db, sqlite3.Connection)
        return db

    def _read_direct(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return fn(self._driver_connection())

    def _write_direct(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        db = self._driver_connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            result = fn(db)
            db.commit()
        except BaseException:
            if db.in_transaction:
                db.rollback()
            raise
        return result

    def _dispose(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.engine.dispose()

    async def close(self) -> None:
        await self._thread.run(self._dispose)
        self._thread.close()


def _tune(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred BEGIN that later writes can fail with SQLITE_BUSY when another process (chaser migrate, a CLI
        # export) holds the lock; taking it at BEGIN makes such a write wait on busy_timeout instead.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("chaser_write") else "BEGIN")


def open_database(url: str, *, echo: bool = False) -> Database:
    if url.startswith("sqlite"):
        return SqliteDatabase(url.replace("sqlite+aiosqlite://", "sqlite://", 1), echo=echo)
    return PostgresDatabase(url, echo=echo)
