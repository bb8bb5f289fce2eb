"""People in a chat, looked up in its Teams roster (GET /v3/conversations/{id}/members/{userId})."""

from __future__ import annotations

import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.register.model import Person

log = logging.getLogger(__name__)


class RosterDirectory:
    """Looks people up once per turn: Teams accepts either the 29: id or the Entra object id here."""

    def __init__(self, turn_context: TurnContext) -> None:
        self._turn_context = turn_context
        self._seen: dict[str, Person | None] = {}

    async def person(self, user_or_aad_id: str) -> Person | None:
        if user_or_aad_id in self._seen:
            return self._seen[user_or_aad_id]
        try:
            member = await TeamsInfo.get_member(self._turn_context, user_or_aad_id)
        except Exception as error:  # the roster call fails for people outside the chat, or when Teams is down
            log.info("roster lookup failed for a member: %s", type(error).__name__)
            member = None
        person = (
            Person(name=member.name or "", aad_id=member.aad_object_id or None, user_id=member.id or None)
            if member is not None
            else None
        )
        self._seen[user_or_aad_id] = person
        return person
