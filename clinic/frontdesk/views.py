"""Front-desk screens."""

from datetime import timedelta

from flask import Blueprint, render_template

from clinic.auth.access import requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.scheduling.queries import appointments_between

bp = Blueprint("frontdesk", __name__, url_prefix="/frontdesk")


@bp.get("/")
@requires(Permission.VIEW_ALL_SCHEDULES)
def home():
    now = clock.now()
    upcoming = appointments_between(now - timedelta(hours=12), now + timedelta(days=2))
    return render_template("frontdesk/home.html", appointments=upcoming, now=now)
