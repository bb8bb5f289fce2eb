"""Local stand-ins for the Microsoft identity platform (client credentials, managed identity) and Microsoft Graph
(sendMail, Teams app installation, users), on 127.0.0.1, and the msal HTTP client that reaches them.

msal is given `StandInHttp` as its http_client: it is `requests`, with the identity platform's and the managed
identity endpoint's addresses pointed at the stand-in. Nothing goes to the internet.
"""

from __future__ import annotations

import base64
import itertools
from collections import deque
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes

from tests.support.local_server import serve_locally

LOGIN = "https://login.microsoftonline.com"
IMDS = "http://169.254.169.254"
TENANT = "c9f9aafd-64ac-4f38-8e05-12feba3fb090"
CLIENT_ID = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8"
CLIENT_SECRET = "graph-client-secret-for-tests"
TEAMS_APP_ID = "5a3b9d24-7e1c-4f2a-9b6d-0c8e7f6a5b41"


class StandInHttp(requests.Session):
    """`requests`, with Microsoft's identity endpoints rewritten to the stand-in's address."""

    def __init__(self, stand_in_url: str) -> None:
        super().__init__()
        self.stand_in_url = stand_in_url.rstrip("/")

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        text = url.decode() if isinstance(url, bytes) else url
        for real, local in ((LOGIN, "/login"), (IMDS, "/imds")):
            if text.startswith(real):
                text = self.stand_in_url + local + text[len(real) :]
        assert text.startswith(self.stand_in_url), f"msal tried to reach {text}"
        return super().request(method, text, *args, **kwargs)


@dataclass
class Sent:
    mailbox: str
    message: EmailMessage


@dataclass
class GraphStandIn:
    """Both services on one local server. Faults are queued per operation: (status, headers, body)."""

    url: str = ""
    certificate_pem: bytes | None = None  # when set, client assertions must be signed by its key
    tokens_issued: list[str] = field(default_factory=list)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    managed_identity_requests: list[dict[str, list[str]]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    installed: dict[str, str] = field(default_factory=dict)  # aad id -> installation id
    blocked: set[str] = field(default_factory=set)  # users the app is blocked for
    mail: dict[str, str] = field(default_factory=dict)  # aad id -> the directory's mail
    faults: dict[str, deque[tuple[int, dict[str, str], Any]]] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    _counter: Any = field(default_factory=lambda: itertools.count(1))

    async def start(self) -> GraphStandIn:
        app = web.Application()
        app.router.add_get("/login/{tenant}/v2.0/.well-known/openid-configuration", self._openid)
        app.router.add_get("/login/common/discovery/instance", self._instance_discovery)
        app.router.add_post("/login/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_get("/imds/metadata/identity/oauth2/token", self._managed_identity)
        app.router.add_post("/v1.0/users/{mailbox}/sendMail", self._send_mail)
        app.router.add_post("/v1.0/users/{user}/teamwork/installedApps", self._install)
        app.router.add_get("/v1.0/users/{user}/teamwork/installedApps", self._installations)
        app.router.add_get("/v1.0/users/{user}/teamwork/installedApps/{installation}/chat", self._chat)
        app.router.add_get("/v1.0/users/{user}", self._user)
        self._runner, self.url = await serve_locally(app)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail(self, operation: str, status: int, *, headers: dict[str, str] | None = None, code: str = "") -> None:
        body = {"error": {"code": code or f"Status{status}", "message": f"stand-in answered {status}"}}
        self.faults.setdefault(operation, deque()).append((status, headers or {}, body))

    def http(self) -> StandInHttp:
        return StandInHttp(self.url)

    # -- identity platform -------------------------------------------------------------------------------------

    async def _openid(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        base = f"{LOGIN}/{tenant}"
        return web.json_response(
            {
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "issuer": f"https://login.microsoftonline.com/{tenant}/v2.0",
                "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            }
        )

    async def _instance_discovery(self, request: web.Request) -> web.Response:
        host = "login.microsoftonline.com"
        return web.json_response(
            {
                "tenant_discovery_endpoint": f"{LOGIN}/{{tenant}}/v2.0/.well-known/openid-configuration",
                "api-version": "1.1",
                "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}],
            }
        )

    async def _token(self, request: web.Request) -> web.Response:
        form = parse_qs((await request.read()).decode())
        self.token_requests.append(form)
        if form.get("client_id") != [CLIENT_ID] or form.get("grant_type") != ["client_credentials"]:
            return web.json_response({"error": "invalid_client"}, status=400)
        if self.certificate_pem is not None:
            if not self._assertion_ok(form.get("client_assertion", [""])[0], request):
                return web.json_response({"error": "invalid_client", "error_description": "bad assertion"}, status=401)
        elif form.get("client_secret") != [CLIENT_SECRET]:
            return web.json_response({"error": "invalid_client", "error_description": "AADSTS7000215"}, status=401)
        return web.json_response(self._issue(expires_in=3599))

    def _assertion_ok(self, assertion: str, request: web.Request) -> bool:
        assert self.certificate_pem is not None
        certificate = x509.load_pem_x509_certificate(self.certificate_pem)

        def thumbprint(algorithm: hashes.HashAlgorithm) -> str:
            return base64.urlsafe_b64encode(certificate.fingerprint(algorithm)).rstrip(b"=").decode()

        try:
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(
                assertion,
                certificate.public_key(),  # type: ignore[arg-type]
                algorithms=["RS256", "PS256"],
                audience=f"{LOGIN}/{request.match_info['tenant']}/oauth2/v2.0/token",
            )
        except jwt.PyJWTError:
            return False
        # msal keeps base64's padding on x5t#S256; Entra reads it either way.
        given = {name: str(header.get(name, "")).rstrip("=") for name in ("x5t#S256", "x5t")}
        named = given["x5t#S256"] == thumbprint(hashes.SHA256()) or given["x5t"] == thumbprint(hashes.SHA1())
        return named and claims.get("iss") == CLIENT_ID and claims.get("sub") == CLIENT_ID

    async def _managed_identity(self, request: web.Request) -> web.Response:
        self.managed_identity_requests.append({k: [v] for k, v in request.query.items()})
        if request.headers.get("Metadata") != "true":
            return web.json_response({"error": "invalid_request"}, status=400)
        issued = self._issue(expires_in=3599)
        return web.json_response({**issued, "expires_in": "3599", "resource": request.query.get("resource", "")})

    def _issue(self, *, expires_in: int) -> dict[str, Any]:
        token = f"graph-token-{next(self._counter)}"
        self.tokens_issued.append(token)
        return {"access_token": token, "token_type": "Bearer", "expires_in": expires_in}

    # -- Graph -------------------------------------------------------------------------------------------------

    def _check(self, request: web.Request, operation: str) -> web.Response | None:
        self.requests.append((request.method, request.path))
        given = request.headers.get("Authorization", "")
        if not self.tokens_issued or given != f"Bearer {self.tokens_issued[-1]}":
            return web.json_response({"error": {"code": "InvalidAuthenticationToken", "message": "no"}}, status=401)
        queued = self.faults.get(operation)
        if queued:
            status, headers, body = queued.popleft()
            return web.json_response(body, status=status, headers=headers)
        return None

    async def _send_mail(self, request: web.Request) -> web.Response:
        refused = self._check(request, "sendMail")
        if refused is not None:
            return refused
        if request.content_type != "text/plain":
            return web.json_response({"error": {"code": "ErrorMimeContentInvalid", "message": "?"}}, status=400)
        raw = base64.b64decode(await request.read())
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        recipient = str(message["To"].addresses[0].addr_spec)
        if recipient.endswith("@invalid.example"):
            body = {"error": {"code": "ErrorInvalidRecipients", "message": f"{recipient} is not valid"}}
            return web.json_response(body, status=400)
        self.sent.append(Sent(request.match_info["mailbox"], message))
        return web.Response(status=202)

    async def _install(self, request: web.Request) -> web.Response:
        refused = self._check(request, "install")
        if refused is not None:
            return refused
        user = request.match_info["user"]
        bind = (await request.json()).get("teamsApp@odata.bind", "")
        if not bind.endswith(f"/appCatalogs/teamsApps/{TEAMS_APP_ID}"):
            return web.json_response({"error": {"code": "NotFound", "message": "no such app"}}, status=404)
        if user in self.blocked:
            message = "App installation is blocked by the organisation's app permission policy for this user"
            return web.json_response({"error": {"code": "Forbidden", "message": message}}, status=403)
        if user in self.installed:
            return web.json_response({"error": {"code": "Conflict", "message": "installed"}}, status=409)
        self.installed[user] = f"installation-{user}"
        return web.Response(status=201)

    async def _installations(self, request: web.Request) -> web.Response:
        refused = self._check(request, "installations")
        if refused is not None:
            return refused
        user = request.match_info["user"]
        wanted = f"teamsApp/id eq '{TEAMS_APP_ID}'"
        found = [
            {"id": self.installed[user], "teamsApp": {"id": TEAMS_APP_ID}}
            for _ in [1]
            if user in self.installed and request.query.get("$filter") == wanted
        ]
        return web.json_response({"value": found})

    async def _chat(self, request: web.Request) -> web.Response:
        refused = self._check(request, "chat")
        if refused is not None:
            return refused
        user = request.match_info["user"]
        if self.installed.get(user) != request.match_info["installation"]:
            return web.json_response({"error": {"code": "NotFound", "message": "no"}}, status=404)
        return web.json_response({"id": f"19:{user}_chaser@unq.gbl.spaces"})

    async def _user(self, request: web.Request) -> web.Response:
        refused = self._check(request, "user")
        if refused is not None:
            return refused
        user = request.match_info["user"]
        if user not in self.mail:
            return web.json_response({"error": {"code": "Request_ResourceNotFound", "message": "no"}}, status=404)
        return web.json_response({"id": user, "mail": self.mail[user]})


def chat_id_after_install(aad_id: str) -> str:
    return f"19:{aad_id}_chaser@unq.gbl.spaces"


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)
