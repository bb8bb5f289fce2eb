"""Actions found in minutes: inline lines ("Action: Secretariat to share the toolkit."), action tables ("Summary of
Actions", "Action log", pipe or tab-separated, or Word tables), and the minutes idiom "<Owner> to <verb> …".

Where an action is both inline and in the table (minutes usually end with a summary of what they said), the table
row wins and the action is listed once; numbering follows the table. Owner and deadline are kept as written, and the
deadline is read against the meeting's date (from the document, else the one given).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.register.deadlines import parse_deadline
from bot.register.model import Deadline, DeadlineKind

MAX_BYTES = 5 * 1024 * 1024
# An inline line counts as a table row's duplicate when this share of its words (the fewer side's) are shared.
SAME_ACTION = 0.5


class MinutesTooLarge(ValueError):
    """Minutes over MAX_BYTES: refused rather than parsed for minutes on end."""


@dataclass(frozen=True)
class ImportedAction:
    no: int | None
    text: str
    owner: str | None
    deadline_text: str | None
    deadline: Deadline


@dataclass(frozen=True)
class MinutesImport:
    title: str | None
    meeting_date: date | None
    actions: tuple[ImportedAction, ...]


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
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th|af|ed|ydd|fed)?\s+(?:of\s+|mis\s+)?(?P<month>[A-Za-zâ]+)\s+(?P<year>(?:19|20)\d\d)\b"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_TABLE_HEADING = re.compile(
    r"^\W*(summary of actions|action log|action tracker|actions? (list|summary|table)|actions|"
    r"crynodeb o'r camau gweithredu|camau gweithredu)\W*$",
    re.IGNORECASE,
)
_INLINE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\[\s*action\s*\]|\*\*action\*\*|action items?|actions?|ap|ai|cam(?:au)? gweithredu)"
    r"\s*(?:[:\-–—]|\])\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_CHECKBOX = re.compile(r"^\s*[-*]\s*\[\s*[ xX]?\s*\]\s*(?P<rest>\S.*)$")
_IDIOM = re.compile(r"^(?P<owner>@[\w.-]+|[A-Z][\w'’()&./ -]{0,80}?)\s+(?:to|i)\s+(?P<verb>[a-z].*)$", re.DOTALL)
_TRAILING_OWNER = re.compile(r"^(?P<text>.+?)\s*\((?:owner:\s*)?(?P<owner>[^()]{2,60})\)\s*\.?$", re.IGNORECASE)
_SOFT_DEADLINE = re.compile(r"\s(?=(?:by|before|erbyn|cyn)\s)", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "the a an to of and or for with in on at by be is are was were will it its this that from as about more "
    "their them they our we i y yr a'r i'r o ac neu".split()
)

_COLUMNS = {
    "no": re.compile(r"^(no\.?|#|ref\.?|number|item|rhif)$", re.IGNORECASE),
    "text": re.compile(
        r"^(action( item)?s?|description|what|task|cam gweithredu|camau gweithredu|gweithred)$", re.IGNORECASE
    ),
    "owner": re.compile(r"^(owner|lead|responsible|who|by whom|action by|perchennog|cyfrifol)$", re.IGNORECASE),
    "deadline": re.compile(
        r"^(deadline( / status)?|due( date)?|when|target date|by when|date due|dyddiad cau|erbyn pryd)$", re.IGNORECASE
    ),
    "status": re.compile(r"^(status|rag|progress|statws)$", re.IGNORECASE),
}


def parse_docx(data: bytes, *, meeting_date: date | None = None, tz: str = "Europe/London") -> MinutesImport:
    """Word minutes: paragraphs and tables in document order (a table row becomes a tab-separated line)."""
    if len(data) > MAX_BYTES:
        raise MinutesTooLarge(f"minutes over {MAX_BYTES // (1024 * 1024)} MB")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            lines.append("")
            for row in Table(block, document).rows:
                lines.append("\t".join(" ".join(cell.text.split()) for cell in row.cells))
            lines.append("")
    return parse_minutes("\n".join(lines), meeting_date=meeting_date, tz=tz)


def parse_minutes(text: str, *, meeting_date: date | None = None, tz: str = "Europe/London") -> MinutesImport:
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise MinutesTooLarge(f"minutes over {MAX_BYTES // (1024 * 1024)} MB")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = _title(lines)
    held = meeting_date or _meeting_date(lines[:40])
    reference = held or date.today()
    table_rows, table_lines = _tables(lines)
    inline = [found for i, line in enumerate(lines) if i not in table_lines for found in _inline(line)]
    actions: list[ImportedAction] = []
    for no, words, owner, deadline in table_rows:
        actions.append(_imported(no, words, owner, deadline, reference, tz))
    index = [_words(a.text) for a in actions]
    next_no = max((a.no or 0 for a in actions), default=0)
    for words, owner, deadline in inline:
        tokens = _words(words)
        if any(_same(tokens, other) for other in index):
            continue
        next_no += 1
        index.append(tokens)
        actions.append(_imported(next_no if table_rows else None, words, owner, deadline, reference, tz))
    if not table_rows:
        actions = [
            ImportedAction(n, a.text, a.owner, a.deadline_text, a.deadline) for n, a in enumerate(actions, start=1)
        ]
    return MinutesImport(title=title, meeting_date=held, actions=tuple(actions))


def _imported(
    no: int | None, text: str, owner: str | None, deadline_text: str | None, reference: date, tz: str
) -> ImportedAction:
    clean = " ".join(text.split())
    deadline = parse_deadline(deadline_text, reference=reference, tz=tz) if deadline_text else Deadline.none()
    return ImportedAction(no, clean, owner or None, deadline_text or None, deadline)


def _title(lines: Sequence[str]) -> str | None:
    for line in lines[:10]:
        stripped = line.strip().strip("#").strip()
        if not stripped:
            continue
        if len(stripped) <= 100 and not _DATE.search(stripped) and not _ISO.search(stripped):
            return stripped
        return None
    return None


def _meeting_date(lines: Iterable[str]) -> date | None:
    for line in lines:
        for match in _DATE.finditer(line):
            month = MONTHS.get(match["month"].lower())
            if month:
                try:
                    return date(int(match["year"]), month, int(match["day"]))
                except ValueError:
                    continue
        iso = _ISO.search(line)
        if iso:
            try:
                return date(int(iso["year"]), int(iso["month"]), int(iso["day"]))
            except ValueError:
                continue
    return None


def _cells(line: str) -> list[str] | None:
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 3:
        inner = stripped.strip("|")
        cells = re.split(r"(?<!\\)\|", inner)
        return [c.strip().replace("\\|", "|") for c in cells]
    return None


def _header(cells: Sequence[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = " ".join(cell.strip("*_ :").split())
        for column, pattern in _COLUMNS.items():
            if column not in columns and pattern.match(name):
                columns[column] = index
                break
    return columns if "text" in columns and ("owner" in columns or "deadline" in columns) else None


def _tables(lines: Sequence[str]) -> tuple[list[tuple[int | None, str, str | None, str | None]], set[int]]:
    rows: list[tuple[int | None, str, str | None, str | None]] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        cells = _cells(lines[i])
        header = _header(cells) if cells else None
        if header is None:
            i += 1
            continue
        used.add(i)
        i += 1
        while i < len(lines):
            cells = _cells(lines[i])
            if cells is None:
                if lines[i].strip():
                    break
                i += 1
                continue
            used.add(i)
            i += 1
            if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
                continue
            rows.append(_row(cells, header))
        rows = [r for r in rows if r[1]]
    return rows, used


def _row(cells: Sequence[str], header: dict[str, int]) -> tuple[int | None, str, str | None, str | None]:
    def cell(name: str) -> str:
        index = header.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    number = re.match(r"\d+", cell("no"))
    deadline = cell("deadline")
    return (int(number[0]) if number else None, cell("text"), cell("owner") or None, deadline or None)


def _inline(line: str) -> list[tuple[str, str | None, str | None]]:
    match = _INLINE.match(line) or _CHECKBOX.match(line)
    if not match:
        return []
    rest = match["rest"].strip()
    if not rest or rest.lower() in ("none", "n/a", "dim"):
        return []
    return [_split_inline(sentence) for sentence in _action_sentences(rest)]


def _action_sentences(rest: str) -> list[str]:
    # "Next meeting to take place in June. Secretariat to send diary marker." is one decision: keep it whole.
    return [rest]


def _split_inline(text: str) -> tuple[str, str | None, str | None]:
    text = text.strip()
    owner: str | None = None
    trailing = _TRAILING_OWNER.match(text)
    if trailing and not trailing["owner"].lower().startswith(("by ", "erbyn ")):
        text, owner = trailing["text"].strip(), trailing["owner"].strip()
    deadline: str | None = None
    for found in _SOFT_DEADLINE.finditer(text):
        candidate = text[found.end() :].strip().rstrip(".").strip()
        if parse_deadline(candidate, reference=date(2000, 1, 1)).kind is not DeadlineKind.UNKNOWN:
            deadline, text = candidate, text[: found.start()].strip()
            break
    if owner is None:
        for sentence in re.split(r"(?<=\.)\s+", text):
            idiom = _IDIOM.match(sentence.strip())
            if idiom and len(idiom["owner"].split()) <= 6:
                owner = idiom["owner"].lstrip("@").strip()
                break
    return text.rstrip(), owner, deadline


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1)


def _same(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= SAME_ACTION
