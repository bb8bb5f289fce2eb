"""The one storage implementation: SQLAlchemy Core on SQLite (embedded default) or PostgreSQL (several replicas).

Each public method is one transaction: a sync function over a Connection, run by bot.store.database.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, case, func, insert, select, update
from sqlalchemy.engine import Connection, Dialect, Row
from sqlalchemy.exc import IntegrityError

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
    Stored,
    Surface,
    role_key,
)
from bot.store import schema
from bot.store.database import Database, SqliteDatabase, open_database
from bot.store.direct import DirectStatement
from bot.store.group_commit import GroupCommit
from bot.store.schema import (
    REPLAN,
    actions,
    audit_events,
    chasers,
    chats,
    occurrences,
    people,
    processed,
    role_holders,
)

log = logging.getLogger(__name__)

_RACE_ATTEMPTS = 3
# A second meetingStart within this long of the first is the same sitting (Teams may deliver an event twice).
_SAME_SITTING = timedelta(hours=12)

# Hot statements are built once: SQLAlchemy then reuses their compiled form, where a statement built per call with
# .values(...) is re-keyed and re-compiled every time (most of a logged action's cost on SQLite).
_NEXT_NUMBER = (
    update(occurrences)
    .where(occurrences.c.id == bindparam("occurrence_id"))
    .values(next_number=occurrences.c.next_number + 1)
    .returning(occurrences.c.next_number)
)
# A kept No. (imported minutes): the counter moves past it, so actions without one never collide with it.
_COUNT_PAST = (
    update(occurrences)
    .where(occurrences.c.id == bindparam("occurrence_id"))
    .values(
        next_number=case(
            (occurrences.c.next_number > bindparam("kept"), occurrences.c.next_number), else_=bindparam("kept")
        )
    )
)
_NUMBER_TAKEN = select(actions.c.id).where(
    actions.c.occurrence_id == bindparam("occurrence_id"), actions.c.number == bindparam("number")
)
_INSERT_ACTION = insert(actions)
_INSERT_EVENT = insert(audit_events)
_INSERT_PROCESSED = insert(processed)
_ACTION_BY_ID = select(actions).where(actions.c.id == bindparam("action_id"))
_CHAT_SETTINGS = select(chats.c.settings).where(chats.c.id == bindparam("chat_id"))
_PROCESSED_BY_KEY = select(processed.c.result, processed.c.replied_at).where(processed.c.key == bindparam("key"))
_MARK_REPLIED = update(processed).where(processed.c.key == bindparam("b_key")).values(replied_at=bindparam("replied"))
_CURRENT_OCCURRENCE = (
    select(occurrences)
    .where(occurrences.c.chat_id == bindparam("chat_id"), occurrences.c.ended_at.is_(None))
    .order_by(occurrences.c.started_at.desc())
    .limit(1)
)
# The chat's current meeting counts one more action, found and counted in one statement.
_NEXT_NUMBER_IN_CHAT = (
    update(occurrences)
    .where(
        occurrences.c.id
        == select(occurrences.c.id)
        .where(occurrences.c.chat_id == bindparam("b_chat_id"), occurrences.c.ended_at.is_(None))
        .order_by(occurrences.c.started_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    .values(next_number=occurrences.c.next_number + 1)
    .returning(occurrences.c.id, occurrences.c.next_number)
)


class _GeneralPath(Exception):
    """Raised by a direct statement path for a case it leaves to the general code (its transaction rolls back)."""


class _DirectStatements:
    """A /action turn's statements, run on SQLite without SQLAlchemy's per-call work (bot/store/direct.py).

    Only the common case takes this path; anything unusual (a redelivered activity, a chat's first action, a
    constraint failing) is left to the general code in SqlStore, which handles it on every dialect."""

    def __init__(self, dialect: Dialect) -> None:
        self.chat_settings = DirectStatement(_CHAT_SETTINGS, dialect, given=["chat_id"])
        self.next_number = DirectStatement(_NEXT_NUMBER, dialect, given=["occurrence_id"])
        self.next_number_in_chat = DirectStatement(_NEXT_NUMBER_IN_CHAT, dialect, given=["b_chat_id"])
        self.insert_action = DirectStatement(_INSERT_ACTION, dialect, given=[c.key for c in actions.c])
        self.insert_event = DirectStatement(
            _INSERT_EVENT, dialect, given=[c.key for c in audit_events.c if c is not audit_events.c.id]
        )
        self.insert_processed = DirectStatement(_INSERT_PROCESSED, dialect, given=[c.key for c in processed.c])
        self.mark_replied = DirectStatement(_MARK_REPLIED, dialect, given=["b_key", "replied"])


class SqlStore:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._replies_marked: GroupCommit[tuple[str, datetime]] = GroupCommit(self._mark_replied_many)
        self._sqlite = database if isinstance(database, SqliteDatabase) else None
        self._statements: _DirectStatements | None = None

    def _direct(self) -> _DirectStatements:
        # Compiled on first use, in the store's thread: the dialect knows what the SQLite library supports
        # (RETURNING) only once it has connected.
        if self._statements is None:
            assert self._sqlite is not None
            self._statements = _DirectStatements(self._sqlite.engine.dialect)
        return self._statements

    @classmethod
    def connect(cls, url: str, *, echo: bool = False) -> SqlStore:
        return cls(open_database(url, echo=echo))

    @property
    def dialect(self) -> str:
        return self.database.dialect

    async def close(self) -> None:
        await self.database.close()

    async def ping(self) -> None:
        await self.database.read(lambda conn: conn.execute(select(1)).scalar_one())

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
        values: dict[str, Any] = {
            "tenant_id": tenant_id,
            "kind": kind,
            "service_url": service_url,
            "reference": dict(reference),
            "updated_at": now,
        }
        if title:
            values["title"] = title

        def save(conn: Connection) -> None:
            if conn.execute(select(chats.c.id).where(chats.c.id == chat_id)).first():
                conn.execute(update(chats).where(chats.c.id == chat_id).values(**values))
            else:
                _insert_ignoring_race(
                    conn, chats, {"id": chat_id, "title": title, "settings": {}, "created_at": now, **values}
                )

        await self.database.write(save)

    async def get_chat(self, chat_id: str) -> dict[str, Any] | None:
        def get(conn: Connection) -> dict[str, Any] | None:
            row = conn.execute(select(chats).where(chats.c.id == chat_id)).first()
            return dict(row._mapping) if row else None

        return await self.database.read(get)

    async def chat_settings(self, chat_id: str) -> dict[str, Any]:
        """A chat's settings alone (asked every turn for its language: the whole row carries the reference JSON)."""
        if self._sqlite is not None:
            row = await self._sqlite.direct_read(
                lambda db: self._direct().chat_settings.first(db, {"chat_id": chat_id})
            )
            return dict(row[0] or {}) if row else {}

        def get(conn: Connection) -> dict[str, Any]:
            found = conn.execute(_CHAT_SETTINGS, {"chat_id": chat_id}).first()
            return dict(found.settings or {}) if found else {}

        return await self.database.read(get)

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

        def save(conn: Connection) -> None:
            if conn.execute(select(people.c.aad_id).where(key)).first():
                conn.execute(update(people).where(key).values(**values))
            else:
                _insert_ignoring_race(
                    conn, people, {"tenant_id": tenant_id, "aad_id": aad_id, "created_at": now, **values}
                )

        await self.database.write(save)

    async def get_person(self, tenant_id: str, aad_id: str) -> dict[str, Any] | None:
        key = and_(people.c.tenant_id == tenant_id, people.c.aad_id == aad_id)

        def get(conn: Connection) -> dict[str, Any] | None:
            row = conn.execute(select(people).where(key)).first()
            return dict(row._mapping) if row else None

        return await self.database.read(get)

    async def set_person_language(self, tenant_id: str, aad_id: str, language: str) -> None:
        key = and_(people.c.tenant_id == tenant_id, people.c.aad_id == aad_id)
        await self.database.write(lambda conn: conn.execute(update(people).where(key).values(language=language)))

    async def set_chat_setting(self, chat_id: str, name: str, value: object, *, now: datetime) -> None:
        def save(conn: Connection) -> None:
            row = conn.execute(select(chats.c.settings).where(chats.c.id == chat_id)).first()
            if row is None:
                return
            settings = {**(row.settings or {}), name: value}
            conn.execute(update(chats).where(chats.c.id == chat_id).values(settings=settings, updated_at=now))

        await self.database.write(save)

    async def mark_unreachable(self, tenant_id: str, aad_id: str, at: datetime) -> None:
        key = and_(people.c.tenant_id == tenant_id, people.c.aad_id == aad_id)

        def mark(conn: Connection) -> None:
            if conn.execute(select(people.c.aad_id).where(key)).first():
                conn.execute(update(people).where(key).values(unreachable_since=at, personal_chat_id=None))
            else:
                _insert_ignoring_race(
                    conn,
                    people,
                    {
                        "tenant_id": tenant_id,
                        "aad_id": aad_id,
                        "unreachable_since": at,
                        "created_at": at,
                        "updated_at": at,
                    },
                )

        await self.database.write(mark)

    async def any_chat_of_tenant(self, tenant_id: str) -> tuple[str, str] | None:
        """A service URL and the bot's id in this tenant (from any stored reference), to open a 1:1 chat with."""
        query = (
            select(chats.c.service_url, chats.c.reference)
            .where(chats.c.tenant_id == tenant_id)
            .order_by(chats.c.updated_at.desc())
            .limit(1)
        )
        row = await self.database.read(lambda conn: conn.execute(query).first())
        if row is None:
            return None
        bot_id = (row.reference or {}).get("bot", {}).get("id")
        return (str(row.service_url), str(bot_id)) if bot_id else None

    # -- occurrences ---------------------------------------------------------------------------------------

    async def open_occurrence(
        self, chat_id: str, *, meeting_id: str | None, title: str | None, now: datetime
    ) -> Occurrence:
        def find(conn: Connection) -> Occurrence | None:
            row = conn.execute(_CURRENT_OCCURRENCE, {"chat_id": chat_id}).first()
            return _occurrence(row) if row else None

        def find_or_open(conn: Connection) -> Occurrence:
            # Looked up again inside the write: another turn may have opened it meanwhile.
            found = find(conn)
            if found is not None:
                return found
            occurrence_id = _new_id()
            conn.execute(
                insert(occurrences).values(
                    id=occurrence_id, chat_id=chat_id, meeting_id=meeting_id, title=title, started_at=now, next_number=1
                )
            )
            return Occurrence(id=occurrence_id, chat_id=chat_id, meeting_id=meeting_id, title=title, started_at=now)

        found = await self.database.read(find)
        return found if found is not None else await self.database.write(find_or_open)

    async def occurrence(self, occurrence_id: str) -> Occurrence | None:
        return await self._first_occurrence(select(occurrences).where(occurrences.c.id == occurrence_id))

    async def start_occurrence(
        self,
        chat_id: str,
        *,
        meeting_id: str | None,
        title: str | None,
        started_at: datetime,
        organiser_aad_id: str | None,
        scheduled_start: datetime | None,
    ) -> Occurrence:
        """Open the sitting a meetingStart announces.

        An open occurrence that commands opened (actions logged just before the meeting) becomes this sitting; one
        that an earlier start opened is this sitting again if it began within the last 12 hours (a repeated event),
        else its end never came and it is closed first.
        """

        def start(conn: Connection) -> Occurrence:
            row = conn.execute(_CURRENT_OCCURRENCE, {"chat_id": chat_id}).first()
            if row is not None:
                repeated = row.opened_by == "event" and started_at - row.started_at < _SAME_SITTING
                if row.opened_by == "command" or repeated:
                    values: dict[str, Any] = {"opened_by": "event"}
                    if row.opened_by == "command":
                        values.update(started_at=min(row.started_at, started_at))
                    for column, value in (
                        ("meeting_id", meeting_id),
                        ("title", title),
                        ("organiser_aad_id", organiser_aad_id),
                        ("scheduled_start", scheduled_start),
                    ):
                        if value is not None:
                            values[column] = value
                    conn.execute(update(occurrences).where(occurrences.c.id == row.id).values(**values))
                    return _occurrence(conn.execute(select(occurrences).where(occurrences.c.id == row.id)).one())
                conn.execute(update(occurrences).where(occurrences.c.id == row.id).values(ended_at=started_at))
            occurrence_id = _new_id()
            conn.execute(
                insert(occurrences).values(
                    id=occurrence_id,
                    chat_id=chat_id,
                    meeting_id=meeting_id,
                    title=title,
                    started_at=started_at,
                    organiser_aad_id=organiser_aad_id,
                    scheduled_start=scheduled_start,
                    opened_by="event",
                    next_number=1,
                )
            )
            return _occurrence(conn.execute(select(occurrences).where(occurrences.c.id == occurrence_id)).one())

        return await self.database.write(start)

    async def past_occurrence(
        self, chat_id: str, *, title: str | None, started_at: datetime, ended_at: datetime, key: str
    ) -> Occurrence:
        """A meeting that already happened (imported minutes); the same key returns the same one."""
        occurrence_id = hashlib.sha256(key.encode()).hexdigest()[:32]

        def create(conn: Connection) -> Occurrence:
            row = conn.execute(select(occurrences).where(occurrences.c.id == occurrence_id)).first()
            if row is None:
                conn.execute(
                    insert(occurrences).values(
                        id=occurrence_id,
                        chat_id=chat_id,
                        title=title,
                        started_at=started_at,
                        ended_at=ended_at,
                        opened_by="import",
                        summary_posted_at=ended_at,
                        review_posted_at=ended_at,
                        next_number=1,
                    )
                )
                row = conn.execute(select(occurrences).where(occurrences.c.id == occurrence_id)).one()
            return _occurrence(row)

        return await self.database.write(create)

    async def end_occurrence(self, chat_id: str, *, ended_at: datetime, title: str | None) -> Occurrence | None:
        """Close the chat's open sitting; with none open (a repeated end event), the latest one as it is."""

        def end(conn: Connection) -> Occurrence | None:
            row = conn.execute(_CURRENT_OCCURRENCE, {"chat_id": chat_id}).first()
            if row is None:
                latest = conn.execute(
                    select(occurrences)
                    .where(occurrences.c.chat_id == chat_id)
                    .order_by(occurrences.c.started_at.desc())
                    .limit(1)
                ).first()
                return _occurrence(latest) if latest else None
            values: dict[str, Any] = {"ended_at": max(ended_at, row.started_at)}
            if title and not row.title:
                values["title"] = title
            conn.execute(update(occurrences).where(occurrences.c.id == row.id).values(**values))
            return _occurrence(conn.execute(select(occurrences).where(occurrences.c.id == row.id)).one())

        return await self.database.write(end)

    async def claim_posting(self, occurrence_id: str, what: str, at: datetime) -> bool:
        """True for exactly one caller per occurrence and `what` ("summary" or "review"), whatever the replicas."""
        column = {"summary": occurrences.c.summary_posted_at, "review": occurrences.c.review_posted_at}[what]
        statement = (
            update(occurrences).where(occurrences.c.id == occurrence_id, column.is_(None)).values({column.key: at})
        )
        return bool(await self.database.write(lambda conn: conn.execute(statement).rowcount == 1))

    async def release_posting(self, occurrence_id: str, what: str) -> None:
        """Undo a claim whose message could not be sent, so the next attempt posts it."""
        column = {"summary": occurrences.c.summary_posted_at, "review": occurrences.c.review_posted_at}[what]
        statement = update(occurrences).where(occurrences.c.id == occurrence_id).values({column.key: None})
        await self.database.write(lambda conn: conn.execute(statement))

    async def _first_occurrence(self, query: Any) -> Occurrence | None:
        def get(conn: Connection) -> Occurrence | None:
            row = conn.execute(query).first()
            return _occurrence(row) if row else None

        return await self.database.read(get)

    async def latest_occurrence(self, chat_id: str) -> Occurrence | None:
        return await self._first_occurrence(
            select(occurrences)
            .where(occurrences.c.chat_id == chat_id)
            .order_by(occurrences.c.started_at.desc())
            .limit(1)
        )

    async def previous_occurrence(self, occurrence: Occurrence) -> Occurrence | None:
        return await self._first_occurrence(
            select(occurrences)
            .where(
                occurrences.c.chat_id == occurrence.chat_id,
                occurrences.c.id != occurrence.id,
                occurrences.c.started_at <= occurrence.started_at,
                occurrences.c.ended_at.is_not(None),
            )
            .order_by(occurrences.c.started_at.desc())
            .limit(1)
        )

    async def occurrences_of(self, chat_id: str) -> list[Occurrence]:
        query = select(occurrences).where(occurrences.c.chat_id == chat_id).order_by(occurrences.c.started_at)
        return await self.database.read(lambda conn: [_occurrence(row) for row in conn.execute(query)])

    async def chat_ids(self) -> list[str]:
        query = select(chats.c.id).order_by(chats.c.created_at)
        return await self.database.read(lambda conn: [row.id for row in conn.execute(query)])

    async def occurrence_actions(self, occurrence_id: str) -> list[Action]:
        query = select(actions).where(actions.c.occurrence_id == occurrence_id).order_by(actions.c.number)
        return await self.database.read(lambda conn: [_action(row) for row in conn.execute(query)])

    async def arising(self, chat_id: str, *, before: Occurrence, since: datetime) -> list[Action]:
        """Actions of earlier sittings that were open at `since` (the end of the previous sitting): still open,
        or closed after it."""
        query = (
            select(actions)
            .join(occurrences, occurrences.c.id == actions.c.occurrence_id)
            .where(
                actions.c.chat_id == chat_id,
                actions.c.occurrence_id != before.id,
                occurrences.c.started_at < before.started_at,
                (actions.c.status == ActionStatus.OPEN.value) | (actions.c.closed_at >= since),
            )
            .order_by(occurrences.c.started_at, actions.c.number)
        )
        return await self.database.read(lambda conn: [_action(row) for row in conn.execute(query)])

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
            .where(actions.c.id.in_(ids))
            .order_by(occurrences.c.started_at, actions.c.number)
        )
        return await self.database.read(lambda conn: [_action(row) for row in conn.execute(query)])

    async def set_next_meeting(self, chat_id: str, at: datetime | None, *, source: str) -> None:
        statement = update(chats).where(chats.c.id == chat_id).values(next_meeting_at=at, next_meeting_source=source)
        await self.database.write(lambda conn: conn.execute(statement))

    async def next_meeting(self, chat_id: str) -> datetime | None:
        query = select(chats.c.next_meeting_at).where(chats.c.id == chat_id)
        return await self.database.read(lambda conn: conn.execute(query).scalar())

    # -- actions ---------------------------------------------------------------------------------------------

    async def insert_action(self, action: NewAction, *, key: str | None, event: AuditEvent) -> Stored:
        if self._sqlite is not None and action.number is None:
            try:
                return await self._sqlite.direct_write(lambda db: self._insert_direct(db, action, key, event))
            except (_GeneralPath, sqlite3.IntegrityError):
                pass  # rolled back, nothing written: the general path below handles what the common case does not

        def insert_once(conn: Connection) -> Stored:
            if key is not None:
                earlier = _stored_for_key(conn, key)
                if earlier is not None:
                    return earlier
            occurrence_id = _current_occurrence_id(conn, action)
            # The occurrence row is the per-meeting counter: the UPDATE takes its row lock on PostgreSQL, and SQLite
            # writes run one at a time, so two /action turns never share a No.
            number = conn.execute(_NEXT_NUMBER, {"occurrence_id": occurrence_id}).scalar_one() - 1
            if action.number is not None and _number_free(conn, occurrence_id, action.number):
                number = action.number
                conn.execute(_COUNT_PAST, {"occurrence_id": occurrence_id, "kept": action.number + 1})
            conn.execute(_INSERT_ACTION, _action_row(action, occurrence_id, number))
            conn.execute(_INSERT_EVENT, _event_row(event, action_id=action.id))
            if key is not None:
                conn.execute(
                    _INSERT_PROCESSED,
                    {"key": key, "at": action.created_at, "result": {"action_id": action.id}, "replied_at": None},
                )
            return Stored(_stored_action(action, occurrence_id, number), created=True)

        for attempt in range(_RACE_ATTEMPTS):
            try:
                return await self.database.write(insert_once)
            except IntegrityError:
                # Another replica (or a redelivery racing this one) stored the same key first, or opened the
                # chat's occurrence first; the next attempt finds what it stored.
                if key is not None:
                    existing = await self.database.read(lambda conn: _stored_for_key(conn, key))
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
        if action.occurrence_id is None:
            counted = direct.next_number_in_chat.first(db, {"b_chat_id": action.chat_id})
        else:
            found = direct.next_number.first(db, {"occurrence_id": action.occurrence_id})
            counted = None if found is None else (action.occurrence_id, found[0])
        if counted is None:
            raise _GeneralPath  # rolls back the key too: the general path stores it with the meeting it opens
        occurrence_id, number = str(counted[0]), int(counted[1]) - 1
        direct.insert_action.run(db, _action_row(action, occurrence_id, number))
        direct.insert_event.run(db, _event_row(event, action_id=action.id))
        return Stored(_stored_action(action, occurrence_id, number), created=True)

    async def get_action(self, action_id: str) -> Action | None:
        return await self.database.read(lambda conn: _action_by_id(conn, action_id))

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
        return await self.database.read(lambda conn: [_action(row) for row in conn.execute(query)])

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
            if key is not None and _processed_result(conn, key) is not None:
                current = _action_by_id(conn, action_id)
                assert current is not None
                return current, False
            values = _change_values(changes)
            values["version"] = actions.c.version + 1
            result = conn.execute(
                update(actions).where(actions.c.id == action_id, actions.c.version == expected_version).values(**values)
            )
            if result.rowcount != 1:
                raise Conflict("error.conflict")
            conn.execute(insert(audit_events).values(**_event_row(event, action_id=action_id)))
            # Its deadline, owner or status may have changed: the next sweep plans its chasers again.
            conn.execute(update(chasers).where(chasers.c.action_id == action_id).values(**REPLAN))
            if key is not None:
                conn.execute(insert(processed).values(key=key, at=changes.at, result={"action_id": action_id}))
            stored = _action_by_id(conn, action_id)
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

    async def roles_of(self, chat_id: str, person: Person) -> set[str]:
        if not person.aad_id:
            return set()
        query = select(role_holders.c.role_key).where(
            role_holders.c.chat_id == chat_id, role_holders.c.aad_id == person.aad_id
        )
        return await self.database.read(lambda conn: {row.role_key for row in conn.execute(query)})

    async def role_holders(self, chat_id: str, role_name: str) -> list[Person]:
        query = (
            select(role_holders)
            .where(role_holders.c.chat_id == chat_id, role_holders.c.role_key == role_key(role_name))
            .order_by(role_holders.c.added_at)
        )
        return await self.database.read(
            lambda conn: [Person(name=r.name or "", aad_id=r.aad_id, user_id=r.user_id) for r in conn.execute(query)]
        )

    async def add_role_holder(self, chat_id: str, role_name: str, person: Person, *, event: AuditEvent) -> bool:
        if not person.aad_id:
            raise ValueError("a role holder needs an Entra object id")

        def add(conn: Connection) -> None:
            conn.execute(
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
            conn.execute(insert(audit_events).values(**_event_row(event, action_id=None)))

        try:
            await self.database.write(add)
        except IntegrityError:
            return False
        return True

    # -- audit and idempotency ------------------------------------------------------------------------------

    async def audit_trail(self, action_id: str) -> list[AuditEvent]:
        query = select(audit_events).where(audit_events.c.action_id == action_id).order_by(audit_events.c.id)
        return await self.database.read(lambda conn: [_audit(row) for row in conn.execute(query)])

    async def record_event(self, event: AuditEvent) -> None:
        await self.database.write(
            lambda conn: conn.execute(_INSERT_EVENT, _event_row(event, action_id=event.action_id))
        )

    async def chat_audit_trail(self, chat_id: str) -> list[AuditEvent]:
        query = select(audit_events).where(audit_events.c.chat_id == chat_id).order_by(audit_events.c.id)
        return await self.database.read(lambda conn: [_audit(row) for row in conn.execute(query)])

    async def claim_once(self, key: str, at: datetime) -> bool:
        """True the first time a key is claimed, across restarts and replicas (e.g. one welcome per chat)."""

        def claim(conn: Connection) -> bool:
            if conn.execute(_PROCESSED_BY_KEY, {"key": key}).first() is not None:
                return False
            conn.execute(_INSERT_PROCESSED, {"key": key, "at": at, "result": {}, "replied_at": at})
            return True

        try:
            return await self.database.write(claim)
        except IntegrityError:
            return False

    async def mark_replied(self, key: str, at: datetime) -> None:
        """Returns once committed; marks arriving together share a transaction (bot/store/group_commit.py)."""
        await self._replies_marked.add((key, at))

    async def _mark_replied_many(self, marks: list[tuple[str, datetime]]) -> None:
        rows = [{"b_key": key, "replied": at} for key, at in marks]
        if self._sqlite is not None:
            await self._sqlite.direct_write(lambda db: self._direct().mark_replied.run_many(db, rows))
            return
        await self.database.write(lambda conn: conn.execute(_MARK_REPLIED, rows))

    async def count(self, table: str) -> int:
        query = select(func.count()).select_from(schema.metadata.tables[table])
        return int(await self.database.read(lambda conn: conn.execute(query).scalar_one()))


def _insert_ignoring_race(conn: Connection, table: Any, values: dict[str, Any]) -> None:
    # Two turns from one new chat can both find no row (on PostgreSQL); the loser's insert is a no-op, not an error.
    nested = conn.begin_nested()
    try:
        conn.execute(insert(table).values(**values))
        nested.commit()
    except IntegrityError:
        nested.rollback()


def _processed_result(conn: Connection, key: str) -> dict[str, Any] | None:
    row = conn.execute(_PROCESSED_BY_KEY, {"key": key}).first()
    if row is None:
        return None
    return dict(row.result or {})


def _stored_for_key(conn: Connection, key: str) -> Stored | None:
    row = conn.execute(_PROCESSED_BY_KEY, {"key": key}).first()
    if row is None:
        return None
    action = _action_by_id(conn, str((row.result or {}).get("action_id")))
    return Stored(action, created=False, replied=row.replied_at is not None) if action else None


def _current_occurrence_id(conn: Connection, action: NewAction) -> str:
    if action.occurrence_id is not None:
        return action.occurrence_id
    row = conn.execute(_CURRENT_OCCURRENCE, {"chat_id": action.chat_id}).first()
    if row is not None:
        return str(row.id)
    occurrence_id = _new_id()
    conn.execute(
        insert(occurrences).values(
            id=occurrence_id,
            chat_id=action.chat_id,
            meeting_id=action.meeting_id,
            title=action.meeting_title,
            started_at=action.created_at,
            next_number=1,
        )
    )
    return occurrence_id


def _number_free(conn: Connection, occurrence_id: str, number: int) -> bool:
    return conn.execute(_NUMBER_TAKEN, {"occurrence_id": occurrence_id, "number": number}).first() is None


def _action_by_id(conn: Connection, action_id: str) -> Action | None:
    row = conn.execute(_ACTION_BY_ID, {"action_id": action_id}).first()
    return _action(row) if row else None


def _new_id() -> str:
    return uuid.uuid4().hex


def _action_row(action: NewAction, occurrence_id: str, number: int) -> dict[str, Any]:
    return {
        "id": action.id,
        "tenant_id": action.tenant_id,
        "chat_id": action.chat_id,
        "occurrence_id": occurrence_id,
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
        "closed_at": None,
        "latest_update": None,
        "version": 1,
    }


def _stored_action(action: NewAction, occurrence_id: str, number: int) -> Action:
    """The action as insert_action just wrote it (no read back)."""
    return Action(
        id=action.id,
        tenant_id=action.tenant_id,
        chat_id=action.chat_id,
        occurrence_id=occurrence_id,
        number=number,
        text=action.text,
        owner=action.owner,
        deadline=action.deadline,
        status=ActionStatus.OPEN,
        created_at=action.created_at,
        created_by=action.created_by,
        updated_at=action.created_at,
        version=1,
    )


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
        opened_by=row.opened_by,
        summary_posted_at=row.summary_posted_at,
        review_posted_at=row.review_posted_at,
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
