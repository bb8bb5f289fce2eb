"""The Summary of Actions posted when a meeting ends, in the shape of the minutes' table, paged to fit Teams."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from bot.register.meetings import Summary
from bot.register.model import Action, Occurrence
from cards.catalogue import t, tn
from cards.deadline_format import format_day
from cards.envelope import adaptive_card
from cards.list_cards import actions_table, actions_table_rows
from cards.role_cards import unheld_roles_elements
from cards.text import message_block, text_block

# Teams refuses a bot message over 100 KB and advises keeping under 80 KB; leave room for the activity around it.
MAX_CARD_BYTES = 70 * 1024


def summary_cards(
    occurrence: Occurrence,
    actions: Sequence[Action],
    carried: Sequence[Action],
    *,
    locale: str | None,
    tz: tzinfo,
    next_meeting: datetime | None = None,
    ask_next_meeting: bool = False,
    unheld: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """One card, or several when a long meeting's table would not fit in one message ("Part 2 of 3"). The last
    says when the next meeting is, or, when actions are due before it and it is not known, how to set it."""
    title = occurrence.title or t("summary.untitled", locale)
    day = format_day(occurrence.started_at, locale, tz)
    if not actions and not carried:
        pages = [
            adaptive_card(
                [
                    message_block("summary.heading", locale, _heading_props(), title=title, day=day),
                    text_block(t("summary.none", locale)),
                ],
                locale=locale,
            )
        ]
    else:
        pages = _paginate(list(actions), locale, title=title, day=day, carried=list(carried))
    if next_meeting is not None:
        note = text_block(t("summary.next_meeting", locale, day=format_day(next_meeting, locale, tz)), spacing="Large")
        pages[-1]["body"].append(note)
    elif ask_next_meeting:
        pages[-1]["body"].append(text_block(t("summary.next_meeting_unknown", locale), spacing="Large"))
    pages[-1]["body"] += unheld_roles_elements(unheld, locale=locale, occurrence_id=occurrence.id)
    return pages


def meeting_summary_cards(summary: Summary, *, locale: str | None, tz: tzinfo) -> list[dict[str, Any]]:
    """A sitting's Summary of Actions as the register gives it (bot.register.meetings.Summary)."""
    return summary_cards(
        summary.occurrence,
        summary.actions,
        summary.carried,
        locale=locale,
        tz=tz,
        next_meeting=summary.next_meeting,
        ask_next_meeting=summary.waits_for_next_meeting,
        unheld=summary.unheld,
    )


def _heading_props() -> dict[str, Any]:
    return {"size": "Medium", "weight": "Bolder", "style": "heading"}


def _page(
    rows: list[Action],
    carried: list[Action],
    *,
    locale: str | None,
    title: str,
    day: str,
    part: int,
    parts: int,
    total: int,
) -> dict[str, Any]:
    body: list[dict[str, Any]] = [message_block("summary.heading", locale, _heading_props(), title=title, day=day)]
    if part == 1:
        body.append(text_block(tn("summary.count", total, locale), isSubtle=True))
    if parts > 1:
        body.append(text_block(t("summary.part", locale, part=part, parts=parts), isSubtle=True, size="Small"))
    if rows:
        body.append(actions_table(actions_table_rows(rows, locale), locale))
    if carried:
        body.append(text_block(t("summary.carried", locale), weight="Bolder", spacing="Large"))
        body.append(actions_table(actions_table_rows(carried, locale), locale))
    return adaptive_card(body, locale=locale)


def _paginate(
    actions: list[Action], locale: str | None, *, title: str, day: str, carried: list[Action]
) -> list[dict[str, Any]]:
    # Fill pages greedily by measured size; the carried-forward table goes on the last page.
    pages: list[list[Action]] = [[]]
    for action in actions:
        candidate = [*pages[-1], action]
        card = _page(candidate, [], locale=locale, title=title, day=day, part=len(pages), parts=99, total=len(actions))
        if pages[-1] and _size(card) > MAX_CARD_BYTES:
            pages.append([action])
        else:
            pages[-1] = candidate
    last = _page(pages[-1], carried, locale=locale, title=title, day=day, part=len(pages), parts=99, total=len(actions))
    if carried and pages[-1] and _size(last) > MAX_CARD_BYTES:
        pages.append([])
    parts = len(pages)
    return [
        _page(
            rows,
            carried if index == parts else [],
            locale=locale,
            title=title,
            day=day,
            part=index,
            parts=parts,
            total=len(actions),
        )
        for index, rows in enumerate(pages, start=1)
    ]


def _size(card: dict[str, Any]) -> int:
    return len(json.dumps(card, ensure_ascii=False).encode())


def owner_digest_card(
    occurrence: Occurrence, actions: Sequence[Action], *, locale: str | None, tz: tzinfo
) -> dict[str, Any]:
    """What one owner takes away from a meeting: their new actions."""
    title = occurrence.title or t("summary.untitled", locale)
    day = format_day(occurrence.started_at, locale, tz)
    body: list[dict[str, Any]] = [
        message_block("summary.yours", locale, _heading_props(), title=title, day=day),
        text_block(tn("summary.yours_count", len(actions), locale)),
        actions_table(actions_table_rows(actions, locale), locale),
        text_block(t("summary.yours_hint", locale), isSubtle=True, size="Small"),
    ]
    return adaptive_card(body, locale=locale)
