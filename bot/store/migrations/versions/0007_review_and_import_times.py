"""When an action was imported (minutes of a past meeting) and when a review last answered it: chasing starts again
from a review, and imported history is not chased until a review or five working days after the import.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UtcDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("imported_at", UtcDateTime))
        batch.add_column(sa.Column("reviewed_at", UtcDateTime))


def downgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("reviewed_at")
        batch.drop_column("imported_at")
