"""The container files: the Dockerfile passes hadolint with every rule on, and is built the way the README says
(slim, no build tools in the final image, a non-root user, a health check on /healthz, gunicorn); compose.yaml
starts PostgreSQL, two replicas configured for production and a Caddy proxy whose configuration Caddy itself
accepts. No Docker engine runs here, so no image is built and no container started (README, "Deploying")."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
HADOLINT = Path(sys.executable).parent / "hadolint"
SAMPLE = {
    "POSTGRES_PASSWORD": "a-database-password",
    "MicrosoftAppId": "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8",
    "MicrosoftAppPassword": "a-client-secret",
    "MicrosoftAppTenantId": "c9f9aafd-64ac-4f38-8e05-12feba3fb090",
    "CHASER_DOMAIN": "chaser.example.org",
    "CHASER_SIGNING_SECRET": "s" * 48,
}


def stages(dockerfile: str) -> list[list[str]]:
    """The Dockerfile's instructions (continuation lines joined), split into build stages."""
    joined = re.sub(r"\\\n\s*", " ", dockerfile)
    lines = [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    found: list[list[str]] = []
    for line in lines:
        if line.upper().startswith("FROM "):
            found.append([])
        found[-1].append(line)
    return found


@pytest.mark.skipif(not HADOLINT.exists(), reason="hadolint is not installed: pip install -e '.[test]' brings it")
def test_hadolint_finds_nothing_with_every_rule_on() -> None:
    result = subprocess.run(
        [str(HADOLINT), "--no-color", "--failure-threshold", "style", "--disable-ignore-pragma", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_would_catch_a_root_image_with_build_tools(tmp_path: Path) -> None:
    # The rule set is live: the same linter fails a Dockerfile with the faults the real one avoids.
    if not HADOLINT.exists():
        pytest.skip("hadolint is not installed: pip install -e '.[test]' brings it")
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get update && apt-get install -y gcc\nRUN pip install gunicorn\n")
    result = subprocess.run([str(HADOLINT), "--no-color", str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    for rule in ("DL3007", "DL3008", "DL3009", "DL3013", "DL3042"):
        assert rule in result.stdout


def test_the_final_image_is_slim_unprivileged_and_checked_on_healthz() -> None:
    build, final = stages((ROOT / "Dockerfile").read_text())
    assert re.fullmatch(r"FROM python:3\.1[1-9]-slim-\w+ AS build", build[0])
    assert re.fullmatch(r"FROM python:3\.1[1-9]-slim-\w+", final[0])
    text = " ".join(final)
    assert not re.search(r"apt-get|apk |gcc|build-essential|pip install", text), "build tools in the final image"
    copies = [line for line in final if line.startswith("COPY")]
    assert copies == ["COPY --from=build /opt/chaser /opt/chaser", "COPY gunicorn.conf.py ./"]
    [user] = [line for line in final if line.startswith("USER ")]
    assert user.split()[1].split(":")[0] not in ("0", "root")
    [health] = [line for line in final if line.startswith("HEALTHCHECK")]
    assert "/healthz" in health
    assert final[-1] == 'CMD ["gunicorn", "app:create_app"]'
    assert any("pip install --no-cache-dir ." in line for line in build)


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?message}, applied to a loaded compose file."""
    if isinstance(value, dict):
        return {k: interpolate(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env) for v in value]
    if not isinstance(value, str):
        return value

    def one(match: re.Match[str]) -> str:
        name, how, rest = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if how == ":?":
            raise KeyError(f"{name}: {rest}")
        return rest or ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, value)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def test_compose_runs_postgres_two_replicas_and_a_proxy(compose: dict[str, Any]) -> None:
    services = interpolate(compose["services"], SAMPLE)
    assert set(services) == {"postgres", "chaser-1", "chaser-2", "proxy"}
    assert services["postgres"]["image"].startswith("postgres:")
    assert "healthcheck" in services["postgres"]
    replicas = [services["chaser-1"], services["chaser-2"]]
    assert replicas[0] == replicas[1], "the replicas must be configured alike"
    for replica in replicas:
        assert replica["build"] == "."
        assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert int(replica["stop_grace_period"].removesuffix("s")) > 10  # Chaser drains within 10 s
        settings = Settings.from_env(replica["environment"])
        assert not settings.local_mode and settings.host == "0.0.0.0"
        assert settings.database_url == "postgresql+asyncpg://chaser:a-database-password@postgres:5432/chaser"
        assert settings.public_url == "https://chaser.example.org"
    assert services["proxy"]["image"].startswith("caddy:")
    assert {"chaser-1", "chaser-2"} <= set(services["proxy"]["depends_on"])


def test_compose_refuses_to_start_half_configured(compose: dict[str, Any]) -> None:
    for name in SAMPLE:
        if name == "MicrosoftAppPassword":
            continue  # optional: a federated credential may stand in for it
        with pytest.raises(KeyError, match=name):
            interpolate(compose["services"], {k: v for k, v in SAMPLE.items() if k != name})


@pytest.mark.skipif(
    shutil.which("caddy") is None, reason="Caddy is not installed (apt-get install caddy; .ci/run does)"
)
def test_caddy_accepts_the_proxy_configuration_and_balances_both_replicas(compose: dict[str, Any]) -> None:
    result = subprocess.run(
        ["caddy", "adapt", "--config", "deploy/Caddyfile", "--adapter", "caddyfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"CHASER_DOMAIN": SAMPLE["CHASER_DOMAIN"], "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    [server] = config["apps"]["http"]["servers"].values()
    [route] = server["routes"]
    assert route["match"] == [{"host": [SAMPLE["CHASER_DOMAIN"]]}]
    handlers = [h for r in route["handle"][0]["routes"] for h in r["handle"]]
    [proxy] = [h for h in handlers if h["handler"] == "reverse_proxy"]
    replicas = [f"{name}:3978" for name in ("chaser-1", "chaser-2")]
    assert [u["dial"] for u in proxy["upstreams"]] == replicas
    assert proxy["health_checks"]["active"]["uri"] == "/readyz"
    volume = next(v for v in compose["services"]["proxy"]["volumes"] if "Caddyfile" in v)
    assert volume.startswith("./deploy/Caddyfile:")
