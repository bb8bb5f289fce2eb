"""Idempotency: each activity or card answer acts once, across redeliveries, restarts and replicas."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.store.database import Database
from bot.store.group_commit import GroupCommit
from bot.store.sql.base import StoreBase
from bot.store.sql.statements import INSERT_PROCESSED, MARK_REPLIED, PROCESSED_BY_KEY


class IdempotencyRecords(StoreBase):
    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self._replies_marked: GroupCommit[tuple[str, datetime]] = GroupCommit(self._mark_replied_many)

    async def claim_once(self, key: str, at: datetime) -> bool:
        """True the first time a key is claimed, across restarts and replicas (e.g. one welcome per chat)."""

        def claim(conn: Connection) -> bool:
            if conn.execute(PROCESSED_BY_KEY, {"key": key}).first() is not None:
                return False
            conn.execute(INSERT_PROCESSED, {"key": key, "at": at, "result": {}, "replied_at": at})
            return True

        try:
            return await self.database.write(claim)
        except IntegrityError:
            return False

    async def processed_action(self, key: str) -> str | None:
        """The action a processed request changed (apply_change records it with the key), or None if not seen."""
        found = await self.database.read(lambda conn: processed_result(conn, key))
        action_id = (found or {}).get("action_id")
        return str(action_id) if action_id else None

    async def mark_replied(self, key: str, at: datetime) -> None:
        """Returns once committed; marks arriving together share a transaction (bot/store/group_commit.py)."""
        await self._replies_marked.add((key, at))

    async def _mark_replied_many(self, marks: list[tuple[str, datetime]]) -> None:
        rows = [{"b_key": key, "replied": at} for key, at in marks]
        if self._sqlite is not None:
            await self._sqlite.direct_write(lambda db: self._direct().mark_replied.run_many(db, rows))
            return
        await self.database.write(lambda conn: conn.execute(MARK_REPLIED, rows))


def processed_result(conn: Connection, key: str) -> dict[str, Any] | None:
    row = conn.execute(PROCESSED_BY_KEY, {"key": key}).first()
    if row is None:
        return None
    return dict(row.result or {})
