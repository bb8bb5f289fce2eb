"""The answer page (CHASER_PUBLIC_URL/a/<token>) as HTML: one action and its four answers, as plain forms.

Pure, like the cards: the route gives what to show, this builds the page. No JavaScript and nothing from another
site: every answer is an ordinary POST form with its own labelled fields, so a keyboard, a screen reader or 200% zoom
need nothing special. Bilingual pages put the Welsh first and mark each language's words with `lang`.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from bot.register.model import Action, ActionStatus
from cards.action_cards import owner_label, status_label
from cards.catalogue import t
from cards.chaser_cards import SNOOZE_DATE, SNOOZE_DAY, SNOOZE_WEEK
from cards.deadline_format import as_written, format_day, understood

# Colours at 7:1 or better on white (links, buttons, errors); focus is a thick outline with a yellow halo.
STYLE = (
    "body{font:1.125rem/1.5 system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1b1b1b;"
    "background:#fff;margin:0}main{max-width:42rem;margin:0 auto;padding:1rem}a{color:#0b4f9c}"
    ":focus-visible{outline:3px solid #1b1b1b;outline-offset:2px;box-shadow:0 0 0 6px #ffdd00}"
    "h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:0 0 .5rem}"
    "section{border-top:2px solid #b1b4b6;padding-top:1rem;margin-top:1.5rem}"
    "dt{font-weight:700}dd{margin:0 0 .5rem}label,legend{display:block;font-weight:700;margin:.5rem 0 .25rem}"
    "fieldset{border:0;padding:0;margin:0 0 .5rem}.choice{display:flex;align-items:center;gap:.5rem;margin:.25rem 0}"
    ".choice label{font-weight:400;margin:0}input[type=radio]{width:1.5rem;height:1.5rem;margin:0}"
    "textarea,input[type=text],input[type=date]{font:inherit;width:100%;box-sizing:border-box;"
    "border:2px solid #1b1b1b;padding:.4rem;background:#fff;color:#1b1b1b}"
    "button{font:inherit;font-weight:700;min-height:2.75rem;padding:.5rem 1rem;margin-top:.75rem;"
    "border:2px solid #0b4f9c;border-radius:4px;background:#0b4f9c;color:#fff;cursor:pointer}"
    ".notice{border-left:.4rem solid #00703c;padding:.5rem 1rem;background:#f3f9f5}"
    ".problem{border:.25rem solid #a4000f;padding:.5rem 1rem}.error{color:#a4000f;font-weight:700}"
    ".hint{color:#3b3b3b}nav{margin:.5rem 0}nav a{margin-right:1rem}"
)
# The page's only style is this inline sheet: the Content-Security-Policy allows exactly it and nothing else.
STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()

VERBS = ("done", "progress", "snooze", "cant_do", "language")
LANGUAGE_CHOICES = ("cy", "en", "bilingual")


@dataclass(frozen=True)
class Problem:
    """A refused answer: the message (catalogue key and parameters) and the field it is about."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)
    field: str | None = None


@dataclass(frozen=True)
class PageView:
    action: Action
    meeting_title: str | None
    meeting_day: datetime | None
    person_name: str
    languages: tuple[str, ...]  # ("cy", "en") when the reader's language is not known
    page_path: str  # /a/<token>
    form_url: str  # the page's path, with its ?lang= when one was chosen
    csrf: str
    notice: tuple[str, Mapping[str, object]] | None = None
    problem: Problem | None = None
    typed: Mapping[str, str] = field(default_factory=dict)
    chosen_language: str | None = None


class Words:
    """Catalogue text for the page's languages: one language plain, or Welsh then English, each marked with lang."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.languages = tuple(languages)

    def inline(self, key: str, /, **params: object) -> str:
        texts = [(lang, t(key, lang, **params)) for lang in self.languages]
        if len(texts) == 1 or texts[0][1] == texts[1][1]:
            return _e(texts[0][1])
        return " / ".join(f'<span lang="{lang}">{_e(text)}</span>' for lang, text in texts)

    def paragraphs(self, key: str, css: str = "", /, **params: object) -> str:
        attribute = f' class="{css}"' if css else ""
        texts = [(lang, t(key, lang, **params)) for lang in self.languages]
        if len(texts) == 1:
            return f"<p{attribute}>{_e(texts[0][1])}</p>"
        return "".join(f'<p{attribute} lang="{lang}">{_e(text)}</p>' for lang, text in texts)

    def plain(self, key: str, **params: object) -> str:
        """For <title>: no markup."""
        return " / ".join(dict.fromkeys(t(key, lang, **params) for lang in self.languages))


def document(title: str, body: str, languages: Sequence[str]) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{languages[0]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def plain_page(kind: str, languages: Sequence[str] = ("cy", "en")) -> str:
    """The pages that say no (forbidden, too_many, bad_form): the same words whatever went wrong, nothing more."""
    words = Words(languages)
    body = f"<h1>{words.inline(f'page.{kind}.title')}</h1>{words.paragraphs(f'page.{kind}.body')}"
    return document(words.plain(f"page.{kind}.title"), body, languages)


def answer_page(view: PageView, *, tz: tzinfo) -> str:
    words = Words(view.languages)
    action = view.action
    parts = [_language_links(view, words)]
    heading = words.inline("page.heading", number=action.number)
    parts.append(f"<h1>{heading}</h1>")
    if view.problem is not None:
        parts.append(_problem(view.problem, words))
    if view.notice is not None:
        key, params = view.notice
        parts.append(f'<div class="notice" role="status">{words.paragraphs(key, **params)}</div>')
    parts.append(f'<p class="lead"><strong>{_e(action.text)}</strong></p>')
    parts.append(_details(view, words, tz))
    if action.status is ActionStatus.OPEN:
        parts.append(words.paragraphs("page.intro", name=view.person_name))
        parts += [_done(view, words), _progress(view, words), _snooze(view, words), _cant_do(view, words)]
    else:
        parts.append(words.paragraphs("page.closed"))
    parts.append(_language_form(view, words))
    parts.append(words.paragraphs("page.footer", "hint"))
    title = words.plain("page.heading", number=action.number)
    if view.problem is not None:
        title = f"{words.plain('page.problem')}: {title}"
    return document(title, "\n".join(parts), view.languages)


def _language_links(view: PageView, words: Words) -> str:
    links = [("cy", "Cymraeg"), ("en", "English"), ("both", "Cymraeg a Saesneg / Welsh and English")]
    items = "".join(
        f'<a href="{_e(view.page_path)}?lang={code}" lang="{"en" if code == "en" else "cy"}">{_e(label)}</a>'
        for code, label in links
    )
    return f'<nav aria-label="{_e(words.plain("page.language.nav"))}">{items}</nav>'


def _problem(problem: Problem, words: Words) -> str:
    target = f' href="#{problem.field}"' if problem.field else ""
    message = words.inline(problem.key, **problem.params)
    return (
        f'<div class="problem" role="alert" aria-labelledby="problem-title"><h2 id="problem-title">'
        f"{words.inline('page.problem')}</h2><p><a{target}>{message}</a></p></div>"
    )


def _details(view: PageView, words: Words, tz: tzinfo) -> str:
    action = view.action
    facts: list[tuple[str, str]] = []
    if view.meeting_day is not None:
        facts.append(("field.meeting", _each(words, lambda lang: _meeting(view, lang, tz))))
    facts += [
        ("field.owner", _each(words, lambda lang: owner_label(action.owner, lang))),
        ("field.deadline", _e(action.deadline.text) or _each(words, lambda lang: as_written(action.deadline, lang))),
        ("field.understood", _each(words, lambda lang: understood(action.deadline, lang, tz))),
        ("field.status", _each(words, lambda lang: status_label(action, lang))),
    ]
    if action.latest_update:
        facts.append(("field.latest_update", _e(action.latest_update)))
    return "<dl>" + "".join(f"<dt>{words.inline(key)}</dt><dd>{value}</dd>" for key, value in facts) + "</dl>"


def _meeting(view: PageView, lang: str, tz: tzinfo) -> str:
    assert view.meeting_day is not None
    title = view.meeting_title or t("summary.untitled", lang)
    return t("chaser.meeting", lang, title=title, day=format_day(view.meeting_day, lang, tz))


def _each(words: Words, text_in: Callable[[str], str]) -> str:
    """A value written once per language (a date, a status), Welsh first, each marked with its lang."""
    texts = [(lang, str(text_in(lang))) for lang in words.languages]
    if len(texts) == 1 or texts[0][1] == texts[1][1]:
        return _e(texts[0][1])
    return " / ".join(f'<span lang="{lang}">{_e(text)}</span>' for lang, text in texts)


def _form(view: PageView, verb: str, heading_key: str, fields: str, button_key: str, words: Words) -> str:
    return (
        f'<section aria-labelledby="h-{verb}"><h2 id="h-{verb}">{words.inline(heading_key)}</h2>'
        f'<form method="post" action="{_e(view.form_url)}">'
        f'<input type="hidden" name="csrf" value="{_e(view.csrf)}">'
        f'<input type="hidden" name="verb" value="{verb}">'
        f'<input type="hidden" name="version" value="{view.action.version}">'
        f'{fields}<button type="submit">{words.inline(button_key)}</button></form></section>'
    )


def _error_for(view: PageView, name: str, words: Words) -> tuple[str, str]:
    """(the field's extra attributes, the error message shown above it) when the problem is about this field."""
    problem = view.problem
    if problem is None or problem.field != name:
        return "", ""
    message = f'<p class="error" id="{name}-error">{words.inline(problem.key, **problem.params)}</p>'
    return f' aria-invalid="true" aria-describedby="{name}-error"', message


def _done(view: PageView, words: Words) -> str:
    return _form(view, "done", "page.section.done", words.paragraphs("page.done.hint", "hint"), "button.done", words)


def _progress(view: PageView, words: Words) -> str:
    invalid, error = _error_for(view, "update", words)
    fields = (
        f'<label for="update">{words.inline("field.progress")}</label>{error}'
        f'<textarea id="update" name="update" rows="4" maxlength="1000" required{invalid}>'
        f"{_e(view.typed.get('update', ''))}</textarea>"
    )
    return _form(view, "progress", "button.progress", fields, "button.send_update", words)


def _snooze(view: PageView, words: Words) -> str:
    chosen = view.typed.get("choice", SNOOZE_DAY)
    choices = "".join(
        f'<div class="choice"><input type="radio" id="choice-{value}" name="choice" value="{value}"'
        f'{" checked" if value == chosen else ""}><label for="choice-{value}">{words.inline(key)}</label></div>'
        for value, key in (
            (SNOOZE_DAY, "chaser.snooze.day"),
            (SNOOZE_WEEK, "chaser.snooze.week"),
            (SNOOZE_DATE, "chaser.snooze.date"),
        )
    )
    invalid, error = _error_for(view, "until", words)
    fields = (
        f"<fieldset><legend>{words.inline('field.snooze')}</legend>{choices}</fieldset>"
        f'<label for="until">{words.inline("field.snooze_until")}</label>{error}'
        f'<input type="date" id="until" name="until" value="{_e(view.typed.get("until", ""))}"{invalid}>'
    )
    return _form(view, "snooze", "button.snooze", fields, "button.snooze", words)


def _cant_do(view: PageView, words: Words) -> str:
    invalid, error = _error_for(view, "reason", words)
    fields = (
        f'<label for="reason">{words.inline("field.cant_do_reason")}</label>{error}'
        f'<textarea id="reason" name="reason" rows="3" maxlength="500" required{invalid}>'
        f"{_e(view.typed.get('reason', ''))}</textarea>"
        f'<label for="suggest">{words.inline("field.suggest_owner")}</label>'
        f'<input type="text" id="suggest" name="suggest" maxlength="120" autocomplete="off" '
        f'value="{_e(view.typed.get("suggest", ""))}">'
    )
    return _form(view, "cant_do", "button.cant_do", fields, "button.hand_back", words)


def _language_form(view: PageView, words: Words) -> str:
    current = view.chosen_language or "bilingual"
    choices = "".join(
        f'<div class="choice"><input type="radio" id="lang-{code}" name="language" value="{code}"'
        f'{" checked" if code == current else ""}><label for="lang-{code}">{words.inline(f"language.{code}")}'
        "</label></div>"
        for code in LANGUAGE_CHOICES
    )
    fields = f"<fieldset><legend>{words.inline('page.language.legend')}</legend>{choices}</fieldset>"
    return _form(view, "language", "page.language.heading", fields, "page.language.save", words)


def _e(text: str) -> str:
    return html.escape(text, quote=True)
