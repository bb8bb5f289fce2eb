"""Chasing, as the domain sees it: who is owed a reminder about which actions, and the answers owners give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.register.calendar import WorkingCalendar
from bot.register.delivery import DeliveryJournal
from bot.register.model import Action, Person
from bot.register.ports import Clock

# Imported history is not chased for this many working days after the import, unless a review comes first.
IMPORT_CALM_DAYS = 5


def chase_since(action: Action, calendar: WorkingCalendar) -> datetime | None:
    """When chasing counts from, if not from logging: the last review, else the end of an import's calm."""
    if action.reviewed_at is not None:
        return action.reviewed_at
    if action.imported_at is not None:
        day = calendar.add_working_days(action.imported_at.astimezone(calendar.tz).date(), IMPORT_CALM_DAYS)
        return max(calendar.next_working_time(calendar.at_start_of_day(day)), action.imported_at)
    return None


@dataclass(frozen=True)
class ChaserItem:
    """One action in a reminder, with the stage of chasing it is at ("before@2025-06-30", "overdue:2@2025-06-30",
    "asap:3", …)."""

    action: Action
    stage: str
    kind: str
    meeting_title: str | None
    meeting_day: datetime | None
    # The recipient logged it and nobody holds its role yet: the reminder asks them to name an owner.
    name_owner: bool = False


@dataclass(frozen=True)
class Owed:
    """A claimed chaser: the action, the stage owed, and what the reminder says about its meeting."""

    action: Action
    stage: str
    kind: str
    escalate: bool
    due_at: datetime
    snoozed_until: datetime | None
    last_update_at: datetime | None
    meeting_title: str | None
    meeting_started: datetime | None
    organiser_aad_id: str | None
    # Sent to whoever logged it because nobody holds its role (bot.register.recipients).
    names_owner: bool = False


@dataclass(frozen=True)
class Sent:
    route: str  # personal | mention | chat
    conversation_id: str | None
    message_id: str | None


class NotReached(Exception):
    """The reminder could not be delivered (after the outbox's retries); it will be tried again later."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class JournalOfReminder(DeliveryJournal, Protocol):
    # Attempts of these stages found open when the reminder began (a crash's sends, outcome unknown).
    unknown: int

    @property
    def attempted(self) -> bool:
        """Whether any attempt was journaled (its outcome is recorded with it)."""
        ...

    # Set once the reminder was accepted: per action id, whether its stage was recorded sent for the first time.
    first: dict[str, bool] | None


class ChaserStorePort(Protocol):
    async def unplanned(self, *, limit: int = 1000) -> list[Action]: ...

    async def sent_stages(self, action_id: str) -> list[tuple[str, datetime]]: ...

    async def answers(self, action_id: str) -> tuple[datetime | None, datetime | None]: ...

    async def schedule(
        self,
        action: Action,
        *,
        stage: str | None,
        kind: str | None,
        escalate: bool,
        due_at: datetime | None,
        now: datetime,
    ) -> None: ...

    async def claim_due(self, now: datetime, *, owner: str, lease: timedelta, limit: int) -> list[Owed]: ...

    async def release_leases(self, owner: str) -> int: ...

    def journal(self, items: list[tuple[str, str]], *, sent_at: datetime, clock: Clock) -> JournalOfReminder: ...

    async def record_sent(
        self,
        action_id: str,
        stage: str,
        *,
        at: datetime,
        route: str,
        conversation_id: str | None,
        message_id: str | None,
    ) -> bool: ...

    async def record_failure(
        self, action_id: str, stage: str, *, at: datetime, outcome: str | None, retry_at: datetime
    ) -> None: ...

    async def next_meeting_of(self, chat_id: str) -> datetime | None: ...

    async def chase_facts(
        self, action_id: str, chat_id: str
    ) -> tuple[list[tuple[str, datetime]], datetime | None, datetime | None, datetime | None]:
        """Stages sent, snoozed until, last update, and the chat's next meeting, in one read."""
        ...


class Notifier(Protocol):
    """Sends reminders. Implemented at the Teams edge (bot/teams/chaser_notifier.py)."""

    async def remind(
        self, tenant_id: str, person: Person, items: list[ChaserItem], *, fallback_chat_id: str | None, escalation: bool
    ) -> Sent: ...

    async def identify(self, tenant_id: str, person: Person) -> Person:
        """The person with every id Chaser knows for them (an address may be a known Teams user's)."""
        ...
