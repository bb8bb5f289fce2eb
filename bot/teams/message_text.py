"""A Teams message as "Log as action" receives it (messagePayload): its HTML body as plain text, with each
@mention kept as ``<at>Name</at>`` markup and the person it names, so the sentence reader treats it as it would a
typed /action. Bounded: bodies over MAX_HTML characters are refused, not read."""

from __future__ import annotations

import html
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from bot.register.commands import Mention

MAX_HTML = 20_000
CARD_TYPES = ("application/vnd.microsoft.card.", "application/vnd.microsoft.teams.card.")
# Elements that break a line: a paragraph, a list item, a line break.
_BREAKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"})


@dataclass(frozen=True)
class MessageText:
    text: str
    mentions: tuple[Mention, ...]
    author: str
    is_card: bool


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.mention: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "at":
            self.mention = []
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "at" and self.mention is not None:
            name = " ".join("".join(self.mention).split())
            self.parts.append(f"<at>{name}</at>")
            self.mention = None
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        (self.mention if self.mention is not None else self.parts).append(data)


def read_message(payload: object) -> MessageText | None:
    """The text of a message payload, or None when it is not a message payload at all (forged or malformed)."""
    if not isinstance(payload, dict):
        return None
    body = payload.get("body")
    content = body.get("content") if isinstance(body, dict) else None
    kind = body.get("contentType") if isinstance(body, dict) else None
    if content is not None and not isinstance(content, str):
        return None
    content = content or ""
    if len(content) > MAX_HTML:
        content = content[:MAX_HTML]
    if kind == "html":
        parser = _Text()
        parser.feed(content)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(content)
    # One sentence per line at most: minutes paste one action a line; extra blank lines mean nothing here.
    text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return MessageText(
        text=text,
        mentions=tuple(_mentions(payload.get("mentions"))),
        author=_author(payload.get("from")),
        is_card=_is_card(payload.get("attachments"), text),
    )


def _mentions(raw: object) -> list[Mention]:
    found = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        name = item.get("mentionText")
        mentioned = item.get("mentioned")
        user = mentioned.get("user") if isinstance(mentioned, dict) else None
        aad = user.get("id") if isinstance(user, dict) else None
        if isinstance(name, str) and name.strip() and isinstance(aad, str) and aad:
            name = " ".join(name.split())
            found.append(Mention(user_id=aad, name=name, text=f"<at>{name}</at>", aad_id=aad))
    return found[:20]


def _author(raw: Any) -> str:
    user = raw.get("user") if isinstance(raw, dict) else None
    name = user.get("displayName") if isinstance(user, dict) else None
    return " ".join(name.split())[:120] if isinstance(name, str) else ""


def _is_card(attachments: object, text: str) -> bool:
    cards = [
        item
        for item in (attachments if isinstance(attachments, list) else [])
        if isinstance(item, dict) and str(item.get("contentType", "")).startswith(CARD_TYPES)
    ]
    # A card message's body is only the attachment's placeholder: there are no words of its own to log.
    return bool(cards) and not text.strip()
