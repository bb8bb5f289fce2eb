"""The register: chats, people, occurrences, actions, audit events, roles, processed activities.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chats",
        sa.Column("id", sa.String(512), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("service_url", sa.Text, nullable=False),
        sa.Column("reference", sa.JSON, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "people",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("aad_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.String(512)),
        sa.Column("name", sa.Text),
        sa.Column("locale", sa.String(32)),
        sa.Column("language", sa.String(8)),
        sa.Column("service_url", sa.Text),
        sa.Column("personal_chat_id", sa.String(512)),
        sa.Column("reference", sa.JSON),
        sa.Column("unreachable_since", UtcDateTime),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "occurrences",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("chat_id", sa.String(512), sa.ForeignKey("chats.id"), nullable=False),
        sa.Column("meeting_id", sa.String(512)),
        sa.Column("title", sa.Text),
        sa.Column("started_at", UtcDateTime, nullable=False),
        sa.Column("ended_at", UtcDateTime),
        sa.Column("organiser_aad_id", sa.String(64)),
        sa.Column("next_number", sa.Integer, nullable=False),
    )
    op.create_index("ix_occurrences_chat_started", "occurrences", ["chat_id", "started_at"])
    op.create_index(
        "uq_occurrences_one_open",
        "occurrences",
        ["chat_id"],
        unique=True,
        sqlite_where=sa.text("ended_at IS NULL"),
        postgresql_where=sa.text("ended_at IS NULL"),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("chat_id", sa.String(512), sa.ForeignKey("chats.id"), nullable=False),
        sa.Column("occurrence_id", sa.String(64), sa.ForeignKey("occurrences.id"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner_kind", sa.String(16)),
        sa.Column("owner_name", sa.Text),
        sa.Column("owner_aad_id", sa.String(64)),
        sa.Column("owner_user_id", sa.String(512)),
        sa.Column("deadline_text", sa.Text, nullable=False),
        sa.Column("deadline_kind", sa.String(16), nullable=False),
        sa.Column("deadline_due", UtcDateTime),
        sa.Column("deadline_latest", UtcDateTime),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("created_by_name", sa.Text, nullable=False),
        sa.Column("created_by_aad_id", sa.String(64)),
        sa.Column("created_by_user_id", sa.String(512)),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("closed_at", UtcDateTime),
        sa.Column("latest_update", sa.Text),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("occurrence_id", "number", name="uq_actions_occurrence_number"),
    )
    op.create_index("ix_actions_chat_status", "actions", ["chat_id", "status"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("action_id", sa.String(64)),
        sa.Column("chat_id", sa.String(512), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("actor_name", sa.Text, nullable=False),
        sa.Column("actor_aad_id", sa.String(64)),
        sa.Column("actor_user_id", sa.String(512)),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("surface", sa.String(16), nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_events_action_id", "audit_events", ["action_id"])
    op.create_table(
        "role_holders",
        sa.Column("chat_id", sa.String(512), sa.ForeignKey("chats.id"), primary_key=True),
        sa.Column("role_key", sa.String(200), primary_key=True),
        sa.Column("aad_id", sa.String(64), primary_key=True),
        sa.Column("role_name", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("user_id", sa.String(512)),
        sa.Column("added_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "processed",
        sa.Column("key", sa.String(600), primary_key=True),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("result", sa.JSON),
        sa.Column("replied_at", UtcDateTime),
    )


def downgrade() -> None:
    for table in ("processed", "role_holders", "audit_events", "actions", "occurrences", "people", "chats"):
        op.drop_table(table)
