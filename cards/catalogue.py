"""The message catalogue: every user-facing string, keyed, per language.

Messages live in gettext `.po` files under `cards/locale/<lang>/LC_MESSAGES/chaser.po` with keyed msgids
("action.logged.title"). They are read with Babel at first use, so there is no compile step between editing a `.po`
file and running the bot. English is the fallback for any language or key that has no translation yet.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "chaser"
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "cy")
# Welsh first, then English, in one message: what the Welsh Language Standards ask where the reader's choice is not
# known (a group or meeting chat, by default).
BILINGUAL = "cy+en"
# Past this length the two languages go in separate paragraphs rather than "Welsh / English" on one line.
_ONE_LINE = 60


class MissingMessage(KeyError):
    """A key used in code that no catalogue defines: a programming error, caught by the catalogue tests."""


def language_of(locale: str | None) -> str:
    """Map a Teams locale ("cy-GB", "en-US", None) to a catalogue language (bilingual reads as Welsh first)."""
    if not locale:
        return DEFAULT_LANGUAGE
    if locale == BILINGUAL:
        return "cy"
    lang = locale.replace("_", "-").split("-")[0].lower()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@cache
def _catalog(language: str) -> Catalog | None:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


@cache  # a card asks for a dozen messages; Babel's Catalog.get normalises the key each time
def _lookup(key: str, language: str) -> object | None:
    catalog = _catalog(language)
    if catalog is None:
        return None
    message = catalog.get(key)
    if message is None or not message.string:
        return None
    string_value: object = message.string
    if isinstance(string_value, tuple | list) and not any(string_value):
        return None
    return string_value


def _format(template: str, params: dict[str, object]) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError) as exc:
        raise MissingMessage(f"message {template!r} needs parameters it was not given: {exc}") from exc


class Both(str):
    """Text in both languages ("Gwe 21 Mawrth 2025 / Fri 21 March 2025") that remembers its halves: put into a
    bilingual message, each language's half takes its own language's words, so pairs never nest ("By Gwe 21
    Mawrth 2025 / Fri 21 March 2025" inside the English)."""

    welsh: str
    english: str

    def __new__(cls, welsh: str, english: str) -> Both:
        separator = "\n\n" if max(len(welsh), len(english)) > _ONE_LINE else " / "
        made = super().__new__(cls, english if welsh == english else f"{welsh}{separator}{english}")
        made.welsh, made.english = str(_half(welsh, "cy")), str(_half(english, "en"))
        return made

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        # Copied (copy.deepcopy, pickle) as its two halves.
        return self.welsh, self.english


def _half(value: object, language: str) -> object:
    if isinstance(value, Both):
        return value.welsh if language == "cy" else value.english
    return value


def _in(language: str, params: dict[str, object]) -> dict[str, object]:
    return {name: _half(value, language) for name, value in params.items()}


def both(welsh: str, english: str) -> str:
    """Welsh first, then English; once when they are the same."""
    return Both(welsh, english)


def t(key: str, locale: str | None = None, /, **params: object) -> str:
    """The message `key` in the reader's language, with `params` filled in (str.format syntax)."""
    if locale == BILINGUAL:
        return both(t(key, "cy", **_in("cy", params)), t(key, "en", **_in("en", params)))
    return _format(_template(key, locale), params)


@lru_cache(maxsize=8192)  # bounded: a locale is whatever the client sent
def _template(key: str, locale: str | None) -> str:
    """A card asks for a dozen messages per turn: each key and locale is resolved (with fallback) once."""
    language = language_of(locale)
    found = _lookup(key, language)
    if found is None and language != DEFAULT_LANGUAGE:
        found = _lookup(key, DEFAULT_LANGUAGE)
    if found is None:
        raise MissingMessage(key)
    return str(found[0] if isinstance(found, tuple | list) else found)


def tn(key: str, n: int, locale: str | None = None, /, **params: object) -> str:
    """A message with plural forms; `n` picks the form by the language's CLDR plural rules and is passed as {n}."""
    if locale == BILINGUAL:
        return both(tn(key, n, "cy", **_in("cy", params)), tn(key, n, "en", **_in("en", params)))
    language = language_of(locale)
    found = _lookup(key, language)
    if found is None and language != DEFAULT_LANGUAGE:
        language = DEFAULT_LANGUAGE
        found = _lookup(key, language)
    if found is None:
        raise MissingMessage(key)
    forms = list(found) if isinstance(found, tuple | list) else [str(found)]
    catalog = _catalog(language)
    assert catalog is not None
    index = _plural_index(catalog, n)
    template = forms[min(index, len(forms) - 1)] or forms[0]
    return _format(str(template), {"n": n, **params})


@cache
def _plural_function(expr: str) -> Callable[[int], int]:
    # The .po header's Plural-Forms expression is the gettext contract for which form is which; gettext compiles
    # its C syntax safely.
    return gettext.c2py(expr)


def _plural_index(catalog: Catalog, n: int) -> int:
    return _plural_function(catalog.plural_expr)(n)


def keys(language: str = DEFAULT_LANGUAGE) -> set[str]:
    catalog = _catalog(language)
    return {str(m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id} if catalog else set()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
