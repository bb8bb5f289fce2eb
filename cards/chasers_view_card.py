"""/chasers: who will be chased when over the next two weeks, and who cannot be reached."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from babel.dates import format_datetime

from bot.register.model import Action
from cards.action_cards import owner_label
from cards.catalogue import language_of, t
from cards.envelope import adaptive_card
from cards.text import NUMBER_COLUMN, table_row, text_block, user_text

MAX_ROWS = 60
_BABEL = {"en": "en_GB", "cy": "cy_GB"}


def chasers_view_card(
    planned: Sequence[tuple[Action, str, datetime]],
    unreachable: Sequence[str],
    *,
    locale: str | None,
    tz: tzinfo,
    days: int,
) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        text_block(t("chasers.title", locale, days=days), size="Medium", weight="Bolder", style="heading")
    ]
    if not planned:
        body.append(text_block(t("chasers.none", locale, days=days)))
    else:
        header = [
            t("chasers.col.when", locale),
            t("list.col.no", locale),
            t("list.col.owner", locale),
            t("chasers.col.what", locale),
        ]
        rows = [table_row(header, header=True)]
        for action, kind, at in list(planned)[:MAX_ROWS]:
            when = format_datetime(at.astimezone(tz), "EEE d MMM, HH:mm", locale=_BABEL[language_of(locale)])
            rows.append(
                table_row(
                    [when, str(action.number), owner_label(action.owner, locale), t(f"chaser.stage.{kind}", locale)]
                )
            )
        body.append(
            {
                "type": "Table",
                "firstRowAsHeader": True,
                "showGridLines": True,
                "columns": [{"width": 3}, {**NUMBER_COLUMN}, {"width": 3}, {"width": 4}],
                "rows": rows,
            }
        )
        if len(planned) > MAX_ROWS:
            body.append(text_block(t("list.more", locale, shown=MAX_ROWS, total=len(planned)), isSubtle=True))
    if unreachable:
        body.append(text_block(t("chasers.unreachable", locale), weight="Bolder", spacing="Large"))
        body.append(user_text(", ".join(unreachable)))
        body.append(text_block(t("chasers.unreachable_hint", locale), isSubtle=True, size="Small"))
    return adaptive_card(body, locale=locale)
