"""Putting text into cards safely.

TextBlock text is Markdown: a user's "**urgent**" or "[link](…)" would change the card. User text therefore goes into
a RichTextBlock's TextRun (never Markdown-processed), and any user value that must sit inside a TextBlock (a message
from the catalogue with a name in it) is escaped first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cards.catalogue import Both, t

# What can act anywhere in a line: emphasis, code, links and images (their brackets), strikethrough, HTML and Teams'
# <at> mention markup. Only these are escaped mid-line: some Teams clients have shown escapes literally (Adaptive
# Cards issue #5590, Teams-AdaptiveCards-Mobile #58), so "Regional Convenor (North Wales)" or "e.g." must not gain
# backslashes they do not need.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>~])")
# What acts only at the start of a line, and only before a space or the line's end: headings, list bullets, ordered
# list numbers ("1." / "1)") and setext underlines ("==="). A date such as "21.03.2025" is left alone.
_BLOCK_MARK = re.compile(r"^([ \t]*)(#+|[+\-=]+)(?=[ \t]|$)", re.MULTILINE)
_ORDINAL_MARK = re.compile(r"^([ \t]*\d+)([.)])(?=[ \t]|$)", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Backslash-escape everything Markdown (and Teams' <at> mention markup) could act on."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", text.replace("\r", " "))
    escaped = _ORDINAL_MARK.sub(r"\1\\\2", escaped)
    return _BLOCK_MARK.sub(r"\1\\\2", escaped)


_ESCAPED = re.compile(r"\\([\\`*_\[\]<>~#+\-=.)])")


def markdown_message(key: str, locale: str | None, /, **params: object) -> str:
    """A catalogue message with every parameter escaped (parameters may be user text): safe in a TextBlock and in a
    chat message, which Teams reads as Markdown. "[login here](https://…)" typed by a user stays those characters."""
    return t(key, locale, **{name: _escaped(value) for name, value in params.items()})


def plain_text(markdown: str) -> str:
    """A message made by markdown_message as plain text, for the places Teams shows text as it is (the message an
    invoke answers with, a dialog's message): the escapes taken out again, nothing else changed."""
    return _ESCAPED.sub(r"\1", markdown)


def text_block(text: str, **props: Any) -> dict[str, Any]:
    """A TextBlock for text we wrote (catalogue messages); never pass user text here unescaped."""
    return {"type": "TextBlock", "text": text, "wrap": True, **props}


def message_block(
    key: str, locale: str | None, /, props: dict[str, Any] | None = None, **params: object
) -> dict[str, Any]:
    """A catalogue message as a TextBlock, with every parameter escaped (parameters may be user text)."""
    return text_block(markdown_message(key, locale, **params), **(props or {}))


def _escaped(value: object) -> object:
    if isinstance(value, Both):
        return Both(escape_markdown(value.welsh), escape_markdown(value.english))
    return escape_markdown(value) if isinstance(value, str) else value


def user_text(text: str, **run_props: Any) -> dict[str, Any]:
    """User text, shown exactly as typed: a TextRun is never read as Markdown."""
    return {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": text, **run_props}]}


# The No. column of a table, by pixels: as a share of a narrow card it was too thin for "Rhif / No." once Teams padded
# its cells, which broke the header mid-word (seen in Agents Playground).
NUMBER_COLUMN = {"width": "64px"}
# With the meeting's date beside the No. ("12 (17/03/2025)"): room for the date on a line of its own.
DATED_NUMBER_COLUMN = {"width": "96px"}


def label_value(label: str, value: str, *, value_props: dict[str, Any] | None = None) -> dict[str, Any]:
    """A two-column row: our label, then a user value kept as plain text (instead of FactSet, which is Markdown)."""
    return {
        "type": "ColumnSet",
        "columns": [
            {"type": "Column", "width": "90px", "items": [text_block(label, weight="Bolder", isSubtle=True)]},
            {"type": "Column", "width": "stretch", "items": [user_text(value, **(value_props or {}))]},
        ],
    }


def table_row(cells: Sequence[str], *, header: bool = False) -> dict[str, Any]:
    """A TableRow: our header labels as TextBlocks, user values as TextRuns (never Markdown)."""
    return {
        "type": "TableRow",
        "cells": [
            {"type": "TableCell", "items": [text_block(cell, weight="Bolder") if header else user_text(cell)]}
            for cell in cells
        ],
    }
