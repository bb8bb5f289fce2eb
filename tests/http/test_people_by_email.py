"""People by email through /api/messages: role holders named by address are one person with their Teams self."""

from __future__ import annotations

import json

from cards.text import plain_text
from tests.support.activities import ALEX, MEETING_CHAT, Teams
from tests.support.cards import all_text, buttons
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
    # The reply is Markdown with the user's words escaped; as Teams shows it:
    reply = plain_text(standin.texts(MEETING_CHAT)[-1])
    assert "Regional Convenor (North Wales)" in reply and "jo@example.org" in reply and "Alex Jones" in reply
    holders = await bot.chaser.register.role_holders(MEETING_CHAT, "regional convenor (north wales)")
    assert {(h.email, h.aad_id) for h in holders} == {(None, ALEX.aad_id), ("jo@example.org", None)}

    await bot.post(teams.meeting_message("/role Regional Convenor (North Wales)"))
    assert "jo@example.org" in plain_text(standin.texts(MEETING_CHAT)[-1])
    # Named again in other case: the same person, nobody new.
    await bot.post(teams.meeting_message("/role Regional Convenor (North Wales) JO@example.org"))
    assert "nobody new" in standin.texts(MEETING_CHAT)[-1].lower()


async def test_an_owner_is_written_as_an_address_in_a_command_or_in_the_edit_form(
    bot: RunningBot, teams: Teams, standin: ConnectorStandIn
) -> None:
    await bot.post(teams.meeting_message("/action Share the toolkit owner: Jo Bloggs <Jo@Example.org>"))
    [action] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert action.owner is not None
    assert (action.owner.name, action.owner.email, action.owner.kind.value) == ("Jo Bloggs", "jo@example.org", "person")
    assert "Jo Bloggs" in all_text(standin.cards(MEETING_CHAT)[0])

    edit = buttons(standin.cards(MEETING_CHAT)[0])[1]["data"]
    _, form = await bot.post(teams.card_invoke(edit))
    fields = {e["id"]: e.get("value") for e in form["value"]["body"] if "id" in e}
    assert fields["owner_role"] == "jo@example.org"
    save = {**buttons(form["value"])[0]["data"], "text": "Share the toolkit", "owner_role": "sam@example.org"}
    await bot.post(teams.card_invoke(save))
    [edited] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert edited.owner is not None and (edited.owner.email, edited.owner.name) == (
        "sam@example.org",
        "sam@example.org",
    )

    bad = {**buttons(form["value"])[0]["data"], "text": "Share the toolkit", "owner_role": "sam@example"}
    _, refused = await bot.post(teams.card_invoke(bad))
    assert "“sam@example” is not an email address" in json.dumps(refused, ensure_ascii=False)
    [unchanged] = await bot.chaser.register.open_actions(MEETING_CHAT)
    assert unchanged.owner == edited.owner
