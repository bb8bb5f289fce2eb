"""The `chaser` command line: its words, and the tools that run against the database without serving (dry-run
chasers, import, export, bounce, revoke-links). `app.main` chooses between these and serving."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path

from bot.config import Settings
from bot.register.errors import ChaserError


def parser() -> argparse.ArgumentParser:
    from manifest.build import add_package_arguments

    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--database-url", help="the database to use, instead of DATABASE_URL")
    top = argparse.ArgumentParser(prog="chaser", description="Chaser: meeting actions that get done (Teams bot)")
    commands = top.add_subparsers(dest="command")
    commands.add_parser("serve", parents=[database], help="start the bot (the default)")
    commands.add_parser("migrate", parents=[database], help="bring the database schema up to date")
    package = commands.add_parser("package", parents=[database], help="build the Teams app package (appPackage.zip)")
    add_package_arguments(package)
    chasers = commands.add_parser(
        "chasers", parents=[database], help="who will be chased when (a dry run: nothing is sent)"
    )
    chasers.add_argument("--at", help="from this local time, e.g. 2025-03-20T09:00 (default: now)")
    chasers.add_argument("--days", type=int, default=14)
    chasers.add_argument("--chat", help="only this chat (conversation id)")
    minutes = commands.add_parser(
        "import",
        parents=[database],
        help="read actions from minutes (.pdf, .docx, .html, .md or .txt; format found from the content)",
    )
    minutes.add_argument("file", type=Path)
    minutes.add_argument("--meeting-date", type=date.fromisoformat, help="YYYY-MM-DD, when the document does not say")
    minutes.add_argument("--chat", help="add the actions to this chat's register (conversation id)")
    minutes.add_argument("--tenant", help="the chat's tenant id, for a chat Chaser has not seen yet")
    minutes.add_argument("--service-url", help="the chat's Bot Connector service URL, for a chat Chaser has not seen")
    minutes.add_argument("--dry-run", action="store_true", help="store nothing")
    minutes.add_argument("--json", action="store_true", help="print the actions as JSON")
    export = commands.add_parser("export", parents=[database], help="export a chat's register")
    export.add_argument("--chat", required=True)
    export.add_argument("--format", choices=["md", "csv", "docx", "ics"], required=True)
    export.add_argument("--meeting", help="only this meeting (occurrence id)")
    export.add_argument("-o", "--output", type=Path)
    bounce = commands.add_parser(
        "bounce", parents=[database], help="record a bounced chaser (a delivery report, e.g. piped by a mail server)"
    )
    bounce.add_argument("file", nargs="?", type=Path, help="the report (default: read from stdin)")
    revoke = commands.add_parser(
        "revoke-links", parents=[database], help="stop every answer link sent to an address so far from working"
    )
    revoke.add_argument("address")
    return top


def run_tool(args: argparse.Namespace, settings: Settings, environment: Mapping[str, str]) -> int:
    from bot import cli

    try:
        if args.command == "chasers":
            at = cli.parse_at(args.at, settings.tz) if args.at else datetime.now(settings.tz)
            return asyncio.run(
                cli.print_chasers(settings, environment, at=at, days=args.days, chat=args.chat, out=sys.stdout)
            )
        if args.command == "bounce":
            raw = cli.read_report_bytes(args.file, sys.stdin.buffer)
            return asyncio.run(cli.record_bounce(settings, raw, now=datetime.now(UTC), out=sys.stdout))
        if args.command == "revoke-links":
            return asyncio.run(cli.revoke_links(settings, args.address, now=datetime.now(UTC), out=sys.stdout))
        if args.command == "import":
            return asyncio.run(
                cli.import_minutes(
                    settings,
                    args.file.name,
                    cli.read_file(args.file),
                    meeting_date=args.meeting_date,
                    chat=args.chat,
                    dry_run=args.dry_run,
                    as_json=args.json,
                    out=sys.stdout,
                    tenant=args.tenant,
                    service_url=args.service_url,
                )
            )
        data = asyncio.run(cli.export_register(settings, chat=args.chat, fmt=args.format, meeting=args.meeting))
        if args.output is None:
            sys.stdout.buffer.write(data)
        else:
            args.output.write_bytes(data)
            print(f"chaser export: wrote {args.output} ({len(data)} bytes)", file=sys.stderr)
        return 0
    except ChaserError as refusal:
        from cards.catalogue import t

        print(f"chaser {args.command}: {t(refusal.key, 'en', **refusal.params)}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"chaser {args.command}: {error}", file=sys.stderr)
        return 1
