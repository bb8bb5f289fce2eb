"""Graph transport (CHASER_MAIL=graph): POST /users/{CHASER_MAIL_FROM}/sendMail with the MIME message, base64 as
Graph asks, so the email is the same as over SMTP (text and HTML parts, Message-ID, Auto-Submitted).

The app needs Mail.Send, scoped with Exchange's RBAC for Applications to the one mailbox it sends from (README).
Graph accepts with 202 and delivers later: a bounce then arrives in that mailbox, not here. What Graph refuses at
once is sorted like SMTP's answers: an invalid recipient is the person's; anything else is the transport's.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

from bot.graph.client import GraphClient, GraphError
from bot.mail.message import MailNotSent, Outgoing

# Graph's codes for a recipient it will not send to (the person's problem, not Chaser's).
_RECIPIENT_CODES = frozenset({"ErrorInvalidRecipients", "ErrorRecipientNotFound", "ErrorInvalidSmtpAddress"})


class GraphMailTransport:
    def __init__(self, graph: GraphClient, *, mailbox: str) -> None:
        self.graph = graph
        self.mailbox = mailbox

    async def send(self, outgoing: Outgoing) -> str:
        mime = base64.b64encode(outgoing.message.as_bytes())
        try:
            response = await self.graph.request(
                "POST", f"/users/{quote(self.mailbox)}/sendMail", data=mime, content_type="text/plain"
            )
        except GraphError as error:
            detail = f"{error.status} {error.code}: {error.message}"
            if error.retryable:
                raise MailNotSent(detail, retry_after=error.retry_after) from error
            recipient = error.code in _RECIPIENT_CODES
            # A refusal that is not about the recipient (403: the mailbox is outside the app's scope) is a setup
            # problem: reported without a status, so it is tried again later rather than held against the person.
            status = error.status if recipient else None
            raise MailNotSent(detail, status=status, recipient=recipient, permanent=recipient) from error
        return f"{response.status} accepted by Graph"

    async def close(self) -> None:
        return None
