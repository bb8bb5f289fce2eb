"""The reads behind /chasers, sized for a big register: the earliest planned chasers of one chat (the sweeper's own
plan, in SQL, by time), its open actions not planned yet, and the chase history of just those actions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from bot.register.model import Action, ActionStatus, OwnerKind
from bot.store.schema import actions, chaser_sent, chasers
from bot.store.sql import SqlStore
from bot.store.sql.rows import action_from_row

History = tuple[list[tuple[str, datetime]], datetime | None, datetime | None]
# The sweeper's planned next chaser: (stage, kind, escalate, due at).
PlannedChase = tuple[str, str, bool, datetime]

_OPEN = ActionStatus.OPEN.value


class ChasePlanStore:
    def __init__(self, store: SqlStore) -> None:
        self.database = store.database

    async def first_planned(self, chat_id: str, *, until: datetime, limit: int) -> list[tuple[Action, PlannedChase]]:
        """The open actions of a chat whose next planned chaser falls first (by `until`), earliest first, each with
        that chaser."""
        query = (
            select(actions, chasers.c.stage, chasers.c.kind, chasers.c.escalate, chasers.c.due_at)
            .join(chasers, chasers.c.action_id == actions.c.id)
            .where(
                chasers.c.chat_id == chat_id,
                chasers.c.due_at.is_not(None),
                chasers.c.due_at <= until,
                actions.c.status == _OPEN,
            )
            .order_by(chasers.c.due_at, actions.c.number)
            .limit(limit)
        )

        def read(conn: Connection) -> list[tuple[Action, PlannedChase]]:
            return [
                (action_from_row(row), (row.stage, row.kind, bool(row.escalate), row.due_at))
                for row in conn.execute(query)
            ]

        return await self.database.read(read)

    async def planned_count(self, chat_id: str, *, until: datetime) -> int:
        """How many open actions of a chat have a chaser planned by `until`."""
        query = (
            select(func.count())
            .select_from(chasers.join(actions, actions.c.id == chasers.c.action_id))
            .where(
                chasers.c.chat_id == chat_id,
                chasers.c.due_at.is_not(None),
                chasers.c.due_at <= until,
                actions.c.status == _OPEN,
            )
        )
        return int(await self.database.read(lambda conn: conn.execute(query).scalar_one()))

    async def unplanned(self, chat_id: str, *, limit: int) -> list[Action]:
        """Open actions of a chat that the sweeper has not planned yet (new, or changed since)."""
        query = (
            select(actions)
            .outerjoin(chasers, chasers.c.action_id == actions.c.id)
            .where(
                actions.c.chat_id == chat_id,
                actions.c.status == _OPEN,
                chasers.c.action_id.is_(None) | chasers.c.kind.is_(None),
            )
            .order_by(actions.c.number)
            .limit(limit)
        )
        return await self.database.read(lambda conn: [action_from_row(row) for row in conn.execute(query)])

    async def histories(self, action_ids: Sequence[str]) -> dict[str, History]:
        """Stages sent, snoozed until and last update for each action, in two statements."""
        ids = list(action_ids)
        if not ids:
            return {}
        sent = select(chaser_sent.c.action_id, chaser_sent.c.stage, chaser_sent.c.sent_at).where(
            chaser_sent.c.action_id.in_(ids)
        )
        answers = select(chasers.c.action_id, chasers.c.snoozed_until, chasers.c.last_update_at).where(
            chasers.c.action_id.in_(ids)
        )

        def read(conn: Connection) -> dict[str, History]:
            stages: dict[str, list[tuple[str, datetime]]] = {i: [] for i in ids}
            for row in conn.execute(sent):
                stages[row.action_id].append((row.stage, row.sent_at))
            found: dict[str, tuple[datetime | None, datetime | None]] = {
                row.action_id: (row.snoozed_until, row.last_update_at) for row in conn.execute(answers)
            }
            return {i: (sorted(stages[i], key=lambda s: s[1]), *found.get(i, (None, None))) for i in ids}

        return await self.database.read(read)

    async def open_roles(self, chat_id: str) -> list[str]:
        """The roles that own open actions of the chat, as written."""
        query = (
            select(actions.c.owner_name)
            .where(
                actions.c.chat_id == chat_id,
                actions.c.status == _OPEN,
                actions.c.owner_kind == OwnerKind.ROLE.value,
            )
            .distinct()
        )
        return await self.database.read(lambda conn: [row.owner_name for row in conn.execute(query) if row.owner_name])
