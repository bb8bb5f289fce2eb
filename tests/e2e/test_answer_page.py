"""The answer page in headless Chromium: each answer given with the keyboard alone and JavaScript off, axe-core's
WCAG 2.2 A/AA rules passing in Welsh, English and bilingual at 100% and 200% zoom, a visible focus on every control,
and screenshots (build/answer-page-screenshots/; the README shows them from docs/screenshots/)."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from bot.register import answer_links
from bot.register.model import Person
from bot.register.ports import FixedClock
from tests.support.activities import MEETING_CHAT, Teams
from tests.support.connector import ConnectorStandIn
from tests.support.running import running_bot

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
SCRIPT = TOOLS / "answer-page-e2e.mjs"
SHOTS = ROOT / "build" / "answer-page-screenshots"
JO = Person("Jo Bloggs", email="jo@example.org")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists()
        or not (TOOLS / "node_modules" / "axe-core").exists()
        or not shutil.which("node"),
        reason="needs Debian's chromium and the npm tools: apt-get install chromium; (cd tools && npm ci)",
    ),
]


async def test_the_answer_page_by_keyboard_and_by_axe(
    sqlite_url: str, clock: FixedClock, standin: ConnectorStandIn, tmp_path: Path
) -> None:
    teams = Teams(standin.url)
    async with running_bot({"DATABASE_URL": sqlite_url}, clock=clock) as bot:
        for text in (
            "Share the Misinformation toolkit with members",
            "Draft the Forum's response to the consultation",
            "Book the venue for the Swansea meeting",
            "Circulate the anti-racism action plan update",
            "Invite the Regional Convenors to the next meeting",
        ):
            status, _ = await bot.post(
                teams.meeting_message(f"/action {text} owner: Jo Bloggs <jo@example.org> due: By June 2025")
            )
            assert status == 201
        actions = sorted(await bot.chaser.register.open_actions(MEETING_CHAT), key=lambda a: a.number)
        secret = bot.chaser.settings.signing_secret

        def url(action_id: str, query: str = "") -> str:
            return f"{bot.url}/a/{answer_links.issue(secret, action_id, JO, now=clock.now())}{query}"

        done, progress, snooze, cant_do, shown = actions
        plan = {
            "shots": str(SHOTS),
            "pages": {  # an open action, with its four answers
                "en": url(shown.id, "?lang=en"),
                "cy": url(shown.id, "?lang=cy"),
                "both": url(shown.id),
            },
            "answers": {
                "done": url(done.id, "?lang=en"),
                "progress": url(progress.id, "?lang=en"),
                "snooze": url(snooze.id, "?lang=en"),
                "cant_do": url(cant_do.id, "?lang=en"),
            },
        }
        SHOTS.mkdir(parents=True, exist_ok=True)
        plan_file = tmp_path / "plan.json"
        plan_file.write_text(json.dumps(plan))
        # The bot answers on this event loop: the browser runs beside it, not in its way.
        node = await asyncio.create_subprocess_exec(
            "node",
            str(SCRIPT),
            str(plan_file),
            cwd=TOOLS,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(node.communicate(), timeout=240)
        assert node.returncode == 0, err.decode()[-2000:]
        result = json.loads(out)
        assert result["errors"] == []

        answers = result["answers"]
        assert "your answer is recorded" in answers["done"]["status"] and "closed" in answers["done"]["status"]
        assert "Draft sent to the Forum for comment" in answers["progress"]["status"]
        assert "your answer is recorded" in answers["snooze"]["status"]
        assert "goes back to the Secretariat" in answers["cant_do"]["status"]
        store = bot.chaser.register.store
        closed, updated, _, handed, _ = [await store.get_action(a.id) for a in actions]
        assert closed is not None and closed.status.value == "done"
        assert updated is not None and updated.latest_update == "Draft sent to the Forum for comment"
        assert "snoozed" in [e.kind for e in await bot.chaser.store.audit_trail(snooze.id)]
        assert handed is not None and handed.owner is None

    for page, violations in result["axe"].items():
        assert violations == [], f"axe found WCAG 2.2 A/AA violations on the {page} page: {violations}"
    assert all(spare <= 0 for spare in result["overflow"].values()), result["overflow"]
    assert result["focus"] == {"en": [], "cy": [], "both": []}
    assert {p.name for p in SHOTS.glob("answer-page.*.png")} >= {
        "answer-page.en.png",
        "answer-page.cy.png",
        "answer-page.both.png",
    }
