"""Who a reminder about an action reaches: the sweeper sends to them, and /chasers shows them.

- A reminder goes to the owner: a person, or every holder of the owning role.
- A role nobody holds, or no owner: whoever logged the action, asked to name one; when that is not a person Chaser
  can reach (the command line, an import), the Secretariat instead.
- An escalation goes to the Secretariat and the meeting organiser; with neither known, to whoever logged it.

Nobody is reminded who cannot be reached at all (no Teams id and no email address): a pseudo-person such as the
command line is never @mentioned in a meeting chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.register.model import Action, Person
from bot.register.roles import SECRETARIAT

OWNER = "owner"
ROLE = "role"
LOGGED = "logged"
SECRETARIAT_INSTEAD = "secretariat"
ESCALATION = "escalation"
NOBODY = "nobody"


@dataclass(frozen=True)
class Recipients:
    """The people a reminder reaches, and why them (one of the names above)."""

    people: tuple[Person, ...]
    via: str

    @property
    def names_owner(self) -> bool:
        """Whoever logged it is reminded because nobody holds the action's role (or it has no owner)."""
        return self.via == LOGGED


class Holders(Protocol):
    async def role_holders(self, chat_id: str, role_name: str) -> list[Person]: ...


def reachable(person: Person) -> bool:
    return bool(person.aad_id or person.user_id or person.email)


async def recipients(
    action: Action, roles: Holders, *, escalate: bool = False, organiser_aad_id: str | None = None
) -> Recipients:
    if escalate:
        people = [p for p in await roles.role_holders(action.chat_id, SECRETARIAT) if reachable(p)]
        if organiser_aad_id and not any(p.aad_id == organiser_aad_id for p in people):
            people.append(Person("", aad_id=organiser_aad_id))
        if people:
            return Recipients(tuple(people), ESCALATION)
        return _logged_by(action, ESCALATION)
    owner = action.owner
    if owner is not None and owner.is_person:
        person = owner.as_person()
        return Recipients((person,), OWNER) if reachable(person) else await _instead(action, roles)
    if owner is not None:
        holders = [p for p in await roles.role_holders(action.chat_id, owner.name) if reachable(p)]
        if holders:
            return Recipients(tuple(holders), ROLE)
    return await _instead(action, roles)


async def _instead(action: Action, roles: Holders) -> Recipients:
    """Nobody to remind as the owner: whoever logged it, else the Secretariat."""
    if reachable(action.created_by):
        return _logged_by(action, LOGGED)
    secretariat = [p for p in await roles.role_holders(action.chat_id, SECRETARIAT) if reachable(p)]
    if secretariat:
        return Recipients(tuple(secretariat), SECRETARIAT_INSTEAD)
    return Recipients((), NOBODY)


def _logged_by(action: Action, via: str) -> Recipients:
    if reachable(action.created_by):
        return Recipients((action.created_by,), via)
    return Recipients((), NOBODY)
