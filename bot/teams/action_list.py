"""The chat's open actions as a card: the /actions command and the list's Refresh button give the same one."""

from __future__ import annotations

from typing import Any

from bot.register.service import ActionRegister
from bot.teams.turn import TurnInfo
from cards.list_cards import MAX_ROWS, actions_list_card


async def open_actions_card(register: ActionRegister, info: TurnInfo) -> dict[str, Any]:
    actions, total = await register.first_open_actions(info.chat.chat_id, MAX_ROWS)
    starts = await register.meeting_starts(info.chat.chat_id)
    card = actions_list_card(actions, locale=info.locale, tz=register.tz, meetings=starts, total=total)
    await register.numbers_shown(actions)
    return card
