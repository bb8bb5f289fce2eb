"""Minutes name owners by address too: imported in Teams or from the command line, an address is a person known by
it (chased by email like an owner typed in /action), not a role named after it; an owner edited in the preview into
something that is not an address is refused plainly and nothing is created."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from bot.register.model import OwnerKind
from bot.register.ports import FixedClock
from tests.http.test_chasers import sweep_when_due
from tests.http.test_email_chasers import mailing_bot, smtp  # noqa: F401 (fixtures)
from tests.http.test_import_export import INTO_NEW_CHAT
from tests.support.activities import MEETING_CHAT, Teams
from tests.support.cards import all_text, buttons
from tests.support.connector import ConnectorStandIn
from tests.support.mailserver import MailServer
from tests.support.running import RunningBot

ROOT = Path(__file__).resolve().parents[2]
MINUTES = """Wales Race Forum
Minutes of the meeting held on 17 March 2025

Actions
ACTION: jo@example.org to share the toolkit with members by 10 April 2025
ACTION: Regional Convenor to write to the members by the next meeting
"""


async def preview(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> tuple[dict, dict]:
    await bot.post(teams.meeting_message("/import"))
    find = buttons(standin.cards(MEETING_CHAT)[-1])[0]["data"]
    _, shown = await bot.post(teams.card_invoke({**find, "minutes": MINUTES, "meeting_date": ""}))
    card = shown["value"]
    fields = {e["id"]: e.get("value") for c in card["body"] if c.get("type") == "Container" for e in c["items"]}
    return card, fields


async def test_an_address_in_imported_minutes_is_an_owner_chased_by_email(
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    standin: ConnectorStandIn,
    clock: FixedClock,
    smtp: MailServer,  # noqa: F811
) -> None:
    card, fields = await preview(mailing_bot, teams, standin)
    assert fields["owner_0"] == "jo@example.org"

    edited = {**buttons(card)[0]["data"], **fields, "owner_1": "convenor@example"}
    _, refused = await mailing_bot.post(teams.card_invoke(edited))
    assert "“convenor@example” is not an email address" in json.dumps(refused, ensure_ascii=False)
    assert await mailing_bot.chaser.store.count("actions") == 0

    await mailing_bot.post(teams.card_invoke({**buttons(card)[0]["data"], **fields}))
    jo, convenor = sorted(await mailing_bot.chaser.store.find_actions(MEETING_CHAT), key=lambda a: a.number)
    assert jo.owner is not None and (jo.owner.kind, jo.owner.email) == (OwnerKind.PERSON, "jo@example.org")
    assert convenor.owner is not None and convenor.owner.kind is OwnerKind.ROLE

    clock.set(clock.now() + timedelta(days=8))  # imported history is calm for five working days
    for _ in range(3):  # the convenor's logger may be owed a reminder first
        if not smtp.to("jo@example.org"):
            await sweep_when_due(mailing_bot, clock)
    [mail] = smtp.to("jo@example.org")
    assert "to share the toolkit with members" in mail.part("plain")
    await mailing_bot.post(teams.meeting_message("/chasers"))
    assert "jo@example.org\nEmail" in all_text(standin.cards(MEETING_CHAT)[-1]).replace("\\", "")


def imported_owners(tmp_path: Path, text: str) -> list[tuple[str, str, str | None]]:
    """`chaser import` of these minutes into a chat: each action's owner as stored (kind, name, address)."""
    minutes = tmp_path / "minutes.txt"
    minutes.write_text(text)
    db = tmp_path / "cli.db"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{db}"}
    run = [sys.executable, str(ROOT / "app.py"), "import", str(minutes), *INTO_NEW_CHAT]
    subprocess.run(run, env=env, cwd=tmp_path, check=True, capture_output=True)
    with sqlite3.connect(db) as conn:
        return conn.execute("select owner_kind, owner_name, owner_email from actions order by number").fetchall()


def test_the_command_line_imports_an_address_as_an_owner_known_by_it(tmp_path: Path) -> None:
    assert imported_owners(tmp_path, MINUTES) == [
        ("person", "jo@example.org", "jo@example.org"),
        ("role", "Regional Convenor", None),
    ]


def test_an_address_with_a_display_name_in_minutes_keeps_both(tmp_path: Path) -> None:
    minutes = (
        "Wales Race Forum\nMinutes of the meeting held on 17 March 2025\n\nActions\n"
        "ACTION: Sam Jones <Sam@Example.org> to book the room by 30 June 2025\n"
        "ACTION: Circulate the toolkit by 30 April 2025 (Jo Bloggs <jo@example.org>)\n"
    )
    assert imported_owners(tmp_path, minutes) == [
        ("person", "Sam Jones", "sam@example.org"),
        ("person", "Jo Bloggs", "jo@example.org"),
    ]
