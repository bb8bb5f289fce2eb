"""Reading what a card shows, for assertions."""

from __future__ import annotations

from typing import Any


def element_text(element: dict[str, Any]) -> str:
    if element.get("type") == "TextBlock":
        return str(element.get("text", ""))
    if element.get("type") == "RichTextBlock":
        return "".join(str(run.get("text", "")) for run in element.get("inlines", []))
    return ""


def table_rows(card: dict[str, Any]) -> list[list[str]]:
    table = next(e for e in card["body"] if e.get("type") == "Table")
    return [[" ".join(element_text(i) for i in cell["items"]) for cell in row["cells"]] for row in table["rows"]]


def all_text(node: Any) -> str:
    """Every text a card would show, in order, joined by newlines."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            text = element_text(value)
            if text:
                out.append(text)
            if value.get("type") in ("Action.Execute", "Action.Submit") and value.get("title"):
                out.append(str(value["title"]))
            for key, child in value.items():
                if key not in ("inlines",):
                    walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(node)
    return "\n".join(out)


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The card's own buttons: its actions, or the rows they were laid out in (cards.envelope.button_rows)."""
    rows = [element for element in card.get("body", []) if element.get("type") == "ActionSet"]
    return [*card.get("actions", []), *(action for row in rows for action in row["actions"])]
