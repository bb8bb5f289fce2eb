"""The store the storage tests share: migrated, with the meeting chat "chat-1" stored (actions need their chat)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import sqlalchemy as sa

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


MARCH = datetime(2025, 3, 17, 12, tzinfo=UTC)
APRIL = datetime(2025, 4, 14, 12, tzinfo=UTC)
JUNE = datetime(2025, 6, 16, 11, tzinfo=UTC)

# (chat, meeting, started, [numbers]) as the previous release stored them: each meeting counted from 1. April's
# minutes were imported with their own numbers (2 and 5).
OLD_REGISTER = [
    ("chat-1", "march", MARCH, [1, 2, 3]),
    ("chat-1", "april", APRIL, [2, 5]),
    ("chat-1", "june", JUNE, [1, 2]),
    ("chat-2", "c2-march", MARCH, [1]),
    ("chat-2", "c2-june", JUNE, [2]),
]


async def previous_release_database(
    url: str, *, chats: tuple[str, str] = ("chat-1", "chat-2"), tenant: str = "t1", logged_by: str | None = None
) -> SqlStore:
    """A database as the release before one-numbering-per-chat left it: numbers restarted at every meeting."""
    store = SqlStore.connect(url)
    await migrate(store, "0004")

    def fill(conn: sa.Connection) -> None:
        for chat in chats:
            conn.execute(
                sa.text(
                    "INSERT INTO chats (id, tenant_id, kind, title, service_url, reference, settings, created_at,"
                    " updated_at) VALUES (:id, :tenant, 'meeting', 'Forum', 'http://x/', '{}', '{}', :at, :at)"
                ),
                {"id": chat, "tenant": tenant, "at": MARCH.replace(tzinfo=None)},
            )
        for chat_name, meeting, started, numbers in OLD_REGISTER:
            chat = chats[int(chat_name[-1]) - 1]
            conn.execute(
                sa.text(
                    "INSERT INTO occurrences (id, chat_id, title, started_at, ended_at, next_number, opened_by)"
                    " VALUES (:id, :chat, :title, :at, :at, :next, 'event')"
                ),
                {"id": meeting, "chat": chat, "title": meeting.title(), "at": started.replace(tzinfo=None),
                 "next": max(numbers) + 1},
            )  # fmt: skip
            for number in numbers:
                action_id = f"{meeting}-{number}"
                conn.execute(
                    sa.text(
                        "INSERT INTO actions (id, tenant_id, chat_id, occurrence_id, number, text, deadline_text,"
                        " deadline_kind, status, created_at, created_by_name, created_by_aad_id, updated_at, version)"
                        " VALUES (:id, :tenant, :chat, :meeting, :number, :text, '', 'unknown', 'open', :at, 'Alex',"
                        " :by, :at, 1)"
                    ),
                    {"id": action_id, "tenant": tenant, "chat": chat, "meeting": meeting, "number": number,
                     "text": f"{meeting} action {number}", "by": logged_by, "at": started.replace(tzinfo=None)},
                )  # fmt: skip
                # A chaser row refers to every action: the rebuild of the actions table must keep them joined.
                conn.execute(
                    sa.text(
                        "INSERT INTO chasers (action_id, chat_id, escalate, updated_at) VALUES (:id, :chat, false, :at)"
                    ),
                    {"id": action_id, "chat": chat, "at": started.replace(tzinfo=None)},
                )

    await store.database.write(fill)
    return store
