"""Answer-page addresses for emails: CHASER_PUBLIC_URL/a/<token>, a token per person and action."""

from __future__ import annotations

from bot.register import answer_links
from bot.register.model import Person
from bot.register.ports import Clock

PAGE_PATH = "/a/"


class AnswerLinks:
    def __init__(self, secret: bytes, public_url: str, clock: Clock, *, days: int) -> None:
        self.secret = secret
        self.public_url = public_url.rstrip("/")
        self.clock = clock
        self.days = days

    def url(self, action_id: str, person: Person) -> str:
        token = answer_links.issue(self.secret, action_id, person, now=self.clock.now(), days=self.days)
        return f"{self.public_url}{PAGE_PATH}{token}"
