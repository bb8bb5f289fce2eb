"""Chaser emails: the same reminder as the card, as plain accessible HTML and text, with one answer link per action.

Pure: the caller gives the actions, the links and the reader's language. Bilingual mail (the reader's language is not
known) is one message with the Welsh first and the English after it, each part marked with its `lang`, as the Welsh
Language Standards ask. Every piece of user text is escaped before it reaches the HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.register.chasing import ChaserItem
from bot.register.model import Action, ActionStatus, Occurrence
from cards.action_cards import owner_label, status_label
from cards.catalogue import BILINGUAL, t, tn
from cards.deadline_format import as_written, format_day, understood

# Text and links at 7:1 or better against white; no colour carries meaning alone.
_STYLE = (
    "body{font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;"
    "background:#ffffff;margin:0;padding:16px}main{max-width:40em}a{color:#0b4f9c;text-decoration:underline}"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}dt{font-weight:bold}dd{margin:0 0 .5em 0}"
    ".note{color:#3b3b3b;font-size:.95em}hr{margin:2em 0}"
)


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str
    languages: tuple[str, ...]  # in the order they appear: ("cy", "en") for bilingual mail


def languages_for(locale: str | None) -> tuple[str, ...]:
    if locale == BILINGUAL or locale is None:
        return ("cy", "en")
    return ("cy",) if locale.startswith("cy") else ("en",)


def chaser_email(
    items: Sequence[ChaserItem],
    links: Mapping[str, str],
    *,
    locale: str | None,
    tz: tzinfo,
    escalation: bool = False,
    link_days: int,
) -> EmailContent:
    title_key = "chaser.escalation_title" if escalation else "chaser.title"

    def heading(language: str) -> tuple[str, tuple[str, ...]]:
        title = tn(title_key, len(items), language)
        intro = tn("chaser.escalation_intro", len(items), language) if escalation else t("email.intro", language)
        return title, (intro,)

    entries = [_Entry(i.action, i.kind, i.meeting_title, i.meeting_day, i.name_owner) for i in items]
    return _email(entries, links, locale, tz, link_days, heading)


def digest_email(
    occurrence: Occurrence,
    actions: Sequence[Action],
    links: Mapping[str, str],
    *,
    locale: str | None,
    tz: tzinfo,
    link_days: int,
) -> EmailContent:
    """What one owner takes away from a meeting, by email: their new actions, each with its answer link."""
    # The heading names the meeting; each action needs no stage of chasing.
    entries = [_Entry(action) for action in actions]

    def heading(language: str) -> tuple[str, tuple[str, ...]]:
        title = t(
            "summary.yours",
            language,
            title=occurrence.title or t("summary.untitled", language),
            day=format_day(occurrence.started_at, language, tz),
        )
        return title, (tn("summary.yours_count", len(actions), language) + ".", t("email.intro", language))

    return _email(entries, links, locale, tz, link_days, heading)


@dataclass(frozen=True)
class _Entry:
    """One action in an email: with its stage of chasing and meeting in a reminder, alone in a meeting's digest."""

    action: Action
    stage_kind: str | None = None
    meeting_title: str | None = None
    meeting_day: datetime | None = None
    name_owner: bool = False


def _email(
    items: Sequence[_Entry],
    links: Mapping[str, str],
    locale: str | None,
    tz: tzinfo,
    link_days: int,
    heading: Callable[[str], tuple[str, tuple[str, ...]]],
) -> EmailContent:
    languages = languages_for(locale)
    # The subject in each of the message's languages, Welsh first, on one line (a header has no paragraphs).
    subject = " / ".join(dict.fromkeys(heading(language)[0] for language in languages))
    parts = [_part(items, links, language, tz, link_days, heading(language)) for language in languages]
    text = "\n\n----------------------------------------\n\n".join(part for part, _ in parts)
    body = "\n<hr>\n".join(section for _, section in parts)
    page = (
        f'<!DOCTYPE html>\n<html lang="{languages[0]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(subject)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
    return EmailContent(subject, text, page, languages)


def _fields(item: _Entry, language: str, tz: tzinfo) -> list[tuple[str, str]]:
    action = item.action
    fields: list[tuple[str, str]] = []
    if item.meeting_day is not None:
        meeting = t(
            "chaser.meeting",
            language,
            title=item.meeting_title or t("summary.untitled", language),
            day=format_day(item.meeting_day, language, tz),
        )
        fields.append((t("field.meeting", language), meeting))
    fields += [
        (t("field.owner", language), owner_label(action.owner, language)),
        (t("field.deadline", language), as_written(action.deadline, language)),
        (t("field.understood", language), understood(action.deadline, language, tz)),
        (t("field.status", language), status_label(action, language)),
    ]
    if action.latest_update:
        fields.append((t("field.latest_update", language), action.latest_update))
    return fields


def _name_owner(item: _Entry, language: str) -> str | None:
    if not item.name_owner:
        return None
    role = item.action.owner.name if item.action.owner else None
    return t("chaser.name_owner_role", language, role=role) if role else t("chaser.name_owner", language)


def _part(
    items: Sequence[_Entry],
    links: Mapping[str, str],
    language: str,
    tz: tzinfo,
    link_days: int,
    heading: tuple[str, tuple[str, ...]],
) -> tuple[str, str]:
    """One language's text and HTML."""
    title, intro = heading
    text: list[str] = [title, "=" * len(title), "", "\n\n".join(intro)]
    markup: list[str] = [f'<section lang="{language}">', f"<h1>{_e(title)}</h1>", *(f"<p>{_e(p)}</p>" for p in intro)]
    for item in items:
        action = item.action
        head = f"{action.number}. {action.text}"
        text += ["", head, "-" * min(len(head), 72)]
        markup.append(f"<h2>{_e(head)}</h2>")
        if item.stage_kind:
            stage = t(f"chaser.stage.{item.stage_kind}", language)
            text.append(stage)
            markup.append(f"<p>{_e(stage)}</p>")
        ask = _name_owner(item, language)
        if ask:
            text.append(ask)
            markup.append(f"<p>{_e(ask)}</p>")
        fields = _fields(item, language, tz)
        text += [f"{label}: {value}" for label, value in fields]
        markup.append(
            "<dl>" + "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in fields) + "</dl>"
        )
        link = links.get(action.id)
        if link and action.status is ActionStatus.OPEN:
            label = t("email.answer_link", language, number=action.number)
            text.append(f"{label}: {link}")
            markup.append(f'<p><a href="{_e(link)}">{_e(label)}</a></p>')
    notes = [t("email.link_note", language, days=link_days), t("chaser.footer", language)]
    text += ["", *notes]
    markup += [f'<p class="note">{_e(note)}</p>' for note in notes]
    markup.append("</section>")
    return "\n".join(text), "\n".join(markup)


def _e(text: str) -> str:
    return html.escape(text, quote=True)
