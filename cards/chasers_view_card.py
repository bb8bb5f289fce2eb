"""/chasers: the reminders due over the next two weeks and the person each will reach; who cannot be reached."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from babel.dates import format_datetime

from bot.register.model import Action
from bot.register.recipients import LOGGED, NOBODY, SECRETARIAT_INSTEAD, Recipients
from cards.catalogue import language_of, t
from cards.envelope import adaptive_card
from cards.numbers import number_label
from cards.text import NUMBER_COLUMN, message_block, table_row, text_block, user_text

MAX_ROWS = 60
_BABEL = {"en": "en_GB", "cy": "cy_GB"}


@dataclass(frozen=True)
class PlannedRow:
    action: Action
    kind: str
    at: datetime
    reaches: Recipients


def reaches_label(reached: Recipients, locale: str | None) -> str:
    """Who the reminder reaches, by name; why them when it is not the owner."""
    if reached.via == NOBODY:
        return t("chasers.reaches.nobody", locale)
    names = ", ".join(p.name or p.email or t("owner.unknown_person", locale) for p in reached.people)
    if reached.via == LOGGED:
        return t("chasers.reaches.logged", locale, names=names)
    if reached.via == SECRETARIAT_INSTEAD:
        return t("chasers.reaches.secretariat", locale, names=names)
    return names


def chasers_view_card(
    planned: Sequence[PlannedRow],
    unreachable: Sequence[str],
    *,
    unheld: Sequence[str] = (),
    total: int | None = None,
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
            t("chasers.col.reaches", locale),
            t("chasers.col.what", locale),
        ]
        rows = [table_row(header, header=True)]
        for row in list(planned)[:MAX_ROWS]:
            when = format_datetime(row.at.astimezone(tz), "EEE d MMM, HH:mm", locale=_BABEL[language_of(locale)])
            rows.append(
                table_row(
                    [
                        when,
                        number_label(row.action, locale, tz=tz),
                        reaches_label(row.reaches, locale),
                        t(f"chaser.stage.{row.kind}", locale),
                    ]
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
        shown = min(len(planned), MAX_ROWS)
        if total is not None and total > shown:
            body.append(text_block(t("chasers.more", locale, shown=shown, total=total, days=days), isSubtle=True))
    if unheld:
        body.append(text_block(t("roles.unheld.title", locale), weight="Bolder", spacing="Large"))
        body.append(user_text(", ".join(unheld)))
        body.append(message_block("chasers.unheld_hint", locale, {"isSubtle": True, "size": "Small"}))
    if unreachable:
        body.append(text_block(t("chasers.unreachable", locale), weight="Bolder", spacing="Large"))
        body.append(user_text(", ".join(unreachable)))
        body.append(text_block(t("chasers.unreachable_hint", locale), isSubtle=True, size="Small"))
    return adaptive_card(body, locale=locale)
