"""`/role` words: the role's name and the people named by email address ("/role "Regional Convenor (North Wales)"
jo@example.org"). @mentions are taken out by the edge, which resolves them through the chat roster."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.register.email_address import EmailAddress, looks_like_email, read_email
from bot.register.errors import InvalidInput

MAX_ADDRESSES = 20
_QUOTES = "\"'“”‘’«»"
# A word with an @ in it, bare or in angle brackets. Display names are not read here: in "Secretariat <jo@…>" the
# words before the address are the role's name.
_ADDRESS_WORDS = re.compile(r"<[^<>\s]*>|[^\s,;<>]*@[^\s,;<>]*")


@dataclass(frozen=True)
class RoleWords:
    role_name: str
    addresses: tuple[EmailAddress, ...]


def parse_role_words(words: str) -> RoleWords:
    """Split the words left after mentions into the role name and any addresses. An address that is not a valid one
    is refused with its own message (it must not become part of the role's name)."""
    addresses: list[EmailAddress] = []

    def take(found: re.Match[str]) -> str:
        candidate = found.group(0)
        if "@" not in candidate:
            return candidate
        address = read_email(candidate)
        if address is None:
            if looks_like_email(candidate):
                raise InvalidInput("error.email.invalid", given=candidate.strip()[:80])
            return candidate
        if all(a.address != address.address for a in addresses):
            addresses.append(address)
        return " "

    rest = _ADDRESS_WORDS.sub(take, words)
    if len(addresses) > MAX_ADDRESSES:
        raise InvalidInput("error.role.too_many", limit=MAX_ADDRESSES)
    role_name = " ".join(rest.replace(",", " ").split()).strip(_QUOTES + " ")
    return RoleWords(role_name, tuple(addresses))


# "/role Secretariat @Beth here": Beth holds it in this chat only (without the word, in every chat of the tenant).
_THIS_CHAT_ONLY = {"here", "yma"}


def chat_only(role_name: str) -> tuple[str, bool]:
    """The role's name without a closing "here" ("yma"), and whether the holders are for every chat."""
    words = role_name.split()
    if words and words[-1].casefold() in _THIS_CHAT_ONLY:
        return " ".join(words[:-1]), False
    return role_name, True
