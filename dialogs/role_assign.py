"""The Assign form under a Summary of Actions: people picked for a role nobody held. The answer names them (as
/role does, with the same rule on who may) and gives back the summary's last page, with that role no longer listed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.register.errors import InvalidInput, NotFound
from bot.register.meetings import Meetings
from bot.register.model import Person, Surface
from bot.register.roles import MAX_ROLE_NAME
from bot.teams.replies import Directory, Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.catalogue import t
from cards.summary_cards import meeting_summary_cards
from cards.text import message_block

MAX_PICKED = 20


class RoleAssignments:
    def __init__(self, meetings: Meetings) -> None:
        self.meetings = meetings
        self.register = meetings.register

    async def assign(self, data: Mapping[str, Any], info: TurnInfo, directory: Directory) -> Reply:
        role, occurrence_id, picked = _read(data)
        people = []
        for object_id in picked:
            person = await directory.person(object_id)
            if person is None or not person.aad_id:
                raise InvalidInput("error.role.unresolved", name=object_id[:40])
            people.append(Person(person.name, aad_id=person.aad_id, user_id=person.user_id, email=person.email))
        actor = info.actor
        guest = bool(actor.user_id) and await directory.is_guest(actor.user_id or "", info.chat.tenant_id)
        added = await self.register.roles.add(info.chat.chat_id, role, people, actor, surface=Surface.CARD, guest=guest)
        occurrence = await self.meetings.store.occurrence(occurrence_id)
        if occurrence is None or occurrence.chat_id != info.chat.chat_id:
            raise NotFound("error.meeting.none")
        summary = await self.meetings.summary(info.chat.chat_id, occurrence)
        last = meeting_summary_cards(summary, locale=info.locale, tz=self.register.tz)[-1]
        names = ", ".join(p.name for p in added) or t("reply.role.nobody_new", info.locale)
        note = message_block(
            "reply.role.assigned", info.locale, {"color": "Good", "weight": "Bolder"}, role=role, names=names
        )
        return Reply(card={**last, "body": [note, *last["body"]]})


def _read(data: Mapping[str, Any]) -> tuple[str, str, list[str]]:
    role_field, occurrence_id, field = data.get("role_field"), data.get("occurrence_id"), data.get(verbs.FIELD)
    role = data.get(role_field) if isinstance(role_field, str) else None
    if not isinstance(role, str) or not 0 < len(role) <= MAX_ROLE_NAME:
        raise InvalidInput("error.card.malformed")
    if not isinstance(occurrence_id, str) or not 0 < len(occurrence_id) <= 64 or not isinstance(field, str):
        raise InvalidInput("error.card.malformed")
    picked = data.get(field)
    if picked is None or picked == "":
        raise InvalidInput("roles.assign.required")
    if not isinstance(picked, str) or len(picked) > 100 * MAX_PICKED:
        raise InvalidInput("error.card.malformed")
    ids = list(dict.fromkeys(p.strip() for p in picked.split(",") if p.strip()))
    if not ids:
        raise InvalidInput("roles.assign.required")
    if len(ids) > MAX_PICKED:
        raise InvalidInput("error.role.too_many", limit=MAX_PICKED)
    return role, occurrence_id, ids
