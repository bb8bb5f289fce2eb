"""Actions found in the minutes people already have: PDF, Word, web pages, Markdown and plain text, in the shapes
real minutes take (labelled lines, narrative sentences, action trackers, fixed-width tables from PDFs, meeting-bot
and Markdown notes). Owners and deadlines are read by the same action-sentence reader as /action.

    read_minutes(data, name)  bytes of a file, its format found from its content
    parse_minutes(text)       pasted or plain text

Both raise MinutesRefused (a catalogue key) for what they will not read; neither stores anything. The work is pure
and bounded; the edges run it in a worker with a time budget (worker.py).
"""

from __future__ import annotations

from datetime import date

from bot.register.minutes.document import Document
from bot.register.minutes.formats import detect, embedded_tables, read_document
from bot.register.minutes.model import (
    MAX_FILE_BYTES,
    MAX_PDF_PAGES,
    MAX_UNPACKED_BYTES,
    ImportedAction,
    MinutesImport,
    MinutesRefused,
    Source,
    Status,
)
from bot.register.minutes.parsing import parse_document

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PDF_PAGES",
    "MAX_UNPACKED_BYTES",
    "ImportedAction",
    "MinutesImport",
    "MinutesRefused",
    "Source",
    "Status",
    "detect",
    "parse_minutes",
    "read_minutes",
]


def read_minutes(
    data: bytes,
    name: str = "",
    *,
    meeting_date: date | None = None,
    tz: str = "Europe/London",
    today: date | None = None,
) -> MinutesImport:
    return parse_document(read_document(data, name), meeting_date=meeting_date, tz=tz, today=today)


def parse_minutes(
    text: str, *, meeting_date: date | None = None, tz: str = "Europe/London", today: date | None = None
) -> MinutesImport:
    document = Document.from_text(embedded_tables(text))
    return parse_document(document, meeting_date=meeting_date, tz=tz, today=today)
