"""The parts every card shares: the Adaptive Card envelope (version 1.5, what Teams renders) and buttons."""

from __future__ import annotations

from typing import Any

from cards.catalogue import t

CARD_VERSION = "1.5"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"

# Buttons are laid out in rows that keep every title whole on a narrow card (a phone, a side panel): a row of four
# cut "Snooze" to "Sno…" and the Welsh titles worse. Widths are estimated from the title's length, on the generous
# side; tests/cards/test_card_render.py measures the real ones in Microsoft's renderer at 480 px.
_ROW_WIDTH = 440
_CHAR_WIDTH = 9
_BUTTON_CHROME = 24
_SHOW_CARD_CHEVRON = 14
_BUTTON_GAP = 20


def adaptive_card(
    body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None, *, locale: str | None
) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": list(body),
        "msteams": {"width": "Full"},
    }
    if actions:
        rows = button_rows(actions)
        if len(rows) == 1:
            card["actions"] = actions
        else:
            card["body"] += rows
    return card


def button_rows(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Buttons as ActionSets: as few rows as keep every title whole, the buttons shared evenly between them."""
    rows: list[list[dict[str, Any]]] = []
    for count in range(1, len(actions) + 1):
        per_row = -(-len(actions) // count)
        rows = [actions[start : start + per_row] for start in range(0, len(actions), per_row)]
        if all(_row_width(row) <= _ROW_WIDTH for row in rows):
            break
    return [{"type": "ActionSet", "actions": row} for row in rows]


def _row_width(row: list[dict[str, Any]]) -> int:
    return sum(_button_width(action) for action in row) + _BUTTON_GAP * (len(row) - 1)


def _button_width(action: dict[str, Any]) -> int:
    chevron = _SHOW_CARD_CHEVRON if action.get("type") == "Action.ShowCard" else 0
    return len(str(action.get("title", ""))) * _CHAR_WIDTH + _BUTTON_CHROME + chevron


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


def with_notice(card: dict[str, Any], notice: str) -> dict[str, Any]:
    """The card with a notice above everything (catalogue text: why the answer was not taken)."""
    block = {"type": "TextBlock", "text": notice, "wrap": True, "color": "Attention", "weight": "Bolder"}
    return {**card, "body": [block, *card.get("body", [])]}
