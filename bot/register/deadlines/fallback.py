"""The ``dateparser`` fallback, for words the grammar could not read that still look like a date."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from bot.register.deadlines.markers import _AFTER_WORDS, _DATE_HINT, _DATE_WORD, _FILLERS

log = logging.getLogger("bot.register.deadlines")

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
