"""Actions in minutes that mark none: the sentences minute-takers use for them.

  "The Clerk was asked to write to the county council."        "Gofynnwyd i'r Clerc ysgrifennu at y Cyngor Sir."
  "JB agreed to circulate the paper."                          "Cytunodd y Cadeirydd i anfon llythyr."
  "It was agreed that the Treasurer would obtain quotes."      "Cytunwyd y byddai'r Clerc yn trefnu cyfarfod."
  "The Chair undertook to raise it with the council."          "Byddai'r Prif Weithredwr yn siarad â'r Panel."
  "Cllr Jones will contact the police."                        "Clerk to obtain three quotes."
  "…; agreed: secretary to contact JA directly."               "The Council AGREED to ask the Lengthsman to …"
  "A full response would be submitted by 21st October."        "… yn cael eu cyflwyno i gyfarfod nesaf y Bwrdd."
  "The IAB agreed to take three actions: 1) … 2) … 3) …"       (each numbered action the IAB's)

The subject must read as someone who can act (a role, a name, initials), not the meeting itself ("The Board agreed
to note the report" is a decision, not an action, though "The Council agreed to ask X to …" is one with nobody named
to do it), and "X will …" needs an action verb ("The meeting will be held" is not one); a passive action ("would be
submitted", "i'w cyflwyno") is one only with a verb of doing, and is owned by whoever follows "by". Patterns are
anchored with bounded owner phrases, so each sentence is read in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.register.minutes.found import Found, Kind

MAX_SENTENCE = 600
_JOINERS = "of|for|and|a|ac|y|yr|o|de|van|von"
_OWNER = (
    r"(?P<owner>(?:[Tt]he |[Yy]r? |[Yy]'r )?[A-Z@][\w.'’&/-]*"
    rf"(?: (?:[A-Z(&/][\w.'’&/()-]*|{_JOINERS})){{0,6}}(?: (?:staff|officers|officials|secretariat))?)"
)
_OWNER_I = r"(?P<owner>[A-Z][\w.'’&/-]*(?: (?:[A-Z(&][\w.'’&/()-]*|of|for|and|a|ac|y|yr|o)){0,6})"
_ART = r"(?:'r |’r | yr | y | )"
_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"^(?:It was |It is |They |Members |The \w+ )?(?:agreed|resolved|decided|requested|noted) that {_OWNER} "
        r"(?:would|will|should|is to|are to|to) (?P<verb>[a-z][\w'-]*)",
        rf"^{_OWNER} (?:was|were|is|are|has been|have been) (?:asked|requested|tasked|delegated|authorised|"
        r"authorized|instructed|mandated|charged|directed) to (?P<verb>[a-z][\w'-]*)",
        # "Rod will take it as an action item to document …", "Rich had action item to take pulse of TSC"
        rf"^{_OWNER} (?:will take|takes|took|has taken|has|had|have|was given|got) (?:it as |on )?(?:an? |the )?"
        r"action(?: item| point)? to (?P<task>[a-z][\w'-]*)",
        rf"^{_OWNER} (?:agreed|undertook|offered|volunteered|committed|promised|kindly agreed|also agreed|"
        r"will|would|is to|are to|to|shall|needs to|need to) (?:to )?(?P<verb>[a-z][\w'-]*)",
        rf"\b(?:asked|requested|tasked|instructed) {_OWNER} to (?P<verb>[a-z][\w'-]*)",
        # Welsh
        rf"^Gofynnwyd i{_ART}{_OWNER_I} (?P<verb>[a-z][\w'’-]*)",
        rf"^(?:Cytunodd|Ymrwymodd|Cynigiodd|Addawodd){_ART}{_OWNER_I} (?:i |y byddai(?: hi| e| o)? yn )?"
        r"(?P<verb>[a-z][\w'’-]*)",
        rf"^(?:Cytunwyd|Penderfynwyd) y byddai{_ART}{_OWNER_I} yn (?P<verb>[a-z][\w'’-]*)",
        rf"^Bydd(?:ai)?{_ART}{_OWNER_I} y[nm] (?P<verb>[a-z][\w'’-]*)",
        rf"^(?:Y |Yr )?{_OWNER_I} i (?P<verb>[a-z][\w'’-]*)",
    )
)
_ROLES_WORDS = "clerk|chair|chairman|chairperson|secretary|treasurer|secretariat|officers?|clerc|cadeirydd|ysgrifennydd"
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
    therefore hopefully ideally probably need normally also usually still soon be fod bod yn cael parhau
    all any the a an every each some this that these those his her their our its members everyone and but
    with""".split()
)
# After "agreed:" / "agreed," mid-sentence: "…; agreed: secretary to contact JA directly." (roles in lower case too)
_AGREED_CLAUSE = re.compile(
    rf"(?:^|[;:,.]\s*)(?:it was )?(?:agreed|resolved|decided)[:,]?\s+(?:that\s+)?"
    rf"(?P<owner>(?:the )?(?:(?i:{_ROLES_WORDS})|[A-Z][\w.'’&/-]*(?: [A-Z][\w.'’&/-]*){{0,3}}))"
    r" (?:to|would|will|should|is to|are to) (?P<verb>[a-z][\w'-]*)"
)
# The meeting itself agreeing to a doing verb: an action with nobody named ("The Council AGREED to ask X to …").
_BODY_AGREED = re.compile(
    r"^(?:The |It was )?(?:[A-Z][\w-]* ){0,3}(?:agreed|resolved|decided|AGREED|RESOLVED|DECIDED) (?:that it would |to )"
    r"(?:ask|write|contact|invite|request|seek|obtain|arrange|send|purchase|order|instruct|commission|apply|report|"
    r"inform|notify|circulate|publish|organise|organize)\b"
)
# A passive action: "… would be submitted by 21st October", "… will be undertaken by the Chairman and Cllr Harries",
# "Byddai awgrymiadau … yn cael eu cyflwyno …". The verbs are ones of doing ("will be held", "would be useful" are not).
_DONE_BY = (
    r"(?:undertaken|submitted|circulated|prepared|sent|provided|arranged|organised|organized|drafted|produced|"
    r"updated|reviewed|brought|presented|shared|published|written|contacted|investigated|obtained|agreed|discussed|"
    r"highlighted|completed|actioned|progressed|reported|forwarded|distributed|issued|raised|checked|"
    r"chased|followed up|looked into|taken forward)"
)
_PASSIVE_ACTION = re.compile(
    rf"\b(?:would|will|shall|should|is to|are to|needs? to|to) be {_DONE_BY}\b|"
    r"\by[nm] cael (?:ei|eu) (?:cyflwyno|anfon|rhannu|paratoi|trefnu|ystyried|trafod|cyhoeddi|dosbarthu|adolygu|"
    r"diweddaru|gwirio|ysgrifennu)\b|\bi['’]w (?:cyflwyno|anfon|rhannu|paratoi|trefnu|dosbarthu|cyhoeddi)\b"
)
_AND_SUBJECT = re.compile(r"\band (?=(?:a|an|the|this|these|that|all) )")
_AGREED_LEAD = re.compile(r"\b(?:agreed|resolved|decided)[,:]\s+", re.IGNORECASE)
_BY_OWNER = re.compile(rf"\b(?:by|gan) {_OWNER}")
# "… agreed to take three actions: 1) Determine … 2) propose … 3) Create …": each numbered item an action.
_TAKE_ACTIONS = re.compile(r"\b(?:take|following|these|\w+) actions?\s*:\s*(?=\(?(?:1|a)\))", re.IGNORECASE)
_ACTIONS_AFTER = re.compile(r" (?:the following |these |\w+ )?actions?\b", re.IGNORECASE)
_ITEM = re.compile(r"(?:^|\s)\(?(?:\d{1,2}|[a-h])\)\s+")
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
    if head in _NOT_OWNERS or last in _NOT_OWNERS or head.endswith("wyd"):
        return None  # the meeting, or a Welsh impersonal verb ("Gofynnwyd i gael …": "it was asked to have …")
    return words[0].upper() + words[1:]


@dataclass(frozen=True)
class Sentence:
    """An action sentence as read here: who acts (None for a passive or a body's own action with nobody named) and
    where the action's words begin (after "…; agreed: " they start at the clause)."""

    owner: str | None
    start: int = 0


def sentence_action(sentence: str) -> str | None:
    """The owner named by an action sentence, or None when the sentence names none or is not one."""
    found = read_action_sentence(sentence)
    return found.owner if found is not None else None


def read_action_sentence(sentence: str) -> Sentence | None:
    """The action in a sentence of minutes that mark none, or None when the sentence is not one."""
    if len(sentence) > MAX_SENTENCE or len(sentence) < 12:
        return None
    for pattern in (*_PATTERNS, *_MID_SENTENCE):
        match = pattern.search(sentence) if pattern.pattern.startswith(r"\b") else pattern.match(sentence)
        if match is None:
            continue
        verb = match.groupdict().get("verb")  # an action item's task is whatever it says ("to take pulse …")
        if verb is not None and verb.casefold() in _NOT_VERBS and not _ACTIONS_AFTER.match(sentence, match.end()):
            continue  # "agreed to note the report"; but "agreed to take three actions: …"
        owner = _clean_owner(match["owner"])
        if owner is not None and len(owner.split()) <= 6:
            return Sentence(owner)
    clause = _AGREED_CLAUSE.search(sentence)
    if clause is not None and clause["verb"].casefold() not in _NOT_VERBS:
        owner = _clean_owner(clause["owner"])
        if owner is not None:
            return Sentence(owner, clause.start("owner"))
    if _BODY_AGREED.match(sentence):
        return Sentence(None)
    passive = _PASSIVE.search(sentence[-200:])
    if passive:
        owner = _clean_owner(passive["owner"])
        if owner is not None:
            return Sentence(owner)
    return _passive_action(sentence)


def _passive_action(sentence: str) -> Sentence | None:
    """ "…; agreed, the final submission would be agreed at the next officers meeting": the clause is the action,
    owned by whoever follows "by" ("… would be undertaken by the Chairman and Cllr Harries …")."""
    match = _PASSIVE_ACTION.search(sentence)
    if match is None:
        return None
    by = _BY_OWNER.search(sentence, match.end(), match.end() + 80)
    owner = _clean_owner(by["owner"]) if by is not None and by.start() - match.end() <= 2 else None
    lead = max(sentence.rfind("; ", 0, match.start()), sentence.rfind(": ", 0, match.start()))
    start = lead + 2 if lead >= 0 else 0
    # The clause's own subject: after "agreed, " or "… and a full response would be submitted".
    for subject in (_AGREED_LEAD, _AND_SUBJECT):
        for clause in subject.finditer(sentence, start, match.start()):
            start = clause.end()
    return Sentence(owner, start)


def _numbered_actions(sentence: str) -> list[str]:
    """ "The IAB agreed to take three actions: 1) Determine … 2) propose … 3) Create …" → the numbered actions."""
    head = _TAKE_ACTIONS.search(sentence)
    if head is None:
        return []
    items = [item.strip() for item in _ITEM.split(sentence[head.end() :]) if item.strip()]
    return items if len(items) >= 2 else []


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
            previous = sentence
            action = read_action_sentence(sentence) if len(sentence) <= MAX_SENTENCE else None
            if action is None and _TAKE_ACTIONS.search(sentence[:MAX_SENTENCE]):
                action = read_action_sentence(sentence[: _TAKE_ACTIONS.search(sentence).end()])  # type: ignore[union-attr]
            if action is None:
                continue
            items = _numbered_actions(sentence[: MAX_SENTENCE * 2])
            for words in items or [sentence[action.start :]]:
                found.append(Found(words, first, i - 1, Kind.NARRATIVE, owner=action.owner, read_owner=False))
    return found
