"""The therapist's own screens: my day, my week, the calendar feed and time off.

Every page is the signed-in therapist's own: no therapist id in these URLs but the ones of
their own time off, which are checked (another therapist's answers 404).
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from clinic.audit.record import record
from clinic.auth.access import get_or_404, requires
from clinic.auth.permissions import Permission
from clinic.content.models import Question, QuestionStatus
from clinic.core import clock
from clinic.core.dates import day_from_url
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.core.urls import external_url
from clinic.extensions import db
from clinic.invites import feeds
from clinic.practice.models import Therapist
from clinic.scheduling import hours, queries, reads, schedule
from clinic.scheduling.errors import WouldStrandAppointments
from clinic.scheduling.forms import RemoveForm, TimeOffForm
from clinic.scheduling.models import TimeOff
from clinic.therapist import agenda

bp = Blueprint("therapist", __name__, url_prefix="/therapist")


def own_therapist() -> Therapist:
    therapist = db.session.scalar(select(Therapist).where(Therapist.user_id == current_user.id))
    if therapist is None:
        abort(403)
    return therapist


def _zone(therapist: Therapist) -> ZoneInfo:
    places = reads.locations_of(therapist.id) or schedule.active_locations()
    return ZoneInfo(places[0].timezone) if places else ZoneInfo("UTC")


@bp.get("/")
@requires(Permission.VIEW_OWN_SCHEDULE)
def home():
    """My day: today's visits in order with the next one picked out, and the day's grid."""
    therapist = own_therapist()
    now = clock.now()
    today = now.astimezone(_zone(therapist)).date()
    day = day_from_url(today)
    views = schedule.therapist_days(therapist, [day], now)
    day_list = agenda.for_day(views, now)
    return render_template(
        "therapist/home.html",
        therapist=therapist,
        day=day,
        today=today,
        views=views,
        agenda=day_list,
        previous=day - timedelta(days=1),
        following=day + timedelta(days=1),
        has_feed=feeds.has_live_feed(therapist),
        new_questions=db.session.scalar(
            select(func.count()).where(Question.status == QuestionStatus.NEW)
        ),
    )


@bp.get("/week")
@requires(Permission.VIEW_OWN_SCHEDULE)
def week():
    therapist = own_therapist()
    now = clock.now()
    today = now.astimezone(_zone(therapist)).date()
    monday = schedule.week_start(day_from_url(today))
    days = [monday + timedelta(days=k) for k in range(7)]
    return render_template(
        "therapist/week.html",
        therapist=therapist,
        monday=monday,
        views=schedule.therapist_days(therapist, days, now),
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
    )


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


# Time off


def _time_off_page(therapist: Therapist, form=None, status: int = 200, **state):
    now = clock.now()
    upcoming = queries.time_off_between(now, now + timedelta(days=366), therapist_id=therapist.id)
    return render_template(
        "therapist/time_off.html",
        therapist=therapist,
        form=form or TimeOffForm(prefix="off"),
        remove_form=RemoveForm(),
        time_off=[t for t in upcoming if t.therapist_id == therapist.id],
        closures=[t for t in upcoming if t.therapist_id is None],
        zone_name=_zone(therapist).key,
        **state,
    ), status


@bp.get("/time-off")
@requires(Permission.VIEW_OWN_SCHEDULE)
def time_off():
    return _time_off_page(own_therapist())


@bp.post("/time-off")
@requires(Permission.VIEW_OWN_SCHEDULE)
@keeps_input_on_csrf_failure
def add_time_off():
    therapist = own_therapist()
    form = TimeOffForm(prefix="off")
    if not form.validate_on_submit():
        return _time_off_page(therapist, form, 400, problem="Please correct the time off.")
    starts_at, ends_at = form.span(_zone(therapist))
    try:
        _, change = hours.add_time_off(
            starts_at=starts_at,
            ends_at=ends_at,
            therapist_id=therapist.id,
            reason=(form.reason.data or "").strip(),
            confirm=form.confirm.data,
            now=clock.now(),
            actor=current_user,
        )
    except WouldStrandAppointments as error:
        return _time_off_page(
            therapist, form, error.status_code, problem=error.message, stranded=error.appointments
        )
    except hours.InvalidHours as error:
        # The dates are the fields at fault: say so beside them, not only at the top.
        form.end_day.errors = [*form.end_day.errors, error.message]
        return _time_off_page(therapist, form, error.status_code, problem=error.message)
    message = "Time off saved."
    if change.stranded:
        count = len(change.stranded)
        message += f" {count} booked visit(s) fall in it: the front desk will move them."
    flash(message, "success")
    return redirect(url_for("therapist.time_off"))


@bp.post("/time-off/<time_off_id>/remove")
@requires(Permission.VIEW_OWN_SCHEDULE)
def remove_time_off(time_off_id: str):
    therapist = own_therapist()
    found = get_or_404(TimeOff, time_off_id)
    if found.therapist_id != therapist.id:
        abort(404)  # another therapist's time off, or a closure: not theirs to remove
    if not RemoveForm().validate_on_submit():
        return _time_off_page(therapist, status=400, problem="This form expired. Please try again.")
    hours.remove_time_off(found, actor=current_user)
    flash("Time off removed.", "success")
    return redirect(url_for("therapist.time_off"))


from clinic.therapist import visit_views  # noqa: E402, F401  (registers its routes on bp)
