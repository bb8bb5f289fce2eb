"""The message catalogue: Welsh as complete as English, placeholders intact, every key the code uses defined.

The Welsh Language Standards bind Chaser's users, so a key added to the English catalogue without its Welsh fails
here. Both `.po` files are read afresh from disk (never a copy kept in this file), so the tests follow the catalogue
as it grows.
"""

from __future__ import annotations

import ast
import gettext
import inspect
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

import bot.register.chasing
import scheduler.policy
import scheduler.stages
from bot.register.commands import COMMANDS, COMMANDS_BY_KEYWORD, CommandSpec, parse_action, recognise
from bot.register.model import ActionStatus, OwnerKind
from bot.register.reach import EMAIL, INSTALLED, MENTION, PERSONAL, UNREACHABLE
from bot.register.sentence import ActionReading, read_action
from cards.catalogue import DOMAIN, LOCALE_DIR, MissingMessage, placeholders, t, tn

ROOT = Path(__file__).resolve().parents[2]
PO_FILES = {language: LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po" for language in ("en", "cy")}

# Messages whose Welsh may be identical to the English although they contain words. Keep this tiny: text made only of
# placeholders, punctuation, digits and slash commands ("{name}, {day}", "/done 3"), and the command words themselves
# (command.<name>.title: what people type, kept in English until Welsh aliases are added to both catalogues), are
# recognised as language-neutral without being listed here.
# The name of the Welsh language, and product names, are the same words in both.
SAME_IN_BOTH_LANGUAGES: frozenset[str] = frozenset({"language.cy", "export.word", "export.markdown"})

# String literals in the code that look like message keys but are not messages.
NOT_MESSAGE_KEYS: dict[str, str] = {
    "chaser.raw_activity": "the turn-state slot for the incoming activity (bot/teams/turn.py)",
}

KEY_PREFIXES = (
    "card|error|reply|list|deadline|status|field|button|owner|help|command|summary|review|welcome|chaser|chasers"
)
KEY_LITERAL = re.compile(rf"^({KEY_PREFIXES})\.[a-z0-9_.]+$")
KEY_FSTRING_START = re.compile(rf"^({KEY_PREFIXES})\.")
# Calls whose first argument is a message key: the catalogue's functions and the cards' helpers built on them.
KEY_FUNCTIONS = frozenset({"t", "tn", "message_block", "execute"})
# Modules that may be called through their name (`catalogue.t(…)`); any other `x.execute(…)` is a database call.
KEY_FUNCTION_MODULES = frozenset({"catalogue", "envelope", "text"})
# User errors carry a message key as their first argument (bot/register/errors.py).
ERROR_CLASSES = frozenset({"InvalidInput", "NotFound", "NotAllowed", "Conflict", "ChaserError"})
SOURCE_DIRS = ("bot", "cards", "scheduler", "dialogs")
# Modules that define what a reminder's `kind` can be; their callables with a `kind` parameter are scanned for it.
CHASE_KIND_MODULES: tuple[ModuleType, ...] = (scheduler.policy, scheduler.stages, bot.register.chasing)
# Keys built at run time from a template ("{}" marks the dynamic part); each is checked by a test below.
ROUTES = (PERSONAL, INSTALLED, EMAIL, MENTION)
KNOWN_FAMILIES = frozenset(
    {
        "status.{}",
        "chaser.stage.{}",
        "command.{}.title",
        "command.{}.description",
        "command.{}.example",
        "chasers.route.{}",
        "command.{}.typed",
    }
)
PLURAL_SAMPLES = (*range(11), 100)
COMMAND_TOKEN = re.compile(r"(?<![\w/])/[a-z]+\b")


# -- reading the catalogues -------------------------------------------------------------------------------------


@cache
def _read(language: str, mtime: float) -> Catalog:
    with PO_FILES[language].open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


def catalogue(language: str) -> Catalog:
    """The catalogue as it is on disk now (re-read whenever the file changes)."""
    return _read(language, PO_FILES[language].stat().st_mtime)


def key_of(message: Message) -> str:
    return str(message.id if isinstance(message.id, str) else message.id[0])


def forms(message: Message) -> tuple[str, ...]:
    value = message.string
    return tuple(str(s) for s in value) if isinstance(value, tuple | list) else (str(value),)


def messages(language: str) -> dict[str, Message]:
    return {key_of(m): m for m in catalogue(language) if m.id}


def english_keys() -> list[str]:
    return sorted(messages("en"))


def english_plural_keys() -> list[str]:
    return sorted(key for key, m in messages("en").items() if m.pluralizable)


def header_plural_forms(language: str) -> tuple[int, str]:
    """nplurals and plural as the file's own header writes them."""
    text = PO_FILES[language].read_text(encoding="utf-8")
    found = re.search(r'^"Plural-Forms:\s*nplurals=(\d+);\s*plural=(.+?);?\\n"$', text, re.MULTILINE)
    assert found, f"{PO_FILES[language]} has no Plural-Forms header"
    return int(found[1]), found[2].strip()


def english_placeholders(key: str) -> set[str]:
    return set().union(*(placeholders(s) for s in forms(messages("en")[key])))


def sample_params(names: set[str]) -> dict[str, object]:
    return {name: f"<{name}>" for name in names}


def language_neutral(text: str) -> bool:
    """Text with no words of either language: placeholders, slash commands, digits and punctuation only."""
    literal = "".join(part for part, _, _, _ in string.Formatter().parse(text))
    return not re.search(r"[^\W\d_]", COMMAND_TOKEN.sub("", literal))


# -- the Welsh catalogue ----------------------------------------------------------------------------------------


def test_welsh_header_uses_babels_welsh_plural_rule() -> None:
    welsh = catalogue("cy")
    nplurals, expr = header_plural_forms("cy")
    babel_welsh = Catalog(locale="cy")
    assert (nplurals, expr) == (babel_welsh.num_plurals, babel_welsh.plural_expr)
    assert (welsh.num_plurals, welsh.plural_expr) == (nplurals, expr)
    assert str(welsh.locale) == "cy"
    assert welsh.charset.lower() == "utf-8"
    assert "Language: cy\\n" in PO_FILES["cy"].read_text(encoding="utf-8")


def test_english_header_uses_babels_english_plural_rule() -> None:
    babel_english = Catalog(locale="en")
    assert header_plural_forms("en") == (babel_english.num_plurals, babel_english.plural_expr)


@pytest.mark.parametrize("key", english_keys())
def test_every_english_message_has_welsh(key: str) -> None:
    english = messages("en")[key]
    welsh = messages("cy").get(key)
    assert welsh is not None, f"{key} has no Welsh translation in {PO_FILES['cy']}"
    assert not welsh.fuzzy, f"{key} is marked fuzzy in Welsh: check the translation and remove the flag"
    assert welsh.pluralizable == english.pluralizable, f"{key}: plural in one language and not the other"
    for form in forms(welsh):
        assert form.strip(), f"{key} has an empty Welsh form"
    english_text, welsh_text = forms(english), forms(welsh)
    if english_text[0] == welsh_text[0] or english_text[-1] == welsh_text[-1]:
        same_allowed = (
            key in SAME_IN_BOTH_LANGUAGES
            or all(language_neutral(s) for s in english_text)
            or key in {spec.title_key for spec in COMMANDS}
        )
        assert same_allowed, f"{key} is not translated: the Welsh is the English ({english_text[0]!r})"


def test_same_in_both_languages_is_still_needed() -> None:
    english = messages("en")
    stale = {key for key in SAME_IN_BOTH_LANGUAGES if key not in english}
    assert not stale, f"SAME_IN_BOTH_LANGUAGES lists keys the catalogue no longer has: {sorted(stale)}"


def test_welsh_has_no_messages_english_lacks() -> None:
    extra = set(messages("cy")) - set(messages("en"))
    assert not extra, f"Welsh messages with no English (renamed or removed keys?): {sorted(extra)}"


@pytest.mark.parametrize("key", english_keys())
def test_placeholders_match(key: str) -> None:
    """Same names in both languages and in every form, so `t`/`tn` can never miss a parameter in one of them.

    A plural form may leave out {n} (e.g. "Un cam gweithredu"): `tn` always passes it.
    """
    expected = english_placeholders(key)
    for language in ("en", "cy"):
        message = messages(language).get(key)
        if message is None:
            continue  # reported by test_every_english_message_has_welsh
        for index, form in enumerate(forms(message)):
            found = placeholders(form)
            wanted = expected - {"n"} if message.pluralizable else expected
            assert wanted <= found <= expected, (
                f"{key} [{language}] form {index}: placeholders {sorted(found)}, English has {sorted(expected)}"
            )
            params = sample_params(expected | {"n"})
            assert form.format(**params), f"{key} [{language}] form {index} does not format"


@pytest.mark.parametrize("key", english_keys())
def test_slash_commands_are_the_same_in_both_languages(key: str) -> None:
    """Commands are typed tokens: the Welsh must name the same ones as the English."""
    welsh = messages("cy").get(key)
    if welsh is None:
        return
    english_tokens = {_command(token) for s in forms(messages("en")[key]) for token in COMMAND_TOKEN.findall(s)}
    for form in forms(welsh):
        welsh_tokens = {_command(token) for token in COMMAND_TOKEN.findall(form)}
        assert welsh_tokens == english_tokens, f"{key}: {form!r} should name {english_tokens}"


def _command(token: str) -> str:
    """A typed command in either language, as the command it runs (/iaith is /language)."""
    spec = COMMANDS_BY_KEYWORD.get(token.lstrip("/"))
    return "/" + spec.name if spec else token


@pytest.mark.parametrize("key", english_plural_keys())
def test_welsh_plural_forms(key: str) -> None:
    nplurals, _ = header_plural_forms("cy")
    welsh = messages("cy").get(key)
    assert welsh is not None, f"{key} has no Welsh translation"
    assert len(forms(welsh)) == nplurals, f"{key} needs {nplurals} Welsh forms, has {len(forms(welsh))}"
    english_params = sample_params(english_placeholders(key) - {"n"})
    plural = gettext.c2py(header_plural_forms("cy")[1])
    for n in PLURAL_SAMPLES:
        index = plural(n)
        expected = forms(welsh)[index].format(**english_params, n=n)
        assert tn(key, n, "cy", **english_params) == expected
        assert tn(key, n, "cy-GB", **english_params) == expected


def test_welsh_plural_forms_follow_the_numerals() -> None:
    """Welsh keeps the noun singular after a number and mutates it after 2 (soft), 3 and 6 (aspirate)."""
    assert [tn("list.open.title", n, "cy") for n in (0, 1, 2, 3, 4, 6, 10)] == [
        "0 cam gweithredu agored",
        "1 cam gweithredu agored",
        "2 gam gweithredu agored",
        "3 cham gweithredu agored",
        "4 cam gweithredu agored",
        "6 cham gweithredu agored",
        "10 cam gweithredu agored",
    ]


# -- choosing a language ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["cy", "cy-GB", "cy_GB", "CY-gb"])
def test_welsh_locales_get_welsh(locale: str) -> None:
    for key, message in messages("cy").items():
        params = sample_params(english_placeholders(key) - {"n"})
        if message.pluralizable:
            assert tn(key, 2, locale, **params) == forms(message)[2].format(**params, n=2)
        else:
            assert t(key, locale, **params) == forms(message)[0].format(**params)


@pytest.mark.parametrize("locale", ["fr-FR", "en-US", "en-GB", "", None])
def test_other_locales_get_english(locale: str | None) -> None:
    for key, message in messages("en").items():
        params = sample_params(english_placeholders(key) - {"n"})
        if message.pluralizable:
            assert tn(key, 1, locale, **params) == forms(message)[0].format(**params, n=1)
            assert tn(key, 2, locale, **params) == forms(message)[1].format(**params, n=2)
        else:
            assert t(key, locale, **params) == forms(message)[0].format(**params)


@pytest.mark.parametrize("locale", ["en", "cy-GB", "fr-FR"])
def test_missing_key_raises(locale: str) -> None:
    with pytest.raises(MissingMessage):
        t("error.no_such_message", locale)
    with pytest.raises(MissingMessage):
        tn("list.no_such_message", 2, locale)


def test_missing_parameter_raises() -> None:
    with pytest.raises(MissingMessage):
        t("card.action.logged", "cy")


# -- examples in Welsh use words Chaser understands ----------------------------------------------------------------


def _read_sentence(words: str) -> ActionReading:
    return read_action(words, reference=date(2025, 3, 17))


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("key", ["command.action.example", "welcome.example"])
def test_action_examples_parse(key: str, language: str) -> None:
    """The /action examples split into text, a role owner and deadline words (owner:/perchennog:, due:/dyddiad cau:)."""
    call = recognise(t(key, language), addressed=False)
    assert call is not None and call.name == "action"
    draft = parse_action(call.args, read=_read_sentence)
    assert draft.text
    assert draft.owner is not None and draft.owner.kind is OwnerKind.ROLE
    assert draft.deadline.text


@pytest.mark.parametrize("language", ["en", "cy"])
def test_empty_action_example_parses(language: str) -> None:
    message = t("error.action.empty", language)
    call = recognise(message[message.index("/action ") :], addressed=False)
    assert call is not None
    draft = parse_action(call.args, read=_read_sentence)
    assert draft.text and draft.owner is not None


# -- every key the code uses exists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    key: str
    where: str


def _sources() -> list[Path]:
    files = [path for folder in SOURCE_DIRS for path in sorted((ROOT / folder).rglob("*.py"))]
    app = ROOT / "app.py"
    return [*files, app] if app.exists() else files


@cache
def _parsed(path: Path, mtime: float) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _trees() -> Iterator[tuple[str, ast.Module]]:
    for path in _sources():
        yield str(path.relative_to(ROOT)), _parsed(path, path.stat().st_mtime)


def _callee(call: ast.Call) -> tuple[str | None, str | None]:
    """(name, module name) of what is called: `t(…)` is ("t", None), `catalogue.t(…)` is ("t", "catalogue")."""
    if isinstance(call.func, ast.Name):
        return call.func.id, None
    if isinstance(call.func, ast.Attribute):
        owner = call.func.value.id if isinstance(call.func.value, ast.Name) else ""
        return call.func.attr, owner
    return None, None


def _first_literal(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _fstring_parts(tree: ast.Module) -> set[int]:
    """ids of the constant pieces of f-strings, which are not keys on their own."""
    return {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for value in node.values}


def keys_used_in_code() -> list[Use]:
    uses: list[Use] = []
    for where, tree in _trees():
        in_fstrings = _fstring_parts(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name, module = _callee(node)
                literal = _first_literal(node)
                if literal is None or name is None:
                    continue
                if (name in KEY_FUNCTIONS and (module is None or module in KEY_FUNCTION_MODULES)) or (
                    name in ERROR_CLASSES
                ):
                    uses.append(Use(literal, f"{where}:{node.lineno} {name}(…)"))
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in in_fstrings
                and KEY_LITERAL.match(node.value)
                and node.value not in NOT_MESSAGE_KEYS
            ):
                uses.append(Use(node.value, f"{where}:{node.lineno}"))
    return uses


def key_families_in_code() -> list[Use]:
    """Keys built with f-strings, as templates: f"status.{action.status.value}" is "status.{}"."""
    families: list[Use] = []
    for where, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr) or not node.values:
                continue
            first = node.values[0]
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            if not KEY_FSTRING_START.match(first.value):
                continue
            template = "".join(
                str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values
            )  # FormattedValue → {}
            families.append(Use(template, f"{where}:{node.lineno}"))
    return families


def test_the_scan_finds_keys() -> None:
    """A guard on the scanner itself: it must see the keys it is known to be used with."""
    found = {use.key for use in keys_used_in_code()}
    assert {"reply.sorry", "error.card.malformed", "list.open.title", "button.done"} <= found
    assert {use.key for use in key_families_in_code()} >= {"status.{}", "command.{}.title"}


def test_every_key_used_in_code_is_in_the_english_catalogue() -> None:
    english = set(messages("en"))
    missing = sorted({f"{use.key}  ({use.where})" for use in keys_used_in_code() if use.key not in english})
    assert not missing, "keys used in code but not in the English catalogue:\n" + "\n".join(missing)


def test_not_message_keys_are_still_in_the_code() -> None:
    literals = {
        node.value
        for _, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    stale = set(NOT_MESSAGE_KEYS) - literals
    assert not stale, f"NOT_MESSAGE_KEYS lists strings no longer in the code: {sorted(stale)}"


def test_every_dynamic_key_family_is_checked() -> None:
    unknown = sorted({f"{use.key}  ({use.where})" for use in key_families_in_code() if use.key not in KNOWN_FAMILIES})
    assert not unknown, (
        "keys built at run time that no test enumerates; add the family to KNOWN_FAMILIES with a test:\n"
        + "\n".join(unknown)
    )


@pytest.mark.parametrize("status", list(ActionStatus))
def test_status_family(status: ActionStatus) -> None:
    assert f"status.{status.value}" in messages("en")


@pytest.mark.parametrize("route", [*ROUTES, UNREACHABLE])
def test_reach_route_family(route: str) -> None:
    assert f"chasers.route.{route}" in messages("en")


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.name)
def test_each_command_has_its_welsh_name_and_it_runs_the_command(spec: CommandSpec) -> None:
    # The Welsh help lists the Welsh names (/gweithred), not the English ones.
    assert t(f"command.{spec.name}.typed", "en") == spec.name
    welsh = t(f"command.{spec.name}.typed", "cy")
    assert welsh in spec.aliases and welsh != spec.name
    call = recognise(f"/{welsh}", addressed=False)
    assert call is not None and call.name == spec.name


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("part", ["title", "description", "example"])
def test_command_family(spec: CommandSpec, part: str) -> None:
    key = f"command.{spec.name}.{part}"
    assert key in messages("en")
    assert key == getattr(spec, f"{part}_key")


def _kind_positions(module: ModuleType) -> dict[str, int | None]:
    """Callables defined in `module` that take a `kind`, with its position (None when keyword-only)."""
    found: dict[str, int | None] = {}
    for name, value in vars(module).items():
        if not callable(value) or getattr(value, "__module__", None) != module.__name__:
            continue
        try:
            parameters = list(inspect.signature(value).parameters.values())
        except (TypeError, ValueError):
            continue
        for index, parameter in enumerate(parameters):
            if parameter.name == "kind":
                positional = parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
                found[name] = index if positional else None
    return found


def _kind_constants() -> dict[str, str]:
    """Module-level names for reminder kinds (KIND_REMINDER = "reminder", …) in the modules that define them."""
    return {
        name: value
        for module in CHASE_KIND_MODULES
        for name, value in vars(module).items()
        if name.startswith("KIND_") and isinstance(value, str)
    }


def chase_kinds_in_code() -> dict[str, str]:
    """Every reminder kind the code names ("reminder", "overdue", …), with where.

    Found three ways: the KIND_* constants of the modules that define reminders, and the `kind` argument (a literal or
    one of those constants) of every call to a callable of theirs that takes one (Chase(…), ChaserItem(…), …).
    """
    constants = _kind_constants()
    kinds: dict[str, str] = {value: f"{name} constant" for name, value in constants.items()}
    positions: dict[str, int | None] = {}
    for module in CHASE_KIND_MODULES:
        positions.update(_kind_positions(module))

    def note(value: ast.expr, where: str) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            kinds.setdefault(value.value, where)
        elif isinstance(value, ast.Name | ast.Attribute):
            name = value.id if isinstance(value, ast.Name) else value.attr
            if name in constants:
                kinds.setdefault(constants[name], where)

    for where, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name, _ = _callee(node)
            if name not in positions:
                continue
            position = positions[name]
            for keyword in node.keywords:
                if keyword.arg == "kind":
                    note(keyword.value, f"{where}:{node.lineno}")
            if position is not None and position < len(node.args):
                note(node.args[position], f"{where}:{node.lineno}")
    return kinds


def test_chaser_stage_family() -> None:
    kinds = chase_kinds_in_code()
    assert kinds, "no reminder kinds found: has scheduler/policy.py or bot/register/chasing.py moved?"
    english = set(messages("en"))
    missing = sorted(
        f"chaser.stage.{kind}  ({where})" for kind, where in kinds.items() if f"chaser.stage.{kind}" not in english
    )
    assert not missing, "reminder kinds with no message:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("count", "english", "welsh"),
    [
        # Not "overdue": ASAP and check-in actions escalate too, when their reminders go unanswered.
        (1, "Its owner has not answered", "Nid yw ei berchennog wedi ateb"),
        (2, "Their owners have not answered", "Nid yw eu perchnogion wedi ateb"),
        (6, "Their owners have not answered", "Nid yw eu perchnogion wedi ateb"),
    ],
)
def test_the_escalation_speaks_of_one_action_or_several(count: int, english: str, welsh: str) -> None:
    # The reviewer's point: "These actions are overdue" over a card holding one. Nor does it count reminders: how
    # many go before an escalation is a setting (CHASER_ESCALATE_AFTER).
    assert tn("chaser.escalation_intro", count, "en").startswith(english)
    assert tn("chaser.escalation_intro", count, "cy").startswith(welsh)
    assert "twice" not in tn("chaser.escalation_intro", count, "en")
