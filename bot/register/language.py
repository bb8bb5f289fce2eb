"""Whose language: each person's choice, and each group chat's setting (bilingual unless the chat chose one)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.register.errors import InvalidInput

WELSH = "cy"
ENGLISH = "en"
BILINGUAL = "bilingual"

_WORDS = {
    "cymraeg": WELSH,
    "welsh": WELSH,
    "cy": WELSH,
    "english": ENGLISH,
    "saesneg": ENGLISH,
    "en": ENGLISH,
    "bilingual": BILINGUAL,
    "dwyieithog": BILINGUAL,
    "both": BILINGUAL,
    "y ddwy": BILINGUAL,
}
_CHAT_WORDS = {"chat", "sgwrs", "meeting", "cyfarfod", "group", "grŵp"}


@dataclass(frozen=True)
class LanguageChoice:
    scope: str  # "me" or "chat"
    language: str  # cy | en | bilingual


def parse_language_choice(args: str) -> LanguageChoice | None:
    """`/language cymraeg`, `/iaith saesneg`, `/language chat bilingual`; None when only asking what is set."""
    words = " ".join(args.casefold().split())
    if not words:
        return None
    scope = "me"
    first, _, rest = words.partition(" ")
    if first in _CHAT_WORDS:
        scope, words = "chat", rest
    language = _WORDS.get(words)
    if language is None or (scope == "me" and language == BILINGUAL):
        raise InvalidInput("error.language.unknown", given=args.strip()[:40])
    return LanguageChoice(scope, language)
