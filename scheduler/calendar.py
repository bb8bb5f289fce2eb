"""The working calendar now lives in the domain (``bot.register.calendar``): deadlines such as "within 5 working
days" and chasers count on the same one. This name stays so code written against it keeps importing."""

from bot.register.calendar import (
    DEFAULT_HOLIDAY_REGION,
    DEFAULT_TIMEZONE,
    HOLIDAY_REGIONS,
    CalendarConfigError,
    WorkingCalendar,
)

__all__ = ["DEFAULT_HOLIDAY_REGION", "DEFAULT_TIMEZONE", "HOLIDAY_REGIONS", "CalendarConfigError", "WorkingCalendar"]
