"""The date grammar: regular-expression sources for days and periods, as text folded by the reader (lower case,
no accents, "'r" spelled " yr", brackets and clause punctuation turned into " , ").

Day patterns and period patterns are embedded (without their group names) in the composite patterns: "end of
P", "early P", "the second week of P", ranges.
"""

from __future__ import annotations

import re

from bot.register.deadlines.vocabulary import (
    _CY_DAY_RADICALS,
    _CY_DAYS,
    _CY_MONTH_ABBREVIATIONS,
    _EN_DAYS,
    _MONTHS,
    _NUMBER_WORDS,
    _UNITS,
    _alt,
)

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
# "the week" and "yr wythnos" alone are this week, but not where they open "the week commencing 14 April" /
# "yr wythnos yn dechrau 13 Hydref" (a week named by its day, read by _P_WEEK_OF).
_NOT_WEEK_OF = (
    r"(?!\s+(?:commencing|beginning|starting|ending|of|(?:yn\s+)?(?:dechrau|cychwyn|gorffen|diweddu))(?![\w]))"
)
_P_WEEK = (
    r"(?P<rel>(?:the\s+)?week\s+after\s+next|(?:the\s+)?(?:next|following|coming)\s+week|"
    rf"(?:the\s+|this\s+|current\s+)?week(?![\w]){_NOT_WEEK_OF}|"
    r"(?:yr\s+)?wythnos\s+(?:hon|yma|nesaf|nesa|ganlynol|wedyn|ar\s+ol\s+nesaf)|"
    rf"yr\s+wythnos(?![\w]){_NOT_WEEK_OF}|wythnos(?![\w]){_NOT_WEEK_OF})(?![\w])"
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
