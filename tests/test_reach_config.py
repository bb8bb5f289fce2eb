"""Reach settings: mail, the answer page and Graph are off unless configured; bad values stop the start with one
line naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings
from bot.mail.smtp import SmtpRelay

TENANT = "c9f9aafd-64ac-4f38-8e05-12feba3fb090"
APP = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8"
SECRET = {"CHASER_SIGNING_SECRET": "s" * 32}


def test_everything_is_off_by_default() -> None:
    reach = Settings.from_env({}).reach
    assert (reach.mail, reach.teams_app_id, reach.user_mail_lookup, reach.graph_needed) == ("off", "", False, False)
    assert (reach.link_days, reach.mail_per_minute, reach.page_per_minute) == (30, 30, 30)


def test_smtp_mail() -> None:
    env = {
        "CHASER_MAIL": "SMTP",
        "CHASER_SMTP_URL": "smtp://chaser:pw@relay.example.org:587",
        "CHASER_MAIL_FROM": "Chaser@Forum.Example",
        "CHASER_ANSWER_LINK_DAYS": "14",
        **SECRET,
    }
    reach = Settings.from_env(env).reach
    assert (reach.mail, reach.mail_from, reach.link_days) == ("smtp", "chaser@forum.example", 14)
    assert reach.smtp == SmtpRelay("relay.example.org", 587, False, "chaser", "pw")


def test_graph_uses_the_bot_s_own_app_registration_by_default() -> None:
    env = {
        "MicrosoftAppId": APP,
        "MicrosoftAppPassword": "bot-secret",
        "MicrosoftAppTenantId": TENANT,
        "CHASER_TEAMS_APP_ID": "5a3b9d24-7e1c-4f2a-9b6d-0c8e7f6a5b41",
        "CHASER_PUBLIC_URL": "https://chaser.forum.example",
        **SECRET,
    }
    credential = Settings.from_env(env).reach.credential
    assert (credential.client_id, credential.tenant_id, credential.secret, credential.kind) == (
        APP,
        TENANT,
        "bot-secret",
        "secret",
    )
    managed = Settings.from_env({**env, "MicrosoftAppType": "UserAssignedMSI", "MicrosoftAppPassword": ""})
    assert managed.reach.credential.managed_identity == APP


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"CHASER_MAIL": "carrier-pigeon"}, "CHASER_MAIL: 'carrier-pigeon' is not off, smtp or graph"),
        ({"CHASER_MAIL": "smtp", "CHASER_SMTP_URL": "smtp://r:25", **SECRET}, "CHASER_MAIL_FROM: required"),
        ({"CHASER_MAIL": "smtp", "CHASER_MAIL_FROM": "x@y.org", **SECRET}, "CHASER_SMTP_URL: required"),
        ({"CHASER_MAIL": "smtp", "CHASER_MAIL_FROM": "x@y.org", "CHASER_SMTP_URL": "smtp://r"}, "CHASER_SIGNING"),
        ({"CHASER_MAIL_FROM": "not an address"}, "CHASER_MAIL_FROM: 'not an address' is not an email address"),
        ({"CHASER_SMTP_URL": "http://relay"}, "CHASER_SMTP_URL: use smtp://"),
        ({"CHASER_SMTP_CA_FILE": "/nonexistent/ca.pem"}, "CHASER_SMTP_CA_FILE: '/nonexistent/ca.pem' is not"),
        ({"CHASER_TEAMS_APP_ID": "chaser"}, "CHASER_TEAMS_APP_ID: 'chaser' is not a GUID"),
        ({"CHASER_TEAMS_APP_ID": "5a3b9d24-7e1c-4f2a-9b6d-0c8e7f6a5b41"}, "CHASER_GRAPH_TENANT_ID"),
        (
            {"CHASER_GRAPH_USER_MAIL": "on", "CHASER_GRAPH_TENANT_ID": TENANT, "CHASER_GRAPH_CLIENT_ID": APP},
            "CHASER_GRAPH_CLIENT_SECRET: Microsoft Graph needs a credential",
        ),
        ({"CHASER_GRAPH_USER_MAIL": "sometimes"}, "CHASER_GRAPH_USER_MAIL: 'sometimes' is not on or off"),
        ({"CHASER_GRAPH_MANAGED_IDENTITY": "mine", "CHASER_MAIL": "off", "CHASER_GRAPH_USER_MAIL": "on"}, "system"),
        ({"CHASER_GRAPH_URL": "http://graph.example.org"}, "CHASER_GRAPH_URL: 'http://graph.example.org' is not"),
        ({"CHASER_ANSWER_LINK_DAYS": "0"}, "CHASER_ANSWER_LINK_DAYS: 0 is outside 1–365"),
        ({"CHASER_MAIL_PER_MINUTE": "lots"}, "CHASER_MAIL_PER_MINUTE: 'lots' is not a whole number"),
        ({"CHASER_PAGE_PER_MINUTE": "1"}, "CHASER_PAGE_PER_MINUTE: 1 is outside"),
    ],
)
def test_bad_reach_settings_name_the_variable(env: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigError, match=None) as refused:
        Settings.from_env(env)
    assert says in str(refused.value)


def test_a_certificate_must_be_a_file(tmp_path: Path) -> None:
    pem = tmp_path / "graph.pem"
    pem.write_text("-----BEGIN PRIVATE KEY-----\n")
    env = {"CHASER_GRAPH_USER_MAIL": "on", "CHASER_GRAPH_TENANT_ID": TENANT, "CHASER_GRAPH_CLIENT_ID": APP}
    assert Settings.from_env({**env, "CHASER_GRAPH_CERTIFICATE": str(pem)}).reach.credential.kind == "certificate"
    with pytest.raises(ConfigError, match="CHASER_GRAPH_CERTIFICATE"):
        Settings.from_env({**env, "CHASER_GRAPH_CERTIFICATE": str(tmp_path / "missing.pem")})
