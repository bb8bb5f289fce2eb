"""The Summary of Actions of each meeting as documents for the record (Markdown, Word): the minutes' table, with
each action's deadline as that meeting agreed it, then its history since (deadline revisions, progress updates,
hand-backs, drops and removals, each dated in the chat's timezone).

Words come from the caller (`Words`: the message catalogue in the reader's language, bilingual when the chat is),
so the domain holds no wording. The Markdown keeps the minutes' table shape, so it imports back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Protocol

from bot.register.history import History
from bot.register.model import Action, ActionStatus, Occurrence

Groups = Sequence[tuple[Occurrence, Sequence[Action]]]
REMOVED = "removed"
COLUMNS = ("list.col.no", "list.col.action", "list.col.owner", "list.col.deadline")


class Words(Protocol):
    def say(self, key: str, **params: object) -> str: ...

    def day(self, moment: datetime) -> str: ...


def row(action: Action, history: History | None, words: Words) -> tuple[str, str, str, str]:
    """No. | Action Item | Owner | Deadline / Status, with the deadline as agreed."""
    agreed = history.agreed if history is not None else action.deadline.text
    deadline = agreed
    if action.status is not ActionStatus.OPEN:
        status = words.say(f"status.{action.status.value}")
        deadline = words.say("list.deadline_with_status", deadline=agreed, status=status) if agreed else status
    return (str(action.number), action.text, action.owner.name if action.owner else "", deadline)


def meeting_heading(occurrence: Occurrence, words: Words) -> str:
    title = occurrence.title or words.say("summary.untitled")
    return words.say("chaser.meeting", title=title, day=words.day(occurrence.started_at))


def history_lines(actions: Sequence[Action], histories: dict[str, History], words: Words) -> Iterator[str]:
    """What happened to a meeting's actions after it, action by action, oldest first."""
    for action in actions:
        history = histories.get(action.id)
        if history is None:
            continue
        said: list[tuple[datetime, str]] = []
        common: dict[str, object] = {"number": action.number}
        for revision in history.revisions:
            source = words.say(f"export.source.{revision.source}")
            text = words.say(
                "export.revised",
                day=words.day(revision.at),
                by=revision.by,
                source=source,
                before=revision.before or words.say("deadline.none"),
                after=revision.after or words.say("deadline.none"),
                **common,
            )
            said.append((revision.at, text))
        for update in history.updates:
            said.append(
                (
                    update.at,
                    words.say("export.update", day=words.day(update.at), by=update.by, text=update.text, **common),
                )
            )
        for note in history.handed_back:
            text = words.say("export.handed_back", day=words.day(note.at), by=note.by, reason=note.text, **common)
            if note.suggested:
                text = f"{text} {words.say('report.suggested', name=note.suggested)}"
            said.append((note.at, text))
        for key, closing in (("export.dropped", history.dropped), ("export.removed", history.removed)):
            if closing is not None:
                reason = closing.text or words.say("report.no_reason")
                said.append(
                    (closing.at, words.say(key, day=words.day(closing.at), by=closing.by, reason=reason, **common))
                )
        yield from (text for _, text in sorted(said, key=lambda s: s[0]))


def _listed(actions: Sequence[Action]) -> list[Action]:
    return [a for a in actions if a.status.value != REMOVED]


class ExportWriter(Protocol):
    """A document written as the register is read, meeting by meeting and page by page, so neither the register
    nor the document is ever held whole: each call returns the next bytes of the document."""

    def begin(self) -> bytes: ...

    def meeting(self, occurrence: Occurrence) -> bytes: ...

    def page(self, occurrence: Occurrence, actions: Sequence[Action], histories: dict[str, History]) -> bytes: ...

    def end_meeting(self, occurrence: Occurrence) -> bytes: ...

    def end(self) -> bytes: ...


def write_all(writer: ExportWriter, groups: Groups, histories: dict[str, History]) -> bytes:
    """A whole document at once (tests, and registers already in memory)."""
    parts = [writer.begin()]
    for occurrence, actions in groups:
        parts += [writer.meeting(occurrence), writer.page(occurrence, actions, histories)]
        parts.append(writer.end_meeting(occurrence))
    parts.append(writer.end())
    return b"".join(parts)


class MarkdownWriter:
    """Each meeting's table, then its history: the history lines (short strings) are kept until the table ends."""

    def __init__(self, *, chat_title: str | None, words: Words) -> None:
        self.chat_title, self.words = chat_title, words
        self._lines: list[str] = []

    def begin(self) -> bytes:
        title = _md(self.chat_title) if self.chat_title else self.words.say("export.document_title")
        return f"# {title}\n".encode()

    def meeting(self, occurrence: Occurrence) -> bytes:
        self._lines = []
        headings = [self.words.say(key) for key in COLUMNS]
        out = [
            "",
            f"## {_md(meeting_heading(occurrence, self.words))}",
            "",
            self.words.say("export.summary_of_actions"),
        ]
        out += ["", "| " + " | ".join(headings) + " |", "|" + "|".join("---" for _ in headings) + "|"]
        return ("\n".join(out) + "\n").encode()

    def page(self, occurrence: Occurrence, actions: Sequence[Action], histories: dict[str, History]) -> bytes:
        self._lines += history_lines(actions, histories, self.words)
        rows = (row(a, histories.get(a.id), self.words) for a in _listed(actions))
        return "".join("| " + " | ".join(_cell(c) for c in cells) + " |\n" for cells in rows).encode()

    def end_meeting(self, occurrence: Occurrence) -> bytes:
        if not self._lines:
            return b""
        out = ["", f"### {self.words.say('export.history')}", "", *(f"- {_md(line)}" for line in self._lines)]
        self._lines = []
        return ("\n".join(out) + "\n").encode()

    def end(self) -> bytes:
        return b""


def summary_markdown(groups: Groups, histories: dict[str, History], *, chat_title: str | None, words: Words) -> str:
    return write_all(MarkdownWriter(chat_title=chat_title, words=words), groups, histories).decode()


def _cell(text: str) -> str:
    # A pipe or a line break in an action would end the table cell early.
    return " ".join(text.split()).replace("|", "\\|")


def _md(text: str) -> str:
    return " ".join(text.split())


def summary_docx(groups: Groups, histories: dict[str, History], *, chat_title: str | None, words: Words) -> bytes:
    from bot.register.record_docx import DocxWriter

    return write_all(DocxWriter(chat_title=chat_title, words=words), groups, histories)
