"""One numbering per chat: an action's No. is unique and permanent within its chat (the series), not its meeting.

Where a chat already has duplicate numbers (numbers restarted at every meeting before this release), the earliest
meeting keeps its numbers and each later duplicate moves past the chat's highest number, in meeting order. The old
number is written to the audit trail ("renumbered") and kept on the action (`former_number`) until a card has shown
it beside the new one.

Revision ID: 0005
Revises: 0004
"""

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_actions = sa.table(
    "actions",
    sa.column("id", sa.String),
    sa.column("chat_id", sa.String),
    sa.column("occurrence_id", sa.String),
    sa.column("number", sa.Integer),
    sa.column("former_number", sa.Integer),
)
_occurrences = sa.table(
    "occurrences",
    sa.column("id", sa.String),
    sa.column("title", sa.Text),
    sa.column("started_at", UtcDateTime),
)
_chats = sa.table("chats", sa.column("id", sa.String), sa.column("next_number", sa.Integer))
_audit = sa.table(
    "audit_events",
    sa.column("action_id", sa.String),
    sa.column("chat_id", sa.String),
    sa.column("at", UtcDateTime),
    sa.column("actor_name", sa.Text),
    sa.column("kind", sa.String),
    sa.column("surface", sa.String),
    sa.column("detail", sa.JSON),
)
_BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("chats") as batch:
        batch.add_column(sa.Column("next_number", sa.Integer, nullable=False, server_default=sa.text("1")))
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("former_number", sa.Integer))
    _renumber(op.get_bind(), datetime.now(UTC))
    with op.batch_alter_table("actions") as batch:
        batch.drop_constraint("uq_actions_occurrence_number", type_="unique")
        batch.create_unique_constraint("uq_actions_chat_number", ["chat_id", "number"])
    # The one-open-sitting index is partial (WHERE ended_at IS NULL): rebuilt by hand around the table's rebuild on
    # SQLite, which would otherwise copy it without its condition.
    op.drop_index("uq_occurrences_one_open", table_name="occurrences")
    with op.batch_alter_table("occurrences") as batch:
        batch.drop_column("next_number")
    _one_open_index()


def _one_open_index() -> None:
    op.create_index(
        "uq_occurrences_one_open",
        "occurrences",
        ["chat_id"],
        unique=True,
        sqlite_where=sa.text("ended_at IS NULL"),
        postgresql_where=sa.text("ended_at IS NULL"),
    )


def _renumber(bind: sa.engine.Connection, now: datetime) -> None:
    duplicated = (
        sa.select(_actions.c.chat_id)
        .group_by(_actions.c.chat_id, _actions.c.number)
        .having(sa.func.count() > 1)
        .distinct()
    )
    for chat_id in [row.chat_id for row in bind.execute(duplicated)]:
        _renumber_chat(bind, chat_id, now)
    highest = (
        sa.select(sa.func.coalesce(sa.func.max(_actions.c.number), 0) + 1)
        .where(_actions.c.chat_id == _chats.c.id)
        .scalar_subquery()
    )
    bind.execute(sa.update(_chats).values(next_number=highest))


def _renumber_chat(bind: sa.engine.Connection, chat_id: str, now: datetime) -> None:
    rows = bind.execute(
        sa.select(_actions.c.id, _actions.c.number, _occurrences.c.title, _occurrences.c.started_at)
        .join(_occurrences, _occurrences.c.id == _actions.c.occurrence_id)
        .where(_actions.c.chat_id == chat_id)
        .order_by(_occurrences.c.started_at, _occurrences.c.id, _actions.c.number)
    ).all()
    highest = max(row.number for row in rows)
    seen: set[int] = set()
    moves: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for row in rows:
        if row.number not in seen:
            seen.add(row.number)
            continue
        highest += 1
        moves.append({"b_id": row.id, "b_number": highest, "b_former": row.number})
        events.append(
            {
                "action_id": row.id,
                "chat_id": chat_id,
                "at": now,
                "actor_name": "Chaser",
                "kind": "renumbered",
                "surface": "migration",
                "detail": {
                    "from": row.number,
                    "to": highest,
                    "meeting": row.title,
                    "meeting_started": row.started_at.isoformat() if row.started_at else None,
                },
            }
        )
    # Moved one at a time, each to a number nobody has, so the old (per-meeting) constraint holds throughout.
    statement = (
        sa.update(_actions)
        .where(_actions.c.id == sa.bindparam("b_id"))
        .values(number=sa.bindparam("b_number"), former_number=sa.bindparam("b_former"))
    )
    for start in range(0, len(moves), _BATCH):
        bind.execute(statement, moves[start : start + _BATCH])
        bind.execute(sa.insert(_audit), events[start : start + _BATCH])


def downgrade() -> None:
    # Numbers given by this release stay as they are (unique per chat is also unique per meeting).
    op.drop_index("uq_occurrences_one_open", table_name="occurrences")
    with op.batch_alter_table("occurrences") as batch:
        batch.add_column(sa.Column("next_number", sa.Integer, nullable=False, server_default=sa.text("1")))
    _one_open_index()
    counters = sa.table("occurrences", sa.column("id", sa.String), sa.column("next_number", sa.Integer))
    highest = (
        sa.select(sa.func.coalesce(sa.func.max(_actions.c.number), 0) + 1)
        .where(_actions.c.occurrence_id == counters.c.id)
        .scalar_subquery()
    )
    op.get_bind().execute(sa.update(counters).values(next_number=highest))
    with op.batch_alter_table("actions") as batch:
        batch.drop_constraint("uq_actions_chat_number", type_="unique")
        batch.create_unique_constraint("uq_actions_occurrence_number", ["occurrence_id", "number"])
        batch.drop_column("former_number")
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("next_number")
