"""Words of dates in English and Welsh: month, day, number, unit and season names, folded for matching.

Month and day names are written out here rather than taken from a locale library: they are fixed, and Welsh
also needs the mutated forms that follow prepositions and articles ("ym Mehefin" / "fis Mehefin", "o Fawrth",
"nos Wener"), which no locale data carries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
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


_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")  # fmt: skip
_CY_MONTHS = ("ionawr", "chwefror", "mawrth", "ebrill", "mai", "mehefin", "gorffennaf", "awst", "medi", "hydref",
              "tachwedd", "rhagfyr")  # fmt: skip
# Welsh abbreviations as CLDR writes them ("Chwef" in dates, "Chw" standing alone).
_CY_MONTH_SHORT = ("ion", "chwef", "chw", "maw", "ebr", "mai", "meh", "gorff", "gor", "awst", "medi", "hyd", "tach",
                   "rhag")  # fmt: skip
_CY_MONTH_SHORT_NUMBERS = (1, 2, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12)
_EN_DAYS_WIDE = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CY_DAY_RADICALS = {"llun": 0, "mawrth": 1, "mercher": 2, "iau": 3, "gwener": 4, "sadwrn": 5, "sul": 6}


def _vocabulary() -> tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int]]:
    months: dict[str, int] = {}
    for number, name in enumerate(_EN_MONTHS, start=1):
        months[name] = months[name[:3]] = number
    months["sept"] = 9
    for number, name in enumerate(_CY_MONTHS, start=1):
        for form in _mutations(name):
            months[form] = number
    # Welsh abbreviations ("Maw", "Hyd") are ordinary words too, so they count only beside a day or a year.
    welsh_abbreviations = {
        name: number
        for name, number in zip(_CY_MONTH_SHORT, _CY_MONTH_SHORT_NUMBERS, strict=True)
        if name not in months
    }
    days: dict[str, int] = {}
    for number, name in enumerate(_EN_DAYS_WIDE):
        days[name] = days[name[:3]] = number
    days.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
    welsh_days = {form: number for radical, number in _CY_DAY_RADICALS.items() for form in _mutations(radical)}
    return months, welsh_abbreviations, days, welsh_days


_MONTHS, _CY_MONTH_ABBREVIATIONS, _EN_DAYS, _CY_DAYS = _vocabulary()
# Names of months and days (folded), for readers that look for where a date may begin.
DATE_NAMES = frozenset(_MONTHS) | frozenset(_EN_DAYS) | frozenset(_CY_DAYS)


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2,
    "un": 1, "dau": 2, "ddau": 2, "dwy": 2, "ddwy": 2, "tri": 3, "dri": 3, "tair": 3, "dair": 3, "pedwar": 4,
    "bedwar": 4, "pedair": 4, "bedair": 4, "pump": 5, "pum": 5, "bum": 5, "chwech": 6, "chwe": 6, "saith": 7,
    "wyth": 8, "naw": 9, "deg": 10, "ddeg": 10, "deng": 10, "a few": 3, "few": 3,
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
