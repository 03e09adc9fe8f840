"""The doctor's window on the booking steps: after see-a-doctor-today advice, no time before
noon tomorrow in the location's zone is offered, held or confirmed (docs/screening.md)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from clinic.booking.models import BookingDraft
from clinic.extensions import db
from clinic.intake import advice, screening
from clinic.practice.models import Location


def not_before(draft: BookingDraft, now: datetime) -> datetime | None:
    """The earliest start the draft's safety result allows (see a doctor today: noon tomorrow)."""
    location = db.session.get(Location, draft.data["location_id"])
    urgency = screening.Urgency.TODAY if draft.data.get("today_advised") else None
    return advice.earliest_start(urgency, now, ZoneInfo(location.timezone))


def drop_before(starts: dict[int, list[datetime]], earliest: datetime | None):
    """Free starts without those inside the doctor's window."""
    if earliest is None:
        return starts
    kept = {tid: [t for t in times if t >= earliest] for tid, times in starts.items()}
    return {tid: times for tid, times in kept.items() if times}


def check(draft: BookingDraft, start: datetime, now: datetime) -> None:
    """Refuse a start inside the doctor's window of the draft's safety result (422)."""
    zone = ZoneInfo(db.session.get(Location, draft.data["location_id"]).timezone)
    advice.check_start(start, not_before(draft, now), zone)
