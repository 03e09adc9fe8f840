"""Therapists' weekly hours, time off and location closures, through `scheduling.hours`.

A change that would strand booked appointments is not saved: the page shows them and asks
for confirmation (`WouldStrandAppointments`, 409); saving with the box ticked keeps the list
on screen for follow-up.
"""

from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from clinic.auth.access import get_or_404, requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.extensions import db
from clinic.frontdesk.blueprint import bp, choices
from clinic.frontdesk.forms import ClosureForm, RuleForm
from clinic.practice.models import Location, Therapist
from clinic.scheduling import hours, reads, schedule
from clinic.scheduling.errors import WouldStrandAppointments
from clinic.scheduling.forms import RemoveForm, TimeOffForm
from clinic.scheduling.models import AvailabilityRule, TimeOff


def _therapist_from_url() -> Therapist | None:
    therapists = schedule.active_therapists()
    chosen = request.args.get("therapist") or (str(therapists[0].id) if therapists else "")
    return get_or_404(Therapist, chosen) if chosen else None


def _page(therapist: Therapist | None, status: int = 200, **state):
    now = clock.now()
    options = choices()["locations"]
    forms = {
        "rule_form": state.pop("rule_form", None) or RuleForm(formdata=None, prefix="rule"),
        "time_off_form": state.pop("time_off_form", None)
        or TimeOffForm(formdata=None, prefix="off"),
        "closure_form": state.pop("closure_form", None)
        or ClosureForm(formdata=None, prefix="closure"),
    }
    forms["rule_form"].location.choices = options
    forms["closure_form"].location.choices = options
    rules = []
    if therapist is not None:
        rules = db.session.scalars(
            select(AvailabilityRule)
            .where(AvailabilityRule.therapist_id == therapist.id)
            .order_by(AvailabilityRule.location_id, AvailabilityRule.weekday)
        ).all()
    upcoming = db.session.scalars(
        select(TimeOff).where(TimeOff.ends_at > now).order_by(TimeOff.starts_at)
    ).all()
    places = reads.locations_of(therapist.id) if therapist else []
    return render_template(
        "frontdesk/hours.html",
        zone=places[0].timezone if places else "UTC",
        therapist=therapist,
        therapists=schedule.active_therapists(),
        rules=rules,
        time_off=[t for t in upcoming if therapist and t.therapist_id == therapist.id],
        closures=[t for t in upcoming if t.therapist_id is None],
        remove_form=RemoveForm(formdata=None),
        stranded=state.get("stranded", []),
        problem=state.get("problem"),
        failed=state.get("failed"),
        remove_pending=state.get("remove"),
        **forms,
    ), status


@bp.get("/hours")
@requires(Permission.MANAGE_HOURS)
def hours_page():
    return _page(_therapist_from_url())


def _refused(therapist, which: str, form, error: Exception, status: int):
    stranded = getattr(error, "appointments", [])
    return _page(
        therapist,
        status,
        problem=str(getattr(error, "message", error)),
        stranded=stranded,
        failed=which,
        **{which: form},
    )


@bp.post("/hours/<therapist_id>/rules")
@requires(Permission.MANAGE_HOURS)
@keeps_input_on_csrf_failure
def add_rule(therapist_id: str):
    therapist = get_or_404(Therapist, therapist_id)
    form = RuleForm(prefix="rule")
    form.location.choices = choices()["locations"]
    if not form.validate_on_submit():
        return _page(therapist, 400, rule_form=form, problem="Please correct the hours.")
    return _save_rule(therapist, form)


def _save_rule(therapist: Therapist, form: RuleForm, rule: AvailabilityRule | None = None):
    """Add weekly hours, or change `rule`; a change that strands bookings asks first."""
    try:
        _, change = hours.save_rule(
            therapist_id=therapist.id,
            location_id=form.location.data,
            weekday=form.weekday.data,
            start=form.start.data,
            end=form.end.data,
            valid_from=form.valid_from.data,
            valid_to=form.valid_to.data,
            rule=rule,
            confirm=form.confirm.data,
            now=clock.now(),
            actor=current_user,
        )
    except (WouldStrandAppointments, hours.InvalidHours) as error:
        if rule is not None:
            return _edit_page(rule, form, error)
        return _refused(therapist, "rule_form", form, error, error.status_code)
    return _saved(therapist, change)


@bp.route("/hours/rules/<rule_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_HOURS)
@keeps_input_on_csrf_failure
def edit_rule(rule_id: str):
    """Change one weekly rule (narrowing hours is where bookings get stranded)."""
    rule = get_or_404(AvailabilityRule, rule_id)
    if request.method == "GET":
        form = RuleForm(
            formdata=None,
            prefix="rule",
            location=rule.location_id,
            weekday=rule.weekday,
            start=rule.start_time,
            end=rule.end_time,
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
        )
        form.location.choices = choices()["locations"]
        return _edit_page(rule, form)
    form = RuleForm(prefix="rule")
    form.location.choices = choices()["locations"]
    if not form.validate_on_submit():
        return _edit_page(rule, form)
    return _save_rule(rule.therapist, form, rule)


def _edit_page(rule: AvailabilityRule, form: RuleForm, error: Exception | None = None):
    status = getattr(error, "status_code", 400 if form.errors else 200)
    return render_template(
        "frontdesk/rule_edit.html",
        rule=rule,
        form=form,
        problem=getattr(error, "message", None),
        stranded=getattr(error, "appointments", []),
    ), status


def _saved(therapist, change: hours.HoursChange):
    if change.stranded:
        flash(
            f"Saved. {len(change.stranded)} booked appointment(s) now fall outside working "
            "time: please contact those patients.",
            "warning",
        )
    else:
        flash("Saved.")
    return redirect(url_for("frontdesk.hours_page", therapist=therapist.id if therapist else None))


@bp.post("/hours/rules/<rule_id>/remove")
@requires(Permission.MANAGE_HOURS)
def remove_rule(rule_id: str):
    rule = get_or_404(AvailabilityRule, rule_id)
    therapist = rule.therapist
    form = RemoveForm()
    if not form.validate_on_submit():
        return _page(therapist, 400, problem="This form expired. Please try again.")
    try:
        change = hours.remove_rule(
            rule, confirm=form.confirm.data, now=clock.now(), actor=current_user
        )
    except WouldStrandAppointments as error:
        return _page(
            therapist, 409, problem=error.message, stranded=error.appointments, remove=rule.id
        )
    return _saved(therapist, change)


def _save_time_off(therapist, which: str, form: TimeOffForm, zone: ZoneInfo, **whose):
    """Time off (`therapist_id=`) or a closure (`location_id=`) from a valid form."""
    starts_at, ends_at = form.span(zone)
    try:
        _, change = hours.add_time_off(
            starts_at=starts_at,
            ends_at=ends_at,
            reason=(form.reason.data or "").strip(),
            confirm=form.confirm.data,
            now=clock.now(),
            actor=current_user,
            **whose,
        )
    except (WouldStrandAppointments, hours.InvalidHours) as error:
        return _refused(therapist, which, form, error, error.status_code)
    return _saved(therapist, change)


@bp.post("/hours/<therapist_id>/time-off")
@requires(Permission.MANAGE_HOURS)
@keeps_input_on_csrf_failure
def add_time_off(therapist_id: str):
    therapist = get_or_404(Therapist, therapist_id)
    form = TimeOffForm(prefix="off")
    if not form.validate_on_submit():
        return _page(therapist, 400, time_off_form=form, problem="Please correct the time off.")
    places = reads.locations_of(therapist.id) or schedule.active_locations()
    zone = ZoneInfo(places[0].timezone) if places else ZoneInfo("UTC")
    return _save_time_off(therapist, "time_off_form", form, zone, therapist_id=therapist.id)


@bp.post("/hours/closures")
@requires(Permission.MANAGE_HOURS)
@keeps_input_on_csrf_failure
def add_closure():
    therapist = _therapist_from_url()
    form = ClosureForm(prefix="closure")
    form.location.choices = choices()["locations"]
    if not form.validate_on_submit():
        return _page(therapist, 400, closure_form=form, problem="Please correct the closure.")
    location = db.session.get(Location, form.location.data)
    zone = ZoneInfo(location.timezone)
    return _save_time_off(therapist, "closure_form", form, zone, location_id=location.id)


@bp.post("/hours/time-off/<time_off_id>/remove")
@requires(Permission.MANAGE_HOURS)
def remove_time_off(time_off_id: str):
    time_off = get_or_404(TimeOff, time_off_id)
    therapist = time_off.therapist
    if not RemoveForm().validate_on_submit():
        return _page(therapist, 400, problem="This form expired. Please try again.")
    hours.remove_time_off(time_off, actor=current_user)
    return _saved(therapist, hours.HoursChange())
