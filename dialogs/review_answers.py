"""The chair's answers on a matters-arising row (done, carry forward, drop); each replaces that page of the review."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.register.errors import Conflict, InvalidInput
from bot.register.meetings import Meetings
from bot.register.model import Action, Surface
from bot.teams.replies import Reply
from bot.teams.turn import TurnInfo
from cards import verbs
from cards.catalogue import t
from cards.envelope import with_notice
from cards.review_cards import review_card, review_pages
from dialogs.card_versions import answer_key, as_seen


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
        chat_id, seen, key = info.chat.chat_id, as_seen(action, data), answer_key(action, data, verb, info)
        try:
            if verb == verbs.REVIEW_DONE:
                await self.register.complete(chat_id, seen, info.actor, surface=Surface.CARD, key=key)
            elif verb == verbs.CARRY_FORWARD:
                deadline = self.register.read_deadline(words, locale=info.locale or "en") if words else None
                await self.meetings.carry_forward(
                    chat_id, seen, info.actor, deadline=deadline, surface=Surface.CARD, key=key
                )
            else:
                if not words:
                    raise InvalidInput("error.reason.missing")
                await self.meetings.drop(chat_id, seen, info.actor, reason=words, surface=Surface.CARD, key=key)
        except Conflict:
            card = await self._page(data, info)
            notice = t("card.stale", info.locale, number=action.number)
            return Reply(card=with_notice(card, notice), refusal="card.stale")
        return Reply(card=await self._page(data, info))

    async def _page(self, data: Mapping[str, Any], info: TurnInfo) -> dict[str, Any]:
        """The page of the review the answer came from, as the review stands now."""
        review = await self.meetings.review(info.chat.chat_id)
        pages = review_pages(review.actions)
        page = data.get("page")
        index = page if isinstance(page, int) and 0 <= page < len(pages) else 0
        return review_card(
            review.occurrence,
            review.previous,
            pages[index],
            locale=info.locale,
            tz=self.register.tz,
            page=index,
            pages=len(pages),
            total=len(review.actions),
            carried=review.carried,
        )
