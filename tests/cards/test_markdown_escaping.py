"""User text inside our Markdown (catalogue messages with names, role names, quoted input) is read by a real
CommonMark parser as the same characters, never as a link, emphasis, code, HTML, a heading or a list, and gains no
backslash it does not need (some Teams clients have shown escapes literally)."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cards.text import escape_markdown, plain_text

# Bare addresses are left to the client (Teams links them whatever the text says); what matters is that no words of
# the user's become a link's text, a button-like emphasis or markup.
COMMONMARK = MarkdownIt("commonmark")
ACTING = re.compile(r"<(?!/?p>)[a-z]")  # any element but the paragraph around the text


def rendered(text: str) -> str:
    return COMMONMARK.render(text).strip()


@pytest.mark.parametrize(
    "typed",
    [
        "[login here](https://evil.example/login)",
        "![x](https://evil.example/x.png)",
        "**urgent** and _now_",
        "`code` and ~~struck~~",
        "<at>Owen Davies</at>",
        "<img src=x onerror=alert(1)>",
        "# Heading",
        "- not a list",
        "1. not a list",
        "3) not a list",
        "> not a quote",
        "Name\n===",
        "a\\b",
    ],
)
def test_markup_typed_by_a_user_stays_characters(typed: str) -> None:
    out = rendered(escape_markdown(typed))
    assert not ACTING.search(out), out
    assert plain_text(escape_markdown(typed)) == typed


@pytest.mark.parametrize(
    "name",
    ["Regional Convenor (North Wales)", "Jo Bloggs-Smith", "e.g. the Forum", "21.03.2025", "Q2 2025!", "#hashtag"],
)
def test_ordinary_names_and_dates_gain_no_backslashes(name: str) -> None:
    assert escape_markdown(name) == name


@settings(max_examples=400, derandomize=True, database=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1.-#=+*_`[]()<>!~\\:/\n\t")), max_size=40))
def test_any_mix_of_markup_characters_renders_as_itself(typed: str) -> None:
    escaped = escape_markdown(typed)
    assert plain_text(escaped) == typed.replace("\r", " ")
    out = rendered(escaped)
    # Indented code is the one block left (four leading spaces): it shows the text as typed and can link nothing.
    if "<pre>" not in out:
        assert not ACTING.search(out), (typed, out)
        shown = html.unescape(re.sub(r"</?p>|<br />", "", out))
        assert re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", typed)
