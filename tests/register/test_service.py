"""The action register: numbering, who may change what, idempotent answers. On the real store (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.register.commands import ActionDraft
from bot.register.errors import InvalidInput, NotAllowed, NotFound
from bot.register.model import ActionStatus, Deadline, Owner, Person, Surface
from bot.register.ports import FixedClock
from bot.register.service import ActionRegister, ChatContext
from bot.store.migrate import migrate
from bot.store.sql import SqlStore

CHAT = ChatContext(chat_id="chat-1", tenant_id="t1", meeting_id="m1", title="Wales Race Forum")
OTHER_CHAT = ChatContext(chat_id="chat-2", tenant_id="t1")
ALEX = Person("Alex Jones", aad_id="aad-alex", user_id="29:alex")
BETH = Person("Beth Evans", aad_id="aad-beth", user_id="29:beth")
CARYS = Person("Carys Owen", aad_id="aad-carys", user_id="29:carys")


@pytest.fixture
async def register(db_url: str, clock: FixedClock) -> AsyncIterator[ActionRegister]:
    store = SqlStore.connect(db_url)
    await migrate(store)
    now = clock.now()
    for chat in (CHAT, OTHER_CHAT):
        await store.save_chat(
            chat_id=chat.chat_id,
            tenant_id="t1",
            kind="meeting",
            title=None,
            service_url="http://x/",
            reference={},
            now=now,
        )
    yield ActionRegister(store, clock)
    await store.close()


def draft(text: str = "Share the toolkit", owner: Owner | None = None) -> ActionDraft:
    return ActionDraft(text=text, owner=owner, deadline=Deadline.none())


async def test_actions_are_numbered_per_meeting_and_listed_in_order(register: ActionRegister) -> None:
    for text in ("one", "two", "three"):
        await register.log(CHAT, ALEX, draft(text), surface=Surface.COMMAND, key=None)
    await register.log(OTHER_CHAT, ALEX, draft("elsewhere"), surface=Surface.COMMAND, key=None)
    listed = await register.open_actions(CHAT.chat_id)
    assert [(a.number, a.text) for a in listed] == [(1, "one"), (2, "two"), (3, "three")]
    assert [a.number for a in await register.open_actions(OTHER_CHAT.chat_id)] == [1]


async def test_the_owner_the_logger_and_the_secretariat_may_close_others_may_not(register: ActionRegister) -> None:
    owned = (
        await register.log(
            CHAT, ALEX, draft(owner=Owner.person("Beth", aad_id="aad-beth")), surface=Surface.COMMAND, key=None
        )
    ).action
    with pytest.raises(NotAllowed):
        await register.complete(CHAT.chat_id, owned, CARYS, surface=Surface.CARD, key=None)
    assert (await register.by_number(CHAT.chat_id, owned.number)).status is ActionStatus.OPEN
    assert (await register.complete(CHAT.chat_id, owned, BETH, surface=Surface.CARD, key=None)).changed

    second = (
        await register.log(CHAT, ALEX, draft("two", Owner.role("Secretariat")), surface=Surface.COMMAND, key=None)
    ).action
    await register.roles.add(CHAT.chat_id, "Secretariat", [CARYS], ALEX, surface=Surface.COMMAND)
    assert (await register.complete(CHAT.chat_id, second, CARYS, surface=Surface.CARD, key=None)).changed


async def test_holders_of_the_owning_role_may_close_it(register: ActionRegister) -> None:
    action = (
        await register.log(
            CHAT, ALEX, draft(owner=Owner.role("Regional Convenor (North Wales)")), surface=Surface.COMMAND, key=None
        )
    ).action
    assert not await register.may_change(action, BETH)
    await register.roles.add(CHAT.chat_id, "regional convenor (north wales)", [BETH], ALEX, surface=Surface.COMMAND)
    assert await register.may_change(action, BETH)


async def test_once_a_role_has_holders_only_they_or_the_secretariat_add_more(register: ActionRegister) -> None:
    await register.log(CHAT, ALEX, draft(owner=Owner.role("Secretariat")), surface=Surface.COMMAND, key=None)
    await register.log(CHAT, BETH, draft(owner=Owner.role("Secretariat")), surface=Surface.COMMAND, key=None)
    await register.roles.add(CHAT.chat_id, "Secretariat", [ALEX], ALEX, surface=Surface.COMMAND)
    with pytest.raises(NotAllowed):  # Beth logged one for the Secretariat too, but it has holders now
        await register.roles.add(CHAT.chat_id, "Secretariat", [CARYS], BETH, surface=Surface.COMMAND)
    added = await register.roles.add(CHAT.chat_id, "Secretariat", [BETH, ALEX], ALEX, surface=Surface.COMMAND)
    assert [p.name for p in added] == ["Beth Evans"]


async def test_closing_twice_acts_once(register: ActionRegister) -> None:
    action = (await register.log(CHAT, ALEX, draft(), surface=Surface.COMMAND, key=None)).action
    first = await register.complete(CHAT.chat_id, action, ALEX, surface=Surface.CARD, key=None)
    second = await register.complete(CHAT.chat_id, first.action, ALEX, surface=Surface.CARD, key=None)
    assert (first.changed, second.changed) == (True, False)
    trail = await register.store.audit_trail(action.id)
    assert [e.kind for e in trail] == ["logged", "completed"]


async def test_an_action_id_from_another_chat_is_not_found(register: ActionRegister) -> None:
    action = (await register.log(OTHER_CHAT, ALEX, draft(), surface=Surface.COMMAND, key=None)).action
    with pytest.raises(NotFound):
        await register.action_in_chat(CHAT.chat_id, action.id)
    for forged in (None, 42, "", "x" * 65, {"id": action.id}):
        with pytest.raises(InvalidInput):
            await register.action_in_chat(CHAT.chat_id, forged)


async def test_unknown_numbers_are_not_found(register: ActionRegister) -> None:
    with pytest.raises(NotFound) as refused:
        await register.by_number(CHAT.chat_id, 9)
    assert refused.value.params == {"number": 9}


async def test_edit_records_what_changed_and_a_no_op_changes_nothing(
    register: ActionRegister, clock: FixedClock
) -> None:
    action = (await register.log(CHAT, ALEX, draft(), surface=Surface.COMMAND, key=None)).action
    clock.set(clock.now() + timedelta(hours=1))
    edited = await register.edit(
        CHAT.chat_id,
        action,
        ALEX,
        text="Share the toolkit with members",
        owner=Owner.role("Secretariat"),
        deadline=register.read_deadline("2025-06-30"),
        surface=Surface.CARD,
        key=None,
    )
    assert edited.changed and edited.action.text == "Share the toolkit with members"
    assert edited.action.updated_at == clock.now()
    again = await register.edit(
        CHAT.chat_id,
        edited.action,
        ALEX,
        text=edited.action.text,
        owner=None,
        deadline=None,
        surface=Surface.CARD,
        key=None,
    )
    assert not again.changed
    detail = (await register.store.audit_trail(action.id))[-1].detail
    assert detail["text"] == ["Share the toolkit", "Share the toolkit with members"]
    assert detail["owner"] == [None, "Secretariat"]


async def test_empty_and_oversized_text_is_refused_and_nothing_stored(register: ActionRegister) -> None:
    for text in ("   ", "x" * 1001):
        with pytest.raises(InvalidInput):
            await register.log(CHAT, ALEX, draft(text), surface=Surface.CARD, key=None)
    assert await register.open_actions(CHAT.chat_id) == []
