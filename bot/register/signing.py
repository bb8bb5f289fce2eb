"""The one way Chaser signs what it hands out (export links, answer-page tokens): HMAC-SHA256 under the configured
signing secret, with the purpose as the first field, so a signature made for one use never verifies for another.

Fields are length-prefixed before signing, so ("a\\nb", "c") and ("a", "b\\nc") sign differently."""

from __future__ import annotations

import base64
import hashlib
import hmac


def _message(purpose: str, fields: tuple[str, ...]) -> bytes:
    parts = (purpose, *fields)
    return b"".join(len(p.encode()).to_bytes(4, "big") + p.encode() for p in parts)


def signature(secret: bytes, purpose: str, *fields: str) -> str:
    """The signature as URL-safe base64 without padding (43 characters)."""
    digest = hmac.new(secret, _message(purpose, fields), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def signed(secret: bytes, given: str, purpose: str, *fields: str) -> bool:
    """True when `given` is the signature of these fields for this purpose (compared in constant time)."""
    return hmac.compare_digest(signature(secret, purpose, *fields).encode(), given.encode())
