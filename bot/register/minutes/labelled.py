"""Actions the minute-taker marked: labelled lines ("Action:", "ACTION 3 –", "Action point", "AP:", "[ACTION]",
"#action", "Cam gweithredu:"), a label alone with the action on the next line, an "ACTION: JB" owner marker closing
a paragraph, lists under an actions heading ("Actions agreed", "Camau y cytunwyd arnynt", "Follow-up tasks"),
task-list items ("- [ ] @name do x", "- [x] …" done) and meeting-bot lines ("<scribe> ACTION: nick to …",
"[DONE] ACTION: …"). Everything is plain string work or anchored patterns over one line: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.register.minutes.found import Found, Kind

_BULLET = re.compile(r"^\s*(?:[-*+•▪◦●○■□➢➤>–]\s*|\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-z]|[ivx]{1,5})[.)]\s+)")
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
_NUMBER = re.compile(r"^\s*(?:no\.?\s*)?(\d{1,4}(?:\.\d{1,4}){0,3})\b\s*")
_HEADING = re.compile(
    r"^\W*(?:summary of |schedule of |list of |new |agreed |key )?"
    r"(?:actions?(?: points?| items?| agreed| arising| log| list| required| summary)?|agreed actions|"
    r"follow[- ]up(?: tasks| actions)?|next steps|tasks|to ?dos?|"
    r"camau gweithredu|camau y cytunwyd arnynt|camau i'w cymryd|pwyntiau gweithredu|crynodeb o'r camau gweithredu)"
    r"\W*$",
    re.IGNORECASE,
)
_OTHER_HEADING = re.compile(
    r"^(?:#{1,6}\s+\S|\*\*[^*]{1,80}\*\*\s*:?$|[A-Z0-9][^.!?]{0,60}:$|[A-Z][A-Z0-9 ,&'/()-]{3,60}$)"
)
_CHECKBOX = re.compile(r"^\s*(?:[-*+]\s*)?\[(?P<mark>[ xX✓✔]?)\]\s*(?P<rest>\S.*)$")
_NOT_SECTION_FOR_TASKS = re.compile(
    r"\b(attend\w*|present|apolog\w*|agenda|members|roll call|regrets|yn bresennol|ymddiheuriadau)\b", re.I
)
# W3C's trackbot: "ACTION-776 -- Ashok Malhotra to redraft … -- due 2013-01-10 -- OPEN".
_TRACKBOT = re.compile(
    r"^(?:<[^<>\s]{1,40}>\s*)?(?P<ref>ACTION-\d{1,6})\s+--\s+(?P<rest>.+?)\s+--\s+due\s+(?P<due>\S{4,12})"
    r"\s+--\s+(?P<state>[A-Z]{4,16})\s*$"
)
_NOTHING = frozenset({"none", "no actions", "nil", "n/a", "na", "dim", "no action", "none.", "-", "no new actions"})
_LOWER_OWNER = re.compile(r"^@?(?P<owner>[A-Za-z][\w.-]{1,30})(?::|,)?\s+(?:to\s+)?(?P<rest>[a-z].*)$")
_MENTION_OWNER = re.compile(r"^@(?P<owner>[\w.-]{1,40})[:,]?\s+(?P<rest>\S.*)$")
_NOT_NICKS = frozenset(
    "we they it all to the a an and or also then need needs please this that there who what how when if "
    "will would should could can may might i you he she one someone everyone somebody nobody group team".split()
)
# "ACTION: Clerk", "Action – JB/MW", "CAM GWEITHREDU: Y Clerc" closing a paragraph: an owner, not an action.
_OWNER_ONLY = re.compile(r"^[A-Z@][\w.'’&/()-]*(?:[ ,]+(?:[A-Z@&/(][\w.'’&/()-]*|and|a|ac|of|for|the|y|yr|o|i))*$")
_TRAILING_MARK = re.compile(
    r"(?:^|\s)(?P<label>ACTIONS?|Action(?: by)?|CAM GWEITHREDU|Cam gweithredu)\s*[:\-–]\s*"
    r"(?P<owner>[A-Z@][^:]{0,60})$"
)


def _strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1) if _BULLET.match(line) else line


def _label(line: str) -> tuple[str, bool] | None:
    """The words after an action label at the start of `line`, and whether the label says the action is done."""
    done = False
    words = _IRC.sub("", line, count=1)
    words = _strip_bullet(words).lstrip()
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
        number = _NUMBER.match(after)
        if number and label not in _SHORT_LABELS:
            after = after[number.end() :]
        after = after.lstrip("*_ \t")
        if after[:1] and after[0] in _SEPARATORS:
            after = after[1:]
        elif not (bracketed or label == "#action" or (raw.isupper() and len(raw) > 2 and after[:1].isupper())):
            if after.strip():
                return None  # "Action films tonight?": a label needs its colon or dash
        return _RECORDED.sub("", after.strip(" *_\t")), done
    return None


def _nothing(words: str) -> bool:
    return words.casefold().strip(" .") in _NOTHING


def _owner_hint(words: str) -> tuple[str, str | None]:
    """ "@sam update the guide" → ("update the guide" kept whole, "sam"); "nick to draft" (a chat nick) → "nick"."""
    mention = _MENTION_OWNER.match(words)
    if mention:
        return words.replace("@" + mention["owner"], mention["owner"], 1), mention["owner"]
    lower = _LOWER_OWNER.match(words)
    if (
        lower
        and lower["owner"][0].islower()
        and lower["owner"].casefold() not in _NOT_NICKS
        and " to " in f" {words[: len(lower['owner']) + 4]} "
    ):
        return words, lower["owner"]
    return words, None


def labelled(lines: Sequence[str], skip: set[int]) -> list[Found]:
    found: list[Found] = []
    in_actions = False  # under an actions heading: its list items (and plain lines) are actions
    section = ""
    previous_text = ""  # the paragraph so far, for an owner marker closing it
    paragraph_start = 0
    i = 0
    while i < len(lines):
        if i in skip:
            in_actions, previous_text = False, ""
            i += 1
            continue
        line = lines[i].strip()
        if not line:
            if in_actions and found and found[-1].last >= i - 1:
                in_actions = _continues_list(lines, i + 1, skip)
            previous_text = ""
            i += 1
            continue
        heading_place = i == 0 or not lines[i - 1].strip() or lines[i].lstrip().startswith(("#", "*"))
        if len(line) <= 80 and heading_place and not line.endswith(".") and _HEADING.match(line.strip("#*_ ")):
            in_actions, section, previous_text = True, line, ""
            i += 1
            continue
        bot = _TRACKBOT.match(line) if "ACTION-" in line[:60] else None
        if bot:
            found.append(
                Found(
                    bot["rest"],
                    i,
                    i,
                    Kind.LABELLED,
                    deadline_text=bot["due"],
                    ref=bot["ref"],
                    done=bot["state"] in ("CLOSED", "DONE"),
                    read_deadline=False,
                )
            )
            i += 1
            continue
        labelled_words = _label(line) if "\t" not in lines[i] else None
        if labelled_words is not None:
            words, done = labelled_words
            first = i
            if not words.strip() and not (line.rstrip().endswith(":") or line.strip(" *_#[]").isupper()):
                pass  # "action." ending a wrapped sentence is not a label
            elif not words.strip():
                # The label on its own line: the action is the next paragraph.
                j = i + 1
                while j < len(lines) and not lines[j].strip() and j - i <= 2:
                    j += 1
                parts = []
                while j < len(lines) and lines[j].strip() and j not in skip and _label(lines[j]) is None:
                    parts.append(lines[j].strip())
                    j += 1
                if parts:
                    _add(found, " ".join(parts), first, j - 1, done)
                    i = j
                    continue
                in_actions, section = True, line
            elif len(words) <= 80 and len(words.split()) <= 6 and _OWNER_ONLY.match(words) and previous_text:
                found.append(Found(previous_text, paragraph_start, i, Kind.LABELLED, owner=words.strip(" .")))
            elif not _nothing(words):
                _add(found, words, first, i, done)
            previous_text = ""
            i += 1
            continue
        tail = line[-100:]
        trailing = _TRAILING_MARK.search(tail)
        cut = len(line) - len(tail) + trailing.start() if trailing else 0
        if trailing and cut > 0 and _OWNER_ONLY.match(trailing["owner"].strip(" .")):
            text = (previous_text + " " + line[:cut]).strip()
            if text:
                sentence = _last_sentence(text)
                found.append(Found(sentence, paragraph_start, i, Kind.LABELLED, owner=trailing["owner"].strip(" .")))
                previous_text = ""
                i += 1
                continue
        box = _CHECKBOX.match(line)
        if box and not _NOT_SECTION_FOR_TASKS.search(section):
            _add(found, box["rest"], i, i, box["mark"] not in ("", " "))
        elif in_actions and (_BULLET.match(lines[i]) or not _OTHER_HEADING.match(line)):
            words = _strip_bullet(line)
            if _OTHER_HEADING.match(line) and not _BULLET.match(lines[i]):
                in_actions = False
            elif not _nothing(words):
                _add(found, words, i, i, False)
        elif in_actions:
            in_actions = False
            section = line
        elif _OTHER_HEADING.match(line):
            section = line
        if not previous_text:
            paragraph_start = i
        previous_text = (previous_text + " " + line).strip()[-2000:]
        i += 1
    return found


def _continues_list(lines: Sequence[str], j: int, skip: set[int]) -> bool:
    """After a blank line under an actions heading, the list goes on only if the next line is another item."""
    while j < len(lines) and not lines[j].strip():
        j += 1
    return j < len(lines) and j not in skip and bool(_BULLET.match(lines[j]) or _CHECKBOX.match(lines[j]))


def _add(found: list[Found], words: str, first: int, last: int, done: bool) -> None:
    words = words.strip()
    if not words:
        return
    text, owner = _owner_hint(words)
    found.append(Found(text, first, last, Kind.LABELLED, owner=owner, done=done, read_owner=owner is None))


def _last_sentence(text: str) -> str:
    """The sentence an owner marker closes: the paragraph's last sentence (linear: one search from the end)."""
    body = text.rstrip(" .")
    cut = max(body.rfind(". "), body.rfind("? "), body.rfind("! "))
    return (body[cut + 2 :] if cut >= 0 else body).strip()
