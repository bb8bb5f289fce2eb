"""Formats found from content, and what each refuses with one clear line (nothing is read past a limit)."""

from __future__ import annotations

import io
import zipfile

import docx  # type: ignore[import-untyped]
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from bot.register.minutes import MinutesRefused, Status, read_minutes
from bot.register.minutes.model import MAX_FILE_BYTES, MAX_PDF_PAGES


def _pdf(pages: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for lines in pages:
        y = 800
        for line in lines:
            page.drawString(40, y, line)
            y -= 14
        if not lines:
            page.rect(100, 100, 200, 200, fill=1)  # a scan: marks, no text layer
        page.showPage()
    page.save()
    return buffer.getvalue()


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(MinutesRefused) as refused:
        read_minutes(data, name)
    return refused.value.key


def test_a_text_pdf_is_read_with_pages_and_line_numbers() -> None:
    data = _pdf([["Board minutes", "Held on 2 April 2025"], ["Action: Clerk to book the room by 30 April 2025."]])
    found = read_minutes(data, "minutes.pdf")
    assert found.format == "pdf" and found.pages == 2
    [action] = found.actions
    assert (action.text, action.owner, action.deadline_text) == ("Clerk to book the room.", "Clerk", "by 30 April 2025")
    assert action.source.page == 2


def test_the_format_comes_from_the_content_not_the_name() -> None:
    found = read_minutes(_pdf([["Action: Chair to sign the letter."]]), "minutes.txt")
    assert found.format == "pdf" and found.actions[0].owner == "Chair"
    page = b"<html><body><ul><li>Action: Treasurer to pay the invoice.</li></ul></body></html>"
    assert read_minutes(page, "download").format == "html"


def test_a_scanned_pdf_has_no_text_to_read() -> None:
    assert refusal(_pdf([[], []]), "scan.pdf") == "error.import.pdf_no_text"


def test_a_pdf_over_the_page_limit_is_refused() -> None:
    assert refusal(_pdf([["x"]] * (MAX_PDF_PAGES + 1)), "long.pdf") == "error.import.pdf_too_many_pages"


def test_a_file_over_the_size_limit_is_refused_unread() -> None:
    assert refusal(b"a" * (MAX_FILE_BYTES + 1), "big.txt") == "error.import.file_too_large"


def test_files_that_are_not_what_they_say_get_one_line() -> None:
    assert refusal(b"This is not a zip file", "minutes.docx") == "error.import.not_docx"
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "minutes.doc") == "error.import.old_word"
    assert refusal(b"hello", "minutes.pdf") == "error.import.not_pdf"
    assert refusal(b"%PDF-1.7\n garbage", "minutes.pdf") == "error.import.pdf_unreadable"
    assert refusal(b"\x00\x01\x02binary" * 100, "minutes.bin") == "error.import.unreadable"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_docx_that_unpacks_too_far_is_refused_before_it_is_unpacked() -> None:
    bomb = _zip({"word/document.xml": b"<w:document>" + b" " * (40 * 1024 * 1024) + b"</w:document>"})
    assert len(bomb) < 1024 * 1024
    assert refusal(bomb, "bomb.docx") == "error.import.docx_too_large"


def test_a_docx_with_entity_declarations_is_refused() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    assert refusal(_zip({"word/document.xml": xml}), "evil.docx") == "error.import.docx_entities"


def test_word_tables_with_merged_cells_a_month_row_and_a_closed_row() -> None:
    document = docx.Document()
    document.add_paragraph("Finance Committee action log, 4 June 2025")
    grid = document.add_table(rows=1, cols=5)
    for cell, name in zip(grid.rows[0].cells, ("Ref", "Action required", "Lead", "Target date", "RAG"), strict=True):
        cell.text = name
    month = grid.add_row().cells
    month[0].merge(month[-1]).text = "May 2025"
    for values in (
        ("12", "Circulate the audit plan", "Director of Finance", "30 June", "Amber"),
        ("13", "Review the reserves policy", "", "31 July", "Complete"),
    ):
        for cell, value in zip(grid.add_row().cells, values, strict=True):
            cell.text = value
    lead = grid.columns[2].cells
    lead[2].merge(lead[3])  # one lead merged down both rows
    buffer = io.BytesIO()
    document.save(buffer)
    found = read_minutes(buffer.getvalue(), "log.docx")
    assert [(a.no, a.text, a.owner, a.deadline_text, a.status) for a in found.actions] == [
        (12, "Circulate the audit plan", "Director of Finance", "30 June", Status.OPEN),
        (13, "Review the reserves policy", "Director of Finance", "31 July", Status.DONE),
    ]
    assert found.actions[0].deadline.due is not None and found.actions[0].deadline.due.year == 2025


def test_web_page_tables_with_spans_and_list_items_in_a_cell() -> None:
    page = """<!DOCTYPE html><html><head><script>var action = "Action: nobody";</script></head><body>
    <nav>Home</nav><h1>Action tracker</h1><table>
    <tr><th>No.</th><th>Description</th><th>By whom</th><th>By when</th><th>Status</th></tr>
    <tr><td colspan="5">March 2024</td></tr>
    <tr><td rowspan="2">4</td><td><ol><li>Write to the highways team</li><li>Chase the bus operator</li></ol></td>
        <td>Clerk</td><td>Next meeting</td><td>Open</td></tr>
    <tr><td>Order the new bench</td><td>Cllr Jones</td><td>1 May</td><td>Closed</td></tr>
    </table></body></html>"""
    found = read_minutes(page.encode(), "tracker.htm")
    assert [(a.text, a.owner, a.deadline_text, a.status) for a in found.actions] == [
        ("Write to the highways team", "Clerk", "Next meeting", Status.OPEN),
        ("Chase the bus operator", "Clerk", "Next meeting", Status.OPEN),
        ("Order the new bench", "Cllr Jones", "1 May", Status.DONE),
    ]
    assert found.actions[2].deadline.due is not None and found.actions[2].deadline.due.year == 2024
