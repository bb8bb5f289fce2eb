"""What every part of the store shares: the database and, on SQLite, the direct statements of the hot path."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.store import schema
from bot.store.database import Database, SqliteDatabase
from bot.store.sql.statements import DirectStatements


class StoreBase:
    """Each public method of a part is one transaction: a sync function over a Connection, run by
    bot.store.database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._sqlite = database if isinstance(database, SqliteDatabase) else None
        self._statements: DirectStatements | None = None

    def _direct(self) -> DirectStatements:
        # Compiled on first use, in the store's thread: the dialect knows what the SQLite library supports
        # (RETURNING) only once it has connected.
        if self._statements is None:
            assert self._sqlite is not None
            self._statements = DirectStatements(self._sqlite.engine.dialect)
        return self._statements

    @property
    def dialect(self) -> str:
        return self.database.dialect

    async def close(self) -> None:
        await self.database.close()

    async def ping(self) -> None:
        await self.database.read(lambda conn: conn.execute(select(1)).scalar_one())

    async def count(self, table: str) -> int:
        query = select(func.count()).select_from(schema.metadata.tables[table])
        return int(await self.database.read(lambda conn: conn.execute(query).scalar_one()))
