"""Indexes a big register needs: a meeting's actions by No. (its summary reads the first rows and counts them),
and one chat's planned chasers by time (/chasers reads the first few). Without them both read every action or
every chaser in the database.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_actions_occurrence_number", "actions", ["occurrence_id", "number"])
    op.create_index("ix_chasers_chat_due", "chasers", ["chat_id", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_chasers_chat_due", table_name="chasers")
    op.drop_index("ix_actions_occurrence_number", table_name="actions")
