"""Therapist screens."""

from datetime import timedelta

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import select

from clinic.auth.access import requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.extensions import db
from clinic.practice.models import Therapist
from clinic.scheduling.queries import appointments_between

bp = Blueprint("therapist", __name__, url_prefix="/therapist")


def own_therapist() -> Therapist:
    therapist = db.session.scalar(select(Therapist).where(Therapist.user_id == current_user.id))
    if therapist is None:
        abort(403)
    return therapist


@bp.get("/")
@requires(Permission.VIEW_OWN_SCHEDULE)
def home():
    therapist = own_therapist()
    now = clock.now()
    upcoming = appointments_between(
        now - timedelta(hours=12), now + timedelta(days=7), therapist_id=therapist.id
    )
    return render_template("therapist/home.html", therapist=therapist, appointments=upcoming)
