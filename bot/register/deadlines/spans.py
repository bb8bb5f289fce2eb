"""Spans of days and what words make of them: the values the grammar's handlers return, and the date arithmetic
they share (months, weeks, financial years, and working days from the one ``WorkingCalendar``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.register.calendar import WorkingCalendar


@dataclass(frozen=True)
class Ground:
    """What deadline words are read against: the day they were written, and the working calendar that says
    which days are working days ("within 5 working days" counts on the same calendar as the chasers)."""

    reference: date
    calendar: WorkingCalendar
    guess: bool = True  # whether words the grammar cannot read go to the dateparser fallback


_Handler = Callable[[re.Match[str], Ground], "_Phrase | None"]
_Handlers = tuple[tuple[re.Pattern[str], _Handler], ...]

_LONG = frozenset({"month", "months", "season", "quarter", "half", "year"})


@dataclass(frozen=True)
class _Span:
    start: date
    end: date
    grain: str  # day, week, part, range, or one of _LONG
    closing: bool = False  # "the end of X": "before" it still means by it


@dataclass(frozen=True)
class _Phrase:
    """What some words say before "by"/"before" and the reference year are applied.

    ``spans(year)`` reads the words in a year; ``floating`` is True when the words left the year out, so the
    reader tries years until the span has not ended on the reference day.
    """

    spans: Callable[[int], _Span | None]
    floating: bool = False


def _fixed(span: _Span | None) -> _Phrase | None:
    return None if span is None else _Phrase(lambda _year: span)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _months_span(year: int, first_month: int, count: int, grain: str) -> _Span:
    start = date(year, first_month, 1)
    last = _add_months(start, count - 1)
    return _Span(start, _month_end(last.year, last.month), grain)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _friday_on_or_after(day: date) -> date:
    return day + timedelta(days=(4 - day.weekday()) % 7)


def _work_week(reference: date) -> date:
    """Monday of the working week a reference day belongs to: a weekend looks ahead to the coming week."""
    monday = _monday(reference)
    return monday + timedelta(days=7) if reference.weekday() >= 5 else monday


def _week_span(monday: date) -> _Span:
    return _Span(monday, monday + timedelta(days=4), "week")


def _add_working_days(working: WorkingCalendar, day: date, count: int) -> date:
    # Nought working days from a day is that day, working or not ("within 0 working days" is today).
    return day if count == 0 else working.add_working_days(day, count)


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    digits = text.lstrip("'")
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _financial_start_year(text: str) -> int | None:
    """The year a UK financial year starts in: "2025/26", "FY25/26", "2025-2026"; "FY25" (ends in 2025)."""
    pair = re.search(r"((?:19|20)?\d{2})\s*[/-]\s*((?:19|20)?\d{2})", text)
    if pair:
        first, second = int(pair[1]), int(pair[2])
        first = first + 2000 if first < 100 else first
        return first if second % 100 == (first + 1) % 100 else None
    single = re.search(r"fy\s*'?(\d{2,4})", text)
    if single:
        ending = int(single[1])
        return (ending + 2000 if ending < 100 else ending) - 1
    return None


def _day(year: int, month: int, day: int) -> _Span | None:
    try:
        return _Span(date(year, month, day), date(year, month, day), "day")
    except ValueError:
        return None


def _bare(span: _Span) -> _Span:
    """A long period named alone reads as its end ("June 2025" = during June, by its end)."""
    return _Span(span.end, span.end, span.grain) if span.grain in _LONG else span


def _modify(span: _Span, modifier: str | None, *, has_time: bool) -> _Span:
    if modifier == "by":
        return _Span(span.end, span.end, span.grain, span.closing)
    if modifier == "before" and not span.closing:
        if has_time and span.start == span.end:
            return span
        day = span.start - timedelta(days=1)
        if span.grain == "week":
            while day.weekday() >= 5:
                day -= timedelta(days=1)
        return _Span(day, day, "day")
    return _bare(span)


def _settle(phrase: _Phrase, reference: date, modifier: str | None, *, has_time: bool) -> _Span | None:
    # Four years ahead reaches the next 29 February.
    years: Iterable[int] = [reference.year]
    if phrase.floating:
        years = range(reference.year - 1, reference.year + 5)
    for year in years:
        span = phrase.spans(year)
        if span is None:
            continue
        span = _modify(span, modifier, has_time=has_time)
        if not phrase.floating or span.end >= reference:
            return span
    return None
