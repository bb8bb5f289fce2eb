"""A document as the shape readers see it: lines of text, each with the page it is on.

Every format is turned into this first (tables become tab-separated lines, list items start with "• ", a PDF's pages
are separated by form feeds), so one set of shape readers serves them all and line numbers mean the same thing in the
CLI's JSON as in `chaser import --text`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.register.minutes.model import MAX_TEXT_CHARS, MinutesRefused

PAGE_BREAK = "\f"


@dataclass(frozen=True)
class Document:
    lines: tuple[str, ...]
    # The 1-based page of each line, for formats with pages; empty otherwise.
    pages: tuple[int, ...]
    format: str
    page_count: int

    @classmethod
    def from_text(cls, text: str, *, format: str = "text", paged: bool = False) -> Document:
        if len(text) > MAX_TEXT_CHARS:
            raise MinutesRefused("error.import.file_too_large", limit=MAX_TEXT_CHARS // (1024 * 1024))
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        lines: list[str] = []
        pages: list[int] = []
        page = 1
        for line in text.split("\n"):
            if PAGE_BREAK in line:
                # A page break inside a line: the rest of the line is on the next page.
                page += line.count(PAGE_BREAK)
                line = line.replace(PAGE_BREAK, "")
            lines.append(line)
            pages.append(page)
        return cls(tuple(lines), tuple(pages) if paged else (), format, page if paged else 1)

    def page_of(self, index: int) -> int | None:
        """The page of line `index` (0-based), or None for a document without pages."""
        return self.pages[index] if self.pages and 0 <= index < len(self.pages) else None
