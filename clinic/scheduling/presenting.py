"""How a lost race reaches people: 409 with the nearest free times, as a page or as JSON."""

from flask import jsonify, render_template
from sqlalchemy import select

from clinic.core.errors import wants_json
from clinic.extensions import db
from clinic.practice.models import Location, Therapist
from clinic.scheduling.errors import SlotTaken


def render_slot_taken(error: SlotTaken):
    """Name the nearest free times, in each location's own zone."""
    ids = {slot.therapist_id for slot in error.alternatives}
    places = {slot.location_id for slot in error.alternatives}
    names = (
        dict(
            db.session.execute(
                select(Therapist.id, Therapist.display_name).where(Therapist.id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    zones = (
        dict(
            db.session.execute(
                select(Location.id, Location.timezone).where(Location.id.in_(places))
            ).all()
        )
        if places
        else {}
    )
    if wants_json():
        body = {
            "status": 409,
            "title": "That time was just taken",
            "detail": error.message,
            "alternatives": [
                {
                    "therapist_id": s.therapist_id,
                    "location_id": s.location_id,
                    "start": s.start.isoformat(),
                    "end": s.end.isoformat(),
                }
                for s in error.alternatives
            ],
        }
        return jsonify(error=body), 409
    choices = [
        {"start": s.start, "zone": zones[s.location_id], "therapist": names.get(s.therapist_id)}
        for s in error.alternatives
    ]
    return render_template("scheduling/taken.html", message=error.message, choices=choices), 409
