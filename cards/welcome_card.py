"""The card Chaser posts when it is added to a chat: what it does, the commands, one example, how to stop it."""

from __future__ import annotations

from typing import Any

from bot.register.commands import COMMANDS
from cards.catalogue import t
from cards.envelope import adaptive_card
from cards.text import text_block, user_text


def welcome_card(*, locale: str | None, scope: str) -> dict[str, Any]:
    commands = ", ".join("/" + t(spec.title_key, locale) for spec in COMMANDS if scope in spec.scopes)
    body: list[dict[str, Any]] = [
        text_block(t("welcome.title", locale), size="Medium", weight="Bolder", style="heading"),
        text_block(t("welcome.intro", locale)),
        text_block(t("welcome.commands", locale, commands=commands)),
        user_text(t("welcome.example", locale), fontType="Monospace"),
        text_block(t("welcome.opt_out", locale), isSubtle=True, size="Small"),
    ]
    return adaptive_card(body, locale=locale)
