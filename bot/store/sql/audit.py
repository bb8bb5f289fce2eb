"""The audit trail: every change and refusal, per action and per chat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from bot.register.model import AuditEvent
from bot.store.schema import audit_events
from bot.store.sql.base import StoreBase
from bot.store.sql.rows import audit_from_row, event_row
from bot.store.sql.statements import INSERT_EVENT

# Ids per IN list: SQLite allows 32,766 bound parameters, PostgreSQL 32,767; far fewer keeps each statement small.
_CHUNK = 500


class AuditRecords(StoreBase):
    async def audit_trail(self, action_id: str) -> list[AuditEvent]:
        query = select(audit_events).where(audit_events.c.action_id == action_id).order_by(audit_events.c.id)
        return await self.database.read(lambda conn: [audit_from_row(row) for row in conn.execute(query)])

    async def record_event(self, event: AuditEvent) -> None:
        await self.database.write(lambda conn: conn.execute(INSERT_EVENT, event_row(event, action_id=event.action_id)))

    async def chat_audit_trail(self, chat_id: str) -> list[AuditEvent]:
        query = select(audit_events).where(audit_events.c.chat_id == chat_id).order_by(audit_events.c.id)
        return await self.database.read(lambda conn: [audit_from_row(row) for row in conn.execute(query)])

    async def events_of(
        self, action_ids: Sequence[str], *, since: datetime | None = None, kinds: Sequence[str] | None = None
    ) -> list[AuditEvent]:
        """The audit events of these actions (of these kinds, since then), oldest first; read in chunks."""
        ids = list(dict.fromkeys(action_ids))

        def read(conn: Connection) -> list[AuditEvent]:
            found: list[AuditEvent] = []
            for start in range(0, len(ids), _CHUNK):
                query = select(audit_events).where(audit_events.c.action_id.in_(ids[start : start + _CHUNK]))
                if since is not None:
                    query = query.where(audit_events.c.at >= since)
                if kinds is not None:
                    query = query.where(audit_events.c.kind.in_(list(kinds)))
                found += [audit_from_row(row) for row in conn.execute(query.order_by(audit_events.c.id))]
            return sorted(found, key=lambda e: e.at)

        return await self.database.read(read)
