"""The public, read-only JSON API: therapists, appointment types and free times.

Bad or missing parameters answer 400 with `{"error": {..., "parameter": name}}`, so a
client knows exactly which one to fix.
"""

import re
from datetime import date
from zoneinfo import ZoneInfo

from flask import Blueprint, jsonify, request
from sqlalchemy import select

from clinic.core import clock, dates, limits
from clinic.extensions import db
from clinic.practice.models import Location, Therapist
from clinic.scheduling import reads
from clinic.scheduling.free_times import find_free_slots
from clinic.scheduling.models import AppointmentType, AvailabilityRule
from clinic.scheduling.openapi import OPENAPI

bp = Blueprint("api", __name__, url_prefix="/api/v1")
limits.api(bp)

MAX_RANGE_DAYS = 62
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[1-9]\d{0,9}$")


class BadParameter(Exception):
    def __init__(self, parameter: str, detail: str):
        super().__init__(detail)
        self.parameter, self.detail = parameter, detail


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    body = {
        "status": 400,
        "title": "Bad parameter",
        "parameter": error.parameter,
        "detail": error.detail,
    }
    return jsonify(error=body), 400


def _id_param(name: str, *, required: bool = False) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        if required:
            raise BadParameter(name, f"'{name}' is required.")
        return None
    if not _ID.match(raw) or int(raw) > 2**31 - 1:
        raise BadParameter(name, f"'{name}' must be a positive whole number, not {raw[:40]!r}.")
    return int(raw)


def _date_param(name: str) -> date:
    raw = request.args.get(name, "").strip()
    if not raw:
        raise BadParameter(name, f"'{name}' is required, as YYYY-MM-DD.")
    try:
        if not _DATE.match(raw):
            raise ValueError
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(
            name, f"'{name}' must be a date as YYYY-MM-DD, not {raw[:40]!r}."
        ) from None
    if not dates.in_range(day):
        raise BadParameter(name, dates.OUT_OF_RANGE)
    return day


def _exists(model, ident: int | None, name: str, what: str):
    if ident is None:
        return None
    found = db.session.get(model, ident)
    if found is None or not found.active:
        raise BadParameter(name, f"There is no {what} with id {ident}.")
    return found


@bp.get("/therapists")
def therapists():
    rows = db.session.execute(
        select(AvailabilityRule.therapist_id, AvailabilityRule.location_id).distinct()
    )
    locations: dict[int, list[int]] = {}
    for therapist_id, location_id in rows:
        locations.setdefault(therapist_id, []).append(location_id)
    people = db.session.scalars(
        select(Therapist).where(Therapist.active).order_by(Therapist.display_name)
    )
    return jsonify(
        therapists=[
            {
                "id": t.id,
                "name": t.display_name,
                "credentials": t.credentials,
                "bio": t.bio,
                "specialties": t.specialties,
                "accepts_new_patients": t.accepts_new_patients,
                "location_ids": sorted(locations.get(t.id, [])),
            }
            for t in people
        ]
    )


@bp.get("/appointment-types")
def appointment_types():
    kinds = db.session.scalars(
        select(AppointmentType).where(AppointmentType.active).order_by(AppointmentType.id)
    )
    return jsonify(
        appointment_types=[
            {
                "id": k.id,
                "name": k.name,
                "duration_minutes": k.duration_minutes,
                "online_bookable": k.online_bookable,
                "new_patient_only": k.new_patient_only,
            }
            for k in kinds
        ]
    )


@bp.get("/availability")
def availability():
    kind = _exists(AppointmentType, _id_param("type", required=True), "type", "appointment type")
    if not kind.online_bookable:
        raise BadParameter("type", f"'{kind.name}' can't be booked online.")
    therapist = _exists(Therapist, _id_param("therapist"), "therapist", "therapist")
    location = _exists(Location, _id_param("location"), "location", "location")
    start, end = _date_param("start"), _date_param("end")
    if end < start:
        raise BadParameter("end", "'end' must not be before 'start'.")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise BadParameter("end", f"Ask for at most {MAX_RANGE_DAYS} days at a time.")
    if location is not None:
        places = [location]
    elif therapist is not None:
        places = reads.locations_of(therapist.id)
    else:
        places = list(db.session.scalars(select(Location).where(Location.active)))
    now = clock.now()
    slots = []
    for place in places:
        zone = ZoneInfo(place.timezone)
        found = find_free_slots(
            kind, place, start, end, now, therapist_ids=[therapist.id] if therapist else None
        )
        slots += [(slot, zone) for slot in found]
    slots.sort(key=lambda pair: (pair[0].start, pair[0].therapist_id, pair[0].location_id))
    response = jsonify(
        timezone=places[0].timezone if len(places) == 1 else None,
        slots=[
            {
                "therapist_id": slot.therapist_id,
                "location_id": slot.location_id,
                "start": slot.start.astimezone(zone).isoformat(),
                "end": slot.end.astimezone(zone).isoformat(),
            }
            for slot, zone in slots
        ],
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/openapi.json")
def openapi():
    return jsonify(OPENAPI)
