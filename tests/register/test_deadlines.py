"""Reading deadline words: the tables in deadline_cases.py, clock changes, properties, the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.register.deadlines import parse_deadline
from bot.register.model import Deadline, DeadlineKind
from tests.register.deadline_cases import ENGLISH, MONDAY_17_MARCH, WELSH, Case

LONDON = ZoneInfo("Europe/London")
ROOT = Path(__file__).resolve().parents[2]


def expected(value: str | None, zone: ZoneInfo = LONDON) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=zone)


def check(case: Case, locale: str) -> None:
    deadline = parse_deadline(case.text, reference=case.reference, locale=locale)
    assert deadline.text == case.text
    assert (deadline.kind, deadline.due, deadline.latest) == (
        DeadlineKind(case.kind),
        expected(case.due),
        expected(case.latest),
    ), f"{case.text!r} on {case.reference}"


def test_the_tables_are_big_enough_and_distinct() -> None:
    assert len({c.text for c in ENGLISH}) >= 80
    assert len({c.text for c in WELSH}) >= 30
    assert len(set(ENGLISH)) == len(ENGLISH) and len(set(WELSH)) == len(WELSH)


@pytest.mark.parametrize("case", ENGLISH, ids=lambda c: f"{c.text}@{c.reference}")
def test_english(case: Case) -> None:
    check(case, "en")


@pytest.mark.parametrize("case", WELSH, ids=lambda c: f"{c.text}@{c.reference}")
def test_welsh(case: Case) -> None:
    check(case, "cy")


@pytest.mark.parametrize("case", WELSH[::3] + ENGLISH[::7], ids=lambda c: c.text)
def test_either_language_whatever_the_locale(case: Case) -> None:
    """People mix languages: the locale only orders the fallback, never what the grammar reads."""
    check(case, "en" if case in WELSH else "cy")


# -- the words kept ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_no_words_is_no_deadline(text: str) -> None:
    assert parse_deadline(text, reference=MONDAY_17_MARCH) == Deadline.none()


def test_words_are_kept_as_written_without_surrounding_space() -> None:
    deadline = parse_deadline("  By June 2025 \n", reference=MONDAY_17_MARCH)
    assert deadline.text == "By June 2025"
    welsh = parse_deadline("Cyn Gynted  Â Phosibl", reference=MONDAY_17_MARCH, locale="cy")
    assert (welsh.text, welsh.kind) == ("Cyn Gynted  Â Phosibl", DeadlineKind.ASAP)


def test_typographic_punctuation_reads_like_plain() -> None:
    curly = parse_deadline("i’w gadarnhau – 14–18 April", reference=MONDAY_17_MARCH)
    assert curly.kind is DeadlineKind.DATE  # TBC beside a date: a provisional date
    assert (curly.due, curly.latest) == (expected("2025-04-14"), expected("2025-04-18"))


def test_a_datetime_reference_counts_as_its_day() -> None:
    moment = datetime(2025, 3, 17, 23, 30, tzinfo=LONDON)
    assert parse_deadline("tomorrow", reference=moment).due == expected("2025-03-18")


# -- clocks --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset_hours"),
    [
        ("29 March 2025", 0),
        ("30 March 2025", 0),  # midnight comes before the clocks go forward at 01:00
        ("30/03/2025 5pm", 1),
        ("31 March 2025", 1),
        ("25 October 2025", 1),
        ("26 October 2025", 1),  # midnight is still British Summer Time; clocks go back at 02:00
        ("26 Oct 2025 5pm", 0),
        ("27 October 2025", 0),
    ],
)
def test_clock_changes_give_the_right_offset(text: str, offset_hours: int) -> None:
    deadline = parse_deadline(text, reference=MONDAY_17_MARCH)
    assert deadline.due is not None and deadline.latest is not None
    assert deadline.due.utcoffset() == timedelta(hours=offset_hours)
    assert deadline.latest.utcoffset() == timedelta(hours=offset_hours)


def test_a_window_across_the_spring_change_keeps_each_ends_offset() -> None:
    deadline = parse_deadline("w/c 24 March", reference=MONDAY_17_MARCH)
    assert deadline.due == datetime(2025, 3, 24, tzinfo=LONDON)
    assert deadline.latest == datetime(2025, 3, 28, tzinfo=LONDON)
    spanning = parse_deadline("28 March to 4 April", reference=MONDAY_17_MARCH)
    assert spanning.due is not None and spanning.latest is not None
    assert spanning.due.utcoffset() == timedelta(0)
    assert spanning.latest.utcoffset() == timedelta(hours=1)


def test_other_time_zones() -> None:
    new_york = ZoneInfo("America/New_York")
    deadline = parse_deadline("Friday 5pm", reference=MONDAY_17_MARCH, tz="America/New_York")
    assert deadline.due == datetime(2025, 3, 21, 17, 0, tzinfo=new_york)
    assert deadline.due.utcoffset() == timedelta(hours=-4)
    assert isinstance(deadline.due.tzinfo, ZoneInfo) and deadline.due.tzinfo.key == "America/New_York"


# -- properties ----------------------------------------------------------------------------------------------

FRAGMENTS = [
    "by", "before", "the", "end", "of", "next", "week", "w/c", "mid", "early", "late", "Friday", "dydd",
    "Gwener", "nesaf", "erbyn", "diwedd", "mis", "Mehefin", "May", "June", "2025", "2025/26", "Q2",
    "31/03/25", "5/6", "14", "April", "Spring", "hydref", "yr", "-", "to", "(", ")", ",", "ASAP", "TBC",
    "when", "published", "following", "after", "meeting", "cyfarfod", "5pm", "17:00", "noon", "in", "2",
    "weeks", "days", "within", "29", "February", "31", "start", "financial", "year", "winter", "2024/25",
    "Christmas", "Easter", "recess",
]  # fmt: skip
references = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
phrases = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map(" ".join)


def assert_well_formed(deadline: Deadline, text: str, tz: str = "Europe/London") -> None:
    assert deadline.text == text.strip()
    for moment in (deadline.due, deadline.latest):
        assert moment is None or (isinstance(moment.tzinfo, ZoneInfo) and moment.tzinfo.key == tz)
    if deadline.due is not None and deadline.latest is not None:
        assert deadline.due <= deadline.latest
    if deadline.kind is DeadlineKind.DATE:
        assert deadline.due is not None and deadline.latest is not None
    else:
        assert deadline.due is None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=120), reference=references, locale=st.sampled_from(["en", "cy", "fr"]))
def test_never_raises_on_any_text(text: str, reference: date, locale: str) -> None:
    deadline = parse_deadline(text, reference=reference, locale=locale)
    if not text.strip():
        assert deadline == Deadline.none()
    assert_well_formed(deadline, text)


@settings(max_examples=600, deadline=None)
@given(text=phrases, reference=references, tz=st.sampled_from(["Europe/London", "UTC", "Pacific/Auckland"]))
def test_phrase_like_words_are_well_formed(text: str, reference: date, tz: str) -> None:
    assert_well_formed(parse_deadline(text, reference=reference, tz=tz), text, tz)


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    reference=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_explicit_dates_read_back_exactly(day: date, reference: date) -> None:
    written = (day.isoformat(), day.strftime("%d/%m/%Y"), f"{day.day} {day:%B %Y}", f"by {day:%a %d %b %Y}")
    for text in written:
        deadline = parse_deadline(text, reference=reference)
        assert deadline.kind is DeadlineKind.DATE, text
        assert deadline.due == deadline.latest == datetime(day.year, day.month, day.day, tzinfo=LONDON), text


@settings(max_examples=200, deadline=None)
@given(reference=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_year_left_out_is_the_next_such_day(reference: date) -> None:
    deadline = parse_deadline("1 March", reference=reference)
    assert deadline.due is not None
    due = deadline.due.date()
    assert (due.month, due.day) == (3, 1)
    assert reference <= due < date(reference.year + 1, reference.month, 1) + timedelta(days=366)
    assert due.year in (reference.year, reference.year + 1)
    assert due.year == reference.year or date(reference.year, 3, 1) < reference


# -- command line --------------------------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot.register.deadlines", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_cli_prints_one_json_object() -> None:
    done = cli("By June 2025", "--reference", "2025-03-17")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "text": "By June 2025",
        "kind": "date",
        "due": "2025-06-30",
        "latest": "2025-06-30",
    }
    assert len(done.stdout.strip().splitlines()) == 1


def test_cli_gives_a_time_of_day_as_a_full_datetime() -> None:
    done = cli("Friday 5pm", "--reference", "2025-03-17", "--tz", "Europe/London")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert (answer["due"], answer["latest"]) == ("2025-03-21T17:00:00+00:00", "2025-03-21T17:00:00+00:00")


def test_cli_reads_welsh_and_prints_nulls() -> None:
    done = cli("cyn gynted â phosibl", "--reference", "2025-03-17", "--locale", "cy")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer == {"text": "cyn gynted â phosibl", "kind": "asap", "due": None, "latest": None}


def test_cli_reference_defaults_to_today() -> None:
    before = datetime.now(LONDON).date()
    done = cli("tomorrow")
    after = datetime.now(LONDON).date()
    assert done.returncode == 0, done.stderr
    due = date.fromisoformat(json.loads(done.stdout)["due"])
    assert before + timedelta(days=1) <= due <= after + timedelta(days=1)


def test_cli_help() -> None:
    done = cli("--help")
    assert done.returncode == 0
    assert "--reference" in done.stdout and "--locale" in done.stdout and "--tz" in done.stdout
