"""The reads behind a big register's summary and /chasers find their rows by index, never by reading every action
or chaser in the database (SQLite's query plans; its planner picks indexes by rule, so a small database shows it)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from bot.store.chase_plan import ChasePlanStore
from bot.store.database import SqliteDatabase
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
