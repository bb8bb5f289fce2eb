"""SQLite's direct path (bot/store/direct.py): statements SQLAlchemy compiled, run on the sqlite3 connection.

What it writes must be byte for byte what SQLAlchemy writes, what it reads must come back as SQLAlchemy gives it, it
must refuse a statement it would run wrongly, and the store must use it for the common /action turn only, leaving
redeliveries, a chat's first action and constraint failures to the general code.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import bindparam, create_engine, event, insert, select, update
from sqlalchemy.engine import Engine

from bot.register.model import AuditEvent, Deadline, DeadlineKind, NewAction, Owner, Person, Surface
from bot.store.direct import DirectStatement
from bot.store.schema import actions, audit_events, chats, metadata, occurrences
from bot.store.sql import SqlStore
from tests.support.stores import store_with_chat

NOW = datetime(2025, 3, 17, 12, 30, tzinfo=UTC)
ALEX = Person("Alex Jones", aad_id="aad-alex", user_id="29:alex")
# Not UTC, whole seconds (SQLAlchemy still writes the microseconds), and a Welsh name in the JSON.
ODD_TIME = datetime(2025, 6, 1, 9, 0, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def engine(tmp_path: Any) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'direct.db'}")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(chats).values(
                id="c",
                tenant_id="t",
                kind="meeting",
                service_url="http://x/",
                reference={},
                settings={},
                created_at=NOW,
                updated_at=NOW,
            )
        )
        conn.execute(insert(occurrences).values(id="o", chat_id="c", started_at=NOW))
    yield engine
    engine.dispose()


def raw_rows(engine: Engine, table: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        db = conn.connection.driver_connection
        assert isinstance(db, sqlite3.Connection)
        return list(db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall())


def action_row(action_id: str, number: int) -> dict[str, Any]:
    return {
        "id": action_id, "tenant_id": "t", "chat_id": "c", "occurrence_id": "o", "number": number,
        "text": "Rhannu'r pecyn *cymorth*", "owner_kind": "role", "owner_name": "Secretariat", "owner_aad_id": None,
        "owner_user_id": None, "owner_email": None, "deadline_text": "By June 2025", "deadline_kind": "date",
        "deadline_due": ODD_TIME, "deadline_latest": None, "status": "open", "created_at": NOW,
        "created_by_name": "Alex", "created_by_aad_id": "a", "created_by_user_id": None, "created_by_email": None,
        "updated_at": ODD_TIME, "closed_at": None, "latest_update": None, "version": 1, "former_number": None,
        "imported_at": None, "reviewed_at": None,
    }  # fmt: skip


def test_rows_written_directly_are_the_rows_sqlalchemy_writes(engine: Engine) -> None:
    statement = DirectStatement(insert(actions), engine.dialect, given=[c.key for c in actions.c])
    with engine.begin() as conn:
        conn.execute(insert(actions), action_row("by-sqlalchemy", 1))
        db = conn.connection.driver_connection
        statement.run(db, action_row("direct", 2))  # type: ignore[arg-type]
    by_sqlalchemy, direct = raw_rows(engine, "actions")
    number = [c.key for c in actions.c].index("number")
    assert (by_sqlalchemy[0], by_sqlalchemy[number], direct[0], direct[number]) == ("by-sqlalchemy", 1, "direct", 2)
    assert by_sqlalchemy[1:number] + by_sqlalchemy[number + 1 :] == direct[1:number] + direct[number + 1 :]
    assert "2025-06-01 08:00:00.000000" in direct  # UTC, with the microseconds SQLAlchemy always writes


def test_json_is_written_and_read_as_sqlalchemy_does(engine: Engine) -> None:
    given = [c.key for c in audit_events.c if c.key != "id"]
    write = DirectStatement(insert(audit_events), engine.dialect, given=given)
    detail = {"text": "Cyngor Hil Cymru — “quoted”", "n": [1, 2]}
    row = {
        "action_id": None, "chat_id": "c", "at": ODD_TIME, "actor_name": "Alex", "actor_aad_id": None,
        "actor_user_id": None, "actor_email": None, "kind": "logged", "surface": "command", "detail": detail,
    }  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(audit_events), row)
        write.run(conn.connection.driver_connection, row)  # type: ignore[arg-type]
    by_sqlalchemy, direct = raw_rows(engine, "audit_events")
    assert by_sqlalchemy[1:] == direct[1:]

    read = DirectStatement(
        select(audit_events.c.detail, audit_events.c.at).where(audit_events.c.id == bindparam("n")),
        engine.dialect,
        given=["n"],
    )
    with engine.connect() as conn:
        expected = conn.execute(select(audit_events.c.detail, audit_events.c.at).where(audit_events.c.id == 2)).one()
        got = read.first(conn.connection.driver_connection, {"n": 2})  # type: ignore[arg-type]
        missing = read.first(conn.connection.driver_connection, {"n": 99})  # type: ignore[arg-type]
    assert got == tuple(expected) == (detail, ODD_TIME.astimezone(UTC))
    assert missing is None


def test_values_fixed_in_the_statement_are_sent_and_returning_rows_are_read(engine: Engine) -> None:
    count = DirectStatement(
        update(chats)
        .where(chats.c.id == bindparam("b_id"))
        .values(next_number=chats.c.next_number + 5)
        .returning(chats.c.next_number),
        engine.dialect,
        given=["b_id"],
    )
    with engine.begin() as conn:
        assert count.first(conn.connection.driver_connection, {"b_id": "c"}) == (6,)  # type: ignore[arg-type]


def test_a_column_sqlalchemy_would_default_at_execution_is_refused_when_left_out(engine: Engine) -> None:
    # audit_events.detail defaults to {} in Python: run directly without it, it would be stored as NULL.
    given = [c.key for c in audit_events.c if c.key not in ("id", "detail")]
    with pytest.raises(ValueError, match="detail"):
        DirectStatement(insert(audit_events), engine.dialect, given=given)


def test_a_missing_or_unexpected_value_is_refused(engine: Engine) -> None:
    statement = DirectStatement(insert(actions), engine.dialect, given=[c.key for c in actions.c])
    row = action_row("x", 1)
    with pytest.raises(KeyError):
        statement.parameters({**{k: v for k, v in row.items() if k != "text"}, "txet": "typo"})
    with pytest.raises(ValueError, match="given"):
        statement.parameters({**row, "colour": "blue"})  # would be dropped silently, not stored


# -- the store's use of it ---------------------------------------------------------------------------------------


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[SqlStore]:
    async with store_with_chat(sqlite_url) as store:
        yield store


def new_action(*, chat_id: str = "chat-1", occurrence_id: str | None = None) -> NewAction:
    return NewAction(
        id=uuid.uuid4().hex,
        tenant_id="t1",
        chat_id=chat_id,
        text="Share the toolkit",
        owner=Owner.role("Secretariat"),
        deadline=Deadline("By June 2025", DeadlineKind.DATE, due=ODD_TIME, latest=ODD_TIME),
        created_at=NOW,
        created_by=ALEX,
        occurrence_id=occurrence_id,
    )


def logged(action: NewAction) -> AuditEvent:
    return AuditEvent(action.id, action.chat_id, NOW, ALEX, "logged", Surface.COMMAND, {"text": action.text})


class StatementsThroughSqlAlchemy:
    """Counts the statements that went through SQLAlchemy's execution (the direct path sends none)."""

    def __init__(self, store: SqlStore) -> None:
        self.count = 0
        engine = store.database.engine  # type: ignore[attr-defined]
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


async def test_a_turn_in_a_chat_with_a_meeting_takes_the_direct_path(store: SqlStore) -> None:
    first = new_action()
    await store.insert_action(first, key="activity:1", event=logged(first))  # opens the chat's meeting
    through_sqlalchemy = StatementsThroughSqlAlchemy(store)
    second = new_action()
    stored = await store.insert_action(second, key="activity:2", event=logged(second))
    await store.mark_replied("activity:2", NOW)
    settings = await store.chat_settings("chat-1")
    assert through_sqlalchemy.count == 0
    assert stored.created and stored.action.number == 2
    assert settings == {}
    got = await store.get_action(second.id)
    assert got == stored.action  # what the direct path returns is what the general path reads back
    assert [event.kind for event in await store.audit_trail(second.id)] == ["logged"]


async def test_a_redelivered_turn_finds_its_action_and_writes_nothing(store: SqlStore) -> None:
    first = new_action()
    await store.insert_action(first, key="activity:1", event=logged(first))
    again = new_action()  # Teams' redelivery: the same activity, parsed again, so a fresh id
    stored = await store.insert_action(again, key="activity:1", event=logged(again))
    assert not stored.created and stored.action.id == first.id
    assert await store.count("actions") == 1 and await store.count("audit_events") == 1
    third = new_action()
    assert (await store.insert_action(third, key="activity:3", event=logged(third))).action.number == 2


async def test_a_chats_first_action_opens_its_meeting_through_the_general_path(store: SqlStore) -> None:
    through_sqlalchemy = StatementsThroughSqlAlchemy(store)
    action = new_action()
    stored = await store.insert_action(action, key="activity:1", event=logged(action))
    assert through_sqlalchemy.count > 0
    assert stored.created and stored.action.number == 1
    assert await store.count("processed") == 1  # the direct attempt's key was rolled back, not stored twice


async def test_a_constraint_failure_is_rolled_back_and_reported_as_before(store: SqlStore) -> None:
    first = new_action()
    occurrence = (await store.insert_action(first, key=None, event=logged(first))).action.occurrence_id
    orphan = new_action(chat_id="no-such-chat", occurrence_id=occurrence)  # the foreign key fails
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await store.insert_action(orphan, key="activity:orphan", event=logged(orphan))
    assert await store.count("actions") == 1 and await store.count("processed") == 0
    later = new_action()
    assert (await store.insert_action(later, key=None, event=logged(later))).action.number == 2


async def test_an_imported_action_numbers_in_its_given_meeting(store: SqlStore) -> None:
    past = await store.past_occurrence("chat-1", title="March", started_at=NOW, ended_at=NOW, key="minutes:march")
    numbers = []
    for _ in range(3):
        action = new_action(occurrence_id=past.id)
        numbers.append((await store.insert_action(action, key=None, event=logged(action))).action.number)
    assert numbers == [1, 2, 3]
    unknown = new_action(occurrence_id="no-such-meeting")
    with pytest.raises(Exception):  # noqa: B017 - the general path's error, as before the direct path existed
        await store.insert_action(unknown, key=None, event=logged(unknown))
    assert await store.count("actions") == 3


async def test_a_failure_inside_a_direct_transaction_leaves_nothing_and_the_next_one_works(store: SqlStore) -> None:
    database = store.database

    def half_then_fail(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO processed (key, at) VALUES ('half', '2025-03-17 12:30:00.000000')")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await database.direct_write(half_then_fail)  # type: ignore[attr-defined]
    assert await store.count("processed") == 0
    assert not await database.direct_read(lambda db: db.in_transaction)  # type: ignore[attr-defined]
    assert await store.claim_once("welcome:chat-1", NOW)  # and SQLAlchemy's own transactions still work


def test_a_given_name_the_statement_does_not_take_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="no parameter"):
        DirectStatement(
            select(chats.c.settings).where(chats.c.id == bindparam("chat_id")),
            engine.dialect,
            given=["chat_id", "chatid"],
        )
