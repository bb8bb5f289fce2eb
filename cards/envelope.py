"""The parts every card shares: the Adaptive Card envelope (version 1.5, what Teams renders) and buttons."""

from __future__ import annotations

from typing import Any

from cards.catalogue import t

CARD_VERSION = "1.5"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


def adaptive_card(
    body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None, *, locale: str | None
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        "msteams": {"width": "Full"},
    }
    if actions:
        card["actions"] = actions
    return card


def execute(title_key: str, verb: str, locale: str | None, /, style: str | None = None, **data: Any) -> dict[str, Any]:
    """An Action.Execute button; `data` carries the verb too, so Action.Submit fallbacks route the same way."""
    button: dict[str, Any] = {
        "type": "Action.Execute",
        "title": t(title_key, locale),
        "verb": verb,
        "data": {"verb": verb, **data},
    }
    if style:
        button["style"] = style
    return button


def attachment(card: dict[str, Any]) -> dict[str, Any]:
    return {"contentType": CONTENT_TYPE, "content": card}
