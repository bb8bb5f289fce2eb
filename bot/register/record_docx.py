"""The Summary of Actions as a Word document, written as the register is read.

python-docx builds the document's frame once (A4, its styles, numbering and settings); the body is written as
WordprocessingML text straight into the compressed zip entry, page by page, so a register of thousands of actions
is never held as an XML tree (a tree of 10,000 rows took most of a second and ~100 MB to build and serialise, and
serialising held the GIL throughout). Each call returns the zip bytes written since the last.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from functools import cache
from typing import IO
from xml.sax.saxutils import escape

from bot.register.history import History
from bot.register.model import Action, Occurrence
from bot.register.record import COLUMNS, Words, _listed, history_lines, meeting_heading, row

DOCUMENT = "word/document.xml"
# Characters XML 1.0 cannot hold (C0 controls other than tab and line breaks); python-docx refuses them too.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile("(\t|\r\n|\r|\n)")
_TWIPS_PER_EMU = 1 / 635


class _Drain:
    """A write-only stream the zip is written to; what it holds is taken after each page (no tell or seek, so
    zipfile writes sizes after each entry's data instead of going back for them)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


@cache
def _frame() -> tuple[dict[str, bytes], str, str, dict[str, str], int]:
    """The blank A4 document's parts, its body's opening and closing XML, style ids, and a table column's width."""
    import docx
    from docx.shared import Mm

    document = docx.Document()
    for section in document.sections:
        # A4, as a UK secretariat prints and files it (python-docx's template is US Letter).
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    section = document.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    width = int(usable * _TWIPS_PER_EMU / len(COLUMNS))
    styles = {name: document.styles[name].style_id for name in ("Heading 1", "Heading 2", "Heading 3", "List Bullet")}
    styles["Table Grid"] = document.styles["Table Grid"].style_id
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts.pop(DOCUMENT).decode()
    opening = xml[: xml.index("<w:body>") + len("<w:body>")]
    closing = xml[xml.rindex("<w:sectPr") :]
    return parts, opening, closing, styles, width


def _runs(text: str, *, bold: bool = False) -> str:
    """A run holding `text`: tabs and line breaks as Word's own elements, characters XML cannot hold left out."""
    properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    out = []
    for piece in _BREAKS.split(_NOT_XML.sub("", text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r\n", "\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{properties}{''.join(out)}</w:r>"


class DocxWriter:
    def __init__(self, *, chat_title: str | None, words: Words) -> None:
        self.chat_title, self.words = chat_title, words
        self._parts, self._opening, self._closing, self._styles, self._width = _frame()
        self._drain = _Drain()
        self._zip = zipfile.ZipFile(self._drain, "w", compression=zipfile.ZIP_DEFLATED)
        self._body: IO[bytes] | None = None
        self._lines: list[str] = []

    def _write_only(self, xml: str) -> None:
        assert self._body is not None
        self._body.write(xml.encode())

    def _write(self, xml: str) -> bytes:
        self._write_only(xml)
        return self._drain.take()

    def _paragraph(self, text: str, style: str) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{self._styles[style]}"/></w:pPr>{_runs(text)}</w:p>'

    def _row(self, cells: Sequence[str], *, bold: bool) -> str:
        width = f'<w:tcPr><w:tcW w:type="dxa" w:w="{self._width}"/></w:tcPr>'
        return "<w:tr>" + "".join(f"<w:tc>{width}<w:p>{_runs(c, bold=bold)}</w:p></w:tc>" for c in cells) + "</w:tr>"

    def begin(self) -> bytes:
        # The document's body first, streamed; the frame's other parts after it.
        self._body = self._zip.open(DOCUMENT, "w")
        title = self.chat_title or self.words.say("export.document_title")
        return self._write(self._opening + self._paragraph(title, "Heading 1"))

    def meeting(self, occurrence: Occurrence) -> bytes:
        self._lines = []
        grid = "".join(f'<w:gridCol w:w="{self._width}"/>' for _ in COLUMNS)
        table = (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self._styles["Table Grid"]}"/><w:tblW w:type="auto" w:w="0"/>'
            '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
            f'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        )
        heading = self._paragraph(meeting_heading(occurrence, self.words), "Heading 2")
        return self._write(heading + table + self._row([self.words.say(key) for key in COLUMNS], bold=True))

    def page(self, occurrence: Occurrence, actions: Sequence[Action], histories: dict[str, History]) -> bytes:
        self._lines += history_lines(actions, histories, self.words)
        return self._write(
            "".join(self._row(row(a, histories.get(a.id), self.words), bold=False) for a in _listed(actions))
        )

    def end_meeting(self, occurrence: Occurrence) -> bytes:
        xml = "</w:tbl>"
        if self._lines:
            xml += self._paragraph(self.words.say("export.history"), "Heading 3")
            xml += "".join(self._paragraph(line, "List Bullet") for line in self._lines)
        self._lines = []
        return self._write(xml)

    def end(self) -> bytes:
        head = self.begin() if self._body is None else b""
        self._write_only(self._closing)
        assert self._body is not None
        self._body.close()
        for name, data in self._parts.items():
            self._zip.writestr(name, data)
        self._zip.close()
        return head + self._drain.take()
