"""An action's No. as cards show it: with its meeting's date where actions of several meetings appear together, and
with the number it had before numbering became one per chat, until a card has shown that."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo

from bot.register.model import Action
from cards.catalogue import t

Meetings = Mapping[str, datetime]


def meetings_apart(actions: Sequence[Action], starts: Meetings) -> Meetings:
    """Each action's meeting start when the actions come from more than one meeting; else nothing to show."""
    if len({a.occurrence_id for a in actions}) < 2:
        return {}
    return starts


def number_label(action: Action, locale: str | None, *, meetings: Meetings | None = None, tz: tzinfo) -> str:
    label = str(action.number)
    if action.former_number is not None and action.former_number != action.number:
        label = t("number.was", locale, number=label, former=action.former_number)
    started = (meetings or {}).get(action.occurrence_id)
    if started is not None:
        # A numeric date: short enough for the No. column, and the same in Welsh and English.
        label = t("number.meeting", locale, number=label, day=f"{started.astimezone(tz):%d/%m/%Y}")
    return label
