"""The Summary of Actions of each meeting as documents for the record (Markdown, Word): the minutes' table, with
each action's deadline as that meeting agreed it, then its history since (deadline revisions, progress updates,
hand-backs, drops and removals, each dated in the chat's timezone).

Words come from the caller (`Words`: the message catalogue in the reader's language, bilingual when the chat is),
so the domain holds no wording. The Markdown keeps the minutes' table shape, so it imports back.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol

from bot.register.history import History
from bot.register.model import Action, ActionStatus, Occurrence

Groups = Sequence[tuple[Occurrence, Sequence[Action]]]
REMOVED = "removed"
_BREAKS = frozenset("\t\n\r")
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


def summary_markdown(groups: Groups, histories: dict[str, History], *, chat_title: str | None, words: Words) -> str:
    out = [f"# {_md(chat_title)}" if chat_title else f"# {words.say('export.document_title')}", ""]
    headings = [words.say(key) for key in COLUMNS]
    for occurrence, actions in groups:
        out += [f"## {_md(meeting_heading(occurrence, words))}", "", words.say("export.summary_of_actions"), ""]
        out.append("| " + " | ".join(headings) + " |")
        out.append("|" + "|".join("---" for _ in headings) + "|")
        for action in _listed(actions):
            out.append("| " + " | ".join(_cell(c) for c in row(action, histories.get(action.id), words)) + " |")
        out.append("")
        lines = list(history_lines(actions, histories, words))
        if lines:
            out += [f"### {words.say('export.history')}", ""]
            out += [f"- {_md(line)}" for line in lines]
            out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    # A pipe or a line break in an action would end the table cell early.
    return " ".join(text.split()).replace("|", "\\|")


def _md(text: str) -> str:
    return " ".join(text.split())


def summary_docx(groups: Groups, histories: dict[str, History], *, chat_title: str | None, words: Words) -> bytes:
    import docx
    from docx.shared import Mm

    document = docx.Document()
    for section in document.sections:
        # A4, as a UK secretariat prints and files it (python-docx's template is US Letter).
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    headings = [words.say(key) for key in COLUMNS]
    # Styles looked up once: python-docx finds a style by name with an XPath search of the styles part on every
    # paragraph, most of the time a long history took.
    bullet = document.styles["List Bullet"].style_id
    heading = {level: document.styles[f"Heading {level}"].style_id for level in (1, 2, 3)}
    body = document.element.body
    _add_paragraph(body, chat_title or words.say("export.document_title"), style_id=heading[1])
    for occurrence, actions in groups:
        _add_paragraph(body, meeting_heading(occurrence, words), style_id=heading[2])
        listed = _listed(actions)
        table = document.add_table(rows=1 + len(listed), cols=len(headings))
        table.style = "Table Grid"
        rows = table._tbl.tr_lst
        _fill_row(rows[0], headings, bold=True)
        for tr, action in zip(rows[1:], listed, strict=True):
            _fill_row(tr, row(action, histories.get(action.id), words), bold=False)
        lines = list(history_lines(actions, histories, words))
        if lines:
            _add_paragraph(body, words.say("export.history"), style_id=heading[3])
            for line in lines:
                _add_paragraph(body, line, style_id=bullet)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill_row(tr: Any, values: Sequence[str], *, bold: bool) -> None:
    # The table's XML filled directly: python-docx's cell objects re-walk the grid for every cell, which made a
    # register of thousands of actions take seconds.
    for tc, value in zip(tr.tc_lst, values, strict=True):
        run = _add_run(tc.p_lst[0], value)
        if bold:
            run.get_or_add_rPr().get_or_add_b()


def _add_paragraph(body: Any, text: str, *, style_id: str) -> None:
    paragraph = body.add_p()  # before the section properties, which end the body
    paragraph.style = style_id
    _add_run(paragraph, text)


def _add_run(paragraph: Any, text: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    # Appended as plain XML: the run is the paragraph's last child, so python-docx's ordered insert (an XPath
    # search per element) has nothing to find.
    run = OxmlElement("w:r")
    paragraph.append(run)
    if _BREAKS.isdisjoint(text):
        t = OxmlElement("w:t")
        t.text = text
        if text != text.strip():
            t.set(qn("xml:space"), "preserve")
        run.append(t)
    else:
        run.text = text  # tabs and line breaks become their own elements
    return run
