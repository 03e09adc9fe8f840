"""iCalendar files for visits: emailed invites (REQUEST, CANCEL), downloads and feeds (PUBLISH).

Times are written in UTC (``DTSTART:20260303T160000Z``). An emailed invite then needs no
VTIMEZONE (Outlook shows a TZID an hour off when its VTIMEZONE is missing, and misreads
RDATE-style ones), and every client shows the visit in the reader's own zone. Callers may pass
aware datetimes in any zone; naive ones are refused.

Everything here leaves the clinic: SUMMARY, DESCRIPTION and LOCATION reach the patient's mail
and calendar providers. Callers pass generic text (`summary_for`, `description_for`) and never
symptoms, body regions or intake answers.

Pure: plain values and `now` in, bytes out. The output depends only on the arguments, so the
same visit renders to the same bytes (icalendar's random VCALENDAR UID is left out).
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from icalendar import Alarm, Calendar, Event, vCalAddress, vDuration, vText

PRODID = "-//Clinic//Booking//EN"
#: How often a subscribed feed asks to be polled (clients may poll less often).
FEED_REFRESH = timedelta(hours=1)
#: When a downloaded visit reminds its reader.
DOWNLOAD_ALARM = timedelta(hours=-2)

Status = Literal["CONFIRMED", "CANCELLED"]
_STATUSES = ("CONFIRMED", "CANCELLED")


@dataclass(frozen=True, slots=True)
class VisitEvent:
    """One visit as a calendar shows it: generic text only, times as aware datetimes."""

    #: Stable for the life of the appointment, e.g. ``booking-42@clinic.example``.
    uid: str
    #: The organizer's revision: raised on every reschedule and cancellation.
    sequence: int
    start: datetime
    end: datetime
    summary: str
    location: str
    description: str
    status: Status
    organizer_email: str
    organizer_name: str
    attendee_email: str | None = None
    attendee_name: str | None = None

    def __post_init__(self) -> None:
        if not self.uid or _has_control(self.uid):
            raise ValueError(f"Unusable iCalendar UID: {self.uid!r}")
        if isinstance(self.sequence, bool) or not isinstance(self.sequence, int):
            raise ValueError(f"SEQUENCE must be an integer, not {self.sequence!r}")
        if self.sequence < 0:
            raise ValueError(f"SEQUENCE must not be negative, not {self.sequence}")
        # Compared in UTC: within one zone Python compares wall times and ignores `fold`.
        if _utc(self.start) >= _utc(self.end):
            raise ValueError("A visit must end after it starts.")
        if self.status not in _STATUSES:
            raise ValueError(f"STATUS must be one of {_STATUSES}, not {self.status!r}")
        _check_email(self.organizer_email)
        if self.attendee_email is not None:
            _check_email(self.attendee_email)


def summary_for(clinic_name: str, kind_name: str) -> str:
    """A title that says what kind of visit and where, and nothing about the patient's health.

    `kind_name` is the appointment type's name or slug; only an initial evaluation is called
    an evaluation, every other type is a visit.
    """
    kind = " ".join(kind_name.replace("-", " ").replace("_", " ").split()).casefold()
    what = "evaluation" if kind == "initial evaluation" else "visit"
    return f"Physical therapy {what}, {' '.join(clinic_name.split())}"


def description_for(manage_url: str | None, clinic_phone: str) -> str:
    """Generic what-to-bring notes and how to move or cancel the visit.

    Invites and calendar links pass no `manage_url`: a calendar event is copied to the
    patient's calendar provider (and shared calendars), so it says where the link is instead
    of carrying it.
    """
    where = manage_url or "use the link in your email from the clinic"
    return (
        "Please bring a photo ID, your insurance card and a list of your medications, "
        "and wear clothes you can move in.\n\n"
        f"To reschedule or cancel: {where}, or call us at {clinic_phone}.\n"
        f"Questions? Call us at {clinic_phone}."
    )


def request(event: VisitEvent, now: datetime) -> bytes:
    """An iTIP REQUEST to email when a visit is booked or rescheduled (raise SEQUENCE first)."""
    if event.status != "CONFIRMED":
        # A REQUEST that says CANCELLED leaves the event in attendees' calendars; send cancel().
        raise ValueError("A cancelled visit is sent with cancel(), not request().")
    return _calendar("REQUEST", [_invite_event(event, now, "CONFIRMED")])


def cancel(event: VisitEvent, now: datetime) -> bytes:
    """An iTIP CANCEL: same UID, the raised SEQUENCE the caller passes, STATUS:CANCELLED."""
    if event.sequence < 1:
        raise ValueError("A CANCEL must carry a SEQUENCE above the REQUEST it cancels.")
    return _calendar("CANCEL", [_invite_event(event, now, "CANCELLED")])


def download(event: VisitEvent, now: datetime) -> bytes:
    """A PUBLISH file to add the visit to one's own calendar, with a reminder 2 hours before."""
    vevent = _event(event, now, event.status)
    vevent.add_component(Alarm.new_display(event.summary, trigger=DOWNLOAD_ALARM))
    return _calendar("PUBLISH", [vevent])


def feed(events: Iterable[VisitEvent], now: datetime, name: str) -> bytes:
    """A therapist's subscribed feed: PUBLISH, no attendees, asks to be refreshed hourly.

    Feed URLs leak, so events should carry initials and visit type only, and no manage link.
    """
    calendar = _new_calendar("PUBLISH", [_event(event, now, event.status) for event in events])
    # icalendar 7.3 writes NAME and X-WR-CALNAME unescaped (commas, backslashes) unless they
    # are given as vText.
    calendar.add("NAME", vText(_one_line(name)))
    calendar.add("X-WR-CALNAME", vText(_one_line(name)))
    calendar.refresh_interval = FEED_REFRESH
    # RFC 7986 requires VALUE=DURATION on REFRESH-INTERVAL; icalendar 7.3 leaves it out.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    # Unknown X- properties default to text: without vDuration the TTL is written "1:00:00".
    calendar.add("X-PUBLISHED-TTL", vDuration(FEED_REFRESH))
    return calendar.to_ical()


def _calendar(method: str, vevents: list[Event]) -> bytes:
    return _new_calendar(method, vevents).to_ical()


def _new_calendar(method: str, vevents: list[Event]) -> Calendar:
    calendar = Calendar.new(
        prodid=PRODID, calscale="GREGORIAN", method=method, subcomponents=vevents
    )
    # Calendar.new adds a random RFC 7986 UID; nothing refers to it and it breaks reproducibility.
    calendar.pop("UID", None)
    return calendar


def _invite_event(event: VisitEvent, now: datetime, status: Status) -> Event:
    if event.attendee_email is None:
        raise ValueError("An invitation needs the patient's email as ATTENDEE.")
    organizer = vCalAddress.new(event.organizer_email, cn=_display_name(event.organizer_name))
    attendee = vCalAddress.new(
        event.attendee_email,
        cn=_display_name(event.attendee_name),
        role="REQ-PARTICIPANT",
        partstat="NEEDS-ACTION",
        # No reply is asked for: the patient moves or cancels with their link or by phone.
        rsvp=False,
    )
    return _event(event, now, status, organizer=organizer, attendees=[attendee])


def _event(
    event: VisitEvent,
    now: datetime,
    status: Status,
    organizer: vCalAddress | None = None,
    attendees: list[vCalAddress] | None = None,
) -> Event:
    return Event.new(
        uid=event.uid,
        sequence=event.sequence,
        stamp=_utc(now),
        start=_utc(event.start),
        end=_utc(event.end),
        summary=event.summary,
        location=event.location or None,
        description=event.description or None,
        status=status,
        organizer=organizer,
        attendees=attendees,
    )


def _utc(moment: datetime) -> datetime:
    """The instant in UTC, to the second (iCalendar has no fractions of a second)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Calendar times must be timezone-aware, not {moment!r}")
    return moment.astimezone(UTC).replace(microsecond=0)


def _has_control(text: str) -> bool:
    return any(_is_control(char) for char in text)


def _is_control(char: str) -> bool:
    # Cc covers CR, LF, NUL, DEL, NEL; Zl and Zp are the Unicode line and paragraph separators.
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def _check_email(email: str) -> None:
    """Refuse an address that could break out of its line or is plainly not an address."""
    if _has_control(email) or any(char.isspace() for char in email) or "@" not in email:
        raise ValueError(f"Not a usable calendar email address: {email!r}")


def _display_name(name: str | None) -> str | None:
    """A CN parameter value on one line, or None when nothing is left.

    Double quotes become single ones: a parameter value cannot hold them, and the RFC 6868
    escape icalendar would use (^') is shown literally by clients that do not know it.
    """
    if name is None:
        return None
    return _one_line(name.replace('"', "'")) or None


def _one_line(text: str) -> str:
    """Control characters become spaces and runs of spaces collapse to one."""
    return " ".join("".join(" " if _is_control(char) else char for char in text).split())
