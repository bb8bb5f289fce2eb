"""Deadline words and what they mean, worked out by hand from a calendar (not from the reader).

The reference day is Monday 17 March 2025 unless a case says otherwise. Calendar facts used below:
March 2025: Fri 21, Sat 22, Sun 23, Mon 24, Fri 28, Mon 31. April 2025: Tue 1, Fri 4, Mon 7, Fri 11, Mon 14,
Fri 18 (Good Friday), Sun 20 (Easter), Mon 21 (Easter Monday). Bank holidays in Wales, spring 2025: 18 and 21
April, 5 and 26 May. Christmas Day 2025 is a Thursday. British Summer Time: 30 March - 26 October 2025.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

MONDAY_17_MARCH = date(2025, 3, 17)


class Case(NamedTuple):
    text: str
    kind: str
    due: str | None  # "YYYY-MM-DD" (local midnight) or "YYYY-MM-DDTHH:MM" (local time)
    latest: str | None
    reference: date = MONDAY_17_MARCH


def day(text: str, due: str, latest: str | None = None, reference: date = MONDAY_17_MARCH) -> Case:
    return Case(text, "date", due, latest or due, reference)


ENGLISH: list[Case] = [
    # The seed's six.
    Case("As soon as possible", "asap", None, None),
    Case("When published (Spring 2025)", "event", None, "2025-05-31"),
    Case("Ahead of grant launch (by May 2025)", "event", None, "2025-05-31"),
    Case("In due course", "ongoing", None, None),
    Case("Before next meeting", "next_meeting", None, None),
    day("By June 2025", "2025-06-30"),
    # The brief's examples.
    day("w/c 14 April", "2025-04-14", "2025-04-18"),
    day("end of Q2", "2025-06-30"),  # no 2025/26-style year, no "financial": calendar Q2 (Apr-Jun)
    day("31/03/25", "2025-03-31"),
    Case("TBC", "unknown", None, None),
    Case("ongoing", "ongoing", None, None),
    day("next Friday", "2025-03-28"),  # the Friday of next week
    day("before the end of May", "2025-05-31"),
    # asap
    Case("ASAP", "asap", None, None),
    Case("Urgent", "asap", None, None),
    Case("immediately", "asap", None, None),
    Case("As soon as practicable", "asap", None, None),
    Case("ASAP, by Friday at the latest", "asap", None, "2025-03-21"),
    # next meeting
    Case("By the next meeting", "next_meeting", None, None),
    Case("Next Forum meeting", "next_meeting", None, None),
    Case("at the following meeting", "next_meeting", None, None),
    Case("Before next meeting (mid-April)", "next_meeting", None, "2025-04-20"),
    # ongoing
    Case("As required", "ongoing", None, None),
    Case("as and when", "ongoing", None, None),
    Case("Monthly", "ongoing", None, None),
    # events
    Case("When published", "event", None, None),
    Case("Once available", "event", None, None),
    Case("Following Easter recess", "event", None, None),  # Easter is where it starts, not a bound
    Case("Subject to funding", "event", None, None),
    Case("After 1 April", "event", None, None),
    Case("Once funding is confirmed, by end of May", "event", None, "2025-05-31"),
    Case("Summer recess", "event", None, None),
    Case("Board on 3 April", "event", None, "2025-04-03"),
    # unknown
    Case("TBA", "unknown", None, None),
    Case("to be confirmed", "unknown", None, None),
    Case("by finance", "unknown", None, None),
    Case("by the team on Friday", "unknown", None, None),
    Case("see notes", "unknown", None, None),
    # quarters, halves, years
    day("Q2 2025/26", "2025-09-30"),  # financial Q2: Jul-Sep 2025
    day("Q2 2025", "2025-06-30"),  # calendar Q2
    day("Q4", "2025-12-31"),
    day("end of financial Q4", "2025-03-31"),  # Q4 of 2024/25: Jan-Mar 2025, not yet over
    day("Q3 FY25/26", "2025-12-31"),
    day("beginning of Q3", "2025-07-01"),
    day("H1 2025/26", "2025-09-30"),
    day("end of the financial year", "2025-03-31"),
    day("2025/26", "2026-03-31"),
    day("end of the year", "2025-12-31"),
    day("2026", "2026-12-31"),
    # days of the week
    day("Friday", "2025-03-21"),
    day("this Friday", "2025-03-21"),
    day("Friday week", "2025-03-28"),
    day("Friday next week", "2025-03-28"),
    day("next Monday", "2025-03-24"),
    day("Friday 5pm", "2025-03-21T17:00"),
    day("COB Friday", "2025-03-21"),
    day("Thursday, March 20th, 2025", "2025-03-20"),
    # relative days and spans
    day("EOD", "2025-03-17"),
    day("today", "2025-03-17"),
    day("tomorrow", "2025-03-18"),
    day("noon tomorrow", "2025-03-18T12:00"),
    day("by 5pm", "2025-03-17T17:00"),
    day("within 2 weeks", "2025-03-31"),
    day("in 10 days", "2025-03-27"),
    day("in a fortnight", "2025-03-31"),
    day("a week tomorrow", "2025-03-25"),
    day("within 5 working days", "2025-03-24"),
    # weeks
    day("next week", "2025-03-24", "2025-03-28"),
    day("this week", "2025-03-17", "2025-03-21"),
    day("end of the week", "2025-03-21"),
    day("by the end of next week", "2025-03-28"),
    day("before next week", "2025-03-21"),
    day("the week after next", "2025-03-31", "2025-04-04"),
    day("w/e 18 April", "2025-04-14", "2025-04-18"),
    day("week commencing 7 April", "2025-04-07", "2025-04-11"),
    # months and parts of months
    day("end of month", "2025-03-31"),
    day("end of the month", "2025-03-31"),
    day("end of next month", "2025-04-30"),
    day("before May", "2025-04-30"),
    day("start of June", "2025-06-01"),
    day("mid-May", "2025-05-11", "2025-05-20"),
    day("early June", "2025-06-01", "2025-06-10"),
    day("late June", "2025-06-21", "2025-06-30"),
    day("mid-March", "2025-03-17", "2025-03-20"),  # already begun: starts on the reference day
    day("early March", "2026-03-01", "2026-03-10"),  # this year's is over
    day("June 2025 (TBC)", "2025-06-30"),
    day("early next month", "2025-04-01", "2025-04-10"),
    day("first week of April", "2025-04-01", "2025-04-07"),
    day("last week of March", "2025-03-25", "2025-03-31"),
    day("Apr-May 2025", "2025-04-30", "2025-05-31"),
    day("end of FY", "2025-03-31"),
    day("by end of June 2025", "2025-06-30"),
    # dates
    day("2025-04-01", "2025-04-01"),
    day("17th March 2025", "2025-03-17"),
    day("March 17", "2025-03-17"),
    day("Mon 14 Apr", "2025-04-14"),
    day("5/6", "2025-06-05"),
    day("16/03", "2026-03-16"),  # passed this year
    day("by 03/31/25", "2025-03-31"),  # only reads month-first
    day("By 31 March 2025", "2025-03-31"),
    day("before 31 March", "2025-03-30"),
    day("no later than 4 April", "2025-04-04"),
    day("by 17:00 on 31 March", "2025-03-31T17:00"),
    day("Before 5pm Friday", "2025-03-21T17:00"),  # a time is the bound itself
    day("10am 14 April", "2025-04-14T10:00"),
    day("31 March (board paper)", "2025-03-31"),
    day("the 5th", "2025-04-05"),
    day("29 February", "2028-02-29"),
    day("14-18 April", "2025-04-14", "2025-04-18"),
    day("April to June", "2025-04-30", "2025-06-30"),
    # seasons and holidays
    day("Spring 2025", "2025-05-31"),
    day("Summer", "2025-08-31"),
    day("autumn 2025", "2025-11-30"),
    day("winter", "2026-02-28"),  # winter 2024/25 ended in February
    day("Winter 2024/25", "2025-02-28"),
    day("late spring", "2025-05-31"),
    day("by Christmas", "2025-12-25"),
    day("before Christmas", "2025-12-24"),
    day("Easter", "2025-04-20"),
    # other reference days
    day("Friday", "2025-03-21", reference=date(2025, 3, 21)),
    day("end of the week", "2025-03-28", reference=date(2025, 3, 22)),
    day("next week", "2025-03-24", "2025-03-28", reference=date(2025, 3, 23)),
    day("March", "2026-03-31", reference=date(2025, 4, 2)),
    day("mid-May", "2025-05-15", "2025-05-20", reference=date(2025, 5, 15)),
    day("winter", "2025-02-28", reference=date(2025, 1, 10)),
    day("end of Q2", "2026-06-30", reference=date(2025, 7, 1)),
    day("next Friday", "2025-03-28", reference=date(2025, 3, 20)),
    day("within 5 working days", "2025-04-28", reference=date(2025, 4, 17)),  # skips Easter's bank holidays
]

WELSH: list[Case] = [
    Case("cyn gynted â phosibl", "asap", None, None),
    Case("cyn gynted ag y bo modd", "asap", None, None),
    Case("ar unwaith", "asap", None, None),
    Case("cyn y cyfarfod nesaf", "next_meeting", None, None),
    Case("erbyn y cyfarfod nesaf", "next_meeting", None, None),
    day("erbyn diwedd mis Mehefin", "2025-06-30"),
    Case("maes o law", "ongoing", None, None),
    Case("parhaus", "ongoing", None, None),
    Case("yn ôl yr angen", "ongoing", None, None),
    Case("i'w gadarnhau", "unknown", None, None),
    Case("pan gaiff ei gyhoeddi", "event", None, None),
    Case("yn dilyn yr etholiad", "event", None, None),
    Case("cyn lansio'r grant", "event", None, None),
    day("dydd Gwener", "2025-03-21"),
    day("erbyn dydd Gwener nesaf", "2025-03-28"),
    day("dydd Llun 14 Ebrill", "2025-04-14"),
    day("dydd Mawrth 18 Mawrth", "2025-03-18"),
    day("17eg Mawrth 2025", "2025-03-17"),
    day("y 5ed o Fehefin", "2025-06-05"),
    day("erbyn 31 o Fai", "2025-05-31"),
    day("erbyn 1 Gorffennaf", "2025-07-01"),
    day("yng Ngorffennaf", "2025-07-31"),
    day("Ragfyr 2025", "2025-12-31"),
    day("erbyn Mawrth", "2025-03-31"),
    day("Hydref 2025", "2025-10-31"),  # October
    day("yn yr hydref", "2025-11-30"),  # autumn
    day("erbyn y gwanwyn", "2025-05-31"),
    day("erbyn yr haf", "2025-08-31"),
    day("y gaeaf", "2026-02-28"),
    day("wythnos nesaf", "2025-03-24", "2025-03-28"),
    day("yr wythnos hon", "2025-03-17", "2025-03-21"),
    day("diwedd yr wythnos", "2025-03-21"),
    day("erbyn diwedd y mis", "2025-03-31"),
    day("dechrau mis Mai", "2025-05-01"),
    day("canol mis Mai", "2025-05-11", "2025-05-20"),
    day("mewn pythefnos", "2025-03-31"),
    day("o fewn 10 diwrnod", "2025-03-27"),
    day("yfory", "2025-03-18"),
    day("heddiw", "2025-03-17"),
    day("erbyn 5yh dydd Gwener", "2025-03-21T17:00"),
    day("wythnos yn dechrau 14 Ebrill", "2025-04-14", "2025-04-18"),
    day("cyn y Nadolig", "2025-12-24"),
    day("Ch2 2025/26", "2025-09-30"),
    day("diwedd y flwyddyn ariannol", "2025-03-31"),
    day("erbyn 31/03/25", "2025-03-31"),
]
