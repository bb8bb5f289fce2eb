"""The Summary of Actions' "Since the last meeting" part: one short paragraph per earlier action, as the secretariat
reads it out (done by whom and when, dropped and why, handed back and to whom it could go, carried forward from
which deadline to which, still open and not reviewed), with the latest progress update beneath."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from bot.register.model import Occurrence
from bot.register.report import CARRIED, DONE, DROPPED, HANDED_BACK, ReportItem
from cards.action_cards import owner_label
from cards.catalogue import t, tn
from cards.deadline_format import as_written, format_day
from cards.numbers import Meetings, number_label
from cards.text import message_block, text_block


def report_elements(
    previous: Occurrence | None,
    items: Sequence[ReportItem],
    *,
    more: int,
    locale: str | None,
    tz: tzinfo,
    meetings: Meetings | None = None,
) -> list[dict[str, Any]]:
    """The part's heading and one element per item (each small enough to page on its own)."""
    if previous is None:
        return []
    heading = message_block(
        "report.title",
        locale,
        {"weight": "Bolder", "spacing": "Large"},
        title=previous.title or t("summary.untitled", locale),
        day=format_day(previous.started_at, locale, tz),
    )
    if not items:
        return [heading, text_block(t("report.nothing", locale), isSubtle=True)]
    elements = [heading, *(_item(item, locale, tz, meetings) for item in items)]
    if more:
        elements.append(text_block(tn("report.more", more, locale), isSubtle=True))
    return elements


def _item(item: ReportItem, locale: str | None, tz: tzinfo, meetings: Meetings | None) -> dict[str, Any]:
    action = item.action
    said: dict[str, object] = {"number": number_label(action, locale, meetings=meetings, tz=tz), "text": action.text}
    day = format_day(item.at, locale, tz) if item.at else ""
    lines = [_main(item, said, day, locale)]
    if item.outcome == HANDED_BACK and item.suggested:
        lines.append(message_block("report.suggested", locale, {"spacing": "None"}, name=item.suggested))
    if item.update:
        lines.append(
            message_block(
                "report.update",
                locale,
                {"spacing": "None", "isSubtle": True},
                name=item.update_by or t("owner.unknown_person", locale),
                day=format_day(item.update_at, locale, tz) if item.update_at else "",
                update=item.update,
            )
        )
    return {"type": "Container", "spacing": "Small", "items": lines}


def _main(item: ReportItem, said: dict[str, object], day: str, locale: str | None) -> dict[str, Any]:
    action = item.action
    if item.outcome == DONE:
        if item.by:
            return message_block("report.done", locale, None, name=item.by, day=day, **said)
        return message_block("report.done_on", locale, None, day=day, **said)
    if item.outcome == DROPPED:
        if item.reason:
            return message_block("report.dropped", locale, None, day=day, reason=item.reason, **said)
        return message_block("report.dropped_no_reason", locale, None, day=day, **said)
    if item.outcome == HANDED_BACK:
        reason = item.reason or t("report.no_reason", locale)
        name = item.by or t("owner.unknown_person", locale)
        return message_block("report.handed_back", locale, None, name=name, day=day, reason=reason, **said)
    deadline = as_written(action.deadline, locale)
    if item.outcome == CARRIED:
        if item.deadline_was is not None:
            return message_block("report.carried_moved", locale, None, old=item.deadline_was, new=deadline, **said)
        return message_block("report.carried", locale, None, deadline=deadline, **said)
    owner = owner_label(action.owner, locale)
    return message_block("report.not_reviewed", locale, None, owner=owner, deadline=deadline, **said)
