"""Action tables laid out in fixed-width text, as a PDF's text layer gives them (and `pdftotext -layout`):

     NO      PAPER        ACTION                                    LEAD   TARGET    NEW      STATUS/
                                                                           DATE      DATE     COMMENT
     May 2012
     01.05   Action       Safeguarding training to be undertaken    MW     June      14 Aug   Reorganised to
             tracker      on Board time out                                                   Aug due to lack

The header's words give the columns (a header may take two lines: "TARGET" over "DATE"); every word below goes to
the column it starts under, so a cell that wraps onto following lines is put back together even when it
interleaves with the wrapped cells of other columns. A row starts where the number column has a reference (or,
without one, where the action column starts a sentence beside an owner or date); a month line gives later rows'
dates their year. Each line is scanned once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.register.minutes.columns import DEADLINE, NO, OWNER, REVISED, TEXT, header_columns, month_group, reference
from bot.register.minutes.found import Found
from bot.register.minutes.tables import row_found

_CHUNK = re.compile(r"\S+(?: \S+)*")
_WORD = re.compile(r"\S+")
# How far left of its header a cell may start and still be under it (centred headers, ragged layout).
_SLACK = 2
_PAGE_FOOTER = re.compile(r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|tudalen\s+\d+|\d{1,3}|-\s*\d+\s*-)\s*$", re.I)
_MIN_COLUMNS = 3
_DATE_START = re.compile(r"(?:^|\s)\d{1,2}[./-]\d{1,2}[./-]\d{1,3}$")
_FULL_DATE = re.compile(r"^(?:.*\s)?\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})$")


@dataclass
class _Row:
    first: int
    parts: dict[int, list[str]] = field(default_factory=dict)
    last: int = 0

    def add(self, column: int, words: str, line: int) -> None:
        self.parts.setdefault(column, []).append(words)
        self.last = line


def _chunks(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(line)]


def _column_at(starts: Sequence[int], position: int) -> int:
    column = 0
    for index, start in enumerate(starts):
        if start <= position + _SLACK:
            column = index
        else:
            break
    return column


def _header(lines: Sequence[str], i: int) -> tuple[list[int], dict[str, int], int] | None:
    """Header column starts, the action columns and the index of the line after the header, if line i is one."""
    chunks = _chunks(lines[i])
    if len(chunks) < _MIN_COLUMNS or "\t" in lines[i]:
        return None
    names = [text for _, _, text in chunks]
    starts = [start for start, _, _ in chunks]
    after = i + 1
    # A second header line: short words each under a header column ("DATE" under "TARGET"), no digits.
    if after < len(lines):
        below = _chunks(lines[after])
        if below and all(len(text) <= 20 and not any(ch.isdigit() for ch in text) for _, _, text in below):
            spread = [_column_at(starts, start) for start, _, _ in below]
            if len(set(spread)) == len(spread) and all(
                abs(start - starts[column]) <= 6 for (start, _, _), column in zip(below, spread, strict=True)
            ):
                merged = list(names)
                for (_, _, text), column in zip(below, spread, strict=True):
                    merged[column] = f"{merged[column]} {text}"
                columns = header_columns(merged)
                if columns is not None and (
                    header_columns(names) is None or len(columns) > len(header_columns(names) or {})
                ):
                    return starts, columns, after + 1
    columns = header_columns(names)
    if columns is None:
        return None
    return starts, columns, after


def fixed_width_tables(lines: Sequence[str], skip: set[int]) -> tuple[list[Found], set[int]]:
    found: list[Found] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if i in skip or len(lines[i]) < 20:
            i += 1
            continue
        header = _header(lines, i)
        if header is None:
            i += 1
            continue
        top = i
        starts, columns, i = header
        rows, end = _rows(lines, i, starts, columns, skip)
        used.update(range(top, end))
        dated = {columns[name] for name in (DEADLINE, REVISED) if name in columns}
        for row, group in rows:
            cells = [_joined(row.parts.get(index, []), index in dated) for index in range(len(starts))]
            found.extend(row_found(cells, columns, row.first, row.last, group))
        i = end
    return found, used


def _rows(
    lines: Sequence[str], i: int, starts: list[int], columns: dict[str, int], skip: set[int]
) -> tuple[list[tuple[_Row, date | None]], int]:
    rows: list[tuple[_Row, date | None]] = []
    current: _Row | None = None
    group: date | None = None
    blank = 0
    boundaries = starts[1:]
    while i < len(lines):
        line = lines[i]
        if i in skip:
            break
        if not line.strip():
            blank += 1
            if blank >= 3:
                break
            i += 1
            continue
        blank = 0
        if _PAGE_FOOTER.match(line):
            i += 1
            continue
        chunks = _chunks(line)
        names = [text for _, _, text in chunks]
        if len(chunks) >= _MIN_COLUMNS and header_columns(names) is not None:
            # The header repeated at the top of a new page, perhaps at other offsets: its columns rule from here.
            repeated = _header(lines, i)
            if repeated is not None and len(repeated[0]) == len(starts):
                starts, _, i = repeated
                boundaries = starts[1:]
            else:
                i += 1
            continue
        if any(sum(1 for b in boundaries if start + _SLACK < b < end - _SLACK) >= 3 for start, end, _ in chunks):
            break  # a paragraph running across the columns: the table has ended
        month = month_group([line]) if len(chunks) == 1 else None
        if month is not None and _column_at(starts, chunks[0][0]) <= columns.get(TEXT, 0):
            group = month
            current = None
            i += 1
            continue
        placed: dict[int, list[str]] = {}
        for match in _WORD.finditer(line):
            placed.setdefault(_column_at(starts, match.start()), []).append(match.group())
        cells = {column: " ".join(words) for column, words in placed.items()}
        if current is None or _starts_row(cells, columns, current):
            current = _Row(first=i, last=i)
            rows.append((current, group))
        if current is not None:
            for column, words in sorted(cells.items()):
                current.add(column, words, i)
        i += 1
    return rows, i


def _joined(parts: Sequence[str], dated: bool) -> str:
    """A cell's words from the lines it wraps over; a date broken inside a narrow column ("10.05.202" over "3") is
    put back together."""
    out = ""
    for part in parts:
        if dated and out and _DATE_START.search(out) and part[:1].isdigit() and _FULL_DATE.match(out + part.split()[0]):
            out += part
        else:
            out = f"{out} {part}" if out else part
    return out


def _starts_row(cells: dict[int, str], columns: dict[str, int], current: _Row) -> bool:
    if NO in columns:
        number = cells.get(columns[NO], "")
        if not number:
            return False
        no, ref = reference(number.split()[0])
        return (no is not None or ref is not None) and len(cells) >= 2
    text = cells.get(columns[TEXT], "")
    if not text:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        # "All   2018-03-15   to send a reminder …" (who, then the action): the row's first line fills every column
        # left of the action; a wrapped line leaves them empty.
        leading = range(columns[TEXT])
        return columns.get(OWNER, columns[TEXT]) < columns[TEXT] and all(cells.get(column) for column in leading)
    # Cells are top-aligned: a row's first line has words in most of its cells; a wrapped line in one or two.
    if any(cells.get(columns[name]) for name in (OWNER, DEADLINE) if name in columns):
        return True
    others = sum(1 for column, words in cells.items() if column != columns[TEXT] and words[:1].isalnum())
    previous = " ".join(current.parts.get(columns[TEXT], []))
    return others >= 2 or (others >= 1 and previous.rstrip().endswith((".", ")", "?", "!")))
