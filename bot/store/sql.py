"""The one storage implementation: SQLAlchemy Core on SQLite (embedded default) or PostgreSQL (several replicas)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import and_, event, func, insert, select, update
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.register.errors import Conflict
from bot.register.model import (
    Action,
    ActionChanges,
    ActionStatus,
    AuditEvent,
    Deadline,
    DeadlineKind,
    NewAction,
    Occurrence,
    Owner,
    OwnerKind,
    Person,
    Surface,
    role_key,
)
from bot.store import schema
from bot.store.schema import actions, audit_events, chats, occurrences, people, processed, role_holders

log = logging.getLogger(__name__)


class SqlStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @classmethod
    def connect(cls, url: str, *, echo: bool = False) -> SqlStore:
        kwargs: dict[str, Any] = {"echo": echo}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        engine = create_async_engine(url, **kwargs)
        if engine.dialect.name == "sqlite":
            _make_sqlite_transactions_immediate(engine)
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def close(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(select(1))

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.begin() as conn:
            yield conn

    # -- conversation references (for proactive messages) ------------------------------------------------------

    async def save_chat(
        self,
        *,
        chat_id: str,
        tenant_id: str,
        kind: str,
        title: str | None,
        service_url: str,
        reference: Mapping[str, Any],
        now: datetime,
    ) -> None:
        async with self.transaction() as conn:
            found = (await conn.execute(select(chats.c.id).where(chats.c.id == chat_id))).first()
            values = {
                "tenant_id": tenant_id,
                "kind": kind,
                "service_url": service_url,
                "reference": dict(reference),
                "updated_at": now,
            }
            if title:
                values["title"] = title
            if found:
                await conn.execute(update(chats).where(chats.c.id == chat_id).values(**values))
            else:
                await _insert_ignoring_race(
                    conn, chats, {"id": chat_id, "title": title, "settings": {}, "created_at": now, **values}
                )

    async def get_chat(self, chat_id: str) -> dict[str, Any] | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(chats).where(chats.c.id == chat_id))).first()
        return dict(row._mapping) if row else None

    async def save_person(
        self,
        *,
        tenant_id: str,
        aad_id: str,
        user_id: str | None,
        name: str | None,
        locale: str | None,
        service_url: str | None,
        personal_chat_id: str | None,
        reference: Mapping[str, Any] | None,
        now: datetime,
    ) -> None:
        values: dict[str, Any] = {"updated_at": now}
        for column, value in (
            ("user_id", user_id),
            ("name", name),
            ("locale", locale),
            ("service_url", service_url),
            ("personal_chat_id", personal_chat_id),
            ("reference", dict(reference) if reference is not None else None),
        ):
            if value is not None:
                values[column] = value
        if personal_chat_id is not None:
            values["unreachable_since"] = None
        key = and_(people.c.tenant_id == tenant_id, people.c.aad_id == aad_id)
        async with self.transaction() as conn:
            found = (await conn.execute(select(people.c.aad_id).where(key))).first()
            if found:
                await conn.execute(update(people).where(key).values(**values))
            else:
                await _insert_ignoring_race(
                    conn, people, {"tenant_id": tenant_id, "aad_id": aad_id, "created_at": now, **values}
                )

    async def get_person(self, tenant_id: str, aad_id: str) -> dict[str, Any] | None:
        key = and_(people.c.tenant_id == tenant_id, people.c.aad_id == aad_id)
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(people).where(key))).first()
        return dict(row._mapping) if row else None

    # -- occurrences ---------------------------------------------------------------------------------------

    async def open_occurrence(
        self, chat_id: str, *, meeting_id: str | None, title: str | None, now: datetime
    ) -> Occurrence:
        async with self.transaction() as conn:
            row = (
                await conn.execute(
                    select(occurrences)
                    .where(occurrences.c.chat_id == chat_id, occurrences.c.ended_at.is_(None))
                    .order_by(occurrences.c.started_at.desc())
                    .limit(1)
                )
            ).first()
            if row:
                return _occurrence(row)
            occurrence_id = _new_id()
            await conn.execute(
                insert(occurrences).values(
                    id=occurrence_id,
                    chat_id=chat_id,
                    meeting_id=meeting_id,
                    title=title,
                    started_at=now,
                    next_number=1,
                )
            )
            return Occurrence(id=occurrence_id, chat_id=chat_id, meeting_id=meeting_id, title=title, started_at=now)

    async def occurrence(self, occurrence_id: str) -> Occurrence | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(occurrences).where(occurrences.c.id == occurrence_id))).first()
        return _occurrence(row) if row else None

    # -- actions ---------------------------------------------------------------------------------------------

    async def insert_action(self, action: NewAction, *, key: str | None, event: AuditEvent) -> tuple[Action, bool]:
        try:
            async with self.transaction() as conn:
                if key is not None:
                    earlier = await _processed_result(conn, key)
                    if earlier is not None:
                        existing = await _action_by_id(conn, str(earlier.get("action_id")))
                        if existing is not None:
                            return existing, False
                # The occurrence row is the per-meeting counter: the UPDATE takes its row lock on PostgreSQL, and
                # SQLite write transactions are serialised (BEGIN IMMEDIATE), so two /action turns never share a No.
                number = (
                    await conn.execute(
                        update(occurrences)
                        .where(occurrences.c.id == action.occurrence_id)
                        .values(next_number=occurrences.c.next_number + 1)
                        .returning(occurrences.c.next_number)
                    )
                ).scalar_one() - 1
                row = _action_row(action, number)
                await conn.execute(insert(actions).values(**row))
                await conn.execute(insert(audit_events).values(**_event_row(event, action_id=action.id)))
                if key is not None:
                    await conn.execute(
                        insert(processed).values(key=key, at=action.created_at, result={"action_id": action.id})
                    )
                stored = await _action_by_id(conn, action.id)
                assert stored is not None
                return stored, True
        except IntegrityError:
            # Another replica (or a retried delivery racing this one) stored the same key first.
            if key is None:
                raise
            async with self.engine.connect() as conn:
                earlier = await _processed_result(conn, key)
                existing = await _action_by_id(conn, str(earlier.get("action_id"))) if earlier else None
            if existing is None:
                raise
            return existing, False

    async def get_action(self, action_id: str) -> Action | None:
        async with self.engine.connect() as conn:
            return await _action_by_id(conn, action_id)

    async def find_actions(self, chat_id: str, *, number: int | None = None, open_only: bool = False) -> list[Action]:
        query = (
            select(actions)
            .join(occurrences, occurrences.c.id == actions.c.occurrence_id)
            .where(actions.c.chat_id == chat_id)
            .order_by(occurrences.c.started_at, actions.c.number)
        )
        if number is not None:
            query = query.where(actions.c.number == number)
        if open_only:
            query = query.where(actions.c.status == ActionStatus.OPEN.value)
        async with self.engine.connect() as conn:
            return [_action(row) for row in await conn.execute(query)]

    async def apply_change(
        self,
        action_id: str,
        *,
        expected_version: int,
        changes: ActionChanges,
        event: AuditEvent,
        key: str | None,
    ) -> tuple[Action, bool]:
        try:
            async with self.transaction() as conn:
                if key is not None and await _processed_result(conn, key) is not None:
                    current = await _action_by_id(conn, action_id)
                    assert current is not None
                    return current, False
                values = _change_values(changes)
                values["version"] = actions.c.version + 1
                result = await conn.execute(
                    update(actions)
                    .where(actions.c.id == action_id, actions.c.version == expected_version)
                    .values(**values)
                )
                if result.rowcount != 1:
                    raise Conflict("error.conflict")
                await conn.execute(insert(audit_events).values(**_event_row(event, action_id=action_id)))
                if key is not None:
                    await conn.execute(
                        insert(processed).values(key=key, at=changes.at, result={"action_id": action_id})
                    )
                stored = await _action_by_id(conn, action_id)
                assert stored is not None
                return stored, True
        except IntegrityError:
            if key is None:
                raise
            current = await self.get_action(action_id)
            if current is None:
                raise
            return current, False

    # -- roles ----------------------------------------------------------------------------------------------

    async def roles_of(self, chat_id: str, person: Person) -> set[str]:
        if not person.aad_id:
            return set()
        query = select(role_holders.c.role_key).where(
            role_holders.c.chat_id == chat_id, role_holders.c.aad_id == person.aad_id
        )
        async with self.engine.connect() as conn:
            return {row.role_key for row in await conn.execute(query)}

    async def role_holders(self, chat_id: str, role_name: str) -> list[Person]:
        query = (
            select(role_holders)
            .where(role_holders.c.chat_id == chat_id, role_holders.c.role_key == role_key(role_name))
            .order_by(role_holders.c.added_at)
        )
        async with self.engine.connect() as conn:
            return [
                Person(name=row.name or "", aad_id=row.aad_id, user_id=row.user_id) for row in await conn.execute(query)
            ]

    async def add_role_holder(self, chat_id: str, role_name: str, person: Person, *, event: AuditEvent) -> bool:
        if not person.aad_id:
            raise ValueError("a role holder needs an Entra object id")
        try:
            async with self.transaction() as conn:
                await conn.execute(
                    insert(role_holders).values(
                        chat_id=chat_id,
                        role_key=role_key(role_name),
                        role_name=role_name.strip(),
                        aad_id=person.aad_id,
                        name=person.name,
                        user_id=person.user_id,
                        added_at=event.at,
                    )
                )
                await conn.execute(insert(audit_events).values(**_event_row(event, action_id=None)))
            return True
        except IntegrityError:
            return False

    # -- audit and idempotency ------------------------------------------------------------------------------

    async def audit_trail(self, action_id: str) -> list[AuditEvent]:
        query = select(audit_events).where(audit_events.c.action_id == action_id).order_by(audit_events.c.id)
        async with self.engine.connect() as conn:
            return [_audit(row) for row in await conn.execute(query)]

    async def chat_audit_trail(self, chat_id: str) -> list[AuditEvent]:
        query = select(audit_events).where(audit_events.c.chat_id == chat_id).order_by(audit_events.c.id)
        async with self.engine.connect() as conn:
            return [_audit(row) for row in await conn.execute(query)]

    async def reply_pending(self, key: str) -> bool:
        query = select(processed.c.replied_at).where(processed.c.key == key)
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return row is not None and row.replied_at is None

    async def was_processed(self, key: str) -> bool:
        async with self.engine.connect() as conn:
            return await _processed_result(conn, key) is not None

    async def mark_replied(self, key: str, at: datetime) -> None:
        async with self.transaction() as conn:
            await conn.execute(update(processed).where(processed.c.key == key).values(replied_at=at))

    async def count(self, table: str) -> int:
        async with self.engine.connect() as conn:
            return int(
                (await conn.execute(select(func.count()).select_from(schema.metadata.tables[table]))).scalar_one()
            )


def _make_sqlite_transactions_immediate(engine: AsyncEngine) -> None:
    # pysqlite's deferred BEGIN lets two writers both read, then deadlock on upgrade (SQLITE_BUSY without waiting).
    # Taking the write lock at BEGIN makes concurrent turns queue on busy_timeout instead. WAL lets reads proceed.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


async def _insert_ignoring_race(conn: AsyncConnection, table: Any, values: dict[str, Any]) -> None:
    # Two turns from one new chat can both find no row; the loser's insert is a no-op, not an error.
    nested = await conn.begin_nested()
    try:
        await conn.execute(insert(table).values(**values))
        await nested.commit()
    except IntegrityError:
        await nested.rollback()


async def _processed_result(conn: AsyncConnection, key: str) -> dict[str, Any] | None:
    row = (await conn.execute(select(processed.c.result).where(processed.c.key == key))).first()
    if row is None:
        return None
    return dict(row.result or {})


async def _action_by_id(conn: AsyncConnection, action_id: str) -> Action | None:
    row = (await conn.execute(select(actions).where(actions.c.id == action_id))).first()
    return _action(row) if row else None


def _new_id() -> str:
    return uuid.uuid4().hex


def _action_row(action: NewAction, number: int) -> dict[str, Any]:
    return {
        "id": action.id,
        "tenant_id": action.tenant_id,
        "chat_id": action.chat_id,
        "occurrence_id": action.occurrence_id,
        "number": number,
        "text": action.text,
        **_owner_values(action.owner),
        **_deadline_values(action.deadline),
        "status": ActionStatus.OPEN.value,
        "created_at": action.created_at,
        "created_by_name": action.created_by.name,
        "created_by_aad_id": action.created_by.aad_id,
        "created_by_user_id": action.created_by.user_id,
        "updated_at": action.created_at,
        "version": 1,
    }


def _owner_values(owner: Owner | None) -> dict[str, Any]:
    if owner is None:
        return {"owner_kind": None, "owner_name": None, "owner_aad_id": None, "owner_user_id": None}
    return {
        "owner_kind": owner.kind.value,
        "owner_name": owner.name,
        "owner_aad_id": owner.aad_id,
        "owner_user_id": owner.user_id,
    }


def _deadline_values(deadline: Deadline) -> dict[str, Any]:
    return {
        "deadline_text": deadline.text,
        "deadline_kind": deadline.kind.value,
        "deadline_due": deadline.due,
        "deadline_latest": deadline.latest,
    }


def _change_values(changes: ActionChanges) -> dict[str, Any]:
    values: dict[str, Any] = {"updated_at": changes.at}
    if changes.text is not None:
        values["text"] = changes.text
    if changes.owner is not None or changes.clear_owner:
        values.update(_owner_values(changes.owner))
    if changes.deadline is not None:
        values.update(_deadline_values(changes.deadline))
    if changes.status is not None:
        values["status"] = changes.status.value
        values["closed_at"] = None if changes.status.is_open else (changes.closed_at or changes.at)
    if changes.latest_update is not None:
        values["latest_update"] = changes.latest_update
    return values


def _event_row(event: AuditEvent, *, action_id: str | None) -> dict[str, Any]:
    return {
        "action_id": action_id,
        "chat_id": event.chat_id,
        "at": event.at,
        "actor_name": event.actor.name,
        "actor_aad_id": event.actor.aad_id,
        "actor_user_id": event.actor.user_id,
        "kind": event.kind,
        "surface": event.surface.value,
        "detail": dict(event.detail),
    }


def _action(row: Row[Any]) -> Action:
    owner = None
    if row.owner_kind:
        owner = Owner(
            kind=OwnerKind(row.owner_kind),
            name=row.owner_name or "",
            aad_id=row.owner_aad_id,
            user_id=row.owner_user_id,
        )
    return Action(
        id=row.id,
        tenant_id=row.tenant_id,
        chat_id=row.chat_id,
        occurrence_id=row.occurrence_id,
        number=row.number,
        text=row.text,
        owner=owner,
        deadline=Deadline(
            text=row.deadline_text,
            kind=DeadlineKind(row.deadline_kind),
            due=row.deadline_due,
            latest=row.deadline_latest,
        ),
        status=ActionStatus(row.status),
        created_at=row.created_at,
        created_by=Person(name=row.created_by_name, aad_id=row.created_by_aad_id, user_id=row.created_by_user_id),
        updated_at=row.updated_at,
        version=row.version,
        closed_at=row.closed_at,
        latest_update=row.latest_update,
    )


def _occurrence(row: Row[Any]) -> Occurrence:
    return Occurrence(
        id=row.id,
        chat_id=row.chat_id,
        meeting_id=row.meeting_id,
        title=row.title,
        started_at=row.started_at,
        ended_at=row.ended_at,
        organiser_aad_id=row.organiser_aad_id,
    )


def _audit(row: Row[Any]) -> AuditEvent:
    return AuditEvent(
        action_id=row.action_id,
        chat_id=row.chat_id,
        at=row.at,
        actor=Person(name=row.actor_name, aad_id=row.actor_aad_id, user_id=row.actor_user_id),
        kind=row.kind,
        surface=Surface(row.surface),
        detail=dict(row.detail or {}),
    )
