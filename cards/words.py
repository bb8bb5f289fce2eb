"""The catalogue as documents need it (bot.register.record.Words): messages and days in one language, or in Welsh
then English, each day in the chat's timezone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.register.language import BILINGUAL as LANGUAGE_BILINGUAL
from cards.catalogue import BILINGUAL, t
from cards.deadline_format import format_day


@dataclass(frozen=True)
class CatalogueWords:
    locale: str | None
    tz: tzinfo

    def say(self, key: str, **params: object) -> str:
        return t(key, self.locale, **params)

    def day(self, moment: datetime) -> str:
        return format_day(moment, self.locale, self.tz)


def words_for(language: str, tz: tzinfo) -> CatalogueWords:
    """Words in a chat's or person's language setting ("cy", "en", or "bilingual": Welsh then English)."""
    return CatalogueWords(BILINGUAL if language == LANGUAGE_BILINGUAL else language, tz)
