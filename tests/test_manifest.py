"""The Teams app package: built from the router's own commands, with icons and Welsh, and our own checks."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from bot.register.commands import COMMANDS
from cards.catalogue import t
from manifest.build import LOCAL_APP_ID, build_package, main, package_files
from manifest.checks import problems, read_png, zip_problems

BOT = "0b6fe6d1-fece-44f7-9a48-56465e2d5ab8"


def test_the_package_holds_a_valid_manifest_icons_and_welsh(tmp_path: Path) -> None:
    path = build_package(app_id=LOCAL_APP_ID, bot_id=BOT, out=tmp_path / "appPackage.zip", env={})
    with zipfile.ZipFile(path) as package:
        assert sorted(package.namelist()) == ["color.png", "cy-gb.json", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
    assert manifest["manifestVersion"] == "1.30" and manifest["bots"][0]["botId"] == BOT
    assert zip_problems(str(path)) == []
    rsc = {p["name"] for p in manifest["authorization"]["permissions"]["resourceSpecific"]}
    assert {"ChatMessage.Read.Chat", "OnlineMeeting.ReadBasic.Chat"} <= rsc


def test_command_lists_match_the_router_commands() -> None:
    manifest = json.loads(package_files(app_id=LOCAL_APP_ID, bot_id=BOT, env={})["manifest.json"])
    for command_list in manifest["bots"][0]["commandLists"]:
        [scope] = command_list["scopes"]
        expected = [t(spec.title_key, "en") for spec in COMMANDS if scope in spec.suggested_scopes]
        assert [c["title"] for c in command_list["commands"]] == expected
        assert len(expected) <= 12


def test_log_as_action_is_a_message_action_that_fetches_its_dialog_in_english_and_welsh() -> None:
    files = package_files(app_id=LOCAL_APP_ID, bot_id=BOT, env={})
    manifest = json.loads(files["manifest.json"])
    [extension] = manifest["composeExtensions"]
    [command] = extension["commands"]
    assert extension["botId"] == BOT
    assert (command["type"], command["context"], command["fetchTask"]) == ("action", ["message"], True)
    assert command["title"] == "Log as action"
    welsh = json.loads(files["cy-gb.json"])
    assert welsh["composeExtensions[0].commands[0].title"] == "Cofnodi fel cam gweithredu"
    # /action, /actions and /done are suggested in every scope, in both languages.
    for index, command_list in enumerate(manifest["bots"][0]["commandLists"]):
        assert [c["title"] for c in command_list["commands"][:3]] == ["action", "actions", "done"]
        assert welsh[f"bots[0].commandLists[{index}].commands[2].description"]


def test_icons_are_the_sizes_teams_requires() -> None:
    files = package_files(app_id=LOCAL_APP_ID, bot_id=BOT, env={})
    assert read_png(files["color.png"])[:2] == (192, 192)
    width, height, pixels = read_png(files["outline.png"])
    assert (width, height) == (32, 32)
    assert {p[:3] for row in pixels for p in row if p[3]} == {(255, 255, 255)}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update(id="not-a-guid"), "id is not a GUID"),
        (lambda m: m.update(version="1.0"), "version is not semver"),
        (lambda m: m["bots"][0]["commandLists"][0]["commands"].extend([{"title": "x"}] * 13), "more than 12"),
        (lambda m: m["icons"].update(outline="missing.png"), "is not in the package"),
    ],
)
def test_a_broken_manifest_is_caught(change, message: str) -> None:  # type: ignore[no-untyped-def]
    files = package_files(app_id=LOCAL_APP_ID, bot_id=BOT, env={})
    manifest = json.loads(files["manifest.json"])
    change(manifest)
    assert any(message in found for found in problems(manifest, files))


def test_the_command_refuses_ids_that_are_not_guids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--app-id", "nope", "-o", str(tmp_path / "x.zip")]) == 1
    assert "is not a GUID" in capsys.readouterr().err


TOOLS = Path(__file__).resolve().parent.parent / "tools"
needs_tools = pytest.mark.skipif(
    not (TOOLS / "node_modules" / "@microsoft" / "app-manifest").exists() or shutil.which("node") is None,
    reason="Microsoft's validator is not installed: run (cd tools && npm ci) as the README's set-up says",
)


def validate(manifest: dict, tmp_path: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    result = subprocess.run(
        ["node", "validate-manifest.mjs", str(path)], cwd=TOOLS, capture_output=True, text=True, timeout=120
    )
    return result.returncode, json.loads(result.stdout)


@needs_tools
def test_microsofts_validator_accepts_the_manifest(tmp_path: Path) -> None:
    manifest = json.loads(package_files(app_id=LOCAL_APP_ID, bot_id=BOT, env={})["manifest.json"])
    assert validate(manifest, tmp_path) == (0, {"ok": True, "errors": []})


@needs_tools
def test_microsofts_validator_rejects_a_broken_manifest(tmp_path: Path) -> None:
    manifest = json.loads(package_files(app_id=LOCAL_APP_ID, bot_id=BOT, env={})["manifest.json"])
    del manifest["developer"]
    manifest["bots"][0]["scopes"].append("everywhere")
    code, answer = validate(manifest, tmp_path)
    assert code == 1 and not answer["ok"]
    text = " ".join(answer["errors"])
    assert "developer" in text and "scopes" in text
