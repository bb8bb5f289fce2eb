"""The register rendered for download: Markdown and Word (the Summary of Actions per meeting), CSV, iCalendar."""

from __future__ import annotations

from datetime import datetime

import bot.register.exports as exports
from bot.store.sql import SqlStore

CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ics": "text/calendar; charset=utf-8",
}


async def render_export(store: SqlStore, *, chat: str, fmt: str, meeting: str | None, now: datetime) -> bytes:
    chat_row = await store.get_chat(chat)
    title = (chat_row or {}).get("title")
    occurrences = await store.occurrences_of(chat)
    if meeting:
        occurrences = [o for o in occurrences if o.id == meeting]
    groups = [(o, await store.occurrence_actions(o.id)) for o in occurrences]
    if fmt == "md":
        return exports.summary_markdown(groups, chat_title=title).encode()
    if fmt == "docx":
        return exports.summary_docx(groups, chat_title=title)
    every = [a for _, actions in groups for a in actions]
    if fmt == "csv":
        events = [e for a in every for e in await store.audit_trail(a.id)]
        return exports.register_csv(every, events).encode()
    if fmt == "ics":
        return exports.deadlines_ics(every, calendar_name=title or chat, now=now)
    raise ValueError(f"unknown format {fmt!r}")
