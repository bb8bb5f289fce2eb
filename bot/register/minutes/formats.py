"""Which format a file is, from its bytes (the name is only a hint), and its text as a Document.

A .docx that is not a zip, a .doc from Word 97, an OpenDocument file or a PDF with no text layer each get one clear
line (a catalogue key) instead of a traceback; so does anything over the size limits, checked before it is read.
"""

from __future__ import annotations

import codecs

from bot.register.minutes.document import Document
from bot.register.minutes.model import MAX_FILE_BYTES, MinutesRefused

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, old .xls
_HTML_MARKERS = ("<!doctype html", "<html", "<body", "<table", "<div", "<ul", "<ol", "<h1", "<h2")


def detect(data: bytes, name: str = "") -> str:
    """ "pdf", "docx", "html" or "text"; refuses formats it cannot read with a line saying what to do."""
    lower = name.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_ZIP):
        if b"mimetype" in data[:200] and b"opendocument" in data[:200]:
            raise MinutesRefused("error.import.opendocument")
        return "docx"
    if data.startswith(_OLE):
        raise MinutesRefused("error.import.old_word")
    if lower.endswith((".docx", ".docm", ".dotx")):
        raise MinutesRefused("error.import.not_docx")
    if lower.endswith(".pdf"):
        raise MinutesRefused("error.import.not_pdf")
    if data.lstrip()[:6] == b"{\\rtf1":
        raise MinutesRefused("error.import.rtf")
    text_head = decode(head).lstrip("\ufeff \t\r\n").lower()
    if lower.endswith((".htm", ".html")) and text_head.startswith("<"):
        return "html"
    if text_head.startswith("<") and any(marker in text_head for marker in _HTML_MARKERS):
        return "html"
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise MinutesRefused("error.import.unreadable")
    return "text"


def decode(data: bytes) -> str:
    """Text as saved by Word, Notepad or a browser: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A truncated head (detect() reads 1 KB) ends mid-character: that is still UTF-8.
        if error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8")
        return data.decode("cp1252", errors="replace")


def read_document(data: bytes, name: str = "") -> Document:
    """The document's text in lines, whatever its format. Raises MinutesRefused."""
    if len(data) > MAX_FILE_BYTES:
        raise MinutesRefused("error.import.file_too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
    kind = detect(data, name)
    if kind == "pdf":
        from bot.register.minutes.pdf import pdf_text

        text, pages = pdf_text(data)
        document = Document.from_text(text, format="pdf", paged=True)
        return Document(document.lines, document.pages, "pdf", pages)
    if kind == "docx":
        from bot.register.minutes.word import docx_text

        return Document.from_text(docx_text(data), format="docx")
    if kind == "html":
        from bot.register.minutes.webpage import html_text

        return Document.from_text(html_text(decode(data)), format="html")
    return Document.from_text(embedded_tables(decode(data)))


def embedded_tables(text: str) -> str:
    """Markdown notes that carry HTML tables (GitBook, GitHub wikis): each <table>…</table> read as a web page's
    table would be, the text around it left as it is. One forward scan."""
    lower = text.lower()
    if "<table" not in lower:
        return text
    from bot.register.minutes.webpage import html_text

    parts: list[str] = []
    at = 0
    while True:
        start = lower.find("<table", at)
        end = lower.find("</table>", start) if start >= 0 else -1
        if start < 0 or end < 0:
            break
        parts.append(text[at:start])
        parts.append("\n" + html_text(text[start : end + len("</table>")]) + "\n")
        at = end + len("</table>")
    parts.append(text[at:])
    return "".join(parts)
