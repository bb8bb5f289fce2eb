"""People by email: a person is known by their Entra id, their email address or both (people and role holders are
keyed by bot.register.model.Person.key); owners, loggers and actors keep their address; how each person is reached.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from bot.store.schema import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_PEOPLE_KEPT = (
    "tenant_id",
    "aad_id",
    "user_id",
    "name",
    "locale",
    "language",
    "service_url",
    "personal_chat_id",
    "reference",
    "unreachable_since",
    "created_at",
    "updated_at",
)
_HOLDERS_KEPT = ("chat_id", "role_key", "aad_id", "role_name", "name", "user_id", "added_at")


def upgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("owner_email", sa.String(254)))
        batch.add_column(sa.Column("created_by_email", sa.String(254)))
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("actor_email", sa.String(254)))

    # The primary keys change (an address-only person has no Entra id): each table is rebuilt and its rows copied,
    # the same way on SQLite and PostgreSQL.
    op.create_table(
        "people_next",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("person_key", sa.String(300), primary_key=True),
        sa.Column("aad_id", sa.String(64)),
        sa.Column("email", sa.String(254)),
        sa.Column("user_id", sa.String(512)),
        sa.Column("name", sa.Text),
        sa.Column("locale", sa.String(32)),
        sa.Column("language", sa.String(8)),
        sa.Column("service_url", sa.Text),
        sa.Column("personal_chat_id", sa.String(512)),
        sa.Column("reference", sa.JSON),
        sa.Column("unreachable_since", UtcDateTime),
        sa.Column("reach_route", sa.String(16)),
        sa.Column("reach_at", UtcDateTime),
        sa.Column("mail_failure", sa.Text),
        sa.Column("mail_failed_at", UtcDateTime),
        sa.Column("mail_refused_until", UtcDateTime),
        sa.Column("install_failure", sa.Text),
        sa.Column("install_failed_at", UtcDateTime),
        sa.Column("links_valid_from", UtcDateTime),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    kept = ", ".join(_PEOPLE_KEPT)
    op.execute(f"INSERT INTO people_next (person_key, {kept}) SELECT aad_id, {kept} FROM people")
    op.drop_table("people")
    op.rename_table("people_next", "people")
    op.create_index("uq_people_aad_id", "people", ["tenant_id", "aad_id"], unique=True)
    op.create_index("uq_people_email", "people", ["tenant_id", "email"], unique=True)

    op.create_table(
        "role_holders_next",
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
    kept = ", ".join(_HOLDERS_KEPT)
    op.execute(f"INSERT INTO role_holders_next (holder, {kept}) SELECT aad_id, {kept} FROM role_holders")
    op.drop_table("role_holders")
    op.rename_table("role_holders_next", "role_holders")


def downgrade() -> None:
    # Address-only people and holders have no Entra id to key the old tables by: they are dropped.
    op.create_table(
        "role_holders_before",
        sa.Column("chat_id", sa.String(512), sa.ForeignKey("chats.id"), primary_key=True),
        sa.Column("role_key", sa.String(200), primary_key=True),
        sa.Column("aad_id", sa.String(64), primary_key=True),
        sa.Column("role_name", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("user_id", sa.String(512)),
        sa.Column("added_at", UtcDateTime, nullable=False),
    )
    kept = ", ".join(_HOLDERS_KEPT)
    op.execute(f"INSERT INTO role_holders_before ({kept}) SELECT {kept} FROM role_holders WHERE aad_id IS NOT NULL")
    op.drop_table("role_holders")
    op.rename_table("role_holders_before", "role_holders")

    op.create_table(
        "people_before",
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
    kept = ", ".join(_PEOPLE_KEPT)
    op.execute(f"INSERT INTO people_before ({kept}) SELECT {kept} FROM people WHERE aad_id IS NOT NULL")
    op.drop_table("people")
    op.rename_table("people_before", "people")

    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("actor_email")
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("created_by_email")
        batch.drop_column("owner_email")
