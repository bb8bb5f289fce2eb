"""People in a chat, looked up in its Teams roster: one person (GET /v3/conversations/{id}/members/{userId}) or
all of them (GET /v3/conversations/{id}/pagedmembers), so "/action Owen to book the venue" finds Owen Davies."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime, timedelta

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.register.model import Person
from bot.register.ports import Clock

log = logging.getLogger(__name__)

# A roster is read a page at a time; past this many members a chat is a town hall, and first names prove nothing.
PAGE_SIZE = 200
MAX_PAGES = 5


class RosterCache:
    """Each chat's members, kept a few minutes: "/action" after "/action" in one meeting reads the roster once.

    Bounded in chats (least recently used go first) and in time (people join and leave meetings)."""

    def __init__(self, clock: Clock, *, ttl: timedelta = timedelta(minutes=10), max_chats: int = 256) -> None:
        self._clock = clock
        self._ttl = ttl
        self._max_chats = max_chats
        self._chats: OrderedDict[str, tuple[datetime, tuple[Person, ...]]] = OrderedDict()

    def get(self, chat_id: str) -> tuple[Person, ...] | None:
        found = self._chats.get(chat_id)
        if found is None or found[0] <= self._clock.now():
            self._chats.pop(chat_id, None)
            return None
        self._chats.move_to_end(chat_id)
        return found[1]

    def put(self, chat_id: str, members: Sequence[Person]) -> None:
        self._chats[chat_id] = (self._clock.now() + self._ttl, tuple(members))
        self._chats.move_to_end(chat_id)
        while len(self._chats) > self._max_chats:
            self._chats.popitem(last=False)


class RosterDirectory:
    """Looks people up once per turn: Teams accepts either the 29: id or the Entra object id here."""

    def __init__(self, turn_context: TurnContext, rosters: RosterCache | None = None) -> None:
        self._turn_context = turn_context
        self._rosters = rosters
        self._seen: dict[str, object | None] = {}

    async def _member(self, user_or_aad_id: str) -> object | None:
        if user_or_aad_id in self._seen:
            return self._seen[user_or_aad_id]
        try:
            member = await TeamsInfo.get_member(self._turn_context, user_or_aad_id)
        except Exception as error:  # the roster call fails for people outside the chat, or when Teams is down
            log.info("roster lookup failed for a member: %s", type(error).__name__)
            member = None
        self._seen[user_or_aad_id] = member
        return member

    async def person(self, user_or_aad_id: str) -> Person | None:
        member = await self._member(user_or_aad_id)
        return _person(member) if member is not None else None

    async def is_guest(self, user_or_aad_id: str, tenant_id: str) -> bool:
        """A guest or someone from another organisation, as the chat's roster says ("userRole", the member's
        tenant); someone the roster cannot find is not taken for a guest (the other checks still apply)."""
        member = await self._member(user_or_aad_id)
        if member is None:
            return False
        role = (getattr(member, "user_role", None) or "").lower()
        tenant = getattr(member, "tenant_id", None)
        return role in ("guest", "anonymous") or bool(tenant and tenant_id and tenant != tenant_id)

    async def members(self) -> Sequence[Person]:
        """The chat's members (empty when Teams cannot say): read page by page, cached per chat."""
        conversation = self._turn_context.activity.conversation
        chat_id = conversation.id if conversation is not None else ""
        cached = self._rosters.get(chat_id) if self._rosters is not None else None
        if cached is not None:
            return cached
        people: list[Person] = []
        token: str | None = None
        for _ in range(MAX_PAGES):
            try:
                page = await TeamsInfo.get_paged_members(self._turn_context, token, PAGE_SIZE)
            except Exception as error:  # a chat without a roster (1:1 with the bot), or Teams is down
                log.info("roster listing failed: %s", type(error).__name__)
                return people
            people.extend(_person(member) for member in page.members or [])
            token = page.continuation_token
            if not token:
                break
        if self._rosters is not None and chat_id:
            self._rosters.put(chat_id, people)
        return people


def _person(member: object) -> Person:
    email = getattr(member, "email", None) or None
    return Person(
        name=getattr(member, "name", None) or "",
        aad_id=getattr(member, "aad_object_id", None) or None,
        user_id=getattr(member, "id", None) or None,
        email=email.lower() if isinstance(email, str) and "@" in email else None,
    )
