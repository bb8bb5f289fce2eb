"""Configuration: read once from the environment into a frozen Settings; bad values stop the start with one line."""

from __future__ import annotations

import ipaddress
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.reach_config import ReachConfigError, ReachSettings

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
APP_TYPES = {"singletenant": "SingleTenant", "multitenant": "MultiTenant", "userassignedmsi": "UserAssignedMSI"}
DEFAULT_DATABASE_URL = "sqlite:///./data/chaser.db"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Kept at the length CHASER_EXPORT_SECRET always accepted, so no deployment stops starting after an upgrade.
MIN_SECRET_LENGTH = 16


class ConfigError(ValueError):
    """One bad setting: the message names the variable and says what is wrong."""


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_type: str = "SingleTenant"
    app_tenant_id: str = ""
    host: str = "127.0.0.1"
    port: int = 3978
    database_url: str = DEFAULT_DATABASE_URL
    allowed_tenants: frozenset[str] = frozenset()
    timezone: str = "Europe/London"
    max_body_bytes: int = 1024 * 1024
    sweep_seconds: int = 60
    lease_seconds: int = 300
    notify_chat: bool = True
    chat_language: str = "bilingual"
    public_url: str = ""
    signing_secret: bytes = field(default=b"", repr=False)
    # False: no secret was configured and signing_secret was made at start (links die with the process).
    signing_secret_configured: bool = False
    federated_client_id: str = ""
    log_level: str = "INFO"
    log_format: str = "text"
    # Where the Bot Framework publishes its signing keys (bot/teams/inbound_auth.py); tests point it at a stand-in.
    openid_metadata_url: str = "https://login.botframework.com/v1/.well-known/openidconfiguration"
    reach: ReachSettings = field(default_factory=ReachSettings)
    env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def export_secret(self) -> bytes:
        """The signing secret under its first name (export links were the first thing signed)."""
        return self.signing_secret

    @property
    def local_mode(self) -> bool:
        """No app id: inbound auth off, loopback only. For Agents Playground and tests, never for a tenant."""
        return not self.app_id

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def tenant_allowed(self, tenant_id: str | None) -> bool:
        if not self.allowed_tenants:
            return True
        return tenant_id is not None and tenant_id.lower() in self.allowed_tenants

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        app_id = env.get("MicrosoftAppId", "").strip()
        password = env.get("MicrosoftAppPassword", "")
        raw_type = env.get("MicrosoftAppType", "").strip() or "SingleTenant"
        app_type = APP_TYPES.get(raw_type.lower())
        if app_type is None:
            raise ConfigError(
                f"MicrosoftAppType: {raw_type!r} is not one of SingleTenant, MultiTenant, UserAssignedMSI"
            )
        tenant = env.get("MicrosoftAppTenantId", "").strip()
        federated = env.get("CHASER_FEDERATED_CLIENT_ID", "").strip()
        if federated and not GUID.match(federated):
            raise ConfigError(
                f"CHASER_FEDERATED_CLIENT_ID: {federated!r} is not a GUID (the managed identity's client id)"
            )
        if app_id:
            if not GUID.match(app_id):
                raise ConfigError(f"MicrosoftAppId: {app_id!r} is not a GUID (the bot's Entra app registration id)")
            if app_type == "SingleTenant" and not tenant:
                raise ConfigError("MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant")
            if app_type in ("SingleTenant", "MultiTenant") and not (password or federated):
                raise ConfigError(
                    f"MicrosoftAppPassword: required when MicrosoftAppType is {app_type} "
                    "(or CHASER_FEDERATED_CLIENT_ID for a federated credential)"
                )
            if password and federated:
                raise ConfigError(
                    "MicrosoftAppPassword and CHASER_FEDERATED_CLIENT_ID are both set: use a client secret or a "
                    "federated credential, not both"
                )
            if app_type == "UserAssignedMSI" and not tenant:
                raise ConfigError("MicrosoftAppTenantId: required when MicrosoftAppType is UserAssignedMSI")
        if tenant and not GUID.match(tenant):
            raise ConfigError(f"MicrosoftAppTenantId: {tenant!r} is not a GUID")

        local = not app_id
        host = env.get("HOST", "").strip() or ("127.0.0.1" if local else "0.0.0.0")
        if local and not _is_loopback(host):
            raise ConfigError(
                f"HOST: {host!r} is not a loopback address; with no MicrosoftAppId the bot runs without inbound "
                "authentication and only listens on 127.0.0.1 (set MicrosoftAppId to listen elsewhere)"
            )
        port = _int(env, "PORT", 3978, low=1, high=65535)
        database_url = _database_url(env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL)
        tenants = frozenset(t.strip().lower() for t in env.get("CHASER_ALLOWED_TENANTS", "").split(",") if t.strip())
        for tenant_id in tenants:
            if not GUID.match(tenant_id):
                raise ConfigError(f"CHASER_ALLOWED_TENANTS: {tenant_id!r} is not a tenant id (GUID)")
        timezone = env.get("CHASER_TIMEZONE", "").strip() or "Europe/London"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"CHASER_TIMEZONE: {timezone!r} is not an IANA time zone (e.g. Europe/London)") from None
        max_body = _int(env, "CHASER_MAX_BODY_BYTES", 1024 * 1024, low=64 * 1024, high=16 * 1024 * 1024)
        sweep_seconds = _int(env, "CHASER_SWEEP_SECONDS", 60, low=0, high=3600)
        lease_seconds = _int(env, "CHASER_LEASE_SECONDS", 300, low=2, high=3600)
        chat_language = env.get("CHASER_CHAT_LANGUAGE", "").strip().lower() or "bilingual"
        if chat_language not in ("bilingual", "cy", "en"):
            raise ConfigError(f"CHASER_CHAT_LANGUAGE: {chat_language!r} is not bilingual, cy or en")
        given_url = env.get("CHASER_PUBLIC_URL", "").strip().rstrip("/")
        public_url = given_url or f"http://{host}:{port}"
        if not re.match(r"^https?://[^\s/]+", public_url):
            raise ConfigError(f"CHASER_PUBLIC_URL: {public_url!r} is not an http(s) address")
        secret = _signing_secret(env)
        if not local:
            # A deployment that half-works is worse than one that does not start: links would point at the
            # container's own address, and each replica (and each restart) would sign with a secret of its own.
            missing = [
                name
                for name, value in (("CHASER_PUBLIC_URL", given_url), ("CHASER_SIGNING_SECRET", secret))
                if not value
            ]
            if missing:
                raise ConfigError(
                    f"missing {', '.join(missing)}: with MicrosoftAppId set, Chaser needs its public https address "
                    "(CHASER_PUBLIC_URL) and a signing secret of 32+ random characters, the same on every replica "
                    "(CHASER_SIGNING_SECRET)"
                )
            if not public_url.startswith("https://"):
                raise ConfigError(
                    f"CHASER_PUBLIC_URL: {public_url!r} must be an https address when MicrosoftAppId is set "
                    "(Teams only opens https links)"
                )
        log_level = env.get("CHASER_LOG_LEVEL", "").strip().upper() or "INFO"
        if log_level not in LOG_LEVELS:
            raise ConfigError(f"CHASER_LOG_LEVEL: {log_level!r} is not one of {', '.join(LOG_LEVELS)}")
        log_format = env.get("CHASER_LOG_FORMAT", "").strip().lower() or "text"
        if log_format not in ("text", "json"):
            raise ConfigError(f"CHASER_LOG_FORMAT: {log_format!r} is not text or json")
        metadata_url = env.get("CHASER_OPENID_METADATA_URL", "").strip() or cls.openid_metadata_url
        if not re.match(r"^https?://[^\s/]+", metadata_url):
            raise ConfigError(f"CHASER_OPENID_METADATA_URL: {metadata_url!r} is not an http(s) address")
        notify = env.get("CHASER_NOTIFY_CHAT", "on").strip().lower()
        if notify not in ("on", "off", "true", "false", "1", "0", "yes", "no"):
            raise ConfigError(f"CHASER_NOTIFY_CHAT: {notify!r} is not on or off")
        try:
            reach = ReachSettings.from_env(
                env, app_id=app_id, app_password=password, app_type=app_type, app_tenant_id=tenant
            )
        except ReachConfigError as error:
            raise ConfigError(str(error)) from None
        return cls(
            app_id=app_id,
            app_password=password,
            app_type=app_type,
            app_tenant_id=tenant,
            host=host,
            port=port,
            database_url=database_url,
            allowed_tenants=tenants,
            timezone=timezone,
            max_body_bytes=max_body,
            sweep_seconds=sweep_seconds,
            lease_seconds=lease_seconds,
            notify_chat=notify in ("on", "true", "1", "yes"),
            chat_language=chat_language,
            public_url=public_url,
            # Without a configured secret (local mode only), links are signed with one made at start: they die
            # with the process.
            signing_secret=secret.encode() if secret else secrets.token_bytes(32),
            signing_secret_configured=bool(secret),
            federated_client_id=federated,
            log_level=log_level,
            log_format=log_format,
            openid_metadata_url=metadata_url,
            reach=reach,
            env=dict(env),
        )

    def sdk_configuration(self) -> object:
        """The attribute bag botbuilder's ConfigurationBotFrameworkAuthentication reads."""

        class _Config:
            APP_ID = self.app_id
            APP_PASSWORD = self.app_password
            APP_TYPE = self.app_type if self.app_id else "MultiTenant"
            APP_TENANTID = self.app_tenant_id

        return _Config()

    def sqlite_path(self) -> Path | None:
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        path = self.database_url[len(prefix) :]
        return None if path in ("", ":memory:") else Path(path)


def _signing_secret(env: Mapping[str, str]) -> str:
    """The one secret that signs links and tokens; CHASER_EXPORT_SECRET is its first name, still accepted."""
    found = [(name, env.get(name, "")) for name in ("CHASER_SIGNING_SECRET", "CHASER_EXPORT_SECRET")]
    given = [(name, value) for name, value in found if value]
    if len({value for _, value in given}) > 1:
        raise ConfigError(
            "CHASER_SIGNING_SECRET and CHASER_EXPORT_SECRET differ: set CHASER_SIGNING_SECRET only "
            "(CHASER_EXPORT_SECRET is its old name)"
        )
    if not given:
        return ""
    name, value = given[0]
    if len(value) < MIN_SECRET_LENGTH:
        raise ConfigError(f"{name}: use at least {MIN_SECRET_LENGTH} characters")
    return value


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _int(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: {raw!r} is not a whole number") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}: {value} is outside {low}–{high}")
    return value


def _database_url(url: str) -> str:
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+asyncpg://" + url[len(plain) :]
    # sqlite+aiosqlite:// is accepted for compatibility; SQLite runs on the standard driver in its own thread.
    if url.startswith("sqlite+aiosqlite://"):
        return "sqlite://" + url[len("sqlite+aiosqlite://") :]
    if not (url.startswith("sqlite://") or url.startswith("postgresql+asyncpg://")):
        raise ConfigError(
            f"DATABASE_URL: {url.split('://')[0]!r} is not supported; use sqlite:///path/to/file.db or "
            "postgresql+asyncpg://user@host/db"
        )
    return url
