"""Bilingual cards say each thing once in Welsh, then once in English: no pair nested inside a half of another
("By Gwen 21 Mawrth 2025 / Fri 21 March 2025" inside the English of a sentence)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.register.model import Deadline, DeadlineKind
from cards.catalogue import BILINGUAL, both, t
from cards.deadline_format import format_day, understood
from cards.gallery import samples

TZ = ZoneInfo("Europe/London")
BY_CARD = {
    locale: {name.rsplit(".", 1)[0]: card for name, card in samples((locale,))} for locale in ("cy", "en", BILINGUAL)
}


def texts(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text the reader sees, with where it is (the same path in each language's card)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "title", "label", "placeholder", "errorMessage") and isinstance(value, str):
                yield f"{path}.{key}", value
            else:
                yield from texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts(value, f"{path}[{index}]")


@pytest.mark.parametrize("name", sorted(BY_CARD[BILINGUAL]))
def test_every_bilingual_text_is_the_welsh_then_the_english(name: str) -> None:
    # Texts in reading order: button rows may be laid out differently in each language, the texts keep their order.
    welsh, english, bilingual = (
        [text for _, text in texts(BY_CARD[locale][name])] for locale in ("cy", "en", BILINGUAL)
    )
    assert len(welsh) == len(english) == len(bilingual), f"{name}: the languages' cards say different things"
    nested = [
        text
        for text, cy, en in zip(bilingual, welsh, english, strict=True)
        # The Welsh may already carry the English: "/gweithred (/action)".
        if text != both(cy, en) and not (text == cy and en in text)
    ]
    assert not nested, f"{name}: bilingual texts that are not the Welsh then the English: {nested}"


def test_a_day_inside_a_bilingual_sentence_is_in_each_half_in_its_language() -> None:
    day = datetime(2025, 3, 21, 12, tzinfo=UTC)
    deadline = Deadline("By 21 March 2025", DeadlineKind.DATE, due=day)
    said = understood(deadline, BILINGUAL, TZ)
    assert said == "Erbyn Gwen 21 Mawrth 2025 / By Fri 21 March 2025"
    assert said.count(" / ") == 1
    assert t("chaser.meeting", BILINGUAL, title="Forum", day=format_day(day, BILINGUAL, TZ)) == (
        "Forum, Gwen 21 Mawrth 2025 / Forum, Fri 21 March 2025"
    )
