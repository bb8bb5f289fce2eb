"""App-only tokens for Microsoft Graph from msal: a client secret, a certificate, or a managed identity.

msal's calls block on HTTP, so they run in a worker thread, never on the event loop; one token is kept until shortly
before it expires, and a burst of callers waits for one fetch. msal's own HTTP client is injectable: production
passes none (msal uses `requests`), the tests pass one that reaches local stand-ins for the identity platform.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import msal

from bot.reach_config import GraphCredential

# A token is refreshed this long before it expires, so no request carries one that dies in flight.
EARLY_REFRESH_SECONDS = 300


class TokenError(Exception):
    """The identity platform would not give Chaser a token (a wrong secret, a missing consent): a setup problem."""


class AppTokens:
    def __init__(
        self,
        credential: GraphCredential,
        *,
        graph_url: str,
        login_url: str,
        http_client: Any = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.credential = credential
        self.graph_url = graph_url.rstrip("/")
        self.login_url = login_url.rstrip("/")
        self._http_client = http_client
        self._monotonic = monotonic
        self._app: Any = None
        self._token: tuple[str, float] | None = None
        self._lock = asyncio.Lock()
        self.fetched = 0  # tokens fetched from the identity platform (the cache's hits are not counted)

    async def token(self) -> str:
        cached = self._fresh()
        if cached is not None:
            return cached
        async with self._lock:
            cached = self._fresh()
            if cached is not None:
                return cached
            try:
                result = await asyncio.to_thread(self._acquire)
            except (msal.exceptions.MsalError, OSError, ValueError) as error:  # requests' errors are OSErrors
                raise TokenError(f"no Microsoft Graph token: {type(error).__name__}: {error}") from error
            if "access_token" not in result:
                raise TokenError(
                    f"no Microsoft Graph token: {result.get('error')}: {str(result.get('error_description'))[:300]}"
                )
            lifetime = float(result.get("expires_in") or 3600)
            self._token = (str(result["access_token"]), self._monotonic() + lifetime)
            self.fetched += 1
            return self._token[0]

    def forget(self) -> None:
        """Drop the kept token, and msal's (Graph said 401: it was revoked, or its permissions changed). msal's
        cache goes with its app (removing tokens from it reads instance metadata over HTTP: not here)."""
        self._token = None
        self._app = None

    def _fresh(self) -> str | None:
        if self._token is not None and self._token[1] - EARLY_REFRESH_SECONDS > self._monotonic():
            return self._token[0]
        return None

    def _acquire(self) -> dict[str, Any]:
        if self._app is None:
            self._app = self._msal_app()
        if isinstance(self._app, msal.ManagedIdentityClient):
            # msal keeps the token too; force_refresh is not needed: ours expired, so msal's has or nearly has.
            return dict(self._app.acquire_token_for_client(resource=self.graph_url))
        return dict(self._app.acquire_token_for_client(scopes=[f"{self.graph_url}/.default"]))

    def _msal_app(self) -> Any:
        credential = self.credential
        if credential.managed_identity:
            identity: Any = (
                msal.SystemAssignedManagedIdentity()
                if credential.managed_identity == "system"
                else msal.UserAssignedManagedIdentity(client_id=credential.managed_identity)
            )
            return msal.ManagedIdentityClient(identity, http_client=self._http_client or _requests_session())
        secret: Any = credential.secret
        if credential.certificate is not None:
            secret = certificate_credential(credential.certificate.read_bytes())
        return msal.ConfidentialClientApplication(
            credential.client_id,
            client_credential=secret,
            authority=f"{self.login_url}/{credential.tenant_id}",
            http_client=self._http_client,
        )


def certificate_credential(pem: bytes) -> dict[str, str]:
    """msal's certificate credential from one PEM file holding the private key and its certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        certificate = x509.load_pem_x509_certificate(pem)
        key = serialization.load_pem_private_key(pem, password=None)
    except ValueError as error:
        raise TokenError(f"CHASER_GRAPH_CERTIFICATE: not a PEM certificate with its private key ({error})") from None
    private_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # With the certificate and no SHA-1 thumbprint, msal signs with PS256 and names the certificate by its SHA-256
    # thumbprint (x5t#S256), as Entra now prefers.
    return {
        "private_key": private_key.decode(),
        "public_certificate": certificate.public_bytes(serialization.Encoding.PEM).decode(),
    }


def _requests_session() -> Any:
    import requests

    return requests.Session()
