"""The register rendered for download: the Summary of Actions per meeting with its history (Markdown, Word), every
field and its history (CSV), dated deadlines (iCalendar).

Streamed: read a page of actions at a time (by index, with their audit events in one statement), each page rendered
in a worker thread and sent before the next is read, so a register of thousands of actions neither holds the event
loop nor sits whole in memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo

import bot.register.exports as exports
import bot.register.record as record
from bot.register.history import histories
from bot.register.model import Action, AuditEvent, Occurrence
from bot.register.record import ExportWriter, Words
from bot.register.record_docx import DocxWriter
from bot.store.sql import SqlStore

CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ics": "text/calendar; charset=utf-8",
}


# Actions per page: each page is read in two statements (its actions, their audit events) and rendered in a worker
# thread, so neither the event loop nor memory ever holds more than a page's worth of the register.
PAGE = 500

Send = Callable[[bytes], Awaitable[None]]


def writer_for(fmt: str, *, title: str | None, chat: str, now: datetime, tz: tzinfo, words: Words) -> ExportWriter:
    if fmt == "md":
        return record.MarkdownWriter(chat_title=title, words=words)
    if fmt == "docx":
        return DocxWriter(chat_title=title, words=words)
    if fmt == "csv":
        return exports.CsvWriter(tz=tz)
    if fmt == "ics":
        return exports.IcsWriter(calendar_name=title or chat, now=now, tz=tz)
    raise ValueError(f"unknown format {fmt!r}")


async def stream_export(
    store: SqlStore,
    send: Send,
    *,
    chat: str,
    fmt: str,
    meeting: str | None,
    now: datetime,
    tz: tzinfo,
    words: Words,
    page_size: int = PAGE,
) -> None:
    """Write the document to `send` as it is read: meeting by meeting, a page of actions at a time."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown format {fmt!r}")
    chat_row = await store.get_chat(chat)
    title = (chat_row or {}).get("title")
    occurrences = await store.occurrences_of(chat)
    if meeting:
        occurrences = [o for o in occurrences if o.id == meeting]
    writer = await asyncio.to_thread(writer_for, fmt, title=title, chat=chat, now=now, tz=tz, words=words)
    await send(await asyncio.to_thread(writer.begin))
    for occurrence in occurrences:
        await send(writer.meeting(occurrence))
        after: int | None = None
        while True:
            page = await store.occurrence_actions(occurrence.id, after=after, limit=page_size)
            if not page:
                break
            events = await store.events_of([a.id for a in page])
            await send(await asyncio.to_thread(_page, writer, occurrence, page, events))
            if len(page) < page_size:
                break
            after = page[-1].number
        await send(await asyncio.to_thread(writer.end_meeting, occurrence))
    await send(await asyncio.to_thread(writer.end))


def _page(writer: ExportWriter, occurrence: Occurrence, page: list[Action], events: list[AuditEvent]) -> bytes:
    return writer.page(occurrence, page, histories(page, events))


async def render_export(
    store: SqlStore,
    *,
    chat: str,
    fmt: str,
    meeting: str | None,
    now: datetime,
    tz: tzinfo,
    words: Words,
) -> bytes:
    """The whole document (the command line writes it to a file)."""
    parts: list[bytes] = []

    async def keep(data: bytes) -> None:
        parts.append(data)

    await stream_export(store, keep, chat=chat, fmt=fmt, meeting=meeting, now=now, tz=tz, words=words)
    return b"".join(parts)


async def export_language(store: SqlStore, chat: str, *, default: str, fmt: str) -> str:
    """The language a document is written in: Word in the chat's language (bilingual by default, as the chat
    reads), the other formats in English (the Markdown keeps the minutes' English table, so it imports back)."""
    if fmt != "docx":
        return "en"
    chosen = (await store.chat_settings(chat)).get("language")
    return str(chosen) if chosen else default
