"""Action tables whose cells are delimited: tab-separated rows (Word and web tables, text pasted from Word) and
Markdown pipe tables. Fixed-width tables from PDFs are fixedwidth.py's; both turn a row into a Found the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from bot.register.minutes.columns import (
    DEADLINE,
    NO,
    OPEN_CLOSED,
    OWNER,
    REVISED,
    STATUS,
    TEXT,
    header_columns,
    is_done,
    is_group_row,
    is_open_closed_done,
    month_group,
    normalise_header,
    reference,
)
from bot.register.minutes.found import Found, Kind
from bot.register.minutes.status import cell_notes, cell_status

_RULE = re.compile(r"^:?-{2,}:?$")
_EMPTY = frozenset({"", "-", "–", "—", "n/a", "na", "none", "nil", "dim"})
# Cells that say there is nothing to do.
_NOT_ACTIONS = ("no action", "no further action", "agenda skipped", "not applicable", "noted", "dim i'w")
# List items inside one cell (web and Word lists) arrive separated by this mark.
LIST_MARK = "\u2022"


def cells_of(line: str) -> list[str] | None:
    """A delimited table line's cells, else None."""
    if "\t" in line:
        cells = [cell.strip() for cell in line.split("\t")]
        return cells if sum(1 for cell in cells if cell) >= 1 and len(cells) >= 2 else None
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        inner = stripped.strip("|")
        return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]
    return None


def row_found(cells: Sequence[str], columns: dict[str, int], first: int, last: int, group: date | None) -> list[Found]:
    """A table row's actions: one, or one per list item in its action cell; none for a row without action text."""

    def cell(name: str) -> str:
        index = columns.get(name)
        return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""

    text = cell(TEXT)
    if text.casefold().strip(" .") in _EMPTY or text.casefold().startswith(_NOT_ACTIONS):
        return []
    no, ref = reference(cell(NO)) if NO in columns else (None, None)
    revised, deadline = current_deadline(cell(REVISED)), current_deadline(cell(DEADLINE))
    status = cell(STATUS)
    done = (
        is_done(status)
        or (OPEN_CLOSED in columns and is_open_closed_done(cell(OPEN_CLOSED)))
        or (STATUS not in columns and is_done(deadline))
    )
    owner = cell(OWNER)
    text, finished = cell_status(cell_notes(text))
    items = [item.strip() for item in text.split(LIST_MARK)] if LIST_MARK in text else [text]
    if len(items) > 1 and is_done(items[-1]) and len(items[-1]) <= 12:
        items, finished = items[:-1], True  # "Done" as the cell's last list item: the status of the others
    if len(items) > 1 and items[0]:
        items = items[:1]  # the action, then a list under it: notes on it ("to remind … • No takers in OSM.")
    done = done or finished
    return [
        Found(
            text=item,
            first=first,
            last=last,
            kind=Kind.TABLE,
            owner=owner if owner.casefold() not in _EMPTY else None,
            deadline_text=(revised if revised.casefold() not in _EMPTY else None)
            or (deadline if deadline.casefold() not in _EMPTY else None),
            no=no,
            ref=ref,
            done=done,
            reference=group,
            read_owner=OWNER not in columns,
            read_deadline=DEADLINE not in columns and REVISED not in columns,
        )
        for item in items
        if item and item.casefold().strip(" .") not in _EMPTY
    ]


_MARKER_NAMES = frozenset({"action", "action by", "actions", "by", "who", "owner", "responsible", "lead", "initials"})
_DATES = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")


def _marker_column(cells: Sequence[str]) -> int | None:
    """Minutes laid out as a table of numbered minutes with a narrow "Action" column holding who acts (initials):
    the column's index when the header names only that column."""
    named = [(index, normalise_header(cell)) for index, cell in enumerate(cells) if cell.strip()]
    if len(named) != 1 or named[0][1] not in _MARKER_NAMES or named[0][0] == 0:
        return None
    return named[0][0]


def _marker_rows(lines: Sequence[str], i: int, marker: int) -> tuple[list[Found], set[int], int]:
    """Rows whose action column names someone: the minute's text is theirs to do. Rows without are left to the
    sentence readers (their lines are not claimed)."""
    found: list[Found] = []
    used: set[int] = set()
    while i < len(lines):
        cells = cells_of(lines[i]) if "\t" in lines[i] or "|" in lines[i] else None
        if cells is None:
            if lines[i].strip():
                break
            i += 1
            continue
        who = " ".join(cells[marker].split()) if marker < len(cells) else ""
        others = [cell for index, cell in enumerate(cells) if index != marker]
        text = max(others, key=len, default="")
        if who and len(who) <= 40 and len(who.split()) <= 6 and len(text) > len(who):
            no, ref = reference(cells[0]) if cells[0] is not text else (None, None)
            owner = who.replace(" " + LIST_MARK + " ", "/").strip(LIST_MARK + " ")
            found.append(Found(text, i, i, Kind.TABLE, owner=owner, no=no, ref=ref, read_owner=False))
            used.add(i)
        i += 1
    return found, used, i


def current_deadline(words: str) -> str:
    """A due-date cell that kept its history ("13.09.2023 08.11.2023"): the last date is the one in force."""
    dates = _DATES.findall(words)
    return dates[-1] if len(dates) >= 2 else words


def delimited_tables(lines: Sequence[str]) -> tuple[list[Found], set[int]]:
    """Rows of every delimited action table, and the line indices the tables take up."""
    found: list[Found] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        cells = cells_of(lines[i]) if "\t" in lines[i] or "|" in lines[i] else None
        columns = header_columns(cells) if cells else None
        marker = _marker_column(cells) if cells and columns is None else None
        if marker is not None:
            used.add(i)
            rows, claimed, i = _marker_rows(lines, i + 1, marker)
            found.extend(rows)
            used |= claimed
            continue
        if columns is None:
            i += 1
            continue
        used.add(i)
        i += 1
        group: date | None = None
        while i < len(lines):
            cells = cells_of(lines[i]) if "\t" in lines[i] or "|" in lines[i] else None
            if cells is None:
                month = month_group([lines[i]]) if lines[i].strip() else None
                if lines[i].strip() and month is None:
                    break
                group = month or group  # a month line pasted without its cells
                i += 1
                continue
            used.add(i)
            if all(_RULE.match(cell) or not cell for cell in cells):
                i += 1
                continue
            if header_columns(cells) is not None:  # the header repeated on a new page
                i += 1
                continue
            if is_group_row(cells, columns):
                group = month_group(cells) or group
                i += 1
                continue
            found.extend(row_found(cells, columns, i, i, group))
            i += 1
    return found, used
