"""Text from a PDF with pypdf, laid out as on the page.

Layout mode keeps each table row on its line with its cells at their columns, which is what the fixed-width table
reader needs (a cell that wraps continues under itself on the following lines). A page that layout mode cannot read
falls back to plain extraction. Pages are separated by form feeds.
"""

from __future__ import annotations

import io
import logging

from bot.register.minutes.model import MAX_PDF_PAGES, MinutesRefused

# pypdf reports every oddity of a damaged file at WARNING; the import's own answer is what the user needs.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def pdf_text(data: bytes) -> tuple[str, int]:
    """The text of every page (form-feed separated) and the number of pages. Raises MinutesRefused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise MinutesRefused("error.import.pdf_encrypted")
        count = len(reader.pages)
    except MinutesRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, NotImplementedError) as error:
        raise MinutesRefused("error.import.pdf_unreadable") from error
    if count > MAX_PDF_PAGES:
        raise MinutesRefused("error.import.pdf_too_many_pages", pages=count, limit=MAX_PDF_PAGES)
    pages: list[str] = []
    for page in reader.pages:
        pages.append(_page_text(page))
    if not any(text.strip() for text in pages):
        raise MinutesRefused("error.import.pdf_no_text")
    # Each page starts on a line of its own, so its first line is never glued to the last of the page before.
    return "\n\f".join(pages), count


def _page_text(page: object) -> str:
    try:
        # Vertical spacing kept: paragraphs come out separated by blank lines, as the narrative reader needs.
        text = page.extract_text(extraction_mode="layout")  # type: ignore[attr-defined]
    except Exception:  # layout mode has failed on odd fonts; plain extraction still reads them
        try:
            text = page.extract_text()  # type: ignore[attr-defined]
        except Exception:  # one unreadable page must not lose the others
            return ""
    return "\n".join(line.rstrip() for line in str(text or "").split("\n"))
