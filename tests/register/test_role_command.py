"""`/role` words with email addresses: the role's name stays whole, addresses become holders, bad ones are refused."""

from __future__ import annotations

import pytest

from bot.register.email_address import EmailAddress
from bot.register.errors import InvalidInput
from bot.register.role_command import MAX_ADDRESSES, parse_role_words


@pytest.mark.parametrize(
    ("words", "role", "addresses"),
    [
        ('"Regional Convenor (North Wales)" jo@example.org', "Regional Convenor (North Wales)", ["jo@example.org"]),
        ("Secretariat jo@example.org, <Sam@Example.org>", "Secretariat", ["jo@example.org", "sam@example.org"]),
        ("“Appointed Forum Member” <a@fforwm.cymru>", "Appointed Forum Member", ["a@fforwm.cymru"]),
        ("Ysgrifenyddiaeth jo@example.org jo@example.org", "Ysgrifenyddiaeth", ["jo@example.org"]),
        ("Secretariat", "Secretariat", []),
        ("Secretariat   ", "Secretariat", []),
        ("jo@example.org", "", ["jo@example.org"]),
    ],
)
def test_role_words_split_into_the_role_and_its_addresses(words: str, role: str, addresses: list[str]) -> None:
    parsed = parse_role_words(words)
    assert parsed.role_name == role
    assert parsed.addresses == tuple(EmailAddress(a) for a in addresses)


@pytest.mark.parametrize("words", ["Secretariat jo@example", "Secretariat jo@@example.org", "Chair <jo@x>"])
def test_an_address_that_is_not_one_is_refused_by_name(words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_role_words(words)
    assert refused.value.key == "error.email.invalid"
    assert "@" in str(refused.value.params["given"])


def test_too_many_addresses_at_once_are_refused() -> None:
    words = "Members " + " ".join(f"m{n}@example.org" for n in range(MAX_ADDRESSES + 1))
    with pytest.raises(InvalidInput) as refused:
        parse_role_words(words)
    assert refused.value.key == "error.role.too_many"
