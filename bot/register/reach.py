"""How a person is reached: the routes a reminder tries, in order, and the one they can expect.

The order is fixed: their 1:1 chat with Chaser → the app installed for them through Graph (then that chat) → email
→ an @mention in the meeting chat → unreachable. A route is left out when it cannot work for this person (no Teams
identity, no address) or is not configured, and for a while after it refused them (a mailbox that bounced, an app
blocked for them). The notifier tries the routes in this order; /chasers shows what each person will get.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.register.model import Person

PERSONAL = "personal"
INSTALLED = "installed"
EMAIL = "email"
MENTION = "mention"
UNREACHABLE = "unreachable"

# A mailbox that refused permanently (5xx) is not tried again for this long (recorded as mail_refused_until).
MAIL_REFUSED_FOR = timedelta(days=7)
# Nor is installing the app for someone it was refused for (the app blocked for them, no licence).
INSTALL_REFUSED_FOR = timedelta(days=7)


class Refused(Exception):
    """A route said no for this person (recorded against them); the next route is tried."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail[:500]


@dataclass(frozen=True)
class ReachOptions:
    """What this deployment can do beyond Teams' 1:1 and meeting chats."""

    install: bool = False
    mail: bool = False
    mail_lookup: bool = False


@dataclass(frozen=True)
class ReachFacts:
    """What Chaser knows about reaching one person (their ids, and their stored row)."""

    aad_id: str | None = None
    user_id: str | None = None
    email: str | None = None
    personal_chat: bool = False
    unreachable_since: datetime | None = None
    install_failed_at: datetime | None = None
    mail_refused_until: datetime | None = None
    last_route: str | None = None
    last_reached_at: datetime | None = None
    mail_failure: str | None = None
    mail_failed_at: datetime | None = None
    install_failure: str | None = None

    @property
    def in_teams(self) -> bool:
        return bool(self.aad_id or self.user_id)

    @classmethod
    def of(cls, person: Person, row: Mapping[str, Any] | None) -> ReachFacts:
        stored = row or {}
        return cls(
            aad_id=person.aad_id or stored.get("aad_id"),
            user_id=person.user_id or stored.get("user_id"),
            email=person.email or stored.get("email"),
            personal_chat=bool(stored.get("personal_chat_id")),
            unreachable_since=stored.get("unreachable_since"),
            install_failed_at=stored.get("install_failed_at"),
            mail_refused_until=stored.get("mail_refused_until"),
            last_route=stored.get("reach_route"),
            last_reached_at=stored.get("reach_at"),
            mail_failure=stored.get("mail_failure"),
            mail_failed_at=stored.get("mail_failed_at"),
            install_failure=stored.get("install_failure"),
        )


def routes(facts: ReachFacts, options: ReachOptions, *, now: datetime, meeting_chat: bool = True) -> tuple[str, ...]:
    """The routes to try, in order; empty when nothing can reach the person."""
    tried: list[str] = []
    if facts.in_teams:
        tried.append(PERSONAL)
    install_refused = facts.install_failed_at is not None and now < facts.install_failed_at + INSTALL_REFUSED_FOR
    if options.install and facts.aad_id and not install_refused:
        tried.append(INSTALLED)
    address = facts.email or (facts.aad_id and options.mail_lookup)
    mail_refused = facts.mail_refused_until is not None and now < facts.mail_refused_until
    if options.mail and address and not mail_refused:
        tried.append(EMAIL)
    if facts.in_teams and meeting_chat:
        tried.append(MENTION)
    return tuple(tried)


def expected_route(facts: ReachFacts, options: ReachOptions, *, now: datetime) -> str:
    """The route the next reminder will most likely take: the 1:1 chat when it is open or not yet known to fail,
    else the next route that is not known to fail."""
    planned = routes(facts, options, now=now)
    for route in planned:
        if route == PERSONAL and facts.unreachable_since is not None and not facts.personal_chat:
            continue
        return route
    return UNREACHABLE
