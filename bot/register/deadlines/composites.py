"""Composite readings built on a day or a period: "end of P", "start of P", "early / mid / late P", "the second
week of P", and ranges ("14-18 April", "April to May"); and the full table of patterns the reader tries, in
order, each with a cheap test its words must pass first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from bot.register.deadlines.days import _h_duration, _h_holiday, _h_relative_day, _leading_number
from bot.register.deadlines.patterns import (
    _DURATION,
    _END,
    _HOLIDAY,
    _NTH_WEEK,
    _ORDINAL_WORDS,
    _PART,
    _RANGE_DAYS,
    _RANGE_SPAN,
    _RELATIVE_DAY,
    _START,
)
from bot.register.deadlines.periods import _DAY_HANDLERS, _PERIOD_HANDLERS, _read_day, _read_period
from bot.register.deadlines.spans import (
    _LONG,
    Ground,
    _add_months,
    _bare,
    _day,
    _fixed,
    _Handler,
    _months_span,
    _Phrase,
    _Span,
    _year_of,
)
from bot.register.deadlines.vocabulary import _CY_MONTH_ABBREVIATIONS, _MONTHS


def _reshape(inner: _Phrase | None, shape: Callable[[_Span], _Span | None]) -> _Phrase | None:
    if inner is None:
        return None

    def spans(year: int) -> _Span | None:
        span = inner.spans(year)
        return None if span is None else shape(span)

    return _Phrase(spans, inner.floating)


def _h_end(match: re.Match[str], ground: Ground) -> _Phrase | None:
    if match["abbr"]:
        words = {"eom": "month", "eoq": "quarter", "eoy": "year", "eow": "week", "eofy": "financial year"}
        inner = _read_period(words[match["abbr"]], ground)
    else:
        inner = _read_period(match["p"] or match["q"], ground)
    return _reshape(inner, lambda s: _Span(s.end, s.end, "day", closing=True))


def _h_start(match: re.Match[str], ground: Ground) -> _Phrase | None:
    return _reshape(_read_period(match["p"], ground), lambda s: _Span(s.start, s.start, "day"))


def _third(span: _Span, which: int) -> _Span:
    if span.grain == "month":
        first = span.start.replace(day=(1, 11, 21)[which])
        last = span.end if which == 2 else span.start.replace(day=(10, 20)[which])
        return _Span(first, last, "part")
    if span.grain in _LONG:
        months = (span.end.year - span.start.year) * 12 + span.end.month - span.start.month + 1
        size = max(1, months // 3)
        first = _add_months(span.start, size * which)
        count = months - 2 * size if which == 2 else size
        return _months_span(first.year, first.month, count, "month" if count == 1 else "months")
    days = (span.end - span.start).days + 1
    cuts = (0, round(days / 3), days - round(days / 3), days)
    first = span.start + timedelta(days=cuts[which])
    last = span.start + timedelta(days=max(cuts[which], cuts[which + 1] - 1))
    return _Span(first, last, "part")


def _h_part(match: re.Match[str], ground: Ground) -> _Phrase | None:
    word = match["w"]
    which = 0 if word == "early" else 2 if word == "late" else 1
    return _reshape(_read_period(match["p"], ground), lambda s: _third(s, which))


def _nth_week(span: _Span, which: str) -> _Span | None:
    """The first, second... or last seven days of a period (calendar days, not Monday-to-Friday weeks)."""
    if which in ("last", "final"):
        return _Span(max(span.start, span.end - timedelta(days=6)), span.end, "part")
    start = span.start + timedelta(days=7 * _ORDINAL_WORDS[which])
    return _Span(start, min(span.end, start + timedelta(days=6)), "part") if start <= span.end else None


def _h_nth_week(match: re.Match[str], ground: Ground) -> _Phrase | None:
    which = match["n"]
    return _reshape(_read_period(match["p"], ground), lambda s: _nth_week(s, which))


def _h_range_days(match: re.Match[str], ground: Ground) -> _Phrase | None:
    first, last = _leading_number(match["d1"]), _leading_number(match["d2"])
    month = _MONTHS.get(match["m"].rstrip(".")) or _CY_MONTH_ABBREVIATIONS.get(match["m"].rstrip("."))
    if month is None or first > last:
        return None

    def spans(year: int) -> _Span | None:
        a, b = _day(year, month, first), _day(year, month, last)
        return None if a is None or b is None else _Span(a.start, b.end, "range")

    year = _year_of(match["y"])
    return _fixed(spans(year)) if year is not None else _Phrase(spans, floating=True)


def _h_range_span(match: re.Match[str], ground: Ground) -> _Phrase | None:
    left = _read_day(match["a"], ground) or _read_period(match["a"], ground)
    right = _read_day(match["b"], ground) or _read_period(match["b"], ground)
    if left is None or right is None:
        return None

    def spans(year: int) -> _Span | None:
        b = right.spans(year)
        if b is None:
            return None
        # "December to February": the first part may fall in the year before the second.
        for left_year in (year, year - 1) if left.floating else (year,):
            a = left.spans(left_year)
            if a is not None and _bare(a).start <= _bare(b).end:
                return _Span(_bare(a).start, _bare(b).end, "range")
        return None

    if right.floating:
        return _Phrase(spans, floating=True)
    fixed_right = right.spans(ground.reference.year)
    return None if fixed_right is None else _fixed(spans(fixed_right.end.year))


# Each pattern with a cheap test its words must pass first: the composite patterns embed every period and
# day form, and trying them at every position of every phrase would cost most of the reading time.
_RANGE_WORDS = re.compile(r"(?<![\w])(?:to|until|till|tan|hyd|i)(?![\w])|\w\s*-")
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler, re.Pattern[str] | None], ...] = (
    (re.compile(_RANGE_DAYS), _h_range_days, re.compile(r"\d\s*(?:-|to|until|till|and|tan|i|hyd)\s*\d")),
    (re.compile(_RANGE_SPAN), _h_range_span, _RANGE_WORDS),
    (re.compile(_END), _h_end, re.compile(r"end|close|diwedd|last\s+day|diwrnod\s+olaf|eo[mqywf]")),
    (re.compile(_START), _h_start, re.compile(r"start|beginning|first\s+day|dechrau")),
    (re.compile(_PART), _h_part, re.compile(r"early|mid|late|middle|canol|ganol")),
    (re.compile(_NTH_WEEK), _h_nth_week, re.compile(r"week")),
    *((pattern, handler, None) for pattern, handler in _DAY_HANDLERS),
    (re.compile(_RELATIVE_DAY), _h_relative_day, None),
    (re.compile(_HOLIDAY), _h_holiday, None),
    (re.compile(_DURATION), _h_duration, None),
    *((re.compile(rf"(?<![\w]){p.pattern}(?![\w])"), h, None) for p, h in _PERIOD_HANDLERS),
)
