"""`chaser package`: the Teams app manifest (schema v1.30), icons and Welsh localisation, zipped as appPackage.zip.

Command titles and descriptions come from the same constants the router uses (bot.register.commands.COMMANDS) and
the message catalogue, so the commands Teams suggests are the commands Chaser understands.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import zipfile
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bot.register.commands import COMMANDS
from cards import verbs
from cards.catalogue import t
from manifest.checks import GUID, problems
from manifest.icons import colour_icon, outline_icon

SCHEMA = "https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json"
LOCAL_APP_ID = "00000000-0000-4000-8000-000000000c4a"
SCOPES = ("personal", "groupChat", "team")
# Resource-specific consent: plain /action in meeting chats, and meeting start/end events (private and channel).
RSC = ("ChatMessage.Read.Chat", "OnlineMeeting.ReadBasic.Chat", "ChannelMeeting.ReadBasic.Group")


def _version() -> str:
    try:
        return version("chaser")
    except PackageNotFoundError:
        return "0.1.0"


def command_lists(language: str) -> list[dict[str, Any]]:
    lists = []
    for scope in SCOPES:
        commands = [
            {"title": t(spec.title_key, language), "description": t(spec.description_key, language)[:128]}
            for spec in COMMANDS
            if scope in spec.suggested_scopes
        ]
        lists.append({"scopes": [scope], "commands": commands})
    return lists


def message_action(language: str) -> dict[str, Any]:
    """Log as action: on any message's "More actions" menu, a dialog that logs it into the chat's register."""
    return {
        "id": verbs.LOG_AS_ACTION_COMMAND,
        "type": "action",
        "title": t("card.message_action.title", language)[:32],
        "description": t("command.log_as_action.description", language)[:128],
        "context": ["message"],
        "fetchTask": True,
    }


def build_manifest(*, app_id: str, bot_id: str, env: Mapping[str, str]) -> dict[str, Any]:
    for name, value in (("app id", app_id), ("bot id", bot_id)):
        if not GUID.match(value):
            raise ValueError(f"the {name} {value!r} is not a GUID")
    website = env.get("CHASER_WEBSITE_URL", "https://chaser.example.org")
    host = env.get("CHASER_PUBLIC_URL", "").split("://")[-1].split("/")[0]
    return {
        "$schema": SCHEMA,
        "manifestVersion": "1.30",
        "version": _version(),
        "id": app_id,
        "developer": {
            "name": env.get("CHASER_DEVELOPER_NAME", "Chaser"),
            "websiteUrl": website,
            "privacyUrl": env.get("CHASER_PRIVACY_URL", f"{website}/privacy"),
            "termsOfUseUrl": env.get("CHASER_TERMS_URL", f"{website}/terms"),
        },
        "name": {"short": "Chaser", "full": "Chaser: meeting actions that get done"},
        "description": {
            "short": "Log meeting actions in Teams; Chaser reminds owners and reports back.",
            "full": (
                "Chaser keeps a forum's or committee's actions: anyone logs them in the meeting chat with /action, "
                "Chaser posts the Summary of Actions when the meeting ends, reminds each owner between meetings on "
                "working days (answered in one click: done, update, snooze, hand back), escalates stale actions to "
                "the secretariat, and brings open actions back to the chair at the next meeting. In Welsh and English."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#1F6F5C",
        "bots": [
            {
                "botId": bot_id,
                "scopes": list(SCOPES),
                "isNotificationOnly": False,
                "supportsFiles": False,
                "commandLists": command_lists("en"),
            }
        ],
        "composeExtensions": [{"botId": bot_id, "commands": [message_action("en")]}],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host] if host and host not in ("127.0.0.1", "localhost") else [],
        "webApplicationInfo": {"id": bot_id, "resource": f"api://botid-{bot_id}"},
        "authorization": {"permissions": {"resourceSpecific": [{"name": name, "type": "Application"} for name in RSC]}},
        "localizationInfo": {
            "defaultLanguageTag": "en-gb",
            "additionalLanguages": [{"languageTag": "cy-gb", "file": "cy-gb.json"}],
        },
    }


def welsh_localisation() -> dict[str, Any]:
    """The manifest's user-facing strings in Welsh, keyed by JSONPath as Teams' localisation files are."""
    strings: dict[str, Any] = {
        "$schema": "https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json",
        "name.short": "Chaser",
        "name.full": "Chaser: camau gweithredu cyfarfodydd sy'n cael eu gwneud",
        "description.short": "Cofnodwch gamau gweithredu cyfarfodydd yn Teams; mae Chaser yn atgoffa perchnogion.",
        "description.full": (
            "Mae Chaser yn cadw camau gweithredu fforwm neu bwyllgor: mae unrhyw un yn eu cofnodi yn sgwrs y "
            "cyfarfod gydag /gweithred, mae Chaser yn postio'r Crynodeb o'r Camau Gweithredu pan ddaw'r cyfarfod i "
            "ben, yn atgoffa pob perchennog rhwng cyfarfodydd ar ddiwrnodau gwaith, ac yn dod â chamau agored yn ôl "
            "at y cadeirydd yn y cyfarfod nesaf. Yn Gymraeg ac yn Saesneg."
        ),
    }
    action = message_action("cy")
    strings["composeExtensions[0].commands[0].title"] = action["title"]
    strings["composeExtensions[0].commands[0].description"] = action["description"]
    for list_index, command_list in enumerate(command_lists("cy")):
        for command_index, command in enumerate(command_list["commands"]):
            prefix = f"bots[0].commandLists[{list_index}].commands[{command_index}]"
            strings[f"{prefix}.title"] = command["title"]
            strings[f"{prefix}.description"] = command["description"]
    return strings


def package_files(*, app_id: str, bot_id: str, env: Mapping[str, str]) -> dict[str, bytes]:
    manifest = build_manifest(app_id=app_id, bot_id=bot_id, env=env)
    return {
        "manifest.json": json.dumps(manifest, indent=2, ensure_ascii=False).encode(),
        "cy-gb.json": json.dumps(welsh_localisation(), indent=2, ensure_ascii=False).encode(),
        "color.png": colour_icon(),
        "outline.png": outline_icon(),
    }


def build_package(*, app_id: str, bot_id: str, out: Path, env: Mapping[str, str]) -> Path:
    files = package_files(app_id=app_id, bot_id=bot_id, env=env)
    found = problems(json.loads(files["manifest.json"]), files)
    if found:
        raise ValueError("; ".join(found))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(name, data)
    return out


def add_package_arguments(parser: argparse.ArgumentParser) -> None:
    """`chaser package`'s options (also `python -m manifest.build`'s)."""
    parser.add_argument("--app-id", help="the Teams app id, a GUID (default: MicrosoftAppId, else a local one)")
    parser.add_argument("--bot-id", help="the bot's Entra app (client) id, a GUID (default: MicrosoftAppId)")
    parser.add_argument(
        "--public-url",
        help="the bot's public https address, for the manifest's valid domains (default CHASER_PUBLIC_URL)",
    )
    parser.add_argument("-o", "--output", type=Path, default=Path("appPackage.zip"), help="default appPackage.zip")


def package_command(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    default_id = env.get("MicrosoftAppId", "").strip() or LOCAL_APP_ID
    app_id = args.app_id or default_id
    bot_id = args.bot_id or default_id
    try:
        if args.output.parent != Path("."):
            args.output.parent.mkdir(parents=True, exist_ok=True)
        if args.public_url:
            env = {**env, "CHASER_PUBLIC_URL": args.public_url}
        path = build_package(app_id=app_id, bot_id=bot_id, out=args.output, env=env)
    except (OSError, ValueError) as error:
        print(f"chaser package: {error}", file=sys.stderr)
        return 1
    print(f"chaser package: wrote {path} (app id {app_id}, bot id {bot_id})")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chaser package", description="build the Teams app package")
    add_package_arguments(parser)
    return package_command(parser.parse_args(argv), os.environ)


if __name__ == "__main__":
    sys.exit(main())
