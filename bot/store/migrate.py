"""Schema migrations (Alembic), run at start and by `chaser migrate`.

On PostgreSQL several replicas may start together: each takes the same transaction-level advisory lock before
migrating, so one migrates while the others wait, then find nothing left to do. (Without it, two replicas creating
the same tables at once fail with duplicate-table errors, or record the same revision twice; two in one process
deadlock on Alembic's process-wide context.) The lock goes with the transaction, so a replica that dies
mid-migration frees it and leaves nothing half-done: PostgreSQL's DDL is transactional.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from bot.store.database import SqliteDatabase
from bot.store.sql import SqlStore

MIGRATIONS = Path(__file__).parent / "migrations"
# pg_advisory_xact_lock takes a bigint; any fixed number no other application on the database uses. ("chaser" in
# ASCII, read as an integer.)
ADVISORY_LOCK_KEY = int.from_bytes(b"chaser", "big")
VERSION_TABLE = "alembic_version"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str | None:
    """The newest revision this version of Chaser knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def migrate(store: SqlStore, revision: str = "head") -> None:
    await _run(store, lambda conn: command.upgrade(alembic_config(conn), revision))


async def downgrade(store: SqlStore, revision: str) -> None:
    await _run(store, lambda conn: command.downgrade(alembic_config(conn), revision))


async def current_revision(store: SqlStore) -> str | None:
    """The revision the database is at (None: never migrated). Read directly: the readiness probe asks every few
    seconds, and Alembic's MigrationContext logs a line each time it is made."""

    def read(conn: Connection) -> str | None:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()

    return await store.database.read(read)


def _locked(step: Callable[[Connection], None]) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        step(conn)

    return run


async def _run(store: SqlStore, step: Callable[[Connection], None]) -> None:
    if isinstance(store.database, SqliteDatabase):
        # Batch migrations rebuild tables that others refer to (actions, occurrences): SQLite's foreign keys go
        # off for the rebuild and are checked before it commits.
        await store.database.write_without_foreign_keys(step)
        return
    await store.database.write(_locked(step))
