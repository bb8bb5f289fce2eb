"""People by email through /api/messages: role holders named by address are one person with their Teams self."""

from __future__ import annotations

from tests.support.activities import ALEX, MEETING_CHAT, Teams
from tests.support.connector import ConnectorStandIn
from tests.support.running import RunningBot


async def test_a_role_is_given_to_people_by_email_address(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    # Alex may name the role's first holders: Alex logged an action it owns.
    await bot.post(teams.meeting_message("/action Follow up with the member owner: Regional Convenor (North Wales)"))
    await bot.post(
        teams.meeting_message(
            '/role "Regional Convenor (North Wales)" Jo@Example.org <at>Alex Jones</at>', mentions=(ALEX,)
        )
    )
    reply = standin.texts(MEETING_CHAT)[-1]
    assert "Regional Convenor (North Wales)" in reply and "jo@example.org" in reply and "Alex Jones" in reply
    holders = await bot.chaser.register.role_holders(MEETING_CHAT, "regional convenor (north wales)")
    assert {(h.email, h.aad_id) for h in holders} == {(None, ALEX.aad_id), ("jo@example.org", None)}

    await bot.post(teams.meeting_message("/role Regional Convenor (North Wales)"))
    assert "jo@example.org" in standin.texts(MEETING_CHAT)[-1]
    # Named again in other case: the same person, nobody new.
    await bot.post(teams.meeting_message("/role Regional Convenor (North Wales) JO@example.org"))
    assert "nobody new" in standin.texts(MEETING_CHAT)[-1].lower()
