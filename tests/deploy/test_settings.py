"""Production configuration cannot be half-set: with an app id, the public https address and the signing secret are
required, and one line names what is missing. One signing secret, under its documented name or its old one."""

from __future__ import annotations

import pytest

import app
from bot.config import ConfigError, Settings
from tests.support.processes import APP_ID, PRODUCTION, TENANT_ID

BOT = {"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "x", "MicrosoftAppTenantId": TENANT_ID}


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({}, "missing CHASER_PUBLIC_URL, CHASER_SIGNING_SECRET:"),
        ({"CHASER_PUBLIC_URL": "https://bot.example.org"}, "missing CHASER_SIGNING_SECRET:"),
        ({"CHASER_SIGNING_SECRET": "k" * 32}, "missing CHASER_PUBLIC_URL:"),
    ],
)
def test_an_app_id_without_public_url_or_secret_is_refused_naming_what_is_missing(
    given: dict[str, str], missing: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        Settings.from_env({**BOT, **given})
    assert str(refused.value).startswith(missing)
    assert "\n" not in str(refused.value)


def test_the_public_url_must_be_https_in_production() -> None:
    with pytest.raises(ConfigError, match=r"^CHASER_PUBLIC_URL: 'http://bot.example.org' must be an https address"):
        Settings.from_env({**BOT, "CHASER_PUBLIC_URL": "http://bot.example.org", "CHASER_SIGNING_SECRET": "k" * 32})


def test_local_mode_needs_neither_and_signs_with_a_secret_of_its_own() -> None:
    first, second = Settings.from_env({}), Settings.from_env({})
    assert first.public_url == "http://127.0.0.1:3978"
    assert not first.signing_secret_configured
    assert len(first.signing_secret) == 32 and first.signing_secret != second.signing_secret


def test_production_settings_carry_the_secret_shared_by_replicas() -> None:
    settings = Settings.from_env(PRODUCTION)
    assert settings.public_url == "https://chaser.example.org"
    assert settings.signing_secret == PRODUCTION["CHASER_SIGNING_SECRET"].encode()
    assert settings.export_secret == settings.signing_secret and settings.signing_secret_configured


def test_the_old_export_secret_name_still_works() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "CHASER_SIGNING_SECRET"}
    settings = Settings.from_env({**env, "CHASER_EXPORT_SECRET": "an-old-export-secret"})
    assert settings.signing_secret == b"an-old-export-secret"
    # The same value under both names is no conflict (a deployment moving to the new name).
    both = Settings.from_env({**PRODUCTION, "CHASER_EXPORT_SECRET": PRODUCTION["CHASER_SIGNING_SECRET"]})
    assert both.signing_secret == PRODUCTION["CHASER_SIGNING_SECRET"].encode()


def test_two_different_secrets_are_refused() -> None:
    with pytest.raises(ConfigError, match="CHASER_SIGNING_SECRET and CHASER_EXPORT_SECRET differ"):
        Settings.from_env({**PRODUCTION, "CHASER_EXPORT_SECRET": "another-secret-entirely"})


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ConfigError, match="CHASER_SIGNING_SECRET: use at least 16 characters"):
        Settings.from_env({**PRODUCTION, "CHASER_SIGNING_SECRET": "short"})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CHASER_LOG_FORMAT", "xml", "CHASER_LOG_FORMAT: 'xml' is not text or json"),
        ("CHASER_LOG_LEVEL", "loud", "CHASER_LOG_LEVEL: 'LOUD' is not one of DEBUG, INFO, WARNING, ERROR"),
        ("CHASER_FEDERATED_CLIENT_ID", "identity", "CHASER_FEDERATED_CLIENT_ID: 'identity' is not a GUID"),
    ],
)
def test_logging_and_identity_settings_are_checked(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({name: value})


def test_a_federated_credential_stands_in_for_the_client_secret() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "MicrosoftAppPassword"}
    with pytest.raises(ConfigError, match="MicrosoftAppPassword: required when MicrosoftAppType is SingleTenant"):
        Settings.from_env(env)
    identity = "4d3c2b1a-0000-4000-8000-00000000f1c0"
    settings = Settings.from_env({**env, "CHASER_FEDERATED_CLIENT_ID": identity})
    assert settings.federated_client_id == identity and settings.app_password == ""
    with pytest.raises(ConfigError, match="use a client secret or a federated credential, not both"):
        Settings.from_env({**PRODUCTION, "CHASER_FEDERATED_CLIENT_ID": identity})


def test_json_logs_are_chosen_by_setting() -> None:
    settings = Settings.from_env({"CHASER_LOG_FORMAT": "JSON", "CHASER_LOG_LEVEL": "debug"})
    assert (settings.log_format, settings.log_level) == ("json", "DEBUG")


@pytest.mark.parametrize(
    "command",
    [
        ["serve"],
        ["migrate"],
        ["package"],
        ["chasers"],
        ["import", "minutes.txt"],
        ["export", "--chat", "19:c@thread.v2", "--format", "md"],
    ],
)
def test_every_command_takes_database_url(command: list[str]) -> None:
    args = app.parser().parse_args([*command, "--database-url", "postgresql://chaser@db/chaser"])
    assert args.database_url == "postgresql://chaser@db/chaser"
