"""Settings for reaching people outside Teams' 1:1 chats: mail, the answer page, Microsoft Graph (proactive install).

Read once, with the rest of the configuration (bot.config.Settings.from_env calls ReachSettings.from_env); a bad value
stops the start with one line naming the variable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.mail.smtp import SmtpRelay
from bot.register.answer_links import DEFAULT_DAYS
from bot.register.email_address import normalise_email

MAIL_MODES = ("off", "smtp", "graph")
GRAPH_URL = "https://graph.microsoft.com"
LOGIN_URL = "https://login.microsoftonline.com"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_ON = ("on", "true", "1", "yes")
_OFF = ("off", "false", "0", "no", "")


class ReachConfigError(ValueError):
    """One bad setting; the message names the variable (bot.config turns it into a ConfigError)."""


@dataclass(frozen=True)
class GraphCredential:
    """How Chaser gets an app-only token for Microsoft Graph: a client secret, a certificate, or a managed identity
    ("system", or a user-assigned identity's client id)."""

    client_id: str = ""
    tenant_id: str = ""
    secret: str = field(default="", repr=False)
    certificate: Path | None = None
    managed_identity: str = ""

    @property
    def kind(self) -> str:
        if self.managed_identity:
            return "managed_identity"
        if self.certificate is not None:
            return "certificate"
        return "secret" if self.secret else "none"


@dataclass(frozen=True)
class ReachSettings:
    mail: str = "off"
    mail_from: str = ""
    mail_from_name: str = "Chaser"
    smtp: SmtpRelay | None = None
    smtp_ca_file: Path | None = None
    mail_per_minute: int = 30
    link_days: int = DEFAULT_DAYS
    page_per_minute: int = 30
    teams_app_id: str = ""
    user_mail_lookup: bool = False
    graph_url: str = GRAPH_URL
    login_url: str = LOGIN_URL
    credential: GraphCredential = GraphCredential()

    @property
    def graph_needed(self) -> bool:
        return self.mail == "graph" or bool(self.teams_app_id) or self.user_mail_lookup

    @classmethod
    def from_env(
        cls, env: Mapping[str, str], *, app_id: str, app_password: str, app_type: str, app_tenant_id: str
    ) -> ReachSettings:
        mail = env.get("CHASER_MAIL", "").strip().lower() or "off"
        if mail not in MAIL_MODES:
            raise ReachConfigError(f"CHASER_MAIL: {mail!r} is not off, smtp or graph")
        raw_from = env.get("CHASER_MAIL_FROM", "").strip()
        mail_from = normalise_email(raw_from) if raw_from else ""
        if mail_from is None:
            raise ReachConfigError(f"CHASER_MAIL_FROM: {raw_from!r} is not an email address")
        if mail != "off" and not mail_from:
            raise ReachConfigError(f"CHASER_MAIL_FROM: required when CHASER_MAIL is {mail} (the address mail is from)")
        if mail != "off" and not (env.get("CHASER_SIGNING_SECRET") or env.get("CHASER_EXPORT_SECRET")):
            raise ReachConfigError(
                "CHASER_SIGNING_SECRET: required when CHASER_MAIL is on, so the answer links in emails keep working "
                "after a restart and on every replica"
            )
        smtp = None
        raw_url = env.get("CHASER_SMTP_URL", "").strip()
        if mail == "smtp" and not raw_url:
            raise ReachConfigError(
                "CHASER_SMTP_URL: required when CHASER_MAIL is smtp (smtp://[user:password@]host:port)"
            )
        if raw_url:
            try:
                smtp = SmtpRelay.from_url(raw_url)
            except ValueError as error:
                raise ReachConfigError(f"CHASER_SMTP_URL: {error}") from None
        ca_file = _path(env, "CHASER_SMTP_CA_FILE")
        teams_app_id = env.get("CHASER_TEAMS_APP_ID", "").strip()
        if teams_app_id and not _GUID.match(teams_app_id):
            raise ReachConfigError(
                f"CHASER_TEAMS_APP_ID: {teams_app_id!r} is not a GUID (the app's id in your organisation's app catalog)"
            )
        settings = cls(
            mail=mail,
            mail_from=mail_from,
            mail_from_name=env.get("CHASER_MAIL_FROM_NAME", "").strip()[:80] or "Chaser",
            smtp=smtp,
            smtp_ca_file=ca_file,
            mail_per_minute=_int(env, "CHASER_MAIL_PER_MINUTE", 30, 1, 60_000),
            link_days=_int(env, "CHASER_ANSWER_LINK_DAYS", DEFAULT_DAYS, 1, 365),
            page_per_minute=_int(env, "CHASER_PAGE_PER_MINUTE", 30, 5, 6000),
            teams_app_id=teams_app_id,
            user_mail_lookup=_switch(env, "CHASER_GRAPH_USER_MAIL"),
            graph_url=_url(env, "CHASER_GRAPH_URL", GRAPH_URL),
            login_url=_url(env, "CHASER_LOGIN_URL", LOGIN_URL),
            credential=_credential(env, app_id, app_password, app_type, app_tenant_id),
        )
        if settings.graph_needed:
            _check_credential(settings.credential)
        return settings


def _credential(env: Mapping[str, str], app_id: str, app_password: str, app_type: str, tenant: str) -> GraphCredential:
    client_id = env.get("CHASER_GRAPH_CLIENT_ID", "").strip() or app_id
    managed = env.get("CHASER_GRAPH_MANAGED_IDENTITY", "").strip()
    if not managed and app_type == "UserAssignedMSI" and client_id == app_id:
        managed = app_id
    secret = env.get("CHASER_GRAPH_CLIENT_SECRET", "")
    if not secret and client_id == app_id:
        secret = app_password
    return GraphCredential(
        client_id=client_id,
        tenant_id=env.get("CHASER_GRAPH_TENANT_ID", "").strip() or tenant,
        secret=secret,
        certificate=_path(env, "CHASER_GRAPH_CERTIFICATE"),
        managed_identity=managed,
    )


def _check_credential(credential: GraphCredential) -> None:
    need = "(CHASER_MAIL=graph, CHASER_TEAMS_APP_ID or CHASER_GRAPH_USER_MAIL is set)"
    if credential.managed_identity:
        if credential.managed_identity != "system" and not _GUID.match(credential.managed_identity):
            raise ReachConfigError(
                f"CHASER_GRAPH_MANAGED_IDENTITY: {credential.managed_identity!r} is not system or a client id (GUID)"
            )
        return
    if not _GUID.match(credential.tenant_id):
        raise ReachConfigError(f"CHASER_GRAPH_TENANT_ID: your tenant's id (GUID) is needed for Microsoft Graph {need}")
    if not _GUID.match(credential.client_id):
        raise ReachConfigError(f"CHASER_GRAPH_CLIENT_ID: an app registration id (GUID) is needed for Graph {need}")
    if credential.kind == "none":
        raise ReachConfigError(
            "CHASER_GRAPH_CLIENT_SECRET: Microsoft Graph needs a credential: a client secret, a certificate "
            f"(CHASER_GRAPH_CERTIFICATE) or a managed identity (CHASER_GRAPH_MANAGED_IDENTITY) {need}"
        )


def _path(env: Mapping[str, str], name: str) -> Path | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    path = Path(raw)
    if not path.is_file():
        raise ReachConfigError(f"{name}: {raw!r} is not a readable file")
    return path


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    url = env.get(name, "").strip().rstrip("/") or default
    parts = urlsplit(url)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if not parts.hostname or (parts.scheme != "https" and not (parts.scheme == "http" and loopback)):
        raise ReachConfigError(f"{name}: {url!r} is not an https address")
    return url


def _switch(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw not in _ON + _OFF:
        raise ReachConfigError(f"{name}: {raw!r} is not on or off")
    return raw in _ON


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[0-9]+", raw):
        raise ReachConfigError(f"{name}: {raw!r} is not a whole number")
    value = int(raw)
    if not low <= value <= high:
        raise ReachConfigError(f"{name}: {value} is outside {low}–{high}")
    return value
