"""Control characters never enter the register.

A NUL, an escape sequence or a C1 control pasted into an action means nothing to a reader, can rewrite a terminal
that prints the log or the CLI's output, and is not allowed in XML at all (one in an action made the Word export
fail). They are taken out where text comes in: every string of an activity (bot/teams/route.py), the answer page's
form, and action text at the register itself, whatever brought it. Tab and line breaks stay; a carriage return
becomes a line break. The two non-characters U+FFFE and U+FFFF, also refused by XML, go too.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def scrub_strings(value: Any) -> Any:
    """A parsed JSON value with every string in it, keys included, without control characters. Bounded: the body's
    size and nesting were checked before it was parsed."""
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, dict):
        return {without_control_characters(key): scrub_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_strings(item) for item in value]
    return value
