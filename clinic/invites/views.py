"""The therapist's feed, fetched by calendar apps: no sign-in, the secret URL is the key."""

from flask import Blueprint, Response, abort

from clinic.core import clock
from clinic.invites import feeds

bp = Blueprint("feeds", __name__)


@bp.get("/feeds/<token>.ics")
def show(token: str):
    therapist = feeds.therapist_for(token)
    if therapist is None:
        abort(404)
    return Response(
        feeds.calendar(therapist, clock.now()),
        mimetype="text/calendar",
        headers={"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"},
    )
