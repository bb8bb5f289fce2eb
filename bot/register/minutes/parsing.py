"""Minutes in, actions out: every shape reader over the document, restatements and repeats merged, then each
action's words read by the action-sentence reader.

Which readers run: tables (delimited and fixed-width) and labelled lines always; narrative sentences only in minutes
that label none of their actions (a minute-taker who marks actions marks them all, and unmarked "X will …"
sentences there are discussion; a speaker's "Name: I'll …" in notes is not such a mark). Where a table restates
inline actions, the table row wins and numbering follows the table; inline actions it lacks are numbered after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from bot.register.minutes.dedupe import exact_unique, restated
from bot.register.minutes.document import Document
from bot.register.minutes.fixedwidth import fixed_width_tables
from bot.register.minutes.found import Found, Kind
from bot.register.minutes.labelled import labelled
from bot.register.minutes.model import ImportedAction, MinutesImport, Source, Status
from bot.register.minutes.narrative import narrative, sentence_action
from bot.register.minutes.reading import read_deadline, read_sentence
from bot.register.minutes.tables import delimited_tables

MONTHS = {
    **{m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"], start=1)},
    **{m[:3]: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"], start=1)},
    "sept": 9,
    "ionawr": 1, "chwefror": 2, "mawrth": 3, "ebrill": 4, "mai": 5, "fai": 5, "mehefin": 6, "fehefin": 6,
    "gorffennaf": 7, "orffennaf": 7, "awst": 8, "medi": 9, "fedi": 9, "hydref": 10, "tachwedd": 11,
    "rhagfyr": 12, "ragfyr": 12,
}  # fmt: skip
_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th|af|ed|ydd|fed)?\s+(?:of\s+|mis\s+)?(?P<month>[A-Za-zâ]{3,10}),?\s+"
    r"(?P<year>(?:19|20)\d\d)\b"
)
_MONTH_FIRST = re.compile(
    r"\b(?P<month>[A-Za-z]{3,9})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_NUMERIC = re.compile(r"\b(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b")
_HEAD_LINES = 60
# "Clerk to report potholes on Church Hill – Clerk to action": the marker is not part of the action.
_TO_ACTION_TAIL = re.compile(r"\s*[-–—.]?\s*\b[A-Z]\w{1,20} to action\.?$")


def parse_document(
    document: Document, *, meeting_date: date | None = None, tz: str = "Europe/London", today: date | None = None
) -> MinutesImport:
    lines = document.lines
    held = meeting_date or _meeting_date(lines[:_HEAD_LINES])
    reference = held or today or date.today()
    rows, used = delimited_tables(lines)
    laid_out, laid_out_used = fixed_width_tables(lines, used)
    rows += laid_out
    used |= laid_out_used
    inline = labelled(lines, used)
    if not any(item.kind is Kind.LABELLED for item in inline):
        inline += narrative(lines, used)
    rows.sort(key=lambda found: found.first)
    extra = restated(exact_unique(inline), rows) if rows else exact_unique(inline)
    found = exact_unique([*rows, *extra])
    actions = _numbered([_read(item, reference, tz, document) for item in found], tabled=bool(rows))
    return MinutesImport(
        title=_title(lines),
        meeting_date=held,
        actions=tuple(actions),
        format=document.format,
        pages=document.page_count,
    )


def _read(found: Found, reference: date, tz: str, document: Document) -> ImportedAction:
    text, owner, deadline_text = " ".join(found.text.split()), found.owner, found.deadline_text
    if found.read_owner or found.read_deadline:
        reading = read_sentence(text, reference=found.reference or reference, tz=tz)
        if found.read_deadline and deadline_text is None and reading.deadline_text:
            deadline_text, text = reading.deadline_text, reading.text
        if found.read_owner and owner is None and reading.owner:
            owner = reading.owner
            if found.kind is not Kind.TABLE and reading.text != text and len(reading.text) < len(text):
                text = reading.text
    if owner is None and found.kind is Kind.LABELLED and found.read_owner:
        owner = sentence_action(text)  # "Gweithredu: Bydd y Swyddog Monitro yn trafod …"
    text = _TO_ACTION_TAIL.sub("", text)
    deadline = read_deadline(deadline_text, found.reference or reference, tz)
    return ImportedAction(
        no=found.no,
        text=text.strip(),
        owner=owner,
        deadline_text=deadline_text,
        deadline=deadline,
        status=Status.DONE if found.done else Status.OPEN,
        ref=found.ref,
        source=Source(found.first + 1, found.last + 1, document.page_of(found.first)),
    )


def _numbered(actions: Sequence[ImportedAction], *, tabled: bool) -> list[ImportedAction]:
    """The document's own numbers kept once each; a number used twice (numbering restarting each meeting in a long
    tracker) is kept as the later row's reference. Without a table, actions are numbered in order."""
    if not tabled:
        return [_with(action, no=index, ref=action.ref) for index, action in enumerate(actions, start=1)]
    used: set[int] = set()
    out: list[ImportedAction] = []
    for action in actions:
        if action.no is not None and action.no in used:
            out.append(_with(action, no=None, ref=str(action.no)))
            continue
        if action.no is not None:
            used.add(action.no)
        out.append(action)
    next_no = max(used, default=0)
    numbered: list[ImportedAction] = []
    for action in out:
        if action.no is None and action.ref is None:
            next_no += 1
            numbered.append(_with(action, no=next_no, ref=None))
        else:
            numbered.append(action)
    return numbered


def _with(action: ImportedAction, *, no: int | None, ref: str | None) -> ImportedAction:
    return ImportedAction(
        no, action.text, action.owner, action.deadline_text, action.deadline, action.status, ref, action.source
    )


def _title(lines: Sequence[str]) -> str | None:
    for line in lines[:10]:
        stripped = line.strip().strip("#*").strip()
        if not stripped:
            continue
        if len(stripped) <= 100 and "\t" not in stripped and not _DATE.search(stripped) and not _ISO.search(stripped):
            return stripped
        return None
    return None


def _meeting_date(lines: Iterable[str]) -> date | None:
    for line in lines:
        line = line[:400]
        for pattern in (_DATE, _MONTH_FIRST, _ISO, _NUMERIC):
            for match in pattern.finditer(line):
                day = _date(match)
                if day is not None:
                    return day
    return None


def _date(match: re.Match[str]) -> date | None:
    month_words = match["month"]
    month = int(month_words) if month_words.isdigit() else MONTHS.get(month_words.lower())
    if not month:
        return None
    try:
        return date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None
