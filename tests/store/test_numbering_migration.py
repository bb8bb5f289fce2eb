"""Migration 0005 on a database the previous release made (schema 0004), whose numbers restarted at every meeting."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.register.model import AuditEvent, Deadline, NewAction, Person, Surface
from bot.store.migrate import downgrade, migrate
from bot.store.sql import SqlStore
from tests.support.stores import JUNE, previous_release_database

ALEX = Person("Alex Jones", aad_id="aad-alex")


@pytest.fixture
async def migrated(db_url: str) -> AsyncIterator[SqlStore]:
    store = await previous_release_database(db_url)
    await migrate(store)
    try:
        yield store
    finally:
        await store.close()


async def _numbers(store: SqlStore) -> dict[str, tuple[int, int | None]]:
    def read(conn: sa.Connection) -> dict[str, tuple[int, int | None]]:
        rows = conn.execute(sa.text("SELECT id, number, former_number FROM actions"))
        return {row.id: (row.number, row.former_number) for row in rows}

    return await store.database.read(read)


async def test_the_earliest_meeting_keeps_its_numbers_and_later_duplicates_move_past_the_highest(
    migrated: SqlStore,
) -> None:
    assert await _numbers(migrated) == {
        "march-1": (1, None), "march-2": (2, None), "march-3": (3, None),
        # April's 2 was taken by March: past the chat's highest (5), in meeting order; its 5 was free.
        "april-2": (6, 2), "april-5": (5, None),
        "june-1": (7, 1), "june-2": (8, 2),
        # A chat without duplicates is left as it was.
        "c2-march-1": (1, None), "c2-june-2": (2, None),
    }  # fmt: skip
    assert await migrated.count("chasers") == 9


async def test_each_move_is_in_the_audit_trail_with_the_old_number(migrated: SqlStore) -> None:
    trail = await migrated.chat_audit_trail("chat-1")
    moves = {e.action_id: e for e in trail if e.kind == "renumbered"}
    assert set(moves) == {"april-2", "june-1", "june-2"}
    june = moves["june-1"]
    assert (june.detail["from"], june.detail["to"], june.detail["meeting"]) == (1, 7, "June")
    assert june.surface is Surface.MIGRATION and june.actor.name == "Chaser"
    assert await migrated.chat_audit_trail("chat-2") == []


async def test_the_next_action_continues_the_chats_numbering(migrated: SqlStore) -> None:
    numbers = []
    for chat in ("chat-1", "chat-2"):
        new = NewAction(
            id=uuid.uuid4().hex,
            tenant_id="t1",
            chat_id=chat,
            text="Circulate the minutes",
            owner=None,
            deadline=Deadline.none(),
            created_at=JUNE,
            created_by=ALEX,
        )
        stored = await migrated.insert_action(
            new, key=None, event=AuditEvent(new.id, chat, JUNE, ALEX, "logged", Surface.COMMAND)
        )
        numbers.append(stored.action.number)
    assert numbers == [9, 3]
    assert [a.number for a in await migrated.find_actions("chat-1", number=7)] == [7]


async def test_a_number_cannot_be_used_twice_in_a_chat_and_only_one_sitting_is_open(migrated: SqlStore) -> None:
    def duplicate(conn: sa.Connection) -> None:
        conn.execute(
            sa.text(
                "INSERT INTO actions (id, tenant_id, chat_id, occurrence_id, number, text, deadline_text,"
                " deadline_kind, status, created_at, created_by_name, updated_at, version)"
                " VALUES ('dup', 't1', 'chat-1', 'march', 7, 'x', '', 'unknown', 'open', :at, 'Alex', :at, 1)"
            ),
            {"at": JUNE.replace(tzinfo=None)},
        )

    with pytest.raises(IntegrityError):
        await migrated.database.write(duplicate)

    def open_two(conn: sa.Connection) -> None:
        for name in ("open-1", "open-2"):
            conn.execute(
                sa.text("INSERT INTO occurrences (id, chat_id, started_at) VALUES (:id, 'chat-1', :at)"),
                {"id": name, "at": JUNE.replace(tzinfo=None)},
            )

    # The partial index survived the table's rebuild: closed sittings are many, an open one is one.
    with pytest.raises(IntegrityError):
        await migrated.database.write(open_two)


async def test_downgrade_and_upgrade_again(migrated: SqlStore) -> None:
    await downgrade(migrated, "0004")
    await migrate(migrated)
    assert (await _numbers(migrated))["june-2"] == (8, None)
