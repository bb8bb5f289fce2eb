"""The Azure files hold together: infra/azure.bicep parses (pycep, a Bicep parser: no Bicep CLI installs here) and
its app settings start Chaser in production mode on PostgreSQL, checked against bot/config.py itself; the Toolkit's
m365agents.yml uses only variables something sets before it, and its `chaser package` line is one the CLI accepts.
Provisioning itself needs an Azure subscription and is not run here."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from pycep import BicepParser

import app
from bot.config import Settings
from tests.support.processes import PRODUCTION, TENANT_ID

ROOT = Path(__file__).resolve().parents[2]
# Values the deployment would compute (the template's expressions), one per setting it passes to the app.
COMPUTED = {
    **{name: PRODUCTION[name] for name in ("MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId")},
    "DATABASE_URL": "postgresql://chaser:p%40ss@chaser-pg.postgres.database.azure.com:5432/chaser?ssl=require",
    "CHASER_PUBLIC_URL": "https://chaserdev.azurewebsites.net",
    "CHASER_SIGNING_SECRET": "s" * 48,
    "CHASER_ALLOWED_TENANTS": TENANT_ID,
    "CHASER_FEDERATED_CLIENT_ID": "",
}
PLATFORM_SETTINGS = {"SCM_DO_BUILD_DURING_DEPLOYMENT", "WEBSITES_PORT"}
TOOLKIT_BUILT_INS = {"TEAMSFX_ENV", "AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP_NAME"}


@pytest.fixture(scope="module")
def bicep() -> dict[str, Any]:
    parsed: dict[str, Any] = BicepParser().parse(file_path=ROOT / "infra" / "azure.bicep")
    return parsed


def resource(bicep: dict[str, Any], kind: str) -> dict[str, Any]:
    [found] = [r for r in bicep["resources"].values() if r["type"] == kind]
    return found


def app_settings(bicep: dict[str, Any]) -> dict[str, Any]:
    site = resource(bicep, "Microsoft.Web/sites")
    return {s["name"]: s["value"] for s in site["config"]["properties"]["siteConfig"]["appSettings"]}


def environment(bicep: dict[str, Any]) -> dict[str, str]:
    """The app settings as the app would see them: literals as written, expressions as computed. (pycep gives a
    reference to a parameter or variable as its bare name, a literal as its text.)"""
    names = set(bicep["parameters"]) | set(bicep["variables"]) | set(bicep["resources"])
    return {
        name: value if isinstance(value, str) and value not in names else COMPUTED[name]
        for name, value in app_settings(bicep).items()
    }


def test_the_app_settings_start_chaser_in_production_on_postgresql(bicep: dict[str, Any]) -> None:
    settings = Settings.from_env(environment(bicep))
    assert not settings.local_mode and settings.app_type == "SingleTenant"
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.public_url.startswith("https://") and settings.signing_secret_configured
    assert settings.host == "0.0.0.0" and settings.port == 8000


@pytest.mark.parametrize(
    "name", ["MicrosoftAppId", "MicrosoftAppTenantId", "CHASER_PUBLIC_URL", "CHASER_SIGNING_SECRET", "DATABASE_URL"]
)
def test_each_required_setting_is_one_the_app_cannot_do_without(bicep: dict[str, Any], name: str) -> None:
    # The check above would pass vacuously if these were not needed: without each, production is refused, or the
    # bot falls back to local mode or an embedded SQLite file (lost at every redeploy).
    env = {k: v for k, v in environment(bicep).items() if k != name}
    try:
        settings = Settings.from_env(env)
    except ValueError:
        return
    assert settings.local_mode or settings.database_url.startswith("sqlite")


def test_every_app_setting_is_a_documented_one(bicep: dict[str, Any]) -> None:
    readme = (ROOT / "README.md").read_text()
    for name in set(app_settings(bicep)) - PLATFORM_SETTINGS:
        assert f"`{name}`" in readme, f"{name} is set in infra/azure.bicep but not documented in README.md"


def test_the_computed_values_are_what_the_template_computes(bicep: dict[str, Any]) -> None:
    text = (ROOT / "infra" / "azure.bicep").read_text()
    assert "var publicUrl = 'https://${webAppName}.azurewebsites.net'" in text
    database = app_settings(bicep)["DATABASE_URL"]
    rendered = json.dumps(database)
    assert "uriComponent" in rendered and "postgresAdminPassword" in rendered  # the password is URL-encoded
    assert re.search(r"postgresql://\$\{postgresAdminLogin\}:.*\?ssl=require'", text)


def test_app_service_runs_linux_python_through_gunicorn(bicep: dict[str, Any]) -> None:
    plan = resource(bicep, "Microsoft.Web/serverfarms")
    assert plan["config"]["properties"]["reserved"] is True and plan["config"]["kind"] == "linux"
    site = resource(bicep, "Microsoft.Web/sites")["config"]
    config = site["properties"]["siteConfig"]
    assert config["appCommandLine"] == "gunicorn app:create_app"
    assert config["alwaysOn"] is True and config["healthCheckPath"] == "/readyz"
    assert site["properties"]["httpsOnly"] is True
    version = bicep["parameters"]["linuxFxVersion"]["default"]
    major, minor = (int(n) for n in re.fullmatch(r"PYTHON\|(\d+)\.(\d+)", version).groups())  # type: ignore[union-attr]
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert (major, minor) >= tuple(int(n) for n in requires.removeprefix(">=").split("."))


def test_the_azure_bot_is_single_tenant_with_the_teams_channel(bicep: dict[str, Any]) -> None:
    bot = resource(bicep, "Microsoft.BotService/botServices")["config"]
    assert bot["kind"] == "azurebot"
    assert bot["properties"]["msaAppType"] == "SingleTenant"
    endpoint = json.dumps(bot["properties"]["endpoint"])
    assert "publicUrl" in endpoint and "/api/messages" in endpoint
    channel = resource(bicep, "Microsoft.BotService/botServices/channels")["config"]
    assert channel["name"] == "MsTeamsChannel" and channel["properties"]["properties"]["isEnabled"] is True
    flexible = resource(bicep, "Microsoft.DBforPostgreSQL/flexibleServers")["config"]
    assert flexible["properties"]["backup"]["backupRetentionDays"] == "postgresBackupRetentionDays"


def test_the_parameters_file_matches_the_template(bicep: dict[str, Any]) -> None:
    given = json.loads((ROOT / "infra" / "azure.parameters.json").read_text())["parameters"]
    declared = bicep["parameters"]
    assert set(given) <= set(declared), set(given) - set(declared)
    needed = {name for name, p in declared.items() if "default" not in p}
    assert needed <= set(given), needed - set(given)


def toolkit_variables(text: str) -> set[str]:
    return set(re.findall(r"\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", text))


def test_the_toolkit_lifecycle_uses_only_variables_it_has(bicep: dict[str, Any]) -> None:
    lifecycle = yaml.safe_load((ROOT / "m365agents.yml").read_text())
    assert {"provision", "deploy", "publish"} <= lifecycle.keys()
    sample = (ROOT / "env" / ".env.dev.sample").read_text()
    declared = set(re.findall(r"^#?\s*([A-Z_][A-Z0-9_]*)=", sample, flags=re.MULTILINE))
    available = TOOLKIT_BUILT_INS | declared
    for stage in ("provision", "deploy", "publish"):
        for step in lifecycle[stage]:
            used = toolkit_variables(json.dumps(step.get("with", {})))
            if step["uses"] == "arm/deploy":
                used |= toolkit_variables((ROOT / "infra" / "azure.parameters.json").read_text())
                available |= set(bicep["outputs"])
            missing = used - available
            assert not missing, f"{stage} / {step['uses']} uses {missing} before anything sets them"
            available |= set((step.get("writeToEnvironmentFile") or {}).values())
    written = {
        v
        for stage in lifecycle.values()
        if isinstance(stage, list)
        for s in stage
        for v in (s.get("writeToEnvironmentFile") or {}).values()
    }
    assert (written | set(bicep["outputs"])) - {"SECRET_BOT_PASSWORD"} <= declared


def test_the_bot_identity_is_a_single_tenant_app_registration() -> None:
    lifecycle = yaml.safe_load((ROOT / "m365agents.yml").read_text())
    [registration] = [s for s in lifecycle["provision"] if s["uses"] == "aadApp/create"]
    assert registration["with"]["signInAudience"] == "AzureADMyOrg"
    assert registration["writeToEnvironmentFile"]["clientSecret"].startswith("SECRET_")


def test_the_package_steps_run_a_command_line_chaser_accepts() -> None:
    lifecycle = yaml.safe_load((ROOT / "m365agents.yml").read_text())
    scripts = [
        s["with"]["run"] for stage in ("provision", "publish") for s in lifecycle[stage] if s["uses"] == "script"
    ]
    assert len(scripts) == 2
    for line in scripts:
        words = shlex.split(re.sub(r"\$\{\{\s*(\w+)\s*\}\}", "X", line))
        assert words[0] == "chaser"
        args = app.parser().parse_args(words[1:])
        assert args.command == "package" and args.app_id == "X" and args.bot_id == "X"
        assert str(args.output) == "./appPackage/build/appPackage.X.zip".removeprefix("./")
    for stage in ("provision", "publish"):
        uses = [s["uses"] for s in lifecycle[stage]]
        assert uses.index("script") < uses.index("teamsApp/validateAppPackage") < uses.index("teamsApp/update")
