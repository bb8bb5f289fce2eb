"""The answer to an invoke Chaser does not handle: HTTP 200 with an empty body, or the shape Teams documents for it.

The SDK answers every invoke it has no handler for with 501 and the body `null`; Teams shows the user an error for
that, and a caller probing the bot learns which handlers exist. Chaser handles Action.Execute (adaptiveCard/action)
and its message action (composeExtension/fetchTask, composeExtension/submitAction); anything else Teams, or anyone,
can send gets a deliberate, quiet answer:

- task/fetch, task/submit (a dialog opened from a card that is not Chaser's): a message in the dialog
  (https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/task-modules/task-modules-bots);
- composeExtension/query and the other search-extension invokes: an empty result list
  (https://learn.microsoft.com/microsoftteams/platform/messaging-extensions/how-to/search-commands/respond-to-search);
- everything else (signin/*, fileConsent/invoke, config/fetch, actionableMessage/executeAction, unknown names):
  200 with no body, which Teams takes as "handled".
"""

from __future__ import annotations

from typing import Any

from cards.catalogue import t

_SEARCH = frozenset(
    {
        "composeExtension/query",
        "composeExtension/queryLink",
        "composeExtension/anonymousQueryLink",
        "composeExtension/selectItem",
        "composeExtension/querySettingUrl",
    }
)
_DIALOG = frozenset({"task/fetch", "task/submit"})


def unhandled_invoke_body(name: object, locale: str | None) -> dict[str, Any] | None:
    """The body of the 200 answer to an invoke Chaser has no handler for (None: no body at all)."""
    if name in _DIALOG:
        return {"task": {"type": "message", "value": t("invoke.unsupported", locale)}}
    if name in _SEARCH:
        return {"composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": []}}
    return None
