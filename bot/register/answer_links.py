"""Answer-page tokens: one person, one action, an expiry, signed with the deployment's signing secret.

A token is ``<payload>.<signature>``, both URL-safe base64: the payload names the action, the person (their Entra id
as ``aad:<id>`` or their address as ``mailto:<address>``) and when the token was issued and expires (Unix seconds).
Nothing else is needed to check one, so a token works on every replica and after a restart; revoking is the store's
job (links issued before a person's ``links_valid_from`` are refused by the page).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.register.model import Person
from bot.register.signing import signature, signed

PURPOSE = "answer"
VERSION = "1"
DEFAULT_DAYS = 30
# Well above any token Chaser issues (an address is at most 254 characters); anything longer is refused unread.
MAX_TOKEN = 640
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,600}\.[A-Za-z0-9_-]{43}$")
_ACTION_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Grant:
    """What a genuine, unexpired token allows: this person may answer this action."""

    action_id: str
    person: str  # "aad:<Entra id>" or "mailto:<address>"
    issued_at: datetime
    expires_at: datetime

    @property
    def aad_id(self) -> str | None:
        return self.person[len("aad:") :] if self.person.startswith("aad:") else None

    @property
    def email(self) -> str | None:
        return self.person[len("mailto:") :] if self.person.startswith("mailto:") else None

    def as_person(self, name: str) -> Person:
        return Person(name, aad_id=self.aad_id, email=self.email)


def person_ref(person: Person) -> str | None:
    """How a token names a person: by Entra id when Chaser has one, else by address."""
    if person.aad_id:
        return "aad:" + person.aad_id
    if person.email:
        return "mailto:" + person.email.casefold()
    return None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue(secret: bytes, action_id: str, person: Person, *, now: datetime, days: int = DEFAULT_DAYS) -> str:
    ref = person_ref(person)
    if ref is None:
        raise ValueError("an answer link names a person by Entra id or email address")
    issued = int(now.timestamp())
    expires = int((now + timedelta(days=days)).timestamp())
    fields = (VERSION, action_id, ref, str(issued), str(expires))
    return f"{_b64(chr(10).join(fields).encode())}.{signature(secret, PURPOSE, *fields)}"


def read(secret: bytes, token: str, *, now: datetime) -> Grant | None:
    """The grant of a genuine, unexpired token; None for anything else (the page answers 403, saying no more)."""
    if len(token) > MAX_TOKEN or not _TOKEN.match(token):
        return None
    payload, given = token.split(".")
    try:
        fields = tuple(_unb64(payload).decode().split("\n"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if len(fields) != 5 or not signed(secret, given, PURPOSE, *fields):
        return None
    version, action_id, ref, issued, expires = fields
    if version != VERSION or not _ACTION_ID.match(action_id) or not (issued.isdigit() and expires.isdigit()):
        return None
    if not (ref.startswith("aad:") or ref.startswith("mailto:")):
        return None
    issued_at = datetime.fromtimestamp(int(issued), UTC)
    expires_at = datetime.fromtimestamp(int(expires), UTC)
    if now >= expires_at:
        return None
    return Grant(action_id, ref, issued_at, expires_at)
