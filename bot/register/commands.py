"""The command language, parsed without any framework: what a chat message asks Chaser to do.

The edge (bot/teams) strips the bot's own @mention and hands over the remaining text with the other mentions;
everything here is pure and table-tested.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.register.errors import InvalidInput
from bot.register.model import Deadline, Owner

if TYPE_CHECKING:
    from bot.register.sentence import ActionReading

MAX_ACTION_TEXT = 1000
# A whole message may carry owner and deadline words around the action text.
MAX_COMMAND_TEXT = 2000


@dataclass(frozen=True)
class CommandSpec:
    """One command: its keyword, aliases, the scopes it is offered in, and its help texts (catalogue keys)."""

    name: str
    aliases: tuple[str, ...]
    scopes: tuple[str, ...]
    # The scopes the Teams app suggests it in (its manifest command lists hold 12 at most); all its scopes if None.
    suggested: tuple[str, ...] | None = None

    @property
    def suggested_scopes(self) -> tuple[str, ...]:
        return self.scopes if self.suggested is None else self.suggested

    @property
    def title_key(self) -> str:
        return f"command.{self.name}.title"

    @property
    def description_key(self) -> str:
        return f"command.{self.name}.description"

    @property
    def example_key(self) -> str:
        return f"command.{self.name}.example"


ALL_SCOPES = ("personal", "groupChat", "team")
GROUP_SCOPES = ("groupChat", "team")

# Order is the order of /help and of the manifest's command lists.
COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("action", ("gweithred", "cam"), ALL_SCOPES),
    CommandSpec("actions", ("list", "gweithredoedd", "camau"), ALL_SCOPES),
    CommandSpec("done", ("close", "cwblhau", "gwneud"), ALL_SCOPES),
    # Group chats already suggest twelve commands, Teams' most: /undo is suggested in personal chat only.
    CommandSpec("undo", ("dadwneud",), ALL_SCOPES, suggested=("personal",)),
    CommandSpec("summary", ("crynodeb",), GROUP_SCOPES),
    CommandSpec("review", ("matters", "adolygu"), GROUP_SCOPES),
    CommandSpec("nextmeeting", ("next", "cyfarfodnesaf"), GROUP_SCOPES),
    CommandSpec("chasers", ("reminders", "atgoffa"), ALL_SCOPES),
    CommandSpec("import", ("mewnforio",), GROUP_SCOPES),
    CommandSpec("export", ("allforio",), ALL_SCOPES),
    CommandSpec("role", ("roles", "rol", "rôl"), GROUP_SCOPES),
    CommandSpec("language", ("iaith",), ALL_SCOPES),
    CommandSpec("help", ("cymorth",), ALL_SCOPES),
)
COMMANDS_BY_KEYWORD: dict[str, CommandSpec] = {
    keyword: spec for spec in COMMANDS for keyword in (spec.name, *spec.aliases)
}


@dataclass(frozen=True)
class Mention:
    """Someone @mentioned in the message, as Teams sent it: `text` is the "<at>Name</at>" markup in the text."""

    user_id: str
    name: str
    text: str
    aad_id: str | None = None


@dataclass(frozen=True)
class CommandCall:
    name: str
    args: str
    mentions: tuple[Mention, ...] = ()


_COMMAND = re.compile(r"^\s*(?P<slash>/)?(?P<word>[^\s:/]+)(?P<colon>:)?(?:\s+|$)(?P<rest>.*)$", re.DOTALL)


def recognise(text: str, *, addressed: bool, mentions: Sequence[Mention] = ()) -> CommandCall | None:
    """The command in `text`, or None when the message is not for Chaser.

    `addressed` is true when the bot was @mentioned or the chat is 1:1 with it. In a meeting chat the bot may see every
    message (RSC ChatMessage.Read.Chat), so unaddressed text must start with a slash command, or with the minutes idiom
    "action: …" (with its colon), to count. A bare "Action films tonight?" is conversation: stored, it would put a
    stranger's chatter (and whatever else the message holds) into the register.
    """
    if not text or not text.strip():
        return None
    match = _COMMAND.match(text)
    if not match:
        return None
    word = match["word"].lower()
    spec = COMMANDS_BY_KEYWORD.get(word)
    if spec is None:
        return None
    bare = not match["slash"]
    if bare and not addressed and spec.name != "action":
        return None
    if bare and not addressed and not match["colon"]:
        # "action …", "cam …" without a colon start ordinary sentences; only the minutes idiom with its colon counts.
        return None
    return CommandCall(name=spec.name, args=match["rest"].strip(), mentions=tuple(mentions))


@dataclass(frozen=True)
class ActionDraft:
    """An /action command understood: the action text, who owns it and the deadline words, before storing."""

    text: str
    owner: Owner | None
    deadline: Deadline


SentenceReader = Callable[[str], "ActionReading"]


def parse_action(args: str, *, read: SentenceReader) -> ActionReading:
    """``/action`` words read by the one action-sentence reader (``bot.register.sentence``), within the limits.

    Refuses words over ``MAX_COMMAND_TEXT`` before reading them, and a reading with no text or text over
    ``MAX_ACTION_TEXT``: nothing half-made is stored."""
    words = args.strip()
    if len(words) > MAX_COMMAND_TEXT:
        raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
    reading = read(words)
    if not reading.text:
        raise InvalidInput("error.action.empty")
    if len(reading.text) > MAX_ACTION_TEXT:
        raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
    return reading


def parse_number(args: str) -> int:
    """The action number in `/done 3` (also "#3", "no. 3")."""
    match = re.fullmatch(r"\s*(?:no\.?\s*|rhif\s*|#)?(\d{1,6})\s*", args, re.IGNORECASE)
    if not match:
        raise InvalidInput("error.number.invalid", given=args.strip()[:40])
    return int(match[1])
