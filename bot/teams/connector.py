"""Outbound calls to the Bot Connector service, fixed at the edge.

Stock botbuilder 4.17.1 builds a new ConnectorClient (and so a new `requests` session and a new MSAL app) for every
turn, and sends each request with `requests` on the event loop's default thread pool. Replies therefore open a new
connection each time, a token is fetched per turn when auth is on, and turns queue behind a handful of threads.
Here every turn shares one aiohttp session (kept-alive connections), one ConnectorClient per service URL, and one
token per audience, refreshed off the event loop before it expires.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import msal
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectorFactory,
    MicrosoftAppCredentials,
)
from botframework.connector.auth.user_token_client import UserTokenClient
from botframework.connector.bot_framework_sdk_client_async import BotFrameworkConnectorConfiguration
from msrest.pipeline import AsyncHTTPPolicy, AsyncPipeline, Request, Response
from msrest.pipeline.aiohttp import AioHTTPSender as PipelineSender
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http import ClientRequest
from msrest.universal_http.aiohttp import AioHttpClientResponse
from msrest.universal_http.async_abc import AsyncClientResponse, AsyncHTTPSender

from bot.config import Settings
from bot.teams.inbound_auth import Verified

log = logging.getLogger(__name__)

BOT_FRAMEWORK_SCOPE = "https://api.botframework.com"
# Refresh a token this long before it expires, so no request carries one that dies in flight.
TOKEN_EARLY_REFRESH_SECONDS = 300
REQUEST_TIMEOUT_SECONDS = 30


class TokenProvider:
    """Access tokens for the Bot Connector, one per audience, cached until shortly before they expire.

    MSAL's calls are synchronous (they block on HTTP), so they run in a worker thread; a lock per audience keeps a
    burst of turns from fetching the same token many times.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._tokens: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._app: Any = None

    @property
    def enabled(self) -> bool:
        return not self._settings.local_mode

    async def token(self, audience: str) -> str | None:
        if not self.enabled:
            return None
        cached = self._tokens.get(audience)
        if cached and cached[1] - TOKEN_EARLY_REFRESH_SECONDS > time.monotonic():
            return cached[0]
        lock = self._locks.setdefault(audience, asyncio.Lock())
        async with lock:
            cached = self._tokens.get(audience)
            if cached and cached[1] - TOKEN_EARLY_REFRESH_SECONDS > time.monotonic():
                return cached[0]
            result = await asyncio.to_thread(self._acquire, audience)
            if "access_token" not in result:
                raise PermissionError(
                    f"could not get a Bot Connector token: {result.get('error')}: {result.get('error_description')}"
                )
            self._tokens[audience] = (result["access_token"], time.monotonic() + float(result.get("expires_in", 3600)))
            return str(result["access_token"])

    def _acquire(self, audience: str) -> dict[str, Any]:
        scope = audience.rstrip("/") + "/.default"
        if self._app is None:
            self._app = self._msal_app()
        if isinstance(self._app, msal.ManagedIdentityClient):
            return dict(self._app.acquire_token_for_client(resource=audience))
        return dict(self._app.acquire_token_for_client(scopes=[scope]))

    def _msal_app(self) -> Any:
        settings = self._settings
        if settings.app_type == "UserAssignedMSI":
            return msal.ManagedIdentityClient(
                msal.UserAssignedManagedIdentity(client_id=settings.app_id), http_client=_requests_session()
            )
        tenant = settings.app_tenant_id if settings.app_type == "SingleTenant" else "botframework.com"
        return msal.ConfidentialClientApplication(
            settings.app_id,
            client_credential=self.client_credential(),
            authority=f"https://login.microsoftonline.com/{tenant}",
        )

    def client_credential(self) -> Any:
        """The client secret, or an assertion from the managed identity a federated credential trusts."""
        if self._settings.federated_client_id:
            return {"client_assertion": federated_assertion(self._settings.federated_client_id)}
        return self._settings.app_password


# The audience Entra expects of a managed identity's token presented as an app registration's federated credential.
FEDERATION_AUDIENCE = "api://AzureADTokenExchange"


def federated_assertion(identity_client_id: str) -> Callable[[], str]:
    """A client assertion from the user-assigned managed identity the app registration's federated credential
    trusts: no client secret to store or rotate. MSAL calls it whenever it needs a fresh one."""
    identity = msal.ManagedIdentityClient(
        msal.UserAssignedManagedIdentity(client_id=identity_client_id), http_client=_requests_session()
    )

    def assertion() -> str:
        result = identity.acquire_token_for_client(resource=FEDERATION_AUDIENCE)
        if "access_token" not in result:
            raise PermissionError(
                f"the managed identity {identity_client_id} gave no token: {result.get('error_description')}"
            )
        return str(result["access_token"])

    return assertion


def _requests_session() -> Any:
    import requests

    return requests.Session()


class BearerTokenPolicy(AsyncHTTPPolicy):
    def __init__(self, tokens: TokenProvider, audience: str) -> None:
        super().__init__()
        self._tokens = tokens
        self._audience = audience

    async def send(self, request: Request, **kwargs: Any) -> Response:
        token = await self._tokens.token(self._audience)
        if token:
            request.http_request.headers["Authorization"] = f"Bearer {token}"
        assert self.next is not None  # the pipeline links every policy to the next before sending
        return await self.next.send(request, **kwargs)


class SharedSessionDriver(AsyncHTTPSender):
    """Sends msrest requests on one shared aiohttp session (msrest's own aiohttp driver drops headers and body)."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> SharedSessionDriver:
        return self

    async def __aexit__(self, *exc_details: Any) -> None:
        # The session belongs to the app and outlives every client.
        return None

    async def send(self, request: ClientRequest, **config: Any) -> AsyncClientResponse:
        response = await self._session.request(
            request.method,
            request.url,
            headers=request.headers,
            data=request.data,
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS),
        )
        wrapped = AioHttpClientResponse(request, response)
        await wrapped.load_body()
        return wrapped


class SharedConnectorFactory(ConnectorFactory):
    """One ConnectorClient per (service URL, audience), all on the app's aiohttp session."""

    def __init__(self, settings: Settings, session: aiohttp.ClientSession, tokens: TokenProvider) -> None:
        self._settings = settings
        self._session = session
        self._tokens = tokens
        self._clients: dict[tuple[str, str], ConnectorClient] = {}
        # The SDK's Teams helpers read credentials off the client; they are never used to sign our requests.
        self._credentials = MicrosoftAppCredentials(settings.app_id or None, settings.app_password or None)

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        audience = audience or BOT_FRAMEWORK_SCOPE
        key = (service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = self._new_client(service_url, audience)
            self._clients[key] = client
        return client

    def _new_client(self, service_url: str, audience: str) -> ConnectorClient:
        driver = SharedSessionDriver(self._session)
        tokens = self._tokens

        def pipeline(config: BotFrameworkConnectorConfiguration) -> AsyncPipeline:
            policies = [config.user_agent_policy, BearerTokenPolicy(tokens, audience), RawDeserializer()]
            # msrest types the driver as its own aiohttp driver, but any universal AsyncHTTPSender works here.
            return AsyncPipeline(policies, PipelineSender(driver))  # type: ignore[arg-type]

        config = BotFrameworkConnectorConfiguration(self._credentials, service_url, pipeline_type=pipeline)
        config.add_user_agent("Chaser")
        return ConnectorClient(self._credentials, custom_configuration=config)


class ChaserAuthentication(ConfigurationBotFrameworkAuthentication):
    """The SDK's inbound authentication, with our shared connector factory for everything outbound."""

    def __init__(
        self, settings: Settings, configuration: Any, session: aiohttp.ClientSession, tokens: TokenProvider
    ) -> None:
        super().__init__(configuration)
        self._factory = SharedConnectorFactory(settings, session, tokens)
        self._user_token_clients: dict[str, UserTokenClient] = {}

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        # The SDK's check fetched keys with `requests` on the event loop; bot/teams/route.py never calls it.
        raise PermissionError("inbound requests are authenticated by bot/teams/inbound_auth.py")

    def result_for(self, verified: Verified | None) -> AuthenticateRequestResult:
        """What the SDK needs of an authenticated request (None: local mode, where auth is off)."""
        result = AuthenticateRequestResult()
        if verified is None:
            result.claims_identity = ClaimsIdentity({}, True, AuthenticationConstants.ANONYMOUS_AUTH_TYPE)
        else:
            result.claims_identity = ClaimsIdentity(dict(verified.claims), True, "Bearer")
            result.caller_id = CallerIdConstants.public_azure_channel
        result.audience = BOT_FRAMEWORK_SCOPE
        result.connector_factory = self._factory
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self._factory

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        # Built per turn by the SDK though Chaser never signs users in; one per app id is enough.
        app_id = claims_identity.get_claim_value("aud") or claims_identity.get_claim_value("appid") or ""
        client = self._user_token_clients.get(app_id)
        if client is None:
            client = await super().create_user_token_client(claims_identity)
            self._user_token_clients[app_id] = client
        return client
