"""What a labelled line says: the words after an action label ("Action:", "ACTION 3 –", "Action point", "AP:",
"[ACTION]", "#action", "Cam gweithredu:"), the reference it carries ("ACTION ITEM 2006-01-25.03:"), an owner the label
names ("Action item for James:", "AI Aaron:", "AI Dims/Aaron Review …") and whether a bot's state says it is done
("[DONE] ACTION: …"); and a speaker's own commitment in notes ("Myles: I'll add some language …").
"""

from __future__ import annotations

import re
from typing import NamedTuple

BULLET = re.compile(
    r"^\s*(?:[-*+•▪◦●○■□➢➤>–\x7f\uf0b7\uf0a7]\s*|\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-z]|[ivx]{1,5})[.)]\s+)"
)
_IRC = re.compile(r"^\s*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*)?<[^<>\s]{1,40}>\s*")
_BOT_STATE = re.compile(r"^\[(NEW|PENDING|DONE|CONTINUES|DROPPED)\]\s*", re.IGNORECASE)
_RECORDED = re.compile(r"\s*\[(?:recorded in|via) [^\]]{0,300}\]\s*$", re.IGNORECASE)
# Labels, longest first so "action points" is not read as "action" + "points …".
_LABELS = (
    "camau y cytunwyd arnynt", "camau gweithredu", "cam gweithredu", "pwynt gweithredu", "gweithredu", "gweithred",
    "action points", "action point", "action items", "action item", "actions agreed", "action agreed",
    "action required", "actions", "action", "#action", "a/p", "ap", "ai",
)  # fmt: skip
_SHORT_LABELS = frozenset({"ap", "ai", "a/p"})
_SEPARATORS = ":-–—"
# The label's reference: "ACTION 3", "Action 12.4", "ACTION ITEM 2006-01-25.03", "AP 2024/7".
_REFERENCE = re.compile(r"^\s*(?:no\.?\s*)?(\d{1,4}(?:[./:-]\d{1,4}){0,4})(?![\w/])\s*")
# An owner named right after the label: "for Michael:", "Aaron:", "Brendan Burns:", "Dims/Aaron" (before a verb).
_NAME = r"[A-Z][\w.'’-]*"
_LABEL_OWNER = re.compile(
    rf"^(?:for |to )?(?P<owner>{_NAME}(?:[ /&+]{_NAME}){{0,3}}|@[\w.-]{{1,40}})\s*:\s*(?P<rest>\S.*)$"
)
_JOINT_OWNER = re.compile(rf"^(?P<owner>{_NAME}(?:/{_NAME}){{1,3}})\s+(?P<rest>[A-Za-z][a-z].*)$")
_DASH_OWNER = re.compile(rf"^(?P<owner>{_NAME}(?:/{_NAME}){{0,3}})\s+[-–—]\s+(?P<rest>\S.*)$")
# Words after a label that make a topic, not someone ("Action Plan:", "AI Act:", "AI Safety: …", "AI Followup:").
_NOT_OWNERS = frozenset(
    "act safety policy policies governance ethics strategy tools tool update updates followup follow-up follow "
    "items item review working group wg models model use usage risks plan plans log tracker list summary notes "
    "status progress taken required arising".split()
)
# "Myles: I'll add some language to make things clear."
_PROMISE = re.compile(
    rf"^(?P<owner>{_NAME}(?: {_NAME}){{0,2}}):\s+"
    r"(?P<rest>I(?:['’]ll| will| shall| can take| am going to|['’]m going to)\s+(?P<verb>[a-z][\w'-]*)\b.*)$"
)
_NOT_PROMISES = frozenset("say note admit agree be have just also probably try not never always second".split())


class Label(NamedTuple):
    words: str
    done: bool
    ref: str | None = None
    owner: str | None = None


def strip_bullet(line: str) -> str:
    return BULLET.sub("", line, count=1) if BULLET.match(line) else line


def read_label(line: str) -> Label | None:
    """The action after a label at the start of `line`, else None."""
    done = False
    words = _IRC.sub("", line, count=1)
    words = strip_bullet(words).lstrip()
    state = _BOT_STATE.match(words)
    if state:
        done = state[1].upper() in ("DONE", "DROPPED")
        words = words[state.end() :]
    words = words.lstrip("*_").lstrip()
    bracketed = words.startswith("[")
    if bracketed:
        words = words[1:]
    lower = words.casefold()
    for label in _LABELS:
        if not lower.startswith(label):
            continue
        after = words[len(label) :]
        if after[:1].isalnum() and label != "#action":
            return None  # "Actionable", "Apple"
        raw = words[: len(label)]
        after = after.lstrip("*_")
        if bracketed:
            if not after.startswith("]"):
                return None
            after = after[1:]
        ref = None
        number = _REFERENCE.match(after)
        if number and label not in _SHORT_LABELS:
            after = after[number.end() :]
            ref = number[1] if not number[1].isdigit() else None
        after = after.lstrip("*_ \t")
        if after[:1] and after[0] in _SEPARATORS:
            after = after[1:]
        else:
            named = _named_owner(after, label)
            if named is not None:
                return Label(named[1], done, ref, named[0])
            if not (bracketed or label == "#action" or (raw.isupper() and len(raw) > 2 and after[:1].isupper())):
                if after.strip():
                    return None  # "Action films tonight?": a label needs its colon or dash
        return Label(_RECORDED.sub("", after.strip(" *_\t")), done, ref)
    return None


def _named_owner(after: str, label: str) -> tuple[str, str] | None:
    """ "for Michael: Land the PR" → ("Michael", "Land the PR"); "Dims/Aaron Review the PR" → joint owners."""
    words = after.strip()
    match = _LABEL_OWNER.match(words) or _JOINT_OWNER.match(words)
    if match is None:
        return None
    owner = match["owner"].lstrip("@")
    if owner.split()[0].split("/")[0].casefold() in _NOT_OWNERS:
        return None
    return owner, match["rest"].strip()


def dash_owner(words: str) -> Label | None:
    """An item of an action list written "Chet - organize sending …" or "Chet/Patrick - prepare …": the owner before
    the dash (one name, or names joined by slashes), else None."""
    match = _DASH_OWNER.match(words)
    if match is None or match["owner"].split("/")[0].casefold() in _NOT_OWNERS:
        return None
    return Label(match["rest"], False, None, match["owner"])


def promise(line: str) -> tuple[str, str] | None:
    """A speaker's own commitment in notes: ("Myles", "I'll add some language …"), else None."""
    words = strip_bullet(line).strip()
    if len(words) > 400 or ":" not in words[:40]:
        return None
    match = _PROMISE.match(words)
    if match is None or match["verb"].casefold() in _NOT_PROMISES:
        return None
    return match["owner"], match["rest"]
