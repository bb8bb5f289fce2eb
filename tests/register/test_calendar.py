"""The working calendar: bank holidays, quiet hours, clock changes and working-day arithmetic.

Expected values are worked out by hand from a wall calendar (and GOV.UK's bank-holiday list), not from the
code under test. In UTC, 09:00 in London is 09:00Z in winter (GMT) and 08:00Z in summer (BST); the clocks
went forward on Sunday 30 March 2025 and back on Sunday 26 October 2025.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.register.calendar import CalendarConfigError, WorkingCalendar

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
WALES = WorkingCalendar()
EVERY_DAY = frozenset(range(7))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def same_instant(a: datetime, b: datetime) -> bool:
    # == between datetimes sharing a tzinfo compares wall clocks and ignores fold; UTC has no such blind spot.
    return a.astimezone(UTC) == b.astimezone(UTC)


# Bank holidays


WELSH_BANK_HOLIDAYS = {
    # 2025
    date(2025, 1, 1): "New Year's Day",
    date(2025, 4, 18): "Good Friday",
    date(2025, 4, 21): "Easter Monday",
    date(2025, 5, 5): "Early May",
    date(2025, 5, 26): "Spring",
    date(2025, 8, 25): "Summer (last Monday of August)",
    date(2025, 12, 25): "Christmas Day",
    date(2025, 12, 26): "Boxing Day",
    # 2026
    date(2026, 1, 1): "New Year's Day",
    date(2026, 4, 3): "Good Friday",
    date(2026, 4, 6): "Easter Monday",
    date(2026, 5, 4): "Early May",
    date(2026, 5, 25): "Spring",
    date(2026, 8, 31): "Summer (last Monday of August)",
    date(2026, 12, 25): "Christmas Day",
    date(2026, 12, 26): "Boxing Day (a Saturday)",
    date(2026, 12, 28): "Boxing Day substitute (Monday)",
}


@pytest.mark.parametrize("day", sorted(WELSH_BANK_HOLIDAYS), ids=str)
def test_welsh_bank_holidays_are_holidays_and_not_working_days(day: date) -> None:
    assert WALES.is_holiday(day)
    assert WALES.holiday_name(day)
    assert not WALES.is_working_day(day)


@pytest.mark.parametrize("year", [2025, 2026])
def test_no_other_welsh_bank_holidays(year: int) -> None:
    every_day = [date(year, 1, 1) + timedelta(days=i) for i in range(365)]
    found = {day for day in every_day if WALES.is_holiday(day)}
    assert found == {day for day in WELSH_BANK_HOLIDAYS if day.year == year}


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2025, 4, 18), "Good Friday"),
        (date(2025, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
        (date(2025, 4, 20), None),  # Easter Sunday is not a bank holiday
        (date(2025, 6, 11), None),
    ],
)
def test_holiday_name(day: date, name: str | None) -> None:
    assert WALES.holiday_name(day) == name


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 2),  # Thursday; a holiday in Scotland only
        date(2025, 3, 17),  # Monday; St Patrick's Day is Northern Ireland's
        date(2025, 4, 17),  # Maundy Thursday
        date(2025, 4, 22),  # Tuesday after Easter Monday
        date(2025, 8, 4),  # first Monday of August: Scotland's summer holiday
        date(2025, 12, 1),  # Monday; St Andrew's Day substitute, Scotland only
        date(2025, 12, 24),  # Christmas Eve
        date(2025, 12, 29),
        date(2026, 1, 2),  # Friday
        date(2026, 12, 24),
        date(2026, 12, 29),
    ],
    ids=str,
)
def test_ordinary_weekdays_are_working_days_in_wales(day: date) -> None:
    assert not WALES.is_holiday(day)
    assert WALES.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2025, 4, 19), date(2025, 4, 20), date(2025, 6, 7), date(2025, 6, 8), date(2026, 12, 27)],
    ids=str,
)
def test_weekends_are_not_working_days(day: date) -> None:
    assert not WALES.is_holiday(day)
    assert not WALES.is_working_day(day)


# Holidays that differ between the four UK calendars (England and Wales agree on every date below).
REGIONAL = [
    # date, GB-WLS, GB-ENG, GB-SCT, GB-NIR
    (date(2025, 1, 2), False, False, True, False),  # 2 January, Scotland
    (date(2026, 1, 2), False, False, True, False),
    (date(2025, 3, 17), False, False, False, True),  # St Patrick's Day
    (date(2026, 3, 17), False, False, False, True),
    (date(2025, 4, 21), True, True, False, True),  # Easter Monday: not in Scotland
    (date(2025, 7, 14), False, False, False, True),  # 12 July was a Saturday: Monday substitute
    (date(2026, 7, 13), False, False, False, True),  # 12 July 2026 is a Sunday
    (date(2025, 8, 4), False, False, True, False),  # Scotland: first Monday of August
    (date(2025, 8, 25), True, True, False, True),  # the rest: last Monday of August
    (date(2026, 8, 3), False, False, True, False),
    (date(2026, 8, 31), True, True, False, True),
    (date(2025, 12, 1), False, False, True, False),  # St Andrew's Day (30 Nov, a Sunday) substitute
    (date(2026, 11, 30), False, False, True, False),  # St Andrew's Day on a Monday
    (date(2026, 12, 28), True, True, True, True),  # Boxing Day substitute everywhere
]


@pytest.mark.parametrize(("day", "wls", "eng", "sct", "nir"), REGIONAL, ids=[str(row[0]) for row in REGIONAL])
def test_regional_holidays(day: date, wls: bool, eng: bool, sct: bool, nir: bool) -> None:
    for region, expected in (("GB-WLS", wls), ("GB-ENG", eng), ("GB-SCT", sct), ("GB-NIR", nir)):
        calendar = WorkingCalendar(holiday_region=region)
        assert calendar.is_holiday(day) is expected, region
        assert calendar.is_working_day(day) is not expected, region


def test_no_holiday_region_means_only_weekends_are_off() -> None:
    calendar = WorkingCalendar(holiday_region=None)
    assert not calendar.is_holiday(date(2025, 12, 25))
    assert calendar.holiday_name(date(2025, 12, 25)) is None
    assert calendar.is_working_day(date(2025, 12, 25))  # a Thursday
    assert not calendar.is_working_day(date(2025, 12, 27))  # a Saturday


def test_other_working_days() -> None:
    calendar = WorkingCalendar(working_days=frozenset({0, 1, 2, 3, 5}))  # mon-thu,sat
    assert not calendar.is_working_day(date(2025, 6, 6))  # Friday
    assert calendar.is_working_day(date(2025, 6, 7))  # Saturday
    assert not calendar.is_working_day(date(2025, 6, 8))  # Sunday
    assert calendar.is_working_day(date(2025, 12, 27))  # Saturday after Boxing Day: not a holiday


def test_an_aware_datetime_is_read_as_its_local_date() -> None:
    # 23:30Z on Sunday 1 June 2025 is 00:30 BST on Monday 2 June.
    assert WALES.is_working_day(utc(2025, 6, 1, 23, 30))
    assert WALES.add_working_days(utc(2025, 6, 1, 23, 30), 0) == date(2025, 6, 2)
    # 23:30Z on Sunday 12 January is still Sunday in London (GMT).
    assert not WALES.is_working_day(utc(2025, 1, 12, 23, 30))


# Working hours


@pytest.mark.parametrize(
    ("t", "working"),
    [
        # Monday 6 January 2025, GMT: hours are 09:00Z-17:30Z.
        (utc(2025, 1, 6, 8, 59), False),
        (utc(2025, 1, 6, 9, 0), True),
        (utc(2025, 1, 6, 13, 0), True),
        (utc(2025, 1, 6, 17, 29), True),
        (utc(2025, 1, 6, 17, 30), False),
        (utc(2025, 1, 6, 23, 0), False),
        # Monday 2 June 2025, BST: hours are 08:00Z-16:30Z.
        (utc(2025, 6, 2, 7, 59), False),
        (utc(2025, 6, 2, 8, 0), True),
        (utc(2025, 6, 2, 16, 29), True),
        (utc(2025, 6, 2, 16, 30), False),
        # Given in London time.
        (datetime(2025, 6, 2, 9, 0, tzinfo=LONDON), True),
        (datetime(2025, 6, 2, 17, 30, tzinfo=LONDON), False),
        # Given in New York time (EDT, UTC-4): 04:00 there is 09:00 in London.
        (datetime(2025, 6, 2, 3, 59, tzinfo=NEW_YORK), False),
        (datetime(2025, 6, 2, 4, 0, tzinfo=NEW_YORK), True),
        (datetime(2025, 6, 2, 12, 29, tzinfo=NEW_YORK), True),
        (datetime(2025, 6, 2, 12, 30, tzinfo=NEW_YORK), False),
        # Weekend and bank holiday at midday.
        (utc(2025, 6, 7, 12, 0), False),
        (utc(2025, 5, 26, 12, 0), False),
        (utc(2025, 4, 18, 12, 0), False),
    ],
    ids=str,
)
def test_is_working_time(t: datetime, working: bool) -> None:
    assert WALES.is_working_time(t) is working


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        # Friday evening to Monday morning, GMT.
        (utc(2025, 1, 10, 18, 0), utc(2025, 1, 13, 9, 0)),
        # Early on a working day: later that morning.
        (utc(2025, 1, 13, 7, 0), utc(2025, 1, 13, 9, 0)),
        (utc(2025, 1, 13, 0, 0), utc(2025, 1, 13, 9, 0)),
        # 17:30 is already quiet hours.
        (utc(2025, 1, 13, 17, 30), utc(2025, 1, 14, 9, 0)),
        # Saturday.
        (utc(2025, 1, 11, 12, 0), utc(2025, 1, 13, 9, 0)),
        # Easter 2025 (BST): Thursday evening skips Good Friday, the weekend and Easter Monday.
        (utc(2025, 4, 17, 16, 30), utc(2025, 4, 22, 8, 0)),
        (utc(2025, 4, 18, 9, 0), utc(2025, 4, 22, 8, 0)),
        # Christmas 2025: Thursday 25 and Friday 26 December, then the weekend.
        (utc(2025, 12, 24, 18, 0), utc(2025, 12, 29, 9, 0)),
        # Christmas 2026: Friday 25, Saturday 26, Sunday 27, and Monday 28 December in lieu of Boxing Day.
        (utc(2026, 12, 24, 17, 30), utc(2026, 12, 29, 9, 0)),
        # New Year: 1 January 2026 is a Thursday; Friday 2 January is a working day in Wales.
        (utc(2025, 12, 31, 18, 0), utc(2026, 1, 2, 9, 0)),
        # Spring forward: Friday 28 March (GMT) to Monday 31 March (BST).
        (utc(2025, 3, 28, 17, 30), utc(2025, 3, 31, 8, 0)),
        (utc(2025, 3, 30, 0, 59), utc(2025, 3, 31, 8, 0)),
        (utc(2025, 3, 30, 1, 0), utc(2025, 3, 31, 8, 0)),
        # Fall back: Friday 24 October (BST) to Monday 27 October (GMT).
        (utc(2025, 10, 24, 16, 30), utc(2025, 10, 27, 9, 0)),
        (utc(2025, 10, 26, 0, 30), utc(2025, 10, 27, 9, 0)),  # 01:30 BST
        (utc(2025, 10, 26, 1, 30), utc(2025, 10, 27, 9, 0)),  # 01:30 GMT, the second time round
        (datetime(2025, 10, 26, 1, 30, fold=1, tzinfo=LONDON), utc(2025, 10, 27, 9, 0)),
    ],
    ids=str,
)
def test_next_working_time(t: datetime, expected: datetime) -> None:
    result = WALES.next_working_time(t)
    assert same_instant(result, expected)
    assert result.tzinfo is LONDON


def test_next_working_time_is_t_itself_in_working_hours() -> None:
    t = datetime(2025, 1, 13, 12, 34, 56, 789, tzinfo=UTC)
    result = WALES.next_working_time(t)
    assert same_instant(result, t)
    assert result.tzinfo is LONDON
    assert (result.hour, result.minute, result.second, result.microsecond) == (12, 34, 56, 789)


def test_next_working_time_in_scotland_skips_2_january() -> None:
    scotland = WorkingCalendar(holiday_region="GB-SCT")
    assert same_instant(scotland.next_working_time(utc(2025, 12, 31, 18, 0)), utc(2026, 1, 5, 9, 0))


# Minute by minute around opening and closing on the working days either side of each clock change:
# (day, opens, closes, opens next).
CLOCK_CHANGE_DAYS = [
    (date(2025, 3, 28), utc(2025, 3, 28, 9, 0), utc(2025, 3, 28, 17, 30), utc(2025, 3, 31, 8, 0)),
    (date(2025, 3, 31), utc(2025, 3, 31, 8, 0), utc(2025, 3, 31, 16, 30), utc(2025, 4, 1, 8, 0)),
    (date(2025, 10, 24), utc(2025, 10, 24, 8, 0), utc(2025, 10, 24, 16, 30), utc(2025, 10, 27, 9, 0)),
    (date(2025, 10, 27), utc(2025, 10, 27, 9, 0), utc(2025, 10, 27, 17, 30), utc(2025, 10, 28, 9, 0)),
]


@pytest.mark.parametrize(("day", "opens", "closes", "opens_next"), CLOCK_CHANGE_DAYS, ids=str)
def test_minute_by_minute_across_the_clock_changes(
    day: date, opens: datetime, closes: datetime, opens_next: datetime
) -> None:
    assert same_instant(WALES.at_start_of_day(day), opens)
    for minutes in range(-90, 91):
        t = opens + timedelta(minutes=minutes)
        assert WALES.is_working_time(t) is (minutes >= 0), t
        assert same_instant(WALES.next_working_time(t), opens if minutes < 0 else t), t
        t = closes + timedelta(minutes=minutes)
        assert WALES.is_working_time(t) is (minutes < 0), t
        assert same_instant(WALES.next_working_time(t), t if minutes < 0 else opens_next), t


def test_the_clock_change_weekends_wait_for_monday() -> None:
    for quarter in range(4 * 48):
        spring = utc(2025, 3, 29) + timedelta(minutes=15 * quarter)
        assert same_instant(WALES.next_working_time(spring), utc(2025, 3, 31, 8, 0)), spring
        autumn = utc(2025, 10, 25) + timedelta(minutes=15 * quarter)
        assert same_instant(WALES.next_working_time(autumn), utc(2025, 10, 27, 9, 0)), autumn


@pytest.mark.parametrize(
    ("day", "expected", "offset_hours"),
    [
        (date(2025, 1, 6), utc(2025, 1, 6, 9, 0), 0),
        (date(2025, 3, 28), utc(2025, 3, 28, 9, 0), 0),
        (date(2025, 3, 30), utc(2025, 3, 30, 8, 0), 1),  # the Sunday the clocks go forward
        (date(2025, 3, 31), utc(2025, 3, 31, 8, 0), 1),
        (date(2025, 10, 26), utc(2025, 10, 26, 9, 0), 0),  # the Sunday they go back
        (date(2025, 10, 27), utc(2025, 10, 27, 9, 0), 0),
        (date(2025, 12, 25), utc(2025, 12, 25, 9, 0), 0),  # a holiday still has a morning
    ],
    ids=str,
)
def test_at_start_of_day(day: date, expected: datetime, offset_hours: int) -> None:
    morning = WALES.at_start_of_day(day)
    assert same_instant(morning, expected)
    assert morning.tzinfo is LONDON
    assert morning.utcoffset() == timedelta(hours=offset_hours)
    assert (morning.hour, morning.minute) == (9, 0)
    assert same_instant(WALES.morning_of(day), expected)


def test_other_time_zone_across_its_own_clock_change() -> None:
    # New York went to EDT on Sunday 9 March 2025: 09:00 is 14:00Z on Friday 7th and 13:00Z on Monday 10th.
    calendar = WorkingCalendar(tz=NEW_YORK, holiday_region=None)
    assert same_instant(calendar.next_working_time(utc(2025, 3, 7, 23, 0)), utc(2025, 3, 10, 13, 0))
    assert not calendar.is_working_time(utc(2025, 3, 10, 12, 59))
    assert calendar.is_working_time(utc(2025, 3, 10, 13, 0))
    assert not calendar.is_working_time(utc(2025, 3, 7, 13, 59))
    assert calendar.is_working_time(utc(2025, 3, 7, 14, 0))


# Working hours that touch the hour the clocks change in are unrealistic, but each day must still have one
# working period and next_working_time must find its start.


def test_start_skipped_by_the_clocks_going_forward_opens_when_they_jump() -> None:
    # 01:30 never shows on 30 March 2025: the clocks go from 01:00 GMT (01:00Z) to 02:00 BST.
    calendar = WorkingCalendar(working_days=EVERY_DAY, start=time(1, 30), end=time(17, 0))
    assert same_instant(calendar.at_start_of_day(date(2025, 3, 30)), utc(2025, 3, 30, 1, 0))
    assert not calendar.is_working_time(utc(2025, 3, 30, 0, 59))
    assert calendar.is_working_time(utc(2025, 3, 30, 1, 0))
    assert same_instant(calendar.next_working_time(utc(2025, 3, 30, 0, 30)), utc(2025, 3, 30, 1, 0))


def test_working_hours_wholly_skipped_by_the_clocks_going_forward() -> None:
    calendar = WorkingCalendar(working_days=EVERY_DAY, start=time(1, 10), end=time(1, 50))
    for minute in range(0, 180):
        assert not calendar.is_working_time(utc(2025, 3, 30) + timedelta(minutes=minute))
    # 01:10 BST on 31 March is 00:10Z.
    assert same_instant(calendar.next_working_time(utc(2025, 3, 29, 23, 0)), utc(2025, 3, 31, 0, 10))
    assert same_instant(calendar.next_working_time(utc(2025, 3, 30, 0, 0)), utc(2025, 3, 31, 0, 10))


def test_start_repeated_by_the_clocks_going_back_opens_once() -> None:
    # On 26 October 2025 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT); the day opens at the first.
    calendar = WorkingCalendar(working_days=EVERY_DAY, start=time(1, 30), end=time(17, 0))
    assert same_instant(calendar.at_start_of_day(date(2025, 10, 26)), utc(2025, 10, 26, 0, 30))
    assert not calendar.is_working_time(utc(2025, 10, 26, 0, 29))
    for minute in range(30, 180):
        assert calendar.is_working_time(utc(2025, 10, 26) + timedelta(minutes=minute))  # 01:00 GMT included


def test_end_repeated_by_the_clocks_going_back_closes_once() -> None:
    # 00:30-01:30 on 26 October 2025 is 23:30Z-00:30Z; 01:00-01:30 GMT (01:00Z-01:30Z) does not reopen it.
    calendar = WorkingCalendar(working_days=EVERY_DAY, start=time(0, 30), end=time(1, 30))
    assert calendar.is_working_time(utc(2025, 10, 25, 23, 30))
    assert calendar.is_working_time(utc(2025, 10, 26, 0, 29))
    assert not calendar.is_working_time(utc(2025, 10, 26, 0, 30))
    assert not calendar.is_working_time(utc(2025, 10, 26, 1, 15))
    assert same_instant(calendar.next_working_time(utc(2025, 10, 26, 0, 45)), utc(2025, 10, 27, 0, 30))


def test_after_a_period_in_the_repeated_hour_the_next_is_tomorrow() -> None:
    # 01:10-01:20 BST is 00:10Z-00:20Z. At 01:05Z the wall clock reads 01:05 GMT, before 01:10 again, but that
    # day's period is over: the next is 01:10 GMT on the 27th. A wall-clock comparison would answer 00:10Z.
    calendar = WorkingCalendar(working_days=EVERY_DAY, start=time(1, 10), end=time(1, 20))
    assert same_instant(calendar.next_working_time(utc(2025, 10, 26, 1, 5)), utc(2025, 10, 27, 1, 10))


@pytest.mark.parametrize(
    "call",
    [
        lambda: WALES.is_working_time(datetime(2025, 1, 6, 10, 0)),
        lambda: WALES.next_working_time(datetime(2025, 1, 6, 10, 0)),
        lambda: WALES.is_working_day(datetime(2025, 1, 6, 10, 0)),
        lambda: WALES.at_start_of_day(datetime(2025, 1, 6, 10, 0)),
    ],
)
def test_naive_datetimes_are_refused(call: object) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match="naive datetime"):
        call()


# Working-day arithmetic


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 1, 10), 1, date(2025, 1, 13)),  # Friday + 1 = Monday
        (date(2025, 1, 13), 5, date(2025, 1, 20)),
        (date(2025, 1, 6), 20, date(2025, 2, 3)),
        (date(2025, 1, 13), 0, date(2025, 1, 13)),  # a working day itself
        (date(2025, 1, 11), 0, date(2025, 1, 13)),  # Saturday: the next working day
        (date(2025, 1, 11), 1, date(2025, 1, 13)),  # Saturday + 1 = Monday
        (date(2025, 1, 11), -1, date(2025, 1, 10)),  # Saturday - 1 = Friday
        (date(2025, 1, 13), -1, date(2025, 1, 10)),  # Monday - 1 = Friday
        (date(2025, 4, 17), 1, date(2025, 4, 22)),  # over Easter
        (date(2025, 4, 22), -1, date(2025, 4, 17)),
        (date(2025, 4, 22), -3, date(2025, 4, 15)),  # 3 working days before a deadline after Easter
        (date(2025, 5, 23), 1, date(2025, 5, 27)),  # over the spring bank holiday
        (date(2025, 12, 24), 1, date(2025, 12, 29)),
        (date(2025, 12, 31), 1, date(2026, 1, 2)),  # into the new year
        (date(2026, 1, 5), -3, date(2025, 12, 30)),  # back over New Year's Day: 2 Jan, 31 Dec, 30 Dec
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # over the Boxing Day substitute
        (date(2026, 12, 29), -1, date(2026, 12, 24)),
    ],
    ids=str,
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert WALES.add_working_days(start, n) == expected


def test_add_working_days_in_scotland() -> None:
    scotland = WorkingCalendar(holiday_region="GB-SCT")
    # Back from Monday 5 January 2026 over Friday 2 and Thursday 1 January: 31, 30, 29 December.
    assert scotland.add_working_days(date(2026, 1, 5), -3) == date(2025, 12, 29)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(2025, 1, 10), date(2025, 1, 13), 1),  # Friday to Monday
        (date(2025, 1, 13), date(2025, 1, 17), 4),  # Monday to Friday
        (date(2025, 1, 13), date(2025, 1, 13), 0),
        (date(2025, 1, 13), date(2025, 1, 10), -1),
        (date(2025, 1, 11), date(2025, 1, 12), 0),  # Saturday to Sunday
        (date(2025, 1, 16), date(2025, 1, 18), 1),  # Thursday to Saturday: the Friday
        (date(2025, 1, 18), date(2025, 1, 16), -1),  # and back
        (date(2025, 4, 17), date(2025, 4, 22), 1),  # over Easter
        (date(2025, 12, 24), date(2026, 1, 2), 4),  # 29, 30, 31 December and 2 January
        # 2025 has 261 weekdays (it starts and ends on a Wednesday); without 1 January and the 7 other
        # weekday bank holidays that leaves 253.
        (date(2025, 1, 1), date(2025, 12, 31), 253),
        (date(2025, 12, 31), date(2025, 1, 1), -253),
    ],
    ids=str,
)
def test_working_days_between(a: date, b: date, expected: int) -> None:
    assert WALES.working_days_between(a, b) == expected


# Configuration


def test_defaults() -> None:
    assert WALES.tz is LONDON
    assert WALES.working_days == frozenset({0, 1, 2, 3, 4})
    assert (WALES.start, WALES.end) == (time(9, 0), time(17, 30))
    assert WALES.holiday_region == "GB-WLS"
    assert WorkingCalendar.from_env({}) == WALES
    blank = {
        "CHASER_TIMEZONE": "",
        "CHASER_WORKING_HOURS": " ",
        "CHASER_WORKING_DAYS": "",
        "CHASER_HOLIDAYS": "",
    }
    assert WorkingCalendar.from_env(blank) == WALES


@pytest.mark.parametrize(
    ("raw", "start", "end"),
    [
        ("09:00-17:30", time(9, 0), time(17, 30)),
        ("08:00-16:00", time(8, 0), time(16, 0)),
        ("7:45-18:15", time(7, 45), time(18, 15)),
        (" 08:30 - 17:00 ", time(8, 30), time(17, 0)),
        ("00:00-23:59", time(0, 0), time(23, 59)),
    ],
)
def test_from_env_working_hours(raw: str, start: time, end: time) -> None:
    calendar = WorkingCalendar.from_env({"CHASER_WORKING_HOURS": raw})
    assert (calendar.start, calendar.end) == (start, end)


@pytest.mark.parametrize(
    ("raw", "days"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("mon,tue,thu", {0, 1, 3}),
        ("mon-thu,sat", {0, 1, 2, 3, 5}),
        ("MON - FRI", {0, 1, 2, 3, 4}),
        ("monday, wednesday", {0, 2}),
        ("sat", {5}),
        ("sun-thu", {6, 0, 1, 2, 3}),  # ranges wrap round the week
        ("fri-mon", {4, 5, 6, 0}),
        ("mon-fri,wed", {0, 1, 2, 3, 4}),
        ("mon-sun", {0, 1, 2, 3, 4, 5, 6}),
    ],
)
def test_from_env_working_days(raw: str, days: set[int]) -> None:
    assert WorkingCalendar.from_env({"CHASER_WORKING_DAYS": raw}).working_days == frozenset(days)


@pytest.mark.parametrize(
    ("raw", "region"),
    [("GB-WLS", "GB-WLS"), ("GB-ENG", "GB-ENG"), ("GB-SCT", "GB-SCT"), ("gb-nir", "GB-NIR"), ("none", None)],
)
def test_from_env_holidays(raw: str, region: str | None) -> None:
    assert WorkingCalendar.from_env({"CHASER_HOLIDAYS": raw}).holiday_region == region


def test_from_env_timezone() -> None:
    calendar = WorkingCalendar.from_env({"CHASER_TIMEZONE": "America/New_York"})
    assert calendar.tz is NEW_YORK


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("CHASER_WORKING_HOURS", "9-5", "CHASER_WORKING_HOURS: '9-5' is not HH:MM-HH:MM (e.g. 09:00-17:30)"),
        (
            "CHASER_WORKING_HOURS",
            "09:00",
            "CHASER_WORKING_HOURS: '09:00' is not HH:MM-HH:MM (e.g. 09:00-17:30)",
        ),
        (
            "CHASER_WORKING_HOURS",
            "9am-5pm",
            "CHASER_WORKING_HOURS: '9am-5pm' is not HH:MM-HH:MM (e.g. 09:00-17:30)",
        ),
        (
            "CHASER_WORKING_HOURS",
            "25:00-26:00",
            "CHASER_WORKING_HOURS: '25:00-26:00' has 25:00, which is not a time of day (00:00 to 23:59)",
        ),
        (
            "CHASER_WORKING_HOURS",
            "09:00-17:60",
            "CHASER_WORKING_HOURS: '09:00-17:60' has 17:60, which is not a time of day (00:00 to 23:59)",
        ),
        (
            "CHASER_WORKING_HOURS",
            "17:30-09:00",
            "CHASER_WORKING_HOURS: '17:30-09:00' does not start before it ends; give the start first "
            "(e.g. 09:00-17:30), working hours cannot run past midnight",
        ),
        (
            "CHASER_WORKING_HOURS",
            "09:00-09:00",
            "CHASER_WORKING_HOURS: '09:00-09:00' does not start before it ends; give the start first "
            "(e.g. 09:00-17:30), working hours cannot run past midnight",
        ),
        (
            "CHASER_WORKING_DAYS",
            "mon-fry",
            "CHASER_WORKING_DAYS: 'mon-fry' has 'fry', which is not a day; use mon, tue, wed, thu, fri, sat, "
            "sun in a list or ranges (e.g. mon-fri or mon-thu,sat)",
        ),
        (
            "CHASER_WORKING_DAYS",
            "1-5",
            "CHASER_WORKING_DAYS: '1-5' has '1', which is not a day; use mon, tue, wed, thu, fri, sat, "
            "sun in a list or ranges (e.g. mon-fri or mon-thu,sat)",
        ),
        (
            "CHASER_WORKING_DAYS",
            ",",
            "CHASER_WORKING_DAYS: ',' names no days; at least one is needed (e.g. mon-fri)",
        ),
        (
            "CHASER_TIMEZONE",
            "Mars/Olympus_Mons",
            "CHASER_TIMEZONE: 'Mars/Olympus_Mons' is not an IANA time zone (e.g. Europe/London)",
        ),
        (
            "CHASER_TIMEZONE",
            "../etc/passwd",
            "CHASER_TIMEZONE: '../etc/passwd' is not an IANA time zone (e.g. Europe/London)",
        ),
        (
            "CHASER_HOLIDAYS",
            "GB",
            "CHASER_HOLIDAYS: 'GB' is not one of GB-WLS, GB-ENG, GB-SCT, GB-NIR or none",
        ),
        (
            "CHASER_HOLIDAYS",
            "wales",
            "CHASER_HOLIDAYS: 'wales' is not one of GB-WLS, GB-ENG, GB-SCT, GB-NIR or none",
        ),
    ],
)
def test_from_env_refuses_bad_values(name: str, raw: str, message: str) -> None:
    with pytest.raises(CalendarConfigError) as caught:
        WorkingCalendar.from_env({name: raw})
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)  # app.py reports every ValueError as a configuration error


@pytest.mark.parametrize(
    "build",
    [
        lambda: WorkingCalendar(working_days=frozenset()),
        lambda: WorkingCalendar(working_days=frozenset({7})),
        lambda: WorkingCalendar(start=time(17, 30), end=time(9, 0)),
        lambda: WorkingCalendar(holiday_region="FR"),
        lambda: WorkingCalendar(tz="Europe/London"),  # type: ignore[arg-type]
    ],
)
def test_bad_calendars_built_in_code_are_refused(build: object) -> None:
    assert callable(build)
    with pytest.raises(CalendarConfigError):
        build()


# Properties

WELSH_HOLIDAY_DATES = holidays.country_holidays("GB", subdiv="WLS", years=range(2023, 2032))
DATES = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
INSTANTS = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.sampled_from([UTC, LONDON, NEW_YORK]),
    allow_imaginary=False,
)


@settings(max_examples=300, deadline=None)
@given(INSTANTS)
def test_next_working_time_is_the_first_working_moment_from_t(t: datetime) -> None:
    result = WALES.next_working_time(t)
    assert result.tzinfo is LONDON
    assert WALES.is_working_time(result)
    assert result.astimezone(UTC) >= t.astimezone(UTC)
    if WALES.is_working_time(t):
        assert same_instant(result, t)
    else:
        assert (result.hour, result.minute) == (9, 0)
        assert not WALES.is_working_time(result.astimezone(UTC) - timedelta(seconds=1))
        # No working day is skipped: every day from t's to the result's (exclusive) is off or already over.
        day = t.astimezone(LONDON).date() + timedelta(days=1)
        while day < result.date():
            assert day.weekday() >= 5 or day in WELSH_HOLIDAY_DATES, day
            day += timedelta(days=1)


# London, New York, Santiago (clocks change at midnight) and Lord Howe Island (by half an hour).
ZONE_KEYS = ("Europe/London", "America/New_York", "America/Santiago", "Australia/Lord_Howe")
ZONES = [ZoneInfo(key) for key in ZONE_KEYS]


@st.composite
def calendars(draw: st.DrawFn) -> WorkingCalendar:
    opens = draw(st.integers(0, 23 * 60 + 58))
    closes = draw(st.integers(opens + 1, 23 * 60 + 59))
    return WorkingCalendar(
        tz=draw(st.sampled_from(ZONES)),
        working_days=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        start=time(opens // 60, opens % 60),
        end=time(closes // 60, closes % 60),
        holiday_region=draw(st.sampled_from(["GB-WLS", "GB-SCT", "GB-NIR", None])),
    )


# Instants within two days of those zones' 2025 clock changes, where the edge cases live.
CHANGES_2025 = [
    utc(2025, 3, 30),  # London
    utc(2025, 10, 26),
    utc(2025, 3, 9),  # New York
    utc(2025, 11, 2),
    utc(2025, 4, 6),  # Santiago and Lord Howe
    utc(2025, 9, 7),  # Santiago
    utc(2025, 10, 5),  # Lord Howe
]
NEAR_CHANGES = st.sampled_from(CHANGES_2025).flatmap(
    lambda at: st.integers(-2 * 24 * 60, 2 * 24 * 60).map(lambda m: at + timedelta(minutes=m))
)


@settings(max_examples=300, deadline=None)
@given(calendars(), NEAR_CHANGES | INSTANTS)
def test_next_working_time_properties_for_any_calendar(calendar: WorkingCalendar, t: datetime) -> None:
    result = calendar.next_working_time(t)
    assert calendar.is_working_time(result)
    assert result.astimezone(UTC) >= t.astimezone(UTC)
    if calendar.is_working_time(t):
        assert same_instant(result, t)
    else:
        assert not calendar.is_working_time(result.astimezone(UTC) - timedelta(seconds=1))


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(-60, 60))
def test_add_working_days_lands_on_a_welsh_working_day(start: date, n: int) -> None:
    result = WALES.add_working_days(start, n)
    assert result.weekday() < 5
    assert result not in WELSH_HOLIDAY_DATES
    if n > 0:
        assert result > start
    elif n < 0:
        assert result < start
    else:
        assert result >= start


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(1, 60))
def test_working_days_between_undoes_add_working_days(start: date, n: int) -> None:
    if not WALES.is_working_day(start):
        start = WALES.add_working_days(start, 0)
    assert WALES.working_days_between(start, WALES.add_working_days(start, n)) == n
    assert WALES.working_days_between(start, WALES.add_working_days(start, -n)) == -n


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(-400, 400))
def test_working_days_between_counts_welsh_working_days(a: date, offset: int) -> None:
    b = a + timedelta(days=offset)
    low, high = min(a, b), max(a, b)
    days = (low + timedelta(days=i) for i in range(1, (high - low).days + 1))
    count = sum(1 for day in days if day.weekday() < 5 and day not in WELSH_HOLIDAY_DATES)
    assert WALES.working_days_between(a, b) == (count if b >= a else -count)
    assert WALES.working_days_between(b, a) == -WALES.working_days_between(a, b)
