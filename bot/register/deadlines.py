"""Deadlines as people write them in minutes, in English and Welsh, read into a kind and a window.

``parse_deadline`` keeps the words exactly as written and says what they mean: a kind, and for dates a window
(``due`` = the date to work towards, ``latest`` = the last acceptable date). It never raises on words: what it
cannot read comes back as ``unknown`` with the words kept.

Kinds, in the order they are looked for (where several markers appear, the earliest in the words wins):

====================  ====================================================================================
kind                  words
====================  ====================================================================================
``asap``              ASAP, as soon as possible, urgent(ly), immediately, straight away, without delay,
                      cyn gynted â phosibl / ag y bo modd, ar unwaith, ar frys, yn syth
``next_meeting``      (before / by) next [Forum] meeting, following meeting, next board, cyn y cyfarfod nesaf
``ongoing``           ongoing, in due course, as required, as and when, continuous, monthly, maes o law,
                      parhaus, fel y bo angen, yn ôl yr angen
``event``             a condition: when / once / after / following / pending / subject to X, on publication,
                      ahead of / prior to X (X not a date), words naming an event (launch, recess,
                      election, consultation...); pan, unwaith, ar ôl, yn dilyn, yn amodol ar, cyn lansio
``date``              a day, a day and time, or a period (table below)
``unknown``           TBC, TBA, i'w gadarnhau, or anything else it cannot read
====================  ====================================================================================

For ``asap``, ``next_meeting``, ``ongoing`` and ``event``, a date in the words ("When published (Spring
2025)", "ASAP, by Friday at the latest") bounds the window: ``latest`` is the end of that date's reading and
``due`` is left empty (the condition, not a date, is what to work towards). A date the condition starts from
("following Easter recess", "after 1 April") is not a bound. A date with TBC beside it ("June 2025 (TBC)")
is read as a provisional ``date``: a working target is more use to a chaser than none.

Only filler words (by, before, deadline, approx., erbyn...) may stand before a date for the words to be a
``date``; words after it are notes ("31 March (board paper)"). So "by finance on Friday" is ``unknown``: the
command reader relies on that to leave "shared by finance" in an action's text. Words before a date that
name a meeting or event ("Board on 3 April") make an ``event`` bounded by that date.

Dates. A year left out means the next such day or period that has not ended on ``reference``. Numeric dates
are UK day-first (5/6 = 5 June); a numeric date that only reads month-first (03/31/25) is read month-first.
Times ("Friday 5pm", "17:00 31 March", "5yh") set the time of day for a single day; EOD / COB / close of play
add nothing beyond the day. Every result is local midnight (or the time given) in ``tz``.

=====================================  ==================================  ==================================
words (reference Mon 17 Mar 2025)      due                                 latest
=====================================  ==================================  ==================================
a day: 31/03/25, 17th March, Mon 14    that day                            that day
Apr, today, tomorrow, Friday, COB
Friday, the 5th, Christmas, Easter
"next Friday" / "dydd Gwener nesaf"    Friday of next week (28 Mar)        same
"Friday week"                          the coming Friday + 7 days          same
"in 10 days", "within 2 weeks",        reference + that long (working      same
"mewn pythefnos", "5 working days"     days skip weekends and Welsh bank
                                       holidays)
"w/c 14 April", "week of 14 April"     that day (Monday 14 Apr)            the first Friday on or after it
"w/e 18 April"                         the Monday before                   that day
"next week", "wythnos nesaf"           Monday of next week                 Friday of next week
"this week"                            reference                           Friday of this week
"early / mid / late June"              1 / 11 / 21 June                    10 / 20 / 30 June
(thirds; of a week: Mon-Tue, Wed,
Thu-Fri; of a season: its months)
"first / second / last week of April"  1 / 8 / 24 April                    7 / 14 / 30 April
a month, season, quarter, half or      last day of it (a long window       last day of it
year named alone: "June 2025",         reads as "during, by its end")
"Spring 2025", "Q2 2025", "2026"
"by P", "end of P", "before the end    last day of P                       same
of P", "erbyn diwedd mis Mehefin"
"start / beginning of P", "dechrau P"  first day of P                      same
"before P" (P not "the end of...")     the day before P starts (a week:    same
                                       the Friday before); with a time,
                                       the time itself
"14-18 April", "April to May"          due of the first part               latest of the second part
=====================================  ==================================  ==================================

A window that has already begun on ``reference`` starts on ``reference`` ("this week", "mid-March" on 17
March: due 17 March).

Periods: Spring = Mar-May, Summer = Jun-Aug, Autumn = Sep-Nov, Winter = Dec-Feb ("Winter 2025" and "Winter
2025/26" both mean Dec 2025 - Feb 2026). "Q2 2025" and a bare "Q2" / "end of Q2" are calendar quarters
(Apr-Jun); quarters are UK financial (Q1 = Apr-Jun) when the words give a 2025/26-style year or say
financial / fiscal / FY ("Q2 2025/26" = Jul-Sep 2025). "FY25" names the financial year that ends in 2025
(2024/25). "End of the year" is 31 December; "end of the financial year" is 31 March. Welsh "Hydref" alone
is October; with the article ("yr hydref", "diwedd yr hydref") it is autumn.

The grammar reads English and Welsh whatever ``locale`` says (people mix them); ``locale`` orders the
languages of the ``dateparser`` fallback, which only sees words the grammar could not read that have some
date-like word in them. Results are cached per (words, reference, locale, tz).

Command line::

    python -m bot.register.deadlines "by the end of May" --reference 2025-03-17 [--locale cy] [--tz ...]
"""

from __future__ import annotations

import argparse
import calendar
import itertools
import json
import logging
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale

from bot.register.model import Deadline, DeadlineKind

__all__ = ["parse_deadline"]

log = logging.getLogger(__name__)

# Words past this many characters are notes; reading them costs time and never changes the answer.
_MAX_READ = 300

# ---------------------------------------------------------------------------------------------------------
# Vocabulary. Month and day names come from Babel's CLDR data; Welsh also needs the mutated forms that
# follow prepositions and articles ("ym Mehefin" / "fis Mehefin", "o Fawrth", "nos Wener").
# ---------------------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Case and accents away: people type "â" and "a", "ô" and "o" interchangeably."""
    text = text.casefold()
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


# Radical -> mutated initial. Two-letter radicals first so "ll" is not read as "l".
_Mutation = tuple[tuple[str, str], ...]
_SOFT: _Mutation = (("ll", "l"), ("rh", "r"), ("c", "g"), ("p", "b"), ("t", "d"), ("b", "f"), ("d", "dd"))
_SOFT += (("m", "f"), ("g", ""))  # g drops: Gorffennaf -> (o) Orffennaf
_NASAL: _Mutation = (("c", "ngh"), ("p", "mh"), ("t", "nh"), ("g", "ng"), ("b", "m"), ("d", "n"))
_ASPIRATE: _Mutation = (("c", "ch"), ("p", "ph"), ("t", "th"))


def _mutations(word: str) -> set[str]:
    forms = {word}
    if word.startswith(("ch", "ph", "th", "ff", "dd")):
        return forms
    for table in (_SOFT, _NASAL, _ASPIRATE):
        for radical, mutated in table:
            if word.startswith(radical):
                forms.add(mutated + word[len(radical) :])
                break
    return forms


def _vocabulary() -> tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int]]:
    english, welsh = Locale.parse("en_GB"), Locale.parse("cy")
    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in english.months["format"][width].items():
            months[_fold(name)] = number
    # CLDR's en_GB abbreviation for September became "Sept" (Babel 2.10+); people still write "Sep" and "Sept".
    months.update({"sep": 9, "sept": 9})
    for number, name in welsh.months["format"]["wide"].items():
        for form in _mutations(_fold(name)):
            months[form] = number
    # Welsh abbreviations ("Maw", "Hyd") are ordinary words too, so they count only beside a day or a year.
    welsh_abbreviations: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for number, name in welsh.months[context]["abbreviated"].items():
            if _fold(name) not in months:
                welsh_abbreviations[_fold(name)] = number
    days: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in english.days["format"][width].items():
            days[_fold(name)] = number
    days.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
    welsh_days: dict[str, int] = {}
    for number, name in welsh.days["format"]["wide"].items():
        for form in _mutations(_fold(name).removeprefix("dydd ")):
            welsh_days[form] = number
    return months, welsh_abbreviations, days, welsh_days


_MONTHS, _CY_MONTH_ABBREVIATIONS, _EN_DAYS, _CY_DAYS = _vocabulary()
_CY_DAY_RADICALS = {"llun": 0, "mawrth": 1, "mercher": 2, "iau": 3, "gwener": 4, "sadwrn": 5, "sul": 6}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2,
    "un": 1, "dau": 2, "ddau": 2, "dwy": 2, "ddwy": 2, "tri": 3, "dri": 3, "tair": 3, "dair": 3, "pedwar": 4,
    "bedwar": 4, "pedair": 4, "bedair": 4, "pump": 5, "pum": 5, "bum": 5, "chwech": 6, "chwe": 6, "saith": 7,
    "wyth": 8, "naw": 9, "deg": 10, "ddeg": 10, "deng": 10,
}  # fmt: skip
_UNITS = {
    "working day": "working_day", "working days": "working_day", "business day": "working_day",
    "business days": "working_day", "day": "day", "days": "day", "week": "week", "weeks": "week",
    "wk": "week", "wks": "week", "fortnight": "fortnight", "fortnights": "fortnight", "month": "month",
    "months": "month", "year": "year", "years": "year", "diwrnod gwaith": "working_day",
    "niwrnod gwaith": "working_day", "diwrnodau gwaith": "working_day", "diwrnod": "day", "niwrnod": "day",
    "diwrnodau": "day", "dyddiau": "day", "wythnos": "week", "wythnosau": "week", "pythefnos": "fortnight",
    "mis": "month", "fis": "month", "misoedd": "month", "blwyddyn": "year", "flwyddyn": "year",
    "mlynedd": "year", "blynedd": "year",
}  # fmt: skip
# Welsh counts a single unit without a numeral ("mewn wythnos", "ymhen mis").
_SINGULAR_CY_UNITS = {"wythnos", "mis", "fis", "diwrnod", "blwyddyn", "flwyddyn", "pythefnos", "fortnight"}

_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_CY_SEASONS = {"gwanwyn": 3, "wanwyn": 3, "ngwanwyn": 3, "haf": 6, "hydref": 9, "gaeaf": 12}


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


# ---------------------------------------------------------------------------------------------------------
# Patterns. Text is folded first (see _normalise): lower case, no accents, "'r" spelled " yr", brackets and
# clause punctuation turned into " , ".
# ---------------------------------------------------------------------------------------------------------

_ORD = r"(?:st|nd|rd|th|af|il|ydd|ed|fed|eg|ain)"
_DAYN = rf"(?:3[01]|[12]\d|0?[1-9])(?!\d){_ORD}?"
_YEAR4 = r"(?:19|20)\d{2}(?!\d)"
_YEAR = rf"(?:{_YEAR4}|'\d{{2}}(?!\d))"
_MON = _alt(_MONTHS) + r"\.?(?![\w])"
_MON_D = _alt([*_MONTHS, *_CY_MONTH_ABBREVIATIONS]) + r"\.?(?![\w])"
_MON_CY_ABBR = _alt(_CY_MONTH_ABBREVIATIONS) + r"\.?"
_WD_EN = _alt(_EN_DAYS) + r"\.?(?![\w])"
_WD_CY = (
    rf"(?:(?:(?:bore|fore|prynhawn|brynhawn|nos)\s+)?(?:dydd|ddydd|nydd)\s+{_alt(_CY_DAY_RADICALS)}"
    rf"|(?:nos|bore|fore|prynhawn|brynhawn)\s+{_alt(_CY_DAYS)})(?![\w])"
)
_WD = rf"(?:{_WD_CY}|{_WD_EN})"
_FY = (
    r"(?:fy\s*'?)?(?:19|20)\d{2}\s*[/-]\s*(?:(?:19|20)?\d{2})(?![\d/])"
    r"|fy\s*'?\d{2}\s*[/-]\s*\d{2}(?![\d/])|fy\s*'?(?:(?:19|20)\d{2}|\d{2})(?![\d/])"
)
_UNIT_WORDS = _alt(_UNITS)
_NUMBERS = _alt(_NUMBER_WORDS)
_NOT_A_UNIT = r"(?!\s*(?:working\s+|business\s+)?(?:days?|weeks?|months?|years?|wythnos|diwrnod|mis)\b)"
_NOT_RECESS = (
    r"(?!\s+(?:recess|break|holidays?|half[\s-]?term|term|shutdown|closure|session|statement|toriad|gwyliau|"
    r"tymor|hanner\s+tymor))"
)

# Day-level expressions.
_DMY = (
    rf"(?<![\w/.-])(?:{_WD}\s*,?\s+)?(?:the\s+|y\s+)?(?P<d>{_DAYN})(?:\s+(?:of|o))?[\s-]+(?P<m>{_MON_D})"
    rf"(?:\s*,?[\s-]+(?P<y>{_YEAR}))?"
)
_MDY = (
    rf"(?<![\w/.-])(?:{_WD}\s*,?\s+)?(?P<m>{_MON_D})\s+(?:the\s+)?(?P<d>{_DAYN})"
    rf"(?:\s*,?\s+(?P<y>{_YEAR4}))?"
)
_NUMERIC = (
    rf"(?<![\w/.-])(?:{_WD}\s*,?\s+)?(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})(?:[/.-](?P<y>\d{{4}}|\d{{2}}))?"
    rf"(?![\w/]|[.-]\d){_NOT_A_UNIT}"
)
_ISO = r"(?<![\w/.-])(?P<y>\d{4})[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})(?!\d)"
_WEEKDAY = (
    rf"(?<![\w])(?:(?P<pre>this\s+coming|the\s+coming|coming|this|next|the\s+following|following|last|the)\s+)?"
    rf"(?P<wd>{_WD})(?:\s+(?P<post>(?:of\s+)?next\s+week|(?:of\s+)?this\s+week|(?:yr\s+)?wythnos\s+nesaf?|"
    r"(?:yr\s+)?wythnos\s+(?:hon|yma)|next|week|nesaf|nesa|yma|hwn|hon|diwethaf))?"
)
# "Mawrth nesaf" is next March as often as next Tuesday, so a bare Welsh day name needs "dydd" for Tuesday.
_CY_BARE_DAYS = _alt(set(_CY_DAYS) - {"mawrth", "fawrth"})
_CY_WEEKDAY_BARE = rf"(?<![\w])(?P<wd>{_CY_BARE_DAYS})\s+(?P<post>nesaf|nesa|yma|hwn)"
_THE_DAY = rf"(?<![\w/.-])(?:(?:{_WD}\s*,?\s+)(?:the\s+|y\s+)?|the\s+|y\s+)(?P<d>{_DAYN})"
_ORDINAL_DAY = rf"{_THE_DAY}|(?<![\w/.-])(?P<o>\d{{1,2}}){_ORD}"
_RELATIVE_DAY = (
    r"(?<![\w])(?P<w>today|tonight|heddiw|heno|tomorrow|tmrw|tomoz|tommorow|tommorrow|tomorow|yfory|fory|"
    r"(?:the\s+)?day\s+after\s+tomorrow|drennydd|trennydd|yesterday|ddoe)(?![\w])"
)
_HOLIDAY = (
    r"(?<![\w])(?P<h>christmas\s+eve|christmas(?:\s+day)?|xmas|boxing\s+day|new\s+year'?s?\s+eve|"
    r"new\s+year'?s?(?:\s+day)?|easter\s+sunday|easter\s+monday|good\s+friday|easter|st\.?\s+david'?s\s+day|"
    r"(?:dydd\s+)?gwyl\s+dewi|noswyl\s+nadolig|(?:dydd\s+)?nadolig|gwyl\s+san\s+steffan|(?:dydd\s+)?calan|"
    r"nos\s+galan|(?:sul\s+y\s+)?pasg|llun\s+y\s+pasg|(?:dydd\s+)?gwener\s+y\s+groglith)"
    rf"(?:\s+(?P<y>{_YEAR4}))?(?![\w]){_NOT_RECESS}"
)
_DURATION = (
    r"(?<![\w])(?:(?P<lead>within|in|inside(?:\s+of)?|over|o\s+fewn|mewn|ymhen|cyn\s+pen)\s+)?"
    rf"(?:the\s+next\s+)?(?:(?P<n>\d{{1,3}}|{_NUMBERS})\s*)?(?P<u>{_UNIT_WORDS})(?![\w])"
    r"(?P<tail>(?:'s|')?\s+(?:time|from\s+now|from\s+today|hence|o\s+heddiw|o\s+nawr|o\s+rwan|ago|yn\s+ol))?"
    rf"(?P<plus>\s+(?:tomorrow|yfory)(?![\w])|\s+(?:from|on|after|o|ar\s+ol)\s+(?P<anchor>{_WD}))?"
)

_DAY_PATTERNS = (_DMY, _MDY, _NUMERIC, _ISO, _WEEKDAY, _CY_WEEKDAY_BARE, _ORDINAL_DAY)


def _plain(source: str) -> str:
    """A pattern without its group names, to embed in bigger ones."""
    return re.sub(r"\(\?P<\w+>", "(?:", source)


_DAY_SRC = "(?:" + "|".join(_plain(p) for p in _DAY_PATTERNS) + ")"

# Periods: named spans of time that "end of", "early", "by" and friends apply to.
_P_WEEK_OF = (
    r"(?P<kind>w/c|w/b|w\.c\.?|w\.b\.?|wc|wb|w/e|w\.e\.?|wk\s+comm\.?|wk\s+beg\.?|"
    r"week\s+(?:commencing|beginning|starting|ending|of)|"
    r"wythnos\s+(?:yn\s+)?(?:dechrau|cychwyn|gorffen|diweddu))"
    rf"\s+(?:the\s+|y\s+)?(?P<day>{_DAY_SRC})"
)
_P_WEEK = (
    r"(?P<rel>(?:the\s+)?week\s+after\s+next|(?:the\s+)?(?:next|following|coming)\s+week|"
    r"(?:the\s+|this\s+|current\s+)?week|"
    r"(?:yr\s+)?wythnos\s+(?:hon|yma|nesaf|nesa|ganlynol|wedyn|ar\s+ol\s+nesaf)|yr\s+wythnos|wythnos)(?![\w])"
)
_P_MONTH = (
    rf"(?:(?:the\s+)?month\s+of\s+|(?:y\s+)?f?mis\s+)?(?P<m>{_MON})(?:\s*,?\s+(?:of\s+)?(?P<y>{_YEAR}))?"
    rf"|(?P<ma>{_MON_CY_ABBR})\s+(?P<ya>{_YEAR4})"
)
_P_MONTH_REL = (
    r"(?P<rel>(?:the\s+)?(?:next|following|coming)\s+month|(?:the\s+|this\s+|current\s+)?month|"
    r"(?:y\s+)?f?mis\s+(?:hwn|yma|nesaf|nesa|presennol|canlynol)|y\s+mis)(?![\w])"
)
_P_SEASON = (
    rf"(?:the\s+)?(?:(?P<rel>this|next|coming)\s+)?(?P<s>spring|summer|autumn|fall|winter)(?![\w])"
    rf"(?:\s*,?\s+(?:of\s+)?(?:(?P<fy>{_FY})|(?P<y>{_YEAR})))?{_NOT_RECESS}"
    rf"|(?:(?:y|yr)\s+)?(?P<sc>g?wanwyn|ngwanwyn|haf|gaeaf)(?![\w])(?:\s+(?:(?P<fyc>{_FY})|(?P<yc>{_YEAR})))?"
    rf"(?:\s+(?P<relc>nesaf|nesa|hwn|yma|eleni))?{_NOT_RECESS}"
    rf"|yr\s+(?P<hyd>hydref)(?![\w])(?:\s+(?:(?P<fyh>{_FY})|(?P<yh>{_YEAR})))?(?:\s+(?P<relh>nesaf|nesa|hwn|yma))?"
    rf"{_NOT_RECESS}"
)
_P_QUARTER = (
    rf"(?:(?:{_FY}|{_YEAR4})\s+)?(?:(?:financial|fiscal|fy|ariannol)\s+)?(?:q|ch|quarter\s*|chwarter\s*)[1-4](?!\d)"
    rf"(?:\s+(?:of\s+)?(?:the\s+)?(?:{_FY}|\d{{2}}\s*/\s*\d{{2}}(?![\d/])|{_YEAR}|(?:financial|fiscal)\s+year))?"
    r"(?:\s+(?:financial|fiscal|ariannol)(?![\w]))?"
    r"|(?:the\s+)?(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(?:(?:financial|fiscal)\s+)?quarter"
    rf"(?:\s+of\s+(?:the\s+)?(?:{_FY}|{_YEAR}|(?:financial|fiscal)\s+year))?"
)
_P_QUARTER_REL = (
    r"(?P<rel>(?:the\s+)?(?:next|following|coming)\s+quarter|(?:the\s+|this\s+|current\s+)?quarter|"
    r"(?:y\s+)?chwarter\s+(?:hwn|yma|nesaf|nesa)|y\s+chwarter)(?![\w])"
)
_P_HALF = (
    rf"(?:(?:{_FY}|{_YEAR4})\s+)?(?:(?:financial|fiscal|fy)\s+)?h[12](?!\d)"
    rf"(?:\s+(?:of\s+)?(?:{_FY}|{_YEAR}))?"
    rf"|(?:the\s+)?(?:first|second)\s+half\s+of\s+(?:the\s+)?(?:{_FY}|{_YEAR}|(?:financial|fiscal)\s+year|year)"
)
_P_FINANCIAL_YEAR = (
    rf"(?:the\s+)?(?:(?P<rel>this|current|next|last)\s+)?(?:financial|fiscal)\s+year(?:\s+(?P<fy>{_FY}))?"
    rf"|(?:y\s+)?f?flwyddyn\s+ariannol(?:\s+(?P<relc>hon|nesaf|bresennol|presennol))?(?:\s+(?P<fyc>{_FY}))?"
    rf"|f?blwyddyn\s+ariannol(?:\s+(?P<fyb>{_FY}))?|(?<![\w/])(?P<fyn>{_FY})"
    r"|(?:the\s+)?(?:(?P<relf>this|current|next|last)\s+)?fy(?![\w'/])"
)
_P_YEAR = (
    rf"(?:the\s+)?(?:(?P<rel>this|current|next)\s+)?(?:calendar\s+)?year(?![\w])(?:\s+(?P<y>{_YEAR4}))?"
    rf"|(?<![\w/'-])(?P<yn>{_YEAR4})(?![/-]?\d)|(?P<eleni>eleni)"
    r"|(?:y\s+)?f?flwyddyn(?:\s+(?P<relc>hon|nesaf|galendr|bresennol|yma))?(?![\w])|f?blwyddyn\s+nesaf"
)

_PERIOD_PATTERNS = (
    _P_WEEK_OF,
    _P_WEEK,
    _P_MONTH,
    _P_MONTH_REL,
    _P_SEASON,
    _P_QUARTER,
    _P_QUARTER_REL,
    _P_HALF,
    _P_FINANCIAL_YEAR,
    _P_YEAR,
)
_PERIOD_SRC = "(?:" + "|".join(_plain(p) for p in _PERIOD_PATTERNS) + ")"

_END = (
    r"(?<![\w])(?:(?:the\s+)?(?:very\s+)?(?:end\s+(?:of\s+)?|(?:close|last\s+day)\s+of\s+)(?:the\s+)?"
    rf"|(?:tua\s+)?d?diwedd\s+|(?:y\s+)?diwrnod\s+olaf\s+)(?P<p>{_PERIOD_SRC})"
    rf"|(?<![\w])(?P<q>{_PERIOD_SRC})[\s-]+end(?![\w])"
    r"|(?<![\w])(?P<abbr>eom|eoq|eoy|eow|eofy)(?![\w])"
)
_START = (
    r"(?<![\w])(?:(?:the\s+)?(?:very\s+)?(?:start|beginning|first\s+day)\s+of\s+(?:the\s+)?|d?dechrau\s+)"
    rf"(?P<p>{_PERIOD_SRC})"
)
_PART = (
    r"(?<![\w])(?P<w>early|mid|late|(?:the\s+)?middle\s+of(?:\s+the)?|c?ganol|canol)(?:\s*-\s*|\s+)"
    rf"(?P<p>{_PERIOD_SRC})"
)
_ORDINAL_WORDS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}
_NTH_WEEK = (
    rf"(?<![\w])(?:the\s+)?(?P<n>{_alt([*_ORDINAL_WORDS, 'last', 'final'])})\s+week\s+(?:of|in)\s+(?:the\s+)?"
    rf"(?P<p>{_PERIOD_SRC})"
)
_RANGE_DAYS = (
    rf"(?<![\w/.-])(?P<d1>{_DAYN})\s*(?:-|to|until|till|and|tan|i|hyd)\s*(?P<d2>{_DAYN})(?:\s+(?:of|o))?\s+"
    rf"(?P<m>{_MON_D})(?:\s*,?\s+(?P<y>{_YEAR}))?"
)
_RANGE_SPAN = (
    rf"(?P<a>{_DAY_SRC}|{_PERIOD_SRC})\s*(?:-|to|until|till|tan|hyd\s+at|i)\s*(?:the\s+end\s+of\s+)?"
    rf"(?P<b>{_DAY_SRC}|{_PERIOD_SRC})"
)

_TIME = re.compile(
    r"(?<![\d:./-])(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?|y\.?b\.?|y\.?h\.?)(?![\w])"
    r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?:\s*(?:hrs|h)(?![\w]))?(?![\d:])"
    r"|(?P<h3>[01]?\d|2[0-3])\.(?P<mi3>00|30)(?:\s*(?:hrs|h)(?![\w]))?(?![\d.])"
    r"|(?P<h4>[01]\d|2[0-3])(?P<mi4>[0-5]\d)\s*(?:hrs|h)(?![\w])"
    r"|(?P<h5>\d{1,2})\s*(?:o'?clock|o\s+yr\s+gloch)"
    r"|(?P<noon>(?:12\s+)?noon|mid-?day|hanner\s+dydd|c?ganol\s+dydd)"
    r"|(?P<midnight>midnight|hanner\s+nos))(?![\w])"
)
_END_OF_DAY = re.compile(
    r"(?<![\w])(?:eod|cob|cop|eop|eob|end\s+of\s+(?:the\s+)?(?:working\s+|business\s+)?day|close\s+of\s+"
    r"(?:business|play)|end\s+of\s+(?:play|business)|diwedd\s+(?:y\s+)?(?:dydd|diwrnod)(?:\s+gwaith)?|"
    r"first\s+thing)(?![\w])"
)

_ASAP = re.compile(
    r"(?<![\w])(?:asap|a\.s\.a\.p|as\s+soon\s+as\s+(?:possible|practicable|practical|feasible|reasonably\s+"
    r"practicable|you\s+can|we\s+can|able|poss)|at\s+the\s+earliest\s+(?:opportunity|convenience)|"
    r"earliest\s+opportunity|urgent(?:ly)?|immediate(?:ly)?|straight\s*away|right\s+away|at\s+once|"
    r"without\s+delay|cyn\s+gynted\s+(?:a|ag|ac)\s+(?:phosibl|phosib|bosibl|y\s+bo\s+modd|bo\s+modd|"
    r"y\s+gellir|sy'n\s+bosibl|y\s+gallwch)|mor\s+fuan\s+(?:a|ag)\s+(?:phosibl|phosib|bosibl)|ar\s+unwaith|"
    r"ar\s+frys|brys|yn\s+syth|heb\s+oedi|yn\s+ddi-?oed|di-?oed)(?![\w])"
)
_NEXT_MEETING = re.compile(
    r"(?<![\w])(?:(?:next|following|subsequent|upcoming|coming)\s+(?:[\w'&-]+\s+){0,3}?(?:meetings?|session|"
    r"sitting|forum|board|committee|catch[\s-]?ups?|check[\s-]?ins?|call|huddle|1:1|one[\s-]to[\s-]one|"
    r"get[\s-]together)"
    r"|(?:c|g|ngh|ch)yfarfod(?:ydd)?\s+(?:[\w'&-]+\s+){0,3}?nesa(?:f)?"
    r"|(?:before|by|at|for|ahead\s+of|prior\s+to|until)\s+(?:the|our|this)\s+(?:[\w'&-]+\s+)?meeting"
    r"(?!\s+(?:on|in|of|at)(?![\w]))"
    r"|(?:cyn|erbyn|yn|tan|hyd|ar\s+gyfer)\s+(?:y|ein)\s+(?:c|g|ngh)yfarfod(?!\s+(?:ar|ym|yn|o)(?![\w]))"
    r"|next\s+time\s+we\s+meet|y\s+tro\s+nesaf)(?![\w])"
)
_ONGOING = re.compile(
    r"(?<![\w])(?:ongoing|on-going|on\s+going|in\s+due\s+course|as\s+required|as\s+needed|as\s+and\s+when|"
    r"as\s+appropriate|when\s+required|where\s+required|if\s+required|when\s+needed|continuous(?:ly)?|"
    r"continuing|continual(?:ly)?|rolling|routine|standing\s+(?:item|action)|regular(?:ly)?|permanent|"
    r"business\s+as\s+usual|bau|every\s+(?:week|month|meeting|quarter)|weekly|fortnightly|monthly|"
    r"quarterly|annually|yearly|no\s+end\s+date|maes\s+o\s+law|parhaus|yn\s+barhaus|barhaus|parhaol|"
    r"fel\s+y\s+bo\s+(?:angen|gofyn)|fel\s+bo\s+angen|yn\s+ol\s+yr\s+angen|pan\s+fo\s+angen|yn\s+rheolaidd|"
    r"rheolaidd|ar\s+y\s+gweill|wythnosol|misol|blynyddol|yn\s+flynyddol)(?![\w])"
)
_TIME_WORDS = (
    r"(?:next(?![\w])|(?:the\s+)?(?:next\s+)?(?:week|month|year|quarter|day|fortnight|wythnos|mis|flwyddyn|"
    + _alt([*_EN_DAYS, *_CY_DAYS, "dydd", "ddydd"])
    + r")(?![\w]))"
)
_EVENT_CONDITION = re.compile(
    rf"(?<![\w])(?:after(?!\s+next(?![\w]))|(?:following|yn\s+dilyn)(?![\w])(?!\s+{_TIME_WORDS})"
    r"|(?:when|whenever|once|upon|pending|awaiting|subject\s+to|dependent\s+(?:on|upon)|"
    r"depending\s+on|depends\s+on|conditional\s+(?:on|upon)|contingent\s+(?:on|upon)|in\s+line\s+with|"
    r"alongside|as\s+part\s+of|at\s+the\s+time\s+of|pan|unwaith|ar\s+ol|yn\s+sgil|yn\s+amodol\s+ar|"
    r"yn\s+dibynnu\s+ar|gan\s+ddibynnu\s+ar|yn\s+ddibynnol\s+ar|ochr\s+yn\s+ochr\s+(?:a|ag)|fel\s+rhan\s+o)"
    r"|on\s+(?:the\s+)?(?:publication|receipt|completion|approval|agreement|confirmation|signature|sign-off|"
    r"launch|release|award|notification|delivery|return)"
    r"|(?:within|in|o\s+fewn|ymhen)\s+(?:\S+\s+)?(?:working\s+|business\s+)?(?:days?|weeks?|months?|fortnight|"
    r"wythnos|diwrnod|niwrnod|mis)\s+(?:of|after|following|from|ar\s+ol|wedi)(?!\s+(?:now|today|heddiw|nawr))"
    r"|^wedi)(?![\w])"
)
# Conditions phrased as a bound: "ahead of grant launch". Only where the words after them are not a date.
_EVENT_AHEAD = re.compile(
    r"(?<![\w])(?:ahead\s+of|in\s+advance\s+of|prior\s+to|in\s+time\s+for|mewn\s+pryd\s+(?:ar\s+gyfer|i))\s+\S"
)
_EVENT_NOUN = (
    r"(?:launch(?:es|ed)?|lansio|lansiad|publication|published|publish|cyhoeddi|cyhoeddiad|recess|toriad|"
    r"elections?|etholiad(?:au)?|summit|conference|cynhadledd|consultation|ymgynghoriad|go[\s-]live|"
    r"sign[\s-]?off|announcement|half[\s-]?term|hanner\s+tymor|(?:summer|easter|christmas)\s+(?:break|holidays?)|"
    r"gwyliau|shutdown|event|digwyddiad|workshop|gweithdy|inspection|arolygiad|plenary|debate)"
)
# Words naming an event are a condition on their own ("Summer recess", "by the launch"); "by finance" is not.
_EVENT_NOUN_ALONE = re.compile(rf"(?<![\w]){_EVENT_NOUN}(?![\w])")
# Nouns that make a date read as an event's date ("Board on 3 April") when the words are not a plain date.
_EVENT_WITH_DATE = re.compile(
    rf"(?<![\w])(?:{_EVENT_NOUN}|board|committee|panel|forum|meeting|cyfarfod|bwrdd|pwyllgor|review|"
    r"adolygiad|deadline|submission|results|decision|penderfyniad|visit|ymweliad|audit)(?![\w])"
)
_AFTER_WORDS = re.compile(
    r"(?<![\w])(?:after|following|from|since|once|when|starting|pan|unwaith|ar\s+ol|wedi|yn\s+dilyn|o\s+(?!fewn))"
    r"(?![\w])"
)
_MODIFIER = re.compile(
    r"(?<![\w])(?:(?P<by>no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|by|until|till|til|up\s+to|erbyn|"
    r"tan|hyd\s+at|hyd|(?:d?dim\s+)?hwyrach\s+na|nlt|within|o\s+fewn)"
    r"|(?P<before>before|prior\s+to|ahead\s+of|in\s+advance\s+of|cyn)"
    r"|(?P<during>in|during|yn\s+ystod|ym|yng|throughout))(?![\w])"
)
# Words that may stand before a date without changing it ("Deadline: by approx. Friday").
_FILLERS = frozenset(
    """by before on or the a an and no not later than deadline deadlines due date dates target targeted
    approx approx. approximately around about roughly circa c. c ca. ca ideally hopefully latest at in during
    for until till til up to within sometime some time provisional provisionally tentative tentatively tbc tba
    tbd expected estimated est. eta planned aim aiming prior ahead of advance final hard soft is be will
    should must please pls - & + / next
    erbyn cyn ar tua yn ystod ym yng y yr o fewn hyd tan at dim ddim hwyrach na nag neu dyddiad cau targed
    disgwylir am i mewn ymhen likely probably possibly maybe perhaps extended revised new now agreed
    confirmed decided rhywbryd efallai bosibl posibl i'w gadarnhau gytuno benderfynu drefnu""".split()
)
# The dateparser fallback sees words only when every one of them could belong to a date: dateparser refuses
# words it does not know anyway, and asking it costs about a millisecond.
_DATE_WORD = re.compile(
    r"[\w/.:'-]*\d[\w/.:'-]*|"
    + "|".join(
        [
            _alt(_MONTHS),
            _alt(_CY_MONTH_ABBREVIATIONS),
            _alt(_EN_DAYS),
            _alt(_CY_DAYS),
            _NUMBERS,
            r"days?|weeks?|months?|years?|fortnights?|tomorrow|today|tonight|yesterday|hours?|noon|midnight",
            r"first|second|third|fourth|fifth|last|next|this|coming|from|now|of|dydd|ddydd|wythnos|mis|fis",
            r"diwrnod|niwrnod|blwyddyn|flwyddyn|yfory|heddiw|ddoe|nesaf|nesa|pythefnos|nawr|o|yma|hon|hwn",
        ]
    )
)
_DATE_HINT = re.compile(
    r"\d|(?<![\w])(?:"
    + "|".join([_alt(_MONTHS), _alt(_EN_DAYS), _alt(_CY_DAYS)])
    + r"|days?|weeks?|months?|fortnight|tomorrow|today|wythnos|mis|diwrnod|yfory|heddiw|pythefnos)(?![\w])"
)


# ---------------------------------------------------------------------------------------------------------
# Spans of days and what words make of them.
# ---------------------------------------------------------------------------------------------------------

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


def _easter(year: int) -> date:
    # The anonymous Gregorian computus (Meeus/Jones/Butcher).
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays  # deferred: only "working days" need it

    return frozenset(holidays.country_holidays("GB", subdiv="WLS", years=year).keys())


def _add_working_days(day: date, count: int) -> date:
    step = timedelta(days=1 if count > 0 else -1)
    for _ in range(abs(count)):
        day += step
        while day.weekday() >= 5 or day in _bank_holidays(day.year):
            day += step
    return day


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


# -- day-level handlers -------------------------------------------------------------------------------------


def _leading_number(text: str) -> int:
    """17 from "17th" or "17eg"."""
    return int("".join(itertools.takewhile(str.isdigit, text)) or 0)


def _h_dmy(match: re.Match[str], reference: date) -> _Phrase | None:
    day = _leading_number(match["d"])
    month = _MONTHS.get(match["m"].rstrip(".")) or _CY_MONTH_ABBREVIATIONS.get(match["m"].rstrip("."))
    if month is None:
        return None
    year = _year_of(match["y"])
    if year is not None:
        return _fixed(_day(year, month, day))
    return _Phrase(lambda y: _day(y, month, day), floating=True)


def _h_numeric(match: re.Match[str], reference: date) -> _Phrase | None:
    day, month = int(match["d"]), int(match["m"])
    if month > 12 and day <= 12:  # only reads month-first (03/31/25)
        day, month = month, day
    if not 1 <= month <= 12:
        return None
    year = _year_of(match["y"])
    if year is not None:
        return _fixed(_day(year, month, day))
    return _Phrase(lambda y: _day(y, month, day), floating=True)


def _h_iso(match: re.Match[str], reference: date) -> _Phrase | None:
    return _fixed(_day(int(match["y"]), int(match["m"]), int(match["d"])))


def _weekday_number(words: str) -> int:
    name = words.rstrip(".").split()[-1]
    if name in _EN_DAYS:
        return _EN_DAYS[name]
    return _CY_DAYS[name]


def _h_weekday(match: re.Match[str], reference: date) -> _Phrase | None:
    weekday = _weekday_number(match["wd"])
    pre = " ".join((match.groupdict().get("pre") or "").split())
    post = match["post"] or ""
    coming = reference + timedelta(days=(weekday - reference.weekday()) % 7)
    if pre in ("next", "following", "the following") or "next" in post or "nesa" in post:
        # "next Friday": the Friday of next week (see the module docstring).
        day = _monday(reference) + timedelta(days=7 + weekday)
    elif pre == "last" or post == "diwethaf":
        day = reference - timedelta(days=(reference.weekday() - weekday) % 7 or 7)
    elif post == "week" and not pre:
        day = coming + timedelta(days=7)
    else:
        day = coming
    return _fixed(_Span(day, day, "day"))


def _h_ordinal_day(match: re.Match[str], reference: date) -> _Phrase | None:
    number = _leading_number(match["d"] or match["o"])
    if not 1 <= number <= 31:
        return None
    month = date(reference.year, reference.month, 1)
    for _ in range(13):
        found = _day(month.year, month.month, number)
        if found is not None and found.start >= reference:
            return _fixed(found)
        month = _add_months(month, 1)
    return None


def _h_relative_day(match: re.Match[str], reference: date) -> _Phrase | None:
    word = match["w"].split()[-1]
    offset = {"yesterday": -1, "ddoe": -1, "today": 0, "tonight": 0, "heddiw": 0, "heno": 0}.get(word, 1)
    if word in ("drennydd", "trennydd") or "after" in match["w"]:
        offset = 2
    day = reference + timedelta(days=offset)
    return _fixed(_Span(day, day, "day"))


def _holiday(name: str, year: int) -> date:
    name = " ".join(name.split())
    easter = _easter(year)
    if "good friday" in name or "groglith" in name:
        return easter - timedelta(days=2)
    if "easter monday" in name or "llun y pasg" in name:
        return easter + timedelta(days=1)
    if "easter" in name or "pasg" in name:
        return easter
    if "eve" in name or "noswyl" in name or "nos galan" in name:
        return date(year, 12, 24) if ("christmas" in name or "noswyl" in name) else date(year, 12, 31)
    if "boxing" in name or "steffan" in name:
        return date(year, 12, 26)
    if "new year" in name or "calan" in name:
        return date(year, 1, 1)
    if "david" in name or "dewi" in name:
        return date(year, 3, 1)
    return date(year, 12, 25)


def _h_holiday(match: re.Match[str], reference: date) -> _Phrase | None:
    name = match["h"]
    year = _year_of(match["y"])

    def spans(y: int) -> _Span:
        day = _holiday(name, y)
        return _Span(day, day, "day")

    return _fixed(spans(year)) if year is not None else _Phrase(spans, floating=True)


def _h_duration(match: re.Match[str], reference: date) -> _Phrase | None:
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
        day = _add_working_days(reference, number)
    elif unit == "month":
        day = _add_months(reference, number)
    elif unit == "year":
        day = _add_months(reference, 12 * number)
    else:
        days = {"day": 1, "week": 7, "fortnight": 14}[unit]
        day = reference + timedelta(days=days * number)
    if match["anchor"]:  # "a week on Friday": counted from the coming Friday
        day += timedelta(days=(_weekday_number(match["anchor"]) - reference.weekday()) % 7)
    elif match["plus"]:  # "a week tomorrow"
        day += timedelta(days=1)
    return _fixed(_Span(day, day, "day"))


# -- period handlers ----------------------------------------------------------------------------------------


def _h_week_of(match: re.Match[str], reference: date) -> _Phrase | None:
    inner = _read_day(match["day"], reference)
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


def _h_week(match: re.Match[str], reference: date) -> _Phrase | None:
    words = " ".join(match["rel"].split())
    this_week = _work_week(reference)
    if "after next" in words or "ar ol nesaf" in words:
        return _fixed(_week_span(this_week + timedelta(days=14)))
    if any(w in words for w in ("next", "following", "coming", "nesa", "ganlynol", "wedyn")):
        return _fixed(_week_span(_monday(reference) + timedelta(days=7)))
    return _fixed(_week_span(this_week))


# "When published (may be delayed)": May the month is not May the verb.
_MAY_THE_VERB = re.compile(r"\s+(?:be|have|not|need|slip|change|take|require|well|also|only|want)(?![\w])")


def _h_month(match: re.Match[str], reference: date) -> _Phrase | None:
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


def _h_month_relative(match: re.Match[str], reference: date) -> _Phrase | None:
    words = match["rel"]
    ahead = 1 if any(w in words for w in ("next", "following", "coming", "nesa", "canlynol")) else 0
    first = _add_months(date(reference.year, reference.month, 1), ahead)
    return _fixed(_months_span(first.year, first.month, 1, "month"))


def _season_span(first_month: int, year: int) -> _Span:
    return _months_span(year, first_month, 3, "season")


def _h_season(match: re.Match[str], reference: date) -> _Phrase | None:
    groups = match.groupdict()
    # The English, Welsh and Welsh-autumn alternatives name their groups apart; take whichever matched.
    suffix = "" if groups.get("s") else "c" if groups.get("sc") else "h"
    first_month = _SEASONS[groups["s"]] if groups.get("s") else _CY_SEASONS[groups.get("sc") or "hydref"]
    fy, year, rel = groups.get("fy" + suffix), groups.get("y" + suffix), groups.get("rel" + suffix)
    if fy:
        start_year = _financial_start_year(fy)
        return None if start_year is None else _fixed(_season_span(first_month, start_year))
    if year:
        return _fixed(_season_span(first_month, _year_of(year) or reference.year))
    spans = _Phrase(lambda y: _season_span(first_month, y), floating=True)
    if rel in ("next", "nesaf", "nesa"):
        current = _settle(spans, reference, None, has_time=False)
        if current is not None and current.start <= reference:
            return _fixed(_season_span(first_month, current.start.year + 1))
    return spans


_FINANCIAL = re.compile(r"financial|fiscal|ariannol|(?<![\w])fy|(?:19|20)?\d{2}\s*[/-]\s*\d{2}(?![\d/])")


def _is_financial(text: str) -> bool:
    return bool(_FINANCIAL.search(text))


def _h_quarter(match: re.Match[str], reference: date) -> _Phrase | None:
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


def _h_quarter_relative(match: re.Match[str], reference: date) -> _Phrase | None:
    # Calendar and UK financial quarters share their boundaries, so "this quarter" needs neither.
    first = date(reference.year, 3 * ((reference.month - 1) // 3) + 1, 1)
    if any(w in match["rel"] for w in ("next", "following", "coming", "nesa")):
        first = _add_months(first, 3)
    return _fixed(_months_span(first.year, first.month, 3, "quarter"))


def _h_half(match: re.Match[str], reference: date) -> _Phrase | None:
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
        return _fixed(_months_span(_year_of(year_match[0]) or reference.year, first, 6, "half"))
    return _Phrase(lambda y: _months_span(y, first, 6, "half"), floating=True)


def _financial_year_span(start_year: int) -> _Span:
    return _months_span(start_year, 4, 12, "year")


def _h_financial_year(match: re.Match[str], reference: date) -> _Phrase | None:
    groups = match.groupdict()
    named = groups.get("fy") or groups.get("fyc") or groups.get("fyb") or groups.get("fyn")
    if named:
        start_year = _financial_start_year(named)
        return None if start_year is None else _fixed(_financial_year_span(start_year))
    current = reference.year if reference.month >= 4 else reference.year - 1
    rel = groups.get("rel") or groups.get("relc") or groups.get("relf") or ""
    if rel in ("next", "nesaf"):
        current += 1
    elif rel == "last":
        current -= 1
    return _fixed(_financial_year_span(current))


def _h_year(match: re.Match[str], reference: date) -> _Phrase | None:
    groups = match.groupdict()
    year_text = groups.get("y") or groups.get("yn")
    if year_text:
        year = int(year_text)
    else:
        rel = groups.get("rel") or groups.get("relc") or groups.get("relf") or ""
        year = reference.year + (1 if rel in ("next", "nesaf") or match[0].endswith("nesaf") else 0)
    return _fixed(_months_span(year, 1, 12, "year"))


_Handler = Callable[[re.Match[str], date], "_Phrase | None"]

_Handlers = tuple[tuple[re.Pattern[str], _Handler], ...]
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


def _read_whole(text: str, handlers: _Handlers, reference: date) -> _Phrase | None:
    """Read words that must be one expression from start to end (the inside of "end of ...")."""
    for pattern, handler in handlers:
        match = pattern.fullmatch(text)
        if match:
            phrase = handler(match, reference)
            if phrase is not None:
                return phrase
    return None


def _read_day(text: str, reference: date) -> _Phrase | None:
    return _read_whole(text.strip(), _DAY_HANDLERS, reference)


def _read_period(text: str, reference: date) -> _Phrase | None:
    return _read_whole(text.strip(), _PERIOD_HANDLERS, reference)


# -- composite handlers -------------------------------------------------------------------------------------


def _reshape(inner: _Phrase | None, shape: Callable[[_Span], _Span | None]) -> _Phrase | None:
    if inner is None:
        return None

    def spans(year: int) -> _Span | None:
        span = inner.spans(year)
        return None if span is None else shape(span)

    return _Phrase(spans, inner.floating)


def _h_end(match: re.Match[str], reference: date) -> _Phrase | None:
    if match["abbr"]:
        words = {"eom": "month", "eoq": "quarter", "eoy": "year", "eow": "week", "eofy": "financial year"}
        inner = _read_period(words[match["abbr"]], reference)
    else:
        inner = _read_period(match["p"] or match["q"], reference)
    return _reshape(inner, lambda s: _Span(s.end, s.end, "day", closing=True))


def _h_start(match: re.Match[str], reference: date) -> _Phrase | None:
    return _reshape(_read_period(match["p"], reference), lambda s: _Span(s.start, s.start, "day"))


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


def _h_part(match: re.Match[str], reference: date) -> _Phrase | None:
    word = match["w"]
    which = 0 if word == "early" else 2 if word == "late" else 1
    return _reshape(_read_period(match["p"], reference), lambda s: _third(s, which))


def _nth_week(span: _Span, which: str) -> _Span | None:
    """The first, second... or last seven days of a period (calendar days, not Monday-to-Friday weeks)."""
    if which in ("last", "final"):
        return _Span(max(span.start, span.end - timedelta(days=6)), span.end, "part")
    start = span.start + timedelta(days=7 * _ORDINAL_WORDS[which])
    return _Span(start, min(span.end, start + timedelta(days=6)), "part") if start <= span.end else None


def _h_nth_week(match: re.Match[str], reference: date) -> _Phrase | None:
    which = match["n"]
    return _reshape(_read_period(match["p"], reference), lambda s: _nth_week(s, which))


def _h_range_days(match: re.Match[str], reference: date) -> _Phrase | None:
    first, last = _leading_number(match["d1"]), _leading_number(match["d2"])
    month = _MONTHS.get(match["m"].rstrip(".")) or _CY_MONTH_ABBREVIATIONS.get(match["m"].rstrip("."))
    if month is None or first > last:
        return None

    def spans(year: int) -> _Span | None:
        a, b = _day(year, month, first), _day(year, month, last)
        return None if a is None or b is None else _Span(a.start, b.end, "range")

    year = _year_of(match["y"])
    return _fixed(spans(year)) if year is not None else _Phrase(spans, floating=True)


def _h_range_span(match: re.Match[str], reference: date) -> _Phrase | None:
    left = _read_day(match["a"], reference) or _read_period(match["a"], reference)
    right = _read_day(match["b"], reference) or _read_period(match["b"], reference)
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
    fixed_right = right.spans(reference.year)
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


# ---------------------------------------------------------------------------------------------------------
# Reading.
# ---------------------------------------------------------------------------------------------------------


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


def _modifier(prefix: str) -> str | None:
    """by / before / during: the last such word in the clause before a date governs it."""
    found = list(_MODIFIER.finditer(prefix.rsplit(",", 1)[-1]))
    return found[-1].lastgroup if found else None


def _governed_by_after(prefix: str) -> bool:
    clause = prefix.rsplit(",", 1)[-1]
    after = [m.end() for m in _AFTER_WORDS.finditer(clause)]
    if not after:
        return False
    bound = [m.end() for m in _MODIFIER.finditer(clause) if m.lastgroup in ("by", "before")]
    return not bound or max(bound) < max(after)


def _candidates(text: str) -> list[tuple[int, int, int, re.Match[str], _Handler]]:
    found: list[tuple[int, int, int, re.Match[str], _Handler]] = []
    for priority, (pattern, handler, guard) in enumerate(_PATTERNS):
        if guard is not None and not guard.search(text):
            continue
        for match in pattern.finditer(text):
            if match.end() > match.start():
                found.append((match.start(), -(match.end() - match.start()), priority, match, handler))
    found.sort(key=lambda c: c[:3])
    return found


def _is_filler(words: str) -> bool:
    tokens = (token.strip(".:") for token in words.replace(",", " ").split())
    return all(not token or token in _FILLERS for token in tokens)


def _find_date(text: str, reference: date, *, has_time: bool, leading_only: bool) -> _Span | None:
    """The first date expression in the words.

    With ``leading_only``, only filler words may stand before it (so "by finance on Friday" is not a date);
    otherwise dates that a condition starts from ("following 1 April") are passed over.
    """
    for start, _length, _priority, match, handler in _candidates(text):
        prefix = text[:start]
        if leading_only and not _is_filler(prefix):
            return None
        if not leading_only and _governed_by_after(prefix):
            continue
        phrase = handler(match, reference)
        if phrase is None:
            continue
        span = _settle(phrase, reference, _modifier(prefix), has_time=has_time)
        if span is not None and span.start <= span.end:
            return span
    return None


_SEPARATORS = re.compile(r"[()\[\]{};!?\"“”|]|:(?=\s|$)|,")
_TRANSLATE = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-", "\u00a0": " "}
)


def _normalise(words: str) -> str:
    text = _fold(words[:_MAX_READ].translate(_TRANSLATE))
    text = re.sub(r"(?<=\w)'r(?![\w])", " yr", text)
    # "24/7" would otherwise read as 24 July.
    text = text.replace("24/7", " continuous ")
    text = _SEPARATORS.sub(" , ", text)
    return " ".join(text.split())


def _read_time(text: str) -> tuple[time | None, str]:
    """The time of day the words give, and the words with it blanked out."""
    for match in _TIME.finditer(text):
        groups = match.groupdict()
        at: time | None = None
        if groups["noon"]:
            at = time(12, 0)
        elif groups["midnight"]:
            at = time(23, 59)  # "by midnight Friday": the last minute of Friday
        else:
            hour_text = groups["h"] or groups["h2"] or groups["h3"] or groups["h4"] or groups["h5"]
            minute_text = groups["mi"] or groups["mi2"] or groups["mi3"] or groups["mi4"] or "0"
            hour, minute = int(hour_text), int(minute_text)
            marker = (groups["ap"] or "").replace(".", "")
            if marker:
                if not 1 <= hour <= 12:
                    continue
                hour = hour % 12 + (12 if marker in ("pm", "yh") else 0)
            elif groups["h5"] and 1 <= hour <= 7:
                hour += 12  # "5 o'clock" in working hours is the afternoon
            if hour > 23 or minute > 59:
                continue
            at = time(hour, minute)
        blanked = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
        return at, blanked
    return None, text


def _earliest(text: str, patterns: Sequence[tuple[DeadlineKind, re.Pattern[str]]]) -> DeadlineKind | None:
    best: tuple[int, int, DeadlineKind] | None = None
    for priority, (kind, pattern) in enumerate(patterns):
        match = pattern.search(text)
        if match and (best is None or (match.start(), priority) < best[:2]):
            best = (match.start(), priority, kind)
    return best[2] if best else None


_KIND_MARKERS = (
    (DeadlineKind.ASAP, _ASAP),
    (DeadlineKind.NEXT_MEETING, _NEXT_MEETING),
    (DeadlineKind.ONGOING, _ONGOING),
    (DeadlineKind.EVENT, _EVENT_CONDITION),
)


def _at(day: date, at: time | None, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at or time(0, 0), tzinfo=zone)


def _window(span: _Span, reference: date, at: time | None, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = reference if span.start < reference <= span.end else span.start
    if span.start == span.end:
        return _at(start, at, zone), _at(span.end, at, zone)
    return _at(start, None, zone), _at(span.end, None, zone)


def _read(words: str, reference: date, locale: str, zone: ZoneInfo) -> Deadline:
    text = _normalise(words)
    at, text = _read_time(text)
    text, end_of_day = _END_OF_DAY.subn(" ", text)
    has_time = at is not None

    marked = _earliest(text, _KIND_MARKERS)
    if marked is not None:
        return _bounded(words, marked, text, reference, at, zone)

    found = _find_date(text, reference, has_time=has_time, leading_only=True)
    if found is not None:
        due, latest = _window(found, reference, at, zone)
        return Deadline(text=words, kind=DeadlineKind.DATE, due=due, latest=latest)
    if _EVENT_AHEAD.search(text) or _EVENT_NOUN_ALONE.search(text):
        return _bounded(words, DeadlineKind.EVENT, text, reference, at, zone)
    if _EVENT_WITH_DATE.search(text) and _find_date(text, reference, has_time=has_time, leading_only=False):
        return _bounded(words, DeadlineKind.EVENT, text, reference, at, zone)
    if (has_time or end_of_day) and _is_filler(text):
        moment = _at(reference, at, zone)
        return Deadline(text=words, kind=DeadlineKind.DATE, due=moment, latest=moment)
    fallback = _fallback_day(text, reference, locale)
    if fallback is not None:
        moment = _at(fallback, at, zone)
        return Deadline(text=words, kind=DeadlineKind.DATE, due=moment, latest=moment)
    return Deadline(text=words, kind=DeadlineKind.UNKNOWN)


def _bounded(
    words: str,
    kind: DeadlineKind,
    text: str,
    reference: date,
    at: time | None,
    zone: ZoneInfo,
) -> Deadline:
    found = _find_date(text, reference, has_time=at is not None, leading_only=False)
    if found is None:
        return Deadline(text=words, kind=kind)
    _due, latest = _window(found, reference, at, zone)
    return Deadline(text=words, kind=kind, latest=latest)


# -- dateparser fallback ------------------------------------------------------------------------------------

_LEADING_MARKERS = re.compile(
    r"^(?:(?:by|before|on|no\s+later\s+than|not\s+later\s+than|until|till|deadline|due|erbyn|cyn|ar|tan|the|y|yr)"
    r"\s+)+"
)


def _fallback_day(text: str, reference: date, locale: str) -> date | None:
    """Words the grammar could not read, for ``dateparser``, when they look like a date at all.

    dateparser costs milliseconds a phrase and misreads loose words, so it sees only what passes this gate,
    and its answer counts only when it is not before the reference day (a relative phrase read into the past
    was misread) and within ten years.
    """
    words = _LEADING_MARKERS.sub("", text.replace(",", " ").strip()).strip()
    if not words or len(words) > 60 or not _DATE_HINT.search(words) or _AFTER_WORDS.search(words):
        return None
    if not all(token in _FILLERS or _DATE_WORD.fullmatch(token) for token in words.split()):
        return None
    strict = bool(re.match(r"(?:before|cyn|prior\s+to)\s", text))
    day = _dateparser(" ".join(words.split()), reference, "cy" if locale.lower().startswith("cy") else "en")
    if day is None or not reference <= day <= reference + timedelta(days=3660):
        return None
    return day - timedelta(days=1) if strict else day


@lru_cache(maxsize=2048)
def _dateparser(words: str, reference: date, language: str) -> date | None:
    import dateparser  # deferred: importing costs ~50 ms and most words never need it

    settings: dict[str, Any] = {
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "last",
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime(reference.year, reference.month, reference.day),
        "RETURN_AS_TIMEZONE_AWARE": False,
        # No timestamp ("1700000000") or no-spaces ("20250317") guessing: slow and wrong for deadlines.
        "PARSERS": ["relative-time", "absolute-time"],
    }
    languages = ["cy", "en"] if language == "cy" else ["en", "cy"]
    try:
        parsed = dateparser.parse(words, languages=languages, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; words it cannot read are just unknown
        log.debug("dateparser could not read %r", words, exc_info=True)
        return None
    return parsed.date() if parsed is not None else None


# ---------------------------------------------------------------------------------------------------------
# Public API.
# ---------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


@lru_cache(maxsize=8192)
def _parse_cached(words: str, reference: date, locale: str, tz: str) -> Deadline:
    zone = _zone(tz)
    # Words must never stop an action being logged: whatever the reader trips on is kept as unknown.
    try:
        return _read(words, reference, locale, zone)
    except (ValueError, OverflowError):
        # Dates past year 9999 or before year 1 ("in 999 years", a reference near either end).
        log.debug("deadline %r falls outside the calendar", words, exc_info=True)
    except (KeyError, IndexError, TypeError):
        log.warning("could not read deadline %r", words, exc_info=True)
    return Deadline(text=words, kind=DeadlineKind.UNKNOWN)


def parse_deadline(text: str, *, reference: date, locale: str = "en", tz: str = "Europe/London") -> Deadline:
    """Read deadline words as written in minutes (English or Welsh) against ``reference`` (today, locally).

    The words are kept exactly (surrounding whitespace stripped); see the module docstring for the rules.
    Raises only for a ``tz`` that is not an IANA zone name.
    """
    words = text.strip()
    if not words:
        return Deadline.none()
    if isinstance(reference, datetime):
        reference = reference.date()
    return _parse_cached(words, reference, locale, tz)


# ---------------------------------------------------------------------------------------------------------
# Command line.
# ---------------------------------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    midnight = moment.hour == moment.minute == moment.second == moment.microsecond == 0
    return moment.date().isoformat() if midnight else moment.isoformat()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.register.deadlines",
        description="Read deadline words (English or Welsh) and print what they mean as one JSON object: "
        '{"text", "kind", "due", "latest"}.',
    )
    parser.add_argument("words", help='the deadline as written, e.g. "end of May" or "erbyn dydd Gwener"')
    parser.add_argument(
        "--reference",
        type=date.fromisoformat,
        default=None,
        help="the day the words were written, YYYY-MM-DD (default: today in --tz)",
    )
    parser.add_argument("--locale", default="en", help="en or cy (both languages are read either way)")
    parser.add_argument("--tz", default="Europe/London", help="IANA time zone (default Europe/London)")
    args = parser.parse_args(argv)
    try:
        zone = _zone(args.tz)
    except (ValueError, KeyError) as exc:
        parser.error(f"unknown time zone {args.tz!r}: {exc}")
    reference = args.reference or datetime.now(zone).date()
    deadline = parse_deadline(args.words, reference=reference, locale=args.locale, tz=args.tz)
    due, latest = _iso(deadline.due), _iso(deadline.latest)
    answer = {"text": deadline.text, "kind": str(deadline.kind), "due": due, "latest": latest}
    json.dump(answer, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
