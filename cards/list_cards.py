"""The list of a chat's actions, shaped like a Summary of Actions (No. | Action Item | Owner | Deadline / Status)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, tzinfo
from typing import Any

from bot.register.model import Action, ActionStatus
from cards import verbs
from cards.action_cards import owner_label, status_label
from cards.catalogue import t, tn
from cards.deadline_format import as_written
from cards.envelope import adaptive_card, execute
from cards.numbers import Meetings, meetings_apart, number_label
from cards.text import DATED_NUMBER_COLUMN, NUMBER_COLUMN, table_row, text_block

# Teams refuses messages over 100 KB (keep under 80 KB); a row is at most ~1.5 KB with a 1,000-character action.
MAX_ROWS = 40


def deadline_status(action: Action, locale: str | None) -> str:
    """The seed's "Deadline / Status" column: the deadline as written, and the status once it is no longer open."""
    written = as_written(action.deadline, locale)
    if action.status is ActionStatus.OPEN:
        return written
    return t("list.deadline_with_status", locale, deadline=written, status=status_label(action, locale))


def actions_table_rows(
    actions: Sequence[Action], locale: str | None, *, meetings: Meetings | None = None, tz: tzinfo = UTC
) -> list[list[str]]:
    """The table as text, row by row: what the card shows, for tests and exports to agree on. With `meetings`
    (meetings_apart), each No. carries its meeting's date."""
    return [
        [
            number_label(a, locale, meetings=meetings, tz=tz),
            a.text,
            owner_label(a.owner, locale),
            deadline_status(a, locale),
        ]
        for a in actions
    ]


def actions_list_card(
    actions: Sequence[Action],
    *,
    locale: str | None,
    tz: tzinfo,
    heading_key: str = "list.open.title",
    meetings: Meetings | None = None,
    total: int | None = None,
) -> dict[str, Any]:
    """`meetings`: the chat's meeting starts by id, so rows from different meetings show their meeting's date.
    `total`: how many there are, when `actions` are only the first of them."""
    total = len(actions) if total is None else max(total, len(actions))
    if not actions:
        return adaptive_card(
            [text_block(t("list.open.empty", locale), wrap=True)],
            locale=locale,
        )
    shown = list(actions)[:MAX_ROWS]
    dated = meetings_apart(shown, meetings or {})
    body: list[dict[str, Any]] = [
        text_block(tn(heading_key, total, locale), size="Medium", weight="Bolder", style="heading"),
        actions_table(actions_table_rows(shown, locale, meetings=dated, tz=tz), locale, dated=bool(dated)),
    ]
    if total > len(shown):
        body.append(text_block(t("list.more", locale, shown=len(shown), total=total), isSubtle=True))
    body.append(text_block(t("list.hint", locale), isSubtle=True, size="Small"))
    return adaptive_card(body, [execute("button.refresh", verbs.REFRESH_LIST, locale)], locale=locale)


def actions_table(rows: Sequence[Sequence[str]], locale: str | None, *, dated: bool = False) -> dict[str, Any]:
    """An Adaptive Card Table with the Summary of Actions' header; cells are user text, so they are TextRuns.
    `dated`: the No. cells carry meeting dates, and their column is wide enough for one."""
    header = [
        t("list.col.no", locale),
        t("list.col.action", locale),
        t("list.col.owner", locale),
        t("list.col.deadline", locale),
    ]
    return {
        "type": "Table",
        "gridStyle": "accent",
        "firstRowAsHeader": True,
        "showGridLines": True,
        # Owner and deadline get room for "Perchennog" whole (tests/e2e measures the words in Agents Playground).
        "columns": [{**(DATED_NUMBER_COLUMN if dated else NUMBER_COLUMN)}, {"width": 4}, {"width": 3}, {"width": 3}],
        "rows": [table_row(header, header=True)] + [table_row(cells) for cells in rows],
    }
