"""The one storage implementation: SQLAlchemy Core on SQLite (embedded default) or PostgreSQL (several replicas).

SqlStore is the facade; each aggregate has its own part (chats, people, meetings, actions, roles, audit,
idempotency), and each public method is one transaction.
"""

from __future__ import annotations

from bot.store.database import Database, open_database
from bot.store.sql.actions import ActionRecords
from bot.store.sql.audit import AuditRecords
from bot.store.sql.chats import ChatRecords
from bot.store.sql.idempotency import IdempotencyRecords
from bot.store.sql.meetings import MeetingRecords
from bot.store.sql.people import PeopleRecords
from bot.store.sql.roles import RoleRecords


class SqlStore(
    ChatRecords, PeopleRecords, MeetingRecords, ActionRecords, RoleRecords, AuditRecords, IdempotencyRecords
):
    def __init__(self, database: Database) -> None:
        super().__init__(database)

    @classmethod
    def connect(cls, url: str, *, echo: bool = False) -> SqlStore:
        return cls(open_database(url, echo=echo))


__all__ = ["SqlStore"]
