"""Every refusal leaves a trace: one audit event (who, what, why) and one log line.

Refusals are the answers that say no to someone: not allowed (authorisation), an answer to a card older than the
action (stale), a card answer no card of Chaser's could have sent (forged: malformed data, an action id that is not
in this chat or tenant), an activity from a tenant that is not allowed. Typing mistakes ("/done three") are answered
with what to type instead and are not refusals.

The ids in a refusal come from outside and may be forged: they are cut to the audit table's column sizes here, so
recording the refusal can never fail where recording a change would not have been reached.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from bot.register.model import AuditEvent, Person, Surface

log = logging.getLogger(__name__)

AUTHORISATION = "authorisation"
STALE = "stale"
FORGED = "forged"
TENANT = "tenant"
REFUSED = "refused"

# audit_events' column sizes (bot/store/schema.py)
_ACTION_ID, _CHAT_ID, _AAD_ID, _USER_ID, _EMAIL, _NAME = 64, 512, 64, 512, 254, 200


class AuditStore(Protocol):
    async def record_event(self, event: AuditEvent) -> None: ...


def _cut(value: str | None, size: int) -> str | None:
    return value[:size] if isinstance(value, str) else None


def fitted(event: AuditEvent) -> AuditEvent:
    actor = event.actor
    return replace(
        event,
        action_id=_cut(event.action_id, _ACTION_ID),
        chat_id=(event.chat_id or "")[:_CHAT_ID],
        actor=Person(
            name=(actor.name or "")[:_NAME],
            aad_id=_cut(actor.aad_id, _AAD_ID),
            user_id=_cut(actor.user_id, _USER_ID),
            email=_cut(actor.email, _EMAIL),
        ),
    )


async def record_refusal(store: AuditStore, event: AuditEvent) -> None:
    """Write the refusal to the audit trail and the log (once each). `event.detail` says what and why."""
    event = fitted(event)
    await store.record_event(event)
    who = event.actor.aad_id or event.actor.user_id or event.actor.email or event.actor.name
    more = {key: value for key, value in event.detail.items() if key not in ("reason", "category", "what")}
    log.info(
        "refused %s (%s): %r by %r in chat %r, action %r, from the %s%s",
        event.detail.get("reason"),
        event.detail.get("category"),
        event.detail.get("what"),
        who,
        event.chat_id,
        event.action_id,
        event.surface.value,
        f"; {repr(more)[:300]}" if more else "",
    )


def refusal(
    *,
    action_id: str | None,
    chat_id: str,
    at: datetime,
    actor: Person,
    surface: Surface,
    category: str,
    what: str,
    reason: str,
    kind: str = REFUSED,
    **detail: object,
) -> AuditEvent:
    """The audit event of a refusal: `what` was asked (a verb, a command), `reason` is the catalogue key shown."""
    return AuditEvent(
        action_id, chat_id, at, actor, kind, surface, {"category": category, "what": what, "reason": reason, **detail}
    )
