"""The reads behind a big register's summary and /chasers find their rows by index, never by reading every action
or chaser in the database (SQLite's query plans; its planner picks indexes by rule, so a small database shows it)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, event, update

from bot.store.chase_plan import ChasePlanStore
from bot.store.chasers import ChaserStore
from bot.store.database import SqliteDatabase
from bot.store.migrate import downgrade, migrate
from bot.store.schema import chasers as chaser_rows
from bot.store.sql import SqlStore
from tests.store.test_store import NOW, logged, new_action
from tests.support.stores import store_with_chat


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqlStore]:
    async with store_with_chat(f"sqlite:///{tmp_path / 'chaser.db'}") as store:
        yield store


async def plans(store: SqlStore, read: Callable[[], Awaitable[object]]) -> list[str]:
    """SQLite's plan for each statement `read` runs."""
    database = store.database
    assert isinstance(database, SqliteDatabase)
    seen: list[tuple[str, Any]] = []

    def note(_conn: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        seen.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        await read()
    finally:
        event.remove(database.engine, "before_cursor_execute", note)
    found = []
    for statement, parameters in seen:
        if not statement.lstrip().upper().startswith("SELECT"):
            continue
        rows = await database.read(
            lambda conn, sql=statement, given=parameters: conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", given).all()
        )
        found.append(" | ".join(str(row[3]) for row in rows))
    assert found, "no SELECT ran"
    return found


async def test_a_meetings_first_actions_and_their_count_are_read_by_index(store: SqlStore) -> None:
    action = new_action()
    stored = await store.insert_action(action, key=None, event=logged(action.id))
    occurrence = stored.action.occurrence_id
    for found in [
        *await plans(store, lambda: store.occurrence_actions(occurrence, limit=401)),
        *await plans(store, lambda: store.count_occurrence_actions(occurrence)),
    ]:
        assert "ix_actions_occurrence_number" in found and "SCAN actions" not in found, found


async def test_a_chats_first_planned_chasers_are_read_by_index(store: SqlStore) -> None:
    chase_plans = ChasePlanStore(store)
    until = NOW + timedelta(days=14)
    for found in [
        *await plans(store, lambda: chase_plans.first_planned("chat-1", until=until, limit=60)),
        *await plans(store, lambda: chase_plans.planned_count("chat-1", until=until)),
    ]:
        assert "ix_chasers_chat_due" in found and "SCAN chasers" not in found, found


async def test_the_sweepers_look_for_work_reads_only_the_rows_to_plan(store: SqlStore) -> None:
    action = new_action()
    await store.insert_action(action, key=None, event=logged(action.id))
    chasers = ChaserStore(store)
    assert [a.id for a in await chasers.unplanned()] == [action.id]  # logged: its row waits to be planned
    [found] = await plans(store, lambda: chasers.unplanned(limit=400))
    # Scanning the partial index is reading the rows to plan, and nothing else.
    assert "SCAN chasers USING INDEX ix_chasers_to_plan" in found and "SCAN actions" not in found, found


async def test_open_actions_never_planned_get_their_row_on_upgrade(db_url: str) -> None:
    async with store_with_chat(db_url) as store:
        await downgrade(store, "0008")
        first, second = new_action("Share the toolkit"), new_action("Book the venue")
        for action in (first, second):
            await store.insert_action(action, key=None, event=logged(action.id))
        # As the release before left them: no chaser row until a sweep planned one; the second was planned.
        await store.database.write(
            lambda conn: conn.execute(delete(chaser_rows).where(chaser_rows.c.action_id == first.id))
        )
        await store.database.write(
            lambda conn: conn.execute(
                update(chaser_rows).where(chaser_rows.c.action_id == second.id).values(kind="before", stage="before")
            )
        )
        await migrate(store)
        assert [a.id for a in await ChaserStore(store).unplanned()] == [first.id]
