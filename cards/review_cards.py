"""Matters arising: last meeting's open actions in front of the chair, each with Done, Carry forward and Drop."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import tzinfo
from typing import Any

from bot.register.model import Action, ActionStatus, Occurrence
from cards import verbs
from cards.action_cards import owner_label, status_label
from cards.catalogue import t, tn
from cards.deadline_format import as_written, format_day
from cards.envelope import adaptive_card, button_rows, execute
from cards.numbers import number_label
from cards.text import label_value, message_block, text_block, user_text

ROWS_PER_CARD = 25


def review_pages(actions: Sequence[Action]) -> list[list[Action]]:
    rows = list(actions)
    return [rows[i : i + ROWS_PER_CARD] for i in range(0, len(rows), ROWS_PER_CARD)] or [[]]


def review_cards(
    occurrence: Occurrence,
    previous: Occurrence | None,
    actions: Sequence[Action],
    *,
    locale: str | None,
    tz: tzinfo,
    carried: Collection[str] = (),
    total: int | None = None,
) -> list[dict[str, Any]]:
    """`carried`: ids of actions this review already carried forward (their row says so). `total`: how many there
    are to review, when `actions` are only the first of them (the last card says how many more)."""
    pages = review_pages(actions)
    total = len(actions) if total is None else max(total, len(actions))
    cards = [
        review_card(
            occurrence,
            previous,
            rows,
            locale=locale,
            tz=tz,
            page=i,
            pages=len(pages),
            total=total,
            carried=carried,
        )
        for i, rows in enumerate(pages)
    ]
    if total > len(actions):
        cards[-1]["body"].append(text_block(tn("review.more", total - len(actions), locale), isSubtle=True))
    return cards


def review_card(
    occurrence: Occurrence,
    previous: Occurrence | None,
    rows: Sequence[Action],
    *,
    locale: str | None,
    tz: tzinfo,
    page: int = 0,
    pages: int = 1,
    total: int | None = None,
    carried: Collection[str] = (),
) -> dict[str, Any]:
    heading = {"size": "Medium", "weight": "Bolder", "style": "heading"}
    if previous is not None:
        body = [
            message_block(
                "review.heading",
                locale,
                heading,
                title=previous.title or t("summary.untitled", locale),
                day=format_day(previous.started_at, locale, tz),
            )
        ]
    else:
        body = [text_block(t("review.heading_first", locale), **heading)]
    if not rows:
        body.append(text_block(t("review.none", locale)))
        return adaptive_card(body, locale=locale)
    body.append(text_block(tn("review.count", total if total is not None else len(rows), locale), isSubtle=True))
    if pages > 1:
        body.append(text_block(t("summary.part", locale, part=page + 1, parts=pages), isSubtle=True, size="Small"))
    for action in rows:
        body.append(_row(action, locale, page, tz, action.id in carried))
    return adaptive_card(body, locale=locale)


def _row(action: Action, locale: str | None, page: int, tz: tzinfo, carried: bool) -> dict[str, Any]:
    items: list[dict[str, Any]] = [
        user_text(f"{number_label(action, locale, tz=tz)}. {action.text}", weight="Bolder"),
        label_value(t("field.owner", locale), owner_label(action.owner, locale)),
        label_value(t("field.deadline", locale), as_written(action.deadline, locale)),
        label_value(t("field.status", locale), status_label(action, locale)),
    ]
    if action.latest_update:
        items.append(label_value(t("field.latest_update", locale), action.latest_update))
    if action.status is ActionStatus.OPEN and carried:
        # Answered in this review: carried forward (with or without a new date) counts as reviewed.
        items.append(label_value(t("field.review", locale), t("review.carried", locale)))
    if action.status is ActionStatus.OPEN:
        items += button_rows(_buttons(action, locale, page))
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def _buttons(action: Action, locale: str | None, page: int) -> list[dict[str, Any]]:
    deadline_input = f"carry_deadline_{action.id}"
    reason_input = f"drop_reason_{action.id}"
    return [
        execute("button.done", verbs.REVIEW_DONE, locale, action_id=action.id, version=action.version, page=page),
        {
            "type": "Action.ShowCard",
            "title": t("button.carry_forward", locale),
            "card": {
                "type": "AdaptiveCard",
                "body": [
                    {
                        "type": "Input.Text",
                        "id": deadline_input,
                        "label": t("field.new_deadline", locale),
                        "placeholder": t("card.form.deadline_placeholder", locale),
                        "maxLength": 200,
                    }
                ],
                "actions": [
                    execute(
                        "button.carry_forward",
                        verbs.CARRY_FORWARD,
                        locale,
                        action_id=action.id,
                        version=action.version,
                        page=page,
                        **{verbs.FIELD: deadline_input},
                    )
                ],
            },
        },
        {
            "type": "Action.ShowCard",
            "title": t("button.drop", locale),
            "card": {
                "type": "AdaptiveCard",
                "body": [
                    {
                        "type": "Input.Text",
                        "id": reason_input,
                        "label": t("field.drop_reason", locale),
                        "maxLength": 500,
                        "isRequired": True,
                        "errorMessage": t("error.reason.missing", locale),
                    }
                ],
                "actions": [
                    execute(
                        "button.drop",
                        verbs.DROP,
                        locale,
                        action_id=action.id,
                        version=action.version,
                        page=page,
                        **{verbs.FIELD: reason_input},
                    )
                ],
            },
        },
    ]
