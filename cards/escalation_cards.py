"""The answers on an escalation (sent to the Secretariat and the organiser): Reassign the action (to a person or a
role), Nudge its owner (a reminder now, at most once a day), or Close it (done, or no longer needed)."""

from __future__ import annotations

from typing import Any

from bot.register.model import Action
from cards import verbs
from cards.catalogue import t
from cards.envelope import execute

CLOSE_DONE = "done"
CLOSE_DROPPED = "dropped"


def escalation_answers(action: Action, ids: list[str], locale: str | None) -> list[dict[str, Any]]:
    person_input, role_input, how_input, reason_input = (
        f"reassign_person_{action.id}",
        f"reassign_role_{action.id}",
        f"close_how_{action.id}",
        f"close_reason_{action.id}",
    )
    common: dict[str, Any] = {"action_id": action.id, "version": action.version, "card_ids": ids}
    return [
        {
            "type": "Action.ShowCard",
            "title": t("button.reassign", locale),
            "card": {
                "type": "AdaptiveCard",
                "body": [
                    {
                        # Teams' people picker over the members of this chat; it answers with an Entra object id.
                        "type": "Input.ChoiceSet",
                        "id": person_input,
                        "label": t("field.reassign_person", locale),
                        "placeholder": t("card.form.owner_person_placeholder", locale),
                        "choices": [],
                        "choices.data": {
                            "type": "Data.Query",
                            "dataset": "graph.microsoft.com/users?scope=currentContext",
                        },
                    },
                    {
                        "type": "Input.Text",
                        "id": role_input,
                        "label": t("field.reassign_role", locale),
                        "placeholder": t("card.form.owner_role_placeholder", locale),
                        "maxLength": 120,
                    },
                ],
                "actions": [
                    execute(
                        "button.reassign",
                        verbs.ESCALATION_REASSIGN,
                        locale,
                        **common,
                        person_field=person_input,
                        role_field=role_input,
                    )
                ],
            },
        },
        execute("button.nudge", verbs.ESCALATION_NUDGE, locale, **common),
        {
            "type": "Action.ShowCard",
            "title": t("button.close", locale),
            "card": {
                "type": "AdaptiveCard",
                "body": [
                    {
                        "type": "Input.ChoiceSet",
                        "id": how_input,
                        "label": t("field.close_how", locale),
                        "style": "expanded",
                        "value": CLOSE_DONE,
                        "choices": [
                            {"title": t("close.done", locale), "value": CLOSE_DONE},
                            {"title": t("close.dropped", locale), "value": CLOSE_DROPPED},
                        ],
                    },
                    {
                        "type": "Input.Text",
                        "id": reason_input,
                        "label": t("field.close_reason", locale),
                        "maxLength": 500,
                    },
                ],
                "actions": [
                    execute(
                        "button.close",
                        verbs.ESCALATION_CLOSE,
                        locale,
                        **common,
                        field=how_input,
                        reason_field=reason_input,
                    )
                ],
            },
        },
    ]
