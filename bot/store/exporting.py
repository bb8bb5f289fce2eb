"""The register rendered for download: the Summary of Actions per meeting with its history (Markdown, Word), every
field and its history (CSV), dated deadlines (iCalendar).

Read in a few statements (the chat's meetings, actions and audit events, whatever their number), then rendered off
the event loop: a register of thousands of actions renders in a worker thread while the bot answers turns.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, tzinfo

import bot.register.exports as exports
import bot.register.record as record
from bot.register.history import histories
from bot.register.model import Action
from bot.register.record import Words
from bot.store.sql import SqlStore

CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ics": "text/calendar; charset=utf-8",
}


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
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown format {fmt!r}")
    chat_row = await store.get_chat(chat)
    title = (chat_row or {}).get("title")
    occurrences = await store.occurrences_of(chat)
    if meeting:
        occurrences = [o for o in occurrences if o.id == meeting]
    wanted = {o.id for o in occurrences}
    every = [a for a in await store.find_actions(chat) if a.occurrence_id in wanted]
    events = await store.events_of([a.id for a in every])

    def render() -> bytes:
        kept = histories(every, events)
        by_meeting: dict[str, list[Action]] = {o.id: [] for o in occurrences}
        for action in every:
            by_meeting[action.occurrence_id].append(action)
        groups = [(o, by_meeting[o.id]) for o in occurrences]
        if fmt == "md":
            return record.summary_markdown(groups, kept, chat_title=title, words=words).encode()
        if fmt == "docx":
            return record.summary_docx(groups, kept, chat_title=title, words=words)
        if fmt == "csv":
            meetings = {o.id: o for o in occurrences}
            return exports.register_csv(every, kept, tz=tz, meetings=meetings).encode()
        return exports.deadlines_ics(every, calendar_name=title or chat, now=now, tz=tz, histories=kept)

    return await asyncio.to_thread(render)


async def export_language(store: SqlStore, chat: str, *, default: str, fmt: str) -> str:
    """The language a document is written in: Word in the chat's language (bilingual by default, as the chat
    reads), the other formats in English (the Markdown keeps the minutes' English table, so it imports back)."""
    if fmt != "docx":
        return "en"
    chosen = (await store.chat_settings(chat)).get("language")
    return str(chosen) if chosen else default
