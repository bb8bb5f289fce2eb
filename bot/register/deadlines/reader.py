"""The reader: deadline words in, a ``Deadline`` out (kind, and for dates the window ``due`` .. ``latest``).

It normalises the words, takes out a time of day, looks for a kind marker (ASAP, next meeting, ongoing, an
event), else a date expression the grammar (``composites``) can read with only filler words before it, else
asks the ``dateparser`` fallback. See the package docstring for the rules.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.register.calendar import WorkingCalendar
from bot.register.deadlines.composites import _PATTERNS
from bot.register.deadlines.fallback import _fallback_day
from bot.register.deadlines.markers import (
    _AFTER_WORDS,
    _ASAP,
    _END_OF_DAY,
    _EVENT_AHEAD,
    _EVENT_CONDITION,
    _EVENT_NOUN_ALONE,
    _EVENT_WITH_DATE,
    _FILLERS,
    _MODIFIER,
    _NEXT_MEETING,
    _ONGOING,
    _TIME,
    _TIME_BEFORE_EVENT,
)
from bot.register.deadlines.spans import Ground, _Handler, _settle, _Span
from bot.register.deadlines.vocabulary import fold
from bot.register.model import Deadline, DeadlineKind

log = logging.getLogger("bot.register.deadlines")

# Words past this many characters are notes; reading them costs time and never changes the answer.
_MAX_READ = 300


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


def _find_date(text: str, ground: Ground, *, has_time: bool, leading_only: bool) -> _Span | None:
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
        phrase = handler(match, ground)
        if phrase is None:
            continue
        span = _settle(phrase, ground.reference, _modifier(prefix), has_time=has_time)
        if span is not None and span.start <= span.end:
            return span
    return None


_SEPARATORS = re.compile(r"[()\[\]{};!?\"“”|]|:(?=\s|$)|,")
_TRANSLATE = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-", "\u00a0": " "}
)


def _normalise(words: str) -> str:
    text = fold(words[:_MAX_READ].translate(_TRANSLATE))
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
    (DeadlineKind.EVENT, _TIME_BEFORE_EVENT),
)


def _at(day: date, at: time | None, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at or time(0, 0), tzinfo=zone)


def _window(span: _Span, reference: date, at: time | None, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = reference if span.start < reference <= span.end else span.start
    if span.start == span.end:
        return _at(start, at, zone), _at(span.end, at, zone)
    return _at(start, None, zone), _at(span.end, None, zone)


def _read(words: str, ground: Ground, locale: str, zone: ZoneInfo) -> Deadline:
    reference = ground.reference
    text = _normalise(words)
    at, text = _read_time(text)
    text, end_of_day = _END_OF_DAY.subn(" ", text)
    has_time = at is not None

    marked = _earliest(text, _KIND_MARKERS)
    if marked is not None:
        return _bounded(words, marked, text, ground, at, zone)

    found = _find_date(text, ground, has_time=has_time, leading_only=True)
    if found is not None:
        due, latest = _window(found, reference, at, zone)
        return Deadline(text=words, kind=DeadlineKind.DATE, due=due, latest=latest)
    if _EVENT_AHEAD.search(text) or _EVENT_NOUN_ALONE.search(text):
        return _bounded(words, DeadlineKind.EVENT, text, ground, at, zone)
    if _EVENT_WITH_DATE.search(text) and _find_date(text, ground, has_time=has_time, leading_only=False):
        return _bounded(words, DeadlineKind.EVENT, text, ground, at, zone)
    if (has_time or end_of_day) and _is_filler(text):
        moment = _at(reference, at, zone)
        return Deadline(text=words, kind=DeadlineKind.DATE, due=moment, latest=moment)
    fallback = _fallback_day(text, reference, locale) if ground.guess else None
    if fallback is not None:
        moment = _at(fallback, at, zone)
        return Deadline(text=words, kind=DeadlineKind.DATE, due=moment, latest=moment)
    return Deadline(text=words, kind=DeadlineKind.UNKNOWN)


def _bounded(
    words: str,
    kind: DeadlineKind,
    text: str,
    ground: Ground,
    at: time | None,
    zone: ZoneInfo,
) -> Deadline:
    if _TIME_BEFORE_EVENT.search(text):
        return Deadline(text=words, kind=kind)
    found = _find_date(text, ground, has_time=at is not None, leading_only=False)
    if found is None:
        return Deadline(text=words, kind=kind)
    _due, latest = _window(found, ground.reference, at, zone)
    return Deadline(text=words, kind=kind, latest=latest)


@lru_cache(maxsize=64)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


@lru_cache(maxsize=64)
def _default_calendar(tz: str) -> WorkingCalendar:
    return WorkingCalendar(tz=_zone(tz))


# Keyed by the words cut to what is read (_MAX_READ characters), so the cache holds short keys whatever callers
# pass; the whole words go back into the answer.
@lru_cache(maxsize=8192)
def _parse_cached(
    words: str, reference: date, locale: str, tz: str, calendar: WorkingCalendar, guess: bool
) -> Deadline:
    zone = _zone(tz)
    # Words must never stop an action being logged: whatever the reader trips on is kept as unknown.
    try:
        return _read(words, Ground(reference, calendar, guess), locale, zone)
    except (ValueError, OverflowError):
        # Dates past year 9999 or before year 1 ("in 999 years", a reference near either end).
        log.debug("deadline %r falls outside the calendar", words, exc_info=True)
    except (KeyError, IndexError, TypeError):
        log.warning("could not read deadline %r", words, exc_info=True)
    return Deadline(text=words, kind=DeadlineKind.UNKNOWN)


def parse_deadline(
    text: str,
    *,
    reference: date,
    locale: str = "en",
    tz: str = "Europe/London",
    calendar: WorkingCalendar | None = None,
    guess: bool = True,
) -> Deadline:
    """Read deadline words as written in minutes (English or Welsh) against ``reference`` (today, locally).

    The words are kept exactly (surrounding whitespace stripped); see the package docstring for the rules.
    Working days are counted on ``calendar`` (the one the chasers use; by default Monday to Friday less Welsh
    bank holidays). ``guess=False`` leaves out the ``dateparser`` fallback (milliseconds a phrase): for callers
    that try many phrases to find one, such as the sentence reader. Raises only for a ``tz`` that is not an IANA
    zone name.
    """
    words = text.strip()
    if not words:
        return Deadline.none()
    if isinstance(reference, datetime):
        reference = reference.date()
    found = _parse_cached(words[:_MAX_READ], reference, locale, tz, calendar or _default_calendar(tz), guess)
    return found if len(words) <= _MAX_READ else replace(found, text=words)
