"""Minutes in, the register out: /import in a card, /export as signed links, and the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import docx  # type: ignore[import-untyped]
import icalendar

from bot.register.ports import FixedClock
from tests.support.activities import MEETING_CHAT, Teams
from tests.support.cards import all_text, buttons
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed" / "wales-race-forum-2025-03-17.txt"
# A chat Chaser has not seen is stored only with where to reach it (tests/http/test_import_chat_route.py).
INTO_NEW_CHAT = (
    "--chat",
    "19:chat@thread.v2",
    "--tenant",
    "c9f9aafd-64ac-4f38-8e05-12feba3fb090",
    "--service-url",
    "https://smba.trafficmanager.net/uk/",
)


def seed_rows() -> list[list[str]]:
    lines = SEED.read_text().split("Summary of Actions", 1)[1].strip().splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


async def import_seed(bot: RunningBot, teams: Teams, standin: ConnectorStandIn) -> dict:
    await bot.post(teams.meeting_message("/import"))
    form = standin.cards(MEETING_CHAT)[-1]
    find = buttons(form)[0]["data"]
    _, preview = await bot.post(teams.card_invoke({**find, "minutes": SEED.read_text(), "meeting_date": ""}))
    return preview["value"]


async def test_pasted_minutes_are_previewed_then_created_once(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    preview = await import_seed(bot, teams, standin)
    assert "Chaser found 7 actions" in all_text(preview)
    assert await bot.chaser.store.count("actions") == 0  # nothing before Create
    fields = {e["id"]: e.get("value") for c in preview["body"] if c.get("type") == "Container" for e in c["items"]}
    assert fields["text_0"] == seed_rows()[0][1] and fields["owner_3"] == "Regional Convenor (North Wales)"
    create = {**buttons(preview)[0]["data"], **fields, "keep_6": "false", "text_1": "Share the S30 guidance"}
    for _ in range(2):  # pressed twice
        status, body = await bot.post(teams.card_invoke(create))
        assert (status == 200 and "Added 6 actions" in body["value"]) or "Added 0 actions" in body["value"]
    actions = await bot.chaser.store.find_actions(MEETING_CHAT)
    assert [a.text for a in actions][:2] == [seed_rows()[0][1], "Share the S30 guidance"]
    assert len(actions) == 6
    occurrence = await bot.chaser.store.occurrence(actions[0].occurrence_id)
    assert occurrence is not None and occurrence.started_at.date().isoformat() == "2025-03-17"
    assert actions[5].deadline.text == "Before next meeting"


async def test_an_oversized_paste_is_refused_with_a_clear_message(bot: RunningBot, teams: Teams) -> None:
    answer = {"verb": "import_preview", "form_id": "f1", "minutes": "Action: x to y.\n" * 8000}
    _, body = await bot.post(teams.card_invoke(answer))
    assert "too much to paste" in all_text(body["value"])
    assert await bot.chaser.store.count("actions") == 0


async def test_export_links_download_the_register_and_refuse_forgeries(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn, clock: FixedClock
) -> None:
    await bot.post(teams.meeting_event("start", at="2025-03-17T12:00:00Z"))
    for _, text, owner, deadline in seed_rows():
        await bot.post(teams.meeting_message(f"/action {text} owner: {owner} deadline: {deadline}"))
    await bot.post(teams.meeting_message("/export"))
    card = standin.cards(MEETING_CHAT)[-1]
    links = {b["title"]: b["url"] for b in buttons(card)}
    assert set(links) == {"Word", "Spreadsheet (CSV)", "Markdown", "Calendar (.ics)"}

    def local(url: str) -> str:
        parsed = urlparse(url)
        return f"{bot.url}{parsed.path}?{parsed.query}"

    async with bot.session.get(local(links["Word"])) as response:
        assert response.status == 200
        document = docx.Document(io.BytesIO(await response.read()))
    cells = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert cells[1:] == seed_rows()
    async with bot.session.get(local(links["Calendar (.ics)"])) as response:
        calendar = icalendar.Calendar.from_ical(await response.read())
        assert any(component.name == "VEVENT" for component in calendar.walk())
    async with bot.session.get(local(links["Markdown"])) as response:
        assert "| No. | Action Item | Owner | Deadline / Status |" in await response.text()

    query = parse_qs(urlparse(links["Markdown"]).query)
    forged = {k: v[0] for k, v in query.items()} | {"chat": "19:someone-else@thread.v2"}
    async with bot.session.get(f"{bot.url}/exports?{urlencode(forged)}") as response:
        assert response.status == 403
    clock.set(clock.now() + timedelta(minutes=16))
    async with bot.session.get(local(links["Markdown"])) as response:
        assert response.status == 403


def test_the_command_line_imports_the_seed_as_its_seven_actions(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "import", str(SEED), "--json", "--dry-run"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"},
        check=True,
    )
    found = json.loads(result.stdout)
    assert [[str(a["no"]), a["text"], a["owner"], a["deadline_text"]] for a in found] == seed_rows()
    assert found[0]["deadline"]["kind"] == "asap"


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    run = [sys.executable, str(ROOT / "app.py")]
    subprocess.run([*run, "import", str(SEED), *INTO_NEW_CHAT], env=env, cwd=tmp_path, check=True)
    subprocess.run(
        [*run, "export", "--chat", "19:chat@thread.v2", "--format", "md", "-o", str(tmp_path / "out.md")],
        env=env,
        cwd=tmp_path,
        check=True,
    )
    again = subprocess.run(
        [*run, "import", str(tmp_path / "out.md"), "--json", "--dry-run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert [[str(a["no"]), a["text"], a["owner"], a["deadline_text"]] for a in json.loads(again.stdout)] == seed_rows()


def test_the_chasers_dry_run_prints_the_plan_without_sending(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    run = [sys.executable, str(ROOT / "app.py")]
    subprocess.run([*run, "import", str(SEED), *INTO_NEW_CHAT], env=env, cwd=tmp_path, check=True)

    def plan(*args: str) -> list[str]:
        done = subprocess.run([*run, "chasers", *args], env=env, cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    # Imported history is calm: nothing in the first days after the import (5 working days, unless reviewed).
    calm = plan("--days", "5")
    assert calm[0].startswith("Chasers from ") and "(0)" in calm[0] and len(calm) == 1
    lines = plan("--days", "40")
    assert any("Share the Misinformation Toolkit" in line and "asap:1" in line for line in lines)


GAPPED = """Forum minutes, 12 May 2025

Summary of Actions
No.\tAction Item\tOwner\tDeadline / Status
1\tShare the toolkit\tSecretariat\tAs soon as possible
3\tCirculate the report\tChair\tBy June 2025
7\tUpdate the terms of reference\tSecretariat\tBefore next meeting
"""


async def test_the_minutes_numbers_are_kept_and_forged_ones_refused(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/import"))
    find = buttons(standin.cards(MEETING_CHAT)[-1])[0]["data"]
    _, preview = await bot.post(teams.card_invoke({**find, "minutes": GAPPED, "meeting_date": ""}))
    card = preview["value"]
    fields = {e["id"]: e.get("value") for c in card["body"] if c.get("type") == "Container" for e in c["items"]}
    create = {**buttons(card)[0]["data"], **fields}  # Teams merges the inputs into the button's data
    assert create["numbers"] == [1, 3, 7]
    for forged in (["1", 3, 7], [1, 3], [1, 3, 10**6], {"0": 1}):
        _, body = await bot.post(teams.card_invoke({**create, "numbers": forged}))
        assert "isn't one Chaser can read" in body["value"] or "could not" in body["value"].lower(), body
    assert await bot.chaser.store.count("actions") == 0
    _, body = await bot.post(teams.card_invoke(create))
    assert "Added 3 actions" in body["value"]
    actions = await bot.chaser.store.find_actions(MEETING_CHAT)
    assert [(a.number, a.text) for a in actions] == [
        (1, "Share the toolkit"),
        (3, "Circulate the report"),
        (7, "Update the terms of reference"),
    ]


async def test_the_bot_keeps_answering_while_a_large_paste_is_read(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    import asyncio

    await bot.post(teams.meeting_message("/import"))
    find = buttons(standin.cards(MEETING_CHAT)[-1])[0]["data"]
    lines = [f"Action: Secretariat to share item {n} with the forum by June 2025." for n in range(1400)]
    paste = "\n".join(lines)[:90_000]
    preview = asyncio.create_task(bot.post(teams.card_invoke({**find, "minutes": paste, "meeting_date": ""})))
    answered: list[int] = []
    while not preview.done():
        async with bot.session.get(f"{bot.url}/healthz") as response:
            answered.append(response.status)
        await asyncio.sleep(0.01)
    _, body = await preview
    assert "Chaser found" in all_text(body["value"])
    # The read ran in the worker: health checks were answered while it was under way.
    assert answered and set(answered) == {200}
    assert await bot.chaser.store.count("actions") == 0
