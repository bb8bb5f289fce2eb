"""/chasers: the reminders due over the next two weeks and the person each will reach; how each owner is reached."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from babel.dates import format_datetime

from bot.register.model import Action
from bot.register.recipients import LOGGED, NOBODY, SECRETARIAT_INSTEAD, Recipients
from cards.catalogue import BILINGUAL, both, language_of, t
from cards.deadline_format import format_day
from cards.envelope import adaptive_card
from cards.numbers import number_label
from cards.text import NUMBER_COLUMN, message_block, table_row, text_block, user_text

MAX_ROWS = 60
_BABEL = {"en": "en_GB", "cy": "cy_GB"}


@dataclass(frozen=True)
class ReachRow:
    """One owner (or role holder) and how the next reminder will reach them (bot.register.reach)."""

    name: str
    route: str  # personal | installed | email | mention | unreachable
    mail_failure: tuple[datetime, str] | None = None
    install_failure: tuple[datetime, str] | None = None
    mail_off: bool = False  # known by address only, and this deployment sends no mail


@dataclass(frozen=True)
class PlannedRow:
    action: Action
    kind: str
    at: datetime
    reaches: Recipients


def _when(at: datetime, locale: str | None, tz: tzinfo) -> str:
    if locale == BILINGUAL:
        return both(_when(at, "cy", tz), _when(at, "en", tz))
    return format_datetime(at.astimezone(tz), "EEE d MMM, HH:mm", locale=_BABEL[language_of(locale)])


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
    reach: Sequence[ReachRow],
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
            when = _when(row.at, locale, tz)
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
    if reach:
        body += _reach_table(reach, locale, tz)
    return adaptive_card(body, locale=locale)


def _reach_table(reach: Sequence[ReachRow], locale: str | None, tz: tzinfo) -> list[dict[str, Any]]:
    header = [t("list.col.owner", locale), t("chasers.col.route", locale), t("chasers.col.note", locale)]
    rows = [table_row(header, header=True)]
    for row in list(reach)[:MAX_ROWS]:
        rows.append(table_row([row.name, t(f"chasers.route.{row.route}", locale), _note(row, locale, tz)]))
    parts: list[dict[str, Any]] = [
        text_block(t("chasers.reach_title", locale), weight="Bolder", spacing="Large"),
        {
            "type": "Table",
            "firstRowAsHeader": True,
            "showGridLines": True,
            "columns": [{"width": 3}, {"width": 3}, {"width": 4}],
            "rows": rows,
        },
    ]
    if len(reach) > MAX_ROWS:
        parts.append(text_block(t("list.more", locale, shown=MAX_ROWS, total=len(reach)), isSubtle=True))
    if any(row.route in ("mention", "unreachable") for row in reach):
        parts.append(text_block(t("chasers.unreachable_hint", locale), isSubtle=True, size="Small"))
    return parts


def _note(row: ReachRow, locale: str | None, tz: tzinfo) -> str:
    notes = []
    if row.mail_failure is not None:
        at, detail = row.mail_failure
        notes.append(t("chasers.note.mail_refused", locale, day=format_day(at, locale, tz), detail=detail[:120]))
    if row.install_failure is not None:
        at, detail = row.install_failure
        notes.append(t("chasers.note.install_refused", locale, day=format_day(at, locale, tz), detail=detail[:120]))
    if row.mail_off:
        notes.append(t("chasers.note.mail_off", locale))
    return " ".join(notes) or "–"
