"""The working calendar deadlines and chasers count on: working days, working hours and bank holidays in one zone.

Pure on purpose (standard library, ``holidays`` and ``zoneinfo`` only): the deadline reader, the sweeper, the
planner, the CLI and the cards all ask it the same questions, and it is tested without a bot, a database or a
clock.

Conventions
-----------
* Instants are timezone-aware datetimes in any zone; they are converted to the calendar's zone, and every
  datetime returned is in the calendar's zone. A naive datetime is a programming error (``ValueError``):
  guessing its zone is how reminders end up an hour out twice a year.
* Working hours are the half-open interval ``[start, end)`` of local wall-clock time on a working day;
  anything else is quiet hours. Overnight shifts (end before start) are not supported. Each working day has
  exactly one working period, even on the nights the clocks change (see ``is_working_time``).
* A working day is a weekday in ``working_days`` that is not a bank holiday of ``holiday_region``.
* ``working_days_between(a, b)`` counts working days in ``(a, b]`` and is antisymmetric, so
  ``working_days_between(a, add_working_days(a, n)) == n`` for every ``n >= 1``, and for ``n <= -1`` too
  when ``a`` is itself a working day.
* Wherever a ``date`` is expected an aware ``datetime`` may be passed; its local date in the calendar's zone
  is used.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = [
    "DEFAULT_HOLIDAY_REGION",
    "DEFAULT_TIMEZONE",
    "HOLIDAY_REGIONS",
    "CalendarConfigError",
    "WorkingCalendar",
]

DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_HOLIDAY_REGION = "GB-WLS"
# The four UK bank-holiday calendars. England and Wales share theirs today, but they are separate in law and
# in the holidays package, so each keeps its own name.
HOLIDAY_REGIONS = ("GB-WLS", "GB-ENG", "GB-SCT", "GB-NIR")

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NUMBERS = {name: number for names in (DAY_NAMES, _FULL_DAY_NAMES) for number, name in enumerate(names)}
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")

# No real calendar goes more than a few weeks without a working day; the bound turns a calendar that somehow
# has none (every working weekday a holiday) into an error instead of a sweeper that never returns.
_SEARCH_LIMIT_DAYS = 3 * 366


class CalendarConfigError(ValueError):
    """One bad working-calendar setting: the message names the setting, what is wrong and what is expected."""


@functools.cache
def _holidays_in(region: str, year: int) -> Mapping[date, str]:
    # Building a holidays object computes every rule for the year (Easter, substitute days, one-off holidays)
    # and is slow next to a dict lookup, while the sweeper asks about the same few dates every minute. Cached
    # per (region, year) at module level because the frozen dataclass cannot hold a mutable cache of its own.
    country, _, subdivision = region.partition("-")
    table = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return MappingProxyType(dict(table))


@dataclass(frozen=True)
class WorkingCalendar:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    working_days: frozenset[int] = frozenset(range(5))
    start: time = time(9, 0)
    end: time = time(17, 30)
    holiday_region: str | None = DEFAULT_HOLIDAY_REGION

    def __post_init__(self) -> None:
        # Checked here as well as in from_env so a calendar built in code cannot loop forever or silently
        # ignore holidays because of a typo.
        if not isinstance(self.tz, ZoneInfo):
            raise CalendarConfigError(f"WorkingCalendar.tz: {self.tz!r} is not a zoneinfo.ZoneInfo")
        days = frozenset(self.working_days)
        if not days:
            raise CalendarConfigError("WorkingCalendar.working_days: empty; at least one is needed")
        if not days <= frozenset(range(7)):
            raise CalendarConfigError(
                f"WorkingCalendar.working_days: {sorted(days)} are not all 0 (Monday) to 6 (Sunday)"
            )
        object.__setattr__(self, "working_days", days)
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise CalendarConfigError("WorkingCalendar.start/end: must be wall-clock times without a tzinfo")
        if not self.start < self.end:
            raise CalendarConfigError(
                f"WorkingCalendar.start/end: {self.start:%H:%M}-{self.end:%H:%M}; start must be before end"
            )
        if self.holiday_region is not None and self.holiday_region not in HOLIDAY_REGIONS:
            raise CalendarConfigError(
                f"WorkingCalendar.holiday_region: {self.holiday_region!r} is not one of "
                f"{', '.join(HOLIDAY_REGIONS)} or None"
            )

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WorkingCalendar:
        """Read CHASER_TIMEZONE, CHASER_WORKING_HOURS, CHASER_WORKING_DAYS and CHASER_HOLIDAYS; unset or
        blank means the default (Europe/London, 09:00-17:30, mon-fri, GB-WLS)."""
        start, end = _parse_hours("CHASER_WORKING_HOURS", env.get("CHASER_WORKING_HOURS", "").strip())
        return cls(
            tz=_parse_timezone("CHASER_TIMEZONE", env.get("CHASER_TIMEZONE", "").strip()),
            working_days=_parse_days("CHASER_WORKING_DAYS", env.get("CHASER_WORKING_DAYS", "").strip()),
            start=start,
            end=end,
            holiday_region=_parse_region("CHASER_HOLIDAYS", env.get("CHASER_HOLIDAYS", "").strip()),
        )

    # Days

    def holiday_name(self, d: date) -> str | None:
        """The bank holiday's name (several joined with "; " if they coincide), or None; weekends included."""
        if self.holiday_region is None:
            return None
        day = self._day(d)
        return _holidays_in(self.holiday_region, day.year).get(day)

    def is_holiday(self, d: date) -> bool:
        return self.holiday_name(d) is not None

    def is_working_day(self, d: date) -> bool:
        day = self._day(d)
        return day.weekday() in self.working_days and not self.is_holiday(day)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (before it when n is negative); n == 0 is d itself if it is a
        working day, else the next one. d need not be a working day: Saturday + 1 is Monday, Saturday - 1 is
        Friday."""
        day = self._day(d)
        if n == 0:
            return next(self._working_days_from(day, 1))
        step = 1 if n > 0 else -1
        days = self._working_days_from(day + timedelta(days=step), step)
        for _ in range(abs(n) - 1):
            next(days)
        return next(days)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b] — a excluded, b included — or minus the working days in (b, a] when b < a.

        So Friday to Monday is 1, Monday to Friday of the same week is 4, a day to itself is 0, and swapping
        the arguments flips the sign."""
        first, last = self._day(a), self._day(b)
        if last < first:
            return -self.working_days_between(last, first)
        count = 0
        day = first + timedelta(days=1)
        while day <= last:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count

    # Instants

    def at_start_of_day(self, d: date) -> datetime:
        """When working hours begin on d, in the calendar's zone, whether or not d is a working day.

        That is the first moment the local clock reads ``start`` or later. When the clocks go back and
        ``start`` happens twice it is the first time; when they go forward over ``start`` (01:30 on a night
        that jumps from 01:00 to 02:00) it is the moment of the jump, 02:00."""
        return self._first_instant_at(self._day(d), self.start).astimezone(self.tz)

    morning_of = at_start_of_day

    def is_working_time(self, t: datetime) -> bool:
        """Whether t falls in its local day's working period, ``[at_start_of_day, first moment at end)``.

        On ordinary days that is simply ``start <= local time < end``. Stated as one interval of instants so
        that a clock change inside working hours neither opens a second period (an end repeated when the
        clocks go back) nor a hole (a start skipped when they go forward)."""
        local = self._local(t)
        day = local.date()
        if not self.is_working_day(day):
            return False
        opens, closes = self._period(day)
        return opens <= local.astimezone(UTC) < closes

    def next_working_time(self, t: datetime) -> datetime:
        """t itself (in the calendar's zone) if it is working time, else when working hours next begin."""
        local = self._local(t)
        if self.is_working_time(local):
            return local
        # Compared in UTC throughout: aware datetimes sharing a tzinfo compare by wall clock and ignore fold,
        # which is wrong in the hour that repeats when the clocks go back.
        instant = local.astimezone(UTC)
        for day in self._working_days_from(local.date(), 1):
            opens, closes = self._period(day)
            # opens == closes when the whole working period falls in a spring-forward gap: no work that day.
            if instant < opens < closes:
                return opens.astimezone(self.tz)
        raise AssertionError("unreachable: _working_days_from is endless")  # pragma: no cover

    # Internals

    def _local(self, t: datetime) -> datetime:
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError(f"WorkingCalendar: {t!r} is a naive datetime; pass a timezone-aware one")
        return t.astimezone(self.tz)

    def _day(self, d: date) -> date:
        # datetime is a subclass of date: without this, a UTC datetime late in the evening would be taken for
        # the wrong local day, and date arithmetic on it would hand back datetimes.
        if isinstance(d, datetime):
            return self._local(d).date()
        return d

    def _period(self, day: date) -> tuple[datetime, datetime]:
        return self._first_instant_at(day, self.start), self._first_instant_at(day, self.end)

    def _first_instant_at(self, day: date, wall_time: time) -> datetime:
        """The first instant (in UTC) at which the local clock on day reads wall_time or later."""
        # fold=0 picks the first of a time that happens twice; a time skipped by the clocks going forward
        # comes back from the UTC round trip as a different wall time, which is how the gap is recognised.
        wall = datetime.combine(day, wall_time.replace(fold=0), tzinfo=self.tz)
        instant = wall.astimezone(UTC)
        target = wall.replace(tzinfo=None)
        if instant.astimezone(self.tz).replace(tzinfo=None) == target:
            return instant
        # The clocks jump over wall_time; the answer is the jump itself. zoneinfo does not expose
        # transitions, but they fall on whole seconds between the two readings of the skipped time (fold=1
        # reads it with the offset after the jump, so lands before it), so bisect over seconds.
        before = math.floor(wall.replace(fold=1).astimezone(UTC).timestamp())
        after = math.ceil(instant.timestamp())
        while after - before > 1:
            middle = (before + after) // 2
            if datetime.fromtimestamp(middle, self.tz).replace(tzinfo=None) >= target:
                after = middle
            else:
                before = middle
        return datetime.fromtimestamp(after, UTC)

    def _working_days_from(self, day: date, step: int) -> Iterator[date]:
        """Working days from day (included) onwards in the direction of step, endlessly."""
        searched = 0
        while True:
            if self.is_working_day(day):
                searched = 0
                yield day
            else:
                searched += 1
                if searched > _SEARCH_LIMIT_DAYS:
                    raise CalendarConfigError(
                        f"WorkingCalendar: no working day within {_SEARCH_LIMIT_DAYS} days of {day:%Y-%m-%d}"
                    )
            day += timedelta(days=step)


def _parse_timezone(name: str, raw: str) -> ZoneInfo:
    if not raw:
        return ZoneInfo(DEFAULT_TIMEZONE)
    try:
        return ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarConfigError(f"{name}: {raw!r} is not an IANA time zone (e.g. Europe/London)") from None


def _parse_hours(name: str, raw: str) -> tuple[time, time]:
    if not raw:
        return time(9, 0), time(17, 30)
    match = _HOURS.match(raw)
    if match is None:
        raise CalendarConfigError(f"{name}: {raw!r} is not HH:MM-HH:MM (e.g. 09:00-17:30)")
    hour_1, minute_1, hour_2, minute_2 = (int(part) for part in match.groups())
    times = []
    for hour, minute in ((hour_1, minute_1), (hour_2, minute_2)):
        if hour > 23 or minute > 59:
            raise CalendarConfigError(
                f"{name}: {raw!r} has {hour:02d}:{minute:02d}, which is not a time of day (00:00 to 23:59)"
            )
        times.append(time(hour, minute))
    start, end = times
    if not start < end:
        raise CalendarConfigError(
            f"{name}: {raw!r} does not start before it ends; give the start first (e.g. 09:00-17:30), "
            "working hours cannot run past midnight"
        )
    return start, end


def _parse_days(name: str, raw: str) -> frozenset[int]:
    if not raw:
        return frozenset(range(5))
    days: set[int] = set()
    for part in raw.lower().split(","):
        part = part.strip()
        if not part:
            continue
        first, dash, last = (piece.strip() for piece in part.partition("-"))
        a = _day_number(name, raw, first)
        b = _day_number(name, raw, last) if dash else a
        # Ranges run forwards through the week and wrap, so sun-thu is Sunday to Thursday.
        days.update((a + offset) % 7 for offset in range((b - a) % 7 + 1))
    if not days:
        raise CalendarConfigError(f"{name}: {raw!r} names no days; at least one is needed (e.g. mon-fri)")
    return frozenset(days)


def _day_number(name: str, raw: str, word: str) -> int:
    number = _DAY_NUMBERS.get(word)
    if number is None:
        raise CalendarConfigError(
            f"{name}: {raw!r} has {word!r}, which is not a day; use mon, tue, wed, thu, fri, sat, sun "
            "in a list or ranges (e.g. mon-fri or mon-thu,sat)"
        )
    return number


def _parse_region(name: str, raw: str) -> str | None:
    if not raw:
        return DEFAULT_HOLIDAY_REGION
    if raw.lower() == "none":
        return None
    region = raw.upper()
    if region not in HOLIDAY_REGIONS:
        raise CalendarConfigError(f"{name}: {raw!r} is not one of {', '.join(HOLIDAY_REGIONS)} or none")
    return region
