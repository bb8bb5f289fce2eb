"""The Graph client against local stand-ins for the identity platform and Graph: tokens by secret, certificate and
managed identity (cached, fetched off the event loop), 429 with Retry-After, 5xx back-off, 401 renewal, refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from bot.graph.client import MAX_WAIT, GraphClient, GraphError
from bot.graph.tokens import EARLY_REFRESH_SECONDS, AppTokens, TokenError
from bot.reach_config import GraphCredential
from tests.support.graph import CLIENT_ID, CLIENT_SECRET, TENANT, GraphStandIn

SECRET = GraphCredential(client_id=CLIENT_ID, tenant_id=TENANT, secret=CLIENT_SECRET)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def tokens(stand_in: GraphStandIn, credential: GraphCredential = SECRET, clock: Clock | None = None) -> AppTokens:
    return AppTokens(
        credential,
        graph_url="https://graph.microsoft.com",
        login_url="https://login.microsoftonline.com",
        http_client=stand_in.http(),
        monotonic=clock or Clock(),
    )


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


async def test_a_secret_buys_a_token_that_is_kept_until_shortly_before_it_expires(graph_stand_in: GraphStandIn) -> None:
    clock = Clock()
    app = tokens(graph_stand_in, clock=clock)
    first = await app.token()
    assert first == "graph-token-1" and await app.token() == first
    [request] = graph_stand_in.token_requests
    assert request["scope"] == ["https://graph.microsoft.com/.default"]
    clock.now += 3599 - EARLY_REFRESH_SECONDS - 1
    assert await app.token() == first
    clock.now += 2
    # Past our early refresh, msal is asked again; msal, on the real clock, still holds the token it fetched.
    assert await app.token() == first
    assert app.fetched == 2 and len(graph_stand_in.token_requests) == 1
    app.forget()
    assert await app.token() == "graph-token-2"


async def test_a_burst_of_callers_waits_for_one_token(graph_stand_in: GraphStandIn) -> None:
    import asyncio

    app = tokens(graph_stand_in)
    assert set(await asyncio.gather(*(app.token() for _ in range(20)))) == {"graph-token-1"}
    assert len(graph_stand_in.token_requests) == 1


async def test_a_wrong_secret_says_so(graph_stand_in: GraphStandIn) -> None:
    app = tokens(graph_stand_in, GraphCredential(client_id=CLIENT_ID, tenant_id=TENANT, secret="wrong"))
    with pytest.raises(TokenError, match="invalid_client"):
        await app.token()


def self_signed(tmp_path: Path) -> tuple[Path, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "chaser-graph")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    cert_pem = certificate.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    path = tmp_path / "graph.pem"
    path.write_bytes(key_pem + cert_pem)
    return path, cert_pem


async def test_a_certificate_signs_an_assertion_the_identity_platform_checks(
    graph_stand_in: GraphStandIn, tmp_path: Path
) -> None:
    path, cert_pem = self_signed(tmp_path)
    graph_stand_in.certificate_pem = cert_pem
    credential = GraphCredential(client_id=CLIENT_ID, tenant_id=TENANT, certificate=path)
    assert await tokens(graph_stand_in, credential).token() == "graph-token-1"
    [request] = graph_stand_in.token_requests
    assert "client_secret" not in request and request["client_assertion_type"] == [
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    ]
    # Another key with the same name is not the registered certificate.
    other, _ = self_signed(tmp_path / "..")
    with pytest.raises(TokenError):
        await tokens(graph_stand_in, GraphCredential(client_id=CLIENT_ID, tenant_id=TENANT, certificate=other)).token()


@pytest.mark.parametrize(("identity", "client_id"), [("system", None), (CLIENT_ID, CLIENT_ID)])
async def test_a_managed_identity_asks_the_instance_metadata_endpoint(
    graph_stand_in: GraphStandIn, identity: str, client_id: str | None
) -> None:
    app = tokens(graph_stand_in, GraphCredential(managed_identity=identity))
    assert await app.token() == "graph-token-1"
    [request] = graph_stand_in.managed_identity_requests
    assert request["resource"] == ["https://graph.microsoft.com"]
    assert request.get("client_id") == ([client_id] if client_id else None)


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def client(stand_in: GraphStandIn, session: aiohttp.ClientSession, sleeps: Sleeps) -> GraphClient:
    return GraphClient(session, tokens(stand_in), base_url=stand_in.url, sleep=sleeps, jitter=lambda: 0.0)


async def test_429_waits_for_retry_after_and_5xx_backs_off(
    graph_stand_in: GraphStandIn, session: aiohttp.ClientSession
) -> None:
    graph_stand_in.mail["u1"] = "u1@example.org"
    graph_stand_in.fail("user", 429, headers={"Retry-After": "7"})
    graph_stand_in.fail("user", 503)
    graph_stand_in.fail("user", 502)
    sleeps = Sleeps()
    found = await client(graph_stand_in, session, sleeps).request("GET", "/users/u1")
    assert found.status == 200 and found.body["mail"] == "u1@example.org"
    assert sleeps.waits == [7.0, 1.0, 2.0]  # Retry-After as given; then 2 s and 4 s, halved by zero jitter


async def test_too_long_a_retry_after_is_handed_back_for_later(
    graph_stand_in: GraphStandIn, session: aiohttp.ClientSession
) -> None:
    graph_stand_in.fail("user", 429, headers={"Retry-After": str(int(MAX_WAIT) + 60)})
    sleeps = Sleeps()
    with pytest.raises(GraphError) as failed:
        await client(graph_stand_in, session, sleeps).request("GET", "/users/u1")
    assert failed.value.retryable and failed.value.retry_after == MAX_WAIT + 60
    assert sleeps.waits == []


async def test_a_refusal_is_raised_at_once_with_graph_s_code(
    graph_stand_in: GraphStandIn, session: aiohttp.ClientSession
) -> None:
    graph_stand_in.fail("user", 403, code="Authorization_RequestDenied")
    sleeps = Sleeps()
    with pytest.raises(GraphError) as failed:
        await client(graph_stand_in, session, sleeps).request("GET", "/users/u1")
    assert (failed.value.status, failed.value.code, failed.value.retryable) == (
        403,
        "Authorization_RequestDenied",
        False,
    )
    assert sleeps.waits == [] and len(graph_stand_in.requests) == 1


async def test_a_401_fetches_a_new_token_once(graph_stand_in: GraphStandIn, session: aiohttp.ClientSession) -> None:
    graph_stand_in.mail["u1"] = "u1@example.org"
    graph = client(graph_stand_in, session, Sleeps())
    await graph.tokens.token()
    graph_stand_in.tokens_issued.append("revoked-elsewhere")  # the stand-in now only takes a newer token
    found = await graph.request("GET", "/users/u1")
    assert found.status == 200 and graph.tokens.fetched == 2


async def test_graph_down_is_retryable(session: aiohttp.ClientSession, graph_stand_in: GraphStandIn) -> None:
    graph = GraphClient(session, tokens(graph_stand_in), base_url="http://127.0.0.1:9", sleep=Sleeps())
    with pytest.raises(GraphError) as failed:
        await graph.request("GET", "/users/u1")
    assert failed.value.status == 0 and failed.value.retryable
