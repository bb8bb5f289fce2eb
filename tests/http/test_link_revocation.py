"""Revoked answer links: `chaser revoke-links <address>` (a forwarded email, a shared mailbox) makes every link sent
to that address so far open the same plain 403 page as a forged one; a link issued afterwards works."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.register import answer_links
from bot.register.model import Person
from bot.register.ports import FixedClock
from tests.http.test_email_chasers import JO, SECRET, log_for, mailing_bot, smtp  # noqa: F401 (fixtures)
from tests.support.activities import MEETING_CHAT, Teams
from tests.support.mailserver import MailServer
from tests.support.page import PageClient
from tests.support.processes import chaser_command
from tests.support.running import RunningBot


async def chaser(db_url: str, *args: str) -> tuple[int, str]:
    return await chaser_command({"DATABASE_URL": db_url, "CHASER_SIGNING_SECRET": SECRET}, *args)


async def test_revoked_links_open_nothing_and_later_ones_work(
    db_url: str,
    mailing_bot: RunningBot,  # noqa: F811
    teams: Teams,
    clock: FixedClock,
    smtp: MailServer,  # noqa: F811
) -> None:
    await log_for(mailing_bot, teams, JO)
    [action] = await mailing_bot.chaser.register.open_actions(MEETING_CHAT)
    # The command line revokes at the real time: the page's clock is set beside it.
    clock.set(datetime.now(UTC) - timedelta(minutes=10))
    sent = answer_links.issue(SECRET.encode(), action.id, Person("", email=JO), now=clock.now())
    path = f"/a/{sent}"
    browser = PageClient(mailing_bot.url)
    try:
        assert (await browser.get(path)).status == 200
        forged = await browser.get("/a/not-a-token")

        assert await chaser(db_url, "revoke-links", "sam@example") == (
            1,
            "chaser revoke-links: “sam@example” is not an email address\n",
        )
        assert (await chaser(db_url, "revoke-links", "nobody@example.org"))[0] == 1
        status, said = await chaser(db_url, "revoke-links", "JO@example.org")
        assert status == 0 and "links sent to jo@example.org before now no longer answer" in said

        clock.set(datetime.now(UTC) + timedelta(minutes=1))
        revoked = await browser.get(path)
        assert (revoked.status, revoked.html) == (403, forged.html)  # nothing says it was revoked
        fresh = answer_links.issue(SECRET.encode(), action.id, Person("", email=JO), now=clock.now())
        assert (await browser.get(f"/a/{fresh}")).status == 200
    finally:
        await browser.close()
