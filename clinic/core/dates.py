"""The calendar the clinic works in: dates typed into URLs and forms must fall inside it.

Python's dates run from year 1 to 9999, but a day near either end cannot have a week built
around it or be turned into an instant in another time zone without overflowing. No clinic
schedule, audit filter or booking lies centuries away, so anything outside this range is
refused as a date we do not work with, before any arithmetic is done on it.
"""

from datetime import date

from flask import request

from clinic.core.domain import DomainError

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)
OUT_OF_RANGE = f"Choose a date between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}."


def in_range(day: date) -> bool:
    """True when `day` is one the clinic's schedules and logs can work with."""
    return FIRST_DAY <= day <= LAST_DAY


class BadDate(DomainError):
    """A date in a URL or form that isn't one we understand: 400 with what we expected."""

    status_code = 400


def parse_day(text: str | None, default: date) -> date:
    """`YYYY-MM-DD`, or `default` when absent; BadDate when malformed or out of range."""
    if not text:
        return default
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadDate(
            f"“{text[:20]}” isn't a date we understand. Use the form YYYY-MM-DD."
        ) from None
    if not in_range(day):
        raise BadDate(OUT_OF_RANGE)
    return day


def day_from_url(today: date) -> date:
    """The request's `date` query parameter, `today` when absent; 400 when bad."""
    return parse_day(request.args.get("date"), today)
