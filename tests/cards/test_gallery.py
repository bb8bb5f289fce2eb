"""Every card builder's output, in English, Welsh and bilingual: Adaptive Cards 1.5 as Teams renders it, every input
labelled, every id unique, no user text in Markdown, and under Teams' 80 KB advice.

(Microsoft's own renderer and the 1.5 schema run in the browser checks of the app package issue; these are the rules
a builder must keep whatever renders it.)
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from cards.gallery import LONG_TEXT, samples

CARDS = samples()
# Elements and actions of Adaptive Cards 1.5 (and the properties Teams adds), the version Teams supports for bots.
ELEMENTS_15 = {
    "TextBlock", "RichTextBlock", "TextRun", "Image", "Container", "ColumnSet", "Column", "FactSet", "ImageSet",
    "ActionSet", "Table", "TableRow", "TableCell", "Input.Text", "Input.Number", "Input.Date", "Input.Time",
    "Input.Toggle", "Input.ChoiceSet", "Action.Execute", "Action.Submit", "Action.OpenUrl", "Action.ShowCard",
    "Action.ToggleVisibility", "AdaptiveCard",
}  # fmt: skip


def walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "type" in node and isinstance(node["type"], str):
            found.append(node)
        for value in node.values():
            found += walk(value)
    elif isinstance(node, list):
        for value in node:
            found += walk(value)
    return found


@pytest.mark.parametrize(("name", "card"), CARDS, ids=[name for name, _ in CARDS])
def test_card_keeps_the_rules(name: str, card: dict[str, Any]) -> None:
    assert card["version"] == "1.5" and card["type"] == "AdaptiveCard"
    elements = walk(card)
    # "mention" entities and the people picker's Data.Query are Teams' documented extensions (teams-platform.md §5).
    unknown = {e["type"] for e in elements if e["type"] not in ELEMENTS_15 | {"mention", "Data.Query"}}
    assert not unknown, f"not Adaptive Cards 1.5: {unknown}"
    inputs = [e for e in elements if e["type"].startswith("Input.")]
    assert all(e.get("id") and e.get("label") for e in inputs), "every input needs an id and a label"
    ids = [e["id"] for e in elements if "id" in e]
    assert len(ids) == len(set(ids)), "ids must be unique in a card"
    assert len(json.dumps(card, ensure_ascii=False).encode()) < 80 * 1024
    for block in (e for e in elements if e["type"] == "TextBlock"):
        assert LONG_TEXT[:40] not in block["text"], "user text must not be in a (Markdown) TextBlock"
