"""The chat's open actions as a card: the /actions command and the list's Refresh button give the same one."""

from __future__ import annotations

from typing import Any

from bot.register.service import ActionRegister
from bot.teams.turn import TurnInfo
from cards.list_cards import MAX_ROWS, actions_list_card


async def open_actions_card(register: ActionRegister, info: TurnInfo) -> dict[str, Any]:
    actions = await register.open_actions(info.chat.chat_id)
    starts = await register.meeting_starts(info.chat.chat_id)
    card = actions_list_card(actions, locale=info.locale, tz=register.tz, meetings=starts)
    await register.numbers_shown(actions[:MAX_ROWS])
    return card
