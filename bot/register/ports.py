"""Ports the domain depends on. One implementation each lives outside the domain."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Protocol

from bot.register.model import Action, ActionChanges, AuditEvent, NewAction, Occurrence, Person, RoleHolder, Stored


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to: for tests, the CLI's dry runs and benchmarks."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at


class RoleStore(Protocol):
    """Role holders: the tenant's, and each chat's additions (bot/register/roles.py)."""

    async def roles_of(self, chat_id: str, person: Person) -> set[str]: ...

    async def role_holders(self, chat_id: str, role_name: str) -> list[Person]: ...

    async def role_holding(self, chat_id: str, role_name: str) -> list[RoleHolder]: ...

    async def held_roles(self, chat_id: str, role_names: Iterable[str]) -> set[str]: ...

    async def chat_roles(self, chat_id: str) -> list[RoleHolder]: ...

    async def add_role_holder(
        self, chat_id: str, role_name: str, person: Person, *, event: AuditEvent, every_chat: bool = True
    ) -> bool: ...

    async def grants_first_holder(self, chat_id: str, person: Person, role_name: str) -> bool: ...

    async def record_event(self, event: AuditEvent) -> None: ...


# The storage port. One implementation (bot.store.sql.SqlStore), tested on SQLite and PostgreSQL.
# Each method is one transaction, so the register never sees half a change.
class RegisterStore(RoleStore, Protocol):
    async def open_occurrence(
        self, chat_id: str, *, meeting_id: str | None, title: str | None, now: datetime
    ) -> Occurrence: ...

    async def insert_action(self, action: NewAction, *, key: str | None, event: AuditEvent) -> Stored:
        """Store a new action, numbered next in its chat's current occurrence (opened if there is none); with a
        `key` already seen, return the action that key stored instead."""
        ...

    async def get_action(self, action_id: str) -> Action | None: ...

    async def find_actions(
        self, chat_id: str, *, number: int | None = None, open_only: bool = False, limit: int | None = None
    ) -> list[Action]:
        """The chat's actions (not removed ones), by meeting and number; the first `limit` of them."""
        ...

    async def count_open_actions(self, chat_id: str) -> int: ...

    async def last_logged_by(self, chat_id: str, person: Person, *, since: datetime) -> Action | None:
        """The last action `person` logged in the chat since `since`, not removed."""
        ...

    async def apply_change(
        self,
        action_id: str,
        *,
        expected_version: int,
        changes: ActionChanges,
        event: AuditEvent,
        key: str | None,
    ) -> tuple[Action, bool]:
        """Change an action if nobody changed it since `expected_version`; a `key` already seen changes nothing."""
        ...

    async def occurrence(self, occurrence_id: str) -> Occurrence | None: ...

    async def occurrences_of(self, chat_id: str) -> list[Occurrence]: ...

    async def taken_numbers(self, chat_id: str, numbers: Sequence[int], *, outside: str | None) -> set[int]:
        """Which of `numbers` actions of the chat already have, leaving out those of occurrence `outside`."""
        ...

    async def mark_imported_reviewed(self, action_ids: Sequence[str], *, event: AuditEvent) -> list[str]:
        """Imported actions among these that no review had answered are reviewed as of the event."""
        ...

    async def forget_former_numbers(self, action_ids: Sequence[str]) -> None:
        """A card has shown these actions' numbers from before numbering became one per chat."""
        ...

    async def audit_trail(self, action_id: str) -> list[AuditEvent]: ...

    async def mark_replied(self, key: str, at: datetime) -> None: ...

    async def processed_action(self, key: str) -> str | None:
        """The id of the action a request with this key already changed, if it was processed."""
        ...


class MeetingStore(RegisterStore, Protocol):
    """What the meeting lifecycle needs beyond the register."""

    async def start_occurrence(
        self,
        chat_id: str,
        *,
        meeting_id: str | None,
        title: str | None,
        started_at: datetime,
        organiser_aad_id: str | None,
        scheduled_start: datetime | None,
    ) -> Occurrence: ...

    async def end_occurrence(self, chat_id: str, *, ended_at: datetime, title: str | None) -> Occurrence | None: ...

    async def past_occurrence(
        self, chat_id: str, *, title: str | None, started_at: datetime, ended_at: datetime, key: str
    ) -> Occurrence: ...

    async def claim_posting(self, occurrence_id: str, what: str, at: datetime) -> bool: ...

    async def release_posting(self, occurrence_id: str, what: str) -> None: ...

    async def latest_occurrence(self, chat_id: str) -> Occurrence | None: ...

    async def previous_occurrence(self, occurrence: Occurrence) -> Occurrence | None: ...

    async def occurrence_actions(
        self, occurrence_id: str, *, after: int | None = None, limit: int | None = None
    ) -> list[Action]: ...

    async def count_occurrence_actions(self, occurrence_id: str) -> int: ...

    async def arising(
        self, chat_id: str, *, before: Occurrence, since: datetime, limit: int | None = None
    ) -> list[Action]: ...

    async def count_arising(self, chat_id: str, *, before: Occurrence, since: datetime) -> int: ...

    async def events_of(
        self, action_ids: Sequence[str], *, since: datetime | None = None, kinds: Sequence[str] | None = None
    ) -> list[AuditEvent]: ...

    async def actions_with_event(
        self, chat_id: str, kind: str, *, start: datetime, end: datetime | None
    ) -> list[Action]: ...

    async def set_next_meeting(self, chat_id: str, at: datetime | None, *, source: str) -> None: ...

    async def next_meeting(self, chat_id: str) -> datetime | None: ...
