"""The audit trail: every change and refusal, per action and per chat."""

from __future__ import annotations

from sqlalchemy import select

from bot.register.model import AuditEvent
from bot.store.schema import audit_events
from bot.store.sql.base import StoreBase
from bot.store.sql.rows import audit_from_row, event_row
from bot.store.sql.statements import INSERT_EVENT


class AuditRecords(StoreBase):
    async def audit_trail(self, action_id: str) -> list[AuditEvent]:
        query = select(audit_events).where(audit_events.c.action_id == action_id).order_by(audit_events.c.id)
        return await self.database.read(lambda conn: [audit_from_row(row) for row in conn.execute(query)])

    async def record_event(self, event: AuditEvent) -> None:
        await self.database.write(lambda conn: conn.execute(INSERT_EVENT, event_row(event, action_id=event.action_id)))

    async def chat_audit_trail(self, chat_id: str) -> list[AuditEvent]:
        query = select(audit_events).where(audit_events.c.chat_id == chat_id).order_by(audit_events.c.id)
        return await self.database.read(lambda conn: [audit_from_row(row) for row in conn.execute(query)])
