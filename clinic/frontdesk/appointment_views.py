"""Booking for phone and walk-in patients, and the changes to one appointment.

Every form that fails (shape, a broken booking rule, a lost race) is shown again with what was
typed and a message tied to its field; a lost race lists the nearest free times as buttons
that keep everything else.
"""

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from clinic.auth.access import get_or_404, requires
from clinic.auth.permissions import Permission
from clinic.core import clock, dates
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.core.numbers import whole_number
from clinic.extensions import db
from clinic.frontdesk import services
from clinic.frontdesk.blueprint import bp, choices, instant
from clinic.frontdesk.forms import BookForm, CancelForm, RescheduleForm, StatusForm
from clinic.intake import history as screening_history
from clinic.patients.models import Patient
from clinic.practice.models import Location
from clinic.scheduling import free_times, status, transitions
from clinic.scheduling.booking import SlotRequest
from clinic.scheduling.errors import SchedulingError, SlotTaken
from clinic.scheduling.models import Appointment, AppointmentType

GAP = "That time doesn't exist on that day: the clocks change. Choose another time."
TAKEN = "That time is already booked for this therapist."


def _take_alternative(form, zone_name: str | None) -> None:
    """A click on one of the nearest free times fills the date, time and therapist."""
    therapist, _, start = request.form.get("alternative", "").partition("@")
    try:
        moment = datetime.fromisoformat(start)
    except ValueError:
        return
    therapist_id = whole_number(therapist)
    if zone_name is None or therapist_id is None or moment.tzinfo is None:
        return
    if not dates.in_range(moment.date()):
        return
    local = moment.astimezone(ZoneInfo(zone_name))
    form.day.data, form.start.data = local.date(), local.time()
    form.therapist.data = therapist_id
    # The clicked time replaces whatever the boxes held, so their parse errors no longer apply.
    form.day.process_errors, form.start.process_errors = [], []


def _problem(form, error: SchedulingError) -> tuple[str, list]:
    """Tie a broken rule to the time field. A taken time is said once, above the nearest free
    times, in the desk's words: the other visit may have been booked days ago, so never "just
    taken" (the patient's wording, for a race while they book)."""
    if isinstance(error, SlotTaken):
        then = "Choose one of the free times below, or another time."
        return (
            f"{TAKEN} {then if error.alternatives else 'Choose another time.'}",
            error.alternatives,
        )
    form.start.errors = [*form.start.errors, error.message]
    return error.message, []


@bp.route("/book", methods=["GET", "POST"])
@requires(Permission.MANAGE_BOOKINGS)
@keeps_input_on_csrf_failure
def book():
    """Book a phone or walk-in patient: find or create them, then book the time."""
    form = BookForm()
    options = choices()
    form.location.choices = options["locations"]
    form.therapist.choices = options["therapists"]
    form.kind.choices = options["kinds"]
    if request.method == "GET":
        form.nonce.data = secrets.token_urlsafe(24)
        _prefill(form)
    problem, alternatives, status = None, [], 200
    location = db.session.get(Location, form.location.data or 0)
    legend = "The nearest free times"
    if request.method == "POST":
        _take_alternative(form, location.timezone if location else None)
        if "look" in request.form:
            alternatives, problem, status = _free_that_day(form, location)
            legend = "Free times that day"
        elif not form.validate_on_submit():
            problem, status = "Please correct the fields marked below.", 400
        else:
            try:
                appointment = _book(form)
                flash(
                    "Booked. Ask the safety questions now from this page, or the patient's "
                    "confirmation will ask them to answer those first."
                )
                return redirect(url_for("frontdesk.appointment", appointment_id=appointment.id))
            except SchedulingError as error:
                problem, alternatives = _problem(form, error)
                status = error.status_code
    return render_template(
        "frontdesk/book.html",
        form=form,
        problem=problem,
        alternatives=alternatives,
        names={c.value: c.label for c in options["therapists"]},
        location=location,
        legend=legend,
    ), status


def _free_that_day(form: BookForm, location: Location | None) -> tuple[list, str | None, int]:
    """The chosen therapist's free starts on the chosen day, under the staff policy."""
    kind = db.session.get(AppointmentType, form.kind.data or 0)
    if location is None or kind is None or not form.therapist.data or form.day.data is None:
        form.day.errors = [*form.day.errors, "Choose the date, location, therapist and type."]
        return [], "Choose the date, location, therapist and type to see free times.", 400
    slots = free_times.find_free_slots(
        kind,
        location,
        form.day.data,
        form.day.data,
        clock.now(),
        therapist_ids=[form.therapist.data],
        online=False,
    )
    return slots, None if slots else "No free times for that therapist on that day.", 200


def _prefill(form: BookForm) -> None:
    """Links from the schedule may name the location and the date; "Book another visit" on a
    patient's page names the patient, whose details fill the form (unknown: 404)."""
    if "patient" in request.args:
        patient = get_or_404(Patient, request.args["patient"])
        form.first_name.data, form.last_name.data = patient.first_name, patient.last_name
        form.email.data, form.phone.data = patient.email, patient.phone
        form.date_of_birth.data = patient.date_of_birth
    location_id = whole_number(request.args.get("location", ""))
    if location_id is not None:
        form.location.data = location_id
    try:
        form.day.data = dates.parse_day(request.args.get("date"), clock.now().date())
    except dates.BadDate:
        form.day.data = None


def _book(form: BookForm) -> Appointment:
    location = db.session.get(Location, form.location.data)
    if location is None:
        raise SchedulingError("Choose a location from the list.")
    start = instant(form.day.data, form.start.data, location.timezone)
    if start is None:
        raise SchedulingError(GAP)
    details = {
        "first_name": form.first_name.data.strip(),
        "last_name": form.last_name.data.strip(),
        "email": form.email.data,
        "phone": form.phone.data.strip(),
        "date_of_birth": form.date_of_birth.data.isoformat(),
    }
    request_ = SlotRequest(form.therapist.data, location.id, form.kind.data, start)
    return services.book_for_patient(
        details,
        request_,
        region=form.region.data,
        nonce=form.nonce.data or secrets.token_urlsafe(24),
        now=clock.now(),
        actor=current_user,
    )


def _page(appointment: Appointment, status: int = 200, **forms):
    """The appointment's page with its forms (as submitted, when one failed)."""
    now = clock.now()
    reschedule = forms.get("reschedule") or RescheduleForm(
        formdata=None,
        therapist=appointment.therapist_id,
        day=appointment.starts_at.astimezone(_zone(appointment)).date(),
        start=appointment.starts_at.astimezone(_zone(appointment)).time(),
    )
    reschedule.therapist.choices = choices()["therapists"]
    return render_template(
        "frontdesk/appointment.html",
        appointment=appointment,
        reschedule_form=reschedule,
        cancel_form=forms.get("cancel") or CancelForm(formdata=None),
        status_form=StatusForm(formdata=None),
        actions=transitions.allowed(appointment.status, starts_at=appointment.starts_at, now=now),
        movable=appointment.status.value in ("booked",),
        problem=forms.get("problem"),
        alternatives=forms.get("alternatives", []),
        names={c.value: c.label for c in choices()["therapists"]},
        local_day=appointment.starts_at.astimezone(_zone(appointment)).date(),
        history=screening_history.for_appointment(appointment.id),
    ), status


def _zone(appointment: Appointment) -> ZoneInfo:
    return ZoneInfo(appointment.location.timezone)


@bp.get("/appointments/<appointment_id>")
@requires(Permission.MANAGE_BOOKINGS)
def appointment(appointment_id: str):
    return _page(get_or_404(Appointment, appointment_id))


@bp.post("/appointments/<appointment_id>/reschedule")
@requires(Permission.MANAGE_BOOKINGS)
@keeps_input_on_csrf_failure
def reschedule(appointment_id: str):
    appointment = get_or_404(Appointment, appointment_id)
    form = RescheduleForm()
    form.therapist.choices = choices()["therapists"]
    _take_alternative(form, appointment.location.timezone)
    if not form.validate_on_submit():
        return _page(appointment, 400, reschedule=form, problem="Please correct the new time.")
    start = instant(form.day.data, form.start.data, appointment.location.timezone)
    try:
        if start is None:
            raise SchedulingError(GAP)
        services.reschedule(
            appointment,
            start=start,
            therapist_id=form.therapist.data,
            now=clock.now(),
            actor=current_user,
        )
    except SchedulingError as error:
        problem, alternatives = _problem(form, error)
        return _page(
            appointment,
            error.status_code,
            reschedule=form,
            problem=problem,
            alternatives=alternatives,
        )
    flash("Moved. The patient will get the new time and an updated calendar invite.")
    return redirect(url_for("frontdesk.appointment", appointment_id=appointment.id))


@bp.post("/appointments/<appointment_id>/cancel")
@requires(Permission.MANAGE_BOOKINGS)
@keeps_input_on_csrf_failure
def cancel(appointment_id: str):
    appointment = get_or_404(Appointment, appointment_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return _page(appointment, 400, cancel=form, problem="Please give a reason for cancelling.")
    try:
        services.cancel(
            appointment, reason=form.reason.data.strip(), now=clock.now(), actor=current_user
        )
    except SchedulingError as error:
        form.reason.errors = [error.message]
        return _page(appointment, error.status_code, cancel=form, problem=error.message)
    flash("Cancelled. The patient will get a cancellation email.")
    return redirect(url_for("frontdesk.appointment", appointment_id=appointment.id))


def _status_view(appointment_id: str, action: transitions.Action):
    appointment = get_or_404(Appointment, appointment_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _page(appointment, 400, problem="This form expired. Please try again.")
    try:
        status.change_status(appointment, action, now=clock.now(), actor=current_user)
    except transitions.IllegalTransition as refused:
        return _page(appointment, refused.status_code, problem=refused.message)
    flash(f"The appointment is {transitions.VERB[action]}.")
    if request.form.get("back") == "day":
        return redirect(url_for("frontdesk.home", date=request.form.get("date") or None))
    return redirect(url_for("frontdesk.appointment", appointment_id=appointment.id))


@bp.post("/appointments/<appointment_id>/check-in")
@requires(Permission.MANAGE_BOOKINGS)
def check_in(appointment_id: str):
    return _status_view(appointment_id, transitions.Action.CHECK_IN)


@bp.post("/appointments/<appointment_id>/complete")
@requires(Permission.MANAGE_BOOKINGS)
def complete(appointment_id: str):
    return _status_view(appointment_id, transitions.Action.COMPLETE)


@bp.post("/appointments/<appointment_id>/no-show")
@requires(Permission.MANAGE_BOOKINGS)
def no_show(appointment_id: str):
    return _status_view(appointment_id, transitions.Action.NO_SHOW)
