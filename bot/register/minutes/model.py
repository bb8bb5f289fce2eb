"""What the importer hands out (actions found, with where they came from) and how it refuses a document."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.register.errors import ChaserError
from bot.register.model import Deadline

# Refused before anything is read: bigger files are not minutes (a year of a busy board's minutes is ~5 MB).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 300
# A .docx is a zip: its parts are refused before they are unpacked when they would grow past this (zip bomb).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Text deflates ~5-10x; 200x is a crafted archive, whatever its total.
MAX_ZIP_RATIO = 200
# The text the shape readers see, after extraction: ~2,000 pages of minutes.
MAX_TEXT_CHARS = 8 * 1024 * 1024


class MinutesRefused(ChaserError):
    """A document refused with one clear line (a catalogue key): too big, not what it says it is, or unreadable.
    Nothing was stored."""


class Status(StrEnum):
    OPEN = "open"
    DONE = "done"


@dataclass(frozen=True)
class Source:
    """Where in the document an action was read: lines of the extracted text (1-based, inclusive) and, for
    documents with pages, the page its first line is on."""

    first_line: int
    last_line: int
    page: int | None = None


@dataclass(frozen=True)
class ImportedAction:
    no: int | None
    text: str
    owner: str | None
    deadline_text: str | None
    deadline: Deadline
    status: Status = Status.OPEN
    # The document's own reference when it is not a plain number ("01.05", "PUB23/4/30.5").
    ref: str | None = None
    source: Source = field(default_factory=lambda: Source(0, 0))


@dataclass(frozen=True)
class MinutesImport:
    title: str | None
    meeting_date: date | None
    actions: tuple[ImportedAction, ...]
    # The format read ("pdf", "docx", "html", "text") and the document's size in pages (1 for text).
    format: str = "text"
    pages: int = 1
