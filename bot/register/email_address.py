"""Email addresses as owners and role holders write them: "jo@example.org", "Jo Bloggs <jo@example.org>",
"Jo Bloggs (jo@example.org)", "mailto:jo@example.org". One reader, used by /action, the form, /role and the minutes
importer.

The rule is the practical subset of RFC 5321/5322 that mail servers accept from people: a dot-atom local part (no
quoted strings, no comments), a domain of letters, digits and hyphens with at least one dot and a letter-only (or
``xn--``) top-level label, no IP literals; 64 characters before the @, 254 in all. Addresses are kept in lower case:
Exchange and every mainstream provider treat the local part case-insensitively, and one person must not become two
because a chair typed Jo@Example.org.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_ADDRESS = 254
MAX_LOCAL = 64

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LOCAL = rf"{_ATEXT}+(?:\.{_ATEXT}+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TOP = r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})"
_ADDRESS = re.compile(rf"(?P<local>{_LOCAL})@(?P<domain>(?:{_LABEL}\.)+{_TOP})")
_NAMED = re.compile(r"^(?P<name>[^<>@]{0,120}?)\s*<(?P<address>[^<>\s]+)>$")
# As minutes often write it: "Jo Bloggs (jo@example.org)".
_BRACKETED = re.compile(r"^(?P<name>[^<>()@]{1,120}?)\s*\((?P<address>[^()\s]+)\)$")
# Anything with an @ between two non-space runs is someone's attempt at an address, even when it is not a good one.
_ATTEMPT = re.compile(r"^\S+@\S+$")


@dataclass(frozen=True)
class EmailAddress:
    address: str  # lower case, as stored
    name: str | None = None  # the display name written with it, if any

    @property
    def display(self) -> str:
        return self.name or self.address


def normalise_email(text: str) -> str | None:
    """The address in lower case, or None when `text` is not one address."""
    text = text.strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    if len(text) > MAX_ADDRESS:
        return None
    match = _ADDRESS.fullmatch(text)
    if match is None or len(match["local"]) > MAX_LOCAL:
        return None
    return text.lower()


def read_email(text: str) -> EmailAddress | None:
    """An address alone or with a display name ("Jo Bloggs <jo@example.org>"); None when `text` is not one."""
    text = text.strip().rstrip(".,;").strip()
    named = _NAMED.match(text) or _BRACKETED.match(text)
    if named:
        address = normalise_email(named["address"])
        name = " ".join(named["name"].strip().strip('"').split())
        return EmailAddress(address, name or None) if address else None
    address = normalise_email(text)
    return EmailAddress(address) if address else None


def looks_like_email(text: str) -> bool:
    """True for words someone meant as an address ("jo@example", "jo@@example.org"): refuse those clearly rather
    than file them as a role named "jo@example"."""
    text = text.strip().rstrip(".,;").strip()
    if "<at>" in text:  # Teams mention markup, not an address
        return False
    named = _NAMED.match(text)
    return bool(_ATTEMPT.match(named["address"] if named else text))
