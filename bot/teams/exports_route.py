"""Export downloads: /export answers with signed links; GET /exports streams them (403 for a wrong or expired link)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from bot.config import Settings
from bot.register.exports_link import link_query, verify
from bot.register.ports import Clock
from bot.store.exporting import CONTENT_TYPES, export_language, stream_export
from bot.store.sql import SqlStore
from cards.export_card import export_card
from cards.words import words_for

LINK_MINUTES = 15


class ExportLinks:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock

    def url(self, chat_id: str, fmt: str) -> str:
        expires = int(self.clock.now().timestamp()) + LINK_MINUTES * 60
        query = link_query(self.settings.export_secret, chat_id, fmt, expires=expires)
        return f"{self.settings.public_url}/exports?{urlencode(query)}"

    def card(self, chat_id: str, *, locale: str | None) -> dict[str, Any]:
        links = {fmt: self.url(chat_id, fmt) for fmt in ("docx", "csv", "md", "ics")}
        return export_card(links, locale=locale, minutes=LINK_MINUTES)


def exports_route(settings: Settings, store: SqlStore, clock: Clock) -> Any:
    async def download(request: web.Request) -> web.StreamResponse:
        found = verify(settings.export_secret, dict(request.query), now=clock.now())
        if found is None:
            return web.json_response(
                {
                    "error": {
                        "code": "Forbidden",
                        "message": "this link is wrong or has expired: ask Chaser for /export",
                    }
                },
                status=403,
            )
        chat_id, fmt = found
        language = await export_language(store, chat_id, default=settings.chat_language, fmt=fmt)
        words = words_for(language, settings.tz)
        stamp = time.strftime("%Y%m%d")
        response = web.StreamResponse(
            headers={
                "Content-Type": CONTENT_TYPES[fmt],
                "Content-Disposition": f'attachment; filename="chaser-actions-{stamp}.{fmt}"',
                "Cache-Control": "no-store",
            },
        )
        # Sent as it is written, a page of the register at a time (chunked): a big register's document is never
        # held whole. A failure part-way cuts the download short, which the browser reports as failed.
        await response.prepare(request)

        async def send(data: bytes) -> None:
            if data:
                await response.write(data)

        await stream_export(
            store, send, chat=chat_id, fmt=fmt, meeting=None, now=clock.now(), tz=settings.tz, words=words
        )
        await response.write_eof()
        return response

    return download
