"""Roles ("Secretariat", "Regional Convenor (North Wales)"): who holds them, and who may name their holders.

Roles are the tenant's: the forum's Secretariat is the same people in every chat. A holder can also be added in one
chat only. Who may name holders:

- nobody holds the role yet: the meeting organiser, whoever logged an action the role owns, or the Secretariat;
- the role has holders: its holders, or the Secretariat;
- a guest (someone from outside the tenant, or anonymous) never.

Every refusal is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.register.errors import InvalidInput, NotAllowed
from bot.register.model import AuditEvent, Person, RoleHolder, Surface, role_key
from bot.register.ports import Clock, RoleStore
from bot.register.refusals import AUTHORISATION, record_refusal
from bot.register.refusals import refusal as refused

SECRETARIAT = "Secretariat"
MAX_ROLE_NAME = 120


class Roles:
    def __init__(self, store: RoleStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def holding(self, chat_id: str, role_name: str) -> list[RoleHolder]:
        return await self.store.role_holding(chat_id, role_name)

    async def unheld(self, chat_id: str, role_names: Iterable[str]) -> list[str]:
        """The roles among these that nobody holds in the chat, each once, as first written."""
        names: dict[str, str] = {}
        for name in role_names:
            names.setdefault(role_key(name), name)
        held = await self.store.held_roles(chat_id, names.values())
        return [name for key, name in names.items() if key not in held]

    async def add(
        self,
        chat_id: str,
        role_name: str,
        people: Sequence[Person],
        actor: Person,
        *,
        surface: Surface,
        every_chat: bool = True,
        guest: bool = False,
    ) -> list[Person]:
        """Name holders of a role (in every chat of the tenant, or in this chat only); the people newly added."""
        role_name = " ".join(role_name.split())
        if not role_name or len(role_name) > MAX_ROLE_NAME:
            raise InvalidInput("error.role.name")
        if not people:
            raise InvalidInput("error.role.nobody")
        refusal = await self._refusal(chat_id, role_name, actor, guest=guest)
        if refusal is not None:
            event = refused(
                action_id=None,
                chat_id=chat_id,
                at=self.clock.now(),
                actor=actor,
                surface=surface,
                category=AUTHORISATION,
                what="role",
                reason=refusal,
                role=role_name,
                people=[p.name for p in people],
            )
            await record_refusal(self.store, event)
            raise NotAllowed(refusal, role=role_name)
        added = []
        now = self.clock.now()
        for person in people:
            if not person.aad_id and not person.email:
                raise InvalidInput("error.role.unresolved", name=person.name)
            detail: dict[str, object] = {"role": role_name, "person": person.name, "every_chat": every_chat}
            if person.email:
                detail["email"] = person.email
            event = AuditEvent(None, chat_id, now, actor, "role_added", surface, detail)
            if await self.store.add_role_holder(chat_id, role_name, person, event=event, every_chat=every_chat):
                added.append(person)
        return added

    async def _refusal(self, chat_id: str, role_name: str, actor: Person, *, guest: bool) -> str | None:
        """Why this person may not name holders of this role here (a catalogue key), or None when they may."""
        if guest or (not actor.aad_id and not actor.email):
            return "error.role.guest"
        roles = await self.store.roles_of(chat_id, actor)
        if role_key(SECRETARIAT) in roles or role_key(role_name) in roles:
            return None
        if await self.store.role_holding(chat_id, role_name):
            return "error.role.not_allowed"
        if await self.store.grants_first_holder(chat_id, actor, role_name):
            return None
        return "error.role.first_holder"
