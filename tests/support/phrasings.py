"""The table of real action phrasings (tests/fixtures/phrasings/) and how a reading is scored against it.

Each row of ``phrasings.tsv`` is one action as a public body, charity, council or open-source project wrote it,
with the owner, the deadline as written and the cleaned text a secretary would expect, written by hand. Its
``source`` names a row of ``sources.tsv``: where the words were published, the day of the meeting (deadlines are
read on it) and who was in the meeting (the chat's members: names and initials are read against them).

Expected values: ``owner`` is empty for no owner, ``?`` for no owner and "ask who" (a passive sentence), one
name, or joint owners joined with `` + ``; ``text`` is ``=`` for the sentence itself.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.register.model import Person
from bot.register.sentence import ActionReading, read_action

TABLE = Path(__file__).resolve().parents[1] / "fixtures" / "phrasings"
GROUPS = ("owner position", "deadline position", "passive", "names vs roles", "Welsh")


@dataclass(frozen=True)
class Source:
    id: str
    reference: date
    url: str
    members: tuple[Person, ...]


@dataclass(frozen=True)
class Phrasing:
    source: Source
    group: str
    sentence: str
    owner: str
    deadline: str
    text: str

    @property
    def expected_text(self) -> str:
        return self.sentence.strip() if self.text == "=" else self.text

    def read(self) -> ActionReading:
        locale = "cy" if self.group == "Welsh" else "en"
        return read_action(self.sentence, reference=self.source.reference, members=self.source.members, locale=locale)

    def misses(self, reading: ActionReading) -> list[str]:
        """What the reading got wrong (empty when it read the row right)."""
        wrong = []
        got_owner = _owner(reading)
        if got_owner != self.owner:
            wrong.append(f"owner {got_owner!r} != {self.owner!r}")
        if reading.deadline.text != self.deadline:
            wrong.append(f"deadline {reading.deadline.text!r} != {self.deadline!r}")
        if reading.text != self.expected_text:
            wrong.append(f"text {reading.text!r} != {self.expected_text!r}")
        return wrong


def _owner(reading: ActionReading) -> str:
    if reading.owner is None:
        return "?" if reading.ask_who else ""
    if len(reading.owners) > 1:
        return " + ".join(owner.name for owner in reading.owners)
    return reading.owner.name


def sources() -> dict[str, Source]:
    found = {}
    with (TABLE / "sources.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            members = tuple(
                Person(name.strip(), user_id=f"29:{index}")
                for index, name in enumerate(row["members"].split(";"))
                if name.strip()
            )
            found[row["id"]] = Source(row["id"], date.fromisoformat(row["reference"]), row["url"], members)
    return found


def phrasings() -> Iterator[Phrasing]:
    known = sources()
    with (TABLE / "phrasings.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield Phrasing(
                source=known[row["source"]],
                group=row["group"],
                sentence=row["sentence"],
                owner=row["owner"],
                deadline=row["deadline"],
                text=row["text"],
            )
