"""Buttons in rows that keep their titles whole: pure layout, checked for real in the renderer test at 480 px."""

from __future__ import annotations

from typing import Any

from cards.envelope import adaptive_card, button_rows


def button(title: str, kind: str = "Action.Execute") -> dict[str, Any]:
    return {"type": kind, "title": title}


def titles(rows: list[dict[str, Any]]) -> list[list[str]]:
    assert all(row["type"] == "ActionSet" for row in rows)
    return [[action["title"] for action in row["actions"]] for row in rows]


def test_buttons_that_fit_stay_in_one_row() -> None:
    assert titles(button_rows([button("Mark done"), button("Edit")])) == [["Mark done", "Edit"]]


def test_four_answers_share_two_rows_evenly() -> None:
    answers = [button("Mark done"), button("Progress update", "Action.ShowCard"), button("Snooze"), button("Can't do")]
    assert titles(button_rows(answers)) == [["Mark done", "Progress update"], ["Snooze", "Can't do"]]


def test_bilingual_titles_take_a_row_each() -> None:
    answers = [
        button("Marcio'n gyflawn / Mark done"),
        button("Diweddariad ar gynnydd / Progress update", "Action.ShowCard"),
        button("Ailatgoffa / Snooze", "Action.ShowCard"),
    ]
    assert [len(row) for row in titles(button_rows(answers))] == [1, 1, 1]


def test_a_title_too_long_for_any_row_still_gets_its_own() -> None:
    rows = titles(button_rows([button("x" * 200), button("OK")]))
    assert rows == [["x" * 200], ["OK"]]


def test_a_card_whose_buttons_do_not_fit_carries_them_as_rows_in_its_body() -> None:
    body = [{"type": "TextBlock", "text": "Export", "wrap": True}]
    exports = [button("Word"), button("Spreadsheet (CSV)"), button("Markdown"), button("Calendar (.ics)")]
    card = adaptive_card(body, exports, locale="en")
    assert "actions" not in card
    assert card["body"][0] == body[0] and len(body) == 1  # the caller's list is left as it was
    assert titles(card["body"][1:]) == [["Word", "Spreadsheet (CSV)"], ["Markdown", "Calendar (.ics)"]]
    short = adaptive_card(body, [button("Refresh")], locale="en")
    assert short["actions"] == [button("Refresh")] and short["body"] == body
