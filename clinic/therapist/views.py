"""Therapist screens."""

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from clinic.audit.record import record
from clinic.auth.access import requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.core.urls import external_url
from clinic.extensions import db
from clinic.invites import feeds
from clinic.practice.models import Therapist
from clinic.scheduling.queries import appointments_between

bp = Blueprint("therapist", __name__, url_prefix="/therapist")


def own_therapist() -> Therapist:
    therapist = db.session.scalar(select(Therapist).where(Therapist.user_id == current_user.id))
    if therapist is None:
        abort(403)
    return therapist


@bp.post("/feed")
@requires(Permission.VIEW_OWN_SCHEDULE)
def feed():
    """Create or rotate (action=rotate) or revoke (action=revoke) the private feed URL."""
    therapist = own_therapist()
    now = clock.now()
    if request.form.get("action") == "revoke":
        feeds.revoke(therapist, now)
        record("feed.revoke", actor=current_user, subject=therapist)
        flash("Your calendar feed is turned off. The old address no longer works.", "info")
        return redirect(url_for("therapist.home"))
    token = feeds.rotate(therapist, now)
    record("feed.rotate", actor=current_user, subject=therapist)
    url = external_url("feeds.show", token=token).replace("https://", "webcal://", 1)
    return render_template("therapist/feed.html", feed_url=url)


@bp.get("/")
@requires(Permission.VIEW_OWN_SCHEDULE)
def home():
    therapist = own_therapist()
    now = clock.now()
    upcoming = appointments_between(
        now - timedelta(hours=12), now + timedelta(days=7), therapist_id=therapist.id
    )
    return render_template(
        "therapist/home.html",
        therapist=therapist,
        appointments=upcoming,
        has_feed=feeds.has_live_feed(therapist),
    )
