"""Roles nobody holds, said where it matters (the Summary of Actions), with an Assign form for each: a people
picker over the chat's members, answered without leaving the summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cards import verbs
from cards.catalogue import t
from cards.envelope import execute
from cards.text import message_block, text_block

# The roles offered in the form's list (a summary names every unheld role in its text).
MAX_CHOICES = 20
ROLE_INPUT = "assign_role"
PEOPLE_INPUT = "assign_people"


def unheld_roles_elements(roles: Sequence[str], *, locale: str | None, occurrence_id: str) -> list[dict[str, Any]]:
    """The warning and an Assign form: which role, and who (a people picker over the chat's members)."""
    if not roles:
        return []
    return [
        text_block(t("roles.unheld.title", locale), weight="Bolder", spacing="Large", color="Attention"),
        message_block("roles.unheld.list", locale, None, roles=", ".join(roles)),
        {"type": "ActionSet", "actions": [_assign_form(roles[:MAX_CHOICES], locale, occurrence_id)]},
    ]


def _assign_form(roles: Sequence[str], locale: str | None, occurrence_id: str) -> dict[str, Any]:
    return {
        "type": "Action.ShowCard",
        "title": t("roles.assign.button", locale),
        "card": {
            "type": "AdaptiveCard",
            "body": [
                {
                    "type": "Input.ChoiceSet",
                    "id": ROLE_INPUT,
                    "label": t("roles.assign.role", locale),
                    "value": roles[0],
                    "choices": [{"title": role, "value": role} for role in roles],
                },
                {
                    # Teams' people picker over the members of this chat; it answers with Entra object ids.
                    "type": "Input.ChoiceSet",
                    "id": PEOPLE_INPUT,
                    "label": t("roles.assign.label", locale),
                    "placeholder": t("card.form.owner_person_placeholder", locale),
                    "isMultiSelect": True,
                    "isRequired": True,
                    "errorMessage": t("roles.assign.required", locale),
                    "choices": [],
                    "choices.data": {"type": "Data.Query", "dataset": "graph.microsoft.com/users?scope=currentContext"},
                },
            ],
            "actions": [
                execute(
                    "roles.assign.submit",
                    verbs.ROLE_ASSIGN,
                    locale,
                    occurrence_id=occurrence_id,
                    role_field=ROLE_INPUT,
                    **{verbs.FIELD: PEOPLE_INPUT},
                )
            ],
        },
    }
