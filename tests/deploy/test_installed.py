"""Chaser installed as a package (a wheel, not the source tree) works as documented: `chaser package` with every
option it documents, whose zip Microsoft's validator (@microsoft/app-manifest) accepts; `chaser migrate
--database-url`; and `gunicorn app:create_app` run the way the container runs it, from a folder holding only
gunicorn.conf.py.

The wheel is built from this checkout and installed, without its dependencies, into a new virtual environment that
borrows them from the test environment's site-packages (so the test needs no downloads beyond the wheel build's
own backend). Nothing of the source tree is importable there: the test checks every module comes from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.processes import clean_environment, free_port

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
APP_ID = "3e5c2a7d-58f1-4b6e-9d2a-7c1b0e4f6a95"
BOT_ID = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A virtual environment with Chaser's wheel installed in it; yields its bin folder."""
    base = tmp_path_factory.mktemp("installed")
    wheels = base / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=base,
    )
    [wheel] = wheels.glob("chaser-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    # The dependencies, borrowed: a path added by a .pth file is searched, but the .pth files inside it (such as
    # the test environment's editable install of this checkout) are not run.
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    yield venv / "bin"
    shutil.rmtree(base, ignore_errors=True)


def run(bin_dir: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        cwd=cwd,
        env=clean_environment(env or {}),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_module_comes_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    probe = "import app, bot, manifest, cards, scheduler, dialogs; print([m.__file__ for m in (app, bot, manifest)])"
    result = run(installed, "python", "-c", probe, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    venv = str(installed.parent)
    assert all(path.startswith(venv) for path in json.loads(result.stdout.replace("'", '"'))), result.stdout


def test_chaser_package_builds_a_package_microsofts_validator_accepts(installed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "appPackage.dev.zip"
    result = run(
        installed,
        "chaser",
        "package",
        "--app-id",
        APP_ID,
        "--bot-id",
        BOT_ID,
        "--public-url",
        "https://chaserdev.azurewebsites.net",
        "-o",
        str(out),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stdout
    with zipfile.ZipFile(out) as package:
        assert sorted(package.namelist()) == ["color.png", "cy-gb.json", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["validDomains"] == ["chaserdev.azurewebsites.net"]
    if shutil.which("node") is None or not (TOOLS / "node_modules" / "@microsoft" / "app-manifest").exists():
        pytest.skip("Microsoft's validator is not installed: run (cd tools && npm ci) as the README's set-up says")
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    checked = subprocess.run(
        ["node", "validate-manifest.mjs", str(tmp_path / "manifest.json")],
        cwd=TOOLS,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (checked.returncode, json.loads(checked.stdout)) == (0, {"ok": True, "errors": []})


def test_chaser_package_defaults_to_the_app_id_and_refuses_what_is_not_a_guid(installed: Path, tmp_path: Path) -> None:
    result = run(installed, "chaser", "package", cwd=tmp_path, env={"MicrosoftAppId": BOT_ID})
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "appPackage.zip") as package:
        manifest = json.loads(package.read("manifest.json"))
    assert manifest["id"] == BOT_ID and manifest["bots"][0]["botId"] == BOT_ID
    refused = run(installed, "chaser", "package", "--bot-id", "not-a-guid", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "chaser package: the bot id 'not-a-guid' is not a GUID"


def test_every_command_takes_database_url(installed: Path, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    migrated = run(installed, "chaser", "migrate", "--database-url", database, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "elsewhere.db").exists() and not (tmp_path / "data").exists()
    planned = run(installed, "chaser", "chasers", "--database-url", database, "--at", "2025-03-20T09:00", cwd=tmp_path)
    assert planned.returncode == 0 and planned.stdout.startswith("Chasers from Thu 20 Mar 2025 09:00")


def test_gunicorn_serves_the_installed_package_as_the_container_does(installed: Path, tmp_path: Path) -> None:
    shutil.copy(ROOT / "gunicorn.conf.py", tmp_path / "gunicorn.conf.py")
    port = free_port()
    env = {"PORT": str(port), "DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}", "CHASER_SWEEP_SECONDS": "0"}
    process = subprocess.Popen(
        [str(installed / "python"), "-m", "gunicorn", "app:create_app"],
        cwd=tmp_path,
        env=clean_environment(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = subprocess.run(
            [
                str(installed / "python"),
                "-c",
                "import time, urllib.request\n"
                "for _ in range(600):\n"
                "    try:\n"
                f"        print(urllib.request.urlopen('http://127.0.0.1:{port}/readyz', timeout=2).read().decode())\n"
                "        break\n"
                "    except OSError:\n"
                "        time.sleep(0.1)\n",
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert json.loads(ready.stdout)["status"] == "ready", stderr
    assert process.returncode == 0, stderr
    assert os.path.exists(tmp_path / "served.db")
