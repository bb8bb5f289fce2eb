"""The answer page's guards, alone: the rate limiter, whose address counts behind a proxy, tokens kept out of logs,
and the tokens themselves (signed, expiring, naming one person and one action)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.logs import loggable_path
from bot.register import answer_links
from bot.register.model import Person
from bot.web.rate_limit import RateLimiter, client_key

SECRET = b"s" * 32
NOW = datetime(2025, 3, 20, 9, tzinfo=UTC)
ACTION = "0123456789abcdef0123456789abcdef"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_client_gets_its_allowance_then_waits_while_others_are_served() -> None:
    clock = Clock()
    limiter = RateLimiter(30, monotonic=clock)
    assert [limiter.allow("a") for _ in range(30)] == [None] * 30
    wait = limiter.allow("a")
    assert wait is not None and 1.9 < wait <= 2.0  # one request back every two seconds
    assert limiter.allow("b") is None
    clock.now += 2.0
    assert limiter.allow("a") is None


def test_the_limiter_keeps_a_bounded_number_of_clients() -> None:
    limiter = RateLimiter(5, max_keys=100, monotonic=Clock())
    for n in range(1000):
        limiter.allow(f"10.0.{n // 256}.{n % 256}")
    assert len(limiter._buckets) == 100


@pytest.mark.parametrize(
    ("remote", "forwarded", "key"),
    [
        ("51.140.1.10", None, "51.140.1.10"),
        ("51.140.1.10", "81.2.69.160", "51.140.1.10"),  # a public peer's header is not believed
        ("10.0.0.4", "198.51.100.9, 192.0.2.44", "192.0.2.44"),  # the proxy's own entry, not the claimed one
        ("127.0.0.1", "192.0.2.44", "192.0.2.44"),
        (None, None, "unknown"),
    ],
)
def test_whose_address_counts(remote: str | None, forwarded: str | None, key: str) -> None:
    assert client_key(remote, forwarded) == key


def test_answer_page_tokens_never_reach_the_access_log() -> None:
    assert loggable_path("/a/eyJ2IjoxfQ.c2lnbmF0dXJl") == "/a/…"
    assert loggable_path("/api/messages") == "/api/messages"


def test_a_token_names_one_person_and_one_action_until_it_expires() -> None:
    token = answer_links.issue(SECRET, ACTION, Person("Jo", email="Jo@Example.org"), now=NOW, days=30)
    grant = answer_links.read(SECRET, token, now=NOW + timedelta(days=29))
    assert grant is not None
    assert (grant.action_id, grant.email, grant.aad_id) == (ACTION, "jo@example.org", None)
    assert answer_links.read(SECRET, token, now=NOW + timedelta(days=30)) is None
    assert answer_links.read(b"t" * 32, token, now=NOW) is None
    by_teams = answer_links.issue(SECRET, ACTION, Person("Jo", aad_id="aad-jo", email="jo@x.org"), now=NOW)
    assert answer_links.read(SECRET, by_teams, now=NOW).aad_id == "aad-jo"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "token",
    ["", "x", "a.b", "a" * 700, "not-base64!.AAAA", "eyJ.eyJ", "AAAAAAAAAAAA." + "A" * 43],
)
def test_anything_else_is_no_token(token: str) -> None:
    assert answer_links.read(SECRET, token, now=NOW) is None


def test_a_token_signed_for_another_purpose_does_not_answer() -> None:
    from bot.register.signing import signature

    fields = ("1", ACTION, "mailto:jo@example.org", str(int(NOW.timestamp())), str(int(NOW.timestamp()) + 99))
    import base64

    payload = base64.urlsafe_b64encode("\n".join(fields).encode()).rstrip(b"=").decode()
    assert answer_links.read(SECRET, f"{payload}.{signature(SECRET, 'export', *fields)}", now=NOW) is None
    assert answer_links.read(SECRET, f"{payload}.{signature(SECRET, 'answer', *fields)}", now=NOW) is not None


def test_no_link_without_a_person_to_name() -> None:
    with pytest.raises(ValueError):
        answer_links.issue(SECRET, ACTION, Person("Nobody"), now=NOW)
