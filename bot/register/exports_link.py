"""Short-lived download links for exports: HMAC-signed, expiring, scoped to one chat and one format."""

from __future__ import annotations

from datetime import datetime

from bot.register.signing import signature as signed_as
from bot.register.signing import signed

FORMATS = ("md", "csv", "docx", "ics")
PURPOSE = "export"


def signature(secret: bytes, chat_id: str, fmt: str, expires: int) -> str:
    return signed_as(secret, PURPOSE, chat_id, fmt, str(expires))


def link_query(secret: bytes, chat_id: str, fmt: str, *, expires: int) -> dict[str, str]:
    return {"chat": chat_id, "format": fmt, "expires": str(expires), "sig": signature(secret, chat_id, fmt, expires)}


def verify(secret: bytes, query: dict[str, str], *, now: datetime) -> tuple[str, str] | None:
    """(chat id, format) when the link is genuine and unexpired; None otherwise (the route answers 403)."""
    chat_id, fmt, expires_raw, given = (query.get(k, "") for k in ("chat", "format", "expires", "sig"))
    # str.isdigit() is true of "²" and other digits int() refuses: ASCII digits only, and a sane length.
    if (
        fmt not in FORMATS
        or not chat_id
        or not (expires_raw.isascii() and expires_raw.isdigit())
        or len(expires_raw) > 12
    ):
        return None
    expires = int(expires_raw)
    if expires < now.timestamp():
        return None
    if not signed(secret, given, PURPOSE, chat_id, fmt, str(expires)):
        return None
    return chat_id, fmt
