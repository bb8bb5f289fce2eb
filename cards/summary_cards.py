"""The Summary of Actions posted when a meeting ends, in the shape of the minutes' table, paged to fit Teams."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from bot.register.meetings import Summary
from bot.register.model import Action, Occurrence
from bot.register.report import ReportItem
from cards.catalogue import t, tn
from cards.deadline_format import format_day
from cards.envelope import adaptive_card
from cards.list_cards import actions_table, actions_table_rows
from cards.numbers import Meetings
from cards.report_cards import report_elements
from cards.role_cards import unheld_roles_elements
from cards.text import message_block, table_row, text_block

# Teams refuses a bot message over 100 KB and advises keeping under 80 KB; leave room for the activity around it.
MAX_CARD_BYTES = 70 * 1024


def summary_cards(
    occurrence: Occurrence,
    actions: Sequence[Action],
    *,
    locale: str | None,
    tz: tzinfo,
    previous: Occurrence | None = None,
    report: Sequence[ReportItem] = (),
    more_actions: int = 0,
    more_report: int = 0,
    next_meeting: datetime | None = None,
    ask_next_meeting: bool = False,
    unheld: Sequence[str] = (),
    meetings: Meetings | None = None,
) -> list[dict[str, Any]]:
    """One card, or several when it would not fit in one message ("Part 2 of 3"): what became of the earlier actions
    since the last meeting (when there was one), then this meeting's actions in the minutes' table. The last card
    says when the next meeting is, or, when actions are due before it and it is not known, how to set it; and which
    roles nobody holds, with an Assign form. `meetings` dates the numbers of the earlier actions."""
    title = occurrence.title or t("summary.untitled", locale)
    day = format_day(occurrence.started_at, locale, tz)
    front = report_elements(previous, report, more=more_report, locale=locale, tz=tz, meetings=meetings)
    if front and actions:
        front.append(text_block(t("summary.agreed", locale), weight="Bolder", spacing="Large"))
    rows = actions_table_rows(actions, locale, tz=tz)
    tail: list[dict[str, Any]] = []
    if not actions and not report:
        tail.append(text_block(t("summary.none", locale)))
    if more_actions:
        tail.append(text_block(tn("summary.more", more_actions, locale), isSubtle=True))
    if next_meeting is not None:
        tail.append(
            text_block(t("summary.next_meeting", locale, day=format_day(next_meeting, locale, tz)), spacing="Large")
        )
    elif ask_next_meeting:
        tail.append(text_block(t("summary.next_meeting_unknown", locale), spacing="Large"))
    tail += unheld_roles_elements(unheld, locale=locale, occurrence_id=occurrence.id)
    bodies = _fill(front, rows, tail, locale)
    parts = len(bodies)
    cards = []
    for part, body in enumerate(bodies, start=1):
        top: list[dict[str, Any]] = [message_block("summary.heading", locale, _heading_props(), title=title, day=day)]
        if part == 1:
            top.append(text_block(tn("summary.count", len(actions) + more_actions, locale), isSubtle=True))
        if parts > 1:
            top.append(text_block(t("summary.part", locale, part=part, parts=parts), isSubtle=True, size="Small"))
        cards.append(adaptive_card([*top, *body], locale=locale))
    return cards


def meeting_summary_cards(summary: Summary, *, locale: str | None, tz: tzinfo) -> list[dict[str, Any]]:
    """A sitting's Summary of Actions as the register gives it (bot.register.meetings.Summary)."""
    return summary_cards(
        summary.occurrence,
        summary.actions,
        locale=locale,
        tz=tz,
        previous=summary.previous,
        report=summary.report,
        more_actions=summary.more_actions,
        more_report=summary.more_report,
        next_meeting=summary.next_meeting,
        ask_next_meeting=summary.waits_for_next_meeting,
        unheld=summary.unheld,
        # Earlier actions sit beside this meeting's: their numbers carry their meeting's date.
        meetings=summary.meeting_starts,
    )


def _heading_props() -> dict[str, Any]:
    return {"size": "Medium", "weight": "Bolder", "style": "heading"}


# Room on each page for its heading, count and "Part n of m", and the card around them.
_PAGE_FRAME = 2 * 1024


def _fill(
    front: list[dict[str, Any]], rows: list[list[str]], tail: list[dict[str, Any]], locale: str | None
) -> list[list[dict[str, Any]]]:
    """Elements and table rows into page bodies, greedily, each measured once (linear in the rows)."""
    budget = MAX_CARD_BYTES - _PAGE_FRAME
    bodies: list[list[dict[str, Any]]] = [[]]
    used = 0

    def room(size: int) -> bool:
        return used + size <= budget or not bodies[-1]

    def new_page() -> None:
        nonlocal used
        bodies.append([])
        used = 0

    for element in front:
        size = _size(element)
        if not room(size):
            new_page()
        bodies[-1].append(element)
        used += size
    table: dict[str, Any] | None = None
    for cells in rows:
        row = table_row(cells)
        size = _size(row) + 1
        if table is None or not room(size):
            if table is not None:
                new_page()
            table = actions_table([], locale)
            used += _size(table)
            bodies[-1].append(table)
        table["rows"].append(row)
        used += size
    for element in tail:
        size = _size(element)
        if not room(size):
            new_page()
        bodies[-1].append(element)
        used += size
    return bodies


def _size(element: dict[str, Any]) -> int:
    return len(json.dumps(element, ensure_ascii=False).encode())


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
