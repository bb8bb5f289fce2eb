"""The SQL store on real SQLite and real PostgreSQL: schema, numbering under concurrency, idempotency, versions."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.register.errors import Conflict
from bot.register.model import (
    ActionChanges,
    ActionStatus,
    AuditEvent,
    Deadline,
    DeadlineKind,
    NewAction,
    Owner,
    Person,
    Surface,
)
from bot.store.migrate import migrate
from bot.store.schema import metadata
from bot.store.sql import SqlStore
from tests.support.stores import store_with_chat

NOW = datetime(2025, 3, 17, 12, 30, tzinfo=UTC)
ALEX = Person("Alex Jones", aad_id="aad-alex", user_id="29:alex")


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[SqlStore]:
    async with store_with_chat(db_url) as store:
        yield store


def new_action(text: str = "Share the toolkit") -> NewAction:
    return NewAction(
        id=uuid.uuid4().hex,
        tenant_id="t1",
        chat_id="chat-1",
        meeting_id="m1",
        meeting_title="Forum",
        text=text,
        owner=Owner.role("Secretariat"),
        deadline=Deadline(
            "By June 2025",
            DeadlineKind.DATE,
            due=datetime(2025, 6, 29, 23, tzinfo=UTC),
            latest=datetime(2025, 6, 29, 23, tzinfo=UTC),
        ),
        created_at=NOW,
        created_by=ALEX,
    )


def logged(action_id: str) -> AuditEvent:
    return AuditEvent(action_id, "chat-1", NOW, ALEX, "logged", Surface.COMMAND)


async def test_migrations_create_exactly_the_schema_the_code_uses(store: SqlStore) -> None:
    def diff(connection):  # type: ignore[no-untyped-def]
        return compare_metadata(MigrationContext.configure(connection), metadata)

    differences = await store.database.read(diff)
    assert differences == []


async def test_migrating_twice_changes_nothing(store: SqlStore) -> None:
    await migrate(store)
    assert await store.count("actions") == 0


async def test_an_action_round_trips_with_its_deadline_and_times(store: SqlStore) -> None:
    new = new_action()
    stored = await store.insert_action(new, key=None, event=logged(new.id))
    action = stored.action
    assert stored.created
    occurrence = await store.occurrence(action.occurrence_id)
    assert occurrence is not None and (occurrence.meeting_id, occurrence.title) == ("m1", "Forum")
    assert (action.number, action.text, action.status) == (1, "Share the toolkit", ActionStatus.OPEN)
    assert action.owner == Owner.role("Secretariat")
    assert action.deadline == new.deadline
    assert action.created_at == NOW and action.created_at.tzinfo is not None
    assert (await store.audit_trail(new.id))[0].kind == "logged"


async def test_concurrent_logging_numbers_each_action_once(store: SqlStore) -> None:
    actions = [new_action(f"action {i}") for i in range(30)]
    results = await asyncio.gather(
        *(store.insert_action(a, key=f"k{i}", event=logged(a.id)) for i, a in enumerate(actions))
    )
    assert sorted(r.action.number for r in results) == list(range(1, 31))
    assert len({r.action.occurrence_id for r in results}) == 1


async def test_numbers_from_minutes_are_kept_and_later_actions_number_past_them(store: SqlStore) -> None:
    past = await store.past_occurrence("chat-1", title="March", started_at=NOW, ended_at=NOW, key="minutes:march")
    numbers = []
    for given in (1, 2, 4, None, 2):  # a gap, a row without a No., and a No. the minutes used twice
        action = replace(new_action(), occurrence_id=past.id, number=given)
        numbers.append((await store.insert_action(action, key=None, event=logged(action.id))).action.number)
    assert numbers == [1, 2, 4, 5, 6]
    assert sorted(a.number for a in await store.occurrence_actions(past.id)) == [1, 2, 4, 5, 6]


async def test_the_same_key_stores_one_action_even_when_raced(store: SqlStore) -> None:
    attempts = [new_action() for _ in range(8)]
    results = await asyncio.gather(*(store.insert_action(a, key="activity:x", event=logged(a.id)) for a in attempts))
    assert sum(r.created for r in results) == 1
    assert len({r.action.id for r in results}) == 1
    assert await store.count("actions") == 1
    assert await store.count("audit_events") == 1


async def test_occurrence_is_reused_until_it_ends(store: SqlStore) -> None:
    first = await store.open_occurrence("chat-1", meeting_id="m1", title="Forum", now=NOW)
    again = await store.open_occurrence("chat-1", meeting_id="m1", title="Forum", now=NOW + timedelta(minutes=5))
    assert again.id == first.id


async def test_changes_are_versioned_and_a_stale_change_is_refused(store: SqlStore) -> None:
    new = new_action()
    action = (await store.insert_action(new, key=None, event=logged(new.id))).action
    done = ActionChanges(at=NOW, status=ActionStatus.DONE)
    event = AuditEvent(action.id, "chat-1", NOW, ALEX, "completed", Surface.CARD)
    changed, applied = await store.apply_change(action.id, expected_version=1, changes=done, event=event, key=None)
    assert applied and changed.status is ActionStatus.DONE and changed.version == 2 and changed.closed_at == NOW
    with pytest.raises(Conflict):
        await store.apply_change(action.id, expected_version=1, changes=done, event=event, key=None)
    assert [e.kind for e in await store.audit_trail(action.id)] == ["logged", "completed"]


async def test_a_change_with_a_seen_key_changes_nothing(store: SqlStore) -> None:
    new = new_action()
    action = (await store.insert_action(new, key=None, event=logged(new.id))).action
    edit = ActionChanges(at=NOW, text="Share the toolkit today")
    event = AuditEvent(action.id, "chat-1", NOW, ALEX, "edited", Surface.CARD)
    _, first = await store.apply_change(action.id, expected_version=1, changes=edit, event=event, key="card:1")
    again, second = await store.apply_change(action.id, expected_version=2, changes=edit, event=event, key="card:1")
    assert (first, second) == (True, False)
    assert again.version == 2


async def test_role_holders_match_whatever_the_case(store: SqlStore) -> None:
    event = AuditEvent(None, "chat-1", NOW, ALEX, "role_added", Surface.COMMAND)
    assert await store.add_role_holder("chat-1", "Secretariat", ALEX, event=event)
    assert not await store.add_role_holder("chat-1", "secretariat ", ALEX, event=event)
    assert await store.roles_of("chat-1", ALEX) == {"secretariat"}
    assert [p.name for p in await store.role_holders("chat-1", "SECRETARIAT")] == ["Alex Jones"]


async def test_references_are_upserted_with_their_tenant(store: SqlStore) -> None:
    await store.save_person(
        tenant_id="t1",
        aad_id="aad-alex",
        user_id="29:alex",
        name="Alex",
        locale="en-GB",
        service_url="http://x/",
        personal_chat_id=None,
        reference=None,
        now=NOW,
    )
    await store.save_person(
        tenant_id="t1",
        aad_id="aad-alex",
        user_id=None,
        name=None,
        locale=None,
        service_url=None,
        personal_chat_id="a:1",
        reference={"conversation": {"id": "a:1", "tenantId": "t1"}},
        now=NOW + timedelta(days=1),
    )
    person = await store.get_person("t1", "aad-alex")
    assert person is not None
    assert (person["name"], person["personal_chat_id"], person["reference"]["conversation"]["tenantId"]) == (
        "Alex",
        "a:1",
        "t1",
    )


async def test_a_repeated_key_reports_whether_its_reply_was_sent(store: SqlStore) -> None:
    first = new_action()
    await store.insert_action(first, key="activity:y", event=logged(first.id))
    again = await store.insert_action(new_action(), key="activity:y", event=logged("other"))
    assert (again.created, again.replied, again.action.id) == (False, False, first.id)
    await store.mark_replied("activity:y", NOW)
    replied = await store.insert_action(new_action(), key="activity:y", event=logged("other"))
    assert (replied.created, replied.replied) == (False, True)
