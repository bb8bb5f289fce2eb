"""Chats: conversation references for proactive messages, settings, the next meeting."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from bot.store.schema import chats
from bot.store.sql.base import StoreBase
from bot.store.sql.rows import insert_ignoring_race
from bot.store.sql.statements import CHAT_SETTINGS


class ChatRecords(StoreBase):
    async def save_chat(
        self,
        *,
        chat_id: str,
        tenant_id: str,
        kind: str,
        title: str | None,
        service_url: str,
        reference: Mapping[str, Any],
        now: datetime,
    ) -> None:
        values: dict[str, Any] = {
            "tenant_id": tenant_id,
            "kind": kind,
            "service_url": service_url,
            "reference": dict(reference),
            "updated_at": now,
        }
        if title:
            values["title"] = title

        def save(conn: Connection) -> None:
            if conn.execute(select(chats.c.id).where(chats.c.id == chat_id)).first():
                conn.execute(update(chats).where(chats.c.id == chat_id).values(**values))
            else:
                insert_ignoring_race(
                    conn, chats, {"id": chat_id, "title": title, "settings": {}, "created_at": now, **values}
                )

        await self.database.write(save)

    async def get_chat(self, chat_id: str) -> dict[str, Any] | None:
        def get(conn: Connection) -> dict[str, Any] | None:
            row = conn.execute(select(chats).where(chats.c.id == chat_id)).first()
            return dict(row._mapping) if row else None

        return await self.database.read(get)

    async def chat_settings(self, chat_id: str) -> dict[str, Any]:
        """A chat's settings alone (asked every turn for its language: the whole row carries the reference JSON)."""
        if self._sqlite is not None:
            row = await self._sqlite.direct_read(
                lambda db: self._direct().chat_settings.first(db, {"chat_id": chat_id})
            )
            return dict(row[0] or {}) if row else {}

        def get(conn: Connection) -> dict[str, Any]:
            found = conn.execute(CHAT_SETTINGS, {"chat_id": chat_id}).first()
            return dict(found.settings or {}) if found else {}

        return await self.database.read(get)

    async def set_chat_setting(self, chat_id: str, name: str, value: object, *, now: datetime) -> None:
        def save(conn: Connection) -> None:
            row = conn.execute(select(chats.c.settings).where(chats.c.id == chat_id)).first()
            if row is None:
                return
            settings = {**(row.settings or {}), name: value}
            conn.execute(update(chats).where(chats.c.id == chat_id).values(settings=settings, updated_at=now))

        await self.database.write(save)

    async def any_chat_of_tenant(self, tenant_id: str) -> tuple[str, str] | None:
        """A service URL and the bot's id in this tenant (from any stored reference), to open a 1:1 chat with."""
        query = (
            select(chats.c.service_url, chats.c.reference)
            .where(chats.c.tenant_id == tenant_id)
            .order_by(chats.c.updated_at.desc())
            .limit(1)
        )
        row = await self.database.read(lambda conn: conn.execute(query).first())
        if row is None:
            return None
        bot_id = (row.reference or {}).get("bot", {}).get("id")
        return (str(row.service_url), str(bot_id)) if bot_id else None

    # -- occurrences ---------------------------------------------------------------------------------------

    async def chat_ids(self) -> list[str]:
        query = select(chats.c.id).order_by(chats.c.created_at)
        return await self.database.read(lambda conn: [row.id for row in conn.execute(query)])

    async def set_next_meeting(self, chat_id: str, at: datetime | None, *, source: str) -> None:
        statement = update(chats).where(chats.c.id == chat_id).values(next_meeting_at=at, next_meeting_source=source)
        await self.database.write(lambda conn: conn.execute(statement))

    async def next_meeting(self, chat_id: str) -> datetime | None:
        query = select(chats.c.next_meeting_at).where(chats.c.id == chat_id)
        return await self.database.read(lambda conn: conn.execute(query).scalar())
