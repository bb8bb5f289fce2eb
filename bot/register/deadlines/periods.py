"""Period readings: a week ("w/c 14 April", "next week"), a month, a season ("Spring 2025", "yr hydref"), a
quarter or half ("Q2", "H1 2025/26"), a financial or calendar year; and the tables that read a day or a period
as one whole expression (the inside of "end of ...").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.register.deadlines.days import (
    _h_dmy,
    _h_iso,
    _h_numeric,
    _h_ordinal_day,
    _h_weekday,
)
from bot.register.deadlines.patterns import (
    _CY_WEEKDAY_BARE,
    _DMY,
    _ISO,
    _MDY,
    _NUMERIC,
    _ORDINAL_DAY,
    _P_FINANCIAL_YEAR,
    _P_HALF,
    _P_MONTH,
    _P_MONTH_REL,
    _P_QUARTER,
    _P_QUARTER_REL,
    _P_SEASON,
    _P_WEEK,
    _P_WEEK_OF,
    _P_YEAR,
    _WEEKDAY,
    _YEAR,
)
from bot.register.deadlines.spans import (
    Ground,
    _add_months,
    _financial_start_year,
    _fixed,
    _friday_on_or_after,
    _Handlers,
    _monday,
    _months_span,
    _Phrase,
    _settle,
    _Span,
    _week_span,
    _work_week,
    _year_of,
)
from bot.register.deadlines.vocabulary import _CY_MONTH_ABBREVIATIONS, _CY_SEASONS, _MONTHS, _SEASONS


def _h_week_of(match: re.Match[str], ground: Ground) -> _Phrase | None:
    inner = _read_day(match["day"], ground)
    if inner is None:
        return None
    ending = (
        match["kind"].startswith(("w/e", "w.e", "week ending"))
        or "gorffen" in match["kind"]
        or ("diweddu" in match["kind"])
    )

    def spans(year: int) -> _Span | None:
        day = inner.spans(year)
        if day is None:
            return None
        if ending:
            return _Span(day.start - timedelta(days=4), day.start, "week")
        return _Span(day.start, _friday_on_or_after(day.start), "week")

    return _Phrase(spans, inner.floating)


def _h_week(match: re.Match[str], ground: Ground) -> _Phrase | None:
    words = " ".join(match["rel"].split())
    this_week = _work_week(ground.reference)
    if "after next" in words or "ar ol nesaf" in words:
        return _fixed(_week_span(this_week + timedelta(days=14)))
    if any(w in words for w in ("next", "following", "coming", "nesa", "ganlynol", "wedyn")):
        return _fixed(_week_span(_monday(ground.reference) + timedelta(days=7)))
    return _fixed(_week_span(this_week))


# "When published (may be delayed)": May the month is not May the verb.
_MAY_THE_VERB = re.compile(r"\s+(?:be|have|not|need|slip|change|take|require|well|also|only|want)(?![\w])")


def _h_month(match: re.Match[str], ground: Ground) -> _Phrase | None:
    if match["ma"]:
        month = _CY_MONTH_ABBREVIATIONS[match["ma"].rstrip(".")]
        return _fixed(_months_span(int(match["ya"]), month, 1, "month"))
    month = _MONTHS[match["m"].rstrip(".")]
    if month == 5 and _MAY_THE_VERB.match(match.string, match.end()):
        return None
    year = _year_of(match["y"])
    if year is not None:
        return _fixed(_months_span(year, month, 1, "month"))
    return _Phrase(lambda y: _months_span(y, month, 1, "month"), floating=True)


def _h_month_relative(match: re.Match[str], ground: Ground) -> _Phrase | None:
    words = match["rel"]
    ahead = 1 if any(w in words for w in ("next", "following", "coming", "nesa", "canlynol")) else 0
    first = _add_months(date(ground.reference.year, ground.reference.month, 1), ahead)
    return _fixed(_months_span(first.year, first.month, 1, "month"))


def _season_span(first_month: int, year: int) -> _Span:
    return _months_span(year, first_month, 3, "season")


def _h_season(match: re.Match[str], ground: Ground) -> _Phrase | None:
    groups = match.groupdict()
    # The English, Welsh and Welsh-autumn alternatives name their groups apart; take whichever matched.
    suffix = "" if groups.get("s") else "c" if groups.get("sc") else "h"
    first_month = _SEASONS[groups["s"]] if groups.get("s") else _CY_SEASONS[groups.get("sc") or "hydref"]
    fy, year, rel = groups.get("fy" + suffix), groups.get("y" + suffix), groups.get("rel" + suffix)
    if fy:
        start_year = _financial_start_year(fy)
        return None if start_year is None else _fixed(_season_span(first_month, start_year))
    if year:
        return _fixed(_season_span(first_month, _year_of(year) or ground.reference.year))
    spans = _Phrase(lambda y: _season_span(first_month, y), floating=True)
    if rel in ("next", "nesaf", "nesa"):
        current = _settle(spans, ground.reference, None, has_time=False)
        if current is not None and current.start <= ground.reference:
            return _fixed(_season_span(first_month, current.start.year + 1))
    return spans


_FINANCIAL = re.compile(r"financial|fiscal|ariannol|(?<![\w])fy|(?:19|20)?\d{2}\s*[/-]\s*\d{2}(?![\d/])")


def _is_financial(text: str) -> bool:
    return bool(_FINANCIAL.search(text))


def _h_quarter(match: re.Match[str], ground: Ground) -> _Phrase | None:
    text = match[0]
    number_match = re.search(r"(?:q|ch|quarter\s*|chwarter\s*)([1-4])(?!\d)", text)
    if number_match:
        number = int(number_match[1])
    else:
        ordinal = re.search(r"first|second|third|fourth|final|last|1st|2nd|3rd|4th", text)
        words = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
        number = words.get(ordinal[0] if ordinal else "", 4)
    financial = _is_financial(text)
    year_text = text[number_match.end() :] if number_match else text
    if financial:
        start_year = _financial_start_year(text)
        first_month = 4 + 3 * (number - 1)

        def spans(y: int) -> _Span:
            return _months_span(y + (first_month - 1) // 12, (first_month - 1) % 12 + 1, 3, "quarter")

        if start_year is not None:
            return _fixed(spans(start_year))
        return _Phrase(spans, floating=True)
    year_match = re.search(_YEAR, year_text) or re.search(_YEAR, text)
    if year_match is None:
        short = re.search(r"(?<![\d'])(\d{2})(?![\d/])", year_text)
        year = 2000 + int(short[1]) if short else None
    else:
        year = _year_of(year_match[0])
    if year is not None:
        return _fixed(_months_span(year, 3 * (number - 1) + 1, 3, "quarter"))
    return _Phrase(lambda y: _months_span(y, 3 * (number - 1) + 1, 3, "quarter"), floating=True)


def _h_quarter_relative(match: re.Match[str], ground: Ground) -> _Phrase | None:
    # Calendar and UK financial quarters share their boundaries, so "this quarter" needs neither.
    first = date(ground.reference.year, 3 * ((ground.reference.month - 1) // 3) + 1, 1)
    if any(w in match["rel"] for w in ("next", "following", "coming", "nesa")):
        first = _add_months(first, 3)
    return _fixed(_months_span(first.year, first.month, 3, "quarter"))


def _h_half(match: re.Match[str], ground: Ground) -> _Phrase | None:
    text = match[0]
    number = 2 if re.search(r"h2|second", text) else 1
    if _is_financial(text):
        start_year = _financial_start_year(text)
        first_month = 4 if number == 1 else 10

        def spans(y: int) -> _Span:
            return _months_span(y, first_month, 6, "half")

        return _fixed(spans(start_year)) if start_year is not None else _Phrase(spans, floating=True)
    year_match = re.search(_YEAR, text)
    first = 1 if number == 1 else 7
    if year_match:
        return _fixed(_months_span(_year_of(year_match[0]) or ground.reference.year, first, 6, "half"))
    return _Phrase(lambda y: _months_span(y, first, 6, "half"), floating=True)


def _financial_year_span(start_year: int) -> _Span:
    return _months_span(start_year, 4, 12, "year")


def _h_financial_year(match: re.Match[str], ground: Ground) -> _Phrase | None:
    groups = match.groupdict()
    named = groups.get("fy") or groups.get("fyc") or groups.get("fyb") or groups.get("fyn")
    if named:
        start_year = _financial_start_year(named)
        return None if start_year is None else _fixed(_financial_year_span(start_year))
    current = ground.reference.year if ground.reference.month >= 4 else ground.reference.year - 1
    rel = groups.get("rel") or groups.get("relc") or groups.get("relf") or ""
    if rel in ("next", "nesaf"):
        current += 1
    elif rel == "last":
        current -= 1
    return _fixed(_financial_year_span(current))


def _h_year(match: re.Match[str], ground: Ground) -> _Phrase | None:
    groups = match.groupdict()
    year_text = groups.get("y") or groups.get("yn")
    if year_text:
        year = int(year_text)
    else:
        rel = groups.get("rel") or groups.get("relc") or groups.get("relf") or ""
        year = ground.reference.year + (1 if rel in ("next", "nesaf") or match[0].endswith("nesaf") else 0)
    return _fixed(_months_span(year, 1, 12, "year"))


_DAY_HANDLERS: _Handlers = tuple(
    (re.compile(source), handler)
    for source, handler in (
        (_DMY, _h_dmy),
        (_MDY, _h_dmy),
        (_NUMERIC, _h_numeric),
        (_ISO, _h_iso),
        (_WEEKDAY, _h_weekday),
        (_CY_WEEKDAY_BARE, _h_weekday),
        (_ORDINAL_DAY, _h_ordinal_day),
    )
)
_PERIOD_HANDLERS: _Handlers = tuple(
    (re.compile(source), handler)
    for source, handler in (
        (_P_WEEK_OF, _h_week_of),
        (_P_WEEK, _h_week),
        (_P_MONTH, _h_month),
        (_P_MONTH_REL, _h_month_relative),
        (_P_SEASON, _h_season),
        (_P_QUARTER, _h_quarter),
        (_P_QUARTER_REL, _h_quarter_relative),
        (_P_HALF, _h_half),
        (_P_FINANCIAL_YEAR, _h_financial_year),
        (_P_YEAR, _h_year),
    )
)


def _read_whole(text: str, handlers: _Handlers, ground: Ground) -> _Phrase | None:
    """Read words that must be one expression from start to end (the inside of "end of ...")."""
    for pattern, handler in handlers:
        match = pattern.fullmatch(text)
        if match:
            phrase = handler(match, ground)
            if phrase is not None:
                return phrase
    return None


def _read_day(text: str, ground: Ground) -> _Phrase | None:
    return _read_whole(text.strip(), _DAY_HANDLERS, ground)


def _read_period(text: str, ground: Ground) -> _Phrase | None:
    return _read_whole(text.strip(), _PERIOD_HANDLERS, ground)
