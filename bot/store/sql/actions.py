"""Actions: numbered, inserted once per key, changed under optimistic versions, listed per meeting."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from bot.register.errors import Conflict
from bot.register.model import (
    Action,
    ActionChanges,
    ActionStatus,
    AuditEvent,
    NewAction,
    Occurrence,
    Person,
    Stored,
)
from bot.store.schema import REPLAN, actions, audit_events, chasers, occurrences, processed
from bot.store.sql.base import StoreBase
from bot.store.sql.idempotency import processed_result
from bot.store.sql.rows import action_from_row, action_row, change_values, event_row, new_id, stored_action
from bot.store.sql.statements import (
    ACTION_BY_ID,
    COUNT_PAST,
    CURRENT_OCCURRENCE,
    INSERT_ACTION,
    INSERT_EVENT,
    INSERT_PROCESSED,
    INSERT_TO_PLAN,
    NEXT_NUMBER,
    NUMBER_TAKEN,
    PROCESSED_BY_KEY,
    GeneralPath,
    to_plan_row,
)

_RACE_ATTEMPTS = 3
# Removed actions stay in the table (their audit trail and their number) but in no list, summary or export.
_NOT_REMOVED = actions.c.status != ActionStatus.REMOVED.value


def _logged_by(person: Person) -> ColumnElement[bool] | None:
    if person.aad_id:
        return actions.c.created_by_aad_id == person.aad_id
    if person.user_id:
        return actions.c.created_by_user_id == person.user_id
    return None


class ActionRecords(StoreBase):
    async def insert_action(self, action: NewAction, *, key: str | None, event: AuditEvent) -> Stored:
        if self._sqlite is not None and action.number is None:
            try:
                return await self._sqlite.direct_write(lambda db: self._insert_direct(db, action, key, event))
            except (GeneralPath, sqlite3.IntegrityError):
                pass  # rolled back, nothing written: the general path below handles what the common case does not

        def insert_once(conn: Connection) -> Stored:
            if key is not None:
                earlier = stored_for_key(conn, key)
                if earlier is not None:
                    return earlier
            occurrence_id = _current_occurrence_id(conn, action)
            number = _number_for(conn, action)
            conn.execute(INSERT_ACTION, action_row(action, occurrence_id, number))
            conn.execute(INSERT_TO_PLAN, to_plan_row(action.id, action.chat_id, action.created_at))
            conn.execute(INSERT_EVENT, event_row(event, action_id=action.id))
            if key is not None:
                conn.execute(
                    INSERT_PROCESSED,
                    {"key": key, "at": action.created_at, "result": {"action_id": action.id}, "replied_at": None},
                )
            return Stored(stored_action(action, occurrence_id, number), created=True)

        for attempt in range(_RACE_ATTEMPTS):
            try:
                return await self.database.write(insert_once)
            except IntegrityError:
                # Another replica (or a redelivery racing this one) stored the same key first, opened the chat's
                # occurrence first, or kept the same imported No. first; the next attempt finds what it stored.
                if key is not None:
                    existing = await self.database.read(lambda conn: stored_for_key(conn, key))
                    if existing is not None:
                        return existing
                if attempt == _RACE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _insert_direct(self, db: sqlite3.Connection, action: NewAction, key: str | None, event: AuditEvent) -> Stored:
        """insert_once's common case on SQLite, in as few statements as it takes. A redelivery fails on the key
        stored before and the chat's first action finds no meeting: both roll back and hand over to the general path.
        """
        direct = self._direct()
        if key is not None:
            direct.insert_processed.run(
                db, {"key": key, "at": action.created_at, "result": {"action_id": action.id}, "replied_at": None}
            )
        occurrence_id = action.occurrence_id
        if occurrence_id is None:
            current = direct.current_occurrence_id.first(db, {"chat_id": action.chat_id})
            occurrence_id = None if current is None else str(current[0])
        counted = direct.next_number.first(db, {"b_chat_id": action.chat_id})
        if occurrence_id is None or counted is None:
            raise GeneralPath  # rolls back the key too: the general path stores it with the meeting it opens
        number = int(counted[0]) - 1
        direct.insert_action.run(db, action_row(action, occurrence_id, number))
        direct.insert_to_plan.run(db, to_plan_row(action.id, action.chat_id, action.created_at))
        direct.insert_event.run(db, event_row(event, action_id=action.id))
        return Stored(stored_action(action, occurrence_id, number), created=True)

    async def taken_numbers(self, chat_id: str, numbers: Sequence[int], *, outside: str | None) -> set[int]:
        query = select(actions.c.number).where(actions.c.chat_id == chat_id, actions.c.number.in_(list(numbers)))
        if outside is not None:
            query = query.where(actions.c.occurrence_id != outside)
        return await self.database.read(lambda conn: {int(row.number) for row in conn.execute(query)})

    async def mark_imported_reviewed(self, action_ids: Sequence[str], *, event: AuditEvent) -> list[str]:
        """Imported actions a review has shown, not reviewed before: reviewed now (their calm ends), audited, and
        their chasers planned again. The version stays: cards showing them are not out of date."""
        ids = list(action_ids)
        if not ids:
            return []
        pending = select(actions.c.id).where(
            actions.c.id.in_(ids), actions.c.imported_at.is_not(None), actions.c.reviewed_at.is_(None)
        )

        def mark(conn: Connection) -> list[str]:
            found = [row.id for row in conn.execute(pending)]
            if not found:
                return []
            conn.execute(update(actions).where(actions.c.id.in_(found)).values(reviewed_at=event.at))
            conn.execute(update(chasers).where(chasers.c.action_id.in_(found)).values(**REPLAN))
            conn.execute(insert(audit_events), [event_row(event, action_id=action_id) for action_id in found])
            return found

        return await self.database.write(mark)

    async def forget_former_numbers(self, action_ids: Sequence[str]) -> None:
        statement = update(actions).where(actions.c.id.in_(list(action_ids))).values(former_number=None)
        await self.database.write(lambda conn: conn.execute(statement))

    async def last_logged_by(self, chat_id: str, person: Person, *, since: datetime) -> Action | None:
        """The last action this person logged in this chat since `since` that is not removed (for /undo)."""
        who = _logged_by(person)
        if who is None:
            return None
        query = (
            select(actions)
            .where(actions.c.chat_id == chat_id, actions.c.created_at >= since, _NOT_REMOVED, who)
            .order_by(actions.c.created_at.desc(), actions.c.number.desc())
            .limit(1)
        )
        return await self.database.read(lambda conn: next((action_from_row(r) for r in conn.execute(query)), None))

    async def get_action(self, action_id: str) -> Action | None:
        return await self.database.read(lambda conn: action_by_id(conn, action_id))

    async def find_actions(
        self, chat_id: str, *, number: int | None = None, open_only: bool = False, limit: int | None = None
    ) -> list[Action]:
        query = (
            select(actions)
            .join(occurrences, occurrences.c.id == actions.c.occurrence_id)
            .where(actions.c.chat_id == chat_id, _NOT_REMOVED)
            .order_by(occurrences.c.started_at, actions.c.number)
        )
        if number is not None:
            query = query.where(actions.c.number == number)
        if open_only:
            query = query.where(actions.c.status == ActionStatus.OPEN.value)
        if limit is not None:
            query = query.limit(limit)
        return await self.database.read(lambda conn: [action_from_row(row) for row in conn.execute(query)])

    async def count_open_actions(self, chat_id: str) -> int:
        query = select(func.count()).where(actions.c.chat_id == chat_id, actions.c.status == ActionStatus.OPEN.value)
        return int(await self.database.read(lambda conn: conn.execute(query).scalar_one()))

    async def apply_change(
        self,
        action_id: str,
        *,
        expected_version: int,
        changes: ActionChanges,
        event: AuditEvent,
        key: str | None,
    ) -> tuple[Action, bool]:
        def change(conn: Connection) -> tuple[Action, bool]:
            if key is not None and processed_result(conn, key) is not None:
                current = action_by_id(conn, action_id)
                assert current is not None
                return current, False
            values = change_values(changes)
            values["version"] = actions.c.version + 1
            result = conn.execute(
                update(actions).where(actions.c.id == action_id, actions.c.version == expected_version).values(**values)
            )
            if result.rowcount != 1:
                raise Conflict("error.conflict")
            conn.execute(insert(audit_events).values(**event_row(event, action_id=action_id)))
            # Its deadline, owner or status may have changed: the next sweep plans its chasers again.
            conn.execute(update(chasers).where(chasers.c.action_id == action_id).values(**REPLAN))
            if key is not None:
                conn.execute(insert(processed).values(key=key, at=changes.at, result={"action_id": action_id}))
            stored = action_by_id(conn, action_id)
            assert stored is not None
            return stored, True

        try:
            return await self.database.write(change)
        except IntegrityError:
            if key is None:
                raise
            current = await self.get_action(action_id)
            if current is None:
                raise
            return current, False

    # -- roles ----------------------------------------------------------------------------------------------
    async def occurrence_actions(
        self, occurrence_id: str, *, after: int | None = None, limit: int | None = None
    ) -> list[Action]:
        """A meeting's actions (not removed ones) by No.; those numbered past `after`, the first `limit` of them."""
        query = (
            select(actions)
            .where(actions.c.occurrence_id == occurrence_id, _NOT_REMOVED)
            .order_by(actions.c.number)
            .limit(limit)
        )
        if after is not None:
            query = query.where(actions.c.number > after)
        return await self.database.read(lambda conn: [action_from_row(row) for row in conn.execute(query)])

    async def count_occurrence_actions(self, occurrence_id: str) -> int:
        query = select(func.count()).select_from(actions).where(actions.c.occurrence_id == occurrence_id)
        return int(await self.database.read(lambda conn: conn.execute(query).scalar_one()))

    async def arising(
        self, chat_id: str, *, before: Occurrence, since: datetime, limit: int | None = None
    ) -> list[Action]:
        """Actions of earlier sittings that were open at `since` (the end of the previous sitting): still open,
        or closed after it."""
        query = (
            select(actions)
            .join(occurrences, occurrences.c.id == actions.c.occurrence_id)
            .where(*_arising(chat_id, before, since))
            .order_by(occurrences.c.started_at, actions.c.number)
            .limit(limit)
        )
        return await self.database.read(lambda conn: [action_from_row(row) for row in conn.execute(query)])

    async def count_arising(self, chat_id: str, *, before: Occurrence, since: datetime) -> int:
        query = (
            select(func.count())
            .select_from(actions.join(occurrences, occurrences.c.id == actions.c.occurrence_id))
            .where(*_arising(chat_id, before, since))
        )
        return int(await self.database.read(lambda conn: conn.execute(query).scalar_one()))

    async def actions_with_event(
        self, chat_id: str, kind: str, *, start: datetime, end: datetime | None
    ) -> list[Action]:
        """Actions that had an audit event of `kind` in [start, end): e.g. carried forward during a sitting."""
        condition = [audit_events.c.chat_id == chat_id, audit_events.c.kind == kind, audit_events.c.at >= start]
        if end is not None:
            condition.append(audit_events.c.at < end)
        ids = select(audit_events.c.action_id).where(*condition)
        query = (
            select(actions)
            .join(occurrences, occurrences.c.id == actions.c.occurrence_id)
            .where(actions.c.id.in_(ids), _NOT_REMOVED)
            .order_by(occurrences.c.started_at, actions.c.number)
        )
        return await self.database.read(lambda conn: [action_from_row(row) for row in conn.execute(query)])


def _current_occurrence_id(conn: Connection, action: NewAction) -> str:
    if action.occurrence_id is not None:
        return action.occurrence_id
    row = conn.execute(CURRENT_OCCURRENCE, {"chat_id": action.chat_id}).first()
    if row is not None:
        return str(row.id)
    occurrence_id = new_id()
    conn.execute(
        insert(occurrences).values(
            id=occurrence_id,
            chat_id=action.chat_id,
            meeting_id=action.meeting_id,
            title=action.meeting_title,
            started_at=action.created_at,
        )
    )
    return occurrence_id


def _number_for(conn: Connection, action: NewAction) -> int:
    """The action's No. in its chat: the one the minutes gave it while nobody in the chat has it, else the next."""
    kept = action.number
    if kept is not None and conn.execute(NUMBER_TAKEN, {"chat_id": action.chat_id, "number": kept}).first() is None:
        conn.execute(COUNT_PAST, {"b_chat_id": action.chat_id, "kept": kept + 1})
        return kept
    counted = conn.execute(NEXT_NUMBER, {"b_chat_id": action.chat_id}).scalar()
    if counted is not None:
        return int(counted) - 1
    # No chat row to count in: the foreign key refuses the insert that follows, on either dialect.
    return int(
        conn.execute(
            select(func.coalesce(func.max(actions.c.number), 0) + 1).where(actions.c.chat_id == action.chat_id)
        ).scalar_one()
    )


def action_by_id(conn: Connection, action_id: str) -> Action | None:
    row = conn.execute(ACTION_BY_ID, {"action_id": action_id}).first()
    return action_from_row(row) if row else None


def stored_for_key(conn: Connection, key: str) -> Stored | None:
    row = conn.execute(PROCESSED_BY_KEY, {"key": key}).first()
    if row is None:
        return None
    action = action_by_id(conn, str((row.result or {}).get("action_id")))
    return Stored(action, created=False, replied=row.replied_at is not None) if action else None


def _arising(chat_id: str, before: Occurrence, since: datetime) -> tuple[Any, ...]:
    return (
        actions.c.chat_id == chat_id,
        _NOT_REMOVED,
        actions.c.occurrence_id != before.id,
        occurrences.c.started_at < before.started_at,
        (actions.c.status == ActionStatus.OPEN.value) | (actions.c.closed_at >= since),
    )
