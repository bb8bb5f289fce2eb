"""Roles held once: a role's holders belong to the tenant (the forum's Secretariat is the same people in every chat),
with per-chat additions.

`scope` is "" for a holder in every chat of the tenant, or the chat id of a per-chat addition. Holders named before
this release (per chat) become the tenant's: a role holder was named for the forum, and the chats of one tenant are
one forum's meetings. Who named them is kept from now on (`added_by_name`).

Revision ID: 0006
Revises: 0005
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_HOLDER = ("role_key", "holder", "aad_id", "email", "role_name", "name", "user_id", "added_at")


def _table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("scope", sa.String(512), primary_key=True),
        sa.Column("role_key", sa.String(200), primary_key=True),
        sa.Column("holder", sa.String(300), primary_key=True),
        sa.Column("aad_id", sa.String(64)),
        sa.Column("email", sa.String(254)),
        sa.Column("role_name", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("user_id", sa.String(512)),
        sa.Column("added_at", UtcDateTime, nullable=False),
        sa.Column("added_by_name", sa.Text),
    )


def upgrade() -> None:
    _table("role_holders_next")
    bind = op.get_bind()
    old = sa.table("role_holders", sa.column("chat_id", sa.String), *(sa.column(c) for c in _HOLDER))
    chats = sa.table("chats", sa.column("id", sa.String), sa.column("tenant_id", sa.String))
    rows = bind.execute(
        sa.select(chats.c.tenant_id, *(old.c[c] for c in _HOLDER))
        .join(chats, chats.c.id == old.c.chat_id)
        .order_by(old.c.added_at)
    ).all()
    # The same person in the same role in two chats of a tenant is one holder: the earliest naming stands.
    kept: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        kept.setdefault((row.tenant_id, row.role_key, row.holder), {"scope": "", **row._asdict()})
    new = sa.table("role_holders_next", sa.column("tenant_id"), sa.column("scope"), *(sa.column(c) for c in _HOLDER))
    if kept:
        bind.execute(sa.insert(new), list(kept.values()))
    op.drop_table("role_holders")
    op.rename_table("role_holders_next", "role_holders")


def downgrade() -> None:
    # Each holder goes back to every chat of their tenant they held the role in (a tenant's holder to all of them).
    op.create_table(
        "role_holders_before",
        sa.Column("chat_id", sa.String(512), sa.ForeignKey("chats.id"), primary_key=True),
        sa.Column("role_key", sa.String(200), primary_key=True),
        sa.Column("holder", sa.String(300), primary_key=True),
        sa.Column("aad_id", sa.String(64)),
        sa.Column("email", sa.String(254)),
        sa.Column("role_name", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("user_id", sa.String(512)),
        sa.Column("added_at", UtcDateTime, nullable=False),
    )
    columns = ", ".join(_HOLDER)
    held = ", ".join(f"h.{c}" for c in _HOLDER)
    op.execute(
        f"INSERT INTO role_holders_before (chat_id, {columns}) SELECT DISTINCT c.id, {held} FROM role_holders h"
        " JOIN chats c ON c.tenant_id = h.tenant_id WHERE h.scope = '' OR h.scope = c.id"
    )
    op.drop_table("role_holders")
    op.rename_table("role_holders_before", "role_holders")
