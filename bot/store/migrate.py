"""Schema migrations (Alembic), run at start and by `chaser migrate`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from bot.store.database import SqliteDatabase
from bot.store.sql import SqlStore

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def migrate(store: SqlStore, revision: str = "head") -> None:
    await _run(store, lambda conn: command.upgrade(alembic_config(conn), revision))


async def downgrade(store: SqlStore, revision: str) -> None:
    await _run(store, lambda conn: command.downgrade(alembic_config(conn), revision))


async def _run(store: SqlStore, step: Callable[[Connection], None]) -> None:
    if isinstance(store.database, SqliteDatabase):
        # Batch migrations rebuild tables that others refer to (actions, occurrences): SQLite's foreign keys go
        # off for the rebuild and are checked before it commits.
        await store.database.write_without_foreign_keys(step)
        return
    await store.database.write(step)
