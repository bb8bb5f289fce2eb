"""Domain types. Frozen dataclasses: the register hands these out and takes them back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class DeadlineKind(StrEnum):
    DATE = "date"
    ASAP = "asap"
    NEXT_MEETING = "next_meeting"
    EVENT = "event"
    PAGE = "page"  # the answer page reached from an email
    ONGOING = "ongoing"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Deadline:
    """A deadline as people write it, with what it means.

    `text` always round-trips to summaries exactly as written. `due` is the date to work towards, `latest` the last
    acceptable date where the words give a window; both are timezone-aware (midnight local time unless the words
    give a time).
    """

    text: str
    kind: DeadlineKind
    due: datetime | None = None
    latest: datetime | None = None

    @property
    def target(self) -> datetime | None:
        """The date a chase policy works against: the due date, else the end of the window."""
        return self.due or self.latest

    @classmethod
    def none(cls) -> Deadline:
        return cls(text="", kind=DeadlineKind.UNKNOWN)


# The same role named in Welsh and English is one role.
_ROLE_SYNONYMS = {
    "ysgrifenyddiaeth": "secretariat",
    "yr ysgrifenyddiaeth": "secretariat",
    "the secretariat": "secretariat",
}


def role_key(role_name: str) -> str:
    """Roles match whatever the case and spacing people type ("secretariat", "Secretariat "), in either language."""
    key = " ".join(role_name.casefold().split())[:200]
    return _ROLE_SYNONYMS.get(key, key)


class OwnerKind(StrEnum):
    PERSON = "person"
    ROLE = "role"


@dataclass(frozen=True)
class Owner:
    """Who must do an action: a person or a role ("Secretariat") as written in the minutes.

    A person is known by any of their Teams ids and their email address; an owner written as an email address
    (someone outside the tenant, or not in the chat) is a person known only by that address until Teams tells
    Chaser more. `email` is lower case (bot.register.email_address)."""

    kind: OwnerKind
    name: str
    aad_id: str | None = None
    user_id: str | None = None  # the Teams "29:" id, unique to this bot and user
    email: str | None = None

    @classmethod
    def role(cls, name: str) -> Owner:
        return cls(kind=OwnerKind.ROLE, name=name)

    @classmethod
    def person(
        cls, name: str, *, aad_id: str | None = None, user_id: str | None = None, email: str | None = None
    ) -> Owner:
        return cls(kind=OwnerKind.PERSON, name=name, aad_id=aad_id, user_id=user_id, email=email)

    @classmethod
    def by_email(cls, address: str, *, name: str | None = None) -> Owner:
        """A person known by their address: named as written, else by the address itself."""
        return cls(kind=OwnerKind.PERSON, name=name or address, email=address)

    @property
    def is_person(self) -> bool:
        return self.kind is OwnerKind.PERSON

    def as_person(self) -> Person:
        return Person(self.name, aad_id=self.aad_id, user_id=self.user_id, email=self.email)


@dataclass(frozen=True)
class Person:
    """Someone who did something (logged, answered, closed) or is to be reached: one identity, whether Chaser knows
    them by their Teams ids, their email address, or both."""

    name: str
    aad_id: str | None = None
    user_id: str | None = None
    email: str | None = None

    def is_same(self, other: Person | Owner | None) -> bool:
        """Same person by the strongest id both sides carry: Entra object id, then Teams id, then email address."""
        if other is None:
            return False
        if self.aad_id and other.aad_id:
            return self.aad_id == other.aad_id
        if self.user_id and other.user_id:
            return self.user_id == other.user_id
        if self.email and other.email:
            return self.email.casefold() == other.email.casefold()
        return False

    @property
    def key(self) -> str:
        """One string per person, for grouping (a digest per person) and logs."""
        if self.aad_id:
            return self.aad_id
        if self.user_id:
            return self.user_id
        if self.email:
            return "mailto:" + self.email.casefold()
        return self.name


@dataclass(frozen=True)
class RoleHolder:
    """Someone holding a role where a chat is concerned: the tenant's holder (every chat), or added in this chat."""

    person: Person
    role_name: str
    every_chat: bool
    added_at: datetime
    added_by: str | None = None


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    # Logged by mistake (/undo, Remove): kept with its audit trail, left out of every list, summary, chaser and
    # export; its number is not given again.
    REMOVED = "removed"

    @property
    def is_open(self) -> bool:
        return self is ActionStatus.OPEN


class Surface(StrEnum):
    """Where a change came from, for the audit trail."""

    COMMAND = "command"
    CARD = "card"
    SCHEDULER = "scheduler"
    CLI = "cli"
    IMPORT = "import"
    EVENT = "event"
    MIGRATION = "migration"
    PAGE = "page"  # the answer page reached from an email


@dataclass(frozen=True)
class Action:
    id: str
    tenant_id: str
    chat_id: str
    occurrence_id: str
    number: int
    text: str
    owner: Owner | None
    deadline: Deadline
    status: ActionStatus
    created_at: datetime
    created_by: Person
    updated_at: datetime
    version: int = 1
    closed_at: datetime | None = None
    latest_update: str | None = None
    # The No. it had before numbering became one per chat, until a card has shown it beside the new one.
    former_number: int | None = None
    # Imported with minutes of a past meeting; when a review last answered it (carried forward, or shown after an
    # import). Chasing counts from the review; imported history is calm until then (bot.register.chasing).
    imported_at: datetime | None = None
    reviewed_at: datetime | None = None


@dataclass(frozen=True)
class Occurrence:
    """One sitting of a meeting series. A chat is a series; each start/end is an occurrence.

    Chats that are not meetings have a single open occurrence that collects their actions.
    """

    id: str
    chat_id: str
    meeting_id: str | None
    title: str | None
    started_at: datetime
    ended_at: datetime | None = None
    organiser_aad_id: str | None = None
    opened_by: str = "command"
    summary_posted_at: datetime | None = None
    review_posted_at: datetime | None = None


@dataclass(frozen=True)
class AuditEvent:
    action_id: str | None
    chat_id: str
    at: datetime
    actor: Person
    kind: str
    surface: Surface
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class NewAction:
    """An action about to be stored; the store gives it its number."""

    id: str
    tenant_id: str
    chat_id: str
    text: str
    owner: Owner | None
    deadline: Deadline
    created_at: datetime
    created_by: Person
    # The chat's current meeting takes the action; these open one when there is none.
    meeting_id: str | None = None
    meeting_title: str | None = None
    # Or a given (past) meeting: imported minutes.
    occurrence_id: str | None = None
    # The No. the minutes gave it, kept unless that meeting already has an action with it.
    number: int | None = None
    # When it was imported (its created_at is the past meeting's).
    imported_at: datetime | None = None


@dataclass(frozen=True)
class Stored:
    """An action as the store holds it after a logging request: whether this request created it, and whether the
    reply to the request that created it was recorded as sent (a redelivered activity needs no second reply)."""

    action: Action
    created: bool
    replied: bool = False


@dataclass(frozen=True)
class ActionChanges:
    """What a change sets. Fields left as None are not touched (owner uses `clear_owner` to remove)."""

    at: datetime
    text: str | None = None
    owner: Owner | None = None
    clear_owner: bool = False
    deadline: Deadline | None = None
    status: ActionStatus | None = None
    closed_at: datetime | None = None
    reopen: bool = False
    latest_update: str | None = None
    reviewed_at: datetime | None = None
