"""Chasers: the next chaser owed per action, stages sent (never twice), every delivery attempt; snoozes.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chasers",
        sa.Column("action_id", sa.String(64), sa.ForeignKey("actions.id"), primary_key=True),
        sa.Column("chat_id", sa.String(512), nullable=False),
        sa.Column("stage", sa.String(64)),
        sa.Column("kind", sa.String(16)),
        sa.Column("escalate", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("due_at", UtcDateTime),
        sa.Column("lease_owner", sa.String(64)),
        sa.Column("lease_until", UtcDateTime),
        sa.Column("snoozed_until", UtcDateTime),
        sa.Column("last_update_at", UtcDateTime),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_chasers_due", "chasers", ["due_at"])
    op.create_table(
        "chaser_sent",
        sa.Column("action_id", sa.String(64), primary_key=True),
        sa.Column("stage", sa.String(64), primary_key=True),
        sa.Column("sent_at", UtcDateTime, nullable=False),
        sa.Column("route", sa.String(16), nullable=False),
        sa.Column("conversation_id", sa.String(512)),
        sa.Column("message_id", sa.String(200)),
    )
    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("action_id", sa.String(64), nullable=False),
        sa.Column("stage", sa.String(64), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text),
    )
    op.create_index("ix_delivery_attempts_action", "delivery_attempts", ["action_id"])


def downgrade() -> None:
    op.drop_table("delivery_attempts")
    op.drop_table("chaser_sent")
    op.drop_table("chasers")
