"""What an action table's columns are called, in the many ways trackers name them (English and Welsh), and what a
row's cells mean: its number, whether it is closed, and whether it is a month group row ("May 2012").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

NO, TEXT, OWNER, DEADLINE, REVISED, STATUS, OPEN_CLOSED = "no", "text", "owner", "deadline", "revised", "status", "oc"

_NAMES: dict[str, tuple[str, ...]] = {
    NO: (
        "no", "no.", "nos", "#", "ref", "ref.", "ref no", "reference", "ref number", "item no", "item ref", "action no",
        "action ref", "action number", "action reference", "number", "num", "id", "minute", "minute ref",
        "minute no", "min ref", "min no", "log no", "rhif", "cyf", "cyfeirnod", "eitem", "rhif eitem",
    ),
    TEXT: (
        "action", "actions", "action required", "action item", "action items", "action agreed", "agreed action",
        "agreed actions", "action point", "action points", "action description", "description", "description of action",
        "task", "tasks", "what", "detail", "details", "action detail", "action details", "actions agreed",
        "action to be taken", "action arising", "actions arising", "action progress", "action / progress",
        "decision action", "action decision", "follow up", "follow up action", "next steps", "to do",
        "cam gweithredu", "camau gweithredu", "gweithred", "gweithredu", "disgrifiad", "cam", "tasg",
        "cam gweithredu y cytunwyd arno", "camau y cytunwyd arnynt",
    ),
    OWNER: (
        "owner", "owners", "lead", "leads", "lead officer", "lead director", "executive lead", "exec lead",
        "responsible", "responsibility", "responsible officer", "responsible person", "person responsible",
        "by whom", "who", "action by", "action owner", "action lead", "assigned to", "assignee", "actionee",
        "officer", "lead person", "lead member", "lead organisation", "owner s", "perchennog", "cyfrifol",
        "gan bwy", "pwy", "swyddog arweiniol", "arweinydd", "arweinydd y cam gweithredu", "swyddog cyfrifol",
        "name", "names", "enw",
    ),
    DEADLINE: (
        "deadline", "deadline status", "target date", "target", "due", "due date", "date due", "by when", "when",
        "timescale", "timescales", "timeline", "completion date", "target completion date", "target completion",
        "date for completion", "original date", "original target date", "original deadline", "date",
        "dyddiad cau", "erbyn pryd", "dyddiad targed", "amserlen", "erbyn", "dyddiad", "terfyn amser",
    ),
    REVISED: (
        "revised date", "new date", "revised deadline", "revised target date", "new target date",
        "revised target", "new deadline", "revised due date", "dyddiad diwygiedig", "dyddiad newydd",
    ),
    STATUS: (
        "status", "update", "updates", "progress", "progress update", "rag", "rag status", "rag rating",
        "current status", "status comment", "status update", "comments", "comment", "notes", "outcome",
        "latest update", "update status", "position", "statws", "sefyllfa", "diweddariad", "cynnydd",
    ),
    OPEN_CLOSED: (
        "open closed", "open close", "proposed to open close", "o c", "closed", "complete", "completed", "done",
        "open", "ar agor ar gau",
    ),
}  # fmt: skip
_LOOKUP = {name: column for column, names in _NAMES.items() for name in names}
# Columns that name when an action was raised, not when it is due.
_NOT_DEADLINE = frozenset(
    "date raised|date opened|date added|date agreed|date logged|meeting date|date of meeting|meeting|source|"
    "date identified|dyddiad y cyfarfod|cyfarfod".split("|")
)
# A column named only "Date" is when the action was raised if it comes before the action (trackers put the due date
# after it).
_RAISED_WHEN_BEFORE = frozenset({"date", "dyddiad"})
_NON_WORD = re.compile(r"[^\w#]+")


def normalise_header(cell: str) -> str:
    return " ".join(_NON_WORD.sub(" ", cell.casefold().replace("'", "")).split())


def column_of(cell: str) -> str | None:
    name = normalise_header(cell)
    if not name or len(name) > 60 or name in _NOT_DEADLINE or name.startswith(tuple(_NOT_DEADLINE)):
        return None
    if name in _LOOKUP:
        return _LOOKUP[name]
    # "Target date (original)", "Lead officer(s)", "Status / comment as at 4 July": the leading words decide.
    words = name.split()
    for size in range(min(len(words), 4), 0, -1):
        column = _LOOKUP.get(" ".join(words[:size]))
        if column is not None and (size > 1 or len(words) <= 3):
            return column
    return None


def header_columns(cells: Sequence[str]) -> dict[str, int] | None:
    """Which cell is which column, when the cells read as an action table's header (an action text column and an
    owner or deadline or status column); else None."""
    columns: dict[str, int] = {}
    named = 0
    for index, cell in enumerate(cells):
        column = column_of(cell)
        if column is None:
            continue
        named += 1
        if column == TEXT and TEXT in columns:
            continue  # "Action" then "Action required": the first is usually the number or topic
        if column == DEADLINE and DEADLINE in columns:
            column = REVISED
        columns.setdefault(column, index)
    if DEADLINE in columns and TEXT in columns and columns[DEADLINE] < columns[TEXT]:
        if normalise_header(cells[columns[DEADLINE]]) in _RAISED_WHEN_BEFORE:
            del columns[DEADLINE]  # "Name | Date | Action": the date the action was agreed, not when it is due
    if TEXT not in columns or not ({OWNER, DEADLINE, STATUS} & columns.keys()):
        return None
    if named < max(2, (len([c for c in cells if c.strip()]) + 1) // 2):
        return None  # a sentence that happens to contain "Action" and "Lead" is not a header
    return columns


_REF = re.compile(r"^\(?([A-Za-z]{0,12}[\s/.-]?)?(\d{1,6}(?:[./-]\d{1,6}){0,4})[a-z]?\)?\.?$")


def reference(cell: str) -> tuple[int | None, str | None]:
    """(number, ref): "7" → (7, None); "01.05" or "PUB23/4/30.5" → (None, "01.05"); anything else (None, None)."""
    words = cell.strip()
    if not words or len(words) > 40:
        return None, None
    if words.isdigit() and 0 < int(words) < 1_000_000:
        return int(words), None
    if _REF.match(words) or (len(words) <= 24 and any(ch.isdigit() for ch in words) and " " not in words):
        return None, words
    return None, None


_DONE = re.compile(
    r"^\W*(closed?|complete[d]?|done|achieved|actioned|delivered|discharged|resolved|finished|c|"
    r"blue|green\W+complete|ar gau|wedi cau|wedi ei gwblhau|wedi'i gwblhau|cwblhawyd|wedi ei gau|cau)\b",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(r"\b(not|partially|part|propose[sd]?|proposed for|to be|awaiting|pending|nearly)\b", re.I)


def is_done(status: str) -> bool:
    words = status.strip()
    if not words:
        return False
    head = words[:40]
    return bool(_DONE.match(head)) and not _NOT_DONE.search(head)


def is_open_closed_done(cell: str) -> bool:
    words = cell.strip().casefold()
    return words in ("c", "closed", "close", "complete", "completed", "done", "yes", "y", "✓", "✔", "ar gau", "cau")


_MONTHS = {
    **{name: number for number, name in enumerate(
        "january february march april may june july august september october november december".split(), start=1)},
    **{name: number for number, name in enumerate(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)},
    "sept": 9,
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "ebrill": 4, "mai": 5, "mehefin": 6, "gorffennaf": 7, "awst": 8,
    "medi": 9, "hydref": 10, "tachwedd": 11, "rhagfyr": 12,
}  # fmt: skip
_MONTH_ROW = re.compile(
    r"^\W*(?:meeting\s+(?:of|held|on)\s+|board\s+|cyfarfod\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"([A-Za-z]+)\s+((?:19|20)\d\d)\W*$",
    re.IGNORECASE,
)


def month_group(cells: Sequence[str]) -> date | None:
    """The first day of the month a group row names ("May 2012", "Meeting held 14 March 2024"), else None."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    if len(filled) != 1 or len(filled[0]) > 40:
        return None
    match = _MONTH_ROW.match(filled[0])
    if not match:
        return None
    month = _MONTHS.get(match[1].casefold())
    return date(int(match[2]), month, 1) if month else None


def is_group_row(cells: Sequence[str], columns: dict[str, int]) -> bool:
    """A row with only one cell filled that is not the action text: a section or month heading inside a table."""
    filled = [index for index, cell in enumerate(cells) if cell.strip()]
    return len(filled) == 1 and (filled[0] != columns.get(TEXT) or len(cells) == 1 or month_group(cells) is not None)
