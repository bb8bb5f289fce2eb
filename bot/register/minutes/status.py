"""What minutes say about an action's progress beside it, in the shapes action reviews take:

  a status line under the action         "[Status: Closed. Membership categories reviewed on 11 May.]"
                                         "Not yet done. AI kept open."        "    * Done"
  owners and their status closing it     "ACTION: AT Yes check.svg Done; JS Go-next-red.svg Carried forward"
  a status word ending a tracker cell    "to write to the Advisory Board members about microgrants. Done"

Each is a few anchored patterns over one short line.
"""

from __future__ import annotations

import re

_DONE = "done|closed|complete|completed|actioned|cancelled|canceled|dropped|withdrawn|achieved"
_OPEN = (
    "kept open|still open|remains open|carried forward|ongoing|in progress|not yet done|not done yet|not done|"
    "have not done|has not been done|pending|outstanding|doing"
)
# A line that starts with a status: "Done!", "Not Done yet.", "[Status: Open. Ongoing.]", "Have not done: will do …".
_LEADING = re.compile(
    rf"^[\[(\s*]*(?:status\s*:\s*(?P<open_word>open)\b|(?:status\s*:\s*)?(?P<word>{_DONE}|{_OPEN})\b)", re.I
)
# A note whose last words give the status: "Chet sent draft text to Paul. AI closed.", "AI kept open."
_TRAILING = re.compile(
    rf"(?:^|[.;!]\s+)(?:AI|action(?: item)?|item)\s+(?P<word>{_DONE}|{_OPEN}|open)\.?\s*$", re.IGNORECASE
)
_DONE_WORDS = re.compile(rf"^(?:{_DONE})$", re.IGNORECASE)
# Wiki status icons keep their file name as text ("Yes check.svg", "Go-next-red.svg", "X mark.svg").
_ICON = re.compile(r"(?:\b(?:Yes|No|X|Red|Green|Amber)\s)?[\w-]+\.(?:svg|png|gif)\b")
_STATUS_IN_MARK = re.compile(rf"\b(?P<word>{_DONE}|{_OPEN})\b", re.IGNORECASE)
_OWNERS = re.compile(r"^(?P<owners>[A-Z@][\w.'’&-]*(?:\s*(?:,|/|&|\band\b)\s*[A-Z@][\w.'’&-]*){0,5})\s*(?P<rest>.*)$")
# A tracker cell's last words saying it is finished: "… with the board. Done", "… • Completed".
_CELL_END = re.compile(rf"(?:^|(?<=[.!?)])\s+|\s+\u2022\s+|\s+(?:#|\d\.)\s+)(?P<word>{_DONE})[.!]?\s*$", re.I)
# Notes numbered under a tracker's action ("… after the 7th of January. 1. No takers in OSM. …").
_NOTES = re.compile(r"(?<=[.!?)])\s+(?:#|1[.)])\s+(?=\S)")
MAX_NOTE = 300


def status_note(line: str) -> bool | None:
    """True when the line says the action above it is finished, False when it says it is still open, None when it
    is not a status note."""
    words = line.strip().lstrip("*-•+ \t")
    if not words or len(words) > MAX_NOTE:
        return None
    trailing = _TRAILING.search(words)
    if trailing:
        return bool(_DONE_WORDS.match(trailing["word"]))
    leading = _LEADING.match(words)
    if leading is None:
        return None
    if leading["open_word"]:
        return False
    word = leading["word"]
    # "Open to all members", "Pending the report …" start sentences too: a bare word is a note only on its own
    # or when the line is short.
    if len(words) > 60 and not words.lstrip("[(").casefold().startswith("status"):
        return None
    return bool(_DONE_WORDS.match(word))


def owner_marks(words: str) -> list[tuple[str, bool | None]] | None:
    """ "AT Yes check.svg Done; JS Go-next-red.svg Carried forward" → [("AT", True), ("JS", False)]: each owner
    named in a marker closing an item, with the status given for them; None unless some status is given."""
    cleaned = " ".join(_ICON.sub(" ", words).split())
    marks: list[tuple[str, bool | None]] = []
    for segment in cleaned.split(";"):
        segment = segment.strip(" .")
        if not segment:
            continue
        match = _OWNERS.match(segment)
        if match is None:
            return None
        rest = match["rest"]
        status = _STATUS_IN_MARK.match(rest)
        if rest and status is None:
            return None
        owners = match["owners"]
        if len(owners.split()) > 4:
            return None
        marks.append((owners, bool(_DONE_WORDS.match(status["word"])) if status else None))
    if not marks or all(done is None for _, done in marks):
        return None
    return marks


def cell_status(text: str) -> tuple[str, bool]:
    """A tracker's action cell with its status after it ("… the board. Done"): the action and whether it is done."""
    match = _CELL_END.search(text[-40:]) if len(text) > 6 else None
    if match is None:
        return text, False
    cut = len(text) - 40 + match.start() if len(text) > 40 else match.start()
    return text[:cut].rstrip(" •#"), True


def cell_notes(text: str) -> str:
    """A tracker's action cell without the numbered notes under the action; a cell that is itself a numbered list
    ("1. Draft … 2. Consult …") is kept whole."""
    if text[:2].rstrip(".)").isdigit():
        return text
    notes = _NOTES.search(text)
    return text[: notes.start()] if notes else text
