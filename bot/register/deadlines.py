"""Deadlines as people write them. (Interim: ISO dates only; the full grammar is being written.)"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.register.model import Deadline, DeadlineKind


def parse_deadline(text: str, *, reference: date, locale: str = "en", tz: str = "Europe/London") -> Deadline:
    words = text.strip()
    if not words:
        return Deadline.none()
    try:
        day = date.fromisoformat(words)
    except ValueError:
        return Deadline(text=words, kind=DeadlineKind.UNKNOWN)
    due = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz))
    return Deadline(text=words, kind=DeadlineKind.DATE, due=due, latest=due)
