"""Owners and role holders written as email addresses: what counts as one, and one identity per person."""

from __future__ import annotations

import pytest

from bot.register.email_address import EmailAddress, looks_like_email, normalise_email, read_email
from bot.register.model import Owner, OwnerKind, Person


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jo@example.org", "jo@example.org"),
        ("Jo.Bloggs@Example.ORG", "jo.bloggs@example.org"),
        ("  jo@example.org ", "jo@example.org"),
        ("mailto:jo@example.org", "jo@example.org"),
        ("jo+forum@mail.example.co.uk", "jo+forum@mail.example.co.uk"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("cadeirydd@fforwm-hil.llyw.cymru", "cadeirydd@fforwm-hil.llyw.cymru"),
        ("jo@xn--bcher-kva.example", "jo@xn--bcher-kva.example"),
    ],
)
def test_addresses_people_write_are_read_in_lower_case(text: str, expected: str) -> None:
    assert normalise_email(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "jo",
        "jo@example",  # no dot in the domain
        "jo@@example.org",
        "jo@example..org",
        ".jo@example.org",
        "jo.@example.org",
        "jo..bloggs@example.org",
        "jo@-example.org",
        "jo@example-.org",
        "jo@example.o",  # one-letter top-level label
        "jo@example.123",
        "jo@[192.0.2.1]",
        '"jo bloggs"@example.org',
        "jo bloggs@example.org",
        "jo@exa mple.org",
        "<at>Jo</at>",
        "x" * 65 + "@example.org",
        "jo@" + "a" * 250 + ".org",
    ],
)
def test_what_is_not_one_address_is_refused(text: str) -> None:
    assert normalise_email(text) is None


def test_a_display_name_is_kept_beside_the_address() -> None:
    assert read_email("Jo Bloggs <Jo@Example.org>") == EmailAddress("jo@example.org", "Jo Bloggs")
    assert read_email('"Bloggs, Jo" <jo@example.org>.') == EmailAddress("jo@example.org", "Bloggs, Jo")
    assert read_email("<jo@example.org>") == EmailAddress("jo@example.org")
    assert read_email("Jo Bloggs (Jo@Example.org)") == EmailAddress("jo@example.org", "Jo Bloggs")
    assert read_email("Jo Bloggs (jo@example)") is None and read_email("(jo@example.org)") is None
    assert read_email("jo@example.org.") == EmailAddress("jo@example.org")
    assert read_email("Jo Bloggs <jo@example>") is None
    assert read_email("Secretariat") is None


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("jo@example", True),
        ("jo@@example.org", True),
        ("Jo <jo@example>", True),
        ("jo@example.org", True),
        ("Secretariat", False),
        ("Regional Convenor (North Wales)", False),
        ("<at>Jo Bloggs</at>", False),
        ("the team @ the office", False),
    ],
)
def test_an_attempt_at_an_address_is_told_from_a_role(text: str, meant: bool) -> None:
    assert looks_like_email(text) is meant


def test_an_owner_written_as_an_address_is_a_person_known_by_it() -> None:
    owner = Owner.by_email("jo@example.org")
    assert owner.kind is OwnerKind.PERSON
    assert (owner.name, owner.email, owner.aad_id) == ("jo@example.org", "jo@example.org", None)
    assert Owner.by_email("jo@example.org", name="Jo Bloggs").name == "Jo Bloggs"


def test_a_teams_user_and_their_address_are_one_person() -> None:
    teams = Person("Jo Bloggs", aad_id="aad-jo", user_id="29:jo", email="jo@example.org")
    by_mail = Person("jo@example.org", email="JO@example.org")
    assert teams.is_same(by_mail) and by_mail.is_same(teams)
    assert by_mail.is_same(Owner.by_email("jo@example.org"))
    assert not by_mail.is_same(Owner.by_email("jane@example.org"))
    # The Entra id decides when both sides carry one, whatever the addresses say.
    assert not teams.is_same(Person("Other", aad_id="aad-other", email="jo@example.org"))
    assert not Person("Nobody").is_same(Person("Nobody"))
    assert by_mail.key == "mailto:jo@example.org"
    assert Owner.by_email("jo@example.org").as_person().is_same(by_mail)
