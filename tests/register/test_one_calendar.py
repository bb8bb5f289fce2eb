"""Deadlines and chasers count working days on the one WorkingCalendar: they can no longer disagree.

"within 5 working days" once skipped weekends and Welsh bank holidays whatever CHASER_WORKING_DAYS and
CHASER_HOLIDAYS said, while the chasers honoured them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.register.calendar import WorkingCalendar
from bot.register.deadlines import parse_deadline
from bot.register.ports import FixedClock
from tests.support.activities import MEETING_CHAT, Teams
from tests.support.connector import ConnectorStandIn
from tests.support.running import running_bot

CALENDARS = {
    "default (Mon-Fri, Wales)": {},
    "Sunday to Thursday, Scotland": {"CHASER_WORKING_DAYS": "sun-thu", "CHASER_HOLIDAYS": "GB-SCT"},
    "Mon-Sat, no bank holidays": {"CHASER_WORKING_DAYS": "mon-sat", "CHASER_HOLIDAYS": "none"},
    "Tue-Thu, Northern Ireland": {"CHASER_WORKING_DAYS": "tue-thu", "CHASER_HOLIDAYS": "GB-NIR"},
}


@pytest.mark.parametrize("env", CALENDARS.values(), ids=CALENDARS.keys())
@settings(max_examples=60, deadline=None)
@given(reference=st.dates(date(2024, 1, 1), date(2027, 12, 31)), count=st.integers(1, 30))
def test_within_n_working_days_is_the_calendars_nth_working_day(
    env: dict[str, str], reference: date, count: int
) -> None:
    calendar = WorkingCalendar.from_env(env)
    for words in (f"within {count} working days", f"o fewn {count} diwrnod gwaith", f"{count} business days"):
        deadline = parse_deadline(words, reference=reference, calendar=calendar)
        assert deadline.due is not None, words
        assert deadline.due.date() == calendar.add_working_days(reference, count), words


def test_the_settings_change_what_a_working_day_means_to_a_deadline() -> None:
    # Thursday 24 April 2025: three working days on is Tuesday 29 April for a Monday-to-Friday team, but
    # Monday 28 April for one that works Saturdays.
    thursday = date(2025, 4, 24)
    wales = WorkingCalendar.from_env({})
    mon_sat = WorkingCalendar.from_env({"CHASER_WORKING_DAYS": "mon-sat"})
    read = parse_deadline
    assert read("within 3 working days", reference=thursday, calendar=wales).due.date() == date(2025, 4, 29)  # type: ignore[union-attr]
    assert read("within 3 working days", reference=thursday, calendar=mon_sat).due.date() == date(2025, 4, 28)  # type: ignore[union-attr]
    # Easter Monday 21 April 2025 is a bank holiday in Wales, not in Scotland.
    friday = date(2025, 4, 18)
    scotland = WorkingCalendar.from_env({"CHASER_HOLIDAYS": "GB-SCT"})
    assert read("1 working day", reference=friday, calendar=wales).due.date() == date(2025, 4, 22)  # type: ignore[union-attr]
    assert read("1 working day", reference=friday, calendar=scotland).due.date() == date(2025, 4, 21)  # type: ignore[union-attr]


async def test_the_running_bot_reads_deadlines_on_the_calendar_its_chasers_use(
    sqlite_url: str, standin: ConnectorStandIn
) -> None:
    env = {"DATABASE_URL": sqlite_url, "CHASER_WORKING_DAYS": "mon-sat", "CHASER_HOLIDAYS": "GB-SCT"}
    thursday_noon = datetime(2025, 4, 24, 11, 0, tzinfo=UTC)
    async with running_bot(env, clock=FixedClock(thursday_noon)) as bot:
        chaser = bot.chaser
        assert chaser.register.calendar is chaser.sweeper.calendar
        assert chaser.register.calendar == WorkingCalendar.from_env(env)
        await bot.post(Teams(standin.url).meeting_message("/action Send the minutes due: within 3 working days"))
        [action] = await chaser.register.open_actions(MEETING_CHAT)
        assert action.deadline.due is not None
        # Saturday counts: Friday 25, Saturday 26, Monday 28 April (Tuesday 29 on the default calendar).
        assert action.deadline.due.astimezone(chaser.register.tz).date() == date(2025, 4, 28)
