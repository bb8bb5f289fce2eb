"""Reminder cards ("chasers"): an owner's actions, each with one-click answers (Done, Progress, Snooze, Can't do it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from bot.register.chasing import ChaserItem
from bot.register.model import Action, ActionStatus
from cards import verbs
from cards.action_cards import meeting_field, owner_label, status_label
from cards.catalogue import t, tn
from cards.deadline_format import as_written, understood
from cards.envelope import adaptive_card, button_rows, execute
from cards.escalation_cards import escalation_answers
from cards.numbers import number_label
from cards.text import label_value, message_block, text_block, user_text

SNOOZE_DAY = "1d"
SNOOZE_WEEK = "1w"
SNOOZE_DATE = "date"


def reminder_card(
    items: Sequence[ChaserItem], *, locale: str | None, tz: tzinfo, escalation: bool = False
) -> dict[str, Any]:
    heading = {"size": "Medium", "weight": "Bolder", "style": "heading"}
    key = "chaser.escalation_title" if escalation else "chaser.title"
    body: list[dict[str, Any]] = [text_block(tn(key, len(items), locale), **heading)]
    intro = tn("chaser.escalation_intro", len(items), locale) if escalation else t("chaser.intro", locale)
    body.append(text_block(intro, isSubtle=True))
    ids = [item.action.id for item in items]
    for item in items:
        body.append(_item(item, ids, locale, tz, escalation=escalation))
    body.append(text_block(t("chaser.footer", locale), isSubtle=True, size="Small"))
    return adaptive_card(body, locale=locale)


def _item(item: ChaserItem, ids: list[str], locale: str | None, tz: tzinfo, *, escalation: bool) -> dict[str, Any]:
    action = item.action
    items: list[dict[str, Any]] = [
        user_text(f"{number_label(action, locale, tz=tz)}. {action.text}", weight="Bolder"),
        text_block(
            t(f"chaser.stage.{item.kind}", locale),
            color="Attention" if item.kind in ("overdue", "escalation", "escalated") else "Default",
        ),
    ]
    if item.name_owner:
        role = action.owner.name if action.owner else None
        if role:
            items.append(message_block("chaser.name_owner_role", locale, None, role=role))
        else:
            items.append(text_block(t("chaser.name_owner", locale)))
    if item.meeting_day is not None:
        items.append(meeting_field(item.meeting_title, item.meeting_day, locale, tz))
    items += [
        label_value(t("field.owner", locale), owner_label(action.owner, locale)),
        label_value(t("field.deadline", locale), as_written(action.deadline, locale)),
        label_value(t("field.understood", locale), understood(action.deadline, locale, tz)),
        label_value(t("field.status", locale), status_label(action, locale)),
    ]
    if action.latest_update:
        items.append(label_value(t("field.latest_update", locale), action.latest_update))
    if action.status is ActionStatus.OPEN:
        answers = escalation_answers(action, ids, locale) if escalation else _answers(action, ids, locale)
        items += button_rows(answers)
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def _answers(action: Action, ids: list[str], locale: str | None) -> list[dict[str, Any]]:
    action_id = action.id
    update_input, snooze_input, snooze_date, reason_input, suggest_input = (
        f"update_{action_id}",
        f"snooze_{action_id}",
        f"snooze_date_{action_id}",
        f"reason_{action_id}",
        f"suggest_{action_id}",
    )
    # The version the card shows: an answer to an older card is refused with the action as it is now.
    common: dict[str, Any] = {"action_id": action_id, "version": action.version, "card_ids": ids}
    return [
        execute("button.done", verbs.CHASER_DONE, locale, **common),
        {
            "type": "Action.ShowCard",
            "title": t("button.progress", locale),
            "card": {
                "type": "AdaptiveCard",
                "body": [
                    {
                        "type": "Input.Text",
                        "id": update_input,
                        "label": t("field.progress", locale),
                        "isMultiline": True,
                        "maxLength": 1000,
                        "isRequired": True,
                        "errorMessage": t("chaser.progress_required", locale),
                    }
                ],
                "actions": [execute("button.send_update", verbs.CHASER_UPDATE, locale, **common, field=update_input)],
            },
        },
        {
            "type": "Action.ShowCard",
            "title": t("button.snooze", locale),
            "card": {
                "type": "AdaptiveCard",
                "body": [
                    {
                        "type": "Input.ChoiceSet",
                        "id": snooze_input,
                        "label": t("field.snooze", locale),
                        "style": "expanded",
                        "value": SNOOZE_DAY,
                        "choices": [
                            {"title": t("chaser.snooze.day", locale), "value": SNOOZE_DAY},
                            {"title": t("chaser.snooze.week", locale), "value": SNOOZE_WEEK},
                            {"title": t("chaser.snooze.date", locale), "value": SNOOZE_DATE},
                        ],
                    },
                    {"type": "Input.Date", "id": snooze_date, "label": t("field.snooze_until", locale)},
                ],
                "actions": [
                    execute(
                        "button.snooze",
                        verbs.CHASER_SNOOZE,
                        locale,
                        **common,
                        field=snooze_input,
                        date_field=snooze_date,
                    )
                ],
            },
        },
        {
            "type": "Action.ShowCard",
            "title": t("button.cant_do", locale),
            "card": {
                "type": "AdaptiveCard",
                "body": [
                    {
                        "type": "Input.Text",
                        "id": reason_input,
                        "label": t("field.cant_do_reason", locale),
                        "maxLength": 500,
                        "isRequired": True,
                        "errorMessage": t("error.reason.missing_hand_back", locale),
                    },
                    {
                        "type": "Input.Text",
                        "id": suggest_input,
                        "label": t("field.suggest_owner", locale),
                        "maxLength": 120,
                    },
                ],
                "actions": [
                    execute(
                        "button.hand_back",
                        verbs.CHASER_HAND_BACK,
                        locale,
                        **common,
                        field=reason_input,
                        suggest_field=suggest_input,
                    )
                ],
            },
        },
    ]


def chat_note(key: str, locale: str | None, **params: object) -> dict[str, Any]:
    """A short note to the meeting chat (an action completed or handed back), as a one-line card."""
    return adaptive_card([message_block(key, locale, None, **params)], locale=locale)
