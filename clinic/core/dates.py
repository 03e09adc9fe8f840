"""The calendar the clinic works in: dates typed into URLs and forms must fall inside it.

Python's dates run from year 1 to 9999, but a day near either end cannot have a week built
around it or be turned into an instant in another time zone without overflowing. No clinic
schedule, audit filter or booking lies centuries away, so anything outside this range is
refused as a date we do not work with, before any arithmetic is done on it.
"""

from datetime import date

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
OUT_OF_RANGE = f"Choose a date between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}."


def in_range(day: date) -> bool:
    """True when `day` is one the clinic's schedules and logs can work with."""
    return FIRST_DAY <= day <= LAST_DAY
