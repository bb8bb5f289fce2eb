"""People by email in the store, on SQLite and PostgreSQL: owners, role holders and actors keep their address; a
person known by address and later seen in Teams is one person; rows written before addresses survive the upgrade."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.register.model import AuditEvent, Deadline, NewAction, Owner, Person, Surface
from bot.store.migrate import migrate
from bot.store.sql import SqlStore
from tests.support.stores import store_with_chat

NOW = datetime(2025, 3, 17, 12, 30, tzinfo=UTC)
ALEX = Person("Alex Jones", aad_id="aad-alex", user_id="29:alex")
JO = Person("Jo Bloggs", email="jo@example.org")


async def seen_in_teams(store: SqlStore, aad_id: str, *, at: datetime = NOW, **given: str | None) -> None:
    """A Teams user as a turn describes them (only what is given is set)."""
    fields: dict[str, str | None] = {"user_id": None, "name": None, "locale": None, "personal_chat_id": None}
    fields.update(given)
    await store.save_person(
        tenant_id="t1",
        aad_id=aad_id,
        service_url=None,
        reference=None,
        now=at,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[SqlStore]:
    async with store_with_chat(db_url) as store:
        yield store


async def test_an_owner_known_by_address_round_trips(store: SqlStore) -> None:
    new = NewAction(
        id=uuid.uuid4().hex,
        tenant_id="t1",
        chat_id="chat-1",
        text="Share the toolkit",
        owner=Owner.by_email("jo@example.org", name="Jo Bloggs"),
        deadline=Deadline.none(),
        created_at=NOW,
        created_by=Person("Sam", email="sam@example.org"),
        meeting_id="m1",
    )
    await store.insert_action(new, key=None, event=AuditEvent(new.id, "chat-1", NOW, JO, "logged", Surface.COMMAND))
    action = await store.get_action(new.id)
    assert action is not None and action.owner is not None
    assert (action.owner.name, action.owner.email, action.owner.aad_id) == ("Jo Bloggs", "jo@example.org", None)
    assert action.created_by.email == "sam@example.org"
    [event] = await store.audit_trail(new.id)
    assert event.actor.email == "jo@example.org"


async def test_a_role_can_be_held_by_an_address_and_by_a_teams_user(store: SqlStore) -> None:
    def added(person: Person, minutes: int = 0) -> AuditEvent:
        at = NOW + timedelta(minutes=minutes)
        return AuditEvent(None, "chat-1", at, ALEX, "role_added", Surface.COMMAND, {"person": person.name})

    assert await store.add_role_holder("chat-1", "Regional Convenor", JO, event=added(JO))
    assert await store.add_role_holder("chat-1", "Regional Convenor", ALEX, event=added(ALEX, 1))
    # The same address in other case is the same holder.
    again = Person("Jo", email="JO@example.org")
    assert not await store.add_role_holder("chat-1", "regional convenor", again, event=added(again))
    holders = await store.role_holders("chat-1", "Regional Convenor")
    assert [(p.name, p.aad_id, p.email) for p in holders] == [
        ("Jo Bloggs", None, "jo@example.org"),
        ("Alex Jones", "aad-alex", None),
    ]
    assert await store.roles_of("chat-1", Person("x", email="Jo@Example.org")) == {"regional convenor"}
    # Jo in Teams, with the address Teams knows for her: the same holder.
    assert await store.roles_of("chat-1", Person("Jo", aad_id="aad-jo", email="jo@example.org")) == {
        "regional convenor"
    }
    assert await store.roles_of("chat-1", Person("Nobody")) == set()
    with pytest.raises(ValueError, match="email address"):
        await store.add_role_holder("chat-1", "Secretariat", Person("No ids"), event=added(ALEX))


async def test_a_person_known_by_address_then_seen_in_teams_is_one_person(store: SqlStore) -> None:
    await store.update_person("t1", JO, {"language": "cy", "links_valid_from": NOW}, now=NOW)
    row = await store.find_person("t1", Person("", email="JO@example.org"))
    assert row is not None and (row["person_key"], row["language"]) == ("mailto:jo@example.org", "cy")

    await seen_in_teams(store, "aad-jo", user_id="29:jo", name="Jo Bloggs", locale="en-GB", email="Jo@Example.org")
    assert await store.count("people") == 1
    teams_row = await store.get_person("t1", "aad-jo")
    assert teams_row is not None
    assert (teams_row["person_key"], teams_row["email"], teams_row["language"]) == ("aad-jo", "jo@example.org", "cy")
    assert await store.find_person("t1", JO) == teams_row


async def test_an_address_row_merges_into_an_existing_teams_row(store: SqlStore) -> None:
    later = NOW + timedelta(days=1)
    await seen_in_teams(store, "aad-jo", user_id="29:jo", name="Jo", personal_chat_id="a:1")
    await store.update_person("t1", JO, {"language": "en", "links_valid_from": later}, now=NOW)
    assert await store.count("people") == 2
    await seen_in_teams(store, "aad-jo", at=later, email="jo@example.org")
    assert await store.count("people") == 1
    row = await store.get_person("t1", "aad-jo")
    assert row is not None
    assert (row["language"], row["links_valid_from"], row["personal_chat_id"]) == ("en", later, "a:1")


async def test_an_address_belonging_to_another_teams_user_is_not_taken_over(store: SqlStore) -> None:
    await seen_in_teams(store, "aad-old", name="Old", email="desk@example.org")
    await seen_in_teams(store, "aad-new", name="New")
    # The mailbox was given to someone else: a lookup by Teams id never finds the other person's row.
    found = await store.find_person("t1", Person("", aad_id="aad-new", email="desk@example.org"))
    assert found is not None and found["person_key"] == "aad-new"
    await seen_in_teams(store, "aad-new", email="desk@example.org")
    old, new = await store.get_person("t1", "aad-old"), await store.get_person("t1", "aad-new")
    assert old is not None and new is not None
    assert (old["email"], new["email"]) == (None, "desk@example.org")


async def test_rows_written_before_addresses_survive_the_upgrade(db_url: str) -> None:
    store = SqlStore.connect(db_url)
    try:
        await migrate(store, "0003")

        def old_rows(conn):  # type: ignore[no-untyped-def]
            conn.execute(
                text(
                    "INSERT INTO chats (id, tenant_id, kind, service_url, reference, settings, created_at, updated_at)"
                    " VALUES ('c', 't', 'meeting', 'http://x/', '{}', '{}', :now, :now)"
                ),
                {"now": NOW.replace(tzinfo=None)},
            )
            conn.execute(
                text(
                    "INSERT INTO people (tenant_id, aad_id, user_id, name, language, created_at, updated_at)"
                    " VALUES ('t', 'aad-alex', '29:alex', 'Alex', 'cy', :now, :now)"
                ),
                {"now": NOW.replace(tzinfo=None)},
            )
            conn.execute(
                text(
                    "INSERT INTO role_holders (chat_id, role_key, aad_id, role_name, name, added_at)"
                    " VALUES ('c', 'secretariat', 'aad-alex', 'Secretariat', 'Alex', :now)"
                ),
                {"now": NOW.replace(tzinfo=None)},
            )

        await store.database.write(old_rows)
        await migrate(store)
        row = await store.get_person("t", "aad-alex")
        assert row is not None and (row["person_key"], row["language"], row["email"]) == ("aad-alex", "cy", None)
        assert await store.roles_of("c", Person("Alex", aad_id="aad-alex")) == {"secretariat"}
        await migrate(store, "0003")  # and back down: Teams people and holders are kept
        await migrate(store)
        assert await store.roles_of("c", Person("Alex", aad_id="aad-alex")) == {"secretariat"}
    finally:
        await store.close()
