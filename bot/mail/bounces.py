"""Bounces: the delivery status notifications (RFC 3464) that come back after a relay accepted a chaser, when the
recipient's own mail system later refuses it or gives up.

Only reports about Chaser's own mail count: the original message's Message-ID (returned in the report's headers part)
carries a tag signed for that recipient under the signing secret (bot.mail.message.message_id), so a forged or
misdirected report cannot pause anyone's email. Reading is bounded: the message is refused past MAX_REPORT_BYTES and
at most MAX_RECIPIENTS recipient blocks are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import Message

from bot.mail.message import genuine_message_id
from bot.register.email_address import normalise_email

MAX_REPORT_BYTES = 1024 * 1024
MAX_RECIPIENTS = 20
_STATUS = re.compile(r"^([245])\.\d{1,3}\.\d{1,3}$")


@dataclass(frozen=True)
class Bounce:
    recipient: str  # lower case
    status: str  # the enhanced status code, e.g. "5.1.1"
    detail: str  # the remote server's words (Diagnostic-Code), else the status

    @property
    def permanent(self) -> bool:
        return self.status.startswith("5")


@dataclass(frozen=True)
class Report:
    """What a delivery report says about Chaser's mail: the recipients it failed or delayed for."""

    message_id: str | None
    bounces: tuple[Bounce, ...]


class NotAReport(ValueError):
    """Not a delivery status notification Chaser can read (the words say why)."""


def read_report(raw: bytes) -> Report:
    if len(raw) > MAX_REPORT_BYTES:
        raise NotAReport(f"over {MAX_REPORT_BYTES // 1024} KiB")
    message = message_from_bytes(raw, policy=policy.compat32)
    if message.get_content_type() != "multipart/report":
        raise NotAReport(f"a {message.get_content_type()} message, not a delivery report (multipart/report)")
    status_part = original = None
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status" and status_part is None:
            status_part = part
        elif kind in ("text/rfc822-headers", "message/rfc822") and original is None:
            original = part
    if status_part is None:
        raise NotAReport("no message/delivery-status part")
    return Report(_original_id(original), tuple(_bounces(status_part)))


def bounces_for_chaser(report: Report, secret: bytes) -> list[Bounce]:
    """The report's failures that are about a message Chaser sent to that recipient (empty for anything else)."""
    if report.message_id is None:
        return []
    return [b for b in report.bounces if genuine_message_id(secret, report.message_id, b.recipient)]


def _bounces(part: Message) -> list[Bounce]:
    # The status part holds one block of fields for the message, then one per recipient (RFC 3464 §2.1).
    blocks = part.get_payload()
    found: list[Bounce] = []
    if not isinstance(blocks, list):
        return found
    for block in blocks[1 : MAX_RECIPIENTS + 1]:
        if not isinstance(block, Message):
            continue
        action = str(block.get("Action", "")).strip().lower()
        if action not in ("failed", "delayed"):
            continue
        address = _address(str(block.get("Final-Recipient", "")) or str(block.get("Original-Recipient", "")))
        status = str(block.get("Status", "")).strip().split(" ")[0]
        if address is None or not _STATUS.match(status):
            continue
        if action == "delayed" and status.startswith("5"):
            status = "4" + status[1:]  # still being tried: never permanent
        diagnostic = " ".join(str(block.get("Diagnostic-Code", "")).split())
        detail = diagnostic.partition(";")[2].strip() if ";" in diagnostic else diagnostic
        found.append(Bounce(address, status, (detail or status)[:400]))
    return found


def _address(field: str) -> str | None:
    # "rfc822; jo@example.org" (the address type, then the address)
    _, _, address = field.partition(";")
    return normalise_email(address.strip().strip("<>")) if address else None


def _original_id(part: Message | None) -> str | None:
    if part is None:
        return None
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        headers = inner[0] if isinstance(inner, list) and inner else None
        found = headers.get("Message-ID") if isinstance(headers, Message) else None
    else:
        body = part.get_payload(decode=True)
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(part.get_payload())
        found = message_from_bytes(text.encode(), policy=policy.compat32).get("Message-ID")
    return " ".join(str(found).split()) if found else None
