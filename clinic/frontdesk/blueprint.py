"""The front desk's blueprint and what its views share: private headers, dates from URLs."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, request
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from clinic.core.domain import DomainError
from clinic.core.numbers import whole_number
from clinic.extensions import db
from clinic.practice.models import Location, Therapist
from clinic.scheduling.availability import to_utc
from clinic.scheduling.models import AppointmentType

bp = Blueprint("frontdesk", __name__, url_prefix="/frontdesk")


class BadInput(DomainError):
    """A malformed parameter in a URL: 400 with a message saying what we expected."""

    status_code = 400


@bp.after_request
def private(response: Response) -> Response:
    """Patients' names and phones: never cached. (No Referer leaves the site either:
    clinic.core.headers sends `Referrer-Policy: same-origin` everywhere.)"""
    response.headers["Cache-Control"] = "no-store"
    return response


def location_from_url(active: list[Location] | None = None) -> Location | None:
    """The `location` query parameter: None for all; 400 when malformed, 404 when unknown
    or closed. `active` (the active locations, if already loaded) saves a query."""
    value = request.args.get("location", "all")
    if value in ("", "all"):
        return None
    location_id = whole_number(value)
    if location_id is None:
        raise BadInput("That location isn't one we understand. Choose one from the list.")
    if active is not None:
        location = next((loc for loc in active if loc.id == location_id), None)
    else:
        location = db.session.get(Location, location_id)
    if location is None or not location.active:
        abort(404)
    return location


def instant(day: date, at: time, zone_name: str) -> datetime | None:
    """A local date and time at a location as an aware instant; None when the clocks skip it."""
    zone = ZoneInfo(zone_name)
    moment = to_utc(day, at, zone)
    if moment.astimezone(zone).replace(tzinfo=None) != datetime.combine(day, at):
        return None
    return moment


def choices() -> dict[str, list[SelectChoice]]:
    """Active locations, therapists and appointment types for the booking forms' selects."""
    return {
        "locations": [
            SelectChoice(loc.id, loc.name)
            for loc in db.session.scalars(
                select(Location).where(Location.active).order_by(Location.name)
            )
        ],
        "therapists": [
            SelectChoice(t.id, t.full_title)
            for t in db.session.scalars(
                select(Therapist).where(Therapist.active).order_by(Therapist.display_name)
            )
        ],
        "kinds": [
            SelectChoice(k.id, f"{k.name} ({k.duration_minutes} min)")
            for k in db.session.scalars(
                select(AppointmentType).where(AppointmentType.active).order_by(AppointmentType.name)
            )
        ],
    }
