"""/export: links to download the register (Word, spreadsheet, Markdown, calendar), valid for a short time."""

from __future__ import annotations

from typing import Any

from cards.catalogue import t
from cards.envelope import adaptive_card
from cards.text import text_block

LABELS = {"docx": "export.word", "csv": "export.csv", "md": "export.markdown", "ics": "export.calendar"}


def export_card(links: dict[str, str], *, locale: str | None, minutes: int) -> dict[str, Any]:
    body = [
        text_block(t("export.title", locale), size="Medium", weight="Bolder", style="heading"),
        text_block(t("export.intro", locale, minutes=minutes)),
    ]
    actions = [{"type": "Action.OpenUrl", "title": t(LABELS[fmt], locale), "url": url} for fmt, url in links.items()]
    return adaptive_card(body, actions, locale=locale)
