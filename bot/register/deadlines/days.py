"""Day-level readings: a date ("17th March", "31/03/25"), a weekday ("next Friday"), a relative day ("tomorrow"), a
named holiday ("Easter Monday", "Gŵyl Dewi") and a duration from the reference day ("within 5 working days").

Each handler takes a match of its pattern (``patterns``) and the ground the words are read on, and returns a
``_Phrase`` or None when the match turns out not to be a date.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from dateutil.easter import easter

from bot.register.deadlines.spans import (
    Ground,
    _add_months,
    _add_working_days,
    _day,
    _fixed,
    _monday,
    _Phrase,
    _Span,
    _year_of,
)
from bot.register.deadlines.vocabulary import (
    _CY_DAYS,
    _CY_MONTH_ABBREVIATIONS,
    _EN_DAYS,
    _MONTHS,
    _NUMBER_WORDS,
    _SINGULAR_CY_UNITS,
    _UNITS,
)


def _leading_number(text: str) -> int:
    """17 from "17th" or "17eg"."""
    return int("".join(itertools.takewhile(str.isdigit, text)) or 0)


# A month name right after the day: "hyd 8 Rhagfyr" is "until 8 December", not "October 8" (Hyd).
_MONTH_NEXT = re.compile(r"\s+(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")(?![\w])")


def _h_dmy(match: re.Match[str], ground: Ground) -> _Phrase | None:
    day = _leading_number(match["d"])
    written = match["m"].rstrip(".")
    month = _MONTHS.get(written) or _CY_MONTH_ABBREVIATIONS.get(written)
    if month is None:
        return None
    if written in _CY_MONTH_ABBREVIATIONS and match.start("m") < match.start("d"):
        if _MONTH_NEXT.match(match.string, match.end("d")):
            return None
    year = _year_of(match["y"])
    if year is not None:
        return _fixed(_day(year, month, day))
    return _Phrase(lambda y: _day(y, month, day), floating=True)


def _h_numeric(match: re.Match[str], ground: Ground) -> _Phrase | None:
    day, month = int(match["d"]), int(match["m"])
    if month > 12 and day <= 12:  # only reads month-first (03/31/25)
        day, month = month, day
    if not 1 <= month <= 12:
        return None
    year = _year_of(match["y"])
    if year is not None:
        return _fixed(_day(year, month, day))
    return _Phrase(lambda y: _day(y, month, day), floating=True)


def _h_iso(match: re.Match[str], ground: Ground) -> _Phrase | None:
    return _fixed(_day(int(match["y"]), int(match["m"]), int(match["d"])))


def _weekday_number(words: str) -> int:
    name = words.rstrip(".").split()[-1]
    if name in _EN_DAYS:
        return _EN_DAYS[name]
    return _CY_DAYS[name]


def _h_weekday(match: re.Match[str], ground: Ground) -> _Phrase | None:
    weekday = _weekday_number(match["wd"])
    pre = " ".join((match.groupdict().get("pre") or "").split())
    post = match["post"] or ""
    coming = ground.reference + timedelta(days=(weekday - ground.reference.weekday()) % 7)
    if pre in ("next", "following", "the following") or "next" in post or "nesa" in post:
        # "next Friday": the Friday of next week (see the module docstring).
        day = _monday(ground.reference) + timedelta(days=7 + weekday)
    elif pre == "last" or post == "diwethaf":
        day = ground.reference - timedelta(days=(ground.reference.weekday() - weekday) % 7 or 7)
    elif post == "week" and not pre:
        day = coming + timedelta(days=7)
    else:
        day = coming
    return _fixed(_Span(day, day, "day"))


def _h_ordinal_day(match: re.Match[str], ground: Ground) -> _Phrase | None:
    number = _leading_number(match["d"] or match["o"])
    if not 1 <= number <= 31:
        return None
    month = date(ground.reference.year, ground.reference.month, 1)
    for _ in range(13):
        found = _day(month.year, month.month, number)
        if found is not None and found.start >= ground.reference:
            return _fixed(found)
        month = _add_months(month, 1)
    return None


def _h_relative_day(match: re.Match[str], ground: Ground) -> _Phrase | None:
    word = match["w"].split()[-1]
    offset = {"yesterday": -1, "ddoe": -1, "today": 0, "tonight": 0, "heddiw": 0, "heno": 0}.get(word, 1)
    if word in ("drennydd", "trennydd") or "after" in match["w"]:
        offset = 2
    day = ground.reference + timedelta(days=offset)
    return _fixed(_Span(day, day, "day"))


def _holiday(name: str, year: int) -> date:
    name = " ".join(name.split())
    easter_sunday = easter(year)
    if "good friday" in name or "groglith" in name:
        return easter_sunday - timedelta(days=2)
    if "easter monday" in name or "llun y pasg" in name:
        return easter_sunday + timedelta(days=1)
    if "easter" in name or "pasg" in name:
        return easter_sunday
    if "eve" in name or "noswyl" in name or "nos galan" in name:
        return date(year, 12, 24) if ("christmas" in name or "noswyl" in name) else date(year, 12, 31)
    if "boxing" in name or "steffan" in name:
        return date(year, 12, 26)
    if "new year" in name or "calan" in name:
        return date(year, 1, 1)
    if "david" in name or "dewi" in name:
        return date(year, 3, 1)
    return date(year, 12, 25)


def _h_holiday(match: re.Match[str], ground: Ground) -> _Phrase | None:
    name = match["h"]
    year = _year_of(match["y"])

    def spans(y: int) -> _Span:
        day = _holiday(name, y)
        return _Span(day, day, "day")

    return _fixed(spans(year)) if year is not None else _Phrase(spans, floating=True)


def _h_duration(match: re.Match[str], ground: Ground) -> _Phrase | None:
    unit_words = " ".join(match["u"].split())
    unit = _UNITS[unit_words]
    if match["n"]:
        number = int(match["n"]) if match["n"].isdigit() else _NUMBER_WORDS[" ".join(match["n"].split())]
    elif unit == "fortnight" or ((match["lead"] or match["tail"]) and unit_words in _SINGULAR_CY_UNITS):
        number = 1
    else:
        return None
    if not (match["lead"] or match["tail"] or match["n"]):
        return None
    if match["tail"] and match["tail"].split()[-1] in ("ago", "ol"):  # "2 days ago", "wythnos yn ôl"
        number = -number
    if unit == "working_day":
        day = _add_working_days(ground.calendar, ground.reference, number)
    elif unit == "month":
        day = _add_months(ground.reference, number)
    elif unit == "year":
        day = _add_months(ground.reference, 12 * number)
    else:
        days = {"day": 1, "week": 7, "fortnight": 14}[unit]
        day = ground.reference + timedelta(days=days * number)
    if match["anchor"]:  # "a week on Friday": counted from the coming Friday
        day += timedelta(days=(_weekday_number(match["anchor"]) - ground.reference.weekday()) % 7)
    elif match["plus"]:  # "a week tomorrow"
        day += timedelta(days=1)
    return _fixed(_Span(day, day, "day"))
