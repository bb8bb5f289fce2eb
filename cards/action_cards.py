"""Cards about one action: the confirmation, the /action form and the edit form."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot.register.model import Action, ActionStatus, DeadlineKind, Occurrence, Owner, OwnerKind
from cards import verbs
from cards.catalogue import t
from cards.deadline_format import as_written, format_day, understood
from cards.envelope import adaptive_card, execute
from cards.numbers import number_label
from cards.text import escape_markdown, label_value, message_block, text_block, user_text

_HEADING = {"size": "Medium", "weight": "Bolder", "style": "heading"}
TITLE_KEYS = {
    "logged": "card.action.logged",
    "done": "card.action.done",
    "edited": "card.action.edited",
    "view": "card.action.view",
    "removed": "card.action.removed",
}


def owner_label(owner: Owner | None, locale: str | None) -> str:
    if owner is None:
        return t("owner.none", locale)
    if owner.kind is OwnerKind.ROLE:
        return owner.name
    return owner.name or t("owner.unknown_person", locale)


def status_label(action: Action, locale: str | None) -> str:
    return t(f"status.{action.status.value}", locale)


def meeting_field(title: str | None, started: datetime, locale: str | None, tz: tzinfo) -> dict[str, Any]:
    """Meeting: "Wales Race Forum, Mon 17 March 2025"."""
    day = format_day(started, locale, tz)
    return label_value(
        t("field.meeting", locale), t("chaser.meeting", locale, title=title or t("summary.untitled", locale), day=day)
    )


def action_card(
    action: Action,
    *,
    locale: str | None,
    tz: tzinfo,
    heading: str = "logged",
    meeting: Occurrence | None = None,
    ask_who: bool = False,
) -> dict[str, Any]:
    """The confirmation of an action: what, who, by when (as written and as understood), who logged it. `meeting`:
    its meeting, shown when the chat has had others (which meeting's No. 7 this is). While it is open and has no
    owner, or deadline words that are not a date, it says so first thing and offers the fix: a person picker and a
    date picker, saved in one tap. ``ask_who``: the words named who it is done to."""
    body: list[dict[str, Any]] = [
        message_block(
            TITLE_KEYS[heading],
            locale,
            {"size": "Medium", "weight": "Bolder", "style": "heading"},
            number=number_label(action, locale, tz=tz),
        ),
        user_text(action.text, size="Medium"),
    ]
    if meeting is not None:
        body.append(meeting_field(meeting.title, meeting.started_at, locale, tz))
    body += [
        label_value(t("field.owner", locale), owner_label(action.owner, locale)),
        label_value(t("field.deadline", locale), as_written(action.deadline, locale)),
        label_value(t("field.understood", locale), understood(action.deadline, locale, tz)),
        label_value(t("field.status", locale), status_label(action, locale)),
        label_value(
            t("field.logged_by", locale),
            t(
                "card.action.logged_by",
                locale,
                name=action.created_by.name,
                day=format_day(action.created_at, locale, tz),
            ),
        ),
    ]
    buttons: list[dict[str, Any]] = []
    if action.status is ActionStatus.OPEN:
        fix = _fix_block(action, locale, ask_who=ask_who)
        if fix is not None:
            body.insert(1, fix)
        buttons = [
            execute("button.done", verbs.DONE, locale, action_id=action.id, version=action.version),
            execute("button.edit", verbs.EDIT, locale, action_id=action.id, version=action.version),
            execute("button.remove", verbs.REMOVE, locale, action_id=action.id, version=action.version),
        ]
    return adaptive_card(body, buttons, locale=locale)


def needs_fixing(action: Action) -> tuple[bool, bool]:
    """(no owner, deadline words that are not a date): what the card asks to be put right."""
    unread = bool(action.deadline.text) and action.deadline.kind is DeadlineKind.UNKNOWN
    return action.owner is None, unread


def _fix_block(action: Action, locale: str | None, *, ask_who: bool) -> dict[str, Any] | None:
    no_owner, unread = needs_fixing(action)
    if not (no_owner or unread):
        return None
    emphasis = {"weight": "Bolder", "color": "Attention"}
    items: list[dict[str, Any]] = []
    if no_owner:
        items.append(text_block(t("card.fix.ask_who" if ask_who else "card.fix.no_owner", locale), **emphasis))
        items.append(_person_picker(locale, ""))
    if unread:
        items.append(message_block("card.fix.no_date", locale, emphasis, words=action.deadline.text))
        items.append({"type": "Input.Date", "id": verbs.INPUT_DEADLINE_DATE, "label": t("field.deadline_date", locale)})
    button = execute("button.fix", verbs.FIX, locale, "positive", action_id=action.id, version=action.version)
    items.append({"type": "ActionSet", "actions": [button]})
    return {"type": "Container", "style": "warning", "items": items}


def remove_form_card(action: Action, *, locale: str | None, problem: str | None = None) -> dict[str, Any]:
    """Remove an action: why (required), then Remove it or Cancel."""
    body: list[dict[str, Any]] = [
        message_block(
            "card.remove.title",
            locale,
            {"size": "Medium", "weight": "Bolder", "style": "heading"},
            number=action.number,
        ),
        user_text(action.text),
        text_block(t("card.remove.explain", locale), isSubtle=True),
    ]
    if problem:
        body.append(text_block(problem, color="Attention"))
    body.append(
        {
            "type": "Input.Text",
            "id": verbs.INPUT_REMOVE_REASON,
            "label": t("field.remove_reason", locale),
            "placeholder": t("card.remove.placeholder", locale),
            "maxLength": 500,
            "isRequired": True,
            "errorMessage": t("error.remove.reason", locale),
        }
    )
    return adaptive_card(
        body,
        [
            execute(
                "button.remove_confirm",
                verbs.REMOVE_CONFIRM,
                locale,
                "destructive",
                action_id=action.id,
                version=action.version,
            ),
            execute("button.cancel", verbs.CANCEL_EDIT, locale, action_id=action.id, version=action.version),
        ],
        locale=locale,
    )


def action_form_card(
    *,
    locale: str | None,
    form_id: str,
    values: dict[str, str] | None = None,
    problem: str | None = None,
    submit: bool = False,
    source: str | None = None,
) -> dict[str, Any]:
    """The /action form: the action (required), owner (a person in this chat, or a role), deadline (words or date).

    ``submit``: the form in a Log as action dialog, whose button must be an Action.Submit (dialogs answer with
    composeExtension/submitAction, not Action.Execute); ``source`` says which message it came from."""
    values = values or {}
    title = "card.message_action.title" if submit else "card.form.title"
    body: list[dict[str, Any]] = [text_block(t(title, locale), size="Medium", weight="Bolder", style="heading")]
    if source:
        body.append(text_block(escape_markdown(source), isSubtle=True))
    if problem:
        body.append(text_block(problem, color="Attention"))
    body += _action_inputs(locale, values)
    if submit:
        button = {
            "type": "Action.Submit",
            "title": t("button.log", locale),
            "data": {"verb": verbs.LOG_ACTION, "form_id": form_id},
        }
        return adaptive_card(body, [button], locale=locale)
    return adaptive_card(body, [execute("button.log", verbs.LOG_ACTION, locale, form_id=form_id)], locale=locale)


def edit_form_card(action: Action, *, locale: str | None, problem: str | None = None) -> dict[str, Any]:
    values = {
        verbs.INPUT_TEXT: action.text,
        verbs.INPUT_DEADLINE_TEXT: action.deadline.text,
    }
    if action.owner is not None and action.owner.kind is OwnerKind.ROLE:
        values[verbs.INPUT_OWNER_ROLE] = action.owner.name
    elif action.owner is not None and action.owner.email and not action.owner.aad_id:
        values[verbs.INPUT_OWNER_ROLE] = action.owner.email
    elif action.owner is not None and action.owner.aad_id:
        values[verbs.INPUT_OWNER_PERSON] = action.owner.aad_id
    body: list[dict[str, Any]] = [
        message_block(
            "card.edit.title", locale, {"size": "Medium", "weight": "Bolder", "style": "heading"}, number=action.number
        )
    ]
    if problem:
        body.append(text_block(problem, color="Attention"))
    body += _action_inputs(locale, values)
    return adaptive_card(
        body,
        [
            execute("button.save", verbs.SAVE_EDIT, locale, action_id=action.id, version=action.version),
            execute("button.cancel", verbs.CANCEL_EDIT, locale, action_id=action.id, version=action.version),
        ],
        locale=locale,
    )


def _action_inputs(locale: str | None, values: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "type": "Input.Text",
            "id": verbs.INPUT_TEXT,
            "label": t("field.action", locale),
            "placeholder": t("card.form.action_placeholder", locale),
            "isMultiline": True,
            "maxLength": 1000,
            "isRequired": True,
            "errorMessage": t("card.form.action_required", locale),
            "value": values.get(verbs.INPUT_TEXT, ""),
        },
        _person_picker(locale, values.get(verbs.INPUT_OWNER_PERSON, "")),
        {
            "type": "Input.Text",
            "id": verbs.INPUT_OWNER_ROLE,
            "label": t("field.owner_role", locale),
            "placeholder": t("card.form.owner_role_placeholder", locale),
            "maxLength": 120,
            "value": values.get(verbs.INPUT_OWNER_ROLE, ""),
        },
        {
            "type": "Input.Text",
            "id": verbs.INPUT_DEADLINE_TEXT,
            "label": t("field.deadline_words", locale),
            "placeholder": t("card.form.deadline_placeholder", locale),
            "maxLength": 200,
            "value": values.get(verbs.INPUT_DEADLINE_TEXT, ""),
        },
        {
            "type": "Input.Date",
            "id": verbs.INPUT_DEADLINE_DATE,
            "label": t("field.deadline_date", locale),
            "value": values.get(verbs.INPUT_DEADLINE_DATE, ""),
        },
    ]


def _person_picker(locale: str | None, value: str) -> dict[str, Any]:
    # Teams' people picker over the members of this chat; it answers with the person's Entra object id.
    return {
        "type": "Input.ChoiceSet",
        "id": verbs.INPUT_OWNER_PERSON,
        "label": t("field.owner_person", locale),
        "placeholder": t("card.form.owner_person_placeholder", locale),
        "choices": [],
        "choices.data": {"type": "Data.Query", "dataset": "graph.microsoft.com/users?scope=currentContext"},
        "value": value,
    }
