"""The store the storage tests share: migrated, with the meeting chat "chat-1" stored (actions need their chat)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from bot.store.migrate import migrate
from bot.store.sql import SqlStore

STORED_AT = datetime(2025, 3, 17, 12, 30, tzinfo=UTC)


@asynccontextmanager
async def store_with_chat(url: str) -> AsyncIterator[SqlStore]:
    store = SqlStore.connect(url)
    await migrate(store)
    await store.save_chat(
        chat_id="chat-1",
        tenant_id="t1",
        kind="meeting",
        title="Forum",
        service_url="http://x/",
        reference={},
        now=STORED_AT,
    )
    try:
        yield store
    finally:
        await store.close()
