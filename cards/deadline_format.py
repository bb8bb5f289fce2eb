"""A deadline shown to a reader: the words as written, and what Chaser understood them to mean."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import lru_cache

from babel.dates import format_date

from bot.register.model import Deadline, DeadlineKind
from cards.catalogue import BILINGUAL, both, language_of, t

_BABEL_LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def format_day(moment: datetime, locale: str | None, tz: tzinfo) -> str:
    """A day as "Fri 30 May 2025" (en) or "Gwe 30 Mai 2025" (cy), in the chat's timezone."""
    if locale == BILINGUAL:
        return both(format_day(moment, "cy", tz), format_day(moment, "en", tz))
    return _day(moment.astimezone(tz).date(), language_of(locale))


@lru_cache(maxsize=4096)
def _day(day: date, language: str) -> str:
    # Babel formats a date by interpreting its pattern each time (a tenth of a card's cost); cards show few days.
    return format_date(day, "EEE d MMMM y", locale=_BABEL_LOCALES[language])


def understood(deadline: Deadline, locale: str | None, tz: tzinfo) -> str:
    """What the deadline means, in the reader's language ("by Fri 30 May 2025")."""
    if deadline.kind is DeadlineKind.DATE and deadline.target is not None:
        return t("deadline.understood.date", locale, day=format_day(deadline.target, locale, tz))
    if deadline.kind is DeadlineKind.ASAP:
        if deadline.target is not None:
            return t("deadline.understood.asap_by", locale, day=format_day(deadline.target, locale, tz))
        return t("deadline.understood.asap", locale)
    if deadline.kind is DeadlineKind.NEXT_MEETING:
        return t("deadline.understood.next_meeting", locale)
    if deadline.kind is DeadlineKind.EVENT:
        if deadline.latest is not None:
            return t("deadline.understood.event_latest", locale, day=format_day(deadline.latest, locale, tz))
        return t("deadline.understood.event", locale)
    if deadline.kind is DeadlineKind.ONGOING:
        return t("deadline.understood.ongoing", locale)
    if not deadline.text:
        return t("deadline.understood.none", locale)
    return t("deadline.understood.unknown", locale)


def as_written(deadline: Deadline, locale: str | None) -> str:
    return deadline.text or t("deadline.none", locale)
