"""Control characters are taken out of text on the way in; tabs and line breaks stay."""

from __future__ import annotations

from bot.register.control_chars import scrub_strings, without_control_characters


def test_control_characters_go_and_ordinary_whitespace_stays() -> None:
    assert without_control_characters("a\x00b\x1b[2Jc\x7fd\x85e\x9ff\ufffeg") == "ab[2Jcdefg"
    assert without_control_characters("one\ttwo\nthree\r\nfour\rfive") == "one\ttwo\nthree\nfour\nfive"
    assert without_control_characters("Gwneud y gwaith – Llŷr 👍") == "Gwneud y gwaith – Llŷr 👍"


def test_every_string_in_an_activity_is_scrubbed_keys_included() -> None:
    body = {"text": "/action a\x00b", "entities": [{"text": "<at>A\x1b</at>"}], "k\x07": 1, "n": None, "v": [2.5, True]}
    assert scrub_strings(body) == {
        "text": "/action ab",
        "entities": [{"text": "<at>A</at>"}],
        "k": 1,
        "n": None,
        "v": [2.5, True],
    }
