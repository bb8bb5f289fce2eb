"""Is this request from the Bot Framework, for this bot? Chaser's own check of the inbound token.

The SDK's check fetched the OpenID metadata with `requests` on the event loop, without a timeout, once per request
while the fetch failed, and answered 500 for tokens it could not parse. Here the Bot Connector authentication rules
(https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication) are checked
with PyJWT against keys held in memory:

- `Authorization: Bearer <JWT>`; the token signed with RS256 by a key (`kid`) of the Bot Framework's JWKS, found
  through its OpenID metadata document;
- `iss` is https://api.botframework.com; `aud` is this bot's MicrosoftAppId; `exp` (and `nbf`) hold within five
  minutes of clock skew;
- once the body is read: the token's `serviceurl` claim is the activity's `serviceUrl`, and the signing key's
  endorsements include the activity's `channelId` (a key endorsed for another channel cannot speak for Teams).

The keys are fetched by a background task (aiohttp, with timeouts), kept for a day, fetched again sooner when an
unknown `kid` appears (at most every few minutes) and retried with back-off when a fetch fails. A request never
waits for a fetch: a token whose key is not known is refused at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import jwt

log = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
ALGORITHMS = ("RS256",)
CLOCK_SKEW_SECONDS = 300
# Bot Framework tokens are about 1.5 KB; anything past this is not one and is not parsed. (aiohttp itself refuses
# header lines over 8 KB.)
MAX_TOKEN_BYTES = 6 * 1024
# The JWKS is small (a handful of keys); a bigger answer is not one.
MAX_DOCUMENT_BYTES = 256 * 1024


class Unauthenticated(Exception):
    """The request is not the Bot Framework's, for this bot. The reason is for the log, never for the caller."""


@dataclass(frozen=True)
class SigningKey:
    key: Any  # a cryptography public key
    endorsements: frozenset[str] | None  # channels the key may sign for (None: the JWKS says nothing)


@dataclass(frozen=True)
class Verified:
    claims: Mapping[str, Any]
    endorsements: frozenset[str] | None


class SigningKeys:
    """The Bot Framework's signing keys by `kid`, kept fresh off the request path."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        metadata_url: str = METADATA_URL,
        *,
        refresh_every: float = 24 * 3600,
        retry_first: float = 15,
        retry_most: float = 900,
        unknown_kid_every: float = 300,
        timeout: float = 10,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session = session
        self._metadata_url = metadata_url
        self._refresh_every = refresh_every
        self._retry_first = retry_first
        self._retry_most = retry_most
        self._unknown_kid_every = unknown_kid_every
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._monotonic = monotonic
        self._keys: dict[str, SigningKey] = {}
        self._loaded_at: float | None = None
        self._last_nudge = -unknown_kid_every
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.fetches = 0
        self.failures = 0

    @property
    def loaded(self) -> bool:
        return self._loaded_at is not None

    def get(self, kid: str) -> SigningKey | None:
        key = self._keys.get(kid)
        if key is None:
            self._nudge()
        return key

    def _nudge(self) -> None:
        """An unknown kid may be a rotated key: fetch again soon, but never more often than every few minutes."""
        now = self._monotonic()
        if now - self._last_nudge >= self._unknown_kid_every:
            self._last_nudge = now
            self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="chaser-signing-keys")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        retry = self._retry_first
        while True:
            if await self.refresh():
                retry = self._retry_first
                wait = self._refresh_every
            else:
                wait, retry = retry, min(retry * 2, self._retry_most)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)

    async def refresh(self) -> bool:
        """One fetch of the metadata and its JWKS. On failure the keys held are kept."""
        self.fetches += 1
        try:
            metadata = await self._document(self._metadata_url)
            jwks_uri = metadata.get("jwks_uri")
            if not isinstance(jwks_uri, str) or not jwks_uri.startswith(("https://", "http://")):
                raise ValueError("the OpenID metadata has no jwks_uri")
            keys = _keys_of(await self._document(jwks_uri))
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            self.failures += 1
            log.warning(
                "could not fetch the Bot Framework signing keys from %r (%s: %s); keeping %d key(s) held",
                self._metadata_url,
                type(error).__name__,
                error,
                len(self._keys),
            )
            return False
        self._keys = keys
        self._loaded_at = self._monotonic()
        log.info("Bot Framework signing keys loaded: %d key(s)", len(keys))
        return True

    async def _document(self, url: str) -> dict[str, Any]:
        async with self._session.get(url, timeout=self._timeout) as response:
            if response.status != 200:
                raise ValueError(f"{url} answered HTTP {response.status}")
            body = await response.content.read(MAX_DOCUMENT_BYTES + 1)
        if len(body) > MAX_DOCUMENT_BYTES:
            raise ValueError(f"{url} answered more than {MAX_DOCUMENT_BYTES} bytes")
        try:
            document = _json(body)
        except ValueError:
            raise ValueError(f"{url} did not answer JSON") from None
        if not isinstance(document, dict):
            raise ValueError(f"{url} did not answer a JSON object")
        return document


def _json(body: bytes) -> Any:
    import orjson

    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise ValueError(str(error)) from None


def _keys_of(jwks: dict[str, Any]) -> dict[str, SigningKey]:
    entries = jwks.get("keys")
    if not isinstance(entries, list):
        raise ValueError("the JWKS has no keys")
    keys: dict[str, SigningKey] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA" or not isinstance(entry.get("kid"), str):
            continue
        try:
            key = jwt.PyJWK(entry, algorithm="RS256").key
        except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError):
            continue
        endorsements = entry.get("endorsements")
        allowed = frozenset(e for e in endorsements if isinstance(e, str)) if isinstance(endorsements, list) else None
        keys[entry["kid"]] = SigningKey(key, allowed)
    if not keys:
        raise ValueError("the JWKS has no usable RSA keys")
    return keys


class InboundAuthenticator:
    def __init__(self, app_id: str, keys: SigningKeys, *, now: Callable[[], float] = time.time) -> None:
        self.app_id = app_id
        self.keys = keys
        self._now = now

    def verify(self, authorization: str) -> Verified:
        """The token's claims, if it is the Bot Framework's and for this bot; Unauthenticated otherwise."""
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or not token:
            raise Unauthenticated("no Bearer token")
        if len(token) > MAX_TOKEN_BYTES:
            raise Unauthenticated("token too long")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthenticated("not a JWT") from None
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in ALGORITHMS:
            raise Unauthenticated(f"algorithm {str(alg)[:20]!r} not accepted")
        if not isinstance(kid, str) or not kid:
            raise Unauthenticated("no key id (kid)")
        signing = self.keys.get(kid)
        if signing is None:
            held = "signing keys not loaded" if not self.keys.loaded else "unknown signing key"
            raise Unauthenticated(f"{held} (kid {kid[:64]!r})")
        try:
            claims = jwt.decode(
                token,
                signing.key,
                algorithms=list(ALGORITHMS),
                audience=self.app_id,
                issuer=ISSUER,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token expired") from None
        except jwt.InvalidAudienceError:
            raise Unauthenticated("token is for another audience") from None
        except jwt.InvalidIssuerError:
            raise Unauthenticated("token from another issuer") from None
        except jwt.PyJWTError as error:
            raise Unauthenticated(f"token rejected: {type(error).__name__}") from None
        return Verified(claims=claims, endorsements=signing.endorsements)

    @staticmethod
    def check_activity(verified: Verified, body: Mapping[str, Any]) -> None:
        """The claims bound to the activity: its service URL, and the channel the key is endorsed for."""
        service_url = body.get("serviceUrl")
        if not isinstance(service_url, str) or verified.claims.get("serviceurl") != service_url:
            raise Unauthenticated("serviceUrl does not match the token's serviceurl claim")
        channel = body.get("channelId")
        if verified.endorsements is not None and channel not in verified.endorsements:
            raise Unauthenticated(f"signing key not endorsed for channel {str(channel)[:40]!r}")
