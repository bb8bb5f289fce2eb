"""One email as Chaser sends it: a MIME message with text and HTML alternatives, and how a send can fail.

The message is built once and handed to whichever transport is configured; Graph's sendMail takes the same MIME
bytes, so both transports send the identical message.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from bot.register.signing import signature
from cards.email_chaser import EmailContent

_MESSAGE_ID = re.compile(r"<chaser\.[0-9a-f]{32}\.([A-Za-z0-9_-]{22})@[^<>@\s]+>")


@dataclass(frozen=True)
class Sender:
    address: str
    name: str = "Chaser"


@dataclass(frozen=True)
class Outgoing:
    """An email ready for a transport: who it is for, and the MIME message."""

    recipient: str
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


class MailNotSent(Exception):
    """A transport could not hand the message over.

    `status` is the SMTP reply code or HTTP status when there was one. `recipient` is true when the refusal is about
    the recipient's mailbox (an unknown or full mailbox, a policy refusing it): that is recorded against the person.
    A refusal with a 5xx status is permanent: retrying the same mailbox soon will not help."""

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        recipient: bool = False,
        retry_after: float | None = None,
        permanent: bool | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail[:500]
        self.status = status
        self.recipient = recipient
        self.retry_after = retry_after
        # SMTP's 5xx are permanent, 4xx are not; Graph says so in its error code instead.
        self.permanent = permanent if permanent is not None else status is not None and 500 <= status < 600

    @property
    def reason(self) -> str:
        """A short outcome for the delivery record: mail_550, mail_421, mail_failed."""
        return f"mail_{self.status}" if self.status else "mail_failed"


def message_id(sender: Sender, recipient: str, stages: list[str], *, secret: bytes) -> str:
    """The same reminder to the same person has the same Message-ID: a resend after a crash between the relay's
    acceptance and Chaser's record of it is recognisably the same message (mail clients and relays drop the copy).
    Its last part is signed for the recipient, so a bounce can be told to be about Chaser's own mail to them."""
    address = recipient.casefold()
    digest = hashlib.sha256("\n".join([address, *sorted(stages)]).encode()).hexdigest()[:32]
    domain = sender.address.rpartition("@")[2]
    return f"<chaser.{digest}.{_recipient_tag(secret, address)}@{domain}>"


def genuine_message_id(secret: bytes, found: str, recipient: str) -> bool:
    """True when `found` is the Message-ID of mail Chaser sent to `recipient`."""
    matched = _MESSAGE_ID.fullmatch(found.strip())
    return matched is not None and hmac.compare_digest(
        matched.group(1).encode(), _recipient_tag(secret, recipient.casefold()).encode()
    )


def _recipient_tag(secret: bytes, address: str) -> str:
    return signature(secret, "mail-recipient", address)[:22]


def build_message(
    content: EmailContent, *, sender: Sender, recipient: str, recipient_name: str | None, at: datetime, msg_id: str
) -> Outgoing:
    message = EmailMessage()
    message["From"] = Address(display_name=sender.name, addr_spec=sender.address)
    name = recipient_name if recipient_name and recipient_name.casefold() != recipient.casefold() else ""
    message["To"] = Address(display_name=name, addr_spec=recipient)
    message["Subject"] = content.subject
    message["Date"] = format_datetime(at)
    message["Message-ID"] = msg_id
    # A reminder is automatic mail (RFC 3834): out-of-office and other auto-replies must not answer it.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message.set_content(content.text)
    message.add_alternative(content.html, subtype="html")
    # After the content: setting the content clears every Content-* header.
    message["Content-Language"] = ", ".join(content.languages)
    return Outgoing(recipient, message)
