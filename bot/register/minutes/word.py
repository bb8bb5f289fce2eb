"""Text from a Word .docx: paragraphs and tables in document order, merged cells resolved.

The archive is checked before anything is unpacked: total unpacked size, each part's compression ratio, and no
DOCTYPE or entity declarations (Word never writes them; an external entity is an attack). The XML is parsed with
entity resolution and network access off. A table row becomes one tab-separated line, with a horizontally merged
cell leaving empty cells under the columns it spans (so the row lines up with the header) and a vertically merged
cell repeating the text above it (an owner merged down several actions owns each of them).
"""

from __future__ import annotations

import io
import zipfile

from bot.register.minutes.model import MAX_UNPACKED_BYTES, MAX_ZIP_RATIO, MinutesRefused

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
# Ratios are only suspicious for big parts: a small styles.xml can compress 50x honestly.
_RATIO_FROM_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024


def docx_text(data: bytes) -> str:
    xml = _document_xml(data)
    return "\n".join(_body_lines(xml))


def _document_xml(data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise MinutesRefused("error.import.not_docx") from error
    total = 0
    for member in members:
        total += member.file_size
        if total > MAX_UNPACKED_BYTES:
            raise MinutesRefused("error.import.docx_too_large", limit=MAX_UNPACKED_BYTES // (1024 * 1024))
        if member.file_size > _RATIO_FROM_BYTES and member.file_size > MAX_ZIP_RATIO * max(member.compress_size, 1):
            raise MinutesRefused("error.import.docx_too_large", limit=MAX_UNPACKED_BYTES // (1024 * 1024))
    names = {member.filename for member in members}
    if _DOCUMENT not in names:
        raise MinutesRefused("error.import.not_docx")
    try:
        xml = _read_bounded(archive, _DOCUMENT)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as error:
        raise MinutesRefused("error.import.not_docx") from error
    head = xml[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in xml.lower():
        raise MinutesRefused("error.import.docx_entities")
    return xml


def _read_bounded(archive: zipfile.ZipFile, name: str) -> bytes:
    """The part's bytes, stopping at the limit whatever its header claims (headers can lie)."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > MAX_UNPACKED_BYTES:
                raise MinutesRefused("error.import.docx_too_large", limit=MAX_UNPACKED_BYTES // (1024 * 1024))
            chunks.append(chunk)
    return b"".join(chunks)


def _body_lines(xml: bytes) -> list[str]:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise MinutesRefused("error.import.not_docx") from error
    body = root.find(f"{_W}body")
    if body is None:
        return []
    lines: list[str] = []
    for block in body.iter(f"{_W}p", f"{_W}tbl"):
        if block.tag == f"{_W}tbl":
            if _inside(block, f"{_W}tbl"):
                continue  # a table in a table cell is read as that cell's text
            lines.append("")
            lines.extend(_table_rows(block))
            lines.append("")
        elif not _inside(block, f"{_W}tbl"):
            lines.extend(_paragraph(block))
    return lines


def _inside(element: object, tag: str) -> bool:
    parent = element.getparent()  # type: ignore[attr-defined]
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _paragraph(paragraph: object) -> list[str]:
    """A paragraph's text; a list item starts with "• " so list shapes are seen; a manual line break splits it."""
    parts: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):  # type: ignore[attr-defined]
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    text = "".join(parts)
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")  # type: ignore[attr-defined]
    numbered = paragraph.find(f"{_W}pPr/{_W}numPr") is not None or (  # type: ignore[attr-defined]
        style is not None and "list" in (style.get(f"{_W}val") or "").lower()
    )
    lines = text.split("\n")
    if numbered and lines and lines[0].strip():
        lines[0] = "• " + lines[0].lstrip()
    return lines


def _cell_text(cell: object) -> str:
    words: list[str] = []
    for paragraph in cell.iter(f"{_W}p"):  # type: ignore[attr-defined]
        text = " ".join(" ".join(_paragraph(paragraph)).split())
        if text:
            words.append(text)
    return " ".join(words)


def _table_rows(table: object) -> list[str]:
    rows: list[str] = []
    above: dict[int, str] = {}
    for row in table.findall(f"{_W}tr"):  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.findall(f"{_W}tc"):
            properties = cell.find(f"{_W}tcPr")
            span = 1
            merge: str | None = None
            if properties is not None:
                grid_span = properties.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = max(1, min(int(grid_span.get(f"{_W}val", "1") or 1), 64))
                v_merge = properties.find(f"{_W}vMerge")
                if v_merge is not None:
                    merge = v_merge.get(f"{_W}val", "continue")
            column = len(cells)
            text = above.get(column, "") if merge == "continue" else _cell_text(cell)
            above[column] = text
            cells.append(text)
            cells.extend([""] * (span - 1))
        rows.append("\t".join(cell.replace("\t", " ") for cell in cells))
    return rows
