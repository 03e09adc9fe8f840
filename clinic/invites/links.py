""" "Add to calendar" links for the confirmation and manage pages.

Everything in such a link is sent to the calendar provider and kept in browser history, so
callers pass the same generic text as the invite (`ics.summary_for`, `ics.description_for`):
never symptoms, body regions or intake answers. Pure: plain values in, a URL out.
"""

from datetime import UTC, datetime
from urllib.parse import quote, urlencode

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


def google_calendar_url(
    title: str, start: datetime, end: datetime, details: str, location: str
) -> str:
    """A Google Calendar "create event" link, prefilled, with the times in UTC."""
    start_utc, end_utc = _utc(start), _utc(end)
    # Compared in UTC: within one zone Python compares wall times and ignores `fold`.
    if start_utc >= end_utc:
        raise ValueError("A visit must end after it starts.")
    query = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{start_utc:%Y%m%dT%H%M%SZ}/{end_utc:%Y%m%dT%H%M%SZ}",
        "details": details,
        "location": location,
    }
    # quote, not quote_plus: a "+" in the query would reach Google as a space only by
    # convention; "%20" is a space everywhere. "/" stays readable between the two dates.
    return f"{GOOGLE_CALENDAR}?{urlencode(query, safe='/', quote_via=quote)}"


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Calendar times must be timezone-aware, not {moment!r}")
    return moment.astimezone(UTC)
