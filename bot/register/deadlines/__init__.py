"""Deadlines as people write them in minutes, in English and Welsh, read into a kind and a window.

``parse_deadline`` keeps the words exactly as written and says what they mean: a kind, and for dates a window
(``due`` = the date to work towards, ``latest`` = the last acceptable date). It never raises on words: what it
cannot read comes back as ``unknown`` with the words kept.

Kinds, in the order they are looked for (where several markers appear, the earliest in the words wins):

====================  ====================================================================================
kind                  words
====================  ====================================================================================
``asap``              ASAP, as soon as possible, urgent(ly), immediately, straight away, without delay,
                      cyn gynted â phosibl / ag y bo modd, ar unwaith, ar frys, yn syth
``next_meeting``      (before / by) next [Forum] meeting, following meeting, next board, cyn y cyfarfod nesaf
``ongoing``           ongoing, in due course, as required, as and when, continuous, monthly, maes o law,
                      parhaus, fel y bo angen, yn ôl yr angen
``event``             a condition: when / once / after / following / pending / subject to X, on publication,
                      ahead of / prior to X (X not a date), words naming an event (launch, recess,
                      election, consultation...); pan, unwaith, ar ôl, yn dilyn, yn amodol ar, cyn lansio
``date``              a day, a day and time, or a period (table below)
``unknown``           TBC, TBA, i'w gadarnhau, or anything else it cannot read
====================  ====================================================================================

For ``asap``, ``next_meeting``, ``ongoing`` and ``event``, a date in the words ("When published (Spring
2025)", "ASAP, by Friday at the latest") bounds the window: ``latest`` is the end of that date's reading and
``due`` is left empty (the condition, not a date, is what to work towards). A date the condition starts from
("following Easter recess", "after 1 April") is not a bound. A date with TBC beside it ("June 2025 (TBC)")
is read as a provisional ``date``: a working target is more use to a chaser than none.

Only filler words (by, before, deadline, approx., erbyn...) may stand before a date for the words to be a
``date``; words after it are notes ("31 March (board paper)"). So "by finance on Friday" is ``unknown``: the
command reader relies on that to leave "shared by finance" in an action's text. Words before a date that
name a meeting or event ("Board on 3 April") make an ``event`` bounded by that date.

Dates. A year left out means the next such day or period that has not ended on ``reference``. Numeric dates
are UK day-first (5/6 = 5 June); a numeric date that only reads month-first (03/31/25) is read month-first.
Times ("Friday 5pm", "17:00 31 March", "5yh") set the time of day for a single day; EOD / COB / close of play
add nothing beyond the day. Every result is local midnight (or the time given) in ``tz``.

=====================================  ==================================  ==================================
words (reference Mon 17 Mar 2025)      due                                 latest
=====================================  ==================================  ==================================
a day: 31/03/25, 17th March, Mon 14    that day                            that day
Apr, today, tomorrow, Friday, COB
Friday, the 5th, Christmas, Easter
"next Friday" / "dydd Gwener nesaf"    Friday of next week (28 Mar)        same
"Friday week"                          the coming Friday + 7 days          same
"in 10 days", "within 2 weeks",        reference + that long (working      same
"mewn pythefnos", "5 working days"     days are the calendar's: by
                                       default weekdays less Welsh bank
                                       holidays)
"w/c 14 April", "week of 14 April"     that day (Monday 14 Apr)            the first Friday on or after it
"w/e 18 April"                         the Monday before                   that day
"next week", "wythnos nesaf"           Monday of next week                 Friday of next week
"this week"                            reference                           Friday of this week
"early / mid / late June"              1 / 11 / 21 June                    10 / 20 / 30 June
(thirds; of a week: Mon-Tue, Wed,
Thu-Fri; of a season: its months)
"first / second / last week of April"  1 / 8 / 24 April                    7 / 14 / 30 April
a month, season, quarter, half or      last day of it (a long window       last day of it
year named alone: "June 2025",         reads as "during, by its end")
"Spring 2025", "Q2 2025", "2026"
"by P", "end of P", "before the end    last day of P                       same
of P", "erbyn diwedd mis Mehefin"
"start / beginning of P", "dechrau P"  first day of P                      same
"before P" (P not "the end of...")     the day before P starts (a week:    same
                                       the Friday before); with a time,
                                       the time itself
"14-18 April", "April to May"          due of the first part               latest of the second part
=====================================  ==================================  ==================================

A window that has already begun on ``reference`` starts on ``reference`` ("this week", "mid-March" on 17
March: due 17 March).

Periods: Spring = Mar-May, Summer = Jun-Aug, Autumn = Sep-Nov, Winter = Dec-Feb ("Winter 2025" and "Winter
2025/26" both mean Dec 2025 - Feb 2026). "Q2 2025" and a bare "Q2" / "end of Q2" are calendar quarters
(Apr-Jun); quarters are UK financial (Q1 = Apr-Jun) when the words give a 2025/26-style year or say
financial / fiscal / FY ("Q2 2025/26" = Jul-Sep 2025). "FY25" names the financial year that ends in 2025
(2024/25). "End of the year" is 31 December; "end of the financial year" is 31 March. Welsh "Hydref" alone
is October; with the article ("yr hydref", "diwedd yr hydref") it is autumn.

The grammar reads English and Welsh whatever ``locale`` says (people mix them); ``locale`` orders the
languages of the ``dateparser`` fallback, which only sees words the grammar could not read that have some
date-like word in them. Results are cached per (words, reference, locale, tz, calendar).

Working days ("within 5 working days", "5 diwrnod gwaith") are counted on the ``WorkingCalendar`` passed in
(``bot.register.calendar``): the same days and bank holidays (``CHASER_WORKING_DAYS``, ``CHASER_HOLIDAYS``)
as the chasers.

Modules: ``vocabulary`` (names of months, days, numbers, units), ``patterns`` (the date grammar), ``markers``
(kind markers, times, fillers), ``spans`` (values and date arithmetic), ``days`` / ``periods`` /
``composites`` (what each pattern means), ``reader`` (the entry point), ``fallback`` (dateparser), ``cli``.

Command line::

    python -m bot.register.deadlines "by the end of May" --reference 2025-03-17 [--locale cy] [--tz ...]
"""

from bot.register.deadlines.reader import parse_deadline

__all__ = ["parse_deadline"]
