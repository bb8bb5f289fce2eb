"""Every card in Microsoft's own Adaptive Cards renderer (npm `adaptivecards` 3.x, target version 1.5) in headless
Chromium: zero parse or validation warnings, and a screenshot of each in build/card-screenshots/."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cards.gallery import samples

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
SHOTS = ROOT / "build" / "card-screenshots"
CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() or not (TOOLS / "node_modules" / "adaptivecards").exists() or not shutil.which("node"),
        reason="needs Debian's chromium and the npm tools: apt-get install chromium; (cd tools && npm ci)",
    ),
]

# Teams' people picker (Input.ChoiceSet with "choices.data": Data.Query over graph.microsoft.com/users) is documented
# for bot cards in Teams (teams-platform.md §5, MS Learn "people-picker"); the generic renderer knows Data.Query only
# from 1.6 and wants static choices. Exactly these two messages are accepted, and only on cards with the picker.
PEOPLE_PICKER = {
    'parse: Property "choices.data" is supported in version 1.6, but you are using version 1.5.',
    "validate: An Input.ChoiceSet must have at least one choice defined.",
}


def has_people_picker(card: dict[str, Any]) -> bool:
    return '"dataset": "graph.microsoft.com/users?scope=currentContext"' in json.dumps(card)


def render(cards: list[tuple[str, dict[str, Any]]], tmp_path: Path) -> dict[str, dict[str, Any]]:
    source = tmp_path / "cards.json"
    source.write_text(json.dumps([{"name": name, "card": card} for name, card in cards]))
    result = subprocess.run(
        ["node", "check-cards.mjs", str(source), str(SHOTS)], cwd=TOOLS, capture_output=True, text=True, timeout=600
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-2000:]
    return {line["name"]: line for line in lines}


def test_every_card_renders_in_microsofts_renderer_without_warnings(tmp_path: Path) -> None:
    cards = samples()
    results = render(cards, tmp_path)
    assert set(results) == {name for name, _ in cards}
    problems = {}
    for name, card in cards:
        warnings = set(results[name]["warnings"])
        if has_people_picker(card):
            warnings -= PEOPLE_PICKER
        if warnings:
            problems[name] = sorted(warnings)
        assert Path(results[name]["screenshot"]).stat().st_size > 1000
    assert problems == {}


def test_the_renderer_catches_what_teams_would_not_show(tmp_path: Path) -> None:
    good = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Hello", "wrap": True}]}
    newer = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
            {
                "type": "Input.ChoiceSet",
                "id": "x",
                "label": "Pick",
                "choices": [{"title": "a", "value": "a"}],
                "choices.data": {"type": "Data.Query", "dataset": "example"},
            }
        ],
    }
    unknown = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "Carousel", "pages": []}]}
    # Four buttons in one row at 480 px: the titles are cut ("Sno…"), as the reminder card's were.
    crowded = {
        **good,
        "actions": [
            {"type": "Action.Submit", "title": title}
            for title in ("Marcio'n gyflawn", "Diweddariad ar gynnydd", "Ailatgoffa", "Methu ei wneud")
        ],
    }
    results = render([("good", good), ("newer", newer), ("unknown", unknown), ("crowded", crowded)], tmp_path)
    assert results["good"]["ok"]
    assert any("1.6" in w for w in results["newer"]["warnings"])
    assert not results["unknown"]["ok"]
    assert 'layout: button "Ailatgoffa" is cut off' in results["crowded"]["warnings"]
