"""/help: every command with what it does and an example."""

from __future__ import annotations

from typing import Any

from bot.register.commands import COMMANDS
from cards.catalogue import language_of, t
from cards.envelope import adaptive_card
from cards.text import text_block, user_text


def command_title(name: str, locale: str | None) -> str:
    """The command as the reader types it: in Welsh its Welsh name, with the English one beside it."""
    welsh = t(f"command.{name}.typed", "cy")
    if language_of(locale) == "cy" and welsh != name:
        return t("help.command_both", locale, welsh=welsh, english=name)
    return "/" + name


def help_card(
    *, locale: str | None, scope: str, person_language: str | None = None, chat_language: str | None = None
) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        text_block(t("help.title", locale), size="Medium", weight="Bolder", style="heading"),
        text_block(t("help.intro", locale)),
    ]
    for spec in COMMANDS:
        if scope not in spec.scopes:
            continue
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    text_block(command_title(spec.name, locale), weight="Bolder"),
                    text_block(t(spec.description_key, locale), spacing="None"),
                    user_text(t(spec.example_key, locale), fontType="Monospace", isSubtle=True),
                ],
            }
        )
    if person_language:
        body.append(text_block(t("help.language", locale, language=t(f"language.{person_language}", locale))))
    if chat_language:
        body.append(text_block(t("help.chat_language", locale, language=t(f"language.{chat_language}", locale))))
    body.append(text_block(t("help.footer", locale), isSubtle=True, size="Small"))
    return adaptive_card(body, locale=locale)
