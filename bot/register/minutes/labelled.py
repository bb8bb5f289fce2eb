"""Actions the minute-taker marked: labelled lines ("Action:", "ACTION 3 –", "Action point", "AP:", "[ACTION]",
"#action", "Cam gweithredu:", read by labels.py), a label alone with the action on the next line, an "ACTION: JB"
owner marker closing a paragraph (with each owner's status in a review of carried-forward actions: "ACTION: AT Done;
JS Carried forward"), lists under an actions heading ("Actions agreed", "Camau y cytunwyd arnynt", "Status of open
action items"), a status line under an action ("[Status: Closed …]", "AI kept open.", a "Done" sub-bullet),
task-list items ("- [ ] @name do x", "- [x] …" done), meeting-bot lines ("<scribe> ACTION: nick to …",
"[DONE] ACTION: …") and a speaker's own commitment ("Myles: I'll add …"). Everything is plain string work or anchored
patterns over one line: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.register.minutes.found import Found, Kind
from bot.register.minutes.labels import BULLET, Label, dash_owner, promise, read_label, strip_bullet
from bot.register.minutes.status import owner_marks, status_note

_HEADING = re.compile(
    r"^\W*(?:\d{1,2}[.)]\s*)?(?P<review>open |outstanding |previous |status of (?:open |outstanding |previous )?|"
    r"review of (?:open |outstanding |previous )?)?(?:summary of |schedule of |list of |new |agreed |key )?"
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
_SENTENCES = re.compile(r"(?<=[.!?:])\s+(?=[A-Z])")
# A tracked resolution in an action review: "RESOLUTION 2006-01-25:06: RESOLVED that OASIS staff is directed to …".
_RESOLUTION = re.compile(r"^(?:RESOLUTION\s+(?P<ref>[\w.:/-]{1,24}?)\s*:\s*)?RESOLVED,?\s+(?:that\s+)?", re.IGNORECASE)
_TRAILING_MARK = re.compile(
    r"(?:^|\s)(?P<label>ACTIONS?|Action(?: by)?|CAM GWEITHREDU|Cam gweithredu)\s*[:\-–]\s*"
    r"(?P<owner>[A-Z@][^:]{0,60})$"
)


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
    # Under a review of earlier actions ("Status of open action items") only list items, or lines with a status under
    # them, are actions; the rest is discussion. A heading that is itself an item ("2) Status of …" in an agenda)
    # ends at its next sibling.
    items_only = False
    sibling: tuple[str, int] | None = None
    section = ""
    previous_text = ""  # the paragraph so far, for an owner marker closing it
    paragraph_above = ""  # the last paragraph before a blank line, for a terse label restating it
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
            paragraph_above = previous_text or paragraph_above
            previous_text = ""
            i += 1
            continue
        if found and _updates_last(lines, i, found[-1]):
            i += 1
            continue
        heading_place = (
            i == 0 or not lines[i - 1].strip() or lines[i].lstrip().startswith(("#", "*")) or line.endswith(":")
        )
        heading = _HEADING.match(line.strip("#*_ ")) if len(line) <= 80 and not line.endswith(".") else None
        if heading and heading_place:
            in_actions, section, previous_text = True, line, ""
            items_only, sibling = heading["review"] is not None, _item_style(lines[i])
            i += 1
            continue
        if in_actions and sibling is not None and _item_style(lines[i]) == sibling:
            in_actions = False  # the next item of the list the heading was in
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
        label = read_label(line) if "\t" not in lines[i] else None
        if label is not None:
            words, first = label.words, i
            marks = owner_marks(words) if previous_text and len(words) <= 160 else None
            if not words.strip() and not (line.rstrip().endswith(":") or line.strip(" *_#[]").isupper()):
                pass  # "action." ending a wrapped sentence is not a label
            elif not words.strip():
                # The label on its own line: the action is the next paragraph.
                j = i + 1
                while j < len(lines) and not lines[j].strip() and j - i <= 2:
                    j += 1
                parts = []
                while j < len(lines) and lines[j].strip() and j not in skip and read_label(lines[j]) is None:
                    parts.append(lines[j].strip())
                    j += 1
                if parts:
                    _add(found, " ".join(parts), first, j - 1, label)
                    i = j
                    continue
                in_actions, section = True, line
            elif marks is not None and not label.owner:
                found.extend(_marked(previous_text, paragraph_start, i, marks))
            elif (
                len(words) <= 80
                and len(words.split()) <= 6
                and _OWNER_ONLY.match(words)
                and previous_text
                and not label.owner
            ):
                found.append(Found(previous_text, paragraph_start, i, Kind.LABELLED, owner=words.strip(" .")))
            elif not _nothing(words):
                fuller = _fuller(words, previous_text or paragraph_above) if not label.owner else None
                if fuller is not None:
                    label = label._replace(words=fuller)
                _add(found, fuller or words, first, i, label)
            previous_text = paragraph_above = ""
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
        spoken = promise(line) if not in_actions and ":" in line[:40] else None
        if box and not _NOT_SECTION_FOR_TASKS.search(section):
            _add(found, box["rest"], i, i, Label(box["rest"], box["mark"] not in ("", " ")))
        elif spoken is not None:
            # A commitment in the speaker's own words; it does not make the minutes "labelled" (see parsing.py).
            found.append(Found(spoken[1], i, i, Kind.NARRATIVE, owner=spoken[0], read_owner=False))
        elif in_actions and (BULLET.match(lines[i]) or not _OTHER_HEADING.match(line)):
            words = strip_bullet(line)
            if _OTHER_HEADING.match(line) and not BULLET.match(lines[i]):
                in_actions = False
            elif items_only and not BULLET.match(lines[i]) and not _tracked(lines, i):
                pass  # discussion under a review of earlier actions
            elif not _nothing(words):
                _add(found, words, i, i, dash_owner(words))
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


def _item_style(line: str) -> tuple[str, int] | None:
    """The kind of list item a line is ("n)", "*", "n.") and its indent, or None for a plain line."""
    bullet = BULLET.match(line)
    if bullet is None:
        return None
    mark = bullet.group().strip()
    return re.sub(r"\d+|[a-z]+", "n", mark), len(line) - len(line.lstrip())


def _tracked(lines: Sequence[str], i: int) -> bool:
    """A line with a status note under it: an item of an action review even without a bullet."""
    return i + 1 < len(lines) and status_note(lines[i + 1]) is not None


def _updates_last(lines: Sequence[str], i: int, last: Found) -> bool:
    """A status note right under the last action ("[Status: Closed …]", "AI kept open.", an indented "Done"): the
    action's status is set from it, and the note is not read as anything else."""
    if i - last.last > 3 or any(lines[j].strip() for j in range(last.last + 1, i)):
        return False
    line = lines[i]
    below = len(line) - len(line.lstrip()) > len(lines[last.first]) - len(lines[last.first].lstrip())
    if BULLET.match(line) and not below:
        return False  # the next item of the same list
    done = status_note(line)
    if done is None:
        return False
    last.done = done
    last.last = i
    return True


def _continues_list(lines: Sequence[str], j: int, skip: set[int]) -> bool:
    """After a blank line under an actions heading, the list goes on only if the next line is another item (status
    notes between items, "AI kept open.", are part of the list)."""
    while j < len(lines) and (not lines[j].strip() or status_note(lines[j]) is not None):
        j += 1
    return j < len(lines) and j not in skip and bool(BULLET.match(lines[j]) or _CHECKBOX.match(lines[j]))


def _marked(paragraph: str, first: int, last: int, marks: list[tuple[str, bool | None]]) -> list[Found]:
    """A paragraph closed by its owners and their status ("ACTION: AT Done; JS Carried forward"): with one owner the
    paragraph is theirs; with several, each takes the sentences that begin with their name ("JS to send …",
    "AT will provide …")."""
    if len(marks) == 1:
        owner, done = marks[0]
        return [Found(paragraph, first, last, Kind.LABELLED, owner=owner, done=bool(done), read_owner=False)]
    out: list[Found] = []
    for sentence in _SENTENCES.split(paragraph):
        head = sentence.split(maxsplit=1)[0] if sentence.strip() else ""
        for owner, done in marks:
            if head == owner or head.startswith(owner + ","):
                out.append(Found(sentence, first, last, Kind.LABELLED, owner=owner, done=bool(done), read_owner=False))
                break
    if not out:
        owner, done = marks[0]
        out.append(Found(paragraph, first, last, Kind.LABELLED, owner=owner, done=bool(done), read_owner=False))
    return out


def _fuller(words: str, paragraph: str) -> str | None:
    """A terse label restating a sentence just above it ("AT to investigate and report back at next meeting." then
    "ACTION: AT to investigate."): that sentence, which says more (often when)."""
    head = words.split()
    if not paragraph or not 3 <= len(head) <= 6:
        return None
    key = " ".join(head[:3]).casefold().rstrip(".")
    for sentence in _SENTENCES.split(paragraph):
        if sentence.casefold().startswith(key) and len(sentence) > len(words):
            return sentence
    return None


def _add(found: list[Found], words: str, first: int, last: int, label: Label | None) -> None:
    words = words.strip()
    resolution = _RESOLUTION.match(words)
    if resolution:
        words = words[resolution.end() :]
    if not words:
        return
    done = label.done if label else False
    ref = label.ref if label else (resolution["ref"] if resolution else None)
    if label is not None and label.owner:
        text = label.words.strip()
        found.append(Found(text, first, last, Kind.LABELLED, owner=label.owner, done=done, ref=ref, read_owner=False))
        return
    text, owner = _owner_hint(words)
    found.append(Found(text, first, last, Kind.LABELLED, owner=owner, done=done, ref=ref, read_owner=owner is None))


def _last_sentence(text: str) -> str:
    """The sentence an owner marker closes: the paragraph's last sentence (linear: one search from the end)."""
    body = text.rstrip(" .")
    cut = max(body.rfind(". "), body.rfind("? "), body.rfind("! "))
    return (body[cut + 2 :] if cut >= 0 else body).strip()
