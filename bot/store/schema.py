"""Tables, as SQLAlchemy Core metadata. The Alembic migrations create them; a test checks the two agree."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect

metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC; SQLite keeps no offset, so it is put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass a timezone-aware value")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


chats = Table(
    "chats",
    metadata,
    Column("id", String(512), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("title", Text),
    Column("service_url", Text, nullable=False),
    Column("reference", JSON, nullable=False),
    Column("settings", JSON, nullable=False, default=dict),
    Column("next_meeting_at", UtcDateTime),
    Column("next_meeting_source", String(16)),
    # The chat is one series with one numbering: the next action's No. (kept past every number used, imported ones
    # included), so June continues from March.
    Column("next_number", Integer, nullable=False, server_default=text("1")),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# One row per person: known by their Entra object id, their email address, or both. `person_key` is the Entra id, or
# "mailto:<address>" for someone known only by address (bot.register.model.Person.key); when Teams later tells
# Chaser a person's address, the address row is merged into theirs (bot/store/sql/people.py).
people = Table(
    "people",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("person_key", String(300), primary_key=True),
    Column("aad_id", String(64)),
    Column("email", String(254)),
    Column("user_id", String(512)),
    Column("name", Text),
    Column("locale", String(32)),
    Column("language", String(8)),
    Column("service_url", Text),
    Column("personal_chat_id", String(512)),
    Column("reference", JSON),
    Column("unreachable_since", UtcDateTime),
    # How Chaser last reached them (personal, installed, email, mention) and when; for /chasers.
    Column("reach_route", String(16)),
    Column("reach_at", UtcDateTime),
    # The last refusal by their mailbox (an SMTP or Graph status and text), and until when mail is not tried again.
    Column("mail_failure", Text),
    Column("mail_failed_at", UtcDateTime),
    Column("mail_refused_until", UtcDateTime),
    # The last refusal to install the app for them (the app blocked by policy, no licence).
    Column("install_failure", Text),
    Column("install_failed_at", UtcDateTime),
    # Answer links issued before this are revoked.
    Column("links_valid_from", UtcDateTime),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("uq_people_aad_id", "tenant_id", "aad_id", unique=True),
    Index("uq_people_email", "tenant_id", "email", unique=True),
)

occurrences = Table(
    "occurrences",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("chat_id", String(512), ForeignKey("chats.id"), nullable=False),
    Column("meeting_id", String(512)),
    Column("title", Text),
    Column("started_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime),
    Column("organiser_aad_id", String(64)),
    # "event" when a meetingStart opened it, "command" when the first /action of a chat did.
    Column("opened_by", String(16), nullable=False, server_default="command"),
    Column("summary_posted_at", UtcDateTime),
    Column("review_posted_at", UtcDateTime),
    Column("scheduled_start", UtcDateTime),
    Index("ix_occurrences_chat_started", "chat_id", "started_at"),
    # One open occurrence per chat: two first /action turns racing on PostgreSQL cannot open two.
    Index(
        "uq_occurrences_one_open",
        "chat_id",
        unique=True,
        sqlite_where=text("ended_at IS NULL"),
        postgresql_where=text("ended_at IS NULL"),
    ),
)

actions = Table(
    "actions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("tenant_id", String(64), nullable=False),
    Column("chat_id", String(512), ForeignKey("chats.id"), nullable=False),
    Column("occurrence_id", String(64), ForeignKey("occurrences.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("owner_kind", String(16)),
    Column("owner_name", Text),
    Column("owner_aad_id", String(64)),
    Column("owner_user_id", String(512)),
    Column("owner_email", String(254)),
    Column("deadline_text", Text, nullable=False, default=""),
    Column("deadline_kind", String(16), nullable=False),
    Column("deadline_due", UtcDateTime),
    Column("deadline_latest", UtcDateTime),
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by_name", Text, nullable=False),
    Column("created_by_aad_id", String(64)),
    Column("created_by_user_id", String(512)),
    Column("created_by_email", String(254)),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("closed_at", UtcDateTime),
    Column("latest_update", Text),
    Column("version", Integer, nullable=False, default=1),
    # The No. it had before numbering became one per chat (migration 0005), until a card has shown the change.
    Column("former_number", Integer),
    # Imported with the minutes of a past meeting (not chased until reviewed, or five working days after), and when
    # a review last answered it (chasing counts again from then).
    Column("imported_at", UtcDateTime),
    Column("reviewed_at", UtcDateTime),
    UniqueConstraint("chat_id", "number", name="uq_actions_chat_number"),
    Index("ix_actions_chat_status", "chat_id", "status"),
    Index("ix_actions_occurrence_number", "occurrence_id", "number"),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("action_id", String(64), index=True),
    Column("chat_id", String(512), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor_name", Text, nullable=False),
    Column("actor_aad_id", String(64)),
    Column("actor_user_id", String(512)),
    Column("actor_email", String(254)),
    Column("kind", String(32), nullable=False),
    Column("surface", String(16), nullable=False),
    Column("detail", JSON, nullable=False, default=dict),
)

# Roles are the tenant's: a holder with `scope` "" holds the role in every chat of the tenant (the forum's Secretariat
# is the same people in every chat); a per-chat addition has the chat's id. A holder is a Teams user (their Entra id)
# or someone known by address: `holder` is bot.register.model.Person.key.
role_holders = Table(
    "role_holders",
    metadata,
    Column("tenant_id", String(64), primary_key=True),
    Column("scope", String(512), primary_key=True),
    Column("role_key", String(200), primary_key=True),
    Column("holder", String(300), primary_key=True),
    Column("aad_id", String(64)),
    Column("email", String(254)),
    Column("role_name", Text, nullable=False),
    Column("name", Text),
    Column("user_id", String(512)),
    Column("added_at", UtcDateTime, nullable=False),
    Column("added_by_name", Text),
)

# One row per activity (or card answer) that changed something, so a redelivery by Teams acts once.
processed = Table(
    "processed",
    metadata,
    Column("key", String(600), primary_key=True),
    Column("at", UtcDateTime, nullable=False),
    Column("result", JSON),
    Column("replied_at", UtcDateTime),
)

# The next chaser owed for each open action, with the lease a sweeper holds while it sends it.
chasers = Table(
    "chasers",
    metadata,
    Column("action_id", String(64), ForeignKey("actions.id"), primary_key=True),
    Column("chat_id", String(512), nullable=False),
    Column("stage", String(64)),
    Column("kind", String(16)),
    Column("escalate", Boolean, nullable=False, server_default=false()),
    Column("due_at", UtcDateTime),
    Column("lease_owner", String(64)),
    Column("lease_until", UtcDateTime),
    Column("snoozed_until", UtcDateTime),
    Column("last_update_at", UtcDateTime),
    Column("updated_at", UtcDateTime, nullable=False),
    Index("ix_chasers_due", "due_at"),
    Index("ix_chasers_chat_due", "chat_id", "due_at"),
    # The rows to plan (a new action's, or one changed since it was planned): what the sweeper looks for each minute.
    Index(
        "ix_chasers_to_plan",
        "action_id",
        sqlite_where=text("kind IS NULL"),
        postgresql_where=text("kind IS NULL"),
    ),
)

# What marks a chaser row to be planned again by the next sweep (after the action changed or its owner answered).
REPLAN = {"stage": None, "kind": None, "due_at": None, "lease_owner": None, "lease_until": None}

# A stage is recorded once, after Teams accepted it: the primary key is the "never twice" guarantee.
chaser_sent = Table(
    "chaser_sent",
    metadata,
    Column("action_id", String(64), primary_key=True),
    Column("stage", String(64), primary_key=True),
    Column("sent_at", UtcDateTime, nullable=False),
    Column("route", String(16), nullable=False),
    Column("conversation_id", String(512)),
    Column("message_id", String(200)),
)

delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("action_id", String(64), nullable=False),
    Column("stage", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("detail", Text),
    Index("ix_delivery_attempts_action", "action_id"),
)
