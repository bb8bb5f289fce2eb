"""A local stand-in for the Bot Framework's token service: its OpenID metadata, its JWKS, and tokens signed like
the ones the Bot Connector sends (RS256, `kid`, endorsements), with keys made here.

It can be taken down (every request answered 503) or made to hang, to show the bot never waits on it per request.
"""

from __future__ import annotations

import asyncio
import base64
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa

APP_ID = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8"
ISSUER = "https://api.botframework.com"


@cache
def private_key(name: str) -> rsa.RSAPrivateKey:
    """One RSA key per name, made once per test session (key generation is the slow part)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwk(name: str, kid: str, endorsements: list[str] | None) -> dict[str, Any]:
    public = private_key(name).public_key().public_numbers()
    entry: dict[str, Any] = {"kty": "RSA", "use": "sig", "kid": kid, "n": _b64(public.n), "e": _b64(public.e)}
    if endorsements is not None:
        entry["endorsements"] = endorsements
    return entry


@dataclass
class IdentityStandIn:
    # kid -> (key name, endorsements): the keys the JWKS publishes.
    published: dict[str, tuple[str, list[str] | None]] = field(
        default_factory=lambda: {"bf-key-1": ("bf", ["msteams", "skype"]), "bf-key-webchat": ("web", ["webchat"])}
    )
    down: bool = False
    hang: bool = False
    requests: int = 0
    url: str = ""
    _runner: web.AppRunner | None = None

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    async def start(self) -> IdentityStandIn:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        # A hanging handler is dropped at shutdown rather than waited for (aiohttp waits 60 s by default).
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _fault(self) -> web.Response | None:
        self.requests += 1
        if self.hang:
            await asyncio.sleep(3600)
        if self.down:
            return web.Response(status=503, text="down")
        return None

    async def _metadata(self, request: web.Request) -> web.Response:
        fault = await self._fault()
        if fault is not None:
            return fault
        return web.json_response(
            {
                "issuer": ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com/v1/auth",
                "jwks_uri": f"{self.url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        fault = await self._fault()
        if fault is not None:
            return fault
        return web.json_response({"keys": [jwk(name, kid, ends) for kid, (name, ends) in self.published.items()]})


def token(
    service_url: str,
    *,
    key: str = "bf",
    kid: str | None = "bf-key-1",
    alg: str = "RS256",
    audience: str = APP_ID,
    issuer: str = ISSUER,
    expires_in: float = 3600,
    extra_headers: dict[str, Any] | None = None,
) -> str:
    """A token shaped like the Bot Connector's: iss, aud, exp, nbf, serviceurl, signed with a named local key."""
    now = int(time.time())
    claims = {
        "serviceurl": service_url,
        "nbf": now - 60,
        "exp": now + int(expires_in),
        "iss": issuer,
        "aud": audience,
    }
    headers: dict[str, Any] = {**(extra_headers or {})}
    if kid is not None:
        headers["kid"] = kid
    if alg == "none":
        return jwt.encode(claims, None, algorithm="none", headers=headers)
    if alg == "HS256":
        return jwt.encode(claims, "a-shared-secret-anyone-could-guess", algorithm="HS256", headers=headers)
    return jwt.encode(claims, private_key(key), algorithm=alg, headers=headers)


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}
