"""The chair's answers on a matters-arising row (done, carry forward, drop); each replaces that page of the review."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.register.errors import InvalidInput
from bot.register.meetings import Meetings
from bot.register.model import Action, Surface
from bot.teams.replies import Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.review_cards import review_card, review_pages


class ReviewAnswers:
    def __init__(self, meetings: Meetings) -> None:
        self.meetings = meetings
        self.register = meetings.register

    async def answer(self, verb: str, action: Action, data: Mapping[str, Any], info: TurnInfo) -> Reply:
        field = data.get(verbs.FIELD)
        typed = data.get(field) if isinstance(field, str) else None
        if typed is not None and not isinstance(typed, str):
            raise InvalidInput("error.card.malformed")
        words = (typed or "").strip()
        if verb == verbs.REVIEW_DONE:
            await self.register.complete(info.chat.chat_id, action, info.actor, surface=Surface.CARD, key=None)
        elif verb == verbs.CARRY_FORWARD:
            deadline = self.register.read_deadline(words, locale=info.locale or "en") if words else None
            await self.meetings.carry_forward(
                info.chat.chat_id, action, info.actor, deadline=deadline, surface=Surface.CARD
            )
        else:
            if not words:
                raise InvalidInput("error.reason.missing")
            await self.meetings.drop(info.chat.chat_id, action, info.actor, reason=words, surface=Surface.CARD)
        review = await self.meetings.review(info.chat.chat_id)
        pages = review_pages(review.actions)
        page = data.get("page")
        index = page if isinstance(page, int) and 0 <= page < len(pages) else 0
        card = review_card(
            review.occurrence,
            review.previous,
            pages[index],
            locale=info.locale,
            tz=self.register.tz,
            page=index,
            pages=len(pages),
            total=len(review.actions),
        )
        return Reply(card=card)
