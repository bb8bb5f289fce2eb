"""Meeting lifecycle: when a summary and a review were posted for an occurrence, how it was opened, next meeting.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("occurrences") as batch:
        batch.add_column(sa.Column("opened_by", sa.String(16), nullable=False, server_default="command"))
        batch.add_column(sa.Column("summary_posted_at", UtcDateTime))
        batch.add_column(sa.Column("review_posted_at", UtcDateTime))
        batch.add_column(sa.Column("scheduled_start", UtcDateTime))
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("next_meeting_at", UtcDateTime))
        batch.add_column(sa.Column("next_meeting_source", sa.String(16)))


def downgrade() -> None:
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("next_meeting_source")
        batch.drop_column("next_meeting_at")
    with op.batch_alter_table("occurrences") as batch:
        batch.drop_column("scheduled_start")
        batch.drop_column("review_posted_at")
        batch.drop_column("summary_posted_at")
        batch.drop_column("opened_by")
