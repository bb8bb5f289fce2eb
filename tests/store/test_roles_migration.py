"""Migration 0006: role holders named per chat before it become their tenant's (held once, in every chat)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from bot.store.migrate import downgrade, migrate
from bot.store.sql import SqlStore

MARCH = datetime(2025, 3, 17, 12, tzinfo=UTC)
CHATS = {"forum": "t1", "working-group": "t1", "other-org": "t2"}
# (chat, role, holder, minutes after MARCH): Alex was named Secretariat in both of t1's chats.
HELD = [
    ("forum", "secretariat", "aad-alex", 0),
    ("working-group", "secretariat", "aad-alex", 5),
    ("working-group", "chair", "aad-beth", 6),
    ("other-org", "secretariat", "aad-carys", 7),
]


async def test_per_chat_holders_become_the_tenants_once(db_url: str) -> None:
    store = SqlStore.connect(db_url)
    try:
        await migrate(store, "0005")

        def fill(conn: sa.Connection) -> None:
            for chat, tenant in CHATS.items():
                conn.execute(
                    sa.text(
                        "INSERT INTO chats (id, tenant_id, kind, service_url, reference, settings, created_at,"
                        " updated_at) VALUES (:id, :tenant, 'meeting', 'http://x/', '{}', '{}', :at, :at)"
                    ),
                    {"id": chat, "tenant": tenant, "at": MARCH.replace(tzinfo=None)},
                )
            for chat, role, holder, minutes in HELD:
                conn.execute(
                    sa.text(
                        "INSERT INTO role_holders (chat_id, role_key, holder, aad_id, role_name, name, added_at)"
                        " VALUES (:chat, :role, :holder, :aad, :name, :who, :at)"
                    ),
                    {"chat": chat, "role": role, "holder": holder, "aad": holder, "who": holder, "name": role.title(),
                     "at": MARCH.replace(tzinfo=None) + timedelta(minutes=minutes)},
                )  # fmt: skip

        await store.database.write(fill)
        await migrate(store)
        assert [p.aad_id for p in await store.role_holders("working-group", "Secretariat")] == ["aad-alex"]
        [alex] = await store.role_holding("forum", "Secretariat")
        assert alex.every_chat and alex.added_at == MARCH
        assert [p.aad_id for p in await store.role_holders("forum", "Chair")] == ["aad-beth"]
        assert [p.aad_id for p in await store.role_holders("other-org", "Secretariat")] == ["aad-carys"]
        assert await store.count("role_holders") == 3

        await downgrade(store, "0005")
        rows = await store.database.read(
            lambda conn: sorted(conn.execute(sa.text("SELECT chat_id, holder FROM role_holders")).all())
        )
        assert [tuple(r) for r in rows] == [
            ("forum", "aad-alex"), ("forum", "aad-beth"), ("other-org", "aad-carys"),
            ("working-group", "aad-alex"), ("working-group", "aad-beth"),
        ]  # fmt: skip
    finally:
        await store.close()
