"""Roles held once per tenant, with per-chat additions; who may name holders. On the real store (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.register.commands import ActionDraft
from bot.register.errors import NotAllowed
from bot.register.model import Deadline, Owner, Person, Surface
from bot.register.ports import FixedClock
from bot.register.service import ActionRegister, ChatContext
from bot.store.migrate import migrate
from bot.store.sql import SqlStore

MARCH = ChatContext(chat_id="19:march@thread.v2", tenant_id="t1", meeting_id="m1", title="Wales Race Forum")
WORKING_GROUP = ChatContext(chat_id="19:group@thread.v2", tenant_id="t1")
ELSEWHERE = ChatContext(chat_id="19:elsewhere@thread.v2", tenant_id="t2")
ALEX = Person("Alex Jones", aad_id="aad-alex", user_id="29:alex")
BETH = Person("Beth Evans", aad_id="aad-beth", user_id="29:beth")
CARYS = Person("Carys Owen", aad_id="aad-carys", user_id="29:carys")
GWEN = Person("Gwen Price", aad_id="aad-gwen", user_id="29:gwen")


@pytest.fixture
async def register(db_url: str, clock: FixedClock) -> AsyncIterator[ActionRegister]:
    store = SqlStore.connect(db_url)
    await migrate(store)
    for chat in (MARCH, WORKING_GROUP, ELSEWHERE):
        await store.save_chat(
            chat_id=chat.chat_id,
            tenant_id=chat.tenant_id,
            kind="meeting",
            title=None,
            service_url="http://x/",
            reference={},
            now=clock.now(),
        )
    yield ActionRegister(store, clock)
    await store.close()


async def log_for(register: ActionRegister, chat: ChatContext, by: Person, role: str) -> None:
    draft = ActionDraft(text="Share the toolkit", owner=Owner.role(role), deadline=Deadline.none())
    await register.log(chat, by, draft, surface=Surface.COMMAND, key=None)


async def test_a_role_is_held_once_for_every_chat_of_the_tenant(register: ActionRegister) -> None:
    await log_for(register, MARCH, ALEX, "Secretariat")
    await register.roles.add(MARCH.chat_id, "Secretariat", [BETH], ALEX, surface=Surface.COMMAND)
    # The working group's chat has never had /role: Beth is its Secretariat too; another tenant's is not.
    [holder] = await register.roles.holding(WORKING_GROUP.chat_id, "secretariat")
    assert (holder.person.name, holder.every_chat, holder.added_by) == ("Beth Evans", True, "Alex Jones")
    assert await register.roles.holding(ELSEWHERE.chat_id, "Secretariat") == []
    assert await register.store.roles_of(WORKING_GROUP.chat_id, BETH) == {"secretariat"}


async def test_a_holder_added_in_one_chat_holds_it_there_only(register: ActionRegister) -> None:
    await log_for(register, MARCH, ALEX, "Secretariat")
    await register.roles.add(MARCH.chat_id, "Secretariat", [BETH], ALEX, surface=Surface.COMMAND)
    # Beth (the Secretariat) adds Carys to the working group only.
    await register.roles.add(
        WORKING_GROUP.chat_id, "Secretariat", [CARYS], BETH, surface=Surface.COMMAND, every_chat=False
    )
    here = await register.roles.holding(WORKING_GROUP.chat_id, "Secretariat")
    assert [(h.person.name, h.every_chat) for h in here] == [("Beth Evans", True), ("Carys Owen", False)]
    assert [h.person.name for h in await register.roles.holding(MARCH.chat_id, "Secretariat")] == ["Beth Evans"]
    # Named for every chat later, Carys is the tenant's holder (shown once).
    added = await register.roles.add(MARCH.chat_id, "Secretariat", [CARYS], BETH, surface=Surface.COMMAND)
    assert [p.name for p in added] == ["Carys Owen"]
    here = await register.roles.holding(WORKING_GROUP.chat_id, "Secretariat")
    assert [(h.person.name, h.every_chat) for h in here] == [("Beth Evans", True), ("Carys Owen", True)]


async def test_a_guest_never_names_a_holder_and_the_refusal_is_audited(register: ActionRegister) -> None:
    await log_for(register, MARCH, GWEN, "Secretariat")  # even one who logged an action for it
    with pytest.raises(NotAllowed) as refused:
        await register.roles.add(MARCH.chat_id, "Secretariat", [GWEN], GWEN, surface=Surface.COMMAND, guest=True)
    assert refused.value.key == "error.role.guest"
    assert await register.roles.holding(MARCH.chat_id, "Secretariat") == []
    [event] = [e for e in await register.store.chat_audit_trail(MARCH.chat_id) if e.kind == "refused"]
    assert event.actor.name == "Gwen Price" and event.detail["reason"] == "error.role.guest"
    assert event.detail["role"] == "Secretariat" and event.detail["people"] == ["Gwen Price"]


async def test_anyone_in_the_chat_does_not_name_a_first_holder(register: ActionRegister) -> None:
    with pytest.raises(NotAllowed) as refused:
        await register.roles.add(MARCH.chat_id, "Secretariat", [CARYS], CARYS, surface=Surface.COMMAND)
    assert refused.value.key == "error.role.first_holder"
    # Logging an action for another role does not count.
    await log_for(register, MARCH, CARYS, "Welsh Government Officials")
    with pytest.raises(NotAllowed):
        await register.roles.add(MARCH.chat_id, "Secretariat", [CARYS], CARYS, surface=Surface.COMMAND)
    assert len([e for e in await register.store.chat_audit_trail(MARCH.chat_id) if e.kind == "refused"]) == 2


async def test_the_organiser_names_first_holders(register: ActionRegister, clock: FixedClock) -> None:
    await register.store.start_occurrence(  # type: ignore[attr-defined]
        MARCH.chat_id,
        meeting_id="m1",
        title="Wales Race Forum",
        started_at=datetime(2025, 3, 17, 12, tzinfo=UTC),
        organiser_aad_id=CARYS.aad_id,
        scheduled_start=None,
    )
    added = await register.roles.add(MARCH.chat_id, "Chair", [ALEX], CARYS, surface=Surface.COMMAND)
    assert [p.name for p in added] == ["Alex Jones"]
    # The organiser of this chat's meetings does not name holders in another tenant's chat.
    with pytest.raises(NotAllowed):
        await register.roles.add(ELSEWHERE.chat_id, "Chair", [ALEX], CARYS, surface=Surface.COMMAND)


async def test_the_secretariat_names_first_holders_of_any_role(register: ActionRegister) -> None:
    await log_for(register, MARCH, ALEX, "Secretariat")
    await register.roles.add(MARCH.chat_id, "Secretariat", [BETH], ALEX, surface=Surface.COMMAND)
    added = await register.roles.add(
        WORKING_GROUP.chat_id, "Regional Convenor (North Wales)", [CARYS], BETH, surface=Surface.COMMAND
    )
    assert [p.name for p in added] == ["Carys Owen"]
    assert await register.roles.unheld(MARCH.chat_id, ["regional convenor (north wales)", "Chair", "chair "]) == [
        "Chair"
    ]
