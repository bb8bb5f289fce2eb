"""/import: paste minutes, see what Chaser found (each row editable or removable), then create the actions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cards import verbs
from cards.catalogue import t, tn
from cards.envelope import adaptive_card, execute
from cards.text import text_block, user_text

MAX_PASTE = 100 * 1024
MAX_PREVIEW_ROWS = 40


def import_form_card(*, locale: str | None, form_id: str, problem: str | None = None) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        text_block(t("import.title", locale), size="Medium", weight="Bolder", style="heading"),
        text_block(t("import.intro", locale)),
    ]
    if problem:
        body.append(text_block(problem, color="Attention"))
    body += [
        {
            "type": "Input.Text",
            "id": verbs.INPUT_MINUTES,
            "label": t("field.minutes", locale),
            "isMultiline": True,
            "maxLength": MAX_PASTE,
            "isRequired": True,
            "errorMessage": t("import.minutes_required", locale),
        },
        {"type": "Input.Date", "id": verbs.INPUT_MEETING_DATE, "label": t("field.meeting_date", locale)},
    ]
    return adaptive_card(
        body, [execute("button.find_actions", verbs.IMPORT_PREVIEW, locale, form_id=form_id)], locale=locale
    )


def import_preview_card(
    rows: Sequence[tuple[int | None, str, str, str]],
    *,
    title: str | None,
    meeting_date: str | None,
    locale: str | None,
    form_id: str,
) -> dict[str, Any]:
    """One block per action found: its text, owner and deadline as inputs (editable), and a Keep toggle."""
    shown = list(rows)[:MAX_PREVIEW_ROWS]
    body: list[dict[str, Any]] = [
        text_block(t("import.preview_title", locale), size="Medium", weight="Bolder", style="heading"),
        text_block(tn("import.found", len(rows), locale)),
    ]
    if title or meeting_date:
        body.append(user_text(" · ".join(x for x in (title, meeting_date) if x), isSubtle=True))
    if len(rows) > len(shown):
        body.append(text_block(t("import.too_many", locale, shown=len(shown), total=len(rows)), color="Attention"))
    for index, (number, text, owner, deadline) in enumerate(shown):
        label = f"{number}." if number is not None else f"{index + 1}."
        body.append(
            {
                "type": "Container",
                "separator": True,
                "items": [
                    {
                        "type": "Input.Toggle",
                        "id": f"keep_{index}",
                        "title": t("import.keep", locale, number=label),
                        "label": t("import.keep_label", locale, number=label),
                        "value": "true",
                        "valueOn": "true",
                        "valueOff": "false",
                    },
                    {
                        "type": "Input.Text",
                        "id": f"text_{index}",
                        "label": t("field.action", locale),
                        "value": text,
                        "maxLength": 1000,
                        "isMultiline": True,
                    },
                    {
                        "type": "Input.Text",
                        "id": f"owner_{index}",
                        "label": t("field.owner", locale),
                        "value": owner,
                        "maxLength": 120,
                    },
                    {
                        "type": "Input.Text",
                        "id": f"deadline_{index}",
                        "label": t("field.deadline", locale),
                        "value": deadline,
                        "maxLength": 200,
                    },
                ],
            }
        )
    actions = []
    if shown:
        actions.append(
            execute(
                "button.create_actions",
                verbs.IMPORT_CREATE,
                locale,
                form_id=form_id,
                rows=len(shown),
                # The minutes' own numbers, kept when the actions are created (None where they gave none).
                numbers=[number for number, *_ in shown],
                title=title or "",
                meeting_date=meeting_date or "",
            )
        )
    return adaptive_card(body, actions, locale=locale)
