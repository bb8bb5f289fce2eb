"""An action as a shape reader found it, before its words are read: where it is and what the shape itself says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    TABLE = "table"
    LABELLED = "labelled"
    NARRATIVE = "narrative"


@dataclass
class Found:
    text: str
    first: int  # 0-based index of the first line it was read from
    last: int
    kind: Kind
    # What the shape says outright (a table's Owner column, "ACTION: JB" at the end of a paragraph); None leaves
    # it to the sentence reader.
    owner: str | None = None
    deadline_text: str | None = None
    no: int | None = None
    ref: str | None = None
    done: bool = False
    # The date a deadline without a year is read against (a tracker's month group row), else the meeting's.
    reference: date | None = None
    # Whether owner and deadline should still be looked for in the text (not for a table row with those columns).
    read_owner: bool = True
    read_deadline: bool = True
