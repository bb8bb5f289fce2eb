"""Who owner words name: someone @mentioned, a member of the chat (full name, first name, surname or initials when
only one member has them), an email address, a role, or else the words as written (an organisation, "DARPL")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.register.commands import Mention
from bot.register.deadlines.vocabulary import fold
from bot.register.email_address import read_email
from bot.register.model import Owner, Person
from bot.register.sentence.words import ROLE_WORDS, ROLES

# Initials or an acronym standing for an owner: "MW", "YO", "DARPL", "WCVA".
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,7}s?")
# Members looked at per chat: beyond this the roster is a town hall, and names there prove nothing.
MAX_MEMBERS = 2000


def _initial_surname(name: str) -> str | None:
    """ "l roberts" for "Liz Roberts", "L.Roberts" and "L Roberts": how minutes shorten a name."""
    parts = [part for part in re.split(r"[\s.]+", fold(name)) if part]
    return f"{parts[0][0]} {parts[-1]}" if len(parts) >= 2 and parts[0][:1].isalpha() else None


def _initials(name: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.-]+", name) if part and part[0].isalpha()).upper()


class ChatPeople:
    """The chat's members and mentions, indexed by the names people use for them."""

    def __init__(
        self, members: Sequence[Person] = (), mentions: Sequence[Mention] = (), roles: Iterable[str] = ()
    ) -> None:
        self.mentions = tuple(mentions)
        self._full: dict[str, set[Person]] = {}
        self._first: dict[str, set[Person]] = {}
        self._last: dict[str, set[Person]] = {}
        self._initials: dict[str, set[Person]] = {}
        self._initial_surname: dict[str, set[Person]] = {}
        self._emails: dict[str, Person] = {}
        people = [*members[:MAX_MEMBERS], *(_person(mention) for mention in mentions)]
        for person in people:
            if person.email:
                self._emails[person.email.casefold()] = person
            names = fold(person.name).split()
            if not names:
                continue
            self._full.setdefault(" ".join(names), set()).add(person)
            self._first.setdefault(names[0], set()).add(person)
            if len(names) > 1:
                self._last.setdefault(names[-1], set()).add(person)
                self._initials.setdefault(_initials(person.name), set()).add(person)
            short = _initial_surname(person.name)
            if short:
                self._initial_surname.setdefault(short, set()).add(person)
        self.roles = frozenset(fold(role) for role in roles) | ROLES

    def member(self, words: str) -> Person | None:
        """The one member these words name, if exactly one: "Owen Davies", "Owen", "Davies", "OD"."""
        folded = " ".join(fold(words).split())
        short = _initial_surname(words)
        for index, key in (
            (self._full, folded),
            (self._first, folded),
            (self._last, folded),
            (self._initial_surname, short),
        ):
            found = index.get(key, set()) if key else set()
            if len(found) == 1:
                return _one(found)
            if len(found) > 1:
                return None  # two Owens: the words do not say which
        if _ACRONYM.fullmatch(words.strip()):
            found = self._initials.get(words.strip().upper(), set())
            if len(found) == 1:
                return _one(found)
        return None

    def is_role(self, words: str) -> bool:
        """A role by name: "Secretariat", "the Clerk", "WG Officials", a role this chat has holders for."""
        folded = " ".join(fold(words).split())
        if folded in self.roles:
            return True
        parts = folded.split()
        if len(parts) == 1:
            return parts[0] in ROLE_WORDS
        # "Welsh Government Officials", "Forum member": a name ending in a role, written as a name.
        return len(parts) <= 4 and parts[-1] in ROLE_WORDS and words.strip()[:1].isupper()

    @staticmethod
    def names_a_role(words: str) -> bool:
        """Words with a role in them: "Regional convenor for N Wales", "Head of Sanctuary Policy"."""
        parts = fold(words).split()
        return 0 < len(parts) <= 7 and any(part in ROLE_WORDS for part in parts)

    def owner(self, words: str, *, mention: int | None = None) -> Owner:
        """The owner these words name (as written when they name no one in the chat)."""
        if mention is not None and 0 <= mention < len(self.mentions):
            found = self.mentions[mention]
            return _owner(_person(found))
        address = read_email(words)  # "jo@example.org", or "Jo Bloggs <jo@example.org>"
        if address is not None:
            known = self._emails.get(address.address)
            return _owner(known) if known is not None else Owner.by_email(address.address, name=address.name)
        person = None if self.is_role(words) else self.member(words)
        if person is not None:
            return _owner(person)
        return Owner.role(" ".join(words.split()))


def _owner(person: Person) -> Owner:
    return Owner.person(person.name, aad_id=person.aad_id, user_id=person.user_id, email=person.email)


def is_acronym(word: str) -> bool:
    return bool(_ACRONYM.fullmatch(word)) and not word.isdigit()


def _person(mention: Mention) -> Person:
    return Person(name=mention.name, aad_id=mention.aad_id, user_id=mention.user_id)


def _one(found: set[Person]) -> Person:
    (person,) = found
    return person
