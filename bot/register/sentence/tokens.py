"""A sentence as tokens: words, brackets, commas, stand-alone dashes, colons and full stops, each with its place in
the source, and every @mention one token standing for its person.

The source is the sentence with each ``<at>Name</at>`` replaced by the name (Teams' markup never reaches the stored
text), whitespace runs collapsed and typographic quotes straightened. Every step is one pass over the text with
patterns that cannot backtrack, so hostile input (thousands of spaces, "by by by …") costs linear time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.register.commands import Mention
from bot.register.deadlines.vocabulary import fold

# Longer sentences are cut here before reading: no action sentence is this long, and callers refuse longer input.
MAX_SENTENCE = 5000

WORD, OPEN, CLOSE, COMMA, DASH, COLON, STOP, MENTION = (
    "word",
    "open",
    "close",
    "comma",
    "dash",
    "colon",
    "stop",
    "mention",
)
BOUNDARIES = frozenset({OPEN, CLOSE, COMMA, DASH, COLON, STOP})

_MARKUP = re.compile(r"<at(?:\s[^<>]{0,200})?>([^<]{0,300})</at>", re.IGNORECASE)
_STRAY_TAGS = re.compile(r"</?(?:at|p|div|span|br|b|i|strong|em)(?:\s[^<>]{0,200})?/?>", re.IGNORECASE)
# Word lists are matched on straight quotes; the source keeps the quotes as typed ("Children’s Champions").
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})
_TOKEN = re.compile(
    r"(?P<open>[(\[{])|(?P<close>[)\]}])|(?P<comma>[,;])|(?P<dash>(?<!\S)[-–—]+(?!\S))|(?P<word>[^\s()\[\]{},;]+)"
)
# A full stop between a small letter and a capital with no space: the end of one sentence and the start of the next.
_GLUED = re.compile(r"(?<=[a-zà-ÿŵŷ]{2})\.(?=[A-ZÀ-ÞŴŶ][a-zà-ÿŵŷ’'])")
# Words that end with a full stop without ending the sentence.
_ABBREVIATIONS = frozenset("etc eg ie approx no nos vs dr mr mrs ms prof cllr st cf incl esp dept govt".split())


@dataclass(frozen=True)
class Token:
    kind: str
    text: str  # as in the source
    fold: str  # lower case, no accents: what the word lists are matched against
    start: int
    end: int
    mention: int | None = None  # index into the mentions, for a MENTION token

    @property
    def is_boundary(self) -> bool:
        return self.kind in BOUNDARIES

    @property
    def capitalised(self) -> bool:
        return self.kind == MENTION or self.text[:1].isupper() or self.text[:1].isdigit()


@dataclass(frozen=True)
class Tokens:
    source: str
    items: tuple[Token, ...]

    def words(self, start: int, end: int) -> str:
        """Tokens ``start`` to ``end`` (excluded) as written, single-spaced."""
        return render(self.items[start:end])

    def folded(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(token.fold for token in self.items[start:end])


def tokenise(sentence: str, mentions: Sequence[Mention] = ()) -> Tokens:
    source, spans = _with_names(sentence[:MAX_SENTENCE].replace("\u200b", ""), mentions)
    items: list[Token] = []
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup or WORD
        items.extend(_split_word(match, kind))
    return Tokens(source, tuple(_merge_mentions(source, items, spans)))


def _with_names(text: str, mentions: Sequence[Mention]) -> tuple[str, list[tuple[int, int, int]]]:
    """The text with each mention's markup replaced by the name, and where each named mention now stands."""
    by_markup = {mention.text: index for index, mention in enumerate(mentions)}
    by_name = {fold(mention.name): index for index, mention in enumerate(mentions)}
    pieces: list[str] = []
    spans: list[tuple[int, int, int]] = []
    length = 0
    last = 0
    for match in _MARKUP.finditer(text):
        before = _plain(text[last : match.start()])
        pieces.append(before)
        length += len(before)
        index = by_markup.get(match[0])
        if index is None:
            index = by_name.get(fold(html.unescape(match[1]).strip()))
        name = " ".join((mentions[index].name if index is not None else html.unescape(match[1])).split())
        pieces.append(name)
        if name:  # a mention even without its entity (-1): someone named, never the action's words
            spans.append((length, length + len(name), -1 if index is None else index))
        length += len(name)
        last = match.end()
    pieces.append(_plain(text[last:]))
    return "".join(pieces), spans


def _plain(text: str) -> str:
    text = _STRAY_TAGS.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def _split_word(match: re.Match[str], kind: str) -> list[Token]:
    text, start, end = match[0], match.start(), match.end()
    if kind != WORD:
        return [Token(kind, text, text, start, end)]
    return _word_tokens(text, start, end)


def _word_tokens(text: str, start: int, end: int) -> list[Token]:
    glued = _GLUED.search(text) if "/" not in text and "@" not in text else None
    if glued is not None:
        # "y tro nesaf.Tra'n aros": two sentences with no space between them.
        cut = start + glued.start()
        stop = Token(STOP, ".", ".", cut, cut + 1)
        return [
            *_word_tokens(text[: glued.start()], start, cut),
            stop,
            *_word_tokens(text[glued.end() :], cut + 1, end),
        ]
    tail: list[Token] = []
    if len(text) > 1 and text.endswith(":"):
        tail.append(Token(COLON, ":", ":", end - 1, end))
        text, end = text[:-1], end - 1
    elif len(text) > 1 and _ends_sentence(text):
        tail.append(Token(STOP, ".", ".", end - 1, end))
        text, end = text[:-1], end - 1
    elif text in (".", ":"):
        return [Token(STOP if text == "." else COLON, text, text, start, end)]
    return [Token(WORD, text, fold(text.translate(_STRAIGHT)), start, end), *tail]


def _ends_sentence(word: str) -> bool:
    body = word[:-1]
    initial = len(body) == 1 and body.isupper()
    return word.endswith(".") and "." not in body and fold(body) not in _ABBREVIATIONS and not initial


def _merge_mentions(source: str, items: list[Token], spans: list[tuple[int, int, int]]) -> list[Token]:
    """Each mentioned name becomes one MENTION token (a name of several words is one person)."""
    if not spans:
        return items
    merged: list[Token] = []
    span_index = 0
    for token in items:
        while span_index < len(spans) and spans[span_index][1] <= token.start:
            span_index += 1
        if span_index < len(spans) and spans[span_index][0] <= token.start < spans[span_index][1]:
            start, end, index = spans[span_index]
            if not (merged and merged[-1].kind == MENTION and merged[-1].start == start):
                name = source[start:end]
                known = index if index >= 0 else None
                merged.append(Token(MENTION, name, fold(name.translate(_STRAIGHT)), start, end, mention=known))
            continue
        merged.append(token)
    return merged


_NO_SPACE_BEFORE = frozenset({CLOSE, COMMA, COLON, STOP})


def render(tokens: Sequence[Token]) -> str:
    """Tokens as text: one space between words, none inside brackets, before punctuation or where the words
    touched as written ("(WMF)'s")."""
    pieces: list[str] = []
    previous: Token | None = None
    for token in tokens:
        touching = previous is not None and previous.end == token.start
        if previous is not None and token.kind not in _NO_SPACE_BEFORE and previous.kind != OPEN and not touching:
            pieces.append(" ")
        pieces.append(token.text)
        previous = token
    return "".join(pieces)
