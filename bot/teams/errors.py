"""The turn error handler: errors we caused are logged with the activity id and answered with a short apology."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from bot.teams.turn import locale_of
from cards.catalogue import t

log = logging.getLogger(__name__)


def turn_error_handler() -> Callable[[TurnContext, Exception], Awaitable[None]]:
    async def on_error(turn_context: TurnContext, error: Exception) -> None:
        activity = turn_context.activity
        log.error(
            "turn failed: %s (activity %r, type %r)", type(error).__name__, activity.id, activity.type, exc_info=error
        )
        message = t("reply.sorry", locale_of(activity))
        try:
            if activity.type == ActivityTypes.invoke:
                # An invoke must still get its HTTP 200 with a body; a UAM error shows the user a message.
                body = {
                    "statusCode": 500,
                    "type": "application/vnd.microsoft.error",
                    "value": {"code": "InternalError", "message": message},
                }
                await turn_context.send_activity(
                    Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body))
                )
            else:
                await turn_context.send_activity(message)
        except Exception:  # the apology itself could not be sent (Teams unreachable): the log has the cause
            log.exception("could not send the apology for activity %r", activity.id)

    return on_error
