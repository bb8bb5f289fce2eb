"""The authorisation matrix (issue 16): every verb × every kind of person, through /api/messages, allowed or refused
exactly as the table in the README says (the test reads the table), and every refusal in the audit trail.

Each case gets an action of its own, logged by Alex in the meeting Carys organises: owned by Beth, or (for the role
holder) by the Treasurer role Dafydd holds in this chat; Elin is the tenant's Secretariat; Ffion is another member;
Gwen a guest; Huw answers from another chat of the tenant, Ioan from another tenant.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.register.model import Action, AuditEvent, Person, Surface
from bot.register.ports import FixedClock
from tests.support.activities import ALEX, BETH, CARYS, GROUP_CHAT, MEETING_CHAT, MEETING_ID, Teams, User
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot, running_bot

README = Path(__file__).resolve().parents[2] / "README.md"
OTHER_TENANT = "0d9f2a51-8c3b-4e7a-9f10-2b3c4d5e6f70"
OTHER_TENANT_CHAT = "19:0d9f2a51othertenant@thread.v2"

DAFYDD = User("Dafydd Rees", "29:1dafyddDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD", "0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b")
ELIN = User("Elin Hughes", "29:1elinEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
FFION = User("Ffion Lloyd", "29:1ffionFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e")
GWEN = User("Gwen Price", "29:1gwenGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG", "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f")
HUW = User("Huw Morgan", "29:1huwHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH", "4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f8a")
IOAN = User("Ioan Bowen", "29:1ioanIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII", "5e6f7a8b-9c0d-4e1f-8a3b-4c5d6e7f8a9b")
KAY = User("Kay Jenkins", "29:1kayKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKKK", "6f7a8b9c-0d1e-4f2a-9b4c-5d6e7f8a9b0c")

PERSONAS: dict[str, User] = {
    "Owner": BETH,
    "Logger": ALEX,
    "Organiser": CARYS,
    "Role holder": DAFYDD,
    "Secretariat": ELIN,
    "Other member": FFION,
    "Guest": GWEN,
    "Other chat": HUW,
    "Other tenant": IOAN,
}
START = "2025-03-17T12:00:00Z"


def readme_matrix() -> dict[str, dict[str, str]]:
    """The README's table: verb → persona → ✓ (allowed), ✗ (refused) or — (does not apply)."""
    text = README.read_text()
    block = text.split("<!-- authorisation-matrix -->")[1].split("<!-- /authorisation-matrix -->")[0]
    rows = [line for line in block.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert header[2:] == list(PERSONAS), header
    matrix = {}
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        verb = re.fullmatch(r"`([^`]+)`", cells[0])
        assert verb, cells[0]
        matrix[verb[1]] = dict(zip(PERSONAS, cells[2:], strict=True))
    return matrix


MATRIX = readme_matrix()


@dataclass
class World:
    bot: RunningBot
    teams: Teams
    other_tenant: Teams
    clock: FixedClock
    cases: int = 0

    async def log(self, text: str, owner: str, mentions: tuple[User, ...] = ()) -> Action:
        self.cases += 1
        typed = f"/action {text} (case {self.cases}) owner: {owner}"
        await self.bot.post(self.teams.meeting_message(typed, mentions=mentions))
        actions = await self.bot.chaser.register.open_actions(MEETING_CHAT)
        return max(actions, key=lambda a: a.number)

    async def post_card(self, user: User, data: dict[str, Any], *, personal: bool = False) -> None:
        """A card answer from this person, where they would answer it: in the meeting chat (a 1:1 chat for a
        reminder), another chat of the tenant (Huw), or a chat of another tenant (Ioan)."""
        if user is IOAN:
            activity = self.other_tenant.card_invoke(data, user=user, chat_id=OTHER_TENANT_CHAT)
        elif personal:
            activity = self.teams.card_invoke(
                data, user=user, chat_id=f"a:personal-{user.aad_id}", conversation_type="personal"
            )
        elif user is HUW:
            activity = self.teams.card_invoke(data, user=user, chat_id=GROUP_CHAT)
        else:
            activity = self.teams.card_invoke(data, user=user)
        status, _ = await self.bot.post(activity)
        assert status == 200

    async def command(self, user: User, text: str, mentions: tuple[User, ...] = ()) -> None:
        status, _ = await self.bot.post(self.teams.meeting_message(text, user=user, mentions=mentions))
        assert status == 201


def card(verb: str, action: Action, **typed: str) -> dict[str, Any]:
    """The data a card of Chaser's sends for this verb: the action, the version it shows, and what was typed
    (Action.Execute data points at its inputs by id, as the cards do)."""
    data: dict[str, Any] = {"verb": verb, "action_id": action.id, "version": action.version, "card_ids": [action.id]}
    for pointer, value in typed.items():
        data[pointer] = f"input_{pointer}"
        data[f"input_{pointer}"] = value
    return data


Case = Callable[[World, User, Action], Awaitable[None]]


def by_card(verb: str, *, personal: bool = False, direct: dict[str, str] | None = None, **typed: str) -> Case:
    async def send(world: World, user: User, action: Action) -> None:
        await world.post_card(user, {**card(verb, action, **typed), **(direct or {})}, personal=personal)

    return send


async def done_command(world: World, user: User, action: Action) -> None:
    await world.command(user, f"/done {action.number}")


async def undo_command(world: World, user: User, action: Action) -> None:
    await world.command(user, "/undo")


async def role_command(world: World, user: User, action: Action) -> None:
    role = action.owner.name if action.owner else ""
    await world.command(user, f"/role {role} <at>{KAY.name}</at>", mentions=(KAY,))


CASES: dict[str, tuple[Case, tuple[str, ...]]] = {
    # verb in the README: (how it is sent, the audit kinds that say it was allowed)
    "done": (by_card("done"), ("completed",)),
    "/done": (done_command, ("completed",)),
    "save_edit": (by_card("save_edit", direct={"text": "Share the toolkit, edited"}), ("edited",)),
    "fix": (by_card("fix", direct={"deadline_date": "2025-04-30"}), ("edited",)),
    "remove_confirm": (by_card("remove_confirm", direct={"remove_reason": "Logged twice"}), ("removed",)),
    "/undo": (undo_command, ("removed",)),
    "chaser_done": (by_card("chaser_done", personal=True), ("completed",)),
    "chaser_update": (by_card("chaser_update", personal=True, field="Draft is with legal"), ("progress",)),
    "chaser_snooze": (by_card("chaser_snooze", personal=True, field="1w"), ("snoozed",)),
    "chaser_hand_back": (by_card("chaser_hand_back", personal=True, field="On leave"), ("handed_back",)),
    "escalation_reassign": (by_card("escalation_reassign", personal=True, role_field="Comms team"), ("reassigned",)),
    "escalation_nudge": (by_card("escalation_nudge", personal=True), ("nudged",)),
    "escalation_close": (by_card("escalation_close", personal=True, field="done"), ("completed",)),
    "review_done": (by_card("review_done"), ("completed",)),
    "carry_forward": (by_card("carry_forward", field="By 30 June 2025"), ("carried_forward",)),
    "drop": (by_card("drop", field="No longer needed"), ("dropped",)),
    "/role first holder": (role_command, ("role_added",)),
    "/role another holder": (role_command, ("role_added",)),
}


async def hold(world: World, user: User, role: str, *, every_chat: bool) -> None:
    person = Person(user.name, aad_id=user.aad_id, user_id=user.user_id)
    event = AuditEvent(None, MEETING_CHAT, world.clock.now(), Person("Set-up"), "role_added", Surface.CLI, {})
    await world.bot.chaser.store.add_role_holder(MEETING_CHAT, role, person, event=event, every_chat=every_chat)


@pytest.fixture
async def world(sqlite_url: str, clock: FixedClock, standin: ConnectorStandIn) -> Any:
    for user in (*PERSONAS.values(), KAY):
        standin.add_member(
            user_id=user.user_id, aad_id=user.aad_id, name=user.name, user_role="guest" if user is GWEN else "user"
        )
    standin.meetings[MEETING_ID] = {"details": {"id": MEETING_ID}, "organizer": {"aadObjectId": CARYS.aad_id}}
    teams = Teams(standin.url)
    async with running_bot({"DATABASE_URL": sqlite_url}, clock=clock) as bot:
        built = World(bot, teams, Teams(standin.url, tenant=OTHER_TENANT), clock)
        await bot.post(teams.meeting_event("start", at=START))
        await bot.post(teams.group_message("/actions", user=HUW))  # Huw's own chat is known to Chaser
        await hold(built, ELIN, "Secretariat", every_chat=True)
        yield built


async def new_events(world: World, action: Action, before: tuple[int, int]) -> list[AuditEvent]:
    store = world.bot.chaser.store
    in_chat = (await store.chat_audit_trail(MEETING_CHAT))[before[0] :]
    elsewhere = [e for e in (await store.audit_trail(action.id))[before[1] :] if e.chat_id != MEETING_CHAT]
    return in_chat + elsewhere


async def counts(world: World, action: Action) -> tuple[int, int]:
    store = world.bot.chaser.store
    return len(await store.chat_audit_trail(MEETING_CHAT)), len(await store.audit_trail(action.id))


def test_the_readme_table_covers_every_verb_the_test_sends() -> None:
    assert set(MATRIX) == set(CASES)


@pytest.mark.parametrize("verb", list(CASES))
async def test_every_kind_of_person_is_allowed_or_refused_as_the_readme_says(world: World, verb: str) -> None:
    send, allowed_kinds = CASES[verb]
    found: dict[str, str] = {}
    for persona, user in PERSONAS.items():
        expected = MATRIX[verb][persona]
        if expected == "—":
            continue
        if verb.startswith("/role"):
            role = f"Auditor {world.cases + 1}" if "first" in verb else f"Treasurer {world.cases + 1}"
            action = await world.log("Check the accounts", role)
            if "another" in verb:  # a role someone already holds here: Dafydd, for this case
                await hold(world, DAFYDD, role, every_chat=False)
        elif persona == "Role holder":
            role = f"Treasurer {world.cases + 1}"
            action = await world.log("Check the accounts", role)
            await hold(world, DAFYDD, role, every_chat=False)
        else:
            action = await world.log("Share the toolkit", f"<at>{BETH.name}</at>", mentions=(BETH,))
            assert action.owner is not None and action.owner.aad_id == BETH.aad_id
        before = await counts(world, action)
        await send(world, user, action)
        events = await new_events(world, action, before)
        kinds = [e.kind for e in events]
        refused = [e for e in events if e.kind.endswith("refused")]
        if refused:
            assert all(e.actor.aad_id == user.aad_id for e in refused), (persona, refused)
            assert not any(k in allowed_kinds for k in kinds), (persona, kinds)
            found[persona] = "✗"
        elif any(k in allowed_kinds for k in kinds):
            found[persona] = "✓"
        else:
            found[persona] = f"neither: {kinds}"
    expected = {p: v for p, v in MATRIX[verb].items() if v != "—"}
    assert found == expected
