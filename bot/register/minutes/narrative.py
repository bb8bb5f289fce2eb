"""Actions in minutes that mark none: the sentences minute-takers use for them.

  "The Clerk was asked to write to the county council."        "Gofynnwyd i'r Clerc ysgrifennu at y Cyngor Sir."
  "JB agreed to circulate the paper."                          "Cytunodd y Cadeirydd i anfon llythyr."
  "It was agreed that the Treasurer would obtain quotes."      "Cytunwyd y byddai'r Clerc yn trefnu cyfarfod."
  "The Chair undertook to raise it with the council."          "Bydd y Clerc yn cysylltu â'r heddlu."
  "Cllr Jones will contact the police."                        "Clerk to obtain three quotes."

The subject must read as someone who can act (a role, a name, initials), not the meeting itself ("The Board agreed
to note the report" is a decision, not an action), and "X will …" needs an action verb ("The meeting will be held"
is not one). Patterns are anchored with bounded owner phrases, so each sentence is read in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.register.minutes.found import Found, Kind

MAX_SENTENCE = 600
_JOINERS = "of|for|and|a|ac|y|yr|o|de|van|von"
_OWNER = (
    r"(?P<owner>(?:[Tt]he |[Yy]r? |[Yy]'r )?[A-Z@][\w.'’&/-]*"
    rf"(?: (?:[A-Z(&/][\w.'’&/()-]*|{_JOINERS})){{0,6}})"
)
_OWNER_I = r"(?P<owner>[A-Z][\w.'’&/-]*(?: (?:[A-Z(&][\w.'’&/()-]*|of|for|and|a|ac|y|yr|o)){0,6})"
_ART = r"(?:'r |’r | yr | y | )"
_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"^(?:It was |It is |They |Members |The \w+ )?(?:agreed|resolved|decided|requested|noted) that {_OWNER} "
        r"(?:would|will|should|is to|are to|to) (?P<verb>[a-z][\w'-]*)",
        rf"^{_OWNER} (?:was|were|is|are|has been|have been) (?:asked|requested|tasked|delegated|authorised|"
        r"authorized|instructed|mandated|charged) to (?P<verb>[a-z][\w'-]*)",
        rf"^{_OWNER} (?:agreed|undertook|offered|volunteered|committed|promised|kindly agreed|also agreed|"
        r"will|would|is to|are to|to|shall|needs to|need to) (?:to )?(?P<verb>[a-z][\w'-]*)",
        rf"\b(?:asked|requested|tasked|instructed) {_OWNER} to (?P<verb>[a-z][\w'-]*)",
        # Welsh
        rf"^Gofynnwyd i{_ART}{_OWNER_I} (?P<verb>[a-z][\w'’-]*)",
        rf"^(?:Cytunodd|Ymrwymodd|Cynigiodd|Addawodd){_ART}{_OWNER_I} (?:i |y byddai(?: hi| e| o)? yn )?"
        r"(?P<verb>[a-z][\w'’-]*)",
        rf"^(?:Cytunwyd|Penderfynwyd) y byddai{_ART}{_OWNER_I} yn (?P<verb>[a-z][\w'’-]*)",
        rf"^Bydd{_ART}{_OWNER_I} y[nm] (?P<verb>[a-z][\w'’-]*)",
        rf"^(?:Y |Yr )?{_OWNER_I} i (?P<verb>[a-z][\w'’-]*)",
    )
)
# Someone who acts, named mid-sentence: "…in his role Clerk to send congratulations", "byddai'r Clerc yn gyrru…".
_ROLES = (
    r"(?:Town |Parish |Deputy |Assistant )?(?:Clerk|Chair(?:man|person)?|Vice[- ]Chair|Secretary|Treasurer|"
    r"Secretariat|Clerc|Cadeirydd|Is-Gadeirydd|Ysgrifennydd|Trysorydd|Ysgrifenyddiaeth)"
)
_MID_SENTENCE = (
    re.compile(rf"\b(?P<owner>{_ROLES}(?: (?:and|a['’]r|a) (?:the )?{_ROLES})?) (?:to|i) (?P<verb>[a-z][\w'’-]*)"),
    re.compile(
        rf"\b(?:byddai|bydd|mae|roedd)(?:['’]r | y | yr )(?P<owner>{_ROLES}) (?:yn|am|i) (?P<verb>[a-z][\w'’-]*)", re.I
    ),
)
# "… will be prepared by the Chairman": the doer after "by".
_PASSIVE = re.compile(rf"\b(?:will|would|to|should|are to|is to) be \w+(?:ed|en|t) (?:by|gan) {_OWNER}\W*$")
# "Clerk to action." after a sentence: that sentence is the Clerk's.
_TO_ACTION = re.compile(r"^(?P<owner>[A-Z][\w.'’/&-]*(?: [A-Z][\w.'’/&-]*){0,3}) to action\.?$")
_NUMBERED = re.compile(r"^\(?\d{1,3}(?:\.\d{1,3}){0,4}[.)]?\s+(?=\S)|^[a-z]\)\s+|^\([a-z]\)\s+")
# The meeting itself and words that are not someone to chase.
_NOT_OWNERS = frozenset(
    """it this that there these those they we he she i you one all everyone anyone nobody members member board
    committee council forum group panel meeting meetings sub-committee subcommittee commission trust assembly
    cabinet partnership network team councillors trustees governors attendees participants parties
    minutes report paper item agenda matter issue proposal motion recommendation
    plan action actions update budget following chairman's chair's next previous last discussion date cyngor
    pwyllgor bwrdd fforwm grŵp aelodau cyfarfod adroddiad eitem mater hyn hynny nhw ni""".split()
)
_NOT_VERBS = frozenset(
    """be been being have has had need needs continue continues remain remains retire retires take takes
    receive receives note notes consider considers meet meets attend attends like likes also not now then
    therefore hopefully ideally probably need normally also usually still soon be fod bod yn cael parhau""".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])")


def _clean_owner(owner: str) -> str | None:
    words = owner.strip().rstrip(".,")
    for article in ("The ", "the ", "Yr ", "yr ", "Y ", "y ", "'r ", "r "):
        if words.startswith(article):
            words = words[len(article) :]
            break
    if not words:
        return None
    head = words.split()[0].casefold().strip("'’")
    last = words.split()[-1].casefold()
    if head in _NOT_OWNERS or last in _NOT_OWNERS:
        return None
    return words[0].upper() + words[1:]


def sentence_action(sentence: str) -> str | None:
    """The owner named by an action sentence, or None when the sentence is not one."""
    if len(sentence) > MAX_SENTENCE or len(sentence) < 12:
        return None
    for pattern in (*_PATTERNS, *_MID_SENTENCE):
        match = pattern.search(sentence) if pattern.pattern.startswith(r"\b") else pattern.match(sentence)
        if match is None or match["verb"].casefold() in _NOT_VERBS:
            continue
        owner = _clean_owner(match["owner"])
        if owner is not None and len(owner.split()) <= 6:
            return owner
    passive = _PASSIVE.search(sentence[-200:])
    if passive:
        return _clean_owner(passive["owner"])
    return None


def narrative(lines: Sequence[str], skip: set[int]) -> list[Found]:
    """Action sentences in paragraphs (runs of non-blank lines outside tables)."""
    found: list[Found] = []
    i = 0
    while i < len(lines):
        if i in skip or not lines[i].strip():
            i += 1
            continue
        first = i
        parts: list[str] = []
        while i < len(lines) and i not in skip and lines[i].strip():
            stripped = lines[i].strip().replace("\t", " ")
            numbered = _NUMBERED.match(stripped)
            new_item = stripped[:1] in "•-*–" or numbered is not None
            if parts and (new_item or (len(parts[-1]) < 60 and stripped[:1].isupper())):
                break  # a new list item, a numbered minute or a line after a heading starts a new paragraph
            parts.append(stripped[numbered.end() :] if numbered else stripped.lstrip("•-*– "))
            i += 1
        if i == first:
            i += 1
            continue
        paragraph = " ".join(parts)[:20_000]
        previous: str | None = None
        for sentence in (part.strip() for part in _SENTENCE_END.split(paragraph)):
            marker = _TO_ACTION.match(sentence) if len(sentence) < 60 else None
            if marker:
                if previous is not None and not (found and found[-1].text == previous):
                    owner = _clean_owner(marker["owner"])
                    found.append(Found(previous, first, i - 1, Kind.NARRATIVE, owner=owner, read_owner=False))
                continue
            owner = sentence_action(sentence)
            if owner is not None:
                found.append(Found(sentence, first, i - 1, Kind.NARRATIVE, owner=owner, read_owner=False))
            previous = sentence
    return found
