"""The command language, parsed without any framework: what a chat message asks Chaser to do.

The edge (bot/teams) strips the bot's own @mention and hands over the remaining text with the other mentions;
everything here is pure and table-tested.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.register.errors import InvalidInput
from bot.register.model import Deadline, DeadlineKind, Owner

MAX_ACTION_TEXT = 1000
# A whole message may carry owner and deadline words around the action text.
MAX_COMMAND_TEXT = 2000


@dataclass(frozen=True)
class CommandSpec:
    """One command: its keyword, aliases, the scopes it is offered in, and its help texts (catalogue keys)."""

    name: str
    aliases: tuple[str, ...]
    scopes: tuple[str, ...]

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
    "action …" / "action: …", to count.
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
    if bare and not addressed and not match["colon"] and word != spec.name:
        # Bare Welsh words ("cam ...") are too common in conversation to read as commands without a slash.
        return None
    return CommandCall(name=spec.name, args=match["rest"].strip(), mentions=tuple(mentions))


@dataclass(frozen=True)
class ActionDraft:
    """An /action command understood: the action text, who owns it and the deadline words, before storing."""

    text: str
    owner: Owner | None
    deadline: Deadline


DeadlineReader = Callable[[str], Deadline]

# Explicit markers: whatever follows them is the owner or the deadline, whatever it says.
_OWNER_MARK = re.compile(r"(?:^|\s)(?:owner|perchennog)\s*:\s*", re.IGNORECASE)
_DEADLINE_MARK = re.compile(r"(?:^|\s)(?:deadline\s*:|due\s*:?|dyddiad cau\s*:)\s*", re.IGNORECASE)
# Soft markers: ordinary words too ("shared by the team"), so they count only when the words after them read as a
# deadline. The marker stays in the words, as minutes write them ("By June 2025", "Before next meeting").
_SOFT_DEADLINE = re.compile(r"(?:^|\s)(?P<words>(?:by|before|erbyn|cyn)\s+.+)$", re.IGNORECASE)
_IDIOM = re.compile(r"^(?P<owner>[^\s].{0,80}?)\s+(?:to|i)\s+(?P<verb>[a-z].*)$", re.IGNORECASE | re.DOTALL)
_IDIOM_MAX_OWNER_WORDS = 6
_NOT_OWNERS = {
    "how",
    "what",
    "need",
    "needs",
    "we",
    "want",
    "wants",
    "going",
    "plan",
    "plans",
    "try",
    "i",
    "it",
}


def parse_action(args: str, mentions: Sequence[Mention], *, read_deadline: DeadlineReader) -> ActionDraft:
    """Split `/action` words into text, owner and deadline.

    Owner: `owner: <role or @mention>`, else the first @mention, else the minutes idiom "<Owner> to <verb> …".
    Deadline: `due …` / `deadline: …` (explicit), else a trailing "by …" / "before …" that reads as a deadline.
    """
    words = _normalise_space(args)
    if len(words) > MAX_COMMAND_TEXT:
        raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
    deadline_words, words = _take_marked(words, _DEADLINE_MARK, stop=_OWNER_MARK)
    owner_words, words = _take_marked(words, _OWNER_MARK, stop=_DEADLINE_MARK)
    if deadline_words is None:
        deadline_words, words = _take_soft_deadline(words, read_deadline)

    owner = _owner_from(owner_words, mentions) if owner_words is not None else None
    if owner is None and owner_words is None:
        owner = _first_mention_owner(words, mentions) or _idiom_owner(words, mentions)
    if owner_words is not None and owner is None:
        raise InvalidInput("error.action.owner_empty")

    text = words.strip().rstrip(",;").strip()
    if not text:
        raise InvalidInput("error.action.empty")
    if len(text) > MAX_ACTION_TEXT:
        raise InvalidInput("error.action.too_long", limit=MAX_ACTION_TEXT)
    deadline = read_deadline(deadline_words) if deadline_words else Deadline.none()
    return ActionDraft(text=text, owner=owner, deadline=deadline)


def parse_number(args: str) -> int:
    """The action number in `/done 3` (also "#3", "no. 3")."""
    match = re.fullmatch(r"\s*(?:no\.?\s*|rhif\s*|#)?(\d{1,6})\s*", args, re.IGNORECASE)
    if not match:
        raise InvalidInput("error.number.invalid", given=args.strip()[:40])
    return int(match[1])


def _normalise_space(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _take_marked(words: str, mark: re.Pattern[str], *, stop: re.Pattern[str]) -> tuple[str | None, str]:
    found = mark.search(words)
    if not found:
        return None, words
    tail = words[found.end() :]
    end = stop.search(tail)
    value = tail[: end.start()] if end else tail
    rest = words[: found.start()] + (tail[end.start() :] if end else "")
    return value.strip().rstrip(".").strip(), rest


def _take_soft_deadline(words: str, read_deadline: DeadlineReader) -> tuple[str | None, str]:
    # Try each "by/before …" from the left, so the longest tail that reads as a deadline wins.
    for found in re.finditer(r"(?:^|\s)(?=(?:by|before|erbyn|cyn)\s)", words, re.IGNORECASE):
        candidate = words[found.end() :].strip().rstrip(".").strip()
        if read_deadline(candidate).kind is not DeadlineKind.UNKNOWN:
            return candidate, words[: found.start()]
    return None, words


def _owner_from(words: str, mentions: Sequence[Mention]) -> Owner | None:
    words = words.strip().rstrip(".,;").strip()
    for mention in mentions:
        if mention.text in words:
            return Owner.person(mention.name, aad_id=mention.aad_id, user_id=mention.user_id)
    return Owner.role(words) if words else None


def _first_mention_owner(words: str, mentions: Sequence[Mention]) -> Owner | None:
    for mention in mentions:
        if mention.text in words:
            return Owner.person(mention.name, aad_id=mention.aad_id, user_id=mention.user_id)
    return None


def _idiom_owner(words: str, mentions: Sequence[Mention]) -> Owner | None:
    match = _IDIOM.match(words)
    if not match:
        return None
    owner = match["owner"].strip()
    owner_words = owner.split()
    if len(owner_words) > _IDIOM_MAX_OWNER_WORDS or owner_words[0].lower() in _NOT_OWNERS:
        return None
    if not (owner[0].isupper() or owner.startswith("<at>")):
        return None
    return _owner_from(owner, mentions)
